//! The SQLite implementation of [`Store`].

use crate::error::Ctx;
use crate::schema;
use crate::search::{
    Filters, PROXIMITY_WEIGHT, ParsedQuery, SearchQuery, SearchResults, SearchSort, SearchTuning,
    TITLE_WEIGHT, fts5_near, fts5_of,
};
use crate::types::*;
use crate::{Store, StoreError};
use khulasa_core::{Article, Summary};
use khulasa_text::Analyzer;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Largest article (as stored JSON) the store accepts: 8 MiB.
pub const MAX_ARTICLE_BYTES: usize = 8 << 20;
/// Largest audio encoding the store accepts: 64 MiB.
pub const MAX_AUDIO_BYTES: usize = 64 << 20;
/// How long a write waits for another process's write lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// Reader connections kept open (WAL lets them read while one writes): at
/// most this many reads run at once; more wait for a free connection.
pub const READERS: usize = 4;
/// Page cache of each connection, in KiB (`PRAGMA cache_size = -N`): the
/// store's SQLite memory is at most `(READERS + 1)` times this, whatever the
/// size of the file.
pub const CACHE_KIB: i64 = 2048;
/// Terms of an article asked for its related articles.
pub(crate) const RELATED_TERMS: usize = 12;
/// A text covering each normalisation rule, stop words and stemming: what
/// the analyzer makes of it fingerprints the index (see
/// `analyzer_fingerprint`).
pub(crate) const ANALYZER_PROBE: &str = "أإآٱا ى ي ئ ؤ ء ة ه ـكتـاب مُدَرِّسَةٌ ١٢٣ ۴۵۶ ﻻ ﷲ \u{200f}\u{200d}X Ｙ İ ک ی \
     في من the of والمدارس بصواريخها الاتفاقيات وسيارتها للتعاون كالمعلمين \
     running negotiations missiles";

