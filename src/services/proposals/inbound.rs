//! From other servers: their proposals, as this server keeps them (the
//! proposal a remote `Page` carries, stored next to its post, filed under the
//! groups that would take its author's post, its state moved only forward,
//! its unknown team members fetched later by a job), and the expressions of
//! interest their people send ours (`Join`, `Undo`) and the answers their
//! authors give ours (`Accept`, `Reject`).

use chrono::Utc;
use diesel_async::{AsyncConnection, AsyncPgConnection};

use crate::activitypub::delivery;
use crate::activitypub::protocol::activities::Activity;
use crate::activitypub::protocol::object::Note;
use crate::activitypub::protocol::outgoing::{Answered, Join};
use crate::db::actors::{self, DbActor};
use crate::db::attachments::Owner;
use crate::db::federation as federation_store;
use crate::db::proposals::{self, DbProposal, NewInterest, ProposalFields};
use crate::db::statuses::DbStatus;
use crate::domain::proposal::{
    IntellectualProperty, MAX_COMPETENCES, ProposalKind, Stage, normalize_competence, normalize_language,
};
use crate::domain::proposal::{InterestInput, InterestState, ProposalState};
use crate::domain::text::html_to_text;
use crate::error::{AppError, AppResult};
use crate::services::proposals::{check_open, notify_author_side, remote_team, send_update};
use crate::services::{attachments, outbox};
use crate::state::AppState;
use crate::state::FedData;

/// Stores (or refreshes) the proposal a remote `Page` carries. Unknown values
/// fall back to neutral ones rather than refusing the post; the state only
/// moves along the lifecycle, never back to open from an end.
pub async fn store_remote(
    conn: &mut AsyncPgConnection,
    status: &DbStatus,
    note: &Note,
) -> Result<Option<DbProposal>, AppError> {
    let Some(terms) = note.proposal.as_ref().filter(|_| note.kind == "Page" && !status.local) else {
        return Ok(None);
    };
    let Some(incoming) = ProposalState::parse(&terms.proposal_status).filter(|s| s.published()) else {
        return Ok(None);
    };
    let mut fields = ProposalFields {
        title: note
            .name
            .as_deref()
            .map(html_to_text)
            .unwrap_or_default()
            .chars()
            .take(200)
            .collect(),
        short_description: note
            .summary
            .as_deref()
            .map(html_to_text)
            .unwrap_or_default()
            .chars()
            .take(400)
            .collect(),
        description: terms
            .proposal_description
            .clone()
            .unwrap_or_else(|| html_to_text(&note.content_html()))
            .chars()
            .take(10_000)
            .collect(),
        innovation: terms
            .innovation
            .clone()
            .unwrap_or_default()
            .chars()
            .take(10_000)
            .collect(),
        contribution: terms
            .partner_contribution
            .clone()
            .unwrap_or_default()
            .chars()
            .take(10_000)
            .collect(),
        kind: terms
            .proposal_kind
            .as_deref()
            .and_then(ProposalKind::parse)
            .unwrap_or(ProposalKind::TechnicalCollaboration)
            .as_str()
            .into(),
        stage: terms
            .development_stage
            .as_deref()
            .and_then(Stage::parse)
            .unwrap_or(Stage::Idea)
            .as_str()
            .into(),
        ip: terms
            .intellectual_property
            .as_deref()
            .and_then(IntellectualProperty::parse)
            .unwrap_or(IntellectualProperty::NoProtection)
            .as_str()
            .into(),
        languages: terms
            .working_languages
            .iter()
            .filter_map(|l| normalize_language(l))
            .take(20)
            .map(Some)
            .collect(),
        foreign_partners: terms.open_to_foreign_partners.unwrap_or(true),
        competences: terms
            .sought_competences
            .iter()
            .map(|c| normalize_competence(c))
            .filter(|c| !c.is_empty())
            .take(MAX_COMPETENCES)
            .map(Some)
            .collect(),
        expires_at: terms.expires,
        contact: terms
            .contact_person
            .clone()
            .unwrap_or_default()
            .chars()
            .take(200)
            .collect(),
    };
    fields.competences = super::lifecycle::in_vocabulary(conn, &fields.competences).await?;
    let stored = match proposals::find_by_status(conn, status.id).await? {
        Some(existing) => {
            let updated = proposals::update_fields(conn, existing.id, &fields).await?;
            let current = existing.state;
            if incoming != current && (current == ProposalState::Open || incoming == ProposalState::Completed) {
                proposals::set_state(conn, existing.id, incoming, &Default::default()).await?
            } else {
                updated
            }
        }
        None => {
            let row = proposals::insert(conn, status.actor_id, false, incoming, Some(status.id), &fields).await?;
            proposals::set_state(
                conn,
                row.id,
                incoming,
                &proposals::StateChange {
                    published_at: Some(Some(status.published_at)),
                    ..Default::default()
                },
            )
            .await?
        }
    };
    // The themes and communities it belongs to: the groups it addresses that
    // we know, where its author may post: its own server's, and ours that
    // would take a post of theirs.
    let host = url::Url::parse(&status.ap_id)
        .ok()
        .and_then(|u| crate::activitypub::objects::actor::host_of(&u))
        .unwrap_or_default();
    let mut addressed: Vec<String> = note.to.iter().chain(&note.cc).cloned().collect();
    addressed.extend(note.audience.clone());
    addressed.truncate(50);
    let known = actors::ids_by_ap_ids(conn, &addressed).await?;
    let author = actors::find(conn, status.actor_id).await?.ok_or(AppError::NotFound)?;
    let mut groups = Vec::new();
    for group in actors::find_many(conn, &known)
        .await?
        .into_iter()
        .filter(|a| a.actor_type == "Group")
    {
        let welcome = match group.domain.as_deref() {
            Some(domain) => domain == host,
            None => match crate::db::groups::find(conn, group.id).await? {
                Some(local) => crate::services::groups::check_can_post(conn, &local, &author, None, false)
                    .await
                    .is_ok(),
                None => false,
            },
        };
        if welcome {
            groups.push(group.id);
        }
    }
    // And our themes of the same keys (the default themes' keys are shared by
    // every Fucina instance), or those the operator mapped them to.
    let keys: Vec<String> = terms.proposal_themes.iter().take(20).cloned().collect();
    groups.extend(federation_store::local_themes_for(conn, &host, &keys).await?);
    groups.sort_unstable();
    groups.dedup();
    proposals::set_groups(conn, stored.id, &groups).await?;
    let team: Vec<String> = terms.team.iter().take(200).cloned().collect();
    proposals::set_remote_team(conn, stored.id, &team).await?;
    attachments::store_remote(conn, Owner::Proposal(stored.id), status.actor_id, &note.attachment).await?;
    Ok(Some(stored))
}

