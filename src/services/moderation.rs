//! Moderators' actions on local accounts: warn, mark media sensitive, disable
//! login, silence, suspend, and lifting each. Every action is a warning the
//! owner is told of (and may appeal once) and an entry in the moderation log.
//!
//! A suspension hides the account and its posts at once, signs it out, and
//! tells every server this instance knows with `Delete(Person)`; for 30 days it
//! can be lifted (an `Update(Person)` then brings the account back), after that
//! the account's data is purged (by the erasure service).

use chrono::Utc;
use diesel_async::{AsyncConnection, AsyncPgConnection};

use crate::activitypub::delivery;
use crate::activitypub::objects::actor::to_activitypub;
use crate::activitypub::protocol::outgoing::{Audience, Delete, Update};
use crate::db::actors::DbActor;
use crate::db::moderation::{self as store, DbWarning, Marks, NewWarning};
use crate::db::users::{self, Account};
use crate::db::{notifications, oauth, sessions};
use crate::domain::visibility::PUBLIC;
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::Message;
use crate::services::accounts::role_of;
pub use crate::services::moderators::By;
use crate::services::outbox;
use crate::state::AppState;

/// How long a suspension can be lifted before the account is purged.
pub const SUSPENSION_GRACE_DAYS: i64 = 30;
/// The longest text a moderator may send with an action.
pub const MAX_TEXT: usize = 5_000;

/// What a moderator does to an account, by Mastodon's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountAction {
    /// `none`: a warning and nothing else.
    Warn,
    Sensitive,
    Disable,
    Silence,
    Suspend,
}

impl AccountAction {
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "none" | "warn" => AccountAction::Warn,
            "sensitive" => AccountAction::Sensitive,
            "disable" => AccountAction::Disable,
            "silence" => AccountAction::Silence,
            "suspend" => AccountAction::Suspend,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            AccountAction::Warn => "none",
            AccountAction::Sensitive => "sensitive",
            AccountAction::Disable => "disable",
            AccountAction::Silence => "silence",
            AccountAction::Suspend => "suspend",
        }
    }
}

/// A moderator's action, with the reason the owner is told.
#[derive(Debug, Clone)]
pub struct ActionInput {
    pub action: AccountAction,
    pub text: String,
    /// The report it answers: resolved with it.
    pub report_id: Option<i64>,
}

/// The local account of `actor_id`, which `by` may act on: moderators act on
/// those below them, never on themselves.
async fn target(state: &AppState, by: By<'_>, actor_id: i64) -> AppResult<Account> {
    by.check()?;
    let mut conn = state.db.get().await?;
    let Some(account) = users::find_account_by_actor(&mut conn, actor_id).await? else {
        return match crate::db::actors::find(&mut conn, actor_id).await? {
            Some(_) => Err(AppError::Validation(vec![FieldError::new(
                "id",
                "ERR_INVALID",
                Message::new("error-moderation-remote"),
            )])),
            None => Err(AppError::NotFound),
        };
    };
    if let By::Moderator(moderator) = by
        && (moderator.actor.id == account.actor.id || role_of(&account) >= role_of(moderator))
    {
        return Err(AppError::forbidden("error-moderation-outranked"));
    }
    Ok(account)
}

