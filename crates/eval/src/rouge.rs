//! ROUGE-1, ROUGE-2 and ROUGE-L F1, written for khulasa.
//!
//! The scorer works on token sequences; [`tokens`] makes them from text with
//! the ROUGE normalisation of `docs/design.md` (strip harakat and tatweel,
//! fold alef forms, ى → ي, ة → ه, lowercase, no stemming; punctuation is not
//! a token). With several references the figure is the mean of the F1
//! against each reference (not the maximum).
//!
//! ROUGE-L here is the sentence-level variant (`rougeL` in Google's
//! `rouge_score`): one longest common subsequence between the whole candidate
//! and the whole reference, not the union-LCS "summary-level" variant.

use khulasa_text::normalize::Normalizer;
use khulasa_text::{TokenKind, tokenize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Precision, recall and F1 of one comparison, each in `[0, 1]`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    /// Share of the candidate's units found in the reference.
    pub precision: f64,
    /// Share of the reference's units found in the candidate.
    pub recall: f64,
    /// Harmonic mean of the two; 0 when both are 0.
    pub f1: f64,
}

impl Prf {
    fn from_counts(overlap: usize, cand: usize, refn: usize) -> Prf {
        let precision = if cand == 0 {
            0.0
        } else {
            overlap as f64 / cand as f64
        };
        let recall = if refn == 0 {
            0.0
        } else {
            overlap as f64 / refn as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// ROUGE-1, ROUGE-2 and ROUGE-L of one candidate.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rouge {
    /// Unigram overlap.
    pub r1: Prf,
    /// Bigram overlap.
    pub r2: Prf,
    /// Longest common subsequence.
    pub rl: Prf,
}

/// The ROUGE tokens of a text: its words and numbers, ROUGE-normalised.
///
/// ```
/// let t = khulasa_eval::rouge::tokens("أَعلنت الوزارةُ، اليوم.");
/// assert_eq!(t, vec!["اعلنت", "الوزاره", "اليوم"]);
/// ```
pub fn tokens(text: &str) -> Vec<String> {
    static NORM: OnceLock<Normalizer> = OnceLock::new();
    let norm = NORM.get_or_init(Normalizer::rouge);
    tokenize(text)
        .into_iter()
        .filter(|t| t.kind.is_word() || t.kind == TokenKind::Number)
        .filter_map(|t| {
            let n = norm.normalize(&text[t.span.start..t.span.end]);
            let n = n.trim();
            (!n.is_empty()).then(|| n.to_string())
        })
        .collect()
}

fn ngram_counts<S: AsRef<str>>(toks: &[S], n: usize) -> HashMap<Vec<&str>, usize> {
    let mut m = HashMap::new();
    if toks.len() >= n {
        for w in toks.windows(n) {
            *m.entry(w.iter().map(|s| s.as_ref()).collect()).or_insert(0) += 1;
        }
    }
    m
}

/// ROUGE-N of a candidate token sequence against one reference: clipped
/// n-gram overlap.
/// `n = 0` gives all zeros.
pub fn rouge_n<S: AsRef<str>>(cand: &[S], reference: &[S], n: usize) -> Prf {
    if n == 0 {
        return Prf::default();
    }
    let c = ngram_counts(cand, n);
    let r = ngram_counts(reference, n);
    let overlap: usize = c
        .iter()
        .map(|(g, &k)| k.min(r.get(g).copied().unwrap_or(0)))
        .sum();
    let grams = |len: usize| if len >= n { len - n + 1 } else { 0 };
    let (cn, rn) = (grams(cand.len()), grams(reference.len()));
    Prf::from_counts(overlap, cn, rn)
}

/// Length of the longest common subsequence of two token sequences.
///
/// Dynamic programming in `O(a·b)` time and `O(b)` memory.
pub fn lcs_len<S: AsRef<str>>(a: &[S], b: &[S]) -> usize {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x.as_ref() == y.as_ref() {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// ROUGE-L (sentence-level LCS) of a candidate against one reference.
pub fn rouge_l<S: AsRef<str>>(cand: &[S], reference: &[S]) -> Prf {
    Prf::from_counts(lcs_len(cand, reference), cand.len(), reference.len())
}

/// All three measures of a candidate against one reference (token sequences).
pub fn score_tokens<S: AsRef<str>>(cand: &[S], reference: &[S]) -> Rouge {
    Rouge {
        r1: rouge_n(cand, reference, 1),
        r2: rouge_n(cand, reference, 2),
        rl: rouge_l(cand, reference),
    }
}

/// All three measures of a candidate text, averaged over the references
/// (each measure's precision, recall and F1 is the mean over references).
/// No references gives all zeros.
pub fn score(candidate: &str, references: &[&str]) -> Rouge {
    let c = tokens(candidate);
    let refs: Vec<Vec<String>> = references.iter().map(|r| tokens(r)).collect();
    mean_over_refs(&c, &refs)
}

/// Mean of [`score_tokens`] over several tokenised references.
pub fn mean_over_refs<S: AsRef<str>>(cand: &[S], refs: &[Vec<S>]) -> Rouge {
    let mut acc = RougeSum::default();
    for r in refs {
        acc.add(&score_tokens(cand, r));
    }
    acc.mean()
}

/// A running sum of [`Rouge`] figures, for means over a data set.
#[derive(Debug, Clone, Default)]
pub struct RougeSum {
    sum: [f64; 9],
    n: usize,
}

impl RougeSum {
    /// Adds one figure.
    pub fn add(&mut self, r: &Rouge) {
        let v = [
            r.r1.precision,
            r.r1.recall,
            r.r1.f1,
            r.r2.precision,
            r.r2.recall,
            r.r2.f1,
            r.rl.precision,
            r.rl.recall,
            r.rl.f1,
        ];
        for (s, x) in self.sum.iter_mut().zip(v) {
            *s += x;
        }
        self.n += 1;
    }

    /// How many figures were added.
    pub fn count(&self) -> usize {
        self.n
    }

    /// The mean; all zeros when nothing was added.
    pub fn mean(&self) -> Rouge {
        if self.n == 0 {
            return Rouge::default();
        }
        let m: Vec<f64> = self.sum.iter().map(|s| s / self.n as f64).collect();
        let p = |i: usize| Prf {
            precision: m[i],
            recall: m[i + 1],
            f1: m[i + 2],
        };
        Rouge {
            r1: p(0),
            r2: p(3),
            rl: p(6),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        s.split_whitespace().collect()
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    // Hand-computed: cand "the cat sat on the mat" (6), ref "the cat is on the mat" (6).
    // Unigrams: the×2 (ref the×2) cat on mat → 5 overlap: P = R = F = 5/6.
    // Bigrams cand: the-cat cat-sat sat-on on-the the-mat; ref: the-cat cat-is is-on on-the the-mat
    // overlap 3 of 5 each → 0.6.  LCS: the cat on the mat = 5 → 5/6.
    #[test]
    fn hand_computed_english() {
        let r = score_tokens(
            &toks("the cat sat on the mat"),
            &toks("the cat is on the mat"),
        );
        close(r.r1.f1, 5.0 / 6.0);
        close(r.r2.f1, 0.6);
        close(r.rl.f1, 5.0 / 6.0);
    }

    // Clipping: cand "a a a a" vs ref "a b": overlap min(4,1)=1 → P=1/4, R=1/2, F=2·(1/8)/(3/4)=1/3.
    #[test]
    fn counts_are_clipped() {
        let r = rouge_n(&toks("a a a a"), &toks("a b"), 1);
        close(r.precision, 0.25);
        close(r.recall, 0.5);
        close(r.f1, 1.0 / 3.0);
    }

    // Unequal lengths: cand "w1 w2 w3" (3) vs ref "w3 w1 w2 w4 w5" (5).
    // R1: 3 overlap → P=1, R=3/5, F=0.75. R2: cand {w1w2,w2w3}, ref {w3w1,w1w2,w2w4,w4w5} → 1:
    // P=1/2, R=1/4, F=1/3. LCS = w1 w2 = 2 → P=2/3, R=2/5, F=0.5.
    #[test]
    fn unequal_lengths() {
        let r = score_tokens(&toks("w1 w2 w3"), &toks("w3 w1 w2 w4 w5"));
        close(r.r1.f1, 0.75);
        close(r.r2.precision, 0.5);
        close(r.r2.recall, 0.25);
        close(r.r2.f1, 1.0 / 3.0);
        close(r.rl.f1, 0.5);
    }

    #[test]
    fn empty_and_too_short() {
        let e: Vec<&str> = vec![];
        assert_eq!(score_tokens(&e, &toks("a b")), Rouge::default());
        assert_eq!(score_tokens(&toks("a b"), &e), Rouge::default());
        // One token has no bigram: ROUGE-2 is 0, not a division by zero.
        let r = score_tokens(&toks("a"), &toks("a"));
        close(r.r1.f1, 1.0);
        close(r.r2.f1, 0.0);
    }

    // Mean over references, not max: against "a b" F1=1, against "c d" F1=0 → 0.5.
    #[test]
    fn mean_over_references() {
        let refs = vec![toks("a b"), toks("c d")];
        let r = mean_over_refs(&toks("a b"), &refs);
        close(r.r1.f1, 0.5);
        close(r.r2.f1, 0.5);
    }

    // Arabic: hamza on alef, ta marbuta and diacritics do not count as differences.
    #[test]
    fn arabic_normalisation_matters() {
        let r = score("أعلنت الوزارةُ الخطة", &["اعلنت الوزاره الخطه"]);
        close(r.r1.f1, 1.0);
        close(r.r2.f1, 1.0);
        // Punctuation is not a token: "الخطة." and "الخطة" match.
        let r = score("الخطة، الجديدة.", &["الخطة الجديدة"]);
        close(r.r1.f1, 1.0);
    }

    // Hand-computed Arabic: cand "وصل الوزير إلى بيونغ يانغ" (5) vs
    // ref "الوزير وصل إلى بيونغ يانغ أمس" (6). R1 overlap 5 → P=1, R=5/6, F=10/11.
    // R2 cand {وصل-الوزير, الوزير-الى, الى-بيونغ, بيونغ-يانغ}; ref {الوزير-وصل, وصل-الى,
    // الى-بيونغ, بيونغ-يانغ, يانغ-امس} → 2: P=2/4, R=2/5, F=4/9. LCS = 4 (الوزير الى بيونغ يانغ)
    // → P=4/5, R=4/6, F=8/11.
    #[test]
    fn hand_computed_arabic() {
        let r = score(
            "وصل الوزير إلى بيونغ يانغ",
            &["الوزير وصل إلى بيونغ يانغ أمس"],
        );
        close(r.r1.f1, 10.0 / 11.0);
        close(r.r2.f1, 4.0 / 9.0);
        close(r.rl.f1, 8.0 / 11.0);
    }
}
