//! From text to scored sentences: analysis, similarity, features.
//!
//! One pass of analysis per sentence (khulasa-text's [`Analyzer`]: normalised,
//! stop words dropped, light-stemmed terms), then tf-idf vectors, a cosine
//! similarity matrix, LexRank-style centrality, and one feature vector per
//! sentence. Everything the scorer and the selector need, computed once.

mod cues;
mod terms;
#[cfg(test)]
mod tests;
mod vector;

pub use terms::Terms;
pub use vector::cosine;

use cues::{grams_into, name_like, quoted_share, says};
use khulasa_core::{Lang, Sentence};
use khulasa_text::hash::FnvMap;
use khulasa_text::{Analyzer, Token, TokenKind, tokenize_into};
use vector::{cosine_dense, lexrank, sim_matrix, tfidf};

/// The features of one sentence, in the order of [`FEATURE_NAMES`].
pub type Features = [f64; N_FEATURES];

/// How many features a sentence has.
pub const N_FEATURES: usize = 17;

/// Feature names, as they appear in the weights file.
pub const FEATURE_NAMES: [&str; N_FEATURES] = [
    "first",       // the first sentence
    "second",      // the second sentence
    "third",       // the third sentence
    "pos_inv",     // 1 / (1 + index)
    "pos_rel",     // index / (n - 1)
    "para_first",  // first sentence of its paragraph
    "centrality",  // LexRank score / max
    "doc_sim",     // cosine to the document centroid
    "title_sim",   // cosine of terms to the title
    "title_chars", // share of the title's char 3-grams found in the sentence
    "lead_sim",    // cosine to the first sentence (0 for the first)
    "length",      // min(words, 50) / 50
    "short",       // fewer than 7 words
    "numbers",     // holds a number
    "names",       // name-like terms shared with other sentences, capped share
    "quoted",      // share of its letters inside quotation marks
    "say",         // opens with a verb of saying (وقال، وأضاف، said)
];

/// One analysed sentence.
#[derive(Debug, Clone)]
pub struct SentInfo {
    /// The sentence (span into the text that was segmented).
    pub sentence: Sentence,
    /// Words and numbers in it.
    pub words: usize,
    /// The tf-idf vector: (term id, weight), sorted by id, L2-normalised.
    pub vec: Vec<(u32, f32)>,
    /// Its terms in text order: (term id, byte offset of the word in the
    /// sentence), so the terms of a trimmed point can be told apart.
    pub terms: Vec<(u32, u32)>,
    /// Its features.
    pub features: Features,
}

/// An analysed document.
#[derive(Debug, Clone)]
pub struct Doc {
    /// The language it was analysed as.
    pub lang: Lang,
    /// Its sentences (at most the scoring limit), with features.
    pub sents: Vec<SentInfo>,
    /// Words and numbers in the whole text.
    pub total_words: usize,
    /// Cosine similarity of every pair of sentences, row-major `n × n`
    /// (0 on the diagonal).
    pub sim: Vec<f64>,
    /// Inverse sentence frequency of each term id.
    pub idf: Vec<f32>,
    /// The text of each term id (normalised, light-stemmed).
    pub term_text: Terms,
    /// Why a sentence may not be a key point (indexed like `sents`; empty
    /// when nothing was checked): see [`crate::junk`].
    pub junk: Vec<Option<crate::junk::Junk>>,
    /// The headline's term ids (sorted, distinct; empty without one).
    pub title_terms: Vec<u32>,
}

impl Doc {
    /// Cosine similarity of sentences `i` and `j` (0 when `i == j`).
    pub fn sim(&self, i: usize, j: usize) -> f64 {
        self.sim[i * self.sents.len() + j]
    }

    /// The distinct terms (sorted ids) of sentence `i` whose words start
    /// inside `kept` (byte ranges of the sentence, as
    /// [`crate::compress::Compressed::kept`]): the terms of the point as shown.
    pub fn shown_terms(&self, i: usize, kept: &[std::ops::Range<usize>]) -> Vec<u32> {
        let mut t: Vec<u32> = self.sents[i]
            .terms
            .iter()
            .filter(|(_, off)| kept.iter().any(|r| r.contains(&(*off as usize))))
            .map(|(id, _)| *id)
            .collect();
        t.sort_unstable();
        t.dedup();
        t
    }

