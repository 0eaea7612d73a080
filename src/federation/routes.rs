//! ActivityPub over HTTP: actors, their collections and posts as JSON (browsers
//! are sent to the HTML pages), the inboxes, WebFinger, host-meta and NodeInfo.

use axum::Router;
use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::activitypub::objects::actor::{local_document, to_activitypub};
use crate::activitypub::objects::status::{outbox_item, to_activitypub as note_to_activitypub};
use crate::activitypub::protocol::collections::{OrderedCollection, OrderedCollectionPage};
use crate::activitypub::protocol::context::with_context;
use crate::activitypub::protocol::outgoing::{Announce, Announced, Audience, Outgoing};
use crate::config::RegistrationMode;
use crate::db::actors::{self, DbActor};
use crate::db::follows::{self, Listing};
use crate::db::statuses::{self, DbStatus, Page, Viewer};
use crate::db::users;
use crate::domain::federation::Mode;
use crate::domain::visibility::PUBLIC;
use crate::error::{AppError, AppResult};
use crate::federation::inbox;
use crate::state::AppState;
use crate::state::FedData;

pub fn router() -> Router<AppState> {
    Router::new()
        // Local actors (people and groups), their collections and posts.
        .route("/users/{name}", get(actor))
        .route("/users/{name}/inbox", post(inbox::actor_inbox))
        .route("/users/{name}/outbox", get(outbox))
        .route("/users/{name}/followers", get(followers))
        .route("/users/{name}/following", get(following))
        .route("/users/{name}/featured", get(featured))
        .route("/users/{name}/moderators", get(moderators))
        .route("/users/{name}/statuses/{id}", get(status))
        .route("/users/{name}/statuses/{id}/activity", get(status_activity))
        // The shared inbox and the instance's own actor.
        .route("/inbox", post(inbox::shared_inbox))
        .route("/actor", get(instance_actor))
        .route("/actor/inbox", post(inbox::shared_inbox))
        .route("/actor/outbox", get(instance_outbox))
        .route("/actor/people", get(instance_people))
        // Discovery: who is here, and what this server is.
        .route("/.well-known/webfinger", get(webfinger))
        .route("/.well-known/host-meta", get(host_meta))
        .route("/.well-known/nodeinfo", get(nodeinfo_links))
        .route("/nodeinfo/2.1", get(nodeinfo_21))
        .route("/nodeinfo/2.0", get(nodeinfo_20))
}

/// Whether the client asked for ActivityPub JSON rather than a page.
pub fn wants_activity_json(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|accept| accept.contains("application/activity+json") || accept.contains("application/ld+json"))
}

/// An ActivityPub document with our context and content type.
fn activity_json(document: Value) -> Response {
    let mut response = axum::Json(with_context(document)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/activity+json; charset=utf-8"),
    );
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept, Signature"));
    response
}

/// In authorized-fetch mode, the signed-in server actor (or a refusal).
async fn require_fetcher(
    data: &FedData,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
) -> AppResult<Option<DbActor>> {
    let fetcher = inbox::signed_fetcher(data, method, uri, headers).await;
    let policy = data.policy().await;
    match &fetcher {
        // In linked-only mode only a linked server may fetch, and it must say who it is.
        None if policy.mode == Mode::LinkedOnly => Err(AppError::forbidden("error-federation-refused")),
        None if data.config.federation.authorized_fetch => Err(AppError::unauthorized("error-signature-required")),
        Some(actor) if !policy.accepts_actor(&actor.ap_id, actor.domain.as_deref().unwrap_or_default()) => {
            Err(AppError::forbidden("error-federation-refused"))
        }
        _ => Ok(fetcher),
    }
}

/// A fetch the federation policy lets through: the data and, when the request
/// was signed, who fetched.
struct Fetch {
    data: FedData,
}

impl FromRequestParts<AppState> for Fetch {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let data = FedData::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        require_fetcher(&data, &parts.method, &parts.uri, &parts.headers)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Self { data })
    }
}

