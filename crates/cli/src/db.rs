//! `--db`: a SQLite file (the embedded default) or a `postgres://` URL (a
//! database shared by several nodes). Also `KHULASA_DB`. A URL's password
//! is never printed: messages show [`Db::shown`].

use anyhow::{Context, Result};
use khulasa_store::{PgStore, SqliteStore, Store, is_postgres_url, redact_url};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the store is.
#[derive(Clone, Debug)]
pub enum Db {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL database URL.
    Postgres(String),
}

impl Db {
    /// Reads a `--db` value: a `postgres://` or `postgresql://` URL, else a
    /// path.
    pub fn parse(s: &str) -> Result<Db, String> {
        if s.trim().is_empty() {
            return Err("--db is empty: give a SQLite file or a postgres:// URL".into());
        }
        Ok(if is_postgres_url(s) {
            Db::Postgres(s.trim().to_string())
        } else {
            Db::Sqlite(PathBuf::from(s))
        })
    }

    /// The store as it may be shown: the path, or the URL without its
    /// password.
    pub fn shown(&self) -> String {
        match self {
            Db::Sqlite(p) => p.display().to_string(),
            Db::Postgres(u) => redact_url(u),
        }
    }

    /// Opens the store (a SQLite file and its folder are created if
    /// missing; a PostgreSQL schema is migrated).
    pub fn open(&self) -> Result<Arc<dyn Store>> {
        Ok(match self {
            Db::Sqlite(p) => Arc::new(open_sqlite(p)?),
            Db::Postgres(u) => open_pg(u)?,
        })
    }
}

/// Opens (creating) the SQLite store, creating its folder if needed.
pub fn open_sqlite(path: &Path) -> Result<SqliteStore> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    SqliteStore::open(path).with_context(|| format!("cannot open the store {}", path.display()))
}

/// Connects to the PostgreSQL store at `url`.
pub fn open_pg(url: &str) -> Result<Arc<PgStore>> {
    // The store's errors already name the URL without its password.
    Ok(Arc::new(PgStore::open(url)?))
}

/// A name for one `batch`/`ingest` call's jobs, so `--wait` waits for them.
pub fn run_id(what: &str) -> String {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    format!(
        "{what}:{}:{}.{:09}",
        std::process::id(),
        t.as_secs(),
        t.subsec_nanos()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_paths() {
        assert!(matches!(Db::parse("postgres://h/db"), Ok(Db::Postgres(_))));
        assert!(matches!(Db::parse("data/k.db"), Ok(Db::Sqlite(_))));
        assert!(Db::parse(" ").is_err());
        assert_eq!(
            Db::parse("postgres://u:secret@h/db").unwrap().shown(),
            "postgres://u:***@h/db"
        );
    }
}
