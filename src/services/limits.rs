//! Abuse limits, kept as a mature server keeps them: per address and per
//! account, counted in PostgreSQL so that every server process sees the same
//! counts, answered `429` with `Retry-After`. The numbers follow Mastodon's
//! (docs/security.md). Wrong passwords are counted per address and account
//! together, and per address: a stranger guessing cannot lock the owner out.

use std::net::IpAddr;

use chrono::Utc;

use crate::db::rate_limits::{self, Count};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// How many times something may happen in a window.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: i32,
    pub window_seconds: i64,
}

/// What is limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Sign-in attempts from one address (any account).
    LoginFromAddress,
    /// Wrong passwords for one account from one address.
    WrongPassword,
    SignUp,
    /// Password-reset requests from one address.
    PasswordResetFromAddress,
    /// Password-reset mails to one account.
    PasswordResetForAccount,
    /// OAuth token requests from one address.
    Token,
    /// OAuth app registrations from one address.
    AppRegistration,
    /// Posts by one account.
    Post,
    /// Uploads by one account.
    Upload,
    /// Reports by one account.
    Report,
}

impl Action {
    pub fn limit(self) -> Limit {
        let (max, window_seconds) = match self {
            Action::LoginFromAddress => (25, 5 * 60),
            Action::WrongPassword => (10, 15 * 60),
            Action::SignUp => (25, 5 * 60),
            Action::PasswordResetFromAddress => (25, 5 * 60),
            Action::PasswordResetForAccount => (5, 30 * 60),
            Action::Token => (50, 5 * 60),
            Action::AppRegistration => (30, 5 * 60),
            Action::Post => (300, 3 * 3600),
            Action::Upload => (30, 30 * 60),
            Action::Report => (30, 3600),
        };
        Limit { max, window_seconds }
    }

    fn name(self) -> &'static str {
        match self {
            Action::LoginFromAddress => "login_ip",
            Action::WrongPassword => "wrong_password",
            Action::SignUp => "sign_up",
            Action::PasswordResetFromAddress => "reset_ip",
            Action::PasswordResetForAccount => "reset_account",
            Action::Token => "token",
            Action::AppRegistration => "app",
            Action::Post => "post",
            Action::Upload => "upload",
            Action::Report => "report",
        }
    }
}

/// Who does it: an address, an account, or both.
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    Address(IpAddr),
    Account(i64),
    AddressAndAccount(IpAddr, &'a str),
}

fn key(action: Action, subject: Subject<'_>) -> String {
    let who = match subject {
        Subject::Address(ip) => ip.to_string(),
        Subject::Account(id) => id.to_string(),
        Subject::AddressAndAccount(ip, account) => format!("{ip}/{}", account.to_lowercase()),
    };
    format!("{}:{who}", action.name())
}

fn refusal(count: Count, limit: Limit) -> AppError {
    let ends = count.window_start + chrono::Duration::seconds(limit.window_seconds);
    AppError::TooManyRequests((ends - Utc::now()).num_seconds().max(1) as u64)
}

/// Counts one `action` by `subject`; refused once over the limit.
pub async fn hit(state: &AppState, action: Action, subject: Subject<'_>) -> AppResult<()> {
    if !state.config.limits.enabled {
        return Ok(());
    }
    let limit = action.limit();
    let mut conn = state.db.get().await?;
    let count = rate_limits::hit(&mut conn, &key(action, subject), limit.window_seconds).await?;
    if count.hits > limit.max {
        return Err(refusal(count, limit));
    }
    Ok(())
}

/// Refuses if `subject` is already over the limit of `action`, counting nothing.
pub async fn check(state: &AppState, action: Action, subject: Subject<'_>) -> AppResult<()> {
    if !state.config.limits.enabled {
        return Ok(());
    }
    let limit = action.limit();
    let mut conn = state.db.get().await?;
    match rate_limits::peek(&mut conn, &key(action, subject), limit.window_seconds).await? {
        Some(count) if count.hits >= limit.max => Err(refusal(count, limit)),
        _ => Ok(()),
    }
}

/// Forgets what `subject` did (a correct password clears the wrong ones).
pub async fn forget(state: &AppState, action: Action, subject: Subject<'_>) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    rate_limits::reset(&mut conn, &key(action, subject)).await?;
    Ok(())
}

/// Removes counters whose windows are over (hourly maintenance).
pub async fn prune(state: &AppState) -> AppResult<usize> {
    let mut conn = state.db.get().await?;
    // The longest window is three hours.
    Ok(rate_limits::prune(&mut conn, 3 * 3600).await?)
}
