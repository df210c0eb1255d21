//! The Arabic rules: leading markers, the holder of a view, attribution and
//! quote tails, empty time words, a conjunction `و` on the first word.

use super::lexicon::*;
use super::{View, attribution_cut, comma_before, has_comma, longest_at};
use khulasa_text::folded::{Folded, is_wordy};
use std::ops::Range;

/// Verbs that name a speaker right after them in an earlier sentence
/// (`وقال بيلاوسوف`, `وأكدت الوزارة`): every verb of the table, without
/// or with its `و`/`ف`, and a few more; feminine or not.
fn speaking_verb(word: &str) -> Option<bool> {
    let base = word
        .strip_prefix('و')
        .or_else(|| word.strip_prefix('ف'))
        .unwrap_or(word);
    AR_SAYING
        .iter()
        .map(|&(w, _, fem)| (&w['و'.len_utf8()..], fem))
        .chain(AR_SPEAKING_MORE.iter().copied())
        .find(|(w, _)| *w == base || *w == word)
        .map(|(_, fem)| fem)
}

/// True when `w` (folded) cannot be or extend a speaker's name: one of
/// [`AR_NOT_A_NAME`] or a weekday.
fn not_a_name(w: &str) -> bool {
    AR_NOT_A_NAME.contains(&w) || AR_WEEKDAYS.contains(&w)
}

/// The speaker named in the nearest of `before` (at most three sentences
/// back) whose gender agrees (`fem`): the subject right after a verb of
/// saying (`وقال بيلاوسوف`, `وأضافت الوزارة`), or of `وكان X قد`. A title
/// takes the words of its phrase with it (`وزير الدفاع الروسي`). Returns
/// (how many sentences back, the name's byte range there).
pub(super) fn speaker(before: &[&str], fem: bool) -> Option<(usize, Range<usize>)> {
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
            found = Some(f.orig(words[j + 1].start)..f.orig(words[last].end));
        }
        if let Some(r) = found {
            return Some((k + 1, r));
        }
    }
    None
}

/// The referent of a bare title (`الوزير`, given as `وزير`): its phrase in
/// the nearest of `before` (at most three back) that names it (`وزير
/// الخارجية المصري`, `ووزير الدفاع`), the title and up to two words with
/// the article after it. Returns (how many sentences back, the phrase's
/// byte range there).
pub(super) fn titled(before: &[&str], title: &str) -> Option<(usize, Range<usize>)> {
    for (k, s) in before.iter().take(3).enumerate() {
        let f = Folded::new(s);
        let words = f.words();
        let n = words.len();
        let plain_gap = |j: usize| f.gap_after(&words, j).trim().is_empty();
        let Some(j) = (0..n).find(|&j| {
            let w = f.word(&words[j]);
            w == title || w.strip_prefix('و') == Some(title)
        }) else {
            continue;
        };
        // `وزير` alone names no one: it needs what it is minister of.
        let mut last = j;
        while last < j + 2
            && last + 1 < n
            && plain_gap(last)
            && f.word(&words[last + 1]).starts_with("ال")
            && !not_a_name(f.word(&words[last + 1]))
        {
            last += 1;
        }
        if last == j {
            continue;
        }
        // A leading `و` is not part of the name.
        let start = f.orig(words[j].start)
            + if f.word(&words[j]) == title {
                0
            } else {
                'و'.len_utf8()
            };
        return Some((k + 1, start..f.orig(words[last].end)));
    }
    None
}

/// A `و` that is a conjunction on a verb or a preposition outside
/// [`AR_WAW_VERBS`]: the word (`original`, and `folded`) opens with `وت`,
/// `وأ` or `وإ` and has at least five letters (`وتستخدم`, `وأطلقت`,
/// `وأمام`). Words whose `و` is a root letter rarely open so; `وي` and
/// `ون` are left alone, as they open transliterated names (`ويليام`,
/// `ونستون`).
fn waw_on_verb(original: &str, folded: &str) -> bool {
    (original.starts_with("وت") || original.starts_with("وأ") || original.starts_with("وإ"))
        && folded.chars().count() >= 5
        && !AR_WAW_ROOT.contains(&folded)
}

