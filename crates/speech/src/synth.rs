//! The seam between the front end and a voice.
//!
//! [`Synthesizer`] is what a voice implements: plain (verbalised,
//! diacritised) text in, 16-bit mono samples out. Today the one engine is
//! [`Espeak`], the system's espeak-ng; a neural voice (Piper-style VITS run
//! through the same ONNX Runtime) would be a second implementation, passed to
//! [`Speaker::with_synthesizer`](crate::Speaker::with_synthesizer), with no change to
//! callers.

use crate::SpeechError;
use crate::frontend::Voice;

/// A speech synthesiser.
pub trait Synthesizer: Send + Sync {
    /// A short name for reports (`"espeak-ng"`).
    fn name(&self) -> &str;
    /// The sample rate of the samples it produces, in Hz.
    fn sample_rate(&self) -> Result<u32, SpeechError>;
    /// Whether Arabic text should be diacritised before it reaches this
    /// engine. espeak-ng needs it; a neural voice may have learnt to vowel
    /// text itself.
    fn wants_diacritics(&self) -> bool {
        true
    }
    /// Appends the samples for `text`, read by `voice` at `rate_wpm` words
    /// per minute, to `out`. `text` is at most one sentence of plain text.
    fn synthesize(
        &self,
        text: &str,
        voice: Voice,
        rate_wpm: u32,
        out: &mut Vec<i16>,
    ) -> Result<(), SpeechError>;
}

/// espeak-ng through the system library (`libespeak-ng.so.1`), loaded on
/// first use. Calls are serialised process-wide: espeak-ng is not
/// thread-safe.
#[derive(Debug, Default, Clone, Copy)]
pub struct Espeak;

impl Espeak {
    /// The espeak-ng voice name for a [`Voice`].
    pub fn voice_name(voice: Voice) -> &'static str {
        match voice {
            Voice::Arabic => "ar",
            Voice::English => "en",
        }
    }

    /// True when libespeak-ng loads and initialises on this machine.
    pub fn available() -> bool {
        crate::espeak::available()
    }

    /// eSpeak's phoneme mnemonics for `text` (as `espeak-ng -x` prints), to
    /// check by eye or in tests that every word got its vowels.
    pub fn phonemes(text: &str, voice: Voice) -> Result<String, SpeechError> {
        crate::espeak::phonemes(text, Self::voice_name(voice))
    }
}

impl Synthesizer for Espeak {
    fn name(&self) -> &str {
        "espeak-ng"
    }

    fn sample_rate(&self) -> Result<u32, SpeechError> {
        crate::espeak::sample_rate()
    }

    fn synthesize(
        &self,
        text: &str,
        voice: Voice,
        rate_wpm: u32,
        out: &mut Vec<i16>,
    ) -> Result<(), SpeechError> {
        crate::espeak::synthesize(text, Self::voice_name(voice), rate_wpm, out)
    }
}
