//! The SQLite implementation of [`Store`].

use crate::error::Ctx;
use crate::schema;
use crate::types::*;
use crate::{Store, StoreError};
use khulasa_core::{Article, Summary};
use khulasa_text::normalize::Normalizer;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Largest article (as stored JSON) the store accepts: 8 MiB.
pub const MAX_ARTICLE_BYTES: usize = 8 << 20;
/// Largest audio encoding the store accepts: 64 MiB.
pub const MAX_AUDIO_BYTES: usize = 64 << 20;
/// Longest search query, in bytes.
pub const MAX_QUERY_BYTES: usize = 1024;
/// Most words in a search query.
pub const MAX_QUERY_TERMS: usize = 32;
/// How long a write waits for another process's write lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// Reader connections kept open (WAL lets them read while one writes): at
/// most this many reads run at once; more wait for a free connection.
pub const READERS: usize = 4;
/// Page cache of each connection, in KiB (`PRAGMA cache_size = -N`): the
/// store's SQLite memory is at most `(READERS + 1)` times this, whatever the
/// size of the file.
pub const CACHE_KIB: i64 = 2048;
/// A search ranks (BM25) at most this many matches: the newest ones. Further
/// matches follow them, newest first. Ranking every match would cost time
/// in proportion to the store; this bounds it.
pub const SEARCH_RANKED: u32 = 1000;

/// A store in one SQLite file.
///
/// - **Durability**: WAL journal with `synchronous = FULL`: once a write
///   method returns `Ok`, the write survives a crash of the process or the
///   machine. Each write method is one transaction: all of it or none of it.
/// - **Concurrency**: one writer connection and a few reader connections; WAL
///   lets readers run while a write is in progress. Other processes (an
///   `ingest` run) may write to the same file: writes wait up to 10 s for the
///   lock.
/// - **Search**: FTS5 over a copy of title and body normalised with
///   [`Normalizer::ar_match`] (diacritics, tatweel, alef/ya/ta-marbuta forms,
///   digits); queries are normalised the same way, so `الأمم` finds `الامم`.
pub struct SqliteStore {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
    norm: Normalizer,
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
            norm: Normalizer::ar_match(),
        };
        store.reindex_if_stale()?;
        Ok(store)
    }

    /// A fingerprint of what the normaliser does to a probe covering each of
    /// its rules: when khulasa-text changes a rule, the fingerprint changes
    /// and the index (built with the old rules) is rebuilt.
    fn normalizer_fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        const PROBE: &str =
            "أإآٱا ى ي ئ ؤ ء ة ه ـكتـاب مُدَرِّسَةٌ ١٢٣ ۴۵۶ ﻻ ﷲ \u{200f}\u{200d}X Ｙ İ ک ی";
        let n = self.normalize(PROBE);
        hex::encode(&Sha256::digest(n.as_bytes())[..8])
    }

    fn reindex_if_stale(&self) -> Result<(), StoreError> {
        let want = self.normalizer_fingerprint();
        let have: Option<String> = lock(&self.writer)
            .query_row(
                "SELECT value FROM meta WHERE key = 'fts_normalizer'",
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
                let title = self.normalize(a.title.as_deref().unwrap_or(""));
                insert
                    .execute(params![rowid, title, self.normalize(&a.text)])
                    .ctx("indexing an article")?;
                n += 1;
            }
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('fts_normalizer', ?1) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [self.normalizer_fingerprint()],
        )
        .ctx("recording the index fingerprint")?;
        tx.commit().ctx("committing the rebuilt search index")?;
        Ok(n)
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

    fn normalize(&self, s: &str) -> String {
        self.norm.normalize(s)
    }

    /// Inserts `article` inside `tx` (see [`Store::put_article`]).
    fn put_article_tx(&self, tx: &Connection, article: &Article) -> Result<(Put, i64), StoreError> {
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
        let hash = content_hash(article);
        let id = ArticleId::of(article);
        let url = article.url.as_deref().filter(|u| !u.is_empty());

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
                tx.execute("DELETE FROM article_fts WHERE rowid = ?1", [old_rowid])
                    .ctx("removing an old version from the index")?;
                tx.execute("DELETE FROM articles WHERE rowid = ?1", [old_rowid])
                    .ctx("removing an old version of an article")?;
                status = PutStatus::Replaced {
                    old: ArticleId::parse(&old_id)?,
                };
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
        let title = self.normalize(article.title.as_deref().unwrap_or(""));
        let body = self.normalize(&article.text);
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
        let doc = serde_json::to_string(summary).map_err(|source| StoreError::Corrupt {
            what: "summary",
            source,
        })?;
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

    /// Turns a user's query into an FTS5 query: normalised like the index,
    /// split into words, each word quoted (so FTS5 operators in user input
    /// are just text), all words required.
    fn fts_query(&self, query: &str) -> Result<String, StoreError> {
        if query.len() > MAX_QUERY_BYTES {
            return Err(StoreError::InvalidQuery(format!(
                "the query is {} bytes long; the limit is {MAX_QUERY_BYTES}",
                query.len()
            )));
        }
        let norm = self.normalize(query);
        let terms: Vec<&str> = norm
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
            .collect();
        if terms.is_empty() {
            return Err(StoreError::InvalidQuery("the query has no words".into()));
        }
        if terms.len() > MAX_QUERY_TERMS {
            return Err(StoreError::InvalidQuery(format!(
                "the query has {} words; the limit is {MAX_QUERY_TERMS}",
                terms.len()
            )));
        }
        // Terms hold only alphanumerics, so they cannot contain a quote.
        Ok(terms
            .iter()
            .map(|t| format!("\"{t}\""))
            .collect::<Vec<_>>()
            .join(" "))
    }
}

