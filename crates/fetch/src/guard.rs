//! The address guard: which IP addresses a fetch may connect to.
//!
//! A URL given by a user (or found in a feed) must not make khulasa reach
//! into the network it runs in: loopback services, the cloud metadata
//! endpoint, a router's admin page. The check runs on the *resolved*
//! address (see [`crate::resolver`]), so a hostname that resolves to a private
//! address is refused just like the literal address, and on every redirect.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why an address is refused, or `None` when it is a public unicast address.
///
/// Covers: unspecified, loopback, RFC 1918 private, CGNAT (100.64.0.0/10),
/// link-local (169.254.0.0/16, which holds the 169.254.169.254 metadata
/// endpoint; fe80::/10), unique-local fc00::/7, multicast, broadcast,
/// "this network" 0.0.0.0/8, IETF protocol assignments 192.0.0.0/24,
/// documentation and benchmarking ranges, reserved 240.0.0.0/4, the
/// 6to4 relay anycast 192.88.99.0/24, every IPv6 range of `V6_SPECIAL`
/// (the IANA special-purpose registry's non-global ones), and IPv6
/// forms that embed an IPv4 address (IPv4-mapped `::ffff:a.b.c.d`,
/// IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`),
/// which are judged by the IPv4 address they carry.
pub fn blocked_reason(addr: IpAddr) -> Option<&'static str> {
    match addr {
        IpAddr::V4(v4) => blocked_v4(v4),
        IpAddr::V6(v6) => blocked_v6(v6),
    }
}

fn blocked_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let o = ip.octets();
    if ip.is_unspecified() || o[0] == 0 {
        return Some("unspecified or 'this network' address (0.0.0.0/8)");
    }
    if ip.is_loopback() {
        return Some("loopback address (127.0.0.0/8)");
    }
    if ip.is_private() {
        return Some("private address (RFC 1918)");
    }
    if o[0] == 100 && (o[1] & 0xc0) == 64 {
        return Some("shared carrier-grade NAT address (100.64.0.0/10)");
    }
    if ip.is_link_local() {
        return Some("link-local address (169.254.0.0/16, cloud metadata)");
    }
    if ip.is_broadcast() {
        return Some("broadcast address");
    }
    if ip.is_multicast() {
        return Some("multicast address (224.0.0.0/4)");
    }
    if o[0] >= 240 {
        return Some("reserved address (240.0.0.0/4)");
    }
    if o[0] == 192 && o[1] == 0 && o[2] == 0 {
        return Some("IETF protocol assignment (192.0.0.0/24)");
    }
    if ip.is_documentation() {
        return Some("documentation address");
    }
    if o[0] == 198 && (o[1] & 0xfe) == 18 {
        return Some("benchmarking address (198.18.0.0/15)");
    }
    if o[..3] == [192, 88, 99] {
        return Some("deprecated 6to4 relay anycast (192.88.99.0/24)");
    }
    None
}

/// IPv6 ranges of the IANA special-purpose registry that are not globally
/// reachable, or that lead somewhere other than the address says, as
/// (prefix, length, reason). The forms that carry an IPv4 address are
/// judged by it instead (see `blocked_v6`).
const V6_SPECIAL: &[(u128, u32, &str)] = &[
    (
        0xffff << 48,
        96,
        "IPv4-translated address (::ffff:0:0:0/96)",
    ),
    (
        0x0064_ff9b_0001 << 80,
        48,
        "local-use NAT64 address (64:ff9b:1::/48)",
    ),
    (0x0100 << 112, 64, "discard-only address (100::/64)"),
    (
        0x0100_0000_0000_0001 << 64,
        64,
        "dummy IPv6 prefix (100:0:0:1::/64)",
    ),
    // 2001::/23 holds TEREDO (2001::/32, which tunnels to any IPv4
    // address), benchmarking, ORCHID and anycast service addresses: no
    // news site lives there.
    (
        0x2001 << 112,
        23,
        "IETF protocol assignment (2001::/23, incl. TEREDO 2001::/32)",
    ),
    (
        0x2001_0db8 << 96,
        32,
        "documentation address (2001:db8::/32)",
    ),
    (0x3fff << 112, 20, "documentation address (3fff::/20)"),
    (0x5f00 << 112, 16, "segment routing SID (5f00::/16)"),
    (0xfc00 << 112, 7, "unique-local address (fc00::/7)"),
    (0xfe80 << 112, 10, "link-local address (fe80::/10)"),
    (0xfec0 << 112, 10, "site-local address (fec0::/10)"),
    (0xff00 << 112, 8, "multicast address (ff00::/8)"),
];

