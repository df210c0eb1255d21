//! The work behind the endpoints: turn a request's input into an article,
//! summarise it, speak it, and keep the results in the store, reusing what
//! is already there. CPU work runs on tokio's blocking pool, at most
//! [`crate::Config::cpu_jobs`] jobs at a time, never on the async threads.

use crate::error::ApiError;
use crate::metrics::Cache;
use crate::state::AppState;
use axum::http::StatusCode;
use khulasa_core::{Article, Block, BlockKind, Lang, Length, Summary};
use khulasa_store::{ArticleId, AudioKey, Put, StoredAudio, SummaryKey};
use serde::Deserialize;
use std::sync::Arc;
use std::time::Instant;

/// Most key points a request may ask for.
pub const MAX_BULLETS: u32 = 20;
/// Largest `words` a request may ask for.
pub const MAX_WORDS: u32 = 2_000;

/// Length settings as a request gives them: at most one of the three.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LengthParams {
    /// Number of key points (1 ..= 20).
    pub bullets: Option<u32>,
    /// About this many words in all (1 ..= 2000).
    pub words: Option<u32>,
    /// This share of the article's words (0 < r ≤ 1).
    pub ratio: Option<f64>,
}

impl LengthParams {
    /// The engine setting; three key points when none is given.
    pub fn to_length(self) -> Result<Length, ApiError> {
        let bad = |m: String| ApiError::invalid("invalid_length", m);
        match (self.bullets, self.words, self.ratio) {
            (None, None, None) => Ok(Length::default()),
            (Some(b), None, None) => {
                if (1..=MAX_BULLETS).contains(&b) {
                    Ok(Length::Bullets(b as usize))
                } else {
                    Err(bad(format!(
                        "bullets must be between 1 and {MAX_BULLETS}, got {b}"
                    )))
                }
            }
            (None, Some(w), None) => {
                if (1..=MAX_WORDS).contains(&w) {
                    Ok(Length::Words(w as usize))
                } else {
                    Err(bad(format!(
                        "words must be between 1 and {MAX_WORDS}, got {w}"
                    )))
                }
            }
            (None, None, Some(r)) => {
                if r.is_finite() && r > 0.0 && r <= 1.0 {
                    Ok(Length::Ratio(r))
                } else {
                    Err(bad(format!(
                        "ratio must be more than 0 and at most 1, got {r}"
                    )))
                }
            }
            _ => Err(bad("give at most one of bullets, words and ratio".into())),
        }
    }
}

/// What an article request carries: a URL to fetch, a page's HTML, or text.
#[derive(Debug, Clone)]
pub enum Input {
    /// Fetch this page (SSRF-guarded), then extract it.
    Url(String),
    /// Extract the article from this HTML; `url` resolves relative links.
    Html {
        /// The page.
        html: String,
        /// Where it came from, if known.
        url: Option<String>,
    },
    /// Plain text, paragraphs separated by blank lines (or one per line).
    Text {
        /// The body.
        text: String,
        /// The headline.
        title: Option<String>,
    },
}

impl Input {
    /// Picks the input from the optional fields of a request: `html` or
    /// `text` (not both), or else `url`.
    pub fn from_fields(
        url: Option<String>,
        html: Option<String>,
        text: Option<String>,
        title: Option<String>,
    ) -> Result<Input, ApiError> {
        let url = url
            .filter(|u| !u.trim().is_empty())
            .map(|u| u.trim().to_string());
        match (html, text) {
            (Some(_), Some(_)) => Err(ApiError::invalid(
                "invalid_input",
                "give either html or text, not both",
            )),
            (Some(html), None) => Ok(Input::Html { html, url }),
            (None, Some(text)) => Ok(Input::Text { text, title }),
            (None, None) => match url {
                Some(u) => Ok(Input::Url(u)),
                None => Err(ApiError::invalid(
                    "invalid_input",
                    "give one of: url (a page to fetch), html (a page), or text (+ title)",
                )),
            },
        }
    }
}

/// An article built from plain text: paragraphs are separated by blank
/// lines; text without blank lines has one paragraph per line.
pub fn article_from_text(text: &str, title: Option<&str>) -> Article {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let has_blank = text.lines().any(|l| l.trim().is_empty())
        && text.trim().lines().any(|l| l.trim().is_empty());
    let mut paragraphs: Vec<String> = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || !has_blank {
            if !cur.is_empty() {
                paragraphs.push(cur.join(" "));
                cur.clear();
            }
            if !line.is_empty() {
                paragraphs.push(line.to_string());
            }
        } else {
            cur.push(line);
        }
    }
    if !cur.is_empty() {
        paragraphs.push(cur.join(" "));
    }
    let blocks: Vec<Block> = paragraphs
        .into_iter()
        .map(|text| Block {
            kind: BlockKind::Paragraph,
            text,
        })
        .collect();
    let body = Article::text_from_blocks(&blocks);
    let lang = khulasa_text::detect_lang(&body);
    let title = title
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from);
    Article {
        title,
        lang: (lang != Lang::Other).then(|| lang.code().to_string()),
        dir: Some(lang.dir().to_string()),
        blocks,
        text: body,
        ..Article::default()
    }
}

