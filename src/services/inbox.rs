//! Activities from other servers, after `federation::inbox` has verified who
//! sent them: each goes to the service that owns what it changes. Unknown
//! types are accepted and ignored.

use crate::activitypub::protocol::activities::Activity;
use crate::db::actors::DbActor;
use crate::db::federation::DbLink;
use crate::error::AppError;
use crate::error::AppResult;
use crate::services::{follows, groups, links, proposals, relations, reports, statuses};
use crate::state::FedData;

/// Handles one verified activity from `signer` (who is its actor).
pub async fn receive(data: &FedData, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    if matches!(activity.kind.as_str(), "Follow" | "Accept" | "Reject" | "Undo")
        && activity.object_type() != Some("Join")
        && links::concerns_link(data, signer, activity).await?
    {
        return match activity.kind.as_str() {
            "Follow" => links::receive_follow(data, signer, activity).await,
            _ => links::receive_answer(data, signer, activity).await,
        };
    }
    if activity.kind == "Announce"
        && let Some(link) = links::announces_over_link(data, signer).await?
    {
        return receive_over_link(data, &link, activity).await;
    }
    match (activity.kind.as_str(), activity.object_type()) {
        ("Follow", _) => relations::receive_follow(data, signer, activity).await,
        ("Join", _) => proposals::receive_join(data, signer, activity).await,
        ("Accept", Some("Join")) => proposals::receive_decision(data, signer, activity, true).await,
        ("Reject", Some("Join")) => proposals::receive_decision(data, signer, activity, false).await,
        ("Undo", Some("Join")) => proposals::receive_undo_join(data, signer, activity).await,
        ("Accept", _) => follows::receive_accept(data, signer, activity).await,
        ("Reject", _) => follows::receive_reject(data, signer, activity).await,
        ("Block", _) => follows::receive_block(data, signer, activity).await,
        ("Flag", _) => reports::receive_flag(data, signer, activity).await,
        ("Create", _) => statuses::inbound::receive_create(data, signer, activity).await,
        ("Update", _) => statuses::inbound::receive_update(data, signer, activity).await,
        ("Delete", _) => statuses::inbound::receive_delete(data, signer, activity).await,
        ("Like", _) => statuses::inbound::receive_like(data, signer, activity).await,
        ("Announce", _) => statuses::inbound::receive_announce(data, signer, activity).await,
        ("Undo", Some("Follow")) => follows::receive_undo_follow(data, signer, activity).await,
        ("Undo", Some("Like")) => statuses::inbound::receive_undo_like(data, signer, activity).await,
        ("Undo", Some("Announce")) => statuses::inbound::receive_undo_announce(data, signer, activity).await,
        ("Undo", Some("Block")) => follows::receive_undo_block(data, signer, activity).await,
        ("Invite", _) if signer.actor_type == "Group" => groups::receive_invite(data, signer, activity).await,
        ("Lock", _) => groups::receive_moderation(data, signer, activity, groups::PostAction::Lock).await,
        ("Undo", Some("Lock")) => groups::receive_moderation(data, signer, activity, groups::PostAction::Unlock).await,
        ("Add" | "Remove", _) if statuses::reactions::is_own_pin(signer, activity) => {
            statuses::reactions::receive_own_pin(data, signer, activity, activity.kind == "Add").await
        }
        ("Add", _) => groups::receive_moderation(data, signer, activity, groups::PostAction::Pin).await,
        ("Remove", _) => groups::receive_moderation(data, signer, activity, groups::PostAction::Unpin).await,
        ("Undo", None) => undo_by_reference(data, signer, activity).await,
        (kind, object) => {
            tracing::debug!(kind, object = ?object, "ignoring an activity of a kind Fucina does not handle");
            Ok(())
        }
    }
}

/// A post announced over a link or by a relay: fetched from its origin
/// (never taken from the announcement) and filed, if it is another server's
/// public post.
async fn receive_over_link(data: &FedData, link: &DbLink, activity: &Activity) -> AppResult<()> {
    let Some(object_id) = activity.object_id() else {
        return Err(AppError::bad_request("error-activity-malformed"));
    };
    // A relay passes on posts of servers we may not federate with (all but
    // linked ones in linked-only mode, suspended ones always): dropped here.
    let origin = url::Url::parse(object_id)
        .ok()
        .and_then(|u| crate::activitypub::objects::actor::host_of(&u));
    let policy = data.policy().await;
    if origin.as_deref().is_none_or(|host| !policy.accepts_host(host)) {
        tracing::debug!(object = object_id, relay = %link.host, "dropped a relayed post from a host we do not federate with");
        return Ok(());
    }
    // Relays echo our own posts back: they are ours to file, not theirs.
    if origin.as_deref() == Some(data.config.server.domain.as_str()) {
        return Ok(());
    }
    let status = crate::activitypub::fetch::status(data, object_id).await?;
    if status.local || status.visibility != "public" || status.is_deleted() {
        return Ok(());
    }
    links::file_linked(data, link, &status).await
}

/// An `Undo` naming its object only by id: find what that id was.
async fn undo_by_reference(data: &FedData, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    let Some(id) = activity.object_id() else {
        return Ok(());
    };
    if proposals::is_interest(data, id).await? {
        return proposals::receive_undo_join(data, signer, activity).await;
    }
    let mut conn = data.db.get().await?;
    if crate::db::follows::find_by_ap_id(&mut conn, id).await?.is_some() {
        return follows::receive_undo_follow(data, signer, activity).await;
    }
    if crate::db::statuses::find_by_ap_id(&mut conn, id)
        .await?
        .is_some_and(|s| s.reblog_of_id.is_some())
    {
        return statuses::inbound::receive_undo_announce(data, signer, activity).await;
    }
    statuses::inbound::receive_undo_like(data, signer, activity).await
}
