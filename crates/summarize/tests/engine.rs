//! The engine end to end: the source contract, length control, languages,
//! and bad input (empty, one sentence, a thousand sentences, no Arabic,
//! 20 MB, hard-wrapped lines).

use khulasa_core::Length;
use khulasa_summarize::{MAX_TEXT_BYTES, Options, SummarizeError, Summarizer, Summary};
use khulasa_text::segment;

const ARTICLE: &str = "اجتمع وزير الخارجية مع نظيره الفرنسي، أمس الخميس، في العاصمة لبحث الأزمة الإقليمية، حسب ما نقلت وكالة الأنباء الرسمية. \
وقال الوزير إن اللقاء تناول سبل وقف القتال وإيصال المساعدات الإنسانية.\n\n\
وأضاف أن \"الحل السياسي هو الطريق الوحيد لإنهاء الأزمة\". \
وكانت الحكومة قد أعلنت الأسبوع الماضي خطة من عشر نقاط لإنهاء النزاع.\n\n\
وتشمل الخطة انسحاب القوات من المدن الحدودية وتبادل الأسرى خلال ثلاثة أشهر. \
ومن المقرر أن يزور الوزير باريس الشهر المقبل لاستكمال المحادثات، وفق بيان الوزارة.\n\n\
وفي سياق متصل، أعلنت الأمم المتحدة عن مؤتمر للمانحين لجمع مليار دولار للمتضررين.";

/// Every source resolves to text of the sentence it names in
/// `segment(text)`, and the point's words all come from its sources.
fn assert_sources(text: &str, s: &Summary) {
    let sents = segment(text);
    for k in &s.key_points {
        assert!(!k.sources.is_empty(), "{k:?}");
        let mut joined = String::new();
        for r in &k.sources {
            let sent = &sents[r.sentence];
            assert!(
                r.span.start >= sent.span.start && r.span.end <= sent.span.end,
                "{r:?} outside {sent:?}"
            );
            joined.push_str(r.span.slice(text).expect("span on char boundaries"));
            joined.push(' ');
        }
        for w in k.text.split_whitespace() {
            let core: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
            if !core.is_empty() && !k.text.ends_with('…') {
                assert!(
                    joined.contains(&core),
                    "`{core}` of `{}` not in its sources `{joined}`",
                    k.text
                );
            }
        }
    }
}

#[test]
fn three_points_traced_to_sources_in_text_order() {
    let s = Summarizer::default()
        .summarize(
            ARTICLE,
            Some("وزير الخارجية يبحث الأزمة مع نظيره الفرنسي"),
            Length::Bullets(3),
        )
        .unwrap();
    assert_eq!(s.key_points.len(), 3);
    assert_sources(ARTICLE, &s);
    let firsts: Vec<usize> = s.key_points.iter().map(|k| k.sources[0].sentence).collect();
    assert!(firsts.windows(2).all(|w| w[0] < w[1]), "{firsts:?}");
    // Engine 11: the first of several points gets back only the editor's
    // length cuts (none here); its time words and attribution stay cut,
    // as in a summary of one point.
    let lead = &s.key_points[0].text;
    assert!(lead.starts_with("اجتمع وزير الخارجية"), "{lead}");
    assert!(!lead.contains("أمس") && !lead.contains("حسب"), "{lead}");
    // A summary of one point is trimmed: no time words, no attribution.
    let one = Summarizer::default()
        .summarize(
            ARTICLE,
            Some("وزير الخارجية يبحث الأزمة مع نظيره الفرنسي"),
            Length::Bullets(1),
        )
        .unwrap();
    let lead = &one.key_points[0].text;
    assert!(lead.starts_with("اجتمع وزير الخارجية"), "{lead}");
    assert!(!lead.contains("أمس") && !lead.contains("حسب"), "{lead}");
    assert_sources(ARTICLE, &one);
    assert_eq!(
        s.method,
        format!("khulasa-rank/{}", khulasa_summarize::ENGINE_VERSION)
    );
}

