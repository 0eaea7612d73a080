//! Pictures on posts, as Mastodon's media API has them: a picture is uploaded
//! first (`POST /api/v2/media`), alone, then attached to the post whose
//! `media_ids` name it, in that order, at most four. Until then its uploader
//! may describe it, set its focal point or delete it; uploads never attached
//! are cleared after a day. Files live as other attachments do (a secret key
//! under `<data_dir>/media`). On the wire each picture is a `Document` in
//! the `attachment` of the post's object, with Mastodon's terms; other
//! servers' media are kept as links.

use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::Value;

use crate::activitypub::objects::document::RemoteDocument;
use crate::db::attachments::{self, DbAttachment, NewAttachment, Owner};
use crate::db::users::Account;
use crate::domain::attachment::MAX_DESCRIPTION;
use crate::domain::media::{self as rules, MAX_PER_POST, ValidMedia};
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::Message;
use crate::services::attachments::{remove_file, write_file};
use crate::state::AppState;
use crate::upload::Upload;

/// How long an upload may wait for its post.
const UNATTACHED_HOURS: i64 = 24;

/// Stores an uploaded picture, not attached to anything yet.
pub async fn upload(state: &AppState, account: &Account, upload: Upload, focus: &str) -> AppResult<DbAttachment> {
    crate::services::limits::hit(
        state,
        crate::services::limits::Action::Upload,
        crate::services::limits::Subject::Account(account.user.id),
    )
    .await?;
    let ValidMedia {
        file_name,
        content_type,
        description,
        size,
        focus,
    } = rules::validate(
        &upload.file_name,
        &upload.bytes,
        &upload.description,
        focus,
        state.config.storage.attachment_max_bytes,
    )
    .map_err(AppError::Validation)?;
    let key = crate::crypto::random_token();
    write_file(&state.config, &key, &upload.bytes).await?;
    let to_pixels = |n: u32| i32::try_from(n).ok();
    let new = NewAttachment {
        key: Some(&key),
        size_bytes: i64::try_from(upload.bytes.len()).unwrap_or(i64::MAX),
        description: &description,
        width: size.and_then(|s| to_pixels(s.0)),
        height: size.and_then(|s| to_pixels(s.1)),
        focus_x: focus.map(|f| f.0),
        focus_y: focus.map(|f| f.1),
        ..NewAttachment::unattached(account.actor.id, &file_name, content_type)
    };
    let mut conn = state.db.get().await?;
    match attachments::insert(&mut conn, &new).await {
        Ok(stored) => Ok(stored),
        Err(error) => {
            remove_file(&state.config, &key).await;
            Err(error.into())
        }
    }
}

/// One of the caller's uploads (attached or not).
pub async fn own(state: &AppState, account: &Account, id: i64) -> AppResult<DbAttachment> {
    let mut conn = state.db.get().await?;
    attachments::find(&mut conn, id)
        .await?
        .filter(|a| a.uploader_id == account.actor.id && a.is_media())
        .ok_or(AppError::NotFound)
}

