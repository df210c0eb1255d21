//! Feeds: RSS 2.0, Atom and JSON Feed (through `feed-rs`), from a URL or a
//! file. Each new item's page is fetched (through the guarded
//! [`khulasa_fetch::Fetcher`]), extracted, summarized and stored.
//!
//! An item is new unless the store already holds its URL with a summary of
//! the same length and processor version, or its URL failed for good before
//! (a 404, a refused address, a page with no article). Failures that may
//! pass (timeouts, 5xx) are recorded but tried again on the next run.
//! Polled feeds are fetched with `If-None-Match` / `If-Modified-Since`, so an
//! unchanged feed costs one 304.

use crate::IngestError;
use crate::batch::{FailedItem, ItemStatus, MAX_REPORTED_FAILURES, Progress};
use crate::item::{Item, Payload};
use crate::process::Processor;
use khulasa_fetch::{FetchError, Fetcher};
use khulasa_store::{
    FeedValidators, IngestOutcome, Ingested, IngestedStatus, PutStatus, Store, SummaryKey,
};
use serde::Serialize;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use url::Url;

/// The most items taken from one feed per poll.
pub const MAX_ITEMS_PER_FEED: usize = 2000;

/// The largest feed file read from disk, in bytes (16 MiB).
pub const MAX_FEED_BYTES: u64 = 16 << 20;

/// Bounds on one feed. The defaults are [`MAX_FEED_BYTES`] and
/// [`MAX_ITEMS_PER_FEED`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeedLimits {
    /// Largest feed read, in bytes (a file is refused before reading; a
    /// fetched feed is also bounded by the fetcher's body limit).
    pub max_bytes: u64,
    /// Most items taken from one feed in one pass; the rest are counted in
    /// [`FeedReport::capped`] and not fetched.
    pub max_items: usize,
}

impl Default for FeedLimits {
    fn default() -> Self {
        FeedLimits {
            max_bytes: MAX_FEED_BYTES,
            max_items: MAX_ITEMS_PER_FEED,
        }
    }
}

/// A feed that listed more items than [`FeedLimits::max_items`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CappedFeed {
    /// The feed's URL or path.
    pub feed: String,
    /// Items it listed.
    pub listed: u64,
    /// Items taken (the first ones).
    pub taken: u64,
}

/// One item of a feed: the page it links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// The absolute URL of the item's page.
    pub link: String,
    /// The item's title, when the feed gives one.
    pub title: Option<String>,
}

/// Parses a feed (RSS 0.9x/1.0/2.0, Atom, JSON Feed) into its items' links,
/// made absolute against `base` (the feed's URL) when they are relative —
/// or, for a feed read from a file, against the site link the feed gives.
/// Items without a usable http(s) link are left out.
///
/// ```
/// let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>أخبار</title>
///   <item><title>لقاء في العاصمة</title><link>/news/1</link></item>
///   <item><title>بلا رابط</title></item>
/// </channel></rss>"#;
/// let base = "https://example.com/feed.xml".parse().ok();
/// let items = khulasa_ingest::feed::parse_feed(rss.as_bytes(), base.as_ref()).unwrap();
/// assert_eq!(items.len(), 1);
/// assert_eq!(items[0].link, "https://example.com/news/1");
/// assert_eq!(items[0].title.as_deref(), Some("لقاء في العاصمة"));
/// ```
pub fn parse_feed(bytes: &[u8], base: Option<&Url>) -> Result<Vec<FeedItem>, String> {
    parse_feed_with(bytes, base, MAX_ITEMS_PER_FEED).map(|(items, _)| items)
}

/// [`parse_feed`], taking at most `max_items` entries; also returns how many
/// entries the feed listed.
pub fn parse_feed_with(
    bytes: &[u8],
    base: Option<&Url>,
    max_items: usize,
) -> Result<(Vec<FeedItem>, usize), String> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| format!("not a feed: {e}"))?;
    let own_base = feed
        .links
        .iter()
        .find_map(|l| Url::parse(l.href.trim()).ok());
    let base = base
        .or(own_base.as_ref())
        .filter(|b| matches!(b.scheme(), "http" | "https"));
    let mut seen = HashSet::new();
    let mut items = Vec::new();
    let listed = feed.entries.len();
    for entry in feed.entries.into_iter().take(max_items) {
        // Prefer the "alternate" link (Atom), else the first.
        let href = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(entry.links.first())
            .map(|l| l.href.trim().to_string());
        let Some(href) = href else { continue };
        let link = match base {
            Some(b) => b.join(&href).ok(),
            None => Url::parse(&href).ok(),
        };
        let Some(link) = link.filter(|u| matches!(u.scheme(), "http" | "https")) else {
            continue;
        };
        let link = link.to_string();
        if seen.insert(link.clone()) {
            items.push(FeedItem {
                link,
                title: entry.title.map(|t| t.content.trim().to_string()),
            });
        }
    }
    Ok((items, listed))
}

