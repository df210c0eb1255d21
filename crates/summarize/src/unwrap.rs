//! Hard-wrapped text: lines that break inside sentences.
//!
//! Some sources (EASC among them) break lines at a fixed width, so a line
//! break is not a sentence end. [`is_hard_wrapped`] tells such text from text
//! with one paragraph or sentence a line; the summarizer then segments it
//! with `Segmenter::split_lines(false)`, so only punctuation and blank lines
//! end sentences. Nothing in the text is rewritten, so spans stay valid.

/// Terminal punctuation that may end a line that ends a sentence, with the
/// closing quotes and brackets that may follow it.
fn ends_sentence(line: &str) -> bool {
    let t = line
        .trim_end()
        .trim_end_matches(['"', '»', '”', ')', '\'', ']']);
    t.ends_with(['.', '!', '?', '؟', '…', ':'])
}

/// True when most lines of `text` end mid-sentence and have similar,
/// moderate lengths (a fixed wrap width). Needs at least four non-empty lines;
/// looks at no more than the first 200.
///
/// ```
/// use khulasa_summarize::unwrap::is_hard_wrapped;
/// let wrapped = "افتتح الوزير معرضا للكتاب في\nالعاصمة بحضور عدد كبير من\nالزوار والناشرين من دول\nعربية كثيرة. وقال إن المعرض\nسيستمر أسبوعا.";
/// assert!(is_hard_wrapped(wrapped));
/// assert!(!is_hard_wrapped("جملة أولى.\nجملة ثانية.\nجملة ثالثة.\nجملة رابعة."));
/// ```
pub fn is_hard_wrapped(text: &str) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(200)
        .collect();
    if lines.len() < 4 {
        return false;
    }
    let body = &lines[..lines.len() - 1];
    let open = body.iter().filter(|l| !ends_sentence(l)).count();
    if open * 2 < body.len() {
        return false;
    }
    // A wrap width: most lines within a band around the median length.
    let mut lens: Vec<usize> = body.iter().map(|l| l.chars().count()).collect();
    lens.sort_unstable();
    let median = lens[lens.len() / 2];
    if !(20..=200).contains(&median) {
        return false;
    }
    let near = lens
        .iter()
        .filter(|&&n| n * 10 >= median * 6 && n * 10 <= median * 14)
        .count();
    near * 10 >= lens.len() * 6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_texts_are_not_wrapped() {
        assert!(!is_hard_wrapped(""));
        assert!(!is_hard_wrapped("سطر\nسطر"));
    }

    #[test]
    fn headline_lines_without_stops_are_not_wrapped() {
        // One paragraph a line, some without a final stop, lengths all over.
        let t = "عنوان قصير\nهذه فقرة طويلة جدا تتحدث عن موضوع الخبر وتفاصيله الكثيرة التي لا تنتهي بسرعة أبدا.\nفقرة\nفقرة أخرى متوسطة الطول بلا نقطة في آخرها\nوأخيرة.";
        assert!(!is_hard_wrapped(t));
    }
}
