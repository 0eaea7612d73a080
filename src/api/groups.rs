//! Fucina's own endpoints for themes and communities (`/api/fucina/v1/groups`).
//! Groups are also Mastodon accounts (`group: true`): following one joins it,
//! and `group_id` on `POST /api/v1/statuses` posts in it.

use axum::Json;
use std::collections::HashMap;

use axum::extract::{FromRequestParts, Path, State};
use axum::http::Uri;
use axum::http::request::Parts;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::auth::{MaybeToken, Token};
use crate::api::entities::{Account, Status, timestamp};
use crate::api::pagination::{PageParams, paginated};
use crate::api::params::{Params, lenient};
use crate::api::views;
use crate::db::actors::{self, DbActor};
use crate::db::follows;
use crate::db::group_posts::GroupSection;
use crate::db::groups::{self, LocalGroup};
use crate::db::statuses::Viewer;
use crate::domain::group::{GroupRole, Translations};
use crate::error::{AppError, AppResult};
use crate::i18n::Language;
use crate::services::groups::{self as group_service, GroupEdit, NewCommunity, PostAction};
use crate::state::AppState;
use crate::state::FedData;

/// The viewer's place in a group.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Membership {
    pub member: bool,
    pub requested: bool,
    /// `manager`, `moderator`, `member`, or null.
    pub role: Option<String>,
}

/// A theme or community of this instance.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Group {
    /// The group's account id (the same as in the Mastodon API).
    pub id: String,
    pub acct: String,
    pub url: String,
    /// `theme` or `community`.
    pub kind: String,
    pub theme_key: Option<String>,
    /// In the instance's language.
    pub name: String,
    /// Each language's name.
    pub names: serde_json::Value,
    pub descriptions: serde_json::Value,
    /// HTML.
    pub description: String,
    /// `open`, `approval` or `invitation`.
    pub join_mode: String,
    pub listed: bool,
    pub hide_members: bool,
    pub posting_restricted: bool,
    pub languages: Vec<String>,
    pub parent_id: Option<String>,
    pub avatar: String,
    pub members_count: i64,
    pub posts_count: i64,
    pub retired: bool,
    pub created_at: String,
    pub membership: Option<Membership>,
}

async fn entity(state: &AppState, group: &LocalGroup, viewer: Option<&DbActor>) -> AppResult<Group> {
    let mut conn = state.db.get().await?;
    let membership = match viewer {
        Some(viewer) => {
            let between = follows::between(&mut conn, viewer.id, &[group.actor.id]).await?;
            let mine = between.iter().find(|f| f.follower_id == viewer.id);
            let role = group_service::role_in(&mut conn, group, viewer).await?;
            Some(Membership {
                member: mine.is_some_and(|f| f.is_accepted()),
                requested: mine.is_some_and(|f| !f.is_accepted()),
                role: role.map(|r| r.as_str().to_owned()),
            })
        }
        None => None,
    };
    let posts_count = crate::db::group_posts::count_in_group(&mut conn, group.actor.id).await?;
    let language = state.config.i18n.default_language;
    Ok(Group {
        id: group.actor.id.to_string(),
        acct: group.actor.acct(),
        url: group.actor.url.clone().unwrap_or_else(|| group.actor.ap_id.clone()),
        kind: group.group.kind.clone(),
        theme_key: group.group.theme_key.clone(),
        name: Translations::from_json(&group.group.names)
            .get(language)
            .map(str::to_owned)
            .unwrap_or_else(|| group.actor.display_name.clone()),
        names: group.group.names.clone(),
        descriptions: group.group.descriptions.clone(),
        description: group.actor.summary.clone(),
        join_mode: group.group.join_mode.clone(),
        listed: group.group.listed,
        hide_members: group.group.hide_members,
        posting_restricted: group.group.posting_restricted,
        languages: group.group.languages.iter().flatten().cloned().collect(),
        parent_id: group.group.parent_id.map(|id| id.to_string()),
        avatar: group
            .actor
            .avatar_url
            .clone()
            .unwrap_or_else(|| state.urls().default_avatar()),
        members_count: group.actor.followers_count,
        posts_count,
        retired: group.group.retired_at.is_some(),
        created_at: timestamp(group.group.created_at),
        membership,
    })
}

