//! Feed ingest against a real HTTP server on loopback and a real SQLite
//! store: an RSS feed whose items are a good page, a windows-1256 page, a
//! slow page, a 404, a redirect loop and a huge page; Atom and JSON Feed;
//! conditional polling; reruns.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use khulasa_core::Length;
use khulasa_fetch::{FetchConfig, Fetcher};
use khulasa_ingest::batch::NoProgress;
use khulasa_ingest::feed::FeedIngestor;
use khulasa_ingest::process::Processor;
use khulasa_ingest::synth;
use khulasa_store::{Page, SqliteStore, Store};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

#[derive(Clone, Default)]
struct Hits {
    feed_full: Arc<AtomicUsize>,
    feed_304: Arc<AtomicUsize>,
    good: Arc<AtomicUsize>,
}

const ETAG: &str = "\"feed-v1\"";

fn rss(items: &[&str]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>أخبار اليوم</title>\
         <link>http://news.test/</link><description>آخر الأخبار</description>",
    );
    for (i, path) in items.iter().enumerate() {
        s.push_str(&format!(
            "<item><title>خبر رقم {i}</title><link>{path}</link><guid>{path}</guid></item>"
        ));
    }
    s.push_str("</channel></rss>");
    s
}

/// A page in windows-1256 (the charset named only in the HTTP header).
fn cp1256_page() -> Vec<u8> {
    let page = synth::news_page(501).replace("<meta charset=\"utf-8\">", "");
    let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&page);
    bytes.into_owned()
}

async fn feed(State(h): State<Hits>, headers: HeaderMap) -> Response {
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(ETAG)
    {
        h.feed_304.fetch_add(1, Ordering::SeqCst);
        return StatusCode::NOT_MODIFIED.into_response();
    }
    h.feed_full.fetch_add(1, Ordering::SeqCst);
    // Relative links: resolved against the feed's URL.
    let body = rss(&["/good", "/cp1256", "/slow", "/missing", "/loop-a", "/huge"]);
    (
        [
            (header::CONTENT_TYPE, "application/rss+xml"),
            (header::ETAG, ETAG),
        ],
        body,
    )
        .into_response()
}

