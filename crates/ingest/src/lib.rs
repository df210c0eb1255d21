//! khulasa-ingest: feeds, folders, JSON Lines and WARC archives, in bulk, into
//! the store — resumable.
//!
//! **In:** inputs ([`source::open_all`]: a folder of `.html` / `.html.gz`
//! pages, a JSON Lines file of `{"id", "html" | "text", "url"?, "title"?}`,
//! a WARC archive, single pages) or feeds ([`feed::FeedIngestor`]: RSS, Atom,
//! JSON Feed, by URL or file). **Out:** articles and their summaries in a
//! [`khulasa_store::Store`] and/or a JSON Lines file, failures with their
//! reasons (in the store's failures table, a file, and the report), and a
//! [`batch::BatchReport`] / [`feed::FeedReport`] of counts.
//!
//! Every item is extracted ([`khulasa_extract`]), summarized
//! ([`khulasa_summarize`]) and stored together with its resume key, in
//! batched transactions. A run killed at any moment is resumed by running it
//! again: each item is stored exactly once ([`batch`] explains how).
//!
//! ```
//! use khulasa_ingest::{batch, process::Processor, item::{Item, Payload}};
//! use khulasa_store::{SqliteStore, Store};
//! use std::sync::atomic::AtomicBool;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let store = SqliteStore::open(dir.path().join("k.db")).unwrap();
//! let text = "اجتمع وزير الخارجية مع نظيره في العاصمة أمس لبحث التعاون بين البلدين.\n\n\
//!             وقال الوزير إن المحادثات كانت مثمرة وإن الجانبين سيلتقيان مجددا الشهر المقبل.";
//! let items = vec![Ok(Item {
//!     source: "example#1".into(),
//!     url: None,
//!     title: Some("لقاء وزيري الخارجية".into()),
//!     payload: Payload::Text(text.into()),
//! })];
//! let processor = Processor::with_defaults(Default::default());
//! let opts = batch::BatchOptions::default();
//! let stop = AtomicBool::new(false);
//! let run = |items: Vec<_>| {
//!     batch::run_batch(items.into_iter(), &processor, Some(&store), &opts, &batch::NoProgress, &stop).unwrap()
//! };
//! let first = run(items.clone());
//! assert_eq!((first.stored, first.failed), (1, 0));
//! // Run again: the item is skipped, nothing is stored twice.
//! let again = run(items);
//! assert_eq!((again.stored, again.skipped), (0, 1));
//! assert_eq!(store.stats().unwrap().articles, 1);
//! ```

pub mod batch;
pub mod feed;
pub mod item;
pub mod process;
pub mod queue;
pub mod source;
pub mod synth;

use std::path::PathBuf;

/// What stops a whole run (single items fail into the report instead).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// An input path that cannot be opened.
    #[error("cannot read input {path}: {reason}")]
    Input {
        /// The path.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The output (or failures) file cannot be written.
    #[error("cannot write {path}: {reason}")]
    Output {
        /// The path.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// Neither a store nor an output file was given.
    #[error("nowhere to put results: give a store (--db) or an output file (--out)")]
    NoDestination,
    /// The store failed (a full disk, a locked or damaged file).
    #[error("the store failed: {0}")]
    Store(#[from] khulasa_store::StoreError),
    /// Something that should not happen (a worker thread died).
    #[error("internal error: {0}")]
    Internal(String),
}
