//! Speed of extraction: median time per page, beside a baseline.
//!
//! Pages: the AEB dev pages when `KHULASA_DATA` (or `../../shared/data`) has
//! them, else the crate's own Arabic fixtures. The baseline measured in the
//! same run is parsing alone (html5ever via `scraper`), the floor any
//! DOM-based extractor pays. Each iteration checks it produced text, so the
//! bench cannot silently time nothing.
//!
//! Run: `cargo bench -p khulasa-extract`.

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
        eprintln!("bench: {} not found; timing the Arabic fixtures instead", aeb.display());
        let fx = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut paths: Vec<_> = std::fs::read_dir(&fx).expect("fixtures").flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths.into_iter().filter(|p| p.extension().is_some_and(|e| e == "html")) {
            out.push((p.display().to_string(), std::fs::read(&p).expect("read")));
        }
    }
    out
}

fn median_ms(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn bench(c: &mut Criterion) {
    let pages = pages();
    assert!(!pages.is_empty(), "no pages to time");

    // Per-page medians over a few rounds: the figure the issue asks for.
    let rounds = 5;
    let mut ext = Vec::new();
    let mut parse = Vec::new();
    for (_, html) in &pages {
        let mut te = Vec::new();
        let mut tp = Vec::new();
        for _ in 0..rounds {
            let t = std::time::Instant::now();
            let a = khulasa_extract::extract(black_box(html), None);
            te.push(t.elapsed().as_secs_f64() * 1e3);
            assert!(a.as_ref().map_or(true, |a| !a.text.is_empty()));
            let s = std::str::from_utf8(html).unwrap();
            let t = std::time::Instant::now();
            black_box(scraper::Html::parse_document(black_box(s)));
            tp.push(t.elapsed().as_secs_f64() * 1e3);
        }
        ext.push(median_ms(te));
        parse.push(median_ms(tp));
    }
    let bytes: usize = pages.iter().map(|p| p.1.len()).sum();
    eprintln!(
        "bench: {} pages ({:.1} MB): extract median {:.2} ms/page (p90 {:.2}); baseline parse-only median {:.2} ms/page",
        pages.len(),
        bytes as f64 / 1e6,
        median_ms(ext.clone()),
        { let mut e = ext.clone(); e.sort_by(f64::total_cmp); e[e.len() * 9 / 10] },
        median_ms(parse),
    );

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
    g.bench_function("baseline_parse_only", |b| {
        b.iter(|| {
            for (_, html) in &pages {
                black_box(scraper::Html::parse_document(std::str::from_utf8(html).unwrap()));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
