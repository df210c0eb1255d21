//! `khulasa batch` killed with SIGKILL halfway through a few thousand items,
//! then run again: the store holds each item exactly once, the output file
//! has each item on exactly one line, and the failures are recorded once.

use std::io::{BufRead, BufReader};
use std::path::Path;
mod common;

use common::khulasa;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ITEMS: usize = 2500;
const BAD: usize = 5;

/// `khulasa batch INPUT --db DB --out OUT`, two workers committing every 50
/// items (so a kill lands between commits), quiet.
fn batch(input: &Path, db: &Path, out: &Path) -> Command {
    let mut c = khulasa();
    c.arg("batch")
        .arg(input)
        .arg("--db")
        .arg(db)
        .arg("--out")
        .arg(out);
    c.args(["--jobs", "2", "--commit-every", "50"]);
    c.stdout(Stdio::null()).stderr(Stdio::null());
    c
}

fn lines(path: &Path) -> usize {
    std::fs::File::open(path)
        .map(|f| BufReader::new(f).lines().count())
        .unwrap_or(0)
}

fn stats(db: &Path) -> serde_json::Value {
    let out = khulasa()
        .args(["stats", "--format", "json", "--db"])
        .arg(db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "stats failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn sigkill_halfway_then_rerun_stores_each_item_once() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("items.jsonl");
    let mut text = String::new();
    for i in 0..ITEMS {
        let (title, body) = khulasa_ingest::synth::article(i);
        let line =
            serde_json::json!({"id": format!("n{i}"), "title": title, "text": body.join("\n\n")});
        text.push_str(&line.to_string());
        text.push('\n');
        if i % (ITEMS / BAD) == 0 {
            // Lines that cannot be processed: each must be recorded once.
            text.push_str(&format!("{{\"id\": \"bad{i}\"}}\n"));
        }
    }
    std::fs::write(&input, text).unwrap();
    let db = tmp.path().join("k.db");
    let out = tmp.path().join("out.jsonl");
    let run = || batch(&input, &db, &out);

    // First run: kill it once about half of the items are committed.
    let mut child = run().spawn().unwrap();
    let started = Instant::now();
    loop {
        if lines(&out) >= ITEMS / 2 {
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("batch finished before it could be killed ({status}); make ITEMS larger");
        }
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "batch made no progress"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL: no handler runs, no flush, no commit.
    child.wait().unwrap();
    let partial = stats(&db);
    let partial_articles = partial["articles"].as_u64().unwrap();
    assert!(
        partial_articles > 0 && partial_articles < ITEMS as u64,
        "the kill was not halfway: {partial}"
    );

    // Rerun to the end.
    let status = run().status().unwrap();
    assert_eq!(status.code(), Some(2), "exit 2: some items failed");
    let s = stats(&db);
    assert_eq!(s["articles"], ITEMS as u64, "{s}");
    assert_eq!(s["summaries"], ITEMS as u64, "{s}");
    assert_eq!(s["failures"], BAD as u64, "{s}");

    // Each item exactly once in the output.
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for line in std::fs::read_to_string(&out).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("whole JSON lines only");
        *seen
            .entry(v["id"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    assert_eq!(seen.len(), ITEMS + BAD);
    assert!(seen.values().all(|&n| n == 1), "duplicated output lines");

    // A third run has nothing to do.
    let status = run().status().unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(stats(&db)["articles"], ITEMS as u64);
    assert_eq!(lines(&out), ITEMS + BAD);
}

#[test]
fn batch_and_stats_report_errors_in_words() {
    let tmp = tempfile::tempdir().unwrap();
    let out = khulasa()
        .args(["stats", "--db"])
        .arg(tmp.path().join("none.db"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no store at"));
    let out = khulasa().arg("batch").arg(tmp.path()).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--db"));
    let out = khulasa()
        .args(["batch", "/nonexistent/input.jsonl", "--db"])
        .arg(tmp.path().join("k.db"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/input.jsonl"));
}

#[test]
fn ctrl_c_finishes_the_items_in_hand_and_exits_130() {
    const N: usize = 1500;
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("items.jsonl");
    let mut text = String::new();
    for i in 0..N {
        let (title, body) = khulasa_ingest::synth::article(i + 50_000);
        text.push_str(
            &serde_json::json!({"id": i, "title": title, "text": body.join("\n\n")}).to_string(),
        );
        text.push('\n');
    }
    std::fs::write(&input, text).unwrap();
    let db = tmp.path().join("k.db");
    let out = tmp.path().join("out.jsonl");
    let run = || batch(&input, &db, &out);
    let mut child = run().spawn().unwrap();
    let started = Instant::now();
    while lines(&out) < 100 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "finished before the interrupt; make N larger"
        );
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "batch made no progress"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "an interrupted run exits 130");
    // A graceful stop commits what it finished: store and output agree.
    let done = stats(&db)["articles"].as_u64().unwrap();
    assert!(done >= 100 && done < N as u64, "{done}");
    assert_eq!(lines(&out) as u64, done);
    // And the same command goes on to the end.
    assert_eq!(run().status().unwrap().code(), Some(0));
    assert_eq!(stats(&db)["articles"], N as u64);
    assert_eq!(lines(&out), N);
}
