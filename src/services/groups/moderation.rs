//! Moderation of a group: roles, bans, and acts on posts in it (remove, lock,
//! unlock, pin, unpin), by its moderators here or on other servers, each
//! announced to the members and written in the moderation log.

use diesel_async::AsyncConnection;

use crate::activitypub::delivery;
use crate::activitypub::protocol::activities::Activity;
use crate::activitypub::protocol::outgoing::{Add, Announced, Audience, Delete, Lock, Outgoing, Remove, Undo, Undone};
use crate::db::actors::{self, DbActor};
use crate::db::groups::{self};
use crate::db::statuses::{self, DbStatus};
use crate::domain::group::GroupRole;
use crate::domain::visibility::PUBLIC;
use crate::error::{AppError, AppResult};
use crate::services::groups::{local_group, members_only, require_role};
use crate::services::{follows as follow_service, outbox};
use crate::state::AppState;

/// A manager appoints or dismisses a moderator or manager (`None`: plain member).
pub async fn set_role(
    state: &AppState,
    manager: &DbActor,
    group_id: i64,
    target: &DbActor,
    role: Option<GroupRole>,
) -> AppResult<()> {
    let group = local_group(state, group_id).await?;
    let mut conn = state.db.get().await?;
    require_role(&mut conn, &group, manager, GroupRole::Manager).await?;
    if !groups::is_member(&mut conn, group_id, target.id).await? {
        return Err(AppError::bad_request("error-group-not-member"));
    }
    let stored = role.filter(|r| *r != GroupRole::Member).map(GroupRole::as_str);
    conn.transaction::<_, AppError, _>(async |conn| {
        groups::set_role(conn, group_id, target.id, stored, Some(manager.id)).await?;
        groups::log(
            conn,
            Some(group_id),
            manager.id,
            &format!("role:{}", role.unwrap_or(GroupRole::Member).as_str()),
            Some(target.id),
            None,
            "",
        )
        .await?;
        Ok(())
    })
    .await
}

/// Bans a member: their membership ends, they cannot rejoin or post.
pub async fn ban(
    state: &AppState,
    moderator: &DbActor,
    group_id: i64,
    target: &DbActor,
    reason: &str,
) -> AppResult<()> {
    let group = local_group(state, group_id).await?;
    let mut conn = state.db.get().await?;
    require_role(&mut conn, &group, moderator, GroupRole::Moderator).await?;
    if groups::role_of(&mut conn, group_id, target.id).await?.is_some() {
        return Err(AppError::forbidden("error-group-ban-staff"));
    }
    drop(conn);
    match follow_service::reject(state, &group.actor, target).await {
        Ok(()) | Err(AppError::NotFound) => {}
        Err(other) => return Err(other),
    }
    let mut conn = state.db.get().await?;
    let reason: String = reason.trim().chars().take(500).collect();
    groups::ban(&mut conn, group_id, target.id, moderator.id, &reason).await?;
    groups::log(
        &mut conn,
        Some(group_id),
        moderator.id,
        "ban",
        Some(target.id),
        None,
        &reason,
    )
    .await?;
    Ok(())
}

pub async fn unban(state: &AppState, moderator: &DbActor, group_id: i64, target: &DbActor) -> AppResult<()> {
    let group = local_group(state, group_id).await?;
    let mut conn = state.db.get().await?;
    require_role(&mut conn, &group, moderator, GroupRole::Moderator).await?;
    groups::unban(&mut conn, group_id, target.id).await?;
    groups::log(
        &mut conn,
        Some(group_id),
        moderator.id,
        "unban",
        Some(target.id),
        None,
        "",
    )
    .await?;
    Ok(())
}

/// A moderation action on a post in a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostAction {
    Remove,
    Lock,
    Unlock,
    Pin,
    Unpin,
}

impl PostAction {
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "remove" => Some(PostAction::Remove),
            "lock" => Some(PostAction::Lock),
            "unlock" => Some(PostAction::Unlock),
            "pin" => Some(PostAction::Pin),
            "unpin" => Some(PostAction::Unpin),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            PostAction::Remove => "remove",
            PostAction::Lock => "lock",
            PostAction::Unlock => "unlock",
            PostAction::Pin => "pin",
            PostAction::Unpin => "unpin",
        }
    }
}

