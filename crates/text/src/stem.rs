//! Light stemming for matching: strip the clitics and inflections that glue
//! onto an Arabic word, and nothing more.
//!
//! Full root extraction (and Snowball's Arabic stemmer) over-stems news
//! vocabulary: `وزير` → `زير`, `التعاون` → `تعا`. Here only the conjunction
//! `و`/`ف`, prepositions `ب ك ل` fused with the article, the article `ال`, and
//! common suffixes (dual, plural, feminine, possessive pronouns) are removed,
//! and only while a stem of at least two letters (three before one-letter
//! suffixes, four before longer ones) remains. The result is for matching only, never shown.
//!
//! Expects normalised input ([`crate::normalize::Normalizer::ar_match`]): ta
//! marbuta already folded to `ه`, alef forms to `ا`.
//!
//! ```
//! use khulasa_text::stem::light_stem;
//! assert_eq!(light_stem("والمدارس"), "مدارس");
//! assert_eq!(light_stem("وزير"), "وزير");
//! assert_eq!(light_stem("الاتفاقيات"), "اتفاق");
//! assert_eq!(light_stem("كتابها"), "كتاب");
//! ```

/// Prefixes, longest first. `و` or `ف` alone is taken only from words of five or more letters.
const PREFIXES: &[&str] = &[
    "وبال", "وكال", "ولل", "وال", "فال", "بال", "كال", "لل", "ال",
];

/// Suffixes, longest first.
const SUFFIXES: &[&str] = &[
    "تهما", "كما", "هما", "تها", "ات", "ان", "ين", "ون", "ها", "هم", "هن", "كم", "نا", "يه", "يا",
    "ه", "ي",
];

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The light stem of one normalised Arabic word; other words come back as they are.
pub fn light_stem(word: &str) -> &str {
    let mut w = word;
    if !w
        .chars()
        .next()
        .is_some_and(crate::tokenize::is_arabic_script)
    {
        return w;
    }
    for p in PREFIXES {
        // Compare the first letter's bytes before the whole prefix: most
        // words start with none of them, and this is the hot loop.
        if w.as_bytes().get(..2) != p.as_bytes().get(..2) {
            continue;
        }
        if let Some(rest) = w.strip_prefix(p)
            && chars(rest) >= 2
        {
            w = rest;
            break;
        }
    }
    if w.len() == word.len() {
        // No article: a lone conjunction و or ف may still be glued on.
        if let Some(rest) = w.strip_prefix('و').or_else(|| w.strip_prefix('ف')) {
            // Four letters at least, or "وزير" would lose its first letter.
            if chars(rest) >= 4 {
                w = rest;
            }
        }
    }
    // Up to two suffixes: "اتفاقياتها" → "اتفاقيات" → "اتفاقي" → (ي) "اتفاق".
    for _ in 0..2 {
        let mut stripped = false;
        let last = w.as_bytes().last();
        for s in SUFFIXES {
            if s.as_bytes().last() != last {
                continue;
            }
            if let Some(rest) = w.strip_suffix(s) {
                // Longer suffixes need a longer stem: "تعاون" is not "تعا" + "ون".
                let min = if chars(s) == 1 { 3 } else { 4 };
                if chars(rest) >= min {
                    w = rest;
                    stripped = true;
                    break;
                }
            }
        }
        if !stripped {
            break;
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::light_stem;

    #[test]
    fn keeps_short_and_foreign_words() {
        assert_eq!(light_stem("من"), "من");
        assert_eq!(light_stem("ال"), "ال");
        assert_eq!(light_stem("news"), "news");
        assert_eq!(light_stem(""), "");
    }

    #[test]
    fn does_not_over_stem_news_vocabulary() {
        assert_eq!(light_stem("وزير"), "وزير");
        assert_eq!(light_stem("التعاون"), "تعاون");
        assert_eq!(light_stem("الروسي"), "روس");
        assert_eq!(light_stem("للدفاع"), "دفاع");
    }

    #[test]
    fn same_stem_for_inflections() {
        assert_eq!(light_stem("المعلمون"), light_stem("معلمين"));
        assert_eq!(light_stem("بالاتفاقيه"), light_stem("الاتفاقيه"));
        assert_eq!(light_stem("وسيارتها"), "سيار");
        assert_eq!(light_stem("السياره"), "سيار");
    }
}
