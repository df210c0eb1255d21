//! One unit of work: a page or a text, with a stable key for resuming.

use sha2::{Digest, Sha256};

/// What an input holds: a page to extract, or a text that is already the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// HTML bytes (possibly gzipped), with the charset an HTTP header gave.
    Html {
        /// The page.
        bytes: Vec<u8>,
        /// `charset=` of the `Content-Type`, when one was sent.
        charset: Option<String>,
    },
    /// Plain text: the article body, paragraphs separated by blank lines.
    Text(String),
}

/// One item read from an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Where it came from: a file path, `FILE#ID` for a JSON Lines record,
    /// `FILE#RECORD-ID` for a WARC record, or a URL for a feed item. Shown in
    /// failures and in the output's `"id"`.
    pub source: String,
    /// The page's URL, when known.
    pub url: Option<String>,
    /// A title given beside the content (JSON Lines `"title"`, feed item).
    pub title: Option<String>,
    /// The content.
    pub payload: Payload,
}

impl Item {
    /// The resume key: the source and a fingerprint of the content, so an
    /// item is done once, and done again only when its content changed.
    pub fn key(&self) -> String {
        let mut h = Sha256::new();
        match &self.payload {
            Payload::Html { bytes, .. } => {
                h.update(b"h");
                h.update(bytes);
            }
            Payload::Text(t) => {
                h.update(b"t");
                h.update(self.title.as_deref().unwrap_or("").as_bytes());
                h.update([0]);
                h.update(t.as_bytes());
            }
        }
        let digest = h.finalize();
        let mut fp = String::with_capacity(16);
        for b in &digest[..8] {
            fp.push_str(&format!("{b:02x}"));
        }
        format!("{}#{fp}", self.source)
    }
}

/// An item that could not even be read (a bad JSON line, an unreadable
/// file, a truncated WARC record): it becomes a failure, the run goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemError {
    /// Where it came from (as [`Item::source`]).
    pub source: String,
    /// Why, in words.
    pub reason: String,
}

impl ItemError {
    /// The resume key of an unreadable item: its source alone.
    pub fn key(&self) -> String {
        format!("{}#unreadable", self.source)
    }
}
