//! Bytes → text: gzip, byte-order marks, declared and sniffed charsets.
//!
//! The order of trust, and why:
//! 1. gzip is undone first (`.html.gz` files, or a server that gzipped twice),
//!    with a cap on the inflated size so a zip bomb cannot eat the memory.
//! 2. A byte-order mark wins over everything, as in browsers.
//! 3. The charset the caller got from `Content-Type`, then `<meta charset>` /
//!    `<meta http-equiv>` found in the first 16 KiB.
//! 4. One exception to 3: if the declared charset is a legacy one but the bytes
//!    are valid UTF-8 with non-ASCII in them, they are UTF-8. Arabic text in
//!    windows-1256 is practically never valid UTF-8, while sites that declare
//!    `iso-8859-1` and serve UTF-8 are common.
//!    The reverse lie, UTF-8 declared over windows-1256 bytes (a template
//!    changed, the archive did not), shows as bytes that are mostly not
//!    UTF-8: then the declaration is ignored and the charset sniffed as in 5.
//!    A few stray bytes in a UTF-8 page do not count.
//! 5. Nothing declared: valid UTF-8 is UTF-8; otherwise `chardetng` guesses
//!    (it knows windows-1256 and ISO-8859-6, which older Arabic sites serve).

use crate::{ExtractError, Limits};
use encoding_rs::{Encoding, UTF_8};
use std::borrow::Cow;
use std::io::Read;

/// How far into the page `<meta charset>` is looked for. Browsers look at
/// 1 KiB; real pages put twenty kilobytes of scripts before it.
const META_SCAN: usize = 16 * 1024;

/// True when `bytes` start with the gzip magic number.
pub(crate) fn is_gzip(bytes: &[u8]) -> bool {
    bytes.len() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
}

/// Inflates gzip data, failing once the output would pass `max`.
pub(crate) fn gunzip(bytes: &[u8], max: usize) -> Result<Vec<u8>, ExtractError> {
    let mut out = Vec::with_capacity(inflated_size_hint(bytes, max));
    let dec = flate2::read::MultiGzDecoder::new(bytes);
    let mut limited = dec.take(max as u64 + 1);
    limited
        .read_to_end(&mut out)
        .map_err(|e| ExtractError::Gzip(e.to_string()))?;
    if out.len() > max {
        return Err(ExtractError::Inflated { limit: max });
    }
    Ok(out)
}

/// How much room to make before inflating: the size the gzip trailer
/// declares (ISIZE, the last member's size mod 2^32), so the output is not
/// grown and copied step by step. The trailer is not trusted: the hint is
/// capped by `max` and by deflate's best ratio (about 1,032 to 1).
fn inflated_size_hint(bytes: &[u8], max: usize) -> usize {
    let Some(trailer) = bytes.len().checked_sub(4).and_then(|at| bytes.get(at..)) else {
        return 0;
    };
    let declared = u32::from_le_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]) as usize;
    // One byte more than `max`: the read stops there and reports the limit.
    declared
        .min(max.saturating_add(1))
        .min(bytes.len().saturating_mul(1032))
}

/// Decodes `bytes` (gzip undone) into text, with the rules of the module doc.
pub(crate) fn decode_with<'a>(
    bytes: &'a [u8],
    content_type_charset: Option<&str>,
    limits: &Limits,
) -> Result<Cow<'a, str>, ExtractError> {
    if bytes.len() > limits.max_input_bytes {
        return Err(ExtractError::TooLarge {
            size: bytes.len(),
            limit: limits.max_input_bytes,
        });
    }
    if is_gzip(bytes) {
        let inflated = gunzip(bytes, limits.max_decompressed_bytes)?;
        // Valid UTF-8 after inflation: take the buffer as it is, no copy.
        return match String::from_utf8(inflated) {
            Ok(s) if !s.starts_with('\u{FEFF}') && !s.trim().is_empty() => Ok(Cow::Owned(s)),
            Ok(s) => {
                decode_plain(s.as_bytes(), content_type_charset).map(|c| Cow::Owned(c.into_owned()))
            }
            Err(e) => {
                decode_plain(e.as_bytes(), content_type_charset).map(|c| Cow::Owned(c.into_owned()))
            }
        };
    }
    decode_plain(bytes, content_type_charset)
}