fn parse_id(id: &str) -> AppResult<i64> {
    id.parse().map_err(|_| AppError::NotFound)
}

async fn account_by_id(state: &AppState, id: &str) -> AppResult<DbActor> {
    let mut conn = state.db.get().await?;
    actors::find(&mut conn, parse_id(id)?).await?.ok_or(AppError::NotFound)
}

fn viewer_of<'a>(token: &'a MaybeToken, scope: &str) -> AppResult<Option<&'a DbActor>> {
    Ok(token.reader(&[scope])?.map(|a| &a.actor))
}

/// The themes, then the listed communities.
#[utoipa::path(get, path = "/api/fucina/v1/groups", tag = "fucina", responses((status = 200, body = [Group])))]
pub async fn list(State(state): State<AppState>, token: MaybeToken) -> AppResult<Json<Vec<Group>>> {
    let mut conn = state.db.get().await?;
    let rows = groups::list_local(&mut conn, false, false).await?;
    drop(conn);
    let mut out = Vec::with_capacity(rows.len());
    for group in &rows {
        out.push(entity(&state, group, viewer_of(&token, "read:accounts")?).await?);
    }
    Ok(Json(out))
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct CreateGroupParams {
    /// The handle: 3–30 of a-z, 0-9 and _.
    name: String,
    title: String,
    description: String,
    /// `open`, `approval` or `invitation`.
    join_mode: String,
    #[serde(deserialize_with = "lenient::opt_bool")]
    listed: Option<bool>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    parent_id: Option<i64>,
    #[serde(deserialize_with = "lenient::string_or_list")]
    languages: Vec<String>,
}

/// Creates a community; the caller manages it.
#[utoipa::path(post, path = "/api/fucina/v1/groups", tag = "fucina", request_body = CreateGroupParams,
    security(("bearer" = ["write:accounts"])),
    responses((status = 200, body = Group), (status = 422, description = "A bad or taken handle, a blank name, an unknown join mode")))]
pub async fn create(
    State(state): State<AppState>,
    token: Token,
    Params(params): Params<CreateGroupParams>,
) -> AppResult<Json<Group>> {
    let account = token.user(&["write:accounts"])?;
    let group = group_service::create_community(
        &state,
        account,
        NewCommunity {
            name: params.name,
            title: params.title,
            description: params.description,
            join_mode: if params.join_mode.is_empty() {
                "open".into()
            } else {
                params.join_mode
            },
            listed: params.listed.unwrap_or(true),
            parent: params.parent_id,
            languages: params.languages,
        },
    )
    .await?;
    Ok(Json(entity(&state, &group, Some(&account.actor)).await?))
}

/// One group.
#[utoipa::path(get, path = "/api/fucina/v1/groups/{id}", tag = "fucina", params(("id" = String, Path)),
    responses((status = 200, body = Group), (status = 404, description = "No such group here")))]
pub async fn get(State(state): State<AppState>, token: MaybeToken, Path(id): Path<String>) -> AppResult<Json<Group>> {
    let group = group_service::local_group(&state, parse_id(&id)?).await?;
    Ok(Json(entity(&state, &group, viewer_of(&token, "read:accounts")?).await?))
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct UpdateGroupParams {
    /// The name in the caller's language.
    title: Option<String>,
    description: Option<String>,
    join_mode: Option<String>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    listed: Option<bool>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    hide_members: Option<bool>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    posting_restricted: Option<bool>,
    #[serde(deserialize_with = "lenient::string_or_list")]
    languages: Vec<String>,
}

/// Changes a group's settings (managers); what is left out stays.
#[utoipa::path(patch, path = "/api/fucina/v1/groups/{id}", tag = "fucina", params(("id" = String, Path)), request_body = UpdateGroupParams,
    security(("bearer" = ["write:accounts"])),
    responses((status = 200, body = Group), (status = 403, description = "Not a manager"), (status = 422, description = "Invalid settings")))]
