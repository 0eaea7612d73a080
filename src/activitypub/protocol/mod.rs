//! ActivityPub as it travels: the JSON shapes Fucina sends and accepts, and
//! nothing else. No database, no HTTP. Row types convert to and from these in
//! `federation::objects`; services build outgoing activities from them.

pub mod activities;
pub mod actor;
pub mod collections;
pub mod context;
pub mod object;
pub mod outgoing;

/// `https://www.w3.org/ns/activitystreams#Public` and the forms servers write it in.
pub const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

pub fn is_public(address: &str) -> bool {
    matches!(address, PUBLIC | "as:Public" | "Public")
}
