//! The persistent delivery queue: outgoing activities, one delivery row per
//! target inbox, claimed by workers with `FOR UPDATE SKIP LOCKED`; and the
//! instances that delivery pauses after repeated failures. Also the ids of
//! received activities, so each is processed once.

use chrono::{DateTime, Utc};
use diesel::prelude::{ExpressionMethods, QueryDsl};
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamptz};
use diesel::{OptionalExtension, QueryableByName};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::schema::{deliveries, outgoing_activities, received_activities};

/// Stores an activity and a delivery for each inbox; returns how many deliveries.
pub async fn enqueue(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    ap_id: &str,
    payload: &str,
    inboxes: &[String],
    deadline: DateTime<Utc>,
) -> diesel::QueryResult<usize> {
    if inboxes.is_empty() {
        return Ok(0);
    }
    let activity_id: i64 = diesel::insert_into(outgoing_activities::table)
        .values((
            outgoing_activities::ap_id.eq(ap_id),
            outgoing_activities::actor_id.eq(actor_id),
            outgoing_activities::payload.eq(payload),
        ))
        .returning(outgoing_activities::id)
        .get_result(conn)
        .await?;
    let rows: Vec<_> = inboxes
        .iter()
        .map(|inbox| {
            let host = url::Url::parse(inbox)
                .ok()
                .and_then(|u| {
                    u.host_str().map(|h| match u.port() {
                        Some(p) => format!("{h}:{p}"),
                        None => h.to_owned(),
                    })
                })
                .unwrap_or_default();
            (
                deliveries::activity_id.eq(activity_id),
                deliveries::inbox_url.eq(inbox.clone()),
                deliveries::host.eq(host),
                deliveries::deadline.eq(deadline),
            )
        })
        .collect();
    diesel::insert_into(deliveries::table)
        .values(rows)
        .on_conflict_do_nothing()
        .execute(conn)
        .await
}

/// A delivery a worker has claimed.
#[derive(Debug, Clone, QueryableByName)]
pub struct ClaimedDelivery {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub inbox_url: String,
    #[diesel(sql_type = Text)]
    pub host: String,
    #[diesel(sql_type = Integer)]
    pub attempts: i32,
    #[diesel(sql_type = Timestamptz)]
    pub deadline: DateTime<Utc>,
    #[diesel(sql_type = BigInt)]
    pub actor_id: i64,
    #[diesel(sql_type = Text)]
    pub payload: String,
    /// The signature dialect the host's inbox last accepted, if known.
    #[diesel(sql_type = Nullable<Text>)]
    pub http_signature: Option<String>,
    /// Whether the host says it verifies RFC 9421 signatures.
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub advertises_rfc9421: bool,
}

/// Claims up to `limit` due deliveries to hosts that are not paused, for `lease_seconds`.
/// A claim that is not settled in time (the worker died) becomes due again.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    limit: i64,
    lease_seconds: i64,
) -> diesel::QueryResult<Vec<ClaimedDelivery>> {
    diesel::sql_query(
        "WITH due AS ( \
            SELECT d.id FROM deliveries d \
            LEFT JOIN instances i ON i.host = d.host \
            WHERE d.state = 'pending' AND d.next_attempt_at <= now() \
              AND (d.locked_until IS NULL OR d.locked_until < now()) \
              AND (i.paused_until IS NULL OR i.paused_until < now()) \
            ORDER BY d.next_attempt_at \
            LIMIT $1 \
            FOR UPDATE OF d SKIP LOCKED), \
         claimed AS ( \
            UPDATE deliveries SET locked_until = now() + make_interval(secs => $2), attempts = attempts + 1 \
            FROM due WHERE deliveries.id = due.id \
            RETURNING deliveries.id, deliveries.inbox_url, deliveries.host, deliveries.attempts, deliveries.deadline, deliveries.activity_id) \
         SELECT c.id, c.inbox_url, c.host, c.attempts, c.deadline, a.actor_id, a.payload, \
           i.http_signature, coalesce(i.advertises_rfc9421, false) AS advertises_rfc9421 \
         FROM claimed c JOIN outgoing_activities a ON a.id = c.activity_id \
         LEFT JOIN instances i ON i.host = c.host",
    )
    .bind::<BigInt, _>(limit)
    .bind::<BigInt, _>(lease_seconds)
    .load(conn)
    .await
}

