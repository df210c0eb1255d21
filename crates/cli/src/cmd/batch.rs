//! `khulasa batch` (being built).

use std::process::ExitCode;

/// Flags of `khulasa batch`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the command.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`khulasa batch` is not built yet")
}
