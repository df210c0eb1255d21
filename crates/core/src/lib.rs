//! The shared vocabulary of khulasa.
//!
//! Every stage of the pipeline (extract → text → summarize → speech → store →
//! serve) speaks in these types, so that a crate can use them without
//! depending on another crate's internals. Nothing here does any work: these
//! are plain data with serde support.
//!
//! The one rule they all keep: **display text is never altered**. A [`Span`]
//! always points into the original text, so a key point can quote and
//! highlight exactly the sentences it came from.
//!
//! ```
//! use khulasa_core::Span;
//! let text = "مرحبا. Hello.";
//! let span = Span::new(0, 11);
//! assert_eq!(span.slice(text), Some("مرحبا."));
//! ```

mod article;
mod deadline;
mod limit;
mod summary;

pub use article::{Article, Block, BlockKind, LeadImage};
pub use deadline::{Deadline, format_budget};
pub use limit::Limit;
pub use summary::{KeyPoint, Length, SourceRef, Summary};

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into an original text.
///
/// Spans are never rewritten by normalisation: they always index the text a
/// reader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (exclusive). Expects `start <= end`.
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// Length in bytes.
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no bytes.
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text this span covers, or `None` if it is out of range or not on
    /// character boundaries.
    pub fn slice<'a>(&self, text: &'a str) -> Option<&'a str> {
        text.get(self.start..self.end)
    }
}

/// One sentence of a text, located by its span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Where the sentence lies in the original text (trimmed of surrounding
    /// whitespace).
    pub span: Span,
    /// Zero-based index of the paragraph the sentence belongs to. Paragraphs
    /// are separated by blank lines.
    pub paragraph: usize,
}

/// The Gregorian month names of most Arabic news (Egypt, the Gulf), January
/// first. Shared by the reader page (showing dates) and speech (reading them).
pub const MONTHS_AR: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

/// A language khulasa routes on. Arabic gets the full treatment; English has
/// its own stop words; everything else goes through the generic path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Arabic.
    Ar,
    /// English.
    En,
    /// Any other language, or too little text to tell.
    Other,
}

impl Lang {
    /// The BCP 47 code (`"ar"`, `"en"`), or `"und"` for [`Lang::Other`].
    pub const fn code(self) -> &'static str {
        match self {
            Lang::Ar => "ar",
            Lang::En => "en",
            Lang::Other => "und",
        }
    }

    /// Writing direction: `"rtl"` for Arabic, `"ltr"` otherwise.
    pub const fn dir(self) -> &'static str {
        match self {
            Lang::Ar => "rtl",
            _ => "ltr",
        }
    }
}
