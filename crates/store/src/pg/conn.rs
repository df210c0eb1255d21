//! Reaching PostgreSQL: the URL (and the standard `PG*` environment), a
//! pool of connections each with its own prepared-statement cache, the
//! statement timeout, and the schema migrations run at start-up.

use crate::StoreError;
use postgres::{Client, GenericClient, NoTls, Statement};
use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

/// How a [`super::PgStore`] or [`super::PgQueue`] connects.
#[derive(Debug, Clone)]
pub struct PgOptions {
    /// Connections kept in the pool: at most this many queries run at once
    /// from this process. Default 8.
    pub pool_size: u32,
    /// Longest a statement may run before the server cancels it (an error
    /// to the caller, never a hung request). Default 30 s.
    pub statement_timeout: Duration,
    /// Longest to wait for a connection (to open one, or for a free one
    /// from the pool). Default 10 s.
    pub connect_timeout: Duration,
}

impl Default for PgOptions {
    fn default() -> Self {
        PgOptions {
            pool_size: 8,
            statement_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
        }
    }
}

/// Whether `db` names a PostgreSQL database (`postgres://` or
/// `postgresql://`) rather than a SQLite file.
pub fn is_postgres_url(db: &str) -> bool {
    let lower = db.trim_start().to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

/// `url` with its password replaced by `***` (in the user-info part and in
/// a `password=` parameter), for messages and logs.
pub fn redact_url(url: &str) -> String {
    let mut out = url.to_string();
    if let Some(scheme_end) = out.find("://") {
        let rest_start = scheme_end + 3;
        let authority_end = out[rest_start..]
            .find(['/', '?'])
            .map_or(out.len(), |i| rest_start + i);
        if let Some(at) = out[rest_start..authority_end].rfind('@') {
            let userinfo = &out[rest_start..rest_start + at];
            if let Some(colon) = userinfo.find(':') {
                let start = rest_start + colon + 1;
                out.replace_range(start..rest_start + at, "***");
            }
        }
    }
    // password=... in the query string
    let lower = out.to_ascii_lowercase();
    if let Some(i) = lower.find("password=") {
        let start = i + "password=".len();
        let end = out[start..].find('&').map_or(out.len(), |j| start + j);
        out.replace_range(start..end, "***");
    }
    out
}

/// The client configuration the pool uses for `url` (public so that
/// tools and tests connect exactly as the store does), with what it leaves out taken from
/// the standard environment (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`,
/// `PGDATABASE`), as libpq does.
pub fn client_config(url: &str, opts: &PgOptions) -> Result<postgres::Config, StoreError> {
    let target = redact_url(url);
    let mut cfg = postgres::Config::from_str(url.trim()).map_err(|e| StoreError::BadUrl {
        target: target.clone(),
        reason: e.to_string(),
    })?;
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    if cfg.get_hosts().is_empty() {
        cfg.host(&env("PGHOST").unwrap_or_else(|| "localhost".into()));
    }
    if cfg.get_ports().is_empty()
        && let Some(p) = env("PGPORT")
    {
        let port = p.parse::<u16>().map_err(|_| StoreError::BadUrl {
            target: target.clone(),
            reason: format!("PGPORT is not a port number: {p:?}"),
        })?;
        cfg.port(port);
    }
    if cfg.get_user().is_none() {
        let user = env("PGUSER")
            .or_else(|| env("USER"))
            .unwrap_or_else(|| "postgres".into());
        cfg.user(&user);
    }
    if cfg.get_password().is_none()
        && let Some(p) = env("PGPASSWORD")
    {
        cfg.password(p);
    }
    if cfg.get_dbname().is_none()
        && let Some(d) = env("PGDATABASE")
    {
        cfg.dbname(&d);
    }
    if cfg.get_application_name().is_none() {
        cfg.application_name("khulasa");
    }
    cfg.connect_timeout(opts.connect_timeout);
    // Set at login: no extra round trip, and every pooled connection has it.
    // Kept beside the URL's own `options` (a search_path, say). Custom
    // plans: a search is planned for its own terms (a rare word uses the
    // index, a word in every article a scan) instead of a generic plan
    // chosen once per prepared statement.
    let timeout = format!(
        "-c statement_timeout={} -c plan_cache_mode=force_custom_plan",
        opts.statement_timeout.as_millis().max(1)
    );
    let options = match cfg.get_options() {
        Some(o) if !o.trim().is_empty() => format!("{o} {timeout}"),
        _ => timeout,
    };
    cfg.options(&options);
    Ok(cfg)
}

/// A pooled connection: the client and the statements it has prepared
/// (each SQL text is parsed and planned once per connection, not per call).
pub struct PgConn {
    pub(crate) client: Client,
    pub(crate) stmts: StmtCache,
}

/// Prepared statements of one connection, by SQL text.
#[derive(Default)]
pub(crate) struct StmtCache(HashMap<String, Statement>);

impl StmtCache {
    /// The prepared statement of `sql` on the connection behind `c`.
    pub(crate) fn get(
        &mut self,
        c: &mut impl GenericClient,
        sql: &str,
    ) -> Result<Statement, postgres::Error> {
        if let Some(s) = self.0.get(sql) {
            return Ok(s.clone());
        }
        let s = c.prepare(sql)?;
        self.0.insert(sql.to_string(), s.clone());
        Ok(s)
    }
}

/// Makes [`PgConn`]s for the r2d2 pool.
pub(crate) struct Manager {
    pub(crate) config: postgres::Config,
}

impl r2d2::ManageConnection for Manager {
    type Connection = PgConn;
    type Error = postgres::Error;

    fn connect(&self) -> Result<PgConn, postgres::Error> {
        Ok(PgConn {
            client: self.config.connect(NoTls)?,
            stmts: StmtCache::default(),
        })
    }

    fn is_valid(&self, conn: &mut PgConn) -> Result<(), postgres::Error> {
        conn.client.simple_query("").map(|_| ())
    }

    fn has_broken(&self, conn: &mut PgConn) -> bool {
        // A connection the server dropped (a restart) leaves the pool.
        conn.client.is_closed()
    }
}

/// Logs pool errors (connection failures while the server is away) through
/// nothing: each is returned to the caller that waited for a connection.
#[derive(Debug)]
struct QuietErrors;

impl r2d2::HandleError<postgres::Error> for QuietErrors {
    fn handle_error(&self, _: postgres::Error) {}
}

pub(crate) type Pool = r2d2::Pool<Manager>;

/// A pool of connections to `url`; fails (in words, without the password)
/// when the server cannot be reached within the connect timeout.
pub(crate) fn pool(url: &str, opts: &PgOptions) -> Result<Pool, StoreError> {
    let cfg = client_config(url, opts)?;
    // One connection first, for a clear error when the server is away or
    // refuses the login (the pool would only say it timed out).
    let probe = cfg.connect(NoTls).map_err(|e| StoreError::Connect {
        target: redact_url(url),
        reason: crate::error::pg_reason(&e),
    })?;
    drop(probe);
    r2d2::Pool::builder()
        .max_size(opts.pool_size.max(1))
        .min_idle(Some(1))
        .connection_timeout(opts.connect_timeout)
        // A broken connection is noticed by has_broken when returned, and
        // the store retries once on a fresh one: no ping per checkout.
        .test_on_check_out(false)
        .error_handler(Box::new(QuietErrors))
        .build(Manager { config: cfg })
        .map_err(|e| StoreError::Connect {
            target: redact_url(url),
            reason: e.to_string(),
        })
}

/// The key of the advisory lock that makes migrations (and the rebuild of
/// the search index) one node's job at a time: "khulasa" in ASCII.
pub(crate) const MIGRATION_LOCK: i64 = 0x006b_6875_6c61_7361;

/// Migration `i` takes the schema from version `i` to `i + 1`. Never edit a
/// released one: add a new one.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: the store (as the SQLite store's, with a tsvector of the analysed
    // terms in place of FTS5) and the job queue.
    r#"
    CREATE TABLE articles (
        seq       bigserial PRIMARY KEY,
        id        text NOT NULL UNIQUE,     -- first 16 hex digits of hash
        hash      text NOT NULL UNIQUE,     -- SHA-256 of title \0 text
        url       text UNIQUE,              -- NULL when unknown
        title     text,
        published text,
        lang      text,
        site      text,                     -- the URL's host without www.
        added     bigint NOT NULL,          -- Unix seconds
        doc       text NOT NULL,            -- the Article as JSON
        tsv       tsvector NOT NULL         -- Analyzer::search terms; title weight A
    );
    -- fastupdate off: a new article's terms go into the index at once, not
    -- into a pending list that every search scans until a vacuum (50×
    -- slower searches after a bulk load were measured with it on).
    CREATE INDEX articles_tsv ON articles USING gin (tsv) WITH (fastupdate = off);
    CREATE INDEX articles_site ON articles (site);
    CREATE TABLE summaries (
        seq     bigserial PRIMARY KEY,
        article bigint NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
        length  text NOT NULL,
        engine  text NOT NULL,
        added   bigint NOT NULL,
        doc     text NOT NULL,
        UNIQUE (article, length, engine)
    );
    CREATE TABLE audio (
        seq          bigserial PRIMARY KEY,
        summary      bigint NOT NULL REFERENCES summaries (seq) ON DELETE CASCADE,
        format       text NOT NULL,
        content_type text NOT NULL,
        marks        text NOT NULL,
        bytes        bytea NOT NULL,
        added        bigint NOT NULL,
        UNIQUE (summary, format)
    );
    CREATE TABLE failures (
        seq    bigserial PRIMARY KEY,
        source text NOT NULL,
        reason text NOT NULL,
        at     bigint NOT NULL
    );
    CREATE TABLE ingested (
        key     text PRIMARY KEY,
        params  text NOT NULL,
        article text,
        reason  text,
        at      bigint NOT NULL
    );
    CREATE TABLE feeds (
        url           text PRIMARY KEY,
        etag          text,
        last_modified text,
        at            bigint NOT NULL
    );
    CREATE TABLE meta (
        key   text PRIMARY KEY,
        value text NOT NULL
    );
    -- The queue. A job is claimed by one worker for a lease; a worker that
    -- dies lets its lease run out and the job is claimed again. `key` makes
    -- enqueueing idempotent; `run` groups the jobs of one `batch`/`ingest`
    -- call for --wait.
    CREATE TABLE jobs (
        id           bigserial PRIMARY KEY,
        kind         text NOT NULL,
        key          text NOT NULL UNIQUE,
        run          text NOT NULL,
        payload      jsonb NOT NULL,
        body         bytea,
        state        text NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending', 'running', 'done', 'failed')),
        attempts     integer NOT NULL DEFAULT 0,
        max_attempts integer NOT NULL,
        run_at       timestamptz NOT NULL DEFAULT now(),
        lease_until  timestamptz,
        worker       text,
        result       text,
        last_error   text,
        created      timestamptz NOT NULL DEFAULT now(),
        finished     timestamptz
    );
    CREATE INDEX jobs_ready ON jobs (run_at, id) WHERE state = 'pending';
    CREATE INDEX jobs_leased ON jobs (lease_until) WHERE state = 'running';
    CREATE INDEX jobs_run ON jobs (run, state);
    "#,
    // 2: audio is kept per voice too (an espeak-ng and a Piper reading of
    // one summary are two files); audio stored before was espeak-ng's.
    r#"
    ALTER TABLE audio ADD COLUMN voice text NOT NULL DEFAULT 'espeak';
    ALTER TABLE audio DROP CONSTRAINT audio_summary_format_key;
    ALTER TABLE audio ADD CONSTRAINT audio_summary_format_voice_key UNIQUE (summary, format, voice);
    "#,
];

