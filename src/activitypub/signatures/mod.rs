//! HTTP signatures: signing what we send, verifying what we receive. Two
//! dialects are spoken: draft-cavage (`Signature: keyId=…`, what the
//! fediverse has used since 2018, parsed and built with
//! `http-signature-normalization`) and RFC 9421 HTTP Message Signatures
//! (`Signature-Input` + `Signature`). Pure functions over headers and keys;
//! fetching the key is the caller's business.
//!
//! Verifying is two steps. [`check_request`] does everything that needs no
//! key (dialect, algorithm, what is covered, the date window, the body's
//! digest) and returns a [`Pending`] signature naming its key; once the key is
//! known, [`Pending::verify`] checks the signature itself.

pub mod cavage;
pub mod digest;
pub mod rfc9421;

use chrono::{DateTime, Duration, Utc};
use http::{HeaderMap, Method};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::{RsaPrivateKey, RsaPublicKey};

pub use digest::{digest_header, verify_digest};

/// How old a signed request may be (Mastodon accepts twelve hours of delay)…
pub const MAX_AGE: Duration = Duration::hours(12);
/// …and how far in the future its clock may run.
pub const MAX_SKEW: Duration = Duration::hours(1);

/// Why a signature was refused. Each of these answers 401.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("no HTTP signature")]
    Missing,
    #[error("the signature headers cannot be read")]
    Malformed,
    #[error("unsupported signature algorithm {0}")]
    Algorithm(String),
    #[error("the signature does not cover {0}")]
    NotCovered(&'static str),
    #[error("the signed header {0} is missing")]
    HeaderMissing(String),
    #[error("the request date is missing or outside the accepted window")]
    Date,
    #[error("the digest header is missing or does not match the body")]
    Digest,
    #[error("the public key cannot be read")]
    Key,
    #[error("the signature does not verify")]
    Invalid,
}

/// The two ways of signing an HTTP request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// draft-cavage-http-signatures-12, as Mastodon has sent since 2018.
    Cavage,
    /// RFC 9421 HTTP Message Signatures.
    Rfc9421,
}

impl Dialect {
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Cavage => "cavage",
            Dialect::Rfc9421 => "rfc9421",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "cavage" => Some(Dialect::Cavage),
            "rfc9421" => Some(Dialect::Rfc9421),
            _ => None,
        }
    }

    /// The other one: what a double knock tries second.
    pub fn other(self) -> Self {
        match self {
            Dialect::Cavage => Dialect::Rfc9421,
            Dialect::Rfc9421 => Dialect::Cavage,
        }
    }
}

/// The request as the receiver saw it.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub method: &'a Method,
    /// `https` or `http`: how the sender reached us (our public URL's scheme).
    pub scheme: &'a str,
    /// The path and query, as received.
    pub target: &'a str,
    pub headers: &'a HeaderMap,
}

/// A signature whose form, coverage, date and digest were checked; its key
/// has yet to be fetched.
#[derive(Debug, Clone)]
pub struct Pending {
    key_id: String,
    dialect: Dialect,
    /// The exact bytes the signer signed, rebuilt from the request.
    signed: String,
    signature: Vec<u8>,
    algorithm: Algorithm,
}

impl Pending {
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The actor the key belongs to, as most servers name keys (`<actor>#main-key`).
    pub fn key_owner_guess(&self) -> &str {
        self.key_id.split('#').next().unwrap_or(&self.key_id)
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Checks the signature with the signer's public key.
    pub fn verify(&self, key: &RsaPublicKey) -> Result<Verified, SignatureError> {
        if self.algorithm.verify(key, self.signed.as_bytes(), &self.signature) {
            Ok(Verified {
                key_id: self.key_id.clone(),
                dialect: self.dialect,
            })
        } else {
            Err(SignatureError::Invalid)
        }
    }

    /// Checks the signature with a PEM public key.
    pub fn verify_pem(&self, public_key_pem: &str) -> Result<Verified, SignatureError> {
        self.verify(&parse_public_key(public_key_pem)?)
    }
}

/// How a signature was made. draft-cavage signatures with RSA keys are
/// always RSASSA-PKCS1-v1_5 with SHA-256, whatever `algorithm` says (`hs2019`
/// leaves it to the key); RFC 9421 names `alg` optionally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256 (`rsa-v1_5-sha256`, cavage's `rsa-sha256`).
    RsaSha256,
    /// RSASSA-PSS with SHA-512 (`rsa-pss-sha512`).
    RsaPssSha512,
    /// Not named: whichever of the two the RSA key verifies.
    RsaAny,
}

