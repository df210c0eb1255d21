//! Editor-style trimming of one sentence, keeping spans.
//!
//! An editor turning a news sentence into a key point drops what means nothing
//! out of context. The rules, applied in this order:
//!
//! 1. **Leading discourse markers**: `وفي وقت سابق (من اليوم)،`, `من جهته،`,
//!    `إلى ذلك،`, `يذكر أن`, `كما`, `وكان`/`وكانت` (`وكان X قد فعل` → `X فعل`),
//!    `وأضاف أن`, `وقال إن`, `وأشار إلى أن` (the verb of saying immediately
//!    followed by its `أن`/`إن`: the speaker is in an earlier sentence, so the
//!    bullet states the reported content). In English: `Meanwhile,`,
//!    `Earlier,`, `In addition,`, `However,`.
//! 2. **Attribution tails**: from `، حسب ...`, `، بحسب ...`, `، وفق ...`,
//!    `، وفقا لـ...`, `، طبقا لـ...`, `، نقلا عن ...`, `، على حد قوله`, to the
//!    end of the sentence. English: `, according to ...`, `, X said.`.
//! 3. **Quote and elaboration tails**: `، قائلا ...` / `، قائلة ...` to the
//!    end (the quote that follows repeats the point or needs its context),
//!    and `، مشيرا إلى ...`, `، مضيفا ...`, `، مؤكدا ...`, `، موضحا ...`,
//!    `، لافتا ...` (a second point hung on the first: ROUGE-neutral on the
//!    dev data, and key points come out shorter).
//! 4. **Empty time words**: `أمس`, `أمس الجمعة`, `مساء أمس`, `اليوم الجمعة`,
//!    `صباح اليوم`, `يوم الجمعة`, `غدا السبت`; `اليوم` alone only between
//!    commas (elsewhere it is a noun: `في اليوم الثاني`). English:
//!    `yesterday`, `today`, `on Friday`.
//! 5. A leading `و` that is a conjunction is dropped from the first word when
//!    that is safe to tell (`ووصف` → `وصف`, `والتقى` → `التقى`, a list of
//!    reporting and common news verbs such as `وقال` → `قال`), never from
//!    words whose root starts with `و` (`وصل`, `وقع`, `والد`). Each strip
//!    costs ROUGE a token (references keep the `و`): a wider rule for
//!    `وت...`/`وي...` verbs was tried and cost 0.1 ROUGE-2 on EASC.
//!
//! Commas left dangling by a deletion are tidied, and the sentence keeps its
//! final punctuation. If trimming would leave fewer than [`MIN_WORDS_KEPT`]
//! words, the sentence is kept whole: a stub is worse than a long sentence.
//!
//! Matching runs on a folded copy (harakat and tatweel removed, alef forms,
//! `ى` and `ة` folded, lowercase) whose every byte maps back to the original,
//! so the pieces kept are exact byte ranges of the sentence.

mod arabic;
mod assemble;
pub mod editor;
mod english;
pub mod lexicon;
#[cfg(test)]
mod tests;

pub use lexicon::{AR_SAYING, Saying, saying};

use khulasa_core::Lang;
use khulasa_text::folded::Folded;
use std::ops::Range;

/// A trimmed sentence: the text to show and the byte ranges (relative to the
/// sentence) it was taken from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compressed {
    /// The display text: the kept pieces joined, tidied, with final punctuation.
    pub text: String,
    /// Kept ranges of the sentence, in order, each holding at least one
    /// letter or digit (lone punctuation is not a source).
    pub kept: Vec<Range<usize>>,
    /// The speaker of a view, taken from an earlier sentence and shown
    /// inside this one (`اعتبر أن ...` → `اعتبر بيلاوسوف أن ...`).
    pub speaker: Option<Speaker>,
    /// Kept ranges of the next sentence, when it is fused into this point
    /// (one fact over two short sentences, see `crate::fuse`); empty
    /// otherwise. Relative to that sentence's start.
    pub next: Vec<Range<usize>>,
}

/// A speaker's name borrowed from an earlier sentence (see [`compress_in`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// Which earlier sentence: 1 is the one right before (an index into the
    /// `before` list of [`compress_in`], plus one).
    pub back: usize,
    /// The name's byte range in that sentence.
    pub span: Range<usize>,
    /// Where it stands among the pieces: after the first `at` ranges of
    /// [`Compressed::kept`].
    pub at: usize,
}

/// A sentence kept whole (only trimmed of surrounding whitespace).
pub fn keep_whole(sentence: &str) -> Compressed {
    let start = sentence.len() - sentence.trim_start().len();
    let end = sentence.trim_end().len();
    Compressed {
        text: sentence[start..end.max(start)].to_string(),
        kept: if end > start {
            std::iter::once(start..end).collect()
        } else {
            Vec::new()
        },
        speaker: None,
        next: Vec::new(),
    }
}

