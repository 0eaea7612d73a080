//! The command line: parse, load the configuration, run one command. Any error
//! ends as one line on stderr and a non-zero exit status.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a command line talks on stdout and stderr"
)]

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::db::users;
use crate::domain::account::Role;
use crate::error::AppError;
use crate::services::accounts::{self, CreatedBy, SignUp};
use crate::services::moderation::{self, AccountAction, ActionInput, By, Lift};
use crate::startup::{self, Application};
use crate::state::AppState;
use crate::{crypto, telemetry};

#[derive(Debug, Parser)]
#[command(
    name = "fucina",
    version,
    about = "A federated ActivityPub server for open innovation"
)]
pub struct Cli {
    /// A configuration file layered over the built-in defaults.
    #[arg(long, short, global = true, value_name = "FILE")]
    config: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the server (and the private PostgreSQL cluster, if no database.url is set).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage local accounts.
    #[command(subcommand)]
    Account(AccountCommand),
    /// Inspect the configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Federation policy: the mode, links with other instances, relays, blocks.
    #[command(subcommand)]
    Federation(FederationCommand),
    /// The shared competence vocabulary of proposals and profiles.
    #[command(subcommand)]
    Competence(CompetenceCommand),
}

#[derive(Debug, Subcommand)]
enum CompetenceCommand {
    /// List the competences, most used first: key, proposals, people, labels.
    List,
    /// Merge a synonym into another competence (proposals and profiles follow).
    Merge { from: String, into: String },
    /// Name a competence in English and Italian.
    Label {
        key: String,
        #[arg(long, default_value = "")]
        en: String,
        #[arg(long, default_value = "")]
        it: String,
    },
}

async fn competence_command(state: &AppState, command: CompetenceCommand) -> anyhow::Result<()> {
    use crate::services::competences;
    match command {
        CompetenceCommand::List => {
            for entry in competences::vocabulary(state, By::Console).await.map_err(describe)? {
                let merged = entry.merged_into.map(|k| format!(" → {k}")).unwrap_or_default();
                println!(
                    "{}{merged}\t{}\t{}\t{}",
                    entry.key, entry.proposals, entry.people, entry.labels
                );
            }
        }
        CompetenceCommand::Merge { from, into } => {
            competences::merge(state, By::Console, &from, &into)
                .await
                .map_err(describe)?;
            println!("{from} merged into {into}");
        }
        CompetenceCommand::Label { key, en, it } => {
            competences::set_labels(state, By::Console, &key, &en, &it)
                .await
                .map_err(describe)?;
            println!("{key}: labelled");
        }
    }
    Ok(())
}

async fn find_account(state: &AppState, username: &str) -> anyhow::Result<users::Account> {
    let mut conn = state.db.get().await?;
    match users::find_account_by_login(&mut conn, username).await? {
        Some(account) => Ok(account),
        None => bail!("no local account named {username}"),
    }
}

async fn local_actor_id(state: &AppState, username: &str) -> anyhow::Result<i64> {
    Ok(find_account(state, username).await?.actor.id)
}

async fn moderate(state: &AppState, action: AccountAction, args: ModerationArgs) -> anyhow::Result<()> {
    let id = local_actor_id(state, &args.username).await?;
    let input = ActionInput {
        action,
        text: args.reason,
        report_id: None,
    };
    moderation::act(state, By::Console, id, input).await.map_err(describe)?;
    println!("@{}: {}", args.username, action.name());
    Ok(())
}

async fn lift(state: &AppState, what: Lift, username: &str) -> anyhow::Result<()> {
    let id = local_actor_id(state, username).await?;
    moderation::lift(state, By::Console, id, what).await.map_err(describe)?;
    println!("@{username}: lifted");
    Ok(())
}

