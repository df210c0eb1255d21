//! Key points → finished encoded file, for a 3-point summary, warm; and the
//! real-time factor. Beside it, in the same run, the baseline: the
//! `espeak-ng` command-line tool reading the same text into a WAV file.
//!
//! `cargo bench -p khulasa-speech` (needs scripts/setup.sh's espeak-ng and
//! ONNX Runtime; prints a notice and measures nothing without espeak-ng).

#![allow(missing_docs)] // criterion's macros generate undocumented items

use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use khulasa_core::Lang;
use khulasa_speech::{AudioFormat, Diacritics, DiacritizerKind, Espeak, Speaker, SpeechOptions};

/// A 3-point summary of our own (same shape and length as the seed's).
const POINTS: [&str; 3] = [
    "اجتمع وزير الخارجية مع نظيره الأردني في عمان لبحث التعاون الاقتصادي بين البلدين، حيث وصف الوزير المحادثات بأنها \"بناءة وصريحة\".",
    "اتفق الجانبان على رفع حجم التبادل التجاري بنسبة 20% خلال العام المقبل، وعلى تشكيل لجنة مشتركة تجتمع كل ثلاثة أشهر.",
    "وتأتي الزيارة بعد توقيع اتفاقية للنقل البري في 15 مارس الماضي، فيما لم تعلن الحكومتان تفاصيل التمويل حتى الآن.",
];

fn espeak_cli(text: &str, out: &std::path::Path) {
    let st = Command::new("espeak-ng")
        .args(["-v", "ar", "-w"])
        .arg(out)
        .arg(text)
        .status()
        .expect("espeak-ng runs");
    assert!(st.success());
}

/// Mean wall time of `f` over `n` warm runs.
fn mean<F: FnMut()>(n: u32, mut f: F) -> Duration {
    f();
    let t = Instant::now();
    for _ in 0..n {
        f();
    }
    t.elapsed() / n
}

fn bench(c: &mut Criterion) {
    if !Espeak::available() {
        eprintln!("NOTICE: libespeak-ng not found; speech bench skipped (run scripts/setup.sh)");
        return;
    }
    let speaker = Speaker::new(SpeechOptions::default()).unwrap();
    // The earlier default, beside the new one in the same run.
    let rawi = Speaker::new(SpeechOptions {
        diacritizer: DiacritizerKind::Rawi,
        ..Default::default()
    })
    .unwrap();
    let plain = Speaker::new(SpeechOptions {
        diacritics: Diacritics::Off,
        ..Default::default()
    })
    .unwrap();
    let audio = speaker.speak_points(&POINTS, Lang::Ar).unwrap();
    assert!(
        audio.warnings.is_empty(),
        "bench wants the diacritiser: {:?}",
        audio.warnings
    );
    let speech_s = audio.duration_ms() as f64 / 1000.0;
    let joined = POINTS.join(" ");
    let dir = tempfile::tempdir().unwrap();
    let cli_wav = dir.path().join("cli.wav");
    espeak_cli(&joined, &cli_wav);
    let cli_s = (std::fs::metadata(&cli_wav).unwrap().len() - 44) as f64 / 2.0 / 22050.0;

    // Real-time factor, both measured here, same text. Under `cargo test`
    // (no `--bench` argument) one run each: the figures are then not meant.
    let n = if std::env::args().any(|a| a == "--bench") {
        20
    } else {
        1
    };
    let ours = mean(n, || {
        let (_, mp3) = speaker
            .speak_points_encoded(&POINTS, Lang::Ar, AudioFormat::Mp3)
            .unwrap();
        assert!(mp3.len() > 10_000);
    });
    let cli = mean(n, || espeak_cli(&joined, &cli_wav));
    println!(
        "\n3 key points → MP3 (encoded while speaking): {:.1} ms for {:.2} s of speech, RTF {:.4} (target < 150 ms, RTF < 0.05)\n\
         baseline espeak-ng CLI → WAV (no diacritics, no MP3, one process a call): {:.1} ms for {:.2} s, RTF {:.4}\n",
        ours.as_secs_f64() * 1000.0,
        speech_s,
        ours.as_secs_f64() / speech_s,
        cli.as_secs_f64() * 1000.0,
        cli_s,
        cli.as_secs_f64() / cli_s,
    );

    let mut g = c.benchmark_group("speak_3_points");
    g.sample_size(20);
    g.bench_function("khulasa_to_mp3", |b| {
        b.iter(|| {
            let a = speaker.speak_points(&POINTS, Lang::Ar).unwrap();
            let bytes = a.encode(AudioFormat::Mp3).unwrap();
            assert!(bytes.len() > 10_000);
            bytes
        })
    });
    g.bench_function("khulasa_to_mp3_encoded_while_speaking", |b| {
        b.iter(|| {
            let (_, bytes) = speaker
                .speak_points_encoded(&POINTS, Lang::Ar, AudioFormat::Mp3)
                .unwrap();
            assert!(bytes.len() > 10_000);
            bytes
        })
    });
    if rawi
        .speak_points(&POINTS, Lang::Ar)
        .is_ok_and(|a| a.warnings.is_empty())
    {
        g.bench_function("khulasa_to_mp3_encoded_while_speaking_rawi", |b| {
            b.iter(|| {
                let (_, bytes) = rawi
                    .speak_points_encoded(&POINTS, Lang::Ar, AudioFormat::Mp3)
                    .unwrap();
                assert!(bytes.len() > 10_000);
                bytes
            })
        });
    }
    g.bench_function("khulasa_to_ogg", |b| {
        b.iter(|| {
            speaker
                .speak_points(&POINTS, Lang::Ar)
                .unwrap()
                .encode(AudioFormat::Ogg)
                .unwrap()
        })
    });
    g.bench_function("khulasa_to_wav", |b| {
        b.iter(|| {
            speaker
                .speak_points(&POINTS, Lang::Ar)
                .unwrap()
                .encode(AudioFormat::Wav)
                .unwrap()
        })
    });
    g.bench_function("khulasa_no_diacritics_to_wav", |b| {
        b.iter(|| {
            plain
                .speak_points(&POINTS, Lang::Ar)
                .unwrap()
                .encode(AudioFormat::Wav)
                .unwrap()
        })
    });
    g.bench_function("baseline_espeak_ng_cli_to_wav", |b| {
        b.iter(|| espeak_cli(&joined, &cli_wav))
    });
    g.finish();

    let mut g = c.benchmark_group("parts");
    g.sample_size(30);
    for kind in DiacritizerKind::ALL {
        let Ok(model) = kind.load(None, None) else {
            eprintln!(
                "NOTICE: diacritiser {} not installed; not timed",
                kind.as_str()
            );
            continue;
        };
        g.bench_function(format!("diacritise_3_points_{}", kind.as_str()), |b| {
            b.iter(|| {
                let marks: usize = POINTS
                    .iter()
                    .map(|p| {
                        let out = model.diacritize(p).unwrap();
                        out.chars()
                            .filter(|c| ('\u{064B}'..='\u{0652}').contains(c))
                            .count()
                    })
                    .sum();
                // Checks it measured real work: most letters got a mark.
                assert!(marks > 100, "{marks} marks");
                marks
            })
        });
    }
    g.bench_function("encode_mp3", |b| {
        b.iter(|| audio.encode(AudioFormat::Mp3).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
