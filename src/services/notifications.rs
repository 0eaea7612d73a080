//! What a person does with their notifications: read them all, dismiss one,
//! clear them. (Notifications are written by the services whose events they
//! tell of, in the same transaction as the event.)

use crate::db::notifications;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Marks every notification of `actor_id` read (the notifications page was seen).
pub async fn mark_all_read(state: &AppState, actor_id: i64) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    notifications::mark_all_read(&mut conn, actor_id).await?;
    Ok(())
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
