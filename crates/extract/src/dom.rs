//! A flat, pre-order view of the parsed page, built directly by the parser
//! (`parse.rs`).
//!
//! A tree walked recursively overflows the stack on a deeply nested page,
//! and a tree of linked nodes costs an allocation each. So the page is laid
//! out in document (pre-order) order, each node knowing
//! its parent and where its subtree ends: a subtree is the index range
//! `i..end`, children come after their parent, and a backwards pass sees
//! every child before its parent. Every walk in this crate is a loop.

use khulasa_core::Deadline;

/// No parent (the document root).
pub(crate) const NONE: u32 = u32::MAX;

/// One node of the flat tree: the document (index 0), an element, or a run
/// of text. Comments and the doctype are not kept.
pub(crate) struct Item<'a> {
    /// Index of the parent, or [`NONE`].
    pub parent: u32,
    /// One past the last index of this node's subtree.
    pub end: u32,
    /// Element name (lower case) or `""` for non-elements.
    pub tag: &'a str,
    /// The `class` attribute (looked up once: every pass reads it).
    pub class: Option<&'a str>,
    /// The `id` attribute.
    pub id: Option<&'a str>,
    /// The text of a text node (references decoded).
    pub text: Option<&'a str>,
    /// This element's attributes: a range of [`Dom::attrs`].
    pub attrs: (u32, u32),
}

/// The page as a flat pre-order array.
pub(crate) struct Dom<'a> {
    pub items: Vec<Item<'a>>,
    /// Attribute names (lower case) and values of all elements, in order.
    pub attrs: Vec<(&'a str, &'a str)>,
}

impl<'a> Dom<'a> {
    /// Parses a page with no limits (the tools around extraction: a
    /// fragment of JSON-LD markup, the visible-text baseline). `store` holds
    /// the decoded strings the DOM borrows.
    pub fn parse(html: &'a str, store: &'a mut String) -> Self {
        Self::parse_with(html, store, usize::MAX, usize::MAX, &Deadline::none()).unwrap_or_else(
            |_| Dom {
                items: Vec::new(),
                attrs: Vec::new(),
            },
        )
    }

    /// Parses a page, at most `max_nodes` nodes nested at most `max_depth`
    /// deep, within `deadline`.
    pub fn parse_with(
        html: &'a str,
        store: &'a mut String,
        max_nodes: usize,
        max_depth: usize,
        deadline: &Deadline,
    ) -> Result<Self, crate::parse::Stop> {
        crate::parse::parse(html, store, max_nodes, max_depth, &|| deadline.expired())
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn attr(&self, i: usize, name: &str) -> Option<&'a str> {
        match name {
            "class" => return self.items[i].class,
            "id" => return self.items[i].id,
            _ => {}
        }
        let (a, z) = self.items[i].attrs;
        self.attrs[a as usize..z as usize]
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| *v)
    }

    /// Whether element `i` is a link: an `<a>` with an `href`. A named
    /// anchor (`<a name=…>`, which old markup leaves open around whole
    /// sections) is a place in the page, not a link.
    pub fn is_link(&self, i: usize) -> bool {
        self.items[i].tag == "a" && self.attr(i, "href").is_some()
    }

    /// All attributes of element `i`.
    pub fn attrs(&self, i: usize) -> &[(&'a str, &'a str)] {
        let (a, z) = self.items[i].attrs;
        &self.attrs[a as usize..z as usize]
    }

    pub fn text(&self, i: usize) -> Option<&'a str> {
        self.items[i].text
    }

    pub fn is_element(&self, i: usize) -> bool {
        !self.items[i].tag.is_empty()
    }

    /// True when `anc` is `i` or one of its ancestors.
    pub fn contains(&self, anc: usize, i: usize) -> bool {
        anc <= i && i < self.items[anc].end as usize
    }

    /// The plain text of a subtree, whitespace collapsed, `skip(j)` subtrees left out.
    pub fn text_of(&self, i: usize, skip: impl Fn(usize) -> bool) -> String {
        let mut out = String::new();
        let end = self.items[i].end as usize;
        let mut j = i;
        while j < end {
            if j != i && skip(j) {
                j = self.items[j].end as usize;
                continue;
            }
            if let Some(t) = self.text(j) {
                push_collapsed(&mut out, t);
            } else if matches!(self.items[j].tag, "br" | "p" | "div" | "li" | "td" | "th") {
                push_collapsed(&mut out, " ");
            }
            j += 1;
        }
        let t = out.trim();
        if t.len() == out.len() {
            out
        } else {
            t.to_string()
        }
    }
}

