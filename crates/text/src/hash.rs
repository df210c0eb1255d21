//! FNV-1a hashing for maps and sets of short words.
//!
//! std's SipHash guards against keys chosen to collide; a stop-word set or a
//! map of one document's words does not need that, and SipHash showed up in
//! profiles of tokenisation and summarisation.
//!
//! ```
//! use khulasa_text::hash::FnvMap;
//! let mut m: FnvMap<&str, u32> = FnvMap::default();
//! m.insert("وزير", 1);
//! assert_eq!(m.get("وزير"), Some(&1));
//! ```

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a's 64-bit offset basis and prime.
const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0100_0000_01b3;

/// The FNV-1a 64-bit hash of `bytes`: **stable** across runs, builds and
/// machines (unlike std's `RandomState`), so it may decide things that must
/// not move, such as which items of a data set are held out.
///
/// ```
/// use khulasa_text::hash::stable_hash;
/// assert_eq!(stable_hash(b""), 0xcbf2_9ce4_8422_2325);
/// assert_eq!(stable_hash(b"a"), 0xaf63_dc4c_8601_ec8c);
/// ```
pub fn stable_hash(bytes: &[u8]) -> u64 {
    let mut h = OFFSET;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(PRIME);
    }
    h
}

/// The FNV-1a 64-bit hasher.
#[derive(Default, Clone, Copy)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { OFFSET } else { self.0 };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(PRIME);
        }
        self.0 = h;
    }
}

/// A `HashMap` hashed with [`Fnv`].
pub type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// A `HashSet` hashed with [`Fnv`].
pub type FnvSet<T> = HashSet<T, BuildHasherDefault<Fnv>>;
