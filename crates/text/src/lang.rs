//! Language detection for routing: Arabic, English, or other.
//!
//! Script first (cheap and certain): text whose letters are mostly Arabic
//! script is Arabic, unless letters only Persian or Urdu use (`پ چ ژ گ`) are
//! frequent. Latin-script text goes to `whatlang` to tell English from the rest.
//!
//! ```
//! use khulasa_core::Lang;
//! use khulasa_text::detect_lang;
//! assert_eq!(detect_lang("اجتمع الوزير مع نظيره أمس"), Lang::Ar);
//! assert_eq!(detect_lang("The minister met his counterpart yesterday in the capital."), Lang::En);
//! assert_eq!(detect_lang("Le ministre a rencontré son homologue hier dans la capitale."), Lang::Other);
//! assert_eq!(detect_lang("12345 !!!"), Lang::Other);
//! ```

use khulasa_core::Lang;

/// How much text is looked at: enough to be sure, bounded for huge inputs.
const SAMPLE_BYTES: usize = 4096;

/// Detects the language of `text` from at most its first 4 KiB.
pub fn detect_lang(text: &str) -> Lang {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let (mut arabic, mut persian, mut latin, mut letters) = (0usize, 0usize, 0usize, 0usize);
    for c in sample.chars() {
        // Arabic letters and ASCII first: no Unicode table lookup for them.
        let letter = ('\u{0621}'..='\u{064A}').contains(&c)
            || c.is_ascii_alphabetic()
            || (!c.is_ascii() && c.is_alphabetic());
        if !letter {
            continue;
        }
        letters += 1;
        if crate::tokenize::is_arabic_script(c) {
            arabic += 1;
            if matches!(c, 'پ' | 'چ' | 'ژ' | 'گ' | 'ڈ' | 'ٹ' | 'ں' | 'ے' | 'ھ') {
                persian += 1;
            }
        } else if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) {
            latin += 1;
        }
    }
    if letters == 0 {
        return Lang::Other;
    }
    if arabic * 2 > letters {
        // Persian/Urdu letters are rare in Arabic text (loan names at most).
        return if persian * 100 > arabic {
            Lang::Other
        } else {
            Lang::Ar
        };
    }
    if latin * 2 > letters {
        return match whatlang::detect_lang(sample) {
            Some(whatlang::Lang::Eng) => Lang::En,
            _ => Lang::Other,
        };
    }
    Lang::Other
}
