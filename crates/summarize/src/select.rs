//! Choosing the key points: MMR over the scores, within the length budget.
//!
//! Greedy maximal marginal relevance: the next point is the candidate with the
//! highest `score − redundancy × red`, where `red` is the largest of three
//! measures of saying again what the points already chosen say:
//!
//! - the cosine of the sentences' tf-idf vectors (the similarity LexRank
//!   uses) to each chosen point;
//! - the "same fact" overlap of the points as shown ([`Doc::overlap`]) with
//!   each chosen point: the share of the smaller point's content terms found
//!   in the other. A restatement keeps the names and nouns of the fact and
//!   swaps a verb (`تعزيز التعاون العسكري` / `توسيع التعاون في المجال
//!   العسكري`); once trimmed it is short and nearly all of it is in the
//!   other point, while a cosine over the whole sentences stays low;
//! - coverage: the share of the candidate's terms that the chosen points
//!   already hold between them (a mild push towards terms not yet covered).
//!
//! A candidate whose cosine to a chosen point is above `max_overlap`, or
//! whose overlap is above `max_same`, is skipped (it would say the same
//! thing). Sentences under three words, and junk ([`crate::junk`]), are not
//! candidates while others remain.
//!
//! Candidates are visited best score first and the visit stops once no later
//! one can win (MMR only lowers a score); a candidate whose score less the
//! cosine penalty already loses is passed over untrimmed. So only the few
//! sentences in contention are trimmed to measure their overlap.
//!
//! Length: `Bullets(k)` chooses `k` points (fewer if the text has fewer
//! distinct sentences). `Words(n)` and `Ratio(r)` (n = ⌈r × words of the
//! text⌉) add a point only when it brings the total closer to the budget
//! than leaving it out would; the first point is always taken. Points are
//! returned in text order.

use crate::features::Doc;
use crate::weights::Weights;
use khulasa_core::Length;
use std::ops::Range;

/// Sentence `i` as it would be shown: its word count and the byte ranges of
/// the sentence that are kept (after trimming).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// Words and numbers in the point.
    pub words: usize,
    /// Kept byte ranges of the sentence (relative to its start).
    pub kept: Vec<Range<usize>>,
    /// Kept byte ranges of the next sentence when the point fuses it in
    /// (empty otherwise): its terms count as the point's, and the next
    /// sentence is no candidate once the point is chosen.
    pub next: Vec<Range<usize>>,
}

/// A candidate as shown: its words, the terms of its own sentence, and
/// when it fuses in the next sentence the terms of both (else empty).
#[derive(Clone)]
struct Seen {
    words: usize,
    own: Vec<u32>,
    all: Vec<u32>,
}

impl Seen {
    /// Every term the point shows.
    fn terms(&self) -> &[u32] {
        if self.all.is_empty() {
            &self.own
        } else {
            &self.all
        }
    }
}

