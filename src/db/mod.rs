//! PostgreSQL: the connection pool, embedded migrations, the private cluster and
//! the queries, one file per table. Only `services` write through this module;
//! handlers may read. Nothing here knows of HTTP.

pub mod actors;
pub mod attachments;
pub mod cluster;
pub mod competences;
pub mod deliveries;
pub mod erasure;
pub mod favourites;
pub mod federation;
pub mod follows;
pub mod group_posts;
pub mod groups;
pub mod jobs;
pub mod mail;
pub mod markers;
pub mod moderation;
pub mod notifications;
pub mod oauth;
pub mod polls;
pub mod portability;
pub mod proposals;
pub mod rate_limits;
pub mod reports;
pub mod retention;
pub mod schema;
pub mod search;
pub mod sessions;
pub mod statuses;
pub mod users;
pub mod views;

use anyhow::Context;
use diesel::QueryableByName;
use diesel::sql_types::{Bool, Text};
use diesel_async::pooled_connection::deadpool::{Object, Pool as DeadPool};
use diesel_async::pooled_connection::{AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod};
use diesel_async::{AsyncConnection, AsyncMigrationHarness, AsyncPgConnection, RunQueryDsl};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub type Pool = DeadPool<AsyncPgConnection>;
pub type Connection = Object<AsyncPgConnection>;

/// The migrations in migrations/, built into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// A pool of up to `size` connections to `url`.
pub fn pool(url: &str, size: usize) -> anyhow::Result<Pool> {
    // Checking each connection with a query at every checkout doubles the round
    // trips of short requests; a connection that broke is noticed on first use
    // and discarded by the pool.
    let mut manager_config = ManagerConfig::default();
    manager_config.recycling_method = RecyclingMethod::Fast;
    manager_config.custom_setup = Box::new(|url| Box::pin(establish_for_requests(url)));
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(url, manager_config);
    DeadPool::builder(manager)
        .max_size(size)
        .wait_timeout(Some(std::time::Duration::from_secs(30)))
        .runtime(deadpool::Runtime::Tokio1)
        .build()
        .context("building the database pool")
}

/// A connection for serving requests: no parallel workers, whose start-up
/// costs more than the short queries of a request gain from them, and which
/// would take the cores other requests are waiting for (a ranked search over
/// wide rows was planned parallel and took four times as long).
async fn establish_for_requests(url: &str) -> diesel::ConnectionResult<AsyncPgConnection> {
    let mut connection = AsyncPgConnection::establish(url).await?;
    diesel::sql_query("SET max_parallel_workers_per_gather = 0")
        .execute(&mut connection)
        .await
        .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
    Ok(connection)
}

/// Applies every pending migration; returns how many ran.
pub async fn run_migrations(url: &str) -> anyhow::Result<usize> {
    let mut connection = AsyncPgConnection::establish(url)
        .await
        .with_context(|| format!("connecting to the database at {}", redact(url)))?;
    // Several server processes may start at once: one migrates, the others wait
    // and then find nothing pending. The lock ends with this connection's session.
    diesel::sql_query("SELECT pg_advisory_lock(7263400)")
        .execute(&mut connection)
        .await
        .context("waiting for the migration lock")?;
    // The harness drives diesel's synchronous migration code; give it a blocking thread.
    tokio::task::spawn_blocking(move || {
        let mut harness = AsyncMigrationHarness::new(connection);
        harness
            .run_pending_migrations(MIGRATIONS)
            .map(|applied| applied.len())
            .map_err(|e| anyhow::anyhow!("a migration failed: {e}"))
    })
    .await
    .context("migration task")?
}

#[derive(QueryableByName)]
struct Exists {
    #[diesel(sql_type = Bool)]
    exists: bool,
}

/// Creates the database named in `url` if it does not exist, connecting to the
/// server's `postgres` database to do so.
pub async fn ensure_database_exists(url: &str) -> anyhow::Result<()> {
    let name = database_name(url).context("the database URL names no database")?;
    if AsyncPgConnection::establish(url).await.is_ok() {
        return Ok(());
    }
    let admin_url = with_database(url, "postgres");
    let mut admin = AsyncPgConnection::establish(&admin_url)
        .await
        .with_context(|| format!("connecting to the database server at {}", redact(url)))?;
    let exists: Exists = diesel::sql_query("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS exists")
        .bind::<Text, _>(&name)
        .get_result(&mut admin)
        .await
        .context("looking for the database")?;
    if !exists.exists {
        diesel::sql_query(format!("CREATE DATABASE {}", quote_identifier(&name)))
            .execute(&mut admin)
            .await
            .with_context(|| format!("creating database {name} (the role may lack CREATEDB)"))?;
        tracing::info!(database = %name, "created the database");
    }
    Ok(())
}

