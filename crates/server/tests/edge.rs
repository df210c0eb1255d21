//! What an anonymous client can do to a running server (issue 13): each
//! test plays the hostile client over loopback against the real router and
//! a real SQLite store.

mod common;

use common::{TEXT, TITLE, client, start};
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
