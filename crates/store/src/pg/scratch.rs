//! Throwaway schemas for tests and benchmarks: each gets its own schema in
//! the test database (so tests run in parallel), dropped when done.

use std::sync::atomic::{AtomicU32, Ordering};

/// The server tests use: `KHULASA_TEST_PG`, else the local PostgreSQL.
pub fn base_url() -> String {
    std::env::var("KHULASA_TEST_PG")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A schema of its own in the test database; dropped (with everything in
/// it) on drop.
#[derive(Debug)]
pub struct Scratch {
    base: String,
    name: String,
}

impl Scratch {
    /// A new schema, or `None` (with a notice on stderr) when no PostgreSQL
    /// answers at [`base_url`]. With `KHULASA_REQUIRE_PG=1` (CI) an
    /// unreachable server is a panic instead: the tests must run there.
    pub fn create(tag: &str) -> Option<Scratch> {
        static N: AtomicU32 = AtomicU32::new(0);
        let base = base_url();
        let mut client = match postgres::Client::connect(&base, postgres::NoTls) {
            Ok(c) => c,
            Err(e) => {
                let msg = format!(
                    "PostgreSQL not reachable at {} ({e}): skipped {tag}",
                    super::redact_url(&base)
                );
                if std::env::var("KHULASA_REQUIRE_PG").is_ok_and(|v| v == "1") {
                    panic!("{msg} (KHULASA_REQUIRE_PG=1)");
                }
                eprintln!("{msg}");
                return None;
            }
        };
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let name = format!(
            "kh_{}_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed),
            nanos
        );
        client
            .batch_execute(&format!("CREATE SCHEMA {name}"))
            .expect("create a scratch schema");
        Some(Scratch { base, name })
    }

    /// The URL of the schema: the base URL with `search_path` set to it.
    pub fn url(&self) -> String {
        let sep = if self.base.contains('?') { '&' } else { '?' };
        format!("{}{sep}options=-c%20search_path%3D{}", self.base, self.name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.base, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}
