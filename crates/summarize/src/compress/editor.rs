//! Editor length: a point longer than its target loses, in this order,
//! what an editor cuts first, until it fits, each cut only where what is
//! left still stands as a sentence of at least [`EDITOR_MIN_WORDS`] words:
//!
//! 1. **parentheticals** `(...)` of at most twelve words;
//! 2. **appositions and background relative clauses** between commas
//!    (`، وهو أقدم برنامج إذاعي،`, `, who was elected in 2019,`);
//! 3. **trailing circumstance clauses** from a comma to the end
//!    (`، وذلك بعد ...`, `، في حين ...`, `, amid ...`);
//! 4. still over its target: from the last comma or semicolon that leaves
//!    a point within the target to the end; failing that, when over
//!    [`EDITOR_MAX_WORDS`], from the last one that leaves at most that many.
//!
//! The openers are data ([`lexicon`](super::lexicon)). Every cut is a
//! deletion of folded byte ranges, so the kept pieces stay exact spans.

use super::lexicon::{AR_APPOSITION, AR_CLAUSE_TAILS, EN_APPOSITION, EN_CLAUSE_TAILS};
use super::{has_comma, longest_at, tail_end};
use khulasa_core::Lang;
use khulasa_text::folded::Folded;
use std::ops::Range;

/// A cut never leaves fewer words than this.
pub const EDITOR_MIN_WORDS: usize = 12;

/// A point still longer than this after the other rules, with no clause
/// boundary that brings it within its target, is cut at the last one that
/// brings it within this. 36 left the longest tenth of EASC points at 34
/// words; 30 cost 0.7 ROUGE-2 on EASC train and 0.2 ROUGE-1 on ANT; 32 cost
/// neither (docs/summarize.md).
pub const EDITOR_MAX_WORDS: usize = 32;

/// Words (folded) that open a reported clause whose verb may come after a
/// comma: the last-comma cut must not leave it without its verb.
const OPENS_CLAUSE: &[&str] = &["ان", "انه", "انها", "بان", "that"];

/// Words of `words` not inside any of `del`.
fn kept_words(words: &[Range<usize>], del: &[Range<usize>]) -> usize {
    words
        .iter()
        .filter(|w| !del.iter().any(|d| d.start <= w.start && w.end <= d.end))
        .count()
}

/// Adds deletions to `del` (folded byte ranges) until the sentence's kept
/// words are at most `target`, or no rule applies. `start` is the first
/// word of the kept content (after leading markers).
pub(super) fn fit(
    f: &Folded,
    words: &[Range<usize>],
    del: &mut Vec<Range<usize>>,
    lang: Lang,
    target: usize,
) {
    let (appos, tails) = match lang {
        Lang::Ar => (AR_APPOSITION, AR_CLAUSE_TAILS),
        Lang::En => (EN_APPOSITION, EN_CLAUSE_TAILS),
        Lang::Other => return,
    };
    let n = words.len();
    let over = |del: &[Range<usize>]| kept_words(words, del) > target;
    let can_cut = |del: &[Range<usize>], r: &Range<usize>| {
        let mut d = del.to_vec();
        d.push(r.clone());
        kept_words(words, &d) >= EDITOR_MIN_WORDS
    };
    if !over(del) {
        return;
    }
    // 1. Parentheticals.
    let s = f.as_str();
    let mut at = 0;
    while let Some(o) = s[at..].find('(').map(|o| at + o) {
        let Some(c) = s[o..].find(')').map(|c| o + c + 1) else {
            break;
        };
        let inside = words.iter().filter(|w| w.start > o && w.end < c).count();
        // Take the space before the bracket with it.
        let a = s[..o].trim_end().len();
        let r = a..c;
        if inside <= 12 && words.iter().any(|w| w.end <= a) && can_cut(del, &r) {
            del.push(r);
            if !over(del) {
                return;
            }
        }
        at = c;
    }
    // 2. Appositions and relative clauses between two commas.
    let mut j = 1;
    while j < n {
        if has_comma(f.gap_before(words, j)) && longest_at(f, words, j, appos).is_some() {
            let close = (j + 1..n).find(|&k| has_comma(f.gap_before(words, k)));
            if let Some(k) = close.filter(|&k| k - j <= 15) {
                let r = super::comma_before(f, words, j)..words[k].start;
                if can_cut(del, &r) {
                    del.push(r);
                    if !over(del) {
                        return;
                    }
                }
                j = k;
                continue;
            }
        }
        j += 1;
    }
    // 3. A trailing circumstance clause: the first one that leaves enough.
    let end = tail_end(f, words);
    for j in 1..n {
        if has_comma(f.gap_before(words, j)) && longest_at(f, words, j, tails).is_some() {
            let r = super::comma_before(f, words, j)..end;
            if can_cut(del, &r) {
                del.push(r);
                if !over(del) {
                    return;
                }
                break;
            }
        }
    }
    // 4. Still long: the last comma or semicolon that leaves a point within
    // the target; failing that, when over EDITOR_MAX_WORDS, the last that
    // leaves at most that many (engine 10: before, a point of 31-32 words
    // was never cut and a longer one was cut to the last comma leaving up
    // to 32, which made a tenth of ANT's points longer than 30 words).
    let now = kept_words(words, del);
    let limit = EDITOR_MAX_WORDS.max(target);
    if now > target {
        let find = |max: usize| {
            (1..n).rev().find(|&j| {
                let g = f.gap_before(words, j);
                if !(has_comma(g) || g.contains(['؛', ';'])) {
                    return false;
                }
                // Never inside a reported clause that a comma interrupts (`إن
                // عباس عدالت، البروفسور ...، قد اعتقل`), nor within three words
                // of its opening: its verb would go with the cut.
                if let Some(k) = (0..j)
                    .rev()
                    .find(|&k| OPENS_CLAUSE.contains(&f.word(&words[k])))
                    && (j - k <= 3 || (k + 1..j).any(|m| has_comma(f.gap_before(words, m))))
                {
                    return false;
                }
                let r = g_start(f, words, j)..end;
                let mut d = del.clone();
                d.push(r);
                let k = kept_words(words, &d);
                (EDITOR_MIN_WORDS..=max).contains(&k)
            })
        };
        let cut = find(target).or_else(|| if now > limit { find(limit) } else { None });
        if let Some(j) = cut {
            del.push(g_start(f, words, j)..end);
        }
    }
}

/// Folded offset of the first comma or semicolon between word `j - 1` and
/// word `j`.
fn g_start(f: &Folded, words: &[Range<usize>], j: usize) -> usize {
    let a = words[j - 1].end;
    let gap = &f.as_str()[a..words[j].start];
    a + gap.find(['،', ',', '؛', ';']).unwrap_or(0)
}
