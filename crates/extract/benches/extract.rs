//! Speed of extraction: median time per page, beside a baseline.
//!
//! Pages: the AEB dev pages when `KHULASA_DATA` (or `../../shared/data`) has
//! them, else the crate's own Arabic fixtures. The baseline measured in the
//! same run is parsing alone (html5ever via `scraper`), the floor any
//! DOM-based extractor pays. Each iteration checks it produced text, so the
//! bench cannot silently time nothing.
//!
//! Run: `cargo bench -p khulasa-extract`.

// criterion_group! and criterion_main! generate undocumented items.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::PathBuf;

fn pages() -> Vec<(String, Vec<u8>)> {
    let data = std::env::var_os("KHULASA_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let aeb = data.join("extraction/aeb/html");
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(&aeb) {
        let mut paths: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if let Ok(b) = std::fs::read(&p) {
                // Inflate up front: the bench times extraction, not gzip.
                let html = khulasa_extract::decode(&b, None).expect("decodes");
                out.push((p.display().to_string(), html.into_bytes()));
            }
        }
    }
    if out.is_empty() {
        eprintln!(
            "bench: {} not found; timing the Arabic fixtures instead",
            aeb.display()
        );
        let fx = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut paths: Vec<_> = std::fs::read_dir(&fx)
            .expect("fixtures")
            .flatten()
            .map(|e| e.path())
            .collect();
        paths.sort();
        for p in paths
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
        {
            out.push((p.display().to_string(), std::fs::read(&p).expect("read")));
        }
    }
    out
}

fn median_ms(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// CPU time of this thread, in ms, from `/proc/thread-self/schedstat`
/// (Linux). On a shared machine wall-clock medians move with the load; CPU
/// time does not. `None` elsewhere: then only wall time is reported.
fn cpu_ms() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(s.split_whitespace().next()?.parse::<f64>().ok()? / 1e6)
}

/// Runs `f` and returns (wall ms, CPU ms).
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, Option<f64>) {
    let c0 = cpu_ms();
    let t = std::time::Instant::now();
    let out = f();
    let wall = t.elapsed().as_secs_f64() * 1e3;
    let cpu = c0.zip(cpu_ms()).map(|(a, b)| b - a);
    (out, wall, cpu)
}

fn bench(c: &mut Criterion) {
    let mut pages = pages();
    assert!(!pages.is_empty(), "no pages to time");
    // `cargo test --all-targets` runs this file too, in a debug build and
    // without `--bench`: then a quick smoke run over a few pages suffices.
    let full = std::env::args().any(|a| a == "--bench");
    if !full {
        pages.truncate(8);
    }

    // Per-page medians over a few rounds: the figure the issue asks for.
    let rounds = if full { 5 } else { 1 };
    let (mut ext, mut parse, mut ext_cpu, mut parse_cpu) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (_, html) in &pages {
        let (mut te, mut tp, mut ce, mut cp) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..rounds {
            let (a, wall, cpu) = timed(|| khulasa_extract::extract(black_box(html), None));
            assert!(a.as_ref().map_or(true, |a| !a.text.is_empty()));
            te.push(wall);
            ce.extend(cpu);
            // Decoded outside the clock (a fixture is in windows-1256).
            let s = khulasa_extract::decode(html, None).expect("the page decodes");
            let s = s.as_str();
            let (doc, wall, cpu) = timed(|| scraper::Html::parse_document(black_box(s)));
            black_box(doc);
            tp.push(wall);
            cp.extend(cpu);
        }
        ext.push(median_ms(te));
        parse.push(median_ms(tp));
        ext_cpu.extend(ce);
        parse_cpu.extend(cp);
    }
    let bytes: usize = pages.iter().map(|p| p.1.len()).sum();
    let p90 = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() * 9 / 10]
    };
    eprintln!(
        "bench: {} pages ({:.1} MB), median per page: extract {:.2} ms wall (p90 {:.2}); baseline parse-only {:.2} ms wall",
        pages.len(),
        bytes as f64 / 1e6,
        median_ms(ext.clone()),
        p90(ext),
        median_ms(parse),
    );
    // The kernel advances a thread's CPU time by scheduler ticks (4 ms at
    // 250 Hz), so one page reads 0 or a tick: per page that is noise, but
    // the mean over many pages is the CPU time (a median would not be).
    if !ext_cpu.is_empty() {
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        eprintln!(
            "bench: mean per page in CPU time over {} extractions: extract {:.2} ms; baseline parse-only {:.2} ms",
            ext_cpu.len(),
            mean(&ext_cpu),
            mean(&parse_cpu)
        );
    }

    let mut g = c.benchmark_group("all_pages");
    g.sample_size(10);
    g.bench_function("extract", |b| {
        b.iter(|| {
            let mut n = 0;
            for (_, html) in &pages {
                if let Ok(a) = khulasa_extract::extract(black_box(html), None) {
                    n += a.blocks.len();
                }
            }
            assert!(n > 0);
            n
        })
    });
    // Decoded once, outside the clock (a fixture is in windows-1256).
    let decoded: Vec<String> = pages
        .iter()
        .map(|(_, html)| khulasa_extract::decode(html, None).expect("the page decodes"))
        .collect();
    g.bench_function("baseline_parse_only", |b| {
        b.iter(|| {
            for html in &decoded {
                black_box(scraper::Html::parse_document(html));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
