//! `khulasa eval extract` on khulasa-extract's own Arabic fixture pages,
//! with a baseline file beside it: both scored by the same rules.

use khulasa_eval::extract::{Args, run};
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../extract/tests/fixtures")
}

#[test]
fn fixture_pages_are_scored_for_khulasa_and_a_baseline() {
    let table: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixtures().join("expected.json")).unwrap()).unwrap();
    let pages = table.as_array().unwrap();
    let first = &pages[0];
    // A baseline that gets the first page's title and credit right and its
    // caption wrong, and leaves every other page out.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("other.jsonl");
    let line = serde_json::json!({
        "tool": "other 0.1", "set": "fixtures", "page": first["file"],
        "title": first["title"], "date": first["published"], "authors": first["authors"],
        "caption": "صورة أرشيفية", "credit": first["credit"],
        "text": "نص لا يبدأ حيث يبدأ المقال",
    });
    std::fs::write(&file, format!("{line}\n")).unwrap();
    let report = run(&Args {
        data: fixtures(),
        worst: 0,
        json: true,
        baseline: Some(file),
        trafilatura: None,
    })
    .unwrap();
    let r = &report["fixtures"];
    let n = pages.len();
    assert_eq!(r["pages"], n);
    // khulasa-extract's own table is met on every page.
    for field in ["title", "date", "author", "caption", "credit", "body_ends"] {
        assert_eq!(r[field]["accuracy"], 1.0, "{field}");
        assert_eq!(r[field]["pages_with_gold"], n, "{field}");
    }
    let b = &r["baseline"];
    assert_eq!(b["tool"], "other 0.1");
    let hits = |field: &str| (b[field]["accuracy"].as_f64().unwrap() * n as f64).round() as usize;
    // A page the baseline left out is no article: right only where the
    // table says the field must be absent.
    let absent_elsewhere = |field: &str| pages[1..].iter().filter(|p| p[field].is_null()).count();
    assert!(!first["caption"].is_null() && !first["credit"].is_null());
    assert_eq!(hits("title"), 1);
    assert_eq!(hits("caption"), absent_elsewhere("caption"));
    assert_eq!(hits("credit"), 1 + absent_elsewhere("credit"));
    assert_eq!(hits("body_ends"), 0);
}

#[test]
fn a_python_that_cannot_run_trafilatura_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = run(&Args {
        data: fixtures(),
        worst: 0,
        json: true,
        baseline: None,
        trafilatura: Some(dir.path().join("no-python-here")),
    })
    .unwrap_err()
    .to_string();
    assert!(err.contains("pip install trafilatura"), "{err}");
}
