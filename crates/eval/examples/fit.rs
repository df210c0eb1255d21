//! Fits the scorer's weights on the train split of the dev data.
//!
//! ```text
//! cargo run --release -p khulasa-eval --example fit -- [DATA_DIR] [--out weights.txt]
//! ```
//!
//! DATA_DIR defaults to `$KHULASA_DATA` or `../shared/data`. The objective is
//! the sum of two figures on the train split (items whose id does not hash
//! into the held-out quarter, see `data::held_out`):
//!
//! - ANT BBC dev, items with `near_copy_of_lead` false, one key point:
//!   mean ROUGE-1 F1 against the journalist's summary;
//! - EASC dev, `ratio 0.33`: mean ROUGE-2 F1 over the five references.
//!
//! Sentences are analysed once. Stage 1 fits the feature weights by pairwise
//! logistic regression on sentence pairs (ANT: label = ROUGE-1 F1 of the
//! sentence; EASC: share of the five extracts that contain it). Stage 2 is
//! coordinate ascent on the ANT figure: each weight (and the MMR settings) in
//! turn moves by ±step (1, 0.5, 0.25, 0.1, 0.05), a move kept only when it raises
//! the ANT figure and EASC's stays within 0.3 of stage 1's. It is
//! deterministic: the same data gives the same weights. The held-out figures
//! are printed at each stage, beside the lead baseline.

use khulasa_core::Length;
use khulasa_eval::data::{self, Item};
use khulasa_eval::rouge::{self, mean_over_refs};
use khulasa_summarize::features::N_FEATURES;
use khulasa_summarize::{Analysis, Summarizer, Weights, select};
use std::path::PathBuf;

struct Prepared<'a> {
    a: Analysis<'a>,
    /// ROUGE tokens of each sentence as it would be shown.
    toks: Vec<Vec<String>>,
    words: Vec<usize>,
    /// Kept byte ranges of each sentence as shown.
    kept: Vec<Vec<std::ops::Range<usize>>>,
    refs: Vec<Vec<String>>,
    /// ANT only: ROUGE-1 F1 of each sentence alone.
    r1: Vec<f64>,
    /// The pairwise label of each sentence: ANT its ROUGE-1 F1; EASC the
    /// share of references (extracts) that contain it.
    label: Vec<f64>,
    lead: f64,
}

fn prepare<'a>(s: &Summarizer, items: &'a [Item], ant: bool) -> Vec<Prepared<'a>> {
    items
        .iter()
        .filter_map(|it| {
            let a = s.analyse(&it.text, it.title.as_deref()).ok()?;
            let refs: Vec<Vec<String>> = it.references().iter().map(|r| rouge::tokens(r)).collect();
            let n = a.doc.sents.len();
            let mut toks = Vec::with_capacity(n);
            let mut words = Vec::with_capacity(n);
            let mut kept = Vec::with_capacity(n);
            for i in 0..n {
                let (c, w) = s.point(&a, i);
                toks.push(rouge::tokens(&c.text));
                words.push(w);
                kept.push(c.kept);
            }
            let r1 = if ant {
                toks.iter()
                    .map(|t| mean_over_refs(t, &refs).r1.f1)
                    .collect()
            } else {
                vec![]
            };
            let label: Vec<f64> = if ant {
                r1.clone()
            } else {
                (0..n)
                    .map(|i| {
                        let whole = rouge::tokens(a.sentence_text(i));
                        let hits = refs
                            .iter()
                            .filter(|rf| rouge::rouge_n(&whole, rf, 1).precision >= 0.85)
                            .count();
                        hits as f64 / refs.len().max(1) as f64
                    })
                    .collect()
            };
            let length = if ant {
                Length::Bullets(1)
            } else {
                Length::Ratio(0.33)
            };
            let lt = rouge::tokens(&khulasa_summarize::lead(&it.text, length));
            let lr = mean_over_refs(&lt, &refs);
            let lead = if ant { lr.r1.f1 } else { lr.r2.f1 };
            Some(Prepared {
                a,
                toks,
                words,
                kept,
                refs,
                r1,
                label,
                lead,
            })
        })
        .collect()
}

