//! Joining and leaving: membership *is* the follow relation, so joining
//! follows the group, a request is a pending follow, leaving unfollows. Open
//! groups take members at once, approval groups on a moderator's word,
//! invitation groups only the invited; here and from other servers.

use diesel_async::{AsyncConnection, AsyncPgConnection};

use crate::activitypub::delivery;
use crate::activitypub::protocol::activities::Activity;
use crate::activitypub::protocol::outgoing::{Answered, Follow, Invite};
use crate::db::actors::{self, DbActor};
use crate::db::follows::{self, DbFollow};
use crate::db::groups::{self, LocalGroup};
use crate::db::notifications;
use crate::domain::group::{GroupRole, JoinMode};
use crate::error::{AppError, AppResult};
use crate::services::groups::{local_group, require_role};
use crate::services::{follows as follow_service, outbox};
use crate::state::AppState;

/// Joins a group. Local groups decide by their join mode: open ones accept at
/// once, approval ones keep a request, invitation ones accept the invited only.
/// Remote groups get a Follow and answer later.
pub async fn join(state: &AppState, member: &DbActor, group: &DbActor) -> AppResult<DbFollow> {
    if group.actor_type != "Group" {
        return Err(AppError::NotFound);
    }
    if !group.is_local() {
        return follow_service::follow(state, member, group).await;
    }
    join_local(state, member, group).await
}

/// Joins one of our groups (what `join` and following it both come to).
pub async fn join_local(state: &AppState, member: &DbActor, group: &DbActor) -> AppResult<DbFollow> {
    let local = local_group(state, group.id).await?;
    let mut conn = state.db.get().await?;
    if local.group.retired_at.is_some() {
        return Err(AppError::forbidden("error-group-retired"));
    }
    if groups::is_banned(&mut conn, group.id, member.id).await? {
        return Err(AppError::forbidden("error-group-banned"));
    }
    let mode = JoinMode::parse(&local.group.join_mode).unwrap_or(JoinMode::Open);
    let invited = groups::is_invited(&mut conn, group.id, member.id).await?;
    if mode == JoinMode::Invitation && !invited {
        return Err(AppError::forbidden("error-group-invitation-only"));
    }
    let accept_now = mode == JoinMode::Open || invited;
    let ap_id = outbox::activity_id(member, "Follow");
    let follow = conn
        .transaction::<_, AppError, _>(async |conn| {
            let (follow, created) = follows::insert(
                conn,
                member.id,
                group.id,
                if accept_now { "accepted" } else { "pending" },
                &ap_id,
            )
            .await?;
            if created && follow.is_accepted() {
                actors::bump_counters(conn, group.id, 1, 0, 0).await?;
                actors::bump_counters(conn, member.id, 0, 1, 0).await?;
            }
            if created && !follow.is_accepted() {
                notify_staff(conn, &local, member.id, "group_request").await?;
            }
            Ok(follow)
        })
        .await?;
    Ok(follow)
}

/// Tells a group's managers and moderators.
async fn notify_staff(conn: &mut AsyncPgConnection, group: &LocalGroup, from: i64, kind: &str) -> AppResult<()> {
    for (_, staff) in groups::staff(conn, group.actor.id)
        .await?
        .into_iter()
        .filter(|(_, a)| a.is_local())
    {
        notifications::insert_for_group(conn, staff.id, from, kind, group.actor.id).await?;
    }
    Ok(())
}

/// Leaves a group (or withdraws a request).
pub async fn leave(state: &AppState, member: &DbActor, group: &DbActor) -> AppResult<()> {
    follow_service::unfollow(state, member, group).await
}

