//! Linked instances and federation policy, with real instances: linking and
//! what flows over a link, linked-only mode against an unlinked third
//! instance, unlinking, suspending and silencing, and a relay's handshake.

use fucina::domain::account::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::TestApp;
use crate::common::remote::FakeServer;
use crate::federation::Client;
use crate::proposals::{create, eventually, proposal_body, theme_id};

pub(crate) async fn admin<'a>(app: &'a TestApp, username: &str) -> Client<'a> {
    app.create_user_with_role(username, Role::Admin).await;
    let token = app
        .token_for(username, "read write follow admin:read admin:write")
        .await;
    Client {
        app,
        token,
        username: username.to_owned(),
    }
}

pub(crate) async fn policy(admin: &Client<'_>, action: &str, body: Value) -> Value {
    let (status, answer) = admin
        .post(&format!("/api/fucina/v1/admin/federation/{action}"), body)
        .await;
    assert_eq!(status, StatusCode::OK, "{action}: {answer}");
    answer
}

pub(crate) async fn link_state(admin: &Client<'_>, domain: &str) -> Option<String> {
    let (_, current) = admin.get("/api/fucina/v1/admin/federation").await;
    current["links"]
        .as_array()?
        .iter()
        .find(|l| l["domain"] == domain)
        .and_then(|l| l["state"].as_str().map(str::to_owned))
}

/// A proposal published at once in `author`'s agri-food theme.
async fn publish(author: &Client<'_>, title: &str) -> Value {
    let group = theme_id(author, "agrifood").await;
    let mut body = proposal_body(&group);
    body["title"] = json!(title);
    body["submit"] = json!(true);
    let proposal = create(author, body).await;
    assert_eq!(proposal["state"], "open");
    proposal
}

const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// A fake relay's actor (`Application` for LitePub's, `Service` for Mastodon's).
pub(crate) fn serve_relay_actor(relay: &FakeServer, kind: &str) -> String {
    let relay_id = relay.url("/actor");
    relay.serve(
        "/actor",
        json!({
            "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
            "id": relay_id, "type": kind, "preferredUsername": "relay",
            "inbox": relay.url("/inbox"), "followers": relay.url("/followers"),
            "publicKey": {"id": format!("{relay_id}#main-key"), "owner": relay_id, "publicKeyPem": relay.public_key_pem},
        }),
    );
    relay_id
}

/// A public note by a person of `server`, served at `path`; its id.
fn serve_public_note(server: &FakeServer, path: &str, html: &str) -> String {
    let author = server.person("poster");
    let note_id = server.url(path);
    server.serve(
        path,
        json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": note_id, "type": "Note", "attributedTo": author["id"],
            "content": html, "published": "2026-11-26T10:00:00Z",
            "to": [PUBLIC], "cc": [],
        }),
    );
    note_id
}

