//! Search in the API (`GET /v1/articles?q=…`) and on the index page, and
//! related articles (`GET /v1/articles/{id}/related`, the reader page).
//! The request and answer types are the store's
//! ([`khulasa_store::search`]): one wire format for every store.

use crate::error::ApiError;
use crate::extract::ApiPath;
use crate::html::{esc, human_date};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use khulasa_store::{ArticleId, ArticleMeta, Page, SearchQuery, SearchResults, SearchSort};
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// How many related articles the reader page and the API show.
pub(crate) const RELATED: u32 = 5;

/// The query string of a list or search: `q` (search when not blank),
/// paging, and the search's filters and order.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListParams {
    /// Search words; blank or absent lists the newest articles.
    pub(crate) q: Option<String>,
    /// Page number, from 1.
    pub(crate) page: Option<u32>,
    /// Items per page (1–100).
    pub(crate) per_page: Option<u32>,
    /// Published on or after (`YYYY-MM-DD`).
    pub(crate) from: Option<String>,
    /// Published on or before (`YYYY-MM-DD`).
    pub(crate) to: Option<String>,
    /// Site (host name).
    pub(crate) site: Option<String>,
    /// Language code.
    pub(crate) lang: Option<String>,
    /// `relevance` (default) or `date`.
    pub(crate) sort: Option<String>,
}

impl ListParams {
    /// The page asked for, clamped into range.
    pub(crate) fn page(&self, default_size: u32) -> Page {
        Page::new(
            self.page.unwrap_or(1),
            self.per_page.unwrap_or(default_size),
        )
    }

    /// The search asked for, or `None` for the newest articles (no `q`).
    pub(crate) fn search(&self) -> Result<Option<SearchQuery>, ApiError> {
        let Some(q) = self.q.as_deref().filter(|q| !q.trim().is_empty()) else {
            return Ok(None);
        };
        let sort = match self.sort.as_deref().map(str::trim) {
            None | Some("") | Some("relevance") => SearchSort::Relevance,
            Some("date") => SearchSort::Date,
            Some(_) => {
                return Err(ApiError::bad_request(
                    "invalid_query",
                    "sort must be relevance or date",
                ));
            }
        };
        let keep = |v: &Option<String>| v.clone().filter(|v| !v.trim().is_empty());
        Ok(Some(SearchQuery {
            q: q.to_string(),
            from: keep(&self.from),
            to: keep(&self.to),
            site: keep(&self.site),
            lang: keep(&self.lang),
            sort,
        }))
    }
}

/// Runs a search on the store's blocking pool.
pub(crate) async fn run(
    state: &AppState,
    q: SearchQuery,
    page: Page,
) -> Result<SearchResults, ApiError> {
    state.store_call(move |s| s.find(&q, page)).await
}

/// The answer of `GET /v1/articles/{id}/related`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Related {
    /// The article asked about.
    pub(crate) article: ArticleId,
    /// The nearest stored articles, best first (at most five).
    pub(crate) items: Vec<ArticleMeta>,
}

