//! Finding the article body: prune page chrome, score containers, collect blocks.
//!
//! 1. **Prune.** Elements that are never body (scripts, navigation, forms'
//!    controls, hidden elements) and elements whose class, id or role names
//!    chrome (share bars, related links, comments, widgets, in English and in
//!    the transliterated Arabic that Arabic sites use) are marked as junk. A
//!    junk mark is refused to an element that holds most of the page's
//!    paragraph text: a wrapper called `has-sidebar` is not a sidebar.
//! 2. **Score.** Every paragraph-like element scores by its length and its
//!    commas (Latin and Arabic); the score flows to its ancestors, halving
//!    with each level. A container's score is then weighted by its class/id
//!    hints and by its link density. The best container wins, and siblings
//!    that look like more of the same article are added.
//! 3. **Collect.** The winners are walked in document order into blocks
//!    (paragraph, heading, quote, list item); link-heavy blocks and known
//!    widget lines (`+ الخط -`, `استمع إلى الملخص`, ...) are dropped.

use crate::dom::{Dom, NONE, count_chars, lower, push_collapsed};
use khulasa_core::{Block, BlockKind};

/// A node that is never body: left out of scoring and of the text.
pub(crate) const JUNK: u8 = 1;
/// The publisher's summary box: captured apart, never body.
pub(crate) const SUMMARY: u8 = 2;
/// A figure or caption: feeds the lead image, not the body.
pub(crate) const FIGURE: u8 = 4;
/// A contributors box or other metadata block found elsewhere.
pub(crate) const META: u8 = 8;

/// Tags that start a new block of text when met inside the body.
fn is_block_tag(t: &str) -> bool {
    matches!(
        t,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "tbody"
            | "thead"
            | "tr"
            | "td"
            | "th"
            | "figure"
            | "figcaption"
            | "header"
            | "footer"
            | "address"
            | "hr"
            | "br"
            | "center"
            | "details"
            | "summary"
            | "fieldset"
            | "caption"
    )
}

fn never_body_tag(t: &str) -> bool {
    matches!(
        t,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "nav"
            | "aside"
            | "button"
            | "select"
            | "option"
            | "input"
            | "textarea"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "dialog"
            | "menu"
            | "footer"
            | "video"
            | "audio"
            | "map"
    )
}

/// Class/id words that name chrome. Matched against the parts of each class
/// token split at `-` and `_` (so `share-bar` and `article__related` match),
/// plus a few glued forms matched as substrings.
const JUNK_WORDS: &[&str] = &[
    "share",
    "sharing",
    "social",
    "related",
    "comment",
    "comments",
    "disqus",
    "sidebar",
    "widget",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "adv",
    "banner",
    "promo",
    "newsletter",
    "subscribe",
    "subscription",
    "breadcrumb",
    "breadcrumbs",
    "menu",
    "commentlist",
    "respond",
    "rail",
    "navbar",
    "nav",
    "navigation",
    "footer",
    "cookie",
    "cookies",
    "popup",
    "modal",
    "tags",
    "tag",
    "recommended",
    "recommendation",
    "popular",
    "trending",
    "outbrain",
    "taboola",
    "pagination",
    "pager",
    "print",
    "toolbar",
    "tools",
    "listen",
    "audio",
    "player",
    "tts",
    "font",
    "fontsize",
    "zoom",
    "masthead",
    "header",
    "topbar",
    "byline",
    "meta",
    "author",
    "dateline",
    "timestamp",
    "date",
    "caption",
    "credit",
    "rating",
    "vote",
    "poll",
    "signup",
    "login",
    "more",
    "readmore",
    "next",
    "prev",
    "teaser",
    "teasers",
    "latest",
    "mostread",
    "most",
    "skip",
    "sr",
    "visually",
    "screen",
    "offscreen",
    "tooltip",
    "lightbox",
    "gallery",
    "slider",
    "carousel",
    "video",
    "embed",
    "sponsor",
    "sponsored",
    "partner",
    "dfp",
    "gpt",
    "whatsapp",
    "facebook",
    "twitter",
    "telegram",
    "follow",
    "download",
    "notification",
    "alert",
    "ticker",
    "copyright",
    "disclaimer",
    "contact",
    "cta",
    "keywords",
    "topics",
    "rail",
    "aside",
    "summary",
    "highlights",
    "contributors",
];

const JUNK_SUBSTRINGS: &[&str] = &[
    "sharebar",
    "socialshare",
    "relatedpost",
    "relatedarticle",
    "relatedlink",
    "readalso",
    "read-also",
    "also-read",
    "alsoread",
    "mostread",
    "most-read",
    "newsletter",
    "subscribe",
    "advert",
    "rightsidebar",
    "leftsidebar",
    "commentlist",
    "comment-list",
    "commentform",
    "fontsize",
    "font-size",
    "textsize",
    "text-size",
    "breadcrumb",
    "social",
    "taboola",
    "outbrain",
    "iqraa",
    "aqra",
    "iqra-aydan",
    "aqraa",
];

const GOOD_WORDS: &[&str] = &[
    "article", "content", "body", "entry", "post", "story", "text", "main", "news", "detail",
    "details", "blog", "page", "column", "hentry", "prose", "rich", "markdown", "maqal", "khabar",
    "nass", "matn",
];

/// Good words that name a container of text, not just a namespace: these
/// outweigh a chrome word (`content-with-sidebar`), while `article-date` or
/// `post-author` stay chrome.
const STRONG_GOOD_WORDS: &[&str] = &[
    "content", "body", "text", "main", "prose", "markdown", "nass", "matn",
];

