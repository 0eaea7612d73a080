//! Posts between rows and JSON: local statuses as Notes (or titled Pages and
//! Articles), remote ones stored once, sanitised, with their thread, mentions
//! and hashtags.

use activitypub_federation::config::Data;
use activitypub_federation::fetch::object_id::ObjectId;
use activitypub_federation::protocol::verification::verify_domains_match;
use activitypub_federation::traits::Object;
use chrono::{DateTime, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use url::Url;

use crate::activitypub::objects::actor::{ActorObject, host_of};
use crate::activitypub::protocol::object::{Note, Source, Tag};
use crate::db::actors::{self, DbActor};
use crate::db::statuses::{self, DbStatus, NewStatus};
use crate::domain::text::{html_to_text, sanitize_html, web_url};
use crate::domain::visibility::Visibility;
use crate::error::AppError;
use crate::state::AppState;

/// A status row the library can work with.
#[derive(Debug, Clone)]
pub struct StatusObject {
    pub row: DbStatus,
    /// Whether `from_json` stored it just now (rather than finding it stored).
    pub created: bool,
    id: Url,
}

impl StatusObject {
    pub fn new(row: DbStatus, created: bool) -> Result<Self, AppError> {
        let id = Url::parse(&row.ap_id)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("status {} has a bad id: {e}", row.id)))?;
        Ok(Self { row, created, id })
    }
}

/// A local status as the world sees it.
pub async fn to_activitypub(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    status: &DbStatus,
) -> Result<Note, AppError> {
    let author = actors::find(conn, status.actor_id).await?.ok_or(AppError::NotFound)?;
    let mentioned_ids: Vec<i64> = statuses::mentions_of(conn, &[status.id])
        .await?
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    let mentioned = actors::find_many(conn, &mentioned_ids).await?;
    let tags: Vec<String> = statuses::tags_of(conn, &[status.id])
        .await?
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let group = match status.group_id {
        Some(id) => actors::find(conn, id).await?,
        None => None,
    };
    let mut note = note_json(state, status, &author, &mentioned, &tags, group.as_ref());
    crate::activitypub::objects::proposal::decorate(conn, &state.config, status, &mut note).await?;
    crate::activitypub::objects::poll::decorate(conn, status, &mut note).await?;
    crate::services::media::decorate(conn, &state.config, status, &mut note).await?;
    Ok(note)
}

/// The JSON of a local status, from everything it needs.
pub fn note_json(
    state: &AppState,
    status: &DbStatus,
    author: &DbActor,
    mentioned: &[DbActor],
    tags: &[String],
    group: Option<&DbActor>,
) -> Note {
    let visibility = Visibility::parse(&status.visibility).unwrap_or(Visibility::Direct);
    let followers = author.followers_url.clone().unwrap_or_default();
    let mentioned_ids: Vec<String> = mentioned.iter().map(|a| a.ap_id.clone()).collect();
    let (to, cc) = match group {
        // In a group: public posts go to everyone and the group (as Lemmy
        // addresses them); members-only ones to the group's members alone.
        Some(group) if visibility == Visibility::Private => {
            let mut cc = vec![group.ap_id.clone()];
            cc.extend(mentioned_ids.iter().filter(|id| **id != group.ap_id).cloned());
            (vec![group.followers_url.clone().unwrap_or_default()], cc)
        }
        Some(group) => {
            let (mut to, mut cc) = visibility.addressing(&followers, &mentioned_ids);
            cc.retain(|id| *id != group.ap_id);
            to.push(group.ap_id.clone());
            (to, cc)
        }
        None => visibility.addressing(&followers, &mentioned_ids),
    };
    let mut tag: Vec<Tag> = mentioned
        .iter()
        .map(|actor| Tag {
            kind: "Mention".into(),
            href: Some(actor.ap_id.clone()),
            name: Some(format!(
                "@{}@{}",
                actor.username,
                actor.domain.as_deref().unwrap_or(&state.config.server.domain)
            )),
        })
        .collect();
    tag.extend(tags.iter().map(|t| Tag {
        kind: "Hashtag".into(),
        href: Some(state.urls().absolute(&format!("/tags/{t}"))),
        name: Some(format!("#{t}")),
    }));
    let parse = |s: &str| Url::parse(s).ok();
    Note {
        kind: status.object_type.clone(),
        id: parse(&status.ap_id).unwrap_or_else(|| state.config.server.base_url.clone()),
        attributed_to: parse(&author.ap_id).unwrap_or_else(|| state.config.server.base_url.clone()),
        to,
        cc,
        in_reply_to: status.in_reply_to_ap_id.clone(),
        name: status.name.clone(),
        summary: (!status.summary.is_empty()).then(|| status.summary.clone()),
        content: Some(status.content.clone()),
        content_map: status
            .language
            .as_ref()
            .map(|l| [(l.clone(), status.content.clone())].into_iter().collect()),
        source: (!status.source.is_empty()).then(|| Source {
            content: status.source.clone(),
            media_type: Some("text/plain".into()),
        }),
        sensitive: Some(status.sensitive),
        published: Some(status.published_at),
        updated: status.edited_at,
        url: status.url.clone().map(serde_json::Value::String),
        tag,
        context: status.context.clone(),
        conversation: None,
        attachment: Vec::new(),
        audience: group.map(|g| g.ap_id.clone()),
        one_of: Vec::new(),
        any_of: Vec::new(),
        end_time: None,
        voters_count: None,
        proposal: None,
    }
}

