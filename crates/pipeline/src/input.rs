//! What a caller hands the pipeline, and the one way each kind becomes an
//! [`Article`].

use khulasa_core::{Article, Block, BlockKind, Lang, LangTag};
use khulasa_summarize::unwrap;

/// What an article is made from.
///
/// A URL is not an input here: fetching is the caller's (async) business,
/// and what it fetched comes in as [`Input::Fetched`], whose final URL is
/// the only URL allowed to identify an article.
#[derive(Debug, Clone)]
pub enum Input {
    /// A page fetched from the web: the bytes, the charset the server sent
    /// (older Arabic sites send windows-1256 only there) and the URL the
    /// body came from after redirects.
    Fetched {
        /// The page as received.
        bytes: Vec<u8>,
        /// `charset` of the `Content-Type` header, if any.
        charset: Option<String>,
        /// The final URL.
        url: String,
    },
    /// A page's HTML given by the caller.
    Html {
        /// The page.
        html: Vec<u8>,
        /// The charset its source declared outside the page (an HTTP
        /// header kept in an archive), if any.
        charset: Option<String>,
        /// Where the caller says it came from: resolves relative links and
        /// is kept as metadata when the page names no canonical URL.
        url: Option<String>,
        /// A headline to use when the page has none (see [`Input::title`]).
        title: Option<String>,
    },
    /// Plain text: paragraphs separated by blank lines (or one a line).
    Text {
        /// The body.
        text: String,
        /// The headline.
        title: Option<String>,
        /// Where it came from, kept as metadata.
        url: Option<String>,
    },
}

impl Input {
    /// The rule for a title given beside a page: **the page's own headline
    /// wins**; the given title fills in only when extraction found none. A
    /// page knows its headline better than a batch line or a form field
    /// does, and one rule keeps the article (and so its id) the same
    /// whichever door it came in by.
    pub const TITLE_RULE: &'static str =
        "a title given beside HTML is used only when the page has no headline of its own";

    /// The text size of the input in bytes, for limits checked before any
    /// work.
    pub fn len(&self) -> usize {
        match self {
            Input::Fetched { bytes, .. } => bytes.len(),
            Input::Html { html, .. } => html.len(),
            Input::Text { text, .. } => text.len(),
        }
    }

    /// True when the input holds no bytes at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl From<khulasa_fetch::Fetched> for Input {
    fn from(f: khulasa_fetch::Fetched) -> Input {
        Input::Fetched {
            bytes: f.bytes,
            charset: f.charset,
            url: f.final_url,
        }
    }
}

/// An article built from plain text. Line endings are unified; paragraphs
/// are separated by blank lines, and their wrapped lines joined with a
/// space; text with no blank line at all has one paragraph per line,
/// unless its lines break inside sentences at a fixed width
/// ([`unwrap::is_hard_wrapped`]): then they are joined into paragraphs
/// ([`unwrap::wrapped_paragraphs`]), or every line would be read as a
/// sentence of its own. The language is detected and its direction set; a
/// blank title is none.
///
/// ```
/// use khulasa_pipeline::article_from_text;
/// let a = article_from_text("السطر الأول\nتكملة.\n\nالفقرة الثانية.", Some(" عنوان "), None);
/// assert_eq!(a.text, "السطر الأول تكملة.\n\nالفقرة الثانية.");
/// assert_eq!(a.title.as_deref(), Some("عنوان"));
/// assert_eq!(a.lang.map(String::from).as_deref(), Some("ar"));
/// ```
pub fn article_from_text(text: &str, title: Option<&str>, url: Option<&str>) -> Article {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let has_blank = text.trim().lines().any(|l| l.trim().is_empty());
    let wrapped = !has_blank && unwrap::is_hard_wrapped(&text);
    let blocks: Vec<Block> = if wrapped {
        unwrap::wrapped_paragraphs(&text)
            .into_iter()
            .map(paragraph)
            .collect()
    } else {
        line_blocks(&text, has_blank)
    };
    let body = Article::text_from_blocks(&blocks);
    let lang = khulasa_text::detect_lang(&body);
    Article {
        url: url
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(String::from),
        title: clean_title(title),
        lang: lang.tag(),
        dir: Some(lang.direction()),
        blocks,
        text: body,
        ..Article::default()
    }
}

/// A paragraph block of `text`.
fn paragraph(text: String) -> Block {
    Block {
        kind: BlockKind::Paragraph,
        text,
    }
}

