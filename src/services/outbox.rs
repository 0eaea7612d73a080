//! What the services send: ids for new activities, where an actor's activities
//! go, and queueing them in the caller's transaction.

use diesel_async::AsyncPgConnection;

use crate::activitypub::delivery;
use crate::activitypub::protocol::context::with_context;
use crate::activitypub::protocol::outgoing::{
    Accept, Announce, Announced, Answered, Audience, Outgoing, Reject, Undo, Undone, Update,
};
use crate::db::actors::DbActor;
use crate::db::follows;
use crate::state::AppState;

/// A new activity id under its actor: `<actor>#<kind>/<unique>`.
pub fn activity_id(actor: &DbActor, kind: &str) -> String {
    format!(
        "{}#{}/{}",
        actor.ap_id,
        kind.to_lowercase(),
        crate::crypto::random_token()
    )
}

/// The inbox to use for one actor: its shared inbox if it has one.
pub fn inbox_of(actor: &DbActor) -> String {
    actor
        .shared_inbox_url
        .clone()
        .unwrap_or_else(|| actor.inbox_url.clone())
}

/// Sends `activity` (wrapped in our context) to the remote actors among `recipients`.
pub async fn send_to(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    author: &DbActor,
    activity: impl Into<Outgoing>,
    recipients: &[&DbActor],
) -> diesel::QueryResult<usize> {
    let activity = activity.into().to_json();
    let inboxes: Vec<String> = recipients
        .iter()
        .filter(|a| !a.is_local())
        .map(|a| inbox_of(a))
        .collect();
    if inboxes.is_empty() {
        return Ok(0);
    }
    delivery::enqueue(conn, state, author, &with_context(activity), inboxes).await
}

/// Sends `activity` to one remote actor's own inbox (never a shared one): for
/// what concerns that actor alone, such as an expression of interest.
pub async fn send_to_one(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    author: &DbActor,
    activity: impl Into<Outgoing>,
    recipient: &DbActor,
) -> diesel::QueryResult<usize> {
    let activity = activity.into().to_json();
    if recipient.is_local() {
        return Ok(0);
    }
    delivery::enqueue(
        conn,
        state,
        author,
        &with_context(activity),
        vec![recipient.inbox_url.clone()],
    )
    .await
}

/// Sends `activity` to every other server this instance knows: an account's
/// deletion, suspension or return concerns all who may hold a copy of it.
pub async fn send_to_known_servers(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    author: &DbActor,
    activity: impl Into<Outgoing>,
) -> diesel::QueryResult<usize> {
    let activity = activity.into().to_json();
    let inboxes = crate::db::actors::known_server_inboxes(conn).await?;
    if inboxes.is_empty() {
        return Ok(0);
    }
    delivery::enqueue(conn, state, author, &with_context(activity), inboxes).await
}

/// Sends `activity` to the author's remote followers, plus the remote actors among `also`.
pub async fn send_to_followers(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    author: &DbActor,
    activity: impl Into<Outgoing>,
    also: &[&DbActor],
) -> diesel::QueryResult<usize> {
    let activity = activity.into().to_json();
    let mut inboxes = follows::follower_inboxes(conn, author.id).await?;
    inboxes.extend(also.iter().filter(|a| !a.is_local()).map(|a| inbox_of(a)));
    delivery::enqueue(conn, state, author, &with_context(activity), inboxes).await
}

/// A group's `Announce` of an activity or object to its members: public, or
/// addressed to the followers only when the group is for members only.
pub fn announce(group: &DbActor, object: Announced, members_only: bool) -> Announce {
    let followers = group.followers_url.clone().unwrap_or_default();
    let audience = if members_only {
        Audience::to([followers])
    } else {
        Audience::to_cc([crate::domain::visibility::PUBLIC.to_owned()], [followers])
    };
    Announce::new(activity_id(group, "Announce"), &group.ap_id, object, audience)
}

/// Our `Accept` of someone's `Follow` or `Join`, addressed to them.
pub fn accept(actor: &DbActor, answered: Answered, to: &str) -> Accept {
    Accept::new(
        activity_id(actor, "Accept"),
        &actor.ap_id,
        answered,
        Audience::to([to.to_owned()]),
    )
}

/// Our `Reject` of someone's `Follow` (or removal of a follower) or `Join`, addressed to them.
pub fn reject(actor: &DbActor, answered: Answered, to: &str) -> Reject {
    Reject::new(
        activity_id(actor, "Reject"),
        &actor.ap_id,
        answered,
        Audience::to([to.to_owned()]),
    )
}

/// Our `Undo` of an earlier activity of ours, addressed to `to`.
pub fn undo(actor: &DbActor, undone: Undone, to: &str) -> Undo {
    Undo::new(
        activity_id(actor, "Undo"),
        &actor.ap_id,
        undone,
        Audience::to([to.to_owned()]),
    )
}

/// Tells an actor's followers that its profile changed (an `Update` of the
/// actor's document, public), as every local actor's edit does.
pub async fn send_profile_update(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    actor: &DbActor,
    document: crate::activitypub::protocol::actor::Actor,
) -> diesel::QueryResult<usize> {
    let audience = Audience::to_cc(
        [crate::domain::visibility::PUBLIC.to_owned()],
        actor.followers_url.clone(),
    );
    let update = Update::of_actor(activity_id(actor, "Update"), document, audience);
    // A discoverable person's profile also goes to the linked instances, whose
    // matchmaking then knows what they know without their having met.
    let mut linked = Vec::new();
    if actor.discoverable && actor.actor_type == "Person" && !state.policy().await.linked.is_empty() {
        let ids: Vec<i64> = crate::db::federation::links(conn)
            .await?
            .into_iter()
            .filter(|l| l.kind == "instance" && l.established())
            .filter_map(|l| l.actor_id)
            .collect();
        linked = crate::db::actors::find_many(conn, &ids).await?;
    }
    let also: Vec<&DbActor> = linked.iter().collect();
    send_to_followers(conn, state, actor, update, &also).await
}
