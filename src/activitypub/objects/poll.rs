//! Polls on the wire, as Mastodon publishes them: a `Question` whose `oneOf`
//! (single choice) or `anyOf` (multiple) lists the options as `Note`s with
//! `replies.totalItems` counting the votes, `endTime`, and `votersCount`.

use diesel_async::AsyncPgConnection;

use crate::activitypub::protocol::object::{Note, PollOption, PollReplies};
use crate::db::polls::{self, DbPoll};
use crate::db::statuses::DbStatus;
use crate::error::AppError;

/// The poll's options with their counts.
fn options(poll: &DbPoll) -> Vec<PollOption> {
    poll.option_titles()
        .into_iter()
        .enumerate()
        .map(|(i, name)| PollOption {
            kind: "Note".into(),
            name,
            replies: Some(PollReplies {
                kind: "Collection".into(),
                total_items: poll.count_of(i),
            }),
        })
        .collect()
}

/// Fills a local `Question` with its poll.
pub fn fill(note: &mut Note, poll: &DbPoll) {
    if poll.multiple {
        note.any_of = options(poll);
    } else {
        note.one_of = options(poll);
    }
    note.end_time = poll.expires_at;
    note.voters_count = Some(poll.voters_count);
}

/// Adds the poll to a local status's `Question`.
pub async fn decorate(conn: &mut AsyncPgConnection, status: &DbStatus, note: &mut Note) -> Result<(), AppError> {
    if status.object_type != "Question" || !status.local {
        return Ok(());
    }
    if let Some(poll) = polls::find(conn, status.id).await? {
        fill(note, &poll);
    }
    Ok(())
}
