//! Who is looking, in which language, with which CSRF token: resolved once per
//! request by `resolve_viewer`, then read by extractors. Also turns error
//! responses into HTML pages in the viewer's language.

use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::de::DeserializeOwned;

use crate::config::RegistrationMode;
use crate::crypto;
use crate::db::users::Account;
use crate::domain::account::Role;
use crate::error::{AppError, AppResult, ErrorPage};
use crate::i18n::{Language, Translator};
use crate::services::{accounts, sessions};
use crate::state::AppState;
use crate::web::templates::{self, LanguageChoice, Page, UserBadge};

pub const SESSION_COOKIE: &str = "fucina_session";
pub const CSRF_COOKIE: &str = "fucina_csrf";
pub const LANGUAGE_COOKIE: &str = "fucina_lang";
pub const FLASH_COOKIE: &str = "fucina_flash";

/// The person behind a request, as the web layer sees them.
#[derive(Clone, Debug)]
pub struct Viewer {
    pub account: Option<Account>,
    pub language: Language,
    pub csrf_token: String,
    /// The SHA-256 of the session secret, to keep this session on password change.
    pub session_hash: Option<String>,
    pub session_secret: Option<String>,
    /// A message from the previous request (after a redirect), already translated.
    pub flash: Option<String>,
    pub path: String,
}

impl Viewer {
    pub fn translator(&self) -> Translator {
        self.language.translator()
    }

    pub fn is_admin(&self) -> bool {
        self.account
            .as_ref()
            .is_some_and(|a| accounts::role_of(a) == Role::Admin)
    }

    /// The data every page's layout needs.
    pub fn page(&self, state: &AppState) -> Page {
        let translator = self.translator();
        Page {
            lang: self.language.code(),
            instance_name: state.config.server.instance_name.clone(),
            csrf: self.csrf_token.clone(),
            user: self.account.as_ref().map(|account| UserBadge {
                username: account.actor.username.clone(),
                display_name: if account.actor.display_name.is_empty() {
                    account.actor.username.clone()
                } else {
                    account.actor.display_name.clone()
                },
                is_admin: accounts::role_of(account) == Role::Admin,
                works_reports: accounts::role_of(account) >= Role::Facilitator,
                restricted: account.is_restricted(),
            }),
            path: self.path.clone(),
            flash: self.flash.clone(),
            languages: Language::ALL
                .iter()
                .map(|language| LanguageChoice {
                    code: language.code(),
                    name: language.native_name(),
                    current: *language == self.language,
                })
                .collect(),
            registrations_open: state.config.registration.mode != RegistrationMode::Closed,
            tr: translator,
        }
    }
}

/// Middleware for every HTML route: resolves the viewer, issues the CSRF cookie
/// when missing, consumes the flash cookie, and renders error responses as pages.
pub async fn resolve_viewer(
    State(state): State<AppState>,
    jar: CookieJar,
    mut request: Request,
    next: Next,
) -> Response {
    let session_secret = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned());
    let account = match &session_secret {
        Some(secret) => match sessions::resolve(&state, secret).await {
            Ok(account) => account,
            Err(error) => {
                tracing::error!(error = %error, "resolving a session");
                None
            }
        },
        None => None,
    };
    let existing_csrf = jar
        .get(CSRF_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() == 43);
    let csrf_token = existing_csrf.clone().unwrap_or_else(crypto::random_token);
    let language = negotiate_language(&state, account.as_ref(), &jar, request.headers());
    let flash = jar
        .get(FLASH_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|key| key.starts_with("flash-"))
        .map(|key| language.translator().t(&key));
    let path = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "/".into());
    let viewer = Viewer {
        session_hash: session_secret
            .as_deref()
            .filter(|_| account.is_some())
            .map(crypto::sha256_hex),
        session_secret: session_secret.filter(|_| account.is_some()),
        account,
        language,
        csrf_token: csrf_token.clone(),
        flash: flash.clone(),
        path,
    };
    request.extensions_mut().insert(viewer.clone());

    let mut response = next.run(request).await;

    if let Some(error) = response.extensions().get::<ErrorPage>().cloned() {
        let page = templates::ErrorTemplate::new(&viewer.page(&state), &error);
        let mut rendered = templates::render_with_status(error.status, &page);
        // Keep headers the handler set deliberately (Retry-After, WWW-Authenticate…).
        for name in [header::RETRY_AFTER, header::WWW_AUTHENTICATE] {
            if let Some(value) = response.headers().get(&name) {
                rendered.headers_mut().insert(name, value.clone());
            }
        }
        response = rendered;
    }
    let secure = state.config.server.is_https();
    let headers = response.headers_mut();
    if existing_csrf.is_none() {
        append_cookie(headers, session_cookie(CSRF_COOKIE, csrf_token, secure));
    }
    if flash.is_some() {
        append_cookie(headers, removal_cookie(FLASH_COOKIE));
    }
    // Pages depend on the session and the language; shared caches must not keep them.
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("private, no-store"));
    headers.insert(header::VARY, HeaderValue::from_static("Cookie, Accept-Language"));
    response
}

