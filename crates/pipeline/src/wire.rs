//! The JSON of khulasa, defined once: what `khulasa summarize --format json`
//! prints is what `POST /v1/summarize` answers, key for key, and the
//! server's `/openapi.json` schemas are generated from these types
//! ([`schemas`]), so the description cannot drift from the answers.

use khulasa_core::{Article, Length, Summary};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Most key points a request may ask for.
pub const MAX_BULLETS: u32 = 20;
/// Largest `words` a request may ask for.
pub const MAX_WORDS: u32 = 2_000;

/// One byte range a key point keeps from a sentence of the article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SourceSpan {
    /// The sentence (an index into `segment` of the article text).
    pub sentence: usize,
    /// First byte, in the article text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A key point with the sentences it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct KeyPointJson {
    /// The point as shown.
    pub text: String,
    /// The sentences it draws on: ascending, each once.
    pub sources: Vec<usize>,
    /// The exact byte ranges kept, in the order the point reads them (for
    /// a language model's point, the whole sentences it was aligned to).
    pub spans: Vec<SourceSpan>,
    /// Who wrote it: `extractive` (the article's words, trimmed) or `llm`
    /// (a language model's, checked against its sources).
    #[serde(default)]
    pub origin: khulasa_core::Origin,
}

impl From<&khulasa_core::KeyPoint> for KeyPointJson {
    fn from(k: &khulasa_core::KeyPoint) -> Self {
        let mut sources: Vec<usize> = k.sources.iter().map(|r| r.sentence).collect();
        sources.sort_unstable();
        sources.dedup();
        KeyPointJson {
            text: k.text.clone(),
            sources,
            spans: k
                .sources
                .iter()
                .map(|r| SourceSpan {
                    sentence: r.sentence,
                    start: r.span.start,
                    end: r.span.end,
                })
                .collect(),
            origin: k.origin,
        }
    }
}

/// A summary: the key points, how they were made, and whether the store
/// already held them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SummaryJson {
    /// The key points, in the order to show them.
    pub key_points: Vec<KeyPointJson>,
    /// The method that made them.
    pub method: String,
    /// The length asked for.
    pub params: Length,
    /// The summarizer version: a new version makes new summaries.
    pub engine_version: String,
    /// True when the summary was read from the store, false when made now;
    /// absent where nothing is stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cached: Option<bool>,
    /// The stored article's id, where the summary is asked for by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// Points a language model wrote that the check refused, and why
    /// (each replaced by the best extractive point not yet shown). Empty
    /// for the extractive engine.
    #[serde(default)]
    pub refused: Vec<khulasa_core::Refusal>,
    /// Set when the summary is not what was asked for: the language model
    /// endpoint failed and the extractive summary is served instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

impl SummaryJson {
    /// The wire form of `summary`, made by summarizer version `engine_version`.
    pub fn new(summary: &Summary, engine_version: &str) -> SummaryJson {
        SummaryJson {
            key_points: summary.key_points.iter().map(KeyPointJson::from).collect(),
            method: summary.method.clone(),
            params: summary.params,
            engine_version: engine_version.to_string(),
            cached: None,
            article: None,
            refused: summary.refused.clone(),
            warning: None,
        }
    }

    /// The same, with a warning.
    pub fn warned(mut self, warning: Option<String>) -> SummaryJson {
        self.warning = warning;
        self
    }

    /// The same, naming the stored article it summarises.
    pub fn of_article(mut self, id: &khulasa_store::ArticleId) -> SummaryJson {
        self.article = Some(id.to_string());
        self
    }

    /// The same, saying whether it came from the store.
    pub fn cached(mut self, cached: bool) -> SummaryJson {
        self.cached = Some(cached);
        self
    }
}

/// A sentence of the article text: the unit `sources` count in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SentenceJson {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The paragraph it is in (0-based).
    pub paragraph: usize,
}

/// The sentences of `text`, as `sources` count them.
pub fn sentences(text: &str) -> Vec<SentenceJson> {
    khulasa_text::segment(text)
        .iter()
        .map(|s| SentenceJson {
            start: s.span.start,
            end: s.span.end,
            paragraph: s.paragraph,
        })
        .collect()
}

/// Key points with the text they point into: the answer of
/// `POST /v1/summarize` and the output of `khulasa summarize --format json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SummarizedJson {
    /// The summary.
    #[serde(flatten)]
    pub summary: SummaryJson,
    /// The headline used.
    pub title: Option<String>,
    /// The language the text was summarised as (`ar`, `en`, `und`).
    pub lang: String,
    /// The article text that `spans` and `sentences` index.
    pub text: String,
    /// Its sentences.
    pub sentences: Vec<SentenceJson>,
}

impl SummarizedJson {
    /// The summary of `article` with the text its spans index.
    pub fn new(article: &Article, summary: SummaryJson) -> SummarizedJson {
        SummarizedJson {
            summary,
            title: article.title.clone(),
            lang: crate::lang_of(article).code().to_string(),
            text: article.text.clone(),
            sentences: sentences(&article.text),
        }
    }
}

