//! What may leave this server. Every request Fucina makes to another server
//! goes to a destination checked here, or through the library, which applies
//! the same rules to its fetches (WebFinger, actors, objects). With
//! `federation.allow_private_addresses` off (production):
//!
//! - `https` only, to a host name (no IP literal), on the default port;
//! - the name must resolve to public addresses only, checked when the
//!   connection is made (`ValidatingDnsResolver` on the client), so a name
//!   that changes its answer between a check and the connection gains nothing;
//! - no redirect is followed;
//! - at most `MAX_BODY` bytes of an answer are read.
//!
//! With it on (tests, local development), `http`, ports and loopback are allowed.

use bytes::Bytes;
use url::{Host, Url};

/// The most bytes read of another server's answer (the library's own limit).
pub const MAX_BODY: usize = 1024 * 1024;

/// Why a destination is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("only https destinations are allowed")]
    Scheme,
    #[error("an IP address is not a server name")]
    IpLiteral,
    #[error("only the default port is allowed")]
    Port,
    #[error("the URL has no valid host")]
    Host,
    #[error("the URL carries credentials")]
    Credentials,
}

/// Checks that `url` is a destination this server may send a request to.
pub fn check(url: &Url, allow_private: bool) -> Result<(), Refused> {
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Refused::Credentials);
    }
    match url.scheme() {
        "https" => {}
        "http" if allow_private => {}
        _ => return Err(Refused::Scheme),
    }
    let host = url.host().ok_or(Refused::Host)?;
    if allow_private {
        return Ok(());
    }
    match host {
        Host::Ipv4(_) | Host::Ipv6(_) => return Err(Refused::IpLiteral),
        Host::Domain(name) => {
            let plausible = name.contains('.')
                && name
                    .split('.')
                    .all(|label| !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
            // A name made of digits only would be read as an address by some resolvers.
            let numeric = name.chars().all(|c| c.is_ascii_digit() || c == '.');
            if !plausible || numeric {
                return Err(Refused::Host);
            }
        }
    }
    if url.port().is_some_and(|p| p != 443) {
        return Err(Refused::Port);
    }
    Ok(())
}

/// Reads at most `limit` bytes of a response's body; a longer one is an error.
pub async fn read_capped(mut response: reqwest::Response, limit: usize) -> Result<Bytes, BodyError> {
    if response.content_length().is_some_and(|length| length > limit as u64) {
        return Err(BodyError::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| BodyError::Read(e.to_string()))? {
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(body))
}

/// Why an answer's body was not read.
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    #[error("the answer is larger than allowed")]
    TooLarge,
    #[error("reading the answer: {0}")]
    Read(String),
}

/// GETs `url` as JSON with `client`, checking the destination and capping the body.
pub async fn get_json(
    client: &reqwest::Client,
    url: &str,
    allow_private: bool,
    timeout: std::time::Duration,
) -> Option<serde_json::Value> {
    let parsed = Url::parse(url).ok()?;
    if let Err(refused) = check(&parsed, allow_private) {
        tracing::debug!(url, %refused, "refused an outgoing request");
        return None;
    }
    let response = client
        .get(parsed)
        .header("accept", "application/json")
        .timeout(timeout)
        .send()
        .await
        .ok()?
        .error_for_status()
        .ok()?;
    let body = read_capped(response, MAX_BODY).await.ok()?;
    serde_json::from_slice(&body).ok()
}

#[cfg(test)]
mod tests {
    use super::{Refused, check};

    #[test]
    fn production_sends_only_to_https_names_on_the_default_port() {
        let cases = [
            ("https://mastodon.example/inbox", Ok(())),
            ("https://mastodon.example:443/inbox", Ok(())),
            ("http://mastodon.example/inbox", Err(Refused::Scheme)),
            ("https://127.0.0.1/inbox", Err(Refused::IpLiteral)),
            ("https://[::1]/inbox", Err(Refused::IpLiteral)),
            ("https://169.254.169.254/latest/meta-data", Err(Refused::IpLiteral)),
            ("https://2130706433/inbox", Err(Refused::IpLiteral)),
            ("https://mastodon.example:8080/inbox", Err(Refused::Port)),
            ("https://localhost/inbox", Err(Refused::Host)),
            ("https://user:secret@mastodon.example/inbox", Err(Refused::Credentials)),
            ("file:///etc/passwd", Err(Refused::Scheme)),
            ("gopher://mastodon.example/", Err(Refused::Scheme)),
        ];
        for (url, expected) in cases {
            assert_eq!(check(&url::Url::parse(url).unwrap(), false), expected, "{url}");
        }
    }

    #[test]
    fn development_allows_http_ports_and_loopback() {
        for url in [
            "http://localhost:8080/inbox",
            "http://127.0.0.1:3000/x",
            "https://a.example:8443/",
        ] {
            assert_eq!(check(&url::Url::parse(url).unwrap(), true), Ok(()), "{url}");
        }
        assert_eq!(
            check(&url::Url::parse("ftp://a.example/").unwrap(), true),
            Err(Refused::Scheme)
        );
    }
}
