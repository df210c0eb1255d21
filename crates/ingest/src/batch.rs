//! Batch: many items through extract → summarize → store, in parallel,
//! resumable.
//!
//! How a run is made safe to kill at any moment:
//!
//! - Every item has a resume key ([`Item::key`]: source + content
//!   fingerprint). The store writes each finished item together with its key
//!   in the same transaction ([`Store::put_ingested`]); commits happen every
//!   [`BatchOptions::commit_every`] items (or every quarter second), so a
//!   kill loses at most the uncommitted tail, which the next run redoes.
//! - On start, items whose key the store already holds (with the same processor
//!   version and length) are skipped without being read further.
//! - The JSON Lines output is append-only; on start its keys are read back
//!   (a torn last line is cut off), and an item is written to it only if it is
//!   not there yet. So a rerun neither repeats nor loses a line.
//! - Articles are stored by content hash, so even an item redone after a
//!   crash is stored once.

use crate::IngestError;
use crate::item::{Item, ItemError};
use crate::process::{Processed, Processor};
use khulasa_pipeline::wire::{BatchLine, KeyPointJson};
use khulasa_store::{Ingested, IngestedStatus, PutStatus, Store};
use serde::Serialize;
use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Settings of a batch run.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Worker threads. By default, one per core.
    pub jobs: usize,
    /// Items written to the store per transaction. By default 256.
    pub commit_every: usize,
    /// A JSON Lines file the results are appended to. By default none.
    pub out: Option<PathBuf>,
    /// A file each failure is appended to (`{"id", "error"}` a line).
    /// By default none.
    pub failures: Option<PathBuf>,
    /// Redo items that failed in an earlier run. By default `false`.
    pub retry_failed: bool,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            jobs: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1),
            commit_every: 256,
            out: None,
            failures: None,
            retry_failed: false,
        }
    }
}

/// What happened to one item, as told to a [`Progress`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemStatus {
    /// Stored (a new article, or a new summary of a known one).
    Stored,
    /// Already there: the store (or output) had this content and summary.
    Existing,
    /// Done in an earlier run; skipped without processing.
    Skipped,
    /// Failed (the reason is in the report).
    Failed,
}

/// Receives progress as items finish. Called from the writer thread.
pub trait Progress: Sync {
    /// An item finished (or was skipped).
    fn item(&self, status: ItemStatus, source: &str);
}

/// A [`Progress`] that ignores everything.
pub struct NoProgress;

impl Progress for NoProgress {
    fn item(&self, _: ItemStatus, _: &str) {}
}

/// One failed item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailedItem {
    /// Where it came from.
    pub id: String,
    /// Why it failed.
    pub error: String,
}

/// The most failures kept in [`BatchReport::failures`]; all of them go to
/// the failures file and the store.
pub const MAX_REPORTED_FAILURES: usize = 1000;

/// What a batch run did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BatchReport {
    /// Items read from the inputs.
    pub seen: u64,
    /// Items stored now (new articles, or new summaries).
    pub stored: u64,
    /// Items whose article and summary were already stored.
    pub existing: u64,
    /// Items done by an earlier run, skipped.
    pub skipped: u64,
    /// Items that failed now.
    pub failed: u64,
    /// The first [`MAX_REPORTED_FAILURES`] failures.
    pub failures: Vec<FailedItem>,
    /// True when the run stopped early (Ctrl-C).
    pub interrupted: bool,
    /// Wall time, in seconds.
    pub seconds: f64,
}

impl BatchReport {
    /// Items processed now per second (stored + existing + failed).
    pub fn rate(&self) -> f64 {
        let n = (self.stored + self.existing + self.failed) as f64;
        if self.seconds > 0.0 {
            n / self.seconds
        } else {
            0.0
        }
    }
}

/// A finished item on its way to the writer.
struct Done {
    key: String,
    source: String,
    result: Result<Processed, String>,
}

/// The JSON Lines output, opened for appending, with the keys it already holds.
struct OutFile {
    path: PathBuf,
    writer: BufWriter<File>,
    keys: HashSet<String>,
}

impl OutFile {
    /// Opens (or creates) `path`, reads back its keys and cuts a torn last line.
    fn open(path: &Path) -> Result<OutFile, IngestError> {
        let err = |e: std::io::Error| IngestError::Output {
            path: path.to_path_buf(),
            reason: e.to_string(),
        };
        let mut file = OpenOptions::new()
            .read(true)
            .create(true)
            .append(true)
            .open(path)
            .map_err(err)?;
        let mut keys = HashSet::new();
        let mut good_len = 0u64;
        {
            let mut r = BufReader::new(&mut file);
            let mut line = Vec::new();
            loop {
                line.clear();
                let n = r.read_until(b'\n', &mut line).map_err(err)?;
                if n == 0 || line.last() != Some(&b'\n') {
                    break;
                }
                good_len += n as u64;
                #[derive(serde::Deserialize)]
                struct K {
                    key: String,
                }
                if let Ok(k) = serde_json::from_slice::<K>(&line) {
                    keys.insert(k.key);
                }
            }
        }
        // A kill mid-write leaves a line without its newline: drop it, the
        // item is redone.
        if file.metadata().map_err(err)?.len() != good_len {
            file.set_len(good_len).map_err(err)?;
        }
        file.seek(SeekFrom::End(0)).map_err(err)?;
        Ok(OutFile {
            path: path.to_path_buf(),
            writer: BufWriter::new(file),
            keys,
        })
    }
}

