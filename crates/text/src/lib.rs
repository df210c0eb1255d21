//! The text core of khulasa: no I/O, pure functions over `&str`.
//!
//! What goes in is text as a reader sees it; what comes out always points back
//! into it by byte [`Span`](khulasa_core::Span):
//!
//! - [`normalize`]: the matching form of text (never shown): NFKC, diacritics
//!   and tatweel stripped, alef / ya / ta marbuta folded, digits to ASCII,
//!   invisible controls removed, lowercase.
//! - [`segment()`]: sentences with spans and paragraph index, Arabic-aware.
//! - [`tokenize()`]: words (by script), numbers, punctuation by kind.
//! - [`stem`] and [`stopwords`]: light stemming and stop words for matching.
//! - [`Analyzer`]: tokenise → normalise → stop words → stem, as one pipeline.
//! - [`snippet`](mod@snippet): the part of a text around a search match, marked.
//! - [`detect_lang`]: Arabic / English / other, for routing.
//!
//! ```
//! use khulasa_text::{segment, Analyzer, detect_lang};
//! let text = "أعلنت الحكومة خطة جديدة للطاقة. وتهدف الخطة إلى خفض الانبعاثات.";
//! let lang = detect_lang(text);
//! let sentences = segment(text);
//! assert_eq!(sentences.len(), 2);
//! let second = &text[sentences[1].span.start..sentences[1].span.end];
//! let terms: Vec<String> = Analyzer::for_lang(lang).terms(second).into_iter().map(|t| t.text).collect();
//! assert_eq!(terms, ["تهدف", "خطه", "خفض", "انبعاث"]);
//! ```

pub mod analyzer;
pub mod folded;
pub mod hash;
pub mod lang;
pub mod normalize;
pub mod script;
pub mod segment;
pub mod snippet;
pub mod stem;
pub mod stopwords;
pub mod tokenize;

pub use analyzer::{Analyzer, ArabicStemmer, Term};
pub use folded::Folded;
pub use lang::detect_lang;
pub use script::{digit_value, is_arabic_letter, is_arabic_mark, is_latin_letter};
pub use segment::{Segmenter, segment};
pub use tokenize::{PunctKind, Token, TokenKind, tokenize, tokenize_into};

/// The largest char boundary of `s` at or below `at` (`s.len()` past the
/// end): where to cut a text to read at most `at` bytes of it.
///
/// ```
/// use khulasa_text::floor_char_boundary;
/// let s = "سلام";
/// assert_eq!(floor_char_boundary(s, 3), 2);
/// assert_eq!(floor_char_boundary(s, 100), s.len());
/// ```
pub fn floor_char_boundary(s: &str, at: usize) -> usize {
    let mut end = s.len().min(at);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    end
}
