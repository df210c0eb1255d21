//! An HTML parser that builds the flat [`Dom`](crate::dom::Dom) directly.
//!
//! Why not html5ever: it was 2/3 of extraction's time. It tokenises one
//! character at a time through a spec state machine, interns every name,
//! allocates a tendril per token and a tree node per element, and the tree
//! was then laid out flat again. This parser scans bytes with `memchr`,
//! borrows names, attribute values and text from the page (copying only what
//! has character references, CRs or upper-case names), and appends nodes in
//! document order, which is the flat layout already.
//!
//! It follows the HTML standard's tree construction where it decides which
//! text ends up in which element: implied `html`/`head`/`body`, void
//! elements, `<div/>` staying open, raw text (`script`, `style`,
//! `noscript`, `iframe`...) and RCDATA (`title`, `textarea`), paragraphs and
//! list items closed by the elements that close them, headings, buttons,
//! implied table sections, rows and cells, stray end tags ignored unless a
//! matching element is open below no "special" one, SVG/MathML with
//! self-closing tags and the HTML tags that break out of them, and every
//! named character reference of the standard. What it does not do is move
//! nodes already placed: misnested formatting tags (`<b><div></b>`) leave the
//! formatting element open instead of being cloned (the adoption agency),
//! text and elements misplaced inside a `<table>` stay where they are
//! instead of being fostered before it, and closed formatting elements are
//! not reopened in the next paragraph. Those change which inline wrapper a
//! run of text sits in, never the text or its order. The test below compares
//! the text of every block with html5ever's on constructs of each kind.

use crate::dom::{Dom, Item, NONE};

/// Why parsing stopped.
#[derive(Debug, PartialEq)]
pub(crate) enum Stop {
    /// More nodes than allowed.
    TooComplex,
    /// The time budget ran out.
    TimeBudget,
    /// Elements nested deeper than allowed (the depth reached).
    TooDeep(usize),
}

/// How much input is scanned between two looks at the clock.
const CHECK_EVERY: usize = 256 * 1024;

/// A string during parsing: from the page, from the parser's own buffer
/// (decoded references, lower-cased names), or a known tag name.
#[derive(Clone, Copy)]
enum S<'a> {
    Page(&'a str),
    Buf(u32, u32),
}

impl<'a> S<'a> {
    const EMPTY: S<'static> = S::Page("");
}

/// A node under construction.
struct Raw<'a> {
    parent: u32,
    end: u32,
    tag: S<'a>,
    text: Option<S<'a>>,
    attrs: (u32, u32),
    /// In SVG or MathML.
    foreign: bool,
}

/// Parses `html` into the flat DOM. `store` receives the strings the page
/// does not hold as written (decoded text, lower-cased names); the DOM
/// borrows from both. Stops past `max_nodes` nodes, past `max_depth` open
/// elements (`html` and `body` not counted), or when `expired` says so
/// (asked every 256 KiB of input).
///
/// The depth limit also bounds the work: each start tag may look through
/// the open elements (is a `<p>` open to close?), so the cost is at most
/// `max_depth` × tags, where a parser with no limit is quadratic on a page
/// of 100,000 nested `<div>`s.
pub(crate) fn parse<'a>(
    html: &'a str,
    store: &'a mut String,
    max_nodes: usize,
    max_depth: usize,
    expired: &dyn Fn() -> bool,
) -> Result<Dom<'a>, Stop> {
    let mut p = Parser {
        src: html,
        b: html.as_bytes(),
        buf: std::mem::take(store),
        nodes: Vec::with_capacity((html.len() / 40).min(max_nodes) + 16),
        attrs: Vec::with_capacity((html.len() / 60).min(max_nodes) + 16),
        stack: Vec::with_capacity(64),
        html: None,
        head: None,
        body: None,
        head_done: false,
        form: None,
        quirks: true,
        max_nodes,
        max_open: max_depth.saturating_add(2),
        skip_newline: false,
        text_break: false,
        formatting: Vec::new(),
        detached: Vec::new(),
        selects: 0,
    };
    p.nodes.push(Raw {
        parent: NONE,
        end: 1,
        tag: S::EMPTY,
        text: None,
        attrs: (0, 0),
        foreign: false,
    });
    p.run(expired)?;
    // At the end of input the standard has opened the body whatever came.
    p.ensure_body()?;
    while let Some(top) = p.stack.pop() {
        p.nodes[top as usize].end = p.nodes.len() as u32;
    }
    let len = p.nodes.len() as u32;
    p.nodes[0].end = len;
    // Anything left without an end (a form whose inner element was moved
    // away) ends with the page: ranges stay within the array.
    for n in &mut p.nodes {
        if n.end == 0 {
            n.end = len;
        }
    }
    *store = p.buf;
    let buf: &'a str = store;
    let get = |s: S<'a>| -> &'a str {
        match s {
            S::Page(t) => t,
            S::Buf(a, b) => &buf[a as usize..b as usize],
        }
    };
    let attrs: Vec<(&'a str, &'a str)> = p.attrs.iter().map(|&(k, v)| (get(k), get(v))).collect();
    let items = p
        .nodes
        .iter()
        .map(|n| {
            let own = &attrs[n.attrs.0 as usize..n.attrs.1 as usize];
            let find = |name: &str| own.iter().find(|a| a.0 == name).map(|a| a.1);
            Item {
                parent: n.parent,
                end: n.end,
                tag: get(n.tag),
                class: find("class"),
                id: find("id"),
                text: n.text.map(get),
                attrs: n.attrs,
            }
        })
        .collect();
    Ok(Dom { items, attrs })
}

struct Parser<'a> {
    src: &'a str,
    b: &'a [u8],
    buf: String,
    nodes: Vec<Raw<'a>>,
    attrs: Vec<(S<'a>, S<'a>)>,
    /// Open elements, innermost last.
    stack: Vec<u32>,
    html: Option<u32>,
    head: Option<u32>,
    body: Option<u32>,
    /// `</head>` seen, or body content started.
    head_done: bool,
    form: Option<u32>,
    /// No `<!doctype html>`: a `<table>` does not close an open `<p>`.
    quirks: bool,
    max_nodes: usize,
    /// Most open elements: the depth limit plus `html` and `body`.
    max_open: usize,
    /// Drop one newline at the start of the next text (`<pre>`, `<textarea>`).
    skip_newline: bool,
    /// A comment since the last text: the next text does not join it.
    text_break: bool,
    /// The standard's list of active formatting elements: `Some(node)`, or
    /// `None` for a marker (a cell, caption or object starts a new list).
    formatting: Vec<Option<u32>>,
    /// Forms closed while an element inside them was open: (that element,
    /// the form), the form's end set when the element's is.
    detached: Vec<(u32, u32)>,
    /// Open `<select>` elements: inside one only options count as tags.
    selects: u32,
}

/// A start tag as read.
struct Tag<'a> {
    name: S<'a>,
    attrs: (u32, u32),
    self_closing: bool,
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\n' | b'\t' | b'\r' | 0x0c)
}

