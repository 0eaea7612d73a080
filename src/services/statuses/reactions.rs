//! Favourites and boosts by people here, and what they tell the post's
//! author and the post's group.

use diesel_async::{AsyncConnection, AsyncPgConnection};

use crate::activitypub::delivery;
use crate::activitypub::protocol::outgoing::{Announce, Announced, Audience, Like, Outgoing, Undone};
use crate::db::actors::{self, DbActor};
use crate::db::notifications;
use crate::db::statuses::Viewer;
use crate::db::statuses::{self, DbStatus, NewStatus};
use crate::domain::visibility::PUBLIC;
use crate::domain::visibility::Visibility;
use crate::error::{AppError, AppResult};
use crate::services::{groups, outbox};
use crate::state::AppState;

/// A status the actor may interact with (see, favourite, boost).
async fn visible_status(conn: &mut AsyncPgConnection, actor: &DbActor, status_id: i64) -> AppResult<DbStatus> {
    let status = statuses::find(conn, status_id)
        .await?
        .filter(|s| !s.is_deleted())
        .ok_or(AppError::NotFound)?;
    if !statuses::visible_to(conn, Viewer::Actor(actor.id), status.id).await? {
        return Err(AppError::NotFound);
    }
    Ok(status)
}

/// Favourites a post (a `Like`).
pub async fn favourite(state: &AppState, actor: &DbActor, status_id: i64) -> AppResult<DbStatus> {
    let mut conn = state.db.get().await?;
    let status = visible_status(&mut conn, actor, status_id).await?;
    let status = match status.reblog_of_id {
        Some(original) => visible_status(&mut conn, actor, original).await?,
        None => status,
    };
    let author = actors::find(&mut conn, status.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let ap_id = outbox::activity_id(actor, "Like");
    conn.transaction::<_, AppError, _>(async |conn| {
        if crate::db::favourites::insert_favourite(conn, actor.id, status.id, &ap_id)
            .await?
            .is_none()
        {
            return Ok(());
        }
        statuses::bump(conn, status.id, 0, 0, 1).await?;
        let like: Outgoing = Like::new(
            ap_id.clone(),
            &actor.ap_id,
            &status.ap_id,
            Audience::to([author.ap_id.clone()]),
        )
        .into();
        if author.is_local() {
            if author.id != actor.id {
                notifications::insert(conn, author.id, actor.id, "favourite", Some(status.id)).await?;
            }
        } else {
            outbox::send_to(conn, state, actor, like.clone(), &[&author]).await?;
        }
        tell_group(conn, state, actor, &status, like).await?;
        Ok(())
    })
    .await?;
    delivery::wake(state);
    let mut conn = state.db.get().await?;
    statuses::find(&mut conn, status.id).await?.ok_or(AppError::NotFound)
}

pub async fn unfavourite(state: &AppState, actor: &DbActor, status_id: i64) -> AppResult<DbStatus> {
    let mut conn = state.db.get().await?;
    let status = statuses::find(&mut conn, status_id).await?.ok_or(AppError::NotFound)?;
    let author = actors::find(&mut conn, status.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    conn.transaction::<_, AppError, _>(async |conn| {
        let Some(like_id) = crate::db::favourites::delete_favourite(conn, actor.id, status.id).await? else {
            return Ok(());
        };
        statuses::bump(conn, status.id, 0, 0, -1).await?;
        let like = Like::new(like_id, &actor.ap_id, &status.ap_id, Audience::none());
        let undo: Outgoing = outbox::undo(actor, Undone::Like(like), &author.ap_id).into();
        if author.is_local() {
            notifications::delete_for(conn, actor.id, "favourite", Some(status.id), Some(author.id)).await?;
        } else {
            outbox::send_to(conn, state, actor, undo.clone(), &[&author]).await?;
        }
        tell_group(conn, state, actor, &status, undo).await?;
        Ok(())
    })
    .await?;
    delivery::wake(state);
    let mut conn = state.db.get().await?;
    statuses::find(&mut conn, status.id).await?.ok_or(AppError::NotFound)
}

/// Boosts a post (an `Announce` to one's followers). Returns the boost.
pub async fn reblog(state: &AppState, actor: &DbActor, status_id: i64) -> AppResult<DbStatus> {
    let mut conn = state.db.get().await?;
    let status = visible_status(&mut conn, actor, status_id).await?;
    let status = match status.reblog_of_id {
        Some(original) => visible_status(&mut conn, actor, original).await?,
        None => status,
    };
    let visibility = Visibility::parse(&status.visibility).unwrap_or(Visibility::Direct);
    if !visibility.can_be_boosted() {
        return Err(AppError::forbidden("error-boost-private"));
    }
    if let Some(existing) = statuses::find_boost(&mut conn, actor.id, status.id).await? {
        return Ok(existing);
    }
    let author = actors::find(&mut conn, status.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let urls = state.urls();
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let id = statuses::next_id(conn).await?;
            let ap_id = format!("{}/statuses/{id}", actor.ap_id);
            let boost = statuses::insert(
                conn,
                id,
                &NewStatus {
                    url: Some(format!("{}/{id}", urls.profile_page(&actor.username))),
                    local: true,
                    ..NewStatus::boost(ap_id.clone(), actor.id, status.id)
                },
            )
            .await?;
            statuses::bump(conn, status.id, 0, 1, 0).await?;
            if author.is_local() && author.id != actor.id {
                notifications::insert(conn, author.id, actor.id, "reblog", Some(status.id)).await?;
            }
            let mut announce = boost_of(&boost, actor, &status);
            announce.published = Some(boost.published_at);
            announce.audience = Audience::to_cc(
                [PUBLIC.to_owned()],
                [author.ap_id.clone()].into_iter().chain(actor.followers_url.clone()),
            );
            outbox::send_to_followers(conn, state, actor, announce, &[&author]).await?;
            Ok(boost)
        })
        .await;
    delivery::wake_after(state, outcome)
}

pub async fn unreblog(state: &AppState, actor: &DbActor, status_id: i64) -> AppResult<DbStatus> {
    let mut conn = state.db.get().await?;
    let status = statuses::find(&mut conn, status_id).await?.ok_or(AppError::NotFound)?;
    let Some(boost) = statuses::find_boost(&mut conn, actor.id, status.id).await? else {
        return Ok(status);
    };
    let author = actors::find(&mut conn, status.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    conn.transaction::<_, AppError, _>(async |conn| {
        statuses::mark_deleted(conn, boost.id).await?;
        statuses::bump(conn, status.id, 0, -1, 0).await?;
        notifications::delete_for(conn, actor.id, "reblog", Some(status.id), None).await?;
        let announce = boost_of(&boost, actor, &status);
        let undo = outbox::undo(actor, Undone::Announce(Box::new(announce)), PUBLIC);
        outbox::send_to_followers(conn, state, actor, undo, &[&author]).await?;
        Ok(())
    })
    .await?;
    delivery::wake(state);
    let mut conn = state.db.get().await?;
    statuses::find(&mut conn, status.id).await?.ok_or(AppError::NotFound)
}

/// The `Announce` a boost row stands for, at `<boost>/activity`.
fn boost_of(boost: &DbStatus, actor: &DbActor, status: &DbStatus) -> Announce {
    Announce::new(
        format!("{}/activity", boost.ap_id),
        &actor.ap_id,
        Announced::Id(status.ap_id.clone()),
        Audience::none(),
    )
}

/// A local like (or its undo) of a post in a group also goes to the group:
/// ours passes it on at once; another server's gets it to pass on, as Lemmy
/// sends votes to the community.
async fn tell_group(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    actor: &DbActor,
    status: &DbStatus,
    activity: Outgoing,
) -> AppResult<()> {
    let Some(group) = status.group_id else {
        return Ok(());
    };
    match actors::find(conn, group).await? {
        Some(group) if !group.is_local() && group.id != status.actor_id => {
            outbox::send_to(conn, state, actor, activity, &[&group]).await?;
            Ok(())
        }
        Some(_) => announce_in_group(conn, state, status, activity).await,
        None => Ok(()),
    }
}

/// A like (or its undo) of a post in one of our groups: the group passes it
/// on to its members' servers, as Lemmy's communities pass on votes
/// (FEP-1b12), so that every copy of the post counts it. Posts elsewhere, and
/// in other servers' groups, are left alone.
pub(crate) async fn announce_in_group(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    status: &DbStatus,
    activity: Outgoing,
) -> AppResult<()> {
    let Some(group_id) = status.group_id else {
        return Ok(());
    };
    let Some(local) = crate::db::groups::find(conn, group_id).await? else {
        return Ok(());
    };
    groups::relay_to_members(conn, state, &local, activity).await
}

/// Bookmarks a post the actor may see (a boost: its original); private, so
/// nothing is sent anywhere.
pub async fn bookmark(state: &AppState, actor: &DbActor, status_id: i64) -> AppResult<DbStatus> {
    let mut conn = state.db.get().await?;
    let status = visible_status(&mut conn, actor, status_id).await?;
    let target = match status.reblog_of_id {
        Some(original) => visible_status(&mut conn, actor, original).await?,
        None => status.clone(),
    };
    crate::db::favourites::insert_bookmark(&mut conn, actor.id, target.id).await?;
    Ok(status)
}

pub async fn unbookmark(state: &AppState, actor: &DbActor, status_id: i64) -> AppResult<DbStatus> {
    let mut conn = state.db.get().await?;
    let status = visible_status(&mut conn, actor, status_id).await?;
    let target = status.reblog_of_id.unwrap_or(status.id);
    crate::db::favourites::delete_bookmark(&mut conn, actor.id, target).await?;
    Ok(status)
}

/// The most posts a person pins (what `v1/instance` advertises).
pub const MAX_PINNED: usize = 5;

/// Pins one of one's own posts to one's profile (public, unlisted or
/// followers-only; never a boost or a direct message), at most five; the
/// followers' servers get an `Add` to the `featured` collection.
pub async fn pin(state: &AppState, actor: &DbActor, status_id: i64) -> AppResult<DbStatus> {
    set_pin(state, actor, status_id, true).await
}

/// Unpins it; the followers' servers get a `Remove`.
pub async fn unpin(state: &AppState, actor: &DbActor, status_id: i64) -> AppResult<DbStatus> {
    set_pin(state, actor, status_id, false).await
}

async fn set_pin(state: &AppState, actor: &DbActor, status_id: i64, pin: bool) -> AppResult<DbStatus> {
    use crate::activitypub::protocol::outgoing::{Add, Remove};
    let mut conn = state.db.get().await?;
    let status = visible_status(&mut conn, actor, status_id).await?;
    if status.actor_id != actor.id {
        return Err(AppError::field("id", "ERR_INVALID", "error-pin-not-own"));
    }
    if pin && (status.reblog_of_id.is_some() || status.visibility == "direct") {
        return Err(AppError::field("id", "ERR_INVALID", "error-pin-visibility"));
    }
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            if pin
                && crate::db::favourites::pinned_by(conn, actor.id).await?.len() >= MAX_PINNED
                && status.featured_at.is_none()
            {
                return Err(AppError::field("id", "ERR_TOO_LONG", "error-pin-limit"));
            }
            if crate::db::favourites::set_featured(conn, status.id, pin).await? {
                let featured = state.urls().featured(&actor.ap_id);
                let audience = Audience::to_cc(
                    [crate::domain::visibility::PUBLIC.to_owned()],
                    actor.followers_url.clone(),
                );
                let id = outbox::activity_id(actor, if pin { "Add" } else { "Remove" });
                let activity: crate::activitypub::protocol::outgoing::Outgoing = if pin {
                    Add::new(id, &actor.ap_id, &status.ap_id, &featured, audience).into()
                } else {
                    Remove::new(id, &actor.ap_id, &status.ap_id, &featured, audience).into()
                };
                outbox::send_to_followers(conn, state, actor, activity, &[]).await?;
            }
            statuses::find(conn, status.id).await?.ok_or(AppError::NotFound)
        })
        .await;
    crate::activitypub::delivery::wake_after(state, outcome)
}

/// Whether an `Add` or `Remove` is a person pinning or unpinning one of
/// their own posts (its target is their own `featured` collection), rather
/// than a group moderator's pin.
pub fn is_own_pin(signer: &DbActor, activity: &crate::activitypub::protocol::activities::Activity) -> bool {
    use crate::activitypub::protocol::object::id_of;
    signer.actor_type != "Group"
        && signer.featured_url.is_some()
        && activity.target.as_ref().and_then(id_of) == signer.featured_url.as_deref()
}

/// Another server's person pins or unpins one of their posts we keep; a post
/// we do not have, or not theirs, is ignored.
pub async fn receive_own_pin(
    state: &AppState,
    signer: &DbActor,
    activity: &crate::activitypub::protocol::activities::Activity,
    pin: bool,
) -> AppResult<()> {
    let Some(object_id) = activity.object_id() else {
        return Err(AppError::bad_request("error-activity-malformed"));
    };
    let mut conn = state.db.get().await?;
    if let Some(status) = statuses::find_by_ap_id(&mut conn, object_id).await?
        && status.actor_id == signer.id
    {
        crate::db::favourites::set_featured(&mut conn, status.id, pin).await?;
    }
    Ok(())
}
