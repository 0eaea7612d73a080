//! The delivery queue's two ends. `enqueue` is called by services inside the
//! transaction that makes the change, so an activity is queued exactly when its
//! cause is committed. `run_workers` claims due deliveries (any number of server
//! processes may run it on one database), signs and posts them, and settles each:
//! delivered rows go, refused ones die, failed ones come back later.

use std::time::Duration;

use chrono::Utc;
use diesel_async::AsyncPgConnection;
use futures::StreamExt;
use http::Method;
use serde_json::Value;

use crate::activitypub::objects::actor::host_of;
use crate::activitypub::signatures::{self, Dialect};
use crate::db::actors::{self, DbActor};
use crate::db::deliveries::{self, ClaimedDelivery};
use crate::state::{AppState, Metrics};

/// Queues `activity`, signed by `author`, for each remote inbox in `inboxes`
/// (duplicates and our own inboxes are dropped). Returns how many deliveries.
pub async fn enqueue(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    author: &DbActor,
    activity: &Value,
    inboxes: impl IntoIterator<Item = String>,
) -> diesel::QueryResult<usize> {
    let own_domain = state.config.server.domain.as_str();
    let mut targets: Vec<String> = inboxes
        .into_iter()
        .filter(|inbox| {
            url::Url::parse(inbox)
                .ok()
                .and_then(|u| host_of(&u))
                .is_some_and(|host| host != own_domain)
        })
        .collect();
    targets.sort();
    targets.dedup();
    let ap_id = activity.get("id").and_then(Value::as_str).unwrap_or_default();
    let deadline = Utc::now() + chrono::Duration::hours(state.config.federation.delivery.retry_hours);
    deliveries::enqueue(conn, author.id, ap_id, &activity.to_string(), &targets, deadline).await
}

/// Passes on a transaction's outcome, first waking the workers when it
/// committed (what it queued is theirs to send).
pub fn wake_after<T, E>(state: &AppState, outcome: Result<T, E>) -> Result<T, E> {
    if outcome.is_ok() {
        wake(state);
    }
    outcome
}

/// Tells this process's workers to look at the queue now (call after committing).
pub fn wake(state: &AppState) {
    state.delivery_wakeup.notify_one();
}

/// How a delivery attempt ended.
enum Outcome {
    /// Accepted, signed in this dialect.
    Delivered(Dialect),
    /// The receiver refused it for good (4xx other than 401, 408, 429).
    Refused(String),
    /// Worth trying again later.
    Failed(String),
}

/// Runs the delivery workers until `shutdown` fires; deliveries in flight finish.
pub async fn run_workers(state: AppState, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    let client = match crate::activitypub::http_client(&state) {
        Ok(client) => client,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "delivery workers cannot start");
            return;
        }
    };
    let concurrency = state.config.federation.delivery.concurrency;
    let batch = (concurrency * 4) as i64;
    loop {
        if *shutdown.borrow() {
            break;
        }
        let claimed = match state.db.get().await {
            Ok(mut conn) => deliveries::claim(&mut conn, batch, state.config.federation.delivery.claim_seconds)
                .await
                .unwrap_or_else(|error| {
                    tracing::warn!(error = %error, "claiming deliveries");
                    Vec::new()
                }),
            Err(error) => {
                tracing::warn!(error = %error, "no database connection for deliveries");
                Vec::new()
            }
        };
        if claimed.is_empty() {
            // Nothing due: sleep until woken, a second passes (other processes may
            // have queued), or shutdown.
            tokio::select! {
                () = state.delivery_wakeup.notified() => {}
                () = tokio::time::sleep(Duration::from_secs(1)) => {}
                _ = shutdown.changed() => {}
            }
            continue;
        }
        let full_batch = claimed.len() as i64 == batch;
        futures::stream::iter(claimed)
            .for_each_concurrent(concurrency, |delivery| {
                let state = state.clone();
                let client = client.clone();
                async move { deliver_one(&state, &client, delivery).await }
            })
            .await;
        if !full_batch {
            tokio::task::yield_now().await;
        }
    }
    tracing::info!("delivery workers stopped");
}

async fn deliver_one(state: &AppState, client: &reqwest::Client, delivery: ClaimedDelivery) {
    let outcome = attempt(state, client, &delivery).await;
    let Ok(mut conn) = state.db.get().await else {
        // The claim expires and another worker retries it.
        return;
    };
    let settled = match outcome {
        Outcome::Delivered(dialect) => {
            Metrics::add(&state.metrics.deliveries_succeeded);
            deliveries::succeeded(&mut conn, &delivery, dialect.as_str()).await
        }
        Outcome::Refused(reason) => {
            Metrics::add(&state.metrics.deliveries_given_up);
            tracing::info!(inbox = %delivery.inbox_url, reason = %reason, "delivery refused by the receiver");
            deliveries::dead(&mut conn, delivery.id, &reason).await
        }
        Outcome::Failed(reason) => {
            let config = &state.config.federation.delivery;
            let delay = backoff_seconds(config.first_retry_seconds, delivery.attempts);
            let next = Utc::now() + chrono::Duration::seconds(delay);
            if next > delivery.deadline {
                Metrics::add(&state.metrics.deliveries_given_up);
                tracing::warn!(inbox = %delivery.inbox_url, attempts = delivery.attempts, reason = %reason, "delivery given up");
                deliveries::dead(&mut conn, delivery.id, &reason).await
            } else {
                Metrics::add(&state.metrics.deliveries_retried);
                tracing::debug!(inbox = %delivery.inbox_url, attempts = delivery.attempts, retry_in = delay, reason = %reason, "delivery failed");
                deliveries::retry_later(
                    &mut conn,
                    &delivery,
                    next,
                    &reason,
                    config.pause_after_failures,
                    config.pause_minutes * 60,
                )
                .await
            }
        }
    };
    if let Err(error) = settled {
        tracing::warn!(error = %error, "settling a delivery");
    }
}

