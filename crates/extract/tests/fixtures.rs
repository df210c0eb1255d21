//! The Arabic fixture pages (`tests/fixtures/`), each written by us after the
//! structure of a real kind of Arabic news site, with the fields a reader of
//! the page would name. One table of expectations runs against all of them.

use khulasa_core::{Article, BlockKind};
use khulasa_extract::{ExtractError, extract};
use serde::Deserialize;
use std::io::Write;
use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// What a page must give (`tests/fixtures/expected.json`, also read by
/// `khulasa eval extract`). `null` or empty means "must be absent".
#[derive(Deserialize)]
struct Expect {
    file: String,
    /// Fed gzipped, as a server may send it.
    gzip: bool,
    url: Option<String>,
    title: String,
    published: Option<String>,
    modified: Option<String>,
    authors: Vec<String>,
    site_name: Option<String>,
    section: Option<String>,
    image_src: Option<String>,
    caption: Option<String>,
    credit: Option<String>,
    summary: SummaryExpect,
    body: BodyExpect,
    /// Page chrome that must not reach the body text.
    absent: Vec<String>,
}

/// The publisher's own summary points: how many, and the start of the first.
#[derive(Deserialize)]
struct SummaryExpect {
    points: usize,
    first: String,
}

/// Start of the first body block, end of the last, and the blocks of each kind.
#[derive(Deserialize)]
struct BodyExpect {
    first: String,
    last: String,
    paragraphs: usize,
    headings: usize,
    quotes: usize,
    list_items: usize,
}

const CHROME: &[&str] = &[
    "الخط",
    "استمع إلى الملخص",
    "اظهر الملخص",
    "شارك",
    "فيسبوك",
    "تويتر",
    "واتساب",
    "اقرأ أيضا",
    "ذات صلة",
    "الأكثر قراءة",
    "المساهمون",
    "جميع الحقوق محفوظة",
];

fn cases() -> Vec<Expect> {
    serde_json::from_slice(&fixture("expected.json")).expect("tests/fixtures/expected.json")
}

fn run(e: &Expect) -> Article {
    let mut bytes = fixture(&e.file);
    if e.gzip {
        bytes = gzip(&bytes);
    }
    extract(&bytes, e.url.as_deref()).unwrap_or_else(|err| panic!("{}: {err}", e.file))
}

#[test]
fn fixture_metadata() {
    for e in &cases() {
        let a = run(e);
        let f = &e.file;
        assert_eq!(a.title.as_deref(), Some(e.title.as_str()), "{f}: title");
        assert_eq!(a.published, e.published, "{f}: published");
        assert_eq!(a.modified, e.modified, "{f}: modified");
        assert_eq!(a.authors, e.authors, "{f}: authors");
        assert_eq!(a.site_name, e.site_name, "{f}: site_name");
        assert_eq!(a.section, e.section, "{f}: section");
        assert_eq!(a.lang.as_ref().map(|t| t.as_str()), Some("ar"), "{f}: lang");
        assert_eq!(a.dir, Some(khulasa_core::Dir::Rtl), "{f}: dir");
        assert_eq!(a.url, e.url, "{f}: url");
    }
}

#[test]
fn fixture_lead_image_caption_and_credit() {
    for e in &cases() {
        let a = run(e);
        let f = &e.file;
        let img = a.lead_image.clone().unwrap_or_default();
        assert_eq!(img.src, e.image_src, "{f}: image src");
        assert_eq!(img.caption, e.caption, "{f}: caption");
        assert_eq!(img.credit, e.credit, "{f}: credit");
    }
}

#[test]
fn fixture_publisher_summary_is_kept_apart() {
    for e in &cases() {
        let a = run(e);
        let f = &e.file;
        assert_eq!(
            a.publisher_summary.len(),
            e.summary.points,
            "{f}: summary points {:?}",
            a.publisher_summary
        );
        if let Some(first) = a.publisher_summary.first() {
            assert!(
                first.starts_with(&e.summary.first),
                "{f}: first summary point {first:?}"
            );
            for point in &a.publisher_summary {
                assert!(
                    !a.text.contains(point.as_str()),
                    "{f}: summary point leaked into the body: {point}"
                );
            }
        }
    }
}

