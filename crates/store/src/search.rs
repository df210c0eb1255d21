//! Search: the request and answer types (the wire format of the API's
//! search and of every store), and the reading of a user's query into
//! groups of analysed terms that each store turns into its own index query.
//!
//! One reading for every store: a query is split at `"` into exact phrases
//! (inside quotes) and loose words (outside); each is analysed with
//! [`Analyzer::search`], the analyzer the index is built with. Loose words
//! are optional (any may match; more matches and words close together rank
//! higher) and leave out stop words. A query that is one phrase asks for
//! it, stop words and all; beside other words, a phrase is one more
//! optional clause that scores high (Elasticsearch's `OR` default).

use crate::StoreError;
use crate::types::ArticleMeta;
use khulasa_core::Lang;
use khulasa_text::Analyzer;
use khulasa_text::normalize::Normalizer;
use khulasa_text::stopwords::is_stopword;
use serde::{Deserialize, Serialize};

/// Longest search query, in bytes.
pub const MAX_QUERY_BYTES: usize = 1024;
/// Most words in a search query.
pub const MAX_QUERY_TERMS: usize = 32;
/// Most stop words between two query words for the pair to be asked as
/// a phrase (`تعاون في مجال` finds `التعاون في مجال`).
pub const MAX_NEIGHBOUR_GAP: usize = 2;
/// Weight of the title's terms against the body's 1, in ranking and in
/// the terms that relate articles; every store uses it.
pub const TITLE_WEIGHT: f64 = 3.0;
/// How much the neighbour pairs' BM25 adds to a match's rank (see
/// [`Clauses::neighbours`]): words side by side rank an article up, but a
/// pair weighed as much as a word would count its two words twice.
pub const PROXIMITY_WEIGHT: f64 = 0.25;
/// Longest snippet, in bytes of the article's text (cut at a word end).
pub const SNIPPET_BYTES: usize = 280;

/// How a store trades ranking depth for speed on words found nearly
/// everywhere; every store applies the same rules, so they give the same
/// results on the same data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchTuning {
    /// A loose query word in more than `1/common_share` of the articles
    /// (and in more than `common_min`) picks no candidates when rarer words
    /// do: it ranks little (its IDF is low) but costs a ranking of every
    /// article it is in (Elasticsearch's common-terms cutoff, simplified).
    pub common_share: u64,
    /// See `common_share`: small stores never leave a word out.
    pub common_min: u64,
    /// A query of common words only (no phrase, by relevance) ranks its
    /// matches among the newest `recent_window` articles first, then the
    /// older ones: BM25 over words found nearly everywhere tells little,
    /// and ranking all their matches for the first page costs time that
    /// grows with the store (207 ms p99 at 100,000 articles). Pages past the
    /// newer matches rank the older ones; the total counts every match.
    pub recent_window: u64,
    /// Whether neighbouring query words found side by side rank an article
    /// up (see [`Clauses::neighbours`]); off, only the words count.
    pub proximity: bool,
}

impl Default for SearchTuning {
    fn default() -> Self {
        SearchTuning {
            common_share: 50,
            common_min: 2000,
            recent_window: 10_000,
            proximity: true,
        }
    }
}

impl SearchTuning {
    /// Whether a term found in `doc_freq` of `articles` articles is common.
    pub fn is_common(&self, doc_freq: u64, articles: u64) -> bool {
        doc_freq > (articles / self.common_share.max(1)).max(self.common_min)
    }
}

/// How results are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchSort {
    /// Best match first (BM25, title weighted higher). The default.
    #[default]
    Relevance,
    /// Newest publication date first (articles without one last).
    Date,
}

/// A search request: the query and its filters. Every filter is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchQuery {
    /// The words to look for; `"…"` marks an exact phrase.
    pub q: String,
    /// Published on or after this day (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Published on or before this day (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The site's host name (`www.` and a scheme are ignored); its
    /// subdomains match too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// Language code (`ar`, `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Order of the results; by default, relevance.
    #[serde(default)]
    pub sort: SearchSort,
}

impl SearchQuery {
    /// A query with no filters, ordered by relevance.
    pub fn new(q: impl Into<String>) -> SearchQuery {
        SearchQuery {
            q: q.into(),
            ..SearchQuery::default()
        }
    }

