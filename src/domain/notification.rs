//! Notification kinds: which are Fucina's own, and which are worth an e-mail.

/// Kinds that are Fucina's own (groups, proposals, interests), not Mastodon's:
/// the Mastodon API gives them only to apps that ask for them by name.
pub const FUCINA_KINDS: [&str; 13] = [
    "group_invitation",
    "group_request",
    "proposal_submitted",
    "proposal_published",
    "proposal_sent_back",
    "proposal_new",
    "proposal_completed",
    "proposal_expired",
    "interest_received",
    "interest_accepted",
    "interest_declined",
    "interest_withdrawn",
    "report_resolved",
];

/// Mastodon's kinds worth an e-mail: someone asks to follow or follows, a
/// mention, a poll's end, a moderator's decision about the account.
const MAILED_MASTODON_KINDS: [&str; 5] = ["follow", "follow_request", "mention", "poll", "moderation_warning"];

/// The kinds worth an e-mail: Fucina's own and a few of Mastodon's.
/// Favourites, boosts and edits stay in the app.
pub const MAILED_KINDS: [&str; 18] = concat(MAILED_MASTODON_KINDS, FUCINA_KINDS);

/// `a` then `b`, as one array of `N` (the compiler checks that `N` is their sum).
const fn concat<const A: usize, const B: usize, const N: usize>(
    a: [&'static str; A],
    b: [&'static str; B],
) -> [&'static str; N] {
    assert!(A + B == N, "the array is not as long as its parts");
    let mut all = [""; N];
    let mut i = 0;
    while i < A {
        all[i] = a[i];
        i += 1;
    }
    while i < N {
        all[i] = b[i - A];
        i += 1;
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fucina_kind_is_mailed() {
        assert!(FUCINA_KINDS.iter().all(|k| MAILED_KINDS.contains(k)));
        assert!(MAILED_KINDS.iter().all(|k| !k.is_empty()));
    }
}
