//! An OpenAI-compatible chat-completions client (vLLM, llama.cpp's server,
//! Ollama, hosted endpoints): `POST {url}/chat/completions`, one answer.
//!
//! Blocking, for the pipeline's worker threads: each call drives the
//! request on a small runtime of its own. Bounded: a timeout per attempt,
//! retries with exponential backoff on 429 and 5xx answers and on refused
//! connections (a `Retry-After` is honoured up to the backoff cap), and at
//! most [`LlmConfig::max_concurrent`] requests in flight from one client
//! (more wait their turn). A hung endpoint is not retried: it fails after
//! one timeout. The key (`KHULASA_LLM_KEY`) is sent as a bearer token and
//! never logged or shown (`Debug` prints `<set>`).

use serde_json::{Value, json};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// The largest answer body read from the endpoint (1 MiB): a chat
/// completion of a few points is a few KB; a larger body is an error, not
/// held in memory.
pub const MAX_ANSWER_BYTES: usize = 1 << 20;

/// How to reach the model and how patiently.
#[derive(Clone)]
pub struct LlmConfig {
    /// The API base, e.g. `http://127.0.0.1:8000/v1` (`/chat/completions`
    /// is appended).
    pub url: String,
    /// The model name the endpoint serves.
    pub model: String,
    /// A bearer key, when the endpoint needs one. By default none: no
    /// `Authorization` header is sent.
    pub key: Option<String>,
    /// Time allowed for one attempt (connect, wait, read). By default 60 s.
    pub timeout: Duration,
    /// Further attempts after a 429, a 5xx or a refused connection. By
    /// default 2.
    pub retries: u32,
    /// The first wait before a retry; doubled each time, at most 8×. By
    /// default 500 ms.
    pub backoff: Duration,
    /// Requests in flight at once from this client. By default 4.
    pub max_concurrent: usize,
    /// Largest answer asked for, in tokens (`max_tokens`). By default 512.
    pub max_answer_tokens: u32,
    /// Ask for a JSON object (`response_format: json_object`). By default
    /// on; servers that reject it can be told not to.
    pub json_mode: bool,
}

impl LlmConfig {
    /// A config for `url` and `model` with the defaults; the key from
    /// `KHULASA_LLM_KEY` when set and not blank.
    pub fn new(url: impl Into<String>, model: impl Into<String>) -> LlmConfig {
        LlmConfig {
            url: url.into(),
            model: model.into(),
            key: std::env::var("KHULASA_LLM_KEY")
                .ok()
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty()),
            timeout: Duration::from_secs(60),
            retries: 2,
            backoff: Duration::from_millis(500),
            max_concurrent: 4,
            max_answer_tokens: 512,
            json_mode: true,
        }
    }
}

impl std::fmt::Debug for LlmConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LlmConfig")
            .field("url", &self.url)
            .field("model", &self.model)
            .field("key", &self.key.as_ref().map(|_| "<set>"))
            .field("timeout", &self.timeout)
            .field("retries", &self.retries)
            .field("backoff", &self.backoff)
            .field("max_concurrent", &self.max_concurrent)
            .field("max_answer_tokens", &self.max_answer_tokens)
            .field("json_mode", &self.json_mode)
            .finish()
    }
}

/// Why the endpoint gave no answer. None of these carry the key.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LlmError {
    /// The URL is not an http(s) URL.
    #[error("the language model URL {0:?} is not an http:// or https:// URL")]
    BadUrl(String),
    /// Nothing answered at the URL (after the retries).
    #[error("the language model endpoint {url} is unreachable: {message}")]
    Unreachable {
        /// The endpoint.
        url: String,
        /// What the connection said.
        message: String,
    },
    /// An attempt took longer than the timeout.
    #[error("the language model endpoint {url} gave no answer within {secs:.1} s")]
    Timeout {
        /// The endpoint.
        url: String,
        /// The timeout, in seconds.
        secs: f64,
    },
    /// An error status (after the retries, for 429 and 5xx).
    #[error("the language model endpoint {url} answered {status}: {body}")]
    Status {
        /// The endpoint.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The start of the body.
        body: String,
    },
    /// A 2xx answer that is not a chat completion.
    #[error(
        "the language model endpoint {url} answered something that is not a chat completion: {message}"
    )]
    BadAnswer {
        /// The endpoint.
        url: String,
        /// What was wrong.
        message: String,
    },
}

/// A counting gate: at most `max` holders.
struct Gate {
    max: usize,
    used: Mutex<usize>,
    freed: Condvar,
}

impl Gate {
    fn enter(&self) -> GateGuard<'_> {
        let mut n = self.used.lock().unwrap_or_else(|e| e.into_inner());
        while *n >= self.max {
            n = self.freed.wait(n).unwrap_or_else(|e| e.into_inner());
        }
        *n += 1;
        GateGuard(self)
    }
}

struct GateGuard<'a>(&'a Gate);

impl Drop for GateGuard<'_> {
    fn drop(&mut self) {
        let mut n = self.0.used.lock().unwrap_or_else(|e| e.into_inner());
        *n -= 1;
        self.0.freed.notify_one();
    }
}

/// The client. Share it (`Arc`) between threads: its gate is what limits
/// concurrency.
pub struct Client {
    config: LlmConfig,
    endpoint: String,
    http: reqwest::Client,
    gate: Gate,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.config)
            .finish()
    }
}

