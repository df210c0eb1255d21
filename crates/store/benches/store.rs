//! The store's hot paths on a file of 2,000 articles, each beside a baseline
//! measured in the same run:
//!
//! - summary lookup by (article, length, engine) — what a cached
//!   `GET /v1/articles/{id}/summary` costs — beside a bare primary-key read
//!   of one row on the same file (the floor for any lookup);
//! - normalised FTS5 search for a name found in 1% of the articles, beside a
//!   `LIKE '%word%'` scan of the raw text (what one would do without the
//!   index; it also misses spelling variants);
//! - a search for a word in every article (2,000 matches, all ranked),
//!   beside counting the same matches (one pass over the word's postings,
//!   the floor for any search that reports a total);
//! - a listing page deep in the file (page 99 of 20: offset 1,960), beside
//!   the first page;
//! - storing an article with its summary (one durable transaction).
//!
//! - at scale (100,000 articles; `KHULASA_BENCH_ARTICLES=N` for another
//!   size): the latency distribution (median, p99) of 1,000 queries made of
//!   3 or 8 consecutive words of a stored article, as a reader types them,
//!   beside the same for a word found in every article (the worst case:
//!   every article ranked); and the index size per 1,000 articles.
//!
//! `cargo bench -p khulasa-store`

#![allow(missing_docs)] // criterion's macros generate undocumented items

use criterion::{Criterion, criterion_group, criterion_main};
use khulasa_core::{Article, KeyPoint, Length, SourceRef, Span, Summary};
use khulasa_store::{ArticleId, Page, SqliteStore, Store, SummaryKey};
use std::hint::black_box;

const LETTERS: &[char] = &[
    'ا', 'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ر', 'ز', 'س', 'ش', 'ص', 'ط', 'ع', 'ف', 'ق', 'ك', 'ل',
    'م', 'ن', 'ه', 'و', 'ي',
];

/// An article body of 8 sentences of made-up words (a vocabulary of ~14,000
/// three- and four-letter words); one article in 100 mentions the United
/// Nations, so a search for it matches 1% of the file, as a real name does.
fn text(n: usize) -> String {
    let mut s = String::new();
    let mut x = n as u64 * 2_654_435_761 + 1;
    for sentence in 0..8 {
        for _ in 0..14 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            s.push_str("ال");
            for k in 0..(3 + (x >> 40) % 2) {
                s.push(LETTERS[((x >> (k * 5)) % LETTERS.len() as u64) as usize]);
            }
            s.push(' ');
        }
        if sentence == 3 && n.is_multiple_of(100) {
            s.push_str("في مقر الأمم المتحدة ");
        }
        s.push_str(&format!("رقم {n}-{sentence}. "));
    }
    s
}

fn summary() -> Summary {
    Summary {
        key_points: vec![KeyPoint {
            text: "أعلنت الحكومة مشروعاً جديداً للطاقة الشمسية.".into(),
            sources: vec![SourceRef {
                sentence: 0,
                span: Span::new(0, 40),
            }],
            origin: Default::default(),
        }],
        method: "bench/1".into(),
        params: Length::Bullets(3),
        refused: Vec::new(),
    }
}

