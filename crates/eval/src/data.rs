//! Evaluation data: JSON Lines items with a text and reference summaries.
//!
//! Reads the shapes of `../shared/data/summarization` (see its README):
//! EASC items carry `refs` (several extractive summaries), ANT items carry one
//! `summary` and a `title`. Unknown fields are ignored. The held-out split is
//! a pure function of the item's `id` (FNV-1a hash), so the fitting and the
//! evaluation agree on it without any state.

use serde::Deserialize;
use std::io::BufRead;
use std::path::Path;

/// One evaluation item.
#[derive(Debug, Clone, Deserialize)]
pub struct Item {
    /// The item's identifier.
    pub id: String,
    /// The article text.
    pub text: String,
    /// The headline, when the data has one.
    #[serde(default)]
    pub title: Option<String>,
    /// Several reference summaries (EASC).
    #[serde(default)]
    pub refs: Vec<String>,
    /// One reference summary (ANT).
    #[serde(default)]
    pub summary: Option<String>,
    /// ANT: the reference just repeats the lead sentence.
    #[serde(default)]
    pub near_copy_of_lead: Option<bool>,
}

impl Item {
    /// The references: `refs` when present, else `summary`.
    pub fn references(&self) -> Vec<&str> {
        if !self.refs.is_empty() {
            self.refs.iter().map(String::as_str).collect()
        } else {
            self.summary.iter().map(String::as_str).collect()
        }
    }

    /// True when the item belongs to the held-out part (one item in
    /// `1/HELD_OUT_EVERY`, chosen by a hash of its id).
    pub fn held_out(&self) -> bool {
        held_out(&self.id)
    }
}

/// One item in this many is held out from fitting.
pub const HELD_OUT_EVERY: u64 = 4;

/// Whether the item with this id is in the held-out split.
pub fn held_out(id: &str) -> bool {
    khulasa_text::hash::stable_hash(id.as_bytes()).is_multiple_of(HELD_OUT_EVERY)
}

/// Which items of a file to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Split {
    /// Every item.
    #[default]
    All,
    /// Items used for fitting.
    Train,
    /// The held-out items.
    HeldOut,
}

impl Split {
    /// Whether an item belongs to this split.
    pub fn contains(self, item: &Item) -> bool {
        match self {
            Split::All => true,
            Split::Train => !item.held_out(),
            Split::HeldOut => item.held_out(),
        }
    }
}

/// Why evaluation data could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// The file could not be opened or read.
    #[error("could not read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A line is not a valid item.
    #[error("{path} line {line}: not a valid item: {source}")]
    Parse {
        /// The file.
        path: String,
        /// One-based line number.
        line: usize,
        /// The cause.
        source: serde_json::Error,
    },
}

/// Reads every item of a JSON Lines file (blank lines are skipped).
pub fn load(path: &Path) -> Result<Vec<Item>, DataError> {
    let p = path.display().to_string();
    let f = std::fs::File::open(path).map_err(|source| DataError::Io {
        path: p.clone(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line.map_err(|source| DataError::Io {
            path: p.clone(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let item: Item = serde_json::from_str(&line).map_err(|source| DataError::Parse {
            path: p.clone(),
            line: i + 1,
            source,
        })?;
        out.push(item);
    }
    Ok(out)
}

/// Where the shared evaluation data lives: `$KHULASA_DATA`, else
/// `../shared/data` from the repository root (`../../../shared/data` from a
/// crate). `None` when neither exists, so tests can skip with a notice.
pub fn data_dir() -> Option<std::path::PathBuf> {
    if let Ok(d) = std::env::var("KHULASA_DATA") {
        let p = std::path::PathBuf::from(d);
        return p.is_dir().then_some(p);
    }
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        here.join("../../../shared/data"),
        here.join("../../shared/data"),
        "../shared/data".into(),
    ]
    .into_iter()
    .find(|p| p.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_prefer_refs() {
        let a: Item =
            serde_json::from_str(r#"{"id":"a","text":"t","refs":["x","y"],"summary":"z"}"#)
                .unwrap();
        assert_eq!(a.references(), vec!["x", "y"]);
        let b: Item =
            serde_json::from_str(r#"{"id":"b","text":"t","summary":"z","extra":1}"#).unwrap();
        assert_eq!(b.references(), vec!["z"]);
    }

    #[test]
    fn split_is_stable_and_about_a_quarter() {
        let n = (0..4000).filter(|i| held_out(&format!("item-{i}"))).count();
        assert!((800..1200).contains(&n), "{n}");
        assert_eq!(held_out("topic004"), held_out("topic004"));
    }
}
