//! Background jobs: work a request causes but must not wait for (fetching a
//! remote proposal's team from other servers, say). A job is queued in the
//! transaction of its cause, so it is never lost nor run for a change that
//! was rolled back; `services::worker` runs it.

use chrono::Utc;
use diesel_async::AsyncPgConnection;
use serde::{Deserialize, Serialize};

use crate::db::jobs;
use crate::error::AppResult;
use crate::state::AppState;

/// What a job does, with what it needs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// Fetches actors this server does not know yet (a remote proposal's team).
    FetchActors { ids: Vec<String> },
    /// Reads a linked instance's NodeInfo again, for the directory.
    RefreshLinkInfo { host: String },
    /// Learns a linked instance's discoverable people (`services::directory::learn_people`).
    LearnPeople { host: String },
    /// Builds an account's archive (`services::export`).
    BuildExport { export_id: i64 },
    /// Works an imported CSV list (`services::import`).
    RunImport { import_id: i64 },
}

impl Job {
    fn kind(&self) -> &'static str {
        match self {
            Job::FetchActors { .. } => "fetch_actors",
            Job::RefreshLinkInfo { .. } => "refresh_link_info",
            Job::LearnPeople { .. } => "learn_people",
            Job::BuildExport { .. } => "build_export",
            Job::RunImport { .. } => "run_import",
        }
    }
}

/// The most attempts a job gets before it is given up.
pub const MAX_ATTEMPTS: i32 = 5;

/// Queues `job` (call inside the transaction of its cause, then `wake`).
/// A `key` keeps one waiting job of a kind per subject.
pub async fn enqueue(conn: &mut AsyncPgConnection, job: &Job, key: Option<&str>) -> AppResult<()> {
    let payload = serde_json::to_value(job).map_err(|e| crate::error::AppError::Internal(e.into()))?;
    jobs::enqueue(conn, job.kind(), key, &payload, Utc::now()).await?;
    Ok(())
}

/// Tells this process's job worker to look now (call after committing).
pub fn wake(state: &AppState) {
    state.job_wakeup.notify_one();
}
