//! The summarizer's limits are the caller's to set, and each one hit is an
//! error that names it.

use khulasa_core::Length;
use khulasa_summarize::{Limits, Options, SummarizeError, Summarizer};
use std::time::Duration;

const TEXT: &str = "اجتمع وزير الخارجية مع نظيره في العاصمة صباح اليوم. \
وناقش الجانبان التعاون في مجالات التجارة والطاقة والنقل. \
وقال الوزير إن المحادثات كانت مثمرة وصريحة. \
وأضاف أن البلدين سيوقعان اتفاقية جديدة الشهر المقبل. \
ومن المنتظر أن تشمل الاتفاقية إعفاء السلع الزراعية من الرسوم.";

fn with(limits: Limits) -> Summarizer {
    Summarizer::new(Options {
        limits,
        ..Options::default()
    })
}

#[test]
fn the_text_limit_is_configurable_and_named() {
    let small = with(Limits {
        max_text_bytes: 100,
        ..Limits::default()
    });
    let err = small.summarize(TEXT, None, Length::Bullets(2)).unwrap_err();
    assert_eq!(
        err,
        SummarizeError::TooLarge {
            bytes: TEXT.len(),
            limit: 100
        }
    );
    assert!(err.to_string().contains("the limit is 100 bytes"), "{err}");
    // The default takes it.
    assert!(
        Summarizer::default()
            .summarize(TEXT, None, Length::Bullets(2))
            .is_ok()
    );
}

#[test]
fn only_the_first_sentences_are_candidates_under_a_sentence_limit() {
    let two = with(Limits {
        max_sentences: 2,
        ..Limits::default()
    });
    let s = two.summarize(TEXT, None, Length::Bullets(3)).unwrap();
    assert!(!s.key_points.is_empty());
    assert!(
        s.key_points
            .iter()
            .flat_map(|p| &p.sources)
            .all(|r| r.sentence < 2),
        "{s:?}"
    );
}

#[test]
fn a_spent_time_budget_is_an_error_naming_it() {
    let none = with(Limits {
        time_budget: Some(Duration::ZERO),
        ..Limits::default()
    });
    let err = none.summarize(TEXT, None, Length::Bullets(2)).unwrap_err();
    assert_eq!(
        err,
        SummarizeError::TimeBudget {
            budget: Duration::ZERO
        }
    );
    assert!(err.to_string().contains("time budget of 0 ms"), "{err}");
    // A generous budget changes nothing.
    let roomy = with(Limits {
        time_budget: Some(Duration::from_secs(60)),
        ..Limits::default()
    });
    assert_eq!(
        roomy.summarize(TEXT, None, Length::Bullets(2)).unwrap(),
        Summarizer::default()
            .summarize(TEXT, None, Length::Bullets(2))
            .unwrap()
    );
}
