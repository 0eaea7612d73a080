//! Queries on `web_sessions`: browser sign-ins, keyed by the SHA-256 of the cookie.

use chrono::{DateTime, Utc};
use diesel::prelude::{ExpressionMethods, OptionalExtension, QueryDsl};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::schema::web_sessions;

pub async fn insert(
    conn: &mut AsyncPgConnection,
    token_hash: &str,
    user_id: i64,
    user_agent: &str,
    expires_at: DateTime<Utc>,
) -> diesel::QueryResult<()> {
    diesel::insert_into(web_sessions::table)
        .values((
            web_sessions::token_hash.eq(token_hash),
            web_sessions::user_id.eq(user_id),
            web_sessions::user_agent.eq(user_agent),
            web_sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .await
        .map(drop)
}

/// The user of a live session, refreshing its last-seen time.
pub async fn find_user_id(conn: &mut AsyncPgConnection, token_hash: &str) -> diesel::QueryResult<Option<i64>> {
    diesel::update(
        web_sessions::table
            .filter(web_sessions::token_hash.eq(token_hash))
            .filter(web_sessions::expires_at.gt(Utc::now())),
    )
    .set(web_sessions::last_seen_at.eq(Utc::now()))
    .returning(web_sessions::user_id)
    .get_result(conn)
    .await
    .optional()
}

pub async fn delete(conn: &mut AsyncPgConnection, token_hash: &str) -> diesel::QueryResult<()> {
    diesel::delete(web_sessions::table.filter(web_sessions::token_hash.eq(token_hash)))
        .execute(conn)
        .await
        .map(drop)
}

/// Ends every session of a user but, optionally, one.
pub async fn delete_all_for_user(
    conn: &mut AsyncPgConnection,
    user_id: i64,
    except_hash: Option<&str>,
) -> diesel::QueryResult<usize> {
    let mut query = diesel::delete(web_sessions::table)
        .filter(web_sessions::user_id.eq(user_id))
        .into_boxed();
    if let Some(keep) = except_hash {
        query = query.filter(web_sessions::token_hash.ne(keep.to_owned()));
    }
    query.execute(conn).await
}

pub async fn delete_expired(conn: &mut AsyncPgConnection) -> diesel::QueryResult<usize> {
    diesel::delete(web_sessions::table.filter(web_sessions::expires_at.le(Utc::now())))
        .execute(conn)
        .await
}
