//! Search as a reader expects it: morphology, ranking, phrases, filters,
//! sorting, snippets, suggestions and related articles — on each store.

use khulasa_core::Article;
use khulasa_store::*;

#[macro_use]
mod common;

struct Doc<'a> {
    title: &'a str,
    text: &'a str,
    url: Option<&'a str>,
    published: Option<&'a str>,
    lang: &'a str,
}

impl Default for Doc<'_> {
    fn default() -> Self {
        Doc {
            title: "",
            text: "",
            url: None,
            published: None,
            lang: "ar",
        }
    }
}

fn put(s: &dyn Store, d: Doc<'_>) -> ArticleId {
    s.put_article(&Article {
        title: (!d.title.is_empty()).then(|| d.title.to_string()),
        text: d.text.to_string(),
        url: d.url.map(str::to_string),
        published: d.published.map(str::to_string),
        lang: khulasa_core::LangTag::parse(d.lang),
        ..Article::default()
    })
    .unwrap()
    .id
}

fn text(s: &dyn Store, t: &str) -> ArticleId {
    put(
        s,
        Doc {
            text: t,
            ..Doc::default()
        },
    )
}

fn ids(r: &SearchResults) -> Vec<ArticleId> {
    r.items.iter().map(|h| h.meta.id.clone()).collect()
}

fn find(s: &dyn Store, q: &str) -> SearchResults {
    s.find(&SearchQuery::new(q), Page::default()).unwrap()
}

fn words_are_found_through_their_clitics_and_inflections(s: &dyn Store) {
    let a = text(s, "أكد الطرفان أهمية التعاون الاقتصادي بين البلدين.");
    let b = text(s, "وقصفت القوات المدينة بصواريخها الجديدة.");
    let c = text(s, "The ministers negotiated a new agreement.");
    assert_eq!(ids(&find(s, "تعاون")), std::slice::from_ref(&a));
    assert_eq!(ids(&find(s, "صواريخ")), std::slice::from_ref(&b));
    assert_eq!(ids(&find(s, "الصاروخ صواريخ")), [b]);
    assert_eq!(ids(&find(s, "negotiations")), [c]);
    assert_eq!(ids(&find(s, "التَّعَاوُنُ")), [a]);
}

fn more_words_and_closer_words_rank_first(s: &dyn Store) {
    let one = text(s, "زار وزير الخارجية العاصمة أمس.");
    let apart = text(
        s,
        "قال وزير إن الطاقة مهمة، ثم تحدث طويلا عن شؤون أخرى كثيرة ومتنوعة، وذكر الشمسية.",
    );
    let close = text(
        s,
        "قال وزير إن الطاقة الشمسية مهمة، ثم تحدث طويلا عن شؤون أخرى كثيرة ومتنوعة.",
    );
    let r = find(s, "وزير الطاقة الشمسية");
    assert_eq!(r.total, 3);
    assert_eq!(ids(&r), [close, apart, one]);
    // Side by side with a stop word between, as the query wrote it, beats
    // the same words scattered in a shorter text.
    let scattered = text(s, "ذكر التعاون وقال إن الطاقة مجال واسع.");
    let between = text(
        s,
        "أعلن الجانبان في بيان مشترك طويل صدر بعد اجتماع مطول عن التعاون في مجال الطاقة.",
    );
    let r = find(s, "التعاون في مجال الطاقة");
    assert_eq!(ids(&r)[..2], [between, scattered]);
}

fn the_title_weighs_more_than_the_body(s: &dyn Store) {
    let body = put(
        s,
        Doc {
            title: "خبر محلي",
            text: "تحدث التقرير عن الانتخابات البلدية في المدينة.",
            ..Doc::default()
        },
    );
    let title = put(
        s,
        Doc {
            title: "الانتخابات البلدية",
            text: "تحدث التقرير عن المدينة وشؤونها اليومية كلها.",
            ..Doc::default()
        },
    );
    assert_eq!(ids(&find(s, "الانتخابات")), [title, body]);
}

fn quotes_ask_for_an_exact_phrase(s: &dyn Store) {
    let exact = text(s, "اجتمع وزير الخارجية مع نظيره.");
    let _apart = text(s, "قال الوزير إن الخارجية تعمل، وأضاف وزير آخر شيئا.");
    let r = find(s, "\"وزير الخارجية\"");
    assert_eq!(ids(&r), [exact]);
}

fn a_phrase_found_nowhere_is_looked_for_as_words_and_says_so(s: &dyn Store) {
    let a = text(s, "افتتح وزير الصحة مستشفى جديدا في المدينة.");
    let r = find(s, "\"مستشفى وزير\"");
    assert!(r.loosened);
    assert_eq!(ids(&r), [a]);
    assert!(!find(s, "\"وزير الصحة\"").loosened);
}

