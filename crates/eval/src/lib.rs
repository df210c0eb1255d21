//! Measuring khulasa on public data sets, each figure beside a baseline
//! measured in the same run. None of this is on the product's path: the
//! engine crates stay free of scoring code and data loaders, and the
//! binary's `khulasa eval` only turns flags into the `Args` of a module here.
//!
//! - [`rouge`]: ROUGE-N / ROUGE-L on Arabic-normalised tokens;
//! - [`data`]: the summary data sets (EASC, ANT) and their held-out split;
//! - [`summarize`]: the summarizer beside the lead baseline;
//! - [`diacritise`]: WER / DER of every installed diacritiser on
//!   WikiNewsMax, beside adding no marks;
//! - [`extract`]: article extraction on AEB, trafilatura's and Readability's
//!   sets, with the benchmark's own metric ([`extract::metric`]).
//!
//! ```
//! use khulasa_eval::rouge;
//! let r = rouge::score("وزير الدفاع زار المدينة", &["زار وزير الدفاع المدينة"]);
//! assert!((r.r1.f1 - 1.0).abs() < 1e-9);
//! ```

pub mod data;
pub mod diacritise;
pub mod extract;
pub mod rouge;
pub mod summarize;

use std::path::PathBuf;

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A data file could not be read.
    #[error("could not read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// A data file is not JSON.
    #[error("{} is not valid JSON: {source}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// Where the parser stopped.
        #[source]
        source: serde_json::Error,
    },
    /// A summary data set could not be loaded.
    #[error(transparent)]
    Data(#[from] data::DataError),
    /// The data holds nothing to score, or a setting is wrong.
    #[error("{0}")]
    Invalid(String),
}
