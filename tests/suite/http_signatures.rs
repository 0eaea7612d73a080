//! HTTP signatures against fixtures: the signed requests of RFC 9421's
//! Appendix B, read from `tests/fixtures/http-signatures/`, verify through
//! the same checks the inbox makes, and a change to any covered part breaks them.

use fucina::activitypub::signatures::{self, Dialect, Request, SignatureError};
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use rsa::signature::Verifier;
use sfv::FieldType;

/// A raw HTTP/1.1 request: method, target, headers, body.
struct RawRequest {
    method: Method,
    target: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/http-signatures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read_request(name: &str) -> RawRequest {
    let text = fixture(name);
    let (head, body) = text.split_once("\n\n").expect("a blank line before the body");
    let mut lines = head.lines();
    let mut request_line = lines.next().unwrap().split(' ');
    let method = Method::from_bytes(request_line.next().unwrap().as_bytes()).unwrap();
    let target = request_line.next().unwrap().to_owned();
    let mut headers = HeaderMap::new();
    for line in lines {
        let (name, value) = line.split_once(": ").unwrap();
        headers.append(
            HeaderName::from_bytes(name.to_ascii_lowercase().as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    RawRequest {
        method,
        target,
        headers,
        body: body.as_bytes().to_vec(),
    }
}

impl RawRequest {
    fn as_request(&self) -> Request<'_> {
        Request {
            method: &self.method,
            scheme: "https",
            target: &self.target,
            headers: &self.headers,
        }
    }
}

/// When Appendix B's signatures were made.
fn created() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_618_884_473, 0).unwrap()
}

fn test_key() -> rsa::RsaPublicKey {
    signatures::parse_public_key(&fixture("test-key-rsa-pss.pub.pem")).unwrap()
}

/// Verifies a fixture's one signature by the RFC's rules alone (no policy on
/// what must be covered): the base we rebuild is the one that was signed.
fn verifies_by_the_rfc(request: &RawRequest) -> bool {
    let input: sfv::Dictionary = sfv::Parser::new(request.headers["signature-input"].to_str().unwrap())
        .parse()
        .unwrap();
    let signature: sfv::Dictionary = sfv::Parser::new(request.headers["signature"].to_str().unwrap())
        .parse()
        .unwrap();
    let (label, sfv::ListEntry::InnerList(input)) = input.first().unwrap() else {
        panic!("an inner list")
    };
    let Some(sfv::ListEntry::Item(signature)) = signature.get(label) else {
        panic!("a signature under {label:?}")
    };
    let base = signatures::rfc9421::signature_base(&request.as_request(), input).unwrap();
    let signature = rsa::pss::Signature::try_from(signature.bare_item.as_byte_sequence().unwrap()).unwrap();
    rsa::pss::VerifyingKey::<sha2::Sha512>::new(test_key())
        .verify(base.as_bytes(), &signature)
        .is_ok()
}

#[test]
fn rfc9421_appendix_b_signatures_verify_as_the_rfc_builds_them() {
    for name in ["rfc9421-b21.http", "rfc9421-b22.http", "rfc9421-b23.http"] {
        let request = read_request(name);
        assert!(verifies_by_the_rfc(&request), "{name} does not verify");
        // The signature parameters re-serialize to what was sent.
        let sent = request.headers["signature-input"].to_str().unwrap();
        let parsed: sfv::Dictionary = sfv::Parser::new(sent).parse().unwrap();
        assert_eq!(parsed.serialize().as_deref(), Some(sent), "{name}");
    }
}

#[test]
fn rfc9421_request_covering_method_path_and_authority_passes_the_inbox_checks() {
    let request = read_request("rfc9421-b23.http");
    let pending = signatures::check_request(&request.as_request(), Some(&request.body), created()).unwrap();
    assert_eq!(pending.dialect(), Dialect::Rfc9421);
    assert_eq!(pending.key_id(), "test-key-rsa-pss");
    assert!(pending.verify(&test_key()).is_ok());

    // A change to anything covered breaks it.
    let mut other_query = read_request("rfc9421-b23.http");
    other_query.target = "/foo?param=Value&Pet=cat".into();
    let pending = signatures::check_request(&other_query.as_request(), Some(&other_query.body), created()).unwrap();
    assert_eq!(pending.verify(&test_key()).unwrap_err(), SignatureError::Invalid);

    let mut other_host = read_request("rfc9421-b23.http");
    other_host
        .headers
        .insert("host", HeaderValue::from_static("fucina.example"));
    let pending = signatures::check_request(&other_host.as_request(), Some(&other_host.body), created()).unwrap();
    assert_eq!(pending.verify(&test_key()).unwrap_err(), SignatureError::Invalid);

    assert_eq!(
        signatures::check_request(&request.as_request(), Some(br#"{"hello": "mars!"}"#), created()).unwrap_err(),
        SignatureError::Digest
    );
    // Twelve hours and a minute later it is too old.
    let late = created() + chrono::Duration::minutes(12 * 60 + 1);
    assert_eq!(
        signatures::check_request(&request.as_request(), Some(&request.body), late).unwrap_err(),
        SignatureError::Date
    );
}

#[test]
fn rfc9421_signatures_that_leave_the_method_or_target_uncovered_are_refused() {
    // B.2.1 covers nothing, B.2.2 neither the method nor the path: valid by
    // the RFC, yet either could be replayed as another request.
    for name in ["rfc9421-b21.http", "rfc9421-b22.http"] {
        let request = read_request(name);
        assert!(verifies_by_the_rfc(&request));
        assert_eq!(
            signatures::check_request(&request.as_request(), Some(&request.body), created()).unwrap_err(),
            SignatureError::NotCovered("@method"),
            "{name}"
        );
    }
}

// Over real HTTP: a stand-in server that signs and checks, and two Fucina instances.

use crate::common::remote::FakeServer;
use crate::common::{TestApp, eventually, text_of};
use crate::federation::Client;
use serde_json::json;

fn follow_of(remote: &FakeServer, actor: &str, object: &str, n: u32) -> serde_json::Value {
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": remote.url(&format!("/activities/{n}")),
        "type": "Follow",
        "actor": actor,
        "object": object,
    })
}

async fn dialect_recorded(app: &TestApp, host: &str) -> Option<String> {
    text_of(
        app,
        &format!("SELECT http_signature AS value FROM instances WHERE host = '{host}'"),
    )
    .await
}

#[tokio::test]
async fn an_rfc9421_signed_follow_is_accepted_and_one_signed_with_another_key_is_not() {
    let app = TestApp::spawn().await;
    let alice = app.create_user("alice").await;
    let remote = FakeServer::start().await;
    let mallory = remote.person("mallory")["id"].as_str().unwrap().to_owned();
    let key_id = format!("{mallory}#main-key");

    let other_key = rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).unwrap();
    let forged = remote
        .post_signed_rfc9421(
            &app.url("/inbox"),
            &key_id,
            &other_key,
            &follow_of(&remote, &mallory, &alice.actor.ap_id, 1),
        )
        .await;
    assert_eq!(forged.status(), reqwest::StatusCode::UNAUTHORIZED);
    assert_eq!(app.count("follows").await, 0);

