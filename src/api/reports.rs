//! Reports from apps (`POST /api/v1/reports`) and the moderation queue of the
//! admin API (`/api/v1/admin/reports`), as Mastodon shapes them.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::admin_accounts::{AdminAccount, admin_account};
use crate::api::auth::Token;
use crate::api::entities::{Account, Status, timestamp};
use crate::api::instance::Rule;
use crate::api::pagination::{PageParams, paginated};
use crate::api::params::{Params, lenient};
use crate::api::views;
use crate::db::actors;
use crate::db::reports::DbReport;
use crate::db::statuses as status_rows;
use crate::error::{AppError, AppResult};
use crate::services::reports::{self as report_service, Handling, ReportInput};
use crate::state::AppState;

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ReportParams {
    /// The reported account.
    account_id: String,
    /// Posts of that account that show the problem.
    #[serde(deserialize_with = "lenient::string_or_list")]
    status_ids: Vec<String>,
    /// Up to 1,000 characters.
    comment: String,
    /// `spam`, `legal`, `violation` or `other`.
    category: String,
    /// Instance rules broken (with the category `violation`).
    #[serde(deserialize_with = "lenient::string_or_list")]
    rule_ids: Vec<String>,
    /// Also send it, anonymously, to the account's server.
    #[serde(deserialize_with = "lenient::opt_bool")]
    forward: Option<bool>,
}

/// What every shape of a report says of it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportSummary {
    pub id: String,
    /// Whether a moderator resolved it.
    pub action_taken: bool,
    pub action_taken_at: Option<String>,
    pub category: String,
    pub comment: String,
    /// Whether it was passed on to the reported account's server.
    pub forwarded: bool,
    pub created_at: String,
}

impl ReportSummary {
    fn of(report: &DbReport) -> Self {
        Self {
            id: report.id.to_string(),
            action_taken: report.resolved_at.is_some(),
            action_taken_at: report.resolved_at.map(timestamp),
            category: report.category.clone(),
            comment: report.comment.clone(),
            forwarded: report.forwarded,
            created_at: timestamp(report.created_at),
        }
    }
}

/// A report, as its reporter sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Report {
    #[serde(flatten)]
    pub summary: ReportSummary,
    pub status_ids: Vec<String>,
    pub rule_ids: Vec<String>,
    pub target_account: Account,
}

fn entity(report: &DbReport, target_account: Account) -> Report {
    Report {
        summary: ReportSummary::of(report),
        status_ids: report.status_ids.iter().map(i64::to_string).collect(),
        rule_ids: report.rule_ids.iter().map(i64::to_string).collect(),
        target_account,
    }
}

/// Reports an account, and posts of it, to this instance's moderators (and,
/// with `forward`, to its own server, without naming the reporter).
#[utoipa::path(post, path = "/api/v1/reports", tag = "reports", request_body = ReportParams,
    security(("bearer" = ["write:reports"])),
    responses((status = 200, body = Report), (status = 404, description = "No such account"),
        (status = 422, description = "An unknown category, too long a comment, posts not of that account")))]
pub async fn create(
    State(state): State<AppState>,
    token: Token,
    Params(params): Params<ReportParams>,
) -> AppResult<Json<Report>> {
    let reporter = token.user(&["write:reports"])?;
    let target_id = params.account_id.parse().map_err(|_| AppError::NotFound)?;
    // An unreadable id is no post of that account: the service refuses it with the reason.
    let status_ids = params.status_ids.iter().map(|id| id.parse().unwrap_or(0)).collect();
    let input = ReportInput {
        target_id,
        status_ids,
        comment: params.comment,
        category: params.category,
        forward: params.forward.unwrap_or(false),
        rule_ids: params.rule_ids.iter().map(|id| id.parse().unwrap_or(0)).collect(),
    };
    let report = report_service::file(&state, reporter, input).await?;
    let mut conn = state.db.get().await?;
    let target = actors::find(&mut conn, report.target_account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(entity(&report, views::account(&state, &target))))
}

