//! The inbox refuses what it cannot verify, with the right status, and changes
//! nothing when it refuses; what it accepts it processes once.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::remote::FakeServer;
use crate::common::{TestApp, wait_until};

struct Setup {
    app: TestApp,
    remote: FakeServer,
    local_actor: String,
    remote_actor: String,
}

async fn setup() -> Setup {
    let app = TestApp::spawn().await;
    let alice = app.create_user("alice").await;
    let remote = FakeServer::start().await;
    let person = remote.person("mallory");
    Setup {
        local_actor: alice.actor.ap_id,
        remote_actor: person["id"].as_str().unwrap().to_owned(),
        app,
        remote,
    }
}

fn follow(setup: &Setup, id: &str) -> Value {
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": setup.remote.url(&format!("/activities/{id}")),
        "type": "Follow",
        "actor": setup.remote_actor,
        "object": setup.local_actor,
    })
}

impl Setup {
    fn key_id(&self) -> String {
        format!("{}#main-key", self.remote_actor)
    }

    async fn follows(&self) -> i64 {
        self.app.count("follows").await
    }
}

#[tokio::test]
async fn a_signed_follow_is_accepted_with_202_and_answered() {
    let setup = setup().await;
    let response = setup
        .remote
        .post_signed(&setup.app.url("/inbox"), &setup.key_id(), &follow(&setup, "1"))
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    assert_eq!(setup.follows().await, 1);
    assert!(
        wait_until(std::time::Duration::from_secs(10), || async {
            setup.remote.received().iter().any(|d| d.body["type"] == "Accept")
        })
        .await,
        "the Accept is delivered back, signed"
    );
    let accept = setup
        .remote
        .received()
        .into_iter()
        .find(|d| d.body["type"] == "Accept")
        .unwrap();
    assert!(accept.headers.get("signature").is_some());
    assert_eq!(accept.body["object"]["id"], setup.remote.url("/activities/1"));
}

