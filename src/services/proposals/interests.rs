//! Expressions of interest by people here: written, sent (a `Join` to the
//! author's inbox, never to anyone else), decided by the author (`Accept`
//! or `Reject`), withdrawn (`Undo`). One per person per proposal, only on an
//! open, unexpired proposal, never on one's own.

use chrono::Utc;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::Value;

use crate::activitypub::delivery;
use crate::activitypub::objects::document::Document;
use crate::activitypub::protocol::activities::InterestTerms;
use crate::activitypub::protocol::outgoing::{Answered, Join, Outgoing, Undone};
use crate::db::actors::{self, DbActor};
use crate::db::attachments::{self as attachment_rows, Owner};
use crate::db::proposals::{self, DbInterest, DbProposal, NewInterest};
use crate::db::statuses::{self};
use crate::db::users::Account;
use crate::domain::proposal::{InterestInput, InterestState};
use crate::domain::text::{escape_html, plain_to_html};
use crate::error::{AppError, AppResult};
use crate::i18n::Message;
use crate::services::outbox;
use crate::services::proposals::{
    can_see_interest, check_open, facilitates, notify_author_side, remote_team, rule, send_update,
};
use crate::state::AppState;
use crate::state::FedData;

/// The `Join` that carries an interest to the author's server.
fn join_activity(
    interest: &DbInterest,
    sender: &DbActor,
    author: &DbActor,
    proposal_ap_id: &str,
    documents: Vec<Value>,
) -> Join {
    let mut content = plain_to_html(&interest.offer);
    if !interest.on_behalf_of.is_empty() {
        content = format!("<p>{}</p>{content}", escape_html(&interest.on_behalf_of));
    }
    let terms = InterestTerms {
        interest_offer: interest.offer.clone(),
        interest_about: Some(interest.about.clone()),
        interest_questions: Some(interest.questions.clone()),
        on_behalf_of: Some(interest.on_behalf_of.clone()),
        team_consent: Some(interest.team_consent),
        attachment: documents,
    };
    Join::new(
        interest.ap_id.clone().unwrap_or_default(),
        &sender.ap_id,
        proposal_ap_id,
        &author.ap_id,
        interest.sent_at,
        content,
        terms,
    )
}

/// Delivers a sent interest: a notification for a local author (and the
/// proposal's facilitator), a `Join` to a remote one.
async fn deliver_interest(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    sender: &DbActor,
    proposal: &DbProposal,
    interest: &DbInterest,
) -> AppResult<()> {
    let author = actors::find(conn, proposal.author_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if author.is_local() {
        notify_author_side(conn, proposal, sender.id, "interest_received", interest.id).await?;
        return Ok(());
    }
    let status = match proposal.status_id {
        Some(id) => statuses::find(conn, id).await?,
        None => None,
    }
    .ok_or(AppError::NotFound)?;
    let documents = attachment_rows::of(conn, Owner::Interest(interest.id))
        .await?
        .iter()
        .map(|a| Document::of_file(&state.config, a).to_json())
        .collect();
    let join = join_activity(interest, sender, &author, &status.ap_id, documents);
    outbox::send_to_one(conn, state, sender, join, &author).await?;
    Ok(())
}

/// Expresses interest in a proposal (here or on another instance); `send`:
/// at once, else kept as a draft.
pub async fn express(
    data: &FedData,
    sender: &Account,
    proposal_id: i64,
    input: InterestInput,
    send: bool,
) -> AppResult<DbInterest> {
    let state: &AppState = data;
    let input = input.validate().map_err(AppError::Validation)?;
    let mut conn = state.db.get().await?;
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let proposal = proposals::find_for_update(conn, proposal_id)
                .await?
                .filter(|p| p.state.published())
                .ok_or(AppError::NotFound)?;
            check_open(&proposal, sender.actor.id)?;
            let ap_id = outbox::activity_id(&sender.actor, "Join");
            let now = Utc::now();
            let Some(interest) = proposals::insert_interest(
                conn,
                &NewInterest {
                    proposal_id,
                    sender_id: sender.actor.id,
                    ap_id: Some(&ap_id),
                    state: if send {
                        InterestState::Sent
                    } else {
                        InterestState::Draft
                    },
                    offer: &input.offer,
                    about: &input.about,
                    questions: &input.questions,
                    on_behalf_of: &input.on_behalf_of,
                    team_consent: input.team_consent,
                    sent_at: send.then_some(now),
                },
            )
            .await?
            else {
                return Err(rule("proposal", "error-interest-duplicate"));
            };
            if send {
                deliver_interest(conn, state, &sender.actor, &proposal, &interest).await?;
            }
            Ok(interest)
        })
        .await;
    delivery::wake_after(state, outcome)
}

