//! Who may see a post, and how that is written in ActivityPub addressing.

/// ActivityStreams' public collection.
pub const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// Mastodon's four visibilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// `as:Public` in `to`: everyone, in public timelines.
    Public,
    /// `as:Public` in `cc`: everyone with the link, not in public timelines.
    Unlisted,
    /// The author's followers (and the mentioned).
    Private,
    /// Only the mentioned.
    Direct,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Unlisted => "unlisted",
            Visibility::Private => "private",
            Visibility::Direct => "direct",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "public" => Some(Visibility::Public),
            "unlisted" => Some(Visibility::Unlisted),
            "private" => Some(Visibility::Private),
            "direct" => Some(Visibility::Direct),
            _ => None,
        }
    }

    /// `to` and `cc` for a post by an actor with `followers`, mentioning `mentioned`.
    pub fn addressing(self, followers: &str, mentioned: &[String]) -> (Vec<String>, Vec<String>) {
        let mut to = Vec::new();
        let mut cc = Vec::new();
        match self {
            Visibility::Public => {
                to.push(PUBLIC.to_owned());
                cc.push(followers.to_owned());
                cc.extend(mentioned.iter().cloned());
            }
            Visibility::Unlisted => {
                to.push(followers.to_owned());
                cc.push(PUBLIC.to_owned());
                cc.extend(mentioned.iter().cloned());
            }
            Visibility::Private => {
                to.push(followers.to_owned());
                cc.extend(mentioned.iter().cloned());
            }
            Visibility::Direct => to.extend(mentioned.iter().cloned()),
        }
        (to, cc)
    }

    /// Reads addressing: public in `to`, public in `cc`, the followers collection, or none of those.
    pub fn from_addressing(to: &[String], cc: &[String], followers: Option<&str>) -> Self {
        let public = |list: &[String]| {
            list.iter()
                .any(|a| matches!(a.as_str(), PUBLIC | "as:Public" | "Public"))
        };
        if public(to) {
            Visibility::Public
        } else if public(cc) {
            Visibility::Unlisted
        } else if followers.is_some_and(|f| to.iter().chain(cc).any(|a| a == f)) {
            Visibility::Private
        } else {
            Visibility::Direct
        }
    }

    /// Whether others may boost it.
    pub fn can_be_boosted(self) -> bool {
        matches!(self, Visibility::Public | Visibility::Unlisted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addressing_round_trips() {
        let followers = "https://here.example/users/a/followers";
        let mentioned = vec!["https://there.example/users/b".to_owned()];
        for visibility in [
            Visibility::Public,
            Visibility::Unlisted,
            Visibility::Private,
            Visibility::Direct,
        ] {
            let (to, cc) = visibility.addressing(followers, &mentioned);
            assert_eq!(
                Visibility::from_addressing(&to, &cc, Some(followers)),
                visibility,
                "{visibility:?}"
            );
            assert_eq!(Visibility::parse(visibility.as_str()), Some(visibility));
        }
        let (to, cc) = Visibility::Direct.addressing(followers, &mentioned);
        assert!(
            !to.iter().chain(&cc).any(|a| a == followers || a == PUBLIC),
            "direct posts reach no one else"
        );
    }

    #[test]
    fn public_is_recognised_in_its_short_forms() {
        assert_eq!(
            Visibility::from_addressing(&["as:Public".into()], &[], None),
            Visibility::Public
        );
        assert_eq!(
            Visibility::from_addressing(&[], &["Public".into()], None),
            Visibility::Unlisted
        );
    }
}
