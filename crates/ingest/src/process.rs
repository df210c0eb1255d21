//! Item → article → summary: the per-item work of batch and ingest, done by
//! `khulasa-pipeline` (the same way the server and the CLI do it). What is
//! ingest's own here: an item's payload becomes the pipeline's input, and
//! a panic in one hostile page becomes that item's failure.

use crate::item::{Item, Payload};
use khulasa_core::{Article, Length, Limit, Summary};
use khulasa_pipeline::{ArticleId, Input, Pipeline, PipelineError};
use khulasa_store::{IngestOutcome, Store};

/// Turns items into stored-ready summaries of one length.
#[derive(Debug, Clone)]
pub struct Processor {
    pipeline: Pipeline,
    length: Length,
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

/// Why one item could not be processed. The run goes on.
#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    /// A stage of the pipeline failed.
    #[error("{}", Limit::explain(.0, .0.limit()))]
    Pipeline(#[from] PipelineError),
    /// A bug: processing panicked on this item.
    #[error("internal error while processing (a bug; please report it): {0}")]
    Panicked(String),
}

impl Processor {
    /// Summaries of `length` made by `pipeline` (its store, if any, is not
    /// used: batch and ingest pass theirs to [`Processor::process`]).
    pub fn new(pipeline: Pipeline, length: Length) -> Processor {
        Processor { pipeline, length }
    }

    /// With the default settings of every stage.
    pub fn with_defaults(length: Length) -> Processor {
        let pipeline = Pipeline::new(khulasa_pipeline::Config::default())
            .expect("the default speech options are valid");
        Processor::new(pipeline, length)
    }

    /// The length setting summaries are made with.
    pub fn length(&self) -> Length {
        self.length
    }

    /// The summarizer version summaries are stored under.
    pub fn engine_version(&self) -> &str {
        self.pipeline.engine_version()
    }

    /// What a summary made here depends on, as one string: engine version
    /// and length (`"5|bullets=3"`). Stored with each done item: a change
    /// makes reruns redo the item.
    pub fn params(&self) -> String {
        format!(
            "{}|{}",
            self.engine_version(),
            khulasa_store::length_key(&self.length)
        )
    }

    /// The article in an item: extracted from HTML (a title beside it only
    /// fills in a missing headline), or built from a text.
    pub fn article(&self, item: &Item) -> Result<Article, ProcessError> {
        let input = match &item.payload {
            Payload::Html { bytes, charset } => Input::Html {
                html: bytes.clone(),
                charset: charset.clone(),
                url: item.url.clone(),
                title: item.title.clone(),
            },
            Payload::Text(text) => Input::Text {
                text: text.clone(),
                title: item.title.clone(),
                url: item.url.clone(),
            },
        };
        Ok(self.pipeline.article(input)?)
    }

    /// Summarizes an article at this processor's length.
    pub fn summarize(&self, article: &Article) -> Result<Summary, ProcessError> {
        Ok(self.pipeline.summarize(article, self.length)?)
    }

    /// What storing an item's result means: its article (with the summary
    /// when it was made now), or its failure row.
    pub fn outcome<'a>(
        &'a self,
        source: &'a str,
        result: &'a Result<Processed, String>,
    ) -> IngestOutcome<'a> {
        match result {
            Ok(p) => IngestOutcome::Article {
                article: &p.article,
                summary: p
                    .fresh
                    .then_some((self.length, self.engine_version(), &p.summary)),
            },
            Err(reason) => IngestOutcome::Failed { source, reason },
        }
    }

    /// [`Processor::process`], with a panic in extraction or summarization
    /// turned into this item's failure: one hostile page must not end a run
    /// of a million.
    pub fn process_guarded(
        &self,
        item: &Item,
        store: Option<&dyn Store>,
    ) -> Result<Processed, ProcessError> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.process(item, store)))
            .unwrap_or_else(|p| {
                let what = p
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| p.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                Err(ProcessError::Panicked(what))
            })
    }

    /// Extracts and summarizes one item. With a store, a summary already
    /// stored for the same content, length and engine is not made again.
    pub fn process(
        &self,
        item: &Item,
        store: Option<&dyn Store>,
    ) -> Result<Processed, ProcessError> {
        let article = self.article(item)?;
        let id = ArticleId::of(&article);
        if let Some(store) = store {
            let key = self.pipeline.summary_key(id.clone(), self.length);
            if let Some(summary) = store.summary(&key).map_err(PipelineError::from)? {
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
