//! Statuses, timelines and notifications through the Mastodon API.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, schema};
use crate::federation::Client;

#[tokio::test]
async fn an_idempotency_key_makes_a_repeated_post_return_the_first() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;
    let send = || {
        app.client()
            .post(app.url("/api/v1/statuses"))
            .bearer_auth(&alice.token)
            .header("idempotency-key", "retry-42")
            .json(&json!({"status": "Posted once, whatever the network does"}))
            .send()
    };
    let first: Value = send().await.unwrap().json().await.unwrap();
    let second: Value = send().await.unwrap().json().await.unwrap();
    assert_eq!(first["id"], second["id"]);
    assert_eq!(app.count("statuses").await, 1);
}

#[tokio::test]
async fn bad_posts_are_refused_with_422() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;
    for body in [
        json!({"status": ""}),
        json!({"status": "x".repeat(5001)}),
        json!({"status": "hi", "visibility": "secret"}),
    ] {
        let (status, error) = alice.post("/api/v1/statuses", body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        schema::assert_matches("Error", &error);
    }
    let (status, _) = alice
        .post(
            "/api/v1/statuses",
            json!({"status": "reply to nothing", "in_reply_to_id": "1"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(app.count("statuses").await, 0);
}

#[tokio::test]
async fn timelines_paginate_with_link_headers() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;
    for n in 0..5 {
        alice
            .post_status(json!({"status": format!("post {n} #pagination")}))
            .await;
    }
    let response = app
        .client()
        .get(app.url("/api/v1/timelines/home?limit=2"))
        .bearer_auth(&alice.token)
        .send()
        .await
        .unwrap();
    let link = response.headers()["link"].to_str().unwrap().to_owned();
    let page: Vec<Value> = response.json().await.unwrap();
    assert_eq!(page.len(), 2);
    assert_eq!(
        page[0]["content"],
        "<p>post 4 <a href=\"".to_owned()
            + &app.url("/tags/pagination")
            + "\" class=\"mention hashtag\" rel=\"tag\">#<span>pagination</span></a></p>"
    );
    let next = link
        .split(">; rel=\"next\"")
        .next()
        .unwrap()
        .trim_start_matches('<')
        .to_owned();
    assert!(next.contains("max_id=") && next.contains("limit=2"), "{link}");
    let older: Vec<Value> = app
        .client()
        .get(&next)
        .bearer_auth(&alice.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(older[0]["content"].as_str().unwrap().split(' ').nth(1), Some("2"));
    let newer: Vec<Value> = app
        .client()
        .get(app.url(&format!(
            "/api/v1/timelines/home?min_id={}&limit=2",
            older[0]["id"].as_str().unwrap()
        )))
        .bearer_auth(&alice.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        newer.iter().map(|s| s["id"].clone()).collect::<Vec<_>>(),
        page.iter().map(|s| s["id"].clone()).collect::<Vec<_>>(),
        "min_id gives the page just after, newest first"
    );

    let tagged: Vec<Value> = app
        .client()
        .get(app.url("/api/v1/timelines/tag/pagination"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(tagged.len(), 5);
    let public: Vec<Value> = app
        .client()
        .get(app.url("/api/v1/timelines/public?local=true"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(public.len(), 5);
    for status in &public {
        schema::assert_matches("Status", status);
    }
}

#[tokio::test]
async fn boosts_favourites_and_notifications_work_locally_and_can_be_dismissed() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;
    let bob = Client::new(&app, "bob").await;
    let post = alice.post_status(json!({"status": "Call for partners"})).await;
    let id = post["id"].as_str().unwrap();
    let (_, boost) = bob.post(&format!("/api/v1/statuses/{id}/reblog"), json!({})).await;
    schema::assert_matches("Status", &boost);
    assert_eq!(boost["reblog"]["id"], id);
    assert_eq!(boost["reblog"]["reblogged"], true);
    let (_, favourited) = bob.post(&format!("/api/v1/statuses/{id}/favourite"), json!({})).await;
    assert_eq!(favourited["favourites_count"], 1);

    let (_, notifications) = alice.get("/api/v1/notifications").await;
    let list = notifications.as_array().unwrap();
    assert_eq!(list.len(), 2);
    for notification in list {
        schema::assert_matches("Notification", notification);
    }
    let (_, only_favourites) = alice.get("/api/v1/notifications?types[]=favourite").await;
    assert_eq!(only_favourites.as_array().unwrap().len(), 1);
    let first_id = list[0]["id"].as_str().unwrap();
    let (status, one) = alice.get(&format!("/api/v1/notifications/{first_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["id"], first_id);
    let (status, _) = alice
        .post(&format!("/api/v1/notifications/{first_id}/dismiss"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(alice.notifications().await.len(), 1);
    let (status, _) = bob.get(&format!("/api/v1/notifications/{first_id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "one's notifications are one's own");
    alice.post("/api/v1/notifications/clear", json!({})).await;
    assert!(alice.notifications().await.is_empty());

    let (_, undone) = bob.post(&format!("/api/v1/statuses/{id}/unreblog"), json!({})).await;
    assert_eq!(undone["reblogs_count"], 0);
    let (status, private) = alice
        .post(
            "/api/v1/statuses",
            json!({"status": "followers only", "visibility": "private"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = bob
        .post(
            &format!("/api/v1/statuses/{}/reblog", private["id"].as_str().unwrap()),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "bob cannot even see it");
}

#[tokio::test]
async fn a_followers_only_post_is_hidden_from_others_everywhere_in_the_api() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;
    let eve = Client::new(&app, "eve").await;
    let post = alice
        .post_status(json!({"status": "for followers", "visibility": "private"}))
        .await;
    let id = post["id"].as_str().unwrap();
    assert_eq!(
        eve.get(&format!("/api/v1/statuses/{id}")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.client()
            .get(app.url(&format!("/api/v1/statuses/{id}")))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    let (_, me) = alice.get("/api/v1/accounts/verify_credentials").await;
    let (_, listed) = eve
        .get(&format!("/api/v1/accounts/{}/statuses", me["id"].as_str().unwrap()))
        .await;
    assert!(listed.as_array().unwrap().is_empty());
    let (_, public) = eve.get("/api/v1/timelines/public").await;
    assert!(public.as_array().unwrap().is_empty());
    // The edit history and source are no more visible than the post.
    assert_eq!(
        eve.get(&format!("/api/v1/statuses/{id}/history")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        eve.get(&format!("/api/v1/statuses/{id}/source")).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_reply_tells_the_author_even_without_a_mention_and_only_once_with_one() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;
    let bob = Client::new(&app, "bob").await;
    let post = alice.post_status(json!({"status": "Who has a 3D printer?"})).await;
    let id = post["id"].as_str().unwrap();
    bob.post_status(json!({"status": "I do", "in_reply_to_id": id})).await;
    bob.post_status(json!({"status": "@alice and a laser cutter", "in_reply_to_id": id}))
        .await;
    // Her own reply to herself tells no one.
    alice
        .post_status(json!({"status": "Thanks!", "in_reply_to_id": id}))
        .await;
    let notifications = alice.notifications().await;
    let replies: Vec<&Value> = notifications.iter().filter(|n| n["type"] == "mention").collect();
    assert_eq!(replies.len(), 2, "{notifications:?}");
    for n in &replies {
        schema::assert_matches("Notification", n);
        assert_eq!(n["account"]["acct"], "bob");
    }
}
