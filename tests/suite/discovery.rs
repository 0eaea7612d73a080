//! How other servers find and read Fucina's actors: WebFinger, host-meta,
//! NodeInfo, the instance actor, actor documents and their collections.

use reqwest::StatusCode;
use serde_json::Value;

use crate::common::TestApp;

const AP: &str = "application/activity+json";

#[tokio::test]
async fn webfinger_finds_people_by_handle_and_by_url_and_not_strangers() {
    let app = TestApp::spawn().await;
    let alice = app.create_user("alice").await;
    let client = app.client();
    for resource in [
        format!("acct:alice@{}", app.domain),
        format!("acct:ALICE@{}", app.domain),
        alice.actor.ap_id.clone(),
        app.url("/@alice"),
    ] {
        let response = client
            .get(app.url("/.well-known/webfinger"))
            .query(&[("resource", &resource)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{resource}");
        assert_eq!(response.headers()["access-control-allow-origin"], "*");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/jrd+json")
        );
        let jrd: Value = response.json().await.unwrap();
        assert_eq!(jrd["subject"], format!("acct:alice@{}", app.domain));
        let links = jrd["links"].as_array().unwrap();
        assert!(
            links
                .iter()
                .any(|l| l["rel"] == "self" && l["type"] == AP && l["href"] == alice.actor.ap_id.as_str())
        );
        assert!(
            links
                .iter()
                .any(|l| l["rel"] == "http://webfinger.net/rel/profile-page")
        );
        assert!(
            links
                .iter()
                .any(|l| l["rel"] == "http://ostatus.org/schema/1.0/subscribe")
        );
    }
    for resource in [
        format!("acct:nobody@{}", app.domain),
        "acct:alice@elsewhere.example".to_owned(),
        "https://elsewhere.example/users/alice".to_owned(),
    ] {
        let response = client
            .get(app.url("/.well-known/webfinger"))
            .query(&[("resource", &resource)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{resource}");
    }
}

#[tokio::test]
async fn the_instance_actor_is_found_by_webfinger_and_linked_from_nodeinfo() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let jrd: Value = client
        .get(app.url("/.well-known/webfinger"))
        .query(&[("resource", format!("acct:{}@{}", app.domain, app.domain))])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let actor_url = jrd["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["rel"] == "self")
        .unwrap()["href"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(actor_url, app.url("/actor"));
    let actor: Value = client
        .get(&actor_url)
        .header("accept", AP)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(actor["type"], "Application");
    assert!(
        actor["publicKey"]["publicKeyPem"]
            .as_str()
            .unwrap()
            .contains("PUBLIC KEY")
    );

    let links: Value = client
        .get(app.url("/.well-known/nodeinfo"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let links = links["links"].as_array().unwrap();
    assert!(links.iter().any(|l| l["rel"] == "https://www.w3.org/ns/activitystreams#Application" && l["href"] == actor_url.as_str()), "FEP-2677");
    let href = links
        .iter()
        .find(|l| l["rel"] == "http://nodeinfo.diaspora.software/ns/schema/2.1")
        .unwrap()["href"]
        .as_str()
        .unwrap()
        .to_owned();
    app.create_user("bea").await;
    let nodeinfo = client.get(&href).send().await.unwrap();
    assert!(
        nodeinfo.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("schema/2.1")
    );
    let nodeinfo: Value = nodeinfo.json().await.unwrap();
    assert_eq!(nodeinfo["software"]["name"], "fucina");
    assert_eq!(nodeinfo["protocols"][0], "activitypub");
    assert_eq!(nodeinfo["usage"]["users"]["total"], 1);
    assert_eq!(nodeinfo["openRegistrations"], true);

    let host_meta = client
        .get(app.url("/.well-known/host-meta"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        host_meta.contains("lrdd") && host_meta.contains("/.well-known/webfinger?resource={uri}"),
        "{host_meta}"
    );
}

#[tokio::test]
async fn an_actor_document_has_what_other_servers_need_and_browsers_get_the_page() {
    let app = TestApp::spawn().await;
    app.create_user("carla").await;
    let token = app.token_for("carla", "read write").await;
    app.client()
        .patch(app.url("/api/v1/accounts/update_credentials"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"display_name": "Carla B.", "note": "Sensors", "organisation": "Lab", "website": "https://lab.example", "hide_collections": true}))
        .send()
        .await
        .unwrap();
    let client = app.client();
    for accept in [
        AP,
        "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"",
    ] {
        let response = client
            .get(app.url("/users/carla"))
            .header("accept", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{accept}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/activity+json")
        );
        let actor: Value = response.json().await.unwrap();
        assert!(
            actor["@context"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == "https://w3id.org/security/v1")
        );
        assert_eq!(actor["type"], "Person");
        assert_eq!(actor["name"], "Carla B.");
        assert_eq!(actor["publicKey"]["owner"], actor["id"]);
        assert_eq!(
            actor["publicKey"]["id"],
            format!("{}#main-key", actor["id"].as_str().unwrap())
        );
        assert_eq!(actor["endpoints"]["sharedInbox"], app.url("/inbox"));
        for key in [
            "inbox",
            "outbox",
            "followers",
            "following",
            "url",
            "icon",
            "published",
            "manuallyApprovesFollowers",
            "discoverable",
            "summary",
        ] {
            assert!(!actor[key].is_null(), "{key}");
        }
        let attachment = actor["attachment"].as_array().unwrap();
        assert!(
            attachment
                .iter()
                .any(|a| a["type"] == "PropertyValue" && a["name"] == "Organisation" && a["value"] == "Lab")
        );
        assert!(
            attachment.iter().any(
                |a| a["name"] == "Website" && a["value"].as_str().unwrap().contains("href=\"https://lab.example\"")
            )
        );
    }
    let page = client
        .get(app.url("/users/carla"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::SEE_OTHER);
    assert_eq!(page.headers()["location"], "/@carla");

    // Hidden lists keep their counts and show no members.
    let followers: Value = client
        .get(app.url("/users/carla/followers"))
        .header("accept", AP)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(followers["type"], "OrderedCollection");
    assert_eq!(followers["totalItems"], 0);
    assert!(followers.get("first").is_none());
    assert_eq!(
        client
            .get(app.url("/users/nobody"))
            .header("accept", AP)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_outbox_pages_public_posts_and_leaves_out_private_ones() {
    let app = TestApp::spawn().await;
    app.create_user("dario").await;
    let token = app.token_for("dario", "read write").await;
    for (text, visibility) in [
        ("one", "public"),
        ("two", "unlisted"),
        ("secret", "private"),
        ("whisper", "direct"),
    ] {
        app.client()
            .post(app.url("/api/v1/statuses"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"status": text, "visibility": visibility}))
            .send()
            .await
            .unwrap();
    }
    let client = app.client();
    let outbox: Value = client
        .get(app.url("/users/dario/outbox"))
        .header("accept", AP)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(outbox["type"], "OrderedCollection");
    assert_eq!(outbox["totalItems"], 2);
    let page: Value = client
        .get(outbox["first"].as_str().unwrap())
        .header("accept", AP)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["type"], "OrderedCollectionPage");
    let items = page["orderedItems"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|i| i["type"] == "Create"));
    let text = page.to_string();
    assert!(
        !text.contains("secret") && !text.contains("whisper"),
        "private posts stay out of the outbox"
    );
    let note = &items[0]["object"];
    let fetched = client
        .get(note["id"].as_str().unwrap())
        .header("accept", AP)
        .send()
        .await
        .unwrap();
    assert_eq!(fetched.status(), StatusCode::OK);
}
