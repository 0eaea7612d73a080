//! The job worker of each server process: claims due jobs (`services::jobs`),
//! runs each with the service that owns it, and settles it: done jobs go,
//! failed ones come back later with backoff, a few times.

use std::time::Duration;

use activitypub_federation::config::FederationConfig;
use chrono::Utc;

use crate::db::jobs;
use crate::error::AppResult;
use crate::services::jobs::{Job, MAX_ATTEMPTS};
use crate::state::{AppState, FedData};

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
        Job::FetchActors { ids } => crate::services::remote_actors::fetch_unknown(data, &ids).await,
        Job::RefreshLinkInfo { host } => crate::services::directory::refresh_link_info(data, &host).await,
        Job::LearnPeople { host } => crate::services::directory::learn_people(data, &host).await,
        Job::BuildExport { export_id } => crate::services::export::build(data, export_id).await,
        Job::RunImport { import_id } => crate::services::import::run(data, import_id).await,
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
