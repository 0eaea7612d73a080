//! Proposals and expressions of interest in the browser: lists with filters,
//! the editor, a proposal's page (with the author's interests inbox, the
//! facilitators' actions, the team and the results), "my proposals", "my
//! interests" and the facilitators' queue.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use diesel_async::AsyncPgConnection;
use serde::Deserialize;

use crate::db::actors::{self, DbActor};
use crate::db::attachments::{self, Owner};
use crate::db::groups;
use crate::db::proposals::{self, DbProposal, Filter};
use crate::db::statuses::{self, Page as Cursor};
use crate::db::users::Account;
use crate::domain::attachment::{MAX_PER_ITEM, accepted_extensions};
use crate::domain::group::{GroupKind, Translations};
use crate::domain::proposal::{
    IntellectualProperty, InterestInput, InterestState, ProposalKind, ProposalState, Stage, accepts_interest,
};
use crate::error::{AppError, AppResult};
use crate::i18n::{Language, Translator};
use crate::services::proposals::{self as service, ResultsInput};
use crate::state::AppState;
use crate::state::FedData;
use crate::web::context::{CsrfForm, SignedIn, Viewer, redirect_with_flash};
use crate::web::forms::{InterestForm, ProposalForm, date};
use crate::web::templates::{
    FormErrors, ProposalCard, ProposalFilters, ProposalFormTemplate, ProposalTemplate, ProposalsTemplate, render,
    render_with_status,
};
use crate::web::views::{
    FileLink, InterestLine, actor_link, display_name, file_link, interest_line, label, with_files,
};

const PAGE_SIZE: i64 = 20;

/// A group's name in the reader's language.
async fn group_name(conn: &mut AsyncPgConnection, group: &DbActor, language: Language) -> AppResult<String> {
    if group.is_local()
        && let Some(local) = groups::find(conn, group.id).await?
        && let Some(name) = Translations::from_json(&local.group.names).get(language)
    {
        return Ok(name.to_owned());
    }
    Ok(display_name(group))
}

/// A group's name in the reader's language, looked up once per list.
async fn group_names(
    conn: &mut AsyncPgConnection,
    related: &proposals::Related,
    language: Language,
) -> AppResult<HashMap<i64, String>> {
    let mut names = HashMap::new();
    for group in related.groups.values().flatten() {
        if let std::collections::hash_map::Entry::Vacant(entry) = names.entry(group.id) {
            entry.insert(group_name(conn, group, language).await?);
        }
    }
    Ok(names)
}

fn card_from(
    state: &AppState,
    proposal: &DbProposal,
    related: &proposals::Related,
    names: &HashMap<i64, String>,
    tr: &Translator,
) -> AppResult<ProposalCard> {
    let author = related.authors.get(&proposal.author_id).ok_or(AppError::NotFound)?;
    let group_links = related
        .groups
        .get(&proposal.id)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|g| {
            (
                names.get(&g.id).cloned().unwrap_or_else(|| display_name(g)),
                actor_link(g),
            )
        })
        .collect();
    Ok(ProposalCard {
        id: proposal.id,
        title: proposal.title.clone(),
        short_description: proposal.short_description.clone(),
        state: proposal.state.as_str().to_owned(),
        state_label: label(tr, "proposal-state", proposal.state.as_str()),
        kind_label: label(tr, "proposal-kind", &proposal.kind),
        stage_label: label(tr, "proposal-stage", &proposal.stage),
        author_name: crate::web::views::author_name(author, tr),
        author_link: actor_link(author),
        instance: author
            .domain
            .clone()
            .unwrap_or_else(|| state.config.server.domain.clone()),
        groups: group_links,
        competences: proposal.competence_list(),
        languages: proposal.language_list(),
        expires: proposal.expires_at.map(date),
    })
}

async fn card(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    proposal: &DbProposal,
    tr: &Translator,
    language: Language,
) -> AppResult<ProposalCard> {
    let related = proposals::related(conn, std::slice::from_ref(proposal), None).await?;
    let names = group_names(conn, &related, language).await?;
    card_from(state, proposal, &related, &names, tr)
}

