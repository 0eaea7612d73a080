//! Favourites (`Like`s) and who gave them, and who boosted a post.

use diesel::prelude::{ExpressionMethods, NullableExpressionMethods, OptionalExtension, QueryDsl};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::schema::{favourites, statuses};

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
