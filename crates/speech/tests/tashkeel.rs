//! The diacritisers keep what the author wrote: a hamza, a vocalised word.
//! (Their error rates are measured in khulasa-eval.)

use khulasa_speech::DiacritizerKind;
use khulasa_speech::RawiOnnx;
use khulasa_speech::tashkeel::{Diacritizer, strip_harakat};

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

#[test]
fn every_model_keeps_letters_and_vocalised_words() {
    for kind in DiacritizerKind::ALL {
        let Ok(model) = kind.load(None, None) else {
            eprintln!(
                "NOTICE: diacritiser {} not installed; skipping",
                kind.as_str()
            );
            continue;
        };
        let out = model.diacritize("وقال إن نَاتُو سيرسل 5 قوات.").unwrap();
        let words: Vec<&str> = out.split(' ').collect();
        assert_eq!(words[2], "نَاتُو", "{}: {out}", model.name());
        assert_eq!(
            strip_harakat(&out),
            "وقال إن ناتو سيرسل 5 قوات.",
            "{}",
            model.name()
        );
        assert!(
            words[0].contains('\u{064E}'),
            "{}: no marks in {out}",
            model.name()
        );
    }
}