pub async fn cards(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    rows: &[DbProposal],
    viewer: &Viewer,
) -> AppResult<Vec<ProposalCard>> {
    let tr = viewer.translator();
    let related = proposals::related(conn, rows, None).await?;
    let names = group_names(conn, &related, viewer.language).await?;
    rows.iter()
        .map(|row| card_from(state, row, &related, &names, &tr))
        .collect()
}

/// The local themes and listed communities, as choices.
pub(crate) async fn group_choices(
    state: &AppState,
    viewer: &Viewer,
    selected: &[i64],
) -> AppResult<Vec<(i64, String, bool)>> {
    let mut conn = state.db.get().await?;
    let rows = groups::list_local(&mut conn, false, false).await?;
    Ok(rows
        .iter()
        .map(|g| {
            let name = Translations::from_json(&g.group.names)
                .get(viewer.language)
                .map(str::to_owned)
                .unwrap_or_else(|| display_name(&g.actor));
            let name = match GroupKind::parse(&g.group.kind) {
                Some(GroupKind::Theme) => name,
                _ => format!("{name} (@{})", g.actor.username),
            };
            (g.actor.id, name, selected.contains(&g.actor.id))
        })
        .collect())
}

fn choices<T: Copy>(
    all: &[T],
    as_str: fn(T) -> &'static str,
    tr: &Translator,
    prefix: &str,
    selected: &str,
) -> Vec<(&'static str, String, bool)> {
    all.iter()
        .map(|v| {
            let value = as_str(*v);
            (value, label(tr, prefix, value), value == selected)
        })
        .collect()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    group: Option<String>,
    kind: String,
    stage: String,
    state: String,
    language: String,
    competence: String,
    instance: String,
    max_id: Option<i64>,
}

/// `/proposals`: published proposals, filtered.
pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let tr = viewer.translator();
    let text = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let group = query.group.as_deref().and_then(|g| g.parse::<i64>().ok());
    let filter = Filter {
        group_id: group,
        kind: text(&query.kind),
        stage: text(&query.stage),
        state: text(&query.state).filter(|s| ProposalState::parse(s).is_some_and(ProposalState::published)),
        language: text(&query.language).map(|l| l.to_ascii_lowercase()),
        competence: text(&query.competence).map(|c| crate::domain::proposal::normalize_competence(&c)),
        instance: text(&query.instance),
        author_id: None,
        q: None,
        offset: 0,
    };
    let mut conn = state.db.get().await?;
    let rows = proposals::list(
        &mut conn,
        &filter,
        &Cursor {
            max_id: query.max_id,
            limit: PAGE_SIZE,
            ..Cursor::default()
        },
    )
    .await?;
    let older = (rows.len() as i64 == PAGE_SIZE)
        .then(|| rows.last().map(|p| p.id))
        .flatten()
        .map(|id| {
            let mut params = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in [
                ("group", query.group.clone().unwrap_or_default()),
                ("kind", query.kind.clone()),
                ("stage", query.stage.clone()),
                ("state", query.state.clone()),
                ("language", query.language.clone()),
                ("competence", query.competence.clone()),
                ("instance", query.instance.clone()),
            ] {
                if !v.is_empty() {
                    params.append_pair(k, &v);
                }
            }
            params.append_pair("max_id", &id.to_string());
            format!("/proposals?{}", params.finish())
        });
    let cards = cards(&mut conn, &state, &rows, &viewer).await?;
    let linked = crate::db::federation::links(&mut conn)
        .await?
        .into_iter()
        .filter(|l| l.kind == "instance" && l.established())
        .map(|l| l.host)
        .collect();
    drop(conn);
    let filters = ProposalFilters {
        groups: group_choices(&state, &viewer, &group.into_iter().collect::<Vec<_>>()).await?,
        kinds: choices(
            ProposalKind::ALL,
            ProposalKind::as_str,
            &tr,
            "proposal-kind",
            &query.kind,
        ),
        stages: choices(Stage::ALL, Stage::as_str, &tr, "proposal-stage", &query.stage),
        states: choices(
            &[
                ProposalState::Open,
                ProposalState::Closed,
                ProposalState::Expired,
                ProposalState::Completed,
            ],
            ProposalState::as_str,
            &tr,
            "proposal-state",
            &query.state,
        ),
        language: query.language,
        competence: query.competence,
        instance: query.instance,
        linked,
    };
    let facilitator = viewer.account.as_ref().is_some_and(service::facilitates);
    Ok(render(&ProposalsTemplate {
        page: viewer.page(&state),
        heading: tr.t("proposals-title"),
        cards,
        filters: Some(filters),
        older,
        facilitator,
        empty: tr.t("proposals-none"),
    }))
}