/// A page of the newest articles (`?1` items from offset `?2`). The page is
/// found in the small `articles_recent` index; only its own rows are read
/// from the table (skipping rows of the table itself would read every
/// skipped article's JSON).
const LATEST_SQL: &str = "SELECT a.id, a.url, a.title, a.published, a.lang, a.added \
     FROM (SELECT rowid FROM articles INDEXED BY articles_recent \
           ORDER BY rowid DESC LIMIT ?1 OFFSET ?2) r \
     JOIN articles a ON a.rowid = r.rowid ORDER BY a.rowid DESC";

/// A page (`?2` items from offset `?3`) of the newest `?4` matches of the
/// FTS query `?1`, ranked by BM25 (title 3x), newest first among equals.
/// FTS5 walks the matches newest first and stops after `?4`; only the
/// page's own rows are joined to the articles table.
const SEARCH_RANKED_SQL: &str = "SELECT a.id, a.url, a.title, a.published, a.lang, a.added, m.rank \
     FROM (SELECT rowid, rank FROM \
             (SELECT rowid, bm25(article_fts, 3.0, 1.0) AS rank FROM article_fts \
              WHERE article_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?4) \
           ORDER BY rank, rowid DESC LIMIT ?2 OFFSET ?3) m \
     JOIN articles a ON a.rowid = m.rowid ORDER BY m.rank, m.rowid DESC";

/// Matches past the ranked window: `?2` items from offset `?3` of the
/// matches of `?1`, newest first.
const SEARCH_OLDER_SQL: &str = "SELECT a.id, a.url, a.title, a.published, a.lang, a.added, m.rank \
     FROM (SELECT rowid, bm25(article_fts, 3.0, 1.0) AS rank FROM article_fts \
           WHERE article_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2 OFFSET ?3) m \
     JOIN articles a ON a.rowid = m.rowid ORDER BY m.rowid DESC";

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

impl Store for SqliteStore {
    fn put_article(&self, article: &Article) -> Result<Put, StoreError> {
        let mut conn = lock(&self.writer);
        let tx = Self::begin(&mut conn, "starting to store an article")?;
        let (put, _) = self.put_article_tx(&tx, article)?;
        tx.commit().ctx("committing an article")?;
        Ok(put)
    }

