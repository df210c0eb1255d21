//! Photo captions and their credits.
//!
//! Arabic pages put the credit at the end of the caption: in brackets
//! (`(فرانس برس)`, `(Getty)`), after a slash (`/ رويترز`) or a dash
//! (`- أ ف ب`), or as a bare agency name (`AFP`). English pages add
//! `Photo: X`, `Credit: X`, `© X`.

/// Agencies and picture libraries that appear as bare credits.
const AGENCIES: &[&str] = &[
    "فرانس برس",
    "فرانس پرس",
    "أ ف ب",
    "أ.ف.ب",
    "ا ف ب",
    "رويترز",
    "الأناضول",
    "الاناضول",
    "أسوشيتد برس",
    "أسوشييتد برس",
    "الأسوشيتد برس",
    "أ ب",
    "إ ب أ",
    "وكالات",
    "غيتي",
    "جيتي",
    "Getty Images",
    "Getty",
    "AFP",
    "Reuters",
    "AP Photo",
    "AP",
    "EPA",
    "EPA-EFE",
    "Anadolu",
    "Shutterstock",
    "Xinhua",
    "شينخوا",
];

/// Labels that open a credit: `تصوير: X`, `Photo: X`.
const CREDIT_LABELS: &[&str] = &[
    "تصوير",
    "الصورة",
    "المصدر",
    "مصدر الصورة",
    "حقوق الصورة",
    "Photo",
    "Photograph",
    "Credit",
    "Image",
    "Source",
    "Picture",
];

/// Splits a caption into its text and its credit.
///
/// ```
/// use khulasa_extract::split_credit;
/// let (c, by) = split_credit("بيلاوسوف يصافح كيم في بيونغ يانغ، 19 يونيو 2024 (فرانس برس)");
/// assert_eq!(c, "بيلاوسوف يصافح كيم في بيونغ يانغ، 19 يونيو 2024");
/// assert_eq!(by.as_deref(), Some("فرانس برس"));
/// assert_eq!(split_credit("متظاهرون في الساحة / رويترز").1.as_deref(), Some("رويترز"));
/// assert_eq!(split_credit("لا مصدر هنا").1, None);
/// ```
pub fn split_credit(caption: &str) -> (String, Option<String>) {
    let t = crate::dom::clean(caption);
    let t = t.trim();
    let done = |c: &str, credit: &str| {
        let c = c
            .trim()
            .trim_end_matches(['-', '/', '|', '–', '—', ':'])
            .trim()
            .to_string();
        let credit = credit.trim().trim_matches(['.', ' ']).to_string();
        (c, (!credit.is_empty()).then_some(credit))
    };
    // `... (فرانس برس)` / `... [Getty]`
    for (open, close) in [('(', ')'), ('[', ']'), ('（', '）')] {
        if t.ends_with(close)
            && let Some(pos) = t.rfind(open)
        {
            let inner = &t[pos + open.len_utf8()..t.len() - close.len_utf8()];
            if is_short_credit(inner) && !inner.chars().any(|c| c.is_ascii_digit()) {
                let inner = strip_label(inner).unwrap_or(inner);
                return done(&t[..pos], inner);
            }
        }
    }
    // `© X` anywhere after the text.
    if let Some(pos) = t.rfind('©') {
        let tail = &t[pos + '©'.len_utf8()..];
        if is_short_credit(tail) {
            return done(&t[..pos], tail);
        }
    }
    // `... / رويترز`, `... | AFP`
    for sep in [" / ", "/ ", " | ", " - ", " – ", " — ", "، "] {
        if let Some(pos) = t.rfind(sep) {
            let tail = &t[pos + sep.len()..];
            let known = AGENCIES.iter().any(|a| tail.contains(a)) || strip_label(tail).is_some();
            let slash = sep.contains('/') || sep.contains('|');
            if is_short_credit(tail) && (known || (slash && tail.split_whitespace().count() <= 4)) {
                return done(&t[..pos], strip_label(tail).unwrap_or(tail));
            }
        }
    }
    // `Photo: X` / `تصوير: X` after a sentence.
    for label in CREDIT_LABELS {
        for sep in [". ", " "] {
            let needle = format!("{sep}{label}");
            if let Some(pos) = t.rfind(&needle) {
                let tail = &t[pos + sep.len()..];
                if let Some(credit) = strip_label(tail)
                    && is_short_credit(credit)
                {
                    return done(&t[..pos], credit);
                }
            }
        }
    }
    // A bare agency at the end: `... in Pyongyang. AFP`
    for a in AGENCIES {
        if let Some(head) = t.strip_suffix(a)
            && head.ends_with(['.', ' ', '\u{a0}'])
            && head.trim().chars().count() > 10
        {
            return done(head, a);
        }
    }
    (t.to_string(), None)
}