    /// The filters, checked and in canonical form (empty strings are no
    /// filter). Refuses a date that is not `YYYY-MM-DD`, a `from` after
    /// `to`, and a site or language that cannot be one.
    pub fn filters(&self) -> Result<Filters, StoreError> {
        let day = |name: &str, v: &Option<String>| -> Result<Option<String>, StoreError> {
            let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
                return Ok(None);
            };
            let b = v.as_bytes();
            let ok = b.len() == 10
                && b[4] == b'-'
                && b[7] == b'-'
                && b.iter()
                    .enumerate()
                    .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
                && (1..=12).contains(&v[5..7].parse::<u8>().unwrap_or(0))
                && (1..=31).contains(&v[8..10].parse::<u8>().unwrap_or(0));
            if ok {
                Ok(Some(v.to_string()))
            } else {
                Err(StoreError::InvalidQuery(format!(
                    "{name} must be a day written YYYY-MM-DD, not {:?}",
                    v.chars().take(40).collect::<String>()
                )))
            }
        };
        let from = day("from", &self.from)?;
        let to = day("to", &self.to)?;
        if let (Some(f), Some(t)) = (&from, &to)
            && f > t
        {
            return Err(StoreError::InvalidQuery(format!(
                "from ({f}) is after to ({t})"
            )));
        }
        let site = match self
            .site
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some(s) => {
                let s = s.to_ascii_lowercase();
                let s = s.split_once("://").map_or(s.as_str(), |(_, h)| h);
                let s = s.split('/').next().unwrap_or("");
                let s = s.strip_prefix("www.").unwrap_or(s);
                if s.is_empty()
                    || s.len() > 253
                    || !s
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b':')
                {
                    return Err(StoreError::InvalidQuery(
                        "site must be a host name such as www.bbc.com".into(),
                    ));
                }
                Some(s.to_string())
            }
        };
        let lang = match self
            .lang
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some(l)
                if l.len() <= 35 && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') =>
            {
                Some(l.to_ascii_lowercase())
            }
            Some(_) => {
                return Err(StoreError::InvalidQuery(
                    "lang must be a language code such as ar or en".into(),
                ));
            }
        };
        Ok(Filters {
            from,
            to,
            site,
            lang,
        })
    }
}

/// A [`SearchQuery`]'s filters, checked (see [`SearchQuery::filters`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// First day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// Host name, lowercase, without `www.`.
    pub site: Option<String>,
    /// Language code, lowercase.
    pub lang: Option<String>,
}

/// The part of an article around its best match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snippet {
    /// A slice of the article's text as written (`…` where it was cut).
    pub text: String,
    /// Byte ranges `[start, end)` of the matched words in `text`.
    pub marks: Vec<[usize; 2]>,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    /// The article.
    #[serde(flatten)]
    pub meta: ArticleMeta,
    /// BM25 relevance (higher is better).
    pub score: f64,
    /// The text around the best match, when the store read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snippet: Option<Snippet>,
}

/// One page of search results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// The query as asked.
    pub query: String,
    /// This page's results.
    pub items: Vec<SearchHit>,
    /// This page's number (from 1).
    pub page: u32,
    /// Results per page.
    pub per_page: u32,
    /// Results across all pages.
    pub total: u64,
    /// Number of pages (`total / per_page`, rounded up).
    pub pages: u64,
    /// True when no article holds the query's exact phrase(s), so its
    /// words were looked for loose instead (the results say so).
    #[serde(default)]
    pub loosened: bool,
    /// When no article holds the exact phrase(s): the query without its
    /// rarest word(s), when that finds something.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// One group of a parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Group {
    /// A loose word: may match.
    Word {
        /// As the user wrote it.
        raw: String,
        /// Its term.
        term: String,
        /// The terms from this word to the next loose word as written, the
        /// stop words between them in place (at most [`MAX_NEIGHBOUR_GAP`]),
        /// ending with the next word's term; empty when no loose word
        /// follows that closely. Asked as a phrase, it finds the two words
        /// side by side as the article wrote them (proximity).
        next: Vec<String>,
    },
    /// An exact phrase: must match, its terms in this order.
    Phrase {
        /// The words as the user wrote them.
        raw: Vec<String>,
        /// Their terms.
        terms: Vec<String>,
    },
}

/// A user's query read into [`Group`]s of search terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Words and phrases in the order written.
    pub groups: Vec<Group>,
}