#[test]
fn no_compress_keeps_whole_sentences() {
    let s = Summarizer::new(Options {
        compress: false,
        ..Options::default()
    })
    .summarize(ARTICLE, None, Length::Bullets(2))
    .unwrap();
    let sents = segment(ARTICLE);
    for k in &s.key_points {
        assert_eq!(k.sources.len(), 1);
        let sent = &sents[k.sources[0].sentence];
        assert_eq!(k.sources[0].span, sent.span);
        assert_eq!(k.text, &ARTICLE[sent.span.start..sent.span.end]);
    }
    assert!(s.method.ends_with("-extractive"));
}

#[test]
fn length_by_words_and_ratio() {
    let sum = Summarizer::default();
    let words = |s: &Summary| {
        s.key_points
            .iter()
            .map(|k| k.text.split_whitespace().count())
            .sum::<usize>()
    };
    let short = sum.summarize(ARTICLE, None, Length::Words(20)).unwrap();
    let long = sum.summarize(ARTICLE, None, Length::Words(80)).unwrap();
    assert!(words(&short) <= 35, "{}", words(&short));
    assert!(words(&long) > words(&short));
    let half = sum.summarize(ARTICLE, None, Length::Ratio(0.5)).unwrap();
    let total = ARTICLE.split_whitespace().count();
    let w = words(&half);
    assert!(w * 4 >= total && w * 4 <= total * 3, "{w} of {total}");
    assert_sources(ARTICLE, &half);
    // More bullets than sentences: every distinct sentence, no repeats.
    let all = sum.summarize(ARTICLE, None, Length::Bullets(50)).unwrap();
    assert!(all.key_points.len() <= segment(ARTICLE).len());
}

#[test]
fn bad_lengths_are_typed_errors() {
    let s = Summarizer::default();
    for l in [
        Length::Bullets(0),
        Length::Words(0),
        Length::Ratio(0.0),
        Length::Ratio(1.5),
        Length::Ratio(f64::NAN),
    ] {
        assert!(
            matches!(
                s.summarize(ARTICLE, None, l),
                Err(SummarizeError::BadLength(_))
            ),
            "{l:?}"
        );
    }
}

#[test]
fn empty_and_wordless_text() {
    let s = Summarizer::default();
    assert_eq!(
        s.summarize("", None, Length::Bullets(3)),
        Err(SummarizeError::Empty)
    );
    assert_eq!(
        s.summarize(" \n\t\n ", None, Length::Bullets(3)),
        Err(SummarizeError::Empty)
    );
    assert_eq!(
        s.summarize("... !!! ؟؟ ،،", None, Length::Bullets(3)),
        Err(SummarizeError::NoWords)
    );
}

#[test]
fn one_sentence_gives_one_point() {
    let text = "أعلنت الحكومة خطة جديدة للطاقة.";
    let s = Summarizer::default()
        .summarize(text, None, Length::Bullets(3))
        .unwrap();
    assert_eq!(s.key_points.len(), 1);
    assert_eq!(s.key_points[0].text, text);
    // No final stop, two words: still a point, given the stop an editor
    // adds; its source is the text as written.
    let s = Summarizer::default()
        .summarize("خبر عاجل", None, Length::Bullets(3))
        .unwrap();
    assert_eq!(s.key_points[0].text, "خبر عاجل.");
    assert_eq!(
        s.key_points[0].sources[0].span,
        khulasa_core::Span::new(0, "خبر عاجل".len())
    );
}

