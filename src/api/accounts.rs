//! Account endpoints: registration, the signed-in account and its profile,
//! lookups, follows, blocks, relationships, followers, following, statuses,
//! follow requests.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::auth::{MaybeToken, Token};
use crate::api::entities::{Account, CredentialAccount, Relationship, Token as TokenEntity};
use crate::api::pagination::{PageParams, paginated};
use crate::api::params::{Params, lenient};
use crate::api::views;
use crate::db::actors::{self, DbActor};
use crate::db::follows;
use crate::db::statuses::{self, Viewer};
use crate::db::users::Account as UserAccount;
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::{Language, Message};
use crate::peer::ClientIp;
use crate::services::accounts::{self, CreatedBy, ProfileChanges, SignUp};
use crate::services::{follows as follow_service, oauth};
use crate::state::AppState;
use crate::state::FedData;

async fn credential_account(state: &AppState, account: &UserAccount) -> AppResult<CredentialAccount> {
    let mut conn = state.db.get().await?;
    let requests = follows::count_pending(&mut conn, account.actor.id).await?;
    Ok(CredentialAccount::from_account(
        account,
        &state.urls(),
        &views::translator(state),
        requests,
    ))
}

/// The signed-in account.
#[utoipa::path(get, path = "/api/v1/accounts/verify_credentials", tag = "accounts",
    security(("bearer" = ["read:accounts", "profile"])),
    responses((status = 200, body = CredentialAccount), (status = 401, description = "No valid token"), (status = 403, description = "Scope missing")))]
pub async fn verify_credentials(State(state): State<AppState>, token: Token) -> AppResult<Json<CredentialAccount>> {
    let account = token.user(&["read:accounts", "profile"])?;
    Ok(Json(credential_account(&state, account).await?))
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct RegisterParams {
    username: String,
    email: String,
    password: String,
    #[serde(deserialize_with = "lenient::opt_bool")]
    agreement: Option<bool>,
    locale: Option<String>,
    reason: Option<String>,
}

/// Creates an account (with an app's client-credentials token), as Mastodon does.
#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", request_body = RegisterParams,
    security(("bearer" = ["write:accounts"])),
    responses((status = 200, body = crate::api::entities::Token), (status = 403, description = "Registrations closed"), (status = 422, description = "Invalid or taken")))]
pub async fn register(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    token: Token,
    Params(params): Params<RegisterParams>,
) -> AppResult<Json<TokenEntity>> {
    token.require(&["write:accounts"])?;
    let account = accounts::register(
        &state,
        SignUp {
            username: params.username,
            email: params.email,
            password: params.password,
            locale: params.locale.as_deref().and_then(Language::from_code),
            reason: params.reason.unwrap_or_default(),
            accepted_terms: params.agreement == Some(true),
        },
        CreatedBy::Visitor(ip),
    )
    .await?;
    let issued = oauth::token_for_new_account(&state, token.context(), account.user.id).await?;
    Ok(Json(TokenEntity::from_issued(issued)))
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct SourceParams {
    language: Option<String>,
    note: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct UpdateCredentialsParams {
    display_name: Option<String>,
    note: Option<String>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    locked: Option<bool>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    discoverable: Option<bool>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    hide_collections: Option<bool>,
    source: Option<SourceParams>,
    /// Fucina's profile fields.
    organisation: Option<String>,
    role: Option<String>,
    skills: Option<String>,
    website: Option<String>,
}

/// Edits the signed-in account's profile.
#[utoipa::path(patch, path = "/api/v1/accounts/update_credentials", tag = "accounts", request_body = UpdateCredentialsParams,
    security(("bearer" = ["write:accounts"])),
    responses((status = 200, body = CredentialAccount), (status = 422, description = "Invalid values")))]
