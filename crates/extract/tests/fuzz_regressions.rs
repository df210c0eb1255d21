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
    assert!(matches!(err, ExtractError::TooDeep { limit: 512, .. }), "{err}");
    assert!(err.to_string().contains("512"), "{err}");
    assert!(t.elapsed() < Duration::from_secs(5), "took {:?}", t.elapsed());
}

/// Unclosed elements nest as deep as closed ones: `<span>` never closed.
#[test]
fn unclosed_inline_elements_count_as_nesting() {
    let page = format!("<p>{}</p>", "<span>x".repeat(50_000));
    assert!(matches!(extract(page.as_bytes(), None), Err(ExtractError::TooDeep { .. })));
}

/// Many siblings, unclosed paragraphs and list items are not deep.
#[test]
fn wide_pages_are_not_deep() {
    let para = "<p>اجتمع وزير الخارجية مع نظيره في العاصمة أمس لبحث التعاون بين البلدين.";
    let page = format!("<html><body><article>{}</article><ul>{}</ul></body></html>", para.repeat(2000), "<li>x".repeat(2000));
    let article = extract(page.as_bytes(), None).expect("a wide page is an article");
    assert!(article.text.contains("وزير الخارجية"));
}

/// The limit is configurable both ways.
#[test]
fn depth_limit_is_configurable() {
    let page = format!("<html><body>{}<p>نص في عمق الصفحة يكفي ليكون مقالا.</p>{}</body></html>", "<div>".repeat(40), "</div>".repeat(40));
    let strict = Extractor::with_limits(Limits { max_depth: 10, ..Limits::default() });
    assert!(matches!(strict.extract(page.as_bytes(), None), Err(ExtractError::TooDeep { limit: 10, .. })));
    assert!(Extractor::new().extract(page.as_bytes(), None).is_ok());
}
