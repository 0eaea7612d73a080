//! The one error type of the program. Internal causes are logged and never shown;
//! what a user or client sees is a translatable `Message`. As a response it is a
//! Mastodon-style JSON error; the web layer swaps the body for an HTML page in the
//! reader's language using the `ErrorPage` it finds in the response's extensions.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::i18n::Message;

/// A field of a form or API call that was refused, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's name as the form and the API spell it.
    pub field: &'static str,
    /// A stable machine code in Mastodon's style (`ERR_TAKEN`, `ERR_INVALID`, …).
    pub code: &'static str,
    pub message: Message,
}

impl FieldError {
    pub fn new(field: &'static str, code: &'static str, message: Message) -> Self {
        Self { field, code, message }
    }
}

/// An OAuth 2 error (RFC 6749 §5.2), answered in that RFC's shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    pub status: StatusCode,
    /// `invalid_request`, `invalid_client`, `invalid_grant`, `unauthorized_client`,
    /// `unsupported_grant_type`, `invalid_scope`, `access_denied`.
    pub code: &'static str,
    pub description: Message,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// It existed and was deleted.
    #[error("gone")]
    Gone,
    #[error("bad request: {}", .0.english())]
    BadRequest(Message),
    #[error("unauthorized: {}", .0.english())]
    Unauthorized(Message),
    #[error("forbidden: {}", .0.english())]
    Forbidden(Message),
    #[error("conflict: {}", .0.english())]
    Conflict(Message),
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("payload too large")]
    PayloadTooLarge,
    /// Over an abuse limit: try again after this many seconds.
    #[error("too many requests")]
    TooManyRequests(u64),
    #[error("service unavailable: {}", .0.english())]
    Unavailable(Message),
    #[error("oauth: {}", .0.code)]
    OAuth(OAuthError),
    /// Another server could not be reached, or sent something unusable.
    #[error("remote: {0}")]
    Remote(String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

/// What the web layer needs to render an error page.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub status: StatusCode,
    pub message: Message,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Gone => StatusCode::GONE,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::OAuth(e) => e.status,
            AppError::Remote(_) => StatusCode::BAD_GATEWAY,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What may be shown to the person or client, never the internal cause.
    pub fn public_message(&self) -> Message {
        match self {
            AppError::NotFound => Message::new("error-not-found"),
            AppError::Gone => Message::new("error-gone"),
            AppError::BadRequest(m)
            | AppError::Unauthorized(m)
            | AppError::Forbidden(m)
            | AppError::Conflict(m)
            | AppError::Unavailable(m) => m.clone(),
            AppError::Validation(errors) => errors
                .first()
                .map(|e| e.message.clone())
                .unwrap_or_else(|| Message::new("error-validation")),
            AppError::PayloadTooLarge => Message::new("error-too-large"),
            AppError::TooManyRequests(_) => Message::new("error-rate-limited"),
            AppError::OAuth(e) => e.description.clone(),
            AppError::Remote(_) => Message::new("error-remote-unreachable"),
            AppError::Internal(_) => Message::new("error-internal"),
        }
    }

    pub fn bad_request(key: &'static str) -> Self {
        AppError::BadRequest(Message::new(key))
    }

    pub fn forbidden(key: &'static str) -> Self {
        AppError::Forbidden(Message::new(key))
    }

    pub fn unauthorized(key: &'static str) -> Self {
        AppError::Unauthorized(Message::new(key))
    }

    pub fn field(field: &'static str, code: &'static str, key: &'static str) -> Self {
        AppError::Validation(vec![FieldError::new(field, code, Message::new(key))])
    }

    pub fn oauth(status: StatusCode, code: &'static str, key: &'static str) -> Self {
        AppError::OAuth(OAuthError {
            status,
            code,
            description: Message::new(key),
        })
    }

    /// The validation errors for `field`, if this is a validation error.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            AppError::Validation(errors) => errors,
            _ => &[],
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(error: diesel::result::Error) -> Self {
        match error {
            diesel::result::Error::NotFound => AppError::NotFound,
            other => AppError::Internal(anyhow::Error::new(other).context("database query")),
        }
    }
}

impl From<activitypub_federation::error::Error> for AppError {
    fn from(error: activitypub_federation::error::Error) -> Self {
        use activitypub_federation::error::Error as Federation;
        match error {
            Federation::NotFound | Federation::ObjectDeleted(_) => AppError::NotFound,
            Federation::UrlVerificationError(reason) => {
                AppError::BadRequest(Message::new("error-remote-refused").with("reason", reason))
            }
            other => AppError::Remote(other.to_string()),
        }
    }
}

impl From<diesel_async::pooled_connection::deadpool::PoolError> for AppError {
    fn from(error: diesel_async::pooled_connection::deadpool::PoolError) -> Self {
        AppError::Internal(anyhow::Error::new(error).context("database pool"))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        match &self {
            AppError::Internal(cause) => {
                tracing::error!(error = format!("{cause:#}"), "internal error")
            }
            AppError::Remote(cause) => tracing::info!(error = %cause, "a remote server failed us"),
            _ => {}
        }
        let message = self.public_message();
        let text = message.english();
        let mut response = match &self {
            AppError::Validation(errors) => {
                // Mastodon's shape for refused registrations and edits.
                let mut details = serde_json::Map::new();
                for error in errors {
                    let entry = details
                        .entry(error.field)
                        .or_insert_with(|| serde_json::Value::Array(Vec::new()));
                    if let serde_json::Value::Array(list) = entry {
                        list.push(json!({
                            "error": error.code,
                            "description": error.message.english(),
                        }));
                    }
                }
                let summary = errors
                    .iter()
                    .map(|e| e.message.english())
                    .collect::<Vec<_>>()
                    .join(", ");
                (
                    status,
                    Json(json!({
                        "error": format!("Validation failed: {summary}"),
                        "details": details,
                    })),
                )
                    .into_response()
            }
            AppError::OAuth(e) => (status, Json(json!({ "error": e.code, "error_description": text }))).into_response(),
            _ => (status, Json(json!({ "error": text }))).into_response(),
        };
        if let AppError::TooManyRequests(seconds) = &self
            && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        if status == StatusCode::UNAUTHORIZED && !matches!(self, AppError::OAuth(_)) {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer error=\"invalid_token\""),
            );
        }
        response.extensions_mut().insert(ErrorPage { status, message });
        response
    }
}
