//! Feed parsing as ingest does it (RSS, Atom, JSON Feed): items or an
//! error, never a panic, and never more items than the per-feed limit.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static BASE: OnceLock<url::Url> = OnceLock::new();
    let base = BASE.get_or_init(|| url::Url::parse("https://news.example/rss/").unwrap());
    if let Ok(items) = khulasa_ingest::feed::parse_feed(data, Some(base)) {
        assert!(items.len() <= khulasa_ingest::feed::MAX_ITEMS_PER_FEED);
    }
});