#[derive(Debug, Subcommand)]
enum FederationCommand {
    /// Set the federation mode (in force on running servers within seconds):
    /// open (everyone not blocked) or linked-only (linked instances only).
    Mode { mode: String },
    /// Link with another instance, or accept its request to link.
    Link { domain: String },
    /// End a link (or a relay subscription).
    Unlink { domain: String },
    /// List links and relay subscriptions with their state.
    List,
    /// Subscribe to a relay: by its domain (LitePub relays, followed at
    /// /actor) or its inbox URL, https://relay.example/inbox (Mastodon relays).
    Relay { domain: String },
    /// Suspend an instance (nothing in or out, its cached content removed),
    /// or with --silence keep its posts out of public timelines and search.
    Block {
        domain: String,
        #[arg(long)]
        silence: bool,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Lift an instance's block.
    Unblock { domain: String },
    /// Block one remote account (its id URL or user@domain).
    BlockActor {
        actor: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Lift the block of one remote account (its id URL).
    UnblockActor { actor: String },
    /// File a linked instance's theme under one of ours: DOMAIN THEIR_KEY OUR_KEY.
    MapTheme {
        domain: String,
        remote_key: String,
        local_key: String,
    },
}

#[derive(Debug, Subcommand)]
enum AccountCommand {
    /// Create an account. Its password is read from stdin with --password-stdin,
    /// otherwise generated and printed.
    Create {
        /// a-z, 0-9 and _, up to 30 characters.
        username: String,
        #[arg(long)]
        email: String,
        /// Make the account an administrator.
        #[arg(long)]
        admin: bool,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the accounts, one per line.
    List,
    /// Approve a pending sign-up.
    Approve {
        username: String,
    },
    /// Give an account a role: user, facilitator (validates proposals), moderator or admin.
    Role {
        username: String,
        role: String,
    },
    /// A moderator's action on an account; its owner is told why: warn,
    /// sensitive, disable, silence or suspend (purged after 30 days unless lifted).
    #[command(name = "warn")]
    Warn(ModerationArgs),
    Sensitive(ModerationArgs),
    Disable(ModerationArgs),
    Silence(ModerationArgs),
    Suspend(ModerationArgs),
    /// Lift a mark: enable, unsilence, unsensitive, unsuspend.
    Enable {
        username: String,
    },
    Unsilence {
        username: String,
    },
    Unsensitive {
        username: String,
    },
    Unsuspend {
        username: String,
    },
    /// Write the archive of an account (what "Export my data" gives) to a file.
    Export {
        username: String,
        #[arg(long)]
        out: std::path::PathBuf,
    },
}

#[derive(Debug, clap::Args)]
struct ModerationArgs {
    username: String,
    /// The reason, sent to the account's owner.
    #[arg(long, default_value = "")]
    reason: String,
}

#[derive(Debug, Subcommand)]
enum ConfigCommand {
    /// Validate the configuration and print the values in effect.
    Check,
}

/// Parses the command line and runs it.
pub async fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            use clap::error::ErrorKind;
            if matches!(
                error.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = error.print();
                return if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                    ExitCode::from(2)
                } else {
                    ExitCode::SUCCESS
                };
            }
            // clap's message ends with usage lines; the first says what went wrong.
            let rendered = error.to_string();
            let first = rendered.lines().next().unwrap_or("invalid arguments");
            let first = first.strip_prefix("error: ").unwrap_or(first);
            eprintln!("error: {first} (see fucina --help)");
            return ExitCode::from(2);
        }
    };
    match execute(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let message = format!("{error:#}").replace('\n', " ");
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn execute(cli: Cli) -> anyhow::Result<()> {
    let config = Config::load(cli.config.as_deref())?;
    telemetry::init(&config.log);
    match cli.command {
        Command::Serve => Application::build(config).await?.run_until_stopped().await,
        Command::Migrate => {
            let database = startup::prepare_database(&config).await?;
            drop(database);
            println!("migrations applied");
            Ok(())
        }
        Command::Config(ConfigCommand::Check) => {
            print_config(&config);
            Ok(())
        }
        Command::Federation(command) => {
            let database = startup::prepare_database(&config).await?;
            let state = startup::state(config, &database)?;
            let result = federation_command(&state, command).await;
            drop(state);
            drop(database);
            result
        }
        Command::Account(command) => {
            let database = startup::prepare_database(&config).await?;
            let state = startup::state(config, &database)?;
            let result = account_command(&state, command).await;
            drop(state);
            drop(database);
            result
        }
        Command::Competence(command) => {
            let database = startup::prepare_database(&config).await?;
            let state = startup::state(config, &database)?;
            let result = competence_command(&state, command).await;
            drop(state);
            drop(database);
            result
        }
    }
}

async fn account_command(state: &crate::state::AppState, command: AccountCommand) -> anyhow::Result<()> {
    match command {
        AccountCommand::Create {
            username,
            email,
            admin,
            password_stdin,
        } => {
            let (password, generated) = if password_stdin {
                if std::io::stdin().is_terminal() {
                    eprintln!("password (then Enter):");
                }
                let mut line = String::new();
                std::io::stdin()
                    .lock()
                    .read_line(&mut line)
                    .context("reading the password from stdin")?;
                (line.trim_end_matches(['\n', '\r']).to_owned(), false)
            } else {
                (crypto::random_token(), true)
            };
            let role = if admin { Role::Admin } else { Role::User };
            let input = SignUp {
                username,
                email,
                password: password.clone(),
                locale: None,
                reason: String::new(),
                accepted_terms: false,
            };
            let account = accounts::register(state, input, CreatedBy::Administrator(role))
                .await
                .map_err(describe)?;
            println!(
                "created @{} ({}){}",
                account.actor.username,
                account.user.email,
                if admin { " as an administrator" } else { "" }
            );
            if generated {
                println!("password: {password}");
            }
            Ok(())
        }
        AccountCommand::List => {
            let mut conn = state.db.get().await?;
            for account in users::list_accounts(&mut conn, None).await? {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    account.actor.username,
                    account.user.email,
                    account.user.role,
                    account.user.approval,
                    account.user.created_at.format("%Y-%m-%d")
                );
            }
            Ok(())
        }
        AccountCommand::Approve { username } => {
            let mut conn = state.db.get().await?;
            let Some(account) = users::find_account_by_login(&mut conn, &username).await? else {
                bail!("no local account named {username}");
            };
            accounts::decide_approval(state, account.user.id, true)
                .await
                .map_err(describe)?;
            println!("approved @{}", account.actor.username);
            Ok(())
        }
        AccountCommand::Role { username, role } => {
            let Some(role) = Role::parse(&role) else {
                bail!("unknown role {role}: use user, facilitator, moderator or admin");
            };
            let mut conn = state.db.get().await?;
            let Some(account) = users::find_account_by_login(&mut conn, &username).await? else {
                bail!("no local account named {username}");
            };
            accounts::set_role(state, account.user.id, role)
                .await
                .map_err(describe)?;
            println!("@{} is now {}", account.actor.username, role.as_str());
            Ok(())
        }
        AccountCommand::Warn(args) => moderate(state, AccountAction::Warn, args).await,
        AccountCommand::Sensitive(args) => moderate(state, AccountAction::Sensitive, args).await,
        AccountCommand::Disable(args) => moderate(state, AccountAction::Disable, args).await,
        AccountCommand::Silence(args) => moderate(state, AccountAction::Silence, args).await,
        AccountCommand::Suspend(args) => moderate(state, AccountAction::Suspend, args).await,
        AccountCommand::Enable { username } => lift(state, Lift::Disable, &username).await,
        AccountCommand::Unsilence { username } => lift(state, Lift::Silence, &username).await,
        AccountCommand::Unsensitive { username } => lift(state, Lift::Sensitive, &username).await,
        AccountCommand::Unsuspend { username } => lift(state, Lift::Suspend, &username).await,
        AccountCommand::Export { username, out } => {
            let account = find_account(state, &username).await?;
            let size = crate::services::export::write(state, &account, &out)
                .await
                .map_err(describe)?;
            println!("wrote {} ({size} bytes)", out.display());
            Ok(())
        }
    }
}

