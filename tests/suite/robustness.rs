//! Property tests: what other servers send is read without a panic, however
//! it is made. The parsers (activities, objects, actors, signatures, handles,
//! HTML) take arbitrary bytes and arbitrary JSON of ActivityPub's shape, and
//! a running instance's inbox takes arbitrary POSTs, signed and not, answering
//! each with a 4xx and storing nothing. Bounded: a fixed number of cases each.

use http::{HeaderMap, HeaderValue, Method};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Map, Value, json};

use fucina::activitypub::protocol::activities::Activity;
use fucina::activitypub::protocol::actor::Actor;
use fucina::activitypub::protocol::object::Note;
use fucina::activitypub::signatures;
use fucina::domain::federation::parse_remote_handle;
use fucina::domain::text::{html_to_text, sanitize_html, web_url};

use crate::common::TestApp;
use crate::common::remote::FakeServer;

/// Keys other servers use, so that arbitrary objects often look like activities.
const KEYS: &[&str] = &[
    "type",
    "id",
    "actor",
    "object",
    "to",
    "cc",
    "content",
    "contentMap",
    "attributedTo",
    "inReplyTo",
    "tag",
    "attachment",
    "published",
    "updated",
    "summary",
    "name",
    "url",
    "href",
    "audience",
    "target",
    "oneOf",
    "anyOf",
    "proposalStatus",
    "team",
    "publicKey",
    "inbox",
    "endpoints",
    "sharedInbox",
    "icon",
    "language",
];

const TYPES: &[&str] = &[
    "Create",
    "Update",
    "Delete",
    "Follow",
    "Accept",
    "Reject",
    "Undo",
    "Like",
    "Announce",
    "Join",
    "Flag",
    "Block",
    "Add",
    "Remove",
    "Lock",
    "Note",
    "Page",
    "Article",
    "Question",
    "Person",
    "Group",
    "Tombstone",
    "Mention",
    "Hashtag",
    "Document",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,40}".prop_map(Value::String),
        proptest::sample::select(TYPES).prop_map(|t| json!(t)),
        "(https?|javascript|data|ftp)://[a-z.:0-9@]{0,20}/[a-z/#?=]{0,20}".prop_map(Value::String),
    ]
}

/// Arbitrary JSON, shaped like ActivityPub's more often than not.
fn activity_like() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((proptest::sample::select(KEYS), inner), 0..10).prop_map(|pairs| {
                let mut object = Map::new();
                for (key, value) in pairs {
                    object.insert(key.to_owned(), value);
                }
                Value::Object(object)
            }),
        ]
    })
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

