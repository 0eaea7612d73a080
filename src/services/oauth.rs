//! OAuth 2 in Mastodon's shape: app registration, the authorization-code flow
//! with PKCE, the password, client-credentials and refresh-token grants, token
//! revocation and bearer-token checks. Secrets are stored only as SHA-256 digests.
//! Errors carry RFC 6749's codes and statuses, which is why this service names HTTP statuses.

use std::net::IpAddr;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use diesel_async::AsyncConnection;

use crate::crypto;
use crate::db::oauth::{
    self as store, DbAccessToken, DbApplication, DbAuthorizationCode, NewAccessToken, NewApplication,
};
use crate::db::users::{self, Account};
use crate::domain::oauth::Scopes;
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::Message;
use crate::services::accounts;
use crate::services::limits::{self, Action, Subject};
use crate::state::AppState;

/// The redirect URI that means "show the code on a page" (out of band).
pub const OUT_OF_BAND: &str = "urn:ietf:wg:oauth:2.0:oob";

/// How long an authorization code may wait to be exchanged.
const CODE_LIFETIME_MINUTES: i64 = 10;

/// A request to register an application (`POST /api/v1/apps`).
#[derive(Debug, Clone, Default)]
pub struct NewApp {
    pub name: String,
    pub redirect_uris: Vec<String>,
    pub scopes: String,
    pub website: Option<String>,
}

/// A registered application with its secret, shown this once.
#[derive(Debug, Clone)]
pub struct RegisteredApp {
    pub application: DbApplication,
    pub client_secret: String,
}

pub async fn register_application(state: &AppState, ip: IpAddr, input: NewApp) -> AppResult<RegisteredApp> {
    limits::hit(state, Action::AppRegistration, Subject::Address(ip)).await?;
    let mut errors = Vec::new();
    let name = input.name.trim();
    if name.is_empty() {
        errors.push(FieldError::new(
            "client_name",
            "ERR_BLANK",
            Message::new("error-app-name-blank"),
        ));
    } else if name.chars().count() > 100 {
        errors.push(FieldError::new(
            "client_name",
            "ERR_TOO_LONG",
            Message::new("error-app-name-too-long"),
        ));
    }
    let uris: Vec<String> = input
        .redirect_uris
        .iter()
        .flat_map(|u| u.split(['\n', ' ']))
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_owned)
        .collect();
    if uris.is_empty() {
        errors.push(FieldError::new(
            "redirect_uris",
            "ERR_BLANK",
            Message::new("error-redirect-uri-blank"),
        ));
    }
    if uris.iter().any(|u| !is_valid_redirect_uri(u)) {
        errors.push(FieldError::new(
            "redirect_uris",
            "ERR_INVALID",
            Message::new("error-redirect-uri-invalid"),
        ));
    }
    let scopes = Scopes::parse(&input.scopes)
        .map_err(|unknown| {
            errors.push(FieldError::new(
                "scopes",
                "ERR_INVALID",
                Message::new("error-scope-unknown").with("scope", unknown.0),
            ))
        })
        .ok();
    let website = input.website.as_deref().map(str::trim).filter(|w| !w.is_empty());
    if let Some(website) = website
        && crate::domain::text::web_url(website).is_none()
    {
        errors.push(FieldError::new(
            "website",
            "ERR_INVALID",
            Message::new("error-website-invalid"),
        ));
    }
    let (Some(scopes), true) = (scopes, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };

    let client_id = crypto::random_token();
    let client_secret = crypto::random_token();
    let mut conn = state.db.get().await?;
    let application = store::insert_application(
        &mut conn,
        &NewApplication {
            name,
            website,
            redirect_uris: &uris.join("\n"),
            scopes: &scopes.to_string(),
            client_id: &client_id,
            client_secret_hash: &crypto::sha256_hex(&client_secret),
        },
    )
    .await?;
    Ok(RegisteredApp {
        application,
        client_secret,
    })
}

