//! Posts: writing, editing and deleting them (`compose`), favourites and
//! boosts (`reactions`), what other servers send of them (`inbound`) and how
//! their posts are kept (`remote`). Here: how an activity about a post
//! reaches whoever should hear of it.

mod compose;
pub mod inbound;
pub mod reactions;
pub mod remote;

pub use compose::{MAX_CHARACTERS, NewPost, PostEdit, create, delete, delete_with, edit};
pub use reactions::{favourite, reblog, unfavourite, unreblog};

use chrono::Utc;
use diesel_async::AsyncPgConnection;

use crate::activitypub::protocol::object::Note;
use crate::activitypub::protocol::outgoing::{Announced, Create, Outgoing, Update};
use crate::db::actors::{self, DbActor};
use crate::db::statuses::{self, DbStatus};
use crate::domain::visibility::Visibility;
use crate::error::{AppError, AppResult};
use crate::services::{groups, outbox};
use crate::state::AppState;

/// Sends an activity about a post to whoever should hear of it: the author's
/// followers (unless the post is direct or for a group's members), `also`, and
/// the post's group — which, when it is ours, announces it to its members.
/// `created`: the activity is the post's Create, so the group also announces
/// the post itself, for Mastodon.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn send_about(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    author: &DbActor,
    status: &DbStatus,
    group: Option<&DbActor>,
    activity: Outgoing,
    also: &[&DbActor],
    created: bool,
) -> AppResult<()> {
    let visibility = Visibility::parse(&status.visibility).unwrap_or(Visibility::Direct);
    let mut recipients: Vec<&DbActor> = also.to_vec();
    if let Some(group) = group.filter(|g| !g.is_local()) {
        recipients.push(group);
    }
    let followers_hear = match visibility {
        Visibility::Direct => false,
        Visibility::Private => group.is_none(),
        Visibility::Public | Visibility::Unlisted => true,
    };
    if followers_hear {
        outbox::send_to_followers(conn, state, author, activity.clone(), &recipients).await?;
    } else {
        outbox::send_to(conn, state, author, activity.clone(), &recipients).await?;
    }
    if created {
        let in_local_group = group.is_some_and(DbActor::is_local);
        crate::services::links::send_to_links(conn, state, status, in_local_group, author, &activity).await?;
    }
    if let Some(group) = group.filter(|g| g.is_local())
        && let Some(local) = crate::db::groups::find(conn, group.id).await?
    {
        if created {
            groups::announce_post(conn, state, &local, Announced::Ours(Box::new(activity)), &status.ap_id).await?;
        } else {
            groups::relay_to_members(conn, state, &local, activity).await?;
        }
    }
    Ok(())
}

/// Sends a local post again as an `Update`, because something the world reads
/// of it changed (a poll's counts, a proposal's state): to whoever received it
/// (the author's followers, its group, which announces it), to the other
/// groups it is filed under (`cc`; ours announce it too), and to `also`.
pub(crate) async fn send_update(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    status: &DbStatus,
    other_groups: &[DbActor],
    also: &[&DbActor],
) -> AppResult<()> {
    let author = actors::find(conn, status.actor_id).await?.ok_or(AppError::NotFound)?;
    let mut note = crate::activitypub::objects::status::to_activitypub(conn, state, status).await?;
    let now = Utc::now();
    note.updated = Some(now);
    note.cc.extend(other_groups.iter().map(|g| g.ap_id.clone()));
    let id = format!("{}#update/{}", status.ap_id, crate::crypto::random_token());
    let update: Outgoing = Update::of_post(id, &author.ap_id, note, Some(now)).into();
    let group = match status.group_id {
        Some(id) => actors::find(conn, id).await?,
        None => None,
    };
    let mut recipients: Vec<&DbActor> = also.to_vec();
    recipients.extend(other_groups.iter().filter(|g| !g.is_local()));
    send_about(
        conn,
        state,
        &author,
        status,
        group.as_ref(),
        update.clone(),
        &recipients,
        false,
    )
    .await?;
    for other in other_groups.iter().filter(|g| g.is_local()) {
        if let Some(local) = crate::db::groups::find(conn, other.id).await? {
            let announced = Announced::Ours(Box::new(update.clone()));
            let announce = outbox::announce(&local.actor, announced, groups::members_only(&local));
            outbox::send_to_followers(conn, state, &local.actor, announce, &[]).await?;
        }
    }
    Ok(())
}

pub(crate) fn create_activity(status: &DbStatus, actor: &DbActor, note: &Note) -> Outgoing {
    Create::new(&actor.ap_id, note.clone(), status.published_at).into()
}

/// The recipients of activities about a local status: the remote actors it mentions.
async fn mentioned_actors(conn: &mut AsyncPgConnection, status: &DbStatus) -> diesel::QueryResult<Vec<DbActor>> {
    let ids: Vec<i64> = statuses::mentions_of(conn, &[status.id])
        .await?
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    actors::find_many(conn, &ids).await
}

/// A local post of `author`, if it is theirs and not deleted.
async fn own_status(conn: &mut AsyncPgConnection, author: &DbActor, status_id: i64) -> AppResult<DbStatus> {
    statuses::find(conn, status_id)
        .await?
        .filter(|s| s.actor_id == author.id && !s.is_deleted() && s.reblog_of_id.is_none())
        .ok_or(AppError::NotFound)
}
