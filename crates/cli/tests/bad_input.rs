//! The bad-input table of `docs/limits.md`, row by row, through the built
//! `khulasa` binary: each input ends in a result or a clear error naming the
//! limit, within a time bound, never a panic or a hang.
//!
//! Rows already tested inside the crates are cited in the table instead of
//! repeated here.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_khulasa");

/// An Arabic paragraph long enough to be an article body.
const PARA: &str =
    "اجتمع وزير الخارجية مع نظيره في العاصمة أمس لبحث التعاون بين البلدين في مجالات عدة.";

fn run(args: &[&str], limit: Duration) -> Output {
    let start = Instant::now();
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("khulasa runs");
    // Read both pipes on threads so a chatty child cannot block on them.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        out.read_to_end(&mut v).ok();
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        err.read_to_end(&mut v).ok();
        v
    });
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > limit {
            child.kill().ok();
            child.wait().ok();
            panic!("khulasa {args:?} took more than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: t_out.join().unwrap(),
        stderr: t_err.join().unwrap(),
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Fails clearly (exit 1 or 2, no panic) with `needle` in the message.
fn assert_refused(o: &Output, needle: &str) {
    let e = stderr(o);
    assert!(
        !o.status.success(),
        "expected a failure, got success: {}",
        stdout(o)
    );
    assert!(
        matches!(o.status.code(), Some(1 | 2)),
        "exit {:?}: {e}",
        o.status
    );
    assert!(!e.contains("panicked"), "panic: {e}");
    assert!(e.contains(needle), "expected {needle:?} in: {e}");
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn page(body: &str) -> String {
    format!(
        "<html><head><meta charset=\"utf-8\"><title>خبر</title></head><body><article>{body}</article></body></html>"
    )
}

const SHORT: Duration = Duration::from_secs(60);

#[test]
fn empty_input() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "empty.html", b"");
    let p = f.to_str().unwrap();
    assert_refused(&run(&["extract", p], SHORT), "the page is empty");
    assert_refused(&run(&["summarize", p], SHORT), "the text is empty");
    let ws = write(dir.path(), "ws.txt", b" \n\t\n ");
    assert_refused(&run(&["summarize", ws.to_str().unwrap()], SHORT), "empty");
}

#[test]
fn binary_input() {
    let dir = tempfile::tempdir().unwrap();
    // Deterministic noise: a linear congruential generator.
    let mut x: u32 = 12345;
    let bytes: Vec<u8> = (0..100_000)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect();
    let f = write(dir.path(), "noise.html", &bytes);
    let p = f.to_str().unwrap();
    assert_refused(&run(&["extract", p], SHORT), "not an HTML page");
    assert_refused(&run(&["summarize", p], SHORT), "not valid UTF-8");
}

#[test]
fn invalid_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = format!("{PARA}\n\n{PARA}").into_bytes();
    let at = PARA.find(' ').unwrap();
    text.insert(at, 0xff);
    let f = write(dir.path(), "bad.txt", &text);
    let p = f.to_str().unwrap();
    // Plain text: the offset of the first bad byte, and the way out.
    let o = run(&["summarize", p], SHORT);
    assert_refused(&o, &format!("invalid byte at offset {at}"));
    assert!(stderr(&o).contains("--lossy"));
    let o = run(&["summarize", "--lossy", p], SHORT);
    assert!(o.status.success(), "{}", stderr(&o));
    // HTML: decoded as browsers do, the bad byte becomes U+FFFD.
    let mut html = page(&format!("<p>{PARA}</p>").repeat(4)).into_bytes();
    let at = html.len() - 40;
    html.insert(at, 0xc3);
    let f = write(dir.path(), "bad.html", &html);
    let o = run(&["extract", f.to_str().unwrap()], SHORT);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("وزير الخارجية"));
}

#[test]
fn wrong_declared_charset() {
    let dir = tempfile::tempdir().unwrap();
    // Declares UTF-8, is windows-1256.
    let html = page(&format!("<p>{PARA}</p>").repeat(4));
    let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode(&html);
    let f = write(dir.path(), "cp1256.html", &cp1256);
    let o = run(&["extract", f.to_str().unwrap()], SHORT);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("وزير الخارجية"), "{}", stdout(&o));
    // Declares windows-1256, is UTF-8.
    let html = page(&format!("<p>{PARA}</p>").repeat(4)).replace("utf-8", "windows-1256");
    let f = write(dir.path(), "utf8.html", html.as_bytes());
    let o = run(&["extract", f.to_str().unwrap()], SHORT);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("وزير الخارجية"));
}

