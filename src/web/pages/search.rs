//! Finding people and posts, here and on other servers, and following people
//! from another server ("remote follow").

use axum::extract::Query;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::db::statuses::Viewer as Seen;
use crate::db::{actors, views};
use crate::error::{AppError, AppResult};
use crate::services::lookup::{self, Found};
use crate::state::FedData;
use crate::web::context::{SignedIn, Viewer};
use crate::web::templates::{RemoteFollowTemplate, SearchTemplate, render, render_with_status};
use crate::web::views::{AccountLine, StatusCard, actor_link};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    q: String,
}

/// Search by name, handle (`@name@server`, fetched if need be) or URL.
pub async fn search(data: FedData, signed_in: SignedIn, Query(query): Query<SearchQuery>) -> AppResult<Response> {
    let q = query.q.trim().to_owned();
    let me = signed_in.account.actor.id;
    let tr = signed_in.viewer.translator();
    let mut accounts = Vec::new();
    let mut statuses_found = Vec::new();
    let mut error = None;
    if q.starts_with("https://") || q.starts_with("http://") {
        match lookup::by_url(&data, Seen::Actor(me), &q).await {
            Ok(Found::Actor(actor)) => return Ok(Redirect::to(&actor_link(&actor)).into_response()),
            Ok(Found::Status(status)) => {
                let mut conn = data.db.get().await?;
                statuses_found = views::statuses(&mut conn, Some(me), vec![*status]).await?;
            }
            Err(AppError::Internal(e)) => return Err(AppError::Internal(e)),
            Err(_) => error = Some(tr.t("search-not-found")),
        }
    } else if q.trim_start_matches(['@', '!']).contains('@') {
        match lookup::actor_by_handle(&data, &q).await {
            Ok(actor) => return Ok(Redirect::to(&actor_link(&actor)).into_response()),
            Err(AppError::Internal(e)) => return Err(AppError::Internal(e)),
            Err(_) => error = Some(tr.t("search-not-found")),
        }
    } else if !q.is_empty() {
        let mut conn = data.db.get().await?;
        accounts = actors::search(&mut conn, &q, 20)
            .await?
            .iter()
            .filter(|a| a.actor_type != "Application")
            .map(AccountLine::new)
            .collect();
        if accounts.is_empty() {
            error = Some(tr.t("search-not-found"));
        }
    }
    let cards = statuses_found
        .iter()
        .map(|v| StatusCard::from_view(v, &data, &tr, Some(me)))
        .collect();
    Ok(render(&SearchTemplate {
        page: signed_in.viewer.page(&data),
        query: q,
        error,
        accounts,
        statuses: cards,
    }))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RemoteFollowQuery {
    acct: String,
    handle: String,
}

/// A visitor follows a local account from their own server: we ask their
/// server (WebFinger) where it lets people follow, and send them there. Only
/// a bare `name@domain` is taken, and the visitor is sent nowhere but to that
/// domain.
pub async fn remote_follow(
    data: FedData,
    viewer: Viewer,
    Query(query): Query<RemoteFollowQuery>,
) -> AppResult<Response> {
    let acct = query.acct.trim().trim_start_matches('@').to_owned();
    let mut conn = data.db.get().await?;
    let actor = actors::find_local_by_username(&mut conn, &acct)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    let handle = query.handle.trim().trim_start_matches('@').to_owned();
    let tr = viewer.translator();
    if handle.is_empty() {
        return Ok(render(&RemoteFollowTemplate {
            page: viewer.page(&data),
            acct,
            handle,
            error: None,
        }));
    }
    let target = lookup::subscribe_page(&data, &handle, &actor.ap_id).await;
    match target {
        Some(target) => Ok(Redirect::to(target.as_str()).into_response()),
        None => Ok(render_with_status(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            &RemoteFollowTemplate {
                page: viewer.page(&data),
                acct,
                handle,
                error: Some(tr.t("remote-follow-failed")),
            },
        )),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InteractionQuery {
    uri: String,
}

/// Where other servers send their users to interact with something here or
/// elsewhere (`authorize_interaction?uri=…`): we find it and open its page.
pub async fn authorize_interaction(
    data: FedData,
    signed_in: SignedIn,
    Query(query): Query<InteractionQuery>,
) -> AppResult<Response> {
    let uri = query.uri.trim().trim_start_matches("acct:");
    let me = Seen::Actor(signed_in.account.actor.id);
    let found = if uri.starts_with("http") {
        lookup::by_url(&data, me, uri).await?
    } else {
        Found::Actor(Box::new(lookup::actor_by_handle(&data, uri).await?))
    };
    let target = match found {
        Found::Actor(actor) => actor_link(&actor),
        Found::Status(status) => format!("/statuses/{}", status.id),
    };
    Ok(Redirect::to(&target).into_response())
}
