//! Themes and communities: their kinds, how one joins them, who runs them, the
//! eight default themes, and the rules for a community's name.

use crate::error::FieldError;
use crate::i18n::{Language, Message};

/// A theme (the instance's taxonomy) or a community (created by users).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    Theme,
    Community,
}

impl GroupKind {
    pub fn as_str(self) -> &'static str {
        match self {
            GroupKind::Theme => "theme",
            GroupKind::Community => "community",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "theme" => Some(GroupKind::Theme),
            "community" => Some(GroupKind::Community),
            _ => None,
        }
    }
}

/// How people become members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinMode {
    /// Anyone joins at once, and anyone may post.
    Open,
    /// A manager or moderator accepts each request; only members post.
    Approval,
    /// Only invited people join; its content is for members only.
    Invitation,
}

impl JoinMode {
    pub fn as_str(self) -> &'static str {
        match self {
            JoinMode::Open => "open",
            JoinMode::Approval => "approval",
            JoinMode::Invitation => "invitation",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "open" => Some(JoinMode::Open),
            "approval" => Some(JoinMode::Approval),
            "invitation" => Some(JoinMode::Invitation),
            _ => None,
        }
    }

    /// Whether non-members may post (and read) in it.
    pub fn is_open(self) -> bool {
        self == JoinMode::Open
    }

    /// Whether its content is for members only.
    pub fn members_only(self) -> bool {
        self == JoinMode::Invitation
    }
}

/// A role in a local group; members are its accepted followers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum GroupRole {
    Member,
    Moderator,
    Manager,
}

impl GroupRole {
    pub fn as_str(self) -> &'static str {
        match self {
            GroupRole::Member => "member",
            GroupRole::Moderator => "moderator",
            GroupRole::Manager => "manager",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "member" => Some(GroupRole::Member),
            "moderator" => Some(GroupRole::Moderator),
            "manager" => Some(GroupRole::Manager),
            _ => None,
        }
    }

    /// Moderators and managers keep a group clean.
    pub fn can_moderate(self) -> bool {
        self >= GroupRole::Moderator
    }
}

/// A default theme: its stable key (also its username) and its message keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefaultTheme {
    pub key: &'static str,
    /// An accessible colour for its icon.
    pub colour: [u8; 3],
}

/// The region's smart-specialisation areas, as every Fucina instance names them.
pub const DEFAULT_THEMES: [DefaultTheme; 8] = [
    DefaultTheme::new("aerospace", [0x1f, 0x4e, 0x8c]),
    DefaultTheme::new("agrifood", [0x3d, 0x7a, 0x1e]),
    DefaultTheme::new("eco_industries", [0x0f, 0x6e, 0x5c]),
    DefaultTheme::new("creative_industries", [0x8a, 0x2b, 0x7d]),
    DefaultTheme::new("health", [0xb0, 0x1e, 0x2d]),
    DefaultTheme::new("advanced_manufacturing", [0x5a, 0x4a, 0x3a]),
    DefaultTheme::new("sustainable_mobility", [0x1d, 0x6f, 0x9a]),
    DefaultTheme::new("smart_communities", [0xa3, 0x36, 0x0f]),
];

impl DefaultTheme {
    const fn new(key: &'static str, colour: [u8; 3]) -> Self {
        Self { key, colour }
    }

    pub fn find(key: &str) -> Option<Self> {
        DEFAULT_THEMES.into_iter().find(|t| t.key == key)
    }

    /// The Fluent key of its name (`theme-agrifood-name`).
    pub fn name_key(self) -> String {
        format!("theme-{}-name", self.key.replace('_', "-"))
    }

    pub fn description_key(self) -> String {
        format!("theme-{}-description", self.key.replace('_', "-"))
    }
}

/// Names of a group in several languages; the reader's, else English, else any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Translations(pub std::collections::BTreeMap<String, String>);

impl Translations {
    pub fn from_json(value: &serde_json::Value) -> Self {
        Self(
            value
                .as_object()
                .map(|o| {
                    o.iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                        .collect()
                })
                .unwrap_or_default(),
        )
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Object(
            self.0
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect(),
        )
    }

