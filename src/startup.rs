//! Putting the program together: the database (private cluster or external),
//! migrations, the state, the router with its layers, and the server's life
//! from bind to graceful shutdown.

use std::future::Future;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::StatusCode;
use tokio::net::TcpListener;
use tower::Layer;
use tower_http::normalize_path::NormalizePathLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::db::{self, cluster::PrivateCluster};
use crate::state::AppState;
use crate::{activitypub, api, federation, web};

/// The database this process uses, and the private cluster if it runs one.
pub struct Database {
    pub url: String,
    /// Dropped last: stopping the cluster stops the database.
    pub cluster: Option<PrivateCluster>,
}

/// Connects to the configured server (creating the database if it can) or starts
/// the private cluster; then applies pending migrations.
pub async fn prepare_database(config: &Config) -> anyhow::Result<Database> {
    let (url, cluster) = match &config.database.url {
        Some(url) => {
            db::ensure_database_exists(url).await?;
            (url.clone(), None)
        }
        None => {
            let mut cluster = PrivateCluster::new(&config.storage.postgres_dir())?;
            cluster.start().await?;
            (cluster.database_url(), Some(cluster))
        }
    };
    let applied = db::run_migrations(&url).await?;
    if applied > 0 {
        tracing::info!(applied, "applied database migrations");
    }
    Ok(Database { url, cluster })
}

/// The state for a configuration and a prepared database.
pub fn state(config: Config, database: &Database) -> anyhow::Result<AppState> {
    let pool = db::pool(&database.url, config.database.pool_size)?;
    Ok(AppState::new(config, pool))
}