impl ParsedQuery {
    /// Reads `query` with `analyzer` (which must be [`Analyzer::search`] or
    /// the analyzer the index was built with). Refuses a query over
    /// [`MAX_QUERY_BYTES`] or [`MAX_QUERY_TERMS`] words, or with no word to
    /// look for (empty, punctuation or stop words only).
    pub fn parse(analyzer: &Analyzer, query: &str) -> Result<ParsedQuery, StoreError> {
        if query.len() > MAX_QUERY_BYTES {
            return Err(StoreError::InvalidQuery(format!(
                "the query is {} bytes long; the limit is {MAX_QUERY_BYTES}",
                query.len()
            )));
        }
        let mut groups = Vec::new();
        let mut n = 0;
        // Odd pieces are inside quotes. An unclosed quote is no phrase: its
        // words are loose (a headline cut short, a stray quote).
        let norm = Normalizer::ar_match();
        let pieces = query.split('"').count();
        for (i, piece) in query.split('"').enumerate() {
            let phrase = i % 2 == 1 && !(pieces.is_multiple_of(2) && i == pieces - 1);
            let terms = analyzer.terms(piece);
            let stops: Vec<bool> = terms
                .iter()
                .map(|t| is_stopword(Lang::Ar, &norm.normalize(&piece[t.span.start..t.span.end])))
                .collect();
            // A phrase keeps its stop words (in place in the index); loose
            // words leave them out.
            let phrase = phrase && terms.len() > 1 && stops.contains(&false);
            n += if phrase {
                terms.len()
            } else {
                stops.iter().filter(|s| !**s).count()
            };
            if n > MAX_QUERY_TERMS {
                return Err(StoreError::InvalidQuery(format!(
                    "the query has more than {MAX_QUERY_TERMS} words"
                )));
            }
            let raw = |t: &khulasa_text::Term| piece[t.span.start..t.span.end].to_string();
            if phrase {
                groups.push(Group::Phrase {
                    raw: terms.iter().map(raw).collect(),
                    terms: terms.into_iter().map(|t| t.text).collect(),
                });
            } else {
                let texts: Vec<&str> = terms.iter().map(|t| t.text.as_str()).collect();
                groups.extend(terms.iter().enumerate().filter(|(i, _)| !stops[*i]).map(
                    |(i, t)| Group::Word {
                        raw: raw(t),
                        term: t.text.clone(),
                        next: neighbour(&texts, &stops, i),
                    },
                ));
            }
        }
        if groups.is_empty() {
            return Err(StoreError::InvalidQuery(
                "the query has no word to look for (only punctuation or common words)".into(),
            ));
        }
        Ok(ParsedQuery { groups })
    }

    /// Whether the query asks for an exact phrase.
    pub fn has_phrase(&self) -> bool {
        self.groups
            .iter()
            .any(|g| matches!(g, Group::Phrase { .. }))
    }

    /// The same words, every phrase dissolved into loose words (its stop
    /// words left out, as loose words leave them).
    pub fn loosened(&self) -> ParsedQuery {
        let mut groups = Vec::new();
        let norm = Normalizer::ar_match();
        for g in &self.groups {
            match g {
                Group::Word { .. } => groups.push(g.clone()),
                Group::Phrase { raw, terms } => {
                    let stops: Vec<bool> = raw
                        .iter()
                        .map(|r| is_stopword(Lang::Ar, &norm.normalize(r)))
                        .collect();
                    let texts: Vec<&str> = terms.iter().map(String::as_str).collect();
                    for (i, (r, t)) in raw.iter().zip(terms).enumerate() {
                        if !stops[i] {
                            groups.push(Group::Word {
                                raw: r.clone(),
                                term: t.clone(),
                                next: neighbour(&texts, &stops, i),
                            });
                        }
                    }
                }
            }
        }
        if groups.is_empty() {
            return self.clone();
        }
        ParsedQuery { groups }
    }

    /// Every distinct term, in the order written.
    pub fn terms(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for g in &self.groups {
            let ts = match g {
                Group::Word { term, .. } => std::slice::from_ref(term),
                Group::Phrase { terms, .. } => terms.as_slice(),
            };
            for t in ts {
                if !out.contains(t) {
                    out.push(t.clone());
                }
            }
        }
        out
    }

    /// The query as a user would write it, without the word at `skip`
    /// (counting words through phrases, in order). A phrase left with one
    /// word loses its quotes.
    pub fn without_word(&self, skip: usize) -> String {
        let mut out: Vec<String> = Vec::new();
        let mut i = 0;
        for g in &self.groups {
            match g {
                Group::Word { raw, .. } => {
                    if i != skip {
                        out.push(raw.clone());
                    }
                    i += 1;
                }
                Group::Phrase { raw, .. } => {
                    let kept: Vec<&str> = raw
                        .iter()
                        .enumerate()
                        .filter(|(k, _)| i + k != skip)
                        .map(|(_, w)| w.as_str())
                        .collect();
                    i += raw.len();
                    match kept.len() {
                        0 => {}
                        1 => out.push(kept[0].to_string()),
                        _ => out.push(format!("\"{}\"", kept.join(" "))),
                    }
                }
            }
        }
        out.join(" ")
    }

