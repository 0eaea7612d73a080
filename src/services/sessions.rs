//! Browser sessions: a random secret in an HttpOnly cookie, its SHA-256 in the database.

use chrono::{Duration, Utc};

use crate::crypto;
use crate::db::users::Account;
use crate::db::{sessions, users};
use crate::error::AppResult;
use crate::state::AppState;

/// How long a session lasts without a new sign-in.
pub const SESSION_DAYS: i64 = 30;

/// Starts a session for a user; returns the cookie's secret.
pub async fn start(state: &AppState, user_id: i64, user_agent: &str) -> AppResult<String> {
    let secret = crypto::random_token();
    let expires_at = Utc::now() + Duration::days(SESSION_DAYS);
    let user_agent: String = user_agent.chars().take(300).collect();
    let mut conn = state.db.get().await?;
    sessions::insert(
        &mut conn,
        &crypto::sha256_hex(&secret),
        user_id,
        &user_agent,
        expires_at,
    )
    .await?;
    Ok(secret)
}

/// The account behind a session cookie's secret, if the session is live and the
/// account may use the pages (a suspended one only restricted: see `SignedIn`).
pub async fn resolve(state: &AppState, secret: &str) -> AppResult<Option<Account>> {
    let mut conn = state.db.get().await?;
    let Some(user_id) = sessions::find_user_id(&mut conn, &crypto::sha256_hex(secret)).await? else {
        return Ok(None);
    };
    let account = users::find_account(&mut conn, user_id).await?;
    Ok(account.filter(|a| a.may_use_pages()))
}

/// Ends a session.
pub async fn end(state: &AppState, secret: &str) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    sessions::delete(&mut conn, &crypto::sha256_hex(secret)).await?;
    Ok(())
}