/// Delivered, signed in `http_signature`: the row goes, the host is healthy,
/// and the dialect it accepted is remembered.
pub async fn succeeded(
    conn: &mut AsyncPgConnection,
    delivery: &ClaimedDelivery,
    http_signature: &str,
) -> diesel::QueryResult<()> {
    diesel::delete(deliveries::table.find(delivery.id))
        .execute(conn)
        .await?;
    diesel::sql_query(
        "INSERT INTO instances (host, consecutive_failures, paused_until, last_success_at, http_signature) \
         VALUES ($1, 0, NULL, now(), $2) \
         ON CONFLICT (host) DO UPDATE SET consecutive_failures = 0, paused_until = NULL, last_success_at = now(), \
           http_signature = $2",
    )
    .bind::<Text, _>(&delivery.host)
    .bind::<Text, _>(http_signature)
    .execute(conn)
    .await
    .map(drop)
}

/// The host's actors say it verifies RFC 9421 signatures. The first time it
/// says so, what was learnt by trial is forgotten, so the next delivery tries
/// RFC 9421 first.
pub async fn advertises_rfc9421(conn: &mut AsyncPgConnection, host: &str) -> diesel::QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO instances (host, advertises_rfc9421) VALUES ($1, true) \
         ON CONFLICT (host) DO UPDATE SET advertises_rfc9421 = true, http_signature = NULL \
         WHERE NOT instances.advertises_rfc9421",
    )
    .bind::<Text, _>(host)
    .execute(conn)
    .await
    .map(drop)
}

/// The signature dialect `host` last accepted, if any.
pub async fn http_signature(conn: &mut AsyncPgConnection, host: &str) -> diesel::QueryResult<Option<String>> {
    use crate::db::schema::instances;
    instances::table
        .find(host)
        .select(instances::http_signature)
        .first::<Option<String>>(conn)
        .await
        .optional()
        .map(Option::flatten)
}

/// Refused for good (the receiver said no, or the deadline passed): kept as dead for inspection.
pub async fn dead(conn: &mut AsyncPgConnection, id: i64, error: &str) -> diesel::QueryResult<()> {
    diesel::update(deliveries::table.find(id))
        .set((
            deliveries::state.eq("dead"),
            deliveries::locked_until.eq(None::<DateTime<Utc>>),
            deliveries::last_error.eq(Some(error)),
        ))
        .execute(conn)
        .await
        .map(drop)
}

/// Failed for now: try again at `next_attempt_at`; count the host's failure and
/// pause it after `pause_after` consecutive failures, for `pause_seconds`.
pub async fn retry_later(
    conn: &mut AsyncPgConnection,
    delivery: &ClaimedDelivery,
    next_attempt_at: DateTime<Utc>,
    error: &str,
    pause_after: i32,
    pause_seconds: i64,
) -> diesel::QueryResult<()> {
    diesel::update(deliveries::table.find(delivery.id))
        .set((
            deliveries::next_attempt_at.eq(next_attempt_at),
            deliveries::locked_until.eq(None::<DateTime<Utc>>),
            deliveries::last_error.eq(Some(error)),
        ))
        .execute(conn)
        .await?;
    diesel::sql_query(
        "INSERT INTO instances (host, consecutive_failures, last_failure_at) VALUES ($1, 1, now()) \
         ON CONFLICT (host) DO UPDATE SET consecutive_failures = instances.consecutive_failures + 1, last_failure_at = now(), \
           paused_until = CASE WHEN instances.consecutive_failures + 1 >= $2 \
               THEN now() + make_interval(secs => $3) ELSE instances.paused_until END",
    )
    .bind::<Text, _>(&delivery.host)
    .bind::<Integer, _>(pause_after)
    .bind::<BigInt, _>(pause_seconds)
    .execute(conn)
    .await
    .map(drop)
}

