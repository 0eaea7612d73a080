//! Use cases: the only code that writes to the database or sends activities.
//! Handlers call these; these call `db`, `domain` and the federation core.

pub mod accounts;
pub mod attachments;
pub mod competences;
pub mod directory;
pub mod erasure;
pub mod export;
pub mod follows;
pub mod groups;
pub mod import;
pub mod inbox;
pub mod instance;
pub mod jobs;
pub mod legal;
pub mod limits;
pub mod links;
pub mod local_actors;
pub mod lookup;
pub mod mail;
pub mod markers;
pub mod media;
pub mod moderation;
pub mod moderators;
pub mod notifications;
pub mod oauth;
pub mod outbox;
pub mod policy;
pub mod polls;
pub mod proposals;
pub mod relations;
pub mod remote_actors;
pub mod reports;
pub mod rules;
pub mod sessions;
pub mod statuses;
pub mod worker;
