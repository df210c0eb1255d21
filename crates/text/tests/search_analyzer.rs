//! The search analyzer's morphology table: each row is a query and a word of
//! an article that must meet in a search index (or must not). The cases are
//! ours: clitics, sound plurals and duals, hamza forms, diacritised and
//! tatweel'd queries, English inflection.

use khulasa_text::Analyzer;

fn terms(a: &Analyzer, s: &str) -> Vec<String> {
    a.terms(s).into_iter().map(|t| t.text).collect()
}

/// (query, text of an article, why they must meet)
const MEET: &[(&str, &str, &str)] = &[
    // proclitics: conjunction, prepositions, the article
    ("تعاون", "التعاون", "the article"),
    ("صواريخ", "بصواريخها", "preposition + pronoun"),
    (
        "صواريخ",
        "وبالصواريخ",
        "conjunction + preposition + article",
    ),
    ("اتفاق", "للاتفاق", "lil- (li + al)"),
    ("حكومه", "فالحكومة", "fa + al"),
    ("لبنان", "ولبنان", "conjunction before a name"),
    ("مدينه", "كالمدينة", "ka + al"),
    // suffix pronouns
    ("سياره", "سيارتها", "her car"),
    ("كتاب", "كتابهم", "their book"),
    // sound plurals and duals
    ("معلم", "المعلمون", "masculine plural, nominative"),
    ("معلم", "معلمين", "masculine plural, oblique"),
    ("اتفاقيه", "الاتفاقيات", "feminine plural"),
    ("مسؤول", "المسؤولان", "dual"),
    // hamza forms
    ("أحمد", "احمد", "hamza on alef"),
    ("إسرائيل", "اسرائيل", "hamza under alef"),
    ("مسئول", "مسؤول", "hamza seats ya / waw"),
    ("القرآن", "القران", "madda"),
    ("مستشفى", "مستشفي", "alef maqsura"),
    // diacritised and stretched queries
    ("الحُكُومَةُ", "الحكومة", "harakat"),
    ("مُدَرِّسَة", "المدرسة", "shadda"),
    ("الحكـــومة", "حكومة", "tatweel"),
    ("٢٠٢٤", "2024", "Arabic-Indic digits"),
    // English
    ("missile", "Missiles", "plural, case"),
    ("elections", "election", "plural"),
    ("running", "runs", "inflection"),
    ("negotiated", "negotiations", "derivation"),
];

/// (query, word, why they must stay apart)
const APART: &[(&str, &str, &str)] = &[
    ("وزير", "زير", "و is part of the word"),
    ("كتاب", "تاب", "ك is part of the word"),
    ("بحر", "حر", "ب is part of a short word"),
    ("تعاون", "تعا", "ون is part of the word"),
    ("سلام", "سلم", "different words"),
];

#[test]
fn morphology_table() {
    let a = Analyzer::search();
    let mut failed = Vec::new();
    for (q, w, why) in MEET {
        let (tq, tw) = (terms(&a, q), terms(&a, w));
        if tq.is_empty() || tq != tw {
            failed.push(format!("{q} / {w} ({why}): {tq:?} ≠ {tw:?}"));
        }
    }
    for (q, w, why) in APART {
        let (tq, tw) = (terms(&a, q), terms(&a, w));
        if tq == tw {
            failed.push(format!("{q} / {w} must differ ({why}): both {tq:?}"));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// Stop words stay in place (a phrase must find its words side by side);
/// the query side leaves them out of loose words.
#[test]
fn stop_words_are_kept_in_place() {
    let a = Analyzer::search();
    assert_eq!(terms(&a, "وزير الخارجية في لبنان").len(), 4);
    assert_eq!(terms(&a, "the capital").len(), 2);
}

#[test]
fn spans_point_at_the_original_words() {
    let a = Analyzer::search();
    let text = "وقّع الوزيرُ بصواريخها";
    let spans: Vec<&str> = a
        .terms(text)
        .iter()
        .map(|t| &text[t.span.start..t.span.end])
        .collect();
    assert_eq!(spans, ["وقّع", "الوزيرُ", "بصواريخها"]);
}
