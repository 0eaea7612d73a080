//! Documents in the exact shapes other servers publish (tests/fixtures/activitypub)
//! are parsed and handled: sent signed to the inbox by a stand-in server that
//! also serves the actors.

use std::time::Duration;

use chrono::Utc;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::remote::FakeServer;
use crate::common::{TestApp, wait_until};
use crate::federation::Client;

struct Stage<'a> {
    app: &'a TestApp,
    remote: FakeServer,
    alice: Client<'a>,
    target: String,
    target_post: String,
    target_post_id: String,
    /// Where a local community named drone_lab lives, when a test makes one.
    group: String,
}

impl<'a> Stage<'a> {
    async fn new(app: &'a TestApp) -> Stage<'a> {
        let alice = Client::new(app, "alice").await;
        let post = alice
            .post_status(json!({"status": "Who has sensors for a field trial? #agrifood"}))
            .await;
        let (_, me) = alice.get("/api/v1/accounts/verify_credentials").await;
        Stage {
            app,
            remote: FakeServer::start().await,
            target: me["uri"].as_str().unwrap().to_owned(),
            target_post: post["uri"].as_str().unwrap().to_owned(),
            target_post_id: post["id"].as_str().unwrap().to_owned(),
            group: app.url("/users/drone_lab"),
            alice,
        }
    }

    /// A fixture with its placeholders filled in.
    fn load(&self, server: &str, name: &str) -> Value {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/fixtures/activitypub/{server}/{name}.json"));
        let text = std::fs::read_to_string(&path).unwrap();
        let key = serde_json::to_string(&self.remote.public_key_pem).unwrap();
        let text = text
            .replace("{{public_key}}", key.trim_matches('"'))
            .replace("{{base}}", &self.remote.base)
            .replace("{{host}}", &self.remote.host)
            .replace("{{target_post}}", &self.target_post)
            .replace("{{group}}", &self.group)
            .replace("{{target}}", &self.target)
            .replace("{{now}}", &Utc::now().to_rfc3339())
            .replace("{{earlier}}", &(Utc::now() - chrono::Duration::hours(1)).to_rfc3339());
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Serves a server's actor document, at its id's path (and at `extra_paths`).
    fn serve_actor(&self, server: &str, extra_paths: &[&str]) -> Value {
        let actor = self.load(server, "actor");
        let path = url::Url::parse(actor["id"].as_str().unwrap())
            .unwrap()
            .path()
            .to_owned();
        self.remote.serve(&path, actor.clone());
        for extra in extra_paths {
            self.remote.serve(extra, actor.clone());
        }
        actor
    }

    async fn deliver(&self, server: &str, name: &str, key_id: &str) -> Value {
        let activity = self.load(server, name);
        let response = self
            .remote
            .post_signed(&self.app.url("/inbox"), key_id, &activity)
            .await;
        assert_eq!(
            response.status(),
            StatusCode::ACCEPTED,
            "{server}/{name}: {}",
            response.text().await.unwrap_or_default()
        );
        activity
    }

    async fn notified(&self, kind: &str) -> bool {
        self.alice.notifications().await.iter().any(|n| n["type"] == kind)
    }

    async fn post_counts(&self) -> Value {
        self.alice
            .get(&format!("/api/v1/statuses/{}", self.target_post_id))
            .await
            .1
    }

    async fn context_has(&self, uri: &str) -> bool {
        let (_, context) = self
            .alice
            .get(&format!("/api/v1/statuses/{}/context", self.target_post_id))
            .await;
        context["descendants"]
            .as_array()
            .is_some_and(|d| d.iter().any(|s| s["uri"] == uri))
    }

    async fn accepted(&self, follow_id: &str) -> bool {
        wait_until(Duration::from_secs(10), || async {
            self.remote
                .received()
                .iter()
                .any(|d| d.body["type"] == "Accept" && d.body["object"]["id"] == follow_id)
        })
        .await
    }
}

#[tokio::test]
async fn mastodon_documents_are_handled() {
    let app = TestApp::spawn().await;
    let stage = Stage::new(&app).await;
    let actor = stage.serve_actor("mastodon", &[]);
    let key_id = format!("{}#main-key", actor["id"].as_str().unwrap());

    // The actor, fetched and sanitised.
    let account = stage.alice.resolve_account(actor["id"].as_str().unwrap()).await;
    assert_eq!(account["acct"], format!("gargamel@{}", stage.remote.host));
    assert!(!account["note"].as_str().unwrap().contains("script"));
    assert_eq!(account["fields"][0]["name"], "Lab");
    assert!(!account["fields"][1]["value"].as_str().unwrap().contains("onclick"));
    assert!(account["avatar"].as_str().unwrap().ends_with("gargamel.jpg"));

    let follow = stage.deliver("mastodon", "follow", &key_id).await;
    assert!(
        stage.accepted(follow["id"].as_str().unwrap()).await,
        "the Follow is answered with an Accept"
    );
    assert_eq!(app.count("follows WHERE state = 'accepted'").await, 1);

    let create = stage.deliver("mastodon", "create_note", &key_id).await;
    let note_id = create["object"]["id"].as_str().unwrap();
    assert!(stage.notified("mention").await);
    assert!(stage.context_has(note_id).await, "the reply joins the thread");
    let stored = stage.alice.resolve_status(note_id).await.unwrap();
    assert_eq!(stored["tags"][0]["name"], "agrifood");
    assert!(!stored["content"].as_str().unwrap().contains("onerror"));
    assert_eq!(stored["visibility"], "public");

    stage.deliver("mastodon", "like", &key_id).await;
    stage.deliver("mastodon", "announce", &key_id).await;
    let counts = stage.post_counts().await;
    assert_eq!(counts["favourites_count"], 1);
    assert_eq!(counts["reblogs_count"], 1);
    assert_eq!(counts["replies_count"], 1);
    assert!(stage.notified("favourite").await && stage.notified("reblog").await);

    stage.deliver("mastodon", "update_note", &key_id).await;
    let edited = stage.alice.resolve_status(note_id).await.unwrap();
    assert!(edited["content"].as_str().unwrap().contains("humidity"), "{edited}");
    let (_, history) = stage
        .alice
        .get(&format!("/api/v1/statuses/{}/history", edited["id"].as_str().unwrap()))
        .await;
    assert_eq!(history.as_array().unwrap().len(), 2);

    stage.deliver("mastodon", "delete", &key_id).await;
    let (status, _) = stage
        .alice
        .get(&format!("/api/v1/statuses/{}", edited["id"].as_str().unwrap()))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(stage.post_counts().await["replies_count"], 0);

    let question = stage.deliver("mastodon", "question", &key_id).await;
    let stored = stage
        .alice
        .resolve_status(question["object"]["id"].as_str().unwrap())
        .await;
    assert!(stored.is_some(), "a Question is stored as a post");
}

#[tokio::test]
async fn lemmy_documents_are_handled() {
    let app = TestApp::spawn().await;
    let stage = Stage::new(&app).await;
    let actor = stage.serve_actor("lemmy", &[]);
    let key_id = format!("{}#main-key", actor["id"].as_str().unwrap());
    let create = stage.deliver("lemmy", "create_comment", &key_id).await;
    assert!(stage.context_has(create["object"]["id"].as_str().unwrap()).await);
    assert!(stage.notified("mention").await);
    stage.deliver("lemmy", "like", &key_id).await;
    assert_eq!(stage.post_counts().await["favourites_count"], 1);
}

#[tokio::test]
async fn pleroma_and_akkoma_documents_are_handled() {
    let app = TestApp::spawn().await;
    let stage = Stage::new(&app).await;
    let actor = stage.serve_actor("pleroma", &[]);
    let key_id = format!("{}#main-key", actor["id"].as_str().unwrap());
    let create = stage.deliver("pleroma", "create_note", &key_id).await;
    let stored = stage
        .alice
        .resolve_status(create["object"]["id"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(stored["tags"][0]["name"], "composites");
    assert!(stage.notified("mention").await);
    // Emoji reactions are not something Fucina shows: accepted, ignored.
    stage.deliver("pleroma", "emoji_react", &key_id).await;
    assert_eq!(stage.post_counts().await["favourites_count"], 0);
}

#[tokio::test]
async fn misskey_documents_are_handled() {
    let app = TestApp::spawn().await;
    let stage = Stage::new(&app).await;
    let actor = stage.serve_actor("misskey", &[]);
    let key_id = format!("{}#main-key", actor["id"].as_str().unwrap());
    let create = stage.deliver("misskey", "create_note", &key_id).await;
    let stored = stage
        .alice
        .resolve_status(create["object"]["id"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(stored["account"]["username"], "mimi");
    assert_eq!(stored["tags"][0]["name"], "robotics");
    stage.deliver("misskey", "like", &key_id).await;
    assert_eq!(
        stage.post_counts().await["favourites_count"],
        1,
        "a reaction counts as a favourite"
    );
}

#[tokio::test]
async fn gotosocial_documents_are_handled() {
    let app = TestApp::spawn().await;
    let stage = Stage::new(&app).await;
    // GoToSocial's key ids have no fragment; the key URL serves the actor.
    let actor = stage.serve_actor("gotosocial", &["/users/gotosam/main-key"]);
    let key_id = actor["publicKey"]["id"].as_str().unwrap().to_owned();
    let create = stage.deliver("gotosocial", "create_note", &key_id).await;
    let stored = stage
        .alice
        .resolve_status(create["object"]["id"].as_str().unwrap())
        .await
        .unwrap();
    assert!(stored["content"].as_str().unwrap().contains("test street"));
    assert!(stage.notified("mention").await);
}

#[tokio::test]
async fn mobilizon_documents_are_handled() {
    let app = TestApp::spawn().await;
    let stage = Stage::new(&app).await;
    let actor = stage.serve_actor("mobilizon", &[]);
    let key_id = format!("{}#main-key", actor["id"].as_str().unwrap());
    let follow = stage.deliver("mobilizon", "follow", &key_id).await;
    assert!(stage.accepted(follow["id"].as_str().unwrap()).await);
    let create = stage.deliver("mobilizon", "create_comment", &key_id).await;
    assert!(stage.context_has(create["object"]["id"].as_str().unwrap()).await);
}

#[tokio::test]
async fn lemmy_communities_pass_posts_locks_and_removals_on() {
    let app = TestApp::spawn().await;
    let stage = Stage::new(&app).await;
    stage.serve_actor("lemmy", &[]);
    let group = stage.load("lemmy", "group");
    let group_id = group["id"].as_str().unwrap().to_owned();
    stage.remote.serve("/c/sensors", group.clone());
    let group_key = format!("{group_id}#main-key");

    // Alice joins the community: a Follow goes out, the community accepts.
    let account = stage.alice.resolve_account(&group_id).await;
    assert_eq!(account["group"], true);
    assert_eq!(account["acct"], format!("sensors@{}", stage.remote.host));
    // Lemmy's `!community@host` finds it too (the stand-in serves WebFinger for /users/ paths).
    stage.remote.serve("/users/sensors", group.clone());
    let by_bang = stage
        .alice
        .resolve_account(&format!("!sensors@{}", stage.remote.host))
        .await;
    assert_eq!(by_bang["id"], account["id"]);
    let account_id = account["id"].as_str().unwrap().to_owned();
    let (status, _) = stage
        .alice
        .post(&format!("/api/v1/accounts/{account_id}/follow"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        wait_until(Duration::from_secs(10), || async {
            stage
                .remote
                .received()
                .iter()
                .any(|d| d.body["type"] == "Follow" && d.body["object"] == group_id.as_str())
        })
        .await
    );
    let follow = stage
        .remote
        .received()
        .into_iter()
        .find(|d| d.body["type"] == "Follow")
        .unwrap()
        .body;
    let accept = json!({
        "@context": ["https://join-lemmy.org/context.json", "https://www.w3.org/ns/activitystreams"],
        "actor": group_id, "to": [follow["actor"]], "object": follow, "type": "Accept",
        "id": stage.remote.url("/activities/accept/9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f"),
    });
    let response = stage.remote.post_signed(&app.url("/inbox"), &group_key, &accept).await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    assert_eq!(stage.alice.relationship(&account_id).await["following"], true);

    // The community passes a post on: filed under it, in Alice's home.
    let announce = stage.deliver("lemmy", "announce_create_page", &group_key).await;
    let post_id = announce["object"]["object"]["id"].as_str().unwrap().to_owned();
    let (_, listed) = stage
        .alice
        .get(&format!("/api/fucina/v1/groups/{account_id}/statuses"))
        .await;
    assert_eq!(listed[0]["uri"], post_id.as_str(), "{listed}");
    assert!(listed[0]["content"].as_str().unwrap().contains("field trial"));
    assert!(stage.alice.home().await.iter().any(|s| s["uri"] == post_id.as_str()));

    // Lemmy also announces a post by itself (not wrapped in a Create).
    let bare = stage.deliver("lemmy", "announce_page", &group_key).await;
    let (_, listed_again) = stage
        .alice
        .get(&format!("/api/fucina/v1/groups/{account_id}/statuses"))
        .await;
    assert!(
        listed_again
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["uri"] == bare["object"]["id"]),
        "{listed_again}"
    );

    // A moderator's lock and removal, announced by the community, apply here.
    stage.deliver("lemmy", "announce_lock", &group_key).await;
    assert_eq!(
        app.count(&format!("statuses WHERE ap_id = '{post_id}' AND locked"))
            .await,
        1
    );
    stage.deliver("lemmy", "announce_remove", &group_key).await;
    let (status, _) = stage
        .alice
        .get(&format!("/api/v1/statuses/{}", listed[0]["id"].as_str().unwrap()))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn lemmy_and_mastodon_users_join_and_post_in_our_communities() {
    let app = TestApp::spawn().await;
    let stage = Stage::new(&app).await;
    let lemmy = stage.serve_actor("lemmy", &[]);
    let mastodon = stage.serve_actor("mastodon", &[]);
    let lemmy_key = format!("{}#main-key", lemmy["id"].as_str().unwrap());
    let mastodon_key = format!("{}#main-key", mastodon["id"].as_str().unwrap());
    let (status, group) = stage
        .alice
        .post(
            "/api/fucina/v1/groups",
            json!({"name": "drone_lab", "title": "Drone lab", "join_mode": "open"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{group}");
    let group_id = group["id"].as_str().unwrap().to_owned();

    // A Lemmy user joins and starts a thread in it.
    let follow = stage.deliver("lemmy", "follow_group", &lemmy_key).await;
    assert!(stage.accepted(follow["id"].as_str().unwrap()).await);
    let create = stage.deliver("lemmy", "create_page_in_group", &lemmy_key).await;
    let page_id = create["object"]["id"].as_str().unwrap().to_owned();
    let (_, listed) = stage
        .alice
        .get(&format!("/api/fucina/v1/groups/{group_id}/statuses"))
        .await;
    assert_eq!(listed[0]["uri"], page_id.as_str(), "{listed}");

    // The group passes it on to its members elsewhere, as Lemmy and Mastodon expect.
    assert!(
        wait_until(Duration::from_secs(10), || async {
            let received = stage.remote.received();
            let announced_create = received.iter().any(|d| {
                d.body["type"] == "Announce"
                    && d.body["object"]["type"] == "Create"
                    && d.body["object"]["object"]["id"] == page_id.as_str()
            });
            let announced_object = received
                .iter()
                .any(|d| d.body["type"] == "Announce" && d.body["object"] == page_id.as_str());
            announced_create && announced_object
        })
        .await,
        "the group announces the Create and the post"
    );

    // A Mastodon user posts in it by mentioning it.
    let mention = stage.deliver("mastodon", "mention_group", &mastodon_key).await;
    let (_, listed) = stage
        .alice
        .get(&format!("/api/fucina/v1/groups/{group_id}/statuses"))
        .await;
    assert_eq!(listed[0]["uri"], mention["object"]["id"], "{listed}");

    // A Mastodon reply in a thread of the group lands in it, and is passed on.
    let mut reply = stage.load("mastodon", "create_note");
    reply["id"] = json!(stage.remote.url("/users/gargamel/statuses/2001/activity"));
    reply["object"]["id"] = json!(stage.remote.url("/users/gargamel/statuses/2001"));
    reply["object"]["inReplyTo"] = json!(page_id);
    let response = stage
        .remote
        .post_signed(&app.url("/inbox"), &mastodon_key, &reply)
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let reply_id = stage.remote.url("/users/gargamel/statuses/2001");
    assert_eq!(
        app.count(&format!(
            "statuses WHERE ap_id = '{reply_id}' AND group_id = {group_id}"
        ))
        .await,
        1
    );
    assert!(
        wait_until(Duration::from_secs(10), || async {
            stage
                .remote
                .received()
                .iter()
                .any(|d| d.body["type"] == "Announce" && d.body["object"] == reply_id.as_str())
        })
        .await,
        "the reply is passed on to the group's members"
    );

    // A banned account's post is refused and not stored.
    let (_, members) = stage
        .alice
        .get(&format!("/api/fucina/v1/groups/{group_id}/members"))
        .await;
    let lemmy_member = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["username"] == "lemmy_alice")
        .unwrap()["id"]
        .clone();
    let (status, _) = stage
        .alice
        .post(
            &format!("/api/fucina/v1/groups/{group_id}/bans"),
            json!({"account_id": lemmy_member}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let mut again = stage.load("lemmy", "create_page_in_group");
    again["id"] = json!(stage.remote.url("/activities/create/second"));
    again["object"]["id"] = json!(stage.remote.url("/post/4901"));
    let response = stage.remote.post_signed(&app.url("/inbox"), &lemmy_key, &again).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("statuses WHERE ap_id LIKE '%/post/4901'").await, 0);
}

/// Lemmy's shapes, with the post's author on another server than the
/// community, as most posts in a busy Lemmy community are.
fn written_elsewhere(
    mut announce: Value,
    community: &FakeServer,
    author_server: &FakeServer,
    post_path: &str,
) -> Value {
    let author = author_server.person("lemmy_bob");
    let post = if announce["object"]["type"] == "Create" {
        announce["object"]["actor"] = author["id"].clone();
        announce["object"]["id"] = json!(author_server.url(&format!("/activities/create{post_path}")));
        &mut announce["object"]["object"]
    } else {
        &mut announce["object"]
    };
    post["id"] = json!(author_server.url(post_path));
    post["attributedTo"] = author["id"].clone();
    // The author's server serves the post, as Lemmy does at /post/N.
    author_server.serve(post_path, post.clone());
    let _ = community;
    announce
}

#[tokio::test]
async fn a_followed_lemmy_community_shows_its_posts_at_home_and_on_its_profile_and_takes_replies() {
    let app = TestApp::spawn().await;
    let stage = Stage::new(&app).await;
    let writers = FakeServer::start().await;
    let group = stage.load("lemmy", "group");
    let group_id = group["id"].as_str().unwrap().to_owned();
    stage.remote.serve("/c/sensors", group);
    let group_key = format!("{group_id}#main-key");

    let account = stage.alice.resolve_account(&group_id).await;
    let account_id = account["id"].as_str().unwrap().to_owned();
    let (status, _) = stage
        .alice
        .post(&format!("/api/v1/accounts/{account_id}/follow"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        wait_until(Duration::from_secs(10), || async {
            stage.remote.received().iter().any(|d| d.body["type"] == "Follow")
        })
        .await
    );
    let follow = stage
        .remote
        .received()
        .into_iter()
        .find(|d| d.body["type"] == "Follow")
        .unwrap()
        .body;
    let accept = json!({
        "@context": ["https://join-lemmy.org/context.json", "https://www.w3.org/ns/activitystreams"],
        "actor": group_id, "to": [follow["actor"]], "object": follow, "type": "Accept",
        "id": stage.remote.url("/activities/accept/5e1b7c1e-8a51-4a0b-9d43-2f6f0d0b1c11"),
    });
    let response = stage.remote.post_signed(&app.url("/inbox"), &group_key, &accept).await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);

    // Announce(Create(Page)) and Announce(Page), as Lemmy 0.19 sends them.
    let mut posts = Vec::new();
    for (fixture, path) in [("announce_create_page", "/post/77"), ("announce_page", "/post/78")] {
        let announce = written_elsewhere(stage.load("lemmy", fixture), &stage.remote, &writers, path);
        let response = stage
            .remote
            .post_signed(&app.url("/inbox"), &group_key, &announce)
            .await;
        assert_eq!(response.status(), StatusCode::ACCEPTED, "{fixture}");
        posts.push(writers.url(path));
    }
    let home = stage.alice.home().await;
    let (_, profile) = stage
        .alice
        .get(&format!("/api/v1/accounts/{account_id}/statuses"))
        .await;
    crate::common::schema::assert_matches_each("Status", &profile);
    for post in &posts {
        assert!(home.iter().any(|s| s["uri"] == post.as_str()), "{post} at home");
        assert!(
            profile.as_array().unwrap().iter().any(|s| s["uri"] == post.as_str()),
            "{post} on the community's profile: {profile}"
        );
    }

    // A reply from here goes to the community, which passes it on.
    let on_home = home.iter().find(|s| s["uri"] == posts[0].as_str()).unwrap();
    stage
        .alice
        .post_status(json!({"status": "We have two farms near Udine", "in_reply_to_id": on_home["id"]}))
        .await;
    assert!(
        wait_until(Duration::from_secs(10), || async {
            stage.remote.received().iter().any(|d| {
                d.body["type"] == "Create"
                    && d.body["object"]["inReplyTo"] == posts[0].as_str()
                    && (d.body["object"]["audience"] == group_id.as_str()
                        || d.body["object"]["cc"]
                            .as_array()
                            .is_some_and(|cc| cc.iter().any(|c| c == group_id.as_str()))
                        || d.body["object"]["to"]
                            .as_array()
                            .is_some_and(|to| to.iter().any(|c| c == group_id.as_str())))
            })
        })
        .await,
        "the community receives the reply"
    );
}
