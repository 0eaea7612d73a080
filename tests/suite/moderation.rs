//! Moderation of local accounts and the GDPR deletion of one's own account,
//! from outside: the admin API, the owner's pages, and what other servers get.

use std::time::Duration;

use fucina::domain::account::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::remote::FakeServer;
use crate::common::{PASSWORD, TestApp, schema, text_of, wait_until};
use crate::federation::Client;
use crate::reports::{id_of, known_remote, post_by};

pub async fn moderator<'a>(app: &'a TestApp, name: &str) -> Client<'a> {
    app.create_user_with_role(name, Role::Moderator).await;
    Client {
        app,
        token: app.token_for(name, "read write admin:read admin:write").await,
        username: name.into(),
    }
}

/// A remote actor that follows `local`, so that its server knows `local`.
async fn remote_follower(app: &TestApp, remote: &FakeServer, local: &str) -> String {
    known_remote(app, remote, &app.url(&format!("/users/{local}"))).await
}

async fn in_public(client: &Client<'_>, post: &str) -> bool {
    let (_, timeline) = client.get("/api/v1/timelines/public?local=true").await;
    timeline.as_array().unwrap().iter().any(|s| s["id"] == json!(post))
}

async fn actor_status(app: &TestApp, name: &str) -> StatusCode {
    app.client()
        .get(app.url(&format!("/users/{name}")))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .status()
}

async fn delivered(remote: &FakeServer, what: impl Fn(&Value) -> bool) -> bool {
    wait_until(Duration::from_secs(15), || async {
        remote.received().iter().any(|d| what(&d.body))
    })
    .await
}

