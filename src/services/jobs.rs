//! Background jobs: work a request causes but must not wait for (fetching a
//! remote proposal's team from other servers, say). A job is queued in the
//! transaction of its cause, so it is never lost nor run for a change that
//! was rolled back; workers in every server process claim due jobs, run them,
//! and retry failures with backoff, a few times.

use std::time::Duration;

use activitypub_federation::config::FederationConfig;
use chrono::Utc;
use diesel_async::AsyncPgConnection;
use serde::{Deserialize, Serialize};

use crate::db::jobs;
use crate::error::AppResult;
use crate::state::AppState;
use crate::state::FedData;

/// What a job does, with what it needs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// Fetches actors this server does not know yet (a remote proposal's team).
    FetchActors { ids: Vec<String> },
    /// Reads a linked instance's NodeInfo again, for the directory.
    RefreshLinkInfo { host: String },
}

impl Job {
    fn kind(&self) -> &'static str {
        match self {
            Job::FetchActors { .. } => "fetch_actors",
            Job::RefreshLinkInfo { .. } => "refresh_link_info",
        }
    }
}

/// The most attempts a job gets before it is given up.
const MAX_ATTEMPTS: i32 = 5;

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

/// Runs jobs until `shutdown` fires.
pub async fn run(federation: FederationConfig<AppState>, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    let data = federation.to_request_data();
    loop {
        if *shutdown.borrow() {
            break;
        }
        let claimed = match data.db.get().await {
            Ok(mut conn) => jobs::claim(&mut conn, 8, 300).await.unwrap_or_else(|error| {
                tracing::warn!(%error, "claiming jobs");
                Vec::new()
            }),
            Err(error) => {
                tracing::warn!(%error, "no database connection for jobs");
                Vec::new()
            }
        };
        if claimed.is_empty() {
            tokio::select! {
                () = data.job_wakeup.notified() => {}
                () = tokio::time::sleep(Duration::from_secs(2)) => {}
                _ = shutdown.changed() => {}
            }
            continue;
        }
        for job in claimed {
            settle(&data, &job, perform(&data, &job).await).await;
        }
    }
}

async fn perform(data: &FedData, claimed: &jobs::ClaimedJob) -> AppResult<()> {
    let job: Job = match serde_json::from_value(claimed.payload.clone()) {
        Ok(job) => job,
        Err(error) => {
            tracing::warn!(%error, kind = %claimed.kind, "dropping a job this version cannot read");
            return Ok(());
        }
    };
    match job {
        Job::FetchActors { ids } => fetch_actors(data, &ids).await,
        Job::RefreshLinkInfo { host } => crate::services::federation::refresh_link_info(data, &host).await,
    }
}

async fn settle(state: &AppState, claimed: &jobs::ClaimedJob, outcome: AppResult<()>) {
    let Ok(mut conn) = state.db.get().await else {
        // The lease runs out and the job is claimed again.
        return;
    };
    let settled = match outcome {
        Ok(()) => jobs::finish(&mut conn, claimed.id).await,
        Err(error) if claimed.attempts >= MAX_ATTEMPTS => {
            tracing::warn!(%error, kind = %claimed.kind, "a job failed for the last time");
            jobs::finish(&mut conn, claimed.id).await
        }
        Err(error) => {
            let delay = 30i64 << claimed.attempts.clamp(0, 10);
            let next = Utc::now() + chrono::Duration::seconds(delay);
            jobs::retry_at(&mut conn, claimed.id, next, &error.to_string()).await
        }
    };
    if let Err(error) = settled {
        tracing::warn!(%error, "settling a job");
    }
}

/// Fetches the actors of `ids` this server does not know (at most twenty);
/// one that cannot be fetched is skipped, as its server may be gone.
async fn fetch_actors(data: &FedData, ids: &[String]) -> AppResult<()> {
    let wanted: Vec<String> = ids.iter().take(20).cloned().collect();
    let known = {
        let mut conn = data.db.get().await?;
        crate::db::actors::known_ap_ids(&mut conn, &wanted).await?
    };
    for id in wanted.iter().filter(|id| !known.contains(id)) {
        if let Err(error) = crate::activitypub::fetch::actor(data, id).await {
            tracing::debug!(%error, actor = %id, "an actor could not be fetched");
        }
    }
    Ok(())
}
