//! `khulasa extract` (being built).

use std::process::ExitCode;

/// Flags of `khulasa extract`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the command.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`khulasa extract` is not built yet")
}
