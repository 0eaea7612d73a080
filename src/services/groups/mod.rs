//! Themes and communities: created and configured (`lifecycle`, `themes`),
//! joined and left (`membership`), moderated (`moderation`), and what other
//! servers' groups pass on (`relay`, FEP-1b12). Here: the rules the others
//! share (who holds which role, who may post where, which group a post is
//! addressed to) and how a group announces what is posted in it.

mod lifecycle;
mod membership;
mod moderation;
pub mod relay;
mod themes;

pub use lifecycle::{GroupEdit, NewCommunity, create_community, update_group};
pub use membership::{decide_request, invite, join, join_local, leave, receive_follow, receive_invite};
pub use moderation::{PostAction, ban, moderate, receive_moderation, set_role, unban};
pub use themes::{create_theme, ensure_themes, set_theme_retired, set_theme_texts};

use diesel_async::AsyncPgConnection;

use crate::activitypub::protocol::outgoing::{Announced, Outgoing};
use crate::crypto;
use crate::db::actors::{self, DbActor};
use crate::db::groups::{self, LocalGroup};
use crate::db::statuses::{self, DbStatus};
use crate::domain::account::Role;
use crate::domain::group::{GroupRole, JoinMode};
use crate::error::{AppError, AppResult};
use crate::i18n::Language;
use crate::services::local_actors::{self, LocalActor};
use crate::services::{accounts, outbox};
use crate::state::AppState;

/// Creates the local actor of a new group, with its key pair.
pub(crate) async fn new_group_actor(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    name: &str,
    title: &str,
    theme_key: Option<&str>,
    approves_members: bool,
) -> AppResult<DbActor> {
    let keys = crypto::generate_key_pair().await?;
    let urls = state.urls();
    let id = urls.person(name);
    let profile = urls.profile_page(name);
    let group = LocalActor {
        actor_type: "Group",
        username: name,
        display_name: title,
        ap_id: &id,
        url: &profile,
    };
    let actor = local_actors::insert(conn, &urls, group, &keys).await?;
    let details = actors::ActorChanges {
        featured_url: Some(&urls.featured(&id)),
        moderators_url: Some(&urls.moderators(&id)),
        manually_approves_followers: Some(approves_members),
        avatar_url: Some(&urls.group_icon(theme_key)),
        ..actors::ActorChanges::default()
    };
    Ok(actors::change(conn, actor.id, &details).await?)
}

pub(crate) fn translations(entries: &[(Language, String)]) -> serde_json::Value {
    serde_json::Value::Object(
        entries
            .iter()
            .map(|(l, v)| (l.code().to_owned(), serde_json::Value::String(v.clone())))
            .collect(),
    )
}

/// A local group by its actor id (404 for remote or unknown ones).
pub async fn local_group(state: &AppState, group_id: i64) -> AppResult<LocalGroup> {
    let mut conn = state.db.get().await?;
    groups::find(&mut conn, group_id).await?.ok_or(AppError::NotFound)
}

/// An actor's role in a local group: a manager or moderator by appointment, a
/// member by membership, none otherwise. Instance administrators act as managers.
pub async fn role_in(
    conn: &mut AsyncPgConnection,
    group: &LocalGroup,
    actor: &DbActor,
) -> AppResult<Option<GroupRole>> {
    if let Some(role) = groups::role_of(conn, group.actor.id, actor.id).await? {
        return Ok(GroupRole::parse(&role));
    }
    if actor.is_local()
        && let Some(user) = crate::db::users::find_account_by_actor(conn, actor.id).await?
        && accounts::role_of(&user) == Role::Admin
    {
        return Ok(Some(GroupRole::Manager));
    }
    Ok(groups::is_member(conn, group.actor.id, actor.id)
        .await?
        .then_some(GroupRole::Member))
}

pub(crate) async fn require_role(
    conn: &mut AsyncPgConnection,
    group: &LocalGroup,
    actor: &DbActor,
    needed: GroupRole,
) -> AppResult<()> {
    match role_in(conn, group, actor).await? {
        Some(role) if role >= needed => Ok(()),
        _ => Err(AppError::forbidden("error-group-not-allowed")),
    }
}

