//! Account endpoints: registration, the signed-in account, profile edits, lookups.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::auth::Token;
use crate::api::entities::{Account, AccountCounts, CredentialAccount, Token as TokenEntity};
use crate::api::params::{Params, lenient};
use crate::db::actors;
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::{Language, Message};
use crate::services::accounts::{self, CreatedBy, ProfileChanges, SignUp};
use crate::services::oauth;
use crate::state::AppState;

/// The signed-in account.
#[utoipa::path(get, path = "/api/v1/accounts/verify_credentials", tag = "accounts",
    security(("bearer" = ["read:accounts", "profile"])),
    responses((status = 200, body = CredentialAccount), (status = 401, description = "No valid token"), (status = 403, description = "Scope missing")))]
pub async fn verify_credentials(
    State(state): State<AppState>,
    token: Token,
) -> AppResult<Json<CredentialAccount>> {
    let account = token.user(&["read:accounts", "profile"])?;
    Ok(Json(CredentialAccount::from_account(
        account,
        &state.urls(),
        AccountCounts::default(),
        0,
    )))
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct RegisterParams {
    username: String,
    email: String,
    password: String,
    #[serde(deserialize_with = "lenient::opt_bool")]
    agreement: Option<bool>,
    locale: Option<String>,
    reason: Option<String>,
}

/// Creates an account (with an app's client-credentials token), as Mastodon does.
#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", request_body = RegisterParams,
    security(("bearer" = ["write:accounts"])),
    responses((status = 200, body = crate::api::entities::Token), (status = 403, description = "Registrations closed"), (status = 422, description = "Invalid or taken")))]
pub async fn register(
    State(state): State<AppState>,
    token: Token,
    Params(params): Params<RegisterParams>,
) -> AppResult<Json<TokenEntity>> {
    token.require(&["write:accounts"])?;
    if params.agreement != Some(true) {
        return Err(AppError::Validation(vec![FieldError::new(
            "agreement",
            "ERR_ACCEPTED",
            Message::new("error-agreement-required"),
        )]));
    }
    let account = accounts::register(
        &state,
        SignUp {
            username: params.username,
            email: params.email,
            password: params.password,
            locale: params.locale.as_deref().and_then(Language::from_code),
            reason: params.reason.unwrap_or_default(),
        },
        CreatedBy::Visitor,
    )
    .await?;
    let issued = oauth::token_for_new_account(&state, &token.0, account.user.id).await?;
    Ok(Json(TokenEntity::from_issued(issued)))
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct SourceParams {
    language: Option<String>,
    note: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct UpdateCredentialsParams {
    display_name: Option<String>,
    note: Option<String>,
    source: Option<SourceParams>,
}

/// Edits the signed-in account's profile.
#[utoipa::path(patch, path = "/api/v1/accounts/update_credentials", tag = "accounts", request_body = UpdateCredentialsParams,
    security(("bearer" = ["write:accounts"])),
    responses((status = 200, body = CredentialAccount), (status = 422, description = "Invalid values")))]
pub async fn update_credentials(
    State(state): State<AppState>,
    token: Token,
    Params(params): Params<UpdateCredentialsParams>,
) -> AppResult<Json<CredentialAccount>> {
    let account = token.user(&["write:accounts"])?;
    let source = params.source.unwrap_or_default();
    let locale = match source.language.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(code) => Some(Some(Language::from_code(code).ok_or_else(|| {
            AppError::Validation(vec![FieldError::new(
                "source[language]",
                "ERR_INVALID",
                Message::new("error-language-unknown"),
            )])
        })?)),
    };
    let updated = accounts::update_profile(
        &state,
        account,
        ProfileChanges {
            display_name: params.display_name,
            note: params.note.or(source.note),
            locale,
        },
    )
    .await?;
    Ok(Json(CredentialAccount::from_account(
        &updated,
        &state.urls(),
        AccountCounts::default(),
        0,
    )))
}

/// An account by id.
#[utoipa::path(get, path = "/api/v1/accounts/{id}", tag = "accounts",
    params(("id" = String, Path, description = "The account's id")),
    responses((status = 200, body = Account), (status = 404, description = "No such account")))]
pub async fn get_account(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Json<Account>> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let mut conn = state.db.get().await?;
    let actor = actors::find(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(Account::from_actor(
        &actor,
        &state.urls(),
        AccountCounts::default(),
    )))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
pub struct LookupQuery {
    acct: String,
}

/// An account by its handle (`name` or `name@domain`).
#[utoipa::path(get, path = "/api/v1/accounts/lookup", tag = "accounts", params(LookupQuery),
    responses((status = 200, body = Account), (status = 404, description = "No such account")))]
pub async fn lookup(
    State(state): State<AppState>,
    Query(query): Query<LookupQuery>,
) -> AppResult<Json<Account>> {
    let acct = query.acct.trim().trim_start_matches('@');
    let username = match acct.split_once('@') {
        Some((name, domain)) if domain.eq_ignore_ascii_case(&state.config.server.domain) => name,
        Some(_) => return Err(AppError::NotFound),
        None => acct,
    };
    let mut conn = state.db.get().await?;
    let actor = actors::find_local_by_username(&mut conn, username)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(Account::from_actor(
        &actor,
        &state.urls(),
        AccountCounts::default(),
    )))
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ChangePasswordParams {
    current_password: String,
    password: String,
}

/// Changes the signed-in user's password (Fucina's own endpoint: Mastodon has none).
#[utoipa::path(post, path = "/api/fucina/v1/account/password", tag = "fucina", request_body = ChangePasswordParams,
    security(("bearer" = ["write:accounts"])),
    responses((status = 200, description = "Changed"), (status = 422, description = "Wrong current password, or the new one is too short")))]
pub async fn change_password(
    State(state): State<AppState>,
    token: Token,
    Params(params): Params<ChangePasswordParams>,
) -> AppResult<Json<serde_json::Value>> {
    let account = token.user(&["write:accounts"])?;
    accounts::change_password(
        &state,
        account,
        &params.current_password,
        &params.password,
        None,
    )
    .await?;
    Ok(Json(serde_json::json!({})))
}
