//! Posts: writing, editing and deleting them, favourites and boosts — here and
//! from other servers. Every local change queues its activity in the same
//! transaction, so nothing is stored without being sent, or sent without being stored.

use std::collections::HashMap;

use chrono::Utc;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::json;

use crate::activitypub::objects::actor::host_of;
use crate::activitypub::objects::status::{note_json, remote_content, store_remote_by};
use crate::activitypub::protocol::activities::Activity;
use crate::activitypub::protocol::object::Note;
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
    let status = conn
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
                sensitive: post.sensitive || !post.spoiler_text.trim().is_empty(),
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
                .map(|m| crate::services::media::document(&state.config, m))
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
        .await?;
    delivery::wake(state);
    Ok(status)
}

/// Sends an activity about a post to whoever should hear of it: the author's
/// followers (unless the post is direct or for a group's members), `also`, and
/// the post's group — which, when it is ours, announces it to its members.
/// `created`: the activity is the post's Create, so the group also announces
/// the post itself, for Mastodon.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn send_about(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    author: &DbActor,
    status: &DbStatus,
    group: Option<&DbActor>,
    activity: serde_json::Value,
    also: &[&DbActor],
    created: bool,
) -> AppResult<()> {
    let visibility = Visibility::parse(&status.visibility).unwrap_or(Visibility::Direct);
    let mut recipients: Vec<&DbActor> = also.to_vec();
    if let Some(group) = group.filter(|g| !g.is_local()) {
        recipients.push(group);
    }
    let followers_hear = match visibility {
        Visibility::Direct => false,
        Visibility::Private => group.is_none(),
        Visibility::Public | Visibility::Unlisted => true,
    };
    if followers_hear {
        outbox::send_to_followers(conn, state, author, activity.clone(), &recipients).await?;
    } else {
        outbox::send_to(conn, state, author, activity.clone(), &recipients).await?;
    }
    if created {
        let in_local_group = group.is_some_and(DbActor::is_local);
        crate::services::federation::send_to_links(conn, state, status, in_local_group, author, &activity).await?;
    }
    if let Some(group) = group.filter(|g| g.is_local())
        && let Some(local) = crate::db::groups::find(conn, group.id).await?
    {
        if created {
            groups::announce_post(conn, state, &local, activity, &status.ap_id).await?;
        } else {
            let announce = outbox::announce(&local.actor, activity, groups::members_only(&local));
            outbox::send_to_followers(conn, state, &local.actor, announce, &[]).await?;
        }
    }
    Ok(())
}

/// Sends a local post again as an `Update`, because something the world reads
/// of it changed (a poll's counts, a proposal's state): to whoever received it
/// (the author's followers, its group, which announces it), to the other
/// groups it is filed under (`cc`; ours announce it too), and to `also`.
pub(crate) async fn send_update(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    status: &DbStatus,
    other_groups: &[DbActor],
    also: &[&DbActor],
) -> AppResult<()> {
    let author = actors::find(conn, status.actor_id).await?.ok_or(AppError::NotFound)?;
    let mut note = crate::activitypub::objects::status::to_activitypub(conn, state, status).await?;
    let now = Utc::now();
    note.updated = Some(now);
    note.cc.extend(other_groups.iter().map(|g| g.ap_id.clone()));
    let update = json!({
        "type": "Update",
        "id": format!("{}#update/{}", status.ap_id, crate::crypto::random_token()),
        "actor": author.ap_id,
        "published": now,
        "to": note.to,
        "cc": note.cc,
        "object": note,
    });
    let group = match status.group_id {
        Some(id) => actors::find(conn, id).await?,
        None => None,
    };
    let mut recipients: Vec<&DbActor> = also.to_vec();
    recipients.extend(other_groups.iter().filter(|g| !g.is_local()));
    send_about(
        conn,
        state,
        &author,
        status,
        group.as_ref(),
        update.clone(),
        &recipients,
        false,
    )
    .await?;
    for other in other_groups.iter().filter(|g| g.is_local()) {
        if let Some(local) = crate::db::groups::find(conn, other.id).await? {
            let announce = outbox::announce(&local.actor, update.clone(), groups::members_only(&local));
            outbox::send_to_followers(conn, state, &local.actor, announce, &[]).await?;
        }
    }
    Ok(())
}

