//! Diacritisation (tashkeel): putting the short vowels back.
//!
//! Without them espeak-ng's Arabic voice drops short vowels (`لتعزيز` →
//! `ltʕziːz`). Two models sit behind the [`Diacritizer`] seam, both run
//! through ONNX Runtime loaded at run time:
//! - [`RawiOnnx`]: `rawi_ensemble.int8.onnx` (Apache-2.0, from the
//!   `text2tashkeel` wheel), a character BiLSTM that also restores hamza;
//! - [`DengjenOnnx`]: the dengjen-tashkeel model (MIT/Apache-2.0, from the
//!   `dengjen-tashkeel-py` wheel), a character + hint encoder.
//!
//! [`DiacritizerKind`] names them for configuration. Also here: espeak's
//! shadda-order fix and the diacritic error rate of the regression set.

mod dengjen;
mod rawi;

pub use dengjen::DengjenOnnx;
pub use rawi::RawiOnnx;

use std::path::Path;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::SpeechError;

/// Something that adds diacritics to Arabic text. Implementations must keep
/// every base character of the input in order (they only add marks).
pub trait Diacritizer: Send + Sync {
    /// A short name for reports (`"rawi-ensemble-int8"`).
    fn name(&self) -> &str;
    /// Returns `text` with diacritics. Expects one sentence or less (the
    /// front end chunks text first); marks already present are replaced.
    fn diacritize(&self, text: &str) -> Result<String, SpeechError>;
}

/// Which diacritiser a [`Speaker`](crate::Speaker) loads: a configuration
/// value (`SpeechOptions::diacritizer`, `--diacritizer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DiacritizerKind {
    /// [`DengjenOnnx`]. The default: on the WikiNewsMax dev set it gets
    /// 6.8 % of words wrong (2.7 % without the case ending) where rawi gets
    /// 18.0 % (12.0 %); docs/speech.md has the table.
    #[default]
    Dengjen,
    /// [`RawiOnnx`], the default until the WikiNewsMax measure.
    Rawi,
}

impl DiacritizerKind {
    /// Every kind, in the order reports list them.
    pub const ALL: [DiacritizerKind; 2] = [DiacritizerKind::Dengjen, DiacritizerKind::Rawi];

    /// The name used in configuration and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            DiacritizerKind::Dengjen => "dengjen",
            DiacritizerKind::Rawi => "rawi",
        }
    }

    /// Loads this diacritiser, finding ONNX Runtime and the model as
    /// [`locate`](crate::locate) describes (`model_dir` overrides the search).
    pub fn load(
        self,
        ort_library: Option<&Path>,
        model_dir: Option<&Path>,
    ) -> Result<Box<dyn Diacritizer>, SpeechError> {
        Ok(match self {
            DiacritizerKind::Dengjen => Box::new(DengjenOnnx::find(ort_library, model_dir)?),
            DiacritizerKind::Rawi => Box::new(RawiOnnx::find(ort_library, model_dir)?),
        })
    }
}

impl std::str::FromStr for DiacritizerKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        DiacritizerKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown diacritiser `{s}` (expected dengjen or rawi)"))
    }
}

/// ONNX Runtime is loaded once per process; later loads reuse it.
static ORT_ENV: OnceLock<Result<ort::environment::Environment, String>> = OnceLock::new();

fn ort_env(lib: &Path) -> Result<&'static ort::environment::Environment, SpeechError> {
    ORT_ENV
        .get_or_init(|| {
            let builder = ort::init_from(lib)
                .map_err(|e| format!("could not load ONNX Runtime from {}: {e}", lib.display()))?;
            builder
                .with_name("khulasa")
                .build()
                .map_err(|e| format!("could not start ONNX Runtime: {e}"))
        })
        .as_ref()
        .map_err(|m| SpeechError::DiacritizerUnavailable(m.clone()))
}

const SHADDA: char = '\u{0651}';

