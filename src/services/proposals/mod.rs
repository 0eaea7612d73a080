//! Collaborative proposals and expressions of interest: the lifecycle
//! (draft → submitted → open → closed | expired → completed), the facilitators'
//! queue, interests across instances (`Join`, `Accept`/`Reject`, `Undo`), teams
//! and results. Every change and the activities it sends are one transaction.
//!
//! An interest is seen only by its sender, the proposal's author and the
//! facilitators of the author's instance: `can_see_interest` is the one rule,
//! and interests travel only between the sender's and the author's servers.

pub mod inbound;

use chrono::Utc;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::{Value, json};

use crate::activitypub::delivery;
use crate::activitypub::objects::document::Document;
use crate::activitypub::objects::proposal as wire;
use crate::activitypub::objects::status::note_json;
use crate::activitypub::protocol::activities::Activity;
use crate::db::actors::{self, DbActor};
use crate::db::attachments::{self as attachment_rows, Owner};
use crate::db::groups::LocalGroup;
use crate::db::notifications;
use crate::db::proposals::{self, DbInterest, DbProposal, NewInterest, ProposalFields, StateChange};
use crate::db::statuses::{self, NewStatus};
use crate::db::users::Account;
use crate::domain::group::GroupRole;
use crate::domain::proposal::{InterestInput, InterestState, ProposalInput, ProposalState, ValidProposal};
use crate::domain::text::{escape_html, plain_to_html};
use crate::domain::visibility::Visibility;
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::Message;
use crate::services::{accounts, attachments, groups, outbox, statuses as status_service};
use crate::state::AppState;
use crate::state::FedData;

fn fields_of(valid: &ValidProposal) -> ProposalFields {
    ProposalFields {
        title: valid.title.clone(),
        short_description: valid.short_description.clone(),
        description: valid.description.clone(),
        innovation: valid.innovation.clone(),
        contribution: valid.contribution.clone(),
        kind: valid.kind.as_str().into(),
        stage: valid.stage.as_str().into(),
        ip: valid.ip.as_str().into(),
        languages: valid.languages.iter().cloned().map(Some).collect(),
        foreign_partners: valid.foreign_partners,
        competences: valid.competences.iter().cloned().map(Some).collect(),
        expires_at: valid.expires_at,
        contact: valid.contact.clone(),
    }
}

fn state_of(proposal: &DbProposal) -> ProposalState {
    ProposalState::parse(&proposal.state).unwrap_or(ProposalState::Draft)
}

fn rule(field: &'static str, key: &'static str) -> AppError {
    AppError::Validation(vec![FieldError::new(field, "ERR_INVALID", Message::new(key))])
}

/// Whether the account facilitates on this instance.
pub fn facilitates(account: &Account) -> bool {
    accounts::role_of(account).facilitates()
}

/// Checks the groups a proposal is filed under: known groups, where the author may post.
async fn check_groups(conn: &mut AsyncPgConnection, author: &DbActor, group_ids: &[i64]) -> AppResult<()> {
    let found = actors::find_many(conn, group_ids).await?;
    for id in group_ids {
        let Some(group) = found
            .iter()
            .find(|a| a.id == *id && a.actor_type == "Group" && a.deleted_at.is_none())
        else {
            return Err(rule("groups", "error-proposal-groups"));
        };
        if group.is_local()
            && let Some(local) = crate::db::groups::find(conn, group.id).await?
        {
            groups::check_can_post(conn, &local, author, None, false).await?;
        }
    }
    Ok(())
}

/// Saves a new draft.
pub async fn create(state: &AppState, author: &Account, input: ProposalInput) -> AppResult<DbProposal> {
    let valid = input.validate(Utc::now()).map_err(AppError::Validation)?;
    let mut conn = state.db.get().await?;
    check_groups(&mut conn, &author.actor, &valid.groups).await?;
    let fields = fields_of(&valid);
    conn.transaction::<_, AppError, _>(async |conn| {
        let proposal = proposals::insert(conn, author.actor.id, true, "draft", None, &fields).await?;
        proposals::set_groups(conn, proposal.id, &valid.groups).await?;
        Ok(proposal)
    })
    .await
}

