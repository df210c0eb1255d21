//! Choosing voices: `espeak:ar` (the default), `espeak:en`, `piper:PATH.onnx`,
//! one for Arabic and one for English at once.
//!
//! A [`VoiceSpec`] names a voice; [`VoiceSet`] holds the loaded Arabic and
//! English voices and is itself a [`Synthesizer`] that sends each chunk to
//! the voice of its language (resampling when the two voices' rates
//! differ). A Piper voice takes the language its `.onnx.json` declares;
//! the other language keeps espeak-ng.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::frontend::Voice;
use crate::piper::{PiperConfig, PiperVoice};
use crate::{Espeak, SpeechError, Synthesizer};

/// A voice as named on the command line or in configuration.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum VoiceSpec {
    /// espeak-ng's own voice for a language (`espeak:ar`, `espeak:en`).
    Espeak(Voice),
    /// A Piper model (`piper:PATH.onnx`, its `.onnx.json` beside it).
    Piper(PathBuf),
}

impl std::str::FromStr for VoiceSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (kind, rest) = s.split_once(':').unwrap_or((s, ""));
        match kind {
            "espeak" | "espeak-ng" => match rest {
                "" | "ar" => Ok(VoiceSpec::Espeak(Voice::Arabic)),
                "en" | "en-us" | "en-gb" => Ok(VoiceSpec::Espeak(Voice::English)),
                other => Err(format!("espeak voice `{other}` is not one of ar, en")),
            },
            "piper" if !rest.trim().is_empty() => Ok(VoiceSpec::Piper(PathBuf::from(rest))),
            "piper" => Err("give the model file: piper:PATH.onnx".into()),
            _ => Err(format!(
                "unknown voice `{s}` (use espeak:ar, espeak:en or piper:PATH.onnx)"
            )),
        }
    }
}

impl std::fmt::Display for VoiceSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VoiceSpec::Espeak(v) => write!(f, "espeak:{}", Espeak::voice_name(*v)),
            VoiceSpec::Piper(p) => write!(f, "piper:{}", p.display()),
        }
    }
}

/// The Arabic and the English voice, as one [`Synthesizer`].
#[derive(Clone)]
pub struct VoiceSet {
    arabic: Arc<dyn Synthesizer>,
    english: Arc<dyn Synthesizer>,
}

impl std::fmt::Debug for VoiceSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VoiceSet")
            .field("arabic", &self.arabic.id())
            .field("english", &self.english.id())
            .finish()
    }
}

impl Default for VoiceSet {
    fn default() -> Self {
        VoiceSet {
            arabic: Arc::new(Espeak),
            english: Arc::new(Espeak),
        }
    }
}

impl VoiceSet {
    /// A voice for each language from `specs`: each spec sets the language
    /// it speaks (a later one wins); a language none sets keeps espeak-ng.
    /// A Piper voice that cannot be loaded is an error naming its file.
    pub fn load(specs: &[VoiceSpec], ort_library: Option<&Path>) -> Result<Self, SpeechError> {
        let mut set = VoiceSet::default();
        for spec in specs {
            let (lang, synth) = load_one(spec, ort_library)?;
            set.put(lang, synth);
        }
        Ok(set)
    }

    /// Like [`load`](Self::load), but a voice that cannot be loaded is
    /// replaced by espeak-ng, with a warning saying why (the server must
    /// not fail a page for a bad voice file).
    pub fn load_or_fallback(
        specs: &[VoiceSpec],
        ort_library: Option<&Path>,
    ) -> (Self, Vec<String>) {
        let mut set = VoiceSet::default();
        let mut warnings = Vec::new();
        for spec in specs {
            match load_one(spec, ort_library) {
                Ok((lang, synth)) => set.put(lang, synth),
                Err(e) => warnings.push(format!("{e}; using espeak-ng instead")),
            }
        }
        (set, warnings)
    }

    fn put(&mut self, lang: Voice, synth: Arc<dyn Synthesizer>) {
        match lang {
            Voice::Arabic => self.arabic = synth,
            Voice::English => self.english = synth,
        }
    }

    /// The voice reading `lang`.
    pub fn for_voice(&self, lang: Voice) -> &Arc<dyn Synthesizer> {
        match lang {
            Voice::Arabic => &self.arabic,
            Voice::English => &self.english,
        }
    }
}

/// The language a spec speaks and the loaded voice.
fn load_one(
    spec: &VoiceSpec,
    ort_library: Option<&Path>,
) -> Result<(Voice, Arc<dyn Synthesizer>), SpeechError> {
    Ok(match spec {
        VoiceSpec::Espeak(v) => (*v, Arc::new(Espeak)),
        VoiceSpec::Piper(model) => {
            let voice = PiperVoice::load(model, ort_library)?;
            (voice.config().voice(), Arc::new(voice))
        }
    })
}

impl Synthesizer for VoiceSet {
    fn name(&self) -> &str {
        "voices"
    }

    /// `espeak` for the default pair, else `ar=ID,en=ID`: what the store's
    /// audio cache keys hold, so audio of one voice is never served for
    /// another.
    fn id(&self) -> String {
        let (a, e) = (self.arabic.id(), self.english.id());
        if a == "espeak" && e == "espeak" {
            "espeak".into()
        } else {
            format!("ar={a},en={e}")
        }
    }

    fn sample_rate(&self) -> Result<u32, SpeechError> {
        Ok(self.arabic.sample_rate()?.max(self.english.sample_rate()?))
    }

