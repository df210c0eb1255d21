//! The matching pipeline: tokenise → normalise → drop stop words → stem.
//!
//! An [`Analyzer`] turns text into [`Term`]s: the matching forms of its words
//! and numbers, each with the span of the token it came from. Similarity,
//! search and ranking compare terms, never raw text.
//!
//! ```
//! use khulasa_core::Lang;
//! use khulasa_text::Analyzer;
//! let text = "وقّع الوزيرُ على الاتفاقيات في ٢٠٢٤";
//! let terms: Vec<String> = Analyzer::for_lang(Lang::Ar).terms(text).into_iter().map(|t| t.text).collect();
//! assert_eq!(terms, ["وقع", "وزير", "اتفاق", "2024"]);
//! ```

use crate::normalize::Normalizer;
use crate::stem::light_stem;
use crate::stopwords::is_stopword;
use crate::tokenize::{Token, TokenKind, tokenize_into};
use khulasa_core::{Lang, Span};
use rust_stemmers::{Algorithm, Stemmer};

/// One matching term and the span of the token it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The matching form (normalised, perhaps stemmed). Never shown.
    pub text: String,
    /// The token's span in the original text.
    pub span: Span,
}

/// A configured matching pipeline. Presets: [`Analyzer::for_lang`].
pub struct Analyzer {
    lang: Lang,
    normalizer: Normalizer,
    stop_words: bool,
    stem: bool,
    english: Option<Stemmer>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("lang", &self.lang)
            .field("normalizer", &self.normalizer)
            .field("stop_words", &self.stop_words)
            .field("stem", &self.stem)
            .finish()
    }
}

impl Analyzer {
    /// The preset for a language: full normalisation, its stop words dropped,
    /// light stemming (Arabic: clitics; English: Snowball Porter2; other
    /// languages: none).
    pub fn for_lang(lang: Lang) -> Self {
        Analyzer {
            lang,
            normalizer: Normalizer::ar_match(),
            stop_words: true,
            stem: true,
            english: Some(Stemmer::create(Algorithm::English)),
        }
    }

    /// Keep stop words (by default they are dropped).
    pub fn with_stop_words(mut self, drop: bool) -> Self {
        self.stop_words = drop;
        self
    }

    /// Stem or not (by default terms are stemmed).
    pub fn with_stemming(mut self, on: bool) -> Self {
        self.stem = on;
        self
    }

    /// Use another normaliser (by default [`Normalizer::ar_match`]).
    pub fn with_normalizer(mut self, n: Normalizer) -> Self {
        self.normalizer = n;
        self
    }

    /// The language this analyzer was built for.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The terms of `text`: its words and numbers in matching form.
    pub fn terms(&self, text: &str) -> Vec<Term> {
        let mut out = Vec::new();
        let mut tokens = Vec::new();
        let mut buf = String::new();
        self.terms_into(text, &mut tokens, &mut buf, |t, span| {
            out.push(Term {
                text: t.to_owned(),
                span,
            })
        });
        out
    }

    /// Streams the terms of `text` to `sink` without allocating a `String`
    /// per term: `tokens` and `buf` are scratch space the caller may reuse.
    pub fn terms_into(
        &self,
        text: &str,
        tokens: &mut Vec<Token>,
        buf: &mut String,
        mut sink: impl FnMut(&str, Span),
    ) {
        tokens.clear();
        tokenize_into(text, tokens);
        for tok in tokens.iter() {
            if !(tok.kind.is_word() || tok.kind == TokenKind::Number) {
                continue;
            }
            buf.clear();
            self.normalizer
                .normalize_into(&text[tok.span.start..tok.span.end], buf);
            if buf.is_empty() || (self.stop_words && is_stopword(self.lang, buf)) {
                continue;
            }
            if !self.stem {
                sink(buf, tok.span);
                continue;
            }
            match tok.kind {
                TokenKind::Arabic => sink(light_stem(buf), tok.span),
                TokenKind::Latin if self.lang != Lang::Other => {
                    let stemmed = self.english.as_ref().map(|s| s.stem(buf));
                    match stemmed {
                        Some(s) => sink(&s, tok.span),
                        None => sink(buf, tok.span),
                    }
                }
                _ => sink(buf, tok.span),
            }
        }
    }
}
