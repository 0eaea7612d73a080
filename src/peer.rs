//! Who is on the other end of a request: the client's address, for the abuse
//! limits. It is the connection's address, unless that is a proxy this
//! instance trusts (`server.trusted_proxies`), whose `X-Forwarded-For` then
//! names the client: the last address in it that is not itself a trusted
//! proxy, so a client cannot pick its own address by sending the header.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRef, FromRequestParts};
use axum::http::request::Parts;

use crate::state::AppState;

/// The client's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl<S> FromRequestParts<S> for ClientIp
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        // Servers built without connection info (some tools) count as one local client.
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([127, 0, 0, 1]), |c| c.0.ip().to_canonical());
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<IpAddr>().ok())
            .map(|a| a.to_canonical())
            .collect::<Vec<_>>();
        Ok(ClientIp(client_address(
            peer,
            &forwarded,
            &state.config.server.trusted_proxies,
        )))
    }
}

/// The client behind a chain of proxies: walking back from the connection,
/// the first address that is not a trusted proxy.
fn client_address(peer: IpAddr, forwarded: &[IpAddr], trusted: &[IpAddr]) -> IpAddr {
    let mut client = peer;
    for address in forwarded.iter().rev() {
        if !trusted.contains(&client) {
            break;
        }
        client = *address;
    }
    client
}

#[cfg(test)]
mod tests {
    use std::net::IpAddr;

    use super::client_address;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    #[test]
    fn the_client_is_the_first_untrusted_address_from_the_connection_back() {
        let trusted = [ip("127.0.0.1"), ip("10.0.0.2")];
        let cases = [
            // Straight from a client: the header is its word, not believed.
            ("203.0.113.9", vec!["198.51.100.1"], "203.0.113.9"),
            // Through our proxy.
            ("127.0.0.1", vec!["198.51.100.1"], "198.51.100.1"),
            // A client sending its own header through our proxy: the proxy appends the real one.
            ("127.0.0.1", vec!["1.2.3.4", "198.51.100.1"], "198.51.100.1"),
            // Two proxies of ours.
            ("127.0.0.1", vec!["198.51.100.1", "10.0.0.2"], "198.51.100.1"),
            // Our proxy without a header.
            ("127.0.0.1", vec![], "127.0.0.1"),
        ];
        for (peer, forwarded, expected) in cases {
            let forwarded: Vec<IpAddr> = forwarded.into_iter().map(ip).collect();
            assert_eq!(
                client_address(ip(peer), &forwarded, &trusted),
                ip(expected),
                "{peer} {forwarded:?}"
            );
        }
    }
}
