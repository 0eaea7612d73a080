//! Attacks from other servers, made from outside with real signatures: a
//! hostile group trying to forge, take over or rewrite posts, relays passing
//! on what is not theirs. Each must fail and leave everything as it was.

use chrono::Utc;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::remote::FakeServer;
use crate::common::{TestApp, eventually, text_of};
use crate::federation::Client;

const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// A fake server's group, and a way to make it say things.
struct HostileGroup<'a> {
    server: &'a FakeServer,
    id: String,
    counter: std::cell::Cell<u32>,
}

impl<'a> HostileGroup<'a> {
    fn new(server: &'a FakeServer, name: &str) -> Self {
        let group = server.group(name);
        Self {
            server,
            id: group["id"].as_str().unwrap().to_owned(),
            counter: std::cell::Cell::new(0),
        }
    }

    fn followers(&self) -> String {
        format!("{}/followers", self.id)
    }

    /// Delivers the group's `Announce` of `object` to `app`'s shared inbox.
    async fn announces(&self, app: &TestApp, object: Value) -> StatusCode {
        let n = self.counter.get() + 1;
        self.counter.set(n);
        let announce = json!({
            "@context": ["https://join-lemmy.org/context.json", "https://www.w3.org/ns/activitystreams"],
            "id": self.server.url(&format!("/activities/announce/{n}")),
            "type": "Announce",
            "actor": self.id,
            "to": [PUBLIC],
            "cc": [self.followers()],
            "object": object,
        });
        self.server
            .post_signed(&app.url("/inbox"), &format!("{}#main-key", self.id), &announce)
            .await
            .status()
    }

    /// Accepts the Follow it received from `follower`.
    async fn accepts(&self, app: &TestApp, follower: &str) {
        let follow = self
            .server
            .received()
            .into_iter()
            .find(|d| d.body["type"] == "Follow" && d.body["object"] == self.id.as_str() && d.body["actor"] == follower)
            .expect("a Follow")
            .body;
        let accept = json!({
            "id": self.server.url(&format!("/activities/accept/{}", follower.len())),
            "type": "Accept", "actor": self.id, "to": [follower], "object": follow,
        });
        let response = self
            .server
            .post_signed(&app.url("/inbox"), &format!("{}#main-key", self.id), &accept)
            .await;
        assert_eq!(response.status(), StatusCode::ACCEPTED);
    }

    /// A `Page` of this group's server, addressed to the group, served at its id.
    fn serves_post(&self, path: &str, text: &str) -> Value {
        let author = self.server.person("member");
        let page = json!({
            "type": "Page", "id": self.server.url(path), "attributedTo": author["id"],
            "to": [self.id, PUBLIC], "cc": [], "audience": self.id,
            "name": text, "content": format!("<p>{text}</p>"), "published": Utc::now(),
        });
        self.server.serve(path, page.clone());
        page
    }
}

