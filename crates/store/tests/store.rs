//! Behaviour of the stores: the conformance suite (each test on SQLite and
//! on PostgreSQL), then what is SQLite's own (its file).

use khulasa_core::{Article, KeyPoint, Length, SourceRef, Span, Summary};
use khulasa_store::*;

#[macro_use]
mod common;

fn article(title: &str, text: &str, url: Option<&str>) -> Article {
    Article {
        url: url.map(String::from),
        title: Some(title.to_string()),
        lang: khulasa_core::LangTag::parse("ar"),
        text: text.to_string(),
        ..Article::default()
    }
}

fn summary(point: &str) -> Summary {
    Summary {
        key_points: vec![KeyPoint {
            text: point.to_string(),
            sources: vec![SourceRef {
                sentence: 0,
                span: Span::new(0, point.len()),
            }],
            origin: Default::default(),
        }],
        method: "test/1".into(),
        params: Length::Bullets(1),
        refused: Vec::new(),
    }
}

fn open() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("k.db")).unwrap();
    (dir, store)
}

fn key(id: &ArticleId, length: Length, engine: &str) -> SummaryKey {
    SummaryKey {
        article: id.clone(),
        length,
        engine: engine.into(),
    }
}

fn an_article_is_stored_once_by_content(s: &dyn Store) {
    let a = article("عنوان الخبر", "نص الخبر الأول.", None);
    let first = s.put_article(&a).unwrap();
    assert_eq!(first.status, PutStatus::Inserted);
    let again = s.put_article(&a).unwrap();
    assert_eq!(
        again,
        Put {
            id: first.id.clone(),
            status: PutStatus::Existing
        }
    );
    let got = s.article(&first.id).unwrap().expect("stored");
    assert_eq!(got.article, a);
    assert_eq!(s.stats().unwrap().articles, 1);
    // A different title is a different article.
    let b = article("عنوان آخر", "نص الخبر الأول.", None);
    assert_ne!(s.put_article(&b).unwrap().id, first.id);
}

fn a_url_is_recorded_on_a_copy_that_had_none(s: &dyn Store) {
    let a = article("ع", "نص.", None);
    let id = s.put_article(&a).unwrap().id;
    let with_url = article("ع", "نص.", Some("https://example.com/a"));
    assert_eq!(
        s.put_article(&with_url).unwrap().status,
        PutStatus::Existing
    );
    assert_eq!(
        s.article_id_by_url("https://example.com/a").unwrap(),
        Some(id)
    );
}

fn a_changed_page_replaces_its_old_version_and_its_summaries(s: &dyn Store) {
    let url = "https://example.com/news/1";
    let v1 = article("خبر", "النسخة الأولى من النص.", Some(url));
    let p1 = s.put_article(&v1).unwrap();
    s.put_summary(&key(&p1.id, Length::Bullets(3), "e1"), &summary("نقطة"))
        .unwrap();
    let v2 = article("خبر", "النسخة الثانية المعدلة من النص.", Some(url));
    let p2 = s.put_article(&v2).unwrap();
    assert_eq!(p2.status, PutStatus::Replaced { old: p1.id.clone() });
    assert!(s.article(&p1.id).unwrap().is_none());
    assert_eq!(s.article_id_by_url(url).unwrap(), Some(p2.id));
    let st = s.stats().unwrap();
    assert_eq!(
        (st.articles, st.summaries),
        (1, 0),
        "old summary cascaded away"
    );
    // The old text is gone from the index too.
    assert_eq!(s.search("الأولى", Page::default()).unwrap().total, 0);
    assert_eq!(s.search("الثانية", Page::default()).unwrap().total, 1);
    s.check().unwrap();
}