/// A local proposal of `author` (404 for anyone else, as if it did not exist).
async fn own(conn: &mut AsyncPgConnection, author: &DbActor, id: i64) -> AppResult<DbProposal> {
    proposals::find_for_update(conn, id)
        .await?
        .filter(|p| p.local && p.author_id == author.id)
        .ok_or(AppError::NotFound)
}

/// Changes a draft (a proposal sent back is a draft again).
pub async fn edit(state: &AppState, author: &Account, id: i64, input: ProposalInput) -> AppResult<DbProposal> {
    let valid = input.validate(Utc::now()).map_err(AppError::Validation)?;
    let mut conn = state.db.get().await?;
    check_groups(&mut conn, &author.actor, &valid.groups).await?;
    let fields = fields_of(&valid);
    conn.transaction::<_, AppError, _>(async |conn| {
        let proposal = own(conn, &author.actor, id).await?;
        if !state_of(&proposal).editable() {
            return Err(AppError::Conflict(Message::new("error-proposal-not-draft")));
        }
        let updated = proposals::update_fields(conn, id, &fields).await?;
        proposals::set_groups(conn, id, &valid.groups).await?;
        Ok(updated)
    })
    .await
}

/// Whether `author` publishes without review: validation is off, or they
/// facilitate, or they manage one of the proposal's communities.
async fn publishes_directly(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    author: &Account,
    proposal: &DbProposal,
) -> AppResult<bool> {
    if !state.config.proposals.validation || facilitates(author) {
        return Ok(true);
    }
    for group in proposals::groups_of(conn, proposal.id).await? {
        if let Some(local) = crate::db::groups::find(conn, group.id).await?
            && local.group.kind == "community"
            && groups::role_in(conn, &local, &author.actor).await? == Some(GroupRole::Manager)
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Submits a draft: to the facilitators' queue, or straight to publication.
pub async fn submit(data: &FedData, author: &Account, id: i64) -> AppResult<DbProposal> {
    let state: &AppState = data;
    let mut conn = state.db.get().await?;
    let proposal = conn
        .transaction::<_, AppError, _>(async |conn| {
            let proposal = own(conn, &author.actor, id).await?;
            if state_of(&proposal) != ProposalState::Draft {
                return Err(AppError::Conflict(Message::new("error-proposal-not-draft")));
            }
            if proposal.expires_at.is_some_and(|at| at <= Utc::now()) {
                return Err(rule("expires_at", "error-proposal-expiry-past"));
            }
            if publishes_directly(conn, state, author, &proposal).await? {
                return publish_in(conn, state, &author.actor, proposal, None).await;
            }
            let submitted = proposals::set_state(
                conn,
                id,
                ProposalState::Submitted.as_str(),
                &StateChange {
                    submitted_at: Some(Some(Utc::now())),
                    review_note: Some(String::new()),
                    ..Default::default()
                },
            )
            .await?;
            for facilitator in proposals::facilitators(conn).await? {
                notifications::insert_about_proposal(
                    conn,
                    facilitator,
                    author.actor.id,
                    "proposal_submitted",
                    id,
                    None,
                )
                .await?;
            }
            Ok(submitted)
        })
        .await?;
    delivery::wake(state);
    Ok(proposal)
}

/// A facilitator publishes a submitted proposal.
pub async fn publish(data: &FedData, facilitator: &Account, id: i64) -> AppResult<DbProposal> {
    let state: &AppState = data;
    if !facilitates(facilitator) {
        return Err(AppError::forbidden("error-proposal-facilitators-only"));
    }
    let mut conn = state.db.get().await?;
    let proposal = conn
        .transaction::<_, AppError, _>(async |conn| {
            let proposal = proposals::find_for_update(conn, id)
                .await?
                .filter(|p| p.local)
                .ok_or(AppError::NotFound)?;
            if state_of(&proposal) != ProposalState::Submitted {
                return Err(AppError::Conflict(Message::new("error-proposal-not-submitted")));
            }
            let author = actors::find(conn, proposal.author_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let published = publish_in(conn, state, &author, proposal, Some(facilitator.actor.id)).await?;
            if author.id != facilitator.actor.id {
                notifications::insert_about_proposal(
                    conn,
                    author.id,
                    facilitator.actor.id,
                    "proposal_published",
                    id,
                    None,
                )
                .await?;
            }
            Ok(published)
        })
        .await?;
    delivery::wake(state);
    Ok(proposal)
}

/// A facilitator sends a submitted proposal back to its author with a reason; it is a draft again.
pub async fn send_back(state: &AppState, facilitator: &Account, id: i64, reason: &str) -> AppResult<DbProposal> {
    if !facilitates(facilitator) {
        return Err(AppError::forbidden("error-proposal-facilitators-only"));
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::field("reason", "ERR_BLANK", "error-proposal-reason-blank"));
    }
    if reason.chars().count() > 2000 {
        return Err(AppError::Validation(vec![FieldError::new(
            "reason",
            "ERR_TOO_LONG",
            Message::new("error-field-too-long").with("max", "2000"),
        )]));
    }
    let mut conn = state.db.get().await?;
    conn.transaction::<_, AppError, _>(async |conn| {
        let proposal = proposals::find_for_update(conn, id)
            .await?
            .filter(|p| p.local)
            .ok_or(AppError::NotFound)?;
        if state_of(&proposal) != ProposalState::Submitted {
            return Err(AppError::Conflict(Message::new("error-proposal-not-submitted")));
        }
        let back = proposals::set_state(
            conn,
            id,
            ProposalState::Draft.as_str(),
            &StateChange {
                review_note: Some(reason.to_owned()),
                facilitator_id: Some(Some(facilitator.actor.id)),
                ..Default::default()
            },
        )
        .await?;
        notifications::insert_about_proposal(
            conn,
            proposal.author_id,
            facilitator.actor.id,
            "proposal_sent_back",
            id,
            None,
        )
        .await?;
        Ok(back)
    })
    .await
}

/// Publishes: the proposal's `Page` is stored as a status of its author and
/// sent to the author's followers and to its groups, which announce it.
async fn publish_in(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    author: &DbActor,
    proposal: DbProposal,
    facilitator: Option<i64>,
) -> AppResult<DbProposal> {
    let urls = state.urls();
    let groups_of = proposals::groups_of(conn, proposal.id).await?;
    let language = state.config.i18n.default_language;
    let id = statuses::next_id(conn).await?;
    let page_url = urls.absolute(&format!("/proposals/{}", proposal.id));
    let new = NewStatus {
        ap_id: format!("{}/statuses/{id}", author.ap_id),
        url: Some(page_url),
        actor_id: author.id,
        local: true,
        object_type: "Page".into(),
        in_reply_to_id: None,
        in_reply_to_ap_id: None,
        in_reply_to_actor_id: None,
        reblog_of_id: None,
        context: Some(urls.absolute(&format!("/contexts/{id}"))),
        name: Some(proposal.title.clone()),
        summary: String::new(),
        content: wire::content_html(&proposal, &language.translator()),
        source: proposal.description.clone(),
        language: proposal.language_list().first().cloned(),
        visibility: Visibility::Public.as_str().into(),
        sensitive: false,
        published_at: Utc::now(),
        group_id: groups_of.first().map(|g| g.id),
    };
    let status = statuses::insert(conn, id, &new).await?;
    let tags = proposal.competence_list();
    statuses::replace_tags(conn, status.id, &tags).await?;
    actors::bump_counters(conn, author.id, 0, 0, 1).await?;
    actors::touch_last_status(conn, author.id, status.published_at).await?;
    let published = proposals::set_state(
        conn,
        proposal.id,
        ProposalState::Open.as_str(),
        &StateChange {
            status_id: Some(Some(status.id)),
            published_at: Some(Some(status.published_at)),
            facilitator_id: facilitator.map(Some),
            review_note: Some(String::new()),
            ..Default::default()
        },
    )
    .await?;
    let mut note = note_json(state, &status, author, &[], &tags, groups_of.first());
    for other in groups_of.iter().skip(1) {
        note.cc.push(other.ap_id.clone());
    }
    // Its summary, Fucina's terms and its files, as every later fetch shows them.
    wire::decorate(conn, &state.config, &status, &mut note).await?;
    let create = status_service::create_activity(&status, author, &note);
    let other_remote: Vec<&DbActor> = groups_of.iter().skip(1).filter(|g| !g.is_local()).collect();
    status_service::send_about(
        conn,
        state,
        author,
        &status,
        groups_of.first(),
        create.clone(),
        &other_remote,
        true,
    )
    .await?;
    for other in groups_of.iter().skip(1).filter(|g| g.is_local()) {
        if let Some(local) = crate::db::groups::find(conn, other.id).await? {
            groups::announce_post(conn, state, &local, create.clone(), &status.ap_id).await?;
        }
    }
    let group_ids: Vec<i64> = groups_of.iter().map(|g| g.id).collect();
    proposals::notify_members(conn, &group_ids, author.id, published.id, author.id).await?;
    Ok(published)
}

/// Sends the proposal's `Page` again as an `Update` (its state, team or results
/// changed) to whoever received it, and to `also`.
async fn send_update(
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

/// The remote members of the team, who must hear of the proposal's changes.
async fn remote_team(conn: &mut AsyncPgConnection, proposal_id: i64) -> AppResult<Vec<DbActor>> {
    Ok(proposals::team(conn, proposal_id, false)
        .await?
        .into_iter()
        .filter(|a| !a.is_local())
        .collect())
}

/// The author or a facilitator closes an open proposal.
pub async fn close(data: &FedData, closer: &Account, id: i64) -> AppResult<DbProposal> {
    let state: &AppState = data;
    let mut conn = state.db.get().await?;
    let proposal = conn
        .transaction::<_, AppError, _>(async |conn| {
            let proposal = proposals::find_for_update(conn, id)
                .await?
                .filter(|p| p.local)
                .ok_or(AppError::NotFound)?;
            if proposal.author_id != closer.actor.id && !facilitates(closer) {
                return Err(AppError::NotFound);
            }
            if state_of(&proposal) != ProposalState::Open {
                return Err(AppError::Conflict(Message::new("error-proposal-not-open")));
            }
            let closed = proposals::set_state(
                conn,
                id,
                ProposalState::Closed.as_str(),
                &StateChange {
                    closed_at: Some(Some(Utc::now())),
                    ..Default::default()
                },
            )
            .await?;
            let team = remote_team(conn, id).await?;
            send_update(conn, state, &closed, &team.iter().collect::<Vec<_>>()).await?;
            Ok(closed)
        })
        .await?;
    delivery::wake(state);
    Ok(proposal)
}

/// The advisory lock key of the expiry job ("fucina-expiry").
const EXPIRY_LOCK: i64 = 0x6675_6369_6e61_0001;

/// Expires open local proposals past their date. Several processes may run
/// it at once: the advisory lock lets one of them work, the others return.
pub async fn expire_due(state: &AppState) -> AppResult<usize> {
    let mut conn = state.db.get().await?;
    let expired = conn
        .transaction::<_, AppError, _>(async |conn| {
            if !crate::db::try_advisory_xact_lock(conn, EXPIRY_LOCK).await? {
                return Ok(0);
            }
            let due = proposals::due_for_expiry(conn, Utc::now(), 100).await?;
            for proposal in &due {
                let expired = proposals::set_state(
                    conn,
                    proposal.id,
                    ProposalState::Expired.as_str(),
                    &StateChange {
                        closed_at: Some(Some(Utc::now())),
                        ..Default::default()
                    },
                )
                .await?;
                let team = remote_team(conn, proposal.id).await?;
                send_update(conn, state, &expired, &team.iter().collect::<Vec<_>>()).await?;
                notifications::insert_about_proposal(
                    conn,
                    proposal.author_id,
                    proposal.author_id,
                    "proposal_expired",
                    proposal.id,
                    None,
                )
                .await?;
            }
            Ok(due.len())
        })
        .await?;
    if expired > 0 {
        delivery::wake(state);
        tracing::info!(expired, "proposals expired");
    }
    Ok(expired)
}

/// Runs the expiry job for ever, every `proposals.expiry_check_seconds`.
pub async fn run_expiry(state: AppState) {
    let mut interval = tokio::time::interval(std::time::Duration::from_secs(
        state.config.proposals.expiry_check_seconds,
    ));
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        if let Err(error) = expire_due(&state).await {
            tracing::warn!(error = %error, "expiring proposals");
        }
    }
}

/// A results report.
#[derive(Debug, Clone, Default)]
pub struct ResultsInput {
    pub title: String,
    pub text: String,
}

/// The author publishes the results: an `Article` in the proposal's thread;
/// the proposal is completed, and its team and the people who showed interest are told.
pub async fn complete(data: &FedData, author: &Account, id: i64, results: ResultsInput) -> AppResult<DbProposal> {
    let state: &AppState = data;
    let (proposal, status_id) = {
        let mut conn = state.db.get().await?;
        let proposal = proposals::find(&mut conn, id)
            .await?
            .filter(|p| p.local && p.author_id == author.actor.id)
            .ok_or(AppError::NotFound)?;
        if !matches!(
            state_of(&proposal),
            ProposalState::Open | ProposalState::Closed | ProposalState::Expired
        ) {
            return Err(AppError::Conflict(Message::new("error-proposal-not-published")));
        }
        let status_id = proposal.status_id.ok_or(AppError::NotFound)?;
        (proposal, status_id)
    };
    let title = match results.title.trim() {
        "" => Message::new("proposal-results-title")
            .with("title", proposal.title.clone())
            .render(&state.config.i18n.default_language.translator()),
        given => given.to_owned(),
    };
    let report = status_service::create(
        data,
        author,
        status_service::NewPost {
            text: results.text,
            title: Some(title),
            in_reply_to_id: Some(status_id),
            report: true,
            language: proposal.language_list().first().cloned(),
            ..Default::default()
        },
    )
    .await?;
    let mut conn = state.db.get().await?;
    let completed = conn
        .transaction::<_, AppError, _>(async |conn| {
            let current = proposals::find_for_update(conn, id).await?.ok_or(AppError::NotFound)?;
            if state_of(&current) == ProposalState::Completed {
                return Err(AppError::Conflict(Message::new("error-proposal-not-published")));
            }
            let completed = proposals::set_state(
                conn,
                id,
                ProposalState::Completed.as_str(),
                &StateChange {
                    results_status_id: Some(Some(report.id)),
                    closed_at: Some(current.closed_at.or(Some(Utc::now()))),
                    ..Default::default()
                },
            )
            .await?;
            let team = proposals::team(conn, id, false).await?;
            let remote: Vec<&DbActor> = team.iter().filter(|a| !a.is_local()).collect();
            send_update(conn, state, &completed, &remote).await?;
            let mut told: Vec<i64> = Vec::new();
            for (interest, sender) in proposals::received(conn, id).await? {
                if sender.is_local() && interest.state != "withdrawn" && !told.contains(&sender.id) {
                    told.push(sender.id);
                    notifications::insert_about_proposal(
                        conn,
                        sender.id,
                        author.actor.id,
                        "proposal_completed",
                        id,
                        None,
                    )
                    .await?;
                }
            }
            Ok(completed)
        })
        .await?;
    delivery::wake(state);
    Ok(completed)
}

/// Turns the team into an invitation-only community: the author manages it,
/// every accepted sender (here or elsewhere) is invited.
pub async fn form_team(state: &AppState, author: &Account, id: i64, handle: &str) -> AppResult<LocalGroup> {
    let proposal = {
        let mut conn = state.db.get().await?;
        proposals::find(&mut conn, id)
            .await?
            .filter(|p| p.local && p.author_id == author.actor.id)
            .ok_or(AppError::NotFound)?
    };
    if proposal.team_group_id.is_some() {
        return Err(AppError::Conflict(Message::new("error-proposal-team-exists")));
    }
    if !state_of(&proposal).published() {
        return Err(AppError::Conflict(Message::new("error-proposal-not-published")));
    }
    let team = {
        let mut conn = state.db.get().await?;
        proposals::team(&mut conn, id, false).await?
    };
    if team.is_empty() {
        return Err(AppError::Conflict(Message::new("error-proposal-team-empty")));
    }
    let group = groups::create_community(
        state,
        author,
        groups::NewCommunity {
            name: handle.to_owned(),
            title: proposal.title.chars().take(100).collect(),
            description: proposal.short_description.clone(),
            join_mode: "invitation".into(),
            listed: false,
            parent: None,
            languages: proposal.language_list(),
        },
    )
    .await?;
    {
        let mut conn = state.db.get().await?;
        proposals::set_team_group(&mut conn, id, group.actor.id).await?;
    }
    for member in &team {
        groups::invite(state, &author.actor, group.actor.id, member).await?;
    }
    Ok(group)
}

// ---------------------------------------------------------------------------
// Expressions of interest

/// Whether `viewer` may see `interest`: its sender; or, once sent, the
/// proposal's author and (for a proposal of this instance) its facilitators.
pub fn can_see_interest(viewer: &Account, interest: &DbInterest, proposal: &DbProposal) -> bool {
    if interest.sender_id == viewer.actor.id {
        return true;
    }
    if interest.state == InterestState::Draft.as_str() {
        return false;
    }
    proposal.author_id == viewer.actor.id || (proposal.local && facilitates(viewer))
}

/// A published proposal anyone may read, by id.
pub async fn readable(conn: &mut AsyncPgConnection, viewer: Option<&Account>, id: i64) -> AppResult<DbProposal> {
    let proposal = proposals::find(conn, id).await?.ok_or(AppError::NotFound)?;
    if state_of(&proposal).published() {
        return Ok(proposal);
    }
    // Drafts and submissions: for their author and the facilitators.
    match viewer {
        Some(v) if v.actor.id == proposal.author_id || (proposal.local && facilitates(v)) => Ok(proposal),
        _ => Err(AppError::NotFound),
    }
}

/// Why an interest cannot be expressed now, if it cannot.
fn check_open(proposal: &DbProposal, sender_id: i64) -> AppResult<()> {
    if proposal.author_id == sender_id {
        return Err(rule("proposal", "error-interest-own"));
    }
    if state_of(proposal) != ProposalState::Open || proposal.expires_at.is_some_and(|at| at <= Utc::now()) {
        return Err(rule("proposal", "error-interest-not-open"));
    }
    Ok(())
}

/// The `Join` that carries an interest to the author's server.
fn join_activity(
    interest: &DbInterest,
    sender: &DbActor,
    author: &DbActor,
    proposal_ap_id: &str,
    documents: Vec<Value>,
) -> Value {
    let mut content = plain_to_html(&interest.offer);
    if !interest.on_behalf_of.is_empty() {
        content = format!("<p>{}</p>{content}", escape_html(&interest.on_behalf_of));
    }
    json!({
        "type": "Join",
        "id": interest.ap_id,
        "actor": sender.ap_id,
        "object": proposal_ap_id,
        "to": [author.ap_id],
        "published": interest.sent_at,
        "content": content,
        "interestOffer": interest.offer,
        "interestAbout": interest.about,
        "interestQuestions": interest.questions,
        "onBehalfOf": interest.on_behalf_of,
        "teamConsent": interest.team_consent,
        "attachment": documents,
    })
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

/// Tells the author of a local proposal, and its facilitator, about one of its interests.
async fn notify_author_side(
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
    let interest = conn
        .transaction::<_, AppError, _>(async |conn| {
            let proposal = proposals::find_for_update(conn, proposal_id)
                .await?
                .filter(|p| state_of(p).published())
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
                    state: if send { "sent" } else { "draft" },
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
        .await?;
    delivery::wake(state);
    Ok(interest)
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
    let interest = conn
        .transaction::<_, AppError, _>(async |conn| {
            let (interest, proposal) = interest_for(conn, sender, interest_id).await?;
            if interest.sender_id != sender.actor.id {
                return Err(AppError::NotFound);
            }
            if interest.state != InterestState::Draft.as_str() {
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
        .await?;
    delivery::wake(state);
    Ok(interest)
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
        if interest.state == InterestState::Sent.as_str() {
            let reviewed = proposals::set_interest_state(&mut conn, interest.id, "in_review", false).await?;
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
    let interest = conn
        .transaction::<_, AppError, _>(async |conn| {
            let (interest, proposal) = interest_for(conn, author, interest_id).await?;
            if proposal.author_id != author.actor.id {
                return Err(AppError::forbidden("error-interest-author-only"));
            }
            let current = InterestState::parse(&interest.state).unwrap_or(InterestState::Draft);
            if !current.pending() {
                return Err(AppError::Conflict(Message::new("error-interest-not-pending")));
            }
            let next = if accept {
                InterestState::Accepted
            } else {
                InterestState::Declined
            };
            let decided = proposals::set_interest_state(conn, interest.id, next.as_str(), true).await?;
            let sender = actors::find(conn, interest.sender_id)
                .await?
                .ok_or(AppError::NotFound)?;
            if sender.is_local() {
                let kind = if accept {
                    "interest_accepted"
                } else {
                    "interest_declined"
                };
                notifications::insert_about_proposal(
                    conn,
                    sender.id,
                    author.actor.id,
                    kind,
                    proposal.id,
                    Some(interest.id),
                )
                .await?;
            } else {
                let proposal_ap_id = match proposal.status_id {
                    Some(id) => statuses::find(conn, id).await?.map(|s| s.ap_id),
                    None => None,
                }
                .unwrap_or_default();
                let answer = outbox::simple(
                    if accept { "Accept" } else { "Reject" },
                    &author.actor,
                    json!({
                        "type": "Join",
                        "id": interest.ap_id,
                        "actor": sender.ap_id,
                        "object": proposal_ap_id,
                    }),
                    &sender.ap_id,
                );
                outbox::send_to_one(conn, state, &author.actor, answer, &sender).await?;
            }
            if accept && interest.team_consent {
                // The listed team changed.
                let team = remote_team(conn, proposal.id).await?;
                send_update(conn, state, &proposal, &team.iter().collect::<Vec<_>>()).await?;
            }
            Ok(decided)
        })
        .await?;
    delivery::wake(state);
    Ok(interest)
}

/// The sender withdraws an interest (a draft, a pending one, or an accepted one: they leave the team).
pub async fn withdraw(data: &FedData, sender: &Account, interest_id: i64) -> AppResult<DbInterest> {
    let state: &AppState = data;
    let mut conn = state.db.get().await?;
    let interest = conn
        .transaction::<_, AppError, _>(async |conn| {
            let (interest, proposal) = interest_for(conn, sender, interest_id).await?;
            if interest.sender_id != sender.actor.id {
                return Err(AppError::forbidden("error-interest-sender-only"));
            }
            let current = InterestState::parse(&interest.state).unwrap_or(InterestState::Draft);
            if matches!(current, InterestState::Withdrawn | InterestState::Declined) {
                return Err(AppError::Conflict(Message::new("error-interest-not-pending")));
            }
            let withdrawn = proposals::set_interest_state(conn, interest.id, "withdrawn", false).await?;
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
                    let undo = outbox::simple(
                        "Undo",
                        &sender.actor,
                        json!({"type": "Join", "id": interest.ap_id, "actor": sender.actor.ap_id}),
                        &author.ap_id,
                    );
                    outbox::send_to_one(conn, state, &sender.actor, undo, &author).await?;
                }
            }
            Ok(withdrawn)
        })
        .await?;
    delivery::wake(state);
    Ok(interest)
}

// ---------------------------------------------------------------------------
// From other servers

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
    conn.transaction::<_, AppError, _>(async |conn| {
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
            let reject = outbox::simple(
                "Reject",
                &author,
                json!({"type": "Join", "id": activity.id, "actor": signer.ap_id, "object": object_id}),
                &signer.ap_id,
            );
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
                state: "sent",
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
    .await?;
    delivery::wake(state);
    Ok(())
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
        let current = InterestState::parse(&interest.state).unwrap_or(InterestState::Draft);
        if !current.pending() {
            return Ok(());
        }
        let next = if accepted { "accepted" } else { "declined" };
        proposals::set_interest_state(conn, interest.id, next, true).await?;
        let kind = if accepted {
            "interest_accepted"
        } else {
            "interest_declined"
        };
        notifications::insert_about_proposal(
            conn,
            interest.sender_id,
            signer.id,
            kind,
            proposal.id,
            Some(interest.id),
        )
        .await?;
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
    conn.transaction::<_, AppError, _>(async |conn| {
        let Some(interest) = proposals::find_interest_by_ap_id(conn, join_id).await? else {
            return Ok(());
        };
        if interest.sender_id != signer.id {
            return Err(AppError::forbidden("error-activity-not-yours"));
        }
        if interest.state == "withdrawn" {
            return Ok(());
        }
        let was_listed = interest.state == "accepted" && interest.team_consent;
        proposals::set_interest_state(conn, interest.id, "withdrawn", false).await?;
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
    .await?;
    delivery::wake(state);
    Ok(())
}

/// Whether an id names an interest (for an `Undo` or `Accept` that gives only the id).
pub async fn is_interest(state: &AppState, ap_id: &str) -> AppResult<bool> {
    let mut conn = state.db.get().await?;
    Ok(proposals::find_interest_by_ap_id(&mut conn, ap_id).await?.is_some())
}
