//! khulasa-speech: key points in, spoken audio out, offline.
//!
//! **In**: text (one or several key points) in Arabic, English or a mix.
//! **Out**: [`Audio`]: 16-bit mono samples, their sample rate, and one
//! [`Mark`] per key point (start and end in milliseconds), ready to
//! [`encode`](Audio::encode) as WAV, MP3 or Ogg Vorbis.
//!
//! The way through, per key point:
//! 1. [`frontend`]: clean, route Arabic and Latin runs to the Arabic and
//!    English voices, verbalise numbers, percent, currency, dates, times,
//!    ranges, ordinals and Latin abbreviations into Arabic words, chunk into
//!    sentences.
//! 2. [`tashkeel`]: put back the short vowels with an ONNX model run by
//!    ONNX Runtime loaded at run time (dengjen-tashkeel by default, or the
//!    `rawi` ensemble: [`SpeechOptions::diacritizer`]), then move each shadda
//!    before its vowel and spell doubled waw/ya as two letters, the two
//!    things espeak-ng misreads.
//! 3. [`synth`]: synthesise with the system's espeak-ng (own small FFI,
//!    loaded at run time) behind the [`Synthesizer`] trait.
//! 4. A pause between key points; marks record where each one lies.
//! 5. Encoding: [`Audio::encode`] afterwards, or
//!    [`Speaker::speak_points_encoded`] while synthesising (three threads:
//!    diacritiser, engine, encoder; same bytes, sooner).
//!
//! Missing pieces degrade clearly: without espeak-ng, [`Speaker`] returns
//! [`SpeechError::SynthesizerUnavailable`] saying what to install; without ONNX
//! Runtime or the model, Arabic is spoken undiacritised and
//! [`Audio::warnings`] says why (or it is an error, with
//! [`Diacritics::Require`]).
//!
//! Limits: input is refused above [`SpeechOptions::max_input_bytes`]
//! (64 KiB by default, about 25 minutes of speech), and stopped past
//! [`SpeechOptions::max_audio_secs`] of audio (30 minutes by default; text
//! that expands, such as long digit runs, cannot grow memory without
//! bound); the engine and the model see at most [`frontend::MAX_CHUNK_CHARS`]
//! characters at a time.
//!
//! ```
//! use khulasa_core::Lang;
//! use khulasa_speech::{AudioFormat, Speaker, SpeechError, SpeechOptions};
//!
//! let speaker = Speaker::new(SpeechOptions::default())?;
//! match speaker.speak_points(&["ارتفعت الأسعار 5%.", "The talks resume on Monday."], Lang::Ar) {
//!     Ok(audio) => {
//!         assert_eq!(audio.marks.len(), 2);
//!         assert!(audio.marks[0].end_ms <= audio.marks[1].start_ms);
//!         let mp3 = audio.encode(AudioFormat::Mp3)?;
//!         assert!(mp3.len() > 1000);
//!     }
//!     // A machine without espeak-ng gets a clear error instead.
//!     Err(SpeechError::SynthesizerUnavailable(msg)) => assert!(msg.contains("espeak-ng")),
//!     Err(e) => return Err(e),
//! }
//! # Ok::<(), SpeechError>(())
//! ```

mod encode;
mod espeak;
pub mod frontend;
mod lexicon;
pub mod locate;
pub mod numbers;
pub mod piper;
mod speaker;
pub mod synth;
pub mod tashkeel;
pub mod voices;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use encode::AudioFormat;
pub use frontend::Voice;
pub use piper::{PiperConfig, PiperVoice};
pub use speaker::{Speaker, Status};
pub use synth::{Espeak, Synthesizer};
pub use tashkeel::{DengjenOnnx, Diacritizer, DiacritizerKind, RawiOnnx};
pub use voices::{VoiceSet, VoiceSpec};

/// What can go wrong, in words a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum SpeechError {
    /// The text is empty or only whitespace.
    #[error("nothing to read: the text is empty")]
    Empty,
    /// The text has nothing speakable (no letters or digits).
    #[error("nothing to read: the text has no letters or numbers")]
    NothingToSay,
    /// The text is longer than the configured limit.
    #[error("text too long: {len} bytes, the limit is {max} bytes (split it into parts)")]
    TooLong {
        /// Bytes given.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The speech would be longer than the configured limit.
    #[error("the speech would last more than {max_secs} s, the limit; split the text into parts")]
    AudioTooLong {
        /// The limit, in seconds.
        max_secs: u32,
    },
    /// Reading took longer than [`SpeechOptions::time_budget`].
    #[error("reading aloud took longer than its time budget of {}", khulasa_core::format_budget(*.budget))]
    TimeBudget {
        /// The budget that was spent.
        budget: std::time::Duration,
    },
    /// The synthesizer cannot be loaded (espeak-ng missing).
    #[error("speech is unavailable: {0}")]
    SynthesizerUnavailable(String),
    /// The synthesizer failed on this text.
    #[error("speech synthesis failed: {0}")]
    Synthesizer(String),
    /// The diacritiser (ONNX Runtime or its model) cannot be loaded.
    #[error("diacritisation is unavailable: {0}")]
    DiacritizerUnavailable(String),
    /// The diacritiser failed on this text.
    #[error("diacritisation failed: {0}")]
    Diacritizer(String),
    /// A voice file is missing or broken (the path says which file).
    #[error("the voice file {} cannot be used: {reason}", path.display())]
    Voice {
        /// The file at fault (`.onnx` or `.onnx.json`).
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// Encoding the audio failed.
    #[error("audio encoding failed: {0}")]
    Encode(String),
    /// An option is out of range.
    #[error("invalid speech option: {0}")]
    Options(String),
}

/// Whether Arabic is diacritised before synthesis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Diacritics {
    /// Use the model when it can be found; otherwise speak undiacritised
    /// Arabic and say so in [`Audio::warnings`]. The default.
    #[default]
    Auto,
    /// Fail with [`SpeechError::DiacritizerUnavailable`] when the model
    /// cannot be loaded.
    Require,
    /// Never diacritise (text is spoken as written).
    Off,
}