/// Trimming that would leave fewer words than this keeps the sentence whole.
pub const MIN_WORDS_KEPT: usize = 5;

/// Trims `sentence` as described in the module docs. `lang` picks the rule
/// set; [`Lang::Other`] keeps the sentence whole. With no earlier sentences
/// to look in, a view whose holder is only a pronoun keeps its verb
/// (`اعتبر أن ...`) but names no one: see [`compress_in`].
///
/// ```
/// use khulasa_core::Lang;
/// use khulasa_summarize::compress::compress;
/// let s = "اجتمع الوزير مع نظيره، أمس الجمعة، في العاصمة، حسب ما نقلت وكالة الأنباء.";
/// let c = compress(s, Lang::Ar);
/// assert_eq!(c.text, "اجتمع الوزير مع نظيره في العاصمة.");
/// assert_eq!(&s[c.kept[0].clone()], "اجتمع الوزير مع نظيره");
/// ```
pub fn compress(sentence: &str, lang: Lang) -> Compressed {
    compress_in(sentence, lang, &[])
}

/// [`compress`], with the sentences before this one (`before[0]` the
/// nearest; a few are enough) to find who holds a view. A sentence opening
/// with a verb of opinion whose subject is only a pronoun (`واعتبر أن ...`,
/// `He argued that ...`) gets the speaker named in the nearest earlier
/// sentence (`وقال بيلاوسوف ...`), the way an editor would write it:
/// `اعتبر بيلاوسوف أن ...`. The name is a [`Speaker`]: its span points into
/// that earlier sentence.
///
/// ```
/// use khulasa_core::Lang;
/// use khulasa_summarize::compress::compress_in;
/// let before = "وقال الوزير خلال لقائه السفراء إن المحادثات كانت صريحة.";
/// let s = "واعتبر أن الاتفاق الجديد يخدم مصالح البلدين على المدى البعيد.";
/// let c = compress_in(s, Lang::Ar, &[before]);
/// assert_eq!(c.text, "اعتبر الوزير أن الاتفاق الجديد يخدم مصالح البلدين على المدى البعيد.");
/// let who = c.speaker.unwrap();
/// assert_eq!((who.back, &before[who.span]), (1, "الوزير"));
/// ```
pub fn compress_in(sentence: &str, lang: Lang, before: &[&str]) -> Compressed {
    compress_to(sentence, lang, before, None)
}

/// [`compress_in`], then, when `target` is given and the point is longer,
/// the editor-length cuts of [`editor`] (parentheticals, appositions,
/// trailing circumstance clauses) until it is at most `target` words where
/// the rules allow.
///
/// ```
/// use khulasa_core::Lang;
/// use khulasa_summarize::compress::compress_to;
/// let s = "أعلنت وزارة الصحة عن حملة تطعيم جديدة تشمل جميع الأطفال دون الخامسة في المحافظات الشمالية والجنوبية، وذلك بعد تسجيل عشرات الإصابات بالحصبة في المدارس خلال الأسابيع الثلاثة الماضية.";
/// let c = compress_to(s, Lang::Ar, &[], Some(20));
/// assert_eq!(c.text, "أعلنت وزارة الصحة عن حملة تطعيم جديدة تشمل جميع الأطفال دون الخامسة في المحافظات الشمالية والجنوبية.");
/// ```
pub fn compress_to(
    sentence: &str,
    lang: Lang,
    before: &[&str],
    target: Option<usize>,
) -> Compressed {
    compress_keeping(sentence, lang, before, target, &Keep::default())
}

/// Words a cut should leave in place: the byte offsets (in the sentence)
/// of words that carry a term of the headline, and the length a point may
/// grow back to when cuts holding them are undone.
///
/// Why: on the ANT train split a piece the editor rules cut that holds a
/// headline term is 34% in the journalist's summary (the others 21%), and
/// a piece pays its way in ROUGE-1 F1 when more than about F1/2 ≈ 21% of
/// its words are in the reference. The headline is the best proxy of the
/// summary a journalist writes (docs/summarize.md, engine 8).
#[derive(Debug, Clone, Default)]
pub struct Keep<'a> {
    /// Byte offsets of the headline's words in the sentence, ascending.
    pub at: &'a [usize],
    /// A cut is undone only while the point stays at most this many words.
    pub cap: usize,
    /// Undo every editor-length cut after the first word (not only those
    /// holding one of `at`: appositions, clause tails, the last-comma cut),
    /// in text order, while the point stays within `cap` words. What the
    /// light rules cut (leading markers, attribution, time words, a
    /// replaced pronoun) stays cut: who reported a fact and on which
    /// weekday is what an editor drops first.
    pub every: bool,
}

