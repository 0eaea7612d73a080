//! Reports: a person here reports an account and some of its posts; another
//! server's `Flag` becomes a report here. A report about someone elsewhere is
//! passed on, when asked, as a `Flag` signed by the instance actor that never
//! names the reporter (as Mastodon does).

use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::{Value, json};

use crate::activitypub::delivery;
use crate::activitypub::protocol::activities::Activity;
use crate::activitypub::protocol::object::id_of;
use crate::activitypub::protocol::outgoing::Flag;
use crate::db::actors::{self, DbActor};
use crate::db::notifications;
use crate::db::reports::{self, DbReport, DbReportNote, NewReport, Reach};
use crate::db::statuses::{self, DbStatus, Viewer};
use crate::db::users::{self, Account};
use crate::domain::account::Role;
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::Message;
use crate::services::{instance, outbox};
use crate::state::{AppState, FedData};

/// The reasons a report may give, as Mastodon names them.
pub const CATEGORIES: [&str; 4] = ["spam", "legal", "violation", "other"];
/// The longest comment a report may carry (Mastodon's limit).
pub const MAX_COMMENT: usize = 1_000;
/// The most posts one report may name.
pub const MAX_STATUSES: usize = 20;

/// A report as its reporter files it.
#[derive(Debug, Clone, Default)]
pub struct ReportInput {
    pub target_id: i64,
    pub status_ids: Vec<i64>,
    pub comment: String,
    /// One of [`CATEGORIES`]; blank for `other`.
    pub category: String,
    /// Pass it on to the reported account's server.
    pub forward: bool,
    /// Instance rules broken (the category is then `violation`).
    pub rule_ids: Vec<i64>,
}

fn refuse(field: &'static str, code: &'static str, key: &'static str) -> AppError {
    AppError::Validation(vec![FieldError::new(field, code, Message::new(key))])
}

/// The reported posts as they are now, kept with the report.
fn snapshot(posts: &[DbStatus]) -> Value {
    Value::Array(
        posts
            .iter()
            .map(|s| json!({ "id": s.id.to_string(), "uri": s.ap_id, "content": s.content, "created_at": s.published_at }))
            .collect(),
    )
}

/// `reporter` reports an account (and posts of it they can see). Nothing is
/// stored when anything is wrong; a forwarded report is queued with it.
pub async fn file(state: &AppState, reporter: &Account, input: ReportInput) -> AppResult<DbReport> {
    let mut rule_ids = input.rule_ids;
    rule_ids.sort_unstable();
    rule_ids.dedup();
    let category = match input.category.trim() {
        "" if rule_ids.is_empty() => "other",
        "" => "violation",
        chosen => chosen,
    };
    if !CATEGORIES.contains(&category) {
        return Err(refuse("category", "ERR_INCLUSION", "error-field-choice"));
    }
    if !rule_ids.is_empty() {
        let rules = crate::services::rules::list(state).await?;
        let known = rule_ids.iter().all(|id| rules.iter().any(|r| r.id == *id));
        if category != "violation" || !known {
            return Err(refuse("rule_ids", "ERR_INVALID", "error-report-rules"));
        }
    }
    let comment = input.comment.trim();
    if comment.chars().count() > MAX_COMMENT {
        return Err(refuse("comment", "ERR_TOO_LONG", "error-report-comment-long"));
    }
    let mut conn = state.db.get().await?;
    let target = actors::find(&mut conn, input.target_id)
        .await?
        .filter(|a| a.deleted_at.is_none() && a.actor_type != "Application")
        .ok_or(AppError::NotFound)?;
    if target.id == reporter.actor.id {
        return Err(refuse("account_id", "ERR_INVALID", "error-report-self"));
    }
    let mut ids = input.status_ids;
    ids.sort_unstable();
    ids.dedup();
    if ids.len() > MAX_STATUSES {
        return Err(refuse("status_ids", "ERR_TOO_LONG", "error-report-statuses"));
    }
    let posts = statuses::find_many_live(&mut conn, &ids).await?;
    let mut visible = Vec::with_capacity(posts.len());
    for post in posts {
        if statuses::visible_to(&mut conn, Viewer::Actor(reporter.actor.id), post.id).await? {
            visible.push(post);
        }
    }
    // Unknown and invisible posts are not found, as the account would not be.
    if visible.len() != ids.len() {
        return Err(AppError::NotFound);
    }
    if visible.iter().any(|p| p.actor_id != target.id) {
        return Err(refuse("status_ids", "ERR_INVALID", "error-report-statuses"));
    }
    // Passed on, when asked, to the reported account's server and to the
    // server of every other server's group the posts were posted in.
    let mut recipients: Vec<DbActor> = Vec::new();
    if input.forward {
        if !target.is_local() {
            recipients.push(target.clone());
        }
        let mut groups: Vec<i64> = visible.iter().filter_map(|p| p.group_id).collect();
        groups.sort_unstable();
        groups.dedup();
        recipients.extend(
            actors::find_many(&mut conn, &groups)
                .await?
                .into_iter()
                .filter(|g| !g.is_local()),
        );
    }
    let forward = !recipients.is_empty();
    let ours = if forward {
        Some(instance::ensure_instance_actor(state).await?)
    } else {
        None
    };
    let shot = snapshot(&visible);
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let row = NewReport {
                ap_id: None,
                reporter_id: Some(reporter.actor.id),
                target_account_id: target.id,
                status_ids: &ids,
                comment,
                category,
                forwarded: forward,
                snapshot: &shot,
                rule_ids: &rule_ids,
            };
            let report = reports::insert(conn, &row).await?.ok_or(AppError::NotFound)?;
            if let Some(ours) = &ours {
                for recipient in &recipients {
                    send_flag(conn, state, ours, &target, &visible, comment, recipient).await?;
                }
            }
            Ok(report)
        })
        .await;
    delivery::wake_after(state, outcome)
}

