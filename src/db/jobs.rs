//! The background job queue: rows queued in the transaction of their cause,
//! claimed under a lease with `FOR UPDATE SKIP LOCKED` (so any number of
//! server processes share it and none runs a job twice at once), deleted when
//! done, pushed back when they fail.

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Integer, Jsonb, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

/// A job a worker has claimed.
#[derive(Debug, Clone, QueryableByName)]
pub struct ClaimedJob {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Jsonb)]
    pub payload: serde_json::Value,
    #[diesel(sql_type = Integer)]
    pub attempts: i32,
}

/// Queues a job to run at `run_at`. With a `key`, a job of the same kind and
/// key already waiting absorbs this one (it runs once, with its payload).
pub async fn enqueue(
    conn: &mut AsyncPgConnection,
    kind: &str,
    key: Option<&str>,
    payload: &serde_json::Value,
    run_at: DateTime<Utc>,
) -> diesel::QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO jobs (kind, key, payload, run_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (kind, key) WHERE key IS NOT NULL DO NOTHING",
    )
    .bind::<Text, _>(kind)
    .bind::<Nullable<Text>, _>(key)
    .bind::<Jsonb, _>(payload)
    .bind::<Timestamptz, _>(run_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Claims up to `limit` due jobs for `lease_seconds`.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    limit: i64,
    lease_seconds: i64,
) -> diesel::QueryResult<Vec<ClaimedJob>> {
    diesel::sql_query(
        "UPDATE jobs SET leased_until = now() + make_interval(secs => $2), attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM jobs WHERE run_at <= now() \
                      AND (leased_until IS NULL OR leased_until < now()) \
                      ORDER BY run_at LIMIT $1 FOR UPDATE SKIP LOCKED) \
         RETURNING id, kind, payload, attempts",
    )
    .bind::<BigInt, _>(limit)
    .bind::<diesel::sql_types::Double, _>(lease_seconds as f64)
    .load(conn)
    .await
}

/// A job done: gone.
pub async fn finish(conn: &mut AsyncPgConnection, id: i64) -> diesel::QueryResult<()> {
    diesel::sql_query("DELETE FROM jobs WHERE id = $1")
        .bind::<BigInt, _>(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A job that failed: tried again at `next`.
pub async fn retry_at(
    conn: &mut AsyncPgConnection,
    id: i64,
    next: DateTime<Utc>,
    error: &str,
) -> diesel::QueryResult<()> {
    diesel::sql_query("UPDATE jobs SET run_at = $2, leased_until = NULL, last_error = $3 WHERE id = $1")
        .bind::<BigInt, _>(id)
        .bind::<Timestamptz, _>(next)
        .bind::<Text, _>(error)
        .execute(conn)
        .await?;
    Ok(())
}

/// How many jobs of `kind` wait (for tests and the admin page).
pub async fn count(conn: &mut AsyncPgConnection, kind: &str) -> diesel::QueryResult<i64> {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        count: i64,
    }
    let row: Count = diesel::sql_query("SELECT count(*) AS count FROM jobs WHERE kind = $1")
        .bind::<Text, _>(kind)
        .get_result(conn)
        .await?;
    Ok(row.count)
}