#[test]
fn fixture_body_boundaries_and_blocks() {
    for e in &cases() {
        let a = run(e);
        let f = &e.file;
        let first = &a
            .blocks
            .first()
            .unwrap_or_else(|| panic!("{f}: no blocks"))
            .text;
        let last = &a.blocks.last().unwrap().text;
        assert!(
            first.starts_with(&e.body.first),
            "{f}: first block {first:?}"
        );
        assert!(last.ends_with(&e.body.last), "{f}: last block {last:?}");
        let count = |k: BlockKind| a.blocks.iter().filter(|b| b.kind == k).count();
        let kinds = (
            count(BlockKind::Paragraph),
            count(BlockKind::Heading),
            count(BlockKind::Quote),
            count(BlockKind::ListItem),
        );
        assert_eq!(
            kinds,
            (
                e.body.paragraphs,
                e.body.headings,
                e.body.quotes,
                e.body.list_items
            ),
            "{f}: block kinds (paragraph, heading, quote, list item)"
        );
        assert_eq!(
            a.text,
            khulasa_core::Article::text_from_blocks(&a.blocks),
            "{f}: text is the blocks joined"
        );
    }
}

#[test]
fn fixture_chrome_stays_out_of_the_body() {
    for e in &cases() {
        let a = run(e);
        for junk in CHROME
            .iter()
            .copied()
            .chain(e.absent.iter().map(String::as_str))
        {
            // `الخط` and `شارك` are whole-line chrome; as parts of words they may occur.
            let hit = if matches!(junk, "الخط" | "شارك") {
                a.blocks
                    .iter()
                    .any(|b| b.text.trim() == junk || b.text.contains(&format!("+ {junk} -")))
            } else {
                a.text.contains(junk)
            };
            assert!(!hit, "{}: chrome in the body: {junk:?}", e.file);
        }
    }
}

#[test]
fn home_page_is_no_article() {
    let err = extract(&fixture("homepage.html"), Some("https://news.example.org/")).unwrap_err();
    match err {
        ExtractError::NoArticle { title } => {
            assert_eq!(title.as_deref(), Some("الصحيفة العربية | الصفحة الرئيسية"))
        }
        other => panic!("expected NoArticle, got {other}"),
    }
}

#[test]
fn windows_1256_page_is_not_utf8_and_still_reads() {
    let bytes = fixture("youm-windows-1256.html");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture must stay in windows-1256"
    );
    let text = khulasa_extract::decode(&bytes, None).unwrap();
    assert!(text.contains("الحافلات الكهربائية"));
    // Without its declaration the page is sniffed as windows-1256 all the same.
    let stripped = text.replace("charset=windows-1256", "");
    let (undeclared, _, _) = encoding_rs::WINDOWS_1256.encode(&stripped);
    let sniffed = khulasa_extract::decode(&undeclared, None).unwrap();
    assert!(sniffed.contains("الحافلات الكهربائية"));
    assert_eq!(
        extract(&undeclared, None).unwrap().title,
        extract(&bytes, None).unwrap().title
    );
}

#[test]
fn a_date_written_under_the_headline_is_the_last_resort() {
    let para = "<p>افتتح وزير الثقافة معرض الكتاب الدولي في الرباط بمشاركة دور نشر من خمسين دولة، ويستمر المعرض عشرة أيام.</p>";
    let page = format!(
        "<html lang=\"ar\"><body><header><h1>افتتاح معرض الكتاب في الرباط بمشاركة خمسين دولة</h1>\
         <span>الخميس 3 فبراير 2022</span></header><div class=\"content\">{}</div></body></html>",
        para.repeat(4)
    );
    let a = extract(page.as_bytes(), None).unwrap();
    assert_eq!(a.published.as_deref(), Some("2022-02-03"));
    // A URL's day still comes first.
    let a = extract(page.as_bytes(), Some("https://ex.ma/2022/02/02/book-fair")).unwrap();
    assert_eq!(a.published.as_deref(), Some("2022-02-02"));
}

/// Four paragraphs of body text, enough for an article.
fn body_paras() -> String {
    "<p>افتتح وزير الثقافة معرض الكتاب الدولي في الرباط بمشاركة دور نشر من خمسين دولة، ويستمر المعرض عشرة أيام.</p>"
        .repeat(4)
}

#[test]
fn a_date_inside_the_byline_box_is_read_and_a_weekday_is_no_author() {
    // The byline box holds the author and the publication date; the date
    // element (itself named like a byline) says only the weekday and date.
    let page = format!(
        "<html lang=\"ar\"><body><article><h1>افتتاح معرض الكتاب في الرباط</h1>\
         <div class=\"documentByLine\"><span class=\"documentAuthor\">كتب: سامي الحداد</span> \
         <span class=\"documentPublished\">نشر في 28.01.2022 06:00</span></div>\
         <time class=\"article-author-date\" datetime=\"2022-01-28T06:00:00+01:00\">Donnerstag, 28. Januar 2022</time>\
         {}</article></body></html>",
        body_paras()
    );
    let a = extract(page.as_bytes(), None).unwrap();
    assert_eq!(a.published.as_deref(), Some("2022-01-28T06:00:00+01:00"));
    assert_eq!(a.authors, vec!["سامي الحداد".to_string()]);
}

