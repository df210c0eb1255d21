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

use crate::features::is_wordy;
use khulasa_core::Lang;
use khulasa_text::normalize::step;
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
    let f = Folded::new(sentence);
    let words = f.words();
    if words.is_empty() {
        return keep_whole(sentence);
    }
    let mut del: Vec<Range<usize>> = Vec::new(); // ranges in folded bytes
    let view = match lang {
        Lang::Ar => arabic_rules(&f, &words, &mut del, sentence),
        Lang::En => english_rules(&f, &words, &mut del),
        Lang::Other => None,
    };
    // The holder of a view whose subject is only a pronoun.
    let insert = view.and_then(|v| {
        let (back, span) = match lang {
            Lang::Ar => ar_speaker(before, v.fem)?,
            _ => en_speaker(before)?,
        };
        if let Some(r) = v.replaces {
            del.push(r);
        }
        Some((f.orig(v.at), back, span))
    });
    if del.is_empty() && insert.is_none() {
        return keep_whole(sentence);
    }
    let del: Vec<Range<usize>> = del
        .into_iter()
        .map(|r| f.orig(r.start)..f.orig(r.end))
        .collect();
    let out = assemble(
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

/// The folded copy of a sentence with a byte map back to the original.
struct Folded {
    s: String,
    /// For each byte of `s`, the original byte offset of its char; one extra
    /// entry for the end.
    map: Vec<usize>,
}

/// A word of the folded copy: its byte range there.
#[derive(Debug, Clone)]
struct W {
    r: Range<usize>,
}

impl Folded {
    fn new(orig: &str) -> Folded {
        let mut s = String::with_capacity(orig.len());
        let mut map = Vec::with_capacity(orig.len() + 1);
        let b = orig.as_bytes();
        let mut i = 0;
        while i < b.len() {
            // Fast paths, by bytes: ASCII (lowercased) and the Arabic
            // letters that no fold changes (copied) are most of the text.
            let x = b[i];
            if x < 0x80 {
                map.push(i);
                s.push(char::from(x.to_ascii_lowercase()));
                i += 1;
                continue;
            }
            if i + 1 < b.len() && plain_arabic(x, b[i + 1]) {
                map.extend([i, i]);
                s.push_str(&orig[i..i + 2]);
                i += 2;
                continue;
            }
            let c = orig[i..].chars().next().unwrap_or_default();
            let at = i;
            i += c.len_utf8();
            let i = at;
            if step::is_diacritic(c) || c == step::TATWEEL || step::is_control(c) {
                continue;
            }
            let c = step::fold_ta_marbuta(step::fold_ya(step::fold_alef(c)));
            if c.is_ascii() || ('\u{0600}'..='\u{06FF}').contains(&c) {
                // Fast path: nothing to lowercase in Arabic, cheap in ASCII.
                let lc = c.to_ascii_lowercase();
                map.extend(std::iter::repeat_n(i, lc.len_utf8()));
                s.push(lc);
                continue;
            }
            for lc in c.to_lowercase() {
                map.extend(std::iter::repeat_n(i, lc.len_utf8()));
                s.push(lc);
            }
        }
        map.push(orig.len());
        Folded { s, map }
    }

    /// Original byte offset of folded byte `i` (`i == len` maps to the end).
    fn orig(&self, i: usize) -> usize {
        self.map[i.min(self.map.len() - 1)]
    }

    fn words(&self) -> Vec<W> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in self.s.char_indices() {
            let wordy = is_wordy(c) || c == '\'' && start.is_some();
            match (wordy, start) {
                (true, None) => start = Some(i),
                (false, Some(st)) => {
                    out.push(W { r: st..i });
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(st) = start {
            out.push(W {
                r: st..self.s.len(),
            });
        }
        out
    }

    fn word<'a>(&'a self, w: &W) -> &'a str {
        &self.s[w.r.clone()]
    }

    /// The original text of word `w` (harakat and all).
    fn orig_text<'a>(&self, orig: &'a str, w: &W) -> &'a str {
        &orig[self.orig(w.r.start)..self.orig(w.r.end)]
    }

    /// The non-word text between word `a` and the next word (or the end).
    fn gap_after(&self, words: &[W], a: usize) -> &str {
        let end = words.get(a + 1).map_or(self.s.len(), |w| w.r.start);
        &self.s[words[a].r.end..end]
    }

    fn gap_before(&self, words: &[W], a: usize) -> &str {
        let start = if a == 0 { 0 } else { words[a - 1].r.end };
        &self.s[start..words[a].r.start]
    }
}

fn has_comma(gap: &str) -> bool {
    gap.contains('،') || gap.contains(',')
}

/// Folded byte offset of the comma between word `j - 1` and word `j` (the
/// caller knows there is one), so a deletion from there keeps a closing
/// quote or bracket that stands before the comma.
fn comma_before(f: &Folded, words: &[W], j: usize) -> usize {
    let start = words[j - 1].r.end;
    let gap = &f.s[start..words[j].r.start];
    start + gap.find(['،', ',']).unwrap_or(0)
}

/// Position (in folded bytes) where a tail deletion should stop: before the
/// sentence's final run of terminal punctuation (closing quotes before it go
/// with the tail).
fn tail_end(f: &Folded, _words: &[W]) -> usize {
    let t = f.s.trim_end();
    t.trim_end_matches(is_terminal).len()
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…')
}

/// True when the two UTF-8 bytes encode an Arabic letter that folding
/// leaves as it is (not a diacritic, tatweel, alef with hamza or madda,
/// alef maqsura or ta marbuta): U+0621, U+0624, U+0626–U+0628,
/// U+062A–U+063A, U+0641–U+0648, U+064A.
fn plain_arabic(lead: u8, next: u8) -> bool {
    match lead {
        0xD8 => matches!(next, 0xA1 | 0xA4 | 0xA6..=0xA8 | 0xAA..=0xBA),
        0xD9 => matches!(next, 0x81..=0x88 | 0x8A),
        _ => false,
    }
}

