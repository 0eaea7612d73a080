//! OAuth scopes as Mastodon defines them: top-level scopes (`read`, `write`,
//! `follow`, `push`, `profile`, `admin:read`, `admin:write`), each granting its
//! sub-scopes (`read:accounts`, `write:statuses`, …).

use std::collections::BTreeSet;
use std::fmt;

const TOP_LEVEL: &[&str] = &[
    "read",
    "write",
    "follow",
    "push",
    "profile",
    "admin:read",
    "admin:write",
];

const READ: &[&str] = &[
    "accounts",
    "blocks",
    "bookmarks",
    "favourites",
    "filters",
    "follows",
    "lists",
    "mutes",
    "notifications",
    "search",
    "statuses",
];
const WRITE: &[&str] = &[
    "accounts",
    "blocks",
    "bookmarks",
    "conversations",
    "favourites",
    "filters",
    "follows",
    "lists",
    "media",
    "mutes",
    "notifications",
    "reports",
    "statuses",
];
const ADMIN: &[&str] = &[
    "accounts",
    "reports",
    "domain_allows",
    "domain_blocks",
    "ip_blocks",
    "email_domain_blocks",
    "canonical_email_blocks",
];
/// The deprecated `follow` scope, as Mastodon still honours it.
const FOLLOW_GRANTS: &[&str] = &[
    "read:blocks",
    "write:blocks",
    "read:follows",
    "write:follows",
    "read:mutes",
    "write:mutes",
];

fn is_known(scope: &str) -> bool {
    if TOP_LEVEL.contains(&scope) {
        return true;
    }
    match scope.split_once(':') {
        Some(("read", sub)) => READ.contains(&sub),
        Some(("write", sub)) => WRITE.contains(&sub),
        Some(("admin", rest)) => match rest.split_once(':') {
            Some(("read" | "write", sub)) => ADMIN.contains(&sub),
            _ => false,
        },
        _ => false,
    }
}

/// A set of scopes, every one of them known.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scopes(BTreeSet<String>);

/// A scope string named a scope that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownScope(pub String);

impl Scopes {
    /// Parses a space-separated list (`+` also separates, as some apps send it
    /// unencoded). An empty list means Mastodon's default, `read`.
    pub fn parse(input: &str) -> Result<Self, UnknownScope> {
        let mut set = BTreeSet::new();
        for scope in input.split([' ', '+', ',']).filter(|s| !s.is_empty()) {
            if !is_known(scope) {
                return Err(UnknownScope(scope.to_owned()));
            }
            set.insert(scope.to_owned());
        }
        if set.is_empty() {
            set.insert("read".to_owned());
        }
        Ok(Self(set))
    }

    /// Whether these scopes grant `required` (a top-level or a sub-scope).
    pub fn allows(&self, required: &str) -> bool {
        if self.0.contains(required) {
            return true;
        }
        if self.0.contains("follow") && FOLLOW_GRANTS.contains(&required) {
            return true;
        }
        // `read` grants `read:x`; `admin:read` grants `admin:read:x`.
        match required.rsplit_once(':') {
            Some((parent, _)) => self.0.contains(parent),
            None => false,
        }
    }

    /// Whether every scope of `self` is granted by `granted`: a request may ask
    /// for no more than the app registered.
    pub fn is_subset_of(&self, granted: &Scopes) -> bool {
        self.0.iter().all(|scope| granted.allows(scope))
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

impl fmt::Display for Scopes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let joined: Vec<&str> = self.iter().collect();
        f.write_str(&joined.join(" "))
    }
}

/// Every scope this server knows, for the authorization-server metadata.
pub fn all_scopes() -> Vec<String> {
    let mut all: Vec<String> = TOP_LEVEL.iter().map(|s| (*s).to_owned()).collect();
    all.extend(READ.iter().map(|s| format!("read:{s}")));
    all.extend(WRITE.iter().map(|s| format!("write:{s}")));
    for level in ["read", "write"] {
        all.extend(ADMIN.iter().map(|s| format!("admin:{level}:{s}")));
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_parse_and_default_to_read() {
        assert_eq!(Scopes::parse("").unwrap().to_string(), "read");
        assert_eq!(Scopes::parse("write read").unwrap().to_string(), "read write");
        assert_eq!(
            Scopes::parse("read+write+follow").unwrap().to_string(),
            "follow read write"
        );
        assert!(Scopes::parse("read:accounts admin:read:accounts").is_ok());
        assert_eq!(Scopes::parse("read telepathy"), Err(UnknownScope("telepathy".into())));
        assert!(Scopes::parse("read:everything").is_err());
    }

    #[test]
    fn parents_grant_their_sub_scopes() {
        let read_write = Scopes::parse("read write").unwrap();
        assert!(read_write.allows("read:accounts"));
        assert!(read_write.allows("write:statuses"));
        assert!(!read_write.allows("push"));
        assert!(!read_write.allows("admin:read:accounts"));

        let narrow = Scopes::parse("read:accounts").unwrap();
        assert!(narrow.allows("read:accounts"));
        assert!(!narrow.allows("read:statuses"));
        assert!(!narrow.allows("read"));

        let follow = Scopes::parse("follow").unwrap();
        assert!(follow.allows("write:follows"));
        assert!(!follow.allows("write:statuses"));

        let admin = Scopes::parse("admin:read").unwrap();
        assert!(admin.allows("admin:read:accounts"));
        assert!(!admin.allows("admin:write:accounts"));
    }

    #[test]
    fn a_request_may_not_exceed_the_registration() {
        let registered = Scopes::parse("read write:statuses").unwrap();
        assert!(Scopes::parse("read:accounts").unwrap().is_subset_of(&registered));
        assert!(Scopes::parse("read write:statuses").unwrap().is_subset_of(&registered));
        assert!(!Scopes::parse("write").unwrap().is_subset_of(&registered));
        assert!(!Scopes::parse("follow").unwrap().is_subset_of(&registered));
    }

    #[test]
    fn every_advertised_scope_parses() {
        for scope in all_scopes() {
            assert!(Scopes::parse(&scope).is_ok(), "{scope}");
        }
    }
}