/// The user's setting, else the switcher's cookie, else Accept-Language, else the default.
fn negotiate_language(state: &AppState, account: Option<&Account>, jar: &CookieJar, headers: &HeaderMap) -> Language {
    account
        .and_then(accounts::language_of)
        .or_else(|| jar.get(LANGUAGE_COOKIE).and_then(|c| Language::from_code(c.value())))
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Language::from_accept_language)
        })
        .unwrap_or(state.config.i18n.default_language)
}

/// A cookie only the server reads, sent only to this site.
pub fn session_cookie(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build()
}

pub fn removal_cookie(name: &'static str) -> Cookie<'static> {
    Cookie::build((name, "")).path("/").removal().build()
}

pub fn append_cookie(headers: &mut HeaderMap, cookie: Cookie<'static>) {
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        headers.append(header::SET_COOKIE, value);
    }
}

/// A redirect that shows `flash_key` on the next page.
/// Adds `Retry-After` to a page that answers an over-the-limit error in place
/// (a form shown again with the reason), as an error page would carry it.
pub fn with_retry_after(mut response: Response, error: &AppError) -> Response {
    if let AppError::TooManyRequests(seconds) = error
        && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

pub fn redirect_with_flash(to: &str, flash_key: &'static str) -> Response {
    let mut response = Redirect::to(to).into_response();
    append_cookie(
        response.headers_mut(),
        Cookie::build((FLASH_COOKIE, flash_key))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .build(),
    );
    response
}

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Viewer>()
            .cloned()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("the viewer middleware did not run")))
    }
}

/// What a suspended account may still open: the decisions about it (to
/// appeal), its data, its deletion, and signing out.
const RESTRICTED_PATHS: [&str; 4] = ["/settings/moderation", "/settings/data", "/settings/delete", "/logout"];

/// A signed-in viewer; anyone else is sent to the login page and back.
pub struct SignedIn {
    pub viewer: Viewer,
    pub account: Account,
}

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let viewer = Viewer::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match viewer.account.clone() {
            // A suspended account reaches only what it may still do.
            Some(account)
                if account.is_restricted() && !RESTRICTED_PATHS.iter().any(|p| viewer.path.starts_with(p)) =>
            {
                Err(Redirect::to("/settings/moderation").into_response())
            }
            Some(account) => Ok(SignedIn { viewer, account }),
            None => {
                let next = if parts.method == Method::GET {
                    viewer.path.as_str()
                } else {
                    "/"
                };
                let target = format!(
                    "/login?next={}",
                    url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
                );
                Err(Redirect::to(&target).into_response())
            }
        }
    }
}

/// A signed-in administrator; others get 403.
pub struct AdminViewer(pub SignedIn);

impl<S: Send + Sync> FromRequestParts<S> for AdminViewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let signed_in = SignedIn::from_request_parts(parts, state).await?;
        if !signed_in.viewer.is_admin() {
            return Err(AppError::forbidden("error-admins-only").into_response());
        }
        Ok(AdminViewer(signed_in))
    }
}

