//! Sign-up, login, logout and the language switcher.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::config::RegistrationMode;
use crate::error::{AppError, AppResult};
use crate::i18n::Language;
use crate::peer::ClientIp;
use crate::services::accounts::{self, CreatedBy, SignUp};
use crate::services::sessions;
use crate::state::AppState;
use crate::web::context::{
    CsrfForm, LANGUAGE_COOKIE, SESSION_COOKIE, Viewer, append_cookie, redirect_with_flash, removal_cookie, safe_next,
    session_cookie, start_session, with_retry_after,
};
use crate::web::forms::EmptyForm;
use crate::web::templates::{
    FormErrors, LoginTemplate, PasswordResetRequestTemplate, PasswordResetTemplate, SignupTemplate, render,
    render_with_status,
};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignupForm {
    username: String,
    email: String,
    password: String,
    reason: String,
    /// Keys of the themes to join.
    themes: Vec<String>,
    /// Ticked: the terms and the privacy policy are accepted.
    agreement: Option<String>,
}

/// The themes one may join on signing up: key, name, ticked.
async fn theme_choices(state: &AppState, viewer: &Viewer, ticked: &[String]) -> AppResult<Vec<(String, String, bool)>> {
    let tr = viewer.translator();
    let mut conn = state.db.get().await?;
    Ok(crate::db::groups::list_local(&mut conn, false, false)
        .await?
        .iter()
        .filter_map(|group| {
            let key = group.group.theme_key.clone()?;
            let view = crate::web::views::GroupView::local(group, state, &tr, viewer.language);
            let checked = ticked.contains(&key);
            Some((key, view.name, checked))
        })
        .collect())
}

async fn signup_page(
    state: &AppState,
    viewer: &Viewer,
    form: &SignupForm,
    errors: FormErrors,
) -> AppResult<SignupTemplate> {
    Ok(SignupTemplate {
        themes: theme_choices(state, viewer, &form.themes).await?,
        page: viewer.page(state),
        errors,
        username: form.username.clone(),
        email: form.email.clone(),
        reason: form.reason.clone(),
        agreement: form.agreement.is_some(),
        domain: state.config.server.domain.clone(),
        min_password: state.config.registration.min_password_length,
        approval_required: state.config.registration.mode == RegistrationMode::Approval,
        rules: crate::services::rules::list(state)
            .await?
            .iter()
            .map(|r| crate::services::rules::words(r, viewer.language))
            .collect(),
    })
}

pub async fn signup_form(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    if viewer.account.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    Ok(render(
        &signup_page(&state, &viewer, &SignupForm::default(), FormErrors::default()).await?,
    ))
}

/// Joins the themes ticked on the sign-up form. A theme that refuses (retired
/// meanwhile) is skipped: the account exists already.
async fn join_themes(state: &AppState, member: &crate::db::actors::DbActor, keys: &[String]) -> AppResult<()> {
    for key in keys.iter().take(16) {
        let group = {
            let mut conn = state.db.get().await?;
            crate::db::groups::find_by_theme_key(&mut conn, key).await?
        };
        if let Some(group) = group
            && let Err(error) = crate::services::groups::join(state, member, &group.actor).await
        {
            tracing::info!(theme = %key, error = %error, "a theme chosen at sign-up refused the new member");
        }
    }
    Ok(())
}

