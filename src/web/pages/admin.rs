//! The admin area: accounts and sign-up approvals.

use axum::extract::{Path, State};
use axum::response::{Redirect, Response};

use crate::db::users::{self, Account};
use crate::error::{AppError, AppResult};
use crate::i18n::Translator;
use crate::services::accounts;
use crate::state::AppState;
use crate::web::context::{AdminViewer, CsrfForm, redirect_with_flash};
use crate::web::pages::auth::EmptyForm;
use crate::web::templates::{AccountRow, AdminAccountsTemplate, AdminFederationTemplate, InstanceRow, render};

pub async fn index() -> Redirect {
    Redirect::to("/admin/accounts")
}

fn row(account: &Account, tr: &Translator) -> AccountRow {
    AccountRow {
        id: account.user.id,
        username: account.actor.username.clone(),
        email: account.user.email.clone(),
        role: tr.t(match account.user.role.as_str() {
            "admin" => "role-admin",
            "moderator" => "role-moderator",
            "facilitator" => "role-facilitator",
            _ => "role-user",
        }),
        approval: tr.t(match account.user.approval.as_str() {
            "pending" => "approval-pending",
            "rejected" => "approval-rejected",
            _ => "approval-approved",
        }),
        role_key: account.user.role.clone(),
        reason: account.user.sign_up_reason.clone(),
        created_at: account.user.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

pub async fn accounts_page(State(state): State<AppState>, AdminViewer(admin): AdminViewer) -> AppResult<Response> {
    let mut conn = state.db.get().await?;
    let all = users::list_accounts(&mut conn, None).await?;
    let tr = admin.viewer.translator();
    Ok(render(&AdminAccountsTemplate {
        page: admin.viewer.page(&state),
        section: "accounts",
        pending: all
            .iter()
            .filter(|a| a.user.approval == "pending")
            .map(|a| row(a, &tr))
            .collect(),
        all: all.iter().map(|a| row(a, &tr)).collect(),
        roles: [
            ("user", "role-user"),
            ("facilitator", "role-facilitator"),
            ("moderator", "role-moderator"),
            ("admin", "role-admin"),
        ]
        .into_iter()
        .map(|(value, key)| (value, tr.t(key)))
        .collect(),
    }))
}

pub async fn approve(
    State(state): State<AppState>,
    AdminViewer(_): AdminViewer,
    Path(user_id): Path<i64>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    accounts::decide_approval(&state, user_id, true).await?;
    Ok(redirect_with_flash("/admin/accounts", "flash-account-approved"))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct RoleForm {
    role: String,
}

/// Gives an account a role (facilitators validate proposals).
pub async fn set_role(
    State(state): State<AppState>,
    AdminViewer(_): AdminViewer,
    Path(user_id): Path<i64>,
    CsrfForm(form): CsrfForm<RoleForm>,
) -> AppResult<Response> {
    let role =
        crate::domain::account::Role::parse(&form.role).ok_or_else(|| AppError::bad_request("error-role-unknown"))?;
    accounts::set_role(&state, user_id, role).await?;
    Ok(redirect_with_flash("/admin/accounts", "flash-role-changed"))
}

pub async fn reject(
    State(state): State<AppState>,
    AdminViewer(_): AdminViewer,
    Path(user_id): Path<i64>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    accounts::decide_approval(&state, user_id, false).await?;
    Ok(redirect_with_flash("/admin/accounts", "flash-account-rejected"))
}

/// Delivery queue health and the servers it struggles with.
pub async fn federation_page(State(state): State<AppState>, AdminViewer(admin): AdminViewer) -> AppResult<Response> {
    let mut conn = state.db.get().await?;
    let figures = crate::db::deliveries::figures(&mut conn).await?;
    let instances = crate::db::deliveries::troubled_instances(&mut conn, 100).await?;
    let tr = admin.viewer.translator();
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_else(|| tr.t("admin-never"))
    };
    Ok(render(&AdminFederationTemplate {
        page: admin.viewer.page(&state),
        section: "federation",
        pending: figures.pending,
        due: figures.due,
        dead: figures.dead,
        paused: figures.paused_instances,
        oldest: when(figures.oldest_pending),
        instances: instances
            .into_iter()
            .map(|i| InstanceRow {
                host: i.host,
                failures: i.consecutive_failures,
                pending: i.pending,
                paused_until: when(i.paused_until.filter(|t| *t > chrono::Utc::now())),
                last_success: when(i.last_success_at),
            })
            .collect(),
    }))
}

/// A theme on the admin page, with its texts in every language.
pub struct ThemeRow {
    pub id: i64,
    pub key: String,
    pub acct: String,
    pub retired: bool,
    pub members: i64,
    /// Language code, language name, name, description.
    pub texts: Vec<(&'static str, &'static str, String, String)>,
}

async fn themes_page(
    state: &AppState,
    admin: &crate::web::context::SignedIn,
    errors: crate::web::templates::FormErrors,
    status: axum::http::StatusCode,
) -> AppResult<Response> {
    use crate::domain::group::{GroupKind, Translations};
    use crate::i18n::Language;
    let mut conn = state.db.get().await?;
    let groups = crate::db::groups::list_local(&mut conn, true, true).await?;
    let themes = groups
        .iter()
        .filter(|g| g.group.kind == GroupKind::Theme.as_str())
        .map(|g| {
            let names = Translations::from_json(&g.group.names);
            let descriptions = Translations::from_json(&g.group.descriptions);
            ThemeRow {
                id: g.actor.id,
                key: g.group.theme_key.clone().unwrap_or_default(),
                acct: g.actor.acct(),
                retired: g.group.retired_at.is_some(),
                members: g.actor.followers_count,
                texts: Language::ALL
                    .iter()
                    .map(|l| {
                        (
                            l.code(),
                            l.native_name(),
                            names.0.get(l.code()).cloned().unwrap_or_default(),
                            descriptions.0.get(l.code()).cloned().unwrap_or_default(),
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(crate::web::templates::render_with_status(
        status,
        &crate::web::templates::AdminThemesTemplate {
            page: admin.viewer.page(state),
            section: "themes",
            errors,
            themes,
            languages: Language::ALL.iter().map(|l| (l.code(), l.native_name())).collect(),
        },
    ))
}

/// `/admin/themes`: rename, translate, retire and add themes.
pub async fn themes(State(state): State<AppState>, AdminViewer(admin): AdminViewer) -> AppResult<Response> {
    themes_page(&state, &admin, Default::default(), axum::http::StatusCode::OK).await
}

/// Texts in several languages, as a form gives them.
type TextsByLanguage = Vec<(crate::i18n::Language, String)>;

/// Names and descriptions per language, from `name_<code>` and `description_<code>` fields.
fn texts_of(form: &std::collections::HashMap<String, String>) -> (TextsByLanguage, TextsByLanguage) {
    let pick = |prefix: &str| {
        crate::i18n::Language::ALL
            .iter()
            .filter_map(|l| form.get(&format!("{prefix}_{}", l.code())).map(|v| (*l, v.clone())))
            .collect()
    };
    (pick("name"), pick("description"))
}

/// The forms of the themes page: `new`, or `{id}/texts`, `{id}/retire`, `{id}/restore`.
pub async fn theme_action(
    State(state): State<AppState>,
    AdminViewer(admin): AdminViewer,
    Path(action): Path<String>,
    CsrfForm(form): CsrfForm<std::collections::HashMap<String, String>>,
) -> AppResult<Response> {
    use crate::error::AppError;
    use crate::services::groups as group_service;
    let result = match action.split_once('/') {
        None if action == "new" => {
            let (names, _) = texts_of(&form);
            let key = form.get("key").cloned().unwrap_or_default();
            group_service::create_theme(&state, &admin.account, &key, names)
                .await
                .map(drop)
        }
        Some((id, what)) => {
            let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
            match what {
                "texts" => {
                    let (names, descriptions) = texts_of(&form);
                    group_service::set_theme_texts(&state, &admin.account, id, names, descriptions)
                        .await
                        .map(drop)
                }
                "retire" | "restore" => {
                    group_service::set_theme_retired(&state, &admin.account.actor, id, what == "retire").await
                }
                _ => return Err(AppError::NotFound),
            }
        }
        None => return Err(AppError::NotFound),
    };
    match result {
        Ok(()) => Ok(redirect_with_flash("/admin/themes", "flash-group-saved")),
        Err(AppError::Validation(errors)) => {
            let errors = crate::web::templates::FormErrors::new(&errors, &admin.viewer.translator());
            themes_page(&state, &admin, errors, axum::http::StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => Err(other),
    }
}