async fn spawn() -> (SocketAddr, Hits) {
    let hits = Hits::default();
    let app = Router::new()
        .route("/feed.xml", get(feed))
        .route(
            "/atom.xml",
            get(|h: HeaderMap| async move {
                let host = h.get(header::HOST).unwrap().to_str().unwrap().to_string();
                let body = format!(
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">\
                     <title>موجز</title><id>urn:x</id><updated>2024-11-29T10:00:00Z</updated>\
                     <entry><title>خبر</title><id>urn:x:1</id><updated>2024-11-29T10:00:00Z</updated>\
                     <link rel=\"alternate\" href=\"http://{host}/good\"/></entry></feed>"
                );
                ([(header::CONTENT_TYPE, "application/atom+xml")], body)
            }),
        )
        .route(
            "/feed.json",
            get(|| async {
                let body = serde_json::json!({
                    "version": "https://jsonfeed.org/version/1.1",
                    "title": "موجز",
                    "items": [{"id": "1", "url": "/other", "title": "خبر آخر"}]
                });
                ([(header::CONTENT_TYPE, "application/feed+json")], body.to_string())
            }),
        )
        .route(
            "/good",
            get(|State(h): State<Hits>| async move {
                h.good.fetch_add(1, Ordering::SeqCst);
                ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], synth::news_page(500))
            }),
        )
        .route("/other", get(|| async { ([(header::CONTENT_TYPE, "text/html")], synth::news_page(502)) }))
        .route("/cp1256", get(|| async { ([(header::CONTENT_TYPE, "text/html; charset=windows-1256")], cp1256_page()) }))
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                synth::news_page(503)
            }),
        )
        .route("/missing", get(|| async { StatusCode::NOT_FOUND }))
        .route("/loop-a", get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/loop-b")]) }))
        .route("/loop-b", get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/loop-a")]) }))
        .route("/huge", get(|| async { "<p>ضخم</p>".repeat(300_000) }))
        .with_state(hits.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, hits)
}

fn fetcher(allow_private: bool) -> Fetcher {
    Fetcher::new(FetchConfig {
        allow_private,
        timeout: Duration::from_millis(700),
        retries: 0,
        max_body_bytes: 1 << 20,
        ..FetchConfig::default()
    })
    .unwrap()
}

fn ingestor(store: &Arc<SqliteStore>, allow_private: bool) -> FeedIngestor {
    FeedIngestor::new(
        fetcher(allow_private),
        Arc::new(Processor::with_defaults(Length::default())),
        store.clone(),
        4,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rss_feed_with_good_and_bad_pages() {
    let (addr, hits) = spawn().await;
    let tmp = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(tmp.path().join("k.db")).unwrap());
    let feed = format!("http://{addr}/feed.xml");
    let ing = ingestor(&store, true);

    let r = ing
        .run_once(std::slice::from_ref(&feed), &NoProgress)
        .await
        .unwrap();
    assert_eq!((r.feeds, r.items), (1, 6));
    assert_eq!((r.stored, r.failed), (2, 4), "{:?}", r.failures);
    let reason = |path: &str| {
        r.failures
            .iter()
            .find(|f| f.id.ends_with(path))
            .map(|f| f.error.clone())
            .unwrap_or_default()
    };
    assert!(reason("/slow").contains("timed out"), "{}", reason("/slow"));
    assert!(reason("/missing").contains("404"), "{}", reason("/missing"));
    assert!(
        reason("/loop-a").contains("redirect loop"),
        "{}",
        reason("/loop-a")
    );
    assert!(
        reason("/huge").contains("larger than the limit"),
        "{}",
        reason("/huge")
    );

    // The windows-1256 page was decoded by its header charset.
    let id = store
        .article_id_by_url(&format!("http://{addr}/cp1256"))
        .unwrap()
        .expect("cp1256 page stored");
    let a = store.article(&id).unwrap().unwrap().article;
    let (title, _) = synth::article(501);
    assert_eq!(a.title.as_deref(), Some(title.as_str()));
    let s = store.stats().unwrap();
    assert_eq!((s.articles, s.summaries, s.failures), (2, 2, 4));

    // Poll again (as --watch does): the feed answers 304, nothing is fetched.
    let r2 = ing
        .run_once(std::slice::from_ref(&feed), &NoProgress)
        .await
        .unwrap();
    assert_eq!((r2.not_modified, r2.items, r2.failed), (1, 0, 0));
    assert_eq!(hits.feed_304.load(Ordering::SeqCst), 1);

    // A new process over the same store (a restart of --watch): the ETag
    // was kept in the store, so the feed answers 304 again.
    let r2b = ingestor(&store, true)
        .run_once(std::slice::from_ref(&feed), &NoProgress)
        .await
        .unwrap();
    assert_eq!((r2b.not_modified, r2b.items), (1, 0), "{r2b:?}");
    assert_eq!(hits.feed_304.load(Ordering::SeqCst), 2);

    // The feed read whole again (validators forgotten): stored items and
    // lasting failures are skipped without fetching; only the timeout is
    // tried again.
    store
        .put_feed_validators(&feed, &khulasa_store::FeedValidators::default())
        .unwrap();
    let ing2 = ingestor(&store, true);
    let r3 = ing2
        .run_once(std::slice::from_ref(&feed), &NoProgress)
        .await
        .unwrap();
    assert_eq!((r3.stored, r3.skipped, r3.failed), (0, 5, 1), "{r3:?}");
    assert!(r3.failures[0].id.ends_with("/slow"));
    assert_eq!(
        hits.good.load(Ordering::SeqCst),
        1,
        "a stored page was fetched again"
    );
    assert_eq!(store.stats().unwrap().articles, 2);
    assert_eq!(hits.feed_full.load(Ordering::SeqCst), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn atom_and_json_feed() {
    let (addr, _) = spawn().await;
    let tmp = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(tmp.path().join("k.db")).unwrap());
    let feeds = [
        format!("http://{addr}/atom.xml"),
        format!("http://{addr}/feed.json"),
    ];
    let r = ingestor(&store, true)
        .run_once(&feeds, &NoProgress)
        .await
        .unwrap();
    assert_eq!(
        (r.feeds, r.items, r.stored, r.failed),
        (2, 2, 2, 0),
        "{:?}",
        r.failures
    );
    assert!(
        store
            .article_id_by_url(&format!("http://{addr}/other"))
            .unwrap()
            .is_some()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feed_from_a_file_and_the_guard() {
    let (addr, _) = spawn().await;
    let tmp = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(tmp.path().join("k.db")).unwrap());
    let path = tmp.path().join("feed.xml");
    std::fs::write(
        &path,
        rss(&[
            &format!("http://{addr}/good"),
            "http://169.254.169.254/latest/meta-data/",
            "javascript:alert(1)",
        ]),
    )
    .unwrap();
    // Without --allow-private-urls, loopback and metadata links are refused.
    let r = ingestor(&store, false)
        .run_once(&[path.display().to_string()], &NoProgress)
        .await
        .unwrap();
    assert_eq!((r.items, r.stored, r.failed), (2, 0, 2), "{r:?}");
    assert!(
        r.failures.iter().all(|f| f.error.contains("refused")),
        "{:?}",
        r.failures
    );
    // A feed that is not there, and one that is not a feed.
    let junk = tmp.path().join("junk.xml");
    std::fs::write(&junk, "<html><body>not a feed</body></html>").unwrap();
    let feeds = [
        "/nonexistent/feed.xml".to_string(),
        junk.display().to_string(),
    ];
    let r = ingestor(&store, false)
        .run_once(&feeds, &NoProgress)
        .await
        .unwrap();
    assert_eq!(r.failed, 2);
    assert_eq!(store.failures(Page::default()).unwrap().total, 4);
}