/// Mastodon's `Admin::Report`: a report in the moderation queue.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AdminReport {
    #[serde(flatten)]
    pub summary: ReportSummary,
    pub updated_at: String,
    /// Who reported it: a person here, or the server that sent the Flag.
    pub account: AdminAccount,
    pub target_account: AdminAccount,
    pub assigned_account: Option<AdminAccount>,
    pub action_taken_by_account: Option<AdminAccount>,
    /// The reported posts as they are now (those still here).
    pub statuses: Vec<Status>,
    pub rules: Vec<Rule>,
    /// The reported posts as they were when reported (Fucina's addition).
    pub snapshot: serde_json::Value,
    /// Moderators' notes, oldest first (Fucina's addition).
    pub notes: Vec<ReportNote>,
    /// What moderators did to the account and posts since the report, and to
    /// the report, from the moderation log, oldest first (Fucina's addition).
    pub history: Vec<ReportStep>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportNote {
    pub id: String,
    /// The moderator who wrote it (`null` once their account is gone).
    pub author: Option<String>,
    pub text: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportStep {
    pub action: String,
    /// Who took it (`null`: the console, or an account now gone).
    pub by: Option<String>,
    pub reason: String,
    pub created_at: String,
}

async fn admin_account_by_id(
    conn: &mut diesel_async::AsyncPgConnection,
    state: &AppState,
    id: Option<i64>,
) -> AppResult<Option<AdminAccount>> {
    match id {
        Some(id) => match actors::find(conn, id).await? {
            Some(actor) => Ok(Some(admin_account(conn, state, &actor).await?)),
            None => Ok(None),
        },
        None => Ok(None),
    }
}

/// The rules a report names, in the instance's language.
async fn report_rules(state: &AppState, report: &DbReport) -> AppResult<Vec<Rule>> {
    let language = state.config.i18n.default_language;
    Ok(crate::services::rules::list(state)
        .await?
        .iter()
        .filter(|r| report.rule_ids.contains(&r.id))
        .map(|r| Rule::of(r, language))
        .collect())
}

async fn admin_entity(state: &AppState, viewer: i64, report: &DbReport) -> AppResult<AdminReport> {
    let mut conn = state.db.get().await?;
    let target = admin_account_by_id(&mut conn, state, Some(report.target_account_id))
        .await?
        .ok_or(AppError::NotFound)?;
    // A reporter whose account is gone shows as this instance, never as the reported account.
    let account = match admin_account_by_id(&mut conn, state, report.reporter_id).await? {
        Some(account) => account,
        None => {
            let ours = crate::services::instance::ensure_instance_actor(state).await?;
            admin_account(&mut conn, state, &ours).await?
        }
    };
    let posts = status_rows::find_many_live(&mut conn, &report.status_ids).await?;
    let notes = crate::db::reports::notes_of(&mut conn, &[report.id]).await?;
    let history = crate::db::reports::history(&mut conn, report).await?;
    let mut people: Vec<i64> = notes.iter().filter_map(|n| n.author_id).collect();
    people.extend(history.iter().filter_map(|h| h.moderator_id));
    let people = actors::find_many(&mut conn, &people).await?;
    let acct = |id: Option<i64>| id.and_then(|id| people.iter().find(|a| a.id == id)).map(|a| a.acct());
    Ok(AdminReport {
        summary: ReportSummary::of(report),
        updated_at: timestamp(report.updated_at),
        account,
        target_account: target,
        assigned_account: admin_account_by_id(&mut conn, state, report.assigned_account_id).await?,
        action_taken_by_account: admin_account_by_id(&mut conn, state, report.action_taken_by_account_id).await?,
        statuses: views::statuses(&mut conn, state, Some(viewer), posts).await?,
        rules: report_rules(state, report).await?,
        snapshot: report.snapshot.clone(),
        notes: notes
            .iter()
            .map(|n| ReportNote {
                id: n.id.to_string(),
                author: acct(n.author_id),
                text: n.text.clone(),
                created_at: timestamp(n.created_at),
            })
            .collect(),
        history: history
            .iter()
            .map(|h| ReportStep {
                action: h.action.clone(),
                by: acct(h.moderator_id),
                reason: h.reason.clone(),
                created_at: timestamp(h.created_at),
            })
            .collect(),
    })
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct NoteParams {
    text: String,
}

/// Writes a note on a report, for the other moderators (Fucina's addition).
#[utoipa::path(post, path = "/api/fucina/v1/admin/reports/{id}/notes", tag = "admin", params(("id" = String, Path)),
    request_body = NoteParams, security(("bearer" = ["admin:write:reports"])),
    responses((status = 200, body = AdminReport), (status = 422, description = "Blank or too long"), (status = 404, description = "No such report")))]