pub(crate) fn create_activity(status: &DbStatus, actor: &DbActor, note: &Note) -> serde_json::Value {
    json!({
        "type": "Create",
        "id": format!("{}/activity", status.ap_id),
        "actor": actor.ap_id,
        "published": status.published_at,
        "to": note.to,
        "cc": note.cc,
        "object": note,
    })
}

/// The recipients of activities about a local status: the remote actors it mentions.
async fn mentioned_actors(conn: &mut AsyncPgConnection, status: &DbStatus) -> diesel::QueryResult<Vec<DbActor>> {
    let ids: Vec<i64> = statuses::mentions_of(conn, &[status.id])
        .await?
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    actors::find_many(conn, &ids).await
}

/// A local post of `author`, if it is theirs and not deleted.
async fn own_status(conn: &mut AsyncPgConnection, author: &DbActor, status_id: i64) -> AppResult<DbStatus> {
    statuses::find(conn, status_id)
        .await?
        .filter(|s| s.actor_id == author.id && !s.is_deleted() && s.reblog_of_id.is_none())
        .ok_or(AppError::NotFound)
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
                    sensitive: changes.sensitive || !changes.spoiler_text.trim().is_empty(),
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
                .map(|m| crate::services::media::document(&state.config, m))
                .collect();
            let update = json!({
                "type": "Update",
                "id": outbox::activity_id(actor, "Update"),
                "actor": actor.ap_id,
                "to": note.to,
                "cc": note.cc,
                "object": note,
            });
            let mut also: Vec<&DbActor> = mentioned.iter().collect();
            also.extend(previous.iter());
            send_about(conn, state, actor, &updated, group.as_ref(), update, &also, false).await?;
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
    let actor = &author.actor;
    let mut conn = state.db.get().await?;
    let status = statuses::find(&mut conn, status_id)
        .await?
        .filter(|s| s.actor_id == actor.id && !s.is_deleted())
        .ok_or(AppError::NotFound)?;
    if let Some(original) = status.reblog_of_id {
        drop(conn);
        unreblog(state, actor, original).await?;
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
    let deleted = conn
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
            let delete = json!({
                "type": "Delete",
                "id": outbox::activity_id(actor, "Delete"),
                "actor": actor.ap_id,
                "to": to,
                "cc": cc,
                "object": { "type": "Tombstone", "id": status.ap_id },
            });
            let mut also: Vec<&DbActor> = mentioned.iter().collect();
            if let Some(parent_author) = &parent_author {
                also.push(parent_author);
            }
            send_about(conn, state, actor, &status, group.as_ref(), delete, &also, false).await?;
            Ok(deleted)
        })
        .await?;
    delivery::wake(state);
    Ok(deleted)
}

/// A status the actor may interact with (see, favourite, boost).
async fn visible_status(conn: &mut AsyncPgConnection, actor: &DbActor, status_id: i64) -> AppResult<DbStatus> {
    let status = statuses::find(conn, status_id)
        .await?
        .filter(|s| !s.is_deleted())
        .ok_or(AppError::NotFound)?;
    if !statuses::visible_to(conn, Viewer::Actor(actor.id), status.id).await? {
        return Err(AppError::NotFound);
    }
    Ok(status)
}

