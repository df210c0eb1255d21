//! The versioned JSON API (`/v1/...`), `/healthz`, `/metrics` and
//! `/openapi.json`. Each handler is a small function of typed extractors;
//! the work is in [`crate::engine`].

use crate::engine::{Format, Input, LengthParams, lang_of};
use crate::error::ApiError;
use crate::extract::{ApiPath, ApiQuery, JsonBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use khulasa_core::{Article, Summary};
use khulasa_store::{ArticleId, Page, PutStatus};
use serde::Deserialize;
use serde_json::{Value, json};

/// The OpenAPI document, hand-written beside the handlers.
pub const OPENAPI: &str = include_str!("../assets/openapi.json");

/// Body of `POST /v1/articles`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleRequest {
    url: Option<String>,
    html: Option<String>,
    text: Option<String>,
    title: Option<String>,
    bullets: Option<u32>,
    words: Option<u32>,
    ratio: Option<f64>,
}

impl ArticleRequest {
    fn length(&self) -> LengthParams {
        LengthParams {
            bullets: self.bullets,
            words: self.words,
            ratio: self.ratio,
        }
    }
}

/// The JSON form of a summary: key points with their source sentence
/// indices (as in `khulasa summarize --jsonl`) and the byte spans kept.
pub fn summary_json(summary: &Summary) -> Value {
    let points: Vec<Value> = summary
        .key_points
        .iter()
        .map(|k| {
            json!({
                "text": k.text,
                "sources": k.sources.iter().map(|s| s.sentence).collect::<Vec<_>>(),
                "spans": k.sources.iter().map(|s| json!({"start": s.span.start, "end": s.span.end})).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "key_points": points,
        "method": summary.method,
        "params": summary.params,
        "engine": khulasa_summarize::ENGINE_VERSION,
    })
}

fn article_json(id: &ArticleId, article: &Article) -> Value {
    let mut v = serde_json::to_value(article).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        m.insert("id".into(), json!(id));
        m.insert("reader".into(), json!(format!("/a/{id}")));
    }
    v
}

/// `GET /healthz`: the store answers.
pub async fn healthz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let stats = state.store_call(|s| s.stats()).await?;
    Ok(Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "engine": khulasa_summarize::ENGINE_VERSION,
        "articles": stats.articles,
    })))
}

/// `GET /metrics`: Prometheus text format.
pub async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics().render(),
    )
        .into_response()
}

/// `GET /openapi.json`.
pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// `POST /v1/articles`: fetch or take a page or text, extract, summarise,
/// store. 201 for a new article, 200 when it was already stored.
pub async fn create_article(
    State(state): State<AppState>,
    headers: HeaderMap,
    JsonBody(req): JsonBody<ArticleRequest>,
) -> Result<Response, ApiError> {
    state.authorize(&headers)?;
    let length = req.length().to_length()?;
    let input = Input::from_fields(req.url, req.html, req.text, req.title)?;
    let article = state.article_from(input).await?;
    let meta = json!({
        "title": article.title, "published": article.published, "lang": article.lang,
        "dir": article.dir, "url": article.url,
    });
    let (put, summarized) = state.store_article(article, length).await?;
    let status = match put.status {
        PutStatus::Existing => StatusCode::OK,
        _ => StatusCode::CREATED,
    };
    let mut summary = summary_json(&summarized.summary);
    summary["cached"] = json!(summarized.cached);
    let mut body = json!({
        "id": put.id,
        "status": put.status,
        "reader": format!("/a/{}", put.id),
        "summary": summary,
    });
    if let (Value::Object(b), Value::Object(m)) = (&mut body, meta) {
        b.extend(m);
    }
    let mut res = (status, Json(body)).into_response();
    if let Ok(loc) = HeaderValue::from_str(&format!("/v1/articles/{}", put.id)) {
        res.headers_mut().insert(header::LOCATION, loc);
    }
    Ok(res)
}

/// `GET /v1/articles?q=&page=&per_page=`: newest first, or search results
/// (with `from`, `to`, `site`, `lang`, `sort`: see [`crate::search`]).
pub async fn list_articles(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<crate::search::ListParams>,
) -> Result<Json<Value>, ApiError> {
    let page = q.page(Page::DEFAULT_SIZE);
    let body = match q.search()? {
        Some(query) => json!(crate::search::run(&state, query, page).await?),
        None => {
            let list = state.store_call(move |s| s.latest(page)).await?;
            json!({ "items": list.items, "page": list.page, "per_page": list.per_page, "total": list.total })
        }
    };
    Ok(Json(body))
}