#[test]
fn page_of_50_megabytes_is_extracted_and_one_over_64_mib_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let para = format!("<p>{PARA}</p>\n");
    let n = (50 << 20) / para.len() + 1;
    let f = write(dir.path(), "50mb.html", page(&para.repeat(n)).as_bytes());
    // The test binary is a debug build, many times slower than a release
    // one (36 s on a loaded 2-core machine): the default 20 s extraction
    // budget is for release builds, so this run gets a generous one.
    let path = f.to_str().unwrap();
    let o = run(
        &[
            "extract",
            "--format",
            "json",
            "--extract-timeout",
            "5m",
            path,
        ],
        Duration::from_secs(300),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).len() > 40 << 20);
    // A spent time budget is an error naming the flag that raises it.
    assert_refused(
        &run(&["extract", "--extract-timeout", "1ms", path], SHORT),
        "took longer than its time budget of 1 ms; raise it with --extract-timeout",
    );
    let n = (65 << 20) / para.len() + 1;
    let f = write(dir.path(), "65mb.html", page(&para.repeat(n)).as_bytes());
    assert_refused(
        &run(&["extract", f.to_str().unwrap()], SHORT),
        "the limit is 67108864 bytes; raise it with --max-page-bytes",
    );
    // The limit is the user's to set.
    let small = write(dir.path(), "small.html", page(&para.repeat(40)).as_bytes());
    assert_refused(
        &run(
            &[
                "extract",
                "--max-page-bytes",
                "2KiB",
                small.to_str().unwrap(),
            ],
            SHORT,
        ),
        "the limit is 2048 bytes; raise it with --max-page-bytes",
    );
}

#[test]
fn nesting_100000_deep() {
    let dir = tempfile::tempdir().unwrap();
    let html = page(&format!(
        "{}<p>{PARA}</p>{}",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    ));
    let f = write(dir.path(), "deep.html", html.as_bytes());
    let start = Instant::now();
    assert_refused(
        &run(&["extract", f.to_str().unwrap()], SHORT),
        "more than 512 deep (at least 513), the depth limit; raise it with --max-depth",
    );
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
    // 600 deep: refused by default, extracted when the limit is raised.
    let html = page(&format!(
        "{}<p>{PARA}</p>{}",
        "<div>".repeat(600),
        "</div>".repeat(600)
    ));
    let f = write(dir.path(), "600.html", html.as_bytes());
    assert_refused(
        &run(&["extract", f.to_str().unwrap()], SHORT),
        "--max-depth",
    );
    let o = run(
        &["extract", "--max-depth", "1000", f.to_str().unwrap()],
        SHORT,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("وزير الخارجية"));
}

#[test]
fn a_million_sentences() {
    let dir = tempfile::tempdir().unwrap();
    // A million sentences do not fit in the 2 MiB text limit: refused.
    let f = write(
        dir.path(),
        "million.txt",
        "هذا خبر. ".repeat(1_000_000).as_bytes(),
    );
    assert_refused(
        &run(&["summarize", f.to_str().unwrap()], SHORT),
        "the limit is 2097152 bytes; raise it with --max-text-bytes",
    );
    // As many as fit (about 130,000): summarised from the first 1,000.
    let text = format!("{PARA} ").repeat(20) + &"هذا خبر. ".repeat(130_000);
    let f = write(dir.path(), "many.txt", text.as_bytes());
    let v = summarize_json_generously(&f);
    assert!(!v["key_points"].as_array().unwrap().is_empty());
}

