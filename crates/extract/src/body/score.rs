//! Scoring: paragraphs score by length and commas, the score flows up to
//! their containers, and the best container (with the siblings and
//! ancestors that continue it) becomes the body.

use super::collect::{clean_blocks, collect};
use super::lexicon::is_block_tag;
use super::prune::{FIGURE, JUNK, SKIP, hint, names_body};
use crate::dom::{Dom, NONE, count_chars};
use khulasa_core::Block;

/// Per-node sums over non-junk content.
struct Agg {
    chars: Vec<u32>,
    link_chars: Vec<u32>,
    /// Text whose nearest block-level ancestor is this node (its own
    /// paragraph of inline text, beside any block children).
    inline_chars: Vec<u32>,
    inline_link_chars: Vec<u32>,
    inline_commas: Vec<u32>,
    has_block_child: Vec<bool>,
}

fn aggregate(dom: &Dom<'_>, flags: &[u8]) -> Agg {
    let n = dom.len();
    let mut a = Agg {
        chars: vec![0; n],
        link_chars: vec![0; n],
        inline_chars: vec![0; n],
        inline_link_chars: vec![0; n],
        inline_commas: vec![0; n],
        has_block_child: vec![false; n],
    };
    // Forward: nearest block ancestor and whether inside a link.
    let mut block_of = vec![NONE; n];
    let mut in_link = vec![false; n];
    for i in 0..n {
        let p = dom.items[i].parent;
        if p == NONE {
            continue;
        }
        let pu = p as usize;
        block_of[i] = if is_block_tag(dom.items[pu].tag) || dom.items[pu].tag == "body" {
            p
        } else {
            block_of[pu]
        };
        in_link[i] = in_link[pu] || dom.is_link(pu);
    }
    for i in (0..n).rev() {
        if flags[i] & SKIP != 0 {
            continue;
        }
        if let Some(t) = dom.text(i) {
            let c = count_chars(t);
            // `,` `;` and the Arabic `،` (D8 8C) `؛` (D8 9B), counted on bytes.
            let b = t.as_bytes();
            let mut k = b.iter().filter(|&&x| x == b',' || x == b';').count() as u32;
            if !t.is_ascii() {
                k += b
                    .windows(2)
                    .filter(|w| w[0] == 0xD8 && (w[1] == 0x8C || w[1] == 0x9B))
                    .count() as u32;
            }
            a.chars[i] = c;
            if in_link[i] {
                a.link_chars[i] = c;
            }
            let b = block_of[i];
            if b != NONE {
                a.inline_chars[b as usize] += c;
                a.inline_commas[b as usize] += k;
                if in_link[i] {
                    a.inline_link_chars[b as usize] += c;
                }
            }
        }
        let p = dom.items[i].parent;
        if p != NONE {
            let p = p as usize;
            a.chars[p] += a.chars[i];
            a.link_chars[p] += a.link_chars[i];
            if is_block_tag(dom.items[i].tag) {
                a.has_block_child[p] = true;
            }
        }
    }
    a
}

fn link_density(a: &Agg, i: usize) -> f32 {
    if a.chars[i] == 0 {
        0.0
    } else {
        a.link_chars[i] as f32 / a.chars[i] as f32
    }
}

