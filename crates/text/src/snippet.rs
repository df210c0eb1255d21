//! A snippet of a search hit: the part of a text around the best match,
//! with the matched words' ranges, so a reader sees why an article matched.
//!
//! Matching is done on terms (the [`Analyzer`]'s output), display on the
//! original text: the snippet is a slice of the text as written, and each
//! mark is a byte range into the snippet.
//!
//! ```
//! use khulasa_text::{Analyzer, snippet::snippet};
//! let a = Analyzer::search();
//! let text = "قال المتحدث إن الجيش أطلق بصواريخه نحو الحدود.";
//! let s = snippet(&a, text, &a.terms("صواريخ").into_iter().map(|t| t.text).collect::<Vec<_>>(), 200);
//! let marked: Vec<&str> = s.marks.iter().map(|m| &s.text[m.start..m.end]).collect();
//! assert_eq!(marked, ["بصواريخه"]);
//! ```

use crate::Analyzer;
use khulasa_core::Span;

/// A slice of a text around its best match, with the matched words marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The slice as written, with `…` where it was cut inside the text.
    pub text: String,
    /// Byte ranges of the matched words in `text`, in order, not overlapping.
    pub marks: Vec<Span>,
}

/// Words of context kept before the first match of the chosen window.
const LEAD_WORDS: usize = 4;

/// The snippet of `text` for the query terms `terms` (as `analyzer` gives
/// them), at most about `max_bytes` long (cut at word ends).
///
/// The window chosen holds the most distinct query terms, then the most
/// matches, then comes first. With no match in the text (a hit on the title
/// alone), the snippet is the text's opening.
pub fn snippet(analyzer: &Analyzer, text: &str, terms: &[String], max_bytes: usize) -> Snippet {
    let words = analyzer.terms(text);
    let hit: Vec<Option<usize>> = words
        .iter()
        .map(|w| terms.iter().position(|t| *t == w.text))
        .collect();
    // Best window start: the match whose following `max_bytes` hold the
    // most distinct terms, then the most matches.
    let mut best: Option<(usize, usize, usize)> = None; // (distinct, count, start word)
    for (i, h) in hit.iter().enumerate() {
        if h.is_none() {
            continue;
        }
        let limit = words[i].span.start + max_bytes;
        let mut seen = vec![false; terms.len()];
        let (mut distinct, mut count) = (0, 0);
        for (w, h) in words[i..].iter().zip(&hit[i..]) {
            if w.span.end > limit {
                break;
            }
            if let Some(t) = *h {
                count += 1;
                if !seen[t] {
                    seen[t] = true;
                    distinct += 1;
                }
            }
        }
        if best.is_none_or(|(d, c, _)| (distinct, count) > (d, c)) {
            best = Some((distinct, count, i));
        }
    }
    let first = best.map_or(0, |(_, _, i)| i.saturating_sub(LEAD_WORDS));
    let start = if first == 0 {
        0
    } else {
        words[first].span.start
    };
    // Cut after the last word that ends within the budget.
    let budget_end = start + max_bytes;
    let end = if text.len() <= budget_end {
        text.len()
    } else {
        words[first..]
            .iter()
            .take_while(|w| w.span.end <= budget_end)
            .last()
            .map_or_else(
                || crate::floor_char_boundary(text, budget_end),
                |w| w.span.end,
            )
    };
    let mut out = String::with_capacity(end - start + 8);
    if start > 0 {
        out.push_str("… ");
    }
    let shift = out.len();
    out.push_str(&text[start..end]);
    if end < text.len() {
        out.push_str(" …");
    }
    let marks = words
        .iter()
        .zip(&hit)
        .filter(|(w, h)| h.is_some() && w.span.start >= start && w.span.end <= end)
        .map(|(w, _)| Span::new(w.span.start - start + shift, w.span.end - start + shift))
        .collect();
    Snippet { text: out, marks }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(a: &Analyzer, s: &str) -> Vec<String> {
        a.terms(s).into_iter().map(|t| t.text).collect()
    }

    fn marked(s: &Snippet) -> Vec<&str> {
        s.marks.iter().map(|m| &s.text[m.start..m.end]).collect()
    }

    #[test]
    fn picks_the_window_with_the_most_query_words() {
        let a = Analyzer::search();
        let filler = "كلام عام لا صلة له بالموضوع. ".repeat(20);
        let text = format!(
            "ذكر التقرير الحكومة مرة. {filler}وأعلنت الحكومة خطة جديدة للطاقة الشمسية. {filler}"
        );
        let s = snippet(&a, &text, &q(&a, "خطة الطاقة الحكومة"), 120);
        assert_eq!(marked(&s), ["الحكومة", "خطة", "للطاقة"]);
        assert!(
            s.text.starts_with("… ") && s.text.ends_with(" …"),
            "{}",
            s.text
        );
        assert!(s.text.len() <= 120 + 8);
    }

    #[test]
    fn without_a_match_the_opening_is_shown() {
        let a = Analyzer::search();
        let s = snippet(&a, "نص قصير.", &q(&a, "صواريخ"), 200);
        assert_eq!(s.text, "نص قصير.");
        assert!(s.marks.is_empty());
    }

    #[test]
    fn marks_are_char_aligned_on_long_words() {
        let a = Analyzer::search();
        let text = "ب".repeat(500);
        let s = snippet(&a, &text, &q(&a, "ب"), 41);
        assert!(s.text.ends_with(" …"));
        assert!(s.marks.iter().all(|m| s.text.is_char_boundary(m.start)));
    }
}