/// Describes an upload not yet on a post, or moves its focal point; what is
/// not given stays.
pub async fn update(
    state: &AppState,
    account: &Account,
    id: i64,
    description: Option<&str>,
    focus: Option<&str>,
) -> AppResult<DbAttachment> {
    let mut errors = Vec::new();
    let description = description.map(|d| d.trim().to_string());
    if description
        .as_ref()
        .is_some_and(|d| d.chars().count() > MAX_DESCRIPTION)
    {
        errors.push(FieldError::new(
            "description",
            "ERR_TOO_LONG",
            Message::new("error-attachment-description-long"),
        ));
    }
    let focus = match focus.map(rules::parse_focus) {
        Some(Ok(parsed)) => Some(parsed),
        Some(Err(error)) => {
            errors.push(error);
            None
        }
        None => None,
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let mut conn = state.db.get().await?;
    conn.transaction::<_, AppError, _>(async |conn| {
        let current = attachments::find_many_for_update(conn, &[id])
            .await?
            .into_iter()
            .next()
            .filter(|a| a.uploader_id == account.actor.id && a.is_unattached())
            .ok_or(AppError::NotFound)?;
        let current_focus = current.focus_x.zip(current.focus_y);
        Ok(attachments::describe(
            conn,
            id,
            description.as_deref().unwrap_or(&current.description),
            focus.unwrap_or(current_focus),
        )
        .await?)
    })
    .await
}

/// Deletes an upload that is on no post (a post's pictures go with the post).
pub async fn delete(state: &AppState, account: &Account, id: i64) -> AppResult<DbAttachment> {
    let mut conn = state.db.get().await?;
    let removed = conn
        .transaction::<_, AppError, _>(async |conn| {
            let current = attachments::find_many_for_update(conn, &[id])
                .await?
                .into_iter()
                .next()
                .filter(|a| a.uploader_id == account.actor.id && a.is_media())
                .ok_or(AppError::NotFound)?;
            if !current.is_unattached() {
                return Err(AppError::Validation(vec![FieldError::new(
                    "id",
                    "ERR_TAKEN",
                    Message::new("error-media-attached"),
                )]));
            }
            attachments::delete(conn, id).await?;
            Ok(current)
        })
        .await?;
    if let Some(key) = &removed.key {
        remove_file(&state.config, key).await;
    }
    Ok(removed)
}

/// Parses and checks `media_ids` before anything is written: at most four,
/// each once.
pub fn parse_ids(raw: &[String]) -> AppResult<Vec<i64>> {
    let unknown = || {
        AppError::Validation(vec![FieldError::new(
            "media_ids",
            "ERR_INVALID",
            Message::new("error-media-unknown"),
        )])
    };
    if raw.len() > MAX_PER_POST {
        return Err(AppError::Validation(vec![FieldError::new(
            "media_ids",
            "ERR_TOO_LONG",
            Message::new("error-media-too-many").with("count", MAX_PER_POST.to_string()),
        )]));
    }
    let mut ids = Vec::with_capacity(raw.len());
    for id in raw {
        let id: i64 = id.trim().parse().map_err(|_| unknown())?;
        if ids.contains(&id) {
            return Err(unknown());
        }
        ids.push(id);
    }
    Ok(ids)
}

/// Attaches the uploader's pictures to their new post, in the order given,
/// inside the post's transaction; any that is not theirs, or is on a post
/// already, refuses the whole post.
pub async fn attach(
    conn: &mut AsyncPgConnection,
    uploader_id: i64,
    status_id: i64,
    ids: &[i64],
) -> AppResult<Vec<DbAttachment>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // A new post has no pictures to drop.
    Ok(replace(conn, uploader_id, status_id, ids).await?.0)
}

/// Sets an edited post's pictures: those named, in order, each already on
/// this post or a new upload of its author's; the others are removed (their
/// files' keys are returned, to delete once the edit is committed).
pub async fn replace(
    conn: &mut AsyncPgConnection,
    uploader_id: i64,
    status_id: i64,
    ids: &[i64],
) -> AppResult<(Vec<DbAttachment>, Vec<String>)> {
    let found = attachments::find_many_for_update(conn, ids).await?;
    let usable = found.len() == ids.len()
        && found
            .iter()
            .all(|a| a.uploader_id == uploader_id && (a.is_unattached() || a.status_id == Some(status_id)));
    if !usable {
        return Err(AppError::Validation(vec![FieldError::new(
            "media_ids",
            "ERR_INVALID",
            Message::new("error-media-unknown"),
        )]));
    }
    let mut dropped = Vec::new();
    for old in attachments::of(conn, Owner::Status(status_id)).await? {
        if !ids.contains(&old.id) {
            attachments::delete(conn, old.id).await?;
            dropped.extend(old.key);
        }
    }
    attachments::attach_to_status(conn, status_id, ids).await?;
    Ok((attachments::of(conn, Owner::Status(status_id)).await?, dropped))
}

/// Keeps the media another server put on its post: pictures, video and sound
/// with an http(s) `url`, at most four, as links to where they are. They
/// replace the ones kept before (an `Update` may change them).
pub async fn store_remote(
    conn: &mut AsyncPgConnection,
    status_id: i64,
    author_id: i64,
    documents: &[Value],
) -> diesel::QueryResult<()> {
    attachments::delete_remote(conn, Owner::Status(status_id)).await?;
    let pictures = documents
        .iter()
        .filter_map(RemoteDocument::parse)
        .filter_map(|d| Some((d.media_type.as_deref().and_then(rules::remote_type)?, d)))
        .take(MAX_PER_POST);
    for (position, (content_type, document)) in (0i16..).zip(pictures) {
        let description: String = document.name.chars().take(1500).collect();
        let new = NewAttachment {
            remote_url: Some(document.url.as_str()),
            description: &description,
            position,
            width: document.width,
            height: document.height,
            focus_x: document.focus.map(|f| f.0),
            focus_y: document.focus.map(|f| f.1),
            ..NewAttachment::of(Owner::Status(status_id), author_id, "", &content_type)
        };
        attachments::insert(conn, &new).await?;
    }
    Ok(())
}

/// Removes uploads that waited more than a day for a post.
pub async fn clear_abandoned(state: &AppState) -> AppResult<usize> {
    let mut conn = state.db.get().await?;
    let keys = attachments::delete_unattached_before(&mut conn, UNATTACHED_HOURS).await?;
    drop(conn);
    for key in &keys {
        remove_file(&state.config, key).await;
    }
    Ok(keys.len())
}
