//! Prints every sentence's score and features, and the points chosen: a
//! development aid for reading what the scorer does with one article.
//!
//! `cargo run -p khulasa-summarize --example explain -- FILE [TITLE]`
use khulasa_core::Length;
use khulasa_summarize::Summarizer;
use khulasa_summarize::features::FEATURE_NAMES;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: explain FILE [TITLE]");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("explain: {path}: {e}");
        std::process::exit(1)
    });
    let title = args.next();
    let s = Summarizer::default();
    let a = match s.analyse(&text, title.as_deref()) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("explain: {e}");
            std::process::exit(1)
        }
    };
    let w = &s.options().weights;
    for (i, si) in a.doc.sents.iter().enumerate() {
        let top: Vec<String> = FEATURE_NAMES
            .iter()
            .zip(si.features.iter().zip(w.w))
            .filter(|(_, (x, wk))| (*x * wk).abs() > 0.05)
            .map(|(n, (x, wk))| format!("{n}{:+.2}", x * wk))
            .collect();
        let st: String = a.sentence_text(i).chars().take(70).collect();
        println!("{i:>3} {:>6.3}  {st}\n      {}", w.score(&si.features), top.join(" "));
    }
    let sum = s.summarize(&text, title.as_deref(), Length::Bullets(3)).expect("analysed above");
    for k in &sum.key_points {
        println!("- {}", k.text);
    }
}
