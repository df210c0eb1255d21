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
//! 2. [`tashkeel`]: put back the short vowels with an ONNX model (the
//!    `rawi` ensemble from `text2tashkeel`, run by ONNX Runtime loaded at
//!    run time), then move each shadda before its vowel and spell doubled
//!    waw/ya as two letters, the two things espeak-ng misreads.
//! 3. [`engine`]: synthesise with the system's espeak-ng (own small FFI,
//!    loaded at run time) behind the [`SpeechEngine`] trait.
//! 4. A pause between key points; marks record where each one lies.
//! 5. Encoding: [`Audio::encode`] afterwards, or
//!    [`Speaker::speak_points_encoded`] while synthesising (three threads:
//!    diacritiser, engine, encoder; same bytes, sooner).
//!
//! Missing pieces degrade clearly: without espeak-ng, [`Speaker`] returns
//! [`SpeechError::EngineUnavailable`] saying what to install; without ONNX
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
//!     Err(SpeechError::EngineUnavailable(msg)) => assert!(msg.contains("espeak-ng")),
//!     Err(e) => return Err(e),
//! }
//! # Ok::<(), SpeechError>(())
//! ```

mod encode;
pub mod engine;
mod espeak;
pub mod frontend;
mod lexicon;
pub mod locate;
pub mod numbers;
pub mod tashkeel;

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use khulasa_core::Lang;
use serde::{Deserialize, Serialize};

pub use encode::AudioFormat;
pub use engine::{Espeak, SpeechEngine};
pub use frontend::Voice;
pub use tashkeel::{Diacritizer, RawiOnnx};

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
    /// The speech engine cannot be loaded (espeak-ng missing).
    #[error("speech is unavailable: {0}")]
    EngineUnavailable(String),
    /// The speech engine failed on this text.
    #[error("speech synthesis failed: {0}")]
    Engine(String),
    /// The diacritiser (ONNX Runtime or its model) cannot be loaded.
    #[error("diacritisation is unavailable: {0}")]
    DiacritizerUnavailable(String),
    /// The diacritiser failed on this text.
    #[error("diacritisation failed: {0}")]
    Diacritizer(String),
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
    /// The ONNX Runtime library; by default searched (see [`locate`]).
    pub ort_library: Option<PathBuf>,
    /// Folder holding the model and vocabulary; by default searched.
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
}

impl Default for SpeechOptions {
    fn default() -> Self {
        SpeechOptions {
            diacritics: Diacritics::Auto,
            ort_library: None,
            model_dir: None,
            rate_wpm: 160,
            pause_ms: 600,
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            max_audio_secs: 1800,
            time_budget: None,
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

type Loaded = Result<Arc<dyn Diacritizer>, String>;

/// Reads text aloud. Engines load lazily on first use and are shared: a
/// `Speaker` is cheap to keep, `Send + Sync`, and meant to be shared across
/// threads (calls into espeak-ng are serialised inside).
pub struct Speaker {
    opts: SpeechOptions,
    engine: Arc<dyn SpeechEngine>,
    diacritizer: OnceLock<Loaded>,
}

impl std::fmt::Debug for Speaker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Speaker")
            .field("opts", &self.opts)
            .field("engine", &self.engine.name())
            .finish()
    }
}

/// What a [`Speaker`] found on this machine.
#[derive(Debug, Clone)]
pub struct Status {
    /// The engine's name, and `Ok` or why it cannot run.
    pub engine: (String, Result<(), String>),
    /// The diacritiser's name, and `Ok` or why it cannot run.
    pub diacritizer: Result<String, String>,
}

impl Speaker {
    /// A speaker using espeak-ng. Validates `opts`; loads nothing yet.
    pub fn new(opts: SpeechOptions) -> Result<Self, SpeechError> {
        Self::with_engine(opts, Arc::new(Espeak))
    }

