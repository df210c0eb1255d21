//! khulasa-summarize: from an article's text to the key points a reader sees
//! under "show the summary", each traced to the sentences it came from.
//!
//! What goes in: the article body as plain text (paragraphs separated by
//! blank lines, as `khulasa extract` gives it), an optional headline, and a
//! [`Length`]. What comes out: a [`Summary`] whose key points are short
//! sentences, each with [`SourceRef`]s: the index of its source sentence in
//! `khulasa_text::segment(text)` of the very text passed in, and the byte span
//! of the part that was kept, so a reader page can highlight it.
//!
//! How: sentences are scored by a linear model over news features (lead
//! position, LexRank centrality, similarity to the title, to the lead and to
//! the whole text, length, numbers, names, quotes) whose weights were fitted
//! on the dev data ([`weights`]); chosen with MMR so no two points say the
//! same thing ([`select`]); then trimmed the way an editor trims
//! ([`compress`]: attribution tails, empty time words, leading discourse
//! markers), which can be switched off. Trimming never states a view as
//! fact: an opinion verb keeps its holder, named from an earlier sentence
//! when the verb has only a pronoun (`اعتبر بيلاوسوف أن ...`), and that name
//! is a source in the sentence it came from.
//!
//! ```
//! use khulasa_core::Length;
//! use khulasa_summarize::Summarizer;
//!
//! let text = "أعلنت الحكومة، أمس الأحد، خطة جديدة لخفض أسعار الكهرباء بنسبة عشرة في المئة، حسب ما نقلت وكالة الأنباء الرسمية. \
//! وقال وزير الطاقة إن الخطة تبدأ في يناير المقبل.\n\n\
//! وتشمل الخطة دعم الأسر ذات الدخل المحدود وتركيب ألواح شمسية في المدارس. \
//! وكان البرلمان قد طالب الحكومة بخفض الأسعار منذ شهور.";
//! let s = Summarizer::default().summarize(text, Some("خطة لخفض أسعار الكهرباء"), Length::Bullets(2)).unwrap();
//! assert_eq!(s.key_points.len(), 2);
//! // The first point is the lead, trimmed of its time words and attribution.
//! assert_eq!(s.key_points[0].text, "أعلنت الحكومة خطة جديدة لخفض أسعار الكهرباء بنسبة عشرة في المئة.");
//! // Its sources point into the text: sentence 0, and the pieces kept from it.
//! let src = &s.key_points[0].sources;
//! assert_eq!(src[0].sentence, 0);
//! assert_eq!(&text[src[0].span.start..src[0].span.end], "أعلنت الحكومة");
//! ```
//!
//! Limits (all explicit, all typed errors or documented cuts): text larger
//! than [`MAX_TEXT_BYTES`] is refused; only the first [`MAX_SENTENCES`]
//! sentences are scored (later ones can still be counted for `--ratio`); a
//! key point longer than [`MAX_POINT_WORDS`] words is cut at a word boundary
//! and marked with `…`.
//!
//! Hard-wrapped text (lines broken inside sentences, as in EASC) is detected
//! ([`unwrap`]) and segmented with line breaks not ending sentences; the
//! sources are then mapped back onto `segment(text)`, a kept piece that
//! spans several of its sentences giving one [`SourceRef`] per sentence.

pub mod compress;
pub mod features;
pub mod select;
pub mod unwrap;
pub mod weights;

pub use khulasa_core::{KeyPoint, Length, SourceRef, Span, Summary};
pub use weights::Weights;

use features::{Doc, analyse};
use khulasa_core::{Deadline, Lang, Sentence};
use khulasa_text::{Segmenter, TokenKind, detect_lang, segment, tokenize};

/// Version of the engine's output. Bumped whenever the same input may give a
/// different summary (the store keys summaries by it).
pub const ENGINE_VERSION: &str = "5";

/// The largest text accepted, in bytes (2 MiB: a long report is ~200 KB).
pub const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;

/// How many sentences (from the start) are scored. Centrality is quadratic
/// in this number; news puts what matters early.
pub const MAX_SENTENCES: usize = 1000;

/// A key point longer than this many words is cut at a word boundary.
pub const MAX_POINT_WORDS: usize = 80;

