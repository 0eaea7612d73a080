//! Queries on `statuses` and what hangs off them: mentions, tags, edits,
//! favourites, idempotency keys; and the timelines, which only ever return what
//! the viewer may see.

use chrono::{DateTime, Utc};
use diesel::prelude::{
    ExpressionMethods, Insertable, OptionalExtension, QueryDsl, Queryable, QueryableByName, Selectable,
    SelectableHelper,
};
use diesel::sql_types::{BigInt, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::schema::{idempotency_keys, mentions, status_edits, status_tags, statuses};

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = statuses)]
pub struct DbStatus {
    pub id: i64,
    pub ap_id: String,
    pub url: Option<String>,
    pub actor_id: i64,
    pub local: bool,
    pub object_type: String,
    pub in_reply_to_id: Option<i64>,
    pub in_reply_to_ap_id: Option<String>,
    pub in_reply_to_actor_id: Option<i64>,
    pub reblog_of_id: Option<i64>,
    pub context: Option<String>,
    pub name: Option<String>,
    pub summary: String,
    pub content: String,
    pub source: String,
    pub language: Option<String>,
    pub visibility: String,
    pub sensitive: bool,
    pub replies_count: i64,
    pub reblogs_count: i64,
    pub favourites_count: i64,
    pub published_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// The theme or community it was posted in.
    pub group_id: Option<i64>,
    /// Closed to new replies by a moderator.
    pub locked: bool,
    /// Pinned in its group (the group's `featured` collection).
    pub pinned_at: Option<DateTime<Utc>>,
    /// Pinned by its author to their profile.
    pub featured_at: Option<DateTime<Utc>>,
}

impl DbStatus {
    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }
}

/// A status to store. `id` is set for remote posts (from their publication time).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = statuses)]
pub struct NewStatus {
    pub ap_id: String,
    pub url: Option<String>,
    pub actor_id: i64,
    pub local: bool,
    pub object_type: String,
    pub in_reply_to_id: Option<i64>,
    pub in_reply_to_ap_id: Option<String>,
    pub in_reply_to_actor_id: Option<i64>,
    pub reblog_of_id: Option<i64>,
    pub context: Option<String>,
    pub name: Option<String>,
    pub summary: String,
    pub content: String,
    pub source: String,
    pub language: Option<String>,
    pub visibility: String,
    pub sensitive: bool,
    pub published_at: DateTime<Utc>,
    pub group_id: Option<i64>,
}

impl NewStatus {
    /// A boost of `original_id` by `actor_id`: public, with no text of its own.
    pub fn boost(ap_id: String, actor_id: i64, original_id: i64) -> Self {
        Self {
            ap_id,
            url: None,
            actor_id,
            local: false,
            object_type: "Announce".into(),
            in_reply_to_id: None,
            in_reply_to_ap_id: None,
            in_reply_to_actor_id: None,
            reblog_of_id: Some(original_id),
            context: None,
            name: None,
            summary: String::new(),
            content: String::new(),
            source: String::new(),
            language: None,
            visibility: "public".into(),
            sensitive: false,
            published_at: Utc::now(),
            group_id: None,
        }
    }
}

/// A new id, for a local status whose ActivityPub id must contain it.
pub async fn next_id(conn: &mut AsyncPgConnection) -> diesel::QueryResult<i64> {
    diesel::select(diesel::dsl::sql::<BigInt>("fucina_id()"))
        .get_result(conn)
        .await
}

/// Inserts a status under a given id.
pub async fn insert(conn: &mut AsyncPgConnection, id: i64, status: &NewStatus) -> diesel::QueryResult<DbStatus> {
    diesel::insert_into(statuses::table)
        .values((statuses::id.eq(id), status))
        .returning(DbStatus::as_returning())
        .get_result(conn)
        .await
}

