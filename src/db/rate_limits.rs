//! Counters of the abuse limits, shared by every server process: one row per
//! key, counting hits in a fixed window that starts at the first hit.

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Double, Integer, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

/// A key's count in its current window.
#[derive(Debug, Clone, Copy, QueryableByName)]
pub struct Count {
    #[diesel(sql_type = Integer)]
    pub hits: i32,
    #[diesel(sql_type = Timestamptz)]
    pub window_start: DateTime<Utc>,
}

/// Counts one hit of `key`; a window older than `window_seconds` starts anew.
pub async fn hit(conn: &mut AsyncPgConnection, key: &str, window_seconds: i64) -> diesel::QueryResult<Count> {
    diesel::sql_query(
        "INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, now(), 1) \
         ON CONFLICT (key) DO UPDATE SET \
           hits = CASE WHEN rate_limits.window_start < now() - make_interval(secs => $2) THEN 1 \
                       ELSE rate_limits.hits + 1 END, \
           window_start = CASE WHEN rate_limits.window_start < now() - make_interval(secs => $2) THEN now() \
                               ELSE rate_limits.window_start END \
         RETURNING hits, window_start",
    )
    .bind::<Text, _>(key)
    .bind::<Double, _>(window_seconds as f64)
    .get_result(conn)
    .await
}

/// `key`'s count in a window still running, without counting a hit.
pub async fn peek(conn: &mut AsyncPgConnection, key: &str, window_seconds: i64) -> diesel::QueryResult<Option<Count>> {
    let rows: Vec<Count> = diesel::sql_query(
        "SELECT hits, window_start FROM rate_limits \
         WHERE key = $1 AND window_start >= now() - make_interval(secs => $2)",
    )
    .bind::<Text, _>(key)
    .bind::<Double, _>(window_seconds as f64)
    .load(conn)
    .await?;
    Ok(rows.into_iter().next())
}

/// Forgets `key` (a correct password ends the count of wrong ones).
pub async fn reset(conn: &mut AsyncPgConnection, key: &str) -> diesel::QueryResult<()> {
    diesel::sql_query("DELETE FROM rate_limits WHERE key = $1")
        .bind::<Text, _>(key)
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes the counters of windows that ended more than `seconds` ago.
pub async fn prune(conn: &mut AsyncPgConnection, seconds: i64) -> diesel::QueryResult<usize> {
    diesel::sql_query("DELETE FROM rate_limits WHERE window_start < now() - make_interval(secs => $1)")
        .bind::<Double, _>(seconds as f64)
        .execute(conn)
        .await
}
