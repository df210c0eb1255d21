//! Finding the article body: prune page chrome, score containers, collect blocks.
//!
//! 1. **Prune.** Elements that are never body (scripts, navigation, forms'
//!    controls, hidden elements) and elements whose class, id or role names
//!    chrome (share bars, related links, comments, widgets, in English and in
//!    the transliterated Arabic that Arabic sites use) are marked as junk. A
//!    junk mark is refused to an element that holds most of the page's
//!    paragraph text: a wrapper called `has-sidebar` is not a sidebar.
//! 2. **Score.** Every paragraph-like element scores by its length and its
//!    commas (Latin and Arabic); the score flows to its ancestors, halving
//!    with each level. A container's score is then weighted by its class/id
//!    hints and by its link density. The best container wins, and siblings
//!    that look like more of the same article are added.
//! 3. **Collect.** The winners are walked in document order into blocks
//!    (paragraph, heading, quote, list item); link-heavy blocks and known
//!    widget lines (`+ الخط -`, `استمع إلى الملخص`, ...) are dropped.
//!
//! Each step is a module: [`lexicon`] (the words, as data), [`prune`],
//! [`score`] and [`collect`].

mod collect;
mod lexicon;
mod prune;
mod score;

pub(crate) use lexicon::{CAPTION_CONTROLS, GALLERY_NAMES};
pub(crate) use prune::{FIGURE, JUNK, META, SUMMARY, raw_text_chars, scan};
pub(crate) use score::extract;
