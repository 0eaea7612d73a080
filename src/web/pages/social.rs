//! The social pages: timelines, profiles, threads, writing, and the buttons
//! that follow, favourite and boost.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::db::actors::{self, DbActor};
use crate::db::statuses::{self, DbStatus, Page, Scope, Viewer as Seen};
use crate::db::{follows, views};
use crate::domain::visibility::Visibility;
use crate::error::{AppError, AppResult};
use crate::services::follows as follow_service;
use crate::services::statuses::{self as status_service, NewPost};
use crate::state::AppState;
use crate::state::FedData;
use crate::web::context::{CsrfForm, CsrfFormWithFile, SignedIn, Viewer, handle, safe_next};
use crate::web::templates::{
    ComposeForm, ProfileTemplate, ThreadTemplate, TimelineTemplate, render, render_with_status,
};
use crate::web::views::{ProfileView, RelationView, StatusCard};

const PAGE_SIZE: i64 = 20;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    max_id: Option<i64>,
    remote: Option<String>,
    /// On a group's page: discussions or news, and a language.
    section: Option<String>,
    lang: Option<String>,
}

impl ListQuery {
    /// The page of posts this query asks for.
    fn page(&self) -> Page {
        Page {
            max_id: self.max_id,
            limit: PAGE_SIZE,
            ..Page::default()
        }
    }
}

fn viewer_id(viewer: &Viewer) -> Option<i64> {
    viewer.account.as_ref().map(|a| a.actor.id)
}

/// The viewer as the status queries see them.
fn seen(viewer: &Viewer) -> Seen {
    viewer_id(viewer).map_or(Seen::Anonymous, Seen::Actor)
}

/// Cards for rows, and the link to the next (older) page.
async fn cards(
    state: &AppState,
    viewer: &Viewer,
    rows: Vec<DbStatus>,
    base: &str,
) -> AppResult<(Vec<StatusCard>, Option<String>)> {
    let older = (rows.len() as i64 == PAGE_SIZE)
        .then(|| {
            rows.last()
                .map(|s| format!("{base}{}max_id={}", if base.contains('?') { "&" } else { "?" }, s.id))
        })
        .flatten();
    let mut conn = state.db.get().await?;
    let tr = viewer.translator();
    let me = viewer_id(viewer);
    let cards = views::statuses(&mut conn, me, rows)
        .await?
        .iter()
        .map(|v| StatusCard::from_view(v, state, &tr, me))
        .collect();
    Ok((cards, older))
}

/// A timeline page of `rows` under `heading`, with the link to older posts
/// from `base`.
async fn timeline_page(
    state: &AppState,
    viewer: &Viewer,
    rows: Vec<DbStatus>,
    base: &str,
    heading: String,
    section: &'static str,
    compose: Option<ComposeForm>,
) -> AppResult<Response> {
    let (statuses, older) = cards(state, viewer, rows, base).await?;
    Ok(render(&TimelineTemplate {
        page: viewer.page(state),
        heading,
        section,
        compose,
        statuses,
        older,
        for_you: Vec::new(),
    }))
}

/// The home timeline with the compose form, and the first proposals for the person.
pub async fn home_timeline(state: &AppState, signed_in: &SignedIn, query: &ListQuery) -> AppResult<Response> {
    let mut conn = state.db.get().await?;
    let rows = statuses::home(&mut conn, signed_in.account.actor.id, &query.page()).await?;
    drop(conn);
    let viewer = &signed_in.viewer;
    let (statuses, older) = cards(state, viewer, rows, "/").await?;
    let for_you = if query.max_id.is_none() {
        crate::web::pages::matching::suggestion_cards(state, signed_in, 3).await?
    } else {
        Vec::new()
    };
    Ok(render(&TimelineTemplate {
        page: viewer.page(state),
        heading: viewer.translator().t("timeline-home"),
        section: "home",
        compose: Some(ComposeForm::default()),
        statuses,
        older,
        for_you,
    }))
}

/// Public posts of this instance, or of the others it knows.
pub async fn public(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let remote = query.remote.is_some();
    let scope = if remote { Scope::Remote } else { Scope::Local };
    let mut conn = state.db.get().await?;
    let rows = statuses::public(&mut conn, seen(&viewer), scope, false, &query.page()).await?;
    drop(conn);
    let (base, heading, section) = if remote {
        ("/public?remote=1", "timeline-remote", "remote")
    } else {
        ("/public", "timeline-local", "local")
    };
    let heading = viewer.translator().t(heading);
    timeline_page(&state, &viewer, rows, base, heading, section, None).await
}