/// Where a code may be sent (RFC 8252, RFC 9700 §4.1): `https`, `http` to
/// this machine's loopback (desktop apps listening on a port), an app's own
/// scheme (`tootle://`, `com.example.app:/oauth`), or out-of-band; never a
/// URI with a fragment (RFC 6749 §3.1.2), and never a scheme a browser would
/// run or read (`javascript:`, `data:`, `file:`…).
fn is_valid_redirect_uri(uri: &str) -> bool {
    if uri == OUT_OF_BAND {
        return true;
    }
    let Ok(parsed) = url::Url::parse(uri) else {
        return false;
    };
    if parsed.fragment().is_some() {
        return false;
    }
    match parsed.scheme() {
        "https" => parsed.host_str().is_some(),
        "http" => {
            matches!(
                parsed.host(),
                Some(url::Host::Ipv4(ip)) if ip.is_loopback()
            ) || matches!(parsed.host(), Some(url::Host::Ipv6(ip)) if ip.is_loopback())
                || parsed.host_str() == Some("localhost")
        }
        "javascript" | "data" | "vbscript" | "file" | "about" | "blob" | "filesystem" | "view-source" | "ws"
        | "wss" | "ftp" => false,
        // An app's own scheme, which the system hands to that app.
        _ => true,
    }
}

/// What `/oauth/authorize` receives.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct AuthorizeParams {
    #[serde(default)]
    pub client_id: String,
    pub redirect_uri: Option<String>,
    #[serde(default)]
    pub response_type: String,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    /// Mastodon's: ask again even if the app was authorised before.
    pub force_login: Option<String>,
    pub lang: Option<String>,
}

/// An authorization request that has been checked against its application.
#[derive(Debug, Clone)]
pub struct AuthorizationRequest {
    pub application: DbApplication,
    pub redirect_uri: String,
    /// Whether the app named the redirect URI (then the code exchange must name it too).
    pub redirect_uri_given: bool,
    pub scopes: Scopes,
    pub state: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
}

fn invalid_request(key: &'static str) -> AppError {
    AppError::oauth(StatusCode::BAD_REQUEST, "invalid_request", key)
}

/// Checks an authorization request. Errors are shown to the person, never sent
/// to a redirect URI that could not be verified.
pub async fn check_authorization(state: &AppState, params: &AuthorizeParams) -> AppResult<AuthorizationRequest> {
    let mut conn = state.db.get().await?;
    let application = store::find_application_by_client_id(&mut conn, params.client_id.trim())
        .await?
        .ok_or_else(|| AppError::oauth(StatusCode::UNAUTHORIZED, "invalid_client", "error-oauth-unknown-client"))?;
    let redirect_uri_given = params.redirect_uri.as_deref().is_some_and(|u| !u.trim().is_empty());
    let redirect_uri = match params.redirect_uri.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        Some(uri) => uri.to_owned(),
        // RFC 6749 §3.1.2.3: may be omitted when only one is registered.
        None => {
            let mut registered = application.redirect_uris();
            match (registered.next(), registered.next()) {
                (Some(only), None) => only.to_owned(),
                _ => return Err(invalid_request("error-oauth-redirect-uri-missing")),
            }
        }
    };
    if !application.redirect_uris().any(|u| u == redirect_uri) {
        return Err(invalid_request("error-oauth-redirect-uri-mismatch"));
    }
    if params.response_type != "code" {
        return Err(AppError::oauth(
            StatusCode::BAD_REQUEST,
            "unsupported_response_type",
            "error-oauth-response-type",
        ));
    }
    let scopes = requested_scopes(params.scope.as_deref(), &application)?;
    let (code_challenge, code_challenge_method) = match params.code_challenge.as_deref().filter(|c| !c.is_empty()) {
        Some(challenge) => {
            // S256 only (RFC 9700 §2.1.1): `plain` (the default when no method
            // is named) shows the verifier to whoever sees the request.
            let method = params.code_challenge_method.as_deref().unwrap_or("plain");
            if method != "S256" {
                return Err(invalid_request("error-oauth-pkce-method"));
            }
            (Some(challenge.to_owned()), Some(method.to_owned()))
        }
        None => (None, None),
    };
    Ok(AuthorizationRequest {
        application,
        redirect_uri,
        redirect_uri_given,
        scopes,
        state: params.state.clone(),
        code_challenge,
        code_challenge_method,
    })
}

