//! HTTP signatures (draft-cavage-http-signatures, RSA-SHA256) and `Digest`:
//! signing what we send, verifying what we receive. Pure functions over
//! headers and keys; fetching the key is the caller's business.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::{DateTime, Duration, Utc};
use http::{HeaderMap, Method};
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};

/// How old a signed request may be (Mastodon accepts twelve hours of delay)…
pub const MAX_AGE: Duration = Duration::hours(12);
/// …and how far in the future its clock may run.
pub const MAX_SKEW: Duration = Duration::hours(1);

/// Why a signature was refused. Each of these answers 401.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("no draft-cavage Signature header")]
    Missing,
    #[error("the Signature header cannot be read")]
    Malformed,
    #[error("unsupported signature algorithm {0}")]
    Algorithm(String),
    #[error("the signature does not cover {0}")]
    NotCovered(&'static str),
    #[error("the signed header {0} is missing")]
    HeaderMissing(String),
    #[error("the request date is missing or outside the accepted window")]
    Date,
    #[error("the Digest header is missing or does not match the body")]
    Digest,
    #[error("the public key cannot be read")]
    Key,
    #[error("the signature does not verify")]
    Invalid,
}

/// A parsed `Signature` header.
#[derive(Debug, Clone)]
pub struct SignatureHeader {
    pub key_id: String,
    pub algorithm: Option<String>,
    pub headers: Vec<String>,
    pub signature: Vec<u8>,
    pub created: Option<i64>,
    pub expires: Option<i64>,
}

impl SignatureHeader {
    /// The actor the key belongs to, as most servers name keys (`<actor>#main-key`).
    pub fn key_owner_guess(&self) -> &str {
        self.key_id.split('#').next().unwrap_or(&self.key_id)
    }
}

/// Reads `Signature: keyId="…",headers="…",signature="…"` (or the same after
/// `Authorization: Signature`).
pub fn parse_signature_header(headers: &HeaderMap) -> Result<SignatureHeader, SignatureError> {
    let value = match headers.get("signature") {
        Some(value) => value.to_str().map_err(|_| SignatureError::Malformed)?,
        None => headers
            .get(http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Signature "))
            .ok_or(SignatureError::Missing)?,
    };
    let mut key_id = None;
    let mut algorithm = None;
    let mut signed_headers = None;
    let mut signature = None;
    let mut created = None;
    let mut expires = None;
    for part in split_params(value) {
        let (name, raw) = part.split_once('=').ok_or(SignatureError::Malformed)?;
        let value = raw.trim().trim_matches('"');
        match name.trim() {
            "keyId" => key_id = Some(value.to_owned()),
            "algorithm" => algorithm = Some(value.to_ascii_lowercase()),
            "headers" => signed_headers = Some(value.to_ascii_lowercase()),
            "signature" => signature = Some(BASE64.decode(value).map_err(|_| SignatureError::Malformed)?),
            "created" => created = value.parse().ok(),
            "expires" => expires = value.parse().ok(),
            _ => {}
        }
    }
    Ok(SignatureHeader {
        key_id: key_id.ok_or(SignatureError::Malformed)?,
        algorithm,
        // The default when none are named is just the date (draft-cavage §2.1.6).
        headers: signed_headers
            .unwrap_or_else(|| "date".into())
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
        signature: signature.ok_or(SignatureError::Malformed)?,
        created,
        expires,
    })
}

/// Splits on commas that are not inside quotes.
fn split_params(value: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in value.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                parts.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&value[start..]);
    parts.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect()
}

/// The string that was signed, rebuilt from the request.
fn signing_string(
    method: &Method,
    path_and_query: &str,
    headers: &HeaderMap,
    signature: &SignatureHeader,
) -> Result<String, SignatureError> {
    let mut lines = Vec::with_capacity(signature.headers.len());
    for name in &signature.headers {
        let value = match name.as_str() {
            "(request-target)" => {
                format!("{} {path_and_query}", method.as_str().to_ascii_lowercase())
            }
            "(created)" => signature
                .created
                .ok_or(SignatureError::HeaderMissing(name.clone()))?
                .to_string(),
            "(expires)" => signature
                .expires
                .ok_or(SignatureError::HeaderMissing(name.clone()))?
                .to_string(),
            header => {
                let values: Vec<&str> = headers
                    .get_all(header)
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .map(str::trim)
                    .collect();
                if values.is_empty() {
                    return Err(SignatureError::HeaderMissing(header.to_owned()));
                }
                values.join(", ")
            }
        };
        lines.push(format!("{name}: {value}"));
    }
    Ok(lines.join("\n"))
}

