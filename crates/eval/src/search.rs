//! Search quality: articles stored without their titles, then looked for
//! with words of their own headline and of the journalist's summary.
//!
//! Three query sets per item (each item's words split at white space, as
//! `scripts/eval_search_bm25.py` splits them, so the baseline asks the same
//! queries): the first 3 and the first 8 headline words, the first 8 words
//! of the summary. Each query is run through [`Store::find`] (one page of
//! ten, by relevance); the item's own article is the one right answer.
//! Reported: MRR@10 (mean of 1/rank, 0 past ten), hit@10, the latency of
//! the searches (median, p99), and the index size per 1,000 articles.

use crate::EvalError;
use crate::data::{self, Item};
use khulasa_core::Article;
use khulasa_store::{
    ArticleId, IngestOutcome, Ingested, Page, SearchQuery, SqliteStore, Store, StoreError,
};
use khulasa_text::{Analyzer, ArabicStemmer};
use serde::Serialize;
use std::path::PathBuf;
use std::time::Instant;

/// Settings of one run.
#[derive(Debug, Clone)]
pub struct Args {
    /// JSON Lines with `id`, `text`, `title`, `summary` (ANT).
    pub data: PathBuf,
    /// Use at most this many items (in file order).
    pub limit: Option<usize>,
    /// The Arabic stemmer of the search analyzer, to compare stemmers.
    pub stemmer: ArabicStemmer,
    /// Print one JSON object instead of a table.
    pub json: bool,
}

/// One query set's figures.
#[derive(Debug, Clone, Serialize)]
pub struct SetReport {
    /// `title3`, `title8`, `summary8`.
    pub name: &'static str,
    /// Queries asked.
    pub queries: usize,
    /// Mean reciprocal rank of the right article within the first ten.
    pub mrr10: f64,
    /// Share of queries with the right article in the first ten.
    pub hit10: f64,
    /// Queries refused (no word left to look for): counted as misses.
    pub refused: usize,
}

/// What a run measured.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Items used.
    pub items: usize,
    /// Distinct articles stored (items with the same text are one article).
    pub articles: u64,
    /// The three query sets.
    pub sets: Vec<SetReport>,
    /// Median search latency, milliseconds.
    pub p50_ms: f64,
    /// 99th-percentile search latency, milliseconds.
    pub p99_ms: f64,
    /// Search index bytes per 1,000 articles.
    pub index_bytes_per_1000: f64,
    /// Seconds to store (and index) the articles.
    pub store_seconds: f64,
}

