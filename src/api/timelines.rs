//! Timelines: home, public (all, local, remote) and hashtags.

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use diesel_async::AsyncPgConnection;
use serde::Deserialize;

use crate::api::auth::{MaybeToken, Token};
use crate::api::pagination::{PageParams, paginated};
use crate::api::params::{Params, lenient};
use crate::api::views;
use crate::db::favourites::{self, Kept};
use crate::db::statuses::{self, DbStatus, Scope, Viewer};
use crate::error::AppResult;
use crate::state::AppState;

/// Posts of the accounts the user follows, and their own.
#[utoipa::path(get, path = "/api/v1/timelines/home", tag = "timelines", security(("bearer" = ["read:statuses"])), responses((status = 200, body = [crate::api::entities::Status])))]
pub async fn home(
    State(state): State<AppState>,
    token: Token,
    uri: Uri,
    Params(page): Params<PageParams>,
) -> AppResult<Response> {
    let me = token.user(&["read:statuses"])?;
    let page = page.page(20, 40);
    let mut conn = state.db.get().await?;
    let rows = statuses::home(&mut conn, me.actor.id, &page).await?;
    timeline(&mut conn, &state, Some(me.actor.id), rows, &uri).await
}

/// A timeline's page of `rows`: their entities, with the links to the pages
/// before and after.
async fn timeline(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    viewer: Option<i64>,
    rows: Vec<DbStatus>,
    uri: &Uri,
) -> AppResult<Response> {
    let ids: Vec<i64> = rows.iter().map(|s| s.id).collect();
    let entities = views::statuses(conn, state, viewer, rows).await?;
    Ok(paginated(entities, &ids, uri, state.config.server.base_url.as_str()))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PublicQuery {
    #[serde(flatten)]
    page: PageParams,
    #[serde(deserialize_with = "lenient::opt_bool")]
    local: Option<bool>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    remote: Option<bool>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    only_media: Option<bool>,
}

impl PublicQuery {
    fn scope(&self) -> Scope {
        match (self.local, self.remote) {
            (Some(true), _) => Scope::Local,
            (_, Some(true)) => Scope::Remote,
            _ => Scope::All,
        }
    }
}

/// Public posts, from here and elsewhere.
#[utoipa::path(get, path = "/api/v1/timelines/public", tag = "timelines", responses((status = 200, body = [crate::api::entities::Status])))]
pub async fn public(
    State(state): State<AppState>,
    token: MaybeToken,
    uri: Uri,
    Params(query): Params<PublicQuery>,
) -> AppResult<Response> {
    public_or_tagged(&state, &token, &uri, &query, None).await
}

/// Public posts with a hashtag.
#[utoipa::path(get, path = "/api/v1/timelines/tag/{hashtag}", tag = "timelines", params(("hashtag" = String, Path)), responses((status = 200, body = [crate::api::entities::Status])))]
pub async fn tag(
    State(state): State<AppState>,
    token: MaybeToken,
    Path(hashtag): Path<String>,
    uri: Uri,
    Params(query): Params<PublicQuery>,
) -> AppResult<Response> {
    public_or_tagged(&state, &token, &uri, &query, Some(hashtag.trim_start_matches('#'))).await
}

/// Public posts, or those with a hashtag, for whoever holds `token` (or no one).
async fn public_or_tagged(
    state: &AppState,
    token: &MaybeToken,
    uri: &Uri,
    query: &PublicQuery,
    hashtag: Option<&str>,
) -> AppResult<Response> {
    let viewer = token.reader(&["read:statuses"])?.map(|a| a.actor.id);
    let seen = viewer.map_or(Viewer::Anonymous, Viewer::Actor);
    let page = query.page.page(20, 40);
    let mut conn = state.db.get().await?;
    let rows = match hashtag {
        None => statuses::public(&mut conn, seen, query.scope(), query.only_media == Some(true), &page).await?,
        Some(hashtag) => statuses::tagged(&mut conn, seen, hashtag, query.scope(), &page).await?,
    };
    timeline(&mut conn, state, viewer, rows, uri).await
}

/// The posts one favourited or bookmarked, latest first, paged by when.
async fn kept(state: &AppState, token: &Token, uri: &Uri, page: &PageParams, kind: Kept) -> AppResult<Response> {
    let scopes: &[&str] = match kind {
        Kept::Favourites => &["read:favourites"],
        Kept::Bookmarks => &["read:bookmarks"],
    };
    let me = token.user(scopes)?;
    let page = page.page(20, 40);
    let mut conn = state.db.get().await?;
    let rows = favourites::kept(&mut conn, me.actor.id, kind, &page).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.cursor).collect();
    let statuses: Vec<DbStatus> = rows.into_iter().map(|r| r.status).collect();
    let entities = views::statuses(&mut conn, state, Some(me.actor.id), statuses).await?;
    Ok(paginated(entities, &ids, uri, state.config.server.base_url.as_str()))
}

/// The posts one favourited.
#[utoipa::path(get, path = "/api/v1/favourites", tag = "timelines", security(("bearer" = ["read:favourites"])), responses((status = 200, body = [crate::api::entities::Status])))]
pub async fn favourites(
    State(state): State<AppState>,
    token: Token,
    uri: Uri,
    Params(page): Params<PageParams>,
) -> AppResult<Response> {
    kept(&state, &token, &uri, &page, Kept::Favourites).await
}

/// The posts one bookmarked.
#[utoipa::path(get, path = "/api/v1/bookmarks", tag = "timelines", security(("bearer" = ["read:bookmarks"])), responses((status = 200, body = [crate::api::entities::Status])))]
pub async fn bookmarks(
    State(state): State<AppState>,
    token: Token,
    uri: Uri,
    Params(page): Params<PageParams>,
) -> AppResult<Response> {
    kept(&state, &token, &uri, &page, Kept::Bookmarks).await
}
