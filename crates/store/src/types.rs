//! The values the store takes and gives back.

use crate::StoreError;
use khulasa_core::{Article, Length};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// An article's id: the first 16 hex digits (64 bits) of its content hash.
///
/// The same title and text always get the same id, so storing a page twice
/// stores it once, and a reader link `/a/{id}` stays valid.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ArticleId(String);

impl ArticleId {
    /// The id of `article`, from its content hash.
    pub fn of(article: &Article) -> ArticleId {
        ArticleId(content_hash(article)[..16].to_string())
    }

    /// Parses an id given by a user: exactly 16 hex digits (either case).
    pub fn parse(s: &str) -> Result<ArticleId, StoreError> {
        if s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(ArticleId(s.to_ascii_lowercase()))
        } else {
            Err(StoreError::InvalidId(s.chars().take(40).collect()))
        }
    }

    /// The id as text (16 lowercase hex digits).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ArticleId {
    type Error = StoreError;
    fn try_from(s: String) -> Result<Self, StoreError> {
        ArticleId::parse(&s)
    }
}

impl From<ArticleId> for String {
    fn from(id: ArticleId) -> String {
        id.0
    }
}

/// SHA-256 (hex) of what makes an article the same article: its title and
/// body text. Metadata (URL, date, caption) does not change the hash, so the
/// same story found at two URLs is stored once.
pub fn content_hash(article: &Article) -> String {
    let mut h = Sha256::new();
    h.update(article.title.as_deref().unwrap_or("").as_bytes());
    // A separator that cannot occur in a title, so ("ab","c") ≠ ("a","bc").
    h.update([0u8]);
    h.update(article.text.as_bytes());
    hex::encode(h.finalize())
}

/// The canonical text form of a length setting, as used in keys:
/// `bullets=3`, `words=60`, `ratio=0.25`.
pub fn length_key(length: &Length) -> String {
    match length {
        Length::Bullets(n) => format!("bullets={n}"),
        Length::Words(n) => format!("words={n}"),
        // `{}` prints the shortest form that reads back the same f64.
        Length::Ratio(r) => format!("ratio={r}"),
    }
}

/// An article as stored: its id, when it was added, and the article itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredArticle {
    /// Its id.
    pub id: ArticleId,
    /// When it was first stored (Unix seconds).
    pub added: i64,
    /// The article, exactly as it was stored.
    pub article: Article,
}

/// What a list or search shows of an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleMeta {
    /// Its id.
    pub id: ArticleId,
    /// The page's URL, when known.
    pub url: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// Publication date (ISO 8601), when known.
    pub published: Option<String>,
    /// Language code.
    pub lang: Option<String>,
    /// When it was stored (Unix seconds).
    pub added: i64,
}

/// Which page of a list to return. Pages are numbered from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// Page number, from 1.
    pub number: u32,
    /// Items per page, 1 ..= [`Page::MAX_SIZE`].
    pub size: u32,
}

impl Page {
    /// The largest page size the store returns.
    pub const MAX_SIZE: u32 = 100;
    /// The default page size.
    pub const DEFAULT_SIZE: u32 = 20;

    /// Page `number` (from 1) of `size` items; both are clamped into range
    /// (page 0 is page 1; size 0 is 1; sizes over the maximum are the maximum).
    pub fn new(number: u32, size: u32) -> Page {
        Page {
            number: number.max(1),
            size: size.clamp(1, Page::MAX_SIZE),
        }
    }

    pub(crate) fn offset(&self) -> i64 {
        (i64::from(self.number) - 1) * i64::from(self.size)
    }
}

impl Default for Page {
    fn default() -> Self {
        Page::new(1, Page::DEFAULT_SIZE)
    }
}

/// One page of a list, with the total number of items across all pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paged<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// This page's number (from 1).
    pub page: u32,
    /// Items per page.
    pub per_page: u32,
    /// Items across all pages.
    pub total: u64,
}

/// Whether an article's URL may identify it in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlRole {
    /// The URL the page was fetched from (after redirects): it identifies
    /// the article, and a new version under it replaces the old one.
    Identifies,
    /// A URL a client only claims (given beside HTML or text): kept in the
    /// article as metadata, never used to find, replace or skip an
    /// article, or anyone could overwrite what is stored under a real URL.
    Claimed,
}

