//! The reader page (`/a/{id}`), the index (`/`), the paste form (`POST
//! /new`) and the embedded assets. Rendered on the server with plain
//! string building: every value from an article or a request is escaped
//! (see [`crate::html`]), and a Content-Security-Policy that allows only our
//! own script means that even a missed escape could not run one.

use crate::error::ApiError;
use crate::extract::{ApiPath, ApiQuery};
use crate::html::{esc, esc_into, human_date, safe_url};
use crate::search::{self, ListParams};
use crate::state::AppState;
use crate::work::Source;
use axum::Form;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::{HeaderValue, StatusCode, header, request::Parts};
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
pub(crate) fn error_page(e: &ApiError) -> Response {
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

/// `GET /?q=&page=&from=&to=&site=&lang=&sort=`: the latest articles, or
/// search results with snippets, filters and a page count; and the form
/// to paste a URL or a text.
pub(crate) async fn index(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ListParams>,
) -> Result<Response, PageError> {
    let page = Page::new(q.page.unwrap_or(1), Page::DEFAULT_SIZE);
    let page_no = page.number;
    let mut main = String::new();
    let mut notice = String::new();
    let (total, heading, list) = match q.search() {
        Ok(Some(query)) => {
            let shown = esc(&query.q);
            match search::run(&state, query, page).await {
                Ok(r) => {
                    let mut list = String::new();
                    for h in &r.items {
                        search::render_hit(&mut list, &h.meta, h.snippet.as_ref());
                    }
                    if r.loosened {
                        notice.push_str(
                            "<p class=\"notice loosened\">لا يوجد مقال يضم العبارة كما كُتبت؛ هذه نتائج كلماتها.</p>\n",
                        );
                    }
                    if let Some(sug) = &r.suggestion {
                        let link = search::page_link(
                            &ListParams {
                                q: Some(sug.clone()),
                                page: None,
                                per_page: None,
                                ..clone_filters(&q)
                            },
                            1,
                        );
                        let _ = writeln!(
                            notice,
                            "<p class=\"suggestion\">جرّب: <a href=\"{}\">{}</a></p>",
                            esc(&link),
                            esc(sug)
                        );
                    }
                    let heading = format!(
                        "نتائج البحث عن «{shown}» <span class=\"total\">({} نتيجة)</span>",
                        r.total
                    );
                    (r.total, heading, list)
                }
                Err(e) if e.status == StatusCode::BAD_REQUEST => {
                    (0, format!("لا يمكن البحث عن «{shown}»"), String::new())
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(None) => {
            let l = state.store_call(move |s| s.latest(page)).await?;
            let mut list = String::new();
            for m in &l.items {
                list_item(&mut list, m);
            }
            (l.total, "أحدث الأخبار".to_string(), list)
        }
        Err(_) => (0, "لا يمكن البحث بهذه الإعدادات".to_string(), String::new()),
    };
    let searching = q.q.as_deref().is_some_and(|s| !s.trim().is_empty());
    let _ = writeln!(main, "<section class=\"latest\"><h1>{heading}</h1>");
    if searching {
        search::render_filters(&mut main, &q);
    }
    main.push_str(&notice);
    if list.is_empty() {
        main.push_str(if searching {
            "<p class=\"empty\">لم نجد مقالات تطابق البحث.</p>\n"
        } else {
            "<p class=\"empty\">لا توجد مقالات هنا بعد.</p>\n"
        });
    } else {
        let _ = writeln!(main, "<ol class=\"articles\">\n{list}</ol>");
    }
    let pages = total.div_ceil(u64::from(Page::DEFAULT_SIZE)).max(1);
    if pages > 1 {
        let (newer, older) = if searching {
            ("السابقة", "التالية")
        } else {
            ("الأحدث", "الأقدم")
        };
        main.push_str("<nav class=\"pager\">");
        if page_no > 1 {
            let _ = write!(
                main,
                "<a href=\"{}\">{newer}</a>",
                esc(&search::page_link(&q, page_no - 1))
            );
        }
        let _ = write!(main, "<span>صفحة {page_no} من {pages}</span>");
        if u64::from(page_no) < pages {
            let _ = write!(
                main,
                "<a href=\"{}\">{older}</a>",
                esc(&search::page_link(&q, page_no + 1))
            );
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

/// The filters of `q`, without its query and paging.
fn clone_filters(q: &ListParams) -> ListParams {
    ListParams {
        q: None,
        page: None,
        per_page: None,
        from: q.from.clone(),
        to: q.to.clone(),
        site: q.site.clone(),
        lang: q.lang.clone(),
        sort: q.sort.clone(),
    }
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
        // A title is the article's text: `<bdi>` keeps its bidi controls
        // (an unclosed RLO, say) from reordering the rest of the line.
        "<li><a href=\"/a/{id}\" lang=\"{lang}\"><bdi>{title}</bdi></a>",
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
    _origin: SameOrigin,
    PageForm(form): PageForm<NewForm>,
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
    let role = input.url_role();
    let article = state.article_from(input).await?;
    let (put, _) = state
        .store_article(article, role, Length::default(), None)
        .await?;
    Ok(Redirect::to(&format!("/a/{}", put.id)).into_response())
}

/// Proof that a form post comes from this site's own page. With no key
/// set, anyone's page could otherwise post to a local instance from the
/// reader's browser. Browsers send `Sec-Fetch-Site` (and `Origin` on
/// posts); a client that sends neither (curl, a script) is not a browser
/// being steered, and is let through.
pub(crate) struct SameOrigin;

impl<S: Send + Sync> FromRequestParts<S> for SameOrigin {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, PageError> {
        let h = &parts.headers;
        let get = |name: header::HeaderName| h.get(name).and_then(|v| v.to_str().ok());
        let refused = || {
            PageError(ApiError::new(
                StatusCode::FORBIDDEN,
                "cross_site",
                "لا يُقبل هذا النموذج من موقع آخر.",
            ))
        };
        if let Some(site) = h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
            return match site {
                "same-origin" | "none" => Ok(SameOrigin),
                _ => Err(refused()),
            };
        }
        match (get(header::ORIGIN), get(header::HOST)) {
            (None, _) => Ok(SameOrigin),
            (Some(origin), Some(host))
                if origin
                    .split_once("://")
                    .is_some_and(|(_, o)| o.eq_ignore_ascii_case(host)) =>
            {
                Ok(SameOrigin)
            }
            _ => Err(refused()),
        }
    }
}

/// A form body whose rejections are error pages (axum's are plain text).
pub(crate) struct PageForm<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for PageForm<T> {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &S) -> Result<Self, PageError> {
        Form::<T>::from_request(req, state)
            .await
            .map(|Form(t)| PageForm(t))
            .map_err(|e| {
                let status = e.status();
                let code = if status == StatusCode::UNSUPPORTED_MEDIA_TYPE {
                    "unsupported_media_type"
                } else if status == StatusCode::PAYLOAD_TOO_LARGE {
                    "payload_too_large"
                } else {
                    "invalid_form"
                };
                PageError(ApiError::new(status, code, e.body_text()))
            })
    }
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
    // The page may make the default-length summary without a key: it is
    // one stored summary per article, the same one POST makes.
    let summary = match state.summary_of(&id, length, Ok(())).await {
        Ok(s) => s.map(|s| s.summary),
        Err(e) => {
            tracing::warn!("no summary for {id}: {e}");
            None
        }
    };
    // Related articles are a nicety: a failure leaves the box out.
    let i = id.clone();
    let related = match state
        .store_call(move |s| s.related(&i, search::RELATED))
        .await
    {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!("no related articles for {id}: {e}");
            Vec::new()
        }
    };
    let html = render_reader(&id, &stored.article, summary.as_ref(), &related);
    Ok(html_page(StatusCode::OK, html))
}

/// The reader page of an article: headline, date, lead photo with caption
/// and credit, the tools (font −/+, listen, show summary), the key points
/// (hidden at first), the body with every sentence wrapped, contributors,
/// then the related articles.
pub(crate) fn render_reader(
    id: &ArticleId,
    a: &Article,
    summary: Option<&Summary>,
    related: &[ArticleMeta],
) -> String {
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
    // `dir="auto"` isolates the headline (bidi controls in it end here).
    let _ = writeln!(
        m,
        "<h1 class=\"headline\" dir=\"auto\"><bdi>{}</bdi></h1>",
        esc(title)
    );
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
                // A button in the item (not a list item that acts as one):
                // the list stays a list to screen readers (axe-core's
                // `list` rule), and the keyboard gets a real button.
                "<li class=\"point\" data-point=\"{i}\" data-sources=\"{}\"><button type=\"button\" class=\"point-button\">{}</button></li>",
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
    search::render_related(&mut m, related, arabic);
    layout(&format!("{title} — خلاصة"), lang_code, dir, &m)
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
