//! Fucina's federation endpoints: the "From linked instances" timeline, the
//! public directory of linked instances, and the administrators' federation
//! policy (mode, links, relays, blocks, theme mappings, moderation log).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::auth::{MaybeToken, Token};
use crate::api::entities::timestamp;
use crate::api::pagination::{PageParams, paginated};
use crate::api::params::Params;
use crate::api::views;
use crate::db::federation::{self as store, DbLink};
use crate::db::statuses::{self, Viewer};
use crate::db::users::Account;
use crate::domain::account::Role;
use crate::domain::federation::{Mode, Severity};
use crate::error::{AppError, AppResult};
use crate::services::accounts;
use crate::services::{directory, links, policy};
use crate::state::AppState;
use crate::state::FedData;

/// Posts that linked instances announced, newest first.
#[utoipa::path(get, path = "/api/fucina/v1/timelines/linked", tag = "fucina",
    responses((status = 200, body = [crate::api::entities::Status])))]
pub async fn linked(
    State(state): State<AppState>,
    token: MaybeToken,
    uri: Uri,
    Params(page): Params<PageParams>,
) -> AppResult<Response> {
    let viewer = token.reader(&["read:statuses"])?.map(|a| a.actor.id);
    let page = page.page(20, 40);
    let mut conn = state.db.get().await?;
    let rows = statuses::linked(&mut conn, viewer.map_or(Viewer::Anonymous, Viewer::Actor), &page).await?;
    let ids: Vec<i64> = rows.iter().map(|s| s.id).collect();
    let entities = views::statuses(&mut conn, &state, viewer, rows).await?;
    Ok(paginated(entities, &ids, &uri, state.config.server.base_url.as_str()))
}

/// A link with another instance, or a relay subscription.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Link {
    pub domain: String,
    /// `instance` or `relay`.
    pub kind: String,
    /// `linked`, `pending` (waiting for them), `requested` (they asked; link back to accept) or `subscribed` (a relay).
    pub state: String,
    /// Our instance actor's follow of theirs: `none`, `pending`, `accepted`.
    pub outgoing: String,
    /// Theirs of ours.
    pub incoming: String,
    /// When something last arrived over the link.
    pub last_received_at: Option<String>,
    /// Deliveries to it: consecutive failures, and when one last succeeded.
    pub delivery_failures: i32,
    pub last_delivered_at: Option<String>,
    pub created_at: String,
    /// A Mastodon-style relay: the inbox it was subscribed at.
    pub relay_inbox: Option<String>,
}

async fn link_entities(state: &AppState, links: Vec<DbLink>) -> AppResult<Vec<Link>> {
    let hosts: Vec<String> = links.iter().map(|l| l.host.clone()).collect();
    let mut conn = state.db.get().await?;
    let health = crate::db::deliveries::instances_health(&mut conn, &hosts).await?;
    Ok(links
        .into_iter()
        .map(|link| {
            let instance = health.iter().find(|i| i.host == link.host);
            Link {
                state: link.state().into(),
                outgoing: link.outgoing.clone(),
                incoming: link.incoming.clone(),
                last_received_at: link.last_received_at.map(timestamp),
                delivery_failures: instance.map_or(0, |i| i.consecutive_failures),
                last_delivered_at: instance.and_then(|i| i.last_success_at).map(timestamp),
                created_at: timestamp(link.created_at),
                relay_inbox: link.relay_inbox,
                domain: link.host,
                kind: link.kind,
            }
        })
        .collect())
}

/// A blocked instance.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InstanceBlock {
    pub domain: String,
    /// `silence` or `suspend`.
    pub severity: String,
    pub reason: String,
    pub created_at: String,
}

/// An entry of the instance's moderation log.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LogEntry {
    pub action: String,
    pub domain: Option<String>,
    pub reason: String,
    pub created_at: String,
}

/// The federation policy, for administrators.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FederationPolicy {
    /// `open` or `linked-only`.
    pub mode: String,
    pub links: Vec<Link>,
    pub blocks: Vec<InstanceBlock>,
    /// ActivityPub ids of blocked remote accounts.
    pub blocked_accounts: Vec<String>,
    /// The latest 50 policy changes.
    pub log: Vec<LogEntry>,
}

fn admin(token: &Token, scope: &str) -> AppResult<Account> {
    let account = token.user(&[scope])?;
    if accounts::role_of(account) < Role::Admin {
        return Err(AppError::forbidden("error-admins-only"));
    }
    Ok(account.clone())
}

