//! Persistence for khulasa: articles, their summaries, spoken audio, and a
//! record of ingest failures, behind one trait ([`Store`]) with a SQLite
//! implementation ([`SqliteStore`], the embedded default) and, with the
//! `postgres` feature (on by default), a PostgreSQL one ([`PgStore`]) with
//! the job queue of several nodes ([`PgQueue`]): see [`pg`]. The feature
//! keeps the PostgreSQL client out of builds that embed SQLite only; the
//! code lives here, not in a crate of its own, because both stores share
//! the crate's query reading, types and limits.
//!
//! What goes in: [`khulasa_core::Article`]s (stored by content hash, so the
//! same story is stored once; the URL is unique where present),
//! [`khulasa_core::Summary`]s keyed by article × length setting × summarizer
//! engine version (a repeat request is a lookup), encoded audio of a summary,
//! and failures (`source`, `reason`, time). What comes out: the same values,
//! lists newest first in pages, full-text search that folds Arabic spelling
//! variants, and [`Stats`].
//!
//! Every write is one transaction, committed to disk before it returns.
//!
//! ```
//! use khulasa_core::{Article, Length};
//! use khulasa_store::{ArticleId, Page, SqliteStore, Store};
//!
//! let dir = tempfile::tempdir()?;
//! let store = SqliteStore::open(dir.path().join("khulasa.db"))?;
//! let article = Article {
//!     title: Some("افتتاح مكتبة جديدة في المدينة".into()),
//!     text: "افتُتحت أمس مكتبةٌ عامة جديدة تضم عشرين ألف كتاب.".into(),
//!     ..Article::default()
//! };
//! let put = store.put_article(&article)?;
//! assert_eq!(put.id, ArticleId::of(&article));
//! // Search is normalised: no diacritics, any alef form.
//! let hits = store.search("افتتحت مكتبه", Page::default())?;
//! assert_eq!(hits.items[0].meta.id, put.id);
//! assert_eq!(store.stats()?.articles, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
#[cfg(feature = "postgres")]
pub mod pg;
mod schema;
pub mod search;
mod sqlite;
mod types;

pub use error::StoreError;
#[cfg(feature = "postgres")]
pub use pg::{PgQueue, PgStore, is_postgres_url, redact_url};
pub use search::{
    MAX_QUERY_BYTES, MAX_QUERY_TERMS, SearchHit, SearchQuery, SearchResults, SearchSort,
    SearchTuning, Snippet,
};
pub use sqlite::{CACHE_KIB, MAX_ARTICLE_BYTES, MAX_AUDIO_BYTES, READERS, SqliteStore};
pub use types::{
    ArticleId, ArticleMeta, AudioKey, Failure, FeedValidators, IngestOutcome, IngestRecord,
    Ingested, IngestedStatus, Page, Paged, Put, PutStatus, Stats, StoredArticle, StoredAudio,
    SummaryKey, UrlRole, content_hash, length_key,
};

use khulasa_core::{Article, Length, Summary};

/// Where khulasa keeps what it made. Implementations are shared across
/// threads; every method is blocking (call it from `spawn_blocking` in async
/// code). Every write is a transaction: after `Ok`, it is durable.
pub trait Store: Send + Sync {
    /// Stores an article, once per content (see [`content_hash`]).
    ///
    /// - Same content already stored → [`PutStatus::Existing`], nothing
    ///   changes (except that a URL is recorded if the stored copy had none).
    /// - Same URL, different content (the page was updated) → the old
    ///   version, its summaries and audio are removed and this one stored:
    ///   [`PutStatus::Replaced`].
    ///
    /// Articles over [`MAX_ARTICLE_BYTES`] (as JSON) are refused.
    fn put_article(&self, article: &Article) -> Result<Put, StoreError>;

    /// Stores an article and its summary in one transaction: both or neither.
    /// With [`UrlRole::Claimed`] the article's URL is metadata only: it
    /// neither replaces the article stored under it nor is recorded as one.
    fn put_article_with_summary(
        &self,
        article: &Article,
        url: UrlRole,
        length: Length,
        engine: &str,
        summary: &Summary,
    ) -> Result<Put, StoreError>;

    /// The article with this id, if stored.
    fn article(&self, id: &ArticleId) -> Result<Option<StoredArticle>, StoreError>;

    /// The id of the article stored for this URL, if any. Ingest uses it to
    /// skip pages it already holds.
    fn article_id_by_url(&self, url: &str) -> Result<Option<ArticleId>, StoreError>;

