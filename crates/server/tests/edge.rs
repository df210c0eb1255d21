//! What an anonymous client can do to a running server (issue 13): each
//! test plays the hostile client over loopback against the real router and
//! a real SQLite store.

mod common;

use common::{TEXT, TITLE, answer, client, post_json, start, status_of};
use khulasa_server::Config;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Sends `raw` on a fresh connection and returns everything the server
/// answers until it closes.
async fn raw(addr: std::net::SocketAddr, raw: &[u8]) -> String {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(raw).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(20), s.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn made_up_methods_share_one_metrics_label() {
    let srv = start(Config::default()).await;
    for i in 0..40 {
        let method = format!("M{i:0>200}");
        let out = raw(
            srv.addr,
            format!("{method} /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
                .as_bytes(),
        )
        .await;
        assert!(out.starts_with("HTTP/1.1 405"), "{out}");
    }
    raw(
        srv.addr,
        b"GET /no/such/page/abc HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    )
    .await;
    let metrics = client()
        .get(srv.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!metrics.contains("M000"), "a raw method became a label");
    assert!(!metrics.contains("/no/such"), "a raw path became a label");
    assert!(
        metrics.contains(
            "khulasa_http_requests_total{route=\"/healthz\",method=\"other\",status=\"405\"} 40"
        ),
        "{metrics}"
    );
    assert!(metrics.contains("route=\"unmatched\",method=\"GET\",status=\"404\""));
}

/// Stores the test article with no key set and returns its id.
async fn stored(srv: &common::TestServer, c: &reqwest::Client, key: Option<&str>) -> String {
    let mut req = c
        .post(srv.url("/v1/articles"))
        .json(&json!({"text": TEXT, "title": TITLE}));
    if let Some(k) = key {
        req = req.bearer_auth(k);
    }
    let (st, v) = answer(req).await;
    assert_eq!(st, 201, "{v}");
    v["id"].as_str().unwrap().to_string()
}

fn stats(srv: &common::TestServer) -> khulasa_store::Stats {
    srv.state.store().stats().unwrap()
}

#[tokio::test]
async fn gets_store_only_standard_lengths() {
    let srv = start(Config::default()).await;
    let c = client();
    let id = stored(&srv, &c, None).await;
    let base = stats(&srv).summaries;
    // Ratios a hair apart are one setting.
    for r in ["0.5", "0.50000000000001", "0.50000000000002", "0.499999999"] {
        assert_eq!(
            status_of(c.get(srv.url(&format!("/v1/articles/{id}/summary?ratio={r}")))).await,
            200
        );
    }
    assert_eq!(stats(&srv).summaries, base + 1);
    // Word counts and odd ratios are made, not stored.
    for q in ["words=17", "words=18", "ratio=0.37", "bullets=9"] {
        let res = c
            .get(srv.url(&format!("/v1/articles/{id}/summary?{q}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200, "{q}");
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["cached"], false, "{q}");
    }
    assert_eq!(stats(&srv).summaries, base + 1);
}

#[tokio::test]
async fn with_a_key_an_uncached_get_needs_it() {
    let srv = start(Config {
        api_key: Some("k3y\n".into()),
        ..Config::default()
    })
    .await;
    let c = client();
    let id = stored(&srv, &c, Some("k3y")).await;
    // Stored at creation: readable without a key.
    assert_eq!(
        status_of(c.get(srv.url(&format!("/v1/articles/{id}/summary")))).await,
        200
    );
    assert_eq!(
        status_of(c.get(srv.url(&format!("/v1/articles/{id}/summary?bullets=2")))).await,
        401
    );
    assert_eq!(
        status_of(
            c.get(srv.url(&format!("/v1/articles/{id}/summary?bullets=2")))
                .header("authorization", "bearer k3y")
        )
        .await,
        200
    );
    assert_eq!(
        status_of(c.get(srv.url(&format!("/v1/articles/{id}/summary/audio.wav?words=40")))).await,
        401
    );
}

#[tokio::test]
async fn auth_is_checked_before_the_body() {
    let srv = start(Config {
        api_key: Some("  s3cret  ".into()),
        ..Config::default()
    })
    .await;
    let c = client();
    let (st, e) = post_json(&c, &srv.url("/v1/articles"), json!({"nonsense": 1})).await;
    assert_eq!(st, 401, "{e}");
    assert_eq!(e["error"]["code"], "unauthorized");
    assert_eq!(
        status_of(
            c.post(srv.url("/v1/articles"))
                .header("content-type", "text/plain")
                .body("not json")
        )
        .await,
        401
    );
    for scheme in ["Bearer", "bearer", "BEARER"] {
        let r = c
            .post(srv.url("/v1/articles"))
            .header("authorization", format!("{scheme} s3cret"))
            .json(&json!({"text": TEXT, "title": TITLE}))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{scheme}: {}", r.status());
    }
}

/// A news site on loopback: the demo page, and a gzipped page that
/// inflates to 6 MiB.
async fn site() -> std::net::SocketAddr {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(b"<html><body><article><p>").unwrap();
    gz.write_all(&vec![b' '; 6 << 20]).unwrap();
    gz.write_all("نص.</p></article></body></html>".as_bytes())
        .unwrap();
    let gz = gz.finish().unwrap();
    let site = axum::Router::new()
        .route(
            "/news/1",
            axum::routing::get(|| async {
                (
                    [("content-type", "text/html; charset=utf-8")],
                    khulasa_server::demo::DEMO_HTML,
                )
            }),
        )
        .route(
            "/bomb.html.gz",
            axum::routing::get(move || async move {
                ([("content-type", "application/octet-stream")], gz)
            }),
        );
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, site).await });
    addr
}

#[tokio::test]
async fn a_claimed_url_never_replaces_a_fetched_article() {
    let site = site().await;
    let srv = start(Config {
        allow_private_urls: true,
        ..Config::default()
    })
    .await;
    let c = client();
    let url = format!("http://{site}/news/1");
    let (st, real) = post_json(&c, &srv.url("/v1/articles"), json!({"url": url})).await;
    assert_eq!(st, 201, "{real}");
    let real_id = real["id"].as_str().unwrap().to_string();
    let (st, fake) = post_json(
        &c,
        &srv.url("/v1/articles"),
        json!({"html": "<html><body><article><h1>خبر مزيف</h1><p>هذا نص مزيف كتبه عميل لا يملك الرابط.</p></article></body></html>", "url": url}),
    )
    .await;
    assert_eq!(st, 201, "{fake}");
    assert_ne!(fake["id"], real["id"]);
    assert!(fake.get("replaced").is_none_or(Value::is_null), "{fake}");
    assert_eq!(
        status_of(c.get(srv.url(&format!("/v1/articles/{real_id}")))).await,
        200,
        "the fetched article was replaced"
    );
    assert_eq!(
        srv.state
            .store()
            .article_id_by_url(&url)
            .unwrap()
            .map(|i| i.to_string()),
        Some(real_id)
    );
}

#[tokio::test]
async fn gzip_pages_inflate_only_to_the_page_limit() {
    let site = site().await;
    let srv = start(Config {
        allow_private_urls: true,
        ..Config::default()
    })
    .await;
    let c = client();
    let (st, e) = post_json(
        &c,
        &srv.url("/v1/articles"),
        json!({"url": format!("http://{site}/bomb.html.gz")}),
    )
    .await;
    assert_eq!(st, 413, "{e}");
    assert_eq!(e["error"]["code"], "payload_too_large");
}

#[tokio::test]
async fn fetch_errors_do_not_echo_socket_detail() {
    let srv = start(Config {
        allow_private_urls: true,
        ..Config::default()
    })
    .await;
    let (st, e) = post_json(
        &client(),
        &srv.url("/v1/articles"),
        json!({"url": "http://127.0.0.1:1/x"}),
    )
    .await;
    assert_eq!(st, 502, "{e}");
    assert_eq!(e["error"]["message"], "could not fetch the page");
}

#[tokio::test]
async fn cross_site_form_posts_are_refused() {
    let srv = start(Config::default()).await;
    let c = client();
    let form = [("text", TEXT), ("title", TITLE)];
    let r = c
        .post(srv.url("/new"))
        .header("sec-fetch-site", "cross-site")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert_eq!(
        status_of(
            c.post(srv.url("/new"))
                .header("origin", "http://evil.example")
                .form(&form)
        )
        .await,
        403
    );
    assert_eq!(
        status_of(
            c.post(srv.url("/new"))
                .header("origin", format!("http://{}", srv.addr))
                .header("sec-fetch-site", "same-origin")
                .form(&form)
        )
        .await,
        303,
        "{}",
        r.status()
    );
}

#[tokio::test]
async fn only_allowed_hosts_are_answered() {
    let srv = start(Config {
        allowed_hosts: vec!["LocalHost".into()],
        ..Config::default()
    })
    .await;
    let ok = raw(
        srv.addr,
        b"GET /healthz HTTP/1.1\r\nhost: localhost:8080\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    let bad = raw(
        srv.addr,
        b"GET /healthz HTTP/1.1\r\nhost: rebind.evil.example\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert!(bad.starts_with("HTTP/1.1 421"), "{bad}");
    assert!(bad.contains("unknown_host"));
    let page = raw(
        srv.addr,
        b"GET / HTTP/1.1\r\nhost: rebind.evil.example\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert!(page.starts_with("HTTP/1.1 421"), "{page}");
    assert!(
        page.to_ascii_lowercase()
            .contains("content-type: text/html"),
        "{page}"
    );
}

#[tokio::test]
async fn page_routes_answer_errors_as_pages() {
    let srv = start(Config::default()).await;
    let c = client();
    let r = c
        .post(srv.url("/new"))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 415);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let huge = raw(
        srv.addr,
        b"POST /new HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: 99999999999\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert!(huge.starts_with("HTTP/1.1 413"), "{huge}");
    assert!(
        huge.to_ascii_lowercase()
            .contains("content-type: text/html"),
        "{huge}"
    );
    let api = raw(
        srv.addr,
        b"POST /v1/articles HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 99999999999\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert!(api.starts_with("HTTP/1.1 413"), "{api}");
    assert!(api.contains(r#""code":"payload_too_large""#), "{api}");
    let r = c.delete(srv.url("/")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 405);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
}

#[tokio::test]
async fn a_client_that_never_reads_is_closed() {
    let dir = tempfile::tempdir().unwrap();
    let store =
        std::sync::Arc::new(khulasa_store::SqliteStore::open(dir.path().join("k.db")).unwrap());
    let state = khulasa_server::AppState::new(
        store,
        Config {
            write_timeout: std::time::Duration::from_secs(1),
            header_timeout: std::time::Duration::from_secs(120),
            request_timeout: std::time::Duration::from_secs(120),
            ..Config::default()
        },
    )
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(khulasa_server::serve(listener, state));
    // A large answer (the OpenAPI document is a few KB; the reader's
    // script is another), asked for many times over, never read.
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let one = b"GET /openapi.json HTTP/1.1\r\nhost: x\r\n\r\n";
    let n = 4000;
    let mut all = Vec::with_capacity(one.len() * n);
    for _ in 0..n {
        all.extend_from_slice(one);
    }
    let _ = s.write_all(&all).await;
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    // The server gave up: reading now drains what was queued and ends,
    // well short of all the answers, and long before the other timeouts.
    let mut got = Vec::new();
    let ended = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        let mut buf = vec![0u8; 1 << 16];
        loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(k) => got.extend_from_slice(&buf[..k]),
            }
        }
    })
    .await;
    assert!(ended.is_ok(), "the connection is still open");
    let answers = got.windows(15).filter(|w| w == b"HTTP/1.1 200 OK").count();
    assert!(answers < n, "all {answers} answers were sent");
}

#[tokio::test]
async fn bidi_controls_in_titles_are_isolated_on_pages() {
    let srv = start(Config::default()).await;
    let c = client();
    let title = "\u{202E}عنوان معكوس\u{200B}";
    let r = c
        .post(srv.url("/v1/articles"))
        .json(&json!({"text": TEXT, "title": title}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let index = c
        .get(srv.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let reader = c
        .get(srv.url(&format!("/a/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for page in [&index, &reader] {
        // Wherever the title is shown in the body, it is inside a `<bdi>`.
        let shown = page.matches("عنوان معكوس").count();
        let isolated = page.matches("<bdi>\u{202E}عنوان معكوس").count();
        assert!(shown >= 1);
        let in_head = page.matches("<title>").count().min(1)
            * page
                .split("</title>")
                .next()
                .unwrap_or("")
                .matches("عنوان معكوس")
                .count();
        assert_eq!(isolated, shown - in_head, "{page}");
    }
}

#[tokio::test]
async fn a_client_over_the_rate_limit_gets_429_json() {
    let dir = tempfile::tempdir().unwrap();
    let store =
        std::sync::Arc::new(khulasa_store::SqliteStore::open(dir.path().join("k.db")).unwrap());
    let state = khulasa_server::AppState::new(
        store,
        Config {
            rate_limit: Some(khulasa_server::RateLimit {
                per_second: 0.5,
                burst: 3,
            }),
            ..Config::default()
        },
    )
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(khulasa_server::serve(listener, state));
    let c = client();
    let url = format!("http://{addr}/v1/articles");
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(c.get(&url).send().await.unwrap().status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 429, 429]);
    let r = c.get(&url).send().await.unwrap();
    assert!(r.headers().contains_key("retry-after"));
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["code"], "rate_limited");
    // Health checks are not counted.
    assert_eq!(
        status_of(c.get(format!("http://{addr}/healthz"))).await,
        200
    );
}
