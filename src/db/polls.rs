//! Queries on polls and their votes.

use chrono::{DateTime, Utc};
use diesel::prelude::{
    AggregateExpressionMethods, ExpressionMethods, JoinOnDsl, OptionalExtension, QueryDsl, Queryable, Selectable,
    SelectableHelper,
};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::actors::DbActor;
use crate::db::schema::{actors, poll_votes, polls};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = polls)]
pub struct DbPoll {
    pub status_id: i64,
    pub multiple: bool,
    pub options: Vec<Option<String>>,
    pub counts: Vec<Option<i64>>,
    pub voters_count: i64,
    pub expires_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl DbPoll {
    pub fn option_titles(&self) -> Vec<String> {
        self.options.iter().map(|o| o.clone().unwrap_or_default()).collect()
    }

    pub fn count_of(&self, index: usize) -> i64 {
        self.counts.get(index).copied().flatten().unwrap_or(0)
    }

    pub fn votes_count(&self) -> i64 {
        self.counts.iter().flatten().sum()
    }

    pub fn expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|at| at <= now)
    }
}

/// Stores a poll (or replaces what a remote one says).
pub async fn upsert(
    conn: &mut AsyncPgConnection,
    status_id: i64,
    multiple: bool,
    options: &[String],
    counts: &[i64],
    voters_count: i64,
    expires_at: Option<DateTime<Utc>>,
) -> diesel::QueryResult<DbPoll> {
    let options: Vec<Option<String>> = options.iter().cloned().map(Some).collect();
    let counts: Vec<Option<i64>> = counts.iter().copied().map(Some).collect();
    diesel::insert_into(polls::table)
        .values((
            polls::status_id.eq(status_id),
            polls::multiple.eq(multiple),
            polls::options.eq(&options),
            polls::counts.eq(&counts),
            polls::voters_count.eq(voters_count),
            polls::expires_at.eq(expires_at),
        ))
        .on_conflict(polls::status_id)
        .do_update()
        .set((
            polls::multiple.eq(multiple),
            polls::options.eq(&options),
            polls::counts.eq(&counts),
            polls::voters_count.eq(voters_count),
            polls::expires_at.eq(expires_at),
            polls::updated_at.eq(Utc::now()),
        ))
        .returning(DbPoll::as_returning())
        .get_result(conn)
        .await
}

pub async fn find(conn: &mut AsyncPgConnection, status_id: i64) -> diesel::QueryResult<Option<DbPoll>> {
    polls::table
        .find(status_id)
        .select(DbPoll::as_select())
        .first(conn)
        .await
        .optional()
}