/// Whether a group's content is for its members only.
pub fn members_only(group: &LocalGroup) -> bool {
    JoinMode::parse(&group.group.join_mode).is_some_and(JoinMode::members_only)
}

/// Whether `author` may post in `group` (a reply when `reply` is set). Refusals say why.
pub async fn check_can_post(
    conn: &mut AsyncPgConnection,
    group: &LocalGroup,
    author: &DbActor,
    reply_to: Option<&DbStatus>,
    article: bool,
) -> AppResult<()> {
    if group.group.retired_at.is_some() {
        return Err(AppError::forbidden("error-group-retired"));
    }
    if groups::is_banned(conn, group.actor.id, author.id).await? {
        return Err(AppError::forbidden("error-group-banned"));
    }
    if let Some(parent) = reply_to {
        let root_locked = parent.locked || thread_locked(conn, parent).await?;
        if root_locked {
            return Err(AppError::forbidden("error-group-locked"));
        }
    }
    let role = role_in(conn, group, author).await?;
    let mode = JoinMode::parse(&group.group.join_mode).unwrap_or(JoinMode::Open);
    if !mode.is_open() && role.is_none() {
        return Err(AppError::forbidden("error-group-members-only"));
    }
    let staff = role.is_some_and(GroupRole::can_moderate);
    if article && !staff {
        return Err(AppError::forbidden("error-group-news-staff"));
    }
    if group.group.posting_restricted && reply_to.is_none() && !staff {
        return Err(AppError::forbidden("error-group-news-staff"));
    }
    Ok(())
}

/// Whether the thread a post belongs to was locked (at its first post).
async fn thread_locked(conn: &mut AsyncPgConnection, status: &DbStatus) -> AppResult<bool> {
    let ancestors = statuses::ancestors(conn, statuses::Viewer::Actor(status.actor_id), status).await?;
    Ok(ancestors.first().is_some_and(|root| root.locked))
}

/// The group a post is addressed to, if it is one of ours: `audience`, the
/// recipients, a mention, or the thread it replies in.
pub async fn addressed_local_group(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    candidates: &[String],
    parent: Option<&DbStatus>,
) -> AppResult<Option<LocalGroup>> {
    if let Some(group_id) = parent.and_then(|p| p.group_id) {
        return Ok(groups::find(conn, group_id).await?);
    }
    let own = state.urls().absolute("/users/");
    for candidate in candidates.iter().filter(|c| c.starts_with(&own)) {
        // Most posts address people: remembered, they cost no query.
        if state.local_actor_kinds.is_group(candidate) == Some(false) {
            continue;
        }
        let Some(actor) = actors::find_by_ap_id(conn, candidate).await?.filter(DbActor::is_local) else {
            continue;
        };
        let is_group = actor.actor_type == "Group";
        state.local_actor_kinds.remember(candidate, is_group);
        if is_group {
            return Ok(groups::find(conn, actor.id).await?);
        }
    }
    Ok(None)
}

/// Announces a post of a group to the group's followers, twice as Lemmy and
/// Mastodon each expect: the Create (for FEP-1b12 groups), and the object (for
/// Mastodon, which shows announced posts).
/// Relays one of our activities about a post in `group` (an edit, a poll's
/// new counts) to its members, as the group's `Announce`.
pub async fn relay_to_members(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    group: &LocalGroup,
    activity: Outgoing,
) -> AppResult<()> {
    let announce = outbox::announce(&group.actor, Announced::Ours(Box::new(activity)), members_only(group));
    outbox::send_to_followers(conn, state, &group.actor, announce, &[]).await?;
    Ok(())
}

pub async fn announce_post(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    group: &LocalGroup,
    create: Announced,
    object_id: &str,
) -> AppResult<()> {
    let members_only = members_only(group);
    let announce_create = outbox::announce(&group.actor, create, members_only);
    outbox::send_to_followers(conn, state, &group.actor, announce_create, &[]).await?;
    let announce_object = outbox::announce(&group.actor, Announced::Id(object_id.to_owned()), members_only);
    outbox::send_to_followers(conn, state, &group.actor, announce_object, &[]).await?;
    Ok(())
}
