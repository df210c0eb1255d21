//! A small WARC reader (ISO 28500, versions 1.0 and 1.1): uncompressed, or
//! gzipped record by record (`.warc.gz`, as crawlers write them; read as one
//! multi-member gzip stream).
//!
//! Only what batch needs: `response` records holding an HTTP response with
//! an HTML body (status 2xx), and `resource` records of HTML. Other records
//! (`warcinfo`, `request`, `metadata`, images, scripts) are skipped without
//! counting as failures. Why our own: the `warc` crate pulls in `nom` 7 and
//! parses headers into owned maps per record; this is ~200 lines, streams,
//! and bounds every header line, header count and record size.

use super::MAX_ITEM_BYTES;
use super::lines::{Line, read_line_limited};
use crate::IngestError;
use crate::item::{Item, ItemError, Payload};
use flate2::read::MultiGzDecoder;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

/// Longest header line accepted (WARC and HTTP), in bytes.
const MAX_HEADER_LINE: usize = 64 * 1024;
/// Most header lines in one block (WARC or HTTP).
const MAX_HEADERS: usize = 512;

/// True when `path` is gzip whose content starts with `WARC/`.
pub(crate) fn gz_starts_with_warc(path: &Path) -> bool {
    let Ok(f) = File::open(path) else {
        return false;
    };
    let mut head = [0u8; 5];
    let mut gz = MultiGzDecoder::new(BufReader::new(f));
    gz.read_exact(&mut head).is_ok() && &head == b"WARC/"
}

/// Reads the HTML records of a WARC file, one at a time.
pub struct WarcReader {
    name: String,
    reader: Box<dyn BufRead + Send>,
    record_no: usize,
    done: bool,
    max_item: u64,
}

struct Headers(Vec<(String, String)>);

impl Headers {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl WarcReader {
    /// Opens a WARC file, gzipped or not (told by its first two bytes).
    pub fn open(path: &Path) -> Result<WarcReader, IngestError> {
        let input_err = |e: io::Error| IngestError::Input {
            path: path.to_path_buf(),
            reason: e.to_string(),
        };
        let mut f = File::open(path).map_err(input_err)?;
        let mut magic = [0u8; 2];
        let n = f.read(&mut magic).map_err(input_err)?;
        drop(f);
        let f = File::open(path).map_err(input_err)?;
        let reader: Box<dyn BufRead + Send> = if n == 2 && magic == [0x1f, 0x8b] {
            Box::new(BufReader::with_capacity(
                256 * 1024,
                MultiGzDecoder::new(BufReader::new(f)),
            ))
        } else {
            Box::new(BufReader::with_capacity(256 * 1024, f))
        };
        Ok(WarcReader::from_reader(path.display().to_string(), reader))
    }

    /// Reads WARC records from any buffered reader (uncompressed);
    /// `name` names the input in sources and errors.
    pub fn from_reader(name: String, reader: Box<dyn BufRead + Send>) -> WarcReader {
        WarcReader {
            name,
            reader,
            record_no: 0,
            done: false,
            max_item: MAX_ITEM_BYTES,
        }
    }

    /// The same reader, failing records over `max` bytes (by default
    /// [`MAX_ITEM_BYTES`]).
    pub fn with_max_item_bytes(mut self, max: u64) -> WarcReader {
        self.max_item = max;
        self
    }

    fn fail(&mut self, reason: String) -> ItemError {
        ItemError {
            source: format!("{}#record{}", self.name, self.record_no),
            reason,
        }
    }

    /// Reads header lines up to the blank line. `Ok(None)` at a clean end of input.
    fn headers(&mut self, first_is_version: bool) -> Result<Option<(String, Headers)>, String> {
        // Skip blank lines between records.
        let first = loop {
            match read_line_limited(&mut self.reader, MAX_HEADER_LINE).map_err(|e| e.to_string())? {
                Line::Eof => return Ok(None),
                Line::TooLong => return Err("header line too long".into()),
                Line::Text(l) if l.is_empty() && first_is_version => continue,
                Line::Text(l) => break String::from_utf8_lossy(&l).into_owned(),
            }
        };
        if first_is_version && !first.starts_with("WARC/") {
            return Err(format!(
                "expected a WARC/1.x record, found {:?}",
                first.chars().take(40).collect::<String>()
            ));
        }
        let mut headers = Vec::new();
        loop {
            match read_line_limited(&mut self.reader, MAX_HEADER_LINE).map_err(|e| e.to_string())? {
                Line::Eof => return Err("input ends inside a header".into()),
                Line::TooLong => return Err("header line too long".into()),
                Line::Text(l) if l.is_empty() => break,
                Line::Text(l) => {
                    if headers.len() >= MAX_HEADERS {
                        return Err(format!("more than {MAX_HEADERS} header lines"));
                    }
                    let l = String::from_utf8_lossy(&l);
                    if let Some((k, v)) = l.split_once(':') {
                        headers.push((k.trim().to_string(), v.trim().to_string()));
                    }
                }
            }
        }
        Ok(Some((first, Headers(headers))))
    }