/// A remote actor's Follow of a local group: the group's join mode decides.
pub async fn receive_follow(
    state: &AppState,
    follower: &DbActor,
    group: &LocalGroup,
    activity: &Activity,
) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    let mode = JoinMode::parse(&group.group.join_mode).unwrap_or(JoinMode::Open);
    let refused = group.group.retired_at.is_some()
        || groups::is_banned(&mut conn, group.actor.id, follower.id).await?
        || (mode == JoinMode::Invitation && !groups::is_invited(&mut conn, group.actor.id, follower.id).await?);
    let follow_document = Follow::new(activity.id.to_string(), &follower.ap_id, &group.actor.ap_id);
    if refused {
        let reject = outbox::reject(&group.actor, Answered::Follow(follow_document), &follower.ap_id);
        outbox::send_to(&mut conn, state, &group.actor, reject, &[follower]).await?;
        delivery::wake(state);
        return Ok(());
    }
    let invited = groups::is_invited(&mut conn, group.actor.id, follower.id).await?;
    let accept_now = mode == JoinMode::Open || invited;
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let (follow, created) = follows::insert(
                conn,
                follower.id,
                group.actor.id,
                if accept_now { "accepted" } else { "pending" },
                activity.id.as_str(),
            )
            .await?;
            if created && follow.is_accepted() {
                actors::bump_counters(conn, group.actor.id, 1, 0, 0).await?;
            }
            if created && !follow.is_accepted() {
                notify_staff(conn, group, follower.id, "group_request").await?;
            }
            if follow.is_accepted() {
                let accept = outbox::accept(&group.actor, Answered::Follow(follow_document), &follower.ap_id);
                outbox::send_to(conn, state, &group.actor, accept, &[follower]).await?;
            }
            Ok(())
        })
        .await;
    delivery::wake_after(state, outcome)
}

/// A manager or moderator accepts or refuses a join request.
pub async fn decide_request(
    state: &AppState,
    moderator: &DbActor,
    group_id: i64,
    member: &DbActor,
    approve: bool,
) -> AppResult<()> {
    let group = local_group(state, group_id).await?;
    let mut conn = state.db.get().await?;
    require_role(&mut conn, &group, moderator, GroupRole::Moderator).await?;
    drop(conn);
    if approve {
        follow_service::authorize(state, &group.actor, member).await?;
    } else {
        follow_service::reject(state, &group.actor, member).await?;
    }
    let mut conn = state.db.get().await?;
    groups::log(
        &mut conn,
        Some(group_id),
        moderator.id,
        if approve { "approve_member" } else { "reject_member" },
        Some(member.id),
        None,
        "",
    )
    .await?;
    Ok(())
}

/// Invites someone (here or elsewhere) into a group; they may then join even
/// when it is invitation-only. Remote invitees get an `Invite`.
pub async fn invite(state: &AppState, moderator: &DbActor, group_id: i64, invitee: &DbActor) -> AppResult<()> {
    let group = local_group(state, group_id).await?;
    let mut conn = state.db.get().await?;
    require_role(&mut conn, &group, moderator, GroupRole::Moderator).await?;
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            groups::invite(conn, group_id, invitee.id, moderator.id).await?;
            groups::log(conn, Some(group_id), moderator.id, "invite", Some(invitee.id), None, "").await?;
            if invitee.is_local() {
                notifications::insert_for_group(conn, invitee.id, moderator.id, "group_invitation", group_id).await?;
            } else {
                let invitation = Invite::new(
                    outbox::activity_id(&group.actor, "Invite"),
                    &group.actor.ap_id,
                    &invitee.ap_id,
                );
                outbox::send_to(conn, state, &group.actor, invitation, &[invitee]).await?;
            }
            Ok(())
        })
        .await;
    delivery::wake_after(state, outcome)
}

/// A remote group invites a local actor: they are told.
pub async fn receive_invite(state: &AppState, group: &DbActor, activity: &Activity) -> AppResult<()> {
    let Some(target) = activity
        .target
        .as_ref()
        .and_then(|t| crate::activitypub::protocol::object::id_of(t))
        .map(str::to_owned)
    else {
        return Ok(());
    };
    let mut conn = state.db.get().await?;
    if let Some(invitee) = actors::find_by_ap_id(&mut conn, &target)
        .await?
        .filter(DbActor::is_local)
    {
        notifications::insert_for_group(&mut conn, invitee.id, group.id, "group_invitation", group.id).await?;
    }
    Ok(())
}
