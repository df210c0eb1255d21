//! End-to-end speech: real espeak-ng, real ONNX diacritiser, real files.
//!
//! These need the system pieces `scripts/setup.sh` installs. When espeak-ng
//! is missing they print a notice and pass — except under CI (`CI` set),
//! where setup.sh has run and a missing engine is a failure.

use std::process::Command;
use std::sync::Arc;

use khulasa_core::Lang;
use khulasa_speech::{
    Audio, AudioFormat, Diacritics, Espeak, Speaker, SpeechError, SpeechOptions, Voice,
};

/// Three key points of our own, in the shape of the seed's summary.
const POINTS: [&str; 3] = [
    "اجتمع وزير الخارجية مع نظيره الأردني في عمان لبحث التعاون الاقتصادي بين البلدين.",
    "اتفق الجانبان على رفع حجم التبادل التجاري بنسبة 20% خلال العام المقبل.",
    "وتأتي الزيارة بعد توقيع اتفاقية للنقل البري في 15 مارس الماضي.",
];

fn engine_or_skip() -> bool {
    if Espeak::available() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("espeak-ng is not installed but CI ran scripts/setup.sh");
    }
    eprintln!(
        "NOTICE: libespeak-ng not found; skipping (install espeak-ng or run scripts/setup.sh)"
    );
    false
}

fn speaker() -> Speaker {
    Speaker::new(SpeechOptions::default()).expect("default options are valid")
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// RMS of a slice of samples.
fn rms(s: &[i16]) -> f64 {
    if s.is_empty() {
        return 0.0;
    }
    (s.iter().map(|&x| (x as f64 / 32768.0).powi(2)).sum::<f64>() / s.len() as f64).sqrt()
}

fn slice_ms(a: &Audio, start: u64, end: u64) -> &[i16] {
    let r = a.sample_rate as u64;
    let (s, e) = ((start * r / 1000) as usize, (end * r / 1000) as usize);
    &a.samples[s.min(a.samples.len())..e.min(a.samples.len())]
}

#[test]
fn three_points_are_audible_plausibly_long_and_marked_in_order() {
    if !engine_or_skip() {
        return;
    }
    let audio = speaker().speak_points(&POINTS, Lang::Ar).expect("speaks");
    assert_eq!(audio.sample_rate, 22050);
    assert!(
        audio.rms() > 0.02,
        "audio is near silent: rms {}",
        audio.rms()
    );
    // Plausible: between 0.2 s and 1.5 s per written word (numbers expand),
    // plus the two pauses.
    let w: usize = POINTS.iter().map(|p| words(p)).sum();
    let secs = audio.duration_ms() as f64 / 1000.0;
    assert!(
        secs > 0.2 * w as f64 && secs < 1.5 * w as f64 + 1.2,
        "{secs} s for {w} words"
    );

    assert_eq!(audio.marks.len(), 3);
    let mut prev_end = 0;
    for (i, m) in audio.marks.iter().enumerate() {
        assert_eq!(m.point, i);
        assert!(
            m.start_ms >= prev_end && m.end_ms > m.start_ms + 500,
            "{m:?}"
        );
        assert!(
            rms(slice_ms(&audio, m.start_ms, m.end_ms)) > 0.02,
            "point {i} is silent"
        );
        prev_end = m.end_ms;
    }
    assert!(prev_end <= audio.duration_ms());
    // The pause between points is silence.
    let gap = slice_ms(
        &audio,
        audio.marks[0].end_ms + 50,
        audio.marks[1].start_ms.saturating_sub(50),
    );
    assert!(gap.len() > 1000 && rms(gap) < 0.001, "pause is not silent");
}

fn probe_duration(path: &std::path::Path) -> Option<f64> {
    let out = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_entries",
            "format=duration",
            "-of",
            "csv=p=0",
        ])
        .arg(path)
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "ffprobe rejected {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