#[tokio::test]
async fn an_unsigned_post_gets_401_and_changes_nothing() {
    let setup = setup().await;
    let response = reqwest::Client::new()
        .post(setup.app.url("/inbox"))
        .header("content-type", "application/activity+json")
        .json(&follow(&setup, "2"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(setup.follows().await, 0);
    assert_eq!(setup.app.count("received_activities").await, 0);
    assert_eq!(
        setup.app.count("actors WHERE domain IS NOT NULL").await,
        0,
        "not even the sender was fetched"
    );
}

#[tokio::test]
async fn a_wrong_signature_gets_401() {
    let setup = setup().await;
    let impostor = FakeServer::start().await;
    // Signed with another key, claiming Mallory's key id.
    let response = impostor
        .post_signed(&setup.app.url("/inbox"), &setup.key_id(), &follow(&setup, "3"))
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(setup.follows().await, 0);
}

#[tokio::test]
async fn a_stale_request_gets_401() {
    let setup = setup().await;
    let response = setup
        .remote
        .post_signed_at(
            &setup.app.url("/inbox"),
            &setup.key_id(),
            &follow(&setup, "4"),
            Utc::now() - Duration::hours(13),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let future = setup
        .remote
        .post_signed_at(
            &setup.app.url("/inbox"),
            &setup.key_id(),
            &follow(&setup, "4"),
            Utc::now() + Duration::hours(2),
        )
        .await;
    assert_eq!(future.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(setup.follows().await, 0);
}

#[tokio::test]
async fn a_body_that_does_not_match_its_digest_gets_401() {
    let setup = setup().await;
    let activity = follow(&setup, "5");
    let body = serde_json::to_vec(&activity).unwrap();
    let url = url::Url::parse(&setup.app.url("/inbox")).unwrap();
    let mut request = reqwest::Client::new()
        .post(url.clone())
        .header("content-type", "application/activity+json");
    for (name, value) in fucina::activitypub::signatures::sign(
        &http::Method::POST,
        &url,
        Some(&body),
        &setup.key_id(),
        &setup.remote.key,
        Utc::now(),
    ) {
        request = request.header(name, value);
    }
    let mut tampered = activity.clone();
    tampered["object"] = json!("https://elsewhere.example/users/x");
    let response = request
        .body(serde_json::to_vec(&tampered).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(setup.follows().await, 0);
}

#[tokio::test]
async fn a_replayed_activity_is_processed_once() {
    let setup = setup().await;
    let create = json!({
        "id": setup.remote.url("/statuses/1/activity"),
        "type": "Create",
        "actor": setup.remote_actor,
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "cc": [setup.local_actor],
        "object": {
            "id": setup.remote.url("/statuses/1"),
            "type": "Note",
            "attributedTo": setup.remote_actor,
            "to": ["https://www.w3.org/ns/activitystreams#Public"],
            "cc": [setup.local_actor],
            "content": "<p>Hello <a href=\"x\" class=\"mention\">@alice</a></p>",
            "tag": [{"type": "Mention", "href": setup.local_actor, "name": "@alice"}],
            "published": Utc::now().to_rfc3339(),
        }
    });
    for _ in 0..3 {
        let response = setup
            .remote
            .post_signed(&setup.app.url("/inbox"), &setup.key_id(), &create)
            .await;
        assert_eq!(response.status(), StatusCode::ACCEPTED);
    }
    assert_eq!(setup.app.count("statuses").await, 1);
    assert_eq!(
        setup.app.count("notifications WHERE kind = 'mention'").await,
        1,
        "one notification, not three"
    );
}

#[tokio::test]
async fn a_forged_origin_is_refused() {
    let setup = setup().await;
    // The activity claims to live on another server than its actor's.
    let mut forged = follow(&setup, "6");
    forged["id"] = json!("https://victim.example/activities/6");
    let response = setup
        .remote
        .post_signed(&setup.app.url("/inbox"), &setup.key_id(), &forged)
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    // A Create whose embedded post claims another author and host.
    let create = json!({
        "id": setup.remote.url("/activities/7"),
        "type": "Create",
        "actor": setup.remote_actor,
        "to": [setup.local_actor],
        "object": {
            "id": "https://victim.example/statuses/7",
            "type": "Note",
            "attributedTo": "https://victim.example/users/someone",
            "to": [setup.local_actor],
            "content": "<p>words put in someone's mouth</p>",
        }
    });
    let response = setup
        .remote
        .post_signed(&setup.app.url("/inbox"), &setup.key_id(), &create)
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(setup.app.count("statuses").await, 0);
}

#[tokio::test]
async fn a_signature_by_someone_other_than_the_actor_gets_401() {
    let setup = setup().await;
    let other = setup.remote.person("trent");
    // Trent signs an activity that claims to be Mallory's.
    let key_id = format!("{}#main-key", other["id"].as_str().unwrap());
    let response = setup
        .remote
        .post_signed(&setup.app.url("/inbox"), &key_id, &follow(&setup, "8"))
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(setup.follows().await, 0);
}

#[tokio::test]
async fn malformed_and_oversized_bodies_are_refused() {
    let setup = setup().await;
    let client = reqwest::Client::new();
    let malformed = client
        .post(setup.app.url("/inbox"))
        .header("content-type", "application/activity+json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    let incomplete = client
        .post(setup.app.url("/inbox"))
        .header("content-type", "application/activity+json")
        .body(r#"{"type":"Follow"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(incomplete.status(), StatusCode::BAD_REQUEST);
    let huge = json!({"id": setup.remote.url("/a/9"), "type": "Create", "actor": setup.remote_actor, "object": {"content": "x".repeat(2 * 1024 * 1024)}});
    let oversized = setup
        .remote
        .post_signed(&setup.app.url("/inbox"), &setup.key_id(), &huge)
        .await;
    assert_eq!(oversized.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(setup.app.count("received_activities").await, 0);
}

#[tokio::test]
async fn a_bogus_rfc_9421_signature_gets_401_so_the_sender_retries_with_cavage() {
    let setup = setup().await;
    let response = reqwest::Client::new()
        .post(setup.app.url("/inbox"))
        .header("content-type", "application/activity+json")
        .header(
            "signature-input",
            "sig1=(\"@method\" \"@target-uri\");created=1700000000;keyid=\"k\"",
        )
        .header("signature", "sig1=:AAAA:")
        .json(&follow(&setup, "10"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_unknown_activity_type_is_accepted_and_ignored() {
    let setup = setup().await;
    let activity = json!({ "id": setup.remote.url("/activities/11"), "type": "EmojiReact", "actor": setup.remote_actor, "object": setup.local_actor, "content": "🔥" });
    let response = setup
        .remote
        .post_signed(&setup.app.url("/inbox"), &setup.key_id(), &activity)
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    assert_eq!(setup.app.count("notifications").await, 0);
}

#[tokio::test]
async fn a_personal_inbox_of_no_one_is_404() {
    let setup = setup().await;
    let response = setup
        .remote
        .post_signed(
            &setup.app.url("/users/nobody/inbox"),
            &setup.key_id(),
            &follow(&setup, "12"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = setup
        .remote
        .post_signed(
            &setup.app.url("/users/alice/inbox"),
            &setup.key_id(),
            &follow(&setup, "13"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
}

#[tokio::test]
async fn with_authorized_fetch_unsigned_gets_of_actors_are_refused() {
    let app = TestApp::builder()
        .with("federation.authorized_fetch", true)
        .spawn()
        .await;
    app.create_user("alice").await;
    let client = reqwest::Client::new();
    let unsigned = client
        .get(app.url("/users/alice"))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), StatusCode::UNAUTHORIZED);
    // The instance actor stays fetchable: others need its key to check our own signed fetches.
    let instance = client
        .get(app.url("/actor"))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(instance.status(), StatusCode::OK);
    // A signed fetch by a known remote actor is answered.
    let remote = FakeServer::start().await;
    let person = remote.person("reader");
    let url = url::Url::parse(&app.url("/users/alice")).unwrap();
    let mut request = client.get(url.clone()).header("accept", "application/activity+json");
    for (name, value) in fucina::activitypub::signatures::sign(
        &http::Method::GET,
        &url,
        None,
        &format!("{}#main-key", person["id"].as_str().unwrap()),
        &remote.key,
        Utc::now(),
    ) {
        request = request.header(name, value);
    }
    assert_eq!(request.send().await.unwrap().status(), StatusCode::OK);
}