pub(super) fn rules(
    f: &Folded,
    words: &[Range<usize>],
    del: &mut Vec<Range<usize>>,
    orig: &str,
    editor: bool,
) -> Option<View> {
    let n = words.len();
    let mut view = None;
    // 1. Leading markers, repeatedly ("وفي وقت سابق من اليوم، وكان ...").
    let mut i = 0;
    loop {
        // A view verb whose subject is only a pronoun (its أن follows, or
        // على/إلى and أن): it stays, and its holder will be named after it.
        // A report verb with `أنه`/`أنها` after it (`وأضاف أنه "..."`) is
        // one too: its bare `أن` form is dropped as a marker below, but
        // this one cannot be, and without its holder it leans on the
        // sentence before.
        if let Some((class, fem)) = saying(f.word(&words[i]))
            // A damma marks the passive (`وزُعم أن`: it was claimed): no holder.
            && !f.orig_text(orig, &words[i]).contains('\u{064F}')
            && i + 1 < n
            && !has_comma(f.gap_after(words, i))
            && match class {
                Saying::View => {
                    matches!(f.word(&words[i + 1]), "ان" | "انه" | "انها" | "انهم")
                        || (matches!(f.word(&words[i + 1]), "علي" | "الي")
                            && i + 2 < n
                            && f.word(&words[i + 2]) == "ان")
                }
                Saying::Report => matches!(f.word(&words[i + 1]), "انه" | "انها" | "انهم"),
            }
        {
            view = Some(View {
                at: words[i].end,
                fem,
                replaces: None,
                title: None,
            });
            break;
        }
        // Editor rules: a verb of saying whose subject is a bare title
        // (`وأضاف الوزير أن`): the title gives way to the referent's name.
        if editor
            && i + 2 < n
            && let Some(fem) = speaking_verb(f.word(&words[i]))
            && f.gap_after(words, i).trim().is_empty()
            && let Some(t) = f
                .word(&words[i + 1])
                .strip_prefix("ال")
                .and_then(|t| AR_TITLES.iter().find(|x| **x == t))
            && !f.word(&words[i + 2]).starts_with("ال")
        {
            view = Some(View {
                at: words[i].end,
                fem,
                replaces: Some(words[i + 1].start..words[i + 2].start),
                title: Some(t),
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
            del.push(words[q].start..words[q + 1].start);
        }
        // Delete up to the start of the next word (eats the comma after it),
        // but not an opening quote: `وأضاف أن "..."` keeps its quotation marks.
        let next = words[i + k].start;
        let gap_start = words[i + k - 1].end;
        let end = f.as_str()[gap_start..next]
            .find(['"', '«', '“', '('])
            .map_or(next, |q| gap_start + q);
        del.push(words[i].start..end);
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
        if w == "و" && i + 1 < n {
            // A conjunction typed apart from its word (`و يدخل`).
            del.push(words[i].start..words[i + 1].start);
        } else if strip || waw_on_verb(f.orig_text(orig, &words[i]), w) {
            let s = words[i].start;
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
        let quote = AR_QUOTE_TAILS.contains(&w);
        if attrib || quote {
            tail_at = Some(j);
            break;
        }
    }
    let content_end = if let Some(j) = tail_at {
        // From the comma before word j to the final punctuation, or to the
        // next comma when a clause of its own follows an attribution
        // (`، بحسب مسؤولين، ليزيد عدد القتلى إلى 62`); a quote tail always
        // runs to the end.
        let quote = AR_QUOTE_TAILS.contains(&f.word(&words[j]));
        del.push(attribution_cut(
            f,
            words,
            j,
            (!quote).then_some(j + 1),
            |k| {
                longest_at(f, words, k, AR_ATTRIB).is_none()
                    && !AR_QUOTE_TAILS.contains(&f.word(&words[k]))
                    && !f.word(&words[k]).starts_with("وفقا")
            },
        ));
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
        } else if AR_WEEKDAYS.contains(&w)
            && j > first_content
            && j + 1 < content_end
            && matches!(f.word(&words[j + 1]), "ان" | "انه" | "انها" | "انهم")
            && !has_comma(f.gap_after(words, j))
        {
            // A bare weekday between the speaker and what was said
            // (`قال الرئيس السبت إن`).
            span = Some((j, j + 1));
        } else if AR_WEEKDAYS.contains(&w) && j > first_content && has_comma(f.gap_before(words, j))
        {
            // A weekday set off by commas, alone or with `الماضي`/`المقبل`
            // (`أمرت، الاثنين الماضي، شركات`).
            let b = if j + 1 < content_end
                && matches!(f.word(&words[j + 1]), "الماضي" | "المقبل" | "القادم")
            {
                j + 2
            } else {
                j + 1
            };
            if b < content_end && has_comma(f.gap_after(words, b - 1)) {
                span = Some((j, b));
            }
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
pub(super) fn time_range(f: &Folded, words: &[Range<usize>], a: usize, b: usize) -> Range<usize> {
    let comma_before = a > 0 && has_comma(f.gap_before(words, a));
    let comma_after = b < words.len() && has_comma(f.gap_after(words, b - 1));
    let next_is_waw = b < words.len() && f.word(&words[b]).starts_with('و');
    let start = if comma_before {
        self::comma_before(f, words, a)
    } else {
        words[a].start
    };
    // Punctuation other than a comma after them (`اليوم السبت: "...`)
    // belongs to what follows: delete from the end of the word before, up
    // to it, so the colon and the opening quote stay.
    if b < words.len()
        && f.gap_after(words, b - 1)
            .chars()
            .any(|c| !c.is_whitespace() && !matches!(c, '،' | ','))
    {
        let start = if comma_before || a == 0 {
            start
        } else {
            words[a - 1].end
        };
        return start..words[b - 1].end;
    }
    let end = if b >= words.len() {
        words[b - 1].end
    } else if comma_before && comma_after && next_is_waw {
        // Keep one comma before the conjunction: delete ", أمس" up to the comma.
        words[b - 1].end
    } else {
        // Delete through the following gap (comma and space) to the next word.
        words[b].start
    };
    if comma_before && !comma_after && b < words.len() {
        // "X، أمس في Y": drop the comma too, then resume at the next word.
        return start..words[b].start;
    }
    start..end
}
