//! khulasa-extract: the article out of a news page, Arabic first.
//!
//! **In:** the bytes of an HTML page (any charset, or gzipped as `.html.gz`)
//! and, optionally, its URL. **Out:** a [`khulasa_core::Article`]: the body as
//! blocks (paragraph, heading, quote, list item) and as plain text, without
//! menus, share bars, related links or widgets like `+ الخط -` and
//! `استمع إلى الملخص`; and the parts a news page shows apart from the body:
//! headline, dates (ISO 8601, also from Arabic dates such as
//! `19 يونيو/حزيران 2024`), authors and contributors (`المساهمون`, `كتب:`,
//! `بقلم`), lead photo with its caption and credit split apart, site name,
//! section, language and direction, and the summary box the publisher may
//! already show (kept out of the body).
//!
//! ```
//! let page = r##"<html lang="ar" dir="rtl"><head><title>لقاء في العاصمة - الموقع</title></head><body>
//!   <nav><a href="/">الرئيسية</a> <a href="/s">سياسة</a></nav>
//!   <article>
//!     <h1>لقاء في العاصمة</h1>
//!     <time datetime="2024-11-29">29 نوفمبر 2024</time>
//!     <figure><img src="/a.jpg"><figcaption>الوزيران خلال اللقاء (فرانس برس)</figcaption></figure>
//!     <div class="font-size">+ الخط -</div>
//!     <p>اجتمع وزير الدفاع مع نظيره في العاصمة أمس، واتفقا على تعزيز التعاون بين البلدين في مجالات عدة.</p>
//!     <p>وقال الوزير إن اللقاء كان مثمرا، وإن الطرفين سيواصلان المحادثات خلال الأشهر المقبلة.</p>
//!     <div class="share-bar"><a href="#">فيسبوك</a> <a href="#">تويتر</a></div>
//!   </article></body></html>"##;
//! let article = khulasa_extract::extract(page.as_bytes(), Some("https://example.com/news/1")).unwrap();
//! assert_eq!(article.title.as_deref(), Some("لقاء في العاصمة"));
//! assert_eq!(article.published.as_deref(), Some("2024-11-29"));
//! assert_eq!(article.dir.as_deref(), Some("rtl"));
//! let image = article.lead_image.unwrap();
//! assert_eq!(image.src.as_deref(), Some("https://example.com/a.jpg"));
//! assert_eq!(image.credit.as_deref(), Some("فرانس برس"));
//! assert_eq!(article.blocks.len(), 2);
//! assert!(article.text.starts_with("اجتمع وزير الدفاع"));
//! assert!(!article.text.contains("الخط"));
//! ```
//!
//! How the body is found, and why this crate scores pages itself rather than
//! wrapping a Readability port, is in `docs/extract.md`.

mod body;
mod caption;
mod contrib;
mod dates;
mod decode;
mod depth;
mod dom;
mod meta;

pub use caption::split_credit;
pub use dates::{parse_date, parse_date_with_year};
pub use dom::visible_text;

use body::{FIGURE, JUNK, META, SUMMARY};
use dom::{Dom, NONE};
use khulasa_core::{Article, BlockKind, Deadline, LeadImage};
use std::time::Duration;

