//! The PostgreSQL implementation of [`Store`] (and the job queue,
//! [`PgQueue`]), for several khulasa nodes around one database.
//!
//! Same behaviour as [`crate::SqliteStore`] — the same tests run against
//! both — with what differs because the database is shared:
//!
//! - **Client**: the synchronous `postgres` crate and an `r2d2` pool. The
//!   [`Store`] trait is blocking (the server calls it on its blocking pool),
//!   so an async client would only add a runtime hop per call; each pooled
//!   connection keeps its prepared statements.
//! - **Migrations**: versioned, in `khulasa_schema`, applied at start-up
//!   under a PostgreSQL advisory lock, so nodes starting together take turns.
//! - **Search**: the same analysed terms ([`Analyzer::search`]) in a
//!   `tsvector` (title terms weighted A, body D) under a GIN index; the
//!   query is read by [`ParsedQuery`] into the same clauses as the SQLite
//!   store's FTS5 query (`|` between clauses, `<->` inside phrases). Ranked
//!   by `ts_rank_cd` (the title 3× the body, length-normalised, word
//!   proximity counts); paged in SQL. Scores are not on the same scale as
//!   SQLite's BM25.
//! - **Limits**: a statement timeout on every connection; the index of one
//!   article holds at most [`MAX_INDEX_BYTES`] of distinct terms (PostgreSQL
//!   refuses a `tsvector` over 1 MiB) and positions up to 16,383.

mod conn;
mod queue;
pub mod scratch;

pub use conn::{PgOptions, client_config, is_postgres_url, redact_url};
pub use queue::Listener;
pub use queue::{Job, JobState, NewJob, PgQueue, QueueCounts, RunCounts};

use crate::error::Ctx;
use crate::search::{Filters, ParsedQuery, SearchQuery, SearchResults, SearchSort, SearchTuning};
use crate::sqlite::{ANALYZER_PROBE, RELATED_TERMS};
use crate::types::*;
use crate::{MAX_ARTICLE_BYTES, MAX_AUDIO_BYTES, Store, StoreError};
use conn::{PgConn, Pool, StmtCache};
use khulasa_core::{Article, Summary};
use khulasa_text::Analyzer;
use postgres::GenericClient;
use postgres::types::ToSql;
use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

/// Most bytes of distinct terms (with their positions) indexed for one
/// article; terms first seen past it are not indexed (PostgreSQL refuses a
/// `tsvector` over 1 MiB). Ordinary articles are far below it.
pub const MAX_INDEX_BYTES: usize = 512 << 10;
/// Highest word position PostgreSQL keeps; later words share it.
const MAX_POSITION: usize = 16_383;
/// Positions kept per term (PostgreSQL's own limit).
const MAX_POSITIONS_PER_TERM: usize = 256;
/// Longest term indexed, in bytes (PostgreSQL refuses longer lexemes).
const MAX_TERM_BYTES: usize = 2000;
/// `ts_rank_cd` weights {D, C, B, A}: body terms are D, title terms A, the
/// title weighing 3× the body as in the SQLite store's BM25.
const RANK_WEIGHTS: &str = "'{0.3333, 0.2, 0.4, 1.0}'";

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A store in a PostgreSQL database, shared by any number of nodes.
pub struct PgStore {
    tuning: SearchTuning,
    pool: Pool,
    config: postgres::Config,
    target: String,
    analyzer: Analyzer,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("target", &self.target)
            .finish_non_exhaustive()
    }
}

/// `text` quoted as a `tsvector`/`tsquery` lexeme.
fn lexeme(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('\'');
    for c in text.chars() {
        match c {
            '\'' => s.push_str("''"),
            '\\' => s.push_str("\\\\"),
            c => s.push(c),
        }
    }
    s.push('\'');
    s
}