/// Inserts a remote status with everything that hangs off it in one round trip
/// (the SQL function `fucina_store_remote_status`):
/// mentions, tags, the parent's reply count, replies that arrived before it,
/// the author's last post time, and a notification for each local actor it
/// mentions (unless blocked either way). `None` if a status with its id exists.
pub async fn insert_remote_with_relations(
    conn: &mut AsyncPgConnection,
    status: &NewStatus,
    mentions: &[i64],
    tags: &[String],
) -> diesel::QueryResult<Option<DbStatus>> {
    use diesel::sql_types::{Array, Bool, Nullable, Timestamptz};
    diesel::sql_query(
        "SELECT * FROM fucina_store_remote_status($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
    )
    .bind::<Text, _>(&status.ap_id)
    .bind::<Nullable<Text>, _>(&status.url)
    .bind::<BigInt, _>(status.actor_id)
    .bind::<Text, _>(&status.object_type)
    .bind::<Nullable<BigInt>, _>(status.in_reply_to_id)
    .bind::<Nullable<Text>, _>(&status.in_reply_to_ap_id)
    .bind::<Nullable<BigInt>, _>(status.in_reply_to_actor_id)
    .bind::<Nullable<Text>, _>(&status.context)
    .bind::<Nullable<Text>, _>(&status.name)
    .bind::<Text, _>(&status.summary)
    .bind::<Text, _>(&status.content)
    .bind::<Text, _>(&status.source)
    .bind::<Nullable<Text>, _>(&status.language)
    .bind::<Text, _>(&status.visibility)
    .bind::<Bool, _>(status.sensitive)
    .bind::<Array<BigInt>, _>(mentions)
    .bind::<Array<Text>, _>(tags)
    .bind::<Timestamptz, _>(status.published_at)
    .bind::<Nullable<BigInt>, _>(status.group_id)
    .get_result(conn)
    .await
    .optional()
}

/// Inserts a remote status unless one with its id exists; returns the stored one.
pub async fn insert_remote_if_new(
    conn: &mut AsyncPgConnection,
    status: &NewStatus,
) -> diesel::QueryResult<(DbStatus, bool)> {
    if let Some(existing) = find_by_ap_id(conn, &status.ap_id).await? {
        return Ok((existing, false));
    }
    let id: i64 = diesel::select(
        diesel::dsl::sql::<BigInt>("fucina_id_at(")
            .bind::<diesel::sql_types::Timestamptz, _>(status.published_at)
            .sql(")"),
    )
    .get_result(conn)
    .await?;
    let inserted = diesel::insert_into(statuses::table)
        .values((statuses::id.eq(id), status))
        .on_conflict(statuses::ap_id)
        .do_nothing()
        .returning(DbStatus::as_returning())
        .get_result(conn)
        .await
        .optional()?;
    match inserted {
        Some(status) => Ok((status, true)),
        None => find_by_ap_id(conn, &status.ap_id)
            .await?
            .map(|s| (s, false))
            .ok_or(diesel::result::Error::NotFound),
    }
}

pub async fn find(conn: &mut AsyncPgConnection, id: i64) -> diesel::QueryResult<Option<DbStatus>> {
    statuses::table
        .find(id)
        .select(DbStatus::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn find_by_ap_id(conn: &mut AsyncPgConnection, ap_id: &str) -> diesel::QueryResult<Option<DbStatus>> {
    statuses::table
        .filter(statuses::ap_id.eq(ap_id))
        .select(DbStatus::as_select())
        .first(conn)
        .await
        .optional()
}

/// Statuses by id, in any order.
pub async fn find_many(conn: &mut AsyncPgConnection, ids: &[i64]) -> diesel::QueryResult<Vec<DbStatus>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    statuses::table
        .filter(statuses::id.eq_any(ids))
        .select(DbStatus::as_select())
        .load(conn)
        .await
}

/// The posts among `ids` that are not deleted.
pub async fn find_many_live(conn: &mut AsyncPgConnection, ids: &[i64]) -> diesel::QueryResult<Vec<DbStatus>> {
    let mut found = find_many(conn, ids).await?;
    found.retain(|s| !s.is_deleted());
    Ok(found)
}

/// A live boost of `status_id` by `actor_id`.
pub async fn find_boost(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    status_id: i64,
) -> diesel::QueryResult<Option<DbStatus>> {
    statuses::table
        .filter(statuses::actor_id.eq(actor_id))
        .filter(statuses::reblog_of_id.eq(status_id))
        .filter(statuses::deleted_at.is_null())
        .select(DbStatus::as_select())
        .first(conn)
        .await
        .optional()
}

/// The new text of an edited status.
pub struct StatusChanges<'a> {
    pub name: Option<&'a str>,
    pub summary: &'a str,
    pub content: &'a str,
    pub source: &'a str,
    pub sensitive: bool,
    pub language: Option<&'a str>,
    pub edited_at: DateTime<Utc>,
}

