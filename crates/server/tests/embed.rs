//! The embeddable summary box over HTTP (issue 18): the script and its
//! caching, CORS only for `--embed-origin`s, and `GET /v1/articles/by-url`
//! fetching an embed origin's page once and never another host's. The box
//! itself, in Chromium, is in `browser.rs`.

mod common;

use common::site::{PARAGRAPHS, headline, start_site};
use common::{TEXT, TITLE, client, start};
use khulasa_server::{AppState, Config, RateLimit};
use serde_json::{Value, json};
use std::io::Write;

fn embed_config(origins: &[String]) -> Config {
    Config {
        allow_private_urls: true,
        embed_origins: origins.to_vec(),
        ..Config::default()
    }
}

async fn get(c: &reqwest::Client, url: &str) -> (u16, reqwest::header::HeaderMap, Value) {
    let r = c.get(url).send().await.unwrap();
    let (st, h) = (r.status().as_u16(), r.headers().clone());
    (st, h, r.json().await.unwrap_or(Value::Null))
}

fn by_url(s: &common::TestServer, page: &str) -> String {
    let q: String = form_urlencoded::byte_serialize(page.as_bytes()).collect();
    s.url(&format!("/v1/articles/by-url?url={q}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_script_is_small_cacheable_and_self_contained() {
    let s = start(Config::default()).await;
    let c = client();
    let r = c.get(s.url("/embed.js")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let h = r.headers().clone();
    assert_eq!(h["content-type"], "text/javascript; charset=utf-8");
    assert!(h["cache-control"].to_str().unwrap().contains("max-age=300"));
    let etag = h["etag"].to_str().unwrap().to_string();
    let versioned = h["khulasa-embed-path"].to_str().unwrap().to_string();
    assert_eq!(versioned, khulasa_server::embed_script_path());
    let js = r.text().await.unwrap();
    assert!(js.contains("customElements.define(\"khulasa-summary\""));
    assert!(js.contains("attachShadow({ mode: \"open\" })"));
    assert!(js.contains("اظهر الملخص") && js.contains("استمع إلى الملخص"));

    // Revalidation by ETag.
    let r = c
        .get(s.url("/embed.js"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);
    assert!(r.bytes().await.unwrap().is_empty());

    // The versioned URL: the same script, cached for a year.
    let r = c.get(s.url(&versioned)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(r.text().await.unwrap(), js);
    // An old version's URL is sent to the current script.
    let r = c
        .get(s.url("/embed/0123456789ab/embed.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 307);
    assert_eq!(r.headers()["location"], "/embed.js");

    // Under 15 KB compressed, no framework, no request to anyone but the
    // origin it came from, no cookies, no HTML built from strings.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(js.as_bytes()).unwrap();
    let compressed = gz.finish().unwrap().len();
    assert!(
        compressed < 15 * 1024,
        "embed.js is {compressed} bytes gzipped"
    );
    eprintln!("embed.js: {} bytes, {compressed} gzipped", js.len());
    for line in js.lines().filter(|l| !l.trim_start().starts_with("//")) {
        assert!(
            !line.contains("http:") && !line.contains("https:"),
            "{line}"
        );
        assert!(
            !line.contains("cookie") && !line.contains("innerHTML"),
            "{line}"
        );
        assert!(
            !line.contains("import(") && !line.contains("eval("),
            "{line}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_embed_origins_get_cors_headers() {
    let allowed = "http://news.example".to_string();
    let s = start(embed_config(std::slice::from_ref(&allowed))).await;
    let c = client();
    let r = c
        .post(s.url("/v1/articles"))
        .header("origin", &allowed)
        .json(&json!({"text": TEXT, "title": TITLE}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    // A write gets no CORS header, even from an embed origin.
    assert!(r.headers().get("access-control-allow-origin").is_none());
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();

    for path in [
        format!("/v1/articles/{id}"),
        format!("/v1/articles/{id}/summary?bullets=3"),
        format!("/v1/articles/{}/summary", "0".repeat(64)),
    ] {
        let r = c
            .get(s.url(&path))
            .header("origin", &allowed)
            .send()
            .await
            .unwrap();
        let h = r.headers();
        assert_eq!(h["access-control-allow-origin"], allowed.as_str(), "{path}");
        assert!(h.get("access-control-allow-credentials").is_none());
        assert!(
            h["access-control-expose-headers"]
                .to_str()
                .unwrap()
                .contains("khulasa-marks")
        );
        assert!(
            h.get_all("vary")
                .iter()
                .any(|v| v.to_str().unwrap().contains("origin"))
        );
        // Any other origin, or none: no CORS header at all.
        for other in [Some("http://evil.example"), Some("null"), None] {
            let mut req = c.get(s.url(&path));
            if let Some(o) = other {
                req = req.header("origin", o);
            }
            let r = req.send().await.unwrap();
            assert!(
                !r.headers()
                    .keys()
                    .any(|k| k.as_str().starts_with("access-control-")),
                "{path} from {other:?}: {:?}",
                r.headers()
            );
        }
    }

    // The preflight: 204 with the methods for an embed origin; nothing for
    // another origin or for a write.
    let preflight = |origin: &str, method: &str| {
        c.request(
            reqwest::Method::OPTIONS,
            s.url(&format!("/v1/articles/{id}/summary/audio")),
        )
        .header("origin", origin)
        .header("access-control-request-method", method)
        .header("access-control-request-headers", "accept")
        .send()
    };
    let r = preflight(&allowed, "GET").await.unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(r.headers()["access-control-allow-origin"], allowed.as_str());
    assert!(
        r.headers()["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .contains("GET")
    );
    for (origin, method) in [("http://evil.example", "GET"), (allowed.as_str(), "POST")] {
        let r = preflight(origin, method).await.unwrap();
        assert_ne!(r.status(), 204);
        assert!(
            r.headers().get("access-control-allow-origin").is_none(),
            "{origin} {method}"
        );
    }

    // A server without embed origins answers nobody's CORS.
    let plain = start(Config::default()).await;
    let r = c
        .get(plain.url("/healthz"))
        .header("origin", &allowed)
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_of_an_embed_origin_is_fetched_once_then_served_from_the_store() {
    let site = start_site().await;
    let s = start(embed_config(&[site.origin()])).await;
    let c = client();
    let page = site.url("/news/bridge");

    let (st, h, a) = get(&c, &by_url(&s, &page)).await;
    assert_eq!(st, 200, "{a}");
    assert_eq!(h["khulasa-cache"], "miss");
    assert_eq!(a["title"], headline("bridge").as_str());
    assert_eq!(a["url"], page.as_str());
    assert!(
        a["text"]
            .as_str()
            .unwrap()
            .contains(PARAGRAPHS[1].split('،').next().unwrap())
    );
    let id = a["id"].as_str().unwrap().to_string();
    // The default summary was stored with it.
    let (st, _, sum) = get(&c, &s.url(&format!("/v1/articles/{id}/summary"))).await;
    assert_eq!(st, 200);
    assert_eq!(sum["cached"], true);
    assert_eq!(sum["key_points"].as_array().unwrap().len(), 3);

    // Again, and with a fragment: from the store.
    for u in [page.clone(), format!("{page}#comments")] {
        let (st, h, again) = get(&c, &by_url(&s, &u)).await;
        assert_eq!(st, 200);
        assert_eq!(h["khulasa-cache"], "hit");
        assert_eq!(again["id"], id.as_str());
    }
    assert_eq!(site.fetches_of("/news/bridge"), 1);

    // Many boxes opening a new page at once: one fetch.
    let fresh = site.url("/news/crowd");
    let answers = futures_join_all(
        (0..4)
            .map(|_| {
                let (c, u) = (c.clone(), by_url(&s, &fresh));
                async move { get(&c, &u).await }
            })
            .collect(),
    )
    .await;
    let ids: Vec<&Value> = answers.iter().map(|(_, _, a)| &a["id"]).collect();
    assert!(answers.iter().all(|(st, _, _)| *st == 200));
    assert!(ids.windows(2).all(|w| w[0] == w[1]), "{ids:?}");
    assert_eq!(site.fetches_of("/news/crowd"), 1);

    // A redirect within the origin: stored under its final URL, and the
    // URL asked for is found again without a second fetch.
    let moved = site.url("/moved/river");
    let (st, _, a) = get(&c, &by_url(&s, &moved)).await;
    assert_eq!(st, 200, "{a}");
    assert_eq!(a["url"], site.url("/news/river").as_str());
    let (_, h, _) = get(&c, &by_url(&s, &moved)).await;
    assert_eq!(h["khulasa-cache"], "hit");
    assert_eq!(site.fetches_of("/news/river"), 1);

    // A redirect off the origin (the same server under another name) is
    // not followed.
    let (st, _, e) = get(
        &c,
        &by_url(&s, &site.url(&format!("/away/{}", site.addr.port()))),
    )
    .await;
    assert_eq!(st, 502, "{e}");
    assert_eq!(e["error"]["code"], "fetch_failed");
    assert_eq!(site.fetches_of("/news/away"), 0);

    // A page that is not there.
    let (st, _, e) = get(&c, &by_url(&s, &site.url("/news/missing"))).await;
    assert_eq!(st, 502, "{e}");
}

/// The answers of several requests at once (no `futures` crate needed).
async fn futures_join_all<
    F: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
>(
    futs: Vec<F>,
) -> Vec<T> {
    let handles: Vec<_> = futs.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_hosts_are_never_fetched() {
    let site = start_site().await;
    let other = start_site().await;
    let s = start(embed_config(&[site.origin()])).await;
    let c = client();

    let (st, h, e) = get(&c, &by_url(&s, &other.url("/news/elsewhere"))).await;
    assert_eq!(st, 403, "{e}");
    assert_eq!(e["error"]["code"], "url_not_allowed");
    assert!(h.get("access-control-allow-origin").is_none());
    assert_eq!(other.fetches(), 0);

    // Once stored some other way, any host's article is found by its URL.
    let r = c
        .post(s.url("/v1/articles"))
        .json(&json!({"url": other.url("/news/elsewhere")}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let (st, h, a) = get(&c, &by_url(&s, &other.url("/news/elsewhere"))).await;
    assert_eq!(st, 200, "{a}");
    assert_eq!(h["khulasa-cache"], "hit");
    assert_eq!(other.fetches(), 1);

    // Not a web page's URL.
    for bad in ["not a url", "ftp://example.org/a", "javascript:alert(1)"] {
        let (st, _, e) = get(&c, &by_url(&s, bad)).await;
        assert_eq!(st, 422, "{bad}: {e}");
        assert_eq!(e["error"]["code"], "invalid_url");
    }
    let (st, _, _) = get(
        &c,
        &by_url(&s, &format!("{}/{}", site.origin(), "a".repeat(3000))),
    )
    .await;
    assert_eq!(st, 413);
    assert_eq!(site.fetches(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn embed_fetches_keep_the_ssrf_guard_and_the_rate() {
    let site = start_site().await;
    // Loopback is a private address: without --allow-private-urls even an
    // embed origin on it is refused.
    let guarded = start(Config {
        allow_private_urls: false,
        ..embed_config(&[site.origin()])
    })
    .await;
    let c = client();
    let (st, _, e) = get(&c, &by_url(&guarded, &site.url("/news/a"))).await;
    assert_eq!(st, 403, "{e}");
    assert_eq!(e["error"]["code"], "url_refused");
    assert_eq!(site.fetches(), 0);

    let s = start(Config {
        embed_fetch_limit: RateLimit {
            per_second: 0.001,
            burst: 2,
        },
        ..embed_config(&[site.origin()])
    })
    .await;
    for n in 0..2 {
        let (st, _, a) = get(&c, &by_url(&s, &site.url(&format!("/news/r{n}")))).await;
        assert_eq!(st, 200, "{a}");
    }
    let r = c
        .get(by_url(&s, &site.url("/news/r2")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));
    assert_eq!(site.fetches(), 2);
    // Stored pages are still answered.
    let (st, _, _) = get(&c, &by_url(&s, &site.url("/news/r0"))).await;
    assert_eq!(st, 200);
}

#[test]
fn an_embed_origin_must_be_an_origin() {
    let dir = tempfile::tempdir().unwrap();
    let store =
        std::sync::Arc::new(khulasa_store::SqliteStore::open(dir.path().join("k.db")).unwrap());
    for bad in [
        "news.example",
        "https://news.example/articles",
        "file:///tmp",
    ] {
        let err = AppState::new(store.clone(), embed_config(&[bad.to_string()]))
            .err()
            .unwrap_or_else(|| panic!("{bad} accepted"));
        assert!(err.to_string().contains("embed origin"), "{err}");
    }
    let ok = AppState::new(store, embed_config(&["HTTPS://News.Example:443/".into()])).unwrap();
    assert_eq!(ok.config().embed_origins, ["https://news.example"]);
}
