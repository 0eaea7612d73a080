//! Posts, edits, deletions, likes and boosts from other servers, after the
//! inbox has verified who sent them: each is checked against what its
//! sender may change, then stored or applied.

use chrono::Utc;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::json;

use crate::activitypub::objects::actor::host_of;
use crate::activitypub::protocol::activities::Activity;
use crate::activitypub::protocol::object::Note;
use crate::activitypub::protocol::outgoing::{Announced, Audience, Like, Undo, Undone};
use crate::activitypub::{delivery, fetch};
use crate::db::actors::DbActor;
use crate::db::notifications;
use crate::db::statuses::{self, DbStatus, NewStatus};
use crate::db::{follows, statuses::Viewer};
use crate::domain::visibility::Visibility;
use crate::error::{AppError, AppResult};
use crate::services::statuses::remote::{apply_remote_edit, remove_post, store_remote_by};
use crate::services::{groups, outbox};
use crate::state::AppState;
use crate::state::FedData;

/// Whether a remote post concerns this instance: its author has local followers,
/// it is addressed to or mentions a local actor, or it replies to a local post.
async fn concerns_us(conn: &mut AsyncPgConnection, state: &AppState, author: &DbActor, note: &Note) -> AppResult<bool> {
    // Cheapest first: what the post itself says, then the database.
    let ours = |id: &str| {
        url::Url::parse(id).ok().and_then(|u| host_of(&u)).as_deref() == Some(state.config.server.domain.as_str())
    };
    let addressed = note.to.iter().chain(&note.cc).map(String::as_str);
    let mentioned = note
        .tag
        .iter()
        .filter(|t| t.kind == "Mention")
        .filter_map(|t| t.href.as_deref());
    if addressed.chain(mentioned).any(ours) {
        return Ok(true);
    }
    if note.in_reply_to.as_deref().is_some_and(ours) {
        return Ok(true);
    }
    if follows::has_local_followers(conn, author.id).await? {
        return Ok(true);
    }
    if let Some(parent) = &note.in_reply_to
        && statuses::find_by_ap_id(conn, parent).await?.is_some_and(|p| p.local)
    {
        return Ok(true);
    }
    Ok(false)
}

/// Parses an embedded object as a post, checking it comes from the signer (FEP-fe34).
fn embedded_note(signer: &DbActor, object: &serde_json::Value) -> AppResult<Note> {
    let note: Note =
        serde_json::from_value(object.clone()).map_err(|_| AppError::bad_request("error-activity-malformed"))?;
    let signer_url = url::Url::parse(&signer.ap_id).ok();
    let signer_host = signer_url.as_ref().and_then(host_of);
    if host_of(&note.id) != signer_host || note.attributed_to.as_str() != signer.ap_id {
        return Err(AppError::forbidden("error-activity-origin"));
    }
    Ok(note)
}

/// A remote `Create` of a post.
pub async fn receive_create(data: &FedData, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    let note = match activity.object_type() {
        Some("Note" | "Page" | "Article" | "Question") => embedded_note(signer, &activity.object)?,
        Some(_) => return Ok(()),
        None => {
            // By reference: fetch it from its origin.
            let id = activity
                .object_id()
                .ok_or_else(|| AppError::bad_request("error-activity-malformed"))?;
            let stored = fetch::status(data, id).await?;
            if stored.actor_id != signer.id {
                return Err(AppError::forbidden("error-activity-origin"));
            }
            return Ok(());
        }
    };
    let mut conn = data.db.get().await?;
    // A post in one of our groups: the group decides, then passes it on.
    let parent = match &note.in_reply_to {
        Some(id) => statuses::find_by_ap_id(&mut conn, id).await?,
        None => None,
    };
    // A vote on one of our polls is counted, not stored as a reply.
    if let Some(question) = parent.as_ref().filter(|p| p.local && p.object_type == "Question")
        && crate::services::polls::is_vote(&note)
    {
        drop(conn);
        return crate::services::polls::receive_vote(data, signer, &note, question).await;
    }
    let mut candidates: Vec<String> = note.audience.iter().chain(&note.to).chain(&note.cc).cloned().collect();
    candidates.extend(
        note.tag
            .iter()
            .filter(|t| t.kind == "Mention")
            .filter_map(|t| t.href.clone()),
    );
    if let Some(group) = groups::addressed_local_group(&mut conn, data, &candidates, parent.as_ref()).await? {
        groups::check_can_post(&mut conn, &group, signer, parent.as_ref(), note.kind == "Article").await?;
        drop(conn);
        let stored = store_remote_by(data, note, Some(signer), Some(&group.actor)).await?;
        if stored.created {
            let create = incoming_activity(signer, activity);
            let mut conn = data.db.get().await?;
            conn.transaction::<_, AppError, _>(async |conn| {
                groups::announce_post(conn, data, &group, create, &stored.row.ap_id).await
            })
            .await?;
            delivery::wake(data);
        }
        return Ok(());
    }
    if !concerns_us(&mut conn, data, signer, &note).await? {
        tracing::debug!(id = %note.id, "ignoring a post that concerns no one here");
        return Ok(());
    }
    drop(conn);
    store_remote_by(data, note, Some(signer), None).await?;
    Ok(())
}