    /// The words in order with their terms (phrases flattened), as
    /// [`ParsedQuery::without_word`] counts them.
    pub fn words(&self) -> Vec<(&str, &str)> {
        let mut out = Vec::new();
        for g in &self.groups {
            match g {
                Group::Word { raw, term, .. } => out.push((raw.as_str(), term.as_str())),
                Group::Phrase { raw, terms } => out.extend(
                    raw.iter()
                        .map(String::as_str)
                        .zip(terms.iter().map(String::as_str)),
                ),
            }
        }
        out
    }

    /// The FTS5 query. A query that is one phrase asks for it. Otherwise
    /// every clause is optional, as under Elasticsearch's `OR` default
    /// operator: each phrase, and each word (a phrase's words too, stop
    /// words aside) alone and in pairs of neighbours; an article holding a
    /// phrase, or two words side by side, scores on top of the single
    /// words (proximity). Terms are quoted, so FTS5 syntax in a query is
    /// plain text.
    pub fn fts5(&self) -> String {
        self.fts5_without(&[])
    }

    /// [`ParsedQuery::fts5`] with the loose words whose terms are in
    /// `common` left out, unless every loose word is: a term found in a
    /// large share of the store ranks little (its IDF is low) but costs a
    /// ranking of every article it is in. Phrases keep all their words.
    /// (Elasticsearch's common-terms cutoff, simplified.)
    pub fn fts5_without(&self, common: &[String]) -> String {
        fts5_of(&self.clauses_without(common))
    }

    /// Every clause of [`ParsedQuery::clauses`], matched and neighbours in
    /// one list, for stores that rank them in one pass.
    pub fn clauses_without(&self, common: &[String]) -> Vec<Vec<String>> {
        let Clauses {
            mut matched,
            neighbours,
        } = self.clauses(common);
        for c in neighbours {
            if !matched.contains(&c) {
                matched.push(c);
            }
        }
        matched
    }

    /// The query's clauses, each a list of terms (one term, or a phrase's
    /// in order), for stores that write their own query syntax. A query
    /// that is one phrase is that one clause. Otherwise any clause may
    /// match: each phrase, and each loose word (a phrase's words too, stop
    /// words aside) not in `common` (unless every one is); and each pair
    /// of neighbouring words is a phrase that adds to the rank of the
    /// articles those words found.
    pub fn clauses(&self, common: &[String]) -> Clauses {
        let mut out = Clauses::default();
        if let [Group::Phrase { terms, .. }] = self.groups.as_slice() {
            out.matched.push(terms.clone());
            return out;
        }
        fn add(to: &mut Vec<Vec<String>>, c: Vec<String>) {
            if !to.contains(&c) {
                to.push(c);
            }
        }
        for g in &self.groups {
            if let Group::Phrase { terms, .. } = g {
                add(&mut out.matched, terms.clone());
            }
        }
        let loose = self.loosened();
        let words: Vec<(&str, &[String])> = loose
            .groups
            .iter()
            .filter_map(|g| match g {
                Group::Word { term, next, .. } => Some((term.as_str(), next.as_slice())),
                Group::Phrase { .. } => None,
            })
            .collect();
        let is_common = |w: &str| common.iter().any(|c| c == w);
        let every_word_common = words.iter().all(|(w, _)| is_common(w));
        for (w, next) in words {
            if every_word_common || !is_common(w) {
                add(&mut out.matched, vec![w.to_string()]);
            }
            // A pair with a common word would cost a walk of that word's
            // positions in nearly every article (the common-terms rule).
            let last = next.last().map(String::as_str);
            if let Some(last) = last
                && (every_word_common || !(is_common(w) || is_common(last)))
            {
                let mut pair = vec![w.to_string()];
                pair.extend(next.iter().cloned());
                if !out.matched.contains(&pair) {
                    add(&mut out.neighbours, pair);
                }
            }
        }
        out
    }
}

/// A query's clauses (see [`ParsedQuery::clauses`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Clauses {
    /// What finds and ranks the articles.
    pub matched: Vec<Vec<String>>,
    /// Neighbouring words as phrases, stop words between in place: they
    /// find nothing the matched clauses do not, and add to the rank of the
    /// articles holding them (proximity).
    pub neighbours: Vec<Vec<String>>,
}