pub async fn update(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
    Params(params): Params<UpdateGroupParams>,
) -> AppResult<Json<Group>> {
    let account = token.user(&["write:accounts"])?;
    let group = group_service::local_group(&state, parse_id(&id)?).await?;
    let language = crate::services::accounts::language_of(account).unwrap_or(state.config.i18n.default_language);
    let names = Translations::from_json(&group.group.names);
    let descriptions = Translations::from_json(&group.group.descriptions);
    let edit = GroupEdit {
        title: params
            .title
            .unwrap_or_else(|| names.get(language).unwrap_or_default().to_owned()),
        description: params
            .description
            .unwrap_or_else(|| descriptions.get(language).unwrap_or_default().to_owned()),
        join_mode: params.join_mode.unwrap_or(group.group.join_mode.clone()),
        listed: params.listed.unwrap_or(group.group.listed),
        hide_members: params.hide_members.unwrap_or(group.group.hide_members),
        posting_restricted: params.posting_restricted.unwrap_or(group.group.posting_restricted),
        languages: if params.languages.is_empty() {
            group.group.languages.iter().flatten().cloned().collect()
        } else {
            params.languages
        },
    };
    let updated = group_service::update_group(&state, account, group.actor.id, edit).await?;
    Ok(Json(entity(&state, &updated, Some(&account.actor)).await?))
}

/// Joins a group (or asks to); the answer says where the caller stands.
#[utoipa::path(post, path = "/api/fucina/v1/groups/{id}/join", tag = "fucina", params(("id" = String, Path)),
    security(("bearer" = ["write:follows"])),
    responses((status = 200, body = Group), (status = 403, description = "Banned, by invitation only, or retired")))]
pub async fn join(State(state): State<AppState>, token: Token, Path(id): Path<String>) -> AppResult<Json<Group>> {
    change_membership(&state, &token, &id, true).await
}

/// Leaves a group, or withdraws a request.
#[utoipa::path(post, path = "/api/fucina/v1/groups/{id}/leave", tag = "fucina", params(("id" = String, Path)),
    security(("bearer" = ["write:follows"])), responses((status = 200, body = Group)))]
pub async fn leave(State(state): State<AppState>, token: Token, Path(id): Path<String>) -> AppResult<Json<Group>> {
    change_membership(&state, &token, &id, false).await
}

/// Joins (or asks to) or leaves a group, and answers with where the caller now stands.
async fn change_membership(state: &AppState, token: &Token, id: &str, join: bool) -> AppResult<Json<Group>> {
    let account = token.user(&["write:follows"])?;
    let group = group_service::local_group(state, parse_id(id)?).await?;
    if join {
        group_service::join(state, &account.actor, &group.actor).await?;
    } else {
        group_service::leave(state, &account.actor, &group.actor).await?;
    }
    let group = group_service::local_group(state, group.actor.id).await?;
    Ok(Json(entity(state, &group, Some(&account.actor)).await?))
}

/// The members, unless the group shows them to members only.
#[utoipa::path(get, path = "/api/fucina/v1/groups/{id}/members", tag = "fucina", params(("id" = String, Path)),
    responses((status = 200, body = [Account]), (status = 403, description = "Members are shown to members only")))]
pub async fn members(
    State(state): State<AppState>,
    token: MaybeToken,
    Path(id): Path<String>,
    uri: Uri,
    Params(page): Params<PageParams>,
) -> AppResult<Response> {
    let group = group_service::local_group(&state, parse_id(&id)?).await?;
    let mut conn = state.db.get().await?;
    if group.group.hide_members {
        let role = match viewer_of(&token, "read:accounts")? {
            Some(viewer) => group_service::role_in(&mut conn, &group, viewer).await?,
            None => None,
        };
        if role.is_none() {
            return Err(AppError::forbidden("error-group-members-hidden"));
        }
    }
    let rows = follows::listing(
        &mut conn,
        follows::Listing::Followers,
        group.actor.id,
        page.max_id,
        page.account_limit(),
    )
    .await?;
    Ok(views::account_page(&state, &uri, rows.iter().map(|(f, a)| (f.id, a))))
}

