//! Attacks on the API and OAuth, made from outside: tokens reading beyond
//! their scopes on every endpoint, the OAuth rules a hostile app would bend,
//! passwords changed, `/metrics`, and the limits on apps and tokens.

use base64::Engine;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::Digest;

use crate::common::{PASSWORD, TestApp};
use crate::federation::Client;
use crate::proposals::{client_with_role, create, post_ok, proposal_body, published, theme_id};
use fucina::domain::account::Role;

/// What only their owners may read, written into the instance.
const SECRETS: [&str; 4] = [
    "SECRET-PRIVATE-42",
    "SECRET-DIRECT-42",
    "SECRET-DRAFT-42",
    "SECRET-INTEREST-42",
];

/// Endpoints that say nothing private and answer any token, as Mastodon's do.
const OPEN: [&str; 10] = [
    "/api/v1/instance",
    "/api/v2/instance",
    "/api/v1/custom_emojis",
    "/api/v1/instance/rules",
    "/api/openapi.json",
    "/api/v1/apps/verify_credentials",
    "/api/fucina/v1/directory",
    "/api/v1/instance/peers",
    "/api/v1/instance/activity",
    "/api/v1/instance/extended_description",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_without_the_read_scope_reads_nothing_on_any_endpoint() {
    let app = TestApp::builder().with("themes.create_defaults", true).spawn().await;
    let alice = Client::new(&app, "alice").await;
    let bob = Client::new(&app, "bob").await;
    let facilitator = client_with_role(&app, "fabio", Role::Facilitator).await;
    let private = alice
        .post_status(json!({"status": SECRETS[0], "visibility": "private"}))
        .await;
    let direct = alice
        .post_status(json!({"status": format!("@bob {}", SECRETS[1]), "visibility": "direct"}))
        .await;
    let group = theme_id(&alice, "agrifood").await;
    let mut body = proposal_body(&group);
    body["title"] = json!(SECRETS[2]);
    let draft = create(&alice, body).await;
    let open = published(&bob, &facilitator).await;
    post_ok(
        &alice,
        &format!("/api/fucina/v1/proposals/{}/interests", open["id"].as_str().unwrap()),
        json!({"offer": SECRETS[3], "about": "Agronomist"}),
    )
    .await;
    let (_, me) = alice.get("/api/v1/accounts/verify_credentials").await;
    let ids: Vec<String> = [&me, &private, &direct, &draft, &open]
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .chain([group.clone()])
        .collect();

    let (_, spec) = alice.get("/api/openapi.json").await;
    let paths: Vec<String> = spec["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(path, ops)| ops.get("get").is_some() && path.starts_with("/api/"))
        .map(|(path, _)| path.clone())
        .collect();
    assert!(paths.len() > 40, "{paths:?}");
    for scope in ["push", "write:media", "write"] {
        let token = app.token_for("alice", scope).await;
        for path in &paths {
            let concrete: Vec<String> = if path.contains('{') {
                ids.iter()
                    .map(|id| {
                        let mut filled = path.clone();
                        while let (Some(start), Some(end)) = (filled.find('{'), filled.find('}')) {
                            filled.replace_range(start..=end, id);
                        }
                        filled
                    })
                    .collect()
            } else {
                vec![path.clone()]
            };
            for url in concrete {
                let response = app
                    .client()
                    .get(app.url(&url))
                    .bearer_auth(&token)
                    .send()
                    .await
                    .unwrap();
                let status = response.status();
                let text = response.text().await.unwrap_or_default();
                for secret in SECRETS {
                    assert!(!text.contains(secret), "{scope} read {secret} at {url}");
                }
                if status.is_success() {
                    assert!(
                        OPEN.contains(&path.as_str()),
                        "{scope} was answered {status} at {url}: {text}"
                    );
                }
            }
        }
    }
    // With the read scope, Alice reads her own.
    let (status, mine) = alice.get(&format!("/api/v1/statuses/{}", ids[1])).await;
    assert_eq!(status, StatusCode::OK);
    assert!(mine["content"].as_str().unwrap().contains(SECRETS[0]));
}

#[tokio::test]
async fn group_moderation_needs_a_write_token() {
    let app = TestApp::builder().with("themes.create_defaults", true).spawn().await;
    let admin = client_with_role(&app, "ada", Role::Admin).await;
    let bob = Client::new(&app, "bob").await;
    let group = theme_id(&admin, "agrifood").await;
    let (_, bob_account) = bob.get("/api/v1/accounts/verify_credentials").await;
    let read_only = app.token_for("ada", "read").await;
    let ban = |token: String| {
        let app = &app;
        let group = group.clone();
        let account = bob_account["id"].clone();
        async move {
            app.client()
                .post(app.url(&format!("/api/fucina/v1/groups/{group}/bans")))
                .bearer_auth(token)
                .json(&json!({"account_id": account, "reason": "spam"}))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(ban(read_only.clone()).await, StatusCode::FORBIDDEN);
    assert_eq!(app.count("group_bans").await, 0);
    // Reading the log is reading.
    let log = app
        .client()
        .get(app.url(&format!("/api/fucina/v1/groups/{group}/log")))
        .bearer_auth(&read_only)
        .send()
        .await
        .unwrap();
    assert_eq!(log.status(), StatusCode::OK);
    assert_eq!(ban(admin.token.clone()).await, StatusCode::OK);
    assert_eq!(app.count("group_bans").await, 1);
}

async fn register_app(app: &TestApp, redirect_uri: &str) -> reqwest::Response {
    app.client()
        .post(app.url("/api/v1/apps"))
        .json(&json!({"client_name": "Tusky", "redirect_uris": redirect_uri, "scopes": "read write"}))
        .send()
        .await
        .unwrap()
}

fn challenge_for(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier.as_bytes()))
}

#[tokio::test]
async fn a_hostile_app_cannot_bend_the_oauth_rules() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    // Redirect URIs a browser would run or send in the clear.
    for uri in [
        "javascript:alert(document.cookie)",
        "data:text/html,x",
        "http://evil.example/callback",
        "https://app.example/cb#fragment",
    ] {
        assert_eq!(
            register_app(&app, uri).await.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{uri}"
        );
    }
    for uri in [
        "https://app.example/cb",
        "http://127.0.0.1:4567/cb",
        "tusky://oauth",
        "urn:ietf:wg:oauth:2.0:oob",
    ] {
        assert_eq!(register_app(&app, uri).await.status(), StatusCode::OK, "{uri}");
    }
    let client: Value = register_app(&app, "tusky://oauth").await.json().await.unwrap();
    let client_id = client["client_id"].as_str().unwrap();
    let browser = app.browser();
    browser.log_in("alice", PASSWORD).await;

    // PKCE `plain`, named or by default, is refused.
    let verifier = "a-verifier-that-is-long-enough-for-rfc-7636-0123456789";
    for method in ["&code_challenge_method=plain", ""] {
        let page = browser
            .get(&format!(
                "/oauth/authorize?response_type=code&client_id={client_id}&redirect_uri=tusky%3A%2F%2Foauth&scope=read&code_challenge={verifier}{method}"
            ))
            .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{method}");
    }

    // A code asked for with a redirect URI must be exchanged with it.
    let query = format!(
        "response_type=code&client_id={client_id}&redirect_uri=tusky%3A%2F%2Foauth&scope=read&code_challenge={}&code_challenge_method=S256",
        challenge_for(verifier)
    );
    let page = browser.get(&format!("/oauth/authorize?{query}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let mut fields: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    fields.push(("action".into(), "approve".into()));
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let approved = browser.post("/oauth/authorize", &fields).await;
    let location = approved.location.unwrap();
    let code = url::Url::parse(&location)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    let exchange = app
        .client()
        .post(app.url("/oauth/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", client_id),
            ("code_verifier", verifier),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(exchange.status(), StatusCode::BAD_REQUEST);
    assert_eq!(exchange.json::<Value>().await.unwrap()["error"], "invalid_grant");
}

#[tokio::test]
async fn a_new_password_signs_out_every_other_session_and_app() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;
    let other_app = app.token_for("alice", "read").await;
    let browser = app.browser();
    browser.log_in("alice", PASSWORD).await;
    let (status, _) = alice
        .post(
            "/api/fucina/v1/account/password",
            json!({"current_password": PASSWORD, "password": "another long passphrase"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    // The token that changed it still works; the others do not.
    assert_eq!(alice.get("/api/v1/accounts/verify_credentials").await.0, StatusCode::OK);
    let other = app
        .client()
        .get(app.url("/api/v1/accounts/verify_credentials"))
        .bearer_auth(&other_app)
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(browser.get("/settings/profile").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn metrics_ask_for_their_token_when_one_is_set() {
    let open = TestApp::spawn().await;
    assert_eq!(
        open.client().get(open.url("/metrics")).send().await.unwrap().status(),
        StatusCode::OK
    );
    let closed = TestApp::builder()
        .with("server.metrics_token", "s3cret-scraper-token")
        .spawn()
        .await;
    let get = |token: Option<&str>| {
        let mut request = closed.client().get(closed.url("/metrics"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        async move { request.send().await.unwrap() }
    };
    assert_eq!(get(None).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(get(Some("wrong")).await.status(), StatusCode::UNAUTHORIZED);
    let ok = get(Some("s3cret-scraper-token")).await;
    assert_eq!(ok.status(), StatusCode::OK);
    assert!(ok.text().await.unwrap().contains("fucina_delivery_pending"));
}

#[tokio::test]
async fn registering_apps_in_bulk_from_one_address_is_slowed_down() {
    let app = TestApp::spawn().await;
    let register = |address: &'static str| {
        let app = &app;
        async move {
            app.client()
                .post(app.url("/api/v1/apps"))
                .header("x-forwarded-for", address)
                .json(&json!({"client_name": "Bulk", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob"}))
                .send()
                .await
                .unwrap()
        }
    };
    for _ in 0..30 {
        assert_eq!(register("198.51.100.9").await.status(), StatusCode::OK);
    }
    let refused = register("198.51.100.9").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().get("retry-after").is_some());
    assert_eq!(
        refused.json::<Value>().await.unwrap()["error"],
        "Too many attempts. Please wait a few minutes and try again."
    );
    assert_eq!(app.count("oauth_applications").await, 30);
    // Someone else is not affected.
    assert_eq!(register("203.0.113.20").await.status(), StatusCode::OK);
}