/// Why a page gave no article.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    /// The input was empty or whitespace only.
    #[error("the page is empty")]
    Empty,
    /// The input (or its gzip-inflated form) is over the size limit.
    #[error("the page is too large: {size} bytes, the limit is {limit} bytes")]
    TooLarge {
        /// Bytes seen (at least).
        size: usize,
        /// The limit ([`Limits::max_input_bytes`]).
        limit: usize,
    },
    /// The gzip-compressed input inflates past [`Limits::max_decompressed_bytes`].
    #[error("the page inflates to more than {limit} bytes, the limit for a decompressed page")]
    Inflated {
        /// The limit ([`Limits::max_decompressed_bytes`]).
        limit: usize,
    },
    /// Extraction took longer than [`Limits::time_budget`].
    #[error("extracting took longer than its time budget of {}", khulasa_core::format_budget(*.budget))]
    TimeBudget {
        /// The budget that was spent.
        budget: std::time::Duration,
    },
    /// The input looked gzipped but did not inflate.
    #[error("the page is not valid gzip: {0}")]
    Gzip(String),
    /// The input is binary data, not a page.
    #[error("the input is not an HTML page ({0})")]
    NotHtml(&'static str),
    /// The page has more elements than [`Limits::max_nodes`].
    #[error("the page has more than {limit} elements, the element limit")]
    TooComplex {
        /// The limit ([`Limits::max_nodes`]).
        limit: usize,
    },
    /// The page nests elements deeper than [`Limits::max_depth`].
    #[error("the page nests elements more than {limit} deep (at least {depth}), the depth limit")]
    TooDeep {
        /// Depth reached when the scan stopped.
        depth: usize,
        /// The limit ([`Limits::max_depth`]).
        limit: usize,
    },
    /// The page parsed, but holds no article text (a home page, an index, an
    /// error page). The metadata that was found is kept.
    #[error("no article text found in the page{}", .title.as_ref().map(|t| format!(" \"{t}\"")).unwrap_or_default())]
    NoArticle {
        /// The page's title, if it had one (to say which page).
        title: Option<String>,
    },
}

/// Bounds on the work one page may cause. Every limit turns into a typed
/// error, never a panic or an unbounded allocation.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest page accepted, in bytes (as given, compressed or not).
    /// By default 64 MiB: news pages are under 5 MiB, and a 64 MiB page
    /// parses in about a second.
    pub max_input_bytes: usize,
    /// Largest page after gzip inflation, in bytes. By default 64 MiB: a
    /// zip bomb stops there, after at most this much memory.
    pub max_decompressed_bytes: usize,
    /// Most DOM nodes laid out for scoring. By default 5,000,000.
    pub max_nodes: usize,
    /// Deepest nesting of elements accepted, counted by a linear scan before
    /// parsing. By default 512, where browsers stop nesting too: the HTML
    /// parser's work grows with depth × elements, so a page of 100,000
    /// nested `<div>`s would take hours, and one this deep takes milliseconds.
    pub max_depth: usize,
    /// Fewest non-space characters for a body to count as an article. By
    /// default 1: any text is returned, and [`ExtractError::NoArticle`]
    /// means there was none at all.
    pub min_body_chars: usize,
    /// Wall-clock budget for one page, checked between parse chunks (256 KiB
    /// each) and between stages; `None` (the default): no clock, the size
    /// limits bound the work.
    pub time_budget: Option<Duration>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 64 << 20,
            max_decompressed_bytes: 64 << 20,
            max_nodes: 5_000_000,
            max_depth: 512,
            min_body_chars: 1,
            time_budget: None,
        }
    }
}

/// An extractor with explicit [`Limits`]. [`extract`] uses the defaults.
#[derive(Debug, Clone, Default)]
pub struct Extractor {
    limits: Limits,
}

impl Extractor {
    /// An extractor with the default limits.
    pub fn new() -> Self {
        Self::default()
    }

    /// An extractor with the given limits.
    pub fn with_limits(limits: Limits) -> Self {
        Extractor { limits }
    }

    /// The limits in use.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Extracts the article from page bytes (charset and gzip handled as in [`decode`]).
    pub fn extract(&self, html: &[u8], url: Option<&str>) -> Result<Article, ExtractError> {
        self.extract_with_charset(html, None, url)
    }

    /// [`Extractor::extract`] for a fetched page, with the `charset=` of its
    /// HTTP `Content-Type` (older Arabic sites send windows-1256 there and
    /// nowhere in the page). Decoding counts against these limits and this
    /// page's time budget too.
    pub fn extract_with_charset(
        &self,
        html: &[u8],
        content_type_charset: Option<&str>,
        url: Option<&str>,
    ) -> Result<Article, ExtractError> {
        let deadline = Deadline::after(self.limits.time_budget);
        let text = decode::decode_with(html, content_type_charset, &self.limits)?;
        self.extract_by(&text, url, &deadline)
    }

