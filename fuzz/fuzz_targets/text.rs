//! Segmentation, normalisation, tokenizing and analysis of any UTF-8 text:
//! no panic, and every span lies inside the text on character boundaries.
#![no_main]
use khulasa_core::Lang;
use khulasa_text::normalize::Normalizer;
use libfuzzer_sys::fuzz_target;

fn check_span(text: &str, start: usize, end: usize, what: &str) {
    assert!(start <= end && end <= text.len(), "{what} span {start}..{end} outside {}", text.len());
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "{what} span {start}..{end} splits a char");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut last_end = 0;
    for s in khulasa_text::segment(text) {
        check_span(text, s.span.start, s.span.end, "sentence");
        assert!(s.span.start >= last_end, "sentences overlap or go backwards");
        last_end = s.span.end;
    }
    for t in khulasa_text::tokenize(text) {
        check_span(text, t.span.start, t.span.end, "token");
    }
    let n = Normalizer::ar_match().normalize(text);
    // Normalising is idempotent: a matching form normalised again is itself.
    assert_eq!(Normalizer::ar_match().normalize(&n), n, "normalise is not idempotent");
    let _ = Normalizer::rouge().normalize(text);
    let lang = khulasa_text::detect_lang(text);
    for l in [lang, Lang::Ar, Lang::En] {
        for term in khulasa_text::Analyzer::for_lang(l).terms(text) {
            check_span(text, term.span.start, term.span.end, "term");
        }
    }
    for w in text.split_whitespace().take(64) {
        let _ = khulasa_text::stem::light_stem(w);
        let _ = khulasa_text::stopwords::is_stopword(Lang::Ar, w);
    }
});