    pub fn get(&self, language: Language) -> Option<&str> {
        self.0
            .get(language.code())
            .or_else(|| self.0.get("en"))
            .or_else(|| self.0.values().next())
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }
}

/// A community's name (its handle): 3–30 of `a-z`, `0-9` and `_`.
pub fn parse_group_name(input: &str) -> Result<String, FieldError> {
    let name = input.trim().to_ascii_lowercase();
    if name.chars().count() < 3 || name.chars().count() > 30 {
        return Err(FieldError::new(
            "name",
            "ERR_INVALID",
            Message::new("error-group-name-length"),
        ));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(FieldError::new(
            "name",
            "ERR_INVALID",
            Message::new("error-username-characters"),
        ));
    }
    // The same reserved words as for people: groups and people share one namespace.
    crate::domain::account::Username::parse(&name).map(|_| name)
}

/// A group's title: 1–100 characters.
pub fn parse_title(input: &str) -> Result<String, FieldError> {
    let title = input.trim();
    if title.is_empty() {
        return Err(FieldError::new(
            "title",
            "ERR_BLANK",
            Message::new("error-group-title-blank"),
        ));
    }
    if title.chars().count() > 100 || title.chars().any(char::is_control) {
        return Err(FieldError::new(
            "title",
            "ERR_TOO_LONG",
            Message::new("error-display-name-too-long"),
        ));
    }
    Ok(title.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_kinds_and_roles_round_trip() {
        for mode in [JoinMode::Open, JoinMode::Approval, JoinMode::Invitation] {
            assert_eq!(JoinMode::parse(mode.as_str()), Some(mode));
        }
        for kind in [GroupKind::Theme, GroupKind::Community] {
            assert_eq!(GroupKind::parse(kind.as_str()), Some(kind));
        }
        for role in [GroupRole::Member, GroupRole::Moderator, GroupRole::Manager] {
            assert_eq!(GroupRole::parse(role.as_str()), Some(role));
        }
        assert!(
            GroupRole::Manager.can_moderate()
                && GroupRole::Moderator.can_moderate()
                && !GroupRole::Member.can_moderate()
        );
        assert!(JoinMode::Invitation.members_only() && !JoinMode::Approval.members_only());
    }

    #[test]
    fn the_eight_default_themes_have_keys_usable_as_handles() {
        assert_eq!(DEFAULT_THEMES.len(), 8);
        for theme in DEFAULT_THEMES {
            // Some keys (health) are reserved for people, which keeps them free for the theme.
            assert!(
                theme.key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{}",
                theme.key
            );
            assert_eq!(DefaultTheme::find(theme.key), Some(theme));
        }
        assert_eq!(DEFAULT_THEMES[1].name_key(), "theme-agrifood-name");
    }

    #[test]
    fn group_names_are_checked() {
        assert_eq!(parse_group_name("Drone_Lab").unwrap(), "drone_lab");
        assert!(parse_group_name("ab").is_err());
        assert!(parse_group_name("no spaces").is_err());
        assert!(parse_group_name("admin").is_err());
        assert!(parse_title("  ").is_err());
    }

    #[test]
    fn translations_fall_back_to_english_then_anything() {
        let names = Translations::from_json(&serde_json::json!({"en": "Health", "it": "Salute"}));
        assert_eq!(names.get(Language::It), Some("Salute"));
        let english_only = Translations::from_json(&serde_json::json!({"en": "Health"}));
        assert_eq!(english_only.get(Language::It), Some("Health"));
        assert_eq!(Translations::default().get(Language::En), None);
    }

    #[test]
    fn every_default_theme_is_named_and_described_in_every_language() {
        for language in Language::ALL {
            let tr = language.translator();
            for theme in DEFAULT_THEMES {
                assert_ne!(tr.t(&theme.name_key()), theme.name_key(), "{language:?} {}", theme.key);
                assert_ne!(
                    tr.t(&theme.description_key()),
                    theme.description_key(),
                    "{language:?} {}",
                    theme.key
                );
            }
        }
    }
}
