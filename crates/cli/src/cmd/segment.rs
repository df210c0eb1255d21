//! `khulasa segment` (being built).

use std::process::ExitCode;

/// Flags of `khulasa segment`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the command.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`khulasa segment` is not built yet")
}