/// Puts each shadda before the other marks on its letter.
///
/// Why: Unicode canonical order (NFC/NFD) puts fatha, damma and kasra
/// (combining classes 30–32) *before* shadda (33), but espeak-ng expects the
/// shadda first and otherwise drops the vowel. Apply this last, just
/// before synthesis: any later normalisation would undo it.
///
/// ```
/// use khulasa_speech::tashkeel::shadda_first;
/// // dal + fatha + shadda (NFC order) → dal + shadda + fatha.
/// assert_eq!(shadda_first("مُد\u{064E}\u{0651}ة"), "مُد\u{0651}\u{064E}ة");
/// ```
pub fn shadda_first(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut marks: Vec<char> = Vec::new();
    let flush = |marks: &mut Vec<char>, out: &mut String| {
        if marks.contains(&SHADDA) {
            out.push(SHADDA);
            out.extend(marks.iter().filter(|&&m| m != SHADDA));
        } else {
            out.extend(marks.iter());
        }
        marks.clear();
    };
    for c in text.chars() {
        if khulasa_text::is_arabic_mark(c) {
            marks.push(c);
        } else {
            flush(&mut marks, &mut out);
            out.push(c);
        }
    }
    flush(&mut marks, &mut out);
    out
}

/// Prepares diacritised Arabic for espeak-ng: [`shadda_first`], then each
/// doubled waw or ya written out as two letters (`يّ` → `يْي`, `وّ` → `وْو`).
///
/// Why the second step: espeak-ng's Arabic rules read a shadda on ي or و
/// as a long vowel and drop the glide, so `الشَّمَالِيَّة` came out
/// `?aSS,ama:l'i:at,i` ("-iːat") and `قُوَّة` `q'u:at,un`; spelled as two
/// letters they come out `…l'i:jat,i` and `q'u:wat,un`.
///
/// ```
/// use khulasa_speech::tashkeel::for_espeak;
/// // ya + fatha + shadda → ya + sukun + ya + fatha
/// assert_eq!(for_espeak("ي\u{064E}\u{0651}ة"), "ي\u{0652}ي\u{064E}ة");
/// ```
pub fn for_espeak(text: &str) -> String {
    let ordered = shadda_first(text);
    let mut out = String::with_capacity(ordered.len() + 16);
    let chars: Vec<char> = ordered.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        // Not before tanween: `رَسْمِيًّا` reads better with the shadda
        // (`R'asmi:,an`) than spelled out (`Rasm'i:i,an`).
        let next_is_tanween = chars
            .get(i + 1)
            .is_some_and(|m| ('\u{064B}'..='\u{064D}').contains(m));
        if (c == '\u{064A}' || c == '\u{0648}') && chars.get(i) == Some(&SHADDA) && !next_is_tanween
        {
            i += 1;
            out.push(c);
            out.push('\u{0652}');
            out.push(c);
        } else {
            out.push(c);
        }
    }
    out
}

/// Harakat, tanween, shadda and sukun: the marks DER is scored on.
fn is_haraka(c: char) -> bool {
    ('\u{064B}'..='\u{0652}').contains(&c)
}

/// Removes harakat (and dagger alef), keeping letters and hamza forms.
pub fn strip_harakat(text: &str) -> String {
    text.chars()
        .filter(|&c| !is_haraka(c) && c != '\u{0670}')
        .collect()
}

/// Diacritic error rate of a prediction against a hand-vocalised reference.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Der {
    /// Arabic letters scored.
    pub letters: usize,
    /// Letters whose set of marks differs from the reference.
    pub errors: usize,
    /// Letters scored when each word's last letter (its case ending) is left out.
    pub letters_no_case: usize,
    /// Errors among those.
    pub errors_no_case: usize,
}

impl Der {
    /// Errors per letter, all letters (0.0 when nothing was scored).
    pub fn rate(&self) -> f64 {
        if self.letters == 0 {
            0.0
        } else {
            self.errors as f64 / self.letters as f64
        }
    }
    /// Errors per letter without case endings.
    pub fn rate_no_case(&self) -> f64 {
        if self.letters_no_case == 0 {
            0.0
        } else {
            self.errors_no_case as f64 / self.letters_no_case as f64
        }
    }
    /// Adds another count (to sum over sentences).
    pub fn add(&mut self, o: Der) {
        self.letters += o.letters;
        self.errors += o.errors;
        self.letters_no_case += o.letters_no_case;
        self.errors_no_case += o.errors_no_case;
    }
}

