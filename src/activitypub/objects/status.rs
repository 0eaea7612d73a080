//! Posts between rows and JSON: local statuses as Notes (or titled Pages and
//! Articles), remote ones stored once, sanitised, with their thread, mentions
//! and hashtags.

use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use url::Url;

use crate::activitypub::protocol::object::{Note, Source, Tag};
use crate::activitypub::protocol::outgoing::{Announce, Announced, Audience, Create, Outgoing};
use crate::db::actors::{self, DbActor};
use crate::db::statuses::{self, DbStatus};
use crate::domain::text::{html_to_text, sanitize_html};
use crate::domain::visibility::{PUBLIC, Visibility};
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
    crate::activitypub::objects::document::decorate_post(conn, &state.config, status, &mut note).await?;
    Ok(note)
}

/// A post as its author's outbox lists it: its Create, or the Announce of a boost.
pub async fn outbox_item(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    actor: &DbActor,
    status: &DbStatus,
) -> Result<Outgoing, AppError> {
    if let Some(original) = status.reblog_of_id {
        let original = statuses::find(conn, original).await?.ok_or(AppError::NotFound)?;
        let mut announce = Announce::new(
            format!("{}/activity", status.ap_id),
            &actor.ap_id,
            Announced::Id(original.ap_id),
            Audience::to_cc([PUBLIC.to_owned()], actor.followers_url.clone()),
        );
        announce.published = Some(status.published_at);
        return Ok(announce.into());
    }
    let note = to_activitypub(conn, state, status).await?;
    Ok(Create::new(&actor.ap_id, note, status.published_at).into())
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

impl StatusObject {
    pub fn new(row: DbStatus, created: bool) -> Result<Self, AppError> {
        let id = Url::parse(&row.ap_id)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("status {} has a bad id: {e}", row.id)))?;
        Ok(Self { row, created, id })
    }

    /// Its ActivityPub id.
    pub fn ap_url(&self) -> &Url {
        &self.id
    }
}

/// Whether a post names `id` as its audience or among its recipients.
pub fn addresses(note: &Note, id: &str) -> bool {
    note.audience.as_deref() == Some(id) || note.to.iter().chain(&note.cc).any(|a| a == id)
}

/// When a remote post was last changed, for ordering Updates.
pub fn updated_at(note: &Note) -> DateTime<Utc> {
    note.updated.or(note.published).unwrap_or_else(Utc::now)
}
