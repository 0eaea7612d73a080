//! Other servers' posts, as this server keeps them: stored once (with their
//! thread, mentions, tags, and what they carry: a proposal, a poll, media, a
//! reply's notice to our author), edited and removed; and the library's
//! `Object` trait, through which fetched posts are stored.

use activitypub_federation::config::Data;
use activitypub_federation::fetch::object_id::ObjectId;
use activitypub_federation::protocol::verification::verify_domains_match;
use activitypub_federation::traits::Object;
use url::Url;

use crate::activitypub::objects::actor::ActorObject;
use crate::activitypub::objects::status::{addresses, to_activitypub};

use chrono::Utc;
use diesel_async::{AsyncConnection, AsyncPgConnection};

use crate::activitypub::objects::actor::host_of;
use crate::activitypub::objects::status::{StatusObject, remote_content};
use crate::activitypub::protocol::object::Note;
use crate::db::actors::{self, DbActor};
use crate::db::statuses::{self, DbStatus, NewStatus, StatusChanges};
use crate::domain::text::web_url;
use crate::domain::visibility::Visibility;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

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

/// Stores a remote post if it is new; links it into its thread.
pub async fn store_remote(data: &Data<AppState>, note: Note) -> Result<StatusObject, AppError> {
    store_remote_by(data, note, None, None).await
}

/// Stores a remote post whose author may already be at hand (the verified
/// sender of the activity that carried it), sparing a look-up. `group` is the
/// group that vouches for it: one of ours that accepted it, or a remote one
/// that announced it. Otherwise a reply joins its parent's remote group when it
/// addresses that group.
pub async fn store_remote_by(
    data: &Data<AppState>,
    note: Note,
    author: Option<&DbActor>,
    group: Option<&DbActor>,
) -> Result<StatusObject, AppError> {
    // Posts that came in an activity are almost always new (its id was new);
    // the insert itself notices the rare one that is not.
    if author.is_none() {
        let mut conn = data.db.get().await?;
        if let Some(existing) = statuses::find_by_ap_id(&mut conn, note.id.as_str()).await? {
            return StatusObject::new(existing, false);
        }
    }
    let author = match author.filter(|a| a.ap_id == note.attributed_to.as_str()) {
        Some(author) => author.clone(),
        None => {
            ObjectId::<ActorObject>::from(note.attributed_to.clone())
                .dereference(data)
                .await?
                .row
        }
    };
    // The parent: stored already, or fetched (within the request budget), or left as a reference.
    let parent = match &note.in_reply_to {
        Some(parent_id) => {
            let stored = {
                let mut conn = data.db.get().await?;
                statuses::find_by_ap_id(&mut conn, parent_id).await?
            };
            match stored {
                Some(parent) => Some(parent),
                None => match Url::parse(parent_id) {
                    Ok(url) => Box::pin(ObjectId::<StatusObject>::from(url).dereference(data))
                        .await
                        .ok()
                        .map(|p| p.row),
                    Err(_) => None,
                },
            }
        }
        None => None,
    };
    let audience = match (group, &parent) {
        (None, None) => audience_group(data, &note).await?,
        _ => None,
    };
    let mut conn = data.db.get().await?;
    let content = remote_content(&mut conn, &note).await?;
    let group = match (group, parent.as_ref().and_then(|p| p.group_id)) {
        (Some(group), _) => Some(group.clone()),
        (None, Some(parent_group)) => actors::find(&mut conn, parent_group)
            .await?
            .filter(|g| !g.is_local() && addresses(&note, &g.ap_id)),
        (None, None) => audience,
    };
    let mut visibility = Visibility::from_addressing(&note.to, &note.cc, author.followers_url.as_deref());
    let for_members = group
        .as_ref()
        .is_some_and(|g| g.followers_url.as_deref().is_some_and(|f| addresses(&note, f)));
    let group = match group {
        // Addressed to the group's members: members-only.
        Some(group) if for_members && visibility == Visibility::Direct => {
            visibility = Visibility::Private;
            Some(group)
        }
        // For its author's followers: a group's members are not those, so the
        // post stays out of the group (in a group, `private` means its members).
        Some(_) if visibility == Visibility::Private && !for_members => None,
        other => other,
    };
    let object_type = match note.kind.as_str() {
        "Page" | "Article" | "Question" => note.kind.clone(),
        _ => "Note".into(),
    };
    let new_summary_empty = content.summary.is_empty();
    let new = NewStatus {
        ap_id: note.id.to_string(),
        url: note.page_url().as_deref().and_then(web_url),
        actor_id: author.id,
        local: false,
        object_type,
        in_reply_to_id: parent.as_ref().map(|p| p.id),
        in_reply_to_ap_id: note.in_reply_to.clone(),
        in_reply_to_actor_id: parent.as_ref().map(|p| p.actor_id),
        reblog_of_id: None,
        context: note
            .thread()
            .or_else(|| parent.as_ref().and_then(|p| p.context.clone())),
        name: content.name,
        summary: content.summary,
        content: content.content,
        source: note.source.as_ref().map(|s| s.content.clone()).unwrap_or_default(),
        language: content.language,
        visibility: visibility.as_str().into(),
        sensitive: content.sensitive || !new_summary_empty,
        published_at: note.published.unwrap_or_else(Utc::now).min(Utc::now()),
        group_id: group.as_ref().map(|g| g.id),
    };
    // One statement: the post, its mentions and tags, its thread, the author's
    // last post time and the mentioned locals' notifications, all or nothing.
    // What a few posts carry besides (a proposal, a poll, media, a reply to be
    // told of) is stored in the same transaction, so that nobody reads the
    // post without it.
    let follow_up = note.proposal.is_some()
        || note.kind == "Question"
        || !note.attachment.is_empty()
        || parent.as_ref().is_some_and(|p| p.local);
    let inserted = if follow_up {
        conn.transaction::<_, AppError, _>(async |conn| {
            let Some(row) =
                statuses::insert_remote_with_relations(conn, &new, &content.mentions, &content.hashtags).await?
            else {
                return Ok(None);
            };
            store_related(conn, &row, &note, parent.as_ref(), &content.mentions).await?;
            Ok(Some(row))
        })
        .await?
    } else {
        statuses::insert_remote_with_relations(&mut conn, &new, &content.mentions, &content.hashtags).await?
    };
    match inserted {
        Some(row) => {
            if note.proposal.is_some() {
                crate::services::jobs::wake(data);
            }
            StatusObject::new(row, true)
        }
        None => {
            let existing = statuses::find_by_ap_id(&mut conn, &new.ap_id)
                .await?
                .ok_or(AppError::NotFound)?;
            StatusObject::new(existing, false)
        }
    }
}

