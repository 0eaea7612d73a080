//! Accounts: sign-up, sign-in, password and profile changes, approvals.

use std::net::IpAddr;

use anyhow::Context;
use diesel_async::AsyncConnection;

use crate::config::RegistrationMode;
use crate::crypto;
use crate::db::users::{Account, NewUser};
use crate::db::{self, actors, users};
use crate::domain::account::{Approval, Email, NewPassword, Role, Username, parse_display_name, parse_note};
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::{Language, Message};
use crate::services::limits::{self, Action, Subject};
use crate::services::local_actors::{self, LocalActor};
use crate::state::AppState;

/// What someone fills in to sign up.
#[derive(Debug, Clone, Default)]
pub struct SignUp {
    pub username: String,
    pub email: String,
    pub password: String,
    pub locale: Option<Language>,
    /// Why they want to join: read by administrators when sign-ups need approval.
    pub reason: String,
    /// They accepted the terms and the privacy policy (required of visitors).
    pub accepted_terms: bool,
}

/// Who is creating the account: the public (registration mode applies) or an
/// administrator (always allowed, approved at once, may be given a role).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreatedBy {
    /// Someone signing up, from this address (sign-ups are limited per address).
    Visitor(IpAddr),
    Administrator(Role),
}

/// Creates an account: validates every field (reporting all problems at once),
/// generates the actor's RSA key pair and stores user and actor in one transaction.
pub async fn register(state: &AppState, input: SignUp, created_by: CreatedBy) -> AppResult<Account> {
    let registration = &state.config.registration;
    let role = match created_by {
        CreatedBy::Visitor(_) if registration.mode == RegistrationMode::Closed => {
            return Err(AppError::forbidden("error-registration-closed"));
        }
        CreatedBy::Visitor(ip) => {
            limits::hit(state, Action::SignUp, Subject::Address(ip)).await?;
            Role::User
        }
        CreatedBy::Administrator(role) => role,
    };
    let approval = match (created_by, registration.mode) {
        (CreatedBy::Visitor(_), RegistrationMode::Approval) => Approval::Pending,
        _ => Approval::Approved,
    };

    let mut errors = Vec::new();
    let username = Username::parse(&input.username).map_err(|e| errors.push(e)).ok();
    let email = Email::parse(&input.email).map_err(|e| errors.push(e)).ok();
    let password = NewPassword::parse(&input.password, registration.min_password_length)
        .map_err(|e| errors.push(e))
        .ok();
    if matches!(created_by, CreatedBy::Visitor(_)) && !input.accepted_terms {
        errors.push(FieldError::new(
            "agreement",
            "ERR_ACCEPTED",
            Message::new("error-agreement-required"),
        ));
    }
    if input.reason.chars().count() > 1000 {
        errors.push(FieldError::new(
            "reason",
            "ERR_TOO_LONG",
            Message::new("error-reason-too-long"),
        ));
    }

    let mut conn = state.db.get().await?;
    if let Some(username) = &username
        && actors::find_local_by_username(&mut conn, username.as_str())
            .await?
            .is_some()
    {
        errors.push(username_taken());
    }
    if let Some(email) = &email
        && users::find_account_by_login(&mut conn, email.as_str()).await?.is_some()
    {
        errors.push(email_taken());
    }
    let (Some(username), Some(email), Some(password), true) = (username, email, password, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };

    let (keys, password_hash) = tokio::try_join!(
        crypto::generate_key_pair(),
        crypto::hash_password(password.expose().to_owned()),
    )?;
    let urls = state.urls();
    let ap_id = urls.person(username.as_str());
    let profile = urls.profile_page(username.as_str());

    let result = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            let person = LocalActor {
                actor_type: "Person",
                username: username.as_str(),
                display_name: "",
                ap_id: &ap_id,
                url: &profile,
            };
            let actor = local_actors::insert(conn, &urls, person, &keys).await?;
            let user = users::insert(
                conn,
                &NewUser {
                    actor_id: actor.id,
                    email: email.as_str(),
                    password_hash: &password_hash,
                    role: role.as_str(),
                    approval: approval.as_str(),
                    sign_up_reason: input.reason.trim(),
                    locale: input.locale.map(Language::code),
                    terms_accepted_at: input.accepted_terms.then(chrono::Utc::now),
                },
            )
            .await?;
            Ok(Account { user, actor })
        })
        .await;

    match result {
        Ok(account) => {
            tracing::info!(
                user_id = account.user.id,
                approval = approval.as_str(),
                "account created"
            );
            Ok(account)
        }
        // Someone took the name or address between our check and our insert.
        Err(error) => match db::unique_violation(&error) {
            Some("actors_handle_key") => Err(AppError::Validation(vec![username_taken()])),
            Some("users_email_key") => Err(AppError::Validation(vec![email_taken()])),
            _ => Err(error.into()),
        },
    }
}

