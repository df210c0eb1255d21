//! The versioned JSON API (`/v1/...`), `/healthz`, `/metrics` and
//! `/openapi.json`. Each handler is a small function of typed extractors;
//! the work is in [`crate::work`], which hands it to `khulasa-pipeline`.

use crate::error::ApiError;
use crate::extract::{ApiPath, ApiQuery, Authorized, JsonBody};
use crate::state::AppState;
use crate::work::{AudioAnswer, PieceStream, Source, format_from_accept};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use khulasa_pipeline::AudioFormat;
use khulasa_pipeline::wire::{
    ArticleRequest, CreatedJson, LengthParams, StoredArticleJson, SummarizedJson, SummaryJson,
};
use khulasa_store::{ArticleId, Page, PutStatus};
use serde_json::{Value, json};

/// The OpenAPI document's paths and the schemas that are not wire types,
/// written by hand beside the handlers. The wire types' schemas are
/// generated from the types themselves and merged in by [`openapi_doc`].
const OPENAPI_PATHS: &str = include_str!("../assets/openapi.json");

/// The OpenAPI document as served: the hand-written paths with the wire
/// types' generated schemas (`khulasa_pipeline::wire::schemas`), so a
/// change of a type changes its description. Built once.
pub(crate) fn openapi_doc() -> &'static str {
    static DOC: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc: Value =
            serde_json::from_str(OPENAPI_PATHS).expect("assets/openapi.json is valid JSON");
        let schemas = &mut doc["components"]["schemas"];
        for (name, schema) in khulasa_pipeline::wire::schemas() {
            schemas[name] = serde_json::to_value(schema).expect("a schema serialises");
        }
        doc.to_string()
    })
}

/// `GET /healthz`: the store answers.
pub(crate) async fn healthz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let stats = state.store_call(|s| s.stats()).await?;
    Ok(Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "engine_version": state.pipeline().engine_version(),
        "articles": stats.articles,
    })))
}

/// `GET /metrics`: Prometheus text format.
pub(crate) async fn metrics(State(state): State<AppState>) -> Response {
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
pub(crate) async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], openapi_doc()).into_response()
}

/// `POST /v1/articles`: fetch or take a page or text, extract, summarise,
/// store. 201 for a new article, 200 when it was already stored.
pub(crate) async fn create_article(
    State(state): State<AppState>,
    _key: Authorized,
    JsonBody(req): JsonBody<ArticleRequest>,
) -> Result<Response, ApiError> {
    let length = req.length().to_length()?;
    let source = Source::from_fields(req.url, req.html, req.text, req.title)?;
    let role = source.url_role();
    let article = state.article_from(source).await?;
    let meta = article.clone();
    let (put, made) = state
        .store_article(article, role, length, req.engine)
        .await?;
    let status = match put.status {
        PutStatus::Existing => StatusCode::OK,
        _ => StatusCode::CREATED,
    };
    let body = CreatedJson::new(&put, &meta, made.json());
    let mut res = (status, Json(body)).into_response();
    if let Ok(loc) = HeaderValue::from_str(&format!("/v1/articles/{}", put.id)) {
        res.headers_mut().insert(header::LOCATION, loc);
    }
    Ok(res)
}

/// `GET /v1/articles?q=&page=&per_page=`: newest first, or search results
/// (with `from`, `to`, `site`, `lang`, `sort`: see [`crate::search`]).
pub(crate) async fn list_articles(
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
pub(crate) async fn get_article(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<StoredArticleJson>, ApiError> {
    let id = ArticleId::parse(&id)?;
    let i = id.clone();
    let stored = state
        .store_call(move |s| s.article(&i))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no article with id {id}")))?;
    Ok(Json(StoredArticleJson::from(&stored)))
}

/// `GET /v1/articles/{id}/summary?bullets=|words=|ratio=`: from the store
/// when it was made before (`"cached": true`), else made and stored.
pub(crate) async fn get_summary(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(length): ApiQuery<LengthParams>,
    headers: HeaderMap,
) -> Result<Json<SummaryJson>, ApiError> {
    let id = ArticleId::parse(&id)?;
    let length = length.to_length()?;
    let s = state
        .summary_of(&id, length, state.authorize(&headers))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no article with id {id}")))?;
    Ok(Json(s.json().of_article(&id)))
}

/// `GET /v1/articles/{id}/summary/audio`: format from `Accept`.
pub(crate) async fn get_audio(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(length): ApiQuery<LengthParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let format = format_from_accept(accept).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_ACCEPTABLE,
            "not_acceptable",
            "audio is served as audio/mpeg, audio/wav or audio/ogg",
        )
    })?;
    let key = state.authorize(&headers);
    audio(state, id, length, format, key).await
}

/// `GET /v1/articles/{id}/summary/audio.{mp3,wav,ogg}`: format from the
/// extension.
pub(crate) async fn get_audio_ext(
    State(state): State<AppState>,
    ApiPath((id, file)): ApiPath<(String, String)>,
    ApiQuery(length): ApiQuery<LengthParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let format = file
        .strip_prefix("audio.")
        .and_then(AudioFormat::from_extension)
        .ok_or_else(|| {
            ApiError::not_found("audio is at summary/audio, summary/audio.mp3, .wav or .ogg")
        })?;
    let key = state.authorize(&headers);
    audio(state, id, length, format, key).await
}

async fn audio(
    state: AppState,
    id: String,
    length: LengthParams,
    format: AudioFormat,
    may_compute: Result<(), ApiError>,
) -> Result<Response, ApiError> {
    let id = ArticleId::parse(&id)?;
    let length = length.to_length()?;
    let answer = state
        .audio_of(&id, length, format, may_compute)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no article with id {id}")))?;
    let (audio, cached) = match answer {
        AudioAnswer::Whole(audio, cached) => (audio, cached),
        AudioAnswer::Streamed(first, rest) => {
            // Chunked: the first sentence's MP3 leaves as soon as it is
            // encoded. No marks header (they are known at the end); the
            // page reads them from `summary/marks` once the body is done.
            let body = axum::body::Body::from_stream(PieceStream {
                first: Some(first),
                rest,
            });
            let mut res = body.into_response();
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(format.mime()),
            );
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            h.insert(header::VARY, HeaderValue::from_static("accept"));
            h.insert("khulasa-cache", HeaderValue::from_static("miss"));
            h.insert("khulasa-stream", HeaderValue::from_static("sentences"));
            return Ok(res);
        }
    };
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

/// `POST /v1/summarize`: text or HTML in, key points out; nothing stored.
pub(crate) async fn summarize(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<ArticleRequest>,
) -> Result<Json<SummarizedJson>, ApiError> {
    let length = req.length().to_length()?;
    if req.html.is_none() && req.text.is_none() {
        return Err(ApiError::invalid(
            "invalid_input",
            "give text (+ title) or html; to fetch a URL use POST /v1/articles",
        ));
    }
    let source = Source::from_fields(req.url, req.html, req.text, req.title)?;
    let article = std::sync::Arc::new(state.article_from(source).await?);
    let made = state
        .summarize(std::sync::Arc::clone(&article), length, req.engine)
        .await?;
    let mut summary = made.json();
    summary.cached = None;
    Ok(Json(SummarizedJson::new(&article, summary)))
}

/// Any other path under the API: a JSON 404.
pub(crate) async fn not_found() -> ApiError {
    ApiError::not_found("no such endpoint; the API is described at /openapi.json")
}
