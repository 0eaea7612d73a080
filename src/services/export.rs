//! "Export my data" (GDPR art. 20): a ZIP archive of an account in Mastodon's
//! layout (`actor.json`, `outbox.json` with its Creates and Announces,
//! `likes.json`, `bookmarks.json`, the pictures under `media_attachments/`)
//! plus Fucina's own `proposals.json` and `interests.json` with their files,
//! and the CSV lists Mastodon imports (following, blocks, mutes, bookmarks).
//! It is built by a background job, kept a week under `<data_dir>/exports`,
//! downloaded only by its owner, and its readiness is mailed.

use std::path::{Path, PathBuf};

use chrono::Utc;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::{Value, json};

use crate::activitypub::objects::actor::local_document;
use crate::activitypub::objects::status::outbox_item;
use crate::activitypub::protocol::context::with_context;
use crate::db::attachments::{self, DbAttachment, Owner, Owners};
use crate::db::portability::{self, AccountList, DbExport};
use crate::db::proposals::{self, DbInterest, DbProposal};
use crate::db::users::{self, Account};
use crate::error::{AppError, AppResult};
use crate::i18n::Message;
use crate::services::jobs::{self, Job};
use crate::state::AppState;

/// How long an archive is kept, and how often one may be asked for.
pub const KEPT_DAYS: i64 = 7;
/// The least time between two archives of one account.
const HOURS_BETWEEN: i64 = 24;

/// What goes into the archive under a name.
enum Content {
    Bytes(Vec<u8>),
    /// A stored file, copied from disk when the archive is written.
    File(PathBuf),
}

struct Entry {
    name: String,
    content: Content,
}

fn json_entry(name: &str, value: &Value) -> Entry {
    Entry {
        name: name.to_owned(),
        content: Content::Bytes(serde_json::to_vec_pretty(value).unwrap_or_default()),
    }
}

/// Asks for an archive: queued for the job worker, refused while another is
/// being built or when the last is less than a day old.
pub async fn request(state: &AppState, account: &Account) -> AppResult<DbExport> {
    let mut conn = state.db.get().await?;
    let export = conn
        .transaction::<_, AppError, _>(async |conn| {
            // One request at a time per account: the user row is the lock.
            users::lock(conn, account.user.id).await?;
            let recent = portability::exports_of(conn, account.user.id).await?;
            let too_soon = Utc::now() - chrono::Duration::hours(HOURS_BETWEEN);
            if recent
                .iter()
                .any(|e| e.state == "pending" || (e.state == "ready" && e.created_at > too_soon))
            {
                return Err(AppError::Conflict(
                    Message::new("error-export-too-soon").with("hours", HOURS_BETWEEN.to_string()),
                ));
            }
            let export = portability::insert_export(conn, account.user.id).await?;
            jobs::enqueue(conn, &Job::BuildExport { export_id: export.id }, None).await?;
            Ok(export)
        })
        .await?;
    jobs::wake(state);
    Ok(export)
}

