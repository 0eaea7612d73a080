//! Reports to this instance's moderators: filed here or received as a `Flag`.

use chrono::{DateTime, Utc};
use diesel::prelude::{
    ExpressionMethods, Insertable, OptionalExtension, QueryDsl, Queryable, Selectable, SelectableHelper,
};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::schema::{moderation_log, report_notes, reports};

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

/// Which reports someone may work: every one (moderators), or those about a
/// proposal (facilitators) and those about content in some groups or the
/// groups themselves (their managers and moderators).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reach {
    pub all: bool,
    pub proposals: bool,
    pub groups: Vec<i64>,
}

impl Reach {
    pub fn is_empty(&self) -> bool {
        !self.all && !self.proposals && self.groups.is_empty()
    }

    /// SQL true for the reports (`reports`) within reach.
    fn condition(&self) -> String {
        if self.all {
            return "true".into();
        }
        let mut parts = vec!["false".to_owned()];
        if self.proposals {
            parts.push("EXISTS (SELECT 1 FROM proposals p WHERE p.status_id = ANY (reports.status_ids))".into());
        }
        if !self.groups.is_empty() {
            let ids = self.groups.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            parts.push(format!(
                "reports.target_account_id IN ({ids}) OR EXISTS (SELECT 1 FROM statuses s \
                 WHERE s.id = ANY (reports.status_ids) AND s.group_id IN ({ids}))"
            ));
        }
        format!("({})", parts.join(" OR "))
    }
}

/// The local groups `actor_id` manages or moderates.
pub async fn moderated_groups(conn: &mut AsyncPgConnection, actor_id: i64) -> diesel::QueryResult<Vec<i64>> {
    crate::db::schema::group_roles::table
        .filter(crate::db::schema::group_roles::actor_id.eq(actor_id))
        .select(crate::db::schema::group_roles::group_id)
        .load(conn)
        .await
}

/// Whether report `id` is within `reach`.
pub async fn within(conn: &mut AsyncPgConnection, reach: &Reach, id: i64) -> diesel::QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        reports::table
            .filter(reports::id.eq(id))
            .filter(diesel::dsl::sql::<diesel::sql_types::Bool>(&reach.condition())),
    ))
    .get_result(conn)
    .await
}

/// A page of the queue within `reach`, newest first: the open reports, or the resolved ones.
pub async fn queue(
    conn: &mut AsyncPgConnection,
    reach: &Reach,
    resolved: bool,
    max_id: Option<i64>,
    limit: i64,
) -> diesel::QueryResult<Vec<DbReport>> {
    let mut query = reports::table
        .filter(diesel::dsl::sql::<diesel::sql_types::Bool>(&reach.condition()))
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

/// A moderator's note on a report.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = report_notes)]
pub struct DbReportNote {
    pub id: i64,
    pub report_id: i64,
    pub author_id: Option<i64>,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

pub async fn add_note(
    conn: &mut AsyncPgConnection,
    report_id: i64,
    author_id: i64,
    text: &str,
) -> diesel::QueryResult<DbReportNote> {
    diesel::insert_into(report_notes::table)
        .values((
            report_notes::report_id.eq(report_id),
            report_notes::author_id.eq(author_id),
            report_notes::text.eq(text),
        ))
        .returning(DbReportNote::as_returning())
        .get_result(conn)
        .await
}

/// The notes on some reports, oldest first.
pub async fn notes_of(conn: &mut AsyncPgConnection, report_ids: &[i64]) -> diesel::QueryResult<Vec<DbReportNote>> {
    report_notes::table
        .filter(report_notes::report_id.eq_any(report_ids))
        .order(report_notes::id.asc())
        .select(DbReportNote::as_select())
        .load(conn)
        .await
}

/// What moderators did about a report: the log's entries on its account or
/// posts since it was made (the report's own handling among them).
#[derive(Debug, Clone, Queryable)]
pub struct Step {
    pub moderator_id: Option<i64>,
    pub action: String,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

pub async fn history(conn: &mut AsyncPgConnection, report: &DbReport) -> diesel::QueryResult<Vec<Step>> {
    use diesel::BoolExpressionMethods;
    moderation_log::table
        .filter(moderation_log::created_at.ge(report.created_at))
        .filter(
            moderation_log::target_actor_id
                .eq(report.target_account_id)
                .or(moderation_log::target_status_id.eq_any(report.status_ids.clone())),
        )
        .order(moderation_log::id.asc())
        .select((
            moderation_log::moderator_id,
            moderation_log::action,
            moderation_log::reason,
            moderation_log::created_at,
        ))
        .load(conn)
        .await
}
