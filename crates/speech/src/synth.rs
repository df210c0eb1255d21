//! The seam between the front end and a voice.
//!
//! [`Synthesizer`] is what a voice implements: plain (verbalised,
//! diacritised) text in, 16-bit mono samples out. Two engines implement it:
//! [`Espeak`], the system's espeak-ng, and [`PiperVoice`](crate::PiperVoice),
//! a neural VITS voice run through the same ONNX Runtime;
//! [`VoiceSet`](crate::VoiceSet) routes Arabic and English to one of each.

use crate::SpeechError;
use crate::frontend::Voice;

/// A speech synthesiser.
pub trait Synthesizer: Send + Sync {
    /// A short name for reports (`"espeak-ng"`).
    fn name(&self) -> &str;
    /// What identifies its sound in cache keys (`"espeak"`,
    /// `"piper:en_US-joe-medium"`). By default the name.
    fn id(&self) -> String {
        self.name().to_string()
    }
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

    /// espeak-ng's sample rate, or why it cannot run.
    pub fn sample_rate_or_reason() -> Result<u32, String> {
        crate::espeak::sample_rate().map_err(|e| e.to_string())
    }

    /// espeak-ng's IPA for `text` with an espeak voice (`"ar"`, `"en-us"`),
    /// clause by clause with the punctuation that ended each: what a Piper
    /// voice reads ([`piper::ipa`](crate::piper::ipa)).
    pub fn ipa(text: &str, espeak_voice: &str) -> Result<String, SpeechError> {
        crate::piper::ipa(text, espeak_voice)
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

    fn id(&self) -> String {
        "espeak".into()
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