/// Neighbour pairs (see [`Clauses::neighbours`]) as an FTS5 query: words
/// side by side as a phrase; with stop words between, `NEAR` of the two
/// words within that many tokens, so the stop words' positions (found in
/// nearly every article) are never read.
pub fn fts5_near(pairs: &[Vec<String>]) -> String {
    let quote = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
    pairs
        .iter()
        .filter_map(|p| match p.as_slice() {
            [a, b] => Some(quote(&format!("{a} {b}"))),
            [a, between @ .., b] if !between.is_empty() => Some(format!(
                "NEAR({} {}, {})",
                quote(a),
                quote(b),
                between.len()
            )),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// Clauses as an FTS5 query: each quoted (FTS5 syntax in a query is plain
/// text; a quoted run of terms is a phrase), joined by `OR`.
pub fn fts5_of(clauses: &[Vec<String>]) -> String {
    let quote = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
    clauses
        .iter()
        .map(|c| quote(&c.join(" ")))
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// The terms from the word at `i` to the next word that is not a stop word,
/// when at most [`MAX_NEIGHBOUR_GAP`] stop words lie between (see
/// `Group::Word::next`); empty otherwise.
fn neighbour(terms: &[&str], stops: &[bool], i: usize) -> Vec<String> {
    let Some(j) = (i + 1..terms.len()).find(|&j| !stops[j]) else {
        return Vec::new();
    };
    if j - i - 1 > MAX_NEIGHBOUR_GAP || terms[j] == terms[i] {
        return Vec::new();
    }
    terms[i + 1..=j].iter().map(|t| t.to_string()).collect()
}

/// The most telling terms of `article` for finding related articles, best
/// first: frequent here (the title's terms counted `title_weight` times, as
/// the title weighs in ranking; stop words left out, as from a query) and
/// rare elsewhere (BM25's IDF over `docs` articles, `doc_freq` telling in
/// how many a term is). A term found in this article alone relates it to
/// nothing. Shared by the stores so both relate articles alike.
pub(crate) fn telling_terms(
    analyzer: &Analyzer,
    article: &khulasa_core::Article,
    title_weight: f64,
    docs: u64,
    mut doc_freq: impl FnMut(&str) -> Result<u64, StoreError>,
) -> Result<Vec<(f64, String)>, StoreError> {
    let norm = Normalizer::ar_match();
    let mut tf: std::collections::HashMap<String, f64> = std::collections::HashMap::new();
    for (text, w) in [
        (article.title.as_deref().unwrap_or(""), title_weight),
        (&article.text, 1.0),
    ] {
        for t in analyzer.terms(text) {
            let raw = &text[t.span.start..t.span.end];
            if !is_stopword(Lang::Ar, &norm.normalize(raw)) {
                *tf.entry(t.text).or_default() += w;
            }
        }
    }
    let mut scored: Vec<(f64, String)> = Vec::with_capacity(tf.len());
    for (term, f) in tf {
        let df = doc_freq(&term)?;
        if df >= 2 {
            let idf = ((docs as f64 - df as f64 + 0.5) / (df as f64 + 0.5) + 1.0).ln();
            scored.push((f * idf, term));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    Ok(scored)
}

/// A search hit with its snippet: the best passage of `text` around
/// `terms`, the matched words marked. Shared by the stores.
pub(crate) fn hit(
    analyzer: &Analyzer,
    meta: ArticleMeta,
    score: f64,
    text: &str,
    terms: &[String],
) -> SearchHit {
    let s = khulasa_text::snippet::snippet(analyzer, text, terms, SNIPPET_BYTES);
    SearchHit {
        meta,
        score,
        snippet: Some(Snippet {
            text: s.text,
            marks: s.marks.iter().map(|m| [m.start, m.end]).collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> Result<ParsedQuery, StoreError> {
        ParsedQuery::parse(&Analyzer::search(), q)
    }

    #[test]
    fn loose_words_are_optional_and_neighbours_pair_up() {
        let p = parse("صواريخ التعاون").unwrap();
        assert_eq!(p.fts5(), "\"صواريخ\" OR \"تعاون\" OR \"صواريخ تعاون\"");
        let c = p.clauses(&[]);
        assert_eq!(
            c.matched,
            [vec!["صواريخ".to_string()], vec!["تعاون".into()]]
        );
        assert_eq!(c.neighbours, [vec!["صواريخ".to_string(), "تعاون".into()]]);
    }

    #[test]
    fn a_pair_keeps_the_stop_words_between_its_words_in_place() {
        // Stop words are indexed in place, so the pair is the phrase as
        // written: "تعاون مجال" would never match "التعاون في مجال".
        let c = parse("التعاون في مجال الطاقة").unwrap().clauses(&[]);
        let pairs: Vec<usize> = c.neighbours.iter().map(Vec::len).collect();
        assert_eq!(pairs, [3, 2], "{c:?}");
        assert_eq!(c.neighbours[0][0], "تعاون");
        assert_eq!(c.neighbours[0][1], "في");
        // More than MAX_NEIGHBOUR_GAP stop words between: no pair.
        let c = parse("التعاون في من على مجال").unwrap().clauses(&[]);
        assert!(c.neighbours.is_empty(), "{c:?}");
        // A pair with a common word makes none, unless every word is
        // common.
        let p = parse("صواريخ التعاون مجال").unwrap();
        let c = p.clauses(&["تعاون".into()]);
        assert_eq!(c.matched, [vec!["صواريخ".to_string()], vec!["مجال".into()]]);
        assert!(c.neighbours.is_empty(), "{c:?}");
        let c = p.clauses(&["صواريخ".into(), "تعاون".into(), "مجال".into()]);
        assert_eq!(c.neighbours.len(), 2);
    }

    #[test]
    fn pairs_with_stop_words_between_are_near_queries() {
        let c = parse("التعاون في مجال الطاقة").unwrap().clauses(&[]);
        let near = fts5_near(&c.neighbours);
        assert!(
            near.starts_with("NEAR(\"تعاون\" \"مجال\", 1) OR \"مجال "),
            "{near}"
        );
    }

    #[test]
    fn a_lone_phrase_is_required_and_beside_words_it_scores() {
        assert_eq!(parse("\"وزير الخارجية\"").unwrap().fts5(), "\"وزير خارج\"");
        let p = parse("\"وزير الخارجية\" لبنان").unwrap();
        assert_eq!(
            p.fts5(),
            "\"وزير خارج\" OR \"وزير\" OR \"خارج\" OR \"بنان\""
        );
        assert_eq!(p.without_word(1), "وزير لبنان");
        assert_eq!(p.without_word(2), "\"وزير الخارجية\"");
    }

    #[test]
    fn common_words_pick_no_candidates_unless_all_are_common() {
        let p = parse("صواريخ التعاون").unwrap();
        assert_eq!(p.fts5_without(&["تعاون".into()]), "\"صواريخ\"");
        assert_eq!(p.fts5_without(&["تعاون".into(), "صواريخ".into()]), p.fts5());
    }

    #[test]
    fn fts5_syntax_is_plain_text() {
        for q in [
            "NEAR(a b)",
            "a AND b OR c NOT d",
            "col:word",
            "* ^ + -",
            "\"\"\"",
            "a\"b\"c\"d",
        ] {
            if let Ok(p) = parse(q) {
                let f = p.fts5();
                // Every token is quoted: no bare operator survives.
                assert!(
                    f.split(" OR ")
                        .all(|t| t.starts_with('"') || t.starts_with('(')),
                    "{q} → {f}"
                );
            }
        }
    }

    #[test]
    fn empty_huge_and_stop_word_queries_are_refused_in_words() {
        for q in ["", "   ", "؟!", "في من على", "the of"] {
            assert!(
                matches!(parse(q), Err(StoreError::InvalidQuery(_))),
                "{q:?}"
            );
        }
        assert!(parse(&"ا".repeat(600)).is_err());
        assert!(parse(&"كلمة ".repeat(40)).is_err());
    }

    #[test]
    fn filters_are_checked() {
        let q = |from: &str, to: &str, site: &str| SearchQuery {
            q: "x".into(),
            from: Some(from.into()),
            to: Some(to.into()),
            site: Some(site.into()),
            ..SearchQuery::default()
        };
        let f = q("2018-01-01", "2018-12-31", "https://www.BBC.com/arabic")
            .filters()
            .unwrap();
        assert_eq!(f.site.as_deref(), Some("bbc.com"));
        assert!(q("2018-13-01", "", "").filters().is_err());
        assert!(q("2019-01-01", "2018-01-01", "").filters().is_err());
        assert!(q("", "", "a b").filters().is_err());
        assert_eq!(q("", "", "").filters().unwrap(), Filters::default());
    }
}
