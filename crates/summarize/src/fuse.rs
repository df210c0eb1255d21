//! Sentence fusion (editor rules, engine 6): where a short point is
//! followed, in the same paragraph, by a short sentence on the same
//! subject, an editor writes one point of the two (`اجتمع الوزير مع كيم،
//! ووصف كيم ...`). The fused point keeps every piece a span of the article:
//! the kept pieces of the first sentence, then those of the second
//! ([`Compressed::next`]); only the joining comma is the engine's.
//!
//! The rule is data ([`FUSION`]): the sizes that make two sentences "short"
//! and the joiner of each language. The second sentence must share a
//! content term with the first (a name, most often) or open leaning on it
//! (`It was`, `وهذا يعني أن`, which the fused point resolves); it must not
//! be junk of another kind, nor hold a name borrowed from further back.

use crate::compress::{self, Compressed};
use crate::junk::Junk;
use crate::{Analysis, EDITOR_TARGET_WORDS, count_words};
use khulasa_core::Lang;

/// The sizes and joiners of the fusion rule.
#[derive(Debug, Clone, Copy)]
pub struct Fusion {
    /// The first point, as shown, has at most this many words.
    pub first_max: usize,
    /// The second sentence, as shown, has at most this many words.
    pub second_max: usize,
    /// The fused point has at most this many words.
    pub total_max: usize,
    /// What joins the two in Arabic (the first's final stop gives way).
    pub joiner_ar: &'static str,
    /// What joins the two in English.
    pub joiner_en: &'static str,
}

/// The fusion rule in use.
pub const FUSION: Fusion = Fusion {
    first_max: 14,
    second_max: 18,
    total_max: EDITOR_TARGET_WORDS,
    joiner_ar: "، ",
    joiner_en: "; ",
};

/// English openers written lower case after the joiner (`; he said ...`).
const EN_LOWER: &[&str] = &[
    "he", "she", "it", "they", "this", "these", "those", "his", "her", "its", "their",
];

/// Point `i` (`c`, `n` words) with the next sentence fused in when the rule
/// allows; unchanged otherwise.
pub fn fuse(a: &Analysis<'_>, i: usize, c: Compressed, n: usize) -> (Compressed, usize) {
    match fused(a, i, &c, n) {
        Some(f) => f,
        None => (c, n),
    }
}

fn fused(a: &Analysis<'_>, i: usize, c: &Compressed, n: usize) -> Option<(Compressed, usize)> {
    let r = FUSION;
    let j = i + 1;
    let doc = &a.doc;
    if n > r.first_max || j >= doc.sents.len() || doc.lang == Lang::Other {
        return None;
    }
    if !c.next.is_empty() || c.text.ends_with('…') || !c.text.trim_end().ends_with('.') {
        return None;
    }
    let second = &doc.sents[j];
    if second.words < 3 || !matches!(doc.junk.get(j), Some(None | Some(Junk::Dangling))) {
        return None;
    }
    // Next in the text (no headline line between) and in the same paragraph.
    if a.index[j] != a.index[i] + 1 {
        return None;
    }
    let gap = a
        .text
        .get(doc.sents[i].sentence.span.end..second.sentence.span.start)?;
    // (ANT's one sentence per line: fusing across lines cost 0.3-0.5
    // ROUGE-1 at three points on the train split, and no gain at one.)
    if gap.matches('\n').count() > usize::from(a.wrapped) {
        return None;
    }
    // The same subject: a content term in common, or an opener that leans
    // on the first sentence (`It was`, `وهذا يعني`).
    let leans = doc.junk.get(j) == Some(&Some(Junk::Dangling));
    let mut mine: Vec<u32> = doc.sents[i].terms.iter().map(|t| t.0).collect();
    mine.sort_unstable();
    if !leans
        && !second
            .terms
            .iter()
            .any(|t| mine.binary_search(&t.0).is_ok())
    {
        return None;
    }
    let st = a.sentence_text(j);
    let before: Vec<&str> = (j.saturating_sub(3)..j)
        .rev()
        .map(|k| a.sentence_text(k))
        .collect();
    let c2 = compress::compress_to(st, doc.lang, &before, Some(EDITOR_TARGET_WORDS));
    if c2.speaker.is_some() || c2.kept.is_empty() || c2.text.ends_with('…') {
        return None;
    }
    let m = count_words(&c2.text);
    if m > r.second_max || n + m > r.total_max {
        return None;
    }
    let mut next = c2.kept.clone();
    let mut tail = c2.text.clone();
    let w = 'و'.len_utf8();
    match doc.lang {
        Lang::Ar => {
            // The conjunction the trimming dropped from the second sentence's
            // first word joins the two again (`، ووصف كيم`).
            let s0 = next[0].start;
            if s0 >= w
                && st[..s0].ends_with('و')
                && st[..s0 - w]
                    .chars()
                    .next_back()
                    .is_none_or(char::is_whitespace)
            {
                next[0].start = s0 - w;
                tail.insert(0, 'و');
            }
        }
        Lang::En => {
            let first = tail.split_whitespace().next().unwrap_or("");
            if EN_LOWER.contains(&first.to_lowercase().as_str()) {
                tail = first.to_lowercase() + &tail[first.len()..];
            }
        }
        Lang::Other => return None,
    }
    let joiner = if doc.lang == Lang::Ar {
        r.joiner_ar
    } else {
        r.joiner_en
    };
    let head = c.text.trim_end().trim_end_matches('.');
    let mut out = c.clone();
    out.text = format!("{head}{joiner}{tail}");
    out.next = next;
    Some((out, n + m))
}