/// `khulasa summarize --format json FILE`, which must succeed. The test
/// binary is a debug build on a possibly loaded machine (3.4 s for 130,000
/// sentences here): the default 10 s budget is for release builds, so these
/// runs get a generous one.
fn summarize_json_generously(f: &Path) -> serde_json::Value {
    let o = run(
        &[
            "summarize",
            "--format",
            "json",
            "--summarize-timeout",
            "2m",
            f.to_str().unwrap(),
        ],
        Duration::from_secs(120),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn a_sentence_of_a_million_characters() {
    let dir = tempfile::tempdir().unwrap();
    let text: String = "كلمة ".repeat(200_000).chars().take(1_000_000).collect();
    let f = write(dir.path(), "long.txt", text.as_bytes());
    let v = summarize_json_generously(&f);
    let points = v["key_points"].as_array().unwrap();
    assert_eq!(points.len(), 1);
    // A key point is cut at 80 words, marked with an ellipsis.
    let words = points[0]["text"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .count();
    assert!(words <= 81, "{words} words");
    // Spoken: refused above the 64 KiB speech limit, whatever is installed.
    let o = run(
        &[
            "speak",
            "-f",
            f.to_str().unwrap(),
            "-o",
            dir.path().join("o.wav").to_str().unwrap(),
        ],
        SHORT,
    );
    assert_refused(&o, "the limit is 65536 bytes");
    assert_refused(&o, "raise it with --max-speech-bytes");
}

#[test]
fn zip_bomb_in_html_gz() {
    use flate2::{Compression, write::GzEncoder};
    let dir = tempfile::tempdir().unwrap();
    // 256 MiB of one byte, 250 KiB compressed (a 1 GiB bomb is refused the
    // same way, at the same point: inflation stops at the limit).
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(b"<html><body><p>").unwrap();
    let block = vec![b'a'; 1 << 20];
    for _ in 0..256 {
        gz.write_all(&block).unwrap();
    }
    let f = write(dir.path(), "bomb.html.gz", &gz.finish().unwrap());
    assert_refused(
        &run(&["extract", f.to_str().unwrap()], SHORT),
        "the page inflates to more than 67108864 bytes, the limit for a decompressed page; \
         raise it with --max-decompressed-bytes",
    );
}

#[test]
fn a_stage_over_its_time_budget_fails_the_item_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    // About 1.6 MB: well over a millisecond to parse, even in a release
    // build, and its text under the 2 MiB summarizing limit.
    let para = format!("<p>{PARA}</p>\n");
    write(&pages, "big.html", page(&para.repeat(10_000)).as_bytes());
    let db = dir.path().join("k.db");
    let (p, d) = (pages.to_str().unwrap(), db.to_str().unwrap());
    let o = run(
        &["batch", p, "--db", d, "-q", "--extract-timeout", "1ms"],
        Duration::from_secs(120),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "extracting took longer than its time budget of 1 ms; raise it with --extract-timeout"
        ),
        "{}",
        stderr(&o)
    );
    // Raised, the same page goes through (failed items are retried on request).
    let o = run(
        &[
            "batch",
            p,
            "--db",
            d,
            "-q",
            "--retry-failed",
            "--extract-timeout",
            "5m",
        ],
        Duration::from_secs(300),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 stored"), "{}", stderr(&o));
}

/// An RSS 2.0 feed of `n` items linking to `link(i)`.
fn rss(n: usize, link: impl Fn(usize) -> String) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>أخبار</title><link>https://news.example/</link>"#,
    );
    for i in 0..n {
        s.push_str(&format!(
            "<item><title>خبر {i}</title><link>{}</link><guid>g{i}</guid></item>",
            link(i)
        ));
    }
    s + "</channel></rss>"
}

#[test]
fn huge_feed() {
    let dir = tempfile::tempdir().unwrap();
    let feed = rss(1, |_| "https://news.example/a".into()).replace(
        "<title>أخبار</title>",
        &format!("<title>{}</title>", "x".repeat(17 << 20)),
    );
    let f = write(dir.path(), "huge.xml", feed.as_bytes());
    let db = dir.path().join("k.db");
    let o = run(
        &["ingest", f.to_str().unwrap(), "--db", db.to_str().unwrap()],
        SHORT,
    );
    assert_refused(
        &o,
        "larger than the limit of 16777216 bytes; raise it with --max-feed-bytes",
    );
}

#[test]
fn feed_of_100000_items() {
    let dir = tempfile::tempdir().unwrap();
    // Links to a private address: refused by the guard without a connection,
    // so the test measures the feed handling, not the network.
    let f = write(
        dir.path(),
        "many.xml",
        rss(100_000, |i| format!("http://10.0.0.1/a/{i}")).as_bytes(),
    );
    let db = dir.path().join("k.db");
    let o = run(
        &["ingest", f.to_str().unwrap(), "--db", db.to_str().unwrap()],
        Duration::from_secs(240),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // Only the first 2,000 items of a poll are taken, and the report says so.
    assert!(stderr(&o).contains("2000 items"), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("lists 100000 items; took the first 2000 (raise it with --max-feed-items)"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("private address"));
}

/// A free loopback port (bound, then released).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

fn serve(dir: &Path, extra: &[&str]) -> (Server, SocketAddr) {
    let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let db = dir.join("k.db");
    let child = Command::new(BIN)
        .args([
            "serve",
            "--addr",
            &addr.to_string(),
            "--db",
            db.to_str().unwrap(),
            "--no-demo",
        ])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server(child);
    let start = Instant::now();
    while TcpStream::connect(addr).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (server, addr)
}

fn get(addr: SocketAddr, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).ok();
    out
}

/// True when the peer closed the connection (read gives 0 bytes or fails).
fn closed_by_peer(s: &mut TcpStream) -> bool {
    s.set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let mut buf = [0u8; 256];
    match s.read(&mut buf) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => !matches!(
            e.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
    }
}

#[test]
fn slow_loris_clients_are_closed_and_others_served() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, addr) = serve(
        dir.path(),
        &["--header-timeout-secs", "1", "--max-connections", "64"],
    );
    // 40 clients that start a request and never finish its headers, and 10
    // that connect and say nothing.
    let mut slow: Vec<TcpStream> = (0..40)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                .unwrap();
            s
        })
        .collect();
    slow.extend((0..10).map(|_| TcpStream::connect(addr).unwrap()));
    // Meanwhile others are served.
    assert!(get(addr, "/healthz").starts_with("HTTP/1.1 200"));
    let start = Instant::now();
    let mut open: Vec<TcpStream> = slow;
    while !open.is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "{} slow clients still open after 15 s",
            open.len()
        );
        std::thread::sleep(Duration::from_millis(200));
        open.retain_mut(|s| {
            // Trickle one more byte, as a slow-loris client does.
            let _ = s.write_all(b"a");
            !closed_by_peer(s)
        });
    }
    assert!(get(addr, "/healthz").starts_with("HTTP/1.1 200"));
}

