//! `khulasa eval`: quality figures beside a baseline measured in the same
//! run. The measuring is in `khulasa-eval`; this only maps flags.

pub mod diacritise;
pub mod extract;
pub mod summarize;

use std::process::ExitCode;

/// What to evaluate.
#[derive(clap::Subcommand)]
pub enum EvalCommand {
    /// ROUGE of the summarizer against reference summaries, beside the lead baseline.
    Summarize(summarize::Args),
    /// Article-extraction F1 on a benchmark, with pages per second.
    Extract(extract::Args),
    /// Diacritisation WER / DER of every installed diacritiser, beside no marks.
    Diacritise(diacritise::Args),
}

/// Runs the evaluation.
pub fn run(cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        EvalCommand::Summarize(a) => summarize::run(a),
        EvalCommand::Extract(a) => extract::run(a),
        EvalCommand::Diacritise(a) => diacritise::run(a),
    }
}
