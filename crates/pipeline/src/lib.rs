//! The one way through khulasa: an [`Input`] becomes an [`Article`], an
//! article a [`Summary`] for a [`Length`], a summary its spoken audio — with
//! the store, when there is one, as the cache of each stage.
//!
//! The server, `khulasa batch` / `ingest` and the CLI all call this crate,
//! so the same text gets the same article id and the same key points by
//! every door. They keep only what is theirs: the server its async wrapper
//! and HTTP error mapping, ingest its sources, scheduling and progress, the
//! CLI its flags and messages. [`wire`] is the JSON all of them print.
//!
//! Summaries are made by one of two [`Engine`]s: the offline extractive one
//! (the default) or, with [`Config::llm`], a language model's points
//! checked against the article (`khulasa-llm`). [`Pipeline::with_engine`]
//! switches per request; the store keys each engine's summaries apart
//! ([`Pipeline::engine_version`]).
//!
//! ```
//! use khulasa_pipeline::{Config, Input, Pipeline};
//! use khulasa_core::Length;
//!
//! let pipeline = Pipeline::new(Config::default()).unwrap();
//! let article = pipeline
//!     .article(Input::Text {
//!         text: "زار وزير الخارجية القاهرة أمس. وبحث مع نظيره سبل التعاون بين البلدين.".into(),
//!         title: Some("زيارة".into()),
//!         url: None,
//!     })
//!     .unwrap();
//! let made = pipeline.summary(&article, Length::Bullets(1)).unwrap();
//! assert_eq!(made.summary.key_points.len(), 1);
//! assert!(!made.cached); // no store: always made now
//! ```

mod error;
mod input;
pub mod wire;

pub use error::PipelineError;
pub use input::{Input, article_from_text, lang_of};
pub use khulasa_core::{Article, Lang, Length, Summary};
pub use khulasa_llm::{LlmConfig, LlmError};
pub use khulasa_speech::AudioFormat;
pub use khulasa_store::{ArticleId, AudioKey, Put, StoredAudio, SummaryKey, UrlRole};

use input::clean_title;
use khulasa_extract::Extractor;
use khulasa_speech::Speaker;
use khulasa_store::Store;
use khulasa_summarize::Summarizer;
use std::sync::Arc;

/// Sizes of an input's fields, checked before any work is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputLimits {
    /// Largest page (`html`, or a fetched body). By default 4 MiB.
    pub html_bytes: usize,
    /// Largest `text`, and largest article text extracted from a page.
    /// By default 1 MiB (a long news article is under 50 KiB).
    pub text_bytes: usize,
    /// Largest title. By default 2 KiB.
    pub title_bytes: usize,
    /// Longest URL. By default 2 KiB.
    pub url_bytes: usize,
}

impl Default for InputLimits {
    fn default() -> Self {
        InputLimits {
            html_bytes: 4 << 20,
            text_bytes: 1 << 20,
            title_bytes: 2 << 10,
            url_bytes: 2 << 10,
        }
    }
}

/// How the pipeline's stages are set up. By default each library's own
/// defaults.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Input sizes.
    pub input: InputLimits,
    /// Extraction limits (page size, depth, elements, time budget).
    pub extract: khulasa_extract::Limits,
    /// Summarizer options (weights, trimming, limits and time budget).
    pub summarize: khulasa_summarize::Options,
    /// Speech options (voice settings, limits, time budget).
    pub speech: khulasa_speech::SpeechOptions,
    /// The language model endpoint, when there is one (`--llm-url`,
    /// `--llm-model`). By default none: only the extractive engine.
    pub llm: Option<LlmConfig>,
    /// The engine summaries are made with. By default the extractive one;
    /// [`Engine::Llm`] needs [`Config::llm`].
    pub engine: Engine,
}

/// Which engine makes the key points.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    /// The offline extractive engine (`khulasa-summarize`).
    #[default]
    Extractive,
    /// A language model's points, each checked against the article
    /// (`khulasa-llm`); refused ones replaced by extractive points.
    Llm,
}

impl Engine {
    /// `"extractive"` or `"llm"`.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Extractive => "extractive",
            Engine::Llm => "llm",
        }
    }
}

/// A summary and whether it came from the store.
#[derive(Debug, Clone, PartialEq)]
pub struct Summarized {
    /// The key points.
    pub summary: Summary,
    /// True when it was a stored result (no summarisation ran).
    pub cached: bool,
}

