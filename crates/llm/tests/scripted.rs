//! The LLM engine against a scripted OpenAI-compatible server on loopback
//! that answers from a table, keyed by the model name asked for: faithful
//! points, each kind of unfaithful one, malformed and empty answers, a 429
//! then success, a hang past the timeout, a 500. Articles of our own,
//! Arabic and English.

use khulasa_core::{Lang, Length, Origin, Summary};
use khulasa_llm::testing::{Endpoint, Reply};
use khulasa_llm::{LlmConfig, LlmError, LlmSummarizer, LlmSummaryError};
use khulasa_summarize::Summarizer;
use std::time::Duration;

const AR: &str = "أعلنت وزارة الصحة المصرية، أمس الأحد، أن 12 شخصا أصيبوا في حريق اندلع في مصنع للنسيج بمدينة المحلة. \
ولم تسجل أي وفيات حتى الآن.\n\n\
وقال محافظ الغربية أحمد سالم إن النيران أخمدت بعد ثلاث ساعات من اندلاعها. \
واعتبر سالم أن إجراءات السلامة في المصنع كانت ضعيفة.\n\n\
وأوضح الدفاع المدني أن 40 سيارة إطفاء شاركت في إخماد الحريق. \
وقال العامل محمود حسن: «كان الدخان كثيفا ولم نر شيئا».";

const EN: &str = "Heavy rain flooded the coastal town of Port Allen on Monday, forcing 300 families from their homes. \
No deaths were reported.\n\n\
Mayor Linda Ortiz said the water had risen two metres in four hours. \
She argued that the town's drains had not been cleaned for years.\n\n\
The regional government sent 25 boats to help with the rescue.";

fn chat(content: &str) -> Reply {
    Reply::chat(content)
}

fn points(ps: &[&str]) -> Reply {
    Reply::points(ps)
}

/// The table: model name → answer (the call count lets a model fail first).
fn script(model: &str, call: usize) -> Reply {
    match model {
        "faithful-ar" => points(&[
            "أصيب 12 شخصا في حريق بمصنع للنسيج في مدينة المحلة بحسب وزارة الصحة المصرية",
            "لم تسجل أي وفيات حتى الآن",
            "قال محافظ الغربية أحمد سالم إن النيران أخمدت بعد ثلاث ساعات",
        ]),
        "faithful-en" => points(&[
            "Heavy rain flooded Port Allen on Monday, forcing 300 families from their homes.",
            "No deaths were reported.",
            "The regional government sent 25 boats to help with the rescue.",
        ]),
        // Each answer: one faithful point and one unfaithful point.
        "number-ar" => points(&[
            "لم تسجل أي وفيات حتى الآن",
            "شاركت 60 سيارة إطفاء في إخماد الحريق بحسب الدفاع المدني",
        ]),
        "name-ar" => points(&[
            "لم تسجل أي وفيات حتى الآن",
            "قال محافظ الغربية خالد منصور إن النيران أخمدت بعد ثلاث ساعات",
        ]),
        "negation-ar" => points(&["لم تسجل أي وفيات حتى الآن", "سجلت وفيات في الحريق"]),
        "view-ar" => points(&[
            "لم تسجل أي وفيات حتى الآن",
            "إجراءات السلامة في المصنع كانت ضعيفة",
        ]),
        "quote-ar" => points(&[
            "لم تسجل أي وفيات حتى الآن",
            "قال العامل محمود حسن: «كان الدخان خانقا وهربنا جميعا»",
        ]),
        "number-en" => points(&[
            "No deaths were reported.",
            "Heavy rain flooded Port Allen on Monday, forcing 500 families from their homes.",
        ]),
        "name-en" => points(&[
            "No deaths were reported.",
            "Mayor John Baker said the water had risen two metres in four hours.",
        ]),
        "negation-en" => points(&["No deaths were reported.", "Deaths were reported."]),
        "view-en" => points(&[
            "No deaths were reported.",
            "The town's drains had not been cleaned for years.",
        ]),
        "bullets-en" => chat(
            "Here are the key points:\n1. No deaths were reported.\n2) The regional government sent 25 boats to help with the rescue.",
        ),
        "long-point" => points(&[&"No deaths were reported and ".repeat(30)]),
        "huge" => chat(&"x".repeat(2 << 20)),
        "malformed" => chat("{\"points\": [\"No deaths were reported.\", "),
        "empty" => chat(""),
        "busy-then-ok" if call == 0 => Reply::status(429, "{\"error\": \"slow down\"}"),
        "busy-then-ok" => points(&["No deaths were reported."]),
        "hang" => points(&["No deaths were reported."]).after(Duration::from_secs(3)),
        "broken" => Reply::status(500, "internal error"),
        other => Reply::status(404, &format!("{{\"error\": \"no model {other}\"}}")),
    }
}

