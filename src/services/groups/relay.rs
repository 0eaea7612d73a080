//! What other servers' groups pass on (FEP-1b12): their members' posts and
//! edits, removals, likes, locks and pins, each wrapped in the group's
//! `Announce`. A group speaks only for the posts filed under it on its own
//! server:
//!
//! - it never edits, files, locks or pins this instance's posts, nor posts
//!   another group holds, and deletes only posts written in it (its
//!   moderators remove what they must, also when our user wrote it there);
//! - a post it passes on must address it, and is believed as embedded only
//!   when its id is on the group's own host; otherwise it is fetched from its
//!   origin, and refused if the origin does not serve it;
//! - it is heard only while someone here is an accepted member: a pending
//!   request counts as no follow.

use diesel_async::AsyncPgConnection;
use serde_json::Value;

use crate::activitypub::fetch;
use crate::activitypub::objects::actor::host_of;
use crate::activitypub::objects::status::addresses;
use crate::activitypub::protocol::activities::Activity;
use crate::activitypub::protocol::object::{Note, id_of};
use crate::db::actors::{self, DbActor};
use crate::db::statuses::{self, DbStatus};
use crate::db::{follows, notifications};
use crate::error::{AppError, AppResult};
use crate::services::statuses::remote::{apply_remote_edit, remove_post, store_remote_by};
use crate::state::AppState;
use crate::state::FedData;

/// The host of an id, as actors' domains are written.
fn host(id: &str) -> Option<String> {
    url::Url::parse(id).ok().as_ref().and_then(host_of)
}

/// Whether `id` names something of this instance.
fn is_ours(state: &AppState, id: &str) -> bool {
    host(id).as_deref() == Some(state.config.server.domain.as_str())
}

fn not_yours() -> AppError {
    AppError::forbidden("error-activity-not-yours")
}

/// Whether a post is addressed to the group (itself, or its members).
fn addresses_group(note: &Note, group: &DbActor) -> bool {
    addresses(note, &group.ap_id) || group.followers_url.as_deref().is_some_and(|f| addresses(note, f))
}

/// A post the group may act on: a stored copy of another server's post,
/// filed under this very group.
async fn post_of_group(conn: &mut AsyncPgConnection, group: &DbActor, id: &str) -> AppResult<Option<DbStatus>> {
    Ok(statuses::find_by_ap_id(conn, id)
        .await?
        .filter(|s| !s.local && s.group_id == Some(group.id)))
}

