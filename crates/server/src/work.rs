//! The work behind the endpoints, on the async side. The work itself is
//! `khulasa-pipeline`'s; this module only moves it off the async threads
//! (CPU work on tokio's blocking pool, at most [`crate::Config::cpu_jobs`]
//! jobs at a time), answers cache hits without waiting for a CPU slot, and
//! records metrics.

use crate::error::ApiError;
use crate::metrics::Cache;
use crate::state::AppState;
use khulasa_pipeline::wire::SummaryJson;
use khulasa_pipeline::{
    Article, ArticleId, AudioFormat, Engine, Input, Length, Pipeline, PipelineError, Put,
    StoredAudio, Summary, UrlRole,
};
use std::sync::Arc;
use std::time::Instant;

/// What an article request names: a page to fetch, or a page or text given.
#[derive(Debug, Clone)]
pub(crate) enum Source {
    /// Fetch this page (SSRF-guarded), then extract it.
    Url(String),
    /// Like [`Source::Url`], following redirects only within the URL's
    /// origin (an embed origin's page: that host only).
    SameOrigin(String),
    /// A page's HTML or a text, given in the request.
    Given(Input),
}

impl Source {
    /// How far the article's URL may be trusted: only a URL we fetched
    /// identifies an article; one given beside a page or text is a claim.
    pub(crate) fn url_role(&self) -> UrlRole {
        match self {
            Source::Url(_) | Source::SameOrigin(_) => UrlRole::Identifies,
            Source::Given(_) => UrlRole::Claimed,
        }
    }

    /// Picks the source from the optional fields of a request: `html` or
    /// `text` (not both), or else `url`. With `html`, `url` resolves the
    /// page's relative links and `title` fills in a missing headline.
    pub(crate) fn from_fields(
        url: Option<String>,
        html: Option<String>,
        text: Option<String>,
        title: Option<String>,
    ) -> Result<Source, ApiError> {
        let url = url
            .filter(|u| !u.trim().is_empty())
            .map(|u| u.trim().to_string());
        match (html, text) {
            (Some(_), Some(_)) => Err(ApiError::invalid(
                "invalid_input",
                "give either html or text, not both",
            )),
            (Some(html), None) => Ok(Source::Given(Input::Html {
                html: html.into_bytes(),
                charset: None,
                url,
                title,
            })),
            (None, Some(text)) => Ok(Source::Given(Input::Text { text, title, url })),
            (None, None) => match url {
                Some(u) => Ok(Source::Url(u)),
                None => Err(ApiError::invalid(
                    "invalid_input",
                    "give one of: url (a page to fetch), html (a page), or text (+ title)",
                )),
            },
        }
    }
}

/// Chooses an audio format from an `Accept` header: the first acceptable
/// type in order of preference (q-values respected), MP3 for `*/*`,
/// `audio/*` or no header. `None` when the header accepts none of ours.
pub(crate) fn format_from_accept(accept: Option<&str>) -> Option<AudioFormat> {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Some(AudioFormat::Mp3);
    };
    let mut best: Option<(f32, AudioFormat)> = None;
    for part in accept.split(',') {
        let mut it = part.split(';');
        let mime = it.next().unwrap_or("").trim().to_ascii_lowercase();
        let mut q = 1.0f32;
        for p in it {
            if let Some(v) = p.trim().strip_prefix("q=") {
                q = v.trim().parse().unwrap_or(0.0);
            }
        }
        // `q=NaN` and out-of-range weights are not a preference.
        if !(q > 0.0 && q <= 1.0) {
            continue;
        }
        let f = match mime.as_str() {
            "audio/*" | "*/*" => AudioFormat::Mp3,
            m => match AudioFormat::from_mime(m) {
                Some(f) => f,
                None => continue,
            },
        };
        // Higher q wins; on a tie, the earlier entry.
        if best.is_none_or(|(bq, _)| q > bq) {
            best = Some((q, f));
        }
    }
    best.map(|(_, f)| f)
}

/// A summary as an endpoint answers it: from the store or made now, by
/// which engine version, and a warning when the language model failed and
/// the extractive summary stands in.
#[derive(Debug, Clone)]
pub(crate) struct Made {
    /// The key points.
    pub(crate) summary: Summary,
    /// True when read from the store.
    pub(crate) cached: bool,
    /// Why this is not the engine asked for, if it is not.
    pub(crate) warning: Option<String>,
    /// The engine version of the pipeline that made (or stored) it.
    pub(crate) engine_version: String,
}

