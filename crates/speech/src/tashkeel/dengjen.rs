//! The dengjen-tashkeel model: a character encoder that also reads a "hint"
//! per character (the marks the author already wrote) and predicts one mark
//! class per character. Letters are kept as written (it restores no hamza).
//!
//! Files: `dengjen_tashkeel.onnx` and `dengjen_tashkeel.maps.json` (the
//! input, hint and target id maps), cut from the `dengjen-tashkeel-py` wheel
//! by `scripts/setup.sh`. The pre- and post-processing here are ours,
//! written against the model's interface: `char_inputs` and `diac_inputs`
//! (`i64 [1, n]`), `input_lengths` (`i64 [1]`) in; predicted classes
//! (`u8 [1, n]`) and logits out.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use unicode_normalization::UnicodeNormalization;

use super::rawi::{units, vocalised_words};
use super::{Diacritizer, SHADDA, ort_env};
use crate::SpeechError;

/// The marks the model reads as hints and writes as classes.
fn is_model_mark(c: char) -> bool {
    ('\u{064B}'..='\u{0652}').contains(&c)
}

/// The dengjen-tashkeel model run through ONNX Runtime.
pub struct DengjenOnnx {
    // `Session::run` needs `&mut`; one lock keeps `DengjenOnnx` `Sync`.
    session: Mutex<ort::session::Session>,
    input: HashMap<char, i64>,
    /// Id of `#`, which stands for every digit.
    digit: Option<i64>,
    hint: HashMap<String, i64>,
    /// Id of "no mark written".
    no_hint: i64,
    target: Vec<String>,
}

#[derive(serde::Deserialize)]
struct Maps {
    input: HashMap<String, i64>,
    hint: HashMap<String, i64>,
    target: HashMap<String, i64>,
}

impl DengjenOnnx {
    /// Loads ONNX Runtime from `ort_library` (once per process), the model
    /// and its id maps (JSON with `input`, `hint` and `target` objects).
    pub fn load(ort_library: &Path, model: &Path, maps: &Path) -> Result<Self, SpeechError> {
        let env = ort_env(ort_library)?;
        let unavailable = |m: String| SpeechError::DiacritizerUnavailable(m);
        let text = std::fs::read_to_string(maps)
            .map_err(|e| unavailable(format!("could not read {}: {e}", maps.display())))?;
        let m: Maps = serde_json::from_str(&text).map_err(|e| {
            unavailable(format!(
                "{} is not a dengjen-tashkeel id map: {e}",
                maps.display()
            ))
        })?;
        let mut input = HashMap::new();
        for (k, id) in &m.input {
            let mut cs = k.chars();
            if let (Some(c), None) = (cs.next(), cs.next()) {
                input.insert(c, *id);
            }
        }
        let n = m.target.values().copied().max().unwrap_or(0).max(0) as usize + 1;
        let mut target = vec![String::new(); n];
        for (marks, id) in m.target {
            // `_` is padding: no mark.
            if id >= 0 && marks != "_" {
                target[id as usize] = marks;
            }
        }
        let no_hint = m
            .hint
            .get("")
            .copied()
            .ok_or_else(|| unavailable(format!("{} has no empty hint", maps.display())))?;
        let session = ort::session::Session::builder(env)
            .and_then(|b| b.with_intra_threads(1).map_err(Into::into))
            .and_then(|mut b| b.commit_from_file(model))
            .map_err(|e| {
                unavailable(format!("could not load the model {}: {e}", model.display()))
            })?;
        Ok(DengjenOnnx {
            session: Mutex::new(session),
            digit: input.get(&'#').copied(),
            input,
            hint: m.hint,
            no_hint,
            target,
        })
    }

    /// Loads using [`locate`](crate::locate) to find the library and model.
    pub fn find(ort_library: Option<&Path>, model_dir: Option<&Path>) -> Result<Self, SpeechError> {
        let lib =
            crate::locate::ort_library(ort_library).map_err(SpeechError::DiacritizerUnavailable)?;
        let (model, maps) =
            crate::locate::dengjen_model(model_dir).map_err(SpeechError::DiacritizerUnavailable)?;
        Self::load(&lib, &model, &maps)
    }