/// The `tsquery` of a parsed query's clauses: any clause (`|`), a
/// phrase's terms side by side (`<->`).
fn tsquery(clauses: &[Vec<String>]) -> String {
    clauses
        .iter()
        .map(|c| {
            let inner = c
                .iter()
                .map(|t| lexeme(t))
                .collect::<Vec<_>>()
                .join(" <-> ");
            format!("({inner})")
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The site of a URL: its host, lowercase, without `www.` (as the SQLite
/// store's generated column).
fn site_of(url: Option<&str>) -> Option<String> {
    let url = url?;
    let (_, rest) = url.split_once("://")?;
    let host = rest.split('/').next().unwrap_or("").to_lowercase();
    Some(
        host.strip_prefix("www.")
            .map(str::to_string)
            .unwrap_or(host),
    )
}

fn corrupt(what: &'static str) -> impl Fn(serde_json::Error) -> StoreError {
    move |source| StoreError::Corrupt { what, source }
}

impl PgStore {
    /// Connects to the database at `url` (`postgres://user:pass@host/db`;
    /// what it leaves out comes from `PGHOST`, `PGUSER`, `PGPASSWORD`, …)
    /// and brings its schema up to date.
    pub fn open(url: &str) -> Result<PgStore, StoreError> {
        Self::open_with(url, &PgOptions::default())
    }

    /// [`PgStore::open`] with pool size and timeouts.
    pub fn open_with(url: &str, opts: &PgOptions) -> Result<PgStore, StoreError> {
        let pool = conn::pool(url, opts)?;
        let store = PgStore {
            pool,
            config: conn::client_config(url, opts)?,
            target: redact_url(url),
            analyzer: Analyzer::search(),
            tuning: SearchTuning::default(),
        };
        {
            let mut c = store.conn("migrating the schema")?;
            conn::migrate(&mut c.client)?;
        }
        store.reindex_if_stale()?;
        Ok(store)
    }

    /// The same store with other search trade-offs (tests use small ones to
    /// reach the large-store paths with few articles).
    pub fn with_search_tuning(mut self, tuning: SearchTuning) -> PgStore {
        self.tuning = tuning;
        self
    }

    /// The database URL, password redacted.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The job queue in the same database, on the same pool.
    pub fn queue(&self) -> PgQueue {
        PgQueue::new(self.pool.clone(), self.config.clone(), self.target.clone())
    }

    /// A connection from the pool.
    fn conn(&self, op: &'static str) -> Result<r2d2::PooledConnection<conn::Manager>, StoreError> {
        self.pool.get().map_err(|e| StoreError::Pool {
            op,
            reason: e.to_string(),
        })
    }

    /// Runs `f` on a pooled connection; when the server closed that
    /// connection (a restart), on a fresh one — a few times, as the pool may
    /// hold several dead ones. `f` must be safe to run again: each of the
    /// store's calls is one transaction or a read.
    fn with<T>(
        &self,
        op: &'static str,
        mut f: impl FnMut(&mut PgConn) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let tries = self.pool.max_size() + 1;
        let mut last = None;
        for _ in 0..tries {
            let mut c = self.conn(op)?;
            match f(&mut c) {
                Err(StoreError::Postgres { source, .. }) if c.client.is_closed() => {
                    last = Some(source);
                }
                r => return r,
            }
        }
        Err(StoreError::Postgres {
            op,
            source: last.expect("tried at least once"),
        })
    }

    /// The analysed terms of title and body as a `tsvector` literal: title
    /// terms at positions from 1 with weight A, then (one position apart, so
    /// no phrase spans the two) body terms.
    #[allow(
        clippy::explicit_counter_loop,
        reason = "pos counts the terms inside the loop too"
    )]
    fn tsvector(&self, title: &str, body: &str) -> String {
        let mut positions: HashMap<String, Vec<String>> = HashMap::new();
        let mut order: Vec<String> = Vec::new();
        let mut bytes = 0usize;
        let mut pos = 0usize;
        let (mut tokens, mut buf) = (Vec::new(), String::new());
        for (text, weight) in [(title, "A"), (body, "")] {
            self.analyzer
                .terms_into(text, &mut tokens, &mut buf, |t, _| {
                    pos += 1;
                    if t.is_empty() || t.len() > MAX_TERM_BYTES {
                        return;
                    }
                    let p = format!("{}{weight}", pos.min(MAX_POSITION));
                    match positions.get_mut(t) {
                        Some(v) => {
                            if v.len() < MAX_POSITIONS_PER_TERM {
                                bytes += p.len() + 1;
                                v.push(p);
                            }
                        }
                        None => {
                            if bytes + t.len() + p.len() + 4 > MAX_INDEX_BYTES {
                                return;
                            }
                            bytes += t.len() + p.len() + 4;
                            positions.insert(t.to_string(), vec![p]);
                            order.push(t.to_string());
                        }
                    }
                });
            pos += 1;
        }
        let mut out = String::with_capacity(bytes + order.len() * 3);
        for t in &order {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&lexeme(t));
            out.push(':');
            out.push_str(&positions[t].join(","));
        }
        out
    }

    fn analyzer_fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let v = self.tsvector("", ANALYZER_PROBE);
        hex::encode(&Sha256::digest(v.as_bytes())[..8])
    }

    fn reindex_if_stale(&self) -> Result<(), StoreError> {
        if self.indexed_with()?.as_deref() != Some(self.analyzer_fingerprint().as_str()) {
            self.rebuild(true)?;
        }
        Ok(())
    }

    /// The fingerprint of the analyzer the index was built with.
    fn indexed_with(&self) -> Result<Option<String>, StoreError> {
        self.with("reading the index fingerprint", |c| {
            Ok(c.client
                .query_opt("SELECT value FROM meta WHERE key = 'fts_analyzer'", &[])
                .ctx("reading the index fingerprint")?
                .map(|r| r.get(0)))
        })
    }

    /// Rebuilds every article's search terms in one transaction, under the
    /// migration lock (one node does it; the others wait and find it done).
    /// Returns the number of articles indexed.
    pub fn reindex(&self) -> Result<u64, StoreError> {
        self.rebuild(false)
    }

    /// [`PgStore::reindex`]; with `if_stale`, nothing when another node
    /// rebuilt the index while this one waited for the lock.
    fn rebuild(&self, if_stale: bool) -> Result<u64, StoreError> {
        let want = self.analyzer_fingerprint();
        let mut c = self.conn("rebuilding the search index")?;
        let c = &mut c.client;
        c.execute("SELECT pg_advisory_lock($1)", &[&conn::MIGRATION_LOCK])
            .ctx("rebuilding the search index")?;
        let r = (|| {
            let mut tx = c.transaction().ctx("rebuilding the search index")?;
            if if_stale {
                let have: Option<String> = tx
                    .query_opt("SELECT value FROM meta WHERE key = 'fts_analyzer'", &[])
                    .ctx("reading the index fingerprint")?
                    .map(|r| r.get(0));
                if have.as_deref() == Some(want.as_str()) {
                    return Ok(0);
                }
            }
            let rows = tx
                .query("SELECT seq, doc FROM articles", &[])
                .ctx("reading articles")?;
            let update = tx
                .prepare("UPDATE articles SET tsv = $2::text::tsvector WHERE seq = $1")
                .ctx("indexing an article")?;
            let mut n = 0u64;
            for r in rows {
                let seq: i64 = r.get(0);
                let a: Article = serde_json::from_str(r.get(1)).map_err(corrupt("article"))?;
                let tsv = self.tsvector(a.title.as_deref().unwrap_or(""), &a.text);
                tx.execute(&update, &[&seq, &tsv])
                    .ctx("indexing an article")?;
                n += 1;
            }
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('fts_analyzer', $1) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                &[&want],
            )
            .ctx("recording the index fingerprint")?;
            tx.commit().ctx("committing the rebuilt search index")?;
            Ok(n)
        })();
        let _ = c.execute("SELECT pg_advisory_unlock($1)", &[&conn::MIGRATION_LOCK]);
        r
    }

    /// Inserts `article` (see [`Store::put_article`]); returns its `seq`.
    fn put_article_tx(
        &self,
        tx: &mut impl GenericClient,
        stmts: &mut StmtCache,
        article: &Article,
        role: UrlRole,
    ) -> Result<(Put, i64), StoreError> {
        let doc = serde_json::to_string(article).map_err(corrupt("article"))?;
        if doc.len() > MAX_ARTICLE_BYTES {
            return Err(StoreError::TooLarge {
                what: "article",
                size: doc.len(),
                limit: MAX_ARTICLE_BYTES,
            });
        }
        let hash = content_hash(article);
        let id = ArticleId::of(article);
        let url = article
            .url
            .as_deref()
            .filter(|u| !u.is_empty() && role == UrlRole::Identifies);
        let op = "storing an article";
        let by_hash = stmts
            .get(tx, "SELECT seq, url FROM articles WHERE hash = $1")
            .ctx(op)?;
        if let Some(r) = tx.query_opt(&by_hash, &[&hash]).ctx(op)? {
            let seq: i64 = r.get(0);
            let old_url: Option<String> = r.get(1);
            if old_url.is_none()
                && let Some(u) = url
            {
                tx.execute(
                    "UPDATE articles SET url = $1, site = $3 WHERE seq = $2 \
                     AND NOT EXISTS (SELECT 1 FROM articles WHERE url = $1)",
                    &[&u, &seq, &site_of(Some(u))],
                )
                .ctx("adding a URL to an article")?;
            }
            return Ok((
                Put {
                    id,
                    status: PutStatus::Existing,
                },
                seq,
            ));
        }
        let mut status = PutStatus::Inserted;
        if let Some(u) = url {
            let by_url = stmts
                .get(tx, "DELETE FROM articles WHERE url = $1 RETURNING id")
                .ctx(op)?;
            if let Some(r) = tx
                .query_opt(&by_url, &[&u])
                .ctx("removing an old version of an article")?
            {
                status = PutStatus::Replaced {
                    old: ArticleId::parse(r.get(0))?,
                };
            }
        }
        let tsv = self.tsvector(article.title.as_deref().unwrap_or(""), &article.text);
        let insert = stmts
            .get(
                tx,
                "INSERT INTO articles (id, hash, url, title, published, lang, site, added, doc, tsv) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text::tsvector) \
                 ON CONFLICT (hash) DO NOTHING RETURNING seq",
            )
            .ctx(op)?;
        let lang = article.lang.as_ref().map(khulasa_core::LangTag::as_str);
        let row = tx
            .query_opt(
                &insert,
                &[
                    &id.as_str(),
                    &hash,
                    &url,
                    &article.title,
                    &article.published,
                    &lang,
                    &site_of(url),
                    &now(),
                    &doc,
                    &tsv,
                ],
            )
            .ctx(op)?;
        match row {
            Some(r) => Ok((Put { id, status }, r.get(0))),
            None => {
                // Another node stored the same content between our look-up
                // and insert: it is stored once, by them.
                let r = tx.query_one(&by_hash, &[&hash]).ctx(op)?;
                Ok((
                    Put {
                        id,
                        status: PutStatus::Existing,
                    },
                    r.get(0),
                ))
            }
        }
    }

    fn put_summary_tx(
        tx: &mut impl GenericClient,
        stmts: &mut StmtCache,
        article_seq: i64,
        key: &SummaryKey,
        summary: &Summary,
    ) -> Result<(), StoreError> {
        let doc = serde_json::to_string(summary).map_err(corrupt("summary"))?;
        let st = stmts
            .get(
                tx,
                "INSERT INTO summaries (article, length, engine, added, doc) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (article, length, engine) DO UPDATE SET doc = excluded.doc, added = excluded.added",
            )
            .ctx("storing a summary")?;
        tx.execute(
            &st,
            &[
                &article_seq,
                &length_key(&key.length),
                &key.engine,
                &now(),
                &doc,
            ],
        )
        .ctx("storing a summary")?;
        Ok(())
    }

    /// In how many articles the index holds `term`; with `cap`, counting
    /// stops past it.
    fn doc_freq(c: &mut PgConn, term: &str, cap: Option<u64>) -> Result<u64, StoreError> {
        let q = lexeme(term);
        let n: i64 = match cap {
            Some(cap) => {
                let st = c
                    .stmts
                    .get(
                        &mut c.client,
                        "SELECT count(*) FROM (SELECT 1 FROM articles \
                         WHERE tsv @@ $1::text::tsquery LIMIT $2) t",
                    )
                    .ctx("counting a term's articles")?;
                c.client
                    .query_one(&st, &[&q, &((cap + 1) as i64)])
                    .ctx("counting a term's articles")?
                    .get(0)
            }
            None => {
                let st = c
                    .stmts
                    .get(
                        &mut c.client,
                        "SELECT count(*) FROM articles WHERE tsv @@ $1::text::tsquery",
                    )
                    .ctx("counting a term's articles")?;
                c.client
                    .query_one(&st, &[&q])
                    .ctx("counting a term's articles")?
                    .get(0)
            }
        };
        Ok(n as u64)
    }

    /// How many articles with `seq` in `rows` match `tsq` and pass `f`.
    fn count_matches(
        c: &mut PgConn,
        tsq: &str,
        f: &Filters,
        rows: &Seqs,
    ) -> Result<u64, StoreError> {
        let sql =
            format!("SELECT count(*) FROM articles WHERE tsv @@ $1::text::tsquery AND {FILTERS}");
        let st = c
            .stmts
            .get(&mut c.client, &sql)
            .ctx("counting search results")?;
        let n: i64 = c
            .client
            .query_one(
                &st,
                &[
                    &tsq,
                    &f.from,
                    &f.to,
                    &f.site,
                    &f.lang,
                    &rows.start,
                    &rows.end,
                ],
            )
            .ctx("counting search results")?
            .get(0);
        Ok(n as u64)
    }

    /// As the SQLite store's: the query without its rarest word, then the
    /// next, until something is found.
    fn suggest(
        &self,
        c: &mut PgConn,
        parsed: &ParsedQuery,
        f: &Filters,
    ) -> Result<Option<String>, StoreError> {
        let mut q = parsed.clone();
        while q.words().len() > 1 {
            let mut rarest = (u64::MAX, 0);
            for (i, (_, term)) in q.words().iter().enumerate() {
                let df = Self::doc_freq(c, term, None)?;
                if df <= rarest.0 {
                    rarest = (df, i);
                }
            }
            let text = q.without_word(rarest.1);
            q = match ParsedQuery::parse(&self.analyzer, &text) {
                Ok(q) => q,
                Err(_) => return Ok(None),
            };
            if Self::count_matches(c, &tsquery(&q.clauses(&[]).matched), f, &ALL_SEQS)? > 0 {
                return Ok(Some(text));
            }
        }
        Ok(None)
    }
}