/// A moderator's view: the group, checked. Reading the queue, the bans and
/// the log needs `read:accounts`; acting on them needs `write:accounts`.
async fn moderated(state: &AppState, token: &Token, id: &str, scope: &str) -> AppResult<(LocalGroup, DbActor)> {
    let account = token.user(&[scope])?;
    let group = group_service::local_group(state, parse_id(id)?).await?;
    let mut conn = state.db.get().await?;
    let role = group_service::role_in(&mut conn, &group, &account.actor).await?;
    if !role.is_some_and(GroupRole::can_moderate) {
        return Err(AppError::forbidden("error-group-not-allowed"));
    }
    Ok((group, account.actor.clone()))
}

/// A moderator of the group `{id}` of the request's path, checked before the
/// handler runs: a moderating role there, and `write:accounts` to act
/// (`WRITE`) or `read:accounts` to read the queue, the bans and the log.
pub struct Moderating<const WRITE: bool> {
    group: LocalGroup,
    moderator: DbActor,
    /// The account the path names, if it names one (`{account_id}`).
    account_id: Option<String>,
}

/// A moderator acting on a group.
type Acting = Moderating<true>;
/// A moderator reading a group's queue, bans or log.
type Reviewing = Moderating<false>;

impl<const WRITE: bool> FromRequestParts<AppState> for Moderating<WRITE> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = Token::from_request_parts(parts, state).await?;
        let Path(mut path) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        let id = path.remove("id").ok_or(AppError::NotFound)?;
        let scope = if WRITE { "write:accounts" } else { "read:accounts" };
        let (group, moderator) = moderated(state, &token, &id, scope).await?;
        Ok(Self {
            group,
            moderator,
            account_id: path.remove("account_id"),
        })
    }
}

impl<const WRITE: bool> Moderating<WRITE> {
    /// The account acted on: the one in the path, or else `account_id` in the body.
    async fn target(&self, state: &AppState, params: Option<&AccountParams>) -> AppResult<DbActor> {
        let id = self.account_id.as_deref().or(params.map(|p| p.account_id.as_str()));
        account_by_id(state, id.unwrap_or_default()).await
    }
}

type Done = AppResult<Json<serde_json::Value>>;

/// What a moderator's action answers once done.
fn done() -> Done {
    Ok(Json(serde_json::json!({})))
}

/// Requests to join, for managers and moderators.
#[utoipa::path(get, path = "/api/fucina/v1/groups/{id}/requests", tag = "fucina", params(("id" = String, Path)),
    security(("bearer" = ["read:accounts"])), responses((status = 200, body = [Account]), (status = 403, description = "Not a moderator")))]
pub async fn requests(State(state): State<AppState>, by: Reviewing) -> AppResult<Json<Vec<Account>>> {
    let group = by.group;
    let mut conn = state.db.get().await?;
    let rows = follows::listing(&mut conn, follows::Listing::Requests, group.actor.id, None, 200).await?;
    Ok(Json(rows.iter().map(|(_, a)| views::account(&state, a)).collect()))
}

#[derive(Debug, Deserialize)]
pub struct DecisionPath {
    /// `authorize` or `reject`.
    decision: String,
}

/// Accepts or refuses a request to join.
#[utoipa::path(post, path = "/api/fucina/v1/groups/{id}/requests/{account_id}/{decision}", tag = "fucina",
    params(("id" = String, Path), ("account_id" = String, Path), ("decision" = String, Path, description = "authorize or reject")),
    security(("bearer" = ["write:accounts"])), responses((status = 200, description = "Decided"), (status = 404, description = "No such request")))]
