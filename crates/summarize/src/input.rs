//! What the summarizer reads before scoring: length settings checked, words
//! counted, sentences segmented (hard-wrapped text too), a headline line
//! found, the language told; and the lead baseline, read the same way.

use crate::{SummarizeError, unwrap};
use khulasa_core::{Lang, Length, Sentence};
use khulasa_text::{Segmenter, TokenKind, detect_lang, segment, tokenize};

/// Checks a length setting.
pub fn check_length(length: Length) -> Result<(), SummarizeError> {
    match length {
        Length::Bullets(0) => Err(SummarizeError::BadLength(
            "bullets must be at least 1".into(),
        )),
        Length::Words(0) => Err(SummarizeError::BadLength("words must be at least 1".into())),
        Length::Ratio(r) if !(r > 0.0 && r <= 1.0) => Err(SummarizeError::BadLength(format!(
            "ratio must be in (0, 1], got {r}"
        ))),
        _ => Ok(()),
    }
}

/// Counts words and numbers.
pub fn count_words(text: &str) -> usize {
    tokenize(text)
        .iter()
        .filter(|t| t.kind.is_word() || t.kind == TokenKind::Number)
        .count()
}

/// Segments `text` the way the summarizer does: hard-wrapped text with line
/// breaks not ending sentences, other text with [`segment`]. Returns the
/// sentences and whether the text was hard-wrapped.
pub fn sentences(text: &str) -> (Vec<Sentence>, bool) {
    if unwrap::is_hard_wrapped(text) {
        (Segmenter::new().split_lines(false).segment(text), true)
    } else {
        (segment(text), false)
    }
}

/// The index of a headline line at the top of plain text: a first paragraph
/// of one sentence, with no final stop, of at most 20 words, followed by
/// more text. Such a line is used as the title (when none is given) and is
/// never a key point.
pub(crate) fn headline(text: &str, sents: &[Sentence]) -> Option<usize> {
    let first = sents.first()?;
    let second = sents.get(1)?;
    if first.paragraph != 0 || second.paragraph == 0 {
        return None;
    }
    let t = text[first.span.start..first.span.end].trim_end();
    let stop = t.ends_with(['.', '!', '?', '؟', '…', ':', '"', '»', '”']);
    (!stop && count_words(t) <= 20).then_some(0)
}

/// The lead baseline: the first sentences (for [`Length::Bullets`]), or the
/// first words of the text (for [`Length::Words`] and [`Length::Ratio`]),
/// segmented like the summarizer segments. Empty for empty text.
pub fn lead(text: &str, length: Length) -> String {
    let words = match length {
        Length::Bullets(k) => {
            let (s, _) = sentences(text);
            return s
                .iter()
                .filter(|s| {
                    text[s.span.start..s.span.end]
                        .chars()
                        .any(char::is_alphanumeric)
                })
                .take(k)
                .map(|s| &text[s.span.start..s.span.end])
                .collect::<Vec<_>>()
                .join("\n");
        }
        Length::Words(n) => n,
        Length::Ratio(r) => (r * count_words(text) as f64).ceil() as usize,
    };
    let toks = tokenize(text);
    let end = toks
        .iter()
        .filter(|t| t.kind.is_word() || t.kind == TokenKind::Number)
        .nth(words.saturating_sub(1))
        .map_or(text.len(), |t| t.span.end);
    if words == 0 {
        String::new()
    } else {
        text[..end].to_string()
    }
}

/// The language the summarizer treats `text` as: [`detect_lang`], with a
/// fast path for text that is plainly Arabic (in its first 1,000 bytes, at
/// least 20 Arabic letters, three times as many as Latin ones, and none of
/// the letters only Persian or Urdu use).
pub fn language(text: &str) -> Lang {
    let (mut ar, mut latin) = (0usize, 0usize);
    for c in text.chars().take_while({
        let mut bytes = 0;
        move |c| {
            bytes += c.len_utf8();
            bytes <= 1000
        }
    }) {
        match c {
            'پ' | 'چ' | 'ژ' | 'گ' | 'ڈ' | 'ٹ' | 'ں' | 'ے' | 'ھ' => {
                return detect_lang(text);
            }
            '\u{0621}'..='\u{064A}' => ar += 1,
            c if c.is_ascii_alphabetic() => latin += 1,
            _ => {}
        }
    }
    if ar >= 20 && ar >= 3 * latin {
        Lang::Ar
    } else {
        detect_lang(text)
    }
}
