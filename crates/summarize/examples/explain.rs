//! Prints every sentence's score and features, and the points chosen: a
//! development aid for reading what the scorer does with one article.
//!
//! `cargo run -p khulasa-summarize --example explain -- FILE [TITLE]`
//! (`EXPLAIN_TERMS=1` also prints the analysed terms of each point; the
//! table at the end is the redundancy the selector sees.)
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
        println!(
            "{i:>3} {:>6.3}  {st}\n      {}",
            w.score(&si.features),
            top.join(" ")
        );
    }
    let sum = s
        .summarize(&text, title.as_deref(), Length::Bullets(3))
        .expect("analysed above");
    for k in &sum.key_points {
        println!("- {}", k.text);
    }
    // Redundancy as the selector sees it: cosine / same-fact overlap of the
    // points as shown, for the first sentences.
    let n = a.doc.sents.len().min(12);
    let shown: Vec<Vec<u32>> = (0..n)
        .map(|i| a.doc.shown_terms(i, &s.point(&a, i).0.kept))
        .collect();
    if std::env::var_os("EXPLAIN_TERMS").is_some() {
        for k in &sum.key_points {
            dbg_terms(&k.text);
        }
    }
    println!("cosine / overlap (shown), first {n} sentences:");
    for i in 0..n {
        let row: Vec<String> = (0..n)
            .map(|j| {
                if i == j {
                    "    ---   ".into()
                } else {
                    format!(
                        "{:.2}/{:.2} ",
                        a.doc.sim(i, j),
                        a.doc.overlap(&shown[i], &shown[j])
                    )
                }
            })
            .collect();
        println!("{i:>3} {}", row.join(""));
    }
}

fn dbg_terms(t: &str) {
    let an = khulasa_text::Analyzer::for_lang(khulasa_core::Lang::Ar);
    let v: Vec<String> = an.terms(t).into_iter().map(|x| x.text).collect();
    println!("{}", v.join(" | "));
}
