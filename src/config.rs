//! Settings: config/default.toml (built in), then an optional file, then
//! `FUCINA__SECTION__KEY` environment variables; validated once into typed values.
//! Nothing else in the program reads files or the environment for settings.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use serde::Deserialize;
use url::Url;

use crate::i18n::Language;

/// The defaults, so that every setting has a value even without any file.
const DEFAULTS: &str = include_str!("../config/default.toml");

/// What a loaded and validated configuration holds.
#[derive(Debug, Clone)]
pub struct Config {
    pub server: ServerConfig,
    pub storage: StorageConfig,
    pub database: DatabaseConfig,
    pub registration: RegistrationConfig,
    pub i18n: I18nConfig,
    pub email: EmailConfig,
    pub federation: FederationConfig,
    pub themes: ThemesConfig,
    pub proposals: ProposalsConfig,
    pub limits: LimitsConfig,
    pub retention: RetentionConfig,
    pub log: LogConfig,
}

#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The public URL, without a trailing slash in its path.
    pub base_url: Url,
    /// Host, plus `:port` when it is not the scheme's default: the part after the @ of handles.
    pub domain: String,
    pub listen: SocketAddr,
    pub instance_name: String,
    pub instance_description: String,
    pub contact_email: String,
    /// Where this instance's source code can be had (AGPL §13).
    pub source_url: Option<String>,
    pub body_limit_bytes: usize,
    pub request_timeout_seconds: u64,
    /// The bearer token `/metrics` asks for; `None` leaves it open.
    pub metrics_token: Option<String>,
    /// Proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl ServerConfig {
    /// Whether cookies must carry `Secure`: only when the public URL is https.
    pub fn is_https(&self) -> bool {
        self.base_url.scheme() == "https"
    }

    /// An absolute URL on this instance for a path that starts with `/`.
    pub fn url(&self, path: &str) -> String {
        let base = self.base_url.as_str().trim_end_matches('/');
        format!("{base}{path}")
    }
}

#[derive(Debug, Clone)]
pub struct StorageConfig {
    pub data_dir: PathBuf,
    /// The largest file that may be attached to a proposal or an interest.
    pub attachment_max_bytes: usize,
}

impl StorageConfig {
    /// Where the private PostgreSQL cluster lives.
    pub fn postgres_dir(&self) -> PathBuf {
        self.data_dir.join("postgres")
    }

    /// Where attached files live.
    pub fn media_dir(&self) -> PathBuf {
        self.data_dir.join("media")
    }
}

