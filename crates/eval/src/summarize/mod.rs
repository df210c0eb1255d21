//! ROUGE-1/2/L F1 of the summarizer beside the lead baseline, measured in
//! the same run (`khulasa eval summarize --data FILE.jsonl`).
//!
//! ROUGE is computed on Arabic-normalised tokens (docs/design.md), F1, mean
//! over references (`refs`, or `summary`). The lead baseline is the first N
//! sentences for `--bullets`, the first words for `--words` / `--ratio`.

pub mod bootstrap;
mod points;
mod score;

pub use points::PointStats;
pub use score::{Report, evaluate, evaluate_with, system_text};

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
    /// Also score the LLM engine on this endpoint (`--engine llm`), beside
    /// the extractive engine and the lead, with the check's figures.
    pub llm: Option<khulasa_llm::LlmConfig>,
}

/// What the check did over an LLM run.
#[derive(Debug, Clone, Default)]
pub struct CheckStats {
    /// Articles summarised by the model (its endpoint answered).
    pub articles: usize,
    /// Articles whose every point is the model's.
    pub all_from_model: usize,
    /// Points shown, and of them the model's.
    pub points: usize,
    /// Points shown that the model wrote.
    pub model_points: usize,
    /// Refused points (or whole answers) by rule.
    pub refused: std::collections::BTreeMap<String, usize>,
    /// Articles where the endpoint gave no answer (left out of ROUGE).
    pub endpoint_errors: usize,
    /// The first endpoint error, in words.
    pub first_error: Option<String>,
}

impl CheckStats {
    /// One line: refusals by rule and the share of articles all from the model.
    pub fn line(&self) -> String {
        let refused: Vec<String> = self
            .refused
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        format!(
            "{} articles, {} of {} points from the model; all points from the model in {:.1}% of articles; refused: {}; endpoint errors: {}",
            self.articles,
            self.model_points,
            self.points,
            100.0 * self.all_from_model as f64 / self.articles.max(1) as f64,
            if refused.is_empty() {
                "none".to_string()
            } else {
                refused.join(", ")
            },
            self.endpoint_errors
        )
    }
}

