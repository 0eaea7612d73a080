//! What a person does with their notifications: read them all, dismiss one,
//! clear them. (Notifications are written by the services whose events they
//! tell of, in the same transaction as the event.)

use diesel_async::AsyncConnection;

use crate::db::notifications;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Marks every notification of `actor_id` read (the notifications page was
/// seen), and moves their apps' notifications marker to the newest.
pub async fn mark_all_read(state: &AppState, actor_id: i64) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    conn.transaction::<_, AppError, _>(async |conn| {
        if notifications::mark_all_read(conn, actor_id).await? > 0
            && let Some(newest) = notifications::newest_id(conn, actor_id).await?
        {
            crate::db::markers::save(conn, actor_id, "notifications", &newest.to_string()).await?;
        }
        Ok(())
    })
    .await
}

/// How many notifications `actor_id` has not read, at most `cap` (1–1000).
pub async fn unread_count(state: &AppState, actor_id: i64, cap: i64) -> AppResult<i64> {
    let mut conn = state.db.get().await?;
    Ok(notifications::count_unread_capped(&mut conn, actor_id, cap.clamp(1, 1000)).await?)
}

/// Dismisses one notification of `actor_id`; 404 when it is not theirs.
pub async fn dismiss(state: &AppState, actor_id: i64, id: i64) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    if notifications::dismiss(&mut conn, actor_id, id).await? == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Removes every notification of `actor_id`.
pub async fn clear(state: &AppState, actor_id: i64) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    notifications::clear(&mut conn, actor_id).await?;
    Ok(())
}
