//! Extraction quality on public test sets (`khulasa eval extract --data DIR`).
//!
//! What `DIR` holds decides what is measured (a folder holding several of
//! these, such as `../shared/data/extraction`, runs each):
//! - `ground-truth.json` + `html/` (article-extraction-benchmark): body F1,
//!   precision and recall with the benchmark's metric, pages per second, and
//!   the same figures for the naive baseline "all visible text", same run;
//! - `evaldata.json` (trafilatura's evaluation set): title / date / author
//!   accuracy, and the share of must-have / must-not-have snippets right;
//! - `*/expected-metadata.json` (Readability's fixtures): title / author /
//!   date accuracy against Readability.js.

pub mod metric;

use crate::EvalError;
use metric::{authors_match, fold, precision_recall, visible_text};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Instant;

type Result<T> = std::result::Result<T, EvalError>;

/// What to run: the settings of `khulasa eval extract`.
#[derive(Debug, Clone)]
pub struct Args {
    /// A test-set folder (AEB, trafilatura-eval, readability-test-pages) or a folder of them.
    pub data: PathBuf,
    /// List the N worst pages (by F1, or metadata misses) after the figures.
    pub worst: usize,
    /// Print the figures as one JSON object instead of text.
    pub json: bool,
}

/// Runs every test set found under `args.data`, printing figures as it
/// goes (or one JSON object at the end with `args.json`).
pub fn run(args: &Args) -> Result<Value> {
    let mut sets = Vec::new();
    find_sets(&args.data, &mut sets);
    if sets.is_empty() {
        return Err(EvalError::Invalid(format!(
            "{} holds no known test set (ground-truth.json, evaldata.json or */expected-metadata.json)",
            args.data.display()
        )));
    }
    let mut report = serde_json::Map::new();
    for (kind, dir) in sets {
        let r = match kind {
            Kind::Aeb => aeb(&dir, args)?,
            Kind::Trafilatura => trafilatura(&dir, args)?,
            Kind::Readability => readability(&dir, args)?,
        };
        report.insert(kind.name().into(), r);
    }
    let report = Value::Object(report);
    if args.json {
        println!("{report:#}");
    }
    Ok(report)
}

#[derive(Clone, Copy)]
enum Kind {
    Aeb,
    Trafilatura,
    Readability,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Aeb => "aeb",
            Kind::Trafilatura => "trafilatura_eval",
            Kind::Readability => "readability_test_pages",
        }
    }
}

fn find_sets(dir: &Path, out: &mut Vec<(Kind, PathBuf)>) {
    if dir.join("ground-truth.json").is_file() {
        out.push((Kind::Aeb, dir.to_path_buf()));
    } else if dir.join("evaldata.json").is_file() {
        out.push((Kind::Trafilatura, dir.to_path_buf()));
    } else if std::fs::read_dir(dir).ok().is_some_and(|rd| {
        rd.flatten()
            .any(|e| e.path().join("expected-metadata.json").is_file())
    }) {
        out.push((Kind::Readability, dir.to_path_buf()));
    } else if let Ok(rd) = std::fs::read_dir(dir) {
        let mut subs: Vec<PathBuf> = rd
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        subs.sort();
        for s in subs {
            if s.join("ground-truth.json").is_file() || s.join("evaldata.json").is_file() {
                find_sets(&s, out);
            } else if std::fs::read_dir(&s).ok().is_some_and(|rd| {
                rd.flatten()
                    .any(|e| e.path().join("expected-metadata.json").is_file())
            }) {
                out.push((Kind::Readability, s));
            }
        }
    }
}

fn read_json(p: &Path) -> Result<Value> {
    let s = std::fs::read_to_string(p).map_err(|source| EvalError::Read {
        path: p.to_path_buf(),
        source,
    })?;
    serde_json::from_str(&s).map_err(|source| EvalError::Json {
        path: p.to_path_buf(),
        source,
    })
}

fn read(p: &Path) -> Result<Vec<u8>> {
    std::fs::read(p).map_err(|source| EvalError::Read {
        path: p.to_path_buf(),
        source,
    })
}

fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

const PROFILE: &str = if cfg!(debug_assertions) {
    "debug build"
} else {
    "release build"
};

