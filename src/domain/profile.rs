//! The profile fields of an innovator (organisation, role, skills, website), as
//! name/value pairs with HTML values, the way Mastodon shows profile fields.

use crate::domain::text::escape_html;
use crate::i18n::Translator;

/// The most competences a profile lists.
pub const MAX_COMPETENCES: usize = 30;

/// A profile field, its value already safe HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileField {
    pub name: String,
    pub value_html: String,
}

/// The non-empty fields of a local profile, named in `tr`'s language.
pub fn local_fields(organisation: &str, role: &str, skills: &str, website: &str, tr: &Translator) -> Vec<ProfileField> {
    let mut fields = Vec::new();
    for (key, value) in [
        ("profile-field-organisation", organisation),
        ("profile-field-role", role),
        ("profile-field-skills", skills),
    ] {
        if !value.trim().is_empty() {
            fields.push(ProfileField {
                name: tr.t(key),
                value_html: escape_html(value.trim()),
            });
        }
    }
    let website = website.trim();
    if !website.is_empty() {
        let shown = website.trim_start_matches("https://").trim_start_matches("http://");
        fields.push(ProfileField {
            name: tr.t("profile-field-website"),
            value_html: format!(
                "<a href=\"{}\" rel=\"me nofollow noopener noreferrer\" target=\"_blank\">{}</a>",
                escape_html(website),
                escape_html(shown)
            ),
        });
    }
    fields
}

/// Fields stored for a remote actor (`[{"name", "value"}]`, values sanitised when stored).
pub fn stored_fields(fields: &serde_json::Value) -> Vec<ProfileField> {
    fields
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|f| {
                    Some(ProfileField {
                        name: f.get("name")?.as_str()?.to_owned(),
                        value_html: f.get("value")?.as_str()?.to_owned(),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}
