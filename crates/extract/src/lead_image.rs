//! The lead photo: where it is looked for, its source (lazy images
//! included) made absolute, and its caption and credit.

use crate::body::{FIGURE, JUNK};
use crate::dom::{Dom, NONE};
use crate::split_credit;
use khulasa_core::LeadImage;

/// The lead photo: the first figure (or captioned image) in or just before
/// the body, else the page's declared image.
pub(crate) fn lead_image(
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

/// Makes `src` absolute against the page URL by the URL standard's rules
/// (`url::Url::join`): `//x`, `/x`, `x`, `?q` and `#f` references, and a
/// relative path whose query holds a URL (`/r?u=https://…`). Left as
/// written when the page URL is unknown or either does not parse.
fn absolutise(src: &str, page: Option<&str>) -> String {
    let src = src.trim();
    page.and_then(|p| url::Url::parse(p).ok())
        .and_then(|base| base.join(src).ok())
        .map_or_else(|| src.to_string(), String::from)
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
        assert_eq!(absolutise("a.jpg", Some("not a url")), "a.jpg");
    }

    #[test]
    fn query_references_and_urls_inside_queries_are_relative() {
        let p = Some("https://ex.com/news/2024/a.html?x=1");
        // A bare query replaces the page's query, on the page's own path.
        assert_eq!(
            absolutise("?size=large", p),
            "https://ex.com/news/2024/a.html?size=large"
        );
        // A path whose query carries a URL is still a path on this site.
        assert_eq!(
            absolutise("/r?u=https://cdn.ex.com/a.jpg", p),
            "https://ex.com/r?u=https://cdn.ex.com/a.jpg"
        );
        assert_eq!(
            absolutise("#top", p),
            "https://ex.com/news/2024/a.html?x=1#top"
        );
    }
}
