//! Batch throughput, end to end (read file → extract → summarize → store in
//! SQLite), on synthetic news pages from a folder: 1 worker beside 2.
//!
//! Each iteration runs a fresh store over the same folder, and asserts every
//! page was stored, so the bench cannot silently measure nothing.
//! `cargo bench -p khulasa-ingest` prints the time per batch; pages/s is
//! pages / time (criterion's `thrpt` line shows it directly).

// criterion_group! makes an undocumented pub fn.
#![allow(missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khulasa_ingest::batch::{BatchOptions, NoProgress, run_batch};
use khulasa_ingest::process::Processor;
use khulasa_ingest::source;
use khulasa_store::SqliteStore;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

/// Pages a batch under `cargo bench`; as a test (`cargo test --all-targets`)
/// a tenth, so the suite stays quick while still checking the bench runs.
fn pages_per_batch() -> usize {
    if std::env::args().any(|a| a == "--bench") {
        400
    } else {
        40
    }
}

fn bench(c: &mut Criterion) {
    let n_pages = pages_per_batch();
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    for i in 0..n_pages {
        std::fs::write(
            pages.join(format!("{i:05}.html")),
            khulasa_ingest::synth::news_page(i),
        )
        .unwrap();
    }
    let engine = Processor::with_defaults(Default::default());
    let mut group = c.benchmark_group("batch_pages");
    group.throughput(Throughput::Elements(n_pages as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));
    for jobs in [1usize, 2] {
        group.bench_function(format!("jobs={jobs}"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for n in 0..iters {
                    let db = dir
                        .path()
                        .join(format!("j{jobs}-{n}-{}.db", std::process::id()));
                    let store = SqliteStore::open(&db).unwrap();
                    let opts = BatchOptions {
                        jobs,
                        ..BatchOptions::default()
                    };
                    let stop = AtomicBool::new(false);
                    let t = Instant::now();
                    let items = source::open_all(std::slice::from_ref(&pages)).unwrap();
                    let report =
                        run_batch(items, &engine, Some(&store), &opts, &NoProgress, &stop).unwrap();
                    total += t.elapsed();
                    assert_eq!(
                        report.stored as usize,
                        n_pages,
                        "failures: {:?}",
                        report.failures.first()
                    );
                    drop(store);
                    for ext in ["", "-wal", "-shm"] {
                        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
                    }
                }
                total
            })
        });
    }
    group.finish();

    // Beside criterion's wall-clock figures: CPU time per page, which does
    // not depend on what else the machine runs. On a busy machine the wall
    // figures mostly measure the other load; CPU ms/page tells what the
    // pipeline costs, and cores / (CPU s per page) what free cores would do.
    // Only under `cargo bench` (which passes --bench), not as a test.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    for jobs in [1usize, 2] {
        let db = dir.path().join(format!("cpu-{jobs}.db"));
        let store = SqliteStore::open(&db).unwrap();
        let opts = BatchOptions {
            jobs,
            ..BatchOptions::default()
        };
        let (cpu0, t) = (cpu_seconds(), Instant::now());
        let items = source::open_all(std::slice::from_ref(&pages)).unwrap();
        let report = run_batch(
            items,
            &engine,
            Some(&store),
            &opts,
            &NoProgress,
            &AtomicBool::new(false),
        )
        .unwrap();
        let (wall, cpu) = (t.elapsed().as_secs_f64(), cpu_seconds() - cpu0);
        assert_eq!(report.stored as usize, n_pages);
        println!(
            "batch_pages/jobs={jobs}: {} pages, wall {wall:.2} s ({:.0} pages/s), CPU {cpu:.2} s \
             ({:.2} ms/page, so at most {:.0} pages/s on {jobs} idle core(s)); load average {}",
            n_pages,
            n_pages as f64 / wall,
            cpu * 1000.0 / n_pages as f64,
            jobs as f64 * n_pages as f64 / cpu,
            std::fs::read_to_string("/proc/loadavg")
                .unwrap_or_default()
                .split(' ')
                .next()
                .unwrap_or("?"),
        );
    }
}

/// User + system CPU time of this process so far, from /proc (Linux; the
/// kernel counts in USER_HZ = 100 ticks a second). 0 elsewhere.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses).
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the line: 11 and 12 after ')'.
    (ticks(11) + ticks(12)) / 100.0
}

criterion_group!(benches, bench);
criterion_main!(benches);