pub async fn decide(State(state): State<AppState>, by: Acting, Path(path): Path<DecisionPath>) -> Done {
    let approve = match path.decision.as_str() {
        "authorize" => true,
        "reject" => false,
        _ => return Err(AppError::NotFound),
    };
    let member = by.target(&state, None).await?;
    group_service::decide_request(&state, &by.moderator, by.group.actor.id, &member, approve).await?;
    done()
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct AccountParams {
    account_id: String,
    /// For bans: shown in the moderation log.
    reason: String,
    /// For roles: `manager`, `moderator` or `member`.
    role: String,
}

/// Invites an account (here or elsewhere).
#[utoipa::path(post, path = "/api/fucina/v1/groups/{id}/invitations", tag = "fucina", params(("id" = String, Path)), request_body = AccountParams,
    security(("bearer" = ["write:accounts"])), responses((status = 200, description = "Invited"), (status = 403, description = "Not a moderator")))]
pub async fn invite(State(state): State<AppState>, by: Acting, Params(params): Params<AccountParams>) -> Done {
    let invitee = by.target(&state, Some(&params)).await?;
    group_service::invite(&state, &by.moderator, by.group.actor.id, &invitee).await?;
    done()
}

/// Banned accounts.
#[utoipa::path(get, path = "/api/fucina/v1/groups/{id}/bans", tag = "fucina", params(("id" = String, Path)),
    security(("bearer" = ["read:accounts"])), responses((status = 200, body = [Account])))]
pub async fn bans(State(state): State<AppState>, by: Reviewing) -> AppResult<Json<Vec<Account>>> {
    let group = by.group;
    let mut conn = state.db.get().await?;
    let rows = groups::bans(&mut conn, group.actor.id).await?;
    Ok(Json(rows.iter().map(|(_, a)| views::account(&state, a)).collect()))
}

/// Bans an account: its membership ends and it cannot come back or post.
#[utoipa::path(post, path = "/api/fucina/v1/groups/{id}/bans", tag = "fucina", params(("id" = String, Path)), request_body = AccountParams,
    security(("bearer" = ["write:accounts"])), responses((status = 200, description = "Banned"), (status = 403, description = "Not a moderator, or the target is staff")))]
pub async fn ban(State(state): State<AppState>, by: Acting, Params(params): Params<AccountParams>) -> Done {
    let target = by.target(&state, Some(&params)).await?;
    group_service::ban(&state, &by.moderator, by.group.actor.id, &target, &params.reason).await?;
    done()
}

/// Lifts a ban.
#[utoipa::path(delete, path = "/api/fucina/v1/groups/{id}/bans/{account_id}", tag = "fucina",
    params(("id" = String, Path), ("account_id" = String, Path)),
    security(("bearer" = ["write:accounts"])), responses((status = 200, description = "Lifted")))]
pub async fn unban(State(state): State<AppState>, by: Acting) -> Done {
    let target = by.target(&state, None).await?;
    group_service::unban(&state, &by.moderator, by.group.actor.id, &target).await?;
    done()
}

/// Appoints a manager or moderator, or makes someone a plain member (managers).
#[utoipa::path(post, path = "/api/fucina/v1/groups/{id}/roles", tag = "fucina", params(("id" = String, Path)), request_body = AccountParams,
    security(("bearer" = ["write:accounts"])), responses((status = 200, description = "Set"), (status = 400, description = "Not a member"), (status = 403, description = "Not a manager")))]
pub async fn set_role(State(state): State<AppState>, by: Acting, Params(params): Params<AccountParams>) -> Done {
    let target = by.target(&state, Some(&params)).await?;
    let role = GroupRole::parse(&params.role);
    group_service::set_role(&state, &by.moderator, by.group.actor.id, &target, role).await?;
    done()
}

/// A line of a group's moderation log.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LogEntry {
    pub id: String,
    pub action: String,
    pub moderator: Option<Account>,
    pub target_account: Option<Account>,
    pub target_status_id: Option<String>,
    pub reason: String,
    pub created_at: String,
}

/// The moderation log, newest first.
#[utoipa::path(get, path = "/api/fucina/v1/groups/{id}/log", tag = "fucina", params(("id" = String, Path)),
    security(("bearer" = ["read:accounts"])), responses((status = 200, body = [LogEntry])))]
