//! `khulasa stats --db PATH [--format json]`: what a store holds.

use crate::db::Db;
use anyhow::{Context, Result, bail};
use khulasa_store::{SqliteStore, Store};
use std::process::ExitCode;

/// Output formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One `name: count` a line.
    Text,
    /// One JSON object: `{"articles", "summaries", "audio", "failures",
    /// "schema_version"}`, and with PostgreSQL `"queue": {"pending",
    /// "running", "done", "failed"}`.
    Json,
}

/// Flags of `khulasa stats`.
#[derive(clap::Args)]
pub struct Args {
    /// The store: a SQLite file or a `postgres://` URL.
    #[arg(long, env = "KHULASA_DB", hide_env_values = true, value_name = "PATH|URL", value_parser = Db::parse)]
    pub db: Db,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Runs the command.
pub fn run(args: Args) -> Result<ExitCode> {
    let (s, queue) = match &args.db {
        Db::Sqlite(path) => {
            // Opening creates a missing file: refuse instead, a typo should
            // not report an empty store.
            if !path.is_file() {
                bail!(
                    "no store at {} (create one with `khulasa batch --db` or `khulasa ingest --db`)",
                    path.display()
                );
            }
            let store = SqliteStore::open(path)
                .with_context(|| format!("cannot open the store {}", path.display()))?;
            (store.stats()?, None)
        }
        Db::Postgres(url) => {
            let store = crate::db::open_pg(url)?;
            (store.stats()?, Some(store.queue().counts()?))
        }
    };
    match args.format {
        Format::Json => {
            let mut v = serde_json::to_value(s)?;
            if let (Some(q), Some(obj)) = (queue, v.as_object_mut()) {
                obj.insert("queue".into(), serde_json::to_value(q)?);
            }
            println!("{v}");
        }
        Format::Text => {
            println!("articles:  {}", s.articles);
            println!("summaries: {}", s.summaries);
            println!("audio:     {}", s.audio);
            println!("failures:  {}", s.failures);
            if let Some(q) = queue {
                println!(
                    "queue:     {} pending, {} running, {} done, {} failed",
                    q.pending, q.running, q.done, q.failed
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