    fn put_article_with_summary(
        &self,
        article: &Article,
        length: khulasa_core::Length,
        engine: &str,
        summary: &Summary,
    ) -> Result<Put, StoreError> {
        let mut conn = lock(&self.writer);
        let tx = Self::begin(&mut conn, "starting to store an article")?;
        let (put, rowid) = self.put_article_tx(&tx, article)?;
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

    fn search(&self, query: &str, page: Page) -> Result<Paged<SearchHit>, StoreError> {
        let q = self.fts_query(query)?;
        let conn = self.reader();
        // Counting walks the terms' lists of documents once, in pages: time
        // in proportion to the matches, memory not.
        let total: i64 = conn
            .prepare_cached("SELECT count(*) FROM article_fts WHERE article_fts MATCH ?1")
            .and_then(|mut s| s.query_row([&q], |r| r.get(0)))
            .ctx("counting search results")?;
        let (offset, size) = (page.offset(), i64::from(page.size));
        let ranked = i64::from(SEARCH_RANKED);
        let mut rows = Vec::with_capacity(page.size as usize);
        let hit = |r: &rusqlite::Row<'_>| Ok((meta_row(r)?, r.get::<_, f64>(6)?));
        if offset < ranked {
            let n = size.min(ranked - offset);
            conn.prepare_cached(SEARCH_RANKED_SQL)
                .and_then(|mut s| {
                    s.query_map(params![q, n, offset, ranked], hit)?
                        .try_for_each(|h| h.map(|h| rows.push(h)))
                })
                .ctx("searching articles")?;
        }
        let got = rows.len() as i64;
        if got < size && offset + got >= ranked {
            // Past the ranked window: older matches, newest first.
            conn.prepare_cached(SEARCH_OLDER_SQL)
                .and_then(|mut s| {
                    s.query_map(params![q, size - got, offset + got], hit)?
                        .try_for_each(|h| h.map(|h| rows.push(h)))
                })
                .ctx("searching articles")?;
        }
        drop(conn);
        let items = rows
            .into_iter()
            // bm25() is lower-is-better; flip it so a score reads naturally.
            .map(|((id, m), rank)| {
                Ok(SearchHit {
                    meta: m.into_meta(id)?,
                    score: -rank,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Paged {
            items,
            page: page.number,
            per_page: page.size,
            total: total as u64,
        })
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
            "INSERT INTO audio (summary, format, content_type, marks, bytes, added) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (summary, format) DO UPDATE SET \
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
                now()
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
             WHERE a.id = ?1 AND s.length = ?2 AND s.engine = ?3 AND au.format = ?4",
        )
        .and_then(|mut st| {
            st.query_row(
                params![
                    s.article.as_str(),
                    length_key(&s.length),
                    s.engine,
                    key.format
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
        let mut tx = Self::begin(&mut conn, "starting to store ingested items")?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let status = match item.outcome {
                IngestOutcome::Article { article, summary } => {
                    // A savepoint per item: an article over a limit is undone
                    // alone and recorded as a failure.
                    let sp = tx.savepoint().ctx("starting an ingest item")?;
                    let stored = (|| {
                        let (put, rowid) = self.put_article_tx(&sp, article)?;
                        if let Some((length, engine, s)) = summary {
                            let key = SummaryKey {
                                article: put.id.clone(),
                                length,
                                engine: engine.to_string(),
                            };
                            Self::put_summary_tx(&sp, rowid, &key, s)?;
                        }
                        Ok::<_, StoreError>(put)
                    })();
                    match stored {
                        Ok(put) => {
                            ledger(&sp, item.key, item.params, Some(put.id.as_str()), None)?;
                            sp.commit().ctx("finishing an ingest item")?;
                            IngestedStatus::Stored(put)
                        }
                        Err(e @ (StoreError::TooLarge { .. } | StoreError::Corrupt { .. })) => {
                            drop(sp); // rolls the item back
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
    /// never the article rows it skips; search joins articles only for the
    /// page's rows and never scans the articles table.
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
        let ranked = plan(&c, SEARCH_RANKED_SQL, params!["\"x\"", 20, 0, 1000]);
        let older = plan(&c, SEARCH_OLDER_SQL, params!["\"x\"", 20, 1000]);
        for p in [ranked, older] {
            assert!(p.contains("SEARCH a USING INTEGER PRIMARY KEY"), "{p}");
            assert!(
                !p.lines()
                    .any(|l| l == "SCAN a" || l.starts_with("SCAN articles")),
                "{p}"
            );
        }
    }
}