/// `s` in ASCII lower case, copied only when it has upper-case letters.
pub(crate) fn lower(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(s.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Non-whitespace characters in `t`, counted on bytes (no decoding).
pub(crate) fn count_chars(t: &str) -> u32 {
    let mut n = 0u32;
    for &b in t.as_bytes() {
        // Leading bytes only; ASCII whitespace does not count.
        if (b & 0xC0) != 0x80 && !matches!(b, b' ' | b'\n' | b'\t' | b'\r' | 0x0c) {
            n += 1;
        }
    }
    n
}

/// Appends `t` to `out`, every run of whitespace becoming one space.
pub(crate) fn push_collapsed(out: &mut String, t: &str) {
    for c in t.chars() {
        if c.is_whitespace() || c == '\u{00A0}' {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else if !matches!(c, '\u{200B}' | '\u{FEFF}') {
            out.push(c);
        }
    }
}

/// Collapses whitespace and trims.
pub(crate) fn clean(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    push_collapsed(&mut out, t);
    out.trim_end().to_string()
}

/// The naive baseline: every piece of visible text on the page (no scripts,
/// styles or `<head>`), in document order. What an extractor must beat on
/// precision without losing recall.
pub fn visible_text(html: &str) -> String {
    let mut store = String::new();
    let dom = Dom::parse(html, &mut store);
    if dom.len() == 0 {
        return String::new();
    }
    dom.text_of(0, |j| {
        matches!(
            dom.items[j].tag,
            "script" | "style" | "noscript" | "template" | "head" | "svg"
        )
    })
}

/// Decodes HTML character references in `s`, once: `&quot;` → `"`,
/// `&#1575;` → `ا`. JSON-LD sits in a `<script>`, where the parser decodes
/// nothing, yet some CMSs escape its strings as if they were HTML. Unknown
/// names and malformed references stay as written; `&amp;quot;` becomes
/// `&quot;`, not `"` (decoding twice would change text that means it).
pub(crate) fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        // A reference is short: `&` + at most 10 characters + `;`.
        let decoded = tail
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .and_then(|(semi, _)| reference(&tail[1..semi]).map(|c| (c, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &tail[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// The character a reference's body (between `&` and `;`) stands for.
fn reference(body: &str) -> Option<char> {
    if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        return char::from_u32(code).filter(|&c| c != '\0');
    }
    Some(match body {
        "quot" => '"',
        "amp" => '&',
        "apos" => '\'',
        "lt" => '<',
        "gt" => '>',
        "nbsp" => '\u{a0}',
        "laquo" => '«',
        "raquo" => '»',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "copy" => '©',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_are_decoded_once() {
        assert_eq!(
            decode_entities("&quot;الصحة&quot; تطلق حملة"),
            "\"الصحة\" تطلق حملة"
        );
        assert_eq!(decode_entities("&#1575;&#x644;"), "ال");
        assert_eq!(decode_entities("a &amp;quot; b"), "a &quot; b");
        assert_eq!(
            decode_entities("R&D; &unknown; & done"),
            "R&D; &unknown; & done"
        );
        assert_eq!(decode_entities("&#0; &#xZZ;"), "&#0; &#xZZ;");
        assert_eq!(decode_entities("no references"), "no references");
    }
}
