//! Piper voices: VITS models in ONNX, read through the same ONNX Runtime as
//! the diacritiser, behind the [`Synthesizer`] seam.
//!
//! A voice is two files: `NAME.onnx` and `NAME.onnx.json` beside it (sample
//! rate, espeak-ng voice, phoneme-id map, inference scales). The way through,
//! per chunk of plain text (the front end has verbalised it and, for Arabic,
//! diacritised it):
//! 1. espeak-ng's IPA phonemes, clause by clause, each clause followed by the
//!    punctuation that ended it ([`PiperVoice::phonemes`]);
//! 2. ids from the voice's `phoneme_id_map`, Piper's way: `^` first, `$`
//!    last, `_` (pad) after every phoneme ([`PiperConfig::phoneme_ids`]);
//! 3. the model: `input` (`i64 [1, n]`), `input_lengths` (`i64 [1]`),
//!    `scales` (`f32 [3]`: noise, length, noise_w) and, for a voice with
//!    several speakers, `sid` (`i64 [1]`), giving `f32` samples in −1..1;
//! 4. 16-bit PCM ([`pcm_from_f32`]), which refuses NaN and infinities.
//!
//! The speaking rate scales the model's length scale (160 words a minute is
//! the voice's own pace); a sentence ends with 200 ms of silence, as Piper
//! does and as espeak-ng's sentence pause does.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use unicode_normalization::UnicodeNormalization;

use crate::frontend::Voice;
use crate::{SpeechError, Synthesizer};

/// The speaking rate at which a voice keeps its own length scale.
const NATURAL_WPM: f32 = 160.0;
/// Silence after a sentence, in milliseconds (Piper's default).
const SENTENCE_SILENCE_MS: u32 = 200;
/// The most phoneme ids one model call gets. A front-end chunk (at most
/// 400 characters) needs well under half of it.
pub const MAX_PHONEME_IDS: usize = 4096;

/// What a voice's `.onnx.json` says, as far as synthesis needs it.
#[derive(Debug, Clone)]
pub struct PiperConfig {
    /// The file it was read from.
    pub path: PathBuf,
    /// Samples per second the model produces.
    pub sample_rate: u32,
    /// The espeak-ng voice whose phonemes the model was trained on (`en-us`, `ar`).
    pub espeak_voice: String,
    /// The language family (`en`, `ar`): which of our voices it can stand for.
    pub language: String,
    /// Each phoneme (one Unicode scalar) → its ids.
    pub id_map: HashMap<char, Vec<i64>>,
    /// Inference scales: noise, length, noise_w.
    pub noise_scale: f32,
    /// The voice's own length scale (larger is slower).
    pub length_scale: f32,
    /// Phoneme duration noise.
    pub noise_w: f32,
    /// Speakers in the model (a `sid` input when more than one).
    pub num_speakers: u32,
}

/// Phoneme ids for one text, and the phonemes the map does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhonemeIds {
    /// The ids, with bos, eos and pads.
    pub ids: Vec<i64>,
    /// Phonemes left out because the voice's map lacks them.
    pub missing: Vec<char>,
}

#[derive(serde::Deserialize)]
struct RawConfig {
    audio: Option<RawAudio>,
    espeak: Option<RawEspeak>,
    inference: Option<RawInference>,
    phoneme_id_map: Option<HashMap<String, Vec<i64>>>,
    num_speakers: Option<u32>,
    language: Option<RawLanguage>,
    phoneme_type: Option<String>,
}

#[derive(serde::Deserialize)]
struct RawAudio {
    sample_rate: u32,
}

#[derive(serde::Deserialize)]
struct RawEspeak {
    voice: String,
}

#[derive(serde::Deserialize)]
struct RawInference {
    noise_scale: Option<f32>,
    length_scale: Option<f32>,
    noise_w: Option<f32>,
}

#[derive(serde::Deserialize)]
struct RawLanguage {
    family: Option<String>,
    code: Option<String>,
}