impl Made {
    /// The wire form, saying whether it was cached.
    pub(crate) fn json(&self) -> SummaryJson {
        SummaryJson::new(&self.summary, &self.engine_version)
            .cached(self.cached)
            .warned(self.warning.clone())
    }
}

/// Runs `f` with `pipeline`; when its language model fails, logs it and
/// runs `f` again with the extractive engine, returning the pipeline used
/// and a warning for the client (never a 500 for a model that is down).
pub(crate) fn with_fallback<T>(
    pipeline: &Pipeline,
    f: impl Fn(&Pipeline) -> Result<T, PipelineError>,
) -> Result<(T, Pipeline, Option<String>), PipelineError> {
    match f(pipeline) {
        Err(PipelineError::Llm(e)) => {
            tracing::warn!("language model failed, serving the extractive summary: {e}");
            let p = pipeline.with_engine(Engine::Extractive)?;
            let out = f(&p)?;
            Ok((
                out,
                p,
                Some(
                    "the language model endpoint gave no answer; this is the extractive summary"
                        .to_string(),
                ),
            ))
        }
        other => other.map(|t| (t, pipeline.clone(), None)),
    }
}

impl AppState {
    /// Why a configured voice was replaced by espeak-ng (empty when every
    /// voice loaded): also logged at start.
    pub fn voice_warnings(&self) -> &[String] {
        self.pipeline().speaker().voice_warnings()
    }

    /// The pipeline, with this server's store as its cache.
    pub(crate) fn pipeline(&self) -> &Pipeline {
        &self.inner.pipeline
    }

    /// The pipeline making summaries with `engine` (the server's own when
    /// none is asked for).
    pub(crate) fn pipeline_for(&self, engine: Option<Engine>) -> Result<Pipeline, ApiError> {
        match engine {
            None => Ok(self.inner.pipeline.clone()),
            Some(e) if e == self.inner.pipeline.engine() => Ok(self.inner.pipeline.clone()),
            Some(e) => Ok(self.inner.pipeline.with_engine(e)?),
        }
    }