/// What storing an article did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StoredStatus {
    /// A new article was stored.
    Inserted,
    /// The same content was already stored: nothing changed.
    Existing,
    /// The URL held an older version, which this one replaced.
    Replaced {
        /// The id of the version that was removed.
        old: String,
    },
}

impl From<&khulasa_store::PutStatus> for StoredStatus {
    fn from(s: &khulasa_store::PutStatus) -> Self {
        match s {
            khulasa_store::PutStatus::Inserted => StoredStatus::Inserted,
            khulasa_store::PutStatus::Existing => StoredStatus::Existing,
            khulasa_store::PutStatus::Replaced { old } => StoredStatus::Replaced {
                old: old.to_string(),
            },
        }
    }
}

/// The answer of `POST /v1/articles`: the stored article's id and summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CreatedJson {
    /// The article's id (a hash of its title and text).
    pub id: String,
    /// What storing it did.
    pub status: StoredStatus,
    /// Path of the reader page.
    pub reader: String,
    /// The headline.
    pub title: Option<String>,
    /// Publication date (ISO 8601).
    pub published: Option<String>,
    /// Language code.
    pub lang: Option<khulasa_core::LangTag>,
    /// Text direction.
    pub dir: Option<khulasa_core::Dir>,
    /// The page's URL.
    pub url: Option<String>,
    /// Its summary at the length asked for.
    pub summary: SummaryJson,
}

impl CreatedJson {
    /// The answer for `article`, stored as `put`, with its summary.
    pub fn new(put: &khulasa_store::Put, article: &Article, summary: SummaryJson) -> CreatedJson {
        CreatedJson {
            id: put.id.to_string(),
            status: StoredStatus::from(&put.status),
            reader: format!("/a/{}", put.id),
            title: article.title.clone(),
            published: article.published.clone(),
            lang: article.lang.clone(),
            dir: article.dir,
            url: article.url.clone(),
            summary,
        }
    }
}

/// A stored article, with its sentences (the indices `sources` count).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct StoredArticleJson {
    /// Its id.
    pub id: String,
    /// Path of the reader page.
    pub reader: String,
    /// When it was first stored (Unix seconds).
    pub added: i64,
    /// The article.
    #[serde(flatten)]
    pub article: Article,
    /// The sentences of its text.
    pub sentences: Vec<SentenceJson>,
}

impl From<&khulasa_store::StoredArticle> for StoredArticleJson {
    fn from(s: &khulasa_store::StoredArticle) -> Self {
        StoredArticleJson {
            id: s.id.to_string(),
            reader: format!("/a/{}", s.id),
            added: s.added,
            sentences: sentences(&s.article.text),
            article: s.article.clone(),
        }
    }
}

/// An error, as every JSON answer and line gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorJson {
    /// The error.
    pub error: ErrorBody,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    /// A stable code (`invalid_length`, `not_found`, `timeout`, …).
    pub code: String,
    /// A sentence for a person.
    pub message: String,
}

/// One line of `khulasa summarize --jsonl`: the key points of an input
/// line, or why it failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum JsonlLine {
    /// The line was summarised.
    Summarized {
        /// The line's `id`, as given (any JSON value).
        id: serde_json::Value,
        /// Its summary, with the text the spans index.
        #[serde(flatten)]
        summary: Box<SummarizedJson>,
    },
    /// The line failed; the run goes on.
    Failed {
        /// The line's `id`, or null when it could not be read.
        id: serde_json::Value,
        /// Why, in words.
        error: String,
    },
}

/// One line of `khulasa batch --out`: an item's article and key points, or
/// why it failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchLine {
    /// Where the item came from (a path, a JSON Lines line, a WARC record).
    pub id: String,
    /// The resume key.
    pub key: String,
    /// The stored article's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article_id: Option<String>,
    /// The article's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The article's headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The key points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_points: Option<Vec<KeyPointJson>>,
    /// Why the item failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The body of `POST /v1/articles` and `POST /v1/summarize`: a page to
/// fetch (`url`), a page (`html`, with its `url` if known) or a text (with
/// its `title`), and at most one length setting.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleRequest {
    /// A page to fetch, or where the `html` came from.
    pub url: Option<String>,
    /// A page's HTML.
    pub html: Option<String>,
    /// Plain text: paragraphs separated by blank lines.
    pub text: Option<String>,
    /// The headline of `text`; beside `html`, used only when the page has none.
    pub title: Option<String>,
    /// Number of key points (1 ..= 20).
    #[schema(minimum = 1, maximum = 20)]
    pub bullets: Option<u32>,
    /// About this many words in all (1 ..= 2000).
    #[schema(minimum = 1, maximum = 2000)]
    pub words: Option<u32>,
    /// This share of the article's words (0 < r ≤ 1).
    #[schema(exclusive_minimum = 0.0, maximum = 1.0)]
    pub ratio: Option<f64>,
    /// The engine: `extractive`, or `llm` when the server has a language
    /// model endpoint. By default the server's (`khulasa serve --engine`).
    pub engine: Option<crate::Engine>,
}