/// Locks the poll for the rest of the transaction, so votes are counted one at a time.
pub async fn find_for_update(conn: &mut AsyncPgConnection, status_id: i64) -> diesel::QueryResult<Option<DbPoll>> {
    polls::table
        .find(status_id)
        .select(DbPoll::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

pub async fn find_many(conn: &mut AsyncPgConnection, status_ids: &[i64]) -> diesel::QueryResult<Vec<DbPoll>> {
    if status_ids.is_empty() {
        return Ok(Vec::new());
    }
    polls::table
        .filter(polls::status_id.eq_any(status_ids))
        .select(DbPoll::as_select())
        .load(conn)
        .await
}

/// The options `voter_id` chose in each of `status_ids`' polls: (status, choice).
pub async fn choices_of(
    conn: &mut AsyncPgConnection,
    voter_id: i64,
    status_ids: &[i64],
) -> diesel::QueryResult<Vec<(i64, i32)>> {
    if status_ids.is_empty() {
        return Ok(Vec::new());
    }
    poll_votes::table
        .filter(poll_votes::voter_id.eq(voter_id))
        .filter(poll_votes::status_id.eq_any(status_ids))
        .order(poll_votes::choice.asc())
        .select((poll_votes::status_id, poll_votes::choice))
        .load(conn)
        .await
}

/// Records a vote; `false` when that person already chose that option.
pub async fn insert_vote(
    conn: &mut AsyncPgConnection,
    status_id: i64,
    voter_id: i64,
    choice: i32,
    ap_id: Option<&str>,
) -> diesel::QueryResult<bool> {
    diesel::insert_into(poll_votes::table)
        .values((
            poll_votes::status_id.eq(status_id),
            poll_votes::voter_id.eq(voter_id),
            poll_votes::choice.eq(choice),
            poll_votes::ap_id.eq(ap_id),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await
        .map(|n| n > 0)
}

/// Counts a local poll again from its votes.
pub async fn recount(conn: &mut AsyncPgConnection, poll: &DbPoll) -> diesel::QueryResult<DbPoll> {
    let rows: Vec<(i32, i64)> = poll_votes::table
        .filter(poll_votes::status_id.eq(poll.status_id))
        .group_by(poll_votes::choice)
        .select((poll_votes::choice, diesel::dsl::count_star()))
        .load(conn)
        .await?;
    let counts: Vec<Option<i64>> = (0..poll.options.len())
        .map(|i| {
            Some(
                rows.iter()
                    .find(|(c, _)| usize::try_from(*c).ok() == Some(i))
                    .map_or(0, |(_, n)| *n),
            )
        })
        .collect();
    let voters: i64 = poll_votes::table
        .filter(poll_votes::status_id.eq(poll.status_id))
        .select(diesel::dsl::count(poll_votes::voter_id).aggregate_distinct())
        .get_result(conn)
        .await?;
    diesel::update(polls::table.find(poll.status_id))
        .set((
            polls::counts.eq(counts),
            polls::voters_count.eq(voters),
            polls::updated_at.eq(Utc::now()),
        ))
        .returning(DbPoll::as_returning())
        .get_result(conn)
        .await
}

/// The remote people who voted in a poll: they hear of its new counts.
pub async fn remote_voters(conn: &mut AsyncPgConnection, status_id: i64) -> diesel::QueryResult<Vec<DbActor>> {
    poll_votes::table
        .inner_join(actors::table.on(actors::id.eq(poll_votes::voter_id)))
        .filter(poll_votes::status_id.eq(status_id))
        .filter(actors::domain.is_not_null())
        .select(DbActor::as_select())
        .distinct()
        .load(conn)
        .await
}

/// Owes the world a poll's new counts: at once if none went out in the last
/// `every_seconds`, otherwise that long after the last ones. An Update
/// already owed stays as it is, so a burst of votes makes one.
pub async fn schedule_update(
    conn: &mut AsyncPgConnection,
    status_id: i64,
    every_seconds: i32,
) -> diesel::QueryResult<()> {
    diesel::sql_query(
        "UPDATE polls SET update_due_at = COALESCE(update_due_at, \
         GREATEST(now(), update_sent_at + make_interval(secs => $2))) WHERE status_id = $1",
    )
    .bind::<diesel::sql_types::BigInt, _>(status_id)
    .bind::<diesel::sql_types::Integer, _>(every_seconds)
    .execute(conn)
    .await
    .map(drop)
}

#[derive(diesel::QueryableByName)]
struct DueRow {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    status_id: i64,
}

/// Takes up to `limit` polls whose Update is owed, in the caller's
/// transaction: marks them sent (other processes skip the locked rows).
pub async fn take_due_updates(conn: &mut AsyncPgConnection, limit: i64) -> diesel::QueryResult<Vec<i64>> {
    let rows: Vec<DueRow> = diesel::sql_query(
        "UPDATE polls SET update_due_at = NULL, update_sent_at = now() WHERE status_id IN \
         (SELECT status_id FROM polls WHERE update_due_at <= now() ORDER BY update_due_at LIMIT $1 \
         FOR UPDATE SKIP LOCKED) RETURNING status_id",
    )
    .bind::<diesel::sql_types::BigInt, _>(limit)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.status_id).collect())
}
