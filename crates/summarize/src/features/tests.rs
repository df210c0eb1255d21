//! Features on small articles written for them.

use super::cues::quoted_share;
use super::terms::hash_str;
use super::vector::cosine_dense;
use super::*;
use khulasa_text::segment;

#[test]
fn central_sentence_wins_centrality() {
    let text = "الحكومة تعلن خطة الطاقة. الطقس جميل في الجبال. خطة الطاقة تخفض الانبعاثات والحكومة تدعمها. الحكومة تمول خطة الطاقة.";
    let d = analyse(text, segment(text), Some("خطة الطاقة الحكومية"), Lang::Ar);
    let c: Vec<f64> = d.sents.iter().map(|s| s.features[6]).collect();
    assert!(c[1] < c[0] && c[1] < c[2] && c[1] < c[3], "{c:?}");
    // Title similarity: the weather sentence shares nothing with the title.
    assert_eq!(d.sents[1].features[8], 0.0);
    assert!(d.sents[0].features[8] > 0.3);
}

#[test]
fn quoted_share_counts_letters_in_quotes() {
    // Without a quotation mark the share is 0, as the full count gives.
    assert_eq!(quoted_share("لا اقتباس هنا Ωμέγα 12"), 0.0);
    assert_eq!(quoted_share("علامة “مفتوحة"), 6.0 / 11.0);
    assert_eq!(quoted_share("قال: \"نعم\""), 3.0 / 6.0);
    assert_eq!(quoted_share("«كل هذا»"), 1.0);
    assert_eq!(quoted_share("لا اقتباس"), 0.0);
    assert_eq!(quoted_share("..."), 0.0);
}

#[test]
fn similarity_matrix_matches_cosine() {
    let text = "الحكومة تعلن خطة الطاقة. خطة الطاقة تخفض الانبعاثات. الطقس جميل.";
    let d = analyse(text, segment(text), None, Lang::Ar);
    for i in 0..3 {
        assert_eq!(d.sim(i, i), 0.0);
        for j in 0..3 {
            if i != j {
                assert!((d.sim(i, j) - cosine(&d.sents[i].vec, &d.sents[j].vec)).abs() < 1e-6);
            }
        }
    }
    assert!(d.sim(0, 1) > 0.2 && d.sim(0, 2) == 0.0);
}

#[test]
fn overlap_is_shared_terms_over_the_smaller_point() {
    let text = "وقعت الحكومة اتفاقية لتحلية المياه مع روسيا. الحكومة توقع اتفاق تحلية المياه الروسي. الطقس جميل في الجبال اليوم.";
    let d = analyse(text, segment(text), None, Lang::Ar);
    let all = |i: usize| {
        d.shown_terms(
            i,
            std::slice::from_ref(&(0..d.sents[i].sentence.span.len())),
        )
    };
    let (a, b, c) = (all(0), all(1), all(2));
    // Symmetric, 1 with itself, 0 with nothing in common or nothing at all.
    assert_eq!(d.overlap(&a, &b), d.overlap(&b, &a));
    assert_eq!(d.overlap(&a, &a), 1.0);
    assert_eq!(d.overlap(&a, &c), 0.0);
    assert_eq!(d.overlap(&a, &[]), 0.0);
    // The restatement: prefix (اتفاق/اتفاقي, روس/روسيا) and proclitic
    // (لتحل/تحل) matches count; only the verb differs.
    assert!(d.overlap(&a, &b) >= 0.75, "{}", d.overlap(&a, &b));
    // Terms outside the kept ranges are not shown terms.
    assert!(d.shown_terms(0, std::slice::from_ref(&(0..0))).is_empty());
}

#[test]
fn terms_are_stored_once_and_survive_a_hash_collision() {
    let mut t = Terms::with_capacity(4);
    let a = t.intern("وزير");
    assert_eq!(t.intern("وزير"), a);
    let b = t.intern("دفاع");
    assert_ne!(a, b);
    assert_eq!((t.get(a), t.get(b), t.len()), ("وزير", "دفاع", 2));
    // Pretend "تعاون" hashes like "وزير": it still gets an id of its own.
    t.by_hash.insert(hash_str("تعاون"), a);
    let c = t.intern("تعاون");
    assert!(c != a && c != b);
    assert_eq!(t.intern("تعاون"), c);
    assert_eq!(t.intern("وزير"), a);
    assert_eq!(t.get(c), "تعاون");
    assert_eq!(t.get(99), "");
}

#[test]
fn dense_cosine_is_the_sparse_one() {
    let a = vec![(1, 0.6f32), (3, 0.8)];
    let b = vec![(0, 0.3f32), (3, 0.5), (4, 0.2)];
    let mut dense = vec![0f32; 5];
    for &(t, w) in &b {
        dense[t as usize] = w;
    }
    assert_eq!(cosine_dense(&a, &dense), cosine(&a, &b));
}

#[test]
fn cosine_of_sparse_vectors() {
    let a = vec![(1, 0.6f32), (3, 0.8)];
    let b = vec![(3, 1.0f32)];
    assert!((cosine(&a, &b) - 0.8).abs() < 1e-6);
    assert_eq!(cosine(&a, &[]), 0.0);
}
