//! Pruning: which nodes are never body. One forward pass sets flags that
//! children inherit (junk, publisher summary, figure, metadata box); the
//! scoring and the collection both skip what is flagged.

use super::lexicon::{
    BODY_NAMES, GOOD_WORDS, JUNK_SUBSTRINGS, JUNK_WORDS, STRONG_GOOD_WORDS, SUMMARY_LABELS,
    SUMMARY_NAMES, never_body_tag, role_junk,
};
use crate::dom::{Dom, NONE, count_chars, lower};
use std::collections::HashSet;
use std::sync::LazyLock;

/// Whether any of a fixed set of ASCII words occurs inside a string: the
/// words bucketed by first byte, so a class name is read once instead of
/// once per word (the lists have dozens; every element's class is asked).
pub(crate) struct AnyOf {
    by_first: Vec<Vec<&'static [u8]>>,
}

impl AnyOf {
    pub(crate) fn new(words: &[&'static str]) -> Self {
        let mut by_first = vec![Vec::new(); 256];
        for w in words {
            if let Some(&b) = w.as_bytes().first() {
                by_first[b as usize].push(w.as_bytes());
            }
        }
        AnyOf { by_first }
    }

    pub(crate) fn in_(&self, hay: &str) -> bool {
        let b = hay.as_bytes();
        (0..b.len()).any(|i| {
            self.by_first[b[i] as usize]
                .iter()
                .any(|w| b[i..].starts_with(w))
        })
    }
}

static JUNK_WORD_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| JUNK_WORDS.iter().copied().collect());
static GOOD_WORD_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| GOOD_WORDS.iter().copied().collect());
static JUNK_INSIDE: LazyLock<AnyOf> = LazyLock::new(|| AnyOf::new(JUNK_SUBSTRINGS));
static EMBEDS: LazyLock<AnyOf> =
    LazyLock::new(|| AnyOf::new(&["twitter-tweet", "instagram-media", "tiktok-embed"]));
static BODY_INSIDE: LazyLock<AnyOf> = LazyLock::new(|| AnyOf::new(BODY_NAMES));
static SUMMARY_INSIDE: LazyLock<AnyOf> = LazyLock::new(|| AnyOf::new(SUMMARY_NAMES));

/// A node that is never body: left out of scoring and of the text.
pub(crate) const JUNK: u8 = 1;
/// The publisher's summary box: captured apart, never body.
pub(crate) const SUMMARY: u8 = 2;
/// A figure or caption: feeds the lead image, not the body.
pub(crate) const FIGURE: u8 = 4;
/// A contributors box or other metadata block found elsewhere.
pub(crate) const META: u8 = 8;
/// Flags whose nodes neither score nor give text (figures still feed the lead image).
pub(crate) const SKIP: u8 = JUNK | SUMMARY | META;

pub(crate) struct Scan {
    /// Flags per node (JUNK, SUMMARY, FIGURE, META), inherited downwards.
    pub flags: Vec<u8>,
}

fn class_parts(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
}

/// Is this class/id string chrome? `Some(true)` junk, `Some(false)` good, `None` neither.
pub(crate) fn hint(s: &str) -> Option<bool> {
    let lower = lower(s);
    let lower = lower.as_ref();
    let mut good = false;
    let mut strong = false;
    let mut bad = false;
    for part in class_parts(lower) {
        if JUNK_WORD_SET.contains(part) {
            bad = true;
        }
        if GOOD_WORD_SET.contains(part) {
            good = true;
            strong |= STRONG_GOOD_WORDS.contains(&part);
        }
    }
    if !bad && JUNK_INSIDE.in_(lower) {
        bad = true;
    }
    // Embedded posts quoted by the article are body, whatever their network.
    if EMBEDS.in_(lower) {
        return None;
    }
    match (good, bad) {
        (_, true) if !strong => Some(true),
        (true, false) => Some(false),
        _ => None,
    }
}

pub(super) fn names_body(dom: &Dom<'_>, i: usize) -> bool {
    dom.attr(i, "itemprop")
        .is_some_and(|p| p.contains("articleBody"))
        || [dom.attr(i, "class"), dom.attr(i, "id")]
            .into_iter()
            .flatten()
            .any(|v| BODY_INSIDE.in_(&lower(v)))
}

