//! Find and match: what people know, proposals suggested to them with why,
//! people suggested for a proposal, and matching across linked instances.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{PASSWORD, eventually, schema};
use crate::federation::Client;
use crate::linked::{admin, link_state, policy};
use crate::proposals::{create, post_ok, proposal_body, theme_id};

/// An open proposal seeking `competences`.
async fn seeking(author: &Client<'_>, title: &str, competences: &[&str]) -> Value {
    let group = theme_id(author, "agrifood").await;
    let mut body = proposal_body(&group);
    body["title"] = json!(title);
    body["competences"] = json!(competences);
    body["submit"] = json!(true);
    create(author, body).await
}

async fn knows(client: &Client<'_>, competences: &[&str], languages: &[&str]) -> Value {
    let (status, profile) = client
        .put(
            "/api/fucina/v1/account/competences",
            json!({"competences": competences, "languages": languages}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{profile}");
    profile
}

async fn suggested(client: &Client<'_>) -> Vec<Value> {
    let (status, list) = client.get("/api/fucina/v1/suggestions/proposals").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array().unwrap().clone()
}

#[tokio::test]
async fn proposals_that_need_what_a_person_knows_are_suggested_with_why_until_answered_or_set_aside() {
    let app = crate::proposals::themed().spawn().await;
    let anna = Client::new(&app, "anna").await;
    let ada = Client::new(&app, "ada").await;
    let ben = Client::new(&app, "ben").await;

    // Case, accents and spacing fold into one vocabulary key.
    let profile = knows(&ada, &["Compositì", "  Stampa   3D "], &["it"]).await;
    let keys: Vec<&str> = profile["competences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["compositi", "stampa_3d"], "{profile}");
    assert_eq!(profile["languages"], json!(["it"]));
    let (_, offered) = ada.get("/api/fucina/v1/competences?q=comp").await;
    assert_eq!(
        offered[0]["key"], "compositi",
        "autocomplete offers the vocabulary: {offered}"
    );

    let wanted = seeking(&anna, "Pale eoliche riciclate", &["compositi", "logistica"]).await;
    let other = seeking(&anna, "Sensori per stalle", &["zootecnia"]).await;
    let both = seeking(&anna, "Telai in composito stampati", &["Compositi", "stampa 3d"]).await;

    let list = suggested(&ada).await;
    let titles: Vec<&str> = list.iter().map(|s| s["proposal"]["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        ["Telai in composito stampati", "Pale eoliche riciclate"],
        "the most matches first"
    );
    assert!(
        list[1]["reasons"][0].as_str().unwrap().contains("compositi"),
        "{list:?}"
    );
    assert!(
        list[1]["reasons"][0].as_str().unwrap().contains("which you know"),
        "{list:?}"
    );
    assert!(!titles.contains(&"Sensori per stalle"));
    assert!(other["id"].is_string());
    assert!(suggested(&anna).await.is_empty(), "never one's own");

    // Answered or set aside: no longer suggested.
    post_ok(
        &ada,
        &format!("/api/fucina/v1/proposals/{}/interests", wanted["id"].as_str().unwrap()),
        json!({"offer": "Our composites lab"}),
    )
    .await;
    post_ok(
        &ada,
        &format!(
            "/api/fucina/v1/suggestions/proposals/{}/dismiss",
            both["id"].as_str().unwrap()
        ),
        json!({}),
    )
    .await;
    assert!(suggested(&ada).await.is_empty());

    // The author sees who could join, and why; nobody else does.
    let (status, people) = anna
        .get(&format!(
            "/api/fucina/v1/proposals/{}/suggested_people",
            both["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{people}");
    assert_eq!(people[0]["account"]["username"], "ada", "{people}");
    schema::assert_matches("Account", &people[0]["account"]);
    assert!(people[0]["reasons"][0].as_str().unwrap().contains("compositi"));
    let (status, _) = ben
        .get(&format!(
            "/api/fucina/v1/proposals/{}/suggested_people",
            both["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // In the pages: the home's "For you", in Italian, and the proposal's people.
    knows(&ben, &["zootecnia"], &[]).await;
    let browser = app.browser();
    browser.log_in("ben", PASSWORD).await;
    let home = browser.get("/").await;
    assert!(home.contains("Sensori per stalle"), "{}", home.body);
    let authors = app.browser();
    authors.log_in("anna", PASSWORD).await;
    let both_id = both["id"].as_str().unwrap();
    let page = authors.get(&format!("/proposals/{both_id}")).await;
    assert!(page.contains("@ada"), "{}", page.body);
    // Inviting her from there sends her a direct message naming the proposal.
    let ada_id = crate::reports::id_of(&ada).await;
    let invited = authors
        .post(&format!("/proposals/{both_id}/invite/{ada_id}"), &[("confirm", "1")])
        .await;
    assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.body);
    let told = ada.notifications().await;
    assert_eq!(told[0]["type"], "mention", "{told:?}");
    assert_eq!(told[0]["status"]["visibility"], "direct");
    assert!(
        told[0]["status"]["content"]
            .as_str()
            .unwrap()
            .contains("Telai in composito stampati")
    );
    let ben_id = crate::reports::id_of(&ben).await;
    let (status, _) = anna
        .post(
            &format!("/api/fucina/v1/proposals/{both_id}/suggested_people/{ben_id}/invite"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "only people suggested for it");
    browser.get("/for-you").await;
    let dismissed = browser
        .post(&format!("/for-you/{}/dismiss", other["id"].as_str().unwrap()), &[])
        .await;
    assert_eq!(dismissed.status, StatusCode::SEE_OTHER);
    assert!(!browser.get("/for-you").await.contains("Sensori per stalle"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_proposal_on_a_linked_instance_is_suggested_there_and_not_on_an_unlinked_one() {
    let alpha = crate::proposals::themed().spawn().await;
    let beta = crate::proposals::themed().spawn().await;
    let gamma = crate::proposals::themed().spawn().await;
    let ada = admin(&alpha, "ada").await;
    let bob = admin(&beta, "bob").await;
    let alice = Client::new(&alpha, "alice").await;
    let bea = Client::new(&beta, "bea").await;
    let carol = Client::new(&gamma, "carol").await;
    // Alice lists what she knows before the instances are linked.
    knows(&alice, &["Composites"], &["en"]).await;
    policy(&ada, "link", json!({"domain": beta.domain})).await;
    eventually("beta sees the request", || async {
        link_state(&bob, &alpha.domain).await.as_deref() == Some("requested")
    })
    .await;
    policy(&bob, "link", json!({"domain": alpha.domain})).await;
    eventually("both sides are linked", || async {
        link_state(&ada, &beta.domain).await.as_deref() == Some("linked")
            && link_state(&bob, &alpha.domain).await.as_deref() == Some("linked")
    })
    .await;
    // Alan lists his once they are.
    let alan = Client::new(&alpha, "alan").await;
    knows(&alan, &["Composites"], &[]).await;
    knows(&carol, &["Composites"], &["en"]).await;

    let proposal = seeking(&bea, "Recycled turbine blades", &["composites"]).await;
    let uri = proposal["uri"].as_str().unwrap().to_owned();
    eventually("beta's proposal is suggested to alice on alpha", || async {
        suggested(&alice)
            .await
            .iter()
            .any(|s| s["proposal"]["uri"] == uri.as_str())
    })
    .await;
    let found = suggested(&alice).await;
    assert!(
        found[0]["reasons"][0].as_str().unwrap().contains("composites"),
        "{found:?}"
    );
    assert!(suggested(&carol).await.is_empty(), "gamma is not linked");

    // Beta's author sees alice and alan among the people who could join,
    // though none of them met: beta learnt alpha's discoverable people when
    // the link was made (alice) and gets their profiles as they change
    // (alan). Carol, on unlinked gamma, is not offered.
    let people_path = format!(
        "/api/fucina/v1/proposals/{}/suggested_people",
        proposal["id"].as_str().unwrap()
    );
    let wanted = [format!("alice@{}", alpha.domain), format!("alan@{}", alpha.domain)];
    eventually("beta's author is offered alice and alan", || async {
        let (status, people) = bea.get(&people_path).await;
        status == StatusCode::OK
            && people.as_array().is_some_and(|list| {
                wanted
                    .iter()
                    .all(|acct| list.iter().any(|p| p["account"]["acct"] == acct.as_str()))
            })
    })
    .await;
    let (_, people) = bea.get(&people_path).await;
    assert!(!people.to_string().contains("carol"), "gamma is not linked: {people}");
}

#[tokio::test]
async fn administrators_merge_synonyms_and_name_competences_from_the_page_and_the_console() {
    let app = crate::proposals::themed().spawn().await;
    let anna = Client::new(&app, "anna").await;
    let ada = Client::new(&app, "ada").await;
    app.create_user_with_role("root_admin", fucina::domain::account::Role::Admin)
        .await;
    seeking(&anna, "Pale eoliche riciclate", &["compositi"]).await;
    knows(&ada, &["Composites"], &[]).await;
    assert!(
        suggested(&ada).await.is_empty(),
        "two words for one thing do not match yet"
    );

    let browser = app.browser();
    browser.log_in("root_admin", PASSWORD).await;
    let page = browser.get("/admin/competences").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.contains("competence-composites") && page.contains("competence-compositi"),
        "{}",
        page.body
    );
    let refused = browser
        .post("/admin/competences/composites/merge", &[("into", "Composites")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "not into itself");
    browser.get("/admin/competences").await;
    let merged = browser
        .post("/admin/competences/composites/merge", &[("into", "compositi")])
        .await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.body);

    // Ada's profile follows the merge, and the proposal now matches; new words fold in too.
    let (_, profile) = ada.get("/api/fucina/v1/account/competences").await;
    assert_eq!(profile["competences"][0]["key"], "compositi", "{profile}");
    assert_eq!(suggested(&ada).await.len(), 1);
    let again = knows(&ada, &["composites"], &[]).await;
    assert_eq!(again["competences"][0]["key"], "compositi");

    // Named from the console, in each language.
    let (code, out, err) = crate::cli::cli_on(
        &app,
        "competence",
        &["label", "compositi", "--en", "Composites", "--it", "Compositi"],
    )
    .await;
    assert_eq!(code, 0, "{out}{err}");
    let (_, profile) = ada.get("/api/fucina/v1/account/competences").await;
    assert_eq!(profile["competences"][0]["label"], "Composites");
    let (code, out, _) = crate::cli::cli_on(&app, "competence", &["list"]).await;
    assert_eq!(code, 0);
    assert!(out.contains("composites → compositi"), "{out}");

    let user = app.browser();
    user.log_in("ada", PASSWORD).await;
    assert_eq!(user.get("/admin/competences").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_directory_of_innovators_filters_by_competence_theme_organisation_and_instance() {
    let app = crate::proposals::themed().spawn().await;
    let ada = Client::new(&app, "ada").await;
    let ben = Client::new(&app, "ben").await;
    let hidden = Client::new(&app, "hidden").await;
    ada.patch(
        "/api/v1/accounts/update_credentials",
        json!({"organisation": "Polimeri Srl"}),
    )
    .await;
    knows(&ada, &["Compositi"], &[]).await;
    knows(&ben, &["Zootecnia"], &[]).await;
    knows(&hidden, &["Compositi"], &[]).await;
    let theme = theme_id(&ada, "agrifood").await;
    post_ok(&ada, &format!("/api/v1/accounts/{theme}/follow"), json!({})).await;
    {
        use diesel_async::RunQueryDsl;
        let mut conn = app.db().await;
        diesel::sql_query("UPDATE actors SET discoverable = false WHERE username = 'hidden'")
            .execute(&mut conn)
            .await
            .unwrap();
    }
    let names = |query: &'static str| {
        let app = &app;
        async move {
            let response = app
                .client()
                .get(app.url(&format!("/api/fucina/v1/people?{query}")))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            let people: Value = response.json().await.unwrap();
            schema::assert_matches_each("Account", &people);
            people
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["username"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        names("competence=COMPOSITÌ").await,
        ["ada"],
        "folded, and never the undiscoverable"
    );
    assert_eq!(names("organisation=polimeri").await, ["ada"]);
    let by_theme = format!("theme_id={theme}");
    let response = app
        .client()
        .get(app.url(&format!("/api/fucina/v1/people?{by_theme}")))
        .send()
        .await
        .unwrap();
    let people: Value = response.json().await.unwrap();
    assert_eq!(people[0]["username"], "ada", "{people}");
    assert_eq!(people.as_array().unwrap().len(), 1);
    assert_eq!(names("instance=local").await, ["ada", "ben"]);
    assert!(names("instance=elsewhere.example").await.is_empty());

    let page = app.browser().get("/people?competence=compositi").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.contains("@ada") && !page.contains("@ben") && !page.contains("@hidden"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn a_daily_digest_says_how_many_new_proposals_need_what_a_person_knows_once() {
    let app = crate::proposals::themed()
        .with("email.send_every_seconds", 3600)
        .spawn()
        .await;
    let carla = Client::new(&app, "carla").await;
    let elena = Client::new(&app, "elena").await;
    let dario = Client::new(&app, "dario").await;
    for (person, preference) in [(&carla, "daily"), (&elena, "off")] {
        let (status, _) = person
            .post(
                "/api/fucina/v1/account/email_notifications",
                json!({"email_notifications": preference}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        knows(person, &["Composites"], &[]).await;
    }
    seeking(&dario, "Lighter bike frames", &["composites"]).await;
    seeking(&dario, "Composite boat hulls", &["Composites", "welding"]).await;
    seeking(&dario, "A welding robot", &["welding"]).await;
    seeking(&carla, "Carla's own frames", &["composites"]).await;

    let state = app.state();
    let sent = fucina::services::mail::send_due(state).await.unwrap();
    let mails: Vec<String> = app
        .mails()
        .into_iter()
        .filter(|m| m.lines().any(|l| l.starts_with("To:") && l.contains("carla@")))
        .collect();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(
        mails[0].contains("2 new proposals need what you know"),
        "two of Dario's, not the welding one nor her own: {}",
        mails[0]
    );
    assert!(mails[0].contains("/for-you"), "{}", mails[0]);
    assert!(
        !app.mails().iter().any(|m| m.contains("elena@")),
        "Elena chose no e-mail"
    );
    assert!(sent >= 1);
    // Told once: the next run finds nothing new for her.
    seeking(&dario, "More composites", &["composites"]).await;
    assert_eq!(fucina::services::mail::send_due(state).await.unwrap(), 0);
}

#[tokio::test]
async fn kinds_and_stages_a_person_follows_bring_proposals_and_say_why() {
    let app = crate::proposals::themed().spawn().await;
    let anna = Client::new(&app, "anna").await;
    let ada = Client::new(&app, "ada").await;
    let mut body = proposal_body(&theme_id(&anna, "agrifood").await);
    body["title"] = json!("Soil microbiome research");
    body["kind"] = json!("research");
    body["stage"] = json!("idea");
    body["competences"] = json!(["microbiology"]);
    body["submit"] = json!(true);
    let research = create(&anna, body).await;
    seeking(&anna, "A drone to lend", &["drones"]).await;
    assert!(suggested(&ada).await.is_empty(), "Ada follows nothing yet");

    // A kind outside the vocabulary is refused and changes nothing.
    let (status, error) = ada
        .put(
            "/api/fucina/v1/account/competences",
            json!({"competences": ["soil"], "kinds": ["astrology"]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    let (_, profile) = ada.get("/api/fucina/v1/account/competences").await;
    assert_eq!(profile["kinds"], json!([]), "{profile}");
    assert_eq!(profile["competences"], json!([]), "{profile}");

    // Ada ticks Research and Idea on her profile page.
    let browser = app.browser();
    browser.log_in("ada", PASSWORD).await;
    let page = browser.get("/settings/profile").await;
    assert!(page.contains("id=\"kinds-research\""), "{}", page.body);
    let saved = browser
        .post(
            "/settings/profile",
            &[
                ("display_name", "Ada"),
                ("kinds", "research"),
                ("kinds", "joint_venture"),
                ("stages", "idea"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let (_, profile) = ada.get("/api/fucina/v1/account/competences").await;
    assert_eq!(profile["kinds"], json!(["research", "joint_venture"]), "{profile}");
    assert_eq!(profile["stages"], json!(["idea"]), "{profile}");
    let page = browser.get("/settings/profile").await;
    assert!(
        page.contains("value=\"research\" checked") && !page.contains("value=\"technology_offer\" checked"),
        "{}",
        page.body
    );

    let list = suggested(&ada).await;
    assert_eq!(list.len(), 1, "only the research proposal: {list:?}");
    assert_eq!(list[0]["proposal"]["id"], research["id"]);
    let reasons = list[0]["reasons"].to_string();
    assert!(
        reasons.contains("Of the kind “Research”, which you follow")
            && reasons.contains("At the stage “Idea”, which you follow"),
        "{reasons}"
    );
}
