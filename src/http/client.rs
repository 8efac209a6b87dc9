//! Who is on the other end of a request, and which address they asked for: the client's
//! IP address and this site's own origin (scheme, host, port) as the client sees it.
//!
//! The TCP peer is the truth unless it is one of the configured `trusted_proxies`: only
//! then are `X-Forwarded-For`/`-Proto`/`-Host`/`-Port` (or, where those are absent, the
//! standard `Forwarded` header) believed. Anyone else can write those headers, so from
//! anyone else they are ignored. Login throttling, the origin check, logs and metrics
//! all ask here, so they agree on who the client is.

use std::future::{ready, Ready};
use std::net::{IpAddr, SocketAddr};

use actix_web::dev::{Payload, RequestHead};
use actix_web::http::header::{self, HeaderMap};
use actix_web::{FromRequest, HttpRequest};

/// The configured proxy addresses (single addresses or CIDR blocks, IPv4 or IPv6).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    /// Parses `["10.0.0.5", "192.168.0.0/16", "::1", "fd00::/8"]`; an entry that is
    /// neither an address nor a block is named in the error.
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<TrustedProxies, String> {
        let mut nets = Vec::new();
        for entry in entries {
            let entry = entry.as_ref().trim();
            if entry.is_empty() {
                continue;
            }
            let bad = || {
                format!("trusted_proxies: {entry:?} is not an IP address or a CIDR block (e.g. 10.0.0.0/8)")
            };
            let (addr, bits) = match entry.split_once('/') {
                Some((a, b)) => (a, Some(b.parse::<u8>().map_err(|_| bad())?)),
                None => (entry, None),
            };
            let addr: IpAddr = addr.parse().map_err(|_| bad())?;
            let addr = addr.to_canonical();
            let max = if addr.is_ipv4() { 32 } else { 128 };
            let bits = bits.unwrap_or(max);
            if bits > max {
                return Err(bad());
            }
            nets.push((addr, bits));
        }
        Ok(TrustedProxies(nets))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `ip` is one of the proxies.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|&(net, bits)| in_block(ip, net, bits))
    }
}

fn in_block(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

/// A web origin: what a browser puts in `Origin`, and what this site is to the client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// `http` or `https`, lower case.
    pub scheme: String,
    /// The host name or address, lower case, IPv6 in brackets.
    pub host: String,
    pub port: u16,
}

impl Origin {
    /// Parses `scheme://host[:port]` with anything after the authority ignored (so a
    /// `Referer` works too). `None` for `null`, other schemes, or garbage.
    pub fn parse(text: &str) -> Option<Origin> {
        let (scheme, rest) = text.trim().split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return None;
        }
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        // No user info in an origin.
        if authority.contains('@') {
            return None;
        }
        Origin::from_host(&scheme, authority, None)
    }

    /// The origin of a `Host`-style value `host[:port]` under `scheme`; without a port,
    /// `port` or else the scheme's default.
    fn from_host(scheme: &str, authority: &str, port: Option<u16>) -> Option<Origin> {
        let authority = authority.trim();
        let (host, explicit) = split_host_port(authority)?;
        if host.is_empty() {
            return None;
        }
        let default = if scheme == "https" { 443 } else { 80 };
        Some(Origin {
            scheme: scheme.to_string(),
            host: host.to_ascii_lowercase(),
            port: explicit.or(port).unwrap_or(default),
        })
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://{}:{}", self.scheme, self.host, self.port)
    }
}

/// `host`, `host:port`, `[v6]`, `[v6]:port` → host and port (`None` when the port is
/// not a number).
fn split_host_port(authority: &str) -> Option<(&str, Option<u16>)> {
    if let Some(rest) = authority.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let host = &authority[..inside.len() + 2];
        return match after.strip_prefix(':') {
            Some(p) => Some((host, Some(p.parse().ok()?))),
            None if after.is_empty() => Some((host, None)),
            None => None,
        };
    }
    match authority.rsplit_once(':') {
        Some((h, p)) => Some((h, Some(p.parse().ok()?))),
        None => Some((authority, None)),
    }
}

/// The client behind a request: its address and this site's origin as it asked for it.
/// Taken from the connection, or from the forwarded headers when the peer is a trusted
/// proxy. Also an extractor (`client: ClientAddr` in a handler).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientAddr {
    /// The client's address (`None` only when the connection has no peer address).
    pub ip: Option<IpAddr>,
    /// The TCP peer is a trusted proxy, so forwarded headers were believed.
    pub via_proxy: bool,
    /// This site, as the client addressed it (`None` when the request names no host).
    pub origin: Option<Origin>,
}