/// Saves the current version in the history, then applies the changes.
pub async fn edit(
    conn: &mut AsyncPgConnection,
    status: &DbStatus,
    changes: &StatusChanges<'_>,
) -> diesel::QueryResult<DbStatus> {
    diesel::insert_into(status_edits::table)
        .values((
            status_edits::status_id.eq(status.id),
            status_edits::name.eq(status.name.as_deref()),
            status_edits::summary.eq(&status.summary),
            status_edits::content.eq(&status.content),
            status_edits::sensitive.eq(status.sensitive),
            status_edits::created_at.eq(status.edited_at.unwrap_or(status.published_at)),
        ))
        .execute(conn)
        .await?;
    diesel::update(statuses::table.find(status.id))
        .set((
            statuses::name.eq(changes.name),
            statuses::summary.eq(changes.summary),
            statuses::content.eq(changes.content),
            statuses::source.eq(changes.source),
            statuses::sensitive.eq(changes.sensitive),
            statuses::language.eq(changes.language),
            statuses::edited_at.eq(Some(changes.edited_at)),
        ))
        .returning(DbStatus::as_returning())
        .get_result(conn)
        .await
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = status_edits)]
pub struct DbStatusEdit {
    pub id: i64,
    pub status_id: i64,
    pub name: Option<String>,
    pub summary: String,
    pub content: String,
    pub sensitive: bool,
    pub created_at: DateTime<Utc>,
}

pub async fn edits(conn: &mut AsyncPgConnection, status_id: i64) -> diesel::QueryResult<Vec<DbStatusEdit>> {
    status_edits::table
        .filter(status_edits::status_id.eq(status_id))
        .order(status_edits::created_at.asc())
        .select(DbStatusEdit::as_select())
        .load(conn)
        .await
}

/// Marks a status deleted (a tombstone keeps its id) and forgets its text.
/// Marks every post of an actor deleted, and empties them (the actor is gone).
pub async fn delete_all_by(conn: &mut AsyncPgConnection, actor_id: i64) -> diesel::QueryResult<usize> {
    diesel::update(
        statuses::table
            .filter(statuses::actor_id.eq(actor_id))
            .filter(statuses::deleted_at.is_null()),
    )
    .set((
        statuses::deleted_at.eq(Some(Utc::now())),
        statuses::content.eq(""),
        statuses::source.eq(""),
    ))
    .execute(conn)
    .await
}

pub async fn mark_deleted(conn: &mut AsyncPgConnection, id: i64) -> diesel::QueryResult<Option<DbStatus>> {
    diesel::update(statuses::table.find(id).filter(statuses::deleted_at.is_null()))
        .set((
            statuses::deleted_at.eq(Some(Utc::now())),
            statuses::content.eq(""),
            statuses::source.eq(""),
            statuses::summary.eq(""),
            statuses::name.eq(None::<String>),
        ))
        .returning(DbStatus::as_returning())
        .get_result(conn)
        .await
        .optional()
}

/// Adds to a status's reply, boost or favourite counter.
pub async fn bump(
    conn: &mut AsyncPgConnection,
    id: i64,
    replies: i64,
    reblogs: i64,
    favourites: i64,
) -> diesel::QueryResult<()> {
    diesel::sql_query(
        "UPDATE statuses SET replies_count = greatest(0, replies_count + $2), \
         reblogs_count = greatest(0, reblogs_count + $3), favourites_count = greatest(0, favourites_count + $4) WHERE id = $1",
    )
    .bind::<BigInt, _>(id)
    .bind::<BigInt, _>(replies)
    .bind::<BigInt, _>(reblogs)
    .bind::<BigInt, _>(favourites)
    .execute(conn)
    .await
    .map(drop)
}

pub async fn replace_mentions(
    conn: &mut AsyncPgConnection,
    status_id: i64,
    actor_ids: &[i64],
) -> diesel::QueryResult<()> {
    diesel::delete(mentions::table.filter(mentions::status_id.eq(status_id)))
        .execute(conn)
        .await?;
    let rows: Vec<_> = actor_ids
        .iter()
        .map(|a| (mentions::status_id.eq(status_id), mentions::actor_id.eq(*a)))
        .collect();
    if !rows.is_empty() {
        diesel::insert_into(mentions::table)
            .values(rows)
            .on_conflict_do_nothing()
            .execute(conn)
            .await?;
    }
    Ok(())
}

