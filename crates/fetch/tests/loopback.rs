//! The fetcher against a real HTTP server on loopback: timeouts, statuses,
//! redirects (and the guard on each hop), charsets, size limits, conditional
//! GET, retries.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use khulasa_fetch::{FetchConfig, FetchError, Fetcher};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[derive(Clone, Default)]
struct Counters {
    flaky: Arc<AtomicUsize>,
    in_flight: Arc<AtomicUsize>,
    max_in_flight: Arc<AtomicUsize>,
}

/// A page with "خبر" in windows-1256 bytes.
fn cp1256_page() -> Vec<u8> {
    // خ = 0xCE, ب = 0xC8, ر = 0xD1 in windows-1256.
    let mut v = b"<html><body><p>".to_vec();
    v.extend_from_slice(&[0xCE, 0xC8, 0xD1]);
    v.extend_from_slice(b"</p></body></html>");
    v
}

async fn spawn() -> (SocketAddr, Counters) {
    let counters = Counters::default();
    let app = Router::new()
        .route(
            "/ok",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                    "<p>مرحبا</p>",
                )
            }),
        )
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "late"
            }),
        )
        .route(
            "/missing",
            get(|| async { (StatusCode::NOT_FOUND, "no such page") }),
        )
        .route("/loop-a", get(|| async { redirect("/loop-b") }))
        .route("/loop-b", get(|| async { redirect("/loop-a") }))
        .route("/hop/{n}", get(hop))
        .route(
            "/to-localhost/{port}",
            get(
                |axum::extract::Path(port): axum::extract::Path<u16>| async move {
                    redirect(&format!("http://localhost:{port}/hop/0"))
                },
            ),
        )
        .route(
            "/to-private",
            get(|| async { redirect("http://10.0.0.1/secret") }),
        )
        .route(
            "/to-metadata",
            get(|| async { redirect("http://169.254.169.254/latest/meta-data/") }),
        )
        .route("/to-file", get(|| async { redirect("file:///etc/passwd") }))
        .route(
            "/cp1256",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/html; charset=windows-1256")],
                    cp1256_page(),
                )
            }),
        )
        .route("/huge", get(|| async { vec![b'a'; 3 * 1024 * 1024] }))
        .route("/huge-chunked", get(huge_chunked))
        .route("/cond", get(conditional))
        .route("/flaky", get(flaky))
        .route("/busy", get(busy))
        .route(
            "/ua",
            get(|h: HeaderMap| async move {
                h.get(header::USER_AGENT)
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .to_string()
            }),
        )
        .with_state(counters.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, counters)
}

fn redirect(to: &str) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, to.to_string())]).into_response()
}

async fn hop(axum::extract::Path(n): axum::extract::Path<u32>) -> Response {
    if n == 0 {
        "arrived".into_response()
    } else {
        redirect(&format!("/hop/{}", n - 1))
    }
}

async fn huge_chunked() -> Response {
    // No Content-Length: 4 MiB in 64 KiB chunks.
    let chunks = (0..64).map(|_| Ok::<_, std::io::Error>(vec![b'b'; 64 * 1024]));
    axum::body::Body::from_stream(futures_util::stream::iter(chunks)).into_response()
}

async fn conditional(headers: HeaderMap) -> Response {
    let etag = "\"v1\"";
    let lm = "Sat, 30 Nov 2024 10:00:00 GMT";
    let inm = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok());
    let ims = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok());
    if inm == Some(etag) || ims == Some(lm) {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    (
        [(header::ETAG, etag), (header::LAST_MODIFIED, lm)],
        "<rss/>",
    )
        .into_response()
}

async fn flaky(State(c): State<Counters>) -> Response {
    if c.flaky.fetch_add(1, Ordering::SeqCst) < 2 {
        (StatusCode::SERVICE_UNAVAILABLE, "try later").into_response()
    } else {
        "third time lucky".into_response()
    }
}

async fn busy(State(c): State<Counters>) -> &'static str {
    let now = c.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    c.max_in_flight.fetch_max(now, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(50)).await;
    c.in_flight.fetch_sub(1, Ordering::SeqCst);
    "done"
}

fn open_config() -> FetchConfig {
    FetchConfig {
        allow_private: true,
        timeout: Duration::from_millis(500),
        retries: 0,
        retry_backoff: Duration::from_millis(10),
        ..FetchConfig::default()
    }
}

/// Loopback allowed only as an exact exception: everything else non-public
/// is still refused. This is how the redirect tests reach the test server
/// while the guard stays on for the redirect targets.
fn guarded_config() -> FetchConfig {
    FetchConfig {
        allow_private: false,
        allow_addrs: vec!["127.0.0.1".parse::<IpAddr>().unwrap()],
        ..open_config()
    }
}

