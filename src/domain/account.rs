//! Accounts: usernames, e-mail addresses, passwords and roles, each checked once
//! when it enters the program ("parse, don't validate").

use std::fmt;

use crate::error::FieldError;
use crate::i18n::Message;

/// Names no one may take: they collide with routes, with roles people trust, or
/// with the instance itself.
const RESERVED_USERNAMES: &[&str] = &[
    "abuse",
    "about",
    "account",
    "accounts",
    "activity",
    "actor",
    "admin",
    "administrator",
    "api",
    "apps",
    "auth",
    "communities",
    "community",
    "contact",
    "explore",
    "facilitator",
    "facilitators",
    "favicon",
    "feed",
    "feeds",
    "followers",
    "following",
    "fucina",
    "groups",
    "health",
    "help",
    "home",
    "hostmaster",
    "inbox",
    "info",
    "instance",
    "interests",
    "login",
    "logout",
    "mail",
    "mailer",
    "mastodon",
    "me",
    "metrics",
    "moderator",
    "moderators",
    "news",
    "nodeinfo",
    "noreply",
    "notifications",
    "null",
    "oauth",
    "outbox",
    "postmaster",
    "proposals",
    "public",
    "relay",
    "root",
    "search",
    "security",
    "settings",
    "shared",
    "signup",
    "static",
    "status",
    "statuses",
    "support",
    "system",
    "tags",
    "themes",
    "undefined",
    "users",
    "webfinger",
    "webmaster",
    "well_known",
    "wellknown",
    "www",
];

