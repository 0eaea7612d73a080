//! "For you": open proposals that need what the person knows, each with why,
//! and setting one aside; and the administrators' competence vocabulary.

use axum::extract::{Path, State};
use axum::response::Response;

use crate::error::AppResult;
use crate::services::competences;
use crate::services::moderators::By;
use crate::state::AppState;
use crate::web::context::{AdminViewer, CsrfForm, SignedIn, redirect_with_flash};
use crate::web::forms::EmptyForm;
use crate::web::templates::{AdminCompetencesTemplate, ForYouTemplate, FormErrors, render, render_with_status};
use crate::web::views::{CompetenceRow, SuggestionCard};

/// The first `limit` proposals suggested to the person, as cards.
pub async fn suggestion_cards(state: &AppState, signed_in: &SignedIn, limit: i64) -> AppResult<Vec<SuggestionCard>> {
    let tr = signed_in.viewer.translator();
    Ok(competences::suggestions(state, &signed_in.account, limit)
        .await?
        .into_iter()
        .map(|s| SuggestionCard {
            id: s.proposal.id,
            title: s.proposal.title.clone(),
            short_description: s.proposal.short_description.clone(),
            reasons: s.reasons.iter().map(|r| r.render(&tr)).collect(),
        })
        .collect())
}

/// `GET /for-you`: up to twenty suggestions.
pub async fn page(State(state): State<AppState>, signed_in: SignedIn) -> AppResult<Response> {
    let template = ForYouTemplate {
        suggestions: suggestion_cards(&state, &signed_in, 20).await?,
        page: signed_in.viewer.page(&state),
    };
    Ok(render(&template))
}

/// `POST /for-you/{id}/dismiss`
pub async fn dismiss(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    competences::dismiss(&state, &signed_in.account, id).await?;
    Ok(redirect_with_flash("/for-you", "flash-suggestion-dismissed"))
}

async fn vocabulary_view(
    state: &AppState,
    admin: &SignedIn,
    errors: FormErrors,
    status: axum::http::StatusCode,
) -> AppResult<Response> {
    let label = |labels: &serde_json::Value, code: &str| {
        labels.get(code).and_then(|v| v.as_str()).unwrap_or_default().to_owned()
    };
    let competences = competences::vocabulary(state, By::Moderator(&admin.account))
        .await?
        .into_iter()
        .map(|u| CompetenceRow {
            en: label(&u.labels, "en"),
            it: label(&u.labels, "it"),
            key: u.key,
            merged_into: u.merged_into,
            proposals: u.proposals,
            people: u.people,
        })
        .collect();
    Ok(render_with_status(
        status,
        &AdminCompetencesTemplate {
            page: admin.viewer.page(state),
            section: "competences",
            errors,
            competences,
        },
    ))
}

/// `GET /admin/competences`
pub async fn vocabulary(State(state): State<AppState>, AdminViewer(admin): AdminViewer) -> AppResult<Response> {
    vocabulary_view(&state, &admin, FormErrors::default(), axum::http::StatusCode::OK).await
}

/// What the vocabulary's forms post: labels, or the key to merge into.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct CompetenceForm {
    en: String,
    it: String,
    into: String,
}

/// `POST /admin/competences/{key}`: its labels.
pub async fn label(
    State(state): State<AppState>,
    AdminViewer(admin): AdminViewer,
    Path(key): Path<String>,
    CsrfForm(form): CsrfForm<CompetenceForm>,
) -> AppResult<Response> {
    let by = By::Moderator(&admin.account);
    match competences::set_labels(&state, by, &key, &form.en, &form.it).await {
        Ok(()) => Ok(redirect_with_flash("/admin/competences", "flash-competence-saved")),
        Err(crate::error::AppError::Validation(errors)) => {
            let errors = FormErrors::new(&errors, &admin.viewer.translator());
            vocabulary_view(&state, &admin, errors, axum::http::StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => Err(other),
    }
}

/// `POST /admin/competences/{key}/merge`: into another.
pub async fn merge(
    State(state): State<AppState>,
    AdminViewer(admin): AdminViewer,
    Path(key): Path<String>,
    CsrfForm(form): CsrfForm<CompetenceForm>,
) -> AppResult<Response> {
    match competences::merge(&state, By::Moderator(&admin.account), &key, &form.into).await {
        Ok(()) => Ok(redirect_with_flash("/admin/competences", "flash-competence-merged")),
        Err(crate::error::AppError::Validation(errors)) => {
            let errors = FormErrors::new(&errors, &admin.viewer.translator());
            vocabulary_view(&state, &admin, errors, axum::http::StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => Err(other),
    }
}

/// `POST /proposals/{id}/invite/{actor_id}`: a suggested person is invited.
pub async fn invite(
    data: crate::state::FedData,
    signed_in: SignedIn,
    Path((id, actor_id)): Path<(i64, i64)>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    competences::invite(&data, &signed_in.account, id, actor_id).await?;
    Ok(redirect_with_flash(
        &format!("/proposals/{id}"),
        "flash-invitation-sent",
    ))
}

/// The directory's filters, as the form sends them.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct PeopleQuery {
    competence: String,
    theme: Option<i64>,
    organisation: String,
    instance: String,
    offset: i64,
}

/// `GET /people`: the directory of innovators, for visitors and members.
pub async fn people(
    State(state): State<AppState>,
    viewer: crate::web::context::Viewer,
    axum::extract::Query(query): axum::extract::Query<PeopleQuery>,
) -> AppResult<Response> {
    const PAGE: i64 = 40;
    let text = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let filter = crate::db::competences::PeopleFilter {
        competence: text(&query.competence),
        theme_id: query.theme,
        organisation: text(&query.organisation),
        instance: text(&query.instance),
    };
    let offset = query.offset.clamp(0, 100_000);
    let found = competences::directory(&state, filter, offset, PAGE).await?;
    let more = (found.len() as i64 == PAGE).then(|| {
        let mut params = url::form_urlencoded::Serializer::new(String::new());
        params
            .append_pair("competence", &query.competence)
            .append_pair("organisation", &query.organisation)
            .append_pair("instance", &query.instance)
            .append_pair("offset", &(offset + PAGE).to_string());
        if let Some(theme) = query.theme {
            params.append_pair("theme", &theme.to_string());
        }
        format!("/people?{}", params.finish())
    });
    let people = found.iter().map(crate::web::views::AccountLine::new).collect();
    let themes =
        crate::web::pages::proposals::group_choices(&state, &viewer, &query.theme.into_iter().collect::<Vec<_>>())
            .await?;
    let vocabulary = competences::complete(&state, "", viewer.language).await?;
    Ok(render(&crate::web::templates::PeopleTemplate {
        page: viewer.page(&state),
        people,
        themes,
        vocabulary: vocabulary.into_iter().map(|c| c.label).collect(),
        competence: query.competence,
        organisation: query.organisation,
        instance: query.instance,
        more,
    }))
}