/// The stages, set up once and shared (cheap to clone: the heavy parts are
/// behind `Arc`s or are plain settings).
#[derive(Clone)]
pub struct Pipeline {
    input: InputLimits,
    extractor: Extractor,
    summarizer: Summarizer,
    speaker: Arc<Speaker>,
    store: Option<Arc<dyn Store>>,
    llm: Option<Arc<khulasa_llm::LlmSummarizer>>,
    engine: Engine,
    /// The store's engine string of `engine` (see [`Pipeline::engine_version`]).
    engine_key: String,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline")
            .field("input", &self.input)
            .field("store", &self.store.is_some())
            .finish_non_exhaustive()
    }
}

impl Pipeline {
    /// The stages with these settings and no store. Fails only on speech
    /// options that cannot work; the speech libraries themselves are loaded
    /// when first needed.
    pub fn new(config: Config) -> Result<Pipeline, PipelineError> {
        let llm = config
            .llm
            .map(khulasa_llm::LlmSummarizer::new)
            .transpose()?
            .map(Arc::new);
        Pipeline {
            input: config.input,
            extractor: Extractor::with_limits(config.extract),
            summarizer: Summarizer::new(config.summarize),
            speaker: Arc::new(Speaker::new(config.speech)?),
            store: None,
            llm,
            engine: Engine::Extractive,
            engine_key: khulasa_summarize::ENGINE_VERSION.to_string(),
        }
        .with_engine(config.engine)
    }

    /// The same stages making summaries with `engine` (cheap: the parts are
    /// shared). [`Engine::Llm`] without a configured endpoint is
    /// [`PipelineError::NoLlm`].
    pub fn with_engine(&self, engine: Engine) -> Result<Pipeline, PipelineError> {
        let engine_key = match (engine, &self.llm) {
            (Engine::Extractive, _) => khulasa_summarize::ENGINE_VERSION.to_string(),
            (Engine::Llm, Some(l)) => l.engine_key(),
            (Engine::Llm, None) => return Err(PipelineError::NoLlm),
        };
        Ok(Pipeline {
            engine,
            engine_key,
            ..self.clone()
        })
    }

    /// The engine summaries are made with.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// The language model engine, when one is configured.
    pub fn llm(&self) -> Option<&khulasa_llm::LlmSummarizer> {
        self.llm.as_deref()
    }

    /// The same stages, caching in `store`.
    pub fn with_store(mut self, store: Arc<dyn Store>) -> Pipeline {
        self.store = Some(store);
        self
    }

    /// The store, if any.
    pub fn store(&self) -> Option<&Arc<dyn Store>> {
        self.store.as_ref()
    }

    /// The speaker (for its status: which voices and diacritiser load).
    pub fn speaker(&self) -> &Speaker {
        &self.speaker
    }

    /// The input size limits.
    pub fn input_limits(&self) -> InputLimits {
        self.input
    }

    /// The engine version summaries are stored under: the extractive
    /// engine's version, and for [`Engine::Llm`] the model, prompt and
    /// check versions after it (`6+llm:MODEL:p1:c1`), so the store's
    /// summary key is the article hash + length + model + prompt version.
    pub fn engine_version(&self) -> &str {
        &self.engine_key
    }

    /// The store key of the summary of article `id` at `length`.
    pub fn summary_key(&self, id: ArticleId, length: Length) -> SummaryKey {
        SummaryKey {
            article: id,
            length,
            engine: self.engine_key.clone(),
        }
    }

    /// The store key of the audio of that summary, read by this
    /// pipeline's voices ([`Speaker::voice_id`]).
    pub fn audio_key(&self, id: ArticleId, length: Length, format: AudioFormat) -> AudioKey {
        AudioKey {
            summary: self.summary_key(id, length),
            format: format.extension().to_string(),
            voice: self.speaker.voice_id(),
        }
    }

