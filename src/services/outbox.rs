//! What the services send: ids for new activities, where an actor's activities
//! go, and queueing them in the caller's transaction.

use diesel_async::AsyncPgConnection;
use serde_json::Value;

use crate::activitypub::delivery;
use crate::activitypub::protocol::activities;
use crate::activitypub::protocol::context::with_context;
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
    activity: Value,
    recipients: &[&DbActor],
) -> diesel::QueryResult<usize> {
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
    activity: Value,
    recipient: &DbActor,
) -> diesel::QueryResult<usize> {
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

/// Sends `activity` to the author's remote followers, plus the remote actors among `also`.
pub async fn send_to_followers(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    author: &DbActor,
    activity: Value,
    also: &[&DbActor],
) -> diesel::QueryResult<usize> {
    let mut inboxes = follows::follower_inboxes(conn, author.id).await?;
    inboxes.extend(also.iter().filter(|a| !a.is_local()).map(|a| inbox_of(a)));
    delivery::enqueue(conn, state, author, &with_context(activity), inboxes).await
}

/// A group's `Announce` of an activity or object to its members: public, or
/// addressed to the followers only when the group is for members only.
pub fn announce(group: &DbActor, object: Value, members_only: bool) -> Value {
    let followers = group.followers_url.clone().unwrap_or_default();
    let (to, cc) = if members_only {
        (vec![followers], Vec::new())
    } else {
        (vec![crate::domain::visibility::PUBLIC.to_owned()], vec![followers])
    };
    activities::build(
        "Announce",
        &activity_id(group, "Announce"),
        &group.ap_id,
        object,
        &to,
        &cc,
    )
}

/// `{type, id, actor, object, to}` addressed to one actor.
pub fn simple(kind: &str, actor: &DbActor, object: Value, to: &str) -> Value {
    activities::build(
        kind,
        &activity_id(actor, kind),
        &actor.ap_id,
        object,
        &[to.to_owned()],
        &[],
    )
}