/// True when the words starting at `i` spell `phrase` (space-separated, folded).
fn phrase_at(f: &Folded, words: &[W], i: usize, phrase: &str) -> bool {
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
fn longest_at(f: &Folded, words: &[W], i: usize, list: &[&str]) -> Option<usize> {
    list.iter()
        .filter(|p| phrase_at(f, words, i, p))
        .map(|p| p.split(' ').count())
        .max()
}

const AR_WEEKDAYS: &[&str] = &[
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعه",
    "السبت",
];

/// Leading markers dropped whole (folded), each optionally followed by a comma.
const AR_LEAD: &[&str] = &[
    "وفي وقت سابق من اليوم",
    "وفي وقت سابق من يوم امس",
    "وفي وقت سابق",
    "في وقت سابق من اليوم",
    "في وقت سابق",
    "وفي غضون ذلك",
    "في غضون ذلك",
    "وفي الاثناء",
    "في الاثناء",
    "وفي سياق متصل",
    "في سياق متصل",
    "من جهته",
    "من جهتها",
    "ومن جهته",
    "ومن جهتها",
    "من جانبه",
    "من جانبها",
    "ومن جانبه",
    "ومن جانبها",
    "في المقابل",
    "وفي المقابل",
    "الي ذلك",
    "والي ذلك",
    "يذكر ان",
    "ويذكر ان",
    "يشار الي ان",
    "ويشار الي ان",
    "وتجدر الاشاره الي ان",
    "تجدر الاشاره الي ان",
    "كما",
    "وكان",
    "وكانت",
];

/// What a verb of saying does to the content it introduces, when it opens
/// a sentence with only a pronoun for its subject and `أن`/`إن` right after
/// (the speaker is named in an earlier sentence).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saying {
    /// It reports what was said (`قال`, `أضاف`, `أوضح`, `ذكر`, `أعلن`): the
    /// verb and its `أن` are dropped and the point states the content, as
    /// an editor does with a quoted fact.
    Report,
    /// It holds a view, a judgement or an assessment (`اعتبر`, `رأى`,
    /// `أكد`, `شدد`, `توقع`, `حذر`, `زعم`, `نفى`): the verb stays and the
    /// speaker named earlier is put after it (`اعتبر بيلاوسوف أن ...`), so
    /// the point never states someone's view as fact.
    View,
}

/// The rule table of verbs of saying (folded, with their conjunction `و`):
/// what each does ([`Saying`]) and whether the form is feminine (its holder
/// must then be a feminine speaker, `وقالت الوزارة`).
pub const AR_SAYING: &[(&str, Saying, bool)] = &[
    ("واضاف", Saying::Report, false),
    ("واضافت", Saying::Report, true),
    ("وقال", Saying::Report, false),
    ("وقالت", Saying::Report, true),
    ("واوضح", Saying::Report, false),
    ("واوضحت", Saying::Report, true),
    ("وتابع", Saying::Report, false),
    ("وتابعت", Saying::Report, true),
    ("وذكر", Saying::Report, false),
    ("وذكرت", Saying::Report, true),
    ("واعلن", Saying::Report, false),
    ("واعلنت", Saying::Report, true),
    ("واعتبر", Saying::View, false),
    ("واعتبرت", Saying::View, true),
    ("وراي", Saying::View, false),
    ("ورات", Saying::View, true),
    ("ويري", Saying::View, false),
    ("وتري", Saying::View, true),
    ("واكد", Saying::View, false),
    ("واكدت", Saying::View, true),
    ("وشدد", Saying::View, false),
    ("وشددت", Saying::View, true),
    ("ورجح", Saying::View, false),
    ("ورجحت", Saying::View, true),
    ("وتوقع", Saying::View, false),
    ("وتوقعت", Saying::View, true),
    ("وحذر", Saying::View, false),
    ("وحذرت", Saying::View, true),
    ("وزعم", Saying::View, false),
    ("وزعمت", Saying::View, true),
    ("وادعي", Saying::View, false),
    ("وادعت", Saying::View, true),
    ("ونفي", Saying::View, false),
    ("ونفت", Saying::View, true),
];

/// The class and gender of a folded verb of the table.
pub fn saying(word: &str) -> Option<(Saying, bool)> {
    AR_SAYING
        .iter()
        .find(|(w, _, _)| *w == word)
        .map(|&(_, c, fem)| (c, fem))
}

/// Verbs that name a speaker right after them in an earlier sentence
/// (`وقال بيلاوسوف`, `وأكدت الوزارة`): every verb of the table, without
/// or with its `و`/`ف`, and a few more; feminine or not.
fn speaking_verb(word: &str) -> Option<bool> {
    let base = word
        .strip_prefix('و')
        .or_else(|| word.strip_prefix('ف'))
        .unwrap_or(word);
    const MORE: &[(&str, bool)] = &[
        ("اشار", false),
        ("اشارت", true),
        ("صرح", false),
        ("صرحت", true),
        ("وصف", false),
        ("وصفت", true),
    ];
    AR_SAYING
        .iter()
        .map(|&(w, _, fem)| (&w['و'.len_utf8()..], fem))
        .chain(MORE.iter().copied())
        .find(|(w, _)| *w == base || *w == word)
        .map(|(_, fem)| fem)
}

/// Words that cannot be (or extend) a speaker's name after a verb of
/// saying: particles, pronouns, time words, relatives.
const AR_NOT_A_NAME: &[&str] = &[
    "ان",
    "انه",
    "انها",
    "انهم",
    "الي",
    "في",
    "خلال",
    "امس",
    "اليوم",
    "غدا",
    "عن",
    "علي",
    "ضمن",
    "ايضا",
    "بعد",
    "قبل",
    "من",
    "اثناء",
    "عقب",
    "لدي",
    "بان",
    "بانه",
    "بانها",
    "ما",
    "له",
    "لها",
    "لهم",
    "مساء",
    "صباح",
    "يوم",
    "عبر",
    "امام",
    "هو",
    "هي",
    "هم",
    "انذاك",
    "الماضي",
    "الماضيه",
    "المقبل",
    "الحالي",
    "الاسبوع",
    "الشهر",
    "العام",
    "مؤخرا",
    "موخرا",
    "الذي",
    "التي",
    "الذين",
    "اللذان",
    "اللتان",
    "كذلك",
    "لاحقا",
    "سابقا",
    "حينها",
    "الليله",
];

/// True when `w` (folded) cannot be or extend a speaker's name: one of
/// [`AR_NOT_A_NAME`] or a weekday.
fn not_a_name(w: &str) -> bool {
    AR_NOT_A_NAME.contains(&w) || AR_WEEKDAYS.contains(&w)
}

/// Titles that name a speaker with the words after them (`وزير الدفاع`,
/// `رئيس الوزراء`, `المتحدث باسم الوزارة`).
const AR_TITLES: &[&str] = &[
    "وزير",
    "وزيره",
    "رئيس",
    "رئيسه",
    "مدير",
    "مديره",
    "المتحدث",
    "المتحدثه",
    "الناطق",
    "الناطقه",
    "متحدث",
    "ناطق",
    "سفير",
    "سفيره",
    "قائد",
    "زعيم",
    "امين",
    "نائب",
    "مستشار",
    "مستشاره",
    "مندوب",
    "ممثل",
    "محافظ",
    "حاكم",
];