impl Algorithm {
    fn verify(self, key: &RsaPublicKey, message: &[u8], signature: &[u8]) -> bool {
        use rsa::signature::Verifier;
        let pkcs1 = || {
            rsa::pkcs1v15::Signature::try_from(signature).is_ok_and(|s| {
                rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(key.clone())
                    .verify(message, &s)
                    .is_ok()
            })
        };
        let pss = || {
            rsa::pss::Signature::try_from(signature).is_ok_and(|s| {
                rsa::pss::VerifyingKey::<sha2::Sha512>::new(key.clone())
                    .verify(message, &s)
                    .is_ok()
            })
        };
        match self {
            Algorithm::RsaSha256 => pkcs1(),
            Algorithm::RsaPssSha512 => pss(),
            Algorithm::RsaAny => pkcs1() || pss(),
        }
    }
}

/// What a verified request proved.
#[derive(Debug, Clone)]
pub struct Verified {
    pub key_id: String,
    pub dialect: Dialect,
}

/// Checks everything that needs no key: dialect, algorithm, what is covered,
/// the date window and, for requests with a body, the digest. Cheap; done
/// before any fetch. An RFC 9421 signature (`Signature-Input`) is preferred
/// when a request carries both.
pub fn check_request(
    request: &Request<'_>,
    body: Option<&[u8]>,
    now: DateTime<Utc>,
) -> Result<Pending, SignatureError> {
    let pending = if request.headers.contains_key("signature-input") {
        rfc9421::check(request, body, now)?
    } else {
        cavage::check(request, body, now)?
    };
    // The Host header names who the request was for; it must be there to be covered.
    if request.headers.get(http::header::HOST).is_none() {
        return Err(SignatureError::HeaderMissing("host".into()));
    }
    Ok(pending)
}

/// Whether a moment lies in the accepted window around `now`.
fn within_window(at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    at >= now - MAX_AGE && at <= now + MAX_SKEW
}

/// A header's field lines, trimmed and joined with `, ` as both dialects do;
/// `None` when the request has none.
fn header_value(headers: &HeaderMap, name: &str) -> Option<String> {
    let values: Vec<&str> = headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(str::trim)
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

/// A public key from SPKI or PKCS#1 PEM.
pub fn parse_public_key(pem: &str) -> Result<RsaPublicKey, SignatureError> {
    RsaPublicKey::from_public_key_pem(pem.trim())
        .or_else(|_| <RsaPublicKey as rsa::pkcs1::DecodeRsaPublicKey>::from_pkcs1_pem(pem.trim()))
        .map_err(|_| SignatureError::Key)
}

/// A private key, parsed once.
pub fn parse_private_key(pem: &str) -> anyhow::Result<RsaPrivateKey> {
    RsaPrivateKey::from_pkcs8_pem(pem)
        .or_else(|_| <RsaPrivateKey as rsa::pkcs1::DecodeRsaPrivateKey>::from_pkcs1_pem(pem))
        .map_err(|e| anyhow::anyhow!("reading a private key: {e}"))
}

/// A request to sign: what is sent, where, by whom, when.
#[derive(Debug, Clone, Copy)]
pub struct Outgoing<'a> {
    pub method: &'a Method,
    pub url: &'a url::Url,
    pub body: Option<&'a [u8]>,
    pub key_id: &'a str,
    pub key: &'a RsaPrivateKey,
    pub now: DateTime<Utc>,
}

impl Outgoing<'_> {
    /// The path and query, as the request line carries them.
    fn target(&self) -> String {
        match self.url.query() {
            Some(query) => format!("{}?{query}", self.url.path()),
            None => self.url.path().to_owned(),
        }
    }

    /// The headers that sign this request in `dialect`; see [`cavage::sign`] and [`rfc9421::sign`].
    pub fn sign(&self, dialect: Dialect) -> Vec<(&'static str, String)> {
        match dialect {
            Dialect::Cavage => cavage::sign(self),
            Dialect::Rfc9421 => rfc9421::sign(self),
        }
    }

    /// `Host` and `Date`, which both dialects send.
    fn host_and_date(&self) -> Vec<(&'static str, String)> {
        vec![
            ("host", authority(self.url)),
            ("date", httpdate::fmt_http_date(self.now.into())),
        ]
    }
}

/// The headers that sign a request in draft-cavage, as every server reads.
pub fn sign(
    method: &Method,
    url: &url::Url,
    body: Option<&[u8]>,
    key_id: &str,
    key: &RsaPrivateKey,
    now: DateTime<Utc>,
) -> Vec<(&'static str, String)> {
    let request = Outgoing {
        method,
        url,
        body,
        key_id,
        key,
        now,
    };
    request.sign(Dialect::Cavage)
}

/// `host[:port]` of a URL, as the `Host` header carries it.
fn authority(url: &url::Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}