#[test]
fn encoded_files_are_read_by_ffprobe_and_soxi() {
    if !engine_or_skip() {
        return;
    }
    let audio = speaker()
        .speak_points(&POINTS[..2], Lang::Ar)
        .expect("speaks");
    let secs = audio.duration_ms() as f64 / 1000.0;
    let dir = tempfile::tempdir().unwrap();
    let have_ffprobe = Command::new("ffprobe").arg("-version").output().is_ok();
    let have_soxi = Command::new("soxi").arg("-V0").output().is_ok();
    if !have_ffprobe {
        eprintln!("NOTICE: ffprobe not found; checking only headers (run scripts/setup.sh --test)");
    }
    for f in [AudioFormat::Wav, AudioFormat::Mp3, AudioFormat::Ogg] {
        let bytes = audio.encode(f).expect("encodes");
        let magic: &[u8] = match f {
            AudioFormat::Wav => b"RIFF",
            AudioFormat::Mp3 => &[0xFF],
            AudioFormat::Ogg => b"OggS",
        };
        assert!(bytes.starts_with(magic), "{f:?} header");
        let path = dir.path().join(format!("out.{}", f.extension()));
        std::fs::write(&path, &bytes).unwrap();
        if have_ffprobe {
            let d = probe_duration(&path).expect("ffprobe prints a duration");
            assert!(
                (d - secs).abs() < 0.15,
                "{f:?}: ffprobe says {d} s, we made {secs} s"
            );
        }
        if have_soxi && f != AudioFormat::Mp3 {
            let out = Command::new("soxi").arg("-D").arg(&path).output().unwrap();
            assert!(out.status.success(), "soxi rejected {f:?}");
            let d: f64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
            assert!((d - secs).abs() < 0.15, "{f:?}: soxi says {d} s");
        }
    }
    // WAV is exact: 44-byte header plus two bytes a sample.
    assert_eq!(
        audio.encode(AudioFormat::Wav).unwrap().len(),
        44 + 2 * audio.samples.len()
    );
}

#[test]
fn bad_input_gets_clear_errors_not_panics() {
    let s = speaker();
    // Refused before any engine is touched: these run everywhere.
    assert!(matches!(s.speak(""), Err(SpeechError::Empty)));
    assert!(matches!(s.speak("  \n\t "), Err(SpeechError::Empty)));
    let huge = "كلمة ".repeat(1 << 18); // ~2.6 MB
    let t = std::time::Instant::now();
    match s.speak(&huge) {
        Err(SpeechError::TooLong { len, max }) => {
            assert_eq!(len, huge.len());
            assert_eq!(max, khulasa_speech::DEFAULT_MAX_INPUT_BYTES);
        }
        other => panic!("expected TooLong, got {other:?}"),
    }
    // Generous for a loaded CI machine; reading 2.6 MB aloud would take minutes.
    assert!(
        t.elapsed().as_millis() < 1000,
        "refusal should be immediate"
    );
    assert!(matches!(s.speak("🔥🎉 ✨"), Err(SpeechError::NothingToSay)));
    assert!(matches!(
        s.speak("!!! ؟؟ ... --- ***"),
        Err(SpeechError::NothingToSay)
    ));
    let msg = SpeechError::TooLong { len: 10, max: 5 }.to_string();
    assert!(msg.contains("limit is 5 bytes"), "{msg}");

    if !engine_or_skip() {
        return;
    }
    // Emoji inside text are dropped; the words are read.
    let a = s.speak("عاجل 🔥 انتهت الجولة 🎉").expect("speaks");
    assert!(a.rms() > 0.02);
    // Digits only are speakable (verbalised).
    let a = s.speak("٢٠٢٤").expect("speaks digits");
    assert!(a.duration_ms() > 500);
    // Mixed Arabic and English: both voices, one mark.
    let a = s
        .speak("قال المتحدث إن the negotiations will continue وأضاف أن الاجتماع المقبل قريب")
        .expect("mixed");
    assert_eq!(a.marks.len(), 1);
    assert!(a.duration_ms() > 3000);
    // Just under the limit is accepted and spoken in chunks.
    let long = "انتهى الاجتماع دون اتفاق. ".repeat(40);
    let a = s.speak(&long).expect("long text");
    assert!(a.duration_ms() > 40 * 1000, "{} ms", a.duration_ms());
}

#[test]
fn one_speaker_serves_many_threads() {
    if !engine_or_skip() {
        return;
    }
    let s = Arc::new(speaker());
    let alone = s
        .speak_points(&POINTS[..1], Lang::Ar)
        .unwrap()
        .samples
        .len();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let s = Arc::clone(&s);
            std::thread::spawn(move || {
                s.speak_points(&POINTS[..1], Lang::Ar)
                    .unwrap()
                    .samples
                    .len()
            })
        })
        .collect();
    // espeak-ng's output length varies by a few milliseconds from call to
    // call even on one thread; concurrent calls must stay within that.
    for h in handles {
        let n = h.join().unwrap();
        assert!(
            n.abs_diff(alone) * 100 < alone,
            "concurrent call gave {n} samples, alone {alone}"
        );
    }
}

