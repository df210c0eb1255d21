//! The reader page (`/a/{id}`), the index (`/`), the paste form (`POST
//! /new`) and the embedded assets. Rendered on the server with plain
//! string building: every value from an article or a request is escaped
//! (see [`crate::html`]), and a Content-Security-Policy that allows only our
//! own script means that even a missed escape could not run one.

use crate::error::ApiError;
use crate::extract::{ApiPath, ApiQuery};
use crate::html::{esc, esc_into, human_date, safe_url};
use crate::state::AppState;
use crate::work::Source;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use khulasa_core::{Article, BlockKind, Length, Summary};
use khulasa_pipeline::{Input, lang_of};
use khulasa_store::{ArticleId, ArticleMeta, Page};
use serde::Deserialize;
use std::fmt::Write;

const CSS: &str = include_str!("../assets/reader.css");
const JS: &str = include_str!("../assets/reader.js");
const PHOTO: &str = include_str!("../assets/demo-photo.svg");

/// Only our own script and style; images from the web (lead photos);
/// audio from blobs the script makes; no frames, no plugins.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' https: http: data:; media-src 'self' blob:; connect-src 'self'; \
    form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// A page answer with the security headers every page carries.
fn html_page(status: StatusCode, html: String) -> Response {
    let mut res = (status, html).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The page frame: head, the site bar with its search box, then `main`.
fn layout(title: &str, lang: &str, dir: &str, main: &str) -> String {
    let mut s = String::with_capacity(main.len() + 2048);
    let _ = writeln!(
        s,
        "<!doctype html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<link rel=\"stylesheet\" href=\"/assets/reader.css?v={v}\">\n\
         <script src=\"/assets/reader.js?v={v}\" defer></script>\n</head>\n<body>\n\
         <header class=\"site\" dir=\"rtl\" lang=\"ar\"><a class=\"brand\" href=\"/\">خلاصة</a>\n\
         <form class=\"search\" action=\"/\" method=\"get\" role=\"search\">\
         <input type=\"search\" name=\"q\" placeholder=\"ابحث في الأخبار\" aria-label=\"بحث\">\
         <button type=\"submit\">بحث</button></form></header>\n<main>\n{main}</main>\n</body>\n</html>",
        lang = esc(lang),
        dir = esc(dir),
        title = esc(title),
        v = asset_version(),
    );
    s
}

/// A short hash of the assets, so browsers refetch them after an upgrade.
fn asset_version() -> &'static str {
    static V: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    V.get_or_init(|| {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(CSS);
        h.update(JS);
        hex::encode(&h.finalize()[..4])
    })
}

/// An HTML error page.
fn error_page(e: &ApiError) -> Response {
    let main = format!(
        "<section class=\"notice\"><h1>تعذّر ذلك</h1><p>{}</p><p><a href=\"/\">العودة إلى الصفحة الرئيسية</a></p></section>\n",
        esc(&e.message)
    );
    html_page(e.status, layout("خطأ — خلاصة", "ar", "rtl", &main))
}

/// Pages answer errors as HTML, not JSON.
pub(crate) struct PageError(ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        error_page(&self.0)
    }
}

/// 404 for paths outside the API.
pub(crate) async fn not_found() -> Response {
    error_page(&ApiError::not_found("لا توجد صفحة بهذا العنوان."))
}

/// `GET /assets/{file}`: the embedded stylesheet, script and demo photo.
pub(crate) async fn asset(ApiPath(file): ApiPath<String>) -> Response {
    let (body, ty) = match file.as_str() {
        "reader.css" => (CSS, "text/css; charset=utf-8"),
        "reader.js" => (JS, "text/javascript; charset=utf-8"),
        "demo-photo.svg" => (PHOTO, "image/svg+xml"),
        _ => return not_found().await,
    };
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ty));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    res
}

/// Query of the index page.
#[derive(Debug, Deserialize)]
pub(crate) struct IndexQuery {
    q: Option<String>,
    page: Option<u32>,
}

