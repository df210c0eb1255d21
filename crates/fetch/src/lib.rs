//! khulasa-fetch: fetch a web page without letting the URL reach inside the network.
//!
//! In goes a URL (from a user, a feed, or a redirect); out comes a [`Fetched`]
//! page: its final URL, status, content type and charset (for decoding), the
//! body bytes, and the validators (`ETag`, `Last-Modified`) for a later
//! conditional GET. Or a typed [`FetchError`] that says what went wrong.
//!
//! The guard ([`guard::blocked_reason`]) refuses loopback, private, CGNAT,
//! link-local (cloud metadata), unique-local, multicast, broadcast and other
//! non-public addresses, and IPv6 forms that embed them. It runs **after DNS
//! resolution**, inside the resolver the HTTP client connects with, so the
//! address checked is the address connected to (a hostname that resolves to
//! 127.0.0.1, or that changes its answer between two lookups, is refused).
//! Redirects are followed here, not by the client, and every hop is checked
//! the same way. [`FetchConfig::allow_private`] turns the guard off (tests,
//! a newsroom's own intranet).
//!
//! Other limits, all in [`FetchConfig`]: connect and total timeouts, a body
//! size limit enforced while streaming, a bounded number of redirects,
//! retries with exponential backoff on 5xx / 429 / timeouts / connection
//! failures, and a per-host concurrency limit.
//!
//! ```
//! use khulasa_fetch::{FetchConfig, FetchError, Fetcher};
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let fetcher = Fetcher::new(FetchConfig::default()).unwrap();
//! // The cloud metadata endpoint is refused before any connection is made.
//! let err = fetcher.get("http://169.254.169.254/latest/meta-data/").await.unwrap_err();
//! assert!(matches!(err, FetchError::Blocked { .. }));
//! // So are schemes other than http and https.
//! let err = fetcher.get("file:///etc/passwd").await.unwrap_err();
//! assert!(matches!(err, FetchError::Scheme { .. }));
//! # });
//! ```

pub mod guard;
mod resolver;

use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{StatusCode, Url};
use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

pub use resolver::BlockedAddr;

/// The User-Agent khulasa sends: says who we are and what we do.
pub const USER_AGENT: &str = concat!(
    "khulasa/",
    env!("CARGO_PKG_VERSION"),
    " (+offline news summarizer)"
);

/// Settings of a [`Fetcher`]. `FetchConfig::default()` is safe for URLs from
/// untrusted users.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Connect to private, loopback and other non-public addresses.
    /// By default `false`: such addresses are refused with [`FetchError::Blocked`].
    pub allow_private: bool,
    /// Exact addresses allowed even though the guard would refuse them
    /// (e.g. one intranet news server). By default empty.
    pub allow_addrs: Vec<IpAddr>,
    /// Time allowed to open a TCP (and TLS) connection. By default 10 s.
    pub connect_timeout: Duration,
    /// Time allowed for one attempt: all redirects and the whole body.
    /// By default 30 s.
    pub timeout: Duration,
    /// Largest body accepted, in bytes, after decompression. Reading stops
    /// at the limit. By default 10 MiB.
    pub max_body_bytes: u64,
    /// Redirects followed before giving up. By default 5.
    pub max_redirects: usize,
    /// Further attempts after a 5xx, 429, timeout or connection failure.
    /// By default 2.
    pub retries: u32,
    /// Wait before the first retry; doubled for each further one (at most
    /// 10 s). By default 250 ms.
    pub retry_backoff: Duration,
    /// Requests in flight to one host (host:port) at a time. By default 4.
    pub per_host_concurrency: usize,
    /// The `User-Agent` header. By default [`USER_AGENT`].
    pub user_agent: String,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            allow_private: false,
            allow_addrs: Vec::new(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_body_bytes: 10 * 1024 * 1024,
            max_redirects: 5,
            retries: 2,
            retry_backoff: Duration::from_millis(250),
            per_host_concurrency: 4,
            user_agent: USER_AGENT.to_string(),
        }
    }
}