    /// A speaker using another engine (the [`SpeechEngine`] seam).
    pub fn with_engine(
        opts: SpeechOptions,
        engine: Arc<dyn SpeechEngine>,
    ) -> Result<Self, SpeechError> {
        if !(80..=450).contains(&opts.rate_wpm) {
            return Err(SpeechError::Options(format!(
                "rate {} wpm is outside 80..=450",
                opts.rate_wpm
            )));
        }
        if opts.pause_ms > 5000 {
            return Err(SpeechError::Options(format!(
                "pause {} ms is above 5000",
                opts.pause_ms
            )));
        }
        if opts.max_audio_secs == 0 {
            return Err(SpeechError::Options("max_audio_secs is 0".into()));
        }
        if opts.max_input_bytes == 0 {
            return Err(SpeechError::Options("max_input_bytes is 0".into()));
        }
        Ok(Speaker {
            opts,
            engine,
            diacritizer: OnceLock::new(),
        })
    }

    /// Uses `d` instead of searching for the ONNX model.
    pub fn with_diacritizer(self, d: Arc<dyn Diacritizer>) -> Self {
        let cell = OnceLock::new();
        let _ = cell.set(Ok(d));
        Speaker {
            diacritizer: cell,
            ..self
        }
    }

    /// The options in force.
    pub fn options(&self) -> &SpeechOptions {
        &self.opts
    }

    fn diacritizer(&self) -> &Loaded {
        self.diacritizer.get_or_init(|| {
            RawiOnnx::find(
                self.opts.ort_library.as_deref(),
                self.opts.model_dir.as_deref(),
            )
            .map(|d| Arc::new(d) as Arc<dyn Diacritizer>)
            .map_err(|e| e.to_string())
        })
    }

    /// Loads what can be loaded and reports what is there.
    pub fn status(&self) -> Status {
        let engine = (
            self.engine.name().to_string(),
            self.engine
                .sample_rate()
                .map(|_| ())
                .map_err(|e| e.to_string()),
        );
        let diacritizer = match self.opts.diacritics {
            Diacritics::Off => Err("turned off".to_string()),
            _ => self
                .diacritizer()
                .as_ref()
                .map(|d| d.name().to_string())
                .map_err(Clone::clone),
        };
        Status {
            engine,
            diacritizer,
        }
    }

    /// Reads one text. The language is taken from its script (Arabic
    /// letters → Arabic, else English); mixed text switches voice by run.
    /// The result has one mark (point 0).
    pub fn speak(&self, text: &str) -> Result<Audio, SpeechError> {
        let lang = if text.chars().any(khulasa_text::is_arabic_letter) {
            Lang::Ar
        } else if text.chars().any(|c| c.is_ascii_alphabetic()) {
            Lang::En
        } else {
            Lang::Ar
        };
        self.speak_points(&[text], lang)
    }

    /// Reads key points one after another with a pause between them.
    /// `lang` is the summary's language: it picks the voice for text with
    /// no letters; Arabic and Latin runs always get their own voice.
    pub fn speak_points(&self, points: &[&str], lang: Lang) -> Result<Audio, SpeechError> {
        self.render(points, lang, None).map(|(audio, _)| audio)
    }

    /// Like [`speak_points`](Self::speak_points), and also encodes the audio
    /// as `format` while it is being synthesised (on a third thread), so
    /// the file is ready moments after the last sample. Same bytes as
    /// `speak_points(..)?.encode(format)`, sooner.
    pub fn speak_points_encoded(
        &self,
        points: &[&str],
        lang: Lang,
        format: AudioFormat,
    ) -> Result<(Audio, Vec<u8>), SpeechError> {
        if format == AudioFormat::Wav {
            // WAV needs the length up front: encoding alongside would only
            // keep a second copy of every sample.
            let audio = self.speak_points(points, lang)?;
            let bytes = audio.encode(format)?;
            return Ok((audio, bytes));
        }
        let (audio, bytes) = self.render(points, lang, Some(format))?;
        let bytes =
            bytes.ok_or_else(|| SpeechError::Encode("the encoder produced nothing".into()))?;
        Ok((audio, bytes))
    }

