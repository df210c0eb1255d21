//! HTML extraction: any bytes in, an `Article` or a typed error out, never a
//! panic. With tight limits half the time, so that every limit's refusal
//! path (depth, elements, sizes, the parse under a clock) is driven
//! as well as the happy path.
#![no_main]
use khulasa_extract::{ExtractError, Extractor, Limits};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use std::time::Duration;

fuzz_target!(|data: &[u8]| {
    static TIGHT: OnceLock<Extractor> = OnceLock::new();
    let tight = TIGHT.get_or_init(|| {
        Extractor::with_limits(Limits {
            max_input_bytes: 64 << 10,
            max_decompressed_bytes: 128 << 10,
            max_depth: 24,
            max_nodes: 2_000,
            // Generous enough never to fire on a small input, so results
            // stay reproducible; the parse still goes through the clock.
            time_budget: Some(Duration::from_secs(60)),
            ..Limits::default()
        })
    });
    // First byte: bit 0 gives a URL (it feeds absolute image links), bit 1
    // picks the tight limits.
    let (flags, page) = match data.split_first() {
        Some((b, rest)) => (*b, rest),
        None => (0, data),
    };
    let url = (flags & 1 == 1).then_some("https://news.example/a/b?id=1");
    let result = if flags & 2 == 2 {
        tight.extract(page, url)
    } else {
        khulasa_extract::extract(page, url)
    };
    match result {
        // The JSON the CLI prints must always serialise.
        Ok(article) => drop(serde_json::to_string(&article).expect("article serialises")),
        // A limit error names its limit.
        Err(e @ (ExtractError::TooLarge { .. }
        | ExtractError::Inflated { .. }
        | ExtractError::TooDeep { .. }
        | ExtractError::TooComplex { .. })) => assert!(e.limit().is_some()),
        Err(_) => {}
    }
});
