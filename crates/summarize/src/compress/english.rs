//! The English rules: leading markers, attribution tails, time words, and
//! the holder of a `He argued that ...` view.

use super::arabic::time_range;
use super::lexicon::*;
use super::{View, attribution_cut, has_comma, longest_at, phrase_at};
use crate::junk::lexicon::EN_BARE_TITLES;
use khulasa_text::folded::Folded;
use std::ops::Range;

/// The speaker named in the nearest of `before` (at most three back): the
/// capitalised word right before a verb of saying (`Belousov said`), or the
/// last of the capitalised words right after it (`said Andrei Belousov`).
pub(super) fn speaker(before: &[&str]) -> Option<(usize, Range<usize>)> {
    for (k, s) in before.iter().take(3).enumerate() {
        let f = Folded::new(s);
        let words = f.words();
        let n = words.len();
        let capital = |j: usize| {
            s[f.orig(words[j].start)..]
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
                found = Some(f.orig(words[x].start)..f.orig(words[x].end));
            }
        }
        if let Some(r) = found {
            return Some((k + 1, r));
        }
    }
    None
}

pub(super) fn rules(
    f: &Folded,
    words: &[Range<usize>],
    del: &mut Vec<Range<usize>>,
    editor: bool,
) -> Option<View> {
    let n = words.len();
    let plain = |j: usize| f.gap_after(words, j).trim().is_empty();
    let w = |j: usize| words.get(j).map_or("", |r| f.word(r));
    // `He argued that ...`: the holder of the view is named for the pronoun.
    // Under the editor rules, so is the speaker of `He said ...` and of `The
    // minister said ...` (a bare title).
    let verb = |x: &str| EN_VIEW.contains(&x) || (editor && EN_SPEAKING.contains(&x));
    let view = if n > 3 && matches!(w(0), "he" | "she") && verb(w(1)) && plain(0) {
        Some(View {
            at: words[1].start,
            fem: false,
            replaces: Some(words[0].start..words[1].start),
            title: None,
        })
    } else if editor
        && n > 4
        && w(0) == "the"
        && EN_BARE_TITLES.contains(&w(1))
        && !EN_NOT_A_PERSON.contains(&w(1))
        && EN_SPEAKING.contains(&w(2))
        && plain(0)
        && plain(1)
    {
        Some(View {
            at: words[2].start,
            fem: false,
            replaces: Some(words[0].start..words[2].start),
            title: None,
        })
    } else {
        None
    };
    let mut i = 0;
    if let Some(k) = longest_at(f, words, 0, EN_LEAD)
        && k < n
        && has_comma(f.gap_after(words, k - 1))
    {
        del.push(words[0].start..words[k].start);
        i = k;
    }
    let mut content_end = n;
    for j in (i + 1)..n {
        if !has_comma(f.gap_before(words, j)) {
            continue;
        }
        let according = phrase_at(f, words, j, "according to");
        let attrib = according
            || (n - j <= 4
                && words[j..]
                    .iter()
                    .any(|w| matches!(f.word(w), "said" | "told" | "reported")));
        if attrib {
            // `, according to X, bringing the toll to 62`: the clause after
            // the attribution is content (as in the Arabic rule).
            del.push(attribution_cut(
                f,
                words,
                j,
                according.then_some(j + 2),
                |k| !phrase_at(f, words, k, "according to"),
            ));
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
