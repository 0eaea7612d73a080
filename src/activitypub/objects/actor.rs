//! Actors between rows and JSON: local actors as we publish them, remote ones
//! as we cache them (refreshed when stale), and the library's traits that let
//! it fetch, verify and store them.

use activitypub_federation::traits::Actor;
use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use serde_json::json;
use url::Url;

use crate::activitypub::protocol::actor::{
    Actor as ActorJson, Attachment, Endpoints, Generator, ImageOrLink, Implementation, PublicKey,
};
use crate::db::actors::{DbActor, RemoteActor};
use crate::db::groups::{self, LocalGroup};
use crate::db::views::fields_of;
use crate::domain::text::{sanitize_html, web_url};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// An actor row the library can work with.
#[derive(Debug, Clone)]
pub struct ActorObject {
    pub row: DbActor,
    id: Url,
}

impl ActorObject {
    pub fn new(row: DbActor) -> Result<Self, AppError> {
        let id = Url::parse(&row.ap_id)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("actor {} has a bad id: {e}", row.id)))?;
        Ok(Self { row, id })
    }

    /// Its ActivityPub id.
    pub fn ap_url(&self) -> &Url {
        &self.id
    }
}

/// The host, and `:port` when there is one: how actors' domains are written.
pub fn host_of(url: &Url) -> Option<String> {
    let host = url.host_str()?.to_ascii_lowercase();
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    })
}

/// Whether two URLs are of one origin: scheme, host and port.
pub fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str().map(str::to_ascii_lowercase) == b.host_str().map(str::to_ascii_lowercase)
        && a.port_or_known_default() == b.port_or_known_default()
}

/// A local actor as the world sees it.
pub fn to_activitypub(actor: &DbActor, state: &AppState) -> ActorJson {
    let tr = state.config.i18n.default_language.translator();
    let attachment = fields_of(actor, &tr)
        .into_iter()
        .map(|field| Attachment {
            kind: "PropertyValue".into(),
            name: Some(field.name),
            value: Some(field.value_html),
        })
        .collect();
    let urls = state.urls();
    let parse = |s: &str| Url::parse(s).ok();
    let id = parse(&actor.ap_id).unwrap_or_else(|| state.config.server.base_url.clone());
    ActorJson {
        kind: actor.actor_type.clone(),
        id: id.clone(),
        preferred_username: actor.username.clone(),
        name: (!actor.display_name.is_empty()).then(|| actor.display_name.clone()),
        summary: Some(actor.summary.clone()),
        url: actor.url.clone().map(serde_json::Value::String),
        inbox: parse(&actor.inbox_url).unwrap_or_else(|| id.clone()),
        outbox: actor.outbox_url.as_deref().and_then(parse),
        followers: actor.followers_url.as_deref().and_then(parse),
        following: actor.following_url.as_deref().and_then(parse),
        featured: actor.featured_url.as_deref().and_then(parse),
        endpoints: Some(Endpoints {
            shared_inbox: actor.shared_inbox_url.as_deref().and_then(parse),
        }),
        public_key: PublicKey {
            id: actor.public_key_id.clone(),
            owner: id,
            public_key_pem: actor.public_key_pem.clone(),
        },
        manually_approves_followers: actor.manually_approves_followers,
        discoverable: Some(actor.discoverable),
        indexable: Some(actor.discoverable),
        published: Some(actor.published_at),
        icon: Some(ImageOrLink::image(
            actor.avatar_url.clone().unwrap_or_else(|| urls.default_avatar()),
            "image/png",
        )),
        image: Some(ImageOrLink::image(
            actor.header_url.clone().unwrap_or_else(|| urls.default_header()),
            "image/png",
        )),
        attachment,
        tag: Vec::new(),
        attributed_to: None,
        posting_restricted_to_mods: None,
        group_kind: None,
        theme_key: None,
        join_mode: None,
        generator: actor.is_local().then(|| Generator {
            kind: Some("Application".into()),
            name: Some("Fucina".into()),
            implements: vec![Implementation::rfc9421()],
        }),
        implements: Vec::new(),
    }
}

/// A local group as the world sees it: an actor, plus who moderates it, who
/// may start threads, and what kind of group it is.
pub fn group_to_activitypub(group: &LocalGroup, state: &AppState) -> ActorJson {
    let mut json = to_activitypub(&group.actor, state);
    json.attributed_to = group.actor.moderators_url.clone().map(serde_json::Value::String);
    json.posting_restricted_to_mods = Some(group.group.posting_restricted);
    json.group_kind = Some(group.group.kind.clone());
    json.theme_key = group.group.theme_key.clone();
    json.join_mode = Some(group.group.join_mode.clone());
    json
}

/// Any local actor's document: groups get their extra terms, people the
/// competences they list (as `Hashtag` tags).
pub async fn local_document(conn: &mut AsyncPgConnection, state: &AppState, actor: &DbActor) -> AppResult<ActorJson> {
    if actor.actor_type == "Group"
        && let Some(group) = groups::find(conn, actor.id).await?
    {
        return Ok(group_to_activitypub(&group, state));
    }
    Ok(person_document(conn, state, actor).await?)
}

