//! The application state every handler and service receives: settings, the
//! database pool and the few in-memory helpers. Cheap to clone; no globals.

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::db::Pool;
use crate::domain::federation::{Mode, Policy};
use crate::urls::Urls;

/// What handlers and services receive to federate: the state plus the
/// federation library's configuration (our domain, client and fetch signer).
pub type FedData = activitypub_federation::config::Data<AppState>;

#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

pub struct Inner {
    pub config: Config,
    pub db: Pool,
    /// Parsed private keys of local actors.
    pub signing_keys: crate::keys::SigningKeys,
    /// Remote actors that recently signed inbox POSTs, with their parsed keys.
    pub recent_signers: crate::keys::SignerCache,
    /// Which local actor ids are groups: an actor's type never changes, so the
    /// inbox asks the database once per address.
    pub local_actor_kinds: LocalActorKinds,
    /// Wakes this process's delivery workers when something was queued.
    pub delivery_wakeup: tokio::sync::Notify,
    /// Wakes this process's job worker when a job was queued.
    pub job_wakeup: tokio::sync::Notify,
    /// Counters for /metrics.
    pub metrics: Metrics,
    /// Outgoing e-mail.
    pub mailer: crate::mail::Mailer,
    pub policy: PolicyCache,
    /// Inbox POSTs worked on at once (`limits.inbox_concurrency`).
    pub inbox_permits: tokio::sync::Semaphore,
    /// The optional per-server inbox budget (`limits.inbox_per_server_per_minute`).
    pub inbox_budget: Option<WindowCounter>,
}

impl AppState {
    pub fn new(config: Config, db: Pool) -> Self {
        let mailer = crate::mail::Mailer::new(&config);
        let inbox_permits = tokio::sync::Semaphore::new(config.limits.inbox_concurrency);
        let inbox_budget = (config.limits.inbox_per_server_per_minute > 0)
            .then(|| WindowCounter::new(config.limits.inbox_per_server_per_minute, Duration::from_secs(60)));
        Self {
            inner: Arc::new(Inner {
                inbox_permits,
                inbox_budget,
                mailer,
                config,
                db,
                signing_keys: crate::keys::SigningKeys::default(),
                recent_signers: crate::keys::SignerCache::default(),
                local_actor_kinds: LocalActorKinds::default(),
                delivery_wakeup: tokio::sync::Notify::new(),
                job_wakeup: tokio::sync::Notify::new(),
                metrics: Metrics::default(),
                policy: PolicyCache::default(),
            }),
        }
    }

    pub fn urls(&self) -> Urls<'_> {
        Urls::new(&self.config.server)
    }

    /// The federation policy in force: read from the database at most every
    /// `PolicyCache::MAX_AGE`, so a change made by the CLI or another process
    /// takes effect within seconds, and at once in the process that made it.
    pub async fn policy(&self) -> Arc<Policy> {
        if let Some(fresh) = self.policy.fresh() {
            return fresh;
        }
        let configured = match self.config.federation.mode {
            crate::config::FederationMode::Open => Mode::Open,
            crate::config::FederationMode::LinkedOnly => Mode::LinkedOnly,
        };
        let loaded = match self.db.get().await {
            Ok(mut conn) => crate::db::federation::load_policy(&mut conn, configured).await.ok(),
            Err(_) => None,
        };
        match loaded {
            Some(policy) => self.policy.store(policy),
            // The database is away: keep the last policy known (or refuse
            // nothing new in open mode, everything unlinked in linked-only).
            None => self.policy.last().unwrap_or_else(|| {
                Arc::new(Policy {
                    mode: configured,
                    ..Policy::default()
                })
            }),
        }
    }
}

/// The last federation policy read, and when.
#[derive(Default)]
pub struct PolicyCache {
    current: Mutex<Option<(Instant, Arc<Policy>)>>,
}

impl PolicyCache {
    pub const MAX_AGE: Duration = Duration::from_secs(2);

    fn fresh(&self) -> Option<Arc<Policy>> {
        let current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        current
            .as_ref()
            .filter(|(at, _)| at.elapsed() < Self::MAX_AGE)
            .map(|(_, policy)| policy.clone())
    }

