//! Attacks on the pages, made from outside: headers that keep pages out of
//! frames and scripts out of pages, lookups that must say nothing of private
//! posts, files that shared caches must not keep, links from other servers,
//! the remote-follow page, password resets and guessed passwords.

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::common::remote::FakeServer;
use crate::common::{PASSWORD, TestApp, eventually};
use crate::federation::Client;

fn header<'a>(page: &'a crate::common::browser::Page, name: &str) -> &'a str {
    page.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

#[tokio::test]
async fn every_page_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let visitor = app.browser();
    for path in [
        "/",
        "/login",
        "/signup",
        "/proposals",
        "/themes",
        "/@alice",
        "/no/such/page",
    ] {
        let page = visitor.get(path).await;
        let csp = header(&page, "content-security-policy");
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("object-src 'none'"), "{path}: {csp}");
        assert_eq!(header(&page, "x-frame-options"), "DENY", "{path}");
        assert_eq!(header(&page, "x-content-type-options"), "nosniff", "{path}");
        assert!(!header(&page, "referrer-policy").is_empty(), "{path}");
        // Pages carry no inline script for the policy to refuse.
        assert!(
            !page.body.contains("<script>") && !page.body.contains(" onclick="),
            "{path}"
        );
    }
    // JSON answers are not pages, but are never sniffed either.
    let api = app.client().get(app.url("/api/v1/instance")).send().await.unwrap();
    assert_eq!(api.headers()["x-content-type-options"], "nosniff");
    assert!(api.headers().get("content-security-policy").is_none());
    // Over plain http there is no HSTS (it would be ignored, and wrong on a test host).
    assert!(
        visitor
            .get("/")
            .await
            .headers
            .get("strict-transport-security")
            .is_none()
    );
}