/// The scopes asked for: the app's own when none are named; never more than it registered.
fn requested_scopes(scope: Option<&str>, application: &DbApplication) -> AppResult<Scopes> {
    let registered = Scopes::parse(&application.scopes).unwrap_or_default();
    let Some(requested) = scope.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(registered);
    };
    let scopes = Scopes::parse(requested)
        .map_err(|_| AppError::oauth(StatusCode::BAD_REQUEST, "invalid_scope", "error-oauth-scope"))?;
    if !scopes.is_subset_of(&registered) {
        return Err(AppError::oauth(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            "error-oauth-scope",
        ));
    }
    Ok(scopes)
}

/// The person said yes: issues a single-use code bound to the request.
pub async fn grant_code(state: &AppState, request: &AuthorizationRequest, user_id: i64) -> AppResult<String> {
    let code = crypto::random_token();
    let now = Utc::now();
    let mut conn = state.db.get().await?;
    store::insert_code(
        &mut conn,
        &DbAuthorizationCode {
            code_hash: crypto::sha256_hex(&code),
            application_id: request.application.id,
            user_id,
            scopes: request.scopes.to_string(),
            // Empty when the app did not name it: then the exchange need not either.
            redirect_uri: if request.redirect_uri_given {
                request.redirect_uri.clone()
            } else {
                String::new()
            },
            code_challenge: request.code_challenge.clone(),
            code_challenge_method: request.code_challenge_method.clone(),
            created_at: now,
            expires_at: now + Duration::minutes(CODE_LIFETIME_MINUTES),
        },
    )
    .await?;
    Ok(code)
}

/// Where to send the browser with a code (or an error), keeping the client's `state`.
pub fn redirect_url(request: &AuthorizationRequest, outcome: Result<&str, &str>) -> String {
    let mut url = match url::Url::parse(&request.redirect_uri) {
        Ok(url) => url,
        Err(_) => return request.redirect_uri.clone(),
    };
    {
        let mut query = url.query_pairs_mut();
        match outcome {
            Ok(code) => query.append_pair("code", code),
            Err(error) => query.append_pair("error", error),
        };
        if let Some(state) = &request.state {
            query.append_pair("state", state);
        }
    }
    url.to_string()
}

/// What `/oauth/token` receives, from the body and the Authorization header.
#[derive(Debug, Clone, Default)]
pub struct TokenRequest {
    pub grant_type: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub code: Option<String>,
    pub redirect_uri: Option<String>,
    pub code_verifier: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub scope: Option<String>,
    pub refresh_token: Option<String>,
}

/// A token as `/oauth/token` returns it.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub scopes: String,
    pub created_at: i64,
}

fn invalid_client() -> AppError {
    AppError::oauth(StatusCode::UNAUTHORIZED, "invalid_client", "error-oauth-client-auth")
}

fn invalid_grant(key: &'static str) -> AppError {
    AppError::oauth(StatusCode::BAD_REQUEST, "invalid_grant", key)
}

/// Finds the client and checks its secret; a secret may be omitted only where
/// `secret_optional` (the code grant with PKCE, as for public clients).
async fn authenticate_client(
    state: &AppState,
    client_id: &str,
    secret: Option<&str>,
    secret_optional: bool,
) -> AppResult<DbApplication> {
    let mut conn = state.db.get().await?;
    let application = store::find_application_by_client_id(&mut conn, client_id.trim())
        .await?
        .ok_or_else(invalid_client)?;
    match secret.filter(|s| !s.is_empty()) {
        Some(secret) if crypto::secrets_equal(&crypto::sha256_hex(secret), &application.client_secret_hash) => {
            Ok(application)
        }
        None if secret_optional => Ok(application),
        _ => Err(invalid_client()),
    }
}