    /// Makes the article: extracts pages, splits text into paragraphs.
    /// Sizes are checked first; an article without text is
    /// [`PipelineError::NoText`]. A title given beside a page follows
    /// [`Input::TITLE_RULE`].
    pub fn article(&self, input: Input) -> Result<Article, PipelineError> {
        let lim = self.input;
        let mut article = match input {
            Input::Fetched {
                bytes,
                charset,
                url,
            } => {
                check(
                    "html",
                    bytes.len(),
                    lim.html_bytes,
                    Some(khulasa_core::Limit::PageBytes),
                )?;
                let mut a =
                    self.extractor
                        .extract_with_charset(&bytes, charset.as_deref(), Some(&url))?;
                // What was fetched is where the article is: the final URL
                // identifies it, whatever the page claims.
                a.url = Some(url);
                a
            }
            Input::Html {
                html,
                charset,
                url,
                title,
            } => {
                check(
                    "html",
                    html.len(),
                    lim.html_bytes,
                    Some(khulasa_core::Limit::PageBytes),
                )?;
                check_opt("url", url.as_deref(), lim.url_bytes)?;
                check_opt("title", title.as_deref(), lim.title_bytes)?;
                let mut a = self.extractor.extract_with_charset(
                    &html,
                    charset.as_deref(),
                    url.as_deref(),
                )?;
                if a.title.is_none() {
                    a.title = clean_title(title.as_deref());
                }
                if a.url.is_none() {
                    a.url = url;
                }
                a
            }
            Input::Text { text, title, url } => {
                check(
                    "text",
                    text.len(),
                    lim.text_bytes,
                    Some(khulasa_core::Limit::TextBytes),
                )?;
                check_opt("url", url.as_deref(), lim.url_bytes)?;
                check_opt("title", title.as_deref(), lim.title_bytes)?;
                article_from_text(&text, title.as_deref(), url.as_deref())
            }
        };
        if article.text.trim().is_empty() {
            return Err(PipelineError::NoText);
        }
        check(
            "article text",
            article.text.len(),
            lim.text_bytes,
            Some(khulasa_core::Limit::TextBytes),
        )?;
        article.title = clean_title(article.title.as_deref());
        Ok(article)
    }

    /// Summarises `article` now, without looking in the store. The blocks'
    /// kinds are used when they make up the text (a heading or a block
    /// quotation is never a key point); sources index `article.text` either
    /// way.
    pub fn summarize(&self, article: &Article, length: Length) -> Result<Summary, PipelineError> {
        match (self.engine, &self.llm) {
            (Engine::Llm, Some(llm)) => llm
                .summarize(
                    &article.text,
                    article.title.as_deref(),
                    lang_of(article),
                    length,
                    &|l| {
                        self.extractive(article, l).map_err(|e| match e {
                            PipelineError::Summarize(e) => e,
                            other => {
                                khulasa_summarize::SummarizeError::BadLength(other.to_string())
                            }
                        })
                    },
                )
                .map_err(|e| match e {
                    khulasa_llm::LlmSummaryError::Endpoint(e) => PipelineError::Llm(e),
                    khulasa_llm::LlmSummaryError::Summarize(e) => PipelineError::Summarize(e),
                }),
            (Engine::Llm, None) => Err(PipelineError::NoLlm),
            (Engine::Extractive, _) => self.extractive(article, length),
        }
    }

    /// The extractive engine's summary of `article`, whatever the engine.
    pub fn extractive(&self, article: &Article, length: Length) -> Result<Summary, PipelineError> {
        let title = article.title.as_deref();
        let from_blocks = !article.blocks.is_empty() && blocks_make(&article.blocks, &article.text);
        Ok(if from_blocks {
            self.summarizer
                .summarize_blocks(&article.blocks, title, length)?
        } else {
            self.summarizer.summarize(&article.text, title, length)?
        })
    }

    /// The stored summary of article `id` at `length`, if the store holds
    /// one (no summarising).
    pub fn cached_summary(
        &self,
        id: &ArticleId,
        length: Length,
    ) -> Result<Option<Summary>, PipelineError> {
        match &self.store {
            Some(store) => Ok(store.summary(&self.summary_key(id.clone(), length))?),
            None => Ok(None),
        }
    }

    /// The summary of `article` at `length`: from the store when it holds
    /// one for this content, length and engine version, else made now. Made
    /// summaries are not stored here: see [`Pipeline::put`].
    pub fn summary(&self, article: &Article, length: Length) -> Result<Summarized, PipelineError> {
        if let Some(summary) = self.cached_summary(&ArticleId::of(article), length)? {
            return Ok(Summarized {
                summary,
                cached: true,
            });
        }
        Ok(Summarized {
            summary: self.summarize(article, length)?,
            cached: false,
        })
    }

