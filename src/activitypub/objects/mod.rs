//! Local rows to ActivityPub JSON and back, and the library's `Object` traits.
//! Storing fetched remote objects here is a cache write, kept beside the
//! conversion that produces it.

pub mod actor;
pub mod poll;
pub mod proposal;
pub mod status;
