//! khulasa-llm: key points from a language model, each checked against the
//! article before anyone reads it.
//!
//! What goes in: an article's text (the text sources index), its headline
//! and language, a [`Length`], and the extractive engine (for the
//! replacements). What comes out: a [`Summary`] whose points are the
//! model's where the [`check`] found them faithful (`origin: llm`, sources
//! aligned to the article's sentences) and the extractive engine's best
//! points not yet shown where it did not (`origin: extractive`), with
//! every refused point and its reason in [`Summary::refused`].
//!
//! The model is any OpenAI-compatible chat-completions endpoint
//! ([`client`]): vLLM, llama.cpp's server, Ollama, a hosted API. It is
//! asked in the article's language for N short points, one fact each, no
//! outside knowledge, as JSON, at temperature 0, with the article cut at a
//! sentence boundary to [`LlmSummarizer::article_budget`] tokens
//! ([`prompt`]); any other answer is read leniently (bullets, numbering)
//! or refused as a whole.
//!
//! ```
//! use khulasa_core::{Lang, Origin};
//! use khulasa_llm::check::Checker;
//! // The check alone (the engine needs an endpoint: see tests/scripted.rs).
//! let text = "Police said two people were hurt in the fire. The cause is not known.";
//! let c = Checker::new(text, Lang::En);
//! assert!(c.check("Police said two people were hurt in the fire.").is_ok());
//! assert!(c.check("Two people were hurt in the fire.").is_err()); // whose claim?
//! assert!(c.check("The cause is known.").is_err()); // negation dropped
//! ```

pub mod check;
pub mod client;
pub mod prompt;
#[cfg(feature = "testing")]
pub mod testing;

pub use client::{Client, LlmConfig, LlmError};
pub use khulasa_core::{KeyPoint, Lang, Length, Origin, Refusal, Summary};

use check::{Checker, Rule};
use khulasa_summarize::SummarizeError;

/// Version of the check's rules and word lists. Part of the store key of an
/// LLM summary.
pub const CHECK_VERSION: u32 = 1;

