//! Consultations: polls posted as `Question`s (in a theme, a community or
//! anywhere), votes from local users and from other servers (a vote is a
//! `Note` whose `name` is the option, sent to the poll's author, as Mastodon
//! does), counted once per person, and the counts sent out with `Update`.

use chrono::{Duration, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};

use crate::activitypub::delivery;
use crate::activitypub::protocol::object::{Note, PollOption};
use crate::activitypub::protocol::outgoing::Create;
use crate::db::actors::{self, DbActor};
use crate::db::polls::{self, DbPoll};
use crate::db::statuses::{self, DbStatus, Viewer};
use crate::db::users::Account;
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::Message;
use crate::services::{outbox, statuses as status_service};
use crate::state::AppState;
use crate::state::FedData;

pub const MAX_OPTIONS: usize = 10;
pub const MAX_OPTION_CHARS: usize = 100;
/// Five minutes to a month, as Mastodon allows.
pub const MIN_SECONDS: i64 = 300;
pub const MAX_SECONDS: i64 = 2_629_746;

/// A poll as its author writes it.
#[derive(Debug, Clone, Default)]
pub struct NewPoll {
    pub options: Vec<String>,
    pub expires_in: i64,
    pub multiple: bool,
}

impl NewPoll {
    /// Checks the options and the duration; every problem at once.
    pub fn validate(&self) -> Result<Vec<String>, Vec<FieldError>> {
        let mut errors = Vec::new();
        let options: Vec<String> = self.options.iter().map(|o| o.trim().to_owned()).collect();
        if options.len() < 2 || options.len() > MAX_OPTIONS || options.iter().any(String::is_empty) {
            errors.push(FieldError::new(
                "poll[options]",
                "ERR_INVALID",
                Message::new("error-poll-options").with("max", MAX_OPTIONS.to_string()),
            ));
        } else if options.iter().any(|o| o.chars().count() > MAX_OPTION_CHARS) {
            errors.push(FieldError::new(
                "poll[options]",
                "ERR_TOO_LONG",
                Message::new("error-field-too-long").with("max", MAX_OPTION_CHARS.to_string()),
            ));
        } else if options.iter().enumerate().any(|(i, o)| options[..i].contains(o)) {
            errors.push(FieldError::new(
                "poll[options]",
                "ERR_TAKEN",
                Message::new("error-poll-duplicate-option"),
            ));
        }
        if !(MIN_SECONDS..=MAX_SECONDS).contains(&self.expires_in) {
            errors.push(FieldError::new(
                "poll[expires_in]",
                "ERR_INVALID",
                Message::new("error-poll-duration"),
            ));
        }
        if errors.is_empty() { Ok(options) } else { Err(errors) }
    }
}

/// Stores a local post's poll, in the post's transaction.
pub async fn create_for(
    conn: &mut AsyncPgConnection,
    status_id: i64,
    poll: &NewPoll,
    options: &[String],
) -> diesel::QueryResult<DbPoll> {
    let counts = vec![0; options.len()];
    let expires_at = Utc::now() + Duration::seconds(poll.expires_in);
    polls::upsert(conn, status_id, poll.multiple, options, &counts, 0, Some(expires_at)).await
}

/// At most one `Update` of a poll's counts every this many seconds (the first
/// vote's goes out at once), so that a busy consultation does not send one
/// per vote to every follower's server.
const UPDATE_EVERY_SECONDS: i32 = 10;

/// Sends a local poll's new counts as an `Update` of its `Question`; voters
/// from other servers hear of them too, as Mastodon tells them.
async fn send_update(conn: &mut AsyncPgConnection, state: &AppState, status: &DbStatus) -> AppResult<()> {
    let voters = polls::remote_voters(conn, status.id).await?;
    let also: Vec<&DbActor> = voters.iter().collect();
    status_service::send_update(conn, state, status, &[], &also).await
}

fn refuse(key: &'static str) -> AppError {
    AppError::Validation(vec![FieldError::new("choices", "ERR_INVALID", Message::new(key))])
}

