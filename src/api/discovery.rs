//! Finding people the Mastodon way: the profile directory and the followers
//! one has in common with an account.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::auth::{MaybeToken, Token};
use crate::api::entities::Account;
use crate::api::params::{Params, lenient};
use crate::api::views;
use crate::db::{actors, follows};
use crate::error::AppResult;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DirectoryQuery {
    #[serde(deserialize_with = "lenient::opt_i64")]
    offset: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    limit: Option<i64>,
    /// `active` (the default) or `new`.
    order: Option<String>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    local: Option<bool>,
}

/// Discoverable people, here or everywhere, most recently active or newest first.
#[utoipa::path(get, path = "/api/v1/directory", tag = "directory", responses((status = 200, body = [Account])))]
pub async fn directory(
    State(state): State<AppState>,
    token: MaybeToken,
    Params(query): Params<DirectoryQuery>,
) -> AppResult<Json<Vec<Account>>> {
    token.reader(&["read:accounts"])?;
    let mut conn = state.db.get().await?;
    let found = actors::directory(
        &mut conn,
        query.local.unwrap_or(false),
        query.order.as_deref() == Some("new"),
        query.offset.unwrap_or(0),
        query.limit.unwrap_or(40).clamp(1, 80),
    )
    .await?;
    Ok(Json(found.iter().map(|a| views::account(&state, a)).collect()))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FamiliarQuery {
    #[serde(deserialize_with = "lenient::string_or_list")]
    id: Vec<String>,
}

/// For one account: the people the caller follows who follow it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FamiliarFollowers {
    pub id: String,
    pub accounts: Vec<Account>,
}

/// For each account asked about (`id[]`, at most 40), the people the caller
/// follows who follow it too (those who hide whom they follow are left out).
#[utoipa::path(get, path = "/api/v1/accounts/familiar_followers", tag = "accounts", security(("bearer" = ["read:follows"])),
    responses((status = 200, body = [FamiliarFollowers])))]
pub async fn familiar_followers(
    State(state): State<AppState>,
    token: Token,
    Params(query): Params<FamiliarQuery>,
) -> AppResult<Json<Vec<FamiliarFollowers>>> {
    let me = token.user(&["read:follows"])?;
    let mut conn = state.db.get().await?;
    let mut out = Vec::new();
    for id in query.id.iter().take(40) {
        let accounts = match id.parse::<i64>() {
            Ok(target) => follows::familiar_followers(&mut conn, me.actor.id, target, 40).await?,
            Err(_) => Vec::new(),
        };
        out.push(FamiliarFollowers {
            id: id.clone(),
            accounts: accounts.iter().map(|a| views::account(&state, a)).collect(),
        });
    }
    Ok(Json(out))
}
