//! The khulasa server: a versioned JSON API and a reader page over a
//! [`khulasa_store::Store`].
//!
//! What goes in: HTTP requests — a URL, a page's HTML or a text to
//! summarise and store; ids of stored articles to read, summarise or speak;
//! search queries. What comes out: JSON (errors as `{"error": {"code",
//! "message"}}`), audio, Prometheus metrics, and server-rendered HTML pages
//! (`/` and `/a/{id}`) whose assets are embedded in the binary. The API is
//! described at `/openapi.json`; limits and routes in `docs/server.md`.
//!
//! [`app`] builds the router; tests call it directly. The work is
//! `khulasa-pipeline`'s: a handler (`api`, `pages`) parses the request,
//! `work` runs the pipeline off the async threads (answering cache hits
//! without waiting for a CPU slot), and `error` turns a `PipelineError`
//! into a status and `{"error": {"code", "message"}}`. The answers are the
//! pipeline's wire types, whose schemas `/openapi.json` is generated from.
//!
//! ```
//! use khulasa_server::{app, AppState, Config};
//! use khulasa_store::SqliteStore;
//! use std::sync::Arc;
//!
//! let dir = tempfile::tempdir()?;
//! let store = Arc::new(SqliteStore::open(dir.path().join("k.db"))?);
//! let state = AppState::new(store, Config::default())?;
//! let router = app(state);
//! # let rt = tokio::runtime::Runtime::new()?;
//! # rt.block_on(async {
//! // Serve it: axum::serve(tokio::net::TcpListener::bind("127.0.0.1:8080").await?, router).await
//! # let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! # let addr = listener.local_addr()?;
//! # tokio::spawn(async move { axum::serve(listener, router).await });
//! # let mut s = tokio::net::TcpStream::connect(addr).await?;
//! # use tokio::io::{AsyncReadExt, AsyncWriteExt};
//! # s.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").await?;
//! # let mut out = String::new(); s.read_to_string(&mut out).await?;
//! # assert!(out.starts_with("HTTP/1.1 200"), "{out}");
//! # assert!(out.contains(r#""status":"ok""#));
//! # Ok::<(), std::io::Error>(())
//! # })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(unreachable_pub)]

mod api;
pub mod demo;
mod embed;
mod error;
mod extract;
mod html;
mod metrics;
mod pages;
mod ratelimit;
mod search;
mod state;
mod work;

pub use embed::versioned_path as embed_script_path;
pub use error::ApiError;
pub use ratelimit::RateLimit;
pub use state::{AppState, Config, ServerError};

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::time::Instant;

/// Every route the server answers, as `(method, path)`: the OpenAPI
/// document must describe exactly the `/v1`, health, metrics and
/// `openapi.json` ones (a test checks).
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/"),
    ("POST", "/new"),
    ("GET", "/a/{id}"),
    ("GET", "/assets/{file}"),
    ("GET", "/embed.js"),
    ("GET", "/embed/{version}/embed.js"),
    ("GET", "/healthz"),
    ("GET", "/metrics"),
    ("GET", "/openapi.json"),
    ("GET", "/v1/articles"),
    ("POST", "/v1/articles"),
    ("GET", "/v1/articles/by-url"),
    ("GET", "/v1/articles/{id}"),
    ("GET", "/v1/articles/{id}/related"),
    ("GET", "/v1/articles/{id}/summary"),
    ("GET", "/v1/articles/{id}/summary/audio"),
    ("GET", "/v1/articles/{id}/summary/{file}"),
    ("POST", "/v1/summarize"),
];