fn voice_error(path: &Path, reason: impl Into<String>) -> SpeechError {
    SpeechError::Voice {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

impl PiperConfig {
    /// Reads and checks a voice's `.onnx.json`.
    pub fn load(path: &Path) -> Result<Self, SpeechError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| voice_error(path, format!("cannot read it: {e}")))?;
        Self::parse(&text, path)
    }

    /// Parses the JSON of a voice configuration; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, SpeechError> {
        let raw: RawConfig = serde_json::from_str(text)
            .map_err(|e| voice_error(path, format!("not a Piper voice configuration: {e}")))?;
        if let Some(t) = raw.phoneme_type.as_deref()
            && t != "espeak"
        {
            return Err(voice_error(
                path,
                format!("its phoneme_type is {t:?}; only espeak-phonemised voices are read"),
            ));
        }
        let map = raw
            .phoneme_id_map
            .filter(|m| !m.is_empty())
            .ok_or_else(|| voice_error(path, "it has no phoneme_id_map"))?;
        let mut id_map = HashMap::with_capacity(map.len());
        for (k, ids) in map {
            let mut cs = k.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) if !ids.is_empty() => {
                    id_map.insert(c, ids);
                }
                _ => {
                    return Err(voice_error(
                        path,
                        format!(
                            "its phoneme_id_map has an entry {k:?} that is not one phoneme with ids"
                        ),
                    ));
                }
            }
        }
        for (sym, role) in [('_', "pad"), ('^', "start"), ('$', "end")] {
            if !id_map.contains_key(&sym) {
                return Err(voice_error(
                    path,
                    format!("its phoneme_id_map has no {role} symbol {sym:?}"),
                ));
            }
        }
        let sample_rate = raw
            .audio
            .map(|a| a.sample_rate)
            .filter(|r| (8_000..=96_000).contains(r))
            .ok_or_else(|| voice_error(path, "audio.sample_rate is missing or out of range"))?;
        let espeak_voice = raw
            .espeak
            .map(|e| e.voice)
            .filter(|v| !v.trim().is_empty())
            .ok_or_else(|| voice_error(path, "espeak.voice is missing"))?;
        let language = raw
            .language
            .and_then(|l| l.family.or(l.code))
            .unwrap_or_else(|| espeak_voice.clone())
            .split(['_', '-'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let inf = raw.inference;
        let scale = |v: Option<f32>, default: f32| {
            v.filter(|x| x.is_finite() && *x >= 0.0).unwrap_or(default)
        };
        Ok(PiperConfig {
            path: path.to_path_buf(),
            sample_rate,
            espeak_voice,
            language,
            id_map,
            noise_scale: scale(inf.as_ref().and_then(|i| i.noise_scale), 0.667),
            length_scale: scale(inf.as_ref().and_then(|i| i.length_scale), 1.0).max(0.05),
            noise_w: scale(inf.as_ref().and_then(|i| i.noise_w), 0.8),
            num_speakers: raw.num_speakers.unwrap_or(1).max(1),
        })
    }

    /// Which of our voices this one can read: Arabic for an `ar` voice,
    /// English otherwise.
    pub fn voice(&self) -> Voice {
        if self.language == "ar" {
            Voice::Arabic
        } else {
            Voice::English
        }
    }

    /// Ids for IPA `phonemes`, Piper's way: `^ _ p1 _ p2 _ … $`. The text is
    /// taken apart into scalars after NFD; a scalar the map lacks is left
    /// out and listed in [`PhonemeIds::missing`].
    pub fn phoneme_ids(&self, phonemes: &str) -> PhonemeIds {
        let pad = &self.id_map[&'_'];
        let mut ids = self.id_map[&'^'].clone();
        ids.extend_from_slice(pad);
        let mut missing = Vec::new();
        for c in phonemes.nfd() {
            match self.id_map.get(&c) {
                Some(v) => {
                    ids.extend_from_slice(v);
                    ids.extend_from_slice(pad);
                }
                None => {
                    if !missing.contains(&c) {
                        missing.push(c);
                    }
                }
            }
        }
        ids.extend_from_slice(&self.id_map[&'$']);
        PhonemeIds { ids, missing }
    }
}

/// Turns the model's `f32` samples (−1..1) into 16-bit PCM appended to
/// `out`, clipping peaks. NaN or infinite samples (a broken model) are an
/// error, not noise.
pub fn pcm_from_f32(samples: &[f32], out: &mut Vec<i16>) -> Result<(), SpeechError> {
    if let Some(i) = samples.iter().position(|s| !s.is_finite()) {
        return Err(SpeechError::Synthesizer(format!(
            "the voice model produced an invalid sample ({}) at {i} of {}",
            samples[i],
            samples.len()
        )));
    }
    out.reserve(samples.len());
    out.extend(
        samples
            .iter()
            .map(|&s| (s.clamp(-1.0, 1.0) * 32767.0).round() as i16),
    );
    Ok(())
}

/// A Piper voice loaded into ONNX Runtime.
pub struct PiperVoice {
    config: PiperConfig,
    model: PathBuf,
    name: String,
    has_sid: bool,
    // `Session::run` needs `&mut`; the lock keeps `PiperVoice` `Sync`.
    session: Mutex<ort::session::Session>,
}

impl std::fmt::Debug for PiperVoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PiperVoice")
            .field("model", &self.model)
            .field("sample_rate", &self.config.sample_rate)
            .field("language", &self.config.language)
            .finish_non_exhaustive()
    }
}