    fn synthesize(
        &self,
        text: &str,
        voice: Voice,
        rate_wpm: u32,
        out: &mut Vec<i16>,
    ) -> Result<(), SpeechError> {
        let synth = self.for_voice(voice);
        let (from, to) = (synth.sample_rate()?, self.sample_rate()?);
        if from == to {
            return synth.synthesize(text, voice, rate_wpm, out);
        }
        let mut own = Vec::new();
        synth.synthesize(text, voice, rate_wpm, &mut own)?;
        resample_into(&own, from, to, out);
        Ok(())
    }
}

/// Linear resampling from `from` Hz to `to` Hz, appended to `out`: enough
/// for speech going up (a 16 kHz voice beside a 22.05 kHz one).
fn resample_into(samples: &[i16], from: u32, to: u32, out: &mut Vec<i16>) {
    if samples.is_empty() || from == 0 || to == 0 {
        return;
    }
    let n = (samples.len() as u64 * to as u64 / from as u64) as usize;
    out.reserve(n);
    let step = from as f64 / to as f64;
    for i in 0..n {
        let x = i as f64 * step;
        let j = x as usize;
        let t = x - j as f64;
        let a = samples[j.min(samples.len() - 1)] as f64;
        let b = samples[(j + 1).min(samples.len() - 1)] as f64;
        out.push((a + (b - a) * t).round() as i16);
    }
}

/// One voice found on this machine, for `khulasa voices`.
#[derive(Debug, Clone)]
pub struct InstalledVoice {
    /// How to choose it (`espeak:ar`, `piper:/…/en_US-joe-medium.onnx`).
    pub spec: VoiceSpec,
    /// The language it reads (`ar`, `en`, or the voice's own code).
    pub language: String,
    /// Samples per second, when known.
    pub sample_rate: Option<u32>,
    /// `Ok` when it loads, else why not.
    pub usable: Result<(), String>,
}

/// Folders searched for Piper voices: `KHULASA_VOICE_DIR`, then `voices/`
/// in each install folder of [`locate::install_dirs`](crate::locate::install_dirs)
/// (`/usr/local/lib/khulasa/voices` first, where `scripts/setup.sh --test` puts one).
pub fn voice_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(d) = std::env::var_os("KHULASA_VOICE_DIR") {
        dirs.push(PathBuf::from(d));
    }
    dirs.extend(
        crate::locate::install_dirs()
            .into_iter()
            .map(|d| d.join("voices")),
    );
    dirs
}

/// Lists the voices on this machine: espeak-ng's two, then every `*.onnx`
/// with a `.onnx.json` beside it in [`voice_dirs`] and `extra` folders.
/// With `load`, each Piper model is loaded to tell whether it is usable
/// (slow: a medium voice is 60 MB); without, only its configuration is read.
pub fn installed_voices(extra: &[PathBuf], load: bool) -> Vec<InstalledVoice> {
    let espeak_ok = Espeak::sample_rate_or_reason();
    let mut out: Vec<InstalledVoice> = [Voice::Arabic, Voice::English]
        .into_iter()
        .map(|v| InstalledVoice {
            spec: VoiceSpec::Espeak(v),
            language: if v == Voice::Arabic { "ar" } else { "en" }.into(),
            sample_rate: espeak_ok.as_ref().ok().copied(),
            usable: espeak_ok.as_ref().map(|_| ()).map_err(Clone::clone),
        })
        .collect();
    let mut models: Vec<PathBuf> = extra
        .iter()
        .chain(voice_dirs().iter())
        .filter_map(|d| std::fs::read_dir(d).ok())
        .flat_map(|rd| rd.flatten().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "onnx") && p.is_file())
        .collect();
    models.sort();
    models.dedup();
    for model in models {
        let cfg = PiperConfig::load(&crate::piper::config_path(&model));
        let usable = match (&cfg, load) {
            (Err(e), _) => Err(e.to_string()),
            (Ok(_), true) => PiperVoice::load(&model, None)
                .map(|_| ())
                .map_err(|e| e.to_string()),
            (Ok(_), false) => Ok(()),
        };
        out.push(InstalledVoice {
            language: cfg
                .as_ref()
                .map_or_else(|_| "?".into(), |c| c.language.clone()),
            sample_rate: cfg.as_ref().ok().map(|c| c.sample_rate),
            spec: VoiceSpec::Piper(model),
            usable,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_and_print_back() {
        for s in ["espeak:ar", "espeak:en", "piper:/v/en_US-joe-medium.onnx"] {
            let v: VoiceSpec = s.parse().unwrap();
            assert_eq!(v.to_string(), s);
        }
        assert_eq!(
            "espeak".parse::<VoiceSpec>(),
            Ok(VoiceSpec::Espeak(Voice::Arabic))
        );
        assert!("piper:".parse::<VoiceSpec>().is_err());
        assert!("festival:x".parse::<VoiceSpec>().is_err());
        assert!("espeak:fr".parse::<VoiceSpec>().is_err());
    }

    #[test]
    fn the_default_set_is_espeak_and_a_missing_voice_is_named() {
        assert_eq!(VoiceSet::default().id(), "espeak");
        let missing = VoiceSpec::Piper("/nowhere/ar_JO-kareem-medium.onnx".into());
        let e = VoiceSet::load(std::slice::from_ref(&missing), None).unwrap_err();
        assert!(
            e.to_string().contains("/nowhere/ar_JO-kareem-medium.onnx"),
            "{e}"
        );
        let (set, warnings) = VoiceSet::load_or_fallback(&[missing], None);
        assert_eq!(set.id(), "espeak");
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("kareem") && warnings[0].contains("espeak-ng"));
    }

    #[test]
    fn resampling_keeps_duration() {
        let s: Vec<i16> = (0..16000).map(|i| (i % 100) as i16).collect();
        let mut out = Vec::new();
        resample_into(&s, 16000, 22050, &mut out);
        assert_eq!(out.len(), 22050);
        assert_eq!(out[0], 0);
    }
}