impl ArticleRequest {
    /// The length settings of the request.
    pub fn length(&self) -> LengthParams {
        LengthParams {
            bullets: self.bullets,
            words: self.words,
            ratio: self.ratio,
        }
    }
}

/// Length settings as a request or a command line gives them: at most one
/// of the three, three key points when none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LengthParams {
    /// Number of key points (1 ..= 20).
    #[schema(minimum = 1, maximum = 20)]
    pub bullets: Option<u32>,
    /// About this many words in all (1 ..= 2000).
    #[schema(minimum = 1, maximum = 2000)]
    pub words: Option<u32>,
    /// This share of the article's words (0 < r ≤ 1).
    #[schema(exclusive_minimum = 0.0, maximum = 1.0)]
    pub ratio: Option<f64>,
}

/// A length setting out of range, or more than one given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LengthError(pub String);

impl LengthParams {
    /// The engine setting; three key points when none is given.
    pub fn to_length(self) -> Result<Length, LengthError> {
        let bad = |m: String| Err(LengthError(m));
        match (self.bullets, self.words, self.ratio) {
            (None, None, None) => Ok(Length::default()),
            (Some(b), None, None) if (1..=MAX_BULLETS).contains(&b) => {
                Ok(Length::Bullets(b as usize))
            }
            (Some(b), None, None) => bad(format!(
                "bullets must be between 1 and {MAX_BULLETS}, got {b}"
            )),
            (None, Some(w), None) if (1..=MAX_WORDS).contains(&w) => Ok(Length::Words(w as usize)),
            (None, Some(w), None) => {
                bad(format!("words must be between 1 and {MAX_WORDS}, got {w}"))
            }
            // Rounded to 2 decimals (at least 0.01): 0.5 and
            // 0.50000000000001 are one setting, not two summaries.
            (None, None, Some(r)) if r.is_finite() && r > 0.0 && r <= 1.0 => {
                Ok(Length::Ratio(((r * 100.0).round() / 100.0).max(0.01)))
            }
            (None, None, Some(r)) => {
                bad(format!("ratio must be more than 0 and at most 1, got {r}"))
            }
            _ => bad("give at most one of bullets, words and ratio".into()),
        }
    }
}

/// The generated JSON Schemas of the wire types, by name, for the server's
/// `/openapi.json` `components.schemas`.
pub fn schemas() -> Vec<(
    String,
    utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
)> {
    let mut out = Vec::new();
    collect::<SummaryJson>(&mut out);
    collect::<SummarizedJson>(&mut out);
    collect::<ErrorJson>(&mut out);
    collect::<CreatedJson>(&mut out);
    collect::<StoredArticleJson>(&mut out);
    collect::<LengthParams>(&mut out);
    collect::<ArticleRequest>(&mut out);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

fn collect<T: ToSchema>(
    out: &mut Vec<(
        String,
        utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
    )>,
) {
    out.push((T::name().into_owned(), T::schema()));
    T::schemas(out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use khulasa_core::{KeyPoint, SourceRef, Span};

    #[test]
    fn sources_are_ascending_and_unique_spans_keep_reading_order() {
        let k = KeyPoint {
            text: "x".into(),
            sources: vec![
                SourceRef {
                    sentence: 5,
                    span: Span::new(50, 60),
                },
                SourceRef {
                    sentence: 4,
                    span: Span::new(40, 44),
                },
                SourceRef {
                    sentence: 5,
                    span: Span::new(61, 70),
                },
            ],
            origin: khulasa_core::Origin::Extractive,
        };
        let j = KeyPointJson::from(&k);
        assert_eq!(j.sources, vec![4, 5]);
        assert_eq!(
            j.spans.iter().map(|s| s.start).collect::<Vec<_>>(),
            vec![50, 40, 61]
        );
    }

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
            assert!(bad.is_err());
        }
    }

    #[test]
    fn a_jsonl_line_reads_back_as_what_was_written() {
        let ok = r#"{"id":7,"key_points":[],"method":"m","params":{"bullets":3},"engine_version":"5","refused":[],"title":null,"lang":"ar","text":"","sentences":[]}"#;
        let line: JsonlLine = serde_json::from_str(ok).unwrap();
        assert!(matches!(line, JsonlLine::Summarized { .. }));
        assert_eq!(serde_json::to_string(&line).unwrap(), ok);
        let bad: JsonlLine = serde_json::from_str(r#"{"id":"a","error":"no text"}"#).unwrap();
        assert!(matches!(bad, JsonlLine::Failed { .. }));
    }
}
