//! `khulasa speak` (being built).

use std::process::ExitCode;

/// Flags of `khulasa speak`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the command.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`khulasa speak` is not built yet")
}