pub async fn update_credentials(
    State(state): State<AppState>,
    token: Token,
    Params(params): Params<UpdateCredentialsParams>,
) -> AppResult<Json<CredentialAccount>> {
    let account = token.user(&["write:accounts"])?;
    let source = params.source.unwrap_or_default();
    let locale = match source.language.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(code) => Some(Some(Language::from_code(code).ok_or_else(|| {
            AppError::Validation(vec![FieldError::new(
                "source[language]",
                "ERR_INVALID",
                Message::new("error-language-unknown"),
            )])
        })?)),
    };
    let updated = accounts::update_profile(
        &state,
        account,
        ProfileChanges {
            display_name: params.display_name,
            note: params.note.or(source.note),
            locale,
            organisation: params.organisation,
            role: params.role,
            skills: params.skills,
            website: params.website,
            locked: params.locked,
            hide_collections: params.hide_collections,
            discoverable: params.discoverable,
        },
    )
    .await?;
    Ok(Json(credential_account(&state, &updated).await?))
}

async fn find_actor(state: &AppState, id: &str) -> AppResult<DbActor> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let mut conn = state.db.get().await?;
    actors::find(&mut conn, id)
        .await?
        .filter(|a| a.deleted_at.is_none() && a.actor_type != "Application")
        .ok_or(AppError::NotFound)
}

/// An account by id.
#[utoipa::path(get, path = "/api/v1/accounts/{id}", tag = "accounts",
    params(("id" = String, Path, description = "The account's id")),
    responses((status = 200, body = Account), (status = 404, description = "No such account")))]
pub async fn get_account(
    State(state): State<AppState>,
    token: MaybeToken,
    Path(id): Path<String>,
) -> AppResult<Json<Account>> {
    token.reader(&["read:accounts"])?;
    let actor = find_actor(&state, &id).await?;
    Ok(Json(views::account(&state, &actor)))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
pub struct LookupQuery {
    acct: String,
}

/// An account by its handle (`name` or `name@domain`); remote ones are fetched if unknown.
#[utoipa::path(get, path = "/api/v1/accounts/lookup", tag = "accounts", params(LookupQuery),
    responses((status = 200, body = Account), (status = 404, description = "No such account")))]
pub async fn lookup(data: FedData, token: MaybeToken, Query(query): Query<LookupQuery>) -> AppResult<Json<Account>> {
    // Only someone signed in makes this server ask another one.
    let remote = crate::domain::federation::parse_remote_handle(&query.acct)
        .filter(|(_, domain)| *domain != data.config.server.domain);
    if let Some((name, domain)) = remote
        && token.reader(&["read:accounts"])?.is_none()
    {
        let mut conn = data.db.get().await?;
        let known = crate::db::actors::find_remote_by_handle(&mut conn, &name, &domain).await?;
        return known.map(|a| Json(views::account(&data, &a))).ok_or(AppError::NotFound);
    }
    let actor = crate::services::lookup::actor_by_handle(&data, &query.acct)
        .await
        .map_err(|e| match e {
            AppError::Remote(_) => AppError::NotFound,
            other => other,
        })?;
    Ok(Json(views::account(&data, &actor)))
}

/// The relationships of the signed-in account with each account in `id[]`.
async fn relationships_with(state: &AppState, me: &DbActor, ids: &[i64]) -> AppResult<Vec<Relationship>> {
    let mut conn = state.db.get().await?;
    let follows = follows::between(&mut conn, me.id, ids).await?;
    let blocks = follows::blocks_between(&mut conn, me.id, ids).await?;
    let mutes = follows::mutes_of(&mut conn, me.id, ids).await?;
    Ok(ids
        .iter()
        .map(|other| {
            let mine = follows
                .iter()
                .find(|f| f.follower_id == me.id && f.followed_id == *other);
            let theirs = follows
                .iter()
                .find(|f| f.follower_id == *other && f.followed_id == me.id);
            Relationship {
                id: other.to_string(),
                following: mine.is_some_and(|f| f.is_accepted()),
                requested: mine.is_some_and(|f| !f.is_accepted()),
                showing_reblogs: mine.is_some_and(|f| f.is_accepted()),
                followed_by: theirs.is_some_and(|f| f.is_accepted()),
                requested_by: theirs.is_some_and(|f| !f.is_accepted()),
                blocking: blocks.iter().any(|b| b.blocker_id == me.id && b.blocked_id == *other),
                blocked_by: blocks.iter().any(|b| b.blocker_id == *other && b.blocked_id == me.id),
                muting: mutes.iter().any(|m| m.target_id == *other),
                muting_notifications: mutes.iter().any(|m| m.target_id == *other && m.notifications),
                ..Relationship::default()
            }
        })
        .collect())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RelationshipsParams {
    #[serde(deserialize_with = "lenient::string_or_list")]
    id: Vec<String>,
}

/// Relationships with accounts (`id[]`).
#[utoipa::path(get, path = "/api/v1/accounts/relationships", tag = "accounts", security(("bearer" = ["read:follows"])),
    responses((status = 200, body = [Relationship])))]
