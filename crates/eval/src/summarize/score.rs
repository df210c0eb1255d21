//! Evaluation: ROUGE of the summarizer beside the lead baseline, same run.
//!
//! For each item the system summary (key points joined) and the lead
//! baseline ([`khulasa_summarize::lead`]) are scored against the item's references with
//! [`crate::rouge`]; figures are means over items. Items the summarizer
//! refuses (empty text) are counted as failures and left out of both means.

use crate::data::Item;
use crate::rouge::{self, RougeSum};
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
    let mut rep = Report::default();
    let (mut sw, mut lw) = (0usize, 0usize);
    for item in items {
        let refs: Vec<Vec<String>> = item.references().iter().map(|r| rouge::tokens(r)).collect();
        if refs.is_empty() {
            rep.failed += 1;
            continue;
        }
        let Some(sys) = system_text(s, item, length) else {
            rep.failed += 1;
            continue;
        };
        let lead = khulasa_summarize::lead(&item.text, length);
        let st = rouge::tokens(&sys);
        let lt = rouge::tokens(&lead);
        sw += st.len();
        lw += lt.len();
        rep.system.add(&rouge::mean_over_refs(&st, &refs));
        rep.lead.add(&rouge::mean_over_refs(&lt, &refs));
    }
    let n = rep.system.count().max(1) as f64;
    rep.system_words = sw as f64 / n;
    rep.lead_words = lw as f64 / n;
    rep
}
