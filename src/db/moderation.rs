//! Moderation of local accounts: the instance rules, the warnings people get
//! (with their one appeal), and the marks a moderator puts on an account.

use chrono::{DateTime, Utc};
use diesel::prelude::{
    AsChangeset, ExpressionMethods, Insertable, OptionalExtension, QueryDsl, Queryable, Selectable, SelectableHelper,
};
use diesel::sql_types::{BigInt, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::schema::{account_warnings, rules, users};

/// One instance rule; `texts` holds `{lang: {"text", "hint"}}`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = rules)]
pub struct DbRule {
    pub id: i64,
    pub position: i32,
    pub texts: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The rules, in their order.
pub async fn rules(conn: &mut AsyncPgConnection) -> diesel::QueryResult<Vec<DbRule>> {
    rules::table
        .order((rules::position.asc(), rules::id.asc()))
        .select(DbRule::as_select())
        .load(conn)
        .await
}

pub async fn insert_rule(
    conn: &mut AsyncPgConnection,
    position: i32,
    texts: &serde_json::Value,
) -> diesel::QueryResult<DbRule> {
    diesel::insert_into(rules::table)
        .values((rules::position.eq(position), rules::texts.eq(texts)))
        .returning(DbRule::as_returning())
        .get_result(conn)
        .await
}

pub async fn update_rule(
    conn: &mut AsyncPgConnection,
    id: i64,
    position: i32,
    texts: &serde_json::Value,
) -> diesel::QueryResult<Option<DbRule>> {
    diesel::update(rules::table.find(id))
        .set((
            rules::position.eq(position),
            rules::texts.eq(texts),
            rules::updated_at.eq(Utc::now()),
        ))
        .returning(DbRule::as_returning())
        .get_result(conn)
        .await
        .optional()
}

pub async fn delete_rule(conn: &mut AsyncPgConnection, id: i64) -> diesel::QueryResult<bool> {
    Ok(diesel::delete(rules::table.find(id)).execute(conn).await? > 0)
}

/// A moderator's decision about an account, as its owner sees it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = account_warnings)]
pub struct DbWarning {
    pub id: i64,
    pub target_account_id: i64,
    /// Mastodon's names: `none`, `disable`, `sensitive`, `silence`, `suspend`,
    /// `delete_statuses`.
    pub action: String,
    pub text: String,
    pub status_ids: Vec<i64>,
    pub report_id: Option<i64>,
    pub created_by: Option<i64>,
    pub appeal_text: Option<String>,
    /// `pending`, `approved` or `rejected`, once appealed.
    pub appeal_state: Option<String>,
    pub appealed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = account_warnings)]
pub struct NewWarning<'a> {
    pub target_account_id: i64,
    pub action: &'a str,
    pub text: &'a str,
    pub status_ids: &'a [i64],
    pub report_id: Option<i64>,
    pub created_by: Option<i64>,
}

pub async fn insert_warning(conn: &mut AsyncPgConnection, warning: &NewWarning<'_>) -> diesel::QueryResult<DbWarning> {
    diesel::insert_into(account_warnings::table)
        .values(warning)
        .returning(DbWarning::as_returning())
        .get_result(conn)
        .await
}

