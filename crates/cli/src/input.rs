//! Reading the command's input: a file or `-` for stdin, as UTF-8 with a
//! clear error naming the byte offset of the first invalid byte.

use anyhow::{Context, Result, bail};
use std::io::Read;
use std::path::Path;

/// Reads `path` (or stdin when `path` is `-`) into bytes.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .context("could not read standard input")?;
    } else {
        buf = std::fs::read(path).with_context(|| format!("could not read {}", path.display()))?;
    }
    Ok(buf)
}

/// Reads `path` (or stdin) as UTF-8 text. With `lossy`, invalid bytes become
/// U+FFFD; otherwise the first invalid byte is an error that names its offset.
pub fn read_text(path: &Path, lossy: bool) -> Result<String> {
    let bytes = read_bytes(path)?;
    utf8(bytes, &path.display().to_string(), lossy)
}

/// Turns bytes into a `String`, naming `what` and the byte offset on failure.
pub fn utf8(bytes: Vec<u8>, what: &str, lossy: bool) -> Result<String> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) if lossy => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            bail!(
                "{what} is not valid UTF-8: invalid byte at offset {at} \
                 (use --lossy to replace invalid bytes with U+FFFD)"
            )
        }
    }
}