/// Takes an action on a local account: its marks, its warning (the owner is
/// notified), the log, the report it answers, and for a suspension the
/// `Delete(Person)` to every known server, all in one transaction.
pub async fn act(state: &AppState, by: By<'_>, actor_id: i64, input: ActionInput) -> AppResult<DbWarning> {
    let text = input.text.trim();
    if text.chars().count() > MAX_TEXT {
        return Err(AppError::Validation(vec![FieldError::new(
            "text",
            "ERR_TOO_LONG",
            Message::new("error-moderation-text-long"),
        )]));
    }
    let account = target(state, by, actor_id).await?;
    let moderator = by.actor_id(state).await?;
    let now = Utc::now();
    let marks = match input.action {
        AccountAction::Warn => Marks::default(),
        AccountAction::Sensitive => Marks {
            sensitized_at: Some(Some(now)),
            ..Marks::default()
        },
        AccountAction::Disable => Marks {
            disabled: Some(true),
            ..Marks::default()
        },
        AccountAction::Silence => Marks {
            silenced_at: Some(Some(now)),
            ..Marks::default()
        },
        AccountAction::Suspend if account.user.suspended_at.is_some() => Marks::default(),
        AccountAction::Suspend => Marks {
            suspended_at: Some(Some(now)),
            ..Marks::default()
        },
    };
    let mut conn = state.db.get().await?;
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            store::set_marks(conn, account.user.id, &marks).await?;
            match input.action {
                AccountAction::Sensitive => {
                    store::sensitize_posts(conn, actor_id).await?;
                }
                AccountAction::Disable => sign_out(conn, account.user.id).await?,
                AccountAction::Suspend if marks.suspended_at.is_some() => {
                    sign_out(conn, account.user.id).await?;
                    store::hide(conn, actor_id, now).await?;
                    announce_gone(conn, state, &account.actor).await?;
                }
                _ => {}
            }
            let warning = store::insert_warning(
                conn,
                &NewWarning {
                    target_account_id: actor_id,
                    action: input.action.name(),
                    text,
                    status_ids: &[],
                    report_id: input.report_id,
                    created_by: Some(moderator),
                },
            )
            .await?;
            // From the account itself, as Mastodon does: the moderator stays unnamed.
            notifications::insert_warning(conn, actor_id, actor_id, warning.id).await?;
            if let Some(report) = input.report_id {
                crate::services::reports::resolve(conn, report, moderator)
                    .await?
                    .ok_or(AppError::NotFound)?;
            }
            let action = format!("account_{}", input.action.name());
            crate::db::groups::log(conn, None, moderator, &action, Some(actor_id), None, text).await?;
            Ok(warning)
        })
        .await;
    delivery::wake_after(state, outcome)
}

/// What a moderator lifts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lift {
    /// `unsensitive`
    Sensitive,
    /// `enable`
    Disable,
    /// `unsilence`
    Silence,
    /// `unsuspend`: within the 30 days before the purge.
    Suspend,
}

impl Lift {
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "unsensitive" => Lift::Sensitive,
            "enable" => Lift::Disable,
            "unsilence" => Lift::Silence,
            "unsuspend" => Lift::Suspend,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Lift::Sensitive => "unsensitive",
            Lift::Disable => "enable",
            Lift::Silence => "unsilence",
            Lift::Suspend => "unsuspend",
        }
    }
}

/// Lifts a mark; lifting a suspension brings back the account and exactly
/// the posts it hid, and sends the profile again to every known server.
pub async fn lift(state: &AppState, by: By<'_>, actor_id: i64, lift: Lift) -> AppResult<Account> {
    let account = target(state, by, actor_id).await?;
    let moderator = by.actor_id(state).await?;
    let marks = match lift {
        Lift::Sensitive => Marks {
            sensitized_at: Some(None),
            ..Marks::default()
        },
        Lift::Disable => Marks {
            disabled: Some(false),
            ..Marks::default()
        },
        Lift::Silence => Marks {
            silenced_at: Some(None),
            ..Marks::default()
        },
        Lift::Suspend => Marks {
            suspended_at: Some(None),
            ..Marks::default()
        },
    };
    let mut conn = state.db.get().await?;
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            store::set_marks(conn, account.user.id, &marks).await?;
            if let (Lift::Suspend, Some(at)) = (lift, account.user.suspended_at) {
                store::unhide(conn, actor_id, at).await?;
                let mut actor = account.actor.clone();
                actor.deleted_at = None;
                let update = Update::of_actor(
                    outbox::activity_id(&actor, "Update"),
                    to_activitypub(&actor, state),
                    Audience::to_cc([PUBLIC.to_owned()], actor.followers_url.clone()),
                );
                outbox::send_to_known_servers(conn, state, &actor, update).await?;
            }
            crate::db::groups::log(conn, None, moderator, lift.name(), Some(actor_id), None, "").await?;
            users::find_account(conn, account.user.id)
                .await?
                .ok_or(AppError::NotFound)
        })
        .await;
    delivery::wake_after(state, outcome)
}