/// Every route, with the layers every request passes through.
pub fn router(state: AppState, federation: activitypub_federation::config::FederationConfig<AppState>) -> Router {
    let config = &state.config.server;
    Router::new()
        .merge(api::router(state.config.upload_limit()))
        .merge(federation::routes::router())
        .merge(web::router(state.clone()))
        .layer(axum::middleware::map_response_with_state(
            state.clone(),
            security_headers,
        ))
        .layer(activitypub_federation::config::FederationMiddleware::new(federation))
        .layer(DefaultBodyLimit::max(config.body_limit_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(config.request_timeout_seconds),
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The Content-Security-Policy of every HTML page: scripts and styles from
/// this origin only (no inline script), pictures from anywhere on the web
/// (other servers' avatars and media), and never inside another site's frame.
/// No `form-action`: the OAuth page's form ends at an app's own scheme.
fn content_security_policy(state: &AppState) -> String {
    // Local development serves other instances over plain http.
    let web = if state.config.federation.allow_private_addresses {
        "https: http:"
    } else {
        "https:"
    };
    format!(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: {web}; \
         media-src 'self' {web}; font-src 'self'; connect-src 'self'; manifest-src 'self'; \
         base-uri 'none'; object-src 'none'; frame-ancestors 'none'"
    )
}

/// Headers for every response: no sniffing, a referrer policy, HSTS over
/// https; and for HTML pages a strict Content-Security-Policy and no framing.
/// A handler that set its own (the media route's sandbox) keeps it.
async fn security_headers(
    State(state): State<AppState>,
    mut response: axum::response::Response,
) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    let csp = html.then(|| content_security_policy(&state));
    let headers = response.headers_mut();
    headers
        .entry(header::X_CONTENT_TYPE_OPTIONS)
        .or_insert(HeaderValue::from_static("nosniff"));
    headers
        .entry(header::REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("strict-origin-when-cross-origin"));
    if state.config.server.is_https() {
        headers
            .entry(header::STRICT_TRANSPORT_SECURITY)
            .or_insert(HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    if let Some(csp) = csp.and_then(|c| HeaderValue::from_str(&c).ok()) {
        headers.entry(header::CONTENT_SECURITY_POLICY).or_insert(csp);
        headers
            .entry(header::X_FRAME_OPTIONS)
            .or_insert(HeaderValue::from_static("DENY"));
    }
    response
}

/// A built server, bound to its port, ready to run.
pub struct Application {
    listener: TcpListener,
    port: u16,
    state: AppState,
    federation: activitypub_federation::config::FederationConfig<AppState>,
    database: Database,
}

impl Application {
    /// Prepares the database and binds `server.listen`.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(config.server.listen)
            .await
            .with_context(|| format!("listening on {}", config.server.listen))?;
        Self::build_with_listener(config, listener).await
    }

    /// Prepares the database and serves on a listener bound by the caller (tests
    /// bind port 0 first, to know the port before they write `server.base_url`).
    pub async fn build_with_listener(config: Config, listener: TcpListener) -> anyhow::Result<Self> {
        let database = prepare_database(&config).await?;
        let state = state(config, &database)?;
        let instance_actor = crate::services::instance::ensure_instance_actor(&state)
            .await
            .map_err(|e| anyhow::anyhow!("creating the instance actor: {e}"))?;
        crate::services::groups::ensure_themes(&state)
            .await
            .map_err(|e| anyhow::anyhow!("creating the themes: {e}"))?;
        let instance_actor =
            activitypub::objects::actor::ActorObject::new(instance_actor).map_err(|e| anyhow::anyhow!("{e}"))?;
        let federation = activitypub::build_config(state.clone(), &instance_actor).await?;
        let port = listener.local_addr().context("reading the bound address")?.port();
        Ok(Self {
            listener,
            port,
            state,
            federation,
            database,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The federation configuration, for tests and tools that act as this instance.
    pub fn federation(&self) -> &activitypub_federation::config::FederationConfig<AppState> {
        &self.federation
    }

    /// Serves until SIGINT or SIGTERM, then finishes in-flight requests.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `shutdown` completes, then finishes in-flight requests.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let Application {
            listener,
            state,
            federation: federation_config,
            database,
            ..
        } = self;
        tracing::info!(
            address = %listener.local_addr().map(|a| a.to_string()).unwrap_or_default(),
            base_url = %state.config.server.base_url,
            "serving"
        );
        // Background tasks end with this future, even if it is dropped rather than finished.
        let maintenance = AbortOnDrop(tokio::spawn(maintenance(state.clone())));
        let expiry = AbortOnDrop(tokio::spawn(crate::services::proposals::run_expiry(state.clone())));
        let poll_updates = AbortOnDrop(tokio::spawn(crate::services::polls::run_updates(state.clone())));
        let mailer = AbortOnDrop(tokio::spawn(crate::services::mail::run(state.clone())));
        let (stop_workers, workers_stopped) = tokio::sync::watch::channel(false);
        let mut workers = AbortOnDrop(tokio::spawn(activitypub::delivery::run_workers(
            state.clone(),
            workers_stopped.clone(),
        )));
        let mut jobs = AbortOnDrop(tokio::spawn(crate::services::worker::run(
            federation_config.clone(),
            workers_stopped,
        )));
        // Paths answer with and without a trailing slash, as Mastodon's do.
        let app = NormalizePathLayer::trim_trailing_slash().layer(router(state, federation_config));
        let served = axum::serve(
            listener,
            axum::ServiceExt::<Request>::into_make_service_with_connect_info::<std::net::SocketAddr>(app),
        )
        .with_graceful_shutdown(shutdown)
        .await
        .context("serving HTTP");
        // Deliveries in flight finish; the rest wait in the queue for the next start.
        let _ = stop_workers.send(true);
        let _ = tokio::time::timeout(Duration::from_secs(15), &mut workers.0).await;
        let _ = tokio::time::timeout(Duration::from_secs(5), &mut jobs.0).await;
        drop(maintenance);
        drop(expiry);
        drop(poll_updates);
        drop(mailer);
        drop(database);
        tracing::info!("stopped");
        served
    }
}

/// Aborts a task when dropped.
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Periodic housekeeping: expired sessions and authorization codes.
async fn maintenance(state: AppState) {
    let mut interval = tokio::time::interval(Duration::from_secs(3600));
    loop {
        interval.tick().await;
        let Ok(mut conn) = state.db.get().await else {
            continue;
        };
        if let Err(error) = db::sessions::delete_expired(&mut conn).await {
            tracing::warn!(error = %error, "removing expired sessions");
        }
        if let Err(error) = db::oauth::delete_expired_codes(&mut conn).await {
            tracing::warn!(error = %error, "removing expired authorization codes");
        }
        if let Err(error) = db::users::delete_expired_password_resets(&mut conn).await {
            tracing::warn!(error = %error, "removing expired password-reset links");
        }
        if let Err(error) = db::deliveries::prune(&mut conn, 7).await {
            tracing::warn!(error = %error, "pruning the delivery queue");
        }
        drop(conn);
        if let Err(error) = crate::services::limits::prune(&state).await {
            tracing::warn!(error = %error, "pruning the rate-limit counters");
        }
        match crate::services::erasure::purge_due(&state).await {
            Ok(0) => {}
            Ok(purged) => tracing::info!(purged, "purged accounts suspended more than 30 days ago"),
            Err(error) => tracing::warn!(error = %error, "purging suspended accounts"),
        }
        match crate::services::erasure::apply_retention(&state).await {
            Ok(pruned) if pruned == crate::services::erasure::Pruned::default() => {}
            Ok(pruned) => tracing::info!(
                remote_posts = pruned.remote_posts,
                records = pruned.records,
                "applied the retention periods"
            ),
            Err(error) => tracing::warn!(error = %error, "applying the retention periods"),
        }
        match crate::services::export::clear_expired(&state).await {
            Ok(0) => {}
            Ok(cleared) => tracing::info!(cleared, "removed archives older than a week"),
            Err(error) => tracing::warn!(error = %error, "removing old archives"),
        }
        match crate::services::media::clear_abandoned(&state).await {
            Ok(0) => {}
            Ok(cleared) => tracing::info!(cleared, "removed uploads never attached to a post"),
            Err(error) => tracing::warn!(error = %error, "removing abandoned uploads"),
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %error, "listening for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(error = %error, "listening for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
