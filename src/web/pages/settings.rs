//! Account settings: profile and language, password, authorised applications.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Redirect, Response};
use serde::Deserialize;

use crate::domain::proposal::{ProposalKind, Stage};
use crate::error::{AppError, AppResult};
use crate::i18n::Language;
use crate::services::accounts::{self, ProfileChanges};
use crate::services::competences;
use crate::services::oauth;
use crate::state::AppState;
use crate::web::context::{CsrfForm, SignedIn, redirect_with_flash};
use crate::web::forms::EmptyForm;
use crate::web::templates::{
    AuthorizedAppView, FormErrors, SettingsAppsTemplate, SettingsNotificationsTemplate, SettingsPasswordTemplate,
    SettingsProfileTemplate, TextField, UnsubscribeTemplate, render, render_with_status,
};
use crate::web::views::{Choice, label};

pub async fn index() -> Redirect {
    Redirect::to("/settings/profile")
}

/// What the person knows (labels, comma-separated), the languages they work
/// in, the vocabulary to offer as they type, and the kinds and stages of
/// proposal they follow (as checkboxes).
struct InterestFields {
    competences: String,
    languages: String,
    vocabulary: Vec<String>,
    kinds: Vec<Choice>,
    stages: Vec<Choice>,
}

/// Checkboxes for a closed vocabulary: value, label, ticked.
fn ticks<T: Copy>(
    all: &[T],
    as_str: fn(T) -> &'static str,
    tr: &crate::i18n::Translator,
    prefix: &str,
    ticked: &[String],
) -> Vec<Choice> {
    all.iter()
        .map(|v| {
            let value = as_str(*v);
            (value, label(tr, prefix, value), ticked.iter().any(|t| t == value))
        })
        .collect()
}

async fn interest_fields(state: &AppState, signed_in: &SignedIn) -> AppResult<InterestFields> {
    let language = signed_in.viewer.language;
    let tr = signed_in.viewer.translator();
    let own = competences::own(state, &signed_in.account).await?;
    let labelled = competences::labelled(state, &own.competences, language).await?;
    let vocabulary = competences::complete(state, "", language).await?;
    Ok(InterestFields {
        competences: labelled.iter().map(|c| c.label.clone()).collect::<Vec<_>>().join(", "),
        languages: own.languages.join(", "),
        vocabulary: vocabulary.into_iter().map(|c| c.label).collect(),
        kinds: ticks(
            ProposalKind::ALL,
            ProposalKind::as_str,
            &tr,
            "proposal-kind",
            &own.kinds,
        ),
        stages: ticks(Stage::ALL, Stage::as_str, &tr, "proposal-stage", &own.stages),
    })
}

pub async fn profile_form(State(state): State<AppState>, signed_in: SignedIn) -> AppResult<Response> {
    let account = &signed_in.account;
    let interests = interest_fields(&state, &signed_in).await?;
    Ok(render(&SettingsProfileTemplate {
        page: signed_in.viewer.page(&state),
        section: "profile",
        errors: FormErrors::default(),
        display_name: account.actor.display_name.clone(),
        note: account.actor.summary_source.clone(),
        locale: account.user.locale.clone().unwrap_or_default(),
        fields: TextField::profile(
            account.actor.organisation.clone(),
            account.actor.role_title.clone(),
            account.actor.skills.clone(),
            account.actor.website.clone(),
        ),
        locked: account.actor.manually_approves_followers,
        hide_collections: account.actor.hide_collections,
        discoverable: account.actor.discoverable,
        competences: interests.competences,
        languages: interests.languages,
        vocabulary: interests.vocabulary,
        kinds: interests.kinds,
        stages: interests.stages,
    }))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    display_name: String,
    note: String,
    locale: String,
    organisation: String,
    role: String,
    skills: String,
    website: String,
    competences: String,
    languages: String,
    /// The kinds and stages of proposal followed (checkboxes, repeated).
    kinds: Vec<String>,
    stages: Vec<String>,
    /// Checkboxes: present ("on") when ticked.
    locked: Option<String>,
    hide_collections: Option<String>,
    /// The discoverable checkbox, and the hidden mark that the form had it
    /// (a form without it leaves the choice as it was).
    discoverable: Option<String>,
    discoverable_shown: Option<String>,
}

pub async fn update_profile(
    State(state): State<AppState>,
    signed_in: SignedIn,
    CsrfForm(form): CsrfForm<ProfileForm>,
) -> AppResult<Response> {
    let locale = match form.locale.as_str() {
        "" => None,
        code => Some(Language::from_code(code).ok_or_else(|| AppError::bad_request("error-language-unknown"))?),
    };
    let changes = ProfileChanges {
        display_name: Some(form.display_name.clone()),
        note: Some(form.note.clone()),
        locale: Some(locale),
        organisation: Some(form.organisation.clone()),
        role: Some(form.role.clone()),
        skills: Some(form.skills.clone()),
        website: Some(form.website.clone()),
        locked: Some(form.locked.is_some()),
        hide_collections: Some(form.hide_collections.is_some()),
        discoverable: form.discoverable_shown.is_some().then_some(form.discoverable.is_some()),
    };
    let saved = match accounts::update_profile(&state, &signed_in.account, changes).await {
        Ok(updated) => {
            let changes = competences::InterestChanges {
                competences: vec![form.competences.clone()],
                languages: Some(vec![form.languages.clone()]),
                kinds: Some(form.kinds.clone()),
                stages: Some(form.stages.clone()),
            };
            competences::set_own(&state, &updated, changes).await
        }
        Err(error) => Err(error),
    };
    match saved {
        Ok(_) => Ok(redirect_with_flash("/settings/profile", "flash-profile-saved")),
        Err(AppError::Validation(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &SettingsProfileTemplate {
                page: signed_in.viewer.page(&state),
                section: "profile",
                errors: FormErrors::new(&errors, &signed_in.viewer.translator()),
                locked: form.locked.is_some(),
                hide_collections: form.hide_collections.is_some(),
                discoverable: form.discoverable.is_some() || form.discoverable_shown.is_none(),
                display_name: form.display_name,
                note: form.note,
                locale: form.locale,
                fields: TextField::profile(form.organisation, form.role, form.skills, form.website),
                competences: form.competences,
                languages: form.languages,
                vocabulary: Vec::new(),
                kinds: ticks(
                    ProposalKind::ALL,
                    ProposalKind::as_str,
                    &signed_in.viewer.translator(),
                    "proposal-kind",
                    &form.kinds,
                ),
                stages: ticks(
                    Stage::ALL,
                    Stage::as_str,
                    &signed_in.viewer.translator(),
                    "proposal-stage",
                    &form.stages,
                ),
            },
        )),
        Err(other) => Err(other),
    }
}

