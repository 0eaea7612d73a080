//! draft-cavage-http-signatures-12, the fediverse's signatures since 2018:
//! `Signature: keyId="…",algorithm="…",headers="…",signature="…"` (or the same
//! after `Authorization: Signature`). `http-signature-normalization` parses the
//! header and rebuilds the signing string; the rules on top (what must be
//! covered, the date window, the digest) are ours.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::{DateTime, Utc};
use http_signature_normalization::verify::{Algorithm as Named, DeprecatedAlgorithm};
use http_signature_normalization::{Config, PrepareVerifyError};
use rsa::pkcs1v15::SigningKey;
use rsa::signature::{SignatureEncoding, Signer};
use sha2::Sha256;

use super::{Algorithm, Dialect, Outgoing, Pending, Request, SignatureError, digest, header_value, within_window};

/// The library's own expiry check, set to ours; the future-skew check is ours alone.
const LIBRARY_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(12 * 3600);

/// Checks a draft-cavage signature as far as it can be without the key.
pub fn check(request: &Request<'_>, body: Option<&[u8]>, now: DateTime<Utc>) -> Result<Pending, SignatureError> {
    let header = signature_header(request)?;
    let (algorithm, covered) = read_params(&header)?;
    match algorithm.as_deref().map(Named::from) {
        None | Some(Named::Hs2019) | Some(Named::Deprecated(DeprecatedAlgorithm::RsaSha256)) => {}
        Some(other) => return Err(SignatureError::Algorithm(other.to_string())),
    }
    let covers = |name: &str| covered.iter().any(|h| h == name);
    if !covers("(request-target)") {
        return Err(SignatureError::NotCovered("(request-target)"));
    }
    if !covers("host") {
        return Err(SignatureError::NotCovered("host"));
    }
    if !covers("date") && !covers("(created)") {
        return Err(SignatureError::NotCovered("date"));
    }
    if body.is_some() && !covers("digest") {
        return Err(SignatureError::NotCovered("digest"));
    }

    // The library sees the signature header and every other field line of the request.
    let mut fields = BTreeMap::new();
    for name in request.headers.keys() {
        if matches!(name.as_str(), "signature" | "authorization") {
            continue;
        }
        if let Some(value) = header_value(request.headers, name.as_str()) {
            fields.insert(name.as_str().to_owned(), value);
        }
    }
    fields.insert("signature".to_owned(), header);
    let unverified = Config::new()
        .set_expiration(LIBRARY_MAX_AGE)
        .begin_verify(request.method.as_str(), request.target, fields)
        .map_err(|error| match error {
            PrepareVerifyError::Validate(http_signature_normalization::verify::ValidateError::Missing) => {
                SignatureError::Missing
            }
            PrepareVerifyError::Validate(_) => SignatureError::Date,
            PrepareVerifyError::Parse(_) => SignatureError::Malformed,
            PrepareVerifyError::Required(missing) => {
                let mut names: Vec<&String> = missing.headers().iter().collect();
                names.sort();
                SignatureError::HeaderMissing(names.first().map(|n| n.to_string()).unwrap_or_default())
            }
        })?;

    // When it is from: the signed Date header, or the signature's (created).
    let line = |name: &str| {
        unverified
            .signing_string()
            .lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(": "))
    };
    let signed_at = match line("date") {
        Some(date) => httpdate::parse_http_date(date)
            .map(DateTime::<Utc>::from)
            .map_err(|_| SignatureError::Date)?,
        None => line("(created)")
            .and_then(|c| c.parse().ok())
            .and_then(|c| DateTime::from_timestamp(c, 0))
            .ok_or(SignatureError::Date)?,
    };
    if !within_window(signed_at, now) {
        return Err(SignatureError::Date);
    }
    if let Some(expires) = line("(expires)").and_then(|e| e.parse::<i64>().ok())
        && expires < now.timestamp()
    {
        return Err(SignatureError::Date);
    }
    if let Some(body) = body {
        digest::verify_digest(request.headers, body)?;
    }
    Ok(Pending {
        key_id: unverified.key_id().to_owned(),
        dialect: Dialect::Cavage,
        signature: BASE64
            .decode(unverified.signature())
            .map_err(|_| SignatureError::Malformed)?,
        signed: unverified.signing_string().to_owned(),
        algorithm: Algorithm::RsaSha256,
    })
}

