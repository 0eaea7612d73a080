//! Follows and blocks, in every direction: local→local, local→remote and
//! remote→local, with requests for accounts that approve followers by hand.

use diesel_async::{AsyncConnection, AsyncPgConnection};

use crate::activitypub::delivery;
use crate::activitypub::protocol::activities::Activity;
use crate::activitypub::protocol::outgoing::{Answered, Block, Follow, Undone};
use crate::db::actors::{self, DbActor};
use crate::db::follows::{self, DbFollow};
use crate::db::notifications;
use crate::error::{AppError, AppResult};
use crate::services::outbox;
use crate::state::AppState;

/// The `Follow` a follow row stands for.
fn follow_of(follow: &DbFollow, follower: &DbActor, followed: &DbActor) -> Follow {
    Follow::new(follow.ap_id.clone(), &follower.ap_id, &followed.ap_id)
}

/// `follower` follows `followed`, a person or another server's group (our
/// groups are joined through `relations::follow`). Local targets answer at
/// once (accepted, or a request if they approve by hand); remote ones get a
/// Follow and answer later.
pub async fn follow(state: &AppState, follower: &DbActor, followed: &DbActor) -> AppResult<DbFollow> {
    if follower.id == followed.id {
        return Err(AppError::bad_request("error-follow-self"));
    }
    let mut conn = state.db.get().await?;
    if follows::blocked_either_way(&mut conn, follower.id, followed.id).await? {
        return Err(AppError::forbidden("error-blocked"));
    }
    if followed.deleted_at.is_some() {
        return Err(AppError::NotFound);
    }
    let accepted_now = followed.is_local() && !followed.manually_approves_followers;
    let state_name = if accepted_now { "accepted" } else { "pending" };
    let ap_id = outbox::activity_id(follower, "Follow");
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let (follow, created) = follows::insert(conn, follower.id, followed.id, state_name, &ap_id).await?;
            if !created {
                return Ok(follow);
            }
            if follow.is_accepted() {
                count_follow(conn, follower, followed, 1).await?;
            }
            if followed.is_local() {
                let kind = if follow.is_accepted() {
                    "follow"
                } else {
                    "follow_request"
                };
                notifications::insert(conn, followed.id, follower.id, kind, None).await?;
            } else {
                outbox::send_to(
                    conn,
                    state,
                    follower,
                    follow_of(&follow, follower, followed),
                    &[followed],
                )
                .await?;
            }
            Ok(follow)
        })
        .await;
    delivery::wake_after(state, outcome)
}

async fn count_follow(
    conn: &mut AsyncPgConnection,
    follower: &DbActor,
    followed: &DbActor,
    delta: i64,
) -> diesel::QueryResult<()> {
    actors::bump_counters(conn, follower.id, 0, delta, 0).await?;
    actors::bump_counters(conn, followed.id, delta, 0, 0).await
}

/// Ends a follow or a request: the row, its counts and the request's notification go.
async fn end_follow(
    conn: &mut AsyncPgConnection,
    follower: &DbActor,
    followed: &DbActor,
) -> diesel::QueryResult<Option<DbFollow>> {
    let Some(follow) = follows::delete(conn, follower.id, followed.id).await? else {
        return Ok(None);
    };
    if follow.is_accepted() {
        count_follow(conn, follower, followed, -1).await?;
    }
    notifications::delete_for(conn, follower.id, "follow_request", None, Some(followed.id)).await?;
    Ok(Some(follow))
}

/// Tells a remote follower that `followed` accepted or rejected its Follow.
async fn answer_follow(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    follow: Follow,
    followed: &DbActor,
    follower: &DbActor,
    accepted: bool,
) -> AppResult<()> {
    let answered = Answered::Follow(follow);
    if accepted {
        let accept = outbox::accept(followed, answered, &follower.ap_id);
        outbox::send_to(conn, state, followed, accept, &[follower]).await?;
    } else {
        let reject = outbox::reject(followed, answered, &follower.ap_id);
        outbox::send_to(conn, state, followed, reject, &[follower]).await?;
    }
    Ok(())
}

/// `follower` stops following (or withdraws a request to) `followed`.
pub async fn unfollow(state: &AppState, follower: &DbActor, followed: &DbActor) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let Some(follow) = end_follow(conn, follower, followed).await? else {
                return Ok(());
            };
            if followed.is_local() {
                notifications::delete_for(conn, follower.id, "follow", None, Some(followed.id)).await?;
            } else {
                let undo = outbox::undo(
                    follower,
                    Undone::Follow(follow_of(&follow, follower, followed)),
                    &followed.ap_id,
                );
                outbox::send_to(conn, state, follower, undo, &[followed]).await?;
            }
            Ok(())
        })
        .await;
    delivery::wake_after(state, outcome)
}