fn ant_score(w: &Weights, ps: &[Prepared]) -> f64 {
    let sum: f64 = ps
        .iter()
        .map(|p| {
            let pick = select::pick(&p.a.doc, w, Length::Bullets(1), |i| shown(p, i));
            pick.first().map_or(0.0, |&i| p.r1[i])
        })
        .sum();
    sum / ps.len().max(1) as f64
}

fn easc_score(w: &Weights, ps: &[Prepared]) -> f64 {
    let sum: f64 = ps
        .iter()
        .map(|p| {
            let pick = select::pick(&p.a.doc, w, Length::Ratio(0.33), |i| shown(p, i));
            let cand: Vec<String> = pick
                .iter()
                .flat_map(|&i| p.toks[i].iter().cloned())
                .collect();
            mean_over_refs(&cand, &p.refs).r2.f1
        })
        .sum();
    sum / ps.len().max(1) as f64
}

fn shown(p: &Prepared, i: usize) -> select::Shown {
    select::Shown {
        words: p.words[i],
        kept: p.kept[i].clone(),
        next: Vec::new(),
    }
}

/// ANT at three points: mean ROUGE-1 F1 of the points joined, and the share
/// of their ROUGE tokens that repeat a token of another point (a plain
/// measure of saying things twice).
fn ant3(w: &Weights, ps: &[Prepared]) -> (f64, f64, f64) {
    let (mut r1, mut rep, mut same) = (0.0, 0.0, 0.0);
    for p in ps {
        let pick = select::pick(&p.a.doc, w, Length::Bullets(3), |i| shown(p, i));
        let cand: Vec<String> = pick
            .iter()
            .flat_map(|&i| p.toks[i].iter().cloned())
            .collect();
        r1 += mean_over_refs(&cand, &p.refs).r1.f1;
        let (mut again, mut all) = (0usize, 0usize);
        for (k, &i) in pick.iter().enumerate() {
            let others: std::collections::HashSet<&String> = pick
                .iter()
                .enumerate()
                .filter(|(m, _)| *m != k)
                .flat_map(|(_, &j)| p.toks[j].iter())
                .collect();
            all += p.toks[i].len();
            again += p.toks[i]
                .iter()
                .filter(|t| t.chars().count() > 3 && others.contains(t))
                .count();
        }
        rep += again as f64 / all.max(1) as f64;
        // Summaries with two points over 0.65 same-fact overlap.
        let terms: Vec<Vec<u32>> = pick
            .iter()
            .map(|&i| p.a.doc.shown_terms(i, &p.kept[i]))
            .collect();
        let twice = (0..terms.len())
            .any(|x| (x + 1..terms.len()).any(|y| p.a.doc.overlap(&terms[x], &terms[y]) > 0.65));
        same += twice as u8 as f64;
    }
    let n = ps.len().max(1) as f64;
    (r1 / n, rep / n, same / n)
}

fn lead3(ps: &[Prepared]) -> f64 {
    let sum: f64 = ps
        .iter()
        .map(|p| {
            let cand: Vec<String> = (0..p.toks.len().min(3))
                .flat_map(|i| rouge::tokens(p.a.sentence_text(i)))
                .collect();
            mean_over_refs(&cand, &p.refs).r1.f1
        })
        .sum();
    sum / ps.len().max(1) as f64
}

fn lead(ps: &[Prepared]) -> f64 {
    ps.iter().map(|p| p.lead).sum::<f64>() / ps.len().max(1) as f64
}

/// Pairwise logistic regression: for sentences i, j of one document with
/// label(i) > label(j) + 0.02, push w·(x_i − x_j) up, each pair weighted by
/// the label gap; each data set weighs the same in total. ANT pairs take i
/// among the first eight sentences (where the choice is). Plain gradient
/// ascent, 1500 steps of size 2, L2 penalty 0.01, from zero.
fn pairwise(sets: &[(&[Prepared], usize)]) -> [f64; N_FEATURES] {
    let mut pairs: Vec<([f64; N_FEATURES], f64)> = Vec::new();
    for (ps, first_k) in sets {
        let start = pairs.len();
        let mut total = 0.0;
        for p in ps.iter() {
            let sents = &p.a.doc.sents;
            for i in 0..sents.len().min(*first_k) {
                for j in 0..sents.len() {
                    let d = p.label[i] - p.label[j];
                    if d > 0.02 {
                        let mut x = [0.0; N_FEATURES];
                        for (k, xk) in x.iter_mut().enumerate() {
                            *xk = sents[i].features[k] - sents[j].features[k];
                        }
                        pairs.push((x, d));
                        total += d;
                    }
                }
            }
        }
        for p in &mut pairs[start..] {
            p.1 /= total.max(1e-12);
        }
    }
    let mut w = [0.0; N_FEATURES];
    for _ in 0..1500 {
        let mut g = [0.0; N_FEATURES];
        for (x, d) in &pairs {
            let z: f64 = x.iter().zip(&w).map(|(a, b)| a * b).sum();
            let k = d / (1.0 + z.exp());
            for (gi, xi) in g.iter_mut().zip(x) {
                *gi += k * xi;
            }
        }
        for (wi, gi) in w.iter_mut().zip(g) {
            *wi += 2.0 * (gi / sets.len() as f64 - 0.01 * *wi);
        }
    }
    w
}

