//! Editor rules end to end on articles written for them: two short
//! sentences on one fact become one point with spans from both, and a
//! report whose subject is a bare title names its referent, the earlier
//! sentence being a source.

use khulasa_core::Length;
use khulasa_summarize::{Options, Summarizer, Summary};
use khulasa_text::segment;

/// Every source is inside the sentence it names, and every word of the
/// point is in one of its sources.
fn assert_spans(text: &str, s: &Summary) {
    let sents = segment(text);
    for k in &s.key_points {
        let mut joined = String::new();
        for r in &k.sources {
            let sent = &sents[r.sentence];
            assert!(r.span.start >= sent.span.start && r.span.end <= sent.span.end);
            joined.push_str(&text[r.span.start..r.span.end]);
            joined.push(' ');
        }
        for w in k.text.split_whitespace() {
            let core: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
            // A lower-cased English pronoun after the joiner is the one change.
            assert!(
                joined.contains(&core) || joined.to_lowercase().contains(&core),
                "`{core}` of `{}` not in `{joined}`",
                k.text
            );
        }
    }
}

fn sentences_of(s: &Summary, k: usize) -> Vec<usize> {
    let mut v: Vec<usize> = s.key_points[k].sources.iter().map(|r| r.sentence).collect();
    v.dedup();
    v
}

const AR: &str = "التقى رئيس الوزراء وفد صندوق النقد الدولي في العاصمة. \
ووصف رئيس الوزراء المحادثات بأنها صريحة ومثمرة.\n\n\
وتواجه البلاد أزمة اقتصادية حادة منذ ثلاث سنوات، مع ارتفاع التضخم وتراجع قيمة العملة المحلية بشكل كبير أمام الدولار.\n\n\
وتأمل الحكومة في الحصول على قرض جديد بقيمة ثلاثة مليارات دولار قبل نهاية العام.";

#[test]
fn two_short_sentences_on_one_fact_make_one_point() {
    let s = Summarizer::default()
        .summarize(
            AR,
            Some("رئيس الوزراء يلتقي وفد صندوق النقد"),
            Length::Bullets(1),
        )
        .unwrap();
    assert_eq!(
        s.key_points[0].text,
        "التقى رئيس الوزراء وفد صندوق النقد الدولي في العاصمة، ووصف رئيس الوزراء المحادثات بأنها صريحة ومثمرة."
    );
    assert_eq!(sentences_of(&s, 0), vec![0, 1]);
    assert_spans(AR, &s);
    // With three points, the second sentence is not a point of its own.
    let s3 = Summarizer::default()
        .summarize(AR, None, Length::Bullets(3))
        .unwrap();
    let starts: Vec<usize> = s3
        .key_points
        .iter()
        .map(|k| k.sources[0].sentence)
        .collect();
    assert!(!starts.contains(&1), "{starts:?}");
    assert_spans(AR, &s3);
    // Engine 5 fuses nothing.
    let e5 = Summarizer::new(Options {
        editor: false,
        ..Options::default()
    })
    .summarize(AR, None, Length::Bullets(1))
    .unwrap();
    assert_eq!(sentences_of(&e5, 0), vec![0]);
}

#[test]
fn a_long_point_or_another_subject_is_not_fused() {
    // The second sentence shares no content word with the first.
    let text = "أعلنت الحكومة خطة جديدة لدعم المزارعين في الجنوب. \
وارتفعت درجات الحرارة إلى مستويات قياسية هذا الصيف.\n\n\
وتشمل الخطة قروضا ميسرة وبذورا محسنة للموسم المقبل.";
    let s = Summarizer::default()
        .summarize(text, None, Length::Bullets(1))
        .unwrap();
    assert_eq!(sentences_of(&s, 0), vec![0]);
    // A new paragraph is a new fact.
    let text = "التقى رئيس الوزراء وفد صندوق النقد الدولي في العاصمة.\n\n\
ووصف رئيس الوزراء المحادثات بأنها صريحة ومثمرة.";
    let s = Summarizer::default()
        .summarize(text, None, Length::Bullets(1))
        .unwrap();
    assert_eq!(sentences_of(&s, 0), vec![0]);
}

#[test]
fn english_fusion_lowers_the_pronoun() {
    let text = "The central bank raised its main interest rate to 12 percent. \
It was the third rise this year.\n\n\
Inflation has climbed above 30 percent since the currency was floated in March, hitting the poorest families hardest.";
    let s = Summarizer::default()
        .summarize(text, None, Length::Bullets(1))
        .unwrap();
    assert_eq!(
        s.key_points[0].text,
        "The central bank raised its main interest rate to 12 percent; it was the third rise this year."
    );
    assert_eq!(sentences_of(&s, 0), vec![0, 1]);
    assert_spans(text, &s);
}

#[test]
fn a_bare_title_takes_its_referent_as_a_source() {
    let text = "قال وزير الخارجية المصري إن بلاده ستستضيف قمة إقليمية حول المياه الشهر المقبل بمشاركة عشر دول.\n\n\
وتعاني دول المنطقة من جفاف متزايد منذ سنوات، وتراجعت حصص المياه في أنهارها الكبرى.\n\n\
وأضاف الوزير أن القمة ستبحث اتفاقا ملزما لتقاسم مياه الأنهار العابرة للحدود بين الدول المشاركة.";
    let s = Summarizer::default()
        .summarize(text, None, Length::Bullets(3))
        .unwrap();
    let p = s
        .key_points
        .iter()
        .find(|k| k.text.contains("اتفاقا ملزما"))
        .expect("the report is a point once its subject is named");
    assert!(
        p.text.starts_with("أضاف وزير الخارجية المصري أن"),
        "{}",
        p.text
    );
    let src: Vec<usize> = p.sources.iter().map(|r| r.sentence).collect();
    assert_eq!(src, vec![2, 0, 2]);
    assert_spans(text, &s);
    // Engine 5 leaves the sentence as it is; nothing names the minister.
    let e5 = Summarizer::new(Options {
        editor: false,
        ..Options::default()
    })
    .summarize(text, None, Length::Bullets(3))
    .unwrap();
    assert!(
        e5.key_points
            .iter()
            .all(|k| !k.text.starts_with("أضاف وزير"))
    );
}
