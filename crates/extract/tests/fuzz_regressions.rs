//! Inputs that once made the extractor hang or crash, found by fuzzing
//! (`fuzz/`, `scripts/fuzz.sh`) or by the bad-input table (`docs/limits.md`).
//! Each must now end quickly in an article or a typed error.

use khulasa_extract::{ExtractError, Extractor, Limits, extract};
use std::time::{Duration, Instant};

/// 100,000 nested `<div>`s: html5ever's tree builder is quadratic in depth
/// (hours for this page). Refused by the depth pre-scan, in milliseconds.
#[test]
fn hundred_thousand_nested_divs_are_refused_quickly() {
    let page = format!(
        "<html><body>{}<p>نص في عمق الصفحة.</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let t = Instant::now();
    let err = extract(page.as_bytes(), None).unwrap_err();
    assert!(
        matches!(err, ExtractError::TooDeep { limit: 512, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("512"), "{err}");
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "took {:?}",
        t.elapsed()
    );
}

/// Unclosed elements nest as deep as closed ones: `<span>` never closed.
#[test]
fn unclosed_inline_elements_count_as_nesting() {
    let page = format!("<p>{}</p>", "<span>x".repeat(50_000));
    assert!(matches!(
        extract(page.as_bytes(), None),
        Err(ExtractError::TooDeep { .. })
    ));
}

/// Many siblings, unclosed paragraphs and list items are not deep.
#[test]
fn wide_pages_are_not_deep() {
    let para = "<p>اجتمع وزير الخارجية مع نظيره في العاصمة أمس لبحث التعاون بين البلدين.";
    let page = format!(
        "<html><body><article>{}</article><ul>{}</ul></body></html>",
        para.repeat(2000),
        "<li>x".repeat(2000)
    );
    let article = extract(page.as_bytes(), None).expect("a wide page is an article");
    assert!(article.text.contains("وزير الخارجية"));
}

/// The limit is configurable both ways.
#[test]
fn depth_limit_is_configurable() {
    let page = format!(
        "<html><body>{}<p>نص في عمق الصفحة يكفي ليكون مقالا.</p>{}</body></html>",
        "<div>".repeat(40),
        "</div>".repeat(40)
    );
    let strict = Extractor::with_limits(Limits {
        max_depth: 10,
        ..Limits::default()
    });
    assert!(matches!(
        strict.extract(page.as_bytes(), None),
        Err(ExtractError::TooDeep { limit: 10, .. })
    ));
    assert!(Extractor::new().extract(page.as_bytes(), None).is_ok());
}

/// An Arabic paragraph long enough to be an article body.
fn body() -> String {
    "<p>اجتمع وزير الخارجية مع نظيره في العاصمة أمس لبحث التعاون بين البلدين في مجالات عدة.</p>"
        .repeat(6)
}

/// UTF-8 declared over windows-1256 bytes was read as UTF-8, every Arabic
/// byte became U+FFFD and the page was refused as binary. The bytes win.
#[test]
fn utf8_declared_over_windows_1256_is_sniffed() {
    let page = format!(
        "<html><head><meta charset=\"utf-8\"><title>خبر</title></head><body><article>{}</article></body></html>",
        body()
    );
    let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&page);
    let article = extract(&bytes, None).expect("sniffed as windows-1256");
    assert!(article.text.contains("وزير الخارجية"), "{}", article.text);
    // Declared in the Content-Type header instead: the same.
    let text = khulasa_extract::decode(&bytes, Some("utf-8")).unwrap();
    assert!(text.contains("وزير الخارجية"));
}

/// A UTF-8 page with a few stray bytes stays UTF-8 (the stray bytes become
/// U+FFFD, nothing else changes).
#[test]
fn stray_bytes_in_a_utf8_page_keep_it_utf8() {
    let page = format!(
        "<html><head><meta charset=\"utf-8\"></head><body><article>{}</article></body></html>",
        body()
    );
    let mut bytes = page.into_bytes();
    let at = bytes.len() / 2;
    bytes.splice(at..at, [0xff, 0xfe]);
    let text = khulasa_extract::decode(&bytes, None).unwrap();
    assert!(text.contains("وزير الخارجية"));
    assert!(text.contains('\u{FFFD}'));
}

/// An ISO date whose time has a multi-byte character where a digit should
/// be: `parse_iso` sliced strings at byte offsets inside it and panicked
/// (fuzz target `extract`, crash-78f868d2). Every slice point is tried.
#[test]
fn iso_date_with_a_multibyte_char_in_the_time_does_not_panic() {
    for bad in [
        "2024-11-29T09:30:0\u{FFFD}+03:00",
        "2024-11-29T09:3\u{661}",
        "2024-11-29T09:\u{661}0",
        "2024-11-29T09:30\u{661}",
        "2024-11-29 09:30:00\u{FFFD}",
    ] {
        let got = khulasa_extract::parse_date(bad);
        assert!(
            got.as_deref().is_none_or(|d| d.starts_with("2024-11-29")),
            "{bad}: {got:?}"
        );
    }
    // As the fuzzer found it: in a page's published-time meta tag.
    let page = format!(
        "<html><head><meta property=\"article:published_time\" content=\"2024-11-29T09:30:0\u{FFFD}+03:00\"></head><body><article>{}</article></body></html>",
        body()
    );
    let article = extract(page.as_bytes(), None).expect("the page still extracts");
    assert!(article.text.contains("وزير الخارجية"));
}
