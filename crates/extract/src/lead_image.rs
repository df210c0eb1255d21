//! The lead photo: where it is looked for, its source (lazy images
//! included) made absolute, and its caption and credit.

use crate::body::{CAPTION_CONTROLS, GALLERY_NAMES};
use crate::body::{FIGURE, JUNK};
use crate::dom::{Dom, NONE, count_chars};
use crate::split_credit;
use khulasa_core::LeadImage;

/// The lead photo: the first figure (or captioned image) in or just before
/// the body, else the first plain image before the body's text, else the
/// page's declared image. A caption missing from the markup is taken from
/// a short element right after the image, or from its `alt`/`title`.
/// Galleries and slideshows are skipped: their captions describe other
/// photos.
pub(crate) fn lead_image(
    dom: &Dom<'_>,
    flags: &[u8],
    root: Option<usize>,
    declared: Option<&str>,
    url: Option<&str>,
    headline: Option<&str>,
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
    let mut found: Option<Found> = None;
    // The first plain <img> before any paragraph of text: the lead photo of
    // pages that use neither <figure> nor a caption class.
    let mut plain: Option<usize> = None;
    let mut text_seen = false;
    let mut i = from;
    while i < to {
        let tag = dom.items[i].tag;
        if let Some(t) = dom.text(i) {
            text_seen |= count_chars(t) >= 80;
            i += 1;
            continue;
        }
        if is_gallery(dom, i) {
            i = dom.items[i].end as usize;
            continue;
        }
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
        if tag == "img" && plain.is_none() && !text_seen && img_src(dom, i).is_some() {
            plain = Some(i);
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
            let (mut caption, mut credit) =
                caption_el.map(|c| caption_of(dom, c)).unwrap_or_default();
            if caption.is_none()
                && let Some(img) = first_img(dom, container)
            {
                (caption, credit) = caption_near(dom, img, headline);
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
    if found.is_none()
        && let Some(img) = plain
    {
        let (caption, credit) = caption_near(dom, img, headline);
        found = Some((img_src(dom, img), caption, credit));
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

/// Source, caption and credit of a lead photo found in the page.
type Found = (Option<String>, Option<String>, Option<String>);

/// A caption element's text and credit: a credit in its own element inside
/// it (`<span class="credit">`), else one written into the text.
fn caption_of(dom: &Dom<'_>, c: usize) -> (Option<String>, Option<String>) {
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
    if is_caption_control(&text) {
        return (None, None);
    }
    let (cap, cr) = split_credit(&text);
    let caption = Some(cap).filter(|c| !c.is_empty());
    let credit = credit_el
        .map(|e| dom.text_of(e, |_| false))
        .filter(|c| !c.is_empty())
        .map(|c| {
            let (_, inner) = split_credit(&format!("x ({})", c.trim_matches(['(', ')', ' '])));
            inner.unwrap_or(c)
        })
        .or(cr);
    (caption, credit)
}

/// The caption of an image given without a caption element: a short
/// element right after it in a wrapper that holds nothing else, or else
/// its `alt` or `title` when that reads like a caption (some words, not the
/// headline again, not a file name).
fn caption_near(
    dom: &Dom<'_>,
    img: usize,
    headline: Option<&str>,
) -> (Option<String>, Option<String>) {
    // The image's own box: `<a><img></a>` and `<picture>` count as the image.
    let mut node = img;
    loop {
        let p = dom.items[node].parent;
        if p == NONE || !matches!(dom.items[p as usize].tag, "a" | "picture") {
            break;
        }
        node = p as usize;
    }
    let parent = dom.items[node].parent;
    if parent != NONE {
        let parent = parent as usize;
        let next = (dom.items[node].end as usize..dom.items[parent].end as usize)
            .find(|&j| dom.is_element(j) && dom.items[j].parent as usize == parent);
        if let Some(k) = next
            && matches!(
                dom.items[k].tag,
                "span" | "p" | "div" | "em" | "i" | "small" | "cite"
            )
            && !(k..dom.items[k].end as usize).any(|j| dom.items[j].tag == "a")
        {
            let text = dom.text_of(k, |_| false);
            let chars = text.chars().count();
            // The wrapper holds the image and this line only.
            if (8..=300).contains(&chars)
                && dom.text_of(parent, |_| false) == text
                && !is_caption_control(&text)
            {
                let (cap, credit) = split_credit(&text);
                if !cap.is_empty() {
                    return (Some(cap), credit);
                }
            }
        }
    }
    for a in ["alt", "title"] {
        let Some(t) = dom.attr(img, a).map(crate::dom::clean) else {
            continue;
        };
        let words = t.split_whitespace().count();
        let file = [".jpg", ".jpeg", ".png", ".webp", ".gif"]
            .iter()
            .any(|e| t.to_ascii_lowercase().contains(e));
        let headline_again = headline.is_some_and(|h| same_words(h, &t));
        if words >= 4 && t.chars().count() >= 20 && !file && !headline_again {
            let (cap, credit) = split_credit(&t);
            if !cap.is_empty() {
                return (Some(cap), credit);
            }
        }
    }
    (None, None)
}

fn first_img(dom: &Dom<'_>, container: usize) -> Option<usize> {
    (container..dom.items[container].end as usize).find(|&j| dom.items[j].tag == "img")
}

/// Two strings with the same letters and digits, in order.
fn same_words(a: &str, b: &str) -> bool {
    let f = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    f(a) == f(b)
}

/// A gallery or slideshow container, by class or id (`cnnArticleGallery`,
/// `slideshow`, `carousel`).
fn is_gallery(dom: &Dom<'_>, i: usize) -> bool {
    [dom.items[i].class, dom.items[i].id]
        .into_iter()
        .flatten()
        .any(|v| {
            let v = v.to_ascii_lowercase();
            GALLERY_NAMES.iter().any(|g| v.contains(g))
        })
}

/// A caption toggle's label (`HIDE CAPTION`, `إخفاء التعليق`), not a caption.
fn is_caption_control(t: &str) -> bool {
    let t = t.trim();
    CAPTION_CONTROLS.iter().any(|c| t.eq_ignore_ascii_case(c))
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
