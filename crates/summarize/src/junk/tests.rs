//! The junk rules on a table of cases written for them: each line is one
//! sentence standing on its own line after an opening sentence, with the
//! kind it must get (or none).

use super::*;

const TITLE: &str = "الحكومة تخفض سعر صرف الجنيه لأول مرة منذ عامين";

/// (sentence, expected kind).
const CASES: &[(&str, Option<Junk>)] = &[
    // Questions.
    (
        "السودان: كيف يؤثر خفض سعر صرف الجنيه في حياة المواطن؟",
        Some(Junk::Question),
    ),
    ("هل تنجح الخطة الجديدة في كبح التضخم؟", Some(Junk::Question)),
    (
        "وتساءل النائب: \"من سيدفع ثمن هذا القرار؟\"",
        Some(Junk::Question),
    ),
    (
        "Will the new plan be enough to stop inflation?",
        Some(Junk::Question),
    ),
    // Headline, subhead and caption lines.
    (
        "مشوار حياة ميغان ماركل خطيبة الأمير هاري",
        Some(Junk::Headline),
    ),
    ("ردود فعل غاضبة في الشارع", Some(Junk::Headline)),
    // A lead-in to a list: nothing without what follows.
    (
        "تعتمد الخطة على ثلاثة محاور رئيسية وهي:",
        Some(Junk::Headline),
    ),
    ("The plan rests on three measures:", Some(Junk::Headline)),
    (
        "الحكومة تخفض سعر صرف الجنيه لأول مرة منذ عامين.",
        Some(Junk::Headline),
    ),
    ("A long road to the vote", Some(Junk::Headline)),
    // Read also, links.
    (
        "اقرأ أيضا: مقتل 4 جنود في هجوم على نقطة تفتيش.",
        Some(Junk::Link),
    ),
    ("شاهد: لحظة انهيار المبنى في وسط المدينة.", Some(Junk::Link)),
    (
        "للمزيد من الأخبار تابعوا موقعنا على الإنترنت.",
        Some(Junk::Link),
    ),
    (
        "Read more: Floods hit the north of the country.",
        Some(Junk::Link),
    ),
    (
        "التفاصيل الكاملة متاحة على https://example.org/news/1 للجميع.",
        Some(Junk::Link),
    ),
    // Bylines, datelines.
    (
        "بقلم: أحمد عبد الرحيم، مراسل الشؤون الاقتصادية.",
        Some(Junk::Byline),
    ),
    ("الخرطوم - رويترز.", Some(Junk::Byline)),
    ("By Sarah Jones, BBC News.", Some(Junk::Byline)),
    // Quotes without a named speaker.
    (
        "وقال: \"لن نتراجع عن هذا القرار مهما كانت الضغوط علينا\".",
        Some(Junk::Quote),
    ),
    (
        "\"We will not step back from this decision whatever the pressure\", he said.",
        Some(Junk::Quote),
    ),
    // Sentences leaning on an earlier one.
    (
        "وهذا يعني أن الأسعار سترتفع في الأشهر المقبلة.",
        Some(Junk::Dangling),
    ),
    (
        "وهو ما أثار قلق التجار في الأسواق الشعبية.",
        Some(Junk::Dangling),
    ),
    (
        "وأضاف الوزير أن الحكومة ستدعم الأسر الفقيرة.",
        Some(Junk::Dangling),
    ),
    (
        "He said the plan would start in January.",
        Some(Junk::Dangling),
    ),
    (
        "The minister said the plan would start in January.",
        Some(Junk::Dangling),
    ),
    // Points that must stay.
    (
        "وقال وزير المالية إبراهيم البدوي إن الحكومة ستدعم الأسر الفقيرة.",
        None,
    ),
    (
        "وقال الرئيس السوداني: \"لن نتراجع عن هذا القرار مهما كانت الضغوط\".",
        None,
    ),
    (
        "\"We will not step back from this decision\", Finance Minister Ibrahim Elbadawi said.",
        None,
    ),
    (
        "وارتفع سعر الدولار في السوق الموازية إلى 80 جنيها بعد القرار.",
        None,
    ),
    ("واعتبر أن القرار ضروري لوقف التضخم في البلاد.", None),
    (
        "He argued that the decision was needed to stop inflation.",
        None,
    ),
    (
        "The central bank said the rate would be set daily from Monday.",
        None,
    ),
    ("وكان البنك المركزي قد حذر من ارتفاع التضخم.", None),
];

fn kind(s: &str, title: Option<&str>) -> Option<Junk> {
    let text = format!("افتتاحية الخبر هنا.\n{s}\nوخاتمة الخبر هنا.");
    let start = text.find('\n').unwrap() + 1;
    let lang = if s.is_ascii() { Lang::En } else { Lang::Ar };
    let cx = Context {
        text: &text,
        title,
        lang,
        has_before: true,
    };
    classify(&cx, start..start + s.len())
}

#[test]
fn the_table() {
    let mut wrong = Vec::new();
    for &(s, want) in CASES {
        let got = kind(s, Some(TITLE));
        if got != want {
            wrong.push(format!("{s}\n  want {want:?}, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_first_sentence_leans_on_nothing() {
    let s = "He said the plan would start in January.";
    let cx = Context {
        text: s,
        title: None,
        lang: Lang::En,
        has_before: false,
    };
    assert_eq!(classify(&cx, 0..s.len()), None);
}

#[test]
fn a_line_without_a_stop_inside_a_paragraph_is_no_headline() {
    // The sentence does not stand alone on its line: no headline rule.
    let text = "ارتفعت الأسعار بشدة في الأسواق بعد القرار وانخفضت القوة الشرائية للأسر";
    let cx = Context {
        text: &format!("{text} وقال التجار إن الطلب تراجع."),
        title: None,
        lang: Lang::Ar,
        has_before: false,
    };
    assert_eq!(classify(&cx, 0..text.len()), None);
}

#[test]
fn block_kinds() {
    assert_eq!(Junk::from_block(BlockKind::Heading), Some(Junk::Headline));
    assert_eq!(Junk::from_block(BlockKind::Quote), Some(Junk::Quote));
    assert_eq!(Junk::from_block(BlockKind::Paragraph), None);
    assert_eq!(Junk::from_block(BlockKind::ListItem), None);
}