/// An interest and its proposal for the one who may act on it as `side`;
/// anyone else is refused with `refusal`.
async fn interest_as(
    conn: &mut AsyncPgConnection,
    account: &Account,
    interest_id: i64,
    side: Side,
    refusal: AppError,
) -> AppResult<(DbInterest, DbProposal)> {
    let (interest, proposal) = interest_for(conn, account, interest_id).await?;
    let acting = match side {
        Side::Author => proposal.author_id,
        Side::Sender => interest.sender_id,
    };
    if acting != account.actor.id {
        return Err(refusal);
    }
    Ok((interest, proposal))
}

/// The two sides of an interest.
#[derive(Debug, Clone, Copy)]
enum Side {
    Author,
    Sender,
}

/// An interest and its proposal, if `viewer` may see it (404 otherwise, as if it did not exist).
pub async fn interest_for(
    conn: &mut AsyncPgConnection,
    viewer: &Account,
    interest_id: i64,
) -> AppResult<(DbInterest, DbProposal)> {
    let interest = proposals::find_interest(conn, interest_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let proposal = proposals::find(conn, interest.proposal_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !can_see_interest(viewer, &interest, &proposal) {
        return Err(AppError::NotFound);
    }
    Ok((interest, proposal))
}

/// Sends a draft interest.
pub async fn send_draft(data: &FedData, sender: &Account, interest_id: i64) -> AppResult<DbInterest> {
    let state: &AppState = data;
    let mut conn = state.db.get().await?;
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let (interest, proposal) = interest_as(conn, sender, interest_id, Side::Sender, AppError::NotFound).await?;
            if interest.state != InterestState::Draft {
                return Err(AppError::Conflict(Message::new("error-interest-not-draft")));
            }
            check_open(&proposal, sender.actor.id)?;
            let ap_id = interest
                .ap_id
                .clone()
                .unwrap_or_else(|| outbox::activity_id(&sender.actor, "Join"));
            let sent = proposals::mark_sent(conn, interest.id, &ap_id).await?;
            deliver_interest(conn, state, &sender.actor, &proposal, &sent).await?;
            Ok(sent)
        })
        .await;
    delivery::wake_after(state, outcome)
}

