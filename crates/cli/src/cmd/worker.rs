//! `khulasa worker --db postgres://… [--jobs N]`: runs the jobs `batch` and
//! `ingest` queued in a PostgreSQL store (fetch, extract, summarize, speak)
//! until Ctrl-C, on any host that reaches the database.
//!
//! Ctrl-C (or SIGTERM): the jobs in hand are finished, then the worker
//! exits; a second Ctrl-C exits at once (those jobs' leases run out and
//! another worker takes them). Exit status 0, or 1 on an error.

use crate::db::Db;
use anyhow::{Context, Result, bail};
use khulasa_fetch::{FetchConfig, Fetcher};
use khulasa_ingest::queue::{Worker, WorkerOptions};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// Flags of `khulasa worker`.
#[derive(clap::Args)]
pub struct Args {
    /// The PostgreSQL store holding the queue (`postgres://user@host/db`).
    #[arg(long, env = "KHULASA_DB", hide_env_values = true, value_name = "URL", value_parser = Db::parse)]
    pub db: Db,
    /// Jobs run at once.
    #[arg(long, short = 'j', value_name = "N", default_value_t = 1)]
    pub jobs: usize,
    /// Seconds a claimed job stays ours without word from us; renewed while
    /// it runs. A worker that dies hands its jobs on after this.
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub lease: u64,
    /// Exit once no job is ready (instead of waiting for more).
    #[arg(long)]
    pub exit_when_idle: bool,
    /// Fetch from private, loopback and link-local addresses too.
    #[arg(long)]
    pub allow_private_urls: bool,
    /// Time allowed for one page fetch, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub timeout: u64,
    /// The summary engine (as on `batch`/`ingest`): workers summarise with
    /// their own engine flags, so start them with the engine the work was
    /// queued for.
    #[command(flatten)]
    pub engine: crate::engine::EngineArgs,
    #[command(flatten)]
    pub extract_limits: crate::limits::ExtractLimits,
    #[command(flatten)]
    pub summarize_limits: crate::limits::SummarizeLimits,
    #[command(flatten)]
    pub speech_limits: crate::limits::SpeechLimits,
}

/// Runs the command.
pub fn run(args: Args) -> Result<ExitCode> {
    let Db::Postgres(url) = &args.db else {
        bail!(
            "the queue lives in PostgreSQL: give --db postgres://… (a SQLite store has no workers; \
             `batch` and `ingest` work inline on it)"
        );
    };
    if args.jobs == 0 || args.lease == 0 {
        bail!("--jobs and --lease must be at least 1");
    }
    // Each job thread holds a connection, and its lease renewal another.
    let store = Arc::new(khulasa_store::PgStore::open_with(
        url,
        &khulasa_store::pg::PgOptions {
            pool_size: (2 * args.jobs as u32 + 2).max(8),
            ..Default::default()
        },
    )?);
    let config = crate::limits::pipeline_config(
        &args.extract_limits,
        &args.summarize_limits,
        Default::default(),
    );
    let mut config = args.engine.apply(config)?;
    config.speech = args.speech_limits.apply(config.speech);
    let pipeline = khulasa_pipeline::Pipeline::new(config)?;
    let fetcher = Fetcher::new(FetchConfig {
        allow_private: args.allow_private_urls,
        timeout: Duration::from_secs(args.timeout.max(1)),
        ..FetchConfig::default()
    })
    .context("cannot set up fetching")?;
    let stop = Arc::new(AtomicBool::new(false));
    crate::cmd::batch::install_interrupt(&stop)?;
    let worker = Worker::new(
        store,
        pipeline,
        fetcher,
        WorkerOptions {
            jobs: args.jobs,
            lease: Duration::from_secs(args.lease),
            exit_when_idle: args.exit_when_idle,
            ..WorkerOptions::default()
        },
    );
    eprintln!(
        "khulasa worker: {} job(s) at once on {} (Ctrl-C to stop)",
        args.jobs,
        args.db.shown()
    );
    let report = worker.run(&stop)?;
    eprintln!(
        "worker: {} jobs done, {} tries to retry, {} jobs failed",
        report.done, report.retried, report.dead
    );
    Ok(ExitCode::SUCCESS)
}
