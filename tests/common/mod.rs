//! The test harness: real instances on real ports, each on its own fresh
//! PostgreSQL database cloned from a migrated template.
//!
//! The database server is `FUCINA_TEST_DATABASE_URL` when set (any database on
//! the server; the role must be able to create databases), otherwise a private
//! cluster under the system's temporary directory, started on first use and
//! left running for the next test run.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod browser;
pub mod remote;
pub mod schema;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use diesel::QueryableByName;
use diesel::sql_types::{Bool, Text};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use fucina::config::Config;
use fucina::db::users::Account;
use fucina::services::accounts::{self, CreatedBy, SignUp};
use fucina::startup::Application;
use fucina::state::AppState;
use tokio::net::TcpListener;
use tokio::sync::OnceCell;

pub use browser::Browser;

/// The password every test account gets unless a test says otherwise.
pub const PASSWORD: &str = "correct horse battery";

static SERVER_URL: OnceCell<String> = OnceCell::const_new();
static TEMPLATE: OnceCell<String> = OnceCell::const_new();
static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A URL for any database on the test server.
async fn server_url() -> &'static str {
    SERVER_URL
        .get_or_init(|| async {
            match std::env::var("FUCINA_TEST_DATABASE_URL") {
                Ok(url) if !url.trim().is_empty() => url,
                _ => private_test_cluster().await,
            }
        })
        .await
}

/// Starts (or reuses) the private cluster shared by test runs on this machine.
async fn private_test_cluster() -> String {
    let dir = std::env::temp_dir().join(format!("fucina-test-cluster-{}", nix::unistd::getuid()));
    std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
    // Several test processes may start at once: one of them initialises the cluster.
    let lock_path = std::env::temp_dir().join(format!("fucina-test-cluster-{}.lock", nix::unistd::getuid()));
    let lock_file = std::fs::File::create(&lock_path).unwrap();
    let lock = tokio::task::spawn_blocking(move || {
        nix::fcntl::Flock::lock(lock_file, nix::fcntl::FlockArg::LockExclusive)
            .map_err(|(_, e)| e)
            .unwrap()
    })
    .await
    .unwrap();
    let mut cluster =
        fucina::db::cluster::PrivateCluster::new(&dir).expect("PostgreSQL server binaries for the test cluster");
    cluster.start().await.expect("starting the private test cluster");
    let url = cluster.database_url();
    // Leave it running for the other tests and the next run.
    std::mem::forget(cluster);
    drop(lock);
    url
}

#[derive(QueryableByName)]
struct Exists {
    #[diesel(sql_type = Bool)]
    exists: bool,
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    datname: String,
}

/// A name for the template that changes whenever a migration changes.
fn template_name() -> String {
    use std::hash::{Hash, Hasher};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for entry in entries {
        entry.file_name().hash(&mut hasher);
        std::fs::read_to_string(entry.join("up.sql"))
            .unwrap_or_default()
            .hash(&mut hasher);
    }
    format!("fucina_template_{:016x}", hasher.finish())
}

/// The migrated template, built once per server (under an advisory lock, so
/// concurrent test processes agree) and published by renaming it into place.
async fn template() -> &'static str {
    TEMPLATE
        .get_or_init(|| async {
            let admin_url = fucina::db::with_database(server_url().await, "postgres");
            let mut admin = AsyncPgConnection::establish(&admin_url)
                .await
                .expect("connecting to the test database server");
            diesel::sql_query("SELECT pg_advisory_lock(727271)")
                .execute(&mut admin)
                .await
                .unwrap();
            let name = template_name();
            let exists: Exists =
                diesel::sql_query("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS exists")
                    .bind::<Text, _>(&name)
                    .get_result(&mut admin)
                    .await
                    .unwrap();
            if !exists.exists {
                let building = format!("{name}_building");
                diesel::sql_query(format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"))
                    .execute(&mut admin)
                    .await
                    .unwrap();
                diesel::sql_query(format!("CREATE DATABASE {building}"))
                    .execute(&mut admin)
                    .await
                    .unwrap();
                fucina::db::run_migrations(&fucina::db::with_database(&admin_url, &building))
                    .await
                    .unwrap();
                diesel::sql_query(format!("ALTER DATABASE {building} RENAME TO {name}"))
                    .execute(&mut admin)
                    .await
                    .unwrap();
            }
            drop_abandoned_databases(&mut admin).await;
            diesel::sql_query("SELECT pg_advisory_unlock(727271)")
                .execute(&mut admin)
                .await
                .unwrap();
            name
        })
        .await
}

/// Test databases whose process is gone (a crash, a killed run) are dropped.
async fn drop_abandoned_databases(admin: &mut AsyncPgConnection) {
    let names: Vec<Name> = diesel::sql_query("SELECT datname FROM pg_database WHERE datname LIKE 'fucina_test_%'")
        .load(admin)
        .await
        .unwrap_or_default();
    for Name { datname } in names {
        let pid = datname.split('_').nth(2).and_then(|p| p.parse::<i32>().ok());
        let alive = pid.is_some_and(|pid| std::path::Path::new(&format!("/proc/{pid}")).exists());
        if !alive {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {datname} WITH (FORCE)"))
                .execute(admin)
                .await;
        }
    }
}

