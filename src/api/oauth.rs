//! OAuth endpoints in Mastodon's shape: app registration, tokens, revocation
//! and the authorization-server metadata (RFC 8414).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use base64::Engine;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::auth::Token;
use crate::api::entities::{Application, CredentialApplication, Token as TokenEntity};
use crate::api::params::{Params, lenient};
use crate::domain::oauth::all_scopes;
use crate::error::AppResult;
use crate::peer::ClientIp;
use crate::services::oauth::{self, NewApp, TokenRequest};
use crate::state::AppState;

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct CreateAppParams {
    client_name: String,
    #[serde(deserialize_with = "lenient::string_or_list")]
    redirect_uris: Vec<String>,
    #[serde(deserialize_with = "lenient::scopes")]
    scopes: Option<String>,
    website: Option<String>,
}

/// Registers an application.
#[utoipa::path(post, path = "/api/v1/apps", tag = "oauth", request_body = CreateAppParams,
    responses((status = 200, body = CredentialApplication), (status = 422, description = "Invalid parameters")))]
pub async fn create_app(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Params(params): Params<CreateAppParams>,
) -> AppResult<Json<CredentialApplication>> {
    let registered = oauth::register_application(
        &state,
        ip,
        NewApp {
            name: params.client_name,
            redirect_uris: params.redirect_uris,
            scopes: params.scopes.unwrap_or_default(),
            website: params.website,
        },
    )
    .await?;
    Ok(Json(CredentialApplication {
        application: Application::from_row(&registered.application),
        client_id: registered.application.client_id.clone(),
        client_secret: registered.client_secret,
        client_secret_expires_at: 0,
    }))
}

/// The application a token belongs to.
#[utoipa::path(get, path = "/api/v1/apps/verify_credentials", tag = "oauth",
    responses((status = 200, body = Application), (status = 401, description = "No valid token")))]
pub async fn verify_app(State(state): State<AppState>, token: Token) -> AppResult<Json<Application>> {
    let application = oauth::application_of(&state, &token.context().token).await?;
    Ok(Json(Application::from_row(&application)))
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct TokenParams {
    grant_type: String,
    client_id: String,
    client_secret: Option<String>,
    code: Option<String>,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
    username: Option<String>,
    password: Option<String>,
    #[serde(deserialize_with = "lenient::scopes")]
    scope: Option<String>,
    refresh_token: Option<String>,
}

/// Client credentials from HTTP Basic authentication (RFC 6749 §2.3.1), if given.
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    let unescape = |s: &str| {
        url::form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
    };
    Some((unescape(id)?, unescape(secret)?))
}

/// Issues a token (authorization_code, password, client_credentials, refresh_token).
#[utoipa::path(post, path = "/oauth/token", tag = "oauth", request_body = TokenParams,
    responses((status = 200, body = crate::api::entities::Token), (status = 400, description = "invalid_grant, invalid_request…"), (status = 401, description = "invalid_client")))]
pub async fn token(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Params(params): Params<TokenParams>,
) -> AppResult<Json<TokenEntity>> {
    let (client_id, client_secret) = match basic_credentials(&headers) {
        Some((id, secret)) => (id, Some(secret)),
        None => (params.client_id, params.client_secret),
    };
    let issued = oauth::issue_token(
        &state,
        ip,
        TokenRequest {
            grant_type: params.grant_type,
            client_id,
            client_secret,
            code: params.code,
            redirect_uri: params.redirect_uri,
            code_verifier: params.code_verifier,
            username: params.username,
            password: params.password,
            scope: params.scope,
            refresh_token: params.refresh_token,
        },
    )
    .await?;
    Ok(Json(TokenEntity::from_issued(issued)))
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct RevokeParams {
    client_id: String,
    client_secret: Option<String>,
    token: String,
}

/// Revokes an access or refresh token (RFC 7009).
#[utoipa::path(post, path = "/oauth/revoke", tag = "oauth", request_body = RevokeParams,
    responses((status = 200, description = "Revoked, or unknown"), (status = 403, description = "unauthorized_client")))]
pub async fn revoke(
    State(state): State<AppState>,
    headers: HeaderMap,
    Params(params): Params<RevokeParams>,
) -> AppResult<Json<serde_json::Value>> {
    let (client_id, client_secret) = match basic_credentials(&headers) {
        Some((id, secret)) => (id, Some(secret)),
        None => (params.client_id, params.client_secret),
    };
    oauth::revoke(&state, &client_id, client_secret.as_deref(), &params.token).await?;
    Ok(Json(serde_json::json!({})))
}

/// OAuth 2 authorization-server metadata (RFC 8414), as Mastodon publishes it.
#[utoipa::path(get, path = "/.well-known/oauth-authorization-server", tag = "oauth",
    responses((status = 200, description = "Server metadata")))]
pub async fn metadata(State(state): State<AppState>) -> Json<serde_json::Value> {
    let urls = state.urls();
    Json(serde_json::json!({
        "issuer": urls.absolute("/"),
        "service_documentation": urls.absolute("/api/openapi.json"),
        "authorization_endpoint": urls.absolute("/oauth/authorize"),
        "token_endpoint": urls.absolute("/oauth/token"),
        "revocation_endpoint": urls.absolute("/oauth/revoke"),
        "app_registration_endpoint": urls.absolute("/api/v1/apps"),
        "userinfo_endpoint": urls.absolute("/api/v1/accounts/verify_credentials"),
        "scopes_supported": all_scopes(),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "password", "client_credentials", "refresh_token"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "code_challenge_methods_supported": ["S256"],
        "ui_locales_supported": crate::i18n::Language::ALL.map(|l| l.code()),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_are_decoded() {
        let mut headers = HeaderMap::new();
        let encoded = base64::engine::general_purpose::STANDARD.encode("my%20id:s3cret");
        headers.insert(header::AUTHORIZATION, format!("Basic {encoded}").parse().unwrap());
        assert_eq!(basic_credentials(&headers), Some(("my id".into(), "s3cret".into())));
        headers.insert(header::AUTHORIZATION, "Bearer x".parse().unwrap());
        assert_eq!(basic_credentials(&headers), None);
    }
}