pub async fn add_note(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
    Params(params): Params<NoteParams>,
) -> AppResult<Json<AdminReport>> {
    let moderator = token.user(&["admin:write:reports"])?;
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    report_service::add_note(&state, moderator, id, &params.text).await?;
    let report = report_service::find(&state, moderator, id).await?;
    Ok(Json(admin_entity(&state, moderator.actor.id, &report).await?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct QueueQuery {
    #[serde(flatten)]
    page: PageParams,
    #[serde(deserialize_with = "lenient::opt_bool")]
    resolved: Option<bool>,
}

/// The moderation queue: open reports (or, with `resolved=true`, closed ones), newest first.
#[utoipa::path(get, path = "/api/v1/admin/reports", tag = "admin", security(("bearer" = ["admin:read:reports"])),
    responses((status = 200, body = [AdminReport]), (status = 403, description = "Not a moderator")))]
pub async fn queue(
    State(state): State<AppState>,
    token: Token,
    uri: Uri,
    Query(query): Query<QueueQuery>,
) -> AppResult<Response> {
    let moderator = token.user(&["admin:read:reports"])?;
    let limit = query.page.limit.unwrap_or(100).clamp(1, 200);
    let rows = report_service::queue(
        &state,
        moderator,
        query.resolved.unwrap_or(false),
        query.page.max_id,
        limit,
    )
    .await?;
    let mut entities = Vec::with_capacity(rows.len());
    for report in &rows {
        entities.push(admin_entity(&state, moderator.actor.id, report).await?);
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    Ok(paginated(entities, &ids, &uri, state.config.server.base_url.as_str()))
}

/// One report.
#[utoipa::path(get, path = "/api/v1/admin/reports/{id}", tag = "admin", params(("id" = String, Path)),
    security(("bearer" = ["admin:read:reports"])), responses((status = 200, body = AdminReport), (status = 404, description = "No such report")))]
pub async fn show(State(state): State<AppState>, token: Token, Path(id): Path<String>) -> AppResult<Json<AdminReport>> {
    let moderator = token.user(&["admin:read:reports"])?;
    let report = report_service::find(&state, moderator, id.parse().map_err(|_| AppError::NotFound)?).await?;
    Ok(Json(admin_entity(&state, moderator.actor.id, &report).await?))
}

/// Resolves, reopens or takes a report (`/resolve`, `/reopen`, `/assign_to_self`).
#[utoipa::path(post, path = "/api/v1/admin/reports/{id}/{action}", tag = "admin",
    params(("id" = String, Path), ("action" = String, Path, description = "resolve, reopen or assign_to_self")),
    security(("bearer" = ["admin:write:reports"])), responses((status = 200, body = AdminReport), (status = 404, description = "No such report or action")))]
pub async fn handle(
    State(state): State<AppState>,
    token: Token,
    Path((id, action)): Path<(String, String)>,
) -> AppResult<Json<AdminReport>> {
    let moderator = token.user(&["admin:write:reports"])?;
    let handling = match action.as_str() {
        "resolve" => Handling::Resolve,
        "reopen" => Handling::Reopen,
        "assign_to_self" => Handling::AssignToSelf,
        _ => return Err(AppError::NotFound),
    };
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    let report = report_service::handle(&state, moderator, id, handling).await?;
    Ok(Json(admin_entity(&state, moderator.actor.id, &report).await?))
}