/// Removes, locks or pins a post of a local group; the group announces the
/// moderator's act to its followers (in Lemmy's shape), and the author's server
/// hears of a removal.
pub async fn moderate(
    state: &AppState,
    moderator: &DbActor,
    status_id: i64,
    action: PostAction,
    reason: &str,
) -> AppResult<DbStatus> {
    let mut conn = state.db.get().await?;
    let status = statuses::find(&mut conn, status_id)
        .await?
        .filter(|s| !s.is_deleted())
        .ok_or(AppError::NotFound)?;
    let group_id = status
        .group_id
        .ok_or_else(|| AppError::bad_request("error-group-not-in-group"))?;
    let group = groups::find(&mut conn, group_id).await?.ok_or(AppError::NotFound)?;
    require_role(&mut conn, &group, moderator, GroupRole::Moderator).await?;
    if matches!(
        action,
        PostAction::Lock | PostAction::Unlock | PostAction::Pin | PostAction::Unpin
    ) && status.in_reply_to_id.is_some()
    {
        return Err(AppError::bad_request("error-group-thread-only"));
    }
    let author = actors::find(&mut conn, status.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let reason: String = reason.trim().chars().take(500).collect();
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let audience = || Audience::to_cc([PUBLIC.to_owned()], [group.actor.ap_id.clone()]);
            let id = outbox::activity_id(moderator, action.as_str());
            let (inner, recipients_extra): (Outgoing, Vec<&DbActor>) = match action {
                PostAction::Remove => {
                    statuses::mark_deleted(conn, status.id).await?;
                    if let Some(parent) = status.in_reply_to_id {
                        statuses::bump(conn, parent, -1, 0, 0).await?;
                    }
                    (
                        Delete::removal(id, &moderator.ap_id, &status.ap_id, &reason, audience()).into(),
                        vec![&author],
                    )
                }
                PostAction::Lock | PostAction::Unlock => {
                    crate::db::group_posts::set_locked(conn, status.id, action == PostAction::Lock).await?;
                    let lock_id = outbox::activity_id(moderator, "Lock");
                    let lock = Lock::new(lock_id, &moderator.ap_id, &status.ap_id, &reason, audience());
                    if action == PostAction::Lock {
                        (lock.into(), Vec::new())
                    } else {
                        (
                            Undo::new(id, &moderator.ap_id, Undone::Lock(lock), audience()).into(),
                            Vec::new(),
                        )
                    }
                }
                PostAction::Pin | PostAction::Unpin => {
                    crate::db::group_posts::set_pinned(conn, status.id, action == PostAction::Pin).await?;
                    let featured = state.urls().featured(&group.actor.ap_id);
                    let pin: Outgoing = if action == PostAction::Pin {
                        Add::new(id, &moderator.ap_id, &status.ap_id, &featured, audience()).into()
                    } else {
                        Remove::new(id, &moderator.ap_id, &status.ap_id, &featured, audience()).into()
                    };
                    (pin, Vec::new())
                }
            };
            groups::log(
                conn,
                Some(group.actor.id),
                moderator.id,
                action.as_str(),
                Some(author.id),
                Some(status.id),
                &reason,
            )
            .await?;
            let announce = outbox::announce(&group.actor, Announced::Ours(Box::new(inner)), members_only(&group));
            outbox::send_to_followers(conn, state, &group.actor, announce, &recipients_extra).await?;
            statuses::find(conn, status.id).await?.ok_or(AppError::NotFound)
        })
        .await;
    delivery::wake_after(state, outcome)
}

/// A moderator elsewhere locks, unlocks, pins or unpins a post of one of our
/// groups (Lemmy sends these to the group). Their role here decides.
pub async fn receive_moderation(
    state: &AppState,
    signer: &DbActor,
    activity: &Activity,
    action: PostAction,
) -> AppResult<()> {
    use crate::activitypub::protocol::object::id_of;
    let object_id = match action {
        PostAction::Unlock => activity.object.get("object").and_then(id_of),
        _ => activity.object_id(),
    };
    let Some(object_id) = object_id else {
        return Err(AppError::bad_request("error-activity-malformed"));
    };
    let mut conn = state.db.get().await?;
    let Some(status) = statuses::find_by_ap_id(&mut conn, object_id).await? else {
        return Ok(());
    };
    let Some(group) = status.group_id else {
        return Ok(());
    };
    let Some(group) = groups::find(&mut conn, group).await? else {
        return Ok(());
    };
    if matches!(action, PostAction::Pin | PostAction::Unpin) {
        let target = activity.target.as_ref().and_then(id_of);
        if target != group.actor.featured_url.as_deref() {
            return Ok(());
        }
    }
    drop(conn);
    moderate(
        state,
        signer,
        status.id,
        action,
        activity.summary.as_deref().unwrap_or_default(),
    )
    .await?;
    Ok(())
}
