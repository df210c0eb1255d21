//! JSON-LD: the most article-like object of a page's `application/ld+json`
//! blocks (found inside `@graph`, `mainEntity`, arrays), read into the
//! fields the page declares about itself.

use crate::dom::{clean, decode_entities};
use crate::meta::split_names;
use serde_json::Value;

/// What a page's JSON-LD article object declares.
#[derive(Default)]
pub(crate) struct LdArticle {
    pub headline: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub section: Option<String>,
    pub image: Option<String>,
    pub lang: Option<String>,
    pub body: Option<String>,
    pub found: bool,
    /// `datePublished` of a `WebPage` (and kin: `ItemPage`, …) when the page
    /// declares no article: many CMSs describe a post only as a page.
    pub page_published: Option<String>,
}

/// Most nested JSON-LD we walk; deeper values are ignored.
const LD_MAX_DEPTH: usize = 16;

/// Reads the most article-like object under `root` into `out`; fields an
/// earlier block already set are kept.
pub(crate) fn read_ld(root: &Value, out: &mut LdArticle) {
    // An explicit stack: JSON-LD can nest arbitrarily deep.
    let mut stack: Vec<(&Value, usize)> = vec![(root, 0)];
    let mut best: Option<(&Value, u8)> = None;
    while let Some((v, depth)) = stack.pop() {
        if depth > LD_MAX_DEPTH {
            continue;
        }
        match v {
            Value::Array(a) => stack.extend(a.iter().rev().map(|x| (x, depth + 1))),
            Value::Object(o) => {
                let rank = ld_type_rank(o.get("@type"));
                if rank > 0 && best.is_none_or(|(_, r)| rank > r) {
                    best = Some((v, rank));
                }
                if out.page_published.is_none() && is_page_type(o.get("@type")) {
                    out.page_published = o.get("datePublished").and_then(ld_string);
                }
                if let Some(g) = o.get("@graph") {
                    stack.push((g, depth + 1));
                }
                if let Some(m) = o.get("mainEntity").or_else(|| o.get("mainEntityOfPage"))
                    && m.is_object()
                {
                    stack.push((m, depth + 1));
                }
            }
            _ => {}
        }
    }
    let Some((Value::Object(o), _)) = best else {
        return;
    };
    out.found = true;
    let s = |k: &str| o.get(k).and_then(ld_string);
    if out.headline.is_none() {
        out.headline = s("headline").or_else(|| s("name"));
    }
    out.published = out
        .published
        .take()
        .or_else(|| s("datePublished"))
        .or_else(|| s("dateCreated"));
    out.modified = out.modified.take().or_else(|| s("dateModified"));
    out.section = out.section.take().or_else(|| s("articleSection"));
    out.lang = out.lang.take().or_else(|| s("inLanguage"));
    if out.body.is_none() {
        out.body = o
            .get("articleBody")
            .and_then(Value::as_str)
            // Markup is decoded by the HTML parser later; plain text here.
            .map(|b| {
                if b.contains('<') {
                    b.to_string()
                } else {
                    decode_entities(b).into_owned()
                }
            });
    }
    if out.authors.is_empty()
        && let Some(a) = o.get("author").or_else(|| o.get("creator"))
    {
        out.authors = ld_names(a);
    }
    if out.publisher.is_none() {
        out.publisher = o.get("publisher").and_then(|p| match p {
            Value::Object(po) => po.get("name").and_then(ld_string),
            Value::String(s) => Some(s.clone()),
            _ => None,
        });
    }
    if out.image.is_none() {
        out.image = o.get("image").and_then(ld_url);
    }
}

