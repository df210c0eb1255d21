//! `khulasa stats` (being built).

use std::process::ExitCode;

/// Flags of `khulasa stats`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the command.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`khulasa stats` is not built yet")
}
