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
    let median = median_chars(body);
    if !(20..=200).contains(&median) {
        return false;
    }
    let near = body.iter().filter(|l| near_width(l, median)).count();
    near * 10 >= body.len() * 6
}

/// The median length, in characters, of `lines` (0 for none).
fn median_chars(lines: &[&str]) -> usize {
    let mut lens: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
    lens.sort_unstable();
    lens.get(lens.len() / 2).copied().unwrap_or(0)
}

/// True when `line` is within the band around the wrap width `median`
/// that a wrapped line fills.
fn near_width(line: &str, median: usize) -> bool {
    let n = line.chars().count();
    n * 10 >= median * 6 && n * 10 <= median * 14
}

/// The paragraphs of hard-wrapped text that has no blank lines between
/// them ([`is_hard_wrapped`] said so), each a run of lines joined with a
/// space. A paragraph ends at a line that ends a sentence and either falls
/// short of the wrap width or comes before an indented line: without
/// blank lines, that is how such text shows a paragraph's end. Any other
/// line break is inside a sentence or between sentences of one paragraph.
///
/// ```
/// use khulasa_summarize::unwrap::wrapped_paragraphs;
/// let t = "افتتح الوزير معرضا للكتاب في العاصمة\nبحضور عدد كبير من الزوار والناشرين\nالعرب.\n وقال إن المعرض يستمر أسبوعا كاملا\nويضم ألف دار نشر من عشرين بلدا.";
/// assert_eq!(
///     wrapped_paragraphs(t),
///     [
///         "افتتح الوزير معرضا للكتاب في العاصمة بحضور عدد كبير من الزوار والناشرين العرب.",
///         "وقال إن المعرض يستمر أسبوعا كاملا ويضم ألف دار نشر من عشرين بلدا.",
///     ]
/// );
/// ```
pub fn wrapped_paragraphs(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let trimmed: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
    let width = median_chars(&trimmed[..trimmed.len().saturating_sub(1)]);
    let mut out = Vec::new();
    let mut cur = String::new();
    for (k, line) in trimmed.iter().enumerate() {
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(line);
        let next_indented = lines
            .get(k + 1)
            .is_some_and(|n| n.starts_with(char::is_whitespace));
        let short = line.chars().count() * 10 < width * 6;
        if ends_sentence(line) && (next_indented || short) {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
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
    fn wrapped_lines_join_into_paragraphs() {
        // A wrap width of about 35 characters; the second paragraph's end
        // fills the width, but the next line is indented.
        let t = "أعلنت الحكومة اليوم عن خطة جديدة\nلدعم المزارعين في المناطق الريفية\nالفقيرة.\n وتشمل الخطة قروضا ميسرة وبذورا\nمحسنة وآلات حديثة للحصاد والري بالتنقيط.\n  وقال الوزير إن التنفيذ يبدأ في\nالربيع المقبل.";
        assert!(is_hard_wrapped(t));
        let p = wrapped_paragraphs(t);
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[0].ends_with("الريفية الفقيرة."), "{}", p[0]);
        assert!(p[1].starts_with("وتشمل") && p[1].ends_with("بالتنقيط."));
        assert_eq!(p[2], "وقال الوزير إن التنفيذ يبدأ في الربيع المقبل.");
        // A sentence that ends at the wrap width mid-paragraph does not end
        // the paragraph.
        let q = wrapped_paragraphs(
            "جملة أولى تنتهي عند عرض السطر.\nوالثانية تكمل الفقرة نفسها\nحتى آخرها.",
        );
        assert_eq!(q.len(), 1, "{q:?}");
        assert!(wrapped_paragraphs("").is_empty());
    }

    #[test]
    fn headline_lines_without_stops_are_not_wrapped() {
        // One paragraph a line, some without a final stop, lengths all over.
        let t = "عنوان قصير\nهذه فقرة طويلة جدا تتحدث عن موضوع الخبر وتفاصيله الكثيرة التي لا تنتهي بسرعة أبدا.\nفقرة\nفقرة أخرى متوسطة الطول بلا نقطة في آخرها\nوأخيرة.";
        assert!(!is_hard_wrapped(t));
    }
}
