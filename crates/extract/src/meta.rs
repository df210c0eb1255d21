//! Metadata: headline, dates, authors, site, section, language, lead image.
//!
//! Sources, most trusted first: JSON-LD (`NewsArticle` and kin, also inside
//! `@graph`), OpenGraph / `article:*`, other `<meta>` tags (Dublin Core,
//! parsely, sailthru, `itemprop`), then the visible page: `<h1>`, `<time>`,
//! byline elements and `<title>`.

pub(crate) use crate::authors::{dedupe, split_names};
use crate::authors::{is_agency, is_credit, names_site};
use crate::dates::{day_number, parse_date};
use crate::dom::{Dom, clean};
use crate::jsonld::{LdArticle, read_ld};
use serde_json::Value;

/// What the page says about itself.
#[derive(Debug, Default)]
pub(crate) struct Meta {
    pub title: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub authors: Vec<String>,
    pub site_name: Option<String>,
    pub section: Option<String>,
    pub lang: Option<String>,
    pub dir: Option<String>,
    pub image: Option<String>,
    /// `<title>` as written, for telling the headline from site chrome.
    pub doc_title: Option<String>,
    /// JSON-LD `articleBody`, for pages that render their body with scripts.
    pub ld_body: Option<String>,
    /// The page declares itself an article (`og:type` or a JSON-LD article type).
    pub declares_article: bool,
    /// A date written in a short line of text just after the headline
    /// (`03.02.2022 15:34`, `Pressemitteilung vom 25. Januar 2022`): the
    /// last resort, after the URL's day.
    pub text_date: Option<String>,
}

/// How many nodes after the headline may hold the date as plain text.
const TEXT_DATE_NODES: usize = 120;

