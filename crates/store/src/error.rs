//! The one error type of the store.

use std::path::PathBuf;

/// What can go wrong in the store. Each variant says what was being done, so
/// the binary can turn it into a sentence.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file could not be opened or configured.
    #[error("could not open the database at {path}: {source}")]
    Open {
        /// The file.
        path: PathBuf,
        /// SQLite's reason.
        source: rusqlite::Error,
    },
    /// The file was written by a newer khulasa.
    #[error(
        "the database has schema version {found}, newer than this khulasa understands ({supported}); upgrade khulasa"
    )]
    SchemaTooNew {
        /// The version found in the file.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// A schema migration failed (the file is left at the previous version).
    #[error("migrating the database to schema version {version} failed: {source}")]
    Migration {
        /// The version being applied.
        version: i64,
        /// SQLite's reason.
        source: rusqlite::Error,
    },
    /// A query or write failed.
    #[error("database error while {op}: {source}")]
    Sqlite {
        /// What was being done ("storing an article").
        op: &'static str,
        /// SQLite's reason.
        source: rusqlite::Error,
    },
    /// A stored JSON document could not be read back (or written).
    #[error("stored {what} could not be (de)serialised: {source}")]
    Corrupt {
        /// Which document ("article", "summary").
        what: &'static str,
        /// serde's reason.
        source: serde_json::Error,
    },
    /// An article id that is not 16 hexadecimal characters.
    #[error("invalid article id {0:?}: expected 16 hexadecimal characters")]
    InvalidId(String),
    /// A search query that cannot be run (no words, or too long).
    #[error("invalid search query: {0}")]
    InvalidQuery(String),
    /// A value over one of the store's documented limits.
    #[error("{what} is too large: {size} bytes (the limit is {limit})")]
    TooLarge {
        /// What was too large.
        what: &'static str,
        /// Its size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// A write that refers to an article the store does not hold.
    #[error("no article with id {0}")]
    UnknownArticle(String),
    /// The journal could not be switched to WAL (a file system without
    /// shared memory, for instance).
    #[error("could not switch the database at {path} to WAL journaling (it is in {mode} mode)")]
    NoWal {
        /// The file.
        path: PathBuf,
        /// The journal mode SQLite reported.
        mode: String,
    },
    /// [`crate::Store::check`] found the file damaged or inconsistent.
    #[error("the database is inconsistent: {0}")]
    Inconsistent(String),
    /// The PostgreSQL server could not be reached or refused the login.
    /// `target` is the URL with its password left out.
    #[cfg(feature = "postgres")]
    #[error("could not connect to PostgreSQL at {target}: {reason}")]
    Connect {
        /// The database URL, password redacted.
        target: String,
        /// Why, in the client's words.
        reason: String,
    },
    /// A `postgres://` URL that cannot be read.
    #[cfg(feature = "postgres")]
    #[error("invalid PostgreSQL URL {target}: {reason}")]
    BadUrl {
        /// The URL, password redacted.
        target: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A PostgreSQL schema migration failed (rolled back whole).
    #[cfg(feature = "postgres")]
    #[error(
        "migrating the PostgreSQL schema to version {version} failed: {}",
        pg_reason(source)
    )]
    PgMigration {
        /// The version being applied.
        version: i64,
        /// PostgreSQL's reason.
        source: postgres::Error,
    },
    /// A PostgreSQL query or write failed (a statement timeout included).
    #[cfg(feature = "postgres")]
    #[error("database error while {op}: {}", pg_reason(source))]
    Postgres {
        /// What was being done.
        op: &'static str,
        /// PostgreSQL's reason.
        source: postgres::Error,
    },
    /// No pooled PostgreSQL connection could be had in time (the server
    /// is down or every connection is busy).
    #[cfg(feature = "postgres")]
    #[error("no PostgreSQL connection while {op}: {reason}")]
    Pool {
        /// What was being done.
        op: &'static str,
        /// The pool's reason (the last connection error).
        reason: String,
    },
    /// Audio for a summary the store does not hold.
    #[error("no stored summary of article {0} with those length settings and engine")]
    UnknownSummary(String),
}

/// Attaches "what was being done" to a rusqlite error.
pub(crate) trait Ctx<T> {
    fn ctx(self, op: &'static str) -> Result<T, StoreError>;
}

impl<T> Ctx<T> for Result<T, rusqlite::Error> {
    fn ctx(self, op: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Sqlite { op, source })
    }
}

#[cfg(feature = "postgres")]
impl<T> Ctx<T> for Result<T, postgres::Error> {
    fn ctx(self, op: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Postgres { op, source })
    }
}

/// A PostgreSQL error in words: the server's message (its `Display` says
/// only "db error"), or the client's reason with its cause.
#[cfg(feature = "postgres")]
pub(crate) fn pg_reason(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return match db.detail() {
            Some(d) => format!("{} ({d})", db.message()),
            None => db.message().to_string(),
        };
    }
    match std::error::Error::source(e) {
        Some(cause) => format!("{e}: {cause}"),
        None => e.to_string(),
    }
}
