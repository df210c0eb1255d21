//! Choosing the key points: MMR over the scores, within the length budget.
//!
//! Greedy maximal marginal relevance: the next point is the candidate with the
//! highest `score − redundancy × max cosine to the points already chosen`;
//! a candidate more similar than `max_overlap` to a chosen point is skipped
//! (it would say the same thing). Sentences under three words are not
//! candidates while longer ones remain.
//!
//! Length: `Bullets(k)` chooses `k` points (fewer if the text has fewer
//! distinct sentences). `Words(n)` and `Ratio(r)` (n = ⌈r × words of the
//! text⌉) add a point only when it brings the total closer to the budget
//! than leaving it out would; the first point is always taken. Points are
//! returned in text order.

use crate::features::Doc;
use crate::weights::Weights;
use khulasa_core::Length;

/// The chosen internal sentence indices, in text order. `point_words(i)` is
/// the word count of sentence `i` as it would be shown (after trimming).
pub fn pick(doc: &Doc, w: &Weights, length: Length, mut point_words: impl FnMut(usize) -> usize) -> Vec<usize> {
    let n = doc.sents.len();
    if n == 0 {
        return vec![];
    }
    let scores: Vec<f64> = doc.sents.iter().map(|s| w.score(&s.features)).collect();
    let mut cands: Vec<usize> = (0..n).filter(|&i| doc.sents[i].words >= 3).collect();
    if cands.is_empty() {
        cands = (0..n).filter(|&i| doc.sents[i].words > 0).collect();
    }
    let (max_points, budget) = match length {
        Length::Bullets(k) => (k, usize::MAX),
        Length::Words(m) => (usize::MAX, m),
        Length::Ratio(r) => (usize::MAX, ((r * doc.total_words as f64).ceil() as usize).max(1)),
    };
    let mut chosen: Vec<usize> = Vec::new();
    let mut used = 0usize;
    while chosen.len() < max_points && !cands.is_empty() {
        let mut best: Option<(usize, f64)> = None;
        let mut drop = Vec::new();
        for (ci, &i) in cands.iter().enumerate() {
            let red = chosen.iter().map(|&j| doc.sim(i, j)).fold(0.0, f64::max);
            if red > w.max_overlap {
                drop.push(ci);
                continue;
            }
            let m = scores[i] - w.redundancy * red;
            // Ties go to the earlier sentence.
            if best.is_none_or(|(bi, b)| m > b || (m == b && i < cands[bi])) {
                best = Some((ci, m));
            }
        }
        let Some((ci, _)) = best else { break };
        let i = cands[ci];
        drop.push(ci);
        if budget != usize::MAX {
            let len = point_words(i);
            let fits = chosen.is_empty() || (used + len).abs_diff(budget) < budget.abs_diff(used);
            if fits {
                chosen.push(i);
                used += len;
            }
            if used >= budget {
                break;
            }
        } else {
            chosen.push(i);
        }
        let mut k = 0;
        cands.retain(|_| {
            k += 1;
            !drop.contains(&(k - 1))
        });
    }
    chosen.sort_unstable();
    chosen
}
