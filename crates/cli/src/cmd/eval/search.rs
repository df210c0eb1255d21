//! `khulasa eval search --data FILE.jsonl`: flags for
//! [`khulasa_eval::search`].

use khulasa_text::ArabicStemmer;
use std::path::PathBuf;
use std::process::ExitCode;

/// The Arabic stemmer of the search analyzer.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StemmerArg {
    /// The search stemmer (light stem, then a lone ب/ل/ك): the default.
    Search,
    /// khulasa-text's light stemmer alone.
    Light,
    /// Snowball Arabic.
    Snowball,
}

/// Flags of `khulasa eval search`.
#[derive(clap::Args)]
pub struct Args {
    /// Evaluation data: JSON Lines with `id`, `text`, `title`, `summary` (ANT).
    #[arg(long, value_name = "FILE.jsonl")]
    pub data: PathBuf,
    /// Use at most this many items (in file order).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Arabic stemmer of the search analyzer (to compare them).
    #[arg(long, value_enum, default_value_t = StemmerArg::Search)]
    pub stemmer: StemmerArg,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Runs the evaluation.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    khulasa_eval::search::run(&khulasa_eval::search::Args {
        data: args.data,
        limit: args.limit,
        stemmer: match args.stemmer {
            StemmerArg::Search => ArabicStemmer::Search,
            StemmerArg::Light => ArabicStemmer::Light,
            StemmerArg::Snowball => ArabicStemmer::Snowball,
        },
        json: args.json,
    })?;
    Ok(ExitCode::SUCCESS)
}
