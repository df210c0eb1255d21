//! The resolver the HTTP client connects through: it resolves a host name and
//! refuses the answer if any address is non-public. Because the client
//! connects to exactly the addresses returned here, a DNS answer cannot change
//! between the check and the connection (DNS rebinding).

use crate::guard::blocked_reason;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, SocketAddr};

/// The guard's refusal, carried through the HTTP client's error as its cause.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{addr} is a {reason}")]
pub struct BlockedAddr {
    /// The refused address.
    pub addr: IpAddr,
    /// Which kind of address it is.
    pub reason: &'static str,
}

/// Checks one address against the policy.
pub(crate) fn check(
    addr: IpAddr,
    allow_private: bool,
    allow: &[IpAddr],
) -> Result<(), BlockedAddr> {
    if allow_private || allow.contains(&addr) {
        return Ok(());
    }
    match blocked_reason(addr) {
        Some(reason) => Err(BlockedAddr { addr, reason }),
        None => Ok(()),
    }
}

pub(crate) struct GuardResolver {
    allow_private: bool,
    allow: Vec<IpAddr>,
}

impl GuardResolver {
    pub(crate) fn new(allow_private: bool, allow: Vec<IpAddr>) -> Self {
        GuardResolver {
            allow_private,
            allow,
        }
    }
}

impl Resolve for GuardResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        let allow = self.allow.clone();
        Box::pin(async move {
            let host = name.as_str().to_string();
            // Port 0: the client puts the URL's port on the addresses.
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            // Any non-public answer refuses the whole name: a host that mixes
            // public and private answers is not one we want to talk to.
            for a in &addrs {
                check(a.ip(), allow_private, &allow)?;
            }
            let it: Addrs = Box::new(addrs.into_iter());
            Ok(it)
        })
    }
}
