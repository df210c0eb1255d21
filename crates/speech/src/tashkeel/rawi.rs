//! The rawi ensemble (rawi-v2 decides where a mark goes, rawi-v3 which one,
//! one ONNX graph, int8): reads bare letters, predicts marks and hamza.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::{Diacritizer, is_haraka, ort_env};
use crate::SpeechError;

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
pub(super) fn units(text: &str) -> Vec<(char, Vec<char>)> {
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
pub(super) fn vocalised_words(units: &[(char, Vec<char>)]) -> Vec<bool> {
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
