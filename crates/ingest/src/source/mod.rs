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
/// record), in bytes, unless [`open_all_with`] is given another: 64 MiB, the
/// extractor's page limit. Larger items become failures.
pub const MAX_ITEM_BYTES: u64 = 64 << 20;

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
    if name.ends_with(".html")
        || name.ends_with(".htm")
        || name.ends_with(".html.gz")
        || name.ends_with(".txt")
    {
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

/// Opens one input as an iterator of items, each at most
/// [`MAX_ITEM_BYTES`].
pub fn open(path: &Path) -> Result<Items, IngestError> {
    open_with(path, MAX_ITEM_BYTES)
}

/// Opens one input as an iterator of items, each at most `max_item_bytes`.
pub fn open_with(path: &Path, max_item_bytes: u64) -> Result<Items, IngestError> {
    Ok(match kind_of(path)? {
        InputKind::Dir => Box::new(dir::walk(path, max_item_bytes)?),
        InputKind::Jsonl => Box::new(jsonl::JsonlReader::open(path, max_item_bytes)?),
        InputKind::Warc => {
            Box::new(warc::WarcReader::open(path)?.with_max_item_bytes(max_item_bytes))
        }
        InputKind::Page => Box::new(std::iter::once(read_page(path, max_item_bytes))),
    })
}

/// Opens every input (so a missing one is an error before any work starts)
/// and chains them; items are at most [`MAX_ITEM_BYTES`].
pub fn open_all(paths: &[PathBuf]) -> Result<Items, IngestError> {
    open_all_with(paths, MAX_ITEM_BYTES)
}

/// [`open_all`] with items of at most `max_item_bytes`.
pub fn open_all_with(paths: &[PathBuf], max_item_bytes: u64) -> Result<Items, IngestError> {
    let mut all: Items = Box::new(std::iter::empty());
    for p in paths {
        all = Box::new(all.chain(open_with(p, max_item_bytes)?));
    }
    Ok(all)
}

/// The reason an item over the size limit fails.
pub(crate) fn too_large(what: &str, max: u64) -> String {
    format!(
        "{what} over the limit of {max} bytes; {}",
        khulasa_core::Limit::PageBytes.hint()
    )
}

/// Reads one page file, refusing files over `max` bytes.
pub(crate) fn read_page(path: &Path, max: u64) -> Result<Item, ItemError> {
    let source = path.display().to_string();
    let err = |reason: String| ItemError {
        source: source.clone(),
        reason,
    };
    let file = std::fs::File::open(path).map_err(|e| err(format!("cannot read: {e}")))?;
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| err(format!("cannot read: {e}")))?;
    if bytes.len() as u64 > max {
        return Err(err(too_large("file", max)));
    }
    // A `.txt` file is an article's plain text (UTF-8), made into an
    // article the way every other door makes one from text.
    let payload = if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
    {
        let text = String::from_utf8(bytes).map_err(|e| {
            err(format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        crate::item::Payload::Text(text)
    } else {
        crate::item::Payload::Html {
            bytes,
            charset: None,
        }
    };
    Ok(Item {
        source: source.clone(),
        url: None,
        title: None,
        payload,
    })
}
