//! Rate limiting: a token bucket per key — a peer IP address for requests,
//! an embed origin for the pages fetched for it.
//!
//! Small enough to own (a map, a mutex, two numbers a client) rather than
//! pull in a crate and its clock and key-extractor machinery. The map is
//! bounded: when it reaches [`MAX_CLIENTS`], buckets that have refilled
//! (clients that went quiet) are dropped, and if none have, the whole map
//! is cleared, which only ever errs towards letting requests through.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// Most clients tracked at once.
pub(crate) const MAX_CLIENTS: usize = 65_536;

/// How many requests a client may make: `per_second` on average, in
/// bursts of up to `burst`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Sustained requests per second a client (IP address) may make.
    pub per_second: f64,
    /// Requests a client may make at once before the rate applies.
    pub burst: u32,
}

/// The buckets of every client (key) seen lately.
#[derive(Debug)]
pub(crate) struct Limiter<K = IpAddr> {
    limit: RateLimit,
    buckets: Mutex<HashMap<K, (f64, Instant)>>,
}

impl<K: Hash + Eq + Clone> Limiter<K> {
    pub(crate) fn new(limit: RateLimit) -> Limiter<K> {
        Limiter {
            limit,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `client`: `Ok` when it had one, else the seconds
    /// until it will.
    pub(crate) fn take(&self, client: K, now: Instant) -> Result<(), f64> {
        let RateLimit { per_second, burst } = self.limit;
        let burst = f64::from(burst.max(1));
        let mut map = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_CLIENTS && !map.contains_key(&client) {
            map.retain(|_, (tokens, at)| {
                *tokens + now.duration_since(*at).as_secs_f64() * per_second < burst
            });
            if map.len() >= MAX_CLIENTS {
                map.clear();
            }
        }
        let (tokens, at) = map.entry(client).or_insert((burst, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * per_second).min(burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err((1.0 - *tokens) / per_second)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_then_the_rate() {
        let l: Limiter = Limiter::new(RateLimit {
            per_second: 2.0,
            burst: 3,
        });
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let t = Instant::now();
        for _ in 0..3 {
            assert!(l.take(a, t).is_ok());
        }
        let wait = l.take(a, t).unwrap_err();
        assert!((wait - 0.5).abs() < 1e-9, "{wait}");
        // Another client has its own bucket.
        assert!(l.take(b, t).is_ok());
        // Half a second later, one more.
        assert!(l.take(a, t + Duration::from_millis(500)).is_ok());
        assert!(l.take(a, t + Duration::from_millis(500)).is_err());
    }
}
