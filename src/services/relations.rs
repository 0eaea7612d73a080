//! Following anyone: the one door for pages, the API and the inbox. People
//! (here or elsewhere) and other servers' groups are followed through
//! `follows`; this server's groups are joined through their membership rules
//! (`groups`), since joining one *is* following it.

use crate::activitypub::protocol::activities::Activity;
use crate::db::actors::{self, DbActor};
use crate::db::follows::DbFollow;
use crate::error::{AppError, AppResult};
use crate::services::{follows, groups};
use crate::state::AppState;

/// `follower` follows `followed`, or asks to join it when it is one of our groups.
pub async fn follow(state: &AppState, follower: &DbActor, followed: &DbActor) -> AppResult<DbFollow> {
    if followed.actor_type == "Group" && followed.is_local() {
        // Joining one of our groups: its join mode decides.
        return groups::join_local(state, follower, followed).await;
    }
    follows::follow(state, follower, followed).await
}

/// Another server's actor follows one of ours: a person, or one of our groups.
pub async fn receive_follow(state: &AppState, follower: &DbActor, activity: &Activity) -> AppResult<()> {
    let target = activity
        .object_id()
        .ok_or_else(|| AppError::bad_request("error-activity-malformed"))?;
    let mut conn = state.db.get().await?;
    let followed = actors::find_by_ap_id(&mut conn, target)
        .await?
        .filter(DbActor::is_local)
        .ok_or(AppError::NotFound)?;
    if followed.actor_type == "Group"
        && let Some(group) = crate::db::groups::find(&mut conn, followed.id).await?
    {
        drop(conn);
        return groups::receive_follow(state, follower, &group, activity).await;
    }
    drop(conn);
    follows::receive_follow(state, follower, activity).await
}
