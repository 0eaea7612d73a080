//! Read positions (`/api/v1/markers`) and the unread count, round-tripped by
//! Mastodon.py and kept in step with the notifications page.

use reqwest::StatusCode;
use serde_json::json;

use crate::common::schema;
use crate::federation::Client;

#[tokio::test]
async fn markers_round_trip_through_mastodon_py_and_agree_with_the_notifications_page() {
    let app = crate::proposals::themed().spawn().await;
    let anna = Client::new(&app, "anna").await;
    anna.post_status(json!({"status": "Hello from Anna"})).await;
    let ben = Client::new(&app, "ben").await;
    let carla = Client::new(&app, "carla").await;
    for follower in [&ben, &carla] {
        follower.follow(&anna.handle()).await;
    }
    let dario = Client::new(&app, "dario").await;
    dario.post_status(json!({"status": "@anna a question"})).await;

    let (status, count) = anna.get("/api/v1/notifications/unread_count").await;
    assert_eq!(status, StatusCode::OK, "{count}");
    schema::assert_matches("CountResponse", &count);
    assert_eq!(count["count"], 3, "{count}");
    let (_, capped) = anna.get("/api/v1/notifications/unread_count?limit=2").await;
    assert_eq!(capped["count"], 2, "{capped}");
    let (_, none) = anna.get("/api/v1/markers").await;
    assert_eq!(none, json!({}), "no timeline named, none given");

    let token = app.token_for("anna", "read write").await;
    let stdout = crate::clients::mastodon_py("mastodon_py_markers.py", app.base_url.clone(), token).await;
    assert!(stdout.contains("markers round-trip"), "{stdout}");

    // The marker stands at the second newest: only the newest is unread.
    let (_, markers) = anna
        .get("/api/v1/markers?timeline[]=home&timeline[]=notifications")
        .await;
    schema::assert_matches("Marker", &markers["home"]);
    schema::assert_matches("Marker", &markers["notifications"]);
    let (_, count) = anna.get("/api/v1/notifications/unread_count").await;
    assert_eq!(count["count"], 1, "{count}");

    // Something that is not an id is refused and changes nothing.
    let version = markers["notifications"]["version"].clone();
    let (status, error) = anna
        .post(
            "/api/v1/markers",
            json!({"notifications": {"last_read_id": "yesterday"}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert!(error["error"].is_string(), "{error}");
    let (_, same) = anna.get("/api/v1/markers?timeline[]=notifications").await;
    assert_eq!(same["notifications"]["version"], version);

    // Reading the notifications page moves the apps' marker to the newest.
    let (_, list) = anna.get("/api/v1/notifications").await;
    let newest = list[0]["id"].clone();
    let browser = app.browser();
    browser.log_in("anna", crate::common::PASSWORD).await;
    assert_eq!(browser.get("/notifications").await.status, StatusCode::OK);
    let (_, after) = anna.get("/api/v1/markers?timeline[]=notifications").await;
    assert_eq!(after["notifications"]["last_read_id"], newest, "{after}");
    let (_, count) = anna.get("/api/v1/notifications/unread_count").await;
    assert_eq!(count["count"], 0, "{count}");

    // Markers are one's own: another person sees none of Anna's.
    let (_, bens) = ben.get("/api/v1/markers?timeline[]=notifications").await;
    assert_eq!(bens, json!({}));
}