/// `raw_chars` (text per subtree, from `body::raw_text_chars`) keeps a
/// wrapper holding most of the page from being taken for a sidebar.
pub(crate) fn collect(dom: &Dom<'_>, raw_chars: &[u32]) -> Meta {
    let mut meta = Meta::default();
    let mut metas: Vec<(String, &str)> = Vec::new();
    let mut ld = LdArticle::default();
    let mut h1s: Vec<String> = Vec::new();
    let mut times: Vec<String> = Vec::new();
    // The first date a `<time>` shows in its text (its `datetime` aside).
    let mut time_shown: Option<String> = None;
    // Bylines with the index of their parent: the first one, and others
    // beside it, name the authors.
    let mut bylines: Vec<(String, u32)> = Vec::new();
    // The walk is inside a byline until here: its text is taken whole, and
    // the dates inside it (`<time>`, `<span class="published">`) are still
    // read, but no byline inside it counts again.
    let mut byline_until = 0usize;
    // Comments, forms, related lists and footers have bylines and dates of
    // their own: none of them is the article's. The walk is quiet inside.
    let mut quiet_until = 0usize;
    // Visible dates in elements named like dates (`<span class="date">`).
    // With where they stand: a site header showing today's date comes before
    // the headline, the story's own date after it.
    let mut date_els: Vec<(usize, String)> = Vec::new();
    // A short line opening with a date label (`Datum: 26. Januar 2022`,
    // `تاريخ النشر: …`), anywhere outside comments and sidebars.
    let mut labelled: Option<String> = None;
    // Where the first <h1> is: short text lines soon after it may carry the date.
    let mut h1_at: Option<usize> = None;
    let mut i = 0;
    while i < dom.len() {
        let tag = dom.items[i].tag;
        if i >= quiet_until
            && !tag.is_empty()
            && raw_chars[i] * 2 < raw_chars[0]
            && is_elsewhere(dom, i)
        {
            quiet_until = dom.items[i].end as usize;
        }
        let quiet = i < quiet_until;
        match tag {
            "html" if meta.lang.is_none() => {
                meta.lang = dom
                    .attr(i, "lang")
                    .or_else(|| dom.attr(i, "xml:lang"))
                    .map(str::to_string);
                meta.dir = dom.attr(i, "dir").map(|d| d.trim().to_ascii_lowercase());
            }
            "meta" => {
                let key = dom
                    .attr(i, "property")
                    .or_else(|| dom.attr(i, "name"))
                    .or_else(|| dom.attr(i, "itemprop"))
                    .or_else(|| dom.attr(i, "http-equiv"));
                if let (Some(k), Some(v)) = (key, dom.attr(i, "content")) {
                    // `property="og:title twitter:title"` names several keys.
                    for k in k.split_whitespace() {
                        metas.push((k.to_ascii_lowercase(), v));
                    }
                }
            }
            "title" if meta.doc_title.is_none() => {
                let t = dom.text_of(i, |_| false);
                if !t.is_empty() {
                    meta.doc_title = Some(t);
                }
            }
            "script" => {
                if dom
                    .attr(i, "type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
                {
                    let raw = dom.text_of(i, |_| false);
                    if let Ok(v) = serde_json::from_str::<Value>(crate::jsonld::unwrap_cdata(&raw))
                    {
                        read_ld(&v, &mut ld);
                    }
                }
                i = dom.items[i].end as usize;
                continue;
            }
            "style" | "svg" | "noscript" => {
                i = dom.items[i].end as usize;
                continue;
            }
            "h1" if h1s.len() < 8 => {
                h1_at.get_or_insert(i);
                let t = dom.text_of(i, |_| false);
                if !t.is_empty() {
                    h1s.push(t);
                }
            }
            "time" if times.len() < 8 && !quiet => {
                let dt = dom
                    .attr(i, "datetime")
                    .map(str::to_string)
                    .unwrap_or_else(|| dom.text_of(i, |_| false));
                if let Some(d) = parse_date(&dt) {
                    times.push(d);
                }
                if time_shown.is_none() && !quiet {
                    let t = dom.text_of(i, |_| false);
                    if t.chars().count() <= 100 {
                        time_shown = parse_date(&t);
                    }
                }
            }
            "" if !quiet
                && labelled.is_none()
                && dom.text(i).is_some_and(opens_with_date_label) =>
            {
                // The label may stand in its own element (`<span>Datum:</span>
                // 26. Januar 2022`): read up to two elements up.
                let mut at = dom.items[i].parent;
                for _ in 0..3 {
                    if at == crate::dom::NONE {
                        break;
                    }
                    let t = dom.text_of(at as usize, |_| false);
                    if t.chars().count() > 100 {
                        break;
                    }
                    if let Some(d) = parse_date(&t) {
                        labelled = Some(d);
                        break;
                    }
                    at = dom.items[at as usize].parent;
                }
            }
            "" if !quiet
                && meta.text_date.is_none()
                && h1_at
                    .is_some_and(|h| i > dom.items[h].end as usize && i < h + TEXT_DATE_NODES) =>
            {
                if let Some(t) = dom.text(i)
                    && t.len() <= 200
                    && t.bytes().any(|b| b.is_ascii_digit())
                {
                    let t = clean(t);
                    if t.chars().count() <= 80 && !is_copyright(&t) {
                        meta.text_date = parse_date(&t);
                    }
                }
            }
            _ => {}
        }
        // The first date element, and the first after the headline when the
        // first stood before it: two at most.
        let want_date_el = match date_els.as_slice() {
            [] => true,
            [(at, _)] => {
                h1_at.is_some_and(|h| *at < h && i > h) && i >= dom.items[*at].end as usize
            }
            _ => false,
        };
        if !tag.is_empty() && want_date_el && is_date_element(dom, i) {
            let t = dom.text_of(i, |_| false);
            if t.chars().count() <= 100
                && let Some(d) = parse_date(&t)
            {
                date_els.push((i, d));
            }
        }
        if !tag.is_empty()
            && !quiet
            && i >= byline_until
            && bylines.len() < 8
            && tag != "time"
            && is_byline(dom, i)
        {
            let t = spaced_text(dom, i);
            if !t.is_empty() && t.chars().count() < 120 {
                bylines.push((t, dom.items[i].parent));
                byline_until = dom.items[i].end as usize;
            }
        }
        i += 1;
    }
    let get = |keys: &[&str]| -> Option<String> {
        keys.iter().find_map(|k| {
            metas
                .iter()
                .find(|(mk, v)| mk == k && !v.trim().is_empty())
                .map(|(_, v)| clean(v))
        })
    };

    meta.site_name = get(&["og:site_name", "application-name", "twitter:site"])
        .filter(|s| !s.starts_with('@'))
        .or(ld.publisher.clone());
    let og_title = get(&[
        "og:title",
        "twitter:title",
        "dc.title",
        "headline",
        "sailthru.title",
    ]);
    meta.title = choose_title(
        ld.headline.clone(),
        og_title,
        &h1s,
        meta.doc_title.as_deref(),
        meta.site_name.as_deref(),
    );

    let date_keys = [
        "article:published_time",
        "datepublished",
        "og:published_time",
        "published_time",
        "article.published",
        "parsely-pub-date",
        "sailthru.date",
        "pubdate",
        "publishdate",
        "publish-date",
        "dc.date.issued",
        "dc.date",
        "dcterms.created",
        "dcterms.date",
        "date",
        "citation_publication_date",
        "og:updated_time",
    ];
    let date_el = date_els.first().map(|(_, d)| d.clone());
    // For telling the reader's day, only a date shown after the headline
    // (a site header shows today's date before it).
    let date_el_after = date_els
        .iter()
        .find(|(at, _)| h1_at.is_some_and(|h| *at > h))
        .map(|(_, d)| d.clone());
    let declared = date_keys
        .iter()
        .find_map(|k| get(&[k]).and_then(|v| parse_date(&v)));
    // JSON-LD first; but when the `<meta>` date is days away from it, the
    // `<meta>` one (measured on trafilatura-eval: it was the story's day in
    // each such page; SEO plugins fill JSON-LD with the first draft's date).
    let ld_published = ld.published.as_deref().and_then(parse_date);
    let ld_published = match (ld_published, &declared) {
        (Some(l), Some(m)) if crate::dates::days_between(&l, m).is_some_and(|d| d.abs() > 1) => {
            Some(m.clone())
        }
        // Within a day, once in UTC and once in the page's own offset (the
        // same moment, as a rule): the page's own, whose day the reader sees.
        (Some(l), Some(m))
            if !has_local_offset(&l)
                && has_local_offset(m)
                && crate::dates::days_between(&l, m).is_some() =>
        {
            Some(m.clone())
        }
        (l, _) => l,
    };
    meta.published = ld_published
        .or_else(|| declared.clone())
        .or_else(|| ld.page_published.as_deref().and_then(parse_date))
        .or_else(|| times.first().cloned())
        .or_else(|| date_el.clone())
        .or_else(|| labelled.clone());
    // The day the reader sees wins over a UTC (or zoneless) timestamp one
    // day off: `2022-11-06T23:00:00Z` is 7 November where the page is read,
    // and the page shows `7. November 2022`. A timestamp with its own local
    // offset is the page's own day and stays.
    let shown = time_shown
        .or_else(|| date_el_after.clone())
        .or_else(|| labelled.clone())
        .or_else(|| meta.text_date.clone());
    if let (Some(p), Some(v)) = (meta.published.as_deref(), shown.as_deref())
        && let (Some(dp), Some(dv)) = (day_number(p), day_number(v))
        && (dp - dv).abs() == 1
        && !has_local_offset(p)
        // A shown date with its own time is a stamp of its own, not a day.
        && (v.len() > 10 || zone_can_shift(p, dv - dp))
    {
        meta.published = Some(v.to_string());
    }
    meta.modified = ld.modified.as_deref().and_then(parse_date).or_else(|| {
        get(&[
            "article:modified_time",
            "datemodified",
            "og:updated_time",
            "dcterms.modified",
            "last-modified",
        ])
        .and_then(|v| parse_date(&v))
    });

    // Three sources of names, most trusted first: JSON-LD (people only, see
    // `jsonld`), the `<meta>` tags, the visible byline (measured: bylines
    // first loses a fifth of the Readability fixtures' authors). A name that is the
    // site's own (`<meta name="author" content="Site">`) only counts when no
    // source gives anything else; credits of the web agency never do.
    let declared: Vec<String> = metas
        .iter()
        .filter(|(k, _)| {
            matches!(
                k.as_str(),
                "author"
                    | "article:author"
                    | "dc.creator"
                    | "parsely-author"
                    | "sailthru.author"
                    | "byl"
            )
        })
        .flat_map(|(_, v)| split_names(v))
        .collect();
    let mut visible = Vec::new();
    if let Some((_, first_parent)) = bylines.first() {
        for (b, parent) in &bylines {
            if parent == first_parent {
                visible.extend(split_names(b));
            }
        }
    }
    let sites = [meta.site_name.as_deref(), ld.publisher.as_deref()];
    let groups: [Vec<String>; 3] = [ld.authors.clone(), declared, visible]
        .map(|g| g.into_iter().filter(|n| !is_credit(n)).collect());
    let personal = groups.iter().find_map(|g| {
        let people: Vec<String> = g
            .iter()
            .filter(|n| !names_site(n, &sites) && !is_agency(n))
            .cloned()
            .collect();
        (!people.is_empty()).then_some(people)
    });
    let authors = personal
        .or_else(|| groups.into_iter().find(|g| !g.is_empty()))
        .unwrap_or_default();
    meta.authors = dedupe(authors);
    meta.ld_body = ld.body.take();
    meta.declares_article =
        ld.found || get(&["og:type"]).is_some_and(|t| t.to_ascii_lowercase().contains("article"));
    meta.section = ld
        .section
        .clone()
        .or_else(|| get(&["article:section", "section", "parsely-section"]));
    meta.image = ld.image.clone().or_else(|| {
        get(&[
            "og:image",
            "og:image:url",
            "twitter:image",
            "twitter:image:src",
            "thumbnailurl",
        ])
    });
    if meta.lang.as_deref().is_none_or(|l| l.trim().is_empty()) {
        meta.lang = ld
            .lang
            .clone()
            .or_else(|| get(&["og:locale", "content-language", "language", "dc.language"]));
    }
    meta.lang = meta.lang.take().and_then(|l| {
        let code: String = l
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        (!code.is_empty()).then_some(code)
    });
    meta
}

/// The last resort for a page that declares no date and has none in its URL
/// or under its headline: the first short line anywhere in the page that is
/// a date (`Bonn, 11.10.2021`, `<h3>21.01.2022</h3>` above the headline,
/// `Aktualisiert: 30.12.2016` at the end), as htmldate's text search does.
/// Copyright lines are skipped; a date inside comments or a sidebar counts
/// only when nothing else does. Runs only on pages with no date found by
/// every other means, and reads only short text nodes with a digit.
pub(crate) fn page_text_date(dom: &Dom<'_>) -> Option<String> {
    let mut quiet_until = 0usize;
    let mut elsewhere: Option<String> = None;
    let mut i = 0;
    while i < dom.len() {
        let tag = dom.items[i].tag;
        if matches!(
            tag,
            "script" | "style" | "noscript" | "svg" | "template" | "head"
        ) {
            i = dom.items[i].end as usize;
            continue;
        }
        if !tag.is_empty() {
            if i >= quiet_until && is_elsewhere(dom, i) {
                quiet_until = dom.items[i].end as usize;
            }
            i += 1;
            continue;
        }
        let quiet = i < quiet_until;
        if let Some(t) = dom.text(i)
            && t.len() <= 240
            && (!quiet || elsewhere.is_none())
            && t.bytes().any(|b| b.is_ascii_digit())
        {
            let t = clean(t);
            let words = t.split_whitespace().count();
            if t.chars().count() <= 60
                && words <= 8
                && !is_copyright(&t)
                && let Some(d) = parse_date(&t)
            {
                if !quiet {
                    return Some(d);
                }
                elsewhere = Some(d);
            }
        }
        i += 1;
    }
    elsewhere
}

/// The text under `i` with a space between text nodes: a byline's name and
/// the date after a `<br>` (`Heiko Roe<br>Do 9 Apr`) stay apart. Stops
/// after 400 bytes (a byline is short; longer text is dropped anyway).
fn spaced_text(dom: &Dom<'_>, i: usize) -> String {
    let mut out = String::new();
    for j in i..dom.items[i].end as usize {
        if let Some(t) = dom.text(j) {
            out.push_str(t);
            out.push(' ');
            if out.len() > 400 {
                break;
            }
        }
    }
    clean(&out)
}

/// A copyright line (`© 2019 …`, `Copyright 19.12.2019 …`, `جميع الحقوق
/// محفوظة`): its date is the site's, not the story's.
fn is_copyright(t: &str) -> bool {
    t.contains('©') || t.contains("حقوق") || t.to_ascii_lowercase().contains("copyright")
}

/// Whether a text opens with a publication-date label.
fn opens_with_date_label(t: &str) -> bool {
    const LABELS: &[&str] = &[
        "datum",
        "stand",
        "veröffentlicht",
        "erschienen",
        "erstellt",
        "published",
        "posted",
        "date",
        "publié",
        "publicado",
        "publicada",
        "pubblicato",
        "تاريخ النشر",
        "نشر في",
        "نشر بتاريخ",
        "بتاريخ",
        "التاريخ",
    ];
    let t = t.trim_start();
    if t.len() > 100 {
        return false;
    }
    // Most short texts open with no label's first letter: tell them apart
    // before folding the head (this runs on every short text of a page).
    let Some(first) = t.chars().next().and_then(|c| c.to_lowercase().next()) else {
        return false;
    };
    if !LABELS.iter().any(|l| l.starts_with(first)) {
        return false;
    }
    let head: String = t.chars().take(20).collect::<String>().to_lowercase();
    LABELS.iter().any(|l| {
        head.strip_prefix(l)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', ' ', '\u{a0}']))
    })
}

/// Whether a UTC (or zoneless) timestamp can fall on the day `shift` (±1)
/// away in a time zone people read news in (UTC−10 to UTC+10): a story
/// stamped 12:53 UTC is that day everywhere, so a date shown one day off
/// belongs to something else. A date without a time can be anywhere.
fn zone_can_shift(d: &str, shift: i64) -> bool {
    let Some(h) = d.get(11..13).and_then(|h| h.parse::<i64>().ok()) else {
        return true;
    };
    if shift > 0 { h >= 14 } else { h < 10 }
}

/// Whether an ISO timestamp ends in a local offset other than UTC's.
fn has_local_offset(d: &str) -> bool {
    let Some(time) = d.get(10..) else {
        return false;
    };
    match time.rfind(['+', '-']) {
        Some(at) => !matches!(&time[at + 1..], "00:00" | "0000" | "00"),
        None => false,
    }
}

/// Picks the headline: JSON-LD or OpenGraph when the page's `<h1>` agrees or
/// is absent, the `<h1>` when it matches `<title>`, else a cleaned `<title>`.
fn choose_title(
    ld: Option<String>,
    og: Option<String>,
    h1s: &[String],
    doc_title: Option<&str>,
    site: Option<&str>,
) -> Option<String> {
    let strip = |t: String| strip_site_suffix(&t, site);
    let declared = ld
        .map(|s| clean(&s))
        .filter(|s| !s.is_empty())
        .or(og)
        .map(strip);
    // An <h1> that the declared title or <title> contains is the visible headline.
    let h1 = h1s.iter().find(|h| {
        let hl = h.chars().count();
        hl >= 8
            && (declared
                .as_deref()
                .is_some_and(|d| d.contains(h.as_str()) || h.contains(d))
                || doc_title.is_some_and(|t| t.contains(h.as_str())))
    });
    if let Some(h) = h1 {
        return Some(h.clone());
    }
    if declared.is_some() {
        return declared;
    }
    if let Some(t) = doc_title {
        let t = strip_site_suffix(t, site);
        if !t.is_empty() {
            return Some(t);
        }
    }
    h1s.iter().find(|h| h.chars().count() >= 8).cloned()
}

/// `Headline - Site`, `Headline | Site`, `Site: Headline` → `Headline`, when
/// the rest is clearly the site's name or the headline part is long enough.
pub(crate) fn strip_site_suffix(t: &str, site: Option<&str>) -> String {
    let t = clean(t);
    for sep in [" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · "] {
        if let Some(pos) = t.rfind(sep) {
            let (head, tail) = (&t[..pos], &t[pos + sep.len()..]);
            let tail_is_site = site.is_some_and(|s| {
                let (s, tl) = (s.to_lowercase(), tail.to_lowercase());
                tl.contains(&s) || s.contains(&tl)
            });
            if tail_is_site || (tail.chars().count() <= 30 && head.split_whitespace().count() >= 4)
            {
                return head.trim().to_string();
            }
        }
    }
    t
}

/// Comments, forms, related-article lists, sidebars and footers: parts of
/// the page whose bylines and dates belong to something else.
fn is_elsewhere(dom: &Dom<'_>, i: usize) -> bool {
    let tag = dom.items[i].tag;
    // An `<aside class="meta">` in the article holds its date and byline.
    let meta_aside = tag == "aside"
        && [dom.items[i].class, dom.items[i].id]
            .into_iter()
            .flatten()
            .any(|v| {
                let v = crate::dom::lower(v);
                ["meta", "byline", "author", "date", "info"]
                    .iter()
                    .any(|w| v.contains(w))
            });
    (matches!(tag, "form" | "footer" | "aside" | "nav" | "textarea") && !meta_aside)
        || [dom.items[i].class, dom.items[i].id]
            .into_iter()
            .flatten()
            .any(|v| {
                let v = crate::dom::lower(v);
                let parts = || v.split(|c: char| !c.is_ascii_alphanumeric());
                parts().any(|p| {
                    matches!(
                        p,
                        "comment"
                            | "comments"
                            | "commentlist"
                            | "respond"
                            | "related"
                            | "sidebar"
                            | "footer"
                            | "recommended"
                            | "popular"
                    )
                }) && !parts().any(|p| matches!(p, "content" | "body" | "main" | "text"))
            })
}

/// An element whose class or id says it holds the publication date.
fn is_date_element(dom: &Dom<'_>, i: usize) -> bool {
    [dom.items[i].class, dom.items[i].id]
        .into_iter()
        .flatten()
        .any(|v| {
            let v = crate::dom::lower(v);
            (v.contains("date")
                || v.contains("time")
                || v.contains("publish")
                || v.contains("posted"))
                && !v.contains("update")
                && !v.contains("modif")
                && !v.contains("timeline")
        })
}

fn is_byline(dom: &Dom<'_>, i: usize) -> bool {
    let hint = |s: &str| {
        let s = crate::dom::lower(s);
        (s.contains("byline")
            || s.contains("author")
            || s.contains("writer")
            || s.contains("reporter"))
            && !s.contains("avatar")
            && !s.contains("bio")
            && !s.contains("authority")
    };
    dom.attr(i, "rel") == Some("author")
        || dom
            .attr(i, "itemprop")
            .is_some_and(|v| v.contains("author"))
        || dom.attr(i, "class").is_some_and(hint)
        || dom.attr(i, "id").is_some_and(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_labels_open_short_lines_only() {
        for t in [
            "Datum: 26. Januar 2022",
            "  Published 3 May 2021",
            "POSTED: yesterday",
            "تاريخ النشر: 12 مارس 2024",
            "بتاريخ 5 يونيو",
            "Stand",
            "Datum:",
        ] {
            assert!(opens_with_date_label(t), "{t}");
        }
        for t in ["", "   ", "Daten und Fakten", "Hello", "الخبر"] {
            assert!(!opens_with_date_label(t), "{t}");
        }
        assert!(!opens_with_date_label(&format!(
            "Datum: {}",
            "x".repeat(100)
        )));
    }
}