/// A fresh database for one instance, dropped when this value is.
pub struct TestDatabase {
    pub url: String,
    name: String,
    admin_url: String,
}

impl TestDatabase {
    pub async fn create() -> Self {
        let template = template().await;
        let admin_url = fucina::db::with_database(server_url().await, "postgres");
        let name = format!(
            "fucina_test_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst),
            fucina::crypto::random_token()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(6)
                .collect::<String>()
                .to_lowercase()
        );
        let mut admin = AsyncPgConnection::establish(&admin_url).await.unwrap();
        // Copies of one template are made one at a time across test processes.
        diesel::sql_query("SELECT pg_advisory_lock(727272)")
            .execute(&mut admin)
            .await
            .unwrap();
        let created = diesel::sql_query(format!("CREATE DATABASE {name} TEMPLATE {template}"))
            .execute(&mut admin)
            .await;
        diesel::sql_query("SELECT pg_advisory_unlock(727272)")
            .execute(&mut admin)
            .await
            .unwrap();
        created.expect("creating the test database");
        Self {
            url: fucina::db::with_database(&admin_url, &name),
            name,
            admin_url,
        }
    }
}

impl TestDatabase {
    /// The instance's data directory (its mail, as files), named after the database.
    pub fn data_dir(&self) -> std::path::PathBuf {
        std::env::temp_dir().join(&self.name)
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(self.data_dir());
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        // Drop runs inside the test's runtime; use a thread with its own.
        let _ = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
                return;
            };
            runtime.block_on(async move {
                if let Ok(mut admin) = AsyncPgConnection::establish(&admin_url).await {
                    let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut admin)
                        .await;
                }
            });
        })
        .join();
    }
}

/// A running instance.
pub struct TestApp {
    pub base_url: String,
    pub domain: String,
    pub port: u16,
    state: Option<AppState>,
    overrides: Vec<(String, toml::Value)>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    // Declared last: dropped after the server has been told to stop.
    database: TestDatabase,
}

/// Builds an instance with settings of the test's choosing.
pub struct TestAppBuilder {
    overrides: Vec<(String, toml::Value)>,
    host: String,
}

impl TestAppBuilder {
    /// Sets one setting (`"registration.mode"`, `"closed"`).
    pub fn with(mut self, key: &str, value: impl Into<toml::Value>) -> Self {
        self.overrides.push((key.to_owned(), value.into()));
        self
    }

    /// The hostname in the instance's URL (it must resolve to 127.0.0.1).
    pub fn host(mut self, host: &str) -> Self {
        self.host = host.to_owned();
        self
    }

    pub async fn spawn(self) -> TestApp {
        let database = TestDatabase::create().await;
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let base_url = format!("http://{}:{port}", self.host);
        let mut app = TestApp {
            base_url,
            domain: String::new(),
            port,
            state: None,
            overrides: self.overrides,
            shutdown: None,
            server: None,
            database,
        };
        app.start(listener).await;
        app
    }
}

impl TestApp {
    /// Starts the server on `listener` with this instance's database and settings.
    async fn start(&mut self, listener: TcpListener) {
        let mut overrides: Vec<(&str, toml::Value)> = vec![
            ("server.base_url", self.base_url.clone().into()),
            ("database.url", self.database.url.clone().into()),
            ("database.pool_size", 8.into()),
            ("server.contact_email", "operators@fucina.example".into()),
            (
                "storage.data_dir",
                self.database.data_dir().to_string_lossy().into_owned().into(),
            ),
        ];
        overrides.extend(self.overrides.iter().map(|(k, v)| (k.as_str(), v.clone())));
        let test_config = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config/test.toml");
        let config = Config::load_with_overrides(Some(&test_config), &overrides).expect("test configuration");
        fucina::telemetry::init(&config.log);
        self.domain = config.server.domain.clone();
        let app = Application::build_with_listener(config, listener)
            .await
            .expect("building the app");
        self.state = Some(app.state().clone());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        self.server = Some(tokio::spawn(app.run_until(async move {
            let _ = rx.await;
        })));
        self.shutdown = Some(tx);
    }

    /// The instance's data directory (`storage.data_dir`).
    pub fn data_dir(&self) -> std::path::PathBuf {
        self.database.data_dir()
    }

