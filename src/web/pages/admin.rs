//! The admin area: accounts and sign-up approvals.

use axum::extract::{Path, State};
use axum::response::{Redirect, Response};

use crate::db::users::{self, Account};
use crate::error::AppResult;
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
            _ => "role-user",
        }),
        approval: tr.t(match account.user.approval.as_str() {
            "pending" => "approval-pending",
            "rejected" => "approval-rejected",
            _ => "approval-approved",
        }),
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