/// A range of article `seq`s, `start..end`.
type Seqs = std::ops::Range<i64>;
/// Every article.
const ALL_SEQS: Seqs = 0..i64::MAX;

/// The filters `$2` (from day), `$3` (to day), `$4` (site), `$5`
/// (language) of a search: NULL lets all pass; and `$6 <= seq < $7`.
const FILTERS: &str = "($2::text IS NULL OR substr(published, 1, 10) >= $2) \
     AND ($3::text IS NULL OR substr(published, 1, 10) <= $3) \
     AND ($4::text IS NULL OR site = $4 OR site LIKE '%.' || $4) \
     AND ($5::text IS NULL OR lang = $5) AND seq >= $6 AND seq < $7";

/// A page of search results: the best `$8` from offset `$9` are found on
/// the index and the terms alone; only the page's rows are read whole. The
/// neighbour pairs `$10` (empty for none) add their rank, as on SQLite;
/// whole here, where SQLite weighs them by `PROXIMITY_WEIGHT`, since
/// `ts_rank_cd` has no IDF to make a pair outweigh its words.
fn search_sql(sort: SearchSort) -> String {
    let (inner, outer) = match sort {
        SearchSort::Relevance => ("rank DESC, seq DESC", "m.rank DESC, m.seq DESC"),
        SearchSort::Date => (
            "published IS NULL, published DESC, seq DESC",
            "a.published IS NULL, a.published DESC, m.seq DESC",
        ),
    };
    format!(
        "SELECT a.id, a.url, a.title, a.published, a.lang, a.added, m.rank, a.doc FROM \
         (SELECT seq, published, (ts_rank_cd({RANK_WEIGHTS}, tsv, $1::text::tsquery, 1) \
           + CASE WHEN $10::text = '' THEN 0 \
             ELSE ts_rank_cd({RANK_WEIGHTS}, tsv, $10::text::tsquery, 1) END)::float8 AS rank \
          FROM articles WHERE tsv @@ $1::text::tsquery AND {FILTERS} \
          ORDER BY {inner} LIMIT $8 OFFSET $9) m \
         JOIN articles a ON a.seq = m.seq ORDER BY {outer}"
    )
}

