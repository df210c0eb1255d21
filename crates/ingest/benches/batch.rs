//! Batch throughput, end to end (read file → extract → summarize → store in
//! SQLite), on synthetic news pages from a folder: 1 worker beside 2.
//!
//! Each iteration runs a fresh store over the same folder, and asserts every
//! page was stored, so the bench cannot silently measure nothing.
//! `cargo bench -p khulasa-ingest` prints the time per batch; pages/s is
//! `PAGES / time` (criterion's `thrpt` line shows it directly).

// criterion_group! makes an undocumented pub fn.
#![allow(missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khulasa_ingest::batch::{BatchOptions, NoProgress, run_batch};
use khulasa_ingest::engine::Engine;
use khulasa_ingest::source;
use khulasa_store::SqliteStore;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

const PAGES: usize = 400;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    for i in 0..PAGES {
        std::fs::write(
            pages.join(format!("{i:05}.html")),
            khulasa_ingest::synth::news_page(i),
        )
        .unwrap();
    }
    let engine = Engine::new(Default::default());
    let mut group = c.benchmark_group("batch_pages");
    group.throughput(Throughput::Elements(PAGES as u64));
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
                        PAGES,
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
}

criterion_group!(benches, bench);
criterion_main!(benches);
