//! Bearer tokens on API requests. `Token` requires one; `MaybeToken` allows
//! anonymous calls. Neither lets a handler see who is calling without naming
//! the scope it needs: a token without it is refused (403), as Mastodon
//! refuses it, even on endpoints anyone may read without a token.

use axum::extract::{FromRef, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;

use crate::db::users::Account;
use crate::error::{AppError, AppResult};
use crate::services::oauth::{self, TokenContext};
use crate::state::AppState;

/// A valid bearer token.
pub struct Token(TokenContext);

/// A valid bearer token, or none; a token that is present but invalid is still refused.
pub struct MaybeToken(Option<TokenContext>);

fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// The bearer token's context, if a token is given; a token that is present
/// but invalid is refused.
async fn context_of<S>(parts: &Parts, state: &S) -> AppResult<Option<TokenContext>>
where
    AppState: FromRef<S>,
{
    let Some(token) = bearer(parts) else {
        return Ok(None);
    };
    match oauth::authenticate_bearer(&AppState::from_ref(state), token).await? {
        Some(context) => Ok(Some(context)),
        None => Err(AppError::unauthorized("error-token-invalid")),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for MaybeToken
where
    AppState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match context_of(parts, state).await? {
            // Only reads take an optional token: one given only to upload
            // media or receive pushes reads nothing, not even what is public.
            Some(context) if !context.scopes.iter().any(|s| s == "read" || s.starts_with("read:")) => {
                Err(AppError::forbidden("error-scope-missing"))
            }
            context => Ok(MaybeToken(context)),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Token
where
    AppState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        context_of(parts, state)
            .await?
            .map(Token)
            .ok_or_else(|| AppError::unauthorized("error-token-missing"))
    }
}

impl MaybeToken {
    /// Who reads, for an endpoint anyone may read: nobody without a token;
    /// with one, its user (none for an app's own token), if it has one of
    /// `scopes`, else a refusal.
    pub fn reader(&self, scopes: &[&str]) -> AppResult<Option<&Account>> {
        match &self.0 {
            None => Ok(None),
            Some(context) if scopes.iter().any(|s| context.scopes.allows(s)) => Ok(context.account.as_ref()),
            Some(_) => Err(AppError::forbidden("error-scope-missing")),
        }
    }
}

impl Token {
    /// The token itself (its app, its scopes), for the OAuth endpoints.
    pub fn context(&self) -> &TokenContext {
        &self.0
    }

    /// The token's user, if it has `scope` (or one of `alternatives`).
    pub fn user(&self, scopes: &[&str]) -> AppResult<&Account> {
        self.require(scopes)?;
        self.0
            .account
            .as_ref()
            .ok_or_else(|| AppError::unauthorized("error-token-needs-user"))
    }

    /// Checks the token has at least one of `scopes`.
    pub fn require(&self, scopes: &[&str]) -> AppResult<()> {
        if scopes.iter().any(|s| self.0.scopes.allows(s)) {
            Ok(())
        } else {
            Err(AppError::forbidden("error-scope-missing"))
        }
    }
}
