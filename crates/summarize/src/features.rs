//! From text to scored sentences: analysis, similarity, features.
//!
//! One pass of analysis per sentence (khulasa-text's [`Analyzer`]: normalised,
//! stop words dropped, light-stemmed terms), then tf-idf vectors, a cosine
//! similarity matrix, LexRank-style centrality, and one feature vector per
//! sentence. Everything the scorer and the selector need, computed once.

use khulasa_core::{Lang, Sentence};
use khulasa_text::folded::is_wordy;
use khulasa_text::hash::{Fnv, FnvMap};
use khulasa_text::{Analyzer, Token, TokenKind, tokenize_into};
use std::hash::Hasher;

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

const SAY_STARTS: &[&str] = &[
    "وقال",
    "وقالت",
    "واضاف",
    "واضافت",
    "واكد",
    "واكدت",
    "واوضح",
    "واوضحت",
    "واشار",
    "واشارت",
    "وتابع",
    "وتابعت",
    "قال",
    "قالت",
    "said",
    "says",
];

/// True when `w`, alef forms folded and lowercased, is one of
/// [`SAY_STARTS`]. Words of ASCII and the Arabic block (lowercasing
/// changes nothing there but ASCII capitals) are compared in place; others
/// are folded into a string first.
fn says(w: &str) -> bool {
    use khulasa_text::normalize::step::fold_alef;
    let plain = w
        .chars()
        .all(|c| c.is_ascii() || ('\u{0600}'..='\u{06FF}').contains(&c));
    if !plain {
        let f: String = w.chars().map(fold_alef).collect::<String>().to_lowercase();
        return SAY_STARTS.contains(&f.as_str());
    }
    SAY_STARTS.iter().any(|s| {
        s.len() == w.len()
            && s.chars()
                .zip(w.chars())
                .all(|(a, b)| a == fold_alef(b).to_ascii_lowercase())
    })
}

/// Share of the letters of `s` that stand inside quotation marks (`"..."`,
/// `«...»`, `“...”`). An unclosed quote counts to the end of the sentence.
fn quoted_share(s: &str) -> f64 {
    // Most sentences hold no quotation mark (all of them start with byte
    // 0x22, 0xC2 or 0xE2): then nothing is inside, and the share is 0.
    if !s.bytes().any(|b| matches!(b, b'"' | 0xC2 | 0xE2)) {
        return 0.0;
    }
    let (mut inside, mut q, mut all) = (false, 0usize, 0usize);
    for c in s.chars() {
        match c {
            '"' => inside = !inside,
            '«' | '“' => inside = true,
            '»' | '”' => inside = false,
            c if is_wordy(c) => {
                all += 1;
                q += inside as usize;
            }
            _ => {}
        }
    }
    if all == 0 { 0.0 } else { q as f64 / all as f64 }
}

/// Character 3-grams of normalised term text, as hashes (a term of fewer
/// than three letters is one gram).
fn grams_into(term: &str, out: &mut Vec<u64>) {
    // Byte offsets of each char and of the end: a gram is `term[a..d]`.
    let mut at = term.char_indices().map(|(i, _)| i).chain([term.len()]);
    let (Some(mut a), Some(mut b), Some(mut c), Some(mut d)) =
        (at.next(), at.next(), at.next(), at.next())
    else {
        out.push(hash_str(term));
        return;
    };
    loop {
        out.push(hash_str(&term[a..d]));
        let Some(e) = at.next() else { break };
        (a, b, c, d) = (b, c, d, e);
    }
}

/// The stable FNV-1a hash of khulasa-text, over the bytes of `s`.
fn hash_str(s: &str) -> u64 {
    let mut h = Fnv::default();
    h.write(s.as_bytes());
    h.finish()
}

/// Cosine of two sorted, L2-normalised sparse vectors.
pub fn cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f64 {
    let (mut i, mut j, mut s) = (0, 0, 0f32);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    f64::from(s)
}

/// [`cosine`] of a sparse vector `a` and a vector spread out by term id
/// (`dense[t]`, 0 where it has no weight): the same sum, in the same order
/// (ascending id), so the same value to the bit.
fn cosine_dense(a: &[(u32, f32)], dense: &[f32]) -> f64 {
    let mut s = 0f32;
    for &(t, w) in a {
        let d = dense[t as usize];
        if d != 0.0 {
            s += w * d;
        }
    }
    f64::from(s)
}

/// The distinct terms of a document, each text stored once in one string
/// (no allocation per term). Ids are given in order of first sight.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    text: String,
    /// End of each term's text in `text`; term `i` starts where `i - 1` ends.
    ends: Vec<u32>,
    /// FNV-1a hash of a term's text → its id.
    by_hash: FnvMap<u64, u32>,
    /// Terms whose hash another term already holds (never seen in practice;
    /// kept so a collision cannot merge two terms).
    spill: FnvMap<String, u32>,
}

impl Terms {
    fn with_capacity(n: usize) -> Terms {
        Terms {
            text: String::with_capacity(n * 8),
            ends: Vec::with_capacity(n),
            by_hash: FnvMap::with_capacity_and_hasher(n, Default::default()),
            spill: FnvMap::default(),
        }
    }

