//! PostgreSQL beside SQLite, in the same run, on the same articles: the
//! latency distribution (median, p99) of
//!
//! - a summary lookup by (article, length, engine) — what a cached
//!   `GET /v1/articles/{id}/summary` costs the store;
//! - searches of 3 or 8 consecutive words of a stored article (1,000
//!   queries, as a reader types them), and a word found in every article
//!   (the worst case: every article ranked);
//!
//! and the time to store them all (batches of 1,000, one transaction each).
//! 100,000 articles by default (`KHULASA_BENCH_ARTICLES=N` for another
//! size); PostgreSQL at `KHULASA_TEST_PG` (default the local server), in a
//! schema of its own, dropped after. Skips PostgreSQL with a notice when no
//! server answers.
//!
//! `cargo bench -p khulasa-store --bench pg`

#![allow(missing_docs)]

use khulasa_core::{Article, KeyPoint, Length, SourceRef, Span, Summary};
use khulasa_store::pg::scratch::Scratch;
use khulasa_store::{
    ArticleId, IngestOutcome, Ingested, Page, PgStore, SearchQuery, SqliteStore, Store, SummaryKey,
};
use std::hint::black_box;
use std::time::Instant;

const LETTERS: &[char] = &[
    'ا', 'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ر', 'ز', 'س', 'ش', 'ص', 'ط', 'ع', 'ف', 'ق', 'ك', 'ل',
    'م', 'ن', 'ه', 'و', 'ي',
];

/// As in the store bench: 8 sentences of made-up words (a vocabulary of
/// ~14,000), "رقم" in every article.
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

fn article(n: usize) -> Article {
    Article {
        title: Some(format!("خبر رقم {n}")),
        text: text(n),
        ..Article::default()
    }
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

/// Median and p99 of `ms`, in milliseconds.
fn dist(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(f64::total_cmp);
    let p = |x: f64| ms[((ms.len() - 1) as f64 * x).round() as usize];
    (p(0.5), p(0.99))
}

fn fill(store: &dyn Store, n: usize) -> f64 {
    let t = Instant::now();
    let keys: Vec<String> = (0..n).map(|k| format!("k{k}")).collect();
    let sum = summary();
    for chunk in 0..n.div_ceil(1000) {
        let arts: Vec<Article> = (chunk * 1000..((chunk + 1) * 1000).min(n))
            .map(article)
            .collect();
        let items: Vec<Ingested<'_>> = arts
            .iter()
            .zip(&keys[chunk * 1000..])
            .map(|(a, k)| Ingested {
                key: k,
                params: "bench",
                outcome: IngestOutcome::Article {
                    article: a,
                    summary: Some((Length::Bullets(3), "1", &sum)),
                },
            })
            .collect();
        store.put_ingested(&items).unwrap();
    }
    assert_eq!(store.stats().unwrap().articles, n as u64);
    t.elapsed().as_secs_f64()
}

struct Row {
    what: String,
    sqlite: (f64, f64),
    pg: Option<(f64, f64)>,
}

fn measure(store: &dyn Store, n: usize, queries: &[String]) -> Vec<(f64, f64)> {
    let ids: Vec<ArticleId> = (0..2000)
        .map(|i| ArticleId::of(&article((i * 7919) % n)))
        .collect();
    let lookups: Vec<f64> = (0..10_000)
        .map(|i| {
            let key = SummaryKey {
                article: ids[i % ids.len()].clone(),
                length: Length::Bullets(3),
                engine: "1".into(),
            };
            let t = Instant::now();
            let s = store.summary(&key).unwrap();
            let ms = t.elapsed().as_secs_f64() * 1e3;
            assert!(s.is_some());
            black_box(s);
            ms
        })
        .collect();
    let search = |qs: &[String]| -> Vec<f64> {
        qs.iter()
            .map(|q| {
                let t = Instant::now();
                let r = store
                    .find(&SearchQuery::new(q.as_str()), Page::new(1, 10))
                    .unwrap();
                let ms = t.elapsed().as_secs_f64() * 1e3;
                assert!(!r.items.is_empty(), "{q}");
                black_box(r);
                ms
            })
            .collect()
    };
    let every: Vec<String> = (0..50).map(|_| "رقم".to_string()).collect();
    let phrase: Vec<String> = (0..200).map(|_| "\"الامم المتحده\"".to_string()).collect();
    vec![
        dist(lookups),
        dist(search(queries)),
        dist(search(&phrase)),
        dist(search(&every)),
    ]
}

fn main() {
    // `cargo test --benches` runs this without --bench: a small smoke run.
    let bench = std::env::args().any(|a| a == "--bench");
    let n: usize = std::env::var("KHULASA_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if bench { 100_000 } else { 500 });
    let queries: Vec<String> = (0..if bench { 1000 } else { 100 })
        .map(|i| {
            let a = article((i * 7919) % n);
            let words: Vec<&str> = a.text.split_whitespace().collect();
            let len = if i % 2 == 0 { 3 } else { 8 };
            let start = (i * 13) % (words.len() - len);
            words[start..start + len].join(" ")
        })
        .collect();

    let dir = tempfile::tempdir().unwrap();
    let sqlite = SqliteStore::open(dir.path().join("bench.db")).unwrap();
    let sqlite_fill = fill(&sqlite, n);
    let s = measure(&sqlite, n, &queries);
    drop(sqlite);

    let scratch = Scratch::create("the PostgreSQL bench");
    let (pg_fill, p) = match &scratch {
        Some(db) => {
            let pg = PgStore::open(&db.url()).unwrap();
            let f = fill(&pg, n);
            // Fresh statistics for the planner, as autovacuum would soon.
            let mut c = postgres::Client::connect(&db.url(), postgres::NoTls).unwrap();
            c.batch_execute("ANALYZE").unwrap();
            (Some(f), Some(measure(&pg, n, &queries)))
        }
        None => (None, None),
    };
    let whats = [
        "summary lookup (cached summary GET's store call)".to_string(),
        format!(
            "search: 3 or 8 words of an article ({} queries)",
            queries.len()
        ),
        "search: the phrase \"الامم المتحده\" (1% of articles)".to_string(),
        format!("search: a word in every article (all {n} ranked)"),
    ];
    let rows: Vec<Row> = whats
        .into_iter()
        .enumerate()
        .map(|(i, what)| Row {
            what,
            sqlite: s[i],
            pg: p.as_ref().map(|p| p[i]),
        })
        .collect();
    println!("{n} articles; median / p99 in ms; SQLite is the baseline, same run, same articles");
    println!(
        "{:<58} {:>18} {:>18}",
        "", "SQLite (FTS5)", "PostgreSQL (GIN)"
    );
    for r in &rows {
        let pg =
            r.pg.map_or("skipped".to_string(), |(m, p)| format!("{m:.2} / {p:.2}"));
        println!(
            "{:<58} {:>18} {:>18}",
            r.what,
            format!("{:.2} / {:.2}", r.sqlite.0, r.sqlite.1),
            pg
        );
    }
    if std::env::var("KHULASA_BENCH_KEEP").is_ok_and(|v| v == "1")
        && let Some(db) = scratch
    {
        // For a look at the plans: the schema stays.
        eprintln!("kept {}", db.url());
        std::mem::forget(db);
    }
    println!(
        "{:<58} {:>18} {:>18}",
        "storing them all (1,000 a transaction), seconds",
        format!("{sqlite_fill:.1}"),
        pg_fill.map_or("skipped".to_string(), |f| format!("{f:.1}"))
    );
}
