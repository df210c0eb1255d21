//! The summary box on a publisher's own page (issue 18): the script that
//! defines `<khulasa-summary>` (`/embed.js`, and a versioned copy cached
//! for a year), CORS for the configured embed origins, and
//! `GET /v1/articles/by-url`, which finds a box's article by its page URL
//! and fetches a page of an embed origin once when it is not stored.
//!
//! The box itself only reads the API the reader page reads
//! (`/v1/articles/{id}`, `.../summary`, `.../summary/audio` with its
//! marks); nothing here summarises or speaks.

use crate::error::ApiError;
use crate::extract::ApiQuery;
use crate::ratelimit::{Limiter, RateLimit};
use crate::state::AppState;
use crate::work::Source;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use khulasa_pipeline::wire::StoredArticleJson;
use khulasa_pipeline::{Length, UrlRole};
use khulasa_store::ArticleId;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

const JS: &str = include_str!("../assets/embed.js");

/// Most redirected URLs remembered (URL asked for → the article its fetch
/// stored under its final URL); the map is cleared when full.
const MAX_ALIASES: usize = 4096;

/// A short hash of the script: the version in its long-cached URL.
pub(crate) fn version() -> &'static str {
    static V: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    V.get_or_init(|| {
        use sha2::{Digest, Sha256};
        hex::encode(&Sha256::digest(JS)[..6])
    })
}

/// The path of this version's script, cacheable for a year.
pub fn versioned_path() -> String {
    format!("/embed/{}/embed.js", version())
}

fn script_response(cache: &'static str) -> Response {
    let mut res = JS.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(etag) = HeaderValue::from_str(&format!("\"{}\"", version())) {
        h.insert(header::ETAG, etag);
    }
    // A host page that isolates itself (COEP) may still load the script.
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("cross-origin"),
    );
    if let Ok(path) = HeaderValue::from_str(&versioned_path()) {
        h.insert("khulasa-embed-path", path);
    }
    res
}

/// `GET /embed.js`: the script under its stable name. Cached briefly and
/// revalidated by `ETag`, so an upgrade reaches host pages within minutes.
pub(crate) async fn script(headers: HeaderMap) -> Response {
    let etag = format!("\"{}\"", version());
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut res = script_response("public, max-age=300, must-revalidate");
    if fresh {
        *res.status_mut() = StatusCode::NOT_MODIFIED;
        *res.body_mut() = axum::body::Body::empty();
    }
    res
}

/// `GET /embed/{version}/embed.js`: the script under a name that changes
/// with it, so it may be cached for a year. An old version's URL (a page
/// written before an upgrade) is sent to the current script.
pub(crate) async fn versioned_script(
    crate::extract::ApiPath(v): crate::extract::ApiPath<String>,
) -> Response {
    if v == version() {
        script_response("public, max-age=31536000, immutable")
    } else {
        let mut res = Redirect::temporary("/embed.js").into_response();
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        res
    }
}

/// An embed origin as browsers send it in `Origin`: `scheme://host[:port]`,
/// lowercase, without a default port or a trailing slash. Refuses anything
/// that is not an http(s) origin alone.
pub(crate) fn normalize_origin(given: &str) -> Result<String, String> {
    let bad = |why: &str| format!("embed origin {given:?}: {why}");
    let u = url::Url::parse(given.trim()).map_err(|e| bad(&e.to_string()))?;
    if !matches!(u.scheme(), "http" | "https") {
        return Err(bad("only http and https origins embed the box"));
    }
    if u.path() != "/" || u.query().is_some() || u.fragment().is_some() {
        return Err(bad("give the origin alone (scheme://host[:port]), no path"));
    }
    if !u.username().is_empty() || u.password().is_some() {
        return Err(bad("an origin has no user name or password"));
    }
    Ok(u.origin().ascii_serialization())
}

/// The embed origin that sent this request, when it is one of ours.
fn allowed_origin<'a>(state: &'a AppState, headers: &HeaderMap) -> Option<&'a str> {
    let origin = headers.get(header::ORIGIN)?.to_str().ok()?;
    state
        .config()
        .embed_origins
        .iter()
        .find(|o| o.eq_ignore_ascii_case(origin))
        .map(String::as_str)
}

/// CORS for the box: a GET or HEAD of the API from an embed origin is
/// answered with `Access-Control-Allow-Origin` naming that origin (and the
/// audio's marks exposed); its preflight with 204. No other origin, and
/// no write, gets any CORS header; no credentials are ever allowed (the
/// box sends no cookies). API answers vary by `Origin` when embed origins
/// are set, so a shared cache keeps them apart.
pub(crate) async fn cors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if state.config().embed_origins.is_empty() || !req.uri().path().starts_with("/v1/") {
        return next.run(req).await;
    }
    let origin = allowed_origin(&state, req.headers()).map(str::to_string);
    let read = matches!(*req.method(), Method::GET | Method::HEAD);
    if req.method() == Method::OPTIONS
        && let Some(origin) = &origin
        && req
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_METHOD)
            .is_some_and(|m| m == "GET" || m == "HEAD")
    {
        let mut res = StatusCode::NO_CONTENT.into_response();
        let h = res.headers_mut();
        allow(h, origin);
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, HEAD"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("accept"),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        return res;
    }
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.append(header::VARY, HeaderValue::from_static("origin"));
    if read && let Some(origin) = &origin {
        allow(h, origin);
        h.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("khulasa-marks, khulasa-cache, khulasa-stream, retry-after"),
        );
    }
    res
}

