//! Batch runs against a real SQLite store: folders, JSON Lines, WARC;
//! failures; reruns; interruption; output file repair; engine changes.

use khulasa_core::Length;
use khulasa_ingest::batch::{
    BatchOptions, BatchReport, ItemStatus, NoProgress, Progress, run_batch,
};
use khulasa_ingest::process::Processor;
use khulasa_ingest::{source, synth};
use khulasa_store::{Page, SqliteStore, Store};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

fn pages_dir(root: &Path, n: usize) -> PathBuf {
    let dir = root.join("pages");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    for i in 0..n {
        // Half in a subfolder, to exercise the walk.
        let sub = if i % 2 == 0 { "" } else { "sub" };
        std::fs::write(
            dir.join(sub).join(format!("{i:04}.html")),
            synth::news_page(i),
        )
        .unwrap();
    }
    dir
}

fn run(
    inputs: &[PathBuf],
    store: Option<&dyn Store>,
    opts: &BatchOptions,
    engine: &Processor,
) -> BatchReport {
    let items = source::open_all(inputs).unwrap();
    run_batch(
        items,
        engine,
        store,
        opts,
        &NoProgress,
        &AtomicBool::new(false),
    )
    .unwrap()
}

fn out_ids(path: &Path) -> HashMap<String, usize> {
    let mut ids = HashMap::new();
    for line in std::fs::read_to_string(path).unwrap().lines() {
        let v: serde_json::Value =
            serde_json::from_str(line).expect("every output line is whole JSON");
        *ids.entry(v["id"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    ids
}

#[test]
fn folder_of_pages_with_failures_then_rerun() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = pages_dir(tmp.path(), 40);
    // A gzipped page, an empty page and a binary "page".
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(synth::news_page(1000).as_bytes()).unwrap();
    std::fs::write(dir.join("zipped.html.gz"), gz.finish().unwrap()).unwrap();
    std::fs::write(dir.join("empty.html"), b"").unwrap();
    std::fs::write(
        dir.join("binary.html"),
        [0u8, 1, 2, 3, 255, 254, 0, 0, 7].repeat(100),
    )
    .unwrap();
    std::fs::write(dir.join("notes.json"), "{\"not\": \"a page\"}").unwrap();

    let store = SqliteStore::open(tmp.path().join("k.db")).unwrap();
    let out = tmp.path().join("out.jsonl");
    let failures = tmp.path().join("failures.jsonl");
    let opts = BatchOptions {
        jobs: 2,
        commit_every: 7,
        out: Some(out.clone()),
        failures: Some(failures.clone()),
        ..Default::default()
    };
    let engine = Processor::with_defaults(Length::default());

    let r = run(std::slice::from_ref(&dir), Some(&store), &opts, &engine);
    assert_eq!(r.seen, 43, "{r:?}");
    assert_eq!(
        (r.stored, r.failed, r.skipped),
        (41, 2, 0),
        "{:?}",
        r.failures
    );
    let failed: Vec<&str> = r.failures.iter().map(|f| f.id.as_str()).collect();
    assert!(
        failed.iter().any(|f| f.ends_with("empty.html"))
            && failed.iter().any(|f| f.ends_with("binary.html"))
    );
    let s = store.stats().unwrap();
    assert_eq!((s.articles, s.summaries, s.failures), (41, 41, 2));
    assert_eq!(
        std::fs::read_to_string(&failures).unwrap().lines().count(),
        2
    );
    let ids = out_ids(&out);
    assert_eq!(ids.len(), 43);
    assert!(ids.values().all(|&n| n == 1));
    // A stored article is a real extraction of the page.
    let latest = store.latest(Page::new(1, 100)).unwrap();
    let one = store.article(&latest.items[0].id).unwrap().unwrap();
    assert!(one.article.title.is_some());
    assert!(
        !one.article.text.contains("استمع إلى الملخص"),
        "chrome leaked into the body"
    );

    // Rerun: everything skipped, nothing new anywhere.
    let r2 = run(&[dir], Some(&store), &opts, &engine);
    assert_eq!(
        (r2.stored, r2.existing, r2.failed, r2.skipped),
        (0, 0, 0, 43),
        "{r2:?}"
    );
    let s2 = store.stats().unwrap();
    assert_eq!((s2.articles, s2.summaries, s2.failures), (41, 41, 2));
    assert_eq!(out_ids(&out).len(), 43);
    assert_eq!(
        std::fs::read_to_string(&failures).unwrap().lines().count(),
        2
    );
    store.check().unwrap();
}

#[test]
fn jsonl_text_html_and_bad_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("in.jsonl");
    let (t0, b0) = synth::article(7);
    let lines = [
        serde_json::json!({"id": "a", "text": b0.join("\n\n"), "title": t0}).to_string(),
        serde_json::json!({"id": 2, "html": synth::news_page(8), "url": "https://example.com/news/8"}).to_string(),
        String::new(),
        "{not json".to_string(),
        serde_json::json!({"id": "c"}).to_string(),
        serde_json::json!({"id": "d", "text": "   "}).to_string(),
        serde_json::json!({"id": "e", "text": "x", "html": "<p>x</p>"}).to_string(),
    ];
    std::fs::write(&path, lines.join("\n")).unwrap();
    let store = SqliteStore::open(tmp.path().join("k.db")).unwrap();
    let engine = Processor::with_defaults(Length::Bullets(2));
    let opts = BatchOptions {
        jobs: 2,
        ..Default::default()
    };
    let r = run(std::slice::from_ref(&path), Some(&store), &opts, &engine);
    assert_eq!((r.stored, r.failed), (2, 4), "{:?}", r.failures);
    let reasons: HashMap<String, String> = r
        .failures
        .iter()
        .map(|f| (f.id.clone(), f.error.clone()))
        .collect();
    let name = path.display().to_string();
    assert!(
        reasons[&format!("{name}:4")].contains("invalid JSON"),
        "{reasons:?}"
    );
    assert!(
        reasons[&format!("{name}#c")].contains("neither"),
        "{reasons:?}"
    );
    assert!(
        reasons[&format!("{name}#e")].contains("both"),
        "{reasons:?}"
    );
    assert!(
        reasons[&format!("{name}#d")].contains("no article text"),
        "{reasons:?}"
    );
    let id = store
        .article_id_by_url("https://example.com/news/8")
        .unwrap();
    assert!(id.is_some(), "the html record keeps its URL");
    // Rerun: nothing new.
    let r2 = run(&[path], Some(&store), &opts, &engine);
    assert_eq!((r2.stored, r2.failed, r2.skipped), (0, 0, 6));
    assert_eq!(store.stats().unwrap().failures, 4);
}

#[test]
fn warc_archive_through_open_all() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("crawl.warc.gz");
    let mut file = Vec::new();
    for i in 0..5 {
        let body = synth::news_page(i);
        let http =
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{body}");
        let rec = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/{i}\r\n\
             Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        );
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(rec.as_bytes()).unwrap();
        file.extend(gz.finish().unwrap());
    }
    std::fs::write(&path, file).unwrap();
    let store = SqliteStore::open(tmp.path().join("k.db")).unwrap();
    let r = run(
        &[path],
        Some(&store),
        &BatchOptions::default(),
        &Processor::with_defaults(Length::default()),
    );
    assert_eq!((r.stored, r.failed), (5, 0), "{:?}", r.failures);
    assert!(
        store
            .article_id_by_url("https://news.example/3")
            .unwrap()
            .is_some()
    );
}

