//! Diacritisation (tashkeel): putting the short vowels back.
//!
//! Without them espeak-ng's Arabic voice drops short vowels (`لتعزيز` →
//! `ltʕziːz`). The model is `rawi_ensemble.int8.onnx` (Apache-2.0, from the
//! `text2tashkeel` wheel): a character BiLSTM whose one graph outputs one
//! diacritic class per character, run through ONNX Runtime loaded at run
//! time. Also here: espeak's shadda-order fix and the diacritic error rate.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

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

/// The rawi ensemble model run through ONNX Runtime.
pub struct RawiOnnx {
    // `Session::run` needs `&mut`; one lock keeps `RawiOnnx` `Sync`.
    session: Mutex<ort::session::Session>,
    char_to_id: HashMap<char, i64>,
    id_to_marks: Vec<String>,
    unk: i64,
}

impl RawiOnnx {
    /// Loads ONNX Runtime from `ort_library` (once per process) and the model
    /// with its vocabulary (`char_to_idx`, `diac_to_idx` JSON).
    pub fn load(ort_library: &Path, model: &Path, vocab: &Path) -> Result<Self, SpeechError> {
        let env = ort_env(ort_library)?;
        let unavailable = |m: String| SpeechError::DiacritizerUnavailable(m);
        let text = std::fs::read_to_string(vocab)
            .map_err(|e| unavailable(format!("could not read {}: {e}", vocab.display())))?;
        #[derive(serde::Deserialize)]
        struct Vocab {
            char_to_idx: HashMap<String, i64>,
            diac_to_idx: HashMap<String, i64>,
        }
        let v: Vocab = serde_json::from_str(&text).map_err(|e| {
            unavailable(format!("{} is not a rawi vocabulary: {e}", vocab.display()))
        })?;
        let mut char_to_id = HashMap::new();
        for (k, id) in &v.char_to_idx {
            let mut cs = k.chars();
            if let (Some(c), None) = (cs.next(), cs.next()) {
                char_to_id.insert(c, *id);
            }
        }
        let unk = v.char_to_idx.get("<UNK>").copied().unwrap_or(1);
        let n = v.diac_to_idx.values().copied().max().unwrap_or(0).max(0) as usize + 1;
        let mut id_to_marks = vec![String::new(); n];
        for (marks, id) in v.diac_to_idx {
            if id >= 0 {
                id_to_marks[id as usize] = marks;
            }
        }
        let session = ort::session::Session::builder(env)
            .and_then(|b| b.with_intra_threads(1).map_err(Into::into))
            .and_then(|mut b| b.commit_from_file(model))
            .map_err(|e| {
                unavailable(format!("could not load the model {}: {e}", model.display()))
            })?;
        Ok(RawiOnnx {
            session: Mutex::new(session),
            char_to_id,
            id_to_marks,
            unk,
        })
    }

    /// Loads using [`locate`](crate::locate) to find the library and model.
    pub fn find(ort_library: Option<&Path>, model_dir: Option<&Path>) -> Result<Self, SpeechError> {
        let lib =
            crate::locate::ort_library(ort_library).map_err(SpeechError::DiacritizerUnavailable)?;
        let (model, vocab) = crate::locate::tashkeel_model(model_dir)
            .map_err(SpeechError::DiacritizerUnavailable)?;
        Self::load(&lib, &model, &vocab)
    }
}

impl Diacritizer for RawiOnnx {
    fn name(&self) -> &str {
        "rawi-ensemble-int8"
    }

    fn diacritize(&self, text: &str) -> Result<String, SpeechError> {
        // The model reads the NFD base sequence: combining marks (harakat,
        // and the hamza of أ إ ؤ ئ) removed. It predicts them back, hamza
        // included, as one class per character.
        let units = units(text);
        let bare: Vec<char> = units.iter().map(|u| u.0).collect();
        if bare.is_empty() {
            return Ok(text.to_string());
        }
        let ids: Vec<i64> = bare
            .iter()
            .map(|c| *self.char_to_id.get(c).unwrap_or(&self.unk))
            .collect();
        let n = ids.len();
        let err = |e: ort::Error| SpeechError::Diacritizer(e.to_string());
        let input = ort::value::Tensor::from_array(([1usize, n], ids)).map_err(err)?;
        let mut session = self.session.lock().unwrap_or_else(|p| p.into_inner());
        let outputs = session.run(ort::inputs!["input" => input]).map_err(err)?;
        let classes: Vec<usize> = {
            let value = &outputs["gated_cls"];
            if let Ok((_, data)) = value.try_extract_tensor::<i64>() {
                data.iter().map(|&c| c.max(0) as usize).collect()
            } else {
                let (_, data) = value.try_extract_tensor::<i32>().map_err(err)?;
                data.iter().map(|&c| c.max(0) as usize).collect()
            }
        };
        drop(outputs);
        drop(session);
        if classes.len() != n {
            return Err(SpeechError::Diacritizer(format!(
                "the model returned {} classes for {n} characters",
                classes.len()
            )));
        }
        // Words the author already vocalised keep their marks; a hamza the
        // author wrote is kept (the model's own hamza guess only fills in
        // where the text has a bare alef, waw or ya).
        let vocalised = vocalised_words(&units);
        let mut out = String::with_capacity(text.len() * 2);
        for (i, ((c, orig), k)) in units.iter().zip(classes).enumerate() {
            out.push(*c);
            if vocalised[i] {
                out.extend(orig.iter());
                continue;
            }
            let hamza: Vec<char> = orig.iter().copied().filter(|&m| is_hamza_mark(m)).collect();
            out.extend(hamza.iter());
            if c.is_alphabetic()
                && let Some(m) = self.id_to_marks.get(k)
            {
                out.extend(m.chars().filter(|&m| hamza.is_empty() || !is_hamza_mark(m)));
            }
        }
        Ok(out.nfc().collect())
    }
}

/// The NFD text as (base character, its combining marks).
fn units(text: &str) -> Vec<(char, Vec<char>)> {
    let mut v: Vec<(char, Vec<char>)> = Vec::new();
    for c in text.nfd() {
        match v.last_mut() {
            Some(last) if is_combining_mark(c) => last.1.push(c),
            _ if is_combining_mark(c) => {} // a stray mark at the start: dropped
            _ => v.push((c, Vec::new())),
        }
    }
    v
}

/// Hamza above/below and madda: part of the letter's spelling, not a vowel.
fn is_hamza_mark(c: char) -> bool {
    matches!(c, '\u{0653}'..='\u{0655}')
}

/// Per unit: did the author vocalise the whitespace-delimited word it
/// belongs to (harakat on at least half its letters)? A lone tanween
/// (`رسمياً`) does not count: the rest of the word still needs vowels.
fn vocalised_words(units: &[(char, Vec<char>)]) -> Vec<bool> {
    let mut out = vec![false; units.len()];
    let mut start = 0;
    for i in 0..=units.len() {
        if i == units.len() || units[i].0.is_whitespace() {
            let word = &units[start..i];
            let letters = word.iter().filter(|u| u.0.is_alphabetic()).count();
            let marked = word
                .iter()
                .filter(|u| u.1.iter().any(|&m| is_haraka(m)))
                .count();
            let has = marked > 0 && marked * 2 >= letters;
            out[start..i].iter_mut().for_each(|v| *v = has);
            start = i + 1;
        }
    }
    out
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
