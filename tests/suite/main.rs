//! Black-box tests: real instances on real ports, real PostgreSQL, real HTTP.
//! One test binary, so the suite links once.

#[path = "../common/mod.rs"]
mod common;

mod api_accounts;
mod api_basics;
mod cli;
mod clients;
mod language;
mod oauth;
mod web_accounts;
