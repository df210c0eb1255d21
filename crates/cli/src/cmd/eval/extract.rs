//! `khulasa eval extract --data DIR`: flags for [`khulasa_eval::extract`].

use std::path::PathBuf;
use std::process::ExitCode;

/// Flags of `khulasa eval extract`.
#[derive(clap::Args)]
pub struct Args {
    /// A test-set folder (AEB, trafilatura-eval, readability-test-pages, the
    /// Arabic fixtures of crates/extract/tests/fixtures) or a folder of them.
    #[arg(long)]
    pub data: PathBuf,
    /// List the N worst pages (by F1, or metadata misses) after the figures.
    #[arg(long, default_value_t = 0)]
    pub worst: usize,
    /// Print the figures as one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Another tool's output on the same pages (JSON Lines, one page a line:
    /// `{"tool", "set", "page", "title", "date", "authors", "caption",
    /// "credit", "text", "ms"}`), scored by the same rules and printed
    /// beside khulasa's. `scripts/eval_extract_trafilatura.py` writes one
    /// for trafilatura.
    #[arg(long, value_name = "FILE", conflicts_with = "trafilatura")]
    pub baseline: Option<PathBuf>,
    /// Run trafilatura on the same pages now, with this Python (default
    /// `python3`; it must import trafilatura), and print it beside khulasa.
    #[arg(long, value_name = "PYTHON", num_args = 0..=1, default_missing_value = "python3")]
    pub trafilatura: Option<PathBuf>,
}

/// Runs the evaluation.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    khulasa_eval::extract::run(&khulasa_eval::extract::Args {
        data: args.data,
        worst: args.worst,
        json: args.json,
        baseline: args.baseline,
        trafilatura: args.trafilatura,
    })?;
    Ok(ExitCode::SUCCESS)
}