/// The author opens the interests received: the new ones are now in review.
pub async fn received(state: &AppState, viewer: &Account, proposal_id: i64) -> AppResult<Vec<(DbInterest, DbActor)>> {
    let mut conn = state.db.get().await?;
    let proposal = proposals::find(&mut conn, proposal_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let is_author = proposal.author_id == viewer.actor.id;
    let facilitator = proposal.local && facilitates(viewer);
    if !(is_author || facilitator) {
        return Err(AppError::NotFound);
    }
    let rows = proposals::received(&mut conn, proposal_id).await?;
    if !is_author {
        return Ok(rows);
    }
    let mut out = Vec::with_capacity(rows.len());
    for (interest, sender) in rows {
        if interest.state == InterestState::Sent {
            let reviewed =
                proposals::set_interest_state(&mut conn, interest.id, InterestState::InReview, false).await?;
            out.push((reviewed, sender));
        } else {
            out.push((interest, sender));
        }
    }
    Ok(out)
}

/// The author accepts or declines an interest; the sender is told (on their server).
pub async fn decide(data: &FedData, author: &Account, interest_id: i64, accept: bool) -> AppResult<DbInterest> {
    let state: &AppState = data;
    let mut conn = state.db.get().await?;
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let refusal = AppError::forbidden("error-interest-author-only");
            let (interest, proposal) = interest_as(conn, author, interest_id, Side::Author, refusal).await?;
            let current = interest.state;
            if !current.pending() {
                return Err(AppError::Conflict(Message::new("error-interest-not-pending")));
            }
            let next = if accept {
                InterestState::Accepted
            } else {
                InterestState::Declined
            };
            let decided = proposals::set_interest_state(conn, interest.id, next, true).await?;
            let sender = actors::find(conn, interest.sender_id)
                .await?
                .ok_or(AppError::NotFound)?;
            if sender.is_local() {
                let kind = if accept {
                    "interest_accepted"
                } else {
                    "interest_declined"
                };
                super::notify_interest(conn, sender.id, author.actor.id, kind, &interest).await?;
            } else {
                let proposal_ap_id = match proposal.status_id {
                    Some(id) => statuses::find(conn, id).await?.map(|s| s.ap_id),
                    None => None,
                }
                .unwrap_or_default();
                let join = Answered::Join(Join::reference(
                    interest.ap_id.clone().unwrap_or_default(),
                    &sender.ap_id,
                    &proposal_ap_id,
                ));
                let answer: Outgoing = if accept {
                    outbox::accept(&author.actor, join, &sender.ap_id).into()
                } else {
                    outbox::reject(&author.actor, join, &sender.ap_id).into()
                };
                outbox::send_to_one(conn, state, &author.actor, answer, &sender).await?;
            }
            if accept && interest.team_consent {
                // The listed team changed.
                let team = remote_team(conn, proposal.id).await?;
                send_update(conn, state, &proposal, &team.iter().collect::<Vec<_>>()).await?;
            }
            Ok(decided)
        })
        .await;
    delivery::wake_after(state, outcome)
}

/// The sender withdraws an interest (a draft, a pending one, or an accepted one: they leave the team).
pub async fn withdraw(data: &FedData, sender: &Account, interest_id: i64) -> AppResult<DbInterest> {
    let state: &AppState = data;
    let mut conn = state.db.get().await?;
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let refusal = AppError::forbidden("error-interest-sender-only");
            let (interest, proposal) = interest_as(conn, sender, interest_id, Side::Sender, refusal).await?;
            let current = interest.state;
            if matches!(current, InterestState::Withdrawn | InterestState::Declined) {
                return Err(AppError::Conflict(Message::new("error-interest-not-pending")));
            }
            let withdrawn = proposals::set_interest_state(conn, interest.id, InterestState::Withdrawn, false).await?;
            if current != InterestState::Draft {
                let author = actors::find(conn, proposal.author_id)
                    .await?
                    .ok_or(AppError::NotFound)?;
                if author.is_local() {
                    notify_author_side(conn, &proposal, sender.actor.id, "interest_withdrawn", interest.id).await?;
                    if current == InterestState::Accepted && interest.team_consent {
                        let team = remote_team(conn, proposal.id).await?;
                        send_update(conn, state, &proposal, &team.iter().collect::<Vec<_>>()).await?;
                    }
                } else {
                    let proposal_ap_id = match proposal.status_id {
                        Some(id) => statuses::find(conn, id).await?.map(|s| s.ap_id),
                        None => None,
                    }
                    .unwrap_or_default();
                    let join = Join::reference(
                        interest.ap_id.clone().unwrap_or_default(),
                        &sender.actor.ap_id,
                        &proposal_ap_id,
                    );
                    let undo = outbox::undo(&sender.actor, Undone::Join(join), &author.ap_id);
                    outbox::send_to_one(conn, state, &sender.actor, undo, &author).await?;
                }
            }
            Ok(withdrawn)
        })
        .await;
    delivery::wake_after(state, outcome)
}
