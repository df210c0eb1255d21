//! `khulasa speak` and `khulasa summarize --speak` as a user runs them.
//! Audio checks need espeak-ng (scripts/setup.sh); without it they print a
//! notice and check only the error message, except under CI.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn khulasa(args: &[&str]) -> Output {
    common::khulasa().args(args).output().expect("runs")
}

fn engine_ok() -> bool {
    let out = khulasa(&["speak", "--check"]);
    if out.status.success() {
        return true;
    }
    let msg = String::from_utf8_lossy(&out.stdout);
    assert!(
        msg.contains("apt install libespeak-ng1"),
        "no install hint: {msg}"
    );
    assert!(
        std::env::var_os("CI").is_none(),
        "CI ran setup.sh but espeak-ng is missing: {msg}"
    );
    eprintln!("NOTICE: espeak-ng missing; audio checks skipped");
    false
}

fn ffprobe_secs(p: &Path) -> Option<f64> {
    let out = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_entries",
            "format=duration",
            "-of",
            "csv=p=0",
        ])
        .arg(p)
        .output()
        .ok()?;
    assert!(out.status.success(), "ffprobe rejected {}", p.display());
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

#[test]
fn speak_writes_each_format_with_marks() {
    if !engine_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for ext in ["wav", "mp3", "ogg"] {
        let out = dir.path().join(format!("a.{ext}"));
        let o = khulasa(&[
            "speak",
            "ارتفعت الأسعار 5% في يناير.",
            "-o",
            out.to_str().unwrap(),
            "--marks",
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let marks: serde_json::Value =
            serde_json::from_slice(o.stderr.trim_ascii()).expect("marks JSON");
        let end = marks[0]["end_ms"].as_u64().unwrap();
        assert!(end > 1000, "{marks}");
        if let Some(secs) = ffprobe_secs(&out) {
            assert!(
                (secs * 1000.0 - end as f64).abs() < 150.0,
                "{ext}: {secs} s vs {end} ms"
            );
        }
    }
}

#[test]
fn points_mode_marks_each_line() {
    if !engine_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("points.txt");
    std::fs::write(
        &input,
        "النقطة الأولى هنا.\n\nThe second point.\nالنقطة الثالثة.\n",
    )
    .unwrap();
    let out = dir.path().join("p.wav");
    let o = khulasa(&[
        "speak",
        "--points",
        "--file",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--marks",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let marks: Vec<serde_json::Value> = serde_json::from_slice(o.stderr.trim_ascii()).unwrap();
    assert_eq!(marks.len(), 3);
    for w in marks.windows(2) {
        assert!(w[0]["end_ms"].as_u64() < w[1]["start_ms"].as_u64());
    }
}

#[test]
fn bad_input_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("x.wav");
    let wav = wav.to_str().unwrap();
    let cases: [(&[&str], &str); 4] = [
        (&["speak", "", "-o", wav], "text is empty"),
        (
            &["speak", "نص", "-o", "x.flac"],
            "cannot tell the audio format",
        ),
        (&["speak", "نص"], "give an output file"),
        (
            &["speak", "--lang", "fr", "نص", "-o", wav],
            "unknown --lang",
        ),
    ];
    for (args, want) in cases {
        let o = khulasa(args);
        assert!(!o.status.success(), "{args:?} succeeded");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(want), "{args:?}: {err}");
    }
    let big = dir.path().join("big.txt");
    std::fs::write(&big, "كلمة ".repeat(200_000)).unwrap();
    let o = khulasa(&["speak", "--file", big.to_str().unwrap(), "-o", wav]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("limit is 65536 bytes"));
}

#[test]
fn phonemes_show_vowels_after_diacritisation() {
    if !engine_ok() {
        return;
    }
    let o = khulasa(&[
        "speak",
        "--phonemes",
        "--require-diacritics",
        "اتفق الجانبان على تشكيل لجنة مشتركة",
    ]);
    if !o.status.success() {
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("diacritisation is unavailable"), "{err}");
        assert!(std::env::var_os("CI").is_none(), "{err}");
        return;
    }
    let ph = String::from_utf8_lossy(&o.stdout);
    for w in ph.split_whitespace() {
        assert!(
            w.chars().any(|c| "aiu".contains(c)),
            "no vowel in {w:?}: {ph}"
        );
    }
}

#[test]
fn summarize_speak_reads_the_key_points() {
    if !engine_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    std::fs::write(
        &article,
        "أعلنت وزارة الزراعة أمس عن خطة جديدة لتحسين إدارة المياه في المدن الساحلية.\n\n\
         وقال الوزير إن الحكومة ستبني ثلاث محطات لتحلية مياه البحر خلال السنوات المقبلة.\n\n\
         وأضاف أن نسبة الفاقد من المياه في الشبكات القديمة تصل إلى 30%.\n\n\
         من جهتهم، طالب نواب في البرلمان بنشر تفاصيل الميزانية قبل التصويت عليها.\n",
    )
    .unwrap();
    let out = dir.path().join("s.mp3");
    let o = khulasa(&[
        "summarize",
        article.to_str().unwrap(),
        "--speak",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("- "));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.len() > 20_000, "{} bytes", bytes.len());
    if let Some(secs) = ffprobe_secs(&out) {
        assert!(secs > 5.0, "{secs} s");
    }
}

#[test]
fn a_machine_without_espeak_gets_told_what_to_install() {
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("x.wav");
    let run = |args: &[&str]| {
        common::khulasa()
            .args(args)
            .env("KHULASA_ESPEAK_LIB", "/nonexistent/libespeak-ng.so.1")
            .output()
            .unwrap()
    };
    let o = run(&["speak", "نص قصير", "-o", wav.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("speech is unavailable")
            && err.contains("apt install libespeak-ng1 espeak-ng-data"),
        "{err}"
    );
    assert!(!wav.exists());
    let o = run(&["speak", "--check"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("MISSING"));
    // Everything else keeps working.
    let article = dir.path().join("a.txt");
    std::fs::write(
        &article,
        "أعلنت الوزارة خطة جديدة للمياه.\n\nوقال الوزير إن المشروع يبدأ قريبا.\n",
    )
    .unwrap();
    let o = run(&["summarize", article.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn stdin_in_and_stdout_out() {
    if !engine_ok() {
        return;
    }
    let o = common::output_with_stdin(
        common::khulasa().args(["speak", "-", "-o", "-", "--format", "mp3"]),
        "وصل الوفد إلى العاصمة صباح اليوم.".as_bytes(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // An MPEG audio frame starts with 11 set sync bits.
    assert!(o.stdout.len() > 5_000 && o.stdout[0] == 0xFF && o.stdout[1] & 0xE0 == 0xE0);
}

/// The Piper voice `scripts/setup.sh --test` installs, if it is there.
fn joe_voice() -> Option<std::path::PathBuf> {
    let dirs = std::env::var_os("KHULASA_VOICE_DIR")
        .map(std::path::PathBuf::from)
        .into_iter()
        .chain([std::path::PathBuf::from("/usr/local/lib/khulasa/voices")]);
    let found = dirs
        .map(|d| d.join("en_US-joe-medium.onnx"))
        .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI ran setup.sh --test but the Piper voice is missing"
        );
        eprintln!("NOTICE: the Piper voice en_US-joe-medium is not installed; skipping");
    }
    found
}

#[test]
fn speak_with_a_piper_voice_and_list_it() {
    if !engine_ok() {
        return;
    }
    let Some(model) = joe_voice() else { return };
    let voice = format!("piper:{}", model.display());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.mp3");
    let o = khulasa(&[
        "speak",
        "The talks resume on Monday in Geneva.\nBoth sides expect an agreement by June.",
        "--points",
        "--marks",
        "--voice",
        &voice,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let marks: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&o.stderr).trim()).unwrap();
    assert_eq!(marks.as_array().unwrap().len(), 2);
    if let Some(secs) = ffprobe_secs(&out) {
        assert!(secs > 3.0 && secs < 12.0, "{secs} s for 14 words");
    }

    let o = khulasa(&["voices"]);
    assert!(o.status.success());
    let listed = String::from_utf8_lossy(&o.stdout);
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with(&voice) && l.ends_with("ok")),
        "{listed}"
    );
    assert!(
        listed.lines().any(|l| l.starts_with("espeak:ar\tar")),
        "{listed}"
    );

    // A voice file that is not there: an error naming it.
    let o = khulasa(&[
        "speak",
        "hello",
        "--voice",
        "piper:/nowhere/x.onnx",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("/nowhere/x.onnx"), "{err}");
}