pub async fn find_warning(conn: &mut AsyncPgConnection, id: i64) -> diesel::QueryResult<Option<DbWarning>> {
    account_warnings::table
        .find(id)
        .select(DbWarning::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn find_warnings(conn: &mut AsyncPgConnection, ids: &[i64]) -> diesel::QueryResult<Vec<DbWarning>> {
    account_warnings::table
        .filter(account_warnings::id.eq_any(ids))
        .select(DbWarning::as_select())
        .load(conn)
        .await
}

/// The warnings an account received, newest first.
pub async fn warnings_of(conn: &mut AsyncPgConnection, actor_id: i64) -> diesel::QueryResult<Vec<DbWarning>> {
    account_warnings::table
        .filter(account_warnings::target_account_id.eq(actor_id))
        .order(account_warnings::id.desc())
        .select(DbWarning::as_select())
        .load(conn)
        .await
}

/// Records the owner's appeal; `None` when the warning is not theirs or was
/// appealed before (one appeal each).
pub async fn appeal(
    conn: &mut AsyncPgConnection,
    id: i64,
    owner_id: i64,
    text: &str,
) -> diesel::QueryResult<Option<DbWarning>> {
    diesel::update(
        account_warnings::table
            .find(id)
            .filter(account_warnings::target_account_id.eq(owner_id))
            .filter(account_warnings::appeal_state.is_null()),
    )
    .set((
        account_warnings::appeal_text.eq(Some(text)),
        account_warnings::appeal_state.eq(Some("pending")),
        account_warnings::appealed_at.eq(Some(Utc::now())),
    ))
    .returning(DbWarning::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Decides a pending appeal; `None` when there is none.
pub async fn decide_appeal(
    conn: &mut AsyncPgConnection,
    id: i64,
    state: &str,
) -> diesel::QueryResult<Option<DbWarning>> {
    diesel::update(
        account_warnings::table
            .find(id)
            .filter(account_warnings::appeal_state.eq("pending")),
    )
    .set(account_warnings::appeal_state.eq(Some(state)))
    .returning(DbWarning::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Appeals awaiting a moderator, oldest first.
pub async fn pending_appeals(conn: &mut AsyncPgConnection, limit: i64) -> diesel::QueryResult<Vec<DbWarning>> {
    account_warnings::table
        .filter(account_warnings::appeal_state.eq("pending"))
        .order(account_warnings::appealed_at.asc())
        .limit(limit)
        .select(DbWarning::as_select())
        .load(conn)
        .await
}

/// The marks a moderator sets on or lifts from an account; `None` leaves one as it is.
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = users)]
pub struct Marks {
    pub disabled: Option<bool>,
    pub silenced_at: Option<Option<DateTime<Utc>>>,
    pub sensitized_at: Option<Option<DateTime<Utc>>>,
    pub suspended_at: Option<Option<DateTime<Utc>>>,
}

pub async fn set_marks(conn: &mut AsyncPgConnection, user_id: i64, marks: &Marks) -> diesel::QueryResult<()> {
    diesel::update(users::table.find(user_id))
        .set((marks, users::updated_at.eq(Utc::now())))
        .execute(conn)
        .await
        .map(drop)
}

/// Accounts suspended before `cutoff`: due for purging.
pub async fn suspended_before(conn: &mut AsyncPgConnection, cutoff: DateTime<Utc>) -> diesel::QueryResult<Vec<i64>> {
    users::table
        .filter(users::suspended_at.lt(cutoff))
        .select(users::id)
        .load(conn)
        .await
}

/// Hides an account and its live posts as of `at` (a suspension); the posts
/// carry `deleted_at = at`, which is how [`unhide`] finds exactly them.
pub async fn hide(conn: &mut AsyncPgConnection, actor_id: i64, at: DateTime<Utc>) -> diesel::QueryResult<()> {
    diesel::sql_query("UPDATE statuses SET deleted_at = $2 WHERE actor_id = $1 AND deleted_at IS NULL")
        .bind::<BigInt, _>(actor_id)
        .bind::<Timestamptz, _>(at)
        .execute(conn)
        .await?;
    diesel::sql_query("UPDATE actors SET deleted_at = $2 WHERE id = $1")
        .bind::<BigInt, _>(actor_id)
        .bind::<Timestamptz, _>(at)
        .execute(conn)
        .await
        .map(drop)
}

/// Brings back what [`hide`] hid at `at`.
pub async fn unhide(conn: &mut AsyncPgConnection, actor_id: i64, at: DateTime<Utc>) -> diesel::QueryResult<()> {
    diesel::sql_query("UPDATE statuses SET deleted_at = NULL WHERE actor_id = $1 AND deleted_at = $2")
        .bind::<BigInt, _>(actor_id)
        .bind::<Timestamptz, _>(at)
        .execute(conn)
        .await?;
    diesel::sql_query("UPDATE actors SET deleted_at = NULL WHERE id = $1")
        .bind::<BigInt, _>(actor_id)
        .execute(conn)
        .await
        .map(drop)
}

/// Marks every post of an account that carries media as sensitive.
pub async fn sensitize_posts(conn: &mut AsyncPgConnection, actor_id: i64) -> diesel::QueryResult<usize> {
    diesel::sql_query(
        "UPDATE statuses s SET sensitive = true WHERE s.actor_id = $1 AND NOT s.sensitive \
         AND EXISTS (SELECT 1 FROM attachments a WHERE a.status_id = s.id)",
    )
    .bind::<BigInt, _>(actor_id)
    .execute(conn)
    .await
}