fn allow(h: &mut HeaderMap, origin: &str) {
    if let Ok(v) = HeaderValue::from_str(origin) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
    }
    h.append(header::VARY, HeaderValue::from_static("origin"));
}

/// The fetches made for `url=` boxes: at most [`crate::Config::embed_fetch_limit`]
/// per origin, one at a time (so a page that many readers open at once is
/// fetched once), and the URLs that redirected to a stored article.
pub(crate) struct EmbedFetches {
    limiter: Limiter<String>,
    one_at_a_time: tokio::sync::Mutex<()>,
    aliases: Mutex<HashMap<String, ArticleId>>,
}

impl EmbedFetches {
    pub(crate) fn new(limit: RateLimit) -> EmbedFetches {
        EmbedFetches {
            limiter: Limiter::new(limit),
            one_at_a_time: tokio::sync::Mutex::new(()),
            aliases: Mutex::new(HashMap::new()),
        }
    }

    fn alias(&self, url: &str) -> Option<ArticleId> {
        let map = self.aliases.lock().unwrap_or_else(|p| p.into_inner());
        map.get(url).cloned()
    }

    fn remember(&self, url: String, id: ArticleId) {
        let mut map = self.aliases.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_ALIASES {
            map.clear();
        }
        map.insert(url, id);
    }
}

/// The query of `GET /v1/articles/by-url`.
#[derive(Debug, Deserialize)]
pub(crate) struct ByUrl {
    url: String,
}

/// `GET /v1/articles/by-url?url=`: the stored article whose page is `url`
/// (its fragment ignored). When none is and `url` is on an embed origin,
/// the page is fetched (redirects only within that origin, the SSRF guard
/// on), summarised at the default length and stored, once; then answered
/// like `GET /v1/articles/{id}`, with `Khulasa-Cache: miss`. A URL of any
/// other origin is never fetched: 403 `url_not_allowed`.
pub(crate) async fn by_url(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ByUrl>,
) -> Result<Response, ApiError> {
    let max = state.pipeline().input_limits().url_bytes;
    if q.url.len() > max {
        return Err(ApiError::too_large(format!(
            "url is {} bytes; the limit is {max}",
            q.url.len()
        )));
    }
    let mut url = url::Url::parse(q.url.trim())
        .map_err(|e| ApiError::invalid("invalid_url", format!("url {:?}: {e}", q.url)))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ApiError::invalid(
            "invalid_url",
            "url must be an http or https page",
        ));
    }
    url.set_fragment(None);
    let url = url;
    if let Some(id) = lookup(&state, &q.url, url.as_str()).await? {
        return answer(&state, id, true).await;
    }
    let origin = url.origin().ascii_serialization();
    if !state.config().embed_origins.contains(&origin) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "url_not_allowed",
            "no article is stored for this URL, and its origin is not an embed origin of this server, so it is not fetched",
        ));
    }
    let embed = &state.inner.embed;
    let _turn = embed.one_at_a_time.lock().await;
    // Another box may have fetched it while this one waited.
    if let Some(id) = lookup(&state, &q.url, url.as_str()).await? {
        return answer(&state, id, true).await;
    }
    if let Err(wait) = embed.limiter.take(origin, Instant::now()) {
        let mut res = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "too many pages of this site fetched lately; try again shortly",
        )
        .into_response();
        let secs = wait.ceil().max(1.0) as u64;
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        return Ok(res);
    }
    let article = state
        .article_from(Source::SameOrigin(url.as_str().to_string()))
        .await?;
    let (put, _) = state
        .store_article(article, UrlRole::Identifies, Length::default(), None)
        .await?;
    // A redirect stored it under its final URL: remember the one asked for.
    embed.remember(url.as_str().to_string(), put.id.clone());
    answer(&state, put.id, false).await
}

/// The stored article for `given` (as the page wrote it) or `normalized`
/// (parsed, fragment dropped), or one a fetch of it was redirected to.
async fn lookup(
    state: &AppState,
    given: &str,
    normalized: &str,
) -> Result<Option<ArticleId>, ApiError> {
    let (g, n) = (given.trim().to_string(), normalized.to_string());
    let found = state
        .store_call(move |s| match s.article_id_by_url(&n)? {
            Some(id) => Ok(Some(id)),
            None if g != n => s.article_id_by_url(&g),
            None => Ok(None),
        })
        .await?;
    Ok(found.or_else(|| state.inner.embed.alias(normalized)))
}

async fn answer(state: &AppState, id: ArticleId, cached: bool) -> Result<Response, ApiError> {
    let i = id.clone();
    let stored = state
        .store_call(move |s| s.article(&i))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no article with id {id}")))?;
    let mut res = axum::Json(StoredArticleJson::from(&stored)).into_response();
    res.headers_mut().insert(
        "khulasa-cache",
        HeaderValue::from_static(if cached { "hit" } else { "miss" }),
    );
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::normalize_origin;

    #[test]
    fn origins_are_normalised_as_browsers_send_them() {
        assert_eq!(
            normalize_origin("https://News.Example/").unwrap(),
            "https://news.example"
        );
        assert_eq!(
            normalize_origin("http://127.0.0.1:8081").unwrap(),
            "http://127.0.0.1:8081"
        );
        assert_eq!(
            normalize_origin("https://news.example:443").unwrap(),
            "https://news.example"
        );
        for bad in [
            "news.example",
            "ftp://news.example",
            "https://news.example/path",
            "https://news.example/?q=1",
            "https://user@news.example",
            "",
        ] {
            assert!(normalize_origin(bad).is_err(), "{bad}");
        }
    }
}
