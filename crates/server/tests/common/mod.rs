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