/// A remote group's `Announce` of one of its members' activities, or of a
/// post by itself.
pub async fn receive_announce(data: &FedData, group: &DbActor, activity: &Activity) -> AppResult<()> {
    let mut conn = data.db.get().await?;
    if !follows::has_local_followers(&mut conn, group.id).await? {
        return Ok(());
    }
    drop(conn);
    let inner = &activity.object;
    let inner_type = inner.get("type").and_then(Value::as_str);
    let inner_object = inner.get("object");
    let object_id = inner_object.and_then(id_of).map(str::to_owned);
    match inner_type {
        None | Some("Note" | "Page" | "Article" | "Question") => {
            let id = activity
                .object_id()
                .ok_or_else(|| AppError::bad_request("error-activity-malformed"))?;
            relay_post(data, group, id, inner_type.map(|_| inner), false).await
        }
        Some(kind @ ("Create" | "Update")) => {
            let id = object_id.ok_or_else(|| AppError::bad_request("error-activity-malformed"))?;
            let embedded = inner_object.filter(|o| o.get("type").is_some());
            relay_post(data, group, &id, embedded, kind == "Update").await
        }
        Some("Delete") => {
            let Some(id) = object_id else { return Ok(()) };
            // The one act a group may do on our posts: remove one our user
            // wrote in it, as its moderators decide for everything in it.
            let mut conn = data.db.get().await?;
            let written_in_it = statuses::find_by_ap_id(&mut conn, &id)
                .await?
                .filter(|s| s.group_id == Some(group.id));
            match written_in_it {
                Some(status) => remove_post(&mut conn, &status).await,
                None if is_ours(data, &id) => Err(not_yours()),
                None => Ok(()),
            }
        }
        Some("Like") => {
            let (Some(liker), Some(id)) = (inner.get("actor").and_then(id_of), object_id) else {
                return Ok(());
            };
            refuse_ours(data, &id)?;
            let like_id = inner.get("id").and_then(id_of).unwrap_or(activity.id.as_str());
            // A like lives on its liker's server (FEP-fe34), as the liker is the one who sent it.
            if host(like_id) != host(liker) {
                return Err(AppError::forbidden("error-activity-origin"));
            }
            relay_like(data, group, liker, &id, like_id).await
        }
        Some("Undo") => match inner_object.and_then(|o| o.get("type")).and_then(Value::as_str) {
            Some("Like") => {
                let liker = inner.get("actor").and_then(id_of);
                let liked = inner_object.and_then(|o| o.get("object")).and_then(id_of);
                let (Some(liker), Some(liked)) = (liker, liked) else {
                    return Ok(());
                };
                refuse_ours(data, liked)?;
                relay_unlike(data, group, liker, liked).await
            }
            Some("Lock") => {
                let target = inner_object.and_then(|o| o.get("object")).and_then(id_of);
                let Some(id) = target else { return Ok(()) };
                set_locked(data, group, id, false).await
            }
            _ => Ok(()),
        },
        Some("Lock") => {
            let Some(id) = object_id else { return Ok(()) };
            set_locked(data, group, &id, true).await
        }
        Some(kind @ ("Add" | "Remove")) => {
            let target = inner.get("target").and_then(id_of);
            if target.is_none() || target != group.featured_url.as_deref() {
                return Ok(());
            }
            let Some(id) = object_id else { return Ok(()) };
            refuse_ours(data, &id)?;
            let mut conn = data.db.get().await?;
            if let Some(status) = post_of_group(&mut conn, group, &id).await? {
                crate::db::group_posts::set_pinned(&mut conn, status.id, kind == "Add").await?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Refuses any act of another server's group on this instance's objects.
fn refuse_ours(state: &AppState, id: &str) -> AppResult<()> {
    if is_ours(state, id) {
        return Err(not_yours());
    }
    Ok(())
}

async fn set_locked(data: &FedData, group: &DbActor, id: &str, locked: bool) -> AppResult<()> {
    refuse_ours(data, id)?;
    let mut conn = data.db.get().await?;
    if let Some(status) = post_of_group(&mut conn, group, id).await? {
        crate::db::group_posts::set_locked(&mut conn, status.id, locked).await?;
    }
    Ok(())
}

/// A post the group passed on: stored as the group's, or its edit applied.
/// The copy believed is the embedded one only when it lives on the group's
/// server; any other is fetched from where its id says it lives.
async fn relay_post(
    data: &FedData,
    group: &DbActor,
    id: &str,
    embedded: Option<&Value>,
    update: bool,
) -> AppResult<()> {
    refuse_ours(data, id)?;
    let mut conn = data.db.get().await?;
    let existing = statuses::find_by_ap_id(&mut conn, id).await?;
    drop(conn);
    if let Some(status) = &existing {
        // Our posts are never another server's to change; another group's posts are that group's.
        if status.local || status.group_id.is_some_and(|g| g != group.id) {
            return Err(not_yours());
        }
        if !update && status.group_id == Some(group.id) {
            return Ok(());
        }
    }
    let id_host = host(id);
    let trusted = embedded
        .filter(|_| id_host.is_some() && id_host == host(&group.ap_id))
        .and_then(|e| serde_json::from_value::<Note>(e.clone()).ok())
        .filter(|n| n.id.as_str() == id && host_of(&n.attributed_to) == id_host);
    let note = match trusted {
        Some(note) => note,
        None => fetch::note(data, id).await?,
    };
    if !addresses_group(&note, group) {
        tracing::debug!(post = id, group = %group.ap_id, "a group passed on a post not addressed to it");
        return Ok(());
    }
    let Some(status) = existing else {
        store_remote_by(data, note, None, Some(group)).await?;
        return Ok(());
    };
    let mut conn = data.db.get().await?;
    let author = actors::find(&mut conn, status.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if author.ap_id != note.attributed_to.as_str() {
        return Err(not_yours());
    }
    // A post stored before it reached the group joins it, unless it was
    // written for its author's followers alone: a group's members are not those.
    if status.group_id.is_none() && status.visibility != "private" {
        crate::db::group_posts::set_group(&mut conn, status.id, group.id).await?;
    }
    if update && !status.is_deleted() {
        apply_remote_edit(&mut conn, &status, &note).await?;
    }
    Ok(())
}

/// A like the group passed on, of a post in it: counted once per person, as
/// a like sent here directly would be. Our own users' likes are counted here
/// already.
async fn relay_like(data: &FedData, group: &DbActor, liker: &str, post: &str, like_id: &str) -> AppResult<()> {
    let mut conn = data.db.get().await?;
    let Some(status) = post_of_group(&mut conn, group, post).await? else {
        return Ok(());
    };
    drop(conn);
    let liker = fetch::actor(data, liker).await?;
    if liker.is_local() {
        return Ok(());
    }
    let mut conn = data.db.get().await?;
    diesel_async::AsyncConnection::transaction::<_, AppError, _>(&mut conn, async |conn| {
        if crate::db::favourites::insert_favourite(conn, liker.id, status.id, like_id)
            .await?
            .is_some()
        {
            statuses::bump(conn, status.id, 0, 0, 1).await?;
        }
        Ok(())
    })
    .await
}

/// The undo of a like the group passed on.
async fn relay_unlike(data: &FedData, group: &DbActor, liker: &str, post: &str) -> AppResult<()> {
    let mut conn = data.db.get().await?;
    let liker = actors::find_by_ap_id(&mut conn, liker).await?.filter(|a| !a.is_local());
    let status = post_of_group(&mut conn, group, post).await?;
    if let (Some(liker), Some(status)) = (liker, status)
        && crate::db::favourites::delete_favourite(&mut conn, liker.id, status.id)
            .await?
            .is_some()
    {
        statuses::bump(&mut conn, status.id, 0, 0, -1).await?;
        notifications::delete_for(&mut conn, liker.id, "favourite", Some(status.id), None).await?;
    }
    Ok(())
}
