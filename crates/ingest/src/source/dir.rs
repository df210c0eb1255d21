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

/// The pages under `root`, depth first, each folder's entries in name order
/// (so runs and reruns see the same order), read one at a time. Only the
/// listings of the folders on the current path are held, never every path
/// of the tree: a folder of ten million pages costs its own listing, not
/// the whole archive's. A subfolder that cannot be read is one failed item.
pub(crate) fn walk(
    root: &Path,
    max_item_bytes: u64,
) -> Result<impl Iterator<Item = Result<Item, ItemError>> + Send + use<>, IngestError> {
    let pages = Pages::new(root).map_err(|e| IngestError::Input {
        path: root.to_path_buf(),
        reason: e.to_string(),
    })?;
    Ok(pages.map(move |p| match p {
        Ok(path) => read_page(&path, max_item_bytes),
        Err((path, e)) => Err(ItemError {
            source: path.display().to_string(),
            reason: format!("cannot read the folder: {e}"),
        }),
    }))
}

/// How many pages a folder walk would read (for progress bars), counted
/// without keeping their paths.
pub fn count_pages(root: &Path) -> u64 {
    Pages::new(root)
        .map(|pages| pages.filter(Result::is_ok).count() as u64)
        .unwrap_or(0)
}

/// Page paths under a folder, depth first, in name order per folder.
struct Pages {
    /// One sorted listing per folder on the current path (at most
    /// `MAX_DEPTH + 1`), with whether each entry is a folder.
    stack: Vec<std::vec::IntoIter<(PathBuf, bool)>>,
}

impl Pages {
    fn new(root: &Path) -> std::io::Result<Pages> {
        Ok(Pages {
            stack: vec![listing(root)?.into_iter()],
        })
    }
}

impl Iterator for Pages {
    type Item = Result<PathBuf, (PathBuf, std::io::Error)>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let top = self.stack.last_mut()?;
            let Some((path, is_dir)) = top.next() else {
                self.stack.pop();
                continue;
            };
            if !is_dir {
                return Some(Ok(path));
            }
            // The root is level 0; folders deeper than MAX_DEPTH are not entered.
            if self.stack.len() > MAX_DEPTH {
                continue;
            }
            match listing(&path) {
                Ok(entries) => self.stack.push(entries.into_iter()),
                Err(e) => return Some(Err((path, e))),
            }
        }
    }
}

/// A folder's subfolders and page files, sorted by name. `file_type()` does
/// not follow symlinks: a link cycle cannot trap the walk.
fn listing(dir: &Path) -> std::io::Result<Vec<(PathBuf, bool)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let ft = entry.file_type()?;
        let path = entry.path();
        if ft.is_dir() {
            out.push((path, true));
        } else if ft.is_file() && is_page(&path) {
            out.push((path, false));
        }
    }
    out.sort_unstable();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(p: &Path) {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, "<p>x</p>").unwrap();
    }

    #[test]
    fn pages_come_depth_first_in_name_order_and_only_pages() {
        let t = tempfile::tempdir().unwrap();
        let r = t.path();
        for f in [
            "b.html",
            "a/2.htm",
            "a/1.html.gz",
            "a/z/9.html",
            "c.txt",
            "0.html",
        ] {
            touch(&r.join(f));
        }
        let got: Vec<String> = Pages::new(r)
            .unwrap()
            .map(|p| {
                let p = p.unwrap();
                p.strip_prefix(r).unwrap().display().to_string()
            })
            .collect();
        assert_eq!(
            got,
            ["0.html", "a/1.html.gz", "a/2.htm", "a/z/9.html", "b.html"]
        );
        assert_eq!(count_pages(r), 5);
    }

    #[test]
    fn folders_deeper_than_the_limit_are_not_entered() {
        let t = tempfile::tempdir().unwrap();
        let mut deep = t.path().to_path_buf();
        for _ in 0..MAX_DEPTH {
            deep.push("d");
        }
        touch(&deep.join("last.html"));
        touch(&deep.join("d").join("too-deep.html"));
        let got: Vec<PathBuf> = Pages::new(t.path()).unwrap().map(Result::unwrap).collect();
        assert_eq!(got, [deep.join("last.html")]);
    }
}
