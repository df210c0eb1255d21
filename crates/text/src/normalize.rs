//! Normalisation for matching, never for display.
//!
//! Two spellings of one Arabic word must compare equal: `أحمد` and `احمد`,
//! `مدرسة` and `مدرسه`, `عَلَى` and `على`. A [`Normalizer`] is a chain of small
//! steps, each switchable and each testable alone (the functions in [`step`]).
//! The result is a *matching form*: it is used for similarity, search and
//! ROUGE, and never shown. Spans always point at the original text.
//!
//! ```
//! use khulasa_text::normalize::Normalizer;
//! let n = Normalizer::ar_match();
//! assert_eq!(n.normalize("إِلَى المَدْرَسَةِ"), "الي المدرسه");
//! assert_eq!(n.normalize("عام ٢٠٢٤ Hello"), "عام 2024 hello");
//! ```

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// A chain of normalisation steps. Build one with [`Normalizer::ar_match`] (all
/// steps on) and switch steps off with the `with_*` methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Normalizer {
    nfkc: bool,
    strip_controls: bool,
    strip_diacritics: bool,
    strip_tatweel: bool,
    fold_alef: bool,
    fold_ya: bool,
    fold_ta_marbuta: bool,
    ascii_digits: bool,
    lowercase: bool,
}

impl Default for Normalizer {
    /// The same as [`Normalizer::ar_match`].
    fn default() -> Self {
        Self::ar_match()
    }
}

impl Normalizer {
    /// Every step on: the form used to compare Arabic (and other) words.
    pub const fn ar_match() -> Self {
        Normalizer {
            nfkc: true,
            strip_controls: true,
            strip_diacritics: true,
            strip_tatweel: true,
            fold_alef: true,
            fold_ya: true,
            fold_ta_marbuta: true,
            ascii_digits: true,
            lowercase: true,
        }
    }

    /// The rules ROUGE is scored with (see the design notes): diacritics and
    /// tatweel stripped; alef, ya and ta marbuta folded; digits to ASCII;
    /// Latin lowercased. No stemming. Identical to [`Normalizer::ar_match`]
    /// today; named separately so evaluation rules can stay fixed if matching
    /// changes.
    pub const fn rouge() -> Self {
        Self::ar_match()
    }

    /// No step on: the text comes back unchanged.
    pub const fn none() -> Self {
        Normalizer {
            nfkc: false,
            strip_controls: false,
            strip_diacritics: false,
            strip_tatweel: false,
            fold_alef: false,
            fold_ya: false,
            fold_ta_marbuta: false,
            ascii_digits: false,
            lowercase: false,
        }
    }

    /// Unicode NFKC first (folds Arabic presentation forms such as `ﻻ` and
    /// `ﷲ`, full-width Latin, ligatures). On by default.
    pub const fn with_nfkc(mut self, on: bool) -> Self {
        self.nfkc = on;
        self
    }
    /// Remove bidi controls and zero-width characters. On by default.
    pub const fn with_strip_controls(mut self, on: bool) -> Self {
        self.strip_controls = on;
        self
    }
    /// Remove harakat, shadda, sukun, dagger alef and Quranic marks. On by default.
    pub const fn with_strip_diacritics(mut self, on: bool) -> Self {
        self.strip_diacritics = on;
        self
    }
    /// Remove tatweel (kashida, `ـ`). On by default.
    pub const fn with_strip_tatweel(mut self, on: bool) -> Self {
        self.strip_tatweel = on;
        self
    }
    /// Fold `أ إ آ ٱ` to bare alef `ا`. On by default.
    pub const fn with_fold_alef(mut self, on: bool) -> Self {
        self.fold_alef = on;
        self
    }
    /// Fold alef maqsura `ى` (and Persian `ی`) to `ي`. On by default.
    pub const fn with_fold_ya(mut self, on: bool) -> Self {
        self.fold_ya = on;
        self
    }
    /// Fold ta marbuta `ة` to `ه`. On by default. For matching only: it
    /// would be a spelling mistake on display.
    pub const fn with_fold_ta_marbuta(mut self, on: bool) -> Self {
        self.fold_ta_marbuta = on;
        self
    }
    /// Arabic-Indic (`٠-٩`) and Persian (`۰-۹`) digits to ASCII. On by default.
    pub const fn with_ascii_digits(mut self, on: bool) -> Self {
        self.ascii_digits = on;
        self
    }
    /// Lowercase (Latin and other cased scripts). On by default.
    pub const fn with_lowercase(mut self, on: bool) -> Self {
        self.lowercase = on;
        self
    }

