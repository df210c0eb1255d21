//! Summarisation of any UTF-8 text at any length: key points or a typed
//! error, and every source span lies inside the text.
#![no_main]
use khulasa_core::Length;
use khulasa_summarize::Summarizer;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static ENGINE: OnceLock<Summarizer> = OnceLock::new();
    let engine = ENGINE.get_or_init(Summarizer::default);
    if data.len() < 3 {
        return;
    }
    let (head, rest) = data.split_at(3);
    let Ok(text) = std::str::from_utf8(rest) else { return };
    // The text's first line (when short) doubles as a title, as in jsonl input.
    let title = text.lines().next().filter(|l| l.len() < 200 && head[2] & 1 == 1);
    let n = u16::from_le_bytes([head[0], head[1]]) as usize;
    let length = match head[2] % 3 {
        0 => Length::Bullets(n % 12),
        1 => Length::Words(n),
        _ => Length::Ratio(f64::from(n as u16) / 1000.0),
    };
    if let Ok(summary) = engine.summarize(text, title, length) {
        for p in &summary.key_points {
            for s in &p.sources {
                assert!(s.span.start <= s.span.end && s.span.end <= text.len(), "source span outside text");
                assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
            }
        }
    }
});
