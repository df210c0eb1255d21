//! Extraction quality on public test sets (`khulasa eval extract --data DIR`).
//!
//! What `DIR` holds decides what is measured (a folder holding several of
//! these, such as `../shared/data/extraction`, runs each):
//! - `ground-truth.json` + `html/` (article-extraction-benchmark): body F1,
//!   precision and recall with the benchmark's own metric, pages per second,
//!   and the same figures for the naive baseline "all visible text";
//! - `evaldata.json` (trafilatura's evaluation set): title / date / author
//!   accuracy, and the share of must-have / must-not-have snippets right;
//! - `*/expected-metadata.json` (Readability's fixtures): title / author /
//!   date accuracy against Readability.js;
//! - `expected.json` + pages (khulasa-extract's own Arabic fixture pages,
//!   `crates/extract/tests/fixtures`): title, date, authors, caption, credit
//!   and body ends, each exact (a field the table leaves empty must be
//!   absent).
//!
//! With `--baseline FILE` another tool's output on the same pages
//! ([`Baseline`], written for example by `scripts/eval_extract_trafilatura.py`)
//! is scored by the same rules and printed beside khulasa's.

mod found;
pub mod metric;

pub use found::{Baseline, Found, Tally};

use crate::EvalError;
use found::{authors_ok, date_ok, title_ok};
use metric::{precision_recall, visible_text};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Instant;

type Result<T> = std::result::Result<T, EvalError>;

/// What to run: the settings of `khulasa eval extract`.
#[derive(Debug, Clone)]
pub struct Args {
    /// A test-set folder (AEB, trafilatura-eval, readability-test-pages, the
    /// Arabic fixtures) or a folder of them.
    pub data: PathBuf,
    /// List the N worst pages (by F1, or metadata misses) after the figures.
    pub worst: usize,
    /// Print the figures as one JSON object instead of text.
    pub json: bool,
    /// Another tool's output on the same pages, scored beside khulasa's.
    pub baseline: Option<PathBuf>,
    /// Or: run trafilatura now with this Python, and score it beside khulasa's.
    pub trafilatura: Option<PathBuf>,
}

/// Runs every test set found under `args.data`, printing figures as it
/// goes (or one JSON object at the end with `args.json`).
pub fn run(args: &Args) -> Result<Value> {
    let mut sets = Vec::new();
    find_sets(&args.data, &mut sets);
    if sets.is_empty() {
        return Err(EvalError::Invalid(format!(
            "{} holds no known test set (ground-truth.json, evaldata.json, */expected-metadata.json or expected.json)",
            args.data.display()
        )));
    }
    let baseline = match (&args.baseline, &args.trafilatura) {
        (Some(file), _) => Some(Baseline::read(file)?),
        (None, Some(python)) => Some(Baseline::trafilatura(python, &args.data)?),
        (None, None) => None,
    };
    let run = Run {
        args,
        baseline: baseline.as_ref(),
    };
    let mut report = serde_json::Map::new();
    for (kind, dir) in sets {
        let r = match kind {
            Kind::Aeb => aeb(&dir, &run)?,
            Kind::Trafilatura => trafilatura(&dir, &run)?,
            Kind::Readability => readability(&dir, &run)?,
            Kind::Fixtures => fixtures(&dir, &run)?,
        };
        report.insert(kind.name().into(), r);
    }
    let report = Value::Object(report);
    if args.json {
        println!("{report:#}");
    }
    Ok(report)
}

/// The settings and the baseline, read once.
struct Run<'a> {
    args: &'a Args,
    baseline: Option<&'a Baseline>,
}

impl Run<'_> {
    /// khulasa's output on a page (timed), then the baseline's when one is given.
    fn found(&self, set: Kind, page: &str, bytes: &[u8], url: Option<&str>) -> Vec<Found> {
        let t = Instant::now();
        let a = khulasa_extract::extract(bytes, url).ok();
        let ms = t.elapsed().as_secs_f64() * 1e3;
        let mut out = vec![Found::of_article(a.as_ref(), ms)];
        if let Some(b) = self.baseline {
            out.push(b.page(set.name(), page));
        }
        out
    }

    /// The row names: khulasa, then the baseline's tool.
    fn tools(&self) -> Vec<String> {
        let mut v = vec!["khulasa-extract".to_string()];
        if let Some(b) = self.baseline {
            v.push(b.tool.clone());
        }
        v
    }

    /// One empty tally per row ([`Run::tools`]).
    fn empty_scores(&self) -> Vec<Scores> {
        (0..1 + self.baseline.is_some() as usize)
            .map(|_| Scores::default())
            .collect()
    }

    /// Warns when the baseline file holds none of a set's pages: its
    /// column would be all zeros for a reason that is not the tool's.
    fn check_coverage(&self, set: Kind, pages: usize) {
        if let Some(b) = self.baseline {
            let have = b.pages_of(set.name());
            if have < pages && !self.args.json {
                println!(
                    "  note: the baseline file holds {have} of the {pages} pages of this set; a page it lacks counts as no article"
                );
            }
        }
    }
}

