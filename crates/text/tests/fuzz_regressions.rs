//! Inputs the fuzzers found (fuzz/, `scripts/fuzz.sh`), kept as tests.

use khulasa_text::normalize::Normalizer;

/// Found by the `text` target: a tatweel between two Syriac combining marks
/// (canonical classes 230 and 220) was stripped after NFKC had run, leaving
/// the marks out of canonical order; normalising again reordered them.
#[test]
fn stripping_between_combining_marks_stays_idempotent() {
    let n = Normalizer::ar_match();
    for text in [
        "ق\u{3}\0\0ثموɃتـ\u{740}ـ\u{746}دوق \u{327}لب",
        "تـ\u{740}ـ\u{746}",
        "Ƀـ\u{740}ـ\u{746}ـ\u{327}",
        "x\u{301}ـ\u{327}",
    ] {
        let once = n.normalize(text);
        assert_eq!(n.normalize(&once), once, "{text:?}");
    }
}
