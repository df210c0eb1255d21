//! Diacritic error rate of the ONNX diacritiser on our hand-vocalised news
//! prose (`tests/data/tashkeel_gold.txt`, 220 words written and vocalised for
//! khulasa), printed beside the baseline of adding no marks at all.
//!
//! Run `cargo test -p khulasa-speech --test der -- --nocapture` to see it.

use khulasa_speech::tashkeel::{Der, Diacritizer, der, strip_harakat};
use khulasa_speech::{DiacritizerKind, RawiOnnx};

fn gold() -> Vec<String> {
    let text = include_str!("data/tashkeel_gold.txt");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
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
        let (mut ours, mut none) = (Der::default(), Der::default());
        let mut words = 0;
        for line in gold() {
            let bare = strip_harakat(&line);
            words += line.split_whitespace().count();
            let predicted = model.diacritize(&bare).expect("diacritises");
            ours.add(der(&line, &predicted).unwrap_or_else(|e| panic!("{e}")));
            none.add(der(&line, &bare).unwrap());
        }
        println!(
            "DER on {words} hand-vocalised words ({} letters): {} {:.2}% (without case endings {:.2}%); \
             baseline no marks {:.2}% ({:.2}%)",
            ours.letters,
            model.name(),
            100.0 * ours.rate(),
            100.0 * ours.rate_no_case(),
            100.0 * none.rate(),
            100.0 * none.rate_no_case(),
        );
        // A regression guard, not the benchmark (WikiNewsMax is, through
        // `khulasa eval diacritise`): this set is small and ours.
        assert!(
            ours.rate() < 0.08,
            "{}: DER {:.3} on our own regression set",
            model.name(),
            ours.rate()
        );
        assert!(
            ours.rate() * 5.0 < none.rate(),
            "{} barely beats adding no marks",
            model.name()
        );
    }
}

#[test]
fn the_authors_hamza_and_vocalised_words_are_kept() {
    let Ok(model) = RawiOnnx::find(None, None) else {
        eprintln!("NOTICE: diacritiser not installed; skipping");
        return;
    };
    let out = model.diacritize("وقال إن نَاتُو سيرسل قوات").unwrap();
    let words: Vec<&str> = out.split(' ').collect();
    assert!(
        words[1].starts_with('إ'),
        "the written hamza was replaced: {out}"
    );
    assert_eq!(words[2], "نَاتُو", "a vocalised word was changed: {out}");
    assert_eq!(strip_harakat(&out), "وقال إن ناتو سيرسل قوات");
    // A bare alef where a hamza belongs is still restored.
    let out = model.diacritize("اعلنت الوزارة").unwrap();
    assert!(out.starts_with('أ'), "{out}");
}
