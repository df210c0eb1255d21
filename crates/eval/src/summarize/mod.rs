//! ROUGE-1/2/L F1 of the summarizer beside the lead baseline, measured in
//! the same run (`khulasa eval summarize --data FILE.jsonl`).
//!
//! ROUGE is computed on Arabic-normalised tokens (docs/design.md), F1, mean
//! over references (`refs`, or `summary`). The lead baseline is the first N
//! sentences for `--bullets`, the first words for `--words` / `--ratio`.

mod score;

pub use score::{Report, evaluate, system_text};

use crate::EvalError;
use crate::data::{self, Split};
use crate::rouge::Rouge;
use khulasa_summarize::{Length, Options, Summarizer, Weights};
use std::path::PathBuf;
use std::time::Instant;

/// What to run: the settings of `khulasa eval summarize`.
#[derive(Debug, Clone)]
pub struct Args {
    /// Evaluation data: JSON Lines with `id`, `text`, `refs` or `summary`, optional `title`.
    pub data: PathBuf,
    /// The summary length, the same for the summarizer and the lead.
    pub length: Length,
    /// Leave out items whose reference is a near copy of the lead (`near_copy_of_lead`).
    pub filter_near_copy: bool,
    /// Which split to score.
    pub split: Split,
    /// Score the summarizer without editor-style trimming.
    pub no_compress: bool,
    /// Score at most this many items (after filtering).
    pub limit: Option<usize>,
    /// Score with these weights (`name value` lines, as written by the fit
    /// example) instead of the committed ones.
    pub weights: Option<PathBuf>,
    /// Print one JSON object instead of a table.
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

/// Scores the summarizer and the lead on `args.data` and prints the table
/// (or one JSON object with `args.json`).
pub fn run(args: &Args) -> Result<Report, EvalError> {
    let length = args.length;
    let items = data::load(&args.data)?;
    let split = args.split;
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
        return Err(EvalError::Invalid(format!(
            "no items to score in {} after filtering",
            args.data.display()
        )));
    }
    let weights = match &args.weights {
        None => Weights::fitted(),
        Some(p) => {
            let t = std::fs::read_to_string(p).map_err(|source| EvalError::Read {
                path: p.clone(),
                source,
            })?;
            Weights::parse(&t)
                .map_err(|e| EvalError::Invalid(format!("bad weights file {}: {e}", p.display())))?
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
        return Ok(rep);
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
            Split::All => "",
            Split::Train => ", train split",
            Split::HeldOut => ", held-out split",
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
    Ok(rep)
}
