//! ActivityPub federation. Split in two on purpose (docs/architecture.md):
//! the core — wire types (`protocol`), conversions and fetching (`objects`,
//! `fetch`), signatures, the delivery queue — is used by `services`; the HTTP
//! surface (`routes`, `inbox`) sits beside `web` and `api` and calls `services`.

pub mod delivery;
pub mod egress;
pub mod fetch;
pub mod inbox;
pub mod objects;
pub mod protocol;
pub mod routes;
pub mod signatures;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use activitypub_federation::config::{Data, FederationConfig};
use activitypub_federation::resolver::ValidatingDnsResolver;
use anyhow::Context;
use rsa::RsaPrivateKey;

use crate::db::actors::DbActor;
use crate::state::AppState;

/// What handlers and services receive to federate: the state plus the library's config.
pub type FedData = Data<AppState>;

/// The User-Agent of every request Fucina makes.
pub fn user_agent(state: &AppState) -> String {
    format!(
        "Fucina/{} (+{})",
        env!("CARGO_PKG_VERSION"),
        state.config.server.base_url
    )
}

/// An HTTP client for other servers: no redirects followed blindly, timeouts,
/// and no private or loopback addresses unless the configuration allows them.
pub fn http_client(state: &AppState) -> anyhow::Result<reqwest::Client> {
    let timeout = Duration::from_secs(10);
    reqwest::Client::builder()
        .user_agent(user_agent(state))
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .connect_timeout(timeout)
        .pool_max_idle_per_host(4)
        .dns_resolver(ValidatingDnsResolver::new(
            Vec::new(),
            !state.config.federation.allow_private_addresses,
        ))
        .build()
        .context("building the HTTP client")
}

/// The library's configuration: our domain, our client, and the instance actor
/// signing every fetch (so servers in secure mode answer us).
pub async fn build_config(
    state: AppState,
    instance_actor: &objects::actor::ActorObject,
) -> anyhow::Result<FederationConfig<AppState>> {
    let client = http_client(&state)?;
    let verifier_state = state.clone();
    let private = state.config.federation.allow_private_addresses;
    let domain = state.config.server.domain.clone();
    FederationConfig::builder()
        .domain(domain)
        .app_data(state)
        .client(client.into())
        // Loopback, explicit ports and plain http are for tests and development only.
        .debug(private)
        .allow_http_urls(private)
        .http_fetch_limit(50)
        .request_timeout(Duration::from_secs(10))
        .signed_fetch_actor(instance_actor)
        .url_verifier(Box::new(PolicyVerifier(verifier_state)))
        .build()
        .await
        .context("configuring federation")
}

/// Refuses every fetch from a server the federation policy excludes
/// (suspended, or unlinked in linked-only mode), before it is made.
#[derive(Clone)]
struct PolicyVerifier(AppState);

#[async_trait::async_trait]
impl activitypub_federation::config::UrlVerifier for PolicyVerifier {
    async fn verify(&self, url: &url::Url) -> Result<(), activitypub_federation::error::Error> {
        let host = objects::actor::host_of(url).unwrap_or_default();
        if host == self.0.config.server.domain || self.0.policy().await.accepts_host(&host) {
            Ok(())
        } else {
            Err(activitypub_federation::error::Error::Other(format!(
                "{host} is excluded by this instance's federation policy"
            )))
        }
    }
}

/// Parsed private keys of local actors, so each is decoded once.
#[derive(Default)]
pub struct SigningKeys {
    keys: Mutex<HashMap<i64, Arc<RsaPrivateKey>>>,
}

impl SigningKeys {
    pub fn get(&self, actor: &DbActor) -> anyhow::Result<Arc<RsaPrivateKey>> {
        let mut keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(key) = keys.get(&actor.id) {
            return Ok(key.clone());
        }
        let pem = actor
            .private_key_pem
            .as_deref()
            .context("a remote actor has no private key")?;
        let key = Arc::new(signatures::parse_private_key(pem)?);
        if keys.len() > 10_000 {
            keys.clear();
        }
        keys.insert(actor.id, key.clone());
        Ok(key)
    }
}

/// Recently verified signers, by key owner: the actor row and its parsed key.
/// Saves a database read and a PEM parse on every inbox POST; entries live five
/// minutes, and go at once when their actor is updated or deleted.
#[derive(Default)]
pub struct SignerCache {
    entries: Mutex<HashMap<String, (std::time::Instant, Arc<Signer>)>>,
}

/// A remote actor and its parsed public key.
pub type Signer = (DbActor, rsa::RsaPublicKey);

impl SignerCache {
    const TTL: Duration = Duration::from_secs(300);

    pub fn get(&self, key_owner: &str) -> Option<Arc<Signer>> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries
            .get(key_owner)
            .filter(|(at, _)| at.elapsed() < Self::TTL)
            .map(|(_, entry)| entry.clone())
    }

    pub fn put(&self, key_owner: &str, actor: DbActor, key: rsa::RsaPublicKey) -> Arc<Signer> {
        let entry = Arc::new((actor, key));
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() > 50_000 {
            entries.retain(|_, (at, _)| at.elapsed() < Self::TTL);
        }
        entries.insert(key_owner.to_owned(), (std::time::Instant::now(), entry.clone()));
        entry
    }

    /// Forgets an actor (its profile or key changed, or it was deleted).
    pub fn forget(&self, ap_id: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.retain(|_, (_, entry)| entry.0.ap_id != ap_id);
    }
}
