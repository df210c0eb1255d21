//! Collection: the chosen containers walked into blocks, then cleaned of
//! link lists, widget lines and the repeated headline.

use super::lexicon::{CHROME_LINES, CHROME_PREFIXES, END_LABELS, PROMPT_PREFIXES, is_block_tag};
use super::prune::{FIGURE, JUNK, META, SUMMARY};
use crate::dom::{Dom, push_collapsed};
use khulasa_core::{Block, BlockKind};

struct Pending {
    text: String,
    link_chars: usize,
    kind: BlockKind,
}

/// Walks the subtree of `root` into blocks. Iterative: an explicit stack of
/// open block elements, closed when the walk passes their end.
pub(super) fn collect(dom: &Dom<'_>, flags: &[u8], root: usize, out: &mut Vec<(Block, f32)>) {
    let mut cur = Pending {
        text: String::new(),
        link_chars: 0,
        kind: BlockKind::Paragraph,
    };
    // (end index, kind) of open block elements; (end) of open links.
    let mut open: Vec<(usize, BlockKind)> = Vec::new();
    let mut link_end: usize = 0;
    let end = dom.items[root].end as usize;
    let mut i = root;
    let flush = |cur: &mut Pending, out: &mut Vec<(Block, f32)>, next_kind: BlockKind| {
        let t = cur.text.trim();
        if !t.is_empty() {
            let chars = t.chars().filter(|c| !c.is_whitespace()).count().max(1);
            let ld = cur.link_chars as f32 / chars as f32;
            out.push((
                Block {
                    kind: cur.kind,
                    text: t.to_string(),
                },
                ld,
            ));
        }
        cur.text.clear();
        cur.link_chars = 0;
        cur.kind = next_kind;
    };
    while i < end {
        while let Some(&(e, _)) = open.last() {
            if i >= e {
                open.pop();
                let k = open.last().map_or(BlockKind::Paragraph, |o| o.1);
                flush(&mut cur, out, k);
            } else {
                break;
            }
        }
        if flags[i] & (JUNK | SUMMARY | META | FIGURE) != 0 {
            i = dom.items[i].end as usize;
            continue;
        }
        let tag = dom.items[i].tag;
        if let Some(t) = dom.text(i) {
            let before = cur.text.len();
            push_collapsed(&mut cur.text, t);
            if i < link_end {
                cur.link_chars += cur.text[before..]
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .count();
            }
        } else if dom.is_link(i) {
            link_end = link_end.max(dom.items[i].end as usize);
        } else if tag == "br" || tag == "hr" {
            let k = cur.kind;
            flush(&mut cur, out, k);
        } else if is_block_tag(tag) {
            let kind = match tag {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
                "li" | "dd" | "dt" => BlockKind::ListItem,
                "blockquote" => BlockKind::Quote,
                _ => open.last().map_or(BlockKind::Paragraph, |o| o.1),
            };
            flush(&mut cur, out, kind);
            open.push((dom.items[i].end as usize, kind));
        } else if matches!(tag, "img" | "picture") {
            // nothing: images are not text
        }
        i += 1;
    }
    flush(&mut cur, out, BlockKind::Paragraph);
}

/// Drops link lists, widget lines and the repeated headline.
pub(super) fn clean_blocks(mut blocks: Vec<(Block, f32)>, title: Option<&str>) -> Vec<Block> {
    // The headline inside the body, near its top: what comes before it is
    // the kicker, section name or breadcrumb.
    if let Some(ti) = title
        && let Some(h) = blocks
            .iter()
            .take(6)
            .position(|(b, _)| b.kind == BlockKind::Heading && same_text(ti, &b.text))
    {
        blocks.drain(..h);
    }
    // Comments, related stories or a newsletter box inside the article's
    // container: the article ended where their label stands.
    if let Some(end) = blocks
        .iter()
        .enumerate()
        .skip(2)
        .find(|(_, (b, _))| is_end_label(&b.text))
        .map(|(k, _)| k)
    {
        blocks.truncate(end);
    }
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for (b, ld) in blocks {
        let t = b.text.as_str();
        let chars = t.chars().count();
        if ld > 0.6 && !(chars > 150 && ld < 0.8) {
            continue;
        }
        if CHROME_LINES.contains(&t)
            || CHROME_PREFIXES
                .iter()
                .chain(PROMPT_PREFIXES)
                .any(|p| t.starts_with(p))
        {
            continue;
        }
        // Lines of symbols only (`|`, `+ -`, `•`) carry nothing.
        if !t.chars().any(char::is_alphanumeric) {
            continue;
        }
        if b.kind == BlockKind::Heading && title.is_some_and(|ti| same_text(ti, t)) {
            continue;
        }
        out.push(b);
    }
    out
}

fn same_text(a: &str, b: &str) -> bool {
    let f = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    f(a) == f(b)
}

/// `التعليقات`, `2 تعليقات`, `Comments (3)`, `Related Articles:`: a label
/// of end matter (see [`END_LABELS`]), with or without a count.
fn is_end_label(t: &str) -> bool {
    if t.chars().count() > 40 {
        return false;
    }
    let bare = t
        .trim_matches(|c: char| {
            c.is_ascii_digit() || ('٠'..='٩').contains(&c) || " ()[]:：".contains(c)
        })
        .trim();
    END_LABELS.iter().any(|l| bare.eq_ignore_ascii_case(l))
}
