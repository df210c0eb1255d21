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

use crate::hash::FnvMap;
use crate::normalize::Normalizer;
use crate::stem::{light_stem, search_stem};
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

/// Which stemmer an [`Analyzer`] applies to Arabic words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArabicStemmer {
    /// [`light_stem`]: the article, fused prepositions with the article,
    /// suffixes. What similarity and summarising use.
    Light,
    /// [`search_stem`]: [`ArabicStemmer::Light`] plus a lone preposition
    /// `ب ل ك` (after an optional `و`/`ف`), so `بصواريخها` meets `صواريخ`.
    Search,
    /// Snowball Arabic (`rust-stemmers`): kept to be measured against.
    Snowball,
}

/// A configured matching pipeline. Presets: [`Analyzer::for_lang`],
/// [`Analyzer::search`].
pub struct Analyzer {
    lang: Lang,
    normalizer: Normalizer,
    stop_words: bool,
    stem: bool,
    arabic: ArabicStemmer,
    fold_hamza_seats: bool,
    english: Option<Stemmer>,
    snowball_ar: Option<Stemmer>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("lang", &self.lang)
            .field("normalizer", &self.normalizer)
            .field("stop_words", &self.stop_words)
            .field("stem", &self.stem)
            .field("arabic", &self.arabic)
            .field("fold_hamza_seats", &self.fold_hamza_seats)
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
            arabic: ArabicStemmer::Light,
            fold_hamza_seats: false,
            english: Some(Stemmer::create(Algorithm::English)),
            snowball_ar: None,
        }
    }

    /// The search preset, used to build a search index and to read the
    /// queries run against it (both sides must agree, so every store
    /// indexes and queries through this one preset): full normalisation,
    /// hamza seats folded (`مسؤول` = `مسئول`), [`search_stem`] for Arabic
    /// words and Snowball Porter2 for Latin ones, whatever the article's
    /// language. Stop words are kept, in place, so that a quoted phrase
    /// (`"وزير الخارجية"`) matches only where its words stand side by side
    /// in the text; a query's loose words leave them out
    /// ([`crate::stopwords::is_stopword`]).
    ///
    /// ```
    /// use khulasa_text::Analyzer;
    /// let a = Analyzer::search();
    /// let terms = |s: &str| -> Vec<String> { a.terms(s).into_iter().map(|t| t.text).collect() };
    /// assert_eq!(terms("بصواريخها"), terms("صواريخ"));
    /// assert_eq!(terms("التعاون"), terms("تعاون"));
    /// assert_eq!(terms("Missiles launched"), ["missil", "launch"]);
    /// assert_eq!(terms("في المدينة"), ["في", "مدين"]);
    /// ```
    pub fn search() -> Self {
        Analyzer {
            arabic: ArabicStemmer::Search,
            fold_hamza_seats: true,
            stop_words: false,
            ..Analyzer::for_lang(Lang::Ar)
        }
    }

    /// Use another Arabic stemmer (by default [`ArabicStemmer::Light`]; for
    /// [`Analyzer::search`], [`ArabicStemmer::Search`]).
    pub fn with_arabic_stemmer(mut self, stemmer: ArabicStemmer) -> Self {
        self.arabic = stemmer;
        self.snowball_ar =
            (stemmer == ArabicStemmer::Snowball).then(|| Stemmer::create(Algorithm::Arabic));
        self
    }

    /// Fold the hamza seats `ؤ` and `ئ` to a bare `ء` (off by default; on
    /// for [`Analyzer::search`]): writers spell `مسؤول` and `مسئول` alike, and
    /// a search must not care. For matching only.
    pub fn with_fold_hamza_seats(mut self, on: bool) -> Self {
        self.fold_hamza_seats = on;
        self
    }

    /// Drop stop words (`true`, the default) or keep them (`false`).
    pub fn dropping_stop_words(mut self, drop: bool) -> Self {
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
    ///
    /// Each distinct token is analysed once and its term remembered for the
    /// rest of the text: a news article repeats its words (stop words most),
    /// and normalising and stemming a word cost several lookups. A search
    /// index reads whole articles this way.
    pub fn terms_into(
        &self,
        text: &str,
        tokens: &mut Vec<Token>,
        buf: &mut String,
        mut sink: impl FnMut(&str, Span),
    ) {
        tokens.clear();
        tokenize_into(text, tokens);
        // Token → its term's range in `terms` (None: no term).
        let mut known: FnvMap<(&str, TokenKind), Option<(u32, u32)>> =
            FnvMap::with_capacity_and_hasher(tokens.len() / 2, Default::default());
        let mut terms = String::new();
        for tok in tokens.iter() {
            let raw = &text[tok.span.start..tok.span.end];
            let range = *known.entry((raw, tok.kind)).or_insert_with(|| {
                self.term_of(raw, tok.kind, buf).map(|t| {
                    let start = terms.len() as u32;
                    terms.push_str(t);
                    (start, terms.len() as u32)
                })
            });
            if let Some((start, end)) = range {
                sink(&terms[start as usize..end as usize], tok.span);
            }
        }
    }

    /// The term of one token: `token` is the text of a token of kind `kind`
    /// as [`tokenize_into`] gives it (a word or number; other kinds and stop
    /// words give `None`). The term is written to `buf`, scratch space the
    /// caller may reuse, and returned from it. The same as the term
    /// [`Analyzer::terms_into`] gives for that token, without tokenising
    /// again: for a caller that has the tokens already.
    ///
    /// ```
    /// use khulasa_core::Lang;
    /// use khulasa_text::{Analyzer, TokenKind};
    /// let a = Analyzer::for_lang(Lang::Ar);
    /// let mut buf = String::new();
    /// assert_eq!(a.term_of("والمدارسُ", TokenKind::Arabic, &mut buf), Some("مدارس"));
    /// assert_eq!(a.term_of("في", TokenKind::Arabic, &mut buf), None);
    /// ```
    pub fn term_of<'b>(
        &self,
        token: &str,
        kind: TokenKind,
        buf: &'b mut String,
    ) -> Option<&'b str> {
        if !(kind.is_word() || kind == TokenKind::Number) {
            return None;
        }
        buf.clear();
        self.normalizer.normalize_into(token, buf);
        if self.fold_hamza_seats && buf.contains(['ؤ', 'ئ']) {
            *buf = buf.replace(['ؤ', 'ئ'], "ء");
        }
        if buf.is_empty() || (self.stop_words && is_stopword(self.lang, buf)) {
            return None;
        }
        if !self.stem {
            return Some(buf);
        }
        match kind {
            TokenKind::Arabic => match (self.arabic, &self.snowball_ar) {
                (ArabicStemmer::Search, _) => Some(search_stem(buf)),
                (ArabicStemmer::Snowball, Some(s)) => {
                    let stem = s.stem(buf);
                    if *stem != **buf {
                        let stem = stem.into_owned();
                        *buf = stem;
                    }
                    Some(buf)
                }
                _ => Some(light_stem(buf)),
            },
            TokenKind::Latin if self.lang != Lang::Other => {
                if let Some(s) = self.english.as_ref() {
                    english_stem(s, buf);
                }
                Some(buf)
            }
            _ => Some(buf),
        }
    }
}