/// Queues the fetch of the team members a remote proposal lists that this
/// server does not know yet (at most twenty), so that its team can be shown
/// in full; done by a job, never inside the inbox request that brought the
/// proposal. Whoever cannot be fetched is left out of the list, as before.
pub async fn queue_unknown_team(conn: &mut AsyncPgConnection, note: &Note) -> Result<bool, AppError> {
    let Some(terms) = note.proposal.as_ref() else {
        return Ok(false);
    };
    let team: Vec<String> = terms.team.iter().take(20).cloned().collect();
    if team.is_empty() {
        return Ok(false);
    }
    let known = actors::known_ap_ids(conn, &team).await?;
    let ids: Vec<String> = team.into_iter().filter(|m| !known.contains(m)).collect();
    if ids.is_empty() {
        return Ok(false);
    }
    let job = crate::services::jobs::Job::FetchActors { ids };
    crate::services::jobs::enqueue(conn, &job, None).await?;
    Ok(true)
}

/// A remote sender's `Join` of one of our proposals: stored as a sent interest.
/// One that breaks a rule is answered with a `Reject`, so the sender's server
/// does not wait for ever.
pub async fn receive_join(data: &FedData, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    let state: &AppState = data;
    let Some(object_id) = activity.object_id() else {
        return Err(AppError::bad_request("error-activity-malformed"));
    };
    let Some(terms) = &activity.interest else {
        // A Join of something else (a Friendica group, an event): not ours to handle.
        return Ok(());
    };
    let input = InterestInput {
        offer: terms.interest_offer.clone(),
        about: terms.interest_about.clone().unwrap_or_default(),
        questions: terms.interest_questions.clone().unwrap_or_default(),
        on_behalf_of: terms.on_behalf_of.clone().unwrap_or_default(),
        team_consent: terms.team_consent.unwrap_or(false),
    }
    .validate()
    .map_err(AppError::Validation)?;
    let mut conn = state.db.get().await?;
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let Some(proposal) = proposals::find_by_ap_id(conn, object_id).await?.filter(|p| p.local) else {
                return Err(AppError::NotFound);
            };
            if proposals::find_interest_by_ap_id(conn, activity.id.as_str())
                .await?
                .is_some()
            {
                return Ok(());
            }
            let author = actors::find(conn, proposal.author_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let refuse = async |conn: &mut AsyncPgConnection| -> AppResult<()> {
                let join = Join::reference(activity.id.to_string(), &signer.ap_id, object_id);
                let reject = outbox::reject(&author, Answered::Join(join), &signer.ap_id);
                outbox::send_to_one(conn, state, &author, reject, signer).await?;
                Ok(())
            };
            if check_open(&proposal, signer.id).is_err() {
                return refuse(conn).await;
            }
            let inserted = proposals::insert_interest(
                conn,
                &NewInterest {
                    proposal_id: proposal.id,
                    sender_id: signer.id,
                    ap_id: Some(activity.id.as_str()),
                    state: InterestState::Sent,
                    offer: &input.offer,
                    about: &input.about,
                    questions: &input.questions,
                    on_behalf_of: &input.on_behalf_of,
                    team_consent: input.team_consent,
                    sent_at: Some(Utc::now()),
                },
            )
            .await?;
            match inserted {
                Some(interest) => {
                    attachments::store_remote(conn, Owner::Interest(interest.id), signer.id, &terms.attachment).await?;
                    notify_author_side(conn, &proposal, signer.id, "interest_received", interest.id).await
                }
                None => refuse(conn).await,
            }
        })
        .await;
    delivery::wake_after(state, outcome)
}