/// The speaker named in the nearest of `before` (at most three sentences
/// back) whose gender agrees (`fem`): the subject right after a verb of
/// saying (`وقال بيلاوسوف`, `وأضافت الوزارة`), or of `وكان X قد`. A title
/// takes the words of its phrase with it (`وزير الدفاع الروسي`). Returns
/// (how many sentences back, the name's byte range there).
fn ar_speaker(before: &[&str], fem: bool) -> Option<(usize, Range<usize>)> {
    for (k, s) in before.iter().take(3).enumerate() {
        let f = Folded::new(s);
        let words = f.words();
        let n = words.len();
        let plain_gap = |j: usize| f.gap_after(&words, j).trim().is_empty();
        let mut found = None;
        for j in 0..n.saturating_sub(1) {
            let w = f.word(&words[j]);
            let g = if j == 0 && matches!(w, "وكان" | "وكانت" | "كان" | "كانت") {
                // `وكان X قد فعل`: X is the subject.
                (n > 2 && f.word(&words[2]) == "قد").then(|| w.ends_with('ت'))
            } else if j > 0 && f.word(&words[j - 1]) == "قد" {
                // `قد أكد دعمه`: the subject came before; an object follows.
                None
            } else {
                speaking_verb(w)
            };
            if g != Some(fem) || !plain_gap(j) {
                continue;
            }
            let name = f.word(&words[j + 1]);
            if not_a_name(name) || !name.chars().all(is_wordy) {
                continue;
            }
            let mut last = j + 1;
            let next_is = |m: usize, ok: &dyn Fn(&str) -> bool| {
                m < n && plain_gap(m - 1) && {
                    let w = f.word(&words[m]);
                    !not_a_name(w) && ok(w)
                }
            };
            if matches!(name, "عبد" | "ابو" | "ام" | "بن" | "ابن") && next_is(last + 1, &|_| true)
            {
                // A compound name: `عبد الله`, `أبو بكر`.
                last += 1;
            } else if AR_TITLES.contains(&name)
                || (name.ends_with('ه')
                    && !name.starts_with("ال")
                    && next_is(last + 1, &|w| w.starts_with("ال")))
            {
                // The phrase of a title or of a body (`وزارة الخارجية`):
                // `باسم X`, then up to two words with the article
                // (`وزير الدفاع الروسي`).
                if next_is(last + 1, &|w| w == "باسم") && next_is(last + 2, &|_| true) {
                    last += 2;
                }
                let head = last;
                while last < head + 2 && next_is(last + 1, &|w| w.starts_with("ال")) {
                    last += 1;
                }
            }
            found = Some(f.orig(words[j + 1].r.start)..f.orig(words[last].r.end));
        }
        if let Some(r) = found {
            return Some((k + 1, r));
        }
    }
    None
}

/// Words whose leading `و` is a conjunction (folded forms), dropped when
/// they open a key point.
const AR_WAW_VERBS: &[&str] = &[
    "وقال",
    "وقالت",
    "واضاف",
    "واضافت",
    "واكد",
    "واكدت",
    "واشار",
    "واشارت",
    "واوضح",
    "واوضحت",
    "واعلن",
    "واعلنت",
    "واعتبر",
    "واعتبرت",
    "وذكر",
    "وذكرت",
    "وتاتي",
    "وياتي",
    "وتتهم",
    "ويتهم",
    "وتنص",
    "وينص",
    "وحظي",
    "وحظيت",
    "وشهد",
    "وشهدت",
    "وتعد",
    "ويعد",
    "وتعتبر",
    "ويعتبر",
    "وتشير",
    "ويشير",
    "وتقول",
    "ويقول",
    "وتابع",
    "وتابعت",
    "واتهم",
    "واتهمت",
    "وطالب",
    "وطالبت",
    "ودعا",
    "ودعت",
    "وتوفي",
    "واصدر",
    "واصدرت",
    "وترشح",
    "وجمع",
    "وتعامل",
    "واعربت",
    "واعرب",
    "وافاد",
    "وافادت",
    "وتضم",
    "ويضم",
    "وتمكن",
    "وتمكنت",
    "واستطاع",
    "وبلغ",
    "وبلغت",
    "ويبلغ",
    "وتبلغ",
    "وانتقد",
    "وانتقدت",
    "ونفي",
    "ونفت",
    "واكتفي",
    "ولفت",
    "ولفتت",
    "ونشر",
    "ونشرت",
];

/// Attribution tail openers (folded, first word or phrase after the comma).
const AR_ATTRIB: &[&str] = &[
    "حسب",
    "بحسب",
    "حسبما",
    "وفق",
    "وفقا",
    "طبقا",
    "نقلا عن",
    "على حد قوله",
    "علي حد قوله",
    "علي حد تعبيره",
    "على حد تعبيره",
    "كما افادت",
    "كما ذكرت",
    "كما افاد",
    "كما ذكر",
];

/// A view whose holder is only a pronoun: where the speaker's name goes
/// (folded byte offset), whether the verb is feminine, and what the name
/// replaces (English: the pronoun).
struct View {
    at: usize,
    fem: bool,
    replaces: Option<Range<usize>>,
}

