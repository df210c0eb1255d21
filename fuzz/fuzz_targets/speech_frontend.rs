//! The speech front end: cleaning, Arabic/Latin routing, verbalisation of
//! numbers, dates, times and symbols, chunking, and the text handed to the
//! diacritiser and espeak-ng. No audio is synthesised here.
#![no_main]
use khulasa_core::Lang;
use khulasa_speech::{frontend, numbers, tashkeel};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() >= 8 {
        let n = u64::from_le_bytes(data[..8].try_into().unwrap());
        let _ = numbers::cardinal(n);
        let _ = numbers::ordinal(n);
        // `date` and `clock` expect what the front end validated before
        // calling them: month 1-12, day 1-31, hour 0-23, minute 0-59.
        let _ = numbers::date(n % 10_000, 1 + (n >> 16) as u32 % 12, 1 + (n >> 24) as u32 % 31);
        let _ = numbers::clock((n >> 32) as u32 % 24, (n >> 40) as u32 % 60, None);
    }
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = numbers::digits(text);
    let _ = frontend::clean(text);
    let _ = frontend::verbalize_ar(text);
    for chunk in frontend::chunk(text) {
        assert!(chunk.chars().count() <= frontend::MAX_CHUNK_CHARS * 2, "chunk of {} chars", chunk.chars().count());
    }
    for lang in [Lang::Ar, Lang::En, Lang::Other] {
        let _ = frontend::prepare(text, lang);
    }
    let _ = tashkeel::shadda_first(text);
    let _ = tashkeel::for_espeak(text);
    let _ = tashkeel::strip_harakat(text);
});