/// Lines of page chrome that slip into bodies on Arabic (and English) sites.
const CHROME_LINES: &[&str] = &[
    "+ الخط -",
    "+الخط-",
    "الخط",
    "+ -",
    "A A",
    "A+ A-",
    "استمع إلى الملخص",
    "استمع الى الملخص",
    "استمع للمقال",
    "استمع إلى المقال",
    "اظهر الملخص",
    "أظهر الملخص",
    "إظهار الملخص",
    "اخف الملخص",
    "أخفِ الملخص",
    "إخفاء الملخص",
    "شارك",
    "شارك الخبر",
    "مشاركة",
    "شارك المقال",
    "اقرأ أيضا",
    "اقرأ أيضاً",
    "إقرأ أيضاً",
    "اقرأ أيضًا",
    "اقرأ المزيد",
    "المزيد",
    "طباعة",
    "نسخ الرابط",
    "تم نسخ الرابط",
    "حجم الخط",
    "تكبير الخط",
    "تصغير الخط",
    "أخبار ذات صلة",
    "مواضيع ذات صلة",
    "مقالات ذات صلة",
    "الأكثر قراءة",
    "المساهمون",
    "Advertisement",
    "ADVERTISEMENT",
    "Share",
    "Share this article",
    "Share this",
    "Read more",
    "Related",
    "Listen",
    "Listen to this article",
    "Like this:",
    "Like Loading...",
    "Comments",
    "comments",
    "TRENDING:",
    "Trending:",
    "Breaking News",
    "Top Video",
    "Don't Miss",
    "Join the conversation...",
    "Author:",
    "Publish date:",
];

/// Opening words of a line that is chrome even with more after it.
const CHROME_PREFIXES: &[&str] = &[
    "اقرأ أيضا",
    "اقرأ أيضاً",
    "إقرأ أيضا",
    "اقرأ أيضًا",
    "اقرأ المزيد:",
    "Read more:",
    "READ MORE:",
    "Read also:",
    "Advertisement",
];

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
        if JUNK_WORDS.contains(&part) {
            bad = true;
        }
        if GOOD_WORDS.contains(&part) {
            good = true;
            strong |= STRONG_GOOD_WORDS.contains(&part);
        }
    }
    if !bad && JUNK_SUBSTRINGS.iter().any(|j| lower.contains(j)) {
        bad = true;
    }
    // Embedded posts quoted by the article are body, whatever their network.
    if lower.contains("twitter-tweet")
        || lower.contains("instagram-media")
        || lower.contains("tiktok-embed")
    {
        return None;
    }
    match (good, bad) {
        (_, true) if !strong => Some(true),
        (true, false) => Some(false),
        _ => None,
    }
}

/// Class/id fragments that name the article body itself, on the CMSs news
/// sites run. A chrome-named wrapper around one of these is not chrome.
const BODY_NAMES: &[&str] = &[
    "articlebody",
    "article-body",
    "article_body",
    "article__body",
    "articlecontent",
    "article-content",
    "article__content",
    "article_content",
    "entry-content",
    "entry_content",
    "post-content",
    "postcontent",
    "post_content",
    "post-body",
    "postbody",
    "story-body",
    "storybody",
    "story-content",
    "story_body",
    "body-text",
    "bodytext",
    "article-text",
    "articletext",
    "news-content",
    "news-body",
    "newsbody",
    "content-body",
    "article-details",
    "news-details",
    "details-body",
    "article-main",
    "text-body",
];

fn names_body(dom: &Dom<'_>, i: usize) -> bool {
    dom.attr(i, "itemprop")
        .is_some_and(|p| p.contains("articleBody"))
        || [dom.attr(i, "class"), dom.attr(i, "id")]
            .into_iter()
            .flatten()
            .any(|v| {
                let v = lower(v);
                BODY_NAMES.iter().any(|b| v.contains(b))
            })
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

fn role_junk(r: &str) -> bool {
    matches!(
        r,
        "navigation"
            | "banner"
            | "contentinfo"
            | "complementary"
            | "dialog"
            | "alertdialog"
            | "menu"
            | "menubar"
            | "search"
            | "toolbar"
    )
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
            !l.contains("with-summary")
                && [
                    "summary",
                    "highlights",
                    "key-points",
                    "keypoints",
                    "tldr",
                    "takeaways",
                    "mulakhas",
                    "molakhas",
                    "khulasa",
                ]
                .iter()
                .any(|k| l.contains(k))
        });
    if !named {
        return false;
    }
    let end = dom.items[i].end as usize;
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

const SKIP: u8 = JUNK | SUMMARY | META;

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
        in_link[i] = in_link[pu] || dom.items[pu].tag == "a";
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

struct Pending {
    text: String,
    link_chars: usize,
    kind: BlockKind,
}

/// Walks the subtree of `root` into blocks. Iterative: an explicit stack of
/// open block elements, closed when the walk passes their end.
fn collect(dom: &Dom<'_>, flags: &[u8], root: usize, out: &mut Vec<(Block, f32)>) {
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
        } else if tag == "a" {
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
fn clean_blocks(mut blocks: Vec<(Block, f32)>, title: Option<&str>) -> Vec<Block> {
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
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for (b, ld) in blocks {
        let t = b.text.as_str();
        let chars = t.chars().count();
        if ld > 0.6 && !(chars > 150 && ld < 0.8) {
            continue;
        }
        if CHROME_LINES.contains(&t) || CHROME_PREFIXES.iter().any(|p| t.starts_with(p)) {
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
