//! The limits a user can raise, as flags shared by the subcommands, and the
//! one place that turns a library error into words saying how to raise it.
//!
//! Each flag is named by [`khulasa_core::Limit::flag`], so the hint in an
//! error message and the flag in `--help` cannot drift apart. Defaults come
//! from the libraries, except the time budgets, which are chosen here: the
//! libraries have no clock unless asked for one.

use khulasa_core::Limit;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// Time budget for extracting one page, unless `--extract-timeout` says otherwise.
/// A 64 MiB page (the size limit) is extracted in a few seconds.
pub const EXTRACT_TIMEOUT: Duration = Duration::from_secs(20);
/// Time budget for summarising one text. 2 MiB (the size limit) takes under a second.
pub const SUMMARIZE_TIMEOUT: Duration = Duration::from_secs(10);
/// Time budget for reading one text aloud. 64 KiB (the size limit) takes about 20 s.
pub const SPEECH_TIMEOUT: Duration = Duration::from_secs(60);

/// A size in bytes, written `1048576`, `512KiB`, `64MiB` or `1GiB` (`K`,
/// `M`, `G` mean the same: sizes here are binary).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bytes(pub u64);

/// `"64MiB"` → `(64, "MiB")`: the leading whole number and what follows it
/// (trimmed). `None` when there is no number first.
pub fn number_and_unit(s: &str) -> Option<(u64, &str)> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    Some((num.parse().ok()?, unit.trim()))
}

impl FromStr for Bytes {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (n, unit) = number_and_unit(s)
            .ok_or_else(|| format!("{s:?} is not a size like 1048576, 512KiB or 64MiB"))?;
        let shift = match unit.to_ascii_lowercase().as_str() {
            "" | "b" => 0,
            "k" | "kb" | "kib" => 10,
            "m" | "mb" | "mib" => 20,
            "g" | "gb" | "gib" => 30,
            other => return Err(format!("unknown size unit {other:?}: use KiB, MiB or GiB")),
        };
        let v = n
            .checked_mul(1 << shift)
            .ok_or_else(|| format!("{s:?} is too large"))?;
        if v == 0 {
            return Err("a size limit must be above zero".into());
        }
        Ok(Bytes(v))
    }
}

impl fmt::Display for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        for (shift, unit) in [(30, "GiB"), (20, "MiB"), (10, "KiB")] {
            if v >= 1 << shift && v.is_multiple_of(1 << shift) {
                return write!(f, "{}{unit}", v >> shift);
            }
        }
        write!(f, "{v}")
    }
}

impl Bytes {
    /// As a `usize`, saturating on 32-bit machines.
    pub fn get(self) -> usize {
        usize::try_from(self.0).unwrap_or(usize::MAX)
    }
}

/// A time budget, written `20s`, `1500ms`, `2m`, or plain seconds; `0`
/// turns the clock off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget(pub Option<Duration>);

impl FromStr for Budget {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (n, unit) = number_and_unit(s)
            .ok_or_else(|| format!("{s:?} is not a time like 20s, 1500ms or 2m (0: no limit)"))?;
        let d = match unit {
            "" | "s" => Duration::from_secs(n),
            "ms" => Duration::from_millis(n),
            "m" => Duration::from_secs(n.saturating_mul(60)),
            other => return Err(format!("unknown time unit {other:?}: use ms, s or m")),
        };
        Ok(Budget((!d.is_zero()).then_some(d)))
    }
}

impl fmt::Display for Budget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            None => f.write_str("0"),
            Some(d) if d.subsec_millis() == 0 => write!(f, "{}s", d.as_secs()),
            Some(d) => write!(f, "{}ms", d.as_millis()),
        }
    }
}

