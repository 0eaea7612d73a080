//! Writing, editing and deleting one's posts. Every change queues its
//! activity in the same transaction as the change, so nothing is stored
//! without being sent, or sent without being stored.

use std::collections::HashMap;

use chrono::Utc;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use futures::future::BoxFuture;

use crate::activitypub::objects::document::Document;
use crate::activitypub::objects::status::note_json;
use crate::activitypub::protocol::outgoing::{Audience, Delete, Update};
use crate::activitypub::{delivery, fetch};
use crate::db::actors::{self, DbActor};
use crate::db::notifications;
use crate::db::statuses::{self, DbStatus, NewStatus, StatusChanges};
use crate::db::users::Account;
use crate::db::{follows, statuses::Viewer};
use crate::domain::text::{MentionLink, render_post, scan};
use crate::domain::visibility::Visibility;
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::Message;
use crate::services::statuses::{create_activity, mentioned_actors, own_status, send_about};
use crate::services::{groups, outbox};
use crate::state::AppState;
use crate::state::FedData;

/// The most characters a post may have.
pub const MAX_CHARACTERS: usize = 5000;

/// What someone writes.
#[derive(Debug, Clone, Default)]
pub struct NewPost {
    pub text: String,
    pub visibility: Option<Visibility>,
    pub spoiler_text: String,
    pub sensitive: bool,
    pub in_reply_to_id: Option<i64>,
    pub language: Option<String>,
    /// A title makes the post a titled discussion (`Page`).
    pub title: Option<String>,
    pub idempotency_key: Option<String>,
    /// The theme or community to post in (its actor id); replies stay in their thread's.
    pub group_id: Option<i64>,
    /// News (an `Article`): for a group's managers and moderators.
    pub news: bool,
    /// A proposal's results report (an `Article`): set only by the proposals service.
    pub report: bool,
    /// A consultation: the post becomes a `Question`.
    pub poll: Option<crate::services::polls::NewPoll>,
    /// Pictures uploaded for it (their ids, in order; see `services::media`).
    pub media_ids: Vec<i64>,
}

