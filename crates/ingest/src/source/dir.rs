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
    [".html", ".htm", ".html.gz", ".htm.gz", ".txt"]
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
    /// `MAX_DEPTH + 1`), with the next entry to visit in each.
    stack: Vec<(Listing, usize)>,
}

impl Pages {
    fn new(root: &Path) -> std::io::Result<Pages> {
        Ok(Pages {
            stack: vec![(Listing::read(root)?, 0)],
        })
    }
}

impl Iterator for Pages {
    type Item = Result<PathBuf, (PathBuf, std::io::Error)>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (listing, next) = self.stack.last_mut()?;
            let Some((path, is_dir)) = listing.get(*next) else {
                self.stack.pop();
                continue;
            };
            *next += 1;
            if !is_dir {
                return Some(Ok(path));
            }
            // The root is level 0; folders deeper than MAX_DEPTH are not entered.
            if self.stack.len() > MAX_DEPTH {
                continue;
            }
            match Listing::read(&path) {
                Ok(l) => self.stack.push((l, 0)),
                Err(e) => return Some(Err((path, e))),
            }
        }
    }
}

/// A folder's subfolders and page files, sorted by name, held compactly:
/// the names in one buffer and 12 bytes of bookkeeping an entry, so a
/// folder of a million pages costs about 25 MB, not a path allocation of
/// ~100 bytes each.
struct Listing {
    dir: PathBuf,
    names: Vec<u8>,
    /// (start of the name in `names`, its length, is a folder).
    entries: Vec<(u32, u32, bool)>,
}

impl Listing {
    /// Reads `dir`. `file_type()` does not follow symlinks: a link cycle
    /// cannot trap the walk.
    fn read(dir: &Path) -> std::io::Result<Listing> {
        let mut names = Vec::new();
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let ft = entry.file_type()?;
            let name = entry.file_name();
            let is_dir = ft.is_dir();
            if !(is_dir || ft.is_file() && is_page(Path::new(&name))) {
                continue;
            }
            let bytes = name.as_encoded_bytes();
            let (Ok(start), Ok(len)) = (u32::try_from(names.len()), u32::try_from(bytes.len()))
            else {
                return Err(std::io::Error::other(
                    "a folder listing over 4 GiB of names",
                ));
            };
            names.extend_from_slice(bytes);
            entries.push((start, len, is_dir));
        }
        let name = |&(s, l, _): &(u32, u32, bool)| &names[s as usize..(s + l) as usize];
        entries.sort_unstable_by(|a, b| name(a).cmp(name(b)));
        names.shrink_to_fit();
        entries.shrink_to_fit();
        Ok(Listing {
            dir: dir.to_path_buf(),
            names,
            entries,
        })
    }

    /// Entry `i`: its path and whether it is a folder.
    fn get(&self, i: usize) -> Option<(PathBuf, bool)> {
        let &(s, l, is_dir) = self.entries.get(i)?;
        let bytes = &self.names[s as usize..(s + l) as usize];
        Some((self.dir.join(name_from_bytes(bytes)), is_dir))
    }
}

#[cfg(unix)]
fn name_from_bytes(bytes: &[u8]) -> std::ffi::OsString {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::OsStr::from_bytes(bytes).to_os_string()
}

/// Elsewhere a name that is not UTF-8 cannot be rebuilt without `unsafe`:
/// it is read lossily and its page then fails to open, as one failed item.
#[cfg(not(unix))]
fn name_from_bytes(bytes: &[u8]) -> std::ffi::OsString {
    String::from_utf8_lossy(bytes).into_owned().into()
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
            "d.json",
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
            [
                "0.html",
                "a/1.html.gz",
                "a/2.htm",
                "a/z/9.html",
                "b.html",
                "c.txt"
            ]
        );
        assert_eq!(count_pages(r), 6);
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