fn username_taken() -> FieldError {
    FieldError::new("username", "ERR_TAKEN", Message::new("error-username-taken"))
}

fn email_taken() -> FieldError {
    FieldError::new("email", "ERR_TAKEN", Message::new("error-email-taken"))
}

/// Checks a login (username or e-mail) and password, from the address `ip`.
/// Unknown names cost as much time as wrong passwords. Attempts are limited
/// per address, and wrong passwords per address and login together: a
/// stranger guessing is stopped, and the owner, elsewhere, is not.
pub async fn authenticate(state: &AppState, ip: IpAddr, login: &str, password: &str, door: Door) -> AppResult<Account> {
    let key = login.trim().to_lowercase();
    let pair = Subject::AddressAndAccount(ip, &key);
    limits::check(state, Action::WrongPassword, pair).await?;
    limits::hit(state, Action::LoginFromAddress, Subject::Address(ip)).await?;
    let mut conn = state.db.get().await?;
    let account = users::find_account_by_login(&mut conn, &key).await?;
    let hash = account
        .as_ref()
        .map_or(crypto::DUMMY_PASSWORD_HASH.to_owned(), |a| a.user.password_hash.clone());
    let matches = crypto::verify_password(password.to_owned(), hash).await?;
    let Some(account) = account.filter(|_| matches) else {
        limits::hit(state, Action::WrongPassword, pair).await.ok();
        return Err(AppError::unauthorized("error-login-invalid"));
    };
    limits::forget(state, Action::WrongPassword, pair).await?;
    if let Some(refusal) = sign_in_refusal(&account, door) {
        return Err(AppError::forbidden(refusal));
    }
    users::touch_sign_in(&mut conn, account.user.id).await?;
    Ok(account)
}

/// Where someone signs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    /// The web pages: a suspended account may come in, to read why, appeal,
    /// take its data or delete itself, and nothing else (`Account::is_restricted`).
    Pages,
    /// An app (a token): only accounts in good standing.
    App,
}

/// Why an account whose password is right may still not sign in: it awaits
/// approval, was rejected, suspended or disabled.
pub fn sign_in_refusal(account: &Account, door: Door) -> Option<&'static str> {
    match Approval::parse(&account.user.approval) {
        Some(Approval::Approved) => {}
        Some(Approval::Pending) => return Some("error-account-pending"),
        _ => return Some("error-account-rejected"),
    }
    if account.user.suspended_at.is_some() && door == Door::App {
        Some("error-account-suspended")
    } else if account.user.disabled {
        Some("error-account-disabled")
    } else {
        None
    }
}

/// What stays signed in when a password changes: the session or the token
/// the change was made with.
#[derive(Debug, Clone, Copy, Default)]
pub struct KeepSignedIn<'a> {
    pub session_hash: Option<&'a str>,
    pub token_id: Option<i64>,
}

/// Changes a password after checking the current one; ends the user's other
/// browser sessions and revokes every app's token but the one in use: whoever
/// knew the old password is signed out everywhere.
pub async fn change_password(
    state: &AppState,
    account: &Account,
    current: &str,
    new: &str,
    keep: KeepSignedIn<'_>,
) -> AppResult<()> {
    let mut errors = Vec::new();
    let current_ok = crypto::verify_password(current.to_owned(), account.user.password_hash.clone()).await?;
    if !current_ok {
        errors.push(FieldError::new(
            "current_password",
            "ERR_INVALID",
            Message::new("error-current-password-wrong"),
        ));
    }
    let new = NewPassword::parse(new, state.config.registration.min_password_length)
        .map_err(|e| errors.push(e))
        .ok();
    let Some(new) = new.filter(|_| errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let hash = crypto::hash_password(new.expose().to_owned()).await?;
    let mut conn = state.db.get().await?;
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        users::set_password_hash(conn, account.user.id, &hash).await?;
        db::sessions::delete_all_for_user(conn, account.user.id, keep.session_hash).await?;
        db::oauth::revoke_all_for_user(conn, account.user.id, keep.token_id).await?;
        Ok(())
    })
    .await?;
    tracing::info!(user_id = account.user.id, "password changed");
    Ok(())
}

/// How long a mailed password-reset link works.
const RESET_LIFETIME_MINUTES: i64 = 60;