async fn policy_answer(state: &AppState) -> AppResult<Json<FederationPolicy>> {
    state.policy.forget();
    let policy = state.policy().await;
    let mut conn = state.db.get().await?;
    let links = store::links(&mut conn).await?;
    let blocks = store::instance_blocks(&mut conn).await?;
    let blocked_accounts = store::actor_blocks(&mut conn)
        .await?
        .into_iter()
        .map(|b| b.ap_id)
        .collect();
    let log = store::instance_log(&mut conn, 50).await?;
    drop(conn);
    Ok(Json(FederationPolicy {
        mode: policy.mode.as_str().into(),
        links: link_entities(state, links).await?,
        blocks: blocks
            .into_iter()
            .map(|b| InstanceBlock {
                domain: b.host,
                severity: b.severity,
                reason: b.reason,
                created_at: timestamp(b.created_at),
            })
            .collect(),
        blocked_accounts,
        log: log
            .into_iter()
            .map(|e| LogEntry {
                action: e.action,
                domain: e.target_host,
                reason: e.reason,
                created_at: timestamp(e.created_at),
            })
            .collect(),
    }))
}

/// The federation policy in force (administrators).
#[utoipa::path(get, path = "/api/fucina/v1/admin/federation", tag = "fucina", security(("bearer" = ["admin:read"])),
    responses((status = 200, body = FederationPolicy), (status = 403, description = "Not an administrator")))]
pub async fn get_policy(State(state): State<AppState>, token: Token) -> AppResult<Json<FederationPolicy>> {
    admin(&token, "admin:read")?;
    policy_answer(&state).await
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct PolicyParams {
    /// For the mode: `open` or `linked-only`.
    mode: String,
    /// For links, relays and blocks: the other instance's domain. For a
    /// Mastodon-style relay: its inbox URL (`https://relay.example/inbox`).
    domain: String,
    /// For blocks: `silence` or `suspend` (the default).
    severity: String,
    reason: String,
    /// For account blocks: the account's id URL or `user@domain`.
    account: String,
    /// For theme mappings: their theme's key and ours.
    remote_key: String,
    local_key: String,
}

/// Changes the federation policy: `mode`, `link`, `unlink`, `relay`, `block`, `unblock`,
/// `block_account`, `unblock_account` or `map_theme` (administrators; logged).
#[utoipa::path(post, path = "/api/fucina/v1/admin/federation/{action}", tag = "fucina",
    params(("action" = String, Path)), request_body = PolicyParams, security(("bearer" = ["admin:write"])),
    responses((status = 200, body = FederationPolicy), (status = 403, description = "Not an administrator"),
        (status = 404, description = "No such link, block or action"),
        (status = 422, description = "Not a domain, or this instance's own")))]
pub async fn change_policy(
    data: FedData,
    token: Token,
    Path(action): Path<String>,
    Params(params): Params<PolicyParams>,
) -> AppResult<Json<FederationPolicy>> {
    let account = admin(&token, "admin:write")?;
    let me = Some(account.actor.id);
    match action.as_str() {
        "mode" => {
            let mode = Mode::parse(&params.mode).ok_or_else(|| AppError::bad_request("error-federation-mode"))?;
            policy::set_mode(&data, me, mode).await?;
        }
        "link" => {
            links::link(&data, me, &params.domain).await?;
        }
        "relay" => {
            links::subscribe_relay(&data, me, &params.domain).await?;
        }
        "unlink" => links::unlink(&data, me, &params.domain).await?,
        "block" => {
            let severity = match params.severity.as_str() {
                "" => Severity::Suspend,
                other => Severity::parse(other).ok_or_else(|| AppError::bad_request("error-federation-severity"))?,
            };
            policy::block(&data, me, &params.domain, severity, &params.reason).await?;
        }
        "unblock" => policy::unblock(&data, me, &params.domain).await?,
        "block_account" => {
            policy::block_actor(&data, me, &params.account, &params.reason).await?;
        }
        "unblock_account" => policy::unblock_actor(&data, me, &params.account).await?,
        "map_theme" => policy::map_theme(&data, me, &params.domain, &params.remote_key, &params.local_key).await?,
        _ => return Err(AppError::NotFound),
    }
    policy_answer(&data).await
}

/// A linked instance as the directory shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DirectoryEntry {
    pub domain: String,
    pub name: String,
    pub description: String,
    /// Where people can visit it.
    pub url: Option<String>,
    pub linked_since: String,
    /// Its open proposals (as its NodeInfo counts them, else those this instance knows).
    pub open_proposals: i64,
    /// Its local accounts, from its NodeInfo.
    pub users: Option<i64>,
    /// The languages it is used in (language codes).
    pub languages: Vec<String>,
    /// The names of its themes.
    pub themes: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DirectoryQuery {}

/// The instances this one is linked with (public).
#[utoipa::path(get, path = "/api/fucina/v1/directory", tag = "fucina", responses((status = 200, body = [DirectoryEntry])))]
pub async fn directory(
    State(state): State<AppState>,
    Query(_): Query<DirectoryQuery>,
) -> AppResult<Json<Vec<DirectoryEntry>>> {
    let entries = directory::directory(&state).await?;
    Ok(Json(
        entries
            .into_iter()
            .map(|e| DirectoryEntry {
                domain: e.domain,
                name: e.name,
                description: e.description,
                url: e.url,
                linked_since: timestamp(e.linked_since),
                open_proposals: e.open_proposals,
                users: e.users,
                languages: e.languages,
                themes: e.themes,
            })
            .collect(),
    ))
}