    /// Articles, newest first.
    fn latest(&self, page: Page) -> Result<Paged<ArticleMeta>, StoreError>;

    /// Articles matching `query`, a page of them, with a snippet each.
    ///
    /// Title and body are read with [`khulasa_text::Analyzer::search`]
    /// (normalised, stop words dropped, light stems: `تعاون` finds
    /// `التعاون`, `صواريخ` finds `بصواريخها`), and so is the query. Any
    /// query word may match; BM25 ranks (the title weighs 3× the body), so
    /// articles with more of the words, rarer words, and words side by side
    /// come first. `"…"` asks for an exact phrase (of terms). Filters:
    /// publication day range, site, language; order by relevance or date.
    /// Paging is done by the database; the cost of a query grows with its
    /// matches, its memory with the page.
    ///
    /// With no result, [`SearchResults::suggestion`] is the query without
    /// its rarest word(s), when that finds something. Refuses (as
    /// [`StoreError::InvalidQuery`]) queries with no words, over
    /// [`MAX_QUERY_BYTES`] or [`MAX_QUERY_TERMS`] words, and malformed
    /// filters.
    fn find(&self, query: &SearchQuery, page: Page) -> Result<SearchResults, StoreError>;

    /// [`Store::find`] with no filters and no snippets' reader in mind: the
    /// hits of `query` by relevance, as a [`Paged`] list.
    fn search(&self, query: &str, page: Page) -> Result<Paged<SearchHit>, StoreError> {
        let r = self.find(&SearchQuery::new(query), page)?;
        Ok(Paged {
            items: r.items,
            page: r.page,
            per_page: r.per_page,
            total: r.total,
        })
    }

    /// Up to `n` stored articles nearest to the article `id` by the search
    /// index (its most telling terms, as a query), best first; itself
    /// excluded. Empty when the article is not stored.
    fn related(&self, id: &ArticleId, n: u32) -> Result<Vec<ArticleMeta>, StoreError>;

    /// Stores (or replaces) the summary under `key`. The article must be stored.
    fn put_summary(&self, key: &SummaryKey, summary: &Summary) -> Result<(), StoreError>;

    /// The summary stored under `key`, if any.
    fn summary(&self, key: &SummaryKey) -> Result<Option<Summary>, StoreError>;

    /// Stores (or replaces) audio of a stored summary. Refuses audio over
    /// [`MAX_AUDIO_BYTES`].
    fn put_audio(&self, key: &AudioKey, audio: &StoredAudio) -> Result<(), StoreError>;

    /// The audio stored under `key`, if any.
    fn audio(&self, key: &AudioKey) -> Result<Option<StoredAudio>, StoreError>;

    /// Records that `source` (a URL, path or feed item) could not be
    /// ingested, and why. Returns the failure's id.
    fn record_failure(&self, source: &str, reason: &str) -> Result<i64, StoreError>;

    /// Recorded failures, newest first.
    fn failures(&self, page: Page) -> Result<Paged<Failure>, StoreError>;

    /// Writes a batch of finished ingest items in ONE transaction: each
    /// article (with its summary) or failure, together with its ledger entry
    /// under `key`, so after a crash an item is either wholly done or not at
    /// all. An article that cannot be stored (over a limit) becomes a
    /// recorded failure rather than failing the batch. Returns one status
    /// per item, in order.
    fn put_ingested(&self, items: &[Ingested<'_>]) -> Result<Vec<IngestedStatus>, StoreError>;

    /// The ledger entry of an ingest item, if it was recorded.
    fn ingested(&self, key: &str) -> Result<Option<IngestRecord>, StoreError>;

    /// Records a feed's validators once its items have all been handled
    /// (recording them earlier would let a crash hide unread items behind a
    /// 304 on the next run).
    fn put_feed_validators(&self, feed: &str, v: &FeedValidators) -> Result<(), StoreError>;

    /// A feed's validators, if it was read through before.
    fn feed_validators(&self, feed: &str) -> Result<Option<FeedValidators>, StoreError>;

    /// How many articles, summaries, audio encodings and failures are stored.
    fn stats(&self) -> Result<Stats, StoreError>;

    /// Checks that the store is whole: the file's integrity, foreign keys,
    /// and one index row per article. `Ok` when all is well.
    fn check(&self) -> Result<(), StoreError>;
}
