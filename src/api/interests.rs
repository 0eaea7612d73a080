//! Expressions of interest in Fucina's API: sent, listed (by their sender,
//! or, on a proposal, by its author and the facilitators), decided,
//! withdrawn. Anyone else gets 404, as if the interest did not exist.

use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::auth::Token;
use crate::api::entities::{Account, timestamp};
use crate::api::params::{Params, lenient};
use crate::api::proposals::{Attachment, attachment_entity, parse_id};
use crate::api::views;
use crate::db::actors::{self, DbActor};
use crate::db::attachments::{self, DbAttachment};
use crate::db::proposals::{self, DbInterest};
use crate::domain::proposal::InterestInput;
use crate::error::{AppError, AppResult};
use crate::services::proposals::{self as service};
use crate::state::AppState;
use crate::state::FedData;

/// An expression of interest.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Interest {
    pub id: String,
    pub proposal_id: String,
    /// `draft`, `sent`, `in_review`, `accepted`, `declined` or `withdrawn`.
    pub state: String,
    pub offer: String,
    pub about: String,
    pub questions: String,
    pub on_behalf_of: String,
    pub team_consent: bool,
    pub sender: Account,
    pub created_at: String,
    pub sent_at: Option<String>,
    pub decided_at: Option<String>,
    /// The files sent with it (up to five).
    pub attachments: Vec<Attachment>,
}

fn interest_entity(state: &AppState, interest: &DbInterest, sender: &DbActor, files: &[DbAttachment]) -> Interest {
    Interest {
        id: interest.id.to_string(),
        proposal_id: interest.proposal_id.to_string(),
        state: interest.state.as_str().to_owned(),
        offer: interest.offer.clone(),
        about: interest.about.clone(),
        questions: interest.questions.clone(),
        on_behalf_of: interest.on_behalf_of.clone(),
        team_consent: interest.team_consent,
        sender: views::account(state, sender),
        created_at: timestamp(interest.created_at),
        sent_at: interest.sent_at.map(timestamp),
        decided_at: interest.decided_at.map(timestamp),
        attachments: files
            .iter()
            .filter(|file| file.interest_id == Some(interest.id))
            .map(|file| attachment_entity(state, file))
            .collect(),
    }
}

/// Interests as entities, with their files loaded in one query.
async fn interest_entities(state: &AppState, rows: &[(DbInterest, DbActor)]) -> AppResult<Vec<Interest>> {
    let ids: Vec<i64> = rows.iter().map(|(interest, _)| interest.id).collect();
    let mut conn = state.db.get().await?;
    let files = attachments::of_many(&mut conn, attachments::Owners::Interests(&ids)).await?;
    Ok(rows
        .iter()
        .map(|(interest, sender)| interest_entity(state, interest, sender, &files))
        .collect())
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct InterestParams {
    /// What I offer (required).
    offer: String,
    /// About me or my organisation.
    about: String,
    /// Questions for the author.
    questions: String,
    /// The organisation I write for, if any.
    on_behalf_of: String,
    /// I agree to be listed in the team if accepted.
    #[serde(deserialize_with = "lenient::opt_bool")]
    team_consent: Option<bool>,
    /// Keep it as a draft instead of sending it.
    #[serde(deserialize_with = "lenient::opt_bool")]
    draft: Option<bool>,
}

/// Expresses interest in an open proposal (one per person; not in one's own).
#[utoipa::path(post, path = "/api/fucina/v1/proposals/{id}/interests", tag = "fucina", params(("id" = String, Path)),
    request_body = InterestParams, security(("bearer" = ["write:statuses"])),
    responses((status = 200, body = Interest), (status = 422, description = "No offer, one's own proposal, not open, or a second interest")))]
pub async fn express(
    data: FedData,
    token: Token,
    Path(id): Path<String>,
    Params(params): Params<InterestParams>,
) -> AppResult<Json<Interest>> {
    let account = token.user(&["write:statuses"])?;
    let interest = service::express(
        &data,
        account,
        parse_id(&id)?,
        InterestInput {
            offer: params.offer,
            about: params.about,
            questions: params.questions,
            on_behalf_of: params.on_behalf_of,
            team_consent: params.team_consent.unwrap_or(false),
        },
        params.draft != Some(true),
    )
    .await?;
    Ok(Json(interest_entity(&data, &interest, &account.actor, &[])))
}

/// The interests a proposal received: for its author (opening them puts the new ones in review) and facilitators.
#[utoipa::path(get, path = "/api/fucina/v1/proposals/{id}/interests", tag = "fucina", params(("id" = String, Path)),
    security(("bearer" = ["read:statuses"])),
    responses((status = 200, body = [Interest]), (status = 404, description = "No such proposal, or not the caller's")))]