/// Runs one of the four grants and issues a token.
pub async fn issue_token(state: &AppState, ip: IpAddr, request: TokenRequest) -> AppResult<IssuedToken> {
    limits::hit(state, Action::Token, Subject::Address(ip)).await?;
    match request.grant_type.as_str() {
        "authorization_code" => {
            let has_verifier = request.code_verifier.as_deref().is_some_and(|v| !v.is_empty());
            let application = authenticate_client(
                state,
                &request.client_id,
                request.client_secret.as_deref(),
                has_verifier,
            )
            .await?;
            let code = request
                .code
                .as_deref()
                .filter(|c| !c.is_empty())
                .ok_or_else(|| invalid_request("error-oauth-code-missing"))?;
            let mut conn = state.db.get().await?;
            // Taken (deleted) before it is checked: a code is never good twice.
            let grant = store::take_code(&mut conn, &crypto::sha256_hex(code))
                .await?
                .filter(|g| g.application_id == application.id && g.expires_at > Utc::now())
                .ok_or_else(|| invalid_grant("error-oauth-code-invalid"))?;
            // RFC 6749 §4.1.3: named at authorization, it must be named, the same, here.
            let given = request.redirect_uri.as_deref().filter(|u| !u.is_empty());
            match given {
                Some(uri) if !grant.redirect_uri.is_empty() && uri != grant.redirect_uri => {
                    return Err(invalid_grant("error-oauth-redirect-uri-mismatch"));
                }
                Some(uri) if grant.redirect_uri.is_empty() && !application.redirect_uris().any(|u| u == uri) => {
                    return Err(invalid_grant("error-oauth-redirect-uri-mismatch"));
                }
                None if !grant.redirect_uri.is_empty() => {
                    return Err(invalid_grant("error-oauth-redirect-uri-mismatch"));
                }
                _ => {}
            }
            match (&grant.code_challenge, request.code_verifier.as_deref()) {
                (Some(challenge), Some(verifier)) => {
                    let method = grant.code_challenge_method.as_deref().unwrap_or("plain");
                    if !crypto::pkce_verifies(verifier, challenge, method) {
                        return Err(invalid_grant("error-oauth-pkce-failed"));
                    }
                }
                (Some(_), None) => return Err(invalid_grant("error-oauth-pkce-failed")),
                // A verifier for a code issued without a challenge proves nothing; the
                // client must then have authenticated with its secret.
                (None, _) if request.client_secret.as_deref().is_none_or(str::is_empty) => {
                    return Err(invalid_client());
                }
                (None, _) => {}
            }
            let user = users::find_account(&mut conn, grant.user_id)
                .await?
                .ok_or_else(|| invalid_grant("error-oauth-code-invalid"))?;
            if let Some(refusal) =
                crate::services::accounts::sign_in_refusal(&user, crate::services::accounts::Door::App)
            {
                return Err(invalid_grant(refusal));
            }
            create_token(state, application.id, Some(grant.user_id), &grant.scopes, true).await
        }
        "password" => {
            let application =
                authenticate_client(state, &request.client_id, request.client_secret.as_deref(), false).await?;
            let scopes = requested_scopes(request.scope.as_deref(), &application)?;
            let (Some(login), Some(password)) = (request.username.as_deref(), request.password.as_deref()) else {
                return Err(invalid_request("error-oauth-credentials-missing"));
            };
            let account = match accounts::authenticate(state, ip, login, password, accounts::Door::App).await {
                Ok(account) => account,
                Err(error @ AppError::TooManyRequests(_)) => return Err(error),
                Err(AppError::Forbidden(message)) => {
                    return Err(AppError::OAuth(crate::error::OAuthError {
                        status: StatusCode::BAD_REQUEST,
                        code: "invalid_grant",
                        description: message,
                    }));
                }
                Err(AppError::Unauthorized(_)) => return Err(invalid_grant("error-login-invalid")),
                Err(other) => return Err(other),
            };
            create_token(state, application.id, Some(account.user.id), &scopes.to_string(), true).await
        }
        "client_credentials" => {
            let application =
                authenticate_client(state, &request.client_id, request.client_secret.as_deref(), false).await?;
            let scopes = requested_scopes(request.scope.as_deref(), &application)?;
            create_token(state, application.id, None, &scopes.to_string(), false).await
        }
        "refresh_token" => {
            let application =
                authenticate_client(state, &request.client_id, request.client_secret.as_deref(), false).await?;
            let refresh = request
                .refresh_token
                .as_deref()
                .filter(|t| !t.is_empty())
                .ok_or_else(|| invalid_request("error-oauth-refresh-missing"))?;
            let mut conn = state.db.get().await?;
            let hash = crypto::sha256_hex(refresh);
            // Rotation: the old pair dies as the new one is born, in one transaction.
            let (access_token, refresh_token, token) = conn
                .transaction::<_, AppError, _>(async |conn| {
                    let old = store::revoke_by_refresh(conn, &hash)
                        .await?
                        .filter(|t| t.application_id == application.id)
                        .ok_or_else(|| invalid_grant("error-oauth-refresh-invalid"))?;
                    let scopes = match request.scope.as_deref().filter(|s| !s.is_empty()) {
                        Some(narrower) => {
                            let narrower = Scopes::parse(narrower).map_err(|_| {
                                AppError::oauth(StatusCode::BAD_REQUEST, "invalid_scope", "error-oauth-scope")
                            })?;
                            let granted = Scopes::parse(&old.scopes).unwrap_or_default();
                            if !narrower.is_subset_of(&granted) {
                                return Err(AppError::oauth(
                                    StatusCode::BAD_REQUEST,
                                    "invalid_scope",
                                    "error-oauth-scope",
                                ));
                            }
                            narrower.to_string()
                        }
                        None => old.scopes.clone(),
                    };
                    let access_token = crypto::random_token();
                    let refresh_token = crypto::random_token();
                    let token = store::insert_token(
                        conn,
                        &NewAccessToken {
                            token_hash: &crypto::sha256_hex(&access_token),
                            refresh_token_hash: Some(&crypto::sha256_hex(&refresh_token)),
                            application_id: application.id,
                            user_id: old.user_id,
                            scopes: &scopes,
                        },
                    )
                    .await?;
                    Ok((access_token, refresh_token, token))
                })
                .await?;
            Ok(IssuedToken {
                access_token,
                refresh_token: Some(refresh_token),
                scopes: token.scopes,
                created_at: token.created_at.timestamp(),
            })
        }
        "" => Err(invalid_request("error-oauth-grant-missing")),
        _ => Err(AppError::oauth(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "error-oauth-grant-unsupported",
        )),
    }
}

