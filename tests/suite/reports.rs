//! Reports: filed from an app, passed on to another server as an anonymous
//! `Flag`, and received from other servers as `Flag`s; from outside.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::remote::FakeServer;
use crate::common::{TestApp, schema, text_of, wait_until};
use crate::federation::Client;

pub async fn post_by(client: &Client<'_>, text: &str) -> String {
    let (status, post) = client.post("/api/v1/statuses", json!({ "status": text })).await;
    assert_eq!(status, StatusCode::OK, "{post}");
    post["id"].as_str().unwrap().to_owned()
}

pub async fn id_of(client: &Client<'_>) -> String {
    let (_, me) = client.get("/api/v1/accounts/verify_credentials").await;
    me["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_report_from_an_app_keeps_what_it_names_and_bad_ones_store_nothing() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;
    let bob = Client::new(&app, "bob").await;
    let spam = post_by(&bob, "Buy cheap followers now").await;
    let own = post_by(&alice, "My own post").await;
    let bob_id = id_of(&bob).await;
    let alice_id = id_of(&alice).await;

    let (status, report) = alice
        .post(
            "/api/v1/reports",
            json!({ "account_id": bob_id, "status_ids": [spam], "comment": "Spam", "category": "spam" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    schema::assert_matches("Report", &report);
    assert_eq!(report["status_ids"], json!([spam]));
    assert_eq!(report["target_account"]["id"], bob_id);
    assert_eq!(report["forwarded"], false);
    assert_eq!(app.count("reports").await, 1);
    let kept = text_of(&app, "SELECT snapshot::text AS value FROM reports")
        .await
        .unwrap();
    assert!(kept.contains("Buy cheap followers now"), "{kept}");

    let long = "x".repeat(1_001);
    for (body, why) in [
        (
            json!({ "account_id": bob_id, "category": "rude" }),
            "an unknown category",
        ),
        (
            json!({ "account_id": bob_id, "status_ids": [own] }),
            "a post of another account",
        ),
        (json!({ "account_id": alice_id }), "oneself"),
        (json!({ "account_id": bob_id, "comment": long }), "too long a comment"),
    ] {
        let (status, error) = alice.post("/api/v1/reports", body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{why}: {error}");
        assert!(error["error"].is_string(), "{why}: {error}");
    }
    let (status, _) = alice.post("/api/v1/reports", json!({ "account_id": "999999" })).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for (ids, why) in [
        (json!(["nonsense"]), "an unreadable post id"),
        (json!(["999999"]), "an unknown post"),
    ] {
        let (status, _) = alice
            .post("/api/v1/reports", json!({ "account_id": bob_id, "status_ids": ids }))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{why}");
    }
    let hidden = bob
        .post(
            "/api/v1/statuses",
            json!({ "status": "@carol only", "visibility": "direct" }),
        )
        .await
        .1["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _) = alice
        .post(
            "/api/v1/reports",
            json!({ "account_id": bob_id, "status_ids": [hidden] }),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a post the reporter cannot see is not found"
    );
    assert_eq!(app.count("reports").await, 1, "a refused report stores nothing");
}

/// A remote actor made known here by its Follow of `local`.
pub async fn known_remote(app: &TestApp, remote: &FakeServer, local_ap_id: &str) -> String {
    let person = remote.person("mallory");
    let mallory = person["id"].as_str().unwrap().to_owned();
    let follow = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": remote.url("/activities/follow-1"),
        "type": "Follow",
        "actor": mallory,
        "object": local_ap_id,
    });
    let response = remote
        .post_signed(&app.url("/inbox"), &format!("{mallory}#main-key"), &follow)
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    mallory
}

#[tokio::test]
async fn a_forwarded_report_reaches_the_other_server_as_a_flag_that_never_names_the_reporter() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;
    let remote = FakeServer::start().await;
    let alice_ap_id = app.url("/users/alice");
    let mallory = known_remote(&app, &remote, &alice_ap_id).await;
    let mallory_id = text_of(
        &app,
        &format!("SELECT id::text AS value FROM actors WHERE ap_id = '{mallory}'"),
    )
    .await
    .unwrap();

    let (status, report) = alice
        .post(
            "/api/v1/reports",
            json!({ "account_id": mallory_id, "comment": "Harassment", "forward": true }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["forwarded"], true);
    let flagged = wait_until(Duration::from_secs(15), || async {
        remote.received().iter().any(|d| d.body["type"] == "Flag")
    })
    .await;
    assert!(flagged, "the Flag is delivered");
    let flag = remote
        .received()
        .into_iter()
        .find(|d| d.body["type"] == "Flag")
        .unwrap();
    assert!(flag.headers.get("signature").is_some() || flag.headers.get("signature-input").is_some());
    assert_eq!(flag.body["actor"], app.url("/actor"));
    assert_eq!(flag.body["object"], json!([mallory]));
    assert_eq!(flag.body["content"], "Harassment");
    let raw = String::from_utf8_lossy(&flag.raw);
    assert!(!raw.contains("alice"), "the Flag names the reporter: {raw}");
}

#[tokio::test]
async fn another_servers_flag_becomes_one_report_here() {
    let app = TestApp::spawn().await;
    let bob = Client::new(&app, "bob").await;
    let post = post_by(&bob, "A post someone dislikes").await;
    let post_uri = text_of(&app, &format!("SELECT ap_id AS value FROM statuses WHERE id = {post}"))
        .await
        .unwrap();
    let remote = FakeServer::start().await;
    let bob_ap_id = app.url("/users/bob");
    let mallory = known_remote(&app, &remote, &bob_ap_id).await;
    let flag = |id: &str, object: Value| {
        json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": remote.url(&format!("/activities/{id}")),
            "type": "Flag",
            "actor": mallory,
            "object": object,
            "content": "Misleading claims",
        })
    };
    let key_id = format!("{mallory}#main-key");
    let sent = flag("flag-1", json!([bob_ap_id, post_uri]));
    for _ in 0..2 {
        let response = remote.post_signed(&app.url("/inbox"), &key_id, &sent).await;
        assert_eq!(response.status(), StatusCode::ACCEPTED);
    }
    assert_eq!(app.count("reports").await, 1, "a repeated Flag is one report");
    let comment = text_of(&app, "SELECT comment AS value FROM reports").await.unwrap();
    assert_eq!(comment, "Misleading claims");
    let statuses = text_of(&app, "SELECT status_ids::text AS value FROM reports")
        .await
        .unwrap();
    assert_eq!(statuses, format!("{{{post}}}"));

    let elsewhere = flag("flag-2", json!(["https://elsewhere.example/users/zed"]));
    let response = remote.post_signed(&app.url("/inbox"), &key_id, &elsewhere).await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    assert_eq!(
        app.count("reports").await,
        1,
        "a Flag about nothing of ours is not a report here"
    );
}

#[tokio::test]
async fn moderators_work_the_queue_and_others_cannot_see_it() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;
    let bob = Client::new(&app, "bob").await;
    let mona = crate::moderation::moderator(&app, "mona").await;
    let spam = post_by(&bob, "Buy cheap followers now").await;
    let (_, report) = alice
        .post(
            "/api/v1/reports",
            json!({ "account_id": id_of(&bob).await, "status_ids": [spam], "comment": "Spam", "category": "spam" }),
        )
        .await;
    let id = report["id"].as_str().unwrap().to_owned();

    // Neither the reporter nor the reported may read the queue, even with an admin scope.
    let nosy = Client {
        app: &app,
        token: app.token_for("bob", "read admin:read").await,
        username: "bob".into(),
    };
    let (status, _) = nosy.get("/api/v1/admin/reports").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = alice.get(&format!("/api/v1/admin/reports/{id}")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a token without admin scopes");

    let (status, queue) = mona.get("/api/v1/admin/reports").await;
    assert_eq!(status, StatusCode::OK, "{queue}");
    schema::assert_matches_each("AdminReport", &queue);
    assert_eq!(queue.as_array().unwrap().len(), 1);
    assert_eq!(queue[0]["account"]["username"], "alice");
    assert_eq!(queue[0]["target_account"]["username"], "bob");
    assert_eq!(queue[0]["statuses"][0]["id"], spam);
    assert!(queue[0]["snapshot"].to_string().contains("Buy cheap followers now"));

    let (status, taken) = mona
        .post(&format!("/api/v1/admin/reports/{id}/assign_to_self"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{taken}");
    assert_eq!(taken["assigned_account"]["username"], "mona");
    let (_, resolved) = mona
        .post(&format!("/api/v1/admin/reports/{id}/resolve"), json!({}))
        .await;
    schema::assert_matches("AdminReport", &resolved);
    assert_eq!(resolved["action_taken"], true);
    assert_eq!(resolved["action_taken_by_account"]["username"], "mona");
    let (_, open) = mona.get("/api/v1/admin/reports").await;
    assert_eq!(open, json!([]));
    let (_, closed) = mona.get("/api/v1/admin/reports?resolved=true").await;
    assert_eq!(closed.as_array().unwrap().len(), 1);
    let logged = text_of(
        &app,
        "SELECT count(*)::text AS value FROM moderation_log WHERE action LIKE 'report_%'",
    )
    .await;
    assert_eq!(logged.as_deref(), Some("2"));
    let (_, reopened) = mona
        .post(&format!("/api/v1/admin/reports/{id}/reopen"), json!({}))
        .await;
    assert_eq!(reopened["action_taken"], false);
    let (status, _) = mona
        .post(&format!("/api/v1/admin/reports/{id}/delete"), json!({}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn lemmy_and_misskey_flags_become_reports_and_a_blocked_instances_flag_is_dropped() {
    let app = TestApp::spawn().await;
    let bob = Client::new(&app, "bob").await;
    let post = post_by(&bob, "A post three servers dislike").await;
    let post_uri = text_of(&app, &format!("SELECT ap_id AS value FROM statuses WHERE id = {post}"))
        .await
        .unwrap();
    let bob_ap_id = app.url("/users/bob");

    // Lemmy: a person's Flag of one post, with the reason in `summary`.
    let lemmy = FakeServer::start().await;
    let reporter = known_remote(&app, &lemmy, &bob_ap_id).await;
    let flag = json!({
        "@context": ["https://join-lemmy.org/context.json", "https://www.w3.org/ns/activitystreams"],
        "id": lemmy.url("/activities/flag/1"), "type": "Flag", "actor": reporter,
        "to": [bob_ap_id], "object": post_uri, "summary": "Off topic",
    });
    let response = lemmy
        .post_signed(&app.url("/inbox"), &format!("{reporter}#main-key"), &flag)
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    assert_eq!(
        text_of(&app, "SELECT comment AS value FROM reports").await.as_deref(),
        Some("Off topic")
    );

    // Misskey: the instance actor flags the account and the note, in `content`.
    let misskey = FakeServer::start().await;
    let actor = known_remote(&app, &misskey, &bob_ap_id).await;
    let flag = json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": misskey.url("/flag/9"), "type": "Flag", "actor": actor,
        "object": [bob_ap_id, post_uri], "content": "Spam note",
    });
    let response = misskey
        .post_signed(&app.url("/inbox"), &format!("{actor}#main-key"), &flag)
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    assert_eq!(app.count("reports").await, 2);

    // A blocked instance's Flag is refused and stores nothing.
    let admin = crate::linked::admin(&app, "ada").await;
    crate::linked::policy(&admin, "block", json!({"domain": misskey.host, "reason": "abuse"})).await;
    let again = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": misskey.url("/flag/10"), "type": "Flag", "actor": actor,
        "object": [bob_ap_id], "content": "More",
    });
    let response = misskey
        .post_signed(&app.url("/inbox"), &format!("{actor}#main-key"), &again)
        .await;
    assert!(response.status().is_client_error(), "{}", response.status());
    assert_eq!(app.count("reports").await, 2, "nothing from a blocked instance");
}