    /// One record: `Ok(Some(item))`, `Ok(None)` for a record to skip,
    /// `Err` for a bad record (the reader may be unable to go on: see `done`).
    fn record(&mut self) -> Option<Result<Option<Item>, ItemError>> {
        self.record_no += 1;
        let (_, h) = match self.headers(true) {
            Ok(Some(x)) => x,
            Ok(None) => return None,
            Err(reason) => {
                self.done = true;
                return Some(Err(self.fail(format!(
                    "malformed WARC: {reason}; the rest of the file is skipped"
                ))));
            }
        };
        let Some(len) = h.get("Content-Length").and_then(|v| v.parse::<u64>().ok()) else {
            self.done = true;
            return Some(Err(self.fail(
                "WARC record without a valid Content-Length; the rest of the file is skipped"
                    .into(),
            )));
        };
        let rtype = h.get("WARC-Type").unwrap_or("").to_ascii_lowercase();
        let url = h
            .get("WARC-Target-URI")
            .map(|u| u.trim_matches(|c| c == '<' || c == '>').to_string());
        let source = match (&url, h.get("WARC-Record-ID")) {
            (Some(u), _) => format!("{}#{u}", self.name),
            (None, Some(id)) => format!("{}#{id}", self.name),
            (None, None) => format!("{}#record{}", self.name, self.record_no),
        };
        let content_type = h.get("Content-Type").unwrap_or("").to_ascii_lowercase();
        let wanted = (rtype == "response" && content_type.starts_with("application/http"))
            || (rtype == "resource" && content_type.contains("html"));
        if !wanted || len > self.max_item {
            if let Err(e) = io::copy(&mut (&mut self.reader).take(len), &mut io::sink()) {
                self.done = true;
                return Some(Err(ItemError {
                    source,
                    reason: format!("read error: {e}"),
                }));
            }
            if wanted {
                return Some(Err(ItemError {
                    source,
                    reason: super::too_large(&format!("record of {len} bytes is"), self.max_item),
                }));
            }
            return Some(Ok(None));
        }
        let mut block = Vec::with_capacity(len as usize);
        match (&mut self.reader).take(len).read_to_end(&mut block) {
            Ok(n) if n as u64 == len => {}
            Ok(_) => {
                self.done = true;
                return Some(Err(ItemError {
                    source,
                    reason: "record truncated (input ends early)".into(),
                }));
            }
            Err(e) => {
                self.done = true;
                return Some(Err(ItemError {
                    source,
                    reason: format!("read error: {e}"),
                }));
            }
        }
        if rtype == "resource" {
            let charset = khulasa_fetch::charset_of(&content_type);
            return Some(Ok(Some(Item {
                source,
                url,
                title: None,
                payload: Payload::Html {
                    bytes: block,
                    charset,
                },
            })));
        }
        match http_html_body(&block) {
            Ok(Some((bytes, charset))) => Some(Ok(Some(Item {
                source,
                url,
                title: None,
                payload: Payload::Html { bytes, charset },
            }))),
            Ok(None) => Some(Ok(None)),
            Err(reason) => Some(Err(ItemError { source, reason })),
        }
    }
}

impl Iterator for WarcReader {
    type Item = Result<Item, ItemError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.record() {
                None => self.done = true,
                Some(Ok(None)) => continue,
                Some(Ok(Some(item))) => return Some(Ok(item)),
                Some(Err(e)) => return Some(Err(e)),
            }
        }
        None
    }
}

/// The body of an HTTP response block when it is a 2xx HTML page:
/// `Ok(None)` for anything else (redirects, images, scripts).
/// A page body and the charset its headers named.
type Body = (Vec<u8>, Option<String>);

