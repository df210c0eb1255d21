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
pub mod words;

use khulasa_core::{Lang, SourceRef, Span};
use khulasa_text::{Analyzer, TokenKind, segment};
use lexicon::fold;
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
                        format!(
                            "quote: «{}» is not verbatim in the article",
                            q.join(" ")
                        ),
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
                    if sources.is_empty() { String::new() } else { format!(" (best: {})", at()) }
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
            dates.contains(&w.fold) || dates.contains(&w.bare) || w.fold == "may" && w.capital && *i > 0
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
                    format!("name: {} is not in the article", &point[pw[i].span.start..pw[i].span.end]),
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
            .map(|a| chosen.iter().any(|&s| self.sents[s].amounts.iter().any(|b| a.agrees(b))))
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

    /// Indices of the name-like words of a point: Latin words with a
    /// capital (not opening the point, unless another capital or a verb of
    /// saying follows), Arabic given names, countries and cities, and a
    /// word right after a title (`الرئيس`, `مدينة`). Stop words are never
    /// names.
    fn names(&self, pw: &[Word]) -> Vec<usize> {
        let titles = lexicon::titles();
        let gaz = lexicon::gazetteer();
        let en_titles = [
            "president", "minister", "prime", "secretary", "general", "mr", "mrs", "ms", "dr",
            "king", "queen", "prince", "chief", "the", "a", "an", "in", "on", "at", "it", "he",
            "she", "they", "we", "but", "and", "however", "meanwhile", "officials", "police",
        ];
        let mut out = Vec::new();
        let mut first = true;
        for (i, w) in pw.iter().enumerate() {
            if !w.is_word() {
                continue;
            }
            let opening = std::mem::replace(&mut first, false);
            if w.term.is_none() {
                continue;
            }
            match w.kind {
                TokenKind::Latin if self.lang != Lang::En => out.push(i),
                TokenKind::Latin => {
                    if !w.capital || en_titles.contains(&w.fold.as_str()) {
                        continue;
                    }
                    if opening {
                        let next = pw[i + 1..].iter().find(|x| x.is_word());
                        let named = next.is_some_and(|x| {
                            x.capital || lexicon::view_verbs_en().contains(&x.fold)
                        });
                        if !named {
                            continue;
                        }
                    }
                    out.push(i);
                }
                TokenKind::Arabic => {
                    let prev = pw[..i].iter().rev().find(|x| x.is_word());
                    // The title as written (with or without its `و`): `الشركة
                    // إلغاء` is not `شركة أرامكو`.
                    let after_title = prev.is_some_and(|p| {
                        titles.contains(&p.fold)
                            || p.fold.strip_prefix('و').is_some_and(|f| titles.contains(f))
                    });
                    let after_given = prev.is_some_and(|p| gaz.contains(&p.fold) && !self.in_article_word(&w.bare));
                    if gaz.contains(&w.bare) || gaz.contains(&w.fold) || after_title || after_given {
                        out.push(i);
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn in_article(&self, w: &Word) -> bool {
        self.in_article_word(&w.bare) || self.vocab.contains(&w.fold)
    }

    /// A bare word in the article, allowing a changed ending of up to two
    /// letters on a shared stem of four (`فرنسي` / `فرنسا`, `Iran's`).
    fn in_article_word(&self, b: &str) -> bool {
        if self.vocab.contains(b) {
            return true;
        }
        let n = b.chars().count();
        if n < 4 {
            return false;
        }
        self.vocab.iter().any(|v| {
            let m = v.chars().count();
            let common = b.chars().zip(v.chars()).take_while(|(x, y)| x == y).count();
            common >= 4 && n.abs_diff(m) <= 2 && common + 2 >= n.max(m)
        })
    }

    /// The sources that carry the point: the one sharing most of its
    /// terms, and any sharing half of them. A sentence pulled in for a
    /// name or a number does not make the point its speaker's, nor lend it
    /// its negations.
    fn carrying(&self, pw: &[Word], sources: &[usize]) -> Vec<usize> {
        let pterms: Vec<&str> = pw.iter().filter_map(|w| w.term.as_deref()).collect();
        let share = |s: usize| {
            pterms.iter().filter(|t| self.has_term(s, t)).count() as f64
                / pterms.len().max(1) as f64
        };
        let best = sources.iter().map(|&s| share(s)).fold(0.0, f64::max);
        sources
            .iter()
            .copied()
            .filter(|&s| {
                let sh = share(s);
                sh >= best || sh >= 0.5
            })
            .collect()
    }

    /// A dropped negation (of a sentence carrying the point) or an added
    /// one (backed by no source), in words.
    fn negation(&self, pw: &[Word], sources: &[usize], carrying: &[usize]) -> Option<String> {
        let pcues = negation_scopes(pw);
        let pterms: Vec<&str> = pw.iter().filter_map(|w| w.term.as_deref()).collect();
        let meets = |scope: &[String], terms: &[&str]| {
            scope.iter().any(|s| terms.iter().any(|t| terms_meet(s, t)))
        };
        let mut any_source_cue = false;
        for &s in sources {
            for (cue, scope) in negation_scopes(&self.sents[s].words) {
                any_source_cue = true;
                if !carrying.contains(&s) {
                    continue;
                }
                if meets(&scope, &pterms)
                    && !pcues.iter().any(|(_, ps)| {
                        ps.is_empty()
                            || meets(ps, &scope.iter().map(String::as_str).collect::<Vec<_>>())
                    })
                {
                    return Some(format!(
                        "negation: the source says \"{cue} {}\" and the point drops the negation (sentence {s})",
                        scope.join(" ")
                    ));
                }
            }
        }
        for (cue, scope) in &pcues {
            let backed = sources.iter().any(|&s| {
                negation_scopes(&self.sents[s].words).iter().any(|(_, ss)| {
                    scope.is_empty() || ss.is_empty()
                        || meets(ss, &scope.iter().map(String::as_str).collect::<Vec<_>>())
                })
            });
            if !backed {
                return Some(format!(
                    "negation: the point adds \"{cue}\"{} that its sources do not say ({})",
                    if any_source_cue { " where" } else { "," },
                    describe(sources)
                ));
            }
        }
        None
    }

    /// A view stated as fact, in words. A point names the holder when it
    /// holds a word of the holder and says that someone says it (a verb of
    /// saying or a view, `according to`, `بحسب`): `The company's profits
    /// fell` names the company and still states its claim as fact.
    fn view(&self, pw: &[Word], sources: &[usize]) -> Option<String> {
        let pterms: Vec<&str> = pw.iter().filter_map(|w| w.term.as_deref()).collect();
        let reports = pw.iter().any(|w| {
            let f = w.fold.as_str();
            let stripped = f.strip_prefix(['و', 'ف']).unwrap_or(f);
            let stripped2 = f.strip_prefix(['ب', 'ل']).unwrap_or(f);
            lexicon::view_verbs_en().contains(f)
                || lexicon::view_verbs_ar().contains(f)
                || lexicon::view_verbs_ar().contains(stripped)
                || lexicon::attribution_ar().contains(f)
                || lexicon::attribution_ar().contains(stripped)
                || lexicon::attribution_ar().contains(stripped2)
                || lexicon::negations().contains(f) && matches!(f, "نفي" | "نفت" | "denied" | "denies")
        });
        for &s in sources {
            let Some((verb, holder, in_sentence)) = self.holder(s) else {
                continue;
            };
            // Named in the sentence: the point must name them and say they
            // say it. Named only before (`وأضاف أنه`, `يعتقد أن`): a point
            // that keeps the verb of saying reports as the source does.
            let named = reports
                && (!in_sentence
                    || holder
                        .iter()
                        .any(|h| pterms.iter().any(|t| terms_meet(h, t))));
            if !named {
                return Some(format!(
                    "view: sentence {s} reports what {} {verb}s; the point states it as fact without naming who",
                    if holder.is_empty() { "someone".to_string() } else { holder.join(" ") }
                ));
            }
        }
        None
    }

    /// When sentence `s` reports someone's words or view: the verb, the
    /// holder's terms (named in the sentence, or, for a pronoun, in the
    /// sentence before) and whether the sentence itself names them.
    fn holder(&self, s: usize) -> Option<(String, Vec<String>, bool)> {
        let ws: Vec<&Word> = self.sents[s].words.iter().filter(|w| w.is_word()).collect();
        let all = &self.sents[s].words;
        let terms_of = |xs: &[&Word]| -> Vec<String> {
            xs.iter()
                .filter(|w| !lexicon::pronoun_holders().contains(&w.fold))
                .filter_map(|w| w.term.clone())
                .collect()
        };
        let (verb, holder) = if self.lang == Lang::En {
            let en = lexicon::view_verbs_en();
            let at = ws.iter().position(|w| en.contains(&w.fold))?;
            let verb = ws[at].fold.clone();
            if verb == "according" {
                // `according to X`.
                let h: Vec<&Word> = ws[at + 1..].iter().skip(1).take(4).copied().collect();
                (verb, terms_of(&h))
            } else if at <= 8 {
                (verb, terms_of(&ws[..at]))
            } else {
                // `..., the minister said.`: the words after the verb, or
                // between the last comma and the verb.
                let after: Vec<&Word> = ws[at + 1..].iter().take(4).copied().collect();
                let vspan = ws[at].span.start;
                let comma = all
                    .iter()
                    .rposition(|w| w.is_boundary() && w.span.end <= vspan)
                    .map(|i| all[i].span.end)
                    .unwrap_or(0);
                let before: Vec<&Word> = ws[..at]
                    .iter()
                    .filter(|w| w.span.start >= comma)
                    .copied()
                    .collect();
                let mut h = terms_of(&after);
                h.extend(terms_of(&before));
                (verb, h)
            }
        } else {
            let ar = lexicon::view_verbs_ar();
            // The opening verb, after an optional `كما`.
            let mut at = 0;
            if ws.first().is_some_and(|w| w.bare == "كما" || w.fold == "كما") {
                at = 1;
            }
            let w = ws.get(at)?;
            let stripped = w.fold.strip_prefix(['و', 'ف']).unwrap_or(&w.fold);
            if !(ar.contains(&w.fold) || ar.contains(stripped)) {
                return None;
            }
            // The holder: the words after the verb up to `أن`/`إن`/a comma.
            let stop = fold("أن");
            let mut h = Vec::new();
            for x in ws[at + 1..].iter().take(6) {
                let f = x.fold.as_str();
                if f == stop || f == "انه" || f == "انها" || f == "انهم" || f == "بان" || f == "الي" {
                    break;
                }
                h.push(*x);
            }
            // Stop at a comma inside those words.
            if let Some(c) = all.iter().position(|x| x.is_boundary() && x.span.start > w.span.end) {
                let cut = all[c].span.start;
                h.retain(|x| x.span.start < cut);
            }
            (stripped.to_string(), terms_of(&h))
        };
        if !holder.is_empty() {
            return Some((verb, holder, true));
        }
        // A pronoun: the holder is named before (its names and first words).
        let before = s.checked_sub(1).map(|p| {
            let ws: Vec<&Word> = self.sents[p].words.iter().filter(|w| w.is_word()).collect();
            let mut h: Vec<String> = ws
                .iter()
                .filter(|w| w.capital)
                .filter_map(|w| w.term.clone())
                .collect();
            h.extend(terms_of(&ws[..ws.len().min(5)]));
            h
        });
        Some((verb, before.unwrap_or_default(), false))
    }
}

/// Whether two analysed terms are the same word: equal, or one a prefix of
/// the other (3+ letters), or equal after one proclitic letter.
pub fn terms_meet(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.chars().count() >= 3 && long.starts_with(short) && long.chars().count() - short.chars().count() <= 3 {
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

/// The negation cues of a text with the terms each governs: up to
/// [`NEGATION_SCOPE`] content terms after it, within its clause.
fn negation_scopes(ws: &[Word]) -> Vec<(String, Vec<String>)> {
    let cues = lexicon::negations();
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        if !w.is_word() {
            continue;
        }
        let f = w.fold.as_str();
        let stripped = f.strip_prefix(['و', 'ف']).filter(|r| r.chars().count() >= 2);
        let is_cue = w.nt || cues.contains(f) || stripped.is_some_and(|r| cues.contains(r));
        if !is_cue {
            continue;
        }
        let cue = stripped.unwrap_or(f);
        let next = ws[i + 1..].iter().find(|x| x.is_word()).map(|x| x.fold.as_str());
        // Idioms whose negation word negates nothing: `لا سيما`, `لا يزال`
        // (still), `لا بد`, `غير أن` (however), `not only`, `no longer`
        // is kept.
        let idiom = match cue {
            "لا" => matches!(next, Some("سيما" | "يزال" | "تزال" | "يزالون" | "تزالان" | "بد")),
            "غير" => matches!(next, Some("ان")),
            "not" => next == Some("only"),
            _ => false,
        };
        if idiom {
            continue;
        }
        let scope: Vec<String> = ws[i + 1..]
            .iter()
            .take_while(|x| !x.is_boundary())
            .filter_map(|x| x.term.clone())
            .take(NEGATION_SCOPE)
            .collect();
        out.push((if w.nt { format!("{f}'t") } else { cue.to_string() }, scope));
    }
    out
}

/// The quotations of a point (`«…»`, `“…”`, `"…"`, `„…“`), as folded word
/// runs.
fn quotations(point: &str, pw: &[Word]) -> Vec<Vec<String>> {
    let pairs = [('«', '»'), ('“', '”'), ('"', '"'), ('„', '“'), ('‹', '›')];
    let mut out = Vec::new();
    for (open, close) in pairs {
        let mut rest = 0;
        while let Some(a) = point[rest..].find(open).map(|a| rest + a + open.len_utf8()) {
            let Some(b) = point[a..].find(close).map(|b| a + b) else {
                break;
            };
            let run: Vec<String> = pw
                .iter()
                .filter(|w| w.is_word() || w.kind == TokenKind::Number)
                .filter(|w| w.span.start >= a && w.span.end <= b)
                .map(|w| w.fold.clone())
                .collect();
            if !run.is_empty() {
                out.push(run);
            }
            rest = b + close.len_utf8();
        }
    }
    out
}

impl Checker<'_> {
    /// The sentences where `run` stands word for word, in order, in the
    /// article (a quotation may run over a line break that ends a
    /// sentence); `None` when it does not.
    fn find_run(&self, run: &[String]) -> Option<Vec<usize>> {
        let flat: Vec<(&str, usize)> = self
            .sents
            .iter()
            .enumerate()
            .flat_map(|(i, s)| {
                s.words
                    .iter()
                    .filter(|w| w.is_word() || w.kind == TokenKind::Number)
                    .map(move |w| (w.fold.as_str(), i))
            })
            .collect();
        let at = flat
            .windows(run.len())
            .position(|win| win.iter().zip(run).all(|((a, _), b)| *a == b))?;
        let mut s: Vec<usize> = flat[at..at + run.len()].iter().map(|(_, i)| *i).collect();
        s.dedup();
        Some(s)
    }
}

fn describe(sources: &[usize]) -> String {
    match sources {
        [] => "no sentence matches".into(),
        [s] => format!("sentence {s}"),
        _ => format!(
            "sentences {}",
            sources.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")
        ),
    }
}
