//! Find and match (Fucina's API): the competence vocabulary, what the caller
//! knows, proposals suggested to them and people suggested for a proposal,
//! each with its reasons in the caller's language.

use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::auth::Token;
use crate::api::entities::Account;
use crate::api::params::{Params, lenient};
use crate::api::proposals::{Proposal, parse_id, proposal_entities};
use crate::api::views;
use crate::error::AppResult;
use crate::i18n::Language;
use crate::services::competences::{self as service, Competence};
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CompetenceEntity {
    /// The folded key: what proposals and profiles store.
    pub key: String,
    pub label: String,
}

impl From<Competence> for CompetenceEntity {
    fn from(c: Competence) -> Self {
        Self {
            key: c.key,
            label: c.label,
        }
    }
}

fn language_of(account: &crate::db::users::Account, state: &AppState) -> Language {
    crate::services::accounts::language_of(account).unwrap_or(state.config.i18n.default_language)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CompleteQuery {
    q: String,
}

/// Vocabulary entries starting with what was typed (for autocomplete).
#[utoipa::path(get, path = "/api/fucina/v1/competences", tag = "fucina", params(("q" = String, Query)),
    responses((status = 200, body = [CompetenceEntity])))]
pub async fn complete(
    State(state): State<AppState>,
    token: crate::api::auth::MaybeToken,
    Params(query): Params<CompleteQuery>,
) -> AppResult<Json<Vec<CompetenceEntity>>> {
    // Anyone may ask; a token must be allowed to read.
    token.reader(&["read:search"])?;
    let found = service::complete(&state, &query.q, state.config.i18n.default_language).await?;
    Ok(Json(found.into_iter().map(Into::into).collect()))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Profile {
    pub competences: Vec<CompetenceEntity>,
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
    /// The kinds of proposal followed (their wire names).
    pub kinds: Vec<String>,
    /// The stages followed.
    pub stages: Vec<String>,
}

async fn profile(state: &AppState, account: &crate::db::users::Account) -> AppResult<Json<Profile>> {
    let own = service::own(state, account).await?;
    let competences = service::labelled(state, &own.competences, language_of(account, state)).await?;
    Ok(Json(Profile {
        competences: competences.into_iter().map(Into::into).collect(),
        languages: own.languages,
        kinds: own.kinds,
        stages: own.stages,
    }))
}

/// What the caller knows and the languages they work in.
#[utoipa::path(get, path = "/api/fucina/v1/account/competences", tag = "fucina", security(("bearer" = ["read:accounts"])),
    responses((status = 200, body = Profile)))]
pub async fn own(State(state): State<AppState>, token: Token) -> AppResult<Json<Profile>> {
    let account = token.user(&["read:accounts"])?;
    profile(&state, account).await
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ProfileParams {
    #[serde(deserialize_with = "lenient::string_or_list")]
    competences: Vec<String>,
    #[serde(deserialize_with = "lenient::opt_string_or_list")]
    languages: Option<Vec<String>>,
    /// Kinds of proposal to follow; left as they were when absent.
    #[serde(deserialize_with = "lenient::opt_string_or_list")]
    kinds: Option<Vec<String>>,
    /// Stages to follow; left as they were when absent.
    #[serde(deserialize_with = "lenient::opt_string_or_list")]
    stages: Option<Vec<String>>,
}

/// Sets what the caller knows (free words, folded into the vocabulary), the
/// languages they work in and the kinds and stages of proposal they follow.
#[utoipa::path(put, path = "/api/fucina/v1/account/competences", tag = "fucina", request_body = ProfileParams,
    security(("bearer" = ["write:accounts"])), responses((status = 200, body = Profile), (status = 422, description = "Too many")))]
pub async fn set_own(
    State(state): State<AppState>,
    token: Token,
    Params(params): Params<ProfileParams>,
) -> AppResult<Json<Profile>> {
    let account = token.user(&["write:accounts"])?;
    let changes = service::InterestChanges {
        competences: params.competences,
        languages: params.languages,
        kinds: params.kinds,
        stages: params.stages,
    };
    service::set_own(&state, account, changes).await?;
    profile(&state, account).await
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SuggestedProposal {
    pub proposal: Proposal,
    /// Why it is suggested, in the caller's language.
    pub reasons: Vec<String>,
}

/// Open proposals for the caller, from here and linked instances, best first, each with why.
#[utoipa::path(get, path = "/api/fucina/v1/suggestions/proposals", tag = "fucina", security(("bearer" = ["read:statuses"])),
    responses((status = 200, body = [SuggestedProposal])))]
