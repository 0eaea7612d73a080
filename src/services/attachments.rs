//! Files attached to proposals and expressions of interest.
//!
//! A local file is written under `<data_dir>/media/<key>`, where the key is
//! 256 random bits: its URL, `/media/<key>/<name>`, is the capability, shown
//! only to those who may see what it is attached to (for an interest: its
//! sender, the author and the facilitators; the `Join` carries it to the
//! author's server only). A proposal's files may change while it is a draft;
//! an interest's while it is a draft. On the wire a file is a `Document` in
//! the `attachment` of the proposal's `Page` or of the interest's `Join`;
//! other servers' files are kept as links, never copied.

use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::Value;

use crate::activitypub::objects::document::RemoteDocument;
pub use crate::activitypub::objects::document::url_of;
use crate::config::Config;
use crate::db::attachments::{self, DbAttachment, NewAttachment, Owner};
use crate::db::proposals;
use crate::db::users::Account;
use crate::domain::attachment::{self as rules, MAX_PER_ITEM, ValidUpload};
use crate::domain::proposal::InterestState;
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::Message;
use crate::state::AppState;
use crate::upload::Upload;

async fn check_may_change(conn: &mut AsyncPgConnection, account: &Account, owner: Owner) -> AppResult<()> {
    match owner {
        Owner::Proposal(id) => {
            let proposal = proposals::find_for_update(conn, id)
                .await?
                .filter(|p| p.local && p.author_id == account.actor.id)
                .ok_or(AppError::NotFound)?;
            if !proposal.state.editable() {
                return Err(AppError::Conflict(Message::new("error-proposal-not-draft")));
            }
        }
        Owner::Interest(id) => {
            let interest = proposals::find_interest(conn, id)
                .await?
                .filter(|i| i.sender_id == account.actor.id)
                .ok_or(AppError::NotFound)?;
            if interest.state != InterestState::Draft {
                return Err(AppError::Conflict(Message::new("error-interest-not-draft")));
            }
        }
        // A post's media change only through the media API and its edits.
        Owner::Status(_) => return Err(AppError::NotFound),
    }
    Ok(())
}

pub(crate) async fn write_file(config: &Config, key: &str, bytes: &[u8]) -> AppResult<()> {
    let dir = config.storage.media_dir();
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(|e| anyhow::anyhow!("creating {}: {e}", dir.display()))?;
    // Written whole under a temporary name, then renamed: a reader never sees half a file.
    let partial = dir.join(format!("{key}.part"));
    tokio::fs::write(&partial, bytes)
        .await
        .map_err(|e| anyhow::anyhow!("writing {}: {e}", partial.display()))?;
    tokio::fs::rename(&partial, dir.join(key))
        .await
        .map_err(|e| anyhow::anyhow!("renaming {}: {e}", partial.display()))?;
    Ok(())
}

pub(crate) async fn remove_file(config: &Config, key: &str) {
    let path = config.storage.media_dir().join(key);
    if let Err(error) = tokio::fs::remove_file(&path).await
        && error.kind() != std::io::ErrorKind::NotFound
    {
        tracing::warn!(path = %path.display(), %error, "could not remove an attached file");
    }
}

/// Attaches an uploaded file to a draft proposal or a draft interest of `account`.
pub async fn attach(state: &AppState, account: &Account, owner: Owner, upload: Upload) -> AppResult<DbAttachment> {
    let ValidUpload {
        file_name,
        content_type,
        description,
    } = rules::validate(
        &upload.file_name,
        &upload.bytes,
        &upload.description,
        state.config.storage.attachment_max_bytes,
    )
    .map_err(AppError::Validation)?;
    let mut conn = state.db.get().await?;
    // Refused before the file is written, when the answer is already known.
    check_may_change(&mut conn, account, owner).await?;
    let key = crate::crypto::random_token();
    write_file(&state.config, &key, &upload.bytes).await?;
    let size = i64::try_from(upload.bytes.len()).unwrap_or(i64::MAX);
    let stored = conn
        .transaction::<_, AppError, _>(async |conn| {
            check_may_change(conn, account, owner).await?;
            if attachments::of(conn, owner).await?.len() >= MAX_PER_ITEM {
                return Err(AppError::Validation(vec![FieldError::new(
                    "file",
                    "ERR_TOO_MANY",
                    Message::new("error-attachment-too-many").with("count", MAX_PER_ITEM.to_string()),
                )]));
            }
            let new = NewAttachment {
                key: Some(&key),
                size_bytes: size,
                description: &description,
                ..NewAttachment::of(owner, account.actor.id, &file_name, content_type)
            };
            Ok(attachments::insert(conn, &new).await?)
        })
        .await;
    if stored.is_err() {
        remove_file(&state.config, &key).await;
    }
    stored
}

