//! Ingest through the PostgreSQL queue, for several nodes: `batch` and
//! `ingest` enqueue jobs ([`page_job`], [`feed_job`]); [`Worker`]s on any
//! host claim and run them.
//!
//! The jobs:
//!
//! - `page`: one batch item (its bytes in the job) → extract → summarize →
//!   store, with its ledger entry, as [`crate::batch`] does it inline.
//! - `feed`: read a feed (conditionally) and enqueue a `url` job per item;
//!   its validators are recorded once the jobs are queued.
//! - `url`: fetch a page → extract → summarize → store
//!   ([`FeedIngestor::ingest_link`]); a fetch that may pass later is retried
//!   with backoff.
//! - `speak`: the audio of a stored summary, into the store.
//!
//! Every effect is idempotent — articles by content hash, summaries,
//! audio and the ledger by key, jobs by key — so a job run twice (its
//! worker died after storing, before finishing the job) stores once.

use crate::IngestError;
use crate::feed::{FeedIngestor, FeedItem, FeedLimits, LinkOutcome};
use crate::item::{Item, Payload};
use crate::process::Processor;
use khulasa_core::Length;
use khulasa_fetch::Fetcher;
use khulasa_pipeline::Pipeline;
use khulasa_store::pg::{Job, NewJob, PgQueue};
use khulasa_store::{ArticleId, Ingested, IngestedStatus, PgStore, PutStatus, Store, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// Job kinds.
pub const PAGE: &str = "page";
/// See [`PAGE`].
pub const FEED: &str = "feed";
/// See [`PAGE`].
pub const URL: &str = "url";
/// See [`PAGE`].
pub const SPEAK: &str = "speak";

/// Tries a job gets by default before it is left failed.
pub const DEFAULT_ATTEMPTS: i32 = 5;

#[derive(Debug, Serialize, Deserialize)]
struct PagePayload {
    source: String,
    url: Option<String>,
    title: Option<String>,
    /// The body is plain text (else HTML bytes).
    text: bool,
    charset: Option<String>,
    length: Length,
}

#[derive(Debug, Serialize, Deserialize)]
struct LinkPayload {
    link: String,
    title: Option<String>,
    length: Length,
}

#[derive(Debug, Serialize, Deserialize)]
struct FeedPayload {
    feed: String,
    length: Length,
}

#[derive(Debug, Serialize, Deserialize)]
struct SpeakPayload {
    article: String,
    length: Length,
    format: String,
}

/// The job of one batch item, summarized by `processor`'s settings. Its
/// key is the item's resume key with those settings: the same item queued
/// twice is one job.
pub fn page_job(item: &Item, processor: &Processor) -> NewJob {
    let (text, charset, body) = match &item.payload {
        Payload::Text(t) => (true, None, t.as_bytes().to_vec()),
        Payload::Html { bytes, charset } => (false, charset.clone(), bytes.clone()),
    };
    let payload = PagePayload {
        source: item.source.clone(),
        url: item.url.clone(),
        title: item.title.clone(),
        text,
        charset,
        length: processor.length(),
    };
    NewJob {
        kind: PAGE.into(),
        key: format!("{PAGE}:{}|{}", item.key(), processor.params()),
        payload: serde_json::to_value(payload).unwrap_or_default(),
        body: Some(body),
        max_attempts: DEFAULT_ATTEMPTS,
    }
}

/// The job of reading `feed` once, as of `at` (Unix seconds: a later
/// `ingest` reads the feed again).
pub fn feed_job(feed: &str, length: Length, at: i64) -> NewJob {
    NewJob {
        kind: FEED.into(),
        key: format!("{FEED}:{feed}@{at}"),
        payload: serde_json::to_value(FeedPayload {
            feed: feed.to_string(),
            length,
        })
        .unwrap_or_default(),
        body: None,
        max_attempts: DEFAULT_ATTEMPTS,
    }
}

/// The job of one feed item's page, with `params` (engine and length).
pub fn url_job(item: &FeedItem, length: Length, params: &str) -> NewJob {
    NewJob {
        kind: URL.into(),
        key: format!("{URL}:{}|{params}", item.link),
        payload: serde_json::to_value(LinkPayload {
            link: item.link.clone(),
            title: item.title.clone(),
            length,
        })
        .unwrap_or_default(),
        body: None,
        max_attempts: DEFAULT_ATTEMPTS,
    }
}

/// The job of speaking the summary of stored article `id`.
pub fn speak_job(id: &ArticleId, length: Length, format: &str, engine: &str) -> NewJob {
    NewJob {
        kind: SPEAK.into(),
        key: format!(
            "{SPEAK}:{id}|{engine}|{}|{format}",
            khulasa_store::length_key(&length)
        ),
        payload: serde_json::to_value(SpeakPayload {
            article: id.to_string(),
            length,
            format: format.to_string(),
        })
        .unwrap_or_default(),
        body: None,
        max_attempts: DEFAULT_ATTEMPTS,
    }
}

/// Settings of a [`Worker`].
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// Jobs run at once (threads). Default 1.
    pub jobs: usize,
    /// How long a claimed job is ours before another worker may take it;
    /// renewed every third of it while the job runs. Default 60 s.
    pub lease: Duration,
    /// Longest idle wait for a notification before looking again (for
    /// retries whose backoff ran out). Default 1 s.
    pub poll: Duration,
    /// Feed limits for `feed` jobs.
    pub feed_limits: FeedLimits,
    /// Stop when the queue has no ready job (instead of waiting for more).
    pub exit_when_idle: bool,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        WorkerOptions {
            jobs: 1,
            lease: Duration::from_secs(60),
            poll: Duration::from_secs(1),
            feed_limits: FeedLimits::default(),
            exit_when_idle: false,
        }
    }
}

