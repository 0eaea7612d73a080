//! The domain: types that are valid by construction and the rules of Fucina.
//! Nothing here knows of HTTP, SQL or ActivityPub's wire format; it imports only
//! `error` and `i18n` (for the messages its refusals carry).

pub mod account;
pub mod attachment;
pub mod federation;
pub mod group;
pub mod media;
pub mod notification;
pub mod oauth;
pub mod profile;
pub mod proposal;
pub mod text;
pub mod visibility;
