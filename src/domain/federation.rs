//! Federation policy: whom this instance federates with. In `open` mode,
//! every server that is not suspended; in `linked-only` mode, only linked
//! instances (and relays it subscribed to). Silenced instances federate, but
//! their posts stay out of public timelines and search. Blocked actors are
//! refused wherever their server is not.

use std::collections::HashSet;

/// The instance's federation mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Open,
    LinkedOnly,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::LinkedOnly => "linked-only",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "open" => Some(Self::Open),
            "linked-only" | "linked_only" => Some(Self::LinkedOnly),
            _ => None,
        }
    }
}

/// How hard an instance is blocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Its posts stay out of public timelines and search.
    Silence,
    /// Nothing in, nothing out; its cached content is removed.
    Suspend,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Silence => "silence",
            Self::Suspend => "suspend",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "silence" => Some(Self::Silence),
            "suspend" => Some(Self::Suspend),
            _ => None,
        }
    }
}

/// The policy in force: a snapshot of the mode, the links and the blocks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    pub mode: Mode,
    /// Hosts this instance linked (or asked to link) with, and relays it follows.
    pub linked: HashSet<String>,
    pub suspended: HashSet<String>,
    pub silenced: HashSet<String>,
    /// ActivityPub ids of single remote actors blocked by the instance.
    pub blocked_actors: HashSet<String>,
    /// Hosts unlinked within the hour: they still receive what was queued
    /// for them (the `Undo` and `Reject` that end the link).
    pub departing: HashSet<String>,
}

impl Policy {
    /// Whether this instance exchanges anything with `host`.
    pub fn accepts_host(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        !self.suspended.contains(&host) && (self.mode == Mode::Open || self.linked.contains(&host))
    }

    /// Whether this instance exchanges anything with the actor `ap_id` of `host`.
    pub fn accepts_actor(&self, ap_id: &str, host: &str) -> bool {
        self.accepts_host(host) && !self.blocked_actors.contains(ap_id)
    }

    /// Whether deliveries to `host` go out: as `accepts_host`, and to an
    /// instance unlinked within the hour (to tell it so) unless suspended.
    pub fn delivers_to(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        self.accepts_host(&host) || (self.departing.contains(&host) && !self.suspended.contains(&host))
    }

    pub fn is_silenced(&self, host: &str) -> bool {
        self.silenced.contains(&host.to_ascii_lowercase())
    }
}

/// A domain as an administrator types it (`B.example`, `https://b.example/`,
/// `b.example:8443`), as this instance compares hosts: lower case, with its
/// port if it has one. `None` when it is not a domain.
pub fn normalize_domain(input: &str) -> Option<String> {
    let trimmed = input.trim();
    let without_scheme = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .unwrap_or(trimmed);
    let host = without_scheme.trim_end_matches('/').to_ascii_lowercase();
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host.as_str(), None),
    };
    let name_ok = !name.is_empty()
        && name.len() <= 253
        && name
            .split('.')
            .all(|label| !label.is_empty() && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.parse::<u16>().is_ok());
    (name_ok && port_ok).then_some(host)
}

/// A handle as people type it (`name@domain`, `@name@domain`, `!name@domain`),
/// split into its name and its domain (lowercased, with a port if it has one).
/// Only a bare handle passes: no path, query, credentials or spaces, so a
/// handle can never smuggle in a URL.
pub fn parse_remote_handle(input: &str) -> Option<(String, String)> {
    let handle = input.trim().trim_start_matches(['@', '!']);
    let handle = handle.strip_prefix("acct:").unwrap_or(handle);
    let (name, domain) = handle.split_once('@')?;
    let name_ok = !name.is_empty()
        && name.len() <= 100
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if !name_ok || domain.contains('@') {
        return None;
    }
    let domain = normalize_domain(domain).filter(|d| !d.contains('/'))?;
    // `normalize_domain` also takes a scheme and a trailing slash, which a handle never has.
    if handle.ends_with('/') || handle.contains("://") {
        return None;
    }
    Some((name.to_owned(), domain))
}

/// The Mastodon API version Fucina's client API answers as: apps read it
/// from `/api/v1/instance`, and megalodon-based ones from NodeInfo's
/// `metadata.upstream`.
pub const MASTODON_API_VERSION: &str = "4.2.0";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bare_handles_are_handles() {
        let cases = [
            ("ada@mastodon.example", Some(("ada", "mastodon.example"))),
            ("@ada@Mastodon.Example", Some(("ada", "mastodon.example"))),
            ("!sensors@lemmy.example", Some(("sensors", "lemmy.example"))),
            ("acct:ada@mastodon.example", Some(("ada", "mastodon.example"))),
            ("ada@localhost:8080", Some(("ada", "localhost:8080"))),
            ("ada@mastodon.example/evil", None),
            ("ada@mastodon.example?x=1", None),
            ("ada@https://mastodon.example", None),
            ("ada@mastodon.example/", None),
            ("ada@user:pw@mastodon.example", None),
            ("a da@mastodon.example", None),
            ("ada@", None),
            ("@mastodon.example", None),
            ("ada", None),
        ];
        for (input, expected) in cases {
            let expected = expected.map(|(n, d): (&str, &str)| (n.to_owned(), d.to_owned()));
            assert_eq!(parse_remote_handle(input), expected, "{input}");
        }
    }

    fn policy(mode: Mode) -> Policy {
        Policy {
            mode,
            linked: HashSet::from(["b.example".to_string()]),
            suspended: HashSet::from(["evil.example".to_string()]),
            silenced: HashSet::from(["loud.example".to_string()]),
            blocked_actors: HashSet::from(["https://c.example/users/troll".to_string()]),
            departing: HashSet::from(["gone.example".to_string()]),
        }
    }

    #[test]
    fn open_mode_accepts_all_but_the_suspended_and_blocked() {
        let open = policy(Mode::Open);
        assert!(open.accepts_host("c.example"));
        assert!(open.accepts_host("loud.example"), "silenced is not suspended");
        assert!(!open.accepts_host("EVIL.example"));
        assert!(!open.accepts_actor("https://c.example/users/troll", "c.example"));
        assert!(open.accepts_actor("https://c.example/users/anna", "c.example"));
    }

    #[test]
    fn linked_only_mode_accepts_only_linked_hosts() {
        let closed = policy(Mode::LinkedOnly);
        assert!(closed.accepts_host("b.example"));
        assert!(!closed.accepts_host("c.example"));
        assert!(!closed.accepts_host("evil.example"));
        assert!(!closed.accepts_host("gone.example"));
        assert!(closed.delivers_to("gone.example"), "the farewell still goes out");
        assert!(!closed.delivers_to("c.example"));
    }

    #[test]
    fn domains_are_normalized_or_refused() {
        assert_eq!(normalize_domain(" https://B.Example/ "), Some("b.example".into()));
        assert_eq!(normalize_domain("localhost:8443"), Some("localhost:8443".into()));
        assert_eq!(normalize_domain("b.example/users/x"), None);
        assert_eq!(normalize_domain("b..example"), None);
        assert_eq!(normalize_domain("b.example:99999"), None);
        assert_eq!(normalize_domain(""), None);
    }

    #[test]
    fn modes_and_severities_read_what_they_write() {
        for mode in [Mode::Open, Mode::LinkedOnly] {
            assert_eq!(Mode::parse(mode.as_str()), Some(mode));
        }
        for severity in [Severity::Silence, Severity::Suspend] {
            assert_eq!(Severity::parse(severity.as_str()), Some(severity));
        }
        assert_eq!(Mode::parse("closed"), None);
    }
}
