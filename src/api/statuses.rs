//! Status endpoints: post (idempotent), read, thread, edit, history, source,
//! delete, favourite, boost.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::auth::{MaybeToken, Token};
use crate::api::entities::{Context, Status, StatusEdit, StatusSource, timestamp};
use crate::api::params::{Params, lenient};
use crate::api::views;
use crate::db::statuses::{self, DbStatus, Viewer};
use crate::domain::visibility::Visibility;
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::Message;
use crate::services::statuses::{self as status_service, NewPost, PostEdit};
use crate::state::AppState;
use crate::state::FedData;

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct CreateStatusParams {
    status: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    in_reply_to_id: Option<i64>,
    visibility: Option<String>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    sensitive: Option<bool>,
    spoiler_text: Option<String>,
    language: Option<String>,
    /// Fucina: a title makes the post a titled discussion.
    title: Option<String>,
    /// Fucina: the account id of the theme or community to post in.
    #[serde(deserialize_with = "lenient::opt_i64")]
    group_id: Option<i64>,
    /// Fucina: news (an Article), for a group's managers and moderators.
    #[serde(deserialize_with = "lenient::opt_bool")]
    news: Option<bool>,
    /// A poll: `poll[options][]`, `poll[expires_in]` (seconds), `poll[multiple]`.
    poll: Option<PollParams>,
    /// Pictures uploaded with `POST /api/v2/media`, in order (at most four).
    #[serde(deserialize_with = "lenient::string_or_list")]
    media_ids: Vec<String>,
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct PollParams {
    #[serde(deserialize_with = "lenient::string_or_list")]
    options: Vec<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    expires_in: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    multiple: Option<bool>,
}

fn parse_visibility(value: Option<&str>) -> AppResult<Option<Visibility>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => Visibility::parse(v).map(Some).ok_or_else(|| {
            AppError::Validation(vec![FieldError::new(
                "visibility",
                "ERR_INVALID",
                Message::new("error-visibility-unknown"),
            )])
        }),
    }
}

/// Publishes a status. With `Idempotency-Key`, a repeated request returns the first status.
#[utoipa::path(post, path = "/api/v1/statuses", tag = "statuses", request_body = CreateStatusParams, security(("bearer" = ["write:statuses"])),
    responses((status = 200, body = Status), (status = 422, description = "Empty, too long, or an unknown visibility")))]
pub async fn create(
    data: FedData,
    token: Token,
    headers: HeaderMap,
    Params(params): Params<CreateStatusParams>,
) -> AppResult<Json<Status>> {
    let account = token.user(&["write:statuses"])?;
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(|k| k.chars().take(200).collect::<String>());
    let status = status_service::create(
        &data,
        account,
        NewPost {
            text: params.status.unwrap_or_default(),
            visibility: parse_visibility(params.visibility.as_deref())?,
            spoiler_text: params.spoiler_text.unwrap_or_default(),
            sensitive: params.sensitive.unwrap_or(false),
            in_reply_to_id: params.in_reply_to_id,
            language: params.language,
            title: params.title,
            idempotency_key: key,
            group_id: params.group_id,
            report: false,
            news: params.news.unwrap_or(false),
            poll: params.poll.map(|p| crate::services::polls::NewPoll {
                options: p.options,
                expires_in: p.expires_in.unwrap_or(86_400),
                multiple: p.multiple.unwrap_or(false),
            }),
            media_ids: crate::services::media::parse_ids(&params.media_ids)?,
        },
    )
    .await?;
    let mut conn = data.db.get().await?;
    Ok(Json(
        views::status(&mut conn, &data, Some(account.actor.id), status).await?,
    ))
}

fn viewer_of(token: &MaybeToken) -> AppResult<Option<i64>> {
    Ok(token.reader(&["read:statuses"])?.map(|a| a.actor.id))
}

