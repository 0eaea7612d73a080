//! The federation policy: the mode (open or linked-only), suspended and
//! silenced instances, blocked accounts, and how a linked instance's themes
//! map to ours. Each change is written to the moderation log and reaches the
//! running servers within seconds (`AppState::policy`).

use diesel_async::AsyncConnection;

use crate::activitypub::fetch;
use crate::db::federation::{self as store};
use crate::domain::federation::{Mode, Severity};
use crate::error::{AppError, AppResult};
use crate::services::links::{domain_of, invalid_domain, is_ended, unlink};
use crate::state::AppState;
use crate::state::FedData;

/// Sets the federation mode; in force at once here, within seconds elsewhere.
pub async fn set_mode(state: &AppState, moderator: Option<i64>, mode: Mode) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    conn.transaction::<_, AppError, _>(async |conn| {
        store::set_setting(conn, store::MODE_KEY, mode.as_str()).await?;
        store::log(conn, moderator, &format!("federation_mode_{}", mode.as_str()), None, "").await?;
        Ok(())
    })
    .await?;
    state.policy.forget();
    Ok(())
}

/// Silences or suspends an instance. Suspending also ends any link with it
/// and removes its cached posts and every follow to or from its accounts.
pub async fn block(
    data: &FedData,
    moderator: Option<i64>,
    input: &str,
    severity: Severity,
    reason: &str,
) -> AppResult<()> {
    let state: &AppState = data;
    let domain = domain_of(state, input)?;
    if severity == Severity::Suspend {
        let mut conn = state.db.get().await?;
        let linked = store::link(&mut conn, &domain).await?.is_some_and(|l| !is_ended(&l));
        drop(conn);
        if linked {
            unlink(data, moderator, &domain).await?;
        }
    }
    let mut conn = state.db.get().await?;
    conn.transaction::<_, AppError, _>(async |conn| {
        store::block_instance(conn, &domain, severity.as_str(), reason.trim()).await?;
        if severity == Severity::Suspend {
            let removed = store::purge_instance(conn, &domain).await?;
            tracing::info!(host = %domain, removed, "suspended an instance and removed its posts");
        }
        store::log(
            conn,
            moderator,
            &format!("instance_{}", severity.as_str()),
            Some(&domain),
            reason.trim(),
        )
        .await?;
        Ok(())
    })
    .await?;
    state.policy.forget();
    Ok(())
}

/// Lifts an instance's silence or suspension.
pub async fn unblock(state: &AppState, moderator: Option<i64>, input: &str) -> AppResult<()> {
    let domain = domain_of(state, input)?;
    let mut conn = state.db.get().await?;
    conn.transaction::<_, AppError, _>(async |conn| {
        if store::unblock_instance(conn, &domain).await? == 0 {
            return Err(AppError::NotFound);
        }
        store::log(conn, moderator, "instance_unblock", Some(&domain), "").await?;
        Ok(())
    })
    .await?;
    state.policy.forget();
    Ok(())
}

/// Blocks one remote actor (by its ActivityPub id or handle): nothing from
/// it is accepted, nothing is sent to it, and its posts and follows go.
pub async fn block_actor(data: &FedData, moderator: Option<i64>, who: &str, reason: &str) -> AppResult<String> {
    let state: &AppState = data;
    let ap_id = if who.starts_with("https://") || who.starts_with("http://") {
        who.trim().to_owned()
    } else {
        fetch::actor_by_handle(data, who).await?.ap_id
    };
    let host = url::Url::parse(&ap_id)
        .ok()
        .and_then(|u| crate::activitypub::objects::actor::host_of(&u))
        .ok_or_else(invalid_domain)?;
    if host == state.config.server.domain {
        return Err(invalid_domain());
    }
    let mut conn = state.db.get().await?;
    conn.transaction::<_, AppError, _>(async |conn| {
        store::block_actor(conn, &ap_id, reason.trim()).await?;
        store::purge_actor(conn, &ap_id).await?;
        store::log(
            conn,
            moderator,
            "actor_block",
            Some(&host),
            &format!("{ap_id} {}", reason.trim()),
        )
        .await?;
        Ok(())
    })
    .await?;
    state.policy.forget();
    Ok(ap_id)
}

/// Lifts the block of one remote actor.
pub async fn unblock_actor(state: &AppState, moderator: Option<i64>, ap_id: &str) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    conn.transaction::<_, AppError, _>(async |conn| {
        if store::unblock_actor(conn, ap_id.trim()).await? == 0 {
            return Err(AppError::NotFound);
        }
        store::log(conn, moderator, "actor_unblock", None, ap_id.trim()).await?;
        Ok(())
    })
    .await?;
    state.policy.forget();
    Ok(())
}

/// Maps a linked instance's theme key to one of ours (by our theme key).
pub async fn map_theme(
    state: &AppState,
    moderator: Option<i64>,
    input: &str,
    remote_key: &str,
    local_key: &str,
) -> AppResult<()> {
    let domain = domain_of(state, input)?;
    let mut conn = state.db.get().await?;
    let local = crate::db::groups::find_by_theme_key(&mut conn, local_key.trim())
        .await?
        .ok_or(AppError::NotFound)?;
    conn.transaction::<_, AppError, _>(async |conn| {
        store::map_theme(conn, &domain, remote_key.trim(), local.actor.id).await?;
        store::log(
            conn,
            moderator,
            "theme_map",
            Some(&domain),
            &format!("{} -> {}", remote_key.trim(), local_key.trim()),
        )
        .await?;
        Ok(())
    })
    .await?;
    Ok(())
}
