//! The retention periods of `[retention]`: other servers' posts nobody here
//! touched, and the moderation records, deleted once they are old enough.

use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

/// Rows one statement deletes at most, so that no statement holds locks for long.
const BATCH: i64 = 500;

/// A remote post someone here has to do with: favourited, boosted, bookmarked,
/// replied to, voted in, mentioned in, reported (still open), a proposal's
/// own post, posted in one of our groups, or a reply to one of our posts.
const TOUCHED_HERE: &str = "\
    EXISTS (SELECT 1 FROM favourites f JOIN actors a ON a.id = f.actor_id WHERE f.status_id = s.id AND a.domain IS NULL) \
    OR EXISTS (SELECT 1 FROM statuses b WHERE (b.reblog_of_id = s.id OR b.in_reply_to_id = s.id) AND b.local) \
    OR EXISTS (SELECT 1 FROM bookmarks k WHERE k.status_id = s.id) \
    OR EXISTS (SELECT 1 FROM mentions m JOIN actors a ON a.id = m.actor_id WHERE m.status_id = s.id AND a.domain IS NULL) \
    OR EXISTS (SELECT 1 FROM poll_votes v JOIN actors a ON a.id = v.voter_id WHERE v.status_id = s.id AND a.domain IS NULL) \
    OR EXISTS (SELECT 1 FROM proposals p WHERE p.status_id = s.id OR p.results_status_id = s.id) \
    OR EXISTS (SELECT 1 FROM reports r WHERE s.id = ANY (r.status_ids) AND r.resolved_at IS NULL) \
    OR EXISTS (SELECT 1 FROM actors g WHERE g.id = s.group_id AND g.domain IS NULL) \
    OR EXISTS (SELECT 1 FROM statuses o WHERE o.id = s.in_reply_to_id AND o.local) \
    OR EXISTS (SELECT 1 FROM statuses o WHERE o.id = s.reblog_of_id AND o.local)";

/// Deletes other servers' posts received before `before` that nobody here
/// touched (their media are links, so no file goes); returns how many.
pub async fn prune_remote_posts(conn: &mut AsyncPgConnection, before: DateTime<Utc>) -> diesel::QueryResult<usize> {
    let sql = format!(
        "DELETE FROM statuses WHERE id IN (SELECT s.id FROM statuses s WHERE NOT s.local AND s.created_at < $1 \
         AND NOT ({TOUCHED_HERE}) LIMIT $2)"
    );
    let mut total = 0;
    loop {
        let deleted = diesel::sql_query(&sql)
            .bind::<Timestamptz, _>(before)
            .bind::<BigInt, _>(BATCH)
            .execute(conn)
            .await?;
        total += deleted;
        if i64::try_from(deleted).unwrap_or(0) < BATCH {
            return Ok(total);
        }
    }
}

/// Deletes the moderation records made before `before`: log entries,
/// resolved reports, and decisions whose appeal is not waiting; returns how many.
pub async fn prune_logs(conn: &mut AsyncPgConnection, before: DateTime<Utc>) -> diesel::QueryResult<usize> {
    let mut total = 0;
    for sql in [
        "DELETE FROM moderation_log WHERE created_at < $1",
        "DELETE FROM reports WHERE resolved_at IS NOT NULL AND resolved_at < $1",
        "DELETE FROM account_warnings WHERE created_at < $1 AND appeal_state IS DISTINCT FROM 'pending'",
    ] {
        total += diesel::sql_query(sql)
            .bind::<Timestamptz, _>(before)
            .execute(conn)
            .await?;
    }
    Ok(total)
}
