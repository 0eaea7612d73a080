//! The `fucina` binary: its commands, its one-line errors, and the private
//! PostgreSQL cluster it runs when no database URL is configured.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::{TestDatabase, wait_until};

fn fucina() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fucina"));
    // The test process's own FUCINA__ variables must not leak in.
    for (key, _) in std::env::vars() {
        if key.starts_with("FUCINA__") {
            command.env_remove(key);
        }
    }
    command.env("FUCINA__LOG__LEVEL", "warn");
    command
}

fn run(command: &mut Command) -> (i32, String, String) {
    let output = command.output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn help_is_there_for_every_command() {
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["account", "create", "--help"],
        vec!["config", "check", "--help"],
        vec!["migrate", "--help"],
        vec!["federation", "--help"],
        vec!["federation", "block", "--help"],
    ] {
        let (code, stdout, _) = run(fucina().args(&args));
        assert_eq!(code, 0, "{args:?}");
        assert!(stdout.contains("Usage:"), "{args:?}: {stdout}");
    }
}

#[test]
fn a_bad_setting_is_one_line_naming_the_key() {
    let cases = [
        ("FUCINA__SERVER__LISTEN", "not-an-address", "server.listen"),
        ("FUCINA__REGISTRATION__MODE", "sometimes", "registration.mode"),
        ("FUCINA__SERVER__BASE_URL", "ftp://x", "server.base_url"),
        ("FUCINA__I18N__DEFAULT_LANGUAGE", "klingon", "i18n.default_language"),
    ];
    for (key, value, expected) in cases {
        let (code, _, stderr) = run(fucina().args(["config", "check"]).env(key, value));
        assert_ne!(code, 0, "{key}");
        assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert!(stderr.contains(expected), "{key}={value}: {stderr}");
    }
}

#[test]
fn config_check_prints_the_layered_values() {
    let dir = tempdir("config");
    let file = dir.join("site.toml");
    std::fs::write(
        &file,
        "[server]\nbase_url = \"https://innovation.example.org\"\nlisten = \"127.0.0.1:9999\"\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(fucina()
        .arg("--config")
        .arg(&file)
        .args(["config", "check"])
        .env("FUCINA__SERVER__LISTEN", "127.0.0.1:8081"));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("server.domain = innovation.example.org"), "{stdout}");
    assert!(
        stdout.contains("server.listen = 127.0.0.1:8081"),
        "the environment wins: {stdout}"
    );
    let (code, _, stderr) = run(fucina().args(["--config", "/no/such/file.toml", "config", "check"]));
    assert_ne!(code, 0);
    assert!(stderr.contains("/no/such/file.toml"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unknown_commands_and_arguments_are_one_line() {
    for args in [vec!["frobnicate"], vec!["account", "create"], vec!["serve", "--bogus"]] {
        let (code, _, stderr) = run(fucina().args(&args));
        assert_eq!(code, 2, "{args:?}");
        assert_eq!(stderr.trim().lines().count(), 1, "{args:?}: {stderr}");
    }
}

#[tokio::test]
async fn accounts_are_created_and_listed_from_the_command_line() {
    let database = TestDatabase::create().await;
    let with_db = |command: &mut Command| {
        command.env("FUCINA__DATABASE__URL", &database.url);
    };
    let mut create = fucina();
    with_db(&mut create);
    create
        .args([
            "account",
            "create",
            "admin_ada",
            "--email",
            "ada@fucina.example",
            "--admin",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = create.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a long enough password\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("created @admin_ada"));

    let mut generated = fucina();
    with_db(&mut generated);
    let (code, stdout, stderr) = run(generated.args(["account", "create", "bob", "--email", "bob@fucina.example"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("password: "), "a generated password is printed");

    let mut taken = fucina();
    with_db(&mut taken);
    let (code, _, stderr) = run(taken.args(["account", "create", "bob", "--email", "bob2@fucina.example"]));
    assert_eq!(code, 1);
    assert_eq!(stderr.trim().lines().count(), 1);
    assert!(stderr.contains("This username is already taken."), "{stderr}");

    let mut list = fucina();
    with_db(&mut list);
    let (code, stdout, _) = run(list.args(["account", "list"]));
    assert_eq!(code, 0);
    assert!(
        stdout.contains("admin_ada\tada@fucina.example\tadmin\tapproved"),
        "{stdout}"
    );
    assert!(stdout.contains("bob\tbob@fucina.example\tuser"), "{stdout}");

    // Bob becomes a facilitator; an unknown role is one clear line.
    let mut role = fucina();
    with_db(&mut role);
    let (code, stdout, stderr) = run(role.args(["account", "role", "bob", "facilitator"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("@bob is now facilitator"), "{stdout}");
    let mut bad = fucina();
    with_db(&mut bad);
    let (code, _, stderr) = run(bad.args(["account", "role", "bob", "wizard"]));
    assert_eq!(code, 1);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("unknown role wizard"), "{stderr}");
    let mut list = fucina();
    with_db(&mut list);
    let (_, stdout, _) = run(list.args(["account", "list"]));
    assert!(stdout.contains("bob\tbob@fucina.example\tfacilitator"), "{stdout}");
}

#[tokio::test]
async fn migrate_creates_a_missing_database_and_applies_the_migrations() {
    let database = TestDatabase::create().await;
    // A name that does not exist yet on the same server; dropped by `cleanup`.
    let fresh = format!("{}_fresh", fucina::db::database_name(&database.url).unwrap());
    let url = fucina::db::with_database(&database.url, &fresh);
    let (code, stdout, stderr) = run(fucina().arg("migrate").env("FUCINA__DATABASE__URL", &url));
    let cleanup = FreshDatabase {
        url: database.url.clone(),
        name: fresh,
    };
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("migrations applied"));
    let (code, _, stderr) = run(fucina().arg("migrate").env("FUCINA__DATABASE__URL", &url));
    assert_eq!(code, 0, "running it again is harmless: {stderr}");
    drop(cleanup);
}

struct FreshDatabase {
    url: String,
    name: String,
}

impl Drop for FreshDatabase {
    fn drop(&mut self) {
        let admin = fucina::db::with_database(&self.url, "postgres");
        let name = self.name.clone();
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                use diesel_async::{AsyncConnection, RunQueryDsl};
                if let Ok(mut conn) = diesel_async::AsyncPgConnection::establish(&admin).await {
                    let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut conn)
                        .await;
                }
            });
        })
        .join();
    }
}