#[tokio::test]
async fn a_suspension_answers_410_tells_known_servers_and_can_be_lifted_with_the_posts_it_hid() {
    let app = TestApp::spawn().await;
    let bob = Client::new(&app, "bob").await;
    let mona = moderator(&app, "mona").await;
    let remote = FakeServer::start().await;
    remote_follower(&app, &remote, "bob").await;
    let post = post_by(&bob, "Buy cheap followers now").await;
    let deleted_before = post_by(&bob, "A post bob deleted himself").await;
    let (status, _) = bob.delete(&format!("/api/v1/statuses/{deleted_before}")).await;
    assert_eq!(status, StatusCode::OK);
    let bob_id = id_of(&bob).await;
    let bob_ap_id = app.url("/users/bob");

    let (status, done) = mona
        .post(
            &format!("/api/v1/admin/accounts/{bob_id}/action"),
            json!({ "type": "suspend", "text": "Spam, again and again" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done, json!({}));

    assert_eq!(actor_status(&app, "bob").await, StatusCode::GONE);
    let finger = app
        .client()
        .get(app.url(&format!(
            "/.well-known/webfinger?resource=acct:bob@{}",
            app.state().config.server.domain
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(finger.status(), StatusCode::GONE);
    let (status, _) = bob.get("/api/v1/accounts/verify_credentials").await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the suspended account's tokens are revoked"
    );
    let (status, _) = mona.get(&format!("/api/v1/statuses/{post}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "its posts are hidden");
    assert!(
        delivered(&remote, |b| b["type"] == "Delete" && b["object"] == json!(bob_ap_id)).await,
        "Delete(Person) reaches the server that knew bob"
    );
    let (_, shown) = mona.get(&format!("/api/v1/admin/accounts/{bob_id}")).await;
    schema::assert_matches("AdminAccount", &shown);
    assert_eq!(shown["suspended"], true);

    let (status, lifted) = mona
        .post(&format!("/api/v1/admin/accounts/{bob_id}/unsuspend"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{lifted}");
    schema::assert_matches("AdminAccount", &lifted);
    assert_eq!(lifted["suspended"], false);
    assert_eq!(actor_status(&app, "bob").await, StatusCode::OK);
    let (status, back) = mona.get(&format!("/api/v1/statuses/{post}")).await;
    assert_eq!(status, StatusCode::OK, "the hidden post is back: {back}");
    let (status, _) = mona.get(&format!("/api/v1/statuses/{deleted_before}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "what bob deleted himself stays deleted");
    assert!(
        delivered(&remote, |b| b["type"] == "Update"
            && b["object"]["id"] == json!(bob_ap_id))
        .await,
        "the lifted account is sent again"
    );
    let logged = text_of(
        &app,
        "SELECT string_agg(action, ',' ORDER BY id) AS value FROM moderation_log",
    )
    .await;
    assert_eq!(logged.as_deref(), Some("account_suspend,unsuspend"));
}

#[tokio::test]
async fn only_moderators_act_never_on_their_peers_or_on_other_servers_and_refused_actions_change_nothing() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;
    let bob = Client::new(&app, "bob").await;
    let mona = moderator(&app, "mona").await;
    let max = moderator(&app, "max").await;
    let remote = FakeServer::start().await;
    let mallory = remote_follower(&app, &remote, "bob").await;
    let mallory_id = text_of(
        &app,
        &format!("SELECT id::text AS value FROM actors WHERE ap_id = '{mallory}'"),
    )
    .await
    .unwrap();
    let bob_id = id_of(&bob).await;
    let suspend = json!({ "type": "suspend" });

    let nosy = Client {
        app: &app,
        token: app.token_for("alice", "read write admin:read admin:write").await,
        username: "alice".into(),
    };
    let (status, _) = nosy
        .post(&format!("/api/v1/admin/accounts/{bob_id}/action"), suspend.clone())
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a user with admin scopes is no moderator"
    );
    let (status, _) = alice
        .post(&format!("/api/v1/admin/accounts/{bob_id}/action"), suspend.clone())
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a token without admin scopes");
    let (status, _) = mona
        .post(
            &format!("/api/v1/admin/accounts/{}/action", id_of(&max).await),
            suspend.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a moderator on another moderator");
    let (status, error) = mona
        .post(
            &format!("/api/v1/admin/accounts/{bob_id}/action"),
            json!({ "type": "ban" }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert!(error["error"].is_string());
    let (status, _) = mona
        .post(&format!("/api/v1/admin/accounts/{mallory_id}/action"), suspend.clone())
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "an account of another server");
    let (status, _) = mona.post("/api/v1/admin/accounts/999999/action", suspend.clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = mona.delete(&format!("/api/v1/admin/accounts/{bob_id}")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only a suspended account is purged");

    assert_eq!(app.count("account_warnings").await, 0);
    assert_eq!(app.count("moderation_log").await, 0);
    let (status, _) = bob.get("/api/v1/accounts/verify_credentials").await;
    assert_eq!(status, StatusCode::OK, "bob was not touched");
}

#[tokio::test]
async fn a_silenced_person_is_told_why_may_appeal_once_and_an_approved_appeal_lifts_the_silence() {
    let app = TestApp::spawn().await;
    let bob = Client::new(&app, "bob").await;
    let mona = moderator(&app, "mona").await;
    let post = post_by(&bob, "Loud and public").await;
    let bob_id = id_of(&bob).await;
    assert!(in_public(&mona, &post).await);

    let (status, _) = mona
        .post(
            &format!("/api/v1/admin/accounts/{bob_id}/action"),
            json!({ "type": "silence", "text": "Too many unsolicited offers" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !in_public(&mona, &post).await,
        "a silenced account stays out of public timelines"
    );
    let (status, _) = bob.get(&format!("/api/v1/statuses/{post}")).await;
    assert_eq!(status, StatusCode::OK, "but its posts are still there");

    let (_, told) = bob.get("/api/v1/notifications?types[]=moderation_warning").await;
    schema::assert_matches_each("Notification", &told);
    let warning = &told[0]["moderation_warning"];
    assert_eq!(warning["action"], "silence", "{told}");
    assert_eq!(warning["text"], "Too many unsolicited offers");
    assert_eq!(told[0]["account"]["id"], json!(bob_id), "the moderator stays unnamed");
    assert!(!told.to_string().contains("mona"), "{told}");
    let warning_id = warning["id"].as_str().unwrap().to_owned();

    let browser = app.browser();
    browser.log_in("bob", PASSWORD).await;
    let page = browser.get("/settings/moderation").await;
    assert!(page.contains("Too many unsolicited offers"), "{}", page.body);
    let path = format!("/settings/moderation/{warning_id}/appeal");
    let refused = browser.post(&path, &[("text", "   ")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("Write your appeal"), "{}", refused.body);
    let sent = browser
        .post(&path, &[("text", "These were answers to a call for partners")])
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let again = browser.post(&path, &[("text", "Please, again")]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "one appeal each");

    let (_, appeals) = mona.get("/api/fucina/v1/admin/appeals").await;
    schema::assert_matches_each("AccountWarning", &appeals);
    assert_eq!(appeals.as_array().unwrap().len(), 1, "{appeals}");
    assert_eq!(
        appeals[0]["appeal"]["text"],
        "These were answers to a call for partners"
    );
    assert_eq!(appeals[0]["appeal"]["state"], "pending");
    let (status, decided) = mona
        .post(&format!("/api/fucina/v1/admin/appeals/{warning_id}/approve"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    assert_eq!(decided["appeal"]["state"], "approved");
    assert!(in_public(&mona, &post).await, "the approved appeal lifted the silence");
    let (_, shown) = mona.get(&format!("/api/v1/admin/accounts/{bob_id}")).await;
    assert_eq!(shown["silenced"], false);
    let (status, _) = mona
        .post(&format!("/api/fucina/v1/admin/appeals/{warning_id}/reject"), json!({}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a decided appeal is not decided again");
}

#[tokio::test]
async fn a_disabled_account_cannot_sign_in_until_enabled_and_then_reads_why() {
    let app = TestApp::spawn().await;
    let bob = Client::new(&app, "bob").await;
    let mona = moderator(&app, "mona").await;
    let bob_id = id_of(&bob).await;

    let (status, _) = mona
        .post(
            &format!("/api/v1/admin/accounts/{bob_id}/action"),
            json!({ "type": "disable", "text": "Compromised?" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = bob.get("/api/v1/accounts/verify_credentials").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let browser = app.browser();
    browser.get("/login").await;
    let page = browser
        .post("/login", &[("login", "bob"), ("password", PASSWORD)])
        .await;
    assert!(
        page.contains("disabled by a moderator"),
        "{} {}",
        page.status,
        page.body
    );
    let (_, shown) = mona
        .post(&format!("/api/v1/admin/accounts/{bob_id}/enable"), json!({}))
        .await;
    assert_eq!(shown["disabled"], false);
    browser.log_in("bob", PASSWORD).await;
    let page = browser.get("/settings/moderation").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains("Compromised?"));
}

#[tokio::test]
async fn deleting_my_account_needs_my_password_erases_me_and_tells_the_servers_that_knew_me() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;
    let bob = Client::new(&app, "bob").await;
    let remote = FakeServer::start().await;
    remote_follower(&app, &remote, "bob").await;
    let bobs = post_by(&bob, "My words, my data").await;
    post_with_picture(&bob, "My picture").await;
    assert_eq!(crate::media::stored_files(&app), 1);
    let alices = post_by(&alice, "Something bob likes").await;
    let (status, _) = bob
        .post(&format!("/api/v1/statuses/{alices}/favourite"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = bob
        .post(&format!("/api/v1/accounts/{}/follow", id_of(&alice).await), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);

    let browser = app.browser();
    browser.log_in("bob", PASSWORD).await;
    let form = browser.get("/settings/delete").await;
    assert_eq!(form.status, StatusCode::OK);
    let refused = browser
        .post("/settings/delete", &[("password", "not my password")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("users").await, 2, "a wrong password deletes nothing");

    let done = browser.post("/settings/delete", &[("password", PASSWORD)]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(app.count("users").await, 1);
    assert_eq!(actor_status(&app, "bob").await, StatusCode::GONE);
    let kept = text_of(
        &app,
        &format!("SELECT content AS value FROM statuses WHERE id = {bobs}"),
    )
    .await;
    assert_eq!(kept.as_deref(), Some(""), "the post's text is gone");
    let (_, liked) = alice.get(&format!("/api/v1/statuses/{alices}")).await;
    assert_eq!(liked["favourites_count"], 0, "{liked}");
    let (_, me) = alice.get("/api/v1/accounts/verify_credentials").await;
    assert_eq!(me["followers_count"], 0, "{me}");
    assert_eq!(app.count("favourites").await, 0);
    assert_eq!(crate::media::stored_files(&app), 0, "the uploaded file is removed");
    assert_eq!(app.count("attachments").await, 0);
    assert_eq!(app.count("follows").await, 0);
    let bob_ap_id = app.url("/users/bob");
    assert!(
        delivered(&remote, |b| b["type"] == "Delete" && b["object"] == json!(bob_ap_id)).await,
        "Delete(Person) reaches the server that knew bob"
    );
    let again = app.browser();
    again.get("/login").await;
    let page = again.post("/login", &[("login", "bob"), ("password", PASSWORD)]).await;
    assert_ne!(page.status, StatusCode::SEE_OTHER, "bob cannot sign in any more");
}

async fn post_with_picture(client: &Client<'_>, text: &str) -> Value {
    let (status, media) = crate::media::upload(client, "field.png", &crate::media::png(3, 2), &[]).await;
    assert_eq!(status, StatusCode::OK, "{media}");
    let (status, post) = client
        .post(
            "/api/v1/statuses",
            json!({ "status": text, "media_ids": [media["id"]] }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{post}");
    post
}

#[tokio::test]
async fn media_of_an_account_marked_sensitive_are_sensitive_old_and_new_until_the_mark_is_lifted() {
    let app = TestApp::spawn().await;
    let bob = Client::new(&app, "bob").await;
    let mona = moderator(&app, "mona").await;
    let bob_id = id_of(&bob).await;
    let before = post_with_picture(&bob, "A picture").await;
    assert_eq!(before["sensitive"], false);
    let words = post_by(&bob, "Only words").await;

    let (status, _) = mona
        .post(
            &format!("/api/v1/admin/accounts/{bob_id}/action"),
            json!({ "type": "sensitive" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, old) = mona
        .get(&format!("/api/v1/statuses/{}", before["id"].as_str().unwrap()))
        .await;
    assert_eq!(old["sensitive"], true, "{old}");
    let (_, plain) = mona.get(&format!("/api/v1/statuses/{words}")).await;
    assert_eq!(plain["sensitive"], false, "a post without media is left alone");
    let new = post_with_picture(&bob, "Another picture").await;
    assert_eq!(new["sensitive"], true, "{new}");

    let (_, shown) = mona
        .post(&format!("/api/v1/admin/accounts/{bob_id}/unsensitive"), json!({}))
        .await;
    assert_eq!(shown["sensitized"], false);
    let after = post_with_picture(&bob, "A third picture").await;
    assert_eq!(after["sensitive"], false);
}

#[tokio::test]
async fn a_deleted_authors_proposal_that_others_joined_stays_under_a_deleted_account_and_the_rest_goes() {
    use crate::proposals::{create, post_ok, proposal_body, theme_id};
    let app = crate::proposals::themed().spawn().await;
    let anna = Client::new(&app, "anna").await;
    let ben = Client::new(&app, "ben").await;
    let group = theme_id(&anna, "agrifood").await;
    let mut body = proposal_body(&group);
    body["submit"] = json!(true);
    let joined = create(&anna, body.clone()).await["id"].as_str().unwrap().to_owned();
    let alone = create(&anna, body).await["id"].as_str().unwrap().to_owned();
    let interest = post_ok(
        &ben,
        &format!("/api/fucina/v1/proposals/{joined}/interests"),
        json!({ "offer": "Field trials" }),
    )
    .await;
    post_ok(
        &anna,
        &format!("/api/fucina/v1/interests/{}/accept", interest["id"].as_str().unwrap()),
        json!({}),
    )
    .await;

    let browser = app.browser();
    browser.log_in("anna", PASSWORD).await;
    browser.get("/settings/delete").await;
    let done = browser.post("/settings/delete", &[("password", PASSWORD)]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);

    let (status, kept) = ben.get(&format!("/api/fucina/v1/proposals/{joined}")).await;
    assert_eq!(status, StatusCode::OK, "{kept}");
    assert_eq!(kept["author"]["display_name"], "Deleted account");
    let page = app.browser().get(&format!("/proposals/{joined}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains("Deleted account"), "{}", page.body);
    let (status, _) = ben.get(&format!("/api/fucina/v1/proposals/{alone}")).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a proposal no one joined goes with its author"
    );
    assert_eq!(
        app.count("interests").await,
        1,
        "ben's accepted interest is ben's and stays"
    );
}

#[tokio::test]
async fn administrators_write_the_rules_in_each_language_and_sign_up_reports_and_apps_show_them() {
    let app = TestApp::spawn().await;
    app.create_user_with_role("ada", Role::Admin).await;
    let mona = moderator(&app, "mona").await;
    let alice = Client::new(&app, "alice").await;
    let bob = Client::new(&app, "bob").await;

    let moderators_page = app.browser();
    moderators_page.log_in("mona", PASSWORD).await;
    assert_eq!(moderators_page.get("/admin/rules").await.status, StatusCode::FORBIDDEN);

    let admin = app.browser();
    admin.log_in("ada", PASSWORD).await;
    assert_eq!(admin.get("/admin/rules").await.status, StatusCode::OK);
    let refused = admin
        .post(
            "/admin/rules",
            &[("position", "1"), ("text_en", " "), ("hint_en", "Only a hint")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.contains("Write the rule in at least one language"),
        "{}",
        refused.body
    );
    assert!(refused.contains("Only a hint"), "what was typed comes back");
    assert_eq!(app.count("rules").await, 0);
    let saved = admin
        .post(
            "/admin/rules",
            &[
                ("position", "1"),
                ("text_en", "Be kind"),
                ("hint_en", "No insults"),
                ("text_it", "Sii gentile"),
                ("hint_it", "Niente insulti"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let rule_id = text_of(&app, "SELECT id::text AS value FROM rules").await.unwrap();

    let italian = app
        .client()
        .get(app.url("/api/v1/instance/rules"))
        .header("accept-language", "it")
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    schema::assert_matches_each("Rule", &italian);
    assert_eq!(italian[0]["text"], "Sii gentile", "{italian}");
    assert_eq!(italian[0]["translations"]["en"]["hint"], "No insults");
    let (_, instance) = alice.get("/api/v2/instance").await;
    assert_eq!(instance["rules"][0]["id"], json!(rule_id), "{instance}");
    let signup = app.browser().get("/signup").await;
    assert!(signup.contains("Be kind"), "{}", signup.body);

    let bob_id = id_of(&bob).await;
    for (body, why) in [
        (
            json!({ "account_id": bob_id, "category": "spam", "rule_ids": [rule_id] }),
            "rules with spam",
        ),
        (
            json!({ "account_id": bob_id, "category": "violation", "rule_ids": ["999999"] }),
            "an unknown rule",
        ),
    ] {
        let (status, error) = alice.post("/api/v1/reports", body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{why}: {error}");
    }
    let (status, report) = alice
        .post(
            "/api/v1/reports",
            json!({ "account_id": bob_id, "rule_ids": [rule_id] }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["category"], "violation");
    assert_eq!(report["rule_ids"], json!([rule_id]));
    let (_, queue) = mona.get("/api/v1/admin/reports").await;
    schema::assert_matches_each("AdminReport", &queue);
    assert_eq!(queue[0]["rules"][0]["text"], "Be kind", "{queue}");

    let rewritten = admin
        .post(
            &format!("/admin/rules/{rule_id}"),
            &[("position", "2"), ("text_en", "Be very kind")],
        )
        .await;
    assert_eq!(rewritten.status, StatusCode::SEE_OTHER);
    let (_, rules) = alice.get("/api/v1/instance/rules").await;
    assert_eq!(rules[0]["text"], "Be very kind");
    assert!(rules[0]["translations"].get("it").is_none(), "{rules}");
    let deleted = admin
        .post(&format!("/admin/rules/{rule_id}/delete"), &[("confirm", "1")])
        .await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("rules").await, 0);
    let logged = text_of(
        &app,
        "SELECT count(*)::text AS value FROM moderation_log WHERE action LIKE 'rule_%'",
    )
    .await;
    assert_eq!(logged.as_deref(), Some("3"));
}

#[tokio::test]
async fn a_removed_post_is_deleted_everywhere_its_author_is_told_why_and_the_reporter_hears_it_was_dealt_with() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;
    let bob = Client::new(&app, "bob").await;
    let mona = moderator(&app, "mona").await;
    let remote = FakeServer::start().await;
    remote_follower(&app, &remote, "bob").await;
    let post = post_by(&bob, "Buy cheap followers now").await;
    let uri = text_of(&app, &format!("SELECT ap_id AS value FROM statuses WHERE id = {post}"))
        .await
        .unwrap();
    let bob_id = id_of(&bob).await;
    let (_, report) = alice
        .post(
            "/api/v1/reports",
            json!({ "account_id": bob_id, "status_ids": [post], "category": "spam" }),
        )
        .await;
    let report_id = report["id"].as_str().unwrap().to_owned();

    let (status, _) = alice
        .post(
            &format!("/api/fucina/v1/admin/statuses/{post}/remove"),
            json!({ "reason": "Spam" }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not a moderator");
    let (status, done) = mona
        .post(
            &format!("/api/fucina/v1/admin/statuses/{post}/remove"),
            json!({ "reason": "Spam" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let (status, _) = alice.get(&format!("/api/v1/statuses/{post}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        delivered(&remote, |b| b["type"] == "Delete" && b["object"]["id"] == json!(uri)).await,
        "the removal federates as the author's Delete"
    );
    let (_, told) = bob.get("/api/v1/notifications?types[]=moderation_warning").await;
    assert_eq!(told[0]["moderation_warning"]["action"], "delete_statuses", "{told}");
    assert_eq!(told[0]["moderation_warning"]["status_ids"], json!([post]));
    assert_eq!(told[0]["moderation_warning"]["text"], "Spam");
    let (status, _) = mona
        .post(
            &format!("/api/fucina/v1/admin/statuses/{post}/remove"),
            json!({ "reason": "Again" }),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a removed post is not removed twice");

    let (status, _) = mona
        .post(
            &format!("/api/v1/admin/accounts/{bob_id}/action"),
            json!({ "type": "none", "text": "Last warning", "report_id": report_id }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, report) = mona.get(&format!("/api/v1/admin/reports/{report_id}")).await;
    assert_eq!(report["action_taken"], true, "{report}");
    let (_, heard) = alice.get("/api/v1/notifications?types[]=report_resolved").await;
    assert_eq!(heard.as_array().unwrap().len(), 1, "{heard}");
    assert!(
        !heard.to_string().contains("mona"),
        "the moderator stays unnamed: {heard}"
    );
    let (_, plain) = alice.get("/api/v1/notifications").await;
    schema::assert_matches_each("Notification", &plain);
    assert!(plain.as_array().unwrap().iter().all(|n| n["type"] != "report_resolved"));
}

#[tokio::test]
async fn in_the_browser_a_person_reports_a_post_and_a_moderator_works_it_from_the_queue() {
    let app = TestApp::spawn().await;
    let _alice = Client::new(&app, "alice").await;
    let bob = Client::new(&app, "bob").await;
    moderator(&app, "mona").await;
    let post = post_by(&bob, "Buy cheap followers now").await;
    let bob_id = id_of(&bob).await;

    let alice = app.browser();
    alice.log_in("alice", PASSWORD).await;
    let profile = alice.get("/@bob").await;
    assert!(profile.contains("/report?account=bob"), "{}", profile.body);
    let form = alice.get(&format!("/report?account=bob&status={post}")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.contains("Buy cheap followers now"));
    let refused = alice
        .post(
            "/report",
            &[
                ("account", "bob"),
                ("status_ids", &post),
                ("category", "rude"),
                ("comment", "Pure spam"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.contains("Pure spam"),
        "what was typed comes back: {}",
        refused.body
    );
    assert_eq!(app.count("reports").await, 0);
    let sent = alice
        .post(
            "/report",
            &[
                ("account", "bob"),
                ("status_ids", &post),
                ("category", "spam"),
                ("comment", "Pure spam"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(sent.location.as_deref(), Some("/@bob"));
    let report_id = text_of(&app, "SELECT id::text AS value FROM reports").await.unwrap();

    let bobs_browser = app.browser();
    bobs_browser.log_in("bob", PASSWORD).await;
    assert_eq!(bobs_browser.get("/moderation").await.status, StatusCode::FORBIDDEN);

    let mona = app.browser();
    mona.log_in("mona", PASSWORD).await;
    let queue = mona.get("/moderation").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(
        queue.contains("Pure spam") && queue.contains("Buy cheap followers now"),
        "{}",
        queue.body
    );
    assert!(queue.contains("alice"), "moderators see who reported");
    let removed = mona
        .post(&format!("/moderation/statuses/{post}/remove"), &[("text", "Spam")])
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    let gone = text_of(
        &app,
        &format!("SELECT (deleted_at IS NOT NULL)::text AS value FROM statuses WHERE id = {post}"),
    )
    .await;
    assert_eq!(gone.as_deref(), Some("true"));
    let acted = mona
        .post(
            &format!("/moderation/accounts/{bob_id}/action"),
            &[("action", "silence"), ("text", "Spam"), ("report_id", &report_id)],
        )
        .await;
    assert_eq!(acted.status, StatusCode::SEE_OTHER, "{}", acted.body);
    let resolved = text_of(&app, "SELECT (resolved_at IS NOT NULL)::text AS value FROM reports").await;
    assert_eq!(resolved.as_deref(), Some("true"));
    let silenced = text_of(&app, "SELECT (u.silenced_at IS NOT NULL)::text AS value FROM users u JOIN actors a ON a.id = u.actor_id WHERE a.username = 'bob'").await;
    assert_eq!(silenced.as_deref(), Some("true"));
    assert!(mona.get("/moderation").await.contains("No open reports"));
}

#[tokio::test]
async fn sign_up_asks_for_the_terms_an_administrator_wrote_and_keeps_the_date_they_were_accepted() {
    let app = TestApp::spawn().await;
    app.create_user_with_role("ada", Role::Admin).await;
    let admin = app.browser();
    admin.log_in("ada", PASSWORD).await;
    assert_eq!(admin.get("/admin/legal").await.status, StatusCode::OK);
    let saved = admin
        .post(
            "/admin/legal",
            &[
                ("terms_en", "Be a good neighbour.\n\nNo spam."),
                ("terms_it", "Sii un buon vicino."),
                ("privacy_en", "We keep your e-mail address."),
                ("privacy_it", ""),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let terms = app.browser().get("/terms").await;
    assert!(
        terms.contains("<p>Be a good neighbour.</p>") && terms.contains("<p>No spam.</p>"),
        "{}",
        terms.body
    );
    let mut italian = app.browser();
    italian.accept_language = Some("it".into());
    assert!(italian.get("/terms").await.contains("Sii un buon vicino."));
    assert!(
        italian.get("/privacy").await.contains("We keep your e-mail address."),
        "a document not written in Italian falls back to English"
    );

    let visitor = app.browser();
    let form = visitor.get("/signup").await;
    assert!(
        form.contains("href=\"/terms\"") && form.contains("name=\"agreement\""),
        "{}",
        form.body
    );
    let fields = [
        ("username", "nina"),
        ("email", "nina@fucina.example"),
        ("password", PASSWORD),
    ];
    let refused = visitor.post("/signup", &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("You must accept the terms"), "{}", refused.body);
    assert!(refused.contains("nina@fucina.example"), "what was typed comes back");
    assert_eq!(app.count("users").await, 1);
    let mut agreed = fields.to_vec();
    agreed.push(("agreement", "1"));
    let created = visitor.post("/signup", &agreed).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let when = text_of(
        &app,
        "SELECT (terms_accepted_at > now() - interval '1 minute')::text AS value FROM users u \
         JOIN actors a ON a.id = u.actor_id WHERE a.username = 'nina'",
    )
    .await;
    assert_eq!(when.as_deref(), Some("true"));
    let (_, instance) = Client::new(&app, "otto").await.get("/api/v2/instance").await;
    assert_eq!(
        instance["configuration"]["urls"]["terms_of_service"],
        json!(app.url("/terms"))
    );
}