#[test]
fn points_from_lines_without_a_final_stop_end_as_sentences() {
    // Each paragraph a line with no final stop, as some feeds give text.
    let text = "أعلنت الحكومة خطة جديدة لدعم المزارعين في المناطق الريفية تشمل قروضا ميسرة\n\n\
        وقال وزير الزراعة إن الخطة ستبدأ في الربيع المقبل وتستمر ثلاث سنوات\n\n\
        ويأمل المزارعون أن تخفف الخطة أعباء الديون التي تراكمت بعد موسم الجفاف";
    let s = Summarizer::default()
        .summarize(text, None, Length::Bullets(3))
        .unwrap();
    assert!(!s.key_points.is_empty());
    for k in &s.key_points {
        assert!(k.text.ends_with('.'), "{}", k.text);
        for r in &k.sources {
            assert!(!text[r.span.start..r.span.end].ends_with('.'));
        }
    }
    // Engine 5 (no editor rules) gives the lines as they are.
    let old = Summarizer::new(Options {
        editor: false,
        ..Default::default()
    })
    .summarize(text, None, Length::Bullets(3))
    .unwrap();
    assert!(old.key_points.iter().all(|k| !k.text.ends_with('.')));
}

#[test]
fn a_thousand_sentences() {
    // Distinct sentences (a subject, a verb and an object, each triple once):
    // a text that says one templated thing a thousand times gets fewer
    // points, since no two points may say the same thing.
    let subj = [
        "الحكومة",
        "البرلمان",
        "الشركة",
        "النقابة",
        "الجامعة",
        "البلدية",
        "المحكمة",
    ];
    let verb = [
        "أعلنت",
        "رفضت",
        "درست",
        "أقرت",
        "ناقشت",
        "أجلت",
        "انتقدت",
        "دعمت",
        "راجعت",
        "اقترحت",
        "عدلت",
    ];
    let obj = [
        "خطة النقل",
        "ميزانية الصحة",
        "قانون العمل",
        "مشروع السكن",
        "برنامج التعليم",
        "أسعار الوقود",
        "اتفاق التجارة",
        "نظام الضرائب",
        "مبادرة المياه",
        "تقرير البيئة",
        "عقد الكهرباء",
        "دعم الزراعة",
        "سياسة الهجرة",
    ];
    let mut text = String::new();
    for i in 0..1000 {
        text.push_str(&format!(
            "{} {} {} {i}. ",
            subj[i % 7],
            verb[i % 11],
            obj[i % 13]
        ));
        if i % 5 == 4 {
            text.push_str("\n\n");
        }
    }
    let s = Summarizer::default()
        .summarize(&text, None, Length::Bullets(3))
        .unwrap();
    assert_eq!(s.key_points.len(), 3);
    assert_sources(&text, &s);
    // Beyond the scoring limit, sentences are not chosen but the text is accepted.
    let more = text.repeat(3);
    let s = Summarizer::default()
        .summarize(&more, None, Length::Bullets(3))
        .unwrap();
    assert!(
        s.key_points
            .iter()
            .all(|k| k.sources[0].sentence < khulasa_summarize::MAX_SENTENCES)
    );
}

#[test]
fn twenty_megabytes_is_refused_clearly() {
    let text = "كلمة ".repeat(4 * 1024 * 1024); // 20 MiB
    match Summarizer::default().summarize(&text, None, Length::Bullets(3)) {
        Err(SummarizeError::TooLarge { bytes, limit }) => {
            assert_eq!(bytes, text.len());
            assert_eq!(limit, MAX_TEXT_BYTES);
        }
        other => panic!("{other:?}"),
    }
    // Just under the limit, one endless sentence: a point, cut to size.
    let big = "كلمة ".repeat(MAX_TEXT_BYTES / 10 - 1);
    let s = Summarizer::default()
        .summarize(&big, None, Length::Bullets(3))
        .unwrap();
    assert_eq!(s.key_points.len(), 1);
    assert!(s.key_points[0].text.ends_with('…'));
    assert!(s.key_points[0].text.split_whitespace().count() <= khulasa_summarize::MAX_POINT_WORDS);
}

