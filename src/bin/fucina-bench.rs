//! fucina-bench: the load figures of docs/performance.md.
//!
//! It starts a real `fucina serve` (a release build, its own fresh database),
//! plays the other servers itself, and prints what it measured:
//! - `ingest`: signed `Create(Note)`s from many remote actors posted to the
//!   shared inbox (signed before the clock starts); activities/s, p50/p99;
//! - `fanout`: one public post to followers on distinct remote instances (a
//!   sink on loopback that verifies every signature); time until all have it;
//! - both report the server's resident memory, idle and at its peak;
//! - `search`: full-text search over proposals and posts, and "proposals
//!   for you", at 32 in flight.
//!
//!     cargo build --release && target/release/fucina-bench all

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark prints its figures"
)]

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::IntoResponse;
use chrono::Utc;
use clap::{Parser, Subcommand};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use futures::StreamExt;
use rsa::RsaPrivateKey;
use serde_json::{Value, json};

#[derive(Parser)]
#[command(
    name = "fucina-bench",
    about = "Load figures for Fucina: inbox ingest, fan-out, memory"
)]
struct Cli {
    /// Any database on the PostgreSQL server to use; the benchmark creates and drops its own.
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/postgres")]
    database_url: String,
    /// The `fucina` binary to measure (default: next to this one).
    #[arg(long)]
    fucina_bin: Option<PathBuf>,
    #[command(subcommand)]
    command: Which,
}

#[derive(Subcommand)]
enum Which {
    /// Inbox ingest.
    Ingest {
        #[arg(long, default_value_t = 5000)]
        activities: usize,
        #[arg(long, default_value_t = 200)]
        actors: usize,
        #[arg(long, default_value_t = 64)]
        concurrency: usize,
        /// Drop the posts' full-text column and index first, to measure what their upkeep costs.
        #[arg(long)]
        without_search: bool,
        /// Another pending-list size for the posts' full-text index, in kB, or 0 for
        /// none (`fastupdate = off`), to measure it.
        #[arg(long)]
        search_pending_kb: Option<u32>,
    },
    /// Fan-out of one post to followers on distinct instances.
    Fanout {
        #[arg(long, default_value_t = 1000)]
        instances: usize,
    },
    /// Reading proposal lists (the API and the page) with many proposals stored.
    Proposals {
        #[arg(long, default_value_t = 5000)]
        proposals: usize,
        #[arg(long, default_value_t = 1000)]
        requests: usize,
        #[arg(long, default_value_t = 16)]
        concurrency: usize,
    },
    /// Full-text search and "proposals for you" over many proposals and posts.
    Search {
        #[arg(long, default_value_t = 100_000)]
        proposals: usize,
        #[arg(long, default_value_t = 1_000_000)]
        posts: usize,
        #[arg(long, default_value_t = 2000)]
        requests: usize,
        #[arg(long, default_value_t = 32)]
        concurrency: usize,
    },
    /// All of them, with the defaults.
    All,
}

#[path = "fucina-bench/load.rs"]
mod load;
#[path = "fucina-bench/search.rs"]
mod search;

use load::{percentile, read_load};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let bin = match &cli.fucina_bin {
        Some(path) => path.clone(),
        None => std::env::current_exe()?.with_file_name("fucina"),
    };
    if !bin.is_file() {
        bail!(
            "no fucina binary at {} (build it with cargo build --release)",
            bin.display()
        );
    }
    println!(
        "machine: {} cores, {}",
        num_cpus(),
        first_line("/proc/cpuinfo", "model name").unwrap_or_default()
    );
    match cli.command {
        Which::Ingest {
            activities,
            actors,
            concurrency,
            without_search,
            search_pending_kb,
        } => {
            let search = match (without_search, search_pending_kb) {
                (true, _) => Search::Without,
                (false, Some(kb)) => Search::PendingKb(kb),
                (false, None) => Search::AsMigrated,
            };
            ingest(&cli.database_url, &bin, activities, actors, concurrency, search).await
        }
        Which::Fanout { instances } => fanout(&cli.database_url, &bin, instances).await,
        Which::Proposals {
            proposals,
            requests,
            concurrency,
        } => proposal_lists(&cli.database_url, &bin, proposals, requests, concurrency).await,
        Which::Search {
            proposals,
            posts,
            requests,
            concurrency,
        } => search::search(&cli.database_url, &bin, proposals, posts, requests, concurrency).await,
        Which::All => {
            ingest(&cli.database_url, &bin, 5000, 200, 64, Search::AsMigrated).await?;
            fanout(&cli.database_url, &bin, 1000).await?;
            proposal_lists(&cli.database_url, &bin, 5000, 1000, 16).await?;
            search::search(&cli.database_url, &bin, 100_000, 1_000_000, 2000, 32).await
        }
    }
}

