//! What summarisation produces: key points that trace back to their sources.

use crate::Span;
use serde::{Deserialize, Serialize};

/// A summary: the key points a reader sees under "show the summary".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// The key points, in the order they should be shown.
    pub key_points: Vec<KeyPoint>,
    /// The method that made them, with its version (`"khulasa-rank/1"`).
    pub method: String,
    /// The length setting used.
    pub params: Length,
    /// Points a language model wrote that the check refused, with why
    /// (empty for the extractive engine).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refused: Vec<Refusal>,
}

/// Who wrote a key point.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// The extractive engine: the article's own words, trimmed.
    #[default]
    Extractive,
    /// A language model, checked against the article.
    Llm,
}

/// A generated point the check refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Refusal {
    /// The point as the model wrote it (for a whole answer refused, its
    /// start).
    pub text: String,
    /// Why, in words (`"number: 15 is not in its sources (sentence 0)"`).
    pub reason: String,
    /// The rule that refused it: `unsupported`, `number`, `name`, `quote`,
    /// `negation`, `view`, or `format` (the whole answer unreadable).
    pub rule: String,
}

/// One key point and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyPoint {
    /// The text shown to the reader (possibly trimmed from its sources).
    pub text: String,
    /// The source sentences, in text order.
    pub sources: Vec<SourceRef>,
    /// Who wrote it. Read as extractive when absent.
    #[serde(default)]
    pub origin: Origin,
}

/// A pointer from a key point into the article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// Index of the source sentence in the segmented article.
    pub sentence: usize,
    /// The part of the article text that was kept (within that sentence).
    pub span: Span,
}

/// How long a summary should be.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Length {
    /// A fixed number of key points. The default is 3.
    Bullets(usize),
    /// At most about this many words in all.
    Words(usize),
    /// This share (0 < r ≤ 1) of the article's words.
    Ratio(f64),
}

impl Default for Length {
    fn default() -> Self {
        Length::Bullets(3)
    }
}