/// Phonemes with a vowel: every word espeak prints must contain one, or it
/// was read as a consonant cluster (what happens without diacritics).
/// In espeak's Arabic mnemonics vowels are lower case (`a i u`, long `a:`);
/// capitals are consonants (`A` is ʕ). Pause tokens (`_:`) have no letters.
fn has_vowel(word: &str) -> bool {
    !word.chars().any(|c| c.is_ascii_alphabetic()) || word.chars().any(|c| "aeiou@".contains(c))
}

#[test]
fn diacritised_arabic_gives_every_word_vowels() {
    if !engine_or_skip() {
        return;
    }
    let s = Speaker::new(SpeechOptions {
        diacritics: Diacritics::Require,
        ..Default::default()
    })
    .unwrap();
    let chunks = match s.preview(&POINTS.join(" "), Lang::Ar) {
        Ok(c) => c,
        Err(SpeechError::DiacritizerUnavailable(m)) if std::env::var_os("CI").is_none() => {
            eprintln!("NOTICE: diacritiser not installed ({m}); skipping");
            return;
        }
        Err(e) => panic!("{e}"),
    };
    assert!(chunks.iter().all(|c| c.voice == Voice::Arabic));
    let text: String = chunks
        .iter()
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let marks = text
        .chars()
        .filter(|c| ('\u{064B}'..='\u{0652}').contains(c))
        .count();
    let letters = text
        .chars()
        .filter(|&c| khulasa_speech::frontend::is_arabic_letter(c))
        .count();
    assert!(
        marks * 10 >= letters * 6,
        "too few marks: {marks} for {letters} letters in {text}"
    );
    let ph = Espeak::phonemes(&text, Voice::Arabic).unwrap();
    let bare = Espeak::phonemes(&POINTS.join(" "), Voice::Arabic).unwrap();
    let voweless = |p: &str| p.split_whitespace().filter(|w| !has_vowel(w)).count();
    assert_eq!(
        voweless(&ph),
        0,
        "words without vowels after diacritisation: {ph}"
    );
    assert!(
        voweless(&bare) > voweless(&ph),
        "undiacritised text should lose vowels: {bare}"
    );
}

#[test]
fn english_text_gets_the_english_voice() {
    if !engine_or_skip() {
        return;
    }
    let ph = Espeak::phonemes("the meeting ended", Voice::English).unwrap();
    assert!(ph.contains("m'i:t"), "{ph}");
    let a = speaker()
        .speak("The meeting ended without an agreement.")
        .unwrap();
    assert!(
        a.warnings.is_empty(),
        "English needs no diacritiser: {:?}",
        a.warnings
    );
    assert!(a.rms() > 0.02);
}

/// The seed page, from `KHULASA_SHARED` or `../shared` beside the clone.
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

#[test]
fn seed_key_points_get_vowels_in_every_word() {
    if !engine_or_skip() {
        return;
    }
    let Some(points) = seed_key_points() else {
        eprintln!("NOTICE: ../shared/seed not found; skipping the seed listening check");
        return;
    };
    assert_eq!(points.len(), 3);
    let s = Speaker::new(SpeechOptions {
        diacritics: Diacritics::Require,
        ..Default::default()
    })
    .unwrap();
    for p in &points {
        let chunks = match s.preview(p, Lang::Ar) {
            Ok(c) => c,
            Err(SpeechError::DiacritizerUnavailable(m)) if std::env::var_os("CI").is_none() => {
                eprintln!("NOTICE: diacritiser not installed ({m}); skipping");
                return;
            }
            Err(e) => panic!("{e}"),
        };
        for c in chunks {
            let ph = Espeak::phonemes(&c.text, c.voice).unwrap();
            let bad: Vec<&str> = ph.split_whitespace().filter(|w| !has_vowel(w)).collect();
            assert!(bad.is_empty(), "vowel-less words {bad:?} in {ph}");
        }
    }
}