    /// The hint id for the marks written on one letter. Unknown combinations
    /// (three marks, a stray dagger alef) count as none written.
    fn hint_id(&self, marks: &[char]) -> i64 {
        let mut written: Vec<char> = marks
            .iter()
            .copied()
            .filter(|&m| is_model_mark(m))
            .collect();
        // The map spells shadda first; NFD puts it after a vowel.
        written.sort_by_key(|&m| m != SHADDA);
        let key: String = written.into_iter().collect();
        self.hint.get(&key).copied().unwrap_or(self.no_hint)
    }
}

impl Diacritizer for DengjenOnnx {
    fn name(&self) -> &str {
        "dengjen-tashkeel-3.0.2"
    }

    fn diacritize(&self, text: &str) -> Result<String, SpeechError> {
        // Units are NFD letters with their marks; the model's alphabet is
        // precomposed (أ إ آ ؤ ئ), so each unit is recomposed to look it up.
        let units = units(text);
        let mut pos: Vec<Option<usize>> = Vec::with_capacity(units.len());
        let (mut ids, mut hints) = (Vec::new(), Vec::new());
        for (c, marks) in &units {
            let spelled: String = std::iter::once(*c)
                .chain(marks.iter().copied().filter(|&m| !is_model_mark(m)))
                .nfc()
                .collect();
            let mut cs = spelled.chars();
            let letter = match (cs.next(), cs.next()) {
                (Some(l), None) => l,
                _ => *c,
            };
            let id = self
                .input
                .get(&letter)
                .copied()
                .or_else(|| khulasa_text::digit_value(letter).and(self.digit));
            match id {
                Some(id) => {
                    pos.push(Some(ids.len()));
                    ids.push(id);
                    hints.push(self.hint_id(marks));
                }
                None => pos.push(None),
            }
        }
        if ids.is_empty() {
            return Ok(text.to_string());
        }
        let n = ids.len();
        let err = |e: ort::Error| SpeechError::Diacritizer(e.to_string());
        let chars = ort::value::Tensor::from_array(([1usize, n], ids)).map_err(err)?;
        let diacs = ort::value::Tensor::from_array(([1usize, n], hints)).map_err(err)?;
        let lengths = ort::value::Tensor::from_array(([1usize], vec![n as i64])).map_err(err)?;
        let mut session = self.session.lock().unwrap_or_else(|p| p.into_inner());
        let outputs = session
            .run(ort::inputs![
                "char_inputs" => chars,
                "diac_inputs" => diacs,
                "input_lengths" => lengths
            ])
            .map_err(err)?;
        let classes: Vec<usize> = {
            let (_, data) = outputs[0].try_extract_tensor::<u8>().map_err(err)?;
            data.iter().map(|&c| c as usize).collect()
        };
        drop(outputs);
        drop(session);
        if classes.len() != n {
            return Err(SpeechError::Diacritizer(format!(
                "the model returned {} classes for {n} characters",
                classes.len()
            )));
        }
        // As with rawi: words the author vocalised keep their marks; marks
        // the model does not write (hamza, dagger alef) are kept.
        let vocalised = vocalised_words(&units);
        let mut out = String::with_capacity(text.len() * 2);
        for (i, (c, orig)) in units.iter().enumerate() {
            out.push(*c);
            if vocalised[i] {
                out.extend(orig.iter());
                continue;
            }
            out.extend(orig.iter().copied().filter(|&m| !is_model_mark(m)));
            if let Some(k) = pos[i]
                && khulasa_text::is_arabic_letter(*c)
                && let Some(m) = self.target.get(classes[k])
            {
                out.push_str(m);
            }
        }
        Ok(out.nfc().collect())
    }
}