/// The author's `Accept` or `Reject` of one of our users' interests.
pub async fn receive_decision(data: &FedData, signer: &DbActor, activity: &Activity, accepted: bool) -> AppResult<()> {
    let Some(join_id) = activity.object_id() else {
        return Err(AppError::bad_request("error-activity-malformed"));
    };
    let mut conn = data.db.get().await?;
    conn.transaction::<_, AppError, _>(async |conn| {
        let Some(interest) = proposals::find_interest_by_ap_id(conn, join_id).await? else {
            return Ok(());
        };
        let proposal = proposals::find(conn, interest.proposal_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if proposal.author_id != signer.id {
            return Err(AppError::forbidden("error-activity-not-yours"));
        }
        let current = interest.state;
        if !current.pending() {
            return Ok(());
        }
        let next = if accepted {
            InterestState::Accepted
        } else {
            InterestState::Declined
        };
        proposals::set_interest_state(conn, interest.id, next, true).await?;
        let kind = if accepted {
            "interest_accepted"
        } else {
            "interest_declined"
        };
        super::notify_interest(conn, interest.sender_id, signer.id, kind, &interest).await?;
        Ok(())
    })
    .await
}

/// The sender's `Undo` of a `Join`: the interest is withdrawn.
pub async fn receive_undo_join(data: &FedData, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    let state: &AppState = data;
    let Some(join_id) = activity.object_id() else {
        return Err(AppError::bad_request("error-activity-malformed"));
    };
    let mut conn = state.db.get().await?;
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let Some(interest) = proposals::find_interest_by_ap_id(conn, join_id).await? else {
                return Ok(());
            };
            if interest.sender_id != signer.id {
                return Err(AppError::forbidden("error-activity-not-yours"));
            }
            if interest.state == InterestState::Withdrawn {
                return Ok(());
            }
            let was_listed = interest.state == InterestState::Accepted && interest.team_consent;
            proposals::set_interest_state(conn, interest.id, InterestState::Withdrawn, false).await?;
            let proposal = proposals::find(conn, interest.proposal_id)
                .await?
                .ok_or(AppError::NotFound)?;
            notify_author_side(conn, &proposal, signer.id, "interest_withdrawn", interest.id).await?;
            if was_listed {
                let team = remote_team(conn, proposal.id).await?;
                send_update(conn, state, &proposal, &team.iter().collect::<Vec<_>>()).await?;
            }
            Ok(())
        })
        .await;
    delivery::wake_after(state, outcome)
}

/// Whether an id names an interest (for an `Undo` or `Accept` that gives only the id).
pub async fn is_interest(state: &AppState, ap_id: &str) -> AppResult<bool> {
    let mut conn = state.db.get().await?;
    Ok(proposals::find_interest_by_ap_id(&mut conn, ap_id).await?.is_some())
}
