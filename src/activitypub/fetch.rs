//! Finding actors and posts by handle or URL: in the database when we have
//! them, over the network (WebFinger, signed fetches) when we do not.

use activitypub_federation::fetch::fetch_object_http;
use activitypub_federation::fetch::object_id::ObjectId;
use activitypub_federation::fetch::webfinger::{Webfinger, webfinger_resolve_actor};
use activitypub_federation::traits::Object;
use url::Url;

use crate::activitypub::objects::actor::ActorObject;
use crate::activitypub::objects::status::StatusObject;
use crate::activitypub::protocol::actor::Actor as ActorJson;
use crate::activitypub::protocol::object::Note;
use crate::db::actors::{self, DbActor};
use crate::db::statuses::{self, DbStatus};
use crate::domain::federation::parse_remote_handle;
use crate::error::{AppError, AppResult};
use crate::state::FedData;

/// An actor by ActivityPub id: ours, cached, or fetched.
pub async fn actor(data: &FedData, id: &str) -> AppResult<DbActor> {
    let url = Url::parse(id).map_err(|_| AppError::NotFound)?;
    Ok(ObjectId::<ActorObject>::from(url).dereference(data).await?.row)
}

/// An actor by handle: `name`, `@name`, `name@domain` or `@name@domain`.
pub async fn actor_by_handle(data: &FedData, handle: &str) -> AppResult<DbActor> {
    let bare = handle.trim().trim_start_matches(['@', '!']);
    let (name, domain) = if bare.contains('@') {
        let (name, domain) = parse_remote_handle(bare).ok_or(AppError::NotFound)?;
        (name, Some(domain))
    } else {
        (bare.to_owned(), None)
    };
    let name = name.as_str();
    if name.is_empty() {
        return Err(AppError::NotFound);
    }
    let mut conn = data.db.get().await?;
    match domain {
        None => actors::find_local_by_username(&mut conn, name)
            .await?
            .ok_or(AppError::NotFound),
        Some(domain) if domain == data.config.server.domain => {
            if let Some(actor) = actors::find_local_by_username(&mut conn, name).await? {
                return Ok(actor);
            }
            // The instance actor answers to its domain.
            match actors::find_instance_actor(&mut conn).await? {
                Some(actor) if actor.username.eq_ignore_ascii_case(name) => Ok(actor),
                _ => Err(AppError::NotFound),
            }
        }
        Some(domain) => {
            if let Some(actor) = actors::find_remote_by_handle(&mut conn, name, &domain).await?
                && actor
                    .fetched_at
                    .is_some_and(|t| chrono::Utc::now() - t < chrono::Duration::hours(24))
            {
                return Ok(actor);
            }
            drop(conn);
            let found: ActorObject = webfinger_resolve_actor(&format!("{name}@{domain}"), data).await?;
            Ok(found.row)
        }
    }
}

/// The item ids of a collection that lists them inline (`orderedItems` or
/// `items`), fetched signed under this server's rules.
pub async fn collection_ids(data: &FedData, id: &str) -> AppResult<Vec<String>> {
    let url = Url::parse(id).map_err(|_| AppError::NotFound)?;
    let fetched = fetch_object_http::<_, serde_json::Value>(&url, data).await?;
    let items = fetched.object["orderedItems"]
        .as_array()
        .or_else(|| fetched.object["items"].as_array())
        .cloned()
        .unwrap_or_default();
    Ok(items
        .iter()
        .filter_map(|item| item.as_str().or_else(|| item["id"].as_str()).map(str::to_owned))
        .collect())
}

/// A post by ActivityPub id: ours, stored, or fetched.
pub async fn status(data: &FedData, id: &str) -> AppResult<DbStatus> {
    let url = Url::parse(id).map_err(|_| AppError::NotFound)?;
    Ok(ObjectId::<StatusObject>::from(url).dereference(data).await?.row)
}

/// A post fetched fresh from its origin and verified, not yet stored.
pub async fn note(data: &FedData, id: &str) -> AppResult<Note> {
    let url = Url::parse(id).map_err(|_| AppError::NotFound)?;
    let fetched = fetch_object_http::<_, Note>(&url, data).await?;
    StatusObject::verify(&fetched.object, &fetched.url, data).await?;
    Ok(fetched.object)
}

