//! The `@context` of what Fucina publishes. Terms beyond ActivityStreams come
//! from the security vocabulary (keys), Mastodon's `toot:` terms that other
//! servers read, schema.org's PropertyValue, and Fucina's own namespace.

use serde_json::{Value, json};

/// Fucina's JSON-LD namespace (docs/FEDERATION.md lists its terms).
pub const FUCINA_NAMESPACE: &str = "https://w3id.org/fucina/ns#";

/// Fucina's own terms whose values are plain: each is `fucina:<term>`.
const FUCINA_TERMS: &str = "groupKind themeKey joinMode proposalStatus proposalKind developmentStage \
    intellectualProperty soughtCompetences workingLanguages proposalDescription innovation partnerContribution \
    contactPerson proposalThemes interestOffer interestAbout interestQuestions onBehalfOf";

/// Fucina's own terms whose values are typed: links (`@id`) or XML Schema values.
const FUCINA_TYPED_TERMS: [(&str, &str); 5] = [
    ("team", "@id"),
    ("results", "@id"),
    ("openToForeignPartners", "xsd:boolean"),
    ("teamConsent", "xsd:boolean"),
    ("expires", "xsd:dateTime"),
];

/// The context for actors and activities.
pub fn default_context() -> Value {
    let mut terms = json!({
        "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
        "sensitive": "as:sensitive",
        "Hashtag": "as:Hashtag",
        "generator": "as:generator",
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
        "implements": { "@id": "https://w3id.org/fep/844e#implements", "@type": "@id" },
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "fucina": FUCINA_NAMESPACE,
    });
    if let Value::Object(map) = &mut terms {
        for term in FUCINA_TERMS.split_whitespace() {
            map.insert(term.into(), Value::String(format!("fucina:{term}")));
        }
        for (term, kind) in FUCINA_TYPED_TERMS {
            map.insert(term.into(), json!({ "@id": format!("fucina:{term}"), "@type": kind }));
        }
    }
    json!([
        "https://www.w3.org/ns/activitystreams",
        "https://w3id.org/security/v1",
        terms
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fucina_terms_expand_into_the_fucina_namespace() {
        let context = default_context();
        let terms = &context[2];
        assert_eq!(terms["fucina"], FUCINA_NAMESPACE);
        assert_eq!(terms["proposalStatus"], "fucina:proposalStatus");
        assert_eq!(terms["onBehalfOf"], "fucina:onBehalfOf");
        assert_eq!(terms["team"], json!({ "@id": "fucina:team", "@type": "@id" }));
        assert_eq!(terms["expires"]["@type"], "xsd:dateTime");
        let fucina = terms
            .as_object()
            .unwrap()
            .values()
            .filter(|v| {
                v.as_str()
                    .unwrap_or(v["@id"].as_str().unwrap_or_default())
                    .starts_with("fucina:")
            })
            .count();
        assert_eq!(fucina, 23);
    }
}
