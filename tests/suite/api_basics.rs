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
    let v2: Value = app.client().get(app.url("/api/v2/instance")).send().await.unwrap().json().await.unwrap();
    schema::assert_matches("Instance", &v2);
    assert_eq!(v2["domain"], app.domain.as_str());
    let v1: Value = app.client().get(app.url("/api/v1/instance")).send().await.unwrap().json().await.unwrap();
    schema::assert_matches("V1Instance", &v1);
    assert!(v1["version"].as_str().unwrap().starts_with("4.2.0 (compatible; Fucina "));
}