#[test]
fn arbitrary_bytes_and_json_never_panic_the_parsers() {
    runner(3000)
        .run(&proptest::collection::vec(any::<u8>(), 0..512), |bytes| {
            let _ = serde_json::from_slice::<Activity>(&bytes);
            let _ = serde_json::from_slice::<Note>(&bytes);
            let _ = serde_json::from_slice::<Actor>(&bytes);
            Ok(())
        })
        .unwrap();
    runner(3000)
        .run(&activity_like(), |value| {
            let text = value.to_string();
            if let Ok(activity) = serde_json::from_str::<Activity>(&text) {
                let _ = activity.object_id();
                let _ = activity.object_type();
                let _ = serde_json::from_value::<Note>(activity.object.clone());
            }
            if let Ok(note) = serde_json::from_str::<Note>(&text) {
                let _ = note.content_html();
                let _ = note.language();
                let _ = note.thread();
                let _ = note.page_url();
            }
            if let Ok(actor) = serde_json::from_str::<Actor>(&text) {
                let _ = actor.profile_url();
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn deeply_nested_json_is_refused_not_recursed_into() {
    for depth in [1_000, 100_000] {
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(serde_json::from_str::<Activity>(&nested).is_err());
        let object = format!("{}1{}", "{\"object\":".repeat(depth), "}".repeat(depth));
        assert!(serde_json::from_str::<Activity>(&object).is_err());
    }
}

#[test]
fn arbitrary_rfc9421_headers_never_panic_the_verifier() {
    let input = "sig1=\\(((\"[@a-z-]{1,12}\"(;name=\"[a-z]{1,4}\")?) ?){0,4}\\)(;(created|expires|keyid|alg|nonce)=[ -~]{0,16}){0,4}";
    let strategy = (
        input,
        "sig1=:[A-Za-z0-9+/=]{0,40}:|[ -~]{0,30}",
        "sha-(256|512)=:[A-Za-z0-9+/=]{0,60}:|[ -~]{0,30}",
        proptest::collection::vec(any::<u8>(), 0..64),
    );
    runner(3000)
        .run(&strategy, |(input, signature, content_digest, body)| {
            let mut headers = HeaderMap::new();
            for (name, value) in [
                ("signature-input", &input),
                ("signature", &signature),
                ("content-digest", &content_digest),
            ] {
                if let Ok(value) = HeaderValue::from_str(value) {
                    headers.insert(name, value);
                }
            }
            headers.insert("host", HeaderValue::from_static("fucina.example"));
            for method in [Method::POST, Method::GET] {
                let request = signatures::Request {
                    method: &method,
                    scheme: "https",
                    target: "/inbox?a=b&a=c",
                    headers: &headers,
                };
                let body = (method == Method::POST).then_some(body.as_slice());
                let _ = signatures::check_request(&request, body, chrono::Utc::now());
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn arbitrary_signature_headers_never_panic_the_verifier() {
    let header = "(keyId|headers|signature|algorithm|created|expires)=\"[ -~]{0,40}\"(,[ -~]{0,30}){0,4}";
    let strategy = (
        header,
        ".{0,60}",
        proptest::option::of("[A-Za-z]{3}, [0-9]{2} [A-Za-z]{3} [0-9]{4} [0-9:]{8} GMT"),
        proptest::collection::vec(any::<u8>(), 0..64),
    );
    runner(3000)
        .run(&strategy, |(signature, digest, date, body)| {
            let mut headers = HeaderMap::new();
            if let Ok(value) = HeaderValue::from_str(&signature) {
                headers.insert("signature", value);
            }
            if let Ok(value) = HeaderValue::from_str(&digest) {
                headers.insert("digest", value);
            }
            if let Some(date) = date
                && let Ok(value) = HeaderValue::from_str(&date)
            {
                headers.insert("date", value);
            }
            headers.insert("host", HeaderValue::from_static("fucina.example"));
            for method in [Method::POST, Method::GET] {
                let request = signatures::Request {
                    method: &method,
                    scheme: "https",
                    target: "/inbox",
                    headers: &headers,
                };
                let body = (method == Method::POST).then_some(body.as_slice());
                let _ = signatures::check_request(&request, body, chrono::Utc::now());
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn arbitrary_text_never_panics_the_text_and_handle_readers() {
    runner(3000)
        .run(&".{0,200}", |text| {
            let _ = parse_remote_handle(&text);
            let _ = web_url(&text);
            let safe = sanitize_html(&text);
            assert!(!safe.to_lowercase().contains("<script"), "{safe}");
            let _ = html_to_text(&text);
            Ok(())
        })
        .unwrap();
}

/// Arbitrary POSTs to a running inbox: every one answered 4xx (202 for what
/// it may ignore, 502 for what it could not fetch), never a failure of ours,
/// none stored, and the instance still answers after.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_inbox_takes_arbitrary_posts_without_failing() {
    let app = TestApp::spawn().await;
    let sender = FakeServer::start().await;
    let actor = sender.person("fuzzer");
    let key_id = format!("{}#main-key", actor["id"].as_str().unwrap());
    let mut runner = runner(150);
    let mut cases = Vec::new();
    let strategy = (activity_like(), any::<bool>(), any::<bool>());
    for _ in 0..150 {
        let tree = strategy.new_tree(&mut runner).unwrap();
        cases.push(tree.current());
    }
    let client = app.client();
    for (n, (mut body, signed, as_actor)) in cases.into_iter().enumerate() {
        // Half of them claim to come from the sender, so they get past the cheap checks.
        if as_actor && let Value::Object(object) = &mut body {
            object.insert("actor".into(), actor["id"].clone());
            object.insert("id".into(), json!(sender.url(&format!("/activities/fuzz-{n}"))));
        }
        let status = if signed {
            sender.post_signed(&app.url("/inbox"), &key_id, &body).await.status()
        } else {
            client
                .post(app.url("/inbox"))
                .header("content-type", "application/activity+json")
                .body(body.to_string())
                .send()
                .await
                .unwrap()
                .status()
        };
        // 502: it named something on its server that could not be fetched (retry later).
        assert!(
            status.is_client_error() || matches!(status.as_u16(), 202 | 502),
            "{status} for {body}"
        );
    }
    assert_eq!(app.count("statuses").await, 0);
    let instance = client.get(app.url("/api/v1/instance")).send().await.unwrap();
    assert!(instance.status().is_success());
}
