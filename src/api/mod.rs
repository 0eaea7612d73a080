//! The JSON API: Mastodon's client API (so Mastodon apps work unchanged), OAuth,
//! and Fucina's own endpoints under /api/fucina/v1, described by OpenAPI at
//! /api/openapi.json. Handlers call `services` and read through `db`; they never
//! import `web` or `federation`.

pub mod accounts;
pub mod auth;
pub mod entities;
pub mod instance;
pub mod oauth;
pub mod params;

use axum::extract::State;
use axum::http::{HeaderName, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use tower_http::cors::{Any, CorsLayer};
use utoipa::OpenApi;

use crate::error::AppError;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Fucina API", description = "Mastodon's client API as Fucina implements it, OAuth, and Fucina's own endpoints.", license(name = "AGPL-3.0-or-later")),
    paths(
        oauth::create_app, oauth::verify_app, oauth::token, oauth::revoke, oauth::metadata,
        accounts::verify_credentials, accounts::register, accounts::update_credentials,
        accounts::get_account, accounts::lookup, accounts::change_password,
        instance::v1, instance::v2, instance::preferences,
        health,
    ),
    components(schemas(entities::Account, entities::CredentialAccount, entities::Application,
        entities::CredentialApplication, entities::Token, entities::Field, entities::Source, entities::Role)),
    modifiers(&BearerAuth),
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Browser apps call the API from other origins; tokens, not cookies, authorise them.
fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([
            header::LINK,
            HeaderName::from_static("x-ratelimit-remaining"),
        ])
}

pub fn router() -> Router<AppState> {
    let mastodon = Router::new()
        .route("/api/v1/apps", post(oauth::create_app))
        .route("/api/v1/apps/verify_credentials", get(oauth::verify_app))
        .route("/api/v1/accounts", post(accounts::register))
        .route(
            "/api/v1/accounts/verify_credentials",
            get(accounts::verify_credentials),
        )
        .route(
            "/api/v1/accounts/update_credentials",
            axum::routing::patch(accounts::update_credentials),
        )
        .route("/api/v1/accounts/lookup", get(accounts::lookup))
        .route("/api/v1/accounts/{id}", get(accounts::get_account))
        .route("/api/v1/instance", get(instance::v1))
        .route("/api/v2/instance", get(instance::v2))
        .route("/api/v1/instance/rules", get(instance::empty_list))
        .route("/api/v1/instance/peers", get(instance::empty_list))
        .route("/api/v1/preferences", get(instance::preferences))
        .route("/api/v1/custom_emojis", get(instance::empty_list))
        .route("/api/v1/filters", get(instance::empty_list))
        .route("/api/v2/filters", get(instance::empty_list))
        .route(
            "/api/v1/markers",
            get(instance::empty_object).post(instance::empty_object),
        )
        .route("/api/v1/announcements", get(instance::empty_list))
        .route("/api/v1/lists", get(instance::empty_list))
        .route("/api/v1/followed_tags", get(instance::empty_list))
        .route("/api/v1/trends/tags", get(instance::empty_list))
        .route("/api/v1/trends/statuses", get(instance::empty_list))
        .route("/api/v1/trends/links", get(instance::empty_list))
        .route(
            "/api/fucina/v1/account/password",
            post(accounts::change_password),
        )
        .route("/api/openapi.json", get(openapi))
        .route("/api/{*rest}", axum::routing::any(api_not_found));
    let oauth_json = Router::new()
        .route("/oauth/token", post(oauth::token))
        .route("/oauth/revoke", post(oauth::revoke))
        .route(
            "/.well-known/oauth-authorization-server",
            get(oauth::metadata),
        );
    Router::new()
        .merge(mastodon)
        .merge(oauth_json)
        .layer(cors())
        .route("/health", get(health))
}

async fn api_not_found() -> AppError {
    AppError::NotFound
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// 200 when the database answers, 503 when it does not.
#[utoipa::path(get, path = "/health", tag = "operations",
    responses((status = 200, description = "Serving"), (status = 503, description = "The database does not answer")))]
pub async fn health(State(state): State<AppState>) -> Response {
    if crate::db::ping(&state.db).await {
        (StatusCode::OK, "ok").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
    }
}
