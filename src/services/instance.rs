//! The instance itself as an actor (an `Application`, FEP-d556/FEP-2677): it
//! signs fetches and, later, follows linked instances and relays.

use crate::crypto;
use crate::db::actors::{self, DbActor};
use crate::error::AppResult;
use crate::services::local_actors::{self, LocalActor};
use crate::state::AppState;

/// The instance actor, created on first start.
pub async fn ensure_instance_actor(state: &AppState) -> AppResult<DbActor> {
    let mut conn = state.db.get().await?;
    if let Some(actor) = actors::find_instance_actor(&mut conn).await? {
        return Ok(actor);
    }
    let keys = crypto::generate_key_pair().await?;
    let urls = state.urls();
    let id = urls.instance_actor();
    let home = urls.absolute("/");
    let instance = LocalActor {
        actor_type: "Application",
        username: &state.config.server.domain,
        display_name: &state.config.server.instance_name,
        ap_id: &id,
        url: &home,
    };
    let created = local_actors::insert(&mut conn, &urls, instance, &keys).await;
    match created {
        Ok(actor) => Ok(actor),
        // Another process created it at the same moment.
        Err(error) if crate::db::unique_violation(&error).is_some() => actors::find_instance_actor(&mut conn)
            .await?
            .ok_or(crate::error::AppError::NotFound),
        Err(error) => Err(error.into()),
    }
}

/// The servers this one knows people of (Mastodon's `instance/peers`), less
/// the suspended ones.
pub async fn peers(state: &AppState) -> AppResult<Vec<String>> {
    let mut conn = state.db.get().await?;
    Ok(crate::db::actors::known_domains(&mut conn, 10_000).await?)
}

/// Each of the last twelve weeks (newest first): its start, the posts
/// written here, the people who signed in (by their last sign-in) and
/// those who signed up.
pub async fn weekly_activity(state: &AppState) -> AppResult<Vec<crate::db::users::WeekActivity>> {
    let mut conn = state.db.get().await?;
    Ok(crate::db::users::weekly_activity(&mut conn).await?)
}
