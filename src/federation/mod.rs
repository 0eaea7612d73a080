//! ActivityPub over HTTP: the routes other servers call (actors, collections,
//! posts, WebFinger, NodeInfo) and the inboxes. A peer of `web` and `api`: it
//! calls `services` for what arrives and reads through `db`; the protocol
//! itself is `activitypub`.

pub mod inbox;
pub mod routes;
