//! Output fingerprint (development aid for speed work): summarises every item
//! of the evaluation data at several lengths, with and without trimming, and
//! prints one line per item and setting (key point texts and source spans) so
//! two builds can be compared with `diff`: a speed change must leave every
//! line identical. It also prints the analysis features of every sentence.
//!
//! ```text
//! cargo run --release -p khulasa-eval --example fingerprint -- [DATA_DIR] > out.txt
//! ```
//!
//! DATA_DIR defaults to `$KHULASA_DATA` or `../shared/data`.
use khulasa_core::Length;
use khulasa_eval::data;
use khulasa_summarize::{Options, Summarizer};
use std::io::Write;
use std::path::PathBuf;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("KHULASA_DATA").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("../shared/data"));
    let engines = [
        ("trim", Summarizer::default()),
        (
            "whole",
            Summarizer::new(Options {
                compress: false,
                ..Options::default()
            }),
        ),
    ];
    let lengths = [
        Length::Bullets(1),
        Length::Bullets(3),
        Length::Ratio(0.33),
        Length::Words(60),
    ];
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    // The seed page's text (read from ../shared; never in the repository).
    // Its body: the lines after the page's own key points.
    if let Ok(page) = std::fs::read_to_string(dir.join("../seed/article-page.txt")) {
        let lines: Vec<&str> = page.lines().collect();
        let after = lines
            .iter()
            .rposition(|l| l.starts_with("- "))
            .map_or(0, |i| i + 1);
        let body = lines[after..].join("\n");
        let title = lines.first().copied();
        for (name, s) in &engines {
            for len in lengths {
                let line = match s.summarize(body.trim(), title, len) {
                    Ok(sum) => serde_json::to_string(&sum.key_points).unwrap(),
                    Err(e) => format!("error {e}"),
                };
                writeln!(out, "seed {name} {len:?} {line}").unwrap();
            }
        }
    }
    for file in ["easc.dev.jsonl", "ant_bbc.dev.jsonl", "ant_cnn.jsonl"] {
        let path = dir.join("summarization").join(file);
        let items = match data::load(&path) {
            Ok(items) => items,
            Err(e) => {
                eprintln!("skipping {}: {e}", path.display());
                continue;
            }
        };
        for it in &items {
            for (name, s) in &engines {
                if let Ok(a) = s.analyse(&it.text, it.title.as_deref()) {
                    for (i, sent) in a.doc.sents.iter().enumerate() {
                        writeln!(out, "{file} {} {name} f{i} {:?}", it.id, sent.features).unwrap();
                    }
                }
                for len in lengths {
                    let line = match s.summarize(&it.text, it.title.as_deref(), len) {
                        Ok(sum) => serde_json::to_string(&sum.key_points).unwrap(),
                        Err(e) => format!("error {e}"),
                    };
                    writeln!(out, "{file} {} {name} {len:?} {line}", it.id).unwrap();
                }
            }
        }
    }
}