/// A status the viewer may see.
async fn visible(state: &AppState, viewer: Option<i64>, id: &str) -> AppResult<DbStatus> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let mut conn = state.db.get().await?;
    let status = statuses::find(&mut conn, id)
        .await?
        .filter(|s| !s.is_deleted())
        .ok_or(AppError::NotFound)?;
    let seen_as = viewer.map_or(Viewer::Anonymous, Viewer::Actor);
    if !statuses::visible_to(&mut conn, seen_as, status.id).await? {
        return Err(AppError::NotFound);
    }
    Ok(status)
}

#[utoipa::path(get, path = "/api/v1/statuses/{id}", tag = "statuses", params(("id" = String, Path)), responses((status = 200, body = Status), (status = 404, description = "Not found or not visible")))]
pub async fn get(State(state): State<AppState>, token: MaybeToken, Path(id): Path<String>) -> AppResult<Json<Status>> {
    let viewer = viewer_of(&token)?;
    let status = visible(&state, viewer, &id).await?;
    let mut conn = state.db.get().await?;
    Ok(Json(views::status(&mut conn, &state, viewer, status).await?))
}

/// The thread around a status: what it replies to, and its replies.
#[utoipa::path(get, path = "/api/v1/statuses/{id}/context", tag = "statuses", params(("id" = String, Path)), responses((status = 200, body = Context)))]
pub async fn context(
    State(state): State<AppState>,
    token: MaybeToken,
    Path(id): Path<String>,
) -> AppResult<Json<Context>> {
    let viewer = viewer_of(&token)?;
    let status = visible(&state, viewer, &id).await?;
    let seen_as = viewer.map_or(Viewer::Anonymous, Viewer::Actor);
    let mut conn = state.db.get().await?;
    let ancestors = statuses::ancestors(&mut conn, seen_as, &status).await?;
    let descendants = statuses::descendants(&mut conn, seen_as, &status).await?;
    Ok(Json(Context {
        ancestors: views::statuses(&mut conn, &state, viewer, ancestors).await?,
        descendants: views::statuses(&mut conn, &state, viewer, descendants).await?,
    }))
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct EditStatusParams {
    status: Option<String>,
    spoiler_text: Option<String>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    sensitive: Option<bool>,
    language: Option<String>,
    title: Option<String>,
    /// The pictures it should carry, in order: those it has, or new uploads.
    /// Absent: they stay as they are.
    #[serde(deserialize_with = "lenient::opt_string_or_list")]
    media_ids: Option<Vec<String>>,
}

/// Edits one's own status; followers' servers get an Update.
#[utoipa::path(put, path = "/api/v1/statuses/{id}", tag = "statuses", params(("id" = String, Path)), request_body = EditStatusParams,
    security(("bearer" = ["write:statuses"])), responses((status = 200, body = Status)))]
pub async fn edit(
    data: FedData,
    token: Token,
    Path(id): Path<String>,
    Params(params): Params<EditStatusParams>,
) -> AppResult<Json<Status>> {
    let account = token.user(&["write:statuses"])?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let updated = status_service::edit(
        &data,
        account,
        id,
        PostEdit {
            text: params.status.unwrap_or_default(),
            spoiler_text: params.spoiler_text.unwrap_or_default(),
            sensitive: params.sensitive.unwrap_or(false),
            language: params.language,
            title: params.title,
            media_ids: params
                .media_ids
                .as_deref()
                .map(crate::services::media::parse_ids)
                .transpose()?,
        },
    )
    .await?;
    let mut conn = data.db.get().await?;
    Ok(Json(
        views::status(&mut conn, &data, Some(account.actor.id), updated).await?,
    ))
}