    /// Extracts the article from already decoded HTML.
    pub fn extract_str(&self, html: &str, url: Option<&str>) -> Result<Article, ExtractError> {
        self.extract_by(html, url, &Deadline::after(self.limits.time_budget))
    }

    fn extract_by(
        &self,
        html: &str,
        url: Option<&str>,
        deadline: &Deadline,
    ) -> Result<Article, ExtractError> {
        if html.len() > self.limits.max_input_bytes {
            return Err(ExtractError::TooLarge {
                size: html.len(),
                limit: self.limits.max_input_bytes,
            });
        }
        if html.trim().is_empty() {
            return Err(ExtractError::Empty);
        }
        if is_binary(html) {
            return Err(ExtractError::NotHtml("binary data"));
        }
        if let Some(depth) = depth::exceeds(html, self.limits.max_depth) {
            return Err(ExtractError::TooDeep {
                depth,
                limit: self.limits.max_depth,
            });
        }
        // Every element starts with `<`: more of them than the node limit
        // would be refused after parsing anyway, so refuse before the parser
        // allocates a tree that size.
        if memchr::memchr_iter(b'<', html.as_bytes()).count() > self.limits.max_nodes {
            return Err(ExtractError::TooComplex {
                limit: self.limits.max_nodes,
            });
        }
        let doc = parse(html, deadline)?;
        let dom =
            Dom::new(doc.tree.root(), self.limits.max_nodes).ok_or(ExtractError::TooComplex {
                limit: self.limits.max_nodes,
            })?;
        check(deadline)?;
        build(&dom, url, &self.limits, deadline)
    }
}

/// How much HTML the parser takes between two looks at the clock.
const PARSE_CHUNK: usize = 256 * 1024;

/// Parses a document the way `scraper::Html::parse_document` does, but fed
/// in chunks so that a time budget can stop it between two (html5ever
/// tokenises a stream: the tree is the same as from one piece).
fn parse(html: &str, deadline: &Deadline) -> Result<scraper::Html, ExtractError> {
    use html5ever::tendril::TendrilSink;
    let sink = scraper::HtmlTreeSink::new(scraper::Html::new_document());
    let mut parser = html5ever::driver::parse_document(sink, Default::default());
    let mut rest = html;
    while !rest.is_empty() {
        // At most 3 bytes short of the chunk size, so never 0.
        let cut = floor_char_boundary(rest, PARSE_CHUNK);
        parser.process(rest[..cut].into());
        rest = &rest[cut..];
        check(deadline)?;
    }
    Ok(parser.finish())
}

fn check(deadline: &Deadline) -> Result<(), ExtractError> {
    deadline
        .check()
        .map_err(|budget| ExtractError::TimeBudget { budget })
}

impl ExtractError {
    /// The configurable limit this error hit, if it is one.
    pub fn limit(&self) -> Option<khulasa_core::Limit> {
        use khulasa_core::Limit;
        match self {
            ExtractError::TooLarge { .. } => Some(Limit::PageBytes),
            ExtractError::Inflated { .. } => Some(Limit::DecompressedBytes),
            ExtractError::TooDeep { .. } => Some(Limit::Depth),
            ExtractError::TooComplex { .. } => Some(Limit::Elements),
            ExtractError::TimeBudget { .. } => Some(Limit::ExtractTime),
            _ => None,
        }
    }
}

/// Extracts the article from the bytes of an HTML page, with default [`Limits`].
///
/// `url` (when known) fills [`Article::url`] and makes image links absolute.
pub fn extract(html: &[u8], url: Option<&str>) -> Result<Article, ExtractError> {
    Extractor::default().extract(html, url)
}

/// True when `bytes` look like an HTML page rather than plain text (gzip is
/// looked through). Cheap: reads at most the first 4 KiB.
///
/// ```
/// assert!(khulasa_extract::looks_like_html(b"<!doctype html><html><body><p>x</p>"));
/// assert!(!khulasa_extract::looks_like_html("خبر عاجل: اجتماع في بيونغ يانغ".as_bytes()));
/// ```
pub fn looks_like_html(bytes: &[u8]) -> bool {
    decode::looks_like_html(bytes)
}

