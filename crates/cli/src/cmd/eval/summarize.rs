//! `khulasa eval summarize` (being built).

use std::process::ExitCode;

/// Flags of `khulasa eval summarize`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the evaluation.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`khulasa eval summarize` is not built yet")
}