/// `GET /?q=&page=`: the latest articles or search results, and the form
/// to paste a URL or a text.
pub(crate) async fn index(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<IndexQuery>,
) -> Result<Response, PageError> {
    let page_no = q.page.unwrap_or(1).max(1);
    let page = Page::new(page_no, Page::DEFAULT_SIZE);
    let query = q.q.filter(|s| !s.trim().is_empty());
    let mut main = String::new();
    let (items, total, heading) = match &query {
        Some(query) => {
            let qq = query.clone();
            match state.store_call(move |s| s.search(&qq, page)).await {
                Ok(hits) => (
                    hits.items.into_iter().map(|h| h.meta).collect::<Vec<_>>(),
                    hits.total,
                    format!("نتائج البحث عن «{}»", esc(query)),
                ),
                Err(e) if e.status == StatusCode::BAD_REQUEST => {
                    (Vec::new(), 0, format!("لا يمكن البحث عن «{}»", esc(query)))
                }
                Err(e) => return Err(e.into()),
            }
        }
        None => {
            let list = state.store_call(move |s| s.latest(page)).await?;
            (list.items, list.total, "أحدث الأخبار".to_string())
        }
    };
    let _ = writeln!(main, "<section class=\"latest\"><h1>{heading}</h1>");
    if items.is_empty() {
        main.push_str("<p class=\"empty\">لا توجد مقالات هنا بعد.</p>\n");
    } else {
        main.push_str("<ol class=\"articles\">\n");
        for m in &items {
            list_item(&mut main, m);
        }
        main.push_str("</ol>\n");
    }
    let pages = total.div_ceil(u64::from(Page::DEFAULT_SIZE)).max(1);
    if pages > 1 {
        let qs = query
            .as_deref()
            .map(|q| format!("q={}&", urlencode(q)))
            .unwrap_or_default();
        main.push_str("<nav class=\"pager\">");
        if page_no > 1 {
            let _ = write!(main, "<a href=\"/?{qs}page={}\">الأحدث</a>", page_no - 1);
        }
        let _ = write!(main, "<span>صفحة {page_no} من {pages}</span>");
        if u64::from(page_no) < pages {
            let _ = write!(main, "<a href=\"/?{qs}page={}\">الأقدم</a>", page_no + 1);
        }
        main.push_str("</nav>\n");
    }
    main.push_str("</section>\n");
    paste_form(&mut main, state.config().api_key.is_some());
    Ok(html_page(
        StatusCode::OK,
        layout("خلاصة — الأخبار باختصار", "ar", "rtl", &main),
    ))
}

fn list_item(out: &mut String, m: &ArticleMeta) {
    let title = m
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or("(بلا عنوان)");
    let lang = m.lang.as_deref().unwrap_or("ar");
    let _ = write!(
        out,
        "<li><a href=\"/a/{id}\" lang=\"{lang}\">{title}</a>",
        id = m.id,
        lang = esc(lang),
        title = esc(title)
    );
    if let Some(d) = m.published.as_deref() {
        let shown = human_date(d, lang == "ar").unwrap_or_else(|| d.to_string());
        let _ = write!(out, " <time datetime=\"{}\">{}</time>", esc(d), esc(&shown));
    }
    out.push_str("</li>\n");
}

fn paste_form(out: &mut String, needs_key: bool) {
    out.push_str(
        "<section class=\"paste\"><h2>لخّص مقالاً</h2>\n\
         <form action=\"/new\" method=\"post\">\n\
         <label>رابط المقال<input type=\"url\" name=\"url\" dir=\"ltr\" placeholder=\"https://\"></label>\n\
         <p class=\"or\">أو الصق النص</p>\n\
         <label>العنوان<input type=\"text\" name=\"title\"></label>\n\
         <label>النص<textarea name=\"text\" rows=\"8\"></textarea></label>\n",
    );
    if needs_key {
        out.push_str(
            "<label>مفتاح الواجهة<input type=\"password\" name=\"key\" dir=\"ltr\"></label>\n",
        );
    }
    out.push_str("<button type=\"submit\">لخّص</button>\n</form></section>\n");
}

/// Percent-encodes a query value (`application/x-www-form-urlencoded`).
fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Fields of the paste form.
#[derive(Debug, Deserialize)]
pub(crate) struct NewForm {
    #[serde(default)]
    url: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    text: String,
    key: Option<String>,
}

/// `POST /new`: the form on the index page. Stores the article and sends
/// the browser to its reader page.
pub(crate) async fn create_from_form(
    State(state): State<AppState>,
    Form(form): Form<NewForm>,
) -> Result<Response, PageError> {
    if !state.key_ok(form.key.as_deref()) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "مفتاح الواجهة غير صحيح.",
        )
        .into());
    }
    let text = Some(form.text).filter(|t| !t.trim().is_empty());
    let title = Some(form.title).filter(|t| !t.trim().is_empty());
    let url = Some(form.url).filter(|t| !t.trim().is_empty());
    let input = match (text, url) {
        (Some(text), _) => Source::Given(Input::Text {
            text,
            title,
            url: None,
        }),
        (None, Some(url)) => Source::Url(url.trim().to_string()),
        (None, None) => {
            return Err(ApiError::invalid("invalid_input", "أدخل رابطاً أو نصاً.").into());
        }
    };
    let article = state.article_from(input).await?;
    let (put, _) = state.store_article(article, Length::default()).await?;
    Ok(Redirect::to(&format!("/a/{}", put.id)).into_response())
}