/// Elements with no content.
fn is_void(t: &str) -> bool {
    matches!(
        t,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "col"
            | "embed"
            | "frame"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// The standard's "special" elements: a stray end tag does not close past them.
fn is_special(t: &str) -> bool {
    is_void(t)
        || matches!(
            t,
            "address"
                | "applet"
                | "article"
                | "aside"
                | "blockquote"
                | "body"
                | "button"
                | "caption"
                | "center"
                | "colgroup"
                | "dd"
                | "details"
                | "dir"
                | "div"
                | "dl"
                | "dt"
                | "fieldset"
                | "figcaption"
                | "figure"
                | "footer"
                | "form"
                | "frameset"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "head"
                | "header"
                | "hgroup"
                | "html"
                | "iframe"
                | "li"
                | "listing"
                | "main"
                | "marquee"
                | "menu"
                | "nav"
                | "noembed"
                | "noframes"
                | "noscript"
                | "object"
                | "ol"
                | "p"
                | "plaintext"
                | "pre"
                | "script"
                | "search"
                | "section"
                | "select"
                | "style"
                | "summary"
                | "table"
                | "tbody"
                | "td"
                | "template"
                | "textarea"
                | "tfoot"
                | "th"
                | "thead"
                | "title"
                | "tr"
                | "ul"
                | "xmp"
        )
}

/// Start tags that close an open `<p>` (in button scope) first.
fn closes_p(t: &str) -> bool {
    matches!(
        t,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "header"
            | "hgroup"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "search"
            | "section"
            | "summary"
            | "ul"
            | "pre"
            | "listing"
            | "form"
            | "plaintext"
            | "hr"
            | "xmp"
    )
}

/// End tags that close a block the plain way (when open in scope).
fn is_block_end(t: &str) -> bool {
    matches!(
        t,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "button"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "header"
            | "hgroup"
            | "listing"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "pre"
            | "search"
            | "section"
            | "summary"
            | "ul"
            | "applet"
            | "marquee"
            | "object"
    )
}

fn is_heading(t: &str) -> bool {
    matches!(t, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Closed by "generate implied end tags".
fn is_implied_end(t: &str) -> bool {
    matches!(
        t,
        "dd" | "dt" | "li" | "optgroup" | "option" | "p" | "rb" | "rp" | "rt" | "rtc"
    )
}

/// HTML tags that end SVG/MathML content when they start inside it.
fn breaks_out_of_foreign(t: &str) -> bool {
    matches!(
        t,
        "b" | "big"
            | "blockquote"
            | "body"
            | "br"
            | "center"
            | "code"
            | "dd"
            | "div"
            | "dl"
            | "dt"
            | "em"
            | "embed"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "hr"
            | "i"
            | "img"
            | "li"
            | "listing"
            | "menu"
            | "meta"
            | "nobr"
            | "ol"
            | "p"
            | "pre"
            | "ruby"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "strike"
            | "sub"
            | "sup"
            | "table"
            | "tt"
            | "u"
            | "ul"
            | "var"
    )
}

/// Formatting elements: reopened after a block closes them.
fn is_formatting(t: &str) -> bool {
    matches!(
        t,
        "a" | "b"
            | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

/// Elements that start a fresh list of formatting elements.
fn is_marker(t: &str) -> bool {
    matches!(
        t,
        "applet" | "marquee" | "object" | "td" | "th" | "caption" | "template"
    )
}

/// Start tags before which closed formatting elements are reopened (all
/// but the blocks, list items, headings, tables and head elements).
fn reconstructs(t: &str) -> bool {
    !(closes_p(t)
        || is_heading(t)
        || is_table_part(t)
        || is_head_tag(t)
        || matches!(
            t,
            "li" | "dd" | "dt" | "table" | "html" | "body" | "head" | "option" | "optgroup"
        ))
}

/// Tags whose content is raw text up to their end tag; `true` for RCDATA
/// (references decoded: `title`, `textarea`).
fn raw_text(t: &str) -> Option<bool> {
    match t {
        "script" | "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => Some(false),
        "title" | "textarea" => Some(true),
        _ => None,
    }
}

/// Tags allowed in `<head>`.
fn is_head_tag(t: &str) -> bool {
    matches!(
        t,
        "base"
            | "basefont"
            | "bgsound"
            | "link"
            | "meta"
            | "title"
            | "noscript"
            | "noframes"
            | "style"
            | "script"
            | "template"
    )
}

/// Table structure tags.
fn is_table_part(t: &str) -> bool {
    matches!(
        t,
        "caption" | "colgroup" | "col" | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th"
    )
}

/// Which elements stop a scope search.
#[derive(Clone, Copy, PartialEq)]
enum Scope {
    Default,
    Button,
    ListItem,
    Table,
}

impl<'a> Parser<'a> {
    fn s(&self, s: S<'a>) -> &str {
        match s {
            S::Page(t) => t,
            S::Buf(a, b) => &self.buf[a as usize..b as usize],
        }
    }

    fn tag_of(&self, i: u32) -> &str {
        self.s(self.nodes[i as usize].tag)
    }

    fn current(&self) -> u32 {
        self.stack.last().copied().unwrap_or(0)
    }

    fn current_tag(&self) -> &str {
        self.tag_of(self.current())
    }

    fn in_foreign(&self) -> bool {
        self.nodes[self.current() as usize].foreign
    }

    fn push_node(&mut self, node: Raw<'a>) -> Result<u32, Stop> {
        if self.nodes.len() >= self.max_nodes {
            return Err(Stop::TooComplex);
        }
        let i = self.nodes.len() as u32;
        self.nodes.push(node);
        Ok(i)
    }

    /// Appends an element to the current node; it stays open unless `void`.
    fn insert(
        &mut self,
        name: S<'a>,
        attrs: (u32, u32),
        foreign: bool,
        void: bool,
    ) -> Result<u32, Stop> {
        let parent = self.current();
        let i = self.push_node(Raw {
            parent,
            end: 0,
            tag: name,
            text: None,
            attrs,
            foreign,
        })?;
        if void {
            self.nodes[i as usize].end = i + 1;
        } else {
            self.stack.push(i);
            if self.stack.len() > self.max_open {
                return Err(Stop::TooDeep(self.stack.len() - 2));
            }
        }
        Ok(i)
    }

    fn insert_named(&mut self, name: &'static str) -> Result<u32, Stop> {
        self.insert(S::Page(name), (0, 0), false, false)
    }

    fn pop(&mut self) {
        if let Some(i) = self.stack.pop() {
            self.close_node(i, self.nodes.len() as u32);
            if self.selects > 0 && self.tag_of(i) == "select" {
                self.selects -= 1;
            }
            if !self.formatting.is_empty() && is_marker(self.tag_of(i)) {
                // Formatting opened inside a cell does not leak out of it.
                while let Some(Some(_)) = self.formatting.pop() {}
            }
        }
    }

    /// Sets where an element's subtree ends, and so where the subtrees of
    /// the elements detached around it end (see [`Parser::detach`]).
    fn close_node(&mut self, i: u32, end: u32) {
        self.nodes[i as usize].end = end;
        if self.detached.is_empty() {
            return;
        }
        let mut work = vec![i];
        while let Some(x) = work.pop() {
            while let Some(k) = self.detached.iter().position(|d| d.0 == x) {
                let (_, outer) = self.detached.swap_remove(k);
                self.nodes[outer as usize].end = end;
                work.push(outer);
            }
        }
    }

    /// Takes an open element off the stack of open elements, leaving what
    /// is open inside it open: its subtree ends when the element above it
    /// on the stack closes (the flat layout cannot end it earlier).
    fn detach(&mut self, node: u32) {
        let Some(k) = self.stack.iter().position(|&i| i == node) else {
            return;
        };
        self.stack.remove(k);
        match self.stack.get(k) {
            Some(&inner) => self.detached.push((inner, node)),
            None => self.nodes[node as usize].end = self.nodes.len() as u32,
        }
    }

    /// Open: still on the stack of open elements (its end not yet known).
    fn is_open(&self, node: u32) -> bool {
        self.nodes[node as usize].end == 0
    }

    /// Reopens the formatting elements closed by a block's end
    /// (`<p><b>x</p><p>y`: `y` is bold too), as clones at the current node.
    fn reconstruct_formatting(&mut self) -> Result<(), Stop> {
        let Some(&Some(last)) = self.formatting.last() else {
            return Ok(());
        };
        if self.is_open(last) {
            return Ok(());
        }
        let mut k = self.formatting.len() - 1;
        while k > 0 {
            match self.formatting[k - 1] {
                Some(node) if !self.is_open(node) => k -= 1,
                _ => break,
            }
        }
        for j in k..self.formatting.len() {
            let Some(old) = self.formatting[j] else {
                continue;
            };
            let (tag, attrs) = (self.nodes[old as usize].tag, self.nodes[old as usize].attrs);
            let clone = self.insert(tag, attrs, false, false)?;
            self.formatting[j] = Some(clone);
        }
        Ok(())
    }

    /// Records a formatting element just opened (at most three alike).
    fn push_formatting(&mut self, node: u32) {
        let same = |p: &Self, a: u32| {
            let (x, y) = (&p.nodes[a as usize], &p.nodes[node as usize]);
            p.s(x.tag) == p.s(y.tag) && {
                let ax = &p.attrs[x.attrs.0 as usize..x.attrs.1 as usize];
                let ay = &p.attrs[y.attrs.0 as usize..y.attrs.1 as usize];
                ax.len() == ay.len()
                    && ax
                        .iter()
                        .zip(ay)
                        .all(|(a, b)| p.s(a.0) == p.s(b.0) && p.s(a.1) == p.s(b.1))
            }
        };
        let mut alike = Vec::new();
        for (k, f) in self.formatting.iter().enumerate().rev() {
            match f {
                None => break,
                Some(a) if same(self, *a) => alike.push(k),
                _ => {}
            }
        }
        if alike.len() >= 3 {
            self.formatting.remove(alike[alike.len() - 1]);
        }
        self.formatting.push(Some(node));
    }

    /// The end tag of a formatting element: the standard's adoption agency.
    ///
    /// When a block was opened inside the formatting element
    /// (`<a name=top><div>…</a>`), the standard moves the block out to the
    /// formatting element's parent and wraps what the block holds so far in
    /// a clone of it, so that what follows is not inside the `<a>`. In the
    /// flat layout the block already comes right after the formatting
    /// element's other content, so moving it out is a change of parent; the
    /// clone is inserted before the block's content (a shift of that small
    /// tail of the array), or left out when the tail is large.
    fn end_formatting(&mut self, name: &str) {
        let top = self.current();
        if self.tag_of(top) == name && !self.formatting.contains(&Some(top)) {
            self.pop();
            return;
        }
        // The standard's outer loop runs at most 8 times.
        for _ in 0..8 {
            let mut found = None;
            for (k, f) in self.formatting.iter().enumerate().rev() {
                match f {
                    None => break,
                    Some(n) if self.tag_of(*n) == name => {
                        found = Some((k, *n));
                        break;
                    }
                    _ => {}
                }
            }
            let Some((k, node)) = found else {
                self.any_other_end_tag(name);
                return;
            };
            if !self.is_open(node) {
                self.formatting.remove(k);
                return;
            }
            if !self.in_scope(Scope::Default, |t| t == name) {
                return;
            }
            let pos = self.stack.iter().rposition(|&i| i == node).unwrap_or(0);
            let block = self.stack[pos + 1..]
                .iter()
                .position(|&i| is_special(self.tag_of(i)) && !self.nodes[i as usize].foreign)
                .map(|d| pos + 1 + d);
            let Some(fb) = block else {
                self.formatting.remove(k);
                while self.stack.len() > pos {
                    self.pop();
                }
                return;
            };
            if pos == 0 {
                self.formatting.remove(k);
                return;
            }
            let block = self.stack[fb];
            let common = self.stack[pos - 1];
            // The formatting element and what lies between it and the block
            // end where the block starts; the block moves up to `common`.
            let closed: Vec<u32> = self.stack.drain(pos..fb).collect();
            for open in closed {
                self.close_node(open, block);
            }
            // Elements taken off the stack earlier but still around the
            // block (a form closed early) end there too.
            let mut d = 0;
            while d < self.detached.len() {
                let outer = self.detached[d].1;
                if outer >= node && outer < block {
                    self.detached.swap_remove(d);
                    self.close_node(outer, block);
                } else {
                    d += 1;
                }
            }
            self.nodes[block as usize].parent = common;
            let fb = pos;
            let tail = self.nodes.len() - block as usize - 1;
            if tail > 256 || self.nodes.len() >= self.max_nodes {
                // No clone, so nothing for a next round to move.
                self.formatting.remove(k);
                return;
            }
            // Wrap the block's content in a clone of the formatting element.
            let at = block + 1;
            let clone = Raw {
                parent: block,
                end: 0,
                tag: self.nodes[node as usize].tag,
                text: None,
                attrs: self.nodes[node as usize].attrs,
                foreign: false,
            };
            self.nodes.insert(at as usize, clone);
            for n in &mut self.nodes[at as usize + 1..] {
                if n.parent == block {
                    n.parent = at;
                } else if n.parent >= at {
                    n.parent += 1;
                }
                if n.end != 0 {
                    n.end += 1;
                }
            }
            let shift = |i: &mut u32| {
                if *i >= at {
                    *i += 1;
                }
            };
            self.stack.iter_mut().for_each(shift);
            self.formatting.iter_mut().flatten().for_each(shift);
            if let Some(f) = &mut self.form {
                shift(f);
            }
            for (inner, node) in &mut self.detached {
                shift(inner);
                shift(node);
            }
            self.stack.insert(fb + 1, at);
            self.formatting[k] = Some(at);
        }
    }

    /// Adds the attributes of a repeated `<html>` or `<body>` that its
    /// element lacks (a page with a `<script>` before `<html lang=ar>`).
    fn merge_attrs(&mut self, node: Option<u32>, new: (u32, u32)) {
        let Some(node) = node else { return };
        if new.0 == new.1 {
            return;
        }
        let old = self.nodes[node as usize].attrs;
        let start = self.attrs.len() as u32;
        for k in old.0..old.1 {
            self.attrs.push(self.attrs[k as usize]);
        }
        for k in new.0..new.1 {
            let (key, v) = self.attrs[k as usize];
            let have = (old.0..old.1).any(|j| self.s(self.attrs[j as usize].0) == self.s(key));
            if !have {
                self.attrs.push((key, v));
            }
        }
        self.nodes[node as usize].attrs = (start, self.attrs.len() as u32);
    }

    /// Pops up to and including the innermost open element that `pred` accepts.
    fn pop_until(&mut self, pred: impl Fn(&str) -> bool) {
        while let Some(&top) = self.stack.last() {
            let done = pred(self.tag_of(top)) && !self.nodes[top as usize].foreign;
            self.pop();
            if done {
                break;
            }
        }
    }

    fn generate_implied_end_tags(&mut self, except: &str) {
        while let Some(&top) = self.stack.last() {
            let t = self.tag_of(top);
            if is_implied_end(t) && t != except && !self.nodes[top as usize].foreign {
                self.pop();
            } else {
                break;
            }
        }
    }

    /// Whether an element `pred` accepts is open in the given scope.
    fn in_scope(&self, scope: Scope, pred: impl Fn(&str) -> bool) -> bool {
        for &i in self.stack.iter().rev() {
            let t = self.tag_of(i);
            let foreign = self.nodes[i as usize].foreign;
            if !foreign && pred(t) {
                return true;
            }
            let stop = if foreign {
                scope != Scope::Table
                    && matches!(
                        t,
                        "mi" | "mo"
                            | "mn"
                            | "ms"
                            | "mtext"
                            | "annotation-xml"
                            | "foreignobject"
                            | "desc"
                            | "title"
                    )
            } else {
                match scope {
                    Scope::Table => matches!(t, "html" | "table" | "template"),
                    _ => {
                        matches!(
                            t,
                            "applet"
                                | "caption"
                                | "html"
                                | "table"
                                | "td"
                                | "th"
                                | "marquee"
                                | "object"
                                | "template"
                        ) || (scope == Scope::Button && t == "button")
                            || (scope == Scope::ListItem && matches!(t, "ol" | "ul"))
                    }
                }
            };
            if stop {
                return false;
            }
        }
        false
    }

    fn close_p_if_open(&mut self) {
        if self.in_scope(Scope::Button, |t| t == "p") {
            self.generate_implied_end_tags("p");
            self.pop_until(|t| t == "p");
        }
    }

    fn ensure_html(&mut self) -> Result<(), Stop> {
        if self.html.is_none() {
            self.html = Some(self.insert_named("html")?);
        }
        Ok(())
    }

    fn ensure_head(&mut self) -> Result<(), Stop> {
        self.ensure_html()?;
        if self.head.is_none() {
            self.head = Some(self.insert_named("head")?);
        }
        Ok(())
    }

    /// Leaves the head (if open) and opens the body if there is none yet.
    fn ensure_body(&mut self) -> Result<(), Stop> {
        if self.body.is_some() {
            return Ok(());
        }
        self.ensure_head()?;
        self.leave_head();
        self.body = Some(self.insert_named("body")?);
        Ok(())
    }

    fn leave_head(&mut self) {
        if !self.head_done {
            self.head_done = true;
            if let Some(h) = self.head
                && self.stack.contains(&h)
            {
                while self.stack.last().is_some_and(|&t| t != h) {
                    self.pop();
                }
                self.pop();
            }
        }
    }

    fn run(&mut self, expired: &dyn Fn() -> bool) -> Result<(), Stop> {
        let b = self.b;
        let n = b.len();
        let mut i = 0;
        let mut next_check = CHECK_EVERY;
        // A doctype (of any kind) near the start: no quirks for tables.
        let head = &b[..n.min(1024)];
        if let Some(k) = memchr::memmem::find(&head.to_ascii_lowercase(), b"<!doctype") {
            let rest = &head[k + 9..];
            let end = memchr::memchr(b'>', rest).unwrap_or(rest.len());
            let decl = String::from_utf8_lossy(&rest[..end]).to_ascii_lowercase();
            self.quirks = !decl.trim_start().starts_with("html")
                || decl.contains("transitional") && !decl.contains("http://www.w3.org/tr/")
                || decl.contains("//w3c//dtd html 4.01 frameset//")
                    && !decl.contains("http://www.w3.org/tr/");
        }
        while i < n {
            if i >= next_check {
                if expired() {
                    return Err(Stop::TimeBudget);
                }
                next_check = i + CHECK_EVERY;
            }
            let lt = memchr::memchr(b'<', &b[i..]).map_or(n, |k| i + k);
            if lt > i {
                self.text(i, lt, true)?;
            }
            if lt >= n {
                break;
            }
            i = lt;
            match b.get(i + 1) {
                Some(c) if c.is_ascii_alphabetic() => {
                    i = match self.read_start_tag(i + 1) {
                        Some((tag, after)) => self.start_tag(tag, after)?,
                        None => n,
                    };
                }
                Some(b'/') => match b.get(i + 2) {
                    Some(c) if c.is_ascii_alphabetic() => {
                        let (name, after) = self.read_end_tag(i + 2);
                        if let Some(name) = name {
                            self.end_tag(name)?;
                        }
                        i = after;
                    }
                    Some(b'>') => i += 3,
                    None => {
                        self.text(i, n, false)?;
                        i = n;
                    }
                    // `</3`: a bogus comment up to `>`.
                    _ => {
                        self.text_break = true;
                        i = memchr::memchr(b'>', &b[i..]).map_or(n, |k| i + k + 1);
                    }
                },
                Some(b'!') => {
                    self.text_break = true;
                    if b[i..].starts_with(b"<!--") {
                        i = comment_end(b, i + 4);
                    } else {
                        i = memchr::memchr(b'>', &b[i..]).map_or(n, |k| i + k + 1);
                    }
                }
                Some(b'?') => {
                    self.text_break = true;
                    i = memchr::memchr(b'>', &b[i..]).map_or(n, |k| i + k + 1);
                }
                _ => {
                    // A lone `<` is text.
                    self.text(i, i + 1, false)?;
                    i += 1;
                }
            }
        }
        Ok(())
    }

    /// Reads a start tag whose name starts at `at`; `None` at end of input
    /// inside the tag (the standard drops such a tag). Returns the position
    /// after `>`.
    fn read_start_tag(&mut self, at: usize) -> Option<(Tag<'a>, usize)> {
        let b = self.b;
        let n = b.len();
        let mut j = at;
        while j < n && !is_space(b[j]) && b[j] != b'/' && b[j] != b'>' {
            j += 1;
        }
        let name = self.name(at, j);
        let a0 = self.attrs.len() as u32;
        let mut self_closing = false;
        loop {
            while j < n && is_space(b[j]) {
                j += 1;
            }
            if j >= n {
                self.attrs.truncate(a0 as usize);
                return None;
            }
            match b[j] {
                b'>' => {
                    j += 1;
                    break;
                }
                b'/' => {
                    j += 1;
                    if b.get(j) == Some(&b'>') {
                        self_closing = true;
                        j += 1;
                        break;
                    }
                    continue;
                }
                _ => {}
            }
            // Attribute name (may start with `=`).
            let k0 = j;
            j += 1;
            while j < n && !is_space(b[j]) && !matches!(b[j], b'/' | b'>' | b'=') {
                j += 1;
            }
            let k1 = j;
            while j < n && is_space(b[j]) {
                j += 1;
            }
            let mut value = S::EMPTY;
            if j < n && b[j] == b'=' {
                j += 1;
                while j < n && is_space(b[j]) {
                    j += 1;
                }
                if j >= n {
                    self.attrs.truncate(a0 as usize);
                    return None;
                }
                let (v0, v1) = match b[j] {
                    q @ (b'"' | b'\'') => {
                        let Some(e) = memchr::memchr(q, &b[j + 1..]) else {
                            self.attrs.truncate(a0 as usize);
                            return None;
                        };
                        let r = (j + 1, j + 1 + e);
                        j = j + 2 + e;
                        r
                    }
                    _ => {
                        let v0 = j;
                        while j < n && !is_space(b[j]) && b[j] != b'>' {
                            j += 1;
                        }
                        (v0, j)
                    }
                };
                value = self.attr_value(v0, v1);
            }
            let key = self.name(k0, k1);
            let dup = {
                let k = self.s(key);
                self.attrs[a0 as usize..]
                    .iter()
                    .any(|&(x, _)| self.s(x) == k)
            };
            if !dup {
                self.attrs.push((key, value));
            }
        }
        let a1 = self.attrs.len() as u32;
        Some((
            Tag {
                name,
                attrs: (a0, a1),
                self_closing,
            },
            j,
        ))
    }

    /// Reads an end tag whose name starts at `at` (attributes skipped).
    fn read_end_tag(&mut self, at: usize) -> (Option<S<'a>>, usize) {
        let b = self.b;
        let n = b.len();
        let mut j = at;
        while j < n && !is_space(b[j]) && b[j] != b'/' && b[j] != b'>' {
            j += 1;
        }
        let name = self.name(at, j);
        // Skip to the `>`, minding quoted attribute values.
        let mut quote = 0u8;
        while j < n {
            let c = b[j];
            if quote != 0 {
                if c == quote {
                    quote = 0;
                }
            } else if c == b'>' {
                return (Some(name), j + 1);
            } else if (c == b'"' || c == b'\'') && j > 0 && b[j - 1] == b'=' {
                quote = c;
            }
            j += 1;
        }
        (None, n)
    }

    /// A tag or attribute name, lower-cased (copied only when it has upper case).
    fn name(&mut self, a: usize, z: usize) -> S<'a> {
        let raw = &self.b[a..z];
        if raw.iter().any(|c| c.is_ascii_uppercase() || *c == 0) {
            let s0 = self.buf.len() as u32;
            let t = &self.src[a..z];
            for c in t.chars() {
                self.buf.push(if c == '\0' {
                    '\u{FFFD}'
                } else {
                    c.to_ascii_lowercase()
                });
            }
            S::Buf(s0, self.buf.len() as u32)
        } else {
            S::Page(&self.src[a..z])
        }
    }

    fn attr_value(&mut self, a: usize, z: usize) -> S<'a> {
        let raw = &self.b[a..z];
        if memchr::memchr3(b'&', b'\r', 0, raw).is_none() {
            return S::Page(&self.src[a..z]);
        }
        let s0 = self.buf.len() as u32;
        decode_into(&mut self.buf, &self.src[a..z], true);
        S::Buf(s0, self.buf.len() as u32)
    }

    /// A run of text `a..z` of the page; `refs`: decode character references.
    fn text(&mut self, a: usize, z: usize, refs: bool) -> Result<(), Stop> {
        let mut a = a;
        if self.skip_newline {
            self.skip_newline = false;
            if self.b[a..z].starts_with(b"\r\n") {
                a += 2;
            } else if self.b.get(a) == Some(&b'\n') {
                a += 1;
            }
        }
        if a >= z {
            return Ok(());
        }
        let raw = &self.b[a..z];
        let blank = raw.iter().all(|&c| is_space(c));
        // Before the body, white space is dropped (or kept in the head) and
        // other text starts the body.
        if self.body.is_none() {
            if blank {
                if self.head.is_some() && !self.head_done {
                    self.append_text(a, z, refs)?;
                }
                return Ok(());
            }
            self.ensure_body()?;
        }
        self.append_text(a, z, refs)
    }

    fn append_text(&mut self, a: usize, z: usize, refs: bool) -> Result<(), Stop> {
        if !self.formatting.is_empty() && !self.in_foreign() {
            self.reconstruct_formatting()?;
        }
        let raw = &self.b[a..z];
        let needs = if refs {
            memchr::memchr3(b'&', b'\r', 0, raw).is_some()
        } else {
            memchr::memchr2(b'\r', 0, raw).is_some()
        };
        let parent = self.current();
        // Text right after text in the same element (an ignored tag between)
        // joins it, as in the standard.
        let last = self.nodes.len() - 1;
        let joins = !std::mem::take(&mut self.text_break)
            && last > 0
            && self.nodes[last].parent == parent
            && self.nodes[last].text.is_some()
            && self.stack.last().is_none_or(|&t| (t as usize) < last);
        if joins {
            let prev = self.nodes[last].text.unwrap_or(S::EMPTY);
            if !needs
                && let S::Page(p) = prev
                && p.as_ptr() as usize + p.len() == self.src[a..].as_ptr() as usize
            {
                let start = p.as_ptr() as usize - self.src.as_ptr() as usize;
                self.nodes[last].text = Some(S::Page(&self.src[start..z]));
                return Ok(());
            }
            let s0 = self.buf.len() as u32;
            let prev = self.s(prev).to_string();
            self.buf.push_str(&prev);
            self.push_decoded(a, z, refs, needs);
            self.nodes[last].text = Some(S::Buf(s0, self.buf.len() as u32));
            return Ok(());
        }
        let text = if needs {
            let s0 = self.buf.len() as u32;
            self.push_decoded(a, z, refs, needs);
            if self.buf.len() as u32 == s0 {
                return Ok(());
            }
            S::Buf(s0, self.buf.len() as u32)
        } else {
            S::Page(&self.src[a..z])
        };
        self.push_node(Raw {
            parent,
            end: self.nodes.len() as u32 + 1,
            tag: S::EMPTY,
            text: Some(text),
            attrs: (0, 0),
            foreign: false,
        })?;
        Ok(())
    }

    fn push_decoded(&mut self, a: usize, z: usize, refs: bool, needs: bool) {
        let t = &self.src[a..z];
        if !needs {
            self.buf.push_str(t);
        } else if refs {
            decode_into(&mut self.buf, t, false);
        } else {
            normalize_into(&mut self.buf, t);
        }
    }

    /// Handles a start tag; returns where the input continues.
    fn start_tag(&mut self, tag: Tag<'a>, after: usize) -> Result<usize, Stop> {
        self.skip_newline = false;
        let name_s = tag.name;
        let owned;
        let name: &str = match tag.name {
            S::Page(t) => t,
            S::Buf(..) => {
                owned = self.s(tag.name).to_string();
                &owned
            }
        };
        let html_context = !self.in_foreign() || self.at_integration_point();
        let (name, name_s) = if name == "image" && html_context {
            ("img", S::Page("img"))
        } else {
            (name, name_s)
        };

        // Inside SVG/MathML: everything nests, self-closing counts, until an
        // HTML tag breaks out.
        if self.in_foreign() && !self.at_integration_point() {
            let font_breaks = name == "font" && {
                let (a0, a1) = tag.attrs;
                self.attrs[a0 as usize..a1 as usize]
                    .iter()
                    .any(|&(k, _)| matches!(self.s(k), "color" | "face" | "size"))
            };
            if breaks_out_of_foreign(name) || font_breaks {
                while self.in_foreign() && !self.at_integration_point() && self.stack.len() > 1 {
                    self.pop();
                }
            } else {
                self.insert(name_s, tag.attrs, true, tag.self_closing)?;
                return Ok(after);
            }
        }

        // Before the body.
        if self.body.is_none() {
            match name {
                "html" => {
                    if self.html.is_none() {
                        self.html = Some(self.insert(name_s, tag.attrs, false, false)?);
                    } else {
                        self.merge_attrs(self.html, tag.attrs);
                    }
                    return Ok(after);
                }
                "head" => {
                    if self.head.is_none() {
                        self.ensure_html()?;
                        self.head = Some(self.insert(name_s, tag.attrs, false, false)?);
                    }
                    return Ok(after);
                }
                "body" => {
                    self.ensure_head()?;
                    self.leave_head();
                    self.body = Some(self.insert(name_s, tag.attrs, false, false)?);
                    return Ok(after);
                }
                t if is_head_tag(t) => {
                    self.ensure_head()?;
                    // After `</head>` (and only white space since), the
                    // standard still puts head elements into the head.
                    let reopen = self.head.filter(|&h| {
                        self.head_done
                            && t != "template"
                            && self.nodes[h as usize].end as usize == self.nodes.len()
                            && !self.stack.contains(&h)
                    });
                    if let Some(h) = reopen {
                        self.nodes[h as usize].end = 0;
                        self.stack.push(h);
                        let next = self.element(name, name_s, &tag, after)?;
                        if self.current() == h {
                            self.pop();
                        }
                        return Ok(next);
                    }
                    return self.element(name, name_s, &tag, after);
                }
                _ => self.ensure_body()?,
            }
        }

        match name {
            "html" => {
                self.merge_attrs(self.html, tag.attrs);
                return Ok(after);
            }
            "body" => {
                self.merge_attrs(self.body, tag.attrs);
                return Ok(after);
            }
            "head" | "frameset" | "frame" => return Ok(after),
            _ if self.selects > 0 => match name {
                "option" | "optgroup" | "script" | "template" | "noscript" | "style" => {}
                "select" => {
                    self.pop_until(|t| t == "select");
                    return Ok(after);
                }
                t if matches!(t, "input" | "keygen" | "textarea" | "table") || is_table_part(t) => {
                    self.pop_until(|t| t == "select");
                }
                // Inside a `<select>` other tags are dropped, their text kept.
                _ => return Ok(after),
            },
            _ => {}
        }
        if is_table_part(name) && self.in_scope(Scope::Table, |t| t == "table") {
            self.table_part(name)?;
            return self.element(name, name_s, &tag, after);
        }
        if is_table_part(name) {
            // Outside a table these are ignored.
            return Ok(after);
        }
        match name {
            "table" => {
                if self.in_scope(Scope::Table, |t| t == "table") && !self.in_cell() {
                    self.pop_until(|t| t == "table");
                } else if !self.quirks {
                    self.close_p_if_open();
                }
            }
            "li" => {
                self.close_list_item(&["li"]);
                self.close_p_if_open();
            }
            "dd" | "dt" => {
                self.close_list_item(&["dd", "dt"]);
                self.close_p_if_open();
            }
            "form" => {
                if self.form.is_some() {
                    return Ok(after);
                }
                self.close_p_if_open();
            }
            t if is_heading(t) => {
                self.close_p_if_open();
                if is_heading(self.current_tag()) {
                    self.pop();
                }
            }
            t if closes_p(t) => self.close_p_if_open(),
            "button" if self.in_scope(Scope::Default, |t| t == "button") => {
                self.generate_implied_end_tags("");
                self.pop_until(|t| t == "button");
            }
            "a" => {
                // An `<a>` inside an open `<a>` closes it first.
                let open_a = self
                    .formatting
                    .iter()
                    .rev()
                    .map_while(|f| *f)
                    .find(|&n| self.tag_of(n) == "a");
                if let Some(a) = open_a {
                    self.end_formatting("a");
                    self.formatting.retain(|&f| f != Some(a));
                    // Off the stack too, if the adoption agency left it there.
                    self.detach(a);
                }
            }
            "nobr" if self.in_scope(Scope::Default, |t| t == "nobr") => {
                self.end_formatting("nobr");
            }
            "option" if self.current_tag() == "option" => {
                self.pop();
            }
            "optgroup" => {
                if self.current_tag() == "option" {
                    self.pop();
                }
                if self.current_tag() == "optgroup" {
                    self.pop();
                }
            }
            "rb" | "rtc" if self.in_scope(Scope::Default, |t| t == "ruby") => {
                self.generate_implied_end_tags("");
            }
            "rp" | "rt" if self.in_scope(Scope::Default, |t| t == "ruby") => {
                self.generate_implied_end_tags("rtc");
            }
            "svg" | "math" => {
                self.insert(name_s, tag.attrs, true, tag.self_closing)?;
                return Ok(after);
            }
            _ => {}
        }
        self.element(name, name_s, &tag, after)
    }

    /// Inserts an element, reading its raw text content if it has one.
    fn element(
        &mut self,
        name: &str,
        name_s: S<'a>,
        tag: &Tag<'a>,
        after: usize,
    ) -> Result<usize, Stop> {
        let void = is_void(name);
        if self.body.is_some() && !self.in_foreign() && reconstructs(name) {
            self.reconstruct_formatting()?;
        }
        let i = self.insert(name_s, tag.attrs, false, void)?;
        if name == "select" {
            self.selects += 1;
        }
        if is_formatting(name) {
            self.push_formatting(i);
        } else if is_marker(name) {
            self.formatting.push(None);
        }
        if name == "form" {
            self.form = Some(i);
        }
        if matches!(name, "pre" | "listing" | "textarea") {
            self.skip_newline = true;
        }
        if name == "plaintext" {
            let n = self.b.len();
            self.text(after, n, false)?;
            return Ok(n);
        }
        if let Some(rcdata) = raw_text(name) {
            let n = self.b.len();
            let close = if name == "script" {
                script_end(self.b, after)
            } else {
                find_end_tag(self.b, after, name.as_bytes())
            }
            .unwrap_or(n);
            if close > after {
                self.append_raw(after, close, rcdata)?;
            }
            self.pop();
            return Ok(if close >= n {
                n
            } else {
                memchr::memchr(b'>', &self.b[close..]).map_or(n, |k| close + k + 1)
            });
        }
        Ok(after)
    }

    /// The content of a raw text element.
    fn append_raw(&mut self, a: usize, z: usize, rcdata: bool) -> Result<(), Stop> {
        let mut a = a;
        if self.skip_newline {
            self.skip_newline = false;
            if self.b[a..z].starts_with(b"\r\n") {
                a += 2;
            } else if self.b.get(a) == Some(&b'\n') {
                a += 1;
            }
        }
        if a < z {
            self.append_text(a, z, rcdata)?;
        }
        Ok(())
    }

    fn at_integration_point(&self) -> bool {
        let c = self.current();
        self.nodes[c as usize].foreign
            && matches!(
                self.tag_of(c),
                "foreignobject" | "desc" | "title" | "mi" | "mo" | "mn" | "ms" | "mtext"
            )
    }

    /// Whether the nearest table-ish element is a cell or a caption.
    fn in_cell(&self) -> bool {
        for &i in self.stack.iter().rev() {
            match self.tag_of(i) {
                "td" | "th" | "caption" => return true,
                "table" | "html" | "template" => return false,
                _ => {}
            }
        }
        false
    }

    /// `li` closes an open `li`; `dd`/`dt` close an open `dd`/`dt`.
    fn close_list_item(&mut self, names: &[&str]) {
        for k in (0..self.stack.len()).rev() {
            let t = self.tag_of(self.stack[k]);
            if names.contains(&t) && !self.nodes[self.stack[k] as usize].foreign {
                let t = t.to_string();
                self.generate_implied_end_tags(&t);
                while self.stack.len() > k {
                    self.pop();
                }
                return;
            }
            if is_special(t) && !matches!(t, "address" | "div" | "p") {
                return;
            }
        }
    }

    /// Implied table structure before a table part starts inside a table.
    fn table_part(&mut self, name: &str) -> Result<(), Stop> {
        let cell_open = self.in_scope(Scope::Table, |t| matches!(t, "td" | "th"));
        match name {
            "td" | "th" => {
                if cell_open {
                    self.close_cell();
                }
                self.clear_to(&["tr", "tbody", "thead", "tfoot", "table"]);
                match self.current_tag() {
                    "tr" => {}
                    "table" => {
                        self.insert_named("tbody")?;
                        self.insert_named("tr")?;
                    }
                    _ => {
                        self.insert_named("tr")?;
                    }
                }
            }
            "tr" => {
                if cell_open {
                    self.close_cell();
                }
                if self.in_scope(Scope::Table, |t| t == "tr") {
                    self.pop_until(|t| t == "tr");
                }
                self.clear_to(&["tbody", "thead", "tfoot", "table"]);
                if self.current_tag() == "table" {
                    self.insert_named("tbody")?;
                }
            }
            "col" if self.current_tag() == "colgroup" => {}
            _ => {
                // caption, colgroup, col, tbody, thead, tfoot: back to the table.
                if cell_open {
                    self.close_cell();
                }
                self.clear_to(&["table"]);
                if name == "col" {
                    self.insert_named("colgroup")?;
                }
            }
        }
        Ok(())
    }

    /// Pops until the current node is one of `names` (or `html`/`template`).
    fn clear_to(&mut self, names: &[&str]) {
        while self.stack.len() > 1 {
            let t = self.current_tag();
            if names.contains(&t) || matches!(t, "html" | "template") {
                break;
            }
            self.pop();
        }
    }

    fn close_cell(&mut self) {
        self.generate_implied_end_tags("");
        self.pop_until(|t| matches!(t, "td" | "th"));
    }

    fn end_tag(&mut self, name_s: S<'a>) -> Result<(), Stop> {
        self.skip_newline = false;
        let owned;
        let name: &str = match name_s {
            S::Page(t) => t,
            S::Buf(..) => {
                owned = self.s(name_s).to_string();
                &owned
            }
        };
        // In SVG/MathML, an end tag closes the element of that name.
        if self.in_foreign() {
            for k in (0..self.stack.len()).rev() {
                let node = self.stack[k];
                if !self.nodes[node as usize].foreign {
                    break;
                }
                if self.tag_of(node).eq_ignore_ascii_case(name) {
                    while self.stack.len() > k {
                        self.pop();
                    }
                    return Ok(());
                }
            }
        }
        if self.body.is_none() {
            match name {
                "head" => {
                    self.ensure_head()?;
                    self.leave_head();
                    return Ok(());
                }
                "body" | "html" | "br" => self.ensure_body()?,
                _ if self.head.is_some() && !self.head_done => {
                    // Closing something opened in the head (`</noscript>`...).
                    if self.stack.iter().any(|&i| self.tag_of(i) == name) {
                        self.pop_until(|t| t == name);
                    }
                    return Ok(());
                }
                _ => return Ok(()),
            }
        }
        if self.selects > 0 && !matches!(name, "option" | "optgroup" | "select") {
            let table_end = matches!(
                name,
                "table" | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th" | "caption"
            );
            if !table_end {
                return Ok(());
            }
            self.pop_until(|t| t == "select");
        }
        match name {
            "select" => {
                if self.selects > 0 {
                    self.pop_until(|t| t == "select");
                }
            }
            "body" | "html" | "head" => {}
            "br" => {
                self.insert_named("br")?;
                self.pop();
            }
            "p" => {
                if !self.in_scope(Scope::Button, |t| t == "p") {
                    self.insert_named("p")?;
                }
                self.generate_implied_end_tags("p");
                self.pop_until(|t| t == "p");
            }
            "li" => {
                if self.in_scope(Scope::ListItem, |t| t == "li") {
                    self.generate_implied_end_tags("li");
                    self.pop_until(|t| t == "li");
                }
            }
            "dd" | "dt" => {
                if self.in_scope(Scope::Default, |t| t == name) {
                    self.generate_implied_end_tags(name);
                    self.pop_until(|t| t == name);
                }
            }
            t if is_heading(t) => {
                if self.in_scope(Scope::Default, is_heading) {
                    self.generate_implied_end_tags("");
                    self.pop_until(is_heading);
                }
            }
            "form" => {
                let Some(f) = self.form.take() else {
                    return Ok(());
                };
                if self.current() == f {
                    self.pop();
                } else {
                    // The standard takes the form off the stack of open
                    // elements and leaves what is open inside it open.
                    self.detach(f);
                }
            }
            "td" | "th" => {
                if self.in_scope(Scope::Table, |t| t == name) {
                    self.generate_implied_end_tags("");
                    self.pop_until(|t| t == name);
                }
            }
            "tr" | "tbody" | "thead" | "tfoot" | "table" | "caption" | "colgroup" => {
                if self.in_scope(Scope::Table, |t| t == name) {
                    self.pop_until(|t| t == name);
                }
            }
            t if is_block_end(t) => {
                if self.in_scope(Scope::Default, |x| x == name) {
                    self.generate_implied_end_tags("");
                    self.pop_until(|x| x == name);
                }
            }
            t if is_formatting(t) => self.end_formatting(name),
            _ => self.any_other_end_tag(name),
        }
        Ok(())
    }

    /// The standard's "any other end tag": close the innermost element of
    /// that name unless a special element is open above it. For formatting
    /// elements with a block open above them, leave them open (the adoption
    /// agency would clone them; the text stays in place either way).
    fn any_other_end_tag(&mut self, name: &str) {
        for k in (0..self.stack.len()).rev() {
            let node = self.stack[k];
            let t = self.tag_of(node);
            if t == name && !self.nodes[node as usize].foreign {
                self.generate_implied_end_tags(name);
                while self.stack.len() > k {
                    self.pop();
                }
                return;
            }
            if is_special(t) && !self.nodes[node as usize].foreign {
                return;
            }
        }
    }
}

/// Where a comment starting at `from` (after `<!--`) ends, past its `-->`.
fn comment_end(b: &[u8], from: usize) -> usize {
    // `<!-->` and `<!--->` are empty comments.
    if b.get(from) == Some(&b'>') {
        return from + 1;
    }
    if b[from..].starts_with(b"->") {
        return from + 2;
    }
    let mut at = from;
    while let Some(k) = memchr::memmem::find(&b[at..], b"--") {
        let j = at + k + 2;
        // `--` then any further dashes, then `>` or `!>`.
        let mut e = j;
        while b.get(e) == Some(&b'-') {
            e += 1;
        }
        if b.get(e) == Some(&b'>') {
            return e + 1;
        }
        if b.get(e) == Some(&b'!') && b.get(e + 1) == Some(&b'>') {
            return e + 2;
        }
        at = j.max(e);
    }
    b.len()
}

/// The start of the end tag `</name` (any case, then space, `/` or `>`) at
/// or after `from`.
fn find_end_tag(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut at = from;
    while let Some(k) = memchr::memmem::find(&b[at..], b"</") {
        let j = at + k;
        let e = j + 2 + name.len();
        if b.len() >= e
            && b[j + 2..e].eq_ignore_ascii_case(name)
            && b.get(e)
                .is_none_or(|&c| is_space(c) || c == b'/' || c == b'>')
        {
            return Some(j);
        }
        at = j + 2;
    }
    None
}

/// The start of a script's end tag at or after `from`. As in the standard,
/// inside `<!--` a `<script` opens a nested script whose own `</script>`
/// does not end the outer one (`<!-- document.write("<script></script>") -->`).
fn script_end(b: &[u8], from: usize) -> Option<usize> {
    let (mut escaped, mut double) = (false, false);
    let mut at = from;
    while let Some(k) = memchr::memchr2(b'<', b'-', &b[at..]) {
        let j = at + k;
        if b[j] == b'-' {
            if escaped && b[j..].starts_with(b"-->") {
                escaped = false;
                double = false;
                at = j + 3;
            } else {
                at = j + 1;
            }
            continue;
        }
        let name_at = |k: usize| {
            b.len() >= k + 6
                && b[k..k + 6].eq_ignore_ascii_case(b"script")
                && b.get(k + 6)
                    .is_none_or(|&c| is_space(c) || c == b'/' || c == b'>')
        };
        if b[j..].starts_with(b"</") && name_at(j + 2) {
            if !double {
                return Some(j);
            }
            double = false;
            at = j + 8;
        } else if b[j..].starts_with(b"<!--") {
            escaped = true;
            at = j + 4;
        } else if escaped && !double && name_at(j + 1) {
            double = true;
            at = j + 7;
        } else {
            at = j + 1;
        }
    }
    None
}

/// CRs to newlines and NULs dropped, no references.
fn normalize_into(out: &mut String, t: &str) {
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\0' => {}
            c => out.push(c),
        }
    }
}

/// Decodes character references as the standard does (named ones by
/// longest match, with or without `;` for the legacy ones; in attribute
/// values a name without `;` followed by a letter, digit or `=` stays as
/// written), numeric ones with the C1 replacements; CRs become newlines.
pub(crate) fn decode_into(out: &mut String, t: &str, attribute: bool) {
    let b = t.as_bytes();
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        match b[i] {
            b'\r' => {
                out.push_str(&t[last..i]);
                if b.get(i + 1) != Some(&b'\n') {
                    out.push('\n');
                }
                i += 1;
                last = i;
            }
            0 => {
                out.push_str(&t[last..i]);
                if attribute {
                    out.push('\u{FFFD}');
                }
                i += 1;
                last = i;
            }
            b'&' => {
                if let Some((len, c1, c2)) = reference(&b[i + 1..], attribute) {
                    out.push_str(&t[last..i]);
                    out.push(c1);
                    if let Some(c2) = c2 {
                        out.push(c2);
                    }
                    i += 1 + len;
                    last = i;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    out.push_str(&t[last..]);
}

/// The reference after an `&`: its length and the characters it stands for.
fn reference(b: &[u8], attribute: bool) -> Option<(usize, char, Option<char>)> {
    if b.first() == Some(&b'#') {
        let (hex, start) = match b.get(1) {
            Some(b'x' | b'X') => (true, 2),
            _ => (false, 1),
        };
        let mut j = start;
        let mut v: u32 = 0;
        while let Some(&c) = b.get(j) {
            let d = if hex {
                (c as char).to_digit(16)
            } else {
                (c as char).to_digit(10)
            };
            let Some(d) = d else { break };
            v = v
                .saturating_mul(if hex { 16 } else { 10 })
                .saturating_add(d);
            j += 1;
        }
        if j == start {
            return None;
        }
        if b.get(j) == Some(&b';') {
            j += 1;
        }
        let c = match v {
            0 => '\u{FFFD}',
            0x80..=0x9F => markup5ever::data::C1_REPLACEMENTS[(v - 0x80) as usize]
                .or_else(|| char::from_u32(v))
                .unwrap_or('\u{FFFD}'),
            _ => char::from_u32(v).unwrap_or('\u{FFFD}'),
        };
        return Some((j, c, None));
    }
    // Named: the longest name in the table (names are ASCII alphanumerics
    // and at most 32 bytes with the `;`).
    let mut best: Option<(usize, u32, u32)> = None;
    let mut j = 0;
    while j < b.len() && j < 33 {
        let c = b[j];
        if !(c.is_ascii_alphanumeric() || c == b';') {
            break;
        }
        j += 1;
        let Ok(key) = std::str::from_utf8(&b[..j]) else {
            break;
        };
        match markup5ever::data::NAMED_ENTITIES.get(key) {
            Some(&(0, _)) => {}
            Some(&(c1, c2)) => best = Some((j, c1, c2)),
            None => break,
        }
        if c == b';' {
            break;
        }
    }
    let (len, c1, c2) = best?;
    if attribute
        && b[len - 1] != b';'
        && let Some(&next) = b.get(len)
        && (next.is_ascii_alphanumeric() || next == b'=')
    {
        return None;
    }
    Some((
        len,
        char::from_u32(c1)?,
        if c2 == 0 { None } else { char::from_u32(c2) },
    ))
}

#[cfg(test)]
mod tests {
    use crate::dom::Dom;

    /// Every element as its path from the root with its attributes, and
    /// every non-blank text as its path and text: from html5ever.
    fn reference(html: &str) -> (Vec<String>, Vec<String>) {
        let doc = scraper::Html::parse_document(html);
        let (mut els, mut texts) = (Vec::new(), Vec::new());
        for node in doc.tree.root().descendants() {
            let mut path: Vec<String> = node
                .ancestors()
                .filter_map(|a| a.value().as_element().map(|e| e.name().to_string()))
                .collect();
            path.reverse();
            let path = path.join("/").to_ascii_lowercase();
            match node.value() {
                scraper::Node::Element(e) => {
                    let mut attrs: Vec<String> =
                        e.attrs().map(|(k, v)| format!("{k}={v:?}")).collect();
                    attrs.sort();
                    // SVG names keep their case there (`foreignObject`); ours
                    // are lower case, which is all the extractor compares.
                    els.push(
                        format!("{path}/{} {}", e.name(), attrs.join(" ")).to_ascii_lowercase(),
                    );
                }
                scraper::Node::Text(t) if !t.trim().is_empty() => {
                    texts.push(format!("{path}: {:?}", &**t));
                }
                _ => {}
            }
        }
        (els, texts)
    }

    /// The same from this parser.
    fn ours(html: &str) -> (Vec<String>, Vec<String>) {
        let (mut els, mut texts) = (Vec::new(), Vec::new());
        for (element, line) in crate::tree_lines(html) {
            if element {
                els.push(line.to_ascii_lowercase());
            } else {
                texts.push(line);
            }
        }
        (els, texts)
    }

    #[test]
    fn builds_the_tree_html5ever_builds() {
        let cases = [
            "<!doctype html><html lang=ar dir=rtl><head><meta charset=utf-8><title>عنوان</title>\
             <meta name=description content='وصف &amp; ملخص'></head><body><div class=a id=b>\
             <p>فقرة</p></div></body></html>",
            "<title>x</title><p>a<p>b<div>c</div>d",
            "<ul><li>a<li>b<ul><li>c</ul></ul><dl><dt>x<dd>y<dt>z</dl>",
            "<div/>text<span/>more",
            "<p>a<h2>b</h2>c<h3>d<h4>e</h3>f",
            "<table><tr><td>a<td>b<tr><th>c</table><table><tbody><tr><td>d</td></tr></tbody></table>",
            "<table><caption>cap</caption><colgroup><col></colgroup><thead><tr><th>h<tbody><tr><td>x</table>",
            "<script>if (a<b) {document.write(\"<p>x</p>\")}</script><p>y<style>p>a{}</style>",
            "<p>&amp; &lt;x&gt; &nbsp;&copy 2024 &hellip; &#1575;&#x644; &notit; R&D; &#0; &#x80; &zz</p>",
            "<a href=\"/x?a=1&copy=2&amp;b=3\" title='&lt;t&gt;' data-x=&quot;q>l</a>",
            "<svg viewBox='0 0 1 1'><path d=x/><g><text>t</text></g></svg><p>after",
            "<svg><p>breaks out</p></svg>",
            "<p>a</p></div></span>b<p>c</em>d",
            "<noscript><img src=x></noscript><textarea>\nx</textarea><pre>\ny</pre><pre>\r\nz</pre>",
            "<!doctype html><p>a<table><tr><td>b</td></tr></table>",
            "<p>a<table><tr><td>b</td></tr></table>",
            "<h1>a<h2>b</h1>c",
            "<p>a<!-- c -->b</p><!--> x<!---> y<!-- a -- b --!> z",
            "<p>a</br>b",
            "<p><a href=1>x<a href=2>y</a>z",
            "<p>a<b>b</b>c<i>d<u>e</i>f</p>",
            "<body><p>x</body><p>y</html><p>z",
            "<DIV CLASS=X ID=Y><P>Hi</DIV><Custom-El>c</Custom-El>",
            "<button>a<button>b</button>",
            "<select><option>a<option>b<optgroup><option>c</select>",
            "<div class=a class=b id=c>dup</div>",
            "<p>x<img src='a.jpg' alt=\"صورة\"><br/><hr>y<input value=v>",
            "<head><link rel=x></head>\n<body>b",
            "<html><head><noscript><link rel=y></noscript><script>x</script></head><body>t",
            "<p>one\r\ntwo\rthree</p>",
            "<a href=x>link</a>text<a href=y>two",
            "<figure><img src=x><figcaption>cap <i>it</i></figcaption></figure>",
            "<blockquote><p>q</blockquote>after",
            "<article><header><h1>T</h1><time datetime=2024-01-01>d</time></header><section><p>s</section></article>",
            "<p>lt < gt > amp & end</p><p>a <3 b</p>",
            "<iframe src=x><p>not parsed</p></iframe><xmp><b>raw</b></xmp>",
            "<ruby>漢<rp>(</rp><rt>kan<rp>)</rp></ruby>",
            "<li>outside</li><dd>x",
            "<div><li>a<div><li>b</div></div>",
            "<p><span>a<div>b</div>c</span></p>",
            "<math><mi>x</mi><mtext><b>y</b></mtext></math>z",
            "<svg><foreignObject><p>inside</p></foreignObject></svg>",
            "<table><tr><td><table><tr><td>inner</table>outer</td></tr></table>",
            "<p>a<ul><li>b</ul>c",
            "<nobr>a<nobr>b",
            "<div>unclosed <span>spans <em>everywhere",
            "<ol><li><p>x<li>y</ol>",
            "<a",
            "<p>x<a href='unterminated",
            "</>t</3>u<?xml x?>v<!x>w",
            "<textarea>a</textarea >b<title>&amp;c</title>",
            "<script>a</scriptx>b</script>c",
            "<script><!-- document.write('<script src=x></script>') --></script><p>after",
            "<script><!-- a --> <script></script><p>b",
            "<svg><image href=x /></svg><image src=y>",
            "<head><title>t</title></head>\n<script>s</script><link rel=x><body>b",
            "<div><form><div class=in>x</form>y</div>z</div>w",
            "<select><option><b>bold</b> text</option></select></div>after",
            "<table><tr><td><select><option>a<td>b</table>",
            "<p><b>x</p><p>y</b>z",
            "<p><a href=1>link</p>text<p>more",
            "<table><tr><td><b>x</td><td>y</table>z",
            "<b><b><b><b>deep</b></b></b></b>after",
            "<a href=1>x<div>block</div>y</a>z",
            "<font color=red><p>a<p>b</font>c",
            "<a name=top><div id=x>in<a href=1>link</a>t</a>after</div>",
            "<a name=top/><div><p>one<p>two</a>three</div>four",
            "<html><script>x</script><html lang=ar dir=rtl><body class=a><p>t<body id=b>",
        ];
        let mut failed = Vec::new();
        for html in cases {
            let (re, rt) = reference(html);
            let (oe, ot) = ours(html);
            if (&ot, &oe) != (&rt, &re) {
                failed.push(format!(
                    "{html:?}\n  ours {ot:?}\n       {oe:?}\n  html5ever {rt:?}\n       {re:?}"
                ));
            }
        }
        assert!(failed.is_empty(), "{}", failed.join("\n"));
    }

    #[test]
    fn misnested_formatting_keeps_the_text_in_order() {
        // The adoption agency clones `<b>`; this parser leaves it open. The
        // text and its order are the same.
        for html in [
            "<b><div>x</b>y</div>z",
            "<p><a href=1>x<p>y</a>z",
            "<form><div><form>in</form></div></form>t",
            "<table><div>fostered</div><tr><td>cell</table>",
        ] {
            let doc = scraper::Html::parse_document(html);
            let theirs: String = doc.root_element().text().collect();
            let mut store = String::new();
            let dom = Dom::parse(html, &mut store);
            let mine: String = (0..dom.len()).filter_map(|i| dom.text(i)).collect();
            let strip = |s: &str| s.split_whitespace().collect::<String>();
            let (mut a, mut b) = (strip(&theirs), strip(&mine));
            if html.contains("fostered") {
                // Fostered text moves before the table.
                a = a.replace("fostered", "");
                b = b.replace("fostered", "");
            }
            assert_eq!(b, a, "{html:?}");
        }
    }

    #[test]
    fn subtrees_are_ranges() {
        let html = "<div><p>a<b>b</b></p><ul><li>c<li>d</ul></div><p>e";
        let mut store = String::new();
        let dom = Dom::parse(html, &mut store);
        for i in 0..dom.len() {
            let end = dom.items[i].end as usize;
            assert!(end > i && end <= dom.len());
            for j in i + 1..end {
                // Every node in the range has its parent in the range too.
                let p = dom.items[j].parent as usize;
                assert!(p >= i && p < end, "node {j} under {i}");
            }
        }
        assert_eq!(dom.items[0].end as usize, dom.len());
    }

    #[test]
    fn node_limit_and_clock_stop_it() {
        let page = "<p>x</p>".repeat(1000);
        let mut store = String::new();
        assert!(matches!(
            super::parse(&page, &mut store, 100, 512, &|| false),
            Err(super::Stop::TooComplex)
        ));
        let big = "<p>x</p>".repeat(100_000);
        let mut store = String::new();
        assert!(matches!(
            super::parse(&big, &mut store, usize::MAX, 512, &|| true),
            Err(super::Stop::TimeBudget)
        ));
    }

    #[test]
    fn garbage_never_panics_and_subtrees_stay_ranges() {
        // Tags that make the parser move things (formatting elements, forms,
        // tables, selects, foreign content) in random order.
        let pieces = [
            "<a href=x>",
            "</a>",
            "<a name=y>",
            "<b>",
            "</b>",
            "<i>",
            "</i>",
            "<div>",
            "</div>",
            "<p>",
            "</p>",
            "<table>",
            "<tr>",
            "<td>",
            "</td>",
            "</table>",
            "<select>",
            "<option>",
            "</select>",
            "<form>",
            "</form>",
            "<svg>",
            "</svg>",
            "<li>",
            "<h2>",
            "</h2>",
            "<!-- c -->",
            "&amp;",
            "نص",
            " ",
            "<br>",
            "<script>x</script>",
            "<",
            "</span>",
            "<span>",
            "<font color=red>",
            "</font>",
            "<head>",
            "<body>",
        ];
        let mut seed = 7u64;
        for _ in 0..3000 {
            let s: String = (0..40)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    pieces[(seed >> 33) as usize % pieces.len()]
                })
                .collect();
            if std::panic::catch_unwind(|| {
                let mut store = String::new();
                Dom::parse(&s, &mut store).len()
            })
            .is_err()
            {
                panic!("parser panicked on {s:?}");
            }
            let mut store = String::new();
            let dom = Dom::parse(&s, &mut store);
            assert_eq!(dom.items[0].end as usize, dom.len());
            for i in 1..dom.len() {
                let (p, end) = (dom.items[i].parent as usize, dom.items[i].end as usize);
                assert!(
                    p < i && end > i && end <= dom.items[p].end as usize,
                    "{s:?} node {i}"
                );
                for j in i + 1..end {
                    let q = dom.items[j].parent as usize;
                    assert!(q >= i && q < end, "{s:?}: {j} in {i}'s range, parent {q}");
                }
            }
        }
    }
}