pub async fn replace_tags(conn: &mut AsyncPgConnection, status_id: i64, tags: &[String]) -> diesel::QueryResult<()> {
    diesel::delete(status_tags::table.filter(status_tags::status_id.eq(status_id)))
        .execute(conn)
        .await?;
    let rows: Vec<_> = tags
        .iter()
        .map(|t| (status_tags::status_id.eq(status_id), status_tags::tag.eq(t.as_str())))
        .collect();
    if !rows.is_empty() {
        diesel::insert_into(status_tags::table)
            .values(rows)
            .on_conflict_do_nothing()
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// Mentioned actor ids of each status.
pub async fn mentions_of(conn: &mut AsyncPgConnection, status_ids: &[i64]) -> diesel::QueryResult<Vec<(i64, i64)>> {
    mentions::table
        .filter(mentions::status_id.eq_any(status_ids))
        .select((mentions::status_id, mentions::actor_id))
        .load(conn)
        .await
}

pub async fn tags_of(conn: &mut AsyncPgConnection, status_ids: &[i64]) -> diesel::QueryResult<Vec<(i64, String)>> {
    status_tags::table
        .filter(status_tags::status_id.eq_any(status_ids))
        .order(status_tags::tag)
        .select((status_tags::status_id, status_tags::tag))
        .load(conn)
        .await
}

pub async fn find_idempotent(
    conn: &mut AsyncPgConnection,
    user_id: i64,
    key: &str,
) -> diesel::QueryResult<Option<i64>> {
    idempotency_keys::table
        .filter(idempotency_keys::user_id.eq(user_id))
        .filter(idempotency_keys::key.eq(key))
        .filter(idempotency_keys::created_at.gt(Utc::now() - chrono::Duration::hours(24)))
        .select(idempotency_keys::status_id)
        .first(conn)
        .await
        .optional()
}

pub async fn remember_idempotent(
    conn: &mut AsyncPgConnection,
    user_id: i64,
    key: &str,
    status_id: i64,
) -> diesel::QueryResult<()> {
    diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::user_id.eq(user_id),
            idempotency_keys::key.eq(key),
            idempotency_keys::status_id.eq(status_id),
        ))
        .on_conflict((idempotency_keys::user_id, idempotency_keys::key))
        .do_update()
        .set((
            idempotency_keys::status_id.eq(status_id),
            idempotency_keys::created_at.eq(Utc::now()),
        ))
        .execute(conn)
        .await
        .map(drop)
}

/// A page request, as Mastodon's API takes it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Page {
    /// Older than this id.
    pub max_id: Option<i64>,
    /// Newer than this id, newest first.
    pub since_id: Option<i64>,
    /// Newer than this id, the page just after it.
    pub min_id: Option<i64>,
    pub limit: i64,
}

impl Page {
    /// `AND id < … AND id > …` and the order, for a column `column`.
    pub fn sql(&self, column: &str) -> (String, &'static str) {
        let mut conditions = String::new();
        if let Some(max) = self.max_id {
            conditions.push_str(&format!(" AND {column} < {max}"));
        }
        if let Some(since) = self.since_id {
            conditions.push_str(&format!(" AND {column} > {since}"));
        }
        if let Some(min) = self.min_id {
            conditions.push_str(&format!(" AND {column} > {min}"));
        }
        let order = if self.min_id.is_some() { "ASC" } else { "DESC" };
        (conditions, order)
    }

    /// Results of a `min_id` page arrive oldest first; the API returns newest first.
    pub fn finish<T>(&self, mut rows: Vec<T>) -> Vec<T> {
        if self.min_id.is_some() {
            rows.reverse();
        }
        rows
    }
}

/// Who is looking: decides which statuses a query may return.
#[derive(Debug, Clone, Copy)]
pub enum Viewer {
    Anonymous,
    Actor(i64),
}