#[test]
fn a_web_page_json_ld_date_counts_when_no_article_is_declared() {
    let page = format!(
        "<html lang=\"ar\"><head><script type=\"application/ld+json\">\
         {{\"@context\":\"https://schema.org\",\"@graph\":[{{\"@type\":\"WebPage\",\
         \"datePublished\":\"2014-03-17T01:44:37+00:00\",\"dateModified\":\"2019-01-01T00:00:00+00:00\"}}]}}\
         </script></head><body><main><h1>كيف يعمل الترخيص</h1>{}</main></body></html>",
        body_paras()
    );
    let a = extract(page.as_bytes(), None).unwrap();
    assert_eq!(a.published.as_deref(), Some("2014-03-17T01:44:37+00:00"));
}

#[test]
fn a_labelled_date_line_and_a_short_dotted_date_are_read() {
    // The label in its own element, the date beside it, far from the headline.
    let page = format!(
        "<html lang=\"de\"><body><main><h1>Neue Regeln für Messengerdienste</h1>{}\
         <ul class=\"info\"><li><span>Datum:</span>26. Januar 2022</li></ul></main></body></html>",
        body_paras()
    );
    let a = extract(page.as_bytes(), None).unwrap();
    assert_eq!(a.published.as_deref(), Some("2022-01-26"));
    let page = format!(
        "<html lang=\"de\"><body><main><h1>Neue Regeln für Messengerdienste</h1>\
         <p class=\"meta\">Von: Jan Muster | <span>31.10.23</span></p>{}</main></body></html>",
        body_paras()
    );
    let a = extract(page.as_bytes(), None).unwrap();
    assert_eq!(a.published.as_deref(), Some("2023-10-31"));
}

#[test]
fn the_day_shown_wins_over_a_timestamp_one_day_off() {
    // Midnight local time written as UTC: the page shows the local day.
    let page = format!(
        "<html lang=\"de\"><head><meta property=\"article:published_time\" content=\"2022-11-06T23:00:00Z\"></head>\
         <body><article><h1>Herbst in Südfrankreich</h1><span class=\"date\">7. November 2022</span>{}</article></body></html>",
        body_paras()
    );
    let a = extract(page.as_bytes(), None).unwrap();
    assert_eq!(a.published.as_deref(), Some("2022-11-07"));
}

#[test]
fn the_url_day_wins_over_a_declared_date_more_than_a_week_away() {
    // A story re-dated by its CMS years later; the URL keeps the day it was filed.
    let page = format!(
        "<html lang=\"de\"><head><meta itemprop=\"datePublished\" content=\"2019-06-17T18:28:00+0200\"></head>\
         <body><article><h1>Unter uns: Montauk im Sommer</h1>{}</article></body></html>",
        body_paras()
    );
    let a = extract(
        page.as_bytes(),
        Some("https://ex.de/home/2017/7/12/montauk"),
    )
    .unwrap();
    assert_eq!(a.published.as_deref(), Some("2017-07-12"));
    // A day or two apart is the time zone or a late edit: the page's own
    // timestamp, with its offset, stays.
    let a = extract(
        page.as_bytes(),
        Some("https://ex.de/home/2019/6/16/montauk"),
    )
    .unwrap();
    assert_eq!(a.published.as_deref(), Some("2019-06-17T18:28:00+02:00"));
}

#[test]
fn a_date_only_line_anywhere_is_the_last_resort_and_copyright_is_not() {
    // Above the headline, in a short element of its own; the footer's
    // copyright year line is no date of the story.
    let page = format!(
        "<html lang=\"de\"><body><div class=\"kopf\"><h3>21.01.2022</h3></div>\
         <h1>Klimabericht für das vergangene Jahr</h1>{}\
         <footer><p>Copyright © 19.12.2019</p></footer></body></html>",
        body_paras()
    );
    let a = extract(page.as_bytes(), None).unwrap();
    assert_eq!(a.published.as_deref(), Some("2022-01-21"));
    let page = format!(
        "<html lang=\"de\"><body><h1>Klimabericht für das vergangene Jahr</h1>{}\
         <div class=\"bottom\"><p>Copyright © 19.12.2019 by Muster GmbH</p></div></body></html>",
        body_paras()
    );
    let a = extract(page.as_bytes(), None).unwrap();
    assert_eq!(a.published, None);
}