/// The draft-cavage parameters, from `Signature` or `Authorization: Signature`.
fn signature_header(request: &Request<'_>) -> Result<String, SignatureError> {
    match request.headers.get("signature") {
        Some(value) => value.to_str().map(str::to_owned).map_err(|_| SignatureError::Malformed),
        None => request
            .headers
            .get(http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Signature "))
            .map(str::to_owned)
            .ok_or(SignatureError::Missing),
    }
}

/// `algorithm` and `headers`, read before the library so that a refusal names
/// its reason (an unknown algorithm, a header left uncovered) rather than a
/// header the request lacks. Without `headers`, only `(created)` is covered.
fn read_params(header: &str) -> Result<(Option<String>, Vec<String>), SignatureError> {
    let mut algorithm = None;
    let mut covered = None;
    let mut key_id = false;
    for part in split_params(header) {
        let (name, raw) = part.split_once('=').ok_or(SignatureError::Malformed)?;
        let value = raw.trim().trim_matches('"');
        match name.trim() {
            "algorithm" => algorithm = Some(value.to_ascii_lowercase()),
            "headers" => covered = Some(value.to_ascii_lowercase()),
            "keyId" => key_id = true,
            _ => {}
        }
    }
    if !key_id {
        return Err(SignatureError::Malformed);
    }
    let covered = covered
        .unwrap_or_else(|| "(created)".into())
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    Ok((algorithm, covered))
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

/// The headers to add to a request so that it is signed by `key_id`, as
/// Mastodon signs: `Host`, `Date`, `Digest` and `Content-Type` (with a body),
/// and `Signature` over `(request-target)` and all of them.
pub fn sign(request: &Outgoing<'_>) -> Vec<(&'static str, String)> {
    let mut headers = request.host_and_date();
    let mut signed: BTreeMap<String, String> = headers.iter().map(|(n, v)| ((*n).to_owned(), v.clone())).collect();
    if let Some(body) = request.body {
        let digest = digest::digest_header(body);
        signed.insert("digest".into(), digest.clone());
        signed.insert("content-type".into(), "application/activity+json".into());
        headers.push(("digest", digest));
    }
    let signing_key = SigningKey::<Sha256>::new(request.key.clone());
    let signature = Config::new()
        .mastodon_compat()
        .begin_sign(request.method.as_str(), &request.target(), signed)
        .map(|unsigned| {
            unsigned.sign(request.key_id.to_owned(), |text| {
                Ok::<_, std::convert::Infallible>(BASE64.encode(signing_key.sign(text.as_bytes()).to_bytes()))
            })
        });
    match signature {
        Ok(Ok(signed)) => headers.push(("signature", signed.signature_header())),
        // Host and Date, the two headers Mastodon's mode requires, are always there.
        Ok(Err(never)) => match never {},
        Err(missing) => tracing::error!(error = %missing, "a draft-cavage signature could not be built"),
    }
    headers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activitypub::signatures::check_request;
    use chrono::Duration;
    use http::{HeaderMap, HeaderValue, Method};
    use rsa::RsaPrivateKey;
    use rsa::RsaPublicKey;

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
        for (name, value) in crate::activitypub::signatures::sign(
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

    fn post<'a>(target: &'a str, headers: &'a HeaderMap) -> Request<'a> {
        Request {
            method: &Method::POST,
            scheme: "https",
            target,
            headers,
        }
    }

    const INBOX: &str = "/users/alice/inbox";

    #[test]
    fn what_we_sign_verifies_and_any_change_does_not() {
        let (key, public) = key_pair();
        let (_, other_public) = key_pair();
        let body = br#"{"type":"Create"}"#;
        let now = Utc::now();
        let headers = signed_request(&key, body, now);

        let signature = check_request(&post(INBOX, &headers), Some(body), now).unwrap();
        assert_eq!(signature.key_owner_guess(), "https://remote.example/users/bob");
        assert_eq!(signature.dialect(), Dialect::Cavage);
        assert!(signature.verify_pem(&public).is_ok());
        assert_eq!(
            signature.verify_pem(&other_public).unwrap_err(),
            SignatureError::Invalid
        );

        let elsewhere = check_request(&post("/users/carla/inbox", &headers), Some(body), now).unwrap();
        assert_eq!(elsewhere.verify_pem(&public).unwrap_err(), SignatureError::Invalid);
        assert_eq!(
            check_request(&post(INBOX, &headers), Some(br#"{"type":"Delete"}"#), now).unwrap_err(),
            SignatureError::Digest
        );

        let mut tampered = headers.clone();
        tampered.insert("host", HeaderValue::from_static("elsewhere.example"));
        let moved = check_request(&post(INBOX, &tampered), Some(body), now).unwrap();
        assert_eq!(moved.verify_pem(&public).unwrap_err(), SignatureError::Invalid);
    }

    #[test]
    fn stale_and_future_requests_are_refused() {
        let (key, _) = key_pair();
        let body = b"{}";
        let now = Utc::now();
        let old = signed_request(&key, body, now - Duration::hours(13));
        assert_eq!(
            check_request(&post(INBOX, &old), Some(body), now).unwrap_err(),
            SignatureError::Date
        );
        let future = signed_request(&key, body, now + Duration::hours(2));
        assert_eq!(
            check_request(&post(INBOX, &future), Some(body), now).unwrap_err(),
            SignatureError::Date
        );
        let recent = signed_request(&key, body, now - Duration::hours(11));
        assert!(check_request(&post(INBOX, &recent), Some(body), now).is_ok());
    }

    #[test]
    fn unsigned_and_underspecified_requests_are_refused() {
        let now = Utc::now();
        let mut headers = HeaderMap::new();
        assert_eq!(
            check_request(&post(INBOX, &headers), Some(b"{}"), now).unwrap_err(),
            SignatureError::Missing
        );
        headers.insert(
            "signature",
            HeaderValue::from_static("keyId=\"k\",headers=\"date\",signature=\"AAAA\""),
        );
        assert_eq!(
            check_request(&post(INBOX, &headers), Some(b"{}"), now).unwrap_err(),
            SignatureError::NotCovered("(request-target)")
        );
        headers.insert(
            "signature",
            HeaderValue::from_static(
                "keyId=\"k\",algorithm=\"ed25519\",headers=\"(request-target) host date\",signature=\"AAAA\"",
            ),
        );
        assert_eq!(
            check_request(&post(INBOX, &headers), Some(b"{}"), now).unwrap_err(),
            SignatureError::Algorithm("ed25519".into())
        );
        headers.insert("signature", HeaderValue::from_static("nonsense"));
        assert_eq!(
            check_request(&post(INBOX, &headers), Some(b"{}"), now).unwrap_err(),
            SignatureError::Malformed
        );
        headers.insert(
            "signature",
            HeaderValue::from_static("keyId=\"k\",headers=\"(request-target) host date digest\",signature=\"AAAA\""),
        );
        assert_eq!(
            check_request(&post(INBOX, &headers), Some(b"{}"), now).unwrap_err(),
            SignatureError::HeaderMissing("date".into())
        );
    }

    #[test]
    fn mastodon_style_rsa_sha256_signatures_verify() {
        // What Mastodon sends: algorithm="rsa-sha256", Host, Date and Digest covered.
        let (key, public) = key_pair();
        let body = br#"{"type":"Follow"}"#;
        let now = Utc::now();
        let date = httpdate::fmt_http_date(now.into());
        let digest = digest::digest_header(body);
        let text = format!(
            "(request-target): post {INBOX}\nhost: fucina.example\ndate: {date}\ndigest: {digest}\ncontent-type: application/activity+json"
        );
        let signature = BASE64.encode(SigningKey::<Sha256>::new(key).sign(text.as_bytes()).to_bytes());
        let mut headers = HeaderMap::new();
        headers.insert("host", HeaderValue::from_static("fucina.example"));
        headers.insert("date", HeaderValue::from_str(&date).unwrap());
        headers.insert("digest", HeaderValue::from_str(&digest).unwrap());
        headers.insert("content-type", HeaderValue::from_static("application/activity+json"));
        headers.insert(
            "signature",
            HeaderValue::from_str(&format!(
                "keyId=\"https://mastodon.example/users/a#main-key\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest content-type\",signature=\"{signature}\""
            ))
            .unwrap(),
        );
        let pending = check_request(&post(INBOX, &headers), Some(body), now).unwrap();
        assert!(pending.verify_pem(&public).is_ok());
    }

    #[test]
    fn quoted_commas_do_not_split_parameters() {
        assert_eq!(split_params(r#"a="x,y",b="z""#), vec![r#"a="x,y""#, r#"b="z""#]);
    }
}