/// What a remote post says, ready to store or to compare with what is stored.
pub struct RemoteContent {
    pub name: Option<String>,
    pub summary: String,
    pub content: String,
    pub sensitive: bool,
    pub language: Option<String>,
    pub mentions: Vec<i64>,
    pub hashtags: Vec<String>,
}

/// Reads a remote post's text, mentions (of actors we know) and hashtags.
pub async fn remote_content(conn: &mut AsyncPgConnection, note: &Note) -> Result<RemoteContent, AppError> {
    let mut mentions = Vec::new();
    let mut hashtags = Vec::new();
    let hrefs: Vec<String> = note
        .tag
        .iter()
        .filter(|t| t.kind == "Mention")
        .filter_map(|t| t.href.clone())
        .take(50)
        .collect();
    if !hrefs.is_empty() {
        mentions = actors::ids_by_ap_ids(conn, &hrefs).await?;
    }
    for name in note
        .tag
        .iter()
        .filter(|t| t.kind == "Hashtag")
        .filter_map(|t| t.name.as_deref())
    {
        let name = name.trim_start_matches('#').to_lowercase();
        if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_') && !hashtags.contains(&name) {
            hashtags.push(name);
        }
    }
    let name = note
        .name
        .as_deref()
        .map(html_to_text)
        .filter(|n| !n.is_empty() && note.kind != "Note");
    Ok(RemoteContent {
        name,
        // A proposal's summary is its short description, kept with the proposal, not a content warning.
        summary: match note.proposal {
            Some(_) => String::new(),
            None => note.summary.as_deref().map(html_to_text).unwrap_or_default(),
        },
        content: sanitize_html(&note.content_html()),
        sensitive: note.sensitive.unwrap_or(false) && note.proposal.is_none(),
        language: note.language(),
        mentions,
        hashtags: hashtags.into_iter().take(50).collect(),
    })
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
    let proposal = crate::activitypub::objects::proposal::store_remote(conn, row, note).await?;
    if proposal.is_some() {
        crate::activitypub::objects::proposal::queue_unknown_team(conn, note).await?;
    }
    crate::activitypub::objects::poll::store_remote(conn, row, note).await?;
    // A proposal's documents are the proposal's files; other posts' are media.
    if proposal.is_none() && !note.attachment.is_empty() {
        crate::services::media::store_remote(conn, row.id, row.actor_id, &note.attachment).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl Object for StatusObject {
    type DataType = AppState;
    type Kind = Note;
    type Error = AppError;

    fn id(&self) -> &Url {
        &self.id
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

/// Whether a post names `id` as its audience or among its recipients.
pub fn addresses(note: &Note, id: &str) -> bool {
    note.audience.as_deref() == Some(id) || note.to.iter().chain(&note.cc).any(|a| a == id)
}

/// When a remote post was last changed, for ordering Updates.
pub fn updated_at(note: &Note) -> DateTime<Utc> {
    note.updated.or(note.published).unwrap_or_else(Utc::now)
}
