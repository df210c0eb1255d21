//! Each stage's own limits and time budget, set in `Config`, over real HTTP:
//! a spent budget is 503 `timeout` naming the stage, a limit hit is the
//! status its kind calls for, and other requests are served meanwhile.

mod common;

use common::{TEXT, TITLE, client, start};
use khulasa_server::Config;
use serde_json::{Value, json};
use std::time::Duration;

async fn post(c: &reqwest::Client, url: &str, body: Value) -> (u16, Value) {
    let r = c.post(url).json(&body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn page() -> String {
    format!(
        "<html><head><title>{TITLE}</title></head><body><article>{}</article></body></html>",
        TEXT.split(". ")
            .map(|s| format!("<p>{s}.</p>"))
            .collect::<String>()
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spent_extraction_budget_is_503_timeout_naming_the_stage() {
    let mut cfg = Config::default();
    cfg.extract.time_budget = Some(Duration::ZERO);
    let s = start(cfg).await;
    let c = client();
    let (st, body) = post(&c, &s.url("/v1/summarize"), json!({"html": page()})).await;
    assert_eq!(st, 503, "{body}");
    assert_eq!(body["error"]["code"], "timeout", "{body}");
    let msg = body["error"]["message"].as_str().unwrap();
    assert!(
        msg.starts_with("extracting took longer than its time budget"),
        "{msg}"
    );
    // Text needs no extraction: served as usual.
    let (st, body) = post(&c, &s.url("/v1/summarize"), json!({"text": TEXT})).await;
    assert_eq!(st, 200, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spent_summarizing_budget_is_503_timeout_naming_the_stage() {
    let mut cfg = Config::default();
    cfg.summarize.time_budget = Some(Duration::ZERO);
    let s = start(cfg).await;
    let (st, body) = post(&client(), &s.url("/v1/summarize"), json!({"text": TEXT})).await;
    assert_eq!(st, 503, "{body}");
    assert_eq!(body["error"]["code"], "timeout", "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("summarising took longer than its time budget"),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_limits_from_config_are_applied() {
    let mut cfg = Config::default();
    cfg.extract.max_depth = 8;
    let s = start(cfg).await;
    let deep = format!(
        "<html><body>{}<p>{TEXT}</p>{}</body></html>",
        "<div>".repeat(20),
        "</div>".repeat(20)
    );
    let (st, body) = post(&client(), &s.url("/v1/summarize"), json!({"html": deep})).await;
    assert_eq!(st, 422, "{body}");
    assert_eq!(body["error"]["code"], "bad_page", "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("more than 8 deep"),
        "{body}"
    );
}
