//! Erasing accounts (GDPR): a person deletes their own account, a suspension
//! runs out, or another server says one of its people is gone. The account's
//! posts, interests, files, follows, favourites and sessions go; proposals that
//! others joined stay, with the author shown as a deleted account.

use chrono::Utc;
use diesel_async::AsyncConnection;

use crate::activitypub::delivery;
use crate::db::actors::DbActor;
use crate::db::users::{self, Account};
use crate::db::{erasure, moderation as marks, retention};
use crate::error::{AppError, AppResult};
use crate::services::attachments::remove_file;
use crate::services::moderation::{self, SUSPENSION_GRACE_DAYS};
use crate::services::moderators::By;
use crate::state::AppState;

/// Removes the files of erased uploads, once their rows are gone.
async fn remove_files(state: &AppState, keys: &[String]) {
    for key in keys {
        remove_file(&state.config, key).await;
    }
}

/// Erases a local account in one transaction: its data, its sign-in, and (if
/// no suspension did it before) the `Delete(Person)` to every known server.
async fn erase_local(state: &AppState, account: &Account, moderator: Option<i64>) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    let announced = account.user.suspended_at.is_some();
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            if !announced {
                moderation::announce_gone(conn, state, &account.actor).await?;
            }
            let keys = erasure::erase(conn, account.actor.id).await?;
            erasure::drop_user(conn, account.user.id).await?;
            if let Some(moderator) = moderator {
                crate::db::groups::log(conn, None, moderator, "account_purge", Some(account.actor.id), None, "")
                    .await?;
            }
            Ok(keys)
        })
        .await;
    let keys = delivery::wake_after(state, outcome)?;
    remove_files(state, &keys).await;
    tracing::info!(account = %account.actor.username, files = keys.len(), "account erased");
    Ok(())
}

/// A person deletes their own account, confirming with their password.
pub async fn delete_own_account(state: &AppState, account: &Account, password: &str) -> AppResult<()> {
    let matches = crate::crypto::verify_password(password.to_owned(), account.user.password_hash.clone()).await?;
    if !matches {
        return Err(AppError::Validation(vec![crate::error::FieldError::new(
            "password",
            "ERR_INVALID",
            crate::i18n::Message::new("error-current-password-wrong"),
        )]));
    }
    erase_local(state, account, None).await
}

/// A moderator purges a suspended account now, without waiting the 30 days.
pub async fn purge(state: &AppState, by: By<'_>, actor_id: i64) -> AppResult<()> {
    by.check()?;
    let moderator = by.actor_id(state).await?;
    let mut conn = state.db.get().await?;
    let account = users::find_account_by_actor(&mut conn, actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    if account.user.suspended_at.is_none() {
        return Err(AppError::forbidden("error-purge-not-suspended"));
    }
    erase_local(state, &account, Some(moderator)).await
}

/// Purges the accounts whose suspension is older than the grace period.
pub async fn purge_due(state: &AppState) -> AppResult<usize> {
    let cutoff = Utc::now() - chrono::Duration::days(SUSPENSION_GRACE_DAYS);
    let mut conn = state.db.get().await?;
    let due = marks::suspended_before(&mut conn, cutoff).await?;
    let mut purged = 0;
    for user_id in due {
        if let Some(account) = users::find_account(&mut conn, user_id).await? {
            erase_local(state, &account, None).await?;
            purged += 1;
        }
    }
    Ok(purged)
}

/// What the retention periods removed in one run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pruned {
    pub remote_posts: usize,
    pub records: usize,
}

/// Applies `[retention]`: other servers' posts nobody here touched, and the
/// moderation records, once older than their periods (0: kept for good).
pub async fn apply_retention(state: &AppState) -> AppResult<Pruned> {
    let periods = state.config.retention;
    let cutoff = |days: u32| Utc::now() - chrono::Duration::days(i64::from(days));
    let mut conn = state.db.get().await?;
    let mut pruned = Pruned::default();
    if periods.remote_content_days > 0 {
        pruned.remote_posts = retention::prune_remote_posts(&mut conn, cutoff(periods.remote_content_days)).await?;
    }
    if periods.logs_days > 0 {
        pruned.records = retention::prune_logs(&mut conn, cutoff(periods.logs_days)).await?;
    }
    Ok(pruned)
}

/// Another server's account is gone (`Delete(Person)`): our copy of it and of
/// everything it sent goes too.
pub async fn forget_remote(state: &AppState, actor: &DbActor) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    let keys = conn
        .transaction::<_, AppError, _>(async |conn| Ok(erasure::erase(conn, actor.id).await?))
        .await?;
    drop(conn);
    remove_files(state, &keys).await;
    Ok(())
}