fn arabic_rules(f: &Folded, words: &[W], del: &mut Vec<Range<usize>>, orig: &str) -> Option<View> {
    let n = words.len();
    let mut view = None;
    // 1. Leading markers, repeatedly ("وفي وقت سابق من اليوم، وكان ...").
    let mut i = 0;
    loop {
        // A view verb whose subject is only a pronoun (its أن follows, or
        // على/إلى and أن): it stays, and its holder will be named after it.
        if let Some((Saying::View, fem)) = saying(f.word(&words[i]))
            // A damma marks the passive (`وزُعم أن`: it was claimed): no holder.
            && !f.orig_text(orig, &words[i]).contains('\u{064F}')
            && i + 1 < n
            && !has_comma(f.gap_after(words, i))
            && (matches!(f.word(&words[i + 1]), "ان" | "انه" | "انها" | "انهم")
                || (matches!(f.word(&words[i + 1]), "علي" | "الي")
                    && i + 2 < n
                    && f.word(&words[i + 2]) == "ان"))
        {
            view = Some(View {
                at: words[i].r.end,
                fem,
                replaces: None,
            });
            break;
        }
        let k = longest_at(f, words, i, AR_LEAD).or_else(|| {
            // Verb of saying immediately followed by أن / إن.
            (i + 1 < n
                && saying(f.word(&words[i])).is_some_and(|(c, _)| c == Saying::Report)
                && matches!(f.word(&words[i + 1]), "ان" | "الي")
                && !has_comma(f.gap_after(words, i)))
            .then(|| {
                if f.word(&words[i + 1]) == "الي" {
                    3
                } else {
                    2
                }
            })
            .filter(|&k| k == 2 || (i + 2 < n && f.word(&words[i + 2]) == "ان"))
        });
        let Some(k) = k else { break };
        if i + k >= n {
            break;
        }
        // `وكان X قد فعل` → `X فعل`: with كان gone, its قد goes too.
        if matches!(f.word(&words[i]), "وكان" | "وكانت")
            && let Some(q) = (i + k + 1..(i + k + 6).min(n.saturating_sub(1)))
                .find(|&q| f.word(&words[q]) == "قد")
        {
            del.push(words[q].r.start..words[q + 1].r.start);
        }
        // Delete up to the start of the next word (eats the comma after it),
        // but not an opening quote: `وأضاف أن "..."` keeps its quotation marks.
        let next = words[i + k].r.start;
        let gap_start = words[i + k - 1].r.end;
        let end = f.s[gap_start..next]
            .find(['"', '«', '“', '('])
            .map_or(next, |q| gap_start + q);
        del.push(words[i].r.start..end);
        i += k;
    }
    // 5. A conjunction و on the (new) first word.
    if i < n {
        let w = f.word(&words[i]);
        let letters = w.chars().count();
        let strip = AR_WAW_VERBS.contains(&w)
            || (view.is_some() && w.starts_with('و'))
            || (w.starts_with("وو") && letters >= 4)
            || (w.starts_with("وال")
                && letters >= 5
                && !w.starts_with("والد")
                && !w.starts_with("والي"));
        if strip {
            let s = words[i].r.start;
            del.push(s..s + 'و'.len_utf8());
        }
    }
    let first_content = i;
    // 2./3. Tails: attribution, or a quote introduced by قائلا.
    let mut tail_at = None;
    for j in first_content.max(1)..n {
        if !has_comma(f.gap_before(words, j)) {
            continue;
        }
        let w = f.word(&words[j]);
        let attrib =
            longest_at(f, words, j, AR_ATTRIB).is_some() || (w == "وفقا" || w.starts_with("وفقا"));
        let quote = matches!(w, "قايلا" | "قايله" | "قائلا" | "قائله")
            || matches!(
                w,
                "مشيرا"
                    | "مشيره"
                    | "مضيفا"
                    | "مضيفه"
                    | "موكدا"
                    | "مؤكدا"
                    | "موكده"
                    | "مؤكده"
                    | "موضحا"
                    | "موضحه"
                    | "لافتا"
                    | "لافته"
            );
        if attrib || quote {
            tail_at = Some(j);
            break;
        }
    }
    let content_end = if let Some(j) = tail_at {
        // From the comma before word j to the final punctuation.
        del.push(comma_before(f, words, j)..tail_end(f, words));
        j
    } else {
        n
    };
    // 4. Time words inside the kept part.
    let mut j = first_content;
    while j < content_end {
        let w = f.word(&words[j]);
        let mut span: Option<(usize, usize)> = None; // word indices [a, b)
        let weekday_at = |k: usize| k < content_end && AR_WEEKDAYS.contains(&f.word(&words[k]));
        if w == "امس" {
            let a = if j > first_content
                && matches!(
                    f.word(&words[j - 1]),
                    "صباح" | "مساء" | "ليل" | "ليله" | "يوم" | "ظهر"
                )
                && !has_comma(f.gap_before(words, j))
            {
                j - 1
            } else {
                j
            };
            let mut b = j + 1;
            if weekday_at(b) || (b < content_end && f.word(&words[b]) == "الاول") {
                b += 1;
            }
            span = Some((a, b));
        } else if w == "اليوم" || w == "غدا" || w == "يوم" {
            let pre = j > first_content
                && matches!(f.word(&words[j - 1]), "صباح" | "مساء" | "ظهر")
                && !has_comma(f.gap_before(words, j));
            let a = if pre { j - 1 } else { j };
            if weekday_at(j + 1) {
                span = Some((a, j + 2));
            } else if w == "اليوم" && pre {
                span = Some((a, j + 1));
            } else if w == "اليوم"
                && j > 0
                && has_comma(f.gap_before(words, j))
                && has_comma(f.gap_after(words, j))
            {
                span = Some((j, j + 1));
            }
        }
        if let Some((a, b)) = span {
            // Never delete the whole kept part, nor its first word when it
            // starts the sentence (the rest may read as a fragment).
            if a > first_content || b < content_end {
                del.push(time_range(f, words, a, b));
            }
            j = b;
        } else {
            j += 1;
        }
    }
    view
}

/// The folded byte range to delete for time words `[a, b)`, handling the
/// commas around them: `X، أمس الجمعة، في Y` → `X في Y`; `X، أمس، وY` →
/// `X، وY`; `X أمس في Y` → `X في Y`.
fn time_range(f: &Folded, words: &[W], a: usize, b: usize) -> Range<usize> {
    let comma_before = a > 0 && has_comma(f.gap_before(words, a));
    let comma_after = b < words.len() && has_comma(f.gap_after(words, b - 1));
    let next_is_waw = b < words.len() && f.word(&words[b]).starts_with('و');
    let start = if comma_before {
        self::comma_before(f, words, a)
    } else {
        words[a].r.start
    };
    let end = if b >= words.len() {
        words[b - 1].r.end
    } else if comma_before && comma_after && next_is_waw {
        // Keep one comma before the conjunction: delete ", أمس" up to the comma.
        words[b - 1].r.end
    } else {
        // Delete through the following gap (comma and space) to the next word.
        words[b].r.start
    };
    if comma_before && !comma_after && b < words.len() {
        // "X، أمس في Y": drop the comma too, then resume at the next word.
        return start..words[b].r.start;
    }
    start..end
}

const EN_LEAD: &[&str] = &[
    "meanwhile",
    "earlier",
    "earlier today",
    "in addition",
    "however",
    "also",
    "separately",
    "on the other hand",
    "in the meantime",
];
const EN_TIME: &[&str] = &["yesterday", "today", "tonight"];
const EN_DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// English verbs of opinion: `He argued that ...` names its holder.
const EN_VIEW: &[&str] = &[
    "argued",
    "argues",
    "believes",
    "believed",
    "claimed",
    "claims",
    "insisted",
    "insists",
    "warned",
    "warns",
    "maintained",
    "maintains",
    "contended",
    "contends",
    "suggested",
    "suggests",
    "considers",
    "considered",
    "thinks",
    "thought",
    "stressed",
    "asserted",
    "asserts",
    "predicted",
    "predicts",
    "denied",
    "denies",
    "accused",
];

