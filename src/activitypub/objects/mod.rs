//! Rows to ActivityPub documents and back, as values: what a local actor,
//! post, poll, proposal or file looks like on the wire, and what another
//! server's means here. Storing what arrives is the services' work
//! (`services::remote_actors`, `services::statuses::remote`), as is the
//! library's `Object` trait, which stores when it dereferences.

pub mod actor;
pub mod document;
pub mod poll;
pub mod proposal;
pub mod status;