fn meta_of(r: &postgres::Row) -> Result<ArticleMeta, StoreError> {
    Ok(ArticleMeta {
        id: ArticleId::parse(r.get(0))?,
        url: r.get(1),
        title: r.get(2),
        published: r.get(3),
        lang: r.get(4),
        added: r.get(5),
    })
}

fn failure(
    tx: &mut impl GenericClient,
    stmts: &mut StmtCache,
    source: &str,
    reason: &str,
) -> Result<i64, StoreError> {
    let st = stmts
        .get(
            tx,
            "INSERT INTO failures (source, reason, at) VALUES ($1, $2, $3) RETURNING seq",
        )
        .ctx("recording a failure")?;
    Ok(tx
        .query_one(&st, &[&source, &reason, &now()])
        .ctx("recording a failure")?
        .get(0))
}

fn ledger(
    tx: &mut impl GenericClient,
    stmts: &mut StmtCache,
    key: &str,
    params: &str,
    article: Option<&str>,
    reason: Option<&str>,
) -> Result<(), StoreError> {
    let st = stmts
        .get(
            tx,
            "INSERT INTO ingested (key, params, article, reason, at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (key) DO UPDATE SET params = excluded.params, article = excluded.article, \
             reason = excluded.reason, at = excluded.at",
        )
        .ctx("writing the ingest ledger")?;
    tx.execute(&st, &[&key, &params, &article, &reason, &now()])
        .ctx("writing the ingest ledger")?;
    Ok(())
}