fn aeb(dir: &Path, args: &Args) -> Result<Value> {
    let gt = read_json(&dir.join("ground-truth.json"))?;
    let gt = gt
        .as_object()
        .ok_or_else(|| EvalError::Invalid("ground-truth.json is not an object".into()))?;
    let mut ids: Vec<&String> = gt.keys().collect();
    ids.sort();
    let (mut ps, mut rs, mut bps, mut brs, mut times) = (vec![], vec![], vec![], vec![], vec![]);
    let mut per_page = Vec::new();
    let mut failures = 0;
    let started = Instant::now();
    let mut extract_total = 0.0;
    for id in ids {
        let item = &gt[id.as_str()];
        let gold = item["articleBody"].as_str().unwrap_or("");
        let url = item["url"].as_str();
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(_) => continue,
        };
        let t = Instant::now();
        let result = khulasa_extract::extract(&bytes, url);
        let dt = t.elapsed().as_secs_f64();
        extract_total += dt;
        times.push(dt * 1e3);
        let text = match &result {
            Ok(a) => a.text.clone(),
            Err(_) => {
                failures += 1;
                String::new()
            }
        };
        let (p, r) = precision_recall(gold, &text);
        ps.push(p);
        rs.push(r);
        let page = khulasa_extract::decode(&bytes, None).unwrap_or_default();
        let (bp, br) = precision_recall(gold, &visible_text(&page));
        bps.push(bp);
        brs.push(br);
        per_page.push((f1(p, r), p, r, id.clone(), url.unwrap_or("").to_string()));
    }
    let _ = started;
    let n = ps.len();
    if n == 0 {
        return Err(EvalError::Invalid(format!(
            "no pages found under {}",
            dir.join("html").display()
        )));
    }
    let (p, r) = (mean(&ps), mean(&rs));
    let (bp, br) = (mean(&bps), mean(&brs));
    let pps = n as f64 / extract_total;
    let med = median(times);
    if !args.json {
        println!(
            "AEB article extraction: {} ({n} pages, {PROFILE})",
            dir.display()
        );
        println!(
            "  {:<30} {:>6} {:>9} {:>7}",
            "", "F1", "precision", "recall"
        );
        println!(
            "  {:<30} {:>6.3} {:>9.3} {:>7.3}",
            "khulasa-extract",
            f1(p, r),
            p,
            r
        );
        println!(
            "  {:<30} {:>6.3} {:>9.3} {:>7.3}",
            "baseline: all visible text",
            f1(bp, br),
            bp,
            br
        );
        println!(
            "  speed: {pps:.0} pages/s, median {med:.2} ms/page (decode + extract); {failures} pages gave an error"
        );
        print_worst(&mut per_page, args.worst);
    }
    Ok(json!({
        "pages": n, "f1": f1(p, r), "precision": p, "recall": r,
        "baseline_all_text": {"f1": f1(bp, br), "precision": bp, "recall": br},
        "pages_per_second": pps, "median_ms": med, "errors": failures, "profile": PROFILE,
    }))
}

fn print_worst(per_page: &mut [(f64, f64, f64, String, String)], k: usize) {
    if k == 0 {
        return;
    }
    per_page.sort_by(|a, b| a.0.total_cmp(&b.0));
    println!("  worst pages:");
    for (f, p, r, id, url) in per_page.iter().take(k) {
        println!("    F1 {f:.3} P {p:.3} R {r:.3}  {id}  {url}");
    }
}

/// Tallies of one metadata field: pages where the gold has a value, and hits.
#[derive(Default)]
struct Tally {
    gold: usize,
    hit: usize,
}

impl Tally {
    fn add(&mut self, gold: &str, ok: bool) {
        if !gold.trim().is_empty() {
            self.gold += 1;
            self.hit += ok as usize;
        }
    }
    fn acc(&self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            self.hit as f64 / self.gold as f64
        }
    }
    fn json(&self) -> Value {
        json!({"accuracy": self.acc(), "pages_with_gold": self.gold})
    }
}

fn date_ok(gold: &str, found: Option<&str>) -> bool {
    found.is_some_and(|f| f.get(..10) == gold.trim().get(..10))
}