/// The language an article is in, for the summarizer and the speaker.
pub fn lang_of(article: &Article) -> Lang {
    match article
        .lang
        .as_deref()
        .map(|l| l.split(['-', '_']).next().unwrap_or(l))
    {
        Some("ar") => Lang::Ar,
        Some("en") => Lang::En,
        _ => khulasa_text::detect_lang(&article.text),
    }
}

/// An audio encoding the API serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// MPEG-1 Layer III.
    Mp3,
    /// RIFF WAVE, 16-bit PCM.
    Wav,
    /// Ogg Vorbis/Opus, as the speech crate encodes it.
    Ogg,
}

impl Format {
    /// The file extension and store key.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Mp3 => "mp3",
            Format::Wav => "wav",
            Format::Ogg => "ogg",
        }
    }

    /// The MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Mp3 => "audio/mpeg",
            Format::Wav => "audio/wav",
            Format::Ogg => "audio/ogg",
        }
    }

    /// From an extension (`mp3`, `wav`, `ogg`).
    pub fn from_ext(ext: &str) -> Option<Format> {
        match ext {
            "mp3" => Some(Format::Mp3),
            "wav" => Some(Format::Wav),
            "ogg" => Some(Format::Ogg),
            _ => None,
        }
    }

    /// Chooses from an `Accept` header: the first acceptable type in order
    /// of preference (q-values respected), MP3 for `*/*`, `audio/*` or no
    /// header. `None` when the header accepts none of ours.
    pub fn from_accept(accept: Option<&str>) -> Option<Format> {
        let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
            return Some(Format::Mp3);
        };
        let mut best: Option<(f32, usize, Format)> = None;
        for (i, part) in accept.split(',').enumerate() {
            let mut it = part.split(';');
            let mime = it.next().unwrap_or("").trim().to_ascii_lowercase();
            let mut q = 1.0f32;
            for p in it {
                if let Some(v) = p.trim().strip_prefix("q=") {
                    q = v.trim().parse().unwrap_or(0.0);
                }
            }
            if q <= 0.0 {
                continue;
            }
            let f = match mime.as_str() {
                "audio/mpeg" | "audio/mp3" => Format::Mp3,
                "audio/wav" | "audio/x-wav" | "audio/wave" | "audio/vnd.wave" => Format::Wav,
                "audio/ogg" | "application/ogg" => Format::Ogg,
                "audio/*" | "*/*" => Format::Mp3,
                _ => continue,
            };
            // Higher q wins; on a tie, the earlier entry.
            if best.is_none_or(|(bq, _, _)| q > bq) {
                best = Some((q, i, f));
            }
        }
        best.map(|(_, _, f)| f)
    }
}

/// A summary and whether it came from the store.
pub struct Summarized {
    /// The key points.
    pub summary: Summary,
    /// True when it was a stored result (no summarisation ran).
    pub cached: bool,
}