    let signed = remote
        .post_signed_rfc9421(
            &app.url("/users/alice/inbox"),
            &key_id,
            &remote.key,
            &follow_of(&remote, &mallory, &alice.actor.ap_id, 2),
        )
        .await;
    assert_eq!(signed.status(), reqwest::StatusCode::ACCEPTED);
    assert_eq!(app.count("follows").await, 1);
}

#[tokio::test]
async fn deliveries_to_a_server_that_advertises_rfc9421_are_signed_with_it_and_verify() {
    let app = TestApp::spawn().await;
    let alice = app.create_user("alice").await;
    let remote = FakeServer::start().await;
    let mallory = remote.person_advertising_rfc9421("mallory")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let response = remote
        .post_signed(
            &app.url("/inbox"),
            &format!("{mallory}#main-key"),
            &follow_of(&remote, &mallory, &alice.actor.ap_id, 1),
        )
        .await;
    assert_eq!(response.status(), reqwest::StatusCode::ACCEPTED);
    eventually("the Accept is delivered", || async {
        remote.received().iter().any(|d| d.body["type"] == "Accept")
    })
    .await;

    assert_eq!(remote.knocks(), vec!["rfc9421"]);
    let accept = remote
        .received()
        .into_iter()
        .find(|d| d.body["type"] == "Accept")
        .unwrap();
    assert!(accept.headers.contains_key("content-digest"));
    let request = Request {
        method: &Method::POST,
        scheme: "http",
        target: &accept.path,
        headers: &accept.headers,
    };
    let pending = signatures::check_request(&request, Some(&accept.raw), chrono::Utc::now()).unwrap();
    assert_eq!(pending.dialect(), Dialect::Rfc9421);
    assert_eq!(pending.key_id(), alice.actor.public_key_id);
    assert!(pending.verify_pem(&alice.actor.public_key_pem).is_ok());
    eventually("the dialect is recorded", || async {
        dialect_recorded(&app, &remote.host).await.as_deref() == Some("rfc9421")
    })
    .await;
}