/// [`compress_to`], then each cut after the first word that holds one of
/// `keep.at` (every cut with `keep.every`; whole runs of cut text, in text
/// order) is undone while the point stays within `keep.cap` words. Leading markers and a replaced
/// pronoun are never undone: they are about who speaks, not what is said.
pub fn compress_keeping(
    sentence: &str,
    lang: Lang,
    before: &[&str],
    target: Option<usize>,
    keep: &Keep<'_>,
) -> Compressed {
    let f = Folded::new(sentence);
    let words = f.words();
    if words.is_empty() {
        return keep_whole(sentence);
    }
    let mut del: Vec<Range<usize>> = Vec::new(); // ranges in folded bytes
    // The editor rules (engine 6) also name the referent of a bare title
    // or a pronoun opening a report (`وأضاف الوزير أن`, `He said`).
    let editor = target.is_some();
    let view = match lang {
        Lang::Ar => arabic::rules(&f, &words, &mut del, sentence, editor),
        Lang::En => english::rules(&f, &words, &mut del, editor),
        Lang::Other => None,
    };
    let view_replaces = view.as_ref().and_then(|v| v.replaces.clone());
    // The holder of a view whose subject is only a pronoun, or the referent
    // of a bare title.
    let insert = view.and_then(|v| {
        let (back, span) = match (lang, v.title) {
            (Lang::Ar, Some(t)) => {
                arabic::titled(before, t).or_else(|| arabic::speaker(before, v.fem))?
            }
            (Lang::Ar, None) => arabic::speaker(before, v.fem)?,
            _ => english::speaker(before)?,
        };
        if let Some(r) = v.replaces {
            del.push(r);
        }
        Some((f.orig(v.at), back, span))
    });
    let replaced = insert.as_ref().and(view_replaces);
    let light = del.len();
    if let Some(target) = target {
        editor::fit(&f, &words, &mut del, lang, target);
    }
    if del.is_empty() && insert.is_none() {
        return keep_whole(sentence);
    }
    let mut del: Vec<Range<usize>> = del
        .into_iter()
        .map(|r| f.orig(r.start)..f.orig(r.end))
        .collect();
    if !keep.at.is_empty() || keep.every {
        let first = f.orig(words[0].end);
        let replaced = replaced.map(|r| f.orig(r.start)..f.orig(r.end));
        // With `every`, the light rules' cuts stand whatever happens to
        // the editor-length cuts around them.
        let fixed: Vec<Range<usize>> = if keep.every {
            del[..light].to_vec()
        } else {
            Vec::new()
        };
        undo_cuts(sentence, &mut del, keep, first, replaced.as_ref(), &fixed);
    }
    let out = assemble::assemble(
        sentence,
        del,
        insert.map(|(at, back, span)| (at, back, span, before)),
    );
    let after = out
        .text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    if after < MIN_WORDS_KEPT {
        return keep_whole(sentence);
    }
    out
}

