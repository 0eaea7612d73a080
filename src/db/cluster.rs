//! The private PostgreSQL cluster: when no `database.url` is set, Fucina keeps its
//! own cluster under `<data_dir>/postgres`, made with `initdb`, run with `pg_ctl`,
//! reachable only through a unix socket in that directory. Started with the
//! server, stopped with it, reused by the next start.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use anyhow::{Context, bail};

/// The database and role the private cluster holds.
const DATABASE: &str = "fucina";
const SUPERUSER: &str = "fucina";
/// The port only names the socket file; the cluster listens on no TCP port.
const SOCKET_PORT: u16 = 5432;
/// Linux limits a unix socket path to 107 bytes.
const MAX_SOCKET_PATH: usize = 107;

/// A private cluster in a directory, and who runs it.
#[derive(Debug)]
pub struct PrivateCluster {
    dir: PathBuf,
    bin_dir: PathBuf,
    /// When we run as root, PostgreSQL must not: it runs as this (uid, gid).
    run_as: Option<(nix::unistd::Uid, nix::unistd::Gid)>,
    /// Whether this process started the server, and so should stop it.
    started_here: bool,
}

impl PrivateCluster {
    /// Finds the PostgreSQL server binaries and prepares to use `dir`.
    pub fn new(dir: &Path) -> anyhow::Result<Self> {
        let dir = absolute(dir)?;
        let bin_dir = find_server_binaries()?;
        let run_as = if nix::unistd::geteuid().is_root() {
            let user = nix::unistd::User::from_name("postgres")
                .context("looking up the postgres system user")?
                .context(
                    "running as root, the private PostgreSQL cluster must run as the \
                     `postgres` system user, which does not exist (install the postgresql package)",
                )?;
            Some((user.uid, user.gid))
        } else {
            None
        };
        let socket = dir.join(format!(".s.PGSQL.{SOCKET_PORT}"));
        if socket.as_os_str().len() > MAX_SOCKET_PATH {
            bail!(
                "the private cluster's directory {} is too deep for a unix socket path \
                 (at most {MAX_SOCKET_PATH} bytes); choose a shorter storage.data_dir",
                dir.display()
            );
        }
        Ok(Self {
            dir,
            bin_dir,
            run_as,
            started_here: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The connection string for the cluster's Fucina database.
    pub fn database_url(&self) -> String {
        format!(
            "host={} port={SOCKET_PORT} user={SUPERUSER} dbname={DATABASE}",
            self.dir.display()
        )
    }

    /// Creates the cluster if it is new, starts it unless it already runs, and
    /// makes sure the Fucina database exists.
    pub async fn start(&mut self) -> anyhow::Result<()> {
        let initialised = self.dir.join("PG_VERSION").is_file();
        if !initialised {
            self.init()?;
        }
        self.write_settings()?;
        if self.is_running()? {
            tracing::info!(dir = %self.dir.display(), "reusing the running private PostgreSQL cluster");
        } else {
            tracing::info!(dir = %self.dir.display(), "starting the private PostgreSQL cluster");
            let log = self.dir.join("postgresql.log");
            let output = self.pg_ctl(&["start", "-w", "-t", "60", "-s", "-l", &log.display().to_string()])?;
            if !output.status.success() {
                let tail = tail_of(&log, 5);
                bail!(
                    "the private PostgreSQL cluster did not start: {}{}",
                    String::from_utf8_lossy(&output.stderr).trim(),
                    tail.map(|t| format!(" (log: {t})")).unwrap_or_default()
                );
            }
            self.started_here = true;
        }
        crate::db::ensure_database_exists(&self.database_url()).await
    }

    /// Stops the cluster if this process started it ("fast": sessions are
    /// disconnected, transactions rolled back, nothing committed is lost).
    pub fn stop(&mut self) -> anyhow::Result<()> {
        if !self.started_here {
            return Ok(());
        }
        let output = self.pg_ctl(&["stop", "-w", "-s", "-m", "fast"])?;
        if !output.status.success() {
            bail!(
                "the private PostgreSQL cluster did not stop: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        self.started_here = false;
        tracing::info!("stopped the private PostgreSQL cluster");
        Ok(())
    }

    pub fn is_running(&self) -> anyhow::Result<bool> {
        // pg_ctl status: 0 running, 3 not running, 4 no data directory.
        Ok(self.pg_ctl(&["status"])?.status.success())
    }

    fn init(&self) -> anyhow::Result<()> {
        tracing::info!(dir = %self.dir.display(), "creating the private PostgreSQL cluster");
        std::fs::create_dir_all(&self.dir).with_context(|| format!("creating {}", self.dir.display()))?;
        std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("restricting {}", self.dir.display()))?;
        if let Some((uid, gid)) = self.run_as {
            nix::unistd::chown(&self.dir, Some(uid), Some(gid))
                .with_context(|| format!("giving {} to the postgres user", self.dir.display()))?;
        }
        let output = self
            .command("initdb")
            .arg("-D")
            .arg(&self.dir)
            .args([
                "-U",
                SUPERUSER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-instructions",
            ])
            .output()
            .context("running initdb")?;
        if !output.status.success() {
            bail!(
                "initdb failed: {}",
                last_line(&output.stderr).unwrap_or_else(|| "no reason given".into())
            );
        }
        // Settings that must follow the directory live in their own file, rewritten at
        // every start; postgresql.conf only includes it.
        let conf = self.dir.join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf).context("reading postgresql.conf")?;
        text.push_str("\n# Fucina's private cluster\ninclude_if_exists = 'fucina.conf'\n");
        std::fs::write(&conf, text).context("writing postgresql.conf")?;
        Ok(())
    }

    fn write_settings(&self) -> anyhow::Result<()> {
        let path = self.dir.join("fucina.conf");
        let socket_dir = self.dir.display().to_string().replace('\'', "''");
        let text = format!(
            "# Written by Fucina at every start: a socket in this directory, no TCP.\n\
             listen_addresses = ''\n\
             port = {SOCKET_PORT}\n\
             unix_socket_directories = '{socket_dir}'\n\
             unix_socket_permissions = 0700\n"
        );
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        if let Some((uid, gid)) = self.run_as {
            nix::unistd::chown(&path, Some(uid), Some(gid)).context("chown fucina.conf")?;
        }
        Ok(())
    }

    fn pg_ctl(&self, args: &[&str]) -> anyhow::Result<Output> {
        self.command("pg_ctl")
            .arg("-D")
            .arg(&self.dir)
            .args(args)
            .output()
            .context("running pg_ctl")
    }

    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(self.bin_dir.join(program));
        command.env_remove("PGDATA").env("LC_ALL", "C");
        if let Some((uid, gid)) = self.run_as {
            command.uid(uid.as_raw()).gid(gid.as_raw());
            // pg_ctl refuses to start from a directory the postgres user cannot read.
            command.current_dir(&self.dir);
        }
        command
    }
}

impl Drop for PrivateCluster {
    fn drop(&mut self) {
        if let Err(error) = self.stop() {
            tracing::error!(error = format!("{error:#}"), "stopping the private cluster");
        }
    }
}

fn absolute(dir: &Path) -> anyhow::Result<PathBuf> {
    if dir.is_absolute() {
        Ok(dir.to_path_buf())
    } else {
        Ok(std::env::current_dir()
            .context("reading the current directory")?
            .join(dir))
    }
}

/// `pg_ctl` and `initdb` from PATH, else from the newest /usr/lib/postgresql/*/bin.
fn find_server_binaries() -> anyhow::Result<PathBuf> {
    let has_both = |dir: &Path| dir.join("pg_ctl").is_file() && dir.join("initdb").is_file();
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            if has_both(&dir) {
                return Ok(dir);
            }
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            has_both(&bin).then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin).context(
        "PostgreSQL's server programs (initdb, pg_ctl) are not installed: install the \
         `postgresql` package (Debian/Ubuntu: apt install postgresql), or set database.url \
         to use an existing server",
    )
}

fn last_line(bytes: &[u8]) -> Option<String> {
    String::from_utf8_lossy(bytes)
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.trim().to_owned())
}

fn tail_of(path: &Path, lines: usize) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let tail: Vec<&str> = text.lines().rev().take(lines).collect();
    Some(tail.into_iter().rev().collect::<Vec<_>>().join(" | "))
}
