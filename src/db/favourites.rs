//! Favourites (`Like`s) and who gave them, who boosted a post, and the
//! bookmarks people keep (private, never federated).

use diesel::QueryableByName;
use diesel::prelude::{ExpressionMethods, NullableExpressionMethods, OptionalExtension, QueryDsl};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::schema::{bookmarks, favourites, statuses};

/// Inserts a favourite; `None` if it existed.
pub async fn insert_favourite(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    status_id: i64,
    ap_id: &str,
) -> diesel::QueryResult<Option<i64>> {
    diesel::insert_into(favourites::table)
        .values((
            favourites::actor_id.eq(actor_id),
            favourites::status_id.eq(status_id),
            favourites::ap_id.eq(ap_id),
        ))
        .on_conflict((favourites::actor_id, favourites::status_id))
        .do_nothing()
        .returning(favourites::id)
        .get_result(conn)
        .await
        .optional()
}

/// Removes a favourite; returns its ActivityPub id if there was one.
pub async fn delete_favourite(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    status_id: i64,
) -> diesel::QueryResult<Option<String>> {
    diesel::delete(
        favourites::table
            .filter(favourites::actor_id.eq(actor_id))
            .filter(favourites::status_id.eq(status_id)),
    )
    .returning(favourites::ap_id)
    .get_result(conn)
    .await
    .optional()
}

/// Removes a favourite by its ActivityPub id; returns (actor, status).
pub async fn delete_favourite_by_ap_id(
    conn: &mut AsyncPgConnection,
    ap_id: &str,
) -> diesel::QueryResult<Option<(i64, i64)>> {
    diesel::delete(favourites::table.filter(favourites::ap_id.eq(ap_id)))
        .returning((favourites::actor_id, favourites::status_id))
        .get_result(conn)
        .await
        .optional()
}

/// Of `status_ids`, those `actor_id` has favourited.
pub async fn favourited_by(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    status_ids: &[i64],
) -> diesel::QueryResult<Vec<i64>> {
    favourites::table
        .filter(favourites::actor_id.eq(actor_id))
        .filter(favourites::status_id.eq_any(status_ids))
        .select(favourites::status_id)
        .load(conn)
        .await
}

/// Of `status_ids`, those `actor_id` has boosted.
pub async fn reblogged_by(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    status_ids: &[i64],
) -> diesel::QueryResult<Vec<i64>> {
    statuses::table
        .filter(statuses::actor_id.eq(actor_id))
        .filter(statuses::reblog_of_id.eq_any(status_ids))
        .filter(statuses::deleted_at.is_null())
        .select(statuses::reblog_of_id.assume_not_null())
        .load(conn)
        .await
}

/// Bookmarks a post; `false` if it was already.
pub async fn insert_bookmark(conn: &mut AsyncPgConnection, actor_id: i64, status_id: i64) -> diesel::QueryResult<bool> {
    let inserted = diesel::insert_into(bookmarks::table)
        .values((bookmarks::actor_id.eq(actor_id), bookmarks::status_id.eq(status_id)))
        .on_conflict((bookmarks::actor_id, bookmarks::status_id))
        .do_nothing()
        .execute(conn)
        .await?;
    Ok(inserted > 0)
}

pub async fn delete_bookmark(conn: &mut AsyncPgConnection, actor_id: i64, status_id: i64) -> diesel::QueryResult<bool> {
    let deleted = diesel::delete(
        bookmarks::table
            .filter(bookmarks::actor_id.eq(actor_id))
            .filter(bookmarks::status_id.eq(status_id)),
    )
    .execute(conn)
    .await?;
    Ok(deleted > 0)
}

/// Of `status_ids`, those `actor_id` has bookmarked.
pub async fn bookmarked_by(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    status_ids: &[i64],
) -> diesel::QueryResult<Vec<i64>> {
    bookmarks::table
        .filter(bookmarks::actor_id.eq(actor_id))
        .filter(bookmarks::status_id.eq_any(status_ids))
        .select(bookmarks::status_id)
        .load(conn)
        .await
}

