//! Names for the limits a user can raise.

use std::fmt;

/// A configurable limit, named by the `khulasa` flag that sets it (the same
/// name on every subcommand that has it, and on `khulasa serve`).
///
/// Library errors say which limit they hit through this type, so that the
/// binary can tell a user how to raise it without the libraries knowing
/// about the command line.
///
/// ```
/// use khulasa_core::Limit;
/// assert_eq!(Limit::Depth.flag(), "--max-depth");
/// assert_eq!(Limit::Depth.hint(), "raise it with --max-depth");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Limit {
    /// Bytes of one page, as given (compressed or not).
    PageBytes,
    /// Bytes of one page after gzip inflation.
    DecompressedBytes,
    /// Nesting depth of a page's elements.
    Depth,
    /// Elements in one page.
    Elements,
    /// Time to extract one page.
    ExtractTime,
    /// Bytes of text to summarise.
    TextBytes,
    /// Time to summarise one text.
    SummarizeTime,
    /// Bytes of text to read aloud.
    SpeechBytes,
    /// Seconds of audio in one reading.
    AudioSecs,
    /// Time to read one text aloud.
    SpeechTime,
    /// Bytes of one feed.
    FeedBytes,
    /// Items taken from one feed per poll.
    FeedItems,
    /// Bytes of one fetched body (a page or a feed).
    FetchBytes,
}

impl Limit {
    /// The flag that sets this limit.
    pub fn flag(self) -> &'static str {
        match self {
            Limit::PageBytes => "--max-page-bytes",
            Limit::DecompressedBytes => "--max-decompressed-bytes",
            Limit::Depth => "--max-depth",
            Limit::Elements => "--max-elements",
            Limit::ExtractTime => "--extract-timeout",
            Limit::TextBytes => "--max-text-bytes",
            Limit::SummarizeTime => "--summarize-timeout",
            Limit::SpeechBytes => "--max-speech-bytes",
            Limit::AudioSecs => "--max-audio-secs",
            Limit::SpeechTime => "--speech-timeout",
            Limit::FeedBytes => "--max-feed-bytes",
            Limit::FeedItems => "--max-feed-items",
            Limit::FetchBytes => "--max-fetch-bytes",
        }
    }

    /// How to raise it, as a clause for an error message.
    pub fn hint(self) -> String {
        format!("raise it with {}", self.flag())
    }

    /// `message`, then `; raise it with --flag` when `limit` is a limit hit:
    /// the one way every message about a limit ends.
    ///
    /// ```
    /// use khulasa_core::Limit;
    /// assert_eq!(Limit::explain("too deep", Some(Limit::Depth)), "too deep; raise it with --max-depth");
    /// assert_eq!(Limit::explain("no article", None), "no article");
    /// ```
    pub fn explain(message: impl fmt::Display, limit: Option<Limit>) -> String {
        match limit {
            Some(limit) => format!("{message}; {}", limit.hint()),
            None => message.to_string(),
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.flag())
    }
}