fn no_exact_match_says_so_and_suggests_the_query_without_its_rarest_word(s: &dyn Store) {
    text(s, "افتتح وزير الصحة مستشفى جديدا في المدينة.");
    text(s, "زار وزير الصحة مدرسة في القرية.");
    let r = find(s, "\"وزير الصحة مستشفى القرية\"");
    assert!(r.loosened);
    // مستشفى and القرية are each in one article; the last of equals goes.
    assert_eq!(r.suggestion.as_deref(), Some("\"وزير الصحة مستشفى\""));
    // Words found nowhere: nothing, and nothing to suggest.
    let r = find(s, "زلزال بركان");
    assert_eq!((r.total, r.suggestion), (0, None));
}

fn snippets_show_the_best_match_with_its_words_marked(s: &dyn Store) {
    let filler = "جملة لا علاقة لها بالموضوع. ".repeat(30);
    text(
        s,
        &format!("{filler}وأعلنت الحكومة أن صواريخها الجديدة جاهزة. {filler}"),
    );
    let r = find(s, "صواريخ الحكومة");
    let sn = r.items[0].snippet.as_ref().unwrap();
    let marked: Vec<&str> = sn.marks.iter().map(|m| &sn.text[m[0]..m[1]]).collect();
    assert_eq!(marked, ["الحكومة", "صواريخها"]);
    assert!(sn.text.len() < 400, "{}", sn.text);
}

fn filters_by_date_site_and_language_and_sorts_by_date(s: &dyn Store) {
    let old = put(
        s,
        Doc {
            text: "تقرير عن الاقتصاد المحلي.",
            url: Some("https://www.bbc.com/arabic/1"),
            published: Some("2018-02-11T10:00:00Z"),
            ..Doc::default()
        },
    );
    let new = put(
        s,
        Doc {
            text: "تقرير عن الاقتصاد العالمي والاقتصاد المحلي والاقتصاد.",
            url: Some("https://arabic.cnn.com/2"),
            published: Some("2019-05-01"),
            ..Doc::default()
        },
    );
    let en = put(
        s,
        Doc {
            text: "الاقتصاد report in English pages.",
            url: Some("https://news.bbc.com/3"),
            published: Some("2018-06-01"),
            lang: "en",
            ..Doc::default()
        },
    );
    let q = |f: fn(&mut SearchQuery)| {
        let mut q = SearchQuery::new("الاقتصاد");
        f(&mut q);
        ids(&s.find(&q, Page::default()).unwrap())
    };
    assert_eq!(q(|_| {}).len(), 3);
    assert_eq!(
        q(|q| q.from = Some("2019-01-01".into())),
        std::slice::from_ref(&new)
    );
    assert_eq!(
        q(|q| {
            q.from = Some("2018-01-01".into());
            q.to = Some("2018-02-11".into())
        }),
        std::slice::from_ref(&old)
    );
    let mut bbc = q(|q| q.site = Some("bbc.com".into()));
    bbc.sort();
    let mut want = [en.clone(), old.clone()];
    want.sort();
    assert_eq!(bbc, want);
    assert_eq!(
        q(|q| q.site = Some("cnn.com".into())),
        std::slice::from_ref(&new)
    );
    assert_eq!(q(|q| q.lang = Some("en".into())), std::slice::from_ref(&en));
    assert_eq!(q(|q| q.sort = SearchSort::Date), [new, en, old]);
    let bad = SearchQuery {
        from: Some("yesterday".into()),
        ..SearchQuery::new("الاقتصاد")
    };
    assert!(matches!(
        s.find(&bad, Page::default()),
        Err(StoreError::InvalidQuery(_))
    ));
}

fn totals_and_page_counts(s: &dyn Store) {
    for i in 0..7 {
        text(s, &format!("خبر عن السوق رقم {i}."));
    }
    let r = s.find(&SearchQuery::new("السوق"), Page::new(2, 3)).unwrap();
    assert_eq!((r.total, r.pages, r.items.len()), (7, 3, 3));
    let r = s.find(&SearchQuery::new("السوق"), Page::new(9, 3)).unwrap();
    assert_eq!((r.total, r.items.len()), (7, 0));
}

fn hostile_queries_are_answered_or_refused_in_words(s: &dyn Store) {
    text(s, "نص عن الاقتصاد والسياسة.");
    let long = "الاقتصاد ".repeat(500);
    let many = (0..40)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    for q in [
        "",
        " ",
        "\"",
        "\"\"",
        "\"\"\"",
        "الاقتصاد\"",
        "NEAR(الاقتصاد, 2)",
        "a OR b AND NOT c",
        "title:الاقتصاد",
        "الاقتصاد*",
        "^الاقتصاد",
        "(((",
        "'; DROP TABLE articles; --",
        "\u{0}",
        "\u{202e}الاقتصاد",
        &long,
        &many,
        "في من على",
    ] {
        match s.find(&SearchQuery::new(q), Page::default()) {
            Ok(_) | Err(StoreError::InvalidQuery(_)) => {}
            Err(e) => panic!("query {q:?}: {e}"),
        }
    }
    assert_eq!(find(s, "\"الاقتصاد").total, 1);
    s.check().unwrap();
}

