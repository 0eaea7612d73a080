//! The API's common behaviour: health, instance information, errors, paths.

use reqwest::StatusCode;
use serde_json::Value;

use crate::common::{TestApp, schema};

#[tokio::test]
async fn health_answers_ok_while_the_database_answers() {
    let app = TestApp::spawn().await;
    let response = app.client().get(app.url("/health")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_instance_matches_mastodons_description_in_both_versions() {
    let app = TestApp::spawn().await;
    let v2: Value = app
        .client()
        .get(app.url("/api/v2/instance"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    schema::assert_matches("Instance", &v2);
    assert_eq!(v2["domain"], app.domain.as_str());
    let v1: Value = app
        .client()
        .get(app.url("/api/v1/instance"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    schema::assert_matches("V1Instance", &v1);
    assert!(
        v1["version"]
            .as_str()
            .unwrap()
            .starts_with("4.2.0 (compatible; Fucina ")
    );
}

#[tokio::test]
async fn the_endpoints_apps_call_at_login_answer() {
    let app = TestApp::spawn().await;
    app.create_user("rita").await;
    let token = app.token_for("rita", "read write").await;
    for path in [
        "/api/v1/custom_emojis",
        "/api/v1/filters",
        "/api/v2/filters",
        "/api/v1/markers",
        "/api/v1/preferences",
        "/api/v1/announcements",
        "/api/v1/instance/rules",
        "/api/v1/lists",
        "/api/v1/apps/verify_credentials",
    ] {
        let response = app
            .client()
            .get(app.url(path))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let _: Value = response.json().await.unwrap();
    }
    let app_entity: Value = app
        .client()
        .get(app.url("/api/v1/apps/verify_credentials"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    schema::assert_matches("Application", &app_entity);
    let preferences: Value = app
        .client()
        .get(app.url("/api/v1/preferences"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    schema::assert_matches("Preferences", &preferences);
}

#[tokio::test]
async fn paths_answer_with_and_without_a_trailing_slash() {
    let app = TestApp::spawn().await;
    for path in ["/api/v1/instance", "/api/v1/instance/", "/api/v2/instance/", "/health/"] {
        let response = app.client().get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
}

#[tokio::test]
async fn unknown_api_paths_get_a_json_404() {
    let app = TestApp::spawn().await;
    let response = app.client().get(app.url("/api/v1/nothing/here")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let error: Value = response.json().await.unwrap();
    schema::assert_matches("Error", &error);
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413() {
    let app = TestApp::spawn().await;
    let big = "x".repeat(2 * 1024 * 1024);
    let response = app
        .client()
        .post(app.url("/api/v1/apps"))
        .form(&[("client_name", big.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.count("oauth_applications").await, 0);
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let app = TestApp::spawn().await;
    let document: Value = app
        .client()
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/apps",
        "/oauth/token",
        "/api/v1/accounts/verify_credentials",
        "/api/v2/instance",
        "/api/fucina/v1/account/password",
        "/api/v1/accounts/{id}/follow",
        "/api/v1/accounts/{id}/unblock",
        "/api/v1/follow_requests/{id}/reject",
    ] {
        assert!(document["paths"][path].is_object(), "{path} is documented");
    }
}

#[tokio::test]
async fn health_answers_503_when_the_database_is_gone() {
    use diesel_async::RunQueryDsl;
    let app = TestApp::spawn().await;
    let (mut admin, name) = app.admin_db().await;
    // Refuse new connections to the instance's database, then cut the ones it holds.
    diesel::sql_query(format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"))
        .execute(&mut admin)
        .await
        .unwrap();
    diesel::sql_query(format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
    ))
    .execute(&mut admin)
    .await
    .unwrap();
    let response = app.client().get(app.url("/health")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    diesel::sql_query(format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"))
        .execute(&mut admin)
        .await
        .unwrap();
    let recovered = crate::common::wait_until(std::time::Duration::from_secs(10), || async {
        app.client().get(app.url("/health")).send().await.unwrap().status() == StatusCode::OK
    })
    .await;
    assert!(recovered, "health recovers with the database");
}
