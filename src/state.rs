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

#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

pub struct Inner {
    pub config: Config,
    pub db: Pool,
    /// Failed sign-ins per login name, so passwords cannot be guessed quickly.
    pub login_failures: RateLimiter,
    /// Parsed private keys of local actors.
    pub signing_keys: crate::federation::SigningKeys,
    /// Remote actors that recently signed inbox POSTs, with their parsed keys.
    pub recent_signers: crate::federation::SignerCache,
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
}

impl AppState {
    pub fn new(config: Config, db: Pool) -> Self {
        let mailer = crate::mail::Mailer::new(&config);
        Self {
            inner: Arc::new(Inner {
                mailer,
                config,
                db,
                login_failures: RateLimiter::new(10, Duration::from_secs(15 * 60)),
                signing_keys: crate::federation::SigningKeys::default(),
                recent_signers: crate::federation::SignerCache::default(),
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

/// At most `limit` events per key within a sliding `window`. In memory, so each
/// server process counts on its own: a brake on guessing, not an exact quota.
pub struct RateLimiter {
    limit: usize,
    window: Duration,
    events: Mutex<HashMap<String, Vec<Instant>>>,
}

impl RateLimiter {
    pub fn new(limit: usize, window: Duration) -> Self {
        Self {
            limit,
            window,
            events: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `key` is still under its limit.
    pub fn allows(&self, key: &str) -> bool {
        self.allows_at(key, Instant::now())
    }

    fn allows_at(&self, key: &str, now: Instant) -> bool {
        let mut events = self.events.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match events.get_mut(key) {
            Some(times) => {
                times.retain(|t| now.duration_since(*t) < self.window);
                times.len() < self.limit
            }
            None => true,
        }
    }

    pub fn record(&self, key: &str) {
        let now = Instant::now();
        let mut events = self.events.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // Keep the map from growing without bound under a spray of names.
        if events.len() > 100_000 {
            let window = self.window;
            events.retain(|_, times| times.iter().any(|t| now.duration_since(*t) < window));
        }
        events.entry(key.to_owned()).or_default().push(now);
    }

    pub fn clear(&self, key: &str) {
        let mut events = self.events.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        events.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limiter_stops_at_its_limit_and_forgets_on_clear() {
        let limiter = RateLimiter::new(3, Duration::from_secs(60));
        for _ in 0..3 {
            assert!(limiter.allows("alice"));
            limiter.record("alice");
        }
        assert!(!limiter.allows("alice"));
        assert!(limiter.allows("bob"));
        limiter.clear("alice");
        assert!(limiter.allows("alice"));
    }

    #[test]
    fn old_events_fall_out_of_the_window() {
        let limiter = RateLimiter::new(1, Duration::from_secs(60));
        limiter.record("alice");
        assert!(!limiter.allows("alice"));
        assert!(limiter.allows_at("alice", Instant::now() + Duration::from_secs(61)));
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