/// The configuration file of a voice model: `NAME.onnx` → `NAME.onnx.json`.
pub fn config_path(model: &Path) -> PathBuf {
    let mut p = model.as_os_str().to_owned();
    p.push(".json");
    PathBuf::from(p)
}

impl PiperVoice {
    /// Loads the voice `model` (`.onnx`, with its `.onnx.json` beside it)
    /// into ONNX Runtime, found as [`locate`](crate::locate) says unless
    /// `ort_library` names it. Every failure names the file at fault.
    pub fn load(model: &Path, ort_library: Option<&Path>) -> Result<Self, SpeechError> {
        if !model.is_file() {
            return Err(voice_error(model, "no such file"));
        }
        let cfg_path = config_path(model);
        if !cfg_path.is_file() {
            return Err(voice_error(
                &cfg_path,
                format!(
                    "no such file (a Piper voice needs it beside {})",
                    model.display()
                ),
            ));
        }
        let config = PiperConfig::load(&cfg_path)?;
        let lib = crate::locate::ort_library(ort_library).map_err(|m| voice_error(model, m))?;
        let env = crate::tashkeel::ort_env(&lib).map_err(|e| voice_error(model, e.to_string()))?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let session = ort::session::Session::builder(env)
            .and_then(|b| b.with_intra_threads(threads).map_err(Into::into))
            .and_then(|mut b| b.commit_from_file(model))
            .map_err(|e| voice_error(model, format!("not a loadable ONNX model: {e}")))?;
        let names: Vec<&str> = session.inputs().iter().map(|i| i.name()).collect();
        for want in ["input", "input_lengths", "scales"] {
            if !names.contains(&want) {
                return Err(voice_error(
                    model,
                    format!("not a Piper model: it has no input {want:?} (inputs: {names:?})"),
                ));
            }
        }
        let has_sid = names.contains(&"sid");
        let name = model
            .file_name()
            .and_then(|n| n.to_str())
            .map(|n| n.trim_end_matches(".onnx").to_string())
            .unwrap_or_else(|| "piper".into());
        Ok(PiperVoice {
            config,
            model: model.to_path_buf(),
            name,
            has_sid,
            session: Mutex::new(session),
        })
    }

    /// What its `.onnx.json` says.
    pub fn config(&self) -> &PiperConfig {
        &self.config
    }

    /// The model file.
    pub fn model_path(&self) -> &Path {
        &self.model
    }

    /// IPA phonemes for `text` as this voice reads it: espeak-ng with the
    /// voice's espeak voice, clauses joined, each followed by its
    /// punctuation (and a space after a comma, colon or semicolon).
    pub fn phonemes(&self, text: &str) -> Result<String, SpeechError> {
        ipa(text, &self.config.espeak_voice)
    }

    /// Runs the model on `ids` at `length_scale`, appending PCM to `out`.
    fn infer(
        &self,
        ids: Vec<i64>,
        length_scale: f32,
        out: &mut Vec<i16>,
    ) -> Result<(), SpeechError> {
        let n = ids.len();
        let err =
            |e: ort::Error| SpeechError::Synthesizer(format!("{}: {e}", self.model.display()));
        let input = ort::value::Tensor::from_array(([1usize, n], ids)).map_err(err)?;
        let lengths = ort::value::Tensor::from_array(([1usize], vec![n as i64])).map_err(err)?;
        let c = &self.config;
        let scales = ort::value::Tensor::from_array((
            [3usize],
            vec![c.noise_scale, length_scale, c.noise_w],
        ))
        .map_err(err)?;
        let mut inputs = ort::inputs![
            "input" => input,
            "input_lengths" => lengths,
            "scales" => scales
        ];
        if self.has_sid {
            let sid = ort::value::Tensor::from_array(([1usize], vec![0i64])).map_err(err)?;
            inputs.push(("sid".into(), sid.into()));
        }
        let mut session = self.session.lock().unwrap_or_else(|p| p.into_inner());
        let outputs = session.run(inputs).map_err(err)?;
        let (_, data) = outputs[0].try_extract_tensor::<f32>().map_err(err)?;
        pcm_from_f32(data, out)
    }
}

/// espeak-ng's IPA for `text` with `espeak_voice`, Piper's way: clauses
/// joined, each followed by the punctuation that ended it.
pub fn ipa(text: &str, espeak_voice: &str) -> Result<String, SpeechError> {
    let mut s = String::new();
    for (ph, end) in crate::espeak::ipa_clauses(text, espeak_voice)? {
        if ph.is_empty() && end.is_none() {
            continue;
        }
        if !s.is_empty() && !s.ends_with(' ') {
            s.push(' ');
        }
        s.push_str(&ph);
        if let Some(p) = end {
            s.push(p);
            if matches!(p, ',' | ':' | ';') {
                s.push(' ');
            }
        }
    }
    Ok(s.trim_end().to_string())
}

