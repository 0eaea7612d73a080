//! Read positions per person and timeline (`home`, `notifications`).

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Array, BigInt, Integer, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

#[derive(Debug, Clone, QueryableByName)]
pub struct DbMarker {
    #[diesel(sql_type = Text)]
    pub timeline: String,
    #[diesel(sql_type = Text)]
    pub last_read_id: String,
    #[diesel(sql_type = Integer)]
    pub version: i32,
    #[diesel(sql_type = Timestamptz)]
    pub updated_at: DateTime<Utc>,
}

/// The person's markers of these timelines.
pub async fn of(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    timelines: &[String],
) -> diesel::QueryResult<Vec<DbMarker>> {
    diesel::sql_query(
        "SELECT timeline, last_read_id, version, updated_at FROM markers \
         WHERE actor_id = $1 AND timeline = ANY ($2) ORDER BY timeline",
    )
    .bind::<BigInt, _>(actor_id)
    .bind::<Array<Text>, _>(timelines)
    .load(conn)
    .await
}

/// Sets a marker, one version further.
pub async fn save(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    timeline: &str,
    last_read_id: &str,
) -> diesel::QueryResult<DbMarker> {
    diesel::sql_query(
        "INSERT INTO markers (actor_id, timeline, last_read_id) VALUES ($1, $2, $3) \
         ON CONFLICT (actor_id, timeline) DO UPDATE \
           SET last_read_id = excluded.last_read_id, version = markers.version + 1, updated_at = now() \
         RETURNING timeline, last_read_id, version, updated_at",
    )
    .bind::<BigInt, _>(actor_id)
    .bind::<Text, _>(timeline)
    .bind::<Text, _>(last_read_id)
    .get_result(conn)
    .await
}