/// Starts the scripted endpoint.
fn server() -> Endpoint {
    Endpoint::start(|req, call| script(req.model(), call))
}

fn engine(base: &str, model: &str) -> LlmSummarizer {
    let mut c = LlmConfig::new(base, model);
    c.key = None;
    c.timeout = Duration::from_millis(1500);
    c.backoff = Duration::from_millis(20);
    LlmSummarizer::new(c).unwrap()
}

fn run(base: &str, model: &str, text: &str, n: usize) -> Result<Summary, LlmSummaryError> {
    let lang = khulasa_summarize::language(text);
    let s = Summarizer::default();
    engine(base, model).summarize(text, None, lang, Length::Bullets(n), &|l| {
        s.summarize(text, None, l)
    })
}

fn sentence(text: &str, i: usize) -> &str {
    let s = &khulasa_text::segment(text)[i];
    &text[s.span.start..s.span.end]
}

/// The second point was refused for `rule`, replaced by an extractive one;
/// the first kept as the model's.
fn assert_second_refused(s: &Summary, rule: &str) {
    assert_eq!(s.key_points.len(), 2, "{s:#?}");
    assert_eq!(s.key_points[0].origin, Origin::Llm, "{s:#?}");
    assert_eq!(s.key_points[1].origin, Origin::Extractive, "{s:#?}");
    assert_eq!(s.refused.len(), 1, "{s:#?}");
    assert_eq!(s.refused[0].rule, rule, "{s:#?}");
    assert!(
        s.refused[0].reason.starts_with(rule),
        "{}",
        s.refused[0].reason
    );
    // The replacement is not the sentence already shown.
    let shown = s.key_points[0].sources[0].sentence;
    assert!(s.key_points[1].sources.iter().all(|r| r.sentence != shown));
}

#[test]
fn faithful_points_are_kept_with_their_sources() {
    let endpoint = server();
    let base = endpoint.base.clone();
    let s = run(&base, "faithful-ar", AR, 3).unwrap();
    assert!(s.refused.is_empty(), "{:#?}", s.refused);
    assert!(s.key_points.iter().all(|k| k.origin == Origin::Llm));
    let sources: Vec<Vec<usize>> = s
        .key_points
        .iter()
        .map(|k| k.sources.iter().map(|r| r.sentence).collect())
        .collect();
    assert_eq!(sources, [vec![0], vec![1], vec![2]]);
    // Spans are the source sentences.
    let r = s.key_points[2].sources[0];
    assert_eq!(&AR[r.span.start..r.span.end], sentence(AR, 2));
    assert!(s.method.contains("faithful-ar"), "{}", s.method);

    let s = run(&base, "faithful-en", EN, 3).unwrap();
    assert!(s.refused.is_empty(), "{:#?}", s.refused);
    let sources: Vec<usize> = s.key_points.iter().map(|k| k.sources[0].sentence).collect();
    assert_eq!(sources, [0, 1, 4]);

    // The request: the path, the model, temperature 0, JSON asked for, the
    // prompt in the article's language, and no Authorization header when no
    // key is set.
    let seen = endpoint.seen();
    let ar = seen
        .iter()
        .find(|r| r.body["model"] == "faithful-ar")
        .unwrap();
    assert_eq!(ar.path, "/v1/chat/completions");
    assert_eq!(ar.body["temperature"], 0);
    assert_eq!(ar.body["response_format"]["type"], "json_object");
    let msgs = ar.body["messages"].as_array().unwrap();
    assert_eq!(msgs[0]["role"], "system");
    assert!(msgs[0]["content"].as_str().unwrap().contains("3 نقاط"));
    assert!(msgs[1]["content"].as_str().unwrap().contains("مصنع للنسيج"));
    let en = seen
        .iter()
        .find(|r| r.body["model"] == "faithful-en")
        .unwrap();
    assert!(
        en.body["messages"][0]["content"]
            .as_str()
            .unwrap()
            .contains("Write 3 short key points")
    );
    for r in seen.iter() {
        assert!(
            r.headers.iter().all(|(k, _)| k != "authorization"),
            "{:?}",
            r.headers
        );
    }
}

#[test]
fn a_key_is_sent_as_a_bearer_token_and_never_shown() {
    let endpoint = server();
    let base = endpoint.base.clone();
    let mut c = LlmConfig::new(&base, "faithful-en");
    c.key = Some("sk-secret-123".into());
    let e = LlmSummarizer::new(c).unwrap();
    assert!(!format!("{e:?}").contains("sk-secret-123"));
    let s = Summarizer::default();
    e.summarize(EN, None, Lang::En, Length::Bullets(3), &|l| {
        s.summarize(EN, None, l)
    })
    .unwrap();
    let seen = endpoint.seen();
    let auth = seen[0]
        .headers
        .iter()
        .find(|(k, _)| k == "authorization")
        .unwrap();
    assert_eq!(auth.1, "Bearer sk-secret-123");
}