/// Stops the run after `after` finished items, like a Ctrl-C.
struct StopAfter<'a> {
    after: usize,
    seen: AtomicUsize,
    stop: &'a AtomicBool,
}

impl Progress for StopAfter<'_> {
    fn item(&self, _: ItemStatus, _: &str) {
        if self.seen.fetch_add(1, Ordering::SeqCst) + 1 >= self.after {
            self.stop.store(true, Ordering::SeqCst);
        }
    }
}

#[test]
fn interrupted_run_resumes_without_duplicates_or_losses() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = pages_dir(tmp.path(), 120);
    let store = SqliteStore::open(tmp.path().join("k.db")).unwrap();
    let out = tmp.path().join("out.jsonl");
    let opts = BatchOptions {
        jobs: 2,
        commit_every: 10,
        out: Some(out.clone()),
        ..Default::default()
    };
    let engine = Processor::with_defaults(Length::default());
    let stop = AtomicBool::new(false);
    let progress = StopAfter {
        after: 30,
        seen: AtomicUsize::new(0),
        stop: &stop,
    };
    let items = source::open_all(std::slice::from_ref(&dir)).unwrap();
    let r1 = run_batch(items, &engine, Some(&store), &opts, &progress, &stop).unwrap();
    assert!(r1.interrupted);
    assert!(r1.stored >= 30 && r1.stored < 120, "{r1:?}");
    // A torn last line, as a kill during a write leaves it.
    std::fs::OpenOptions::new()
        .append(true)
        .open(&out)
        .unwrap()
        .write_all(b"{\"id\":\"torn")
        .unwrap();

    let r2 = run(&[dir], Some(&store), &opts, &engine);
    assert!(!r2.interrupted);
    assert_eq!(r1.stored + r2.stored, 120, "{r1:?} {r2:?}");
    assert_eq!(r2.skipped, r1.stored);
    assert_eq!(store.stats().unwrap().articles, 120);
    let ids = out_ids(&out);
    assert_eq!(ids.len(), 120);
    assert!(ids.values().all(|&n| n == 1), "an item was written twice");
}