/// What a worker did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WorkerReport {
    /// Jobs finished (whatever their item's outcome).
    pub done: u64,
    /// Tries that failed and will be retried.
    pub retried: u64,
    /// Jobs left failed (out of tries).
    pub dead: u64,
}

/// Runs queued jobs until told to stop.
pub struct Worker {
    store: Arc<PgStore>,
    queue: PgQueue,
    pipeline: Pipeline,
    fetcher: Fetcher,
    opts: WorkerOptions,
    name: String,
}

struct Counters {
    done: AtomicU64,
    retried: AtomicU64,
    dead: AtomicU64,
}

/// How one try of a job ended.
enum Outcome {
    /// Done, with a result word.
    Done(&'static str),
    /// Failed; retry unless out of tries.
    Retry(String),
    /// Failed for good.
    Dead(String),
}

impl Worker {
    /// A worker on `store`'s queue, processing with `pipeline`'s stages and
    /// fetching with `fetcher`. Its name (in the jobs it holds) is the host
    /// name and process id.
    pub fn new(
        store: Arc<PgStore>,
        pipeline: Pipeline,
        fetcher: Fetcher,
        opts: WorkerOptions,
    ) -> Worker {
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .map(|h| h.trim().to_string())
            .unwrap_or_else(|_| "host".into());
        Worker {
            queue: store.queue(),
            store,
            pipeline,
            fetcher,
            opts,
            name: format!("{host}:{}", std::process::id()),
        }
    }

    /// Runs jobs on [`WorkerOptions::jobs`] threads until `stop` is set (a
    /// job in hand is finished first) or, with `exit_when_idle`, until no
    /// job is ready. A store that stops answering is retried, not fatal.
    pub fn run(&self, stop: &AtomicBool) -> Result<WorkerReport, IngestError> {
        let counters = Counters {
            done: AtomicU64::new(0),
            retried: AtomicU64::new(0),
            dead: AtomicU64::new(0),
        };
        let errors: std::sync::Mutex<Option<IngestError>> = std::sync::Mutex::new(None);
        std::thread::scope(|s| {
            for t in 0..self.opts.jobs.max(1) {
                let (counters, errors) = (&counters, &errors);
                s.spawn(move || {
                    if let Err(e) = self.thread(t, stop, counters) {
                        *errors.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
                    }
                });
            }
        });
        if let Some(e) = errors.into_inner().unwrap_or_else(|p| p.into_inner()) {
            return Err(e);
        }
        Ok(WorkerReport {
            done: counters.done.into_inner(),
            retried: counters.retried.into_inner(),
            dead: counters.dead.into_inner(),
        })
    }

