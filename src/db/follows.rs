//! Queries on `follows`, `blocks` and `mutes`.

use chrono::{DateTime, Utc};
use diesel::prelude::{
    BoolExpressionMethods, ExpressionMethods, JoinOnDsl, OptionalExtension, QueryDsl, Queryable, Selectable,
    SelectableHelper,
};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::actors::DbActor;
use crate::db::schema::{actors, blocks, follows, mutes};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = follows)]
pub struct DbFollow {
    pub id: i64,
    pub follower_id: i64,
    pub followed_id: i64,
    pub state: String,
    pub ap_id: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl DbFollow {
    pub fn is_accepted(&self) -> bool {
        self.state == "accepted"
    }
}

/// Creates a follow, or returns the existing one between the same two actors.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    follower_id: i64,
    followed_id: i64,
    state: &str,
    ap_id: &str,
) -> diesel::QueryResult<(DbFollow, bool)> {
    let inserted = diesel::insert_into(follows::table)
        .values((
            follows::follower_id.eq(follower_id),
            follows::followed_id.eq(followed_id),
            follows::state.eq(state),
            follows::ap_id.eq(ap_id),
        ))
        .on_conflict((follows::follower_id, follows::followed_id))
        .do_nothing()
        .returning(DbFollow::as_returning())
        .get_result(conn)
        .await
        .optional()?;
    match inserted {
        Some(follow) => Ok((follow, true)),
        None => find(conn, follower_id, followed_id)
            .await?
            .map(|f| (f, false))
            .ok_or(diesel::result::Error::NotFound),
    }
}

pub async fn find(
    conn: &mut AsyncPgConnection,
    follower_id: i64,
    followed_id: i64,
) -> diesel::QueryResult<Option<DbFollow>> {
    follows::table
        .filter(follows::follower_id.eq(follower_id))
        .filter(follows::followed_id.eq(followed_id))
        .select(DbFollow::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn find_by_ap_id(conn: &mut AsyncPgConnection, ap_id: &str) -> diesel::QueryResult<Option<DbFollow>> {
    follows::table
        .filter(follows::ap_id.eq(ap_id))
        .select(DbFollow::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn set_accepted(conn: &mut AsyncPgConnection, id: i64) -> diesel::QueryResult<bool> {
    let changed = diesel::update(follows::table.find(id).filter(follows::state.eq("pending")))
        .set((follows::state.eq("accepted"), follows::updated_at.eq(Utc::now())))
        .execute(conn)
        .await?;
    Ok(changed > 0)
}

/// Removes a follow; returns it if there was one.
pub async fn delete(
    conn: &mut AsyncPgConnection,
    follower_id: i64,
    followed_id: i64,
) -> diesel::QueryResult<Option<DbFollow>> {
    diesel::delete(
        follows::table
            .filter(follows::follower_id.eq(follower_id))
            .filter(follows::followed_id.eq(followed_id)),
    )
    .returning(DbFollow::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Which of an actor's follows a page lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// Accepted followers.
    Followers,
    /// Accepted follows of the actor.
    Following,
    /// Follow requests waiting for the actor's decision.
    Requests,
}

/// A page of an actor's follows with the actor on the other side, newest
/// first, `limit` after the cursor `max_id` (follow id).
pub async fn listing(
    conn: &mut AsyncPgConnection,
    listing: Listing,
    actor_id: i64,
    max_id: Option<i64>,
    limit: i64,
) -> diesel::QueryResult<Vec<(DbFollow, DbActor)>> {
    let mut query = follows::table
        .order(follows::id.desc())
        .limit(limit)
        .select(DbFollow::as_select())
        .into_boxed();
    query = match listing {
        Listing::Followers => query
            .filter(follows::followed_id.eq(actor_id))
            .filter(follows::state.eq("accepted")),
        Listing::Following => query
            .filter(follows::follower_id.eq(actor_id))
            .filter(follows::state.eq("accepted")),
        Listing::Requests => query
            .filter(follows::followed_id.eq(actor_id))
            .filter(follows::state.eq("pending")),
    };
    if let Some(max_id) = max_id {
        query = query.filter(follows::id.lt(max_id));
    }
    let rows: Vec<DbFollow> = query.load(conn).await?;
    let other = |f: &DbFollow| match listing {
        Listing::Following => f.followed_id,
        Listing::Followers | Listing::Requests => f.follower_id,
    };
    let ids: Vec<i64> = rows.iter().map(other).collect();
    let mut actors: std::collections::HashMap<i64, DbActor> = actors::table
        .filter(actors::id.eq_any(&ids))
        .select(DbActor::as_select())
        .load(conn)
        .await?
        .into_iter()
        .map(|a: DbActor| (a.id, a))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|f| actors.remove(&other(&f)).map(|a| (f, a)))
        .collect())
}

pub async fn count_pending(conn: &mut AsyncPgConnection, actor_id: i64) -> diesel::QueryResult<i64> {
    follows::table
        .filter(follows::followed_id.eq(actor_id))
        .filter(follows::state.eq("pending"))
        .count()
        .get_result(conn)
        .await
}

/// Where to deliver to an actor's followers: their shared inboxes (or inboxes), once each, remote only.
pub async fn follower_inboxes(conn: &mut AsyncPgConnection, actor_id: i64) -> diesel::QueryResult<Vec<String>> {
    follows::table
        .inner_join(actors::table.on(actors::id.eq(follows::follower_id)))
        .filter(follows::followed_id.eq(actor_id))
        .filter(follows::state.eq("accepted"))
        .filter(actors::domain.is_not_null())
        .filter(actors::deleted_at.is_null())
        .select(diesel::dsl::sql::<diesel::sql_types::Text>(
            "coalesce(actors.shared_inbox_url, actors.inbox_url)",
        ))
        .distinct()
        .load(conn)
        .await
}

/// Local accounts that follow `actor_id` (accepted): who sees its posts at home.
pub async fn local_follower_ids(conn: &mut AsyncPgConnection, actor_id: i64) -> diesel::QueryResult<Vec<i64>> {
    follows::table
        .inner_join(actors::table.on(actors::id.eq(follows::follower_id)))
        .filter(follows::followed_id.eq(actor_id))
        .filter(follows::state.eq("accepted"))
        .filter(actors::domain.is_null())
        .select(follows::follower_id)
        .load(conn)
        .await
}

/// Whether any local account follows `actor_id` (accepted: a request waiting
/// for an answer counts as no follow).
pub async fn has_local_followers(conn: &mut AsyncPgConnection, actor_id: i64) -> diesel::QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        follows::table
            .inner_join(actors::table.on(actors::id.eq(follows::follower_id)))
            .filter(follows::followed_id.eq(actor_id))
            .filter(follows::state.eq("accepted"))
            .filter(actors::domain.is_null()),
    ))
    .get_result(conn)
    .await
}