/// Settings of a [`Speaker`]. `Default` gives the documented defaults.
#[derive(Debug, Clone)]
pub struct SpeechOptions {
    /// Diacritisation policy. By default [`Diacritics::Auto`].
    pub diacritics: Diacritics,
    /// Which diacritiser to load. By default [`DiacritizerKind::default`].
    pub diacritizer: DiacritizerKind,
    /// The ONNX Runtime library; by default searched (see [`locate`]).
    pub ort_library: Option<PathBuf>,
    /// Folder holding the diacritiser's model files; by default searched.
    pub model_dir: Option<PathBuf>,
    /// Speaking rate in words per minute, 80..=450. By default 160.
    pub rate_wpm: u32,
    /// Silence between key points, in milliseconds (at most 5000). By default 600.
    pub pause_ms: u32,
    /// The most input accepted in one call, in bytes. By default 64 KiB.
    pub max_input_bytes: usize,
    /// The longest audio produced in one call, in seconds. By default 1800
    /// (30 minutes, ≈ 80 MB of samples). Bounds memory where a short text
    /// expands a lot (a run of 60,000 digits is read digit by digit).
    pub max_audio_secs: u32,
    /// Wall-clock budget for one call, checked after each chunk of at most
    /// [`frontend::MAX_CHUNK_CHARS`] characters is read; `None` (the
    /// default): no clock, the size limits bound the work.
    pub time_budget: Option<std::time::Duration>,
    /// The voices (`--voice`): each sets the language it speaks; a
    /// language none sets is read by espeak-ng. Empty (the default): espeak-ng
    /// for both. Piper voices are loaded when the [`Speaker`] is made.
    pub voices: Vec<VoiceSpec>,
    /// When a voice cannot be loaded: `false` (the default) makes it an
    /// error naming the file; `true` falls back to espeak-ng with a warning
    /// ([`Speaker::voice_warnings`]), as the server does.
    pub voice_fallback: bool,
}

impl Default for SpeechOptions {
    fn default() -> Self {
        SpeechOptions {
            diacritics: Diacritics::Auto,
            diacritizer: DiacritizerKind::default(),
            ort_library: None,
            model_dir: None,
            rate_wpm: 160,
            pause_ms: 600,
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            max_audio_secs: 1800,
            time_budget: None,
            voices: Vec::new(),
            voice_fallback: false,
        }
    }
}

impl SpeechError {
    /// The configurable limit this error hit, if it is one.
    pub fn limit(&self) -> Option<khulasa_core::Limit> {
        use khulasa_core::Limit;
        match self {
            SpeechError::TooLong { .. } => Some(Limit::SpeechBytes),
            SpeechError::AudioTooLong { .. } => Some(Limit::AudioSecs),
            SpeechError::TimeBudget { .. } => Some(Limit::SpeechTime),
            _ => None,
        }
    }
}

/// The default input limit: 64 KiB, about 6,000 Arabic words or 25 minutes
/// of speech (≈ 60 MB of samples).
pub const DEFAULT_MAX_INPUT_BYTES: usize = 64 * 1024;

/// Where one key point lies in the audio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// Index of the key point (its position in the input).
    pub point: usize,
    /// Start, in milliseconds from the beginning.
    pub start_ms: u64,
    /// End, in milliseconds (before the pause that follows).
    pub end_ms: u64,
}

/// Synthesised speech.
#[derive(Debug, Clone)]
pub struct Audio {
    /// 16-bit signed mono samples.
    pub samples: Vec<i16>,
    /// Samples per second.
    pub sample_rate: u32,
    /// One mark per key point, in order.
    pub marks: Vec<Mark>,
    /// What was degraded (for example: spoken without diacritics, and why).
    pub warnings: Vec<String>,
}

impl Audio {
    /// Encodes the samples as a complete file in `format`.
    pub fn encode(&self, format: AudioFormat) -> Result<Vec<u8>, SpeechError> {
        encode::encode(&self.samples, self.sample_rate, format)
    }

    /// Length in milliseconds.
    pub fn duration_ms(&self) -> u64 {
        ms(self.samples.len(), self.sample_rate)
    }

    /// Root-mean-square level, 0.0 (silence) to 1.0 (full scale).
    pub fn rms(&self) -> f64 {
        if self.samples.is_empty() {
            return 0.0;
        }
        let sum: f64 = self
            .samples
            .iter()
            .map(|&s| (s as f64 / 32768.0).powi(2))
            .sum();
        (sum / self.samples.len() as f64).sqrt()
    }
}

fn ms(samples: usize, rate: u32) -> u64 {
    if rate == 0 {
        0
    } else {
        samples as u64 * 1000 / rate as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn speaker_is_send_and_sync() {
        assert_send_sync::<Speaker>();
    }
}