    /// "Same fact" overlap of two term sets (sorted, distinct ids): the share
    /// of the smaller set's terms found in the other, in `[0, 1]`. A term is
    /// found when the other set holds it, or a term of at least three
    /// letters that one of them starts with (the light stemmer leaves
    /// `روسيا` and `روس` apart) or that one of them is with a proclitic
    /// `و`/`ف`/`ب`/`ل`/`ك` in front (`لتحل`/`تحل`). A paraphrase keeps the
    /// names and content words of the fact and swaps a verb or two
    /// (`تعزيز`/`توسيع`), so
    /// measured against the shorter point it stays high, where a cosine
    /// over whole sentences is pulled down by the longer one's other words.
    /// Terms count alike (an idf weighting would discount exactly the names
    /// a restatement repeats: they occur all over the article).
    pub fn overlap(&self, a: &[u32], b: &[u32]) -> f64 {
        let (small, big) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        if small.is_empty() {
            return 0.0;
        }
        let text = |t: u32| self.term_text.get(t);
        let related = |x: &str, y: &str| {
            let (s, l) = if x.len() <= y.len() { (x, y) } else { (y, x) };
            let (sb, lb) = (s.as_bytes(), l.as_bytes());
            // Byte tests first (this runs for every pair of terms): a prefix
            // shares the first two bytes (an Arabic letter is two; one byte
            // would only tell the block); a proclitic (two bytes) makes the
            // other exactly two bytes longer and shares the last two; three
            // letters need three bytes at least.
            if sb.len() < 3 {
                return false;
            }
            let prefix = lb[..2] == sb[..2];
            let clitic = lb.len() == sb.len() + 2 && lb[lb.len() - 2..] == sb[sb.len() - 2..];
            if !(prefix || clitic) || s.chars().nth(2).is_none() {
                return false;
            }
            // Prefix (`روس`/`روسيا`), or one proclitic letter the stemmer
            // took or left (`لتحل`/`تحل`, `زار`/`وزار`).
            (prefix && l.starts_with(s))
                || (clitic
                    && l.strip_suffix(s)
                        .is_some_and(|p| matches!(p, "و" | "ف" | "ب" | "ل" | "ك")))
        };
        // The other set's texts, looked up once for all the pairs.
        let big_text: Vec<&str> = big.iter().map(|&u| text(u)).collect();
        let found = small
            .iter()
            .filter(|&&t| {
                big.binary_search(&t).is_ok() || {
                    let tt = text(t);
                    big_text.iter().any(|u| related(tt, u))
                }
            })
            .count();
        found as f64 / small.len() as f64
    }
}

struct Raw {
    /// (term id, byte offset of its word in the sentence), in text order.
    terms: Vec<(u32, u32)>,
    /// Its name-like terms: a range of the document's list of them.
    names: std::ops::Range<usize>,
    words: usize,
    number: bool,
    quoted: f64,
    say: bool,
    gram_hits: usize,
}