fn trafilatura(dir: &Path, args: &Args) -> Result<Value> {
    let data = read_json(&dir.join("evaldata.json"))?;
    let data = data
        .as_object()
        .ok_or_else(|| EvalError::Invalid("evaldata.json is not an object".into()))?;
    let (mut title, mut date, mut author) = (Tally::default(), Tally::default(), Tally::default());
    let (mut with_ok, mut with_n, mut without_ok, mut without_n) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    let mut n = 0;
    let mut total = 0.0;
    for (url, item) in data {
        let Some(file) = item["file"].as_str() else {
            continue;
        };
        let path = ["eval", "cache"]
            .iter()
            .map(|d| dir.join(d).join(format!("{file}.gz")))
            .find(|p| p.is_file());
        let Some(path) = path else { continue };
        let bytes = read(&path)?;
        n += 1;
        let t = Instant::now();
        let a = khulasa_extract::extract(&bytes, Some(url)).ok();
        total += t.elapsed().as_secs_f64();
        // A gold value is a string, or a list of strings (several authors).
        let s = |k: &str| match &item[k] {
            Value::String(v) => v.clone(),
            Value::Array(v) => v
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("; "),
            _ => String::new(),
        };
        let (gt, gd, ga) = (s("title"), s("date"), s("author"));
        let ft = a.as_ref().and_then(|a| a.title.clone());
        let fd = a.as_ref().and_then(|a| a.published.clone());
        let fa = a.as_ref().map(|a| a.authors.clone()).unwrap_or_default();
        let t_ok = ft.as_deref().is_some_and(|t| fold(t) == fold(&gt));
        let d_ok = date_ok(&gd, fd.as_deref());
        let a_ok = authors_match(&ga, &fa);
        title.add(&gt, t_ok);
        date.add(&gd, d_ok);
        author.add(&ga, a_ok);
        if (!gt.is_empty() && !t_ok) || (!gd.is_empty() && !d_ok) || (!ga.is_empty() && !a_ok) {
            misses.push(format!(
                "{file}\n      title {:?} want {:?}\n      date {:?} want {:?}\n      author {:?} want {:?}",
                ft, gt, fd, gd, fa, ga
            ));
        }
        let text = a.as_ref().map(|a| a.text.as_str()).unwrap_or("");
        for w in item["with"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            with_n += 1;
            with_ok += text.contains(w) as usize;
        }
        for w in item["without"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            without_n += 1;
            without_ok += (!text.contains(w)) as usize;
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    if !args.json {
        println!(
            "trafilatura evaluation set: {} ({n} pages, {PROFILE})",
            dir.display()
        );
        println!(
            "  title accuracy  {:.3} ({} pages with a gold title)",
            title.acc(),
            title.gold
        );
        println!(
            "  date accuracy   {:.3} ({} pages with a gold date)",
            date.acc(),
            date.gold
        );
        println!(
            "  author accuracy {:.3} ({} pages with a gold author)",
            author.acc(),
            author.gold
        );
        println!(
            "  body snippets: {:.3} of must-have found, {:.3} of must-not-have absent",
            ratio(with_ok, with_n),
            ratio(without_ok, without_n)
        );
        println!("  speed: {:.0} pages/s", n as f64 / total.max(1e-9));
        for m in misses.iter().take(args.worst) {
            println!("    {m}");
        }
    }
    Ok(json!({
        "pages": n, "title": title.json(), "date": date.json(), "author": author.json(),
        "snippets_with": ratio(with_ok, with_n), "snippets_without": ratio(without_ok, without_n),
    }))
}

fn readability(dir: &Path, args: &Args) -> Result<Value> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| EvalError::Read {
            path: dir.to_path_buf(),
            source,
        })?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("source.html").is_file())
        .collect();
    cases.sort();
    let (mut title, mut date, mut author) = (Tally::default(), Tally::default(), Tally::default());
    let mut misses = Vec::new();
    for c in &cases {
        let meta = read_json(&c.join("expected-metadata.json"))?;
        let bytes = read(&c.join("source.html"))?;
        let a = khulasa_extract::extract(&bytes, None).ok();
        let s = |k: &str| meta[k].as_str().unwrap_or("").to_string();
        let (gt, gd, ga) = (s("title"), s("publishedTime"), s("byline"));
        let ft = a.as_ref().and_then(|a| a.title.clone());
        let fd = a.as_ref().and_then(|a| a.published.clone());
        let fa = a.as_ref().map(|a| a.authors.clone()).unwrap_or_default();
        let t_ok = ft.as_deref().is_some_and(|t| fold(t) == fold(&gt));
        let d_ok = date_ok(&gd, fd.as_deref());
        // Readability's byline is free text ("By Jane Doe, Reporter"): the
        // names found must all be in it.
        let a_ok = !fa.is_empty() && fa.iter().all(|n| fold(&ga).contains(&fold(n)));
        title.add(&gt, t_ok);
        date.add(&gd, d_ok);
        author.add(&ga, a_ok);
        if (!gt.is_empty() && !t_ok) || (!ga.is_empty() && !a_ok) {
            misses.push(format!(
                "{}: title {:?} want {:?}; authors {:?} want {:?}",
                c.display(),
                ft,
                gt,
                fa,
                ga
            ));
        }
    }
    if !args.json {
        println!(
            "Readability fixtures (against Readability.js output): {} ({} pages)",
            dir.display(),
            cases.len()
        );
        println!(
            "  title accuracy  {:.3} ({} pages)",
            title.acc(),
            title.gold
        );
        println!("  date accuracy   {:.3} ({} pages)", date.acc(), date.gold);
        println!(
            "  author accuracy {:.3} ({} pages)",
            author.acc(),
            author.gold
        );
        for m in misses.iter().take(args.worst) {
            println!("    {m}");
        }
    }
    Ok(
        json!({"pages": cases.len(), "title": title.json(), "date": date.json(), "author": author.json()}),
    )
}