#[tokio::test]
async fn a_server_that_refuses_rfc9421_gets_cavage_after_one_knock_and_then_only_cavage() {
    let app = TestApp::spawn().await;
    let alice = app.create_user("alice").await;
    let remote = FakeServer::start().await;
    remote.refuse_rfc9421();
    let mallory = remote.person_advertising_rfc9421("mallory")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    remote
        .post_signed(
            &app.url("/inbox"),
            &format!("{mallory}#main-key"),
            &follow_of(&remote, &mallory, &alice.actor.ap_id, 1),
        )
        .await;
    eventually("the Accept is delivered", || async {
        remote.received().iter().any(|d| d.body["type"] == "Accept")
    })
    .await;
    assert_eq!(remote.knocks(), vec!["rfc9421", "cavage"]);
    let accept = remote
        .received()
        .into_iter()
        .find(|d| d.body["type"] == "Accept")
        .unwrap();
    assert!(accept.headers.contains_key("signature") && !accept.headers.contains_key("signature-input"));
    eventually("the dialect is recorded", || async {
        dialect_recorded(&app, &remote.host).await.as_deref() == Some("cavage")
    })
    .await;

    // The next delivery goes straight to draft-cavage.
    let token = app.token_for("alice", "write").await;
    let posted = app
        .client()
        .post(app.url("/api/v1/statuses"))
        .bearer_auth(&token)
        .json(&json!({"status": "Seeking partners", "visibility": "public"}))
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), reqwest::StatusCode::OK);
    eventually("the post is delivered", || async {
        remote.received().iter().any(|d| d.body["type"] == "Create")
    })
    .await;
    assert_eq!(remote.knocks(), vec!["rfc9421", "cavage", "cavage"]);
}

#[tokio::test]
async fn two_fucina_instances_learn_each_other_speaks_rfc9421_and_use_it() {
    let a = TestApp::spawn().await;
    let b = TestApp::spawn().await;
    let alice = Client::new(&a, "alice").await;
    let bob = Client::new(&b, "bob").await;
    let bob_on_a = alice.follow(&bob.handle()).await;
    let bob_id_on_a = bob_on_a["id"].as_str().unwrap().to_owned();
    eventually("Bob's server accepts the follow", || async {
        alice.relationship(&bob_id_on_a).await["following"] == true
    })
    .await;
    // The Follow went out in RFC 9421 and B accepted it; B answered in kind.
    eventually("each records the other's dialect", || async {
        dialect_recorded(&a, &b.domain).await.as_deref() == Some("rfc9421")
            && dialect_recorded(&b, &a.domain).await.as_deref() == Some("rfc9421")
    })
    .await;
    let advertised = text_of(
        &a,
        &format!(
            "SELECT advertises_rfc9421::text AS value FROM instances WHERE host = '{}'",
            b.domain
        ),
    )
    .await;
    assert_eq!(advertised.as_deref(), Some("true"));
}
