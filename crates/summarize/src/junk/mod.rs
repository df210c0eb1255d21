//! Sentences that must never become a key point, whatever their score:
//! questions, headline and link lines, bylines and datelines, quotes whose
//! speaker the sentence does not name, and sentences that lean on an
//! earlier one for their subject (`He said`, `وهذا يعني`, `وأضاف الوزير`).
//!
//! An editor reading three points out of context needs each to state a
//! fact and say whose it is. The rules read the sentence (folded, as the
//! trimming rules do) and the line it stands on; the word lists are data in
//! [`lexicon`] (and the verbs of saying in the trimming rules' lexicon). From HTML the extractor's block
//! kinds say more than the line rules can ([`Junk::from_block`]).

pub mod lexicon;
#[cfg(test)]
mod tests;

use crate::compress::lexicon::{AR_SAYING, AR_SPEAKING_MORE, AR_TITLES, EN_SPEAKING, EN_VIEW};
use khulasa_core::{BlockKind, Lang};
use khulasa_text::folded::Folded;
use khulasa_text::stopwords::is_stopword;
use lexicon::*;

/// Why a sentence is left out of the key points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Junk {
    /// It asks instead of telling (`كيف يؤثر ...؟`).
    Question,
    /// A headline, subhead or caption line: a line without a final stop,
    /// one that repeats the title, or a lead-in ending with a colon (`وهما:`,
    /// `The reasons are:`), which says nothing without the list after it.
    Headline,
    /// A "read also" / related-link line, or one holding a URL.
    Link,
    /// A byline or dateline (`بقلم ...`, `By ...`, `لندن - رويترز`).
    Byline,
    /// Mostly a quotation, and the sentence does not name who said it.
    Quote,
    /// Opens with a pronoun, a demonstrative or a bare title whose referent
    /// is in an earlier sentence (`He said`, `وهذا`, `وأضاف الوزير`).
    Dangling,
}

impl Junk {
    /// Every kind, in report order.
    pub const ALL: [Junk; 6] = [
        Junk::Question,
        Junk::Headline,
        Junk::Link,
        Junk::Byline,
        Junk::Quote,
        Junk::Dangling,
    ];

    /// A short name for reports (`question`, `headline`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Junk::Question => "question",
            Junk::Headline => "headline",
            Junk::Link => "link",
            Junk::Byline => "byline",
            Junk::Quote => "quote",
            Junk::Dangling => "dangling",
        }
    }

    /// What an extractor's block kind says of every sentence in it: a
    /// heading is a headline, a block quotation a quote (embedded posts,
    /// pull quotes); paragraphs and list items say nothing by their kind.
    pub fn from_block(kind: BlockKind) -> Option<Junk> {
        match kind {
            BlockKind::Heading => Some(Junk::Headline),
            BlockKind::Quote => Some(Junk::Quote),
            BlockKind::Paragraph | BlockKind::ListItem => None,
        }
    }
}

/// The sentence's surroundings the rules need.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The whole text the sentence's span points into.
    pub text: &'a str,
    /// The headline, if known.
    pub title: Option<&'a str>,
    /// The language of the text.
    pub lang: Lang,
    /// Whether an earlier sentence exists (the first one cannot lean on one).
    pub has_before: bool,
}

/// Why the sentence at `span` of `cx.text` must not be a key point, if it
/// must not.
///
/// ```
/// use khulasa_core::Lang;
/// use khulasa_summarize::junk::{Context, Junk, classify};
/// let text = "السودان: كيف يؤثر خفض سعر الجنيه في حياة المواطن؟\nاقرأ أيضا: مقتل أربعة جنود في هجوم\n";
/// let cx = Context { text, title: None, lang: Lang::Ar, has_before: true };
/// let q = text.find('\n').unwrap();
/// assert_eq!(classify(&cx, 0..q), Some(Junk::Question));
/// assert_eq!(classify(&cx, q + 1..text.len() - 1), Some(Junk::Link));
/// ```
pub fn classify(cx: &Context<'_>, span: std::ops::Range<usize>) -> Option<Junk> {
    classify_titled(cx, cx.title.map(Title::new).as_ref(), span)
}

