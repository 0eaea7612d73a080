//! Pictures on posts through Mastodon's media API: uploads checked and
//! described, attached in order, shown as `MediaAttachment`s, refused when
//! not the poster's, and carried to another instance as `Document`s.

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::common::remote::FakeServer;
use crate::common::schema;
use crate::common::{PASSWORD, TestApp};
use crate::federation::Client;
use crate::proposals::eventually;

/// A PNG header of 3×2 pixels: all `pixel_size` needs.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend([8, 6, 0, 0, 0]);
    bytes
}

const GIF: &[u8] = b"GIF89a\x40\x01\xf0\x00\x00\x00\x00;";

pub async fn upload(
    client: &Client<'_>,
    file_name: &str,
    bytes: &[u8],
    fields: &[(&str, &str)],
) -> (StatusCode, Value) {
    let mut form = Form::new().part("file", Part::bytes(bytes.to_vec()).file_name(file_name.to_owned()));
    for (name, value) in fields {
        form = form.text((*name).to_owned(), (*value).to_owned());
    }
    client.post_multipart("/api/v2/media", form).await
}

pub fn stored_files(app: &TestApp) -> usize {
    std::fs::read_dir(app.data_dir().join("media")).map_or(0, |entries| entries.count())
}

fn ids(status: &Value) -> Vec<String> {
    status["media_attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn pictures_are_uploaded_described_and_attached_in_order() {
    let app = TestApp::spawn().await;
    let alice = Client::new(&app, "alice").await;
    let bob = Client::new(&app, "bob").await;

    // Uploaded alone, known by its bytes (the name says nothing), sized.
    let (status, chart) = upload(
        &alice,
        "blob",
        &png(3, 2),
        &[("description", "A chart"), ("focus", "0.5,-0.5")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{chart}");
    schema::assert_matches("MediaAttachment", &chart);
    assert_eq!(chart["type"], "image");
    assert_eq!(chart["description"], "A chart");
    assert_eq!(chart["meta"]["original"]["width"], 3);
    assert_eq!(chart["meta"]["original"]["height"], 2);
    assert_eq!(chart["meta"]["focus"]["x"], 0.5);
    let url = chart["url"].as_str().unwrap().to_owned();
    assert!(url.ends_with("/blob.png"), "{url}");
    let served = app.client().get(&url).send().await.unwrap();
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(
        served.headers()["cache-control"],
        "private, no-store",
        "not on a post yet"
    );
    let chart_id = chart["id"].as_str().unwrap().to_owned();

    // Described again before it is posted; only its uploader sees it.
    let (status, described) = alice
        .put(
            &format!("/api/v1/media/{chart_id}"),
            json!({"description": "A bar chart"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{described}");
    assert_eq!(described["description"], "A bar chart");
    assert_eq!(described["meta"]["focus"]["x"], 0.5, "the focus stays");
    let (status, _) = bob.get(&format!("/api/v1/media/{chart_id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // What is not a picture, or is badly described, is refused and not kept.
    let files_before = stored_files(&app);
    for (name, bytes, fields) in [
        ("plan.pdf", b"%PDF-1.7".to_vec(), vec![]),
        ("empty.png", Vec::new(), vec![]),
        ("a.png", png(1, 1), vec![("focus", "3,0")]),
        (
            "a.png",
            png(1, 1),
            vec![("description", "x".repeat(501).leak() as &str)],
        ),
    ] {
        let (status, error) = upload(&alice, name, &bytes, &fields).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {error}");
        assert!(error["error"].is_string(), "{error}");
    }
    assert_eq!(stored_files(&app), files_before);

    // Attached in the order given; a post of pictures alone is fine.
    let (_, logo) = upload(&alice, "logo.gif", GIF, &[]).await;
    let logo_id = logo["id"].as_str().unwrap().to_owned();
    let post = alice
        .post_status(json!({"status": "", "media_ids": [logo_id, chart_id], "visibility": "public"}))
        .await;
    assert_eq!(ids(&post), vec![logo_id.clone(), chart_id.clone()]);
    assert_eq!(post["media_attachments"][0]["meta"]["original"]["width"], 320);
    assert_eq!(post["media_attachments"][1]["description"], "A bar chart");
    let post_id = post["id"].as_str().unwrap().to_owned();
    let served = app.client().get(&url).send().await.unwrap();
    assert_eq!(served.headers()["cache-control"], "public, max-age=86400");

    // Once posted, it cannot be attached again, changed or deleted alone.
    let before = app.count("statuses").await;
    let (status, error) = alice
        .post("/api/v1/statuses", json!({"status": "again", "media_ids": [chart_id]}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    let (status, _) = alice
        .put(&format!("/api/v1/media/{chart_id}"), json!({"description": "changed"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = alice.delete(&format!("/api/v1/media/{chart_id}")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Someone else's picture, five pictures, a repeated one: refused, nothing posted.
    let (_, own) = upload(&alice, "mine.png", &png(1, 1), &[]).await;
    let own_id = own["id"].as_str().unwrap().to_owned();
    let (status, _) = bob
        .post("/api/v1/statuses", json!({"status": "theft", "media_ids": [own_id]}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = alice
        .post(
            "/api/v1/statuses",
            json!({"status": "too many", "media_ids": ["1", "2", "3", "4", "5"]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = alice
        .post(
            "/api/v1/statuses",
            json!({"status": "twice", "media_ids": [own_id, own_id]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("statuses").await, before);
    // An upload never posted can be deleted, file and all.
    let files_before = stored_files(&app);
    let (status, _) = alice.delete(&format!("/api/v1/media/{own_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stored_files(&app), files_before - 1);

    // `only_media` finds it, and not a post without pictures.
    alice
        .post_status(json!({"status": "Words only", "visibility": "public"}))
        .await;
    let alice_id = post["account"]["id"].as_str().unwrap().to_owned();
    for path in [
        "/api/v1/timelines/public?only_media=true".to_owned(),
        format!("/api/v1/accounts/{alice_id}/statuses?only_media=true"),
    ] {
        let (_, listed) = bob.get(&path).await;
        let listed = listed.as_array().unwrap();
        assert_eq!(listed.len(), 1, "{path}: {listed:?}");
        assert_eq!(listed[0]["id"], post_id.as_str());
    }
    // The page shows the pictures with their descriptions.
    let page = app.browser().get(&format!("/@alice/{post_id}")).await;
    assert!(page.contains("alt=\"A bar chart\""), "{}", page.body);

    // An edit keeps one picture and drops the other, file and all.
    let files_before = stored_files(&app);
    let (status, edited) = alice
        .put(
            &format!("/api/v1/statuses/{post_id}"),
            json!({"status": "Just the chart", "media_ids": [chart_id]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(ids(&edited), vec![chart_id.clone()]);
    assert_eq!(stored_files(&app), files_before - 1);
    // An edit that names no pictures keeps them.
    let (_, edited) = alice
        .put(
            &format!("/api/v1/statuses/{post_id}"),
            json!({"status": "Still the chart"}),
        )
        .await;
    assert_eq!(ids(&edited), vec![chart_id.clone()]);

    // Delete and redraft: the answer lists the picture, which the new post can take.
    let (status, deleted) = alice.delete(&format!("/api/v1/statuses/{post_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ids(&deleted), vec![chart_id.clone()]);
    let redrafted = alice
        .post_status(json!({"status": "Redrafted", "media_ids": [chart_id]}))
        .await;
    assert_eq!(ids(&redrafted), vec![chart_id]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pictures_travel_as_documents_and_other_servers_media_arrive_as_links() {
    let a = TestApp::spawn().await;
    let b = TestApp::spawn().await;
    let alice = Client::new(&a, "alice").await;
    let bruno = Client::new(&b, "bruno").await;
    let alice_on_b = bruno.follow(&alice.handle()).await;
    let alice_on_b_id = alice_on_b["id"].as_str().unwrap().to_owned();
    eventually("Bruno follows Alice", || async {
        bruno.relationship(&alice_on_b_id).await["following"] == true
    })
    .await;

    let (_, chart) = upload(
        &alice,
        "chart.png",
        &png(640, 480),
        &[("description", "Yields by month"), ("focus", "0,0.25")],
    )
    .await;
    let post = alice
        .post_status(json!({"status": "This season", "media_ids": [chart["id"]], "visibility": "public"}))
        .await;
    let uri = post["uri"].as_str().unwrap().to_owned();

    // The object carries it as Mastodon reads it.
    let note: Value = a
        .client()
        .get(&uri)
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let document = &note["attachment"][0];
    assert_eq!(document["type"], "Document", "{note}");
    assert_eq!(document["mediaType"], "image/png");
    assert_eq!(document["name"], "Yields by month");
    assert_eq!(document["width"], 640);
    assert_eq!(document["focalPoint"], json!([0.0, 0.25]));
    assert_eq!(document["url"], chart["url"]);

    // B shows it as a remote picture, not copied.
    eventually("the post reaches Bruno's home", || async {
        bruno.home().await.iter().any(|s| s["uri"] == uri.as_str())
    })
    .await;
    let home = bruno.home().await;
    let on_b = home.iter().find(|s| s["uri"] == uri.as_str()).unwrap();
    schema::assert_matches("Status", on_b);
    let media = &on_b["media_attachments"][0];
    assert_eq!(media["type"], "image");
    assert_eq!(media["remote_url"], chart["url"]);
    assert_eq!(media["url"], chart["url"]);
    assert_eq!(media["description"], "Yields by month");
    assert_eq!(media["meta"]["original"]["height"], 480);
    assert_eq!(stored_files(&b), 0, "B keeps a link, not a copy");

    // A Mastodon post with a video and a picture: both kept as links, in order;
    // a script posing as media is not.
    let mastodon = FakeServer::start().await;
    let person = mastodon.person("maria");
    let note_id = mastodon.url("/statuses/9");
    let note = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": note_id, "type": "Note", "attributedTo": person["id"],
        "content": "<p>Field day</p>", "published": "2026-11-26T10:00:00Z",
        "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": [],
        "attachment": [
            {"type": "Document", "mediaType": "video/mp4", "url": mastodon.url("/media/clip.mp4"), "name": null},
            {"type": "Document", "mediaType": "text/html", "url": mastodon.url("/media/x.html")},
            {"type": "Image", "mediaType": "image/jpeg", "url": mastodon.url("/media/field.jpg"), "name": "A wheat field", "width": 1200, "height": 800, "blurhash": "U00000"},
        ],
    });
    mastodon.serve("/statuses/9", note);
    let found = bruno.resolve_status(&note_id).await.expect("found");
    schema::assert_matches("Status", &found);
    let media = found["media_attachments"].as_array().unwrap();
    assert_eq!(media.len(), 2, "{found}");
    assert_eq!(media[0]["type"], "video");
    assert_eq!(media[0]["remote_url"], mastodon.url("/media/clip.mp4"));
    assert_eq!(media[1]["type"], "image");
    assert_eq!(media[1]["description"], "A wheat field");
    assert_eq!(media[1]["meta"]["original"]["width"], 1200);
}

#[tokio::test]
async fn the_compose_form_posts_a_described_picture_and_refuses_anything_else() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let alice = app.browser();
    alice.log_in("alice", PASSWORD).await;
    let home = alice.get("/").await;
    assert!(home.contains("enctype=\"multipart/form-data\""), "{}", home.body);

    // Not a picture: the form comes back with the reason, nothing is kept.
    let refused = alice
        .post_file(
            "/compose",
            &[("status", "See the plan"), ("visibility", "public")],
            "plan.pdf",
            b"%PDF-1.7",
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("Only pictures can be attached"), "{}", refused.body);
    assert!(refused.contains("See the plan"), "the text is kept");
    assert_eq!(stored_files(&app), 0);
    assert_eq!(app.count("statuses").await, 0);

    // A picture with its description.
    alice.get("/").await;
    let posted = alice
        .post_file(
            "/compose",
            &[
                ("status", "Our new bench"),
                ("visibility", "public"),
                ("description", "A lab bench"),
            ],
            "bench.png",
            &png(8, 6),
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    let home = alice.follow(&posted).await;
    assert!(home.contains("alt=\"A lab bench\""), "{}", home.body);
    assert!(home.contains("width=\"8\" height=\"6\""), "{}", home.body);
    assert_eq!(stored_files(&app), 1);

    // A refused post with a valid picture: the picture is not left behind.
    alice.get("/").await;
    let warning = "x".repeat(501);
    let refused = alice
        .post_file(
            "/compose",
            &[
                ("status", "Too long a warning"),
                ("spoiler_text", &warning),
                ("visibility", "public"),
            ],
            "bench.png",
            &png(8, 6),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(stored_files(&app), 1);
    assert_eq!(app.count("attachments").await, 1);
}