    /// How many distinct terms.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The text of term `id` ("" when there is no such term).
    pub fn get(&self, id: u32) -> &str {
        let i = id as usize;
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start as usize..end as usize]
    }

    /// The id of `t`, added when new.
    fn intern(&mut self, t: &str) -> u32 {
        let h = hash_str(t);
        if let Some(&id) = self.by_hash.get(&h) {
            if self.get(id) == t {
                return id;
            }
            if let Some(&id) = self.spill.get(t) {
                return id;
            }
            let id = self.push(t);
            self.spill.insert(t.to_owned(), id);
            return id;
        }
        let id = self.push(t);
        self.by_hash.insert(h, id);
        id
    }

    fn push(&mut self, t: &str) -> u32 {
        self.text.push_str(t);
        self.ends.push(self.text.len() as u32);
        (self.ends.len() - 1) as u32
    }
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
    }
}

/// Name-like words: Latin words with a capital (not the sentence's first
/// word); Arabic words without the definite article (names rarely take it),
/// of at least four letters. A crude signal; the fitted weight says how much
/// it is worth.
fn name_like(raw: &str, first: bool) -> bool {
    let mut cs = raw.chars();
    let Some(c0) = cs.next() else { return false };
    // The Arabic block has no capitals: skip the Unicode case table there.
    let upper = if c0.is_ascii() {
        c0.is_ascii_uppercase()
    } else {
        !('\u{0600}'..='\u{06FF}').contains(&c0) && c0.is_uppercase()
    };
    if upper {
        return !first;
    }
    if khulasa_text::tokenize::is_arabic_script(c0) {
        // Arabic letters are two bytes: eight bytes is four letters.
        let art = ["ال", "وال", "بال", "فال", "كال", "لل", "ولل"]
            .iter()
            .any(|p| raw.starts_with(p));
        return raw.len() >= 8 && !art;
    }
    false
}

/// The L2-normalised tf-idf vector of a bag of term ids, sorted by id.
/// `sorted` is scratch space.
fn tfidf(terms: impl Iterator<Item = u32>, idf: &[f32], sorted: &mut Vec<u32>) -> Vec<(u32, f32)> {
    sorted.clear();
    sorted.extend(terms);
    sorted.sort_unstable();
    let mut v: Vec<(u32, f32)> = Vec::with_capacity(sorted.len());
    for &t in sorted.iter() {
        match v.last_mut() {
            Some((id, w)) if *id == t => *w += 1.0,
            _ => v.push((t, 1.0)),
        }
    }
    let mut norm = 0f32;
    for (id, w) in v.iter_mut() {
        *w *= idf[*id as usize];
        norm += *w * *w;
    }
    let norm = norm.sqrt();
    if norm > 0.0 {
        for (_, w) in v.iter_mut() {
            *w /= norm;
        }
    }
    v
}

/// All pairwise cosines. Each row's vector is scattered into a dense array
/// once, so a pair costs one pass over the other vector, without the
/// branches of a sorted merge (this was the hottest loop).
fn sim_matrix(vecs: &[Vec<(u32, f32)>], nterms: usize) -> Vec<f64> {
    let n = vecs.len();
    let mut sim = vec![0f64; n * n];
    let mut dense = vec![0f32; nterms];
    for i in 0..n {
        for &(t, w) in &vecs[i] {
            dense[t as usize] = w;
        }
        for j in (i + 1)..n {
            let c: f32 = vecs[j].iter().map(|&(t, w)| w * dense[t as usize]).sum();
            sim[i * n + j] = f64::from(c);
            sim[j * n + i] = f64::from(c);
        }
        for &(t, _) in &vecs[i] {
            dense[t as usize] = 0.0;
        }
    }
    sim
}