/// True when `ip` is inside `prefix`/`len`.
fn in_v6(ip: u128, prefix: u128, len: u32) -> bool {
    let mask = if len == 0 {
        0
    } else {
        u128::MAX << (128 - len)
    };
    ip & mask == prefix & mask
}

fn blocked_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let seg = ip.segments();
    if ip.is_unspecified() {
        return Some("unspecified address (::)");
    }
    if ip.is_loopback() {
        return Some("loopback address (::1)");
    }
    // IPv4-mapped ::ffff:a.b.c.d: the connection goes to the IPv4 address.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return blocked_v4(v4);
    }
    // IPv4-compatible ::a.b.c.d (deprecated, but some stacks still route it).
    if seg[..6] == [0, 0, 0, 0, 0, 0] {
        let v4 = Ipv4Addr::new(
            (seg[6] >> 8) as u8,
            seg[6] as u8,
            (seg[7] >> 8) as u8,
            seg[7] as u8,
        );
        return Some(blocked_v4(v4).unwrap_or("IPv4-compatible IPv6 address (::/96)"));
    }
    // NAT64 64:ff9b::/96 translates to the embedded IPv4 address.
    if seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let v4 = Ipv4Addr::new(
            (seg[6] >> 8) as u8,
            seg[6] as u8,
            (seg[7] >> 8) as u8,
            seg[7] as u8,
        );
        return blocked_v4(v4);
    }
    // 6to4 2002:aabb:ccdd::/48 embeds a.b.c.d.
    if seg[0] == 0x2002 {
        let v4 = Ipv4Addr::new(
            (seg[1] >> 8) as u8,
            seg[1] as u8,
            (seg[2] >> 8) as u8,
            seg[2] as u8,
        );
        if blocked_v4(v4).is_some() {
            return Some("6to4 address embedding a non-public IPv4 address");
        }
    }
    let bits = u128::from(ip);
    V6_SPECIAL
        .iter()
        .find(|(prefix, len, _)| in_v6(bits, *prefix, *len))
        .map(|(_, _, reason)| *reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every range of the IANA IPv4 and IPv6 special-purpose registries,
    /// by one address inside it: refused (`true`) unless the registry
    /// marks it globally reachable (then a fetch may go there).
    const IANA: &[(&str, bool)] = &[
        // IPv4 (iana-ipv4-special-registry).
        ("0.0.0.1", true),         // 0.0.0.0/8 this network
        ("10.1.2.3", true),        // 10.0.0.0/8 private
        ("100.64.0.1", true),      // 100.64.0.0/10 shared
        ("127.0.0.2", true),       // 127.0.0.0/8 loopback
        ("169.254.1.1", true),     // 169.254.0.0/16 link-local
        ("172.16.0.1", true),      // 172.16.0.0/12 private
        ("192.0.0.1", true),       // 192.0.0.0/24 IETF assignments
        ("192.0.0.8", true),       // 192.0.0.8/32 IPv4 dummy
        ("192.0.0.9", true),       // PCP anycast (in the /24)
        ("192.0.0.170", true),     // NAT64 discovery
        ("192.0.2.1", true),       // TEST-NET-1
        ("192.31.196.1", false),   // AS112-v4: global
        ("192.52.193.1", false),   // AMT: global
        ("192.88.99.1", true),     // deprecated 6to4 relay anycast
        ("192.168.0.1", true),     // private
        ("192.175.48.1", false),   // direct delegation AS112: global
        ("198.18.0.1", true),      // benchmarking
        ("198.51.100.1", true),    // TEST-NET-2
        ("203.0.113.1", true),     // TEST-NET-3
        ("240.0.0.1", true),       // reserved
        ("255.255.255.255", true), // limited broadcast
        ("8.8.8.8", false),        // an ordinary public address
        // IPv6 (iana-ipv6-special-registry).
        ("::1", true),               // loopback
        ("::", true),                // unspecified
        ("::ffff:127.0.0.1", true),  // IPv4-mapped, loopback
        ("::ffff:0:8.8.8.8", true),  // IPv4-translated ::ffff:0:0:0/96
        ("64:ff9b::10.0.0.1", true), // NAT64 of a private address
        ("64:ff9b::808:808", false), // NAT64 of a public address
        ("64:ff9b:1::1", true),      // local-use NAT64
        ("100::1", true),            // discard-only
        ("100:0:0:1::1", true),      // dummy prefix
        ("2001::1", true),           // TEREDO 2001::/32
        ("2001:1::1", true),         // PCP anycast
        ("2001:2::1", true),         // benchmarking
        ("2001:3::1", true),         // AMT
        ("2001:4:112::1", true),     // AS112-v6
        ("2001:10::1", true),        // ORCHID
        ("2001:20::1", true),        // ORCHIDv2
        ("2001:30::1", true),        // drone remote ID
        ("2001:db8::1", true),       // documentation
        ("2002:a00:1::1", true),     // 6to4 of 10.0.0.1
        ("2002:808:808::1", false),  // 6to4 of a public address
        ("2620:4f:8000::1", false),  // direct delegation AS112: global
        ("3fff::1", true),           // documentation
        ("5f00::1", true),           // SRv6 SIDs
        ("fc00::1", true),           // unique-local
        ("fd12:3456::1", true),      // unique-local
        ("fe80::1", true),           // link-local
        ("fec0::1", true),           // site-local (deprecated)
        ("ff02::1", true),           // multicast
        ("2606:4700::1111", false),  // an ordinary public address
    ];

    #[test]
    fn every_iana_special_purpose_range() {
        for (addr, refused) in IANA {
            let ip: IpAddr = addr.parse().unwrap();
            assert_eq!(
                blocked_reason(ip).is_some(),
                *refused,
                "{addr}: {:?}",
                blocked_reason(ip)
            );
        }
    }

    fn blocked(s: &str) -> bool {
        blocked_reason(s.parse().unwrap()).is_some()
    }

    #[test]
    fn refuses_non_public_ipv4() {
        for a in [
            "127.0.0.1",
            "127.8.9.10",
            "10.0.0.1",
            "172.16.5.4",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "100.127.255.254",
            "169.254.169.254",
            "169.254.0.1",
            "0.0.0.0",
            "0.1.2.3",
            "255.255.255.255",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "192.0.0.8",
            "192.0.2.1",
            "198.18.0.1",
        ] {
            assert!(blocked(a), "{a} should be blocked");
        }
    }

    #[test]
    fn allows_public_ipv4() {
        for a in [
            "8.8.8.8",
            "1.1.1.1",
            "172.32.0.1",
            "100.128.0.1",
            "93.184.216.34",
            "172.15.0.1",
        ] {
            assert!(!blocked(a), "{a} should be allowed");
        }
    }

    #[test]
    fn refuses_non_public_ipv6_and_embedded_ipv4() {
        for a in [
            "::1",
            "::",
            "fe80::1",
            "febf::1",
            "fc00::1",
            "fd12:3456::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "::8.8.8.8",
            "64:ff9b::10.0.0.1",
            "2002:7f00:1::1",
            "2001:db8::1",
            "fec0::1",
        ] {
            assert!(blocked(a), "{a} should be blocked");
        }
    }

    #[test]
    fn allows_public_ipv6() {
        for a in [
            "2606:4700::1111",
            "2a00:1450:4001::1",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
        ] {
            assert!(!blocked(a), "{a} should be allowed");
        }
    }
}