    /// The messages this instance has mailed (the file transport's `.eml` files), oldest first.
    pub fn mails(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.database.data_dir().join("mail")) else {
            return Vec::new();
        };
        let mut files: Vec<(std::time::SystemTime, String)> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
            .filter_map(|e| {
                let modified = e.metadata().ok()?.modified().ok()?;
                Some((modified, std::fs::read_to_string(e.path()).ok()?))
            })
            .collect();
        files.sort_by_key(|(t, _)| *t);
        files.into_iter().map(|(_, m)| m).collect()
    }

    /// The running instance's state (services and database pool).
    pub fn state(&self) -> &AppState {
        self.state.as_ref().expect("the instance runs")
    }

    /// Stops the server as a crash would: no graceful shutdown, work in flight abandoned.
    pub async fn kill(&mut self) {
        self.shutdown = None;
        if let Some(server) = self.server.take() {
            server.abort();
            let _ = server.await;
        }
        self.state = None;
    }

    /// Starts the instance again on the same port and database.
    pub async fn restart(&mut self) {
        let mut attempts = 0;
        let listener = loop {
            match TcpListener::bind(("127.0.0.1", self.port)).await {
                Ok(listener) => break listener,
                Err(error) if attempts < 100 => {
                    attempts += 1;
                    let _ = error;
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(error) => panic!("rebinding port {}: {error}", self.port),
            }
        };
        self.start(listener).await;
    }

    pub fn builder() -> TestAppBuilder {
        TestAppBuilder {
            overrides: Vec::new(),
            host: "localhost".to_owned(),
        }
    }

    pub async fn spawn() -> Self {
        Self::builder().spawn().await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// The instance's database, for the command line run against it.
    pub fn database_url(&self) -> &str {
        &self.database.url
    }

    /// A plain HTTP client (no cookies, no redirects followed).
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    /// A browser: keeps cookies, fills CSRF tokens in.
    pub fn browser(&self) -> Browser {
        Browser::new(&self.base_url)
    }

    /// Creates an approved account through the service, as an administrator would.
    pub async fn create_user(&self, username: &str) -> Account {
        self.create_user_with_role(username, fucina::domain::account::Role::User)
            .await
    }

    pub async fn create_user_with_role(&self, username: &str, role: fucina::domain::account::Role) -> Account {
        accounts::register(
            self.state(),
            SignUp {
                username: username.to_owned(),
                email: format!("{username}@fucina.example"),
                password: PASSWORD.to_owned(),
                locale: None,
                reason: String::new(),
                accepted_terms: false,
            },
            CreatedBy::Administrator(role),
        )
        .await
        .expect("creating a test user")
    }

    /// A connection to this instance's database, to check what was (not) stored.
    pub async fn db(&self) -> AsyncPgConnection {
        AsyncPgConnection::establish(&self.database.url).await.unwrap()
    }

    /// A connection to the server's `postgres` database, for tests that break things.
    pub async fn admin_db(&self) -> (AsyncPgConnection, String) {
        (
            AsyncPgConnection::establish(&self.database.admin_url).await.unwrap(),
            self.database.name.clone(),
        )
    }

    /// How many rows `table` holds.
    pub async fn count(&self, table: &str) -> i64 {
        #[derive(QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            count: i64,
        }
        let mut conn = self.db().await;
        let row: Count = diesel::sql_query(format!("SELECT count(*) AS count FROM {table}"))
            .get_result(&mut conn)
            .await
            .unwrap();
        row.count
    }

    /// Registers an app and gets a user token with the password grant.
    pub async fn token_for(&self, username: &str, scope: &str) -> String {
        let client = self.client();
        let app: serde_json::Value = client
            .post(self.url("/api/v1/apps"))
            .form(&[
                ("client_name", "test"),
                ("redirect_uris", "urn:ietf:wg:oauth:2.0:oob"),
                ("scopes", scope),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token: serde_json::Value = client
            .post(self.url("/oauth/token"))
            .form(&[
                ("grant_type", "password"),
                ("client_id", app["client_id"].as_str().unwrap()),
                ("client_secret", app["client_secret"].as_str().unwrap()),
                ("username", &format!("{username}@fucina.example")),
                ("password", PASSWORD),
                ("scope", scope),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        token["access_token"].as_str().expect("an access token").to_owned()
    }

    /// Stops the server and waits for it to finish.
    pub async fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = tokio::time::timeout(Duration::from_secs(20), server).await;
        }
        self.state = None;
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

/// Waits until `condition` holds, checking every 20 ms, for at most `timeout`.
pub async fn wait_until<F, Fut>(timeout: Duration, mut condition: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if condition().await {
            return true;
        }
        if tokio::time::Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Waits until `condition` holds (at most 20 s), or fails the test naming `what`.
pub async fn eventually<F, Fut>(what: &str, condition: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    assert!(
        wait_until(Duration::from_secs(20), condition).await,
        "timed out waiting until {what}"
    );
}

/// One text value a query returns (`SELECT … AS value`), or `None` when there is no row.
pub async fn text_of(app: &TestApp, sql: &str) -> Option<String> {
    #[derive(QueryableByName)]
    struct Value {
        #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
        value: Option<String>,
    }
    let mut conn = app.db().await;
    diesel::sql_query(sql)
        .get_result::<Value>(&mut conn)
        .await
        .ok()
        .and_then(|v| v.value)
}