pub async fn proposals(State(state): State<AppState>, token: Token) -> AppResult<Json<Vec<SuggestedProposal>>> {
    let account = token.user(&["read:statuses"])?;
    let tr = language_of(account, &state).translator();
    let found = service::suggestions(&state, account, 20).await?;
    let rows: Vec<_> = found.iter().map(|s| s.proposal.clone()).collect();
    let mut conn = state.db.get().await?;
    let entities = proposal_entities(&mut conn, &state, &rows, Some(account)).await?;
    Ok(Json(
        entities
            .into_iter()
            .zip(found)
            .map(|(proposal, s)| SuggestedProposal {
                proposal,
                reasons: s.reasons.iter().map(|r| r.render(&tr)).collect(),
            })
            .collect(),
    ))
}

/// Sets a suggested proposal aside.
#[utoipa::path(post, path = "/api/fucina/v1/suggestions/proposals/{id}/dismiss", tag = "fucina", params(("id" = String, Path)),
    security(("bearer" = ["write:statuses"])), responses((status = 200, description = "Set aside")))]
pub async fn dismiss(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
) -> AppResult<Json<serde_json::Value>> {
    let account = token.user(&["write:statuses"])?;
    service::dismiss(&state, account, parse_id(&id)?).await?;
    Ok(Json(serde_json::json!({})))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SuggestedPerson {
    pub account: Account,
    pub reasons: Vec<String>,
}

/// People who know what a proposal seeks, for its author and the facilitators.
#[utoipa::path(get, path = "/api/fucina/v1/proposals/{id}/suggested_people", tag = "fucina", params(("id" = String, Path)),
    security(("bearer" = ["read:accounts"])), responses((status = 200, body = [SuggestedPerson]), (status = 404, description = "Not yours")))]
pub async fn people(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<SuggestedPerson>>> {
    let account = token.user(&["read:accounts"])?;
    let tr = language_of(account, &state).translator();
    let found = service::suggested_people(&state, account, parse_id(&id)?).await?;
    Ok(Json(
        found
            .iter()
            .map(|c| SuggestedPerson {
                account: views::account(&state, &c.actor),
                reasons: c.reasons.iter().map(|r| r.render(&tr)).collect(),
            })
            .collect(),
    ))
}

/// Invites a suggested person to the proposal: a direct message naming them.
#[utoipa::path(post, path = "/api/fucina/v1/proposals/{id}/suggested_people/{account_id}/invite", tag = "fucina",
    params(("id" = String, Path), ("account_id" = String, Path)), security(("bearer" = ["write:statuses"])),
    responses((status = 200, body = crate::api::entities::Status), (status = 404, description = "Not a suggested person, or not yours")))]
pub async fn invite(
    data: crate::state::FedData,
    token: Token,
    Path((id, account_id)): Path<(String, String)>,
) -> AppResult<Json<crate::api::entities::Status>> {
    let account = token.user(&["write:statuses"])?;
    let status = service::invite(&data, account, parse_id(&id)?, parse_id(&account_id)?).await?;
    let mut conn = data.db.get().await?;
    Ok(Json(
        views::status(&mut conn, &data, Some(account.actor.id), status).await?,
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PeopleQuery {
    competence: Option<String>,
    theme_id: Option<String>,
    organisation: Option<String>,
    /// `local` or a domain.
    instance: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    offset: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    limit: Option<i64>,
}

/// The directory of innovators: discoverable people here and on other
/// servers, by competence, theme followed, organisation and instance.
#[utoipa::path(get, path = "/api/fucina/v1/people", tag = "fucina",
    params(("competence" = Option<String>, Query), ("theme_id" = Option<String>, Query), ("organisation" = Option<String>, Query),
        ("instance" = Option<String>, Query, description = "`local` or a domain"), ("offset" = Option<i64>, Query), ("limit" = Option<i64>, Query)),
    responses((status = 200, body = [Account])))]
pub async fn directory(
    State(state): State<AppState>,
    token: crate::api::auth::MaybeToken,
    Params(query): Params<PeopleQuery>,
) -> AppResult<Json<Vec<Account>>> {
    token.reader(&["read:accounts"])?;
    let text = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    let filter = crate::db::competences::PeopleFilter {
        competence: text(&query.competence),
        theme_id: text(&query.theme_id).and_then(|t| t.parse().ok()),
        organisation: text(&query.organisation),
        instance: text(&query.instance),
    };
    let people = service::directory(&state, filter, query.offset.unwrap_or(0), query.limit.unwrap_or(40)).await?;
    Ok(Json(people.iter().map(|a| views::account(&state, a)).collect()))
}