/// Plural subjects that open English sentences with a capital: never the
/// holder of a `He argued` view.
const EN_GROUPS: &[&str] = &[
    "officials",
    "police",
    "authorities",
    "analysts",
    "experts",
    "critics",
    "witnesses",
    "residents",
    "sources",
    "reports",
    "researchers",
    "scientists",
    "doctors",
    "lawyers",
    "prosecutors",
    "investigators",
    "protesters",
    "observers",
    "diplomats",
    "officers",
    "ministers",
    "leaders",
    "people",
    "many",
    "some",
    "others",
    "both",
];

/// English verbs after or before which a speaker is named.
const EN_SPEAKING: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "stated",
    "announced",
    "explained",
    "noted",
    "wrote",
];

/// The speaker named in the nearest of `before` (at most three back): the
/// capitalised word right before a verb of saying (`Belousov said`), or the
/// last of the capitalised words right after it (`said Andrei Belousov`).
fn en_speaker(before: &[&str]) -> Option<(usize, Range<usize>)> {
    for (k, s) in before.iter().take(3).enumerate() {
        let f = Folded::new(s);
        let words = f.words();
        let n = words.len();
        let capital = |j: usize| {
            s[f.orig(words[j].r.start)..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        };
        let plain_gap = |j: usize| f.gap_after(&words, j).trim().is_empty();
        let mut found = None;
        for j in 0..n {
            let w = f.word(&words[j]);
            if !EN_SPEAKING.contains(&w) && !EN_VIEW.contains(&w) {
                continue;
            }
            // Not a person's name: pronouns, articles, and the plural
            // groups that open sentences with a capital (`Officials said`).
            let pronoun = |x: usize| {
                matches!(
                    f.word(&words[x]),
                    "he" | "she" | "they" | "it" | "the" | "we" | "i"
                ) || EN_GROUPS.contains(&f.word(&words[x]))
            };
            let who = if j > 0 && capital(j - 1) && plain_gap(j - 1) && !pronoun(j - 1) {
                Some(j - 1)
            } else if j + 1 < n && capital(j + 1) && plain_gap(j) && !pronoun(j + 1) {
                let mut m = j + 1;
                while m + 1 < n && capital(m + 1) && plain_gap(m) {
                    m += 1;
                }
                Some(m)
            } else {
                None
            };
            if let Some(x) = who {
                found = Some(f.orig(words[x].r.start)..f.orig(words[x].r.end));
            }
        }
        if let Some(r) = found {
            return Some((k + 1, r));
        }
    }
    None
}

fn english_rules(f: &Folded, words: &[W], del: &mut Vec<Range<usize>>) -> Option<View> {
    let n = words.len();
    // `He argued that ...`: the holder of the view is named for the pronoun.
    let view = (n > 3
        && matches!(f.word(&words[0]), "he" | "she")
        && EN_VIEW.contains(&f.word(&words[1]))
        && f.gap_after(words, 0).trim().is_empty())
    .then(|| View {
        at: words[1].r.start,
        fem: false,
        replaces: Some(words[0].r.start..words[1].r.start),
    });
    let mut i = 0;
    if let Some(k) = longest_at(f, words, 0, EN_LEAD)
        && k < n
        && has_comma(f.gap_after(words, k - 1))
    {
        del.push(words[0].r.start..words[k].r.start);
        i = k;
    }
    let mut content_end = n;
    for j in (i + 1)..n {
        if !has_comma(f.gap_before(words, j)) {
            continue;
        }
        let attrib = phrase_at(f, words, j, "according to")
            || (n - j <= 4
                && words[j..]
                    .iter()
                    .any(|w| matches!(f.word(w), "said" | "told" | "reported")));
        if attrib {
            del.push(comma_before(f, words, j)..tail_end(f, words));
            content_end = j;
            break;
        }
    }
    let mut j = i;
    while j < content_end {
        let w = f.word(&words[j]);
        let span = if EN_TIME.contains(&w) {
            Some((j, j + 1))
        } else if w == "on" && j + 1 < content_end && EN_DAYS.contains(&f.word(&words[j + 1])) {
            Some((j, j + 2))
        } else {
            None
        };
        if let Some((a, b)) = span {
            if a > i && b <= content_end {
                del.push(time_range(f, words, a, b));
            }
            j = b;
        } else {
            j += 1;
        }
    }
    view
}

/// Removes `del` (original byte ranges) from `s` and tidies the joins.
/// `insert`, when given, is a speaker's name to put at byte `at` of `s`:
/// (at, how many sentences back, its span there, the earlier sentences).
fn assemble(
    s: &str,
    mut del: Vec<Range<usize>>,
    insert: Option<(usize, usize, Range<usize>, &[&str])>,
) -> Compressed {
    del.sort_by_key(|r| r.start);
    let mut pieces: Vec<Range<usize>> = Vec::new();
    let mut at = 0;
    for r in del {
        if r.start > at {
            pieces.push(at..r.start);
        }
        at = at.max(r.end);
    }
    if at < s.len() {
        pieces.push(at..s.len());
    }
    // The name goes between two pieces: split the one it falls inside.
    if let Some((p, ..)) = insert
        && let Some(k) = pieces.iter().position(|r| r.start < p && p < r.end)
    {
        let r = pieces[k].clone();
        pieces[k] = r.start..p;
        pieces.insert(k + 1, p..r.end);
    }
    // Trim whitespace from each piece; drop empty ones.
    let mut trimmed: Vec<Range<usize>> = Vec::new();
    for p in pieces {
        let t = &s[p.clone()];
        let a = p.start + (t.len() - t.trim_start().len());
        let b = p.start + t.trim_end().len();
        if b > a {
            trimmed.push(a..b);
        }
    }
    let is_content = |r: &Range<usize>| s[r.clone()].chars().any(char::is_alphanumeric);
    // A content piece followed by punctuation only (or nothing) loses a
    // dangling comma at its end.
    for k in 0..trimmed.len() {
        let next_is_content = trimmed.get(k + 1).is_some_and(is_content);
        if is_content(&trimmed[k]) && !next_is_content {
            let t = &s[trimmed[k].clone()];
            let cut = t.trim_end_matches(['،', ',', '؛', ';', ':', ' ']).len();
            trimmed[k].end = trimmed[k].start + cut;
        }
    }
    // The pieces the name goes before (all of them when it goes at the end).
    let name_before = insert.as_ref().map(|(p, ..)| {
        trimmed
            .iter()
            .position(|r| r.start >= *p)
            .unwrap_or(trimmed.len())
    });
    let mut text = String::new();
    let mut speaker = None;
    let put_name = |text: &mut String| {
        if let Some((_, back, span, before)) = &insert {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&before[back - 1][span.clone()]);
        }
    };
    for (k, r) in trimmed.iter().enumerate() {
        if name_before == Some(k) {
            put_name(&mut text);
        }
        let t = &s[r.clone()];
        let glue = !text.is_empty() && t.chars().next().is_some_and(char::is_alphanumeric)
            || !text.is_empty() && t.starts_with(['"', '«', '(', '“']);
        if glue {
            text.push(' ');
        }
        text.push_str(t);
    }
    if name_before == Some(trimmed.len()) {
        put_name(&mut text);
    }
    if let (Some(k), Some((_, back, span, _))) = (name_before, &insert) {
        speaker = Some(Speaker {
            back: *back,
            span: span.clone(),
            at: trimmed[..k].iter().filter(|r| is_content(r)).count(),
        });
    }
    // The sentence keeps a final stop if it had one (a deleted tail may have
    // taken a closing quote that stood before it).
    let had_stop = s
        .trim_end()
        .ends_with(|c: char| is_terminal(c) || matches!(c, '"' | '»' | '”' | ')'));
    if had_stop && !text.ends_with(is_terminal) && !text.ends_with(['"', '»', '”', ')']) {
        text.push('.');
    }
    let kept = trimmed.into_iter().filter(is_content).collect();
    Compressed {
        text,
        kept,
        speaker,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ar(s: &str) -> String {
        compress(s, Lang::Ar).text
    }

    /// Every kept range is real text of the sentence, and the display text is
    /// made of exactly those pieces plus punctuation and spaces.
    fn check_spans(s: &str) {
        let c = compress(s, Lang::Ar);
        let mut joined = String::new();
        for r in &c.kept {
            assert!(s.get(r.clone()).is_some(), "bad range {r:?}");
            joined.push_str(&s[r.clone()]);
        }
        let strip = |t: &str| {
            t.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        };
        assert_eq!(strip(&joined), strip(&c.text), "{s}");
    }

    #[test]
    fn attribution_tails() {
        assert_eq!(
            ar("ووصف كيم القرار بأنه تدخل مباشر في النزاع، وفق وكالة الأنباء الكورية الشمالية."),
            "وصف كيم القرار بأنه تدخل مباشر في النزاع."
        );
        assert_eq!(
            ar("ارتفعت أسعار النفط بنسبة خمسة في المئة، بحسب ما أعلنت وزارة الطاقة."),
            "ارتفعت أسعار النفط بنسبة خمسة في المئة."
        );
        assert_eq!(
            ar("قتل ثلاثة أشخاص في انفجار وسط المدينة، وفقاً لمصادر أمنية."),
            "قتل ثلاثة أشخاص في انفجار وسط المدينة."
        );
    }

    #[test]
    fn time_words() {
        assert_eq!(
            ar("اجتمع الوزير مع نظيره، أمس الجمعة، في العاصمة واتفقا على التعاون."),
            "اجتمع الوزير مع نظيره في العاصمة واتفقا على التعاون."
        );
        assert_eq!(
            ar("وصل الرئيس إلى القاهرة صباح اليوم الأحد في زيارة رسمية."),
            "وصل الرئيس إلى القاهرة في زيارة رسمية."
        );
        assert_eq!(
            ar("التقى الوزير بالسفير، أمس، واتفقا على مواصلة المحادثات."),
            "التقى الوزير بالسفير، واتفقا على مواصلة المحادثات."
        );
        // "اليوم" as a noun stays.
        let s = "وفي اليوم الثاني من المعرض أقام الفنان ورشة فنية للطلبة.";
        assert!(ar(s).contains("اليوم الثاني"), "{}", ar(s));
    }

    #[test]
    fn leading_markers() {
        assert_eq!(
            ar("وفي وقت سابق من اليوم، وصل الوزير إلى العاصمة في زيارة غير معلنة."),
            "وصل الوزير إلى العاصمة في زيارة غير معلنة."
        );
        assert_eq!(
            ar("وكان الوزير قد أكد توسيع التعاون العسكري بين البلدين."),
            "الوزير أكد توسيع التعاون العسكري بين البلدين."
        );
        assert_eq!(
            ar("وكانت موسكو وبيونغ يانغ قد وقعتا على اتفاقية الشراكة في يونيو."),
            "موسكو وبيونغ يانغ وقعتا على اتفاقية الشراكة في يونيو."
        );
        assert_eq!(
            ar("وأضاف أن الحكومة ستعلن خطة جديدة للإصلاح الاقتصادي."),
            "الحكومة ستعلن خطة جديدة للإصلاح الاقتصادي."
        );
        assert!(ar("وتيرة العمل في المشروع تسارعت هذا الشهر كثيرا.").starts_with("وتيرة"));
        assert!(ar("ويليام هيغ يزور القاهرة في جولة إقليمية واسعة.").starts_with("ويليام"));
        assert!(ar("واحد من كل ثلاثة مواطنين يعمل في الزراعة هناك.").starts_with("واحد"));
        // وصل: the و is part of the root and stays.
        assert!(ar("وصل الوزير إلى العاصمة في زيارة رسمية.").starts_with("وصل"));
        assert_eq!(
            ar("وقال الوزير إن الخطة جاهزة للتنفيذ."),
            "قال الوزير إن الخطة جاهزة للتنفيذ."
        );
    }

    #[test]
    fn closing_quotes_survive_tail_cuts() {
        assert_eq!(
            ar("ووصف كيم القرار بأنه \"تدخل عسكري مباشر في النزاع\"، وفق وكالة الأنباء."),
            "وصف كيم القرار بأنه \"تدخل عسكري مباشر في النزاع\"."
        );
        assert_eq!(
            ar("ونشرت الصحيفة مقالا بعنوان \"الطريق إلى السلام\"، أمس الخميس، في صفحتها الأولى."),
            "نشرت الصحيفة مقالا بعنوان \"الطريق إلى السلام\" في صفحتها الأولى."
        );
    }

    #[test]
    fn elaboration_tail() {
        assert_eq!(
            ar(
                "وكان الوزير قد أكد توسيع التعاون العسكري بين البلدين، مشيراً إلى عزم الطرفين تحقيق كافة الاتفاقات."
            ),
            "الوزير أكد توسيع التعاون العسكري بين البلدين."
        );
    }

    #[test]
    fn quote_tail() {
        assert_eq!(
            ar("لمح الرئيس إلى صحة هذه الأنباء، قائلاً في تصريحات صحافية: \"لم نشك يوما\"."),
            "لمح الرئيس إلى صحة هذه الأنباء."
        );
    }

    #[test]
    fn keeps_stubs_whole() {
        // Trimming would leave three words: keep the sentence.
        let s = "وصل الوزير أمس، حسب ما نقلت وكالة الأنباء الرسمية عن مصادر مطلعة.";
        assert_eq!(ar(s), s);
    }

    #[test]
    fn long_sentences_lose_long_tails() {
        let s = "لمح الرئيس إلى صحة هذه الأنباء، قائلا في تصريحات صحافية في ختام القمة التي انعقدت في المدينة في نهاية الشهر الماضي: \"لم يراودنا يوما الشك في أن الجيران يتعاملون مع الاتفاقات بجدية، لكن ماذا سنفعل فهذا أمر يخصنا وحدنا\".";
        assert_eq!(ar(s), "لمح الرئيس إلى صحة هذه الأنباء.");
    }

    #[test]
    fn quotes_keep_their_marks() {
        let s = "وأضاف أن \"الحكومة ستعلن خطة جديدة للإصلاح الاقتصادي\".";
        assert_eq!(ar(s), "\"الحكومة ستعلن خطة جديدة للإصلاح الاقتصادي\".");
        check_spans(s);
    }

    #[test]
    fn spans_point_at_kept_text() {
        for s in [
            "اجتمع وزير الدفاع أندريه بيلاوسوف مع الزعيم، أمس الجمعة، في بيونغ يانغ، واتفقا على تعزيز التعاون، حسب ما نقلت \"فرانس برس\" عن وسائل إعلام رسمية.",
            "وفي وقت سابق من اليوم، وصل الوزير إلى العاصمة، وفق ما كشفت عنه الوزارة صباح اليوم الجمعة.",
            "جملة عادية بلا شيء يحذف منها أبدا.",
            "مَرحباً بِكُم، أمس الخميس، في المَعرض الدولي للكتاب.",
        ] {
            check_spans(s);
        }
    }

    #[test]
    fn diacritics_do_not_hide_markers() {
        assert_eq!(
            ar("قُتِلَ ثلاثة أشخاص في انفجار وسط المدينة، وَفْقاً لمصادر أمنية."),
            "قُتِلَ ثلاثة أشخاص في انفجار وسط المدينة."
        );
    }

    #[test]
    fn english() {
        let c = compress(
            "Meanwhile, the minister met his counterpart on Friday in Pyongyang, according to state media.",
            Lang::En,
        );
        assert_eq!(c.text, "the minister met his counterpart in Pyongyang.");
    }

    #[test]
    fn other_languages_untouched() {
        let s = "Der Minister traf gestern seinen Amtskollegen, laut Berichten.";
        assert_eq!(compress(s, Lang::Other).text, s);
    }

    #[test]
    fn odd_input() {
        assert_eq!(compress("", Lang::Ar).text, "");
        assert_eq!(compress("   ", Lang::Ar).kept, vec![]);
        assert_eq!(compress("...", Lang::Ar).text, "...");
        assert_eq!(compress("،،، حسب", Lang::Ar).text, "،،، حسب");
    }

    /// `compress_in` with earlier sentences (nearest first): the text, and
    /// the speaker's name as its span reads in the sentence it came from.
    fn held(s: &str, before: &[&str]) -> (String, Option<String>) {
        let c = compress_in(s, Lang::Ar, before);
        check_spans_in(s, &c);
        let who = c
            .speaker
            .as_ref()
            .map(|sp| before[sp.back - 1][sp.span.clone()].to_string());
        (c.text, who)
    }

    fn check_spans_in(s: &str, c: &Compressed) {
        for r in &c.kept {
            assert!(s.get(r.clone()).is_some(), "bad range {r:?}");
        }
        if let Some(sp) = &c.speaker {
            assert!(sp.at <= c.kept.len());
        }
    }

    const VIEW: &str = "واعتبر أن الاتفاق الجديد يخدم مصالح البلدين على المدى البعيد.";

    #[test]
    fn a_view_keeps_its_holder_from_the_sentence_before() {
        let before = "وقال الوزير خلال لقائه السفراء إن المحادثات كانت صريحة.";
        let c = compress_in(VIEW, Lang::Ar, &[before]);
        assert_eq!(
            c.text,
            "اعتبر الوزير أن الاتفاق الجديد يخدم مصالح البلدين على المدى البعيد."
        );
        // Pieces: the verb (its و dropped), the name from the sentence
        // before, then the content; every span exact.
        let pieces: Vec<&str> = c.kept.iter().map(|r| &VIEW[r.clone()]).collect();
        assert_eq!(
            pieces,
            [
                "اعتبر",
                "أن الاتفاق الجديد يخدم مصالح البلدين على المدى البعيد."
            ]
        );
        let sp = c.speaker.unwrap();
        assert_eq!((sp.back, sp.at, &before[sp.span]), (1, 1, "الوزير"));
    }

    #[test]
    fn a_report_drops_its_verb_a_view_never_does() {
        // قال/أضاف + أن: the content is the reported fact.
        assert_eq!(
            held("وأضاف أن الحكومة ستعلن خطة جديدة للإصلاح الاقتصادي.", &[]).0,
            "الحكومة ستعلن خطة جديدة للإصلاح الاقتصادي."
        );
        // اعتبر + أن with no one named before: the verb stays, the view is
        // not stated as fact.
        assert_eq!(
            held(VIEW, &[]),
            (
                "اعتبر أن الاتفاق الجديد يخدم مصالح البلدين على المدى البعيد.".into(),
                None
            )
        );
        // Every view verb of the table, masculine and feminine.
        for (verb, class, _) in AR_SAYING {
            if *class == Saying::View {
                let s = format!("{verb} أن الاتفاق الجديد يخدم مصالح البلدين على المدى البعيد.");
                assert!(!held(&s, &[]).0.starts_with("الاتفاق"), "{s}");
            }
        }
    }

    #[test]
    fn the_holder_agrees_in_gender() {
        let fem = "وقالت الوزارة في بيان إن الوفد وصل إلى العاصمة.";
        let masc = "وقال السفير إن الزيارة كانت ناجحة جدا.";
        // The nearest speaker is feminine; اعتبر (he) takes the one before.
        assert_eq!(held(VIEW, &[fem, masc]).1.as_deref(), Some("السفير"));
        let s = "واعتبرت أن الاتفاق الجديد يخدم مصالح البلدين على المدى البعيد.";
        assert_eq!(held(s, &[fem, masc]).1.as_deref(), Some("الوزارة"));
    }

    #[test]
    fn titles_and_bodies_keep_their_phrase() {
        for (before, who) in [
            (
                "وقال وزير الدفاع الروسي خلال المؤتمر إن التدريبات انتهت.",
                "وزير الدفاع الروسي",
            ),
            (
                "وقال المتحدث باسم الحكومة إن الخطة جاهزة.",
                "المتحدث باسم الحكومة",
            ),
            (
                "وأكدت وزارة الخارجية في بيان أن السفير عاد.",
                "وزارة الخارجية",
            ),
            ("وقال عبد الله في كلمته إن العمل مستمر.", "عبد الله"),
            ("وكان الرئيس قد أكد دعمه للخطة في وقت سابق.", "الرئيس"),
        ] {
            let s = if who == "وزارة الخارجية" {
                "واعتبرت أن الاتفاق الجديد يخدم مصالح البلدين على المدى البعيد."
            } else {
                VIEW
            };
            assert_eq!(held(s, &[before]).1.as_deref(), Some(who), "{before}");
        }
    }

    #[test]
    fn time_words_and_passives_name_no_one() {
        // "الأربعاء" after قال is a day, not a speaker.
        let before = "وقال الأربعاء إن الوفد سيصل قريبا إلى المدينة.";
        assert_eq!(held(VIEW, &[before]).1, None);
        // وزُعم أن: "it was claimed", a passive; nobody holds it.
        let s = "وزُعم أن الوفد وصل سرا إلى العاصمة قبل يومين.";
        let (text, who) = held(s, &["وقال الوزير إن الوفد لم يصل بعد."]);
        assert_eq!((text.as_str(), who), (s, None));
    }

    #[test]
    fn a_named_holder_stays_and_prepositions_are_kept() {
        // The holder is in the sentence: nothing is borrowed.
        assert_eq!(
            held("وأكد الوزير أن الخطة ستنجح رغم الصعوبات الكثيرة.", &[]),
            (
                "أكد الوزير أن الخطة ستنجح رغم الصعوبات الكثيرة.".into(),
                None
            )
        );
        let before = "وقال رئيس الوزراء في كلمته إن الحكومة مستمرة.";
        assert_eq!(
            held(
                "وشدد على أن الإصلاحات ستطال كل الوزارات دون استثناء.",
                &[before]
            )
            .0,
            "شدد رئيس الوزراء على أن الإصلاحات ستطال كل الوزارات دون استثناء."
        );
    }

    #[test]
    fn english_views_keep_their_holder() {
        let before = "Belousov said on Friday that the talks had gone well.";
        let s = "He argued that the treaty lowers the risk of a new war in the region.";
        let c = compress_in(s, Lang::En, &[before]);
        assert_eq!(
            c.text,
            "Belousov argued that the treaty lowers the risk of a new war in the region."
        );
        let sp = c.speaker.clone().unwrap();
        assert_eq!((&before[sp.span], sp.at), ("Belousov", 0));
        assert_eq!(
            &s[c.kept[0].clone()],
            "argued that the treaty lowers the risk of a new war in the region."
        );
        // A group is not the holder of his view.
        assert_eq!(
            compress_in(s, Lang::En, &["Officials said the talks went well."]).text,
            s
        );
        // Named after the verb, too; and with no one named, the pronoun stays.
        let before = "\"We are ready,\" said Defence Minister Andrei Belousov.";
        assert!(
            compress_in(s, Lang::En, &[before])
                .text
                .starts_with("Belousov argued")
        );
        assert_eq!(compress_in(s, Lang::En, &[]).text, s);
        // A report keeps its pronoun: nothing changes.
        let r = "He said that the treaty lowers the risk of a new war.";
        assert_eq!(compress_in(r, Lang::En, &["Belousov said so."]).text, r);
    }

    /// The byte fast paths of `Folded::new` give the folding char by char.
    #[test]
    fn folding_by_bytes_is_folding_by_chars() {
        let by_chars = |orig: &str| {
            let (mut s, mut map) = (String::new(), Vec::new());
            for (i, c) in orig.char_indices() {
                if step::is_diacritic(c) || c == step::TATWEEL || step::is_control(c) {
                    continue;
                }
                let c = step::fold_ta_marbuta(step::fold_ya(step::fold_alef(c)));
                for lc in c.to_lowercase() {
                    map.extend(std::iter::repeat_n(i, lc.len_utf8()));
                    s.push(lc);
                }
            }
            map.push(orig.len());
            (s, map)
        };
        for t in [
            "وَقالَ الوزيرُ إنّ «الخطة» جاهزة، أمس الجمعة، في بيروت.",
            "إلى مصطفى وآمنة ومكتبة ٢٠٢٤ ــ ﻻ \u{200F}x",
            "The U.N. said İstanbul ΣΊΣΥΦΟΣ 12.5% on Friday.",
            "",
        ] {
            let f = Folded::new(t);
            assert_eq!((f.s.clone(), f.map.clone()), by_chars(t), "{t}");
        }
    }

    use proptest::prelude::Strategy;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        /// Any sentence after any sentences: no panic, every kept range and
        /// the borrowed name are real text of the sentence they name.
        #[test]
        fn never_panics_and_spans_hold(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(vec![
                        "واعتبر", "واعتبرت", "وقال", "وقالت", "وأكد", "وشدد", "على", "أن", "إن",
                        "الوزير", "وزير", "الدفاع", "باسم", "عبد", "وكان", "قد", "الجمعة", "وزُعم",
                        "He", "argued", "said", "Belousov", "that", "،", ",", ".", "\"", "«",
                        "»", " ", "  ", "ـ", "َ", "وفق", "أمس", "وزارة", "الخارجية",
                    ]).prop_map(String::from),
                    "\\PC{0,4}",
                ],
                0..24,
            ),
            cut in 0usize..24,
        ) {
            let cut = cut.min(parts.len());
            let before = parts[..cut].join(" ");
            let s = parts[cut..].join(" ");
            for lang in [Lang::Ar, Lang::En] {
                let c = compress_in(&s, lang, &[&before, &before]);
                for r in &c.kept {
                    proptest::prop_assert!(s.get(r.clone()).is_some());
                }
                if let Some(sp) = &c.speaker {
                    proptest::prop_assert!(sp.back >= 1 && sp.back <= 2);
                    proptest::prop_assert!(before.get(sp.span.clone()).is_some());
                    proptest::prop_assert!(sp.at <= c.kept.len());
                    proptest::prop_assert!(c.text.contains(&before[sp.span.clone()]));
                }
            }
        }
    }
}