async fn federation_command(state: &crate::state::AppState, command: FederationCommand) -> anyhow::Result<()> {
    use crate::domain::federation::{Mode, Severity};
    use crate::services::{links, policy};
    let actor = crate::services::instance::ensure_instance_actor(state)
        .await
        .map_err(describe)?;
    let actor = crate::activitypub::objects::actor::ActorObject::new(actor).map_err(|e| anyhow::anyhow!("{e}"))?;
    let config = crate::activitypub::build_config(state.clone(), &actor).await?;
    let data = config.to_request_data();
    match command {
        FederationCommand::Mode { mode } => {
            let mode = Mode::parse(&mode).context("the mode is open or linked-only")?;
            policy::set_mode(state, None, mode).await.map_err(describe)?;
            println!("federation mode: {}", mode.as_str());
        }
        FederationCommand::Link { domain } => {
            let link = links::link(&data, None, &domain).await.map_err(describe)?;
            println!("{}: {}", link.host, link_state(&link));
        }
        FederationCommand::Relay { domain } => {
            let link = links::subscribe_relay(&data, None, &domain).await.map_err(describe)?;
            println!("relay {}: {}", link.host, link_state(&link));
        }
        FederationCommand::Unlink { domain } => {
            links::unlink(&data, None, &domain).await.map_err(describe)?;
            println!("{domain}: unlinked");
        }
        FederationCommand::List => {
            for link in links::links(state).await.map_err(describe)? {
                let last = link
                    .last_received_at
                    .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                    .unwrap_or_else(|| "-".into());
                println!(
                    "{}\t{}\t{}\tlast received: {last}",
                    link.host,
                    link.kind,
                    link_state(&link)
                );
            }
        }
        FederationCommand::Block {
            domain,
            silence,
            reason,
        } => {
            let severity = if silence { Severity::Silence } else { Severity::Suspend };
            policy::block(&data, None, &domain, severity, &reason)
                .await
                .map_err(describe)?;
            println!("{domain}: {}", severity.as_str());
        }
        FederationCommand::Unblock { domain } => {
            policy::unblock(state, None, &domain).await.map_err(describe)?;
            println!("{domain}: unblocked");
        }
        FederationCommand::BlockActor { actor, reason } => {
            let id = policy::block_actor(&data, None, &actor, &reason)
                .await
                .map_err(describe)?;
            println!("{id}: blocked");
        }
        FederationCommand::UnblockActor { actor } => {
            policy::unblock_actor(state, None, &actor).await.map_err(describe)?;
            println!("{actor}: unblocked");
        }
        FederationCommand::MapTheme {
            domain,
            remote_key,
            local_key,
        } => {
            policy::map_theme(state, None, &domain, &remote_key, &local_key)
                .await
                .map_err(describe)?;
            println!("{domain} {remote_key} -> {local_key}");
        }
    }
    Ok(())
}