/// The job: builds the archive, records it, mails its owner.
pub async fn build(state: &AppState, export_id: i64) -> AppResult<()> {
    let mut conn = state.db.get().await?;
    let Some(export) = portability::find_export(&mut conn, export_id).await? else {
        return Ok(());
    };
    if export.state != "pending" {
        return Ok(());
    }
    let Some(account) = users::find_account(&mut conn, export.user_id).await? else {
        return Ok(());
    };
    drop(conn);
    let key = crate::crypto::random_token();
    let dir = exports_dir(state);
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(|e| anyhow::anyhow!("creating {}: {e}", dir.display()))?;
    let path = dir.join(format!("{key}.zip"));
    let size = match write(state, &account, &path).await {
        Ok(size) => size,
        Err(error) => {
            tracing::warn!(error = %error, export_id, "an archive could not be built");
            let mut conn = state.db.get().await?;
            portability::finish_export(&mut conn, export_id, None, 0).await?;
            return Ok(());
        }
    };
    let mut conn = state.db.get().await?;
    portability::finish_export(&mut conn, export_id, Some(&key), size).await?;
    drop(conn);
    let tr = crate::services::accounts::language_of(&account)
        .unwrap_or(state.config.i18n.default_language)
        .translator();
    let mail = crate::services::mail::Personal {
        title: tr.t("export-title"),
        body: Message::new("export-mail-body")
            .with("days", KEPT_DAYS.to_string())
            .render(&tr),
        link: state.urls().absolute("/settings/data"),
        button: tr.t("export-mail-button"),
        last_word: None,
    };
    if let Err(error) = crate::services::mail::send_personal(state, &account, &tr, mail).await {
        // The archive is there all the same: the settings page lists it.
        tracing::warn!(error = format!("{error:#}"), "an archive-ready mail could not be sent");
    }
    Ok(())
}

/// The account's archives, newest first.
pub async fn list(state: &AppState, account: &Account) -> AppResult<Vec<DbExport>> {
    let mut conn = state.db.get().await?;
    Ok(portability::exports_of(&mut conn, account.user.id).await?)
}

/// One of the account's ready archives: where it is on disk and the name to
/// give it.
pub async fn download(state: &AppState, account: &Account, id: i64) -> AppResult<(PathBuf, String)> {
    let mut conn = state.db.get().await?;
    let export = portability::find_export(&mut conn, id)
        .await?
        .filter(|e| e.user_id == account.user.id)
        .ok_or(AppError::NotFound)?;
    let key = export.file_key.ok_or(AppError::NotFound)?;
    let name = format!(
        "{}-archive-{}.zip",
        account.actor.username,
        export.created_at.format("%Y%m%d%H%M")
    );
    Ok((exports_dir(state).join(format!("{key}.zip")), name))
}

/// Removes the archives older than a week, files and rows.
pub async fn clear_expired(state: &AppState) -> AppResult<usize> {
    let mut conn = state.db.get().await?;
    let keys = portability::delete_exports_before(&mut conn, Utc::now() - chrono::Duration::days(KEPT_DAYS)).await?;
    drop(conn);
    let dir = exports_dir(state);
    for key in keys.iter().flatten() {
        if let Err(error) = tokio::fs::remove_file(dir.join(format!("{key}.zip"))).await
            && error.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(%error, "could not remove an expired archive");
        }
    }
    Ok(keys.len())
}

fn exports_dir(state: &AppState) -> PathBuf {
    state.config.storage.data_dir.join("exports")
}

/// Writes the archive of `account` at `path` (whole, or not at all); returns its size.
pub async fn write(state: &AppState, account: &Account, path: &Path) -> AppResult<i64> {
    let mut conn = state.db.get().await?;
    let entries = gather(&mut conn, state, account).await?;
    drop(conn);
    let path = path.to_owned();
    let written = tokio::task::spawn_blocking(move || zip_to(&path, entries))
        .await
        .map_err(|e| anyhow::anyhow!("writing an archive: {e}"))??;
    Ok(written)
}

fn zip_to(path: &Path, entries: Vec<Entry>) -> anyhow::Result<i64> {
    use std::io::Write;
    let partial = path.with_extension("part");
    let file = std::fs::File::create(&partial)?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for entry in entries {
        zip.start_file(entry.name.as_str(), options)?;
        match entry.content {
            Content::Bytes(bytes) => zip.write_all(&bytes)?,
            Content::File(source) => match std::fs::File::open(&source) {
                Ok(mut file) => {
                    std::io::copy(&mut file, &mut zip)?;
                }
                // A file lost from the disk is left out, not the whole archive.
                Err(error) => tracing::warn!(%error, file = %source.display(), "a file missing from an archive"),
            },
        }
    }
    let mut out = zip.finish()?;
    out.flush()?;
    drop(out);
    std::fs::rename(&partial, path)?;
    Ok(i64::try_from(std::fs::metadata(path)?.len()).unwrap_or(i64::MAX))
}

