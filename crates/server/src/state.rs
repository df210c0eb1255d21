//! Settings and shared state of a running server.

use crate::error::ApiError;
use crate::metrics::Metrics;
use axum::http::{HeaderMap, StatusCode, header};
use khulasa_fetch::{FetchConfig, Fetcher};
use khulasa_store::Store;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// How a server behaves. `Config::default()` is safe to expose: private
/// URLs refused, bounded bodies and times. Every limit is documented in
/// `docs/server.md`.
#[derive(Debug, Clone)]
pub struct Config {
    /// When set, write endpoints (`POST /v1/articles`, the page form)
    /// require it as `Authorization: Bearer KEY` or `X-Api-Key: KEY`.
    /// By default unset: no key needed.
    pub api_key: Option<String>,
    /// Let `{"url"}` requests reach loopback, private, link-local and
    /// metadata addresses. By default `false` (SSRF guard on).
    pub allow_private_urls: bool,
    /// Largest request body; larger ones get 413. By default 4 MiB.
    pub max_body_bytes: usize,
    /// Largest `html` field. By default 4 MiB.
    pub max_html_bytes: usize,
    /// Largest `text` field, and largest extracted article text.
    /// By default 1 MiB (a long news article is under 50 KiB).
    pub max_text_bytes: usize,
    /// Largest `title`. By default 2 KiB.
    pub max_title_bytes: usize,
    /// Longest `url`. By default 2 KiB.
    pub max_url_bytes: usize,
    /// Time allowed for a whole request (fetch, extraction, summarising,
    /// speech); after it the client gets 503 `timeout`. By default 60 s.
    pub request_timeout: Duration,
    /// CPU-bound jobs (extract, summarise, speak) run at once; more wait.
    /// By default the number of cores.
    pub cpu_jobs: usize,
    /// Connections served at once by [`crate::serve`]; further clients wait
    /// in the listen queue until one closes. By default 1,024.
    pub max_connections: usize,
    /// Threads of the runtime's blocking pool ([`crate::runtime`]), where
    /// store calls, CPU jobs and DNS lookups run; further calls queue for a
    /// free thread. By default the work that can actually run at once:
    /// [`Config::cpu_jobs`] + the store's connections
    /// ([`khulasa_store::READERS`] readers and one writer) + 4 for DNS
    /// lookups of fetches. Each thread costs a stack and, under glibc, a
    /// share of per-thread malloc arenas: tokio's default (512) let the
    /// pool grow to hundreds of threads under load.
    pub blocking_threads: usize,
    /// glibc only: the most malloc arenas [`crate::runtime`] lets the C
    /// allocator use (`M_ARENA_MAX`); 0 leaves glibc's default (8 per core),
    /// and a `MALLOC_ARENA_MAX` in the environment wins. By default 2: with
    /// an arena per thread, each keeps the high-water mark of the requests
    /// its thread served, and a search reads posting lists that grow with
    /// the store, so memory crept up with the number of articles (44 MB at
    /// 87,500 articles under searches for common words, against 30-33 MB
    /// with one or two arenas).
    pub malloc_arenas: usize,
    /// Time a client has to send a request's headers (the whole head, from
    /// its first byte, and on a kept-alive connection from the end of the
    /// last answer): a slow-loris client that trickles its headers, or a
    /// kept-alive connection left idle, is closed after it. By default 10 s.
    pub header_timeout: Duration,
    /// Time a connection may go without the client taking any of the
    /// answer's bytes: a client that never reads is closed after it. It
    /// resets whenever bytes go out, so a slow but reading client finishes.
    /// By default 30 s.
    pub write_timeout: Duration,
    /// When not empty, only requests whose `Host` (without the port) is one
    /// of these are served; others get 421. Guards a local instance
    /// against DNS rebinding (a web page whose name resolves to 127.0.0.1).
    /// By default empty: any Host.
    pub allowed_hosts: Vec<String>,
    /// Requests a client (IP address) may make, when set; over it the
    /// client gets 429 `rate_limited` with `Retry-After`. Applied by
    /// [`crate::serve`], which knows the peer address; `/healthz` and
    /// `/metrics` are exempt (monitoring polls them). By default unset.
    pub rate_limit: Option<crate::ratelimit::RateLimit>,
    /// Web origins (`https://news.example`) whose pages may embed the
    /// summary box (`/embed.js`): only they get CORS headers on the API's
    /// reads, and only their pages are fetched for a `url=` box that is not
    /// stored yet. Normalised by [`AppState::new`] (lowercase, default port
    /// dropped); a value with a path, query or other scheme than http(s)
    /// is refused. By default empty: no origin.
    pub embed_origins: Vec<String>,
    /// Pages fetched for `url=` boxes, per embed origin; over it the box
    /// gets 429 `rate_limited`. By default 10 a minute, in bursts of 10.
    pub embed_fetch_limit: crate::ratelimit::RateLimit,
    /// Settings for fetching `{"url"}` pages; `allow_private` is taken from
    /// [`Config::allow_private_urls`].
    pub fetch: FetchConfig,
    /// Extraction limits for `html` and `url` requests: page size, depth,
    /// elements, and the time budget of the extraction stage (over it: 503
    /// `timeout`). By default the library's, with no clock of its own.
    pub extract: khulasa_extract::Limits,
    /// Summarising limits, including the stage's time budget. By default the
    /// library's.
    pub summarize: khulasa_summarize::Limits,
    /// Speech settings and limits (text size, audio length, the stage's time
    /// budget). By default the library's.
    pub speech: khulasa_speech::SpeechOptions,
    /// The language model endpoint, when there is one. By default none.
    pub llm: Option<khulasa_pipeline::LlmConfig>,
    /// The engine of every summary not asking for another (`"engine"` on
    /// `POST /v1/summarize` and `POST /v1/articles`). By default the
    /// extractive one; `llm` needs [`Config::llm`]. When the endpoint fails
    /// the extractive summary is served with a `warning`, never a 500.
    pub engine: khulasa_pipeline::Engine,
}