/// A list of items as an `OrderedCollection` with all of them inline.
fn ordered_collection(id: String, items: Vec<Value>) -> Response {
    activity_json(json!({
        "type": "OrderedCollection",
        "id": id,
        "totalItems": items.len(),
        "orderedItems": items,
    }))
}

/// A collection's summary, pointing at its first page unless `hidden`.
fn collection_summary(id: String, total: i64, hidden: bool) -> AppResult<Response> {
    let first = (!hidden).then(|| format!("{id}?page=true"));
    Ok(activity_json(
        serde_json::to_value(OrderedCollection::new(id, total, first)).map_err(anyhow::Error::from)?,
    ))
}

/// One page of a collection, pages following by `max_id` (the cursor of the
/// last item, `next_cursor`, when the page is full).
fn collection_page(
    id: String,
    query: &CollectionQuery,
    total: i64,
    items: Vec<Value>,
    next_cursor: Option<i64>,
) -> AppResult<Response> {
    let next = next_cursor
        .filter(|_| items.len() as i64 == PAGE_SIZE)
        .map(|cursor| format!("{id}?max_id={cursor}"));
    let this = match query.max_id {
        Some(max) => format!("{id}?max_id={max}"),
        None => format!("{id}?page=true"),
    };
    Ok(activity_json(
        serde_json::to_value(OrderedCollectionPage::new(this, id, total, items, next, None))
            .map_err(anyhow::Error::from)?,
    ))
}

async fn local_person(data: &FedData, name: &str) -> AppResult<DbActor> {
    let mut conn = data.db.get().await?;
    let actor = actors::find_local_by_username(&mut conn, name)
        .await?
        .filter(|a| a.actor_type != "Application")
        .ok_or(AppError::NotFound)?;
    // Suspended or deleted: gone, as Mastodon answers.
    if actor.deleted_at.is_some() {
        return Err(AppError::Gone);
    }
    Ok(actor)
}

/// The `410` answer for something that was here: a `Tombstone` with its id.
fn tombstone(id: String) -> Response {
    let mut response = activity_json(json!({ "type": "Tombstone", "id": id }));
    *response.status_mut() = StatusCode::GONE;
    response
}

