//! `khulasa eval extract` (being built).

use std::process::ExitCode;

/// Flags of `khulasa eval extract`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the evaluation.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`khulasa eval extract` is not built yet")
}