/// Text already in UTF-8 is borrowed, not copied.
fn decode_plain<'a>(
    bytes: &'a [u8],
    content_type_charset: Option<&str>,
) -> Result<Cow<'a, str>, ExtractError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ExtractError::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(text);
    }
    let declared = content_type_charset
        .and_then(|l| Encoding::for_label(l.trim().trim_matches('"').as_bytes()))
        .or_else(|| sniff_meta_charset(&bytes[..bytes.len().min(META_SCAN)]));
    // UTF-16 declared in a meta tag of an ASCII-compatible page is a lie by
    // construction (the tag could not have been read otherwise).
    let declared = declared.map(|e| e.output_encoding());
    let utf8 = std::str::from_utf8(bytes).ok();
    let enc = match declared {
        Some(e) if e == UTF_8 && (utf8.is_some() || !mostly_not_utf8(bytes)) => UTF_8,
        Some(e) if e != UTF_8 && utf8.is_some() && !bytes.is_ascii() => UTF_8,
        Some(e) if e != UTF_8 => e,
        None if utf8.is_some() => UTF_8,
        // Nothing declared, or UTF-8 declared over bytes that are not.
        _ => {
            let mut det = chardetng::EncodingDetector::new();
            det.feed(bytes, true);
            det.guess(None, true)
        }
    };
    if let (true, Some(s)) = (enc == UTF_8, utf8) {
        return Ok(Cow::Borrowed(s));
    }
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Ok(text)
}

/// More invalid UTF-8 sequences than valid non-ASCII characters: the bytes
/// are in some other charset, whatever the page says.
fn mostly_not_utf8(bytes: &[u8]) -> bool {
    let (mut bad, mut good) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    bad > good
}