/// An activity as it came, to pass on in an Announce.
fn incoming_activity(signer: &DbActor, activity: &Activity) -> Announced {
    let mut json = serde_json::to_value(activity).unwrap_or_default();
    json["actor"] = json!(signer.ap_id);
    Announced::Theirs(json)
}

/// Passes a member's Update or Delete of a post on to the members of our
/// group the post is in.
async fn relay_to_group(state: &AppState, status: &DbStatus, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    let Some(group_id) = status.group_id else {
        return Ok(());
    };
    let mut conn = state.db.get().await?;
    let Some(group) = crate::db::groups::find(&mut conn, group_id).await? else {
        return Ok(());
    };
    let announce = outbox::announce(
        &group.actor,
        incoming_activity(signer, activity),
        groups::members_only(&group),
    );
    outbox::send_to_followers(&mut conn, state, &group.actor, announce, &[]).await?;
    delivery::wake(state);
    Ok(())
}

/// A remote `Update`: of a post (an edit) or of the actor itself.
pub async fn receive_update(data: &FedData, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    match activity.object_type() {
        Some("Note" | "Page" | "Article" | "Question") => {
            let note = embedded_note(signer, &activity.object)?;
            let mut conn = data.db.get().await?;
            let Some(status) = statuses::find_by_ap_id(&mut conn, note.id.as_str()).await? else {
                drop(conn);
                // An edit of a post we never stored: store it if it concerns us.
                return receive_create(data, signer, activity).await;
            };
            if status.actor_id != signer.id || status.is_deleted() {
                return Err(AppError::forbidden("error-activity-not-yours"));
            }
            // The new version, its proposal, media and poll counts, all at once.
            let edited = conn
                .transaction::<_, AppError, _>(async |conn| {
                    let edited = apply_remote_edit(conn, &status, &note).await?;
                    if edited {
                        crate::db::notifications::insert_for_boosters(conn, status.id, status.actor_id).await?;
                    }
                    // A proposal's state may change without its text (closed, expired, completed).
                    let proposal = crate::services::proposals::inbound::store_remote(conn, &status, &note).await?;
                    // A proposal's team grows as its author accepts partners.
                    if proposal.is_some() {
                        crate::services::proposals::inbound::queue_unknown_team(conn, &note).await?;
                    }
                    if proposal.is_none() {
                        crate::services::media::store_remote(conn, status.id, status.actor_id, &note.attachment)
                            .await?;
                    }
                    // A poll's counts change without its text.
                    crate::services::polls::store_remote(conn, &status, &note).await?;
                    Ok(edited)
                })
                .await?;
            drop(conn);
            crate::services::jobs::wake(data);
            if edited {
                relay_to_group(data, &status, signer, activity).await?;
            }
            Ok(())
        }
        Some("Person" | "Group" | "Service" | "Application" | "Organization") => {
            let json: crate::activitypub::protocol::actor::Actor = serde_json::from_value(activity.object.clone())
                .map_err(|_| AppError::bad_request("error-activity-malformed"))?;
            if json.id.as_str() != signer.ap_id {
                return Err(AppError::forbidden("error-activity-not-yours"));
            }
            let signer_url =
                url::Url::parse(&signer.ap_id).map_err(|_| AppError::bad_request("error-activity-malformed"))?;
            <crate::activitypub::objects::actor::ActorObject as activitypub_federation::traits::Object>::verify(
                &json,
                &signer_url,
                data,
            )
            .await?;
            let mut conn = data.db.get().await?;
            crate::services::remote_actors::store_remote(&mut conn, &json).await?;
            data.recent_signers.forget(&signer.ap_id);
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A remote `Delete`: of a post (or boost) by its author, or of the actor itself.
pub async fn receive_delete(state: &AppState, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    let Some(object_id) = activity.object_id() else {
        return Err(AppError::bad_request("error-activity-malformed"));
    };
    let mut conn = state.db.get().await?;
    if object_id == signer.ap_id {
        state.recent_signers.forget(&signer.ap_id);
        drop(conn);
        crate::services::erasure::forget_remote(state, signer).await?;
        return Ok(());
    }
    let Some(status) = statuses::find_by_ap_id(&mut conn, object_id).await? else {
        return Ok(());
    };
    if status.actor_id != signer.id {
        // A moderator of one of our groups removing a post in it, or a remote
        // group removing one of its own posts; no one else.
        if let Some(group_id) = status.group_id {
            if crate::db::groups::find(&mut conn, group_id).await?.is_some() {
                drop(conn);
                let reason = activity.summary.as_deref().unwrap_or_default();
                groups::moderate(state, signer, status.id, groups::PostAction::Remove, reason).await?;
                return Ok(());
            }
            // Another server's group removes what was written in it.
            if group_id == signer.id {
                return remove_post(&mut conn, &status).await;
            }
        }
        return Err(AppError::forbidden("error-activity-not-yours"));
    }
    let removed = remove_post(&mut conn, &status).await;
    drop(conn);
    removed?;
    relay_to_group(state, &status, signer, activity).await
}

/// A remote `Like` of a post we have.
pub async fn receive_like(state: &AppState, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    let Some(object_id) = activity.object_id() else {
        return Err(AppError::bad_request("error-activity-malformed"));
    };
    let mut conn = state.db.get().await?;
    let Some(status) = statuses::find_by_ap_id(&mut conn, object_id)
        .await?
        .filter(|s| !s.is_deleted())
    else {
        return Ok(());
    };
    if !statuses::visible_to(&mut conn, Viewer::Actor(signer.id), status.id).await? {
        return Ok(());
    }
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            if crate::db::favourites::insert_favourite(conn, signer.id, status.id, activity.id.as_str())
                .await?
                .is_some()
            {
                statuses::bump(conn, status.id, 0, 0, 1).await?;
                if status.local {
                    notifications::insert(conn, status.actor_id, signer.id, "favourite", Some(status.id)).await?;
                }
                let like = Like::new(activity.id.to_string(), &signer.ap_id, &status.ap_id, Audience::none()).into();
                crate::services::statuses::reactions::announce_in_group(conn, state, &status, like).await?;
            }
            Ok(())
        })
        .await;
    delivery::wake_after(state, outcome)
}

/// A remote `Undo` of a `Like`.
pub async fn receive_undo_like(state: &AppState, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    let like_id = activity.object_id().map(str::to_owned);
    let removed = match &like_id {
        Some(id) => crate::db::favourites::delete_favourite_by_ap_id(&mut conn, id)
            .await?
            .filter(|(actor, _)| *actor == signer.id),
        None => None,
    };
    let removed = match removed {
        Some(found) => Some(found),
        // Matched by who liked what, when the Like's id is unknown here.
        None => match activity
            .object
            .get("object")
            .and_then(|v| crate::activitypub::protocol::object::id_of(v))
        {
            Some(object) => match statuses::find_by_ap_id(&mut conn, object).await? {
                Some(status) => crate::db::favourites::delete_favourite(&mut conn, signer.id, status.id)
                    .await?
                    .map(|_| (signer.id, status.id)),
                None => None,
            },
            None => None,
        },
    };
    if let Some((_, status_id)) = removed {
        statuses::bump(&mut conn, status_id, 0, 0, -1).await?;
        notifications::delete_for(&mut conn, signer.id, "favourite", Some(status_id), None).await?;
        if let Some(status) = statuses::find(&mut conn, status_id).await? {
            let like = Like::new(
                like_id.clone().unwrap_or_default(),
                &signer.ap_id,
                &status.ap_id,
                Audience::none(),
            );
            let undo = Undo::new(
                activity.id.to_string(),
                &signer.ap_id,
                Undone::Like(like),
                Audience::none(),
            )
            .into();
            crate::services::statuses::reactions::announce_in_group(&mut conn, state, &status, undo).await?;
            delivery::wake(state);
        }
    }
    Ok(())
}

/// A remote `Announce` (boost) of a post, fetched from its origin.
pub async fn receive_announce(data: &FedData, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    if signer.actor_type == "Group" {
        return groups::relay::receive_announce(data, signer, activity).await;
    }
    let Some(object_id) = activity.object_id().map(str::to_owned) else {
        return Err(AppError::bad_request("error-activity-malformed"));
    };
    let mut conn = data.db.get().await?;
    let signer_followed = follows::has_local_followers(&mut conn, signer.id).await?;
    let stored = statuses::find_by_ap_id(&mut conn, &object_id).await?;
    let local_original = stored.as_ref().is_some_and(|s| s.local);
    if !signer_followed && !local_original {
        return Ok(());
    }
    drop(conn);
    // Never trust an embedded copy of someone else's post: fetch it from its origin.
    let original = match stored {
        Some(status) => status,
        None => fetch::status(data, &object_id).await?,
    };
    if original.is_deleted() || !Visibility::parse(&original.visibility).is_some_and(Visibility::can_be_boosted) {
        return Ok(());
    }
    let visibility = Visibility::from_addressing(&activity.to, &activity.cc, signer.followers_url.as_deref());
    let published = activity
        .published
        .as_ref()
        .and_then(|p| serde_json::from_value::<chrono::DateTime<Utc>>(p.clone()).ok())
        .unwrap_or_else(Utc::now)
        .min(Utc::now());
    let mut conn = data.db.get().await?;
    conn.transaction::<_, AppError, _>(async |conn| {
        let (boost, created) = statuses::insert_remote_if_new(
            conn,
            &NewStatus {
                // A direct post's boost is no direct post of the booster's.
                visibility: match visibility {
                    Visibility::Direct => Visibility::Public.as_str().into(),
                    other => other.as_str().into(),
                },
                published_at: published,
                ..NewStatus::boost(activity.id.to_string(), signer.id, original.id)
            },
        )
        .await?;
        if created {
            statuses::bump(conn, original.id, 0, 1, 0).await?;
            if original.local {
                notifications::insert(conn, original.actor_id, signer.id, "reblog", Some(original.id)).await?;
            }
        }
        let _ = boost;
        Ok(())
    })
    .await
}

/// A remote `Undo` of an `Announce`.
pub async fn receive_undo_announce(state: &AppState, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    let Some(announce_id) = activity.object_id() else {
        return Ok(());
    };
    let mut conn = state.db.get().await?;
    let Some(boost) = statuses::find_by_ap_id(&mut conn, announce_id).await? else {
        return Ok(());
    };
    if boost.actor_id != signer.id {
        return Err(AppError::forbidden("error-activity-not-yours"));
    }
    if statuses::mark_deleted(&mut conn, boost.id).await?.is_some()
        && let Some(original) = boost.reblog_of_id
    {
        statuses::bump(&mut conn, original, 0, -1, 0).await?;
        notifications::delete_for(&mut conn, signer.id, "reblog", Some(original), None).await?;
    }
    Ok(())
}
