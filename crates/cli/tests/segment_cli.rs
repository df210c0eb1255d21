//! `khulasa segment` as a user runs it: the built binary, real files, stdin.

mod common;

use common::{khulasa, output_with_stdin};

fn demo() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/article-ar.txt").to_string()
}

#[test]
fn text_output_one_sentence_a_line() {
    let out = khulasa().args(["segment", &demo()]).output().unwrap();
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = s.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 11);
    assert!(lines[3].starts_with("وقال وزير المياه د. سامر الخطيب"));
}

#[test]
fn json_output_has_spans_into_the_input() {
    let text = std::fs::read_to_string(demo()).unwrap();
    let out = khulasa()
        .args(["segment", "--format", "json", &demo()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sentences = v["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), 11);
    for s in sentences {
        let (a, b) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[a..b], s["text"].as_str().unwrap());
    }
    assert_eq!(sentences[1]["paragraph"], 1);
}

#[test]
fn stdin_and_empty_input() {
    let out = output_with_stdin(khulasa().args(["segment", "-"]), b"");
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
}

#[test]
fn invalid_utf8_names_the_offset() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.txt");
    std::fs::write(&path, b"abc \xff\xfe def").unwrap();
    let out = khulasa()
        .args(["segment", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("offset 4"), "stderr: {err}");
    assert!(!err.contains("panicked"));
    let lossy = khulasa()
        .args(["segment", "--lossy", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(lossy.status.success());
    assert!(String::from_utf8_lossy(&lossy.stdout).contains('\u{FFFD}'));
}

#[test]
fn missing_file_is_an_error_in_words() {
    let out = khulasa()
        .args(["segment", "/nonexistent/file.txt"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("could not read /nonexistent/file.txt"),
        "stderr: {err}"
    );
}