/// Why a text could not be summarised.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SummarizeError {
    /// Nothing but whitespace.
    #[error("the text is empty")]
    Empty,
    /// Over [`MAX_TEXT_BYTES`].
    #[error("the text is {bytes} bytes; the limit is {limit} bytes")]
    TooLarge {
        /// Size of the text.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// No words or numbers at all (only punctuation or symbols).
    #[error("the text has no words to summarise")]
    NoWords,
    /// A length setting out of range.
    #[error("invalid length: {0}")]
    BadLength(String),
    /// The work took longer than [`Limits::time_budget`].
    #[error("summarising took longer than its time budget of {}", khulasa_core::format_budget(*.budget))]
    TimeBudget {
        /// The budget that was spent.
        budget: std::time::Duration,
    },
}

/// Bounds on one call to the summarizer. The defaults are
/// [`MAX_TEXT_BYTES`], [`MAX_SENTENCES`] and no clock.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Largest text accepted, in bytes; larger is [`SummarizeError::TooLarge`].
    pub max_text_bytes: usize,
    /// How many sentences (from the start) are scored; later ones are not
    /// candidates. Centrality is quadratic in this number.
    pub max_sentences: usize,
    /// Wall-clock budget for one call, checked between stages
    /// (segmentation, analysis, selection); `None`: no clock.
    pub time_budget: Option<std::time::Duration>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_text_bytes: MAX_TEXT_BYTES,
            max_sentences: MAX_SENTENCES,
            time_budget: None,
        }
    }
}

/// Engine settings. `Options::default()` is the fitted engine with
/// compression on.
#[derive(Debug, Clone)]
pub struct Options {
    /// Trim key points the way an editor does ([`compress`]). Default `true`.
    pub compress: bool,
    /// Scorer weights and selection settings. Default [`Weights::fitted`].
    pub weights: Weights,
    /// Size and time bounds. Default [`Limits::default`].
    pub limits: Limits,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            compress: true,
            weights: Weights::fitted(),
            limits: Limits::default(),
        }
    }
}

/// The summarizer. Cheap to build; `summarize` takes `&self` and can be
/// shared across threads.
#[derive(Debug, Clone, Default)]
pub struct Summarizer {
    opts: Options,
}

/// A text analysed once, ready for selection at any length.
#[derive(Debug, Clone)]
pub struct Analysis<'a> {
    /// The text as passed in.
    pub text: &'a str,
    /// The sentences and their features.
    pub doc: Doc,
    /// Whether the text was treated as hard-wrapped.
    pub wrapped: bool,
    /// For each analysed sentence, its index in the segmentation (sentences
    /// without words and a headline line are not analysed).
    pub index: Vec<usize>,
}

impl Analysis<'_> {
    /// The text of internal sentence `i`.
    pub fn sentence_text(&self, i: usize) -> &str {
        let s = &self.doc.sents[i].sentence.span;
        &self.text[s.start..s.end]
    }
}

impl SummarizeError {
    /// The configurable limit this error hit, if it is one.
    pub fn limit(&self) -> Option<khulasa_core::Limit> {
        match self {
            SummarizeError::TooLarge { .. } => Some(khulasa_core::Limit::TextBytes),
            SummarizeError::TimeBudget { .. } => Some(khulasa_core::Limit::SummarizeTime),
            _ => None,
        }
    }
}

fn over_budget(budget: std::time::Duration) -> SummarizeError {
    SummarizeError::TimeBudget { budget }
}

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

impl Summarizer {
    /// A summarizer with these options.
    pub fn new(opts: Options) -> Summarizer {
        Summarizer { opts }
    }

    /// The options in use.
    pub fn options(&self) -> &Options {
        &self.opts
    }

    /// The key points of `text` (see the crate docs). `title`, when given and
    /// not blank, helps choose the sentences that carry the story.
    pub fn summarize(
        &self,
        text: &str,
        title: Option<&str>,
        length: Length,
    ) -> Result<Summary, SummarizeError> {
        check_length(length)?;
        let deadline = Deadline::after(self.opts.limits.time_budget);
        let a = self.analyse_by(text, title, &deadline)?;
        // Points trimmed while choosing are kept for the summary.
        let mut trimmed: Vec<Option<compress::Compressed>> = vec![None; a.doc.sents.len()];
        let picks = select::pick(&a.doc, &self.opts.weights, length, |i| {
            let (c, words) = self.point(&a, i);
            let kept = c.kept.clone();
            trimmed[i] = Some(c);
            select::Shown { words, kept }
        });
        deadline.check().map_err(over_budget)?;
        Ok(self.build_from(&a, &picks, length, &mut trimmed))
    }