fn hidden(dom: &Dom<'_>, i: usize) -> bool {
    if dom.attr(i, "hidden").is_some() || dom.attr(i, "aria-hidden") == Some("true") {
        return true;
    }
    dom.attr(i, "style").is_some_and(|s| {
        if !(s.contains("none") || s.contains("hidden") || s.contains("NONE")) {
            return false;
        }
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// Is `i` a publisher's summary box: named like one (`summary`,
/// `highlights`, `key-points`, ...), small, and holding a list of points or
/// labelled `الملخص`? Drupal's `text-with-summary` body field is not one.
fn is_summary_box(dom: &Dom<'_>, i: usize, raw_chars: u32) -> bool {
    if matches!(dom.items[i].tag, "body" | "html" | "") || raw_chars == 0 || raw_chars > 2500 {
        return false;
    }
    let named = [dom.attr(i, "class"), dom.attr(i, "id")]
        .into_iter()
        .flatten()
        .any(|s| {
            let l = lower(s);
            !l.contains("with-summary") && SUMMARY_INSIDE.in_(&l)
        });
    let end = dom.items[i].end as usize;
    if !named {
        // Unnamed, but opening with a label (`STORY HIGHLIGHTS`, `أبرز
        // النقاط`) over a list of points.
        let first =
            (i + 1..end.min(i + 24)).find_map(|j| dom.text(j).filter(|t| !t.trim().is_empty()));
        let label = first.is_some_and(|t| {
            let t = t.trim().trim_end_matches([':', '：']);
            SUMMARY_LABELS.iter().any(|l| t.eq_ignore_ascii_case(l))
        });
        return label && (i..end).filter(|&j| dom.items[j].tag == "li").count() >= 2;
    }
    let items = (i..end).filter(|&j| dom.items[j].tag == "li").count();
    let labelled = (i..end).any(|j| {
        dom.text(j)
            .is_some_and(|t| t.contains("الملخص") || t.contains("ملخص"))
    });
    items >= 2 || labelled
}

/// First pass: junk, summary and figure flags for every node.
///
/// `strict` applies class/id hints; the relaxed pass (used when the strict
/// one finds next to nothing) applies only tags, hidden state and roles.
pub(crate) fn scan(dom: &Dom<'_>, raw_chars: &[u32], strict: bool) -> Scan {
    let n = dom.len();
    let total = raw_chars.first().copied().unwrap_or(0).max(1);
    // Which subtrees hold a named article body (with some text in it).
    let mut protect = vec![false; n];
    for i in (0..n).rev() {
        if !protect[i] && dom.is_element(i) && raw_chars[i] >= 200 && names_body(dom, i) {
            protect[i] = true;
        }
        let p = dom.items[i].parent;
        if protect[i] && p != NONE {
            protect[p as usize] = true;
        }
    }
    let mut flags = vec![0u8; n];
    for i in 0..n {
        let p = dom.items[i].parent;
        let inherited = if p == NONE { 0 } else { flags[p as usize] };
        let tag = dom.items[i].tag;
        let mut f = inherited;
        if tag.is_empty() {
            flags[i] = f;
            continue;
        }
        if f & JUNK == 0 {
            let big = raw_chars[i] as f32 / total as f32 > 0.5;
            let junk = never_body_tag(tag)
                || hidden(dom, i)
                || dom.attr(i, "role").is_some_and(role_junk)
                || (strict
                    && !big
                    && !protect[i]
                    && !matches!(tag, "body" | "html" | "article" | "main")
                    && {
                        let (mut bad, mut good) = (false, false);
                        for h in [dom.items[i].class, dom.items[i].id]
                            .into_iter()
                            .flatten()
                            .filter_map(hint)
                        {
                            bad |= h;
                            good |= !h;
                        }
                        bad && !good
                    });
            if junk {
                f |= JUNK;
            }
        }
        if matches!(tag, "figure" | "figcaption") {
            f |= FIGURE;
        }
        if f & SUMMARY == 0 && !protect[i] && is_summary_box(dom, i, raw_chars[i]) {
            f |= SUMMARY;
        }
        flags[i] = f;
    }
    Scan { flags }
}

/// Characters of paragraph-ish text under each node (non-whitespace chars of
/// text nodes not inside scripts/styles). One backwards pass.
pub(crate) fn raw_text_chars(dom: &Dom<'_>) -> Vec<u32> {
    let n = dom.len();
    let mut chars = vec![0u32; n];
    for i in (0..n).rev() {
        let p = dom.items[i].parent;
        if let Some(t) = dom.text(i) {
            // Script and style text is not page text: not even counted.
            if p == NONE
                || !matches!(
                    dom.items[p as usize].tag,
                    "script" | "style" | "noscript" | "template"
                )
            {
                chars[i] = count_chars(t);
            }
        } else if matches!(
            dom.items[i].tag,
            "script" | "style" | "noscript" | "template" | "svg" | "head"
        ) {
            chars[i] = 0;
        }
        if p != NONE {
            chars[p as usize] += chars[i];
        }
    }
    chars
}
