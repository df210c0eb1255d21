//! Several nodes around one PostgreSQL, as separate processes of the real
//! binary: workers sharing a queue (one killed with SIGKILL halfway), and
//! two servers started together on an empty database. Each test has its
//! own schema; without a PostgreSQL the tests say they skipped.

use khulasa_store::pg::scratch::Scratch;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
mod common;
use common::khulasa;

const PAGES: usize = 500;

fn stats(url: &str) -> serde_json::Value {
    let out = khulasa()
        .args(["stats", "--format", "json", "--db", url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "stats failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn worker(url: &str) -> Child {
    khulasa()
        .args(["worker", "--db", url, "--jobs", "1", "--lease", "2"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn wait_for(what: &str, limit: Duration, mut ok: impl FnMut() -> bool) {
    let started = Instant::now();
    while !ok() {
        assert!(started.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// 500 pages queued by `batch`, two workers, one killed with SIGKILL
/// halfway: its lease runs out, the other worker finishes, and every page
/// is stored exactly once, with one summary.
#[test]
fn two_workers_one_killed_store_each_page_exactly_once() {
    let Some(db) = Scratch::create("two_workers_one_killed") else {
        return;
    };
    let url = db.url();
    let tmp = tempfile::tempdir().unwrap();
    let pages = tmp.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    for i in 0..PAGES {
        std::fs::write(
            pages.join(format!("p{i:04}.html")),
            khulasa_ingest::synth::news_page(i),
        )
        .unwrap();
    }
    let out = khulasa()
        .args(["batch", "--db", &url])
        .arg(&pages)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stats(&url)["queue"]["pending"], PAGES);

    let mut doomed = worker(&url);
    let mut survivor = worker(&url);
    wait_for("half of the jobs", Duration::from_secs(300), || {
        stats(&url)["queue"]["done"].as_u64().unwrap() >= (PAGES / 2) as u64
    });
    doomed.kill().unwrap(); // SIGKILL: no goodbye, a lease left behind
    doomed.wait().unwrap();
    wait_for("every job", Duration::from_secs(300), || {
        let q = &stats(&url)["queue"];
        q["done"].as_u64().unwrap() + q["failed"].as_u64().unwrap() == PAGES as u64
    });
    // Ctrl-C semantics: the survivor finishes and exits cleanly.
    let pid = survivor.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    let status = survivor.wait().unwrap();
    assert!(status.success() || status.code() == Some(130), "{status}");

    let s = stats(&url);
    assert_eq!(s["queue"]["failed"], 0, "{s}");
    assert_eq!(s["queue"]["done"], PAGES, "{s}");
    assert_eq!(s["articles"], PAGES, "{s}");
    assert_eq!(s["summaries"], PAGES, "{s}");
    assert_eq!(s["failures"], 0, "{s}");
    // And the ledger holds each page once.
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let ledger: i64 = c
        .query_one(
            "SELECT count(*) FROM ingested WHERE article IS NOT NULL",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(ledger, PAGES as i64);

    // `batch --wait` over the same pages: all done before, nothing queued.
    let out = khulasa()
        .args(["batch", "--wait", "--db", &url])
        .arg(&pages)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(&format!("{PAGES} done before (skipped)")),
        "{err}"
    );
}

/// `serve` on `url` at a free port; its address, read from what it prints.
fn serve(url: &str) -> (Child, SocketAddr) {
    let mut child = khulasa()
        .args(["serve", "--no-demo", "--addr", "127.0.0.1:0", "--db", url])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = child.stderr.take().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 512];
    let started = Instant::now();
    let addr = loop {
        let n = err.read(&mut buf).unwrap();
        assert!(n > 0, "serve exited: {}", String::from_utf8_lossy(&seen));
        seen.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&seen);
        if let Some(i) = text.find("http://") {
            let rest = &text[i + 7..];
            if let Some(end) = rest.find('/') {
                break rest[..end].parse().unwrap();
            }
        }
        assert!(started.elapsed() < Duration::from_secs(60), "{text}");
    };
    // Keep draining its log so it never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut err, &mut std::io::sink()));
    (child, addr)
}

fn request(addr: SocketAddr, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    let status = answer[9..12].parse().unwrap();
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Two servers started at once on an empty database (their migrations
/// race); an article written through one is read and found through the
/// other.
#[test]
fn two_servers_share_one_database() {
    let Some(db) = Scratch::create("two_servers_share_one_database") else {
        return;
    };
    let url = db.url();
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| serve(&url));
        let b = s.spawn(|| serve(&url));
        (a.join().unwrap(), b.join().unwrap())
    });
    let ((mut a, a_addr), (mut b, b_addr)) = (a, b);
    let body = serde_json::json!({
        "title": "افتتاح مكتبة عامة جديدة في المدينة",
        "text": "افتتحت أمس مكتبة عامة جديدة في وسط المدينة تضم عشرين ألف كتاب.\n\n\
                 وقال رئيس البلدية إن المكتبة ستفتح أبوابها يوميا للطلاب والباحثين.\n\n\
                 وأضاف أن المشروع جزء من خطة لتطوير الثقافة في المدينة خلال الأعوام المقبلة."
    })
    .to_string();
    let (status, created) = request(a_addr, "POST", "/v1/articles", &body);
    assert!(status == 200 || status == 201, "{status} {created}");
    let v: serde_json::Value = serde_json::from_str(&created).unwrap();
    let id = v["id"].as_str().unwrap().to_string();
    let (status, got) = request(b_addr, "GET", &format!("/v1/articles/{id}"), "");
    assert_eq!(status, 200, "{got}");
    assert!(got.contains("مكتبة"), "{got}");
    let (status, summary) = request(b_addr, "GET", &format!("/v1/articles/{id}/summary"), "");
    assert_eq!(status, 200, "{summary}");
    let (status, found) = request(
        b_addr,
        "GET",
        &format!("/v1/articles?q={}", percent("المكتبه")),
        "",
    );
    assert_eq!(status, 200, "{found}");
    assert!(found.contains(&id), "{found}");
    for c in [&mut a, &mut b] {
        c.kill().unwrap();
        c.wait().unwrap();
    }
}