/// (base character, sorted harakat) per base character of the NFD text;
/// hamza marks and dagger alef are left out of the marks.
fn letters_with_marks(text: &str) -> Vec<(char, Vec<char>)> {
    let mut v: Vec<(char, Vec<char>)> = Vec::new();
    for c in text.nfd() {
        if is_combining_mark(c) {
            if is_haraka(c)
                && let Some(last) = v.last_mut()
            {
                last.1.push(c);
            }
        } else {
            v.push((c, Vec::new()));
        }
    }
    for (_, m) in &mut v {
        m.sort_unstable();
        m.dedup();
    }
    v
}

/// Scores `predicted` against `reference` letter by letter. Both must have
/// the same letters (compared without hamza marks, which rawi restores);
/// every Arabic letter counts, a letter with no mark included.
pub fn der(reference: &str, predicted: &str) -> Result<Der, String> {
    let r = letters_with_marks(reference);
    let p = letters_with_marks(predicted);
    if r.len() != p.len() || r.iter().zip(&p).any(|(a, b)| a.0 != b.0) {
        return Err(format!(
            "letters differ: {:?} vs {:?}",
            strip_harakat(reference),
            strip_harakat(predicted)
        ));
    }
    let mut d = Der::default();
    for (i, ((c, rm), (_, pm))) in r.iter().zip(&p).enumerate() {
        if !khulasa_text::is_arabic_letter(*c) {
            continue;
        }
        let wrong = rm != pm;
        d.letters += 1;
        d.errors += wrong as usize;
        let last_of_word = r
            .get(i + 1)
            .is_none_or(|(n, _)| !khulasa_text::is_arabic_letter(*n));
        if !last_of_word {
            d.letters_no_case += 1;
            d.errors_no_case += wrong as usize;
        }
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shadda_moves_before_vowel_and_tanween() {
        assert_eq!(shadda_first("ب\u{064F}\u{0651}"), "ب\u{0651}\u{064F}");
        assert_eq!(shadda_first("ب\u{064C}\u{0651} ج"), "ب\u{0651}\u{064C} ج");
        assert_eq!(shadda_first("كَتَبَ"), "كَتَبَ");
    }

    #[test]
    fn doubled_glides_are_spelled_out_except_before_tanween() {
        // ـيَّة (NFC: fatha then shadda) → ـيْيَة
        assert_eq!(for_espeak("ي\u{064E}\u{0651}ة"), "ي\u{0652}ي\u{064E}ة");
        assert_eq!(for_espeak("و\u{064E}\u{0651}"), "و\u{0652}و\u{064E}");
        // ـيًّا keeps its shadda, moved first.
        assert_eq!(for_espeak("ي\u{064B}\u{0651}ا"), "ي\u{0651}\u{064B}ا");
        assert_eq!(for_espeak("د\u{064E}\u{0651}"), "د\u{0651}\u{064E}");
    }

    #[test]
    fn der_counts_letters_and_case_endings() {
        let gold = "كَتَبَ الوَلَدُ";
        assert_eq!(der(gold, gold).unwrap().errors, 0);
        let d = der(gold, "كَتَبَ الوَلَدَ").unwrap();
        assert_eq!((d.errors, d.errors_no_case), (1, 0));
        assert_eq!(d.letters, 8);
        assert!(der(gold, "كتب البنت").is_err());
    }

    #[test]
    fn der_ignores_hamza_marks() {
        // أ (NFC) and ا + hamza (NFD) are the same letter for scoring.
        assert_eq!(der("أَكَلَ", "اَكَلَ").unwrap().errors, 0);
        assert_eq!(der("أَكَلَ", "أَكَلَ").unwrap().errors, 0);
    }
}