fn summaries_are_keyed_by_length_and_engine(s: &dyn Store) {
    let id = s.put_article(&article("ع", "نص.", None)).unwrap().id;
    let k3 = key(&id, Length::Bullets(3), "e1");
    assert_eq!(s.summary(&k3).unwrap(), None);
    s.put_summary(&k3, &summary("ثلاث")).unwrap();
    s.put_summary(&key(&id, Length::Words(40), "e1"), &summary("كلمات"))
        .unwrap();
    s.put_summary(&key(&id, Length::Ratio(0.25), "e1"), &summary("نسبة"))
        .unwrap();
    assert_eq!(s.summary(&k3).unwrap(), Some(summary("ثلاث")));
    assert_eq!(
        s.summary(&key(&id, Length::Words(40), "e1")).unwrap(),
        Some(summary("كلمات"))
    );
    assert_eq!(
        s.summary(&key(&id, Length::Ratio(0.25), "e1")).unwrap(),
        Some(summary("نسبة"))
    );
    // A new engine version does not see the old engine's summary.
    assert_eq!(
        s.summary(&key(&id, Length::Bullets(3), "e2")).unwrap(),
        None
    );
    // Replacing under the same key overwrites.
    s.put_summary(&k3, &summary("جديدة")).unwrap();
    assert_eq!(s.summary(&k3).unwrap(), Some(summary("جديدة")));
    assert_eq!(s.stats().unwrap().summaries, 3);
}

fn article_and_summary_can_be_stored_together(s: &dyn Store) {
    let a = article("ع", "نص.", None);
    let put = s
        .put_article_with_summary(
            &a,
            UrlRole::Identifies,
            Length::Bullets(3),
            "e1",
            &summary("ن"),
        )
        .unwrap();
    assert_eq!(
        s.summary(&key(&put.id, Length::Bullets(3), "e1")).unwrap(),
        Some(summary("ن"))
    );
}

fn writes_about_missing_articles_are_refused(s: &dyn Store) {
    let ghost = ArticleId::parse("00000000deadbeef").unwrap();
    let err = s
        .put_summary(&key(&ghost, Length::Bullets(3), "e1"), &summary("x"))
        .unwrap_err();
    assert!(matches!(err, StoreError::UnknownArticle(_)), "{err}");
    let audio = StoredAudio {
        content_type: "audio/wav".into(),
        marks: "[]".into(),
        bytes: vec![1],
    };
    let akey = AudioKey {
        summary: key(&ghost, Length::Bullets(3), "e1"),
        format: "wav".into(),
        voice: "espeak".into(),
    };
    assert!(matches!(
        s.put_audio(&akey, &audio),
        Err(StoreError::UnknownSummary(_))
    ));
}

fn audio_is_cached_per_format_and_goes_with_its_article(s: &dyn Store) {
    let url = "https://example.com/x";
    let id = s.put_article(&article("ع", "نص.", Some(url))).unwrap().id;
    let sk = key(&id, Length::Bullets(3), "e1");
    s.put_summary(&sk, &summary("ن")).unwrap();
    let mp3 = AudioKey {
        summary: sk.clone(),
        format: "mp3".into(),
        voice: "espeak".into(),
    };
    let wav = AudioKey {
        summary: sk.clone(),
        format: "wav".into(),
        voice: "espeak".into(),
    };
    let bytes: Vec<u8> = (0..=255).collect();
    let a = StoredAudio {
        content_type: "audio/mpeg".into(),
        marks: r#"[{"point":0,"start_ms":0}]"#.into(),
        bytes: bytes.clone(),
    };
    s.put_audio(&mp3, &a).unwrap();
    assert_eq!(s.audio(&mp3).unwrap(), Some(a.clone()));
    assert_eq!(s.audio(&wav).unwrap(), None);
    assert_eq!(s.stats().unwrap().audio, 1);
    // Another voice's audio of the same summary is its own entry.
    let piper = AudioKey {
        voice: "ar=espeak,en=piper:en_US-joe-medium".into(),
        ..mp3.clone()
    };
    assert_eq!(s.audio(&piper).unwrap(), None);
    let b = StoredAudio {
        bytes: vec![7; 10],
        ..a.clone()
    };
    s.put_audio(&piper, &b).unwrap();
    assert_eq!(s.audio(&piper).unwrap(), Some(b));
    assert_eq!(s.audio(&mp3).unwrap(), Some(a));
    assert_eq!(s.stats().unwrap().audio, 2);
    // Replacing the article removes its audio.
    s.put_article(&article("ع", "نص جديد.", Some(url))).unwrap();
    assert_eq!(s.stats().unwrap().audio, 0);
}

