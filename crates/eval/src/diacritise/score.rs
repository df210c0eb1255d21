//! Word and diacritic error rates of one predicted word against its
//! accepted forms.
//!
//! A letter is scored on its set of marks: harakat, tanween, shadda, sukun
//! (U+064B–U+0652). Hamza above / below and madda are spelling, not marks,
//! and the dagger alef is left out too (the gold columns disagree on it:
//! `هَذِهِ` / `هَٰذِهِ`). Every Arabic letter counts, one with no mark
//! included. "Without case ending" leaves out each word's last letter.
//! The lenient variant drops sukun on both sides, so a silent letter left
//! bare counts as right (writers and models often omit the sukun).

use unicode_normalization::UnicodeNormalization;

const SUKUN: char = '\u{0652}';

fn is_mark(c: char) -> bool {
    ('\u{064B}'..='\u{0652}').contains(&c)
}

/// The marks of each Arabic letter of `word`, sorted (NFD, so `أ` is
/// alef + hamza and its letter is scored like `ا`).
pub fn letter_marks(word: &str, lenient: bool) -> Vec<Vec<char>> {
    let mut out: Vec<Vec<char>> = Vec::new();
    let mut in_letter = false;
    for c in word.nfd() {
        if khulasa_text::is_arabic_letter(c) {
            out.push(Vec::new());
            in_letter = true;
        } else if is_mark(c) {
            if in_letter
                && !(lenient && c == SUKUN)
                && let Some(last) = out.last_mut()
            {
                last.push(c);
            }
        } else if !khulasa_text::is_arabic_mark(c) && !matches!(c, '\u{0653}'..='\u{0655}') {
            in_letter = false;
        }
    }
    for m in &mut out {
        m.sort_unstable();
        m.dedup();
    }
    out
}

/// Errors in one word against one gold form: `(letters wrong, letters wrong
/// leaving out the last letter)`, out of the gold's letter count. A
/// prediction with a different number of letters is wrong on every letter.
fn errors(pred: &[Vec<char>], gold: &[Vec<char>]) -> (usize, usize) {
    if pred.len() != gold.len() {
        return (gold.len(), gold.len().saturating_sub(1));
    }
    let wrong: Vec<bool> = pred.iter().zip(gold).map(|(p, g)| p != g).collect();
    let all = wrong.iter().filter(|w| **w).count();
    let last = wrong.last().copied().unwrap_or(false) as usize;
    (all, all - last)
}

/// Counts for one variant (strict or lenient).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Words scored.
    pub words: usize,
    /// Words with any letter wrong against every gold form.
    pub words_wrong: usize,
    /// Words wrong when the last letter (the case ending) is left out.
    pub words_wrong_no_case: usize,
    /// Letters scored (of the best-matching gold form).
    pub letters: usize,
    /// Letters wrong against the best-matching gold form.
    pub letters_wrong: usize,
    /// Letters scored leaving out each word's last letter.
    pub letters_no_case: usize,
    /// Errors among those.
    pub letters_wrong_no_case: usize,
}

impl Counts {
    /// Adds one word: `pred` as the diacritiser returned it, `golds` the
    /// accepted forms. The word is right if it matches any of them; its
    /// letters are scored against the one it matches best.
    pub fn add(&mut self, pred: &str, golds: &[String], lenient: bool) {
        let p = letter_marks(pred, lenient);
        let mut best: Option<(usize, usize, usize)> = None; // (wrong, wrong_nc, letters)
        for g in golds {
            let g = letter_marks(g, lenient);
            let (e, enc) = errors(&p, &g);
            let cand = (e, enc, g.len());
            best = Some(match best {
                None => cand,
                Some(b) => (
                    b.0.min(cand.0),
                    b.1.min(cand.1),
                    if cand.0 < b.0 { cand.2 } else { b.2 },
                ),
            });
        }
        let Some((e, enc, letters)) = best else {
            return;
        };
        self.words += 1;
        self.words_wrong += (e > 0) as usize;
        self.words_wrong_no_case += (enc > 0) as usize;
        self.letters += letters;
        self.letters_wrong += e;
        self.letters_no_case += letters.saturating_sub(1);
        self.letters_wrong_no_case += enc;
    }

