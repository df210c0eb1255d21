//! `khulasa stats --db PATH [--format json]`: what a store holds.

use anyhow::{Context, Result, bail};
use khulasa_store::{SqliteStore, Store};
use std::path::PathBuf;
use std::process::ExitCode;

/// Output formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One `name: count` a line.
    Text,
    /// One JSON object: `{"articles", "summaries", "audio", "failures", "schema_version"}`.
    Json,
}

/// Flags of `khulasa stats`.
#[derive(clap::Args)]
pub struct Args {
    /// The store (SQLite file).
    #[arg(long, value_name = "PATH")]
    pub db: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Runs the command.
pub fn run(args: Args) -> Result<ExitCode> {
    // Opening creates a missing file: refuse instead, a typo should not
    // report an empty store.
    if !args.db.is_file() {
        bail!(
            "no store at {} (create one with `khulasa batch --db` or `khulasa ingest --db`)",
            args.db.display()
        );
    }
    let store = SqliteStore::open(&args.db)
        .with_context(|| format!("cannot open the store {}", args.db.display()))?;
    let s = store.stats()?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string(&s)?),
        Format::Text => {
            println!("articles:  {}", s.articles);
            println!("summaries: {}", s.summaries);
            println!("audio:     {}", s.audio);
            println!("failures:  {}", s.failures);
        }
    }
    Ok(ExitCode::SUCCESS)
}
