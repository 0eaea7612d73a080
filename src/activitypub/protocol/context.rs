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
            "votersCount": "toot:votersCount",
            "focalPoint": { "@container": "@list", "@id": "toot:focalPoint" },
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
            "joinMode": "fucina:joinMode",
            "proposalStatus": "fucina:proposalStatus",
            "proposalKind": "fucina:proposalKind",
            "developmentStage": "fucina:developmentStage",
            "intellectualProperty": "fucina:intellectualProperty",
            "soughtCompetences": "fucina:soughtCompetences",
            "workingLanguages": "fucina:workingLanguages",
            "openToForeignPartners": { "@id": "fucina:openToForeignPartners", "@type": "xsd:boolean" },
            "expires": { "@id": "fucina:expires", "@type": "xsd:dateTime" },
            "proposalDescription": "fucina:proposalDescription",
            "innovation": "fucina:innovation",
            "partnerContribution": "fucina:partnerContribution",
            "contactPerson": "fucina:contactPerson",
            "team": { "@id": "fucina:team", "@type": "@id" },
            "results": { "@id": "fucina:results", "@type": "@id" },
            "proposalThemes": "fucina:proposalThemes",
            "interestOffer": "fucina:interestOffer",
            "interestAbout": "fucina:interestAbout",
            "interestQuestions": "fucina:interestQuestions",
            "onBehalfOf": "fucina:onBehalfOf",
            "teamConsent": { "@id": "fucina:teamConsent", "@type": "xsd:boolean" },
            "generator": "as:generator",
            "implements": { "@id": "https://w3id.org/fep/844e#implements", "@type": "@id" },
            "xsd": "http://www.w3.org/2001/XMLSchema#"
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
