//! Who favourited or boosted a post (`/api/v1/statuses/{id}/favourited_by`,
//! `/reblogged_by`), for whoever may see the post.

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;

use crate::api::auth::MaybeToken;
use crate::api::entities::Account;
use crate::api::pagination::PageParams;
use crate::api::params::Params;
use crate::api::views;
use crate::db::favourites::{self, Reaction};
use crate::db::statuses::{self, Viewer};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

async fn who(
    state: &AppState,
    token: &MaybeToken,
    id: &str,
    uri: &Uri,
    page: &PageParams,
    reaction: Reaction,
) -> AppResult<Response> {
    let viewer = match token.reader(&["read:statuses"])? {
        Some(account) => Viewer::Actor(account.actor.id),
        None => Viewer::Anonymous,
    };
    let status_id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let mut conn = state.db.get().await?;
    if !statuses::visible_to(&mut conn, viewer, status_id).await? {
        return Err(AppError::NotFound);
    }
    let rows = favourites::who(&mut conn, reaction, status_id, &page.page(40, 80)).await?;
    Ok(views::account_page(
        state,
        uri,
        rows.iter().map(|(row, actor)| (*row, actor)),
    ))
}

/// Who favourited a post, newest first.
#[utoipa::path(get, path = "/api/v1/statuses/{id}/favourited_by", tag = "statuses", params(("id" = String, Path)),
    responses((status = 200, body = [Account]), (status = 404, description = "No such post, or not for the caller")))]
pub async fn favourited_by(
    State(state): State<AppState>,
    token: MaybeToken,
    Path(id): Path<String>,
    uri: Uri,
    Params(page): Params<PageParams>,
) -> AppResult<Response> {
    who(&state, &token, &id, &uri, &page, Reaction::Favourite).await
}

/// Who boosted a post, newest first.
#[utoipa::path(get, path = "/api/v1/statuses/{id}/reblogged_by", tag = "statuses", params(("id" = String, Path)),
    responses((status = 200, body = [Account]), (status = 404, description = "No such post, or not for the caller")))]
pub async fn reblogged_by(
    State(state): State<AppState>,
    token: MaybeToken,
    Path(id): Path<String>,
    uri: Uri,
    Params(page): Params<PageParams>,
) -> AppResult<Response> {
    who(&state, &token, &id, &uri, &page, Reaction::Reblog).await
}
