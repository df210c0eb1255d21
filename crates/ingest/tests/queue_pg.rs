//! The queue's feed and link jobs against a real HTTP server on loopback
//! and a PostgreSQL store: `feed` queues one `url` job per item, the
//! workers fetch and store them, a 404 is the item's recorded failure, and
//! reading the feed again asks "changed since?" (a 304 queues nothing).

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use khulasa_core::Length;
use khulasa_fetch::{FetchConfig, Fetcher};
use khulasa_ingest::queue::{Worker, WorkerOptions, feed_job};
use khulasa_ingest::synth;
use khulasa_store::pg::scratch::Scratch;
use khulasa_store::{PgStore, Store};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

const ETAG: &str = "\"v1\"";

async fn feed(headers: HeaderMap) -> Response {
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(ETAG)
    {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>أخبار</title>\
         <link>http://news.test/</link><description>آخر الأخبار</description>",
    );
    for path in ["/a", "/b", "/missing"] {
        s.push_str(&format!(
            "<item><title>خبر</title><link>{path}</link></item>"
        ));
    }
    s.push_str("</channel></rss>");
    (
        [
            (header::CONTENT_TYPE, "application/rss+xml"),
            (header::ETAG, ETAG),
        ],
        s,
    )
        .into_response()
}

#[test]
fn a_feed_job_queues_its_items_and_workers_store_them() {
    let Some(db) = Scratch::create("a_feed_job_queues_its_items") else {
        return;
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let addr = rt.block_on(async {
        let app = Router::new()
            .route("/feed.xml", get(feed))
            .route(
                "/a",
                get(|| async { axum::response::Html(synth::news_page(1)) }),
            )
            .route(
                "/b",
                get(|| async { axum::response::Html(synth::news_page(2)) }),
            );
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = l.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(l, app).await.unwrap() });
        addr
    });
    let store = Arc::new(PgStore::open(&db.url()).unwrap());
    let queue = store.queue();
    let feed_url = format!("http://{addr}/feed.xml");
    let pipeline = khulasa_pipeline::Pipeline::new(Default::default()).unwrap();
    let fetcher = Fetcher::new(FetchConfig {
        allow_private: true,
        ..FetchConfig::default()
    })
    .unwrap();
    let worker = Worker::new(
        store.clone(),
        pipeline,
        fetcher,
        WorkerOptions {
            jobs: 2,
            exit_when_idle: true,
            ..WorkerOptions::default()
        },
    );
    let stop = AtomicBool::new(false);

    queue
        .enqueue("first", &[feed_job(&feed_url, Length::Bullets(3), 1)])
        .unwrap();
    let report = worker.run(&stop).unwrap();
    assert_eq!(report.done, 4, "{report:?}");
    let counts = queue.run_counts("first").unwrap();
    let n = |w: &str| {
        counts
            .results
            .iter()
            .find(|(k, _)| k == w)
            .map_or(0, |(_, n)| *n)
    };
    assert_eq!(
        (n("read"), n("stored"), n("failed")),
        (1, 2, 1),
        "{counts:?}"
    );
    let st = store.stats().unwrap();
    assert_eq!((st.articles, st.summaries, st.failures), (2, 2, 1));
    assert!(
        store
            .article_id_by_url(&format!("http://{addr}/a"))
            .unwrap()
            .is_some()
    );

    // Again, later: the feed answers 304 and nothing is queued.
    queue
        .enqueue("second", &[feed_job(&feed_url, Length::Bullets(3), 2)])
        .unwrap();
    worker.run(&stop).unwrap();
    let again = queue.run_counts("second").unwrap();
    assert_eq!(again.results, [("unchanged".to_string(), 1)]);
    assert_eq!(store.stats().unwrap().articles, 2);
}
