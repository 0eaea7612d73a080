//! A person's data going out and coming in: the archives built of an account,
//! the CSV lists imported into one, and the lists an archive carries.

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::prelude::{
    ExpressionMethods, JoinOnDsl, OptionalExtension, QueryDsl, Queryable, Selectable, SelectableHelper,
};
use diesel::sql_types::{BigInt, Bool, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::proposals::{DbInterest, DbProposal};
use crate::db::schema::{
    account_exports, account_imports, blocks, bookmarks, favourites, follows, interests, mutes, proposals, statuses,
};
use crate::db::statuses::DbStatus;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = account_exports)]
pub struct DbExport {
    pub id: i64,
    pub user_id: i64,
    pub state: String,
    pub file_key: Option<String>,
    pub size_bytes: i64,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

pub async fn insert_export(conn: &mut AsyncPgConnection, user_id: i64) -> diesel::QueryResult<DbExport> {
    diesel::insert_into(account_exports::table)
        .values(account_exports::user_id.eq(user_id))
        .returning(DbExport::as_returning())
        .get_result(conn)
        .await
}

pub async fn find_export(conn: &mut AsyncPgConnection, id: i64) -> diesel::QueryResult<Option<DbExport>> {
    account_exports::table
        .find(id)
        .select(DbExport::as_select())
        .first(conn)
        .await
        .optional()
}

/// A person's archives, newest first.
pub async fn exports_of(conn: &mut AsyncPgConnection, user_id: i64) -> diesel::QueryResult<Vec<DbExport>> {
    account_exports::table
        .filter(account_exports::user_id.eq(user_id))
        .order(account_exports::id.desc())
        .select(DbExport::as_select())
        .load(conn)
        .await
}

/// Records how the building of an archive ended.
pub async fn finish_export(
    conn: &mut AsyncPgConnection,
    id: i64,
    file_key: Option<&str>,
    size_bytes: i64,
) -> diesel::QueryResult<()> {
    diesel::update(account_exports::table.find(id))
        .set((
            account_exports::state.eq(if file_key.is_some() { "ready" } else { "failed" }),
            account_exports::file_key.eq(file_key),
            account_exports::size_bytes.eq(size_bytes),
            account_exports::finished_at.eq(Utc::now()),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes the archives made before `before`; returns their files' keys.
pub async fn delete_exports_before(
    conn: &mut AsyncPgConnection,
    before: DateTime<Utc>,
) -> diesel::QueryResult<Vec<Option<String>>> {
    diesel::delete(account_exports::table.filter(account_exports::created_at.lt(before)))
        .returning(account_exports::file_key)
        .get_results(conn)
        .await
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = account_imports)]
pub struct DbImport {
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub mode: String,
    pub state: String,
    pub rows: serde_json::Value,
    pub total: i32,
    pub imported: i32,
    pub failed: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

pub async fn insert_import(
    conn: &mut AsyncPgConnection,
    user_id: i64,
    kind: &str,
    mode: &str,
    rows: &serde_json::Value,
    total: i32,
) -> diesel::QueryResult<DbImport> {
    diesel::insert_into(account_imports::table)
        .values((
            account_imports::user_id.eq(user_id),
            account_imports::kind.eq(kind),
            account_imports::mode.eq(mode),
            account_imports::rows.eq(rows),
            account_imports::total.eq(total),
        ))
        .returning(DbImport::as_returning())
        .get_result(conn)
        .await
}

pub async fn find_import(conn: &mut AsyncPgConnection, id: i64) -> diesel::QueryResult<Option<DbImport>> {
    account_imports::table
        .find(id)
        .select(DbImport::as_select())
        .first(conn)
        .await
        .optional()
}

/// A person's imports, newest first.
pub async fn imports_of(conn: &mut AsyncPgConnection, user_id: i64) -> diesel::QueryResult<Vec<DbImport>> {
    account_imports::table
        .filter(account_imports::user_id.eq(user_id))
        .order(account_imports::id.desc())
        .limit(20)
        .select(DbImport::as_select())
        .load(conn)
        .await
}

/// Records how an import ended: how many rows went in, which did not.
pub async fn finish_import(
    conn: &mut AsyncPgConnection,
    id: i64,
    imported: i32,
    failed: &[String],
) -> diesel::QueryResult<()> {
    diesel::update(account_imports::table.find(id))
        .set((
            account_imports::state.eq("done"),
            account_imports::rows.eq(serde_json::Value::Array(Vec::new())),
            account_imports::imported.eq(imported),
            account_imports::failed.eq(failed),
            account_imports::finished_at.eq(Utc::now()),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Everything an actor posted and boosted that still stands, oldest first.
pub async fn posts_of(conn: &mut AsyncPgConnection, actor_id: i64) -> diesel::QueryResult<Vec<DbStatus>> {
    statuses::table
        .filter(statuses::actor_id.eq(actor_id))
        .filter(statuses::deleted_at.is_null())
        .order(statuses::id.asc())
        .select(DbStatus::as_select())
        .load(conn)
        .await
}

/// The ActivityPub ids of the posts an actor favourited, oldest first.
pub async fn liked_by(conn: &mut AsyncPgConnection, actor_id: i64) -> diesel::QueryResult<Vec<String>> {
    favourites::table
        .inner_join(statuses::table.on(statuses::id.eq(favourites::status_id)))
        .filter(favourites::actor_id.eq(actor_id))
        .order(favourites::id.asc())
        .select(statuses::ap_id)
        .load(conn)
        .await
}

/// The ActivityPub ids of the posts an actor bookmarked, oldest first.
pub async fn bookmarked_by(conn: &mut AsyncPgConnection, actor_id: i64) -> diesel::QueryResult<Vec<String>> {
    bookmarks::table
        .inner_join(statuses::table.on(statuses::id.eq(bookmarks::status_id)))
        .filter(bookmarks::actor_id.eq(actor_id))
        .filter(statuses::deleted_at.is_null())
        .order(bookmarks::id.asc())
        .select(statuses::ap_id)
        .load(conn)
        .await
}

/// An account in a CSV list: its address, and the list's second column.
#[derive(Debug, Clone, QueryableByName)]
pub struct ListedAccount {
    #[diesel(sql_type = Text)]
    pub address: String,
    #[diesel(sql_type = Bool)]
    pub flag: bool,
}

/// The lists Mastodon exports as CSV.
#[derive(Debug, Clone, Copy)]
pub enum AccountList {
    /// Accepted follows; the flag: boosts shown (always, here).
    Following,
    Blocks,
    /// The flag: notifications hidden too.
    Mutes,
}

/// The addresses (`user@host`) in one of an actor's lists; local accounts
/// get `local_host`.
pub async fn account_list(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    list: AccountList,
    local_host: &str,
) -> diesel::QueryResult<Vec<ListedAccount>> {
    let (from, flag) = match list {
        AccountList::Following => (
            "follows r JOIN actors a ON a.id = r.followed_id WHERE r.follower_id = $1 AND r.state = 'accepted'",
            "true",
        ),
        AccountList::Blocks => (
            "blocks r JOIN actors a ON a.id = r.blocked_id WHERE r.blocker_id = $1",
            "false",
        ),
        AccountList::Mutes => (
            "mutes r JOIN actors a ON a.id = r.target_id WHERE r.actor_id = $1 \
             AND (r.expires_at IS NULL OR r.expires_at > now())",
            "r.notifications",
        ),
    };
    diesel::sql_query(format!(
        "SELECT a.username || '@' || COALESCE(a.domain, $2) AS address, {flag} AS flag FROM {from} \
         AND a.deleted_at IS NULL ORDER BY r.created_at"
    ))
    .bind::<BigInt, _>(actor_id)
    .bind::<Text, _>(local_host)
    .load(conn)
    .await
}

/// Every proposal an actor wrote, oldest first.
pub async fn proposals_of(conn: &mut AsyncPgConnection, author_id: i64) -> diesel::QueryResult<Vec<DbProposal>> {
    proposals::table
        .filter(proposals::author_id.eq(author_id))
        .order(proposals::id.asc())
        .select(DbProposal::as_select())
        .load(conn)
        .await
}

/// Every interest an actor expressed (drafts too), oldest first.
pub async fn interests_of(conn: &mut AsyncPgConnection, sender_id: i64) -> diesel::QueryResult<Vec<DbInterest>> {
    interests::table
        .filter(interests::sender_id.eq(sender_id))
        .order(interests::id.asc())
        .select(DbInterest::as_select())
        .load(conn)
        .await
}

/// The posts an actor bookmarked, by id.
pub async fn bookmarked_ids(conn: &mut AsyncPgConnection, actor_id: i64) -> diesel::QueryResult<Vec<i64>> {
    bookmarks::table
        .filter(bookmarks::actor_id.eq(actor_id))
        .select(bookmarks::status_id)
        .load(conn)
        .await
}

/// The accounts in one of an actor's lists, by id (follows: asked or accepted).
pub async fn account_ids(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    list: AccountList,
) -> diesel::QueryResult<Vec<i64>> {
    match list {
        AccountList::Following => {
            follows::table
                .filter(follows::follower_id.eq(actor_id))
                .select(follows::followed_id)
                .load(conn)
                .await
        }
        AccountList::Blocks => {
            blocks::table
                .filter(blocks::blocker_id.eq(actor_id))
                .select(blocks::blocked_id)
                .load(conn)
                .await
        }
        AccountList::Mutes => {
            mutes::table
                .filter(mutes::actor_id.eq(actor_id))
                .select(mutes::target_id)
                .load(conn)
                .await
        }
    }
}