fn a_claimed_url_neither_replaces_nor_identifies(s: &dyn Store) {
    let url = "https://example.com/real";
    let real = s
        .put_article(&article("ع", "النص الحقيقي.", Some(url)))
        .unwrap();
    let fake = article("ع", "نص مزيف.", Some(url));
    let put = s
        .put_article_with_summary(
            &fake,
            UrlRole::Claimed,
            Length::Bullets(3),
            "e1",
            &summary("ن"),
        )
        .unwrap();
    assert_eq!(put.status, PutStatus::Inserted);
    assert_eq!(s.article_id_by_url(url).unwrap(), Some(real.id.clone()));
    assert!(s.article(&real.id).unwrap().is_some());
    // The claim is kept as metadata of the new article.
    let stored = s.article(&put.id).unwrap().unwrap();
    assert_eq!(stored.article.url.as_deref(), Some(url));
    // A claimed URL on content nobody holds is not recorded as its URL
    // either: ingest would otherwise skip the real page.
    let other = "https://example.com/unfetched";
    s.put_article_with_summary(
        &article("ع", "نص آخر.", Some(other)),
        UrlRole::Claimed,
        Length::Bullets(3),
        "e1",
        &summary("ن"),
    )
    .unwrap();
    assert_eq!(s.article_id_by_url(other).unwrap(), None);
}

fn search_folds_arabic_spelling_and_diacritics(s: &dyn Store) {
    let a = s
        .put_article(&article(
            "الأمم المتحدة تعقد جلسة طارئة",
            "دعا مجلس الأمن إلى اجتماعٍ عاجلٍ لمناقشة الأزمة الإنسانية في المدينة.",
            None,
        ))
        .unwrap()
        .id;
    let b = s
        .put_article(&article(
            "مباراة كرة القدم",
            "فاز الفريق المحلي بثلاثة أهداف.",
            None,
        ))
        .unwrap()
        .id;
    // Query without hamza, index with it; ta marbuta vs ha; diacritics in the text.
    for q in ["الامم", "اجتماع عاجل", "الازمه الانسانيه", "الأَزْمَة", "جلسة"]
    {
        let hits = s.search(q, Page::default()).unwrap();
        assert_eq!(hits.total, 1, "query {q}");
        assert_eq!(hits.items[0].meta.id, a, "query {q}");
    }
    assert_eq!(
        s.search("أهداف", Page::default()).unwrap().items[0].meta.id,
        b
    );
    // Any word may match: one article each.
    assert_eq!(s.search("الامم أهداف", Page::default()).unwrap().total, 2);
}

fn search_treats_fts_syntax_as_text_and_refuses_empty_queries(s: &dyn Store) {
    s.put_article(&article("خبر", "نص عن الاقتصاد.", None))
        .unwrap();
    for q in [
        "\"الاقتصاد",
        "الاقتصاد OR",
        "NEAR(الاقتصاد",
        "الاقتصاد*",
        "title:الاقتصاد",
        "-الاقتصاد ^",
    ] {
        s.search(q, Page::default())
            .unwrap_or_else(|e| panic!("query {q:?}: {e}"));
    }
    assert!(matches!(
        s.search("  ؟!  ", Page::default()),
        Err(StoreError::InvalidQuery(_))
    ));
    assert!(matches!(
        s.search("", Page::default()),
        Err(StoreError::InvalidQuery(_))
    ));
    let long = "كلمة ".repeat(400);
    assert!(matches!(
        s.search(&long, Page::default()),
        Err(StoreError::InvalidQuery(_))
    ));
    let many = (0..40)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(matches!(
        s.search(&many, Page::default()),
        Err(StoreError::InvalidQuery(_))
    ));
}

