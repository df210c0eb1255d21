//! Diacritisation on WikiNewsMax (`khulasa eval diacritise --data FILE.tsv`):
//! word and diacritic error rates of every installed diacritiser, beside the
//! baseline of adding no marks, in one run.
//!
//! Each paragraph is handed over one sentence at a time (at most
//! [`MAX_CHUNK_CHARS`] characters, as the speaker does), the output is split
//! back into words, and each word is scored against every accepted form
//! ([`score`]). Figures come strict and lenient (a missing sukun counts as
//! sukun), each with and without the case ending.

pub mod data;
pub mod score;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use khulasa_speech::SpeechError;
use khulasa_speech::frontend::MAX_CHUNK_CHARS;
use khulasa_speech::tashkeel::{Diacritizer, DiacritizerKind};

pub use data::Word;
pub use score::Counts;

use crate::EvalError;

/// What to run: the settings of `khulasa eval diacritise`.
#[derive(Debug, Clone)]
pub struct Args {
    /// The WikiNewsMax TSV (`dediac`, then gold columns).
    pub data: PathBuf,
    /// List this many of each diacritiser's most frequent wrong words
    /// (without case ending); 0 lists none.
    pub errors: usize,
    /// Print one JSON object instead of a table.
    pub json: bool,
}

/// The figures of one diacritiser.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Report {
    /// The diacritiser's name.
    pub name: String,
    /// Strict: every mark must match.
    pub strict: Counts,
    /// Lenient: a missing sukun counts as sukun.
    pub lenient: Counts,
    /// Sentences whose output did not split back into the input's words
    /// (scored as wholly wrong).
    pub misaligned: usize,
    /// Time spent in the diacritiser.
    #[serde(serialize_with = "millis")]
    pub time: Duration,
    /// Wrong words (no case ending, strict): `(input, predicted) → count`.
    #[serde(skip)]
    pub wrong: HashMap<(String, String), usize>,
}

fn millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64() * 1000.0)
}

/// The baseline: returns the text as it is, without marks.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoMarks;

impl Diacritizer for NoMarks {
    fn name(&self) -> &str {
        "baseline: no marks"
    }
    fn diacritize(&self, text: &str) -> Result<String, SpeechError> {
        Ok(text.to_string())
    }
}

/// The sentences of a paragraph as word ranges: a sentence ends after
/// `.` `!` `?` `؟`, or before the word that would take it past
/// [`MAX_CHUNK_CHARS`].
fn sentences(words: &[Word]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut chars) = (0, 0);
    for (i, w) in words.iter().enumerate() {
        let len = w.input.chars().count() + 1;
        if i > start && chars + len > MAX_CHUNK_CHARS {
            out.push(start..i);
            (start, chars) = (i, 0);
        }
        chars += len;
        if matches!(w.input.as_str(), "." | "!" | "?" | "؟") {
            out.push(start..i + 1);
            (start, chars) = (i + 1, 0);
        }
    }
    if start < words.len() {
        out.push(start..words.len());
    }
    out
}

/// Scores `d` on the paragraphs. A diacritiser error on a sentence stops
/// the run: the figure would be meaningless.
pub fn evaluate(paragraphs: &[Vec<Word>], d: &dyn Diacritizer) -> Result<Report, EvalError> {
    let mut rep = Report {
        name: d.name().to_string(),
        ..Report::default()
    };
    for words in paragraphs {
        for range in sentences(words) {
            let part = &words[range];
            let input: Vec<&str> = part.iter().map(|w| w.input.as_str()).collect();
            let t0 = Instant::now();
            let out = d
                .diacritize(&input.join(" "))
                .map_err(|e| EvalError::Invalid(format!("{}: {e}", d.name())))?;
            rep.time += t0.elapsed();
            let predicted: Vec<&str> = out.split_whitespace().collect();
            let aligned = predicted.len() == part.len();
            rep.misaligned += !aligned as usize;
            for (i, w) in part.iter().enumerate().filter(|(_, w)| w.is_scored()) {
                // A misaligned sentence: each word scored as its bare input.
                let p = if aligned {
                    predicted[i]
                } else {
                    w.input.as_str()
                };
                let before = rep.strict.words_wrong_no_case;
                rep.strict.add(p, &w.golds, false);
                rep.lenient.add(p, &w.golds, true);
                if rep.strict.words_wrong_no_case > before {
                    *rep.wrong
                        .entry((w.input.clone(), p.to_string()))
                        .or_default() += 1;
                }
            }
        }
    }
    Ok(rep)
}

/// The diacritisers this machine has, and those it lacks.
pub struct Installed {
    /// The no-marks baseline, then each [`DiacritizerKind`] that loads.
    pub ready: Vec<Box<dyn Diacritizer>>,
    /// `(name, why)` of each kind that does not load, for the report.
    pub missing: Vec<(String, String)>,
}