/// Ends every session and revokes every token of a user.
pub async fn sign_out(conn: &mut AsyncPgConnection, user_id: i64) -> diesel::QueryResult<()> {
    sessions::delete_all_for_user(conn, user_id, None).await?;
    oauth::revoke_all_for_user(conn, user_id, None).await?;
    Ok(())
}

/// Tells every server this instance knows that the account is gone.
pub async fn announce_gone(conn: &mut AsyncPgConnection, state: &AppState, actor: &DbActor) -> AppResult<()> {
    let delete = Delete::of_actor(
        outbox::activity_id(actor, "Delete"),
        &actor.ap_id,
        Audience::to([PUBLIC.to_owned()]),
    );
    outbox::send_to_known_servers(conn, state, actor, delete).await?;
    Ok(())
}

/// The longest appeal.
pub const MAX_APPEAL: usize = 2_000;

/// The owner appeals a decision, once; the appeal reaches the moderators' queue.
pub async fn appeal(state: &AppState, owner: &Account, warning_id: i64, text: &str) -> AppResult<DbWarning> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > MAX_APPEAL {
        return Err(AppError::Validation(vec![FieldError::new(
            "text",
            "ERR_INVALID",
            Message::new("error-appeal-text"),
        )]));
    }
    let mut conn = state.db.get().await?;
    let warning = store::find_warning(&mut conn, warning_id)
        .await?
        .filter(|w| w.target_account_id == owner.actor.id)
        .ok_or(AppError::NotFound)?;
    if warning.appeal_state.is_some() {
        return Err(AppError::Validation(vec![FieldError::new(
            "text",
            "ERR_TAKEN",
            Message::new("error-appeal-once"),
        )]));
    }
    store::appeal(&mut conn, warning.id, owner.actor.id, text)
        .await?
        .ok_or_else(|| AppError::forbidden("error-appeal-once"))
}

/// Appeals awaiting a decision, oldest first.
pub async fn pending_appeals(state: &AppState, by: By<'_>) -> AppResult<Vec<DbWarning>> {
    by.check()?;
    let mut conn = state.db.get().await?;
    Ok(store::pending_appeals(&mut conn, 200).await?)
}

/// A moderator decides an appeal; approving it lifts the mark the decision set.
pub async fn decide_appeal(state: &AppState, by: By<'_>, warning_id: i64, approve: bool) -> AppResult<DbWarning> {
    by.check()?;
    let moderator = by.actor_id(state).await?;
    let mut conn = state.db.get().await?;
    let pending = store::find_warning(&mut conn, warning_id)
        .await?
        .filter(|w| w.appeal_state.as_deref() == Some("pending"))
        .ok_or(AppError::NotFound)?;
    drop(conn);
    let undo = match AccountAction::parse(&pending.action) {
        Some(AccountAction::Sensitive) => Some(Lift::Sensitive),
        Some(AccountAction::Disable) => Some(Lift::Disable),
        Some(AccountAction::Silence) => Some(Lift::Silence),
        Some(AccountAction::Suspend) => Some(Lift::Suspend),
        _ => None,
    };
    // The mark goes first: an approved appeal never leaves it in place.
    if let (true, Some(undo)) = (approve, undo) {
        lift(state, by, pending.target_account_id, undo).await?;
    }
    let decision = if approve { "approved" } else { "rejected" };
    let action = if approve { "appeal_approve" } else { "appeal_reject" };
    let mut conn = state.db.get().await?;
    conn.transaction::<_, AppError, _>(async |conn| {
        let warning = store::decide_appeal(conn, warning_id, decision)
            .await?
            .ok_or(AppError::NotFound)?;
        let target = Some(warning.target_account_id);
        crate::db::groups::log(conn, None, moderator, action, target, None, "").await?;
        Ok(warning)
    })
    .await
}