/// A post someone keeps, with the cursor that pages the list.
#[derive(Debug, Clone, QueryableByName)]
pub struct Saved {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub cursor: i64,
    #[diesel(embed)]
    pub status: crate::db::statuses::DbStatus,
}

/// Which posts one keeps.
#[derive(Debug, Clone, Copy)]
pub enum Kept {
    Favourites,
    Bookmarks,
}

/// One page of the posts `me` favourited or bookmarked (that they may still
/// see), latest first.
pub async fn kept(
    conn: &mut AsyncPgConnection,
    me: i64,
    kept: Kept,
    page: &crate::db::statuses::Page,
) -> diesel::QueryResult<Vec<Saved>> {
    let table = match kept {
        Kept::Favourites => "favourites",
        Kept::Bookmarks => "bookmarks",
    };
    let (conditions, order) = page.sql("k.id");
    let sql = format!(
        "SELECT k.id AS cursor, s.* FROM {table} k JOIN statuses s ON s.id = k.status_id \
         WHERE k.actor_id = {me} AND s.deleted_at IS NULL AND {} {conditions} ORDER BY k.id {order} LIMIT {}",
        crate::db::statuses::Viewer::Actor(me).can_see(),
        page.limit
    );
    let rows: Vec<Saved> = diesel::sql_query(sql).load(conn).await?;
    Ok(page.finish(rows))
}

/// Who favourited or boosted a post, newest first, with each row's id for
/// paging (the favourite's, or the boost's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reaction {
    Favourite,
    Reblog,
}

pub async fn who(
    conn: &mut AsyncPgConnection,
    reaction: Reaction,
    status_id: i64,
    page: &crate::db::statuses::Page,
) -> diesel::QueryResult<Vec<(i64, crate::db::actors::DbActor)>> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        row_id: i64,
        #[diesel(embed)]
        actor: crate::db::actors::DbActor,
    }
    let (conditions, order) = page.sql("r.id");
    let rows = match reaction {
        Reaction::Favourite => "SELECT id, actor_id FROM favourites WHERE status_id = $1",
        Reaction::Reblog => "SELECT id, actor_id FROM statuses WHERE reblog_of_id = $1 AND deleted_at IS NULL",
    };
    let found: Vec<Row> = diesel::sql_query(format!(
        "SELECT r.id AS row_id, a.* FROM ({rows}) r JOIN actors a ON a.id = r.actor_id \
         WHERE a.deleted_at IS NULL{conditions} ORDER BY r.id {order} LIMIT $2"
    ))
    .bind::<diesel::sql_types::BigInt, _>(status_id)
    .bind::<diesel::sql_types::BigInt, _>(page.limit)
    .load(conn)
    .await?;
    Ok(page.finish(found.into_iter().map(|r| (r.row_id, r.actor)).collect()))
}

/// A person's pinned posts, most recently pinned first.
pub async fn pinned_by(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
) -> diesel::QueryResult<Vec<crate::db::statuses::DbStatus>> {
    use diesel::SelectableHelper;
    statuses::table
        .filter(statuses::actor_id.eq(actor_id))
        .filter(statuses::featured_at.is_not_null())
        .filter(statuses::deleted_at.is_null())
        .order(statuses::featured_at.desc())
        .select(crate::db::statuses::DbStatus::as_select())
        .load(conn)
        .await
}

/// Pins or unpins a post to its author's profile; `false` if nothing changed.
pub async fn set_featured(conn: &mut AsyncPgConnection, status_id: i64, pinned: bool) -> diesel::QueryResult<bool> {
    let changed = if pinned {
        diesel::update(statuses::table.find(status_id).filter(statuses::featured_at.is_null()))
            .set(statuses::featured_at.eq(Some(chrono::Utc::now())))
            .execute(conn)
            .await?
    } else {
        diesel::update(
            statuses::table
                .find(status_id)
                .filter(statuses::featured_at.is_not_null()),
        )
        .set(statuses::featured_at.eq(None::<chrono::DateTime<chrono::Utc>>))
        .execute(conn)
        .await?
    };
    Ok(changed > 0)
}
