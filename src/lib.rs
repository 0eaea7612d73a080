//! Fucina: a federated ActivityPub server for open innovation.
//!
//! Dependencies point one way: `cli → startup → {web, api, federation::routes} → services
//! → {federation core, db, domain}`;
//! `config`, `error`, `i18n`, `crypto`, `mail`, `peer`, `upload`, `urls` and `state` are shared leaves.

#![recursion_limit = "256"]

pub mod api;
pub mod cli;
pub mod config;
pub mod crypto;
pub mod db;
pub mod domain;
pub mod error;
pub mod federation;
pub mod i18n;
pub mod mail;
pub mod peer;
pub mod services;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod upload;
pub mod urls;
pub mod web;