/// Decodes page bytes into text: gzip inflated, then the charset from a BOM,
/// from `content_type_charset` (the `charset=` of an HTTP `Content-Type`),
/// from `<meta charset>`, or sniffed (windows-1256 and friends).
///
/// ```
/// let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode("<meta charset=windows-1256><p>مرحبا</p>");
/// assert!(khulasa_extract::decode(&bytes, None).unwrap().contains("مرحبا"));
/// ```
pub fn decode(bytes: &[u8], content_type_charset: Option<&str>) -> Result<String, ExtractError> {
    decode::decode_with(bytes, content_type_charset, &Limits::default())
}

/// Control characters (other than whitespace) and U+FFFD in the first 64 KiB
/// beyond 5 %: the input is binary.
fn is_binary(s: &str) -> bool {
    let head = &s.as_bytes()[..floor_char_boundary(s, 64 * 1024)];
    // Counted on bytes: C0 controls but tab, newlines and form feed; DEL;
    // and U+FFFD (EF BF BD), what undecodable bytes became.
    let controls = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)) || b == 0x7f)
        .count();
    let replaced = memchr::memmem::find_iter(head, "\u{FFFD}".as_bytes()).count();
    let chars = head.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
    chars > 0 && (controls + replaced) * 20 > chars
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn build(
    dom: &Dom<'_>,
    url: Option<&str>,
    limits: &Limits,
    deadline: &Deadline,
) -> Result<Article, ExtractError> {
    let raw_chars = body::raw_text_chars(dom);
    let meta = meta::collect(dom, &raw_chars);
    let mut flags = body::scan(dom, &raw_chars, true).flags;
    check(deadline)?;

    // Publisher's summary box: captured, then kept out of the body.
    let publisher_summary = summary_box(dom, &flags);

    // Contributors box (`المساهمون`): names, and the box leaves the body.
    let mut authors = meta.authors.clone();
    let contributors = contrib::contributors_box(dom, &|_| false);
    let mark_meta = |flags: &mut Vec<u8>| {
        if let Some((_, bx)) = &contributors {
            for f in &mut flags[*bx..dom.items[*bx].end as usize] {
                *f |= META;
            }
        }
    };
    mark_meta(&mut flags);
    if let Some((names, _)) = &contributors {
        authors.extend(names.iter().cloned());
    }

    let mut body = body::extract(dom, &flags, meta.title.as_deref());
    check(deadline)?;
    // Next to nothing found, on a page with text: the class hints were wrong
    // for this site (a content wrapper named like a sidebar). Try again
    // trusting only tags, hidden state and roles.
    let found: usize = body.blocks.iter().map(|b| b.text.len()).sum();
    if found < 200 && raw_chars[0] > 1500 {
        let mut relaxed = body::scan(dom, &raw_chars, false).flags;
        mark_meta(&mut relaxed);
        let second = body::extract(dom, &relaxed, meta.title.as_deref());
        let found2: usize = second.blocks.iter().map(|b| b.text.len()).sum();
        if found2 > found * 2 {
            body = second;
            flags = relaxed;
        }
    }
    // The page renders its body with scripts, but its JSON-LD carries it.
    let found: usize = body.blocks.iter().map(|b| b.text.len()).sum();
    if let Some(ld) = meta.ld_body.as_deref()
        && ld.len() > 400
        && found * 2 < ld.len()
    {
        body.blocks = ld_body_blocks(ld);
    }
    let mut blocks = body.blocks;

    // Bylines written as body lines (`كتب: ...`, `بقلم ...`) near the top or
    // the end: move them to the authors.
    let nb = blocks.len();
    let mut k = 0;
    blocks.retain(|b| {
        let pos = k;
        k += 1;
        if (pos < 3 || pos + 2 >= nb)
            && b.kind != BlockKind::Heading
            && let Some(names) = contrib::byline_names(&b.text)
        {
            authors.extend(names);
            return false;
        }
        true
    });
    // Author names and source lines repeated as body lines are metadata.
    let names: Vec<String> = authors
        .iter()
        .map(|a| khulasa_text::normalize::comparison_key(a))
        .collect();
    blocks.retain(|b| {
        let short = b.text.chars().count() < 80;
        !(short
            && (names.contains(&khulasa_text::normalize::comparison_key(&b.text))
                || is_source_line(&b.text)))
    });
    // Date lines at the top of the body are metadata too.
    let mut published = meta.published.clone();
    let mut k = 0;
    blocks.retain(|b| {
        k += 1;
        if k <= 4
            && b.text.chars().count() < 60
            && let Some(d) = parse_date(&b.text)
        {
            published = published.take().or(Some(d));
            return false;
        }
        true
    });
    // Many teaser headings and short blurbs: an index or home page.
    let paragraphs = blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph && b.text.chars().count() > 200)
        .count();
    if body.teaser_headings >= 4 && paragraphs <= 1 && !meta.declares_article {
        return Err(ExtractError::NoArticle {
            title: meta.title.clone(),
        });
    }

    // Nothing on the page: news URLs often carry the day.
    let published = published.or_else(|| url.and_then(dates::date_from_url));
    let lead_image = lead_image(dom, &flags, body.root, meta.image.as_deref(), url);
    // The caption sometimes stays in the body as a paragraph: drop it there.
    if let Some(cap) = lead_image.as_ref().and_then(|l| l.caption.as_deref()) {
        blocks.retain(|b| {
            !(b.text.starts_with(cap) && b.text.chars().count() <= cap.chars().count() + 40)
        });
    }

    let text = Article::text_from_blocks(&blocks);
    let lang = meta
        .lang
        .clone()
        .or_else(|| detect_lang(&text, meta.title.as_deref()));
    let dir = meta
        .dir
        .clone()
        .filter(|d| d == "rtl" || d == "ltr")
        .or_else(|| {
            lang.as_deref().map(|l| {
                if matches!(l, "ar" | "fa" | "ur" | "he" | "ps" | "ckb" | "yi") {
                    "rtl"
                } else {
                    "ltr"
                }
                .to_string()
            })
        });
    let body_chars = text.chars().filter(|c| !c.is_whitespace()).count();
    if body_chars < limits.min_body_chars.max(1) {
        return Err(ExtractError::NoArticle {
            title: meta.title.clone(),
        });
    }
    Ok(Article {
        url: url.map(str::to_string),
        title: meta.title,
        published,
        modified: meta.modified,
        authors: meta::dedupe(authors),
        site_name: meta.site_name,
        section: meta.section,
        lang,
        dir,
        lead_image,
        publisher_summary,
        blocks,
        text,
    })
}