/// The token `POST /api/v1/accounts` returns: for the new user, from the app that registered them.
pub async fn token_for_new_account(state: &AppState, app_token: &TokenContext, user_id: i64) -> AppResult<IssuedToken> {
    create_token(
        state,
        app_token.token.application_id,
        Some(user_id),
        &app_token.token.scopes,
        true,
    )
    .await
}

async fn create_token(
    state: &AppState,
    application_id: i64,
    user_id: Option<i64>,
    scopes: &str,
    with_refresh: bool,
) -> AppResult<IssuedToken> {
    let access_token = crypto::random_token();
    let refresh_token = with_refresh.then(crypto::random_token);
    let refresh_hash = refresh_token.as_deref().map(crypto::sha256_hex);
    let mut conn = state.db.get().await?;
    let token = store::insert_token(
        &mut conn,
        &NewAccessToken {
            token_hash: &crypto::sha256_hex(&access_token),
            refresh_token_hash: refresh_hash.as_deref(),
            application_id,
            user_id,
            scopes,
        },
    )
    .await?;
    Ok(IssuedToken {
        access_token,
        refresh_token,
        scopes: token.scopes,
        created_at: token.created_at.timestamp(),
    })
}

/// Revokes an access or refresh token of the authenticated client (RFC 7009:
/// an unknown token is not an error).
pub async fn revoke(state: &AppState, client_id: &str, client_secret: Option<&str>, token: &str) -> AppResult<()> {
    let application = authenticate_client(state, client_id, client_secret, false)
        .await
        .map_err(|_| AppError::oauth(StatusCode::FORBIDDEN, "unauthorized_client", "error-oauth-client-auth"))?;
    let mut conn = state.db.get().await?;
    store::revoke_by_hash(&mut conn, application.id, &crypto::sha256_hex(token)).await?;
    Ok(())
}