/// A fetched page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The URL the body came from, after redirects.
    pub final_url: String,
    /// HTTP status: a 2xx, or 304 for a conditional GET whose page did not change.
    pub status: u16,
    /// The `Content-Type` header, as sent.
    pub content_type: Option<String>,
    /// The `charset` parameter of `Content-Type`, lowercased (`"windows-1256"`).
    pub charset: Option<String>,
    /// The body (decompressed). Empty for a 304.
    pub bytes: Vec<u8>,
    /// The `ETag` header, for [`Fetcher::get_conditional`].
    pub etag: Option<String>,
    /// The `Last-Modified` header, for [`Fetcher::get_conditional`].
    pub last_modified: Option<String>,
}

impl Fetched {
    /// True when the server answered 304 Not Modified to a conditional GET.
    pub fn not_modified(&self) -> bool {
        self.status == 304
    }
}

/// What can go wrong in a fetch. Each variant names the URL concerned.
#[derive(Debug, Clone, thiserror::Error)]
pub enum FetchError {
    /// The URL does not parse, or has no host.
    #[error("invalid URL {url:?}: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Only `http` and `https` are fetched.
    #[error("refused {url}: scheme {scheme:?} is not http or https")]
    Scheme {
        /// The URL.
        url: String,
        /// Its scheme.
        scheme: String,
    },
    /// The URL (or a redirect) leads to a non-public address.
    #[error(
        "refused {url}: it leads to {addr}, a {reason}; non-public addresses are not fetched \
         (allow them with --allow-private-urls)"
    )]
    Blocked {
        /// The URL.
        url: String,
        /// The address it resolved to.
        addr: IpAddr,
        /// Which kind of address that is.
        reason: &'static str,
    },
    /// The host name could not be resolved, or the connection failed.
    #[error("could not connect to {url}: {message}")]
    Connect {
        /// The URL.
        url: String,
        /// The cause, in words.
        message: String,
    },
    /// An attempt took longer than its limit.
    #[error("timed out fetching {url} (limit {after:?})")]
    Timeout {
        /// The URL.
        url: String,
        /// The limit that ran out.
        after: Duration,
    },
    /// The body is larger than [`FetchConfig::max_body_bytes`].
    #[error("{url}: the page is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The URL.
        url: String,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The server answered with an error status (or a 1xx/3xx we cannot use).
    #[error("{url}: the server answered HTTP {status}")]
    Status {
        /// The URL.
        url: String,
        /// The status code.
        status: u16,
    },
    /// More redirects than [`FetchConfig::max_redirects`].
    #[error("{url}: more than {limit} redirects")]
    TooManyRedirects {
        /// The first URL.
        url: String,
        /// The limit.
        limit: usize,
    },
    /// A redirect led back to a URL already visited.
    #[error("{url}: redirect loop")]
    RedirectLoop {
        /// The URL visited twice.
        url: String,
    },
    /// A redirect without a usable `Location`.
    #[error("{url}: bad redirect: {reason}")]
    BadRedirect {
        /// The URL that redirected.
        url: String,
        /// What is wrong with its `Location`.
        reason: String,
    },
    /// Any other protocol failure (bad response, broken body, TLS error).
    #[error("{url}: {message}")]
    Http {
        /// The URL.
        url: String,
        /// The cause, in words.
        message: String,
    },
    /// The HTTP client could not be built.
    #[error("could not build the HTTP client: {0}")]
    Client(String),
}