fn get(w: &Weights, k: usize) -> f64 {
    match k {
        k if k < N_FEATURES => w.w[k],
        k if k == N_FEATURES => w.redundancy,
        k if k == N_FEATURES + 1 => w.max_overlap,
        _ => w.max_same,
    }
}

fn set(w: &mut Weights, k: usize, v: f64) {
    match k {
        k if k < N_FEATURES => w.w[k] = v,
        k if k == N_FEATURES => w.redundancy = v.max(0.0),
        k if k == N_FEATURES + 1 => w.max_overlap = v.clamp(0.05, 1.0),
        _ => w.max_same = v.clamp(0.05, 1.0),
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut dump: Option<PathBuf> = None;
    let mut grid = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => out = args.next().map(PathBuf::from),
            "--dump" => dump = args.next().map(PathBuf::from),
            "--mmr-grid" => grid = true,
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let Some(dir) = dir.or_else(data::data_dir) else {
        eprintln!("fit: no data directory (pass one, or set KHULASA_DATA)");
        std::process::exit(1);
    };
    let load = |name: &str| {
        data::load(&dir.join("summarization").join(name)).unwrap_or_else(|e| {
            eprintln!("fit: {e}");
            std::process::exit(1)
        })
    };
    let ant_all = load("ant_bbc.dev.jsonl");
    let easc_all = load("easc.dev.jsonl");
    let ant: Vec<Item> = ant_all
        .into_iter()
        .filter(|i| i.near_copy_of_lead == Some(false))
        .collect();
    let (ant_train, ant_held): (Vec<Item>, Vec<Item>) =
        ant.into_iter().partition(|i| !i.held_out());
    let (easc_train, easc_held): (Vec<Item>, Vec<Item>) =
        easc_all.into_iter().partition(|i| !i.held_out());
    eprintln!(
        "fit: ANT train {} held-out {}; EASC train {} held-out {}",
        ant_train.len(),
        ant_held.len(),
        easc_train.len(),
        easc_held.len()
    );
    let s = Summarizer::default();
    let pa = prepare(&s, &ant_train, true);
    let pe = prepare(&s, &easc_train, false);
    let ha = prepare(&s, &ant_held, true);
    let he = prepare(&s, &easc_held, false);

    if let Some(p) = dump {
        // One row per sentence: set, split, item, index, features, words, label.
        let mut t = String::new();
        for (set, held, ps) in [
            ("ant", 0, &pa),
            ("ant", 1, &ha),
            ("easc", 0, &pe),
            ("easc", 1, &he),
        ] {
            for (k, p) in ps.iter().enumerate() {
                for (i, si) in p.a.doc.sents.iter().enumerate() {
                    let r = mean_over_refs(&p.toks[i], &p.refs);
                    // Share of references that contain the sentence (EASC refs are extracts).
                    let whole = rouge::tokens(p.a.sentence_text(i));
                    let inref = p
                        .refs
                        .iter()
                        .filter(|rf| rouge::rouge_n(&whole, rf, 1).precision >= 0.85)
                        .count() as f64
                        / p.refs.len().max(1) as f64;
                    let f: Vec<String> = si.features.iter().map(|x| format!("{x:.4}")).collect();
                    t.push_str(&format!(
                        "{set}\t{held}\t{k}\t{i}\t{}\t{}\t{:.4}\t{:.4}\t{:.4}\t{inref:.3}\n",
                        f.join("\t"),
                        p.words[i],
                        r.r1.f1,
                        r.r2.f1,
                        r.r1.recall
                    ));
                }
            }
        }
        std::fs::write(&p, t).expect("write dump");
        eprintln!("fit: wrote {}", p.display());
        return;
    }
    if grid {
        // The committed feature weights; the selection settings varied.
        // Bullets 1 does not depend on them (the first point is the best score).
        eprintln!(
            "lead: EASC R2 train {:.2} held {:.2} | ANT-3 R1 train {:.2} held {:.2}",
            100.0 * lead(&pe),
            100.0 * lead(&he),
            100.0 * lead3(&pa),
            100.0 * lead3(&ha)
        );
        for red in [0.3, 0.5] {
            for same in [1.0, 0.75, 0.7, 0.65, 0.6, 0.55] {
                let mut w = s.options().weights.clone();
                w.redundancy = red;
                w.max_same = same;
                let (a3, r3, s3) = ant3(&w, &pa);
                let (h3, hr3, hs3) = ant3(&w, &ha);
                eprintln!(
                    "redundancy {red:.2} max_same {same:.2}: EASC R2 train {:.2} held {:.2} | ANT-3 R1 train {:.2} held {:.2} | repeated train {:.3} held {:.3} | same fact twice train {:.1}% held {:.1}%",
                    100.0 * easc_score(&w, &pe),
                    100.0 * easc_score(&w, &he),
                    100.0 * a3,
                    100.0 * h3,
                    r3,
                    hr3,
                    100.0 * s3,
                    100.0 * hs3
                );
            }
        }
        return;
    }
    let report = |name: &str, w: &Weights| {
        eprintln!(
            "{name:<8} train: ANT R1 {:.2} (lead {:.2})  EASC R2 {:.2} (lead {:.2}) | held-out: ANT R1 {:.2} (lead {:.2})  EASC R2 {:.2} (lead {:.2})",
            100.0 * ant_score(w, &pa),
            100.0 * lead(&pa),
            100.0 * easc_score(w, &pe),
            100.0 * lead(&pe),
            100.0 * ant_score(w, &ha),
            100.0 * lead(&ha),
            100.0 * easc_score(w, &he),
            100.0 * lead(&he),
        );
    };

    // Stage 1: pairwise ranking over sentence pairs (many examples, smooth).
    let mut w = s.options().weights.clone();
    w.w = pairwise(&[(&pa, 8), (&pe, usize::MAX)]);
    report("pairwise", &w);
    // Stage 2: coordinate ascent on the ANT figure (1,400 documents), a move
    // kept only when it raises it and EASC stays within 0.3 ROUGE-2 of
    // stage 1 (80 EASC documents are too few to steer by: tried, it overfits).
    let (mut ba, mut be) = (ant_score(&w, &pa), easc_score(&w, &pe));
    let be1 = be;
    let n_params = N_FEATURES + 3;
    for step in [1.0, 0.5, 0.25, 0.1, 0.05] {
        loop {
            let mut improved = false;
            for k in 0..n_params {
                for dir in [1.0, -1.0] {
                    let mut t = w.clone();
                    set(&mut t, k, get(&w, k) + dir * step);
                    let (oa, oe) = (ant_score(&t, &pa), easc_score(&t, &pe));
                    if oa > ba + 1e-6 && oe >= be1 - 0.003 {
                        (ba, be) = (oa, oe);
                        w = t;
                        improved = true;
                    }
                }
            }
            eprintln!("fit: step {step}: ANT {:.4} EASC {:.4}", ba, be);
            if !improved {
                break;
            }
        }
    }
    report("fitted", &w);
    let text = format!(
        "# khulasa-summarize weights, fitted by `cargo run --release -p khulasa-eval --example fit`\n\
         # on the train split of ANT BBC dev (near_copy_of_lead false, bullets 1, ROUGE-1)\n\
         # and EASC dev (ratio 0.33, ROUGE-2); held-out split: one id in four (data::held_out).\n{}",
        w.to_text()
    );
    match out {
        Some(p) => std::fs::write(&p, text)
            .unwrap_or_else(|e| eprintln!("fit: could not write {}: {e}", p.display())),
        None => print!("{text}"),
    }
}