pub async fn received(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<Interest>>> {
    let account = token.user(&["read:statuses"])?;
    let rows = service::received(&state, account, parse_id(&id)?).await?;
    Ok(Json(interest_entities(&state, &rows).await?))
}

/// The caller's own interests, newest first.
#[utoipa::path(get, path = "/api/fucina/v1/interests", tag = "fucina", security(("bearer" = ["read:statuses"])),
    responses((status = 200, body = [Interest])))]
pub async fn mine_interests(State(state): State<AppState>, token: Token) -> AppResult<Json<Vec<Interest>>> {
    let account = token.user(&["read:statuses"])?;
    let mut conn = state.db.get().await?;
    let rows: Vec<(DbInterest, DbActor)> = proposals::sent_by(&mut conn, account.actor.id)
        .await?
        .into_iter()
        .map(|interest| (interest, account.actor.clone()))
        .collect();
    drop(conn);
    Ok(Json(interest_entities(&state, &rows).await?))
}

/// One interest, for its sender, the proposal's author and facilitators.
#[utoipa::path(get, path = "/api/fucina/v1/interests/{id}", tag = "fucina", params(("id" = String, Path)),
    security(("bearer" = ["read:statuses"])),
    responses((status = 200, body = Interest), (status = 404, description = "No such interest, or not the caller's to see")))]
pub async fn get_interest(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
) -> AppResult<Json<Interest>> {
    let account = token.user(&["read:statuses"])?;
    let mut conn = state.db.get().await?;
    let (interest, _) = service::interest_for(&mut conn, account, parse_id(&id)?).await?;
    drop(conn);
    interest_answer(&state, &interest).await
}

async fn interest_answer(state: &AppState, interest: &DbInterest) -> AppResult<Json<Interest>> {
    let mut conn = state.db.get().await?;
    let sender = actors::find(&mut conn, interest.sender_id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    let mut entities = interest_entities(state, &[(interest.clone(), sender)]).await?;
    entities.pop().map(Json).ok_or(AppError::NotFound)
}

/// Sends a draft interest.
#[utoipa::path(post, path = "/api/fucina/v1/interests/{id}/send", tag = "fucina", params(("id" = String, Path)),
    security(("bearer" = ["write:statuses"])), responses((status = 200, body = Interest)))]
pub async fn send(data: FedData, token: Token, Path(id): Path<String>) -> AppResult<Json<Interest>> {
    let account = token.user(&["write:statuses"])?;
    let interest = service::send_draft(&data, account, parse_id(&id)?).await?;
    interest_answer(&data, &interest).await
}

/// The author accepts an interest: the sender joins the team.
#[utoipa::path(post, path = "/api/fucina/v1/interests/{id}/accept", tag = "fucina", params(("id" = String, Path)),
    security(("bearer" = ["write:statuses"])),
    responses((status = 200, body = Interest), (status = 403, description = "Not the author"), (status = 409, description = "Decided already")))]
pub async fn accept(data: FedData, token: Token, Path(id): Path<String>) -> AppResult<Json<Interest>> {
    let account = token.user(&["write:statuses"])?;
    let interest = service::decide(&data, account, parse_id(&id)?, true).await?;
    interest_answer(&data, &interest).await
}

/// The author declines an interest.
#[utoipa::path(post, path = "/api/fucina/v1/interests/{id}/decline", tag = "fucina", params(("id" = String, Path)),
    security(("bearer" = ["write:statuses"])),
    responses((status = 200, body = Interest), (status = 403, description = "Not the author"), (status = 409, description = "Decided already")))]
pub async fn decline(data: FedData, token: Token, Path(id): Path<String>) -> AppResult<Json<Interest>> {
    let account = token.user(&["write:statuses"])?;
    let interest = service::decide(&data, account, parse_id(&id)?, false).await?;
    interest_answer(&data, &interest).await
}

/// The sender withdraws an interest.
#[utoipa::path(post, path = "/api/fucina/v1/interests/{id}/withdraw", tag = "fucina", params(("id" = String, Path)),
    security(("bearer" = ["write:statuses"])),
    responses((status = 200, body = Interest), (status = 403, description = "Not the sender"), (status = 409, description = "Withdrawn or declined already")))]
pub async fn withdraw(data: FedData, token: Token, Path(id): Path<String>) -> AppResult<Json<Interest>> {
    let account = token.user(&["write:statuses"])?;
    let interest = service::withdraw(&data, account, parse_id(&id)?).await?;
    interest_answer(&data, &interest).await
}
