//! `khulasa eval diacritise --data FILE.tsv`: flags for
//! [`khulasa_eval::diacritise`].

use std::path::PathBuf;
use std::process::ExitCode;

/// Flags of `khulasa eval diacritise`.
#[derive(clap::Args)]
pub struct Args {
    /// The WikiNewsMax TSV: `dediac` then the gold columns, one word a line.
    #[arg(long, value_name = "FILE.tsv")]
    pub data: PathBuf,
    /// Also list each diacritiser's N most frequent wrong words.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub errors: usize,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Runs the evaluation.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    khulasa_eval::diacritise::run(&khulasa_eval::diacritise::Args {
        data: args.data,
        errors: args.errors,
        json: args.json,
    })?;
    Ok(ExitCode::SUCCESS)
}
