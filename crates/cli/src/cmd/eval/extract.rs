//! `khulasa eval extract --data DIR`: flags for [`khulasa_eval::extract`].

use std::path::PathBuf;
use std::process::ExitCode;

/// Flags of `khulasa eval extract`.
#[derive(clap::Args)]
pub struct Args {
    /// A test-set folder (AEB, trafilatura-eval, readability-test-pages) or a folder of them.
    #[arg(long)]
    pub data: PathBuf,
    /// List the N worst pages (by F1, or metadata misses) after the figures.
    #[arg(long, default_value_t = 0)]
    pub worst: usize,
    /// Print the figures as one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Runs the evaluation.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    khulasa_eval::extract::run(&khulasa_eval::extract::Args {
        data: args.data,
        worst: args.worst,
        json: args.json,
    })?;
    Ok(ExitCode::SUCCESS)
}