/// The schema version this build writes.
pub(crate) fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

/// Brings the database up to [`latest`], holding [`MIGRATION_LOCK`] so
/// that nodes starting together take turns (the second finds the work
/// done). Each migration and its version bump are one transaction.
/// Refuses a database from a newer khulasa.
pub(crate) fn migrate(client: &mut Client) -> Result<i64, StoreError> {
    let err = |version| move |source| StoreError::PgMigration { version, source };
    client
        .execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])
        .map_err(err(0))?;
    let r = (|| {
        client
            .batch_execute(
                "CREATE TABLE IF NOT EXISTS khulasa_schema (version bigint NOT NULL); \
                 INSERT INTO khulasa_schema SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM khulasa_schema)",
            )
            .map_err(err(0))?;
        let found: i64 = client
            .query_one("SELECT version FROM khulasa_schema", &[])
            .map_err(err(0))?
            .get(0);
        if found > latest() {
            return Err(StoreError::SchemaTooNew {
                found,
                supported: latest(),
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            let version = i as i64 + 1;
            let mut tx = client.transaction().map_err(err(version))?;
            tx.batch_execute(sql).map_err(err(version))?;
            tx.execute("UPDATE khulasa_schema SET version = $1", &[&version])
                .map_err(err(version))?;
            tx.commit().map_err(err(version))?;
        }
        Ok(latest())
    })();
    // Unlocked whatever happened; a dropped connection unlocks too.
    let _ = client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK]);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://kh:s3cret@db.example:5432/news"),
            "postgres://kh:***@db.example:5432/news"
        );
        assert_eq!(
            redact_url("postgresql://db/news?user=kh&password=s3cret&sslmode=disable"),
            "postgresql://db/news?user=kh&password=***&sslmode=disable"
        );
        assert_eq!(redact_url("postgres://kh@db/news"), "postgres://kh@db/news");
        assert_eq!(redact_url("postgres://db/n"), "postgres://db/n");
    }

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_postgres_url("postgres://db/news"));
        assert!(is_postgres_url("PostgreSQL://db/news"));
        assert!(!is_postgres_url("khulasa.db"));
        assert!(!is_postgres_url("./postgres://x"));
    }

    #[test]
    fn a_bad_url_is_an_error_without_its_password() {
        let e =
            client_config("postgres://u:pw@host:notaport/db", &PgOptions::default()).unwrap_err();
        let msg = e.to_string();
        assert!(!msg.contains("pw@"), "{msg}");
        assert!(msg.contains("***"), "{msg}");
    }
}