pub async fn log(State(state): State<AppState>, by: Reviewing) -> AppResult<Json<Vec<LogEntry>>> {
    let group = by.group;
    let mut conn = state.db.get().await?;
    let entries = groups::log_entries(&mut conn, group.actor.id, 200).await?;
    let mut ids: Vec<i64> = entries
        .iter()
        .flat_map(|e| [e.moderator_id, e.target_actor_id])
        .flatten()
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let people = actors::find_many(&mut conn, &ids).await?;
    let account = |id: Option<i64>| {
        id.and_then(|id| people.iter().find(|a| a.id == id))
            .map(|a| views::account(&state, a))
    };
    Ok(Json(
        entries
            .iter()
            .map(|e| LogEntry {
                id: e.id.to_string(),
                action: e.action.clone(),
                moderator: account(e.moderator_id),
                target_account: account(e.target_actor_id),
                target_status_id: e.target_status_id.map(|id| id.to_string()),
                reason: e.reason.clone(),
                created_at: timestamp(e.created_at),
            })
            .collect(),
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct GroupStatusesQuery {
    #[serde(flatten)]
    page: PageParams,
    /// `discussions` (the default) or `news`.
    section: Option<String>,
    /// A language code.
    language: Option<String>,
}

/// Threads started in a group (pinned first), or its news.
#[utoipa::path(get, path = "/api/fucina/v1/groups/{id}/statuses", tag = "fucina", params(("id" = String, Path)),
    responses((status = 200, body = [Status])))]
pub async fn group_statuses(
    State(state): State<AppState>,
    token: MaybeToken,
    Path(id): Path<String>,
    uri: Uri,
    Params(query): Params<GroupStatusesQuery>,
) -> AppResult<Response> {
    let viewer = viewer_of(&token, "read:statuses")?.map(|a| a.id);
    let group_id = parse_id(&id)?;
    let mut conn = state.db.get().await?;
    let group = actors::find(&mut conn, group_id)
        .await?
        .filter(|a| a.actor_type == "Group")
        .ok_or(AppError::NotFound)?;
    let section = match query.section.as_deref() {
        Some("news") => GroupSection::News,
        _ => GroupSection::Discussions,
    };
    let language = query.language.as_deref().and_then(Language::from_code);
    let page = query.page.page(20, 40);
    let rows = crate::db::group_posts::in_group(
        &mut conn,
        viewer.map_or(Viewer::Anonymous, Viewer::Actor),
        group.id,
        section,
        language.map(Language::code),
        group.is_local(),
        &page,
    )
    .await?;
    let ids: Vec<i64> = rows.iter().map(|s| s.id).collect();
    let entities = views::statuses(&mut conn, &state, viewer, rows).await?;
    Ok(paginated(entities, &ids, &uri, state.config.server.base_url.as_str()))
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ModerateParams {
    /// `remove`, `lock`, `unlock`, `pin` or `unpin`.
    action: String,
    reason: String,
}

/// A moderator removes, locks, unlocks, pins or unpins a post of their group.
#[utoipa::path(post, path = "/api/fucina/v1/statuses/{id}/moderate", tag = "fucina", params(("id" = String, Path)), request_body = ModerateParams,
    security(("bearer" = ["write:statuses"])),
    responses((status = 200, body = Status), (status = 403, description = "Not a moderator of the post's group"), (status = 422, description = "Unknown action")))]
pub async fn moderate(
    data: FedData,
    token: Token,
    Path(id): Path<String>,
    Params(params): Params<ModerateParams>,
) -> AppResult<Json<Status>> {
    let account = token.user(&["write:statuses"])?;
    let Some(action) = PostAction::parse(&params.action) else {
        return Err(AppError::Validation(vec![crate::error::FieldError::new(
            "action",
            "ERR_INVALID",
            crate::i18n::Message::new("error-moderation-action"),
        )]));
    };
    let status = group_service::moderate(&data, &account.actor, parse_id(&id)?, action, &params.reason).await?;
    let mut conn = data.db.get().await?;
    let viewer = Some(account.actor.id);
    Ok(Json(views::status(&mut conn, &data, viewer, status).await?))
}