#[derive(Debug, Clone)]
pub struct DatabaseConfig {
    /// `None`: run the private cluster.
    pub url: Option<String>,
    pub pool_size: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegistrationMode {
    Open,
    Approval,
    Closed,
}

#[derive(Debug, Clone)]
pub struct RegistrationConfig {
    pub mode: RegistrationMode,
    pub min_password_length: usize,
}

#[derive(Debug, Clone)]
pub struct I18nConfig {
    pub default_language: Language,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EmailTransport {
    Log,
    File,
    Smtp,
}

#[derive(Debug, Clone)]
pub struct EmailConfig {
    pub transport: EmailTransport,
    pub from: String,
    pub smtp_url: Option<Url>,
    /// How often the mailer sends what is due (immediate messages and digests).
    pub send_every_seconds: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FederationMode {
    Open,
    LinkedOnly,
}

#[derive(Debug, Clone)]
pub struct FederationConfig {
    pub mode: FederationMode,
    /// Accept every other instance's request to link (and link back) without an administrator.
    pub accept_links_automatically: bool,
    pub allow_private_addresses: bool,
    pub authorized_fetch: bool,
    pub delivery: DeliveryConfig,
}

/// How the delivery queue works.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryConfig {
    /// Deliveries in flight at once, per server process.
    pub concurrency: usize,
    /// How long a delivery is retried before it is given up.
    pub retry_hours: i64,
    /// The first retry's delay; each later one doubles it (at most six hours).
    pub first_retry_seconds: i64,
    /// Consecutive failures after which a server is paused…
    pub pause_after_failures: i32,
    /// …for this long before deliveries to it resume.
    pub pause_minutes: i64,
    /// How long a worker may hold a delivery before another may take it over
    /// (after a crash); longer than a request's timeout.
    pub claim_seconds: i64,
}

/// How proposals are published and expired.
#[derive(Debug, Clone)]
pub struct ProposalsConfig {
    /// Submitted proposals wait for a facilitator; off, they are published at once.
    pub validation: bool,
    /// How often the expiry job looks for proposals past their date.
    pub expiry_check_seconds: u64,
}

/// Abuse limits (docs/security.md).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsConfig {
    /// Rate limits on sign-in, sign-up, tokens, apps, posting and uploads.
    pub enabled: bool,
    /// Inbox POSTs processed at once by one server process; more wait.
    pub inbox_concurrency: usize,
    /// Activities one server may deliver per minute to one server process; 0: no budget.
    pub inbox_per_server_per_minute: u32,
}

/// How long what is not the instance's own is kept (docs/operations.md); 0: for good.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionConfig {
    /// Other servers' posts nobody here interacted with, after this many days.
    pub remote_content_days: u32,
    /// The moderation log, resolved reports and the delivery records, after this many days.
    pub logs_days: u32,
}

/// The themes an instance starts with.
#[derive(Debug, Clone)]
pub struct ThemesConfig {
    /// Create the eight default themes on first start.
    pub create_defaults: bool,
    /// The operator's own themes, created on start when missing.
    pub custom: Vec<CustomTheme>,
}

/// A theme the operator adds in the configuration file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomTheme {
    /// Its handle: `@key@domain`.
    pub key: String,
    /// Its name in each language (`{ en = "...", it = "..." }`).
    pub names: serde_json::Value,
    /// Its description in each language.
    #[serde(default = "empty_object")]
    pub descriptions: serde_json::Value,
}

fn empty_object() -> serde_json::Value {
    serde_json::Value::Object(serde_json::Map::new())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone)]
pub struct LogConfig {
    pub format: LogFormat,
    pub level: String,
}

