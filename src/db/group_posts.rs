//! Posts as a group holds them: its threads and news (pinned first), pins,
//! locks, and which group a post is filed under.

use chrono::Utc;
use diesel::prelude::{ExpressionMethods, QueryDsl, SelectableHelper};
use diesel::sql_types::Text;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::schema::statuses;
use crate::db::statuses::{DbStatus, Page, Viewer};

/// What a group page lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupSection {
    /// Discussions and short posts that start a thread.
    Discussions,
    /// Articles: news by managers and moderators.
    News,
}

/// Posts that start threads in a group, pinned first, that the viewer may see;
/// optionally in one language. With `linked`, also what linked instances
/// posted in their themes filed under this one.
pub async fn in_group(
    conn: &mut AsyncPgConnection,
    viewer: Viewer,
    group_id: i64,
    section: GroupSection,
    language: Option<&str>,
    linked: bool,
    page: &Page,
) -> diesel::QueryResult<Vec<DbStatus>> {
    let (conditions, order) = page.sql("s.id");
    // The linked posts' ids are read once (an init plan) and looked up by key.
    let in_group = if linked {
        format!(
            "(s.group_id = {group_id} OR s.id = ANY(ARRAY(SELECT status_id FROM linked_posts WHERE theme_id = {group_id})))"
        )
    } else {
        format!("s.group_id = {group_id}")
    };
    let kind = match section {
        GroupSection::Discussions => "s.object_type IN ('Note', 'Page', 'Question')",
        GroupSection::News => "s.object_type = 'Article'",
    };
    let language_filter = if language.is_some() { " AND s.language = $1" } else { "" };
    let sql = format!(
        "SELECT s.* FROM statuses s WHERE {in_group} AND s.deleted_at IS NULL AND s.reblog_of_id IS NULL \
         AND s.in_reply_to_id IS NULL AND s.in_reply_to_ap_id IS NULL AND {kind}{language_filter} AND {} {conditions} \
         ORDER BY (s.pinned_at IS NOT NULL) DESC, s.id {order} LIMIT {}",
        viewer.can_see(),
        page.limit
    );
    let rows: Vec<DbStatus> = match language {
        Some(code) => {
            diesel::sql_query(sql)
                .bind::<Text, _>(code.to_owned())
                .load(conn)
                .await?
        }
        None => diesel::sql_query(sql).load(conn).await?,
    };
    Ok(page.finish(rows))
}

/// Pinned posts of a group (its `featured` collection).
pub async fn pinned(conn: &mut AsyncPgConnection, group_id: i64) -> diesel::QueryResult<Vec<DbStatus>> {
    statuses::table
        .filter(statuses::group_id.eq(group_id))
        .filter(statuses::pinned_at.is_not_null())
        .filter(statuses::deleted_at.is_null())
        .order(statuses::pinned_at.desc())
        .select(DbStatus::as_select())
        .load(conn)
        .await
}

/// Files a post under a group (a remote group passed it on).
pub async fn set_group(conn: &mut AsyncPgConnection, id: i64, group_id: i64) -> diesel::QueryResult<()> {
    diesel::update(statuses::table.find(id).filter(statuses::group_id.is_null()))
        .set(statuses::group_id.eq(group_id))
        .execute(conn)
        .await
        .map(drop)
}

pub async fn set_locked(conn: &mut AsyncPgConnection, id: i64, locked: bool) -> diesel::QueryResult<()> {
    diesel::update(statuses::table.find(id))
        .set(statuses::locked.eq(locked))
        .execute(conn)
        .await
        .map(drop)
}

pub async fn set_pinned(conn: &mut AsyncPgConnection, id: i64, pinned: bool) -> diesel::QueryResult<()> {
    diesel::update(statuses::table.find(id))
        .set(statuses::pinned_at.eq(pinned.then(Utc::now)))
        .execute(conn)
        .await
        .map(drop)
}

/// How many posts a group has (threads and replies), for its page.
pub async fn count_in_group(conn: &mut AsyncPgConnection, group_id: i64) -> diesel::QueryResult<i64> {
    statuses::table
        .filter(statuses::group_id.eq(group_id))
        .filter(statuses::deleted_at.is_null())
        .count()
        .get_result(conn)
        .await
}
