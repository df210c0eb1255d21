//! `khulasa batch INPUT...`: folders of pages, JSON Lines files and WARC
//! archives through extract → summarize → store, on all cores, resumable.
//!
//! Exit status: 0 when every item succeeded, 2 when some failed (listed at
//! the end and in the failures file), 130 when interrupted (run the same
//! command again to go on).

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use khulasa_ingest::batch::{BatchOptions, BatchReport, ItemStatus, Progress, run_batch};
use khulasa_ingest::process::Processor;
use khulasa_store::{SqliteStore, Store};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Flags of `khulasa batch`.
#[derive(clap::Args)]
pub struct Args {
    /// Inputs: folders of `.html` / `.html.gz` pages, JSON Lines files
    /// (`{"id", "html"|"text", "url"?, "title"?}` a line), WARC files
    /// (`.warc`, `.warc.gz`), or single pages.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The store to write to: a SQLite file (created if missing), or a
    /// `postgres://` URL — then the items are queued for `khulasa worker`s
    /// instead of worked here.
    #[arg(long, env = "KHULASA_DB", hide_env_values = true, value_name = "PATH|URL", value_parser = crate::db::Db::parse)]
    pub db: Option<crate::db::Db>,
    /// With a PostgreSQL --db: wait until the workers have done the queued
    /// items, then print the usual summary line (and exit 2 if some failed).
    #[arg(long)]
    pub wait: bool,
    /// Also append results to this JSON Lines file (one line per item).
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Where to append failures (`{"id", "error"}` a line). Default:
    /// `<out or db>.failures.jsonl`.
    #[arg(long, value_name = "PATH")]
    pub failures: Option<PathBuf>,
    /// Try again items that failed in an earlier run.
    #[arg(long)]
    pub retry_failed: bool,
    /// Items per store transaction.
    #[arg(long, value_name = "N", default_value_t = 256)]
    pub commit_every: usize,
    /// Accepted for symmetry with `ingest`: batch reads local files and
    /// fetches nothing.
    #[arg(long)]
    pub allow_private_urls: bool,
    /// No progress output; only the final report.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Print the final report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub length: crate::cmd::summarize::LengthArgs,
    #[command(flatten)]
    pub extract_limits: crate::limits::ExtractLimits,
    #[command(flatten)]
    pub summarize_limits: crate::limits::SummarizeLimits,
    #[command(flatten)]
    pub engine: crate::engine::EngineArgs,
}

/// Runs the command.
pub fn run(args: Args) -> Result<ExitCode> {
    if args.db.is_none() && args.out.is_none() {
        anyhow::bail!(
            "give --db PATH (the store) and/or --out PATH (a JSON Lines file) for the results"
        );
    }
    let length = args.length.length()?;
    let processor = processor(
        &args.extract_limits,
        &args.summarize_limits,
        &args.engine,
        length,
    )?;
    let sqlite_path = match &args.db {
        Some(crate::db::Db::Postgres(url)) => {
            return crate::cmd::enqueue::batch(&args, url, &processor);
        }
        Some(crate::db::Db::Sqlite(p)) => Some(p.clone()),
        None => None,
    };
    let store = match &sqlite_path {
        Some(p) => Some(open_store(p)?),
        None => None,
    };
    let failures = args.failures.clone().or_else(|| {
        let base = args.out.as_ref().or(sqlite_path.as_ref())?;
        let mut s = base.as_os_str().to_owned();
        s.push(".failures.jsonl");
        Some(PathBuf::from(s))
    });
    let opts = BatchOptions {
        jobs: args
            .jobs
            .unwrap_or_else(|| BatchOptions::default().jobs)
            .max(1),
        commit_every: args.commit_every.max(1),
        out: args.out.clone(),
        failures: failures.clone(),
        retry_failed: args.retry_failed,
    };
    // An item (a page, a JSON line, a WARC record) may be as large as a page.
    let items =
        khulasa_ingest::source::open_all_with(&args.inputs, args.extract_limits.max_page_bytes.0)?;

    let stop = Arc::new(AtomicBool::new(false));
    install_interrupt(&stop)?;
    let progress = Reporter::new(&args.inputs, args.quiet);
    let report = run_batch(
        items,
        &processor,
        store.as_ref().map(|s| s as &dyn Store),
        &opts,
        &progress,
        &stop,
    )
    .context("batch stopped")?;
    progress.finish();
    print_report(&report, failures.as_deref(), args.json)?;
    Ok(if report.interrupted {
        ExitCode::from(130)
    } else if report.failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// The per-item work of `batch` and `ingest`, with the size and time flags.
pub fn processor(
    extract: &crate::limits::ExtractLimits,
    summarize: &crate::limits::SummarizeLimits,
    engine: &crate::engine::EngineArgs,
    length: khulasa_core::Length,
) -> Result<Processor> {
    let config = engine.apply(crate::limits::pipeline_config(
        extract,
        summarize,
        Default::default(),
    ))?;
    Ok(Processor::new(
        khulasa_pipeline::Pipeline::new(config)?,
        length,
    ))
}

/// Opens (creating) the SQLite store, creating its folder if needed.
pub(crate) fn open_store(path: &Path) -> Result<SqliteStore> {
    crate::db::open_sqlite(path)
}

/// First Ctrl-C: finish the items in hand, commit, report. Second: exit now
/// (the store stays consistent either way: it commits whole transactions).
pub(crate) fn install_interrupt(stop: &Arc<AtomicBool>) -> Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    for sig in [SIGINT, SIGTERM] {
        signal_hook::flag::register_conditional_shutdown(sig, 130, stop.clone())
            .context("cannot install the Ctrl-C handler")?;
        signal_hook::flag::register(sig, stop.clone())
            .context("cannot install the Ctrl-C handler")?;
    }
    Ok(())
}

pub(crate) fn print_report(r: &BatchReport, failures: Option<&Path>, json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string(r)?);
        return Ok(());
    }
    if !r.failures.is_empty() {
        eprintln!("failed items:");
        for f in &r.failures {
            eprintln!("  {}: {}", f.id, f.error);
        }
        if r.failed as usize > r.failures.len() {
            eprintln!("  ... and {} more", r.failed as usize - r.failures.len());
        }
    }
    eprintln!(
        "batch: {} items: {} stored, {} already stored, {} done before (skipped), {} failed; {:.1} s, {:.0} items/s{}",
        r.seen,
        r.stored,
        r.existing,
        r.skipped,
        r.failed,
        r.seconds,
        r.rate(),
        if r.interrupted {
            " — interrupted; run the same command again to go on"
        } else {
            ""
        }
    );
    if let Some(f) = failures.filter(|_| r.failed > 0) {
        eprintln!("failures written to {}", f.display());
    }
    Ok(())
}