/// Analyses `sentences` of `text` (already segmented, at most the caller's
/// limit) against an optional title. `total_words` is the whole text's count.
pub fn analyse(text: &str, sentences: Vec<Sentence>, title: Option<&str>, lang: Lang) -> Doc {
    let analyzer = Analyzer::for_lang(lang);
    // About one distinct word in two; sized up front so the maps do not rehash.
    let guess = sentences.last().map_or(0, |s| s.span.end) / 16;
    let mut ids = Terms::with_capacity(guess);
    let mut tokens: Vec<Token> = Vec::new();
    let mut buf = String::new();

    // Title: terms and char 3-grams.
    let mut title_terms: Vec<u32> = Vec::new();
    let mut title_grams: Vec<u64> = Vec::new();
    if let Some(t) = title {
        let mut tt = Vec::new();
        analyzer.terms_into(t, &mut tokens, &mut buf, |term, _| tt.push(term.to_owned()));
        for term in &tt {
            title_terms.push(ids.intern(term));
            grams_into(term, &mut title_grams);
        }
        title_grams.sort_unstable();
        title_grams.dedup();
    }

    let mut raws = Vec::with_capacity(sentences.len());
    // Name-like terms of every sentence, one after the other (`Raw::names`).
    let mut name_terms: Vec<u32> = Vec::new();
    let mut gram_buf: Vec<u64> = Vec::new();
    let mut grams_buf: Vec<u64> = Vec::new();
    // Raw word → its term id (None: a stop word), so each distinct word is
    // analysed once per document: the analyzer's normalisation is the costly
    // step, and news repeats its words.
    let mut cache: FnvMap<&str, Option<u32>> =
        FnvMap::with_capacity_and_hasher(guess, Default::default());
    // Term id → its char 3-grams that occur in the title (when there is one).
    let mut title_hits: Vec<Vec<u64>> = Vec::new();
    for s in &sentences {
        let st = &text[s.span.start..s.span.end];
        tokens.clear();
        tokenize_into(st, &mut tokens);
        let mut terms: Vec<(u32, u32)> = Vec::with_capacity(tokens.len());
        let names_from = name_terms.len();
        gram_buf.clear();
        let mut words = 0;
        let mut number = false;
        let mut first_word: Option<&str> = None;
        for tok in tokens.iter() {
            let is_word = tok.kind.is_word();
            if !(is_word || tok.kind == TokenKind::Number) {
                continue;
            }
            words += 1;
            number |= tok.kind == TokenKind::Number;
            let raw = &st[tok.span.start..tok.span.end];
            if is_word && first_word.is_none() {
                first_word = Some(raw);
            }
            let id = match cache.get(raw) {
                Some(&id) => id,
                None => {
                    let id = analyzer.term_of(raw, tok.kind, &mut buf).map(|t| {
                        let id = ids.intern(t);
                        if !title_grams.is_empty() {
                            if title_hits.len() <= id as usize {
                                title_hits.resize(id as usize + 1, Vec::new());
                            }
                            grams_buf.clear();
                            grams_into(t, &mut grams_buf);
                            grams_buf.retain(|x| title_grams.binary_search(x).is_ok());
                            title_hits[id as usize] = grams_buf.clone();
                        }
                        id
                    });
                    cache.insert(raw, id);
                    id
                }
            };
            let Some(id) = id else { continue };
            terms.push((id, tok.span.start as u32));
            if name_like(raw, tok.span.start == 0) {
                name_terms.push(id);
            }
            if let Some(g) = title_hits.get(id as usize) {
                gram_buf.extend_from_slice(g);
            }
        }
        let say = first_word.is_some_and(says);
        gram_buf.sort_unstable();
        gram_buf.dedup();
        let gram_hits = gram_buf.len();
        raws.push(Raw {
            terms,
            names: names_from..name_terms.len(),
            words,
            number,
            quoted: quoted_share(st),
            say,
            gram_hits,
        });
    }

    // Document frequency over sentences, idf.
    let nt = ids.len();
    let mut df = vec![0u32; nt];
    let mut seen = vec![u32::MAX; nt];
    for (k, r) in raws.iter().enumerate() {
        for &(t, _) in &r.terms {
            if seen[t as usize] != k as u32 {
                seen[t as usize] = k as u32;
                df[t as usize] += 1;
            }
        }
    }
    let n = raws.len().max(1) as f32;
    let idf: Vec<f32> = df
        .iter()
        .map(|&d| (1.0 + n / (d.max(1) as f32)).ln())
        .collect();
    // `seen` is sorting space from here on.
    let mut sorted = seen;
    let vecs: Vec<Vec<(u32, f32)>> = raws
        .iter()
        .map(|r| tfidf(r.terms.iter().map(|&(t, _)| t), &idf, &mut sorted))
        .collect();
    let title_vec = tfidf(title_terms.iter().copied(), &idf, &mut sorted);
    // Centroid of the document, spread out by term id so each sentence's
    // cosine to it is one pass over the sentence.
    let centroid = tfidf(
        raws.iter().flat_map(|r| r.terms.iter().map(|&(t, _)| t)),
        &idf,
        &mut sorted,
    );
    let mut centroid_dense = vec![0f32; nt];
    for &(t, w) in &centroid {
        centroid_dense[t as usize] = w;
    }

    let sim = sim_matrix(&vecs, nt);
    let cent = lexrank(&sim, vecs.len());
    let cmax = cent.iter().cloned().fold(0.0, f64::max).max(1e-12);
    let ns = raws.len();
    let total_words = 0;
    let mut sents = Vec::with_capacity(ns);
    let mut prev_para = usize::MAX;
    let mut vecs = vecs.into_iter();
    for (i, (s, r)) in sentences.into_iter().zip(raws).enumerate() {
        let vec = vecs.next().unwrap_or_default();
        let names = name_terms[r.names.clone()]
            .iter()
            .filter(|&&t| df[t as usize] >= 2)
            .count();
        let f: Features = [
            (i == 0) as u8 as f64,
            (i == 1) as u8 as f64,
            (i == 2) as u8 as f64,
            1.0 / (1.0 + i as f64),
            if ns > 1 {
                i as f64 / (ns - 1) as f64
            } else {
                0.0
            },
            (s.paragraph != prev_para) as u8 as f64,
            cent[i] / cmax,
            cosine_dense(&vec, &centroid_dense),
            cosine(&vec, &title_vec),
            if title_grams.is_empty() {
                0.0
            } else {
                r.gram_hits as f64 / title_grams.len() as f64
            },
            if i == 0 { 0.0 } else { sim[i * ns] },
            r.words.min(50) as f64 / 50.0,
            (r.words < 7) as u8 as f64,
            r.number as u8 as f64,
            (names.min(4) as f64) / 4.0,
            r.quoted,
            r.say as u8 as f64,
        ];
        prev_para = s.paragraph;
        sents.push(SentInfo {
            sentence: s,
            words: r.words,
            vec,
            terms: r.terms,
            features: f,
        });
    }
    Doc {
        lang,
        sents,
        total_words,
        sim,
        idf,
        term_text: ids,
        junk: Vec::new(),
        title_terms: {
            let mut t = title_terms;
            t.sort_unstable();
            t.dedup();
            t
        },
    }
}