/// Every version of a status, oldest first, the current one last.
#[utoipa::path(get, path = "/api/v1/statuses/{id}/history", tag = "statuses", params(("id" = String, Path)), responses((status = 200, body = [StatusEdit])))]
pub async fn history(
    State(state): State<AppState>,
    token: MaybeToken,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<StatusEdit>>> {
    let viewer = viewer_of(&token)?;
    let status = visible(&state, viewer, &id).await?;
    let mut conn = state.db.get().await?;
    let author = crate::db::actors::find(&mut conn, status.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let account = views::account(&state, &author);
    let with_title = |name: &Option<String>, content: &str| match name {
        Some(title) if !title.is_empty() => format!(
            "<p><strong>{}</strong></p>{content}",
            crate::domain::text::escape_html(title)
        ),
        _ => content.to_owned(),
    };
    let mut versions: Vec<StatusEdit> = statuses::edits(&mut conn, status.id)
        .await?
        .into_iter()
        .map(|edit| StatusEdit {
            content: with_title(&edit.name, &edit.content),
            spoiler_text: edit.summary,
            sensitive: edit.sensitive,
            created_at: timestamp(edit.created_at),
            account: account.clone(),
            poll: None,
            media_attachments: Vec::new(),
            emojis: Vec::new(),
        })
        .collect();
    versions.push(StatusEdit {
        content: with_title(&status.name, &status.content),
        spoiler_text: status.summary.clone(),
        sensitive: status.sensitive,
        created_at: timestamp(status.edited_at.unwrap_or(status.published_at)),
        account,
        poll: None,
        media_attachments: Vec::new(),
        emojis: Vec::new(),
    });
    Ok(Json(versions))
}

/// What the author typed, for editing.
#[utoipa::path(get, path = "/api/v1/statuses/{id}/source", tag = "statuses", params(("id" = String, Path)), security(("bearer" = ["read:statuses"])), responses((status = 200, body = StatusSource)))]
pub async fn source(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
) -> AppResult<Json<StatusSource>> {
    let account = token.user(&["read:statuses"])?;
    let status = visible(&state, Some(account.actor.id), &id).await?;
    if status.actor_id != account.actor.id {
        return Err(AppError::NotFound);
    }
    Ok(Json(StatusSource {
        id: status.id.to_string(),
        text: status.source,
        spoiler_text: status.summary,
    }))
}

/// Deletes one's own status; returns it with its text, for "delete and redraft".
#[utoipa::path(delete, path = "/api/v1/statuses/{id}", tag = "statuses", params(("id" = String, Path)), security(("bearer" = ["write:statuses"])), responses((status = 200, body = Status)))]
pub async fn delete(State(state): State<AppState>, token: Token, Path(id): Path<String>) -> AppResult<Json<Status>> {
    let account = token.user(&["write:statuses"])?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let mut conn = state.db.get().await?;
    let before = statuses::find(&mut conn, id)
        .await?
        .filter(|s| s.actor_id == account.actor.id && !s.is_deleted())
        .ok_or(AppError::NotFound)?;
    let mut entity = views::status(&mut conn, &state, Some(account.actor.id), before.clone()).await?;
    drop(conn);
    status_service::delete(&state, account, id).await?;
    entity.text = Some(before.source);
    Ok(Json(entity))
}

async fn answer(state: &AppState, viewer: i64, status: DbStatus) -> AppResult<Json<Status>> {
    let mut conn = state.db.get().await?;
    Ok(Json(views::status(&mut conn, state, Some(viewer), status).await?))
}

fn status_id(id: &str) -> AppResult<i64> {
    id.parse().map_err(|_| AppError::NotFound)
}

#[utoipa::path(post, path = "/api/v1/statuses/{id}/favourite", tag = "statuses", params(("id" = String, Path)), security(("bearer" = ["write:favourites"])), responses((status = 200, body = Status)))]
pub async fn favourite(State(state): State<AppState>, token: Token, Path(id): Path<String>) -> AppResult<Json<Status>> {
    let account = token.user(&["write:favourites"])?;
    let status = status_service::favourite(&state, &account.actor, status_id(&id)?).await?;
    answer(&state, account.actor.id, status).await
}

#[utoipa::path(post, path = "/api/v1/statuses/{id}/unfavourite", tag = "statuses", params(("id" = String, Path)), security(("bearer" = ["write:favourites"])), responses((status = 200, body = Status)))]
pub async fn unfavourite(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
) -> AppResult<Json<Status>> {
    let account = token.user(&["write:favourites"])?;
    let status = status_service::unfavourite(&state, &account.actor, status_id(&id)?).await?;
    answer(&state, account.actor.id, status).await
}

/// Pins one of the caller's posts to their profile (at most five; 422 beyond, or for someone else's post).
#[utoipa::path(post, path = "/api/v1/statuses/{id}/pin", tag = "statuses", params(("id" = String, Path)), security(("bearer" = ["write:accounts"])), responses((status = 200, body = Status), (status = 422, description = "Not pinnable")))]
pub async fn pin(State(state): State<AppState>, token: Token, Path(id): Path<String>) -> AppResult<Json<Status>> {
    let account = token.user(&["write:accounts"])?;
    let status = status_service::reactions::pin(&state, &account.actor, status_id(&id)?).await?;
    answer(&state, account.actor.id, status).await
}

#[utoipa::path(post, path = "/api/v1/statuses/{id}/unpin", tag = "statuses", params(("id" = String, Path)), security(("bearer" = ["write:accounts"])), responses((status = 200, body = Status)))]
pub async fn unpin(State(state): State<AppState>, token: Token, Path(id): Path<String>) -> AppResult<Json<Status>> {
    let account = token.user(&["write:accounts"])?;
    let status = status_service::reactions::unpin(&state, &account.actor, status_id(&id)?).await?;
    answer(&state, account.actor.id, status).await
}

/// Bookmarks a status (private: nobody else learns of it).
#[utoipa::path(post, path = "/api/v1/statuses/{id}/bookmark", tag = "statuses", params(("id" = String, Path)), security(("bearer" = ["write:bookmarks"])), responses((status = 200, body = Status)))]
pub async fn bookmark(State(state): State<AppState>, token: Token, Path(id): Path<String>) -> AppResult<Json<Status>> {
    let account = token.user(&["write:bookmarks"])?;
    let status = status_service::reactions::bookmark(&state, &account.actor, status_id(&id)?).await?;
    answer(&state, account.actor.id, status).await
}

#[utoipa::path(post, path = "/api/v1/statuses/{id}/unbookmark", tag = "statuses", params(("id" = String, Path)), security(("bearer" = ["write:bookmarks"])), responses((status = 200, body = Status)))]
pub async fn unbookmark(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
) -> AppResult<Json<Status>> {
    let account = token.user(&["write:bookmarks"])?;
    let status = status_service::reactions::unbookmark(&state, &account.actor, status_id(&id)?).await?;
    answer(&state, account.actor.id, status).await
}

/// Boosts a status; returns the boost, whose `reblog` is the boosted status.
#[utoipa::path(post, path = "/api/v1/statuses/{id}/reblog", tag = "statuses", params(("id" = String, Path)), security(("bearer" = ["write:statuses"])), responses((status = 200, body = Status)))]
pub async fn reblog(State(state): State<AppState>, token: Token, Path(id): Path<String>) -> AppResult<Json<Status>> {
    let account = token.user(&["write:statuses"])?;
    let boost = status_service::reblog(&state, &account.actor, status_id(&id)?).await?;
    answer(&state, account.actor.id, boost).await
}

#[utoipa::path(post, path = "/api/v1/statuses/{id}/unreblog", tag = "statuses", params(("id" = String, Path)), security(("bearer" = ["write:statuses"])), responses((status = 200, body = Status)))]
pub async fn unreblog(State(state): State<AppState>, token: Token, Path(id): Path<String>) -> AppResult<Json<Status>> {
    let account = token.user(&["write:statuses"])?;
    let status = status_service::unreblog(&state, &account.actor, status_id(&id)?).await?;
    answer(&state, account.actor.id, status).await
}
