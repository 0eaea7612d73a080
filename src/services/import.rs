//! Bringing one's lists from another server: the CSV files Mastodon exports
//! (accounts followed, blocked and muted, and bookmarks), merged into what the
//! account has or replacing it. The file is read and checked at once (a bad
//! file changes nothing and says which line is wrong); the rows are then
//! worked by a background job, since each unknown account or post is looked
//! up on its own server. What could not be found is listed on the import.

use std::collections::HashSet;

use diesel_async::AsyncConnection;
use serde::{Deserialize, Serialize};

use crate::db::portability::{self, AccountList, DbImport};
use crate::db::statuses::Viewer;
use crate::db::users::{self, Account};
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::Message;
use crate::services::jobs::{self, Job};
use crate::services::lookup::{self, Found};
use crate::state::{AppState, FedData};

/// The most rows one file may have (Mastodon's own limit for follows).
pub const MAX_ROWS: usize = 7_500;

/// Which list a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Following,
    Blocks,
    Mutes,
    Bookmarks,
}

impl Kind {
    pub fn parse(value: &str) -> Option<Kind> {
        match value {
            "following" => Some(Kind::Following),
            "blocks" | "blocking" => Some(Kind::Blocks),
            "mutes" | "muting" => Some(Kind::Mutes),
            "bookmarks" => Some(Kind::Bookmarks),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Following => "following",
            Kind::Blocks => "blocks",
            Kind::Mutes => "mutes",
            Kind::Bookmarks => "bookmarks",
        }
    }
}

/// One row of the file: an account's address or a post's URL, and the
/// file's second column (a mute's "hide notifications").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub target: String,
    pub flag: bool,
}

/// Reads a file of `kind`: one row per line, the header Mastodon writes (if
/// any) skipped, addresses as `user@host` (a leading `@` allowed), posts as
/// http(s) URLs. The first bad line refuses the whole file.
pub fn parse(kind: Kind, bytes: &[u8]) -> Result<Vec<Row>, Message> {
    let text = std::str::from_utf8(bytes).map_err(|_| Message::new("error-import-not-text"))?;
    let text = text.trim_start_matches('\u{feff}');
    let mut rows = Vec::new();
    let mut seen = HashSet::new();
    for (number, line) in text.lines().enumerate() {
        let cells = split_csv(line);
        let first = cells.first().map(|c| c.trim()).unwrap_or_default();
        if first.is_empty() || (number == 0 && first.eq_ignore_ascii_case("Account address")) {
            continue;
        }
        let bad = || Message::new("error-import-bad-line").with("line", (number + 1).to_string());
        let target = if kind == Kind::Bookmarks {
            let url = url::Url::parse(first).map_err(|_| bad())?;
            if !matches!(url.scheme(), "http" | "https") {
                return Err(bad());
            }
            url.to_string()
        } else {
            let address = first.trim_start_matches('@');
            let (user, host) = address.split_once('@').ok_or_else(bad)?;
            let valid_user = !user.is_empty() && user.chars().all(|c| c.is_alphanumeric() || "_.-".contains(c));
            let valid_host = !host.is_empty() && host.chars().all(|c| c.is_alphanumeric() || ".-:".contains(c));
            if !valid_user || !valid_host {
                return Err(bad());
            }
            address.to_lowercase()
        };
        let flag = match kind {
            // A mute hides notifications unless the file says otherwise.
            Kind::Mutes => cells.get(1).is_none_or(|c| !c.trim().eq_ignore_ascii_case("false")),
            _ => false,
        };
        if seen.insert(target.clone()) {
            rows.push(Row { target, flag });
        }
        if rows.len() > MAX_ROWS {
            return Err(Message::new("error-import-too-long").with("max", MAX_ROWS.to_string()));
        }
    }
    if rows.is_empty() {
        return Err(Message::new("error-import-empty"));
    }
    Ok(rows)
}

/// The cells of one CSV line (quotes and doubled quotes understood).
fn split_csv(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                if let Some(cell) = cells.last_mut() {
                    cell.push('"');
                }
            }
            '"' => quoted = !quoted,
            ',' if !quoted => cells.push(String::new()),
            c => {
                if let Some(cell) = cells.last_mut() {
                    cell.push(c);
                }
            }
        }
    }
    cells
}

/// Starts an import of a file: checked now, worked by a job.
pub async fn start(
    state: &AppState,
    account: &Account,
    kind: Kind,
    overwrite: bool,
    bytes: &[u8],
) -> AppResult<DbImport> {
    let rows = parse(kind, bytes)
        .map_err(|message| AppError::Validation(vec![FieldError::new("file", "ERR_INVALID", message)]))?;
    let payload = serde_json::to_value(&rows).map_err(|e| AppError::Internal(e.into()))?;
    let total = i32::try_from(rows.len()).unwrap_or(i32::MAX);
    let mode = if overwrite { "overwrite" } else { "merge" };
    let mut conn = state.db.get().await?;
    let import = conn
        .transaction::<_, AppError, _>(async |conn| {
            let import =
                portability::insert_import(conn, account.user.id, kind.as_str(), mode, &payload, total).await?;
            jobs::enqueue(conn, &Job::RunImport { import_id: import.id }, None).await?;
            Ok(import)
        })
        .await?;
    jobs::wake(state);
    Ok(import)
}

/// The account's latest imports, newest first.
pub async fn list(state: &AppState, account: &Account) -> AppResult<Vec<DbImport>> {
    let mut conn = state.db.get().await?;
    Ok(portability::imports_of(&mut conn, account.user.id).await?)
}