/// The `Flag` of a report about `target`, from our instance actor to
/// `recipient`: the account's server (the account and the posts), or a
/// group the posts were posted in (one `Flag` per post, as Lemmy reads them).
async fn send_flag(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    ours: &DbActor,
    target: &DbActor,
    posts: &[DbStatus],
    comment: &str,
    recipient: &DbActor,
) -> AppResult<()> {
    if recipient.id != target.id {
        for post in posts.iter().filter(|p| p.group_id == Some(recipient.id)) {
            let id = outbox::activity_id(ours, "Flag");
            let flag = Flag::to_group(id, &ours.ap_id, &post.ap_id, comment, &recipient.ap_id);
            outbox::send_to_one(conn, state, ours, flag, recipient).await?;
        }
        return Ok(());
    }
    let objects = std::iter::once(target.ap_id.clone())
        .chain(posts.iter().map(|p| p.ap_id.clone()))
        .collect();
    let flag = Flag::new(
        outbox::activity_id(ours, "Flag"),
        &ours.ap_id,
        objects,
        comment,
        &recipient.ap_id,
    );
    outbox::send_to_one(conn, state, ours, flag, recipient).await?;
    Ok(())
}

/// Every id an activity's `object` names (a `Flag` names the account and posts).
fn object_ids(object: &Value) -> Vec<&str> {
    match object {
        Value::Array(items) => items.iter().filter_map(id_of).collect(),
        other => id_of(other).into_iter().collect(),
    }
}

/// Another server's `Flag`: a report about one of our accounts (or posts of
/// it). Flags about nothing of ours are ignored; a repeated Flag is stored once.
pub async fn receive_flag(data: &FedData, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    let state: &AppState = data;
    let mut conn = state.db.get().await?;
    let mut target: Option<DbActor> = None;
    let mut posts: Vec<DbStatus> = Vec::new();
    for id in object_ids(&activity.object) {
        if let Some(actor) = actors::find_by_ap_id(&mut conn, id).await?.filter(DbActor::is_local) {
            target.get_or_insert(actor);
        } else if let Some(post) = statuses::find_by_ap_id(&mut conn, id).await? {
            // Ours, or posted in one of our groups (whoever wrote it).
            let in_our_group = match post.group_id {
                Some(group) => actors::find(&mut conn, group).await?.is_some_and(|g| g.is_local()),
                None => false,
            };
            if post.local || in_our_group {
                posts.push(post);
            }
        }
    }
    let target = match (target, posts.first()) {
        (Some(target), _) => target,
        (None, Some(post)) => actors::find(&mut conn, post.actor_id)
            .await?
            .ok_or(AppError::NotFound)?,
        (None, None) => {
            tracing::debug!(flag = %activity.id, "ignoring a Flag about nothing of ours");
            return Ok(());
        }
    };
    posts.retain(|p| p.actor_id == target.id);
    let ids: Vec<i64> = posts.iter().map(|p| p.id).collect();
    let comment: String = activity
        .content
        .as_deref()
        .or(activity.summary.as_deref())
        .unwrap_or_default()
        .chars()
        .take(MAX_COMMENT)
        .collect();
    let shot = snapshot(&posts);
    let row = NewReport {
        ap_id: Some(activity.id.as_str()),
        reporter_id: Some(signer.id),
        target_account_id: target.id,
        status_ids: &ids,
        comment: comment.trim(),
        category: "other",
        forwarded: false,
        snapshot: &shot,
        rule_ids: &[],
    };
    reports::insert(&mut conn, &row).await?;
    Ok(())
}

