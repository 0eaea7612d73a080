//! A stand-in for another fediverse server: it serves the documents a test gives
//! it (actors, posts, WebFinger) over real HTTP, records what is delivered to it,
//! and posts activities signed with real RSA keys, as Mastodon and others do.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use fucina::activitypub::signatures::Dialect;
use http::Method;
use rsa::RsaPrivateKey;
use serde_json::{Value, json};

/// What the fake server received.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub path: String,
    pub headers: HeaderMap,
    pub body: Value,
    /// The body's bytes, as sent.
    pub raw: Vec<u8>,
}

#[derive(Clone, Default)]
struct Shared {
    documents: Arc<Mutex<HashMap<String, Value>>>,
    received: Arc<Mutex<Vec<Delivery>>>,
    /// Every path asked for, GET or POST, in order.
    requested: Arc<Mutex<Vec<String>>>,
    /// A WebFinger answer given whatever is asked, when set.
    webfinger: Arc<Mutex<Option<Value>>>,
    /// The signature dialect of every POST, in order: `rfc9421` or `cavage`.
    knocks: Arc<Mutex<Vec<&'static str>>>,
    /// Answer 401 to RFC 9421-signed POSTs, as servers that only know draft-cavage do.
    refuse_rfc9421: Arc<std::sync::atomic::AtomicBool>,
}

pub struct FakeServer {
    pub base: String,
    pub host: String,
    pub key: RsaPrivateKey,
    pub public_key_pem: String,
    shared: Shared,
    _task: tokio::task::JoinHandle<()>,
}