/// Everything a set tallies for one tool.
#[derive(Default)]
struct Scores {
    title: Tally,
    date: Tally,
    author: Tally,
    caption: Tally,
    credit: Tally,
    body_ends: Tally,
    snippets_with: Tally,
    snippets_without: Tally,
    precision: Vec<f64>,
    recall: Vec<f64>,
    ms: Vec<f64>,
    errors: usize,
}

impl Scores {
    fn add_time(&mut self, f: &Found) {
        if let Some(ms) = f.ms {
            self.ms.push(ms);
        }
        self.errors += f.failed as usize;
    }

    /// Scores title, date and author (`gold` and `ok` in that order) where
    /// the gold has a value; true when any of those was missed.
    fn add_metadata(&mut self, gold: [&str; 3], ok: [bool; 3]) -> bool {
        self.title.add(gold[0], ok[0]);
        self.date.add(gold[1], ok[1]);
        self.author.add(gold[2], ok[2]);
        gold.iter()
            .zip(ok)
            .any(|(g, ok)| !g.trim().is_empty() && !ok)
    }

    fn pages_per_second(&self) -> f64 {
        let total: f64 = self.ms.iter().sum();
        if total > 0.0 {
            self.ms.len() as f64 * 1e3 / total
        } else {
            0.0
        }
    }

    fn median_ms(&self) -> f64 {
        median(self.ms.clone())
    }
}

/// One row per tool: its name and `cells` of its scores.
fn rows(
    tools: &[String],
    scores: &[Scores],
    cells: impl Fn(&Scores) -> Vec<String>,
) -> Vec<(String, Vec<String>)> {
    tools
        .iter()
        .zip(scores)
        .map(|(t, sc)| (t.clone(), cells(sc)))
        .collect()
}

/// The counts of pages with a gold value, as a last row.
fn gold_row(sc: &Scores, tallies: &[fn(&Scores) -> Tally], blanks: usize) -> (String, Vec<String>) {
    let mut cells: Vec<String> = tallies.iter().map(|t| t(sc).pages.to_string()).collect();
    cells.extend(std::iter::repeat_n(String::new(), blanks));
    ("pages with gold".into(), cells)
}

/// Adds the baseline's figures (and its tool's name) under `"baseline"`.
fn add_baseline(out: &mut Value, run: &Run, scores: &[Scores], figures: impl Fn(&Scores) -> Value) {
    if let (Some(b), Some(sc)) = (run.baseline, scores.get(1)) {
        out["baseline"] = figures(sc);
        out["baseline"]["tool"] = json!(b.tool);
    }
}

/// Prints a table: a header row, then one row per tool.
fn print_table(columns: &[&str], rows: &[(String, Vec<String>)]) {
    let mut line = format!("  {:<28}", "");
    for c in columns {
        line.push_str(&format!(" {c:>9}"));
    }
    println!("{line}");
    for (name, cells) in rows {
        let mut line = format!("  {name:<28}");
        for c in cells {
            line.push_str(&format!(" {c:>9}"));
        }
        println!("{line}");
    }
}

fn three(x: f64) -> String {
    format!("{x:.3}")
}

#[derive(Clone, Copy)]
enum Kind {
    Aeb,
    Trafilatura,
    Readability,
    Fixtures,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Aeb => "aeb",
            Kind::Trafilatura => "trafilatura_eval",
            Kind::Readability => "readability_test_pages",
            Kind::Fixtures => "fixtures",
        }
    }

    /// The kind of set `dir` is, if it is one.
    fn of(dir: &Path) -> Option<Kind> {
        if dir.join("ground-truth.json").is_file() {
            Some(Kind::Aeb)
        } else if dir.join("evaldata.json").is_file() {
            Some(Kind::Trafilatura)
        } else if dir.join("expected.json").is_file() {
            Some(Kind::Fixtures)
        } else if std::fs::read_dir(dir).ok().is_some_and(|rd| {
            rd.flatten()
                .any(|e| e.path().join("expected-metadata.json").is_file())
        }) {
            Some(Kind::Readability)
        } else {
            None
        }
    }
}

