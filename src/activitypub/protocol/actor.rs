//! Actors: Person (innovators), Group (themes, communities), Application
//! (the instance actor), Service and Organization, all in one shape.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

/// A public key as actors publish it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PublicKey {
    pub id: String,
    pub owner: Url,
    pub public_key_pem: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoints {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared_inbox: Option<Url>,
}

/// An image (avatar, header) or a link to one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ImageOrLink {
    Link(Url),
    Image {
        #[serde(rename = "type", default)]
        kind: Option<String>,
        #[serde(rename = "mediaType", default, skip_serializing_if = "Option::is_none")]
        media_type: Option<String>,
        url: Value,
    },
}

impl ImageOrLink {
    pub fn image(url: String, media_type: &str) -> Self {
        ImageOrLink::Image {
            kind: Some("Image".into()),
            media_type: Some(media_type.into()),
            url: Value::String(url),
        }
    }

    /// The image's address, whichever shape it came in.
    pub fn url(&self) -> Option<String> {
        match self {
            ImageOrLink::Link(url) => Some(url.to_string()),
            ImageOrLink::Image { url, .. } => match url {
                Value::String(s) => Some(s.clone()),
                Value::Object(o) => o.get("href").and_then(Value::as_str).map(str::to_owned),
                Value::Array(items) => items.first().and_then(|i| match i {
                    Value::String(s) => Some(s.clone()),
                    Value::Object(o) => o.get("href").and_then(Value::as_str).map(str::to_owned),
                    _ => None,
                }),
                _ => None,
            },
        }
    }
}

/// A profile field (schema.org PropertyValue), or any other attachment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// A specification a server implements (FEP-844e), named by its address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Implementation {
    pub href: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// RFC 9421 HTTP Message Signatures, as FEP-844e names it.
pub const RFC9421: &str = "https://datatracker.ietf.org/doc/html/rfc9421";

impl Implementation {
    pub fn rfc9421() -> Self {
        Implementation {
            href: RFC9421.into(),
            name: Some("RFC-9421: HTTP Message Signatures".into()),
        }
    }

    /// Whether this names RFC 9421, at the IETF's address or the RFC Editor's.
    pub fn is_rfc9421(&self) -> bool {
        let href = self.href.trim_end_matches('/');
        href.ends_with("/rfc9421") || href.ends_with("/rfc9421.html")
    }
}

/// The software behind an actor (FEP-844e's `generator`): what it is and which
/// specifications it implements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Generator {
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::activitypub::protocol::object::lenient_list"
    )]
    pub implements: Vec<Implementation>,
}

/// Any actor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: Url,
    pub preferred_username: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Value>,
    pub inbox: Url,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbox: Option<Url>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followers: Option<Url>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub following: Option<Url>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub featured: Option<Url>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoints: Option<Endpoints>,
    pub public_key: PublicKey,
    #[serde(default)]
    pub manually_approves_followers: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discoverable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::activitypub::protocol::object::lenient"
    )]
    pub icon: Option<ImageOrLink>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::activitypub::protocol::object::lenient"
    )]
    pub image: Option<ImageOrLink>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::activitypub::protocol::object::lenient_list"
    )]
    pub attachment: Vec<Attachment>,
    /// Hashtags: on a Fucina person, the competences they list.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::activitypub::protocol::object::lenient_list"
    )]
    pub tag: Vec<crate::activitypub::protocol::object::Tag>,
    /// A group's moderators collection (Lemmy), or the owners of other actors.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::activitypub::protocol::object::lenient"
    )]
    pub attributed_to: Option<Value>,
    /// Only moderators may start threads in this group (Lemmy).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::activitypub::protocol::object::lenient"
    )]
    pub posting_restricted_to_mods: Option<bool>,
    /// Fucina groups: `theme` or `community`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::activitypub::protocol::object::lenient"
    )]
    pub group_kind: Option<String>,
    /// Fucina themes: the theme's key.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::activitypub::protocol::object::lenient"
    )]
    pub theme_key: Option<String>,
    /// Fucina groups: `open`, `approval` or `invitation`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::activitypub::protocol::object::lenient"
    )]
    pub join_mode: Option<String>,
    /// FEP-844e: the software behind this actor and what it implements.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::activitypub::protocol::object::lenient"
    )]
    pub generator: Option<Generator>,
    /// FEP-844e, on an application actor: what its server implements.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::activitypub::protocol::object::lenient_list"
    )]
    pub implements: Vec<Implementation>,
}

impl Actor {
    /// Whether the actor's server says it verifies RFC 9421 signatures.
    pub fn implements_rfc9421(&self) -> bool {
        self.implements
            .iter()
            .chain(self.generator.iter().flat_map(|g| g.implements.iter()))
            .any(Implementation::is_rfc9421)
    }

    /// The profile page: `url` may be a string, a Link, or a list of them.
    pub fn profile_url(&self) -> Option<String> {
        crate::activitypub::protocol::object::first_href(self.url.as_ref()?)
    }
}