pub async fn signup(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    viewer: Viewer,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<SignupForm>,
) -> AppResult<Response> {
    let input = SignUp {
        username: form.username.clone(),
        email: form.email.clone(),
        password: form.password.clone(),
        locale: Some(viewer.language),
        reason: form.reason.clone(),
        accepted_terms: form.agreement.is_some(),
    };
    match accounts::register(&state, input, CreatedBy::Visitor(ip)).await {
        Ok(account) if account.user.approval == "approved" => {
            join_themes(&state, &account.actor, &form.themes).await?;
            let welcome = redirect_with_flash("/", "flash-welcome");
            start_session(&state, &headers, account.user.id, None, welcome).await
        }
        Ok(_) => Ok(redirect_with_flash("/", "flash-signup-pending")),
        Err(AppError::Validation(errors)) => {
            let errors = FormErrors::new(&errors, &viewer.translator());
            signup_again(&state, &viewer, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(AppError::Forbidden(message)) => {
            let errors = FormErrors::general(message.render(&viewer.translator()));
            signup_again(&state, &viewer, form, errors, StatusCode::FORBIDDEN).await
        }
        Err(other) => Err(other),
    }
}

/// The sign-up form again, with what was typed but the password, and why it
/// was refused.
async fn signup_again(
    state: &AppState,
    viewer: &Viewer,
    form: SignupForm,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<Response> {
    let form = SignupForm {
        password: String::new(),
        ..form
    };
    Ok(render_with_status(
        status,
        &signup_page(state, viewer, &form, errors).await?,
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn login_form(State(state): State<AppState>, viewer: Viewer, Query(query): Query<NextQuery>) -> Response {
    let next = safe_next(query.next.as_deref());
    if viewer.account.is_some() {
        return Redirect::to(&next).into_response();
    }
    render(&LoginTemplate {
        page: viewer.page(&state),
        error: None,
        login: String::new(),
        next,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    login: String,
    password: String,
    next: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    viewer: Viewer,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> AppResult<Response> {
    let next = safe_next(form.next.as_deref());
    match accounts::authenticate(&state, ip, &form.login, &form.password, accounts::Door::Pages).await {
        Ok(account) => {
            // A fresh secret at every login, so a planted cookie is worth nothing.
            let replaced = viewer.session_secret.as_deref();
            let next = if account.is_restricted() {
                "/settings/moderation".to_owned()
            } else {
                next
            };
            start_session(
                &state,
                &headers,
                account.user.id,
                replaced,
                Redirect::to(&next).into_response(),
            )
            .await
        }
        Err(error @ (AppError::Unauthorized(_) | AppError::Forbidden(_) | AppError::TooManyRequests(_))) => {
            let page = LoginTemplate {
                page: viewer.page(&state),
                error: Some(error.public_message().render(&viewer.translator())),
                login: form.login,
                next,
            };
            Ok(with_retry_after(render_with_status(error.status(), &page), &error))
        }
        Err(other) => Err(other),
    }
}

pub async fn logout(
    State(state): State<AppState>,
    viewer: Viewer,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    if let Some(secret) = &viewer.session_secret {
        sessions::end(&state, secret).await?;
    }
    let mut response = redirect_with_flash("/", "flash-logged-out");
    append_cookie(response.headers_mut(), removal_cookie(SESSION_COOKIE));
    Ok(response)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LanguageForm {
    lang: String,
    next: Option<String>,
}

/// The language switcher: remembered in a cookie, and in the account when signed in.
pub async fn set_language(
    State(state): State<AppState>,
    viewer: Viewer,
    CsrfForm(form): CsrfForm<LanguageForm>,
) -> AppResult<Response> {
    let language = Language::from_code(&form.lang).ok_or_else(|| AppError::bad_request("error-language-unknown"))?;
    if let Some(account) = &viewer.account {
        accounts::set_language(&state, account, language).await?;
    }
    let mut response = Redirect::to(&safe_next(form.next.as_deref())).into_response();
    let mut cookie = session_cookie(
        LANGUAGE_COOKIE,
        language.code().to_owned(),
        state.config.server.is_https(),
    );
    cookie.set_max_age(Some(cookie::time::Duration::days(365)));
    append_cookie(response.headers_mut(), cookie);
    Ok(response)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ResetRequestForm {
    email: String,
}

/// "Forgot your password?": the form asking for the account's address.
pub async fn password_reset_form(State(state): State<AppState>, viewer: Viewer) -> Response {
    render(&PasswordResetRequestTemplate {
        page: viewer.page(&state),
        email: String::new(),
        sent: false,
        error: None,
    })
}

/// Mails a reset link, if the address has an account; says the same either way.
pub async fn password_reset_request(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    viewer: Viewer,
    CsrfForm(form): CsrfForm<ResetRequestForm>,
) -> AppResult<Response> {
    match accounts::request_password_reset(&state, ip, &form.email, viewer.language).await {
        Ok(()) => Ok(render(&PasswordResetRequestTemplate {
            page: viewer.page(&state),
            email: String::new(),
            sent: true,
            error: None,
        })),
        Err(error @ (AppError::TooManyRequests(_) | AppError::Unavailable(_))) => {
            let page = PasswordResetRequestTemplate {
                page: viewer.page(&state),
                error: Some(error.public_message().render(&viewer.translator())),
                email: form.email,
                sent: false,
            };
            Ok(with_retry_after(render_with_status(error.status(), &page), &error))
        }
        Err(other) => Err(other),
    }
}

/// The mailed link: a form for the new password, while the link works.
pub async fn password_reset_new_form(
    State(state): State<AppState>,
    viewer: Viewer,
    axum::extract::Path(token): axum::extract::Path<String>,
) -> AppResult<Response> {
    if !accounts::password_reset_is_live(&state, &token).await? {
        return Err(AppError::NotFound);
    }
    Ok(render(&PasswordResetTemplate {
        page: viewer.page(&state),
        token,
        errors: FormErrors::default(),
        min_password: state.config.registration.min_password_length,
    }))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewPasswordForm {
    password: String,
}

/// Sets the new password; every session and app token of the account ends.
pub async fn password_reset(
    State(state): State<AppState>,
    viewer: Viewer,
    axum::extract::Path(token): axum::extract::Path<String>,
    CsrfForm(form): CsrfForm<NewPasswordForm>,
) -> AppResult<Response> {
    match accounts::reset_password(&state, &token, &form.password).await {
        Ok(_) => Ok(redirect_with_flash("/login", "flash-password-reset")),
        Err(AppError::Validation(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &PasswordResetTemplate {
                page: viewer.page(&state),
                token,
                errors: FormErrors::new(&errors, &viewer.translator()),
                min_password: state.config.registration.min_password_length,
            },
        )),
        Err(other) => Err(other),
    }
}