/// Finds `<meta charset=X>` or `<meta http-equiv=Content-Type content="...; charset=X">`.
fn sniff_meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(cs) = find(tag, b"charset") {
            let mut rest = &tag[cs + 7..];
            while let [b' ' | b'\t' | b'\n' | b'\r', r @ ..] = rest {
                rest = r;
            }
            if let [b'=', r @ ..] = rest {
                rest = r;
                while let [b' ' | b'"' | b'\'' | b'\t', r @ ..] = rest {
                    rest = r;
                }
                let len = rest
                    .iter()
                    .position(|b| {
                        matches!(b, b'"' | b'\'' | b' ' | b';' | b'/' | b'>' | b'\t' | b'\n')
                    })
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..len]) {
                    return Some(enc);
                }
            }
        }
        from = end.max(start + 5);
        if from >= lower.len() {
            break;
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A cheap test of whether bytes are an HTML page rather than plain text.
pub(crate) fn looks_like_html(bytes: &[u8]) -> bool {
    if is_gzip(bytes) {
        // Only the first few kilobytes matter; a bounded inflate is enough.
        let mut head = Vec::new();
        let dec = flate2::read::MultiGzDecoder::new(bytes);
        if dec.take(4096).read_to_end(&mut head).is_err() && head.is_empty() {
            return false;
        }
        return looks_like_html(&head);
    }
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let trimmed = lower.trim_ascii_start();
    if trimmed.starts_with(b"<!doctype html") || trimmed.starts_with(b"<html") {
        return true;
    }
    const TAGS: [&[u8]; 8] = [
        b"<head",
        b"<body",
        b"<meta ",
        b"<title",
        b"<div",
        b"<p>",
        b"<article",
        b"<p ",
    ];
    let hits = TAGS.iter().filter(|t| find(&lower, t).is_some()).count();
    trimmed.starts_with(b"<") && hits >= 1 || hits >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(b: &[u8], cs: Option<&str>) -> String {
        decode_with(b, cs, &Limits::default()).unwrap().into_owned()
    }

    #[test]
    fn windows_1256_declared_in_meta() {
        let (body, _, _) = encoding_rs::WINDOWS_1256.encode("<p>مرحبا بالعالم</p>");
        let mut page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\"></head><body>".to_vec();
        page.extend_from_slice(&body);
        assert!(dec(&page, None).contains("مرحبا بالعالم"));
    }

    #[test]
    fn windows_1256_sniffed_without_declaration() {
        let text = "<html><body><p>اجتمع وزير الدفاع مع زعيم كوريا الشمالية في العاصمة واتفقا على تعزيز التعاون العسكري بين البلدين.</p></body></html>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(text);
        assert_eq!(dec(&bytes, None), text);
    }

    #[test]
    fn utf8_wins_over_a_wrong_legacy_declaration() {
        let page = "<meta charset=iso-8859-1><p>خبر عاجل</p>";
        assert!(dec(page.as_bytes(), None).contains("خبر عاجل"));
        assert!(dec(page.as_bytes(), Some("windows-1256")).contains("خبر عاجل"));
    }

    #[test]
    fn gzip_is_undone() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all("<p>نص</p>".as_bytes()).unwrap();
        let gz = enc.finish().unwrap();
        assert_eq!(dec(&gz, None), "<p>نص</p>");
        assert!(looks_like_html(&gz));
    }

    #[test]
    fn gzip_bomb_is_capped() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&vec![b'a'; 3 << 20]).unwrap();
        let gz = enc.finish().unwrap();
        let limits = Limits {
            max_decompressed_bytes: 1 << 20,
            ..Limits::default()
        };
        assert!(matches!(
            decode_with(&gz, None, &limits),
            Err(ExtractError::Inflated { limit: 1048576 })
        ));
    }

    #[test]
    fn the_gzip_trailer_sizes_the_output_but_is_not_trusted() {
        use std::io::Write;
        let gz = |text: &str| {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(text.as_bytes()).unwrap();
            enc.finish().unwrap()
        };
        let page = "<p>خبر</p>".repeat(50);
        let mut two = gz(&page[..page.len() / 2]);
        two.extend(gz(&page[page.len() / 2..]));
        let mut big = gz(&page);
        let at = big.len() - 4;
        big[at..].copy_from_slice(&u32::MAX.to_le_bytes());
        let mut small = gz(&page);
        let at = small.len() - 4;
        small[at..].copy_from_slice(&3u32.to_le_bytes());
        assert_eq!(dec(&two, None), page);
        // flate2 checks the declared size: a lie is a corrupt stream.
        for bytes in [&big, &small] {
            assert!(matches!(
                decode_with(bytes, None, &Limits::default()),
                Err(ExtractError::Gzip(_))
            ));
        }
        // The hint never passes the limit or deflate's best ratio.
        assert_eq!(inflated_size_hint(&big, 1 << 20), big.len() * 1032);
        assert_eq!(inflated_size_hint(&big, 100), 101);
        assert_eq!(inflated_size_hint(&[0x1f, 0x8b], 100), 0);
    }

    #[test]
    fn empty_is_an_error() {
        assert!(matches!(
            decode_with(b"  \n", None, &Limits::default()),
            Err(ExtractError::Empty)
        ));
    }

    #[test]
    fn html_is_told_from_text() {
        assert!(looks_like_html(
            b"<!DOCTYPE html><html><body></body></html>"
        ));
        assert!(looks_like_html(b"\n  <html lang=ar>"));
        assert!(looks_like_html(b"<div class=a><p>x</p></div>"));
        assert!(!looks_like_html(
            "اجتمع وزير الدفاع الروسي مع زعيم كوريا الشمالية.".as_bytes()
        ));
        assert!(!looks_like_html(b"a < b and c > d"));
        assert!(!looks_like_html(&[0u8, 159, 146, 150, 1, 2, 3]));
    }
}
