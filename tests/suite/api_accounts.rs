//! Accounts through the Mastodon API: registration, profile edits, lookups, password.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{PASSWORD, TestApp, schema};

async fn app_token(app: &TestApp) -> String {
    let client: Value = app
        .client()
        .post(app.url("/api/v1/apps"))
        .form(&[
            ("client_name", "signup app"),
            ("redirect_uris", "urn:ietf:wg:oauth:2.0:oob"),
            ("scopes", "read write"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token: Value = app
        .client()
        .post(app.url("/oauth/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", client["client_id"].as_str().unwrap()),
            ("client_secret", client["client_secret"].as_str().unwrap()),
            ("scope", "read write"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    token["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn an_app_signs_a_person_up_and_gets_their_token() {
    let app = TestApp::spawn().await;
    let app_token = app_token(&app).await;
    // An app token is not a user: it cannot read "its" account.
    let anonymous = app
        .client()
        .get(app.url("/api/v1/accounts/verify_credentials"))
        .bearer_auth(&app_token)
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    let response = app.client().post(app.url("/api/v1/accounts")).bearer_auth(&app_token)
        .json(&json!({"username": "nadia", "email": "nadia@fucina.example", "password": PASSWORD, "agreement": true, "locale": "it"}))
        .send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let token: Value = response.json().await.unwrap();
    schema::assert_matches("Token", &token);
    let me: Value = app
        .client()
        .get(app.url("/api/v1/accounts/verify_credentials"))
        .bearer_auth(token["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["username"], "nadia");
    assert_eq!(me["source"]["language"], "it");
}

#[tokio::test]
async fn a_bad_api_sign_up_answers_422_with_details_and_stores_nothing() {
    let app = TestApp::spawn().await;
    app.create_user("taken").await;
    let app_token = app_token(&app).await;
    let users_before = app.count("users").await;
    let cases = [
        (
            json!({"username": "taken", "email": "t2@fucina.example", "password": PASSWORD, "agreement": true}),
            "username",
            "ERR_TAKEN",
        ),
        (
            json!({"username": "fresh", "email": "bad", "password": PASSWORD, "agreement": true}),
            "email",
            "ERR_INVALID",
        ),
        (
            json!({"username": "fresh", "email": "f@fucina.example", "password": "x", "agreement": true}),
            "password",
            "ERR_TOO_SHORT",
        ),
        (
            json!({"username": "api", "email": "f@fucina.example", "password": PASSWORD, "agreement": "1"}),
            "username",
            "ERR_RESERVED",
        ),
        (
            json!({"username": "fresh", "email": "f@fucina.example", "password": PASSWORD}),
            "agreement",
            "ERR_ACCEPTED",
        ),
    ];
    for (body, field, code) in cases {
        let response = app
            .client()
            .post(app.url("/api/v1/accounts"))
            .bearer_auth(&app_token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let error: Value = response.json().await.unwrap();
        schema::assert_matches("Error", &error);
        assert_eq!(error["details"][field][0]["error"], code, "{error}");
    }
    assert_eq!(app.count("users").await, users_before);
    let no_token = app
        .client()
        .post(app.url("/api/v1/accounts"))
        .json(&json!({"username": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn closed_registrations_refuse_api_sign_ups_too() {
    let app = TestApp::builder().with("registration.mode", "closed").spawn().await;
    let app_token = app_token(&app).await;
    let response = app
        .client()
        .post(app.url("/api/v1/accounts"))
        .bearer_auth(&app_token)
        .form(&[
            ("username", "nope"),
            ("email", "nope@fucina.example"),
            ("password", PASSWORD),
            ("agreement", "true"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("users").await, 0);
}

#[tokio::test]
async fn the_profile_is_edited_through_update_credentials() {
    let app = TestApp::spawn().await;
    app.create_user("olga").await;
    let token = app.token_for("olga", "read write").await;
    let response = app
        .client()
        .patch(app.url("/api/v1/accounts/update_credentials"))
        .bearer_auth(&token)
        .multipart(
            reqwest::multipart::Form::new()
                .text("display_name", "Olga N.")
                .text("note", "Robotics & <AI>")
                .text("source[language]", "it"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let me: Value = response.json().await.unwrap();
    schema::assert_matches("CredentialAccount", &me);
    assert_eq!(me["display_name"], "Olga N.");
    assert_eq!(me["note"], "<p>Robotics &amp; &lt;AI&gt;</p>");
    assert_eq!(me["source"]["note"], "Robotics & <AI>");
    assert_eq!(me["source"]["language"], "it");

    let too_long = app
        .client()
        .patch(app.url("/api/v1/accounts/update_credentials"))
        .bearer_auth(&token)
        .json(&json!({"display_name": "x".repeat(101)}))
        .send()
        .await
        .unwrap();
    assert_eq!(too_long.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn accounts_are_found_by_id_and_by_handle() {
    let app = TestApp::spawn().await;
    let paola = app.create_user("paola").await;
    let by_id: Value = app
        .client()
        .get(app.url(&format!("/api/v1/accounts/{}", paola.actor.id)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    schema::assert_matches("Account", &by_id);
    assert_eq!(by_id["id"], paola.actor.id.to_string());
    assert!(by_id["avatar"].as_str().unwrap().ends_with("/static/avatar.png"));
    for acct in ["paola", "@paola", &format!("paola@{}", app.domain)] {
        let response = app
            .client()
            .get(app.url(&format!("/api/v1/accounts/lookup?acct={acct}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{acct}");
    }
    let missing = app
        .client()
        .get(app.url("/api/v1/accounts/lookup?acct=nobody"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(missing.json::<Value>().await.unwrap()["error"], "Record not found");
    let avatar = app
        .client()
        .get(by_id["avatar"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(avatar.headers()["content-type"], "image/png");
}

#[tokio::test]
async fn the_password_is_changed_through_fucinas_api() {
    let app = TestApp::spawn().await;
    app.create_user("quinto").await;
    let token = app.token_for("quinto", "read write").await;
    let wrong = app
        .client()
        .post(app.url("/api/fucina/v1/account/password"))
        .bearer_auth(&token)
        .json(&json!({"current_password": "nope nope nope", "password": "another long secret"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let good = app
        .client()
        .post(app.url("/api/fucina/v1/account/password"))
        .bearer_auth(&token)
        .json(&json!({"current_password": PASSWORD, "password": "another long secret"}))
        .send()
        .await
        .unwrap();
    assert_eq!(good.status(), StatusCode::OK);
    let browser = app.browser();
    browser.get("/login").await;
    assert_eq!(
        browser
            .post("/login", &[("login", "quinto"), ("password", "another long secret")])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}
