//! Throughput of the text core on Arabic news prose: normalise, segment,
//! tokenise (and all three together), in bytes per second. Beside it, the
//! baseline: UAX #29 sentence splitting from `unicode-segmentation`, the
//! generic splitter we would otherwise use.

// `criterion_main!` generates an undocumented `main`.
#![allow(missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khulasa_text::normalize::Normalizer;
use khulasa_text::{Analyzer, segment, tokenize};
use std::hint::black_box;
use unicode_segmentation::UnicodeSegmentation;

/// About 1 MiB of Arabic prose: the demo article, repeated.
fn corpus() -> String {
    let demo = include_str!("../../../demo/article-ar.txt");
    let mut s = String::with_capacity(1 << 20);
    while s.len() < 1 << 20 {
        s.push_str(demo);
        s.push_str("\n\n");
    }
    s
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let expected_sentences = segment(&text).len();
    assert!(
        expected_sentences > 1000,
        "the bench must segment real text"
    );
    let normalizer = Normalizer::ar_match();
    let analyzer = Analyzer::for_lang(khulasa_core::Lang::Ar);

    let mut g = c.benchmark_group("arabic_1MiB");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(20);
    g.bench_function("normalize", |b| {
        b.iter(|| black_box(normalizer.normalize(black_box(&text))))
    });
    g.bench_function("segment", |b| {
        b.iter(|| {
            let s = segment(black_box(&text));
            assert_eq!(s.len(), expected_sentences);
            s
        })
    });
    g.bench_function("tokenize", |b| {
        b.iter(|| black_box(tokenize(black_box(&text))))
    });
    g.bench_function("normalize+segment+tokenize", |b| {
        b.iter(|| {
            let n = normalizer.normalize(black_box(&text));
            let s = segment(&text);
            let t = tokenize(&text);
            black_box((n.len(), s.len(), t.len()))
        })
    });
    g.bench_function("analyzer_terms", |b| {
        b.iter(|| black_box(analyzer.terms(black_box(&text)).len()))
    });
    g.bench_function("baseline_uax29_sentences", |b| {
        b.iter(|| black_box(black_box(&text).unicode_sentences().count()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
