//! Finding things by their words: proposals, posts, people and groups, in
//! Italian and English whatever the inflection, ranked and marked, and never
//! what the searcher may not see.

use reqwest::StatusCode;
use serde_json::json;

use crate::common::schema;
use crate::federation::{Client, urlencode};
use crate::proposals::{create, proposal_body, theme_id};

/// A published proposal with these words.
async fn proposal(client: &Client<'_>, title: &str, description: &str) -> String {
    let group = theme_id(client, "agrifood").await;
    let mut body = proposal_body(&group);
    body["title"] = json!(title);
    body["description"] = json!(description);
    body["submit"] = json!(true);
    create(client, body).await["id"].as_str().unwrap().to_owned()
}

async fn titles(client: &Client<'_>, q: &str) -> Vec<String> {
    let (status, found) = client
        .get(&format!("/api/fucina/v1/proposals?q={}", urlencode(q)))
        .await;
    assert_eq!(status, StatusCode::OK, "{found}");
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn italian_and_english_words_find_proposals_whatever_their_inflection_and_accents() {
    let app = crate::proposals::themed().spawn().await;
    let anna = Client::new(&app, "anna").await;
    proposal(
        &anna,
        "Riciclo della plastica agricola",
        "Cerchiamo finanziamenti per una filiera di riciclo nella nostra città.",
    )
    .await;
    proposal(
        &anna,
        "Recycling carbon composites",
        "We are recycling wind turbine blades into panels.",
    )
    .await;
    // A draft's words are nobody's to find.
    let group = theme_id(&anna, "agrifood").await;
    let mut draft = proposal_body(&group);
    draft["title"] = json!("Segretissimo prototipo");
    create(&anna, draft).await;

    assert_eq!(titles(&anna, "riciclare").await, ["Riciclo della plastica agricola"]);
    assert_eq!(
        titles(&anna, "finanziamento").await,
        ["Riciclo della plastica agricola"]
    );
    assert_eq!(
        titles(&anna, "citta").await,
        ["Riciclo della plastica agricola"],
        "accents are folded"
    );
    assert_eq!(titles(&anna, "recycled").await, ["Recycling carbon composites"]);
    assert_eq!(titles(&anna, "blade").await, ["Recycling carbon composites"]);
    assert!(titles(&anna, "segretissimo").await.is_empty(), "drafts are not found");
    assert!(titles(&anna, "nothing-like-this").await.is_empty());

    // The title weighs more than the text.
    proposal(&anna, "Pannelli solari", "Un progetto di riciclo dei pannelli.").await;
    let ranked = titles(&anna, "riciclo").await;
    assert_eq!(ranked[0], "Riciclo della plastica agricola", "{ranked:?}");
    assert_eq!(ranked.len(), 2);

    // A visitor finds them on the search page, with the words marked.
    let page = app.browser().get("/search?q=riciclare").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains("<mark>"), "{}", page.body);
    assert!(page.contains("Riciclo della plastica agricola"));
    let italian = {
        let mut b = app.browser();
        b.accept_language = Some("it".into());
        b.get("/search?q=recycled&tab=proposals").await
    };
    assert!(italian.contains("Recycling carbon composites"));
    assert!(italian.contains("Proposte"), "the tabs are translated");
}

async fn search(client: &Client<'_>, q: &str) -> Vec<serde_json::Value> {
    let (status, found) = client
        .get(&format!("/api/v2/search?q={}&type=statuses", urlencode(q)))
        .await;
    assert_eq!(status, StatusCode::OK, "{found}");
    schema::assert_matches("Search", &found);
    found["statuses"].as_array().unwrap().clone()
}

#[tokio::test]
async fn posts_people_and_groups_are_found_by_their_words_and_private_things_never() {
    let app = crate::proposals::themed().spawn().await;
    let anna = Client::new(&app, "anna").await;
    let ben = Client::new(&app, "ben").await;
    let ada = Client::new(&app, "ada").await;
    let (status, _) = ada
        .patch(
            "/api/v1/accounts/update_credentials",
            json!({"organisation": "Polimeri Avanzati Srl", "skills": "stampaggio, compositi"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let public = anna
        .post_status(json!({"status": "Il riciclo dei compositi funziona <script>alert(1)</script>"}))
        .await;
    anna.post_status(json!({"status": "Riciclo privato per i follower", "visibility": "private"}))
        .await;
    anna.post_status(json!({"status": "Riciclo diretto per @ben", "visibility": "direct"}))
        .await;
    anna.post_status(json!({"status": "Riciclo silenzioso", "visibility": "unlisted"}))
        .await;

    let found = search(&ben, "riciclare").await;
    assert_eq!(found.len(), 1, "only the public post: {found:?}");
    assert_eq!(found[0]["id"], public["id"]);
    // Its author finds her own, whatever their visibility.
    assert_eq!(search(&anna, "riciclare").await.len(), 4);
    let (_, by_account) = ben
        .get(&format!(
            "/api/v2/search?q=riciclo&type=statuses&account_id={}",
            crate::reports::id_of(&ben).await
        ))
        .await;
    assert_eq!(by_account["statuses"], json!([]), "account_id narrows to that account");
    let (_, second) = anna
        .get("/api/v2/search?q=riciclo&type=statuses&offset=1&limit=1")
        .await;
    assert_eq!(second["statuses"].as_array().unwrap().len(), 1, "offset pages");

    // People by organisation or skill, through both of Mastodon's endpoints.
    let (status, people) = ben.get("/api/v1/accounts/search?q=polimeri").await;
    assert_eq!(status, StatusCode::OK, "{people}");
    schema::assert_matches_each("Account", &people);
    assert_eq!(people[0]["username"], "ada");
    let (_, v2) = ben.get("/api/v2/search?q=compositi&type=accounts").await;
    assert_eq!(v2["accounts"][0]["username"], "ada", "{v2}");
    let (_, by_name) = ben.get("/api/v1/accounts/search?q=an").await;
    assert_eq!(by_name[0]["username"], "anna", "prefixes of names still work");

    // The page: posts with the script escaped, people, and themes by their words.
    let browser = app.browser();
    let posts = browser.get("/search?q=riciclare&tab=posts").await;
    assert!(posts.contains("<mark>"), "{}", posts.body);
    assert!(!posts.contains("<script>"), "extracts are escaped");
    assert!(!posts.contains("privato") && !posts.contains("diretto") && !posts.contains("silenzioso"));
    let people_page = browser.get("/search?q=stampaggio&tab=people").await;
    assert!(people_page.contains("@ada"), "{}", people_page.body);
    let groups_page = browser.get("/search?q=agrifood&tab=groups").await;
    assert!(groups_page.contains("@agrifood"), "{}", groups_page.body);
}

#[tokio::test]
async fn mastodon_py_finds_a_post_by_a_word_and_a_person_by_organisation() {
    let app = crate::proposals::themed().spawn().await;
    let anna = Client::new(&app, "anna").await;
    let ada = Client::new(&app, "ada").await;
    ada.patch(
        "/api/v1/accounts/update_credentials",
        json!({"organisation": "Polimeri Avanzati"}),
    )
    .await;
    anna.post_status(json!({"status": "Un anno di riciclo in Piemonte"}))
        .await;
    anna.post_status(json!({"status": "Riciclo privato", "visibility": "private"}))
        .await;
    let token = app.token_for("ada", "read").await;
    let stdout = crate::clients::mastodon_py("mastodon_py_search.py", app.base_url.clone(), token).await;
    assert!(stdout.contains("found 1 post(s) and ada"), "{stdout}");
}