/// A link's state in words for the terminal.
fn link_state(link: &crate::db::federation::DbLink) -> &'static str {
    match link.state() {
        "linked" => "linked",
        "subscribed" => "subscribed",
        "requested" => "they asked to link",
        _ => "waiting for them",
    }
}

/// A service error as one sentence for the terminal.
fn describe(error: AppError) -> anyhow::Error {
    match error {
        AppError::Validation(errors) => anyhow::anyhow!(
            "{}",
            errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message.english()))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        AppError::Internal(cause) => cause,
        other => anyhow::anyhow!("{}", other.public_message().english()),
    }
}

fn print_config(config: &Config) {
    let database = match &config.database.url {
        Some(url) => crate::db::redact(url),
        None => format!("private cluster in {}", config.storage.postgres_dir().display()),
    };
    println!("configuration is valid");
    println!("server.base_url = {}", config.server.base_url);
    println!("server.domain = {}", config.server.domain);
    println!("server.listen = {}", config.server.listen);
    println!("server.instance_name = {}", config.server.instance_name);
    println!("storage.data_dir = {}", config.storage.data_dir.display());
    println!("database = {database}");
    println!("database.pool_size = {}", config.database.pool_size);
    println!("registration.mode = {:?}", config.registration.mode);
    println!("i18n.default_language = {}", config.i18n.default_language.code());
    println!("email.transport = {:?}", config.email.transport);
    println!("federation.mode = {:?}", config.federation.mode);
    println!(
        "federation.allow_private_addresses = {}",
        config.federation.allow_private_addresses
    );
    println!("federation.authorized_fetch = {}", config.federation.authorized_fetch);
    println!("log.format = {:?}", config.log.format);
    println!("log.level = {}", config.log.level);
}