/// What a verified request proved.
#[derive(Debug, Clone)]
pub struct Verified {
    pub key_id: String,
}

/// Checks everything that needs no key: algorithm, covered headers, the date
/// window and, for requests with a body, the digest. Cheap; done before any fetch.
pub fn check_request(
    method: &Method,
    headers: &HeaderMap,
    body: Option<&[u8]>,
    now: DateTime<Utc>,
) -> Result<SignatureHeader, SignatureError> {
    let signature = parse_signature_header(headers)?;
    match signature.algorithm.as_deref() {
        None | Some("rsa-sha256") | Some("hs2019") => {}
        Some(other) => return Err(SignatureError::Algorithm(other.to_owned())),
    }
    let covers = |name: &str| signature.headers.iter().any(|h| h == name);
    if !covers("(request-target)") {
        return Err(SignatureError::NotCovered("(request-target)"));
    }
    if !covers("host") {
        return Err(SignatureError::NotCovered("host"));
    }
    // When is it from: the signed Date header, or the signature's (created).
    let signed_at = if covers("date") {
        let date = headers
            .get(http::header::DATE)
            .and_then(|v| v.to_str().ok())
            .ok_or(SignatureError::Date)?;
        httpdate::parse_http_date(date)
            .map(DateTime::<Utc>::from)
            .map_err(|_| SignatureError::Date)?
    } else if covers("(created)") {
        signature
            .created
            .and_then(|c| DateTime::from_timestamp(c, 0))
            .ok_or(SignatureError::Date)?
    } else {
        return Err(SignatureError::NotCovered("date"));
    };
    if signed_at < now - MAX_AGE || signed_at > now + MAX_SKEW {
        return Err(SignatureError::Date);
    }
    if let Some(expires) = signature.expires
        && expires < now.timestamp()
    {
        return Err(SignatureError::Date);
    }
    if let Some(body) = body {
        if !covers("digest") {
            return Err(SignatureError::NotCovered("digest"));
        }
        verify_digest(headers, body)?;
    }
    // Hosts appear in (request-target) implicitly; the Host header must exist.
    if method == Method::POST && headers.get(http::header::HOST).is_none() {
        return Err(SignatureError::HeaderMissing("host".into()));
    }
    Ok(signature)
}

/// Verifies the signature with the signer's public key (PEM).
pub fn verify_with_key(
    method: &Method,
    path_and_query: &str,
    headers: &HeaderMap,
    signature: &SignatureHeader,
    public_key_pem: &str,
) -> Result<Verified, SignatureError> {
    let key = parse_public_key(public_key_pem)?;
    verify_with_public_key(method, path_and_query, headers, signature, &key)
}

/// A public key from SPKI or PKCS#1 PEM.
pub fn parse_public_key(pem: &str) -> Result<RsaPublicKey, SignatureError> {
    RsaPublicKey::from_public_key_pem(pem.trim())
        .or_else(|_| <RsaPublicKey as rsa::pkcs1::DecodeRsaPublicKey>::from_pkcs1_pem(pem.trim()))
        .map_err(|_| SignatureError::Key)
}

/// Verifies the signature with a parsed public key.
pub fn verify_with_public_key(
    method: &Method,
    path_and_query: &str,
    headers: &HeaderMap,
    signature: &SignatureHeader,
    key: &RsaPublicKey,
) -> Result<Verified, SignatureError> {
    let text = signing_string(method, path_and_query, headers, signature)?;
    let verifying = VerifyingKey::<Sha256>::new(key.clone());
    let signature_value = Signature::try_from(signature.signature.as_slice()).map_err(|_| SignatureError::Invalid)?;
    verifying
        .verify(text.as_bytes(), &signature_value)
        .map_err(|_| SignatureError::Invalid)?;
    Ok(Verified {
        key_id: signature.key_id.clone(),
    })
}