impl Synthesizer for PiperVoice {
    fn name(&self) -> &str {
        &self.name
    }

    fn id(&self) -> String {
        format!("piper:{}", self.name)
    }

    fn sample_rate(&self) -> Result<u32, SpeechError> {
        Ok(self.config.sample_rate)
    }

    fn synthesize(
        &self,
        text: &str,
        _voice: Voice,
        rate_wpm: u32,
        out: &mut Vec<i16>,
    ) -> Result<(), SpeechError> {
        let phonemes = self.phonemes(text)?;
        if !phonemes.chars().any(char::is_alphabetic) {
            return Ok(()); // punctuation only: nothing to say
        }
        let PhonemeIds { ids, .. } = self.config.phoneme_ids(&phonemes);
        if ids.len() > MAX_PHONEME_IDS {
            return Err(SpeechError::Synthesizer(format!(
                "{} phoneme ids in one chunk, above the {MAX_PHONEME_IDS} a model call takes",
                ids.len()
            )));
        }
        let rate = rate_wpm.clamp(80, 450) as f32;
        let length_scale = self.config.length_scale * NATURAL_WPM / rate;
        self.infer(ids, length_scale, out)?;
        if text
            .trim_end()
            .ends_with(['.', '!', '?', '؟', '؛', ';', '…', ':'])
        {
            let n = self.config.sample_rate as usize * SENTENCE_SILENCE_MS as usize / 1000;
            out.resize(out.len() + n, 0);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = r#"{"audio": {"sample_rate": 16000}, "espeak": {"voice": "ar"},
        "inference": {"noise_scale": 0.5, "length_scale": 1.2, "noise_w": 0.7},
        "phoneme_id_map": {"_": [0], "^": [1], "$": [2], " ": [3], "a": [4], "ː": [5], "ˈ": [6]},
        "num_speakers": 1, "language": {"code": "ar_JO", "family": "ar"}}"#;

    fn mini() -> PiperConfig {
        PiperConfig::parse(MINI, Path::new("mini.onnx.json")).unwrap()
    }

    #[test]
    fn ids_follow_pipers_pad_bos_eos_rules() {
        let c = mini();
        assert_eq!(c.voice(), Voice::Arabic);
        assert_eq!(c.sample_rate, 16000);
        let got = c.phoneme_ids("ˈaː a");
        assert_eq!(got.ids, vec![1, 0, 6, 0, 4, 0, 5, 0, 3, 0, 4, 0, 2]);
        assert!(got.missing.is_empty());
        let got = c.phoneme_ids("aq");
        assert_eq!(got.ids, vec![1, 0, 4, 0, 2]);
        assert_eq!(got.missing, vec!['q']);
    }

    #[test]
    fn a_config_without_its_map_names_the_file() {
        let e = PiperConfig::parse(
            r#"{"audio": {"sample_rate": 22050}, "espeak": {"voice": "en-us"}}"#,
            Path::new("/v/x.onnx.json"),
        )
        .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("/v/x.onnx.json") && msg.contains("phoneme_id_map"),
            "{msg}"
        );
        let e = PiperConfig::parse("not json", Path::new("/v/y.onnx.json")).unwrap_err();
        assert!(e.to_string().contains("/v/y.onnx.json"));
        let pinyin = MINI.replace(
            r#""num_speakers""#,
            r#""phoneme_type": "pinyin", "num_speakers""#,
        );
        let e = PiperConfig::parse(&pinyin, Path::new("p.json")).unwrap_err();
        assert!(e.to_string().contains("pinyin"), "{e}");
        let no_pad = MINI.replace(r#""_": [0], "#, "");
        let e = PiperConfig::parse(&no_pad, Path::new("z.json")).unwrap_err();
        assert!(e.to_string().contains("pad"), "{e}");
    }

    #[test]
    fn nan_and_infinite_samples_are_errors_and_peaks_are_clipped() {
        let mut out = Vec::new();
        pcm_from_f32(&[0.0, 0.5, -1.0, 2.0, -3.0], &mut out).unwrap();
        assert_eq!(out, vec![0, 16384, -32767, 32767, -32767]);
        let mut out = Vec::new();
        let e = pcm_from_f32(&[0.1, f32::NAN, 0.2], &mut out).unwrap_err();
        assert!(matches!(e, SpeechError::Synthesizer(_)));
        assert!(e.to_string().contains("invalid sample"), "{e}");
        assert!(out.is_empty(), "nothing is appended from a broken block");
        assert!(pcm_from_f32(&[f32::INFINITY], &mut Vec::new()).is_err());
    }
}