impl FakeServer {
    pub async fn start() -> Self {
        use rsa::pkcs8::EncodePublicKey;
        let key = RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).unwrap();
        let public_key_pem = rsa::RsaPublicKey::from(&key)
            .to_public_key_pem(rsa::pkcs8::LineEnding::LF)
            .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let shared = Shared::default();
        let router = Router::new()
            .route("/.well-known/webfinger", axum::routing::get(webfinger))
            .fallback(any)
            .with_state(shared.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Self {
            base: format!("http://localhost:{port}"),
            host: format!("localhost:{port}"),
            key,
            public_key_pem,
            shared,
            _task: task,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Serves `document` at `path` (its `id` should be `self.url(path)`).
    pub fn serve(&self, path: &str, document: Value) {
        self.shared.documents.lock().unwrap().insert(path.to_owned(), document);
    }

    /// A minimal Mastodon-shaped Person at `/users/<name>`, served and returned.
    pub fn person(&self, name: &str) -> Value {
        let id = self.url(&format!("/users/{name}"));
        let document = json!({
            "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
            "id": id,
            "type": "Person",
            "preferredUsername": name,
            "name": name.to_uppercase(),
            "summary": "<p>A remote innovator</p>",
            "url": self.url(&format!("/@{name}")),
            "inbox": format!("{id}/inbox"),
            "outbox": format!("{id}/outbox"),
            "followers": format!("{id}/followers"),
            "following": format!("{id}/following"),
            "endpoints": { "sharedInbox": self.url("/inbox") },
            "manuallyApprovesFollowers": false,
            "discoverable": true,
            "publicKey": { "id": format!("{id}#main-key"), "owner": id, "publicKeyPem": self.public_key_pem },
        });
        self.serve(&format!("/users/{name}"), document.clone());
        document
    }

    /// A Person whose `generator` says (FEP-844e) that its server verifies RFC 9421.
    pub fn person_advertising_rfc9421(&self, name: &str) -> Value {
        let mut document = self.person(name);
        document["generator"] = json!({
            "type": "Application",
            "name": "Stand-in",
            "implements": [{ "href": "https://datatracker.ietf.org/doc/html/rfc9421", "name": "RFC-9421: HTTP Message Signatures" }],
        });
        self.serve(&format!("/users/{name}"), document.clone());
        document
    }

    /// From now on, RFC 9421-signed POSTs get 401.
    pub fn refuse_rfc9421(&self) {
        self.shared
            .refuse_rfc9421
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// How each POST this server was sent was signed, in order.
    pub fn knocks(&self) -> Vec<&'static str> {
        self.shared.knocks.lock().unwrap().clone()
    }

    /// A Lemmy-shaped community (`Group`) at `/c/<name>`, served and returned.
    pub fn group(&self, name: &str) -> Value {
        let id = self.url(&format!("/c/{name}"));
        let document = json!({
            "@context": ["https://join-lemmy.org/context.json", "https://www.w3.org/ns/activitystreams"],
            "id": id,
            "type": "Group",
            "preferredUsername": name,
            "name": name.to_uppercase(),
            "summary": "<p>A remote community</p>",
            "inbox": format!("{id}/inbox"),
            "outbox": format!("{id}/outbox"),
            "followers": format!("{id}/followers"),
            "featured": format!("{id}/featured"),
            "attributedTo": format!("{id}/moderators"),
            "endpoints": { "sharedInbox": self.url("/inbox") },
            "publicKey": { "id": format!("{id}#main-key"), "owner": id, "publicKeyPem": self.public_key_pem },
        });
        self.serve(&format!("/c/{name}"), document.clone());
        document
    }

    /// Every path anyone asked this server for (WebFinger included).
    pub fn requested(&self) -> Vec<String> {
        self.shared.requested.lock().unwrap().clone()
    }

    /// Answers every WebFinger query with `document`.
    pub fn webfinger_answers(&self, document: Value) {
        *self.shared.webfinger.lock().unwrap() = Some(document);
    }

    pub fn received(&self) -> Vec<Delivery> {
        self.shared.received.lock().unwrap().clone()
    }

    /// Posts `activity` to `inbox` with the headers that sign it as a POST to
    /// `signed_for` in `dialect`, by `key_id` with `key`, dated `at`.
    #[allow(clippy::too_many_arguments)]
    async fn post_as(
        inbox: &str,
        signed_for: &str,
        dialect: Dialect,
        key_id: &str,
        key: &RsaPrivateKey,
        activity: &Value,
        at: DateTime<Utc>,
    ) -> reqwest::Response {
        let body = serde_json::to_vec(activity).unwrap();
        let url = url::Url::parse(signed_for).unwrap();
        let outgoing = fucina::activitypub::signatures::Outgoing {
            method: &Method::POST,
            url: &url,
            body: Some(&body),
            key_id,
            key,
            now: at,
        };
        let mut request = reqwest::Client::new()
            .post(inbox)
            .header("content-type", "application/activity+json");
        for (name, value) in outgoing.sign(dialect) {
            request = request.header(name, value);
        }
        request.body(body).send().await.unwrap()
    }

    /// Posts `activity` to `inbox`, signed by `key_id` with this server's key, dated `at`.
    pub async fn post_signed_at(
        &self,
        inbox: &str,
        key_id: &str,
        activity: &Value,
        at: DateTime<Utc>,
    ) -> reqwest::Response {
        Self::post_as(inbox, inbox, Dialect::Cavage, key_id, &self.key, activity, at).await
    }

    /// GETs `url` as ActivityPub JSON, signed by `key_id` with this server's key (authorized fetch).
    pub async fn get_signed(&self, url: &str, key_id: &str) -> reqwest::Response {
        let parsed = url::Url::parse(url).unwrap();
        let mut request = reqwest::Client::new()
            .get(url)
            .header("accept", "application/activity+json");
        for (name, value) in
            fucina::activitypub::signatures::sign(&Method::GET, &parsed, None, key_id, &self.key, Utc::now())
        {
            request = request.header(name, value);
        }
        request.send().await.unwrap()
    }

    /// Posts `activity` to `inbox`, signed as a request to `signed_for` (another
    /// server's inbox) and carrying that server's `Host`: a replayed delivery.
    pub async fn post_replayed(
        &self,
        inbox: &str,
        signed_for: &str,
        key_id: &str,
        activity: &Value,
    ) -> reqwest::Response {
        Self::post_as(
            inbox,
            signed_for,
            Dialect::Cavage,
            key_id,
            &self.key,
            activity,
            Utc::now(),
        )
        .await
    }

    /// Posts `activity` to `inbox`, signed with RFC 9421 by `key` (as `key_id`).
    pub async fn post_signed_rfc9421(
        &self,
        inbox: &str,
        key_id: &str,
        key: &RsaPrivateKey,
        activity: &Value,
    ) -> reqwest::Response {
        Self::post_as(inbox, inbox, Dialect::Rfc9421, key_id, key, activity, Utc::now()).await
    }

    pub async fn post_signed(&self, inbox: &str, key_id: &str, activity: &Value) -> reqwest::Response {
        self.post_signed_at(inbox, key_id, activity, Utc::now()).await
    }
}

#[derive(serde::Deserialize)]
struct WebfingerQuery {
    resource: String,
}

async fn webfinger(State(shared): State<Shared>, Query(query): Query<WebfingerQuery>, headers: HeaderMap) -> Response {
    shared
        .requested
        .lock()
        .unwrap()
        .push(format!("/.well-known/webfinger?resource={}", query.resource));
    if let Some(document) = shared.webfinger.lock().unwrap().clone() {
        return ([("content-type", "application/jrd+json")], document.to_string()).into_response();
    }
    let host = headers
        .get("host")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let name = query
        .resource
        .trim_start_matches("acct:")
        .split('@')
        .next()
        .unwrap_or_default()
        .to_owned();
    let path = format!("/users/{name}");
    if !shared.documents.lock().unwrap().contains_key(&path) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let document = json!({
        "subject": query.resource,
        "links": [{ "rel": "self", "type": "application/activity+json", "href": format!("http://{host}{path}") }]
    });
    ([("content-type", "application/jrd+json")], document.to_string()).into_response()
}

async fn any(State(shared): State<Shared>, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let path = uri.path().to_owned();
    shared.requested.lock().unwrap().push(path.clone());
    if method == Method::POST {
        let dialect = if headers.contains_key("signature-input") {
            "rfc9421"
        } else {
            "cavage"
        };
        shared.knocks.lock().unwrap().push(dialect);
        if dialect == "rfc9421" && shared.refuse_rfc9421.load(std::sync::atomic::Ordering::SeqCst) {
            return StatusCode::UNAUTHORIZED.into_response();
        }
        let raw = body.to_vec();
        let body = serde_json::from_slice(&body).unwrap_or(Value::Null);
        shared.received.lock().unwrap().push(Delivery {
            path,
            headers,
            body,
            raw,
        });
        return StatusCode::ACCEPTED.into_response();
    }
    match shared.documents.lock().unwrap().get(&path) {
        Some(document) => ([("content-type", "application/activity+json")], document.to_string()).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
