//! `khulasa serve` (being built).

use std::process::ExitCode;

/// Flags of `khulasa serve`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the command.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`khulasa serve` is not built yet")
}