    /// Runs `f` on the blocking pool, at most `cpu_jobs` at a time.
    pub(crate) async fn blocking<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&AppState) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let permit = Arc::clone(&self.inner.jobs)
            .acquire_owned()
            .await
            .map_err(|e| ApiError::internal(format!("job queue closed: {e}")))?;
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            f(&state)
        })
        .await?
    }

    /// Runs a quick store call on the blocking pool (not counted against
    /// the CPU job limit: store reads take microseconds).
    pub(crate) async fn store_call<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&dyn khulasa_store::Store) -> Result<T, khulasa_store::StoreError>
            + Send
            + 'static,
        T: Send + 'static,
    {
        let store = Arc::clone(&self.inner.store);
        Ok(tokio::task::spawn_blocking(move || f(store.as_ref())).await??)
    }

    /// Like [`AppState::store_call`], for a pipeline call that only reads or
    /// writes the store.
    async fn cache_call<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&Pipeline) -> Result<T, khulasa_pipeline::PipelineError> + Send + 'static,
        T: Send + 'static,
    {
        let state = self.clone();
        Ok(tokio::task::spawn_blocking(move || f(state.pipeline())).await??)
    }

    /// Turns a request's source into an article: fetches URLs (the final
    /// URL identifies the article), extracts pages, splits text.
    pub(crate) async fn article_from(&self, source: Source) -> Result<Article, ApiError> {
        let input = match source {
            Source::Url(url) | Source::SameOrigin(url)
                if url.len() > self.pipeline().input_limits().url_bytes =>
            {
                return Err(ApiError::too_large(format!(
                    "url is {} bytes; the limit is {}",
                    url.len(),
                    self.pipeline().input_limits().url_bytes
                )));
            }
            Source::Url(url) => Input::from(self.inner.fetcher.get(&url).await?),
            Source::SameOrigin(url) => Input::from(self.inner.fetcher.get_same_origin(&url).await?),
            Source::Given(input) => input,
        };
        self.blocking(move |state| Ok(state.pipeline().article(input)?))
            .await
    }

    /// Summarises an article on the blocking pool with `engine`, timing
    /// it. Nothing is looked up or stored.
    pub(crate) async fn summarize(
        &self,
        article: Arc<Article>,
        length: Length,
        engine: Option<Engine>,
    ) -> Result<Made, ApiError> {
        let pipeline = self.pipeline_for(engine)?;
        self.blocking(move |state| {
            let start = Instant::now();
            let out = with_fallback(&pipeline, |p| p.summarize(&article, length));
            state.inner.metrics.summarized(start.elapsed());
            let (summary, used, warning) = out?;
            if pipeline.engine() == Engine::Llm {
                state.inner.metrics.llm(&summary, warning.is_some());
            }
            Ok(Made {
                summary,
                cached: false,
                warning,
                engine_version: used.engine_version().to_string(),
            })
        })
        .await
    }

    /// Stores an article with its summary at `length` by `engine`, reusing
    /// a stored summary when the same article was summarised before. When
    /// the language model fails, the extractive summary is stored (under
    /// its own key) and served with a warning.
    pub(crate) async fn store_article(
        &self,
        article: Article,
        url: UrlRole,
        length: Length,
        engine: Option<Engine>,
    ) -> Result<(Put, Made), ApiError> {
        let pipeline = self.pipeline_for(engine)?;
        let id = ArticleId::of(&article);
        let p = pipeline.clone();
        let stored = self
            .cache_call(move |_| p.cached_summary(&id, length))
            .await?;
        self.inner.metrics.cache(Cache::Summary, stored.is_some());
        let article = Arc::new(article);
        let made = match stored {
            Some(summary) => Made {
                summary,
                cached: true,
                warning: None,
                engine_version: pipeline.engine_version().to_string(),
            },
            None => {
                self.summarize(Arc::clone(&article), length, Some(pipeline.engine()))
                    .await?
            }
        };
        let s = made.summary.clone();
        let used = if made.engine_version == pipeline.engine_version() {
            pipeline
        } else {
            pipeline.with_engine(Engine::Extractive)?
        };
        let put = self
            .cache_call(move |_| used.put(&article, url, length, &s))
            .await?;
        Ok((put, made))
    }

    /// The summary of a stored article at `length`: from the store, or made
    /// now (and stored at a standard length). `None` when the article is
    /// not stored. A miss returns `may_compute`'s error instead of making
    /// one: with an API key set, anonymous GETs read what is stored but do
    /// not start work.
    pub(crate) async fn summary_of(
        &self,
        id: &ArticleId,
        length: Length,
        may_compute: Result<(), ApiError>,
    ) -> Result<Option<Made>, ApiError> {
        let i = id.clone();
        let engine_version = self.pipeline().engine_version().to_string();
        if let Some(summary) = self
            .cache_call(move |p| p.cached_summary(&i, length))
            .await?
        {
            self.inner.metrics.cache(Cache::Summary, true);
            return Ok(Some(Made {
                summary,
                cached: true,
                warning: None,
                engine_version,
            }));
        }
        self.inner.metrics.cache(Cache::Summary, false);
        may_compute?;
        let i = id.clone();
        self.blocking(move |state| {
            let start = Instant::now();
            let out = with_fallback(state.pipeline(), |p| p.summary_of(&i, length));
            state.inner.metrics.summarized(start.elapsed());
            let (made, used, warning) = out?;
            if let Some(m) = made
                .as_ref()
                .filter(|_| state.pipeline().engine() == Engine::Llm)
            {
                state.inner.metrics.llm(&m.summary, warning.is_some());
            }
            Ok(made.map(|m| Made {
                summary: m.summary,
                cached: m.cached,
                warning,
                engine_version: used.engine_version().to_string(),
            }))
        })
        .await
    }

    /// Spoken audio of a stored article's summary: from the store (whole),
    /// or spoken now, streamed as it is encoded and then stored at a
    /// standard length. `None` when the article is not stored. A miss
    /// returns `may_compute`'s error instead of speaking.
    ///
    /// Streaming: the answer is decided by the first thing the job sends.
    /// An error before any audio (no such article, no espeak-ng) is a
    /// normal error answer; the first piece of audio starts a streamed
    /// answer that carries the rest as it comes.
    pub(crate) async fn audio_of(
        &self,
        id: &ArticleId,
        length: Length,
        format: AudioFormat,
        may_compute: Result<(), ApiError>,
    ) -> Result<Option<AudioAnswer>, ApiError> {
        let i = id.clone();
        if let Some(a) = self
            .cache_call(move |p| p.cached_audio(&i, length, format))
            .await?
        {
            self.inner.metrics.cache(Cache::Audio, true);
            return Ok(Some(AudioAnswer::Whole(a, true)));
        }
        self.inner.metrics.cache(Cache::Audio, false);
        may_compute?;
        let permit = Arc::clone(&self.inner.jobs)
            .acquire_owned()
            .await
            .map_err(|e| ApiError::internal(format!("job queue closed: {e}")))?;
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Piece>();
        let state = self.clone();
        let i = id.clone();
        // Detached: the job goes on (and stores the audio) even if the
        // client leaves; the receiver is the response body.
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let start = Instant::now();
            // A language model that fails gives the extractive summary's
            // audio (before any byte is sent: the summary comes first).
            let out = with_fallback(state.pipeline(), |p| {
                let pieces = tx.clone();
                p.audio_of_streaming(&i, length, format, move |b| {
                    let _ = pieces.send(Piece::Bytes(bytes::Bytes::copy_from_slice(b)));
                })
            });
            state.inner.metrics.spoke(start.elapsed());
            let _ = tx.send(Piece::Done(out.map(|(a, _, _)| a).map_err(ApiError::from)));
        });
        match rx.recv().await {
            Some(Piece::Done(out)) => Ok(out?.map(|(a, cached)| AudioAnswer::Whole(a, cached))),
            Some(Piece::Bytes(first)) => Ok(Some(AudioAnswer::Streamed(first, rx))),
            None => Err(ApiError::internal("the speech job stopped")),
        }
    }
}