impl ClientAddr {
    /// From the request's parts: its head, the TCP peer, whether the listener is TLS,
    /// and the trusted proxies.
    pub fn from_parts(
        head: &RequestHead,
        peer: Option<SocketAddr>,
        tls: bool,
        trusted: &TrustedProxies,
    ) -> ClientAddr {
        let peer_ip = peer.map(|p| p.ip().to_canonical());
        let via_proxy = peer_ip.is_some_and(|ip| trusted.contains(ip));
        let connection_scheme = if tls { "https" } else { "http" };
        let own_host = head
            .uri
            .authority()
            .map(|a| a.as_str().to_string())
            .or_else(|| header_text(&head.headers, header::HOST.as_str()).map(str::to_string));
        if !via_proxy {
            return ClientAddr {
                ip: peer_ip,
                via_proxy,
                origin: own_host.and_then(|h| Origin::from_host(connection_scheme, &h, None)),
            };
        }
        let forwarded = Forwarded::parse(&head.headers);
        let ip = client_ip(&head.headers, &forwarded, trusted).or(peer_ip);
        let scheme = last_value(&head.headers, "x-forwarded-proto")
            .or_else(|| forwarded.iter().rev().find_map(|e| e.proto.clone()))
            .map(|s| s.to_ascii_lowercase())
            .filter(|s| s == "http" || s == "https")
            .unwrap_or_else(|| connection_scheme.to_string());
        let host = last_value(&head.headers, "x-forwarded-host")
            .or_else(|| forwarded.iter().rev().find_map(|e| e.host.clone()))
            .or(own_host);
        let port = last_value(&head.headers, "x-forwarded-port").and_then(|p| p.parse().ok());
        ClientAddr {
            ip,
            via_proxy,
            origin: host.and_then(|h| Origin::from_host(&scheme, &h, port)),
        }
    }

    /// From a request, with the trusted proxies of the app's state.
    pub fn of(req: &HttpRequest) -> ClientAddr {
        let trusted = req
            .app_data::<actix_web::web::Data<super::AppState>>()
            .map(|s| s.trusted_proxies.clone())
            .unwrap_or_default();
        ClientAddr::from_parts(
            req.head(),
            req.peer_addr(),
            req.app_config().secure(),
            &trusted,
        )
    }
}

impl FromRequest for ClientAddr {
    type Error = actix_web::Error;
    type Future = Ready<Result<ClientAddr, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(ClientAddr::of(req)))
    }
}

fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Every comma-separated value of every `name` header, in order.
fn values(headers: &HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(name)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

/// The last value of a list header: the one the trusted proxy itself added.
fn last_value(headers: &HeaderMap, name: &str) -> Option<String> {
    values(headers, name).pop()
}

/// The client's address from `X-Forwarded-For` (or `Forwarded: for=`): read from the
/// right, skipping the trusted proxies, the first other address is the client. What the
/// client wrote itself stands further left and is never reached while a proxy appends.
fn client_ip(
    headers: &HeaderMap,
    forwarded: &[Forwarded],
    trusted: &TrustedProxies,
) -> Option<IpAddr> {
    let chain: Vec<IpAddr> = match values(headers, "x-forwarded-for") {
        v if !v.is_empty() => v.iter().filter_map(|s| parse_node(s)).collect(),
        _ => forwarded.iter().filter_map(|e| e.for_ip).collect(),
    };
    chain
        .iter()
        .rev()
        .find(|ip| !trusted.contains(**ip))
        .or_else(|| chain.first())
        .copied()
}

/// An address as proxies write it: `1.2.3.4`, `1.2.3.4:5678`, `::1`, `[::1]:5678`.
fn parse_node(s: &str) -> Option<IpAddr> {
    let s = s.trim().trim_matches('"');
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    if let Ok(sa) = s.parse::<SocketAddr>() {
        return Some(sa.ip().to_canonical());
    }
    s.strip_prefix('[')
        .and_then(|r| r.split_once(']'))
        .and_then(|(ip, _)| ip.parse::<IpAddr>().ok())
        .map(|ip| ip.to_canonical())
}

/// One element of an RFC 7239 `Forwarded` header.
#[derive(Debug, Default)]
struct Forwarded {
    for_ip: Option<IpAddr>,
    proto: Option<String>,
    host: Option<String>,
}

impl Forwarded {
    fn parse(headers: &HeaderMap) -> Vec<Forwarded> {
        values(headers, header::FORWARDED.as_str())
            .iter()
            .map(|element| {
                let mut f = Forwarded::default();
                for pair in element.split(';') {
                    let Some((k, v)) = pair.split_once('=') else {
                        continue;
                    };
                    let v = v.trim().trim_matches('"');
                    match k.trim().to_ascii_lowercase().as_str() {
                        "for" => f.for_ip = parse_node(v),
                        "proto" => f.proto = Some(v.to_string()),
                        "host" => f.host = Some(v.to_string()),
                        _ => {}
                    }
                }
                f
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn trusted(list: &[&str]) -> TrustedProxies {
        TrustedProxies::parse(list).expect("valid list")
    }

    fn client(req: TestRequest, peer: &str, proxies: &TrustedProxies) -> ClientAddr {
        let req = req.peer_addr(peer.parse().expect("peer")).to_http_request();
        ClientAddr::from_parts(req.head(), req.peer_addr(), false, proxies)
    }

    fn origin(s: &str) -> Option<Origin> {
        Origin::parse(s)
    }

    #[test]
    fn proxies_are_addresses_or_blocks() {
        let p = trusted(&["10.0.0.0/8", "192.168.1.5", "fd00::/8", "::1"]);
        assert!(p.contains("10.200.3.4".parse().unwrap()));
        assert!(p.contains("192.168.1.5".parse().unwrap()));
        assert!(!p.contains("192.168.1.6".parse().unwrap()));
        assert!(p.contains("fd12::7".parse().unwrap()));
        assert!(p.contains("::1".parse().unwrap()));
        assert!(!p.contains("2001:db8::1".parse().unwrap()));
        // An IPv4 peer seen through an IPv6 socket is the same address.
        assert!(p.contains("::ffff:10.1.2.3".parse().unwrap()));
        assert!(trusted(&["0.0.0.0/0"]).contains("8.8.8.8".parse().unwrap()));
        for bad in ["10.0.0.0/33", "proxy.example", "10.0.0/8", "::1/129"] {
            let err = TrustedProxies::parse(&[bad]).unwrap_err();
            assert!(err.contains(bad), "{err}");
        }
        assert!(TrustedProxies::parse::<&str>(&[]).unwrap().is_empty());
    }

    #[test]
    fn origins_compare_scheme_host_and_port() {
        assert_eq!(
            origin("https://Tilskud.example"),
            origin("https://tilskud.example:443")
        );
        assert_ne!(
            origin("http://tilskud.example"),
            origin("https://tilskud.example")
        );
        assert_ne!(
            origin("https://tilskud.example:8443"),
            origin("https://tilskud.example")
        );
        assert_eq!(
            origin("http://[::1]:8080/pools?x=1").map(|o| (o.host, o.port)),
            Some(("[::1]".to_string(), 8080))
        );
        assert_eq!(origin("null"), None);
        assert_eq!(origin("ftp://x.example"), None);
        assert_eq!(origin("https://user@x.example"), None);
        assert_eq!(origin("https://x.example:port"), None);
    }

    #[test]
    fn forwarded_headers_from_anyone_else_are_ignored() {
        let none = TrustedProxies::default();
        let req = TestRequest::default()
            .insert_header(("Host", "tilskud.example:8080"))
            .insert_header(("X-Forwarded-For", "203.0.113.9"))
            .insert_header(("X-Forwarded-Host", "evil.example"))
            .insert_header(("X-Forwarded-Proto", "https"))
            .insert_header((
                "Forwarded",
                "for=198.51.100.1;host=evil.example;proto=https",
            ));
        let c = client(req, "192.0.2.7:5555", &none);
        assert_eq!(c.ip, Some("192.0.2.7".parse().unwrap()));
        assert!(!c.via_proxy);
        assert_eq!(c.origin, origin("http://tilskud.example:8080"));
    }

    #[test]
    fn a_trusted_proxy_says_who_the_client_is_and_what_it_asked_for() {
        let p = trusted(&["10.0.0.0/8"]);
        // The client wrote its own X-Forwarded-For; the proxy appended the real address.
        let req = TestRequest::default()
            .insert_header(("Host", "backend:8080"))
            .insert_header(("X-Forwarded-For", "1.1.1.1, 203.0.113.9, 10.0.0.3"))
            .insert_header(("X-Forwarded-Host", "tilskud.example"))
            .insert_header(("X-Forwarded-Proto", "https"));
        let c = client(req, "10.0.0.2:40000", &p);
        assert!(c.via_proxy);
        assert_eq!(c.ip, Some("203.0.113.9".parse().unwrap()));
        assert_eq!(c.origin, origin("https://tilskud.example"));
        // The standard header, when the X-Forwarded ones are absent.
        let req = TestRequest::default()
            .insert_header(("Host", "backend:8080"))
            .insert_header((
                "Forwarded",
                "for=1.1.1.1, for=\"[2001:db8::7]:4711\";proto=https;host=tilskud.example:8443",
            ));
        let c = client(req, "10.0.0.2:40000", &p);
        assert_eq!(c.ip, Some("2001:db8::7".parse().unwrap()));
        assert_eq!(c.origin, origin("https://tilskud.example:8443"));
        // A proxy that forwards nothing: the peer and the Host header.
        let req = TestRequest::default().insert_header(("Host", "tilskud.example"));
        let c = client(req, "10.0.0.2:40000", &p);
        assert_eq!(c.ip, Some("10.0.0.2".parse().unwrap()));
        assert_eq!(c.origin, origin("http://tilskud.example"));
        // X-Forwarded-Port completes a host without a port.
        let req = TestRequest::default()
            .insert_header(("X-Forwarded-Host", "tilskud.example"))
            .insert_header(("X-Forwarded-Proto", "https"))
            .insert_header(("X-Forwarded-Port", "8443"));
        let c = client(req, "10.0.0.2:40000", &p);
        assert_eq!(c.origin, origin("https://tilskud.example:8443"));
    }
}