/// Flags bounding extraction: `--max-page-bytes`, `--max-decompressed-bytes`,
/// `--max-depth`, `--max-elements`, `--extract-timeout`.
#[derive(clap::Args, Debug, Clone)]
#[command(next_help_heading = "Extraction limits")]
pub struct ExtractLimits {
    /// Largest page read, as given (compressed or not).
    #[arg(long, value_name = "SIZE", default_value_t = Bytes(khulasa_extract::Limits::default().max_input_bytes as u64))]
    pub max_page_bytes: Bytes,
    /// Largest page after gzip inflation (a zip bomb stops here).
    #[arg(long, value_name = "SIZE", default_value_t = Bytes(khulasa_extract::Limits::default().max_decompressed_bytes as u64))]
    pub max_decompressed_bytes: Bytes,
    /// Deepest nesting of elements (checked before parsing: deep pages
    /// cost the parser depth × elements).
    #[arg(long, value_name = "N", default_value_t = khulasa_extract::Limits::default().max_depth)]
    pub max_depth: usize,
    /// Most elements in a page.
    #[arg(long, value_name = "N", default_value_t = khulasa_extract::Limits::default().max_nodes)]
    pub max_elements: usize,
    /// Time allowed to extract one page (0: no limit).
    #[arg(long, value_name = "TIME", default_value_t = Budget(Some(EXTRACT_TIMEOUT)))]
    pub extract_timeout: Budget,
}

impl ExtractLimits {
    /// The extractor's limits.
    pub fn limits(&self) -> khulasa_extract::Limits {
        khulasa_extract::Limits {
            max_input_bytes: self.max_page_bytes.get(),
            max_decompressed_bytes: self.max_decompressed_bytes.get(),
            max_depth: self.max_depth.max(1),
            max_nodes: self.max_elements.max(1),
            time_budget: self.extract_timeout.0,
            ..khulasa_extract::Limits::default()
        }
    }
}

/// Flags bounding summarising: `--max-text-bytes`, `--max-sentences`,
/// `--summarize-timeout`.
#[derive(clap::Args, Debug, Clone)]
#[command(next_help_heading = "Summarizing limits")]
pub struct SummarizeLimits {
    /// Largest text summarised.
    #[arg(long, value_name = "SIZE", default_value_t = Bytes(khulasa_summarize::MAX_TEXT_BYTES as u64))]
    pub max_text_bytes: Bytes,
    /// Sentences (from the start) considered for key points; later ones
    /// still count for `--ratio`. Scoring is quadratic in this number.
    #[arg(long, value_name = "N", default_value_t = khulasa_summarize::MAX_SENTENCES)]
    pub max_sentences: usize,
    /// Time allowed to summarise one text (0: no limit).
    #[arg(long, value_name = "TIME", default_value_t = Budget(Some(SUMMARIZE_TIMEOUT)))]
    pub summarize_timeout: Budget,
}

impl SummarizeLimits {
    /// The summarizer's limits.
    pub fn limits(&self) -> khulasa_summarize::Limits {
        khulasa_summarize::Limits {
            max_text_bytes: self.max_text_bytes.get(),
            max_sentences: self.max_sentences.max(1),
            time_budget: self.summarize_timeout.0,
        }
    }
}

/// Flags bounding speech: `--max-speech-bytes`, `--max-audio-secs`,
/// `--speech-timeout`.
#[derive(clap::Args, Debug, Clone)]
#[command(next_help_heading = "Speech limits")]
pub struct SpeechLimits {
    /// Largest text read aloud in one go.
    #[arg(long, value_name = "SIZE", default_value_t = Bytes(khulasa_speech::DEFAULT_MAX_INPUT_BYTES as u64))]
    pub max_speech_bytes: Bytes,
    /// Longest audio made in one go, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = khulasa_speech::SpeechOptions::default().max_audio_secs)]
    pub max_audio_secs: u32,
    /// Time allowed to read one text aloud (0: no limit).
    #[arg(long, value_name = "TIME", default_value_t = Budget(Some(SPEECH_TIMEOUT)))]
    pub speech_timeout: Budget,
}

impl SpeechLimits {
    /// These limits set on speech options.
    pub fn apply(&self, opts: khulasa_speech::SpeechOptions) -> khulasa_speech::SpeechOptions {
        khulasa_speech::SpeechOptions {
            max_input_bytes: self.max_speech_bytes.get(),
            max_audio_secs: self.max_audio_secs.max(1),
            time_budget: self.speech_timeout.0,
            ..opts
        }
    }
}