/// Runs a batch over `items`.
///
/// With a `store`, results go into it (and failures into its failures
/// table); with [`BatchOptions::out`], into a JSON Lines file; both may be
/// given. `stop` ends the run early (between items); what is finished by
/// then is committed.
pub fn run_batch(
    items: impl Iterator<Item = Result<Item, ItemError>> + Send,
    processor: &Processor,
    store: Option<&dyn Store>,
    opts: &BatchOptions,
    progress: &dyn Progress,
    stop: &AtomicBool,
) -> Result<BatchReport, IngestError> {
    if store.is_none() && opts.out.is_none() {
        return Err(IngestError::NoDestination);
    }
    let started = Instant::now();
    let mut out = opts.out.as_deref().map(OutFile::open).transpose()?;
    let out_keys = out.as_ref().map(|o| o.keys.clone());
    let mut failures_file = match &opts.failures {
        Some(p) => Some(BufWriter::new(
            OpenOptions::new()
                .create(true)
                .append(true)
                .open(p)
                .map_err(|e| IngestError::Output {
                    path: p.clone(),
                    reason: e.to_string(),
                })?,
        )),
        None => None,
    };
    let params = processor.params();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.max(1))
        .thread_name(|i| format!("khulasa-batch-{i}"))
        .build()
        .map_err(|e| IngestError::Internal(format!("could not start worker threads: {e}")))?;

    let mut report = BatchReport::default();
    // Finished items wait here for the writer: one commit's worth is enough
    // to keep the workers busy while it commits (four were tried: 5 MB more
    // at 10,000 pages and no faster), and each holds a whole article.
    let (tx, rx) = mpsc::sync_channel::<Option<Done>>(opts.commit_every.max(1));
    let mut fatal: Option<IngestError> = None;
    let seen = std::sync::atomic::AtomicU64::new(0);

    std::thread::scope(|scope| {
        // Workers: read (under par_bridge's lock), check the ledger, process.
        let producer = scope.spawn(|| {
            let tx = tx;
            let needed = |key: &str| -> Result<bool, String> {
                let in_out = match &out_keys {
                    Some(k) => k.contains(key),
                    None => true,
                };
                let in_store = match store {
                    Some(s) => match s.ingested(key).map_err(|e| e.to_string())? {
                        Some(done) => {
                            done.params == params && (done.article.is_some() || !opts.retry_failed)
                        }
                        None => false,
                    },
                    None => true,
                };
                Ok(!(in_out && in_store))
            };
            pool.install(|| {
                use rayon::iter::{ParallelBridge, ParallelIterator};
                items
                    .take_while(|_| !stop.load(Ordering::Relaxed))
                    .par_bridge()
                    .for_each_with(tx.clone(), |tx, next| {
                        seen.fetch_add(1, Ordering::Relaxed);
                        let (key, source, work) = match next {
                            Ok(item) => (item.key(), item.source.clone(), Ok(item)),
                            Err(e) => (e.key(), e.source.clone(), Err(e.reason)),
                        };
                        let done = match needed(&key) {
                            Err(e) => Some(Done {
                                key,
                                source,
                                result: Err(format!("store: {e}")),
                            }),
                            Ok(false) => {
                                progress.item(ItemStatus::Skipped, &source);
                                None
                            }
                            Ok(true) => {
                                let result = work.and_then(|item| {
                                    // A failure row holds the error in words.
                                    processor
                                        .process_guarded(&item, store)
                                        .map_err(|e| e.to_string())
                                });
                                Some(Done {
                                    key,
                                    source,
                                    result,
                                })
                            }
                        };
                        // A closed channel means the writer died: nothing to do.
                        let _ = tx.send(done);
                    });
            });
        });

        // Writer: this thread. Commits in batches.
        let mut pending: Vec<Done> = Vec::new();
        let mut first_pending: Option<Instant> = None;
        let flush_after = Duration::from_millis(250);
        let mut flush =
            |pending: &mut Vec<Done>, report: &mut BatchReport| -> Result<(), IngestError> {
                if pending.is_empty() {
                    return Ok(());
                }
                write_batch(
                    pending,
                    processor,
                    &params,
                    store,
                    out.as_mut(),
                    failures_file.as_mut(),
                    report,
                    progress,
                )?;
                pending.clear();
                Ok(())
            };
        loop {
            let msg = match rx.recv_timeout(Duration::from_millis(50)) {
                Ok(m) => Some(m),
                Err(mpsc::RecvTimeoutError::Timeout) => None,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            };
            match msg {
                Some(Some(done)) => {
                    first_pending.get_or_insert_with(Instant::now);
                    pending.push(done);
                }
                Some(None) => report.skipped += 1,
                None => {}
            }
            let due = first_pending.is_some_and(|t| t.elapsed() >= flush_after);
            if pending.len() >= opts.commit_every || due {
                if let Err(e) = flush(&mut pending, &mut report) {
                    fatal = Some(e);
                    // Stop the workers; drain so they are not blocked on send.
                    stop.store(true, Ordering::Relaxed);
                    while rx.recv().is_ok() {}
                    break;
                }
                first_pending = None;
            }
        }
        if fatal.is_none()
            && let Err(e) = flush(&mut pending, &mut report)
        {
            fatal = Some(e);
        }
        let _ = producer.join();
    });
    if let Some(e) = fatal {
        return Err(e);
    }
    report.seen = seen.into_inner();
    report.interrupted = stop.load(Ordering::Relaxed);
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Writes one batch: the store in one transaction, then the output lines,
/// then the failures file.
#[allow(clippy::too_many_arguments)]
fn write_batch(
    pending: &[Done],
    processor: &Processor,
    params: &str,
    store: Option<&dyn Store>,
    out: Option<&mut OutFile>,
    failures_file: Option<&mut BufWriter<File>>,
    report: &mut BatchReport,
    progress: &dyn Progress,
) -> Result<(), IngestError> {
    // Outcome per item: Ok(is_new) or Err(reason).
    let mut outcomes: Vec<Result<bool, String>> = pending
        .iter()
        .map(|d| match &d.result {
            Ok(p) => Ok(p.fresh),
            Err(e) => Err(e.clone()),
        })
        .collect();
    if let Some(store) = store {
        let entries: Vec<Ingested<'_>> = pending
            .iter()
            .map(|d| Ingested {
                key: &d.key,
                params,
                outcome: processor.outcome(&d.source, &d.result),
            })
            .collect();
        let statuses = store.put_ingested(&entries).map_err(IngestError::Store)?;
        for (o, s) in outcomes.iter_mut().zip(statuses) {
            *o = match s {
                IngestedStatus::Stored(put) => {
                    Ok(o.as_ref().copied().unwrap_or(false) || put.status != PutStatus::Existing)
                }
                IngestedStatus::Failed { reason, .. } => Err(reason),
            };
        }
    }
    if let Some(out) = out {
        let path = out.path.clone();
        let err = |e: std::io::Error| IngestError::Output {
            path: path.clone(),
            reason: e.to_string(),
        };
        for (d, o) in pending.iter().zip(&outcomes) {
            if out.keys.contains(&d.key) {
                continue;
            }
            let line = match (&d.result, o) {
                (Ok(p), Ok(_)) => BatchLine {
                    id: d.source.clone(),
                    key: d.key.clone(),
                    article_id: Some(p.id.to_string()),
                    url: p.article.url.clone(),
                    title: p.article.title.clone(),
                    key_points: Some(
                        p.summary
                            .key_points
                            .iter()
                            .map(KeyPointJson::from)
                            .collect(),
                    ),
                    error: None,
                },
                (Err(reason), _) | (_, Err(reason)) => BatchLine {
                    id: d.source.clone(),
                    key: d.key.clone(),
                    article_id: None,
                    url: None,
                    title: None,
                    key_points: None,
                    error: Some(reason.clone()),
                },
            };
            serde_json::to_writer(&mut out.writer, &line).map_err(|e| err(e.into()))?;
            out.writer.write_all(b"\n").map_err(err)?;
            out.keys.insert(d.key.clone());
        }
        out.writer.flush().map_err(err)?;
    }
    let mut ff = failures_file;
    for (d, o) in pending.iter().zip(&outcomes) {
        match o {
            Ok(true) => {
                report.stored += 1;
                progress.item(ItemStatus::Stored, &d.source);
            }
            Ok(false) => {
                report.existing += 1;
                progress.item(ItemStatus::Existing, &d.source);
            }
            Err(reason) => {
                report.failed += 1;
                let f = FailedItem {
                    id: d.source.clone(),
                    error: reason.clone(),
                };
                if let Some(w) = ff.as_deref_mut() {
                    let _ = serde_json::to_writer(&mut *w, &f);
                    let _ = w.write_all(b"\n");
                }
                if report.failures.len() < MAX_REPORTED_FAILURES {
                    report.failures.push(f);
                }
                progress.item(ItemStatus::Failed, &d.source);
            }
        }
    }
    if let Some(w) = ff {
        let _ = w.flush();
    }
    Ok(())
}