/// Exponential backoff with jitter: first, 2×first, 4×first… capped at six hours.
fn backoff_seconds(first: i64, attempts: i32) -> i64 {
    let exponent = attempts.saturating_sub(1).clamp(0, 20) as u32;
    let base = first.saturating_mul(1i64 << exponent).min(6 * 3600);
    let jitter = (rand::random::<u64>() % (base as u64 / 10 + 1)) as i64;
    base + jitter
}

async fn attempt(state: &AppState, client: &reqwest::Client, delivery: &ClaimedDelivery) -> Outcome {
    let inbox = match url::Url::parse(&delivery.inbox_url) {
        Ok(url) => url,
        Err(error) => return Outcome::Refused(format!("bad inbox URL: {error}")),
    };
    // Only to a destination this server may reach (docs/security.md).
    if let Err(refused) = crate::activitypub::egress::check(&inbox, state.config.federation.allow_private_addresses) {
        return Outcome::Refused(format!("refused destination: {refused}"));
    }
    // The policy as it is now: a server suspended or unlinked since this was queued gets nothing.
    let host = crate::activitypub::objects::actor::host_of(&inbox).unwrap_or_default();
    if !state.policy().await.delivers_to(&host) {
        return Outcome::Refused("refused by this instance's federation policy".into());
    }
    let author = match state.db.get().await {
        Ok(mut conn) => match actors::find(&mut conn, delivery.actor_id).await {
            Ok(Some(actor)) => actor,
            Ok(None) => return Outcome::Refused("the sending actor is gone".into()),
            Err(error) => return Outcome::Failed(error.to_string()),
        },
        Err(error) => return Outcome::Failed(error.to_string()),
    };
    let key = match state.signing_keys.get(&author) {
        Ok(key) => key,
        Err(error) => return Outcome::Refused(format!("{error:#}")),
    };
    // The double knock: the dialect this server accepted last (or RFC 9421 if it
    // says it verifies it, else draft-cavage) first; the other if that is refused
    // as unauthorised. The one that worked is remembered.
    let first = delivery
        .http_signature
        .as_deref()
        .and_then(Dialect::parse)
        .unwrap_or(if delivery.advertises_rfc9421 {
            Dialect::Rfc9421
        } else {
            Dialect::Cavage
        });
    let status = match post(client, &inbox, delivery, &author, &key, first).await {
        Ok(status) => status,
        Err(error) => return Outcome::Failed(error.to_string()),
    };
    let knock_again = match first {
        Dialect::Rfc9421 => matches!(status.as_u16(), 400 | 401 | 403),
        Dialect::Cavage => status.as_u16() == 401,
    };
    let (status, dialect) = if knock_again {
        match post(client, &inbox, delivery, &author, &key, first.other()).await {
            Ok(second) => (second, first.other()),
            Err(error) => return Outcome::Failed(error.to_string()),
        }
    } else {
        (status, first)
    };
    if status.is_success() {
        Outcome::Delivered(dialect)
    } else if status.is_client_error() && !matches!(status.as_u16(), 401 | 408 | 429) {
        Outcome::Refused(format!("HTTP {status}"))
    } else {
        Outcome::Failed(format!("HTTP {status}"))
    }
}

/// Posts a delivery's activity to `inbox`, signed by `author` in `dialect`.
async fn post(
    client: &reqwest::Client,
    inbox: &url::Url,
    delivery: &ClaimedDelivery,
    author: &DbActor,
    key: &rsa::RsaPrivateKey,
    dialect: Dialect,
) -> reqwest::Result<reqwest::StatusCode> {
    let body = delivery.payload.as_bytes();
    let headers = signatures::Outgoing {
        method: &Method::POST,
        url: inbox,
        body: Some(body),
        key_id: &author.public_key_id,
        key,
        now: Utc::now(),
    }
    .sign(dialect);
    let mut request = client
        .post(inbox.clone())
        .header("content-type", "application/activity+json")
        .header("accept", "application/activity+json")
        .body(delivery.payload.clone());
    for (name, value) in headers {
        request = request.header(name, value);
    }
    Ok(request.send().await?.status())
}

#[cfg(test)]
mod tests {
    use super::backoff_seconds;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let first = backoff_seconds(60, 1);
        assert!((60..=66).contains(&first), "{first}");
        let third = backoff_seconds(60, 3);
        assert!((240..=264).contains(&third), "{third}");
        let late = backoff_seconds(60, 30);
        assert!((6 * 3600..=6 * 3600 + 2160).contains(&late), "{late}");
    }
}