/// `المصدر: الجزيرة + وكالات`, `Source: Reuters`: a source credit line.
fn is_source_line(t: &str) -> bool {
    ["المصدر", "المصادر", "Source:", "Sources:"]
        .iter()
        .any(|p| {
            t.strip_prefix(p).is_some_and(|rest| {
                let rest = rest.trim_start();
                rest.starts_with(':') || rest.starts_with('：')
            }) || (p.ends_with(':') && t.starts_with(p))
        })
}

/// Blocks from a JSON-LD `articleBody`: plain text split at line breaks, or
/// HTML (some CMSs put markup there) split at its paragraphs.
fn ld_body_blocks(ld: &str) -> Vec<khulasa_core::Block> {
    let text = if ld.contains("</p>") || ld.contains("<br") {
        let frag = scraper::Html::parse_fragment(ld);
        let Some(d) = Dom::new(frag.tree.root(), 200_000) else {
            return Vec::new();
        };
        let mut out = String::new();
        for j in 0..d.len() {
            if let Some(t) = d.text(j) {
                out.push_str(t);
            } else if matches!(d.items[j].tag, "p" | "br" | "div" | "li" | "h2" | "h3") {
                out.push('\n');
            }
        }
        out
    } else {
        ld.to_string()
    };
    text.split('\n')
        .map(crate::dom::clean)
        .filter(|t| !t.is_empty())
        .map(|t| khulasa_core::Block {
            kind: BlockKind::Paragraph,
            text: t,
        })
        .collect()
}