/// The JSON inside a script some CMSs wrap as XML character data
/// (`<![CDATA[ … ]]>`, or `//<![CDATA[` … `//]]>` for old browsers).
pub(crate) fn unwrap_cdata(raw: &str) -> &str {
    let t = raw.trim();
    let t = t.strip_prefix("//").map(str::trim_start).unwrap_or(t);
    match t.strip_prefix("<![CDATA[") {
        Some(inner) => {
            let inner = inner.trim();
            let inner = inner.strip_suffix("]]>").unwrap_or(inner).trim_end();
            inner.strip_suffix("//").unwrap_or(inner).trim_end()
        }
        None => raw,
    }
}

/// A `@type` naming a web page (`WebPage`, `ItemPage`, `AboutPage`, …).
fn is_page_type(t: Option<&Value>) -> bool {
    let one = |s: &str| s.ends_with("Page");
    match t {
        Some(Value::String(s)) => one(s),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).any(one),
        _ => false,
    }
}

/// How article-like a JSON-LD `@type` is: 3 news, 2 article kinds, 1 pages.
fn ld_type_rank(t: Option<&Value>) -> u8 {
    let rank_one = |s: &str| match s
        .trim_start_matches("https://schema.org/")
        .trim_start_matches("http://schema.org/")
        .trim_start_matches("schema:")
    {
        "NewsArticle"
        | "ReportageNewsArticle"
        | "AnalysisNewsArticle"
        | "OpinionNewsArticle"
        | "BackgroundNewsArticle" => 3,
        "Article"
        | "BlogPosting"
        | "Report"
        | "ScholarlyArticle"
        | "TechArticle"
        | "LiveBlogPosting"
        | "Posting"
        | "SocialMediaPosting"
        | "DiscussionForumPosting" => 2,
        _ => 0,
    };
    match t {
        Some(Value::String(s)) => rank_one(s),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(rank_one)
            .max()
            .unwrap_or(0),
        _ => 0,
    }
}

/// `@type` of an organisation rather than a person.
fn is_organisation(t: Option<&Value>) -> bool {
    let org = |s: &str| {
        matches!(
            s,
            "Organization"
                | "NewsMediaOrganization"
                | "Corporation"
                | "LocalBusiness"
                | "WebSite"
                | "WebPage"
                | "Brand"
        )
    };
    match t {
        Some(Value::String(s)) => org(s),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).any(org),
        _ => false,
    }
}

fn ld_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(clean(&decode_entities(s))).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(ld_string),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn ld_url(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(decode_entities(s.trim()).into_owned()).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(ld_url),
        Value::Object(o) => o
            .get("url")
            .or_else(|| o.get("contentUrl"))
            .and_then(ld_url),
        _ => None,
    }
}

/// Author names; an author typed as an organisation (the site, a web agency)
/// names no person and gives none.
fn ld_names(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => split_names(&decode_entities(s)),
        Value::Array(a) => a.iter().take(32).flat_map(ld_names).collect(),
        Value::Object(o) if is_organisation(o.get("@type")) => Vec::new(),
        Value::Object(o) => o
            .get("name")
            .and_then(ld_string)
            .map(|n| split_names(&n))
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_data_wrappers_come_off() {
        assert_eq!(unwrap_cdata(" <![CDATA[ {\"a\":1} ]]> "), "{\"a\":1}");
        assert_eq!(unwrap_cdata("//<![CDATA[\n{\"a\":1}\n//]]>"), "{\"a\":1}");
        assert_eq!(unwrap_cdata("{\"a\":1}"), "{\"a\":1}");
        // An unclosed wrapper still gives its content (the parser judges it).
        assert_eq!(unwrap_cdata("<![CDATA[{\"a\":1}"), "{\"a\":1}");
    }

    #[test]
    fn types_rank_with_or_without_the_vocabulary_url() {
        let rank = |t: &str| ld_type_rank(Some(&Value::String(t.into())));
        assert_eq!(rank("NewsArticle"), 3);
        assert_eq!(rank("https://schema.org/NewsArticle"), 3);
        assert_eq!(rank("schema:BlogPosting"), 2);
        assert_eq!(rank("SocialMediaPosting"), 2);
        assert_eq!(rank("Organization"), 0);
    }
}