/// A store in one SQLite file.
///
/// - **Durability**: WAL journal with `synchronous = FULL`: once a write
///   method returns `Ok`, the write survives a crash of the process or the
///   machine. Each write method is one transaction: all of it or none of it.
/// - **Concurrency**: one writer connection and a few reader connections; WAL
///   lets readers run while a write is in progress. Other processes (an
///   `ingest` run) may write to the same file: writes wait up to 10 s for the
///   lock.
/// - **Search**: FTS5 over the terms of title and body by
///   [`Analyzer::search`] (normalised, stop words dropped, light stems);
///   queries are read the same way, so `الأمم` finds `الامم` and `صواريخ`
///   finds `بصواريخها`. See [`Store::find`].
pub struct SqliteStore {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
    analyzer: Analyzer,
    tuning: SearchTuning,
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn lock(m: &Mutex<Connection>) -> std::sync::MutexGuard<'_, Connection> {
    // A panic while holding the lock cannot leave a half-done transaction
    // (rusqlite rolls back on drop), so a poisoned connection is still usable.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl SqliteStore {
    /// Opens (creating if needed) the store at `path` and brings its schema
    /// up to date. The parent directory must exist.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore, StoreError> {
        Self::open_with_analyzer(path, Analyzer::search())
    }

    /// The same store with other search trade-offs (tests use small ones to
    /// reach the large-store paths with few articles).
    pub fn with_search_tuning(mut self, tuning: SearchTuning) -> SqliteStore {
        self.tuning = tuning;
        self
    }

    /// [`SqliteStore::open`] with another search analyzer, to measure
    /// analyzers against each other (`khulasa eval search --stemmer`). The
    /// index is rebuilt when it was built by a different analyzer, so open a
    /// file with one analyzer only.
    pub fn open_with_analyzer(
        path: impl AsRef<Path>,
        analyzer: Analyzer,
    ) -> Result<SqliteStore, StoreError> {
        let path = path.as_ref().to_path_buf();
        let open_err = |source| StoreError::Open {
            path: path.clone(),
            source,
        };
        let mut writer = Connection::open(&path).map_err(open_err)?;
        configure(&writer, false).map_err(open_err)?;
        // WAL is a property of the file: set once by the writer.
        let mode: String = writer
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(open_err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::NoWal { path, mode });
        }
        schema::migrate(&mut writer)?;
        let mut readers = Vec::with_capacity(READERS);
        for _ in 0..READERS {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let r = Connection::open_with_flags(&path, flags).map_err(open_err)?;
            configure(&r, true).map_err(open_err)?;
            readers.push(Mutex::new(r));
        }
        let store = SqliteStore {
            path,
            writer: Mutex::new(writer),
            readers,
            next_reader: AtomicUsize::new(0),
            analyzer,
            tuning: SearchTuning::default(),
        };
        store.reindex_if_stale()?;
        Ok(store)
    }

    /// A fingerprint of what the analyzer does to a probe covering each
    /// normalisation rule, stop words and stemming: when khulasa-text
    /// changes a rule, the fingerprint changes and the index (built with the
    /// old rules) is rebuilt.
    fn analyzer_fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let n = self.index_text(ANALYZER_PROBE);
        hex::encode(&Sha256::digest(n.as_bytes())[..8])
    }

    fn reindex_if_stale(&self) -> Result<(), StoreError> {
        let want = self.analyzer_fingerprint();
        let have: Option<String> = lock(&self.writer)
            .query_row(
                "SELECT value FROM meta WHERE key = 'fts_analyzer'",
                [],
                |r| r.get(0),
            )
            .optional()
            .ctx("reading the index fingerprint")?;
        if have.as_deref() != Some(want.as_str()) {
            self.reindex()?;
        }
        Ok(())
    }

    /// Rebuilds the search index from the stored articles, in one
    /// transaction. Runs by itself on open when the normaliser changed;
    /// returns the number of articles indexed.
    pub fn reindex(&self) -> Result<u64, StoreError> {
        let mut conn = lock(&self.writer);
        let tx = Self::begin(&mut conn, "starting to rebuild the search index")?;
        tx.execute("DELETE FROM article_fts", [])
            .ctx("clearing the search index")?;
        let mut n = 0u64;
        {
            let mut rows = tx
                .prepare("SELECT rowid, doc FROM articles")
                .ctx("reading articles")?;
            let mut rows = rows.query([]).ctx("reading articles")?;
            let mut insert = tx
                .prepare("INSERT INTO article_fts (rowid, title, body) VALUES (?1, ?2, ?3)")
                .ctx("indexing an article")?;
            while let Some(r) = rows.next().ctx("reading articles")? {
                let rowid: i64 = r.get(0).ctx("reading articles")?;
                let doc: String = r.get(1).ctx("reading articles")?;
                let a: Article =
                    serde_json::from_str(&doc).map_err(|source| StoreError::Corrupt {
                        what: "article",
                        source,
                    })?;
                let title = self.index_text(a.title.as_deref().unwrap_or(""));
                insert
                    .execute(params![rowid, title, self.index_text(&a.text)])
                    .ctx("indexing an article")?;
                n += 1;
            }
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('fts_analyzer', ?1) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [self.analyzer_fingerprint()],
        )
        .ctx("recording the index fingerprint")?;
        tx.commit().ctx("committing the rebuilt search index")?;
        Ok(n)
    }

    /// Bytes the search index takes in the file: FTS5's posting blocks,
    /// its per-article lengths and its segment index (table pages'
    /// bookkeeping aside). For the index size per article reported by
    /// `khulasa eval search`.
    pub fn index_bytes(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .reader()
            .query_row(
                "SELECT (SELECT coalesce(sum(length(block)), 0) FROM article_fts_data) \
                      + (SELECT coalesce(sum(length(sz)) + 8 * count(*), 0) FROM article_fts_docsize) \
                      + (SELECT coalesce(sum(length(term)) + 16 * count(*), 0) FROM article_fts_idx)",
                [],
                |r| r.get(0),
            )
            .ctx("measuring the search index")?;
        Ok(n as u64)
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A reader connection: the first free one counting from the first
    /// (so a lone caller keeps using one connection and one page cache, and
    /// the others fill only under concurrent reads), else wait on one in
    /// turn.
    fn reader(&self) -> std::sync::MutexGuard<'_, Connection> {
        for r in &self.readers {
            if let Ok(g) = r.try_lock() {
                return g;
            }
        }
        let next = self.next_reader.fetch_add(1, Ordering::Relaxed);
        lock(&self.readers[next % self.readers.len()])
    }

    /// What the index holds of a text: its search terms, space-separated.
    /// FTS5's tokenizer splits them again at the spaces; the text itself is
    /// never stored in the index (snippets are cut from the article).
    fn index_text(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len() / 2);
        let (mut tokens, mut buf) = (Vec::new(), String::new());
        self.analyzer.terms_into(s, &mut tokens, &mut buf, |t, _| {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(t);
        });
        out
    }

    /// Inserts `article` inside `tx` (see [`Store::put_article`]).
    fn put_article_tx(
        &self,
        tx: &Connection,
        article: &Article,
        role: UrlRole,
    ) -> Result<(Put, i64), StoreError> {
        let doc = article_doc(article)?;
        self.write_article_tx(tx, article, doc, role)
    }

    /// Inserts `article`, whose JSON `doc` passed [`article_doc`], inside
    /// `tx`. Every error it can return is the database's: a bad article
    /// is refused by [`article_doc`] before anything is written.
    fn write_article_tx(
        &self,
        tx: &Connection,
        article: &Article,
        doc: String,
        role: UrlRole,
    ) -> Result<(Put, i64), StoreError> {
        let hash = content_hash(article);
        let id = ArticleId::of(article);
        // A claimed URL stays in `doc` only: the `url` column identifies.
        let url = article
            .url
            .as_deref()
            .filter(|u| !u.is_empty() && role == UrlRole::Identifies);

        let existing: Option<(i64, Option<String>)> = tx
            .prepare_cached("SELECT rowid, url FROM articles WHERE hash = ?1")
            .and_then(|mut s| {
                s.query_row([&hash], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
            })
            .ctx("looking up an article by hash")?;
        if let Some((rowid, old_url)) = existing {
            // Same content. If it arrived with a URL nobody holds yet, keep it.
            if old_url.is_none()
                && let Some(u) = url
            {
                tx.execute(
                    "UPDATE articles SET url = ?1 WHERE rowid = ?2 \
                         AND NOT EXISTS (SELECT 1 FROM articles WHERE url = ?1)",
                    params![u, rowid],
                )
                .ctx("adding a URL to an article")?;
            }
            return Ok((
                Put {
                    id,
                    status: PutStatus::Existing,
                },
                rowid,
            ));
        }

        let mut status = PutStatus::Inserted;
        if let Some(u) = url {
            let old: Option<(i64, String)> = tx
                .prepare_cached("SELECT rowid, id FROM articles WHERE url = ?1")
                .and_then(|mut s| s.query_row([u], |r| Ok((r.get(0)?, r.get(1)?))).optional())
                .ctx("looking up an article by URL")?;
            if let Some((old_rowid, old_id)) = old {
                // The page changed: the new version takes the URL's place.
                // (The old id is read before anything is deleted: a bad one
                // fails with nothing written.)
                status = PutStatus::Replaced {
                    old: ArticleId::parse(&old_id)?,
                };
                tx.execute("DELETE FROM article_fts WHERE rowid = ?1", [old_rowid])
                    .ctx("removing an old version from the index")?;
                tx.execute("DELETE FROM articles WHERE rowid = ?1", [old_rowid])
                    .ctx("removing an old version of an article")?;
            }
        }

        tx.prepare_cached(
            "INSERT INTO articles (id, hash, url, title, published, lang, added, doc) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .and_then(|mut s| {
            s.execute(params![
                id.as_str(),
                hash,
                url,
                article.title,
                article.published,
                article.lang.as_ref().map(khulasa_core::LangTag::as_str),
                now(),
                doc
            ])
        })
        .ctx("storing an article")?;
        let rowid = tx.last_insert_rowid();
        let title = self.index_text(article.title.as_deref().unwrap_or(""));
        let body = self.index_text(&article.text);
        tx.prepare_cached("INSERT INTO article_fts (rowid, title, body) VALUES (?1, ?2, ?3)")
            .and_then(|mut s| s.execute(params![rowid, title, body]))
            .ctx("indexing an article")?;
        Ok((Put { id, status }, rowid))
    }

    fn put_summary_tx(
        tx: &Connection,
        article_rowid: i64,
        key: &SummaryKey,
        summary: &Summary,
    ) -> Result<(), StoreError> {
        Self::write_summary_tx(tx, article_rowid, key, summary_doc(summary)?)
    }

    /// Stores a summary's JSON `doc` (from [`summary_doc`]) inside `tx`.
    fn write_summary_tx(
        tx: &Connection,
        article_rowid: i64,
        key: &SummaryKey,
        doc: String,
    ) -> Result<(), StoreError> {
        tx.prepare_cached(
            "INSERT INTO summaries (article, length, engine, added, doc) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (article, length, engine) DO UPDATE SET doc = excluded.doc, added = excluded.added",
        )
        .and_then(|mut s| {
            s.execute(params![article_rowid, length_key(&key.length), key.engine, now(), doc])
        })
        .ctx("storing a summary")?;
        Ok(())
    }

    fn begin<'c>(
        conn: &'c mut Connection,
        op: &'static str,
    ) -> Result<rusqlite::Transaction<'c>, StoreError> {
        // IMMEDIATE: take the write lock up front, so a concurrent writer in
        // another process makes us wait (busy_timeout) instead of failing
        // half-way with SQLITE_BUSY.
        conn.transaction_with_behavior(TransactionBehavior::Immediate)
            .ctx(op)
    }
}

