//! Collaborative proposals and expressions of interest: the lifecycle
//! (draft → submitted → open → closed | expired → completed), the facilitators'
//! queue, interests across instances (`Join`, `Accept`/`Reject`, `Undo`), teams
//! and results. Every change and the activities it sends are one transaction.
//!
//! An interest is seen only by its sender, the proposal's author and the
//! facilitators of the author's instance: `can_see_interest` is the one rule,
//! and interests travel only between the sender's and the author's servers.

pub mod inbound;
mod interests;
mod lifecycle;

pub use inbound::{is_interest, receive_decision, receive_join, receive_undo_join};
pub use interests::{decide, express, interest_for, received, send_draft, withdraw};
pub use lifecycle::{
    ResultsInput, close, complete, create, edit, expire_due, form_team, publish, run_expiry, send_back, submit,
};

use chrono::Utc;
use diesel_async::AsyncPgConnection;

use crate::db::actors::DbActor;
use crate::db::notifications;
use crate::db::proposals::{self, DbInterest, DbProposal};
use crate::db::statuses::{self};
use crate::db::users::Account;
use crate::domain::proposal::{InterestRefusal, InterestState, accepts_interest};
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::Message;
use crate::services::{accounts, statuses as status_service};
use crate::state::AppState;

pub(crate) fn rule(field: &'static str, key: &'static str) -> AppError {
    AppError::Validation(vec![FieldError::new(field, "ERR_INVALID", Message::new(key))])
}

/// Whether the account facilitates on this instance.
pub fn facilitates(account: &Account) -> bool {
    accounts::role_of(account).facilitates()
}

// ---------------------------------------------------------------------------
// Expressions of interest

/// Whether `viewer` may see `interest`: its sender; or, once sent, the
/// proposal's author and (for a proposal of this instance) its facilitators.
pub fn can_see_interest(viewer: &Account, interest: &DbInterest, proposal: &DbProposal) -> bool {
    if interest.sender_id == viewer.actor.id {
        return true;
    }
    if interest.state == InterestState::Draft {
        return false;
    }
    proposal.author_id == viewer.actor.id || (proposal.local && facilitates(viewer))
}

/// A published proposal anyone may read, by id.
pub async fn readable(conn: &mut AsyncPgConnection, viewer: Option<&Account>, id: i64) -> AppResult<DbProposal> {
    let proposal = proposals::find(conn, id).await?.ok_or(AppError::NotFound)?;
    // Its post deleted (by its author's server, or removed by a moderator): gone.
    if let Some(status_id) = proposal.status_id
        && crate::db::statuses::find(conn, status_id)
            .await?
            .is_none_or(|s| s.is_deleted())
    {
        return Err(AppError::NotFound);
    }
    if proposal.state.published() {
        return Ok(proposal);
    }
    // Drafts and submissions: for their author and the facilitators.
    match viewer {
        Some(v) if v.actor.id == proposal.author_id || (proposal.local && facilitates(v)) => Ok(proposal),
        _ => Err(AppError::NotFound),
    }
}

// ---------------------------------------------------------------------------
// From other servers

/// Why an interest cannot be expressed now, if it cannot.
pub(crate) fn check_open(proposal: &DbProposal, sender_id: i64) -> AppResult<()> {
    let allowed = accepts_interest(
        proposal.state,
        proposal.expires_at,
        proposal.author_id,
        Some(sender_id),
        Utc::now(),
    );
    match allowed {
        Ok(()) => Ok(()),
        Err(InterestRefusal::OwnProposal) => Err(rule("proposal", "error-interest-own")),
        Err(InterestRefusal::NotOpen) => Err(rule("proposal", "error-interest-not-open")),
    }
}

/// Tells `to` that `from` did `kind` to proposal `proposal_id`.
pub(crate) async fn notify(
    conn: &mut AsyncPgConnection,
    to: i64,
    from: i64,
    kind: &str,
    proposal_id: i64,
) -> diesel::QueryResult<()> {
    notifications::insert_about_proposal(conn, to, from, kind, proposal_id, None).await
}

/// Tells `to` that `from` did `kind` to one of its interests.
pub(crate) async fn notify_interest(
    conn: &mut AsyncPgConnection,
    to: i64,
    from: i64,
    kind: &str,
    interest: &DbInterest,
) -> diesel::QueryResult<()> {
    notifications::insert_about_proposal(conn, to, from, kind, interest.proposal_id, Some(interest.id)).await
}

/// Tells the author of a local proposal, and its facilitator, about one of its interests.
pub(crate) async fn notify_author_side(
    conn: &mut AsyncPgConnection,
    proposal: &DbProposal,
    from: i64,
    kind: &str,
    interest_id: i64,
) -> AppResult<()> {
    notifications::insert_about_proposal(conn, proposal.author_id, from, kind, proposal.id, Some(interest_id)).await?;
    if let Some(facilitator) = proposal.facilitator_id.filter(|f| *f != proposal.author_id) {
        notifications::insert_about_proposal(conn, facilitator, from, kind, proposal.id, Some(interest_id)).await?;
    }
    Ok(())
}

/// The remote members of the team, who must hear of the proposal's changes.
pub(crate) async fn remote_team(conn: &mut AsyncPgConnection, proposal_id: i64) -> AppResult<Vec<DbActor>> {
    Ok(proposals::team(conn, proposal_id, false)
        .await?
        .into_iter()
        .filter(|a| !a.is_local())
        .collect())
}

/// Sends the proposal's `Page` again as an `Update` (its state, team or results
/// changed) to whoever received it, and to `also`.
pub(crate) async fn send_update(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    proposal: &DbProposal,
    also: &[&DbActor],
) -> AppResult<()> {
    let Some(status) = match proposal.status_id {
        Some(id) => statuses::find(conn, id).await?,
        None => None,
    }
    .filter(|s| !s.is_deleted()) else {
        return Ok(());
    };
    let groups_of = proposals::groups_of(conn, proposal.id).await?;
    let other_groups = groups_of.get(1..).unwrap_or_default();
    status_service::send_update(conn, state, &status, other_groups, also).await
}
