//! Mastodon's polls: `GET /api/v1/polls/{id}` and `POST /api/v1/polls/{id}/votes`.
//! A poll's id is its status's.

use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::auth::{MaybeToken, Token};
use crate::api::entities::Poll;
use crate::api::params::{Params, lenient};
use crate::db::polls;
use crate::db::statuses::{self, Viewer};
use crate::error::{AppError, AppResult};
use crate::services::polls as poll_service;
use crate::state::AppState;
use crate::state::FedData;

fn parse_id(id: &str) -> AppResult<i64> {
    id.parse().map_err(|_| AppError::NotFound)
}

async fn entity(state: &AppState, status_id: i64, viewer: Option<i64>) -> AppResult<Poll> {
    let mut conn = state.db.get().await?;
    let seen_by = viewer.map_or(Viewer::Anonymous, Viewer::Actor);
    if !statuses::visible_to(&mut conn, seen_by, status_id).await? {
        return Err(AppError::NotFound);
    }
    let poll = polls::find(&mut conn, status_id).await?.ok_or(AppError::NotFound)?;
    let own: Vec<i32> = match viewer {
        Some(me) => polls::choices_of(&mut conn, me, &[status_id])
            .await?
            .into_iter()
            .map(|(_, c)| c)
            .collect(),
        None => Vec::new(),
    };
    let mut entity = Poll::from_row(&poll, &own);
    if viewer.is_none() {
        entity.voted = None;
        entity.own_votes = None;
    }
    Ok(entity)
}

/// A poll.
#[utoipa::path(get, path = "/api/v1/polls/{id}", tag = "polls", params(("id" = String, Path)),
    responses((status = 200, body = Poll), (status = 404, description = "No such poll, or not visible")))]
pub async fn get(State(state): State<AppState>, token: MaybeToken, Path(id): Path<String>) -> AppResult<Json<Poll>> {
    let viewer = token.reader(&["read:statuses"])?.map(|a| a.actor.id);
    Ok(Json(entity(&state, parse_id(&id)?, viewer).await?))
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct VoteParams {
    /// Indexes of the chosen options.
    #[serde(deserialize_with = "lenient::string_or_list")]
    choices: Vec<String>,
}

/// Votes; a second vote, a vote after the end or for no option is refused (422).
#[utoipa::path(post, path = "/api/v1/polls/{id}/votes", tag = "polls", params(("id" = String, Path)),
    request_body = VoteParams, security(("bearer" = ["write:statuses"])),
    responses((status = 200, body = Poll), (status = 422, description = "Voted already, ended, or an unknown option")))]
pub async fn vote(
    data: FedData,
    token: Token,
    Path(id): Path<String>,
    Params(params): Params<VoteParams>,
) -> AppResult<Json<Poll>> {
    let account = token.user(&["write:statuses"])?;
    let choices: Vec<usize> = params
        .choices
        .iter()
        .map(|c| c.trim().parse::<usize>())
        .collect::<Result<_, _>>()
        .map_err(|_| AppError::field("choices", "ERR_INVALID", "error-poll-choice"))?;
    let status_id = parse_id(&id)?;
    poll_service::vote(&data, account, status_id, &choices).await?;
    Ok(Json(entity(&data, status_id, Some(account.actor.id)).await?))
}