/// A URL-encoded form whose `csrf_token` field matches the viewer's cookie.
/// Repeated fields (`theme=a&theme=b`) fill `Vec`s.
pub struct CsrfForm<T>(pub T);

#[derive(serde::Deserialize)]
struct CsrfField {
    #[serde(default)]
    csrf_token: String,
}

/// The CSRF token a form must carry: the one in the viewer's cookie (empty,
/// and so matched by no form, when there is none).
fn expected_csrf(request: &Request) -> String {
    request
        .extensions()
        .get::<Viewer>()
        .map(|v| v.csrf_token.clone())
        .unwrap_or_default()
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for CsrfForm<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let expected = expected_csrf(&request);
        let body = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|rejection| match rejection.status() {
                StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
                _ => AppError::bad_request("error-form-invalid"),
            })?;
        let field: CsrfField =
            serde_html_form::from_bytes(&body).map_err(|_| AppError::bad_request("error-form-invalid"))?;
        if expected.is_empty() || !crypto::secrets_equal(&field.csrf_token, &expected) {
            return Err(AppError::forbidden("error-csrf"));
        }
        let form = serde_html_form::from_bytes(&body).map_err(|_| AppError::bad_request("error-form-invalid"))?;
        Ok(CsrfForm(form))
    }
}

/// A `multipart/form-data` form (one with a file) whose `csrf_token` field
/// matches the viewer's cookie.
pub struct CsrfMultipart(pub crate::upload::MultipartForm);

impl<S: Send + Sync> FromRequest<S> for CsrfMultipart {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let expected = expected_csrf(&request);
        let multipart = axum::extract::Multipart::from_request(request, state)
            .await
            .map_err(|_| AppError::bad_request("error-form-invalid"))?;
        let form = crate::upload::read(multipart).await?;
        if expected.is_empty() || !crypto::secrets_equal(form.field("csrf_token"), &expected) {
            return Err(AppError::forbidden("error-csrf"));
        }
        Ok(CsrfMultipart(form))
    }
}

/// A form that may carry one file: `multipart/form-data` (checked as
/// `CsrfMultipart`) or URL-encoded (as `CsrfForm`); its text fields fill `T`.
pub struct CsrfFormWithFile<T>(pub T, pub Option<crate::upload::Upload>);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for CsrfFormWithFile<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let multipart = request
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if !multipart {
            let CsrfForm(value) = CsrfForm::from_request(request, state).await?;
            return Ok(Self(value, None));
        }
        let CsrfMultipart(form) = CsrfMultipart::from_request(request, state).await?;
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form.fields.iter())
            .finish();
        let value = serde_html_form::from_str(&encoded).map_err(|_| AppError::bad_request("error-form-invalid"))?;
        Ok(Self(value, form.file))
    }
}

/// The handle in a page address (`/@name`, `/@name@server`): without its `@`;
/// an address without one is no profile's.
pub fn handle(segment: &str) -> AppResult<&str> {
    segment.strip_prefix('@').ok_or(AppError::NotFound)
}

/// A `next` parameter that can only lead somewhere on this site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control) =>
        {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// Signs user `user_id` in with `response`: a new session for this browser,
/// and its cookie. The session it had (`replaced`) ends, so that a planted
/// cookie is worth nothing.
pub async fn start_session(
    state: &AppState,
    headers: &HeaderMap,
    user_id: i64,
    replaced: Option<&str>,
    mut response: Response,
) -> AppResult<Response> {
    if let Some(old) = replaced {
        sessions::end(state, old).await?;
    }
    let secret = sessions::start(state, user_id, user_agent(headers)).await?;
    append_cookie(
        response.headers_mut(),
        session_cookie(SESSION_COOKIE, secret, state.config.server.is_https()),
    );
    Ok(response)
}

/// The browser that made a request, as it names itself (kept with sessions).
pub fn user_agent(headers: &HeaderMap) -> &str {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_never_leaves_the_site() {
        assert_eq!(safe_next(Some("/settings/profile?x=1")), "/settings/profile?x=1");
        assert_eq!(safe_next(Some("//evil.example/")), "/");
        assert_eq!(safe_next(Some("https://evil.example/")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("/a\nb")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
