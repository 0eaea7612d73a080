//! Trust and safety across three real instances: a report forwarded from one
//! reaches the moderators of another without its reporter's name, a removal
//! and a suspension there spread to every server that had copies, and a
//! person who deletes themselves is gone everywhere while the proposal others
//! joined stays.

use reqwest::StatusCode;
use serde_json::json;

use crate::common::{PASSWORD, TestApp, eventually, schema, text_of};
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
    let alpha = crate::proposals::themed().spawn().await;
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

    // Gina reports it from gamma too, and Carla here: a queue fed from three servers.
    let (status, _) = gina
        .post(
            "/api/v1/reports",
            json!({"account_id": alice_on_gamma, "status_ids": [spam_on_gamma], "comment": "Spam", "forward": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let carla = Client::new(&alpha, "carla").await;
    let alice_id = crate::reports::id_of(&alice).await;
    let spam_id = spam["id"].as_str().unwrap();
    let (status, _) = carla
        .post(
            "/api/v1/reports",
            json!({"account_id": alice_id, "status_ids": [spam_id], "comment": "Spam here too"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // Alpha's moderator has them; beta's names beta's instance, and nobody else.
    eventually("both Flags reach alpha's queue", || async {
        mona.get("/api/v1/admin/reports")
            .await
            .1
            .as_array()
            .is_some_and(|r| r.len() == 3)
    })
    .await;
    let (_, queue) = mona.get("/api/v1/admin/reports").await;
    schema::assert_matches_each("AdminReport", &queue);
    let domains: std::collections::BTreeSet<String> = queue
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["account"]["domain"]
                .as_str()
                .unwrap_or(alpha.domain.as_str())
                .to_owned()
        })
        .collect();
    assert_eq!(domains.len(), 3, "reports from three servers: {domains:?}");
    assert!(!queue.to_string().contains("gina"), "no reporter elsewhere is named");
    let received = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["comment"] == "Selling followers")
        .unwrap();
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
    let noted = post_ok(
        &mona,
        &format!("/api/fucina/v1/admin/reports/{report_id}/notes"),
        json!({"text": "Same text on three servers"}),
    )
    .await;
    assert_eq!(noted["notes"][0]["text"], "Same text on three servers");
    assert_eq!(noted["notes"][0]["author"], "mona");
    let (status, _) = mona
        .post(
            &format!("/api/fucina/v1/admin/reports/{report_id}/notes"),
            json!({"text": "  "}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a blank note is refused");
    post_ok(
        &mona,
        &format!("/api/fucina/v1/admin/statuses/{spam_id}/remove"),
        json!({"reason": "Spam"}),
    )
    .await;
    let resolved = post_ok(&mona, &format!("/api/v1/admin/reports/{report_id}/resolve"), json!({})).await;
    schema::assert_matches("AdminReport", &resolved);
    let steps: Vec<(&str, &str)> = resolved["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["action"].as_str().unwrap(), h["by"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        steps,
        [("status_remove", "mona"), ("report_resolve", "mona")],
        "{resolved}"
    );
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
    let (status, kept) = carla.get(&format!("/api/fucina/v1/proposals/{proposal_id}")).await;
    assert_eq!(status, StatusCode::OK, "{kept}");
}

/// A client whose token carries the admin scopes, whatever the account's role.
async fn with_admin_scopes<'a>(app: &'a TestApp, name: &str) -> Client<'a> {
    Client {
        app,
        token: app.token_for(name, "read write follow admin:read admin:write").await,
        username: name.into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_about_a_post_in_another_servers_group_reaches_that_groups_moderators_only() {
    let hub = TestApp::spawn().await;
    let beta = TestApp::spawn().await;
    let hannah = Client::new(&hub, "hannah").await;
    let (status, _) = hannah
        .post(
            "/api/fucina/v1/groups",
            json!({"name": "drone_lab", "title": "Drone lab", "description": "Makers", "join_mode": "open"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    hub.create_user("ivo").await;
    let ben = Client::new(&beta, "ben").await;
    let erin = Client::new(&beta, "erin").await;
    let handle = format!("drone_lab@{}", hub.domain);
    let group_on_beta = following(&ben, &handle).await;
    following(&erin, &handle).await;

    let post = ben
        .post_status(json!({"status": "Buy my drone parts at spam.example", "group_id": group_on_beta}))
        .await;
    let uri = post["uri"].as_str().unwrap().to_owned();
    eventually("the post reaches the group's server", || async {
        hub.count(&format!("statuses WHERE ap_id = '{uri}' AND group_id IS NOT NULL"))
            .await
            == 1
    })
    .await;

    // Erin reports it on beta, in the browser, passing it on.
    let browser = beta.browser();
    browser.log_in("erin", PASSWORD).await;
    let ben_acct = ben.handle();
    let form = browser
        .get(&format!(
            "/report?account={}&status={}",
            ben_acct,
            post["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.contains("name=\"forward\""),
        "the group's server may be told: {}",
        form.body
    );
    let sent = browser
        .post(
            "/report",
            &[
                ("account", ben_acct.as_str()),
                ("status_ids", post["id"].as_str().unwrap()),
                ("category", "spam"),
                ("comment", "Advertising in the lab"),
                ("forward", "1"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);

    // The group's manager on the hub has it; someone without a role is refused.
    let manager = with_admin_scopes(&hub, "hannah").await;
    eventually("the Flag reaches the group's server", || async {
        manager
            .get("/api/v1/admin/reports")
            .await
            .1
            .as_array()
            .is_some_and(|r| r.len() == 1)
    })
    .await;
    let (_, queue) = manager.get("/api/v1/admin/reports").await;
    schema::assert_matches_each("AdminReport", &queue);
    assert_eq!(queue[0]["comment"], "Advertising in the lab");
    assert_eq!(queue[0]["statuses"][0]["uri"], uri.as_str());
    assert!(!queue[0].to_string().contains("erin"));
    let outsider = with_admin_scopes(&hub, "ivo").await;
    assert_eq!(outsider.get("/api/v1/admin/reports").await.0, StatusCode::FORBIDDEN);

    // She removes it from her group and resolves the report.
    let on_hub = queue[0]["statuses"][0]["id"].as_str().unwrap();
    post_ok(
        &manager,
        &format!("/api/fucina/v1/admin/statuses/{on_hub}/remove"),
        json!({"reason": "Ads"}),
    )
    .await;
    let report_id = queue[0]["id"].as_str().unwrap();
    let resolved = post_ok(
        &manager,
        &format!("/api/v1/admin/reports/{report_id}/resolve"),
        json!({}),
    )
    .await;
    assert_eq!(resolved["action_taken"], true);
    assert_eq!(
        hub.count(&format!("statuses WHERE ap_id = '{uri}' AND deleted_at IS NOT NULL"))
            .await,
        1
    );
}

#[tokio::test]
async fn facilitators_work_the_reports_about_proposals_and_remove_one_whose_author_may_appeal() {
    let app = crate::proposals::themed().spawn().await;
    let anna = Client::new(&app, "anna").await;
    let dora = Client::new(&app, "dora").await;
    let _carlo = Client::new(&app, "carlo").await;
    app.create_user_with_role("fabio", fucina::domain::account::Role::Facilitator)
        .await;
    let fabio = with_admin_scopes(&app, "fabio").await;
    let group = theme_id(&anna, "agrifood").await;
    let mut body = proposal_body(&group);
    body["submit"] = json!(true);
    let proposal = create(&anna, body).await;
    let proposal_id = proposal["id"].as_str().unwrap().to_owned();
    let dora_post = crate::reports::post_by(&dora, "An ordinary post").await;

    // Carlo reports the proposal from its page, and Dora's post.
    let browser = app.browser();
    browser.log_in("carlo", PASSWORD).await;
    let page = browser.get(&format!("/proposals/{proposal_id}")).await;
    let link_start = page
        .body
        .find("href=\"/report?")
        .expect("a Report link on the proposal")
        + 6;
    let link = page.body[link_start..].split('"').next().unwrap().replace("&amp;", "&");
    let form = browser.get(&link).await;
    assert_eq!(form.status, StatusCode::OK, "{link}");
    let status_id = link.split("status=").nth(1).unwrap().to_owned();
    let sent = browser
        .post(
            "/report",
            &[
                ("account", "anna"),
                ("status_ids", &status_id),
                ("category", "spam"),
                ("comment", "Not a real project"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let dora_id = crate::reports::id_of(&dora).await;
    let (status, _) = Client::new(&app, "erin")
        .await
        .post(
            "/api/v1/reports",
            json!({"account_id": dora_id, "status_ids": [dora_post]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // The facilitator's queue holds the proposal's report alone.
    let (status, queue) = fabio.get("/api/v1/admin/reports").await;
    assert_eq!(status, StatusCode::OK, "{queue}");
    assert_eq!(queue.as_array().unwrap().len(), 1, "{queue}");
    assert_eq!(queue[0]["comment"], "Not a real project");
    let others = text_of(&app, "SELECT id::text AS value FROM reports WHERE comment = ''")
        .await
        .unwrap();
    assert_eq!(
        fabio.get(&format!("/api/v1/admin/reports/{others}")).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, _) = fabio
        .post(
            &format!("/api/fucina/v1/admin/statuses/{dora_post}/remove"),
            json!({"reason": "No"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a facilitator removes proposals, not posts"
    );

    // He removes the proposal with a reason: it is gone; its author is told and appeals.
    let report_id = queue[0]["id"].as_str().unwrap().to_owned();
    let queue_page = {
        let b = app.browser();
        b.log_in("fabio", PASSWORD).await;
        b.get("/moderation").await;
        let noted = b
            .post(
                &format!("/moderation/reports/{report_id}/notes"),
                &[("text", "Checked the company register")],
            )
            .await;
        assert_eq!(noted.status, StatusCode::SEE_OTHER);
        b.get("/moderation").await
    };
    assert!(
        queue_page.contains("Checked the company register"),
        "{}",
        queue_page.body
    );
    assert_eq!(queue_page.status, StatusCode::OK);
    assert!(queue_page.contains("Not a real project"));
    assert!(
        !queue_page.contains("moderation/accounts/"),
        "no account actions for a facilitator"
    );
    post_ok(
        &fabio,
        &format!("/api/fucina/v1/admin/statuses/{status_id}/remove"),
        json!({"reason": "Not a real project"}),
    )
    .await;
    assert_eq!(
        dora.get(&format!("/api/fucina/v1/proposals/{proposal_id}")).await.0,
        StatusCode::NOT_FOUND
    );
    let (_, open) = dora.get("/api/fucina/v1/proposals").await;
    assert!(
        open.as_array().unwrap().iter().all(|p| p["id"] != proposal_id.as_str()),
        "{open}"
    );
    let (_, told) = anna.get("/api/v1/notifications?types[]=moderation_warning").await;
    assert_eq!(told[0]["type"], "moderation_warning", "{told}");
    assert_eq!(told[0]["moderation_warning"]["text"], "Not a real project");
    let warning = told[0]["moderation_warning"]["id"].as_str().unwrap();
    let browser = app.browser();
    browser.log_in("anna", PASSWORD).await;
    browser.get("/settings/moderation").await;
    let sent = browser
        .post(
            &format!("/settings/moderation/{warning}/appeal"),
            &[("text", "It is a real project")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let mona = moderator(&app, "mona").await;
    let (_, appeals) = mona.get("/api/fucina/v1/admin/appeals").await;
    assert_eq!(appeals[0]["appeal"]["text"], "It is a real project", "{appeals}");
}