impl Default for Config {
    fn default() -> Self {
        let cpu_jobs = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        Config {
            api_key: None,
            allow_private_urls: false,
            max_body_bytes: 4 << 20,
            max_html_bytes: 4 << 20,
            max_text_bytes: 1 << 20,
            max_title_bytes: 2 << 10,
            max_url_bytes: 2 << 10,
            request_timeout: Duration::from_secs(60),
            cpu_jobs,
            max_connections: 1024,
            blocking_threads: cpu_jobs + khulasa_store::READERS + 1 + 4,
            malloc_arenas: 2,
            header_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(30),
            allowed_hosts: Vec::new(),
            rate_limit: None,
            embed_origins: Vec::new(),
            embed_fetch_limit: crate::ratelimit::RateLimit {
                per_second: 10.0 / 60.0,
                burst: 10,
            },
            fetch: FetchConfig::default(),
            extract: khulasa_extract::Limits::default(),
            summarize: khulasa_summarize::Limits::default(),
            speech: khulasa_speech::SpeechOptions::default(),
            llm: None,
            engine: khulasa_pipeline::Engine::Extractive,
        }
    }
}

/// Why a server could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The URL fetcher could not be built.
    #[error("could not set up URL fetching: {0}")]
    Fetcher(#[from] khulasa_fetch::FetchError),
    /// The demo article could not be loaded.
    #[error("could not load the demo article: {0}")]
    Demo(String),
    /// A setting is out of range.
    #[error("invalid setting: {0}")]
    Config(String),
}

/// What every handler shares: the store, settings, metrics, the fetcher,
/// the summarizer and (once first needed) the speaker. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) config: Config,
    pub(crate) metrics: Metrics,
    pub(crate) fetcher: Fetcher,
    /// Built once from the config, caching in `store`. Its speaker loads
    /// espeak-ng on first use: a machine without it serves everything but
    /// audio (503 `speech_unavailable`).
    pub(crate) pipeline: khulasa_pipeline::Pipeline,
    pub(crate) jobs: Arc<Semaphore>,
    /// Per-client buckets, when [`Config::rate_limit`] is set.
    pub(crate) limiter: Option<crate::ratelimit::Limiter>,
    /// Fetches for `url=` boxes: their rate, one at a time, and the URLs
    /// that redirected to the article they name.
    pub(crate) embed: crate::embed::EmbedFetches,
}