fn lists_are_newest_first_and_paged(s: &dyn Store) {
    let ids: Vec<ArticleId> = (0..7)
        .map(|i| {
            s.put_article(&article(&format!("خبر {i}"), "نص مشترك.", None))
                .unwrap()
                .id
        })
        .collect();
    let p1 = s.latest(Page::new(1, 3)).unwrap();
    assert_eq!(p1.total, 7);
    assert_eq!(
        p1.items.iter().map(|m| m.id.clone()).collect::<Vec<_>>(),
        vec![ids[6].clone(), ids[5].clone(), ids[4].clone()]
    );
    let p3 = s.latest(Page::new(3, 3)).unwrap();
    assert_eq!(p3.items.len(), 1);
    assert_eq!(p3.items[0].id, ids[0]);
    assert!(s.latest(Page::new(9, 3)).unwrap().items.is_empty());
    let hits = s.search("مشترك", Page::new(2, 5)).unwrap();
    assert_eq!((hits.total, hits.items.len()), (7, 2));
    // Out-of-range page settings are clamped, not errors.
    assert_eq!(Page::new(0, 0), Page::new(1, 1));
    assert_eq!(Page::new(1, 10_000).size, Page::MAX_SIZE);
}

fn failures_are_recorded_newest_first(s: &dyn Store) {
    s.record_failure("https://a.example/1", "timed out")
        .unwrap();
    s.record_failure("feed.xml#7", "no article text").unwrap();
    let f = s.failures(Page::default()).unwrap();
    assert_eq!(f.total, 2);
    assert_eq!(f.items[0].source, "feed.xml#7");
    assert_eq!(f.items[1].reason, "timed out");
    assert_eq!(s.stats().unwrap().failures, 2);
}

#[test]
fn data_survives_reopening_and_migrations_run_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.db");
    let id = {
        let s = SqliteStore::open(&path).unwrap();
        s.put_article(&article("ع", "نص محفوظ.", None)).unwrap().id
    };
    let s = SqliteStore::open(&path).unwrap();
    assert!(s.article(&id).unwrap().is_some());
    assert_eq!(s.stats().unwrap().schema_version, 7);
    assert_eq!(s.search("محفوظ", Page::default()).unwrap().total, 1);
    s.check().unwrap();
}

#[test]
fn a_file_from_a_newer_khulasa_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    match SqliteStore::open(&path) {
        Err(StoreError::SchemaTooNew {
            found: 99,
            supported,
        }) if supported < 99 => {}
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("opened a file from the future"),
    }
}

#[test]
fn a_missing_directory_is_a_clear_error() {
    let err = SqliteStore::open("/nonexistent-dir-khulasa/k.db")
        .err()
        .expect("must fail");
    assert!(
        err.to_string().contains("/nonexistent-dir-khulasa/k.db"),
        "{err}"
    );
}

#[test]
fn ids_are_validated() {
    assert!(ArticleId::parse("0123456789abcdef").is_ok());
    assert_eq!(
        ArticleId::parse("0123456789ABCDEF").unwrap().as_str(),
        "0123456789abcdef"
    );
    for bad in [
        "",
        "123",
        "0123456789abcdeg",
        "../../etc/passwd",
        "0123456789abcdef0",
    ] {
        assert!(
            matches!(ArticleId::parse(bad), Err(StoreError::InvalidId(_))),
            "{bad}"
        );
    }
}

fn oversized_articles_are_refused(s: &dyn Store) {
    let big = article("كبير", &"ا".repeat(MAX_ARTICLE_BYTES / 2 + 10), None);
    assert!(matches!(
        s.put_article(&big),
        Err(StoreError::TooLarge {
            what: "article",
            ..
        })
    ));
    assert_eq!(s.stats().unwrap().articles, 0);
}

fn concurrent_writers_and_readers_see_a_consistent_store(s: &dyn Store) {
    std::thread::scope(|scope| {
        for t in 0..4 {
            scope.spawn(move || {
                for i in 0..25 {
                    let a = article(&format!("خبر {t}-{i}"), &format!("نص رقم {t} {i}."), None);
                    let id = s.put_article(&a).unwrap().id;
                    s.put_summary(&key(&id, Length::Bullets(3), "e"), &summary("ن"))
                        .unwrap();
                    assert!(s.article(&id).unwrap().is_some());
                    s.latest(Page::default()).unwrap();
                }
            });
        }
    });
    let st = s.stats().unwrap();
    assert_eq!((st.articles, st.summaries), (100, 100));
    s.check().unwrap();
}

