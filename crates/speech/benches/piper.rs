//! A Piper voice beside espeak-ng, in the same run: real-time factor and
//! peak memory with the voice loaded.
//!
//! `cargo bench -p khulasa-speech --bench piper` (needs espeak-ng and the
//! Piper voice `scripts/setup.sh --test` installs; prints a notice and
//! measures nothing without them).
//!
//! - Real-time factor: three English key points (≈ 60 words) → PCM, warm,
//!   by each voice; ONNX Runtime uses every core it finds (2 here).
//! - Peak memory: this binary re-runs itself once per voice (a child
//!   process that loads the voice, reads the points once and reports its
//!   peak resident set, `VmHWM`), so neither figure includes the other.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use khulasa_core::Lang;
use khulasa_speech::{Espeak, Speaker, SpeechOptions, VoiceSpec};

const POINTS: [&str; 3] = [
    "The defence minister met the leader of North Korea in the capital to strengthen military cooperation, and both called the talks frank and useful.",
    "A strategic partnership treaty signed in June commits each side to help the other if it is attacked, officials said on Tuesday.",
    "The visit comes amid reports that soldiers from the North are fighting in the war, which neither government has confirmed.",
];

fn joe() -> Option<PathBuf> {
    khulasa_speech::voices::voice_dirs()
        .into_iter()
        .map(|d| d.join("en_US-joe-medium.onnx"))
        .find(|p| p.is_file())
}

fn speaker(voice: Option<&PathBuf>) -> Speaker {
    Speaker::new(SpeechOptions {
        voices: voice
            .map(|v| vec![VoiceSpec::Piper(v.clone())])
            .unwrap_or_default(),
        ..Default::default()
    })
    .expect("the voice loads")
}

/// Peak resident set of this process, in MiB.
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    if let Ok(which) = std::env::var("KHULASA_BENCH_CHILD") {
        let voice = (which == "piper").then(joe).flatten();
        let s = speaker(voice.as_ref());
        let a = s.speak_points(&POINTS, Lang::En).unwrap();
        assert!(a.rms() > 0.01);
        println!("{:.1}", peak_mib());
        return;
    }
    if !Espeak::available() {
        eprintln!("NOTICE: libespeak-ng not found; Piper bench skipped (run scripts/setup.sh)");
        return;
    }
    let Some(model) = joe() else {
        eprintln!(
            "NOTICE: the Piper voice en_US-joe-medium is not installed; bench skipped (run scripts/setup.sh --test)"
        );
        return;
    };
    // Under `cargo test` (no --bench) one run each, to check it works.
    let n = if std::env::args().any(|a| a == "--bench") {
        10
    } else {
        1
    };
    let load = Instant::now();
    let piper = speaker(Some(&model));
    let load = load.elapsed();
    let espeak = speaker(None);
    println!("\nthree English key points (≈ 60 words) → PCM, {n} warm runs each, same run");
    println!("| voice | mean | speech | real-time factor |\n|---|---|---|---|");
    for (name, s) in [
        ("Piper en_US-joe-medium", &piper),
        ("baseline: espeak-ng en", &espeak),
    ] {
        let a = s.speak_points(&POINTS, Lang::En).unwrap();
        let secs = a.duration_ms() as f64 / 1000.0;
        let t = Instant::now();
        for _ in 0..n {
            let a = s.speak_points(&POINTS, Lang::En).unwrap();
            assert!(a.rms() > 0.01);
        }
        let mean: Duration = t.elapsed() / n;
        println!(
            "| {name} | {:.0} ms | {secs:.1} s | {:.3} |",
            mean.as_secs_f64() * 1000.0,
            mean.as_secs_f64() / secs
        );
    }
    println!(
        "(loading the Piper voice: {:.0} ms)",
        load.as_secs_f64() * 1000.0
    );

    let exe = std::env::current_exe().unwrap();
    println!("\npeak resident memory, one process each (load, read the points once)");
    println!("| voice | peak RSS |\n|---|---|");
    for (name, which) in [
        ("Piper en_US-joe-medium", "piper"),
        ("baseline: espeak-ng", "espeak"),
    ] {
        let out = Command::new(&exe)
            .env("KHULASA_BENCH_CHILD", which)
            .output()
            .expect("the bench re-runs itself");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        println!(
            "| {name} | {} MiB |",
            String::from_utf8_lossy(&out.stdout).trim()
        );
    }
}