/// What the speech job sends: a piece of the encoded file, then the outcome.
pub(crate) enum Piece {
    /// The next bytes of the file.
    Bytes(bytes::Bytes),
    /// The whole audio and whether it was stored, or why it failed.
    Done(Result<Option<(StoredAudio, bool)>, ApiError>),
}

/// Audio to answer with.
pub(crate) enum AudioAnswer {
    /// All of it at once, with its marks (stored audio, or a format that is
    /// not streamed), and whether it came from the store.
    Whole(StoredAudio, bool),
    /// Being spoken: the first piece, then the rest as it is encoded.
    Streamed(bytes::Bytes, tokio::sync::mpsc::UnboundedReceiver<Piece>),
}

/// A streamed answer as a body stream: the first piece, then the others as
/// they come, ending when the job is done (an error after the first byte
/// cuts the body short).
pub(crate) struct PieceStream {
    pub(crate) first: Option<bytes::Bytes>,
    pub(crate) rest: tokio::sync::mpsc::UnboundedReceiver<Piece>,
}

impl futures_core::Stream for PieceStream {
    type Item = Result<bytes::Bytes, std::io::Error>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        if let Some(first) = self.first.take() {
            return std::task::Poll::Ready(Some(Ok(first)));
        }
        self.rest.poll_recv(cx).map(|piece| match piece {
            Some(Piece::Bytes(b)) => Some(Ok(b)),
            Some(Piece::Done(Err(e))) => Some(Err(std::io::Error::other(e.to_string()))),
            Some(Piece::Done(Ok(_))) | None => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_header_picks_a_format() {
        use AudioFormat::{Mp3, Ogg, Wav};
        assert_eq!(format_from_accept(None), Some(Mp3));
        assert_eq!(format_from_accept(Some("*/*")), Some(Mp3));
        assert_eq!(format_from_accept(Some("audio/wav")), Some(Wav));
        assert_eq!(
            format_from_accept(Some("audio/ogg, audio/mpeg;q=0.5")),
            Some(Ogg)
        );
        assert_eq!(
            format_from_accept(Some("audio/ogg;q=0.4, audio/x-wav")),
            Some(Wav)
        );
        assert_eq!(format_from_accept(Some("text/html")), None);
        assert_eq!(format_from_accept(Some("audio/mpeg;q=0")), None);
        assert_eq!(format_from_accept(Some("audio/ogg;q=NaN")), None);
    }

    #[test]
    fn input_needs_exactly_one_source() {
        assert!(matches!(
            Source::from_fields(Some("https://x.y/".into()), None, None, None),
            Ok(Source::Url(_))
        ));
        assert!(matches!(
            Source::from_fields(Some("https://x.y/".into()), Some("<p>".into()), None, None),
            Ok(Source::Given(Input::Html { url: Some(_), .. }))
        ));
        assert!(Source::from_fields(None, Some("a".into()), Some("b".into()), None).is_err());
        assert!(Source::from_fields(Some("  ".into()), None, None, None).is_err());
    }
}
