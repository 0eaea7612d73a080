//! Erasing a person's data: when they delete their account, when a suspension
//! runs out, or when another server says one of its people is gone.
//!
//! What stays is a tombstone: the actor row (its username stays taken, its id
//! answers `410`), its posts as empty rows marked deleted, and the proposals
//! others joined as team members, whose author then shows as a deleted account.

use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

/// Proposals of `$1` that others joined: kept for the team.
const KEPT: &str = "SELECT p.id FROM proposals p WHERE p.author_id = $1 AND EXISTS \
     (SELECT 1 FROM interests i WHERE i.proposal_id = p.id AND i.state = 'accepted' AND i.sender_id <> $1)";

/// The posts of `$1` that go: all but those of kept proposals.
fn erased_posts() -> String {
    format!(
        "SELECT s.id FROM statuses s WHERE s.actor_id = $1 AND s.id NOT IN \
         (SELECT p.status_id FROM proposals p WHERE p.id IN ({KEPT}) AND p.status_id IS NOT NULL)"
    )
}

#[derive(QueryableByName)]
struct Key {
    #[diesel(sql_type = Text)]
    key: String,
}

/// Runs one statement about the actor `$1`.
async fn run(conn: &mut AsyncPgConnection, sql: &str, actor_id: i64) -> diesel::QueryResult<usize> {
    diesel::sql_query(sql).bind::<BigInt, _>(actor_id).execute(conn).await
}

/// Erases what the actor wrote, sent, uploaded and followed, and blanks its
/// profile, in the caller's transaction. Returns the storage keys of the files
/// to remove once the transaction commits.
pub async fn erase(conn: &mut AsyncPgConnection, actor_id: i64) -> diesel::QueryResult<Vec<String>> {
    let doomed = format!("SELECT p.id FROM proposals p WHERE p.author_id = $1 AND p.id NOT IN ({KEPT})");
    let posts = erased_posts();
    let files = format!(
        "DELETE FROM attachments a WHERE \
           (a.uploader_id = $1 AND (a.proposal_id IS NULL OR a.proposal_id NOT IN ({KEPT}))) \
           OR a.proposal_id IN ({doomed}) \
           OR a.interest_id IN (SELECT i.id FROM interests i WHERE i.sender_id = $1 OR i.proposal_id IN ({doomed})) \
           OR a.status_id IN ({posts}) \
         RETURNING a.key"
    );
    let keys: Vec<Key> = diesel::sql_query(format!(
        "WITH gone AS ({files}) SELECT key FROM gone WHERE key IS NOT NULL"
    ))
    .bind::<BigInt, _>(actor_id)
    .load(conn)
    .await?;
    let statements = [
        "DELETE FROM interests WHERE sender_id = $1".to_owned(),
        format!("DELETE FROM proposals WHERE id IN ({doomed})"),
        format!("DELETE FROM polls WHERE status_id IN ({posts})"),
        format!("DELETE FROM status_edits WHERE status_id IN ({posts})"),
        format!("DELETE FROM status_tags WHERE status_id IN ({posts})"),
        // What it boosted and liked counts one less.
        "UPDATE statuses s SET reblogs_count = greatest(s.reblogs_count - 1, 0) FROM statuses r \
         WHERE r.actor_id = $1 AND r.reblog_of_id = s.id AND r.deleted_at IS NULL"
            .to_owned(),
        format!(
            "UPDATE statuses SET deleted_at = coalesce(deleted_at, now()), content = '', source = '', \
             summary = '', name = NULL WHERE id IN ({posts})"
        ),
        "UPDATE statuses s SET favourites_count = greatest(s.favourites_count - 1, 0) FROM favourites f \
         WHERE f.actor_id = $1 AND f.status_id = s.id"
            .to_owned(),
        "DELETE FROM favourites WHERE actor_id = $1".to_owned(),
        "DELETE FROM poll_votes WHERE voter_id = $1".to_owned(),
        "UPDATE actors a SET followers_count = greatest(a.followers_count - 1, 0) FROM follows f \
         WHERE f.follower_id = $1 AND f.followed_id = a.id AND f.state = 'accepted'"
            .to_owned(),
        "UPDATE actors a SET following_count = greatest(a.following_count - 1, 0) FROM follows f \
         WHERE f.followed_id = $1 AND f.follower_id = a.id AND f.state = 'accepted'"
            .to_owned(),
        "DELETE FROM follows WHERE follower_id = $1 OR followed_id = $1".to_owned(),
        "DELETE FROM blocks WHERE blocker_id = $1 OR blocked_id = $1".to_owned(),
        "DELETE FROM group_roles WHERE actor_id = $1".to_owned(),
        "DELETE FROM group_invitations WHERE actor_id = $1".to_owned(),
        "DELETE FROM notifications WHERE recipient_id = $1 OR from_actor_id = $1".to_owned(),
        "UPDATE actors SET display_name = '', summary = '', summary_source = '', fields = '[]', \
         organisation = '', role_title = '', skills = '', website = '', avatar_url = NULL, header_url = NULL, \
         discoverable = false, followers_count = 0, following_count = 0, statuses_count = 0, \
         deleted_at = coalesce(deleted_at, now()), updated_at = now() WHERE id = $1"
            .to_owned(),
    ];
    for sql in &statements {
        run(conn, sql, actor_id).await?;
    }
    Ok(keys.into_iter().map(|k| k.key).collect())
}

/// Removes a local account's sign-in (its e-mail, password, sessions and
/// tokens go with it); its actor stays as a tombstone.
pub async fn drop_user(conn: &mut AsyncPgConnection, user_id: i64) -> diesel::QueryResult<usize> {
    diesel::sql_query("DELETE FROM users WHERE id = $1")
        .bind::<BigInt, _>(user_id)
        .execute(conn)
        .await
}
