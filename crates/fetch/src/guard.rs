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
/// documentation and benchmarking ranges, reserved 240.0.0.0/4, and IPv6
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
    None
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
    if (seg[0] & 0xffc0) == 0xfe80 {
        return Some("link-local address (fe80::/10)");
    }
    if (seg[0] & 0xfe00) == 0xfc00 {
        return Some("unique-local address (fc00::/7)");
    }
    if (seg[0] & 0xffc0) == 0xfec0 {
        return Some("site-local address (fec0::/10)");
    }
    if ip.is_multicast() {
        return Some("multicast address (ff00::/8)");
    }
    if seg[0] == 0x2001 && seg[1] == 0x0db8 {
        return Some("documentation address (2001:db8::/32)");
    }
    if seg[0] == 0x0100 && seg[1..4] == [0, 0, 0] {
        return Some("discard-only address (100::/64)");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

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
