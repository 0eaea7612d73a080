//! The `@context` of what Fucina publishes. Terms beyond ActivityStreams come
//! from the security vocabulary (keys), Mastodon's `toot:` terms that other
//! servers read, schema.org's PropertyValue, and Fucina's own namespace.

use serde_json::{Value, json};

/// Fucina's JSON-LD namespace (docs/FEDERATION.md lists its terms).
pub const FUCINA_NAMESPACE: &str = "https://w3id.org/fucina/ns#";

/// Vocabularies and the plain terms taken from each: `<prefix>:<term>`.
const PLAIN_TERMS: [(&str, &str, &str); 5] = [
    ("as", "", "manuallyApprovesFollowers sensitive Hashtag generator"),
    (
        "toot",
        "http://joinmastodon.org/ns#",
        "discoverable indexable votersCount",
    ),
    ("schema", "http://schema.org#", "PropertyValue value"),
    ("lemmy", "https://join-lemmy.org/ns#", "postingRestrictedToMods"),
    (
        "fucina",
        FUCINA_NAMESPACE,
        "groupKind themeKey joinMode proposalStatus proposalKind developmentStage intellectualProperty \
         soughtCompetences workingLanguages proposalDescription innovation partnerContribution contactPerson \
         proposalThemes interestOffer interestAbout interestQuestions onBehalfOf",
    ),
];

/// Terms whose values are typed: links (`@id`) or XML Schema values.
const TYPED_TERMS: [(&str, &str); 8] = [
    ("toot:featured", "@id"),
    ("lemmy:moderators", "@id"),
    ("https://w3id.org/fep/844e#implements", "@id"),
    ("fucina:team", "@id"),
    ("fucina:results", "@id"),
    ("fucina:openToForeignPartners", "xsd:boolean"),
    ("fucina:teamConsent", "xsd:boolean"),
    ("fucina:expires", "xsd:dateTime"),
];

/// The context for actors and activities.
pub fn default_context() -> Value {
    let mut terms = serde_json::Map::new();
    terms.insert("xsd".into(), json!("http://www.w3.org/2001/XMLSchema#"));
    terms.insert(
        "focalPoint".into(),
        json!({ "@container": "@list", "@id": "toot:focalPoint" }),
    );
    for (prefix, namespace, names) in PLAIN_TERMS {
        if !namespace.is_empty() {
            terms.insert(prefix.into(), json!(namespace));
        }
        for name in names.split_whitespace() {
            terms.insert(name.into(), Value::String(format!("{prefix}:{name}")));
        }
    }
    for (id, kind) in TYPED_TERMS {
        let name = id.rsplit([':', '#']).next().unwrap_or(id);
        terms.insert(name.into(), json!({ "@id": id, "@type": kind }));
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
        assert_eq!(terms["toot"], "http://joinmastodon.org/ns#");
        assert_eq!(terms["discoverable"], "toot:discoverable");
        assert_eq!(terms["Hashtag"], "as:Hashtag");
        assert_eq!(
            terms["moderators"],
            json!({ "@id": "lemmy:moderators", "@type": "@id" })
        );
        assert_eq!(terms["implements"]["@id"], "https://w3id.org/fep/844e#implements");
        assert_eq!(terms["focalPoint"]["@container"], "@list");
        assert_eq!(terms.as_object().unwrap().len(), 42);
    }
}