/// Removes one of the files of a draft proposal or draft interest of `account`.
pub async fn remove(state: &AppState, account: &Account, attachment_id: i64) -> AppResult<DbAttachment> {
    let mut conn = state.db.get().await?;
    let removed = conn
        .transaction::<_, AppError, _>(async |conn| {
            let attachment = attachments::find(conn, attachment_id)
                .await?
                .filter(|a| a.uploader_id == account.actor.id)
                .ok_or(AppError::NotFound)?;
            let owner = owner_of(&attachment).ok_or(AppError::NotFound)?;
            check_may_change(conn, account, owner).await?;
            attachments::delete(conn, attachment.id).await?;
            Ok(attachment)
        })
        .await?;
    if let Some(key) = &removed.key {
        remove_file(&state.config, key).await;
    }
    Ok(removed)
}

/// What an attachment belongs to.
pub fn owner_of(attachment: &DbAttachment) -> Option<Owner> {
    match (attachment.proposal_id, attachment.interest_id, attachment.status_id) {
        (Some(id), _, _) => Some(Owner::Proposal(id)),
        (None, Some(id), _) => Some(Owner::Interest(id)),
        (None, None, Some(id)) => Some(Owner::Status(id)),
        (None, None, None) => None,
    }
}

/// A local file as it is served.
pub struct ServedFile {
    pub attachment: DbAttachment,
    pub bytes: Vec<u8>,
    /// Whether what it belongs to is public, so shared caches may keep it.
    pub public: bool,
}

/// A local file and its bytes, by its secret key.
pub async fn file(state: &AppState, key: &str) -> AppResult<ServedFile> {
    // Keys are URL-safe base64; anything else is not a key (and never a path).
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(AppError::NotFound);
    }
    let mut conn = state.db.get().await?;
    let attachment = attachments::by_key(&mut conn, key).await?.ok_or(AppError::NotFound)?;
    let public = attachments::belongs_to_public(&mut conn, &attachment).await?;
    drop(conn);
    let bytes = tokio::fs::read(state.config.storage.media_dir().join(key))
        .await
        .map_err(|_| AppError::NotFound)?;
    Ok(ServedFile {
        attachment,
        bytes,
        public,
    })
}

/// Keeps the files another server lists on its proposal or interest: each
/// `Document` (or picture) with an http(s) `url` and a kind Fucina links to,
/// up to five; they replace the ones kept before.
pub async fn store_remote(
    conn: &mut AsyncPgConnection,
    owner: Owner,
    uploader_id: i64,
    documents: &[Value],
) -> diesel::QueryResult<()> {
    attachments::delete_remote(conn, owner).await?;
    for document in documents.iter().filter_map(RemoteDocument::parse).take(MAX_PER_ITEM) {
        let Some(content_type) = document.media_type.as_deref().and_then(rules::remote_type) else {
            continue;
        };
        let file_name = match rules::clean_file_name(&document.file_name()) {
            cleaned if cleaned.is_empty() => rules::clean_file_name(&document.name),
            cleaned => cleaned,
        };
        let description: String = if document.name == file_name {
            String::new()
        } else {
            document.name.chars().take(rules::MAX_DESCRIPTION).collect()
        };
        let new = NewAttachment {
            remote_url: Some(document.url.as_str()),
            description: &description,
            ..NewAttachment::of(owner, uploader_id, &file_name, content_type)
        };
        attachments::insert(conn, &new).await?;
    }
    Ok(())
}