/// What one pass over the feeds did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FeedReport {
    /// Feeds read.
    pub feeds: u64,
    /// Feeds that answered 304 Not Modified.
    pub not_modified: u64,
    /// Items listed by the feeds.
    pub items: u64,
    /// Items stored now.
    pub stored: u64,
    /// Items whose content was already stored (found at another URL, say).
    pub existing: u64,
    /// Items already done, not fetched.
    pub skipped: u64,
    /// Items (or feeds) that failed.
    pub failed: u64,
    /// Feeds that listed more items than [`FeedLimits::max_items`]: only
    /// the first ones were taken.
    pub capped: Vec<CappedFeed>,
    /// The first failures, with reasons.
    pub failures: Vec<FailedItem>,
}

impl FeedReport {
    fn fail(&mut self, id: &str, error: String) {
        self.failed += 1;
        if self.failures.len() < MAX_REPORTED_FAILURES {
            self.failures.push(FailedItem {
                id: id.to_string(),
                error,
            });
        }
    }
}

/// A feed read: its bytes, the base for its relative links, and (fetched
/// feeds) the validators to record once its items are handled.
type ReadFeed = (Vec<u8>, Option<Url>, Option<FeedValidators>);

/// Ingests feeds into a store. Each fetched feed's `ETag` /
/// `Last-Modified` are kept in the store once its items are handled, so the
/// next poll — in this process or after a restart — costs one 304 when
/// nothing changed. Keep one for a `--watch` loop: it also remembers the
/// links that failed.
pub struct FeedIngestor {
    fetcher: Fetcher,
    processor: Arc<Processor>,
    store: Arc<dyn Store>,
    concurrency: usize,
    limits: FeedLimits,
    failed: Arc<Mutex<HashSet<String>>>,
}

/// What came of one feed item's link ([`FeedIngestor::ingest_link`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkOutcome {
    /// Its article (or a new summary of it) was stored.
    Stored,
    /// Its article and summary were stored already.
    Existing,
    /// Done before (the ledger or the store has it); not fetched.
    Skipped,
    /// It failed; recorded as a failure.
    Failed {
        /// Why, in words.
        reason: String,
        /// A fetch failure that may pass later (a timeout, a 503): the link
        /// was not marked done.
        retryable: bool,
    },
}

use LinkOutcome as One;

/// A feed read through: its items' links, and the validators to record
/// once they are handled.
#[derive(Debug, Clone, Default)]
pub struct FeedLinks {
    /// The items, at most [`FeedLimits::max_items`].
    pub items: Vec<FeedItem>,
    /// How many items the feed listed.
    pub listed: usize,
    /// `ETag` / `Last-Modified` of the answer, when sent.
    pub validators: Option<FeedValidators>,
}

impl FeedIngestor {
    /// An ingestor fetching with `fetcher`, processing with `processor`,
    /// writing to `store`, with at most `concurrency` pages in flight.
    pub fn new(
        fetcher: Fetcher,
        processor: Arc<Processor>,
        store: Arc<dyn Store>,
        concurrency: usize,
    ) -> Self {
        FeedIngestor {
            fetcher,
            processor,
            store,
            concurrency: concurrency.max(1),
            limits: FeedLimits::default(),
            failed: Arc::new(Mutex::new(HashSet::new())),
        }
    }

    /// The same ingestor with these feed limits.
    pub fn with_limits(mut self, limits: FeedLimits) -> Self {
        self.limits = limits;
        self
    }

