//! Assembling the [`Article`]: metadata, the body (with its fallbacks), the
//! lines inside the body that are really metadata, the lead image, the
//! language and the verdict (an article, or `NoArticle`).

use crate::body::{self, META, SUMMARY};
use crate::dom::{Dom, NONE};
use crate::lead_image::lead_image;
use crate::{ExtractError, Limits, check, contrib, dates, meta, parse_date};
use khulasa_core::{Article, BlockKind, Deadline, Dir, LangTag};
use khulasa_text::normalize::comparison_key;

/// Days apart beyond which the URL's date wins over the page's declared one.
const URL_DATE_WINS: i64 = 7;

pub(crate) fn build(
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
    let names: Vec<String> = authors.iter().map(|a| comparison_key(a)).collect();
    blocks.retain(|b| {
        let short = b.text.chars().count() < 80;
        !(short && (names.contains(&comparison_key(&b.text)) || is_source_line(&b.text)))
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

    // The URL's day: news sites write the publication day there when the
    // story is filed, so it outlives later edits to the page's dates. It
    // wins over a declared date more than a week away from it (a republished
    // or re-dated story, a date of something else), and stands in when the
    // page declares none. Nearer dates are kept: they carry the time and
    // the page's own offset, and a day apart is the time zone.
    let url_date = url.and_then(dates::date_from_url);
    let published = match (published, url_date) {
        (Some(p), Some(u))
            if dates::days_between(&p, &u).is_none_or(|d| d.abs() > URL_DATE_WINS) =>
        {
            Some(u)
        }
        (p, u) => p.or(u),
    }
    .or_else(|| meta.text_date.clone())
    .or_else(|| meta::page_text_date(dom));
    let lead_image = lead_image(
        dom,
        &flags,
        body.root,
        meta.image.as_deref(),
        url,
        meta.title.as_deref(),
    );
    // The caption sometimes stays in the body as a paragraph: drop it there.
    if let Some(cap) = lead_image.as_ref().and_then(|l| l.caption.as_deref()) {
        blocks.retain(|b| {
            !(b.text.starts_with(cap) && b.text.chars().count() <= cap.chars().count() + 40)
        });
    }

    let text = Article::text_from_blocks(&blocks);
    // A declared language that is not a language tag (`ar" onmouseover=…`)
    // counts as none: the text decides.
    let lang = meta
        .lang
        .as_deref()
        .and_then(LangTag::parse)
        .or_else(|| detect_lang(&text, meta.title.as_deref()));
    let dir = meta
        .dir
        .as_deref()
        .and_then(Dir::parse)
        .or_else(|| lang.as_ref().map(LangTag::dir));
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
        let mut store = String::new();
        let Ok(d) = Dom::parse_with(ld, &mut store, 200_000, 512, &Deadline::none()) else {
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

/// Language from the text when the page does not declare it (headline and
/// body, by `khulasa_text`'s detector: Arabic script decides at once).
fn detect_lang(text: &str, title: Option<&str>) -> Option<LangTag> {
    // The detector reads 4 KiB at most: copy no more than that.
    let head = &text[..khulasa_text::floor_char_boundary(text, 4096)];
    let sample = format!("{}\n{head}", title.unwrap_or(""));
    khulasa_text::lang::detect_lang_code(&sample).and_then(LangTag::parse)
}
