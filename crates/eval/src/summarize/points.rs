//! What a reader sees in the points, beyond ROUGE: how long they are and
//! how many are junk (questions, headline or link lines, bylines, quotes
//! without a named speaker, dangling openers), judged by the summarizer's
//! own junk rules ([`khulasa_summarize::junk`]) on each point as shown.

use khulasa_summarize::junk::{self, Junk};
use khulasa_summarize::{Summary, count_words, language};
use std::collections::BTreeMap;

/// Point lengths and junk counts over a run.
#[derive(Debug, Clone, Default)]
pub struct PointStats {
    /// Words of every point, in run order.
    pub words: Vec<usize>,
    /// Points of each junk kind.
    pub junk: BTreeMap<Junk, usize>,
}

impl PointStats {
    /// Adds the points of one summary of `text` (headline `title`). A point
    /// is judged as a line of its own (so one without a final stop reads as
    /// a headline), leaning on nothing when it starts at the first sentence.
    pub fn add(&mut self, text: &str, title: Option<&str>, summary: &Summary) {
        let lang = language(text);
        for k in &summary.key_points {
            self.words.push(count_words(&k.text));
            let cx = junk::Context {
                text: &k.text,
                title,
                lang,
                has_before: k.sources.first().is_some_and(|s| s.sentence > 0),
            };
            if let Some(j) = junk::classify(&cx, 0..k.text.len()) {
                *self.junk.entry(j).or_default() += 1;
            }
        }
    }

    /// The `q` quantile of the point lengths (0 for none).
    pub fn quantile(&self, q: f64) -> usize {
        let mut w = self.words.clone();
        w.sort_unstable();
        if w.is_empty() {
            return 0;
        }
        w[((w.len() - 1) as f64 * q).round() as usize]
    }

    /// Points longer than `n` words.
    pub fn over(&self, n: usize) -> usize {
        self.words.iter().filter(|&&w| w > n).count()
    }

    /// One line: `points N, words median M p90 P max X, over 30: J, over 40: K; junk: question 2, ...`.
    pub fn line(&self) -> String {
        let junk: Vec<String> = Junk::ALL
            .iter()
            .map(|j| format!("{} {}", j.name(), self.junk.get(j).copied().unwrap_or(0)))
            .collect();
        format!(
            "points {}, words median {} p90 {} max {}, over 30: {}, over 40: {}; junk: {}",
            self.words.len(),
            self.quantile(0.5),
            self.quantile(0.9),
            self.words.iter().max().copied().unwrap_or(0),
            self.over(30),
            self.over(40),
            junk.join(", ")
        )
    }
}