/// Removes dead deliveries older than `days` and activities left with no delivery.
pub async fn prune(conn: &mut AsyncPgConnection, days: i64) -> diesel::QueryResult<()> {
    diesel::sql_query("DELETE FROM deliveries WHERE state = 'dead' AND created_at < now() - make_interval(days => $1)")
        .bind::<Integer, _>(days as i32)
        .execute(conn)
        .await?;
    diesel::sql_query(
        "DELETE FROM outgoing_activities a WHERE a.created_at < now() - interval '1 hour' \
         AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.activity_id = a.id)",
    )
    .execute(conn)
    .await?;
    diesel::sql_query("DELETE FROM received_activities WHERE received_at < now() - interval '30 days'")
        .execute(conn)
        .await?;
    Ok(())
}

/// Queue figures for the admin area and /metrics.
#[derive(Debug, Clone, Default, QueryableByName)]
pub struct QueueFigures {
    #[diesel(sql_type = BigInt)]
    pub pending: i64,
    #[diesel(sql_type = BigInt)]
    pub due: i64,
    #[diesel(sql_type = BigInt)]
    pub dead: i64,
    #[diesel(sql_type = BigInt)]
    pub paused_instances: i64,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub oldest_pending: Option<DateTime<Utc>>,
}

pub async fn figures(conn: &mut AsyncPgConnection) -> diesel::QueryResult<QueueFigures> {
    diesel::sql_query(
        "SELECT \
           (SELECT count(*) FROM deliveries WHERE state = 'pending') AS pending, \
           (SELECT count(*) FROM deliveries WHERE state = 'pending' AND next_attempt_at <= now()) AS due, \
           (SELECT count(*) FROM deliveries WHERE state = 'dead') AS dead, \
           (SELECT count(*) FROM instances WHERE paused_until > now()) AS paused_instances, \
           (SELECT min(created_at) FROM deliveries WHERE state = 'pending') AS oldest_pending",
    )
    .get_result(conn)
    .await
}

/// An instance as delivery sees it.
#[derive(Debug, Clone, QueryableByName)]
pub struct InstanceHealth {
    #[diesel(sql_type = Text)]
    pub host: String,
    #[diesel(sql_type = Integer)]
    pub consecutive_failures: i32,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub paused_until: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub last_success_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub last_failure_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = BigInt)]
    pub pending: i64,
}

/// Instances with failures or pending deliveries, worst first.
pub async fn troubled_instances(conn: &mut AsyncPgConnection, limit: i64) -> diesel::QueryResult<Vec<InstanceHealth>> {
    diesel::sql_query(
        "SELECT i.host, i.consecutive_failures, i.paused_until, i.last_success_at, i.last_failure_at, \
           (SELECT count(*) FROM deliveries d WHERE d.host = i.host AND d.state = 'pending') AS pending \
         FROM instances i WHERE i.consecutive_failures > 0 OR EXISTS (SELECT 1 FROM deliveries d WHERE d.host = i.host AND d.state = 'pending') \
         ORDER BY i.consecutive_failures DESC, i.host LIMIT $1",
    )
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await
}

/// The delivery health of the given hosts.
pub async fn instances_health(
    conn: &mut AsyncPgConnection,
    hosts: &[String],
) -> diesel::QueryResult<Vec<InstanceHealth>> {
    diesel::sql_query(
        "SELECT i.host, i.consecutive_failures, i.paused_until, i.last_success_at, i.last_failure_at, \
           (SELECT count(*) FROM deliveries d WHERE d.host = i.host AND d.state = 'pending') AS pending \
         FROM instances i WHERE i.host = ANY($1)",
    )
    .bind::<diesel::sql_types::Array<Text>, _>(hosts)
    .load(conn)
    .await
}

/// Records a received activity id; false if it was seen before.
pub async fn first_receipt(conn: &mut AsyncPgConnection, ap_id: &str) -> diesel::QueryResult<bool> {
    let inserted = diesel::insert_into(received_activities::table)
        .values(received_activities::ap_id.eq(ap_id))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(inserted > 0)
}

/// Forgets a receipt (processing failed and the sender should be able to retry).
pub async fn forget_receipt(conn: &mut AsyncPgConnection, ap_id: &str) -> diesel::QueryResult<()> {
    diesel::delete(received_activities::table.filter(received_activities::ap_id.eq(ap_id)))
        .execute(conn)
        .await
        .map(drop)
}