    /// Returns the matching form of `text`.
    pub fn normalize(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        self.normalize_into(text, &mut out);
        out
    }

    /// Appends the matching form of `text` to `out` (no allocation when `out`
    /// has room). The hot path of tokenisation.
    pub fn normalize_into(&self, text: &str, out: &mut String) {
        if !self.nfkc {
            self.map_chars(text, out);
            return;
        }
        // NFKC reorders and composes within a run of characters, never across
        // an ASCII space: so it is applied word by word, and only to words
        // that hold a character it might change. News text is mostly ASCII
        // and plain Arabic letters, and then costs nothing extra: text with
        // nothing NFKC could change (one scan) is mapped in one go.
        if !may_change_under_nfkc(text) {
            self.map_chars(text, out);
            return;
        }
        let bytes = text.as_bytes();
        let mut start = 0;
        while start < bytes.len() {
            let end = bytes[start..]
                .iter()
                .position(|b| b.is_ascii_whitespace())
                .map_or(bytes.len(), |p| start + p + 1);
            let word = &text[start..end];
            if may_change_under_nfkc(word) {
                self.fold_word(word, out);
            } else {
                self.map_chars(word, out);
            }
            start = end;
        }
    }

    /// NFKC (when the word needs it) then the steps, repeated until nothing
    /// changes: stripping a tatweel or a diacritic can bring two combining
    /// marks together out of their canonical order (`ت ـ U+0740 ـ U+0746`),
    /// which NFKC would then reorder, so a single round is not idempotent.
    /// Two rounds settle every case found; four are allowed.
    fn fold_word(&self, word: &str, out: &mut String) {
        let mut cur = String::with_capacity(word.len());
        if is_nfkc_quick(word.chars()) == IsNormalized::Yes {
            self.map_chars(word, &mut cur);
        } else {
            self.map_chars(&word.nfkc().collect::<String>(), &mut cur);
        }
        for _ in 0..3 {
            if !may_change_under_nfkc(&cur) || is_nfkc_quick(cur.chars()) == IsNormalized::Yes {
                break;
            }
            let mut next = String::with_capacity(cur.len());
            self.map_chars(&cur.nfkc().collect::<String>(), &mut next);
            if next == cur {
                break;
            }
            cur = next;
        }
        out.push_str(&cur);
    }

    fn map_chars(&self, text: &str, out: &mut String) {
        // Runs of bytes no step changes (ASCII other than capitals to
        // lowercase, and the Arabic letters of `unchanged_arabic`) are copied
        // whole; every other char goes through the steps one by one. Most
        // news words are one run.
        let b = text.as_bytes();
        let mut run = 0;
        let mut i = 0;
        while i < b.len() {
            let x = b[i];
            if x < 0x80 {
                if !(self.lowercase && x.is_ascii_uppercase()) {
                    i += 1;
                    continue;
                }
            } else if (x == 0xD8 || x == 0xD9) && i + 1 < b.len() && unchanged_arabic(x, b[i + 1]) {
                i += 2;
                continue;
            }
            out.push_str(&text[run..i]);
            let c = text[i..].chars().next().unwrap_or_default();
            self.map_char(c, out);
            i += c.len_utf8().max(1);
            run = i;
        }
        out.push_str(&text[run..]);
    }

