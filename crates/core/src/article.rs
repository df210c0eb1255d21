//! What extraction produces from a web page.

use crate::{Dir, LangTag};
use serde::{Deserialize, Deserializer, Serialize};

/// Reads a language tag that may be anything (an article stored before tags
/// were checked): a value that is not a tag is none, not an unreadable
/// article.
fn lenient_lang<'de, D: Deserializer<'de>>(d: D) -> Result<Option<LangTag>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.and_then(|s| LangTag::parse(&s)))
}

/// Reads a direction the same way: anything but `rtl` / `ltr` is none.
fn lenient_dir<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Dir>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.and_then(|s| Dir::parse(&s)))
}

/// The article found in a page: its body, and the parts a news page shows
/// separately (headline, date, photo caption with its credit, contributors).
///
/// Every field but `blocks` and `text` may be empty: many pages lack some of
/// them. Dates are ISO 8601 (`2024-11-29` or `2024-11-29T10:00:00+03:00`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Article {
    /// The page's URL, when known.
    pub url: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// Publication date, ISO 8601.
    pub published: Option<String>,
    /// Last modification date, ISO 8601.
    pub modified: Option<String>,
    /// Bylines and contributors, in page order, without "By" / "بقلم".
    pub authors: Vec<String>,
    /// The publication's name.
    pub site_name: Option<String>,
    /// The section (politics, sport, ...), when the page says.
    pub section: Option<String>,
    /// Language code of the article (`"ar"`, `"en"`, ...).
    #[serde(default, deserialize_with = "lenient_lang")]
    pub lang: Option<LangTag>,
    /// Writing direction: `"rtl"` or `"ltr"`.
    #[serde(default, deserialize_with = "lenient_dir")]
    pub dir: Option<Dir>,
    /// The lead photo, its caption and its credit.
    pub lead_image: Option<LeadImage>,
    /// A summary the publisher already put on the page (kept out of the body).
    pub publisher_summary: Vec<String>,
    /// The body, block by block.
    pub blocks: Vec<Block>,
    /// The body as plain text: blocks separated by blank lines.
    pub text: String,
}

/// The lead photo of an article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeadImage {
    /// Image URL, as given by the page (absolutised when the page URL is known).
    pub src: Option<String>,
    /// The caption, without its credit.
    pub caption: Option<String>,
    /// Who took or supplied the photo: `فرانس برس`, `Getty`, `Reuters`.
    pub credit: Option<String>,
}

/// One block of an article body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Block {
    /// What kind of block this is.
    pub kind: BlockKind,
    /// Its plain text.
    pub text: String,
}

/// The kinds of body block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// An ordinary paragraph.
    Paragraph,
    /// A subheading inside the body.
    Heading,
    /// A block quotation.
    Quote,
    /// One item of a list.
    ListItem,
}

impl Article {
    /// Joins `blocks` into `text`, blocks separated by blank lines.
    pub fn text_from_blocks(blocks: &[Block]) -> String {
        let mut out = String::new();
        for b in blocks {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&b.text);
        }
        out
    }
}