#[test]
fn summaries_are_remade_only_when_params_change() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = pages_dir(tmp.path(), 6);
    let store = SqliteStore::open(tmp.path().join("k.db")).unwrap();
    let opts = BatchOptions::default();
    let three = Processor::with_defaults(Length::Bullets(3));
    let two = Processor::with_defaults(Length::Bullets(2));
    let r = run(std::slice::from_ref(&dir), Some(&store), &opts, &three);
    assert_eq!(r.stored, 6);
    // Another length: same articles, new summaries.
    let r = run(std::slice::from_ref(&dir), Some(&store), &opts, &two);
    assert_eq!((r.stored, r.skipped), (6, 0));
    let s = store.stats().unwrap();
    assert_eq!((s.articles, s.summaries), (6, 12));
    // Back to the first length: the ledger says redo, the store already has
    // those summaries: nothing is summarized or stored again.
    let r = run(std::slice::from_ref(&dir), Some(&store), &opts, &three);
    assert_eq!((r.stored, r.existing), (0, 6), "{r:?}");
    assert_eq!(store.stats().unwrap().summaries, 12);
    // A page whose content changed is done again.
    std::fs::write(dir.join("0000.html"), synth::news_page(9999)).unwrap();
    let r = run(&[dir], Some(&store), &opts, &three);
    assert_eq!((r.stored, r.skipped), (1, 5), "{r:?}");
}

#[test]
fn output_only_runs_resume_from_the_output_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = pages_dir(tmp.path(), 10);
    let out = tmp.path().join("out.jsonl");
    let opts = BatchOptions {
        out: Some(out.clone()),
        ..Default::default()
    };
    let engine = Processor::with_defaults(Length::default());
    let r = run(std::slice::from_ref(&dir), None, &opts, &engine);
    assert_eq!(r.stored, 10);
    let first = std::fs::read_to_string(&out).unwrap();
    let line: serde_json::Value = serde_json::from_str(first.lines().next().unwrap()).unwrap();
    assert_eq!(line["key_points"].as_array().unwrap().len(), 3, "{line}");
    assert!(line["key_points"][0]["sources"].as_array().is_some());
    let r = run(&[dir], None, &opts, &engine);
    assert_eq!((r.stored, r.skipped), (0, 10));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), first);
}

#[test]
fn no_destination_and_missing_inputs_are_errors() {
    let engine = Processor::with_defaults(Length::default());
    let err = run_batch(
        std::iter::empty(),
        &engine,
        None,
        &BatchOptions::default(),
        &NoProgress,
        &AtomicBool::new(false),
    )
    .unwrap_err();
    assert!(err.to_string().contains("--db"), "{err}");
    let err = source::open_all(&[PathBuf::from("/nonexistent/khulasa/input")])
        .err()
        .unwrap();
    assert!(
        err.to_string().contains("/nonexistent/khulasa/input"),
        "{err}"
    );
}