impl Client {
    /// A client for `config`. Fails on a URL that is not http(s).
    pub fn new(config: LlmConfig) -> Result<Client, LlmError> {
        let base = config.url.trim().trim_end_matches('/');
        if !(base.starts_with("http://") || base.starts_with("https://")) || base.len() < 10 {
            return Err(LlmError::BadUrl(config.url.clone()));
        }
        let endpoint = format!("{base}/chat/completions");
        // reqwest is built without a default crypto provider (as in
        // khulasa-fetch): make ring the process default.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(10)))
            // Each call runs on its own runtime: a pooled connection would
            // outlive the runtime that drives it.
            .pool_max_idle_per_host(0)
            .user_agent(concat!("khulasa/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| LlmError::BadUrl(format!("{}: {e}", config.url)))?;
        Ok(Client {
            gate: Gate {
                max: config.max_concurrent.max(1),
                used: Mutex::new(0),
                freed: Condvar::new(),
            },
            config,
            endpoint,
            http,
        })
    }

    /// The settings.
    pub fn config(&self) -> &LlmConfig {
        &self.config
    }

    /// The request body for `messages`: the model, temperature 0, the
    /// answer size and, in JSON mode, `response_format`.
    pub fn body(&self, messages: &[Value]) -> Value {
        let mut body = json!({
            "model": self.config.model,
            "messages": messages,
            "temperature": 0,
            "max_tokens": self.config.max_answer_tokens,
            "stream": false,
        });
        if self.config.json_mode {
            body["response_format"] = json!({"type": "json_object"});
        }
        body
    }

    /// Sends `messages` and returns the first choice's content (possibly
    /// empty).
    pub fn chat(&self, messages: &[Value]) -> Result<String, LlmError> {
        let _turn = self.gate.enter();
        let body = self.body(messages);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| LlmError::Unreachable {
                url: self.endpoint.clone(),
                message: format!("could not start a runtime: {e}"),
            })?;
        rt.block_on(self.attempts(&body))
    }

    async fn attempts(&self, body: &Value) -> Result<String, LlmError> {
        let mut attempt = 0u32;
        loop {
            let (err, retry_after) = match self.once(body).await {
                Ok(content) => return Ok(content),
                Err(e) => e,
            };
            let retryable = match &err {
                LlmError::Status { status, .. } => *status == 429 || *status >= 500,
                LlmError::Unreachable { .. } => true,
                _ => false,
            };
            if !retryable || attempt >= self.config.retries {
                return Err(err);
            }
            let cap = self.config.backoff * 8;
            let wait = retry_after
                .unwrap_or(self.config.backoff * 2u32.saturating_pow(attempt))
                .min(cap);
            tracing::warn!(
                "language model endpoint: {err}; retry {} of {} in {:?}",
                attempt + 1,
                self.config.retries,
                wait
            );
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One attempt: the content, or the error with a `Retry-After` wait.
    async fn once(&self, body: &Value) -> Result<String, (LlmError, Option<Duration>)> {
        let url = || self.endpoint.clone();
        let mut req = self
            .http
            .post(&self.endpoint)
            .header("content-type", "application/json")
            .body(body.to_string());
        if let Some(key) = &self.config.key {
            req = req.bearer_auth(key);
        }
        let res = req.send().await.map_err(|e| (self.transport(e), None))?;
        let status = res.status().as_u16();
        let retry_after = res
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(Duration::from_secs_f64);
        let mut res = res;
        let mut bytes = Vec::new();
        while let Some(chunk) = res.chunk().await.map_err(|e| (self.transport(e), None))? {
            if bytes.len() + chunk.len() > MAX_ANSWER_BYTES {
                return Err((
                    LlmError::BadAnswer {
                        url: url(),
                        message: format!("the answer is over {MAX_ANSWER_BYTES} bytes"),
                    },
                    None,
                ));
            }
            bytes.extend_from_slice(&chunk);
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if !(200..300).contains(&status) {
            let body: String = text.chars().take(300).collect();
            return Err((
                LlmError::Status {
                    url: url(),
                    status,
                    body,
                },
                retry_after,
            ));
        }
        let bad = |message: String| {
            (
                LlmError::BadAnswer {
                    url: url(),
                    message,
                },
                None,
            )
        };
        let v: Value = serde_json::from_str(&text).map_err(|e| bad(format!("not JSON ({e})")))?;
        let choice = v
            .get("choices")
            .and_then(Value::as_array)
            .and_then(|c| c.first())
            .ok_or_else(|| bad("no choices".into()))?;
        let content = choice
            .pointer("/message/content")
            .or_else(|| choice.get("text"))
            .ok_or_else(|| bad("no message content".into()))?;
        Ok(content.as_str().unwrap_or("").to_string())
    }

    fn transport(&self, e: reqwest::Error) -> LlmError {
        if e.is_timeout() {
            LlmError::Timeout {
                url: self.endpoint.clone(),
                secs: self.config.timeout.as_secs_f64(),
            }
        } else {
            // The chain of causes says what failed (refused, DNS, TLS); the
            // key is never part of it.
            let mut message = e.to_string();
            let mut src = std::error::Error::source(&e);
            while let Some(s) = src {
                message = format!("{message}: {s}");
                src = s.source();
            }
            LlmError::Unreachable {
                url: self.endpoint.clone(),
                message,
            }
        }
    }
}