impl Viewer {
    /// SQL that is true for statuses (aliased `s`) the viewer may see.
    pub fn can_see(&self) -> String {
        match self {
            Viewer::Anonymous => "(s.visibility IN ('public', 'unlisted'))".into(),
            Viewer::Actor(me) => format!(
                "((s.visibility IN ('public', 'unlisted') OR s.actor_id = {me} \
                  OR EXISTS (SELECT 1 FROM mentions m WHERE m.status_id = s.id AND m.actor_id = {me}) \
                  OR (s.visibility = 'private' AND s.group_id IS NULL AND EXISTS (SELECT 1 FROM follows f \
                      WHERE f.follower_id = {me} AND f.followed_id = s.actor_id AND f.state = 'accepted')) \
                  OR (s.visibility = 'private' AND s.group_id IS NOT NULL AND EXISTS (SELECT 1 FROM follows f \
                      WHERE f.follower_id = {me} AND f.followed_id = s.group_id AND f.state = 'accepted'))) \
                 AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = {me} AND b.blocked_id = s.actor_id) \
                      OR (b.blocker_id = s.actor_id AND b.blocked_id = {me})))"
            ),
        }
    }
}

async fn load(conn: &mut AsyncPgConnection, sql: String, page: &Page) -> diesel::QueryResult<Vec<DbStatus>> {
    let rows: Vec<DbStatus> = diesel::sql_query(sql).load(conn).await?;
    Ok(page.finish(rows))
}

/// The home timeline: the viewer's own posts and boosts, and those of accounts they follow.
pub async fn home(conn: &mut AsyncPgConnection, me: i64, page: &Page) -> diesel::QueryResult<Vec<DbStatus>> {
    let (conditions, order) = page.sql("s.id");
    let sql = format!(
        "SELECT s.* FROM statuses s WHERE s.deleted_at IS NULL \
         AND (s.actor_id = {me} OR s.actor_id IN (SELECT followed_id FROM follows WHERE follower_id = {me} AND state = 'accepted') \
              OR s.group_id IN (SELECT followed_id FROM follows WHERE follower_id = {me} AND state = 'accepted')) \
         AND NOT EXISTS (SELECT 1 FROM mutes mu WHERE mu.actor_id = {me} AND mu.target_id = s.actor_id \
              AND (mu.expires_at IS NULL OR mu.expires_at > now())) \
         AND {} {conditions} ORDER BY s.id {order} LIMIT {}",
        Viewer::Actor(me).can_see(),
        page.limit
    );
    load(conn, sql, page).await
}

/// Which public posts: all, this instance's, or other instances'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    Local,
    Remote,
}

/// Keeps posts that carry media (`only_media`).
const WITH_MEDIA: &str = " AND EXISTS (SELECT 1 FROM attachments m WHERE m.status_id = s.id)";

/// Excludes posts from silenced instances (public timelines and tags).
const NOT_SILENCED: &str = "NOT EXISTS (SELECT 1 FROM actors sa JOIN instance_blocks ib ON ib.host = sa.domain \
     WHERE sa.id = s.actor_id AND ib.severity = 'silence') \
     AND NOT EXISTS (SELECT 1 FROM users su WHERE su.actor_id = s.actor_id AND su.silenced_at IS NOT NULL)";

/// "From linked instances": what linked instances announced, newest first.
pub async fn linked(conn: &mut AsyncPgConnection, viewer: Viewer, page: &Page) -> diesel::QueryResult<Vec<DbStatus>> {
    let (conditions, order) = page.sql("s.id");
    let sql = format!(
        "SELECT s.* FROM statuses s JOIN linked_posts l ON l.status_id = s.id \
         WHERE s.deleted_at IS NULL AND s.visibility = 'public' AND {} {conditions} ORDER BY s.id {order} LIMIT {}",
        viewer.can_see(),
        page.limit
    );
    load(conn, sql, page).await
}

/// The public timeline: public posts (not boosts).
pub async fn public(
    conn: &mut AsyncPgConnection,
    viewer: Viewer,
    scope: Scope,
    only_media: bool,
    page: &Page,
) -> diesel::QueryResult<Vec<DbStatus>> {
    let (conditions, order) = page.sql("s.id");
    let scope = match scope {
        Scope::All => "",
        Scope::Local => " AND s.local",
        Scope::Remote => " AND NOT s.local",
    };
    let media = if only_media { WITH_MEDIA } else { "" };
    let sql = format!(
        "SELECT s.* FROM statuses s WHERE s.deleted_at IS NULL AND s.visibility = 'public' AND s.reblog_of_id IS NULL{scope}{media} \
         AND {} AND {NOT_SILENCED} {conditions} ORDER BY s.id {order} LIMIT {}",
        viewer.can_see(),
        page.limit
    );
    load(conn, sql, page).await
}

