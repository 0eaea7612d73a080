//! Search (`/api/v2/search`): accounts by name, hashtags, and — with
//! `resolve=true` — a remote account by handle or a post or account by URL.

use axum::Json;
use serde::{Deserialize, Serialize};

use crate::api::auth::MaybeToken;
use crate::api::entities::{Account, Status, Tag};
use crate::api::params::{Params, lenient};
use crate::api::views;
use crate::db::actors;
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
            let name = handle.split('@').next().unwrap_or_default();
            let mut conn = data.db.get().await?;
            for actor in actors::search(&mut conn, name, limit)
                .await?
                .into_iter()
                .filter(|a| a.actor_type != "Application")
            {
                results.accounts.push(views::account(&data, &actor));
            }
        }
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
