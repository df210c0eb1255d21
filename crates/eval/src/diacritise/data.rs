//! The WikiNewsMax TSV: one word a line, `dediac` (the input) then up to
//! three accepted vocalisations (`original_gold`, `max_gold`,
//! `max_gold_alt`). A `#` line starts a block, a blank line ends a paragraph.

use std::path::Path;

use crate::EvalError;

/// One token of the text and every accepted vocalisation of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word as the diacritiser gets it (letters and hamza, no marks).
    pub input: String,
    /// Accepted forms, distinct, in column order; at least one.
    pub golds: Vec<String>,
}

impl Word {
    /// Whether the word is scored: it has an Arabic letter (punctuation and
    /// numbers are context only).
    pub fn is_scored(&self) -> bool {
        self.input.chars().any(khulasa_text::is_arabic_letter)
    }
}

/// Reads the TSV into paragraphs of words. A header line (`dediac…`) is
/// skipped; blocks and paragraphs both end a paragraph.
pub fn load(path: &Path) -> Result<Vec<Vec<Word>>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let paragraphs =
        parse(&text).map_err(|e| EvalError::Invalid(format!("{}: {e}", path.display())))?;
    if paragraphs.iter().all(|p| !p.iter().any(Word::is_scored)) {
        return Err(EvalError::Invalid(format!(
            "{} holds no Arabic words to score",
            path.display()
        )));
    }
    Ok(paragraphs)
}

/// [`load`] on text in memory; the error names the bad line.
pub fn parse(text: &str) -> Result<Vec<Vec<Word>>, String> {
    let mut out: Vec<Vec<Word>> = Vec::new();
    let mut cur: Vec<Word> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        if n == 0 && cols[0] == "dediac" {
            continue;
        }
        if cols.iter().all(|c| c.is_empty()) || cols[0] == "#" {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let mut golds: Vec<String> = Vec::new();
        for g in cols.iter().skip(1).filter(|g| !g.is_empty()) {
            if !golds.iter().any(|x| x == g) {
                golds.push(g.to_string());
            }
        }
        if cols[0].is_empty() || golds.is_empty() {
            return Err(format!(
                "line {}: expected a word and at least one gold form, got {line:?}",
                n + 1
            ));
        }
        cur.push(Word {
            input: cols[0].to_string(),
            golds,
        });
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_blank_lines_end_paragraphs() {
        let tsv = "dediac\toriginal_gold\tmax_gold\tmax_gold_alt\n#\t#\t#\t\n\
                   فيلم\tفِيلْمُ\tفِيلْمُ\t\n\t\t\t\n\
                   هذه\tهَذِهِ\tهَٰذِهِ\t\n،\t،\t،\t\n";
        let p = parse(tsv).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0][0].golds, ["فِيلْمُ"]);
        assert_eq!(p[1][0].golds, ["هَذِهِ", "هَٰذِهِ"]);
        assert!(p[1][0].is_scored() && !p[1][1].is_scored());
    }

    #[test]
    fn a_word_without_gold_is_an_error() {
        let e = parse("كلمة\t\t\t\n").unwrap_err();
        assert!(e.contains("line 1"), "{e}");
    }
}