/// `تصوير: X` → `X` (`None` if no label).
fn strip_label(s: &str) -> Option<&str> {
    let s = s.trim();
    CREDIT_LABELS.iter().find_map(|l| {
        let rest = s.strip_prefix(l)?.trim_start();
        let rest = rest.strip_prefix(':').or_else(|| rest.strip_prefix('：'))?;
        Some(rest.trim())
    })
}

fn is_short_credit(s: &str) -> bool {
    let s = s.trim();
    let words = s.split_whitespace().count();
    (1..=6).contains(&words) && s.chars().count() <= 50 && !s.ends_with(['.', '؟', '?', '!'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credit(s: &str) -> (String, Option<String>) {
        split_credit(s)
    }

    #[test]
    fn bracketed_credits() {
        assert_eq!(
            credit("كيم وبيلاوسوف (Getty)"),
            ("كيم وبيلاوسوف".into(), Some("Getty".into()))
        );
        assert_eq!(credit("صورة أرشيفية [رويترز]").1.as_deref(), Some("رويترز"));
        assert_eq!(credit("الوزير (يسار) مع نظيره").1, None);
        assert_eq!(
            credit("جلسة مجلس الأمن (تصوير: أحمد علي)").1.as_deref(),
            Some("أحمد علي")
        );
    }

    #[test]
    fn separated_credits() {
        assert_eq!(
            credit("ميناء بيروت بعد الانفجار - أ ف ب"),
            ("ميناء بيروت بعد الانفجار".into(), Some("أ ف ب".into()))
        );
        assert_eq!(
            credit("A man walks past a mural. Photo: Jane Doe")
                .1
                .as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(
            credit("A man walks past a mural. AFP"),
            ("A man walks past a mural.".into(), Some("AFP".into()))
        );
        assert_eq!(
            credit("Protesters in Cairo © Reuters").1.as_deref(),
            Some("Reuters")
        );
        assert_eq!(
            credit("قوات الاحتلال في جنين - تصوير: محمد سعيد")
                .1
                .as_deref(),
            Some("محمد سعيد")
        );
    }

    #[test]
    fn credits_named_in_issue_16() {
        assert_eq!(
            credit("متظاهرون أمام البرلمان في القاهرة © REUTERS / Mohamed Abd El Ghany"),
            (
                "متظاهرون أمام البرلمان في القاهرة".into(),
                Some("REUTERS / Mohamed Abd El Ghany".into())
            )
        );
        assert_eq!(
            credit("سد النهضة على النيل الأزرق. المصدر: وكالة الأنباء الإثيوبية"),
            (
                "سد النهضة على النيل الأزرق".into(),
                Some("وكالة الأنباء الإثيوبية".into())
            )
        );
        assert_eq!(
            credit("جانب من الجلسة تصوير: سامر محمود"),
            ("جانب من الجلسة".into(), Some("سامر محمود".into()))
        );
        assert_eq!(
            credit("قافلة مساعدات تعبر معبر رفح (رويترز)"),
            ("قافلة مساعدات تعبر معبر رفح".into(), Some("رويترز".into()))
        );
    }

    #[test]
    fn dashes_in_text_are_not_credits() {
        assert_eq!(credit("اللقاء في بيونغ يانغ - العاصمة الكورية").1, None);
    }
}
