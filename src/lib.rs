//! Fucina: a federated ActivityPub server for open innovation.
//!
//! Dependencies point one way: `cli → startup → {web, api, federation} → services
//! → {activitypub, db, domain}` (docs/architecture.md; `tests/suite/architecture.rs`
//! checks it); `config`, `error`, `i18n`, `crypto`, `keys`, `mail`, `peer`,
//! `upload`, `urls` and `state` are shared leaves.

#![recursion_limit = "256"]

pub mod activitypub;
pub mod api;
pub mod cli;
pub mod config;
pub mod crypto;
pub mod db;
pub mod domain;
pub mod error;
pub mod federation;
pub mod i18n;
pub mod keys;
pub mod mail;
pub mod peer;
pub mod services;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod upload;
pub mod urls;
pub mod web;
