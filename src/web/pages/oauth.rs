//! The OAuth authorization page: sign in if needed, then allow or deny an app.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::error::{AppError, AppResult};
use crate::peer::ClientIp;
use crate::services::accounts;
use crate::services::oauth::{self, AuthorizationRequest, AuthorizeParams, OUT_OF_BAND};
use crate::state::AppState;
use crate::web::context::{CsrfForm, Viewer, start_session, with_retry_after};
use crate::web::templates::{AuthorizeTemplate, MessageTemplate, render, render_with_status};

/// The request's parameters, carried in hidden fields from form to form.
fn hidden_fields(params: &AuthorizeParams) -> Vec<(&'static str, String)> {
    let mut fields = vec![
        ("client_id", params.client_id.clone()),
        ("response_type", params.response_type.clone()),
    ];
    let optional = [
        ("redirect_uri", &params.redirect_uri),
        ("scope", &params.scope),
        ("state", &params.state),
        ("code_challenge", &params.code_challenge),
        ("code_challenge_method", &params.code_challenge_method),
    ];
    fields.extend(
        optional
            .into_iter()
            .filter_map(|(name, value)| value.clone().map(|v| (name, v))),
    );
    fields
}

fn authorize_page(
    state: &AppState,
    viewer: &Viewer,
    request: &AuthorizationRequest,
    params: &AuthorizeParams,
    error: Option<String>,
    login: String,
) -> AuthorizeTemplate {
    let tr = viewer.translator();
    AuthorizeTemplate {
        page: viewer.page(state),
        app_name: request.application.name.clone(),
        app_website: request
            .application
            .website
            .as_deref()
            .and_then(crate::domain::text::web_url),
        error,
        scopes: request
            .scopes
            .iter()
            .map(|scope| (scope.to_owned(), tr.t(scope_message(scope))))
            .collect(),
        hidden: hidden_fields(params),
        login,
    }
}

/// The explanation shown for a scope: its own, or its family's.
fn scope_message(scope: &str) -> &'static str {
    match scope {
        "read" => "scope-read",
        "write" => "scope-write",
        "follow" => "scope-follow",
        "push" => "scope-push",
        "profile" => "scope-profile",
        s if s.starts_with("admin:") => "scope-admin",
        s if s.starts_with("read:") => "scope-read-part",
        s if s.starts_with("write:") => "scope-write-part",
        _ => "scope-other",
    }
}

pub async fn authorize_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(params): Query<AuthorizeParams>,
) -> AppResult<Response> {
    let request = oauth::check_authorization(&state, &params).await?;
    Ok(render(&authorize_page(
        &state,
        &viewer,
        &request,
        &params,
        None,
        String::new(),
    )))
}

#[derive(Debug, Default, Deserialize)]
pub struct AuthorizeForm {
    #[serde(flatten)]
    params: AuthorizeParams,
    #[serde(default)]
    action: String,
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
}

pub async fn authorize(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    viewer: Viewer,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<AuthorizeForm>,
) -> AppResult<Response> {
    let request = oauth::check_authorization(&state, &form.params).await?;
    match (form.action.as_str(), &viewer.account) {
        ("login", _) => {
            match accounts::authenticate(&state, ip, &form.login, &form.password, accounts::Door::App).await {
                Ok(account) => {
                    let (user_id, replaced) = (account.user.id, viewer.session_secret.clone());
                    let viewer = Viewer {
                        account: Some(account),
                        ..viewer
                    };
                    let page = render(&authorize_page(
                        &state,
                        &viewer,
                        &request,
                        &form.params,
                        None,
                        String::new(),
                    ));
                    start_session(&state, &headers, user_id, replaced.as_deref(), page).await
                }
                Err(error @ (AppError::Unauthorized(_) | AppError::Forbidden(_) | AppError::TooManyRequests(_))) => {
                    let message = error.public_message().render(&viewer.translator());
                    let page = authorize_page(
                        &state,
                        &viewer,
                        &request,
                        &form.params,
                        Some(message),
                        form.login.clone(),
                    );
                    Ok(with_retry_after(render_with_status(error.status(), &page), &error))
                }
                Err(other) => Err(other),
            }
        }
        ("approve", Some(account)) => {
            let code = oauth::grant_code(&state, &request, account.user.id).await?;
            if request.redirect_uri == OUT_OF_BAND {
                let tr = viewer.translator();
                return Ok(render(&MessageTemplate {
                    page: viewer.page(&state),
                    heading: tr.t("oauth-code-heading"),
                    body: tr.t1("oauth-code-body", "app", request.application.name.as_str()),
                    code: Some(code),
                }));
            }
            Ok(Redirect::to(&oauth::redirect_url(&request, Ok(&code))).into_response())
        }
        ("deny", Some(_)) => {
            if request.redirect_uri == OUT_OF_BAND {
                let tr = viewer.translator();
                return Ok(render(&MessageTemplate {
                    page: viewer.page(&state),
                    heading: tr.t("oauth-denied-heading"),
                    body: tr.t("oauth-denied-body"),
                    code: None,
                }));
            }
            Ok(Redirect::to(&oauth::redirect_url(&request, Err("access_denied"))).into_response())
        }
        // Approving without a session (it expired meanwhile): ask to sign in again.
        (_, None) => Ok(render_with_status(
            StatusCode::UNAUTHORIZED,
            &authorize_page(
                &state,
                &viewer,
                &request,
                &form.params,
                Some(viewer.translator().t("oauth-login-first")),
                String::new(),
            ),
        )),
        _ => Err(AppError::bad_request("error-form-invalid")),
    }
}