#[test]
fn english_and_other_languages() {
    let en = "The finance minister announced a new budget on Monday, according to state media. \
It raises spending on schools and hospitals by ten percent. \
Opposition parties said the plan would increase public debt. \
Meanwhile, the central bank kept interest rates unchanged.";
    let s = Summarizer::default()
        .summarize(
            en,
            Some("New budget raises school spending"),
            Length::Bullets(2),
        )
        .unwrap();
    assert_eq!(s.key_points.len(), 2);
    // The short lead takes in the next sentence on its subject (fusion);
    // its time words and attribution stay cut, first of two points or not.
    assert_eq!(
        s.key_points[0].text,
        "The finance minister announced a new budget; it raises spending on schools and hospitals by ten percent."
    );
    assert_sources(en, &s);
    let one = Summarizer::default()
        .summarize(
            en,
            Some("New budget raises school spending"),
            Length::Bullets(1),
        )
        .unwrap();
    assert_eq!(
        one.key_points[0].text,
        "The finance minister announced a new budget; it raises spending on schools and hospitals by ten percent."
    );
    assert_sources(en, &one);
    let fr = "Le ministre a annoncé un nouveau budget lundi. Il augmente les dépenses pour les écoles. L'opposition critique le plan.";
    let s = Summarizer::default()
        .summarize(fr, None, Length::Bullets(1))
        .unwrap();
    assert_eq!(s.key_points.len(), 1);
    assert_sources(fr, &s);
}

#[test]
fn hard_wrapped_lines_are_joined_and_sources_map_back() {
    let text = "افتتح وزير الثقافة معرضا دوليا للكتاب في العاصمة\nبمشاركة أكثر من خمسمئة دار نشر من ثلاثين دولة\nعربية وأجنبية. وقال الوزير إن المعرض يستمر عشرة أيام\nويضم ندوات وأمسيات شعرية يومية للزوار. ويتوقع المنظمون\nأن يزور المعرض نحو مليون زائر هذا العام.\n";
    let s = Summarizer::default()
        .summarize(text, None, Length::Bullets(1))
        .unwrap();
    let k = &s.key_points[0];
    // The whole first sentence, across its three lines.
    assert!(
        k.text.starts_with("افتتح وزير الثقافة") && k.text.contains("عربية وأجنبية"),
        "{}",
        k.text
    );
    // segment(text) splits at each line; the point's sources name those pieces.
    let idx: Vec<usize> = k.sources.iter().map(|r| r.sentence).collect();
    assert_eq!(idx, vec![0, 1, 2]);
    assert_sources(text, &s);
}

#[test]
fn deterministic() {
    let a = Summarizer::default()
        .summarize(ARTICLE, None, Length::Bullets(3))
        .unwrap();
    let b = Summarizer::default()
        .summarize(ARTICLE, None, Length::Bullets(3))
        .unwrap();
    assert_eq!(a, b);
}

#[test]
fn headline_line_is_the_title_not_a_point() {
    let text = format!("وزير الخارجية يبحث الأزمة مع نظيره الفرنسي\n\n{ARTICLE}");
    let s = Summarizer::default()
        .summarize(&text, None, Length::Bullets(3))
        .unwrap();
    assert!(
        s.key_points
            .iter()
            .all(|k| k.sources.iter().all(|r| r.sentence > 0))
    );
    assert!(
        !s.key_points
            .iter()
            .any(|k| k.text.starts_with("وزير الخارجية يبحث"))
    );
    assert_sources(&text, &s);
}

#[test]
fn sources_index_the_segmentation_even_past_wordless_sentences() {
    // "* * *" is a sentence of segment(text) with no words: it is skipped,
    // and the indices after it must still be segment(text)'s.
    let text = format!("* * *\n\n{ARTICLE}");
    let s = Summarizer::new(Options {
        compress: false,
        ..Options::default()
    })
    .summarize(&text, None, Length::Bullets(3))
    .unwrap();
    let sents = segment(&text);
    for k in &s.key_points {
        let sent = &sents[k.sources[0].sentence];
        assert_eq!(k.text, &text[sent.span.start..sent.span.end]);
    }
    assert_sources(&text, &s);
}