/// Progress: a bar on a terminal; plain log lines (every 2 s) otherwise.
pub(crate) struct Reporter {
    bar: Option<ProgressBar>,
    quiet: bool,
    done: AtomicU64,
    stored: AtomicU64,
    existing: AtomicU64,
    skipped: AtomicU64,
    failed: AtomicU64,
    started: Instant,
    last_log: Mutex<Instant>,
}

impl Reporter {
    pub(crate) fn new(inputs: &[PathBuf], quiet: bool) -> Reporter {
        let tty = std::io::stderr().is_terminal();
        let bar = (!quiet && tty).then(|| {
            let bar = match count_hint(inputs) {
                Some(n) => ProgressBar::new(n),
                None => ProgressBar::new_spinner(),
            };
            bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(4));
            bar.set_style(
                ProgressStyle::with_template(
                    "{bar:30} {pos}/{len} items · {rate} · ETA {eta} · {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .with_key(
                    "rate",
                    |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{:.0} items/s", s.per_sec());
                    },
                ),
            );
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        });
        Reporter {
            bar,
            quiet,
            done: AtomicU64::new(0),
            stored: AtomicU64::new(0),
            existing: AtomicU64::new(0),
            skipped: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            started: Instant::now(),
            last_log: Mutex::new(Instant::now()),
        }
    }

    fn line(&self) -> String {
        format!(
            "{} stored, {} existing, {} skipped, {} failed",
            self.stored.load(Ordering::Relaxed),
            self.existing.load(Ordering::Relaxed),
            self.skipped.load(Ordering::Relaxed),
            self.failed.load(Ordering::Relaxed)
        )
    }

    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Reporter {
    fn item(&self, status: ItemStatus, _source: &str) {
        let counter = match status {
            ItemStatus::Stored => &self.stored,
            ItemStatus::Existing => &self.existing,
            ItemStatus::Skipped => &self.skipped,
            ItemStatus::Failed => &self.failed,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if self.quiet {
            return;
        }
        if let Some(bar) = &self.bar {
            bar.inc(1);
            if done.is_multiple_of(64) || status == ItemStatus::Failed {
                bar.set_message(self.line());
            }
            return;
        }
        let mut last = self.last_log.lock().unwrap_or_else(|p| p.into_inner());
        if last.elapsed() >= Duration::from_secs(2) {
            *last = Instant::now();
            let secs = self.started.elapsed().as_secs_f64().max(1e-9);
            eprintln!(
                "batch: {done} items ({}), {:.0} items/s",
                self.line(),
                done as f64 / secs
            );
        }
    }
}

/// How many items the inputs hold, when cheap to tell (for the bar's ETA):
/// files in folders, lines in JSON Lines files; `None` with a WARC file.
fn count_hint(inputs: &[PathBuf]) -> Option<u64> {
    use khulasa_ingest::source::{InputKind, kind_of};
    use std::io::Read;
    let mut total = 0u64;
    for p in inputs {
        match kind_of(p).ok()? {
            InputKind::Page => total += 1,
            InputKind::Warc => return None,
            InputKind::Dir => total += khulasa_ingest::source::count_pages(p),
            InputKind::Jsonl => {
                let mut f = std::fs::File::open(p).ok()?;
                let mut buf = vec![0u8; 1 << 20];
                let mut lines = 0u64;
                let mut last = b'\n';
                loop {
                    let n = f.read(&mut buf).ok()?;
                    if n == 0 {
                        break;
                    }
                    lines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
                    last = buf[n - 1];
                }
                total += lines + u64::from(last != b'\n');
            }
        }
    }
    Some(total)
}