#[tokio::test]
async fn fetches_a_page_with_its_charset_and_user_agent() {
    let (addr, _) = spawn().await;
    let f = Fetcher::new(open_config()).unwrap();
    let page = f.get(&format!("http://{addr}/ok")).await.unwrap();
    assert_eq!(page.status, 200);
    assert_eq!(page.charset.as_deref(), Some("utf-8"));
    assert_eq!(String::from_utf8(page.bytes).unwrap(), "<p>مرحبا</p>");
    let ua = f.get(&format!("http://{addr}/ua")).await.unwrap();
    let ua = String::from_utf8(ua.bytes).unwrap();
    assert!(
        ua.starts_with("khulasa/") && ua.ends_with("(+offline news summarizer)"),
        "{ua}"
    );
}

#[tokio::test]
async fn windows_1256_page_keeps_its_bytes_and_names_its_charset() {
    let (addr, _) = spawn().await;
    let f = Fetcher::new(open_config()).unwrap();
    let page = f.get(&format!("http://{addr}/cp1256")).await.unwrap();
    assert_eq!(page.charset.as_deref(), Some("windows-1256"));
    assert_eq!(page.bytes, cp1256_page());
}

#[tokio::test]
async fn slow_page_times_out() {
    let (addr, _) = spawn().await;
    let f = Fetcher::new(open_config()).unwrap();
    let t = Instant::now();
    let err = f.get(&format!("http://{addr}/slow")).await.unwrap_err();
    assert!(matches!(err, FetchError::Timeout { .. }), "{err}");
    assert!(
        t.elapsed() < Duration::from_secs(3),
        "took {:?}",
        t.elapsed()
    );
}

#[tokio::test]
async fn missing_page_is_a_status_error() {
    let (addr, _) = spawn().await;
    let f = Fetcher::new(open_config()).unwrap();
    let err = f.get(&format!("http://{addr}/missing")).await.unwrap_err();
    assert!(
        matches!(err, FetchError::Status { status: 404, .. }),
        "{err}"
    );
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn redirect_loop_is_caught() {
    let (addr, _) = spawn().await;
    let f = Fetcher::new(open_config()).unwrap();
    let err = f.get(&format!("http://{addr}/loop-a")).await.unwrap_err();
    assert!(matches!(err, FetchError::RedirectLoop { .. }), "{err}");
}

#[tokio::test]
async fn redirects_are_followed_up_to_the_limit() {
    let (addr, _) = spawn().await;
    let f = Fetcher::new(open_config()).unwrap();
    let page = f.get(&format!("http://{addr}/hop/5")).await.unwrap();
    assert_eq!(page.bytes, b"arrived");
    assert!(page.final_url.ends_with("/hop/0"), "{}", page.final_url);
    let err = f.get(&format!("http://{addr}/hop/6")).await.unwrap_err();
    assert!(
        matches!(err, FetchError::TooManyRedirects { limit: 5, .. }),
        "{err}"
    );
}

#[tokio::test]
async fn same_origin_fetches_follow_redirects_only_within_the_origin() {
    let (addr, _) = spawn().await;
    let f = Fetcher::new(open_config()).unwrap();
    let page = f
        .get_same_origin(&format!("http://{addr}/hop/2"))
        .await
        .unwrap();
    assert_eq!(page.bytes, b"arrived");
    // The same server under another name is another origin.
    let off = format!("http://{addr}/to-localhost/{}", addr.port());
    let err = f.get_same_origin(&off).await.unwrap_err();
    assert!(
        matches!(&err, FetchError::BadRedirect { reason, .. } if reason.contains("off the origin")),
        "{err}"
    );
    // A plain get follows it.
    assert_eq!(f.get(&off).await.unwrap().bytes, b"arrived");
}

#[tokio::test]
async fn huge_page_stops_at_the_limit() {
    let (addr, _) = spawn().await;
    let f = Fetcher::new(FetchConfig {
        max_body_bytes: 1024 * 1024,
        ..open_config()
    })
    .unwrap();
    let err = f.get(&format!("http://{addr}/huge")).await.unwrap_err();
    assert!(
        matches!(err, FetchError::TooLarge { limit: 1048576, .. }),
        "{err}"
    );
    // Without a Content-Length the stream is cut at the limit too.
    let err = f
        .get(&format!("http://{addr}/huge-chunked"))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err}");
}

#[tokio::test]
async fn conditional_get_answers_not_modified() {
    let (addr, _) = spawn().await;
    let f = Fetcher::new(open_config()).unwrap();
    let url = format!("http://{addr}/cond");
    let first = f.get(&url).await.unwrap();
    assert_eq!(first.etag.as_deref(), Some("\"v1\""));
    assert!(!first.not_modified());
    let again = f
        .get_conditional(&url, first.etag.as_deref(), None)
        .await
        .unwrap();
    assert!(again.not_modified());
    assert!(again.bytes.is_empty());
    let by_date = f
        .get_conditional(&url, None, first.last_modified.as_deref())
        .await
        .unwrap();
    assert_eq!(by_date.status, 304);
}