/// An article's stored JSON, or why it cannot be stored (over
/// [`MAX_ARTICLE_BYTES`], or not serialisable). Touches no table, so a
/// refusal leaves nothing to undo.
fn article_doc(article: &Article) -> Result<String, StoreError> {
    let doc = serde_json::to_string(article).map_err(|source| StoreError::Corrupt {
        what: "article",
        source,
    })?;
    if doc.len() > MAX_ARTICLE_BYTES {
        return Err(StoreError::TooLarge {
            what: "article",
            size: doc.len(),
            limit: MAX_ARTICLE_BYTES,
        });
    }
    Ok(doc)
}

/// A summary's stored JSON (see [`article_doc`]).
fn summary_doc(summary: &Summary) -> Result<String, StoreError> {
    serde_json::to_string(summary).map_err(|source| StoreError::Corrupt {
        what: "summary",
        source,
    })
}

/// A page of the newest articles (`?1` items from offset `?2`). The page is
/// found in the small `articles_recent` index; only its own rows are read
/// from the table (skipping rows of the table itself would read every
/// skipped article's JSON).
const LATEST_SQL: &str = "SELECT a.id, a.url, a.title, a.published, a.lang, a.added \
     FROM (SELECT rowid FROM articles INDEXED BY articles_recent \
           ORDER BY rowid DESC LIMIT ?1 OFFSET ?2) r \
     JOIN articles a ON a.rowid = r.rowid ORDER BY a.rowid DESC";

/// The columns of a search hit: the page's rows only are joined to the
/// articles table (`m` is the page: rowid and rank).
const HIT_COLUMNS: &str = "a.id, a.url, a.title, a.published, a.lang, a.added, m.rank, a.doc";

/// The matches of `?1` with rowids in `?8..?9` that pass the filters `?4`
/// (from day), `?5` (to day), `?6` (site), `?7` (language); a filter that
/// is NULL lets all pass.
const FILTERED_MATCHES: &str = "FROM article_fts JOIN articles a ON a.rowid = article_fts.rowid \
     WHERE article_fts MATCH ?1 AND article_fts.rowid >= ?8 AND article_fts.rowid < ?9 \
       AND (?4 IS NULL OR substr(a.published, 1, 10) >= ?4) \
       AND (?5 IS NULL OR substr(a.published, 1, 10) <= ?5) \
       AND (?6 IS NULL OR a.site = ?6 OR a.site LIKE '%.' || ?6) \
       AND (?7 IS NULL OR a.lang = ?7)";

/// Whether [`search_sql`] reads the articles table for every match (and
/// takes the filters as `?4`–`?7`).
fn uses_filters(filtered: bool, sort: SearchSort) -> bool {
    filtered || sort == SearchSort::Date
}

