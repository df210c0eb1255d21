//! `khulasa ingest` (being built).

use std::process::ExitCode;

/// Flags of `khulasa ingest`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the command.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`khulasa ingest` is not built yet")
}