    fn thread(&self, t: usize, stop: &AtomicBool, counters: &Counters) -> Result<(), IngestError> {
        let name = format!("{}/{t}", self.name);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| IngestError::Internal(format!("could not start a runtime: {e}")))?;
        let mut listener = None;
        let mut processors: HashMap<String, Arc<Processor>> = HashMap::new();
        while !stop.load(Ordering::Relaxed) {
            let job = match self.queue.claim(&name, self.opts.lease) {
                Ok(j) => j,
                Err(e) => {
                    // The server is away (a restart): wait and try again.
                    eprintln!("worker {name}: {e}; retrying");
                    listener = None;
                    std::thread::sleep(self.opts.poll);
                    continue;
                }
            };
            let Some(job) = job else {
                if self.opts.exit_when_idle {
                    return Ok(());
                }
                if listener.is_none() {
                    listener = self.queue.listener().ok();
                }
                match listener.as_mut() {
                    Some(l) => {
                        if l.wait(self.opts.poll).is_err() {
                            listener = None;
                        }
                    }
                    None => std::thread::sleep(self.opts.poll),
                }
                continue;
            };
            let outcome =
                self.with_heartbeat(&job, &name, || self.run_job(&job, &rt, &mut processors));
            let r = match outcome {
                Outcome::Done(word) => self.queue.complete(&job, &name, word).map(|_| {
                    counters.done.fetch_add(1, Ordering::Relaxed);
                }),
                Outcome::Retry(e) => self.queue.fail(&job, &name, &e, true).map(|st| {
                    let c = match st {
                        khulasa_store::pg::JobState::Dead => &counters.dead,
                        _ => &counters.retried,
                    };
                    c.fetch_add(1, Ordering::Relaxed);
                    if st == khulasa_store::pg::JobState::Dead {
                        let _ = self.store.record_failure(&job.key, &e);
                    }
                }),
                Outcome::Dead(e) => self.queue.fail(&job, &name, &e, false).map(|_| {
                    counters.dead.fetch_add(1, Ordering::Relaxed);
                    let _ = self.store.record_failure(&job.key, &e);
                }),
            };
            if let Err(e) = r {
                // The lease runs out and the job is run again: its effect
                // is idempotent.
                eprintln!("worker {name}: could not finish job {}: {e}", job.id);
            }
        }
        Ok(())
    }

    /// Runs `f` while renewing `job`'s lease every third of it.
    fn with_heartbeat<T>(&self, job: &Job, name: &str, f: impl FnOnce() -> T) -> T {
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        std::thread::scope(|s| {
            s.spawn(move || {
                while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                    rx.recv_timeout(self.opts.lease / 3)
                {
                    let _ = self.queue.extend(job, name, self.opts.lease);
                }
            });
            let r = f();
            drop(tx);
            r
        })
    }

    fn processor(
        &self,
        processors: &mut HashMap<String, Arc<Processor>>,
        length: Length,
    ) -> Arc<Processor> {
        processors
            .entry(khulasa_store::length_key(&length))
            .or_insert_with(|| Arc::new(Processor::new(self.pipeline.clone(), length)))
            .clone()
    }