/// The first `n` white-space-separated words of `s`.
pub fn first_words(s: &str, n: usize) -> String {
    s.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

/// Stores the items' texts (no titles) in a fresh store and runs the three
/// query sets; prints the figures as a table or JSON.
pub fn run(args: &Args) -> Result<Report, EvalError> {
    let items: Vec<Item> = data::load(&args.data)?
        .into_iter()
        .take(args.limit.unwrap_or(usize::MAX))
        .collect();
    if items.is_empty() {
        return Err(EvalError::Invalid(format!(
            "no items in {}",
            args.data.display()
        )));
    }
    let store_err = |e: StoreError| EvalError::Invalid(format!("store: {e}"));
    let dir = tempfile::tempdir().map_err(|source| EvalError::Read {
        path: std::env::temp_dir(),
        source,
    })?;
    let analyzer = Analyzer::search().with_arabic_stemmer(args.stemmer);
    let store =
        SqliteStore::open_with_analyzer(dir.path().join("eval.db"), analyzer).map_err(store_err)?;
    let articles: Vec<Article> = items
        .iter()
        .map(|i| Article {
            text: i.text.clone(),
            lang: khulasa_core::LangTag::parse("ar"),
            ..Article::default()
        })
        .collect();
    let t0 = Instant::now();
    let keys: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
    for (chunk, keys) in articles.chunks(500).zip(keys.chunks(500)) {
        let batch: Vec<Ingested<'_>> = chunk
            .iter()
            .zip(keys)
            .map(|(a, k)| Ingested {
                key: k,
                params: "eval",
                outcome: IngestOutcome::Article {
                    article: a,
                    summary: None,
                },
            })
            .collect();
        store.put_ingested(&batch).map_err(store_err)?;
    }
    let store_seconds = t0.elapsed().as_secs_f64();
    let stored = store.stats().map_err(store_err)?.articles;
    let index = store.index_bytes().map_err(store_err)?;

    type Pick = fn(&Item) -> Option<String>;
    let sets: [(&'static str, Pick); 3] = [
        ("title3", |i| i.title.as_deref().map(|t| first_words(t, 3))),
        ("title8", |i| i.title.as_deref().map(|t| first_words(t, 8))),
        ("summary8", |i| {
            i.summary.as_deref().map(|t| first_words(t, 8))
        }),
    ];
    let mut times = Vec::new();
    let mut reports = Vec::new();
    for (name, pick) in sets {
        let (mut n, mut rr, mut hits, mut refused) = (0usize, 0f64, 0usize, 0usize);
        for (item, article) in items.iter().zip(&articles) {
            let Some(q) = pick(item).filter(|q| !q.is_empty()) else {
                continue;
            };
            n += 1;
            let want = ArticleId::of(article);
            let t = Instant::now();
            let found = store.find(&SearchQuery::new(q), Page::new(1, 10));
            times.push(t.elapsed().as_secs_f64() * 1e3);
            match found {
                Ok(r) => {
                    if let Some(k) = r.items.iter().position(|h| h.meta.id == want) {
                        rr += 1.0 / (k + 1) as f64;
                        hits += 1;
                    }
                }
                Err(StoreError::InvalidQuery(_)) => refused += 1,
                Err(e) => return Err(store_err(e)),
            }
        }
        let d = n.max(1) as f64;
        reports.push(SetReport {
            name,
            queries: n,
            mrr10: rr / d,
            hit10: hits as f64 / d,
            refused,
        });
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| {
        times
            .get(((times.len() as f64 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    let report = Report {
        items: items.len(),
        articles: stored,
        sets: reports,
        p50_ms: pct(0.5),
        p99_ms: pct(0.99),
        index_bytes_per_1000: index as f64 * 1000.0 / stored.max(1) as f64,
        store_seconds,
    };
    if args.json {
        println!(
            "{}",
            serde_json::to_string(&report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
        );
    } else {
        println!(
            "data {}: {} items, {} articles stored without titles in {:.1} s; stemmer {:?}",
            args.data.display(),
            report.items,
            report.articles,
            report.store_seconds,
            args.stemmer
        );
        println!(
            "{:<10} {:>8} {:>8} {:>8} {:>8}",
            "queries", "n", "MRR@10", "hit@10", "refused"
        );
        for s in &report.sets {
            println!(
                "{:<10} {:>8} {:>8.4} {:>8.4} {:>8}",
                s.name, s.queries, s.mrr10, s.hit10, s.refused
            );
        }
        println!(
            "search latency: median {:.2} ms, p99 {:.2} ms; index {:.0} KiB per 1,000 articles",
            report.p50_ms,
            report.p99_ms,
            report.index_bytes_per_1000 / 1024.0
        );
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_words_split_at_white_space() {
        assert_eq!(first_words("  أ ب\tج\nد ", 3), "أ ب ج");
        assert_eq!(first_words("أ", 8), "أ");
    }

    /// A run on items of our own: every headline finds its article.
    #[test]
    fn a_small_run_finds_each_article_by_its_headline() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.jsonl");
        let rows = [
            (
                "1",
                "انتخابات بلدية في تونس",
                "بدأ الناخبون في تونس التصويت في الانتخابات البلدية.",
                "تصويت في تونس",
            ),
            (
                "2",
                "ارتفاع أسعار النفط",
                "ارتفعت أسعار النفط في الأسواق العالمية أمس.",
                "النفط يرتفع",
            ),
            (
                "3",
                "مهرجان للموسيقى",
                "تستضيف المدينة مهرجانا للموسيقى هذا الصيف.",
                "موسيقى الصيف",
            ),
        ];
        let lines: Vec<String> = rows
            .iter()
            .map(|(id, t, x, s)| {
                serde_json::json!({"id": id, "title": t, "text": x, "summary": s}).to_string()
            })
            .collect();
        std::fs::write(&path, lines.join("\n")).unwrap();
        let r = run(&Args {
            data: path,
            limit: None,
            stemmer: ArabicStemmer::Search,
            json: true,
        })
        .unwrap();
        assert_eq!(r.articles, 3);
        let title8 = r.sets.iter().find(|s| s.name == "title8").unwrap();
        assert_eq!((title8.queries, title8.hit10, title8.mrr10), (3, 1.0, 1.0));
        assert!(r.index_bytes_per_1000 > 0.0);
    }

    #[test]
    fn a_missing_file_is_an_error() {
        let e = run(&Args {
            data: "/nonexistent/x.jsonl".into(),
            limit: None,
            stemmer: ArabicStemmer::Search,
            json: true,
        });
        assert!(e.is_err());
    }
}