/// `name` quoted as a PostgreSQL identifier.
pub fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The database a URL names, in either URL or `key=value` form.
pub fn database_name(url: &str) -> Option<String> {
    if let Ok(parsed) = url::Url::parse(url)
        && matches!(parsed.scheme(), "postgres" | "postgresql")
    {
        let name = parsed.path().trim_start_matches('/');
        return (!name.is_empty()).then(|| name.to_owned());
    }
    url.split_whitespace()
        .find_map(|pair| pair.strip_prefix("dbname="))
        .map(str::to_owned)
}

/// The same server and credentials, another database.
pub fn with_database(url: &str, database: &str) -> String {
    if let Ok(mut parsed) = url::Url::parse(url)
        && matches!(parsed.scheme(), "postgres" | "postgresql")
    {
        parsed.set_path(database);
        return parsed.to_string();
    }
    let mut pairs: Vec<String> = url
        .split_whitespace()
        .filter(|pair| !pair.starts_with("dbname="))
        .map(str::to_owned)
        .collect();
    pairs.push(format!("dbname={database}"));
    pairs.join(" ")
}

/// A URL fit for logs: the password replaced.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        Ok(parsed) => parsed.to_string(),
        Err(_) => url
            .split_whitespace()
            .map(|pair| {
                if pair.starts_with("password=") {
                    "password=***"
                } else {
                    pair
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// The name of the unique constraint a write broke, if that is why it failed.
pub fn unique_violation(error: &diesel::result::Error) -> Option<&str> {
    match error {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, info) => {
            info.constraint_name()
        }
        _ => None,
    }
}

/// Whether the database answers, for `/health`.
#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = Bool)]
    locked: bool,
}

/// Takes a transaction-scoped advisory lock if no one holds it: jobs that
/// several server processes run take one, so only one of them works at a time.
pub async fn try_advisory_xact_lock(conn: &mut AsyncPgConnection, key: i64) -> diesel::QueryResult<bool> {
    let lock: Locked = diesel::sql_query("SELECT pg_try_advisory_xact_lock($1) AS locked")
        .bind::<diesel::sql_types::BigInt, _>(key)
        .get_result(conn)
        .await?;
    Ok(lock.locked)
}

pub async fn ping(pool: &Pool) -> bool {
    let Ok(mut connection) = pool.get().await else {
        return false;
    };
    diesel::sql_query("SELECT 1").execute(&mut connection).await.is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_are_rewritten_in_both_forms() {
        let url = "postgres://fucina:secret@db.example:5432/fucina";
        assert_eq!(database_name(url).as_deref(), Some("fucina"));
        assert_eq!(
            with_database(url, "postgres"),
            "postgres://fucina:secret@db.example:5432/postgres"
        );
        assert_eq!(redact(url), "postgres://fucina:***@db.example:5432/fucina");

        let pairs = "host=/var/lib/fucina/postgres user=fucina dbname=fucina";
        assert_eq!(database_name(pairs).as_deref(), Some("fucina"));
        assert_eq!(
            with_database(pairs, "postgres"),
            "host=/var/lib/fucina/postgres user=fucina dbname=postgres"
        );
        assert_eq!(redact("host=x password=p dbname=y"), "host=x password=*** dbname=y");
        assert_eq!(quote_identifier("a\"b"), "\"a\"\"b\"");
    }
}

diesel::define_sql_function! {
    /// PostgreSQL's `lower(text)`, for case-insensitive lookups that use the expression indexes.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

diesel::define_sql_function! {
    /// PostgreSQL's `coalesce` for a nullable text and a default.
    #[sql_name = "coalesce"]
    fn coalesce_text(x: diesel::sql_types::Nullable<diesel::sql_types::Text>, y: diesel::sql_types::Text) -> diesel::sql_types::Text;
}
