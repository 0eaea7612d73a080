//! The instance's description and the endpoints apps call at login that Fucina
//! answers with empty but well-formed data (custom emojis, filters, markers…).

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use crate::api::auth::Token;
use crate::api::entities::{instance_v1, instance_v2};
use crate::db::users;
use crate::error::AppResult;
use crate::state::AppState;

/// The instance, Mastodon 4 shape.
#[utoipa::path(get, path = "/api/v2/instance", tag = "instance", responses((status = 200, description = "Instance")))]
pub async fn v2(State(state): State<AppState>) -> AppResult<Json<Value>> {
    let mut conn = state.db.get().await?;
    let users = users::count(&mut conn).await?;
    Ok(Json(instance_v2(&state.config, &state.urls(), users)))
}

/// The instance, the older shape.
#[utoipa::path(get, path = "/api/v1/instance", tag = "instance", responses((status = 200, description = "V1Instance")))]
pub async fn v1(State(state): State<AppState>) -> AppResult<Json<Value>> {
    let mut conn = state.db.get().await?;
    let users = users::count(&mut conn).await?;
    Ok(Json(instance_v1(&state.config, users, 0, 0)))
}

/// The signed-in user's posting and reading preferences.
#[utoipa::path(get, path = "/api/v1/preferences", tag = "accounts", security(("bearer" = ["read:accounts"])),
    responses((status = 200, description = "Preferences")))]
pub async fn preferences(token: Token) -> AppResult<Json<Value>> {
    let account = token.user(&["read:accounts"])?;
    Ok(Json(json!({
        "posting:default:visibility": "public",
        "posting:default:sensitive": false,
        "posting:default:language": account.user.locale,
        "posting:default:quote_policy": "nobody",
        "reading:expand:media": "default",
        "reading:expand:spoilers": false,
        "reading:autoplay:gifs": false,
    })))
}

/// An empty list: a feature Fucina does not offer (yet), answered so apps do not fail.
pub async fn empty_list() -> Json<Value> {
    Json(json!([]))
}

/// An empty object, for the same reason.
pub async fn empty_object() -> Json<Value> {
    Json(json!({}))
}

/// An empty list of the caller's own things (bookmarks, lists, filters…):
/// a token that may read is needed, as it would be for real data.
pub async fn empty_user_list(token: crate::api::auth::Token) -> crate::error::AppResult<Json<Value>> {
    token.user(&["read"])?;
    Ok(Json(json!([])))
}

/// An empty object of the caller's own (markers), on the same terms.
pub async fn empty_user_object(token: crate::api::auth::Token) -> crate::error::AppResult<Json<Value>> {
    token.user(&["read:statuses", "write:statuses"])?;
    Ok(Json(json!({})))
}
