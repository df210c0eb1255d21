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
//! shadda-order fix. The error rates are measured in khulasa-eval.

mod dengjen;
mod rawi;

pub use dengjen::DengjenOnnx;
pub use rawi::RawiOnnx;

use std::path::Path;
use std::sync::OnceLock;

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

pub(crate) fn ort_env(lib: &Path) -> Result<&'static ort::environment::Environment, SpeechError> {
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
}
