//! Segmentation rules as data: each case is a text and the sentences it must
//! give, written by us in the style of Arabic news prose. Plus property tests
//! over arbitrary Unicode, and a by-sentence check of the seed article when
//! the shared folder is present.

use khulasa_text::{Segmenter, segment};

/// `(why, text, expected sentences)`.
const CASES: &[(&str, &str, &[&str])] = &[
    (
        "full stop, question marks and exclamation end sentences",
        "ارتفعت الأسعار. هل يستمر الارتفاع؟ نعم! وربما يتضاعف?",
        &[
            "ارتفعت الأسعار.",
            "هل يستمر الارتفاع؟",
            "نعم!",
            "وربما يتضاعف?",
        ],
    ),
    (
        "Arabic comma and semicolon never end a sentence",
        "وصل الوفد إلى العاصمة، والتقى الرئيس؛ ثم غادر مساء.",
        &["وصل الوفد إلى العاصمة، والتقى الرئيس؛ ثم غادر مساء."],
    ),
    (
        "ellipsis ends a sentence",
        "انتظر الجميع… ثم جاء الخبر. وتوقف كل شيء...",
        &["انتظر الجميع…", "ثم جاء الخبر.", "وتوقف كل شيء..."],
    ),
    (
        "Arabic abbreviations and initials: د. م. ص. أ.د. ق.م",
        "استقبل د. خالد والمهندس م. سمير الوفد. وراجع أ.د. هالة الصفحة ص. 12 من التقرير. وتعود الآثار إلى 500 ق.م تقريبا.",
        &[
            "استقبل د. خالد والمهندس م. سمير الوفد.",
            "وراجع أ.د. هالة الصفحة ص. 12 من التقرير.",
            "وتعود الآثار إلى 500 ق.م تقريبا.",
        ],
    ),
    (
        "Latin abbreviations and initials: Dr. U.S. J.",
        "Dr. Adams met U.S. envoys in Cairo. The talks, led by J. Smith, ended.",
        &[
            "Dr. Adams met U.S. envoys in Cairo.",
            "The talks, led by J. Smith, ended.",
        ],
    ),
    (
        "decimals and grouped numbers stay whole",
        "نما الاقتصاد 12.5 في المئة. وبلغ عدد السكان 1.200.000 نسمة.",
        &[
            "نما الاقتصاد 12.5 في المئة.",
            "وبلغ عدد السكان 1.200.000 نسمة.",
        ],
    ),
    (
        "no split inside an open «...» quotation",
        "وقال الوزير: «نحن مستعدون. لن نتراجع». وغادر القاعة.",
        &["وقال الوزير: «نحن مستعدون. لن نتراجع».", "وغادر القاعة."],
    ),
    (
        "no split inside an open \"...\" quotation; closing quote stays with its sentence",
        "وأضاف أن \"الوضع صعب. لكنه ليس ميؤوسا منه.\" ثم سكت.",
        &["وأضاف أن \"الوضع صعب. لكنه ليس ميؤوسا منه.\"", "ثم سكت."],
    ),
    (
        "no split inside an open “...” quotation",
        "كتبت الصحيفة: “الانتخابات تأجلت. والسبب مجهول”. وانتهى البيان.",
        &[
            "كتبت الصحيفة: “الانتخابات تأجلت. والسبب مجهول”.",
            "وانتهى البيان.",
        ],
    ),
    (
        "dates with a slash between month names stay whole",
        "وقعت الاتفاقية في 19 يونيو/حزيران الماضي. وفي 23 نوفمبر/ تشرين الثاني أعلن الوزير موقفه.",
        &[
            "وقعت الاتفاقية في 19 يونيو/حزيران الماضي.",
            "وفي 23 نوفمبر/ تشرين الثاني أعلن الوزير موقفه.",
        ],
    ),
    (
        "line breaks end sentences even without punctuation",
        "عنوان الخبر\n29 نوفمبر 2024\nنص الخبر هنا.",
        &["عنوان الخبر", "29 نوفمبر 2024", "نص الخبر هنا."],
    ),
    (
        "a domain name is not a sentence end",
        "نشر البيان على موقع example.com أمس. ثم حذف.",
        &["نشر البيان على موقع example.com أمس.", "ثم حذف."],
    ),
    (
        "question and exclamation runs are one ending",
        "أهذا معقول؟! لا أصدق!!! حسنا.",
        &["أهذا معقول؟!", "لا أصدق!!!", "حسنا."],
    ),
    (
        "closing bracket after the stop stays with the sentence",
        "أعلنت الشركة أرباحها (وهي قياسية.) وارتفع السهم.",
        &["أعلنت الشركة أرباحها (وهي قياسية.)", "وارتفع السهم."],
    ),
];

