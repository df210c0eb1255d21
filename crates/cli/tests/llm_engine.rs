//! `--engine llm` on the command line: `summarize`, `batch` and `eval
//! summarize` against a loopback chat-completions endpoint of our own that
//! answers with the article's lead sentence (faithful) and a point with a
//! number the article does not hold; and the errors in words when the
//! endpoint is down or not given.

mod common;

use common::khulasa;
use khulasa_llm::testing::{Endpoint, Reply};
use serde_json::{Value, json};

const TEXT: &str = "Heavy rain flooded the coastal town of Port Allen on Monday, forcing 300 families from their homes. \
No deaths were reported.\n\n\
Mayor Linda Ortiz said the water had risen two metres in four hours. \
She argued that the town's drains had not been cleaned for years.\n\n\
The regional government sent 25 boats to help with the rescue.";

/// The endpoint: the lead sentence, and the lead with 300 made 3,000.
fn endpoint() -> String {
    Endpoint::start(|req, _| {
        let user = req.user_message();
        let article = user.split_once("Article:\n").map_or(user, |(_, a)| a);
        let first = &article[..article.find(". ").map_or(article.len(), |i| i + 1)];
        Reply::points(&[first.to_string(), first.replace("300", "3,000")])
    })
    .base
}

#[test]
fn summarize_marks_origins_and_lists_refusals() {
    let url = endpoint();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.txt");
    std::fs::write(&p, TEXT).unwrap();
    let out = khulasa()
        .env_remove("KHULASA_LLM_KEY")
        .args([
            "summarize",
            p.to_str().unwrap(),
            "--format",
            "json",
            "--bullets",
            "2",
        ])
        .args([
            "--engine",
            "llm",
            "--llm-url",
            &url,
            "--llm-model",
            "scripted",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["key_points"][0]["origin"], "llm");
    assert_eq!(v["key_points"][0]["sources"], json!([0]));
    assert_eq!(v["key_points"][1]["origin"], "extractive");
    assert_eq!(v["refused"][0]["rule"], "number");
    assert!(
        v["refused"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("3,000"),
        "{v}"
    );
    assert!(
        v["method"].as_str().unwrap().starts_with("llm:scripted"),
        "{v}"
    );

    // batch: the same points, in the --out line.
    let outf = dir.path().join("out.jsonl");
    let out = khulasa()
        .args([
            "batch",
            "--quiet",
            "--bullets",
            "2",
            "--out",
            outf.to_str().unwrap(),
        ])
        .args([
            "--engine",
            "llm",
            "--llm-url",
            &url,
            "--llm-model",
            "scripted",
        ])
        .arg(&p)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line: Value = serde_json::from_str(
        std::fs::read_to_string(&outf)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(line["key_points"][0]["origin"], "llm", "{line}");
}

#[test]
fn eval_reports_the_llm_row_and_the_checks_figures() {
    let url = endpoint();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("d.jsonl");
    let items: Vec<String> = (0..3)
        .map(|i| json!({"id": format!("x{i}"), "text": TEXT, "summary": "Rain flooded Port Allen, forcing 300 families from their homes."}).to_string())
        .collect();
    std::fs::write(&data, items.join("\n")).unwrap();
    let out = khulasa()
        .args([
            "eval",
            "summarize",
            "--data",
            data.to_str().unwrap(),
            "--bullets",
            "2",
            "--json",
        ])
        .args([
            "--engine",
            "llm",
            "--llm-url",
            &url,
            "--llm-model",
            "scripted",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let llm = &v["llm"];
    assert_eq!(llm["items"], 3, "{v}");
    assert_eq!(llm["refused"]["number"], 3, "{v}");
    assert_eq!(llm["model_points"], 3);
    assert_eq!(llm["points"], 6);
    assert_eq!(llm["all_from_model"], 0.0);
    assert!(llm["system"]["rouge1"].as_f64().unwrap() > 0.0);
    assert!(v["system"]["rouge1"].as_f64().is_some() && v["lead"]["rouge1"].as_f64().is_some());
}

#[test]
fn a_missing_or_down_endpoint_is_an_error_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.txt");
    std::fs::write(&p, TEXT).unwrap();
    let out = khulasa()
        .args(["summarize", p.to_str().unwrap(), "--engine", "llm"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--llm-url"));
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = khulasa()
        .env("KHULASA_LLM_KEY", "sk-never-shown")
        .args([
            "summarize",
            p.to_str().unwrap(),
            "--engine",
            "llm",
            "--llm-retries",
            "0",
        ])
        .args([
            "--llm-url",
            &format!("http://127.0.0.1:{port}/v1"),
            "--llm-model",
            "m",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unreachable"), "{err}");
    assert!(!err.contains("sk-never-shown"), "{err}");
}