#[test]
fn unfaithful_points_are_refused_replaced_and_explained() {
    let base = server().base;
    for (model, text, rule) in [
        ("number-ar", AR, "number"),
        ("name-ar", AR, "name"),
        ("negation-ar", AR, "negation"),
        ("view-ar", AR, "view"),
        ("quote-ar", AR, "quote"),
        ("number-en", EN, "number"),
        ("name-en", EN, "name"),
        ("negation-en", EN, "negation"),
        ("view-en", EN, "view"),
    ] {
        let s = run(&base, model, text, 2).unwrap_or_else(|e| panic!("{model}: {e}"));
        assert_second_refused(&s, rule);
    }
}

#[test]
fn bullets_are_read_leniently() {
    let base = server().base;
    let s = run(&base, "bullets-en", EN, 2).unwrap();
    assert!(s.refused.is_empty(), "{:#?}", s.refused);
    assert_eq!(s.key_points[0].text, "No deaths were reported.");
    assert!(s.key_points.iter().all(|k| k.origin == Origin::Llm));
}

#[test]
fn malformed_and_empty_answers_are_refused_whole_and_the_summary_is_extractive() {
    let base = server().base;
    for (model, says) in [("malformed", "malformed JSON"), ("empty", "empty")] {
        let s = run(&base, model, EN, 3).unwrap();
        assert_eq!(s.key_points.len(), 3);
        assert!(s.key_points.iter().all(|k| k.origin == Origin::Extractive));
        assert_eq!(s.refused.len(), 1);
        assert_eq!(s.refused[0].rule, "format");
        assert!(
            s.refused[0].reason.contains(says),
            "{}",
            s.refused[0].reason
        );
        let extractive = Summarizer::default()
            .summarize(EN, None, Length::Bullets(3))
            .unwrap();
        let mut got: Vec<&str> = s.key_points.iter().map(|k| k.text.as_str()).collect();
        let mut want: Vec<&str> = extractive
            .key_points
            .iter()
            .map(|k| k.text.as_str())
            .collect();
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want);
    }
}

#[test]
fn an_endless_point_and_an_endless_answer_are_refused() {
    let base = server().base;
    let s = run(&base, "long-point", EN, 1).unwrap();
    assert_eq!(s.refused[0].rule, "format");
    assert!(
        s.refused[0].reason.contains("words"),
        "{}",
        s.refused[0].reason
    );
    assert_eq!(s.key_points[0].origin, Origin::Extractive);
    match run(&base, "huge", EN, 1) {
        Err(LlmSummaryError::Endpoint(LlmError::BadAnswer { message, .. })) => {
            assert!(message.contains("bytes"), "{message}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_429_is_retried_and_then_answered() {
    let endpoint = server();
    let base = endpoint.base.clone();
    let s = run(&base, "busy-then-ok", EN, 1).unwrap();
    assert_eq!(s.key_points[0].origin, Origin::Llm);
    assert_eq!(endpoint.seen().len(), 2);
}

#[test]
fn a_hang_times_out_and_a_500_fails_after_retries() {
    let endpoint = server();
    let base = endpoint.base.clone();
    let t = std::time::Instant::now();
    match run(&base, "hang", EN, 1) {
        Err(LlmSummaryError::Endpoint(LlmError::Timeout { .. })) => {}
        other => panic!("{other:?}"),
    }
    assert!(
        t.elapsed() < Duration::from_millis(2900),
        "{:?}",
        t.elapsed()
    );
    match run(&base, "broken", EN, 1) {
        Err(LlmSummaryError::Endpoint(LlmError::Status { status: 500, .. })) => {}
        other => panic!("{other:?}"),
    }
    // One try and two retries.
    let n = endpoint
        .seen()
        .iter()
        .filter(|r| r.body["model"] == "broken")
        .count();
    assert_eq!(n, 3);
}

#[test]
fn an_endpoint_that_is_down_is_a_clear_error() {
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut c = LlmConfig::new(format!("http://127.0.0.1:{port}/v1"), "m");
    c.retries = 1;
    c.backoff = Duration::from_millis(10);
    let e = LlmSummarizer::new(c).unwrap();
    let s = Summarizer::default();
    let err = e
        .summarize(EN, None, Lang::En, Length::Bullets(1), &|l| {
            s.summarize(EN, None, l)
        })
        .unwrap_err();
    assert!(
        matches!(err, LlmSummaryError::Endpoint(LlmError::Unreachable { .. })),
        "{err:?}"
    );
    assert!(err.to_string().contains("unreachable"), "{err}");
    assert!(LlmSummarizer::new(LlmConfig::new("ftp://x", "m")).is_err());
}
