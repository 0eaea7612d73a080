//! OAuth in Mastodon's shape: apps, the code flow with PKCE, password,
//! client-credentials and refresh grants, revocation, scopes.

use base64::Engine;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::Digest;

use crate::common::{Browser, PASSWORD, TestApp, schema};

pub async fn register_app(app: &TestApp, redirect_uri: &str, scopes: &str) -> Value {
    let response = app
        .client()
        .post(app.url("/api/v1/apps"))
        .json(&json!({"client_name": "Tusky", "redirect_uris": redirect_uri, "scopes": scopes, "website": "https://tusky.app"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

fn challenge_for(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier.as_bytes()))
}

/// Goes through the authorize page as a person would; returns the redirect.
async fn authorize(browser: &mut Browser, query: &str, login: Option<(&str, &str)>) -> String {
    let page = browser.get(&format!("/oauth/authorize?{query}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let hidden: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let mut fields: Vec<(&str, &str)> = hidden.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    if let Some((user, password)) = login {
        assert!(page.contains("Log in to decide"));
        let mut login_fields = fields.clone();
        login_fields.extend([("action", "login"), ("login", user), ("password", password)]);
        let consent = browser.post("/oauth/authorize", &login_fields).await;
        assert_eq!(consent.status, StatusCode::OK, "{}", consent.body);
        assert!(consent.contains("Tusky wants to use your account"));
    }
    fields.push(("action", "approve"));
    let approved = browser.post("/oauth/authorize", &fields).await;
    assert!(approved.status.is_redirection(), "{}", approved.body);
    approved.location.unwrap()
}

fn query_param(url: &str, name: &str) -> Option<String> {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

#[tokio::test]
async fn an_app_registers_in_mastodons_shape_from_json_form_or_query() {
    let app = TestApp::spawn().await;
    let json_app = register_app(&app, "tusky://oauth", "read write follow push").await;
    schema::assert_matches("CredentialApplication", &json_app);
    assert_eq!(json_app["name"], "Tusky");
    assert_eq!(json_app["redirect_uris"], json!(["tusky://oauth"]));

    let form: Value = app
        .client()
        .post(app.url("/api/v1/apps/"))
        .form(&[
            ("client_name", "Form app"),
            ("redirect_uris[]", "https://a.example/cb"),
            ("redirect_uris[]", "urn:ietf:wg:oauth:2.0:oob"),
            ("scopes", "read"),
            ("unknown_extra", "ignored"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    schema::assert_matches("CredentialApplication", &form);
    assert_eq!(form["redirect_uri"], "https://a.example/cb\nurn:ietf:wg:oauth:2.0:oob");

    let query = app
        .client()
        .post(app.url("/api/v1/apps?client_name=Query&redirect_uris=urn:ietf:wg:oauth:2.0:oob"))
        .send()
        .await
        .unwrap();
    assert_eq!(query.status(), StatusCode::OK);
    let query: Value = query.json().await.unwrap();
    assert_eq!(query["scopes"], json!(["read"]), "the default scope is read");
}

#[tokio::test]
async fn a_bad_app_registration_is_refused_with_a_json_error() {
    let app = TestApp::spawn().await;
    let cases = [
        json!({"client_name": "", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob"}),
        json!({"client_name": "x", "redirect_uris": "not a uri"}),
        json!({"client_name": "x", "redirect_uris": "https://a.example/#frag"}),
        json!({"client_name": "x", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob", "scopes": "read telepathy"}),
    ];
    for body in cases {
        let response = app
            .client()
            .post(app.url("/api/v1/apps"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let error: Value = response.json().await.unwrap();
        schema::assert_matches("Error", &error);
        assert!(
            error["error"].as_str().unwrap().starts_with("Validation failed"),
            "{error}"
        );
    }
    assert_eq!(app.count("oauth_applications").await, 0);
    let malformed = app
        .client()
        .post(app.url("/api/v1/apps"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_code_flow_with_pkce_logs_an_app_in() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let client = register_app(&app, "tusky://oauth", "read write").await;
    let client_id = client["client_id"].as_str().unwrap();
    let verifier = "a-verifier-that-is-long-enough-for-rfc-7636-0123456789";
    let query = format!(
        "response_type=code&client_id={client_id}&redirect_uri=tusky%3A%2F%2Foauth&scope=read+write&state=xyz&code_challenge={}&code_challenge_method=S256",
        challenge_for(verifier)
    );
    let mut browser = app.browser();
    let redirect = authorize(&mut browser, &query, Some(("alice", PASSWORD))).await;
    assert!(redirect.starts_with("tusky://oauth?"), "{redirect}");
    assert_eq!(query_param(&redirect, "state").as_deref(), Some("xyz"));
    let code = query_param(&redirect, "code").unwrap();

    // A public client: no secret, the verifier proves it.
    let token = app
        .client()
        .post(app.url("/oauth/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", client_id),
            ("redirect_uri", "tusky://oauth"),
            ("code_verifier", verifier),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(token.status(), StatusCode::OK);
    let token: Value = token.json().await.unwrap();
    schema::assert_matches("Token", &token);
    assert_eq!(token["scope"], "read write");

    let me = app
        .client()
        .get(app.url("/api/v1/accounts/verify_credentials"))
        .bearer_auth(token["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    let me: Value = me.json().await.unwrap();
    schema::assert_matches("CredentialAccount", &me);
    assert_eq!(me["username"], "alice");
    assert_eq!(me["acct"], "alice");

    // A code is good once.
    let again = app
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
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    let error: Value = again.json().await.unwrap();
    assert_eq!(error["error"], "invalid_grant");

    // The app now shows in the user's settings, and can be revoked there.
    let apps = browser.get("/settings/apps").await;
    assert!(apps.contains("Tusky"), "{}", apps.body);
}

#[tokio::test]
async fn a_wrong_pkce_verifier_gets_no_token_and_burns_the_code() {
    let app = TestApp::spawn().await;
    app.create_user("bruno").await;
    let client = register_app(&app, "https://app.example/cb", "read").await;
    let client_id = client["client_id"].as_str().unwrap();
    let verifier = "the-right-verifier-the-right-verifier-the-right-verifier";
    let query = format!(
        "response_type=code&client_id={client_id}&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&code_challenge={}&code_challenge_method=S256",
        challenge_for(verifier)
    );
    let mut browser = app.browser();
    browser.log_in("bruno", PASSWORD).await;
    let redirect = authorize(&mut browser, &query, None).await;
    let code = query_param(&redirect, "code").unwrap();
    let wrong = app
        .client()
        .post(app.url("/oauth/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("client_id", client_id),
            (
                "code_verifier",
                "the-wrong-verifier-the-wrong-verifier-the-wrong-verifier",
            ),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    assert_eq!(wrong.json::<Value>().await.unwrap()["error"], "invalid_grant");
    let right_too_late = app
        .client()
        .post(app.url("/oauth/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("client_id", client_id),
            ("code_verifier", verifier),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(right_too_late.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.count("oauth_access_tokens").await, 0);
}

#[tokio::test]
async fn out_of_band_shows_the_code_and_deny_reports_access_denied() {
    let app = TestApp::spawn().await;
    app.create_user("carla").await;
    let client = register_app(&app, "urn:ietf:wg:oauth:2.0:oob\nhttps://app.example/cb", "read").await;
    let client_id = client["client_id"].as_str().unwrap();
    let browser = app.browser();
    browser.log_in("carla", PASSWORD).await;
    let query = format!("response_type=code&client_id={client_id}&redirect_uri=urn:ietf:wg:oauth:2.0:oob");
    browser.get(&format!("/oauth/authorize?{query}")).await;
    let fields = [
        ("response_type", "code"),
        ("client_id", client_id),
        ("redirect_uri", "urn:ietf:wg:oauth:2.0:oob"),
        ("action", "approve"),
    ];
    let shown = browser.post("/oauth/authorize", &fields).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.contains("<code class=\"token\" id=\"code\">"));

    browser.get("/oauth/authorize?response_type=code&client_id=x").await;
    let deny = [
        ("response_type", "code"),
        ("client_id", client_id),
        ("redirect_uri", "https://app.example/cb"),
        ("state", "s1"),
        ("action", "deny"),
    ];
    let denied = browser.post("/oauth/authorize", &deny).await;
    let location = denied.location.unwrap();
    assert_eq!(query_param(&location, "error").as_deref(), Some("access_denied"));
    assert_eq!(query_param(&location, "state").as_deref(), Some("s1"));
}

#[tokio::test]
async fn an_unregistered_redirect_uri_is_never_redirected_to() {
    let app = TestApp::spawn().await;
    let client = register_app(&app, "https://app.example/cb", "read").await;
    let client_id = client["client_id"].as_str().unwrap();
    let browser = app.browser();
    let page = browser
        .get(&format!(
            "/oauth/authorize?response_type=code&client_id={client_id}&redirect_uri=https%3A%2F%2Fevil.example%2F"
        ))
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.location.is_none());
    assert!(page.contains("not one the application registered"));
    let unknown = browser
        .get("/oauth/authorize?response_type=code&client_id=nobody")
        .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    let too_much = browser
        .get(&format!(
            "/oauth/authorize?response_type=code&client_id={client_id}&scope=write"
        ))
        .await;
    assert_eq!(too_much.status, StatusCode::BAD_REQUEST, "more scope than registered");
}

#[tokio::test]
async fn the_password_grant_logs_in_and_a_wrong_password_does_not() {
    let app = TestApp::spawn().await;
    app.create_user("dora").await;
    let client = register_app(&app, "urn:ietf:wg:oauth:2.0:oob", "read write").await;
    let (id, secret) = (
        client["client_id"].as_str().unwrap(),
        client["client_secret"].as_str().unwrap(),
    );
    let good = app.client().post(app.url("/oauth/token"))
        .json(&json!({"grant_type": "password", "client_id": id, "client_secret": secret, "username": "dora@fucina.example", "password": PASSWORD, "scope": "read"}))
        .send().await.unwrap();
    assert_eq!(good.status(), StatusCode::OK);
    let token: Value = good.json().await.unwrap();
    schema::assert_matches("Token", &token);
    assert_eq!(token["scope"], "read");
    assert!(token["refresh_token"].is_string());

    let bad = app
        .client()
        .post(app.url("/oauth/token"))
        .form(&[
            ("grant_type", "password"),
            ("client_id", id),
            ("client_secret", secret),
            ("username", "dora"),
            ("password", "wrong wrong wrong"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let error: Value = bad.json().await.unwrap();
    assert_eq!(error["error"], "invalid_grant");
    schema::assert_matches("Error", &error);

    let bad_secret = app
        .client()
        .post(app.url("/oauth/token"))
        .form(&[
            ("grant_type", "password"),
            ("client_id", id),
            ("client_secret", "nope"),
            ("username", "dora"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad_secret.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(bad_secret.json::<Value>().await.unwrap()["error"], "invalid_client");

    let unsupported = app
        .client()
        .post(app.url("/oauth/token"))
        .form(&[("grant_type", "implicit"), ("client_id", id), ("client_secret", secret)])
        .send()
        .await
        .unwrap();
    assert_eq!(
        unsupported.json::<Value>().await.unwrap()["error"],
        "unsupported_grant_type"
    );
}

#[tokio::test]
async fn http_basic_client_authentication_works_too() {
    let app = TestApp::spawn().await;
    let client = register_app(&app, "urn:ietf:wg:oauth:2.0:oob", "read").await;
    let response = app
        .client()
        .post(app.url("/oauth/token"))
        .basic_auth(client["client_id"].as_str().unwrap(), client["client_secret"].as_str())
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn refresh_rotates_the_tokens_and_revoke_ends_them() {
    let app = TestApp::spawn().await;
    app.create_user("ezio").await;
    let client = register_app(&app, "urn:ietf:wg:oauth:2.0:oob", "read write").await;
    let (id, secret) = (
        client["client_id"].as_str().unwrap(),
        client["client_secret"].as_str().unwrap(),
    );
    let first: Value = app
        .client()
        .post(app.url("/oauth/token"))
        .form(&[
            ("grant_type", "password"),
            ("client_id", id),
            ("client_secret", secret),
            ("username", "ezio"),
            ("password", PASSWORD),
            ("scope", "read write"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let old_access = first["access_token"].as_str().unwrap();
    let refresh = first["refresh_token"].as_str().unwrap();

    let second = app
        .client()
        .post(app.url("/oauth/token"))
        .form(&[
            ("grant_type", "refresh_token"),
            ("client_id", id),
            ("client_secret", secret),
            ("refresh_token", refresh),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(second.status(), StatusCode::OK);
    let second: Value = second.json().await.unwrap();
    assert_eq!(second["scope"], "read write");
    let new_access = second["access_token"].as_str().unwrap();
    assert_ne!(new_access, old_access);

    let verify = |token: String| {
        let app_client = app.client();
        let url = app.url("/api/v1/accounts/verify_credentials");
        async move { app_client.get(url).bearer_auth(token).send().await.unwrap().status() }
    };
    assert_eq!(
        verify(old_access.to_owned()).await,
        StatusCode::UNAUTHORIZED,
        "the old token died"
    );
    assert_eq!(verify(new_access.to_owned()).await, StatusCode::OK);
    let reused = app
        .client()
        .post(app.url("/oauth/token"))
        .form(&[
            ("grant_type", "refresh_token"),
            ("client_id", id),
            ("client_secret", secret),
            ("refresh_token", refresh),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(reused.status(), StatusCode::BAD_REQUEST, "a refresh token is good once");

    let revoked = app
        .client()
        .post(app.url("/oauth/revoke"))
        .form(&[("client_id", id), ("client_secret", secret), ("token", new_access)])
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::OK);
    let unauthorized = app
        .client()
        .get(app.url("/api/v1/accounts/verify_credentials"))
        .bearer_auth(new_access)
        .send()
        .await
        .unwrap();
    assert_eq!(unauthorized.status(), StatusCode::UNAUTHORIZED);
    assert!(unauthorized.headers().get("www-authenticate").is_some());
    let error: Value = unauthorized.json().await.unwrap();
    schema::assert_matches("Error", &error);
    assert_eq!(error["error"], "The access token is invalid.");

    // Another client may not revoke this one's tokens.
    let other = register_app(&app, "urn:ietf:wg:oauth:2.0:oob", "read").await;
    let refused = app
        .client()
        .post(app.url("/oauth/revoke"))
        .form(&[
            ("client_id", other["client_id"].as_str().unwrap()),
            ("client_secret", "wrong"),
            ("token", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_token_may_do_only_what_its_scopes_allow() {
    let app = TestApp::spawn().await;
    app.create_user("fede").await;
    let write_only = app.token_for("fede", "write").await;
    let response = app
        .client()
        .get(app.url("/api/v1/accounts/verify_credentials"))
        .bearer_auth(&write_only)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        response.json::<Value>().await.unwrap()["error"],
        "This action is outside the authorised scopes."
    );

    let narrow = app.token_for("fede", "read:accounts").await;
    let ok = app
        .client()
        .get(app.url("/api/v1/accounts/verify_credentials"))
        .bearer_auth(&narrow)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let patch = app
        .client()
        .patch(app.url("/api/v1/accounts/update_credentials"))
        .bearer_auth(&narrow)
        .form(&[("display_name", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(patch.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn revoking_an_app_in_settings_ends_its_tokens() {
    let app = TestApp::spawn().await;
    app.create_user("gaia").await;
    let token = app.token_for("gaia", "read").await;
    let browser = app.browser();
    browser.log_in("gaia", PASSWORD).await;
    let page = browser.get("/settings/apps").await;
    let application_id = page
        .body
        .split("/settings/apps/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let revoked = browser
        .post(&format!("/settings/apps/{application_id}/revoke"), &[])
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    let response = app
        .client()
        .get(app.url("/api/v1/accounts/verify_credentials"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(
        browser
            .get("/settings/apps")
            .await
            .contains("No application can use your account.")
    );
}

#[tokio::test]
async fn the_authorization_server_metadata_advertises_pkce_and_allows_cors() {
    let app = TestApp::spawn().await;
    let response = app
        .client()
        .get(app.url("/.well-known/oauth-authorization-server"))
        .header("origin", "https://elk.zone")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers().get("access-control-allow-origin").unwrap(), "*");
    let metadata: Value = response.json().await.unwrap();
    schema::assert_matches("DiscoverOauthServerConfigurationResponse", &metadata);
    assert_eq!(metadata["code_challenge_methods_supported"], json!(["S256"]));
    assert_eq!(metadata["token_endpoint"], app.url("/oauth/token"));
    let preflight = app
        .client()
        .request(reqwest::Method::OPTIONS, app.url("/api/v1/accounts/verify_credentials"))
        .header("origin", "https://elk.zone")
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "authorization")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    assert!(
        preflight
            .headers()
            .get("access-control-allow-headers")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("authorization")
    );
    let actual = app
        .client()
        .get(app.url("/api/v1/instance"))
        .header("origin", "https://elk.zone")
        .send()
        .await
        .unwrap();
    assert!(
        actual
            .headers()
            .get("access-control-expose-headers")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("link")
    );
}
