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

/// Stores (or refreshes) a remote `Question`'s options and counts.
pub async fn store_remote(conn: &mut AsyncPgConnection, status: &DbStatus, note: &Note) -> Result<(), AppError> {
    if note.kind != "Question" || status.local {
        return Ok(());
    }
    let (multiple, choices) = if note.any_of.is_empty() {
        (false, &note.one_of)
    } else {
        (true, &note.any_of)
    };
    if choices.is_empty() {
        return Ok(());
    }
    let choices: Vec<&PollOption> = choices.iter().take(20).collect();
    let titles: Vec<String> = choices
        .iter()
        .map(|o| crate::domain::text::html_to_text(&o.name).chars().take(200).collect())
        .collect();
    let counts: Vec<i64> = choices
        .iter()
        .map(|o| o.replies.as_ref().map_or(0, |r| r.total_items.max(0)))
        .collect();
    let voters = note
        .voters_count
        .unwrap_or_else(|| if multiple { 0 } else { counts.iter().sum() });
    polls::upsert(
        conn,
        status.id,
        multiple,
        &titles,
        &counts,
        voters.max(0),
        note.end_time,
    )
    .await?;
    Ok(())
}