async fn actor(
    data: FedData,
    Path(name): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> AppResult<Response> {
    if !wants_activity_json(&headers) {
        return Ok(Redirect::to(&format!("/@{name}")).into_response());
    }
    require_fetcher(&data, &method, &uri, &headers).await?;
    let actor = match local_person(&data, &name).await {
        Err(AppError::Gone) => return Ok(tombstone(data.urls().person(&name))),
        other => other?,
    };
    let mut conn = data.db.get().await?;
    let document = local_document(&mut conn, &data, &actor).await?;
    Ok(activity_json(
        serde_json::to_value(document).map_err(anyhow::Error::from)?,
    ))
}

async fn instance_actor(data: FedData) -> AppResult<Response> {
    // Never behind authorized fetch: others need its key to verify our signed fetches.
    let mut conn = data.db.get().await?;
    let actor = actors::find_instance_actor(&mut conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(activity_json(
        serde_json::to_value(to_activitypub(&actor, &data)).map_err(anyhow::Error::from)?,
    ))
}

async fn instance_outbox(data: FedData) -> Response {
    activity_json(
        serde_json::to_value(OrderedCollection::new(data.urls().absolute("/actor/outbox"), 0, None))
            .unwrap_or_default(),
    )
}

/// The people here a linked instance may suggest for its proposals: the
/// discoverable ones who list what they know, newest first (their ids; their
/// profiles are public documents). See docs/FEDERATION.md.
async fn instance_people(data: FedData) -> AppResult<Response> {
    let mut conn = data.db.get().await?;
    let ids = crate::db::competences::discoverable_people(&mut conn, PEOPLE_LIMIT).await?;
    Ok(activity_json(json!({
        "id": data.urls().absolute("/actor/people"),
        "type": "OrderedCollection",
        "totalItems": ids.len(),
        "orderedItems": ids,
    })))
}

/// The most people `/actor/people` lists.
const PEOPLE_LIMIT: i64 = 1000;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CollectionQuery {
    page: Option<String>,
    max_id: Option<i64>,
}

const PAGE_SIZE: i64 = 20;

async fn outbox(fetch: Fetch, Path(name): Path<String>, Query(query): Query<CollectionQuery>) -> AppResult<Response> {
    let data = fetch.data;
    let actor = local_person(&data, &name).await?;
    let id = data.urls().outbox(&actor.ap_id);
    let mut conn = data.db.get().await?;
    if actor.actor_type == "Group" {
        return group_outbox(&mut conn, &data, &actor, id).await;
    }
    let total = statuses::count_public_by_account(&mut conn, actor.id).await?;
    if query.page.is_none() && query.max_id.is_none() {
        return collection_summary(id, total, false);
    }
    let page = Page {
        max_id: query.max_id,
        limit: PAGE_SIZE,
        ..Page::default()
    };
    let rows = statuses::outbox(&mut conn, actor.id, &page).await?;
    let mut items = Vec::with_capacity(rows.len());
    for status in &rows {
        items.push(outbox_item(&mut conn, &data, &actor, status).await?.to_json());
    }
    collection_page(id, &query, total, items, rows.last().map(|s| s.id))
}

async fn followers(
    fetch: Fetch,
    Path(name): Path<String>,
    Query(query): Query<CollectionQuery>,
) -> AppResult<Response> {
    relation_collection(&fetch.data, &name, query, Listing::Followers).await
}

async fn following(
    fetch: Fetch,
    Path(name): Path<String>,
    Query(query): Query<CollectionQuery>,
) -> AppResult<Response> {
    relation_collection(&fetch.data, &name, query, Listing::Following).await
}

/// A group's outbox: its latest public threads, each as the Announce of its
/// Create, as Lemmy reads a community's outbox when it first follows it.
async fn group_outbox(
    conn: &mut diesel_async::AsyncPgConnection,
    state: &AppState,
    group: &DbActor,
    id: String,
) -> AppResult<Response> {
    let page = Page {
        limit: PAGE_SIZE,
        ..Page::default()
    };
    let mut threads = crate::db::group_posts::in_group(
        conn,
        Viewer::Anonymous,
        group.id,
        crate::db::group_posts::GroupSection::Discussions,
        None,
        false,
        &page,
    )
    .await?;
    threads.extend(
        crate::db::group_posts::in_group(
            conn,
            Viewer::Anonymous,
            group.id,
            crate::db::group_posts::GroupSection::News,
            None,
            false,
            &page,
        )
        .await?,
    );
    threads.sort_by_key(|s| std::cmp::Reverse(s.id));
    threads.truncate(PAGE_SIZE as usize);
    let mut items = Vec::with_capacity(threads.len());
    for status in &threads {
        let Some(author) = actors::find(conn, status.actor_id).await? else {
            continue;
        };
        let create = outbox_item(conn, state, &author, status).await?;
        let announce = Announce::new(
            format!("{}/announce", status.ap_id),
            &group.ap_id,
            Announced::Ours(Box::new(create)),
            Audience::to_cc([PUBLIC.to_owned()], group.followers_url.clone()),
        );
        items.push(Outgoing::from(announce).to_json());
    }
    Ok(ordered_collection(id, items))
}

/// A group's pinned posts.
async fn featured(fetch: Fetch, Path(name): Path<String>) -> AppResult<Response> {
    let data = fetch.data;
    let actor = local_person(&data, &name).await?;
    let id = data.urls().featured(&actor.ap_id);
    let mut conn = data.db.get().await?;
    let mut items = Vec::new();
    let pinned = if actor.actor_type == "Group" {
        crate::db::group_posts::pinned(&mut conn, actor.id).await?
    } else {
        crate::db::favourites::pinned_by(&mut conn, actor.id).await?
    };
    for status in pinned {
        if statuses::visible_to(&mut conn, Viewer::Anonymous, status.id).await? {
            items.push(
                serde_json::to_value(note_to_activitypub(&mut conn, &data, &status).await?)
                    .map_err(anyhow::Error::from)?,
            );
        }
    }
    Ok(ordered_collection(id, items))
}

/// A group's managers and moderators (Lemmy's `attributedTo` of a community).
async fn moderators(fetch: Fetch, Path(name): Path<String>) -> AppResult<Response> {
    let data = fetch.data;
    let actor = local_person(&data, &name).await?;
    if actor.actor_type != "Group" {
        return Err(AppError::NotFound);
    }
    let id = data.urls().moderators(&actor.ap_id);
    let mut conn = data.db.get().await?;
    let items: Vec<Value> = crate::db::groups::staff(&mut conn, actor.id)
        .await?
        .into_iter()
        .map(|(_, a)| Value::String(a.ap_id))
        .collect();
    Ok(ordered_collection(id, items))
}

/// Followers or following: counts always; the list only if the actor shows it.
async fn relation_collection(
    state: &FedData,
    name: &str,
    query: CollectionQuery,
    listing: Listing,
) -> AppResult<Response> {
    let actor = local_person(state, name).await?;
    let (id, total) = match listing {
        Listing::Following => (state.urls().following(&actor.ap_id), actor.following_count),
        Listing::Followers | Listing::Requests => (state.urls().followers(&actor.ap_id), actor.followers_count),
    };
    let mut conn = state.db.get().await?;
    let hidden = actor.hide_collections
        || (actor.actor_type == "Group"
            && crate::db::groups::find(&mut conn, actor.id)
                .await?
                .is_some_and(|g| g.group.hide_members));
    if hidden || (query.page.is_none() && query.max_id.is_none()) {
        return collection_summary(id, total, hidden);
    }
    let rows = follows::listing(&mut conn, listing, actor.id, query.max_id, PAGE_SIZE).await?;
    let items = rows.iter().map(|(_, a)| Value::String(a.ap_id.clone())).collect();
    collection_page(id, &query, total, items, rows.last().map(|(f, _)| f.id))
}

/// A local post for a fetcher: public and unlisted ones to anyone; the others
/// only to a signed fetch by an actor allowed to see them; deleted ones are gone.
async fn fetchable_status(
    data: &FedData,
    name: &str,
    id: &str,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
) -> AppResult<(DbActor, DbStatus)> {
    let fetcher = require_fetcher(data, method, uri, headers).await?;
    let actor = local_person(data, name).await?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let mut conn = data.db.get().await?;
    let status = statuses::find(&mut conn, id)
        .await?
        .filter(|s| s.actor_id == actor.id)
        .ok_or(AppError::NotFound)?;
    // A deleted post is gone for all to know only if all could read it;
    // otherwise nothing says it ever existed.
    if status.is_deleted() {
        return Err(match status.visibility.as_str() {
            "public" | "unlisted" => AppError::Gone,
            _ => AppError::NotFound,
        });
    }
    let viewer = fetcher.as_ref().map_or(Viewer::Anonymous, |f| Viewer::Actor(f.id));
    if !statuses::visible_to(&mut conn, viewer, status.id).await? {
        // Servers fetch with their instance actor: they may have what one of
        // their actors may see (as Mastodon decides for its followers-only posts).
        let server_may_see = match fetcher.as_ref().and_then(|f| f.domain.as_deref()) {
            Some(domain) => statuses::visible_to_domain(&mut conn, status.id, domain).await?,
            None => false,
        };
        if !server_may_see {
            return Err(AppError::NotFound);
        }
    }
    Ok((actor, status))
}

async fn status(
    data: FedData,
    Path((name, id)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> AppResult<Response> {
    if !wants_activity_json(&headers) {
        return Ok(Redirect::to(&format!("/@{name}/{id}")).into_response());
    }
    match fetchable_status(&data, &name, &id, &method, &uri, &headers).await {
        Ok((_, status)) if status.reblog_of_id.is_some() => Err(AppError::NotFound),
        Ok((_, status)) => {
            let mut conn = data.db.get().await?;
            let note = note_to_activitypub(&mut conn, &data, &status).await?;
            Ok(activity_json(serde_json::to_value(note).map_err(anyhow::Error::from)?))
        }
        Err(AppError::Gone) => Ok(tombstone(data.urls().person(&name) + &format!("/statuses/{id}"))),
        Err(error) => Err(error),
    }
}

async fn status_activity(
    data: FedData,
    Path((name, id)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> AppResult<Response> {
    let (actor, status) = fetchable_status(&data, &name, &id, &method, &uri, &headers).await?;
    let mut conn = data.db.get().await?;
    Ok(activity_json(
        outbox_item(&mut conn, &data, &actor, &status).await?.to_json(),
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WebfingerQuery {
    resource: String,
}

/// WebFinger (RFC 7033) for `acct:name@domain` and for actor URLs.
async fn webfinger(data: FedData, Query(query): Query<WebfingerQuery>) -> AppResult<Response> {
    let domain = data.config.server.domain.clone();
    let urls = data.urls();
    let resource = query.resource.trim();
    let mut conn = data.db.get().await?;
    let instance = actors::find_instance_actor(&mut conn).await?;
    let name = if let Some(acct) = resource.strip_prefix("acct:") {
        let acct = acct.trim_start_matches('@');
        match acct.rsplit_once('@') {
            Some((name, host)) if host.eq_ignore_ascii_case(&domain) => name.to_owned(),
            _ => return Err(AppError::NotFound),
        }
    } else if let Ok(url) = url::Url::parse(resource) {
        if crate::activitypub::objects::actor::host_of(&url).as_deref() != Some(domain.as_str()) {
            return Err(AppError::NotFound);
        }
        let segments: Vec<&str> = url
            .path_segments()
            .map(|s| s.filter(|p| !p.is_empty()).collect())
            .unwrap_or_default();
        match segments.as_slice() {
            ["users", name] => (*name).to_owned(),
            [profile] if profile.starts_with('@') => profile.trim_start_matches('@').to_owned(),
            ["actor"] => domain.clone(),
            _ => return Err(AppError::NotFound),
        }
    } else {
        return Err(AppError::bad_request("error-webfinger-resource"));
    };
    let actor = match &instance {
        Some(instance) if name.eq_ignore_ascii_case(&domain) => instance.clone(),
        _ => actors::find_local_by_username(&mut conn, &name)
            .await?
            .filter(|a| a.actor_type != "Application")
            .ok_or(AppError::NotFound)?,
    };
    if actor.deleted_at.is_some() {
        return Err(AppError::Gone);
    }
    let subject = format!("acct:{}@{domain}", actor.username);
    let mut links = vec![json!({ "rel": "self", "type": "application/activity+json", "href": actor.ap_id })];
    if actor.actor_type != "Application" {
        links.push(json!({ "rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": actor.url.clone().unwrap_or_else(|| urls.profile_page(&actor.username)) }));
        links.push(json!({ "rel": "http://ostatus.org/schema/1.0/subscribe", "template": urls.absolute("/authorize_interaction?uri={uri}") }));
    } else {
        links.push(json!({ "rel": "https://www.w3.org/ns/activitystreams#Application", "type": "application/activity+json", "href": actor.ap_id }));
    }
    let mut aliases = vec![actor.ap_id.clone()];
    if let Some(url) = &actor.url {
        aliases.push(url.clone());
    }
    let document = json!({ "subject": subject, "aliases": aliases, "links": links });
    let mut response = axum::Json(document).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/jrd+json; charset=utf-8"),
    );
    response
        .headers_mut()
        .insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    Ok(response)
}

async fn host_meta(data: FedData) -> Response {
    let template = data.urls().absolute("/.well-known/webfinger?resource={uri}");
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n  <Link rel=\"lrdd\" template=\"{}\"/>\n</XRD>\n",
        crate::domain::text::escape_html(&template)
    );
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/xrd+xml; charset=utf-8"),
            ),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*")),
        ],
        body,
    )
        .into_response()
}

async fn nodeinfo_links(data: FedData) -> Response {
    let urls = data.urls();
    let mut response = axum::Json(json!({
        "links": [
            { "rel": "http://nodeinfo.diaspora.software/ns/schema/2.1", "href": urls.absolute("/nodeinfo/2.1") },
            { "rel": "http://nodeinfo.diaspora.software/ns/schema/2.0", "href": urls.absolute("/nodeinfo/2.0") },
            { "rel": "https://www.w3.org/ns/activitystreams#Application", "href": urls.instance_actor() }
        ]
    }))
    .into_response();
    response
        .headers_mut()
        .insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    response
}

async fn nodeinfo(data: &FedData, version: &str) -> AppResult<Response> {
    let mut conn = data.db.get().await?;
    let users = users::count(&mut conn).await?;
    let posts = statuses::count_local(&mut conn).await?;
    let mut software = json!({ "name": "fucina", "version": env!("CARGO_PKG_VERSION") });
    if version == "2.1" {
        software["repository"] = json!(
            data.config
                .server
                .source_url
                .clone()
                .unwrap_or_else(|| data.urls().absolute("/"))
        );
        software["homepage"] = json!(data.urls().absolute("/"));
    }
    let document = json!({
        "version": version,
        "software": software,
        "protocols": ["activitypub"],
        "services": { "inbound": [], "outbound": [] },
        "openRegistrations": data.config.registration.mode != RegistrationMode::Closed,
        "usage": { "users": { "total": users, "activeMonth": users, "activeHalfyear": users }, "localPosts": posts },
        "metadata": {
            "nodeName": data.config.server.instance_name,
            "nodeDescription": data.config.server.instance_description,
            "federation": { "mode": data.policy().await.mode.as_str() },
            // The client API it answers, so that apps that tell servers apart
            // by NodeInfo (megalodon's, as in Whalebird and Fedistar) treat
            // it as Mastodon's.
            "upstream": { "name": "mastodon", "version": crate::domain::federation::MASTODON_API_VERSION },
            "fucina": fucina_metadata(data).await?,
        }
    });
    let mut response = axum::Json(document).into_response();
    let content_type = format!("application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/{version}#\"");
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
        .headers_mut()
        .insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    Ok(response)
}

/// What Fucina adds to NodeInfo's metadata for another instance's directory:
/// the languages it speaks, its themes and how many proposals are open.
async fn fucina_metadata(data: &FedData) -> AppResult<Value> {
    let mut conn = data.db.get().await?;
    let themes: Vec<Value> = crate::db::groups::list_local(&mut conn, false, false)
        .await?
        .into_iter()
        .filter(|g| g.group.kind == "theme")
        .map(|g| json!({"key": g.group.theme_key, "name": g.actor.display_name}))
        .collect();
    let open_proposals = crate::db::proposals::count_all_open(&mut conn).await?;
    let languages: Vec<&str> = crate::i18n::Language::ALL.iter().map(|l| l.code()).collect();
    Ok(json!({
        "languages": languages,
        "defaultLanguage": data.config.i18n.default_language.code(),
        "themes": themes,
        "openProposals": open_proposals,
    }))
}

async fn nodeinfo_21(data: FedData) -> AppResult<Response> {
    nodeinfo(&data, "2.1").await
}

async fn nodeinfo_20(data: FedData) -> AppResult<Response> {
    nodeinfo(&data, "2.0").await
}
