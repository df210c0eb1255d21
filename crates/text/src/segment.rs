//! Sentence segmentation with byte spans into the original text.
//!
//! Rules, in the order they are applied:
//!
//! - A line break ends a sentence; a blank line also starts a new paragraph.
//! - `.` `!` `?` `؟` `…` (and runs of them, like `؟!` or `...`) end a sentence,
//!   together with any closing quotes or brackets right after them.
//! - `،` and `؛` never end one.
//! - A `.` does not end a sentence after an abbreviation or initial (`د.`,
//!   `م.`, `أ.د.`, `ق.م`, `Dr.`, `U.S.`), nor between digits (`12.5`,
//!   `1.200.000`), nor when a Latin letter or digit follows with no space
//!   (`example.com`).
//! - Inside a quotation that is still open (`«...»`, `"..."`, `“...”`) nothing
//!   ends a sentence, unless the quotation has run past
//!   [`Segmenter::max_quote_chars`] characters: a missing closing quote must
//!   not swallow a whole article.
//!
//! Dates such as `19 يونيو/حزيران` stay whole because nothing here splits on `/`.
//!
//! ```
//! use khulasa_text::segment;
//! let text = "قال د. أحمد إن النمو بلغ 2.5 في المئة. وأضاف: «الاقتصاد بخير. نحن متفائلون».\n\nفقرة ثانية؟ نعم!";
//! let s: Vec<&str> = segment(text).iter().map(|s| &text[s.span.start..s.span.end]).collect();
//! assert_eq!(s, [
//!     "قال د. أحمد إن النمو بلغ 2.5 في المئة.",
//!     "وأضاف: «الاقتصاد بخير. نحن متفائلون».",
//!     "فقرة ثانية؟",
//!     "نعم!",
//! ]);
//! assert_eq!(segment(text)[2].paragraph, 1);
//! ```

use crate::tokenize::char_at;
use khulasa_core::{Sentence, Span};

/// Splits `text` into sentences with the default [`Segmenter`].
pub fn segment(text: &str) -> Vec<Sentence> {
    Segmenter::default().segment(text)
}

/// A configurable sentence segmenter. `Segmenter::default()` is what
/// [`segment`] uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segmenter {
    max_quote_chars: usize,
    split_lines: bool,
}

impl Default for Segmenter {
    fn default() -> Self {
        Segmenter {
            max_quote_chars: 400,
            split_lines: true,
        }
    }
}

impl Segmenter {
    /// A segmenter with the default settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many characters a quotation may run before sentence ends inside it
    /// count again. By default 400 (a long quoted statement; far less than an
    /// article).
    pub fn max_quote_chars(mut self, n: usize) -> Self {
        self.max_quote_chars = n;
        self
    }

    /// Whether a single line break ends a sentence. By default `true`, which
    /// suits extracted articles (one block a line). Turn it off for
    /// hard-wrapped text, where lines break mid-sentence; blank lines still
    /// separate paragraphs.
    pub fn split_lines(mut self, on: bool) -> Self {
        self.split_lines = on;
        self
    }