    /// Analyses a text once (segmentation, features). Errors as
    /// [`Summarizer::summarize`].
    pub fn analyse<'a>(
        &self,
        text: &'a str,
        title: Option<&str>,
    ) -> Result<Analysis<'a>, SummarizeError> {
        self.analyse_by(text, title, &Deadline::after(self.opts.limits.time_budget))
    }

    fn analyse_by<'a>(
        &self,
        text: &'a str,
        title: Option<&str>,
        deadline: &Deadline,
    ) -> Result<Analysis<'a>, SummarizeError> {
        let limits = &self.opts.limits;
        if text.len() > limits.max_text_bytes {
            return Err(SummarizeError::TooLarge {
                bytes: text.len(),
                limit: limits.max_text_bytes,
            });
        }
        if text.trim().is_empty() {
            return Err(SummarizeError::Empty);
        }
        let (all, wrapped) = sentences(text);
        deadline.check().map_err(over_budget)?;
        let headline = headline(text, &all);
        let head = headline.map(|i| &text[all[i].span.start..all[i].span.end]);
        // Sentences with no word or number carry nothing to say; a headline
        // line is the title, not a key point. `index` keeps each kept
        // sentence's place in the segmentation, which sources must name.
        let (index, mut sents): (Vec<usize>, Vec<Sentence>) = all
            .into_iter()
            .enumerate()
            .filter(|(i, s)| {
                Some(*i) != headline
                    && text[s.span.start..s.span.end]
                        .chars()
                        .any(features::is_wordy)
            })
            .unzip();
        if sents.is_empty() {
            return Err(SummarizeError::NoWords);
        }
        let cap = limits.max_sentences.max(1);
        let truncated = sents.len() > cap;
        sents.truncate(cap);
        let lang = language(text);
        let title = title.map(str::trim).filter(|t| !t.is_empty()).or(head);
        let mut doc = analyse(text, sents, title, lang);
        // The sentences cover every word of the text, unless some were cut.
        let total_words = if truncated {
            count_words(text)
        } else {
            doc.sents.iter().map(|s| s.words).sum()
        };
        if total_words == 0 {
            return Err(SummarizeError::NoWords);
        }
        doc.total_words = total_words;
        deadline.check().map_err(over_budget)?;
        Ok(Analysis {
            text,
            doc,
            wrapped,
            index,
        })
    }

    /// Key point `i` as shown: (the compressed or whole sentence, its word
    /// count).
    pub fn point(&self, a: &Analysis<'_>, i: usize) -> (compress::Compressed, usize) {
        let st = a.sentence_text(i);
        let c = if self.opts.compress {
            // The sentences before it, nearest first: where the holder of a
            // view is named (see `compress::compress_in`).
            let mut before = [""; 3];
            let back = i.min(before.len());
            for (k, b) in before.iter_mut().enumerate().take(back) {
                *b = a.sentence_text(i - 1 - k);
            }
            compress::compress_in(st, a.doc.lang, &before[..back])
        } else {
            compress::keep_whole(st)
        };
        let whole = a.doc.sents[i].words;
        let c = if whole > MAX_POINT_WORDS {
            let name = c
                .speaker
                .as_ref()
                .map(|sp| &a.sentence_text(i - sp.back)[sp.span.clone()]);
            cap_words(st, name, c)
        } else {
            c
        };
        // Untrimmed, the count is known already.
        let n = if c.kept.len() == 1 && c.kept[0].len() == st.trim().len() {
            whole
        } else {
            count_words(&c.text)
        };
        (c, n)
    }

    /// Turns chosen internal sentence indices into a [`Summary`].
    pub fn build(&self, a: &Analysis<'_>, picks: &[usize], length: Length) -> Summary {
        self.build_from(a, picks, length, &mut [])
    }

    /// [`Summarizer::build`], taking the points already trimmed from
    /// `trimmed` (indexed by internal sentence).
    fn build_from(
        &self,
        a: &Analysis<'_>,
        picks: &[usize],
        length: Length,
        trimmed: &mut [Option<compress::Compressed>],
    ) -> Summary {
        let orig: Option<Vec<Sentence>> = a.wrapped.then(|| segment(a.text));
        let mut key_points = Vec::with_capacity(picks.len());
        for &i in picks {
            let c = match trimmed.get_mut(i).and_then(Option::take) {
                Some(c) => c,
                None => self.point(a, i).0,
            };
            let mut sources = Vec::new();
            let mut source = |j: usize, r: &std::ops::Range<usize>| {
                let b = a.doc.sents[j].sentence.span.start;
                let span = Span::new(b + r.start, b + r.end);
                match &orig {
                    None => sources.push(SourceRef {
                        sentence: a.index[j],
                        span,
                    }),
                    Some(o) => map_span(o, span, &mut sources),
                }
            };
            for (k, r) in c.kept.iter().enumerate() {
                // A speaker named from an earlier sentence points there.
                if let Some(sp) = c.speaker.as_ref().filter(|sp| sp.at == k) {
                    source(i - sp.back, &sp.span);
                }
                source(i, r);
            }
            if let Some(sp) = c.speaker.as_ref().filter(|sp| sp.at >= c.kept.len()) {
                source(i - sp.back, &sp.span);
            }
            key_points.push(KeyPoint {
                text: c.text,
                sources,
            });
        }
        let method = if self.opts.compress {
            format!("khulasa-rank/{ENGINE_VERSION}")
        } else {
            format!("khulasa-rank/{ENGINE_VERSION}-extractive")
        };
        Summary {
            key_points,
            method,
            params: length,
        }
    }
}

