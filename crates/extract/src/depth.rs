//! A linear pre-scan of the nesting depth of a page, before html5ever sees it.
//!
//! html5ever's tree builder looks through the whole stack of open elements
//! for every start tag (is there a `<p>` in button scope to close?), so a
//! page of n nested `<div>`s costs O(n²): 10,000 levels take seconds,
//! 100,000 levels hours. Real pages nest under a hundred levels. This scan
//! counts open elements the way the parser would, well enough to refuse such
//! pages early: it errs towards counting too deep (a clear error), never far
//! too shallow.

/// Elements that never have children.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input",
    "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements the parser closes by itself when a sibling starts (`<p>`,
/// `<li>`, table cells...), or that are singletons: they do not nest when
/// left open, so they are not counted.
const IMPLIED: &[&str] = &[
    "p", "li", "dd", "dt", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot",
    "colgroup", "caption", "rb", "rt", "rp", "rtc", "html", "head", "body",
];

/// Elements whose content is text up to their end tag.
const RAW: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "noscript",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// The nesting depth reached, if it goes past `limit`; `None` otherwise.
pub(crate) fn exceeds(html: &str, limit: usize) -> Option<usize> {
    let b = html.as_bytes();
    let mut stack: Vec<&[u8]> = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr(b'<', &b[i..]) {
        i += off + 1;
        if b[i..].starts_with(b"!--") {
            i = find(b, i + 3, b"-->").map_or(b.len(), |j| j + 3);
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let end = start
            + b[start..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
                .count();
        if end == start || !b[start].is_ascii_alphabetic() {
            // `<!DOCTYPE`, `<?xml`, a stray `<`: text or a declaration.
            continue;
        }
        let name = &b[start..end];
        let gt = tag_end(b, end);
        let self_closing = gt > 0 && b[gt - 1] == b'/';
        i = (gt + 1).min(b.len());
        if closing {
            // The parser closes the elements above the one named; an end tag
            // for nothing open is ignored. (The stack never exceeds `limit`,
            // so this look is bounded.)
            if let Some(k) = stack
                .iter()
                .rev()
                .position(|n| n.eq_ignore_ascii_case(name))
            {
                stack.truncate(stack.len() - 1 - k);
            }
            continue;
        }
        if one_of(name, RAW) {
            let mut close = Vec::with_capacity(name.len() + 2);
            close.extend_from_slice(b"</");
            close.extend(name.iter().map(u8::to_ascii_lowercase));
            i = find_ci(b, i, &close).unwrap_or(b.len());
            continue;
        }
        if self_closing || one_of(name, VOID) || one_of(name, IMPLIED) {
            continue;
        }
        stack.push(name);
        if stack.len() > limit {
            return Some(stack.len());
        }
    }
    None
}

fn one_of(name: &[u8], set: &[&str]) -> bool {
    set.iter().any(|s| s.as_bytes().eq_ignore_ascii_case(name))
}

/// Index of the `>` ending a tag whose name ends at `from` (quoted attribute
/// values may hold `>`), or the end of the input.
fn tag_end(b: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (k, &c) in b[from..].iter().enumerate() {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, b'>') => return from + k,
            _ => {}
        }
    }
    b.len()
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    memchr::memchr(needle, hay)
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, needle).map(|k| from + k)
}

/// `needle` starts with `</`: every candidate starts at a `</`, found fast,
/// then the name is compared without regard to case.
fn find_ci(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let mut at = from;
    while let Some(k) = memchr::memmem::find(b.get(at..)?, b"</") {
        let j = at + k;
        if b.get(j..j + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        {
            return Some(j);
        }
        at = j + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::exceeds;

    #[test]
    fn counts_nesting_not_siblings() {
        let deep = "<div>".repeat(300) + "x" + &"</div>".repeat(300);
        assert_eq!(exceeds(&deep, 256), Some(257));
        assert_eq!(exceeds(&deep, 300), None);
        let flat = "<div>x</div>".repeat(10_000);
        assert_eq!(exceeds(&flat, 10), None);
    }

    #[test]
    fn unclosed_paragraphs_voids_and_scripts_do_not_count() {
        let page = "<p>a<br><img src=x><li>b".repeat(5000)
            + &"<script>if (a<b) { x = '<div>'.repeat(9) }</script>".repeat(100)
            + "<!-- <div><div><div> -->";
        assert_eq!(exceeds(&page, 8), None);
        assert_eq!(exceeds("<div/><div/><div/>", 2), None);
        assert_eq!(exceeds("<a title='>'><span>", 1), Some(2));
    }

    #[test]
    fn end_tags_close_what_lies_above_them() {
        let page = "<div><span><b>x</div>".repeat(1000);
        assert_eq!(exceeds(&page, 10), None);
    }
}
