//! Mastodon's media API: pictures uploaded before the post that carries them.
//! Pictures are processed at once, so `POST /api/v2/media` answers `200` with
//! the `url` set, as Mastodon does for small images.

use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::auth::Token;
use crate::api::entities::MediaAttachment;
use crate::api::params::Params;
use crate::error::{AppError, AppResult};
use crate::services::media as service;
use crate::state::AppState;

/// An upload: a `multipart/form-data` body.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct MediaUpload {
    /// The picture: PNG, JPEG, GIF or WebP (recognised by its content).
    #[schema(format = Binary, value_type = String)]
    file: Vec<u8>,
    /// Alternative text, at most 500 characters.
    description: Option<String>,
    /// The focal point, `x,y`, each from -1.0 to 1.0.
    focus: Option<String>,
}

fn parse_id(id: &str) -> AppResult<i64> {
    id.parse().map_err(|_| AppError::NotFound)
}

fn entity(state: &AppState, row: &crate::db::attachments::DbAttachment) -> Json<MediaAttachment> {
    Json(MediaAttachment::from_row(row, &state.urls()))
}

async fn upload(
    state: &AppState,
    token: &Token,
    multipart: axum::extract::Multipart,
) -> AppResult<Json<MediaAttachment>> {
    let account = token.user(&["write:media"])?;
    let form = crate::upload::read(multipart).await?;
    let focus = form.field("focus").to_owned();
    let file = form.file.unwrap_or_default();
    let stored = service::upload(state, account, file, &focus).await?;
    Ok(entity(state, &stored))
}

/// Uploads a picture for a post to come; its id goes in the post's `media_ids`.
#[utoipa::path(post, path = "/api/v2/media", tag = "media",
    request_body(content = MediaUpload, content_type = "multipart/form-data"),
    security(("bearer" = ["write:media"])),
    responses((status = 200, body = MediaAttachment), (status = 413, description = "Larger than the instance accepts"),
        (status = 422, description = "No file, not a picture, a long description or a bad focal point")))]
pub async fn upload_v2(
    State(state): State<AppState>,
    token: Token,
    multipart: axum::extract::Multipart,
) -> AppResult<Json<MediaAttachment>> {
    upload(&state, &token, multipart).await
}

/// The same as `POST /api/v2/media` (the first version of the call).
#[utoipa::path(post, path = "/api/v1/media", tag = "media",
    request_body(content = MediaUpload, content_type = "multipart/form-data"),
    security(("bearer" = ["write:media"])),
    responses((status = 200, body = MediaAttachment), (status = 422, description = "As for v2")))]
pub async fn upload_v1(
    State(state): State<AppState>,
    token: Token,
    multipart: axum::extract::Multipart,
) -> AppResult<Json<MediaAttachment>> {
    upload(&state, &token, multipart).await
}

/// One of the caller's uploads.
#[utoipa::path(get, path = "/api/v1/media/{id}", tag = "media", params(("id" = String, Path)),
    security(("bearer" = ["write:media"])),
    responses((status = 200, body = MediaAttachment), (status = 404, description = "Not the caller's")))]
pub async fn get(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
) -> AppResult<Json<MediaAttachment>> {
    let account = token.user(&["write:media"])?;
    let row = service::own(&state, account, parse_id(&id)?).await?;
    Ok(entity(&state, &row))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct UpdateMediaParams {
    /// Alternative text, at most 500 characters.
    description: Option<String>,
    /// The focal point, `x,y`, each from -1.0 to 1.0.
    focus: Option<String>,
}

/// Describes an upload not yet on a post, or moves its focal point.
#[utoipa::path(put, path = "/api/v1/media/{id}", tag = "media", params(("id" = String, Path)),
    request_body = UpdateMediaParams, security(("bearer" = ["write:media"])),
    responses((status = 200, body = MediaAttachment), (status = 404, description = "Not the caller's, or on a post already"),
        (status = 422, description = "A long description or a bad focal point")))]
pub async fn update(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
    Params(params): Params<UpdateMediaParams>,
) -> AppResult<Json<MediaAttachment>> {
    let account = token.user(&["write:media"])?;
    let row = service::update(
        &state,
        account,
        parse_id(&id)?,
        params.description.as_deref(),
        params.focus.as_deref(),
    )
    .await?;
    Ok(entity(&state, &row))
}

/// Deletes an upload that is on no post.
#[utoipa::path(delete, path = "/api/v1/media/{id}", tag = "media", params(("id" = String, Path)),
    security(("bearer" = ["write:media"])),
    responses((status = 200, body = MediaAttachment), (status = 404, description = "Not the caller's"),
        (status = 422, description = "On a post: it goes with the post")))]
pub async fn delete(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
) -> AppResult<Json<MediaAttachment>> {
    let account = token.user(&["write:media"])?;
    let row = service::delete(&state, account, parse_id(&id)?).await?;
    Ok(entity(&state, &row))
}