/// The SQL of a page of search results (`?2` items from offset `?3`,
/// among matches with rowids in `?4..?5`, or `?8..?9` with filters):
/// FTS5 finds the matches and BM25 ranks them; SQLite keeps the best
/// `offset + page` in a bounded sort, never every match; the articles
/// table is read for filtered matches (their date, site, language) and
/// for the page's rows. With `proximity` (by relevance only), the BM25 of
/// the neighbour pairs `?6` (`?10` with filters), times
/// [`PROXIMITY_WEIGHT`], adds to the rank of the matches holding them.
fn search_sql(filtered: bool, sort: SearchSort, proximity: bool) -> String {
    let rank = format!("bm25(article_fts, {TITLE_WEIGHT}, 1.0)");
    let proximity = proximity && sort == SearchSort::Relevance;
    let (inner_order, outer_order) = match sort {
        SearchSort::Relevance => ("rank, rowid DESC", "m.rank, m.rowid DESC"),
        SearchSort::Date => (
            "a.published IS NULL, a.published DESC, rowid DESC",
            "a.published IS NULL, a.published DESC, m.rowid DESC",
        ),
    };
    // The pairs' own BM25 (their IDF is the pair's), found once (a
    // materialised table; as a joined subquery SQLite would run it again
    // for every match) and joined to the matches.
    let (with, rank, join) = if proximity {
        let (param, lo, hi) = if uses_filters(filtered, sort) {
            ("?10", "?8", "?9")
        } else {
            ("?6", "?4", "?5")
        };
        (
            format!(
                "WITH p(rowid, rank) AS MATERIALIZED (SELECT rowid, {rank} FROM article_fts \
                 WHERE article_fts MATCH {param} AND rowid >= {lo} AND rowid < {hi}) "
            ),
            format!("{rank} + {PROXIMITY_WEIGHT} * coalesce(p.rank, 0.0)"),
            "LEFT JOIN p ON p.rowid = article_fts.rowid".to_string(),
        )
    } else {
        (String::new(), rank, String::new())
    };
    let inner = if uses_filters(filtered, sort) {
        let matches = FILTERED_MATCHES.replacen(" WHERE ", &format!(" {join} WHERE "), 1);
        format!(
            "SELECT article_fts.rowid AS rowid, {rank} AS rank {matches} \
             ORDER BY {inner_order} LIMIT ?2 OFFSET ?3"
        )
    } else {
        format!(
            "SELECT article_fts.rowid AS rowid, {rank} AS rank FROM article_fts {join} \
             WHERE article_fts MATCH ?1 AND article_fts.rowid >= ?4 AND article_fts.rowid < ?5 \
             ORDER BY {inner_order} LIMIT ?2 OFFSET ?3"
        )
    };
    format!(
        "{with}SELECT {HIT_COLUMNS} FROM ({inner}) m JOIN articles a ON a.rowid = m.rowid \
         ORDER BY {outer_order}"
    )
}

fn configure(conn: &Connection, read_only: bool) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // Memory that does not grow with the file: a fixed page cache, and no
    // memory-mapped I/O (mapped pages of a large file would count as the
    // process's own memory).
    conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
    conn.pragma_update(None, "mmap_size", 0)?;
    if !read_only {
        // FULL: a commit is on disk before the call returns, so an
        // acknowledged write survives power loss, not only a killed process.
        conn.pragma_update(None, "synchronous", "FULL")?;
    }
    Ok(())
}

fn failure(conn: &Connection, source: &str, reason: &str) -> Result<(), StoreError> {
    conn.prepare_cached("INSERT INTO failures (source, reason, at) VALUES (?1, ?2, ?3)")
        .and_then(|mut s| s.execute(params![source, reason, now()]))
        .ctx("recording a failure")?;
    Ok(())
}

fn ledger(
    conn: &Connection,
    key: &str,
    params_: &str,
    article: Option<&str>,
    reason: Option<&str>,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO ingested (key, params, article, reason, at) VALUES (?1, ?2, ?3, ?4, ?5) \
         ON CONFLICT (key) DO UPDATE SET params = excluded.params, article = excluded.article, \
         reason = excluded.reason, at = excluded.at",
    )
    .and_then(|mut s| s.execute(params![key, params_, article, reason, now()]))
    .ctx("writing the ingest ledger")?;
    Ok(())
}

fn meta_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(String, ArticleMetaRow)> {
    Ok((
        r.get(0)?,
        ArticleMetaRow {
            url: r.get(1)?,
            title: r.get(2)?,
            published: r.get(3)?,
            lang: r.get(4)?,
            added: r.get(5)?,
        },
    ))
}

struct ArticleMetaRow {
    url: Option<String>,
    title: Option<String>,
    published: Option<String>,
    lang: Option<String>,
    added: i64,
}

impl ArticleMetaRow {
    fn into_meta(self, id: String) -> Result<ArticleMeta, StoreError> {
        Ok(ArticleMeta {
            id: ArticleId::parse(&id)?,
            url: self.url,
            title: self.title,
            published: self.published,
            lang: self.lang,
            added: self.added,
        })
    }
}

/// How many articles match the FTS5 query `fts` and pass `f`. Counting
/// walks the terms' lists of documents once: time in proportion to the
/// matches, memory not.
/// Rowids of articles, `lo..hi`: a search may look at part of the store.
type Rowids = std::ops::Range<i64>;
/// Every article.
const ALL_ROWIDS: Rowids = 0..i64::MAX;

fn count_matches(
    conn: &Connection,
    fts: &str,
    f: &Filters,
    rows: &Rowids,
) -> Result<u64, StoreError> {
    let n: i64 = if *f == Filters::default() {
        conn.prepare_cached(
            "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?1 \
             AND rowid >= ?2 AND rowid < ?3",
        )
        .and_then(|mut s| s.query_row(params![fts, rows.start, rows.end], |r| r.get(0)))
    } else {
        conn.prepare_cached(&format!("SELECT count(*) {FILTERED_MATCHES}"))
            .and_then(|mut s| {
                s.query_row(
                    params![
                        fts,
                        rusqlite::types::Null,
                        rusqlite::types::Null,
                        f.from,
                        f.to,
                        f.site,
                        f.lang,
                        rows.start,
                        rows.end
                    ],
                    |r| r.get(0),
                )
            })
    }
    .ctx("counting search results")?;
    Ok(n as u64)
}

/// A search hit's row: its metadata, BM25 rank, and stored article JSON.
type HitRow = ((String, ArticleMetaRow), f64, String);

/// `size` search hits from `offset` among the matches of `fts` with rowids
/// in `rows`, ranked up by the neighbour pairs `pairs` when it is not
/// empty (see [`search_sql`]).
#[allow(clippy::too_many_arguments)]
fn page_of(
    conn: &Connection,
    fts: &str,
    pairs: &str,
    filters: &Filters,
    sort: SearchSort,
    rows: Rowids,
    size: u64,
    offset: u64,
) -> Result<Vec<HitRow>, StoreError> {
    let filtered = *filters != Filters::default();
    let proximity = !pairs.is_empty() && sort == SearchSort::Relevance;
    let hit =
        |r: &rusqlite::Row<'_>| Ok((meta_row(r)?, r.get::<_, f64>(6)?, r.get::<_, String>(7)?));
    let (size, offset) = (size as i64, offset as i64);
    let mut args: Vec<&dyn rusqlite::ToSql> = vec![&fts, &size, &offset];
    if uses_filters(filtered, sort) {
        args.extend([
            &filters.from as &dyn rusqlite::ToSql,
            &filters.to,
            &filters.site,
            &filters.lang,
            &rows.start,
            &rows.end,
        ]);
    } else {
        args.extend([&rows.start as &dyn rusqlite::ToSql, &rows.end]);
    }
    if proximity {
        args.push(&pairs);
    }
    conn.prepare_cached(&search_sql(filtered, sort, proximity))
        .and_then(|mut s| s.query_map(args.as_slice(), hit)?.collect())
        .ctx("searching articles")
}

