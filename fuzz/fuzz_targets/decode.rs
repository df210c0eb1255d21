//! Charset sniffing and decoding: any bytes and any declared charset in,
//! a `String` or a typed error out.
#![no_main]
use libfuzzer_sys::fuzz_target;

/// Declared charsets a server might send: real, misspelt, hostile.
const DECLARED: &[Option<&str>] = &[
    None,
    Some("utf-8"),
    Some("windows-1256"),
    Some("iso-8859-6"),
    Some("utf-16le"),
    Some("utf-16"),
    Some("x-user-defined"),
    Some("replacement"),
    Some(""),
    Some("\"UTF-8\""),
    Some("utf-8; q=1"),
    Some("no-such-charset"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let declared = DECLARED[pick as usize % DECLARED.len()];
    if let Ok(text) = khulasa_extract::decode(bytes, declared) {
        // Decoding never inflates without bound: at most 3 bytes of UTF-8
        // per input byte (U+FFFD for each bad byte), gzip aside.
        let gz = bytes.starts_with(&[0x1f, 0x8b]);
        assert!(gz || text.len() <= bytes.len().saturating_mul(3) + 3, "{} -> {}", bytes.len(), text.len());
    }
    let _ = khulasa_extract::looks_like_html(bytes);
});
