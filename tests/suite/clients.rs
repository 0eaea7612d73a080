//! Real Mastodon clients against a real instance: Mastodon.py and toot, from
//! PyPI, in a virtualenv the suite makes (and caches) itself.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{PASSWORD, TestApp};

/// A directory under the user's cache for the test clients, made by `build`
/// once per version of `manifest` (a file of tests/clients), behind a file
/// lock so that parallel tests wait for one another.
fn cached(prefix: &'static str, manifest: &'static str, build: fn(&Path, &Path)) -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/clients")
        .join(manifest);
    let text = std::fs::read_to_string(&manifest).unwrap();
    let digest = fucina::crypto::sha256_hex(&text);
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir)
        .join("fucina-test-clients");
    std::fs::create_dir_all(&cache).unwrap();
    let lock = std::fs::File::create(cache.join("lock")).unwrap();
    let _guard = nix::fcntl::Flock::lock(lock, nix::fcntl::FlockArg::LockExclusive)
        .map_err(|(_, e)| e)
        .unwrap();
    let dir = cache.join(format!("{prefix}-{}", &digest[..12]));
    let ready = dir.join("ready");
    if !ready.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        build(&dir, &manifest);
        std::fs::write(&ready, digest).unwrap();
    }
    dir
}

/// The virtualenv with tests/clients/requirements.txt installed (Mastodon.py, toot).
pub async fn python_env() -> PathBuf {
    tokio::task::spawn_blocking(|| {
        cached("venv", "requirements.txt", |venv, requirements| {
            let status = Command::new("python3")
                .args(["-m", "venv"])
                .arg(venv)
                .status()
                .expect("python3 is installed");
            assert!(status.success(), "creating the virtualenv");
            let status = Command::new(venv.join("bin/pip"))
                .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
                .arg(requirements)
                .status()
                .unwrap();
            assert!(status.success(), "installing Mastodon.py and toot from PyPI");
        })
    })
    .await
    .unwrap()
}

/// `node_modules` with tests/clients/package.json installed from npm (megalodon).
pub async fn node_env() -> PathBuf {
    tokio::task::spawn_blocking(|| {
        cached("node", "package.json", |dir, package| {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::copy(package, dir.join("package.json")).unwrap();
            let status = Command::new("npm")
                .args(["install", "--silent", "--no-audit", "--no-fund"])
                .current_dir(dir)
                .status()
                .expect("npm is installed");
            assert!(status.success(), "installing the Node clients from npm");
        })
        .join("node_modules")
    })
    .await
    .unwrap()
}

/// Runs the Mastodon.py script `name` of tests/clients against `url` with
/// `token` (as FUCINA_URL and FUCINA_TOKEN); its output, once it succeeded.
pub async fn mastodon_py(name: &str, url: String, token: String) -> String {
    let venv = python_env().await;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients").join(name);
    tokio::task::spawn_blocking(move || {
        run(Command::new(venv.join("bin/python"))
            .arg(script)
            .env("FUCINA_URL", url)
            .env("FUCINA_TOKEN", token))
    })
    .await
    .unwrap()
}

fn run(command: &mut Command) -> String {
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "the client failed:\n{stdout}\n{stderr}");
    stdout
}

#[tokio::test]
async fn mastodon_py_registers_logs_in_and_reads_the_account_and_instance() {
    let venv = python_env().await;
    let app = TestApp::spawn().await;
    let account = app.create_user("mpy_user").await;
    let reported = app.create_user("spammer").await;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/mastodon_py_login.py");
    let stdout = tokio::task::spawn_blocking({
        let url = app.base_url.clone();
        let id = account.actor.id.to_string();
        let reported_id = reported.actor.id.to_string();
        move || {
            run(Command::new(venv.join("bin/python"))
                .arg(script)
                .env("FUCINA_REPORTED_ID", reported_id)
                .env("FUCINA_URL", url)
                .env("FUCINA_EMAIL", "mpy_user@fucina.example")
                .env("FUCINA_PASSWORD", PASSWORD)
                .env("FUCINA_USERNAME", "mpy_user")
                .env("FUCINA_ACCOUNT_ID", id)
                .env("FUCINA_INSTANCE_TITLE", "Fucina"))
        }
    })
    .await
    .unwrap();
    assert!(stdout.contains("logged in as mpy_user"), "{stdout}");
    assert!(stdout.contains("version 4.2.0"), "{stdout}");
    assert!(stdout.contains("reported spammer"), "{stdout}");
    assert_eq!(app.count("reports").await, 1);
}