/// `/linked`: "From linked instances", what linked instances announced,
/// and the instances this one is linked with.
pub async fn linked(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let mut conn = state.db.get().await?;
    let rows = statuses::linked(&mut conn, seen(&viewer), &query.page()).await?;
    drop(conn);
    let tr = viewer.translator();
    let directory = crate::services::directory::directory(&state).await?;
    let heading = if directory.is_empty() {
        tr.t("timeline-linked-none")
    } else {
        let names: Vec<String> = directory
            .iter()
            .map(|d| {
                format!(
                    "{} ({}, {})",
                    d.name,
                    d.domain,
                    tr.t1("directory-open-proposals", "count", d.open_proposals)
                )
            })
            .collect();
        format!("{} · {}", tr.t("timeline-linked"), names.join(" · "))
    };
    timeline_page(&state, &viewer, rows, "/linked", heading, "linked", None).await
}

/// `/directory`: the instances this one is linked with.
pub async fn directory(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    let entries = crate::services::directory::directory(&state).await?;
    Ok(render(&crate::web::templates::DirectoryTemplate {
        page: viewer.page(&state),
        entries,
    }))
}

/// Public posts with a hashtag.
pub async fn tag(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(tag): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let mut conn = state.db.get().await?;
    let rows = statuses::tagged(&mut conn, seen(&viewer), &tag, Scope::All, &query.page()).await?;
    drop(conn);
    let heading = format!("#{}", tag.to_lowercase());
    timeline_page(&state, &viewer, rows, &format!("/tags/{tag}"), heading, "tag", None).await
}

/// An actor by the handle in a page address: local, known remote, or (for
/// signed-in people) fetched through WebFinger.
pub(crate) async fn actor_by_acct(data: &FedData, viewer: &Viewer, acct: &str) -> AppResult<DbActor> {
    let acct = acct.trim_start_matches('@');
    let local_domain = data.config.server.domain.as_str();
    let mut conn = data.db.get().await?;
    let found = match acct.split_once('@') {
        None => actors::find_local_by_username(&mut conn, acct).await?,
        Some((name, domain)) if domain.eq_ignore_ascii_case(local_domain) => {
            actors::find_local_by_username(&mut conn, name).await?
        }
        Some((name, domain)) => actors::find_remote_by_handle(&mut conn, name, domain).await?,
    };
    drop(conn);
    match found {
        Some(actor) if actor.actor_type != "Application" && actor.deleted_at.is_none() => Ok(actor),
        Some(_) => Err(AppError::NotFound),
        None if viewer.account.is_some() && acct.contains('@') => {
            crate::services::lookup::actor_by_handle(data, acct).await
        }
        None => Err(AppError::NotFound),
    }
}

async fn relation(state: &AppState, viewer: &Viewer, actor: &DbActor) -> AppResult<RelationView> {
    let Some(me) = viewer_id(viewer) else {
        return Ok(RelationView::default());
    };
    let mut conn = state.db.get().await?;
    let follows = follows::between(&mut conn, me, &[actor.id]).await?;
    let blocks = follows::blocks_between(&mut conn, me, &[actor.id]).await?;
    let mine = follows.iter().find(|f| f.follower_id == me);
    Ok(RelationView {
        following: mine.is_some_and(|f| f.is_accepted()),
        requested: mine.is_some_and(|f| !f.is_accepted()),
        followed_by: follows.iter().any(|f| f.follower_id == actor.id && f.is_accepted()),
        blocking: blocks.iter().any(|b| b.blocker_id == me),
    })
}

/// A profile: who they are and their posts the viewer may see.
pub async fn profile(
    data: FedData,
    viewer: Viewer,
    Path(acct): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let acct = handle(&acct)?;
    let actor = actor_by_acct(&data, &viewer, acct).await?;
    if actor.actor_type == "Group" {
        let query = crate::web::pages::groups::GroupQuery {
            max_id: query.max_id,
            section: query.section,
            lang: query.lang,
        };
        return crate::web::pages::groups::group_page(&data, &viewer, actor, query).await;
    }
    let mut conn = data.db.get().await?;
    let rows = statuses::by_account(
        &mut conn,
        seen(&viewer),
        actor.id,
        &statuses::AccountFilter::default(),
        &query.page(),
    )
    .await?;
    drop(conn);
    let (statuses, older) = cards(&data, &viewer, rows, &format!("/@{}", actor.acct())).await?;
    Ok(render(&ProfileTemplate {
        page: viewer.page(&data),
        profile: ProfileView::new(&actor, &data, viewer_id(&viewer)),
        relation: relation(&data, &viewer, &actor).await?,
        statuses,
        older,
    }))
}