/// For relationships: the follows between `viewer` and each of `others`, both ways.
pub async fn between(conn: &mut AsyncPgConnection, viewer: i64, others: &[i64]) -> diesel::QueryResult<Vec<DbFollow>> {
    follows::table
        .filter(
            follows::follower_id
                .eq(viewer)
                .and(follows::followed_id.eq_any(others))
                .or(follows::followed_id.eq(viewer).and(follows::follower_id.eq_any(others))),
        )
        .select(DbFollow::as_select())
        .load(conn)
        .await
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = blocks)]
pub struct DbBlock {
    pub id: i64,
    pub blocker_id: i64,
    pub blocked_id: i64,
    pub ap_id: String,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_block(
    conn: &mut AsyncPgConnection,
    blocker_id: i64,
    blocked_id: i64,
    ap_id: &str,
) -> diesel::QueryResult<Option<DbBlock>> {
    diesel::insert_into(blocks::table)
        .values((
            blocks::blocker_id.eq(blocker_id),
            blocks::blocked_id.eq(blocked_id),
            blocks::ap_id.eq(ap_id),
        ))
        .on_conflict((blocks::blocker_id, blocks::blocked_id))
        .do_nothing()
        .returning(DbBlock::as_returning())
        .get_result(conn)
        .await
        .optional()
}

pub async fn delete_block(
    conn: &mut AsyncPgConnection,
    blocker_id: i64,
    blocked_id: i64,
) -> diesel::QueryResult<Option<DbBlock>> {
    diesel::delete(
        blocks::table
            .filter(blocks::blocker_id.eq(blocker_id))
            .filter(blocks::blocked_id.eq(blocked_id)),
    )
    .returning(DbBlock::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Whether either actor blocks the other.
pub async fn blocked_either_way(conn: &mut AsyncPgConnection, a: i64, b: i64) -> diesel::QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        blocks::table.filter(
            blocks::blocker_id
                .eq(a)
                .and(blocks::blocked_id.eq(b))
                .or(blocks::blocker_id.eq(b).and(blocks::blocked_id.eq(a))),
        ),
    ))
    .get_result(conn)
    .await
}

/// The blocks between `viewer` and each of `others`, both ways.
pub async fn blocks_between(
    conn: &mut AsyncPgConnection,
    viewer: i64,
    others: &[i64],
) -> diesel::QueryResult<Vec<DbBlock>> {
    blocks::table
        .filter(
            blocks::blocker_id
                .eq(viewer)
                .and(blocks::blocked_id.eq_any(others))
                .or(blocks::blocked_id.eq(viewer).and(blocks::blocker_id.eq_any(others))),
        )
        .select(DbBlock::as_select())
        .load(conn)
        .await
}