pub async fn relationships(
    State(state): State<AppState>,
    token: Token,
    Params(params): Params<RelationshipsParams>,
) -> AppResult<Json<Vec<Relationship>>> {
    let me = token.user(&["read:follows"])?;
    let ids: Vec<i64> = params.id.iter().filter_map(|i| i.parse().ok()).collect();
    Ok(Json(relationships_with(&state, &me.actor, &ids).await?))
}

async fn relationship(state: &AppState, me: &DbActor, other: i64) -> AppResult<Json<Relationship>> {
    relationships_with(state, me, &[other])
        .await?
        .into_iter()
        .next()
        .map(Json)
        .ok_or(AppError::NotFound)
}

/// What a relationship endpoint does to the target account.
#[derive(Debug, Clone, Copy)]
enum RelationChange {
    Follow,
    Unfollow,
    Block,
    Unblock,
    RemoveFollower,
    AuthorizeRequest,
    RejectRequest,
}

type RelationReply = AppResult<Json<Relationship>>;

/// Changes the signed-in account's relation to `id` and answers with the new relationship.
async fn change_relation(state: &AppState, token: Token, id: &str, change: RelationChange) -> RelationReply {
    let scopes: &[&str] = match change {
        RelationChange::Block | RelationChange::Unblock => &["write:blocks"],
        RelationChange::AuthorizeRequest | RelationChange::RejectRequest => &["write:follows", "follow"],
        _ => &["write:follows"],
    };
    let me = token.user(scopes)?;
    let target = find_actor(state, id).await?;
    let done = match change {
        RelationChange::Follow => crate::services::relations::follow(state, &me.actor, &target)
            .await
            .map(drop),
        RelationChange::Unfollow => follow_service::unfollow(state, &me.actor, &target).await,
        RelationChange::Block => follow_service::block(state, &me.actor, &target).await,
        RelationChange::Unblock => follow_service::unblock(state, &me.actor, &target).await,
        // Removing someone who does not follow is already done.
        RelationChange::RemoveFollower => match follow_service::reject(state, &me.actor, &target).await {
            Err(AppError::NotFound) => Ok(()),
            other => other,
        },
        RelationChange::AuthorizeRequest => follow_service::authorize(state, &me.actor, &target).await,
        RelationChange::RejectRequest => follow_service::reject(state, &me.actor, &target).await,
    };
    done?;
    relationship(state, &me.actor, target.id).await
}

/// Follows an account (local at once, remote through a Follow).
#[utoipa::path(post, path = "/api/v1/accounts/{id}/follow", tag = "accounts", security(("bearer" = ["write:follows"])),
    params(("id" = String, Path)), responses((status = 200, body = Relationship), (status = 403, description = "Blocked")))]
pub async fn follow(State(state): State<AppState>, token: Token, Path(id): Path<String>) -> RelationReply {
    change_relation(&state, token, &id, RelationChange::Follow).await
}

#[utoipa::path(post, path = "/api/v1/accounts/{id}/unfollow", tag = "accounts", security(("bearer" = ["write:follows"])),
    params(("id" = String, Path)), responses((status = 200, body = Relationship)))]
pub async fn unfollow(State(state): State<AppState>, token: Token, Path(id): Path<String>) -> RelationReply {
    change_relation(&state, token, &id, RelationChange::Unfollow).await
}

#[utoipa::path(post, path = "/api/v1/accounts/{id}/block", tag = "accounts", security(("bearer" = ["write:blocks"])),
    params(("id" = String, Path)), responses((status = 200, body = Relationship)))]