/// The pipeline's settings from the size and time flags: a page may be as
/// large as `--max-page-bytes`, a text (given or extracted) as
/// `--max-text-bytes`.
pub fn pipeline_config(
    extract: &ExtractLimits,
    summarize: &SummarizeLimits,
    options: khulasa_summarize::Options,
) -> khulasa_pipeline::Config {
    khulasa_pipeline::Config {
        input: khulasa_pipeline::InputLimits {
            html_bytes: extract.max_page_bytes.get(),
            text_bytes: summarize.max_text_bytes.get(),
            ..Default::default()
        },
        extract: extract.limits(),
        summarize: khulasa_summarize::Options {
            limits: summarize.limits(),
            ..options
        },
        speech: khulasa_speech::SpeechOptions::default(),
        ..Default::default()
    }
}

/// The limit an error (or any error in its chain) hit, if one did.
pub fn limit_of(err: &anyhow::Error) -> Option<Limit> {
    err.chain().find_map(|e| {
        if let Some(e) = e.downcast_ref::<khulasa_extract::ExtractError>() {
            e.limit()
        } else if let Some(e) = e.downcast_ref::<khulasa_summarize::SummarizeError>() {
            e.limit()
        } else if let Some(e) = e.downcast_ref::<khulasa_speech::SpeechError>() {
            e.limit()
        } else if let Some(e) = e.downcast_ref::<khulasa_pipeline::PipelineError>() {
            e.limit()
        } else {
            None
        }
    })
}

/// An error in words: its chain, then how to raise the limit it hit.
pub fn explain(err: &anyhow::Error) -> String {
    Limit::explain(format_args!("{err:#}"), limit_of(err))
}

/// A pipeline error in words, with how to raise the limit it hit.
pub fn explain_pipeline(err: &khulasa_pipeline::PipelineError) -> String {
    Limit::explain(err, err.limit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_and_print_in_binary_units() {
        assert_eq!("1048576".parse(), Ok(Bytes(1 << 20)));
        assert_eq!("64MiB".parse(), Ok(Bytes(64 << 20)));
        assert_eq!("512k".parse(), Ok(Bytes(512 << 10)));
        assert_eq!("2 GiB".parse(), Ok(Bytes(2 << 30)));
        assert_eq!(Bytes(64 << 20).to_string(), "64MiB");
        assert_eq!(Bytes(1000).to_string(), "1000");
        assert!("0".parse::<Bytes>().is_err());
        assert!("12 parsecs".parse::<Bytes>().is_err());
        assert!("99999999999999999999G".parse::<Bytes>().is_err());
    }

    #[test]
    fn budgets_read_and_print_and_zero_means_none() {
        assert_eq!("20s".parse(), Ok(Budget(Some(Duration::from_secs(20)))));
        assert_eq!("20".parse(), Ok(Budget(Some(Duration::from_secs(20)))));
        assert_eq!(
            "1500ms".parse(),
            Ok(Budget(Some(Duration::from_millis(1500))))
        );
        assert_eq!("2m".parse(), Ok(Budget(Some(Duration::from_secs(120)))));
        assert_eq!("0".parse(), Ok(Budget(None)));
        assert_eq!(
            Budget(Some(Duration::from_millis(1500))).to_string(),
            "1500ms"
        );
        assert_eq!(Budget(None).to_string(), "0");
        assert!("soon".parse::<Budget>().is_err());
    }

    #[test]
    fn an_error_that_hit_a_limit_says_which_flag_raises_it() {
        let deep = khulasa_extract::ExtractError::TooDeep {
            depth: 600,
            limit: 512,
        };
        let e = anyhow::Error::new(deep).context("page.html");
        assert_eq!(limit_of(&e), Some(Limit::Depth));
        let text = explain(&e);
        assert!(text.starts_with("page.html: the page nests"), "{text}");
        assert!(text.ends_with("; raise it with --max-depth"), "{text}");
        let plain = anyhow::anyhow!("no such file");
        assert_eq!(explain(&plain), "no such file");
    }
}
