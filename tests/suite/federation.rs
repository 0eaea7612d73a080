//! Two and three Fucina instances federating over real HTTP with real signatures,
//! driven through the Mastodon API as apps drive them.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, schema, wait_until};

const WAIT: Duration = Duration::from_secs(20);

/// A signed-in user of one instance, speaking the Mastodon API.
pub struct Client<'a> {
    pub app: &'a TestApp,
    pub token: String,
    pub username: String,
}

impl<'a> Client<'a> {
    pub async fn new(app: &'a TestApp, username: &str) -> Self {
        app.create_user(username).await;
        let token = app.token_for(username, "read write follow").await;
        Self {
            app,
            token,
            username: username.to_owned(),
        }
    }

    pub fn handle(&self) -> String {
        format!("{}@{}", self.username, self.app.domain)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let response = self
            .app
            .client()
            .get(self.app.url(path))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let response = self
            .app
            .client()
            .post(self.app.url(path))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Posts a `multipart/form-data` body (an upload).
    pub async fn post_multipart(&self, path: &str, form: reqwest::multipart::Form) -> (StatusCode, Value) {
        let response = self
            .app
            .client()
            .post(self.app.url(path))
            .bearer_auth(&self.token)
            .multipart(form)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn put(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let response = self
            .app
            .client()
            .put(self.app.url(path))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn patch(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let response = self
            .app
            .client()
            .patch(self.app.url(path))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn delete(&self, path: &str) -> (StatusCode, Value) {
        let response = self
            .app
            .client()
            .delete(self.app.url(path))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// The account of `handle` on this instance, resolved over the network if need be.
    pub async fn resolve_account(&self, handle: &str) -> Value {
        let (status, results) = self
            .get(&format!(
                "/api/v2/search?q={}&resolve=true&type=accounts",
                urlencode(handle)
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "{results}");
        schema::assert_matches("Search", &results);
        results["accounts"][0].clone()
    }

    pub async fn resolve_status(&self, url: &str) -> Option<Value> {
        let (status, results) = self
            .get(&format!(
                "/api/v2/search?q={}&resolve=true&type=statuses",
                urlencode(url)
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "{results}");
        results["statuses"].as_array().and_then(|s| s.first().cloned())
    }

    pub async fn follow(&self, handle: &str) -> Value {
        let account = self.resolve_account(handle).await;
        let id = account["id"].as_str().expect("the account resolved").to_owned();
        let (status, relationship) = self.post(&format!("/api/v1/accounts/{id}/follow"), json!({})).await;
        assert_eq!(status, StatusCode::OK, "{relationship}");
        schema::assert_matches("Relationship", &relationship);
        account
    }

    pub async fn relationship(&self, account_id: &str) -> Value {
        let (_, relationships) = self
            .get(&format!("/api/v1/accounts/relationships?id[]={account_id}"))
            .await;
        relationships[0].clone()
    }

    pub async fn post_status(&self, body: Value) -> Value {
        let (status, created) = self.post("/api/v1/statuses", body).await;
        assert_eq!(status, StatusCode::OK, "{created}");
        schema::assert_matches("Status", &created);
        created
    }

    pub async fn home(&self) -> Vec<Value> {
        let (status, timeline) = self.get("/api/v1/timelines/home").await;
        assert_eq!(status, StatusCode::OK, "{timeline}");
        timeline.as_array().cloned().unwrap_or_default()
    }

    pub async fn notifications(&self) -> Vec<Value> {
        let (status, list) = self.get("/api/v1/notifications").await;
        assert_eq!(status, StatusCode::OK, "{list}");
        list.as_array().cloned().unwrap_or_default()
    }
}

pub fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Waits until a condition on this client's view holds.
async fn eventually<F, Fut>(what: &str, condition: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    assert!(wait_until(WAIT, condition).await, "timed out waiting until {what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn innovators_on_two_instances_follow_post_reply_like_boost_edit_and_delete() {
    let a = TestApp::spawn().await;
    let b = TestApp::spawn().await;
    let alice = Client::new(&a, "alice").await;
    let bob = Client::new(&b, "bob").await;

    // Alice finds Bob by handle and follows him; Bob's server accepts.
    let bob_on_a = alice.follow(&bob.handle()).await;
    schema::assert_matches("Account", &bob_on_a);
    assert_eq!(bob_on_a["acct"], bob.handle());
    let bob_id_on_a = bob_on_a["id"].as_str().unwrap().to_owned();
    eventually("Bob's server accepts the follow", || async {
        alice.relationship(&bob_id_on_a).await["following"] == true
    })
    .await;
    let (_, bob_followers) = bob.get("/api/v1/accounts/verify_credentials").await;
    assert_eq!(bob_followers["followers_count"], 1);
    assert!(bob.notifications().await.iter().any(|n| n["type"] == "follow"));

    // Bob posts; it reaches Alice's home timeline.
    let post = bob
        .post_status(json!({"status": "Looking for partners in #agrifood sensors", "visibility": "public"}))
        .await;
    let post_uri = post["uri"].as_str().unwrap().to_owned();
    eventually("Bob's post reaches Alice's home", || async {
        alice.home().await.iter().any(|s| s["uri"] == post_uri.as_str())
    })
    .await;
    let on_a = alice
        .home()
        .await
        .into_iter()
        .find(|s| s["uri"] == post_uri.as_str())
        .unwrap();
    schema::assert_matches("Status", &on_a);
    assert_eq!(on_a["account"]["acct"], bob.handle());
    assert_eq!(on_a["tags"][0]["name"], "agrifood");
    let post_id_on_a = on_a["id"].as_str().unwrap().to_owned();

    // Alice replies, mentioning Bob; Bob is notified and sees the thread.
    let reply = alice
        .post_status(json!({"status": format!("@{} count me in!", bob.handle()), "in_reply_to_id": post_id_on_a}))
        .await;
    assert_eq!(reply["mentions"][0]["acct"], bob.handle());
    let reply_uri = reply["uri"].as_str().unwrap().to_owned();
    eventually("Bob is notified of the reply", || async {
        bob.notifications()
            .await
            .iter()
            .any(|n| n["type"] == "mention" && n["status"]["uri"] == reply_uri.as_str())
    })
    .await;
    let (_, context) = bob
        .get(&format!("/api/v1/statuses/{}/context", post["id"].as_str().unwrap()))
        .await;
    schema::assert_matches("Context", &context);
    assert_eq!(context["descendants"][0]["uri"], reply_uri.as_str());

    // Alice favourites and boosts Bob's post; Bob's counts and notifications follow.
    let (status, favourited) = alice
        .post(&format!("/api/v1/statuses/{post_id_on_a}/favourite"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(favourited["favourited"], true);
    let (status, boost) = alice
        .post(&format!("/api/v1/statuses/{post_id_on_a}/reblog"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(boost["reblog"]["uri"], post_uri.as_str());
    let post_path = format!("/api/v1/statuses/{}", post["id"].as_str().unwrap());
    eventually("Bob sees the favourite and the boost", || async {
        let (_, seen) = bob.get(&post_path).await;
        seen["favourites_count"] == 1 && seen["reblogs_count"] == 1
    })
    .await;
    let kinds: Vec<Value> = bob.notifications().await.iter().map(|n| n["type"].clone()).collect();
    assert!(
        kinds.contains(&json!("favourite")) && kinds.contains(&json!("reblog")),
        "{kinds:?}"
    );

    // Bob edits; Alice sees the new text and the history.
    let (status, edited) = bob
        .put(
            &post_path,
            json!({"status": "Looking for partners in #agrifood sensors and drones"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    let alice_post_path = format!("/api/v1/statuses/{post_id_on_a}");
    eventually("the edit reaches Alice", || async {
        let (_, seen) = alice.get(&alice_post_path).await;
        seen["content"].as_str().unwrap_or_default().contains("drones") && seen["edited_at"].is_string()
    })
    .await;
    let (_, history) = alice.get(&format!("{alice_post_path}/history")).await;
    assert_eq!(history.as_array().unwrap().len(), 2);
    schema::assert_matches("StatusEdit", &history[0]);

    // Bob deletes; it disappears on Alice's side.
    let (status, _) = bob.delete(&post_path).await;
    assert_eq!(status, StatusCode::OK);
    eventually("the delete reaches Alice", || async {
        alice.get(&alice_post_path).await.0 == StatusCode::NOT_FOUND
    })
    .await;

    // Alice unfollows; Bob loses a follower.
    let (status, _) = alice
        .post(&format!("/api/v1/accounts/{bob_id_on_a}/unfollow"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    eventually("Bob's server processes the Undo", || async {
        let (_, me) = bob.get("/api/v1/accounts/verify_credentials").await;
        me["followers_count"] == 0
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_account_approves_a_remote_follow_request() {
    let a = TestApp::spawn().await;
    let b = TestApp::spawn().await;
    let alice = Client::new(&a, "alice").await;
    let carla = Client::new(&b, "carla").await;
    let (status, _) = carla
        .app
        .client()
        .patch(carla.app.url("/api/v1/accounts/update_credentials"))
        .bearer_auth(&carla.token)
        .json(&json!({"locked": true}))
        .send()
        .await
        .map(|r| (r.status(), ()))
        .unwrap();
    assert_eq!(status, StatusCode::OK);

    let carla_on_a = alice.follow(&carla.handle()).await;
    let carla_id = carla_on_a["id"].as_str().unwrap().to_owned();
    assert_eq!(alice.relationship(&carla_id).await["requested"], true);
    let requests_path = "/api/v1/follow_requests";
    eventually("the request reaches Carla", || async {
        carla
            .get(requests_path)
            .await
            .1
            .as_array()
            .is_some_and(|r| r.len() == 1)
    })
    .await;
    let (_, requests) = carla.get(requests_path).await;
    let alice_on_b = requests[0]["id"].as_str().unwrap().to_owned();
    assert!(
        carla
            .notifications()
            .await
            .iter()
            .any(|n| n["type"] == "follow_request")
    );
    let (status, relationship) = carla
        .post(&format!("/api/v1/follow_requests/{alice_on_b}/authorize"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(relationship["followed_by"], true);
    eventually("the Accept reaches Alice", || async {
        alice.relationship(&carla_id).await["following"] == true
    })
    .await;

    // Followers-only posts reach the approved follower.
    let private = carla
        .post_status(json!({"status": "For my followers only", "visibility": "private"}))
        .await;
    let uri = private["uri"].as_str().unwrap().to_owned();
    eventually("the followers-only post reaches Alice", || async {
        alice
            .home()
            .await
            .iter()
            .any(|s| s["uri"] == uri.as_str() && s["visibility"] == "private")
    })
    .await;

    // Carla removes Alice as a follower: a Reject of the accepted follow.
    let (status, _) = carla
        .post(
            &format!("/api/v1/accounts/{alice_on_b}/remove_from_followers"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    eventually("Alice no longer follows Carla", || async {
        alice.relationship(&carla_id).await["following"] == false
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_block_ends_follows_both_ways_and_stops_delivery() {
    let a = TestApp::spawn().await;
    let b = TestApp::spawn().await;
    let alice = Client::new(&a, "alice").await;
    let dario = Client::new(&b, "dario").await;
    let dario_on_a = alice.follow(&dario.handle()).await;
    let dario_id = dario_on_a["id"].as_str().unwrap().to_owned();
    eventually("the follow is accepted", || async {
        alice.relationship(&dario_id).await["following"] == true
    })
    .await;

    let alice_on_b = dario.resolve_account(&alice.handle()).await;
    let alice_id = alice_on_b["id"].as_str().unwrap().to_owned();
    let (status, relationship) = dario
        .post(&format!("/api/v1/accounts/{alice_id}/block"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(relationship["blocking"], true);
    assert_eq!(
        relationship["followed_by"], false,
        "the block removed Alice's follow at once"
    );
    eventually("Alice's server drops the follow", || async {
        alice.relationship(&dario_id).await["following"] == false
    })
    .await;

    let post = dario
        .post_status(json!({"status": "Not for Alice", "visibility": "public"}))
        .await;
    let uri = post["uri"].as_str().unwrap().to_owned();
    let queued = b
        .count(&format!(
            "deliveries d JOIN outgoing_activities a ON a.id = d.activity_id WHERE a.ap_id = '{uri}/activity'"
        ))
        .await;
    assert_eq!(queued, 0, "nothing is queued for Alice's server");
    assert!(!alice.home().await.iter().any(|s| s["uri"] == uri.as_str()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn direct_messages_reach_only_the_mentioned() {
    let a = TestApp::spawn().await;
    let b = TestApp::spawn().await;
    let c = TestApp::spawn().await;
    let alice = Client::new(&a, "alice").await;
    let bob = Client::new(&b, "bob").await;
    let eve = Client::new(&c, "eve").await;
    // Eve follows Alice, so Alice's followers-addressed posts would reach her.
    let alice_on_c = eve.follow(&alice.handle()).await;
    let alice_id_on_c = alice_on_c["id"].as_str().unwrap().to_owned();
    eventually("Eve follows Alice", || async {
        eve.relationship(&alice_id_on_c).await["following"] == true
    })
    .await;

    let dm = alice
        .post_status(
            json!({"status": format!("@{} a private word about the proposal", bob.handle()), "visibility": "direct"}),
        )
        .await;
    let uri = dm["uri"].as_str().unwrap().to_owned();
    eventually("Bob is notified of the direct message", || async {
        bob.notifications()
            .await
            .iter()
            .any(|n| n["type"] == "mention" && n["status"]["visibility"] == "direct")
    })
    .await;
    let public = alice
        .post_status(json!({"status": "A public note", "visibility": "public"}))
        .await;
    let public_uri = public["uri"].as_str().unwrap().to_owned();
    eventually("the public post reaches Eve", || async {
        eve.home().await.iter().any(|s| s["uri"] == public_uri.as_str())
    })
    .await;
    // By now the direct message would have arrived too, had it been sent to Eve's server.
    assert!(
        !eve.home().await.iter().any(|s| s["uri"] == uri.as_str()),
        "Eve's home never shows it"
    );
    assert_eq!(eve.resolve_status(&uri).await, None, "nor can Eve's server fetch it");
    let fetched = reqwest::Client::new()
        .get(&uri)
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(
        fetched.status(),
        StatusCode::NOT_FOUND,
        "an anonymous fetch finds nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiver_that_was_down_gets_the_post_when_it_comes_back() {
    let a = TestApp::spawn().await;
    let mut b = TestApp::spawn().await;
    let alice = Client::new(&a, "alice").await;
    let bob_token = {
        let bob = Client::new(&b, "bob").await;
        let alice_on_b = bob.follow(&alice.handle()).await;
        let id = alice_on_b["id"].as_str().unwrap().to_owned();
        eventually("Bob follows Alice", || async {
            bob.relationship(&id).await["following"] == true
        })
        .await;
        bob.token.clone()
    };

    b.stop().await;
    let post = alice
        .post_status(json!({"status": "Posted while Bob's server was down"}))
        .await;
    let uri = post["uri"].as_str().unwrap().to_owned();
    eventually("the delivery fails at least once", || async {
        a.count("deliveries WHERE attempts > 0 AND last_error IS NOT NULL")
            .await
            > 0
    })
    .await;
    assert_eq!(
        a.count("deliveries WHERE state = 'pending'").await,
        1,
        "kept for a retry, not lost"
    );

    b.restart().await;
    let bob = Client {
        app: &b,
        token: bob_token,
        username: "bob".into(),
    };
    eventually("the post reaches Bob after the restart", || async {
        bob.home().await.iter().any(|s| s["uri"] == uri.as_str())
    })
    .await;
    eventually("the delivery is settled", || async { a.count("deliveries").await == 0 }).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sender_killed_with_deliveries_pending_delivers_everything_once_after_restart() {
    let mut a = TestApp::spawn().await;
    let mut b = TestApp::spawn().await;
    let alice_token = {
        let alice = Client::new(&a, "alice").await;
        alice.token.clone()
    };
    let alice_handle = format!("alice@{}", a.domain);
    let bob = Client::new(&b, "bob").await;
    let bob_token = bob.token.clone();
    let alice_on_b = bob.follow(&alice_handle).await;
    let alice_id = alice_on_b["id"].as_str().unwrap().to_owned();
    eventually("Bob follows Alice", || async {
        bob.relationship(&alice_id).await["following"] == true
    })
    .await;
    drop(bob);

    b.stop().await;
    let mut uris = Vec::new();
    {
        let alice = Client {
            app: &a,
            token: alice_token.clone(),
            username: "alice".into(),
        };
        for n in 0..3 {
            let post = alice.post_status(json!({"status": format!("Update number {n}")})).await;
            uris.push(post["uri"].as_str().unwrap().to_owned());
        }
    }
    eventually("all three deliveries were attempted", || async {
        a.count("deliveries WHERE attempts > 0").await == 3
    })
    .await;
    // The sender dies without a graceful shutdown; its queue is all it leaves behind.
    a.kill().await;
    b.restart().await;
    a.restart().await;

    let bob = Client {
        app: &b,
        token: bob_token,
        username: "bob".into(),
    };
    eventually("all three posts reach Bob", || async {
        let home = bob.home().await;
        uris.iter().all(|uri| home.iter().any(|s| s["uri"] == uri.as_str()))
    })
    .await;
    eventually("the queue is empty", || async { a.count("deliveries").await == 0 }).await;
    let copies = b
        .count(&format!("statuses WHERE ap_id IN ('{}')", uris.join("','")))
        .await;
    assert_eq!(copies, 3, "each post stored once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queue_health_shows_in_metrics_and_the_admin_area() {
    let a = TestApp::spawn().await;
    let mut b = TestApp::spawn().await;
    a.create_user_with_role("root_admin", fucina::domain::account::Role::Admin)
        .await;
    let alice = Client::new(&a, "alice").await;
    {
        let bob = Client::new(&b, "bob").await;
        let alice_on_b = bob.follow(&alice.handle()).await;
        let id = alice_on_b["id"].as_str().unwrap().to_owned();
        eventually("Bob follows Alice", || async {
            bob.relationship(&id).await["following"] == true
        })
        .await;
    }
    b.stop().await;
    alice.post_status(json!({"status": "Into the void"})).await;
    eventually("the delivery fails", || async {
        a.count("deliveries WHERE last_error IS NOT NULL").await == 1
    })
    .await;

    let metrics = a
        .client()
        .get(a.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("fucina_delivery_pending 1"), "{metrics}");
    assert!(metrics.contains("# TYPE fucina_deliveries_retried_total counter"));

    let admin = a.browser();
    admin.log_in("root_admin", crate::common::PASSWORD).await;
    let page = admin.get("/admin/federation").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains(&b.domain), "the failing server is listed: {}", page.body);
}
