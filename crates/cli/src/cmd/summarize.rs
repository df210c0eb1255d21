//! `khulasa summarize` (being built).

use std::process::ExitCode;

/// Flags of `khulasa summarize`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the command.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`khulasa summarize` is not built yet")
}