impl AppState {
    /// Runs `f` on the blocking pool, at most `cpu_jobs` at a time.
    pub async fn blocking<T, F>(&self, f: F) -> Result<T, ApiError>
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
    pub async fn store_call<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&dyn khulasa_store::Store) -> Result<T, khulasa_store::StoreError>
            + Send
            + 'static,
        T: Send + 'static,
    {
        let store = Arc::clone(&self.inner.store);
        Ok(tokio::task::spawn_blocking(move || f(store.as_ref())).await??)
    }

    /// Turns an input into an article: fetches and extracts URLs, extracts
    /// HTML, splits text into paragraphs. Applies the size limits.
    pub async fn article_from(&self, input: Input) -> Result<Article, ApiError> {
        let limits = &self.inner.config;
        let article = match input {
            Input::Url(url) => {
                check_len("url", url.len(), limits.max_url_bytes)?;
                let fetched = self.inner.fetcher.get(&url).await?;
                // The charset from the HTTP header counts: older Arabic sites
                // send windows-1256 there and nowhere in the page.
                self.blocking(move |state| {
                    state
                        .inner
                        .extractor
                        .extract_with_charset(
                            &fetched.bytes,
                            fetched.charset.as_deref(),
                            Some(&fetched.final_url),
                        )
                        .map_err(extract_error)
                })
                .await?
            }
            Input::Html { html, url } => {
                check_len("html", html.len(), limits.max_html_bytes)?;
                if let Some(u) = &url {
                    check_len("url", u.len(), limits.max_url_bytes)?;
                }
                self.blocking(move |state| {
                    state
                        .inner
                        .extractor
                        .extract(html.as_bytes(), url.as_deref())
                        .map_err(extract_error)
                })
                .await?
            }
            Input::Text { text, title } => {
                check_len("text", text.len(), limits.max_text_bytes)?;
                if let Some(t) = &title {
                    check_len("title", t.len(), limits.max_title_bytes)?;
                }
                article_from_text(&text, title.as_deref())
            }
        };
        if article.text.trim().is_empty() {
            return Err(ApiError::invalid(
                "no_text",
                "the input holds no article text",
            ));
        }
        check_len("article text", article.text.len(), limits.max_text_bytes)?;
        Ok(article)
    }

    /// Summarises an article on the blocking pool, timing it.
    pub async fn summarize(
        &self,
        article: Arc<Article>,
        length: Length,
    ) -> Result<Summary, ApiError> {
        self.blocking(move |state| {
            let start = Instant::now();
            let out = state
                .inner
                .summarizer
                .summarize(&article.text, article.title.as_deref(), length)
                .map_err(summarize_error);
            state.inner.metrics.summarized(start.elapsed());
            out
        })
        .await
    }

    /// Stores an article with its summary at `length`, reusing a stored
    /// summary when the same article was summarised before.
    pub async fn store_article(
        &self,
        article: Article,
        length: Length,
    ) -> Result<(Put, Summarized), ApiError> {
        let key = self.summary_key(ArticleId::of(&article), length);
        let k = key.clone();
        let stored = self.store_call(move |s| s.summary(&k)).await?;
        self.inner.metrics.cache(Cache::Summary, stored.is_some());
        let article = Arc::new(article);
        let (summary, cached) = match stored {
            Some(s) => (s, true),
            None => (self.summarize(Arc::clone(&article), length).await?, false),
        };
        let engine = key.engine.clone();
        let s = summary.clone();
        let put = self
            .store_call(move |st| st.put_article_with_summary(&article, length, &engine, &s))
            .await?;
        Ok((put, Summarized { summary, cached }))
    }

    /// The summary of a stored article at `length`: from the store, or made
    /// now and stored. `None` when the article is not stored.
    pub async fn summary_of(
        &self,
        id: &ArticleId,
        length: Length,
    ) -> Result<Option<Summarized>, ApiError> {
        let key = self.summary_key(id.clone(), length);
        let k = key.clone();
        if let Some(summary) = self.store_call(move |s| s.summary(&k)).await? {
            self.inner.metrics.cache(Cache::Summary, true);
            return Ok(Some(Summarized {
                summary,
                cached: true,
            }));
        }
        let i = id.clone();
        let Some(stored) = self.store_call(move |s| s.article(&i)).await? else {
            return Ok(None);
        };
        self.inner.metrics.cache(Cache::Summary, false);
        let summary = self.summarize(Arc::new(stored.article), length).await?;
        let s = summary.clone();
        self.store_call(move |st| st.put_summary(&key, &s)).await?;
        Ok(Some(Summarized {
            summary,
            cached: false,
        }))
    }

    /// Spoken audio of a stored article's summary, from the store or made
    /// now (and stored). `None` when the article is not stored.
    pub async fn audio_of(
        &self,
        id: &ArticleId,
        length: Length,
        format: Format,
    ) -> Result<Option<(StoredAudio, bool)>, ApiError> {
        let key = AudioKey {
            summary: self.summary_key(id.clone(), length),
            format: format.ext().into(),
        };
        let k = key.clone();
        if let Some(a) = self.store_call(move |s| s.audio(&k)).await? {
            self.inner.metrics.cache(Cache::Audio, true);
            return Ok(Some((a, true)));
        }
        let Some(summarized) = self.summary_of(id, length).await? else {
            return Ok(None);
        };
        self.inner.metrics.cache(Cache::Audio, false);
        let i = id.clone();
        let lang = match self.store_call(move |s| s.article(&i)).await? {
            Some(a) => lang_of(&a.article),
            None => return Ok(None),
        };
        let points: Vec<String> = summarized
            .summary
            .key_points
            .iter()
            .map(|k| k.text.clone())
            .collect();
        let audio = self
            .blocking(move |state| {
                let start = Instant::now();
                let out = crate::speech::speak(state, &points, lang, format);
                state.inner.metrics.spoke(start.elapsed());
                out
            })
            .await?;
        let a = audio.clone();
        self.store_call(move |s| s.put_audio(&key, &a)).await?;
        Ok(Some((audio, false)))
    }

    /// The store key of a summary made by this server's engine.
    pub fn summary_key(&self, article: ArticleId, length: Length) -> SummaryKey {
        SummaryKey {
            article,
            length,
            engine: khulasa_summarize::ENGINE_VERSION.to_string(),
        }
    }
}