/// `followed` accepts a pending request from `follower`.
pub async fn authorize(state: &AppState, followed: &DbActor, follower: &DbActor) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let follow = follows::find(conn, follower.id, followed.id)
                .await?
                .ok_or(AppError::NotFound)?;
            if !follows::set_accepted(conn, follow.id).await? {
                return Ok(());
            }
            count_follow(conn, follower, followed, 1).await?;
            notifications::delete_for(conn, follower.id, "follow_request", None, Some(followed.id)).await?;
            notifications::insert(conn, followed.id, follower.id, "follow", None).await?;
            if !follower.is_local() {
                let document = follow_of(&follow, follower, followed);
                answer_follow(conn, state, document, followed, follower, true).await?;
            }
            Ok(())
        })
        .await;
    delivery::wake_after(state, outcome)
}

/// `followed` refuses a request from `follower`, or removes an existing follower.
pub async fn reject(state: &AppState, followed: &DbActor, follower: &DbActor) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let follow = end_follow(conn, follower, followed).await?.ok_or(AppError::NotFound)?;
            if !follower.is_local() {
                let document = follow_of(&follow, follower, followed);
                answer_follow(conn, state, document, followed, follower, false).await?;
            }
            Ok(())
        })
        .await;
    delivery::wake_after(state, outcome)
}

/// `blocker` blocks `blocked`: follows end both ways and nothing more is delivered to them.
pub async fn block(state: &AppState, blocker: &DbActor, blocked: &DbActor) -> AppResult<()> {
    if blocker.id == blocked.id {
        return Err(AppError::bad_request("error-block-self"));
    }
    let mut conn = state.db.get().await?;
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let ap_id = outbox::activity_id(blocker, "Block");
            let Some(block) = follows::insert_block(conn, blocker.id, blocked.id, &ap_id).await? else {
                return Ok(());
            };
            for (follower, followed) in [(blocker, blocked), (blocked, blocker)] {
                end_follow(conn, follower, followed).await?;
            }
            if !blocked.is_local() {
                let activity = Block::new(block.ap_id.clone(), &blocker.ap_id, &blocked.ap_id);
                outbox::send_to(conn, state, blocker, activity, &[blocked]).await?;
            }
            Ok(())
        })
        .await;
    delivery::wake_after(state, outcome)
}

pub async fn unblock(state: &AppState, blocker: &DbActor, blocked: &DbActor) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let Some(block) = follows::delete_block(conn, blocker.id, blocked.id).await? else {
                return Ok(());
            };
            if !blocked.is_local() {
                let original = Block::new(block.ap_id.clone(), &blocker.ap_id, &blocked.ap_id);
                let undo = outbox::undo(blocker, Undone::Block(original), &blocked.ap_id);
                outbox::send_to(conn, state, blocker, undo, &[blocked]).await?;
            }
            Ok(())
        })
        .await;
    delivery::wake_after(state, outcome)
}

/// A remote actor's Follow of a local one.
pub async fn receive_follow(state: &AppState, follower: &DbActor, activity: &Activity) -> AppResult<()> {
    let target = activity
        .object_id()
        .ok_or_else(|| AppError::bad_request("error-activity-malformed"))?;
    let mut conn = state.db.get().await?;
    let Some(followed) = actors::find_by_ap_id(&mut conn, target)
        .await?
        .filter(DbActor::is_local)
    else {
        return Err(AppError::NotFound);
    };
    let follow_document = Follow::new(activity.id.to_string(), &follower.ap_id, &followed.ap_id);
    if follows::blocked_either_way(&mut conn, follower.id, followed.id).await? {
        answer_follow(&mut conn, state, follow_document, &followed, follower, false).await?;
        delivery::wake(state);
        return Ok(());
    }
    let accept_now = !followed.manually_approves_followers;
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let (follow, created) = follows::insert(
                conn,
                follower.id,
                followed.id,
                if accept_now { "accepted" } else { "pending" },
                activity.id.as_str(),
            )
            .await?;
            if created {
                if follow.is_accepted() {
                    count_follow(conn, follower, &followed, 1).await?;
                }
                let kind = if follow.is_accepted() {
                    "follow"
                } else {
                    "follow_request"
                };
                notifications::insert(conn, followed.id, follower.id, kind, None).await?;
            }
            // Accept again when they ask again: their first Accept may have been lost.
            if follow.is_accepted() {
                answer_follow(conn, state, follow_document, &followed, follower, true).await?;
            }
            Ok(())
        })
        .await;
    delivery::wake_after(state, outcome)
}