/// `SHA-256=<base64>` of a body.
pub fn digest_header(body: &[u8]) -> String {
    format!("SHA-256={}", BASE64.encode(Sha256::digest(body)))
}

/// Checks the `Digest` header against the body (any SHA-256 entry must match; none may differ).
pub fn verify_digest(headers: &HeaderMap, body: &[u8]) -> Result<(), SignatureError> {
    let value = headers
        .get("digest")
        .and_then(|v| v.to_str().ok())
        .ok_or(SignatureError::Digest)?;
    let expected = BASE64.encode(Sha256::digest(body));
    let mut found = false;
    for entry in value.split(',') {
        let Some((algorithm, digest)) = entry.trim().split_once('=') else {
            continue;
        };
        if algorithm.eq_ignore_ascii_case("sha-256") {
            if digest.trim() != expected {
                return Err(SignatureError::Digest);
            }
            found = true;
        }
    }
    if found { Ok(()) } else { Err(SignatureError::Digest) }
}

/// A private key, parsed once.
pub fn parse_private_key(pem: &str) -> anyhow::Result<RsaPrivateKey> {
    RsaPrivateKey::from_pkcs8_pem(pem)
        .or_else(|_| <RsaPrivateKey as rsa::pkcs1::DecodeRsaPrivateKey>::from_pkcs1_pem(pem))
        .map_err(|e| anyhow::anyhow!("reading a private key: {e}"))
}

