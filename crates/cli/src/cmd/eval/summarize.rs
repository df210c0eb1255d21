//! `khulasa eval summarize --data FILE.jsonl`: flags for
//! [`khulasa_eval::summarize`].

use crate::cmd::summarize::LengthArgs;
use khulasa_eval::data::Split;
use std::path::PathBuf;
use std::process::ExitCode;

/// Which part of the data to score.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SplitArg {
    /// Every item.
    All,
    /// The items the weights were fitted on.
    Train,
    /// The held-out items (one in four, by a hash of the id).
    HeldOut,
}

/// Flags of `khulasa eval summarize`.
#[derive(clap::Args)]
pub struct Args {
    /// Evaluation data: JSON Lines with `id`, `text`, `refs` or `summary`, optional `title`.
    #[arg(long, value_name = "FILE.jsonl")]
    pub data: PathBuf,
    #[command(flatten)]
    pub length: LengthArgs,
    /// Leave out items whose reference is a near copy of the lead (`near_copy_of_lead`).
    #[arg(long)]
    pub filter_near_copy: bool,
    /// Which split to score.
    #[arg(long, value_enum, default_value_t = SplitArg::All)]
    pub split: SplitArg,
    /// Score the summarizer without editor-style trimming.
    #[arg(long)]
    pub no_compress: bool,
    /// Score at most this many items (after filtering).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Score with these weights (`name value` lines, as written by the fit
    /// example) instead of the committed ones.
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// `--engine llm` adds the LLM engine's row (and the check's figures)
    /// beside the extractive engine and the lead.
    #[command(flatten)]
    pub engine: crate::engine::EngineArgs,
}

/// Runs the evaluation.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (llm, engine) = args.engine.settings()?;
    let llm = match engine {
        khulasa_pipeline::Engine::Llm => llm,
        khulasa_pipeline::Engine::Extractive => None,
    };
    khulasa_eval::summarize::run(&khulasa_eval::summarize::Args {
        data: args.data,
        length: args.length.length()?,
        filter_near_copy: args.filter_near_copy,
        split: match args.split {
            SplitArg::All => Split::All,
            SplitArg::Train => Split::Train,
            SplitArg::HeldOut => Split::HeldOut,
        },
        no_compress: args.no_compress,
        limit: args.limit,
        weights: args.weights,
        json: args.json,
        llm,
    })?;
    Ok(ExitCode::SUCCESS)
}