#[test]
fn more_clients_than_connections_wait_their_turn() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, addr) = serve(
        dir.path(),
        &["--header-timeout-secs", "2", "--max-connections", "4"],
    );
    let idle: Vec<TcpStream> = (0..4).map(|_| TcpStream::connect(addr).unwrap()).collect();
    // The fifth is accepted by the kernel and answered once a slot frees
    // (the idle ones time out after 2 s).
    let start = Instant::now();
    assert!(get(addr, "/healthz").starts_with("HTTP/1.1 200"));
    assert!(start.elapsed() < Duration::from_secs(10));
    drop(idle);
}

/// A tiny HTTP server on loopback answering every request with `answer`.
fn http_stub(answer: impl Fn(u16, &str) -> String + Send + 'static) -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for s in l.incoming() {
            let Ok(mut s) = s else { continue };
            let mut buf = [0u8; 4096];
            let n = s.read(&mut buf).unwrap_or(0);
            let head = String::from_utf8_lossy(&buf[..n]).into_owned();
            let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
            let _ = s.write_all(answer(port, &path).as_bytes());
        }
    });
    port
}

#[test]
fn redirect_loop() {
    let port = http_stub(|port, path| {
        let next = if path == "/a" { "/b" } else { "/a" };
        format!(
            "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{port}{next}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
    });
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let url = format!("http://127.0.0.1:{port}/a");
    let o = run(
        &[
            "ingest",
            &url,
            "--db",
            db.to_str().unwrap(),
            "--allow-private-urls",
        ],
        SHORT,
    );
    assert_refused(&o, "redirect");
}

#[test]
fn hostile_urls_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    // A stub that would answer, to show refusal happens before connecting
    // (localhost: a name resolving to loopback, as in DNS rebinding).
    let port = http_stub(|_, _| {
        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into()
    });
    let cases = [
        ("http://127.0.0.1/feed".to_string(), "loopback"),
        (format!("http://localhost:{port}/feed"), "loopback"),
        ("http://10.1.2.3/feed".to_string(), "private"),
        ("http://192.168.1.1/feed".to_string(), "private"),
        (
            "http://169.254.169.254/latest/meta-data/".to_string(),
            "link-local",
        ),
        ("http://[::ffff:127.0.0.1]/feed".to_string(), "loopback"),
        ("http://[::1]/feed".to_string(), "loopback"),
        ("http://[fe80::1]/feed".to_string(), "link-local"),
        ("http://2130706433/feed".to_string(), "loopback"),
    ];
    for (url, why) in cases {
        let o = run(&["ingest", &url, "--db", db.to_str().unwrap()], SHORT);
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{url}: {e}");
        assert!(
            e.to_lowercase().contains(why),
            "{url}: expected {why:?} in {e}"
        );
        assert!(!e.contains("panicked"), "{e}");
    }
}

#[test]
fn embed_origins_are_checked_and_only_they_get_cors() {
    let dir = tempfile::tempdir().unwrap();
    // Not an origin: refused at start, in words.
    let out = Command::new(BIN)
        .args(["serve", "--addr", "127.0.0.1:0", "--no-demo", "--db"])
        .arg(dir.path().join("bad.db"))
        .args(["--embed-origin", "https://news.example/articles"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("embed origin") && err.contains("no path"),
        "{err}"
    );

    let (_server, addr) = serve(
        dir.path(),
        &[
            "--embed-origin",
            "https://News.Example",
            "--embed-fetches-per-minute",
            "5",
        ],
    );
    let ask = |origin: &str| {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "GET /healthz HTTP/1.1\r\nHost: x\r\nOrigin: {origin}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).ok();
        out.to_ascii_lowercase()
    };
    // /healthz is not read by the box: no CORS there.
    assert!(!ask("https://news.example").contains("access-control-allow-origin"));
    let js = get(addr, "/embed.js");
    assert!(js.starts_with("HTTP/1.1 200"), "{js}");
    assert!(js.contains("customElements.define"));
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET /v1/articles HTTP/1.1\r\nHost: x\r\nOrigin: https://news.example\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).ok();
    assert!(
        out.to_ascii_lowercase()
            .contains("access-control-allow-origin: https://news.example"),
        "{out}"
    );
}
