//! Reports to this instance's moderators: filed here or received as a `Flag`.

use chrono::{DateTime, Utc};
use diesel::prelude::{
    ExpressionMethods, Insertable, OptionalExtension, QueryDsl, Queryable, Selectable, SelectableHelper,
};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::schema::reports;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = reports)]
pub struct DbReport {
    pub id: i64,
    pub ap_id: Option<String>,
    pub reporter_id: Option<i64>,
    pub target_account_id: i64,
    pub status_ids: Vec<i64>,
    pub comment: String,
    pub category: String,
    pub forwarded: bool,
    /// The reported posts as they were: `[{id, uri, content, created_at}]`.
    pub snapshot: serde_json::Value,
    pub assigned_account_id: Option<i64>,
    pub action_taken_by_account_id: Option<i64>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The instance rules it says were broken.
    pub rule_ids: Vec<i64>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = reports)]
pub struct NewReport<'a> {
    pub ap_id: Option<&'a str>,
    pub reporter_id: Option<i64>,
    pub target_account_id: i64,
    pub status_ids: &'a [i64],
    pub comment: &'a str,
    pub category: &'a str,
    pub forwarded: bool,
    pub snapshot: &'a serde_json::Value,
    pub rule_ids: &'a [i64],
}

/// Stores a report; `None` when a Flag with its id was stored before.
pub async fn insert(conn: &mut AsyncPgConnection, report: &NewReport<'_>) -> diesel::QueryResult<Option<DbReport>> {
    diesel::insert_into(reports::table)
        .values(report)
        .on_conflict_do_nothing()
        .returning(DbReport::as_returning())
        .get_result(conn)
        .await
        .optional()
}

pub async fn find(conn: &mut AsyncPgConnection, id: i64) -> diesel::QueryResult<Option<DbReport>> {
    reports::table
        .find(id)
        .select(DbReport::as_select())
        .first(conn)
        .await
        .optional()
}

/// The reports about an account, newest first.
pub async fn about(conn: &mut AsyncPgConnection, target_account_id: i64) -> diesel::QueryResult<Vec<DbReport>> {
    reports::table
        .filter(reports::target_account_id.eq(target_account_id))
        .order(reports::id.desc())
        .select(DbReport::as_select())
        .load(conn)
        .await
}

/// A page of the queue, newest first: the open reports, or the resolved ones.
pub async fn queue(
    conn: &mut AsyncPgConnection,
    resolved: bool,
    max_id: Option<i64>,
    limit: i64,
) -> diesel::QueryResult<Vec<DbReport>> {
    let mut query = reports::table
        .order(reports::id.desc())
        .limit(limit)
        .select(DbReport::as_select())
        .into_boxed();
    query = if resolved {
        query.filter(reports::resolved_at.is_not_null())
    } else {
        query.filter(reports::resolved_at.is_null())
    };
    if let Some(max_id) = max_id {
        query = query.filter(reports::id.lt(max_id));
    }
    query.load(conn).await
}

/// Resolves a report (`by` a moderator) or opens it again (`None`).
pub async fn set_resolved(
    conn: &mut AsyncPgConnection,
    id: i64,
    by: Option<i64>,
) -> diesel::QueryResult<Option<DbReport>> {
    diesel::update(reports::table.find(id))
        .set((
            reports::resolved_at.eq(by.map(|_| Utc::now())),
            reports::action_taken_by_account_id.eq(by),
            reports::updated_at.eq(Utc::now()),
        ))
        .returning(DbReport::as_returning())
        .get_result(conn)
        .await
        .optional()
}

/// A moderator takes a report to work on.
pub async fn assign(conn: &mut AsyncPgConnection, id: i64, moderator: i64) -> diesel::QueryResult<Option<DbReport>> {
    diesel::update(reports::table.find(id))
        .set((
            reports::assigned_account_id.eq(Some(moderator)),
            reports::updated_at.eq(Utc::now()),
        ))
        .returning(DbReport::as_returning())
        .get_result(conn)
        .await
        .optional()
}
