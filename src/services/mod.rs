//! Use cases: the only code that writes to the database or (later) federates.
//! Handlers call these; these call `db` and `domain`. No HTTP types here.

pub mod accounts;
pub mod oauth;
pub mod sessions;