impl FetchError {
    /// A short stable code for the error kind (`"blocked"`, `"timeout"`,
    /// `"too_large"`, `"status"`, ...), for JSON error bodies and failure logs.
    pub fn code(&self) -> &'static str {
        match self {
            FetchError::InvalidUrl { .. } => "invalid_url",
            FetchError::Scheme { .. } => "scheme",
            FetchError::Blocked { .. } => "blocked",
            FetchError::Connect { .. } => "connect",
            FetchError::Timeout { .. } => "timeout",
            FetchError::TooLarge { .. } => "too_large",
            FetchError::Status { .. } => "status",
            FetchError::TooManyRedirects { .. } => "too_many_redirects",
            FetchError::RedirectLoop { .. } => "redirect_loop",
            FetchError::BadRedirect { .. } => "bad_redirect",
            FetchError::Http { .. } => "http",
            FetchError::Client(_) => "client",
        }
    }

    /// True for failures another attempt may cure: 5xx, 429, timeouts and
    /// connection failures.
    pub fn is_retryable(&self) -> bool {
        match self {
            FetchError::Status { status, .. } => *status >= 500 || *status == 429,
            FetchError::Timeout { .. } | FetchError::Connect { .. } => true,
            _ => false,
        }
    }
}

/// The fetcher. Cheap to clone (shares its connection pool and host limits).
#[derive(Clone)]
pub struct Fetcher {
    inner: Arc<Inner>,
}

struct Inner {
    client: reqwest::Client,
    config: FetchConfig,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("config", &self.inner.config)
            .finish()
    }
}

impl Fetcher {
    /// Builds a fetcher with its own connection pool.
    pub fn new(config: FetchConfig) -> Result<Fetcher, FetchError> {
        // reqwest is built without a default crypto provider (to keep aws-lc
        // out): make ring the process default. Fails only if one is set already.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let resolver =
            resolver::GuardResolver::new(config.allow_private, config.allow_addrs.clone());
        let client = reqwest::Client::builder()
            // Redirects are followed in `attempt`, so each hop is checked.
            .redirect(reqwest::redirect::Policy::none())
            // A proxy would resolve the name itself, out of the guard's sight.
            .no_proxy()
            .dns_resolver(resolver)
            .connect_timeout(config.connect_timeout)
            .user_agent(config.user_agent.clone())
            .pool_max_idle_per_host(config.per_host_concurrency.max(1))
            .build()
            .map_err(|e| FetchError::Client(error_chain(&e)))?;
        Ok(Fetcher {
            inner: Arc::new(Inner {
                client,
                config,
                hosts: Mutex::new(HashMap::new()),
            }),
        })
    }

    /// The settings this fetcher was built with.
    pub fn config(&self) -> &FetchConfig {
        &self.inner.config
    }

    /// Fetches `url`: a 2xx answer's body, or an error.
    pub async fn get(&self, url: &str) -> Result<Fetched, FetchError> {
        self.get_conditional(url, None, None).await
    }

    /// Fetches `url` like [`Fetcher::get`], but follows a redirect only
    /// within the URL's own origin (scheme, host and port): a hop to any
    /// other origin is [`FetchError::BadRedirect`]. For callers that were
    /// allowed one site, not the web (the server's embed origins).
    pub async fn get_same_origin(&self, url: &str) -> Result<Fetched, FetchError> {
        self.fetch(url, &HeaderMap::new(), true).await
    }