fn ingested_items_are_written_with_their_ledger_entry(s: &dyn Store) {
    let a = article(
        "خبر مستورد",
        "نص الخبر المستورد من الخلاصة.",
        Some("https://example.com/i/1"),
    );
    let sum = summary("نقطة");
    let big = article("كبير", &"ب".repeat(MAX_ARTICLE_BYTES / 2 + 10), None);
    let items = [
        Ingested {
            key: "feed#1",
            params: "1|bullets=3",
            outcome: IngestOutcome::Article {
                article: &a,
                summary: Some((Length::Bullets(3), "1", &sum)),
            },
        },
        Ingested {
            key: "feed#2",
            params: "1|bullets=3",
            outcome: IngestOutcome::Failed {
                source: "https://example.com/i/2",
                reason: "HTTP 404",
            },
        },
        Ingested {
            key: "feed#3",
            params: "1|bullets=3",
            outcome: IngestOutcome::Article {
                article: &big,
                summary: None,
            },
        },
    ];
    let statuses = s.put_ingested(&items).unwrap();
    let id = ArticleId::of(&a);
    assert_eq!(
        statuses[0],
        IngestedStatus::Stored(Put {
            id: id.clone(),
            status: PutStatus::Inserted
        })
    );
    assert!(matches!(&statuses[1], IngestedStatus::Failed { reason, .. } if reason == "HTTP 404"));
    assert!(
        matches!(&statuses[2], IngestedStatus::Failed { reason, .. } if reason.contains("too large"))
    );
    let st = s.stats().unwrap();
    assert_eq!((st.articles, st.summaries, st.failures), (1, 1, 2));
    assert_eq!(
        s.summary(&key(&id, Length::Bullets(3), "1"))
            .unwrap()
            .as_ref(),
        Some(&sum)
    );

    let rec = s.ingested("feed#1").unwrap().unwrap();
    assert_eq!(
        (rec.params.as_str(), rec.article.as_ref()),
        ("1|bullets=3", Some(&id))
    );
    let rec = s.ingested("feed#2").unwrap().unwrap();
    assert_eq!(
        (rec.article, rec.reason.as_deref()),
        (None, Some("HTTP 404"))
    );
    assert!(s.ingested("feed#9").unwrap().is_none());
    // Redoing an item overwrites its ledger entry; the article is stored once.
    let again = s.put_ingested(&items[..1]).unwrap();
    assert_eq!(
        again[0],
        IngestedStatus::Stored(Put {
            id,
            status: PutStatus::Existing
        })
    );
    assert_eq!(s.stats().unwrap().articles, 1);
    s.check().unwrap();
}

#[test]
fn a_stale_search_index_is_rebuilt_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.db");
    {
        let s = SqliteStore::open(&path).unwrap();
        s.put_article(&article(
            "سوق الأسهم",
            "ارتفعت أسعار الأسهم في البورصة.",
            None,
        ))
        .unwrap();
    }
    {
        // As if the index had been built by an older normaliser: empty it
        // and change the recorded fingerprint.
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "DELETE FROM article_fts; UPDATE meta SET value = 'old' WHERE key = 'fts_analyzer';",
        )
        .unwrap();
    }
    let s = SqliteStore::open(&path).unwrap();
    assert_eq!(s.search("البورصه", Page::default()).unwrap().total, 1);
    s.check().unwrap();
    assert_eq!(s.reindex().unwrap(), 1);
    assert_eq!(s.stats().unwrap().schema_version, 7);
}

