//! Other servers' proposals, as this server keeps them: the proposal a
//! remote `Page` carries, stored next to its post, filed under the groups
//! that would take its author's post, its state moved only forward; its
//! unknown team members fetched later, by a job.

use diesel_async::AsyncPgConnection;

use crate::activitypub::protocol::object::Note;
use crate::db::actors;
use crate::db::attachments::Owner;
use crate::db::federation as federation_store;
use crate::db::proposals::{self, DbProposal, ProposalFields};
use crate::db::statuses::DbStatus;
use crate::domain::proposal::{
    IntellectualProperty, MAX_COMPETENCES, ProposalKind, ProposalState, Stage, normalize_competence, normalize_language,
};
use crate::domain::text::html_to_text;
use crate::error::AppError;
use crate::services::attachments as attachment_service;

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
    let fields = ProposalFields {
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
    let stored = match proposals::find_by_status(conn, status.id).await? {
        Some(existing) => {
            let updated = proposals::update_fields(conn, existing.id, &fields).await?;
            let current = ProposalState::parse(&existing.state).unwrap_or(ProposalState::Open);
            if incoming != current && (current == ProposalState::Open || incoming == ProposalState::Completed) {
                proposals::set_state(conn, existing.id, incoming.as_str(), &Default::default()).await?
            } else {
                updated
            }
        }
        None => {
            let row = proposals::insert(
                conn,
                status.actor_id,
                false,
                incoming.as_str(),
                Some(status.id),
                &fields,
            )
            .await?;
            proposals::set_state(
                conn,
                row.id,
                incoming.as_str(),
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
    attachment_service::store_remote(conn, Owner::Proposal(stored.id), status.actor_id, &note.attachment).await?;
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
