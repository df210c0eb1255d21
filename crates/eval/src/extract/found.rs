//! What a tool found on a page, and the tallies every set keeps of it, so
//! that khulasa and another tool's output (`--baseline FILE`) are scored by
//! the same rules in the same run.

use super::metric::{authors_match, fold};
use crate::EvalError;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::Path;

/// The fields of one page that the sets score.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    /// The headline.
    pub title: Option<String>,
    /// The publication date (`YYYY-MM-DD…`; compared on the day).
    pub date: Option<String>,
    /// The authors, one name each.
    pub authors: Vec<String>,
    /// The lead image's caption, without its credit.
    pub caption: Option<String>,
    /// The lead image's credit.
    pub credit: Option<String>,
    /// The body text.
    pub text: String,
    /// Milliseconds the tool took on the page (when it said).
    pub ms: Option<f64>,
    /// The tool gave no article, or the page is missing from its output.
    pub failed: bool,
}

impl Found {
    /// What khulasa-extract gave (`ms` measured by the caller).
    pub fn of_article(result: Option<&khulasa_core::Article>, ms: f64) -> Found {
        let Some(a) = result else {
            return Found {
                ms: Some(ms),
                failed: true,
                ..Found::default()
            };
        };
        let image = a.lead_image.as_ref();
        Found {
            title: a.title.clone(),
            date: a.published.clone(),
            authors: a.authors.clone(),
            caption: image.and_then(|i| i.caption.clone()),
            credit: image.and_then(|i| i.credit.clone()),
            text: a.text.clone(),
            ms: Some(ms),
            failed: false,
        }
    }

    /// A line of a baseline file (see [`Baseline`]).
    fn of_json(v: &Value) -> Found {
        let s = |k: &str| {
            v[k].as_str()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        // Authors: a list of names, or one string as tools print it
        // ("A; B"); `authors_match` splits either the same way.
        let authors = match &v["authors"] {
            Value::Array(a) => a
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            Value::String(s) if !s.trim().is_empty() => vec![s.clone()],
            _ => Vec::new(),
        };
        Found {
            title: s("title"),
            date: s("date"),
            authors,
            caption: s("caption"),
            credit: s("credit"),
            text: v["text"].as_str().unwrap_or("").to_string(),
            ms: v["ms"].as_f64(),
            failed: v["text"].is_null() && v["title"].is_null(),
        }
    }
}

/// Another tool's output on the same pages: a JSON Lines file, one page a
/// line, `{"tool", "set", "page", "title", "date", "authors", "caption",
/// "credit", "text", "ms"}`. `set` is the name `--json` prints
/// (`aeb`, `trafilatura_eval`, `readability_test_pages`, `fixtures`);
/// `page` is the page's id in that set (AEB's id, trafilatura-eval's URL
/// key, the Readability case folder, the fixture file). A field the tool
/// does not give is `null` or left out, and scores as not found.
#[derive(Debug, Default)]
pub struct Baseline {
    /// The tool's name and version, from the first line's `tool`.
    pub tool: String,
    pages: HashMap<(String, String), Found>,
}

impl Baseline {
    /// Reads a baseline file.
    pub fn read(path: &Path) -> Result<Baseline, EvalError> {
        let text = std::fs::read_to_string(path).map_err(|source| EvalError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut b = Baseline::default();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: Value = serde_json::from_str(line).map_err(|source| EvalError::Json {
                path: path.to_path_buf(),
                source,
            })?;
            let (Some(set), Some(page)) = (v["set"].as_str(), v["page"].as_str()) else {
                return Err(EvalError::Invalid(format!(
                    "{} line {}: a baseline line needs \"set\" and \"page\"",
                    path.display(),
                    i + 1
                )));
            };
            if b.tool.is_empty() {
                b.tool = v["tool"].as_str().unwrap_or("baseline").to_string();
            }
            b.pages
                .insert((set.to_string(), page.to_string()), Found::of_json(&v));
        }
        Ok(b)
    }

    /// Runs trafilatura over the pages under `data` with the Python at
    /// `python` (which must import `trafilatura`), through the script
    /// `scripts/eval_extract_trafilatura.py` carried in the binary, and
    /// reads what it found.
    pub fn trafilatura(python: &Path, data: &Path) -> Result<Baseline, EvalError> {
        const SCRIPT: &str = include_str!("../../../../scripts/eval_extract_trafilatura.py");
        let dir = tempfile::tempdir().map_err(|source| EvalError::Read {
            path: std::env::temp_dir(),
            source,
        })?;
        let out = dir.path().join("trafilatura.jsonl");
        let mut child = std::process::Command::new(python)
            .arg("-")
            .arg("--dump-only")
            .arg("--data")
            .arg(data)
            .arg("--out")
            .arg(&out)
            .stdin(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| {
                EvalError::Invalid(format!(
                    "could not run {} ({e}): give a Python 3 that has trafilatura (pip install trafilatura lxml_html_clean), or a file of its output with --baseline",
                    python.display()
                ))
            })?;
        if let Some(mut stdin) = child.stdin.take() {
            use std::io::Write;
            // A write error shows as the script's failure below.
            let _ = stdin.write_all(SCRIPT.as_bytes());
        }
        let done = child.wait_with_output().map_err(|source| EvalError::Read {
            path: python.to_path_buf(),
            source,
        })?;
        if !done.status.success() {
            let err = String::from_utf8_lossy(&done.stderr);
            let last = err.trim().lines().last().unwrap_or("no message");
            return Err(EvalError::Invalid(format!(
                "trafilatura could not run under {}: {last}",
                python.display()
            )));
        }
        Baseline::read(&out)
    }