/// The router: API, pages, assets, with the server's limits (body size,
/// time), metrics and error policy applied to every route.
pub fn app(state: AppState) -> Router {
    let body_limit = state.config().max_body_bytes;
    Router::new()
        .route("/", get(pages::index))
        .route("/new", post(pages::create_from_form))
        .route("/a/{id}", get(pages::reader))
        .route("/assets/{file}", get(pages::asset))
        .route("/embed.js", get(embed::script))
        .route("/embed/{version}/embed.js", get(embed::versioned_script))
        .route("/healthz", get(api::healthz))
        .route("/metrics", get(api::metrics))
        .route("/openapi.json", get(api::openapi))
        .route(
            "/v1/articles",
            get(api::list_articles).post(api::create_article),
        )
        .route("/v1/articles/by-url", get(embed::by_url))
        .route("/v1/articles/{id}", get(api::get_article))
        .route("/v1/articles/{id}/related", get(search::related))
        .route("/v1/articles/{id}/summary", get(api::get_summary))
        .route("/v1/articles/{id}/summary/audio", get(api::get_audio))
        .route("/v1/articles/{id}/summary/{file}", get(api::get_audio_ext))
        .route("/v1/summarize", post(api::summarize))
        .fallback(fallback)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::extract::DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn_with_state(state.clone(), limits))
        // Outside the limits, so a 429 or 413 reaches the box readable.
        .layer(middleware::from_fn_with_state(state.clone(), embed::cors))
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_| {
            ApiError::internal("a handler panicked").into_response()
        }))
        .with_state(state)
}

async fn fallback(req: Request) -> Response {
    if req.uri().path().starts_with("/v1/") {
        api::not_found().await.into_response()
    } else {
        pages::not_found().await
    }
}

async fn method_not_allowed(req: Request) -> Response {
    error_for(
        req.uri().path(),
        ApiError::new(
            axum::http::StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "this path does not take that method; see /openapi.json",
        ),
    )
}

/// True for the routes that answer JSON (the API, health, metrics and the
/// OpenAPI document); the others are pages and answer errors as pages.
fn is_api_path(path: &str) -> bool {
    path.starts_with("/v1/")
        || path == "/v1"
        || matches!(path, "/healthz" | "/metrics" | "/openapi.json")
}

/// An error in the form of its route: JSON for the API, a page otherwise.
fn error_for(path: &str, e: ApiError) -> Response {
    if is_api_path(path) {
        e.into_response()
    } else {
        pages::error_page(&e)
    }
}

/// The host name of a `Host` header, lowercased, without the port.
fn host_name(host: &str) -> String {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    name.to_ascii_lowercase()
}

/// Refuses hosts outside [`Config::allowed_hosts`] (421) and bodies whose
/// declared length is over the limit before reading them (413), and bounds
/// the time of every request (503 `timeout`); each error in its route's
/// form.
async fn limits(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let cfg = state.config();
    let path = req.uri().path().to_string();
    if !cfg.allowed_hosts.is_empty() {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .or_else(|| req.uri().host())
            .map(host_name);
        if !host.is_some_and(|h| cfg.allowed_hosts.contains(&h)) {
            return error_for(
                &path,
                ApiError::new(
                    axum::http::StatusCode::MISDIRECTED_REQUEST,
                    "unknown_host",
                    "this server does not answer for that host name",
                ),
            );
        }
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > cfg.max_body_bytes as u64) {
        return error_for(
            &path,
            ApiError::too_large(format!(
                "the request body is {} bytes; the limit is {}",
                declared.unwrap_or(0),
                cfg.max_body_bytes
            )),
        );
    }
    if let (Some(limiter), Some(Peer(ip))) = (&state.inner.limiter, req.extensions().get::<Peer>())
        && !matches!(path.as_str(), "/healthz" | "/metrics")
        && let Err(wait) = limiter.take(*ip, Instant::now())
    {
        let mut res = error_for(
            &path,
            ApiError::new(
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "too many requests from this address; try again shortly",
            ),
        );
        let secs = wait.ceil().max(1.0) as u64;
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        return res;
    }
    match tokio::time::timeout(cfg.request_timeout, next.run(req)).await {
        Ok(res) => res,
        Err(_) => error_for(
            &path,
            ApiError::new(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "timeout",
                format!(
                    "the request took longer than {} s",
                    cfg.request_timeout.as_secs_f32()
                ),
            ),
        ),
    }
}