    fn last(&self) -> Option<Arc<Policy>> {
        let current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        current.as_ref().map(|(_, policy)| policy.clone())
    }

    fn store(&self, policy: Policy) -> Arc<Policy> {
        let policy = Arc::new(policy);
        *self.current.lock().unwrap_or_else(|p| p.into_inner()) = Some((Instant::now(), policy.clone()));
        policy
    }

    /// Forgets the policy, so the next request reads it again.
    pub fn forget(&self) {
        *self.current.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

impl Deref for AppState {
    type Target = Inner;

    fn deref(&self) -> &Inner {
        &self.inner
    }
}

/// Counters of this process, exported at /metrics in Prometheus' text format.
#[derive(Default)]
pub struct Metrics {
    pub deliveries_succeeded: AtomicU64,
    pub deliveries_retried: AtomicU64,
    pub deliveries_given_up: AtomicU64,
    pub inbox_accepted: AtomicU64,
    pub inbox_duplicates: AtomicU64,
    pub inbox_rejected: AtomicU64,
}

impl Metrics {
    pub fn add(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn read(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }
}

/// At most `limit` events per key in each fixed `window`, in this process's
/// memory (the inbox's optional per-server budget). Bounded: at most
/// `MAX_KEYS` keys are kept; when full, windows that ended are dropped, and
/// if that is not enough, the oldest half.
pub struct WindowCounter {
    limit: u32,
    window: Duration,
    counts: Mutex<HashMap<String, (Instant, u32)>>,
}

impl WindowCounter {
    const MAX_KEYS: usize = 10_000;

    pub fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit,
            window,
            counts: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one event of `key`: `None` while under the limit, else how long
    /// until its window ends.
    pub fn hit(&self, key: &str) -> Option<Duration> {
        self.hit_at(key, Instant::now())
    }

    fn hit_at(&self, key: &str, now: Instant) -> Option<Duration> {
        let mut counts = self.counts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if counts.len() >= Self::MAX_KEYS && !counts.contains_key(key) {
            let window = self.window;
            counts.retain(|_, (start, _)| now.duration_since(*start) < window);
            if counts.len() >= Self::MAX_KEYS {
                let mut starts: Vec<Instant> = counts.values().map(|(start, _)| *start).collect();
                starts.sort_unstable();
                let median = starts[starts.len() / 2];
                counts.retain(|_, (start, _)| *start >= median);
            }
        }
        let entry = counts.entry(key.to_owned()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        (entry.1 > self.limit).then(|| self.window.saturating_sub(now.duration_since(entry.0)))
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.counts.lock().map(|c| c.len()).unwrap_or(0)
    }
}

/// Local actor ids known to be groups or not. Bounded: emptied when full.
#[derive(Default)]
pub struct LocalActorKinds {
    known: std::sync::Mutex<std::collections::HashMap<String, bool>>,
}

impl LocalActorKinds {
    const CAPACITY: usize = 50_000;

    /// Whether the local actor `ap_id` is a group, if known.
    pub fn is_group(&self, ap_id: &str) -> Option<bool> {
        self.known.lock().ok()?.get(ap_id).copied()
    }

    pub fn remember(&self, ap_id: &str, is_group: bool) {
        if let Ok(mut known) = self.known.lock() {
            if known.len() >= Self::CAPACITY {
                known.clear();
            }
            known.insert(ap_id.to_owned(), is_group);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counter_stops_at_its_limit_per_key_and_window() {
        let counter = WindowCounter::new(3, Duration::from_secs(60));
        let now = Instant::now();
        for _ in 0..3 {
            assert_eq!(counter.hit_at("a.example", now), None);
        }
        assert!(counter.hit_at("a.example", now).is_some());
        assert_eq!(counter.hit_at("b.example", now), None);
        assert_eq!(counter.hit_at("a.example", now + Duration::from_secs(61)), None);
    }

    #[test]
    fn the_counter_keeps_a_bounded_number_of_keys() {
        let counter = WindowCounter::new(1, Duration::from_secs(60));
        let now = Instant::now();
        for n in 0..(WindowCounter::MAX_KEYS * 3) {
            counter.hit_at(&format!("server-{n}.example"), now + Duration::from_millis(n as u64));
        }
        assert!(counter.len() <= WindowCounter::MAX_KEYS);
    }
}
