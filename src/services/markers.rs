//! Read positions Mastodon apps keep per timeline (`home`, `notifications`),
//! shared between a person's devices. The notifications marker and the
//! pages' "read" are one: moving the marker marks read every notification up
//! to it, and reading the notifications page moves the marker to the newest.

use diesel_async::AsyncConnection;

use crate::db::markers::{self, DbMarker};
use crate::db::notifications;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The timelines that have markers.
pub const TIMELINES: [&str; 2] = ["home", "notifications"];

/// The person's markers of the timelines asked for (unknown names are ignored).
pub async fn get(state: &AppState, actor_id: i64, timelines: &[String]) -> AppResult<Vec<DbMarker>> {
    let wanted: Vec<String> = timelines
        .iter()
        .filter(|t| TIMELINES.contains(&t.as_str()))
        .cloned()
        .collect();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let mut conn = state.db.get().await?;
    Ok(markers::of(&mut conn, actor_id, &wanted).await?)
}

/// Moves markers (`(timeline, last read id)`), all or none; returns them as saved.
pub async fn save(state: &AppState, actor_id: i64, changes: &[(&'static str, String)]) -> AppResult<Vec<DbMarker>> {
    let mut parsed = Vec::with_capacity(changes.len());
    for (timeline, id) in changes {
        let number = id
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| AppError::field(timeline, "ERR_INVALID", "error-marker-id"))?;
        parsed.push((*timeline, number));
    }
    let mut conn = state.db.get().await?;
    conn.transaction::<_, AppError, _>(async |conn| {
        let mut saved = Vec::with_capacity(parsed.len());
        for (timeline, id) in &parsed {
            saved.push(markers::save(conn, actor_id, timeline, &id.to_string()).await?);
            if *timeline == "notifications" {
                notifications::mark_read_up_to(conn, actor_id, *id).await?;
            }
        }
        Ok(saved)
    })
    .await
}