/// The index of a headline line at the top of plain text: a first paragraph
/// of one sentence, with no final stop, of at most 20 words, followed by
/// more text. Such a line is used as the title (when none is given) and is
/// never a key point.
fn headline(text: &str, sents: &[Sentence]) -> Option<usize> {
    let first = sents.first()?;
    let second = sents.get(1)?;
    if first.paragraph != 0 || second.paragraph == 0 {
        return None;
    }
    let t = text[first.span.start..first.span.end].trim_end();
    let stop = t.ends_with(['.', '!', '?', '؟', '…', ':', '"', '»', '”']);
    (!stop && count_words(t) <= 20).then_some(0)
}

/// Splits `span` over the sentences of `orig` it overlaps.
fn map_span(orig: &[Sentence], span: Span, out: &mut Vec<SourceRef>) {
    let first = orig.partition_point(|s| s.span.end <= span.start);
    for (k, s) in orig.iter().enumerate().skip(first) {
        if s.span.start >= span.end {
            break;
        }
        let a = s.span.start.max(span.start);
        let b = s.span.end.min(span.end);
        if b > a {
            out.push(SourceRef {
                sentence: k,
                span: Span::new(a, b),
            });
        }
    }
}

/// Cuts a runaway key point (over [`MAX_POINT_WORDS`] words) at a word
/// boundary, marking the cut with `…`, and its kept ranges with it.
fn cap_words(sentence: &str, name: Option<&str>, c: compress::Compressed) -> compress::Compressed {
    let mut left = MAX_POINT_WORDS;
    let mut kept = Vec::new();
    let mut cut = false;
    for r in &c.kept {
        let piece = &sentence[r.clone()];
        let toks = tokenize(piece);
        let words: Vec<_> = toks
            .iter()
            .filter(|t| t.kind.is_word() || t.kind == TokenKind::Number)
            .collect();
        if words.len() <= left {
            left -= words.len();
            kept.push(r.clone());
            continue;
        }
        if left > 0 {
            kept.push(r.start..r.start + words[left - 1].span.end);
        }
        cut = true;
        break;
    }
    if !cut {
        return c;
    }
    // A speaker's name stays where it stood, unless the cut came first.
    let speaker = c.speaker.filter(|sp| sp.at <= kept.len());
    let mut text = String::new();
    for k in 0..=kept.len() {
        if let (Some(sp), Some(name)) = (&speaker, name)
            && sp.at == k
        {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(name);
        }
        if let Some(r) = kept.get(k) {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&sentence[r.clone()]);
        }
    }
    text.push('…');
    compress::Compressed {
        text,
        kept,
        speaker,
    }
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