/// In how many articles the index holds `term`.
fn doc_freq(conn: &Connection, term: &str) -> Result<u64, StoreError> {
    let n: Option<i64> = conn
        .prepare_cached("SELECT doc FROM article_vocab WHERE term = ?1")
        .and_then(|mut s| s.query_row([term], |r| r.get(0)).optional())
        .ctx("reading a term's document count")?;
    Ok(n.unwrap_or(0) as u64)
}

/// For a query whose exact phrase(s) no article holds: the query without
/// its rarest word (the one found in the fewest articles; the last of
/// equals), then without the next rarest, until something is found. `None`
/// when nothing is. (A query of loose words that finds nothing has no
/// suggestion: any of its words would have matched.)
fn suggest(
    analyzer: &Analyzer,
    conn: &Connection,
    parsed: &ParsedQuery,
    f: &Filters,
) -> Result<Option<String>, StoreError> {
    let mut q = parsed.clone();
    while q.words().len() > 1 {
        let mut rarest = (u64::MAX, 0);
        for (i, (_, term)) in q.words().iter().enumerate() {
            let df = doc_freq(conn, term)?;
            if df <= rarest.0 {
                rarest = (df, i);
            }
        }
        let text = q.without_word(rarest.1);
        q = match ParsedQuery::parse(analyzer, &text) {
            Ok(q) => q,
            Err(_) => return Ok(None),
        };
        if count_matches(conn, &fts5_of(&q.clauses(&[]).matched), f, &ALL_ROWIDS)? > 0 {
            return Ok(Some(text));
        }
    }
    Ok(None)
}

impl Store for SqliteStore {
    fn put_article(&self, article: &Article) -> Result<Put, StoreError> {
        let mut conn = lock(&self.writer);
        let tx = Self::begin(&mut conn, "starting to store an article")?;
        let (put, _) = self.put_article_tx(&tx, article, UrlRole::Identifies)?;
        tx.commit().ctx("committing an article")?;
        Ok(put)
    }

    fn put_article_with_summary(
        &self,
        article: &Article,
        url: UrlRole,
        length: khulasa_core::Length,
        engine: &str,
        summary: &Summary,
    ) -> Result<Put, StoreError> {
        let mut conn = lock(&self.writer);
        let tx = Self::begin(&mut conn, "starting to store an article")?;
        let (put, rowid) = self.put_article_tx(&tx, article, url)?;
        let key = SummaryKey {
            article: put.id.clone(),
            length,
            engine: engine.to_string(),
        };
        Self::put_summary_tx(&tx, rowid, &key, summary)?;
        tx.commit().ctx("committing an article and its summary")?;
        Ok(put)
    }

