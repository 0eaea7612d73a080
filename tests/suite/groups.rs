//! Themes and communities, through the API and the pages, on one instance and
//! across three: joining by each join mode, posting rules, moderation that
//! reaches every member's server, and members-only content that stays inside.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{PASSWORD, TestApp, schema, wait_until};
use crate::federation::Client;

const WAIT: Duration = Duration::from_secs(20);

async fn eventually<F, Fut>(what: &str, condition: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    assert!(wait_until(WAIT, condition).await, "timed out waiting until {what}");
}

/// Creates a community through the API and returns it.
async fn community(owner: &Client<'_>, name: &str, join_mode: &str) -> Value {
    let (status, group) = owner
        .post(
            "/api/fucina/v1/groups",
            json!({"name": name, "title": format!("The {name} community"), "description": "Makers of things", "join_mode": join_mode}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{group}");
    group
}

/// How many likes a status has, as `client`'s server counts them.
async fn favourites(client: &Client<'_>, id: &str) -> i64 {
    client.get(&format!("/api/v1/statuses/{id}")).await.1["favourites_count"]
        .as_i64()
        .unwrap_or(-1)
}

pub fn activity_json(app: &TestApp, path: &str) -> reqwest::RequestBuilder {
    app.client()
        .get(app.url(path))
        .header("accept", "application/activity+json")
}

#[tokio::test]
async fn the_eight_themes_are_created_at_start_translated_and_published_as_groups() {
    let app = TestApp::builder().with("themes.create_defaults", true).spawn().await;
    let (status, themes) = {
        let response = app.client().get(app.url("/api/fucina/v1/groups")).send().await.unwrap();
        (response.status(), response.json::<Value>().await.unwrap())
    };
    assert_eq!(status, StatusCode::OK);
    let themes = themes.as_array().unwrap();
    assert_eq!(themes.len(), 8, "{themes:?}");
    let health = themes.iter().find(|t| t["theme_key"] == "health").unwrap();
    assert_eq!(health["kind"], "theme");
    assert_eq!(health["names"]["en"], "Health");
    assert_eq!(health["names"]["it"], "Salute");
    assert_eq!(health["join_mode"], "open");

    // Each theme is a Group actor, found by WebFinger, with Lemmy's and Fucina's terms.
    let finger: Value = app
        .client()
        .get(app.url(&format!("/.well-known/webfinger?resource=acct:health@{}", app.domain)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = finger["links"][0]["href"].as_str().unwrap().to_owned();
    let actor: Value = activity_json(&app, url::Url::parse(&id).unwrap().path())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(actor["type"], "Group");
    assert_eq!(actor["groupKind"], "theme");
    assert_eq!(actor["themeKey"], "health");
    assert_eq!(actor["attributedTo"], format!("{id}/moderators"));
    assert_eq!(actor["featured"], format!("{id}/featured"));
    assert_eq!(actor["postingRestrictedToMods"], false);
    assert!(
        actor["icon"]["url"]
            .as_str()
            .unwrap()
            .ends_with("/static/themes/health.png")
    );
    let icon = app
        .client()
        .get(actor["icon"]["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(icon.headers()["content-type"], "image/png");
    let moderators: Value = activity_json(&app, "/users/health/moderators")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(moderators["type"], "OrderedCollection");

    // In Mastodon's API, a theme is an account that is a group.
    let (_, account) = Client::new(&app, "alice")
        .await
        .get("/api/v1/accounts/lookup?acct=health")
        .await;
    schema::assert_matches("Account", &account);
    assert_eq!(account["group"], true);

    // A restart does not make them twice.
    let mut app = app;
    app.stop().await;
    app.restart().await;
    assert_eq!(app.count("groups WHERE kind = 'theme'").await, 8);

    // The directory shows them in Italian to Italian readers.
    let page = app
        .client()
        .get(app.url("/themes"))
        .header("accept-language", "it")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Mobilità sostenibile"), "{page}");
}

#[tokio::test]
async fn a_community_is_validated_and_its_creator_manages_it() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;

    for (body, field) in [
        (json!({"name": "x", "title": "Tiny", "join_mode": "open"}), "name"),
        (
            json!({"name": "valid_name", "title": "  ", "join_mode": "open"}),
            "title",
        ),
        (
            json!({"name": "valid_name", "title": "Fine", "join_mode": "sometimes"}),
            "join_mode",
        ),
        (json!({"name": "alice", "title": "Taken", "join_mode": "open"}), "name"),
    ] {
        let (status, error) = alice.post("/api/fucina/v1/groups", body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {error}");
        assert!(error["details"][field].is_array(), "{body}: {error}");
    }
    assert_eq!(app.count("groups").await, 0, "refused communities leave nothing behind");

    let group = community(&alice, "drone_lab", "open").await;
    assert_eq!(group["kind"], "community");
    assert_eq!(group["membership"]["member"], true);
    assert_eq!(group["membership"]["role"], "manager");
    assert_eq!(group["members_count"], 1);

    // The manager changes the settings; a plain member may not.
    let id = group["id"].as_str().unwrap().to_owned();
    let (status, updated) = alice
        .patch(
            &format!("/api/fucina/v1/groups/{id}"),
            json!({"join_mode": "approval", "title": "Drone lab"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["join_mode"], "approval");
    assert_eq!(updated["name"], "Drone lab");
    let bob = Client::new(&app, "bob").await;
    let (status, _) = bob
        .patch(&format!("/api/fucina/v1/groups/{id}"), json!({"join_mode": "open"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, log) = alice.get(&format!("/api/fucina/v1/groups/{id}/log")).await;
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["edit", "create"]);
}

#[tokio::test]
async fn joining_follows_the_join_mode_and_bans_keep_people_out() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;
    let bob = Client::new(&app, "bob").await;
    let carol = Client::new(&app, "carol").await;

    // Open: in at once.
    let open = community(&alice, "open_lab", "open").await;
    let open_id = open["id"].as_str().unwrap().to_owned();
    let (status, joined) = bob
        .post(&format!("/api/fucina/v1/groups/{open_id}/join"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{joined}");
    assert_eq!(joined["membership"]["member"], true);

    // Approval: a request, the staff told, a moderator decides.
    let approval = community(&alice, "review_lab", "approval").await;
    let approval_id = approval["id"].as_str().unwrap().to_owned();
    let (_, asked) = bob
        .post(&format!("/api/fucina/v1/groups/{approval_id}/join"), json!({}))
        .await;
    assert_eq!(asked["membership"]["requested"], true);
    assert_eq!(asked["membership"]["member"], false);
    let (_, requested) = alice.get("/api/v1/notifications?types[]=group_request").await;
    assert_eq!(requested[0]["type"], "group_request", "{requested}");
    assert!(
        alice.notifications().await.iter().all(|n| n["type"] != "group_request"),
        "Mastodon apps do not get types they do not know"
    );
    let (_, requests) = alice
        .get(&format!("/api/fucina/v1/groups/{approval_id}/requests"))
        .await;
    let bob_id = requests[0]["id"].as_str().unwrap().to_owned();
    let (status, _) = carol
        .post(
            &format!("/api/fucina/v1/groups/{approval_id}/requests/{bob_id}/authorize"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only the staff decide");
    let (status, _) = alice
        .post(
            &format!("/api/fucina/v1/groups/{approval_id}/requests/{bob_id}/authorize"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, now) = bob.get(&format!("/api/fucina/v1/groups/{approval_id}")).await;
    assert_eq!(now["membership"]["member"], true);
    assert_eq!(now["members_count"], 2);

    // Invitation: refused until invited.
    let closed = community(&alice, "inner_circle", "invitation").await;
    let closed_id = closed["id"].as_str().unwrap().to_owned();
    let (status, refusal) = carol
        .post(&format!("/api/fucina/v1/groups/{closed_id}/join"), json!({}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refusal}");
    assert!(refusal["error"].as_str().unwrap().contains("invitation"), "{refusal}");
    let (_, me) = carol.get("/api/v1/accounts/verify_credentials").await;
    let carol_id = me["id"].as_str().unwrap().to_owned();
    let (status, _) = alice
        .post(
            &format!("/api/fucina/v1/groups/{closed_id}/invitations"),
            json!({"account_id": carol_id}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, invited) = carol.get("/api/v1/notifications?types[]=group_invitation").await;
    assert_eq!(invited[0]["type"], "group_invitation");
    let (_, joined) = carol
        .post(&format!("/api/fucina/v1/groups/{closed_id}/join"), json!({}))
        .await;
    assert_eq!(joined["membership"]["member"], true);

    // A ban ends the membership, and neither rejoining nor posting works.
    let (status, _) = alice
        .post(
            &format!("/api/fucina/v1/groups/{open_id}/bans"),
            json!({"account_id": bob_id, "reason": "spam"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, after) = bob.get(&format!("/api/fucina/v1/groups/{open_id}")).await;
    assert_eq!(after["membership"]["member"], false);
    let (status, _) = bob
        .post(&format!("/api/fucina/v1/groups/{open_id}/join"), json!({}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = bob
        .post(
            "/api/v1/statuses",
            json!({"status": "let me back", "group_id": open_id}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Staff cannot be banned.
    let (_, alice_me) = alice.get("/api/v1/accounts/verify_credentials").await;
    let (status, _) = alice
        .post(
            &format!("/api/fucina/v1/groups/{open_id}/bans"),
            json!({"account_id": alice_me["id"]}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, bans) = alice.get(&format!("/api/fucina/v1/groups/{open_id}/bans")).await;
    assert_eq!(bans.as_array().unwrap().len(), 1);
    let (status, _) = alice
        .delete(&format!("/api/fucina/v1/groups/{open_id}/bans/{bob_id}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = bob
        .post(&format!("/api/fucina/v1/groups/{open_id}/join"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "the lifted ban lets Bob back");
}

#[tokio::test]
async fn posting_rules_cover_members_locked_threads_news_and_pins() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;
    let bob = Client::new(&app, "bob").await;
    let carol = Client::new(&app, "carol").await;
    let group = community(&alice, "review_lab", "approval").await;
    let id = group["id"].as_str().unwrap().to_owned();

    // Not a member of an approval community: refused, nothing stored.
    let before = app.count("statuses").await;
    let (status, refusal) = bob
        .post("/api/v1/statuses", json!({"status": "hello?", "group_id": id}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refusal}");
    assert_eq!(app.count("statuses").await, before);

    // A member posts; the thread lists it; replies stay in the group.
    let thread = alice
        .post_status(json!({"status": "Which frame material?", "title": "Frames", "group_id": id}))
        .await;
    let thread_id = thread["id"].as_str().unwrap().to_owned();
    let (_, listed) = alice.get(&format!("/api/fucina/v1/groups/{id}/statuses")).await;
    assert_eq!(listed[0]["id"], thread_id);
    schema::assert_matches("Status", &listed[0]);
    let reply = alice
        .post_status(json!({"status": "Carbon, probably", "in_reply_to_id": thread_id}))
        .await;
    assert_eq!(
        app.count(&format!(
            "statuses WHERE id = {} AND group_id = {id}",
            reply["id"].as_str().unwrap()
        ))
        .await,
        1
    );

    // News are for the staff.
    let (_, bob_me) = bob.get("/api/v1/accounts/verify_credentials").await;
    alice
        .post(
            &format!("/api/fucina/v1/groups/{id}/invitations"),
            json!({"account_id": bob_me["id"]}),
        )
        .await;
    bob.post(&format!("/api/fucina/v1/groups/{id}/join"), json!({})).await;
    let (status, _) = bob
        .post(
            "/api/v1/statuses",
            json!({"status": "Big news", "title": "News", "group_id": id, "news": true}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    alice
        .post_status(json!({"status": "The lab opens on Monday", "title": "Opening", "group_id": id, "news": true}))
        .await;
    let (_, news) = bob
        .get(&format!("/api/fucina/v1/groups/{id}/statuses?section=news"))
        .await;
    assert_eq!(news.as_array().unwrap().len(), 1);
    assert!(
        news[0]["content"].as_str().unwrap().contains("The lab opens on Monday"),
        "{news}"
    );

    // A locked thread takes no replies; a pinned one comes first; only staff do either.
    let (status, _) = carol
        .post(
            &format!("/api/fucina/v1/statuses/{thread_id}/moderate"),
            json!({"action": "lock"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = alice
        .post(
            &format!("/api/fucina/v1/statuses/{thread_id}/moderate"),
            json!({"action": "lock", "reason": "settled"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, refusal) = bob
        .post(
            "/api/v1/statuses",
            json!({"status": "one more thing", "in_reply_to_id": thread_id}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refusal}");
    assert!(refusal["error"].as_str().unwrap().contains("locked"));
    let later = bob.post_status(json!({"status": "Motors?", "group_id": id})).await;
    let (_, first) = bob.get(&format!("/api/fucina/v1/groups/{id}/statuses")).await;
    assert_eq!(first[0]["id"], later["id"], "newest first");
    alice
        .post(
            &format!("/api/fucina/v1/statuses/{thread_id}/moderate"),
            json!({"action": "pin"}),
        )
        .await;
    let (_, pinned_first) = bob.get(&format!("/api/fucina/v1/groups/{id}/statuses")).await;
    assert_eq!(pinned_first[0]["id"], thread_id, "pinned first");
    let featured: Value = activity_json(&app, "/users/review_lab/featured")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(featured["orderedItems"][0]["id"], thread["uri"]);

    // Removal by a moderator: gone for everyone, and logged.
    let (status, _) = alice
        .post(
            &format!("/api/fucina/v1/statuses/{}/moderate", later["id"].as_str().unwrap()),
            json!({"action": "remove", "reason": "duplicate"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = bob
        .get(&format!("/api/v1/statuses/{}", later["id"].as_str().unwrap()))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, log) = alice.get(&format!("/api/fucina/v1/groups/{id}/log")).await;
    let remove = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "remove")
        .unwrap();
    assert_eq!(remove["reason"], "duplicate");
    assert_eq!(remove["target_account"]["username"], "bob");
    let (status, _) = alice
        .post(
            &format!("/api/fucina/v1/statuses/{thread_id}/moderate"),
            json!({"action": "explode"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn members_only_posts_never_reach_outsiders() {
    let a = TestApp::spawn().await;
    let other = TestApp::spawn().await;
    let alice = Client::new(&a, "alice").await;
    let bob = Client::new(&a, "bob").await;
    let group = community(&alice, "inner_circle", "invitation").await;
    let id = group["id"].as_str().unwrap().to_owned();
    let secret = alice
        .post_status(json!({"status": "Our budget is 40k", "group_id": id, "visibility": "public"}))
        .await;
    assert_eq!(
        secret["visibility"], "private",
        "a members-only group decides who reads"
    );
    let secret_id = secret["id"].as_str().unwrap();
    let uri = secret["uri"].as_str().unwrap();

    // Not to a local outsider, in the API or on the pages.
    let (status, _) = bob.get(&format!("/api/v1/statuses/{secret_id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, listed) = bob.get(&format!("/api/fucina/v1/groups/{id}/statuses")).await;
    assert_eq!(listed.as_array().unwrap().len(), 0);
    let page = a
        .client()
        .get(a.url("/@inner_circle"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("40k"));
    let (status, _) = bob.get(&format!("/api/fucina/v1/groups/{id}/members")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "members are hidden too");

    // Not to anonymous or signed fetches from servers without members.
    let path = url::Url::parse(uri).unwrap().path().to_owned();
    let anonymous = activity_json(&a, &path).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::NOT_FOUND);
    let carol = Client::new(&other, "carol").await;
    assert!(
        carol.resolve_status(uri).await.is_none(),
        "another server cannot fetch it"
    );
    let outbox: Value = activity_json(&a, "/users/inner_circle/outbox")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!outbox.to_string().contains("40k"));
    // The group delivered nothing: it has no members elsewhere.
    assert_eq!(a.count("deliveries").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_instances_share_a_community_and_its_moderation() {
    let hub = TestApp::spawn().await;
    let alpha = TestApp::spawn().await;
    let beta = TestApp::spawn().await;
    let host = Client::new(&hub, "hannah").await;
    let ana = Client::new(&alpha, "ana").await;
    let ben = Client::new(&beta, "ben").await;
    community(&host, "drone_lab", "open").await;
    let handle = format!("drone_lab@{}", hub.domain);

    // People on two other servers join by following the group.
    let on_alpha = ana.follow(&handle).await;
    assert_eq!(on_alpha["group"], true);
    let on_beta = ben.follow(&handle).await;
    let group_on_alpha = on_alpha["id"].as_str().unwrap().to_owned();
    let group_on_beta = on_beta["id"].as_str().unwrap().to_owned();
    eventually("both joins are accepted", || async {
        ana.relationship(&group_on_alpha).await["following"] == true
            && ben.relationship(&group_on_beta).await["following"] == true
    })
    .await;

    // Ana posts in the group from her server; the group passes it on to Ben's.
    let post = ana
        .post_status(json!({"status": "Test flight on Saturday, who comes?", "title": "Test flight", "group_id": group_on_alpha}))
        .await;
    let uri = post["uri"].as_str().unwrap().to_owned();
    eventually("the post reaches the group's server", || async {
        hub.count(&format!("statuses WHERE ap_id = '{uri}' AND group_id IS NOT NULL"))
            .await
            == 1
    })
    .await;
    eventually("the group passes it to Ben's home", || async {
        ben.home().await.iter().any(|s| s["uri"] == uri.as_str())
    })
    .await;
    let (_, on_beta_list) = ben
        .get(&format!("/api/fucina/v1/groups/{group_on_beta}/statuses"))
        .await;
    assert_eq!(
        on_beta_list[0]["uri"],
        uri.as_str(),
        "filed under the group on Ben's server too"
    );
    let post_on_beta = on_beta_list[0]["id"].as_str().unwrap().to_owned();

    // Ben replies from his server; the reply reaches Ana through the group.
    let reply = ben
        .post_status(json!({"status": "I'll bring a spare battery", "in_reply_to_id": post_on_beta}))
        .await;
    let reply_uri = reply["uri"].as_str().unwrap().to_owned();
    eventually("the reply reaches Ana's server", || async {
        alpha.count(&format!("statuses WHERE ap_id = '{reply_uri}'")).await == 1
    })
    .await;

    // Likes travel through the group: Ben's reaches the group's server (and
    // Ana's, directly); a like on the group's server reaches Ben's; so does
    // its undo. Each server counts each person once.
    let post_id = post["id"].as_str().unwrap().to_owned();
    let (status, _) = ben
        .post(&format!("/api/v1/statuses/{post_on_beta}/favourite"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let hub_group = hub_group_id(&hub).await;
    let (_, on_hub_list) = host.get(&format!("/api/fucina/v1/groups/{hub_group}/statuses")).await;
    let post_on_hub = on_hub_list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["uri"] == uri.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    eventually("Ben's like is counted on the group's and Ana's servers", || async {
        favourites(&host, &post_on_hub).await == 1 && favourites(&ana, &post_id).await == 1
    })
    .await;
    let (status, _) = host
        .post(&format!("/api/v1/statuses/{post_on_hub}/favourite"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    eventually("the group passes the like on to Ben's and Ana's servers", || async {
        favourites(&ben, &post_on_beta).await == 2 && favourites(&ana, &post_id).await == 2
    })
    .await;
    let (status, _) = host
        .post(&format!("/api/v1/statuses/{post_on_hub}/unfavourite"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    eventually("and its undo", || async {
        favourites(&ben, &post_on_beta).await == 1 && favourites(&ana, &post_id).await == 1
    })
    .await;
    assert_eq!(favourites(&host, &post_on_hub).await, 1, "Ben's like stays");

    // A moderator on the group's server removes Ana's post: every server drops it.
    let (_, on_hub) = host
        .get(&format!("/api/fucina/v1/groups/{}/statuses", hub_group_id(&hub).await))
        .await;
    let hub_post = on_hub
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["uri"] == uri.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _) = host
        .post(
            &format!("/api/fucina/v1/statuses/{hub_post}/moderate"),
            json!({"action": "remove", "reason": "unsafe"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    eventually("the removal reaches Ben's server", || async {
        beta.count(&format!("statuses WHERE ap_id = '{uri}' AND deleted_at IS NOT NULL"))
            .await
            == 1
    })
    .await;
    eventually("and Ana's own server", || async {
        alpha
            .count(&format!("statuses WHERE ap_id = '{uri}' AND deleted_at IS NOT NULL"))
            .await
            == 1
    })
    .await;
}

async fn hub_group_id(hub: &TestApp) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        actor_id: i64,
    }
    use diesel_async::RunQueryDsl;
    let mut conn = hub.db().await;
    let row: Id = diesel::sql_query("SELECT actor_id FROM groups LIMIT 1")
        .get_result(&mut conn)
        .await
        .unwrap();
    row.actor_id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remote_members_join_by_approval_or_invitation_and_read_members_only_posts() {
    let hub = TestApp::spawn().await;
    let away = TestApp::spawn().await;
    let host = Client::new(&hub, "hannah").await;
    let ben = Client::new(&away, "ben").await;
    let eve = Client::new(&away, "eve").await;
    let group = community(&host, "inner_circle", "invitation").await;
    let id = group["id"].as_str().unwrap().to_owned();

    // Uninvited, Ben's Follow is refused.
    let handle = format!("inner_circle@{}", hub.domain);
    let on_away = ben.follow(&handle).await;
    let group_on_away = on_away["id"].as_str().unwrap().to_owned();
    eventually("the group refuses the uninvited", || async {
        let r = ben.relationship(&group_on_away).await;
        r["following"] == false && r["requested"] == false
    })
    .await;

    // Invited from the group's server, Ben is told on his and joins.
    let ben_on_hub = host.resolve_account(&ben.handle()).await;
    let (status, _) = host
        .post(
            &format!("/api/fucina/v1/groups/{id}/invitations"),
            json!({"account_id": ben_on_hub["id"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    eventually("Ben is told of the invitation", || async {
        let (_, list) = ben.get("/api/v1/notifications?types[]=group_invitation").await;
        list.as_array().is_some_and(|l| !l.is_empty())
    })
    .await;
    let (status, _) = ben
        .post(&format!("/api/v1/accounts/{group_on_away}/follow"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    eventually("Ben is a member", || async {
        ben.relationship(&group_on_away).await["following"] == true
    })
    .await;

    // A members-only post reaches Ben, and no one else on his server.
    let secret = host
        .post_status(json!({"status": "Minutes of the closed meeting", "group_id": id}))
        .await;
    let uri = secret["uri"].as_str().unwrap().to_owned();
    eventually("the members-only post reaches Ben", || async {
        ben.home().await.iter().any(|s| s["uri"] == uri.as_str())
    })
    .await;
    let on_away = ben.home().await.into_iter().find(|s| s["uri"] == uri.as_str()).unwrap();
    assert_eq!(on_away["visibility"], "private");
    let (status, _) = eve
        .get(&format!("/api/v1/statuses/{}", on_away["id"].as_str().unwrap()))
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "Eve, on the same server, is not a member"
    );
    assert!(eve.home().await.iter().all(|s| s["uri"] != uri.as_str()));

    // By approval: Eve's request waits on the group's server until a moderator agrees.
    let review = community(&host, "review_lab", "approval").await;
    let review_id = review["id"].as_str().unwrap().to_owned();
    let review_on_away = eve.follow(&format!("review_lab@{}", hub.domain)).await;
    let review_on_away_id = review_on_away["id"].as_str().unwrap().to_owned();
    eventually("the request reaches the group's moderators", || async {
        let (_, requests) = host.get(&format!("/api/fucina/v1/groups/{review_id}/requests")).await;
        requests[0]["acct"] == eve.handle().as_str()
    })
    .await;
    let (_, requests) = host.get(&format!("/api/fucina/v1/groups/{review_id}/requests")).await;
    let eve_on_hub = requests[0].clone();
    assert_eq!(eve.relationship(&review_on_away_id).await["requested"], true);
    let (status, _) = host
        .post(
            &format!(
                "/api/fucina/v1/groups/{review_id}/requests/{}/authorize",
                eve_on_hub["id"].as_str().unwrap()
            ),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    eventually("Eve's server hears she is in", || async {
        eve.relationship(&review_on_away_id).await["following"] == true
    })
    .await;
}

#[tokio::test]
async fn the_group_pages_work_in_a_browser() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    app.create_user("bob").await;
    let alice = app.browser();
    alice.log_in("alice", PASSWORD).await;

    // A bad form comes back with the reason and what was typed.
    alice.get("/groups/new").await;
    let refused = alice
        .post(
            "/groups",
            &[("name", "x"), ("title", "Drone lab"), ("join_mode", "open")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("between 3 and 30"), "{}", refused.body);
    assert!(refused.contains("value=\"Drone lab\""));
    let created = alice
        .post(
            "/groups",
            &[
                ("name", "drone_lab"),
                ("title", "Drone lab"),
                ("join_mode", "open"),
                ("listed", "1"),
                ("languages", "en"),
                ("languages", "it"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);
    let page = alice.follow(&created).await;
    assert!(
        page.contains("Drone lab") && page.contains("/@drone_lab/manage"),
        "{}",
        page.body
    );

    // Posting from the group's page lands in the group.
    let id = page
        .body
        .split("name=\"group_id\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let posted = alice
        .post(
            "/compose",
            &[("status", "First flight logs"), ("title", "Logs"), ("group_id", &id)],
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER);
    let page = alice.follow(&posted).await;
    assert!(page.contains("First flight logs"), "{}", page.body);
    assert!(page.contains("/remove\""), "the manager sees the moderation buttons");

    // Bob joins from the directory; the manager bans him by handle on the manage page.
    let bob = app.browser();
    bob.log_in("bob", PASSWORD).await;
    let directory = bob.get("/themes").await;
    assert!(directory.contains("Drone lab"));
    bob.post("/@drone_lab/follow", &[]).await;
    let members = bob.get("/@drone_lab/members").await;
    assert!(members.contains("@bob"), "{}", members.body);
    assert!(
        !bob.get("/@drone_lab").await.contains("/remove\""),
        "members do not moderate"
    );
    assert_eq!(bob.get("/@drone_lab/manage").await.status, StatusCode::FORBIDDEN);
    alice.get("/@drone_lab/manage").await;
    let unknown = alice
        .post("/@drone_lab/manage/ban", &[("handle", "nobody_here"), ("reason", "x")])
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let banned = alice
        .post("/@drone_lab/manage/ban", &[("handle", "bob"), ("reason", "rude")])
        .await;
    assert_eq!(banned.status, StatusCode::SEE_OTHER);
    let manage = alice.follow(&banned).await;
    assert!(manage.contains("rude") && manage.contains("@bob"), "{}", manage.body);
    let refused = bob
        .post("/compose", &[("status", "still here"), ("group_id", &id)])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.contains("banned"), "{}", refused.body);
}

#[tokio::test]
async fn themes_picked_at_sign_up_fill_the_home_feed_from_day_one() {
    let app = TestApp::builder().with("themes.create_defaults", true).spawn().await;
    let poster = Client::new(&app, "poster").await;
    let (_, health) = poster.get("/api/v1/accounts/lookup?acct=health").await;
    let health_id = health["id"].as_str().unwrap().to_owned();
    let earlier = poster
        .post_status(json!({"status": "Looking for a hospital to pilot our triage app", "group_id": health_id}))
        .await;

    let browser = app.browser();
    let form = browser.get("/signup").await;
    assert!(
        form.contains("value=\"health\"") && form.contains("value=\"agrifood\""),
        "{}",
        form.body
    );
    let signed_up = browser
        .post(
            "/signup",
            &[
                ("username", "newcomer"),
                ("email", "newcomer@fucina.example"),
                ("password", PASSWORD),
                ("agreement", "1"),
                ("themes", "health"),
                ("themes", "agrifood"),
            ],
        )
        .await;
    assert_eq!(signed_up.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.count(
            "follows f JOIN actors a ON a.id = f.follower_id WHERE a.username = 'newcomer' AND f.state = 'accepted'"
        )
        .await,
        2
    );
    let home = browser.get("/").await;
    assert!(
        home.contains("triage app"),
        "the theme's earlier post is at home: {}",
        home.body
    );
    let newcomer = Client {
        app: &app,
        token: app.token_for("newcomer", "read").await,
        username: "newcomer".into(),
    };
    assert!(newcomer.home().await.iter().any(|s| s["uri"] == earlier["uri"]));
}

#[tokio::test]
async fn administrators_rename_translate_retire_and_add_themes() {
    let app = TestApp::builder().with("themes.create_defaults", true).spawn().await;
    app.create_user_with_role("ada", fucina::domain::account::Role::Admin)
        .await;
    let admin = app.browser();
    admin.log_in("ada", PASSWORD).await;
    let page = admin.get("/admin/themes").await;
    assert_eq!(page.status, StatusCode::OK);
    let id = page
        .body
        .split("/admin/themes/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();

    // Renamed and translated: a blank name in every language is refused.
    let refused = admin
        .post(
            &format!("/admin/themes/{id}/texts"),
            &[("name_en", " "), ("name_it", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let saved = admin
        .post(
            &format!("/admin/themes/{id}/texts"),
            &[
                ("name_en", "Space"),
                ("name_it", "Spazio"),
                ("description_en", "Satellites"),
                ("description_it", "Satelliti"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let (_, group) = Client::new(&app, "reader")
        .await
        .get(&format!("/api/fucina/v1/groups/{id}"))
        .await;
    assert_eq!(group["names"]["it"], "Spazio");
    assert_eq!(group["name"], "Space");

    // Retired: out of the directory, closed to new members, posts kept.
    let retired = admin.post(&format!("/admin/themes/{id}/retire"), &[]).await;
    assert_eq!(retired.status, StatusCode::SEE_OTHER);
    assert!(!admin.get("/themes").await.contains("Space"));
    let joiner = Client::new(&app, "joiner").await;
    let (status, _) = joiner
        .post(&format!("/api/fucina/v1/groups/{id}/join"), json!({}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    admin.post(&format!("/admin/themes/{id}/restore"), &[]).await;
    let (status, _) = joiner
        .post(&format!("/api/fucina/v1/groups/{id}/join"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);

    // Added.
    let added = admin
        .post(
            "/admin/themes/new",
            &[
                ("key", "blue_economy"),
                ("name_en", "Blue economy"),
                ("name_it", "Economia blu"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    assert!(admin.get("/themes").await.contains("Blue economy"));
    assert_eq!(app.count("groups WHERE kind = 'theme'").await, 9);

    // Not for other users.
    let user = app.browser();
    user.log_in("joiner", PASSWORD).await;
    assert_eq!(user.get("/admin/themes").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn operators_add_their_own_themes_in_the_configuration() {
    let app = TestApp::builder()
        .with(
            "themes.custom",
            toml::Value::Array(vec![toml::Value::Table(toml::toml! {
                key = "blue_economy"
                names = { en = "Blue economy", it = "Economia blu" }
                descriptions = { en = "Seas and ports", it = "Mari e porti" }
            })]),
        )
        .spawn()
        .await;
    let (_, list) = Client::new(&app, "reader").await.get("/api/fucina/v1/groups").await;
    let themes = list.as_array().unwrap();
    assert_eq!(
        themes.len(),
        1,
        "the defaults are off in tests; the custom one is there"
    );
    assert_eq!(themes[0]["theme_key"], "blue_economy");
    assert_eq!(themes[0]["names"]["it"], "Economia blu");

    let refused = fucina::config::Config::load_with_overrides(
        None,
        &[(
            "themes.custom",
            toml::Value::Array(vec![toml::Value::Table(
                toml::toml! { key = "x y" names = { en = "Bad" } },
            )]),
        )],
    );
    assert!(refused.unwrap_err().to_string().contains("themes.custom"));
}