/// A view whose holder is a pronoun gets the holder named the sentence
/// before, and the point's sources say so: the name points into that
/// sentence, the rest into the view's own.
#[test]
fn a_borrowed_speaker_is_a_source_in_its_own_sentence() {
    let text = "أعلنت الحكومة خطة جديدة لدعم المزارعين في المناطق الجنوبية هذا العام. \
وقال وزير الزراعة خلال مؤتمر صحافي إن الخطة تشمل قروضا ميسرة للمزارعين الصغار. \
واعتبر أن الخطة ستضاعف إنتاج القمح خلال خمس سنوات على الأقل.";
    let s = Summarizer::default();
    let a = s.analyse(text, None).unwrap();
    let sum = s.build(&a, &[2], Length::Bullets(1));
    let k = &sum.key_points[0];
    assert_eq!(
        k.text,
        "اعتبر وزير الزراعة أن الخطة ستضاعف إنتاج القمح خلال خمس سنوات على الأقل."
    );
    let got: Vec<(usize, &str)> = k
        .sources
        .iter()
        .map(|r| (r.sentence, r.span.slice(text).unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            (2, "اعتبر"),
            (1, "وزير الزراعة"),
            (2, "أن الخطة ستضاعف إنتاج القمح خلال خمس سنوات على الأقل."),
        ]
    );
    assert_sources(text, &sum);
    // Without trimming, the sentence is shown whole, as written.
    let whole = Summarizer::new(Options {
        compress: false,
        ..Options::default()
    });
    let a = whole.analyse(text, None).unwrap();
    let k = &whole.build(&a, &[2], Length::Bullets(1)).key_points[0];
    assert!(k.text.starts_with("واعتبر أن") && k.sources.len() == 1);
}

/// Junk never becomes a point: a question at the top, a "read also" line,
/// and, given block by block, a heading, however well they score.
#[test]
fn junk_is_never_a_point() {
    use khulasa_core::{Block, BlockKind};
    let text = "كيف يؤثر خفض سعر الجنيه في حياة المواطن السوداني؟\n\
        خفض البنك المركزي السوداني سعر صرف الجنيه أمام الدولار إلى 47 جنيها.\n\
        اقرأ أيضا: البنك المركزي السوداني يخفض سعر صرف الجنيه أمام الدولار.\n\
        وارتفعت أسعار الخبز والوقود في الخرطوم بعد قرار البنك المركزي.\n\
        وقال تجار إن الطلب على السلع تراجع بشدة منذ القرار.";
    let s = Summarizer::default();
    let sum = s.summarize(text, None, Length::Bullets(3)).unwrap();
    for k in &sum.key_points {
        assert!(
            !k.text.contains('؟') && !k.text.starts_with("اقرأ"),
            "{}",
            k.text
        );
    }
    let before = Summarizer::new(Options {
        editor: false,
        ..Options::default()
    })
    .summarize(text, None, Length::Bullets(3))
    .unwrap();
    assert!(before.key_points.iter().any(|k| k.text.contains('؟')));
    let blocks = [
        Block {
            kind: BlockKind::Heading,
            text: "البنك المركزي السوداني يخفض سعر صرف الجنيه أمام الدولار بشدة.".into(),
        },
        Block {
            kind: BlockKind::Paragraph,
            text: "خفض البنك المركزي السوداني سعر صرف الجنيه أمام الدولار إلى 47 جنيها.".into(),
        },
        Block {
            kind: BlockKind::Paragraph,
            text: "وارتفعت أسعار الخبز والوقود في الخرطوم بعد قرار البنك المركزي.".into(),
        },
    ];
    let sum = s
        .summarize_blocks(&blocks, None, Length::Bullets(2))
        .unwrap();
    assert_eq!(sum.key_points.len(), 2);
    assert!(sum.key_points.iter().all(|k| k.sources[0].sentence > 0));
}