#[tokio::test]
async fn toot_logs_in_from_the_console_and_knows_who_it_is() {
    let venv = python_env().await;
    let app = TestApp::spawn().await;
    app.create_user("toot_user").await;
    let config_home = std::env::temp_dir().join(format!("fucina-toot-{}-{}", std::process::id(), app.port));
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/toot_login.sh");
    let stdout = tokio::task::spawn_blocking({
        let url = app.base_url.clone();
        let config_home = config_home.clone();
        move || {
            let path = format!(
                "{}:{}",
                venv.join("bin").display(),
                std::env::var("PATH").unwrap_or_default()
            );
            run(Command::new("sh")
                .arg(script)
                .env("PATH", path)
                .env("XDG_CONFIG_HOME", &config_home)
                .env("FUCINA_URL", url)
                .env("FUCINA_EMAIL", "toot_user@fucina.example")
                .env("FUCINA_PASSWORD", PASSWORD)
                .env("NO_COLOR", "1"))
        }
    })
    .await
    .unwrap();
    let _ = std::fs::remove_dir_all(&config_home);
    assert!(stdout.contains("Successfully logged in"), "{stdout}");
    assert!(stdout.contains("@toot_user"), "whoami shows the account: {stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mastodon_py_follows_across_instances_replies_and_posts_a_picture() {
    let venv = python_env().await;
    let a = TestApp::spawn().await;
    let b = TestApp::spawn().await;
    a.create_user("mpy_alice").await;
    b.create_user("mpy_bob").await;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/mastodon_py_federation.py");
    let (a_url, b_url, b_handle) = (a.base_url.clone(), b.base_url.clone(), format!("mpy_bob@{}", b.domain));
    let stdout = tokio::task::spawn_blocking(move || {
        run(Command::new(venv.join("bin/python"))
            .arg(script)
            .env("FUCINA_A_URL", a_url)
            .env("FUCINA_B_URL", b_url)
            .env("FUCINA_A_EMAIL", "mpy_alice@fucina.example")
            .env("FUCINA_B_EMAIL", "mpy_bob@fucina.example")
            .env("FUCINA_B_HANDLE", b_handle)
            .env("FUCINA_PASSWORD", PASSWORD))
    })
    .await
    .unwrap();
    assert!(stdout.contains("federation ok"), "{stdout}");
    assert!(stdout.contains("B notified by: mpy_alice@"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mastodon_py_joins_a_community_elsewhere_and_takes_part() {
    let venv = python_env().await;
    let a = TestApp::spawn().await;
    let b = TestApp::spawn().await;
    let owner = a.create_user("mpy_alice").await;
    b.create_user("mpy_bob").await;
    fucina::services::groups::create_community(
        a.state(),
        &owner,
        fucina::services::groups::NewCommunity {
            name: "drone_lab".into(),
            title: "Drone lab".into(),
            join_mode: "open".into(),
            listed: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/mastodon_py_groups.py");
    let (a_url, b_url, handle) = (
        a.base_url.clone(),
        b.base_url.clone(),
        format!("drone_lab@{}", a.domain),
    );
    let stdout = tokio::task::spawn_blocking(move || {
        run(Command::new(venv.join("bin/python"))
            .arg(script)
            .env("FUCINA_A_URL", a_url)
            .env("FUCINA_B_URL", b_url)
            .env("FUCINA_A_EMAIL", "mpy_alice@fucina.example")
            .env("FUCINA_B_EMAIL", "mpy_bob@fucina.example")
            .env("FUCINA_GROUP_HANDLE", handle)
            .env("FUCINA_PASSWORD", PASSWORD))
    })
    .await
    .unwrap();
    assert!(stdout.contains("groups ok"), "{stdout}");
    assert_eq!(
        a.count("statuses WHERE group_id IS NOT NULL").await,
        2,
        "the post and the reply are in the group"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mastodon_py_votes_in_a_consultation_elsewhere_and_reads_a_proposal() {
    let venv = python_env().await;
    let a = crate::proposals::themed().spawn().await;
    let b = TestApp::spawn().await;
    a.create_user("mpy_alice").await;
    b.create_user("mpy_bob").await;
    let token = a.token_for("mpy_alice", "read write").await;
    let groups: serde_json::Value = a
        .client()
        .get(a.url("/api/fucina/v1/groups"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let theme = groups
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["theme_key"] == "agrifood")
        .unwrap()["id"]
        .clone();
    let published: serde_json::Value = a
        .client()
        .post(a.url("/api/fucina/v1/proposals"))
        .bearer_auth(&token)
        .json(
            &serde_json::json!({"title": "Drones for vineyards", "short_description": "Spraying by drone.",
            "description": "We look for partners.", "kind": "technology_offer", "stage": "idea", "ip": "none",
            "group_ids": [theme], "submit": true}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(published["state"], "open", "{published}");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/mastodon_py_consultations.py");
    let (a_url, b_url, handle, uri, id) = (
        a.base_url.clone(),
        b.base_url.clone(),
        format!("agrifood@{}", a.domain),
        published["uri"].as_str().unwrap().to_owned(),
        published["id"].as_str().unwrap().to_owned(),
    );
    let stdout = tokio::task::spawn_blocking(move || {
        run(Command::new(venv.join("bin/python"))
            .arg(script)
            .env("FUCINA_A_URL", a_url)
            .env("FUCINA_B_URL", b_url)
            .env("FUCINA_A_EMAIL", "mpy_alice@fucina.example")
            .env("FUCINA_B_EMAIL", "mpy_bob@fucina.example")
            .env("FUCINA_THEME_HANDLE", handle)
            .env("FUCINA_PROPOSAL_URI", uri)
            .env("FUCINA_PROPOSAL_ID", id)
            .env("FUCINA_PASSWORD", PASSWORD))
    })
    .await
    .unwrap();
    assert!(stdout.contains("consultations ok"), "{stdout}");
    assert_eq!(a.count("poll_votes").await, 1, "one vote, counted once");
}

#[tokio::test]
async fn mastodon_py_as_a_moderators_app_reads_the_rules_and_silences_and_unsilences_an_account() {
    use fucina::i18n::Language;
    use fucina::services::moderation::By;
    use fucina::services::rules::{self, RuleText};
    let venv = python_env().await;
    let app = TestApp::spawn().await;
    app.create_user_with_role("mod_user", fucina::domain::account::Role::Moderator)
        .await;
    let target = app.create_user("loud").await;
    let words = [(
        Language::En,
        RuleText {
            text: "Be kind".into(),
            hint: String::new(),
        },
    )];
    rules::save(app.state(), By::Console, None, 1, &words).await.unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/mastodon_py_moderation.py");
    let stdout = tokio::task::spawn_blocking({
        let url = app.base_url.clone();
        let id = target.actor.id.to_string();
        move || {
            run(Command::new(venv.join("bin/python"))
                .arg(script)
                .env("FUCINA_URL", url)
                .env("FUCINA_EMAIL", "mod_user@fucina.example")
                .env("FUCINA_PASSWORD", PASSWORD)
                .env("FUCINA_TARGET_ID", id))
        }
    })
    .await
    .unwrap();
    assert!(stdout.contains("rules 1"), "{stdout}");
    assert!(stdout.contains("silenced loud"), "{stdout}");
    assert!(stdout.contains("unsilenced loud"), "{stdout}");
    assert_eq!(app.count("account_warnings").await, 1);
}

#[tokio::test]
async fn megalodon_recognises_the_server_logs_in_with_a_token_and_reads_home() {
    let modules = node_env().await;
    let app = TestApp::spawn().await;
    let nina = crate::federation::Client::new(&app, "nina").await;
    nina.post_status(serde_json::json!({"status": "Hello from Node"})).await;
    let token = app.token_for("nina", "read").await;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/megalodon_login.cjs");
    let url = app.base_url.clone();
    let stdout = tokio::task::spawn_blocking(move || {
        run(Command::new("node")
            .arg(script)
            .env("NODE_PATH", modules)
            .env("FUCINA_URL", url)
            .env("FUCINA_TOKEN", token))
    })
    .await
    .unwrap();
    assert!(
        stdout.contains("detector: mastodon; account: nina; home: 1"),
        "{stdout}"
    );
}
