//! `khulasa summarize` as a user runs it: the built binary, files, stdin,
//! JSON Lines batches with a bad line, HTML input, bad flags.

mod common;

use common::{khulasa, output_with_stdin};

const TEXT: &str = "أعلنت وزارة النقل، أمس الأحد، تشغيل خط قطار جديد بين المدينتين بطول 300 كيلومتر، حسب ما نقلت وكالة الأنباء الرسمية. \
وقال الوزير إن القطار سيختصر زمن الرحلة إلى ساعتين بدلا من خمس ساعات.\n\n\
وأضاف أن المرحلة الثانية من المشروع تبدأ العام المقبل وتشمل ثلاث محطات إضافية. \
وكانت الحكومة قد خصصت ملياري دولار للمشروع قبل ثلاث سنوات.\n\n\
ويأمل سكان المناطق الريفية أن يسهل الخط وصولهم إلى الجامعات والمستشفيات.";

fn write_tmp(name: &str, content: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(name);
    std::fs::write(&p, content).unwrap();
    (dir, p)
}

#[test]
fn text_output_is_bullets() {
    let (_d, p) = write_tmp("a.txt", TEXT);
    let out = khulasa()
        .args(["summarize", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = s.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines.iter().all(|l| l.starts_with("- ")));
    // The first of three points is the lead without its time words and
    // its attribution (engine 11).
    assert!(
        lines[0].starts_with("- أعلنت وزارة النقل تشغيل خط قطار"),
        "{}",
        lines[0]
    );
    assert!(!lines[0].contains("حسب ما نقلت"), "{}", lines[0]);
}

#[test]
fn json_from_stdin_has_sources_that_resolve() {
    let out = output_with_stdin(
        khulasa().args([
            "summarize",
            "-",
            "--format",
            "json",
            "--bullets",
            "2",
            "--no-compress",
        ]),
        TEXT.as_bytes(),
    );
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let points = v["key_points"].as_array().unwrap();
    assert_eq!(points.len(), 2);
    for p in points {
        let span = &p["spans"][0];
        let (a, b) = (
            span["start"].as_u64().unwrap() as usize,
            span["end"].as_u64().unwrap() as usize,
        );
        // Uncompressed: the point is exactly its source sentence.
        assert_eq!(&TEXT[a..b], p["text"].as_str().unwrap());
        assert_eq!(p["sources"][0], span["sentence"]);
    }
    assert!(v["engine_version"].is_string());
}

#[test]
fn jsonl_batch_reports_bad_lines_and_exits_2() {
    let good = serde_json::json!({"id": "good", "text": TEXT, "title": "قطار جديد"}).to_string();
    let lines = format!("{good}\n{{\"id\": \"empty\", \"text\": \"\"}}\nnot json\n");
    let (_d, p) = write_tmp("in.jsonl", &lines);
    let out = khulasa()
        .args([
            "summarize",
            "--jsonl",
            "--bullets",
            "1",
            p.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let rows: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["id"], "good");
    assert_eq!(rows[0]["key_points"].as_array().unwrap().len(), 1);
    assert_eq!(rows[1]["id"], "empty");
    assert!(rows[1]["error"].as_str().unwrap().contains("empty"));
    assert!(rows[2]["error"].as_str().unwrap().contains("line 3"));
    // All good: exit 0.
    let (_d2, p2) = write_tmp("ok.jsonl", &format!("{good}\n"));
    let out = khulasa()
        .args(["summarize", "--jsonl", p2.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn html_is_extracted_first() {
    let html = format!(
        "<!doctype html><html lang=\"ar\" dir=\"rtl\"><head><title>قطار جديد</title></head><body>\
         <nav>الرئيسية | أخبار | رياضة</nav><article><h1>قطار جديد بين المدينتين</h1>{}</article></body></html>",
        TEXT.split("\n\n")
            .map(|p| format!("<p>{p}</p>"))
            .collect::<String>()
    );
    let (_d, p) = write_tmp("page.html", &html);
    let out = khulasa()
        .args(["summarize", "--format", "json", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = v["text"].as_str().unwrap();
    assert!(!text.contains('<'));
    assert!(
        v["key_points"][0]["text"]
            .as_str()
            .unwrap()
            .contains("قطار")
    );
}

#[test]
fn bad_input_and_flags_are_errors_in_words() {
    let (_d, p) = write_tmp("empty.txt", "  \n");
    let out = khulasa()
        .args(["summarize", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty"));
    let (_d, p) = write_tmp("a.txt", TEXT);
    let out = khulasa()
        .args(["summarize", "--ratio", "2", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("ratio"));
    let out = khulasa()
        .args([
            "summarize",
            "--bullets",
            "2",
            "--words",
            "9",
            p.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let out = khulasa()
        .args(["summarize", "/no/such/file.txt"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/file.txt"));
}
