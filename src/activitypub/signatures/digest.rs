//! What ties a signature to a body: the legacy `Digest` header (RFC 3230, as
//! draft-cavage signers send it) and `Content-Digest` (RFC 9530, as RFC 9421
//! signers send it).

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use http::HeaderMap;
use sha2::{Digest, Sha256, Sha512};

use super::SignatureError;

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

/// `sha-256=:<base64>:` of a body.
pub fn content_digest_header(body: &[u8]) -> String {
    format!("sha-256=:{}:", BASE64.encode(Sha256::digest(body)))
}

/// Checks `Content-Digest` against the body: at least one SHA-256 or SHA-512
/// entry, and every such entry matches. Other algorithms are ignored.
pub fn verify_content_digest(headers: &HeaderMap, body: &[u8]) -> Result<(), SignatureError> {
    let value = super::header_value(headers, "content-digest").ok_or(SignatureError::Digest)?;
    let entries: sfv::Dictionary = sfv::Parser::new(&value).parse().map_err(|_| SignatureError::Digest)?;
    let mut found = false;
    for (algorithm, entry) in &entries {
        let expected: Vec<u8> = match algorithm.as_str() {
            "sha-256" => Sha256::digest(body).to_vec(),
            "sha-512" => Sha512::digest(body).to_vec(),
            _ => continue,
        };
        let sfv::ListEntry::Item(item) = entry else {
            return Err(SignatureError::Digest);
        };
        if item.bare_item.as_byte_sequence() != Some(expected.as_slice()) {
            return Err(SignatureError::Digest);
        }
        found = true;
    }
    if found { Ok(()) } else { Err(SignatureError::Digest) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

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
    fn content_digests_follow_the_body() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "content-digest",
            HeaderValue::from_str(&content_digest_header(b"hello")).unwrap(),
        );
        assert!(verify_content_digest(&headers, b"hello").is_ok());
        assert_eq!(verify_content_digest(&headers, b"hullo"), Err(SignatureError::Digest));
        // RFC 9530's own example: the SHA-512 of `{"hello": "world"}`.
        headers.insert(
            "content-digest",
            HeaderValue::from_static(
                "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:",
            ),
        );
        assert!(verify_content_digest(&headers, br#"{"hello": "world"}"#).is_ok());
        headers.insert("content-digest", HeaderValue::from_static("md5=:AAAA:"));
        assert_eq!(verify_content_digest(&headers, b"hello"), Err(SignatureError::Digest));
        headers.insert("content-digest", HeaderValue::from_static("sha-256=AAAA"));
        assert_eq!(verify_content_digest(&headers, b"hello"), Err(SignatureError::Digest));
    }
}
