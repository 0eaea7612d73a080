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
use crate::web::templates::{AccountRow, AdminAccountsTemplate, render};

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
