//! Lists of addresses allowed somewhere (`metrics_allow`): IP addresses and CIDR blocks,
//! IPv4 and IPv6, checked against the connection's own peer address.

use std::net::IpAddr;

/// Parsed at start-up, so a typo stops the server rather than locking everyone out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AllowList(Vec<(IpAddr, u8)>);

impl AllowList {
    /// `["127.0.0.0/8", "::1", "10.1.2.3"]`; an address without a prefix is one host.
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<AllowList, String> {
        entries
            .iter()
            .map(|e| {
                let e = e.as_ref().trim();
                let (addr, bits) = match e.split_once('/') {
                    Some((a, b)) => (a, Some(b)),
                    None => (e, None),
                };
                let ip: IpAddr = addr
                    .parse()
                    .map_err(|_| format!("{e:?} is not an IP address or CIDR block"))?;
                let max = if ip.is_ipv4() { 32 } else { 128 };
                let bits =
                    match bits {
                        None => max,
                        Some(b) => b.parse::<u8>().ok().filter(|b| *b <= max).ok_or_else(|| {
                            format!("{e:?}: the prefix length must be 0 to {max}")
                        })?,
                    };
                Ok((ip, bits))
            })
            .collect::<Result<_, _>>()
            .map(AllowList)
    }

    pub fn allows(&self, ip: IpAddr) -> bool {
        // An IPv4 peer on a dual-stack socket arrives as ::ffff:a.b.c.d.
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        self.0.iter().any(|(net, bits)| match (net, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => prefix_eq(&n.octets(), &a.octets(), *bits),
            (IpAddr::V6(n), IpAddr::V6(a)) => prefix_eq(&n.octets(), &a.octets(), *bits),
            _ => false,
        })
    }
}

/// Whether the first `bits` bits of `a` and `b` are equal.
fn prefix_eq(a: &[u8], b: &[u8], bits: u8) -> bool {
    let bits = usize::from(bits);
    let (whole, rest) = (bits / 8, bits % 8);
    if a[..whole] != b[..whole] {
        return false;
    }
    if rest == 0 {
        return true;
    }
    let mask = 0xffu8 << (8 - rest);
    a[whole] & mask == b[whole] & mask
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn addresses_and_blocks_of_both_families_match_by_prefix() {
        let list =
            AllowList::parse(&["127.0.0.0/8", "::1", "10.20.0.0/14", "192.168.1.5"]).unwrap();
        assert!(list.allows(ip("127.0.0.1")));
        assert!(list.allows(ip("127.255.0.9")));
        assert!(list.allows(ip("::1")));
        assert!(list.allows(ip("::ffff:127.0.0.1")));
        assert!(list.allows(ip("10.23.255.255")));
        assert!(!list.allows(ip("10.24.0.0")));
        assert!(list.allows(ip("192.168.1.5")));
        assert!(!list.allows(ip("192.168.1.6")));
        assert!(!list.allows(ip("8.8.8.8")));
        assert!(!list.allows(ip("::2")));
        assert!(AllowList::parse(&["0.0.0.0/0"])
            .unwrap()
            .allows(ip("8.8.8.8")));
        assert!(!AllowList::default().allows(ip("127.0.0.1")));
    }

    #[test]
    fn a_bad_entry_is_refused_with_its_text() {
        let err = AllowList::parse(&["10.0.0.0/33"]).unwrap_err();
        assert!(err.contains("10.0.0.0/33"), "{err}");
        assert!(AllowList::parse(&["localhost"])
            .unwrap_err()
            .contains("localhost"));
        assert!(AllowList::parse(&["::/129"]).is_err());
    }
}