/// A post with its thread, and a reply form for signed-in people.
pub async fn thread(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((acct, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let me = viewer_id(&viewer);
    let seen = seen(&viewer);
    let mut conn = state.db.get().await?;
    let status = statuses::find(&mut conn, id)
        .await?
        .filter(|s| !s.is_deleted())
        .ok_or(AppError::NotFound)?;
    let author = actors::find(&mut conn, status.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if acct.trim_start_matches('@') != author.acct() || !statuses::visible_to(&mut conn, seen, status.id).await? {
        return Err(AppError::NotFound);
    }
    let ancestors = statuses::ancestors(&mut conn, seen, &status).await?;
    let descendants = statuses::descendants(&mut conn, seen, &status).await?;
    drop(conn);
    let tr = viewer.translator();
    let heading = status.name.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| {
        tr.t1(
            "thread-heading",
            "name",
            crate::web::views::display_name(&author).as_str(),
        )
    });
    let direct = status.visibility == "direct";
    let (ancestors, _) = cards(&state, &viewer, ancestors, "").await?;
    let (focus, _) = cards(&state, &viewer, vec![status.clone()], "").await?;
    let (descendants, _) = cards(&state, &viewer, descendants, "").await?;
    let compose = viewer.account.as_ref().map(|_| ComposeForm {
        in_reply_to: Some(status.id),
        text: if me == Some(author.id) {
            String::new()
        } else {
            format!("@{} ", author.acct())
        },
        direct,
        ..ComposeForm::default()
    });
    Ok(render(&ThreadTemplate {
        page: viewer.page(&state),
        heading,
        ancestors,
        focus,
        descendants,
        compose,
    }))
}

/// `/statuses/{id}`: to the post's page, for whoever may read it; to anyone
/// else it is as if there were no such post.
pub async fn status_redirect(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Redirect> {
    let mut conn = state.db.get().await?;
    let seen = seen(&viewer);
    let status = statuses::find(&mut conn, id)
        .await?
        .filter(|s| !s.is_deleted())
        .ok_or(AppError::NotFound)?;
    if !statuses::visible_to(&mut conn, seen, status.id).await? {
        return Err(AppError::NotFound);
    }
    let author = actors::find(&mut conn, status.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Redirect::to(&format!("/@{}/{}", author.acct(), status.id)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ComposeInput {
    status: String,
    title: String,
    spoiler_text: String,
    visibility: String,
    in_reply_to_id: Option<i64>,
    group_id: Option<i64>,
    news: Option<String>,
    /// A consultation: its options, one per line.
    poll_options: String,
    /// How long it runs, in hours.
    poll_hours: Option<i64>,
    poll_multiple: Option<String>,
}

/// Publishes a post, with a picture if one was chosen; on a problem, the form
/// comes back with the text and the reason.
pub async fn compose(
    data: FedData,
    signed_in: SignedIn,
    CsrfFormWithFile(form, picture): CsrfFormWithFile<ComposeInput>,
) -> AppResult<Response> {
    let picture = match picture {
        Some(upload) => match crate::services::media::upload(&data, &signed_in.account, upload, "").await {
            Ok(stored) => Some(stored),
            Err(AppError::Validation(errors)) => return compose_again(&data, &signed_in, form, &errors),
            Err(other) => return Err(other),
        },
        None => None,
    };
    let post = NewPost {
        text: form.status.clone(),
        visibility: Visibility::parse(&form.visibility),
        spoiler_text: form.spoiler_text.clone(),
        sensitive: false,
        in_reply_to_id: form.in_reply_to_id,
        language: Some(signed_in.viewer.language.code().to_owned()),
        title: Some(form.title.clone()).filter(|t| !t.trim().is_empty()),
        idempotency_key: None,
        group_id: form.group_id,
        report: false,
        news: form.news.is_some(),
        poll: {
            let options: Vec<String> = form
                .poll_options
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect();
            (!options.is_empty()).then(|| crate::services::polls::NewPoll {
                options,
                expires_in: form.poll_hours.unwrap_or(24).saturating_mul(3600),
                multiple: form.poll_multiple.is_some(),
            })
        },
        media_ids: picture.iter().map(|p| p.id).collect(),
    };
    let created = status_service::create(&data, &signed_in.account, post).await;
    if created.is_err()
        && let Some(picture) = &picture
    {
        // Not left waiting for a post that was refused.
        crate::services::media::delete(&data, &signed_in.account, picture.id).await?;
    }
    match created {
        Ok(status) => {
            let group = match status.group_id {
                Some(id) => {
                    let mut conn = data.db.get().await?;
                    actors::find(&mut conn, id).await?
                }
                None => None,
            };
            let target = match (status.in_reply_to_id, group) {
                (Some(parent), _) => format!("/statuses/{parent}"),
                (None, Some(group)) => format!("/@{}", group.acct()),
                (None, None) => "/".to_owned(),
            };
            Ok(Redirect::to(&target).into_response())
        }
        Err(AppError::Validation(errors)) => compose_again(&data, &signed_in, form, &errors),
        Err(other) => Err(other),
    }
}

/// The compose form again, with what was written and why it was refused.
fn compose_again(
    state: &AppState,
    signed_in: &SignedIn,
    form: ComposeInput,
    errors: &[crate::error::FieldError],
) -> AppResult<Response> {
    let tr = signed_in.viewer.translator();
    let message = errors.first().map(|e| e.message.render(&tr));
    Ok(render_with_status(
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        &TimelineTemplate {
            page: signed_in.viewer.page(state),
            heading: tr.t("compose-label"),
            section: "compose",
            compose: Some(ComposeForm {
                in_reply_to: form.in_reply_to_id,
                text: form.status,
                title: form.title,
                error: message,
                direct: false,
                group_id: form.group_id,
                news: form.news.is_some(),
                in_group: form.group_id.is_some(),
            }),
            statuses: Vec::new(),
            older: None,
            for_you: Vec::new(),
        },
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NextForm {
    next: Option<String>,
}

/// The favourite, boost and delete buttons.
pub async fn status_action(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((id, action)): Path<(i64, String)>,
    CsrfForm(form): CsrfForm<NextForm>,
) -> AppResult<Response> {
    let actor = &signed_in.account.actor;
    match action.as_str() {
        "favourite" => drop(status_service::favourite(&state, actor, id).await?),
        "unfavourite" => drop(status_service::unfavourite(&state, actor, id).await?),
        "reblog" => drop(status_service::reblog(&state, actor, id).await?),
        "unreblog" => drop(status_service::unreblog(&state, actor, id).await?),
        "delete" => {
            status_service::delete(&state, &signed_in.account, id).await?;
            return Ok(crate::web::context::redirect_with_flash("/", "flash-status-deleted"));
        }
        "remove" | "lock" | "unlock" | "pin" | "unpin" => {
            let next = safe_next(form.next.as_deref());
            return crate::web::pages::groups::moderate(&state, &signed_in, id, &action, &next).await;
        }
        _ => return Err(AppError::NotFound),
    }
    Ok(Redirect::to(&safe_next(form.next.as_deref())).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct VoteForm {
    next: Option<String>,
    choices: Vec<usize>,
}

/// A vote in a consultation; a refused one comes back as a message.
pub async fn vote(
    data: FedData,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<VoteForm>,
) -> AppResult<Response> {
    let next = safe_next(form.next.as_deref());
    match crate::services::polls::vote(&data, &signed_in.account, id, &form.choices).await {
        Ok(_) => Ok(crate::web::context::redirect_with_flash(&next, "flash-poll-voted")),
        Err(AppError::Validation(errors)) => {
            let tr = signed_in.viewer.translator();
            let message = errors.first().map(|e| e.message.render(&tr)).unwrap_or_default();
            Err(AppError::BadRequest(
                crate::i18n::Message::new("error-poll-refused").with("reason", message),
            ))
        }
        Err(other) => Err(other),
    }
}

/// The follow and block buttons on a profile.
pub async fn account_action(
    data: FedData,
    signed_in: SignedIn,
    Path((acct, action)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<NextForm>,
) -> AppResult<Response> {
    let acct = handle(&acct)?;
    let target = actor_by_acct(&data, &signed_in.viewer, acct).await?;
    let me = &signed_in.account.actor;
    match action.as_str() {
        "follow" => drop(crate::services::relations::follow(&data, me, &target).await?),
        "unfollow" => follow_service::unfollow(&data, me, &target).await?,
        "block" => follow_service::block(&data, me, &target).await?,
        "unblock" => follow_service::unblock(&data, me, &target).await?,
        _ => return Err(AppError::NotFound),
    }
    Ok(Redirect::to(&format!("/@{}", target.acct())).into_response())
}
