//! The scorer's weights: one number per feature, fitted on the dev data.
//!
//! The committed file `weights.txt` (next to `Cargo.toml`) is produced by
//! `cargo run --release -p khulasa-summarize --example fit`; see
//! `docs/summarize.md` for the procedure. Format: one `name value` a line,
//! `#` starts a comment; names are [`FEATURE_NAMES`] plus the selection
//! settings `redundancy` (MMR penalty on similarity to what was already
//! chosen), `max_overlap` (a candidate with this cosine to a chosen one is
//! skipped) and `max_same` (likewise for the "same fact" overlap of the
//! points as shown, see [`crate::select`]).

use crate::features::{FEATURE_NAMES, Features, N_FEATURES};

/// Weights of the linear scorer and the selection settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    /// One weight per feature, in [`FEATURE_NAMES`] order.
    pub w: [f64; N_FEATURES],
    /// MMR penalty: score − redundancy × (max cosine to a chosen sentence).
    pub redundancy: f64,
    /// Candidates with a cosine above this to a chosen sentence are skipped.
    pub max_overlap: f64,
    /// Candidates whose shown terms overlap a chosen point's above this
    /// ([`crate::features::Doc::overlap`]) are skipped.
    pub max_same: f64,
    /// The lead-first prior: added to the score of the first sentence that
    /// may be a point, so another wins only when it clearly scores higher
    /// (a learned score inside noise is no reason to leave the lead).
    pub lead_margin: f64,
}

/// The fitted weights, as committed.
pub const FITTED: &str = include_str!("../weights.txt");

/// Why a weights text could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("weights line {line}: {msg}")]
pub struct WeightsError {
    /// One-based line number.
    pub line: usize,
    /// What is wrong.
    pub msg: String,
}

impl Weights {
    /// The fitted weights (parsed from the committed file; a test guards that
    /// it parses).
    pub fn fitted() -> Weights {
        static W: std::sync::OnceLock<Weights> = std::sync::OnceLock::new();
        W.get_or_init(|| Weights::parse(FITTED).unwrap_or_else(|_| Weights::lead_only()))
            .clone()
    }

    /// Weights that reproduce the lead baseline: position only.
    pub fn lead_only() -> Weights {
        let mut w = [0.0; N_FEATURES];
        w[3] = 1.0;
        Weights {
            w,
            redundancy: 0.0,
            max_overlap: 1.0,
            max_same: 1.0,
            lead_margin: 0.0,
        }
    }

    /// Parses the `name value` format. Unknown names are an error; missing
    /// ones are 0 (redundancy 0.3, max_overlap 0.6, max_same 1 — never —,
    /// lead_margin 0 by default).
    pub fn parse(text: &str) -> Result<Weights, WeightsError> {
        let mut out = Weights {
            w: [0.0; N_FEATURES],
            redundancy: 0.3,
            max_overlap: 0.6,
            max_same: 1.0,
            lead_margin: 0.0,
        };
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let err = |msg: String| WeightsError { line: i + 1, msg };
            let mut parts = line.split_whitespace();
            let (Some(name), Some(val), None) = (parts.next(), parts.next(), parts.next()) else {
                return Err(err(format!("expected `name value`, got `{line}`")));
            };
            let v: f64 = val
                .parse()
                .map_err(|_| err(format!("`{val}` is not a number")))?;
            if !v.is_finite() {
                return Err(err(format!("`{val}` is not finite")));
            }
            match name {
                "redundancy" => out.redundancy = v,
                "max_overlap" => out.max_overlap = v,
                "max_same" => out.max_same = v,
                "lead_margin" => out.lead_margin = v,
                _ => match FEATURE_NAMES.iter().position(|n| *n == name) {
                    Some(k) => out.w[k] = v,
                    None => return Err(err(format!("unknown weight `{name}`"))),
                },
            }
        }
        Ok(out)
    }

    /// Writes the `name value` format that [`Weights::parse`] reads.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        for (n, v) in FEATURE_NAMES.iter().zip(self.w) {
            s.push_str(&format!("{n} {v:.4}\n"));
        }
        s.push_str(&format!(
            "redundancy {:.4}\nmax_overlap {:.4}\nmax_same {:.4}\n",
            self.redundancy, self.max_overlap, self.max_same
        ));
        if self.lead_margin != 0.0 {
            s.push_str(&format!("lead_margin {:.4}\n", self.lead_margin));
        }
        s
    }

    /// The score of one sentence.
    pub fn score(&self, f: &Features) -> f64 {
        self.w.iter().zip(f).map(|(w, x)| w * x).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_weights_parse() {
        let w = Weights::parse(FITTED).expect("weights.txt must parse");
        assert_ne!(w, Weights::lead_only());
    }

    #[test]
    fn round_trip_and_errors() {
        let w = Weights::fitted();
        let back = Weights::parse(&w.to_text()).unwrap();
        for (a, b) in w.w.iter().zip(back.w) {
            assert!((a - b).abs() < 1e-3);
        }
        assert_eq!(Weights::parse("nope 1").unwrap_err().line, 1);
        assert!(Weights::parse("first x").is_err());
        assert!(Weights::parse("first 1 2").is_err());
        assert!(Weights::parse("# comment\n\nfirst 2 # trailing").is_ok());
    }
}