    /// One pass over `feeds` (URLs or file paths). Failures of single feeds
    /// or items are in the report; only a store that cannot be written is an
    /// error.
    pub async fn run_once(
        &self,
        feeds: &[String],
        progress: &dyn Progress,
    ) -> Result<FeedReport, IngestError> {
        let mut report = FeedReport::default();
        for feed in feeds {
            report.feeds += 1;
            let (bytes, base, validators) = match self.read_feed(feed).await {
                Ok(Some(x)) => x,
                Ok(None) => {
                    report.not_modified += 1;
                    continue;
                }
                Err(reason) => {
                    // Once per feed per process, so a watch loop does not
                    // fill the failures table with the same line.
                    if self
                        .failed
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .insert(feed.clone())
                    {
                        self.record_failure(feed, &reason).await?;
                    }
                    report.fail(feed, reason);
                    progress.item(ItemStatus::Failed, feed);
                    continue;
                }
            };
            let items = match parse_feed_with(&bytes, base.as_ref(), self.limits.max_items) {
                Ok((items, listed)) => {
                    if listed > self.limits.max_items {
                        report.capped.push(CappedFeed {
                            feed: feed.clone(),
                            listed: listed as u64,
                            taken: self.limits.max_items as u64,
                        });
                    }
                    items
                }
                Err(reason) => {
                    self.record_failure(feed, &reason).await?;
                    report.fail(feed, reason);
                    progress.item(ItemStatus::Failed, feed);
                    continue;
                }
            };
            report.items += items.len() as u64;
            self.run_items(items, &mut report, progress).await?;
            // Only now: had they been kept at fetch time, a run killed
            // halfway would see a 304 next time and never read the rest.
            if let Some(v) = validators {
                let (store, f) = (self.store.clone(), feed.clone());
                blocking(move || {
                    store
                        .put_feed_validators(&f, &v)
                        .map_err(IngestError::Store)
                })
                .await?;
            }
        }
        Ok(report)
    }

    async fn run_items(
        &self,
        items: Vec<FeedItem>,
        report: &mut FeedReport,
        progress: &dyn Progress,
    ) -> Result<(), IngestError> {
        let sem = Arc::new(tokio::sync::Semaphore::new(self.concurrency));
        let mut tasks = tokio::task::JoinSet::new();
        for item in items {
            let permit = sem
                .clone()
                .acquire_owned()
                .await
                .map_err(|e| IngestError::Internal(e.to_string()))?;
            let this = self.clone_parts();
            tasks.spawn(async move {
                let link = item.link.clone();
                let r = this.one(item).await;
                drop(permit);
                (link, r)
            });
            // Report what has finished so far, so progress moves.
            while let Some(done) = tasks.try_join_next() {
                self.tally(done, report, progress)?;
            }
        }
        while let Some(done) = tasks.join_next().await {
            self.tally(done, report, progress)?;
        }
        Ok(())
    }

    fn tally(
        &self,
        done: Result<(String, Result<One, IngestError>), tokio::task::JoinError>,
        report: &mut FeedReport,
        progress: &dyn Progress,
    ) -> Result<(), IngestError> {
        let (link, r) =
            done.map_err(|e| IngestError::Internal(format!("an item task failed: {e}")))?;
        match r? {
            One::Stored => {
                report.stored += 1;
                progress.item(ItemStatus::Stored, &link);
            }
            One::Existing => {
                report.existing += 1;
                progress.item(ItemStatus::Existing, &link);
            }
            One::Skipped => {
                report.skipped += 1;
                progress.item(ItemStatus::Skipped, &link);
            }
            One::Failed { reason, .. } => {
                report.fail(&link, reason);
                progress.item(ItemStatus::Failed, &link);
            }
        }
        Ok(())
    }

    /// Reads one feed (a URL, conditionally, or a file) into its links;
    /// `None` when it did not change since its validators were recorded.
    /// Records nothing: the caller records the validators once the links
    /// are handled (or queued).
    pub async fn read_links(&self, feed: &str) -> Result<Option<FeedLinks>, String> {
        let Some((bytes, base, validators)) = self.read_feed(feed).await? else {
            return Ok(None);
        };
        let (items, listed) = parse_feed_with(&bytes, base.as_ref(), self.limits.max_items)?;
        Ok(Some(FeedLinks {
            items,
            listed,
            validators,
        }))
    }

    /// Fetches, extracts, summarizes and stores one feed item's page,
    /// unless it is done already: the per-link work of
    /// [`FeedIngestor::run_once`], for a queue worker. Failures are
    /// recorded in the store; only a store that cannot be written is an
    /// error.
    pub async fn ingest_link(&self, item: FeedItem) -> Result<LinkOutcome, IngestError> {
        self.clone_parts().one(item).await
    }

