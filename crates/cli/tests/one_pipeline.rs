//! One pipeline, one wire format: the same text given by every door —
//! `POST /v1/articles`, the page form `POST /new`, `khulasa batch` with a
//! `.txt` file and with a JSON Lines line — is one article with one id in
//! one store; `khulasa summarize --format json` and `POST /v1/summarize`
//! answer the same object for the same text.

mod common;

use common::{khulasa, output_with_stdin};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;

/// An article written for this test; wrapped lines inside paragraphs, as a
/// pasted text has them.
const TEXT: &str = "افتتحت البلدية صباح اليوم مكتبة عامة جديدة في وسط المدينة،
تضم أكثر من عشرين ألف كتاب وقاعة للمطالعة تتسع لمئتي قارئ.

وقال رئيس البلدية إن المكتبة ستفتح أبوابها يومياً حتى العاشرة مساءً،
وإن الدخول إليها مجاني لجميع السكان.

وأضاف أن البلدية تعتزم افتتاح ثلاث مكتبات أخرى في الأحياء الشرقية خلال العامين المقبلين.";

/// A server over the SQLite file `db`, on a runtime of its own.
fn serve(db: &std::path::Path) -> (SocketAddr, tokio::runtime::Runtime) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let store = Arc::new(khulasa_store::SqliteStore::open(db).unwrap());
    let state = khulasa_server::AppState::new(store, khulasa_server::Config::default()).unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    rt.spawn(async move { axum::serve(listener, khulasa_server::app(state)).await });
    (addr, rt)
}

/// One HTTP/1.1 request; the status and body of the answer.
fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    content_type: &str,
    body: &[u8],
) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    s.write_all(body).unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    let status = answer[9..12].parse().unwrap();
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn the_same_text_is_one_article_by_every_door() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("k.db");
    let (addr, _rt) = serve(&db);

    // The JSON API.
    let body = serde_json::json!({ "text": TEXT }).to_string();
    let (st, created) = request(
        addr,
        "POST",
        "/v1/articles",
        "application/json",
        body.as_bytes(),
    );
    assert_eq!(st, 201, "{created}");
    let created: Value = serde_json::from_str(&created).unwrap();
    let id = created["id"].as_str().unwrap().to_string();

    // The page form: redirects to the reader page of the same article.
    let form = format!("url=&title=&text={}", form_encode(TEXT));
    let (st, _) = request(
        addr,
        "POST",
        "/new",
        "application/x-www-form-urlencoded",
        form.as_bytes(),
    );
    assert_eq!(st, 303);
    let (st, reader) = request(addr, "GET", &format!("/a/{id}"), "text/plain", b"");
    assert_eq!(st, 200, "{reader}");

    // Batch, a .txt file and a JSON Lines line, into the same store.
    let pages = tmp.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    std::fs::write(pages.join("story.txt"), TEXT).unwrap();
    let lines = tmp.path().join("items.jsonl");
    std::fs::write(
        &lines,
        format!("{}\n", serde_json::json!({"id": "s1", "text": TEXT})),
    )
    .unwrap();
    let out = tmp.path().join("out.jsonl");
    let run = khulasa()
        .args(["batch", "--quiet", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&out)
        .arg(&pages)
        .arg(&lines)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let ids: Vec<String> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            v["article_id"]
                .as_str()
                .unwrap_or_else(|| panic!("{l}"))
                .to_string()
        })
        .collect();
    assert_eq!(ids, vec![id.clone(), id.clone()]);

    // One article in the store.
    let stats = khulasa()
        .args(["stats", "--format", "json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let stats: Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(stats["articles"], 1, "{stats}");
}

#[test]
fn summarize_json_and_the_api_answer_the_same_object() {
    let tmp = tempfile::tempdir().unwrap();
    let (addr, _rt) = serve(&tmp.path().join("k.db"));
    for (args, body) in [
        (
            vec!["--bullets", "2"],
            serde_json::json!({"text": TEXT, "title": "مكتبة جديدة", "bullets": 2}),
        ),
        (
            vec!["--ratio", "0.5"],
            serde_json::json!({"text": TEXT, "title": "مكتبة جديدة", "ratio": 0.5}),
        ),
    ] {
        let cli = output_with_stdin(
            khulasa()
                .args([
                    "summarize",
                    "-",
                    "--format",
                    "json",
                    "--title",
                    "مكتبة جديدة",
                ])
                .args(&args),
            TEXT.as_bytes(),
        );
        assert!(
            cli.status.success(),
            "{}",
            String::from_utf8_lossy(&cli.stderr)
        );
        let cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
        let (st, api) = request(
            addr,
            "POST",
            "/v1/summarize",
            "application/json",
            body.to_string().as_bytes(),
        );
        assert_eq!(st, 200, "{api}");
        let api: Value = serde_json::from_str(&api).unwrap();
        assert_eq!(cli, api);
        // Sources ascending and unique, spans inside the text given back.
        let text = api["text"].as_str().unwrap();
        for p in api["key_points"].as_array().unwrap() {
            let src: Vec<u64> = p["sources"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap())
                .collect();
            assert!(src.windows(2).all(|w| w[0] < w[1]), "{src:?}");
            for s in p["spans"].as_array().unwrap() {
                let (a, b) = (
                    s["start"].as_u64().unwrap() as usize,
                    s["end"].as_u64().unwrap() as usize,
                );
                assert!(text.get(a..b).is_some());
            }
        }
    }
}
