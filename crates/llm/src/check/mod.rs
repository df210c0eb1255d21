//! The check: every generated point is aligned to the article's sentences,
//! then refused when it says what they do not.
//!
//! 1. **Align**: the fewest sentences that cover the point's analysed
//!    terms (numbers and names weigh double), chosen greedily, at most
//!    [`MAX_SOURCES`]; a sentence holding a quotation of the point is
//!    always one of them. Their spans are the point's spans.
//! 2. **Refuse** ([`Rule`]), in this order: too little of the point is in
//!    the article (`unsupported`); an amount (digits, Arabic-Indic digits,
//!    written numbers, with scale and unit) or a date word is not in its
//!    sources (`number`); a name-like word is nowhere in the article
//!    (`name`); a quotation is not verbatim in a source (`quote`); a
//!    negation of a source is dropped or added (`negation`); a source
//!    opens with a verb of saying or of a view and the point names no
//!    holder (`view`).
//!
//! ```
//! use khulasa_core::Lang;
//! use khulasa_llm::check::{Checker, Rule};
//! let text = "قالت وزارة الصحة إن 12 شخصا أصيبوا في الحادث. ولم تسجل أي وفيات في الحادث.";
//! let c = Checker::new(text, Lang::Ar);
//! assert_eq!(c.check("قالت وزارة الصحة إن 12 شخصا أصيبوا في الحادث").unwrap().sources, [0]);
//! assert_eq!(c.check("قالت وزارة الصحة إن 15 شخصا أصيبوا في الحادث").unwrap_err().rule, Rule::Number);
//! assert_eq!(c.check("سجلت وفيات في الحادث").unwrap_err().rule, Rule::Negation);
//! ```

pub mod lexicon;
mod rules;
pub mod words;

use khulasa_core::{Lang, SourceRef, Span};
use khulasa_text::{Analyzer, TokenKind, segment};
use rules::quotations;
use words::{Amount, Word, amounts, analyzer};

/// Most sentences one point is aligned to.
pub const MAX_SOURCES: usize = 4;

/// Below this share of a point's weighted terms found in its sources, the
/// point is `unsupported`.
pub const MIN_COVERAGE: f64 = 0.5;

/// How many content words after a negation it governs (its scope).
const NEGATION_SCOPE: usize = 4;

/// Why a point was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// Too little of the point is in the article.
    Unsupported,
    /// An amount, percentage, date or unit not in its sources.
    Number,
    /// A name not in the article.
    Name,
    /// A quotation not verbatim in a source.
    Quote,
    /// A negation of the source dropped or added.
    Negation,
    /// A view stated as fact: the source opens with a verb of saying or a
    /// view, and the point names no holder.
    View,
    /// The model's whole answer could not be read (malformed, empty).
    Format,
}

impl Rule {
    /// Every rule, in report order.
    pub const ALL: [Rule; 7] = [
        Rule::Unsupported,
        Rule::Number,
        Rule::Name,
        Rule::Quote,
        Rule::Negation,
        Rule::View,
        Rule::Format,
    ];

    /// Its name on the wire (`"number"`, `"view"`, …).
    pub fn name(self) -> &'static str {
        match self {
            Rule::Unsupported => "unsupported",
            Rule::Number => "number",
            Rule::Name => "name",
            Rule::Quote => "quote",
            Rule::Negation => "negation",
            Rule::View => "view",
            Rule::Format => "format",
        }
    }
}

/// A refused point: which rule, and why in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The rule that refused it.
    pub rule: Rule,
    /// A sentence for an editor (`"number: 15 is not in its sources
    /// (sentence 0)"`).
    pub reason: String,
}

/// A kept point: the sentences it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aligned {
    /// Sentence indices into `segment(text)`, ascending.
    pub sources: Vec<usize>,
    /// One ref per source, its whole sentence span.
    pub refs: Vec<SourceRef>,
}

struct Sent {
    span: Span,
    words: Vec<Word>,
    amounts: Vec<Amount>,
}

/// An article, segmented and analysed once, against which points are
/// checked. `Send + Sync`: build once per article.
pub struct Checker<'a> {
    text: &'a str,
    lang: Lang,
    analyzer: Analyzer,
    sents: Vec<Sent>,
    /// Bare forms of every word of the article (names are looked up here).
    vocab: std::collections::HashSet<String>,
}