    /// The tool's output on `page` of `set`; a page it left out counts as
    /// failed (no article).
    pub fn page(&self, set: &str, page: &str) -> Found {
        self.pages
            .get(&(set.to_string(), page.to_string()))
            .cloned()
            .unwrap_or(Found {
                failed: true,
                ..Found::default()
            })
    }

    /// How many pages of `set` the file holds.
    pub fn pages_of(&self, set: &str) -> usize {
        self.pages.keys().filter(|(s, _)| s == set).count()
    }
}

/// One field: pages scored, and hits.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    /// Pages scored.
    pub pages: usize,
    /// Pages right.
    pub hit: usize,
}

impl Tally {
    /// Scores a page where the gold has a value (an empty gold is skipped).
    pub fn add(&mut self, gold: &str, ok: bool) {
        if !gold.trim().is_empty() {
            self.count(ok);
        }
    }

    /// Scores one page, right or not.
    pub fn count(&mut self, ok: bool) {
        self.pages += 1;
        self.hit += ok as usize;
    }

    /// Scores a page whatever the gold: an absent gold is right only when
    /// nothing was found (the fixture table's "must be absent"). Returns
    /// whether the page was right.
    pub fn add_exact(&mut self, gold: Option<&str>, found: Option<&str>) -> bool {
        let ok = match (gold, found) {
            (None, None) => true,
            (Some(g), Some(f)) => fold(g) == fold(f),
            _ => false,
        };
        self.count(ok);
        ok
    }

    /// Share right (0 when nothing was scored).
    pub fn acc(&self) -> f64 {
        if self.pages == 0 {
            0.0
        } else {
            self.hit as f64 / self.pages as f64
        }
    }

    /// `{"accuracy", "pages_with_gold"}`.
    pub fn json(&self) -> Value {
        json!({"accuracy": self.acc(), "pages_with_gold": self.pages})
    }
}

/// Is a found date the gold's day?
pub fn date_ok(gold: &str, found: Option<&str>) -> bool {
    found.is_some_and(|f| f.get(..10) == gold.trim().get(..10))
}

/// Is a found title the gold's, folded?
pub fn title_ok(gold: &str, found: Option<&str>) -> bool {
    found.is_some_and(|t| fold(t) == fold(gold))
}

/// Are the found authors the gold's, as name sets?
pub fn authors_ok(gold: &str, found: &Found) -> bool {
    authors_match(gold, &found.authors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baseline_lines_are_read_and_missing_pages_fail() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.jsonl");
        std::fs::write(
            &p,
            concat!(
                r#"{"tool": "other 1.0", "set": "aeb", "page": "7", "title": "عنوان", "date": "2024-01-02", "authors": "A; B", "text": "نص", "ms": 3.5}"#,
                "\n\n",
                r#"{"set": "fixtures", "page": "x.html", "title": null, "text": null}"#,
                "\n"
            ),
        )
        .unwrap();
        let b = Baseline::read(&p).unwrap();
        assert_eq!(b.tool, "other 1.0");
        assert_eq!(b.pages_of("aeb"), 1);
        let f = b.page("aeb", "7");
        assert_eq!(f.title.as_deref(), Some("عنوان"));
        assert_eq!(f.authors, ["A; B"]);
        assert!(authors_ok("B, A", &f));
        assert_eq!(f.ms, Some(3.5));
        assert!(!f.failed);
        assert!(b.page("fixtures", "x.html").failed);
        assert!(
            b.page("aeb", "8").failed,
            "a page left out counts as failed"
        );
    }

    #[test]
    fn a_line_without_its_page_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.jsonl");
        std::fs::write(&p, "{\"set\": \"aeb\"}\n").unwrap();
        let e = Baseline::read(&p).unwrap_err().to_string();
        assert!(e.contains("line 1"), "{e}");
    }

    #[test]
    fn exact_tally_needs_absent_to_stay_absent() {
        let mut t = Tally::default();
        t.add_exact(None, None);
        t.add_exact(None, Some("صورة"));
        t.add_exact(Some("رويترز"), Some("رويترز "));
        t.add_exact(Some("رويترز"), None);
        assert_eq!((t.pages, t.hit), (4, 2));
    }
}
