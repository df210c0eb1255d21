//! The Speaker's own logic (chunking, pauses, marks, warnings) with a fake
//! engine behind the `SpeechEngine` seam: no system libraries needed.

use std::sync::{Arc, Mutex};

use khulasa_core::Lang;
use khulasa_speech::tashkeel::Diacritizer;
use khulasa_speech::{Diacritics, Speaker, SpeechEngine, SpeechError, SpeechOptions, Voice};

/// 1 ms of tone per character, at 1 kHz: marks are easy to predict.
#[derive(Default)]
struct Fake {
    seen: Mutex<Vec<(Voice, String)>>,
}

impl SpeechEngine for Fake {
    fn name(&self) -> &str {
        "fake"
    }
    fn sample_rate(&self) -> Result<u32, SpeechError> {
        Ok(1000)
    }
    fn synthesize(
        &self,
        text: &str,
        voice: Voice,
        _rate: u32,
        out: &mut Vec<i16>,
    ) -> Result<(), SpeechError> {
        self.seen.lock().unwrap().push((voice, text.to_string()));
        out.extend(std::iter::repeat_n(1000i16, text.chars().count()));
        Ok(())
    }
}

/// Adds a fatha after every Arabic letter.
struct Fatha;
impl Diacritizer for Fatha {
    fn name(&self) -> &str {
        "fatha"
    }
    fn diacritize(&self, text: &str) -> Result<String, SpeechError> {
        Ok(text
            .chars()
            .flat_map(|c| {
                let mark = khulasa_speech::frontend::is_arabic_letter(c).then_some('\u{064E}');
                std::iter::once(c).chain(mark)
            })
            .collect())
    }
}

fn speaker(fake: Arc<Fake>, pause_ms: u32) -> Speaker {
    let opts = SpeechOptions {
        pause_ms,
        ..Default::default()
    };
    Speaker::with_engine(opts, fake)
        .unwrap()
        .with_diacritizer(Arc::new(Fatha))
}

#[test]
fn marks_follow_points_with_pauses_between() {
    let fake = Arc::new(Fake::default());
    let s = speaker(fake.clone(), 600);
    let a = s.speak_points(&["أب", "", "The end"], Lang::Ar).unwrap();
    // "أَبَ" = 4 chars → 4 ms; empty point → zero-length mark; "The end" 7 ms.
    let m: Vec<(usize, u64, u64)> = a
        .marks
        .iter()
        .map(|m| (m.point, m.start_ms, m.end_ms))
        .collect();
    assert_eq!(m, [(0, 0, 4), (1, 604, 604), (2, 1204, 1211)]);
    assert_eq!(a.duration_ms(), 1211);
    let seen = fake.seen.lock().unwrap();
    assert_eq!(seen[0], (Voice::Arabic, "أَبَ".to_string()));
    assert_eq!(seen[1], (Voice::English, "The end".to_string()));
}

#[test]
fn shadda_is_moved_before_the_vowel_for_the_engine() {
    let fake = Arc::new(Fake::default());
    let s = Speaker::with_engine(SpeechOptions::default(), fake.clone())
        .unwrap()
        .with_diacritizer(Arc::new(Fatha));
    // Already vocalised text (NFC order: fatha before shadda) is kept as
    // written, but reordered for espeak.
    s.speak("شَدَّ").unwrap();
    let seen = fake.seen.lock().unwrap();
    assert_eq!(seen[0].1, "ش\u{064E}د\u{0651}\u{064E}");
}

#[test]
fn missing_diacritiser_warns_or_fails_as_asked() {
    let dir = tempfile::tempdir().unwrap();
    let missing = SpeechOptions {
        model_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    };
    let fake = Arc::new(Fake::default());
    let a = Speaker::with_engine(missing.clone(), fake.clone())
        .unwrap()
        .speak("مرحبا")
        .unwrap();
    assert_eq!(a.warnings.len(), 1, "{:?}", a.warnings);
    assert!(a.warnings[0].contains("without diacritics"));
    let strict = SpeechOptions {
        diacritics: Diacritics::Require,
        ..missing
    };
    let e = Speaker::with_engine(strict, fake)
        .unwrap()
        .speak("مرحبا")
        .unwrap_err();
    assert!(matches!(e, SpeechError::DiacritizerUnavailable(_)), "{e}");
    // The default diacritiser's files are named, so the user knows what is missing.
    assert!(
        e.to_string()
            .contains(khulasa_speech::locate::DENGJEN_MODEL_FILE),
        "{e}"
    );
}

#[test]
fn english_only_never_needs_the_diacritiser() {
    let dir = tempfile::tempdir().unwrap();
    let opts = SpeechOptions {
        diacritics: Diacritics::Require,
        model_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    };
    let a = Speaker::with_engine(opts, Arc::new(Fake::default()))
        .unwrap()
        .speak("Prices rose 5%.")
        .unwrap();
    assert!(a.warnings.is_empty());
}

