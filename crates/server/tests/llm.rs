//! The LLM engine through the server: per-request `"engine"`, the check's
//! answer on the wire (`origin`, `refused`, `method`), and a model that is
//! down served as the extractive summary with a warning, never a 500.

mod common;

use common::{TEXT, TITLE, client, start};
use khulasa_llm::testing::{Endpoint, Reply};
use khulasa_pipeline::{Engine, LlmConfig};
use khulasa_server::Config;
use serde_json::{Value, json};
use std::time::Duration;

/// A loopback chat-completions endpoint that answers every request with the
/// article's first sentence (faithful) and a point with an invented number.
fn endpoint() -> String {
    Endpoint::start(|req, _| {
        let user = req.user_message();
        let article = user.split_once("النص:\n").map_or(user, |(_, a)| a);
        let first = &article[..article.find('.').map_or(article.len(), |i| i + 1)];
        Reply::points(&[
            first,
            "أعلنت وزارة الصحة إطلاق حملة وطنية للتطعيم تستهدف 9 ملايين شخص",
        ])
    })
    .base
}

fn llm(url: String) -> LlmConfig {
    let mut c = LlmConfig::new(url, "scripted");
    c.key = None;
    c.timeout = Duration::from_secs(5);
    c.retries = 0;
    c
}

#[tokio::test]
async fn the_request_picks_the_engine_and_the_check_is_on_the_wire() {
    let s = start(Config {
        llm: Some(llm(endpoint())),
        ..Config::default()
    })
    .await;
    let c = client();
    let post = |body: Value| {
        let c = c.clone();
        let url = s.url("/v1/summarize");
        async move {
            let r = c.post(url).json(&body).send().await.unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    // The server's default stays extractive.
    let (st, v) = post(json!({"text": TEXT, "title": TITLE, "bullets": 2})).await;
    assert_eq!(st, 200);
    assert!(
        v["key_points"]
            .as_array()
            .unwrap()
            .iter()
            .all(|k| k["origin"] == "extractive")
    );
    assert_eq!(v["refused"], json!([]));
    let (st, v) = post(json!({"text": TEXT, "title": TITLE, "bullets": 2, "engine": "llm"})).await;
    assert_eq!(st, 200, "{v}");
    let points = v["key_points"].as_array().unwrap();
    assert_eq!(points.len(), 2);
    assert_eq!(points[0]["origin"], "llm");
    assert_eq!(points[0]["sources"], json!([0]));
    assert_eq!(points[1]["origin"], "extractive");
    assert_eq!(
        v["refused"][0]["text"],
        "أعلنت وزارة الصحة إطلاق حملة وطنية للتطعيم تستهدف 9 ملايين شخص"
    );
    assert_eq!(v["refused"][0]["rule"], "number");
    assert!(
        v["method"].as_str().unwrap().contains("llm:scripted"),
        "{v}"
    );
    assert!(
        v["engine_version"]
            .as_str()
            .unwrap()
            .contains("llm:scripted"),
        "{v}"
    );
    assert!(v.get("warning").is_none());
    let (st, v) = post(json!({"text": TEXT, "engine": "gpt"})).await;
    assert_eq!(st, 422, "{v}");
    let m = c
        .get(s.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        m.contains("khulasa_llm_points_total{origin=\"llm\"} 1"),
        "{m}"
    );
    assert!(
        m.contains("khulasa_llm_refused_total{rule=\"number\"} 1"),
        "{m}"
    );
    assert!(m.contains("khulasa_llm_fallbacks_total 0"), "{m}");
}

#[tokio::test]
async fn a_model_that_is_down_gets_the_extractive_summary_with_a_warning() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let s = start(Config {
        llm: Some(llm(format!("http://127.0.0.1:{port}/v1"))),
        engine: Engine::Llm,
        ..Config::default()
    })
    .await;
    let c = client();
    for path in ["/v1/summarize", "/v1/articles"] {
        let r = c
            .post(s.url(path))
            .json(&json!({"text": TEXT, "title": TITLE}))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
        let v: Value = r.json().await.unwrap();
        let summary = if path == "/v1/articles" {
            &v["summary"]
        } else {
            &v
        };
        assert!(
            summary["warning"]
                .as_str()
                .unwrap()
                .contains("language model"),
            "{v}"
        );
        assert!(
            summary["key_points"]
                .as_array()
                .unwrap()
                .iter()
                .all(|k| k["origin"] == "extractive")
        );
        assert_eq!(summary["engine_version"], khulasa_summarize::ENGINE_VERSION);
    }
    let m = c
        .get(s.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(m.contains("khulasa_llm_fallbacks_total 2"), "{m}");
}

#[tokio::test]
async fn llm_without_an_endpoint_is_refused_in_words() {
    let s = start(Config::default()).await;
    let r = client()
        .post(s.url("/v1/summarize"))
        .json(&json!({"text": TEXT, "engine": "llm"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "llm_not_configured");
}
