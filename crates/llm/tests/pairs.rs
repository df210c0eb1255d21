//! The check scored on its own: on pairs we wrote (a news sentence, a
//! faithful rewrite and an unfaithful one; Arabic and English, in
//! `testdata/pairs_*.tsv`), its precision and recall at refusing the
//! unfaithful rewrites. `cargo test -p khulasa-llm --test pairs --
//! --nocapture` prints the figures and every miss.

use khulasa_core::Lang;
use khulasa_llm::check::{Checker, terms_meet};
use khulasa_text::Analyzer;
use std::collections::BTreeMap;

struct Row {
    lang: Lang,
    source: String,
    faithful: String,
    unfaithful: String,
    kind: String,
}

fn rows(files: [(Lang, &str); 2]) -> Vec<Row> {
    let mut out = Vec::new();
    for (lang, file) in files {
        for line in file
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 4, "four tab-separated fields: {line}");
            out.push(Row {
                lang,
                source: f[0].into(),
                faithful: f[1].into(),
                unfaithful: f[2].into(),
                kind: f[3].into(),
            });
        }
    }
    out
}

/// Counts of one slice of the table.
#[derive(Default, Debug)]
struct Score {
    /// Unfaithful rewrites refused.
    tp: usize,
    /// Unfaithful rewrites kept.
    fn_: usize,
    /// Faithful rewrites refused.
    fp: usize,
    /// Faithful rewrites kept.
    tn: usize,
}

impl Score {
    fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
}

/// The table the rules were written and corrected against (100 rows).
const TABLE: [(Lang, &str); 2] = [
    (Lang::En, include_str!("../testdata/pairs_en.tsv")),
    (Lang::Ar, include_str!("../testdata/pairs_ar.tsv")),
];

/// Written after the rules were frozen, with freer paraphrases: the
/// figure to trust (40 rows).
const HELD_OUT: [(Lang, &str); 2] = [
    (Lang::En, include_str!("../testdata/heldout_en.tsv")),
    (Lang::Ar, include_str!("../testdata/heldout_ar.tsv")),
];

#[test]
fn the_check_refuses_unfaithful_rewrites_and_keeps_faithful_ones() {
    let rows = rows(TABLE);
    assert!(rows.len() >= 100, "the table holds {} rows", rows.len());
    let all = score(&rows);
    // Floors at the figures measured (docs/summarize.md): a change that
    // loses ground fails here.
    assert!(all.recall() >= 0.95, "recall {:.3}", all.recall());
    assert!(all.precision() >= 0.9, "precision {:.3}", all.precision());
}

#[test]
fn held_out_pairs_are_scored() {
    let rows = rows(HELD_OUT);
    assert_eq!(rows.len(), 40);
    let all = score(&rows);
    // Reported, with a floor well under the target: these rows were not
    // used to write the rules.
    assert!(all.recall() >= 0.8, "recall {:.3}", all.recall());
    assert!(all.precision() >= 0.8, "precision {:.3}", all.precision());
}

/// The baseline, measured in the same run: refuse a rewrite when any of
/// its analysed content words (numbers included) is not in the source,
/// the lexical check the rules are meant to beat.
fn baseline(rows: &[Row]) -> Score {
    let mut s = Score::default();
    for r in rows {
        let a = Analyzer::for_lang(r.lang);
        let src: Vec<String> = a.terms(&r.source).into_iter().map(|t| t.text).collect();
        let novel = |p: &str| {
            a.terms(p)
                .iter()
                .any(|t| !src.iter().any(|x| terms_meet(x, &t.text)))
        };
        if novel(&r.faithful) {
            s.fp += 1
        } else {
            s.tn += 1
        }
        if novel(&r.unfaithful) {
            s.tp += 1
        } else {
            s.fn_ += 1
        }
    }
    s
}

fn score(rows: &[Row]) -> Score {
    let mut all = Score::default();
    let mut by_lang: BTreeMap<&str, Score> = BTreeMap::new();
    let mut by_kind: BTreeMap<String, Score> = BTreeMap::new();
    for r in rows {
        let c = Checker::new(&r.source, r.lang);
        let kept = c.check(&r.faithful);
        let refused = c.check(&r.unfaithful);
        let lang = r.lang.code();
        for s in [
            &mut all,
            by_lang.entry(lang).or_default(),
            by_kind.entry(r.kind.clone()).or_default(),
        ] {
            match &kept {
                Ok(_) => s.tn += 1,
                Err(_) => s.fp += 1,
            }
            match &refused {
                Err(_) => s.tp += 1,
                Ok(_) => s.fn_ += 1,
            }
        }
        if let Err(e) = &kept {
            println!(
                "[{lang}] faithful refused ({}): {}\n    source: {}\n    point:  {}",
                r.kind, e.reason, r.source, r.faithful
            );
        }
        if refused.is_ok() {
            println!(
                "[{lang}] unfaithful kept ({}):\n    source: {}\n    point:  {}",
                r.kind, r.source, r.unfaithful
            );
        }
    }
    println!(
        "\n{} rows ({} faithful + {} unfaithful rewrites)",
        rows.len(),
        rows.len(),
        rows.len()
    );
    println!("{:<12} {:>9} {:>7}  tp fn fp tn", "", "precision", "recall");
    let line = |name: &str, s: &Score| {
        println!(
            "{name:<12} {:>9.3} {:>7.3}  {} {} {} {}",
            s.precision(),
            s.recall(),
            s.tp,
            s.fn_,
            s.fp,
            s.tn
        )
    };
    line("all", &all);
    line("baseline", &baseline(rows));
    for (k, s) in &by_lang {
        line(k, s);
    }
    for (k, s) in &by_kind {
        line(k, s);
    }
    all
}