    /// Word error rate, counting the case ending.
    pub fn wer(&self) -> f64 {
        ratio(self.words_wrong, self.words)
    }
    /// Word error rate, leaving out the case ending.
    pub fn wer_no_case(&self) -> f64 {
        ratio(self.words_wrong_no_case, self.words)
    }
    /// Diacritic error rate, counting the case ending.
    pub fn der(&self) -> f64 {
        ratio(self.letters_wrong, self.letters)
    }
    /// Diacritic error rate, leaving out the case ending.
    pub fn der_no_case(&self) -> f64 {
        ratio(self.letters_wrong_no_case, self.letters_no_case)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(pred: &str, golds: &[&str], lenient: bool) -> Counts {
        let golds: Vec<String> = golds.iter().map(|s| s.to_string()).collect();
        let mut c = Counts::default();
        c.add(pred, &golds, lenient);
        c
    }

    #[test]
    fn a_word_is_right_if_it_matches_any_gold_form() {
        let c = one("الْبْرِيطَانِيَّةُ", &["الْبِرِيطَانِيَّةُ", "الْبْرِيطَانِيَّةُ"], false);
        assert_eq!((c.words, c.words_wrong, c.letters_wrong), (1, 0, 0));
        let c = one("الْبُرِيطَانِيَّةُ", &["الْبِرِيطَانِيَّةُ", "الْبْرِيطَانِيَّةُ"], false);
        assert_eq!((c.words_wrong, c.letters_wrong), (1, 1));
    }

    #[test]
    fn the_case_ending_is_the_last_letter() {
        let c = one("الْوَلَدَ", &["الْوَلَدُ"], false);
        assert_eq!((c.words_wrong, c.words_wrong_no_case), (1, 0));
        assert_eq!(
            (
                c.letters,
                c.letters_wrong,
                c.letters_no_case,
                c.letters_wrong_no_case
            ),
            (5, 1, 4, 0)
        );
        let c = one("الْوُلَدُ", &["الْوَلَدُ"], false);
        assert_eq!((c.words_wrong, c.words_wrong_no_case), (1, 1));
    }

    #[test]
    fn lenient_treats_a_missing_sukun_as_sukun() {
        assert_eq!(one("الوَلَدُ", &["الْوَلَدُ"], false).words_wrong, 1);
        assert_eq!(one("الوَلَدُ", &["الْوَلَدُ"], true).words_wrong, 0);
        // A wrong vowel is still wrong.
        assert_eq!(one("الوِلَدُ", &["الْوَلَدُ"], true).words_wrong, 1);
    }

    #[test]
    fn hamza_and_dagger_alef_are_spelling_not_marks() {
        // rawi restores hamza on a bare alef; the letters still line up.
        assert_eq!(one("أَعْلَنَتْ", &["أَعْلَنَتْ"], false).words_wrong, 0);
        assert_eq!(one("اَعْلَنَتْ", &["أَعْلَنَتْ"], false).words_wrong, 0);
        assert_eq!(one("هَذِهِ", &["هَٰذِهِ"], false).words_wrong, 0);
        // Shadda with its vowel in either order.
        assert_eq!(one("الشَّمْس", &["الشّمْس"], false).words_wrong, 1);
        assert_eq!(
            one("ش\u{0651}\u{064E}", &["ش\u{064E}\u{0651}"], false).words_wrong,
            0
        );
    }

    #[test]
    fn a_different_letter_count_is_wrong_everywhere() {
        let c = one("كَتَبَ", &["كَاتَبَ"], false);
        assert_eq!((c.words_wrong, c.letters, c.letters_wrong), (1, 4, 4));
    }
}