fn http_html_body(block: &[u8]) -> Result<Option<Body>, String> {
    let head_end = find(block, b"\r\n\r\n")
        .map(|i| (i, 4))
        .or_else(|| find(block, b"\n\n").map(|i| (i, 2)));
    let Some((end, sep)) = head_end else {
        return Err("HTTP response without a header end".into());
    };
    let head = String::from_utf8_lossy(&block[..end]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    if !(200..300).contains(&status) {
        return Ok(None);
    }
    let mut content_type = None;
    let mut chunked = false;
    for line in lines.take(MAX_HEADERS) {
        if let Some((k, v)) = line.split_once(':') {
            let (k, v) = (k.trim(), v.trim());
            if k.eq_ignore_ascii_case("content-type") {
                content_type = Some(v.to_ascii_lowercase());
            } else if k.eq_ignore_ascii_case("transfer-encoding")
                && v.to_ascii_lowercase().contains("chunked")
            {
                chunked = true;
            }
        }
    }
    if content_type
        .as_ref()
        .is_some_and(|ct| !(ct.contains("html") || ct.starts_with("text/plain")))
    {
        return Ok(None);
    }
    let body = &block[end + sep..];
    let body = if chunked {
        dechunk(body)?
    } else {
        body.to_vec()
    };
    let charset = content_type.as_deref().and_then(khulasa_fetch::charset_of);
    Ok(Some((body, charset)))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Undoes `Transfer-Encoding: chunked` (some crawlers store the raw stream).
fn dechunk(mut b: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(b.len());
    loop {
        let Some(eol) = find(b, b"\r\n") else {
            return Err("bad chunked encoding".into());
        };
        let size_text = String::from_utf8_lossy(&b[..eol]);
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let size =
            usize::from_str_radix(size_text, 16).map_err(|_| "bad chunk size".to_string())?;
        b = &b[eol + 2..];
        if size == 0 {
            return Ok(out);
        }
        if b.len() < size {
            return Err("chunk runs past the record".into());
        }
        out.extend_from_slice(&b[..size]);
        b = &b[size..];
        if b.starts_with(b"\r\n") {
            b = &b[2..];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    pub(crate) fn record(rtype: &str, uri: &str, block: &[u8], ct: &str) -> Vec<u8> {
        let mut v = Vec::new();
        write!(
            v,
            "WARC/1.1\r\nWARC-Type: {rtype}\r\nWARC-Target-URI: {uri}\r\nWARC-Record-ID: <urn:uuid:{uri}>\r\n\
             Content-Type: {ct}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .unwrap();
        v.extend_from_slice(block);
        v.extend_from_slice(b"\r\n\r\n");
        v
    }

    fn read_all(data: Vec<u8>) -> Vec<Result<Item, ItemError>> {
        WarcReader::from_reader("t.warc".into(), Box::new(io::Cursor::new(data))).collect()
    }

    #[test]
    fn reads_html_responses_and_skips_the_rest() {
        let mut data = record(
            "warcinfo",
            "",
            b"software: test\r\n",
            "application/warc-fields",
        );
        data.extend(record(
            "request",
            "http://a.example/1",
            b"GET /1 HTTP/1.1\r\n\r\n",
            "application/http; msgtype=request",
        ));
        data.extend(record(
            "response",
            "http://a.example/1",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1256\r\n\r\n<p>x</p>",
            "application/http; msgtype=response",
        ));
        data.extend(record(
            "response",
            "http://a.example/logo.png",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
            "application/http; msgtype=response",
        ));
        data.extend(record(
            "response",
            "http://a.example/2",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n<p>y\r\n4\r\n</p>\r\n0\r\n\r\n",
            "application/http; msgtype=response",
        ));
        data.extend(record(
            "response",
            "http://a.example/3",
            b"HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n",
            "application/http; msgtype=response",
        ));
        let items: Vec<Item> = read_all(data).into_iter().map(Result::unwrap).collect();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].url.as_deref(), Some("http://a.example/1"));
        assert_eq!(
            items[0].payload,
            Payload::Html {
                bytes: b"<p>x</p>".to_vec(),
                charset: Some("windows-1256".into())
            }
        );
        assert_eq!(
            items[1].payload,
            Payload::Html {
                bytes: b"<p>y</p>".to_vec(),
                charset: None
            }
        );
        assert_eq!(items[1].source, "t.warc#http://a.example/2");
    }

    #[test]
    fn reads_gzip_per_record() {
        let mut gz = Vec::new();
        for i in 0..3 {
            let rec = record(
                "response",
                &format!("http://a.example/{i}"),
                format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>{i}</p>").as_bytes(),
                "application/http; msgtype=response",
            );
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(&rec).unwrap();
            gz.extend(enc.finish().unwrap());
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.warc.gz");
        std::fs::write(&path, gz).unwrap();
        let items: Vec<Item> = WarcReader::open(&path)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(items.len(), 3);
        assert_eq!(
            items[2].payload,
            Payload::Html {
                bytes: b"<p>2</p>".to_vec(),
                charset: None
            }
        );
    }

    #[test]
    fn truncated_and_malformed_records_are_errors_not_panics() {
        let mut data = record(
            "response",
            "http://a.example/1",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>",
            "application/http; msgtype=response",
        );
        data.truncate(data.len() - 10);
        let out = read_all(data);
        assert_eq!(out.len(), 1);
        assert!(out[0].as_ref().unwrap_err().reason.contains("truncated"));

        let out = read_all(b"GARBAGE\r\n\r\n".to_vec());
        assert_eq!(out.len(), 1);
        assert!(
            out[0]
                .as_ref()
                .unwrap_err()
                .reason
                .contains("malformed WARC")
        );

        let out = read_all(b"WARC/1.0\r\nWARC-Type: response\r\n\r\n".to_vec());
        assert!(
            out[0]
                .as_ref()
                .unwrap_err()
                .reason
                .contains("Content-Length")
        );

        assert!(read_all(Vec::new()).is_empty());
    }
}