#[test]
fn long_points_reach_the_engine_in_bounded_chunks() {
    let fake = Arc::new(Fake::default());
    let s = speaker(fake.clone(), 0);
    let text = "ارتفعت الأسعار في الأسواق المحلية بشكل ملحوظ خلال الأسبوع الماضي ".repeat(30);
    s.speak(&text).unwrap();
    let seen = fake.seen.lock().unwrap();
    assert!(seen.len() >= 5, "{} chunks", seen.len());
    // Each chunk is at most 400 characters before diacritics double it.
    assert!(
        seen.iter()
            .all(|(_, t)| t.chars().filter(|c| *c != '\u{064E}').count() <= 400)
    );
}

/// Fails on every call, as a broken model would.
struct Broken;
impl Diacritizer for Broken {
    fn name(&self) -> &str {
        "broken"
    }
    fn diacritize(&self, _: &str) -> Result<String, SpeechError> {
        Err(SpeechError::Diacritizer("model exploded".into()))
    }
}

#[test]
fn a_failing_diacritiser_degrades_or_stops_as_asked() {
    let points = ["الجملة الأولى. الجملة الثانية.", "الجملة الثالثة"];
    let fake = Arc::new(Fake::default());
    let auto = Speaker::with_engine(SpeechOptions::default(), fake.clone())
        .unwrap()
        .with_diacritizer(Arc::new(Broken));
    let a = auto.speak_points(&points, Lang::Ar).unwrap();
    assert_eq!(a.marks.len(), 2);
    assert_eq!(
        a.warnings.len(),
        1,
        "one note, not one per chunk: {:?}",
        a.warnings
    );
    assert!(a.warnings[0].contains("model exploded"));
    assert_eq!(fake.seen.lock().unwrap().len(), 3, "every chunk still read");

    let strict = SpeechOptions {
        diacritics: Diacritics::Require,
        ..Default::default()
    };
    let s = Speaker::with_engine(strict, Arc::new(Fake::default()))
        .unwrap()
        .with_diacritizer(Arc::new(Broken));
    assert!(matches!(
        s.speak_points(&points, Lang::Ar),
        Err(SpeechError::Diacritizer(_))
    ));
}

#[test]
fn audio_length_is_bounded() {
    // 1 ms a character at 1 kHz: 300 digits → ~1,500 characters = 1.5 s > 1 s.
    let opts = SpeechOptions {
        max_audio_secs: 1,
        ..Default::default()
    };
    let s = Speaker::with_engine(opts, Arc::new(Fake::default())).unwrap();
    let digits = "1".repeat(300); // read digit by digit: "واحد واحد ..."
    match s.speak(&digits) {
        Err(SpeechError::AudioTooLong { max_secs: 1 }) => {}
        other => panic!("expected AudioTooLong, got {other:?}"),
    }
    let e = SpeechError::AudioTooLong { max_secs: 1800 }.to_string();
    assert!(e.contains("1800 s"), "{e}");
}

#[test]
fn encoding_while_speaking_gives_the_same_file() {
    use khulasa_speech::AudioFormat;
    let s = speaker(Arc::new(Fake::default()), 300);
    let points = ["النقطة الأولى. جملة ثانية.", "", "The third point"];
    let audio = s.speak_points(&points, Lang::Ar).unwrap();
    for f in [AudioFormat::Wav, AudioFormat::Mp3, AudioFormat::Ogg] {
        let (a, streamed) = s.speak_points_encoded(&points, Lang::Ar, f).unwrap();
        assert_eq!(a.samples, audio.samples);
        assert_eq!(a.marks, audio.marks);
        let batch = audio.encode(f).unwrap();
        if f == AudioFormat::Ogg {
            // Same stream, possibly paged differently.
            assert!(
                streamed.starts_with(b"OggS")
                    && streamed.len().abs_diff(batch.len()) < batch.len() / 10
            );
        } else {
            assert_eq!(streamed, batch, "{f:?}");
        }
    }
}

#[test]
fn a_spent_time_budget_stops_reading_and_names_itself() {
    let fake = Arc::new(Fake::default());
    let opts = SpeechOptions {
        time_budget: Some(std::time::Duration::ZERO),
        ..Default::default()
    };
    let s = Speaker::with_engine(opts, fake.clone())
        .unwrap()
        .with_diacritizer(Arc::new(Fatha));
    let err = s.speak_points(&["أب", "جد", "هو"], Lang::Ar).unwrap_err();
    assert!(
        matches!(err, SpeechError::TimeBudget { budget } if budget.is_zero()),
        "{err}"
    );
    assert!(err.to_string().contains("time budget of 0 ms"), "{err}");
    // It stopped after the first chunk rather than reading everything.
    assert_eq!(fake.seen.lock().unwrap().len(), 1);
}