/// Every match is ranked, whatever its age, and paging through every page
/// yields every match exactly once.
fn search_ranks_every_match_and_pages_through_them_once(s: &dyn Store) {
    let n = 1010;
    let articles: Vec<Article> = (0..n)
        .map(|i| {
            // Article 5 (among the oldest) and the newest-but-ten match
            // best: "قمة" in the title.
            let best = i == 5 || i == n - 10;
            let title = if best {
                format!("قمة قمة {i}")
            } else {
                format!("خبر {i}")
            };
            article(&title, &format!("نص عن قمة رقم {i}."), None)
        })
        .collect();
    let keys: Vec<String> = (0..n).map(|i| format!("k{i}")).collect();
    let items: Vec<Ingested<'_>> = articles
        .iter()
        .zip(&keys)
        .map(|(a, k)| Ingested {
            key: k,
            params: "p",
            outcome: IngestOutcome::Article {
                article: a,
                summary: None,
            },
        })
        .collect();
    s.put_ingested(&items).unwrap();
    let id = |i: usize| ArticleId::of(&articles[i]);

    let first = s.search("قمة", Page::new(1, 5)).unwrap();
    assert_eq!(first.total, n as u64);
    // The two best, the newer first among equals.
    assert_eq!(first.items[0].meta.id, id(n - 10));
    assert_eq!(first.items[1].meta.id, id(5));
    assert!(first.items[1].score > first.items[2].score);

    let mut seen = Vec::new();
    for p in 1.. {
        let page = s.search("قمة", Page::new(p, 30)).unwrap();
        if page.items.is_empty() {
            break;
        }
        seen.extend(page.items.into_iter().map(|h| h.meta.id));
    }
    assert_eq!(seen.len(), n);
    let unique: std::collections::HashSet<_> = seen.iter().collect();
    assert_eq!(unique.len(), n);
}

fn feed_validators_are_kept(s: &dyn Store) {
    let feed = "https://news.example/rss.xml";
    assert_eq!(s.feed_validators(feed).unwrap(), None);
    let v = FeedValidators {
        etag: Some("\"abc\"".into()),
        last_modified: Some("Sun, 29 Nov 2026 09:00:00 GMT".into()),
    };
    s.put_feed_validators(feed, &v).unwrap();
    assert_eq!(s.feed_validators(feed).unwrap(), Some(v));
    let newer = FeedValidators {
        etag: Some("\"def\"".into()),
        last_modified: None,
    };
    s.put_feed_validators(feed, &newer).unwrap();
    assert_eq!(s.feed_validators(feed).unwrap(), Some(newer));
    assert_eq!(
        s.feed_validators("https://other.example/feed").unwrap(),
        None
    );
}

#[test]
fn feed_validators_survive_reopening() {
    let (dir, s) = open();
    let feed = "https://news.example/rss.xml";
    assert_eq!(s.feed_validators(feed).unwrap(), None);
    let v = FeedValidators {
        etag: Some("\"abc\"".into()),
        last_modified: Some("Sun, 29 Nov 2026 09:00:00 GMT".into()),
    };
    s.put_feed_validators(feed, &v).unwrap();
    let newer = FeedValidators {
        etag: Some("\"def\"".into()),
        last_modified: None,
    };
    s.put_feed_validators(feed, &newer).unwrap();
    let path = s.path().to_path_buf();
    drop(s);
    let s = SqliteStore::open(&path).unwrap();
    assert_eq!(s.feed_validators(feed).unwrap(), Some(newer));
    assert_eq!(
        s.feed_validators("https://other.example/feed").unwrap(),
        None
    );
    drop(dir);
}

each_store!(
    an_article_is_stored_once_by_content,
    a_url_is_recorded_on_a_copy_that_had_none,
    a_changed_page_replaces_its_old_version_and_its_summaries,
    summaries_are_keyed_by_length_and_engine,
    article_and_summary_can_be_stored_together,
    writes_about_missing_articles_are_refused,
    audio_is_cached_per_format_and_goes_with_its_article,
    a_claimed_url_neither_replaces_nor_identifies,
    search_folds_arabic_spelling_and_diacritics,
    search_treats_fts_syntax_as_text_and_refuses_empty_queries,
    lists_are_newest_first_and_paged,
    failures_are_recorded_newest_first,
    oversized_articles_are_refused,
    concurrent_writers_and_readers_see_a_consistent_store,
    ingested_items_are_written_with_their_ledger_entry,
    search_ranks_every_match_and_pages_through_them_once,
    feed_validators_are_kept,
);
