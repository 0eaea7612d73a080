//! A proposal's life: written and edited as a draft, submitted to the
//! facilitators (or published directly by those who may), published into its
//! themes and communities, closed, expired by the hourly job, completed with
//! its results, and turned into a team community. Each change locks the row
//! and queues its activities in the same transaction.

use chrono::Utc;
use diesel_async::{AsyncConnection, AsyncPgConnection};

use crate::activitypub::delivery;
use crate::activitypub::objects::proposal as wire;
use crate::activitypub::objects::status::note_json;
use crate::activitypub::protocol::outgoing::Announced;
use crate::db::actors::{self, DbActor};
use crate::db::groups::LocalGroup;
use crate::db::proposals::{self, DbProposal, ProposalFields, StateChange};
use crate::db::statuses::{self, NewStatus};
use crate::db::users::Account;
use crate::domain::group::GroupRole;
use crate::domain::proposal::{InterestState, ProposalInput, ProposalState, ValidProposal};
use crate::domain::visibility::Visibility;
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::Message;
use crate::services::proposals::{facilitates, remote_team, rule, send_update};
use crate::services::{groups, statuses as status_service};
use crate::state::AppState;
use crate::state::FedData;

fn fields_of(valid: &ValidProposal) -> ProposalFields {
    ProposalFields {
        title: valid.texts.title.clone(),
        short_description: valid.texts.short_description.clone(),
        description: valid.texts.description.clone(),
        innovation: valid.texts.innovation.clone(),
        contribution: valid.texts.contribution.clone(),
        kind: valid.kind.as_str().into(),
        stage: valid.stage.as_str().into(),
        ip: valid.ip.as_str().into(),
        languages: valid.languages.iter().cloned().map(Some).collect(),
        foreign_partners: valid.foreign_partners,
        competences: valid.competences.iter().cloned().map(Some).collect(),
        expires_at: valid.expires_at,
        contact: valid.texts.contact.clone(),
    }
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

/// Sought competences as the shared vocabulary keeps them (synonyms merged).
pub(crate) async fn in_vocabulary(
    conn: &mut AsyncPgConnection,
    competences: &[Option<String>],
) -> diesel::QueryResult<Vec<Option<String>>> {
    let keys: Vec<String> = competences.iter().flatten().cloned().collect();
    Ok(crate::db::competences::canonical(conn, &keys)
        .await?
        .into_iter()
        .map(Some)
        .collect())
}

/// Saves a new draft.
pub async fn create(state: &AppState, author: &Account, input: ProposalInput) -> AppResult<DbProposal> {
    let valid = input.validate(Utc::now()).map_err(AppError::Validation)?;
    let mut conn = state.db.get().await?;
    check_groups(&mut conn, &author.actor, &valid.groups).await?;
    let mut fields = fields_of(&valid);
    conn.transaction::<_, AppError, _>(async |conn| {
        fields.competences = in_vocabulary(conn, &fields.competences).await?;
        let proposal = proposals::insert(conn, author.actor.id, true, ProposalState::Draft, None, &fields).await?;
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
    let mut fields = fields_of(&valid);
    conn.transaction::<_, AppError, _>(async |conn| {
        fields.competences = in_vocabulary(conn, &fields.competences).await?;
        let proposal = own(conn, &author.actor, id).await?;
        if !proposal.state.editable() {
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
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let proposal = own(conn, &author.actor, id).await?;
            if proposal.state != ProposalState::Draft {
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
                ProposalState::Submitted,
                &StateChange {
                    submitted_at: Some(Some(Utc::now())),
                    review_note: Some(String::new()),
                    ..Default::default()
                },
            )
            .await?;
            for facilitator in proposals::facilitators(conn).await? {
                super::notify(conn, facilitator, author.actor.id, "proposal_submitted", id).await?;
            }
            Ok(submitted)
        })
        .await;
    delivery::wake_after(state, outcome)
}

/// A facilitator publishes a submitted proposal.
pub async fn publish(data: &FedData, facilitator: &Account, id: i64) -> AppResult<DbProposal> {
    let state: &AppState = data;
    if !facilitates(facilitator) {
        return Err(AppError::forbidden("error-proposal-facilitators-only"));
    }
    let mut conn = state.db.get().await?;
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let proposal = proposals::find_for_update(conn, id)
                .await?
                .filter(|p| p.local)
                .ok_or(AppError::NotFound)?;
            if proposal.state != ProposalState::Submitted {
                return Err(AppError::Conflict(Message::new("error-proposal-not-submitted")));
            }
            let author = actors::find(conn, proposal.author_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let published = publish_in(conn, state, &author, proposal, Some(facilitator.actor.id)).await?;
            if author.id != facilitator.actor.id {
                super::notify(conn, author.id, facilitator.actor.id, "proposal_published", id).await?;
            }
            Ok(published)
        })
        .await;
    delivery::wake_after(state, outcome)
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
        if proposal.state != ProposalState::Submitted {
            return Err(AppError::Conflict(Message::new("error-proposal-not-submitted")));
        }
        let back = proposals::set_state(
            conn,
            id,
            ProposalState::Draft,
            &StateChange {
                review_note: Some(reason.to_owned()),
                facilitator_id: Some(Some(facilitator.actor.id)),
                ..Default::default()
            },
        )
        .await?;
        super::notify(conn, proposal.author_id, facilitator.actor.id, "proposal_sent_back", id).await?;
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
        ProposalState::Open,
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
            groups::announce_post(
                conn,
                state,
                &local,
                Announced::Ours(Box::new(create.clone())),
                &status.ap_id,
            )
            .await?;
        }
    }
    let group_ids: Vec<i64> = groups_of.iter().map(|g| g.id).collect();
    proposals::notify_members(conn, &group_ids, author.id, published.id, author.id).await?;
    Ok(published)
}

/// The author or a facilitator closes an open proposal.
pub async fn close(data: &FedData, closer: &Account, id: i64) -> AppResult<DbProposal> {
    let state: &AppState = data;
    let mut conn = state.db.get().await?;
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let proposal = proposals::find_for_update(conn, id)
                .await?
                .filter(|p| p.local)
                .ok_or(AppError::NotFound)?;
            if proposal.author_id != closer.actor.id && !facilitates(closer) {
                return Err(AppError::NotFound);
            }
            if proposal.state != ProposalState::Open {
                return Err(AppError::Conflict(Message::new("error-proposal-not-open")));
            }
            let closed = proposals::set_state(
                conn,
                id,
                ProposalState::Closed,
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
        .await;
    delivery::wake_after(state, outcome)
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
                    ProposalState::Expired,
                    &StateChange {
                        closed_at: Some(Some(Utc::now())),
                        ..Default::default()
                    },
                )
                .await?;
                let team = remote_team(conn, proposal.id).await?;
                send_update(conn, state, &expired, &team.iter().collect::<Vec<_>>()).await?;
                let author = proposal.author_id;
                super::notify(conn, author, author, "proposal_expired", proposal.id).await?;
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
            proposal.state,
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
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let current = proposals::find_for_update(conn, id).await?.ok_or(AppError::NotFound)?;
            if current.state == ProposalState::Completed {
                return Err(AppError::Conflict(Message::new("error-proposal-not-published")));
            }
            let completed = proposals::set_state(
                conn,
                id,
                ProposalState::Completed,
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
                if sender.is_local() && interest.state != InterestState::Withdrawn && !told.contains(&sender.id) {
                    told.push(sender.id);
                    super::notify(conn, sender.id, author.actor.id, "proposal_completed", id).await?;
                }
            }
            Ok(completed)
        })
        .await;
    delivery::wake_after(state, outcome)
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
    if !proposal.state.published() {
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