/// What [`crate::Store::put_article`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PutStatus {
    /// A new article was stored.
    Inserted,
    /// The same content was already stored: nothing changed.
    Existing,
    /// The URL held an older version of the article; that version (and its
    /// summaries and audio) was replaced by this one.
    Replaced {
        /// The id of the version that was removed.
        old: ArticleId,
    },
}

/// The result of storing an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Put {
    /// The article's id.
    pub id: ArticleId,
    /// What happened.
    pub status: PutStatus,
}

/// What a summary is stored under: the article, the length setting, and the
/// summarizer's engine version — so a repeat request is a lookup, and a new
/// engine recomputes instead of serving stale key points.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryKey {
    /// The article.
    pub article: ArticleId,
    /// The length setting.
    pub length: Length,
    /// The summarizer's version (`khulasa_summarize::ENGINE_VERSION`).
    pub engine: String,
}

/// What audio is stored under: a summary, an encoding and the voice.
#[derive(Debug, Clone, PartialEq)]
pub struct AudioKey {
    /// The summary that was spoken.
    pub summary: SummaryKey,
    /// The encoding: `"mp3"`, `"wav"`, `"ogg"`.
    pub format: String,
    /// The voices that read it (`khulasa_speech::Speaker::voice_id`:
    /// `"espeak"`, or `"ar=espeak,en=piper:en_US-joe-medium"`), so audio of
    /// one voice is never served for another.
    pub voice: String,
}

/// Encoded audio with what a player needs beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAudio {
    /// MIME type (`audio/mpeg`).
    pub content_type: String,
    /// Timing marks as JSON text (which key point is spoken when). The store
    /// keeps it as given.
    pub marks: String,
    /// The encoded bytes.
    pub bytes: Vec<u8>,
}

/// A page or feed item that could not be ingested.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    /// Row id.
    pub id: i64,
    /// Where it came from (URL, file path, feed item id).
    pub source: String,
    /// Why it failed, in words.
    pub reason: String,
    /// When (Unix seconds).
    pub at: i64,
}

/// What a store holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Articles stored.
    pub articles: u64,
    /// Summaries stored (one per article × length × engine version).
    pub summaries: u64,
    /// Audio encodings stored.
    pub audio: u64,
    /// Failures recorded.
    pub failures: u64,
    /// The schema version of the file.
    pub schema_version: i64,
}

/// One finished ingest item, for [`crate::Store::put_ingested`].
#[derive(Debug, Clone, Copy)]
pub struct Ingested<'a> {
    /// The item's resume key (source and content fingerprint).
    pub key: &'a str,
    /// The settings it was processed with (engine version, length): an
    /// item done with other settings is not done.
    pub params: &'a str,
    /// What came of it.
    pub outcome: IngestOutcome<'a>,
}

/// What came of one ingest item.
#[derive(Debug, Clone, Copy)]
pub enum IngestOutcome<'a> {
    /// An article, with its summary when one was made.
    Article {
        /// The article.
        article: &'a Article,
        /// The summary: its length setting, engine version, and key points.
        summary: Option<(Length, &'a str, &'a khulasa_core::Summary)>,
    },
    /// The item could not be ingested.
    Failed {
        /// Where it came from.
        source: &'a str,
        /// Why, in words.
        reason: &'a str,
    },
}

/// What [`crate::Store::put_ingested`] did with one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IngestedStatus {
    /// The article (and summary) are stored.
    Stored(Put),
    /// Recorded as a failure: the item failed, or its article could not be
    /// stored (over a limit).
    Failed {
        /// Where it came from.
        source: String,
        /// Why.
        reason: String,
    },
}

/// A feed's HTTP validators, from its last answer read through: sent back as
/// `If-None-Match` / `If-Modified-Since` on the next poll.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedValidators {
    /// The `ETag` header.
    pub etag: Option<String>,
    /// The `Last-Modified` header.
    pub last_modified: Option<String>,
}

/// The ledger entry of an ingest item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestRecord {
    /// The resume key.
    pub key: String,
    /// The settings it was processed with.
    pub params: String,
    /// The article it gave, or `None` when it failed.
    pub article: Option<ArticleId>,
    /// Why it failed, when it did.
    pub reason: Option<String>,
    /// When it was recorded (Unix seconds).
    pub at: i64,
}