/// `GET /v1/articles/{id}`: the stored article, with its sentences (the
/// indices key points refer to).
pub async fn get_article(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    let id = ArticleId::parse(&id)?;
    let i = id.clone();
    let stored = state
        .store_call(move |s| s.article(&i))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no article with id {id}")))?;
    let mut v = article_json(&id, &stored.article);
    let sentences: Vec<Value> = khulasa_text::segment(&stored.article.text)
        .iter()
        .map(|s| json!({"start": s.span.start, "end": s.span.end, "paragraph": s.paragraph}))
        .collect();
    v["sentences"] = Value::Array(sentences);
    v["added"] = json!(stored.added);
    Ok(Json(v))
}

/// `GET /v1/articles/{id}/summary?bullets=|words=|ratio=`: from the store
/// when it was made before (`"cached": true`), else made and stored.
pub async fn get_summary(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(length): ApiQuery<LengthParams>,
) -> Result<Json<Value>, ApiError> {
    let id = ArticleId::parse(&id)?;
    let length = length.to_length()?;
    let s = state
        .summary_of(&id, length)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no article with id {id}")))?;
    let mut v = summary_json(&s.summary);
    v["article"] = json!(id);
    v["cached"] = json!(s.cached);
    Ok(Json(v))
}

/// `GET /v1/articles/{id}/summary/audio`: format from `Accept`.
pub async fn get_audio(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(length): ApiQuery<LengthParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let format = Format::from_accept(accept).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_ACCEPTABLE,
            "not_acceptable",
            "audio is served as audio/mpeg, audio/wav or audio/ogg",
        )
    })?;
    audio(state, id, length, format).await
}

/// `GET /v1/articles/{id}/summary/audio.{mp3,wav,ogg}`: format from the
/// extension.
pub async fn get_audio_ext(
    State(state): State<AppState>,
    ApiPath((id, file)): ApiPath<(String, String)>,
    ApiQuery(length): ApiQuery<LengthParams>,
) -> Result<Response, ApiError> {
    let format = file
        .strip_prefix("audio.")
        .and_then(Format::from_ext)
        .ok_or_else(|| {
            ApiError::not_found("audio is at summary/audio, summary/audio.mp3, .wav or .ogg")
        })?;
    audio(state, id, length, format).await
}

async fn audio(
    state: AppState,
    id: String,
    length: LengthParams,
    format: Format,
) -> Result<Response, ApiError> {
    let id = ArticleId::parse(&id)?;
    let length = length.to_length()?;
    let (audio, cached) = state
        .audio_of(&id, length, format)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no article with id {id}")))?;
    let mut res = audio.bytes.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.mime()),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    h.insert(header::VARY, HeaderValue::from_static("accept"));
    // Marks are ASCII JSON (numbers only), so they fit in a header.
    if let Ok(v) = HeaderValue::from_str(&audio.marks) {
        h.insert("khulasa-marks", v);
    }
    h.insert(
        "khulasa-cache",
        HeaderValue::from_static(if cached { "hit" } else { "miss" }),
    );
    Ok(res)
}

/// Body of `POST /v1/summarize`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummarizeRequest {
    html: Option<String>,
    text: Option<String>,
    title: Option<String>,
    url: Option<String>,
    bullets: Option<u32>,
    words: Option<u32>,
    ratio: Option<f64>,
}

/// `POST /v1/summarize`: text or HTML in, key points out; nothing stored.
pub async fn summarize(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<SummarizeRequest>,
) -> Result<Json<Value>, ApiError> {
    let length = LengthParams {
        bullets: req.bullets,
        words: req.words,
        ratio: req.ratio,
    }
    .to_length()?;
    if req.html.is_none() && req.text.is_none() {
        return Err(ApiError::invalid(
            "invalid_input",
            "give text (+ title) or html; to fetch a URL use POST /v1/articles",
        ));
    }
    let input = Input::from_fields(req.url, req.html, req.text, req.title)?;
    let article = std::sync::Arc::new(state.article_from(input).await?);
    let summary = state
        .summarize(std::sync::Arc::clone(&article), length)
        .await?;
    let mut v = summary_json(&summary);
    v["title"] = json!(article.title);
    v["lang"] = json!(lang_of(&article).code());
    v["text"] = json!(article.text);
    v["sentences"] = Value::Array(
        khulasa_text::segment(&article.text)
            .iter()
            .map(|s| json!({"start": s.span.start, "end": s.span.end, "paragraph": s.paragraph}))
            .collect(),
    );
    Ok(Json(v))
}

/// Any other path under the API: a JSON 404.
pub async fn not_found() -> ApiError {
    ApiError::not_found("no such endpoint; the API is described at /openapi.json")
}
