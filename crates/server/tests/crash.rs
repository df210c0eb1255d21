//! SIGKILL in the middle of a stream of writes: on restart, every write the
//! server acknowledged is there, with its summary, and the database is
//! consistent.
//!
//! The test runs its own binary a second time as the server (a child
//! process, selected by an environment variable), so the kill is a real
//! SIGKILL of a real process holding the SQLite file open.

use khulasa_core::Length;
use khulasa_server::{AppState, Config, app};
use khulasa_store::{ArticleId, SqliteStore, Store, SummaryKey};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CHILD_ENV: &str = "KHULASA_CRASH_TEST_CHILD_DB";

fn main() {
    if let Ok(db) = std::env::var(CHILD_ENV) {
        run_child(Path::new(&db));
        return;
    }
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    if filter
        .as_deref()
        .is_some_and(|f| !"sigkill_mid_writes_loses_no_acknowledged_write".contains(f))
    {
        println!("0 passed, 0 failed, 1 skipped (filtered out)");
        return;
    }
    let _ = rustls::crypto::ring::default_provider().install_default();
    println!("running 1 test");
    sigkill_mid_writes_loses_no_acknowledged_write();
    println!("test sigkill_mid_writes_loses_no_acknowledged_write ... ok");
    println!("1 passed, 0 failed");
}

/// The server process: serves the database until killed.
fn run_child(db: &Path) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = Arc::new(SqliteStore::open(db).unwrap());
        let state = AppState::new(store, Config::default()).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        println!("LISTENING {}", listener.local_addr().unwrap());
        axum::serve(listener, app(state)).await.unwrap();
    });
}

fn spawn_server(db: &Path) -> (Child, String) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .env(CHILD_ENV, db)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the server process");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("LISTENING ")
        .unwrap_or_else(|| panic!("server said {line:?}"));
    (child, format!("http://{addr}"))
}

fn article_text(n: usize) -> (String, String) {
    let title = format!("تقرير رقم {n} عن حركة الميناء");
    let text = format!(
        "سجل الميناء التجاري في الأسبوع رقم {n} وصول سفن جديدة محملة بالحبوب والمعدات. \
         وقال مدير الميناء إن حركة الشحن ارتفعت مقارنة بالأسبوع السابق بفضل تحسن الأحوال الجوية.\n\n\
         وأضاف أن أعمال التوسعة في الرصيف الشمالي ستنتهي قبل نهاية العام، مما يسمح باستقبال سفن أكبر. \
         ويعمل في الميناء أكثر من ألفي موظف في ثلاث ورديات."
    );
    (title, text)
}

fn sigkill_mid_writes_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let (mut child, base) = spawn_server(&db);

    let acked: Arc<Mutex<Vec<(usize, String)>>> = Arc::default();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (acked, base) = (Arc::clone(&acked), base.clone());
            rt.spawn(async move {
                let c = reqwest::Client::new();
                for i in 0.. {
                    let n = w * 100_000 + i;
                    let (title, text) = article_text(n);
                    let body = serde_json::json!({"text": text, "title": title});
                    let Ok(r) = c
                        .post(format!("{base}/v1/articles"))
                        .json(&body)
                        .send()
                        .await
                    else {
                        break;
                    };
                    if r.status().as_u16() != 201 {
                        break;
                    }
                    let Ok(v) = r.json::<serde_json::Value>().await else {
                        break;
                    };
                    acked
                        .lock()
                        .unwrap()
                        .push((n, v["id"].as_str().unwrap().to_string()));
                }
            })
        })
        .collect();

    // Let writes flow, then kill the server while requests are in flight.
    let start = Instant::now();
    while acked.lock().unwrap().len() < 40 && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("SIGKILL the server");
    child.wait().unwrap();
    for w in writers {
        rt.block_on(w).unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(
        acked.len() >= 10,
        "only {} writes were acknowledged before the kill",
        acked.len()
    );

    // Every acknowledged write is in the file, whole: article and summary.
    let store = SqliteStore::open(&db).unwrap();
    store.check().expect("database consistent after SIGKILL");
    for (n, id) in &acked {
        let id = ArticleId::parse(id).unwrap();
        let stored = store
            .article(&id)
            .unwrap()
            .unwrap_or_else(|| panic!("acknowledged article {n} lost"));
        assert_eq!(stored.article.text, article_text(*n).1);
        let key = SummaryKey {
            article: id.clone(),
            length: Length::Bullets(3),
            engine: khulasa_summarize::ENGINE_VERSION.into(),
        };
        assert!(
            store.summary(&key).unwrap().is_some(),
            "summary of acknowledged article {n} lost"
        );
    }
    let stats = store.stats().unwrap();
    assert!(stats.articles as usize >= acked.len());
    assert_eq!(
        stats.articles, stats.summaries,
        "an article without its summary: a torn write"
    );
    drop(store);

    // And a restarted server serves them.
    let (mut child, base) = spawn_server(&db);
    rt.block_on(async {
        let c = reqwest::Client::new();
        for (_, id) in acked.iter().step_by(7) {
            let r = c
                .get(format!("{base}/v1/articles/{id}/summary"))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), 200);
            let v: serde_json::Value = r.json().await.unwrap();
            assert_eq!(v["cached"], true);
        }
    });
    child.kill().unwrap();
    child.wait().unwrap();
    println!(
        "  {} writes acknowledged before SIGKILL; all found after restart ({} articles in the file)",
        acked.len(),
        stats.articles
    );
}
