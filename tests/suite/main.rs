//! Black-box tests: real instances on real ports, real PostgreSQL, real HTTP.
//! One test binary, so the suite links once.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

#[path = "../common/mod.rs"]
mod common;

mod api_accounts;
mod api_basics;
mod api_statuses;
mod architecture;
mod attachments;
mod cli;
mod clients;
mod discovery;
mod federation;
mod fixtures;
mod groups;
mod http_signatures;
mod inbox;
mod language;
mod linked;
mod mail;
mod markers;
mod mastodon_extras;
mod matching;
mod media;
mod moderation;
mod moderation_federated;
mod oauth;
mod outgoing;
mod polls;
mod portability;
mod proposals;
mod reports;
mod robustness;
mod search;
mod security_api;
mod security_federation;
mod security_web;
mod web_accounts;
mod web_social;