/// Everything the archive holds, read from the database.
async fn gather(conn: &mut AsyncPgConnection, state: &AppState, account: &Account) -> AppResult<Vec<Entry>> {
    let actor = &account.actor;
    let urls = state.urls();
    let mut entries = Vec::new();
    let document = serde_json::to_value(local_document(conn, state, actor).await?).unwrap_or(Value::Null);
    entries.push(json_entry("actor.json", &with_context(document)));

    // The posts, with their pictures' links pointing into the archive.
    let posts = portability::posts_of(conn, actor.id).await?;
    let mut items = Vec::with_capacity(posts.len());
    for post in &posts {
        items.push(outbox_item(conn, state, actor, post).await?.to_json());
    }
    let post_ids: Vec<i64> = posts.iter().map(|p| p.id).collect();
    let media = attachments::of_statuses(conn, &post_ids).await?;
    let mut outbox = serde_json::to_string(&collection(&urls.outbox(&actor.ap_id), items)).unwrap_or_default();
    for picture in &media {
        let Some(key) = &picture.key else { continue };
        let inside = format!("media_attachments/files/{key}/{}", picture.file_name);
        outbox = outbox.replace(&urls.media(key, &picture.file_name), &format!("/{inside}"));
        entries.push(file_entry(state, inside, key));
    }
    let outbox: Value = serde_json::from_str(&outbox).unwrap_or(Value::Null);
    entries.push(json_entry("outbox.json", &with_context(outbox)));

    let liked = portability::liked_by(conn, actor.id).await?;
    entries.push(json_entry(
        "likes.json",
        &with_context(collection("likes.json", liked_items(&liked))),
    ));
    let bookmarked = portability::bookmarked_by(conn, actor.id).await?;
    entries.push(json_entry(
        "bookmarks.json",
        &with_context(collection("bookmarks.json", liked_items(&bookmarked))),
    ));
    entries.extend(lists(conn, state, actor.id, &bookmarked).await?);

    let own_proposals = portability::proposals_of(conn, actor.id).await?;
    let ids: Vec<i64> = own_proposals.iter().map(|p| p.id).collect();
    let files = attachments::of_many(conn, Owners::Proposals(&ids)).await?;
    let listed: Vec<Value> = own_proposals
        .iter()
        .map(|p| proposal_json(p, &files_of(&files, Owner::Proposal(p.id), "proposals")))
        .collect();
    entries.push(json_entry("proposals.json", &Value::Array(listed)));
    entries.extend(stored_files(state, &files, "proposals"));

    let sent = portability::interests_of(conn, actor.id).await?;
    let ids: Vec<i64> = sent.iter().map(|i| i.id).collect();
    let files = attachments::of_many(conn, Owners::Interests(&ids)).await?;
    let mut listed = Vec::with_capacity(sent.len());
    for interest in &sent {
        let proposal = proposals::find(conn, interest.proposal_id).await?;
        let about = files_of(&files, Owner::Interest(interest.id), "interests");
        listed.push(interest_json(interest, proposal.as_ref(), &about));
    }
    entries.push(json_entry("interests.json", &Value::Array(listed)));
    entries.extend(stored_files(state, &files, "interests"));
    Ok(entries)
}

fn collection(id: &str, items: Vec<Value>) -> Value {
    json!({
        "id": id,
        "type": "OrderedCollection",
        "totalItems": items.len(),
        "orderedItems": items,
    })
}

fn liked_items(ids: &[String]) -> Vec<Value> {
    ids.iter().map(|id| Value::String(id.clone())).collect()
}

fn file_entry(state: &AppState, name: String, key: &str) -> Entry {
    Entry {
        name,
        content: Content::File(state.config.storage.media_dir().join(key)),
    }
}