    fn run_job(
        &self,
        job: &Job,
        rt: &tokio::runtime::Runtime,
        processors: &mut HashMap<String, Arc<Processor>>,
    ) -> Outcome {
        let bad = |e: serde_json::Error| {
            Outcome::Dead(format!("a {} job with a bad payload: {e}", job.kind))
        };
        let store_err = |e: StoreError| Outcome::Retry(format!("the store failed: {e}"));
        match job.kind.as_str() {
            PAGE => {
                let p: PagePayload = match serde_json::from_value(job.payload.clone()) {
                    Ok(p) => p,
                    Err(e) => return bad(e),
                };
                let body = job.body.clone().unwrap_or_default();
                let payload = if p.text {
                    match String::from_utf8(body) {
                        Ok(t) => Payload::Text(t),
                        Err(_) => {
                            return Outcome::Dead("a text job whose text is not UTF-8".into());
                        }
                    }
                } else {
                    Payload::Html {
                        bytes: body,
                        charset: p.charset,
                    }
                };
                let item = Item {
                    source: p.source,
                    url: p.url,
                    title: p.title,
                    payload,
                };
                let processor = self.processor(processors, p.length);
                match store_item(&*self.store, &processor, &item) {
                    Ok(word) => Outcome::Done(word),
                    Err(e) => store_err(e),
                }
            }
            URL => {
                let p: LinkPayload = match serde_json::from_value(job.payload.clone()) {
                    Ok(p) => p,
                    Err(e) => return bad(e),
                };
                let processor = self.processor(processors, p.length);
                let ingestor = FeedIngestor::new(
                    self.fetcher.clone(),
                    processor,
                    self.store.clone() as Arc<dyn Store>,
                    1,
                );
                let item = FeedItem {
                    link: p.link,
                    title: p.title,
                };
                match rt.block_on(ingestor.ingest_link(item)) {
                    Ok(LinkOutcome::Stored) => Outcome::Done("stored"),
                    Ok(LinkOutcome::Existing) => Outcome::Done("existing"),
                    Ok(LinkOutcome::Skipped) => Outcome::Done("skipped"),
                    Ok(LinkOutcome::Failed { reason, retryable }) => {
                        if retryable && job.attempts < job.max_attempts {
                            Outcome::Retry(reason)
                        } else {
                            Outcome::Done("failed")
                        }
                    }
                    Err(e) => Outcome::Retry(e.to_string()),
                }
            }
            FEED => {
                let p: FeedPayload = match serde_json::from_value(job.payload.clone()) {
                    Ok(p) => p,
                    Err(e) => return bad(e),
                };
                let processor = self.processor(processors, p.length);
                let ingestor = FeedIngestor::new(
                    self.fetcher.clone(),
                    processor.clone(),
                    self.store.clone() as Arc<dyn Store>,
                    1,
                )
                .with_limits(self.opts.feed_limits);
                match rt.block_on(ingestor.read_links(&p.feed)) {
                    Ok(None) => Outcome::Done("unchanged"),
                    Ok(Some(links)) => {
                        let params = processor.params();
                        let jobs: Vec<NewJob> = links
                            .items
                            .iter()
                            .map(|i| url_job(i, p.length, &params))
                            .collect();
                        if let Err(e) = self.queue.enqueue(&job.run, &jobs) {
                            return store_err(e);
                        }
                        if let Some(v) = links.validators
                            && let Err(e) = self.store.put_feed_validators(&p.feed, &v)
                        {
                            return store_err(e);
                        }
                        Outcome::Done("read")
                    }
                    Err(reason) => {
                        if job.attempts < job.max_attempts {
                            Outcome::Retry(reason)
                        } else {
                            Outcome::Dead(reason)
                        }
                    }
                }
            }
            SPEAK => {
                let p: SpeakPayload = match serde_json::from_value(job.payload.clone()) {
                    Ok(p) => p,
                    Err(e) => return bad(e),
                };
                let Ok(id) = ArticleId::parse(&p.article) else {
                    return Outcome::Dead(format!("not an article id: {}", p.article));
                };
                let Some(format) = khulasa_pipeline::AudioFormat::from_extension(&p.format) else {
                    return Outcome::Dead(format!("not an audio format: {}", p.format));
                };
                let pipeline = self
                    .pipeline
                    .clone()
                    .with_store(self.store.clone() as Arc<dyn Store>);
                match pipeline.audio_of(&id, p.length, format) {
                    Ok(Some((_, cached))) => {
                        Outcome::Done(if cached { "existing" } else { "stored" })
                    }
                    Ok(None) => Outcome::Done("skipped"),
                    Err(e) => Outcome::Dead(e.to_string()),
                }
            }
            other => Outcome::Dead(format!("unknown job kind {other:?}")),
        }
    }
}

/// Processes one batch item and stores it with its ledger entry (as an
/// inline batch does); the result word for the job. An item done before
/// with these settings is not redone.
pub fn store_item(
    store: &dyn Store,
    processor: &Processor,
    item: &Item,
) -> Result<&'static str, StoreError> {
    let key = item.key();
    let params = processor.params();
    if store
        .ingested(&key)?
        .is_some_and(|r| r.params == params && r.article.is_some())
    {
        return Ok("skipped");
    }
    let result = processor
        .process_guarded(item, Some(store))
        .map_err(|e| e.to_string());
    let outcome = processor.outcome(&item.source, &result);
    let status = store
        .put_ingested(&[Ingested {
            key: &key,
            params: &params,
            outcome,
        }])?
        .pop();
    Ok(match status {
        Some(IngestedStatus::Stored(put)) => {
            if put.status == PutStatus::Existing && !result.as_ref().is_ok_and(|p| p.fresh) {
                "existing"
            } else {
                "stored"
            }
        }
        Some(IngestedStatus::Failed { .. }) | None => "failed",
    })
}
