//! Trust and safety across three real instances: a report forwarded from one
//! reaches the moderators of another without its reporter's name, a removal
//! and a suspension there spread to every server that had copies, and a
//! person who deletes themselves is gone everywhere while the proposal others
//! joined stays.

use reqwest::StatusCode;
use serde_json::json;

use crate::common::{PASSWORD, TestApp, eventually, schema};
use crate::federation::Client;
use crate::moderation::moderator;
use crate::proposals::{create, post_ok, proposal_body, theme_id};

/// The id `client`'s server gives the post `uri`, once it has arrived in their home.
async fn arrived(client: &Client<'_>, uri: &str) -> String {
    eventually("the post arrives", || async {
        client.home().await.iter().any(|s| s["uri"] == uri)
    })
    .await;
    client.home().await.into_iter().find(|s| s["uri"] == uri).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn following(client: &Client<'_>, handle: &str) -> String {
    let account = client.follow(handle).await;
    let id = account["id"].as_str().unwrap().to_owned();
    eventually("the follow is accepted", || async {
        client.relationship(&id).await["following"] == true
    })
    .await;
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moderator_works_a_report_from_another_server_and_removals_suspensions_and_deletions_reach_every_server() {
    let alpha = TestApp::builder()
        .with("themes.create_defaults", true)
        .with("proposals.validation", false)
        .spawn()
        .await;
    let beta = TestApp::spawn().await;
    let gamma = TestApp::spawn().await;
    let alice = Client::new(&alpha, "alice").await;
    let dave = Client::new(&alpha, "dave").await;
    let mona = moderator(&alpha, "mona").await;
    let bob = Client::new(&beta, "bob").await;
    let gina = Client::new(&gamma, "gina").await;

    let alice_on_beta = following(&bob, &alice.handle()).await;
    let dave_on_beta = following(&bob, &dave.handle()).await;
    let alice_on_gamma = following(&gina, &alice.handle()).await;
    let dave_on_gamma = following(&gina, &dave.handle()).await;

    // Bob, on beta, reports Alice's post and asks for it to be forwarded.
    let spam = alice
        .post_status(json!({"status": "Cheap followers at spam.example"}))
        .await;
    let uri = spam["uri"].as_str().unwrap();
    let spam_on_beta = arrived(&bob, uri).await;
    let spam_on_gamma = arrived(&gina, uri).await;
    let (status, report) = bob
        .post(
            "/api/v1/reports",
            json!({"account_id": alice_on_beta, "status_ids": [spam_on_beta],
                   "comment": "Selling followers", "category": "spam", "forward": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");

    // Alpha's moderator has it, from beta's instance, naming nobody.
    eventually("the report reaches alpha's queue", || async {
        mona.get("/api/v1/admin/reports")
            .await
            .1
            .as_array()
            .is_some_and(|r| !r.is_empty())
    })
    .await;
    let (_, queue) = mona.get("/api/v1/admin/reports").await;
    schema::assert_matches_each("AdminReport", &queue);
    let received = &queue[0];
    assert_eq!(received["target_account"]["username"], "alice");
    assert_eq!(received["comment"], "Selling followers");
    assert_eq!(received["statuses"][0]["uri"], uri);
    assert!(
        !received.to_string().contains("bob"),
        "the reporter is never named: {received}"
    );
    assert_eq!(received["account"]["domain"], beta.domain.as_str(), "{received}");

    // The moderator removes the post and resolves the report: the post goes on beta and gamma.
    let report_id = received["id"].as_str().unwrap();
    let spam_id = spam["id"].as_str().unwrap();
    post_ok(
        &mona,
        &format!("/api/fucina/v1/admin/statuses/{spam_id}/remove"),
        json!({"reason": "Spam"}),
    )
    .await;
    post_ok(&mona, &format!("/api/v1/admin/reports/{report_id}/resolve"), json!({})).await;
    for (client, id) in [(&bob, &spam_on_beta), (&gina, &spam_on_gamma)] {
        eventually("the removed post is gone", || async {
            client.get(&format!("/api/v1/statuses/{id}")).await.0 == StatusCode::NOT_FOUND
        })
        .await;
    }

    // A suspension on alpha: Dave is gone on beta and gamma.
    let dave_id = crate::reports::id_of(&dave).await;
    post_ok(
        &mona,
        &format!("/api/v1/admin/accounts/{dave_id}/action"),
        json!({"type": "suspend", "text": "A spam ring"}),
    )
    .await;
    for (client, id) in [(&bob, &dave_on_beta), (&gina, &dave_on_gamma)] {
        eventually("the suspended account is gone", || async {
            client.get(&format!("/api/v1/accounts/{id}")).await.0 == StatusCode::NOT_FOUND
        })
        .await;
    }

    // Gina joins Alice's proposal from gamma; then Alice deletes her account.
    let theme = following(&gina, &format!("agrifood@{}", alpha.domain)).await;
    assert!(!theme.is_empty());
    let group = theme_id(&alice, "agrifood").await;
    let mut body = proposal_body(&group);
    body["submit"] = json!(true);
    let proposal = create(&alice, body).await;
    let proposal_id = proposal["id"].as_str().unwrap().to_owned();
    let on_gamma = arrived(&gina, proposal["uri"].as_str().unwrap()).await;
    let (_, remote) = gina.get(&format!("/api/fucina/v1/statuses/{on_gamma}/proposal")).await;
    let remote_id = remote["id"].as_str().unwrap().to_owned();
    let interest = post_ok(
        &gina,
        &format!("/api/fucina/v1/proposals/{remote_id}/interests"),
        json!({"offer": "Field trials in the Langhe", "team_consent": true}),
    )
    .await;
    eventually("the interest reaches Alice", || async {
        alice
            .get(&format!("/api/fucina/v1/proposals/{proposal_id}/interests"))
            .await
            .1
            .as_array()
            .is_some_and(|r| r.len() == 1)
    })
    .await;
    let (_, received) = alice
        .get(&format!("/api/fucina/v1/proposals/{proposal_id}/interests"))
        .await;
    post_ok(
        &alice,
        &format!(
            "/api/fucina/v1/interests/{}/accept",
            received[0]["id"].as_str().unwrap()
        ),
        json!({}),
    )
    .await;
    let interest_id = interest["id"].as_str().unwrap().to_owned();
    eventually("Gina is on the team", || async {
        gina.get(&format!("/api/fucina/v1/interests/{interest_id}")).await.1["state"] == "accepted"
    })
    .await;

    let browser = alpha.browser();
    browser.log_in("alice", PASSWORD).await;
    browser.get("/settings/delete").await;
    let done = browser.post("/settings/delete", &[("password", PASSWORD)]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    for (client, id) in [(&bob, &alice_on_beta), (&gina, &alice_on_gamma)] {
        eventually("the deleted account is gone", || async {
            client.get(&format!("/api/v1/accounts/{id}")).await.0 == StatusCode::NOT_FOUND
        })
        .await;
    }
    // The proposal Gina joined stays, on alpha and on gamma, under a deleted account.
    let (status, kept) = gina.get(&format!("/api/fucina/v1/proposals/{remote_id}")).await;
    assert_eq!(status, StatusCode::OK, "{kept}");
    assert_eq!(kept["author"]["display_name"], "Deleted account");
    let anyone = Client::new(&alpha, "carla").await;
    let (status, kept) = anyone.get(&format!("/api/fucina/v1/proposals/{proposal_id}")).await;
    assert_eq!(status, StatusCode::OK, "{kept}");
}
