//! Per-stage timing (development aid): wall time and CPU time per call of
//! segmentation, tokenising, analysis and the whole summary, on generated
//! ~400-word articles. CPU time (from /proc/self/stat, Linux) is the honest
//! figure on a loaded machine: it leaves out time spent waiting for a core.
//!
//! `cargo run --release -p khulasa-summarize --example stages [STAGE]`
//! (`STAGES_N` calls per stage, 4,000 by default; STAGE a name prefix, e.g.
//! `summarize`, or `easc` for EASC dev articles of 300–500 words at ratio
//! 0.33 when the shared data is found). Under `valgrind --tool=callgrind`
//! with a small `STAGES_N` it gives instruction counts, which do not depend
//! on the machine's load.
use khulasa_core::{Lang, Length};
use khulasa_text::{Analyzer, segment, tokenize};
use std::time::Instant;

#[path = "../benches/support/articles.rs"]
mod articles;

fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn main() {
    let arts: Vec<String> = (0..16).map(articles::article).collect();
    let n: usize = std::env::var("STAGES_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000);
    let mut k = 0;
    // `stages NAME-PREFIX` runs only the matching stages (for `perf stat`).
    let only = std::env::args().nth(1);
    let mut time = |name: &str, f: &mut dyn FnMut(&str)| {
        if only.as_deref().is_some_and(|o| !name.starts_with(o)) {
            return;
        }
        let (t, c) = (Instant::now(), cpu_seconds());
        for _ in 0..n {
            k = (k + 1) % arts.len();
            f(&arts[k]);
        }
        let wall = t.elapsed().as_secs_f64() * 1e6 / n as f64;
        let cpu = match (c, cpu_seconds()) {
            (Some(a), Some(b)) => format!("{:>8.1} µs cpu", (b - a) * 1e6 / n as f64),
            _ => String::new(),
        };
        println!("{name:<34} {wall:>8.1} µs wall {cpu}");
    };
    println!("{} words per article", arts[0].split_whitespace().count());
    time("segment (lead baseline's work)", &mut |t| {
        drop(std::hint::black_box(segment(t)))
    });
    time("tokenize", &mut |t| drop(std::hint::black_box(tokenize(t))));
    let an = Analyzer::for_lang(Lang::Ar);
    time("analyzer terms, whole text", &mut |t| {
        drop(std::hint::black_box(an.terms(t)))
    });
    time("language", &mut |t| {
        std::hint::black_box(khulasa_summarize::language(t));
    });
    let sum = khulasa_summarize::Summarizer::default();
    time("analyse (segment + features)", &mut |t| {
        drop(std::hint::black_box(sum.analyse(t, None).unwrap()))
    });
    time("summarize bullets 3", &mut |t| {
        drop(std::hint::black_box(
            sum.summarize(t, None, Length::Bullets(3)).unwrap(),
        ))
    });
    let e5 = khulasa_summarize::Summarizer::new(khulasa_summarize::Options {
        editor: false,
        ..Default::default()
    });
    time("e5 summarize bullets 3 (engine 5)", &mut |t| {
        drop(std::hint::black_box(
            e5.summarize(t, None, Length::Bullets(3)).unwrap(),
        ))
    });
    // EASC dev articles of 300–500 words (as the bench), when the data is
    // there: `stages easc` for callgrind.
    let easc: Vec<String> = khulasa_eval::data::data_dir()
        .and_then(|d| khulasa_eval::data::load(&d.join("summarization/easc.dev.jsonl")).ok())
        .unwrap_or_default()
        .into_iter()
        .map(|i| i.text)
        .filter(|t| (300..=500).contains(&t.split_whitespace().count()))
        .collect();
    if !easc.is_empty() && only.as_deref().is_none_or(|o| "easc".starts_with(o)) {
        let (t, c) = (Instant::now(), cpu_seconds());
        for k in 0..n {
            let t = &easc[k % easc.len()];
            drop(std::hint::black_box(
                sum.summarize(t, None, Length::Ratio(0.33)).unwrap(),
            ));
        }
        let wall = t.elapsed().as_secs_f64() * 1e6 / n as f64;
        let cpu = match (c, cpu_seconds()) {
            (Some(a), Some(b)) => format!("{:>8.1} µs cpu", (b - a) * 1e6 / n as f64),
            _ => String::new(),
        };
        println!(
            "{:<34} {wall:>8.1} µs wall {cpu}",
            format!("easc ratio 0.33 ({})", easc.len())
        );
    }
    time("lead-3 baseline", &mut |t| {
        drop(std::hint::black_box(khulasa_summarize::lead(
            t,
            Length::Bullets(3),
        )))
    });
}
