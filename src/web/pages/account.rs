//! What a person may do about their account as a whole: read the moderators'
//! decisions about it and appeal each once, and delete it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use crate::error::{AppError, AppResult};
use crate::services::{erasure, moderation};
use crate::state::AppState;
use crate::web::context::{CsrfForm, SESSION_COOKIE, SignedIn, append_cookie, redirect_with_flash, removal_cookie};
use crate::web::templates::{FormErrors, SettingsDeleteTemplate, SettingsModerationTemplate, render_with_status};
use crate::web::views::WarningView;

async fn moderation_view(
    state: &AppState,
    signed_in: &SignedIn,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<Response> {
    let tr = signed_in.viewer.translator();
    let warnings = moderation::warnings_of(state, &signed_in.account).await?;
    let items = warnings
        .into_iter()
        .map(|w| WarningView {
            id: w.id,
            action: tr.t(&format!("warning-action-{}", w.action.replace('_', "-"))),
            text: w.text,
            when: w.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            appeal: w.appeal_text,
            appeal_state: w.appeal_state.map(|s| tr.t(&format!("appeal-state-{s}"))),
        })
        .collect();
    Ok(render_with_status(
        status,
        &SettingsModerationTemplate {
            page: signed_in.viewer.page(state),
            section: "moderation",
            errors,
            warnings: items,
        },
    ))
}

/// The moderators' decisions about my account.
pub async fn moderation_page(State(state): State<AppState>, signed_in: SignedIn) -> AppResult<Response> {
    moderation_view(&state, &signed_in, FormErrors::default(), StatusCode::OK).await
}

/// What the forms of these pages post: an appeal's text, or the password
/// that confirms a deletion.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AccountForm {
    text: String,
    password: String,
}

/// Appeals one decision (once).
pub async fn appeal(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<AccountForm>,
) -> AppResult<Response> {
    match moderation::appeal(&state, &signed_in.account, id, &form.text).await {
        Ok(_) => Ok(redirect_with_flash("/settings/moderation", "flash-appeal-sent")),
        Err(AppError::Validation(errors)) => {
            let errors = FormErrors::new(&errors, &signed_in.viewer.translator());
            moderation_view(&state, &signed_in, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => Err(other),
    }
}

fn delete_page(state: &AppState, signed_in: &SignedIn, errors: FormErrors) -> SettingsDeleteTemplate {
    SettingsDeleteTemplate {
        page: signed_in.viewer.page(state),
        section: "delete",
        errors,
        username: signed_in.account.actor.username.clone(),
    }
}

pub async fn delete_form(State(state): State<AppState>, signed_in: SignedIn) -> Response {
    render_with_status(StatusCode::OK, &delete_page(&state, &signed_in, FormErrors::default()))
}

/// Deletes my account, once the password confirms it; I am signed out.
pub async fn delete_account(
    State(state): State<AppState>,
    signed_in: SignedIn,
    CsrfForm(form): CsrfForm<AccountForm>,
) -> AppResult<Response> {
    match erasure::delete_own_account(&state, &signed_in.account, &form.password).await {
        Ok(()) => {
            let mut response = redirect_with_flash("/", "flash-account-deleted");
            append_cookie(response.headers_mut(), removal_cookie(SESSION_COOKIE));
            Ok(response)
        }
        Err(AppError::Validation(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &delete_page(
                &state,
                &signed_in,
                FormErrors::new(&errors, &signed_in.viewer.translator()),
            ),
        )),
        Err(other) => Err(other),
    }
}
