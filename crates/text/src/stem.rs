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

/// Prefixes, longest first. `و` or `ف` alone is taken only from words of
/// five or more letters. `light_stem` reads them split by first letter
/// (`prefixes_of`); the tests check the split against this list.
#[cfg(test)]
const PREFIXES: &[&str] = &[
    "وبال", "وكال", "ولل", "وال", "فال", "بال", "كال", "لل", "ال",
];

/// Suffixes, longest first, read split by last letter (`suffixes_of`).
#[cfg(test)]
const SUFFIXES: &[&str] = &[
    "تهما", "كما", "هما", "تها", "ات", "ان", "ين", "ون", "ها", "هم", "هن", "كم", "نا", "يه", "يا",
    "ه", "ي",
];

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The prefixes of [`PREFIXES`] that start with `c`, in the same order.
fn prefixes_of(c: char) -> &'static [&'static str] {
    match c {
        'و' => &["وبال", "وكال", "ولل", "وال"],
        'ف' => &["فال"],
        'ب' => &["بال"],
        'ك' => &["كال"],
        'ل' => &["لل"],
        'ا' => &["ال"],
        _ => &[],
    }
}

/// The suffixes of [`SUFFIXES`] that end with `c`, in the same order.
fn suffixes_of(c: char) -> &'static [&'static str] {
    match c {
        'ا' => &["تهما", "كما", "هما", "تها", "ها", "نا", "يا"],
        'ت' => &["ات"],
        'ن' => &["ان", "ين", "ون", "هن"],
        'م' => &["هم", "كم"],
        'ه' => &["يه", "ه"],
        'ي' => &["ي"],
        _ => &[],
    }
}

