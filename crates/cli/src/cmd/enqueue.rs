//! `batch` and `ingest` with a PostgreSQL `--db`: the work is queued for
//! `khulasa worker`s on any node instead of done here; `--wait` waits for
//! it and prints the summary line the inline commands print.

use crate::db::{open_pg, run_id};
use anyhow::Result;
use khulasa_ingest::batch::BatchReport;
use khulasa_ingest::process::Processor;
use khulasa_ingest::queue::{feed_job, page_job};
use khulasa_store::pg::{NewJob, PgQueue, RunCounts};
use khulasa_store::{IngestOutcome, Ingested, Store};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Jobs written per transaction while queueing.
const ENQUEUE_EVERY: usize = 256;

/// `batch INPUT... --db postgres://…`: one `page` job per item not done
/// before (the store's ledger decides, as inline).
pub fn batch(args: &crate::cmd::batch::Args, url: &str, processor: &Processor) -> Result<ExitCode> {
    if args.out.is_some() {
        anyhow::bail!(
            "--out is for a SQLite --db (or none): with PostgreSQL the workers write to the store"
        );
    }
    let started = Instant::now();
    let store = open_pg(url)?;
    let queue = store.queue();
    let run = run_id("batch");
    let items =
        khulasa_ingest::source::open_all_with(&args.inputs, args.extract_limits.max_page_bytes.0)?;
    let params = processor.params();
    let stop = Arc::new(AtomicBool::new(false));
    crate::cmd::batch::install_interrupt(&stop)?;
    let (mut seen, mut queued, mut skipped, mut unreadable) = (0u64, 0u64, 0u64, 0u64);
    let mut jobs: Vec<NewJob> = Vec::new();
    for next in items {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        seen += 1;
        match next {
            Ok(item) => {
                let key = item.key();
                let mut job = page_job(&item, processor);
                match store.ingested(&key)? {
                    Some(done) if done.params == params => {
                        if done.article.is_some() || !args.retry_failed {
                            skipped += 1;
                            continue;
                        }
                        // Failed before and asked to retry: a new job.
                        job.key = format!("{}#retry@{}", job.key, run);
                    }
                    _ => {}
                }
                jobs.push(job);
            }
            Err(e) => {
                // Unreadable: nothing to queue; recorded as inline.
                unreadable += 1;
                let key = e.key();
                store.put_ingested(&[Ingested {
                    key: &key,
                    params: &params,
                    outcome: IngestOutcome::Failed {
                        source: &e.source,
                        reason: &e.reason,
                    },
                }])?;
            }
        }
        if jobs.len() >= ENQUEUE_EVERY {
            queue.enqueue(&run, &jobs)?;
            queued += jobs.len() as u64;
            jobs.clear();
        }
    }
    if !jobs.is_empty() {
        queue.enqueue(&run, &jobs)?;
        queued += jobs.len() as u64;
    }
    eprintln!(
        "batch: {seen} items: {queued} queued for workers on {}, {skipped} done before (skipped), {unreadable} unreadable",
        crate::db::Db::Postgres(url.into()).shown()
    );
    if !args.wait {
        return Ok(if unreadable > 0 {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        });
    }
    let Some(counts) = wait(&queue, &run, &stop)? else {
        return Ok(ExitCode::from(130));
    };
    let n = |w: &str| {
        counts
            .results
            .iter()
            .find(|(k, _)| k == w)
            .map_or(0, |(_, n)| *n)
    };
    let report = BatchReport {
        seen,
        stored: n("stored"),
        existing: n("existing"),
        skipped: skipped + n("skipped"),
        failed: unreadable + n("failed"),
        seconds: started.elapsed().as_secs_f64(),
        ..BatchReport::default()
    };
    crate::cmd::batch::print_report(&report, None, args.json)?;
    Ok(if report.failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// `ingest FEED... --db postgres://…`: one `feed` job per feed (a worker
/// reads it and queues a `url` job per item), again every `--watch`.
pub fn ingest(
    args: &crate::cmd::ingest::Args,
    url: &str,
    length: khulasa_core::Length,
) -> Result<ExitCode> {
    let store = open_pg(url)?;
    let queue = store.queue();
    let stop = Arc::new(AtomicBool::new(false));
    crate::cmd::batch::install_interrupt(&stop)?;
    let mut any_failed = false;
    loop {
        let run = run_id("ingest");
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        let jobs: Vec<NewJob> = args
            .feeds
            .iter()
            .map(|f| feed_job(&absolute(f), length, now))
            .collect();
        queue.enqueue(&run, &jobs)?;
        eprintln!(
            "ingest: {} feeds queued for workers on {}",
            jobs.len(),
            crate::db::Db::Postgres(url.into()).shown()
        );
        if args.wait {
            let Some(c) = wait(&queue, &run, &stop)? else {
                return Ok(ExitCode::from(130));
            };
            let n = |w: &str| {
                c.results
                    .iter()
                    .find(|(k, _)| k == w)
                    .map_or(0, |(_, n)| *n)
            };
            let items = n("stored") + n("existing") + n("skipped") + n("failed");
            let failed = n("failed");
            any_failed |= failed > 0;
            eprintln!(
                "ingest: {} feeds ({} unchanged), {items} items: {} stored, {} already stored, {} done before, {failed} failed",
                jobs.len(),
                n("unchanged"),
                n("stored"),
                n("existing"),
                n("skipped"),
            );
        }
        let Some(every) = args.watch else { break };
        let until = Instant::now() + every;
        while Instant::now() < until && !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(200));
        }
        if stop.load(Ordering::Relaxed) {
            break;
        }
    }
    Ok(if any_failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// A feed file's absolute path (a worker may run elsewhere; a URL as is).
fn absolute(feed: &str) -> String {
    if feed.starts_with("http://") || feed.starts_with("https://") {
        return feed.to_string();
    }
    std::fs::canonicalize(feed)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| feed.to_string())
}

/// Waits until no job of `run` is pending or running; `None` on Ctrl-C
/// (the jobs stay queued).
fn wait(queue: &PgQueue, run: &str, stop: &AtomicBool) -> Result<Option<RunCounts>> {
    let mut told = false;
    let started = Instant::now();
    loop {
        let c = queue.run_counts(run)?;
        if c.states.pending + c.states.running == 0 {
            return Ok(Some(c));
        }
        if !told && started.elapsed() > Duration::from_secs(5) && c.states.running == 0 {
            eprintln!(
                "waiting for workers: {} jobs queued, none running (start `khulasa worker --db …`)",
                c.states.pending
            );
            told = true;
        }
        if stop.load(Ordering::Relaxed) {
            eprintln!("stopped waiting; the jobs stay queued for the workers");
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}
