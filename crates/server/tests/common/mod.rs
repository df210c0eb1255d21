//! Shared helpers: a real server on a loopback port over a real SQLite file.
#![allow(dead_code)]

pub mod site;

use khulasa_server::{AppState, Config, app};
use khulasa_store::SqliteStore;
use std::net::SocketAddr;
use std::sync::Arc;

/// A running server and what it runs on.
pub struct TestServer {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its state (to reach the store directly).
    pub state: AppState,
    /// The folder holding the database file.
    pub dir: tempfile::TempDir,
}

impl TestServer {
    /// `http://addr` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
}

/// Starts a server with `config` on 127.0.0.1 (any free port).
pub async fn start(config: Config) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(dir.path().join("khulasa.db")).unwrap());
    let state = AppState::new(store, config).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app(state.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    TestServer { addr, state, dir }
}

impl TestServer {
    /// Stores `text` under `title` through the API and returns its id.
    pub async fn store_article(&self, c: &reqwest::Client, text: &str, title: &str) -> String {
        let (st, v) = post_json(
            c,
            &self.url("/v1/articles"),
            serde_json::json!({"text": text, "title": title}),
        )
        .await;
        assert_eq!(st, 201, "{v}");
        v["id"].as_str().expect("an id").to_string()
    }
}

/// POSTs `body` as JSON: the status and the JSON answer (`null` when the
/// answer is not JSON).
pub async fn post_json(
    c: &reqwest::Client,
    url: &str,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    answer(c.post(url).json(&body)).await
}

/// GETs `url`: the status and the JSON answer (`null` when not JSON).
pub async fn get_json(c: &reqwest::Client, url: &str) -> (u16, serde_json::Value) {
    answer(c.get(url)).await
}

/// Sends a request: the status and the JSON answer (`null` when not JSON).
pub async fn answer(req: reqwest::RequestBuilder) -> (u16, serde_json::Value) {
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}

/// Sends a request: only its status.
pub async fn status_of(req: reqwest::RequestBuilder) -> u16 {
    req.send().await.unwrap().status().as_u16()
}

/// A client that does not follow redirects (to see them).
pub fn client() -> reqwest::Client {
    install_crypto();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A short Arabic article written for these tests.
pub const TEXT: &str = "أعلنت وزارة الصحة، أمس الثلاثاء، إطلاق حملة وطنية للتطعيم ضد الإنفلونزا الموسمية تستهدف مليوني شخص قبل حلول الشتاء. \
وقالت الوزارة في بيان إن الحملة ستشمل المدارس ودور رعاية المسنين والمراكز الصحية في جميع المحافظات.\n\n\
وأوضح المتحدث باسم الوزارة أن اللقاحات متوفرة مجاناً للفئات الأكثر عرضة للمضاعفات، ومنها كبار السن والحوامل والمصابون بأمراض مزمنة. \
وأضاف أن فرقاً متنقلة ستزور القرى النائية خلال الأسابيع الأربعة المقبلة.\n\n\
وسجلت البلاد في الموسم الماضي ارتفاعاً في حالات دخول المستشفيات بسبب الإنفلونزا بنسبة عشرين في المئة مقارنة بالعام الذي سبقه. \
ويأمل مسؤولون أن تخفف الحملة الضغط على أقسام الطوارئ في ذروة الموسم.";

/// Its headline.
pub const TITLE: &str = "إطلاق حملة وطنية للتطعيم ضد الإنفلونزا";

/// Installs rustls' `ring` provider (once): reqwest is built here without
/// one (see Cargo.toml).
pub fn install_crypto() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