impl AppState {
    /// A server over `store` with `config`.
    pub fn new(store: Arc<dyn Store>, mut config: Config) -> Result<AppState, ServerError> {
        if config.cpu_jobs == 0 {
            return Err(ServerError::Config("cpu_jobs must be at least 1".into()));
        }
        if config.max_connections == 0 || config.header_timeout.is_zero() {
            return Err(ServerError::Config(
                "max_connections and header_timeout must be above zero".into(),
            ));
        }
        if config.blocking_threads < config.cpu_jobs + 1 {
            return Err(ServerError::Config(format!(
                "blocking_threads ({}) must be above cpu_jobs ({}), or store calls would wait for CPU jobs",
                config.blocking_threads, config.cpu_jobs
            )));
        }
        // A key read from a file or an environment variable often ends
        // with a newline no client would send.
        config.api_key = config.api_key.map(|k| k.trim().to_string());
        if config.api_key.as_deref() == Some("") {
            return Err(ServerError::Config("api_key is empty".into()));
        }
        if config.write_timeout.is_zero() {
            return Err(ServerError::Config(
                "write_timeout must be above zero".into(),
            ));
        }
        // The page limit bounds a page's inflated size too: a gzipped page
        // of a few KB may inflate to the library's 64 MiB default.
        config.extract.max_decompressed_bytes = config
            .extract
            .max_decompressed_bytes
            .min(config.max_html_bytes);
        config.allowed_hosts = config
            .allowed_hosts
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        for r in config.rate_limit.iter().chain([&config.embed_fetch_limit]) {
            if !(r.per_second.is_finite() && r.per_second > 0.0 && r.burst > 0) {
                return Err(ServerError::Config(
                    "a rate limit needs a positive rate and burst".into(),
                ));
            }
        }
        config.embed_origins = config
            .embed_origins
            .iter()
            .map(|o| crate::embed::normalize_origin(o).map_err(ServerError::Config))
            .collect::<Result<_, _>>()?;
        config.fetch.allow_private = config.allow_private_urls;
        // A fetched page may be as large as an HTML field, no larger.
        config.fetch.max_body_bytes = config.max_html_bytes as u64;
        let fetcher = Fetcher::new(config.fetch.clone())?;
        let pipeline = khulasa_pipeline::Pipeline::new(khulasa_pipeline::Config {
            input: khulasa_pipeline::InputLimits {
                html_bytes: config.max_html_bytes,
                text_bytes: config.max_text_bytes,
                title_bytes: config.max_title_bytes,
                url_bytes: config.max_url_bytes,
            },
            extract: config.extract.clone(),
            summarize: khulasa_summarize::Options {
                limits: config.summarize,
                ..Default::default()
            },
            // A voice file that will not load must not fail the pages:
            // espeak-ng reads instead, and the log says why.
            speech: khulasa_speech::SpeechOptions {
                voice_fallback: true,
                ..config.speech.clone()
            },
            llm: config.llm.clone(),
            engine: config.engine,
        })
        .map_err(|e| ServerError::Config(e.to_string()))?
        .with_store(Arc::clone(&store));
        for w in pipeline.speaker().voice_warnings() {
            tracing::warn!("{w}");
        }
        Ok(AppState {
            inner: Arc::new(Inner {
                store,
                jobs: Arc::new(Semaphore::new(config.cpu_jobs)),
                limiter: config.rate_limit.map(crate::ratelimit::Limiter::new),
                embed: crate::embed::EmbedFetches::new(config.embed_fetch_limit),
                config,
                metrics: Metrics::default(),
                fetcher,
                pipeline,
            }),
        })
    }

    /// The store this server uses.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.inner.store
    }

    /// The settings.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The metrics.
    pub(crate) fn metrics(&self) -> &Metrics {
        &self.inner.metrics
    }

    /// Checks the API key of a write request, when one is configured.
    pub fn authorize(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        let Some(key) = &self.inner.config.api_key else {
            return Ok(());
        };
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(bearer_token)
            .or_else(|| headers.get("x-api-key").and_then(|v| v.to_str().ok()));
        match given {
            Some(g) if key_matches(g.trim(), key) => Ok(()),
            Some(_) => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "the API key is wrong",
            )),
            None => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "this endpoint needs an API key: send `Authorization: Bearer KEY` or `X-Api-Key: KEY`",
            )),
        }
    }

    /// Checks a key typed into the page form.
    pub fn key_ok(&self, given: Option<&str>) -> bool {
        match &self.inner.config.api_key {
            None => true,
            Some(k) => given.is_some_and(|g| key_matches(g.trim(), k)),
        }
    }
}

/// The token of an `Authorization: Bearer TOKEN` header; the scheme name
/// is case-insensitive (RFC 9110 §11.1), so `bearer` and `BEARER` work.
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim_start().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token)
}

/// Compares keys in time independent of where they first differ.
fn key_matches(given: &str, key: &str) -> bool {
    let (a, b) = (given.as_bytes(), key.as_bytes());
    let mut diff = (a.len() ^ b.len()) as u8 | u8::from(a.len() != b.len());
    for (i, k) in b.iter().enumerate() {
        diff |= a.get(i).copied().unwrap_or(0) ^ k;
    }
    diff == 0
}

#[cfg(test)]
mod tests {
    use super::key_matches;

    #[test]
    fn a_blocking_pool_no_larger_than_the_cpu_jobs_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store =
            std::sync::Arc::new(khulasa_store::SqliteStore::open(dir.path().join("k.db")).unwrap());
        let config = |blocking_threads| super::Config {
            cpu_jobs: 2,
            blocking_threads,
            ..super::Config::default()
        };
        let err = super::AppState::new(store.clone(), config(2))
            .err()
            .unwrap();
        assert!(err.to_string().contains("blocking_threads"), "{err}");
        assert!(super::AppState::new(store, config(3)).is_ok());
    }

    #[test]
    fn the_bearer_scheme_is_case_insensitive() {
        assert_eq!(super::bearer_token("Bearer k"), Some("k"));
        assert_eq!(super::bearer_token("bearer k"), Some("k"));
        assert_eq!(super::bearer_token("BEARER k"), Some("k"));
        assert_eq!(super::bearer_token("Basic k"), None);
        assert_eq!(super::bearer_token("Bearerk"), None);
    }

    #[test]
    fn keys_match_only_exactly() {
        assert!(key_matches("s3cret", "s3cret"));
        assert!(!key_matches("s3cre", "s3cret"));
        assert!(!key_matches("s3cretX", "s3cret"));
        assert!(!key_matches("", "s3cret"));
        assert!(!key_matches("S3cret", "s3cret"));
    }
}