/// The items of the first top-level summary box.
fn summary_box(dom: &Dom<'_>, flags: &[u8]) -> Vec<String> {
    let mut i = 0;
    while i < dom.len() {
        let top = flags[i] & SUMMARY != 0
            && (dom.items[i].parent == NONE || flags[dom.items[i].parent as usize] & SUMMARY == 0);
        if top {
            let mut items = Vec::new();
            let end = dom.items[i].end as usize;
            let mut j = i;
            while j < end {
                if matches!(dom.items[j].tag, "li" | "p") {
                    let t = dom.text_of(j, |k| matches!(dom.items[k].tag, "script" | "style"));
                    if t.chars().count() > 15 {
                        items.push(t);
                    }
                    j = dom.items[j].end as usize;
                    continue;
                }
                j += 1;
            }
            if !items.is_empty() {
                return items;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    Vec::new()
}

/// The lead photo: the first figure (or captioned image) in or just before
/// the body, else the page's declared image.
fn lead_image(
    dom: &Dom<'_>,
    flags: &[u8],
    root: Option<usize>,
    declared: Option<&str>,
    url: Option<&str>,
) -> Option<LeadImage> {
    // Where to look: from the first <h1> (or the top) to the end of the body root.
    let h1 = (0..dom.len()).find(|&i| dom.items[i].tag == "h1");
    let (from, to) = match root {
        Some(r) => {
            let start = h1.filter(|&h| h < r).unwrap_or(r);
            // Figures often sit in the body root's parent, just before it.
            let p = dom.items[r].parent;
            let start = if p != NONE && (start == r) {
                p as usize
            } else {
                start
            };
            (start, dom.items[r].end as usize)
        }
        None => (h1.unwrap_or(0), dom.len()),
    };
    let mut found: Option<(Option<String>, Option<String>, Option<String>)> = None;
    let mut i = from;
    while i < to {
        let tag = dom.items[i].tag;
        let junk = flags[i] & JUNK != 0 && flags[i] & FIGURE == 0;
        if junk && !matches!(tag, "figure" | "figcaption") {
            // Junk containers other than figures (share bars, related) hold no lead photo.
            if !dom
                .attr(i, "class")
                .is_some_and(|c| c.to_ascii_lowercase().contains("caption"))
            {
                i = dom.items[i].end as usize;
                continue;
            }
        }
        let captionish = tag == "figcaption"
            || dom.attr(i, "class").is_some_and(|c| {
                let c = c.to_ascii_lowercase();
                c.contains("caption") && !c.contains("captions")
            });
        if tag == "figure" || captionish {
            let (caption_el, container) = if tag == "figure" {
                let cap = (i + 1..dom.items[i].end as usize).find(|&j| {
                    dom.items[j].tag == "figcaption"
                        || dom
                            .attr(j, "class")
                            .is_some_and(|c| c.to_ascii_lowercase().contains("caption"))
                });
                (cap, i)
            } else {
                let p = dom.items[i].parent;
                (Some(i), if p == NONE { i } else { p as usize })
            };
            let src = img_src(dom, container);
            let mut caption = None;
            let mut credit = None;
            if let Some(c) = caption_el {
                // A credit in its own element inside the caption.
                let credit_el = (c + 1..dom.items[c].end as usize).find(|&j| {
                    [dom.attr(j, "class"), dom.attr(j, "itemprop")]
                        .into_iter()
                        .flatten()
                        .any(|v| {
                            let v = v.to_ascii_lowercase();
                            v.contains("credit")
                                || v.contains("copyright")
                                || v.contains("source")
                                || v.contains("author")
                        })
                });
                let text = dom.text_of(c, |j| Some(j) == credit_el);
                let (cap, cr) = split_credit(&text);
                caption = Some(cap).filter(|c| !c.is_empty());
                credit = credit_el
                    .map(|e| dom.text_of(e, |_| false))
                    .filter(|c| !c.is_empty())
                    .map(|c| {
                        let (_, inner) =
                            split_credit(&format!("x ({})", c.trim_matches(['(', ')', ' '])));
                        inner.unwrap_or(c)
                    })
                    .or(cr);
            }
            if src.is_some() || caption.is_some() {
                found = Some((src, caption, credit));
                break;
            }
            i = dom.items[i].end as usize;
            continue;
        }
        i += 1;
    }
    let (src, caption, credit) = match found {
        Some((s, c, cr)) => (s.or_else(|| declared.map(str::to_string)), c, cr),
        None => (declared.map(str::to_string), None, None),
    };
    if src.is_none() && caption.is_none() {
        return None;
    }
    let src = src.map(|s| absolutise(&s, url));
    Some(LeadImage {
        src,
        caption,
        credit,
    })
}

fn img_src(dom: &Dom<'_>, container: usize) -> Option<String> {
    (container..dom.items[container].end as usize)
        .filter(|&j| dom.items[j].tag == "img")
        .find_map(|j| {
            ["src", "data-src", "data-lazy-src", "data-original"]
                .iter()
                .filter_map(|a| dom.attr(j, a))
                .map(str::trim)
                .find(|s| !s.is_empty() && !s.starts_with("data:"))
                .map(str::to_string)
        })
}

/// Makes `src` absolute against the page URL (`//x`, `/x`, `x`); unchanged
/// when it already is or when the page URL is unknown.
fn absolutise(src: &str, page: Option<&str>) -> String {
    let src = src.trim();
    let Some(page) = page else {
        return src.to_string();
    };
    if src.contains("://") {
        return src.to_string();
    }
    let Some(scheme_end) = page.find("://") else {
        return src.to_string();
    };
    let scheme = &page[..scheme_end];
    if let Some(rest) = src.strip_prefix("//") {
        return format!("{scheme}://{rest}");
    }
    let after = &page[scheme_end + 3..];
    let host_end = after
        .find(['/', '?', '#'])
        .map_or(page.len(), |p| scheme_end + 3 + p);
    let origin = &page[..host_end];
    if src.starts_with('/') {
        return format!("{origin}{src}");
    }
    let path = &page[host_end..];
    let path = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    let dir = &path[..path.rfind('/').map_or(0, |p| p + 1)];
    let dir = if dir.is_empty() { "/" } else { dir };
    format!("{origin}{dir}{src}")
}

/// Language from the text when the page does not declare it: Arabic script
/// decides at once; otherwise `whatlang` on the first few kilobytes.
fn detect_lang(text: &str, title: Option<&str>) -> Option<String> {
    let sample: String = title
        .unwrap_or("")
        .chars()
        .chain(text.chars())
        .take(2000)
        .collect();
    let letters = sample.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 20 {
        return None;
    }
    let arabic = sample
        .chars()
        .filter(|c| ('\u{0600}'..='\u{06FF}').contains(c))
        .count();
    if arabic * 2 > letters {
        return Some("ar".into());
    }
    let info = whatlang::detect(&sample)?;
    Some(
        match info.lang() {
            whatlang::Lang::Eng => "en",
            whatlang::Lang::Fra => "fr",
            whatlang::Lang::Deu => "de",
            whatlang::Lang::Spa => "es",
            whatlang::Lang::Ita => "it",
            whatlang::Lang::Por => "pt",
            whatlang::Lang::Rus => "ru",
            whatlang::Lang::Tur => "tr",
            whatlang::Lang::Pes => "fa",
            whatlang::Lang::Urd => "ur",
            whatlang::Lang::Heb => "he",
            whatlang::Lang::Nld => "nl",
            whatlang::Lang::Cmn => "zh",
            whatlang::Lang::Jpn => "ja",
            other => return Some(other.code().to_string()),
        }
        .to_string(),
    )
}

/// Development aid (not part of the API): for the first text node holding
/// `needle`, lists its ancestors with their flags, to see why a paragraph was
/// left out. Used while tuning on the dev pages.
#[doc(hidden)]
pub fn debug_explain(html: &str, needle: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let Some(dom) = Dom::new(doc.tree.root(), usize::MAX) else {
        return String::new();
    };
    let raw = body::raw_text_chars(&dom);
    let flags = body::scan(&dom, &raw, true).flags;
    let mut out = String::new();
    let b = body::extract(&dom, &flags, None);
    let show = |i: usize| {
        format!(
            "<{} class={:?} id={:?}>",
            dom.items[i].tag,
            dom.attr(i, "class").unwrap_or(""),
            dom.attr(i, "id").unwrap_or("")
        )
    };
    for (c, s) in &b.top {
        out.push_str(&format!("candidate {c} score {s:.1} {}\n", show(*c)));
    }
    for r in &b.roots {
        out.push_str(&format!("root {r} {}\n", show(*r)));
    }
    let Some(hit) = (0..dom.len()).find(|&i| dom.text(i).is_some_and(|t| t.contains(needle)))
    else {
        return out + "not found";
    };
    let mut chain = vec![hit];
    let mut p = dom.items[hit].parent;
    while p != NONE {
        chain.push(p as usize);
        p = dom.items[p as usize].parent;
    }
    for &i in chain.iter().rev() {
        out.push_str(&format!(
            "{:>6} <{}> class={:?} id={:?} flags={} chars={}\n",
            i,
            dom.items[i].tag,
            dom.attr(i, "class").unwrap_or(""),
            dom.attr(i, "id").unwrap_or(""),
            flags[i],
            raw[i]
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_made_absolute() {
        let p = Some("https://ex.com/news/2024/a.html?x=1");
        assert_eq!(absolutise("/img/a.jpg", p), "https://ex.com/img/a.jpg");
        assert_eq!(
            absolutise("//cdn.ex.com/a.jpg", p),
            "https://cdn.ex.com/a.jpg"
        );
        assert_eq!(absolutise("a.jpg", p), "https://ex.com/news/2024/a.jpg");
        assert_eq!(absolutise("https://x.org/a.jpg", p), "https://x.org/a.jpg");
        assert_eq!(absolutise("a.jpg", None), "a.jpg");
    }

    #[test]
    fn binary_is_refused() {
        let garbage: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        assert!(matches!(
            extract(&garbage, None),
            Err(ExtractError::NotHtml(_))
        ));
        assert!(matches!(extract(b"", None), Err(ExtractError::Empty)));
    }

    #[test]
    fn parsing_in_chunks_builds_the_same_tree_as_one_piece() {
        // Multi-byte letters, a tag, an entity and a comment straddle the
        // chunk boundaries somewhere in 1.3 MB.
        let mut page = String::from("<!doctype html><html><head><title>خبر</title></head><body>");
        let mut i = 0;
        while page.len() < 5 * PARSE_CHUNK + 17 {
            page.push_str(&format!(
                "<p class=x{i}>فقرة رقم {i} &amp; نص <b>عريض</b><!-- تعليق --></p>\n"
            ));
            i += 1;
        }
        let whole = scraper::Html::parse_document(&page);
        let chunked = parse(&page, &Deadline::none()).unwrap();
        assert_eq!(chunked.root_element().html(), whole.root_element().html());
    }

    #[test]
    fn a_spent_time_budget_stops_extraction_with_its_name() {
        let page = format!(
            "<html><body><article>{}</article></body></html>",
            "<p>اجتمع الوزير مع نظيره في العاصمة لبحث التعاون.</p>".repeat(20_000)
        );
        let ex = Extractor::with_limits(Limits {
            time_budget: Some(Duration::ZERO),
            ..Limits::default()
        });
        let err = ex.extract(page.as_bytes(), None).unwrap_err();
        assert!(matches!(err, ExtractError::TimeBudget { budget } if budget.is_zero()));
        assert_eq!(
            err.to_string(),
            "extracting took longer than its time budget of 0 ms"
        );
        let roomy = Extractor::with_limits(Limits {
            time_budget: Some(Duration::from_secs(600)),
            ..Limits::default()
        });
        assert!(roomy.extract(page.as_bytes(), None).is_ok());
    }
}