pub async fn blocked_by(
    conn: &mut AsyncPgConnection,
    blocker_id: i64,
    max_id: Option<i64>,
    limit: i64,
) -> diesel::QueryResult<Vec<(DbBlock, DbActor)>> {
    let mut query = blocks::table
        .inner_join(actors::table.on(actors::id.eq(blocks::blocked_id)))
        .filter(blocks::blocker_id.eq(blocker_id))
        .order(blocks::id.desc())
        .limit(limit)
        .select((DbBlock::as_select(), DbActor::as_select()))
        .into_boxed();
    if let Some(max_id) = max_id {
        query = query.filter(blocks::id.lt(max_id));
    }
    query.load(conn).await
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = mutes)]
pub struct DbMute {
    pub id: i64,
    pub actor_id: i64,
    pub target_id: i64,
    pub notifications: bool,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// Mutes `target_id` for `actor_id`, or changes the mute that exists.
pub async fn upsert_mute(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    target_id: i64,
    notifications: bool,
    expires_at: Option<DateTime<Utc>>,
) -> diesel::QueryResult<DbMute> {
    diesel::insert_into(mutes::table)
        .values((
            mutes::actor_id.eq(actor_id),
            mutes::target_id.eq(target_id),
            mutes::notifications.eq(notifications),
            mutes::expires_at.eq(expires_at),
        ))
        .on_conflict((mutes::actor_id, mutes::target_id))
        .do_update()
        .set((mutes::notifications.eq(notifications), mutes::expires_at.eq(expires_at)))
        .returning(DbMute::as_returning())
        .get_result(conn)
        .await
}

pub async fn delete_mute(conn: &mut AsyncPgConnection, actor_id: i64, target_id: i64) -> diesel::QueryResult<bool> {
    let deleted = diesel::delete(
        mutes::table
            .filter(mutes::actor_id.eq(actor_id))
            .filter(mutes::target_id.eq(target_id)),
    )
    .execute(conn)
    .await?;
    Ok(deleted > 0)
}

/// The mutes of `actor_id` in force on each of `others`.
pub async fn mutes_of(conn: &mut AsyncPgConnection, actor_id: i64, others: &[i64]) -> diesel::QueryResult<Vec<DbMute>> {
    mutes::table
        .filter(mutes::actor_id.eq(actor_id))
        .filter(mutes::target_id.eq_any(others))
        .filter(mutes::expires_at.is_null().or(mutes::expires_at.gt(Utc::now())))
        .select(DbMute::as_select())
        .load(conn)
        .await
}

/// The accounts `actor_id` mutes, newest mute first.
pub async fn muted_by(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    max_id: Option<i64>,
    limit: i64,
) -> diesel::QueryResult<Vec<(DbMute, DbActor)>> {
    let mut query = mutes::table
        .inner_join(actors::table.on(actors::id.eq(mutes::target_id)))
        .filter(mutes::actor_id.eq(actor_id))
        .filter(mutes::expires_at.is_null().or(mutes::expires_at.gt(Utc::now())))
        .order(mutes::id.desc())
        .limit(limit)
        .select((DbMute::as_select(), DbActor::as_select()))
        .into_boxed();
    if let Some(max_id) = max_id {
        query = query.filter(mutes::id.lt(max_id));
    }
    query.load(conn).await
}

/// People `me` follows who follow `target` (both follows accepted), leaving
/// out those who hide whom they follow; at most `limit`, by name.
pub async fn familiar_followers(
    conn: &mut AsyncPgConnection,
    me: i64,
    target: i64,
    limit: i64,
) -> diesel::QueryResult<Vec<DbActor>> {
    diesel::sql_query(
        "SELECT a.* FROM actors a \
         JOIN follows mine ON mine.followed_id = a.id AND mine.follower_id = $1 AND mine.state = 'accepted' \
         JOIN follows theirs ON theirs.follower_id = a.id AND theirs.followed_id = $2 AND theirs.state = 'accepted' \
         WHERE a.deleted_at IS NULL AND NOT a.hide_collections \
         ORDER BY lower(coalesce(nullif(a.display_name, ''), a.username)) LIMIT $3",
    )
    .bind::<diesel::sql_types::BigInt, _>(me)
    .bind::<diesel::sql_types::BigInt, _>(target)
    .bind::<diesel::sql_types::BigInt, _>(limit)
    .load(conn)
    .await
}