/// Where each stored file of `owner` is in the archive.
fn files_of(files: &[DbAttachment], owner: Owner, folder: &str) -> Vec<Value> {
    files
        .iter()
        .filter(|f| crate::services::attachments::owner_of(f) == Some(owner))
        .map(|f| {
            json!({
                "file": f.key.as_ref().map(|key| format!("{folder}/files/{key}/{}", f.file_name)),
                "url": f.remote_url,
                "name": f.file_name,
                "mediaType": f.content_type,
                "description": f.description,
            })
        })
        .collect()
}

fn stored_files(state: &AppState, files: &[DbAttachment], folder: &str) -> Vec<Entry> {
    files
        .iter()
        .filter_map(|f| {
            let key = f.key.as_ref()?;
            Some(file_entry(state, format!("{folder}/files/{key}/{}", f.file_name), key))
        })
        .collect()
}

/// The CSV files Mastodon's import reads.
async fn lists(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    actor_id: i64,
    bookmarked: &[String],
) -> AppResult<Vec<Entry>> {
    let host = state.config.server.domain.clone();
    let mut entries = Vec::new();
    let following = portability::account_list(conn, actor_id, AccountList::Following, &host).await?;
    let mut csv = String::from("Account address,Show boosts,Notify on new posts,Languages\n");
    for row in &following {
        csv.push_str(&format!("{},true,false,\n", csv_field(&row.address)));
    }
    entries.push(text_entry("following_accounts.csv", csv));
    let blocks = portability::account_list(conn, actor_id, AccountList::Blocks, &host).await?;
    let csv: String = blocks.iter().map(|r| format!("{}\n", csv_field(&r.address))).collect();
    entries.push(text_entry("blocked_accounts.csv", csv));
    let mutes = portability::account_list(conn, actor_id, AccountList::Mutes, &host).await?;
    let mut csv = String::from("Account address,Hide notifications\n");
    for row in &mutes {
        csv.push_str(&format!("{},{}\n", csv_field(&row.address), row.flag));
    }
    entries.push(text_entry("muted_accounts.csv", csv));
    let csv: String = bookmarked.iter().map(|url| format!("{}\n", csv_field(url))).collect();
    entries.push(text_entry("bookmarks.csv", csv));
    Ok(entries)
}

fn text_entry(name: &str, text: String) -> Entry {
    Entry {
        name: name.to_owned(),
        content: Content::Bytes(text.into_bytes()),
    }
}

/// A CSV field, quoted when it must be.
fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

fn proposal_json(p: &DbProposal, files: &[Value]) -> Value {
    json!({
        "id": p.id,
        "state": p.state.as_str(),
        "title": p.title,
        "shortDescription": p.short_description,
        "description": p.description,
        "innovation": p.innovation,
        "contribution": p.contribution,
        "kind": p.kind,
        "stage": p.stage,
        "intellectualProperty": p.ip,
        "languages": p.language_list(),
        "foreignPartners": p.foreign_partners,
        "competences": p.competence_list(),
        "contact": p.contact,
        "expires": p.expires_at,
        "reviewNote": p.review_note,
        "created": p.created_at,
        "submitted": p.submitted_at,
        "published": p.published_at,
        "closed": p.closed_at,
        "attachments": files,
    })
}

fn interest_json(i: &DbInterest, proposal: Option<&DbProposal>, files: &[Value]) -> Value {
    json!({
        "id": i.id,
        "activityId": i.ap_id,
        "state": i.state.as_str(),
        "proposal": proposal.map(|p| json!({"id": p.id, "title": p.title})),
        "offer": i.offer,
        "about": i.about,
        "questions": i.questions,
        "onBehalfOf": i.on_behalf_of,
        "teamConsent": i.team_consent,
        "created": i.created_at,
        "sent": i.sent_at,
        "decided": i.decided_at,
        "attachments": files,
    })
}