/// The reports `account` may work: every one for administrators and
/// moderators, those about proposals for facilitators, those about content
/// in their groups for group managers and moderators; refused to anyone else.
pub async fn reach(conn: &mut AsyncPgConnection, account: &Account) -> AppResult<Reach> {
    let role = crate::services::accounts::role_of(account);
    let reach = Reach {
        all: role >= Role::Moderator,
        proposals: role >= Role::Facilitator,
        groups: reports::moderated_groups(conn, account.actor.id).await?,
    };
    if reach.is_empty() {
        return Err(AppError::forbidden("error-moderators-only"));
    }
    Ok(reach)
}

/// A page of the moderation queue: open reports, or resolved ones.
pub async fn queue(
    state: &AppState,
    moderator: &Account,
    resolved: bool,
    max_id: Option<i64>,
    limit: i64,
) -> AppResult<Vec<DbReport>> {
    let mut conn = state.db.get().await?;
    let reach = reach(&mut conn, moderator).await?;
    Ok(reports::queue(&mut conn, &reach, resolved, max_id, limit).await?)
}

/// One report within the moderator's reach.
pub async fn find(state: &AppState, moderator: &Account, id: i64) -> AppResult<DbReport> {
    let mut conn = state.db.get().await?;
    let reach = reach(&mut conn, moderator).await?;
    if !reports::within(&mut conn, &reach, id).await? {
        return Err(AppError::NotFound);
    }
    reports::find(&mut conn, id).await?.ok_or(AppError::NotFound)
}

/// Resolves a report, in the caller's transaction; a reporter of this
/// instance is told that the moderators dealt with it (never how, nor by whom).
pub async fn resolve(conn: &mut AsyncPgConnection, id: i64, moderator: i64) -> diesel::QueryResult<Option<DbReport>> {
    let before = reports::find(conn, id).await?;
    let Some(report) = reports::set_resolved(conn, id, Some(moderator)).await? else {
        return Ok(None);
    };
    let newly = before.is_some_and(|b| b.resolved_at.is_none());
    if let (true, Some(reporter)) = (newly, report.reporter_id)
        && users::find_account_by_actor(conn, reporter).await?.is_some()
    {
        notifications::insert(conn, reporter, reporter, "report_resolved", None).await?;
    }
    Ok(Some(report))
}

/// What a moderator does with a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handling {
    Resolve,
    Reopen,
    AssignToSelf,
}

/// A moderator resolves, reopens or takes a report; the moderation log says who.
pub async fn handle(state: &AppState, moderator: &Account, id: i64, handling: Handling) -> AppResult<DbReport> {
    let me = moderator.actor.id;
    let mut conn = state.db.get().await?;
    let reach = reach(&mut conn, moderator).await?;
    if !reports::within(&mut conn, &reach, id).await? {
        return Err(AppError::NotFound);
    }
    conn.transaction::<_, AppError, _>(async |conn| {
        let report = match handling {
            Handling::Resolve => resolve(conn, id, me).await?,
            Handling::Reopen => reports::set_resolved(conn, id, None).await?,
            Handling::AssignToSelf => reports::assign(conn, id, me).await?,
        }
        .ok_or(AppError::NotFound)?;
        let action = match handling {
            Handling::Resolve => "report_resolve",
            Handling::Reopen => "report_reopen",
            Handling::AssignToSelf => "report_assign",
        };
        let note = format!("report {id}");
        crate::db::groups::log(conn, None, me, action, Some(report.target_account_id), None, &note).await?;
        Ok(report)
    })
    .await
}

/// The longest note a moderator may write on a report.
pub const MAX_NOTE: usize = 5_000;

/// A moderator writes a note on a report within their reach, for the others.
pub async fn add_note(state: &AppState, moderator: &Account, id: i64, text: &str) -> AppResult<DbReportNote> {
    let text = text.trim();
    if text.is_empty() {
        return Err(refuse("text", "ERR_BLANK", "error-report-note-blank"));
    }
    if text.chars().count() > MAX_NOTE {
        return Err(refuse("text", "ERR_TOO_LONG", "error-moderation-text-long"));
    }
    let mut conn = state.db.get().await?;
    let reach = reach(&mut conn, moderator).await?;
    if !reports::within(&mut conn, &reach, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(reports::add_note(&mut conn, id, moderator.actor.id, text).await?)
}