/// Sets of a thread's stem cache (a power of two), each of
/// [`STEM_CACHE_WAYS`] slots: 65,536 words, about 2.2 MB a thread.
const STEM_CACHE_SETS: usize = 1 << 15;

/// Slots in a set: a word that comes back is not pushed out by the one
/// other word that hashes to its set.
const STEM_CACHE_WAYS: usize = 2;

/// Longest word and stem (bytes) [`english_stem`] remembers; longer words
/// (a few in a hundred) are stemmed each time.
const STEM_CACHE_WORD_BYTES: usize = 16;

thread_local! {
    /// Porter2 stems made on this thread. News repeats its words, within an
    /// article and across a batch of them, and the Snowball stemmer was a
    /// tenth of a batch's CPU where a lookup costs a small part of a stem.
    static ENGLISH_STEMS: std::cell::RefCell<StemCache> = std::cell::RefCell::new(StemCache::new());
}

/// A set-associative word → stem cache: a word may sit in either slot of
/// the set its hash picks, and a new word takes the first slot, the first
/// slot's word moving to the second. Words and stems are held in the slots
/// themselves, so a lookup reads one set and compares fixed-size arrays,
/// with no pointer to follow (a hash map of boxed strings cost a cache miss
/// and a `memcmp` call a word, half of what stemming cost before any cache).
struct StemCache {
    sets: Box<[[StemSlot; STEM_CACHE_WAYS]]>,
}