#[test]
fn every_rule_case() {
    for (why, text, want) in CASES {
        let got: Vec<&str> = segment(text)
            .iter()
            .map(|s| s.span.slice(text).unwrap())
            .collect();
        assert_eq!(&got, want, "case: {why}");
    }
}

#[test]
fn paragraph_index_follows_blank_lines() {
    let text = "الفقرة الأولى. جملتها الثانية.\n\n\nالفقرة الثانية.\n  \nالثالثة.";
    let paras: Vec<usize> = segment(text).iter().map(|s| s.paragraph).collect();
    assert_eq!(paras, [0, 0, 1, 2]);
}

#[test]
fn long_quote_without_closing_mark_is_bounded() {
    let sentence = "هذه جملة داخل اقتباس لم يغلق أبدا. ";
    let text = format!("قال: «{}", sentence.repeat(40));
    let got = Segmenter::new().max_quote_chars(200).segment(&text);
    assert!(got.len() >= 10, "got {} sentences", got.len());
}

#[test]
fn demo_article_segments() {
    let text = include_str!("../../../demo/article-ar.txt");
    let got: Vec<&str> = segment(text)
        .iter()
        .map(|s| s.span.slice(text).unwrap())
        .collect();
    assert_eq!(
        got[0],
        "افتتاح أكبر محطة لتحلية المياه بالطاقة الشمسية على ساحل البحر الأحمر"
    );
    assert!(got.contains(&"وقال وزير المياه د. سامر الخطيب خلال حفل الافتتاح: «هذه المحطة خطوة أولى. سنبني ثلاث محطات مماثلة قبل نهاية العقد»."));
    assert!(got.contains(&"وسأل صحافيون عن أثر المحطة على الحياة البحرية؟"));
    assert!(got.iter().any(|s| s.contains("12 مارس/آذار 2022")));
    assert_eq!(got.len(), 11);
}

/// The seed article from `../shared/seed` (not copied into the repository).
/// Its sentences were checked by eye once; this guards the count and the
/// tricky ones (quotes spanning several sentences, month/month dates).
#[test]
fn seed_article_when_present() {
    let path = std::env::var("KHULASA_SEED").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/seed/article-page.txt"
        )
        .into()
    });
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: seed article not found at {path}");
        return;
    };
    let got: Vec<&str> = segment(&text)
        .iter()
        .map(|s| s.span.slice(&text).unwrap())
        .collect();
    // The quoted statement of three sentences stays one sentence.
    assert!(
        got.iter()
            .any(|s| s.starts_with("وقال بيلاوسوف") && s.ends_with("الكوريين\"."))
    );
    // "19 يونيو/حزيران" stays inside its sentence.
    assert!(got.iter().any(|s| s.contains("19 يونيو/حزيران الماضي.")));
    // No sentence starts with a bare closing quote or punctuation.
    for s in &got {
        let first = s.chars().next().unwrap();
        assert!(!matches!(first, '"' | '»' | '.' | '،'), "bad start: {s}");
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn check_invariants(text: &str) {
        let sentences = segment(text);
        let mut last_end = 0;
        let mut covered = vec![false; text.len()];
        for s in &sentences {
            assert!(s.span.start < s.span.end, "empty span");
            assert!(
                s.span.start >= last_end,
                "spans overlap or are out of order"
            );
            assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
            last_end = s.span.end;
            for b in covered.iter_mut().take(s.span.end).skip(s.span.start) {
                *b = true;
            }
        }
        for (i, c) in text.char_indices() {
            if !c.is_whitespace() {
                assert!(covered[i], "char {c:?} at {i} is in no sentence");
            }
        }
        // Paragraph indices never decrease.
        assert!(
            sentences
                .windows(2)
                .all(|w| w[0].paragraph <= w[1].paragraph)
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn any_unicode(text in "\\PC*") {
            check_invariants(&text);
            let _ = khulasa_text::tokenize(&text);
            let _ = khulasa_text::normalize::Normalizer::ar_match().normalize(&text);
            let _ = khulasa_text::detect_lang(&text);
        }

        #[test]
        fn arabic_like(text in "[ءاأإآبتثجحخدذرزسشصضطظعغفقكلمنهوىيةـًٌٍَُِّْ .،؛؟!«»\"“”\n0-9٠-٩]{0,300}") {
            check_invariants(&text);
        }

        #[test]
        fn tokens_are_ordered_and_cover_non_space(text in "\\PC*") {
            let toks = khulasa_text::tokenize(&text);
            let mut last = 0;
            for t in &toks {
                prop_assert!(t.span.start >= last && t.span.start < t.span.end);
                prop_assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
                last = t.span.end;
            }
        }
    }
}