/// The decisions about an account, for its owner.
pub async fn warnings_of(state: &AppState, owner: &Account) -> AppResult<Vec<DbWarning>> {
    let mut conn = state.db.get().await?;
    Ok(store::warnings_of(&mut conn, owner.actor.id).await?)
}

/// Who may remove `post`: moderators any; facilitators a proposal (its
/// post); a group's managers and moderators what was posted in it.
async fn may_remove(conn: &mut AsyncPgConnection, by: By<'_>, post: &crate::db::statuses::DbStatus) -> AppResult<()> {
    let By::Moderator(account) = by else {
        return Ok(());
    };
    let role = crate::services::accounts::role_of(account);
    if role >= crate::domain::account::Role::Moderator {
        return Ok(());
    }
    let proposal = crate::db::proposals::find_by_status(conn, post.id).await?;
    if role >= crate::domain::account::Role::Facilitator && proposal.is_some() {
        return Ok(());
    }
    let groups = crate::db::reports::moderated_groups(conn, account.actor.id).await?;
    if post.group_id.is_some_and(|g| groups.contains(&g)) {
        return Ok(());
    }
    Err(AppError::forbidden("error-moderators-only"))
}

/// A moderator removes one post, poll or proposal (its post) with a reason.
/// A post of ours is deleted as its author would delete it (the `Delete`
/// federates, and a proposal goes with its post), and its author is told why
/// and may appeal once; another server's post is only removed from here.
pub async fn remove_post(state: &AppState, by: By<'_>, status_id: i64, reason: &str) -> AppResult<()> {
    let reason = reason.trim();
    if reason.chars().count() > MAX_TEXT {
        return Err(AppError::Validation(vec![FieldError::new(
            "reason",
            "ERR_TOO_LONG",
            Message::new("error-moderation-text-long"),
        )]));
    }
    let moderator = by.actor_id(state).await?;
    let mut conn = state.db.get().await?;
    let post = crate::db::statuses::find(&mut conn, status_id)
        .await?
        .filter(|s| !s.is_deleted() && s.reblog_of_id.is_none())
        .ok_or(AppError::NotFound)?;
    may_remove(&mut conn, by, &post).await?;
    let Some(author) = users::find_account_by_actor(&mut conn, post.actor_id).await? else {
        conn.transaction::<_, AppError, _>(async |conn| {
            crate::db::statuses::mark_deleted(conn, post.id).await?;
            crate::db::groups::log(
                conn,
                None,
                moderator,
                "status_remove",
                Some(post.actor_id),
                Some(post.id),
                reason,
            )
            .await?;
            Ok(())
        })
        .await?;
        return Ok(());
    };
    drop(conn);
    let reason = reason.to_owned();
    crate::services::statuses::delete_with(state, &author, post.id, move |conn, post| {
        Box::pin(async move {
            let warning = store::insert_warning(
                conn,
                &NewWarning {
                    target_account_id: post.actor_id,
                    action: "delete_statuses",
                    text: &reason,
                    status_ids: &[post.id],
                    report_id: None,
                    created_by: Some(moderator),
                },
            )
            .await?;
            notifications::insert_warning(conn, post.actor_id, post.actor_id, warning.id).await?;
            let (target, id) = (Some(post.actor_id), Some(post.id));
            crate::db::groups::log(conn, None, moderator, "status_remove", target, id, &reason).await?;
            Ok(())
        })
    })
    .await?;
    Ok(())
}
