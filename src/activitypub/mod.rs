//! ActivityPub as protocol and I/O: the wire types (`protocol`), conversions
//! between rows and documents (`objects`), fetching other servers' actors and
//! posts (`fetch`), HTTP signatures, the delivery queue, and the rules for
//! what may leave this server (`egress`). It decides nothing and writes only
//! its own tables (the delivery queue): storing what arrives is the services'
//! job. It never imports `services`, `web`, `api` or `federation`.

pub mod delivery;
pub mod egress;
pub mod fetch;
pub mod objects;
pub mod protocol;
pub mod signatures;

use std::time::Duration;

use activitypub_federation::config::FederationConfig;
use activitypub_federation::resolver::ValidatingDnsResolver;
use anyhow::Context;

use crate::state::AppState;

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
