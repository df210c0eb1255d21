//! One error for the whole way through, with the stage that failed. It is
//! turned into words only at the edges: an HTTP status and JSON body in the
//! server, a sentence in the CLI, a failure row in a batch.

use khulasa_core::Limit;

/// Why the pipeline could not make an article, a summary or its audio.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The page could not be fetched.
    #[error(transparent)]
    Fetch(#[from] khulasa_fetch::FetchError),
    /// No article could be extracted from the page.
    #[error(transparent)]
    Extract(#[from] khulasa_extract::ExtractError),
    /// The text could not be summarised.
    #[error(transparent)]
    Summarize(#[from] khulasa_summarize::SummarizeError),
    /// The key points could not be read aloud.
    #[error(transparent)]
    Speech(#[from] khulasa_speech::SpeechError),
    /// The language model endpoint gave no answer.
    #[error(transparent)]
    Llm(#[from] khulasa_llm::LlmError),
    /// The LLM engine was asked for and no endpoint is configured.
    #[error("the llm engine needs a language model endpoint: give --llm-url and --llm-model")]
    NoLlm,
    /// The store failed.
    #[error("store: {0}")]
    Store(#[from] khulasa_store::StoreError),
    /// The input (or the article found in it) holds no text.
    #[error("the text is empty: no article text found in the input")]
    NoText,
    /// An input field is over its size limit; nothing was done.
    #[error("{what} is {len} bytes; the limit is {max} bytes")]
    TooLarge {
        /// Which field (`"html"`, `"text"`, `"title"`, `"url"`, `"article text"`).
        what: &'static str,
        /// Its size.
        len: usize,
        /// The limit.
        max: usize,
        /// The limit's name, for the edge to say how to raise it (none for
        /// the fixed title and URL sizes).
        limit: Option<Limit>,
    },
}

impl PipelineError {
    /// The limit that was hit, if this error is one.
    pub fn limit(&self) -> Option<Limit> {
        match self {
            PipelineError::Extract(e) => e.limit(),
            PipelineError::Summarize(e) => e.limit(),
            PipelineError::Speech(e) => e.limit(),
            PipelineError::TooLarge { limit, .. } => *limit,
            _ => None,
        }
    }

    /// The stage that failed, in a word (`"extract"`, `"summarize"`, …).
    pub fn stage(&self) -> &'static str {
        match self {
            PipelineError::Fetch(_) => "fetch",
            PipelineError::Extract(_) => "extract",
            PipelineError::Summarize(_) => "summarize",
            PipelineError::Speech(_) => "speech",
            PipelineError::Store(_) => "store",
            PipelineError::Llm(_) | PipelineError::NoLlm => "llm",
            PipelineError::NoText | PipelineError::TooLarge { .. } => "input",
        }
    }
}
