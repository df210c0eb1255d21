//! A publisher's site on a second loopback origin: article pages (which
//! khulasa may fetch), host pages carrying the summary box, a hostile
//! stylesheet, and redirects. It counts the pages khulasa fetched.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A running publisher site.
pub struct Site {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Article pages fetched by khulasa (its User-Agent), by path.
    fetched: Arc<std::sync::Mutex<HashMap<String, usize>>>,
    total: Arc<AtomicUsize>,
}

impl Site {
    /// `http://addr`: the site's origin.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `origin` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// How often khulasa fetched `path`.
    pub fn fetches_of(&self, path: &str) -> usize {
        self.fetched.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    /// How many pages khulasa fetched in all.
    pub fn fetches(&self) -> usize {
        self.total.load(Ordering::SeqCst)
    }
}

#[derive(Clone)]
struct St {
    fetched: Arc<std::sync::Mutex<HashMap<String, usize>>>,
    total: Arc<AtomicUsize>,
}

/// Paragraphs of the article pages (written for these tests).
pub const PARAGRAPHS: [&str; 3] = [
    "افتتحت البلدية أمس جسراً جديداً للمشاة فوق النهر يربط الحي القديم بالسوق المركزي بعد عامين من الأشغال. وقال رئيس البلدية إن الجسر سيختصر المسافة على آلاف السكان يومياً.",
    "وبلغت كلفة المشروع أربعة ملايين دينار مولتها الحكومة بالكامل، وشارك في بنائه مئة وعشرون عاملاً من أبناء المدينة. وأوضح المهندس المشرف أن الجسر صُمم ليتحمل فيضانات النهر الموسمية.",
    "ويأمل التجار أن يعيد الجسر الحركة إلى السوق المركزي الذي تراجع عدد زواره منذ إغلاق الطريق القديم. وأعلنت البلدية أنها ستنير الجسر بمصابيح تعمل بالطاقة الشمسية قبل نهاية الشهر.",
];

/// The headline of the article page `/news/{slug}`.
pub fn headline(slug: &str) -> String {
    format!("افتتاح جسر جديد للمشاة فوق النهر ({slug})")
}

/// Starts the site on 127.0.0.1 (any free port).
pub async fn start_site() -> Site {
    let st = St {
        fetched: Arc::default(),
        total: Arc::default(),
    };
    let app = Router::new()
        .route("/news/{slug}", get(article))
        .route(
            "/moved/{slug}",
            get(|Path(slug): Path<String>| async move { redirect(&format!("/news/{slug}")) }),
        )
        .route(
            "/away/{port}",
            get(|Path(port): Path<u16>| async move {
                redirect(&format!("http://localhost:{port}/news/away"))
            }),
        )
        .route("/host", get(host_page))
        .route(
            "/hostile.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css")], HOSTILE_CSS) }),
        )
        .with_state(st.clone());
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, app).await });
    Site {
        addr,
        fetched: st.fetched,
        total: st.total,
    }
}

fn redirect(to: &str) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, to.to_string())]).into_response()
}

/// Rules a careless or hostile CMS theme might have: hide buttons and
/// lists, shrink and blank text, hide the element itself.
pub const HOSTILE_CSS: &str = "\
khulasa-summary { display: none !important; opacity: 0 !important; visibility: hidden !important; font-size: 2px !important; }\n\
button, ul, li { display: none !important; }\n\
* { color: transparent !important; line-height: 0 !important; letter-spacing: 1em !important; text-transform: uppercase !important; background: #000 !important; }\n";

/// `/news/{slug}`: an Arabic article page. With `?k=KHULASA_ORIGIN` it
/// carries the summary box (`url=` itself), as a publisher's template would.
async fn article(
    State(st): State<St>,
    Path(slug): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if ua.starts_with("khulasa/") {
        *st.fetched
            .lock()
            .unwrap()
            .entry(format!("/news/{slug}"))
            .or_default() += 1;
        st.total.fetch_add(1, Ordering::SeqCst);
    }
    if slug == "missing" {
        return (StatusCode::NOT_FOUND, "no such page").into_response();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("127.0.0.1");
    let me = format!("http://{host}/news/{slug}");
    let (head, box_) = match q.get("k") {
        Some(k) => (
            format!("<script src=\"{k}/embed.js\" defer></script>"),
            format!("<khulasa-summary url=\"{me}\"></khulasa-summary>"),
        ),
        None => (String::new(), String::new()),
    };
    let paras: String = PARAGRAPHS.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    let html = format!(
        "<!doctype html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\">\
         <title>{title}</title>{head}</head><body><header><nav><a href=\"/\">الرئيسية</a></nav></header>\
         <main><article><h1>{title}</h1><p class=\"date\">29 نوفمبر 2024</p>{box_}\n{paras}</article></main>\
         <footer>جميع الحقوق محفوظة</footer></body></html>",
        title = headline(&slug)
    );
    page(html, q.get("k").map(String::as_str))
}

/// `/host?k=KHULASA_ORIGIN&article=ID|url=U&lang=ar&dir=rtl&hostile=1&bullets=N`:
/// a page of the publisher with the box and nothing else of khulasa.
async fn host_page(Query(q): Query<HashMap<String, String>>) -> Response {
    let k = q.get("k").cloned().unwrap_or_default();
    let lang = q.get("lang").map_or("ar", String::as_str);
    let dir = q.get("dir").map_or("rtl", String::as_str);
    let mut attrs = String::new();
    for name in ["article", "url", "bullets"] {
        if let Some(v) = q.get(name) {
            attrs.push_str(&format!(" {name}=\"{v}\""));
        }
    }
    let hostile = if q.contains_key("hostile") {
        "<link rel=\"stylesheet\" href=\"/hostile.css\">"
    } else {
        ""
    };
    let (title, body) = if lang == "ar" {
        ("صفحة الناشر", "نص المقال كما ينشره الموقع.")
    } else {
        (
            "The publisher's page",
            "The article as the site publishes it.",
        )
    };
    let html = format!(
        "<!doctype html><html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <title>{title}</title>{hostile}<script src=\"{k}/embed.js\" defer></script></head>\
         <body><main><h1>{title}</h1><khulasa-summary{attrs}></khulasa-summary><p>{body}</p></main></body></html>"
    );
    page(html, Some(&k))
}

/// A page with the publisher's CSP: scripts only from khulasa (no inline
/// script anywhere), connections to khulasa, audio from blobs.
fn page(html: String, khulasa: Option<&str>) -> Response {
    let mut res = html.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if let Some(k) = khulasa
        && let Ok(csp) = HeaderValue::from_str(&format!(
            "default-src 'self'; script-src {k}; connect-src {k}; media-src blob:; style-src 'self'"
        ))
    {
        h.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    res
}
