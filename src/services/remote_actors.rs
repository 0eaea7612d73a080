//! Other servers' actors, as this server keeps them: fetched (by the
//! library, through the `Object` trait), verified (their key is their own,
//! their inbox on their own origin), stored and refreshed when a day old.

use activitypub_federation::config::Data;
use activitypub_federation::protocol::verification::verify_domains_match;
use activitypub_federation::traits::Object;
use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use url::Url;

use crate::activitypub::objects::actor::{
    ActorObject, from_activitypub, host_of, local_document, same_origin, to_activitypub,
};
use crate::activitypub::protocol::actor::Actor as ActorJson;
use crate::db::actors::{self, DbActor};
use crate::error::{AppError, AppResult};
use crate::state::{AppState, FedData};

/// Stores a fetched actor (insert or refresh).
pub async fn store_remote(conn: &mut AsyncPgConnection, json: &ActorJson) -> Result<DbActor, AppError> {
    let row = from_activitypub(json, Utc::now())?;
    let stored = actors::upsert_remote(conn, &row).await?;
    // What a person lists (Fucina's competences, anyone's hashtags), into the vocabulary.
    if stored.actor_type == "Person" {
        let keys = crate::activitypub::objects::actor::tagged_competences(json);
        let keys = crate::db::competences::canonical(conn, &keys).await?;
        crate::db::competences::set_actor(conn, stored.id, &keys, None).await?;
    }
    // How to sign for its server: FEP-844e says whether it verifies RFC 9421.
    if json.implements_rfc9421()
        && let Some(host) = host_of(&json.id)
    {
        crate::db::deliveries::advertises_rfc9421(conn, &host).await?;
    }
    Ok(stored)
}

#[async_trait::async_trait]
impl Object for ActorObject {
    type DataType = AppState;
    type Kind = ActorJson;
    type Error = AppError;

    fn id(&self) -> &Url {
        self.ap_url()
    }

    fn last_refreshed_at(&self) -> Option<DateTime<Utc>> {
        // Local actors are never stale; remote ones are refetched after a day. The
        // library's own threshold is seconds in debug builds, so it is told only
        // once a day has passed.
        if self.row.is_local() {
            return None;
        }
        let fetched = self.row.fetched_at.unwrap_or(self.row.updated_at);
        (Utc::now() - fetched > chrono::Duration::hours(24)).then_some(fetched)
    }

    async fn read_from_id(object_id: Url, data: &Data<AppState>) -> Result<Option<Self>, AppError> {
        let mut conn = data.db.get().await?;
        match actors::find_by_ap_id(&mut conn, object_id.as_str()).await? {
            Some(row) => Ok(Some(ActorObject::new(row)?)),
            None => Ok(None),
        }
    }

    async fn delete(&self, data: &Data<AppState>) -> Result<(), AppError> {
        let mut conn = data.db.get().await?;
        actors::mark_deleted(&mut conn, self.row.id).await?;
        Ok(())
    }

    fn is_deleted(&self) -> bool {
        self.row.deleted_at.is_some()
    }

    async fn into_json(self, data: &Data<AppState>) -> Result<ActorJson, AppError> {
        if self.row.is_local() {
            let mut conn = data.db.get().await?;
            return local_document(&mut conn, data.app_data(), &self.row).await;
        }
        Ok(to_activitypub(&self.row, data.app_data()))
    }

    async fn verify(json: &ActorJson, expected_domain: &Url, _data: &Data<AppState>) -> Result<(), AppError> {
        verify_domains_match(&json.id, expected_domain)
            .map_err(|_| AppError::Remote("actor served from another host".into()))?;
        // Its key must be its own, and its inbox on its own server (FEP-fe34).
        if json.public_key.owner != json.id {
            return Err(AppError::Remote("the actor's key belongs to someone else".into()));
        }
        if !same_origin(&json.inbox, &json.id) {
            return Err(AppError::Remote("the actor's inbox is on another host".into()));
        }
        Ok(())
    }

    async fn from_json(json: ActorJson, data: &Data<AppState>) -> Result<Self, AppError> {
        let mut conn = data.db.get().await?;
        ActorObject::new(store_remote(&mut conn, &json).await?)
    }
}

/// Fetches the actors of `ids` this server does not know (at most twenty);
/// one that cannot be fetched is skipped, as its server may be gone.
pub async fn fetch_unknown(data: &FedData, ids: &[String]) -> AppResult<()> {
    let wanted: Vec<String> = ids.iter().take(20).cloned().collect();
    let known = {
        let mut conn = data.db.get().await?;
        crate::db::actors::known_ap_ids(&mut conn, &wanted).await?
    };
    for id in wanted.iter().filter(|id| !known.contains(id)) {
        if let Err(error) = crate::activitypub::fetch::actor(data, id).await {
            tracing::debug!(%error, actor = %id, "an actor could not be fetched");
        }
    }
    Ok(())
}
