//! Which script a character belongs to, and what a digit is worth.
//!
//! One home for the character tests that routing (which voice reads a word),
//! verbalising (which characters make a number) and diacritisation (which
//! letters carry a mark) share. Pure `char` predicates, no tables.
//!
//! ```
//! use khulasa_text::script::{digit_value, is_arabic_letter, is_arabic_mark};
//! assert!(is_arabic_letter('ب') && !is_arabic_letter('\u{064E}'));
//! assert!(is_arabic_mark('\u{064E}'));
//! assert_eq!(digit_value('٣'), Some(3));
//! ```

/// True for Arabic letters (not marks, not digits, not punctuation),
/// presentation forms included.
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}'
        | '\u{06FA}'..='\u{06FC}' | '\u{FB50}'..='\u{FDFB}' | '\u{FE70}'..='\u{FEFC}')
}

/// True for the Arabic combining marks a word is vocalised with (harakat,
/// tanwin, shadda, sukun, dagger alef) and the Quranic signs after them.
/// Narrower than [`crate::normalize::step::is_diacritic`], which also strips
/// the honorific signs U+0610–U+061A for matching.
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

/// True for Latin letters: ASCII and Latin-1 / Latin Extended-A and -B,
/// without the `×` and `÷` signs that sit in that block.
pub fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\u{00C0}'..='\u{024F}' if c != '\u{00D7}' && c != '\u{00F7}')
}

/// Value of a decimal digit in ASCII, Arabic-Indic (`٠`–`٩`) or Eastern
/// Arabic-Indic (`۰`–`۹`); `None` for anything else.
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_marks_and_digits_are_told_apart() {
        for c in "ءابتثجحخدذرزسشصضطظعغفقكلمنهوىيةأإآٱپچگ".chars()
        {
            assert!(is_arabic_letter(c), "{c} is a letter");
            assert!(!is_arabic_mark(c), "{c} is not a mark");
        }
        for c in [
            '\u{064B}', '\u{064E}', '\u{0650}', '\u{0651}', '\u{0652}', '\u{0670}',
        ] {
            assert!(is_arabic_mark(c), "U+{:04X} is a mark", c as u32);
            assert!(!is_arabic_letter(c), "U+{:04X} is not a letter", c as u32);
        }
        for c in ['ـ', '،', '؟', '٣', '5', 'a'] {
            assert!(!is_arabic_letter(c), "{c} is not an Arabic letter");
        }
    }

    #[test]
    fn latin_letters_exclude_the_math_signs() {
        assert!(is_latin_letter('a') && is_latin_letter('Z') && is_latin_letter('é'));
        assert!(!is_latin_letter('×') && !is_latin_letter('÷') && !is_latin_letter('ب'));
        assert!(!is_latin_letter('1'));
    }

    #[test]
    fn digits_in_three_scripts() {
        assert_eq!(digit_value('7'), Some(7));
        assert_eq!(digit_value('٠'), Some(0));
        assert_eq!(digit_value('٩'), Some(9));
        assert_eq!(digit_value('۴'), Some(4));
        assert_eq!(digit_value('x'), None);
        assert_eq!(digit_value('٫'), None);
    }
}
