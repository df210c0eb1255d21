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
//! assert_eq!(article.dir, Some(khulasa_core::Dir::Rtl));
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

mod authors;
mod body;
mod build;
mod caption;
mod contrib;
mod dates;
mod decode;
mod dom;
mod error;
mod jsonld;
mod lead_image;
mod meta;
mod parse;

pub use caption::split_credit;
pub use dates::{parse_date, parse_date_with_year};
pub use dom::visible_text;
pub use error::ExtractError;

use build::build;
use dom::{Dom, NONE};
use khulasa_core::{Article, Deadline};
use std::time::Duration;

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
    /// Deepest nesting of elements accepted (open elements, `html` and
    /// `body` not counted), checked by the parser as it opens each one. By
    /// default 512, where browsers stop nesting too: a parser's work grows
    /// with depth × elements, so a page of 100,000 nested `<div>`s is
    /// refused in milliseconds instead of parsed for hours.
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
        // The parser stops at the node and depth limits as it reaches them.
        let mut store = String::new();
        let dom = Dom::parse_with(
            html,
            &mut store,
            self.limits.max_nodes,
            self.limits.max_depth,
            deadline,
        )
        .map_err(|stop| match stop {
            parse::Stop::TooComplex => ExtractError::TooComplex {
                limit: self.limits.max_nodes,
            },
            parse::Stop::TooDeep(depth) => ExtractError::TooDeep {
                depth,
                limit: self.limits.max_depth,
            },
            parse::Stop::TimeBudget => ExtractError::TimeBudget {
                budget: deadline.budget().unwrap_or_default(),
            },
        })?;
        check(deadline)?;
        build(&dom, url, &self.limits, deadline)
    }
}

pub(crate) fn check(deadline: &Deadline) -> Result<(), ExtractError> {
    deadline
        .check()
        .map_err(|budget| ExtractError::TimeBudget { budget })
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
    decode::decode_with(bytes, content_type_charset, &Limits::default()).map(|t| t.into_owned())
}

/// Control characters (other than whitespace) and U+FFFD in the first 64 KiB
/// beyond 5 %: the input is binary.
fn is_binary(s: &str) -> bool {
    let head = &s.as_bytes()[..khulasa_text::floor_char_boundary(s, 64 * 1024)];
    let (controls, continuation) = controls_and_continuations(head);
    // U+FFFD (EF BF BD) is what undecodable bytes became.
    let replaced = memchr::memmem::find_iter(head, "\u{FFFD}".as_bytes()).count();
    let chars = head.len() - continuation;
    chars > 0 && (controls + replaced) * 20 > chars
}

/// C0 controls other than tab, newlines and form feed, plus DEL; and UTF-8
/// continuation bytes. Eight bytes at a time in a `u64` (every page is
/// asked, and a byte at a time was a tenth of extraction).
fn controls_and_continuations(b: &[u8]) -> (usize, usize) {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // High bit set in each byte equal to `c` (no carry crosses bytes).
    let eq = |w: u64, c: u8| {
        let t = w ^ (LO * u64::from(c));
        !(((t & !HI) + !HI) | t) & HI
    };
    let (mut controls, mut continuation) = (0usize, 0usize);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(c);
        let w = u64::from_le_bytes(word);
        let below_space = !(((w & !HI) + 0x6060_6060_6060_6060) | w) & HI;
        let space = eq(w, b'\n') | eq(w, b'\r') | eq(w, b'\t') | eq(w, 0x0c);
        controls += ((below_space & !space) | eq(w, 0x7f)).count_ones() as usize;
        continuation += (w & HI & !((w << 1) & HI)).count_ones() as usize;
    }
    for &x in chunks.remainder() {
        let c0 = x < 0x20 && !matches!(x, b'\n' | b'\r' | b'\t' | 0x0c);
        controls += usize::from(c0 || x == 0x7f);
        continuation += usize::from(x & 0xC0 == 0x80);
    }
    (controls, continuation)
}

/// Development aid (not part of the API): for the first text node holding
/// `needle`, lists its ancestors with their flags, to see why a paragraph was
/// left out. Used while tuning on the dev pages.
#[doc(hidden)]
pub fn debug_explain(html: &str, needle: &str) -> String {
    let mut store = String::new();
    let dom = Dom::parse(html, &mut store);
    if dom.len() == 0 {
        return String::new();
    }
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

/// Development aid (not part of the API): every element as its path of
/// tags with its attributes, and every non-blank text as its path and text,
/// to compare this crate's parser with another (`examples/parse_diff.rs`).
#[doc(hidden)]
pub fn debug_tree(html: &str) -> Vec<String> {
    tree_lines(html).into_iter().map(|(_, line)| line).collect()
}

/// The lines of [`debug_tree`] in document order, each with whether it is
/// an element's (the parser's tests split them so).
pub(crate) fn tree_lines(html: &str) -> Vec<(bool, String)> {
    let mut store = String::new();
    let dom = Dom::parse(html, &mut store);
    let mut out = Vec::new();
    for i in 0..dom.len() {
        let mut path = Vec::new();
        let mut p = dom.items[i].parent;
        while p != NONE {
            if dom.is_element(p as usize) {
                path.push(dom.items[p as usize].tag);
            }
            p = dom.items[p as usize].parent;
        }
        path.reverse();
        let path = path.join("/");
        if dom.is_element(i) {
            let mut attrs: Vec<String> = dom
                .attrs(i)
                .iter()
                .map(|(k, v)| format!("{k}={v:?}"))
                .collect();
            attrs.sort();
            out.push((
                true,
                format!("{path}/{} {}", dom.items[i].tag, attrs.join(" ")),
            ));
        } else if let Some(t) = dom.text(i)
            && !t.trim().is_empty()
        {
            out.push((false, format!("{path}: {t:?}")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn controls_are_counted_a_word_at_a_time_as_one_by_one() {
        let mut seed = 11u64;
        for len in [0usize, 1, 7, 8, 9, 63, 64, 65, 1000] {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                    (seed >> 56) as u8
                })
                .collect();
            let controls = bytes
                .iter()
                .filter(|&&b| (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)) || b == 0x7f)
                .count();
            let continuation = bytes.iter().filter(|&&b| b & 0xC0 == 0x80).count();
            assert_eq!(
                controls_and_continuations(&bytes),
                (controls, continuation),
                "{len}"
            );
        }
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
