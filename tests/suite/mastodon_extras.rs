//! Smaller parts of Mastodon's client API: who favourited or boosted a
//! post, the instance's peers, activity and description, the profile
//! directory and followers in common, each checked against Mastodon's
//! OpenAPI description.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::schema;
use crate::federation::Client;

fn usernames(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|a| a["username"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn who_favourited_or_boosted_a_post_is_listed_for_those_who_may_see_it() {
    let app = crate::proposals::themed().spawn().await;
    let anna = Client::new(&app, "anna").await;
    let ben = Client::new(&app, "ben").await;
    let carla = Client::new(&app, "carla").await;
    let post = anna.post_status(json!({"status": "Open call for partners"})).await;
    let id = post["id"].as_str().unwrap();
    for who in [&ben, &carla] {
        let (status, _) = who.post(&format!("/api/v1/statuses/{id}/favourite"), json!({})).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, _) = carla.post(&format!("/api/v1/statuses/{id}/reblog"), json!({})).await;
    assert_eq!(status, StatusCode::OK);

    let (status, favourited) = anna.get(&format!("/api/v1/statuses/{id}/favourited_by")).await;
    assert_eq!(status, StatusCode::OK, "{favourited}");
    schema::assert_matches_each("Account", &favourited);
    assert_eq!(usernames(&favourited), ["carla", "ben"], "newest first");
    let (_, boosted) = anna.get(&format!("/api/v1/statuses/{id}/reblogged_by")).await;
    assert_eq!(usernames(&boosted), ["carla"]);
    let (_, page) = anna.get(&format!("/api/v1/statuses/{id}/favourited_by?limit=1")).await;
    assert_eq!(usernames(&page), ["carla"], "paged");
    // A visitor sees who favourited a public post.
    let visitor = reqwest::get(app.url(&format!("/api/v1/statuses/{id}/favourited_by")))
        .await
        .unwrap();
    assert_eq!(visitor.status(), StatusCode::OK);

    // A followers-only post's reactions are not for those who cannot see it.
    let private = anna
        .post_status(json!({"status": "For my followers", "visibility": "private"}))
        .await;
    let private_id = private["id"].as_str().unwrap();
    let (status, _) = ben.get(&format!("/api/v1/statuses/{private_id}/favourited_by")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = anna.get("/api/v1/statuses/12345/reblogged_by").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_instance_tells_its_peers_activity_and_description() {
    let app = crate::proposals::themed().spawn().await;
    let anna = Client::new(&app, "anna").await;
    anna.post_status(json!({"status": "One"})).await;
    anna.post_status(json!({"status": "Two"})).await;
    let remote = crate::common::remote::FakeServer::start().await;
    let person = remote.person("remo");
    let found = anna.resolve_account(person["id"].as_str().unwrap()).await;
    assert_eq!(found["username"], "remo", "{found}");

    let (status, peers) = anna.get("/api/v1/instance/peers").await;
    assert_eq!(status, StatusCode::OK, "{peers}");
    assert!(
        peers.as_array().unwrap().iter().any(|p| p == remote.host.as_str()),
        "{peers}"
    );
    let (_, weeks) = anna.get("/api/v1/instance/activity").await;
    let weeks = weeks.as_array().unwrap().clone();
    assert_eq!(weeks.len(), 12);
    assert!(weeks.iter().all(|w| w["week"].is_string() && w["statuses"].is_string()));
    assert_eq!(weeks[0]["statuses"], "2", "this week's posts: {:?}", weeks[0]);
    assert_eq!(weeks[0]["registrations"], "1");
    let (_, about) = anna.get("/api/v1/instance/extended_description").await;
    schema::assert_matches("ExtendedDescription", &about);
}

#[tokio::test]
async fn the_directory_lists_discoverable_people_and_followers_in_common_are_told() {
    let app = crate::proposals::themed().spawn().await;
    let anna = Client::new(&app, "anna").await;
    let ben = Client::new(&app, "ben").await;
    let carla = Client::new(&app, "carla").await;
    let dario = Client::new(&app, "dario").await;
    let (status, me) = dario
        .patch("/api/v1/accounts/update_credentials", json!({"discoverable": false}))
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["discoverable"], false, "{me}");

    let (status, listed) = anna.get("/api/v1/directory?order=new&local=true").await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    schema::assert_matches_each("Account", &listed);
    let names = usernames(&listed);
    assert_eq!(names[..3], ["carla", "ben", "anna"], "newest first: {names:?}");
    assert!(!names.contains(&"dario".to_owned()), "Dario chose not to be listed");

    // The same choice on the profile page: Ben unticks it, then ticks it again.
    let browser = app.browser();
    browser.log_in("ben", crate::common::PASSWORD).await;
    let page = browser.get("/settings/profile").await;
    assert!(
        page.contains("id=\"discoverable\" name=\"discoverable\" checked"),
        "{}",
        page.body
    );
    let saved = browser
        .post(
            "/settings/profile",
            &[("display_name", "Ben"), ("discoverable_shown", "1")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let (_, listed) = anna.get("/api/v1/directory?local=true").await;
    assert!(!usernames(&listed).contains(&"ben".to_owned()), "{listed}");
    browser.get("/settings/profile").await;
    browser
        .post(
            "/settings/profile",
            &[
                ("display_name", "Ben"),
                ("discoverable_shown", "1"),
                ("discoverable", "on"),
            ],
        )
        .await;
    let (_, listed) = anna.get("/api/v1/directory?local=true").await;
    assert!(usernames(&listed).contains(&"ben".to_owned()), "{listed}");

    // Anna follows Ben and Carla; Ben follows Dario, Carla does not.
    anna.follow(&ben.handle()).await;
    anna.follow(&carla.handle()).await;
    ben.follow(&dario.handle()).await;
    let dario_account = anna.resolve_account(&dario.handle()).await;
    let dario_id = dario_account["id"].as_str().unwrap().to_owned();
    let (status, familiar) = anna
        .get(&format!("/api/v1/accounts/familiar_followers?id[]={dario_id}&id[]=999"))
        .await;
    assert_eq!(status, StatusCode::OK, "{familiar}");
    schema::assert_matches_each("FamiliarFollowers", &familiar);
    assert_eq!(familiar[0]["id"], dario_id.as_str());
    assert_eq!(usernames(&familiar[0]["accounts"]), ["ben"]);
    assert_eq!(familiar[1]["accounts"], json!([]));
}

#[tokio::test]
async fn people_pin_up_to_five_of_their_posts_which_show_on_their_profile_and_featured_collection() {
    let app = crate::proposals::themed().spawn().await;
    let anna = Client::new(&app, "anna").await;
    let ben = Client::new(&app, "ben").await;
    // A follower on another server, which is told of each pin.
    let remote = crate::common::remote::FakeServer::start().await;
    let follower = remote.person("fede");
    let follower_id = follower["id"].as_str().unwrap().to_owned();
    let follow = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": remote.url("/activities/follow-1"),
        "type": "Follow",
        "actor": follower_id,
        "object": app.url("/users/anna"),
    });
    let response = remote
        .post_signed(&app.url("/inbox"), &format!("{follower_id}#main-key"), &follow)
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let mut ids = Vec::new();
    for n in 1..=6 {
        let post = anna.post_status(json!({"status": format!("Post {n}")})).await;
        ids.push(post["id"].as_str().unwrap().to_owned());
    }
    for id in &ids[..5] {
        let (status, pinned) = anna.post(&format!("/api/v1/statuses/{id}/pin"), json!({})).await;
        assert_eq!(status, StatusCode::OK, "{pinned}");
        schema::assert_matches("Status", &pinned);
        assert_eq!(pinned["pinned"], true);
    }
    let (status, again) = anna.post(&format!("/api/v1/statuses/{}/pin", ids[0]), json!({})).await;
    assert_eq!(status, StatusCode::OK, "pinning twice changes nothing: {again}");
    let (status, error) = anna.post(&format!("/api/v1/statuses/{}/pin", ids[5]), json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a sixth: {error}");
    let (status, _) = ben.post(&format!("/api/v1/statuses/{}/pin", ids[5]), json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "someone else's post");
    let direct = anna
        .post_status(json!({"status": "@ben between us", "visibility": "direct"}))
        .await;
    let (status, _) = anna
        .post(&format!("/api/v1/statuses/{}/unpin", ids[4]), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = anna
        .post(
            &format!("/api/v1/statuses/{}/pin", direct["id"].as_str().unwrap()),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a direct message");

    let anna_id = anna.resolve_account(&anna.handle()).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, pinned) = ben
        .get(&format!("/api/v1/accounts/{anna_id}/statuses?pinned=true"))
        .await;
    schema::assert_matches_each("Status", &pinned);
    let texts: Vec<String> = pinned
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["content"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(texts.len(), 4, "{texts:?}");
    assert!(texts[0].contains("Post 4"), "most recently pinned first: {texts:?}");
    assert!(pinned[0]["pinned"] == false, "pinned is told to the author only");

    let featured: Value = crate::groups::activity_json(&app, "/users/anna/featured")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(featured["orderedItems"].as_array().map(Vec::len), Some(4), "{featured}");

    // The follower's server got an Add to the featured collection for each
    // pin and a Remove for the unpin, signed like any delivery.
    let told = crate::common::wait_until(std::time::Duration::from_secs(20), || async {
        let received = remote.received();
        received.iter().filter(|d| d.body["type"] == "Add").count() == 5
            && received.iter().any(|d| d.body["type"] == "Remove")
    })
    .await;
    assert!(
        told,
        "{:?}",
        remote
            .received()
            .iter()
            .map(|d| d.body["type"].clone())
            .collect::<Vec<_>>()
    );
    let add = remote.received().into_iter().find(|d| d.body["type"] == "Add").unwrap();
    assert_eq!(add.body["target"], featured["id"], "{}", add.body);
}

#[tokio::test]
async fn those_who_boosted_a_post_are_told_when_it_is_edited() {
    let app = crate::proposals::themed().spawn().await;
    let anna = Client::new(&app, "anna").await;
    let ben = Client::new(&app, "ben").await;
    let carla = Client::new(&app, "carla").await;
    let post = anna.post_status(json!({"status": "Deadline is Friday"})).await;
    let id = post["id"].as_str().unwrap();
    let (status, _) = ben.post(&format!("/api/v1/statuses/{id}/reblog"), json!({})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = carla.post(&format!("/api/v1/statuses/{id}/favourite"), json!({})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, edited) = anna
        .put(
            &format!("/api/v1/statuses/{id}"),
            json!({"status": "Deadline is Monday"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{edited}");

    let (_, notifications) = ben.get("/api/v1/notifications?types[]=update").await;
    schema::assert_matches_each("Notification", &notifications);
    assert_eq!(notifications.as_array().unwrap().len(), 1, "{notifications}");
    assert_eq!(notifications[0]["type"], "update");
    assert_eq!(notifications[0]["account"]["username"], "anna");
    assert!(
        notifications[0]["status"]["content"]
            .as_str()
            .unwrap()
            .contains("Monday")
    );
    let (_, carlas) = carla.get("/api/v1/notifications?types[]=update").await;
    assert_eq!(carlas, json!([]), "a favourite is not a boost");
    let (_, annas) = anna.get("/api/v1/notifications?types[]=update").await;
    assert_eq!(annas, json!([]), "the author is not told of her own edit");
}

#[tokio::test]
async fn another_servers_person_pins_their_own_post_and_only_their_own() {
    let app = crate::proposals::themed().spawn().await;
    let anna = Client::new(&app, "anna").await;
    let remote = crate::common::remote::FakeServer::start().await;
    let mut person = remote.person("remo");
    let remo = person["id"].as_str().unwrap().to_owned();
    person["featured"] = json!(format!("{remo}/featured"));
    remote.serve("/users/remo", person);
    let key = format!("{remo}#main-key");
    let anna_uri = app.url("/users/anna");
    let note_id = remote.url("/notes/1");
    let create = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": remote.url("/activities/create-1"), "type": "Create", "actor": remo,
        "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": [anna_uri],
        "object": {
            "id": note_id, "type": "Note", "attributedTo": remo,
            "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": [anna_uri],
            "content": "<p>@anna our call is open</p>", "published": "2026-12-01T10:00:00Z",
            "tag": [{"type": "Mention", "href": anna_uri, "name": "@anna"}]
        }
    });
    let response = remote.post_signed(&app.url("/inbox"), &key, &create).await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let own = anna.post_status(json!({"status": "Anna's own"})).await;

    let pin = |kind: &str, n: u32, object: &str| {
        json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": remote.url(&format!("/activities/{kind}-{n}")), "type": kind, "actor": remo,
            "object": object, "target": format!("{remo}/featured"),
        })
    };
    let response = remote
        .post_signed(&app.url("/inbox"), &key, &pin("Add", 1, &note_id))
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    // Someone else's post is not theirs to pin.
    let response = remote
        .post_signed(&app.url("/inbox"), &key, &pin("Add", 2, own["uri"].as_str().unwrap()))
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);

    let remo_id = anna.resolve_account(&remo).await["id"].as_str().unwrap().to_owned();
    let pinned_of = |id: String| {
        let anna = &anna;
        async move {
            let (_, list) = anna.get(&format!("/api/v1/accounts/{id}/statuses?pinned=true")).await;
            list.as_array()
                .unwrap()
                .iter()
                .map(|s| s["uri"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    // The inbox works an activity before it answers 202: the pin is there.
    assert_eq!(
        pinned_of(remo_id.clone()).await,
        std::slice::from_ref(&note_id),
        "Remo's pin is shown"
    );
    let anna_id = own["account"]["id"].as_str().unwrap().to_owned();
    assert!(pinned_of(anna_id).await.is_empty(), "Remo cannot pin Anna's post");

    let response = remote
        .post_signed(&app.url("/inbox"), &key, &pin("Remove", 3, &note_id))
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    assert!(pinned_of(remo_id).await.is_empty(), "unpinned");
}