pub async fn block(State(state): State<AppState>, token: Token, Path(id): Path<String>) -> RelationReply {
    change_relation(&state, token, &id, RelationChange::Block).await
}

#[utoipa::path(post, path = "/api/v1/accounts/{id}/unblock", tag = "accounts", security(("bearer" = ["write:blocks"])),
    params(("id" = String, Path)), responses((status = 200, body = Relationship)))]
pub async fn unblock(State(state): State<AppState>, token: Token, Path(id): Path<String>) -> RelationReply {
    change_relation(&state, token, &id, RelationChange::Unblock).await
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct MuteParams {
    /// Hide their notifications too (Mastodon's default: true).
    #[serde(deserialize_with = "lenient::opt_bool")]
    notifications: Option<bool>,
    /// Seconds; 0 or none: until unmuted.
    #[serde(deserialize_with = "lenient::opt_i64")]
    duration: Option<i64>,
}

/// Mutes an account: its posts leave the timelines (and its notifications,
/// unless `notifications=false`), for `duration` seconds or until unmuted.
#[utoipa::path(post, path = "/api/v1/accounts/{id}/mute", tag = "accounts", security(("bearer" = ["write:mutes"])),
    params(("id" = String, Path)), request_body = MuteParams, responses((status = 200, body = Relationship)))]
pub async fn mute(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
    Params(params): Params<MuteParams>,
) -> RelationReply {
    let me = token.user(&["write:mutes", "follow"])?;
    let target = find_actor(&state, &id).await?;
    let notifications = params.notifications.unwrap_or(true);
    follow_service::mute(&state, &me.actor, &target, notifications, params.duration).await?;
    relationship(&state, &me.actor, target.id).await
}

#[utoipa::path(post, path = "/api/v1/accounts/{id}/unmute", tag = "accounts", security(("bearer" = ["write:mutes"])),
    params(("id" = String, Path)), responses((status = 200, body = Relationship)))]
pub async fn unmute(State(state): State<AppState>, token: Token, Path(id): Path<String>) -> RelationReply {
    let me = token.user(&["write:mutes", "follow"])?;
    let target = find_actor(&state, &id).await?;
    follow_service::unmute(&state, &me.actor, &target).await?;
    relationship(&state, &me.actor, target.id).await
}

/// Removes an account from one's followers.
pub async fn remove_from_followers(
    State(state): State<AppState>,
    token: Token,
    Path(id): Path<String>,
) -> RelationReply {
    change_relation(&state, token, &id, RelationChange::RemoveFollower).await
}

/// Followers of an account (hidden when the account hides them, except from itself).
#[utoipa::path(get, path = "/api/v1/accounts/{id}/followers", tag = "accounts", params(("id" = String, Path)), responses((status = 200, body = [Account])))]
pub async fn followers(
    State(state): State<AppState>,
    token: MaybeToken,
    Path(id): Path<String>,
    uri: Uri,
    Query(page): Query<PageParams>,
) -> AppResult<Response> {
    relation_list(&state, token, &id, &uri, &page, true).await
}

#[utoipa::path(get, path = "/api/v1/accounts/{id}/following", tag = "accounts", params(("id" = String, Path)), responses((status = 200, body = [Account])))]
pub async fn following(
    State(state): State<AppState>,
    token: MaybeToken,
    Path(id): Path<String>,
    uri: Uri,
    Query(page): Query<PageParams>,
) -> AppResult<Response> {
    relation_list(&state, token, &id, &uri, &page, false).await
}

