//! One error policy for the whole API: handlers return `Result<_, ApiError>`
//! and use `?`; [`ApiError`] turns into a status code and a JSON body
//! `{"error": {"code", "message"}}`. Internal details (SQL, panics, file
//! paths) are logged, never sent: a client sees `internal` and a generic
//! message.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use khulasa_store::StoreError;

/// An error answered to an API client.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine-readable code (`not_found`, `payload_too_large`, ...).
    pub code: &'static str,
    /// What went wrong, in words a user can act on.
    pub message: String,
}

impl ApiError {
    /// An error with this status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    /// 400: the request is malformed.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 422: well-formed, but the values cannot be used.
    pub fn invalid(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 413.
    pub fn too_large(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", message)
    }

    /// 500: logs `detail` and tells the client only that something failed.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        tracing::error!("internal error: {detail}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the server failed to handle this request; the details are in its log",
        )
    }

    /// The JSON body.
    pub fn body(&self) -> khulasa_pipeline::wire::ErrorJson {
        khulasa_pipeline::wire::ErrorJson {
            error: khulasa_pipeline::wire::ErrorBody {
                code: self.code.to_string(),
                message: self.message.clone(),
            },
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = (self.status, axum::Json(self.body())).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        res
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::InvalidId(_) => ApiError::bad_request("invalid_id", e.to_string()),
            StoreError::InvalidQuery(_) => ApiError::bad_request("invalid_query", e.to_string()),
            StoreError::TooLarge { .. } => ApiError::too_large(e.to_string()),
            StoreError::UnknownArticle(_) | StoreError::UnknownSummary(_) => {
                ApiError::not_found(e.to_string())
            }
            other => ApiError::internal(other),
        }
    }
}

impl From<khulasa_fetch::FetchError> for ApiError {
    fn from(e: khulasa_fetch::FetchError) -> ApiError {
        use khulasa_fetch::FetchError as F;
        match &e {
            F::Blocked { .. } => ApiError::new(StatusCode::FORBIDDEN, "url_refused", e.to_string()),
            F::InvalidUrl { .. } | F::Scheme { .. } => {
                ApiError::invalid("invalid_url", e.to_string())
            }
            F::TooLarge { .. } => ApiError::too_large(e.to_string()),
            // Resolver and socket errors would tell a client which hosts
            // and ports answer inside our network: the detail is logged.
            _ => {
                tracing::warn!("fetch failed: {e}");
                ApiError::new(
                    StatusCode::BAD_GATEWAY,
                    "fetch_failed",
                    "could not fetch the page",
                )
            }
        }
    }
}

impl From<khulasa_pipeline::PipelineError> for ApiError {
    fn from(e: khulasa_pipeline::PipelineError) -> ApiError {
        use khulasa_extract::ExtractError as X;
        use khulasa_pipeline::PipelineError as P;
        use khulasa_speech::SpeechError as S;
        use khulasa_summarize::SummarizeError as Z;
        let timeout = |e: &dyn std::fmt::Display| {
            ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "timeout", e.to_string())
        };
        match e {
            P::Fetch(f) => f.into(),
            P::Store(s) => s.into(),
            P::NoText => ApiError::invalid("no_text", e.to_string()),
            P::NoLlm => ApiError::invalid(
                "llm_not_configured",
                "this server has no language model endpoint: start it with --llm-url and --llm-model, or ask for the extractive engine",
            ),
            P::Llm(l) => {
                tracing::warn!("language model endpoint: {l}");
                ApiError::new(
                    StatusCode::BAD_GATEWAY,
                    "llm_unavailable",
                    "the language model endpoint gave no answer",
                )
            }
            P::TooLarge { .. } => ApiError::too_large(e.to_string()),
            P::Extract(x) => match x {
                X::TooLarge { .. } | X::Inflated { .. } => ApiError::too_large(x.to_string()),
                X::TimeBudget { .. } => timeout(&x),
                X::NoArticle { .. } => ApiError::invalid("no_article", x.to_string()),
                _ => ApiError::invalid("bad_page", x.to_string()),
            },
            P::Summarize(z) => match z {
                Z::TooLarge { .. } => ApiError::too_large(z.to_string()),
                Z::TimeBudget { .. } => timeout(&z),
                _ => ApiError::invalid("cannot_summarize", z.to_string()),
            },
            P::Speech(s) => match s {
                S::SynthesizerUnavailable(_) | S::DiacritizerUnavailable(_) => ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "speech_unavailable",
                    format!("speech is not available on this server: {s}"),
                ),
                S::TooLong { .. } | S::AudioTooLong { .. } => ApiError::too_large(s.to_string()),
                S::TimeBudget { .. } => timeout(&s),
                S::Empty | S::NothingToSay => ApiError::invalid("nothing_to_say", s.to_string()),
                other => ApiError::internal(other),
            },
        }
    }
}

impl From<khulasa_pipeline::wire::LengthError> for ApiError {
    fn from(e: khulasa_pipeline::wire::LengthError) -> ApiError {
        ApiError::invalid("invalid_length", e.0)
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> ApiError {
        ApiError::internal(format!("a background job failed: {e}"))
    }
}