#[test]
fn comment_times_are_not_the_day_shown() {
    // The article's timestamp (UTC, evening) and comments stamped the next day.
    let page = format!(
        "<html lang=\"en\"><head><meta property=\"article:published_time\" content=\"2020-08-14T21:30:04+00:00\"></head>\
         <body><article><h1>Court rules on liability of online sellers</h1>{}</article>\
         <ol class=\"comment-list\"><li><time datetime=\"2020-08-15T09:35:53-07:00\">August 15, 2020 at 9:35 am</time> \
         <p>First!</p></li></ol></body></html>",
        body_paras()
    );
    let a = extract(page.as_bytes(), None).unwrap();
    assert_eq!(a.published.as_deref(), Some("2020-08-14T21:30:04+00:00"));
}

/// Old markup leaves `<a name=…>` anchors open around whole sections; an
/// anchor without `href` is a place in the page, not a link, so the
/// section's text is no link list.
#[test]
fn text_inside_an_open_named_anchor_is_not_link_text() {
    let para = "The mirror is synchronised every night over an encrypted tunnel, \
                and the scripts that do it check each file against its checksum \
                before the old copy is replaced, so a broken transfer never \
                leaves a half-written archive behind.";
    let page = format!(
        "<HTML><HEAD><TITLE>Mirroring over a tunnel</TITLE></HEAD><BODY>\
         <H1>Mirroring over a tunnel</H1>\
         <A NAME=setup><H2>Setup</H2><P>{para}</P><P>{para}</P>\
         <A NAME=usage><H2>Usage</H2><P>{para}</P><P>{para}</P>\
         </BODY></HTML>"
    );
    let a = extract(page.as_bytes(), None).expect("an article");
    assert!(a.text.contains("The mirror is synchronised"), "{}", a.text);
    assert_eq!(a.title.as_deref(), Some("Mirroring over a tunnel"));
}

#[test]
fn json_ld_wrapped_as_character_data_and_social_postings_are_read() {
    // Some CMSs wrap the JSON in `<![CDATA[ … ]]>` (with `//` for old browsers).
    for (open, close) in [("<![CDATA[", "]]>"), ("//<![CDATA[\n", "\n//]]>")] {
        let page = format!(
            "<html lang=\"ar\"><head><script type=\"application/ld+json\">{open}\
             {{\"@context\":\"https://schema.org\",\"@type\":\"Article\",\"headline\":\"افتتاح معرض الكتاب\",\
             \"datePublished\":\"2021-10-29T01:59:14Z\",\"author\":{{\"@type\":\"Person\",\"name\":\"هدى سالم\"}}}}\
             {close}</script></head><body><main><h1>افتتاح معرض الكتاب</h1>{}</main></body></html>",
            body_paras()
        );
        let a = extract(page.as_bytes(), None).unwrap();
        assert_eq!(
            a.published.as_deref(),
            Some("2021-10-29T01:59:14Z"),
            "{open}"
        );
        assert_eq!(a.authors, ["هدى سالم"], "{open}");
    }
    // A post declared as a social media posting, its type written as a URL.
    let page = format!(
        "<html lang=\"ar\"><head><script type=\"application/ld+json\">\
         {{\"@type\":\"http://schema.org/SocialMediaPosting\",\"datePublished\":\"2014-09-02T08:35:27-04:00\"}}\
         </script></head><body><main><h1>افتتاح معرض الكتاب</h1>{}</main></body></html>",
        body_paras()
    );
    let a = extract(page.as_bytes(), None).unwrap();
    assert_eq!(a.published.as_deref(), Some("2014-09-02T08:35:27-04:00"));
}

#[test]
fn the_page_own_offset_wins_over_the_same_moment_in_utc() {
    // JSON-LD gives the moment in UTC (the next day there), the `<meta>` in
    // the page's own offset: the page's day is the 23rd.
    let page = format!(
        "<html lang=\"ar\"><head><meta property=\"article:published_time\" content=\"2017-02-23T17:18:13-08:00\">\
         <script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"dateCreated\":\"2017-02-24T01:18:13Z\"}}</script>\
         </head><body><main><h1>افتتاح معرض الكتاب</h1>{}</main></body></html>",
        body_paras()
    );
    let a = extract(page.as_bytes(), None).unwrap();
    assert_eq!(a.published.as_deref(), Some("2017-02-23T17:18:13-08:00"));
}
