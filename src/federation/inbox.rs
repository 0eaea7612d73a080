//! The inboxes (`/inbox`, `/users/{name}/inbox`, `/actor/inbox`). Every POST is
//! checked in order of cost: size (413), JSON (400), origin (400), signature
//! headers, date window and digest (401), then the signer's key, fetched if
//! need be, which must belong to the activity's actor (401). A verified
//! activity is processed once per id; unknown types are accepted and ignored.

use activitypub_federation::fetch::object_id::ObjectId;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use url::Url;

use crate::activitypub::objects::actor::{ActorObject, host_of};
use crate::activitypub::protocol::activities::Activity;
use crate::activitypub::signatures::{self, SignatureError};
use crate::db::actors::{self, DbActor};
use crate::db::deliveries;
use crate::error::{AppError, AppResult};
use crate::i18n::Message;
use crate::services;
use crate::state::FedData;
use crate::state::Metrics;

pub async fn shared_inbox(data: FedData, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    respond(&data, bounded(&data, &method, &uri, &headers, &body).await)
}

/// How long a POST waits for its turn before it is told to come back.
const INBOX_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// `post`, within the inbox's bounds: at most `limits.inbox_concurrency` at
/// once in this process (the rest wait, then are told to retry), and, if an
/// operator set one, a per-server budget. A refused POST changes nothing and
/// its sender delivers it again later.
async fn bounded(data: &FedData, method: &Method, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> AppResult<Received> {
    if let Some(budget) = &data.inbox_budget
        && let Some(host) = sender_host(body)
        && let Some(wait) = budget.hit(&host)
    {
        return Err(AppError::TooManyRequests(wait.as_secs().max(1)));
    }
    let Ok(Ok(_permit)) = tokio::time::timeout(INBOX_WAIT, data.inbox_permits.acquire()).await else {
        return Err(AppError::TooManyRequests(INBOX_WAIT.as_secs()));
    };
    post(data, method, uri, headers, body).await
}

/// The host of the activity's actor, read cheaply for the budget.
fn sender_host(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Sender {
        #[serde(deserialize_with = "crate::activitypub::protocol::object::first_id")]
        actor: Url,
    }
    serde_json::from_slice::<Sender>(body)
        .ok()
        .and_then(|s| host_of(&s.actor))
}

pub async fn actor_inbox(
    data: FedData,
    Path(name): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let exists = match data.db.get().await {
        Ok(mut conn) => actors::find_local_by_username(&mut conn, &name)
            .await
            .map(|a| a.is_some())
            .unwrap_or(false),
        Err(_) => false,
    };
    if !exists {
        return AppError::NotFound.into_response();
    }
    respond(&data, bounded(&data, &method, &uri, &headers, &body).await)
}

fn respond(data: &FedData, result: AppResult<Received>) -> Response {
    match result {
        Ok(Received::Processed) => {
            Metrics::add(&data.metrics.inbox_accepted);
            StatusCode::ACCEPTED.into_response()
        }
        Ok(Received::Duplicate) => {
            Metrics::add(&data.metrics.inbox_duplicates);
            StatusCode::ACCEPTED.into_response()
        }
        Err(error) => {
            Metrics::add(&data.metrics.inbox_rejected);
            error.into_response()
        }
    }
}

enum Received {
    Processed,
    Duplicate,
}

fn unauthorized(error: &SignatureError) -> AppError {
    AppError::Unauthorized(Message::new("error-signature").with("reason", error.to_string()))
}

async fn post(data: &FedData, method: &Method, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> AppResult<Received> {
    let activity: Activity =
        serde_json::from_slice(body).map_err(|_| AppError::bad_request("error-activity-malformed"))?;
    // FEP-fe34: an activity lives on its actor's server.
    if host_of(&activity.id) != host_of(&activity.actor) {
        return Err(AppError::bad_request("error-activity-origin"));
    }
    // The policy before any key is fetched: a refused server stores nothing here.
    let policy = data.policy().await;
    let actor_host = host_of(&activity.actor).unwrap_or_default();
    if !policy.accepts_actor(activity.actor.as_str(), &actor_host) {
        return Err(AppError::forbidden("error-federation-refused"));
    }
    let request = received(data, method, uri, headers);
    let signature = signatures::check_request(&request, Some(body), Utc::now()).map_err(|e| unauthorized(&e))?;
    if !addressed_to_us(headers, &data.config.server.domain) {
        return Err(AppError::Unauthorized(Message::new("error-signature-host")));
    }

    let key_owner = signature.key_owner_guess().to_owned();
    let cached = data.recent_signers.get(&key_owner);
    let (signer, key) = match &cached {
        Some(entry) => (entry.0.clone(), entry.1.clone()),
        None => {
            let url = Url::parse(&key_owner).map_err(|_| unauthorized(&SignatureError::Malformed))?;
            let signer = match ObjectId::<ActorObject>::from(url).dereference(data).await {
                Ok(actor) => actor.row,
                Err(error) => {
                    tracing::debug!(error = %error, actor = %activity.actor, "no key for an inbox post");
                    // A Delete of an actor we never knew needs no key: there is nothing to delete.
                    if activity.kind == "Delete" && activity.object_id() == Some(activity.actor.as_str()) {
                        return Ok(Received::Duplicate);
                    }
                    return Err(unauthorized(&SignatureError::Key));
                }
            };
            let key = signatures::parse_public_key(&signer.public_key_pem).map_err(|e| unauthorized(&e))?;
            (signer, key)
        }
    };
    if signer.ap_id != activity.actor.as_str() {
        return Err(AppError::Unauthorized(Message::new("error-signer-not-actor")));
    }
    if signer.is_local() {
        return Err(AppError::forbidden("error-activity-origin"));
    }
    let verified = signature.verify(&key);
    let signer = match verified {
        Ok(_) => {
            if cached.is_none() {
                data.recent_signers.put(&key_owner, signer.clone(), key);
            }
            signer
        }
        Err(SignatureError::Invalid) => {
            // Perhaps the key was rotated since we cached it: fetch the actor again, once.
            data.recent_signers.forget(&signer.ap_id);
            let refreshed = refetch(data, &signer)
                .await
                .ok_or_else(|| unauthorized(&SignatureError::Invalid))?;
            signature
                .verify_pem(&refreshed.public_key_pem)
                .map_err(|e| unauthorized(&e))?;
            refreshed
        }
        Err(error) => return Err(unauthorized(&error)),
    };

    let mut conn = data.db.get().await?;
    if !deliveries::first_receipt(&mut conn, activity.id.as_str()).await? {
        return Ok(Received::Duplicate);
    }
    drop(conn);
    match services::inbox::receive(data, &signer, &activity).await {
        Ok(()) => Ok(Received::Processed),
        Err(error) => {
            // Let the sender's retry be processed: only failures we cannot fix are final.
            if matches!(
                error,
                AppError::Internal(_) | AppError::Remote(_) | AppError::Unavailable(_)
            ) {
                let mut conn = data.db.get().await?;
                deliveries::forget_receipt(&mut conn, activity.id.as_str()).await?;
            }
            Err(error)
        }
    }
}

/// Whether the request's (signed) `Host` is this instance's domain, so that a
/// request signed for another server cannot be replayed here.
fn addressed_to_us(headers: &HeaderMap, domain: &str) -> bool {
    let Some(host) = headers.get(http::header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = host.trim().to_ascii_lowercase();
    let host = host
        .strip_suffix(":443")
        .or_else(|| host.strip_suffix(":80"))
        .unwrap_or(&host);
    host == domain
}

/// The actor fetched anew, if its server answers.
async fn refetch(data: &FedData, actor: &DbActor) -> Option<DbActor> {
    let url = Url::parse(&actor.ap_id).ok()?;
    ObjectId::<ActorObject>::from(url)
        .dereference_forced(data)
        .await
        .ok()
        .map(|a| a.row)
}

/// A request as it reached us, for its signature to be checked.
fn received<'a>(
    data: &'a FedData,
    method: &'a Method,
    uri: &'a Uri,
    headers: &'a HeaderMap,
) -> signatures::Request<'a> {
    signatures::Request {
        method,
        scheme: data.config.server.base_url.scheme(),
        target: uri.path_and_query().map_or("/", |p| p.as_str()),
        headers,
    }
}

/// For authorized fetch: the actor that signed a GET, if its signature verifies.
pub async fn signed_fetcher(data: &FedData, method: &Method, uri: &Uri, headers: &HeaderMap) -> Option<DbActor> {
    let request = received(data, method, uri, headers);
    let signature = signatures::check_request(&request, None, Utc::now()).ok()?;
    if !addressed_to_us(headers, &data.config.server.domain) {
        return None;
    }
    let owner = Url::parse(signature.key_owner_guess()).ok()?;
    // A server this instance does not federate with is not asked for its key.
    if !data.policy().await.accepts_host(&host_of(&owner)?) {
        return None;
    }
    let actor = ObjectId::<ActorObject>::from(owner).dereference(data).await.ok()?.row;
    signature.verify_pem(&actor.public_key_pem).ok()?;
    Some(actor)
}