/// Revokes every token a user gave an application (the "revoke" button in settings).
pub async fn revoke_application_for_user(state: &AppState, user_id: i64, application_id: i64) -> AppResult<usize> {
    let mut conn = state.db.get().await?;
    Ok(store::revoke_for_user_and_application(&mut conn, user_id, application_id).await?)
}

/// What a valid bearer token stands for.
#[derive(Debug, Clone)]
pub struct TokenContext {
    pub token: DbAccessToken,
    pub scopes: Scopes,
    /// `None` for client-credentials tokens.
    pub account: Option<Account>,
}

/// Resolves a bearer token; `None` if unknown, revoked, or its user may no longer sign in.
pub async fn authenticate_bearer(state: &AppState, bearer: &str) -> AppResult<Option<TokenContext>> {
    let mut conn = state.db.get().await?;
    let Some(token) = store::find_live_token(&mut conn, &crypto::sha256_hex(bearer)).await? else {
        return Ok(None);
    };
    let account = match token.user_id {
        Some(user_id) => match users::find_account(&mut conn, user_id).await? {
            Some(account) if account.may_sign_in() => Some(account),
            _ => return Ok(None),
        },
        None => None,
    };
    // Record use at most hourly: a write per API call would be waste.
    if token.last_used_at.is_none_or(|t| Utc::now() - t > Duration::hours(1)) {
        store::touch_token(&mut conn, token.id).await?;
    }
    let scopes = Scopes::parse(&token.scopes).unwrap_or_default();
    Ok(Some(TokenContext { token, scopes, account }))
}

/// The application a client-credentials or user token belongs to.
pub async fn application_of(state: &AppState, token: &DbAccessToken) -> AppResult<DbApplication> {
    let mut conn = state.db.get().await?;
    store::find_application(&mut conn, token.application_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The applications a user has authorised, for the settings page.
pub async fn authorized_applications(state: &AppState, user_id: i64) -> AppResult<Vec<store::AuthorizedApplication>> {
    let mut conn = state.db.get().await?;
    Ok(store::authorized_applications(&mut conn, user_id).await?)
}

#[cfg(test)]
mod tests {
    use super::is_valid_redirect_uri;

    #[test]
    fn redirect_uris_are_https_loopback_app_schemes_or_out_of_band() {
        let cases = [
            ("https://app.example/callback", true),
            ("http://127.0.0.1:4567/callback", true),
            ("http://localhost:8080/cb", true),
            ("http://[::1]:9000/", true),
            ("tootle://oauth", true),
            ("com.example.app:/oauth2redirect", true),
            ("urn:ietf:wg:oauth:2.0:oob", true),
            ("http://app.example/callback", false),
            ("http://10.0.0.1/callback", false),
            ("javascript:alert(document.cookie)", false),
            ("data:text/html,<script>alert(1)</script>", false),
            ("file:///etc/passwd", false),
            ("https://app.example/callback#fragment", false),
            ("not a uri", false),
        ];
        for (uri, valid) in cases {
            assert_eq!(is_valid_redirect_uri(uri), valid, "{uri}");
        }
    }
}