/// A local person's document with what they know as `Hashtag` tags.
pub async fn person_document(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    actor: &DbActor,
) -> diesel::QueryResult<ActorJson> {
    let mut json = to_activitypub(actor, state);
    json.tag = competence_tags(state, &crate::db::competences::of_actor(conn, actor.id).await?);
    Ok(json)
}

/// Competences as `Hashtag` tags (what Mastodon shows as featured tags).
pub fn competence_tags(state: &AppState, keys: &[String]) -> Vec<crate::activitypub::protocol::object::Tag> {
    let urls = state.urls();
    keys.iter()
        .map(|k| crate::activitypub::protocol::object::Tag {
            kind: "Hashtag".into(),
            href: Some(urls.absolute(&format!("/tags/{k}"))),
            name: Some(format!("#{k}")),
        })
        .collect()
}

/// The competences a remote actor's `Hashtag` tags list, folded.
pub fn tagged_competences(json: &ActorJson) -> Vec<String> {
    json.tag
        .iter()
        .filter(|t| t.kind == "Hashtag")
        .filter_map(|t| t.name.as_deref())
        .map(crate::domain::proposal::normalize_competence)
        .filter(|k| !k.is_empty())
        .take(crate::domain::profile::MAX_COMPETENCES)
        .collect()
}

/// A remote actor's row, from its JSON. Text is sanitised here, once.
pub fn from_activitypub(json: &ActorJson, now: DateTime<Utc>) -> Result<RemoteActor, AppError> {
    let domain = host_of(&json.id).ok_or_else(|| AppError::Remote("an actor id without a host".into()))?;
    let fields: Vec<serde_json::Value> = json
        .attachment
        .iter()
        .filter(|a| a.kind == "PropertyValue")
        .filter_map(|a| {
            Some(json!({ "name": a.name.clone()?, "value": sanitize_html(a.value.as_deref().unwrap_or_default()) }))
        })
        .take(16)
        .collect();
    let kind = match json.kind.as_str() {
        "Person" | "Group" | "Application" | "Service" | "Organization" => json.kind.clone(),
        _ => "Person".into(),
    };
    let username: String = json
        .preferred_username
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect();
    Ok(RemoteActor {
        actor_type: kind,
        username,
        domain: Some(domain),
        display_name: json
            .name
            .as_deref()
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect(),
        summary: sanitize_html(json.summary.as_deref().unwrap_or_default()),
        ap_id: json.id.to_string(),
        url: json.profile_url().as_deref().and_then(web_url),
        inbox_url: json.inbox.to_string(),
        // Deliveries go where the actor's own server says, never elsewhere.
        shared_inbox_url: json
            .endpoints
            .as_ref()
            .and_then(|e| e.shared_inbox.as_ref())
            .filter(|inbox| same_origin(inbox, &json.id))
            .map(Url::to_string),
        outbox_url: json.outbox.as_ref().map(Url::to_string),
        followers_url: json.followers.as_ref().map(Url::to_string),
        following_url: json.following.as_ref().map(Url::to_string),
        featured_url: json.featured.as_ref().map(Url::to_string),
        public_key_id: json.public_key.id.clone(),
        public_key_pem: json.public_key.public_key_pem.clone(),
        manually_approves_followers: json.manually_approves_followers,
        discoverable: json.discoverable.unwrap_or(false),
        avatar_url: json.icon.as_ref().and_then(ImageOrLink::url).and_then(|u| web_url(&u)),
        header_url: json.image.as_ref().and_then(ImageOrLink::url).and_then(|u| web_url(&u)),
        fields: serde_json::Value::Array(fields),
        moderators_url: (json.kind == "Group")
            .then(|| {
                json.attributed_to
                    .as_ref()
                    .and_then(crate::activitypub::protocol::object::id_of)
                    .map(str::to_owned)
            })
            .flatten()
            .filter(|u| u.starts_with("http")),
        posting_restricted: json.posting_restricted_to_mods.unwrap_or(false),
        theme_key: json
            .theme_key
            .as_deref()
            .filter(|_| json.kind == "Group")
            .map(|key| key.trim().to_lowercase())
            .filter(|key| crate::domain::group::parse_group_name(key).is_ok()),
        published_at: json.published.unwrap_or(now),
        fetched_at: Some(now),
        updated_at: now,
    })
}

impl Actor for ActorObject {
    fn public_key_pem(&self) -> &str {
        &self.row.public_key_pem
    }

    fn private_key_pem(&self) -> Option<String> {
        self.row.private_key_pem.clone()
    }

    fn inbox(&self) -> Url {
        Url::parse(&self.row.inbox_url).unwrap_or_else(|_| self.id.clone())
    }

    fn shared_inbox(&self) -> Option<Url> {
        self.row.shared_inbox_url.as_deref().and_then(|u| Url::parse(u).ok())
    }
}