fn validate(text: &str, spoiler: &str, title: Option<&str>, has_media: bool) -> Result<(), AppError> {
    let mut errors = Vec::new();
    if text.trim().is_empty() && !has_media {
        errors.push(FieldError::new(
            "status",
            "ERR_BLANK",
            Message::new("error-status-blank"),
        ));
    }
    if text.chars().count() > MAX_CHARACTERS {
        errors.push(FieldError::new(
            "status",
            "ERR_TOO_LONG",
            Message::new("error-status-too-long").with("max", MAX_CHARACTERS.to_string()),
        ));
    }
    if spoiler.chars().count() > 500 {
        errors.push(FieldError::new(
            "spoiler_text",
            "ERR_TOO_LONG",
            Message::new("error-spoiler-too-long"),
        ));
    }
    if title.is_some_and(|t| t.chars().count() > 200) {
        errors.push(FieldError::new(
            "title",
            "ERR_TOO_LONG",
            Message::new("error-title-too-long"),
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

fn language(code: Option<&str>) -> Option<String> {
    code.map(str::trim)
        .filter(|c| (2..=3).contains(&c.len()) && c.chars().all(|ch| ch.is_ascii_alphabetic()))
        .map(str::to_ascii_lowercase)
}

/// Resolves the mentions in `text`: local accounts, and remote ones through
/// WebFinger. Unknown handles stay plain text.
async fn resolve_mentions(data: &FedData, text: &str) -> Vec<DbActor> {
    let mut found: Vec<DbActor> = Vec::new();
    for mention in scan(text).mentions.into_iter().take(30) {
        let handle = match &mention.domain {
            Some(domain) => format!("{}@{domain}", mention.username),
            None => mention.username.clone(),
        };
        match fetch::actor_by_handle(data, &handle).await {
            Ok(actor) if !found.iter().any(|a| a.id == actor.id) => found.push(actor),
            Ok(_) => {}
            Err(error) => {
                tracing::debug!(handle = %handle, error = %error, "a mention did not resolve")
            }
        }
    }
    found
}

fn mention_links(state: &AppState, actors: &[DbActor]) -> HashMap<String, MentionLink> {
    let mut links = HashMap::new();
    for actor in actors {
        let link = MentionLink {
            url: actor.url.clone().unwrap_or_else(|| actor.ap_id.clone()),
            username: actor.username.clone(),
        };
        let domain = actor
            .domain
            .clone()
            .unwrap_or_else(|| state.config.server.domain.clone());
        links.insert(
            format!("{}@{}", actor.username.to_lowercase(), domain.to_lowercase()),
            link.clone(),
        );
        if actor.is_local() {
            links.insert(actor.username.to_lowercase(), link);
        }
    }
    links
}

/// Publishes a post.
pub async fn create(data: &FedData, author: &Account, post: NewPost) -> AppResult<DbStatus> {
    let state: &AppState = data;
    let poll_options = match &post.poll {
        Some(poll) => {
            let checked = poll.validate();
            match (
                validate(&post.text, &post.spoiler_text, post.title.as_deref(), false),
                checked,
            ) {
                (Ok(()), Ok(options)) => Some(options),
                (Err(AppError::Validation(mut errors)), Err(more)) => {
                    errors.extend(more);
                    return Err(AppError::Validation(errors));
                }
                (Err(error), _) => return Err(error),
                (Ok(()), Err(errors)) => return Err(AppError::Validation(errors)),
            }
        }
        None => {
            validate(
                &post.text,
                &post.spoiler_text,
                post.title.as_deref(),
                !post.media_ids.is_empty(),
            )?;
            None
        }
    };
    let actor = &author.actor;
    let mut conn = state.db.get().await?;
    if let Some(key) = &post.idempotency_key
        && let Some(id) = statuses::find_idempotent(&mut conn, author.user.id, key).await?
        && let Some(existing) = statuses::find(&mut conn, id).await?
    {
        return Ok(existing);
    }
    // A retried post (same idempotency key) is not counted twice.
    crate::services::limits::hit(
        state,
        crate::services::limits::Action::Post,
        crate::services::limits::Subject::Account(author.user.id),
    )
    .await?;
    let parent = match post.in_reply_to_id {
        Some(id) => {
            let parent = statuses::find(&mut conn, id)
                .await?
                .filter(|p| !p.is_deleted())
                .ok_or(AppError::NotFound)?;
            if !statuses::visible_to(&mut conn, Viewer::Actor(actor.id), parent.id).await? {
                return Err(AppError::NotFound);
            }
            Some(parent)
        }
        None => None,
    };
    let group = match (parent.as_ref().and_then(|p| p.group_id), post.group_id) {
        (Some(id), _) => actors::find(&mut conn, id).await?,
        (None, Some(id)) => Some(
            actors::find(&mut conn, id)
                .await?
                .filter(|g| g.actor_type == "Group" && g.deleted_at.is_none())
                .ok_or(AppError::NotFound)?,
        ),
        (None, None) => None,
    };
    let local_group = match group.as_ref().filter(|g| g.is_local()) {
        Some(g) => crate::db::groups::find(&mut conn, g.id).await?,
        None => None,
    };
    if let Some(local_group) = &local_group {
        groups::check_can_post(&mut conn, local_group, actor, parent.as_ref(), post.news).await?;
    } else if post.news {
        return Err(AppError::bad_request("error-group-news-staff"));
    }
    drop(conn);

    let mentioned = resolve_mentions(data, &post.text).await;
    // A public post that starts a thread and mentions a group goes into it, as
    // Mastodon users post in groups (Friendica, Guppe, Lemmy).
    let (group, local_group) = match group {
        None if parent.is_none()
            && matches!(post.visibility, None | Some(Visibility::Public | Visibility::Unlisted)) =>
        {
            match mentioned
                .iter()
                .find(|a| a.actor_type == "Group" && a.deleted_at.is_none())
            {
                Some(mentioned_group) => {
                    let mut conn = state.db.get().await?;
                    let local = match mentioned_group.is_local() {
                        true => crate::db::groups::find(&mut conn, mentioned_group.id).await?,
                        false => None,
                    };
                    if let Some(local) = &local {
                        groups::check_can_post(&mut conn, local, actor, None, post.news).await?;
                    }
                    (Some(mentioned_group.clone()), local)
                }
                None => (None, local_group),
            }
        }
        other => (other, local_group),
    };
    let links = mention_links(state, &mentioned);
    let urls = state.urls();
    let content = render_post(&post.text, &links, &|tag| urls.absolute(&format!("/tags/{tag}")));
    let hashtags: Vec<String> = scan(&post.text).hashtags.into_iter().take(50).collect();
    let visibility = match (&group, &local_group) {
        // In a group, the group decides who reads: its members only, or everyone.
        (_, Some(local)) if groups::members_only(local) => Visibility::Private,
        (_, Some(_)) => match post.visibility {
            Some(Visibility::Unlisted) => Visibility::Unlisted,
            _ => Visibility::Public,
        },
        (Some(_), None) => match post.visibility {
            Some(Visibility::Direct) => Visibility::Private,
            Some(chosen) => chosen,
            None => Visibility::Public,
        },
        (None, _) => post.visibility.unwrap_or(Visibility::Public),
    };
    let title = post
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned);

    let mut conn = state.db.get().await?;
    let parent_author = match &parent {
        Some(parent) => actors::find(&mut conn, parent.actor_id).await?,
        None => None,
    };
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let id = statuses::next_id(conn).await?;
            let ap_id = format!("{}/statuses/{id}", actor.ap_id);
            let context = parent
                .as_ref()
                .and_then(|p| p.context.clone())
                .unwrap_or_else(|| urls.absolute(&format!("/contexts/{id}")));
            let new = NewStatus {
                ap_id: ap_id.clone(),
                url: Some(format!("{}/{id}", urls.profile_page(&actor.username))),
                actor_id: actor.id,
                local: true,
                object_type: match (post.news || post.report, title.is_some()) {
                    _ if poll_options.is_some() => "Question".into(),
                    (true, _) => "Article".into(),
                    (false, true) => "Page".into(),
                    (false, false) => "Note".into(),
                },
                in_reply_to_id: parent.as_ref().map(|p| p.id),
                in_reply_to_ap_id: parent.as_ref().map(|p| p.ap_id.clone()),
                in_reply_to_actor_id: parent.as_ref().map(|p| p.actor_id),
                reblog_of_id: None,
                context: Some(context),
                name: title.clone(),
                summary: post.spoiler_text.trim().to_owned(),
                content: content.clone(),
                source: post.text.clone(),
                language: language(post.language.as_deref()),
                visibility: visibility.as_str().into(),
                // A moderator's "sensitive" mark covers every post with media.
                sensitive: post.sensitive
                    || !post.spoiler_text.trim().is_empty()
                    || (author.user.sensitized_at.is_some() && !post.media_ids.is_empty()),
                published_at: Utc::now(),
                group_id: group.as_ref().map(|g| g.id),
            };
            let status = statuses::insert(conn, id, &new).await?;
            let media = crate::services::media::attach(conn, actor.id, status.id, &post.media_ids).await?;
            let mentioned_ids: Vec<i64> = mentioned.iter().map(|a| a.id).collect();
            statuses::replace_mentions(conn, status.id, &mentioned_ids).await?;
            statuses::replace_tags(conn, status.id, &hashtags).await?;
            actors::bump_counters(conn, actor.id, 0, 0, 1).await?;
            actors::touch_last_status(conn, actor.id, status.published_at).await?;
            if let Some(parent) = &parent {
                statuses::bump(conn, parent.id, 1, 0, 0).await?;
            }
            for mentioned_actor in mentioned.iter().filter(|a| a.is_local() && a.id != actor.id) {
                if !follows::blocked_either_way(conn, mentioned_actor.id, actor.id).await? {
                    notifications::insert(conn, mentioned_actor.id, actor.id, "mention", Some(status.id)).await?;
                }
            }
            // A reply tells the author of the post it answers, as Mastodon's
            // replies (which mention them) do, even without a mention.
            if let Some(parent_author) = parent_author
                .as_ref()
                .filter(|p| p.is_local() && p.id != actor.id && !mentioned.iter().any(|m| m.id == p.id))
                && !follows::blocked_either_way(conn, parent_author.id, actor.id).await?
            {
                notifications::insert(conn, parent_author.id, actor.id, "mention", Some(status.id)).await?;
            }
            if let Some(key) = &post.idempotency_key {
                statuses::remember_idempotent(conn, author.user.id, key, status.id).await?;
            }
            let mut note = note_json(state, &status, actor, &mentioned, &hashtags, group.as_ref());
            note.attachment = media
                .iter()
                .map(|m| Document::of_picture(&state.config, m).to_json())
                .collect();
            if let (Some(poll), Some(options)) = (&post.poll, &poll_options) {
                let stored = crate::services::polls::create_for(conn, status.id, poll, options).await?;
                crate::activitypub::objects::poll::fill(&mut note, &stored);
            }
            let create = create_activity(&status, actor, &note);
            let mut also: Vec<&DbActor> = mentioned.iter().collect();
            if let Some(parent_author) = &parent_author
                && visibility != Visibility::Direct
            {
                also.push(parent_author);
            }
            send_about(conn, state, actor, &status, group.as_ref(), create, &also, true).await?;
            Ok(status)
        })
        .await;
    delivery::wake_after(state, outcome)
}

/// The new text of a post being edited.
#[derive(Debug, Clone, Default)]
pub struct PostEdit {
    pub text: String,
    pub spoiler_text: String,
    pub sensitive: bool,
    pub language: Option<String>,
    pub title: Option<String>,
    /// The pictures it should carry, in order; `None` keeps them.
    pub media_ids: Option<Vec<i64>>,
}

/// Edits a post; the previous version joins its history, and followers get an Update.
pub async fn edit(data: &FedData, author: &Account, status_id: i64, changes: PostEdit) -> AppResult<DbStatus> {
    let state: &AppState = data;
    let actor = &author.actor;
    let mut conn = state.db.get().await?;
    let status = own_status(&mut conn, actor, status_id).await?;
    let has_media = match &changes.media_ids {
        Some(ids) => !ids.is_empty(),
        None => !crate::db::attachments::of(&mut conn, crate::db::attachments::Owner::Status(status.id))
            .await?
            .is_empty(),
    };
    validate(
        &changes.text,
        &changes.spoiler_text,
        changes.title.as_deref(),
        has_media,
    )?;
    let group = match status.group_id {
        Some(id) => actors::find(&mut conn, id).await?,
        None => None,
    };
    drop(conn);
    let mentioned = resolve_mentions(data, &changes.text).await;
    let links = mention_links(state, &mentioned);
    let urls = state.urls();
    let content = render_post(&changes.text, &links, &|tag| urls.absolute(&format!("/tags/{tag}")));
    let hashtags: Vec<String> = scan(&changes.text).hashtags.into_iter().take(50).collect();
    let title = if matches!(status.object_type.as_str(), "Page" | "Article") {
        changes
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .or(status.name.clone())
    } else {
        None
    };
    let mut conn = state.db.get().await?;
    let mut dropped_files = Vec::new();
    let updated = conn
        .transaction::<_, AppError, _>(async |conn| {
            let media = match &changes.media_ids {
                Some(ids) => {
                    let (kept, dropped) = crate::services::media::replace(conn, actor.id, status.id, ids).await?;
                    dropped_files = dropped;
                    kept
                }
                None => crate::db::attachments::of(conn, crate::db::attachments::Owner::Status(status.id)).await?,
            };
            let language = language(changes.language.as_deref()).or(status.language.clone());
            let updated = statuses::edit(
                conn,
                &status,
                &StatusChanges {
                    name: title.as_deref(),
                    summary: changes.spoiler_text.trim(),
                    content: &content,
                    source: &changes.text,
                    sensitive: changes.sensitive
                        || !changes.spoiler_text.trim().is_empty()
                        || (author.user.sensitized_at.is_some() && !media.is_empty()),
                    language: language.as_deref(),
                    edited_at: Utc::now(),
                },
            )
            .await?;
            let previous = mentioned_actors(conn, &status).await?;
            statuses::replace_mentions(conn, updated.id, &mentioned.iter().map(|a| a.id).collect::<Vec<_>>()).await?;
            statuses::replace_tags(conn, updated.id, &hashtags).await?;
            let mut note = note_json(state, &updated, actor, &mentioned, &hashtags, group.as_ref());
            note.attachment = media
                .iter()
                .map(|m| Document::of_picture(&state.config, m).to_json())
                .collect();
            let update = Update::of_post(outbox::activity_id(actor, "Update"), &actor.ap_id, note, None).into();
            let mut also: Vec<&DbActor> = mentioned.iter().collect();
            also.extend(previous.iter());
            send_about(conn, state, actor, &updated, group.as_ref(), update, &also, false).await?;
            crate::db::notifications::insert_for_boosters(conn, updated.id, actor.id).await?;
            Ok(updated)
        })
        .await?;
    for key in &dropped_files {
        crate::services::attachments::remove_file(&state.config, key).await;
    }
    delivery::wake(state);
    Ok(updated)
}

/// Deletes a post (or undoes a boost); the world gets a Delete with a Tombstone.
pub async fn delete(state: &AppState, author: &Account, status_id: i64) -> AppResult<DbStatus> {
    delete_with(state, author, status_id, |_, _| Box::pin(async { Ok(()) })).await
}

/// Deletes a post as [`delete`] does, running `also` in the same transaction
/// (a moderator's removal records its reason there).
pub async fn delete_with(
    state: &AppState,
    author: &Account,
    status_id: i64,
    also: impl for<'c> FnOnce(&'c mut AsyncPgConnection, &'c DbStatus) -> BoxFuture<'c, AppResult<()>> + Send,
) -> AppResult<DbStatus> {
    let actor = &author.actor;
    let mut conn = state.db.get().await?;
    let status = statuses::find(&mut conn, status_id)
        .await?
        .filter(|s| s.actor_id == actor.id && !s.is_deleted())
        .ok_or(AppError::NotFound)?;
    if let Some(original) = status.reblog_of_id {
        drop(conn);
        crate::services::statuses::unreblog(state, actor, original).await?;
        return Ok(status);
    }
    let mentioned = mentioned_actors(&mut conn, &status).await?;
    let parent_author = match status.in_reply_to_actor_id {
        Some(id) => actors::find(&mut conn, id).await?,
        None => None,
    };
    let group = match status.group_id {
        Some(id) => actors::find(&mut conn, id).await?,
        None => None,
    };
    let outcome = conn
        .transaction::<_, AppError, _>(async |conn| {
            let deleted = statuses::mark_deleted(conn, status.id)
                .await?
                .ok_or(AppError::NotFound)?;
            actors::bump_counters(conn, actor.id, 0, 0, -1).await?;
            if let Some(parent) = status.in_reply_to_id {
                statuses::bump(conn, parent, -1, 0, 0).await?;
            }
            crate::db::attachments::detach_from_status(conn, status.id).await?;
            let visibility = Visibility::parse(&status.visibility).unwrap_or(Visibility::Direct);
            let (to, cc) = visibility.addressing(
                actor.followers_url.as_deref().unwrap_or_default(),
                &mentioned.iter().map(|a| a.ap_id.clone()).collect::<Vec<_>>(),
            );
            let delete = Delete::of_post(
                outbox::activity_id(actor, "Delete"),
                &actor.ap_id,
                &status.ap_id,
                Audience::to_cc(to, cc),
            )
            .into();
            let mut others: Vec<&DbActor> = mentioned.iter().collect();
            if let Some(parent_author) = &parent_author {
                others.push(parent_author);
            }
            send_about(conn, state, actor, &status, group.as_ref(), delete, &others, false).await?;
            also(conn, &status).await?;
            Ok(deleted)
        })
        .await;
    delivery::wake_after(state, outcome)
}
