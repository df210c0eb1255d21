//! Probe (train split only): which pieces the editor cuts does the
//! journalist's one-line summary keep? For each item's first point, the
//! gaps between its kept pieces in its main sentence are measured against
//! the reference (share of their tokens in it), grouped by whether the gap
//! holds a term of the title; and variants of the point are scored.
//!
//! Also: the lead fused with a clause of sentence 2 or 3 that carries
//! headline terms the lead lacks, and the oracles over these variants
//! (docs/summarize.md, engine 8).
//!
//! `cargo run --release -p khulasa-eval --example probe_points -- ant_bbc.dev.jsonl [train|held-out]`

use khulasa_core::Lang;
use khulasa_eval::data::{self, Split};
use khulasa_eval::rouge;
use khulasa_summarize::{Length, Options, Summarizer, compress};
use khulasa_text::analyzer::Analyzer;
use std::collections::{HashMap, HashSet};

fn stems(a: &Analyzer, s: &str) -> HashSet<String> {
    a.terms(s).into_iter().map(|t| t.text).collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let items = data::load(std::path::Path::new(&args[1])).expect("data");
    let split = match args.get(2).map(String::as_str) {
        Some("held-out") => Split::HeldOut,
        _ => Split::Train,
    };
    let s7 = Summarizer::default();
    let s5 = Summarizer::new(Options {
        editor: false,
        ..Options::default()
    });
    let an = Analyzer::for_lang(Lang::Ar);
    let mut lens: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut sums: HashMap<&str, (f64, usize)> = HashMap::new();
    let mut add = |k: &'static str, v: f64| {
        let e = sums.entry(k).or_default();
        e.0 += v;
        e.1 += 1;
    };
    // gap stats: key -> (gaps, tokens, tokens in ref)
    let mut gaps: HashMap<String, (usize, usize, usize)> = HashMap::new();
    for item in items
        .iter()
        .filter(|i| i.near_copy_of_lead != Some(true) && split.contains(i))
    {
        let Some(reference) = item.summary.as_deref() else {
            continue;
        };
        let title = item.title.as_deref().unwrap_or("");
        let rt = rouge::tokens(reference);
        let rset: HashSet<&str> = rt.iter().map(String::as_str).collect();
        let r1 = |t: &str| rouge::rouge_n(&rouge::tokens(t), &rt, 1).f1 * 100.0;
        let Ok(sum) = s7.summarize(&item.text, Some(title), Length::Bullets(1)) else {
            continue;
        };
        let Ok(sum5) = s5.summarize(&item.text, Some(title), Length::Bullets(1)) else {
            continue;
        };
        let kp = &sum.key_points[0];
        add("engine", r1(&kp.text));
        add("engine5", r1(&sum5.key_points[0].text));
        let lead = khulasa_summarize::lead(&item.text, Length::Bullets(1));
        add("lead", r1(&lead));
        let segs = khulasa_text::segment(&item.text);
        // Main sentence: the one with the most kept bytes.
        let mut by: HashMap<usize, usize> = HashMap::new();
        for s in &kp.sources {
            *by.entry(s.sentence).or_default() += s.span.end - s.span.start;
        }
        let main = *by.iter().max_by_key(|(_, v)| **v).unwrap().0;
        let sp = segs[main].span;
        let whole = &item.text[sp.start..sp.end];
        add("whole-sentence", r1(whole));
        let before: Vec<&str> = (main.saturating_sub(3)..main)
            .rev()
            .map(|k| &item.text[segs[k].span.start..segs[k].span.end])
            .collect();
        let light = compress::compress_in(whole, Lang::Ar, &before);
        add("light-rules", r1(&light.text));
        add("is-lead", (main == 0) as u8 as f64);
        let tt = stems(&an, title);
        // Gaps between kept pieces of the main sentence.
        let mut kept: Vec<(usize, usize)> = kp
            .sources
            .iter()
            .filter(|s| s.sentence == main)
            .map(|s| (s.span.start, s.span.end))
            .collect();
        kept.sort();
        let mut pieces: Vec<(usize, usize, bool)> = Vec::new(); // (a, b, is gap)
        let mut at = sp.start;
        for &(a, b) in &kept {
            if a > at {
                pieces.push((at, a, true));
            }
            pieces.push((a, b, false));
            at = b;
        }
        if sp.end > at {
            pieces.push((at, sp.end, true));
        }
        let mut restored = String::new();
        let mut restored2 = String::new();
        for &(a, b, g) in &pieces {
            let t = &item.text[a..b];
            let toks = rouge::tokens(t);
            if g && !toks.is_empty() {
                let has_t = stems(&an, t).iter().any(|x| tt.contains(x));
                let n = toks.len();
                let inref = toks.iter().filter(|x| rset.contains(x.as_str())).count();
                let first = toks[0].clone();
                let lenk = if n <= 3 {
                    "1-3"
                } else if n <= 8 {
                    "4-8"
                } else {
                    "9+"
                };
                for key in [
                    format!("title={has_t}"),
                    format!("len={lenk} title={has_t}"),
                    format!("first={first}"),
                    format!("end={}", b == sp.end),
                ] {
                    let e = gaps.entry(key).or_default();
                    e.0 += 1;
                    e.1 += n;
                    e.2 += inref;
                }
                if has_t {
                    restored.push_str(t);
                    restored.push(' ');
                }
                if has_t && n <= 8 {
                    restored2.push_str(t);
                    restored2.push(' ');
                }
            } else if !g {
                restored.push_str(t);
                restored.push(' ');
                restored2.push_str(t);
                restored2.push(' ');
            }
        }
        add("restore-title-gaps", r1(&restored));
        lens.entry("restore-title-gaps")
            .or_default()
            .push(rouge::tokens(&restored).len());
        lens.entry("engine")
            .or_default()
            .push(rouge::tokens(&kp.text).len());
        // Restore title gaps only while the point stays within a cap.
        for (cap, name) in [
            (30usize, "restore-cap30"),
            (34, "restore-cap34"),
            (40, "restore-cap40"),
        ] {
            let mut on: Vec<bool> = pieces.iter().map(|p| !p.2).collect();
            let mut words: usize = rouge::tokens(&kp.text).len();
            for (pi, &(a, b, g)) in pieces.iter().enumerate() {
                let t = &item.text[a..b];
                if g && stems(&an, t).iter().any(|x| tt.contains(x)) {
                    let n = rouge::tokens(t).len();
                    if words + n <= cap {
                        on[pi] = true;
                        words += n;
                    }
                }
            }
            let txt: String = pieces
                .iter()
                .zip(&on)
                .filter(|(_, o)| **o)
                .map(|(p, _)| &item.text[p.0..p.1])
                .collect::<Vec<_>>()
                .join(" ");
            add(name, r1(&txt));
            lens.entry(name)
                .or_default()
                .push(rouge::tokens(&txt).len());
        }
        add("restore-title-gaps<=8", r1(&restored2));
        // Oracle over the variants.
        let best = [r1(&kp.text), r1(whole), r1(&light.text)]
            .into_iter()
            .fold(0.0, f64::max);
        add("oracle(7,whole,light)", best);
        // The lead with a clause of sentence 2 or 3 carrying title terms the
        // lead lacks.
        if segs.len() > 1 {
            let l0 = &item.text[segs[0].span.start..segs[0].span.end];
            let ls = stems(&an, l0);
            let base = if main == 0 {
                kp.text.clone()
            } else {
                l0.to_string()
            };
            let mut best_o = r1(&base);
            let mut pick: Option<(usize, String)> = None;
            let mut pick_any: Option<(usize, String)> = None;
            let mut short_pick: HashMap<&str, String> = HashMap::new();
            for sg in segs.iter().take(3).skip(1) {
                let st = &item.text[sg.span.start..sg.span.end];
                for c in st.split(['،', ',', '؛']) {
                    let c = c.trim().trim_end_matches('.');
                    let nw = rouge::tokens(c).len();
                    if nw < 3 {
                        continue;
                    }
                    let cs = stems(&an, c);
                    let new_t = cs
                        .iter()
                        .filter(|x| tt.contains(*x) && !ls.contains(*x))
                        .count();
                    let cand = format!("{}، {c}.", base.trim_end_matches('.'));
                    best_o = best_o.max(r1(&cand));
                    let bw = rouge::tokens(&base).len();
                    for (lim, name) in [
                        (12usize, "short-lead<=12+title-clause"),
                        (16, "short-lead<=16+title-clause"),
                        (20, "short-lead<=20+title-clause"),
                    ] {
                        if bw <= lim && new_t >= 1 && bw + nw <= 30 {
                            short_pick.entry(name).or_insert_with(|| cand.clone());
                        }
                    }
                    if nw <= 12 && new_t >= 2 && pick.as_ref().is_none_or(|p| new_t > p.0) {
                        pick = Some((new_t, cand.clone()));
                    }
                    if nw <= 12 && new_t >= 1 && pick_any.as_ref().is_none_or(|p| new_t > p.0) {
                        pick_any = Some((new_t, cand.clone()));
                    }
                }
            }
            add("oracle(base+clause s2/s3)", best_o);
            for name in [
                "short-lead<=12+title-clause",
                "short-lead<=16+title-clause",
                "short-lead<=20+title-clause",
            ] {
                add(name, short_pick.get(name).map_or(r1(&base), |c| r1(c)));
                add(
                    if name.contains("12") {
                        "fires12"
                    } else if name.contains("16") {
                        "fires16"
                    } else {
                        "fires20"
                    },
                    short_pick.contains_key(name) as u8 as f64,
                );
            }
            add(
                "base+title-clause(>=2)",
                pick.as_ref().map_or(r1(&base), |p| r1(&p.1)),
            );
            add(
                "base+title-clause(>=1)",
                pick_any.as_ref().map_or(r1(&base), |p| r1(&p.1)),
            );
            add("fires(>=2)", pick.is_some() as u8 as f64);
            add("fires(>=1)", pick_any.is_some() as u8 as f64);
            add(
                "words base+clause(>=2)",
                rouge::tokens(pick.as_ref().map_or(&base, |p| &p.1)).len() as f64,
            );
        }
        add("ref-words", rt.len() as f64);
        add("e7-words", rouge::tokens(&kp.text).len() as f64);
        add("whole-words", rouge::tokens(whole).len() as f64);
        add("title-words", rouge::tokens(title).len() as f64);
    }
    for (k, l) in lens.iter_mut() {
        l.sort();
        println!(
            "{k:28} p50 {} p90 {} max {}",
            l[l.len() / 2],
            l[l.len() * 9 / 10],
            l[l.len() - 1]
        );
    }
    let mut v: Vec<_> = sums.into_iter().collect();
    v.sort_by(|a, b| a.0.cmp(b.0));
    for (k, (s, n)) in v {
        println!("{k:28} {:7.2}  (n {n})", s / n as f64);
    }
    let mut g: Vec<_> = gaps.into_iter().filter(|(_, v)| v.0 >= 8).collect();
    g.sort_by_key(|x| std::cmp::Reverse(x.1.0));
    println!("gap kind: gaps, tokens, share of tokens in the reference");
    for (k, (n, t, r)) in g.iter().take(60) {
        println!("{k:32} {n:6} {t:7} {:5.2}", *r as f64 / *t as f64);
    }
}
