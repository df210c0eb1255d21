//! Reading lines with a length limit, so one enormous line cannot take all
//! memory.

use std::io::{self, BufRead};

/// One line read by [`read_line_limited`].
pub(crate) enum Line {
    /// The line, without its `\n` (or `\r\n`).
    Text(Vec<u8>),
    /// The line was longer than the limit; it was skipped to its end.
    TooLong,
    /// End of input.
    Eof,
}

/// Reads up to and including the next `\n`. Bytes past `limit` are read and
/// dropped, and the line reported as [`Line::TooLong`].
pub(crate) fn read_line_limited(r: &mut impl BufRead, limit: usize) -> io::Result<Line> {
    let mut buf = Vec::new();
    let mut too_long = false;
    let mut any = false;
    loop {
        let (done, used) = {
            let avail = match r.fill_buf() {
                Ok(a) => a,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                (true, 0)
            } else {
                any = true;
                let (chunk, done) = match memchr(avail) {
                    Some(i) => (&avail[..=i], true),
                    None => (avail, false),
                };
                if !too_long {
                    if buf.len() + chunk.len() > limit + 1 {
                        too_long = true;
                        buf = Vec::new();
                    } else {
                        buf.extend_from_slice(chunk);
                    }
                }
                (done, chunk.len())
            }
        };
        r.consume(used);
        if done {
            break;
        }
    }
    if !any {
        return Ok(Line::Eof);
    }
    if too_long {
        return Ok(Line::TooLong);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    }
    Ok(Line::Text(buf))
}

fn memchr(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lines_and_skips_long_ones() {
        let data = b"short\r\nxxxxxxxxxxxxxxxxxxxx\nlast";
        let mut r = io::BufReader::with_capacity(4, &data[..]);
        assert!(matches!(read_line_limited(&mut r, 10).unwrap(), Line::Text(l) if l == b"short"));
        assert!(matches!(
            read_line_limited(&mut r, 10).unwrap(),
            Line::TooLong
        ));
        assert!(matches!(read_line_limited(&mut r, 10).unwrap(), Line::Text(l) if l == b"last"));
        assert!(matches!(read_line_limited(&mut r, 10).unwrap(), Line::Eof));
    }
}