/// The light stem of one normalised Arabic word; other words come back as they are.
pub fn light_stem(word: &str) -> &str {
    let mut w = word;
    let Some(first) = w.chars().next() else {
        return w;
    };
    if !crate::tokenize::is_arabic_script(first) {
        return w;
    }
    // Every affix is made of two-byte letters, so a strip takes `len / 2`
    // letters off the count, which is taken once. Only the affixes that
    // share the word's first (last) letter are tried: this is the hot loop.
    let mut n = chars(w);
    for p in prefixes_of(first) {
        if let Some(rest) = w.strip_prefix(p)
            && n - p.len() / 2 >= 2
        {
            w = rest;
            n -= p.len() / 2;
            break;
        }
    }
    if w.len() == word.len() {
        // No article: a lone conjunction و or ف may still be glued on.
        if let Some(rest) = w.strip_prefix('و').or_else(|| w.strip_prefix('ف')) {
            // Four letters at least, or "وزير" would lose its first letter.
            if n > 4 {
                w = rest;
                n -= 1;
            }
        }
    }
    // Up to two suffixes: "اتفاقياتها" → "اتفاقيات" → "اتفاقي" → (ي) "اتفاق".
    for _ in 0..2 {
        let mut stripped = false;
        let last = w.chars().next_back().unwrap_or_default();
        for s in suffixes_of(last) {
            if let Some(rest) = w.strip_suffix(s) {
                // Longer suffixes need a longer stem: "تعاون" is not "تعا" + "ون".
                let k = s.len() / 2;
                let min = if k == 1 { 3 } else { 4 };
                if n - k >= min {
                    w = rest;
                    n -= k;
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

/// The stem a search index uses: [`light_stem`], then a lone preposition
/// `ب ل ك` glued to the front is taken off when four letters or more remain
/// (`بصواريخها` → `صواريخ`, `لبنان` → `بنان`). For search only: the merge is
/// worth a few wrong conflations (`برنامج` → `رنامج`, harmless since every
/// spelling of the word gets the same stem) because a search that misses a
/// word glued to a preposition misses the article.
///
/// It is a function of the light stem, so words light stemming puts
/// together stay together: `كتاب` and `كتابه` (light stem `كتاب`, three
/// letters after `ك`) keep their `ك`.
///
/// Expects normalised input, as [`light_stem`] does.
///
/// ```
/// use khulasa_text::stem::search_stem;
/// assert_eq!(search_stem("بصواريخها"), "صواريخ");
/// assert_eq!(search_stem("وبصواريخ"), "صواريخ");
/// assert_eq!(search_stem("كتابه"), "كتاب");
/// assert_eq!(search_stem("التعاون"), "تعاون");
/// ```
pub fn search_stem(word: &str) -> &str {
    let w = light_stem(word);
    match w.strip_prefix(['ب', 'ل', 'ك']) {
        Some(rest) if chars(rest) >= 4 => rest,
        _ => w,
    }
}

#[cfg(test)]
mod tests {
    use super::{PREFIXES, SUFFIXES, light_stem, prefixes_of, search_stem, suffixes_of};
    use proptest::prelude::*;

    /// The lookup tables are the lists, split by first (last) letter, each
    /// in list order: the first affix that fits is the same either way.
    #[test]
    fn tables_are_the_lists_by_letter() {
        let letters = ['و', 'ف', 'ب', 'ك', 'ل', 'ا', 'ت', 'ن', 'م', 'ه', 'ي'];
        let np: usize = letters.iter().map(|&c| prefixes_of(c).len()).sum();
        let ns: usize = letters.iter().map(|&c| suffixes_of(c).len()).sum();
        assert_eq!((np, ns), (PREFIXES.len(), SUFFIXES.len()));
        for c in ['و', 'ف', 'ب', 'ك', 'ل', 'ا', 'ت', 'ن', 'م', 'ه', 'ي', 'س'] {
            let p: Vec<&str> = PREFIXES
                .iter()
                .copied()
                .filter(|p| p.starts_with(c))
                .collect();
            assert_eq!(prefixes_of(c), p, "{c}");
            let s: Vec<&str> = SUFFIXES
                .iter()
                .copied()
                .filter(|s| s.ends_with(c))
                .collect();
            assert_eq!(suffixes_of(c), s, "{c}");
        }
        assert!(
            PREFIXES
                .iter()
                .chain(SUFFIXES)
                .all(|a| a.len() == 2 * a.chars().count())
        );
    }

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

    /// Search stems: each row's words share one stem.
    #[test]
    fn search_stems_meet_across_clitics() {
        let rows: &[&[&str]] = &[
            &["صواريخ", "بصواريخها", "وبصواريخ", "الصواريخ", "بالصواريخ"],
            &["لبنان", "ولبنان", "للبنان"],
            &["كتاب", "كتابه", "الكتاب", "بالكتاب"],
            &["لاعب", "لاعبين", "اللاعبون"],
        ];
        for row in rows {
            let want = search_stem(row[0]);
            for w in *row {
                assert_eq!(search_stem(w), want, "{w}");
            }
        }
        assert_eq!(search_stem("بحر"), "بحر");
        assert_eq!(search_stem("news"), "news");
    }

    /// The stemmer as first written (a letter count per strip), kept to
    /// check that counting once gives the same stems.
    fn reference(word: &str) -> &str {
        use super::{PREFIXES, SUFFIXES, chars};
        let mut w = word;
        if !w
            .chars()
            .next()
            .is_some_and(crate::tokenize::is_arabic_script)
        {
            return w;
        }
        for p in PREFIXES {
            if let Some(rest) = w.strip_prefix(p)
                && chars(rest) >= 2
            {
                w = rest;
                break;
            }
        }
        if w.len() == word.len()
            && let Some(rest) = w.strip_prefix('و').or_else(|| w.strip_prefix('ف'))
            && chars(rest) >= 4
        {
            w = rest;
        }
        for _ in 0..2 {
            let mut stripped = false;
            for s in SUFFIXES {
                if let Some(rest) = w.strip_suffix(s) {
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]

        #[test]
        fn same_stems_as_the_reference(
            word in proptest::collection::vec(
                proptest::prop_oneof![
                    8 => proptest::sample::select("اوفبكلهمنيتىةأء".chars().collect::<Vec<_>>()),
                    2 => proptest::char::range('\u{0621}', '\u{064A}'),
                    1 => proptest::char::any(),
                ],
                0..12,
            ).prop_map(|v| v.into_iter().collect::<String>())
        ) {
            proptest::prop_assert_eq!(light_stem(&word), reference(&word));
        }
    }
}