/// A local username: 1–30 of `a-z`, `0-9` and `_`, not reserved. Stored lowercase.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let name = input.trim().to_ascii_lowercase();
        let refuse = |key: &'static str| Err(FieldError::new("username", "ERR_INVALID", Message::new(key)));
        if name.is_empty() {
            return Err(FieldError::new(
                "username",
                "ERR_BLANK",
                Message::new("error-username-blank"),
            ));
        }
        if name.chars().count() > 30 {
            return Err(FieldError::new(
                "username",
                "ERR_TOO_LONG",
                Message::new("error-username-too-long"),
            ));
        }
        if !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            return refuse("error-username-characters");
        }
        if RESERVED_USERNAMES.contains(&name.as_str()) {
            return Err(FieldError::new(
                "username",
                "ERR_RESERVED",
                Message::new("error-username-reserved"),
            ));
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An e-mail address that is plausibly deliverable: one `@`, a local part, a
/// domain with a dot and only valid label characters, no spaces, ≤ 254 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let email = input.trim();
        let refuse = || {
            Err(FieldError::new(
                "email",
                "ERR_INVALID",
                Message::new("error-email-invalid"),
            ))
        };
        if email.is_empty() {
            return Err(FieldError::new("email", "ERR_BLANK", Message::new("error-email-blank")));
        }
        if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return refuse();
        }
        let Some((local, domain)) = email.rsplit_once('@') else {
            return refuse();
        };
        if local.is_empty() || local.len() > 64 || local.contains(['@', '<', '>', ',', ';']) {
            return refuse();
        }
        let labels: Vec<&str> = domain.split('.').collect();
        let label_ok = |label: &&str| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        };
        if labels.len() < 2 || !labels.iter().all(label_ok) {
            return refuse();
        }
        // The domain is case-insensitive; the local part is kept as typed.
        Ok(Self(format!("{local}@{}", domain.to_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password, long enough and not absurdly long. Never logged or displayed.
pub struct NewPassword(String);

impl NewPassword {
    pub const MAX_LENGTH: usize = 256;

    pub fn parse(input: &str, min_length: usize) -> Result<Self, FieldError> {
        let length = input.chars().count();
        if length < min_length {
            return Err(FieldError::new(
                "password",
                "ERR_TOO_SHORT",
                Message::new("error-password-too-short").with("min", min_length.to_string()),
            ));
        }
        if length > Self::MAX_LENGTH {
            return Err(FieldError::new(
                "password",
                "ERR_TOO_LONG",
                Message::new("error-password-too-long").with("max", Self::MAX_LENGTH.to_string()),
            ));
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

/// What a local user may do beyond their own account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    User,
    /// Validates proposals and follows them up (the original platform's facilitators).
    Facilitator,
    Moderator,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Facilitator => "facilitator",
            Role::Moderator => "moderator",
            Role::Admin => "admin",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "user" => Some(Role::User),
            "facilitator" => Some(Role::Facilitator),
            "moderator" => Some(Role::Moderator),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

impl Role {
    /// Facilitators, moderators and administrators validate proposals and see
    /// the expressions of interest in the instance's proposals.
    pub fn facilitates(self) -> bool {
        self >= Role::Facilitator
    }
}

/// Whether a sign-up may sign in yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approval {
    Pending,
    Approved,
    Rejected,
}

impl Approval {
    pub fn as_str(self) -> &'static str {
        match self {
            Approval::Pending => "pending",
            Approval::Approved => "approved",
            Approval::Rejected => "rejected",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "pending" => Some(Approval::Pending),
            "approved" => Some(Approval::Approved),
            "rejected" => Some(Approval::Rejected),
            _ => None,
        }
    }
}

/// A display name: trimmed, at most 100 characters, no control characters.
pub fn parse_display_name(input: &str) -> Result<String, FieldError> {
    let name = input.trim();
    if name.chars().count() > 100 {
        return Err(FieldError::new(
            "display_name",
            "ERR_TOO_LONG",
            Message::new("error-display-name-too-long"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(FieldError::new(
            "display_name",
            "ERR_INVALID",
            Message::new("error-display-name-invalid"),
        ));
    }
    Ok(name.to_owned())
}

/// A presentation ("bio"): at most 2,000 characters of plain text.
pub fn parse_note(input: &str) -> Result<String, FieldError> {
    let note = input.trim();
    if note.chars().count() > 2000 {
        return Err(FieldError::new(
            "note",
            "ERR_TOO_LONG",
            Message::new("error-note-too-long"),
        ));
    }
    Ok(note.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_checked() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("alice", Ok("alice")),
            ("Alice_99", Ok("alice_99")),
            ("  bob ", Ok("bob")),
            ("a", Ok("a")),
            ("abcdefghijabcdefghijabcdefghij", Ok("abcdefghijabcdefghijabcdefghij")),
            ("abcdefghijabcdefghijabcdefghijk", Err("ERR_TOO_LONG")),
            ("", Err("ERR_BLANK")),
            ("al ice", Err("ERR_INVALID")),
            ("al-ice", Err("ERR_INVALID")),
            ("àlice", Err("ERR_INVALID")),
            ("alice@host", Err("ERR_INVALID")),
            ("admin", Err("ERR_RESERVED")),
            ("Instance", Err("ERR_RESERVED")),
            ("inbox", Err("ERR_RESERVED")),
            ("api", Err("ERR_RESERVED")),
            ("well_known", Err("ERR_RESERVED")),
        ];
        for (input, expected) in cases {
            let got = Username::parse(input).map(Username::into_string).map_err(|e| e.code);
            assert_eq!(got.as_deref().map_err(|e| *e), *expected, "{input:?}");
        }
    }

    #[test]
    fn emails_are_checked() {
        let cases: &[(&str, Option<&str>)] = &[
            ("alice@example.org", Some("alice@example.org")),
            ("Alice.B+fucina@Example.ORG", Some("Alice.B+fucina@example.org")),
            (" carla@regione.it ", Some("carla@regione.it")),
            ("user@università.it", Some("user@università.it")),
            ("", None),
            ("alice", None),
            ("alice@", None),
            ("@example.org", None),
            ("alice@localhost", None),
            ("alice@exa mple.org", None),
            ("alice@-example.org", None),
            ("alice@example..org", None),
            ("a,b@example.org", None),
        ];
        for (input, expected) in cases {
            let got = Email::parse(input).ok().map(|e| e.as_str().to_owned());
            assert_eq!(got.as_deref(), *expected, "{input:?}");
        }
    }

    #[test]
    fn passwords_have_a_minimum_and_a_maximum() {
        assert!(NewPassword::parse("short", 10).is_err());
        assert!(NewPassword::parse("long enough!", 10).is_ok());
        // Characters, not bytes.
        assert!(NewPassword::parse("àèìòùàèìò", 10).is_err());
        assert!(NewPassword::parse(&"x".repeat(257), 10).is_err());
        let error = NewPassword::parse("short", 12).unwrap_err();
        assert_eq!(error.message.args, vec![("min", "12".to_owned())]);
    }

    #[test]
    fn display_names_and_notes_are_bounded() {
        assert_eq!(parse_display_name("  Alice  ").unwrap(), "Alice");
        assert!(parse_display_name(&"x".repeat(101)).is_err());
        assert!(parse_display_name("bad\u{7}name").is_err());
        assert!(parse_note(&"x".repeat(2001)).is_err());
    }

    #[test]
    fn roles_and_approvals_round_trip() {
        for role in [Role::User, Role::Moderator, Role::Admin] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        for approval in [Approval::Pending, Approval::Approved, Approval::Rejected] {
            assert_eq!(Approval::parse(approval.as_str()), Some(approval));
        }
        assert!(Role::Admin > Role::Moderator);
    }
}
