//! One module per group of pages; each handler extracts, calls a service or a
//! read query, and renders.

pub mod account;
pub mod admin;
pub mod auth;
pub mod data;
pub mod groups;
pub mod home;
pub mod interests;
pub mod matching;
pub mod moderation;
pub mod notifications;
pub mod oauth;
pub mod proposals;
pub mod report;
pub mod search;
pub mod settings;
pub mod social;
