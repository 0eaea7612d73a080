//! The `@context` of what Fucina publishes. Terms beyond ActivityStreams come
//! from the security vocabulary (keys), Mastodon's `toot:` terms that other
//! servers read, schema.org's PropertyValue, and Fucina's own namespace.

use serde_json::{Value, json};

/// Fucina's JSON-LD namespace (docs/FEDERATION.md lists its terms).
pub const FUCINA_NAMESPACE: &str = "https://w3id.org/fucina/ns#";

/// The context for actors and activities.
pub fn default_context() -> Value {
    json!([
        "https://www.w3.org/ns/activitystreams",
        "https://w3id.org/security/v1",
        {
            "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
            "sensitive": "as:sensitive",
            "Hashtag": "as:Hashtag",
            "toot": "http://joinmastodon.org/ns#",
            "discoverable": "toot:discoverable",
            "indexable": "toot:indexable",
            "featured": { "@id": "toot:featured", "@type": "@id" },
            "schema": "http://schema.org#",
            "PropertyValue": "schema:PropertyValue",
            "value": "schema:value",
            "lemmy": "https://join-lemmy.org/ns#",
            "postingRestrictedToMods": "lemmy:postingRestrictedToMods",
            "moderators": { "@id": "lemmy:moderators", "@type": "@id" },
            "fucina": FUCINA_NAMESPACE,
            "groupKind": "fucina:groupKind",
            "themeKey": "fucina:themeKey",
            "joinMode": "fucina:joinMode"
        }
    ])
}

/// Wraps a document with the default context.
pub fn with_context(mut document: Value) -> Value {
    if let Value::Object(map) = &mut document {
        let mut with = serde_json::Map::with_capacity(map.len() + 1);
        with.insert("@context".into(), default_context());
        with.extend(std::mem::take(map));
        *map = with;
    }
    document
}