/// `/proposals/mine`: the caller's proposals, in every state.
pub async fn mine(State(state): State<AppState>, signed_in: SignedIn) -> AppResult<Response> {
    let mut conn = state.db.get().await?;
    let rows = proposals::by_author(&mut conn, signed_in.account.actor.id).await?;
    let cards = cards(&mut conn, &state, &rows, &signed_in.viewer).await?;
    let tr = signed_in.viewer.translator();
    Ok(render(&ProposalsTemplate {
        page: signed_in.viewer.page(&state),
        heading: tr.t("proposals-mine"),
        cards,
        filters: None,
        older: None,
        facilitator: service::facilitates(&signed_in.account),
        empty: tr.t("proposals-mine-none"),
    }))
}

/// `/proposals/queue`: submitted proposals, for facilitators.
pub async fn queue(State(state): State<AppState>, signed_in: SignedIn) -> AppResult<Response> {
    if !service::facilitates(&signed_in.account) {
        return Err(AppError::forbidden("error-proposal-facilitators-only"));
    }
    let mut conn = state.db.get().await?;
    let rows = proposals::submitted(&mut conn).await?;
    let cards = cards(&mut conn, &state, &rows, &signed_in.viewer).await?;
    let tr = signed_in.viewer.translator();
    Ok(render(&ProposalsTemplate {
        page: signed_in.viewer.page(&state),
        heading: tr.t("proposals-queue"),
        cards,
        filters: None,
        older: None,
        facilitator: true,
        empty: tr.t("proposals-queue-none"),
    }))
}