/// A local user votes. On a local poll the vote is counted and the counts go
/// out; on a remote one each choice goes to the poll's author as a `Note`.
pub async fn vote(data: &FedData, voter: &Account, status_id: i64, choices: &[usize]) -> AppResult<DbPoll> {
    let state: &AppState = data;
    let mut conn = state.db.get().await?;
    let status = statuses::find(&mut conn, status_id)
        .await?
        .filter(|s| !s.is_deleted())
        .ok_or(AppError::NotFound)?;
    if !statuses::visible_to(&mut conn, Viewer::Actor(voter.actor.id), status.id).await? {
        return Err(AppError::NotFound);
    }
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let poll = polls::find_for_update(conn, status_id)
                .await?
                .ok_or(AppError::NotFound)?;
            if poll.expired(Utc::now()) {
                return Err(refuse("error-poll-expired"));
            }
            let mut chosen: Vec<usize> = choices.to_vec();
            chosen.sort_unstable();
            chosen.dedup();
            if chosen.is_empty()
                || chosen.iter().any(|c| *c >= poll.options.len())
                || (!poll.multiple && chosen.len() > 1)
            {
                return Err(refuse("error-poll-choice"));
            }
            if !polls::choices_of(conn, voter.actor.id, &[status_id]).await?.is_empty() {
                return Err(refuse("error-poll-already-voted"));
            }
            let author = actors::find(conn, status.actor_id).await?.ok_or(AppError::NotFound)?;
            for choice in &chosen {
                let index = i32::try_from(*choice).map_err(|_| refuse("error-poll-choice"))?;
                let vote_id = format!(
                    "{}#votes/{}/{}",
                    voter.actor.ap_id,
                    status.id,
                    crate::crypto::random_token()
                );
                polls::insert_vote(conn, status_id, voter.actor.id, index, Some(&vote_id)).await?;
                if !author.is_local() {
                    let (Ok(id), Ok(voter_id)) = (url::Url::parse(&vote_id), url::Url::parse(&voter.actor.ap_id))
                    else {
                        return Err(AppError::Internal(anyhow::anyhow!("a vote with a bad id: {vote_id}")));
                    };
                    let note = Note::vote(
                        id,
                        voter_id,
                        &status.ap_id,
                        &author.ap_id,
                        &poll.option_titles()[*choice],
                    );
                    let create = Create::new(&voter.actor.ap_id, note, Utc::now());
                    outbox::send_to_one(conn, state, &voter.actor, create, &author).await?;
                }
            }
            if author.is_local() {
                let counted = polls::recount(conn, &poll).await?;
                polls::schedule_update(conn, status.id, UPDATE_EVERY_SECONDS).await?;
                Ok(counted)
            } else {
                // Counted here at once; the author's next Update brings the true counts.
                let mut counts: Vec<i64> = (0..poll.options.len()).map(|i| poll.count_of(i)).collect();
                for choice in &chosen {
                    counts[*choice] += 1;
                }
                Ok(polls::upsert(
                    conn,
                    status_id,
                    poll.multiple,
                    &poll.option_titles(),
                    &counts,
                    poll.voters_count + 1,
                    poll.expires_at,
                )
                .await?)
            }
        })
        .await;
    delivery::wake_after(state, outcome)
}

/// Whether a remote `Note` is a vote: a `name`, no text, in reply to a post.
pub fn is_vote(note: &Note) -> bool {
    note.kind == "Note"
        && note.name.as_deref().is_some_and(|n| !n.trim().is_empty())
        && note.in_reply_to.is_some()
        && crate::domain::text::html_to_text(&note.content_html())
            .trim()
            .is_empty()
}

/// A vote from another server on one of our polls: counted once per person
/// (and per option, for multiple choice); one that names no option, comes
/// after the end, or is a second answer to a single-choice poll changes nothing.
pub async fn receive_vote(data: &FedData, signer: &DbActor, note: &Note, question: &DbStatus) -> AppResult<()> {
    let state: &AppState = data;
    let name = note.name.as_deref().unwrap_or_default().trim().to_owned();
    let mut conn = state.db.get().await?;
    let counted = conn
        .transaction::<_, AppError, _>(async |conn| {
            let Some(poll) = polls::find_for_update(conn, question.id).await? else {
                return Ok(false);
            };
            if poll.expired(Utc::now()) {
                return Ok(false);
            }
            let Some(index) = poll.option_titles().iter().position(|o| *o == name) else {
                return Ok(false);
            };
            let previous = polls::choices_of(conn, signer.id, &[question.id]).await?;
            if !poll.multiple && !previous.is_empty() {
                return Ok(false);
            }
            let index = i32::try_from(index).map_err(|_| AppError::bad_request("error-activity-malformed"))?;
            if !polls::insert_vote(conn, question.id, signer.id, index, Some(note.id.as_str())).await? {
                return Ok(false);
            }
            polls::recount(conn, &poll).await?;
            polls::schedule_update(conn, question.id, UPDATE_EVERY_SECONDS).await?;
            Ok(true)
        })
        .await?;
    if counted {
        delivery::wake(state);
    }
    Ok(())
}

/// Sends the polls' Updates that are owed, every second; with several server
/// processes each poll's goes out once.
pub async fn run_updates(state: AppState) {
    let mut interval = tokio::time::interval(std::time::Duration::from_secs(1));
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        if let Err(error) = send_due_updates(&state).await {
            tracing::warn!(error = %error, "sending polls' counts");
        }
    }
}

async fn send_due_updates(state: &AppState) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    let sent = conn
        .transaction::<_, AppError, _>(async |conn| {
            let due = polls::take_due_updates(conn, 50).await?;
            for status_id in &due {
                if let Some(status) = statuses::find(conn, *status_id).await?.filter(|s| !s.is_deleted()) {
                    send_update(conn, state, &status).await?;
                }
            }
            Ok(due.len())
        })
        .await?;
    if sent > 0 {
        delivery::wake(state);
    }
    Ok(())
}

/// Stores (or refreshes) a remote `Question`'s options and counts.
pub async fn store_remote(conn: &mut AsyncPgConnection, status: &DbStatus, note: &Note) -> Result<(), AppError> {
    if note.kind != "Question" || status.local {
        return Ok(());
    }
    let (multiple, choices) = if note.any_of.is_empty() {
        (false, &note.one_of)
    } else {
        (true, &note.any_of)
    };
    if choices.is_empty() {
        return Ok(());
    }
    let choices: Vec<&PollOption> = choices.iter().take(20).collect();
    let titles: Vec<String> = choices
        .iter()
        .map(|o| crate::domain::text::html_to_text(&o.name).chars().take(200).collect())
        .collect();
    let counts: Vec<i64> = choices
        .iter()
        .map(|o| o.replies.as_ref().map_or(0, |r| r.total_items.max(0)))
        .collect();
    let voters = note
        .voters_count
        .unwrap_or_else(|| if multiple { 0 } else { counts.iter().sum() });
    polls::upsert(
        conn,
        status.id,
        multiple,
        &titles,
        &counts,
        voters.max(0),
        note.end_time,
    )
    .await?;
    Ok(())
}
