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
pub use summary::{KeyPoint, Length, Origin, Refusal, SourceRef, Summary};

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

/// The language of an article as a page or a text declares it: a BCP 47
/// primary language subtag (`ar`, `en`, `fr`), lowercased and checked — 2
/// to 8 ASCII letters — so nothing else can reach a stored article or a
/// page's `lang` attribute. Region and script subtags are dropped.
///
/// ```
/// use khulasa_core::{Lang, LangTag};
/// assert_eq!(LangTag::parse(" AR-eg ").unwrap().as_str(), "ar");
/// assert_eq!(LangTag::parse("fr").unwrap().lang(), Lang::Other);
/// assert!(LangTag::parse("ar\" onmouseover=\"x").is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
pub struct LangTag(String);

impl LangTag {
    /// The tag's primary subtag, if it is one.
    pub fn parse(tag: &str) -> Option<LangTag> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        ((2..=8).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic()))
            .then(|| LangTag(primary.to_ascii_lowercase()))
    }

    /// The code, e.g. `"ar"`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The language khulasa routes on.
    pub fn lang(&self) -> Lang {
        match self.0.as_str() {
            "ar" => Lang::Ar,
            "en" => Lang::En,
            _ => Lang::Other,
        }
    }

    /// The writing direction of the language: right to left for the
    /// Arabic-script and Hebrew-script languages.
    pub fn dir(&self) -> Dir {
        match self.0.as_str() {
            "ar" | "fa" | "ur" | "he" | "ps" | "ckb" | "yi" | "sd" | "ug" | "dv" => Dir::Rtl,
            _ => Dir::Ltr,
        }
    }
}

impl TryFrom<String> for LangTag {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        LangTag::parse(&s).ok_or_else(|| format!("{s:?} is not a language tag"))
    }
}

impl From<LangTag> for String {
    fn from(t: LangTag) -> String {
        t.0
    }
}

impl std::fmt::Display for LangTag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Writing direction of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Dir {
    /// Right to left (Arabic).
    Rtl,
    /// Left to right.
    Ltr,
}

impl Dir {
    /// `"rtl"` or `"ltr"`, as HTML's `dir` attribute takes it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Dir::Rtl => "rtl",
            Dir::Ltr => "ltr",
        }
    }

    /// From an HTML `dir` value (`rtl`, `ltr`, any case); `auto` and
    /// anything else are none.
    pub fn parse(s: &str) -> Option<Dir> {
        match s.trim().to_ascii_lowercase().as_str() {
            "rtl" => Some(Dir::Rtl),
            "ltr" => Some(Dir::Ltr),
            _ => None,
        }
    }
}

impl Lang {
    /// The tag of a language we route on; none for [`Lang::Other`].
    pub fn tag(self) -> Option<LangTag> {
        match self {
            Lang::Other => None,
            l => Some(LangTag(l.code().to_string())),
        }
    }

    /// The direction of text in this language.
    pub const fn direction(self) -> Dir {
        match self {
            Lang::Ar => Dir::Rtl,
            _ => Dir::Ltr,
        }
    }

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