/// Public posts with a hashtag.
pub async fn tagged(
    conn: &mut AsyncPgConnection,
    viewer: Viewer,
    tag: &str,
    scope: Scope,
    page: &Page,
) -> diesel::QueryResult<Vec<DbStatus>> {
    let (conditions, order) = page.sql("s.id");
    let scope = match scope {
        Scope::All => "",
        Scope::Local => " AND s.local",
        Scope::Remote => " AND NOT s.local",
    };
    let sql = format!(
        "SELECT s.* FROM statuses s JOIN status_tags t ON t.status_id = s.id AND t.tag = $1 \
         WHERE s.deleted_at IS NULL AND s.visibility = 'public'{scope} AND {} AND {NOT_SILENCED} {conditions} \
         ORDER BY s.id {order} LIMIT {}",
        viewer.can_see(),
        page.limit
    );
    let rows: Vec<DbStatus> = diesel::sql_query(sql)
        .bind::<Text, _>(tag.to_lowercase())
        .load(conn)
        .await?;
    Ok(page.finish(rows))
}

/// An account's posts (and boosts) that the viewer may see.
pub async fn by_account(
    conn: &mut AsyncPgConnection,
    viewer: Viewer,
    actor_id: i64,
    filter: &AccountFilter,
    page: &Page,
) -> diesel::QueryResult<Vec<DbStatus>> {
    let (conditions, order) = page.sql("s.id");
    let replies = if filter.exclude_replies {
        " AND s.in_reply_to_id IS NULL AND s.in_reply_to_ap_id IS NULL"
    } else {
        ""
    };
    let reblogs = if filter.exclude_reblogs {
        " AND s.reblog_of_id IS NULL"
    } else {
        ""
    };
    let media = if filter.only_media { WITH_MEDIA } else { "" };
    // A group's profile shows the threads started in it, as a community's page does.
    let whose = if filter.group_threads {
        format!(
            "(s.actor_id = {actor_id} OR (s.group_id = {actor_id} AND s.in_reply_to_id IS NULL \
             AND s.in_reply_to_ap_id IS NULL AND s.reblog_of_id IS NULL))"
        )
    } else {
        format!("s.actor_id = {actor_id}")
    };
    let sql = format!(
        "SELECT s.* FROM statuses s WHERE s.deleted_at IS NULL AND {whose}{replies}{reblogs}{media} \
         AND {} {conditions} ORDER BY s.id {order} LIMIT {}",
        viewer.can_see(),
        page.limit
    );
    load(conn, sql, page).await
}

/// Which of an account's statuses to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct AccountFilter {
    pub exclude_replies: bool,
    pub exclude_reblogs: bool,
    pub only_media: bool,
    /// For a group: also the threads started in it.
    pub group_threads: bool,
}

/// A local actor's public and unlisted posts for its outbox (Creates and Announces).
pub async fn outbox(conn: &mut AsyncPgConnection, actor_id: i64, page: &Page) -> diesel::QueryResult<Vec<DbStatus>> {
    by_account(conn, Viewer::Anonymous, actor_id, &AccountFilter::default(), page).await
}

pub async fn count_public_by_account(conn: &mut AsyncPgConnection, actor_id: i64) -> diesel::QueryResult<i64> {
    statuses::table
        .filter(statuses::actor_id.eq(actor_id))
        .filter(statuses::deleted_at.is_null())
        .filter(statuses::visibility.eq_any(["public", "unlisted"]))
        .count()
        .get_result(conn)
        .await
}