fn related_articles_share_the_most_telling_words(s: &dyn Store) {
    let a = put(
        s,
        Doc {
            title: "انتخابات بلدية في تونس",
            text: "بدأ الناخبون في تونس التصويت في الانتخابات البلدية الأولى منذ الثورة.",
            ..Doc::default()
        },
    );
    let b = text(s, "أعلنت هيئة الانتخابات في تونس نتائج الانتخابات البلدية.");
    let c = text(s, "تونس تستضيف مهرجانا للموسيقى هذا الصيف.");
    let _d = text(s, "ارتفعت أسعار النفط في الأسواق العالمية.");
    let r: Vec<ArticleId> = s
        .related(&a, 5)
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(r, [b, c]);
    let unknown = ArticleId::parse("0123456789abcdef").unwrap();
    assert!(s.related(&unknown, 5).unwrap().is_empty());
}

/// Tiny cut-offs reach the large-store path with 30 articles: a word in
/// more than 4 articles is common, and the newest 10 are ranked first.
const TINY: SearchTuning = SearchTuning {
    proximity: true,
    common_share: 2,
    common_min: 4,
    recent_window: 10,
};

#[test]
fn sqlite_a_word_found_everywhere_ranks_the_newest_matches_first() {
    let d = tempfile::tempdir().unwrap();
    let s = SqliteStore::open(d.path().join("k.db"))
        .unwrap()
        .with_search_tuning(TINY);
    a_word_found_everywhere_ranks_the_newest_matches_first_and_pages_through_all(&s);
}

#[test]
fn postgres_a_word_found_everywhere_ranks_the_newest_matches_first() {
    let Some(db) = khulasa_store::pg::scratch::Scratch::create("newest_matches_first") else {
        return;
    };
    let s = PgStore::open(&db.url()).unwrap().with_search_tuning(TINY);
    a_word_found_everywhere_ranks_the_newest_matches_first_and_pages_through_all(&s);
}

fn a_word_found_everywhere_ranks_the_newest_matches_first_and_pages_through_all(s: &dyn Store) {
    let mut stored = Vec::new();
    for i in 0..30 {
        // Older articles say the word more often: ranked over the whole
        // store they would come first.
        let repeats = if i < 20 { 4 } else { 1 };
        let body = format!("{} خبر رقم {i} عن الاقتصاد.", "المياه ".repeat(repeats));
        stored.push(text(s, &body));
    }
    let newest: Vec<ArticleId> = stored[20..].to_vec();
    let r = s
        .find(&SearchQuery::new("المياه"), Page::new(1, 10))
        .unwrap();
    assert_eq!((r.total, r.pages), (30, 3));
    let mut first = ids(&r);
    first.sort();
    let mut want = newest.clone();
    want.sort();
    assert_eq!(first, want, "page 1 holds the newest window's matches");
    // Paging walks every match once: the newer, then the older.
    let mut seen = Vec::new();
    for p in 1..=3 {
        seen.extend(ids(&s
            .find(&SearchQuery::new("المياه"), Page::new(p, 10))
            .unwrap()));
    }
    // A page that straddles the window's end is filled from the older.
    let straddle = s
        .find(&SearchQuery::new("المياه"), Page::new(2, 7))
        .unwrap();
    assert_eq!(straddle.items.len(), 7);
    assert!(ids(&straddle)[..3].iter().all(|id| newest.contains(id)));
    assert!(ids(&straddle)[3..].iter().all(|id| !newest.contains(id)));
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 30);
    // With a rare word beside it, the common one no longer limits the
    // ranking: the rare word's article is found whatever its age.
    let r = s
        .find(&SearchQuery::new("المياه رقم 3"), Page::new(1, 10))
        .unwrap();
    assert_eq!(r.items[0].meta.id, stored[3]);
}

each_store!(
    words_are_found_through_their_clitics_and_inflections,
    more_words_and_closer_words_rank_first,
    the_title_weighs_more_than_the_body,
    quotes_ask_for_an_exact_phrase,
    a_phrase_found_nowhere_is_looked_for_as_words_and_says_so,
    no_exact_match_says_so_and_suggests_the_query_without_its_rarest_word,
    snippets_show_the_best_match_with_its_words_marked,
    filters_by_date_site_and_language_and_sorts_by_date,
    totals_and_page_counts,
    hostile_queries_are_answered_or_refused_in_words,
    related_articles_share_the_most_telling_words,
);