/// "Forgot your password?": mails a one-time link to the account with this
/// address, if there is one. The answer is the same either way, so the form
/// tells no one which addresses have accounts. Limited per address asking
/// and per account.
pub async fn request_password_reset(state: &AppState, ip: IpAddr, email: &str, fallback: Language) -> AppResult<()> {
    limits::hit(state, Action::PasswordResetFromAddress, Subject::Address(ip)).await?;
    let email = email.trim().to_lowercase();
    let mut conn = state.db.get().await?;
    let Some(account) = users::find_account_by_login(&mut conn, &email)
        .await?
        .filter(|a| a.user.email.eq_ignore_ascii_case(&email))
    else {
        return Ok(());
    };
    drop(conn);
    if limits::hit(
        state,
        Action::PasswordResetForAccount,
        Subject::Account(account.user.id),
    )
    .await
    .is_err()
    {
        // Enough mails are on their way to that address; say nothing more.
        return Ok(());
    }
    let token = crypto::random_token();
    let expires = chrono::Utc::now() + chrono::Duration::minutes(RESET_LIFETIME_MINUTES);
    let mut conn = state.db.get().await?;
    users::insert_password_reset(&mut conn, account.user.id, &crypto::sha256_hex(&token), expires).await?;
    drop(conn);
    let tr = language_of(&account).unwrap_or(fallback).translator();
    let mail = crate::services::mail::Personal {
        title: tr.t("password-reset-title"),
        body: Message::new("password-reset-mail-body")
            .with("minutes", RESET_LIFETIME_MINUTES.to_string())
            .render(&tr),
        link: state.urls().absolute(&format!("/password/reset/{token}")),
        button: tr.t("password-reset-mail-button"),
        last_word: Some(tr.t("password-reset-mail-ignore")),
    };
    if let Err(error) = crate::services::mail::send_personal(state, &account, &tr, mail).await {
        tracing::warn!(error = format!("{error:#}"), "a password-reset mail could not be sent");
        return Err(AppError::Unavailable(Message::new("error-mail-unavailable")));
    }
    Ok(())
}

/// Whether a mailed reset link still works.
pub async fn password_reset_is_live(state: &AppState, token: &str) -> AppResult<bool> {
    let mut conn = state.db.get().await?;
    Ok(users::password_reset_is_live(&mut conn, &crypto::sha256_hex(token)).await?)
}

/// Sets a new password with a mailed link (which then works no more), and
/// signs the person out everywhere: every session, every app's token.
pub async fn reset_password(state: &AppState, token: &str, new: &str) -> AppResult<Account> {
    let new = NewPassword::parse(new, state.config.registration.min_password_length)
        .map_err(|e| AppError::Validation(vec![e]))?;
    let hash = crypto::hash_password(new.expose().to_owned()).await?;
    let mut conn = state.db.get().await?;
    let user_id = conn
        .transaction::<_, AppError, _>(async |conn| {
            let user_id = users::take_password_reset(conn, &crypto::sha256_hex(token))
                .await?
                .ok_or(AppError::NotFound)?;
            users::set_password_hash(conn, user_id, &hash).await?;
            db::sessions::delete_all_for_user(conn, user_id, None).await?;
            db::oauth::revoke_all_for_user(conn, user_id, None).await?;
            Ok(user_id)
        })
        .await?;
    tracing::info!(user_id, "password reset");
    users::find_account(&mut conn, user_id).await?.ok_or(AppError::NotFound)
}

/// The profile fields a user edits in settings or through `update_credentials`.
#[derive(Debug, Clone, Default)]
pub struct ProfileChanges {
    pub display_name: Option<String>,
    pub note: Option<String>,
    /// `Some(None)` clears the preference and lets the browser decide.
    pub locale: Option<Option<Language>>,
    pub organisation: Option<String>,
    pub role: Option<String>,
    pub skills: Option<String>,
    pub website: Option<String>,
    /// Approve followers by hand.
    pub locked: Option<bool>,
    /// Hide the lists of followers and followed accounts (their counts stay).
    pub hide_collections: Option<bool>,
    /// Listed in directories and suggested to others (people search, the
    /// directory of innovators, matchmaking, linked instances).
    pub discoverable: Option<bool>,
}

