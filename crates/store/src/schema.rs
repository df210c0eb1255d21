//! Versioned migrations, tracked in SQLite's `PRAGMA user_version`.
//!
//! Each entry of [`MIGRATIONS`] moves the schema one version up and runs in
//! its own transaction together with the version bump, so a file is always at
//! exactly one version. Never edit a released migration: add a new one.

use crate::StoreError;
use rusqlite::Connection;

/// Migration `i` takes the schema from version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: articles, summaries, audio, failures, and the normalised FTS index.
    r#"
    CREATE TABLE articles (
        rowid     INTEGER PRIMARY KEY,
        id        TEXT NOT NULL UNIQUE,    -- first 16 hex digits of hash
        hash      TEXT NOT NULL UNIQUE,    -- SHA-256 of title \0 text
        url       TEXT UNIQUE,             -- NULL when unknown; unique when present
        title     TEXT,
        published TEXT,
        lang      TEXT,
        added     INTEGER NOT NULL,        -- Unix seconds
        doc       TEXT NOT NULL            -- the Article as JSON
    );
    CREATE TABLE summaries (
        rowid   INTEGER PRIMARY KEY,
        article INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
        length  TEXT NOT NULL,             -- length_key(): bullets=3, words=60, ratio=0.2
        engine  TEXT NOT NULL,             -- summarizer ENGINE_VERSION
        added   INTEGER NOT NULL,
        doc     TEXT NOT NULL,             -- the Summary as JSON
        UNIQUE (article, length, engine)
    );
    CREATE TABLE audio (
        rowid        INTEGER PRIMARY KEY,
        summary      INTEGER NOT NULL REFERENCES summaries(rowid) ON DELETE CASCADE,
        format       TEXT NOT NULL,
        content_type TEXT NOT NULL,
        marks        TEXT NOT NULL,
        bytes        BLOB NOT NULL,
        added        INTEGER NOT NULL,
        UNIQUE (summary, format)
    );
    CREATE TABLE failures (
        rowid  INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        reason TEXT NOT NULL,
        at     INTEGER NOT NULL
    );
    -- The index holds a NORMALISED copy of title and body (Normalizer::ar_match):
    -- unicode61 would otherwise split Arabic words at every diacritic. rowid is
    -- articles.rowid.
    CREATE VIRTUAL TABLE article_fts USING fts5(title, body, tokenize = 'unicode61');
    "#,
    // 2: the ingest ledger: one row per source item (URL, file, feed item),
    // written in the same transaction as what it produced, so a killed
    // ingest run resumes where it stopped.
    r#"
    CREATE TABLE ingested (
        key     TEXT PRIMARY KEY,          -- the item's resume key
        params  TEXT NOT NULL,             -- engine version | length key
        article TEXT,                      -- article id; NULL when it failed
        reason  TEXT,                      -- why it failed
        at      INTEGER NOT NULL
    );
    "#,
    // 3: facts about the file, such as which normaliser built the search
    // index (so a new normaliser rebuilds it on open).
    r#"
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    "#,
    // 4: newest-first listing walks this index (a few bytes an article)
    // instead of the article rows (each a page or more with its JSON), so a
    // page deep in the list skips index entries, not article pages.
    r#"
    CREATE INDEX articles_recent ON articles (rowid);
    "#,
    // 5: each polled feed's HTTP validators, so `ingest --watch` (and the
    // next run of `ingest`) asks "changed since?" across restarts.
    r#"
    CREATE TABLE feeds (
        url           TEXT PRIMARY KEY,
        etag          TEXT,
        last_modified TEXT,
        at            INTEGER NOT NULL     -- when the feed was last read through
    );
    "#,
    // 6: the search index holds the terms of Analyzer::search (stems, stop
    // words dropped) and no copy of the text (contentless: snippets are cut
    // from the stored article); a vocabulary view gives each term's document
    // count (the rarest word of a query, related articles); `site` is the
    // URL's host without `www.`, for the site filter. The fingerprint is
    // dropped so the next open fills the new index.
    r#"
    DROP TABLE article_fts;
    CREATE VIRTUAL TABLE article_fts USING fts5(
        title, body, content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 0'
    );
    CREATE VIRTUAL TABLE article_vocab USING fts5vocab(article_fts, row);
    ALTER TABLE articles ADD COLUMN site TEXT GENERATED ALWAYS AS (
        CASE WHEN url IS NULL OR instr(url, '://') = 0 THEN NULL WHEN lower(CASE WHEN instr(substr(url, instr(url, '://') + 3), '/') > 0 THEN substr(substr(url, instr(url, '://') + 3), 1, instr(substr(url, instr(url, '://') + 3), '/') - 1) ELSE substr(url, instr(url, '://') + 3) END) LIKE 'www.%' THEN substr(lower(CASE WHEN instr(substr(url, instr(url, '://') + 3), '/') > 0 THEN substr(substr(url, instr(url, '://') + 3), 1, instr(substr(url, instr(url, '://') + 3), '/') - 1) ELSE substr(url, instr(url, '://') + 3) END), 5) ELSE lower(CASE WHEN instr(substr(url, instr(url, '://') + 3), '/') > 0 THEN substr(substr(url, instr(url, '://') + 3), 1, instr(substr(url, instr(url, '://') + 3), '/') - 1) ELSE substr(url, instr(url, '://') + 3) END) END
    ) VIRTUAL;
    DELETE FROM meta WHERE key = 'fts_normalizer';
    "#,
    // 7: audio is also keyed by the voice that read it (a Piper voice beside
    // espeak-ng); audio stored before was all espeak-ng's.
    r#"
    CREATE TABLE audio_by_voice (
        rowid        INTEGER PRIMARY KEY,
        summary      INTEGER NOT NULL REFERENCES summaries(rowid) ON DELETE CASCADE,
        format       TEXT NOT NULL,
        voice        TEXT NOT NULL,
        content_type TEXT NOT NULL,
        marks        TEXT NOT NULL,
        bytes        BLOB NOT NULL,
        added        INTEGER NOT NULL,
        UNIQUE (summary, format, voice)
    );
    INSERT INTO audio_by_voice (rowid, summary, format, voice, content_type, marks, bytes, added)
        SELECT rowid, summary, format, 'espeak', content_type, marks, bytes, added FROM audio;
    DROP TABLE audio;
    ALTER TABLE audio_by_voice RENAME TO audio;
    "#,
];

/// The schema version this build writes.
pub(crate) fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

/// Brings `conn` up to the latest version; refuses a file from the future.
pub(crate) fn migrate(conn: &mut Connection) -> Result<i64, StoreError> {
    let found: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|source| StoreError::Migration { version: 0, source })?;
    if found > latest() {
        return Err(StoreError::SchemaTooNew {
            found,
            supported: latest(),
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = i as i64 + 1;
        let err = |source| StoreError::Migration { version, source };
        // IMMEDIATE: take the write lock first, so two processes opening a
        // fresh file at once do not both try to apply the same migration.
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(err)?;
        let now: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(err)?;
        if now >= version {
            continue; // another process got there first
        }
        tx.execute_batch(sql).map_err(err)?;
        tx.pragma_update(None, "user_version", version)
            .map_err(err)?;
        tx.commit().map_err(err)?;
    }
    Ok(latest())
}