/// What a new remote post carries besides its text: the proposal of a
/// `Page`, the poll of a `Question`, media, and the note to the local author
/// it replies to.
async fn store_related(
    conn: &mut AsyncPgConnection,
    row: &DbStatus,
    note: &Note,
    parent: Option<&DbStatus>,
    mentions: &[i64],
) -> Result<(), AppError> {
    // A reply to one of our users that does not mention them still tells them.
    if let Some(parent) = parent.filter(|p| p.local && !mentions.contains(&p.actor_id)) {
        notify_reply(conn, parent, row).await?;
    }
    let proposal = crate::services::proposals::inbound::store_remote(conn, row, note).await?;
    if proposal.is_some() {
        crate::services::proposals::inbound::queue_unknown_team(conn, note).await?;
    }
    crate::services::polls::store_remote(conn, row, note).await?;
    // A proposal's documents are the proposal's files; other posts' are media.
    if proposal.is_none() && !note.attachment.is_empty() {
        crate::services::media::store_remote(conn, row.id, row.actor_id, &note.attachment).await?;
    }
    Ok(())
}

/// Tells a local author about a remote reply (a `mention`, as Mastodon files replies).
async fn notify_reply(conn: &mut AsyncPgConnection, parent: &DbStatus, reply: &DbStatus) -> Result<(), AppError> {
    if parent.actor_id == reply.actor_id
        || crate::db::follows::blocked_either_way(conn, parent.actor_id, reply.actor_id).await?
    {
        return Ok(());
    }
    crate::db::notifications::insert(conn, parent.actor_id, reply.actor_id, "mention", Some(reply.id)).await?;
    Ok(())
}

/// The remote group a thread-starting post names as its `audience`, when the
/// group lives on the post's own server (which vouches for both): fetched if
/// need be, and left out if it cannot be.
async fn audience_group(data: &Data<AppState>, note: &Note) -> Result<Option<DbActor>, AppError> {
    let Some(audience) = note.audience.as_deref().and_then(|a| Url::parse(a).ok()) else {
        return Ok(None);
    };
    if audience.host_str() != note.id.host_str() || audience.port() != note.id.port() {
        return Ok(None);
    }
    let group = match ObjectId::<ActorObject>::from(audience).dereference(data).await {
        Ok(group) => group.row,
        Err(error) => {
            tracing::debug!(%error, post = %note.id, "the post's audience could not be fetched");
            return Ok(None);
        }
    };
    Ok(Some(group).filter(|g| g.actor_type == "Group" && !g.is_local()))
}

#[async_trait::async_trait]
impl Object for StatusObject {
    type DataType = AppState;
    type Kind = Note;
    type Error = AppError;

    fn id(&self) -> &Url {
        self.ap_url()
    }

    async fn read_from_id(object_id: Url, data: &Data<AppState>) -> Result<Option<Self>, AppError> {
        let mut conn = data.db.get().await?;
        match statuses::find_by_ap_id(&mut conn, object_id.as_str()).await? {
            Some(row) => Ok(Some(StatusObject::new(row, false)?)),
            None => Ok(None),
        }
    }

    async fn delete(&self, data: &Data<AppState>) -> Result<(), AppError> {
        let mut conn = data.db.get().await?;
        statuses::mark_deleted(&mut conn, self.row.id).await?;
        Ok(())
    }

    fn is_deleted(&self) -> bool {
        self.row.is_deleted()
    }

    async fn into_json(self, data: &Data<AppState>) -> Result<Note, AppError> {
        let mut conn = data.db.get().await?;
        to_activitypub(&mut conn, data.app_data(), &self.row).await
    }

    async fn verify(note: &Note, expected_domain: &Url, _data: &Data<AppState>) -> Result<(), AppError> {
        // FEP-fe34: the post comes from where its id says, by an author of that server.
        verify_domains_match(&note.id, expected_domain)
            .map_err(|_| AppError::Remote("post served from another host".into()))?;
        if host_of(&note.id) != host_of(&note.attributed_to) {
            return Err(AppError::Remote("post attributed to an actor of another host".into()));
        }
        if !matches!(note.kind.as_str(), "Note" | "Page" | "Article" | "Question") {
            return Err(AppError::Remote(format!("unsupported object type {}", note.kind)));
        }
        Ok(())
    }

    async fn from_json(note: Note, data: &Data<AppState>) -> Result<Self, AppError> {
        store_remote(data, note).await
    }
}