/// The headline's folded words, folded once per article: the headline rule
/// compares every sentence with them (folding the title for each sentence
/// was a tenth of the engine's time).
#[derive(Debug, Clone, Default)]
pub struct Title {
    words: Vec<String>,
}

impl Title {
    /// Folds `title` into its words.
    pub fn new(title: &str) -> Title {
        let t = Folded::new(title);
        Title {
            words: t.words().iter().map(|r| t.word(r).to_string()).collect(),
        }
    }
}

/// [`classify`], with the headline folded already ([`Title::new`] of
/// `cx.title`; `None` when there is no headline).
pub fn classify_titled(
    cx: &Context<'_>,
    title: Option<&Title>,
    span: std::ops::Range<usize>,
) -> Option<Junk> {
    let s = cx.text.get(span.clone())?.trim();
    if s.is_empty() {
        return None;
    }
    let body = s.trim_end_matches(['"', '»', '”', ')', ' ', '\'']);
    if body.ends_with(['?', '؟']) {
        return Some(Junk::Question);
    }
    let f = Folded::new(s);
    // The rules below read the first three words, ask whether there are at
    // most 15, or (repeating the title) at most the title's words and two:
    // a count past the largest of these is as good as the whole.
    let enough = title.map_or(0, |t| t.words.len() + 3).max(16);
    let words = f.first_words(enough);
    if words.is_empty() {
        return None;
    }
    let w = |k: usize| words.get(k).map_or("", |r| f.word(r));
    let n = words.len();
    if starts_with_any(&f, &words, AR_LINK_OPENERS) || starts_with_any(&f, &words, EN_LINK_OPENERS)
    {
        return Some(Junk::Link);
    }
    if s.contains("http://") || s.contains("https://") || s.contains("www.") {
        return Some(Junk::Link);
    }
    if (starts_with_any(&f, &words, AR_BYLINE) || starts_with_any(&f, &words, EN_BYLINE)) && n <= 15
    {
        return Some(Junk::Byline);
    }
    if n <= 8 && words.iter().any(|r| NEWS_AGENCIES.contains(&f.word(r))) {
        return Some(Junk::Byline);
    }
    if (whole_line(cx.text, &span) && !ends_with_stop(s)) || s.ends_with([':', '：']) {
        return Some(Junk::Headline);
    }
    if let Some(t) = title
        && repeats_title(&f, &words, &t.words)
    {
        return Some(Junk::Headline);
    }
    if quote_without_speaker(s, cx.lang) {
        return Some(Junk::Quote);
    }
    if cx.has_before && dangling(w(0), w(1), w(2), cx.lang) {
        return Some(Junk::Dangling);
    }
    None
}

/// True when the words at the start spell one of `list` (folded phrases).
fn starts_with_any(f: &Folded, words: &[std::ops::Range<usize>], list: &[&str]) -> bool {
    let Some(first) = words.first().map(|r| f.word(r)) else {
        return false;
    };
    list.iter().any(|p| {
        // Most phrases fail on their first word: test it before splitting.
        if !p.starts_with(first) || !matches!(p.as_bytes().get(first.len()), None | Some(b' ')) {
            return false;
        }
        let mut k = 0;
        p.split(' ').all(|x| {
            let ok = words.get(k).is_some_and(|r| f.word(r) == x);
            k += 1;
            ok
        })
    })
}

/// The sentence is a whole line of the text: a line break (or the start)
/// before it and a line break (or the end) after it.
fn whole_line(text: &str, span: &std::ops::Range<usize>) -> bool {
    let before = text[..span.start].trim_end_matches([' ', '\t']);
    let after = text[span.end..].trim_start_matches([' ', '\t']);
    (before.is_empty() || before.ends_with('\n')) && (after.is_empty() || after.starts_with('\n'))
}

