//! Item → article → summary: the per-item work, shared by batch and ingest.

use crate::item::{Item, Payload};
use khulasa_core::{Article, Block, BlockKind, Length, Limit, Summary};
use khulasa_extract::Extractor;
use khulasa_store::{ArticleId, Store, SummaryKey};
use khulasa_summarize::Summarizer;

/// How items are turned into summaries.
#[derive(Debug, Clone)]
pub struct Engine {
    extractor: Extractor,
    summarizer: Summarizer,
    length: Length,
    engine: String,
}

/// An item done: the article and its summary.
#[derive(Debug, Clone)]
pub struct Processed {
    /// The extracted (or given) article.
    pub article: Article,
    /// Its id in the store.
    pub id: ArticleId,
    /// Its summary.
    pub summary: Summary,
    /// True when the summary was made now; false when the store already
    /// held it for this content, length and engine version (and it was read
    /// back instead of made again).
    pub fresh: bool,
}

impl Engine {
    /// An engine with default extraction and summarization settings, making
    /// summaries of `length`.
    pub fn new(length: Length) -> Engine {
        Engine {
            extractor: Extractor::new(),
            summarizer: Summarizer::default(),
            length,
            engine: khulasa_summarize::ENGINE_VERSION.to_string(),
        }
    }

    /// An engine with these extraction and summarizing limits (sizes and
    /// time budgets per item).
    pub fn with_limits(
        length: Length,
        extract: khulasa_extract::Limits,
        summarize: khulasa_summarize::Limits,
    ) -> Engine {
        Engine {
            extractor: Extractor::with_limits(extract),
            summarizer: Summarizer::new(khulasa_summarize::Options {
                limits: summarize,
                ..Default::default()
            }),
            ..Engine::new(length)
        }
    }

    /// The length setting summaries are made with.
    pub fn length(&self) -> Length {
        self.length
    }

    /// The engine version summaries are stored under.
    pub fn engine(&self) -> &str {
        &self.engine
    }

    /// What a summary made by this engine depends on, as one string:
    /// engine version and length (`"1|bullets=3"`). Stored with each done
    /// item: a change makes reruns redo the item.
    pub fn params(&self) -> String {
        format!(
            "{}|{}",
            self.engine,
            khulasa_store::length_key(&self.length)
        )
    }

    /// The article in an item: extracted from HTML, or built from a text.
    pub fn article(&self, item: &Item) -> Result<Article, String> {
        let mut article = match &item.payload {
            Payload::Html { bytes, charset } => self
                .extractor
                .extract_with_charset(bytes, charset.as_deref(), item.url.as_deref())
                .map_err(|e| format!("extraction failed: {}", Limit::explain(&e, e.limit())))?,
            Payload::Text(text) => {
                article_from_text(text, item.title.as_deref(), item.url.as_deref())
            }
        };
        if article.title.is_none() {
            article.title = item.title.clone();
        }
        if article.url.is_none() {
            article.url = item.url.clone();
        }
        if article.text.trim().is_empty() {
            return Err("no article text found".into());
        }
        Ok(article)
    }

    /// Summarizes an article with this engine's settings.
    pub fn summarize(&self, article: &Article) -> Result<Summary, String> {
        self.summarizer
            .summarize(&article.text, article.title.as_deref(), self.length)
            .map_err(|e| format!("summarization failed: {}", Limit::explain(&e, e.limit())))
    }

    /// [`Engine::process`], with a panic in extraction or summarization
    /// turned into this item's failure: one hostile page must not end a run
    /// of a million.
    pub fn process_guarded(
        &self,
        item: &Item,
        store: Option<&dyn Store>,
    ) -> Result<Processed, String> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.process(item, store)))
            .unwrap_or_else(|p| {
                let what = p
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| p.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                Err(format!(
                    "internal error while processing (a bug; please report it): {what}"
                ))
            })
    }

    /// Extracts and summarizes one item. With a store, a summary already
    /// stored for the same content, length and engine is not made again.
    pub fn process(&self, item: &Item, store: Option<&dyn Store>) -> Result<Processed, String> {
        let article = self.article(item)?;
        let id = ArticleId::of(&article);
        if let Some(store) = store {
            let key = SummaryKey {
                article: id.clone(),
                length: self.length,
                engine: self.engine.clone(),
            };
            if let Some(summary) = store.summary(&key).map_err(|e| format!("store: {e}"))? {
                return Ok(Processed {
                    article,
                    id,
                    summary,
                    fresh: false,
                });
            }
        }
        let summary = self.summarize(&article)?;
        Ok(Processed {
            article,
            id,
            summary,
            fresh: true,
        })
    }
}

/// An article from a plain text: paragraphs are separated by blank lines.
pub fn article_from_text(text: &str, title: Option<&str>, url: Option<&str>) -> Article {
    let blocks: Vec<Block> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| Block {
            kind: BlockKind::Paragraph,
            text: p.to_string(),
        })
        .collect();
    let lang = khulasa_text::detect_lang(text);
    Article {
        url: url.map(str::to_string),
        title: title.map(str::to_string),
        lang: Some(lang.code().to_string()),
        dir: Some(lang.dir().to_string()),
        text: Article::text_from_blocks(&blocks),
        blocks,
        ..Article::default()
    }
}