/// Counts and times every request by route pattern; adds the headers every
/// answer carries.
async fn observe(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    // Only the patterns of `ROUTES` are labels; anything else (the
    // fallback) is `unmatched`, never the raw path.
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .and_then(|p| ROUTES.iter().find(|(_, r)| *r == p.as_str()))
        .map_or("unmatched", |(_, r)| *r);
    let method = method_label(req.method());
    let mut res = next.run(req).await;
    state
        .metrics()
        .request(route, method, res.status().as_u16(), start.elapsed());
    res.headers_mut().insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    res
}

/// The method as a metrics label: the standard methods by name, any other
/// as `other`. A client may send any token as a method; each would be a
/// new series kept for ever.
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// The multi-threaded runtime to serve on: `worker_threads` async threads
/// (default: one per core) and a blocking pool of at most
/// [`Config::blocking_threads`] threads, kept for 10 s when idle.
///
/// The bound matters for memory: every store call runs on the blocking
/// pool, and under load tokio (default limit 512) starts a thread whenever
/// none is idle at that instant, so a burst of quick reads grew the pool to
/// hundreds of threads, each with its stack and its malloc arena. The work
/// that can run at once is smaller (the store has a few connections, the
/// CPU jobs are limited by [`Config::cpu_jobs`]); the rest queues.
///
/// It also caps glibc's malloc arenas at [`Config::malloc_arenas`] (unless
/// `MALLOC_ARENA_MAX` is set): call it before starting other threads.
pub fn runtime(
    config: &Config,
    worker_threads: Option<usize>,
) -> std::io::Result<tokio::runtime::Runtime> {
    if config.malloc_arenas > 0
        && std::env::var_os("MALLOC_ARENA_MAX").is_none()
        && !limit_malloc_arenas(config.malloc_arenas)
    {
        tracing::warn!("could not limit malloc arenas to {}", config.malloc_arenas);
    }
    let mut rt = tokio::runtime::Builder::new_multi_thread();
    if let Some(n) = worker_threads {
        rt.worker_threads(n.max(1));
    }
    rt.max_blocking_threads(config.blocking_threads.max(1))
        .thread_keep_alive(std::time::Duration::from_secs(10))
        .enable_all()
        .build()
}

/// Caps the C allocator's arenas (glibc's `M_ARENA_MAX`). glibc fixes the
/// cap when the process first needs more arenas than its starting count,
/// so this must run before the runtime's threads start; later calls may be
/// ignored, which costs memory, never correctness. True when glibc took it.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn limit_malloc_arenas(n: usize) -> bool {
    use std::ffi::c_int;
    const M_ARENA_MAX: c_int = -8;
    unsafe extern "C" {
        fn mallopt(param: c_int, value: c_int) -> c_int;
    }
    let n = c_int::try_from(n).unwrap_or(c_int::MAX);
    // SAFETY: mallopt only sets a tunable of glibc's allocator; it takes
    // two integers and touches no memory of ours.
    unsafe { mallopt(M_ARENA_MAX, n) == 1 }
}

/// Other C libraries have no per-thread arenas to cap.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas(_n: usize) -> bool {
    true
}