/// `GET /a/{id}`: the reader page.
pub(crate) async fn reader(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, PageError> {
    let id = ArticleId::parse(&id).map_err(|_| ApiError::not_found("لا يوجد مقال بهذا المعرّف."))?;
    let i = id.clone();
    let stored = state
        .store_call(move |s| s.article(&i))
        .await?
        .ok_or_else(|| ApiError::not_found("لا يوجد مقال بهذا المعرّف."))?;
    let length = khulasa_pipeline::Length::default();
    // The summary may be missing (an ingested article): make it now. If it
    // cannot be made, the page still shows the article.
    let summary = match state.summary_of(&id, length).await {
        Ok(s) => s.map(|s| s.summary),
        Err(e) => {
            tracing::warn!("no summary for {id}: {e}");
            None
        }
    };
    let html = render_reader(&id, &stored.article, summary.as_ref());
    Ok(html_page(StatusCode::OK, html))
}

/// The reader page of an article: headline, date, lead photo with caption
/// and credit, the tools (font −/+, listen, show summary), the key points
/// (hidden at first), the body with every sentence wrapped, contributors.
pub(crate) fn render_reader(id: &ArticleId, a: &Article, summary: Option<&Summary>) -> String {
    let lang = lang_of(a);
    // Both are typed: a tag of letters and `rtl` / `ltr`, never page text.
    let lang_code = a.lang.as_ref().map_or(lang.code(), |t| t.as_str());
    let dir = a.dir.unwrap_or(lang.direction()).as_str();
    let arabic = lang == khulasa_core::Lang::Ar;
    let t = |ar: &'static str, en: &'static str| if arabic { ar } else { en };
    let title = a
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(t("(بلا عنوان)", "(untitled)"));

    let mut m = String::with_capacity(a.text.len() * 2 + 4096);
    let _ = writeln!(
        m,
        "<article class=\"reader\" lang=\"{}\" dir=\"{}\" data-id=\"{id}\">",
        esc(lang_code),
        esc(dir)
    );
    let _ = writeln!(m, "<h1 class=\"headline\">{}</h1>", esc(title));
    let mut line = String::new();
    if let Some(d) = a.published.as_deref() {
        let shown = human_date(d, arabic).unwrap_or_else(|| d.to_string());
        let _ = write!(line, "<time datetime=\"{}\">{}</time>", esc(d), esc(&shown));
    }
    if let Some(site) = a.site_name.as_deref() {
        let _ = write!(line, "<span class=\"site-name\">{}</span>", esc(site));
    }
    if !line.is_empty() {
        let _ = writeln!(m, "<p class=\"dateline\">{line}</p>");
    }
    if let Some(img) = &a.lead_image {
        let src = img.src.as_deref().and_then(safe_url);
        if src.is_some() || img.caption.is_some() {
            m.push_str("<figure class=\"lead\">");
            if let Some(src) = src {
                let _ = write!(
                    m,
                    "<img src=\"{}\" alt=\"{}\" referrerpolicy=\"no-referrer\" loading=\"lazy\">",
                    esc(src),
                    esc(img.caption.as_deref().unwrap_or(""))
                );
            }
            if img.caption.is_some() || img.credit.is_some() {
                m.push_str("<figcaption>");
                if let Some(c) = &img.caption {
                    esc_into(&mut m, c);
                }
                if let Some(c) = &img.credit {
                    let _ = write!(m, " <span class=\"credit\">({})</span>", esc(c));
                }
                m.push_str("</figcaption>");
            }
            m.push_str("</figure>\n");
        }
    }
    // The tools, in the order the seed page shows them.
    let _ = writeln!(
        m,
        "<div class=\"tools\" role=\"toolbar\">\
         <span class=\"font\"><button type=\"button\" id=\"font-up\" aria-label=\"{up}\">+</button>\
         <span>{font}</span><button type=\"button\" id=\"font-down\" aria-label=\"{down}\">−</button></span>\
         <button type=\"button\" id=\"listen\" data-label-stop=\"{stop}\"{disabled}>{listen}</button>\
         <button type=\"button\" id=\"toggle-summary\" aria-expanded=\"false\" aria-controls=\"summary\" \
         data-label-hide=\"{hide}\"{disabled}>{show}</button>\
         <span id=\"status\" role=\"status\" aria-live=\"polite\"></span></div>",
        up = t("تكبير الخط", "Larger text"),
        down = t("تصغير الخط", "Smaller text"),
        font = t("الخط", "Text"),
        listen = t("استمع إلى الملخص", "Listen to the summary"),
        stop = t("إيقاف", "Stop"),
        show = t("اظهر الملخص", "Show the summary"),
        hide = t("اخف الملخص", "Hide the summary"),
        disabled = if summary.is_some() { "" } else { " disabled" },
    );
    let sentences = khulasa_text::segment(&a.text);
    if let Some(s) = summary {
        let _ = writeln!(
            m,
            "<section id=\"summary\" class=\"summary\" hidden aria-label=\"{}\"><ul>",
            t("الملخص", "Summary")
        );
        for (i, k) in s.key_points.iter().enumerate() {
            let sources: Vec<String> = source_sentences(&sentences, k)
                .iter()
                .map(|n| n.to_string())
                .collect();
            let _ = writeln!(
                m,
                "<li class=\"point\" data-point=\"{i}\" data-sources=\"{}\" tabindex=\"0\" role=\"button\">{}</li>",
                sources.join(" "),
                esc(&k.text)
            );
        }
        m.push_str("</ul></section>\n");
    }
    m.push_str("<div class=\"body\" id=\"body\">\n");
    render_body(&mut m, a, &sentences);
    m.push_str("</div>\n");
    if !a.authors.is_empty() {
        let _ = write!(
            m,
            "<footer class=\"contributors\"><h2>{}</h2><ul>",
            t("المساهمون", "Contributors")
        );
        for name in &a.authors {
            let _ = write!(m, "<li>{}</li>", esc(name));
        }
        m.push_str("</ul></footer>\n");
    }
    if let Some(u) = a
        .url
        .as_deref()
        .and_then(safe_url)
        .filter(|u| !u.starts_with('/'))
    {
        let _ = writeln!(
            m,
            "<p class=\"source\"><a href=\"{}\" rel=\"noreferrer nofollow\" dir=\"ltr\">{}</a></p>",
            esc(u),
            t("المصدر الأصلي", "Original page")
        );
    }
    m.push_str("</article>\n");
    layout(&format!("{title} — خلاصة"), &lang_code, &dir, &m)
}

/// The sentences (indices into `sentences`) a key point was made from,
/// found by the byte spans it kept. Spans, not the summarizer's sentence
/// numbers, so the page highlights the right text whatever segmentation the
/// summarizer used internally.
pub(crate) fn source_sentences(
    sentences: &[khulasa_core::Sentence],
    point: &khulasa_core::KeyPoint,
) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for src in &point.sources {
        for (k, s) in sentences.iter().enumerate() {
            let overlaps =
                s.span.start < src.span.end.max(src.span.start + 1) && src.span.start < s.span.end;
            if overlaps && !out.contains(&k) {
                out.push(k);
            }
        }
    }
    out.sort_unstable();
    out
}