async fn editor(
    state: &AppState,
    viewer: &Viewer,
    action: String,
    form: ProposalForm,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<Response> {
    let tr = viewer.translator();
    let groups = group_choices(state, viewer, &form.groups).await?;
    Ok(render_with_status(
        status,
        &ProposalFormTemplate {
            page: viewer.page(state),
            kinds: choices(
                ProposalKind::ALL,
                ProposalKind::as_str,
                &tr,
                "proposal-kind",
                &form.kind,
            ),
            stages: choices(Stage::ALL, Stage::as_str, &tr, "proposal-stage", &form.stage),
            ips: choices(
                IntellectualProperty::ALL,
                IntellectualProperty::as_str,
                &tr,
                "proposal-ip",
                &form.ip,
            ),
            groups,
            action,
            errors,
            form,
        },
    ))
}

/// `/proposals/new`: the editor.
pub async fn new_form(State(state): State<AppState>, signed_in: SignedIn) -> AppResult<Response> {
    let form = ProposalForm {
        foreign_partners: Some("1".into()),
        languages: signed_in.viewer.language.code().to_owned(),
        ..ProposalForm::default()
    };
    editor(
        &state,
        &signed_in.viewer,
        "/proposals".into(),
        form,
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// Saves the editor: a new draft, or changes to one; `intent=submit` submits it too.
async fn save(data: &FedData, signed_in: &SignedIn, id: Option<i64>, form: ProposalForm) -> AppResult<Response> {
    let tr = signed_in.viewer.translator();
    let action = match id {
        Some(id) => format!("/proposals/{id}/edit"),
        None => "/proposals".into(),
    };
    let result = match form.input() {
        Ok(input) => match id {
            Some(id) => service::edit(data, &signed_in.account, id, input).await,
            None => service::create(data, &signed_in.account, input).await,
        },
        Err(errors) => Err(AppError::Validation(errors)),
    };
    let result = match result {
        Ok(proposal) if form.intent == "submit" => service::submit(data, &signed_in.account, proposal.id).await,
        other => other,
    };
    match result {
        Ok(proposal) => Ok(redirect_with_flash(
            &format!("/proposals/{}", proposal.id),
            match proposal.state.as_str() {
                "submitted" => "flash-proposal-submitted",
                "open" => "flash-proposal-published",
                _ => "flash-proposal-saved",
            },
        )),
        Err(AppError::Validation(errors)) => {
            editor(
                data,
                &signed_in.viewer,
                action,
                form,
                FormErrors::new(&errors, &tr),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) if other.status().is_client_error() && other.status() != StatusCode::NOT_FOUND => {
            let message = other.public_message().render(&tr);
            editor(
                data,
                &signed_in.viewer,
                action,
                form,
                FormErrors::general(message),
                other.status(),
            )
            .await
        }
        Err(other) => Err(other),
    }
}

pub async fn create(data: FedData, signed_in: SignedIn, CsrfForm(form): CsrfForm<ProposalForm>) -> AppResult<Response> {
    save(&data, &signed_in, None, form).await
}

/// `/proposals/{id}/edit`.
pub async fn edit_form(State(state): State<AppState>, signed_in: SignedIn, Path(id): Path<i64>) -> AppResult<Response> {
    let mut conn = state.db.get().await?;
    let proposal = proposals::find(&mut conn, id)
        .await?
        .filter(|p| p.local && p.author_id == signed_in.account.actor.id)
        .ok_or(AppError::NotFound)?;
    if !proposal.state.editable() {
        return Ok(Redirect::to(&format!("/proposals/{id}")).into_response());
    }
    let groups: Vec<i64> = proposals::groups_of(&mut conn, id)
        .await?
        .iter()
        .map(|g| g.id)
        .collect();
    drop(conn);
    editor(
        &state,
        &signed_in.viewer,
        format!("/proposals/{id}/edit"),
        ProposalForm::from_row(&proposal, groups),
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

pub async fn edit(
    data: FedData,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ProposalForm>,
) -> AppResult<Response> {
    save(&data, &signed_in, Some(id), form).await
}

/// `/proposals/{id}`: the proposal, and what the viewer may do with it.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    headers: axum::http::HeaderMap,
) -> AppResult<Response> {
    // A server resolving the page's address (a Mastodon user pasted it in
    // search) is sent to the proposal's `Page`.
    let asks_for_activity = headers
        .get_all(axum::http::header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|accept| accept.contains("application/activity+json") || accept.contains("application/ld+json"));
    if asks_for_activity {
        let mut conn = state.db.get().await?;
        let proposal = service::readable(&mut conn, None, id).await?;
        let status = match proposal.status_id.filter(|_| proposal.local) {
            Some(status_id) => statuses::find(&mut conn, status_id).await?,
            None => None,
        }
        .ok_or(AppError::NotFound)?;
        return Ok(Redirect::to(&status.ap_id).into_response());
    }
    proposal_page(
        &state,
        &viewer,
        id,
        InterestForm::default(),
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

pub(crate) async fn proposal_page(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    interest_form: InterestForm,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<Response> {
    let tr = viewer.translator();
    let account: Option<&Account> = viewer.account.as_ref();
    let mut conn = state.db.get().await?;
    let proposal = service::readable(&mut conn, account, id).await?;
    let summary = card(&mut conn, state, &proposal, &tr, viewer.language).await?;
    let me = account.map(|a| a.actor.id);
    let is_author = me == Some(proposal.author_id);
    let facilitator = account.is_some_and(|a| proposal.local && service::facilitates(a));
    let stage = proposal.state;
    let team: Vec<(String, String)> = proposals::listed_team(&mut conn, &proposal)
        .await?
        .iter()
        .map(|a| (display_name(a), actor_link(a)))
        .collect();
    let results = match proposal.results_status_id {
        Some(sid) => statuses::find(&mut conn, sid).await?.filter(|s| !s.is_deleted()),
        None => None,
    };
    let team_group = match proposal.team_group_id {
        Some(gid) => actors::find(&mut conn, gid).await?.map(|g| actor_link(&g)),
        None => None,
    };
    // Anyone signed in but its author may report a published proposal.
    let report_link = match (account, proposal.status_id) {
        (Some(_), Some(status_id)) if !is_author => actors::find(&mut conn, proposal.author_id)
            .await?
            .filter(|a| a.deleted_at.is_none())
            .map(|a| format!("/report?account={}&status={status_id}", a.acct())),
        _ => None,
    };
    let mut own_interest: Vec<InterestLine> = match account {
        Some(a) if !is_author => proposals::current_interest(&mut conn, id, a.actor.id)
            .await?
            .map(|i| interest_line(&tr, &i, &a.actor))
            .into_iter()
            .collect(),
        _ => Vec::new(),
    };
    with_files(&mut conn, state, &mut own_interest).await?;
    let own_interest = own_interest.pop();
    let files: Vec<FileLink> = attachments::of(&mut conn, Owner::Proposal(proposal.id))
        .await?
        .iter()
        .map(|f| file_link(state, f))
        .collect();
    drop(conn);
    let mut interests: Vec<InterestLine> = match account {
        Some(account) if is_author || facilitator => service::received(state, account, id)
            .await?
            .iter()
            .map(|(i, s)| interest_line(&tr, i, s))
            .collect(),
        _ => Vec::new(),
    };
    if !interests.is_empty() {
        let mut conn = state.db.get().await?;
        with_files(&mut conn, state, &mut interests).await?;
    }
    let me = account.as_ref().map(|a| a.actor.id);
    let can_express = me.is_some()
        && own_interest.is_none()
        && accepts_interest(stage, proposal.expires_at, proposal.author_id, me, Utc::now()).is_ok();
    let has_accepted = interests.iter().any(|i| i.state == "accepted");
    let candidates = match account {
        Some(account) if (is_author || facilitator) && stage == ProposalState::Open => Some(
            crate::services::competences::suggested_people(state, account, id)
                .await?
                .iter()
                .map(|c| crate::web::views::CandidateLine {
                    id: c.actor.id,
                    name: display_name(&c.actor),
                    link: actor_link(&c.actor),
                    acct: c.actor.acct(),
                    reasons: c.reasons.iter().map(|r| r.render(&tr)).collect(),
                })
                .collect(),
        ),
        _ => None,
    };
    Ok(render_with_status(
        status,
        &ProposalTemplate {
            page: viewer.page(state),
            url: proposal_url(state, &proposal).await?,
            report_link,
            candidates,
            description: crate::domain::text::plain_to_html(&proposal.description),
            innovation: crate::domain::text::plain_to_html(&proposal.innovation),
            contribution: crate::domain::text::plain_to_html(&proposal.contribution),
            ip_label: label(&tr, "proposal-ip", &proposal.ip),
            foreign_partners: proposal.foreign_partners,
            contact: proposal.contact.clone(),
            review_note: (is_author || facilitator)
                .then(|| proposal.review_note.clone())
                .filter(|n| !n.is_empty()),
            card: summary,
            local: proposal.local,
            is_author,
            facilitator,
            can_edit: is_author && stage.editable(),
            can_publish: facilitator && stage == ProposalState::Submitted,
            can_close: (is_author || facilitator) && stage == ProposalState::Open,
            can_complete: is_author
                && proposal.local
                && matches!(
                    stage,
                    ProposalState::Open | ProposalState::Closed | ProposalState::Expired
                ),
            can_form_team: is_author && proposal.local && proposal.team_group_id.is_none() && has_accepted,
            can_express,
            team,
            team_group,
            results: results.map(|r| {
                (
                    r.name.clone().unwrap_or_default(),
                    r.content.clone(),
                    r.url.clone().unwrap_or(r.ap_id.clone()),
                )
            }),
            own_interest,
            interests,
            interest_form,
            errors,
            files,
            max_files: MAX_PER_ITEM,
            accept: accepted_extensions(),
        },
    ))
}

/// Where the proposal lives: our page, or its page on its own instance.
async fn proposal_url(state: &AppState, proposal: &DbProposal) -> AppResult<Option<String>> {
    if proposal.local {
        return Ok(None);
    }
    let mut conn = state.db.get().await?;
    Ok(match proposal.status_id {
        Some(id) => statuses::find(&mut conn, id)
            .await?
            .and_then(|s| crate::domain::text::web_url(&s.url.unwrap_or(s.ap_id))),
        None => None,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActionForm {
    reason: String,
    title: String,
    text: String,
    name: String,
    offer: String,
    about: String,
    questions: String,
    on_behalf_of: String,
    team_consent: Option<String>,
    intent: String,
}

/// `POST /proposals/{id}/{action}`: submit, publish, send_back, close, results, team, interest.
pub async fn action(
    data: FedData,
    signed_in: SignedIn,
    Path((id, action)): Path<(i64, String)>,
    CsrfForm(form): CsrfForm<ActionForm>,
) -> AppResult<Response> {
    let account = &signed_in.account;
    let tr = signed_in.viewer.translator();
    let back = format!("/proposals/{id}");
    let outcome: AppResult<&'static str> = match action.as_str() {
        "submit" => service::submit(&data, account, id)
            .await
            .map(|p| match p.state.as_str() {
                "open" => "flash-proposal-published",
                _ => "flash-proposal-submitted",
            }),
        "publish" => service::publish(&data, account, id)
            .await
            .map(|_| "flash-proposal-published"),
        "send_back" => service::send_back(&data, account, id, &form.reason)
            .await
            .map(|_| "flash-proposal-sent-back"),
        "close" => service::close(&data, account, id)
            .await
            .map(|_| "flash-proposal-closed"),
        "results" => service::complete(
            &data,
            account,
            id,
            ResultsInput {
                title: form.title.clone(),
                text: form.text.clone(),
            },
        )
        .await
        .map(|_| "flash-proposal-completed"),
        "team" => service::form_team(&data, account, id, &form.name)
            .await
            .map(|_| "flash-proposal-team"),
        "interest" => service::express(
            &data,
            account,
            id,
            InterestInput {
                offer: form.offer.clone(),
                about: form.about.clone(),
                questions: form.questions.clone(),
                on_behalf_of: form.on_behalf_of.clone(),
                team_consent: form.team_consent.is_some(),
            },
            form.intent != "draft",
        )
        .await
        .map(|i| {
            if i.state == InterestState::Draft {
                "flash-interest-saved"
            } else {
                "flash-interest-sent"
            }
        }),
        _ => return Err(AppError::NotFound),
    };
    match outcome {
        Ok(flash) => Ok(redirect_with_flash(&back, flash)),
        Err(error)
            if matches!(
                error,
                AppError::Validation(_) | AppError::Conflict(_) | AppError::Forbidden(_)
            ) =>
        {
            let errors = match &error {
                AppError::Validation(fields) => {
                    let mut errors = FormErrors::new(fields, &tr);
                    // Rules about the proposal itself belong to the whole form.
                    if let Some(rule) = fields.iter().find(|f| f.field == "proposal" || f.field == "reason") {
                        errors.general = Some(rule.message.render(&tr));
                    }
                    errors
                }
                other => FormErrors::general(other.public_message().render(&tr)),
            };
            let kept = InterestForm {
                offer: form.offer,
                about: form.about,
                questions: form.questions,
                on_behalf_of: form.on_behalf_of,
                team_consent: form.team_consent,
                intent: form.intent,
            };
            proposal_page(&data, &signed_in.viewer, id, kept, errors, error.status()).await
        }
        Err(other) => Err(other),
    }
}
