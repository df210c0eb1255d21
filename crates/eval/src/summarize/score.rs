//! Evaluation: ROUGE of the summarizer beside the lead baseline, same run.
//!
//! For each item the system summary (key points joined) and the lead
//! baseline ([`khulasa_summarize::lead`]) are scored against the item's references with
//! [`crate::rouge`]; figures are means over items. Items the summarizer
//! refuses (empty text) are counted as failures and left out of both means.

use super::bootstrap::interval;
use super::points::PointStats;
use crate::data::Item;
use crate::rouge::{self, Rouge, RougeSum};
use khulasa_summarize::{Length, Summarizer};

/// Figures of one evaluation run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The summarizer.
    pub system: RougeSum,
    /// The lead baseline.
    pub lead: RougeSum,
    /// Items that could not be summarised.
    pub failed: usize,
    /// Mean words per system summary.
    pub system_words: f64,
    /// Mean words per lead summary.
    pub lead_words: f64,
    /// Per scored item: (system, lead) ROUGE-1, ROUGE-2 and ROUGE-L F1, for
    /// paired intervals of the difference.
    pub per_item: Vec<([f64; 3], [f64; 3])>,
    /// Lengths and junk of the system's points.
    pub points: PointStats,
    /// The word budget of the recall measure ([`RECALL_WORDS_PER_POINT`] a
    /// point; 0 when the length is not in points).
    pub recall_words: usize,
    /// Per scored item: (system, lead) ROUGE-1 recall of their first
    /// `recall_words` words.
    pub per_item_recall: Vec<(f64, f64)>,
}

/// Words a point may use in the recall measure: three points are read as
/// their first 60 words, as a reader's box shows them, and the measure asks
/// how much of the reference they hold in that room (shorter points leave
/// room for more facts; longer ones are cut).
pub const RECALL_WORDS_PER_POINT: usize = 20;

/// The first `n` words of `s` (whitespace-separated).
fn first_words(s: &str, n: usize) -> String {
    s.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

impl Report {
    /// Mean ROUGE-1 recall × 100 of (system, lead) within the word budget.
    pub fn recall(&self) -> (f64, f64) {
        let n = self.per_item_recall.len().max(1) as f64;
        let (s, l) = self
            .per_item_recall
            .iter()
            .fold((0.0, 0.0), |(a, b), (s, l)| (a + s, b + l));
        (100.0 * s / n, 100.0 * l / n)
    }

    /// The 95% paired bootstrap interval of system minus lead recall within
    /// the word budget, × 100.
    pub fn recall_interval(&self) -> Option<(f64, f64)> {
        let d: Vec<f64> = self
            .per_item_recall
            .iter()
            .map(|(s, l)| 100.0 * (s - l))
            .collect();
        interval(&d, 1000)
    }

    /// The 95% paired bootstrap interval of system minus lead, for ROUGE
    /// `k` (0: ROUGE-1, 1: ROUGE-2, 2: ROUGE-L), F1 × 100.
    pub fn diff_interval(&self, k: usize) -> Option<(f64, f64)> {
        let d: Vec<f64> = self
            .per_item
            .iter()
            .map(|(s, l)| 100.0 * (s[k] - l[k]))
            .collect();
        interval(&d, 1000)
    }
}

/// The system summary of an item as one text (key points joined by newlines).
pub fn system_text(s: &Summarizer, item: &Item, length: Length) -> Option<String> {
    let sum = s
        .summarize(&item.text, item.title.as_deref(), length)
        .ok()?;
    Some(
        sum.key_points
            .iter()
            .map(|k| k.text.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// Scores `items` at `length`, system beside lead.
pub fn evaluate<'a>(
    s: &Summarizer,
    items: impl IntoIterator<Item = &'a Item>,
    length: Length,
) -> Report {
    evaluate_with(
        |item| s.summarize(&item.text, item.title.as_deref(), length).ok(),
        items,
        length,
    )
}

/// Scores the summaries `summarize` makes of `items` (`None`: the item
/// failed) at `length`, beside the lead: for engines other than the
/// extractive one.
pub fn evaluate_with<'a>(
    mut summarize: impl FnMut(&Item) -> Option<khulasa_summarize::Summary>,
    items: impl IntoIterator<Item = &'a Item>,
    length: Length,
) -> Report {
    let mut rep = Report {
        recall_words: match length {
            Length::Bullets(n) => n * RECALL_WORDS_PER_POINT,
            _ => 0,
        },
        ..Report::default()
    };
    let (mut sw, mut lw) = (0usize, 0usize);
    for item in items {
        let refs: Vec<Vec<String>> = item.references().iter().map(|r| rouge::tokens(r)).collect();
        if refs.is_empty() {
            rep.failed += 1;
            continue;
        }
        let Some(sum) = summarize(item) else {
            rep.failed += 1;
            continue;
        };
        rep.points.add(&item.text, item.title.as_deref(), &sum);
        let sys = sum
            .key_points
            .iter()
            .map(|k| k.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let lead = khulasa_summarize::lead(&item.text, length);
        let st = rouge::tokens(&sys);
        let lt = rouge::tokens(&lead);
        sw += st.len();
        lw += lt.len();
        let (sr, lr) = (
            rouge::mean_over_refs(&st, &refs),
            rouge::mean_over_refs(&lt, &refs),
        );
        let f = |r: &Rouge| [r.r1.f1, r.r2.f1, r.rl.f1];
        rep.per_item.push((f(&sr), f(&lr)));
        rep.system.add(&sr);
        rep.lead.add(&lr);
        if rep.recall_words > 0 {
            let cut = |t: &str| rouge::tokens(&first_words(t, rep.recall_words));
            let recall = |t: &str| rouge::mean_over_refs(&cut(t), &refs).r1.recall;
            rep.per_item_recall.push((recall(&sys), recall(&lead)));
        }
    }
    let n = rep.system.count().max(1) as f64;
    rep.system_words = sw as f64 / n;
    rep.lead_words = lw as f64 / n;
    rep
}
