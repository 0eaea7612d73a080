//! Files attached to proposals and expressions of interest: what is accepted,
//! how they are served, how they travel to another instance, and that an
//! interest's files reach only those who may see the interest.

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::common::{PASSWORD, TestApp};
use crate::federation::Client;
use crate::proposals::{SECRET, create, eventually, post_ok, proposal_body, theme_actor_id, theme_id};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

/// Uploads a file to an attachments endpoint.
async fn upload(
    client: &Client<'_>,
    path: &str,
    file_name: &str,
    bytes: &[u8],
    description: &str,
) -> (StatusCode, Value) {
    let form = Form::new()
        .text("description", description.to_owned())
        .part("file", Part::bytes(bytes.to_vec()).file_name(file_name.to_owned()));
    client.post_multipart(path, form).await
}

/// The files kept under an instance's media directory.
fn stored_files(app: &TestApp) -> usize {
    std::fs::read_dir(app.data_dir().join("media")).map_or(0, |entries| entries.count())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_drafts_files_are_checked_served_safely_and_travel_with_the_published_proposal() {
    let a = TestApp::builder()
        .with("themes.create_defaults", true)
        .with("proposals.validation", false)
        .with("storage.attachment_max_megabytes", 1)
        .spawn()
        .await;
    let b = TestApp::spawn().await;
    let anna = Client::new(&a, "anna").await;
    let ben = Client::new(&b, "ben").await;
    let group = theme_id(&anna, "agrifood").await;
    let draft = create(&anna, proposal_body(&group)).await;
    let id = draft["id"].as_str().unwrap().to_owned();
    let path = format!("/api/fucina/v1/proposals/{id}/attachments");

    // A PDF is accepted, with its description; the answer is an attachment.
    let (status, pdf) = upload(&anna, &path, "Field trial plan.pdf", PDF, "The trial plan").await;
    assert_eq!(status, StatusCode::OK, "{pdf}");
    assert_eq!(pdf["file_name"], "Field trial plan.pdf");
    assert_eq!(pdf["content_type"], "application/pdf");
    assert_eq!(pdf["size"], PDF.len());
    assert_eq!(pdf["remote"], false);

    // Refused, with the reason, storing nothing: a page passed off as a
    // picture, a program, an empty file, a file over the instance's limit.
    let before = stored_files(&a);
    let (status, error) = upload(&anna, &path, "photo.png", b"<html><script>alert(1)</script>", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert!(error["error"].as_str().unwrap().contains("does not match"), "{error}");
    let (status, error) = upload(&anna, &path, "setup.exe", b"MZ\x90\0", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    let (status, _) = upload(&anna, &path, "empty.pdf", b"", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut big = PDF.to_vec();
    big.resize(1024 * 1024 + 1, b' ');
    let (status, error) = upload(&anna, &path, "big.pdf", &big, "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(stored_files(&a), before, "a refused file leaves nothing behind");

    // Someone else cannot attach to Anna's draft.
    let mallory = Client::new(&a, "mallory").await;
    let (status, _) = upload(&mallory, &path, "x.pdf", PDF, "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // At most five files.
    for n in 2..=5 {
        let (status, answer) = upload(&anna, &path, &format!("photo{n}.png"), PNG, "").await;
        assert_eq!(status, StatusCode::OK, "{answer}");
    }
    let (status, error) = upload(&anna, &path, "sixth.png", PNG, "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    // Removing one leaves four.
    let (_, current) = anna.get(&format!("/api/fucina/v1/proposals/{id}")).await;
    let last = current["attachments"][4]["id"].as_str().unwrap().to_owned();
    let response = a
        .client()
        .delete(a.url(&format!("/api/fucina/v1/attachments/{last}")))
        .bearer_auth(&anna.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let (_, current) = anna.get(&format!("/api/fucina/v1/proposals/{id}")).await;
    assert_eq!(current["attachments"].as_array().unwrap().len(), 4);

    // The file is served as itself and can never act as a page of the site.
    let served = a.client().get(pdf["url"].as_str().unwrap()).send().await.unwrap();
    assert_eq!(served.status(), StatusCode::OK);
    let headers = served.headers().clone();
    assert_eq!(headers["content-type"], "application/pdf");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(headers["content-security-policy"].to_str().unwrap().contains("sandbox"));
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("Field trial plan.pdf")
    );
    assert_eq!(served.bytes().await.unwrap().as_ref(), PDF);
    let guessed = pdf["url"].as_str().unwrap().replace("/media/", "/media/x");
    assert_eq!(
        a.client().get(guessed).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );

    // Published, the files are fixed.
    let open = post_ok(&anna, &format!("/api/fucina/v1/proposals/{id}/submit"), json!({})).await;
    assert_eq!(open["state"], "open");
    let (status, _) = upload(&anna, &path, "late.pdf", PDF, "").await;
    assert_eq!(status, StatusCode::CONFLICT);

    // The Page carries them as Documents, which Mastodon shows as attachments.
    let page: Value = a
        .client()
        .get(open["uri"].as_str().unwrap())
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let documents = page["attachment"].as_array().expect("attachments on the Page");
    assert_eq!(documents.len(), 4, "{page}");
    assert_eq!(documents[0]["type"], "Document");
    assert_eq!(documents[0]["mediaType"], "application/pdf");
    assert_eq!(documents[0]["name"], "The trial plan");
    assert_eq!(documents[0]["url"], pdf["url"]);
    assert_eq!(documents[1]["mediaType"], "image/png");

    // Another Fucina instance, given the proposal's page address as a
    // Mastodon user would paste it, finds the Page and lists the files as links to A.
    let found = ben
        .resolve_status(open["url"].as_str().unwrap())
        .await
        .expect("B resolves the proposal");
    let (status, on_b) = ben
        .get(&format!(
            "/api/fucina/v1/statuses/{}/proposal",
            found["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{on_b}");
    let files = on_b["attachments"].as_array().unwrap();
    assert_eq!(files.len(), 4, "{on_b}");
    assert_eq!(files[0]["file_name"], "Field trial plan.pdf");
    assert_eq!(files[0]["description"], "The trial plan");
    assert_eq!(files[0]["url"], pdf["url"]);
    assert_eq!(files[0]["remote"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interests_files_reach_the_author_and_no_one_else() {
    let a = crate::proposals::themed().spawn().await;
    let b = TestApp::spawn().await;
    let anna = Client::new(&a, "anna").await;
    let carla = Client::new(&a, "carla").await;
    let ben = Client::new(&b, "ben").await;
    let group = theme_id(&anna, "agrifood").await;
    let mut body = proposal_body(&group);
    body["submit"] = json!(true);
    let proposal = create(&anna, body).await;
    let proposal_id = proposal["id"].as_str().unwrap().to_owned();

    // Ben, on B, drafts an interest, attaches his company profile and sends it.
    let found = ben
        .resolve_status(proposal["uri"].as_str().unwrap())
        .await
        .expect("B resolves the proposal");
    let (_, remote) = ben
        .get(&format!(
            "/api/fucina/v1/statuses/{}/proposal",
            found["id"].as_str().unwrap()
        ))
        .await;
    let draft = post_ok(
        &ben,
        &format!("/api/fucina/v1/proposals/{}/interests", remote["id"].as_str().unwrap()),
        json!({"offer": SECRET, "draft": true}),
    )
    .await;
    assert_eq!(draft["state"], "draft");
    let interest_path = format!("/api/fucina/v1/interests/{}", draft["id"].as_str().unwrap());
    let (status, file) = upload(
        &ben,
        &format!("{interest_path}/attachments"),
        "profile.pdf",
        PDF,
        "Company profile",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{file}");
    let file_url = file["url"].as_str().unwrap().to_owned();
    assert!(file_url.starts_with(&b.url("/media/")), "{file_url}");
    let sent = post_ok(&ben, &format!("{interest_path}/send"), json!({})).await;
    assert_eq!(sent["attachments"][0]["url"], file_url.as_str());
    // Sent, its files are fixed.
    let (status, _) = upload(&ben, &format!("{interest_path}/attachments"), "late.pdf", PDF, "").await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Anna, on A, sees the file, as a link to Ben's server, which serves it
    // without letting any cache keep it.
    eventually("the interest reaches Anna", || async {
        let (_, received) = anna
            .get(&format!("/api/fucina/v1/proposals/{proposal_id}/interests"))
            .await;
        received.as_array().is_some_and(|r| r.len() == 1)
    })
    .await;
    let (_, received) = anna
        .get(&format!("/api/fucina/v1/proposals/{proposal_id}/interests"))
        .await;
    let files = received[0]["attachments"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{received}");
    assert_eq!(files[0]["url"], file_url.as_str());
    assert_eq!(files[0]["file_name"], "profile.pdf");
    assert_eq!(files[0]["description"], "Company profile");
    let served = a.client().get(&file_url).send().await.unwrap();
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.headers()["cache-control"], "private, no-store");
    assert_eq!(served.bytes().await.unwrap().as_ref(), PDF);

    // Nobody else is shown the file's address: not another account on A, not
    // the proposal's page, its Page, nor the public API on either side.
    let interest_on_a = received[0]["id"].as_str().unwrap();
    let (status, _) = carla.get(&format!("/api/fucina/v1/interests/{interest_on_a}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let key = file_url.rsplit('/').nth(1).unwrap().to_owned();
    let probes = [
        a.client()
            .get(a.url(&format!("/proposals/{proposal_id}")))
            .send()
            .await
            .unwrap(),
        a.client()
            .get(proposal["uri"].as_str().unwrap())
            .header("accept", "application/activity+json")
            .send()
            .await
            .unwrap(),
        a.client()
            .get(a.url(&format!("/api/fucina/v1/proposals/{proposal_id}")))
            .bearer_auth(&carla.token)
            .send()
            .await
            .unwrap(),
        b.client().get(b.url("/api/v1/timelines/public")).send().await.unwrap(),
    ];
    for probe in probes {
        let url = probe.url().to_string();
        let text = probe.text().await.unwrap();
        assert!(!text.contains(&key), "{url} shows the interest's file");
    }
}

#[tokio::test]
async fn in_the_browser_files_are_attached_refused_with_a_reason_and_removed() {
    let app = TestApp::builder().with("themes.create_defaults", true).spawn().await;
    app.create_user("anna").await;
    let theme = theme_actor_id(&app, "agrifood").await;
    let anna = app.browser();
    anna.log_in("anna", PASSWORD).await;
    anna.get("/proposals/new").await;
    let saved = anna
        .post(
            "/proposals",
            &[
                ("title", "Drones for vineyards"),
                ("short_description", "Spraying by drone."),
                ("description", "A drone that sprays only where needed."),
                ("kind", "technology_offer"),
                ("stage", "idea"),
                ("ip", "none"),
                ("groups", theme.as_str()),
                ("intent", "save"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let proposal_path = saved.location.clone().unwrap();
    let page = anna.get(&proposal_path).await;
    assert!(
        page.contains("enctype=\"multipart/form-data\""),
        "the draft offers an upload"
    );

    let attach = format!("{proposal_path}/attachments");
    let refused = anna.post_file(&attach, &[("description", "")], "tool.exe", b"MZ").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.contains("Files of this kind cannot be attached"),
        "{}",
        refused.body
    );

    let added = anna
        .post_file(&attach, &[("description", "The plan")], "plan.pdf", PDF)
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let page = anna.follow(&added).await;
    assert!(page.contains("plan.pdf"));
    assert!(page.contains("The plan"));

    // Without the form's token, nothing is attached.
    let forged = anna
        .post_multipart(
            &attach,
            Form::new().part("file", Part::bytes(PDF.to_vec()).file_name("forged.pdf")),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(!anna.get(&proposal_path).await.contains("forged.pdf"));

    let marker = "action=\"/attachments/";
    let start = page.body.find(marker).expect("a remove button") + marker.len();
    let id: String = page.body[start..].chars().take_while(char::is_ascii_digit).collect();
    let removed = anna.post(&format!("/attachments/{id}/delete"), &[]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    let page = anna.follow(&removed).await;
    assert!(!page.contains("plan.pdf"));
}
