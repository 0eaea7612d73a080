//! Finding people and posts, here and on other servers, and following people
//! from another server ("remote follow").

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::db::statuses::{self, Viewer as Seen};
use crate::db::{actors, views};
use crate::error::{AppError, AppResult};
use crate::federation::FedData;
use crate::federation::fetch::{self, Resolved};
use crate::state::AppState;
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
        match fetch::by_url(&data, &q).await {
            Ok(Resolved::Actor(actor)) => return Ok(Redirect::to(&actor_link(&actor)).into_response()),
            Ok(Resolved::Status(status)) => {
                let mut conn = data.db.get().await?;
                if statuses::visible_to(&mut conn, Seen::Actor(me), status.id).await? {
                    statuses_found = views::statuses(&mut conn, Some(me), vec![*status]).await?;
                }
            }
            Err(AppError::Internal(e)) => return Err(AppError::Internal(e)),
            Err(_) => error = Some(tr.t("search-not-found")),
        }
    } else if q.trim_start_matches(['@', '!']).contains('@') {
        match fetch::actor_by_handle(&data, &q).await {
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
/// server (WebFinger) where it lets people follow, and send them there.
pub async fn remote_follow(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<RemoteFollowQuery>,
) -> AppResult<Response> {
    let acct = query.acct.trim().trim_start_matches('@').to_owned();
    let mut conn = state.db.get().await?;
    let actor = actors::find_local_by_username(&mut conn, &acct)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    let handle = query.handle.trim().trim_start_matches('@').to_owned();
    let tr = viewer.translator();
    if handle.is_empty() {
        return Ok(render(&RemoteFollowTemplate {
            page: viewer.page(&state),
            acct,
            handle,
            error: None,
        }));
    }
    match subscribe_template(&state, &handle).await {
        Some(template) => Ok(Redirect::to(&template.replace(
            "{uri}",
            &url::form_urlencoded::byte_serialize(actor.ap_id.as_bytes()).collect::<String>(),
        ))
        .into_response()),
        None => Ok(render_with_status(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            &RemoteFollowTemplate {
                page: viewer.page(&state),
                acct,
                handle,
                error: Some(tr.t("remote-follow-failed")),
            },
        )),
    }
}

/// The "follow someone" page of the server behind `handle` (OStatus subscribe template).
async fn subscribe_template(state: &AppState, handle: &str) -> Option<String> {
    let (_, domain) = handle.split_once('@')?;
    let scheme = if state.config.federation.allow_private_addresses {
        "http"
    } else {
        "https"
    };
    let url = format!("{scheme}://{domain}/.well-known/webfinger?resource=acct:{handle}");
    let client = crate::federation::http_client(state).ok()?;
    let document: serde_json::Value = client
        .get(url)
        .header("accept", "application/jrd+json")
        .send()
        .await
        .ok()?
        .json()
        .await
        .ok()?;
    document["links"]
        .as_array()?
        .iter()
        .find(|l| l["rel"] == "http://ostatus.org/schema/1.0/subscribe")
        .and_then(|l| l["template"].as_str())
        .filter(|t| t.starts_with("https://") || (scheme == "http" && t.starts_with("http://")))
        .map(str::to_owned)
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
    let resolved = if uri.starts_with("http") {
        fetch::by_url(&data, uri).await?
    } else {
        Resolved::Actor(Box::new(fetch::actor_by_handle(&data, uri).await?))
    };
    let _ = &signed_in;
    let target = match resolved {
        Resolved::Actor(actor) => actor_link(&actor),
        Resolved::Status(status) => format!("/statuses/{}", status.id),
    };
    Ok(Redirect::to(&target).into_response())
}
