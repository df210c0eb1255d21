//! Probe (train split by default): where the three points lose the recall
//! of the first 60 words against Lead-3 (issue 14, docs/summarize.md engine
//! 10). For the engine's three points and for Lead-3 it measures the share
//! of tokens found in the journalist's summary by word position in the
//! summary, by point rank and by source sentence; for each run of text the
//! trimming cut from a point, the share by kind of cut; and it scores
//! variants of the same picks (cuts put back by kind, within a word budget)
//! and of other picks (the lead's sentences), by recall of the first 60
//! words and ROUGE-1 F1, beside Lead-3.
//!
//! `cargo run --release -p khulasa-eval --example probe_recall -- ant_bbc.dev.jsonl [train|held-out]`

use khulasa_core::Length;
use khulasa_eval::data::{self, Split};
use khulasa_eval::rouge;
use khulasa_summarize::{Summarizer, compress, language};
use std::collections::{BTreeMap, HashSet};

/// Budget of the recall measure: 20 words a point.
const RECALL_WORDS: usize = 60;

/// Tokens, tokens found in the reference.
#[derive(Default, Clone, Copy)]
struct Share(usize, usize);

impl Share {
    fn add(&mut self, text: &str, rset: &HashSet<String>) {
        for t in rouge::tokens(text) {
            self.0 += 1;
            self.1 += rset.contains(&t) as usize;
        }
    }
    fn get(&self) -> f64 {
        self.1 as f64 / self.0.max(1) as f64
    }
}

/// Sums of per-item figures for one variant.
#[derive(Default)]
struct Score {
    recall: f64,
    f1: f64,
    n: usize,
    words: Vec<usize>,
    points: Vec<usize>,
    /// Per item: recall difference to Lead-3.
    diff: Vec<f64>,
}

