//! The refusal rules that need more than a lookup: which words are names,
//! what a negation governs, who holds a view, where a quotation stands.

use super::lexicon::{self, fold};
use super::words::Word;
use super::{Checker, NEGATION_SCOPE, describe, terms_meet};
use khulasa_core::Lang;
use khulasa_text::TokenKind;

impl Checker<'_> {
    /// Indices of the name-like words of a point: Latin words with a
    /// capital (not opening the point, unless another capital or a verb of
    /// saying follows), Arabic given names, countries and cities, and a
    /// word right after a title (`الرئيس`, `مدينة`). Stop words are never
    /// names.
    pub(super) fn names(&self, pw: &[Word]) -> Vec<usize> {
        let titles = lexicon::titles();
        let gaz = lexicon::gazetteer();
        let en_titles = [
            "president",
            "minister",
            "prime",
            "secretary",
            "general",
            "mr",
            "mrs",
            "ms",
            "dr",
            "king",
            "queen",
            "prince",
            "chief",
            "the",
            "a",
            "an",
            "in",
            "on",
            "at",
            "it",
            "he",
            "she",
            "they",
            "we",
            "but",
            "and",
            "however",
            "meanwhile",
            "officials",
            "police",
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
                    let after_given = prev
                        .is_some_and(|p| gaz.contains(&p.fold) && !self.in_article_word(&w.bare));
                    if gaz.contains(&w.bare) || gaz.contains(&w.fold) || after_title || after_given
                    {
                        out.push(i);
                    }
                }
                _ => {}
            }
        }
        out
    }

    pub(super) fn in_article(&self, w: &Word) -> bool {
        self.in_article_word(&w.bare) || self.vocab.contains(&w.fold)
    }

    /// A bare word in the article, allowing a changed ending of up to two
    /// letters on a shared stem of four (`فرنسي` / `فرنسا`, `Iran's`).
    pub(super) fn in_article_word(&self, b: &str) -> bool {
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
    pub(super) fn carrying(&self, pw: &[Word], sources: &[usize]) -> Vec<usize> {
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
    pub(super) fn negation(
        &self,
        pw: &[Word],
        sources: &[usize],
        carrying: &[usize],
    ) -> Option<String> {
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
                    scope.is_empty()
                        || ss.is_empty()
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
    pub(super) fn view(&self, pw: &[Word], sources: &[usize]) -> Option<String> {
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
                || lexicon::negations().contains(f)
                    && matches!(f, "نفي" | "نفت" | "denied" | "denies")
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
                    if holder.is_empty() {
                        "someone".to_string()
                    } else {
                        holder.join(" ")
                    }
                ));
            }
        }
        None
    }

    /// When sentence `s` reports someone's words or view: the verb, the
    /// holder's terms (named in the sentence, or, for a pronoun, in the
    /// sentence before) and whether the sentence itself names them.
    pub(super) fn holder(&self, s: usize) -> Option<(String, Vec<String>, bool)> {
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
            if ws
                .first()
                .is_some_and(|w| w.bare == "كما" || w.fold == "كما")
            {
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
                if f == stop || f == "انه" || f == "انها" || f == "انهم" || f == "بان" || f == "الي"
                {
                    break;
                }
                h.push(*x);
            }
            // Stop at a comma inside those words.
            if let Some(c) = all
                .iter()
                .position(|x| x.is_boundary() && x.span.start > w.span.end)
            {
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

/// The negation cues of a text with the terms each governs: up to
/// [`NEGATION_SCOPE`] content terms after it, within its clause.
pub(super) fn negation_scopes(ws: &[Word]) -> Vec<(String, Vec<String>)> {
    let cues = lexicon::negations();
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        if !w.is_word() {
            continue;
        }
        let f = w.fold.as_str();
        let stripped = f
            .strip_prefix(['و', 'ف'])
            .filter(|r| r.chars().count() >= 2);
        let is_cue = w.nt || cues.contains(f) || stripped.is_some_and(|r| cues.contains(r));
        if !is_cue {
            continue;
        }
        let cue = stripped.unwrap_or(f);
        let next = ws[i + 1..]
            .iter()
            .find(|x| x.is_word())
            .map(|x| x.fold.as_str());
        // Idioms whose negation word negates nothing: `لا سيما`, `لا يزال`
        // (still), `لا بد`, `غير أن` (however), `not only`, `no longer`
        // is kept.
        let idiom = match cue {
            "لا" => matches!(
                next,
                Some("سيما" | "يزال" | "تزال" | "يزالون" | "تزالان" | "بد")
            ),
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
        out.push((
            if w.nt {
                format!("{f}'t")
            } else {
                cue.to_string()
            },
            scope,
        ));
    }
    out
}

/// The quotations of a point (`«…»`, `“…”`, `"…"`, `„…“`), as folded word
/// runs.
pub(super) fn quotations(point: &str, pw: &[Word]) -> Vec<Vec<String>> {
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
    pub(super) fn find_run(&self, run: &[String]) -> Option<Vec<usize>> {
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