    fn map_char(&self, c: char, out: &mut String) {
        // Fast path: ASCII needs at most lowercasing.
        if c.is_ascii() {
            out.push(if self.lowercase {
                c.to_ascii_lowercase()
            } else {
                c
            });
            return;
        }
        // Fast path: Arabic letters no step changes.
        if matches!(c, '\u{0621}' | '\u{0624}' | '\u{0626}'..='\u{0628}' | '\u{062A}'..='\u{063A}' | '\u{0641}'..='\u{0648}' | '\u{064A}')
        {
            out.push(c);
            return;
        }
        if self.strip_controls && step::is_control(c) {
            return;
        }
        if self.strip_diacritics && step::is_diacritic(c) {
            return;
        }
        if self.strip_tatweel && c == step::TATWEEL {
            return;
        }
        let mut c = c;
        if self.fold_alef {
            c = step::fold_alef(c);
        }
        if self.fold_ya {
            c = step::fold_ya(c);
        }
        if self.fold_ta_marbuta {
            c = step::fold_ta_marbuta(c);
        }
        if self.ascii_digits {
            c = step::ascii_digit(c);
        }
        // Arabic has no case: skip the Unicode case tables for its block.
        if self.lowercase && !('\u{0600}'..='\u{06FF}').contains(&c) && c.is_uppercase() {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
}

/// True when the two UTF-8 bytes `lead`, `next` (lead `D8` or `D9`) encode an
/// Arabic letter no step changes: U+0621, U+0624, U+0626–U+0628,
/// U+062A–U+063A, U+0641–U+0648, U+064A (the fast path of `map_char`).
fn unchanged_arabic(lead: u8, next: u8) -> bool {
    match lead {
        0xD8 => matches!(next, 0xA1 | 0xA4 | 0xA6..=0xA8 | 0xAA..=0xBA),
        _ => matches!(next, 0x81..=0x88 | 0x8A),
    }
}

/// False when NFKC surely leaves `text` as it is: ASCII and the Arabic block
/// (bar the combining hamza/madda and the compatibility letters ٵ-ٸ) are
/// stable, and most news text is nothing else. Anything else goes to the full
/// quick check. Works on bytes: the Arabic block is the two-byte range
/// `D8 80`–`DB BF` in UTF-8.
fn may_change_under_nfkc(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            0x00..=0x7F => i += 1,
            0xD9 => {
                // U+0653..=U+0655 are D9 93..95; U+0675..=U+0678 are D9 B5..B8.
                if matches!(b.get(i + 1), Some(0x93..=0x95 | 0xB5..=0xB8)) {
                    return true;
                }
                i += 2;
            }
            0xD8 | 0xDA | 0xDB => i += 2,
            _ => return true,
        }
    }
    false
}

/// The single-character steps of the chain, each usable and testable alone.
pub mod step {
    /// Tatweel (kashida), U+0640: stretches a word for layout, carries no meaning.
    pub const TATWEEL: char = '\u{0640}';

    /// Bidi controls and zero-width characters: invisible, but they break
    /// matching when pasted text carries them.
    pub fn is_control(c: char) -> bool {
        matches!(c,
            '\u{200B}'..='\u{200F}'   // zero-width space, ZWNJ, ZWJ, LRM, RLM
            | '\u{202A}'..='\u{202E}' // embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}' // isolates
            | '\u{061C}'              // Arabic letter mark
            | '\u{FEFF}'              // BOM / zero-width no-break space
            | '\u{00AD}' // soft hyphen
        )
    }

    /// Arabic diacritics: harakat, tanwin, shadda, sukun, dagger alef, hamza
    /// marks written above/below, and the Quranic annotation signs.
    pub fn is_diacritic(c: char) -> bool {
        matches!(c,
            '\u{0610}'..='\u{061A}'   // honorifics and Quranic small signs
            | '\u{064B}'..='\u{065F}' // tanwin, harakat, shadda, sukun, maddah, hamza marks
            | '\u{0670}'              // superscript (dagger) alef
            | '\u{06D6}'..='\u{06DC}' // Quranic pause marks
            | '\u{06DF}'..='\u{06E4}'
            | '\u{06E7}'..='\u{06E8}'
            | '\u{06EA}'..='\u{06ED}'
            | '\u{08D3}'..='\u{08E1}' // extended-A Quranic marks
            | '\u{08E3}'..='\u{08FF}'
        )
    }