/// Continuous LexRank: PageRank (damping 0.85) over the cosine-similarity
/// graph `sim` (`n × n`), edges weighted by similarity, no self loops. At
/// most 30 iterations or until the total change is below 1e-4 (ranks, not
/// values, matter).
fn lexrank(sim: &[f64], n: usize) -> Vec<f64> {
    if n == 0 {
        return vec![];
    }
    let row_sum: Vec<f64> = (0..n)
        .map(|i| sim[i * n..(i + 1) * n].iter().sum())
        .collect();
    let d = 0.85;
    let mut p = vec![1.0 / n as f64; n];
    let mut next = vec![0f64; n];
    for _ in 0..30 {
        next.iter_mut().for_each(|x| *x = (1.0 - d) / n as f64);
        for i in 0..n {
            if row_sum[i] <= 0.0 {
                // Dangling: spread evenly.
                let share = d * p[i] / n as f64;
                next.iter_mut().for_each(|x| *x += share);
                continue;
            }
            let k = d * p[i] / row_sum[i];
            let row = &sim[i * n..(i + 1) * n];
            for (x, s) in next.iter_mut().zip(row) {
                *x += k * s;
            }
        }
        let delta: f64 = p.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut p, &mut next);
        if delta < 1e-4 {
            break;
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use khulasa_text::segment;

    #[test]
    fn central_sentence_wins_centrality() {
        let text = "الحكومة تعلن خطة الطاقة. الطقس جميل في الجبال. خطة الطاقة تخفض الانبعاثات والحكومة تدعمها. الحكومة تمول خطة الطاقة.";
        let d = analyse(text, segment(text), Some("خطة الطاقة الحكومية"), Lang::Ar);
        let c: Vec<f64> = d.sents.iter().map(|s| s.features[6]).collect();
        assert!(c[1] < c[0] && c[1] < c[2] && c[1] < c[3], "{c:?}");
        // Title similarity: the weather sentence shares nothing with the title.
        assert_eq!(d.sents[1].features[8], 0.0);
        assert!(d.sents[0].features[8] > 0.3);
    }

    #[test]
    fn quoted_share_counts_letters_in_quotes() {
        // Without a quotation mark the share is 0, as the full count gives.
        assert_eq!(quoted_share("لا اقتباس هنا Ωμέγα 12"), 0.0);
        assert_eq!(quoted_share("علامة “مفتوحة"), 6.0 / 11.0);
        assert_eq!(quoted_share("قال: \"نعم\""), 3.0 / 6.0);
        assert_eq!(quoted_share("«كل هذا»"), 1.0);
        assert_eq!(quoted_share("لا اقتباس"), 0.0);
        assert_eq!(quoted_share("..."), 0.0);
    }

    #[test]
    fn similarity_matrix_matches_cosine() {
        let text = "الحكومة تعلن خطة الطاقة. خطة الطاقة تخفض الانبعاثات. الطقس جميل.";
        let d = analyse(text, segment(text), None, Lang::Ar);
        for i in 0..3 {
            assert_eq!(d.sim(i, i), 0.0);
            for j in 0..3 {
                if i != j {
                    assert!((d.sim(i, j) - cosine(&d.sents[i].vec, &d.sents[j].vec)).abs() < 1e-6);
                }
            }
        }
        assert!(d.sim(0, 1) > 0.2 && d.sim(0, 2) == 0.0);
    }

    #[test]
    fn overlap_is_shared_terms_over_the_smaller_point() {
        let text = "وقعت الحكومة اتفاقية لتحلية المياه مع روسيا. الحكومة توقع اتفاق تحلية المياه الروسي. الطقس جميل في الجبال اليوم.";
        let d = analyse(text, segment(text), None, Lang::Ar);
        let all = |i: usize| {
            d.shown_terms(
                i,
                std::slice::from_ref(&(0..d.sents[i].sentence.span.len())),
            )
        };
        let (a, b, c) = (all(0), all(1), all(2));
        // Symmetric, 1 with itself, 0 with nothing in common or nothing at all.
        assert_eq!(d.overlap(&a, &b), d.overlap(&b, &a));
        assert_eq!(d.overlap(&a, &a), 1.0);
        assert_eq!(d.overlap(&a, &c), 0.0);
        assert_eq!(d.overlap(&a, &[]), 0.0);
        // The restatement: prefix (اتفاق/اتفاقي, روس/روسيا) and proclitic
        // (لتحل/تحل) matches count; only the verb differs.
        assert!(d.overlap(&a, &b) >= 0.75, "{}", d.overlap(&a, &b));
        // Terms outside the kept ranges are not shown terms.
        assert!(d.shown_terms(0, std::slice::from_ref(&(0..0))).is_empty());
    }

    #[test]
    fn terms_are_stored_once_and_survive_a_hash_collision() {
        let mut t = Terms::with_capacity(4);
        let a = t.intern("وزير");
        assert_eq!(t.intern("وزير"), a);
        let b = t.intern("دفاع");
        assert_ne!(a, b);
        assert_eq!((t.get(a), t.get(b), t.len()), ("وزير", "دفاع", 2));
        // Pretend "تعاون" hashes like "وزير": it still gets an id of its own.
        t.by_hash.insert(hash_str("تعاون"), a);
        let c = t.intern("تعاون");
        assert!(c != a && c != b);
        assert_eq!(t.intern("تعاون"), c);
        assert_eq!(t.intern("وزير"), a);
        assert_eq!(t.get(c), "تعاون");
        assert_eq!(t.get(99), "");
    }

    #[test]
    fn dense_cosine_is_the_sparse_one() {
        let a = vec![(1, 0.6f32), (3, 0.8)];
        let b = vec![(0, 0.3f32), (3, 0.5), (4, 0.2)];
        let mut dense = vec![0f32; 5];
        for &(t, w) in &b {
            dense[t as usize] = w;
        }
        assert_eq!(cosine_dense(&a, &dense), cosine(&a, &b));
    }

    #[test]
    fn cosine_of_sparse_vectors() {
        let a = vec![(1, 0.6f32), (3, 0.8)];
        let b = vec![(3, 1.0f32)];
        assert!((cosine(&a, &b) - 0.8).abs() < 1e-6);
        assert_eq!(cosine(&a, &[]), 0.0);
    }
}
