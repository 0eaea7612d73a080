//! Finding people and posts, here and on other servers, and following people
//! from another server ("remote follow").

use axum::extract::Query;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::db::actors;
use crate::db::search::{self, ActorKind};
use crate::db::statuses::Viewer as Seen;
use crate::error::{AppError, AppResult};
use crate::services::lookup::{self, Found};
use crate::state::FedData;
use crate::web::context::{SignedIn, Viewer};
use crate::web::templates::{RemoteFollowTemplate, SearchTemplate, render, render_with_status};
use crate::web::views::{SearchHit, actor_link};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    q: String,
    /// proposals (the default), posts, people or groups.
    tab: String,
    offset: i64,
}

/// The tabs of the search page.
const TABS: [&str; 4] = ["proposals", "posts", "people", "groups"];

/// Results on one page.
const PAGE: i64 = 20;

/// One search page for visitors and members: proposals, discussions, people
/// and groups by any word (Italian or English, any inflection), best first,
/// with the words found marked. Signed in, a handle (`@name@server`) or a
/// link is looked up on its own server and opened.
pub async fn search(data: FedData, viewer: Viewer, Query(query): Query<SearchQuery>) -> AppResult<Response> {
    let q = query.q.trim().to_owned();
    let me = viewer.account.as_ref().map(|a| a.actor.id);
    let tr = viewer.translator();
    let tab = TABS.iter().copied().find(|t| *t == query.tab).unwrap_or("proposals");
    let offset = query.offset.clamp(0, 10_000);
    let mut error = None;
    let looks_up =
        q.starts_with("https://") || q.starts_with("http://") || q.trim_start_matches(['@', '!']).contains('@');
    if let (true, Some(me)) = (looks_up, me) {
        let found = if q.starts_with("http") {
            lookup::by_url(&data, Seen::Actor(me), &q).await
        } else {
            lookup::actor_by_handle(&data, &q)
                .await
                .map(|a| Found::Actor(Box::new(a)))
        };
        match found {
            Ok(Found::Actor(actor)) => return Ok(Redirect::to(&actor_link(&actor)).into_response()),
            Ok(Found::Status(status)) => return Ok(Redirect::to(&format!("/statuses/{}", status.id)).into_response()),
            Err(AppError::Internal(e)) => return Err(AppError::Internal(e)),
            Err(_) => error = Some(tr.t("search-not-found")),
        }
    }
    let mut hits = Vec::new();
    if !q.is_empty() && error.is_none() {
        let mut conn = data.db.get().await?;
        hits = match tab {
            "posts" => search::statuses(&mut conn, me, &q, None, false, offset, PAGE)
                .await?
                .into_iter()
                .map(|f| SearchHit {
                    title: f.status.name.clone().unwrap_or_default(),
                    link: format!("/statuses/{}", f.status.id),
                    meta: f.status.published_at.format("%Y-%m-%d").to_string(),
                    extract: search::highlighted(&f.headline),
                })
                .collect(),
            "people" | "groups" => {
                let kind = if tab == "people" {
                    ActorKind::People
                } else {
                    ActorKind::Groups
                };
                search::actors(&mut conn, &q, kind, None, offset, PAGE)
                    .await?
                    .into_iter()
                    .map(|f| SearchHit {
                        title: crate::web::views::display_name(&f.actor),
                        link: actor_link(&f.actor),
                        meta: format!("@{}", f.actor.acct()),
                        extract: f.headline.as_deref().map(search::highlighted).unwrap_or_default(),
                    })
                    .collect()
            }
            _ => {
                let filter = crate::db::proposals::Filter {
                    q: Some(q.clone()),
                    offset,
                    ..Default::default()
                };
                let page = crate::db::statuses::Page {
                    limit: PAGE,
                    ..Default::default()
                };
                let rows = crate::db::proposals::list(&mut conn, &filter, &page).await?;
                let ids: Vec<i64> = rows.iter().map(|p| p.id).collect();
                let extracts = crate::db::proposals::headlines(&mut conn, &ids, &q).await?;
                rows.iter()
                    .map(|p| SearchHit {
                        title: p.title.clone(),
                        link: format!("/proposals/{}", p.id),
                        meta: tr.t(&format!("proposal-kind-{}", p.kind.replace('_', "-"))),
                        extract: extracts.get(&p.id).map(|e| search::highlighted(e)).unwrap_or_default(),
                    })
                    .collect()
            }
        };
        if hits.is_empty() && offset == 0 {
            error = Some(tr.t("search-not-found"));
        }
    }
    let link = |tab: &str, offset: i64| {
        let mut params = url::form_urlencoded::Serializer::new(String::new());
        params.append_pair("q", &q).append_pair("tab", tab);
        if offset > 0 {
            params.append_pair("offset", &offset.to_string());
        }
        format!("/search?{}", params.finish())
    };
    let more = (hits.len() as i64 == PAGE).then(|| link(tab, offset + PAGE));
    let tabs = TABS
        .iter()
        .map(|t| (link(t, 0), tr.t(&format!("search-tab-{t}")), *t == tab))
        .collect();
    Ok(render(&SearchTemplate {
        page: viewer.page(&data),
        query: q.clone(),
        tab: tab.to_owned(),
        error,
        tabs,
        hits,
        more,
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