/// The sets in `dir`: itself, or its sub-folders one level down.
fn find_sets(dir: &Path, out: &mut Vec<(Kind, PathBuf)>) {
    if let Some(k) = Kind::of(dir) {
        out.push((k, dir.to_path_buf()));
    } else if let Ok(rd) = std::fs::read_dir(dir) {
        let mut subs: Vec<PathBuf> = rd
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        subs.sort();
        for s in subs {
            if let Some(k) = Kind::of(&s) {
                out.push((k, s));
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

fn aeb(dir: &Path, run: &Run) -> Result<Value> {
    let gt = read_json(&dir.join("ground-truth.json"))?;
    let gt = gt
        .as_object()
        .ok_or_else(|| EvalError::Invalid("ground-truth.json is not an object".into()))?;
    let mut ids: Vec<&String> = gt.keys().collect();
    ids.sort();
    let tools = run.tools();
    let mut scores = run.empty_scores();
    let (mut bps, mut brs) = (vec![], vec![]);
    let mut per_page = Vec::new();
    for id in ids {
        let item = &gt[id.as_str()];
        let gold = item["articleBody"].as_str().unwrap_or("");
        let url = item["url"].as_str();
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        for (i, f) in run.found(Kind::Aeb, id, &bytes, url).iter().enumerate() {
            let (p, r) = precision_recall(gold, &f.text);
            let sc = &mut scores[i];
            sc.precision.push(p);
            sc.recall.push(r);
            sc.add_time(f);
            if i == 0 {
                per_page.push((f1(p, r), p, r, id.clone(), url.unwrap_or("").to_string()));
            }
        }
        let page = khulasa_extract::decode(&bytes, None).unwrap_or_default();
        let (bp, br) = precision_recall(gold, &visible_text(&page));
        bps.push(bp);
        brs.push(br);
    }
    let n = bps.len();
    if n == 0 {
        return Err(EvalError::Invalid(format!(
            "no pages found under {}",
            dir.join("html").display()
        )));
    }
    let (bp, br) = (mean(&bps), mean(&brs));
    let figures = |sc: &Scores| {
        let (p, r) = (mean(&sc.precision), mean(&sc.recall));
        json!({
            "f1": f1(p, r), "precision": p, "recall": r,
            "pages_per_second": sc.pages_per_second(), "median_ms": sc.median_ms(),
            "errors": sc.errors,
        })
    };
    if !run.args.json {
        println!(
            "AEB article extraction: {} ({n} pages, {PROFILE})",
            dir.display()
        );
        run.check_coverage(Kind::Aeb, n);
        let mut rows = rows(&tools, &scores, |sc| {
            let (p, r) = (mean(&sc.precision), mean(&sc.recall));
            vec![
                three(f1(p, r)),
                three(p),
                three(r),
                format!("{:.2}", sc.median_ms()),
                sc.errors.to_string(),
            ]
        });
        rows.push((
            "baseline: all visible text".into(),
            vec![
                three(f1(bp, br)),
                three(bp),
                three(br),
                "".into(),
                "".into(),
            ],
        ));
        print_table(&["F1", "precision", "recall", "median ms", "errors"], &rows);
        println!(
            "  speed (khulasa): {:.0} pages/s, median {:.2} ms/page (decode + extract)",
            scores[0].pages_per_second(),
            scores[0].median_ms()
        );
        print_worst(&mut per_page, run.args.worst);
    }
    let mut out = figures(&scores[0]);
    out["pages"] = json!(n);
    out["profile"] = json!(PROFILE);
    out["baseline_all_text"] = json!({"f1": f1(bp, br), "precision": bp, "recall": br});
    add_baseline(&mut out, run, &scores, figures);
    Ok(out)
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

/// The metadata figures of a set, as `--json` prints them for one tool.
fn metadata_json(sc: &Scores, fields: &[&str]) -> Value {
    let mut out = serde_json::Map::new();
    for f in fields {
        let t = match *f {
            "title" => sc.title,
            "date" => sc.date,
            "author" => sc.author,
            "caption" => sc.caption,
            "credit" => sc.credit,
            "body_ends" => sc.body_ends,
            _ => continue,
        };
        out.insert((*f).into(), t.json());
    }
    Value::Object(out)
}

/// A gold value: a string, or a list of strings (several authors).
fn gold_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) => a
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("; "),
        _ => String::new(),
    }
}

fn trafilatura(dir: &Path, run: &Run) -> Result<Value> {
    let data = read_json(&dir.join("evaldata.json"))?;
    let data = data
        .as_object()
        .ok_or_else(|| EvalError::Invalid("evaldata.json is not an object".into()))?;
    let tools = run.tools();
    let mut scores = run.empty_scores();
    let mut misses = Vec::new();
    let mut n = 0;
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
        let (gt, gd, ga) = (
            gold_str(&item["title"]),
            gold_str(&item["date"]),
            gold_str(&item["author"]),
        );
        for (i, f) in run
            .found(Kind::Trafilatura, url, &bytes, Some(url))
            .iter()
            .enumerate()
        {
            let sc = &mut scores[i];
            sc.add_time(f);
            let t_ok = title_ok(&gt, f.title.as_deref());
            let d_ok = date_ok(&gd, f.date.as_deref());
            let a_ok = authors_ok(&ga, f);
            let missed = sc.add_metadata([&gt, &gd, &ga], [t_ok, d_ok, a_ok]);
            if i == 0 && missed {
                misses.push(format!(
                    "{file}\n      title {:?} want {:?}\n      date {:?} want {:?}\n      author {:?} want {:?}",
                    f.title, gt, f.date, gd, f.authors, ga
                ));
            }
            for w in item["with"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                sc.snippets_with.add(w, f.text.contains(w));
            }
            for w in item["without"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                sc.snippets_without.add(w, !f.text.contains(w));
            }
        }
    }
    let figures = |sc: &Scores| {
        let mut v = metadata_json(sc, &["title", "date", "author"]);
        v["snippets_with"] = json!(sc.snippets_with.acc());
        v["snippets_without"] = json!(sc.snippets_without.acc());
        v["median_ms"] = json!(sc.median_ms());
        v
    };
    if !run.args.json {
        println!(
            "trafilatura evaluation set: {} ({n} pages, {PROFILE}); accuracy on pages with a gold value",
            dir.display()
        );
        run.check_coverage(Kind::Trafilatura, n);
        let mut rows = rows(&tools, &scores, |sc| {
            vec![
                three(sc.title.acc()),
                three(sc.date.acc()),
                three(sc.author.acc()),
                three(sc.snippets_with.acc()),
                three(sc.snippets_without.acc()),
                format!("{:.2}", sc.median_ms()),
            ]
        });
        rows.push(gold_row(
            &scores[0],
            &[|s| s.title, |s| s.date, |s| s.author],
            3,
        ));
        print_table(
            &[
                "title",
                "date",
                "author",
                "must-have",
                "must-not",
                "median ms",
            ],
            &rows,
        );
        println!("  caption, credit: this set has no gold for them (the Arabic fixture set has)");
        println!(
            "  speed (khulasa): {:.0} pages/s",
            scores[0].pages_per_second()
        );
        for m in misses.iter().take(run.args.worst) {
            println!("    {m}");
        }
    }
    let mut out = figures(&scores[0]);
    out["pages"] = json!(n);
    add_baseline(&mut out, run, &scores, figures);
    Ok(out)
}

fn readability(dir: &Path, run: &Run) -> Result<Value> {
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
    let tools = run.tools();
    let mut scores = run.empty_scores();
    let mut misses = Vec::new();
    for c in &cases {
        let meta = read_json(&c.join("expected-metadata.json"))?;
        let bytes = read(&c.join("source.html"))?;
        let page = c
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let s = |k: &str| meta[k].as_str().unwrap_or("").to_string();
        let (gt, gd, ga) = (s("title"), s("publishedTime"), s("byline"));
        for (i, f) in run
            .found(Kind::Readability, &page, &bytes, None)
            .iter()
            .enumerate()
        {
            let sc = &mut scores[i];
            sc.add_time(f);
            let t_ok = title_ok(&gt, f.title.as_deref());
            let d_ok = date_ok(&gd, f.date.as_deref());
            // Readability's byline is free text ("By Jane Doe, Reporter"):
            // the names found must all be in it.
            let a_ok = !f.authors.is_empty()
                && f.authors
                    .iter()
                    .all(|n| metric::fold(&ga).contains(&metric::fold(n)));
            let missed = sc.add_metadata([&gt, &gd, &ga], [t_ok, d_ok, a_ok]);
            if i == 0 && missed {
                misses.push(format!(
                    "{}: title {:?} want {:?}; date {:?} want {:?}; authors {:?} want {:?}",
                    c.display(),
                    f.title,
                    gt,
                    f.date,
                    gd,
                    f.authors,
                    ga
                ));
            }
        }
    }
    if !run.args.json {
        println!(
            "Readability fixtures (against Readability.js output): {} ({} pages); accuracy on pages with a gold value",
            dir.display(),
            cases.len()
        );
        run.check_coverage(Kind::Readability, cases.len());
        let mut rows = rows(&tools, &scores, |sc| {
            vec![
                three(sc.title.acc()),
                three(sc.date.acc()),
                three(sc.author.acc()),
            ]
        });
        rows.push(gold_row(
            &scores[0],
            &[|s| s.title, |s| s.date, |s| s.author],
            0,
        ));
        print_table(&["title", "date", "author"], &rows);
        for m in misses.iter().take(run.args.worst) {
            println!("    {m}");
        }
    }
    let fields = ["title", "date", "author"];
    let mut out = metadata_json(&scores[0], &fields);
    out["pages"] = json!(cases.len());
    add_baseline(&mut out, run, &scores, |sc| metadata_json(sc, &fields));
    Ok(out)
}

/// khulasa-extract's own fixture pages: every field exact, on every page.
fn fixtures(dir: &Path, run: &Run) -> Result<Value> {
    let table = read_json(&dir.join("expected.json"))?;
    let table = table
        .as_array()
        .ok_or_else(|| EvalError::Invalid("expected.json is not a list".into()))?;
    let tools = run.tools();
    let mut scores = run.empty_scores();
    let mut misses = Vec::new();
    for e in table {
        let Some(file) = e["file"].as_str() else {
            return Err(EvalError::Invalid(
                "expected.json: an entry without \"file\"".into(),
            ));
        };
        let bytes = read(&dir.join(file))?;
        let s = |k: &str| e[k].as_str();
        let gold_authors = gold_str(&e["authors"]);
        let (first, last) = (
            e["body"]["first"].as_str().unwrap_or(""),
            e["body"]["last"].as_str().unwrap_or(""),
        );
        for (i, f) in run
            .found(Kind::Fixtures, file, &bytes, s("url"))
            .iter()
            .enumerate()
        {
            let sc = &mut scores[i];
            sc.add_time(f);
            let title_right = sc.title.add_exact(s("title"), f.title.as_deref());
            // The day, as on the other sets; absent must stay absent.
            let day = |d: Option<&str>| d.and_then(|d| d.get(..10)).map(str::to_string);
            sc.date.add_exact(
                day(s("published")).as_deref(),
                day(f.date.as_deref()).as_deref(),
            );
            let authors_right = if gold_authors.is_empty() {
                f.authors.is_empty()
            } else {
                authors_ok(&gold_authors, f)
            };
            sc.author.count(authors_right);
            let caption_right = sc.caption.add_exact(s("caption"), f.caption.as_deref());
            let credit_right = sc.credit.add_exact(s("credit"), f.credit.as_deref());
            let text = f.text.trim();
            sc.body_ends
                .count(!f.failed && text.starts_with(first) && text.ends_with(last));
            if i == 0 {
                let wrong: Vec<String> = [
                    ("caption", caption_right, s("caption"), f.caption.as_deref()),
                    ("credit", credit_right, s("credit"), f.credit.as_deref()),
                    ("title", title_right, s("title"), f.title.as_deref()),
                ]
                .iter()
                .filter(|(_, right, _, _)| !right)
                .map(|(k, _, g, x)| format!("{k} {x:?} want {g:?}"))
                .collect();
                if !wrong.is_empty() {
                    misses.push(format!("{file}: {}", wrong.join("; ")));
                }
            }
        }
    }
    let fields = ["title", "date", "author", "caption", "credit", "body_ends"];
    if !run.args.json {
        println!(
            "Arabic fixture pages (khulasa-extract's own table): {} ({} pages); each field exact, absent where the table has none",
            dir.display(),
            table.len()
        );
        run.check_coverage(Kind::Fixtures, table.len());
        let rows = rows(&tools, &scores, |sc| {
            vec![
                three(sc.title.acc()),
                three(sc.date.acc()),
                three(sc.author.acc()),
                three(sc.caption.acc()),
                three(sc.credit.acc()),
                three(sc.body_ends.acc()),
            ]
        });
        print_table(&fields, &rows);
        for m in misses.iter().take(run.args.worst) {
            println!("    {m}");
        }
    }
    let mut out = metadata_json(&scores[0], &fields);
    out["pages"] = json!(table.len());
    add_baseline(&mut out, run, &scores, |sc| metadata_json(sc, &fields));
    Ok(out)
}
