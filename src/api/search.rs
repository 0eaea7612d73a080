//! Search (`/api/v2/search`, `/api/v1/accounts/search`): accounts by name,
//! handle, organisation, role, skills or bio; posts by any word (public ones,
//! and one's own); hashtags; and — with `resolve=true` — a remote account by
//! handle or a post or account by URL.

use axum::Json;
use serde::{Deserialize, Serialize};

use crate::api::auth::MaybeToken;
use crate::api::entities::{Account, Status, Tag};
use crate::api::params::{Params, lenient};
use crate::api::views;
use crate::db::search::{self, ActorKind};
use crate::db::statuses::Viewer;
use crate::error::{AppError, AppResult};
use crate::services::lookup::{self, Found};
use crate::state::FedData;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    q: String,
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    resolve: Option<bool>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    limit: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    offset: Option<i64>,
    /// Only posts of this account.
    account_id: Option<String>,
    /// Only accounts (and posts of accounts) the caller follows.
    #[serde(deserialize_with = "lenient::opt_bool")]
    following: Option<bool>,
}

#[derive(Debug, Default, Serialize, utoipa::ToSchema)]
pub struct SearchResults {
    pub accounts: Vec<Account>,
    pub statuses: Vec<Status>,
    pub hashtags: Vec<Tag>,
}

#[utoipa::path(get, path = "/api/v2/search", tag = "search", responses((status = 200, body = SearchResults)))]
pub async fn search(
    data: FedData,
    token: MaybeToken,
    Params(query): Params<SearchQuery>,
) -> AppResult<Json<SearchResults>> {
    let account = token.reader(&["read:search"])?;
    let viewer = account.map(|a| a.actor.id);
    let q = query.q.trim();
    let limit = query.limit.unwrap_or(20).clamp(1, 40);
    let offset = query.offset.unwrap_or(0).clamp(0, 10_000);
    let wants = |kind: &str| query.kind.as_deref().is_none_or(|k| k == kind);
    // Fetching from other servers is for signed-in users only, as in Mastodon.
    let resolve = query.resolve == Some(true) && account.is_some();
    let mut results = SearchResults::default();
    if q.is_empty() {
        return Ok(Json(results));
    }

    if q.starts_with("https://") || q.starts_with("http://") {
        if resolve {
            match lookup::by_url(&data, viewer.map_or(Viewer::Anonymous, Viewer::Actor), q).await {
                Ok(Found::Actor(actor)) if wants("accounts") => results.accounts.push(views::account(&data, &actor)),
                Ok(Found::Status(status)) if wants("statuses") => {
                    let mut conn = data.db.get().await?;
                    results.statuses = views::statuses(&mut conn, &data, viewer, vec![*status]).await?;
                }
                Ok(_) => {}
                Err(AppError::Internal(e)) => return Err(AppError::Internal(e)),
                Err(error) => {
                    tracing::debug!(url = q, error = %error, "search could not resolve a URL")
                }
            }
        }
        return Ok(Json(results));
    }

    // `@name@host`, or Lemmy's `!name@host` for a community.
    let handle = q.trim_start_matches(['@', '!']);
    if wants("accounts") {
        if resolve && handle.contains('@') {
            match lookup::actor_by_handle(&data, handle).await {
                Ok(actor) => results.accounts.push(views::account(&data, &actor)),
                Err(AppError::Internal(e)) => return Err(AppError::Internal(e)),
                Err(error) => {
                    tracing::debug!(handle, error = %error, "search could not resolve a handle")
                }
            }
        }
        if results.accounts.is_empty() {
            let words = if handle.contains('@') {
                handle.split('@').next().unwrap_or_default()
            } else {
                q
            };
            let following = viewer.filter(|_| query.following == Some(true));
            let mut conn = data.db.get().await?;
            for found in search::actors(&mut conn, words, ActorKind::Accounts, following, offset, limit).await? {
                results.accounts.push(views::account(&data, &found.actor));
            }
        }
    }
    if wants("statuses") && !q.starts_with('#') {
        let account_id = query.account_id.as_deref().and_then(|a| a.parse().ok());
        let following = query.following == Some(true);
        let mut conn = data.db.get().await?;
        let found = search::statuses(&mut conn, viewer, q, account_id, following, offset, limit).await?;
        let rows = found.into_iter().map(|f| f.status).collect();
        results.statuses = views::statuses(&mut conn, &data, viewer, rows).await?;
    }
    if wants("hashtags") {
        let tag = q.trim_start_matches('#').to_lowercase();
        if !tag.is_empty() && tag.chars().all(|c| c.is_alphanumeric() || c == '_') {
            results.hashtags.push(Tag {
                id: tag.clone(),
                url: data.urls().absolute(&format!("/tags/{tag}")),
                name: tag,
                history: Vec::new(),
                following: false,
            });
        }
    }
    Ok(Json(results))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AccountSearchQuery {
    q: String,
    #[serde(deserialize_with = "lenient::opt_i64")]
    limit: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    offset: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    resolve: Option<bool>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    following: Option<bool>,
}

/// Accounts by name, handle, organisation, role, skills or bio (Mastodon's
/// `GET /api/v1/accounts/search`); `resolve=true` looks a handle up on its server.
#[utoipa::path(get, path = "/api/v1/accounts/search", tag = "accounts", security(("bearer" = ["read:accounts"])),
    responses((status = 200, body = [Account])))]
pub async fn accounts(
    data: FedData,
    token: crate::api::auth::Token,
    Params(query): Params<AccountSearchQuery>,
) -> AppResult<Json<Vec<Account>>> {
    let me = token.user(&["read:accounts"])?;
    let q = query.q.trim();
    let limit = query.limit.unwrap_or(40).clamp(1, 80);
    let offset = query.offset.unwrap_or(0).clamp(0, 10_000);
    if q.is_empty() {
        return Ok(Json(Vec::new()));
    }
    let handle = q.trim_start_matches(['@', '!']);
    if query.resolve == Some(true) && handle.contains('@') && offset == 0 {
        match lookup::actor_by_handle(&data, handle).await {
            Ok(actor) => return Ok(Json(vec![views::account(&data, &actor)])),
            Err(AppError::Internal(e)) => return Err(AppError::Internal(e)),
            Err(_) => {}
        }
    }
    let words = if handle.contains('@') {
        handle.split('@').next().unwrap_or_default()
    } else {
        q
    };
    let following = (query.following == Some(true)).then_some(me.actor.id);
    let mut conn = data.db.get().await?;
    let found = search::actors(&mut conn, words, ActorKind::Accounts, following, offset, limit).await?;
    Ok(Json(found.iter().map(|f| views::account(&data, &f.actor)).collect()))
}