/// The headers to add to a request so that it is signed by `key_id`:
/// `Date`, `Digest` (with a body) and `Signature`. `host` is the URL's host[:port].
pub fn sign(
    method: &Method,
    url: &url::Url,
    body: Option<&[u8]>,
    key_id: &str,
    key: &RsaPrivateKey,
    now: DateTime<Utc>,
) -> Vec<(&'static str, String)> {
    let host = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_owned(),
    };
    let path = match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    };
    let date = httpdate::fmt_http_date(now.into());
    let mut headers = vec![("host", host.clone()), ("date", date.clone())];
    let mut names = vec!["(request-target)", "host", "date"];
    let mut lines = vec![
        format!("(request-target): {} {path}", method.as_str().to_ascii_lowercase()),
        format!("host: {host}"),
        format!("date: {date}"),
    ];
    if let Some(body) = body {
        let digest = digest_header(body);
        lines.push(format!("digest: {digest}"));
        names.push("digest");
        headers.push(("digest", digest));
        lines.push("content-type: application/activity+json".into());
        names.push("content-type");
    }
    let signing_key = SigningKey::<Sha256>::new(key.clone());
    let signature = signing_key.sign(lines.join("\n").as_bytes());
    headers.push((
        "signature",
        format!(
            "keyId=\"{key_id}\",algorithm=\"rsa-sha256\",headers=\"{}\",signature=\"{}\"",
            names.join(" "),
            BASE64.encode(signature.to_bytes())
        ),
    ));
    headers
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn key_pair() -> (RsaPrivateKey, String) {
        use rsa::pkcs8::EncodePublicKey;
        let private = RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).unwrap();
        let public = RsaPublicKey::from(&private)
            .to_public_key_pem(rsa::pkcs8::LineEnding::LF)
            .unwrap();
        (private, public)
    }

    fn signed_request(key: &RsaPrivateKey, body: &[u8], now: DateTime<Utc>) -> HeaderMap {
        let url = url::Url::parse("https://fucina.example:8443/users/alice/inbox").unwrap();
        let mut headers = HeaderMap::new();
        for (name, value) in sign(
            &Method::POST,
            &url,
            Some(body),
            "https://remote.example/users/bob#main-key",
            key,
            now,
        ) {
            headers.insert(name, HeaderValue::from_str(&value).unwrap());
        }
        headers.insert("content-type", HeaderValue::from_static("application/activity+json"));
        headers
    }

    #[test]
    fn what_we_sign_verifies_and_any_change_does_not() {
        let (key, public) = key_pair();
        let (_, other_public) = key_pair();
        let body = br#"{"type":"Create"}"#;
        let now = Utc::now();
        let headers = signed_request(&key, body, now);
        let path = "/users/alice/inbox";

        let signature = check_request(&Method::POST, &headers, Some(body), now).unwrap();
        assert_eq!(signature.key_owner_guess(), "https://remote.example/users/bob");
        assert!(verify_with_key(&Method::POST, path, &headers, &signature, &public).is_ok());

        assert_eq!(
            verify_with_key(&Method::POST, path, &headers, &signature, &other_public).unwrap_err(),
            SignatureError::Invalid
        );
        assert_eq!(
            verify_with_key(&Method::POST, "/users/carla/inbox", &headers, &signature, &public).unwrap_err(),
            SignatureError::Invalid
        );
        assert_eq!(
            check_request(&Method::POST, &headers, Some(br#"{"type":"Delete"}"#), now).unwrap_err(),
            SignatureError::Digest
        );

        let mut tampered = headers.clone();
        tampered.insert("host", HeaderValue::from_static("elsewhere.example"));
        assert_eq!(
            verify_with_key(&Method::POST, path, &tampered, &signature, &public).unwrap_err(),
            SignatureError::Invalid
        );
    }

    #[test]
    fn stale_and_future_requests_are_refused() {
        let (key, _) = key_pair();
        let body = b"{}";
        let now = Utc::now();
        let old = signed_request(&key, body, now - Duration::hours(13));
        assert_eq!(
            check_request(&Method::POST, &old, Some(body), now).unwrap_err(),
            SignatureError::Date
        );
        let future = signed_request(&key, body, now + Duration::hours(2));
        assert_eq!(
            check_request(&Method::POST, &future, Some(body), now).unwrap_err(),
            SignatureError::Date
        );
        let recent = signed_request(&key, body, now - Duration::hours(11));
        assert!(check_request(&Method::POST, &recent, Some(body), now).is_ok());
    }

    #[test]
    fn unsigned_and_underspecified_requests_are_refused() {
        let now = Utc::now();
        let mut headers = HeaderMap::new();
        assert_eq!(
            check_request(&Method::POST, &headers, Some(b"{}"), now).unwrap_err(),
            SignatureError::Missing
        );
        headers.insert(
            "signature",
            HeaderValue::from_static("keyId=\"k\",headers=\"date\",signature=\"AAAA\""),
        );
        assert_eq!(
            check_request(&Method::POST, &headers, Some(b"{}"), now).unwrap_err(),
            SignatureError::NotCovered("(request-target)")
        );
        headers.insert(
            "signature",
            HeaderValue::from_static(
                "keyId=\"k\",algorithm=\"ed25519\",headers=\"(request-target) host date\",signature=\"AAAA\"",
            ),
        );
        assert_eq!(
            check_request(&Method::POST, &headers, Some(b"{}"), now).unwrap_err(),
            SignatureError::Algorithm("ed25519".into())
        );
        headers.insert("signature", HeaderValue::from_static("nonsense"));
        assert_eq!(
            check_request(&Method::POST, &headers, Some(b"{}"), now).unwrap_err(),
            SignatureError::Malformed
        );
    }

    #[test]
    fn digests_follow_the_body() {
        let mut headers = HeaderMap::new();
        headers.insert("digest", HeaderValue::from_str(&digest_header(b"hello")).unwrap());
        assert!(verify_digest(&headers, b"hello").is_ok());
        assert!(verify_digest(&headers, b"hullo").is_err());
        headers.insert("digest", HeaderValue::from_static("MD5=abc"));
        assert!(verify_digest(&headers, b"hello").is_err());
    }

    #[test]
    fn quoted_commas_do_not_split_parameters() {
        assert_eq!(split_params(r#"a="x,y",b="z""#), vec![r#"a="x,y""#, r#"b="z""#]);
    }
}