    /// `أ إ آ ٱ` (and the rare wavy-hamza alefs) → `ا`.
    pub fn fold_alef(c: char) -> char {
        match c {
            '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' | '\u{0672}' | '\u{0673}' => {
                '\u{0627}'
            }
            _ => c,
        }
    }

    /// `ى` (alef maqsura) and Persian `ی` → `ي`. Writers swap them freely.
    pub fn fold_ya(c: char) -> char {
        match c {
            '\u{0649}' | '\u{06CC}' => '\u{064A}',
            _ => c,
        }
    }

    /// `ة` → `ه`. Matching only: writers (and OCR) drop the dots of ta marbuta.
    pub fn fold_ta_marbuta(c: char) -> char {
        if c == '\u{0629}' { '\u{0647}' } else { c }
    }

    /// Arabic-Indic `٠-٩` and Persian `۰-۹` digits → ASCII `0-9`.
    pub fn ascii_digit(c: char) -> char {
        match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            _ => c,
        }
    }
}

/// A key for comparing short strings such as author names or headlines:
/// letter case, punctuation, runs of spaces, harakat, tatweel, invisible
/// controls and the alef / ya / ta-marbuta variants do not count, so
/// `"أحمد  علي"` and `"احمد علي."` give the same key. Not for display, and
/// not for spans: the key has its own offsets.
///
/// ```
/// use khulasa_text::normalize::comparison_key;
/// assert_eq!(comparison_key("أحمدُ  علي."), comparison_key("احمد علي"));
/// assert_eq!(comparison_key("Jane DOE"), "jane doe");
/// ```
pub fn comparison_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if step::is_diacritic(c) || c == step::TATWEEL || step::is_control(c) {
            continue;
        }
        let c = step::fold_ta_marbuta(step::fold_ya(step::fold_alef(c)));
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.truncate(out.trim_end().len());
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn each_step_alone() {
        assert!(step::is_control('\u{200F}'));
        assert!(step::is_control('\u{2067}'));
        assert!(!step::is_control('ا'));
        assert!(step::is_diacritic('\u{064E}')); // fatha
        assert!(step::is_diacritic('\u{0651}')); // shadda
        assert!(step::is_diacritic('\u{0670}')); // dagger alef
        assert!(step::is_diacritic('\u{06D6}')); // Quranic mark
        assert!(!step::is_diacritic('ب'));
        for c in ['أ', 'إ', 'آ', 'ٱ'] {
            assert_eq!(step::fold_alef(c), 'ا');
        }
        assert_eq!(step::fold_ya('ى'), 'ي');
        assert_eq!(step::fold_ta_marbuta('ة'), 'ه');
        assert_eq!(step::ascii_digit('٧'), '7');
        assert_eq!(step::ascii_digit('۹'), '9');
        assert_eq!(step::ascii_digit('x'), 'x');
    }

    #[test]
    fn full_chain() {
        let n = Normalizer::ar_match();
        assert_eq!(n.normalize("الْمَدْرَسَةُ"), "المدرسه");
        assert_eq!(n.normalize("أحمد وإبراهيم وآمنة"), "احمد وابراهيم وامنه");
        assert_eq!(n.normalize("مصطفى"), "مصطفي");
        assert_eq!(n.normalize("جمـــيل"), "جميل");
        assert_eq!(n.normalize("\u{200F}نص\u{200C}"), "نص");
        assert_eq!(n.normalize("١٢٫٥ و۳"), "12٫5 و3");
        assert_eq!(n.normalize("The U.N."), "the u.n.");
    }

    #[test]
    fn nfkc_folds_presentation_forms() {
        let n = Normalizer::ar_match();
        // Lam-alef ligature and isolated/final presentation forms.
        assert_eq!(n.normalize("\u{FEFB}"), "لا");
        assert_eq!(n.normalize("\u{FE8D}\u{FEDF}\u{FEE4}"), "الم");
        // Full-width Latin.
        assert_eq!(n.normalize("ＡＢＣ"), "abc");
    }

    #[test]
    fn steps_switch_off() {
        let n = Normalizer::ar_match()
            .with_fold_ta_marbuta(false)
            .with_strip_diacritics(false);
        assert_eq!(n.normalize("مَدرسة"), "مَدرسة");
        let none = Normalizer::none();
        let s = "إِلى ﻻ ٣ ABC\u{200F}";
        assert_eq!(none.normalize(s), s);
    }

    #[test]
    fn empty_and_non_arabic() {
        let n = Normalizer::ar_match();
        assert_eq!(n.normalize(""), "");
        assert_eq!(n.normalize("Straße İ"), "straße i\u{307}");
        assert_eq!(n.normalize("日本語"), "日本語");
    }

    /// Text from a mix that exercises every step: Arabic letters that stay
    /// and that fold, harakat, tatweel, controls, digits of three scripts,
    /// presentation forms, capitals, other scripts, spaces.
    pub(crate) fn mixed_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let pieces = prop_oneof![
            4 => proptest::char::range('\u{0620}', '\u{064F}'),
            2 => proptest::char::range('\u{0650}', '\u{06FF}'),
            1 => prop::sample::select(vec![
                '\u{0640}', '\u{200C}', '\u{200F}', '\u{FEFB}', '\u{FE8D}', '\u{FDF2}',
                '\u{0653}', '\u{0675}', 'İ', 'Σ', 'ß', '\u{212A}', 'Ａ', '٫', '،', '\u{00AD}',
            ]),
            2 => proptest::char::range('A', 'z'),
            1 => proptest::char::range('0', '9'),
            2 => Just(' '),
            1 => any::<char>(),
        ];
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.into_iter().collect())
    }

    fn reference_map_chars(n: &Normalizer, text: &str, out: &mut String) {
        for c in text.chars() {
            n.map_char(c, out);
        }
    }

    fn reference_normalize(n: &Normalizer, text: &str) -> String {
        let mut out = String::new();
        if !n.nfkc {
            reference_map_chars(n, text, &mut out);
            return out;
        }
        for word in text.split_inclusive(|c: char| c.is_ascii_whitespace()) {
            // NFKC and the steps until a round changes nothing.
            let mut cur = word.to_string();
            for _ in 0..4 {
                let folded: String = cur.nfkc().collect();
                let mut next = String::new();
                reference_map_chars(n, &folded, &mut next);
                if next == cur {
                    break;
                }
                cur = next;
            }
            out.push_str(&cur);
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// The run-copying fast path gives what the steps give char by char,
        /// with every step on, and with lowercasing or NFKC off.
        #[test]
        fn fast_path_is_the_char_by_char_chain(text in mixed_text()) {
            for n in [
                Normalizer::ar_match(),
                Normalizer::ar_match().with_lowercase(false),
                Normalizer::ar_match().with_nfkc(false),
                Normalizer::none(),
            ] {
                proptest::prop_assert_eq!(n.normalize(&text), reference_normalize(&n, &text));
            }
        }

        /// Normalising twice gives what normalising once gives, also where
        /// a stripped tatweel or control sat between combining marks.
        #[test]
        fn normalising_is_idempotent(text in marks_between_strippables()) {
            let n = Normalizer::ar_match();
            let once = n.normalize(&text);
            proptest::prop_assert_eq!(n.normalize(&once), once);
        }
    }

    /// Letters, combining marks of several classes, and what the steps strip.
    fn marks_between_strippables() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let pieces = prop_oneof![
            2 => prop::sample::select(vec!['ت', 'ب', 'x', 'Ƀ', ' ']),
            3 => prop::sample::select(vec![
                '\u{0740}', '\u{0746}', '\u{0327}', '\u{0301}', '\u{0316}', '\u{05B0}',
                '\u{0610}', '\u{06E3}', '\u{0670}', '\u{064E}', '\u{0651}',
            ]),
            2 => prop::sample::select(vec!['\u{0640}', '\u{200C}', '\u{200F}', '\u{00AD}']),
            1 => any::<char>(),
        ];
        prop::collection::vec(pieces, 0..24).prop_map(|v| v.into_iter().collect())
    }
}