#[tokio::test]
async fn a_post_the_viewer_may_not_read_is_to_them_no_post_at_all() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;
    let bob = Client::new(&app, "bob").await;
    let private = alice
        .post_status(json!({"status": "Only for my followers", "visibility": "private"}))
        .await;
    let direct = alice
        .post_status(json!({"status": "@bob a secret", "visibility": "direct"}))
        .await;
    let gone_private = alice
        .post_status(json!({"status": "Soon gone", "visibility": "private"}))
        .await;
    let gone_public = alice.post_status(json!({"status": "Public, soon gone"})).await;
    for post in [&gone_private, &gone_public] {
        let (status, _) = alice
            .delete(&format!("/api/v1/statuses/{}", post["id"].as_str().unwrap()))
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let id = |s: &Value| s["id"].as_str().unwrap().to_owned();
    let missing = app.browser().get("/statuses/999999999999").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // Visitors and Carol, who follows no one, see a missing post.
    app.create_user("carol").await;
    let carol = app.browser();
    carol.log_in("carol", PASSWORD).await;
    for viewer in [app.browser(), carol] {
        for post in [&private, &direct, &gone_private, &gone_public] {
            let page = viewer.get(&format!("/statuses/{}", id(post))).await;
            assert_eq!(page.status, StatusCode::NOT_FOUND, "{}", post["content"]);
            assert!(page.location.is_none());
            assert!(!page.body.contains("alice"), "the author is not named");
        }
    }
    // Bob, mentioned, is sent to the direct message.
    let bob_browser = app.browser();
    bob_browser.log_in("bob", PASSWORD).await;
    let page = bob_browser.get(&format!("/statuses/{}", id(&direct))).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    // Nor does opening its address as an interaction say more.
    let uri = private["uri"].as_str().unwrap();
    let page = bob_browser
        .get(&format!(
            "/authorize_interaction?uri={}",
            crate::federation::urlencode(uri)
        ))
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let (status, _) = bob.get(&format!("/api/v1/statuses/{}", id(&private))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Over ActivityPub a deleted private post is unknown; only a public one is gone.
    let fetch = |uri: String| {
        let client = app.client();
        async move {
            client
                .get(uri)
                .header("accept", "application/activity+json")
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(
        fetch(gone_private["uri"].as_str().unwrap().to_owned()).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        fetch(gone_public["uri"].as_str().unwrap().to_owned()).await,
        StatusCode::GONE
    );
    assert_eq!(fetch(uri.to_owned()).await, StatusCode::NOT_FOUND);
}

/// A PNG header of 2×2 pixels.
fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend(2u32.to_be_bytes());
    bytes.extend(2u32.to_be_bytes());
    bytes.extend([8, 6, 0, 0, 0]);
    bytes
}

#[tokio::test]
async fn files_of_posts_not_everyone_may_read_are_kept_by_no_shared_cache() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;
    let mut urls = Vec::new();
    for visibility in ["public", "private", "direct", "none"] {
        let form = Form::new().part("file", Part::bytes(png()).file_name("chart.png"));
        let (status, media) = alice.post_multipart("/api/v2/media", form).await;
        assert_eq!(status, StatusCode::OK, "{media}");
        if visibility != "none" {
            alice
                .post_status(json!({"status": format!("A chart, {visibility}"), "visibility": visibility, "media_ids": [media["id"]]}))
                .await;
        }
        urls.push((visibility, media["url"].as_str().unwrap().to_owned()));
    }
    for (visibility, url) in urls {
        let response = app.client().get(&url).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{visibility}");
        let cache = response.headers()["cache-control"].to_str().unwrap().to_owned();
        if visibility == "public" {
            assert!(cache.starts_with("public"), "{visibility}: {cache}");
        } else {
            assert_eq!(cache, "private, no-store", "{visibility}");
        }
    }
}

#[tokio::test]
async fn links_from_other_servers_and_apps_are_only_ever_http() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;
    // An app's website: refused unless http(s).
    for website in ["javascript:alert(document.cookie)", "data:text/html,<script>x</script>"] {
        let response = app
            .client()
            .post(app.url("/api/v1/apps"))
            .json(&json!({"client_name": "Evil", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob", "website": website}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{website}");
    }
    // A remote actor whose profile and pictures are script URLs.
    let remote = FakeServer::start().await;
    let mut actor = remote.person("mallory");
    actor["url"] = json!("javascript:alert(document.cookie)");
    actor["icon"] = json!({"type": "Image", "url": "javascript:alert(1)"});
    actor["attachment"] =
        json!([{"type": "PropertyValue", "name": "Site", "value": "<a href=\"javascript:alert(1)\">me</a>"}]);
    remote.serve("/users/mallory", actor.clone());
    let account = alice.resolve_account(actor["id"].as_str().unwrap()).await;
    assert!(account["url"].as_str().unwrap().starts_with("http"), "{account}");
    assert!(!account.to_string().contains("javascript:"), "{account}");
    let browser = app.browser();
    browser.log_in("alice", PASSWORD).await;
    let profile = browser.get(&format!("/@mallory@{}", remote.host)).await;
    assert_eq!(profile.status, StatusCode::OK, "{}", profile.body);
    assert!(!profile.body.to_lowercase().contains("javascript:"), "{}", profile.body);
}

#[tokio::test]
async fn remote_follow_takes_a_bare_handle_and_sends_people_only_to_its_own_server() {
    let app = TestApp::spawn().await;
    app.create_user("ilaria").await;
    let theirs = FakeServer::start().await;
    let elsewhere = FakeServer::start().await;
    let visitor = app.browser();
    let ask = |handle: String| {
        let visitor = &visitor;
        async move {
            visitor
                .get(&format!(
                    "/remote_follow?acct=ilaria&handle={}",
                    crate::federation::urlencode(&handle)
                ))
                .await
        }
    };
    // A path, a port elsewhere, a URL, credentials: refused before any request is made.
    for handle in [
        format!("luca@{}/admin", theirs.host),
        format!("luca@{}?x=1", theirs.host),
        format!("luca@http://{}", theirs.host),
        format!("luca@user:pw@{}", theirs.host),
    ] {
        let page = ask(handle.clone()).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{handle}");
        assert!(page.location.is_none());
    }
    assert!(theirs.requested().is_empty(), "{:?}", theirs.requested());

    // A WebFinger answer that sends people to another server: not followed.
    theirs.webfinger_answers(json!({
        "subject": format!("acct:luca@{}", theirs.host),
        "links": [{"rel": "http://ostatus.org/schema/1.0/subscribe", "template": elsewhere.url("/authorize_interaction?uri={uri}")}],
    }));
    let page = ask(format!("luca@{}", theirs.host)).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.location.is_none());
    assert!(elsewhere.requested().is_empty());

    // Its own server's page: followed.
    theirs.webfinger_answers(json!({
        "subject": format!("acct:luca@{}", theirs.host),
        "links": [{"rel": "http://ostatus.org/schema/1.0/subscribe", "template": theirs.url("/authorize_interaction?uri={uri}")}],
    }));
    let page = ask(format!("luca@{}", theirs.host)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert!(
        page.location
            .unwrap()
            .starts_with(&theirs.url("/authorize_interaction?uri="))
    );
}

/// The reset link in the newest mail to `address`.
fn reset_link(app: &TestApp, address: &str) -> Option<String> {
    let mail = app.mails().into_iter().rev().find(|m| m.contains(address))?;
    let unfolded = mail.replace("=\r\n", "").replace("=\n", "").replace("=3D", "=");
    let start = unfolded.find("/password/reset/")?;
    let token: String = unfolded[start + "/password/reset/".len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    Some(format!("/password/reset/{token}"))
}

#[tokio::test]
async fn a_forgotten_password_is_reset_once_by_mail_and_signs_out_everywhere() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;
    let session = app.browser();
    session.log_in("alice", PASSWORD).await;

    let visitor = app.browser();
    let form = visitor.get("/login").await;
    assert!(form.contains("/password/reset"));
    visitor.get("/password/reset").await;
    // An unknown address gets the same answer, and no mail.
    let unknown = visitor
        .post("/password/reset", &[("email", "nobody@fucina.example")])
        .await;
    let known = visitor
        .post("/password/reset", &[("email", "ALICE@fucina.example")])
        .await;
    assert_eq!(unknown.status, StatusCode::OK);
    assert_eq!(known.status, StatusCode::OK);
    assert!(known.contains("on its way") && unknown.contains("on its way"));
    eventually("the link is mailed", || async {
        reset_link(&app, "alice@fucina.example").is_some()
    })
    .await;
    assert!(app.mails().iter().all(|m| !m.contains("nobody@fucina.example")));
    let link = reset_link(&app, "alice@fucina.example").unwrap();

    let page = visitor.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    let short = visitor.post(&link, &[("password", "short")]).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = visitor.post(&link, &[("password", "a brand new passphrase")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    // Once only.
    assert_eq!(visitor.get(&link).await.status, StatusCode::NOT_FOUND);
    // Everyone who knew the old password is out: the session, the app's token.
    assert_eq!(session.get("/settings/profile").await.status, StatusCode::SEE_OTHER);
    let (status, _) = alice.get("/api/v1/accounts/verify_credentials").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    visitor.log_in("alice", "a brand new passphrase").await;
}

#[tokio::test]
async fn wrong_passwords_from_a_stranger_do_not_lock_the_owner_out() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let mut stranger = app.browser();
    stranger.forwarded_for = Some("198.51.100.7".into());
    stranger.get("/login").await;
    for _ in 0..10 {
        let page = stranger
            .post("/login", &[("login", "alice"), ("password", "wrong guess")])
            .await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
    let refused = stranger
        .post("/login", &[("login", "alice"), ("password", PASSWORD)])
        .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = header(&refused, "retry-after").parse().unwrap();
    assert!((1..=900).contains(&retry), "{retry}");

    // Alice, from her own address, signs in as usual.
    let mut owner = app.browser();
    owner.forwarded_for = Some("203.0.113.5".into());
    owner.log_in("alice", PASSWORD).await;

    // A client cannot choose its address: a forged header behind our proxy is not believed.
    let mut forger = app.browser();
    forger.forwarded_for = Some("203.0.113.5, 198.51.100.7".into());
    forger.get("/login").await;
    let page = forger
        .post("/login", &[("login", "alice"), ("password", PASSWORD)])
        .await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);

    // Spraying many accounts from one address meets the per-address limit.
    let mut sprayer = app.browser();
    sprayer.forwarded_for = Some("192.0.2.44".into());
    sprayer.get("/login").await;
    let mut statuses = Vec::new();
    for n in 0..30 {
        let name = format!("user{n}");
        statuses.push(
            sprayer
                .post("/login", &[("login", &name), ("password", "guess")])
                .await
                .status,
        );
    }
    assert!(
        statuses[..25].iter().all(|s| *s == StatusCode::UNAUTHORIZED),
        "{statuses:?}"
    );
    assert!(
        statuses[25..].iter().all(|s| *s == StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
}