/// Serves `app(state)` on `listener` until Ctrl-C or SIGTERM, then lets
/// requests in flight finish.
///
/// HTTP/1.1 with two guards `axum::serve` does not give: at most
/// [`Config::max_connections`] connections at once (more wait in the
/// kernel's listen queue), and [`Config::header_timeout`] to send each
/// request's headers, so slow-loris clients and idle kept-alive connections
/// cannot hold file descriptors and tasks for ever.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    use std::sync::Arc;

    let cfg = state.config().clone();
    let router = app(state);
    let slots = Arc::new(tokio::sync::Semaphore::new(cfg.max_connections));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(cfg.header_timeout)
        .keep_alive(true);
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = Arc::clone(&slots).acquire_owned() => p.expect("the semaphore is never closed"),
            _ = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait, go on.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        // Keepalive probes find peers that vanished without a FIN (a
        // dropped laptop, a NAT that forgot us) while we wait to read.
        let keepalive = socket2::TcpKeepalive::new().with_time(KEEPALIVE_IDLE);
        let _ = socket2::SockRef::from(&stream).set_tcp_keepalive(&keepalive);
        let io = WriteTimeout::new(stream, cfg.write_timeout);
        let service = TowerToHyperService::new(
            router
                .clone()
                .layer(axum::Extension(Peer(peer.ip().to_canonical()))),
        );
        let conn = graceful.watch(http.serve_connection(TokioIo::new(io), service));
        tokio::spawn(async move {
            let _ = conn.await;
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// The address a request came from, set by [`serve`] on every request
/// (the rate limit's key).
#[derive(Debug, Clone, Copy)]
struct Peer(std::net::IpAddr);

/// Idle time before the first TCP keepalive probe.
const KEEPALIVE_IDLE: std::time::Duration = std::time::Duration::from_secs(60);

/// A connection whose writes fail once the peer has taken no bytes for
/// `limit`: a client that pipelines requests and never reads would
/// otherwise hold its socket, its task and the queued answers for ever.
/// The clock starts when a write has to wait and resets whenever bytes go
/// out, so a slow reader that keeps reading is never cut off.
struct WriteTimeout<T> {
    inner: T,
    limit: std::time::Duration,
    stalled: Option<std::pin::Pin<Box<tokio::time::Sleep>>>,
}

impl<T> WriteTimeout<T> {
    fn new(inner: T, limit: std::time::Duration) -> Self {
        WriteTimeout {
            inner,
            limit,
            stalled: None,
        }
    }

    /// Called when a write is pending: arms the clock, and fails the write
    /// once it has run out.
    fn check(&mut self, cx: &mut std::task::Context<'_>) -> std::task::Poll<std::io::Result<()>> {
        use std::future::Future as _;
        let limit = self.limit;
        let sleep = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match sleep.as_mut().poll(cx) {
            std::task::Poll::Ready(()) => std::task::Poll::Ready(Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the client took no bytes of the answer in time",
            ))),
            std::task::Poll::Pending => std::task::Poll::Pending,
        }
    }
}

impl<T: tokio::io::AsyncRead + Unpin> tokio::io::AsyncRead for WriteTimeout<T> {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: tokio::io::AsyncWrite + Unpin> tokio::io::AsyncWrite for WriteTimeout<T> {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        match std::pin::Pin::new(&mut self.inner).poll_write(cx, buf) {
            std::task::Poll::Ready(r) => {
                self.stalled = None;
                std::task::Poll::Ready(r)
            }
            std::task::Poll::Pending => self.check(cx).map(|r| r.map(|()| 0)),
        }
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        match std::pin::Pin::new(&mut self.inner).poll_flush(cx) {
            std::task::Poll::Ready(r) => {
                self.stalled = None;
                std::task::Poll::Ready(r)
            }
            std::task::Poll::Pending => self.check(cx),
        }
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: finishing requests in flight");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Many blocking calls at once run on at most `blocking_threads`
    /// threads; the rest queue (tokio's default would start one thread
    /// each).
    #[test]
    fn the_blocking_pool_is_bounded() {
        let config = Config {
            cpu_jobs: 1,
            blocking_threads: 3,
            ..Config::default()
        };
        let rt = runtime(&config, Some(1)).unwrap();
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        rt.block_on(async {
            let tasks: Vec<_> = (0..24)
                .map(|_| {
                    let (running, most) = (Arc::clone(&running), Arc::clone(&most));
                    tokio::task::spawn_blocking(move || {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        running.fetch_sub(1, Ordering::SeqCst);
                    })
                })
                .collect();
            for t in tasks {
                t.await.unwrap();
            }
        });
        assert_eq!(most.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn glibc_takes_the_arena_cap() {
        assert!(limit_malloc_arenas(2));
    }
}