/// Loads every [`DiacritizerKind`] (searching as the speaker does).
pub fn installed() -> Installed {
    let mut ready: Vec<Box<dyn Diacritizer>> = vec![Box::new(NoMarks)];
    let mut missing = Vec::new();
    for kind in DiacritizerKind::ALL {
        match kind.load(None, None) {
            Ok(d) => ready.push(d),
            Err(e) => missing.push((kind.as_str().to_string(), e.to_string())),
        }
    }
    Installed { ready, missing }
}

fn pct(x: f64) -> String {
    format!("{:>6.2}", 100.0 * x)
}

/// Scores every installed diacritiser on `args.data` and prints the table
/// (or one JSON object with `args.json`).
pub fn run(args: &Args) -> Result<Vec<Report>, EvalError> {
    let paragraphs = data::load(&args.data)?;
    let Installed { ready, missing } = installed();
    let mut reports = Vec::new();
    for d in &ready {
        reports.push(evaluate(&paragraphs, d.as_ref())?);
    }
    let words = reports.first().map(|r| r.strict.words).unwrap_or(0);
    if args.json {
        let v = serde_json::json!({
            "data": args.data.display().to_string(),
            "words": words,
            "diacritizers": reports,
            "missing": missing,
        });
        println!("{v}");
        return Ok(reports);
    }
    println!(
        "data {}: {} paragraphs, {words} Arabic words scored (a word is right if it matches any gold column)",
        args.data.display(),
        paragraphs.len()
    );
    for (name, why) in &missing {
        println!("not installed: {name} ({why})");
    }
    println!(
        "{:<26} {:^29} | {:^29} | {:>8}",
        "% of words / letters", "strict", "missing sukun = sukun", "ms/100w"
    );
    println!(
        "{:<26} {:>6} {:>6} {:>7} {:>6} | {:>6} {:>6} {:>7} {:>6} |",
        "diacritiser", "WER", "WER-nc", "DER", "DER-nc", "WER", "WER-nc", "DER", "DER-nc"
    );
    for r in &reports {
        let (s, l) = (&r.strict, &r.lenient);
        println!(
            "{:<26} {} {} {:>7} {} | {} {} {:>7} {} | {:>8.1}{}",
            r.name,
            pct(s.wer()),
            pct(s.wer_no_case()),
            pct(s.der()),
            pct(s.der_no_case()),
            pct(l.wer()),
            pct(l.wer_no_case()),
            pct(l.der()),
            pct(l.der_no_case()),
            r.time.as_secs_f64() * 1000.0 * 100.0 / s.words.max(1) as f64,
            if r.misaligned > 0 {
                format!("  ({} sentences misaligned)", r.misaligned)
            } else {
                String::new()
            }
        );
    }
    println!("-nc: without the case ending (each word's last letter left out)");
    if args.errors > 0 {
        for r in reports.iter().skip(1) {
            let mut wrong: Vec<_> = r.wrong.iter().collect();
            wrong.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
            println!(
                "\nmost frequent wrong words (strict, without case ending) of {}:",
                r.name
            );
            for ((input, pred), n) in wrong.into_iter().take(args.errors) {
                println!("{n:>4}  {input}  →  {pred}");
            }
        }
    }
    Ok(reports)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<Word> {
        s.split(' ')
            .map(|w| Word {
                input: w.to_string(),
                golds: vec![w.to_string()],
            })
            .collect()
    }

    #[test]
    fn sentences_end_at_full_stops_and_stay_under_the_chunk_limit() {
        assert_eq!(sentences(&words("قال . ثم جاء ؟ و")), [0..2, 2..5, 5..6]);
        let long = words(&vec!["كلمة"; 300].join(" "));
        let parts = sentences(&long);
        assert!(parts.len() >= 3);
        for r in parts {
            let chars: usize = long[r].iter().map(|w| w.input.chars().count() + 1).sum();
            assert!(chars <= MAX_CHUNK_CHARS + 1);
        }
    }

    /// Marks every letter with fatha: right only where the gold agrees.
    struct AllFatha;
    impl Diacritizer for AllFatha {
        fn name(&self) -> &str {
            "all fatha"
        }
        fn diacritize(&self, text: &str) -> Result<String, SpeechError> {
            Ok(text
                .chars()
                .flat_map(|c| {
                    let m = khulasa_text::is_arabic_letter(c).then_some('\u{064E}');
                    std::iter::once(c).chain(m)
                })
                .collect())
        }
    }

    #[test]
    fn the_baseline_and_a_model_are_scored_on_the_same_words() {
        let tsv = "كتب\tكَتَبَ\t\t\n،\t،\t\t\nولد\tوَلَدٌ\tوَلَدُ\t\n";
        let paragraphs = data::parse(tsv).unwrap();
        let none = evaluate(&paragraphs, &NoMarks).unwrap();
        let fatha = evaluate(&paragraphs, &AllFatha).unwrap();
        assert_eq!((none.strict.words, fatha.strict.words), (2, 2));
        assert_eq!(none.strict.words_wrong, 2);
        // كَتَبَ right; وَلَدَ wrong only in its case ending.
        assert_eq!(
            (fatha.strict.words_wrong, fatha.strict.words_wrong_no_case),
            (1, 0)
        );
        assert_eq!(fatha.misaligned, 0);
    }
}
