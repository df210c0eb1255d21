//! Asking well and reading the answer: the messages sent (a system prompt
//! in the article's language, the article cut at a sentence boundary to a
//! token budget) and the lenient reading of what comes back.

use khulasa_core::Lang;
use khulasa_text::segment;
use serde_json::{Value, json};

/// Version of the prompt and of the answer's reading. Part of the store key
/// of an LLM summary: a new prompt makes new summaries.
pub const PROMPT_VERSION: u32 = 1;

/// A rough token count: about one token per three characters of Arabic
/// script or four of Latin (what common BPE vocabularies give news text),
/// rounded up. Used only to cut the article to a budget; the endpoint
/// counts the real tokens.
pub fn estimate_tokens(text: &str) -> usize {
    let (mut arabic, mut other) = (0usize, 0usize);
    for c in text.chars() {
        if khulasa_text::tokenize::is_arabic_script(c) {
            arabic += 1;
        } else {
            other += 1;
        }
    }
    arabic.div_ceil(3) + other.div_ceil(4)
}

/// The first sentences of `text` that fit in `budget` tokens (at least the
/// first sentence, cut at a char boundary when it alone is over), and
/// whether anything was left out.
pub fn truncate(text: &str, budget: usize) -> (&str, bool) {
    if estimate_tokens(text) <= budget {
        return (text, false);
    }
    let mut end = 0;
    for s in segment(text) {
        if estimate_tokens(&text[..s.span.end]) > budget {
            break;
        }
        end = s.span.end;
    }
    if end == 0 {
        // One sentence over the budget: cut it at a char boundary.
        let mut cut = 0;
        for (i, c) in text.char_indices() {
            if estimate_tokens(&text[..i + c.len_utf8()]) > budget {
                break;
            }
            cut = i + c.len_utf8();
        }
        end = cut;
    }
    (&text[..end], true)
}

/// The chat messages asking for `n` key points of `article` (already
/// truncated), in the article's language: Arabic for Arabic, English
/// otherwise.
pub fn messages(article: &str, title: Option<&str>, lang: Lang, n: usize) -> Vec<Value> {
    let (system, user) = match lang {
        Lang::Ar => (
            format!(
                "أنت محرر أخبار دقيق. اكتب {n} نقاط رئيسية قصيرة باللغة العربية تلخص الخبر التالي. \
                 كل نقطة جملة واحدة تحمل حقيقة واحدة مأخوذة من نص الخبر وحده، دون أي معرفة من خارجه. \
                 لا تضف أرقاما أو أسماء أو تواريخ غير موجودة في النص، ولا تغير النفي، \
                 وانسب كل رأي أو تصريح إلى قائله، وانقل الاقتباسات حرفيا. \
                 أجب بكائن JSON فقط بالشكل: {{\"points\": [\"...\", \"...\"]}}"
            ),
            format!(
                "{}النص:\n{article}",
                title
                    .map(|t| format!("العنوان: {t}\n\n"))
                    .unwrap_or_default()
            ),
        ),
        _ => (
            format!(
                "You are a careful news editor. Write {n} short key points, in the language of the article, \
                 that summarise the article below. Each point is one sentence stating one fact taken from \
                 the article alone, with no outside knowledge. Do not add numbers, names or dates that are \
                 not in the text, do not change a negation, attribute every view or claim to whoever holds \
                 it, and quote only word for word. Answer with a JSON object only, of the form: \
                 {{\"points\": [\"...\", \"...\"]}}"
            ),
            format!(
                "{}Article:\n{article}",
                title
                    .map(|t| format!("Headline: {t}\n\n"))
                    .unwrap_or_default()
            ),
        ),
    };
    vec![
        json!({"role": "system", "content": system}),
        json!({"role": "user", "content": user}),
    ]
}

/// Why an answer could not be read as key points (the whole answer is
/// refused).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Nothing but whitespace came back.
    #[error("the model's answer was empty")]
    Empty,
    /// It began as JSON and was not valid JSON.
    #[error("the model's answer is malformed JSON: {0}")]
    Malformed(String),
    /// Valid JSON without a list of points in it.
    #[error("the model's JSON holds no list of points")]
    NoPoints,
}

