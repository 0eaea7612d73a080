//! Collaborative proposals and expressions of interest: the whole story between
//! two instances, the facilitators' queue, expiry, the rules of interests, and
//! every way an outsider could try to see an interest.

use std::time::Duration;

use fucina::domain::account::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::remote::FakeServer;
use crate::common::{TestApp, schema, wait_until};
use crate::federation::{Client, urlencode};

pub const WAIT: Duration = Duration::from_secs(20);

/// The offer every privacy probe looks for.
pub const SECRET: &str = "Our vineyard-tested spectral camera, confidential terms";

pub async fn eventually<F, Fut>(what: &str, condition: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    assert!(wait_until(WAIT, condition).await, "timed out waiting until {what}");
}

pub async fn client_with_role<'a>(app: &'a TestApp, username: &str, role: Role) -> Client<'a> {
    app.create_user_with_role(username, role).await;
    let token = app.token_for(username, "read write follow").await;
    Client {
        app,
        token,
        username: username.to_owned(),
    }
}

/// The local account id of one of the app's themes.
pub async fn theme_id(client: &Client<'_>, key: &str) -> String {
    let (_, groups) = client.get("/api/fucina/v1/groups").await;
    groups
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["theme_key"] == key)
        .unwrap_or_else(|| panic!("no theme {key}: {groups}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// An instance with the eight default themes, publishing proposals without review.
pub fn themed() -> crate::common::TestAppBuilder {
    TestApp::builder()
        .with("themes.create_defaults", true)
        .with("proposals.validation", false)
}

pub fn proposal_body(group_id: &str) -> Value {
    json!({
        "title": "Drones for precision viticulture",
        "short_description": "Spraying vineyards by drone, guided by multispectral maps.",
        "description": "We built a drone that sprays only where the vines need it.\nWe look for partners to test it.",
        "innovation": "Cuts pesticide use by 60%.",
        "contribution": "Vineyards for field trials; agronomists.",
        "kind": "technology_offer",
        "stage": "demonstrable",
        "ip": "patent_pending",
        "languages": ["it", "en"],
        "foreign_partners": true,
        "competences": ["agronomy", "computer vision"],
        "expires_at": "2099-12-31",
        "contact": "Anna Rossi",
        "group_ids": [group_id],
    })
}

pub async fn create(client: &Client<'_>, body: Value) -> Value {
    let (status, proposal) = client.post("/api/fucina/v1/proposals", body).await;
    assert_eq!(status, StatusCode::OK, "{proposal}");
    proposal
}

pub async fn post_ok(client: &Client<'_>, path: &str, body: Value) -> Value {
    let (status, answer) = client.post(path, body).await;
    assert_eq!(status, StatusCode::OK, "POST {path}: {answer}");
    answer
}

/// A published proposal of `author` in the theme `agrifood`, through the queue.
pub async fn published(author: &Client<'_>, facilitator: &Client<'_>) -> Value {
    let group = theme_id(author, "agrifood").await;
    let draft = create(author, proposal_body(&group)).await;
    let id = draft["id"].as_str().unwrap();
    let submitted = post_ok(author, &format!("/api/fucina/v1/proposals/{id}/submit"), json!({})).await;
    assert_eq!(submitted["state"], "submitted");
    let open = post_ok(
        facilitator,
        &format!("/api/fucina/v1/proposals/{id}/publish"),
        json!({}),
    )
    .await;
    assert_eq!(open["state"], "open");
    open
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_proposal_story_runs_between_two_instances() {
    let a = TestApp::builder().with("themes.create_defaults", true).spawn().await;
    let b = TestApp::spawn().await;
    let anna = Client::new(&a, "anna").await;
    let fabio = client_with_role(&a, "fabio", Role::Facilitator).await;
    let ben = Client::new(&b, "ben").await;

    // Ben, on B, follows A's agri-food theme.
    let theme = ben.follow(&format!("agrifood@{}", a.domain)).await;
    let theme_on_b = theme["id"].as_str().unwrap().to_owned();
    eventually("Ben's membership is accepted", || async {
        ben.relationship(&theme_on_b).await["following"] == true
    })
    .await;

    // Anna's proposal goes through the facilitators' queue and is published.
    let proposal = published(&anna, &fabio).await;
    let uri = proposal["uri"].as_str().unwrap().to_owned();

    // It reaches Ben's home through the theme, as a titled post with a link.
    eventually("the proposal reaches Ben's home", || async {
        ben.home().await.iter().any(|s| s["uri"] == uri.as_str())
    })
    .await;
    let on_b = ben.home().await.into_iter().find(|s| s["uri"] == uri.as_str()).unwrap();
    schema::assert_matches("Status", &on_b);
    assert!(
        on_b["content"]
            .as_str()
            .unwrap()
            .contains("Drones for precision viticulture")
    );
    assert_eq!(
        on_b["spoiler_text"], "",
        "the short description is not a content warning"
    );
    let status_on_b = on_b["id"].as_str().unwrap().to_owned();

    // B understood all of it: the proposal has a local id on B with every term.
    let (status, remote) = ben
        .get(&format!("/api/fucina/v1/statuses/{status_on_b}/proposal"))
        .await;
    assert_eq!(status, StatusCode::OK, "{remote}");
    assert_eq!(remote["state"], "open");
    assert_eq!(remote["local"], false);
    assert_eq!(remote["instance"], a.domain.as_str());
    assert_eq!(remote["kind"], "technology_offer");
    assert_eq!(remote["stage"], "demonstrable");
    assert_eq!(remote["ip"], "patent_pending");
    assert_eq!(remote["languages"], json!(["it", "en"]));
    assert_eq!(remote["competences"], json!(["agronomy", "computer_vision"]));
    assert_eq!(
        remote["short_description"],
        "Spraying vineyards by drone, guided by multispectral maps."
    );
    assert!(remote["expires_at"].as_str().unwrap().starts_with("2099-12-31"));
    let remote_id = remote["id"].as_str().unwrap().to_owned();
    // …and lists it among proposals from A's instance.
    let (_, listed) = ben
        .get(&format!("/api/fucina/v1/proposals?instance={}", urlencode(&a.domain)))
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");

    // Ben expresses interest from B; it reaches Anna on A.
    let interest = post_ok(
        &ben,
        &format!("/api/fucina/v1/proposals/{remote_id}/interests"),
        json!({"offer": SECRET, "about": "Agronomist in Trentino", "team_consent": true}),
    )
    .await;
    assert_eq!(interest["state"], "sent");
    let proposal_id = proposal["id"].as_str().unwrap().to_owned();
    eventually("the interest reaches Anna", || async {
        let (_, received) = anna
            .get(&format!("/api/fucina/v1/proposals/{proposal_id}/interests"))
            .await;
        received.as_array().is_some_and(|r| r.len() == 1)
    })
    .await;
    let (_, received) = anna
        .get(&format!("/api/fucina/v1/proposals/{proposal_id}/interests"))
        .await;
    let on_a = &received[0];
    assert_eq!(on_a["offer"], SECRET);
    assert_eq!(on_a["state"], "in_review", "opening the inbox puts it in review");
    assert_eq!(on_a["sender"]["acct"], ben.handle().as_str());
    let notified = anna.get("/api/v1/notifications?types[]=interest_received").await.1;
    assert_eq!(notified[0]["type"], "interest_received", "{notified}");
    assert!(
        anna.notifications()
            .await
            .iter()
            .all(|n| n["type"] != "interest_received"),
        "Mastodon apps get no Fucina-only types unless they ask"
    );

    // Anna accepts: Ben's server learns it, and the team is listed on both sides.
    post_ok(
        &anna,
        &format!("/api/fucina/v1/interests/{}/accept", on_a["id"].as_str().unwrap()),
        json!({}),
    )
    .await;
    let interest_id = interest["id"].as_str().unwrap().to_owned();
    eventually("Ben's interest is accepted on B", || async {
        ben.get(&format!("/api/fucina/v1/interests/{interest_id}")).await.1["state"] == "accepted"
    })
    .await;
    let (_, on_a_now) = anna.get(&format!("/api/fucina/v1/proposals/{proposal_id}")).await;
    assert_eq!(on_a_now["team"][0]["acct"], ben.handle().as_str());
    eventually("B lists Ben in the team", || async {
        ben.get(&format!("/api/fucina/v1/proposals/{remote_id}")).await.1["team"]
            .as_array()
            .is_some_and(|t| t.len() == 1)
    })
    .await;
    // A partner on A joins the team too; B lists the team as A publishes it.
    let carla = Client::new(&a, "carla").await;
    let from_carla = post_ok(
        &carla,
        &format!("/api/fucina/v1/proposals/{proposal_id}/interests"),
        json!({"offer": "Soil sensors", "team_consent": true}),
    )
    .await;
    post_ok(
        &anna,
        &format!("/api/fucina/v1/interests/{}/accept", from_carla["id"].as_str().unwrap()),
        json!({}),
    )
    .await;
    // B did not know Carla: it fetches her when the team lists her.
    eventually("B lists Carla in the team too", || async {
        let team = ben.get(&format!("/api/fucina/v1/proposals/{remote_id}")).await.1["team"].clone();
        team.as_array()
            .is_some_and(|t| t.iter().any(|m| m["acct"] == carla.handle().as_str()) && t.len() == 2)
    })
    .await;

    // The team becomes an invitation-only community; Ben, invited, joins it from B.
    let with_team = post_ok(
        &anna,
        &format!("/api/fucina/v1/proposals/{proposal_id}/team"),
        json!({"name": "viticulture_team"}),
    )
    .await;
    let team_group = with_team["team_group_id"].as_str().unwrap().to_owned();
    let (_, group) = anna.get(&format!("/api/fucina/v1/groups/{team_group}")).await;
    assert_eq!(group["join_mode"], "invitation");
    assert_eq!(group["membership"]["role"], "manager");
    eventually("Ben is invited on B", || async {
        ben.get("/api/v1/notifications?types[]=group_invitation").await.1[0]["type"] == "group_invitation"
    })
    .await;
    let community = ben.follow(&format!("viticulture_team@{}", a.domain)).await;
    let community_on_b = community["id"].as_str().unwrap().to_owned();
    eventually("Ben is a member of the team's community", || async {
        ben.relationship(&community_on_b).await["following"] == true
    })
    .await;

    // Results: the proposal is completed on A and on B, and B has the report.
    let completed = post_ok(
        &anna,
        &format!("/api/fucina/v1/proposals/{proposal_id}/results"),
        json!({"text": "Three vineyards tested the drone: 58% less pesticide."}),
    )
    .await;
    assert_eq!(completed["state"], "completed");
    let (_, report) = anna
        .get(&format!(
            "/api/v1/statuses/{}",
            completed["results_status_id"].as_str().unwrap()
        ))
        .await;
    let report_uri = report["uri"].as_str().unwrap().to_owned();
    eventually("B sees the proposal completed", || async {
        ben.get(&format!("/api/fucina/v1/proposals/{remote_id}")).await.1["state"] == "completed"
    })
    .await;
    eventually("B has the results report", || async {
        b.count(&format!(
            "statuses WHERE ap_id = '{report_uri}' AND object_type = 'Article'"
        ))
        .await
            == 1
    })
    .await;
}

#[tokio::test]
async fn a_facilitator_sends_a_proposal_back_with_a_reason_and_publishes_it_once_fixed() {
    let app = TestApp::builder().with("themes.create_defaults", true).spawn().await;
    let anna = Client::new(&app, "anna").await;
    let carlo = Client::new(&app, "carlo").await;
    let fabio = client_with_role(&app, "fabio", Role::Facilitator).await;
    let group = theme_id(&anna, "agrifood").await;
    let draft = create(&anna, proposal_body(&group)).await;
    let id = draft["id"].as_str().unwrap().to_owned();

    // A draft is its author's alone.
    assert_eq!(
        carlo.get(&format!("/api/fucina/v1/proposals/{id}")).await.0,
        StatusCode::NOT_FOUND
    );
    post_ok(&anna, &format!("/api/fucina/v1/proposals/{id}/submit"), json!({})).await;
    let (_, queue) = fabio.get("/api/fucina/v1/proposals/queue").await;
    assert_eq!(queue[0]["id"], id.as_str(), "{queue}");
    assert_eq!(
        carlo.get("/api/fucina/v1/proposals/queue").await.0,
        StatusCode::FORBIDDEN
    );
    let (status, _) = carlo
        .post(&format!("/api/fucina/v1/proposals/{id}/publish"), json!({}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only facilitators publish");
    // Nothing was published yet.
    assert_eq!(app.count("statuses").await, 0);

    // Sent back without a reason: refused; with one, the author reads it.
    let (status, error) = fabio
        .post(
            &format!("/api/fucina/v1/proposals/{id}/send_back"),
            json!({"reason": " "}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    let back = post_ok(
        &fabio,
        &format!("/api/fucina/v1/proposals/{id}/send_back"),
        json!({"reason": "Please say which regions the trials cover."}),
    )
    .await;
    assert_eq!(back["state"], "draft");
    let (_, mine) = anna.get("/api/fucina/v1/proposals/mine").await;
    assert_eq!(mine[0]["review_note"], "Please say which regions the trials cover.");
    let (_, notes) = anna.get("/api/v1/notifications?types[]=proposal_sent_back").await;
    assert_eq!(notes[0]["proposal_id"], id.as_str(), "{notes}");

    // The author fixes it (bad input changes nothing), resubmits, and it is published.
    let mut fixed = proposal_body(&group);
    fixed["short_description"] = json!("x".repeat(401));
    let (status, error) = anna.put(&format!("/api/fucina/v1/proposals/{id}"), fixed.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error["details"]["short_description"][0]["error"], "ERR_TOO_LONG",
        "{error}"
    );
    assert_eq!(
        anna.get(&format!("/api/fucina/v1/proposals/{id}")).await.1["short_description"],
        "Spraying vineyards by drone, guided by multispectral maps."
    );
    fixed["description"] = json!("Trials in Trentino and Piedmont.");
    fixed["short_description"] = json!("Drones for vineyards.");
    let (status, edited) = anna.put(&format!("/api/fucina/v1/proposals/{id}"), fixed).await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    post_ok(&anna, &format!("/api/fucina/v1/proposals/{id}/submit"), json!({})).await;
    let open = post_ok(&fabio, &format!("/api/fucina/v1/proposals/{id}/publish"), json!({})).await;
    assert_eq!(open["state"], "open");
    assert_eq!(open["review_note"], "");
    // Published, it can no longer be edited.
    let (status, _) = anna
        .put(&format!("/api/fucina/v1/proposals/{id}"), proposal_body(&group))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, listed) = carlo
        .get(&format!(
            "/api/fucina/v1/proposals?group_id={group}&kind=technology_offer"
        ))
        .await;
    assert_eq!(listed[0]["id"], id.as_str(), "{listed}");
    let (_, other_kind) = carlo.get("/api/fucina/v1/proposals?kind=research").await;
    assert_eq!(other_kind, json!([]));
    let (_, by_competence) = carlo.get("/api/fucina/v1/proposals?competence=Computer%20Vision").await;
    assert_eq!(by_competence.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn without_validation_or_as_a_facilitator_a_proposal_is_published_at_once() {
    let app = crate::proposals::themed().spawn().await;
    let anna = Client::new(&app, "anna").await;
    let group = theme_id(&anna, "agrifood").await;
    let mut body = proposal_body(&group);
    body["submit"] = json!(true);
    let proposal = create(&anna, body).await;
    assert_eq!(proposal["state"], "open");
    assert!(proposal["status_id"].is_string());
}

#[tokio::test]
async fn expiry_closes_open_proposals_once_and_refuses_new_interests() {
    let app = crate::proposals::themed().spawn().await;
    let anna = Client::new(&app, "anna").await;
    let ben = Client::new(&app, "ben").await;
    let group = theme_id(&anna, "agrifood").await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        let mut body = proposal_body(&group);
        body["submit"] = json!(true);
        ids.push(create(&anna, body).await["id"].as_str().unwrap().to_owned());
    }
    // Their dates pass.
    let mut admin = app.db().await;
    diesel_async::RunQueryDsl::execute(
        diesel::sql_query("UPDATE proposals SET expires_at = now() - interval '1 minute'"),
        &mut admin,
    )
    .await
    .unwrap();
    // Two more runs of the job race the scheduled one: each proposal expires once.
    let (first, second) = tokio::join!(
        fucina::services::proposals::expire_due(app.state()),
        fucina::services::proposals::expire_due(app.state())
    );
    assert!(first.unwrap() + second.unwrap() <= 3);
    eventually("every proposal expired", || async {
        app.count("proposals WHERE state = 'expired'").await == 3
    })
    .await;
    assert_eq!(
        app.count("notifications WHERE kind = 'proposal_expired'").await,
        3,
        "the author is told once per proposal"
    );
    let (status, error) = ben
        .post(
            &format!("/api/fucina/v1/proposals/{}/interests", ids[0]),
            json!({"offer": "Too late?"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert!(
        error["error"].as_str().unwrap().to_lowercase().contains("open"),
        "{error}"
    );
    assert_eq!(app.count("interests").await, 0);
}

#[tokio::test]
async fn one_interest_per_person_never_on_ones_own_proposal() {
    let app = crate::proposals::themed().spawn().await;
    let anna = Client::new(&app, "anna").await;
    let ben = Client::new(&app, "ben").await;
    let group = theme_id(&anna, "agrifood").await;
    let mut body = proposal_body(&group);
    body["submit"] = json!(true);
    let id = create(&anna, body).await["id"].as_str().unwrap().to_owned();
    let path = format!("/api/fucina/v1/proposals/{id}/interests");

    let (status, _) = anna.post(&path, json!({"offer": "Myself"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "not on one's own");
    let (status, error) = ben.post(&path, json!({"offer": ""})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["details"]["offer"][0]["error"], "ERR_BLANK", "{error}");
    let first = post_ok(&ben, &path, json!({"offer": "Field trials", "draft": true})).await;
    assert_eq!(first["state"], "draft");
    // A draft is the sender's alone: the author has nothing yet.
    assert_eq!(anna.get(&path).await.1, json!([]));
    let (status, error) = ben.post(&path, json!({"offer": "Again"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    let first_id = first["id"].as_str().unwrap();
    let sent = post_ok(&ben, &format!("/api/fucina/v1/interests/{first_id}/send"), json!({})).await;
    assert_eq!(sent["state"], "sent");
    assert_eq!(anna.get(&path).await.1.as_array().unwrap().len(), 1);
    // Only the author decides; once withdrawn, a new one may be sent.
    let (status, _) = ben
        .post(&format!("/api/fucina/v1/interests/{first_id}/accept"), json!({}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let withdrawn = post_ok(
        &ben,
        &format!("/api/fucina/v1/interests/{first_id}/withdraw"),
        json!({}),
    )
    .await;
    assert_eq!(withdrawn["state"], "withdrawn");
    let (_, told) = anna.get("/api/v1/notifications?types[]=interest_withdrawn").await;
    assert_eq!(told[0]["interest_id"], first_id, "{told}");
    let second = post_ok(&ben, &path, json!({"offer": "Field trials, take two"})).await;
    assert_eq!(second["state"], "sent");
    assert_eq!(app.count("interests").await, 2);
}

/// Every response body an outsider gets, checked for the secret offer.
fn assert_no_secret(what: &str, body: &str) {
    assert!(!body.contains(SECRET), "{what} revealed the interest: {body}");
    assert!(
        !body.contains("Trentino agronomist"),
        "{what} revealed the sender's text: {body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interest_is_seen_only_by_its_sender_the_author_and_facilitators() {
    let a = TestApp::builder().with("themes.create_defaults", true).spawn().await;
    let b = TestApp::spawn().await;
    let third = FakeServer::start().await;
    let spy = third.person("spy");
    let spy_key = format!("{}#main-key", spy["id"].as_str().unwrap());
    let anna = Client::new(&a, "anna").await;
    let fabio = client_with_role(&a, "fabio", Role::Facilitator).await;
    let carla = Client::new(&a, "carla").await;
    let ben = Client::new(&b, "ben").await;
    let bea = client_with_role(&b, "bea", Role::Admin).await;
    ben.follow(&anna.handle()).await;
    let proposal = published(&anna, &fabio).await;
    let uri = proposal["uri"].as_str().unwrap().to_owned();
    let proposal_id = proposal["id"].as_str().unwrap().to_owned();

    // Ben, on B, sends his interest.
    let status_on_b = ben.resolve_status(&uri).await.expect("B finds the proposal")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let remote = ben
        .get(&format!("/api/fucina/v1/statuses/{status_on_b}/proposal"))
        .await
        .1;
    let interest = post_ok(
        &ben,
        &format!("/api/fucina/v1/proposals/{}/interests", remote["id"].as_str().unwrap()),
        json!({"offer": SECRET, "about": "Trentino agronomist", "team_consent": false}),
    )
    .await;
    eventually("the interest reaches A", || async { a.count("interests").await == 1 }).await;
    let mut conn = a.db().await;
    let (on_a_id, join_id) = {
        #[derive(diesel::QueryableByName)]
        struct Row {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            id: i64,
            #[diesel(sql_type = diesel::sql_types::Text)]
            ap_id: String,
        }
        let row = diesel_async::RunQueryDsl::get_result::<Row>(
            diesel::sql_query("SELECT id, ap_id FROM interests"),
            &mut conn,
        )
        .await
        .unwrap();
        (row.id, row.ap_id)
    };

    // Those who may see it do.
    assert_eq!(
        ben.get(&format!(
            "/api/fucina/v1/interests/{}",
            interest["id"].as_str().unwrap()
        ))
        .await
        .1["offer"],
        SECRET
    );
    assert_eq!(
        anna.get(&format!("/api/fucina/v1/interests/{on_a_id}")).await.1["offer"],
        SECRET
    );
    assert_eq!(
        fabio.get(&format!("/api/fucina/v1/interests/{on_a_id}")).await.1["offer"],
        SECRET
    );

    // Another account on A: the API pretends it does not exist.
    let (status, body) = carla.get(&format!("/api/fucina/v1/interests/{on_a_id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_no_secret("another account's GET of the interest", &body.to_string());
    let (status, body) = carla
        .get(&format!("/api/fucina/v1/proposals/{proposal_id}/interests"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_no_secret("another account's list", &body.to_string());
    let (status, _) = carla
        .post(&format!("/api/fucina/v1/interests/{on_a_id}/accept"), json!({}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // An administrator of the sender's server is not the author's facilitator.
    let (status, _) = bea
        .get(&format!(
            "/api/fucina/v1/interests/{}",
            interest["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Anonymous callers.
    let anonymous = a
        .client()
        .get(a.url(&format!("/api/fucina/v1/interests/{on_a_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert_no_secret("an anonymous GET", &anonymous.text().await.unwrap());

    // Feeds, searches, notifications, the proposal itself, on both servers.
    for (who, path) in [
        (&carla, "/api/v1/timelines/public".to_owned()),
        (&carla, "/api/v1/timelines/home".to_owned()),
        (&carla, format!("/api/v2/search?q={}", urlencode("spectral camera"))),
        (&carla, "/api/v1/notifications?types[]=interest_received".to_owned()),
        (&carla, format!("/api/fucina/v1/proposals/{proposal_id}")),
        (
            &carla,
            format!("/api/v1/statuses/{}/context", proposal["status_id"].as_str().unwrap()),
        ),
        (&bea, "/api/v1/timelines/public".to_owned()),
        (&bea, format!("/api/v2/search?q={}", urlencode("spectral camera"))),
        (&bea, "/api/v1/notifications?types[]=interest_received".to_owned()),
    ] {
        let (_, body) = who.get(&path).await;
        assert_no_secret(&format!("{} GET {path}", who.username), &body.to_string());
    }
    let page = carla
        .app
        .client()
        .get(a.url(&format!("/proposals/{proposal_id}")))
        .send()
        .await
        .unwrap();
    assert_no_secret("the proposal's page", &page.text().await.unwrap());

    // ActivityPub: anonymous and signed fetches of the proposal, the actors' collections, the Join's id.
    let ben_actor = format!("{}/users/ben", b.base_url);
    for url in [
        uri.clone(),
        format!("{ben_actor}/outbox?page=true"),
        format!("{}/users/anna/outbox?page=true", a.base_url),
        join_id.clone(),
        join_id.split('#').next().unwrap().to_owned(),
    ] {
        let anonymous = a
            .client()
            .get(&url)
            .header("accept", "application/activity+json")
            .send()
            .await
            .unwrap();
        assert_no_secret(
            &format!("an anonymous fetch of {url}"),
            &anonymous.text().await.unwrap(),
        );
        let signed = third.get_signed(&url, &spy_key).await;
        assert_no_secret(
            &format!("a signed fetch of {url} from a third server"),
            &signed.text().await.unwrap(),
        );
    }
    // Nothing of it went to the third server or to the author's followers.
    assert!(third.received().iter().all(|d| !d.body.to_string().contains(SECRET)));
    assert_eq!(
        a.count(&format!(
            "outgoing_activities WHERE payload LIKE '%{}%'",
            "spectral camera"
        ))
        .await,
        0,
        "the author's server never sends the interest anywhere"
    );
}

#[tokio::test]
async fn a_join_from_another_server_is_stored_once_and_a_second_one_is_rejected() {
    let app = crate::proposals::themed().spawn().await;
    let remote = FakeServer::start().await;
    let mario = remote.person("mario");
    let mario_id = mario["id"].as_str().unwrap().to_owned();
    let key = format!("{mario_id}#main-key");
    let anna = Client::new(&app, "anna").await;
    let group = theme_id(&anna, "agrifood").await;
    let mut body = proposal_body(&group);
    body["submit"] = json!(true);
    let proposal = create(&anna, body).await;
    let join = |n: u32| {
        json!({
            "@context": ["https://www.w3.org/ns/activitystreams", {"fucina": "https://w3id.org/fucina/ns#",
                "interestOffer": "fucina:interestOffer", "teamConsent": "fucina:teamConsent"}],
            "type": "Join",
            "id": remote.url(&format!("/users/mario#join/{n}")),
            "actor": mario_id,
            "object": proposal["uri"],
            "to": [format!("{}/users/anna", app.base_url)],
            "content": "<p>We can help</p>",
            "interestOffer": "We can help with field trials",
            "teamConsent": true,
        })
    };
    let inbox = app.url("/users/anna/inbox");
    assert_eq!(
        remote.post_signed(&inbox, &key, &join(1)).await.status(),
        StatusCode::ACCEPTED
    );
    assert_eq!(
        remote.post_signed(&inbox, &key, &join(1)).await.status(),
        StatusCode::ACCEPTED
    );
    assert_eq!(app.count("interests").await, 1, "the same Join is processed once");
    let proposal_id = proposal["id"].as_str().unwrap();
    let (_, received) = anna
        .get(&format!("/api/fucina/v1/proposals/{proposal_id}/interests"))
        .await;
    assert_eq!(received[0]["offer"], "We can help with field trials");
    assert_eq!(received[0]["team_consent"], true);

    // A second Join by the same person is answered with a Reject.
    assert_eq!(
        remote.post_signed(&inbox, &key, &join(2)).await.status(),
        StatusCode::ACCEPTED
    );
    assert_eq!(app.count("interests").await, 1);
    eventually("the second Join is rejected", || async {
        remote.received().iter().any(|d| {
            d.body["type"] == "Reject"
                && d.body["object"]["type"] == "Join"
                && d.body["object"]["id"] == remote.url("/users/mario#join/2").as_str()
        })
    })
    .await;
    let rejected = remote
        .received()
        .into_iter()
        .find(|d| d.body["type"] == "Reject")
        .unwrap();
    assert_eq!(
        rejected.path, "/users/mario/inbox",
        "to the sender's own inbox, never a shared one"
    );

    // Anna accepts the first: an Accept of the Join goes back to Mario.
    post_ok(
        &anna,
        &format!(
            "/api/fucina/v1/interests/{}/accept",
            received[0]["id"].as_str().unwrap()
        ),
        json!({}),
    )
    .await;
    eventually("the Accept reaches Mario", || async {
        remote
            .received()
            .iter()
            .any(|d| d.body["type"] == "Accept" && d.body["object"]["id"] == remote.url("/users/mario#join/1").as_str())
    })
    .await;

    // Mario withdraws (Undo): Anna is told.
    let undo = json!({
        "type": "Undo",
        "id": remote.url("/users/mario#undo/1"),
        "actor": mario_id,
        "object": {"type": "Join", "id": remote.url("/users/mario#join/1"), "actor": mario_id},
    });
    assert_eq!(
        remote.post_signed(&inbox, &key, &undo).await.status(),
        StatusCode::ACCEPTED
    );
    assert_eq!(app.count("interests WHERE state = 'withdrawn'").await, 1);
    let (_, told) = anna.get("/api/v1/notifications?types[]=interest_withdrawn").await;
    assert_eq!(told.as_array().unwrap().len(), 1, "{told}");
}

#[tokio::test]
async fn a_proposal_is_a_page_that_mastodon_reads_as_a_titled_post_and_fucina_reads_whole() {
    let app = crate::proposals::themed().spawn().await;
    let anna = Client::new(&app, "anna").await;
    let group = theme_id(&anna, "agrifood").await;
    let mut body = proposal_body(&group);
    body["submit"] = json!(true);
    let proposal = create(&anna, body).await;
    let page: Value = app
        .client()
        .get(proposal["uri"].as_str().unwrap())
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["type"], "Page");
    assert_eq!(page["name"], "Drones for precision viticulture");
    assert_eq!(
        page["summary"],
        "Spraying vineyards by drone, guided by multispectral maps."
    );
    assert_eq!(page["sensitive"], false);
    assert_eq!(page["url"], proposal["url"]);
    assert!(
        page["url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/proposals/{}", proposal["id"].as_str().unwrap()))
    );
    assert!(page["content"].as_str().unwrap().contains("Cuts pesticide use by 60%."));
    assert!(
        page["to"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "https://www.w3.org/ns/activitystreams#Public")
    );
    assert!(page["audience"].as_str().unwrap().ends_with("/agrifood"));
    assert_eq!(page["proposalStatus"], "open");
    assert_eq!(page["proposalKind"], "technology_offer");
    assert_eq!(page["developmentStage"], "demonstrable");
    assert_eq!(page["intellectualProperty"], "patent_pending");
    assert_eq!(page["soughtCompetences"], json!(["agronomy", "computer_vision"]));
    assert_eq!(page["workingLanguages"], json!(["it", "en"]));
    assert_eq!(page["openToForeignPartners"], true);
    assert!(page["expires"].as_str().unwrap().starts_with("2099-12-31"));
    assert_eq!(page["contactPerson"], "Anna Rossi");
    let context = page["@context"].to_string();
    assert!(context.contains("https://w3id.org/fucina/ns#"), "{context}");
    assert!(context.contains("proposalStatus"));
    // Competences are hashtags, for Mastodon's and Lemmy's search.
    assert!(page["tag"].as_array().unwrap().iter().any(|t| t["name"] == "#agronomy"));

    // In Mastodon's API it is a status with its title, its summary and a link.
    let (_, status) = anna
        .get(&format!("/api/v1/statuses/{}", proposal["status_id"].as_str().unwrap()))
        .await;
    schema::assert_matches("Status", &status);
    let content = status["content"].as_str().unwrap();
    assert!(content.contains("Drones for precision viticulture"));
    assert!(content.contains("Spraying vineyards by drone"));
    assert_eq!(status["url"], proposal["url"]);
}

/// The theme's account id, read from the database (the pages have no API token).
pub async fn theme_actor_id(app: &TestApp, key: &str) -> String {
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        actor_id: i64,
    }
    let mut conn = app.db().await;
    diesel_async::RunQueryDsl::get_result::<Row>(
        diesel::sql_query("SELECT actor_id FROM groups WHERE theme_key = $1").bind::<diesel::sql_types::Text, _>(key),
        &mut conn,
    )
    .await
    .unwrap()
    .actor_id
    .to_string()
}

#[tokio::test]
async fn in_the_browser_a_proposal_is_written_reviewed_published_and_answered() {
    use crate::common::PASSWORD;
    let app = TestApp::builder().with("themes.create_defaults", true).spawn().await;
    app.create_user("anna").await;
    app.create_user("ben").await;
    app.create_user_with_role("fabio", Role::Facilitator).await;
    let theme = theme_actor_id(&app, "agrifood").await;

    let anna = app.browser();
    anna.log_in("anna", PASSWORD).await;
    let editor = anna.get("/proposals/new").await;
    assert_eq!(editor.status, StatusCode::OK);
    assert!(editor.contains("Short description"));
    // Bad input: every field's reason beside it, the typed text kept, nothing stored.
    let long = "x".repeat(401);
    let refused = anna
        .post(
            "/proposals",
            &[
                ("title", "Drones for vineyards"),
                ("short_description", long.as_str()),
                ("description", ""),
                ("kind", "technology_offer"),
                ("stage", "idea"),
                ("ip", "none"),
                ("expires_at", "31/12/2099"),
                ("intent", "save"),
            ],
        )
        .await;
    // Every problem at once, the unreadable date among them.
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("Write the date as YYYY-MM-DD."), "{}", refused.body);
    assert!(refused.contains("Drones for vineyards"));
    assert_eq!(app.count("proposals").await, 0);
    assert!(
        refused.contains("This can have at most 400 characters."),
        "{}",
        refused.body
    );
    assert!(refused.contains("This field is required."));
    assert!(refused.contains("Choose at least one theme or community"));
    assert!(refused.contains("aria-invalid=\"true\""));

    // Written properly and submitted: it waits for a facilitator.
    let saved = anna
        .post(
            "/proposals",
            &[
                ("title", "Drones for vineyards"),
                ("short_description", "Spraying vineyards by drone."),
                ("description", "We look for partners."),
                ("kind", "technology_offer"),
                ("stage", "idea"),
                ("ip", "none"),
                ("groups", theme.as_str()),
                ("competences", "agronomy"),
                ("languages", "it, en"),
                ("intent", "submit"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let path = saved.location.clone().unwrap();
    let page = anna.follow(&saved).await;
    assert!(page.contains("Awaiting a facilitator"), "{}", page.body);

    // The facilitator finds it in the queue and publishes it.
    let fabio = app.browser();
    fabio.log_in("fabio", PASSWORD).await;
    assert!(fabio.get("/proposals/queue").await.contains("Drones for vineyards"));
    fabio.get(&path).await;
    let published = fabio.post(&format!("{path}/publish"), &[]).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER);
    assert!(app.browser().get("/proposals").await.contains("Drones for vineyards"));
    // The theme's page lists its open proposals.
    let theme_page = app.browser().get("/@agrifood").await;
    assert!(theme_page.contains("One open proposal"), "{}", theme_page.body);
    assert!(theme_page.contains("Drones for vineyards"));

    // Ben expresses interest from the page; a second attempt is refused with the reason.
    let ben = app.browser();
    ben.log_in("ben", PASSWORD).await;
    let page = ben.get(&path).await;
    assert!(page.contains("Express interest"));
    let empty = ben
        .post(&format!("{path}/interest"), &[("offer", ""), ("intent", "send")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.contains("This field is required."));
    let sent = ben
        .post(
            &format!("{path}/interest"),
            &[("offer", "Three vineyards for trials"), ("intent", "send")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let again = ben
        .post(&format!("{path}/interest"), &[("offer", "Again"), ("intent", "send")])
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.contains("You have already expressed interest"), "{}", again.body);
    assert!(ben.get("/interests").await.contains("Three vineyards for trials"));

    // Anna reads it in her inbox on the proposal's page and accepts it.
    let page = anna.get(&path).await;
    assert!(page.contains("Three vineyards for trials"));
    let interest_id = {
        let marker = "action=\"/interests/";
        let start = page.body.find(marker).unwrap() + marker.len();
        page.body[start..].split('/').next().unwrap().to_owned()
    };
    let accepted = anna.post(&format!("/interests/{interest_id}/accept"), &[]).await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    assert!(ben.get(&path).await.contains("Accepted"));
    // Her notifications name the proposal, in Italian too.
    let mut italian = app.browser();
    italian.accept_language = Some("it".into());
    italian.log_in("anna", PASSWORD).await;
    let notifications = italian.get("/notifications").await;
    assert!(
        notifications.contains("ha manifestato interesse per"),
        "{}",
        notifications.body
    );
    assert!(notifications.contains("Drones for vineyards"));
    assert!(
        italian
            .get(&path)
            .await
            .contains("Manifestazioni di interesse ricevute")
    );

    // Someone else sees the proposal but no interest.
    app.create_user("carla").await;
    let carla = app.browser();
    carla.log_in("carla", PASSWORD).await;
    let seen = carla.get(&path).await;
    assert!(seen.contains("Drones for vineyards"));
    assert!(!seen.contains("Three vineyards for trials"));
}

#[test]
fn every_vocabulary_value_has_a_label_in_every_language() {
    use fucina::domain::proposal::{IntellectualProperty, InterestState, ProposalKind, ProposalState, Stage};
    use fucina::i18n::Language;
    let mut keys: Vec<String> = Vec::new();
    keys.extend(
        ProposalKind::ALL
            .iter()
            .map(|v| format!("proposal-kind-{}", v.as_str().replace('_', "-"))),
    );
    keys.extend(
        Stage::ALL
            .iter()
            .map(|v| format!("proposal-stage-{}", v.as_str().replace('_', "-"))),
    );
    keys.extend(
        IntellectualProperty::ALL
            .iter()
            .map(|v| format!("proposal-ip-{}", v.as_str().replace('_', "-"))),
    );
    keys.extend(
        ProposalState::ALL
            .iter()
            .map(|v| format!("proposal-state-{}", v.as_str().replace('_', "-"))),
    );
    keys.extend(
        InterestState::ALL
            .iter()
            .map(|v| format!("interest-state-{}", v.as_str().replace('_', "-"))),
    );
    for language in [Language::En, Language::It] {
        let tr = language.translator();
        for key in &keys {
            assert!(tr.has(key), "{key} is missing in {}", language.code());
        }
    }
}