/// The posts a status replies to, oldest first, that the viewer may see.
pub async fn ancestors(
    conn: &mut AsyncPgConnection,
    viewer: Viewer,
    status: &DbStatus,
) -> diesel::QueryResult<Vec<DbStatus>> {
    let Some(parent) = status.in_reply_to_id else {
        return Ok(Vec::new());
    };
    let sql = format!(
        "WITH RECURSIVE chain(id, depth) AS ( \
            SELECT {parent}::bigint, 1 \
            UNION ALL SELECT st.in_reply_to_id, chain.depth + 1 FROM statuses st JOIN chain ON st.id = chain.id \
            WHERE st.in_reply_to_id IS NOT NULL AND chain.depth < 100) \
         SELECT s.* FROM statuses s JOIN chain ON chain.id = s.id WHERE s.deleted_at IS NULL AND {} ORDER BY chain.depth DESC",
        viewer.can_see()
    );
    diesel::sql_query(sql).load(conn).await
}

/// The replies to a status, at any depth, in thread order (by id), that the viewer may see.
pub async fn descendants(
    conn: &mut AsyncPgConnection,
    viewer: Viewer,
    status: &DbStatus,
) -> diesel::QueryResult<Vec<DbStatus>> {
    let sql = format!(
        "WITH RECURSIVE tree(id, depth) AS ( \
            SELECT id, 1 FROM statuses WHERE in_reply_to_id = {} \
            UNION ALL SELECT st.id, tree.depth + 1 FROM statuses st JOIN tree ON st.in_reply_to_id = tree.id WHERE tree.depth < 100) \
         SELECT s.* FROM statuses s JOIN tree ON tree.id = s.id WHERE s.deleted_at IS NULL AND {} ORDER BY s.id ASC LIMIT 1000",
        status.id,
        viewer.can_see()
    );
    diesel::sql_query(sql).load(conn).await
}

/// Links replies that arrived before their parent, once the parent is stored.
pub async fn adopt_orphans(conn: &mut AsyncPgConnection, parent: &DbStatus) -> diesel::QueryResult<usize> {
    diesel::update(
        statuses::table
            .filter(statuses::in_reply_to_ap_id.eq(&parent.ap_id))
            .filter(statuses::in_reply_to_id.is_null()),
    )
    .set((
        statuses::in_reply_to_id.eq(Some(parent.id)),
        statuses::in_reply_to_actor_id.eq(Some(parent.actor_id)),
    ))
    .execute(conn)
    .await
}

pub async fn count_local(conn: &mut AsyncPgConnection) -> diesel::QueryResult<i64> {
    statuses::table
        .filter(statuses::local.eq(true))
        .filter(statuses::deleted_at.is_null())
        .filter(statuses::reblog_of_id.is_null())
        .count()
        .get_result(conn)
        .await
}

/// Whether `viewer` may see `status` (the same rule as the timelines).
pub async fn visible_to(conn: &mut AsyncPgConnection, viewer: Viewer, status_id: i64) -> diesel::QueryResult<bool> {
    #[derive(QueryableByName)]
    struct Found {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let sql = format!(
        "SELECT count(*) AS n FROM statuses s WHERE s.id = {status_id} AND {}",
        viewer.can_see()
    );
    let found: Found = diesel::sql_query(sql).get_result(conn).await?;
    Ok(found.n > 0)
}

/// Whether some actor of a remote server may see a post: it is public or
/// unlisted, mentions one of them, or is for followers (or a group's members)
/// and one of them is among those.
pub async fn visible_to_domain(
    conn: &mut AsyncPgConnection,
    status_id: i64,
    domain: &str,
) -> diesel::QueryResult<bool> {
    #[derive(QueryableByName)]
    struct Found {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let found: Found = diesel::sql_query(
        "SELECT count(*) AS n FROM statuses s WHERE s.id = $1 AND s.deleted_at IS NULL AND ( \
           s.visibility IN ('public', 'unlisted') \
           OR EXISTS (SELECT 1 FROM mentions m JOIN actors a ON a.id = m.actor_id WHERE m.status_id = s.id AND a.domain = $2) \
           OR (s.visibility = 'private' AND EXISTS (SELECT 1 FROM follows f JOIN actors a ON a.id = f.follower_id \
               WHERE f.followed_id = COALESCE(s.group_id, s.actor_id) AND f.state = 'accepted' AND a.domain = $2)))",
    )
    .bind::<BigInt, _>(status_id)
    .bind::<Text, _>(domain)
    .get_result(conn)
    .await?;
    Ok(found.n > 0)
}