    fn clone_parts(&self) -> Parts {
        Parts {
            fetcher: self.fetcher.clone(),
            processor: self.processor.clone(),
            store: self.store.clone(),
            failed: self.failed.clone(),
        }
    }

    async fn record_failure(&self, source: &str, reason: &str) -> Result<(), IngestError> {
        let store = self.store.clone();
        let (s, r) = (source.to_string(), reason.to_string());
        tokio::task::spawn_blocking(move || store.record_failure(&s, &r))
            .await
            .map_err(|e| IngestError::Internal(e.to_string()))?
            .map_err(IngestError::Store)?;
        Ok(())
    }

    /// The feed, or `None` when it did not change since its validators were
    /// recorded.
    async fn read_feed(&self, feed: &str) -> Result<Option<ReadFeed>, String> {
        if !(feed.starts_with("http://") || feed.starts_with("https://")) {
            let path = std::path::Path::new(feed);
            let meta = std::fs::metadata(path).map_err(|e| format!("cannot read {feed}: {e}"))?;
            let max = self.limits.max_bytes;
            if meta.len() > max {
                return Err(too_big(feed, max));
            }
            let bytes = std::fs::read(path).map_err(|e| format!("cannot read {feed}: {e}"))?;
            return Ok(Some((bytes, None, None)));
        }
        let (store, f) = (self.store.clone(), feed.to_string());
        let v = tokio::task::spawn_blocking(move || store.feed_validators(&f))
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| format!("reading the feed's validators: {e}"))?
            .unwrap_or_default();
        let page = self
            .fetcher
            .get_conditional(feed, v.etag.as_deref(), v.last_modified.as_deref())
            .await
            .map_err(|e| match e {
                FetchError::TooLarge { .. } => {
                    khulasa_core::Limit::explain(e, Some(khulasa_core::Limit::FetchBytes))
                }
                e => e.to_string(),
            })?;
        if page.not_modified() {
            return Ok(None);
        }
        if page.bytes.len() as u64 > self.limits.max_bytes {
            return Err(too_big(feed, self.limits.max_bytes));
        }
        let validators =
            (page.etag.is_some() || page.last_modified.is_some()).then(|| FeedValidators {
                etag: page.etag.clone(),
                last_modified: page.last_modified.clone(),
            });
        let base = Url::parse(&page.final_url).ok();
        Ok(Some((page.bytes, base, validators)))
    }
}

fn too_big(feed: &str, max: u64) -> String {
    format!(
        "{feed} is larger than the limit of {max} bytes; {}",
        khulasa_core::Limit::FeedBytes.hint()
    )
}

/// What an item task needs, owned.
struct Parts {
    fetcher: Fetcher,
    processor: Arc<Processor>,
    store: Arc<dyn Store>,
    failed: Arc<Mutex<HashSet<String>>>,
}