/// A short profile text: trimmed, at most `max` characters.
fn short_text(
    field: &'static str,
    value: Option<&str>,
    current: &str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> String {
    let Some(value) = value else {
        return current.to_owned();
    };
    let value = value.trim();
    if value.chars().count() > max || value.chars().any(char::is_control) {
        errors.push(FieldError::new(
            field,
            "ERR_TOO_LONG",
            Message::new("error-field-too-long").with("max", max.to_string()),
        ));
    }
    value.to_owned()
}

pub async fn update_profile(state: &AppState, account: &Account, changes: ProfileChanges) -> AppResult<Account> {
    let mut errors = Vec::new();
    let display_name = match &changes.display_name {
        Some(name) => parse_display_name(name).map_err(|e| errors.push(e)).ok(),
        None => Some(account.actor.display_name.clone()),
    };
    let note = match &changes.note {
        Some(note) => parse_note(note).map_err(|e| errors.push(e)).ok(),
        None => Some(account.actor.summary_source.clone()),
    };
    let current = &account.actor;
    let organisation = short_text(
        "organisation",
        changes.organisation.as_deref(),
        &current.organisation,
        200,
        &mut errors,
    );
    let role = short_text("role", changes.role.as_deref(), &current.role_title, 200, &mut errors);
    let skills = short_text("skills", changes.skills.as_deref(), &current.skills, 500, &mut errors);
    let website = short_text(
        "website",
        changes.website.as_deref(),
        &current.website,
        300,
        &mut errors,
    );
    if !website.is_empty()
        && url::Url::parse(&website)
            .map(|u| !matches!(u.scheme(), "http" | "https"))
            .unwrap_or(true)
    {
        errors.push(FieldError::new(
            "website",
            "ERR_INVALID",
            Message::new("error-website-invalid"),
        ));
    }
    let (Some(display_name), Some(note), true) = (display_name, note, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let note_html = crate::domain::text::plain_to_html(&note);
    let locked = changes.locked.unwrap_or(current.manually_approves_followers);
    let hide_collections = changes.hide_collections.unwrap_or(current.hide_collections);
    let discoverable = changes.discoverable.unwrap_or(current.discoverable);
    let mut conn = state.db.get().await?;
    let updated = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            let fields = actors::ActorChanges {
                display_name: Some(&display_name),
                summary_source: Some(&note),
                summary: Some(&note_html),
                organisation: Some(&organisation),
                role_title: Some(&role),
                skills: Some(&skills),
                website: Some(&website),
                manually_approves_followers: Some(locked),
                hide_collections: Some(hide_collections),
                discoverable: Some(discoverable),
                ..actors::ActorChanges::default()
            };
            let actor = actors::change(conn, account.actor.id, &fields).await?;
            // Followers' servers keep a copy of the profile: send them the new one.
            let person = crate::activitypub::objects::actor::person_document(conn, state, &actor).await?;
            crate::services::outbox::send_profile_update(conn, state, &actor, person).await?;
            if let Some(locale) = changes.locale {
                users::set_locale(conn, account.user.id, locale.map(Language::code)).await?;
            }
            Ok(actor)
        })
        .await?;
    crate::activitypub::delivery::wake(state);
    let user = users::find_account(&mut conn, account.user.id)
        .await?
        .map(|a| a.user)
        .context("the user vanished during an update")?;
    Ok(Account { user, actor: updated })
}

/// Sets the language of a signed-in user (from the language switcher).
pub async fn set_language(state: &AppState, account: &Account, language: Language) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    users::set_locale(&mut conn, account.user.id, Some(language.code())).await?;
    Ok(())
}

/// Approves or rejects a pending sign-up.
/// Gives a local account a role (user, facilitator, moderator, admin).
pub async fn set_role(state: &AppState, user_id: i64, role: Role) -> AppResult<Account> {
    let mut conn = state.db.get().await?;
    users::find_account(&mut conn, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    users::set_role(&mut conn, user_id, role.as_str()).await?;
    users::find_account(&mut conn, user_id).await?.ok_or(AppError::NotFound)
}

pub async fn decide_approval(state: &AppState, user_id: i64, approve: bool) -> AppResult<Account> {
    let mut conn = state.db.get().await?;
    let account = users::find_account(&mut conn, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let decision = if approve {
        Approval::Approved
    } else {
        Approval::Rejected
    };
    users::set_approval(&mut conn, user_id, decision.as_str()).await?;
    tracing::info!(user_id, decision = decision.as_str(), "sign-up decided");
    let mut account = account;
    account.user.approval = decision.as_str().to_owned();
    Ok(account)
}

/// A user's role, read leniently: an unknown value grants nothing.
pub fn role_of(account: &Account) -> Role {
    Role::parse(&account.user.role).unwrap_or(Role::User)
}

/// The user's chosen language, if they chose one.
pub fn language_of(account: &Account) -> Option<Language> {
    account.user.locale.as_deref().and_then(Language::from_code)
}