fn num_cpus() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

fn first_line(path: &str, prefix: &str) -> Option<String> {
    std::fs::read_to_string(path)
        .ok()?
        .lines()
        .find(|l| l.starts_with(prefix))
        .and_then(|l| l.split(':').nth(1))
        .map(|s| s.trim().to_owned())
}

/// Resident memory of a process, in MiB.
fn rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

/// CPU seconds (user + system) used so far by process `pid`.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let after = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or_default();
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|i| fields.get(*i))
        .filter_map(|v| v.parse::<f64>().ok())
        .sum();
    ticks / 100.0
}

/// CPU seconds used so far by every PostgreSQL process on the machine.
fn postgres_cpu_seconds() -> f64 {
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.trim() == "postgres"))
        .map(cpu_seconds)
        .sum()
}

/// The posts' full-text index during an ingest run.
#[derive(Clone, Copy)]
enum Search {
    AsMigrated,
    Without,
    PendingKb(u32),
}

/// A `fucina serve` child process on its own database.
struct Server {
    child: Child,
    base: String,
    db_url: String,
    db_name: String,
    admin_url: String,
    env: Vec<(String, String)>,
}

impl Server {
    async fn start(admin_url: &str, bin: &PathBuf) -> anyhow::Result<Self> {
        let db_name = format!("fucina_bench_{}_{}", std::process::id(), rand::random::<u32>());
        let admin_url = fucina::db::with_database(admin_url, "postgres");
        let mut admin = AsyncPgConnection::establish(&admin_url)
            .await
            .context("connecting to PostgreSQL")?;
        diesel::sql_query(format!("CREATE DATABASE {db_name}"))
            .execute(&mut admin)
            .await?;
        let db_url = fucina::db::with_database(&admin_url, &db_name);
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let base = format!("http://localhost:{port}");
        let env: Vec<(String, String)> = vec![
            ("FUCINA__DATABASE__URL".into(), db_url.clone()),
            ("FUCINA__DATABASE__POOL_SIZE".into(), "24".into()),
            ("FUCINA__SERVER__LISTEN".into(), format!("127.0.0.1:{port}")),
            ("FUCINA__SERVER__BASE_URL".into(), base.clone()),
            ("FUCINA__FEDERATION__ALLOW_PRIVATE_ADDRESSES".into(), "true".into()),
            ("FUCINA__FEDERATION__DELIVERY__CONCURRENCY".into(), "64".into()),
            ("FUCINA__LOG__LEVEL".into(), "error".into()),
        ];
        let child = Command::new(bin)
            .arg("serve")
            .envs(env.iter().cloned())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()?;
        let server = Self {
            child,
            base,
            db_url,
            db_name,
            admin_url,
            env,
        };
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(response) = client.get(format!("{}/health", server.base)).send().await
                && response.status().is_success()
            {
                break;
            }
            if Instant::now() > deadline {
                bail!("the server did not become healthy");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        server.create_account(bin, "bench")?;
        Ok(server)
    }

    /// Creates a local account (password "bench password 123") with the CLI.
    fn create_account(&self, bin: &PathBuf, name: &str) -> anyhow::Result<()> {
        let email = format!("{name}@fucina.example");
        let mut create = Command::new(bin)
            .args(["account", "create", name, "--email", &email, "--password-stdin"])
            .envs(self.env.iter().cloned())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()?;
        use std::io::Write;
        create
            .stdin
            .take()
            .context("stdin")?
            .write_all(b"bench password 123\n")?;
        if !create.wait()?.success() {
            bail!("creating the account {name} failed");
        }
        Ok(())
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    async fn db(&self) -> anyhow::Result<AsyncPgConnection> {
        Ok(AsyncPgConnection::establish(&self.db_url).await?)
    }

    async fn stop(mut self) -> anyhow::Result<()> {
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(self.child.id() as i32),
            nix::sys::signal::Signal::SIGTERM,
        );
        let _ = self.child.wait();
        // FUCINA_BENCH_KEEP=1 keeps the data, to read the plans with EXPLAIN ANALYZE.
        if std::env::var_os("FUCINA_BENCH_KEEP").is_some() {
            println!("kept database {}", self.db_name);
            return Ok(());
        }
        let mut admin = AsyncPgConnection::establish(&self.admin_url).await?;
        diesel::sql_query(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.db_name))
            .execute(&mut admin)
            .await?;
        Ok(())
    }
}

