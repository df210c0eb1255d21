//! JSON Lines input: `{"id", "html" | "text", "url"?, "title"?}` a line.

use super::lines::{Line, read_line_limited};
use crate::IngestError;
use crate::item::{Item, ItemError, Payload};
use serde::Deserialize;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

#[derive(Deserialize)]
struct Record {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    html: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    title: Option<String>,
}

/// Reads a JSON Lines file one record at a time. Blank lines are skipped;
/// a line that is not a valid record is an [`ItemError`] naming its line.
pub(crate) struct JsonlReader {
    name: String,
    reader: BufReader<File>,
    line_no: usize,
    done: bool,
    max_line: u64,
}

impl JsonlReader {
    pub(crate) fn open(path: &Path, max_line: u64) -> Result<Self, IngestError> {
        let file = File::open(path).map_err(|e| IngestError::Input {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        Ok(JsonlReader {
            name: path.display().to_string(),
            reader: BufReader::with_capacity(256 * 1024, file),
            line_no: 0,
            done: false,
            max_line,
        })
    }

    fn parse(&self, line: &[u8]) -> Result<Item, ItemError> {
        let at_line = || format!("{}:{}", self.name, self.line_no);
        let fail = |reason: String| ItemError {
            source: at_line(),
            reason,
        };
        let rec: Record =
            serde_json::from_slice(line).map_err(|e| fail(format!("invalid JSON: {e}")))?;
        let source = match &rec.id {
            Some(serde_json::Value::String(s)) => format!("{}#{s}", self.name),
            Some(serde_json::Value::Number(n)) => format!("{}#{n}", self.name),
            Some(serde_json::Value::Null) | None => at_line(),
            Some(_) => return Err(fail("\"id\" must be a string or a number".into())),
        };
        let payload = match (rec.html, rec.text) {
            (Some(html), None) => Payload::Html {
                bytes: html.into_bytes(),
                charset: Some("utf-8".into()),
            },
            (None, Some(text)) => Payload::Text(text),
            (Some(_), Some(_)) => {
                return Err(ItemError {
                    source,
                    reason: "has both \"html\" and \"text\"; give one".into(),
                });
            }
            (None, None) => {
                return Err(ItemError {
                    source,
                    reason: "has neither \"html\" nor \"text\"".into(),
                });
            }
        };
        Ok(Item {
            source,
            url: rec.url,
            title: rec.title,
            payload,
        })
    }
}

impl Iterator for JsonlReader {
    type Item = Result<Item, ItemError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.line_no += 1;
            let max = usize::try_from(self.max_line).unwrap_or(usize::MAX);
            match read_line_limited(&mut self.reader, max) {
                Ok(Line::Eof) => self.done = true,
                Ok(Line::TooLong) => {
                    return Some(Err(ItemError {
                        source: format!("{}:{}", self.name, self.line_no),
                        reason: super::too_large("line", self.max_line),
                    }));
                }
                Ok(Line::Text(l)) if l.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(Line::Text(l)) => return Some(self.parse(&l)),
                Err(e) => {
                    self.done = true;
                    return Some(Err(ItemError {
                        source: format!("{}:{}", self.name, self.line_no),
                        reason: format!("read error: {e}"),
                    }));
                }
            }
        }
        None
    }
}