/// The body, paragraph by paragraph, each sentence in a
/// `<span class="s" data-s="N">` where N is its index in
/// `khulasa_text::segment(&article.text)` — the index key points cite.
fn render_body(out: &mut String, a: &Article, sentences: &[khulasa_core::Sentence]) {
    let text = &a.text;
    let paragraphs = sentences.last().map_or(0, |s| s.paragraph + 1);
    // Block kinds line up with paragraphs when extraction made the text.
    let kinds: Vec<BlockKind> = if a.blocks.len() == paragraphs {
        a.blocks.iter().map(|b| b.kind).collect()
    } else {
        vec![BlockKind::Paragraph; paragraphs]
    };
    let mut i = 0;
    while i < sentences.len() {
        let p = sentences[i].paragraph;
        let (open, close) = match kinds.get(p).copied().unwrap_or(BlockKind::Paragraph) {
            BlockKind::Heading => ("<h2>", "</h2>"),
            BlockKind::Quote => ("<blockquote><p>", "</p></blockquote>"),
            BlockKind::ListItem => ("<p class=\"item\">", "</p>"),
            BlockKind::Paragraph => ("<p>", "</p>"),
        };
        out.push_str(open);
        let mut prev_end = None;
        while i < sentences.len() && sentences[i].paragraph == p {
            let s = &sentences[i];
            if let Some(e) = prev_end {
                // The space between two sentences, kept as written.
                if let Some(gap) = text.get(e..s.span.start) {
                    esc_into(out, gap);
                }
            }
            let _ = write!(out, "<span class=\"s\" data-s=\"{i}\">");
            esc_into(out, s.span.slice(text).unwrap_or(""));
            out.push_str("</span>");
            prev_end = Some(s.span.end);
            i += 1;
        }
        out.push_str(close);
        out.push('\n');
    }
}