/// The page where the person behind `handle` follows `uri` on their own
/// server (the OStatus subscribe template of their WebFinger document), if
/// `handle` is a bare `name@domain` and the page is on that domain itself.
pub async fn subscribe_page(data: &FedData, handle: &str, uri: &str) -> Option<Url> {
    let (name, domain) = parse_remote_handle(handle)?;
    let domain = domain.as_str();
    let private = data.config.federation.allow_private_addresses;
    if domain.contains(':') && !private {
        return None;
    }
    let scheme = if private { "http" } else { "https" };
    let webfinger = Url::parse(&format!(
        "{scheme}://{domain}/.well-known/webfinger?resource=acct:{name}@{domain}"
    ))
    .ok()?;
    // The library's WebFinger document, fetched under this server's rules for
    // what may leave (checked address, capped answer, no redirect).
    let client = crate::activitypub::http_client(data).ok()?;
    let answer =
        crate::activitypub::egress::get_json(&client, webfinger.as_str(), private, std::time::Duration::from_secs(10))
            .await?;
    let document: Webfinger = serde_json::from_value(answer).ok()?;
    let template = document
        .links
        .iter()
        .find(|l| l.rel.as_deref() == Some("http://ostatus.org/schema/1.0/subscribe"))?
        .template
        .as_deref()?;
    let encoded: String = url::form_urlencoded::byte_serialize(uri.as_bytes()).collect();
    let target = Url::parse(&template.replace("{uri}", &encoded)).ok()?;
    let same_host = crate::activitypub::objects::actor::host_of(&target).as_deref() == Some(domain);
    let scheme_ok = target.scheme() == "https" || (private && target.scheme() == "http");
    (same_host && scheme_ok && target.username().is_empty()).then_some(target)
}

/// What a URL turned out to be.
pub enum Resolved {
    Actor(Box<DbActor>),
    Status(Box<DbStatus>),
}

/// Resolves a URL (an id or a page) to an actor or a post, fetching it once.
pub async fn by_url(data: &FedData, url: &str) -> AppResult<Resolved> {
    let parsed = Url::parse(url).map_err(|_| AppError::NotFound)?;
    let mut conn = data.db.get().await?;
    if let Some(actor) = actors::find_by_ap_id(&mut conn, url).await? {
        return Ok(Resolved::Actor(Box::new(actor)));
    }
    if let Some(status) = statuses::find_by_ap_id(&mut conn, url).await? {
        return Ok(Resolved::Status(Box::new(status)));
    }
    if crate::activitypub::objects::actor::host_of(&parsed).as_deref() == Some(data.config.server.domain.as_str()) {
        return local_by_url(&mut conn, &parsed).await;
    }
    drop(conn);
    let fetched = fetch_object_http::<_, serde_json::Value>(&parsed, data).await?;
    let kind = fetched
        .object
        .get("type")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_owned();
    match kind.as_str() {
        "Person" | "Group" | "Service" | "Application" | "Organization" => {
            let json: ActorJson =
                serde_json::from_value(fetched.object).map_err(|e| AppError::Remote(e.to_string()))?;
            ActorObject::verify(&json, &fetched.url, data).await?;
            Ok(Resolved::Actor(Box::new(ActorObject::from_json(json, data).await?.row)))
        }
        "Note" | "Page" | "Article" | "Question" => {
            let json: Note = serde_json::from_value(fetched.object).map_err(|e| AppError::Remote(e.to_string()))?;
            StatusObject::verify(&json, &fetched.url, data).await?;
            Ok(Resolved::Status(Box::new(
                StatusObject::from_json(json, data).await?.row,
            )))
        }
        _ => Err(AppError::NotFound),
    }
}

/// Our own URLs: `/users/name`, `/@name`, `/users/name/statuses/id`, `/@name/id`.
async fn local_by_url(conn: &mut diesel_async::AsyncPgConnection, url: &Url) -> AppResult<Resolved> {
    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    let (name, status_id) = match segments.as_slice() {
        ["users", name] => (name.to_string(), None),
        [profile] if profile.starts_with('@') => (profile.trim_start_matches('@').to_owned(), None),
        ["users", name, "statuses", id] => (name.to_string(), Some(*id)),
        [profile, id] if profile.starts_with('@') => (profile.trim_start_matches('@').to_owned(), Some(*id)),
        _ => return Err(AppError::NotFound),
    };
    let actor = actors::find_local_by_username(conn, &name)
        .await?
        .ok_or(AppError::NotFound)?;
    match status_id {
        None => Ok(Resolved::Actor(Box::new(actor))),
        Some(id) => {
            let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
            let status = statuses::find(conn, id)
                .await?
                .filter(|s| s.actor_id == actor.id && !s.is_deleted())
                .ok_or(AppError::NotFound)?;
            Ok(Resolved::Status(Box::new(status)))
        }
    }
}
