//! The [`Speaker`]: key points in, [`Audio`] out, with the front end,
//! the diacritiser and the synthesizer wired together and overlapped.

use std::sync::{Arc, OnceLock};

use khulasa_core::Lang;

use crate::{
    Audio, AudioFormat, Diacritics, Diacritizer, Mark, SpeechError, SpeechOptions, Synthesizer,
    Voice, VoiceSet, encode, frontend, ms, tashkeel,
};

/// Receives each new piece of the encoded file as soon as it is encoded.
type Sink<'a> = &'a mut (dyn FnMut(&[u8]) + Send);

type Loaded = Result<Arc<dyn Diacritizer>, String>;

/// Reads text aloud. Engines load lazily on first use and are shared: a
/// `Speaker` is cheap to keep, `Send + Sync`, and meant to be shared across
/// threads (calls into espeak-ng are serialised inside).
pub struct Speaker {
    opts: SpeechOptions,
    synth: Arc<dyn Synthesizer>,
    diacritizer: OnceLock<Loaded>,
    voice_warnings: Vec<String>,
}

impl std::fmt::Debug for Speaker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Speaker")
            .field("opts", &self.opts)
            .field("synth", &self.synth.name())
            .finish()
    }
}

/// What a [`Speaker`] found on this machine.
#[derive(Debug, Clone)]
pub struct Status {
    /// The synthesizer's name, and `Ok` or why it cannot run.
    pub synth: (String, Result<(), String>),
    /// The diacritiser's name, and `Ok` or why it cannot run.
    pub diacritizer: Result<String, String>,
}

impl Speaker {
    /// A speaker with the voices of `opts.voices` (espeak-ng by default).
    /// Validates `opts` and loads the Piper voices named there (a missing
    /// or broken file is [`SpeechError::Voice`], or with
    /// `opts.voice_fallback` espeak-ng and a warning); espeak-ng and the
    /// diacritiser load on first use.
    pub fn new(opts: SpeechOptions) -> Result<Self, SpeechError> {
        let ort = opts.ort_library.clone();
        let (set, warnings) = if opts.voice_fallback {
            VoiceSet::load_or_fallback(&opts.voices, ort.as_deref())
        } else {
            (VoiceSet::load(&opts.voices, ort.as_deref())?, Vec::new())
        };
        let mut speaker = Self::with_synthesizer(opts, Arc::new(set))?;
        speaker.voice_warnings = warnings;
        Ok(speaker)
    }

    /// Why a configured voice was replaced by espeak-ng (with
    /// [`SpeechOptions::voice_fallback`]); also in every [`Audio::warnings`].
    pub fn voice_warnings(&self) -> &[String] {
        &self.voice_warnings
    }

    /// What identifies the voices' sound (`"espeak"` by default): part of
    /// the store's audio cache key.
    pub fn voice_id(&self) -> String {
        self.synth.id()
    }

    /// A speaker using another synthesizer (the [`Synthesizer`] seam).
    pub fn with_synthesizer(
        opts: SpeechOptions,
        synth: Arc<dyn Synthesizer>,
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
            synth,
            diacritizer: OnceLock::new(),
            voice_warnings: Vec::new(),
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
            self.opts
                .diacritizer
                .load(
                    self.opts.ort_library.as_deref(),
                    self.opts.model_dir.as_deref(),
                )
                .map(Arc::from)
                // Keep the reason alone: it is wrapped in
                // `DiacritizerUnavailable` again where it is reported.
                .map_err(|e| match e {
                    SpeechError::DiacritizerUnavailable(m) => m,
                    e => e.to_string(),
                })
        })
    }

    /// Loads what can be loaded and reports what is there.
    pub fn status(&self) -> Status {
        let synth = (
            self.synth.name().to_string(),
            self.synth
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
        Status { synth, diacritizer }
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
        self.render(points, lang, None, None)
            .map(|(audio, _)| audio)
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
        let (audio, bytes) = self.render(points, lang, Some(format), None)?;
        let bytes =
            bytes.ok_or_else(|| SpeechError::Encode("the encoder produced nothing".into()))?;
        Ok((audio, bytes))
    }

    /// Like [`speak_points_encoded`](Self::speak_points_encoded), and hands
    /// each new piece of the file to `on_bytes` as soon as it is encoded:
    /// for MP3 after every synthesised sentence, so the first key point can
    /// play while the last is still being synthesised (WAV and Ogg come in
    /// one piece at the end). The pieces, joined, are the returned bytes.
    pub fn speak_points_streaming(
        &self,
        points: &[&str],
        lang: Lang,
        format: AudioFormat,
        mut on_bytes: impl FnMut(&[u8]) + Send,
    ) -> Result<(Audio, Vec<u8>), SpeechError> {
        if format == AudioFormat::Wav {
            let (audio, bytes) = self.speak_points_encoded(points, lang, format)?;
            on_bytes(&bytes);
            return Ok((audio, bytes));
        }
        let (audio, bytes) = self.render(points, lang, Some(format), Some(&mut on_bytes))?;
        let bytes =
            bytes.ok_or_else(|| SpeechError::Encode("the encoder produced nothing".into()))?;
        Ok((audio, bytes))
    }

    fn render(
        &self,
        points: &[&str],
        lang: Lang,
        format: Option<AudioFormat>,
        sink: Option<Sink<'_>>,
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
        let rate = self.synth.sample_rate()?;
        let mut warnings: Vec<String> = self.voice_warnings.clone();
        let diacritizer = self.pick_diacritizer(&prepared, &mut warnings)?;
        let pause = vec![0i16; (rate as u64 * self.opts.pause_ms as u64 / 1000) as usize];
        let mut samples: Vec<i16> = Vec::new();
        let max_samples = rate as usize * self.opts.max_audio_secs as usize;
        let mut marks = Vec::with_capacity(points.len());
        // Diacritise on a second thread while the synthesizer reads the chunks
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
            // block as soon as the synthesizer has produced it.
            let (enc_tx, encoder) = match format {
                Some(f) => {
                    let (etx, erx) = std::sync::mpsc::channel::<Vec<i16>>();
                    let handle = scope.spawn(move || -> Result<Vec<u8>, SpeechError> {
                        let mut e = encode::StreamEncoder::new(f, rate)?;
                        let mut sink = sink;
                        let mut sent = 0;
                        for block in erx {
                            e.push(&block)?;
                            if let (Some(out), Some(done)) = (sink.as_mut(), e.bytes_so_far()) {
                                if done.len() > sent {
                                    out(&done[sent..]);
                                }
                                sent = done.len();
                            }
                        }
                        let all = e.finish()?;
                        if let Some(out) = sink
                            && all.len() > sent
                        {
                            out(&all[sent..]);
                        }
                        Ok(all)
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
                        self.synth
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
        if !has_arabic || self.opts.diacritics == Diacritics::Off || !self.synth.wants_diacritics()
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

    /// The text exactly as the synthesizer would get it: chunks with their voice,
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

/// The text the synthesizer gets for `chunk`: Arabic diacritised (unless the
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