async fn relation_list(
    state: &AppState,
    token: MaybeToken,
    id: &str,
    uri: &Uri,
    page: &PageParams,
    followers: bool,
) -> AppResult<Response> {
    let actor = find_actor(state, id).await?;
    let viewer_is_owner = token
        .reader(&["read:accounts"])?
        .is_some_and(|a| a.actor.id == actor.id);
    if actor.hide_collections && !viewer_is_owner {
        return Ok(paginated(
            Vec::<Account>::new(),
            &[],
            uri,
            state.config.server.base_url.as_str(),
        ));
    }
    let limit = page.account_limit();
    let mut conn = state.db.get().await?;
    let rows = if followers {
        follows::listing(&mut conn, follows::Listing::Followers, actor.id, page.max_id, limit).await?
    } else {
        follows::listing(&mut conn, follows::Listing::Following, actor.id, page.max_id, limit).await?
    };
    Ok(views::account_page(state, uri, rows.iter().map(|(f, a)| (f.id, a))))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AccountStatusesQuery {
    #[serde(flatten)]
    page: PageParams,
    #[serde(deserialize_with = "lenient::opt_bool")]
    exclude_replies: Option<bool>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    exclude_reblogs: Option<bool>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    only_media: Option<bool>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    pinned: Option<bool>,
}

/// An account's statuses that the viewer may see.
#[utoipa::path(get, path = "/api/v1/accounts/{id}/statuses", tag = "accounts", params(("id" = String, Path)), responses((status = 200, body = [crate::api::entities::Status])))]
pub async fn statuses(
    State(state): State<AppState>,
    token: MaybeToken,
    Path(id): Path<String>,
    uri: Uri,
    Params(query): Params<AccountStatusesQuery>,
) -> AppResult<Response> {
    let actor = find_actor(&state, &id).await?;
    let viewer_id = token.reader(&["read:statuses"])?.map(|a| a.actor.id);
    let viewer = viewer_id.map_or(Viewer::Anonymous, Viewer::Actor);
    // The posts pinned to the profile, as many as there are (five at most), that the viewer may see.
    if query.pinned == Some(true) {
        let mut conn = state.db.get().await?;
        let mut rows = Vec::new();
        for status in crate::db::favourites::pinned_by(&mut conn, actor.id).await? {
            if statuses::visible_to(&mut conn, viewer, status.id).await? {
                rows.push(status);
            }
        }
        let out = views::statuses(&mut conn, &state, viewer_id, rows).await?;
        return Ok(axum::response::IntoResponse::into_response(axum::Json(out)));
    }
    let page = query.page.page(20, 40);
    let mut conn = state.db.get().await?;
    let rows = statuses::by_account(
        &mut conn,
        viewer,
        actor.id,
        &statuses::AccountFilter {
            exclude_replies: query.exclude_replies == Some(true),
            exclude_reblogs: query.exclude_reblogs == Some(true),
            only_media: query.only_media == Some(true),
            group_threads: actor.actor_type == "Group",
        },
        &page,
    )
    .await?;
    let ids: Vec<i64> = rows.iter().map(|s| s.id).collect();
    let entities = views::statuses(&mut conn, &state, viewer_id, rows).await?;
    Ok(paginated(entities, &ids, &uri, state.config.server.base_url.as_str()))
}

/// Pending follow requests to the signed-in account.
#[utoipa::path(get, path = "/api/v1/follow_requests", tag = "follow_requests", security(("bearer" = ["read:follows"])), responses((status = 200, body = [Account])))]
pub async fn follow_requests(
    State(state): State<AppState>,
    token: Token,
    uri: Uri,
    Query(page): Query<PageParams>,
) -> AppResult<Response> {
    let me = token.user(&["read:follows", "follow"])?;
    let mut conn = state.db.get().await?;
    let rows = follows::listing(
        &mut conn,
        follows::Listing::Requests,
        me.actor.id,
        page.max_id,
        page.account_limit(),
    )
    .await?;
    Ok(views::account_page(&state, &uri, rows.iter().map(|(f, a)| (f.id, a))))
}

#[utoipa::path(post, path = "/api/v1/follow_requests/{id}/authorize", tag = "follow_requests", security(("bearer" = ["write:follows"])),
    params(("id" = String, Path)), responses((status = 200, body = Relationship)))]
pub async fn authorize_request(State(state): State<AppState>, token: Token, Path(id): Path<String>) -> RelationReply {
    change_relation(&state, token, &id, RelationChange::AuthorizeRequest).await
}

#[utoipa::path(post, path = "/api/v1/follow_requests/{id}/reject", tag = "follow_requests", security(("bearer" = ["write:follows"])),
    params(("id" = String, Path)), responses((status = 200, body = Relationship)))]