/// Samples a process's resident memory until stopped; returns the peak.
fn sample_peak(pid: u32) -> (Arc<AtomicU64>, tokio::task::JoinHandle<()>) {
    let peak = Arc::new(AtomicU64::new(0));
    let shared = peak.clone();
    let task = tokio::spawn(async move {
        loop {
            let now = (rss_mib(pid) * 1024.0) as u64;
            shared.fetch_max(now, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    (peak, task)
}

#[derive(Clone)]
struct Actors {
    documents: Arc<Vec<Value>>,
}

/// Plays the remote servers: serves actor documents at /users/actorN.
async fn start_actor_server(count: usize, public_key_pem: &str) -> anyhow::Result<(String, Vec<String>)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://localhost:{}", listener.local_addr()?.port());
    let documents: Vec<Value> = (0..count)
        .map(|n| {
            let id = format!("{base}/users/actor{n}");
            json!({
                "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
                "id": id, "type": "Person", "preferredUsername": format!("actor{n}"),
                "inbox": format!("{id}/inbox"), "endpoints": {"sharedInbox": format!("{base}/inbox")},
                "followers": format!("{id}/followers"),
                "publicKey": {"id": format!("{id}#main-key"), "owner": id, "publicKeyPem": public_key_pem},
            })
        })
        .collect();
    let ids = documents
        .iter()
        .map(|d| d["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    let state = Actors {
        documents: Arc::new(documents),
    };
    let router = Router::new()
        .fallback(|State(actors): State<Actors>, uri: Uri| async move {
            let n: Option<usize> = uri.path().strip_prefix("/users/actor").and_then(|n| n.parse().ok());
            match n.and_then(|n| actors.documents.get(n)) {
                Some(document) => {
                    ([("content-type", "application/activity+json")], document.to_string()).into_response()
                }
                None => StatusCode::NOT_FOUND.into_response(),
            }
        })
        .with_state(state);
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    Ok((base, ids))
}

/// A signed POST, ready to send.
struct Prepared {
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

fn prepare(inbox: &url::Url, actor: &str, n: usize, target: &str, key: &RsaPrivateKey) -> Prepared {
    let id = format!("{actor}/statuses/{n}");
    let activity = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{id}/activity"), "type": "Create", "actor": actor,
        "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": [target],
        "object": {
            "id": id, "type": "Note", "attributedTo": actor,
            "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": [target],
            "content": format!("<p><a href=\"{target}\" class=\"u-url mention\">@bench</a> update number {n} on the #sensors trial</p>"),
            "tag": [{"type": "Mention", "href": target, "name": "@bench"}, {"type": "Hashtag", "name": "#sensors"}],
            "published": Utc::now().to_rfc3339(),
        }
    });
    let body = serde_json::to_vec(&activity).unwrap_or_default();
    let headers = fucina::activitypub::signatures::sign(
        &Method::POST,
        inbox,
        Some(&body),
        &format!("{actor}#main-key"),
        key,
        Utc::now(),
    );
    Prepared { headers, body }
}

async fn ingest(
    database_url: &str,
    bin: &PathBuf,
    activities: usize,
    actors: usize,
    concurrency: usize,
    search: Search,
) -> anyhow::Result<()> {
    println!(
        "\n== inbox ingest: {activities} signed Create(Note) from {actors} remote actors, {concurrency} in flight{}",
        match search {
            Search::AsMigrated => String::new(),
            Search::Without => ", without the full-text column".to_owned(),
            Search::PendingKb(kb) => format!(", full-text pending list {kb} kB"),
        }
    );
    let server = Server::start(database_url, bin).await?;
    let change = match search {
        Search::AsMigrated => None,
        Search::Without => Some("ALTER TABLE statuses DROP COLUMN search".to_owned()),
        Search::PendingKb(0) => Some("ALTER INDEX statuses_search_idx SET (fastupdate = off)".to_owned()),
        Search::PendingKb(kb) => Some(format!(
            "ALTER INDEX statuses_search_idx SET (gin_pending_list_limit = {kb})"
        )),
    };
    if let Some(sql) = change {
        diesel::sql_query(sql).execute(&mut server.db().await?).await?;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle = rss_mib(server.pid());
    println!("resident memory, idle after start: {idle:.1} MiB");

    let key = RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048)?;
    let public_pem = {
        use rsa::pkcs8::EncodePublicKey;
        rsa::RsaPublicKey::from(&key).to_public_key_pem(rsa::pkcs8::LineEnding::LF)?
    };
    let (_, actor_ids) = start_actor_server(actors, &public_pem).await?;
    let target = format!("{}/users/bench", server.base);
    let inbox = url::Url::parse(&format!("{}/inbox", server.base))?;
    let client = reqwest::Client::builder().pool_max_idle_per_host(concurrency).build()?;

    // Warm-up (not timed): each actor's first activity makes the server fetch it.
    let warmup: Vec<Prepared> = actor_ids
        .iter()
        .enumerate()
        .map(|(n, actor)| prepare(&inbox, actor, 1_000_000 + n, &target, &key))
        .collect();
    let failures = send_all(&client, &inbox, warmup, concurrency)
        .await
        .iter()
        .filter(|(status, _)| *status != 202)
        .count();
    if failures > 0 {
        bail!("{failures} warm-up activities were refused");
    }

    // Sign everything before the clock starts.
    let prepared: Vec<Prepared> = (0..activities)
        .map(|n| prepare(&inbox, &actor_ids[n % actors], n, &target, &key))
        .collect();
    let (peak, sampler) = sample_peak(server.pid());
    let (server_cpu, postgres_cpu, own_cpu) = (
        cpu_seconds(server.pid()),
        postgres_cpu_seconds(),
        cpu_seconds(std::process::id()),
    );
    let started = Instant::now();
    let results = send_all(&client, &inbox, prepared, concurrency).await;
    let elapsed = started.elapsed().as_secs_f64();
    sampler.abort();
    let server_cpu = cpu_seconds(server.pid()) - server_cpu;
    let postgres_cpu = postgres_cpu_seconds() - postgres_cpu;
    let own_cpu = cpu_seconds(std::process::id()) - own_cpu;

    let refused = results.iter().filter(|(status, _)| *status != 202).count();
    let mut latencies: Vec<f64> = results.iter().map(|(_, ms)| *ms).collect();
    latencies.sort_by(|a, b| a.total_cmp(b));
    let mut conn = server.db().await?;
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let stored: Count = diesel::sql_query("SELECT count(*) AS n FROM statuses")
        .get_result(&mut conn)
        .await?;
    println!("accepted: {} of {activities} ({refused} refused)", activities - refused);
    println!("stored posts: {} (warm-up {actors} + timed {activities})", stored.n);
    println!(
        "throughput: {:.0} activities/s fully processed ({elapsed:.2} s)",
        activities as f64 / elapsed
    );
    println!(
        "latency: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        latencies.last().copied().unwrap_or(0.0)
    );
    println!(
        "resident memory under load, peak: {:.1} MiB",
        AtomicU64::load(&peak, Ordering::Relaxed) as f64 / 1024.0
    );
    println!(
        "CPU during the timed phase: fucina {server_cpu:.1} s, PostgreSQL {postgres_cpu:.1} s, load generator {own_cpu:.1} s (of {:.1} s available)",
        elapsed * num_cpus() as f64
    );
    drop(conn);
    server.stop().await
}

async fn send_all(
    client: &reqwest::Client,
    inbox: &url::Url,
    prepared: Vec<Prepared>,
    concurrency: usize,
) -> Vec<(u16, f64)> {
    futures::stream::iter(prepared)
        .map(|p| {
            let client = client.clone();
            let inbox = inbox.clone();
            async move {
                let started = Instant::now();
                let mut request = client
                    .post(inbox)
                    .header("content-type", "application/activity+json")
                    .body(p.body);
                for (name, value) in p.headers {
                    request = request.header(name, value);
                }
                let status = match request.send().await {
                    Ok(response) => response.status().as_u16(),
                    Err(_) => 0,
                };
                (status, started.elapsed().as_secs_f64() * 1000.0)
            }
        })
        .buffer_unordered(concurrency)
        .collect()
        .await
}

#[derive(Clone)]
struct Sink {
    public_key_pem: Arc<Mutex<String>>,
    hosts: Arc<Mutex<HashSet<String>>>,
    refused: Arc<AtomicU64>,
}

async fn sink_inbox(State(sink): State<Sink>, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> StatusCode {
    let key = sink.public_key_pem.lock().map(|k| k.clone()).unwrap_or_default();
    let request = fucina::activitypub::signatures::Request {
        method: &method,
        scheme: "http",
        target: uri.path_and_query().map_or("/", |p| p.as_str()),
        headers: &headers,
    };
    let verified = fucina::activitypub::signatures::check_request(&request, Some(&body), Utc::now())
        .and_then(|signature| signature.verify_pem(&key));
    match verified {
        Ok(_) => {
            let host = headers
                .get("host")
                .and_then(|h| h.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            if let Ok(mut hosts) = sink.hosts.lock() {
                hosts.insert(host);
            }
            StatusCode::ACCEPTED
        }
        Err(_) => {
            sink.refused.fetch_add(1, Ordering::Relaxed);
            StatusCode::UNAUTHORIZED
        }
    }
}

async fn fanout(database_url: &str, bin: &PathBuf, instances: usize) -> anyhow::Result<()> {
    println!("\n== fan-out: one public post to followers on {instances} distinct instances");
    let server = Server::start(database_url, bin).await?;
    let sink = Sink {
        public_key_pem: Arc::default(),
        hosts: Arc::default(),
        refused: Arc::default(),
    };
    let mut ports = Vec::with_capacity(instances);
    for _ in 0..instances {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        ports.push(listener.local_addr()?.port());
        let router = Router::new()
            .route("/inbox", axum::routing::post(sink_inbox))
            .with_state(sink.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
    }
    let client = reqwest::Client::new();
    let me: Value = client
        .get(format!("{}/users/bench", server.base))
        .header("accept", "application/activity+json")
        .send()
        .await?
        .json()
        .await?;
    if let Ok(mut key) = sink.public_key_pem.lock() {
        *key = me["publicKey"]["publicKeyPem"].as_str().unwrap_or_default().to_owned();
    }

    // The followers: one remote actor on each sink instance.
    let mut conn = server.db().await?;
    let bench_id: i64 = {
        #[derive(diesel::QueryableByName)]
        struct Id {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            id: i64,
        }
        diesel::sql_query("SELECT id FROM actors WHERE username = 'bench' AND domain IS NULL")
            .get_result::<Id>(&mut conn)
            .await?
            .id
    };
    for chunk in ports.chunks(200) {
        let values: Vec<String> = chunk
            .iter()
            .map(|port| {
                let base = format!("http://localhost:{port}");
                format!(
                    "('Person', 'follower', 'localhost:{port}', '{base}/users/follower', '{base}/inbox', '{base}/inbox', '{base}/users/follower#main-key', 'unused', now())"
                )
            })
            .collect();
        diesel::sql_query(format!(
            "WITH inserted AS (INSERT INTO actors (actor_type, username, domain, ap_id, inbox_url, shared_inbox_url, public_key_id, public_key_pem, fetched_at) VALUES {} RETURNING id) \
             INSERT INTO follows (follower_id, followed_id, state, ap_id) SELECT id, {bench_id}, 'accepted', 'http://bench.invalid/follows/' || id FROM inserted",
            values.join(", ")
        ))
        .execute(&mut conn)
        .await?;
    }

    let token = load::token(&server.base).await?;
    let idle = rss_mib(server.pid());

    let (peak, sampler) = sample_peak(server.pid());
    let started = Instant::now();
    let response = client
        .post(format!("{}/api/v1/statuses", server.base))
        .bearer_auth(&token)
        .json(&json!({"status": "A public call for partners, to every follower", "visibility": "public"}))
        .send()
        .await?;
    let posted = started.elapsed().as_secs_f64();
    if !response.status().is_success() {
        bail!("posting failed: {}", response.status());
    }
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let reached = sink.hosts.lock().map(|h| h.len()).unwrap_or(0);
        if reached >= instances {
            break;
        }
        if Instant::now() > deadline {
            bail!("only {reached} of {instances} instances were reached in 120 s");
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    sampler.abort();
    println!("the API answered the post in {:.0} ms", posted * 1000.0);
    println!("all {instances} inboxes had it, signatures verified, after {elapsed:.2} s");
    println!(
        "refused by the sink: {}",
        AtomicU64::load(&sink.refused, Ordering::Relaxed)
    );
    println!(
        "resident memory: {idle:.1} MiB before, {:.1} MiB peak during fan-out",
        AtomicU64::load(&peak, Ordering::Relaxed) as f64 / 1024.0
    );
    drop(conn);
    server.stop().await
}

/// Stores `count` open proposals spread over the eight themes, then reads
/// proposal lists (unfiltered, by theme, by competence) through the API and the
/// page, `requests` of each with `concurrency` in flight.
async fn proposal_lists(
    database_url: &str,
    bin: &PathBuf,
    count: usize,
    requests: usize,
    concurrency: usize,
) -> anyhow::Result<()> {
    println!("\n== proposal lists: {count} open proposals, {requests} reads of each list, {concurrency} in flight");
    let server = Server::start(database_url, bin).await?;
    let mut conn = server.db().await?;
    let seeded = Instant::now();
    diesel::sql_query(format!(
        "WITH author AS (SELECT id FROM actors WHERE username = 'bench' AND domain IS NULL),
              themes AS (SELECT array_agg(actor_id ORDER BY actor_id) AS ids FROM groups WHERE kind = 'theme'),
              made AS (
                INSERT INTO proposals (author_id, local, state, title, short_description, description, kind, stage, ip,
                                       languages, competences, published_at)
                SELECT author.id, true, 'open', 'Proposal ' || n, 'A short description of proposal ' || n,
                       'The full description of proposal ' || n, 'technology_offer', 'idea', 'none',
                       ARRAY['it', 'en'], ARRAY['skill_' || (n % 50)], now() - (n || ' seconds')::interval
                FROM author, generate_series(1, {count}) AS n
                RETURNING id)
         INSERT INTO proposal_groups (proposal_id, group_id)
         SELECT made.id, themes.ids[1 + made.id % 8] FROM made, themes"
    ))
    .execute(&mut conn)
    .await?;
    println!("seeded in {:.1} s", seeded.elapsed().as_secs_f64());
    #[derive(diesel::QueryableByName)]
    struct Theme {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        actor_id: i64,
    }
    let theme: Theme = diesel::sql_query("SELECT actor_id FROM groups WHERE kind = 'theme' LIMIT 1")
        .get_result(&mut conn)
        .await?;
    drop(conn);
    let client = reqwest::Client::new();
    let (peak, sampler) = sample_peak(server.pid());
    for (label, path) in [
        ("API, newest 20", "/api/fucina/v1/proposals".to_owned()),
        (
            "API, one theme",
            format!("/api/fucina/v1/proposals?group_id={}", theme.actor_id),
        ),
        (
            "API, one competence",
            "/api/fucina/v1/proposals?competence=skill_7".to_owned(),
        ),
        ("page /proposals", "/proposals".to_owned()),
    ] {
        let url = format!("{}{path}", server.base);
        let target = load::Target {
            client: &client,
            pid: server.pid(),
            token: None,
        };
        read_load(&target, label, |_| url.clone(), requests, concurrency).await;
    }
    sampler.abort();
    println!(
        "resident memory while reading, peak: {:.1} MiB",
        AtomicU64::load(&peak, Ordering::Relaxed) as f64 / 1024.0
    );
    server.stop().await
}
