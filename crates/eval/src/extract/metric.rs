//! How extraction is scored: the article-extraction-benchmark (AEB) metric,
//! and the comparisons used for metadata accuracy.
//!
//! AEB metric, per document: tokens are Python's `\w+` (case kept); the
//! shingles are the 4-token windows (a text shorter than 4 tokens is one
//! shingle), counted with multiplicity; precision and recall come from the
//! matched counts. Over a set, precision and recall are averaged per document
//! (macro) and F1 is the harmonic mean of the two averages. The edge cases
//! follow the benchmark's own script: both texts empty scores 1/1, one empty 0.
//!
//! `scripts/eval_extract_trafilatura.py` implements the same rules in Python,
//! so the two tools are measured alike.

use std::collections::HashMap;

/// Python's `\w`: letters and digits (Unicode), and `_`, but not combining
/// marks (Python's `str.isalnum` is false on harakat; Rust's `is_alphanumeric`
/// is true on some of them).
fn is_word_char(c: char) -> bool {
    (c.is_alphanumeric() || c == '_') && !is_mark(c)
}

fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0489}' | '\u{0591}'..='\u{05BD}' | '\u{05BF}' | '\u{05C1}'..='\u{05C2}'
        | '\u{05C4}'..='\u{05C5}' | '\u{05C7}' | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E4}' | '\u{06E7}'..='\u{06E8}' | '\u{06EA}'..='\u{06ED}'
        | '\u{08D3}'..='\u{08FF}' | '\u{0900}'..='\u{0903}' | '\u{093A}'..='\u{094F}' | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// The tokens of the AEB metric (Python `re.findall(r"\w+", text)`).
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

fn shingles<'a>(toks: &'a [&'a str], n: usize) -> HashMap<&'a [&'a str], usize> {
    let mut m = HashMap::new();
    if toks.is_empty() {
        return m;
    }
    let count = if toks.len() >= n {
        toks.len() - n + 1
    } else {
        1
    };
    for i in 0..count {
        let end = (i + n).min(toks.len());
        *m.entry(&toks[i..end]).or_insert(0) += 1;
    }
    m
}

/// Precision and recall of `predicted` against `gold` under the AEB metric.
///
/// ```
/// use khulasa_eval::extract::metric::precision_recall;
/// let gold = "one two three four five";
/// assert_eq!(precision_recall(gold, gold), (1.0, 1.0));
/// let (p, r) = precision_recall(gold, "one two three four five six seven");
/// assert_eq!(r, 1.0);
/// assert!((p - 2.0 / 4.0).abs() < 1e-9);
/// ```
pub fn precision_recall(gold: &str, predicted: &str) -> (f64, f64) {
    let (gt, pt) = (tokens(gold), tokens(predicted));
    let (g, p) = (shingles(&gt, 4), shingles(&pt, 4));
    let mut tp = 0usize;
    let mut fp = 0usize;
    let mut fn_ = 0usize;
    for (k, &pc) in &p {
        let gc = g.get(k).copied().unwrap_or(0);
        tp += pc.min(gc);
        fp += pc.saturating_sub(gc);
    }
    for (k, &gc) in &g {
        let pc = p.get(k).copied().unwrap_or(0);
        fn_ += gc.saturating_sub(pc);
    }
    let precision = if fp == 0 && fn_ == 0 {
        1.0
    } else if tp == 0 && fp == 0 {
        0.0
    } else {
        tp as f64 / (tp + fp) as f64
    };
    let recall = if fp == 0 && fn_ == 0 {
        1.0
    } else if tp == 0 && fn_ == 0 {
        0.0
    } else {
        tp as f64 / (tp + fn_) as f64
    };
    (precision, recall)
}

/// Folds a metadata value for comparison: case, whitespace, punctuation,
/// Arabic letter variants and harakat do not count.
pub use khulasa_text::normalize::comparison_key as fold;

/// Does the extracted author list match a gold author string? Names are
/// compared folded, as sets; gold lists may separate names with `;`, `,`,
/// `and`, `و`.
pub fn authors_match(gold: &str, found: &[String]) -> bool {
    let split = |s: &str| -> Vec<String> {
        let mut v: Vec<String> = s
            .split([';', ',', '،', '|'])
            .flat_map(|p| p.split(" and ").map(str::to_string).collect::<Vec<_>>())
            .map(|n| fold(&n))
            .filter(|n| !n.is_empty())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let g = split(gold);
    let f = split(&found.join("; "));
    !g.is_empty() && g == f
}

pub use khulasa_extract::visible_text;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_follow_python_word_rule() {
        assert_eq!(
            tokens("It's 2024—année_1, مرحبًا!"),
            vec!["It", "s", "2024", "année_1", "مرحب", "ا"]
        );
    }

    #[test]
    fn edge_cases_follow_the_benchmark() {
        assert_eq!(precision_recall("", ""), (1.0, 1.0));
        assert_eq!(precision_recall("a b c d e", ""), (0.0, 0.0));
        assert_eq!(precision_recall("", "a b c d e"), (0.0, 0.0));
        assert_eq!(precision_recall("a b", "a b"), (1.0, 1.0));
    }

    #[test]
    fn partial_overlap() {
        // gold shingles: abcd bcde cdef; predicted: bcde cdef defg
        let (p, r) = precision_recall("a b c d e f", "b c d e f g");
        assert!((p - 2.0 / 3.0).abs() < 1e-9 && (r - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn metadata_folding() {
        assert_eq!(fold("  Hello,   World! "), "hello world");
        assert_eq!(fold("إعلان الأمم المتحدة"), fold("اعلان الامم المتحده"));
        assert!(authors_match(
            "Jane Doe; John Roe",
            &["John Roe".into(), "jane doe".into()]
        ));
        assert!(!authors_match("Jane Doe", &[]));
    }
}