/// The chosen internal sentence indices, in text order. `shown(i)` says how
/// sentence `i` would be shown (called at most once per sentence, and only
/// for sentences in contention).
pub fn pick(
    doc: &Doc,
    w: &Weights,
    length: Length,
    mut shown: impl FnMut(usize) -> Shown,
) -> Vec<usize> {
    let n = doc.sents.len();
    if n == 0 {
        return vec![];
    }
    let scores: Vec<f64> = doc.sents.iter().map(|s| w.score(&s.features)).collect();
    // Junk (questions, headline lines, ...) is never a candidate while
    // anything else remains; nor are sentences under three words.
    let clean = |i: usize| doc.junk.get(i).is_none_or(Option::is_none);
    let mut cands: Vec<usize> = (0..n)
        .filter(|&i| doc.sents[i].words >= 3 && clean(i))
        .collect();
    if cands.is_empty() {
        cands = (0..n)
            .filter(|&i| doc.sents[i].words > 0 && clean(i))
            .collect();
    }
    if cands.is_empty() {
        cands = (0..n).filter(|&i| doc.sents[i].words > 0).collect();
    }
    // The lead-first prior: the first candidate keeps its place unless
    // another clearly scores higher.
    let mut scores = scores;
    if let Some(&first) = cands.iter().min() {
        scores[first] += w.lead_margin;
    }
    // Best score first; ties to the earlier sentence.
    cands.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let (max_points, budget) = match length {
        Length::Bullets(k) => (k, usize::MAX),
        Length::Words(m) => (usize::MAX, m),
        Length::Ratio(r) => (
            usize::MAX,
            ((r * doc.total_words as f64).ceil() as usize).max(1),
        ),
    };
    let mut cache: Vec<Option<Seen>> = vec![None; n];
    let mut view = |i: usize, cache: &mut Vec<Option<Seen>>| {
        if cache[i].is_none() {
            let s = shown(i);
            let own = doc.shown_terms(i, &s.kept);
            let fuses = !s.next.is_empty() && i + 1 < n;
            let all = if fuses {
                let mut t = own.clone();
                t.extend(doc.shown_terms(i + 1, &s.next));
                t.sort_unstable();
                t.dedup();
                t
            } else {
                Vec::new()
            };
            cache[i] = Some(Seen {
                words: s.words,
                own,
                all,
            });
        }
    };
    let mut same_fact: khulasa_text::hash::FnvMap<(usize, usize), f64> = Default::default();
    let mut chosen: Vec<usize> = Vec::new();
    // The terms of the chosen points (sorted, distinct).
    let mut covered: Vec<u32> = Vec::new();
    let mut used = 0usize;
    while chosen.len() < max_points && !cands.is_empty() {
        let mut best: Option<(usize, f64)> = None;
        let mut drop = Vec::new();
        for (ci, &i) in cands.iter().enumerate() {
            if let Some((bi, b)) = best {
                // Later candidates score no higher, and MMR only subtracts.
                if scores[i] < b || (scores[i] == b && i > cands[bi]) {
                    break;
                }
            }
            let mut red = 0.0f64;
            let mut skip = false;
            if !chosen.is_empty() {
                // The cosines first: they bound the score from above without
                // trimming the sentence, and most candidates lose on that.
                let cos = chosen.iter().map(|&j| doc.sim(i, j)).fold(0.0, f64::max);
                if cos > w.max_overlap {
                    drop.push(ci);
                    continue;
                }
                let bound = scores[i] - w.redundancy * cos;
                if best.is_some_and(|(bi, b)| bound < b || (bound == b && i > cands[bi])) {
                    continue;
                }
                view(i, &mut cache);
                for &j in &chosen {
                    let cos = doc.sim(i, j);
                    let (Some(si), Some(sj)) = (&cache[i], &cache[j]) else {
                        continue;
                    };
                    // Each round compares the candidates with every chosen
                    // point again: the overlap of a pair is measured once.
                    // A fused point restates a fact when its own sentence
                    // does: the fused-in terms must not dilute the measure.
                    let same = *same_fact.entry((i, j)).or_insert_with(|| {
                        doc.overlap(&si.own, &sj.own)
                            .max(doc.overlap(si.terms(), sj.terms()))
                    });
                    if cos > w.max_overlap || same > w.max_same {
                        skip = true;
                        break;
                    }
                    red = red.max(cos).max(same);
                }
            }
            if skip {
                drop.push(ci);
                continue;
            }
            if let Some(ti) = cache[i]
                .as_ref()
                .map(Seen::terms)
                .filter(|_| !covered.is_empty())
            {
                // Coverage: the share of its terms the chosen points already
                // hold between them (a fact can be split over two points).
                let had = ti
                    .iter()
                    .filter(|t| covered.binary_search(t).is_ok())
                    .count();
                red = red.max(had as f64 / ti.len().max(1) as f64);
            }
            let m = scores[i] - w.redundancy * red;
            if best.is_none_or(|(bi, b)| m > b || (m == b && i < cands[bi])) {
                best = Some((ci, m));
            }
        }
        let Some((ci, _)) = best else { break };
        let i = cands[ci];
        drop.push(ci);
        if budget != usize::MAX || chosen.len() + 1 < max_points {
            // Needed for the budget, or to compare later points with it.
            view(i, &mut cache);
        }
        if budget != usize::MAX {
            let len = cache[i].as_ref().map_or(0, |c| c.words);
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
        if let (Some(&last), Some(seen)) = (chosen.last(), &cache[i])
            && last == i
        {
            covered.extend_from_slice(seen.terms());
            covered.sort_unstable();
            covered.dedup();
            // The next sentence is in this point now.
            if !seen.all.is_empty()
                && let Some(ci) = cands.iter().position(|&c| c == i + 1)
            {
                drop.push(ci);
            }
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
