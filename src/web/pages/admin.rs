//! The admin area: accounts and sign-up approvals.

use axum::extract::{Path, State};
use axum::response::{Redirect, Response};

use crate::db::users::{self, Account};
use crate::error::{AppError, AppResult};
use crate::i18n::Translator;
use crate::services::accounts;
use crate::state::AppState;
use crate::web::context::{AdminViewer, CsrfForm, redirect_with_flash};
use crate::web::forms::EmptyForm;
use crate::web::templates::{
    AccountRow, AdminAccountsTemplate, AdminFederationTemplate, FormErrors, InstanceRow, LinkRow, render,
};
use crate::web::views::ThemeRow;

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
    federation_view(&state, &admin, FormErrors::default(), axum::http::StatusCode::OK).await
}

async fn federation_view(
    state: &AppState,
    admin: &crate::web::context::SignedIn,
    errors: FormErrors,
    status: axum::http::StatusCode,
) -> AppResult<Response> {
    use crate::db::federation as policy_store;
    let mut conn = state.db.get().await?;
    let figures = crate::db::deliveries::figures(&mut conn).await?;
    let instances = crate::db::deliveries::troubled_instances(&mut conn, 100).await?;
    let links = policy_store::links(&mut conn).await?;
    let hosts: Vec<String> = links.iter().map(|l| l.host.clone()).collect();
    let health = crate::db::deliveries::instances_health(&mut conn, &hosts).await?;
    let blocks = policy_store::instance_blocks(&mut conn).await?;
    let blocked_accounts = policy_store::actor_blocks(&mut conn).await?;
    let log = policy_store::instance_log(&mut conn, 50).await?;
    drop(conn);
    let mode = state.policy().await.mode.as_str();
    let tr = admin.viewer.translator();
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_else(|| tr.t("admin-never"))
    };
    let links = links
        .into_iter()
        .map(|link| {
            let instance = health.iter().find(|i| i.host == link.host);
            let link_state = link.state();
            LinkRow {
                kind_label: tr.t(&format!("admin-link-kind-{}", link.kind)),
                state: link_state.into(),
                state_label: tr.t(&format!("admin-link-state-{link_state}")),
                last_received: when(link.last_received_at),
                failures: instance.map_or(0, |i| i.consecutive_failures),
                last_delivered: when(instance.and_then(|i| i.last_success_at)),
                relay_inbox: link.relay_inbox,
                domain: link.host,
            }
        })
        .collect();
    Ok(crate::web::templates::render_with_status(
        status,
        &AdminFederationTemplate {
            page: admin.viewer.page(state),
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
            mode: mode.into(),
            links,
            blocks: blocks
                .into_iter()
                .map(|b| (b.host, tr.t(&format!("admin-block-{}", b.severity)), b.reason))
                .collect(),
            blocked_accounts: blocked_accounts.into_iter().map(|b| b.ap_id).collect(),
            log: log
                .into_iter()
                .map(|e| {
                    (
                        e.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                        e.action,
                        e.target_host.unwrap_or_default(),
                        e.reason,
                    )
                })
                .collect(),
            errors,
        },
    ))
}

/// `POST /admin/federation/{action}`: mode, link, unlink, relay, block,
/// unblock, block_account, unblock_account (administrators; logged).
pub async fn federation_action(
    data: crate::state::FedData,
    AdminViewer(admin): AdminViewer,
    Path(action): Path<String>,
    CsrfForm(form): CsrfForm<std::collections::HashMap<String, String>>,
) -> AppResult<Response> {
    use crate::domain::federation::{Mode, Severity};
    use crate::services::{links, policy};
    let field = |name: &str| form.get(name).cloned().unwrap_or_default();
    let me = Some(admin.account.actor.id);
    let result: AppResult<&'static str> = match action.as_str() {
        "mode" => match Mode::parse(&field("mode")) {
            Some(mode) => policy::set_mode(&data, me, mode)
                .await
                .map(|()| "flash-federation-mode"),
            None => Err(AppError::bad_request("error-federation-mode")),
        },
        "link" => links::link(&data, me, &field("domain"))
            .await
            .map(|_| "flash-federation-linked"),
        "relay" => links::subscribe_relay(&data, me, &field("domain"))
            .await
            .map(|_| "flash-federation-relay"),
        "unlink" => links::unlink(&data, me, &field("domain"))
            .await
            .map(|()| "flash-federation-unlinked"),
        "block" => {
            let severity = Severity::parse(&field("severity")).unwrap_or(Severity::Suspend);
            policy::block(&data, me, &field("domain"), severity, &field("reason"))
                .await
                .map(|()| "flash-federation-blocked")
        }
        "unblock" => policy::unblock(&data, me, &field("domain"))
            .await
            .map(|()| "flash-federation-unblocked"),
        "block_account" => policy::block_actor(&data, me, &field("account"), &field("reason"))
            .await
            .map(|_| "flash-federation-blocked"),
        "unblock_account" => policy::unblock_actor(&data, me, &field("account"))
            .await
            .map(|()| "flash-federation-unblocked"),
        _ => return Err(AppError::NotFound),
    };
    let tr = admin.viewer.translator();
    match result {
        Ok(flash) => Ok(redirect_with_flash("/admin/federation", flash)),
        Err(AppError::Validation(errors)) => {
            federation_view(
                &data,
                &admin,
                FormErrors::new(&errors, &tr),
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error @ (AppError::Remote(_) | AppError::Conflict(_) | AppError::NotFound | AppError::BadRequest(_))) => {
            let status = error.status();
            federation_view(
                &data,
                &admin,
                FormErrors::general(error.public_message().render(&tr)),
                status,
            )
            .await
        }
        Err(other) => Err(other),
    }
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
