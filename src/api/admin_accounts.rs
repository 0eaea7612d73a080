//! The admin API for local accounts, as Mastodon shapes it: look one up, act
//! on it (`/action`: warn, sensitive, disable, silence, suspend), lift a mark
//! (`/enable`, `/unsilence`, `/unsuspend`, `/unsensitive`), purge it.

use axum::Json;
use axum::extract::{Path, State};
use diesel_async::AsyncPgConnection;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::auth::Token;
use crate::api::entities::{Account, AccountWarning, Role, timestamp};
use crate::api::params::Params;
use crate::api::views;
use crate::db::actors::{self, DbActor};
use crate::db::users;
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::Message;
use crate::services::accounts::role_of;
use crate::services::erasure;
use crate::services::moderation::{self, AccountAction, ActionInput, By, Lift};
use crate::state::AppState;

/// Mastodon's `Admin::Account`: an account as moderators see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AdminAccount {
    pub id: String,
    pub username: String,
    pub domain: Option<String>,
    pub created_at: String,
    /// `null` for accounts of other servers, as Mastodon answers.
    pub email: Option<String>,
    pub ip: Option<String>,
    pub ips: Vec<String>,
    pub locale: String,
    pub invite_request: Option<String>,
    pub role: Role,
    pub confirmed: bool,
    pub approved: bool,
    pub disabled: bool,
    pub silenced: bool,
    pub suspended: bool,
    pub sensitized: bool,
    pub account: Account,
}

pub async fn admin_account(conn: &mut AsyncPgConnection, state: &AppState, actor: &DbActor) -> AppResult<AdminAccount> {
    let user = users::find_account_by_actor(conn, actor.id).await?;
    let role = user.as_ref().map_or(crate::domain::account::Role::User, role_of);
    let marks = user.as_ref().map(|u| &u.user);
    Ok(AdminAccount {
        id: actor.id.to_string(),
        username: actor.username.clone(),
        domain: actor.domain.clone(),
        created_at: timestamp(actor.published_at),
        email: marks.map(|u| u.email.clone()),
        ip: None,
        ips: Vec::new(),
        locale: marks.and_then(|u| u.locale.clone()).unwrap_or_default(),
        invite_request: None,
        role: Role::from_role(role),
        confirmed: true,
        approved: marks.is_none_or(|u| u.approval == "approved"),
        disabled: marks.is_some_and(|u| u.disabled),
        silenced: marks.is_some_and(|u| u.silenced_at.is_some()),
        suspended: actor.deleted_at.is_some(),
        sensitized: marks.is_some_and(|u| u.sensitized_at.is_some()),
        account: views::account(state, actor),
    })
}

async fn render(state: &AppState, actor_id: i64) -> AppResult<AdminAccount> {
    let mut conn = state.db.get().await?;
    let actor = actors::find(&mut conn, actor_id).await?.ok_or(AppError::NotFound)?;
    admin_account(&mut conn, state, &actor).await
}

fn id_of(raw: &str) -> AppResult<i64> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// One account, as moderators see it.
#[utoipa::path(get, path = "/api/v1/admin/accounts/{id}", tag = "admin", params(("id" = String, Path)),
    security(("bearer" = ["admin:read:accounts"])),
    responses((status = 200, body = AdminAccount), (status = 403, description = "Not a moderator"), (status = 404, description = "No such account")))]
pub async fn show(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
) -> AppResult<Json<AdminAccount>> {
    let moderator = token.user(&["admin:read:accounts"])?;
    By::Moderator(moderator).check()?;
    Ok(Json(render(&state, id_of(&id)?).await?))
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ActionParams {
    /// `none` (a warning), `sensitive`, `disable`, `silence` or `suspend`.
    #[serde(rename = "type")]
    kind: String,
    /// The reason, sent to the account's owner.
    text: String,
    /// The report this answers: resolved with it.
    report_id: Option<String>,
    /// Accepted; presets are not kept.
    warning_preset_id: Option<String>,
    /// Accepted; the owner is always told, in the app and by e-mail.
    send_email_notification: Option<serde_json::Value>,
}

/// Acts on a local account; the owner gets a `moderation_warning` notification.
#[utoipa::path(post, path = "/api/v1/admin/accounts/{id}/action", tag = "admin", params(("id" = String, Path)),
    request_body = ActionParams, security(("bearer" = ["admin:write:accounts"])),
    responses((status = 200, description = "Done: an empty object"), (status = 403, description = "Not a moderator, or the account outranks you"),
        (status = 404, description = "No such account or report"), (status = 422, description = "An unknown type, or an account of another server")))]
pub async fn action(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
    Params(params): Params<ActionParams>,
) -> AppResult<Json<serde_json::Value>> {
    let moderator = token.user(&["admin:write:accounts"])?;
    let Some(action) = AccountAction::parse(params.kind.trim()) else {
        return Err(AppError::Validation(vec![FieldError::new(
            "type",
            "ERR_INCLUSION",
            Message::new("error-field-choice"),
        )]));
    };
    let report_id = match params.report_id.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        Some(raw) => Some(id_of(raw)?),
        None => None,
    };
    let input = ActionInput {
        action,
        text: params.text,
        report_id,
    };
    moderation::act(&state, By::Moderator(moderator), id_of(&id)?, input).await?;
    Ok(Json(serde_json::json!({})))
}

