//! The API's JSON request bodies, through the real router
//! (`POST /v1/summarize`, stateless) and through serde for
//! `POST /v1/articles`. A handler panic would be caught by the server and
//! answered 500, so any 500 here is a failure.
#![no_main]
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};
use tower::ServiceExt;

struct Fixture {
    rt: tokio::runtime::Runtime,
    router: axum::Router,
    _dir: tempfile::TempDir,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(khulasa_store::SqliteStore::open(dir.path().join("fuzz.db")).unwrap());
        let state = khulasa_server::AppState::new(store, khulasa_server::Config::default()).unwrap();
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        Fixture { rt, router: khulasa_server::app(state), _dir: dir }
    })
}

fuzz_target!(|data: &[u8]| {
    // The request body of both POST endpoints is one wire type.
    let _ = serde_json::from_slice::<khulasa_pipeline::wire::ArticleRequest>(data);
    let f = fixture();
    let req = Request::post("/v1/summarize")
        .header("content-type", "application/json")
        .body(Body::from(data.to_vec()))
        .unwrap();
    let (status, body) = f.rt.block_on(async {
        let resp = f.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let body = resp.into_body().collect().await.unwrap().to_bytes();
        (status, body)
    });
    assert_ne!(status, StatusCode::INTERNAL_SERVER_ERROR, "500: {}", String::from_utf8_lossy(&body));
    // Every answer, success or error, is JSON.
    let v: serde_json::Value = serde_json::from_slice(&body).expect("JSON answer");
    if !status.is_success() {
        assert!(v["error"]["code"].is_string(), "error without a code: {v}");
    }
});
