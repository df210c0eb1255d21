//! `khulasa eval summarize --data FILE.jsonl`: ROUGE-1/2/L F1 of the
//! summarizer beside the lead baseline, measured in the same run.
//!
//! ROUGE is computed on Arabic-normalised tokens (docs/design.md), F1, mean
//! over references (`refs`, or `summary`). The lead baseline is the first N
//! sentences for `--bullets`, the first words for `--words` / `--ratio`.

use crate::cmd::summarize::LengthArgs;
use anyhow::{Context, Result, bail};
use khulasa_summarize::data::{self, Split};
use khulasa_summarize::eval::{Report, evaluate};
use khulasa_summarize::rouge::Rouge;
use khulasa_summarize::{Length, Options, Summarizer, Weights};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

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
}

fn describe(l: Length) -> String {
    match l {
        Length::Bullets(n) => format!("bullets {n}"),
        Length::Words(n) => format!("words {n}"),
        Length::Ratio(r) => format!("ratio {r}"),
    }
}

fn row(name: &str, r: &Rouge, words: f64) -> String {
    format!(
        "{name:<28} {:>7.2} {:>7.2} {:>7.2} {:>7.1}",
        100.0 * r.r1.f1,
        100.0 * r.r2.f1,
        100.0 * r.rl.f1,
        words
    )
}

/// Runs the evaluation.
pub fn run(args: Args) -> Result<ExitCode> {
    let length = args.length.length()?;
    let items = data::load(&args.data)?;
    let split = match args.split {
        SplitArg::All => Split::All,
        SplitArg::Train => Split::Train,
        SplitArg::HeldOut => Split::HeldOut,
    };
    let total = items.len();
    let mut near = 0usize;
    let chosen: Vec<&data::Item> = items
        .iter()
        .filter(|i| {
            let drop = args.filter_near_copy && i.near_copy_of_lead == Some(true);
            near += drop as usize;
            !drop
        })
        .filter(|i| split.contains(i))
        .take(args.limit.unwrap_or(usize::MAX))
        .collect();
    if chosen.is_empty() {
        bail!(
            "no items to score in {} after filtering",
            args.data.display()
        );
    }
    let weights = match &args.weights {
        None => Weights::fitted(),
        Some(p) => {
            let t = std::fs::read_to_string(p)
                .with_context(|| format!("could not read {}", p.display()))?;
            Weights::parse(&t).with_context(|| format!("bad weights file {}", p.display()))?
        }
    };
    let s = Summarizer::new(Options {
        compress: !args.no_compress,
        weights,
        ..Options::default()
    });
    let t0 = Instant::now();
    let rep: Report = evaluate(&s, chosen.iter().copied(), length);
    let secs = t0.elapsed().as_secs_f64();
    let sys = rep.system.mean();
    let lead = rep.lead.mean();
    let lead_name = match length {
        Length::Bullets(n) => format!("lead-{n} (first sentences)"),
        Length::Words(n) => format!("lead (first {n} words)"),
        Length::Ratio(r) => format!("lead (first {r} of words)"),
    };
    if args.json {
        let f = |r: &Rouge| serde_json::json!({"rouge1": r.r1.f1, "rouge2": r.r2.f1, "rougeL": r.rl.f1});
        let v = serde_json::json!({
            "data": args.data.display().to_string(),
            "items": rep.system.count(),
            "failed": rep.failed,
            "length": describe(length),
            "compress": !args.no_compress,
            "system": f(&sys),
            "lead": f(&lead),
            "system_words": rep.system_words,
            "lead_words": rep.lead_words,
            "seconds": secs,
        });
        println!("{v}");
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "data {}: {} items scored of {total}{}{}, length {}, compression {}",
        args.data.display(),
        rep.system.count(),
        if args.filter_near_copy {
            format!(" ({near} near copies of the lead left out)")
        } else {
            String::new()
        },
        match args.split {
            SplitArg::All => "",
            SplitArg::Train => ", train split",
            SplitArg::HeldOut => ", held-out split",
        },
        describe(length),
        if args.no_compress { "off" } else { "on" },
    );
    if rep.failed > 0 {
        println!(
            "{} items could not be summarised (left out of both rows)",
            rep.failed
        );
    }
    println!(
        "{:<28} {:>7} {:>7} {:>7} {:>7}",
        "F1 × 100, mean over refs", "ROUGE-1", "ROUGE-2", "ROUGE-L", "words"
    );
    println!(
        "{}",
        row(
            &format!(
                "khulasa ({})",
                if args.no_compress {
                    "whole sentences"
                } else {
                    "trimmed"
                }
            ),
            &sys,
            rep.system_words
        )
    );
    println!("{}", row(&lead_name, &lead, rep.lead_words));
    println!(
        "{:<28} {:>+7.2} {:>+7.2} {:>+7.2}",
        "difference",
        100.0 * (sys.r1.f1 - lead.r1.f1),
        100.0 * (sys.r2.f1 - lead.r2.f1),
        100.0 * (sys.rl.f1 - lead.rl.f1)
    );
    println!(
        "time: {:.2} s for {} items ({:.3} ms per item, summarizer and baseline and scoring)",
        secs,
        rep.system.count(),
        1000.0 * secs / rep.system.count().max(1) as f64
    );
    Ok(ExitCode::SUCCESS)
}
