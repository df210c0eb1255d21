//! A folder of pages, walked in name order.

use super::{MAX_DEPTH, read_page};
use crate::IngestError;
use crate::item::{Item, ItemError};
use std::path::{Path, PathBuf};

/// True for the page files a folder walk picks up.
pub(crate) fn is_page(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    [".html", ".htm", ".html.gz", ".htm.gz"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Lists the pages under `root` (sorted, so runs and reruns see the same
/// order), then reads them one at a time.
pub(crate) fn walk(
    root: &Path,
    max_item_bytes: u64,
) -> Result<impl Iterator<Item = Result<Item, ItemError>> + Send + use<>, IngestError> {
    let mut files = Vec::new();
    collect(root, 0, &mut files).map_err(|e| IngestError::Input {
        path: root.to_path_buf(),
        reason: e.to_string(),
    })?;
    files.sort();
    Ok(files
        .into_iter()
        .map(move |p| read_page(&p, max_item_bytes)))
}

fn collect(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        // file_type() does not follow symlinks: a link cycle cannot trap us.
        let ft = entry.file_type()?;
        let path = entry.path();
        if ft.is_dir() {
            collect(&path, depth + 1, out)?;
        } else if ft.is_file() && is_page(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// How many pages a folder walk would read (for progress bars).
pub fn count_pages(root: &Path) -> u64 {
    let mut files = Vec::new();
    let _ = collect(root, 0, &mut files);
    files.len() as u64
}