/// Scores the LLM engine on `items` (the extractive engine `s` makes the
/// replacements), with the check's figures.
pub fn evaluate_llm<'a>(
    llm: &khulasa_llm::LlmSummarizer,
    s: &Summarizer,
    items: impl IntoIterator<Item = &'a data::Item>,
    length: Length,
) -> (Report, CheckStats) {
    let mut stats = CheckStats::default();
    let rep = evaluate_with(
        |item| {
            let lang = khulasa_summarize::language(&item.text);
            let title = item.title.as_deref();
            match llm.summarize(&item.text, title, lang, length, &|l| {
                s.summarize(&item.text, title, l)
            }) {
                Ok(sum) => {
                    stats.articles += 1;
                    let model = sum
                        .key_points
                        .iter()
                        .filter(|k| k.origin == khulasa_llm::Origin::Llm)
                        .count();
                    stats.points += sum.key_points.len();
                    stats.model_points += model;
                    stats.all_from_model += usize::from(model == sum.key_points.len());
                    for r in &sum.refused {
                        *stats.refused.entry(r.rule.clone()).or_default() += 1;
                    }
                    Some(sum)
                }
                Err(e) => {
                    stats.endpoint_errors += 1;
                    stats.first_error.get_or_insert_with(|| e.to_string());
                    None
                }
            }
        },
        items,
        length,
    );
    (rep, stats)
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

fn points_json(p: &PointStats) -> serde_json::Value {
    let junk: serde_json::Map<String, serde_json::Value> = khulasa_summarize::junk::Junk::ALL
        .iter()
        .map(|j| {
            (
                j.name().to_string(),
                p.junk.get(j).copied().unwrap_or(0).into(),
            )
        })
        .collect();
    serde_json::json!({
        "count": p.words.len(),
        "words_median": p.quantile(0.5),
        "words_p90": p.quantile(0.9),
        "words_max": p.words.iter().max().copied().unwrap_or(0),
        "over_30": p.over(30),
        "over_40": p.over(40),
        "junk": junk,
    })
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
        weights: weights.clone(),
        ..Options::default()
    });
    // Engine 5 (no editor rules) in the same run: the figures before.
    let before = Summarizer::new(Options {
        compress: !args.no_compress,
        weights,
        editor: false,
        ..Options::default()
    });
    let t0 = Instant::now();
    let rep: Report = evaluate(&s, chosen.iter().copied(), length);
    let secs = t0.elapsed().as_secs_f64();
    let old: Report = evaluate(&before, chosen.iter().copied(), length);
    let llm = match &args.llm {
        None => None,
        Some(c) => {
            let engine = khulasa_llm::LlmSummarizer::new(c.clone())
                .map_err(|e| EvalError::Invalid(e.to_string()))?;
            let (r, stats) = evaluate_llm(&engine, &s, chosen.iter().copied(), length);
            if r.system.count() == 0 {
                return Err(EvalError::Invalid(format!(
                    "the language model gave no summary: {}",
                    stats.first_error.as_deref().unwrap_or("no items")
                )));
            }
            Some((engine.method(), r, stats))
        }
    };
    let old_sys = old.system.mean();
    let ci = |r: &Report, k: usize| r.diff_interval(k).unwrap_or_default();
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
            "diff_ci95": {"rouge1": ci(&rep, 0), "rouge2": ci(&rep, 1), "rougeL": ci(&rep, 2)},
            "points": points_json(&rep.points),
            "recall_first_words": (rep.recall_words > 0).then(|| {
                let (s, l) = rep.recall();
                serde_json::json!({"words": rep.recall_words, "system": s / 100.0, "lead": l / 100.0,
                    "diff_ci95": rep.recall_interval()})
            }),
            "engine5": {
                "system": f(&old_sys),
                "diff_ci95": {"rouge1": ci(&old, 0), "rouge2": ci(&old, 1), "rougeL": ci(&old, 2)},
                "points": points_json(&old.points),
            },
            "seconds": secs,
            "llm": llm.as_ref().map(|(method, r, st)| serde_json::json!({
                "method": method,
                "items": r.system.count(),
                "system": f(&r.system.mean()),
                "lead": f(&r.lead.mean()),
                "diff_ci95": {"rouge1": ci(r, 0), "rouge2": ci(r, 1), "rougeL": ci(r, 2)},
                "articles": st.articles,
                "points": st.points,
                "model_points": st.model_points,
                "all_from_model": st.all_from_model as f64 / st.articles.max(1) as f64,
                "refused": st.refused,
                "endpoint_errors": st.endpoint_errors,
            })),
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
    println!(
        "{}",
        row("khulasa engine 5 (before)", &old_sys, old.system_words)
    );
    if let Some((method, r, _)) = &llm {
        println!("{}", row("llm (checked)", &r.system.mean(), r.system_words));
        if r.system.count() != rep.system.count() {
            println!(
                "  (llm row over {} items: the endpoint failed on the others; their lead is {:.2} R-1)",
                r.system.count(),
                100.0 * r.lead.mean().r1.f1
            );
        }
        println!("  {method}");
    }
    println!("{}", row(&lead_name, &lead, rep.lead_words));
    for (name, r, m) in [
        ("difference", &rep, &sys),
        ("  engine 5 − lead", &old, &old_sys),
    ] {
        println!(
            "{:<28} {:>+7.2} {:>+7.2} {:>+7.2}   95% paired bootstrap R-1 [{:+.2}, {:+.2}] R-2 [{:+.2}, {:+.2}]",
            name,
            100.0 * (m.r1.f1 - lead.r1.f1),
            100.0 * (m.r2.f1 - lead.r2.f1),
            100.0 * (m.rl.f1 - lead.rl.f1),
            ci(r, 0).0,
            ci(r, 0).1,
            ci(r, 1).0,
            ci(r, 1).1,
        );
    }
    if rep.recall_words > 0 {
        let (s, l) = rep.recall();
        let (lo, hi) = rep.recall_interval().unwrap_or((0.0, 0.0));
        println!(
            "ROUGE-1 recall of the first {} words: khulasa {s:.2}, lead {l:.2}, difference {:+.2} (95% paired bootstrap [{lo:+.2}, {hi:+.2}])",
            rep.recall_words,
            s - l
        );
    }
    if let Some((_, r, st)) = &llm {
        println!(
            "{:<28} {:>+7.2} {:>+7.2} {:>+7.2}   95% paired bootstrap R-1 [{:+.2}, {:+.2}]",
            "  llm − lead",
            100.0 * (r.system.mean().r1.f1 - r.lead.mean().r1.f1),
            100.0 * (r.system.mean().r2.f1 - r.lead.mean().r2.f1),
            100.0 * (r.system.mean().rl.f1 - r.lead.mean().rl.f1),
            ci(r, 0).0,
            ci(r, 0).1,
        );
        println!("check: {}", st.line());
    }
    println!("khulasa:  {}", rep.points.line());
    println!("engine 5: {}", old.points.line());
    println!(
        "time: {:.2} s for {} items ({:.3} ms per item, summarizer and baseline and scoring)",
        secs,
        rep.system.count(),
        1000.0 * secs / rep.system.count().max(1) as f64
    );
    Ok(rep)
}