pub async fn reject_request(State(state): State<AppState>, token: Token, Path(id): Path<String>) -> RelationReply {
    change_relation(&state, token, &id, RelationChange::RejectRequest).await
}

/// The accounts the signed-in user blocks.
pub async fn blocks(
    State(state): State<AppState>,
    token: Token,
    uri: Uri,
    Query(page): Query<PageParams>,
) -> AppResult<Response> {
    let me = token.user(&["read:blocks"])?;
    let mut conn = state.db.get().await?;
    let rows = follows::blocked_by(&mut conn, me.actor.id, page.max_id, page.account_limit()).await?;
    Ok(views::account_page(&state, &uri, rows.iter().map(|(b, a)| (b.id, a))))
}

/// The accounts one mutes (mutes that ran out are not listed).
#[utoipa::path(get, path = "/api/v1/mutes", tag = "accounts", security(("bearer" = ["read:mutes"])),
    responses((status = 200, body = [Account])))]
pub async fn mutes(
    State(state): State<AppState>,
    token: Token,
    uri: Uri,
    Query(page): Query<PageParams>,
) -> AppResult<Response> {
    let me = token.user(&["read:mutes", "follow"])?;
    let mut conn = state.db.get().await?;
    let rows = follows::muted_by(&mut conn, me.actor.id, page.max_id, page.account_limit()).await?;
    Ok(views::account_page(&state, &uri, rows.iter().map(|(m, a)| (m.id, a))))
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ChangePasswordParams {
    current_password: String,
    password: String,
}

/// Changes the signed-in user's password (Fucina's own endpoint: Mastodon has none).
#[utoipa::path(post, path = "/api/fucina/v1/account/password", tag = "fucina", request_body = ChangePasswordParams,
    security(("bearer" = ["write:accounts"])),
    responses((status = 200, description = "Changed"), (status = 422, description = "Wrong current password, or the new one is too short")))]
pub async fn change_password(
    State(state): State<AppState>,
    token: Token,
    Params(params): Params<ChangePasswordParams>,
) -> AppResult<Json<serde_json::Value>> {
    let account = token.user(&["write:accounts"])?;
    let keep = accounts::KeepSignedIn {
        session_hash: None,
        token_id: Some(token.context().token.id),
    };
    accounts::change_password(&state, account, &params.current_password, &params.password, keep).await?;
    Ok(Json(serde_json::json!({})))
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct EmailNotificationsParams {
    /// `off`, `immediate`, `daily` or `weekly`.
    email_notifications: String,
}

/// How the signed-in user's notifications are e-mailed.
#[utoipa::path(get, path = "/api/fucina/v1/account/email_notifications", tag = "fucina",
    security(("bearer" = ["read:accounts"])), responses((status = 200, body = EmailNotificationsParams)))]
pub async fn email_notifications(
    State(state): State<AppState>,
    token: Token,
) -> AppResult<Json<EmailNotificationsParams>> {
    let account = token.user(&["read:accounts"])?;
    let mut conn = state.db.get().await?;
    let preference = crate::db::mail::preference(&mut conn, account.user.id)
        .await?
        .ok_or(crate::error::AppError::NotFound)?;
    Ok(Json(EmailNotificationsParams {
        email_notifications: preference.email_notifications,
    }))
}

/// Changes how the signed-in user's notifications are e-mailed.
#[utoipa::path(post, path = "/api/fucina/v1/account/email_notifications", tag = "fucina",
    request_body = EmailNotificationsParams, security(("bearer" = ["write:accounts"])),
    responses((status = 200, body = EmailNotificationsParams), (status = 422, description = "Not one of the four choices")))]
pub async fn set_email_notifications(
    State(state): State<AppState>,
    token: Token,
    Params(params): Params<EmailNotificationsParams>,
) -> AppResult<Json<EmailNotificationsParams>> {
    let account = token.user(&["write:accounts"])?;
    crate::services::mail::set_preference(&state, account.user.id, &params.email_notifications).await?;
    Ok(Json(params))
}
