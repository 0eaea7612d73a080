//! RFC 9421 HTTP Message Signatures: `Signature-Input: sig1=("@method"
//! "@target-uri" "content-digest");created=…;keyid="…"` and `Signature:
//! sig1=:<base64>:`, both Structured Field dictionaries (RFC 9651, parsed with
//! `sfv`). What we accept, as Mastodon 4.4 does: RSA keys
//! (`rsa-v1_5-sha256`, or `rsa-pss-sha512`), a `created` time inside the
//! window, the method and the target URI (or its authority and path) covered,
//! and the body's digest covered when there is a body.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::{DateTime, Utc};
use rsa::pkcs1v15::SigningKey;
use rsa::signature::{SignatureEncoding, Signer};
use sfv::{BareItem, FieldType, InnerList, Item, ListEntry};
use sha2::Sha256;

use super::{Algorithm, Dialect, Outgoing, Pending, Request, SignatureError, digest, header_value, within_window};

/// The label we sign under.
const LABEL: &str = "sig1";

/// Checks the request's RFC 9421 signatures as far as they can be without the
/// key. With several labels, the first one that passes is used; when none
/// does, the first one's reason is given.
pub fn check(request: &Request<'_>, body: Option<&[u8]>, now: DateTime<Utc>) -> Result<Pending, SignatureError> {
    let inputs = dictionary(request, "signature-input")?;
    let signatures = dictionary(request, "signature")?;
    let mut first_error = None;
    for (label, input) in &inputs {
        let ListEntry::InnerList(input) = input else {
            first_error.get_or_insert(SignatureError::Malformed);
            continue;
        };
        let signature = match signatures.get(label) {
            Some(ListEntry::Item(item)) => item.bare_item.as_byte_sequence(),
            _ => None,
        };
        let Some(signature) = signature else {
            first_error.get_or_insert(SignatureError::Malformed);
            continue;
        };
        match check_one(request, input, signature, body, now) {
            Ok(pending) => return Ok(pending),
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    Err(first_error.unwrap_or(SignatureError::Missing))
}

fn dictionary(request: &Request<'_>, name: &str) -> Result<sfv::Dictionary, SignatureError> {
    let value = header_value(request.headers, name).ok_or(SignatureError::Missing)?;
    sfv::Parser::new(&value).parse().map_err(|_| SignatureError::Malformed)
}

fn check_one(
    request: &Request<'_>,
    input: &InnerList,
    signature: &[u8],
    body: Option<&[u8]>,
    now: DateTime<Utc>,
) -> Result<Pending, SignatureError> {
    let param = |name: &str| input.params.get(name);
    let key_id = param("keyid")
        .and_then(BareItem::as_string)
        .ok_or(SignatureError::Malformed)?
        .as_str()
        .to_owned();
    let algorithm = match param("alg") {
        None => Algorithm::RsaAny,
        Some(alg) => match alg.as_string().map(|s| s.as_str()) {
            Some("rsa-v1_5-sha256") => Algorithm::RsaSha256,
            Some("rsa-pss-sha512") => Algorithm::RsaPssSha512,
            Some(other) => return Err(SignatureError::Algorithm(other.to_owned())),
            None => return Err(SignatureError::Malformed),
        },
    };

    let covers = |name: &str| {
        input
            .items
            .iter()
            .any(|item| item.bare_item.as_string().is_some_and(|s| s.as_str() == name))
    };
    if !covers("@method") {
        return Err(SignatureError::NotCovered("@method"));
    }
    if !covers("@target-uri") && !(covers("@authority") && (covers("@path") || covers("@request-target"))) {
        return Err(SignatureError::NotCovered("@target-uri"));
    }

    // When it is from: `created` is required, `expires` is honoured.
    let time = |name: &str| param(name).map(|v| v.as_integer().map(i64::from).ok_or(SignatureError::Date));
    let created = time("created").ok_or(SignatureError::Date)??;
    let created = DateTime::from_timestamp(created, 0).ok_or(SignatureError::Date)?;
    if !within_window(created, now) {
        return Err(SignatureError::Date);
    }
    if let Some(expires) = time("expires")
        && expires? < now.timestamp()
    {
        return Err(SignatureError::Date);
    }

    if let Some(body) = body {
        if covers("content-digest") {
            digest::verify_content_digest(request.headers, body)?;
        } else if covers("digest") {
            digest::verify_digest(request.headers, body)?;
        } else {
            return Err(SignatureError::NotCovered("content-digest"));
        }
    }

    Ok(Pending {
        key_id,
        dialect: Dialect::Rfc9421,
        signed: signature_base(request, input)?,
        signature: signature.to_vec(),
        algorithm,
    })
}

/// The signature base (RFC 9421 §2.5): one line per covered component, then
/// the signature parameters.
pub fn signature_base(request: &Request<'_>, input: &InnerList) -> Result<String, SignatureError> {
    let mut base = String::new();
    let mut seen = Vec::with_capacity(input.items.len());
    for item in &input.items {
        let identifier = item.serialize();
        if seen.contains(&identifier) {
            return Err(SignatureError::Malformed);
        }
        let value = component(request, item)?;
        base.push_str(&identifier);
        base.push_str(": ");
        base.push_str(&value);
        base.push('\n');
        seen.push(identifier);
    }
    let params = vec![ListEntry::InnerList(input.clone())]
        .serialize()
        .ok_or(SignatureError::Malformed)?;
    base.push_str("\"@signature-params\": ");
    base.push_str(&params);
    Ok(base)
}

/// One covered component's value (RFC 9421 §2.1 and §2.2).
fn component(request: &Request<'_>, item: &Item) -> Result<String, SignatureError> {
    let name = item.bare_item.as_string().ok_or(SignatureError::Malformed)?.as_str();
    let (path, query) = match request.target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (request.target, None),
    };
    let path = if path.is_empty() { "/" } else { path };
    // Parameters change what a component means; only @query-param's `name` is understood.
    let only_name_param = name == "@query-param" && item.params.len() == 1 && item.params.contains_key("name");
    if !item.params.is_empty() && !only_name_param {
        return Err(SignatureError::Malformed);
    }
    Ok(match name {
        "@method" => request.method.as_str().to_owned(),
        "@target-uri" => format!("{}://{}{}", request.scheme, authority(request)?, request.target),
        "@authority" => authority(request)?,
        "@scheme" => request.scheme.to_owned(),
        "@request-target" => request.target.to_owned(),
        "@path" => path.to_owned(),
        "@query" => format!("?{}", query.unwrap_or_default()),
        "@query-param" => {
            let wanted = item
                .params
                .get("name")
                .and_then(BareItem::as_string)
                .ok_or(SignatureError::Malformed)?
                .as_str();
            let mut values = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
                .filter(|(name, _)| percent_encode(name) == wanted)
                .map(|(_, value)| percent_encode(&value));
            let value = values
                .next()
                .ok_or_else(|| SignatureError::HeaderMissing(format!("@query-param {wanted}")))?;
            if values.next().is_some() {
                return Err(SignatureError::Malformed);
            }
            value
        }
        derived if derived.starts_with('@') => return Err(SignatureError::Malformed),
        // Field names are covered in lower case, and only so.
        field if field.bytes().any(|b| b.is_ascii_uppercase()) => return Err(SignatureError::Malformed),
        field => header_value(request.headers, field).ok_or_else(|| SignatureError::HeaderMissing(field.to_owned()))?,
    })
}

/// The `Host` the request was sent to, lower-cased, without the scheme's default port.
fn authority(request: &Request<'_>) -> Result<String, SignatureError> {
    let host = header_value(request.headers, "host")
        .ok_or_else(|| SignatureError::HeaderMissing("host".into()))?
        .to_ascii_lowercase();
    let default_port = if request.scheme == "https" { ":443" } else { ":80" };
    Ok(host.strip_suffix(default_port).map(str::to_owned).unwrap_or(host))
}

/// Percent-encodes all but the unreserved characters (RFC 3986), as
/// `@query-param` values are compared.
fn percent_encode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// The headers that sign a request as Mastodon 4.5 signs with RFC 9421:
/// `@method`, `@target-uri` and, with a body, `Content-Digest`; `created` and
/// `keyid`; RSASSA-PKCS1-v1_5 with SHA-256. `Host` and `Date` are sent too.
pub fn sign(outgoing: &Outgoing<'_>) -> Vec<(&'static str, String)> {
    let target = outgoing.target();
    let mut headers = outgoing.host_and_date();
    let mut covered = vec!["@method", "@target-uri"];
    if let Some(body) = outgoing.body {
        headers.push(("content-digest", digest::content_digest_header(body)));
        covered.push("content-digest");
    }
    let Some(input) = signature_input(&covered, outgoing.now.timestamp(), outgoing.key_id) else {
        tracing::error!(key_id = outgoing.key_id, "an RFC 9421 signature could not be built");
        return headers;
    };
    let mut fields = http::HeaderMap::new();
    for (name, value) in &headers {
        if let Ok(value) = http::HeaderValue::from_str(value) {
            fields.insert(*name, value);
        }
    }
    let request = Request {
        method: outgoing.method,
        scheme: outgoing.url.scheme(),
        target: &target,
        headers: &fields,
    };
    match signature_base(&request, &input) {
        Ok(base) => {
            let signature = SigningKey::<Sha256>::new(outgoing.key.clone()).sign(base.as_bytes());
            let Some(serialized) = vec![ListEntry::InnerList(input)].serialize() else {
                return headers;
            };
            headers.push(("signature-input", format!("{LABEL}={serialized}")));
            headers.push((
                "signature",
                format!("{LABEL}=:{}:", BASE64.encode(signature.to_bytes())),
            ));
        }
        Err(error) => tracing::error!(error = %error, "an RFC 9421 signature base could not be built"),
    }
    headers
}

/// `("@method" …);created=…;keyid="…"`, with `keyid` escaped as a structured string.
fn signature_input(covered: &[&str], created: i64, key_id: &str) -> Option<InnerList> {
    let items = covered
        .iter()
        .map(|name| Some(Item::new(sfv::StringRef::from_str(name).ok()?.to_owned())))
        .collect::<Option<Vec<_>>>()?;
    let mut params = sfv::Parameters::new();
    params.insert(
        sfv::key_ref("created").to_owned(),
        BareItem::Integer(created.try_into().ok()?),
    );
    params.insert(
        sfv::key_ref("keyid").to_owned(),
        BareItem::String(sfv::StringRef::from_str(key_id).ok()?.to_owned()),
    );
    Some(InnerList::with_params(items, params))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderMap, HeaderValue, Method};
    use rsa::RsaPrivateKey;

    #[test]
    fn query_parameters_are_compared_percent_encoded() {
        assert_eq!(percent_encode("this is a big\nvalue"), "this%20is%20a%20big%0Avalue");
        assert_eq!(percent_encode("dog"), "dog");
    }

    #[test]
    fn what_we_sign_verifies_and_a_replay_elsewhere_does_not() {
        use rsa::pkcs8::EncodePublicKey;
        let key = RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).unwrap();
        let public = rsa::RsaPublicKey::from(&key)
            .to_public_key_pem(rsa::pkcs8::LineEnding::LF)
            .unwrap();
        let url = url::Url::parse("https://fucina.example/inbox").unwrap();
        let body = br#"{"type":"Create"}"#;
        let now = Utc::now();
        let mut headers = HeaderMap::new();
        let outgoing = super::super::Outgoing {
            method: &Method::POST,
            url: &url,
            body: Some(body),
            key_id: "https://a.example/u#main-key",
            key: &key,
            now,
        };
        for (name, value) in outgoing.sign(Dialect::Rfc9421) {
            headers.insert(name, HeaderValue::from_str(&value).unwrap());
        }
        let request = Request {
            method: &Method::POST,
            scheme: "https",
            target: "/inbox",
            headers: &headers,
        };
        let pending = super::super::check_request(&request, Some(body), now).unwrap();
        assert_eq!(pending.dialect(), Dialect::Rfc9421);
        assert_eq!(pending.key_id(), "https://a.example/u#main-key");
        assert!(pending.verify_pem(&public).is_ok());

        let elsewhere = Request {
            target: "/users/bob/inbox",
            ..request
        };
        let replayed = super::super::check_request(&elsewhere, Some(body), now).unwrap();
        assert_eq!(replayed.verify_pem(&public).unwrap_err(), SignatureError::Invalid);
        assert_eq!(
            super::super::check_request(&request, Some(b"{}"), now).unwrap_err(),
            SignatureError::Digest
        );
        let later = now + chrono::Duration::hours(13);
        assert_eq!(
            super::super::check_request(&request, Some(body), later).unwrap_err(),
            SignatureError::Date
        );
    }
}
