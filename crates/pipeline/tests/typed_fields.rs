//! An article's language and direction are typed: whatever a page or a
//! stored row says, only a language tag and `rtl` / `ltr` come out.

use khulasa_core::{Article, Dir};
use khulasa_pipeline::{Config, Input, Pipeline};

const BODY: &str = "<p>أعلنت البلدية افتتاح حديقة عامة جديدة في وسط المدينة بعد عامين من العمل. \
وقال رئيس البلدية إن الحديقة تضم ملاعب للأطفال ومسارات للمشي وتفتح أبوابها مجاناً.</p>\
<p>وأضاف أن البلدية تعتزم زراعة ألف شجرة أخرى في الأحياء الشرقية خلال العام المقبل.</p>";

fn page(html_attrs: &str) -> Article {
    let html = format!(
        "<html {html_attrs}><head><title>حديقة جديدة</title></head><body><article>{BODY}</article></body></html>"
    );
    Pipeline::new(Config::default())
        .unwrap()
        .article(Input::Html {
            html: html.into_bytes(),
            charset: None,
            url: None,
            title: None,
        })
        .unwrap()
}

#[test]
fn a_hostile_lang_attribute_never_reaches_the_article() {
    let a = page(r#"lang='ar" onmouseover="alert(1)' dir='rtl" x="y'"#);
    // The declared value is no tag: the text decides (Arabic), and the
    // direction follows the language.
    assert_eq!(a.lang.as_ref().map(|t| t.as_str()), Some("ar"));
    assert_eq!(a.dir, Some(Dir::Rtl));
    let json = serde_json::to_string(&a).unwrap();
    assert!(
        !json.contains("onmouseover") && !json.contains("x=\\\"y"),
        "{json}"
    );
}

#[test]
fn a_declared_tag_keeps_its_language_and_drops_the_region() {
    let a = page(r#"lang="AR-eg" dir="RTL""#);
    assert_eq!(a.lang.as_ref().map(|t| t.as_str()), Some("ar"));
    assert_eq!(a.dir, Some(Dir::Rtl));
}

#[test]
fn a_stored_row_with_an_old_free_string_still_reads() {
    let row = r#"{"url":null,"title":"t","published":null,"modified":null,"authors":[],
        "site_name":null,"section":null,"lang":"ar\" onmouseover=\"x","dir":"sideways",
        "lead_image":null,"publisher_summary":[],"blocks":[],"text":"نص"}"#;
    let a: Article = serde_json::from_str(row).unwrap();
    assert_eq!(a.lang, None);
    assert_eq!(a.dir, None);
}
