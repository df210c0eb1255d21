//! Reading the command's input: a file or `-` for stdin, as UTF-8 with a
//! clear error naming the byte offset of the first invalid byte.

use anyhow::{Context, Result, bail};
use std::io::Read;
use std::path::Path;

/// The most a command reads from one file or from stdin: 256 MiB. Every
/// stage has a tighter limit of its own (see docs/limits.md); this one keeps
/// a multi-gigabyte file from being loaded whole before those can say no.
pub const MAX_INPUT_BYTES: u64 = 256 << 20;

/// Reads `path` (or stdin when `path` is `-`) into bytes, at most
/// [`MAX_INPUT_BYTES`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    let what = if path.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    let limit = MAX_INPUT_BYTES + 1;
    if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut buf)
            .context("could not read standard input")?;
    } else {
        let file = std::fs::File::open(path).with_context(|| format!("could not read {what}"))?;
        file.take(limit)
            .read_to_end(&mut buf)
            .with_context(|| format!("could not read {what}"))?;
    }
    if buf.len() as u64 > MAX_INPUT_BYTES {
        bail!(
            "{what} is larger than the input limit of {} MiB",
            MAX_INPUT_BYTES >> 20
        );
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