/// Favourites a post (a `Like`).
pub async fn favourite(state: &AppState, actor: &DbActor, status_id: i64) -> AppResult<DbStatus> {
    let mut conn = state.db.get().await?;
    let status = visible_status(&mut conn, actor, status_id).await?;
    let status = match status.reblog_of_id {
        Some(original) => visible_status(&mut conn, actor, original).await?,
        None => status,
    };
    let author = actors::find(&mut conn, status.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let ap_id = outbox::activity_id(actor, "Like");
    conn.transaction::<_, AppError, _>(async |conn| {
        if statuses::insert_favourite(conn, actor.id, status.id, &ap_id)
            .await?
            .is_none()
        {
            return Ok(());
        }
        statuses::bump(conn, status.id, 0, 0, 1).await?;
        let like =
            json!({ "type": "Like", "id": ap_id, "actor": actor.ap_id, "object": status.ap_id, "to": [author.ap_id] });
        if author.is_local() {
            if author.id != actor.id {
                notifications::insert(conn, author.id, actor.id, "favourite", Some(status.id)).await?;
            }
        } else {
            outbox::send_to(conn, state, actor, like.clone(), &[&author]).await?;
        }
        tell_group(conn, state, actor, &status, like).await?;
        Ok(())
    })
    .await?;
    delivery::wake(state);
    let mut conn = state.db.get().await?;
    statuses::find(&mut conn, status.id).await?.ok_or(AppError::NotFound)
}

pub async fn unfavourite(state: &AppState, actor: &DbActor, status_id: i64) -> AppResult<DbStatus> {
    let mut conn = state.db.get().await?;
    let status = statuses::find(&mut conn, status_id).await?.ok_or(AppError::NotFound)?;
    let author = actors::find(&mut conn, status.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    conn.transaction::<_, AppError, _>(async |conn| {
        let Some(like_id) = statuses::delete_favourite(conn, actor.id, status.id).await? else {
            return Ok(());
        };
        statuses::bump(conn, status.id, 0, 0, -1).await?;
        let like = json!({ "type": "Like", "id": like_id, "actor": actor.ap_id, "object": status.ap_id });
        let undo = outbox::simple("Undo", actor, like, &author.ap_id);
        if author.is_local() {
            notifications::delete_for(conn, actor.id, "favourite", Some(status.id), Some(author.id)).await?;
        } else {
            outbox::send_to(conn, state, actor, undo.clone(), &[&author]).await?;
        }
        tell_group(conn, state, actor, &status, undo).await?;
        Ok(())
    })
    .await?;
    delivery::wake(state);
    let mut conn = state.db.get().await?;
    statuses::find(&mut conn, status.id).await?.ok_or(AppError::NotFound)
}

/// Boosts a post (an `Announce` to one's followers). Returns the boost.
pub async fn reblog(state: &AppState, actor: &DbActor, status_id: i64) -> AppResult<DbStatus> {
    let mut conn = state.db.get().await?;
    let status = visible_status(&mut conn, actor, status_id).await?;
    let status = match status.reblog_of_id {
        Some(original) => visible_status(&mut conn, actor, original).await?,
        None => status,
    };
    let visibility = Visibility::parse(&status.visibility).unwrap_or(Visibility::Direct);
    if !visibility.can_be_boosted() {
        return Err(AppError::forbidden("error-boost-private"));
    }
    if let Some(existing) = statuses::find_boost(&mut conn, actor.id, status.id).await? {
        return Ok(existing);
    }
    let author = actors::find(&mut conn, status.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let urls = state.urls();
    let boost = conn
        .transaction::<_, AppError, _>(async |conn| {
            let id = statuses::next_id(conn).await?;
            let ap_id = format!("{}/statuses/{id}", actor.ap_id);
            let boost = statuses::insert(
                conn,
                id,
                &NewStatus {
                    ap_id: ap_id.clone(),
                    url: Some(format!("{}/{id}", urls.profile_page(&actor.username))),
                    actor_id: actor.id,
                    local: true,
                    object_type: "Announce".into(),
                    in_reply_to_id: None,
                    in_reply_to_ap_id: None,
                    in_reply_to_actor_id: None,
                    reblog_of_id: Some(status.id),
                    context: None,
                    name: None,
                    summary: String::new(),
                    content: String::new(),
                    source: String::new(),
                    language: None,
                    visibility: "public".into(),
                    sensitive: false,
                    published_at: Utc::now(),
                    group_id: None,
                },
            )
            .await?;
            statuses::bump(conn, status.id, 0, 1, 0).await?;
            if author.is_local() && author.id != actor.id {
                notifications::insert(conn, author.id, actor.id, "reblog", Some(status.id)).await?;
            }
            let announce = json!({
                "type": "Announce",
                "id": format!("{ap_id}/activity"),
                "actor": actor.ap_id,
                "published": boost.published_at,
                "to": [crate::domain::visibility::PUBLIC],
                "cc": [author.ap_id, actor.followers_url],
                "object": status.ap_id,
            });
            outbox::send_to_followers(conn, state, actor, announce, &[&author]).await?;
            Ok(boost)
        })
        .await?;
    delivery::wake(state);
    Ok(boost)
}

pub async fn unreblog(state: &AppState, actor: &DbActor, status_id: i64) -> AppResult<DbStatus> {
    let mut conn = state.db.get().await?;
    let status = statuses::find(&mut conn, status_id).await?.ok_or(AppError::NotFound)?;
    let Some(boost) = statuses::find_boost(&mut conn, actor.id, status.id).await? else {
        return Ok(status);
    };
    let author = actors::find(&mut conn, status.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    conn.transaction::<_, AppError, _>(async |conn| {
        statuses::mark_deleted(conn, boost.id).await?;
        statuses::bump(conn, status.id, 0, -1, 0).await?;
        notifications::delete_for(conn, actor.id, "reblog", Some(status.id), None).await?;
        let announce = json!({ "type": "Announce", "id": format!("{}/activity", boost.ap_id), "actor": actor.ap_id, "object": status.ap_id });
        let undo = outbox::simple("Undo", actor, announce, crate::domain::visibility::PUBLIC);
        outbox::send_to_followers(conn, state, actor, undo, &[&author]).await?;
        Ok(())
    })
    .await?;
    delivery::wake(state);
    let mut conn = state.db.get().await?;
    statuses::find(&mut conn, status.id).await?.ok_or(AppError::NotFound)
}

/// Whether a remote post concerns this instance: its author has local followers,
/// it is addressed to or mentions a local actor, or it replies to a local post.
async fn concerns_us(conn: &mut AsyncPgConnection, state: &AppState, author: &DbActor, note: &Note) -> AppResult<bool> {
    // Cheapest first: what the post itself says, then the database.
    let ours = |id: &str| {
        url::Url::parse(id).ok().and_then(|u| host_of(&u)).as_deref() == Some(state.config.server.domain.as_str())
    };
    let addressed = note.to.iter().chain(&note.cc).map(String::as_str);
    let mentioned = note
        .tag
        .iter()
        .filter(|t| t.kind == "Mention")
        .filter_map(|t| t.href.as_deref());
    if addressed.chain(mentioned).any(ours) {
        return Ok(true);
    }
    if note.in_reply_to.as_deref().is_some_and(ours) {
        return Ok(true);
    }
    if follows::has_local_followers(conn, author.id).await? {
        return Ok(true);
    }
    if let Some(parent) = &note.in_reply_to
        && statuses::find_by_ap_id(conn, parent).await?.is_some_and(|p| p.local)
    {
        return Ok(true);
    }
    Ok(false)
}

/// Parses an embedded object as a post, checking it comes from the signer (FEP-fe34).
fn embedded_note(signer: &DbActor, object: &serde_json::Value) -> AppResult<Note> {
    let note: Note =
        serde_json::from_value(object.clone()).map_err(|_| AppError::bad_request("error-activity-malformed"))?;
    let signer_url = url::Url::parse(&signer.ap_id).ok();
    let signer_host = signer_url.as_ref().and_then(host_of);
    if host_of(&note.id) != signer_host || note.attributed_to.as_str() != signer.ap_id {
        return Err(AppError::forbidden("error-activity-origin"));
    }
    Ok(note)
}

/// A remote `Create` of a post.
pub async fn receive_create(data: &FedData, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    let note = match activity.object_type() {
        Some("Note" | "Page" | "Article" | "Question") => embedded_note(signer, &activity.object)?,
        Some(_) => return Ok(()),
        None => {
            // By reference: fetch it from its origin.
            let id = activity
                .object_id()
                .ok_or_else(|| AppError::bad_request("error-activity-malformed"))?;
            let stored = fetch::status(data, id).await?;
            if stored.actor_id != signer.id {
                return Err(AppError::forbidden("error-activity-origin"));
            }
            return Ok(());
        }
    };
    let mut conn = data.db.get().await?;
    // A post in one of our groups: the group decides, then passes it on.
    let parent = match &note.in_reply_to {
        Some(id) => statuses::find_by_ap_id(&mut conn, id).await?,
        None => None,
    };
    // A vote on one of our polls is counted, not stored as a reply.
    if let Some(question) = parent.as_ref().filter(|p| p.local && p.object_type == "Question")
        && crate::services::polls::is_vote(&note)
    {
        drop(conn);
        return crate::services::polls::receive_vote(data, signer, &note, question).await;
    }
    let mut candidates: Vec<String> = note.audience.iter().chain(&note.to).chain(&note.cc).cloned().collect();
    candidates.extend(
        note.tag
            .iter()
            .filter(|t| t.kind == "Mention")
            .filter_map(|t| t.href.clone()),
    );
    if let Some(group) = groups::addressed_local_group(&mut conn, data, &candidates, parent.as_ref()).await? {
        groups::check_can_post(&mut conn, &group, signer, parent.as_ref(), note.kind == "Article").await?;
        drop(conn);
        let stored = store_remote_by(data, note, Some(signer), Some(&group.actor)).await?;
        if stored.created {
            let create = incoming_activity(signer, activity);
            let mut conn = data.db.get().await?;
            conn.transaction::<_, AppError, _>(async |conn| {
                groups::announce_post(conn, data, &group, create, &stored.row.ap_id).await
            })
            .await?;
            delivery::wake(data);
        }
        return Ok(());
    }
    if !concerns_us(&mut conn, data, signer, &note).await? {
        tracing::debug!(id = %note.id, "ignoring a post that concerns no one here");
        return Ok(());
    }
    drop(conn);
    store_remote_by(data, note, Some(signer), None).await?;
    Ok(())
}

/// An activity as it came, to pass on in an Announce.
fn incoming_activity(signer: &DbActor, activity: &Activity) -> serde_json::Value {
    let mut json = serde_json::to_value(activity).unwrap_or_default();
    json["actor"] = json!(signer.ap_id);
    json
}

/// Passes a member's Update or Delete of a post on to the members of our
/// group the post is in.
async fn relay_to_group(state: &AppState, status: &DbStatus, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    let Some(group_id) = status.group_id else {
        return Ok(());
    };
    let mut conn = state.db.get().await?;
    let Some(group) = crate::db::groups::find(&mut conn, group_id).await? else {
        return Ok(());
    };
    let announce = outbox::announce(
        &group.actor,
        incoming_activity(signer, activity),
        groups::members_only(&group),
    );
    outbox::send_to_followers(&mut conn, state, &group.actor, announce, &[]).await?;
    delivery::wake(state);
    Ok(())
}

/// Applies a newer version of a remote post.
pub(crate) async fn apply_remote_edit(conn: &mut AsyncPgConnection, status: &DbStatus, note: &Note) -> AppResult<bool> {
    let updated_at = crate::activitypub::objects::status::updated_at(note);
    if status.edited_at.is_some_and(|t| t >= updated_at) {
        return Ok(false);
    }
    let content = remote_content(conn, note).await?;
    if content.content == status.content && content.summary == status.summary && content.name == status.name {
        return Ok(false);
    }
    conn.transaction::<_, AppError, _>(async |conn| {
        let updated = statuses::edit(
            conn,
            status,
            &StatusChanges {
                name: content.name.as_deref(),
                summary: &content.summary,
                content: &content.content,
                source: "",
                sensitive: content.sensitive || !content.summary.is_empty(),
                language: content.language.as_deref().or(status.language.as_deref()),
                edited_at: updated_at.min(Utc::now()),
            },
        )
        .await?;
        statuses::replace_mentions(conn, updated.id, &content.mentions).await?;
        statuses::replace_tags(conn, updated.id, &content.hashtags).await?;
        Ok(true)
    })
    .await
}

/// A remote `Update`: of a post (an edit) or of the actor itself.
pub async fn receive_update(data: &FedData, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    match activity.object_type() {
        Some("Note" | "Page" | "Article" | "Question") => {
            let note = embedded_note(signer, &activity.object)?;
            let mut conn = data.db.get().await?;
            let Some(status) = statuses::find_by_ap_id(&mut conn, note.id.as_str()).await? else {
                drop(conn);
                // An edit of a post we never stored: store it if it concerns us.
                return receive_create(data, signer, activity).await;
            };
            if status.actor_id != signer.id || status.is_deleted() {
                return Err(AppError::forbidden("error-activity-not-yours"));
            }
            // The new version, its proposal, media and poll counts, all at once.
            let edited = conn
                .transaction::<_, AppError, _>(async |conn| {
                    let edited = apply_remote_edit(conn, &status, &note).await?;
                    // A proposal's state may change without its text (closed, expired, completed).
                    let proposal = crate::activitypub::objects::proposal::store_remote(conn, &status, &note).await?;
                    // A proposal's team grows as its author accepts partners.
                    if proposal.is_some() {
                        crate::activitypub::objects::proposal::queue_unknown_team(conn, &note).await?;
                    }
                    if proposal.is_none() {
                        crate::services::media::store_remote(conn, status.id, status.actor_id, &note.attachment)
                            .await?;
                    }
                    // A poll's counts change without its text.
                    crate::activitypub::objects::poll::store_remote(conn, &status, &note).await?;
                    Ok(edited)
                })
                .await?;
            drop(conn);
            crate::services::jobs::wake(data);
            if edited {
                relay_to_group(data, &status, signer, activity).await?;
            }
            Ok(())
        }
        Some("Person" | "Group" | "Service" | "Application" | "Organization") => {
            let json: crate::activitypub::protocol::actor::Actor = serde_json::from_value(activity.object.clone())
                .map_err(|_| AppError::bad_request("error-activity-malformed"))?;
            if json.id.as_str() != signer.ap_id {
                return Err(AppError::forbidden("error-activity-not-yours"));
            }
            let signer_url =
                url::Url::parse(&signer.ap_id).map_err(|_| AppError::bad_request("error-activity-malformed"))?;
            <crate::activitypub::objects::actor::ActorObject as activitypub_federation::traits::Object>::verify(
                &json,
                &signer_url,
                data,
            )
            .await?;
            let mut conn = data.db.get().await?;
            crate::activitypub::objects::actor::store_remote(&mut conn, &json).await?;
            data.recent_signers.forget(&signer.ap_id);
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A remote `Delete`: of a post (or boost) by its author, or of the actor itself.
pub async fn receive_delete(state: &AppState, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    let Some(object_id) = activity.object_id() else {
        return Err(AppError::bad_request("error-activity-malformed"));
    };
    let mut conn = state.db.get().await?;
    if object_id == signer.ap_id {
        state.recent_signers.forget(&signer.ap_id);
        conn.transaction::<_, AppError, _>(async |conn| {
            actors::mark_deleted(conn, signer.id).await?;
            diesel_async::RunQueryDsl::execute(diesel::sql_query("UPDATE statuses SET deleted_at = now(), content = '', source = '' WHERE actor_id = $1 AND deleted_at IS NULL")
                .bind::<diesel::sql_types::BigInt, _>(signer.id), conn)
                .await?;
            for (follow, followed) in follows::following(conn, signer.id, None, i64::MAX).await? {
                follows::delete(conn, follow.follower_id, follow.followed_id).await?;
                actors::bump_counters(conn, followed.id, -1, 0, 0).await?;
            }
            for (follow, follower) in follows::followers(conn, signer.id, None, i64::MAX).await? {
                follows::delete(conn, follow.follower_id, follow.followed_id).await?;
                actors::bump_counters(conn, follower.id, 0, -1, 0).await?;
            }
            Ok(())
        })
        .await?;
        return Ok(());
    }
    let Some(status) = statuses::find_by_ap_id(&mut conn, object_id).await? else {
        return Ok(());
    };
    if status.actor_id != signer.id {
        // A moderator of one of our groups removing a post in it, or a remote
        // group removing one of its own posts; no one else.
        if let Some(group_id) = status.group_id {
            if crate::db::groups::find(&mut conn, group_id).await?.is_some() {
                drop(conn);
                let reason = activity.summary.as_deref().unwrap_or_default();
                groups::moderate(state, signer, status.id, groups::PostAction::Remove, reason).await?;
                return Ok(());
            }
            // Another server's group removes what was written in it.
            if group_id == signer.id {
                return remove_post(&mut conn, &status).await;
            }
        }
        return Err(AppError::forbidden("error-activity-not-yours"));
    }
    let removed = remove_post(&mut conn, &status).await;
    drop(conn);
    removed?;
    relay_to_group(state, &status, signer, activity).await
}

/// Marks a remote post deleted and its counts with it.
pub(crate) async fn remove_post(conn: &mut AsyncPgConnection, status: &DbStatus) -> AppResult<()> {
    conn.transaction::<_, AppError, _>(async |conn| {
        if statuses::mark_deleted(conn, status.id).await?.is_some() {
            if let Some(parent) = status.in_reply_to_id {
                statuses::bump(conn, parent, -1, 0, 0).await?;
            }
            if let Some(original) = status.reblog_of_id {
                statuses::bump(conn, original, 0, -1, 0).await?;
            }
        }
        Ok(())
    })
    .await
}

/// A remote `Like` of a post we have.
pub async fn receive_like(state: &AppState, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    let Some(object_id) = activity.object_id() else {
        return Err(AppError::bad_request("error-activity-malformed"));
    };
    let mut conn = state.db.get().await?;
    let Some(status) = statuses::find_by_ap_id(&mut conn, object_id)
        .await?
        .filter(|s| !s.is_deleted())
    else {
        return Ok(());
    };
    if !statuses::visible_to(&mut conn, Viewer::Actor(signer.id), status.id).await? {
        return Ok(());
    }
    conn.transaction::<_, AppError, _>(async |conn| {
        if statuses::insert_favourite(conn, signer.id, status.id, activity.id.as_str())
            .await?
            .is_some()
        {
            statuses::bump(conn, status.id, 0, 0, 1).await?;
            if status.local {
                notifications::insert(conn, status.actor_id, signer.id, "favourite", Some(status.id)).await?;
            }
            let like = json!({ "type": "Like", "id": activity.id, "actor": signer.ap_id, "object": status.ap_id });
            announce_in_group(conn, state, &status, like).await?;
        }
        Ok(())
    })
    .await?;
    delivery::wake(state);
    Ok(())
}

/// A local like (or its undo) of a post in a group also goes to the group:
/// ours passes it on at once; another server's gets it to pass on, as Lemmy
/// sends votes to the community.
async fn tell_group(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    actor: &DbActor,
    status: &DbStatus,
    activity: serde_json::Value,
) -> AppResult<()> {
    let Some(group) = status.group_id else {
        return Ok(());
    };
    match actors::find(conn, group).await? {
        Some(group) if !group.is_local() && group.id != status.actor_id => {
            outbox::send_to(conn, state, actor, activity, &[&group]).await?;
            Ok(())
        }
        Some(_) => announce_in_group(conn, state, status, activity).await,
        None => Ok(()),
    }
}

/// A like (or its undo) of a post in one of our groups: the group passes it
/// on to its members' servers, as Lemmy's communities pass on votes
/// (FEP-1b12), so that every copy of the post counts it. Posts elsewhere, and
/// in other servers' groups, are left alone.
async fn announce_in_group(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    status: &DbStatus,
    activity: serde_json::Value,
) -> AppResult<()> {
    let Some(group_id) = status.group_id else {
        return Ok(());
    };
    let Some(local) = crate::db::groups::find(conn, group_id).await? else {
        return Ok(());
    };
    let announce = outbox::announce(&local.actor, activity, groups::members_only(&local));
    outbox::send_to_followers(conn, state, &local.actor, announce, &[]).await?;
    Ok(())
}

/// A remote `Undo` of a `Like`.
pub async fn receive_undo_like(state: &AppState, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    let like_id = activity.object_id().map(str::to_owned);
    let removed = match &like_id {
        Some(id) => statuses::delete_favourite_by_ap_id(&mut conn, id)
            .await?
            .filter(|(actor, _)| *actor == signer.id),
        None => None,
    };
    let removed = match removed {
        Some(found) => Some(found),
        // Matched by who liked what, when the Like's id is unknown here.
        None => match activity
            .object
            .get("object")
            .and_then(|v| crate::activitypub::protocol::object::id_of(v))
        {
            Some(object) => match statuses::find_by_ap_id(&mut conn, object).await? {
                Some(status) => statuses::delete_favourite(&mut conn, signer.id, status.id)
                    .await?
                    .map(|_| (signer.id, status.id)),
                None => None,
            },
            None => None,
        },
    };
    if let Some((_, status_id)) = removed {
        statuses::bump(&mut conn, status_id, 0, 0, -1).await?;
        notifications::delete_for(&mut conn, signer.id, "favourite", Some(status_id), None).await?;
        if let Some(status) = statuses::find(&mut conn, status_id).await? {
            let like = json!({ "type": "Like", "id": like_id, "actor": signer.ap_id, "object": status.ap_id });
            let undo = json!({ "type": "Undo", "id": activity.id, "actor": signer.ap_id, "object": like });
            announce_in_group(&mut conn, state, &status, undo).await?;
            delivery::wake(state);
        }
    }
    Ok(())
}

/// A remote `Announce` (boost) of a post, fetched from its origin.
pub async fn receive_announce(data: &FedData, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    if signer.actor_type == "Group" {
        return groups::relay::receive_announce(data, signer, activity).await;
    }
    let Some(object_id) = activity.object_id().map(str::to_owned) else {
        return Err(AppError::bad_request("error-activity-malformed"));
    };
    let mut conn = data.db.get().await?;
    let signer_followed = follows::has_local_followers(&mut conn, signer.id).await?;
    let stored = statuses::find_by_ap_id(&mut conn, &object_id).await?;
    let local_original = stored.as_ref().is_some_and(|s| s.local);
    if !signer_followed && !local_original {
        return Ok(());
    }
    drop(conn);
    // Never trust an embedded copy of someone else's post: fetch it from its origin.
    let original = match stored {
        Some(status) => status,
        None => fetch::status(data, &object_id).await?,
    };
    if original.is_deleted() || !Visibility::parse(&original.visibility).is_some_and(Visibility::can_be_boosted) {
        return Ok(());
    }
    let visibility = Visibility::from_addressing(&activity.to, &activity.cc, signer.followers_url.as_deref());
    let published = activity
        .published
        .as_ref()
        .and_then(|p| serde_json::from_value::<chrono::DateTime<Utc>>(p.clone()).ok())
        .unwrap_or_else(Utc::now)
        .min(Utc::now());
    let mut conn = data.db.get().await?;
    conn.transaction::<_, AppError, _>(async |conn| {
        let (boost, created) = statuses::insert_remote_if_new(
            conn,
            &NewStatus {
                ap_id: activity.id.to_string(),
                url: None,
                actor_id: signer.id,
                local: false,
                object_type: "Announce".into(),
                in_reply_to_id: None,
                in_reply_to_ap_id: None,
                in_reply_to_actor_id: None,
                reblog_of_id: Some(original.id),
                context: None,
                name: None,
                summary: String::new(),
                content: String::new(),
                source: String::new(),
                language: None,
                visibility: if visibility == Visibility::Direct {
                    "public".into()
                } else {
                    visibility.as_str().into()
                },
                sensitive: false,
                published_at: published,
                group_id: None,
            },
        )
        .await?;
        if created {
            statuses::bump(conn, original.id, 0, 1, 0).await?;
            if original.local {
                notifications::insert(conn, original.actor_id, signer.id, "reblog", Some(original.id)).await?;
            }
        }
        let _ = boost;
        Ok(())
    })
    .await
}

/// A remote `Undo` of an `Announce`.
pub async fn receive_undo_announce(state: &AppState, signer: &DbActor, activity: &Activity) -> AppResult<()> {
    let Some(announce_id) = activity.object_id() else {
        return Ok(());
    };
    let mut conn = state.db.get().await?;
    let Some(boost) = statuses::find_by_ap_id(&mut conn, announce_id).await? else {
        return Ok(());
    };
    if boost.actor_id != signer.id {
        return Err(AppError::forbidden("error-activity-not-yours"));
    }
    if statuses::mark_deleted(&mut conn, boost.id).await?.is_some()
        && let Some(original) = boost.reblog_of_id
    {
        statuses::bump(&mut conn, original, 0, -1, 0).await?;
        notifications::delete_for(&mut conn, signer.id, "reblog", Some(original), None).await?;
    }
    Ok(())
}
