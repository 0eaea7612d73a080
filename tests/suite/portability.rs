//! A person's data going out and coming in: the archive of an account (from
//! the settings and the console), the CSV lists Mastodon exports brought in,
//! and the bookmarks and mutes those lists fill, through Mastodon's API.

use std::io::Read;

use fucina::domain::account::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::remote::FakeServer;
use crate::common::{PASSWORD, TestApp, eventually, schema, text_of};
use crate::federation::Client;
use crate::proposals::{client_with_role, create, post_ok, proposal_body, published, theme_id};

/// The entries of a ZIP archive, by name.
fn unzip(bytes: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut entries = std::collections::BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut content = Vec::new();
        file.read_to_end(&mut content).unwrap();
        entries.insert(file.name().unwrap().to_string(), content);
    }
    entries
}

fn json_in(entries: &std::collections::BTreeMap<String, Vec<u8>>, name: &str) -> Value {
    serde_json::from_slice(
        entries
            .get(name)
            .unwrap_or_else(|| panic!("{name} in {:?}", entries.keys())),
    )
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_archive_unpacks_with_the_persons_posts_pictures_proposals_and_interests() {
    let app = TestApp::builder().with("themes.create_defaults", true).spawn().await;
    let anna = Client::new(&app, "anna").await;
    let ben = Client::new(&app, "ben").await;
    let fabio = client_with_role(&app, "fabio", Role::Facilitator).await;

    // Anna posts with a picture, favourites and bookmarks Ben's post, follows him.
    let (_, picture) = crate::media::upload(&anna, "field.png", &crate::media::png(4, 3), &[]).await;
    let (_, post) = anna
        .post(
            "/api/v1/statuses",
            json!({"status": "Vineyard sensors: first results", "media_ids": [picture["id"]]}),
        )
        .await;
    let (_, bens) = ben
        .post("/api/v1/statuses", json!({"status": "Looking for partners"}))
        .await;
    let bens_id = bens["id"].as_str().unwrap();
    post_ok(&anna, &format!("/api/v1/statuses/{bens_id}/favourite"), json!({})).await;
    post_ok(&anna, &format!("/api/v1/statuses/{bens_id}/bookmark"), json!({})).await;
    let ben_id = ben.get("/api/v1/accounts/verify_credentials").await.1["id"].clone();
    post_ok(
        &anna,
        &format!("/api/v1/accounts/{}/follow", ben_id.as_str().unwrap()),
        json!({}),
    )
    .await;

    // Her proposal (a draft) and her interest in Ben's published one.
    let group = theme_id(&anna, "agrifood").await;
    let mut draft = proposal_body(&group);
    draft["title"] = json!("Spectral cameras for small vineyards");
    create(&anna, draft).await;
    let bens_proposal = published(&ben, &fabio).await;
    post_ok(
        &anna,
        &format!(
            "/api/fucina/v1/proposals/{}/interests",
            bens_proposal["id"].as_str().unwrap()
        ),
        json!({"offer": "Our field trials in Langhe"}),
    )
    .await;

    // Asked for from the settings: built in the background, then mailed.
    let browser = app.browser();
    browser.log_in("anna", PASSWORD).await;
    let page = browser.get("/settings/data").await;
    assert_eq!(page.status, StatusCode::OK);
    let asked = browser.post("/settings/data/export", &[]).await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    eventually("the archive is ready", || async {
        text_of(&app, "SELECT state AS value FROM account_exports")
            .await
            .as_deref()
            == Some("ready")
    })
    .await;
    // The mail follows the archive: it is sent once the archive is recorded.
    eventually("the owner is told by mail", || async {
        app.mails().iter().any(|m| m.contains("/settings/data"))
    })
    .await;
    // A second one the same day is refused, with the reason on the page.
    browser.get("/settings/data").await;
    let again = browser.post("/settings/data/export", &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.contains("24"), "{}", again.body);
    assert_eq!(app.count("account_exports").await, 1);

    let id = text_of(&app, "SELECT id::text AS value FROM account_exports")
        .await
        .unwrap();
    let (status, headers, bytes) = browser.get_bytes(&format!("/settings/data/export/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/zip");
    let entries = unzip(&bytes);

    let actor = json_in(&entries, "actor.json");
    assert_eq!(actor["preferredUsername"], "anna");
    let outbox = json_in(&entries, "outbox.json");
    let items = outbox["orderedItems"].as_array().unwrap();
    let create_item = items
        .iter()
        .find(|i| {
            i["object"]["content"]
                .as_str()
                .is_some_and(|c| c.contains("first results"))
        })
        .unwrap_or_else(|| panic!("{outbox}"));
    assert_eq!(create_item["type"], "Create");
    let picture_path = create_item["object"]["attachment"][0]["url"].as_str().unwrap();
    assert!(picture_path.starts_with("/media_attachments/"), "{picture_path}");
    assert_eq!(
        entries[picture_path.trim_start_matches('/')],
        crate::media::png(4, 3),
        "the picture itself is in the archive"
    );
    assert_eq!(json_in(&entries, "likes.json")["orderedItems"], json!([bens["uri"]]));
    assert_eq!(
        json_in(&entries, "bookmarks.json")["orderedItems"],
        json!([bens["uri"]])
    );
    let following = String::from_utf8(entries["following_accounts.csv"].clone()).unwrap();
    assert!(following.starts_with("Account address,"), "{following}");
    assert!(following.contains("ben@"), "{following}");
    let proposals = json_in(&entries, "proposals.json");
    assert_eq!(proposals[0]["title"], "Spectral cameras for small vineyards");
    let interests = json_in(&entries, "interests.json");
    assert_eq!(interests[0]["offer"], "Our field trials in Langhe");
    assert_eq!(
        interests[0]["proposal"]["id"].as_i64().map(|i| i.to_string()),
        bens_proposal["id"].as_str().map(str::to_owned)
    );
    assert!(post["id"].is_string());

    // Nobody else downloads it: not Ben, not a visitor.
    let other = app.browser();
    other.log_in("ben", PASSWORD).await;
    assert_eq!(
        other.get(&format!("/settings/data/export/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    let visitor = app.browser().get(&format!("/settings/data/export/{id}")).await;
    assert!(visitor.status == StatusCode::SEE_OTHER || visitor.status == StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_console_writes_an_accounts_archive_to_a_file() {
    let app = TestApp::spawn().await;
    let anna = Client::new(&app, "anna").await;
    anna.post("/api/v1/statuses", json!({"status": "Written down for the archive"}))
        .await;
    let dir = std::env::temp_dir().join(format!("fucina-export-{}", fucina::crypto::random_token()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("anna-archive.zip");
    let (code, stdout, stderr) =
        crate::cli::account_cli(&app, &["export", "anna", "--out", out.to_str().unwrap()]).await;
    assert_eq!(code, 0, "{stdout}{stderr}");
    let entries = unzip(&std::fs::read(&out).unwrap());
    assert!(entries.contains_key("actor.json"));
    assert!(String::from_utf8_lossy(&entries["outbox.json"]).contains("Written down for the archive"));
    let (code, _, stderr) = crate::cli::account_cli(&app, &["export", "nobody", "--out", out.to_str().unwrap()]).await;
    assert_ne!(code, 0);
    assert!(stderr.contains("nobody"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mastodon_following_list_is_imported_here_and_on_other_servers_and_misses_are_listed() {
    let app = TestApp::spawn().await;
    let remote = FakeServer::start().await;
    remote.person("carla");
    app.create_user("ben").await;
    let _anna = Client::new(&app, "anna").await;
    let browser = app.browser();
    browser.log_in("anna", PASSWORD).await;
    browser.get("/settings/data").await;

    // A bad line refuses the whole file and says which; nothing is queued.
    let bad = browser
        .post_file(
            "/settings/data/import",
            &[("kind", "following"), ("mode", "merge")],
            "following_accounts.csv",
            b"Account address,Show boosts\nben@example.test,true\nthis is not an address,true\n",
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.contains("Line 3"), "{}", bad.body);
    assert_eq!(app.count("account_imports").await, 0);

    let host = app
        .url("")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let file = format!(
        "Account address,Show boosts,Notify on new posts,Languages\nben@{host},true,false,\n@carla@{},true,false,\nghost@{},true,false,\n",
        remote.host, remote.host
    );
    browser.get("/settings/data").await;
    let started = browser
        .post_file(
            "/settings/data/import",
            &[("kind", "following"), ("mode", "merge")],
            "following_accounts.csv",
            file.as_bytes(),
        )
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    eventually("the import is done", || async {
        text_of(&app, "SELECT state AS value FROM account_imports")
            .await
            .as_deref()
            == Some("done")
    })
    .await;
    assert_eq!(
        app.count("follows f JOIN actors a ON a.id = f.followed_id WHERE a.username IN ('ben', 'carla')")
            .await,
        2
    );
    assert!(
        remote.received().iter().any(|d| d.body["type"] == "Follow"),
        "the remote account got a Follow"
    );
    let page = browser.get("/settings/data").await;
    assert!(page.contains("2 of 3 imported"), "{}", page.body);
    assert!(page.contains(&format!("ghost@{}", remote.host)), "misses are listed");
}

#[tokio::test]
async fn overwriting_blocks_and_mutes_keeps_exactly_the_files_accounts() {
    let app = TestApp::spawn().await;
    let anna = Client::new(&app, "anna").await;
    for name in ["ben", "carlo", "dora"] {
        app.create_user(name).await;
    }
    let id_of = |name: &'static str| {
        let anna = &anna;
        async move {
            anna.get(&format!("/api/v1/accounts/lookup?acct={name}")).await.1["id"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    post_ok(
        &anna,
        &format!("/api/v1/accounts/{}/block", id_of("ben").await),
        json!({}),
    )
    .await;
    post_ok(
        &anna,
        &format!("/api/v1/accounts/{}/mute", id_of("carlo").await),
        json!({}),
    )
    .await;
    let host = app
        .url("")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let browser = app.browser();
    browser.log_in("anna", PASSWORD).await;
    for (kind, file) in [
        ("blocks", format!("dora@{host}\n")),
        (
            "mutes",
            format!("Account address,Hide notifications\ndora@{host},false\n"),
        ),
    ] {
        browser.get("/settings/data").await;
        let started = browser
            .post_file(
                "/settings/data/import",
                &[("kind", kind), ("mode", "overwrite")],
                "list.csv",
                file.as_bytes(),
            )
            .await;
        assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    }
    eventually("both imports are done", || async {
        app.count("account_imports WHERE state = 'done'").await == 2
    })
    .await;
    let dora = id_of("dora").await;
    let (_, relations) = anna
        .get(&format!(
            "/api/v1/accounts/relationships?id[]={dora}&id[]={}&id[]={}",
            id_of("ben").await,
            id_of("carlo").await
        ))
        .await;
    schema::assert_matches_each("Relationship", &relations);
    assert_eq!(relations[0]["blocking"], true);
    assert_eq!(relations[0]["muting"], true);
    assert_eq!(relations[0]["muting_notifications"], false, "the file's second column");
    assert_eq!(relations[1]["blocking"], false, "ben was not in the file");
    assert_eq!(relations[2]["muting"], false, "carlo was not in the file");
}

#[tokio::test]
async fn bookmarks_and_favourites_are_listed_and_mutes_hide_posts_and_notifications() {
    let app = TestApp::spawn().await;
    let anna = Client::new(&app, "anna").await;
    let ben = Client::new(&app, "ben").await;
    let ben_id = ben.get("/api/v1/accounts/verify_credentials").await.1["id"]
        .as_str()
        .unwrap()
        .to_owned();
    post_ok(&anna, &format!("/api/v1/accounts/{ben_id}/follow"), json!({})).await;
    let mut ids = Vec::new();
    for text in ["First", "Second", "Third"] {
        let (_, post) = ben.post("/api/v1/statuses", json!({"status": text})).await;
        ids.push(post["id"].as_str().unwrap().to_owned());
    }
    for id in &ids {
        let bookmarked = post_ok(&anna, &format!("/api/v1/statuses/{id}/bookmark"), json!({})).await;
        schema::assert_matches("Status", &bookmarked);
        assert_eq!(bookmarked["bookmarked"], true);
    }
    post_ok(&anna, &format!("/api/v1/statuses/{}/favourite", ids[1]), json!({})).await;
    post_ok(&anna, &format!("/api/v1/statuses/{}/unbookmark", ids[0]), json!({})).await;

    let (status, bookmarks) = anna.get("/api/v1/bookmarks?limit=1").await;
    assert_eq!(status, StatusCode::OK);
    schema::assert_matches_each("Status", &bookmarks);
    assert_eq!(bookmarks[0]["id"], ids[2].as_str(), "latest bookmark first");
    let (_, all) = anna.get("/api/v1/bookmarks").await;
    assert_eq!(all.as_array().unwrap().len(), 2);
    let (_, favourites) = anna.get("/api/v1/favourites").await;
    assert_eq!(favourites.as_array().unwrap().len(), 1);
    assert_eq!(favourites[0]["id"], ids[1].as_str());
    assert_eq!(favourites[0]["favourited"], true);
    // Bookmarks are one's own: Ben sees none of Anna's.
    assert_eq!(ben.get("/api/v1/bookmarks").await.1, json!([]));
    assert_eq!(
        ben.get(&format!("/api/v1/statuses/{}", ids[2])).await.1["bookmarked"],
        false
    );

    // Muted: Ben's posts leave Anna's home, his notifications go quiet.
    let (_, home) = anna.get("/api/v1/timelines/home").await;
    assert_eq!(home.as_array().unwrap().len(), 3);
    let anna_id = anna.get("/api/v1/accounts/verify_credentials").await.1["id"]
        .as_str()
        .unwrap()
        .to_owned();
    post_ok(&ben, &format!("/api/v1/accounts/{anna_id}/follow"), json!({})).await;
    assert_eq!(anna.get("/api/v1/notifications").await.1.as_array().unwrap().len(), 1);
    let relation = post_ok(
        &anna,
        &format!("/api/v1/accounts/{ben_id}/mute"),
        json!({"duration": 3600}),
    )
    .await;
    schema::assert_matches("Relationship", &relation);
    assert_eq!(relation["muting"], true);
    assert_eq!(relation["muting_notifications"], true);
    assert_eq!(anna.get("/api/v1/timelines/home").await.1, json!([]));
    assert_eq!(anna.get("/api/v1/notifications").await.1, json!([]));
    let (_, mutes) = anna.get("/api/v1/mutes").await;
    schema::assert_matches_each("Account", &mutes);
    assert_eq!(mutes[0]["id"], ben_id.as_str());
    let (status, _) = anna.post(&format!("/api/v1/accounts/{anna_id}/mute"), json!({})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "not oneself");

    post_ok(&anna, &format!("/api/v1/accounts/{ben_id}/unmute"), json!({})).await;
    assert_eq!(anna.get("/api/v1/timelines/home").await.1.as_array().unwrap().len(), 3);
    assert_eq!(anna.get("/api/v1/mutes").await.1, json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retention_removes_old_remote_posts_nobody_here_touched_and_old_moderation_records() {
    let app = TestApp::builder()
        .with("retention.remote_content_days", 30)
        .with("retention.logs_days", 30)
        .spawn()
        .await;
    let alice = Client::new(&app, "alice").await;
    app.create_user("bob").await;
    let remote = FakeServer::start().await;
    let mallory = remote.person("mallory")["id"].as_str().unwrap().to_owned();
    let (_, found) = alice
        .get(&format!(
            "/api/v2/search?q=mallory@{}&resolve=true&type=accounts",
            remote.host
        ))
        .await;
    let mallory_id = found["accounts"][0]["id"].as_str().unwrap().to_owned();
    post_ok(&alice, &format!("/api/v1/accounts/{mallory_id}/follow"), json!({})).await;
    eventually("the Follow arrives", || async {
        remote.received().iter().any(|d| d.body["type"] == "Follow")
    })
    .await;
    let follow = remote
        .received()
        .into_iter()
        .find(|d| d.body["type"] == "Follow")
        .expect("a Follow")
        .body;
    let accept = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": remote.url("/activities/accept-1"), "type": "Accept", "actor": mallory, "object": follow,
    });
    let key = format!("{mallory}#main-key");
    assert_eq!(
        remote.post_signed(&app.url("/inbox"), &key, &accept).await.status(),
        StatusCode::ACCEPTED
    );
    for n in 1..=2 {
        let note = json!({
            "id": remote.url(&format!("/notes/{n}")), "type": "Note", "attributedTo": mallory,
            "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": [format!("{mallory}/followers")],
            "content": format!("<p>Remote note {n}</p>"), "published": "2026-10-01T10:00:00Z",
        });
        let create = json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": remote.url(&format!("/activities/create-{n}")), "type": "Create", "actor": mallory,
            "to": note["to"], "cc": note["cc"], "object": note,
        });
        assert_eq!(
            remote.post_signed(&app.url("/inbox"), &key, &create).await.status(),
            StatusCode::ACCEPTED
        );
    }
    eventually("both notes are stored", || async {
        app.count("statuses WHERE NOT local").await == 2
    })
    .await;
    let kept_id = text_of(
        &app,
        &format!(
            "SELECT id::text AS value FROM statuses WHERE ap_id = '{}'",
            remote.url("/notes/2")
        ),
    )
    .await
    .unwrap();
    post_ok(&alice, &format!("/api/v1/statuses/{kept_id}/favourite"), json!({})).await;
    let (code, out, err) = crate::cli::account_cli(&app, &["warn", "bob", "--reason", "Be kind"]).await;
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(app.count("moderation_log").await, 1);

    // Recent, everything stays.
    let pruned = fucina::services::erasure::apply_retention(app.state()).await.unwrap();
    assert_eq!((pruned.remote_posts, pruned.records), (0, 0));

    // Forty days on: the untouched note and the log entry go, the favourited note stays.
    use diesel_async::RunQueryDsl;
    let mut conn = app.db().await;
    for sql in [
        "UPDATE statuses SET created_at = now() - interval '40 days' WHERE NOT local",
        "UPDATE moderation_log SET created_at = now() - interval '40 days'",
        "UPDATE account_warnings SET created_at = now() - interval '40 days'",
    ] {
        diesel::sql_query(sql).execute(&mut conn).await.unwrap();
    }
    let pruned = fucina::services::erasure::apply_retention(app.state()).await.unwrap();
    assert_eq!(pruned.remote_posts, 1);
    assert_eq!(app.count("statuses WHERE NOT local").await, 1);
    assert_eq!(
        alice.get(&format!("/api/v1/statuses/{kept_id}")).await.1["favourited"],
        true
    );
    assert_eq!(app.count("moderation_log").await, 0);
    assert_eq!(app.count("account_warnings").await, 0);
}

#[tokio::test]
async fn a_suspended_person_signs_in_only_to_appeal_take_their_data_or_delete_the_account() {
    let app = TestApp::spawn().await;
    let bob = Client::new(&app, "bob").await;
    crate::reports::post_by(&bob, "Before the suspension").await;
    let mona = crate::moderation::moderator(&app, "mona").await;
    let bob_id = crate::reports::id_of(&bob).await;
    post_ok(
        &mona,
        &format!("/api/v1/admin/accounts/{bob_id}/action"),
        json!({"type": "suspend", "text": "Spam"}),
    )
    .await;
    assert_eq!(
        bob.get("/api/v1/accounts/verify_credentials").await.0,
        StatusCode::UNAUTHORIZED
    );

    let browser = app.browser();
    browser.get("/login").await;
    let login = browser
        .post("/login", &[("login", "bob"), ("password", PASSWORD)])
        .await;
    assert_eq!(login.status, StatusCode::SEE_OTHER, "{}", login.body);
    assert_eq!(login.location.as_deref(), Some("/settings/moderation"));
    let page = browser.get("/settings/moderation").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.contains("Your account is suspended"), "{}", page.body);
    assert!(page.contains("Spam"), "the reason is there to appeal");

    // Everything else sends them back; nothing is posted.
    for path in ["/settings/profile", "/notifications", "/proposals/new"] {
        let refused = browser.get(path).await;
        assert_eq!(refused.location.as_deref(), Some("/settings/moderation"), "{path}");
    }
    browser.get("/settings/moderation").await;
    let posted = browser.post("/compose", &[("status", "I am back")]).await;
    assert_eq!(posted.location.as_deref(), Some("/settings/moderation"));
    assert_eq!(app.count("statuses WHERE content LIKE '%I am back%'").await, 0);

    // The data can be taken, and an appeal sent.
    assert_eq!(browser.get("/settings/data").await.status, StatusCode::OK);
    let asked = browser.post("/settings/data/export", &[]).await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let warning = text_of(&app, "SELECT id::text AS value FROM account_warnings")
        .await
        .unwrap();
    browser.get("/settings/moderation").await;
    let appealed = browser
        .post(
            &format!("/settings/moderation/{warning}/appeal"),
            &[("text", "It was a misunderstanding")],
        )
        .await;
    assert_eq!(appealed.status, StatusCode::SEE_OTHER, "{}", appealed.body);

    // Apps stay shut: the password grant is refused.
    let client = crate::oauth::register_app(&app, "urn:ietf:wg:oauth:2.0:oob", "read").await;
    let grant = app
        .client()
        .post(app.url("/oauth/token"))
        .form(&[
            ("grant_type", "password"),
            ("client_id", client["client_id"].as_str().unwrap()),
            ("client_secret", client["client_secret"].as_str().unwrap()),
            ("username", "bob"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(grant.status(), StatusCode::BAD_REQUEST);
}