    fn render(
        &self,
        points: &[&str],
        lang: Lang,
        format: Option<AudioFormat>,
    ) -> Result<(Audio, Option<Vec<u8>>), SpeechError> {
        let deadline = khulasa_core::Deadline::after(self.opts.time_budget);
        let total: usize = points.iter().map(|p| p.len()).sum();
        if total > self.opts.max_input_bytes {
            return Err(SpeechError::TooLong {
                len: total,
                max: self.opts.max_input_bytes,
            });
        }
        if points.iter().all(|p| p.trim().is_empty()) {
            return Err(SpeechError::Empty);
        }
        let prepared: Vec<Vec<frontend::Chunk>> =
            points.iter().map(|p| frontend::prepare(p, lang)).collect();
        if prepared.iter().all(Vec::is_empty) {
            return Err(SpeechError::NothingToSay);
        }
        let rate = self.engine.sample_rate()?;
        let mut warnings: Vec<String> = Vec::new();
        let diacritizer = self.pick_diacritizer(&prepared, &mut warnings)?;
        let pause = vec![0i16; (rate as u64 * self.opts.pause_ms as u64 / 1000) as usize];
        let mut samples: Vec<i16> = Vec::new();
        let max_samples = rate as usize * self.opts.max_audio_secs as usize;
        let mut marks = Vec::with_capacity(points.len());
        // Diacritise on a second thread while the engine reads the chunks
        // already done: the two stages overlap instead of adding up. The
        // channel keeps the chunks in order.
        let bytes = std::thread::scope(|scope| -> Result<Option<Vec<u8>>, SpeechError> {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Result<String, SpeechError>>(4);
            let prepared_ref = &prepared;
            let require = self.opts.diacritics == Diacritics::Require;
            let worker = scope.spawn(move || {
                let mut notes = Vec::new();
                for chunk in prepared_ref.iter().flatten() {
                    let text = spoken_text(chunk, diacritizer, require, &mut notes);
                    if tx.send(text).is_err() {
                        break; // the reader stopped on an error
                    }
                }
                notes
            });
            // Encoding, when asked for, runs on its own thread, fed each
            // block as soon as the engine has produced it.
            let (enc_tx, encoder) = match format {
                Some(f) => {
                    let (etx, erx) = std::sync::mpsc::channel::<Vec<i16>>();
                    let handle = scope.spawn(move || -> Result<Vec<u8>, SpeechError> {
                        let mut e = encode::StreamEncoder::new(f, rate)?;
                        for block in erx {
                            e.push(&block)?;
                        }
                        e.finish()
                    });
                    (Some(etx), Some(handle))
                }
                None => (None, None),
            };
            let mut sent = 0usize;
            let mut outcome = Ok(());
            'points: for (i, chunks) in prepared.iter().enumerate() {
                if i > 0 {
                    samples.extend_from_slice(&pause);
                }
                let start = samples.len();
                for chunk in chunks {
                    let text = match rx.recv() {
                        Ok(Ok(t)) => t,
                        Ok(Err(e)) => {
                            outcome = Err(e);
                            break 'points;
                        }
                        Err(_) => {
                            outcome = Err(SpeechError::Diacritizer(
                                "the diacritiser thread stopped".into(),
                            ));
                            break 'points;
                        }
                    };
                    if let Err(e) =
                        self.engine
                            .synthesize(&text, chunk.voice, self.opts.rate_wpm, &mut samples)
                    {
                        outcome = Err(e);
                        break 'points;
                    }
                    if samples.len() > max_samples {
                        outcome = Err(SpeechError::AudioTooLong {
                            max_secs: self.opts.max_audio_secs,
                        });
                        break 'points;
                    }
                    if let Err(budget) = deadline.check() {
                        outcome = Err(SpeechError::TimeBudget { budget });
                        break 'points;
                    }
                    if let Some(etx) = &enc_tx {
                        // A send fails only if the encoder stopped on an
                        // error, which its join below reports.
                        let _ = etx.send(samples[sent..].to_vec());
                        sent = samples.len();
                    }
                }
                marks.push(Mark {
                    point: i,
                    start_ms: ms(start, rate),
                    end_ms: ms(samples.len(), rate),
                });
            }
            drop(rx);
            if let Some(etx) = &enc_tx
                && sent < samples.len()
            {
                let _ = etx.send(samples[sent..].to_vec());
            }
            drop(enc_tx);
            match worker.join() {
                Ok(notes) => warnings.extend(notes),
                Err(_) => return Err(SpeechError::Diacritizer("the diacritiser panicked".into())),
            }
            let bytes = match encoder {
                Some(h) => Some(
                    h.join()
                        .map_err(|_| SpeechError::Encode("the encoder panicked".into()))??,
                ),
                None => None,
            };
            outcome.map(|()| bytes)
        })?;
        Ok((
            Audio {
                samples,
                sample_rate: rate,
                marks,
                warnings,
            },
            bytes,
        ))
    }

