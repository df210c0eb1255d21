//! The distinct terms of a document, interned.

use khulasa_text::hash::{Fnv, FnvMap};
use std::hash::Hasher;

/// The distinct terms of a document, each text stored once in one string
/// (no allocation per term). Ids are given in order of first sight.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    text: String,
    /// End of each term's text in `text`; term `i` starts where `i - 1` ends.
    ends: Vec<u32>,
    /// FNV-1a hash of a term's text → its id.
    pub(super) by_hash: FnvMap<u64, u32>,
    /// Terms whose hash another term already holds (never seen in practice;
    /// kept so a collision cannot merge two terms).
    spill: FnvMap<String, u32>,
}

impl Terms {
    pub(super) fn with_capacity(n: usize) -> Terms {
        Terms {
            text: String::with_capacity(n * 8),
            ends: Vec::with_capacity(n),
            by_hash: FnvMap::with_capacity_and_hasher(n, Default::default()),
            spill: FnvMap::default(),
        }
    }

    /// How many distinct terms.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The text of term `id` ("" when there is no such term).
    pub fn get(&self, id: u32) -> &str {
        let i = id as usize;
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start as usize..end as usize]
    }

    /// The id of `t`, added when new.
    pub(super) fn intern(&mut self, t: &str) -> u32 {
        let h = hash_str(t);
        if let Some(&id) = self.by_hash.get(&h) {
            if self.get(id) == t {
                return id;
            }
            if let Some(&id) = self.spill.get(t) {
                return id;
            }
            let id = self.push(t);
            self.spill.insert(t.to_owned(), id);
            return id;
        }
        let id = self.push(t);
        self.by_hash.insert(h, id);
        id
    }

    fn push(&mut self, t: &str) -> u32 {
        self.text.push_str(t);
        self.ends.push(self.text.len() as u32);
        (self.ends.len() - 1) as u32
    }
}

/// The stable FNV-1a hash of khulasa-text, over the bytes of `s`.
pub(super) fn hash_str(s: &str) -> u64 {
    let mut h = Fnv::default();
    h.write(s.as_bytes());
    h.finish()
}