/// The stored summary's `seq` for `key`.
const SUMMARY_SEQ: &str = "SELECT s.seq FROM summaries s JOIN articles a ON a.seq = s.article \
     WHERE a.id = $1 AND s.length = $2 AND s.engine = $3";

impl Store for PgStore {
    fn put_article(&self, article: &Article) -> Result<Put, StoreError> {
        self.with("storing an article", |c| {
            let PgConn { client, stmts } = c;
            let mut tx = client.transaction().ctx("starting to store an article")?;
            let (put, _) = self.put_article_tx(&mut tx, stmts, article, UrlRole::Identifies)?;
            tx.commit().ctx("committing an article")?;
            Ok(put)
        })
    }

    fn put_article_with_summary(
        &self,
        article: &Article,
        url: UrlRole,
        length: khulasa_core::Length,
        engine: &str,
        summary: &Summary,
    ) -> Result<Put, StoreError> {
        self.with("storing an article", |c| {
            let PgConn { client, stmts } = c;
            let mut tx = client.transaction().ctx("starting to store an article")?;
            let (put, seq) = self.put_article_tx(&mut tx, stmts, article, url)?;
            let key = SummaryKey {
                article: put.id.clone(),
                length,
                engine: engine.to_string(),
            };
            Self::put_summary_tx(&mut tx, stmts, seq, &key, summary)?;
            tx.commit().ctx("committing an article and its summary")?;
            Ok(put)
        })
    }

    fn article(&self, id: &ArticleId) -> Result<Option<StoredArticle>, StoreError> {
        let row = self.with("reading an article", |c| {
            let st = c
                .stmts
                .get(
                    &mut c.client,
                    "SELECT doc, added FROM articles WHERE id = $1",
                )
                .ctx("reading an article")?;
            c.client
                .query_opt(&st, &[&id.as_str()])
                .ctx("reading an article")
        })?;
        row.map(|r| {
            Ok(StoredArticle {
                id: id.clone(),
                added: r.get(1),
                article: serde_json::from_str(r.get(0)).map_err(corrupt("article"))?,
            })
        })
        .transpose()
    }

    fn article_id_by_url(&self, url: &str) -> Result<Option<ArticleId>, StoreError> {
        let row = self.with("looking up an article by URL", |c| {
            let st = c
                .stmts
                .get(&mut c.client, "SELECT id FROM articles WHERE url = $1")
                .ctx("looking up an article by URL")?;
            c.client
                .query_opt(&st, &[&url])
                .ctx("looking up an article by URL")
        })?;
        row.map(|r| ArticleId::parse(r.get(0))).transpose()
    }

    fn latest(&self, page: Page) -> Result<Paged<ArticleMeta>, StoreError> {
        let (total, rows) = self.with("listing articles", |c| {
            let total: i64 = c
                .client
                .query_one("SELECT count(*) FROM articles", &[])
                .ctx("counting articles")?
                .get(0);
            let st = c
                .stmts
                .get(
                    &mut c.client,
                    "SELECT a.id, a.url, a.title, a.published, a.lang, a.added FROM \
                     (SELECT seq FROM articles ORDER BY seq DESC LIMIT $1 OFFSET $2) r \
                     JOIN articles a ON a.seq = r.seq ORDER BY a.seq DESC",
                )
                .ctx("listing articles")?;
            let rows = c
                .client
                .query(&st, &[&i64::from(page.size), &page.offset()])
                .ctx("listing articles")?;
            Ok((total, rows))
        })?;
        Ok(Paged {
            items: rows.iter().map(meta_of).collect::<Result<_, _>>()?,
            page: page.number,
            per_page: page.size,
            total: total as u64,
        })
    }