    fn article(&self, id: &ArticleId) -> Result<Option<StoredArticle>, StoreError> {
        let conn = self.reader();
        let row: Option<(String, i64)> = conn
            .prepare_cached("SELECT doc, added FROM articles WHERE id = ?1")
            .and_then(|mut s| {
                s.query_row([id.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
            })
            .ctx("reading an article")?;
        drop(conn);
        row.map(|(doc, added)| {
            let article = serde_json::from_str(&doc).map_err(|source| StoreError::Corrupt {
                what: "article",
                source,
            })?;
            Ok(StoredArticle {
                id: id.clone(),
                added,
                article,
            })
        })
        .transpose()
    }

    fn article_id_by_url(&self, url: &str) -> Result<Option<ArticleId>, StoreError> {
        let conn = self.reader();
        let id: Option<String> = conn
            .prepare_cached("SELECT id FROM articles WHERE url = ?1")
            .and_then(|mut s| s.query_row([url], |r| r.get(0)).optional())
            .ctx("looking up an article by URL")?;
        id.map(|s| ArticleId::parse(&s)).transpose()
    }

    fn latest(&self, page: Page) -> Result<Paged<ArticleMeta>, StoreError> {
        let conn = self.reader();
        let total: i64 = conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
            .ctx("counting articles")?;
        let rows = conn
            .prepare_cached(LATEST_SQL)
            .and_then(|mut s| {
                s.query_map(params![page.size, page.offset()], meta_row)?
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .ctx("listing articles")?;
        drop(conn);
        let items = rows
            .into_iter()
            .map(|(id, m)| m.into_meta(id))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Paged {
            items,
            page: page.number,
            per_page: page.size,
            total: total as u64,
        })
    }

    fn find(&self, query: &SearchQuery, page: Page) -> Result<SearchResults, StoreError> {
        let asked = ParsedQuery::parse(&self.analyzer, &query.q)?;
        let filters = query.filters()?;
        let mut parsed = asked.clone();
        let conn = self.reader();
        // Common terms do not pick candidates (see SearchTuning and
        // fts5_without).
        let articles: i64 = conn
            .query_row("SELECT coalesce(max(rowid), 0) FROM articles", [], |r| {
                r.get(0)
            })
            .ctx("counting articles")?;
        let mut common = Vec::new();
        for t in asked.terms() {
            if self.tuning.is_common(doc_freq(&conn, &t)?, articles as u64) {
                common.push(t);
            }
        }
        let mut clauses = parsed.clauses(&common);
        let mut fts = fts5_of(&clauses.matched);
        let mut total = count_matches(&conn, &fts, &filters, &ALL_ROWIDS)?;
        // No article holds the exact phrase(s): answer for the words, say
        // so (`loosened`), and suggest the query without its rarest word.
        let loosened = total == 0 && parsed.has_phrase();
        let suggestion = if loosened {
            parsed = parsed.loosened();
            clauses = parsed.clauses(&common);
            fts = fts5_of(&clauses.matched);
            total = count_matches(&conn, &fts, &filters, &ALL_ROWIDS)?;
            suggest(&self.analyzer, &conn, &asked, &filters)?
        } else {
            None
        };
        let common_only = query.sort == SearchSort::Relevance
            && !parsed.has_phrase()
            && parsed.terms().iter().all(|t| common.contains(t));
        let offset = page.offset() as u64;
        let size = u64::from(page.size);
        let pairs = if self.tuning.proximity {
            fts5_near(&clauses.neighbours)
        } else {
            String::new()
        };
        let page_in = |rows: Rowids, size: u64, offset: u64| {
            page_of(
                &conn, &fts, &pairs, &filters, query.sort, rows, size, offset,
            )
        };
        let rows = if total <= offset {
            Vec::new()
        } else if !common_only {
            page_in(ALL_ROWIDS, size, offset)?
        } else {
            // The newer matches first (see SearchTuning::recent_window),
            // then the older.
            let window = i64::try_from(self.tuning.recent_window).unwrap_or(i64::MAX);
            let floor = articles.saturating_sub(window) + 1;
            let newer = count_matches(&conn, &fts, &filters, &(floor..i64::MAX))?;
            let mut rows = if offset < newer {
                page_in(floor..i64::MAX, size, offset)?
            } else {
                Vec::new()
            };
            let wanted = size - rows.len() as u64;
            if wanted > 0 && total > newer {
                rows.extend(page_in(0..floor, wanted, offset.saturating_sub(newer))?);
            }
            rows
        };
        drop(conn);
        let terms = parsed.terms();
        let items = rows
            .into_iter()
            .map(|((id, m), rank, doc)| {
                let article: Article =
                    serde_json::from_str(&doc).map_err(|source| StoreError::Corrupt {
                        what: "article",
                        source,
                    })?;
                // bm25() is lower-is-better; flip it so a score reads naturally.
                Ok(crate::search::hit(
                    &self.analyzer,
                    m.into_meta(id)?,
                    -rank,
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
        let conn = self.reader();
        let row: Option<(i64, String)> = conn
            .prepare_cached("SELECT rowid, doc FROM articles WHERE id = ?1")
            .and_then(|mut s| {
                s.query_row([id.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
            })
            .ctx("reading an article")?;
        let Some((rowid, doc)) = row else {
            return Ok(Vec::new());
        };
        let article: Article =
            serde_json::from_str(&doc).map_err(|source| StoreError::Corrupt {
                what: "article",
                source,
            })?;
        let docs: i64 = conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
            .ctx("counting articles")?;
        let scored = crate::search::telling_terms(
            &self.analyzer,
            &article,
            TITLE_WEIGHT,
            docs as u64,
            |t| doc_freq(&conn, t),
        )?;
        if scored.is_empty() {
            return Ok(Vec::new());
        }
        let fts = scored
            .iter()
            .take(RELATED_TERMS)
            .map(|(_, t)| format!("\"{}\"", t.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(" OR ");
        let sql = format!(
            "SELECT {HIT_COLUMNS} FROM (SELECT rowid, bm25(article_fts, {TITLE_WEIGHT}, 1.0) AS rank \
             FROM article_fts WHERE article_fts MATCH ?1 AND rowid != ?2 \
             ORDER BY rank, rowid DESC LIMIT ?3) m \
             JOIN articles a ON a.rowid = m.rowid ORDER BY m.rank, m.rowid DESC"
        );
        let rows = conn
            .prepare_cached(&sql)
            .and_then(|mut s| {
                s.query_map(params![fts, rowid, n.min(Page::MAX_SIZE)], meta_row)?
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .ctx("finding related articles")?;
        drop(conn);
        rows.into_iter().map(|(id, m)| m.into_meta(id)).collect()
    }

    fn put_summary(&self, key: &SummaryKey, summary: &Summary) -> Result<(), StoreError> {
        let mut conn = lock(&self.writer);
        let tx = Self::begin(&mut conn, "starting to store a summary")?;
        let rowid: Option<i64> = tx
            .prepare_cached("SELECT rowid FROM articles WHERE id = ?1")
            .and_then(|mut s| s.query_row([key.article.as_str()], |r| r.get(0)).optional())
            .ctx("looking up an article")?;
        let Some(rowid) = rowid else {
            return Err(StoreError::UnknownArticle(key.article.to_string()));
        };
        Self::put_summary_tx(&tx, rowid, key, summary)?;
        tx.commit().ctx("committing a summary")?;
        Ok(())
    }

    fn summary(&self, key: &SummaryKey) -> Result<Option<Summary>, StoreError> {
        let conn = self.reader();
        let doc: Option<String> = conn
            .prepare_cached(
                "SELECT s.doc FROM summaries s JOIN articles a ON a.rowid = s.article \
                 WHERE a.id = ?1 AND s.length = ?2 AND s.engine = ?3",
            )
            .and_then(|mut s| {
                s.query_row(
                    params![key.article.as_str(), length_key(&key.length), key.engine],
                    |r| r.get(0),
                )
                .optional()
            })
            .ctx("reading a summary")?;
        drop(conn);
        doc.map(|d| {
            serde_json::from_str(&d).map_err(|source| StoreError::Corrupt {
                what: "summary",
                source,
            })
        })
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
        let mut conn = lock(&self.writer);
        let tx = Self::begin(&mut conn, "starting to store audio")?;
        let s = &key.summary;
        let summary_rowid: Option<i64> = tx
            .prepare_cached(
                "SELECT s.rowid FROM summaries s JOIN articles a ON a.rowid = s.article \
                 WHERE a.id = ?1 AND s.length = ?2 AND s.engine = ?3",
            )
            .and_then(|mut st| {
                st.query_row(
                    params![s.article.as_str(), length_key(&s.length), s.engine],
                    |r| r.get(0),
                )
                .optional()
            })
            .ctx("looking up a summary")?;
        let Some(summary_rowid) = summary_rowid else {
            return Err(StoreError::UnknownSummary(s.article.to_string()));
        };
        tx.prepare_cached(
            "INSERT INTO audio (summary, format, voice, content_type, marks, bytes, added) \
             VALUES (?1, ?2, ?7, ?3, ?4, ?5, ?6) ON CONFLICT (summary, format, voice) DO UPDATE SET \
             content_type = excluded.content_type, marks = excluded.marks, bytes = excluded.bytes, \
             added = excluded.added",
        )
        .and_then(|mut st| {
            st.execute(params![
                summary_rowid,
                key.format,
                audio.content_type,
                audio.marks,
                audio.bytes,
                now(),
                key.voice
            ])
        })
        .ctx("storing audio")?;
        tx.commit().ctx("committing audio")?;
        Ok(())
    }

    fn audio(&self, key: &AudioKey) -> Result<Option<StoredAudio>, StoreError> {
        let conn = self.reader();
        let s = &key.summary;
        conn.prepare_cached(
            "SELECT au.content_type, au.marks, au.bytes FROM audio au \
             JOIN summaries s ON s.rowid = au.summary JOIN articles a ON a.rowid = s.article \
             WHERE a.id = ?1 AND s.length = ?2 AND s.engine = ?3 AND au.format = ?4 \
             AND au.voice = ?5",
        )
        .and_then(|mut st| {
            st.query_row(
                params![
                    s.article.as_str(),
                    length_key(&s.length),
                    s.engine,
                    key.format,
                    key.voice
                ],
                |r| {
                    Ok(StoredAudio {
                        content_type: r.get(0)?,
                        marks: r.get(1)?,
                        bytes: r.get(2)?,
                    })
                },
            )
            .optional()
        })
        .ctx("reading audio")
    }

    fn record_failure(&self, source: &str, reason: &str) -> Result<i64, StoreError> {
        let conn = lock(&self.writer);
        failure(&conn, source, reason)?;
        Ok(conn.last_insert_rowid())
    }

    fn failures(&self, page: Page) -> Result<Paged<Failure>, StoreError> {
        let conn = self.reader();
        let total: i64 = conn
            .query_row("SELECT count(*) FROM failures", [], |r| r.get(0))
            .ctx("counting failures")?;
        let items = conn
            .prepare_cached(
                "SELECT rowid, source, reason, at FROM failures ORDER BY rowid DESC LIMIT ?1 OFFSET ?2",
            )
            .and_then(|mut s| {
                s.query_map(params![page.size, page.offset()], |r| {
                    Ok(Failure { id: r.get(0)?, source: r.get(1)?, reason: r.get(2)?, at: r.get(3)? })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()
            })
            .ctx("listing failures")?;
        Ok(Paged {
            items,
            page: page.number,
            per_page: page.size,
            total: total as u64,
        })
    }

    fn put_ingested(&self, items: &[Ingested<'_>]) -> Result<Vec<IngestedStatus>, StoreError> {
        let mut conn = lock(&self.writer);
        let tx = Self::begin(&mut conn, "starting to store ingested items")?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let status = match item.outcome {
                IngestOutcome::Article { article, summary } => {
                    // An article over a limit (or that will not serialise) is
                    // refused before anything of it is written, and recorded
                    // as a failure. No savepoint per item: FTS5 writes its
                    // pending terms out as a new segment at every savepoint,
                    // which was a seventh of a batch's CPU (docs/ingest.md).
                    let docs = article_doc(article).and_then(|doc| {
                        let summary = summary
                            .map(|(length, engine, s)| {
                                Ok::<_, StoreError>((length, engine, summary_doc(s)?))
                            })
                            .transpose()?;
                        Ok((doc, summary))
                    });
                    match docs {
                        Ok((doc, summary)) => {
                            let (put, rowid) =
                                self.write_article_tx(&tx, article, doc, UrlRole::Identifies)?;
                            if let Some((length, engine, doc)) = summary {
                                let key = SummaryKey {
                                    article: put.id.clone(),
                                    length,
                                    engine: engine.to_string(),
                                };
                                Self::write_summary_tx(&tx, rowid, &key, doc)?;
                            }
                            ledger(&tx, item.key, item.params, Some(put.id.as_str()), None)?;
                            IngestedStatus::Stored(put)
                        }
                        Err(e @ (StoreError::TooLarge { .. } | StoreError::Corrupt { .. })) => {
                            let reason = e.to_string();
                            failure(&tx, item.key, &reason)?;
                            ledger(&tx, item.key, item.params, None, Some(&reason))?;
                            IngestedStatus::Failed {
                                source: item.key.to_string(),
                                reason,
                            }
                        }
                        Err(e) => return Err(e),
                    }
                }
                IngestOutcome::Failed { source, reason } => {
                    failure(&tx, source, reason)?;
                    ledger(&tx, item.key, item.params, None, Some(reason))?;
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
    }

    fn ingested(&self, key: &str) -> Result<Option<IngestRecord>, StoreError> {
        let conn = self.reader();
        let row: Option<(String, Option<String>, Option<String>, i64)> = conn
            .prepare_cached("SELECT params, article, reason, at FROM ingested WHERE key = ?1")
            .and_then(|mut s| {
                s.query_row([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                    .optional()
            })
            .ctx("reading the ingest ledger")?;
        row.map(|(params, article, reason, at)| {
            Ok(IngestRecord {
                key: key.to_string(),
                params,
                article: article.map(|a| ArticleId::parse(&a)).transpose()?,
                reason,
                at,
            })
        })
        .transpose()
    }

    fn put_feed_validators(&self, feed: &str, v: &FeedValidators) -> Result<(), StoreError> {
        let conn = lock(&self.writer);
        conn.prepare_cached(
            "INSERT INTO feeds (url, etag, last_modified, at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (url) DO UPDATE SET etag = ?2, last_modified = ?3, at = ?4",
        )
        .and_then(|mut s| s.execute(params![feed, v.etag, v.last_modified, now()]))
        .ctx("recording a feed's validators")?;
        Ok(())
    }

    fn feed_validators(&self, feed: &str) -> Result<Option<FeedValidators>, StoreError> {
        let conn = self.reader();
        conn.prepare_cached("SELECT etag, last_modified FROM feeds WHERE url = ?1")
            .and_then(|mut s| {
                s.query_row([feed], |r| {
                    Ok(FeedValidators {
                        etag: r.get(0)?,
                        last_modified: r.get(1)?,
                    })
                })
                .optional()
            })
            .ctx("reading a feed's validators")
    }

    fn stats(&self) -> Result<Stats, StoreError> {
        let conn = self.reader();
        let (articles, summaries, audio, failures): (i64, i64, i64, i64) = conn
            .query_row(
                "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM summaries), \
                        (SELECT count(*) FROM audio), (SELECT count(*) FROM failures)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .ctx("counting")?;
        let schema_version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .ctx("reading the schema version")?;
        Ok(Stats {
            articles: articles as u64,
            summaries: summaries as u64,
            audio: audio as u64,
            failures: failures as u64,
            schema_version,
        })
    }

    fn check(&self) -> Result<(), StoreError> {
        let conn = lock(&self.writer);
        let problems: Vec<String> = conn
            .prepare("PRAGMA integrity_check")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .ctx("checking integrity")?;
        let fk: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .ctx("checking foreign keys")?;
        // The FTS index must hold exactly one row per article.
        let fts_mismatch: i64 = conn
            .query_row(
                "SELECT (SELECT count(*) FROM article_fts) - (SELECT count(*) FROM articles)",
                [],
                |r| r.get(0),
            )
            .ctx("checking the search index")?;
        conn.execute(
            "INSERT INTO article_fts (article_fts) VALUES ('integrity-check')",
            [],
        )
        .ctx("checking the search index")?;
        if problems != ["ok"] || fk != 0 || fts_mismatch != 0 {
            return Err(StoreError::Inconsistent(format!(
                "integrity check: {problems:?}; foreign key violations: {fk}; \
                 index rows minus articles: {fts_mismatch}"
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> String {
        let mut st = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows: Vec<String> = st
            .query_map(params, |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        rows.join("\n")
    }

    #[test]
    fn every_connection_has_a_fixed_page_cache_and_no_mmap() {
        let dir = tempfile::tempdir().unwrap();
        let s = SqliteStore::open(dir.path().join("k.db")).unwrap();
        let conns = std::iter::once(&s.writer).chain(&s.readers);
        for c in conns {
            let c = lock(c);
            let cache: i64 = c.query_row("PRAGMA cache_size", [], |r| r.get(0)).unwrap();
            let mmap: i64 = c.query_row("PRAGMA mmap_size", [], |r| r.get(0)).unwrap();
            assert_eq!((cache, mmap), (-CACHE_KIB, 0));
        }
    }

    #[test]
    fn a_lone_reader_keeps_to_the_first_connection() {
        let dir = tempfile::tempdir().unwrap();
        let s = SqliteStore::open(dir.path().join("k.db")).unwrap();
        let first = {
            let g = lock(&s.readers[0]);
            &*g as *const Connection
        };
        for _ in 0..10 {
            let g = s.reader();
            assert_eq!(&*g as *const Connection, first);
        }
        // Under concurrent reads the others are used.
        let held = s.reader();
        let other = s.reader();
        assert_ne!(&*other as *const Connection, &*held as *const Connection);
    }

    /// The plans behind flat memory and time: listing walks the small index,
    /// never the article rows it skips; search reaches articles by rowid and
    /// never scans the articles table.
    #[test]
    fn listing_and_search_plans_do_not_scan_articles() {
        let dir = tempfile::tempdir().unwrap();
        let s = SqliteStore::open(dir.path().join("k.db")).unwrap();
        let c = lock(&s.readers[0]);
        let latest = plan(&c, LATEST_SQL, params![20, 1000]);
        assert!(
            latest.contains("SCAN articles USING COVERING INDEX articles_recent"),
            "{latest}"
        );
        assert!(
            latest.contains("SEARCH a USING INTEGER PRIMARY KEY"),
            "{latest}"
        );
        let plans: Vec<String> = [
            (false, SearchSort::Relevance, false),
            (true, SearchSort::Relevance, false),
            (false, SearchSort::Date, false),
            (false, SearchSort::Relevance, true),
            (true, SearchSort::Relevance, true),
        ]
        .into_iter()
        .map(|(f, o, near)| {
            let sql = search_sql(f, o, near);
            let none = None::<String>;
            match (uses_filters(f, o), near) {
                (true, false) => plan(
                    &c,
                    &sql,
                    params!["\"x\"", 20, 0, "2020-01-01", none, none, none, 0, i64::MAX],
                ),
                (true, true) => plan(
                    &c,
                    &sql,
                    params![
                        "\"x\"",
                        20,
                        0,
                        "2020-01-01",
                        none,
                        none,
                        none,
                        0,
                        i64::MAX,
                        "\"x y\""
                    ],
                ),
                (false, false) => plan(&c, &sql, params!["\"x\"", 20, 0, 0, i64::MAX]),
                (false, true) => plan(&c, &sql, params!["\"x\"", 20, 0, 0, i64::MAX, "\"x y\""]),
            }
        })
        .collect();
        for p in plans {
            assert!(p.contains("SEARCH a USING INTEGER PRIMARY KEY"), "{p}");
            assert!(
                !p.lines()
                    .any(|l| l == "SCAN a" || l.starts_with("SCAN articles")),
                "{p}"
            );
        }
    }
}