#[tokio::test]
async fn an_unreachable_database_is_one_clear_line() {
    let (code, _, stderr) = run(fucina()
        .args(["account", "list"])
        .env("FUCINA__DATABASE__URL", "postgres://nobody@127.0.0.1:1/none"));
    assert_eq!(code, 1);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("127.0.0.1:1"), "{stderr}");
}

/// A directory under the system's temporary directory, reachable by the
/// `postgres` user when the tests run as root.
fn tempdir(label: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!(
        "fucina-{label}-{}-{}",
        std::process::id(),
        fucina::crypto::random_token()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(8)
            .collect::<String>()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn healthy(port: u16) -> bool {
    matches!(reqwest::get(format!("http://127.0.0.1:{port}/health")).await, Ok(r) if r.status().is_success())
}

/// Starts `fucina serve` on a data directory with no database URL.
fn serve_private(data_dir: &std::path::Path, port: u16) -> std::process::Child {
    fucina()
        .arg("serve")
        .env("FUCINA__STORAGE__DATA_DIR", data_dir)
        .env("FUCINA__SERVER__LISTEN", format!("127.0.0.1:{port}"))
        .env("FUCINA__SERVER__BASE_URL", format!("http://localhost:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn terminate(child: &mut std::process::Child) -> std::process::ExitStatus {
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    child.wait().unwrap()
}

#[tokio::test]
async fn the_private_cluster_is_created_on_first_start_stopped_with_the_server_and_reused() {
    let data_dir = tempdir("cluster");
    let cluster_dir = data_dir.join("postgres");

    // First start: initdb, start, migrate, serve.
    let port = free_port();
    let mut server = serve_private(&data_dir, port);
    assert!(
        wait_until(Duration::from_secs(120), || healthy(port)).await,
        "the first start serves"
    );
    assert!(
        cluster_dir.join("PG_VERSION").is_file(),
        "the cluster lives under the data directory"
    );
    assert!(
        cluster_dir.join(".s.PGSQL.5432").exists(),
        "it listens on a socket in its directory"
    );
    let conf = std::fs::read_to_string(cluster_dir.join("fucina.conf")).unwrap();
    assert!(conf.contains("listen_addresses = ''"), "and on no TCP port");

    // Something to find after the restart.
    let url = format!("host={} port=5432 user=fucina dbname=fucina", cluster_dir.display());
    let (code, _, stderr) = run(fucina()
        .args(["account", "create", "persisted", "--email", "p@fucina.example"])
        .env("FUCINA__DATABASE__URL", "")
        .env("FUCINA__STORAGE__DATA_DIR", &data_dir));
    assert_eq!(code, 0, "the CLI reuses the running cluster: {stderr}");
    let _ = url;

    assert!(terminate(&mut server).success(), "a clean shutdown on SIGTERM");
    assert!(
        !cluster_dir.join("postmaster.pid").exists(),
        "the cluster stopped with the server"
    );

    // Second start: the same cluster, the same data.
    let port = free_port();
    let mut server = serve_private(&data_dir, port);
    assert!(
        wait_until(Duration::from_secs(60), || healthy(port)).await,
        "the restart serves"
    );
    let lookup = reqwest::get(format!("http://127.0.0.1:{port}/api/v1/accounts/lookup?acct=persisted"))
        .await
        .unwrap();
    assert_eq!(
        lookup.status(),
        reqwest::StatusCode::OK,
        "the account survived the restart"
    );
    assert!(terminate(&mut server).success());
    assert!(!cluster_dir.join("postmaster.pid").exists());
    let _ = std::fs::remove_dir_all(&data_dir);
}

#[test]
fn a_data_directory_too_deep_for_a_socket_is_refused_clearly() {
    let deep = std::env::temp_dir().join("x".repeat(120));
    let (code, _, stderr) = run(fucina().arg("migrate").env("FUCINA__STORAGE__DATA_DIR", &deep));
    assert_eq!(code, 1);
    assert!(stderr.contains("too deep for a unix socket"), "{stderr}");
}

#[tokio::test]
async fn the_federation_mode_set_from_the_command_line_takes_effect_on_the_running_server() {
    use crate::common::TestApp;
    use crate::common::remote::FakeServer;
    let app = TestApp::spawn().await;
    let stranger = FakeServer::start().await;
    let person = stranger.person("sam");
    let key = format!("{}#main-key", person["id"].as_str().unwrap());
    let follow = |n: u32| {
        serde_json::json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": stranger.url(&format!("/follows/{n}")), "type": "Follow",
            "actor": person["id"], "object": app.url("/actor"),
        })
    };
    let cli = |args: &[&str]| {
        let mut command = fucina();
        command
            .env("FUCINA__DATABASE__URL", app.database_url())
            .env("FUCINA__SERVER__BASE_URL", app.url(""))
            .env("FUCINA__FEDERATION__ALLOW_PRIVATE_ADDRESSES", "true")
            .args(args);
        run(&mut command)
    };
    let (code, stdout, stderr) = cli(&["federation", "mode", "linked-only"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("linked-only"));
    // No restart: within seconds the server refuses the stranger.
    let mut n = 0;
    assert!(
        wait_until(Duration::from_secs(10), || {
            n += 1;
            let activity = follow(n);
            let stranger = &stranger;
            let key = key.clone();
            let inbox = app.url("/inbox");
            async move { stranger.post_signed(&inbox, &key, &activity).await.status() == 403 }
        })
        .await,
        "the running server applies linked-only mode"
    );
    let (code, _, stderr) = cli(&["federation", "mode", "closed"]);
    assert_eq!(code, 1);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    let (code, _, stderr) = cli(&["federation", "link", "not a domain"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("domain"), "{stderr}");
    let (code, stdout, _) = cli(&["federation", "list"]);
    assert_eq!(code, 0);
    assert_eq!(stdout.trim(), "", "nothing is linked");
    let (code, _, stderr) = cli(&["federation", "mode", "open"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        wait_until(Duration::from_secs(10), || {
            n += 1;
            let activity = follow(n);
            let stranger = &stranger;
            let key = key.clone();
            let inbox = app.url("/inbox");
            async move {
                stranger
                    .post_signed(&inbox, &key, &activity)
                    .await
                    .status()
                    .is_success()
            }
        })
        .await,
        "open again"
    );
}

/// `fucina <group> …` on an instance's own database and settings, off the
/// test's threads (it may fetch from the instances the test runs).
pub async fn cli_on(app: &crate::common::TestApp, group: &str, args: &[&str]) -> (i32, String, String) {
    let database_url = app.database_url().to_owned();
    let base_url = app.url("");
    let args: Vec<String> = std::iter::once(group)
        .chain(args.iter().copied())
        .map(str::to_owned)
        .collect();
    tokio::task::spawn_blocking(move || {
        let mut command = fucina();
        command
            .env("FUCINA__DATABASE__URL", database_url)
            .env("FUCINA__SERVER__BASE_URL", base_url)
            .env("FUCINA__FEDERATION__ALLOW_PRIVATE_ADDRESSES", "true")
            .args(&args);
        run(&mut command)
    })
    .await
    .unwrap()
}

async fn federation_cli(app: &crate::common::TestApp, args: &[&str]) -> (i32, String, String) {
    cli_on(app, "federation", args).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_link_with_one_command_each_and_see_each_others_proposals_on_their_theme_pages() {
    use crate::common::TestApp;
    use crate::federation::Client;
    use crate::proposals::{create, eventually, proposal_body, theme_id};
    let themed = || {
        TestApp::builder()
            .with("themes.create_defaults", true)
            .with("proposals.validation", false)
    };
    let a = themed().spawn().await;
    let b = themed().spawn().await;

    let (code, stdout, stderr) = federation_cli(&a, &["link", &b.domain]).await;
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("waiting for them"), "{stdout}");
    eventually("B receives A's request", || async {
        b.count("instance_links WHERE incoming = 'pending'").await == 1
    })
    .await;
    let (code, _, stderr) = federation_cli(&b, &["link", &a.domain]).await;
    assert_eq!(code, 0, "{stderr}");
    eventually("both sides are linked", || async {
        a.count("instance_links WHERE outgoing = 'accepted' AND incoming = 'accepted'")
            .await
            == 1
            && b.count("instance_links WHERE outgoing = 'accepted' AND incoming = 'accepted'")
                .await
                == 1
    })
    .await;
    let (_, listed, _) = federation_cli(&a, &["list"]).await;
    assert!(listed.contains(&b.domain) && listed.contains("linked"), "{listed}");

    // Each publishes a proposal in agri-food; each sees the other's on its theme page.
    let anna = Client::new(&a, "anna").await;
    let bea = Client::new(&b, "bea").await;
    for (author, title) in [(&anna, "Irrigation by forecast"), (&bea, "Dairy cold chain")] {
        let group = theme_id(author, "agrifood").await;
        let mut body = proposal_body(&group);
        body["title"] = serde_json::json!(title);
        body["submit"] = serde_json::json!(true);
        let proposal = create(author, body).await;
        assert_eq!(proposal["state"], "open", "{proposal}");
    }
    for (app, title) in [(&a, "Dairy cold chain"), (&b, "Irrigation by forecast")] {
        eventually("the other instance's proposal is on the theme page", || async {
            app.browser().get("/@agrifood").await.contains(title)
        })
        .await;
    }
}

pub async fn account_cli(app: &crate::common::TestApp, args: &[&str]) -> (i32, String, String) {
    cli_on(app, "account", args).await
}

#[tokio::test]
async fn the_console_suspends_an_account_and_after_30_days_it_is_purged_for_good() {
    use crate::common::{TestApp, text_of};
    let app = TestApp::spawn().await;
    app.create_user("bob").await;
    let actor = |app: &TestApp| {
        let url = app.url("/users/bob");
        let client = app.client();
        async move {
            client
                .get(url)
                .header("accept", "application/activity+json")
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    let (code, out, err) = account_cli(&app, &["suspend", "bob", "--reason", "Spam"]).await;
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(actor(&app).await, reqwest::StatusCode::GONE);
    let told = text_of(
        &app,
        "SELECT text AS value FROM account_warnings WHERE action = 'suspend'",
    )
    .await;
    assert_eq!(told.as_deref(), Some("Spam"));
    let (code, out, err) = account_cli(&app, &["unsuspend", "bob"]).await;
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(actor(&app).await, reqwest::StatusCode::OK);

    let (code, _, _) = account_cli(&app, &["suspend", "bob"]).await;
    assert_eq!(code, 0);
    // Not yet due: nothing is purged.
    assert_eq!(fucina::services::erasure::purge_due(app.state()).await.unwrap(), 0);
    let mut conn = app.db().await;
    diesel_async::RunQueryDsl::execute(
        diesel::sql_query("UPDATE users SET suspended_at = suspended_at - interval '31 days'"),
        &mut conn,
    )
    .await
    .unwrap();
    assert_eq!(fucina::services::erasure::purge_due(app.state()).await.unwrap(), 1);
    assert_eq!(app.count("users").await, 0);
    let (code, _, err) = account_cli(&app, &["unsuspend", "bob"]).await;
    assert_ne!(code, 0, "a purged account cannot come back");
    assert!(err.contains("no local account named bob"), "{err}");
    assert_eq!(actor(&app).await, reqwest::StatusCode::GONE);
}