fn first_words(s: &str, n: usize) -> String {
    s.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

/// Kind of a cut run, from its first word and where it stands.
fn kind(first: &str, leading: bool, tail: bool, light: bool) -> String {
    let w = first.trim_start_matches('و');
    let group = if leading && first == "و" {
        "leading و"
    } else if leading {
        "leading marker"
    } else if ["حسب", "بحسب", "حسبما", "وفق", "وفقا", "طبقا", "نقلا"].contains(&first)
    {
        "attribution"
    } else if ["امس", "اليوم", "يوم", "صباح", "مساء", "غدا"].contains(&w)
        || compress::lexicon::AR_WEEKDAYS.contains(&w)
    {
        "time words"
    } else if w.starts_with("قائل")
        || w.starts_with("مشير")
        || w.starts_with("مضيف")
        || w.starts_with("مؤكد")
        || w.starts_with("موضح")
        || w.starts_with("لافت")
    {
        "quote/elaboration tail"
    } else if light {
        "other light cut"
    } else if w == "وذلك" || first == "وذلك" {
        "editor: وذلك clause"
    } else if tail {
        "editor: clause tail"
    } else {
        "editor: inner (apposition, parenthetical)"
    };
    group.to_string()
}

/// A point rebuilt from pieces: (display order) texts.
struct Point {
    /// Main sentence (segment index).
    main: usize,
    /// The point as shown.
    shown: String,
    /// The whole main sentence, and the next one whole when fused.
    whole: String,
    /// Cut runs of the main sentence: (text, kind, insert position in
    /// `pieces`).
    cuts: Vec<(String, String)>,
    /// Pieces in display order (byte ranges of the text), cut runs marked
    /// by `Some(cut index)`.
    pieces: Vec<((usize, usize), Option<usize>)>,
}

impl Point {
    fn words(&self) -> usize {
        self.shown.split_whitespace().count()
    }
    /// The point with the cuts `on` put back.
    fn with(&self, text: &str, on: &[bool]) -> String {
        let mut out = String::new();
        let mut last = usize::MAX;
        for ((a, b), c) in &self.pieces {
            if c.is_some_and(|k| !on[k]) {
                continue;
            }
            // A piece glued to the one before (a `و` put back) joins it.
            if !out.is_empty() && *a != last {
                out.push(' ');
            }
            out.push_str(&text[*a..*b]);
            last = *b;
        }
        out
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let items = data::load(std::path::Path::new(&args[1])).expect("data");
    let split = match args.get(2).map(String::as_str) {
        Some("held-out") => Split::HeldOut,
        _ => Split::Train,
    };
    let s = Summarizer::default();
    let whole_s = Summarizer::new(khulasa_summarize::Options {
        compress: false,
        ..Default::default()
    });
    let mut by_pos: BTreeMap<(&str, usize), Share> = BTreeMap::new();
    let mut by_rank: BTreeMap<(&str, usize), Share> = BTreeMap::new();
    let mut by_sent: BTreeMap<(&str, usize), Share> = BTreeMap::new();
    let mut by_kind: BTreeMap<String, (usize, Share)> = BTreeMap::new();
    let mut rank_src: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    let mut under60 = 0usize;
    let mut over30: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut items_n = 0usize;
    for item in items
        .iter()
        .filter(|i| i.near_copy_of_lead != Some(true) && split.contains(i))
    {
        let Some(reference) = item.summary.as_deref() else {
            continue;
        };
        let title = item.title.as_deref();
        let rt = rouge::tokens(reference);
        let rset: HashSet<String> = rt.iter().cloned().collect();
        let Ok(sum) = s.summarize(&item.text, title, Length::Bullets(3)) else {
            continue;
        };
        items_n += 1;
        let lang = language(&item.text);
        let segs = khulasa_text::segment(&item.text);
        let sent = |k: usize| &item.text[segs[k].span.start..segs[k].span.end];
        let lead = khulasa_summarize::lead(&item.text, Length::Bullets(3));
        let refs = vec![rt.clone()];
        let recall = |t: &str| {
            rouge::mean_over_refs(&rouge::tokens(&first_words(t, RECALL_WORDS)), &refs)
                .r1
                .recall
        };
        let f1 = |t: &str| rouge::mean_over_refs(&rouge::tokens(t), &refs).r1.f1;
        let lead_recall = recall(&lead);
        let mut record = |name: String, pts: &[String]| {
            let t = pts.join("\n");
            let e = scores.entry(name).or_default();
            let r = recall(&t);
            e.recall += r;
            e.f1 += f1(&t);
            e.n += 1;
            e.words.push(t.split_whitespace().count());
            e.points
                .extend(pts.iter().map(|p| p.split_whitespace().count()));
            e.diff.push(r - lead_recall);
        };
        record(
            "lead-3".into(),
            &lead.lines().map(String::from).collect::<Vec<_>>(),
        );
        // Position in the summary, rank, source sentence: Lead-3.
        let mut at = 0;
        for (r, l) in lead.lines().enumerate() {
            by_rank.entry(("lead-3", r)).or_default().add(l, &rset);
            by_sent.entry(("lead-3", r)).or_default().add(l, &rset);
            for w in l.split_whitespace() {
                by_pos.entry(("lead-3", at / 10)).or_default().add(w, &rset);
                at += 1;
            }
        }
        // The engine's points, rebuilt from their sources.
        let mut points: Vec<Point> = Vec::new();
        for kp in &sum.key_points {
            let mut bytes: BTreeMap<usize, usize> = BTreeMap::new();
            for src in &kp.sources {
                *bytes.entry(src.sentence).or_default() += src.span.end - src.span.start;
            }
            let main = *bytes.iter().max_by_key(|(_, v)| **v).unwrap().0;
            let sp = segs[main].span;
            let whole_main = sent(main);
            let fused = kp.sources.iter().any(|x| x.sentence == main + 1);
            let whole = if fused {
                format!("{} {}", whole_main, sent(main + 1))
            } else {
                whole_main.to_string()
            };
            let before: Vec<&str> = (main.saturating_sub(3)..main).rev().map(sent).collect();
            let light = compress::compress_in(whole_main, lang, &before);
            let in_light = |a: usize, b: usize| {
                // Entirely outside the kept pieces of the light rules.
                let (a, b) = (a - sp.start, b - sp.start);
                !light.kept.iter().any(|k| k.start < b && a < k.end)
            };
            let mains: Vec<(usize, usize)> = kp
                .sources
                .iter()
                .filter(|x| x.sentence == main)
                .map(|x| (x.span.start, x.span.end))
                .collect();
            let mut cuts = Vec::new();
            let mut pieces: Vec<((usize, usize), Option<usize>)> = Vec::new();
            let mut prev_end = sp.start;
            let mut seen_main = 0;
            let gap = |a: usize,
                       b: usize,
                       leading: bool,
                       tail: bool,
                       cuts: &mut Vec<(String, String)>,
                       pieces: &mut Vec<((usize, usize), Option<usize>)>| {
                let raw = &item.text[a..b];
                let a2 = a + (raw.len() - raw.trim_start().len());
                let b2 = a + raw.trim_end().len();
                let t = &item.text[a2..b2.max(a2)];
                let toks = rouge::tokens(t);
                if toks.is_empty() {
                    return;
                }
                let k = kind(&toks[0], leading, tail, in_light(a, b));
                cuts.push((t.to_string(), k));
                pieces.push(((a2, b2), Some(cuts.len() - 1)));
            };
            for src in &kp.sources {
                if src.sentence == main {
                    if src.span.start > prev_end {
                        gap(
                            prev_end,
                            src.span.start,
                            seen_main == 0,
                            false,
                            &mut cuts,
                            &mut pieces,
                        );
                    }
                    prev_end = src.span.end;
                    seen_main += 1;
                    pieces.push(((src.span.start, src.span.end), None));
                    if seen_main == mains.len() && sp.end > prev_end {
                        gap(prev_end, sp.end, false, true, &mut cuts, &mut pieces);
                    }
                } else {
                    pieces.push(((src.span.start, src.span.end), None));
                }
            }
            points.push(Point {
                main,
                shown: kp.text.clone(),
                whole,
                cuts,
                pieces,
            });
        }
        let mut at = 0;
        for (r, p) in points.iter().enumerate() {
            let w = khulasa_summarize::count_words(&p.shown);
            if w > 30 {
                *over30.entry((r, w.min(41))).or_default() += 1;
            }
            by_rank
                .entry(("engine", r))
                .or_default()
                .add(&p.shown, &rset);
            by_sent
                .entry(("engine", p.main.min(6)))
                .or_default()
                .add(&p.shown, &rset);
            *rank_src.entry((r, p.main.min(6))).or_default() += 1;
            for w in p.shown.split_whitespace() {
                by_pos.entry(("engine", at / 10)).or_default().add(w, &rset);
                at += 1;
            }
            for (t, k) in &p.cuts {
                let e = by_kind.entry(k.clone()).or_default();
                e.0 += 1;
                e.1.add(t, &rset);
                let e = by_kind.entry(format!("{k}, point {}", r + 1)).or_default();
                e.0 += 1;
                e.1.add(t, &rset);
            }
        }
        under60 += (at < RECALL_WORDS) as usize;
        let shown: Vec<String> = points.iter().map(|p| p.shown.clone()).collect();
        record("engine".into(), &shown);
        record(
            "whole sentences, same picks".into(),
            &points.iter().map(|p| p.whole.clone()).collect::<Vec<_>>(),
        );
        // Cuts put back by kind, each point capped at `cap` words.
        record(
            "engine rebuilt from its pieces".into(),
            &points
                .iter()
                .map(|p| p.with(&item.text, &vec![false; p.cuts.len()]))
                .collect::<Vec<_>>(),
        );
        let kinds = [
            "leading و",
            "leading marker",
            "attribution",
            "time words",
            "quote/elaboration tail",
            "other light cut",
            "editor: وذلك clause",
            "editor: clause tail",
            "editor: inner (apposition, parenthetical)",
        ];
        for kd in kinds {
            for cap in [30usize, 40] {
                let pts: Vec<String> = points
                    .iter()
                    .map(|p| {
                        let mut on = vec![false; p.cuts.len()];
                        let mut w = p.words();
                        for (k, (t, kk)) in p.cuts.iter().enumerate() {
                            let n = t.split_whitespace().count();
                            if kk == kd && w + n <= cap {
                                on[k] = true;
                                w += n;
                            }
                        }
                        p.with(&item.text, &on)
                    })
                    .collect();
                record(format!("put back {kd}, cap {cap}"), &pts);
            }
        }
        // Every cut put back in point 1 only / 2 only / 3 only, cap 30.
        for only in 0..3 {
            let pts: Vec<String> = points
                .iter()
                .enumerate()
                .map(|(r, p)| {
                    let mut on = vec![false; p.cuts.len()];
                    let mut w = p.words();
                    if r == only {
                        for (k, (t, _)) in p.cuts.iter().enumerate() {
                            let n = t.split_whitespace().count();
                            if w + n <= 30 {
                                on[k] = true;
                                w += n;
                            }
                        }
                    }
                    p.with(&item.text, &on)
                })
                .collect();
            record(
                format!("put back every cut of point {} only, cap 30", only + 1),
                &pts,
            );
        }
        // Other picks: the first three clean sentences (Lead-3 trimmed as the
        // engine trims), and the engine's picks with the lead's second (or
        // third) sentence in place of the latest pick when it is missing.
        if let Ok(a) = s.analyse(&item.text, title) {
            let d = &a.doc;
            let clean: Vec<usize> = (0..d.sents.len())
                .filter(|&i| d.sents[i].words >= 3 && d.junk.get(i).is_none_or(Option::is_none))
                .collect();
            let texts = |sm: &khulasa_core::Summary| -> Vec<String> {
                sm.key_points.iter().map(|k| k.text.clone()).collect()
            };
            let picks: Vec<usize> = clean.iter().take(3).copied().collect();
            record(
                "picks: first three clean sentences, trimmed".into(),
                &texts(&s.build(&a, &picks, Length::Bullets(3))),
            );
            record(
                "picks: first three clean sentences, whole".into(),
                &texts(&whole_s.build(&a, &picks, Length::Bullets(3))),
            );
            let engine_picks: Vec<usize> = points
                .iter()
                .filter_map(|p| a.index.iter().position(|&x| x == p.main))
                .collect();
            let covered: HashSet<usize> = sum
                .key_points
                .iter()
                .flat_map(|k| k.sources.iter().map(|x| x.sentence))
                .collect();
            for want in [1usize, 2] {
                let mut pk = engine_picks.clone();
                if let Some(&c) = clean.get(want)
                    && !covered.contains(&a.index[c])
                    && pk.len() == 3
                {
                    pk.sort_unstable();
                    pk[2] = c;
                    pk.sort_unstable();
                    pk.dedup();
                }
                record(
                    format!(
                        "picks: engine's, lead sentence {} in for the latest",
                        want + 1
                    ),
                    &texts(&s.build(&a, &pk, Length::Bullets(3))),
                );
            }
        }
        // The first point only: every cut but the leading ones put back
        // while it stays within `cap` words.
        for cap in [30usize, 32, 34, 36, 38, 40, 1000] {
            let pts: Vec<String> = points
                .iter()
                .enumerate()
                .map(|(r, p)| {
                    let mut on = vec![false; p.cuts.len()];
                    let mut w = p.words();
                    if r == 0 {
                        for (k, (t, kd)) in p.cuts.iter().enumerate() {
                            let n = t.split_whitespace().count();
                            if !kd.starts_with("leading") && w + n <= cap {
                                on[k] = true;
                                w += n;
                            }
                        }
                    }
                    p.with(&item.text, &on)
                })
                .collect();
            record(
                format!("point 1: cuts but leading ones back, cap {cap}"),
                &pts,
            );
        }
        // The first point: which cuts, by kind, within `cap` words; and
        // within a summary budget.
        for (name, pick) in [
            (
                "tails",
                (|kd: &str| {
                    kd.contains("tail") || kd.contains("attribution") || kd.contains("وذلك")
                }) as fn(&str) -> bool,
            ),
            ("all but leading and inner", |kd: &str| {
                !kd.starts_with("leading") && !kd.contains("inner")
            }),
        ] {
            for cap in [34usize, 36, 38, 40] {
                for budget in [60usize, 70, 1000] {
                    let mut total: usize = points.iter().map(Point::words).sum();
                    let pts: Vec<String> = points
                        .iter()
                        .enumerate()
                        .map(|(r, p)| {
                            let mut on = vec![false; p.cuts.len()];
                            let mut w = p.words();
                            if r == 0 {
                                for (k, (t, kd)) in p.cuts.iter().enumerate() {
                                    let n = t.split_whitespace().count();
                                    if pick(kd) && w + n <= cap && total + n <= budget {
                                        on[k] = true;
                                        w += n;
                                        total += n;
                                    }
                                }
                            }
                            p.with(&item.text, &on)
                        })
                        .collect();
                    record(
                        format!("point 1: {name} back, cap {cap}, budget {budget}"),
                        &pts,
                    );
                }
            }
        }
        // Summary budget: put back cuts (text order) while the three points
        // hold at most `budget` words, each point at most `cap`.
        for budget in [50usize, 60, 66, 72, 80] {
            for cap in [30usize, 34] {
                let mut total: usize = points.iter().map(Point::words).sum();
                let pts: Vec<String> = points
                    .iter()
                    .map(|p| {
                        let mut on = vec![false; p.cuts.len()];
                        let mut w = p.words();
                        for (k, (t, _)) in p.cuts.iter().enumerate() {
                            let n = t.split_whitespace().count();
                            if w + n <= cap && total + n <= budget {
                                on[k] = true;
                                w += n;
                                total += n;
                            }
                        }
                        p.with(&item.text, &on)
                    })
                    .collect();
                record(format!("budget {budget}, cap {cap}: put back cuts"), &pts);
            }
        }
    }
    println!("items {items_n}; engine summaries under {RECALL_WORDS} words: {under60}");
    println!("points over 30 words, by rank and length: {over30:?}");
    println!("\nshare of tokens in the reference by word position in the summary (10s)");
    for ((who, b), sh) in &by_pos {
        if *b < 10 {
            println!(
                "{who:8} words {:>3}-{:<3} tokens {:6} share {:.3}",
                b * 10,
                b * 10 + 9,
                sh.0,
                sh.get()
            );
        }
    }
    println!("\nby point rank (text order)");
    for ((who, r), sh) in &by_rank {
        println!(
            "{who:8} point {} tokens {:6} share {:.3}",
            r + 1,
            sh.0,
            sh.get()
        );
    }
    println!("\nby source sentence (6 = 6 or later)");
    for ((who, r), sh) in &by_sent {
        println!(
            "{who:8} sentence {r} tokens {:6} share {:.3}",
            sh.0,
            sh.get()
        );
    }
    println!("\nengine: point rank x source sentence (count)");
    for ((r, k), n) in &rank_src {
        println!("point {} sentence {k}: {n}", r + 1);
    }
    println!("\ncut runs by kind: runs, tokens, share in the reference");
    for (k, (n, sh)) in &by_kind {
        println!("{k:55} {n:6} {:7} {:.3}", sh.0, sh.get());
    }
    println!(
        "\nvariants: recall@60, R-1 F1, diff to lead-3 recall, words p50/p90 summary, point p90/max, points over 30 / 34 (%)"
    );
    for (k, v) in &scores {
        let n = v.n.max(1) as f64;
        let mut w = v.words.clone();
        w.sort_unstable();
        let mut p = v.points.clone();
        p.sort_unstable();
        println!(
            "{k:60} {:6.2} {:6.2} {:+6.2}  {}/{}  {}/{}  {:.1}/{:.1}",
            100.0 * v.recall / n,
            100.0 * v.f1 / n,
            100.0 * v.diff.iter().sum::<f64>() / n,
            w[w.len() / 2],
            w[w.len() * 9 / 10],
            p[p.len() * 9 / 10],
            p[p.len() - 1],
            100.0 * p.iter().filter(|&&x| x > 30).count() as f64 / p.len() as f64,
            100.0 * p.iter().filter(|&&x| x > 34).count() as f64 / p.len() as f64,
        );
    }
}