/// Lifts a mark: `enable`, `unsilence`, `unsuspend` (within 30 days) or `unsensitive`.
#[utoipa::path(post, path = "/api/v1/admin/accounts/{id}/{lift}", tag = "admin",
    params(("id" = String, Path), ("lift" = String, Path, description = "enable, unsilence, unsuspend or unsensitive")),
    security(("bearer" = ["admin:write:accounts"])),
    responses((status = 200, body = AdminAccount), (status = 404, description = "No such account or action")))]
pub async fn lift(
    State(state): State<AppState>,
    token: Token,
    Path((id, lift)): Path<(String, String)>,
) -> AppResult<Json<AdminAccount>> {
    let moderator = token.user(&["admin:write:accounts"])?;
    let lift = Lift::parse(&lift).ok_or(AppError::NotFound)?;
    let id = id_of(&id)?;
    moderation::lift(&state, By::Moderator(moderator), id, lift).await?;
    Ok(Json(render(&state, id).await?))
}

/// Purges a suspended account now, without waiting out the 30 days.
#[utoipa::path(delete, path = "/api/v1/admin/accounts/{id}", tag = "admin", params(("id" = String, Path)),
    security(("bearer" = ["admin:write:accounts"])),
    responses((status = 200, body = AdminAccount), (status = 403, description = "Not a moderator, or not suspended")))]
pub async fn purge(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
) -> AppResult<Json<AdminAccount>> {
    let moderator = token.user(&["admin:write:accounts"])?;
    let id = id_of(&id)?;
    By::Moderator(moderator).check()?;
    let before = render(&state, id).await?;
    erasure::purge(&state, By::Moderator(moderator), id).await?;
    Ok(Json(before))
}

/// Appeals awaiting a moderator, oldest first (Fucina's: Mastodon has no API for them).
#[utoipa::path(get, path = "/api/fucina/v1/admin/appeals", tag = "admin", security(("bearer" = ["admin:read:accounts"])),
    responses((status = 200, body = [AccountWarning]), (status = 403, description = "Not a moderator")))]
pub async fn appeals(State(state): State<AppState>, token: Token) -> AppResult<Json<Vec<AccountWarning>>> {
    let moderator = token.user(&["admin:read:accounts"])?;
    let pending = moderation::pending_appeals(&state, By::Moderator(moderator)).await?;
    let mut conn = state.db.get().await?;
    let ids: Vec<i64> = pending.iter().map(|w| w.target_account_id).collect();
    let targets = actors::find_many(&mut conn, &ids).await?;
    Ok(Json(
        pending
            .iter()
            .filter_map(|w| {
                let target = targets.iter().find(|a| a.id == w.target_account_id)?;
                Some(views::warning(&state, w, target))
            })
            .collect(),
    ))
}

/// Approves (lifting the mark the decision set) or rejects an appeal.
#[utoipa::path(post, path = "/api/fucina/v1/admin/appeals/{id}/{decision}", tag = "admin",
    params(("id" = String, Path), ("decision" = String, Path, description = "approve or reject")),
    security(("bearer" = ["admin:write:accounts"])),
    responses((status = 200, body = AccountWarning), (status = 404, description = "No pending appeal with that id")))]
pub async fn decide_appeal(
    State(state): State<AppState>,
    token: Token,
    Path((id, decision)): Path<(String, String)>,
) -> AppResult<Json<AccountWarning>> {
    let moderator = token.user(&["admin:write:accounts"])?;
    let approve = match decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return Err(AppError::NotFound),
    };
    let warning = moderation::decide_appeal(&state, By::Moderator(moderator), id_of(&id)?, approve).await?;
    let mut conn = state.db.get().await?;
    let target = actors::find(&mut conn, warning.target_account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(views::warning(&state, &warning, &target)))
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct RemovalParams {
    /// Why: sent to the author, who may appeal once.
    reason: String,
}

/// Removes one post or poll with a reason (Fucina's: Mastodon's admin API has none).
#[utoipa::path(post, path = "/api/fucina/v1/admin/statuses/{id}/remove", tag = "admin", params(("id" = String, Path)),
    request_body = RemovalParams, security(("bearer" = ["admin:write:statuses"])),
    responses((status = 200, description = "Removed: an empty object"), (status = 403, description = "Not a moderator"),
        (status = 404, description = "No such post")))]
pub async fn remove_status(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
    Params(params): Params<RemovalParams>,
) -> AppResult<Json<serde_json::Value>> {
    let moderator = token.user(&["admin:write:statuses"])?;
    moderation::remove_post(&state, By::Moderator(moderator), id_of(&id)?, &params.reason).await?;
    Ok(Json(serde_json::json!({})))
}
