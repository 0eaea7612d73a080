//! Finding actors and posts by handle or address, for pages and the API:
//! here when this server has them, on their own server (WebFinger, signed
//! fetches) when it does not. A post found is returned only to whoever may
//! read it; to anyone else it does not exist.

use url::Url;

use crate::activitypub::fetch;
use crate::db::actors::DbActor;
use crate::db::statuses::{self, DbStatus, Viewer};
use crate::error::{AppError, AppResult};
use crate::state::FedData;

/// What an address turned out to be.
pub enum Found {
    Actor(Box<DbActor>),
    Status(Box<DbStatus>),
}

/// An actor by handle: `name`, `@name`, `name@domain`, `@name@domain` or `!name@domain`.
pub async fn actor_by_handle(data: &FedData, handle: &str) -> AppResult<DbActor> {
    fetch::actor_by_handle(data, handle).await
}

/// An actor or a post by its address (an ActivityPub id or a page), fetched
/// once if unknown; a post only if `viewer` may read it.
pub async fn by_url(data: &FedData, viewer: Viewer, url: &str) -> AppResult<Found> {
    match fetch::by_url(data, url).await? {
        fetch::Resolved::Actor(actor) => Ok(Found::Actor(actor)),
        fetch::Resolved::Status(status) => {
            let mut conn = data.db.get().await?;
            if status.is_deleted() || !statuses::visible_to(&mut conn, viewer, status.id).await? {
                return Err(AppError::NotFound);
            }
            Ok(Found::Status(status))
        }
    }
}

/// The page of `handle`'s own server where they follow `uri` (remote follow).
pub async fn subscribe_page(data: &FedData, handle: &str, uri: &str) -> Option<Url> {
    fetch::subscribe_page(data, handle, uri).await
}