/// The job: works every row, then (when overwriting) undoes what the file
/// does not list.
pub async fn run(data: &FedData, import_id: i64) -> AppResult<()> {
    let mut conn = data.db.get().await?;
    let Some(import) = portability::find_import(&mut conn, import_id).await? else {
        return Ok(());
    };
    if import.state != "pending" {
        return Ok(());
    }
    let Some(account) = users::find_account(&mut conn, import.user_id).await? else {
        return Ok(());
    };
    drop(conn);
    let (Some(kind), Ok(rows)) = (
        Kind::parse(&import.kind),
        serde_json::from_value::<Vec<Row>>(import.rows.clone()),
    ) else {
        return Ok(());
    };
    let mut failed = Vec::new();
    let mut kept_actors = HashSet::new();
    let mut kept_posts = HashSet::new();
    let mut imported = 0;
    for row in &rows {
        match apply(data, &account, kind, row).await {
            Ok(Kept::Actor(id)) => {
                kept_actors.insert(id);
                imported += 1;
            }
            Ok(Kept::Post(id)) => {
                kept_posts.insert(id);
                imported += 1;
            }
            Err(error) => {
                tracing::debug!(%error, target = %row.target, "an imported row was not found");
                failed.push(row.target.clone());
            }
        }
    }
    if import.mode == "overwrite" {
        drop_unlisted(data, &account, kind, &kept_actors, &kept_posts).await?;
    }
    let mut conn = data.db.get().await?;
    portability::finish_import(&mut conn, import.id, imported, &failed).await?;
    Ok(())
}

/// What a row came to.
enum Kept {
    Actor(i64),
    Post(i64),
}

async fn apply(data: &FedData, account: &Account, kind: Kind, row: &Row) -> AppResult<Kept> {
    let me = &account.actor;
    if kind == Kind::Bookmarks {
        let Found::Status(status) = lookup::by_url(data, Viewer::Actor(me.id), &row.target).await? else {
            return Err(AppError::NotFound);
        };
        crate::services::statuses::reactions::bookmark(data, me, status.id).await?;
        return Ok(Kept::Post(status.reblog_of_id.unwrap_or(status.id)));
    }
    let target = lookup::actor_by_handle(data, &row.target).await?;
    if target.id == me.id {
        return Err(AppError::bad_request("error-import-self"));
    }
    match kind {
        Kind::Following => {
            crate::services::relations::follow(data, me, &target).await?;
        }
        Kind::Blocks => crate::services::follows::block(data, me, &target).await?,
        Kind::Mutes => crate::services::follows::mute(data, me, &target, row.flag, None).await?,
        Kind::Bookmarks => {}
    }
    Ok(Kept::Actor(target.id))
}

/// Overwriting: what the account had and the file does not list is undone.
async fn drop_unlisted(
    data: &FedData,
    account: &Account,
    kind: Kind,
    kept_actors: &HashSet<i64>,
    kept_posts: &HashSet<i64>,
) -> AppResult<()> {
    let me = &account.actor;
    let mut conn = data.db.get().await?;
    if kind == Kind::Bookmarks {
        for id in portability::bookmarked_ids(&mut conn, me.id).await? {
            if !kept_posts.contains(&id) {
                crate::db::favourites::delete_bookmark(&mut conn, me.id, id).await?;
            }
        }
        return Ok(());
    }
    let list = match kind {
        Kind::Following => AccountList::Following,
        Kind::Blocks => AccountList::Blocks,
        _ => AccountList::Mutes,
    };
    let current = portability::account_ids(&mut conn, me.id, list).await?;
    let others = crate::db::actors::find_many(&mut conn, &current).await?;
    drop(conn);
    for other in others.iter().filter(|a| !kept_actors.contains(&a.id)) {
        match kind {
            Kind::Following => crate::services::follows::unfollow(data, me, other).await?,
            Kind::Blocks => crate::services::follows::unblock(data, me, other).await?,
            _ => crate::services::follows::unmute(data, me, other).await?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_mastodon_files_with_and_without_headers() {
        let following = b"Account address,Show boosts,Notify on new posts,Languages\nalice@alpha.example,true,false,\n@Bob@beta.example,true,false,en\n";
        let rows = parse(Kind::Following, following).unwrap();
        assert_eq!(
            rows.iter().map(|r| r.target.as_str()).collect::<Vec<_>>(),
            ["alice@alpha.example", "bob@beta.example"]
        );
        let blocks = parse(Kind::Blocks, b"spam@bad.example\n\nspam@bad.example\n").unwrap();
        assert_eq!(blocks.len(), 1);
        let mutes = parse(
            Kind::Mutes,
            b"Account address,Hide notifications\na@x.example,false\nb@x.example,true\n",
        )
        .unwrap();
        assert_eq!(mutes.iter().map(|r| r.flag).collect::<Vec<_>>(), [false, true]);
        let bookmarks = parse(Kind::Bookmarks, b"https://x.example/@a/1\n").unwrap();
        assert_eq!(bookmarks[0].target, "https://x.example/@a/1");
    }

    #[test]
    fn refuses_a_bad_line_naming_it() {
        let error = parse(Kind::Blocks, b"ok@x.example\nnot an address\n").unwrap_err();
        assert_eq!(error.args, [("line", "2".to_owned())]);
        assert!(parse(Kind::Bookmarks, b"ftp://x.example/1\n").is_err());
        assert!(parse(Kind::Following, b"").is_err());
        assert!(parse(Kind::Following, &[0xff, 0xfe]).is_err());
    }

    #[test]
    fn splits_quoted_cells() {
        assert_eq!(split_csv("\"a,b\",\"c\"\"d\",e"), ["a,b", "c\"d", "e"]);
    }
}