/// The settings as written, before validation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    server: RawServer,
    storage: RawStorage,
    database: RawDatabase,
    registration: RawRegistration,
    i18n: RawI18n,
    email: RawEmail,
    federation: RawFederation,
    themes: RawThemes,
    proposals: RawProposals,
    limits: LimitsConfig,
    retention: RetentionConfig,
    log: RawLog,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProposals {
    validation: bool,
    expiry_check_seconds: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThemes {
    create_defaults: bool,
    custom: Vec<CustomTheme>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawServer {
    base_url: String,
    listen: String,
    instance_name: String,
    instance_description: String,
    contact_email: String,
    source_url: String,
    body_limit_bytes: usize,
    request_timeout_seconds: u64,
    metrics_token: String,
    trusted_proxies: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStorage {
    data_dir: PathBuf,
    attachment_max_megabytes: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDatabase {
    url: String,
    pool_size: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegistration {
    mode: RegistrationMode,
    min_password_length: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawI18n {
    default_language: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEmail {
    transport: EmailTransport,
    from: String,
    smtp_url: String,
    send_every_seconds: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFederation {
    mode: FederationMode,
    accept_links: String,
    allow_private_addresses: bool,
    authorized_fetch: bool,
    delivery: DeliveryConfig,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLog {
    format: LogFormat,
    level: String,
}

/// A setting that is present but wrong: names the key and says why.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0}")]
    Parse(String),
    #[error("setting {key}: {reason}")]
    Invalid { key: &'static str, reason: String },
}

fn invalid(key: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key,
        reason: reason.into(),
    }
}

impl Config {
    /// The largest body an upload may have: the largest file, and room for
    /// the form's other fields and the multipart framing.
    pub fn upload_limit(&self) -> usize {
        self.storage.attachment_max_bytes + 256 * 1024
    }

    /// Loads defaults, then `file` if given, then the process environment.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        Self::load_with(file, Env::prefixed("FUCINA__").split("__"))
    }

    /// Loads defaults, then `file`, then explicit `overrides` (key, value) pairs
    /// written in TOML (`"server.listen" = "127.0.0.1:0"`), ignoring the
    /// environment: what tests use to build instances side by side.
    pub fn load_with_overrides(file: Option<&Path>, overrides: &[(&str, toml::Value)]) -> Result<Self, ConfigError> {
        let mut figment = Self::base(file)?;
        for (key, value) in overrides {
            figment = figment.merge(figment::providers::Serialized::default(key, value));
        }
        Self::extract(figment)
    }

    fn load_with(file: Option<&Path>, env: Env) -> Result<Self, ConfigError> {
        Self::extract(Self::base(file)?.merge(env))
    }

    fn base(file: Option<&Path>) -> Result<Figment, ConfigError> {
        let mut figment = Figment::new().merge(Toml::string(DEFAULTS));
        if let Some(file) = file {
            if !file.is_file() {
                return Err(ConfigError::Parse(format!(
                    "configuration file {} does not exist or is not a file",
                    file.display()
                )));
            }
            figment = figment.merge(Toml::file_exact(file));
        }
        Ok(figment)
    }

    fn extract(figment: Figment) -> Result<Self, ConfigError> {
        let raw: RawConfig = figment.extract().map_err(|error| {
            // Keep the first problem, on one line, with its key and where it came from.
            let Some(first) = error.into_iter().next() else {
                return ConfigError::Parse("invalid configuration".into());
            };
            let key = first.path.join(".").to_lowercase();
            let origin = first
                .metadata
                .as_ref()
                .map(|m| match &m.source {
                    Some(figment::Source::File(path)) => format!(" (in {})", path.display()),
                    _ => format!(" (from {})", m.name),
                })
                .unwrap_or_default();
            if key.is_empty() {
                ConfigError::Parse(format!("{}{origin}", first.kind))
            } else {
                ConfigError::Parse(format!("setting {key}: {}{origin}", first.kind))
            }
        })?;
        raw.validate()
    }
}

impl RawConfig {
    fn validate(self) -> Result<Config, ConfigError> {
        let base_url =
            Url::parse(&self.server.base_url).map_err(|e| invalid("server.base_url", format!("not a URL ({e})")))?;
        if !matches!(base_url.scheme(), "http" | "https") {
            return Err(invalid("server.base_url", "must start with http:// or https://"));
        }
        if base_url.path() != "/" || base_url.query().is_some() || base_url.fragment().is_some() {
            return Err(invalid(
                "server.base_url",
                "must be the root of a host, such as https://innovation.example.org, without a path",
            ));
        }
        let host = base_url
            .host_str()
            .ok_or_else(|| invalid("server.base_url", "has no host"))?
            .to_ascii_lowercase();
        let domain = match base_url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host,
        };

        let listen: SocketAddr = self.server.listen.parse().map_err(|_| {
            invalid(
                "server.listen",
                format!(
                    "{:?} is not an address and port such as 127.0.0.1:8080",
                    self.server.listen
                ),
            )
        })?;
        if self.server.instance_name.trim().is_empty() {
            return Err(invalid("server.instance_name", "must not be empty"));
        }
        let contact_email = self.server.contact_email.trim().to_owned();
        if !contact_email.is_empty() && crate::domain::account::Email::parse(&contact_email).is_err() {
            return Err(invalid("server.contact_email", "not an e-mail address"));
        }
        let source_url = match self.server.source_url.trim() {
            "" => None,
            url => {
                Url::parse(url).map_err(|e| invalid("server.source_url", format!("not a URL ({e})")))?;
                Some(url.to_owned())
            }
        };
        if self.server.body_limit_bytes < 16 * 1024 {
            return Err(invalid(
                "server.body_limit_bytes",
                "must be at least 16384: ActivityPub documents and forms need room",
            ));
        }
        let mut trusted_proxies = Vec::new();
        for proxy in &self.server.trusted_proxies {
            let address = proxy
                .trim()
                .parse::<std::net::IpAddr>()
                .map_err(|_| invalid("server.trusted_proxies", format!("{proxy} is not an IP address")))?;
            trusted_proxies.push(address.to_canonical());
        }
        if self.limits.inbox_concurrency == 0 {
            return Err(invalid("limits.inbox_concurrency", "must be at least 1"));
        }
        if self.server.request_timeout_seconds == 0 {
            return Err(invalid("server.request_timeout_seconds", "must be at least 1"));
        }

        if self.storage.data_dir.as_os_str().is_empty() {
            return Err(invalid("storage.data_dir", "must not be empty"));
        }
        let accept_links = self.federation.accept_links.trim().to_ascii_lowercase();
        if !matches!(accept_links.as_str(), "manual" | "automatic") {
            return Err(invalid("federation.accept_links", "must be manual or automatic"));
        }
        if !(1..=100).contains(&self.storage.attachment_max_megabytes) {
            return Err(invalid("storage.attachment_max_megabytes", "must be between 1 and 100"));
        }

        let database_url = match self.database.url.trim() {
            "" => None,
            // libpq's key=value form ("host=/run/postgresql dbname=fucina") is valid too.
            url if !url.contains("://") && url.contains('=') => Some(url.to_owned()),
            url => {
                let parsed = Url::parse(url).map_err(|e| invalid("database.url", format!("not a URL ({e})")))?;
                if !matches!(parsed.scheme(), "postgres" | "postgresql") {
                    return Err(invalid(
                        "database.url",
                        "must start with postgres:// or postgresql://, or be key=value pairs",
                    ));
                }
                Some(url.to_owned())
            }
        };
        if self.database.pool_size == 0 {
            return Err(invalid("database.pool_size", "must be at least 1"));
        }
        if self.proposals.expiry_check_seconds == 0 {
            return Err(invalid("proposals.expiry_check_seconds", "must be at least 1"));
        }

        if !(8..=128).contains(&self.registration.min_password_length) {
            return Err(invalid("registration.min_password_length", "must be between 8 and 128"));
        }

        let default_language = Language::from_code(&self.i18n.default_language).ok_or_else(|| {
            invalid(
                "i18n.default_language",
                format!(
                    "{:?} is not one of the languages Fucina speaks ({})",
                    self.i18n.default_language,
                    Language::ALL.map(Language::code).join(", ")
                ),
            )
        })?;

        if !self.email.from.contains('@') {
            return Err(invalid(
                "email.from",
                "must be an address such as \"Fucina <noreply@example.org>\"",
            ));
        }
        let smtp_url = match (self.email.transport, self.email.smtp_url.trim()) {
            (EmailTransport::Smtp, "") => {
                return Err(invalid(
                    "email.smtp_url",
                    "must be set when email.transport is \"smtp\"",
                ));
            }
            (_, "") => None,
            (_, url) => {
                let parsed = Url::parse(url).map_err(|e| invalid("email.smtp_url", format!("not a URL ({e})")))?;
                if !matches!(parsed.scheme(), "smtp" | "smtps") {
                    return Err(invalid("email.smtp_url", "must start with smtp:// or smtps://"));
                }
                Some(parsed)
            }
        };

        if self.email.send_every_seconds == 0 {
            return Err(invalid("email.send_every_seconds", "must be at least 1"));
        }
        let delivery = &self.federation.delivery;
        if !(1..=1024).contains(&delivery.concurrency) {
            return Err(invalid("federation.delivery.concurrency", "must be between 1 and 1024"));
        }
        if delivery.retry_hours < 1 {
            return Err(invalid("federation.delivery.retry_hours", "must be at least 1"));
        }
        if delivery.first_retry_seconds < 1 {
            return Err(invalid("federation.delivery.first_retry_seconds", "must be at least 1"));
        }
        if delivery.pause_after_failures < 1 {
            return Err(invalid(
                "federation.delivery.pause_after_failures",
                "must be at least 1",
            ));
        }
        if delivery.claim_seconds < 2 {
            return Err(invalid("federation.delivery.claim_seconds", "must be at least 2"));
        }
        if delivery.pause_minutes < 1 {
            return Err(invalid("federation.delivery.pause_minutes", "must be at least 1"));
        }

        let mut theme_keys = std::collections::HashSet::new();
        for theme in &self.themes.custom {
            if crate::domain::group::parse_group_name(&theme.key).is_err() {
                return Err(invalid(
                    "themes.custom",
                    format!(
                        "{:?} is not a usable key: letters, digits and _ only, at most 30",
                        theme.key
                    ),
                ));
            }
            if !theme_keys.insert(theme.key.to_lowercase()) {
                return Err(invalid(
                    "themes.custom",
                    format!("the key {:?} appears twice", theme.key),
                ));
            }
            let names_ok = theme.names.as_object().is_some_and(|names| {
                !names.is_empty()
                    && names.iter().all(|(language, name)| {
                        Language::from_code(language).is_some() && name.as_str().is_some_and(|n| !n.trim().is_empty())
                    })
            });
            if !names_ok {
                return Err(invalid(
                    "themes.custom",
                    format!(
                        "theme {:?} needs names such as {{ en = \"...\", it = \"...\" }}",
                        theme.key
                    ),
                ));
            }
            let descriptions_ok = theme.descriptions.as_object().is_some_and(|d| {
                d.iter()
                    .all(|(language, text)| Language::from_code(language).is_some() && text.is_string())
            });
            if !descriptions_ok {
                return Err(invalid(
                    "themes.custom",
                    format!(
                        "theme {:?} has descriptions that are not {{ language = \"text\" }}",
                        theme.key
                    ),
                ));
            }
        }

        if self.log.level.trim().is_empty() {
            return Err(invalid("log.level", "must not be empty"));
        }
        if let Err(e) = tracing_subscriber::EnvFilter::try_new(&self.log.level) {
            return Err(invalid("log.level", format!("not a level or filter ({e})")));
        }

        Ok(Config {
            server: ServerConfig {
                base_url,
                domain,
                listen,
                instance_name: self.server.instance_name,
                instance_description: self.server.instance_description,
                contact_email,
                source_url,
                body_limit_bytes: self.server.body_limit_bytes,
                request_timeout_seconds: self.server.request_timeout_seconds,
                metrics_token: Some(self.server.metrics_token.trim().to_owned()).filter(|t| !t.is_empty()),
                trusted_proxies,
            },
            storage: StorageConfig {
                data_dir: self.storage.data_dir,
                attachment_max_bytes: self.storage.attachment_max_megabytes * 1024 * 1024,
            },
            database: DatabaseConfig {
                url: database_url,
                pool_size: self.database.pool_size,
            },
            registration: RegistrationConfig {
                mode: self.registration.mode,
                min_password_length: self.registration.min_password_length,
            },
            i18n: I18nConfig { default_language },
            email: EmailConfig {
                transport: self.email.transport,
                from: self.email.from,
                smtp_url,
                send_every_seconds: self.email.send_every_seconds,
            },
            federation: FederationConfig {
                mode: self.federation.mode,
                accept_links_automatically: accept_links == "automatic",
                allow_private_addresses: self.federation.allow_private_addresses,
                authorized_fetch: self.federation.authorized_fetch,
                delivery: self.federation.delivery,
            },
            themes: ThemesConfig {
                create_defaults: self.themes.create_defaults,
                custom: self.themes.custom,
            },
            proposals: ProposalsConfig {
                validation: self.proposals.validation,
                expiry_check_seconds: self.proposals.expiry_check_seconds,
            },
            limits: self.limits,
            retention: self.retention,
            log: LogConfig {
                format: self.log.format,
                level: self.log.level,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(overrides: &[(&str, toml::Value)]) -> Result<Config, ConfigError> {
        Config::load_with_overrides(None, overrides)
    }

    fn s(value: &str) -> toml::Value {
        toml::Value::String(value.into())
    }

    #[test]
    fn the_built_in_defaults_are_valid() {
        let config = load(&[]).expect("defaults load");
        assert_eq!(config.server.domain, "localhost:8080");
        assert_eq!(config.registration.mode, RegistrationMode::Open);
        assert!(config.database.url.is_none());
        assert!(!config.federation.allow_private_addresses);
    }

    #[test]
    fn the_domain_drops_a_default_port_and_keeps_another() {
        let https = load(&[("server.base_url", s("https://Innovation.Example.org"))]).unwrap();
        assert_eq!(https.server.domain, "innovation.example.org");
        assert!(https.server.is_https());
        let custom = load(&[("server.base_url", s("http://127.0.0.1:8081"))]).unwrap();
        assert_eq!(custom.server.domain, "127.0.0.1:8081");
        assert_eq!(custom.server.url("/users/a"), "http://127.0.0.1:8081/users/a");
    }

    #[test]
    fn bad_values_name_their_key_and_reason() {
        let cases: &[(&str, toml::Value, &str)] = &[
            ("server.base_url", s("ftp://x"), "server.base_url"),
            ("server.base_url", s("https://x.org/sub"), "without a path"),
            ("server.listen", s("nowhere"), "server.listen"),
            ("registration.mode", s("sometimes"), "registration.mode"),
            ("i18n.default_language", s("xx"), "i18n.default_language"),
            ("federation.mode", s("closed"), "federation.mode"),
            ("database.url", s("mysql://x/y"), "database.url"),
            ("database.pool_size", toml::Value::Integer(0), "database.pool_size"),
            ("email.transport", s("smtp"), "email.smtp_url"),
            ("log.format", s("xml"), "log.format"),
            (
                "federation.allow_private_addresses",
                s("perhaps"),
                "allow_private_addresses",
            ),
        ];
        for (key, value, expected) in cases {
            let error = load(&[(key, value.clone())]).expect_err(key).to_string();
            assert!(
                error.contains(expected),
                "{key} = {value}: {error:?} should mention {expected:?}"
            );
            assert!(!error.contains('\n'), "one line: {error:?}");
        }
    }

    #[test]
    fn an_unknown_key_is_refused() {
        let error = load(&[("server.lisen", s("127.0.0.1:1"))]).unwrap_err().to_string();
        assert!(error.contains("lisen"), "{error}");
    }

    #[test]
    #[allow(clippy::result_large_err, reason = "figment's Jail API returns its own error")]
    fn environment_variables_override_files() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "site.toml",
                "[server]\nlisten = \"127.0.0.1:9000\"\ninstance_name = \"From file\"",
            )?;
            jail.set_env("FUCINA__SERVER__LISTEN", "127.0.0.1:8081");
            let config = Config::load(Some(Path::new("site.toml"))).map_err(|e| e.to_string())?;
            assert_eq!(config.server.listen.port(), 8081);
            assert_eq!(config.server.instance_name, "From file");
            Ok(())
        });
    }

    #[test]
    fn a_missing_file_is_an_error() {
        let error = Config::load(Some(Path::new("/nonexistent/fucina.toml")))
            .unwrap_err()
            .to_string();
        assert!(error.contains("/nonexistent/fucina.toml"), "{error}");
    }
}
