//! Diacritic error rate of every installed diacritiser on our hand-vocalised
//! news prose (`tests/data/tashkeel_gold.txt`, 220 words written and
//! vocalised for khulasa), beside the baseline of adding no marks. A
//! regression guard: the benchmark is WikiNewsMax (`khulasa eval diacritise`).
//!
//! Run `cargo test -p khulasa-eval --test tashkeel_regression -- --nocapture`
//! to see the figures.

use khulasa_eval::diacritise::Counts;
use khulasa_speech::DiacritizerKind;
use khulasa_speech::tashkeel::{Diacritizer, strip_harakat};

fn gold() -> Vec<String> {
    let text = include_str!("data/tashkeel_gold.txt");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

/// Scores `d` word by word on the set (one gold form per word, strict).
fn score(d: &dyn Diacritizer) -> Counts {
    let mut c = Counts::default();
    for line in gold() {
        let predicted = d.diacritize(&strip_harakat(&line)).expect("diacritises");
        let p: Vec<&str> = predicted.split_whitespace().collect();
        let g: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(p.len(), g.len(), "{} split words: {predicted}", d.name());
        for (p, g) in p.iter().zip(g) {
            c.add(p, &[g.to_string()], false);
        }
    }
    c
}

#[test]
fn gold_set_is_big_enough_and_fully_vocalised() {
    let lines = gold();
    let words: usize = lines.iter().map(|l| l.split_whitespace().count()).sum();
    assert!(words >= 200, "only {words} words");
    for l in &lines {
        // Every word carries at least one mark: nothing left unvocalised.
        for w in l.split_whitespace() {
            assert!(
                w.chars().any(|c| ('\u{064B}'..='\u{0652}').contains(&c)),
                "unvocalised word {w:?}"
            );
        }
    }
}

#[test]
fn der_of_each_model_beside_no_marks() {
    let none = score(&khulasa_eval::diacritise::NoMarks);
    for kind in DiacritizerKind::ALL {
        let model = match kind.load(None, None) {
            Ok(m) => m,
            Err(e) if std::env::var_os("CI").is_none() => {
                eprintln!(
                    "NOTICE: diacritiser {} not installed ({e}); skipping its DER (run scripts/setup.sh)",
                    kind.as_str()
                );
                continue;
            }
            Err(e) => panic!("CI ran setup.sh but the diacritiser is missing: {e}"),
        };
        let ours = score(model.as_ref());
        println!(
            "DER on {} hand-vocalised words ({} letters): {} {:.2}% (without case endings {:.2}%); \
             baseline no marks {:.2}% ({:.2}%)",
            ours.words,
            ours.letters,
            model.name(),
            100.0 * ours.der(),
            100.0 * ours.der_no_case(),
            100.0 * none.der(),
            100.0 * none.der_no_case(),
        );
        assert!(
            ours.der() < 0.08,
            "{}: DER {:.3} on our own regression set",
            model.name(),
            ours.der()
        );
        assert!(
            ours.der() * 5.0 < none.der(),
            "{} barely beats adding no marks",
            model.name()
        );
    }
}