/// `GET /v1/articles/{id}/related`: the five stored articles nearest to
/// this one by the search index.
pub(crate) async fn related(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Related>, ApiError> {
    let id = ArticleId::parse(&id)?;
    let i = id.clone();
    let found = state.store_call(move |s| s.article(&i)).await?.is_some();
    if !found {
        return Err(ApiError::not_found(format!("no article with id {id}")));
    }
    let i = id.clone();
    let items = state.store_call(move |s| s.related(&i, RELATED)).await?;
    Ok(Json(Related { article: id, items }))
}

/// `text` with the byte ranges `marks` wrapped in `<mark>`, all escaped.
/// Marks out of order, overlapping or off char boundaries are skipped.
pub(crate) fn marked(text: &str, marks: &[[usize; 2]]) -> String {
    let mut out = String::with_capacity(text.len() + marks.len() * 13);
    let mut at = 0;
    for &[s, e] in marks {
        if s < at
            || e <= s
            || e > text.len()
            || !text.is_char_boundary(s)
            || !text.is_char_boundary(e)
        {
            continue;
        }
        out.push_str(&esc(&text[at..s]));
        let _ = write!(out, "<mark>{}</mark>", esc(&text[s..e]));
        at = e;
    }
    out.push_str(&esc(&text[at..]));
    out
}

/// One result on the index page: headline link, date, snippet with marks.
pub(crate) fn render_hit(
    out: &mut String,
    meta: &ArticleMeta,
    snippet: Option<&khulasa_store::Snippet>,
) {
    let title = meta
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or("(بلا عنوان)");
    let lang = meta.lang.as_deref().unwrap_or("ar");
    let _ = write!(
        out,
        "<li><a href=\"/a/{id}\" lang=\"{lang}\">{title}</a>",
        id = meta.id,
        lang = esc(lang),
        title = esc(title)
    );
    if let Some(d) = meta.published.as_deref() {
        let shown = human_date(d, lang == "ar").unwrap_or_else(|| d.to_string());
        let _ = write!(out, " <time datetime=\"{}\">{}</time>", esc(d), esc(&shown));
    }
    if let Some(s) = snippet {
        let _ = write!(
            out,
            "<p class=\"snippet\" lang=\"{}\">{}</p>",
            esc(lang),
            marked(&s.text, &s.marks)
        );
    }
    out.push_str("</li>\n");
}

/// The filter form of the index page, holding the current values.
pub(crate) fn render_filters(out: &mut String, p: &ListParams) {
    let v = |o: &Option<String>| esc(o.as_deref().unwrap_or(""));
    let sel = |want: &str| {
        if p.sort.as_deref().unwrap_or("relevance") == want {
            " selected"
        } else {
            ""
        }
    };
    let _ = writeln!(
        out,
        "<form class=\"filters\" action=\"/\" method=\"get\" role=\"search\">\
         <input type=\"search\" name=\"q\" value=\"{q}\" aria-label=\"بحث\">\
         <label>من <input type=\"date\" name=\"from\" value=\"{from}\"></label>\
         <label>إلى <input type=\"date\" name=\"to\" value=\"{to}\"></label>\
         <label>الموقع <input type=\"text\" name=\"site\" value=\"{site}\" dir=\"ltr\" placeholder=\"bbc.com\"></label>\
         <label>اللغة <select name=\"lang\"><option value=\"\">الكل</option>\
         <option value=\"ar\"{ar}>العربية</option><option value=\"en\"{en}>English</option></select></label>\
         <label>الترتيب <select name=\"sort\"><option value=\"relevance\"{rel}>الأقرب</option>\
         <option value=\"date\"{date}>الأحدث</option></select></label>\
         <button type=\"submit\">صفِّ</button></form>",
        q = v(&p.q),
        from = v(&p.from),
        to = v(&p.to),
        site = v(&p.site),
        ar = if p.lang.as_deref() == Some("ar") {
            " selected"
        } else {
            ""
        },
        en = if p.lang.as_deref() == Some("en") {
            " selected"
        } else {
            ""
        },
        rel = sel("relevance"),
        date = sel("date"),
    );
}

/// The query string of `p` for page `page` (paging links keep the filters).
pub(crate) fn page_link(p: &ListParams, page: u32) -> String {
    let mut s = String::from("/?");
    for (k, v) in [
        ("q", &p.q),
        ("from", &p.from),
        ("to", &p.to),
        ("site", &p.site),
        ("lang", &p.lang),
        ("sort", &p.sort),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            let _ = write!(s, "{k}={}&", urlencode(v));
        }
    }
    let _ = write!(s, "page={page}");
    s
}

/// The reader page's "related articles" box.
pub(crate) fn render_related(out: &mut String, items: &[ArticleMeta], arabic: bool) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<aside class=\"related\" aria-labelledby=\"related-h\"><h2 id=\"related-h\">{}</h2><ol>",
        if arabic {
            "مقالات ذات صلة"
        } else {
            "Related articles"
        }
    );
    for m in items {
        render_hit(out, m, None);
    }
    out.push_str("</ol></aside>\n");
}

/// Percent-encodes a query value.
pub(crate) fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_escaped_and_bad_ranges_skipped() {
        let t = "<b>صواريخ</b> & بصواريخها";
        let s = t.find("صواريخ").unwrap();
        let e = s + "صواريخ".len();
        let m = marked(t, &[[s, e], [s, e], [1, 0], [0, 999], [e + 1, e + 1]]);
        assert_eq!(m, "&lt;b&gt;<mark>صواريخ</mark>&lt;/b&gt; &amp; بصواريخها");
    }

    #[test]
    fn sort_must_be_known() {
        let p = ListParams {
            q: Some("x".into()),
            sort: Some("random".into()),
            ..ListParams::default()
        };
        assert!(p.search().is_err());
        let p = ListParams {
            q: Some("  ".into()),
            ..ListParams::default()
        };
        assert!(p.search().unwrap().is_none());
    }
}