    /// Splits `text` into sentences. Spans are trimmed of surrounding
    /// whitespace, ordered, non-overlapping, and cover every non-space
    /// character of `text`. Runs in one pass, linear in the text's length.
    pub fn segment(&self, text: &str) -> Vec<Sentence> {
        let mut out = Vec::new();
        let mut st = State::default();
        let mut start = 0usize;
        let mut paragraph = 0usize;
        let mut newlines = 0usize; // line breaks since the last non-space char
        let mut emitted = false;
        let b = text.as_bytes();
        let peek = |j: usize| (j < b.len()).then(|| char_at(text, j));
        let mut next = 0usize; // byte offset of the next char to read
        // How long a quote has been open is measured in chars. They are
        // counted only when a quote opens or a sentence might end inside
        // one, from where the last count stopped (positions only grow, so
        // the counting stays linear).
        let mut counted = (0usize, 0usize); // (byte offset, chars before it)
        let mut chars_to = |pos: usize| {
            counted.1 += text[counted.0..pos].chars().count();
            counted.0 = pos;
            counted.1
        };

        while next < b.len() {
            // Fast path, before decoding a char. A space never does
            // anything. With no line break pending, neither does any other
            // char but a line break, a quotation mark or a terminator: in
            // ASCII those are listed; in the Arabic block (lead bytes
            // D8–DB) only `؟` (D8 9F) and `۔` (DB 94) are any of them.
            if newlines == 0 {
                let from = next;
                while next < b.len() {
                    let x = b[next];
                    if x < 0x80 {
                        if matches!(x, b'\n' | b'\r' | 0x0B | 0x0C | b'"' | b'.' | b'!' | b'?') {
                            break;
                        }
                        next += 1;
                    } else if (0xD8..=0xDB).contains(&x)
                        && next + 1 < b.len()
                        && !((x == 0xD8 && b[next + 1] == 0x9F)
                            || (x == 0xDB && b[next + 1] == 0x94))
                    {
                        next += 2;
                    } else {
                        break;
                    }
                }
                if next != from {
                    continue;
                }
            } else if b[next] == b' ' {
                next += 1;
                continue;
            }
            let i = next;
            let c = char_at(text, i);
            next += c.len_utf8();
            if is_line_break(c) {
                // "\r\n" is one break.
                if c == '\r' && peek(next) == Some('\n') {
                    next += 1;
                }
                newlines += 1;
                if self.split_lines || newlines >= 2 {
                    push(text, start, i, paragraph, &mut out, &mut emitted);
                    start = i;
                    st = State::default();
                }
                continue;
            }
            // Arabic letters are never spaces, quotes or terminators: the
            // common case costs one range check.
            let arabic_letter = ('\u{0621}'..='\u{064A}').contains(&c);
            if !arabic_letter && c.is_whitespace() {
                continue;
            }
            if newlines > 0 {
                if newlines >= 2 && emitted {
                    // A blank line: whatever came before is its own paragraph.
                    push(text, start, i, paragraph, &mut out, &mut emitted);
                    start = i;
                    st = State::default();
                    paragraph += 1;
                    emitted = false;
                }
                newlines = 0;
            }

            if arabic_letter {
                continue;
            }
            if let Some(q) = Quote::of(c) {
                st.quote(q, chars_to(next));
                continue;
            }
            if !is_terminator(c) {
                continue;
            }
            if c == '.' && !period_ends(text, i, peek(next)) {
                continue;
            }
            // Consume the rest of a terminator run and any closing marks.
            let mut end = i + c.len_utf8();
            while let Some(n) = peek(next) {
                if is_terminator(n) {
                    end = next + n.len_utf8();
                } else if let Some(q) = Quote::of(n).filter(|q| st.closes(*q)) {
                    st.quote(q, chars_to(next));
                    end = next + n.len_utf8();
                } else if matches!(n, ')' | ']' | '}') {
                    end = next + n.len_utf8();
                } else {
                    break;
                }
                next += n.len_utf8();
            }
            // A run of dots glued to a following letter is not an ending ("...و").
            if c == '.' && peek(next).is_some_and(|n| n.is_alphanumeric()) && end - i > 1 {
                continue;
            }
            if st.open() && chars_to(next) - st.opened_at < self.max_quote_chars {
                continue;
            }
            push(text, start, end, paragraph, &mut out, &mut emitted);
            start = end;
            st = State::default();
        }
        push(text, start, text.len(), paragraph, &mut out, &mut emitted);
        out
    }
}

fn push(
    text: &str,
    start: usize,
    end: usize,
    paragraph: usize,
    out: &mut Vec<Sentence>,
    emitted: &mut bool,
) {
    let piece = &text[start..end];
    let trimmed_start = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if trimmed.is_empty() {
        return;
    }
    let s = start + trimmed_start;
    out.push(Sentence {
        span: Span::new(s, s + trimmed.len()),
        paragraph,
    });
    *emitted = true;
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0085}' | '\u{000B}' | '\u{000C}'
    )
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…' | '۔' | '‼' | '⁇' | '⁈' | '⁉')
}

/// Decides whether the `.` at byte `i` ends a sentence, given the char after it.
fn period_ends(text: &str, i: usize, next: Option<char>) -> bool {
    // Between digits or before a Latin letter/digit with no space: a number,
    // a domain, an abbreviation like "U.S" mid-way.
    if next.is_some_and(|n| n.is_ascii_alphanumeric() || n.is_numeric()) {
        return false;
    }
    let word = word_before(text, i);
    !is_abbreviation(word)
}

/// The letters right before byte `i` (tatweel and diacritics skipped). Only
/// short words can be abbreviations, so at most eight characters are looked
/// at; a longer word comes back as the empty string.
fn word_before(text: &str, i: usize) -> &str {
    let head = &text[..i];
    let mut start = i;
    for (n, (j, c)) in head.char_indices().rev().enumerate() {
        let letter = c.is_ascii_alphabetic()
            || ('\u{0621}'..='\u{065F}').contains(&c)
            || (!c.is_ascii() && (c.is_alphabetic() || crate::normalize::step::is_diacritic(c)));
        if !letter {
            break;
        }
        if n == 8 {
            return "";
        }
        start = j;
    }
    &head[start..]
}