/// Why an LLM summary could not be made.
#[derive(Debug, thiserror::Error)]
pub enum LlmSummaryError {
    /// The endpoint gave no answer.
    #[error(transparent)]
    Endpoint(#[from] LlmError),
    /// The extractive engine (for the length or the replacements) failed.
    #[error(transparent)]
    Summarize(#[from] SummarizeError),
}

/// The LLM engine: a client, and how much of the article to send.
#[derive(Debug)]
pub struct LlmSummarizer {
    client: Client,
    budget: usize,
}

impl LlmSummarizer {
    /// By default the article is cut to this many (estimated) tokens: room
    /// for the prompt and the answer in a 4,096-token context.
    pub const DEFAULT_ARTICLE_BUDGET: usize = 3_000;

    /// An engine over the endpoint of `config`.
    pub fn new(config: LlmConfig) -> Result<LlmSummarizer, LlmError> {
        Ok(LlmSummarizer {
            client: Client::new(config)?,
            budget: Self::DEFAULT_ARTICLE_BUDGET,
        })
    }

    /// The same, sending at most `tokens` (estimated) of the article.
    pub fn with_article_budget(mut self, tokens: usize) -> LlmSummarizer {
        self.budget = tokens.max(16);
        self
    }

    /// The article budget, in estimated tokens.
    pub fn article_budget(&self) -> usize {
        self.budget
    }

    /// The model's name.
    pub fn model(&self) -> &str {
        &self.client.config().model
    }

    /// The client (for its settings).
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// What makes two summaries of one article the same: the model, the
    /// prompt and check versions and the extractive engine's version (the
    /// replacements are its points). The store keys summaries by it.
    pub fn engine_key(&self) -> String {
        format!(
            "{}+llm:{}:p{}:c{}",
            khulasa_summarize::ENGINE_VERSION,
            self.model(),
            prompt::PROMPT_VERSION,
            CHECK_VERSION
        )
    }

    /// The `method` of the summaries it makes.
    pub fn method(&self) -> String {
        format!(
            "llm:{} (prompt {}, check {}; replacements khulasa-rank/{})",
            self.model(),
            prompt::PROMPT_VERSION,
            CHECK_VERSION,
            khulasa_summarize::ENGINE_VERSION
        )
    }

    /// The key points of `text` (see the crate docs). `extractive` makes the
    /// extractive summary of the same text at a length: it gives the number
    /// of points for a `words`/`ratio` length and the replacements.
    pub fn summarize(
        &self,
        text: &str,
        title: Option<&str>,
        lang: Lang,
        length: Length,
        extractive: &dyn Fn(Length) -> Result<Summary, SummarizeError>,
    ) -> Result<Summary, LlmSummaryError> {
        khulasa_summarize::check_length(length)?;
        if text.trim().is_empty() {
            return Err(SummarizeError::Empty.into());
        }
        let n = match length {
            Length::Bullets(n) => n,
            _ => extractive(length)?.key_points.len().max(1),
        };
        let (sent, _cut) = prompt::truncate(text, self.budget);
        let messages = prompt::messages(sent, title, lang, n);
        let answer = self.client.chat(&messages)?;
        let mut refused = Vec::new();
        let points = match prompt::parse_points(&answer) {
            Ok(p) => p,
            Err(e) => {
                refused.push(Refusal {
                    text: answer.chars().take(200).collect(),
                    reason: format!("{}: {e}", Rule::Format.name()),
                    rule: Rule::Format.name().into(),
                });
                Vec::new()
            }
        };
        let checker = Checker::new(text, lang);
        // One slot a point: the model's, or a hole to fill.
        let mut slots: Vec<Option<KeyPoint>> = Vec::with_capacity(n);
        for p in points.into_iter().take(n) {
            let words = khulasa_summarize::count_words(&p);
            let checked = if words > khulasa_summarize::MAX_POINT_WORDS {
                Err(check::Refused {
                    rule: Rule::Format,
                    reason: format!(
                        "format: the point is {words} words; a key point is at most {}",
                        khulasa_summarize::MAX_POINT_WORDS
                    ),
                })
            } else {
                checker.check(&p)
            };
            match checked {
                Ok(a) => slots.push(Some(KeyPoint {
                    text: p,
                    sources: a.refs,
                    origin: Origin::Llm,
                })),
                Err(r) => {
                    tracing::debug!("refused a generated point: {}", r.reason);
                    refused.push(Refusal {
                        text: p.chars().take(2000).collect(),
                        reason: r.reason,
                        rule: r.rule.name().into(),
                    });
                    slots.push(None);
                }
            }
        }
        slots.resize(n, None);
        let holes = slots.iter().filter(|s| s.is_none()).count();
        let mut fill = if holes > 0 {
            let shown: Vec<usize> = slots
                .iter()
                .flatten()
                .flat_map(|k| k.sources.iter().map(|s| s.sentence))
                .collect();
            best_extractive(extractive, n, holes, &shown)?.into_iter()
        } else {
            Vec::new().into_iter()
        };
        let key_points: Vec<KeyPoint> = slots
            .into_iter()
            .filter_map(|s| s.or_else(|| fill.next()))
            .collect();
        Ok(Summary {
            key_points,
            method: self.method(),
            params: length,
            refused,
        })
    }
}

/// The extractive engine's best `want` points whose sentences are not
/// shown already, best first: the engine chooses greedily, so the point
/// its `k + 1`-point summary adds to its `k`-point one is its next best.
///
/// A point is known by its source sentences, not its text: the engine may
/// word the same point differently at another length (the first of several
/// points keeps more of its sentence than a lone point). The wording kept is
/// the one of the longest summary not past `n` points, the summary this
/// one stands in for.
fn best_extractive(
    extractive: &dyn Fn(Length) -> Result<Summary, SummarizeError>,
    n: usize,
    want: usize,
    shown: &[usize],
) -> Result<Vec<KeyPoint>, SummarizeError> {
    // The set of its sentences (a trimmed point has a source per piece kept).
    let sentences = |p: &KeyPoint| -> Vec<usize> {
        let mut v: Vec<usize> = p.sources.iter().map(|s| s.sentence).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    // Every point seen, by its sentences, and which of them are taken.
    let mut ranked: Vec<(Vec<usize>, KeyPoint, bool)> = Vec::new();
    let most = (n + want + 4).min(khulasa_summarize::MAX_SENTENCES);
    for k in 1..=most {
        let s = extractive(Length::Bullets(k))?;
        let got = s.key_points.len();
        for p in s.key_points {
            let key = sentences(&p);
            if let Some(known) = ranked.iter_mut().find(|(k2, ..)| *k2 == key) {
                if k <= n {
                    known.1 = p;
                }
                continue;
            }
            let new = !key.iter().any(|s| shown.contains(s))
                && !ranked
                    .iter()
                    .any(|(_, o, taken)| *taken && o.text == p.text);
            ranked.push((key, p, new));
        }
        if ranked.iter().filter(|(.., taken)| *taken).count() >= want || got < k {
            break;
        }
    }
    Ok(ranked
        .into_iter()
        .filter(|(.., taken)| *taken)
        .map(|(_, p, _)| p)
        .take(want)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use khulasa_core::{SourceRef, Span};

    fn point(text: &str, pieces: &[(usize, usize, usize)]) -> KeyPoint {
        KeyPoint {
            text: text.into(),
            sources: pieces
                .iter()
                .map(|&(sentence, start, end)| SourceRef {
                    sentence,
                    span: Span { start, end },
                })
                .collect(),
            origin: Origin::Extractive,
        }
    }

    /// An engine that words its first point shorter alone (two pieces of
    /// sentence 0) than as the first of several (the whole sentence).
    fn engine(length: Length) -> Result<Summary, SummarizeError> {
        let Length::Bullets(k) = length else {
            unreachable!("asked by bullets only")
        };
        let mut key_points = vec![if k == 1 {
            point("Rain flooded the town.", &[(0, 0, 10), (0, 20, 30)])
        } else {
            point("Rain flooded the town on Monday.", &[(0, 0, 30)])
        }];
        key_points.extend((1..k.min(4)).map(|i| point(&format!("Point {i}."), &[(i, 0, 8)])));
        Ok(Summary {
            key_points,
            method: "test".into(),
            params: length,
            refused: Vec::new(),
        })
    }

    #[test]
    fn a_point_worded_two_ways_is_one_point_in_the_wording_of_its_length() {
        let three = best_extractive(&engine, 3, 3, &[]).unwrap();
        let texts: Vec<&str> = three.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Rain flooded the town on Monday.", "Point 1.", "Point 2."]
        );
        let one = best_extractive(&engine, 1, 1, &[]).unwrap();
        assert_eq!(one[0].text, "Rain flooded the town.");
        // Sentence 0 shown already: the next best points, once each.
        let rest = best_extractive(&engine, 3, 2, &[0]).unwrap();
        let texts: Vec<&str> = rest.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["Point 1.", "Point 2."]);
    }
}