/// What the database holds of a post: its text, group, and whether it is deleted, locked or pinned.
async fn stored(app: &TestApp, uri: &str) -> String {
    text_of(
        app,
        &format!(
            "SELECT concat_ws('|', content, coalesce(group_id::text, 'no group'), deleted_at IS NOT NULL, locked, pinned_at IS NOT NULL) \
             AS value FROM statuses WHERE ap_id = '{uri}'"
        ),
    )
    .await
    .unwrap_or_else(|| "absent".into())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_group_cannot_forge_rewrite_file_or_remove_posts() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;
    let bob = Client::new(&app, "bob").await;
    let carol = Client::new(&app, "carol").await;
    let evil_server = FakeServer::start().await;
    let third = FakeServer::start().await;
    let evil = HostileGroup::new(&evil_server, "evil");
    let other = HostileGroup::new(&third, "other");

    let (_, me) = alice.get("/api/v1/accounts/verify_credentials").await;
    let alice_uri = me["uri"].as_str().unwrap().to_owned();
    let public = alice.post_status(json!({"status": "Public words"})).await;
    let private = alice
        .post_status(json!({"status": "For my followers", "visibility": "private"}))
        .await;
    let direct = alice
        .post_status(json!({"status": "@bob just for you", "visibility": "direct"}))
        .await;
    let ours: Vec<(String, String)> = [&public, &private, &direct]
        .iter()
        .map(|s| {
            (
                s["uri"].as_str().unwrap().to_owned(),
                s["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut before = Vec::new();
    for (uri, _) in &ours {
        before.push(stored(&app, uri).await);
    }

    // Carol asks to join: the request is pending, which counts as no follow.
    let on_app = carol.follow(&evil.id).await;
    eventually("the group receives Carol's Follow", || async {
        evil_server.received().iter().any(|d| d.body["type"] == "Follow")
    })
    .await;
    assert_eq!(
        carol.relationship(on_app["id"].as_str().unwrap()).await["requested"],
        true
    );
    let own = evil.serves_post("/post/1", "The group's own post");
    assert_eq!(evil.announces(&app, json!(own["id"])).await, StatusCode::ACCEPTED);
    assert_eq!(stored(&app, own["id"].as_str().unwrap()).await, "absent");

    // Accepted: the group is heard, for its own posts.
    let carol_uri = carol.get("/api/v1/accounts/verify_credentials").await.1["uri"].clone();
    evil.accepts(&app, carol_uri.as_str().unwrap()).await;
    eventually("Carol is a member", || async {
        carol.relationship(on_app["id"].as_str().unwrap()).await["following"] == true
    })
    .await;
    assert_eq!(evil.announces(&app, json!(own["id"])).await, StatusCode::ACCEPTED);
    let taken = stored(&app, own["id"].as_str().unwrap()).await;
    assert!(taken.contains("own post"), "{taken}");

    for (uri, _) in &ours {
        // An Update of our post with new words, embedded: refused.
        let forged = json!({
            "type": "Update", "id": evil_server.url("/activities/update/forged"), "actor": alice_uri,
            "object": {
                "type": "Note", "id": uri, "attributedTo": alice_uri, "content": "<p>pwned</p>",
                "to": [evil.followers()], "cc": [evil.id], "audience": evil.id, "updated": Utc::now(),
            },
        });
        assert_eq!(evil.announces(&app, forged).await, StatusCode::FORBIDDEN, "{uri}");
        // Passing our post on by its id, to file it under the group: refused.
        assert_eq!(evil.announces(&app, json!(uri)).await, StatusCode::FORBIDDEN, "{uri}");
        // Removing, locking or pinning it: refused.
        for (kind, extra) in [
            ("Delete", json!({})),
            ("Lock", json!({})),
            ("Add", json!({"target": format!("{}/featured", evil.id)})),
        ] {
            let mut act = json!({"type": kind, "id": evil_server.url(&format!("/activities/{kind}")), "actor": evil.id, "object": uri});
            if let Some(target) = extra.get("target") {
                act["target"] = target.clone();
            }
            assert_eq!(evil.announces(&app, act).await, StatusCode::FORBIDDEN, "{kind} {uri}");
        }
    }
    for ((uri, _), before) in ours.iter().zip(&before) {
        assert_eq!(&stored(&app, uri).await, before, "{uri} is as it was");
    }
    // From outside, the followers-only and direct posts stay where they were.
    for (_, id) in &ours[1..] {
        let (status, _) = carol.get(&format!("/api/v1/statuses/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (status, seen) = bob.get(&format!("/api/v1/statuses/{}", ours[2].1)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!seen["content"].as_str().unwrap().contains("pwned"));

    // A made-up post on a third server, embedded in a Create or an Update: never stored.
    for kind in ["Create", "Update"] {
        let made_up = third.url(&format!("/post/made-up-{kind}"));
        let forged = json!({
            "type": kind, "id": evil_server.url(&format!("/activities/{kind}/made-up")), "actor": third.url("/u/someone"),
            "object": {
                "type": "Page", "id": made_up, "attributedTo": third.url("/u/someone"), "name": "Forged",
                "content": "<p>Forged words</p>", "to": [evil.id, PUBLIC], "audience": evil.id,
            },
        });
        let status = evil.announces(&app, forged).await;
        assert!(!status.is_success(), "{kind}: {status}");
        assert_eq!(stored(&app, &made_up).await, "absent");
    }

    // Another group's post (on the third server) is that group's alone.
    let joined = carol.follow(&other.id).await;
    eventually("the other group receives Carol's Follow", || async {
        third.received().iter().any(|d| d.body["type"] == "Follow")
    })
    .await;
    other.accepts(&app, carol_uri.as_str().unwrap()).await;
    eventually("Carol is a member of the other group", || async {
        carol.relationship(joined["id"].as_str().unwrap()).await["following"] == true
    })
    .await;
    let theirs = other.serves_post("/post/9", "The other group's post");
    let theirs_id = theirs["id"].as_str().unwrap().to_owned();
    assert_eq!(other.announces(&app, json!(theirs_id)).await, StatusCode::ACCEPTED);
    let kept = stored(&app, &theirs_id).await;
    assert!(kept.contains("other group"), "{kept}");
    let mut rewritten = theirs.clone();
    rewritten["content"] = json!("<p>pwned</p>");
    let update = json!({"type": "Update", "id": evil_server.url("/activities/update/theirs"), "actor": theirs["attributedTo"], "object": rewritten});
    assert_eq!(evil.announces(&app, update).await, StatusCode::FORBIDDEN);
    let delete = json!({"type": "Delete", "id": evil_server.url("/activities/delete/theirs"), "actor": evil.id, "object": theirs_id});
    evil.announces(&app, delete).await;
    assert_eq!(stored(&app, &theirs_id).await, kept);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_never_go_to_a_shared_inbox_on_another_origin() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;
    let theirs = FakeServer::start().await;
    // A listener standing for an internal service: it must hear nothing.
    let internal = FakeServer::start().await;
    let mut actor = theirs.person("sneaky");
    // The same machine under another name: another origin all the same.
    actor["endpoints"]["sharedInbox"] = json!(format!(
        "http://127.0.0.1:{}/inbox",
        internal.host.rsplit(':').next().unwrap()
    ));
    theirs.serve("/users/sneaky", actor.clone());
    let actor_id = actor["id"].as_str().unwrap().to_owned();
    let follow = json!({
        "id": theirs.url("/activities/follow-1"), "type": "Follow", "actor": actor_id,
        "object": alice.get("/api/v1/accounts/verify_credentials").await.1["uri"],
    });
    let response = theirs
        .post_signed(&app.url("/inbox"), &format!("{actor_id}#main-key"), &follow)
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    alice.post_status(json!({"status": "Hello followers"})).await;
    eventually("the post reaches the follower's own inbox", || async {
        theirs
            .received()
            .iter()
            .any(|d| d.body["type"] == "Create" && d.path == "/users/sneaky/inbox")
    })
    .await;
    assert!(internal.requested().is_empty(), "{:?}", internal.requested());

    // An actor whose inbox itself is elsewhere is not taken at all.
    let mut elsewhere = theirs.person("elsewhere");
    elsewhere["inbox"] = json!(internal.url("/inbox"));
    theirs.serve("/users/elsewhere", elsewhere.clone());
    let (status, found) = alice
        .get(&format!(
            "/api/v2/search?q={}&resolve=true&type=accounts",
            crate::federation::urlencode(elsewhere["id"].as_str().unwrap())
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(found["accounts"], json!([]), "{found}");
    assert_eq!(app.count("actors WHERE username = 'elsewhere'").await, 0);
}

#[tokio::test]
async fn a_delivery_signed_for_another_server_is_refused_here() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;
    let theirs = FakeServer::start().await;
    let actor = theirs.person("replayer");
    let actor_id = actor["id"].as_str().unwrap().to_owned();
    let (_, me) = alice.get("/api/v1/accounts/verify_credentials").await;
    let note_id = theirs.url("/notes/replayed");
    let create = json!({
        "id": theirs.url("/activities/create-replayed"), "type": "Create", "actor": actor_id,
        "object": {"id": note_id, "type": "Note", "attributedTo": actor_id, "content": "<p>Hi</p>",
                   "to": [me["uri"]], "tag": [{"type": "Mention", "href": me["uri"]}]},
    });
    // Signed for (and carrying the Host of) another server's inbox.
    let replayed = theirs
        .post_replayed(
            &app.url("/inbox"),
            "http://other.example/inbox",
            &format!("{actor_id}#main-key"),
            &create,
        )
        .await;
    assert_eq!(replayed.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.count(&format!("statuses WHERE ap_id = '{note_id}'")).await, 0);
    // The same, signed for us, is taken.
    let direct = theirs
        .post_signed(&app.url("/inbox"), &format!("{actor_id}#main-key"), &create)
        .await;
    assert_eq!(direct.status(), StatusCode::ACCEPTED);
    assert_eq!(app.count(&format!("statuses WHERE ap_id = '{note_id}'")).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_linked_instance_cannot_file_our_private_posts_as_its_own() {
    let app = TestApp::spawn().await;
    let ada = crate::linked::admin(&app, "ada").await;
    let private = ada
        .post_status(json!({"status": "Not for the region", "visibility": "private"}))
        .await;
    let linked = FakeServer::start().await;
    let actor_id = crate::linked::serve_relay_actor(&linked, "Application");
    crate::linked::policy(&ada, "link", json!({"domain": linked.host})).await;
    eventually("the linked server receives our Follow", || async {
        linked.received().iter().any(|d| d.body["type"] == "Follow")
    })
    .await;
    let follow = linked
        .received()
        .into_iter()
        .find(|d| d.body["type"] == "Follow")
        .unwrap()
        .body;
    let accept = json!({
        "id": linked.url("/activities/accept-1"), "type": "Accept", "actor": actor_id,
        "object": {"id": follow["id"], "type": "Follow", "actor": follow["actor"], "object": actor_id},
    });
    let accepted = linked
        .post_signed(&app.url("/inbox"), &format!("{actor_id}#main-key"), &accept)
        .await;
    assert!(accepted.status().is_success());
    let status = crate::linked::relay_announces(&linked, &app, 1, private["uri"].as_str().unwrap()).await;
    assert!(status.is_success(), "{status}");
    assert_eq!(app.count("linked_posts").await, 0);
    let taken = text_of(
        &app,
        &format!(
            "SELECT visibility AS value FROM statuses WHERE ap_id = '{}'",
            private["uri"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(taken.as_deref(), Some("private"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_remote_proposal_lands_only_in_communities_that_would_take_its_author() {
    let app = TestApp::spawn().await;
    let owner = Client::new(&app, "owner").await;
    let (status, closed) = owner
        .post(
            "/api/fucina/v1/groups",
            json!({"name": "inner_lab", "title": "Inner lab", "description": "Members only", "join_mode": "invitation"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{closed}");
    let closed_uri = app.url("/users/inner_lab");
    let owner_uri = owner.get("/api/v1/accounts/verify_credentials").await.1["uri"].clone();
    let theirs = FakeServer::start().await;
    let author = theirs.person("pia");
    let author_id = author["id"].as_str().unwrap().to_owned();
    // Its team member is on a server we have not met: fetched by a job, after
    // the inbox has answered.
    let teammate_server = FakeServer::start().await;
    let teammate = teammate_server.person("teo");
    let teammate_id = teammate["id"].as_str().unwrap().to_owned();
    let page_id = theirs.url("/proposals/7");
    let mut page = json!({
        "@context": ["https://www.w3.org/ns/activitystreams", {"fucina": "https://fucina.example/ns#"}],
        "id": page_id, "type": "Page", "attributedTo": author_id, "name": "Sensors for vineyards",
        "summary": "Looking for partners", "content": "<p>Details</p>", "published": Utc::now(),
        "to": [PUBLIC, owner_uri], "cc": [format!("{author_id}/followers")],
        "proposalStatus": "open", "proposalKind": "technology_offer", "team": [teammate_id],
    });
    theirs.serve("/proposals/7", page.clone());
    let create =
        json!({"id": theirs.url("/activities/create-7"), "type": "Create", "actor": author_id, "object": page});
    let response = theirs
        .post_signed(&app.url("/inbox"), &format!("{author_id}#main-key"), &create)
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    assert_eq!(
        app.count(&format!(
            "proposals p JOIN statuses s ON s.id = p.status_id WHERE s.ap_id = '{page_id}'"
        ))
        .await,
        1
    );
    eventually("the team member is fetched", || async {
        app.count(&format!("actors WHERE ap_id = '{teammate_id}'")).await == 1
    })
    .await;
    eventually("the job is done and gone", || async { app.count("jobs").await == 0 }).await;

    // Its Update names our closed community: the proposal is not filed there.
    page["to"] = json!([PUBLIC, owner_uri, closed_uri]);
    page["audience"] = json!(closed_uri);
    page["updated"] = json!(Utc::now());
    theirs.serve("/proposals/7", page.clone());
    let update =
        json!({"id": theirs.url("/activities/update-7"), "type": "Update", "actor": author_id, "object": page});
    let response = theirs
        .post_signed(&app.url("/inbox"), &format!("{author_id}#main-key"), &update)
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let filed = app
        .count(&format!(
            "proposal_groups pg JOIN actors g ON g.id = pg.group_id WHERE g.ap_id = '{closed_uri}'"
        ))
        .await;
    assert_eq!(filed, 0);
    let in_community = app
        .count(&format!(
            "statuses s JOIN actors g ON g.id = s.group_id WHERE g.ap_id = '{closed_uri}'"
        ))
        .await;
    assert_eq!(in_community, 0);
}

/// With private addresses refused (production), nothing this server does on
/// anyone's word reaches a loopback listener: searches, mentions, relay
/// subscriptions, the remote-follow page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_production_no_request_reaches_a_loopback_listener() {
    let app = TestApp::builder()
        .with("federation.allow_private_addresses", false)
        .spawn()
        .await;
    let ada = crate::linked::admin(&app, "ada").await;
    app.create_user("ilaria").await;
    let listener = FakeServer::start().await;
    let person = listener.person("inside");
    let port = listener.host.rsplit(':').next().unwrap().to_owned();
    for query in [
        person["id"].as_str().unwrap().to_owned(),
        format!("http://127.0.0.1:{port}/users/inside"),
        format!("https://127.0.0.1:{port}/users/inside"),
        format!("@inside@{}", listener.host),
        format!("@inside@127.0.0.1:{port}"),
    ] {
        let (status, found) = ada
            .get(&format!(
                "/api/v2/search?q={}&resolve=true",
                crate::federation::urlencode(&query)
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "{query}");
        assert_eq!(found["accounts"], json!([]), "{query}: {found}");
    }
    ada.post_status(json!({"status": format!("Hello @inside@{}", listener.host)}))
        .await;
    for relay in [
        format!("http://127.0.0.1:{port}/inbox"),
        format!("https://127.0.0.1:{port}/inbox"),
        format!("https://localhost:{port}/inbox"),
    ] {
        let (status, _) = ada
            .post("/api/fucina/v1/admin/federation/relay", json!({"domain": relay}))
            .await;
        assert!(status.is_client_error(), "{relay}: {status}");
    }
    let visitor = app.browser();
    let page = visitor
        .get(&format!(
            "/remote_follow?acct=ilaria&handle={}",
            crate::federation::urlencode(&format!("inside@{}", listener.host))
        ))
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Give any stray delivery the time the queue takes, then look.
    tokio::time::timeout(std::time::Duration::from_secs(3), async {
        loop {
            if app.count("deliveries").await == 0 && app.count("jobs").await == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    })
    .await
    .ok();
    assert!(listener.requested().is_empty(), "{:?}", listener.requested());
}
