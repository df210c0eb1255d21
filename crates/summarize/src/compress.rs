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
    }
}

/// Trimming that would leave fewer words than this keeps the sentence whole.
pub const MIN_WORDS_KEPT: usize = 5;

/// Trims `sentence` as described in the module docs. `lang` picks the rule
/// set; [`Lang::Other`] keeps the sentence whole.
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
    let f = Folded::new(sentence);
    let words = f.words();
    if words.is_empty() {
        return keep_whole(sentence);
    }
    let mut del: Vec<Range<usize>> = Vec::new(); // ranges in folded bytes
    match lang {
        Lang::Ar => arabic_rules(&f, &words, &mut del),
        Lang::En => english_rules(&f, &words, &mut del),
        Lang::Other => {}
    }
    if del.is_empty() {
        return keep_whole(sentence);
    }
    let del: Vec<Range<usize>> = del
        .into_iter()
        .map(|r| f.orig(r.start)..f.orig(r.end))
        .collect();
    let out = assemble(sentence, del);
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
        for (i, c) in orig.char_indices() {
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

/// True when the words starting at `i` spell `phrase` (space-separated, folded).
fn phrase_at(f: &Folded, words: &[W], i: usize, phrase: &str) -> bool {
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

/// Verbs of saying that, directly followed by `أن`/`إن`, are dropped with it.
const AR_SAY: &[&str] = &[
    "واضاف",
    "واضافت",
    "وقال",
    "وقالت",
    "واكد",
    "واكدت",
    "واوضح",
    "واوضحت",
    "وتابع",
    "وتابعت",
    "واعتبر",
    "واعتبرت",
    "وذكر",
    "وذكرت",
    "واعلن",
    "واعلنت",
    "ورأي",
    "وراي",
    "ورات",
];

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

fn arabic_rules(f: &Folded, words: &[W], del: &mut Vec<Range<usize>>) {
    let n = words.len();
    // 1. Leading markers, repeatedly ("وفي وقت سابق من اليوم، وكان ...").
    let mut i = 0;
    loop {
        let k = longest_at(f, words, i, AR_LEAD).or_else(|| {
            // Verb of saying immediately followed by أن / إن.
            (i + 1 < n
                && AR_SAY.contains(&f.word(&words[i]))
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

fn english_rules(f: &Folded, words: &[W], del: &mut Vec<Range<usize>>) {
    let n = words.len();
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
}

/// Removes `del` (original byte ranges) from `s` and tidies the joins.
fn assemble(s: &str, mut del: Vec<Range<usize>>) -> Compressed {
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
    let mut text = String::new();
    for r in &trimmed {
        let t = &s[r.clone()];
        let glue = !text.is_empty() && t.chars().next().is_some_and(char::is_alphanumeric)
            || !text.is_empty() && t.starts_with(['"', '«', '(', '“']);
        if glue {
            text.push(' ');
        }
        text.push_str(t);
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
    Compressed { text, kept }
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
}