/// Words (with a letter or digit) in `s`.
fn words_in(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Undoes the cuts of `del` (original byte ranges) that hold a word of
/// `keep.at`, in text order, while the point stays within `keep.cap` words.
/// A cut starting before `first` (the end of the first word: a leading
/// marker) or overlapping `replaced` stays, and so does whatever of a cut
/// lies inside one of `fixed`.
fn undo_cuts(
    s: &str,
    del: &mut Vec<Range<usize>>,
    keep: &Keep<'_>,
    first: usize,
    replaced: Option<&Range<usize>>,
    fixed: &[Range<usize>],
) {
    del.sort_by_key(|r| r.start);
    // Overlapping or touching cuts are one run of cut text.
    let mut runs: Vec<Range<usize>> = Vec::new();
    for r in del.drain(..) {
        match runs.last_mut() {
            Some(l) if r.start <= l.end => l.end = l.end.max(r.end),
            _ => runs.push(r),
        }
    }
    let cut: usize = runs.iter().map(|r| words_in(&s[r.clone()])).sum();
    let mut words = words_in(s).saturating_sub(cut);
    let runs = without(runs, fixed);
    del.extend_from_slice(fixed);
    for r in runs {
        let holds = keep.every || keep.at.iter().any(|&o| r.start <= o && o < r.end);
        let stays = r.start < first || replaced.is_some_and(|p| p.start < r.end && r.start < p.end);
        let n = words_in(&s[r.clone()]);
        if holds && !stays && words + n <= keep.cap {
            words += n;
        } else {
            del.push(r);
        }
    }
}

/// The parts of the sorted, disjoint `runs` outside every range of `out`,
/// in text order.
fn without(runs: Vec<Range<usize>>, out: &[Range<usize>]) -> Vec<Range<usize>> {
    if out.is_empty() {
        return runs;
    }
    let mut out = out.to_vec();
    out.sort_by_key(|r| r.start);
    let mut left = Vec::with_capacity(runs.len());
    for r in runs {
        let mut at = r.start;
        for o in out.iter().filter(|o| o.start < r.end && r.start < o.end) {
            if at < o.start {
                left.push(at..o.start);
            }
            at = at.max(o.end);
        }
        if at < r.end {
            left.push(at..r.end);
        }
    }
    left
}

/// Words a clause after an attribution between commas needs to be kept
/// (fewer is a tail of the attribution: `، بحسب الوكالة، أمس`).
const ATTRIB_CLAUSE_MIN_WORDS: usize = 4;

/// The cut of an attribution tail opening at word `j` (after a comma): to
/// the first comma from word `from` on when a clause of at least
/// [`ATTRIB_CLAUSE_MIN_WORDS`] words follows it and `keeps` accepts the
/// word that opens it (the clause is content), else to the sentence's
/// final punctuation. `from` is none where the tail always runs to the end.
fn attribution_cut(
    f: &Folded,
    words: &[Range<usize>],
    j: usize,
    from: Option<usize>,
    keeps: impl Fn(usize) -> bool,
) -> Range<usize> {
    let n = words.len();
    let start = comma_before(f, words, j);
    let resume = from
        .and_then(|from| (from..n).find(|&k| has_comma(f.gap_before(words, k))))
        .filter(|&k| n - k >= ATTRIB_CLAUSE_MIN_WORDS && keeps(k));
    match resume {
        Some(k) => start..comma_before(f, words, k),
        None => start..tail_end(f, words),
    }
}

fn has_comma(gap: &str) -> bool {
    gap.contains('،') || gap.contains(',')
}

/// Folded byte offset of the comma between word `j - 1` and word `j` (the
/// caller knows there is one), so a deletion from there keeps a closing
/// quote or bracket that stands before the comma.
fn comma_before(f: &Folded, words: &[Range<usize>], j: usize) -> usize {
    let start = words[j - 1].end;
    let gap = &f.as_str()[start..words[j].start];
    start + gap.find(['،', ',']).unwrap_or(0)
}

/// Position (in folded bytes) where a tail deletion should stop: before the
/// sentence's final run of terminal punctuation (closing quotes before it go
/// with the tail).
fn tail_end(f: &Folded, _words: &[Range<usize>]) -> usize {
    let t = f.as_str().trim_end();
    t.trim_end_matches(is_terminal).len()
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…')
}

/// True when the words starting at `i` spell `phrase` (space-separated, folded).
fn phrase_at(f: &Folded, words: &[Range<usize>], i: usize, phrase: &str) -> bool {
    // Most phrases fail on their first word: test it before splitting.
    let Some(w) = words.get(i) else {
        return false;
    };
    let first = f.word(w);
    if !phrase.starts_with(first)
        || !matches!(phrase.as_bytes().get(first.len()), None | Some(b' '))
    {
        return false;
    }
    let mut k = i;
    for p in phrase.split(' ') {
        match words.get(k) {
            Some(w) if f.word(w) == p => k += 1,
            _ => return false,
        }
    }
    true
}

/// Number of words of the longest phrase in `list` found at word `i`.
fn longest_at(f: &Folded, words: &[Range<usize>], i: usize, list: &[&str]) -> Option<usize> {
    list.iter()
        .filter(|p| phrase_at(f, words, i, p))
        .map(|p| p.split(' ').count())
        .max()
}

/// A view whose holder is only a pronoun: where the speaker's name goes
/// (folded byte offset), whether the verb is feminine, and what the name
/// replaces (English: the pronoun).
struct View {
    at: usize,
    fem: bool,
    replaces: Option<Range<usize>>,
    /// A bare title replaced (folded, without its article: `وزير`): its
    /// phrase in an earlier sentence names the referent best.
    title: Option<&'static str>,
}

/// Whether `sentence`, which leans on an earlier one for its subject (a
/// verb of saying with a bare title, `وأضاف الوزير أن`; `He said`; `The
/// minister said`), gets that subject named from `before` by the editor
/// rules ([`compress_to`] with a target). A dangling sentence that does not
/// is never a key point ([`crate::junk::Junk::Dangling`]).
pub fn names_referent(sentence: &str, lang: Lang, before: &[&str]) -> bool {
    compress_to(sentence, lang, before, Some(usize::MAX))
        .speaker
        .is_some()
}