/// Latin abbreviations that are followed by a name or number, not a sentence end.
const LATIN_ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "sr", "jr", "st", "mt", "gen", "col", "lt", "sgt", "capt",
    "gov", "sen", "rep", "pres", "rev", "hon", "no", "nos", "vol", "fig", "figs", "pp", "art",
    "ch", "sec", "vs", "cf", "approx", "dept", "univ", "inc", "ltd", "corp", "co", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "eg", "ie", "al",
];

/// Arabic abbreviations longer than one letter (single letters are always
/// initials: `د.` دكتور, `م.` ميلادي/مهندس, `ص.` صفحة, `ق.` قبل).
const ARABIC_ABBREVIATIONS: &[&str] = &["هـ", "ه", "ج", "ت", "ص.ب", "إلخ"];

fn is_abbreviation(word: &str) -> bool {
    // `word` holds only letters and marks (see `word_before`): count the letters.
    let letters = word
        .chars()
        .filter(|&c| c != '\u{0640}' && !crate::normalize::step::is_diacritic(c))
        .count();
    if letters == 1 {
        return true; // an initial: د. / م. / J. / U.S.
    }
    if letters == 0 {
        return false;
    }
    if word.is_ascii() {
        let lower = word.to_ascii_lowercase();
        return LATIN_ABBREVIATIONS.contains(&lower.as_str());
    }
    ARABIC_ABBREVIATIONS.contains(&word)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quote {
    GuillemetOpen,
    GuillemetClose,
    CurlyOpen,
    CurlyClose,
    Straight,
}

impl Quote {
    fn of(c: char) -> Option<Quote> {
        Some(match c {
            '«' => Quote::GuillemetOpen,
            '»' => Quote::GuillemetClose,
            '“' => Quote::CurlyOpen,
            '”' => Quote::CurlyClose,
            '"' | '＂' => Quote::Straight,
            _ => return None,
        })
    }
}

/// Which quotations are open, and since when (in chars).
#[derive(Debug, Default)]
struct State {
    guillemets: u32,
    curly: u32,
    straight: bool,
    opened_at: usize,
}

impl State {
    fn open(&self) -> bool {
        self.guillemets > 0 || self.curly > 0 || self.straight
    }

    fn closes(&self, q: Quote) -> bool {
        match q {
            Quote::GuillemetClose => self.guillemets > 0,
            Quote::CurlyClose => self.curly > 0,
            Quote::Straight => self.straight,
            _ => false,
        }
    }

    fn quote(&mut self, q: Quote, at: usize) {
        let was_open = self.open();
        match q {
            Quote::GuillemetOpen => self.guillemets += 1,
            Quote::GuillemetClose => self.guillemets = self.guillemets.saturating_sub(1),
            Quote::CurlyOpen => self.curly += 1,
            Quote::CurlyClose => self.curly = self.curly.saturating_sub(1),
            Quote::Straight => self.straight = !self.straight,
        }
        if !was_open && self.open() {
            self.opened_at = at;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        segment(text)
            .iter()
            .map(|s| s.span.slice(text).unwrap())
            .collect()
    }

    #[test]
    fn empty_and_blank() {
        assert!(segment("").is_empty());
        assert!(segment("  \n\n \t ").is_empty());
    }

    #[test]
    fn abbreviations_do_not_end() {
        assert_eq!(
            sentences("Dr. Smith met U.S. officials. Then he left."),
            ["Dr. Smith met U.S. officials.", "Then he left."]
        );
        assert_eq!(
            sentences("بنيت المدينة عام 300 ق.م وما زالت قائمة."),
            ["بنيت المدينة عام 300 ق.م وما زالت قائمة."]
        );
    }

    #[test]
    fn ellipsis_glued_to_word_does_not_end() {
        assert_eq!(sentences("انتظر...ثم رحل."), ["انتظر...ثم رحل."]);
        assert_eq!(sentences("انتظر... ثم رحل."), ["انتظر...", "ثم رحل."]);
    }

    #[test]
    fn unclosed_quote_is_bounded() {
        let long = format!("قال: «{} ", "جملة قصيرة. ".repeat(100));
        let n = segment(&long).len();
        assert!(n > 1, "an unclosed quote must not swallow everything");
        let short = "قال: «جملة. وأخرى.» ثم انتهى.";
        assert_eq!(sentences(short), ["قال: «جملة. وأخرى.»", "ثم انتهى."]);
    }

    #[test]
    fn crlf_is_one_break() {
        let t = "سطر أول\r\nسطر ثان\r\n\r\nفقرة";
        let s = segment(t);
        assert_eq!(s.len(), 3);
        assert_eq!(s[1].paragraph, 0);
        assert_eq!(s[2].paragraph, 1);
    }

    #[test]
    fn unwrapped_lines() {
        let t = "هذه جملة\nمكسورة على سطرين. وهذه أخرى.\n\nفقرة ثانية.";
        let s: Vec<&str> = Segmenter::new()
            .split_lines(false)
            .segment(t)
            .iter()
            .map(|s| s.span.slice(t).unwrap())
            .collect();
        assert_eq!(
            s,
            ["هذه جملة\nمكسورة على سطرين.", "وهذه أخرى.", "فقرة ثانية."]
        );
    }

    use proptest::prelude::*;

    /// `Segmenter::segment` as first written, char by char: the fast path
    /// over letters must give the same sentences.
    fn reference_segment(seg: &Segmenter, text: &str) -> Vec<Sentence> {
        let mut out = Vec::new();
        let mut st = State::default();
        let mut start = 0usize;
        let mut paragraph = 0usize;
        let mut newlines = 0usize; // line breaks since the last non-space char
        let mut emitted = false;
        let mut chars = text.char_indices().peekable();
        // Count of chars read; used to measure how long a quote has been open.
        let mut nchar = 0usize;

        while let Some((i, c)) = chars.next() {
            nchar += 1;
            if is_line_break(c) {
                // "\r\n" is one break.
                if c == '\r' && matches!(chars.peek(), Some((_, '\n'))) {
                    chars.next();
                    nchar += 1;
                }
                newlines += 1;
                if seg.split_lines || newlines >= 2 {
                    push(text, start, i, paragraph, &mut out, &mut emitted);
                    start = i;
                    st = State::default();
                }
                continue;
            }
            // Arabic letters are never spaces, quotes or terminators: the
            // common case costs one range check.
            let arabic_letter = ('\u{0621}'..='\u{064A}').contains(&c);
            if !arabic_letter && c.is_whitespace() {
                continue;
            }
            if newlines > 0 {
                if newlines >= 2 && emitted {
                    // A blank line: whatever came before is its own paragraph.
                    push(text, start, i, paragraph, &mut out, &mut emitted);
                    start = i;
                    st = State::default();
                    paragraph += 1;
                    emitted = false;
                }
                newlines = 0;
            }

            if arabic_letter {
                continue;
            }
            if let Some(q) = Quote::of(c) {
                st.quote(q, nchar);
                continue;
            }
            if !is_terminator(c) {
                continue;
            }
            if c == '.' && !period_ends(text, i, chars.peek().map(|&(_, n)| n)) {
                continue;
            }
            // Consume the rest of a terminator run and any closing marks.
            let mut end = i + c.len_utf8();
            while let Some(&(j, n)) = chars.peek() {
                if is_terminator(n) {
                    end = j + n.len_utf8();
                } else if let Some(q) = Quote::of(n).filter(|q| st.closes(*q)) {
                    st.quote(q, nchar);
                    end = j + n.len_utf8();
                } else if matches!(n, ')' | ']' | '}') {
                    end = j + n.len_utf8();
                } else {
                    break;
                }
                chars.next();
                nchar += 1;
            }
            // A run of dots glued to a following letter is not an ending ("...و").
            if c == '.' && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric()) && end - i > 1 {
                continue;
            }
            if st.open() && nchar - st.opened_at < seg.max_quote_chars {
                continue;
            }
            push(text, start, end, paragraph, &mut out, &mut emitted);
            start = end;
            st = State::default();
        }
        push(text, start, text.len(), paragraph, &mut out, &mut emitted);
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        #[test]
        fn same_sentences_as_char_by_char(
            text in proptest::collection::vec(
                proptest::prop_oneof![
                    6 => proptest::sample::select(vec![
                        "قال", " ", "د.", "م", ".", "...", "؟", "!", "«", "»", "\"", "“", "”",
                        "\n", "\n\n", "\r\n", "\r", "U.S.", "Dr.", "12.5", "example.com", ")",
                        "\u{2029}", "…", "ـ", "َ", "ق.م", " و", "x", "\u{0085}", "؛", "،",
                        "۔", "\t", "\u{000B}", "\u{00A0}", "＂", "!", "?", "(", "]",
                    ]).prop_map(String::from),
                    1 => "\\PC{0,3}",
                ],
                0..60,
            ).prop_map(|v| v.concat()),
            max in 1usize..50,
        ) {
            for seg in [
                Segmenter::new(),
                Segmenter::new().split_lines(false),
                Segmenter::new().max_quote_chars(max),
            ] {
                proptest::prop_assert_eq!(seg.segment(&text), reference_segment(&seg, &text));
            }
        }
    }
}