fn tag_weight(t: &str) -> f32 {
    match t {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

fn class_weight(dom: &Dom<'_>, i: usize) -> f32 {
    let mut w = 0.0;
    for s in [dom.attr(i, "class"), dom.attr(i, "id")]
        .into_iter()
        .flatten()
    {
        match hint(s) {
            Some(true) => w -= 25.0,
            Some(false) => w += 25.0,
            None => {}
        }
    }
    if names_body(dom, i) {
        w += 25.0;
    }
    w
}

/// The body: the chosen roots' blocks, in document order.
pub(crate) struct Body {
    pub blocks: Vec<Block>,
    /// The top container (for locating the lead image and bylines).
    pub root: Option<usize>,
    /// Every container the blocks came from, in document order.
    pub roots: Vec<usize>,
    /// The best-scoring candidates and their scores (for `debug_explain`).
    pub top: Vec<(usize, f32)>,
    /// Headings inside the body that are mostly a link: teasers of other
    /// articles. Many of them mean an index or home page, not an article.
    pub teaser_headings: usize,
}

/// Finds and collects the body.
pub(crate) fn extract(dom: &Dom<'_>, flags: &[u8], title: Option<&str>) -> Body {
    let agg = aggregate(dom, flags);
    let n = dom.len();
    let mut score = vec![0f32; n];
    let mut touched = vec![false; n];
    let mut cands: Vec<usize> = Vec::new();
    #[allow(
        clippy::needless_range_loop,
        reason = "i indexes dom.items, flags, agg and score alike"
    )]
    for i in 0..n {
        let tag = dom.items[i].tag;
        if tag.is_empty()
            || flags[i] & (SKIP | FIGURE) != 0
            || !(is_block_tag(tag) || tag == "body")
        {
            continue;
        }
        if matches!(
            tag,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" | "figcaption" | "caption" | "dt"
        ) {
            continue;
        }
        let chars = agg.inline_chars[i];
        if chars < 25 {
            continue;
        }
        let ld = if chars == 0 {
            0.0
        } else {
            agg.inline_link_chars[i] as f32 / chars as f32
        };
        if ld > 0.5 {
            continue;
        }
        let mut s = 1.0 + agg.inline_commas[i] as f32 + (chars as f32 / 100.0).min(3.0);
        if tag == "li" {
            s *= 0.5;
        }
        // A paragraph element scores for its parent; inline text beside
        // block children is a paragraph of the element itself.
        let mut anc = if agg.has_block_child[i] {
            i as u32
        } else {
            dom.items[i].parent
        };
        let mut level = 0;
        while anc != NONE && level < 5 {
            let a = anc as usize;
            if dom.items[a].tag.is_empty() || dom.items[a].tag == "html" {
                break;
            }
            if !touched[a] {
                touched[a] = true;
                score[a] = tag_weight(dom.items[a].tag) + class_weight(dom, a);
                cands.push(a);
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[a] += s / div;
            anc = dom.items[a].parent;
            level += 1;
        }
    }
    for &c in &cands {
        score[c] *= 1.0 - link_density(&agg, c);
    }
    cands.sort_by(|a, b| score[*b].total_cmp(&score[*a]));
    let Some(&top0) = cands.first() else {
        return Body {
            blocks: Vec::new(),
            root: None,
            roots: Vec::new(),
            top: Vec::new(),
            teaser_headings: 0,
        };
    };
    let mut top = top0;
    let top_score = score[top0];

    // Several strong candidates under one ancestor: the article is split in
    // parts (lead, body, continuation) and that ancestor is the real root.
    let strong: Vec<usize> = cands
        .iter()
        .skip(1)
        .take(5)
        .copied()
        .filter(|&c| score[c] >= top_score * 0.75)
        .collect();
    if strong.len() >= 2 {
        let mut anc = dom.items[top].parent;
        while anc != NONE && dom.items[anc as usize].tag != "body" {
            let a = anc as usize;
            let inside = strong.iter().filter(|&&c| dom.contains(a, c)).count();
            if inside >= 2 {
                top = a;
                break;
            }
            anc = dom.items[a].parent;
        }
    }
    // An ancestor that scores nearly as well holds the rest of the article
    // (a lead outside a "read more" wrapper, a standfirst beside the body).
    {
        let mut anc = dom.items[top].parent;
        let mut level = 0;
        while anc != NONE && level < 3 {
            let a = anc as usize;
            if matches!(dom.items[a].tag, "body" | "html") {
                break;
            }
            if touched[a] && score[a] >= top_score * 0.75 {
                top = a;
            }
            anc = dom.items[a].parent;
            level += 1;
        }
    }
    // Climb while the parent holds this one's text and little else.
    loop {
        let p = dom.items[top].parent;
        if p == NONE {
            break;
        }
        let p = p as usize;
        if matches!(dom.items[p].tag, "body" | "html") || flags[p] & JUNK != 0 {
            break;
        }
        if agg.chars[top] as f32 >= agg.chars[p] as f32 * 0.9 {
            top = p;
        } else {
            break;
        }
    }

    // Siblings that continue the article.
    let mut roots = vec![top];
    let parent = dom.items[top].parent;
    if parent != NONE {
        let threshold = (top_score * 0.2).max(10.0);
        let top_class = dom.attr(top, "class");
        let p = parent as usize;
        let mut j = p + 1;
        let end = dom.items[p].end as usize;
        while j < end {
            if j != top && dom.is_element(j) && flags[j] & SKIP == 0 {
                let mut bonus = 0.0;
                if top_class.is_some() && dom.attr(j, "class") == top_class {
                    bonus = top_score * 0.2;
                }
                let ld = link_density(&agg, j);
                let tag = dom.items[j].tag;
                // A paragraph of its own (a `<p>`, or a `<div>` of text with
                // no blocks inside), as long paragraphs or short sentences.
                let para_like = tag == "p"
                    || (matches!(tag, "div" | "section" | "blockquote" | "pre")
                        && !agg.has_block_child[j]);
                let take = (touched[j] && score[j] + bonus >= threshold)
                    || (para_like && {
                        let c = agg.chars[j];
                        (c > 80 && ld < 0.25)
                            || (c > 0
                                && c <= 80
                                && ld == 0.0
                                && ends_sentence(&dom.text_of(j, |_| false)))
                    });
                if take {
                    roots.push(j);
                }
            }
            j = dom.items[j].end as usize;
        }
        roots.sort_unstable();
        // Subheadings between taken siblings belong to the article.
        if roots.len() > 1 {
            let (first, last) = (roots[0], *roots.last().unwrap_or(&top));
            let mut j = p + 1;
            let mut extra = Vec::new();
            while j < end {
                if j > first
                    && j < last
                    && matches!(dom.items[j].tag, "h2" | "h3" | "h4" | "h5" | "h6")
                    && flags[j] & SKIP == 0
                {
                    extra.push(j);
                }
                j = dom.items[j].end as usize;
            }
            roots.extend(extra);
            roots.sort_unstable();
        }
    }

    let mut blocks = Vec::new();
    for r in &roots {
        collect(dom, flags, *r, &mut blocks);
    }
    let blocks = clean_blocks(blocks, title);
    let best = cands.iter().take(6).map(|&c| (c, score[c])).collect();
    let mut teaser_headings = 0;
    for &r in &roots {
        #[allow(
            clippy::needless_range_loop,
            reason = "j indexes dom.items, flags and agg alike, over a subtree's range"
        )]
        for j in r..dom.items[r].end as usize {
            if matches!(dom.items[j].tag, "h2" | "h3" | "h4")
                && flags[j] & SKIP == 0
                && agg.chars[j] > 0
                && link_density(&agg, j) >= 0.7
            {
                teaser_headings += 1;
            }
        }
    }
    Body {
        blocks,
        root: Some(top),
        roots,
        top: best,
        teaser_headings,
    }
}

fn ends_sentence(t: &str) -> bool {
    let t = t.trim_end();
    t.ends_with(['.', '!', '?', '؟', '۔', '"', '”', '»'])
}