    /// The diacritiser to use, if any, pushing a warning when Arabic will be
    /// read without one.
    fn pick_diacritizer(
        &self,
        prepared: &[Vec<frontend::Chunk>],
        warnings: &mut Vec<String>,
    ) -> Result<Option<&dyn Diacritizer>, SpeechError> {
        let has_arabic = prepared.iter().flatten().any(|c| c.voice == Voice::Arabic);
        if !has_arabic || self.opts.diacritics == Diacritics::Off || !self.engine.wants_diacritics()
        {
            return Ok(None);
        }
        match self.diacritizer() {
            Ok(d) => Ok(Some(d.as_ref())),
            Err(msg) if self.opts.diacritics == Diacritics::Require => {
                Err(SpeechError::DiacritizerUnavailable(msg.clone()))
            }
            Err(msg) => {
                warnings.push(format!(
                    "Arabic is spoken without diacritics (short vowels will be dropped): {msg}"
                ));
                Ok(None)
            }
        }
    }

    /// The text exactly as the engine would get it: chunks with their voice,
    /// verbalised and (for Arabic) diacritised. For inspection and docs.
    pub fn preview(&self, text: &str, lang: Lang) -> Result<Vec<frontend::Chunk>, SpeechError> {
        let mut warnings = Vec::new();
        let prepared = vec![frontend::prepare(text, lang)];
        let d = self.pick_diacritizer(&prepared, &mut warnings)?;
        let mut out = Vec::new();
        for c in prepared.iter().flatten() {
            let text = spoken_text(c, d, true, &mut warnings)?;
            out.push(frontend::Chunk {
                voice: c.voice,
                text,
            });
        }
        Ok(out)
    }
}

/// The text the engine gets for `chunk`: Arabic diacritised (unless the
/// author already vocalised it) with each shadda moved first for espeak.
/// A diacritiser failure is an error under `require`, else a note and the
/// text as written.
fn spoken_text(
    chunk: &frontend::Chunk,
    diacritizer: Option<&dyn Diacritizer>,
    require: bool,
    notes: &mut Vec<String>,
) -> Result<String, SpeechError> {
    Ok(match (chunk.voice, diacritizer) {
        (Voice::Arabic, Some(d)) if !already_vocalised(&chunk.text) => {
            match d.diacritize(&chunk.text) {
                Ok(t) => tashkeel::for_espeak(&t),
                Err(e) if require => return Err(e),
                Err(e) => {
                    let note = format!("spoken without diacritics: {e}");
                    if !notes.contains(&note) {
                        notes.push(note);
                    }
                    tashkeel::for_espeak(&chunk.text)
                }
            }
        }
        (Voice::Arabic, _) => tashkeel::for_espeak(&chunk.text),
        _ => chunk.text.clone(),
    })
}

/// True when most Arabic letters already carry a mark: the author vocalised
/// the text and the model should not overwrite it.
fn already_vocalised(text: &str) -> bool {
    let letters = text
        .chars()
        .filter(|&c| khulasa_text::is_arabic_letter(c))
        .count();
    let marks = text
        .chars()
        .filter(|&c| ('\u{064B}'..='\u{0652}').contains(&c))
        .count();
    letters > 0 && marks * 2 >= letters
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn speaker_is_send_and_sync() {
        assert_send_sync::<Speaker>();
    }

    #[test]
    fn options_are_validated() {
        let bad = SpeechOptions {
            rate_wpm: 10,
            ..Default::default()
        };
        assert!(matches!(Speaker::new(bad), Err(SpeechError::Options(_))));
    }

    #[test]
    fn vocalised_text_is_recognised() {
        assert!(already_vocalised("كَتَبَ الوَلَدُ"));
        assert!(!already_vocalised("كتب الولد"));
    }
}
