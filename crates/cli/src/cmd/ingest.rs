//! `khulasa ingest FEED... --db PATH [--watch INTERVAL]`: fetch feeds (RSS,
//! Atom, JSON Feed; URLs or files), and store each new item's article and
//! summary.
//!
//! Exit status: 0 when everything succeeded, 2 when some feed or item
//! failed (reasons listed, and in the store's failures table).

use crate::limits::Bytes;
use anyhow::{Context, Result, bail};
use khulasa_fetch::{FetchConfig, Fetcher};
use khulasa_ingest::batch::{ItemStatus, Progress};
use khulasa_ingest::feed::{FeedIngestor, FeedLimits, FeedReport};
use khulasa_store::Store;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Flags of `khulasa ingest`.
#[derive(clap::Args)]
pub struct Args {
    /// Feeds: `http(s)://` URLs or files (RSS 2.0, Atom, JSON Feed).
    #[arg(required = true, value_name = "FEED")]
    pub feeds: Vec<String>,
    /// The store to write to: a SQLite file (created if missing), or a
    /// `postgres://` URL — then each feed is queued for `khulasa worker`s,
    /// which queue its items in turn.
    #[arg(long, env = "KHULASA_DB", hide_env_values = true, value_name = "PATH|URL", value_parser = crate::db::Db::parse)]
    pub db: crate::db::Db,
    /// With a PostgreSQL --db: wait until the workers have done the queued
    /// feeds and their items, then print the usual summary line.
    #[arg(long)]
    pub wait: bool,
    /// Fetch from private, loopback and link-local addresses too (off by
    /// default: a feed could point khulasa at your own network).
    #[arg(long)]
    pub allow_private_urls: bool,
    /// Poll the feeds again every INTERVAL (`90s`, `15m`, `1h`) until Ctrl-C.
    /// Unchanged feeds cost one conditional request each.
    #[arg(long, value_name = "INTERVAL", value_parser = parse_interval)]
    pub watch: Option<Duration>,
    /// Pages fetched at once (at most 4 from one host).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 8)]
    pub jobs: usize,
    /// Time allowed for one page, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub timeout: u64,
    /// Print each pass's report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub length: crate::cmd::summarize::LengthArgs,
    /// Largest body fetched, a page or a feed (`--jobs` of them may be in
    /// memory at once).
    #[arg(long, value_name = "SIZE", default_value_t = Bytes(FeedLimits::default().max_bytes), help_heading = "Feed limits")]
    pub max_fetch_bytes: Bytes,
    /// Largest feed read, from a file or fetched.
    #[arg(long, value_name = "SIZE", default_value_t = Bytes(FeedLimits::default().max_bytes), help_heading = "Feed limits")]
    pub max_feed_bytes: Bytes,
    /// Most items taken from one feed in one pass; the report names feeds
    /// that listed more.
    #[arg(long, value_name = "N", default_value_t = FeedLimits::default().max_items, help_heading = "Feed limits")]
    pub max_feed_items: usize,
    #[command(flatten)]
    pub extract_limits: crate::limits::ExtractLimits,
    #[command(flatten)]
    pub summarize_limits: crate::limits::SummarizeLimits,
    #[command(flatten)]
    pub engine: crate::engine::EngineArgs,
}

/// `90s`, `15m`, `2h`, or plain seconds; at least one second.
pub(crate) fn parse_interval(s: &str) -> Result<Duration, String> {
    let (n, unit) = crate::limits::number_and_unit(s)
        .ok_or_else(|| format!("{s:?} is not an interval like 90s, 15m or 1h"))?;
    let secs = match unit {
        "" | "s" => n,
        "m" => n.saturating_mul(60),
        "h" => n.saturating_mul(3600),
        _ => return Err(format!("unknown unit {unit:?}: use s, m or h")),
    };
    if secs == 0 {
        return Err("the interval must be at least 1s".into());
    }
    Ok(Duration::from_secs(secs))
}

/// Prints each finished item as a plain line on stderr.
struct LogProgress;

impl Progress for LogProgress {
    fn item(&self, status: ItemStatus, source: &str) {
        let what = match status {
            ItemStatus::Stored => "stored",
            ItemStatus::Existing => "already stored",
            ItemStatus::Skipped => return,
            ItemStatus::Failed => "failed",
        };
        eprintln!("ingest: {what}: {source}");
    }
}

/// Runs the command.
pub fn run(args: Args) -> Result<ExitCode> {
    let length = args.length.length()?;
    if args.jobs == 0 {
        bail!("--jobs must be at least 1");
    }
    if let crate::db::Db::Postgres(url) = &args.db {
        return crate::cmd::enqueue::ingest(&args, url, length);
    }
    let store: Arc<dyn Store> = args.db.open()?;
    let processor = Arc::new(crate::cmd::batch::processor(
        &args.extract_limits,
        &args.summarize_limits,
        &args.engine,
        length,
    )?);
    let feed_limits = FeedLimits {
        max_bytes: args.max_feed_bytes.0,
        max_items: args.max_feed_items.max(1),
    };
    let stop = Arc::new(AtomicBool::new(false));
    crate::cmd::batch::install_interrupt(&stop)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let fetcher = Fetcher::new(FetchConfig {
            allow_private: args.allow_private_urls,
            timeout: Duration::from_secs(args.timeout.max(1)),
            max_body_bytes: args.max_fetch_bytes.0,
            ..FetchConfig::default()
        })?;
        let ingestor =
            FeedIngestor::new(fetcher, processor, store, args.jobs).with_limits(feed_limits);
        let mut any_failed = false;
        loop {
            let report = ingestor.run_once(&args.feeds, &LogProgress).await?;
            any_failed |= report.failed > 0;
            print_report(&report, args.json)?;
            let Some(every) = args.watch else { break };
            // Sleep in small steps so Ctrl-C ends the wait promptly.
            let until = tokio::time::Instant::now() + every;
            while tokio::time::Instant::now() < until && !stop.load(Ordering::Relaxed) {
                tokio::time::sleep(Duration::from_millis(200)).await;
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
    })
}

fn print_report(r: &FeedReport, json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string(r)?);
        return Ok(());
    }
    for f in &r.failures {
        eprintln!("  failed: {}: {}", f.id, f.error);
    }
    for c in &r.capped {
        eprintln!(
            "  {} lists {} items; took the first {} ({})",
            c.feed,
            c.listed,
            c.taken,
            khulasa_core::Limit::FeedItems.hint()
        );
    }
    eprintln!(
        "ingest: {} feeds ({} unchanged), {} items: {} stored, {} already stored, {} done before, {} failed",
        r.feeds, r.not_modified, r.items, r.stored, r.existing, r.skipped, r.failed
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_interval;
    use std::time::Duration;

    #[test]
    fn intervals() {
        assert_eq!(parse_interval("90s").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_interval("15m").unwrap(), Duration::from_secs(900));
        assert_eq!(parse_interval("2h").unwrap(), Duration::from_secs(7200));
        assert_eq!(parse_interval("45").unwrap(), Duration::from_secs(45));
        assert!(parse_interval("0s").is_err());
        assert!(parse_interval("5d").is_err());
        assert!(parse_interval("soon").is_err());
    }
}
