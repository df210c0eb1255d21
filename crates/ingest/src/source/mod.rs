//! Reading inputs: a folder of pages, a JSON Lines file, a WARC archive, or
//! single pages. Each input is an iterator of items, read lazily so an
//! archive of any size is processed in bounded memory.

mod dir;
mod jsonl;
mod lines;
mod warc;

use crate::IngestError;
use crate::item::{Item, ItemError};
use std::io::Read;
use std::path::{Path, PathBuf};

pub use dir::count_pages;
pub use warc::WarcReader;

/// The largest item read from any input (a page, a JSON line, a WARC
/// record), in bytes: 32 MiB. Larger items become failures.
pub const MAX_ITEM_BYTES: u64 = 32 << 20;

/// How deep a folder is walked. Deeper folders are not entered.
pub const MAX_DEPTH: usize = 32;

/// What one input path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A folder of `.html`, `.htm`, `.html.gz` files (walked recursively,
    /// in name order, symlinks not followed).
    Dir,
    /// JSON Lines: `{"id", "html" | "text", "url"?, "title"?}` a line.
    Jsonl,
    /// A WARC archive, uncompressed or gzipped per record (`.warc`, `.warc.gz`).
    Warc,
    /// One HTML page (`.html`, `.htm`, `.html.gz`, or anything else).
    Page,
}

/// The items of one input, in order.
pub type Items = Box<dyn Iterator<Item = Result<Item, ItemError>> + Send>;

/// Decides what `path` is, from its type, its name, then its first bytes.
pub fn kind_of(path: &Path) -> Result<InputKind, IngestError> {
    let meta = std::fs::metadata(path).map_err(|e| IngestError::Input {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    if meta.is_dir() {
        return Ok(InputKind::Dir);
    }
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        return Ok(InputKind::Jsonl);
    }
    if name.ends_with(".warc") || name.ends_with(".warc.gz") {
        return Ok(InputKind::Warc);
    }
    if name.ends_with(".html") || name.ends_with(".htm") || name.ends_with(".html.gz") {
        return Ok(InputKind::Page);
    }
    // Unknown name: look at the first bytes.
    let mut head = [0u8; 512];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| IngestError::Input {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
    let head = &head[..n];
    if head.starts_with(b"WARC/") || warc::gz_starts_with_warc(path) {
        Ok(InputKind::Warc)
    } else if head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
        Ok(InputKind::Jsonl)
    } else {
        Ok(InputKind::Page)
    }
}

/// Opens one input as an iterator of items.
pub fn open(path: &Path) -> Result<Items, IngestError> {
    Ok(match kind_of(path)? {
        InputKind::Dir => Box::new(dir::walk(path)?),
        InputKind::Jsonl => Box::new(jsonl::JsonlReader::open(path)?),
        InputKind::Warc => Box::new(warc::WarcReader::open(path)?),
        InputKind::Page => Box::new(std::iter::once(read_page(path))),
    })
}

/// Opens every input (so a missing one is an error before any work starts)
/// and chains them.
pub fn open_all(paths: &[PathBuf]) -> Result<Items, IngestError> {
    let mut all: Items = Box::new(std::iter::empty());
    for p in paths {
        all = Box::new(all.chain(open(p)?));
    }
    Ok(all)
}

/// Reads one page file, refusing files over [`MAX_ITEM_BYTES`].
pub(crate) fn read_page(path: &Path) -> Result<Item, ItemError> {
    let source = path.display().to_string();
    let err = |reason: String| ItemError {
        source: source.clone(),
        reason,
    };
    let file = std::fs::File::open(path).map_err(|e| err(format!("cannot read: {e}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_ITEM_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| err(format!("cannot read: {e}")))?;
    if bytes.len() as u64 > MAX_ITEM_BYTES {
        return Err(err(format!(
            "file larger than the limit of {MAX_ITEM_BYTES} bytes"
        )));
    }
    Ok(Item {
        source: source.clone(),
        url: None,
        title: None,
        payload: crate::item::Payload::Html {
            bytes,
            charset: None,
        },
    })
}