    /// Stores an article with its summary, both or neither; the summary only
    /// at a stored length ([`is_stored_length`]). Without a store,
    /// nothing is kept and the article's id is returned as new.
    pub fn put(
        &self,
        article: &Article,
        url: UrlRole,
        length: Length,
        summary: &Summary,
    ) -> Result<Put, PipelineError> {
        match &self.store {
            Some(store) if is_stored_length(&length) => Ok(store.put_article_with_summary(
                article,
                url,
                length,
                self.engine_version(),
                summary,
            )?),
            // A length that is not kept: the article alone.
            Some(store) if url == UrlRole::Identifies => Ok(store.put_article(article)?),
            // No summary kept, and the claimed URL must not identify: the
            // store's one claimed-URL write is with a summary, so store the
            // default-length one (every article has it).
            Some(store) => {
                let default = Length::default();
                let summary = self.summarize(article, default)?;
                Ok(store.put_article_with_summary(
                    article,
                    url,
                    default,
                    self.engine_version(),
                    &summary,
                )?)
            }
            None => Ok(Put {
                id: ArticleId::of(article),
                status: khulasa_store::PutStatus::Inserted,
            }),
        }
    }

    /// Makes (or reads back) the summary of `article` and stores both.
    pub fn store_article(
        &self,
        article: &Article,
        url: UrlRole,
        length: Length,
    ) -> Result<(Put, Summarized), PipelineError> {
        let made = self.summary(article, length)?;
        let put = self.put(article, url, length, &made.summary)?;
        Ok((put, made))
    }

    /// The summary of stored article `id` at `length`: from the store, or
    /// made now and stored (at a stored length, [`is_stored_length`]). `None` when there is no store or the article is
    /// not in it.
    pub fn summary_of(
        &self,
        id: &ArticleId,
        length: Length,
    ) -> Result<Option<Summarized>, PipelineError> {
        let Some(store) = &self.store else {
            return Ok(None);
        };
        if let Some(summary) = self.cached_summary(id, length)? {
            return Ok(Some(Summarized {
                summary,
                cached: true,
            }));
        }
        let Some(stored) = store.article(id)? else {
            return Ok(None);
        };
        self.summarize_stored(store.as_ref(), id, &stored.article, length)
            .map(Some)
    }

    /// Summarises stored article `id` now and keeps the summary when its
    /// length is one the store keeps.
    fn summarize_stored(
        &self,
        store: &dyn Store,
        id: &ArticleId,
        article: &Article,
        length: Length,
    ) -> Result<Summarized, PipelineError> {
        let summary = self.summarize(article, length)?;
        if is_stored_length(&length) {
            store.put_summary(&self.summary_key(id.clone(), length), &summary)?;
        }
        Ok(Summarized {
            summary,
            cached: false,
        })
    }

    /// Reads `points` aloud in `lang` and encodes them as `format`. The marks
    /// are JSON: `[{"point": 0, "start_ms": 0, "end_ms": 3120}, ...]`, so a
    /// page can show which point is being read.
    pub fn speak(
        &self,
        points: &[&str],
        lang: Lang,
        format: AudioFormat,
    ) -> Result<StoredAudio, PipelineError> {
        self.speak_streaming(points, lang, format, |_| {})
    }

    /// Like [`speak`](Self::speak), handing each piece of the encoded file
    /// to `on_bytes` as soon as it is made (MP3: a sentence at a time; see
    /// [`Speaker::speak_points_streaming`]).
    pub fn speak_streaming(
        &self,
        points: &[&str],
        lang: Lang,
        format: AudioFormat,
        on_bytes: impl FnMut(&[u8]) + Send,
    ) -> Result<StoredAudio, PipelineError> {
        let (audio, bytes) = self
            .speaker
            .speak_points_streaming(points, lang, format, on_bytes)?;
        let marks: Vec<serde_json::Value> = audio
            .marks
            .iter()
            .map(|m| serde_json::json!({"point": m.point, "start_ms": m.start_ms, "end_ms": m.end_ms}))
            .collect();
        Ok(StoredAudio {
            content_type: format.mime().to_string(),
            marks: serde_json::Value::Array(marks).to_string(),
            bytes,
        })
    }

    /// The stored audio of article `id`'s summary at `length`, if the store
    /// holds it (nothing is spoken).
    pub fn cached_audio(
        &self,
        id: &ArticleId,
        length: Length,
        format: AudioFormat,
    ) -> Result<Option<StoredAudio>, PipelineError> {
        match &self.store {
            Some(store) => Ok(store.audio(&self.audio_key(id.clone(), length, format))?),
            None => Ok(None),
        }
    }