fn article(n: usize) -> Article {
    Article {
        title: Some(format!("خبر رقم {n}")),
        text: text(n),
        ..Article::default()
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let store = SqliteStore::open(&path).unwrap();
    let mut ids: Vec<ArticleId> = Vec::new();
    for n in 0..2_000 {
        let put = store
            .put_article_with_summary(
                &article(n),
                khulasa_store::UrlRole::Identifies,
                Length::Bullets(3),
                "1",
                &summary(),
            )
            .unwrap();
        ids.push(put.id);
    }
    let raw = rusqlite::Connection::open(&path).unwrap();

    let mut g = c.benchmark_group("lookup");
    let mut i = 0;
    g.bench_function("summary by (article, length, engine)", |b| {
        b.iter(|| {
            i = (i + 1) % ids.len();
            let key = SummaryKey {
                article: ids[i].clone(),
                length: Length::Bullets(3),
                engine: "1".into(),
            };
            let s = store.summary(&key).unwrap();
            assert!(s.is_some());
            black_box(s)
        })
    });
    let mut j = 0;
    g.bench_function("baseline: primary-key read of one row", |b| {
        let mut st = raw
            .prepare("SELECT title FROM articles WHERE rowid = ?1")
            .unwrap();
        b.iter(|| {
            j = j % 2_000 + 1;
            let t: Option<String> = st.query_row([j], |r| r.get(0)).unwrap();
            black_box(t)
        })
    });
    g.finish();

    let mut g = c.benchmark_group("search");
    g.bench_function(
        "FTS5 over the analysed index: \"الامم المتحده\"",
        |b| {
            b.iter(|| {
                // The phrase, as the LIKE baseline asks for both words (any
                // word alone may match a plain query).
                let hits = store.search("\"الامم المتحده\"", Page::new(1, 20)).unwrap();
                assert_eq!(hits.total, 20);
                black_box(hits)
            })
        },
    );
    g.bench_function(
        "baseline: LIKE scan of the raw text: الأمم المتحدة",
        |b| {
            let mut st = raw
                .prepare(
                    "SELECT id FROM articles WHERE doc LIKE '%الأمم%' AND doc LIKE '%المتحدة%' \
                 ORDER BY rowid DESC LIMIT 20",
                )
                .unwrap();
            b.iter(|| {
                let ids: Vec<String> = st
                    .query_map([], |r| r.get(0))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect();
                assert_eq!(ids.len(), 20);
                black_box(ids)
            })
        },
    );
    g.finish();

    let mut g = c.benchmark_group("search, every article matches");
    g.bench_function("ranked over every match (2,000): رقم", |b| {
        b.iter(|| {
            let hits = store.search("رقم", Page::new(1, 20)).unwrap();
            assert_eq!((hits.total, hits.items.len()), (2_000, 20));
            black_box(hits)
        })
    });
    g.bench_function("baseline: count of the same matches", |b| {
        let mut st = raw
            .prepare("SELECT count(*) FROM article_fts WHERE article_fts MATCH '\"رقم\"'")
            .unwrap();
        b.iter(|| {
            let n: i64 = st.query_row([], |r| r.get(0)).unwrap();
            assert_eq!(n, 2_000);
            black_box(n)
        })
    });
    g.finish();

    let mut g = c.benchmark_group("listing");
    g.bench_function("page 99 of 20 (offset 1,960)", |b| {
        b.iter(|| {
            let page = store.latest(Page::new(99, 20)).unwrap();
            assert_eq!(page.items.len(), 20);
            black_box(page)
        })
    });
    g.bench_function("baseline: page 1", |b| {
        b.iter(|| black_box(store.latest(Page::new(1, 20)).unwrap()))
    });
    g.finish();

    let mut g = c.benchmark_group("write");
    g.sample_size(20);
    let mut n = 1_000_000;
    g.bench_function("article + summary, one durable transaction", |b| {
        b.iter(|| {
            n += 1;
            black_box(
                store
                    .put_article_with_summary(
                        &article(n),
                        khulasa_store::UrlRole::Identifies,
                        Length::Bullets(3),
                        "1",
                        &summary(),
                    )
                    .unwrap(),
            )
        })
    });
    g.finish();
}

/// Search latency at scale, as a distribution (criterion reports means).
fn scale(c: &mut Criterion) {
    use khulasa_store::{IngestOutcome, Ingested, SearchQuery, SearchTuning};
    use std::time::Instant;
    let n: usize = std::env::var("KHULASA_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("scale.db")).unwrap();
    let t = Instant::now();
    let keys: Vec<String> = (0..1000).map(|k| format!("k{k}")).collect();
    for chunk in 0..n.div_ceil(1000) {
        let arts: Vec<Article> = (chunk * 1000..((chunk + 1) * 1000).min(n))
            .map(article)
            .collect();
        let items: Vec<Ingested<'_>> = arts
            .iter()
            .zip(&keys)
            .map(|(a, k)| Ingested {
                key: k,
                params: "bench",
                outcome: IngestOutcome::Article {
                    article: a,
                    summary: None,
                },
            })
            .collect();
        store.put_ingested(&items).unwrap();
    }
    let stored = store.stats().unwrap().articles;
    assert_eq!(stored, n as u64);
    eprintln!(
        "scale: {n} articles stored and indexed in {:.1} s; index {:.0} KiB per 1,000 articles",
        t.elapsed().as_secs_f64(),
        store.index_bytes().unwrap() as f64 / n as f64 * 1000.0 / 1024.0
    );
    // Queries: 3 or 8 consecutive words from the middle of an article.
    let queries: Vec<String> = (0..1000)
        .map(|i| {
            let a = article((i * 7919) % n);
            let words: Vec<&str> = a.text.split_whitespace().collect();
            let len = if i % 2 == 0 { 3 } else { 8 };
            let start = (i * 13) % (words.len() - len);
            words[start..start + len].join(" ")
        })
        .collect();
    let latencies = |store: &SqliteStore, qs: &[String]| {
        let mut ms: Vec<f64> = qs
            .iter()
            .map(|q| {
                let t = Instant::now();
                let r = store
                    .find(&SearchQuery::new(q.as_str()), Page::new(1, 10))
                    .unwrap();
                assert!(!r.items.is_empty(), "{q}");
                black_box(r);
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        ms.sort_by(f64::total_cmp);
        let p = |x: f64| ms[((ms.len() - 1) as f64 * x).round() as usize];
        (p(0.5), p(0.99), ms[ms.len() - 1])
    };
    let (m, p99, max) = latencies(&store, &queries);
    eprintln!(
        "scale: 1,000 queries of 3 or 8 words of an article: median {m:.2} ms, p99 {p99:.2} ms, max {max:.2} ms"
    );
    // Baseline, same file and queries: the words alone, no proximity.
    let words_only = SqliteStore::open(dir.path().join("scale.db"))
        .unwrap()
        .with_search_tuning(SearchTuning {
            proximity: false,
            ..SearchTuning::default()
        });
    let (m, p99, max) = latencies(&words_only, &queries);
    eprintln!(
        "scale: baseline, the same queries without proximity: median {m:.2} ms, p99 {p99:.2} ms, max {max:.2} ms"
    );
    let every: Vec<String> = (0..50).map(|_| "رقم".to_string()).collect();
    let (m, p99, max) = latencies(&store, &every);
    eprintln!(
        "scale: worst case, one word found in every article (newest {} ranked first): median {m:.2} ms, p99 {p99:.2} ms, max {max:.2} ms",
        SearchTuning::default().recent_window
    );
    // Baseline, same file: every match ranked for the first page.
    let all_ranked = SqliteStore::open(dir.path().join("scale.db"))
        .unwrap()
        .with_search_tuning(SearchTuning {
            recent_window: u64::MAX,
            ..SearchTuning::default()
        });
    let (m, p99, max) = latencies(&all_ranked, &every);
    eprintln!(
        "scale: baseline, the same word with all {n} matches ranked: median {m:.2} ms, p99 {p99:.2} ms, max {max:.2} ms"
    );
    let mut g = c.benchmark_group("search at scale");
    g.sample_size(20);
    let mut i = 0;
    g.bench_function(format!("3 or 8 words of an article, {n} articles"), |b| {
        b.iter(|| {
            i = (i + 1) % queries.len();
            black_box(
                store
                    .find(&SearchQuery::new(queries[i].as_str()), Page::new(1, 10))
                    .unwrap(),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench, scale);
criterion_main!(benches);