fn password_page(state: &AppState, signed_in: &SignedIn, errors: FormErrors) -> SettingsPasswordTemplate {
    SettingsPasswordTemplate {
        page: signed_in.viewer.page(state),
        section: "password",
        errors,
        username: signed_in.account.actor.username.clone(),
        min_password: state.config.registration.min_password_length,
    }
}

pub async fn password_form(State(state): State<AppState>, signed_in: SignedIn) -> Response {
    render(&password_page(&state, &signed_in, FormErrors::default()))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    current_password: String,
    password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    signed_in: SignedIn,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> AppResult<Response> {
    let keep = signed_in.viewer.session_hash.clone();
    match accounts::change_password(
        &state,
        &signed_in.account,
        &form.current_password,
        &form.password,
        accounts::KeepSignedIn {
            session_hash: keep.as_deref(),
            token_id: None,
        },
    )
    .await
    {
        Ok(()) => Ok(redirect_with_flash("/settings/password", "flash-password-changed")),
        Err(AppError::Validation(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &password_page(
                &state,
                &signed_in,
                FormErrors::new(&errors, &signed_in.viewer.translator()),
            ),
        )),
        Err(other) => Err(other),
    }
}

pub async fn apps(State(state): State<AppState>, signed_in: SignedIn) -> AppResult<Response> {
    let apps = oauth::authorized_applications(&state, signed_in.account.user.id).await?;
    let format = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
    Ok(render(&SettingsAppsTemplate {
        page: signed_in.viewer.page(&state),
        section: "apps",
        apps: apps
            .into_iter()
            .map(|a| AuthorizedAppView {
                id: a.application.id,
                name: a.application.name,
                website: a.application.website.as_deref().and_then(crate::domain::text::web_url),
                scopes: a.scopes,
                authorized_at: format(a.authorized_at),
                last_used_at: a.last_used_at.map(format),
            })
            .collect(),
    }))
}

pub async fn revoke_app(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(application_id): Path<i64>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    oauth::revoke_application_for_user(&state, signed_in.account.user.id, application_id).await?;
    Ok(redirect_with_flash("/settings/apps", "flash-app-revoked"))
}

/// `/settings/notifications`: how notifications are e-mailed.
pub async fn notifications_form(State(state): State<AppState>, signed_in: SignedIn) -> AppResult<Response> {
    let mut conn = state.db.get().await?;
    let current = crate::db::mail::preference(&mut conn, signed_in.account.user.id)
        .await?
        .map(|p| p.email_notifications)
        .unwrap_or_else(|| "immediate".into());
    let tr = signed_in.viewer.translator();
    Ok(render(&SettingsNotificationsTemplate {
        page: signed_in.viewer.page(&state),
        section: "notifications",
        choices: crate::services::mail::PREFERENCES
            .iter()
            .map(|p| (*p, tr.t(&format!("email-preference-{p}")), *p == current))
            .collect(),
    }))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NotificationsForm {
    email_notifications: String,
}

pub async fn update_notifications(
    State(state): State<AppState>,
    signed_in: SignedIn,
    CsrfForm(form): CsrfForm<NotificationsForm>,
) -> AppResult<Response> {
    crate::services::mail::set_preference(&state, signed_in.account.user.id, &form.email_notifications).await?;
    Ok(redirect_with_flash(
        "/settings/notifications",
        "flash-email-preference-saved",
    ))
}

/// `/unsubscribe/{token}`: the link in every e-mail shows one button; a POST
/// (the button, or a mail client's RFC 8058 one-click request) turns mail off.
pub async fn unsubscribe_page(
    State(state): State<AppState>,
    viewer: crate::web::context::Viewer,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let mut conn = state.db.get().await?;
    if crate::db::mail::preference_by_token(&mut conn, &token).await?.is_none() {
        return Err(AppError::NotFound);
    }
    Ok(render(&UnsubscribeTemplate {
        page: viewer.page(&state),
        token,
        done: false,
    }))
}

pub async fn unsubscribe(
    State(state): State<AppState>,
    viewer: crate::web::context::Viewer,
    Path(token): Path<String>,
) -> AppResult<Response> {
    crate::services::mail::unsubscribe(&state, &token).await?;
    Ok(render(&UnsubscribeTemplate {
        page: viewer.page(&state),
        token,
        done: true,
    }))
}
