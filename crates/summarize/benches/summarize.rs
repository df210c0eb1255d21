//! Summarisation speed on ~400-word Arabic articles, segmentation included,
//! with the lead baseline (segment, take the first sentences) timed beside it.
//!
//! Articles are built from sentences written for this bench (no corpus text),
//! varied so that no two articles are the same. With the shared data present
//! (`KHULASA_DATA` or `../shared/data`), EASC dev articles of 300–500 words
//! are timed as well.

// criterion_group! generates an undocumented function.
#![allow(missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khulasa_core::Length;
use khulasa_eval::data;
use khulasa_summarize::Summarizer;
use std::hint::black_box;

#[path = "support/articles.rs"]
mod articles;
use articles::article;

fn bench(c: &mut Criterion) {
    let arts: Vec<String> = (0..16).map(article).collect();
    let s = Summarizer::default();
    // Check what is timed: three points each.
    for a in &arts {
        assert_eq!(
            s.summarize(a, None, Length::Bullets(3))
                .unwrap()
                .key_points
                .len(),
            3
        );
    }
    let mut g = c.benchmark_group("400-word article");
    g.throughput(Throughput::Elements(1));
    let mut k = 0;
    g.bench_function("khulasa summarize (bullets 3, compress)", |b| {
        b.iter(|| {
            k = (k + 1) % arts.len();
            black_box(
                s.summarize(black_box(&arts[k]), None, Length::Bullets(3))
                    .unwrap(),
            )
        })
    });
    let lead = Summarizer::new(khulasa_summarize::Options {
        compress: false,
        weights: khulasa_summarize::Weights::lead_only(),
        ..Default::default()
    });
    g.bench_function("lead-3 baseline (segment + first 3)", |b| {
        b.iter(|| {
            k = (k + 1) % arts.len();
            black_box(khulasa_summarize::lead(
                black_box(&arts[k]),
                Length::Bullets(3),
            ))
        })
    });
    g.bench_function("khulasa engine with lead-only weights", |b| {
        b.iter(|| {
            k = (k + 1) % arts.len();
            black_box(
                lead.summarize(black_box(&arts[k]), None, Length::Bullets(3))
                    .unwrap(),
            )
        })
    });
    g.finish();

    if let Some(dir) = data::data_dir() {
        let items = data::load(&dir.join("summarization/easc.dev.jsonl")).unwrap_or_default();
        let texts: Vec<&str> = items
            .iter()
            .map(|i| i.text.as_str())
            .filter(|t| (300..=500).contains(&t.split_whitespace().count()))
            .collect();
        if !texts.is_empty() {
            let mut g =
                c.benchmark_group(format!("EASC dev 300-500 words ({} articles)", texts.len()));
            g.throughput(Throughput::Elements(1));
            let mut k = 0;
            g.bench_function("khulasa summarize (ratio 0.33)", |b| {
                b.iter(|| {
                    k = (k + 1) % texts.len();
                    black_box(s.summarize(texts[k], None, Length::Ratio(0.33)).unwrap())
                })
            });
            g.bench_function("lead by ratio 0.33", |b| {
                b.iter(|| {
                    k = (k + 1) % texts.len();
                    black_box(khulasa_summarize::lead(texts[k], Length::Ratio(0.33)))
                })
            });
            g.finish();
        }
    } else {
        eprintln!("bench: shared data not found (set KHULASA_DATA); EASC timing skipped");
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
