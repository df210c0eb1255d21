//! The check on real articles, where every point is faithful by
//! construction: how often does it refuse (a) each article's first
//! sentence, verbatim, and (b) the extractive engine's trimmed points? Any
//! refusal here is a false one. Beside it, in the same run, the lexical
//! baseline (refuse a point holding an analysed word not in the article).
//!
//! `cargo run --release -p khulasa-llm --example check_real -- ../shared/data/summarization/ant_bbc.dev.jsonl [LIMIT]`

use khulasa_core::Length;
use khulasa_llm::check::{Checker, terms_meet};
use khulasa_summarize::{Summarizer, language};
use khulasa_text::{Analyzer, segment};
use std::collections::BTreeMap;
use std::io::BufRead;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: check_real DATA.jsonl [LIMIT]");
        std::process::exit(2);
    };
    let limit: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(usize::MAX);
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{path}: {e} (the data is in ../shared/data; skipped)");
            return;
        }
    };
    let s = Summarizer::default();
    let (mut leads, mut lead_refused, mut lead_base) = (0usize, BTreeMap::new(), 0usize);
    let (mut points, mut point_refused, mut point_base) = (0usize, BTreeMap::new(), 0usize);
    let t0 = std::time::Instant::now();
    for line in std::io::BufReader::new(file).lines().take(limit) {
        let Ok(line) = line else { break };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let Some(text) = v["text"].as_str() else {
            continue;
        };
        let title = v["title"].as_str();
        let lang = language(text);
        let c = Checker::new(text, lang);
        let a = Analyzer::for_lang(lang);
        let vocab: Vec<String> = a.terms(text).into_iter().map(|t| t.text).collect();
        let novel = |p: &str| {
            a.terms(p)
                .iter()
                .any(|t| !vocab.iter().any(|x| terms_meet(x, &t.text)))
        };
        if let Some(first) = segment(text).first() {
            let lead = &text[first.span.start..first.span.end];
            leads += 1;
            if let Err(r) = c.check(lead) {
                *lead_refused.entry(r.rule.name()).or_insert(0usize) += 1;
            }
            lead_base += usize::from(novel(lead));
        }
        let Ok(sum) = s.summarize(text, title, Length::Bullets(3)) else {
            continue;
        };
        for k in &sum.key_points {
            points += 1;
            if let Err(r) = c.check(&k.text) {
                *point_refused.entry(r.rule.name()).or_insert(0usize) += 1;
                if std::env::var_os("SHOW").is_some() {
                    println!("  {}\n    {}", r.reason, k.text);
                }
            }
            point_base += usize::from(novel(&k.text));
        }
    }
    let share = |n: usize, of: usize| 100.0 * n as f64 / of.max(1) as f64;
    let total = |m: &BTreeMap<&str, usize>| m.values().sum::<usize>();
    println!(
        "{path}: {leads} articles, {:.1} s",
        t0.elapsed().as_secs_f64()
    );
    println!(
        "lead sentence, verbatim:       check refuses {:.2}% {:?}; baseline refuses {:.2}%",
        share(total(&lead_refused), leads),
        lead_refused,
        share(lead_base, leads)
    );
    println!(
        "extractive points (bullets 3): check refuses {:.2}% {:?}; baseline refuses {:.2}% ({points} points)",
        share(total(&point_refused), points),
        point_refused,
        share(point_base, points)
    );
}