/// Ends as a sentence does: a final stop, or a closing quote or bracket.
pub(crate) fn ends_with_stop(s: &str) -> bool {
    s.trim_end().ends_with([
        '.', '!', '?', '؟', '…', ':', '"', '»', '”', ')', '؛', ';', '\'',
    ])
}

/// Most of the sentence's words are the title's, and it is not much longer.
fn repeats_title(f: &Folded, words: &[std::ops::Range<usize>], tw: &[String]) -> bool {
    if tw.len() < 3 || words.len() > tw.len() + 2 {
        return false;
    }
    let shared = words
        .iter()
        .filter(|r| tw.iter().any(|t| t == f.word(r)))
        .count();
    shared * 5 >= tw.len().max(words.len()) * 4
}

/// Half or more of the letters are quoted, and outside the quotes no word
/// names a speaker (only verbs of saying, pronouns, particles).
fn quote_without_speaker(s: &str, lang: Lang) -> bool {
    if !s.bytes().any(|b| matches!(b, b'"' | 0xC2 | 0xE2)) {
        return false;
    }
    let mut inside = false;
    let (mut q, mut all) = (0usize, 0usize);
    let mut outside = String::new();
    for c in s.chars() {
        match c {
            '"' => inside = !inside,
            '«' | '“' => inside = true,
            '»' | '”' => inside = false,
            c => {
                if c.is_alphanumeric() {
                    all += 1;
                    q += inside as usize;
                }
                if !inside {
                    outside.push(c);
                }
            }
        }
    }
    if all == 0 || q * 2 < all {
        return false;
    }
    let f = Folded::new(&outside);
    !f.words().iter().any(|r| {
        let w = f.word(r);
        let base = w.strip_prefix('و').unwrap_or(w);
        let verb = AR_SAYING
            .iter()
            .any(|(v, ..)| *v == w || &v['و'.len_utf8()..] == base)
            || AR_SPEAKING_MORE.iter().any(|(v, _)| *v == base)
            || EN_SPEAKING.contains(&w)
            || EN_VIEW.contains(&w);
        let function = is_stopword(lang, w)
            || is_stopword(Lang::En, w)
            || matches!(
                w,
                "ان" | "انه"
                    | "انها"
                    | "قايلا"
                    | "قائلا"
                    | "قايله"
                    | "قائله"
                    | "he"
                    | "she"
            );
        !(verb || function || w.chars().all(|c| c.is_ascii_digit()))
    })
}

/// Opens with a pronoun or demonstrative (after a conjunction `و`/`ف`), or
/// with a verb of saying whose subject is a bare title (`وأضاف الوزير`,
/// `The minister said`): its subject is in an earlier sentence.
fn dangling(w0: &str, w1: &str, w2: &str, lang: Lang) -> bool {
    match lang {
        Lang::En => {
            // `He argued that ...` names its holder when trimmed (see
            // `compress`): not dangling here.
            if matches!(w0, "he" | "she") && EN_VIEW.contains(&w1) {
                return false;
            }
            EN_PRONOUN_OPENERS.contains(&w0)
                || (w0 == "the" && EN_BARE_TITLES.contains(&w1) && EN_SPEAKING.contains(&w2))
        }
        Lang::Ar => {
            let base = w0
                .strip_prefix('و')
                .or_else(|| w0.strip_prefix('ف'))
                .unwrap_or(w0);
            if AR_PRONOUN_OPENERS.contains(&w0) || AR_PRONOUN_OPENERS.contains(&base) {
                return true;
            }
            let saying = AR_SAYING.iter().any(|(v, ..)| *v == w0)
                || AR_SPEAKING_MORE.iter().any(|(v, _)| *v == base);
            let bare = w1
                .strip_prefix("ال")
                .is_some_and(|t| AR_TITLES.contains(&t))
                && !w2.starts_with("ال");
            saying && bare
        }
        Lang::Other => false,
    }
}
