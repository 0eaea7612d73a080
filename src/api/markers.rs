//! Read positions (`/api/v1/markers`) and the unread notifications' count,
//! as Mastodon's apps keep them in step between devices.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::api::auth::Token;
use crate::api::entities::timestamp;
use crate::api::params::{Params, lenient};
use crate::db::markers::DbMarker;
use crate::error::AppResult;
use crate::services::markers as service;
use crate::state::AppState;

/// A read position (Mastodon's `Marker`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Marker {
    pub last_read_id: String,
    pub version: i32,
    pub updated_at: String,
}

fn by_timeline(rows: Vec<DbMarker>) -> BTreeMap<String, Marker> {
    rows.into_iter()
        .map(|m| {
            (
                m.timeline,
                Marker {
                    last_read_id: m.last_read_id,
                    version: m.version,
                    updated_at: timestamp(m.updated_at),
                },
            )
        })
        .collect()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MarkersQuery {
    #[serde(deserialize_with = "lenient::string_or_list")]
    timeline: Vec<String>,
}

/// The caller's markers of the timelines named (`timeline[]=home&timeline[]=notifications`); none named, none given.
#[utoipa::path(get, path = "/api/v1/markers", tag = "markers", security(("bearer" = ["read:statuses"])),
    responses((status = 200, description = "The markers by timeline", body = BTreeMap<String, Marker>)))]
pub async fn get(
    State(state): State<AppState>,
    token: Token,
    Params(query): Params<MarkersQuery>,
) -> AppResult<Json<BTreeMap<String, Marker>>> {
    let me = token.user(&["read:statuses"])?;
    Ok(Json(by_timeline(
        service::get(&state, me.actor.id, &query.timeline).await?,
    )))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MarkerParams {
    /// A string, as Mastodon documents it, or a number, as some apps send it.
    last_read_id: Option<Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SaveParams {
    home: Option<MarkerParams>,
    notifications: Option<MarkerParams>,
}

fn id_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        _ => String::new(),
    }
}

/// Moves the caller's markers (`home[last_read_id]`, `notifications[last_read_id]`); 422 for an id that is not one.
#[utoipa::path(post, path = "/api/v1/markers", tag = "markers", security(("bearer" = ["write:statuses"])),
    responses((status = 200, description = "The markers saved", body = BTreeMap<String, Marker>),
              (status = 422, description = "Not an id")))]
pub async fn save(
    State(state): State<AppState>,
    token: Token,
    Params(params): Params<SaveParams>,
) -> AppResult<Json<BTreeMap<String, Marker>>> {
    let me = token.user(&["write:statuses"])?;
    let mut changes = Vec::new();
    for (timeline, given) in [("home", &params.home), ("notifications", &params.notifications)] {
        if let Some(id) = given.as_ref().and_then(|p| p.last_read_id.as_ref()) {
            changes.push((timeline, id_text(id)));
        }
    }
    Ok(Json(by_timeline(service::save(&state, me.actor.id, &changes).await?)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CountQuery {
    #[serde(deserialize_with = "lenient::opt_i64")]
    limit: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CountResponse {
    pub count: i64,
}

/// How many notifications the caller has not read, counting up to `limit` (100 by default, 1000 at most).
#[utoipa::path(get, path = "/api/v1/notifications/unread_count", tag = "notifications", security(("bearer" = ["read:notifications"])),
    responses((status = 200, body = CountResponse)))]
pub async fn unread_count(
    State(state): State<AppState>,
    token: Token,
    Params(query): Params<CountQuery>,
) -> AppResult<Json<CountResponse>> {
    let me = token.user(&["read:notifications"])?;
    let count = crate::services::notifications::unread_count(&state, me.actor.id, query.limit.unwrap_or(100)).await?;
    Ok(Json(CountResponse { count }))
}