    /// Fetches `url` with `If-None-Match: etag` and `If-Modified-Since:
    /// last_modified` when given. An unchanged page comes back as a
    /// [`Fetched`] with status 304 and an empty body
    /// ([`Fetched::not_modified`]).
    pub async fn get_conditional(
        &self,
        url: &str,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<Fetched, FetchError> {
        let mut headers = HeaderMap::new();
        if let Some(e) = etag.and_then(|e| HeaderValue::from_str(e).ok()) {
            headers.insert(header::IF_NONE_MATCH, e);
        }
        if let Some(lm) = last_modified.and_then(|l| HeaderValue::from_str(l).ok()) {
            headers.insert(header::IF_MODIFIED_SINCE, lm);
        }
        self.fetch(url, &headers, false).await
    }

    /// Attempts with retries; `same_origin` keeps redirects on `url`'s origin.
    async fn fetch(
        &self,
        url: &str,
        headers: &HeaderMap,
        same_origin: bool,
    ) -> Result<Fetched, FetchError> {
        let cfg = &self.inner.config;
        let mut attempt = 0u32;
        loop {
            let result =
                match tokio::time::timeout(cfg.timeout, self.attempt(url, headers, same_origin))
                    .await
                {
                    Ok(r) => r,
                    Err(_) => Err(FetchError::Timeout {
                        url: url.to_string(),
                        after: cfg.timeout,
                    }),
                };
            match result {
                Err(e) if e.is_retryable() && attempt < cfg.retries => {
                    let wait = cfg
                        .retry_backoff
                        .saturating_mul(1u32 << attempt.min(16))
                        .min(Duration::from_secs(10));
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// One attempt: follow redirects by hand, checking each hop.
    async fn attempt(
        &self,
        first: &str,
        headers: &HeaderMap,
        same_origin: bool,
    ) -> Result<Fetched, FetchError> {
        let cfg = &self.inner.config;
        let mut url = parse_checked(first, cfg)?;
        let origin = url.origin();
        let mut seen = HashSet::new();
        let mut redirects = 0usize;
        loop {
            if !seen.insert(url.as_str().to_string()) {
                return Err(FetchError::RedirectLoop {
                    url: url.to_string(),
                });
            }
            let _permit = self.host_permit(&url).await;
            let resp = self
                .inner
                .client
                .get(url.clone())
                .headers(headers.clone())
                .send()
                .await
                .map_err(|e| map_reqwest_error(&url, &e, cfg))?;
            let status = resp.status();
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let location = resp
                    .headers()
                    .get(header::LOCATION)
                    .ok_or_else(|| FetchError::BadRedirect {
                        url: url.to_string(),
                        reason: format!("HTTP {} without a Location header", status.as_u16()),
                    })?
                    .to_str()
                    .map_err(|_| FetchError::BadRedirect {
                        url: url.to_string(),
                        reason: "Location is not ASCII".into(),
                    })?
                    .to_string();
                let next = url.join(&location).map_err(|e| FetchError::BadRedirect {
                    url: url.to_string(),
                    reason: format!("Location {location:?}: {e}"),
                })?;
                redirects += 1;
                if redirects > cfg.max_redirects {
                    return Err(FetchError::TooManyRedirects {
                        url: first.to_string(),
                        limit: cfg.max_redirects,
                    });
                }
                if same_origin && next.origin() != origin {
                    return Err(FetchError::BadRedirect {
                        url: url.to_string(),
                        reason: format!(
                            "it leads to {}, off the origin {}",
                            next.origin().ascii_serialization(),
                            origin.ascii_serialization()
                        ),
                    });
                }
                url = parse_checked(next.as_str(), cfg)?;
                continue;
            }
            if !(status.is_success() || status == StatusCode::NOT_MODIFIED) {
                return Err(FetchError::Status {
                    url: url.to_string(),
                    status: status.as_u16(),
                });
            }
            return self.read(url, resp).await;
        }
    }

    async fn read(&self, url: Url, mut resp: reqwest::Response) -> Result<Fetched, FetchError> {
        let limit = self.inner.config.max_body_bytes;
        let h = resp.headers();
        let text = |name| {
            h.get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = text(header::CONTENT_TYPE);
        let etag = text(header::ETAG);
        let last_modified = text(header::LAST_MODIFIED);
        let charset = content_type.as_deref().and_then(charset_of);
        let status = resp.status().as_u16();
        let too_large = || FetchError::TooLarge {
            url: url.to_string(),
            limit,
        };
        // A declared length over the limit is refused before reading. With
        // gzip the header gives the compressed size, so the stream is
        // checked as well.
        if resp.content_length().is_some_and(|n| n > limit) {
            return Err(too_large());
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| map_reqwest_error(&url, &e, &self.inner.config))?
        {
            if bytes.len() as u64 + chunk.len() as u64 > limit {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Fetched {
            final_url: url.to_string(),
            status,
            content_type,
            charset,
            bytes,
            etag,
            last_modified,
        })
    }

    async fn host_permit(&self, url: &Url) -> Option<OwnedSemaphorePermit> {
        let key = format!(
            "{}:{}",
            url.host_str().unwrap_or(""),
            url.port_or_known_default().unwrap_or(0)
        );
        let sem = {
            let mut hosts = self.inner.hosts.lock().unwrap_or_else(|p| p.into_inner());
            // Forget idle hosts now and then so the map stays small.
            if hosts.len() > 4096 {
                hosts.retain(|_, s| Arc::strong_count(s) > 1);
            }
            hosts
                .entry(key)
                .or_insert_with(|| {
                    Arc::new(Semaphore::new(
                        self.inner.config.per_host_concurrency.max(1),
                    ))
                })
                .clone()
        };
        sem.acquire_owned().await.ok()
    }
}

/// Parses `raw` and applies the checks that need no DNS: the scheme, and an
/// IP-literal host (which the client connects to without asking the resolver).
fn parse_checked(raw: &str, cfg: &FetchConfig) -> Result<Url, FetchError> {
    let url = Url::parse(raw.trim()).map_err(|e| FetchError::InvalidUrl {
        url: raw.to_string(),
        reason: e.to_string(),
    })?;
    match url.scheme() {
        "http" | "https" => {}
        other => {
            return Err(FetchError::Scheme {
                url: raw.to_string(),
                scheme: other.to_string(),
            });
        }
    }
    let ip = match url.host() {
        None => {
            return Err(FetchError::InvalidUrl {
                url: raw.to_string(),
                reason: "no host".into(),
            });
        }
        Some(url::Host::Ipv4(v4)) => Some(IpAddr::V4(v4)),
        Some(url::Host::Ipv6(v6)) => Some(IpAddr::V6(v6)),
        Some(url::Host::Domain(_)) => None,
    };
    if let Some(Err(b)) = ip.map(|addr| resolver::check(addr, cfg.allow_private, &cfg.allow_addrs))
    {
        return Err(FetchError::Blocked {
            url: url.to_string(),
            addr: b.addr,
            reason: b.reason,
        });
    }
    Ok(url)
}

/// Turns a reqwest error into ours, finding a guard refusal in its causes.
fn map_reqwest_error(url: &Url, e: &reqwest::Error, cfg: &FetchConfig) -> FetchError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if let Some(b) = s.downcast_ref::<BlockedAddr>() {
            return FetchError::Blocked {
                url: url.to_string(),
                addr: b.addr,
                reason: b.reason,
            };
        }
        source = s.source();
    }
    if e.is_timeout() {
        return FetchError::Timeout {
            url: url.to_string(),
            after: cfg.connect_timeout,
        };
    }
    if e.is_connect() {
        return FetchError::Connect {
            url: url.to_string(),
            message: error_chain(e),
        };
    }
    FetchError::Http {
        url: url.to_string(),
        message: error_chain(e),
    }
}

/// "outer: cause: root cause", without repeating the same words twice.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let m = s.to_string();
        if !out.contains(&m) {
            out.push_str(": ");
            out.push_str(&m);
        }
        source = s.source();
    }
    out
}

/// The `charset` parameter of a `Content-Type` value, lowercased.
///
/// ```
/// assert_eq!(khulasa_fetch::charset_of("text/html; Charset=\"Windows-1256\""), Some("windows-1256".into()));
/// assert_eq!(khulasa_fetch::charset_of("text/html"), None);
/// ```
pub fn charset_of(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (k, v) = param.split_once('=')?;
        if !k.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let v = v.trim().trim_matches('"').trim().to_ascii_lowercase();
        (!v.is_empty()).then_some(v)
    })
}
