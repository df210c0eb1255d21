//! What can go wrong with a page, as one typed error.

/// Why a page gave no article.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    /// The input was empty or whitespace only.
    #[error("the page is empty")]
    Empty,
    /// The input (or its gzip-inflated form) is over the size limit.
    #[error("the page is too large: {size} bytes, the limit is {limit} bytes")]
    TooLarge {
        /// Bytes seen (at least).
        size: usize,
        /// The limit ([`Limits::max_input_bytes`](crate::Limits::max_input_bytes)).
        limit: usize,
    },
    /// The gzip-compressed input inflates past [`Limits::max_decompressed_bytes`](crate::Limits::max_decompressed_bytes).
    #[error("the page inflates to more than {limit} bytes, the limit for a decompressed page")]
    Inflated {
        /// The limit ([`Limits::max_decompressed_bytes`](crate::Limits::max_decompressed_bytes)).
        limit: usize,
    },
    /// Extraction took longer than [`Limits::time_budget`](crate::Limits::time_budget).
    #[error("extracting took longer than its time budget of {}", khulasa_core::format_budget(*.budget))]
    TimeBudget {
        /// The budget that was spent.
        budget: std::time::Duration,
    },
    /// The input looked gzipped but did not inflate.
    #[error("the page is not valid gzip: {0}")]
    Gzip(String),
    /// The input is binary data, not a page.
    #[error("the input is not an HTML page ({0})")]
    NotHtml(&'static str),
    /// The page has more elements than [`Limits::max_nodes`](crate::Limits::max_nodes).
    #[error("the page has more than {limit} elements, the element limit")]
    TooComplex {
        /// The limit ([`Limits::max_nodes`](crate::Limits::max_nodes)).
        limit: usize,
    },
    /// The page nests elements deeper than [`Limits::max_depth`](crate::Limits::max_depth).
    #[error("the page nests elements more than {limit} deep (at least {depth}), the depth limit")]
    TooDeep {
        /// Depth reached when the scan stopped.
        depth: usize,
        /// The limit ([`Limits::max_depth`](crate::Limits::max_depth)).
        limit: usize,
    },
    /// The page parsed, but holds no article text (a home page, an index, an
    /// error page). The metadata that was found is kept.
    #[error("no article text found in the page{}", .title.as_ref().map(|t| format!(" \"{t}\"")).unwrap_or_default())]
    NoArticle {
        /// The page's title, if it had one (to say which page).
        title: Option<String>,
    },
}

impl ExtractError {
    /// The configurable limit this error hit, if it is one.
    pub fn limit(&self) -> Option<khulasa_core::Limit> {
        use khulasa_core::Limit;
        match self {
            ExtractError::TooLarge { .. } => Some(Limit::PageBytes),
            ExtractError::Inflated { .. } => Some(Limit::DecompressedBytes),
            ExtractError::TooDeep { .. } => Some(Limit::Depth),
            ExtractError::TooComplex { .. } => Some(Limit::Elements),
            ExtractError::TimeBudget { .. } => Some(Limit::ExtractTime),
            _ => None,
        }
    }
}