    fn find(&self, query: &SearchQuery, page: Page) -> Result<SearchResults, StoreError> {
        let asked = ParsedQuery::parse(&self.analyzer, &query.q)?;
        let filters = query.filters()?;
        let (rows, total, loosened, suggestion, terms) = self.with("searching articles", |c| {
            let mut parsed = asked.clone();
            let articles: i64 = c
                .client
                .query_one("SELECT coalesce(max(seq), 0) FROM articles", &[])
                .ctx("counting articles")?
                .get(0);
            // Common terms do not pick candidates (see SearchTuning); a
            // term's count stops once it is known to be common.
            let t = &self.tuning;
            let cap = (articles as u64 / t.common_share.max(1)).max(t.common_min);
            let mut common = Vec::new();
            for term in asked.terms() {
                if t.is_common(Self::doc_freq(c, &term, Some(cap))?, articles as u64) {
                    common.push(term);
                }
            }
            let mut clauses = parsed.clauses(&common);
            let mut tsq = tsquery(&clauses.matched);
            let mut total = Self::count_matches(c, &tsq, &filters, &ALL_SEQS)?;
            let loosened = total == 0 && parsed.has_phrase();
            let suggestion = if loosened {
                parsed = parsed.loosened();
                clauses = parsed.clauses(&common);
                tsq = tsquery(&clauses.matched);
                total = Self::count_matches(c, &tsq, &filters, &ALL_SEQS)?;
                self.suggest(c, &asked, &filters)?
            } else {
                None
            };
            let common_only = query.sort == SearchSort::Relevance
                && !parsed.has_phrase()
                && parsed.terms().iter().all(|t| common.contains(t));
            let (size, offset) = (u64::from(page.size), page.offset() as u64);
            let pairs = if t.proximity {
                tsquery(&clauses.neighbours)
            } else {
                String::new()
            };
            let page_in = |c: &mut PgConn, seqs: Seqs, size: u64, offset: u64| {
                let st = c
                    .stmts
                    .get(&mut c.client, &search_sql(query.sort))
                    .ctx("searching articles")?;
                let (size, offset) = (size as i64, offset as i64);
                let params: [&(dyn ToSql + Sync); 10] = [
                    &tsq,
                    &filters.from,
                    &filters.to,
                    &filters.site,
                    &filters.lang,
                    &seqs.start,
                    &seqs.end,
                    &size,
                    &offset,
                    &pairs,
                ];
                c.client.query(&st, &params).ctx("searching articles")
            };
            let rows = if total <= offset {
                Vec::new()
            } else if !common_only {
                page_in(c, ALL_SEQS, size, offset)?
            } else {
                // As the SQLite store: the newer matches first (see
                // SearchTuning::recent_window), then the older.
                let window = i64::try_from(t.recent_window).unwrap_or(i64::MAX);
                let floor = articles.saturating_sub(window) + 1;
                let newer = Self::count_matches(c, &tsq, &filters, &(floor..i64::MAX))?;
                let mut rows = if offset < newer {
                    page_in(c, floor..i64::MAX, size, offset)?
                } else {
                    Vec::new()
                };
                let wanted = size - rows.len() as u64;
                if wanted > 0 && total > newer {
                    rows.extend(page_in(c, 0..floor, wanted, offset.saturating_sub(newer))?);
                }
                rows
            };
            Ok((rows, total, loosened, suggestion, parsed.terms()))
        })?;
        let items = rows
            .iter()
            .map(|r| {
                let article: Article =
                    serde_json::from_str(r.get(7)).map_err(corrupt("article"))?;
                Ok(crate::search::hit(
                    &self.analyzer,
                    meta_of(r)?,
                    r.get(6),
                    &article.text,
                    &terms,
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(SearchResults {
            query: query.q.clone(),
            items,
            page: page.number,
            per_page: page.size,
            total,
            pages: total.div_ceil(u64::from(page.size)),
            loosened,
            suggestion,
        })
    }

    fn related(&self, id: &ArticleId, n: u32) -> Result<Vec<ArticleMeta>, StoreError> {
        let Some(stored) = self.article(id)? else {
            return Ok(Vec::new());
        };
        let article = stored.article;
        self.with("finding related articles", |c| {
            let docs: i64 = c
                .client
                .query_one("SELECT count(*) FROM articles", &[])
                .ctx("counting articles")?
                .get(0);
            let scored = crate::search::telling_terms(
                &self.analyzer,
                &article,
                crate::search::TITLE_WEIGHT,
                docs as u64,
                |t| Self::doc_freq(c, t, None),
            )?;
            if scored.is_empty() {
                return Ok(Vec::new());
            }
            let clauses: Vec<Vec<String>> = scored
                .iter()
                .take(RELATED_TERMS)
                .map(|(_, t)| vec![t.clone()])
                .collect();
            let tsq = tsquery(&clauses);
            let st = c
                .stmts
                .get(
                    &mut c.client,
                    &format!(
                        "SELECT a.id, a.url, a.title, a.published, a.lang, a.added FROM \
                         (SELECT seq, ts_rank_cd({RANK_WEIGHTS}, tsv, $1::text::tsquery, 1) AS rank \
                          FROM articles WHERE tsv @@ $1::text::tsquery AND id <> $2 \
                          ORDER BY rank DESC, seq DESC LIMIT $3) m \
                         JOIN articles a ON a.seq = m.seq ORDER BY m.rank DESC, m.seq DESC"
                    ),
                )
                .ctx("finding related articles")?;
            let rows = c
                .client
                .query(&st, &[&tsq, &id.as_str(), &i64::from(n.min(Page::MAX_SIZE))])
                .ctx("finding related articles")?;
            rows.iter().map(meta_of).collect()
        })
    }

    fn put_summary(&self, key: &SummaryKey, summary: &Summary) -> Result<(), StoreError> {
        self.with("storing a summary", |c| {
            let PgConn { client, stmts } = c;
            let mut tx = client.transaction().ctx("starting to store a summary")?;
            let seq: Option<i64> = tx
                .query_opt(
                    "SELECT seq FROM articles WHERE id = $1",
                    &[&key.article.as_str()],
                )
                .ctx("looking up an article")?
                .map(|r| r.get(0));
            let Some(seq) = seq else {
                return Err(StoreError::UnknownArticle(key.article.to_string()));
            };
            Self::put_summary_tx(&mut tx, stmts, seq, key, summary)?;
            tx.commit().ctx("committing a summary")?;
            Ok(())
        })
    }

    fn summary(&self, key: &SummaryKey) -> Result<Option<Summary>, StoreError> {
        let row = self.with("reading a summary", |c| {
            let st = c
                .stmts
                .get(
                    &mut c.client,
                    "SELECT s.doc FROM summaries s JOIN articles a ON a.seq = s.article \
                     WHERE a.id = $1 AND s.length = $2 AND s.engine = $3",
                )
                .ctx("reading a summary")?;
            c.client
                .query_opt(
                    &st,
                    &[&key.article.as_str(), &length_key(&key.length), &key.engine],
                )
                .ctx("reading a summary")
        })?;
        row.map(|r| serde_json::from_str(r.get(0)).map_err(corrupt("summary")))
            .transpose()
    }

    fn put_audio(&self, key: &AudioKey, audio: &StoredAudio) -> Result<(), StoreError> {
        if audio.bytes.len() > MAX_AUDIO_BYTES {
            return Err(StoreError::TooLarge {
                what: "audio",
                size: audio.bytes.len(),
                limit: MAX_AUDIO_BYTES,
            });
        }
        let s = &key.summary;
        self.with("storing audio", |c| {
            let PgConn { client, stmts } = c;
            let mut tx = client.transaction().ctx("starting to store audio")?;
            let st = stmts
                .get(&mut tx, SUMMARY_SEQ)
                .ctx("looking up a summary")?;
            let seq: Option<i64> = tx
                .query_opt(
                    &st,
                    &[&s.article.as_str(), &length_key(&s.length), &s.engine],
                )
                .ctx("looking up a summary")?
                .map(|r| r.get(0));
            let Some(seq) = seq else {
                return Err(StoreError::UnknownSummary(s.article.to_string()));
            };
            tx.execute(
                "INSERT INTO audio (summary, format, content_type, marks, bytes, added, voice) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (summary, format, voice) DO UPDATE SET \
                 content_type = excluded.content_type, marks = excluded.marks, \
                 bytes = excluded.bytes, added = excluded.added",
                &[
                    &seq,
                    &key.format,
                    &audio.content_type,
                    &audio.marks,
                    &audio.bytes,
                    &now(),
                    &key.voice,
                ],
            )
            .ctx("storing audio")?;
            tx.commit().ctx("committing audio")?;
            Ok(())
        })
    }

    fn audio(&self, key: &AudioKey) -> Result<Option<StoredAudio>, StoreError> {
        let s = &key.summary;
        let row = self.with("reading audio", |c| {
            let st = c
                .stmts
                .get(
                    &mut c.client,
                    "SELECT au.content_type, au.marks, au.bytes FROM audio au \
                     JOIN summaries s ON s.seq = au.summary JOIN articles a ON a.seq = s.article \
                     WHERE a.id = $1 AND s.length = $2 AND s.engine = $3 AND au.format = $4 \
                     AND au.voice = $5",
                )
                .ctx("reading audio")?;
            c.client
                .query_opt(
                    &st,
                    &[
                        &s.article.as_str(),
                        &length_key(&s.length),
                        &s.engine,
                        &key.format,
                        &key.voice,
                    ],
                )
                .ctx("reading audio")
        })?;
        Ok(row.map(|r| StoredAudio {
            content_type: r.get(0),
            marks: r.get(1),
            bytes: r.get(2),
        }))
    }

    fn record_failure(&self, source: &str, reason: &str) -> Result<i64, StoreError> {
        self.with("recording a failure", |c| {
            let PgConn { client, stmts } = c;
            failure(client, stmts, source, reason)
        })
    }

    fn failures(&self, page: Page) -> Result<Paged<Failure>, StoreError> {
        let (total, rows) = self.with("listing failures", |c| {
            let total: i64 = c
                .client
                .query_one("SELECT count(*) FROM failures", &[])
                .ctx("counting failures")?
                .get(0);
            let rows = c
                .client
                .query(
                    "SELECT seq, source, reason, at FROM failures ORDER BY seq DESC LIMIT $1 OFFSET $2",
                    &[&i64::from(page.size), &page.offset()],
                )
                .ctx("listing failures")?;
            Ok((total, rows))
        })?;
        Ok(Paged {
            items: rows
                .iter()
                .map(|r| Failure {
                    id: r.get(0),
                    source: r.get(1),
                    reason: r.get(2),
                    at: r.get(3),
                })
                .collect(),
            page: page.number,
            per_page: page.size,
            total: total as u64,
        })
    }

    fn put_ingested(&self, items: &[Ingested<'_>]) -> Result<Vec<IngestedStatus>, StoreError> {
        self.with("storing ingested items", |c| {
            let PgConn { client, stmts } = c;
            let mut tx = client
                .transaction()
                .ctx("starting to store ingested items")?;
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                let status = match item.outcome {
                    IngestOutcome::Article { article, summary } => {
                        // A savepoint per item: an article over a limit is
                        // undone alone and recorded as a failure.
                        let mut sp = tx.transaction().ctx("starting an ingest item")?;
                        let stored = (|| {
                            let (put, seq) =
                                self.put_article_tx(&mut sp, stmts, article, UrlRole::Identifies)?;
                            if let Some((length, engine, s)) = summary {
                                let key = SummaryKey {
                                    article: put.id.clone(),
                                    length,
                                    engine: engine.to_string(),
                                };
                                Self::put_summary_tx(&mut sp, stmts, seq, &key, s)?;
                            }
                            Ok::<_, StoreError>(put)
                        })();
                        match stored {
                            Ok(put) => {
                                ledger(
                                    &mut sp,
                                    stmts,
                                    item.key,
                                    item.params,
                                    Some(put.id.as_str()),
                                    None,
                                )?;
                                sp.commit().ctx("finishing an ingest item")?;
                                IngestedStatus::Stored(put)
                            }
                            Err(e @ (StoreError::TooLarge { .. } | StoreError::Corrupt { .. })) => {
                                sp.rollback().ctx("undoing an ingest item")?;
                                let reason = e.to_string();
                                failure(&mut tx, stmts, item.key, &reason)?;
                                ledger(&mut tx, stmts, item.key, item.params, None, Some(&reason))?;
                                IngestedStatus::Failed {
                                    source: item.key.to_string(),
                                    reason,
                                }
                            }
                            Err(e) => return Err(e),
                        }
                    }
                    IngestOutcome::Failed { source, reason } => {
                        failure(&mut tx, stmts, source, reason)?;
                        ledger(&mut tx, stmts, item.key, item.params, None, Some(reason))?;
                        IngestedStatus::Failed {
                            source: source.to_string(),
                            reason: reason.to_string(),
                        }
                    }
                };
                out.push(status);
            }
            tx.commit().ctx("committing ingested items")?;
            Ok(out)
        })
    }

    fn ingested(&self, key: &str) -> Result<Option<IngestRecord>, StoreError> {
        let row = self.with("reading the ingest ledger", |c| {
            let st = c
                .stmts
                .get(
                    &mut c.client,
                    "SELECT params, article, reason, at FROM ingested WHERE key = $1",
                )
                .ctx("reading the ingest ledger")?;
            c.client
                .query_opt(&st, &[&key])
                .ctx("reading the ingest ledger")
        })?;
        row.map(|r| {
            Ok(IngestRecord {
                key: key.to_string(),
                params: r.get(0),
                article: r
                    .get::<_, Option<&str>>(1)
                    .map(ArticleId::parse)
                    .transpose()?,
                reason: r.get(2),
                at: r.get(3),
            })
        })
        .transpose()
    }

    fn put_feed_validators(&self, feed: &str, v: &FeedValidators) -> Result<(), StoreError> {
        self.with("recording a feed's validators", |c| {
            c.client
                .execute(
                    "INSERT INTO feeds (url, etag, last_modified, at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (url) DO UPDATE SET etag = $2, last_modified = $3, at = $4",
                    &[&feed, &v.etag, &v.last_modified, &now()],
                )
                .ctx("recording a feed's validators")?;
            Ok(())
        })
    }

    fn feed_validators(&self, feed: &str) -> Result<Option<FeedValidators>, StoreError> {
        let row = self.with("reading a feed's validators", |c| {
            c.client
                .query_opt(
                    "SELECT etag, last_modified FROM feeds WHERE url = $1",
                    &[&feed],
                )
                .ctx("reading a feed's validators")
        })?;
        Ok(row.map(|r| FeedValidators {
            etag: r.get(0),
            last_modified: r.get(1),
        }))
    }

    fn stats(&self) -> Result<Stats, StoreError> {
        self.with("counting", |c| {
            let r = c
                .client
                .query_one(
                    "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM summaries), \
                            (SELECT count(*) FROM audio), (SELECT count(*) FROM failures), \
                            (SELECT version FROM khulasa_schema)",
                    &[],
                )
                .ctx("counting")?;
            Ok(Stats {
                articles: r.get::<_, i64>(0) as u64,
                summaries: r.get::<_, i64>(1) as u64,
                audio: r.get::<_, i64>(2) as u64,
                failures: r.get::<_, i64>(3) as u64,
                schema_version: r.get(4),
            })
        })
    }

    fn check(&self) -> Result<(), StoreError> {
        self.with("checking the store", |c| {
            // PostgreSQL keeps its own pages and foreign keys whole; what is
            // ours to check: every article indexed, its id from its hash.
            let r = c
                .client
                .query_one(
                    "SELECT (SELECT count(*) FROM articles WHERE tsv IS NULL), \
                            (SELECT count(*) FROM articles WHERE id <> left(hash, 16)), \
                            (SELECT count(*) FROM summaries s LEFT JOIN articles a ON a.seq = s.article \
                             WHERE a.seq IS NULL)",
                    &[],
                )
                .ctx("checking the store")?;
            let (unindexed, bad_ids, orphans): (i64, i64, i64) = (r.get(0), r.get(1), r.get(2));
            if unindexed + bad_ids + orphans != 0 {
                return Err(StoreError::Inconsistent(format!(
                    "articles without search terms: {unindexed}; ids not from their hash: {bad_ids}; \
                     summaries without an article: {orphans}"
                )));
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexemes_are_quoted_so_query_syntax_is_text() {
        assert_eq!(lexeme("a'b\\c"), "'a''b\\\\c'");
        assert_eq!(
            tsquery(&[vec!["a".into()], vec!["b".into(), "c".into()]]),
            "('a') | ('b' <-> 'c')"
        );
    }

    #[test]
    fn sites_drop_www_and_case() {
        assert_eq!(
            site_of(Some("https://WWW.BBC.com/arabic/1")).as_deref(),
            Some("bbc.com")
        );
        assert_eq!(
            site_of(Some("https://arabic.cnn.com")).as_deref(),
            Some("arabic.cnn.com")
        );
        assert_eq!(site_of(Some("no scheme")), None);
        assert_eq!(site_of(None), None);
    }
}