#[tokio::test]
async fn retries_server_errors_with_backoff() {
    let (addr, counters) = spawn().await;
    let f = Fetcher::new(FetchConfig {
        retries: 2,
        ..open_config()
    })
    .unwrap();
    let page = f.get(&format!("http://{addr}/flaky")).await.unwrap();
    assert_eq!(page.bytes, b"third time lucky");
    assert_eq!(counters.flaky.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn gives_up_after_the_retries() {
    let (addr, counters) = spawn().await;
    let f = Fetcher::new(FetchConfig {
        retries: 1,
        ..open_config()
    })
    .unwrap();
    let err = f.get(&format!("http://{addr}/flaky")).await.unwrap_err();
    assert!(
        matches!(err, FetchError::Status { status: 503, .. }),
        "{err}"
    );
    assert_eq!(counters.flaky.load(Ordering::SeqCst), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_host_concurrency_is_bounded() {
    let (addr, counters) = spawn().await;
    let f = Fetcher::new(FetchConfig {
        per_host_concurrency: 2,
        ..open_config()
    })
    .unwrap();
    let url = format!("http://{addr}/busy");
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (f, url) = (f.clone(), url.clone());
            tokio::spawn(async move { f.get(&url).await.unwrap() })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let max = counters.max_in_flight.load(Ordering::SeqCst);
    assert!((1..=2).contains(&max), "max in flight {max}");
}

// --- the guard -------------------------------------------------------------

fn assert_blocked(err: FetchError, addr: &str) {
    match err {
        FetchError::Blocked { addr: a, .. } => assert_eq!(a, addr.parse::<IpAddr>().unwrap()),
        other => panic!("expected Blocked({addr}), got {other}"),
    }
}

#[tokio::test]
async fn guard_refuses_literal_addresses() {
    let f = Fetcher::new(FetchConfig::default()).unwrap();
    assert_blocked(f.get("http://127.0.0.1/").await.unwrap_err(), "127.0.0.1");
    assert_blocked(
        f.get("http://10.1.2.3:8080/x").await.unwrap_err(),
        "10.1.2.3",
    );
    assert_blocked(
        f.get("http://169.254.169.254/latest/meta-data/")
            .await
            .unwrap_err(),
        "169.254.169.254",
    );
    assert_blocked(
        f.get("http://[::ffff:127.0.0.1]/").await.unwrap_err(),
        "::ffff:127.0.0.1",
    );
    assert_blocked(f.get("http://[::1]:9/").await.unwrap_err(), "::1");
    assert_blocked(f.get("http://[fd00::1]/").await.unwrap_err(), "fd00::1");
    assert_blocked(f.get("http://100.64.1.1/").await.unwrap_err(), "100.64.1.1");
    // Odd spellings the URL parser folds into 127.0.0.1.
    assert_blocked(f.get("http://2130706433/").await.unwrap_err(), "127.0.0.1");
    assert_blocked(f.get("http://0x7f.1/").await.unwrap_err(), "127.0.0.1");
}

#[tokio::test]
async fn guard_refuses_a_hostname_resolving_to_loopback() {
    let (addr, _) = spawn().await;
    let f = Fetcher::new(FetchConfig::default()).unwrap();
    let err = f
        .get(&format!("http://localhost:{}/ok", addr.port()))
        .await
        .unwrap_err();
    match err {
        FetchError::Blocked { addr, .. } => assert!(addr.is_loopback(), "{addr}"),
        other => panic!("expected Blocked, got {other}"),
    }
}

#[tokio::test]
async fn guard_refuses_other_schemes_and_bad_urls() {
    let f = Fetcher::new(FetchConfig::default()).unwrap();
    for u in [
        "file:///etc/passwd",
        "ftp://example.com/",
        "gopher://example.com/",
        "data:text/html,hi",
    ] {
        let err = f.get(u).await.unwrap_err();
        assert!(matches!(err, FetchError::Scheme { .. }), "{u}: {err}");
    }
    for u in ["", "not a url", "http://", "http://[::1"] {
        let err = f.get(u).await.unwrap_err();
        assert!(matches!(err, FetchError::InvalidUrl { .. }), "{u:?}: {err}");
    }
}

#[tokio::test]
async fn guard_checks_every_redirect() {
    let (addr, _) = spawn().await;
    let f = Fetcher::new(guarded_config()).unwrap();
    // The first hop (127.0.0.1, allowed as an exception) works...
    assert_eq!(
        f.get(&format!("http://{addr}/ok")).await.unwrap().status,
        200
    );
    // ...but its redirects to non-public addresses are refused before connecting.
    assert_blocked(
        f.get(&format!("http://{addr}/to-private"))
            .await
            .unwrap_err(),
        "10.0.0.1",
    );
    assert_blocked(
        f.get(&format!("http://{addr}/to-metadata"))
            .await
            .unwrap_err(),
        "169.254.169.254",
    );
    let err = f.get(&format!("http://{addr}/to-file")).await.unwrap_err();
    assert!(matches!(err, FetchError::Scheme { .. }), "{err}");
}

#[tokio::test]
async fn connection_refused_is_a_connect_error() {
    // Bind then drop a listener to find a closed port.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let f = Fetcher::new(open_config()).unwrap();
    let err = f
        .get(&format!("http://127.0.0.1:{port}/"))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::Connect { .. }), "{err}");
}