/// The relay's `Announce` of another server's post, signed by the relay.
pub(crate) async fn relay_announces(relay: &FakeServer, to: &TestApp, n: u32, object: &str) -> StatusCode {
    let relay_id = relay.url("/actor");
    let announce = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": relay.url(&format!("/activities/announce-{n}")), "type": "Announce", "actor": relay_id,
        "object": object, "to": [relay.url("/followers")],
    });
    relay
        .post_signed(&to.url("/inbox"), &format!("{relay_id}#main-key"), &announce)
        .await
        .status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn linked_instances_see_each_others_proposals_and_an_unlinked_one_gets_nothing() {
    let a = crate::proposals::themed().spawn().await;
    let b = crate::proposals::themed().spawn().await;
    let c = TestApp::spawn().await;
    let ada = admin(&a, "ada").await;
    let bob = admin(&b, "bob").await;
    let anna = Client::new(&a, "anna").await;
    let bea = Client::new(&b, "bea").await;
    let carla = Client::new(&c, "carla").await;

    // A links B: pending until B links back, which accepts.
    let answer = policy(&ada, "link", json!({"domain": b.domain})).await;
    assert_eq!(answer["links"][0]["state"], "pending", "{answer}");
    eventually("B sees A's request", || async {
        link_state(&bob, &a.domain).await.as_deref() == Some("requested")
    })
    .await;
    policy(&bob, "link", json!({"domain": a.domain})).await;
    eventually("both sides are linked", || async {
        link_state(&ada, &b.domain).await.as_deref() == Some("linked")
            && link_state(&bob, &a.domain).await.as_deref() == Some("linked")
    })
    .await;

    // A proposal published on B reaches A's linked feed and A's agri-food theme.
    let proposal = publish(&bea, "Cold chain sensors for dairies").await;
    let uri = proposal["uri"].as_str().unwrap().to_owned();
    eventually("the proposal reaches A's linked feed", || async {
        let (_, feed) = anna.get("/api/fucina/v1/timelines/linked").await;
        feed.as_array()
            .is_some_and(|f| f.iter().any(|s| s["uri"] == uri.as_str()))
    })
    .await;
    let agrifood_on_a = theme_id(&anna, "agrifood").await;
    let (_, listed) = anna
        .get(&format!("/api/fucina/v1/proposals?group_id={agrifood_on_a}"))
        .await;
    assert!(
        listed.as_array().unwrap().iter().any(|p| p["uri"] == uri.as_str()),
        "B's proposal is filed under A's agri-food theme: {listed}"
    );
    let feed_page = a.browser().get("/linked").await;
    assert!(
        feed_page.contains("Cold chain sensors for dairies"),
        "{}",
        feed_page.body
    );
    assert!(feed_page.contains(&b.domain), "the page names the linked instance");
    let theme_page = a.browser().get("/@agrifood").await;
    assert!(
        theme_page.contains("Cold chain sensors for dairies"),
        "{}",
        theme_page.body
    );
    // The proposals page filters by instance, offering the linked ones.
    let from_b = a.browser().get(&format!("/proposals?instance={}", b.domain)).await;
    assert!(from_b.contains("Cold chain sensors for dairies"), "{}", from_b.body);
    assert!(
        from_b.contains(&format!("<option value=\"{}\">", b.domain)),
        "{}",
        from_b.body
    );
    let local_only = a.browser().get("/proposals?instance=local").await;
    assert!(!local_only.contains("Cold chain sensors for dairies"));

    // So does a public discussion started in B's agri-food theme: on A's
    // agri-food theme (API and page), not in A's theme's own outbox.
    let agrifood_on_b = theme_id(&bea, "agrifood").await;
    let thread = bea
        .post_status(json!({"status": "Who measures soil moisture at scale?", "title": "Soil sensing", "group_id": agrifood_on_b, "visibility": "public"}))
        .await;
    let thread_uri = thread["uri"].as_str().unwrap().to_owned();
    eventually("the discussion reaches A's agri-food theme", || async {
        let (_, listed) = anna
            .get(&format!("/api/fucina/v1/groups/{agrifood_on_a}/statuses"))
            .await;
        listed
            .as_array()
            .is_some_and(|l| l.iter().any(|s| s["uri"] == thread_uri.as_str()))
    })
    .await;
    let theme_page = a.browser().get("/@agrifood").await;
    assert!(theme_page.contains("Soil sensing"), "{}", theme_page.body);
    let health_on_a = theme_id(&anna, "health").await;
    let (_, health) = anna.get(&format!("/api/fucina/v1/groups/{health_on_a}/statuses")).await;
    assert_eq!(health, json!([]), "only the matching theme");
    let outbox = a
        .client()
        .get(a.url("/users/agrifood/outbox"))
        .header("Accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !outbox.contains(&thread_uri),
        "A's theme does not pass B's post on as its own: {outbox}"
    );

    // The directory lists B, with what B's NodeInfo says (read by a background job).
    eventually("B's NodeInfo is read", || async {
        anna.get("/api/fucina/v1/directory").await.1[0]["users"] == 2
    })
    .await;
    let (_, directory) = anna.get("/api/fucina/v1/directory").await;
    assert_eq!(directory[0]["domain"], b.domain.as_str(), "{directory}");
    assert_eq!(directory[0]["open_proposals"], 1);
    assert_eq!(directory[0]["users"], 2, "from B's NodeInfo: {directory}");
    assert_eq!(directory[0]["languages"], json!(["en", "it"]));
    assert!(
        directory[0]["themes"].as_array().unwrap().len() >= 8,
        "B's eight default themes: {directory}"
    );
    let directory_page = a.browser().get("/directory").await;
    assert!(directory_page.contains(&b.domain), "{}", directory_page.body);
    assert!(directory_page.contains("one open proposal"), "{}", directory_page.body);

    // Carla, on C, follows Anna while A is open.
    let anna_on_c = carla.follow(&anna.handle()).await;
    let anna_on_c_id = anna_on_c["id"].as_str().unwrap().to_owned();
    eventually("Carla follows Anna", || async {
        carla.relationship(&anna_on_c_id).await["following"] == true
    })
    .await;

    // A goes linked-only: C's inbox posts are refused and store nothing…
    policy(&ada, "mode", json!({"mode": "linked-only"})).await;
    let stranger = FakeServer::start().await;
    let person = stranger.person("sam");
    let actors_before = a.count("actors").await;
    let follow = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": stranger.url("/follows/1"), "type": "Follow",
        "actor": person["id"], "object": a.url("/users/anna"),
    });
    let refused = stranger
        .post_signed(
            &a.url("/users/anna/inbox"),
            &format!("{}#main-key", person["id"].as_str().unwrap()),
            &follow,
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(a.count("actors").await, actors_before, "nothing of C's is stored");
    // …their fetches too (signed or not)…
    let fetch = stranger
        .get_signed(
            &a.url("/users/anna"),
            &format!("{}#main-key", person["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(fetch.status(), StatusCode::FORBIDDEN);
    // …and A delivers nothing to C, while B (linked) still fetches.
    let (status, _) = anna
        .post(
            "/api/v1/statuses",
            json!({"status": "Only for linked regions now", "visibility": "public"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let c_host = c.domain.clone();
    eventually("A settles its delivery to C as refused", || async {
        a.count(&format!("deliveries WHERE host = '{c_host}' AND state = 'pending'"))
            .await
            == 0
    })
    .await;
    assert!(
        carla.home().await.iter().all(|s| !s["content"]
            .as_str()
            .unwrap_or_default()
            .contains("Only for linked regions")),
        "C received nothing"
    );
    let second = publish(&bea, "Shared irrigation data").await;
    let second_uri = second["uri"].as_str().unwrap().to_owned();
    eventually("the linked flow goes on in linked-only mode", || async {
        let (_, feed) = anna.get("/api/fucina/v1/timelines/linked").await;
        feed.as_array()
            .is_some_and(|f| f.iter().any(|s| s["uri"] == second_uri.as_str()))
    })
    .await;

    // Unlinking stops the flow: B no longer announces to A.
    policy(&ada, "unlink", json!({"domain": b.domain})).await;
    eventually("B learns of the unlinking", || async {
        link_state(&bob, &a.domain).await.as_deref() != Some("linked")
    })
    .await;
    let a_host = a.domain.clone();
    let before = b.count(&format!("deliveries WHERE host = '{a_host}'")).await;
    publish(&bea, "A third proposal, not for A").await;
    assert_eq!(
        b.count(&format!("deliveries WHERE host = '{a_host}'")).await,
        before,
        "nothing is sent to A after unlinking"
    );
    // Every change is in A's log.
    let (_, current) = ada.get("/api/fucina/v1/admin/federation").await;
    let actions: Vec<&str> = current["log"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for action in ["link", "link_established", "federation_mode_linked-only", "unlink"] {
        assert!(actions.contains(&action), "{action} is logged: {actions:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_suspended_instance_is_refused_and_its_cached_content_is_gone_and_a_silenced_one_is_kept_out_of_public_feeds()
{
    let a = TestApp::spawn().await;
    let b = TestApp::spawn().await;
    let ada = admin(&a, "ada").await;
    let anna = Client::new(&a, "anna").await;
    let ben = Client::new(&b, "ben").await;
    let ben_on_a = anna.follow(&ben.handle()).await;
    let ben_id = ben_on_a["id"].as_str().unwrap().to_owned();
    eventually("Anna follows Ben", || async {
        anna.relationship(&ben_id).await["following"] == true
    })
    .await;
    let post = ben
        .post_status(json!({"status": "Greetings from B", "visibility": "public"}))
        .await;
    let uri = post["uri"].as_str().unwrap().to_owned();
    eventually("Ben's post reaches A", || async {
        anna.home().await.iter().any(|s| s["uri"] == uri.as_str())
    })
    .await;

    // Silenced: still in Anna's home, not in the public timeline.
    policy(&ada, "block", json!({"domain": b.domain, "severity": "silence"})).await;
    let (_, public) = anna.get("/api/v1/timelines/public").await;
    assert!(public.as_array().unwrap().iter().all(|s| s["uri"] != uri.as_str()));
    assert!(anna.home().await.iter().any(|s| s["uri"] == uri.as_str()));

    // Suspended: the cached post and the follow are gone, and B is refused.
    policy(&ada, "block", json!({"domain": b.domain, "reason": "spam"})).await;
    let b_host = b.domain.clone();
    assert_eq!(
        a.count(&format!(
            "statuses WHERE actor_id IN (SELECT id FROM actors WHERE domain = '{b_host}')"
        ))
        .await,
        0
    );
    assert_eq!(
        a.count(&format!(
            "follows WHERE followed_id IN (SELECT id FROM actors WHERE domain = '{b_host}')"
        ))
        .await,
        0
    );
    assert!(anna.home().await.iter().all(|s| s["uri"] != uri.as_str()));
    let before = a.count("statuses").await;
    ben.post_status(json!({"status": "Anyone there?", "visibility": "public"}))
        .await;
    eventually("B's delivery to A is refused", || async {
        b.count("deliveries WHERE state = 'dead'").await >= 1
    })
    .await;
    assert_eq!(a.count("statuses").await, before, "nothing from B is stored");
    let (_, current) = ada.get("/api/fucina/v1/admin/federation").await;
    assert_eq!(current["blocks"][0]["severity"], "suspend");
    assert_eq!(current["log"][0]["action"], "instance_suspend");
    assert_eq!(current["log"][0]["reason"], "spam");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_subscription_is_a_follow_its_announces_reach_the_public_timeline_and_unsubscribing_is_an_undo() {
    let a = TestApp::spawn().await;
    let ada = admin(&a, "ada").await;
    let relay = FakeServer::start().await;
    let relay_id = serve_relay_actor(&relay, "Application");
    let answer = policy(&ada, "relay", json!({"domain": relay.host})).await;
    assert_eq!(answer["links"][0]["kind"], "relay", "{answer}");
    eventually("the relay receives our Follow", || async {
        relay.received().iter().any(|d| d.body["type"] == "Follow")
    })
    .await;
    let follow = relay
        .received()
        .into_iter()
        .find(|d| d.body["type"] == "Follow")
        .unwrap()
        .body;
    assert_eq!(follow["object"], relay_id.as_str());
    assert_eq!(follow["actor"], a.url("/actor"));

    // The relay accepts, as LitePub relays do.
    let accept = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": relay.url("/activities/accept-1"), "type": "Accept", "actor": relay_id,
        "object": {"id": follow["id"], "type": "Follow", "actor": follow["actor"], "object": relay_id},
        "to": [follow["actor"]],
    });
    let key = format!("{relay_id}#main-key");
    let accepted = relay.post_signed(&a.url("/inbox"), &key, &accept).await;
    assert!(accepted.status().is_success(), "{}", accepted.status());
    let (_, current) = ada.get("/api/fucina/v1/admin/federation").await;
    assert_eq!(current["links"][0]["state"], "subscribed", "{current}");

    // Our public posts are announced to it by our instance actor.
    let ours = ada
        .post_status(json!({"status": "Relay this one", "visibility": "public"}))
        .await;
    eventually("the relay receives our Announce", || async {
        relay
            .received()
            .iter()
            .any(|d| d.body["type"] == "Announce" && d.body["object"] == ours["uri"])
    })
    .await;
    let announced = relay
        .received()
        .into_iter()
        .find(|d| d.body["type"] == "Announce")
        .unwrap()
        .body;
    assert_eq!(announced["actor"], a.url("/actor"));

    // It announces another server's public post: stored, in the public
    // timeline, not in the linked feed.
    let note_id = serve_public_note(&relay, "/notes/1", "<p>Relayed hello</p>");
    let relayed = relay_announces(&relay, &a, 1, &note_id).await;
    assert!(relayed.is_success(), "{relayed}");
    let (_, public) = ada.get("/api/v1/timelines/public").await;
    assert!(
        public.as_array().unwrap().iter().any(|s| s["uri"] == note_id.as_str()),
        "{public}"
    );
    let (_, linked) = ada.get("/api/fucina/v1/timelines/linked").await;
    assert_eq!(linked, json!([]));

    // Unsubscribing sends an Undo of the Follow.
    policy(&ada, "unlink", json!({"domain": relay.host})).await;
    eventually("the relay receives the Undo", || async {
        relay
            .received()
            .iter()
            .any(|d| d.body["type"] == "Undo" && d.body["object"]["id"] == follow["id"])
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mastodon_style_relay_is_subscribed_at_its_inbox_and_receives_our_public_posts_as_creates() {
    let a = TestApp::spawn().await;
    let ada = admin(&a, "ada").await;
    let anna = Client::new(&a, "anna").await;
    let relay = FakeServer::start().await;
    let relay_id = serve_relay_actor(&relay, "Service");
    // Subscribed by its inbox, as Mastodon's relay settings ask: a Follow of
    // the public collection, sent there.
    let answer = policy(&ada, "relay", json!({"domain": relay.url("/inbox")})).await;
    assert_eq!(answer["links"][0]["kind"], "relay", "{answer}");
    assert_eq!(answer["links"][0]["relay_inbox"], relay.url("/inbox"), "{answer}");
    assert_eq!(answer["links"][0]["state"], "pending", "{answer}");
    eventually("the relay receives our Follow", || async {
        relay.received().iter().any(|d| d.body["type"] == "Follow")
    })
    .await;
    let delivered = relay
        .received()
        .into_iter()
        .find(|d| d.body["type"] == "Follow")
        .unwrap();
    assert_eq!(delivered.path, "/inbox");
    let follow = delivered.body;
    assert_eq!(follow["object"], PUBLIC);
    assert_eq!(follow["actor"], a.url("/actor"));

    // The relay accepts, as Mastodon's relays do; its actor is learnt from that.
    let key = format!("{relay_id}#main-key");
    let accept = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": relay.url("/activities/accept-1"), "type": "Accept", "actor": relay_id,
        "object": {"id": follow["id"], "type": "Follow", "actor": follow["actor"], "object": PUBLIC},
        "to": [follow["actor"]],
    });
    let accepted = relay.post_signed(&a.url("/inbox"), &key, &accept).await;
    assert!(accepted.status().is_success(), "{}", accepted.status());
    let (_, current) = ada.get("/api/fucina/v1/admin/federation").await;
    assert_eq!(current["links"][0]["state"], "subscribed", "{current}");
    let browser = a.browser();
    browser.log_in("ada", crate::common::PASSWORD).await;
    let admin_page = browser.get("/admin/federation").await;
    assert!(admin_page.contains(&relay.url("/inbox")), "{}", admin_page.body);

    // Our public posts reach it as their Create, signed by their author; a
    // followers-only one does not.
    anna.post_status(json!({"status": "Only for my followers", "visibility": "private"}))
        .await;
    anna.post_status(json!({"status": "Relay this, please", "visibility": "public"}))
        .await;
    eventually("the relay receives the public post", || async {
        relay
            .received()
            .iter()
            .any(|d| d.body["type"] == "Create" && d.body["object"]["content"].to_string().contains("Relay this"))
    })
    .await;
    let create = relay
        .received()
        .into_iter()
        .find(|d| d.body["type"] == "Create")
        .unwrap();
    assert_eq!(create.path, "/inbox");
    assert_eq!(create.body["actor"], a.url("/users/anna"));
    let signature = create.headers["signature"].to_str().unwrap().to_owned();
    assert!(signature.contains("/users/anna#main-key"), "{signature}");
    assert!(
        !relay
            .received()
            .iter()
            .any(|d| d.body.to_string().contains("Only for my followers")),
        "a followers-only post never goes to a relay"
    );

    // What it announces goes to the public timeline.
    let note_id = serve_public_note(&relay, "/notes/2", "<p>From far away</p>");
    let relayed = relay_announces(&relay, &a, 2, &note_id).await;
    assert!(relayed.is_success(), "{relayed}");
    let (_, public) = anna.get("/api/v1/timelines/public").await;
    assert!(
        public.as_array().unwrap().iter().any(|s| s["uri"] == note_id.as_str()),
        "{public}"
    );
    let (_, home) = anna.get("/api/v1/timelines/home").await;
    assert!(
        home.as_array().unwrap().iter().all(|s| s["uri"] != note_id.as_str()),
        "not in home feeds: {home}"
    );

    // In linked-only mode, what it relays from unlinked servers is dropped.
    policy(&ada, "mode", json!({"mode": "linked-only"})).await;
    let elsewhere = FakeServer::start().await;
    let far_note = serve_public_note(&elsewhere, "/notes/3", "<p>Not for linked-only instances</p>");
    let relayed = relay_announces(&relay, &a, 3, &far_note).await;
    assert!(relayed.is_success(), "{relayed}");
    assert_eq!(a.count(&format!("statuses WHERE ap_id = '{far_note}'")).await, 0);
    assert_eq!(a.count(&format!("actors WHERE domain = '{}'", elsewhere.host)).await, 0);

    // Unsubscribing sends the Undo to the same inbox.
    policy(&ada, "unlink", json!({"domain": relay.host})).await;
    eventually("the relay receives the Undo", || async {
        relay
            .received()
            .iter()
            .any(|d| d.path == "/inbox" && d.body["type"] == "Undo" && d.body["object"]["id"] == follow["id"])
    })
    .await;
    let undo = relay
        .received()
        .into_iter()
        .find(|d| d.body["type"] == "Undo")
        .unwrap()
        .body;
    assert_eq!(undo["object"]["object"], PUBLIC);
}

#[tokio::test]
async fn only_administrators_change_the_policy_and_bad_domains_are_refused() {
    let a = TestApp::spawn().await;
    let ada = admin(&a, "ada").await;
    let anna = Client::new(&a, "anna").await;
    let (status, _) = anna
        .post("/api/fucina/v1/admin/federation/mode", json!({"mode": "linked-only"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for domain in ["not a domain", "b.example/users/x", a.domain.as_str()] {
        let (status, error) = ada
            .post("/api/fucina/v1/admin/federation/link", json!({"domain": domain}))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{domain}: {error}");
    }
    let (status, _) = ada
        .post("/api/fucina/v1/admin/federation/mode", json!({"mode": "closed"}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, current) = ada.get("/api/fucina/v1/admin/federation").await;
    assert_eq!(current["mode"], "open");
    assert_eq!(current["links"], json!([]));

    // The admin page: a refused domain is explained, the mode changes, in Italian too.
    let browser = a.browser();
    browser.log_in("ada", crate::common::PASSWORD).await;
    assert_eq!(browser.get("/admin/federation").await.status, StatusCode::OK);
    let refused = browser
        .post("/admin/federation/link", &[("domain", "not a domain")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("Give a domain"), "{}", refused.body);
    let changed = browser.post("/admin/federation/mode", &[("mode", "linked-only")]).await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    let page = browser.follow(&changed).await;
    assert!(page.contains("value=\"linked-only\" checked"), "{}", page.body);
    assert!(page.contains("federation_mode_linked-only"), "the change is in the log");
    let (_, current) = ada.get("/api/fucina/v1/admin/federation").await;
    assert_eq!(current["mode"], "linked-only");
    let anna_page = {
        let browser = a.browser();
        browser.log_in("anna", crate::common::PASSWORD).await;
        browser.get("/admin/federation").await
    };
    assert_eq!(anna_page.status, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instance_that_accepts_links_automatically_links_back_and_a_mapped_theme_receives_the_proposals() {
    let a = crate::proposals::themed().spawn().await;
    let b = crate::proposals::themed()
        .with("federation.accept_links", "automatic")
        .spawn()
        .await;
    let ada = admin(&a, "ada").await;
    let bob = admin(&b, "bob").await;
    let anna = Client::new(&a, "anna").await;
    let bea = Client::new(&b, "bea").await;
    // A files B's agri-food proposals under its own health theme.
    policy(
        &ada,
        "map_theme",
        json!({"domain": b.domain, "remote_key": "agrifood", "local_key": "health"}),
    )
    .await;
    policy(&ada, "link", json!({"domain": b.domain})).await;
    eventually("B accepts and links back by itself", || async {
        link_state(&ada, &b.domain).await.as_deref() == Some("linked")
            && link_state(&bob, &a.domain).await.as_deref() == Some("linked")
    })
    .await;
    let proposal = publish(&bea, "Precision dairy feeding").await;
    let uri = proposal["uri"].as_str().unwrap().to_owned();
    let health = theme_id(&anna, "health").await;
    eventually("the proposal is filed under A's health theme", || async {
        let (_, listed) = anna.get(&format!("/api/fucina/v1/proposals?group_id={health}")).await;
        listed
            .as_array()
            .is_some_and(|l| l.iter().any(|p| p["uri"] == uri.as_str()))
    })
    .await;
    let agrifood = theme_id(&anna, "agrifood").await;
    let (_, listed) = anna.get(&format!("/api/fucina/v1/proposals?group_id={agrifood}")).await;
    assert!(
        listed.as_array().unwrap().iter().all(|p| p["uri"] != uri.as_str()),
        "the mapping replaces the same-key theme: {listed}"
    );
    // Discussions follow the mapping too.
    let agrifood_on_b = theme_id(&bea, "agrifood").await;
    let thread = bea
        .post_status(json!({"status": "Feed rations by sensor?", "title": "Rations", "group_id": agrifood_on_b, "visibility": "public"}))
        .await;
    let thread_uri = thread["uri"].as_str().unwrap().to_owned();
    eventually("the discussion is on A's health theme", || async {
        let (_, listed) = anna.get(&format!("/api/fucina/v1/groups/{health}/statuses")).await;
        listed
            .as_array()
            .is_some_and(|l| l.iter().any(|s| s["uri"] == thread_uri.as_str()))
    })
    .await;
    let (_, listed) = anna.get(&format!("/api/fucina/v1/groups/{agrifood}/statuses")).await;
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["uri"] != thread_uri.as_str()),
        "{listed}"
    );
}