    /// The spoken summary of stored article `id` at `length`: from the
    /// store, or spoken now and stored; with whether it was stored. `None`
    /// when there is no store or the article is not in it.
    pub fn audio_of(
        &self,
        id: &ArticleId,
        length: Length,
        format: AudioFormat,
    ) -> Result<Option<(StoredAudio, bool)>, PipelineError> {
        self.audio_of_streaming(id, length, format, |_| {})
    }

    /// Like [`audio_of`](Self::audio_of); when the audio is spoken now,
    /// each piece of the file goes to `on_bytes` as soon as it is encoded
    /// (nothing is handed over for stored audio: it is returned whole).
    pub fn audio_of_streaming(
        &self,
        id: &ArticleId,
        length: Length,
        format: AudioFormat,
        on_bytes: impl FnMut(&[u8]) + Send,
    ) -> Result<Option<(StoredAudio, bool)>, PipelineError> {
        let Some(store) = &self.store else {
            return Ok(None);
        };
        if let Some(a) = self.cached_audio(id, length, format)? {
            return Ok(Some((a, true)));
        }
        let Some(stored) = store.article(id)? else {
            return Ok(None);
        };
        // The article is read once: for its language and, on a summary
        // miss, to summarise it.
        let summary = match self.cached_summary(id, length)? {
            Some(summary) => summary,
            None => {
                self.summarize_stored(store.as_ref(), id, &stored.article, length)?
                    .summary
            }
        };
        let points: Vec<&str> = summary.key_points.iter().map(|k| k.text.as_str()).collect();
        let audio = self.speak_streaming(&points, lang_of(&stored.article), format, on_bytes)?;
        if is_stored_length(&length) {
            store.put_audio(&self.audio_key(id.clone(), length, format), &audio)?;
        }
        Ok(Some((audio, false)))
    }
}

/// Whether `text` is [`Article::text_from_blocks`] of `blocks`, checked in
/// place (the summarize path must not build a second copy of the text).
fn blocks_make(blocks: &[khulasa_core::Block], text: &str) -> bool {
    let mut rest = text;
    for b in blocks {
        // As `text_from_blocks`: a separator once something was written.
        if rest.len() < text.len() {
            let Some(r) = rest.strip_prefix("\n\n") else {
                return false;
            };
            rest = r;
        }
        let Some(r) = rest.strip_prefix(b.text.as_str()) else {
            return false;
        };
        rest = r;
    }
    rest.is_empty()
}

/// Whether summaries (and their audio) at `length` are kept in the store.
///
/// Only the standard lengths are: 1 to 5 key points, and ratios in steps
/// of 0.05. Any other length (every `words` count, other ratios) is made
/// on request and not stored, so a client walking through settings cannot
/// grow the store: an article holds at most 5 + 20 summaries, each with at
/// most one audio file per format.
pub fn is_stored_length(length: &Length) -> bool {
    match *length {
        Length::Bullets(n) => (1..=5).contains(&n),
        Length::Words(_) => false,
        Length::Ratio(r) => {
            let steps = r * 20.0;
            r > 0.0 && r <= 1.0 && (steps - steps.round()).abs() < 1e-9
        }
    }
}

fn check(
    what: &'static str,
    len: usize,
    max: usize,
    limit: Option<khulasa_core::Limit>,
) -> Result<(), PipelineError> {
    if len > max {
        Err(PipelineError::TooLarge {
            what,
            len,
            max,
            limit,
        })
    } else {
        Ok(())
    }
}

fn check_opt(what: &'static str, value: Option<&str>, max: usize) -> Result<(), PipelineError> {
    check(what, value.map_or(0, str::len), max, None)
}

#[cfg(test)]
mod tests {
    use super::blocks_make;
    use khulasa_core::{Article, Block, BlockKind};

    #[test]
    fn blocks_make_agrees_with_text_from_blocks() {
        let b = |t: &str| Block {
            kind: BlockKind::Paragraph,
            text: t.into(),
        };
        let cases = [
            vec![],
            vec![b("أ")],
            vec![b("أ"), b("ب")],
            vec![b(""), b("ب")],
            vec![b("أ"), b(""), b("ج")],
        ];
        for blocks in &cases {
            let text = Article::text_from_blocks(blocks);
            assert!(blocks_make(blocks, &text), "{blocks:?}");
            assert!(!blocks_make(blocks, &format!("{text}x")), "{blocks:?}");
        }
    }
}
