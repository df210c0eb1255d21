//! Normalise with a byte map: a folded copy of a text whose every byte maps
//! back to the original, so a rule that matches on the folded form can cut
//! or keep exact byte ranges of the text a reader sees.
//!
//! The fold is the matching fold of [`normalize`](crate::normalize) minus
//! its length-changing steps: harakat, tatweel and invisible controls
//! removed, alef forms, `ى` and `ة` folded, lowercase. It is for matching
//! only; what is shown is always the original's bytes.
//!
//! ```
//! use khulasa_text::folded::Folded;
//! let text = "وقالَ الوزيرُ إنّ الخطة جاهزة.";
//! let f = Folded::new(text);
//! assert_eq!(f.as_str(), "وقال الوزير ان الخطه جاهزه.");
//! let words = f.words();
//! assert_eq!(f.word(&words[2]), "ان");
//! assert_eq!(f.orig_text(text, &words[2]), "إنّ");
//! ```

use crate::normalize::step;
use std::ops::Range;

/// The folded copy of a text with a byte map back to the original.
#[derive(Debug, Clone)]
pub struct Folded {
    s: String,
    /// For each byte of `s`, the original byte offset of its char; one extra
    /// entry for the end.
    map: Vec<usize>,
}

impl Folded {
    /// Folds `orig`. By default nothing else is done: no NFKC, no digit
    /// folding (those would change byte lengths the map would have to
    /// follow, and the rules matching on it do not need them).
    pub fn new(orig: &str) -> Folded {
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

    /// The folded text (for matching, never for display).
    pub fn as_str(&self) -> &str {
        &self.s
    }

    /// Original byte offset of folded byte `i` (`i == len` maps to the end;
    /// beyond it, clamped to the end).
    pub fn orig(&self, i: usize) -> usize {
        self.map[i.min(self.map.len() - 1)]
    }

    /// The words of the folded text (runs of letters and digits, an
    /// apostrophe inside a word kept: `don't`), as folded byte ranges.
    pub fn words(&self) -> Vec<Range<usize>> {
        self.first_words(usize::MAX)
    }

    /// The first `limit` of [`Folded::words`], read no further: for a rule
    /// that looks at how a text opens, or only needs to know it is long.
    pub fn first_words(&self, limit: usize) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in self.s.char_indices() {
            if out.len() == limit {
                return out;
            }
            let wordy = is_wordy(c) || c == '\'' && start.is_some();
            match (wordy, start) {
                (true, None) => start = Some(i),
                (false, Some(st)) => {
                    out.push(st..i);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(st) = start {
            out.push(st..self.s.len());
        }
        out
    }

    /// The folded text of word `w` (a range from [`Folded::words`]).
    pub fn word(&self, w: &Range<usize>) -> &str {
        &self.s[w.clone()]
    }

    /// The original text of word `w` (harakat and all). `orig` must be the
    /// text this view was built from.
    pub fn orig_text<'a>(&self, orig: &'a str, w: &Range<usize>) -> &'a str {
        &orig[self.orig(w.start)..self.orig(w.end)]
    }

    /// The non-word text between word `a` and the next word (or the end).
    pub fn gap_after(&self, words: &[Range<usize>], a: usize) -> &str {
        let end = words.get(a + 1).map_or(self.s.len(), |w| w.start);
        &self.s[words[a].end..end]
    }

    /// The non-word text between the word before `a` (or the start) and `a`.
    pub fn gap_before(&self, words: &[Range<usize>], a: usize) -> &str {
        let start = if a == 0 { 0 } else { words[a - 1].end };
        &self.s[start..words[a].start]
    }
}

/// Letter or digit, with fast paths for ASCII and the Arabic block
/// (`char::is_alphanumeric` walks a slow table for every non-ASCII char).
pub fn is_wordy(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        0x0621..=0x063A | 0x0641..=0x064A | 0x0660..=0x0669 | 0x0671..=0x06D3 | 0x06F0..=0x06F9 => {
            true
        }
        0x0600..=0x06FF => false,
        _ => c.is_alphanumeric(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte fast paths of `Folded::new` give the folding char by char.
    #[test]
    fn first_words_are_the_words_cut_short() {
        let f = Folded::new("وقال الوزير: don't stop, ٣ أيام");
        let all = f.words();
        assert_eq!(all.len(), 6);
        for k in 0..9 {
            assert_eq!(f.first_words(k), all[..k.min(all.len())]);
        }
        assert!(Folded::new("").first_words(3).is_empty());
    }

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

    #[test]
    fn wordy_agrees_with_std() {
        for c in ('\u{0}'..='\u{07FF}').chain("ـًٌٍَُِّْ٪،؛؟".chars()) {
            if c == 'ـ' || !(('\u{0600}'..='\u{06FF}').contains(&c)) {
                // Outside the Arabic block (and tatweel) the fast path is std's answer.
                if !(('\u{0600}'..='\u{06FF}').contains(&c)) {
                    assert_eq!(is_wordy(c), c.is_alphanumeric(), "{c:?}");
                }
                continue;
            }
            if is_wordy(c) {
                assert!(c.is_alphanumeric(), "{c:?} U+{:04X}", c as u32);
            }
        }
        assert!(is_wordy('ب') && is_wordy('٣') && !is_wordy('،') && !is_wordy('َ'));
    }

    #[test]
    fn words_and_gaps_map_back() {
        let t = "قالَ، «الوزيرُ» don't";
        let f = Folded::new(t);
        let w = f.words();
        assert_eq!(w.len(), 3);
        assert_eq!(f.orig_text(t, &w[1]), "الوزيرُ");
        assert_eq!(f.gap_after(&w, 0), "، «");
        assert_eq!(f.gap_before(&w, 0), "");
        assert_eq!(f.word(&w[2]), "don't");
        assert_eq!(f.orig(usize::MAX), t.len());
    }
}