fn extract_error(e: khulasa_extract::ExtractError) -> ApiError {
    use khulasa_extract::ExtractError as E;
    match e {
        E::TooLarge { .. } | E::Inflated { .. } => ApiError::too_large(e.to_string()),
        E::TimeBudget { .. } => stage_timeout(e),
        E::NoArticle { .. } => ApiError::invalid("no_article", e.to_string()),
        _ => ApiError::invalid("bad_page", e.to_string()),
    }
}

fn summarize_error(e: khulasa_summarize::SummarizeError) -> ApiError {
    use khulasa_summarize::SummarizeError as E;
    match e {
        E::TooLarge { .. } => ApiError::too_large(e.to_string()),
        E::TimeBudget { .. } => stage_timeout(e),
        _ => ApiError::invalid("cannot_summarize", e.to_string()),
    }
}

/// A stage over its own time budget: 503 `timeout`, as when the whole
/// request runs over its budget, with the stage named.
pub(crate) fn stage_timeout(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "timeout", e.to_string())
}

fn check_len(what: &str, len: usize, limit: usize) -> Result<(), ApiError> {
    if len > limit {
        Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("{what} is {len} bytes; the limit is {limit}"),
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_params_allow_one_setting_in_range() {
        let p = |b, w, r| {
            LengthParams {
                bullets: b,
                words: w,
                ratio: r,
            }
            .to_length()
        };
        assert_eq!(p(None, None, None).unwrap(), Length::Bullets(3));
        assert_eq!(p(Some(5), None, None).unwrap(), Length::Bullets(5));
        assert_eq!(p(None, Some(60), None).unwrap(), Length::Words(60));
        assert_eq!(p(None, None, Some(0.2)).unwrap(), Length::Ratio(0.2));
        for bad in [
            p(Some(0), None, None),
            p(Some(21), None, None),
            p(None, Some(0), None),
            p(None, None, Some(0.0)),
            p(None, None, Some(1.5)),
            p(None, None, Some(f64::NAN)),
            p(Some(3), Some(50), None),
        ] {
            assert_eq!(bad.unwrap_err().code, "invalid_length");
        }
    }

    #[test]
    fn text_becomes_paragraphs() {
        let a = article_from_text(
            "الفقرة الأولى\nتكملة.\n\n\nالفقرة الثانية.\r\n",
            Some(" عنوان "),
        );
        assert_eq!(a.blocks.len(), 2);
        assert_eq!(a.text, "الفقرة الأولى تكملة.\n\nالفقرة الثانية.");
        assert_eq!(a.title.as_deref(), Some("عنوان"));
        assert_eq!(a.dir.as_deref(), Some("rtl"));
        // Without blank lines, each line is a paragraph.
        let b = article_from_text("سطر أول.\nسطر ثان.", None);
        assert_eq!(b.blocks.len(), 2);
        assert_eq!(b.title, None);
    }

    #[test]
    fn accept_header_picks_a_format() {
        assert_eq!(Format::from_accept(None), Some(Format::Mp3));
        assert_eq!(Format::from_accept(Some("*/*")), Some(Format::Mp3));
        assert_eq!(Format::from_accept(Some("audio/wav")), Some(Format::Wav));
        assert_eq!(
            Format::from_accept(Some("audio/ogg, audio/mpeg;q=0.5")),
            Some(Format::Ogg)
        );
        assert_eq!(
            Format::from_accept(Some("audio/ogg;q=0.4, audio/x-wav")),
            Some(Format::Wav)
        );
        assert_eq!(Format::from_accept(Some("text/html")), None);
        assert_eq!(Format::from_accept(Some("audio/mpeg;q=0")), None);
    }

    #[test]
    fn input_needs_exactly_one_source() {
        assert!(matches!(
            Input::from_fields(Some("https://x.y/".into()), None, None, None),
            Ok(Input::Url(_))
        ));
        assert!(matches!(
            Input::from_fields(Some("https://x.y/".into()), Some("<p>".into()), None, None),
            Ok(Input::Html { url: Some(_), .. })
        ));
        assert!(Input::from_fields(None, Some("a".into()), Some("b".into()), None).is_err());
        assert!(Input::from_fields(Some("  ".into()), None, None, None).is_err());
    }
}