/// One remembered word, zero-padded; `word_len` 0 is an empty slot.
#[derive(Clone, Copy)]
struct StemSlot {
    word: [u8; STEM_CACHE_WORD_BYTES],
    stem: [u8; STEM_CACHE_WORD_BYTES],
    word_len: u8,
    stem_len: u8,
}

impl StemSlot {
    const EMPTY: StemSlot = StemSlot {
        word: [0; STEM_CACHE_WORD_BYTES],
        stem: [0; STEM_CACHE_WORD_BYTES],
        word_len: 0,
        stem_len: 0,
    };
}

impl StemCache {
    fn new() -> StemCache {
        StemCache {
            sets: vec![[StemSlot::EMPTY; STEM_CACHE_WAYS]; STEM_CACHE_SETS].into_boxed_slice(),
        }
    }

    /// The set of a zero-padded word: a multiply-rotate hash of its 8-byte
    /// halves, its top bits as the index.
    fn set_of(padded: &[u8; STEM_CACHE_WORD_BYTES]) -> usize {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut h = 0u64;
        for c in padded.chunks_exact(8) {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h.rotate_left(5) ^ w).wrapping_mul(K);
        }
        (h >> (64 - STEM_CACHE_SETS.trailing_zeros())) as usize
    }
}

/// Replaces the word in `buf` by its Porter2 stem (`stemmer` is the English
/// Snowball stemmer: the only one whose stems are remembered).
fn english_stem(stemmer: &Stemmer, buf: &mut String) {
    let len = buf.len();
    if len == 0 || len > STEM_CACHE_WORD_BYTES {
        let stem = stemmer.stem(buf);
        if *stem != **buf {
            *buf = stem.into_owned();
        }
        return;
    }
    let mut padded = [0u8; STEM_CACHE_WORD_BYTES];
    padded[..len].copy_from_slice(buf.as_bytes());
    let at = StemCache::set_of(&padded);
    ENGLISH_STEMS.with_borrow_mut(|cache| {
        let set = &mut cache.sets[at];
        for slot in set.iter() {
            if usize::from(slot.word_len) == len && slot.word == padded {
                // Stored from a `str`, so always UTF-8.
                if let Ok(stem) = std::str::from_utf8(&slot.stem[..usize::from(slot.stem_len)]) {
                    buf.clear();
                    buf.push_str(stem);
                    return;
                }
            }
        }
        let stem = stemmer.stem(buf);
        if stem.len() <= STEM_CACHE_WORD_BYTES {
            set.copy_within(..STEM_CACHE_WAYS - 1, 1);
            let slot = &mut set[0];
            slot.word = padded;
            slot.word_len = len as u8;
            slot.stem = [0; STEM_CACHE_WORD_BYTES];
            slot.stem[..stem.len()].copy_from_slice(stem.as_bytes());
            slot.stem_len = stem.len() as u8;
        }
        if *stem != **buf {
            *buf = stem.into_owned();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize;

    /// `terms_into` as first written: each token's text normalised, stop
    /// words dropped, stemmed, all in line.
    fn reference_terms(a: &Analyzer, text: &str) -> Vec<(String, Span)> {
        let mut out = Vec::new();
        for tok in tokenize(text) {
            if !(tok.kind.is_word() || tok.kind == TokenKind::Number) {
                continue;
            }
            let buf = a.normalizer.normalize(&text[tok.span.start..tok.span.end]);
            if buf.is_empty() || (a.stop_words && is_stopword(a.lang, &buf)) {
                continue;
            }
            let t = match tok.kind {
                _ if !a.stem => buf,
                TokenKind::Arabic => light_stem(&buf).to_string(),
                TokenKind::Latin if a.lang != Lang::Other => match a.english.as_ref() {
                    Some(s) => s.stem(&buf).into_owned(),
                    None => buf,
                },
                _ => buf,
            };
            out.push((t, tok.span));
        }
        out
    }

    /// A remembered stem is the stem: asked twice (the second time from the
    /// thread's cache), a word that changes and one that does not give
    /// what Snowball gives; a word too long to be remembered as well.
    #[test]
    fn remembered_stems_are_snowball_stems() {
        let snowball = Stemmer::create(Algorithm::English);
        let long = "counterrevolutionariesandmoreandmoreandmore";
        assert!(long.len() > STEM_CACHE_WORD_BYTES);
        for word in ["ministers", "talks", "sky", "running", long] {
            let want = snowball.stem(word).into_owned();
            for _ in 0..2 {
                let mut buf = word.to_string();
                english_stem(&snowball, &mut buf);
                assert_eq!(buf, want, "{word}");
            }
        }
        let a = Analyzer::for_lang(Lang::En);
        let first: Vec<String> = a
            .terms("Ministers talked")
            .into_iter()
            .map(|t| t.text)
            .collect();
        let again: Vec<String> = a
            .terms("Ministers talked")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(first, ["minist", "talk"]);
        assert_eq!(again, first);
    }

    /// More words than the cache has slots, asked twice: words that share a
    /// slot take it over from each other, and every answer is still
    /// Snowball's (non-ASCII words and words of the longest length kept included).
    #[test]
    fn stems_survive_words_taking_over_slots() {
        let snowball = Stemmer::create(Algorithm::English);
        let words: Vec<String> = (0..STEM_CACHE_SETS * STEM_CACHE_WAYS * 2)
            .map(|i| match i % 4 {
                0 => format!("running{i}ings"),
                1 => format!("café{i}s"),
                2 => format!("{:x<16}", format!("nation{i}")),
                _ => format!("{i}ed"),
            })
            .collect();
        for _ in 0..2 {
            for w in &words {
                let mut buf = w.clone();
                english_stem(&snowball, &mut buf);
                assert_eq!(buf, snowball.stem(w), "{w}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Terms through `term_of` are the terms of the pipeline written in
        /// line; and a token's text, analysed alone, gives its own term (the
        /// summarizer analyses each distinct token once, by its text).
        #[test]
        fn term_of_is_the_pipeline(text in crate::normalize::tests::mixed_text()) {
            for lang in [Lang::Ar, Lang::En, Lang::Other] {
                let a = Analyzer::for_lang(lang);
                let got: Vec<(String, Span)> =
                    a.terms(&text).into_iter().map(|t| (t.text, t.span)).collect();
                proptest::prop_assert_eq!(&got, &reference_terms(&a, &text));
                let mut buf = String::new();
                let mut it = got.iter();
                for tok in tokenize(&text) {
                    let raw = &text[tok.span.start..tok.span.end];
                    if let Some(t) = a.term_of(raw, tok.kind, &mut buf) {
                        let want = it.next().map(|(t, _)| t.as_str());
                        proptest::prop_assert_eq!(Some(t), want);
                        let alone = a.terms(raw);
                        proptest::prop_assert_eq!(alone.len(), 1);
                        proptest::prop_assert_eq!(alone[0].text.as_str(), want.unwrap_or(""));
                    }
                }
                proptest::prop_assert!(it.next().is_none());
            }
        }
    }
}