/// The blocks of text whose lines are not hard-wrapped: paragraphs
/// separated by blank lines (`has_blank`; else one a line), their lines
/// joined with a space; a list line a block of its own, with the indented
/// lines after it.
fn line_blocks(text: &str, has_blank: bool) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    // Whether the last block is a list item that an indented line goes on.
    let mut in_item = false;
    for raw in text.lines() {
        let line = raw.trim();
        let item = list_item(line);
        let goes_on_item =
            in_item && item.is_none() && !line.is_empty() && raw.starts_with(char::is_whitespace);
        if goes_on_item {
            if let Some(b) = blocks.last_mut() {
                b.text.push(' ');
                b.text.push_str(line);
            }
            continue;
        }
        if line.is_empty() || !has_blank || item.is_some() {
            if !cur.is_empty() {
                blocks.push(paragraph(cur.join(" ")));
                cur.clear();
            }
            in_item = false;
            if let Some(body) = item {
                blocks.push(Block {
                    kind: BlockKind::ListItem,
                    text: body.to_string(),
                });
                in_item = true;
            } else if !line.is_empty() {
                blocks.push(paragraph(line.to_string()));
            }
        } else {
            in_item = false;
            cur.push(line);
        }
    }
    if !cur.is_empty() {
        blocks.push(paragraph(cur.join(" ")));
    }
    blocks
}

/// The text of a list item line (`- `, `* `, `• `, `– `, `1. `, `1) `,
/// `١. ` before it), or none. Such a line is a block of its own: joined to
/// the lines around it, a list reads as one long sentence.
fn list_item(line: &str) -> Option<&str> {
    let body = ["- ", "* ", "• ", "– "]
        .iter()
        .find_map(|m| line.strip_prefix(m))
        .or_else(|| {
            let digits = line.chars().take_while(|c| c.is_numeric()).count();
            let rest = line.get(line.char_indices().nth(digits)?.0..)?;
            (1..=3).contains(&digits).then_some(())?;
            rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") "))
        })?
        .trim();
    (!body.is_empty()).then_some(body)
}

/// A title as given, trimmed; blank is none.
pub(crate) fn clean_title(title: Option<&str>) -> Option<String> {
    title
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
}

/// The language an article is in, for the summarizer and the speaker: its
/// declared language when it is one we know, else detected from the text.
pub fn lang_of(article: &Article) -> Lang {
    match article.lang.as_ref().map(LangTag::lang) {
        Some(lang @ (Lang::Ar | Lang::En)) => lang,
        _ => khulasa_text::detect_lang(&article.text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_becomes_paragraphs() {
        let a = article_from_text(
            "الفقرة الأولى\nتكملة.\n\n\nالفقرة الثانية.\r\n",
            Some(" عنوان "),
            None,
        );
        assert_eq!(a.blocks.len(), 2);
        assert_eq!(a.text, "الفقرة الأولى تكملة.\n\nالفقرة الثانية.");
        assert_eq!(a.title.as_deref(), Some("عنوان"));
        assert_eq!(a.dir, Some(khulasa_core::Dir::Rtl));
        // Without blank lines, each line is a paragraph.
        let b = article_from_text("سطر أول.\nسطر ثان.", None, None);
        assert_eq!(b.blocks.len(), 2);
        assert_eq!(b.title, None);
        // Hard-wrapped lines with no blank line between paragraphs are
        // joined: a line break inside a sentence is no sentence end.
        let w = article_from_text(
            "أعلن وزير الصحة عن حملة تطعيم جديدة\nتشمل جميع الأطفال دون الخامسة في\nالمحافظات الشمالية.\n وقال إن الحملة تبدأ الأسبوع المقبل\nوتستمر شهرا كاملا في كل المدن.\n وأضاف أن اللقاحات وصلت من الخارج.",
            None,
            None,
        );
        assert_eq!(w.blocks.len(), 3, "{:?}", w.blocks);
        assert_eq!(
            w.blocks[0].text,
            "أعلن وزير الصحة عن حملة تطعيم جديدة تشمل جميع الأطفال دون الخامسة في المحافظات الشمالية."
        );
        // Blank lines only at the ends do not count as paragraph breaks.
        let c = article_from_text("\n\nسطر أول.\nسطر ثان.\n\n", Some("  "), None);
        assert_eq!(c.blocks.len(), 2);
        assert_eq!(c.title, None);
    }

    #[test]
    fn list_lines_are_items_of_their_own() {
        let a = article_from_text(
            "اظهر الملخص\n- اجتمع الوزير مع نظيره في العاصمة.\n- وقع الطرفان اتفاقية\n  للتعاون العسكري.\n\nالفقرة الأولى من الخبر.\n1. بند أول.\n2) بند ثان.",
            None,
            None,
        );
        let kinds: Vec<(BlockKind, &str)> =
            a.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::Paragraph, "اظهر الملخص"),
                (BlockKind::ListItem, "اجتمع الوزير مع نظيره في العاصمة."),
                (BlockKind::ListItem, "وقع الطرفان اتفاقية للتعاون العسكري."),
                (BlockKind::Paragraph, "الفقرة الأولى من الخبر."),
                (BlockKind::ListItem, "بند أول."),
                (BlockKind::ListItem, "بند ثان."),
            ]
        );
        // Not list markers: a year, a dash inside a line, a bare marker.
        for t in ["2024 كان عاما صعبا.", "الوزير - كما قال - غادر.", "-", "- "]
        {
            assert_eq!(list_item(t), None, "{t}");
        }
    }

    #[test]
    fn unknown_language_is_left_unset_not_und() {
        let a = article_from_text("12345 67890.", None, None);
        assert_eq!(a.lang, None);
    }
}
