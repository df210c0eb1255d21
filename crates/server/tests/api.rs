//! The JSON API over real HTTP, against a server on a loopback port with a
//! real SQLite file.

mod common;

use common::{TEXT, TITLE, client, get_json, post_json, start, status_of};
use khulasa_server::Config;
use serde_json::{Value, json};
use std::time::Duration;

fn assert_error(status: u16, body: &Value, want_status: u16, want_code: &str) {
    assert_eq!(status, want_status, "{body}");
    assert_eq!(body["error"]["code"], want_code, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_article_is_stored_summarised_and_read_back() {
    let s = start(Config::default()).await;
    let c = client();
    let (st, created) = post_json(
        &c,
        &s.url("/v1/articles"),
        json!({"text": TEXT, "title": TITLE}),
    )
    .await;
    assert_eq!(st, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 16);
    assert_eq!(created["status"], "inserted");
    assert_eq!(created["reader"], format!("/a/{id}"));
    assert_eq!(created["lang"], "ar");
    let points = created["summary"]["key_points"].as_array().unwrap();
    assert_eq!(points.len(), 3, "{created}");
    for p in points {
        assert!(!p["text"].as_str().unwrap().is_empty());
        assert!(!p["sources"].as_array().unwrap().is_empty());
    }
    assert_eq!(created["summary"]["cached"], false);

    // The same article again: found, not stored twice; the summary is a lookup.
    let (st, again) = post_json(
        &c,
        &s.url("/v1/articles"),
        json!({"text": TEXT, "title": TITLE}),
    )
    .await;
    assert_eq!(st, 200);
    assert_eq!(again["id"], id.as_str());
    assert_eq!(again["status"], "existing");
    assert_eq!(again["summary"]["cached"], true);
    assert_eq!(
        again["summary"]["key_points"],
        created["summary"]["key_points"]
    );

    let (st, article) = get_json(&c, &s.url(&format!("/v1/articles/{id}"))).await;
    assert_eq!(st, 200);
    assert_eq!(article["title"], TITLE);
    assert_eq!(article["dir"], "rtl");
    let sentences = article["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), 6, "{article}");
    let text = article["text"].as_str().unwrap();
    let first = &sentences[0];
    let (a, b) = (
        first["start"].as_u64().unwrap() as usize,
        first["end"].as_u64().unwrap() as usize,
    );
    assert!(text[a..b].starts_with("أعلنت وزارة الصحة"));

    // The stored summary, then another length (made once, then cached).
    let (st, summary) = get_json(&c, &s.url(&format!("/v1/articles/{id}/summary"))).await;
    assert_eq!(st, 200);
    assert_eq!(summary["cached"], true);
    assert_eq!(summary["article"], id.as_str());
    let (_, two) = get_json(&c, &s.url(&format!("/v1/articles/{id}/summary?bullets=2"))).await;
    assert_eq!(two["key_points"].as_array().unwrap().len(), 2);
    assert_eq!(two["cached"], false);
    assert_eq!(two["params"], json!({"bullets": 2}));
    let (_, two_again) =
        get_json(&c, &s.url(&format!("/v1/articles/{id}/summary?bullets=2"))).await;
    assert_eq!(two_again["cached"], true);
    let (st, words) = get_json(&c, &s.url(&format!("/v1/articles/{id}/summary?words=30"))).await;
    assert_eq!(st, 200, "{words}");
    assert_eq!(words["params"], json!({"words": 30}));

    let stats = s.state.store().stats().unwrap();
    // `words` lengths are made on request, never stored (issue 13).
    assert_eq!((stats.articles, stats.summaries), (1, 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn html_pages_are_extracted() {
    let s = start(Config::default()).await;
    let c = client();
    let (st, created) = post_json(
        &c,
        &s.url("/v1/articles"),
        json!({"html": khulasa_server::demo::DEMO_HTML, "url": khulasa_server::demo::DEMO_URL, "bullets": 2}),
    )
    .await;
    assert_eq!(st, 201, "{created}");
    assert_eq!(
        created["title"],
        "افتتاح أكبر محطة لتحلية مياه البحر بالطاقة الشمسية في المنطقة"
    );
    assert_eq!(
        created["published"].as_str().map(|d| &d[..10]),
        Some("2025-03-13")
    );
    assert_eq!(
        created["summary"]["key_points"].as_array().unwrap().len(),
        2
    );
    let id = created["id"].as_str().unwrap();
    let (_, a) = get_json(&c, &s.url(&format!("/v1/articles/{id}"))).await;
    assert_eq!(
        a["lead_image"]["credit"]
            .as_str()
            .map(|c| c.contains("ليلى حداد")),
        Some(true),
        "{a}"
    );
    let text = a["text"].as_str().unwrap();
    assert!(
        !text.contains("فيسبوك") && !text.contains("اقرأ أيضاً"),
        "chrome leaked: {text}"
    );
    assert!(
        a["authors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n == "سارة المنصوري"),
        "{a}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listing_paging_and_normalised_search() {
    let s = start(Config::default()).await;
    let c = client();
    post_json(
        &c,
        &s.url("/v1/articles"),
        json!({"text": TEXT, "title": TITLE}),
    )
    .await;
    for i in 0..3 {
        let text = format!(
            "افتتح المعرض الدولي للكتاب دورته رقم {i} بمشاركة مئات الناشرين من الدول العربية."
        );
        let (st, b) = post_json(
            &c,
            &s.url("/v1/articles"),
            json!({"text": text, "title": format!("معرض الكتاب {i}")}),
        )
        .await;
        assert_eq!(st, 201, "{b}");
    }
    let (st, list) = get_json(&c, &s.url("/v1/articles?per_page=2")).await;
    assert_eq!(st, 200);
    assert_eq!(list["total"], 4);
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    assert_eq!(list["items"][0]["title"], "معرض الكتاب 2", "newest first");
    let (_, p2) = get_json(&c, &s.url("/v1/articles?per_page=2&page=2")).await;
    assert_eq!(p2["items"][1]["title"], TITLE);

    // "الانفلونزا" without hamza finds "الإنفلونزا"; "الموسميه" finds "الموسمية".
    let q = reqwest::Url::parse_with_params(&s.url("/v1/articles"), &[("q", "الانفلونزا الموسميه")])
        .unwrap();
    let (st, hits) = get_json(&c, q.as_str()).await;
    assert_eq!(st, 200, "{hits}");
    assert_eq!(hits["total"], 1);
    assert_eq!(hits["items"][0]["title"], TITLE);
    assert!(hits["items"][0]["score"].as_f64().unwrap() > 0.0);
    let q = reqwest::Url::parse_with_params(&s.url("/v1/articles"), &[("q", "النّاشرين")]).unwrap();
    assert_eq!(get_json(&c, q.as_str()).await.1["total"], 3);

    let q = reqwest::Url::parse_with_params(&s.url("/v1/articles"), &[("q", "؟!")]).unwrap();
    let (st, e) = get_json(&c, q.as_str()).await;
    assert_error(st, &e, 400, "invalid_query");
    let (st, e) = get_json(&c, &s.url("/v1/articles?page=abc")).await;
    assert_error(st, &e, 400, "invalid_query");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_json_errors_with_the_right_status() {
    let s = start(Config::default()).await;
    let c = client();
    let (st, e) = get_json(&c, &s.url("/v1/articles/not-an-id")).await;
    assert_error(st, &e, 400, "invalid_id");
    let (st, e) = get_json(&c, &s.url("/v1/articles/00000000deadbeef")).await;
    assert_error(st, &e, 404, "not_found");
    let (st, e) = get_json(&c, &s.url("/v1/articles/00000000deadbeef/summary")).await;
    assert_error(st, &e, 404, "not_found");
    let (st, e) = get_json(&c, &s.url("/v1/nothing-here")).await;
    assert_error(st, &e, 404, "not_found");

    let r = c
        .post(s.url("/v1/articles"))
        .header("content-type", "application/json")
        .body("{\"text\": ")
        .send()
        .await
        .unwrap();
    let st = r.status().as_u16();
    assert_error(st, &r.json().await.unwrap(), 400, "invalid_json");
    let r = c
        .post(s.url("/v1/articles"))
        .body("text=abc")
        .send()
        .await
        .unwrap();
    let st = r.status().as_u16();
    assert_error(st, &r.json().await.unwrap(), 415, "unsupported_media_type");
    let deep = "[".repeat(10_000) + &"]".repeat(10_000);
    let r = c
        .post(s.url("/v1/summarize"))
        .header("content-type", "application/json")
        .body(deep)
        .send()
        .await
        .unwrap();
    let st = r.status().as_u16();
    assert_error(st, &r.json().await.unwrap(), 422, "invalid_field");
    let deep = format!(
        "{{\"text\": \"x\", \"title\": {}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let r = c
        .post(s.url("/v1/summarize"))
        .header("content-type", "application/json")
        .body(deep)
        .send()
        .await
        .unwrap();
    assert!([400, 422].contains(&r.status().as_u16()));

    let (st, e) = post_json(
        &c,
        &s.url("/v1/articles"),
        json!({"text": TEXT, "colour": "red"}),
    )
    .await;
    assert_error(st, &e, 422, "invalid_field");
    let (st, e) = post_json(&c, &s.url("/v1/articles"), json!({"title": "بلا نص"})).await;
    assert_error(st, &e, 422, "invalid_input");
    let (st, e) = post_json(
        &c,
        &s.url("/v1/articles"),
        json!({"text": TEXT, "html": "<p>x</p>"}),
    )
    .await;
    assert_error(st, &e, 422, "invalid_input");
    let (st, e) = post_json(&c, &s.url("/v1/articles"), json!({"text": "   \n\n  "})).await;
    assert_error(st, &e, 422, "no_text");
    let (st, e) = post_json(
        &c,
        &s.url("/v1/articles"),
        json!({"text": TEXT, "bullets": 0}),
    )
    .await;
    assert_error(st, &e, 422, "invalid_length");
    let (st, e) = post_json(
        &c,
        &s.url("/v1/articles"),
        json!({"text": TEXT, "bullets": 2, "words": 40}),
    )
    .await;
    assert_error(st, &e, 422, "invalid_length");
    let (st, e) = post_json(
        &c,
        &s.url("/v1/articles"),
        json!({"text": TEXT, "ratio": 2.5}),
    )
    .await;
    assert_error(st, &e, 422, "invalid_length");
    let (st, e) = post_json(&c, &s.url("/v1/summarize"), json!({"text": "!!! ... ؟؟"})).await;
    assert_error(st, &e, 422, "cannot_summarize");

    let r = c.delete(s.url("/v1/articles")).send().await.unwrap();
    let st = r.status().as_u16();
    assert_error(st, &r.json().await.unwrap(), 405, "method_not_allowed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_bodies_get_413_json() {
    let config = Config {
        max_body_bytes: 64 * 1024,
        ..Config::default()
    };
    let s = start(config).await;
    let c = client();
    let big = "ا".repeat(100 * 1024);
    // With a Content-Length header: refused before the body is read.
    let (st, e) = post_json(&c, &s.url("/v1/articles"), json!({"text": big})).await;
    assert_error(st, &e, 413, "payload_too_large");
    // Streamed (chunked, no length): refused when the limit is crossed.
    let res = chunked_post(s.addr, "/v1/summarize", &format!("{{\"text\": \"{big}\"}}")).await;
    assert!(res.starts_with("HTTP/1.1 413"), "{res}");
    assert!(res.contains("\"code\":\"payload_too_large\""), "{res}");
    // A field over its own cap (text 1 MiB by default) also gets 413.
    let config = Config {
        max_text_bytes: 1000,
        ..Config::default()
    };
    let s2 = start(config).await;
    let (st, e) = post_json(
        &c,
        &s2.url("/v1/summarize"),
        json!({"text": "كلمة ".repeat(400)}),
    )
    .await;
    assert_error(st, &e, 413, "payload_too_large");
}

/// POSTs `body` with chunked transfer encoding (no Content-Length) over a
/// raw connection; returns the whole response.
async fn chunked_post(addr: std::net::SocketAddr, path: &str, body: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nhost: test\r\ncontent-type: application/json\r\n\
         transfer-encoding: chunked\r\nconnection: close\r\n\r\n"
    );
    conn.write_all(head.as_bytes()).await.unwrap();
    for chunk in body.as_bytes().chunks(8 * 1024) {
        let mut c = format!("{:x}\r\n", chunk.len()).into_bytes();
        c.extend_from_slice(chunk);
        c.extend_from_slice(b"\r\n");
        // The server may answer and close before reading it all.
        if conn.write_all(&c).await.is_err() {
            break;
        }
    }
    let _ = conn.write_all(b"0\r\n\r\n").await;
    let mut out = Vec::new();
    let _ = conn.read_to_end(&mut out).await;
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn urls_to_private_addresses_are_refused() {
    let s = start(Config::default()).await;
    let c = client();
    for url in [
        "http://127.0.0.1/",
        format!("http://{}/", s.addr).as_str(),
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://10.0.0.1/",
        "http://localhost/",
    ] {
        let (st, e) = post_json(&c, &s.url("/v1/articles"), json!({"url": url})).await;
        assert_error(st, &e, 403, "url_refused");
    }
    let (st, e) = post_json(
        &c,
        &s.url("/v1/articles"),
        json!({"url": "file:///etc/passwd"}),
    )
    .await;
    assert_error(st, &e, 422, "invalid_url");
    let (st, e) = post_json(&c, &s.url("/v1/articles"), json!({"url": "not a url"})).await;
    assert_error(st, &e, 422, "invalid_url");
    assert_eq!(s.state.store().stats().unwrap().articles, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn urls_are_fetched_when_private_addresses_are_allowed() {
    // A news site on loopback, reachable only with --allow-private-urls.
    // An older site: windows-1256, declared only in the HTTP header.
    let legacy = "<html><head><title>خبر قديم</title></head><body><article><h1>خبر قديم</h1>\
        <p>أعلنت البلدية افتتاح حديقة عامة جديدة في وسط المدينة يوم الخميس المقبل.</p>\
        <p>وقال رئيس البلدية إن الحديقة تضم ملاعب للأطفال ومسارات للمشي.</p></article></body></html>";
    let (legacy, _, _) = encoding_rs::WINDOWS_1256.encode(legacy);
    let legacy = legacy.into_owned();
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
            "/old/1",
            axum::routing::get(move || async move {
                (
                    [("content-type", "text/html; charset=windows-1256")],
                    legacy,
                )
            }),
        );
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let site_addr = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, site).await });

    let s = start(Config {
        allow_private_urls: true,
        ..Config::default()
    })
    .await;
    let c = client();
    let url = format!("http://{site_addr}/news/1");
    let (st, created) = post_json(&c, &s.url("/v1/articles"), json!({"url": url})).await;
    assert_eq!(st, 201, "{created}");
    assert_eq!(created["url"], url.as_str());
    assert!(
        created["title"]
            .as_str()
            .unwrap()
            .contains("تحلية مياه البحر")
    );
    let (st, old) = post_json(
        &c,
        &s.url("/v1/articles"),
        json!({"url": format!("http://{site_addr}/old/1")}),
    )
    .await;
    assert_eq!(st, 201, "{old}");
    assert_eq!(old["title"], "خبر قديم");
    let (st, e) = post_json(
        &c,
        &s.url("/v1/articles"),
        json!({"url": format!("http://{site_addr}/missing")}),
    )
    .await;
    assert_error(st, &e, 502, "fetch_failed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_endpoints_need_the_api_key_when_one_is_set() {
    let s = start(Config {
        api_key: Some("s3cret-key".into()),
        ..Config::default()
    })
    .await;
    let c = client();
    let body = json!({"text": TEXT, "title": TITLE});
    let (st, e) = post_json(&c, &s.url("/v1/articles"), body.clone()).await;
    assert_error(st, &e, 401, "unauthorized");
    let r = c
        .post(s.url("/v1/articles"))
        .bearer_auth("wrong")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    assert_eq!(r.headers()["www-authenticate"], "Bearer");
    assert_eq!(
        status_of(
            c.post(s.url("/v1/articles"))
                .bearer_auth("s3cret-key")
                .json(&body)
        )
        .await,
        201
    );
    assert_eq!(
        status_of(
            c.post(s.url("/v1/articles"))
                .header("x-api-key", "s3cret-key")
                .json(&body)
        )
        .await,
        200
    );
    // Reading and the stateless endpoint need no key.
    assert_eq!(get_json(&c, &s.url("/v1/articles")).await.0, 200);
    assert_eq!(
        post_json(&c, &s.url("/v1/summarize"), json!({"text": TEXT}))
            .await
            .0,
        200
    );
    // The page form checks the key too.
    assert_eq!(
        status_of(
            c.post(s.url("/new"))
                .form(&[("text", TEXT), ("key", "nope")])
        )
        .await,
        401
    );
    assert_eq!(
        status_of(
            c.post(s.url("/new"))
                .form(&[("text", TEXT), ("key", "s3cret-key")])
        )
        .await,
        303
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn summarize_is_stateless() {
    let s = start(Config::default()).await;
    let c = client();
    let (st, out) = post_json(
        &c,
        &s.url("/v1/summarize"),
        json!({"text": TEXT, "title": TITLE, "bullets": 2}),
    )
    .await;
    assert_eq!(st, 200, "{out}");
    assert_eq!(out["key_points"].as_array().unwrap().len(), 2);
    assert_eq!(out["lang"], "ar");
    // Spans point into the returned text.
    let text = out["text"].as_str().unwrap();
    for p in out["key_points"].as_array().unwrap() {
        for sp in p["spans"].as_array().unwrap() {
            let (a, b) = (
                sp["start"].as_u64().unwrap() as usize,
                sp["end"].as_u64().unwrap() as usize,
            );
            assert!(text.get(a..b).is_some_and(|t| !t.is_empty()));
        }
    }
    let (st, out) = post_json(
        &c,
        &s.url("/v1/summarize"),
        json!({"html": khulasa_server::demo::DEMO_HTML}),
    )
    .await;
    assert_eq!(st, 200, "{out}");
    assert!(
        out["text"]
            .as_str()
            .unwrap()
            .starts_with("افتتحت السلطات المحلية")
    );
    let (st, e) = post_json(
        &c,
        &s.url("/v1/summarize"),
        json!({"url": "https://example.com/"}),
    )
    .await;
    assert_error(st, &e, 422, "invalid_input");
    assert_eq!(
        s.state.store().stats().unwrap().articles,
        0,
        "nothing stored"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_requests_time_out_with_503() {
    let s = start(Config {
        request_timeout: Duration::from_millis(1),
        ..Config::default()
    })
    .await;
    let c = client();
    let long = TEXT.repeat(300);
    let (st, e) = post_json(&c, &s.url("/v1/summarize"), json!({"text": long})).await;
    assert_error(st, &e, 503, "timeout");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_metrics_and_openapi() {
    let s = start(Config::default()).await;
    let c = client();
    let (st, h) = get_json(&c, &s.url("/healthz")).await;
    assert_eq!(st, 200);
    assert_eq!(h["status"], "ok");
    let (_, created) = post_json(&c, &s.url("/v1/articles"), json!({"text": TEXT})).await;
    let id = created["id"].as_str().unwrap();
    get_json(&c, &s.url(&format!("/v1/articles/{id}/summary"))).await;
    get_json(&c, &s.url(&format!("/v1/articles/{id}/summary"))).await;
    let r = c.get(s.url("/metrics")).send().await.unwrap();
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let m = r.text().await.unwrap();
    assert!(
        m.contains(r#"khulasa_http_requests_total{route="/v1/articles/{id}/summary",method="GET",status="200"} 2"#),
        "{m}"
    );
    assert!(m.contains(
        r#"khulasa_http_requests_total{route="/v1/articles",method="POST",status="201"} 1"#
    ));
    // The POST missed the cache; both GETs hit it.
    assert!(
        m.contains(r#"khulasa_cache_requests_total{cache="summary",result="hit"} 2"#),
        "{m}"
    );
    assert!(
        m.contains(r#"khulasa_cache_requests_total{cache="summary",result="miss"} 1"#),
        "{m}"
    );
    assert!(m.contains("khulasa_summarize_seconds_count 1"));
    assert!(m.contains("khulasa_http_request_duration_seconds_bucket{route=\"/healthz\""));

    let (st, doc) = get_json(&c, &s.url("/openapi.json")).await;
    assert_eq!(st, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    // The document describes exactly the API routes the router serves.
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.push((method.to_uppercase(), path.clone()));
        }
    }
    documented.sort();
    let mut served: Vec<(String, String)> = khulasa_server::ROUTES
        .iter()
        .filter(|(_, p)| {
            p.starts_with("/v1/") || ["/healthz", "/metrics", "/openapi.json"].contains(p)
        })
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    served.sort();
    assert_eq!(documented, served);
    // Every $ref resolves.
    let text = serde_json::to_string(&doc).unwrap();
    for r in text.split("\"$ref\":\"#/").skip(1) {
        let path = &r[..r.find('"').unwrap()];
        let mut node = &doc;
        for part in path.split('/') {
            node = &node[part];
        }
        assert!(!node.is_null(), "dangling $ref #/{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audio_is_spoken_once_then_served_from_the_store() {
    let s = start(Config::default()).await;
    let c = client();
    let id = s.store_article(&c, TEXT, TITLE).await;
    let r = c
        .get(s.url(&format!("/v1/articles/{id}/summary/audio")))
        .send()
        .await
        .unwrap();
    if r.status().as_u16() == 503 {
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"]["code"], "speech_unavailable");
        eprintln!(
            "NOTICE: speech is not available here (espeak-ng missing): audio checked for its 503 only"
        );
        return;
    }
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-type"], "audio/mpeg");
    assert_eq!(r.headers()["khulasa-cache"], "miss");
    // Spoken now: streamed a sentence at a time (chunked), so no length
    // and no marks yet.
    assert_eq!(r.headers()["khulasa-stream"], "sentences");
    assert!(r.headers().get("content-length").is_none());
    assert!(r.headers().get("khulasa-marks").is_none());
    let mut r = r;
    let mut pieces = 0;
    let mut mp3 = Vec::new();
    while let Some(piece) = r.chunk().await.unwrap() {
        pieces += 1;
        mp3.extend_from_slice(&piece);
    }
    assert!(pieces >= 1, "{pieces} pieces");
    assert!(mp3.len() > 1000);

    // Stored by the time the body ended: the same bytes, whole, with marks
    // (HEAD is how the reader page reads them).
    let r = c
        .head(s.url(&format!("/v1/articles/{id}/summary/audio")))
        .header("accept", "audio/mpeg")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["khulasa-cache"], "hit");
    let marks: Value =
        serde_json::from_str(r.headers()["khulasa-marks"].to_str().unwrap()).unwrap();
    let marks = marks.as_array().unwrap();
    assert_eq!(marks.len(), 3);
    assert_eq!(marks[0]["point"], 0);
    assert!(marks[1]["start_ms"].as_u64() > marks[0]["end_ms"].as_u64());
    let r = c
        .get(s.url(&format!("/v1/articles/{id}/summary/audio")))
        .header("accept", "audio/mpeg")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["khulasa-cache"], "hit");
    assert_eq!(r.bytes().await.unwrap(), mp3);

    let r = c
        .get(s.url(&format!("/v1/articles/{id}/summary/audio.wav")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-type"], "audio/wav");
    assert_eq!(&r.bytes().await.unwrap()[..4], b"RIFF");
    let r = c
        .get(s.url(&format!("/v1/articles/{id}/summary/audio")))
        .header("accept", "audio/ogg")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "audio/ogg");
    assert_eq!(&r.bytes().await.unwrap()[..4], b"OggS");

    assert_eq!(
        status_of(
            c.get(s.url(&format!("/v1/articles/{id}/summary/audio")))
                .header("accept", "text/html")
        )
        .await,
        406
    );
    assert_eq!(
        status_of(c.get(s.url(&format!("/v1/articles/{id}/summary/audio.flac")))).await,
        404
    );
    assert_eq!(s.state.store().stats().unwrap().audio, 3);
}

/// The seed page's article (read from `../shared`, never copied into the
/// repository) through the API and onto the reader page: three key points,
/// each pointing at sentences of the body.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seed_article_becomes_a_reader_page() {
    let path = std::env::var_os("KHULASA_SEED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/seed/article-page.txt")
        });
    let Ok(page) = std::fs::read_to_string(&path) else {
        eprintln!(
            "NOTICE: skipping the seed test: {} not found",
            path.display()
        );
        return;
    };
    let lines: Vec<&str> = page.lines().collect();
    let title = lines[0].trim();
    // The body: the paragraphs after the page's own summary lines, up to
    // the contributors label.
    let first = lines
        .iter()
        .rposition(|l| l.starts_with("- "))
        .expect("summary lines")
        + 1;
    let end = lines
        .iter()
        .rposition(|l| l.trim().starts_with("المساهمون"))
        .unwrap_or(lines.len());
    let body = lines[first..end].join("\n");

    let s = start(Config::default()).await;
    let c = client();
    let (st, created) = post_json(
        &c,
        &s.url("/v1/articles"),
        json!({"text": body, "title": title}),
    )
    .await;
    assert_eq!(st, 201, "{created}");
    let points = created["summary"]["key_points"].as_array().unwrap();
    assert_eq!(points.len(), 3);
    for p in points {
        eprintln!("key point: {}", p["text"].as_str().unwrap());
    }
    let id = created["id"].as_str().unwrap();
    let html = c
        .get(s.url(&format!("/a/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(&format!(
        "<h1 class=\"headline\" dir=\"auto\"><bdi>{title}</bdi></h1>"
    )));
    let with_sources = html.matches("class=\"point\"").count();
    assert_eq!(with_sources, 3);
    assert!(
        !html.contains("data-sources=\"\""),
        "every key point points at a sentence"
    );
}

/// A voice file that will not load does not fail the server: it reads
/// with espeak-ng instead (and logs why).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_voice_falls_back_to_espeak() {
    let mut config = Config::default();
    config.speech.voices = vec![khulasa_speech::VoiceSpec::Piper(
        "/nowhere/ar_JO-kareem-medium.onnx".into(),
    )];
    let s = start(config).await;
    let warnings = s.state.voice_warnings().to_vec();
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].contains("/nowhere/ar_JO-kareem-medium.onnx"),
        "{warnings:?}"
    );
    let c = client();
    let id = s.store_article(&c, TEXT, TITLE).await;
    let r = c
        .get(s.url(&format!("/v1/articles/{id}/summary/audio.mp3")))
        .send()
        .await
        .unwrap();
    assert!(
        r.status().as_u16() == 200 || r.status().as_u16() == 503,
        "{}",
        r.status()
    );
}