/// Reads the points out of a model's answer: a JSON object with a list
/// (`points`, `key_points`, or any one list of strings or of `{"text"}`),
/// a bare JSON list, the same inside a ```` ```json ```` fence, or else
/// plain lines with bullets or numbering (`-`, `*`, `•`, `1.`, `2)`, `١-`),
/// a heading line ending in `:` skipped.
pub fn parse_points(answer: &str) -> Result<Vec<String>, ParseError> {
    let mut s = answer.trim();
    if s.is_empty() {
        return Err(ParseError::Empty);
    }
    // A fenced block: take its inside.
    if let Some(rest) = s.strip_prefix("```") {
        let rest = rest.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        s = rest
            .rsplit_once("```")
            .map_or(rest, |(inside, _)| inside)
            .trim();
    }
    if s.starts_with('{') || s.starts_with('[') {
        let v: Value = serde_json::from_str(s).map_err(|e| ParseError::Malformed(e.to_string()))?;
        let points = points_of(&v).ok_or(ParseError::NoPoints)?;
        let points: Vec<String> = points
            .into_iter()
            .map(|p| clean_line(&p))
            .filter(|p| !p.is_empty())
            .collect();
        return if points.is_empty() {
            Err(ParseError::Empty)
        } else {
            Ok(points)
        };
    }
    let points: Vec<String> = s
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.ends_with(':') && !l.ends_with('：'))
        .map(clean_line)
        .filter(|l| !l.is_empty())
        .collect();
    if points.is_empty() {
        Err(ParseError::Empty)
    } else {
        Ok(points)
    }
}

fn points_of(v: &Value) -> Option<Vec<String>> {
    let strings = |a: &Vec<Value>| -> Option<Vec<String>> {
        a.iter()
            .map(|x| match x {
                Value::String(s) => Some(s.clone()),
                Value::Object(o) => o
                    .get("text")
                    .or_else(|| o.get("point"))
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                _ => None,
            })
            .collect()
    };
    match v {
        Value::Array(a) => strings(a),
        Value::Object(o) => ["points", "key_points", "keyPoints", "bullets", "summary"]
            .iter()
            .find_map(|k| o.get(*k).and_then(Value::as_array).and_then(strings))
            .or_else(|| {
                let lists: Vec<&Vec<Value>> = o.values().filter_map(Value::as_array).collect();
                match lists.as_slice() {
                    [one] => strings(one),
                    _ => None,
                }
            }),
        _ => None,
    }
}

/// A line without its bullet or number and surrounding markup.
fn clean_line(line: &str) -> String {
    let mut s = line.trim();
    s = s
        .trim_start_matches(['-', '*', '•', '·', '–', '—', '▪', '●'])
        .trim_start();
    // `1.` `2)` `(3)` `١-` `٢.`
    let t = s.trim_start_matches('(');
    let digits = t
        .char_indices()
        .take_while(|(_, c)| khulasa_text::digit_value(*c).is_some())
        .last()
        .map(|(i, c)| i + c.len_utf8());
    if let Some(d) = digits
        && let Some(rest) = t[d..].strip_prefix(['.', ')', '-', ':', '،', '٫'])
    {
        s = rest.trim_start();
    }
    s.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace())
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_lenient_answers_are_read() {
        assert_eq!(
            parse_points(r#"{"points": ["a.", "b."]}"#).unwrap(),
            ["a.", "b."]
        );
        assert_eq!(parse_points(r#"["a", {"text": "b"}]"#).unwrap(), ["a", "b"]);
        assert_eq!(
            parse_points("```json\n{\"key_points\": [\"x\"]}\n```").unwrap(),
            ["x"]
        );
        assert_eq!(
            parse_points("Here are the key points:\n1. First one.\n2) Second one.\n- Third.")
                .unwrap(),
            ["First one.", "Second one.", "Third."]
        );
        assert_eq!(
            parse_points("١. نقطة أولى\n• نقطة ثانية").unwrap(),
            ["نقطة أولى", "نقطة ثانية"]
        );
        assert_eq!(parse_points("  "), Err(ParseError::Empty));
        assert!(matches!(
            parse_points(r#"{"points": ["a", "#),
            Err(ParseError::Malformed(_))
        ));
        assert_eq!(parse_points(r#"{"n": 3}"#), Err(ParseError::NoPoints));
        assert_eq!(parse_points(r#"{"points": []}"#), Err(ParseError::Empty));
    }

    #[test]
    fn truncation_keeps_whole_sentences_within_budget() {
        let text = "الجملة الأولى هنا. الجملة الثانية هنا أيضا. الجملة الثالثة.";
        let (t, cut) = truncate(text, 10);
        assert!(cut);
        assert_eq!(t, "الجملة الأولى هنا.");
        assert_eq!(truncate(text, 1000), (text, false));
        let (t, cut) = truncate("كلمة كلمة كلمة كلمة كلمة كلمة", 3);
        assert!(cut && !t.is_empty() && estimate_tokens(t) <= 3);
    }

    #[test]
    fn prompt_is_in_the_articles_language() {
        let m = messages("نص", Some("عنوان"), Lang::Ar, 3);
        assert!(m[0]["content"].as_str().unwrap().contains("3 نقاط"));
        assert!(m[1]["content"].as_str().unwrap().contains("عنوان"));
        let m = messages("Text.", None, Lang::En, 2);
        assert!(
            m[0]["content"]
                .as_str()
                .unwrap()
                .contains("Write 2 short key points")
        );
    }
}