/// The follow an Accept, Reject or Undo refers to: by its id, or by who and whom.
async fn referenced_follow(
    conn: &mut AsyncPgConnection,
    activity: &Activity,
    follower_if_unknown: Option<i64>,
    followed_if_unknown: Option<i64>,
) -> AppResult<Option<DbFollow>> {
    if let Some(id) = activity.object_id()
        && let Some(follow) = follows::find_by_ap_id(conn, id).await?
    {
        return Ok(Some(follow));
    }
    // Some servers send a new Follow object with its own id: match on the actors.
    let object = &activity.object;
    let actor_in_object = object
        .get("actor")
        .and_then(|v| crate::activitypub::protocol::object::id_of(v));
    let target_in_object = object
        .get("object")
        .and_then(|v| crate::activitypub::protocol::object::id_of(v));
    let follower = match (follower_if_unknown, actor_in_object) {
        (Some(id), _) => Some(id),
        (None, Some(ap_id)) => actors::find_by_ap_id(conn, ap_id).await?.map(|a| a.id),
        _ => None,
    };
    let followed = match (followed_if_unknown, target_in_object) {
        (Some(id), _) => Some(id),
        (None, Some(ap_id)) => actors::find_by_ap_id(conn, ap_id).await?.map(|a| a.id),
        _ => None,
    };
    match (follower, followed) {
        (Some(follower), Some(followed)) => Ok(follows::find(conn, follower, followed).await?),
        _ => Ok(None),
    }
}

/// A remote actor accepted a local one's Follow.
pub async fn receive_accept(state: &AppState, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    let Some(follow) = referenced_follow(&mut conn, activity, None, Some(signer.id)).await? else {
        return Ok(());
    };
    // Only the followed side may accept.
    if follow.followed_id != signer.id {
        return Err(AppError::forbidden("error-activity-not-yours"));
    }
    conn.transaction::<_, AppError, _>(async |conn| {
        if follows::set_accepted(conn, follow.id).await? {
            let follower = actors::find(conn, follow.follower_id)
                .await?
                .ok_or(AppError::NotFound)?;
            count_follow(conn, &follower, signer, 1).await?;
        }
        Ok(())
    })
    .await
}

/// A remote actor refused a local one's Follow, or removed them as a follower.
pub async fn receive_reject(state: &AppState, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    let Some(follow) = referenced_follow(&mut conn, activity, None, Some(signer.id)).await? else {
        return Ok(());
    };
    if follow.followed_id != signer.id {
        return Err(AppError::forbidden("error-activity-not-yours"));
    }
    let follower = actors::find(&mut conn, follow.follower_id)
        .await?
        .ok_or(AppError::NotFound)?;
    conn.transaction::<_, AppError, _>(async |conn| Ok(end_follow(conn, &follower, signer).await.map(drop)?))
        .await
}

/// A remote actor withdrew its Follow of a local one.
pub async fn receive_undo_follow(state: &AppState, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    let Some(follow) = referenced_follow(&mut conn, activity, Some(signer.id), None).await? else {
        return Ok(());
    };
    if follow.follower_id != signer.id {
        return Err(AppError::forbidden("error-activity-not-yours"));
    }
    let followed = actors::find(&mut conn, follow.followed_id)
        .await?
        .ok_or(AppError::NotFound)?;
    conn.transaction::<_, AppError, _>(async |conn| {
        end_follow(conn, signer, &followed).await?;
        notifications::delete_for(conn, signer.id, "follow", None, Some(followed.id)).await?;
        Ok(())
    })
    .await
}

/// A remote actor blocked a local one: follows end both ways.
pub async fn receive_block(state: &AppState, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    let target = activity
        .object_id()
        .ok_or_else(|| AppError::bad_request("error-activity-malformed"))?;
    let mut conn = state.db.get().await?;
    let Some(blocked) = actors::find_by_ap_id(&mut conn, target)
        .await?
        .filter(DbActor::is_local)
    else {
        return Ok(());
    };
    conn.transaction::<_, AppError, _>(async |conn| {
        follows::insert_block(conn, signer.id, blocked.id, activity.id.as_str()).await?;
        for (follower, followed) in [(signer, &blocked), (&blocked, signer)] {
            end_follow(conn, follower, followed).await?;
        }
        Ok(())
    })
    .await
}

pub async fn receive_undo_block(state: &AppState, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    let target = activity
        .object
        .get("object")
        .and_then(|v| crate::activitypub::protocol::object::id_of(v))
        .map(str::to_owned);
    let mut conn = state.db.get().await?;
    let Some(target) = target else { return Ok(()) };
    if let Some(blocked) = actors::find_by_ap_id(&mut conn, &target).await? {
        follows::delete_block(&mut conn, signer.id, blocked.id).await?;
    }
    Ok(())
}

/// `actor` mutes `target` (hiding its notifications too, if asked) for
/// `duration_seconds`, or for good; the muted account is never told.
pub async fn mute(
    state: &AppState,
    actor: &DbActor,
    target: &DbActor,
    notifications: bool,
    duration_seconds: Option<i64>,
) -> AppResult<()> {
    if actor.id == target.id {
        return Err(AppError::bad_request("error-mute-self"));
    }
    let expires_at = duration_seconds
        .filter(|s| *s > 0)
        .map(|s| chrono::Utc::now() + chrono::Duration::seconds(s));
    let mut conn = state.db.get().await?;
    follows::upsert_mute(&mut conn, actor.id, target.id, notifications, expires_at).await?;
    Ok(())
}

pub async fn unmute(state: &AppState, actor: &DbActor, target: &DbActor) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    follows::delete_mute(&mut conn, actor.id, target.id).await?;
    Ok(())
}
