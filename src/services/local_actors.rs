//! Local actors are born here: a person, a group or the instance itself, each
//! with its key pair and the endpoints every local actor has.

use diesel_async::AsyncPgConnection;

use crate::crypto::KeyPair;
use crate::db::actors::{self, DbActor, NewActor};
use crate::urls::Urls;

/// What differs between local actors; the endpoints follow from `ap_id`.
pub(crate) struct LocalActor<'a> {
    /// `Person`, `Group` or `Application`.
    pub actor_type: &'a str,
    pub username: &'a str,
    pub display_name: &'a str,
    pub ap_id: &'a str,
    /// The page people see.
    pub url: &'a str,
}

/// Inserts a local actor with its inbox, outbox, collections and `keys`.
pub(crate) async fn insert(
    conn: &mut AsyncPgConnection,
    urls: &Urls<'_>,
    actor: LocalActor<'_>,
    keys: &KeyPair,
) -> diesel::QueryResult<DbActor> {
    let id = actor.ap_id;
    let (inbox, shared_inbox, outbox) = (urls.inbox(id), urls.shared_inbox(), urls.outbox(id));
    let (followers, following, key_id) = (urls.followers(id), urls.following(id), urls.main_key(id));
    let row = NewActor {
        actor_type: actor.actor_type,
        username: actor.username,
        domain: None,
        display_name: actor.display_name,
        ap_id: id,
        url: Some(actor.url),
        inbox_url: &inbox,
        shared_inbox_url: Some(&shared_inbox),
        outbox_url: Some(&outbox),
        followers_url: Some(&followers),
        following_url: Some(&following),
        public_key_id: &key_id,
        public_key_pem: &keys.public_key_pem,
        private_key_pem: Some(&keys.private_key_pem),
    };
    actors::insert(conn, &row).await
}