impl<'a> Checker<'a> {
    /// Reads `text` (the article text the sources will index) in `lang`.
    pub fn new(text: &'a str, lang: Lang) -> Checker<'a> {
        let analyzer = analyzer(lang);
        // The words and amounts of the whole text, then shared out by
        // sentence: an amount whose scale word wrapped onto the next line
        // (`60.57` / `مليار دولار`) is still one amount, in the sentence of
        // its first token.
        let all = words::words(text, 0, &analyzer);
        let mut found = amounts(&all).into_iter().peekable();
        let mut vocab = std::collections::HashSet::new();
        for w in all.iter().filter(|w| w.is_word()) {
            vocab.insert(w.bare.clone());
            vocab.insert(w.fold.clone());
        }
        let mut rest = all.into_iter().peekable();
        let sents: Vec<Sent> = segment(text)
            .into_iter()
            .map(|s| {
                let mut words = Vec::new();
                while let Some(w) = rest.next_if(|w| w.span.start < s.span.end) {
                    if w.span.start >= s.span.start {
                        words.push(w);
                    }
                }
                let mut amounts = Vec::new();
                while let Some(a) = found.next_if(|a| a.at < s.span.end) {
                    amounts.push(a);
                }
                Sent {
                    span: s.span,
                    words,
                    amounts,
                }
            })
            .collect();
        Checker {
            text,
            lang,
            analyzer,
            sents,
            vocab,
        }
    }

    /// The article text.
    pub fn text(&self) -> &str {
        self.text
    }

    /// Number of sentences (as `segment` counts them).
    pub fn sentences(&self) -> usize {
        self.sents.len()
    }

    /// Aligns `point` and checks it: its sources, or why it is refused.
    pub fn check(&self, point: &str) -> Result<Aligned, Refused> {
        let pw = words::words(point, 0, &self.analyzer);
        let refuse = |rule: Rule, reason: String| Err(Refused { rule, reason });
        let names = self.names(&pw);
        let pamounts = amounts(&pw);
        // Terms with their weights: names and numbers double.
        let mut terms: Vec<(String, f64)> = Vec::new();
        for (i, w) in pw.iter().enumerate() {
            if let Some(t) = &w.term
                && !terms.iter().any(|(x, _)| x == t)
            {
                let heavy = w.kind == TokenKind::Number || names.contains(&i);
                terms.push((t.clone(), if heavy { 2.0 } else { 1.0 }));
            }
        }
        if terms.is_empty() {
            return refuse(Rule::Unsupported, "the point has no content words".into());
        }
        let quotes = quotations(point, &pw);
        // Sentences holding each quotation verbatim.
        let mut quoted_in = Vec::new();
        for q in &quotes {
            match self.find_run(q) {
                Some(found) => quoted_in.extend(found),
                None => {
                    return refuse(
                        Rule::Quote,
                        format!("quote: «{}» is not verbatim in the article", q.join(" ")),
                    );
                }
            }
        }
        let sources = self.align(&terms, &pamounts, &quoted_in);
        let total: f64 = terms.iter().map(|(_, w)| w).sum();
        let covered: f64 = terms
            .iter()
            .filter(|(t, _)| sources.iter().any(|&s| self.has_term(s, t)))
            .map(|(_, w)| w)
            .sum();
        let at = || describe(&sources);
        if covered / total < MIN_COVERAGE {
            return refuse(
                Rule::Unsupported,
                format!(
                    "unsupported: only {:.0}% of its content is in the article{}",
                    100.0 * covered / total,
                    if sources.is_empty() {
                        String::new()
                    } else {
                        format!(" (best: {})", at())
                    }
                ),
            );
        }
        for a in &pamounts {
            if !sources
                .iter()
                .any(|&s| self.sents[s].amounts.iter().any(|b| a.agrees(b)))
            {
                return refuse(
                    Rule::Number,
                    format!(
                        "number: {}{} is not in its sources ({})",
                        a.shown,
                        a.unit.map(|u| format!(" [{u}]")).unwrap_or_default(),
                        at()
                    ),
                );
            }
        }
        let dates = lexicon::date_words();
        // `May` the month, not `may` the verb: only with a capital, not
        // opening the point.
        let is_date = |(i, w): &(usize, &Word)| {
            dates.contains(&w.fold)
                || dates.contains(&w.bare)
                || w.fold == "may" && w.capital && *i > 0
        };
        for (_, w) in pw.iter().enumerate().filter(is_date) {
            if !sources
                .iter()
                .any(|&s| self.sents[s].words.iter().any(|x| x.bare == w.bare))
            {
                return refuse(
                    Rule::Number,
                    format!("date: {} is not in its sources ({})", w.fold, at()),
                );
            }
        }
        for &i in &names {
            if !self.in_article(&pw[i]) {
                return refuse(
                    Rule::Name,
                    format!(
                        "name: {} is not in the article",
                        &point[pw[i].span.start..pw[i].span.end]
                    ),
                );
            }
        }
        let carrying = self.carrying(&pw, &sources);
        if let Some(r) = self.negation(&pw, &sources, &carrying) {
            return refuse(Rule::Negation, r);
        }
        if let Some(r) = self.view(&pw, &carrying) {
            return refuse(Rule::View, r);
        }
        Ok(Aligned {
            refs: sources
                .iter()
                .map(|&s| SourceRef {
                    sentence: s,
                    span: self.sents[s].span,
                })
                .collect(),
            sources,
        })
    }

    /// Greedy cover: the sentence that covers the most uncovered weight,
    /// again and again, while it adds a number, a name or two terms.
    fn align(&self, terms: &[(String, f64)], amounts: &[Amount], quoted: &[usize]) -> Vec<usize> {
        let mut chosen: Vec<usize> = quoted.to_vec();
        chosen.sort_unstable();
        chosen.dedup();
        let mut covered: Vec<bool> = terms
            .iter()
            .map(|(t, _)| chosen.iter().any(|&s| self.has_term(s, t)))
            .collect();
        let mut amount_found: Vec<bool> = amounts
            .iter()
            .map(|a| {
                chosen
                    .iter()
                    .any(|&s| self.sents[s].amounts.iter().any(|b| a.agrees(b)))
            })
            .collect();
        while chosen.len() < MAX_SOURCES {
            let mut best: Option<(usize, f64)> = None;
            for s in 0..self.sents.len() {
                if chosen.contains(&s) {
                    continue;
                }
                let mut gain: f64 = terms
                    .iter()
                    .zip(&covered)
                    .filter(|((t, _), c)| !**c && self.has_term(s, t))
                    .map(|((_, w), _)| w)
                    .sum();
                gain += 2.0
                    * amounts
                        .iter()
                        .zip(&amount_found)
                        .filter(|(a, f)| !**f && self.sents[s].amounts.iter().any(|b| a.agrees(b)))
                        .count() as f64;
                if best.is_none_or(|(_, g)| gain > g + 1e-9) {
                    best = Some((s, gain));
                }
            }
            let Some((s, gain)) = best else { break };
            let needed = if chosen.is_empty() { 1.0 } else { 2.0 };
            if gain < needed {
                break;
            }
            for (i, (t, _)) in terms.iter().enumerate() {
                covered[i] |= self.has_term(s, t);
            }
            for (i, a) in amounts.iter().enumerate() {
                amount_found[i] |= self.sents[s].amounts.iter().any(|b| a.agrees(b));
            }
            chosen.push(s);
        }
        chosen.sort_unstable();
        chosen
    }

    fn has_term(&self, s: usize, t: &str) -> bool {
        self.sents[s]
            .words
            .iter()
            .any(|w| w.term.as_deref().is_some_and(|x| terms_meet(x, t)))
    }
}

/// Whether two analysed terms are the same word: equal, or one a prefix of
/// the other (3+ letters), or equal after one proclitic letter.
pub fn terms_meet(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.chars().count() >= 3
        && long.starts_with(short)
        && long.chars().count() - short.chars().count() <= 3
    {
        return true;
    }
    let strip = |s: &'_ str| -> Option<String> {
        let mut c = s.chars();
        let f = c.next()?;
        ("وفبلك".contains(f) && s.chars().count() >= 4).then(|| c.collect())
    };
    strip(a).is_some_and(|x| x == b)
        || strip(b).is_some_and(|x| x == a)
        || loose(a).is_some_and(|x| Some(x) == loose(b))
}

/// An Arabic verb without its tense letters: a leading `ي ت ن ا` and a
/// trailing `ت ون وا ان ين` (`تسجل` and `سجلت` both give `سجل`), when
/// three letters or more are left. The light stemmer keeps them.
fn loose(w: &str) -> Option<&str> {
    if w.is_ascii() {
        return None;
    }
    let n = |s: &str| s.chars().count();
    let mut s = w;
    if n(s) >= 4
        && let Some(r) = s.strip_prefix(['ي', 'ت', 'ن', 'ا'])
    {
        s = r;
    }
    for suf in ["ون", "وا", "ان", "ين", "ت"] {
        if n(s) >= 4
            && let Some(r) = s.strip_suffix(suf)
        {
            s = r;
            break;
        }
    }
    (n(s) >= 3 && s != w).then_some(s)
}

fn describe(sources: &[usize]) -> String {
    match sources {
        [] => "no sentence matches".into(),
        [s] => format!("sentence {s}"),
        _ => format!(
            "sentences {}",
            sources
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