impl Parts {
    async fn one(&self, item: FeedItem) -> Result<One, IngestError> {
        let link = item.link.clone();
        if self
            .failed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&link)
        {
            return Ok(One::Skipped);
        }
        // Is it done already? (store lookups are blocking: off the runtime)
        let (store, processor, l) = (self.store.clone(), self.processor.clone(), link.clone());
        let done = blocking(move || -> Result<bool, IngestError> {
            let params = processor.params();
            if store
                .ingested(&l)
                .map_err(IngestError::Store)?
                .is_some_and(|rec| rec.params == params)
            {
                return Ok(true);
            }
            let Some(id) = store.article_id_by_url(&l).map_err(IngestError::Store)? else {
                return Ok(false);
            };
            let key = SummaryKey {
                article: id.clone(),
                length: processor.length(),
                engine: processor.engine_version().to_string(),
            };
            if store.summary(&key).map_err(IngestError::Store)?.is_some() {
                return Ok(true);
            }
            // Stored with another processor or length: summarize the stored copy.
            let Some(stored) = store.article(&id).map_err(IngestError::Store)? else {
                return Ok(false);
            };
            if let Ok(summary) = processor.summarize(&stored.article) {
                store
                    .put_summary(&key, &summary)
                    .map_err(IngestError::Store)?;
            }
            Ok(true)
        })
        .await?;
        if done {
            return Ok(One::Skipped);
        }
        let page = match self.fetcher.get(&link).await {
            Ok(p) => p,
            Err(e) => return self.fetch_failed(&link, e).await,
        };
        let item = Item {
            source: link.clone(),
            url: Some(link.clone()),
            title: item.title,
            payload: Payload::Html {
                bytes: page.bytes,
                charset: page.charset,
            },
        };
        let (store, processor) = (self.store.clone(), self.processor.clone());
        blocking(move || -> Result<One, IngestError> {
            let params = processor.params();
            // A failure row holds the error in words.
            let result = processor
                .process_guarded(&item, Some(&*store))
                .map_err(|e| e.to_string());
            let outcome = processor.outcome(&item.source, &result);
            let key = item.source.clone();
            let status = store
                .put_ingested(&[Ingested {
                    key: &key,
                    params: &params,
                    outcome,
                }])
                .map_err(IngestError::Store)?
                .pop();
            Ok(match status {
                Some(IngestedStatus::Stored(put)) => {
                    if put.status == PutStatus::Existing && !result.as_ref().is_ok_and(|p| p.fresh)
                    {
                        One::Existing
                    } else {
                        One::Stored
                    }
                }
                Some(IngestedStatus::Failed { reason, .. }) => One::Failed {
                    reason,
                    retryable: false,
                },
                None => One::Failed {
                    reason: "the store wrote nothing".into(),
                    retryable: false,
                },
            })
        })
        .await
    }

    async fn fetch_failed(&self, link: &str, e: FetchError) -> Result<One, IngestError> {
        // The report pairs the link with the reason: do not say the link twice.
        let full = e.to_string();
        let mut reason = full
            .strip_prefix(&format!("{link}: "))
            .map(str::to_string)
            .unwrap_or(full);
        if matches!(e, FetchError::TooLarge { .. }) {
            reason = khulasa_core::Limit::explain(reason, Some(khulasa_core::Limit::FetchBytes));
        }
        let (store, processor, l, r) = (
            self.store.clone(),
            self.processor.clone(),
            link.to_string(),
            reason.clone(),
        );
        let retryable = e.is_retryable();
        self.failed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(link.to_string());
        blocking(move || -> Result<(), IngestError> {
            if retryable {
                // May pass next time: record it, but do not mark the link done.
                store.record_failure(&l, &r).map_err(IngestError::Store)?;
            } else {
                let params = processor.params();
                store
                    .put_ingested(&[Ingested {
                        key: &l,
                        params: &params,
                        outcome: IngestOutcome::Failed {
                            source: &l,
                            reason: &r,
                        },
                    }])
                    .map_err(IngestError::Store)?;
            }
            Ok(())
        })
        .await?;
        Ok(One::Failed { reason, retryable })
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, IngestError> + Send + 'static,
) -> Result<T, IngestError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| IngestError::Internal(format!("a worker failed: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_feeds_resolve_relative_links_against_their_site_link() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
            <link>https://news.example/ar/</link><description>d</description>
            <item><title>a</title><link>2024/11/29/meeting</link></item>
            <item><title>b</title><link>https://other.example/x</link></item>
            <item><title>dup</title><link>https://other.example/x</link></item>
            <item><title>c</title><link>mailto:desk@news.example</link></item>
        </channel></rss>"#;
        let items = parse_feed(rss.as_bytes(), None).unwrap();
        let links: Vec<&str> = items.iter().map(|i| i.link.as_str()).collect();
        assert_eq!(
            links,
            [
                "https://news.example/ar/2024/11/29/meeting",
                "https://other.example/x"
            ]
        );
    }

    #[test]
    fn json_feed_and_garbage() {
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"t","home_page_url":"https://n.example/",
            "items":[{"id":"1","url":"https://n.example/1","title":"خبر"}]}"#;
        let items = parse_feed(json.as_bytes(), None).unwrap();
        assert_eq!(items[0].link, "https://n.example/1");
        assert_eq!(items[0].title.as_deref(), Some("خبر"));
        assert!(parse_feed(b"", None).is_err());
        assert!(parse_feed(&[0xff, 0xfe, 0, 1, 2], None).is_err());
        assert!(parse_feed("<html><body>لا</body></html>".as_bytes(), None).is_err());
    }
}
