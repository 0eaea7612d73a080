//! Notifications: list (filtered by type), one, dismiss, clear.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use serde::Deserialize;

use crate::api::auth::Token;
use crate::api::entities::{Notification, Status, timestamp};
use crate::api::pagination::{PageParams, paginated};
use crate::api::params::{Params, lenient};
use crate::api::views;
use crate::db::notifications::{self, DbNotification};
use crate::db::{actors, statuses};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    #[serde(flatten)]
    page: PageParams,
    #[serde(deserialize_with = "lenient::string_or_list")]
    types: Vec<String>,
    #[serde(deserialize_with = "lenient::string_or_list")]
    exclude_types: Vec<String>,
}

async fn entities(state: &AppState, viewer: i64, rows: Vec<DbNotification>) -> AppResult<Vec<Notification>> {
    let mut conn = state.db.get().await?;
    let actor_ids: Vec<i64> = rows.iter().map(|n| n.from_actor_id).collect();
    let actors: HashMap<i64, _> = actors::find_many(&mut conn, &actor_ids)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let status_ids: Vec<i64> = rows.iter().filter_map(|n| n.status_id).collect();
    let status_rows = statuses::find_many_live(&mut conn, &status_ids).await?;
    let status_entities: HashMap<String, Status> = views::statuses(&mut conn, state, Some(viewer), status_rows)
        .await?
        .into_iter()
        .map(|s| (s.id.clone(), s))
        .collect();
    let warning_ids: Vec<i64> = rows.iter().filter_map(|n| n.warning_id).collect();
    let warnings: HashMap<i64, _> = crate::db::moderation::find_warnings(&mut conn, &warning_ids)
        .await?
        .into_iter()
        .map(|w| (w.id, w))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|n| {
            let actor = actors.get(&n.from_actor_id)?;
            let status = match n.status_id {
                Some(id) => Some(status_entities.get(&id.to_string())?.clone()),
                None => None,
            };
            Some(Notification {
                id: n.id.to_string(),
                group_key: format!("ungrouped-{}", n.id),
                kind: n.kind,
                created_at: timestamp(n.created_at),
                account: views::account(state, actor),
                status,
                proposal_id: n.proposal_id.map(|i| i.to_string()),
                interest_id: n.interest_id.map(|i| i.to_string()),
                moderation_warning: n
                    .warning_id
                    .and_then(|id| warnings.get(&id))
                    .map(|w| views::warning(state, w, actor)),
            })
        })
        .collect())
}

#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", security(("bearer" = ["read:notifications"])), responses((status = 200, body = [Notification])))]
pub async fn list(
    State(state): State<AppState>,
    token: Token,
    uri: Uri,
    Params(query): Params<ListQuery>,
) -> AppResult<Response> {
    let me = token.user(&["read:notifications"])?;
    let page = query.page.page(40, 80);
    let mut conn = state.db.get().await?;
    // Group invitations, join requests, proposals and interests are not Mastodon types: only apps
    // that ask for them by name get them.
    let mut exclude = query.exclude_types.clone();
    for fucina_only in crate::domain::notification::FUCINA_KINDS {
        if !query.types.iter().any(|t| t == fucina_only) {
            exclude.push(fucina_only.to_owned());
        }
    }
    let rows = notifications::list(&mut conn, me.actor.id, &query.types, &exclude, &page).await?;
    drop(conn);
    let ids: Vec<i64> = rows.iter().map(|n| n.id).collect();
    let entities = entities(&state, me.actor.id, rows).await?;
    Ok(paginated(entities, &ids, &uri, state.config.server.base_url.as_str()))
}

#[utoipa::path(get, path = "/api/v1/notifications/{id}", tag = "notifications", params(("id" = String, Path)), security(("bearer" = ["read:notifications"])), responses((status = 200, body = Notification)))]
pub async fn get(State(state): State<AppState>, token: Token, Path(id): Path<String>) -> AppResult<Json<Notification>> {
    let me = token.user(&["read:notifications"])?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let mut conn = state.db.get().await?;
    let row = notifications::find(&mut conn, me.actor.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    entities(&state, me.actor.id, vec![row])
        .await?
        .into_iter()
        .next()
        .map(Json)
        .ok_or(AppError::NotFound)
}

#[utoipa::path(post, path = "/api/v1/notifications/{id}/dismiss", tag = "notifications", params(("id" = String, Path)), security(("bearer" = ["write:notifications"])), responses((status = 200, description = "Dismissed")))]
pub async fn dismiss(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
) -> AppResult<Json<serde_json::Value>> {
    let me = token.user(&["write:notifications"])?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    crate::services::notifications::dismiss(&state, me.actor.id, id).await?;
    Ok(Json(serde_json::json!({})))
}

#[utoipa::path(post, path = "/api/v1/notifications/clear", tag = "notifications", security(("bearer" = ["write:notifications"])), responses((status = 200, description = "Cleared")))]
pub async fn clear(State(state): State<AppState>, token: Token) -> AppResult<Json<serde_json::Value>> {
    let me = token.user(&["write:notifications"])?;
    crate::services::notifications::clear(&state, me.actor.id).await?;
    Ok(Json(serde_json::json!({})))
}
