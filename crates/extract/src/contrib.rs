//! Contributors and bylines: `المساهمون` boxes, `كتب:`, `بقلم`, `By`.

use crate::dom::{Dom, clean};
use crate::meta::split_names;

/// Words that open a byline; longest first so `كتبت` is not read as `كتب` + `ت`.
pub(crate) const BYLINE_PREFIXES: &[&str] = &[
    "Post author By",
    "Written by",
    "Reported by",
    "Posted by",
    "Publié par",
    "Veröffentlicht von",
    "Eingestellt von",
    "Geschrieben von",
    "By ",
    "Von ",
    "von ",
    "Par ",
    "par ",
    "Por ",
    "por ",
    "by ",
    "BY ",
    "المساهمون",
    "المساهمين",
    "إعداد",
    "اعداد",
    "تحرير",
    "بقلم",
    "كتبت",
    "كتبه",
    "كتب",
];

/// Labels of a contributors box: the names follow the label.
const CONTRIB_LABELS: &[&str] = &[
    "المساهمون",
    "المساهمين",
    "شارك في التغطية",
    "شارك في الإعداد",
    "Contributors",
];

/// Roles written beside names in a contributors box (`أحمد علي — مراسل`):
/// they describe a name, they are not one.
const ROLES: &[&str] = &[
    "مراسل",
    "مراسلة",
    "مراسلون",
    "محرر",
    "محررة",
    "مصور",
    "مصورة",
    "تصوير",
    "تحرير",
    "إعداد",
    "اعداد",
    "ترجمة",
    "مترجم",
    "مترجمة",
    "كاتب",
    "كاتبة",
    "صحفي",
    "صحفية",
    "reporter",
    "correspondent",
    "editor",
    "writer",
    "photographer",
    "producer",
    "translator",
];

/// True when `name` is a role word alone (`مراسل`, `Editor:`), in either language.
fn is_role(name: &str) -> bool {
    let t = name.trim().trim_end_matches([':', '：']).trim();
    ROLES.iter().any(|r| t.eq_ignore_ascii_case(r))
}

/// Names from a short byline block such as `كتب: أحمد علي` or `بقلم سارة حسن`.
/// `None` when the text is not a byline (no prefix, or too long to be one).
pub(crate) fn byline_names(text: &str) -> Option<Vec<String>> {
    let t = text.trim();
    if t.chars().count() > 90 {
        return None;
    }
    let p = BYLINE_PREFIXES.iter().find(|p| t.starts_with(**p))?;
    let rest = &t[p.len()..];
    // `كتب:` / `بقلم` need a separator or space after them: `كتبنا` is a verb.
    if !(p.ends_with(' ') || rest.starts_with([':', ' ', '-', '\u{00A0}'])) {
        return None;
    }
    let names = split_names(t);
    (!names.is_empty()).then_some(names)
}

/// Finds a contributors box anywhere in the page: an element whose whole text
/// is a label like `المساهمون`, followed (inside its parent) by the names.
/// Returns the names and the index of the box, so the body can leave it out.
pub(crate) fn contributors_box(
    dom: &Dom<'_>,
    skip: &dyn Fn(usize) -> bool,
) -> Option<(Vec<String>, usize)> {
    let mut i = 0;
    while i < dom.len() {
        if skip(i) && i != 0 {
            i = dom.items[i].end as usize;
            continue;
        }
        // Most texts open with no label's first letter: skip them before
        // trimming (this runs on every text of the page).
        if let Some(t) = dom.text(i)
            && let Some(first) = t.trim_start().chars().next()
            && CONTRIB_LABELS.iter().any(|l| l.starts_with(first))
        {
            let t = t.trim().trim_end_matches([':', '：']).trim();
            // A link named `Contributors` (a footer's list of pages) is no box.
            let in_link = dom.items[i].parent != crate::dom::NONE
                && dom.items[dom.items[i].parent as usize].tag == "a";
            if CONTRIB_LABELS.contains(&t) && !in_link {
                return names_after(dom, i);
            }
        }
        i += 1;
    }
    None
}

fn names_after(dom: &Dom<'_>, label_text: usize) -> Option<(Vec<String>, usize)> {
    // Climb from the label's text until the container holds more than the label.
    let mut label = dom.items[label_text].parent as usize;
    for _ in 0..4 {
        let parent = dom.items[label].parent;
        if parent == crate::dom::NONE {
            break;
        }
        let parent = parent as usize;
        let mut names = Vec::new();
        let mut j = dom.items[label].end as usize;
        let end = dom.items[parent].end as usize;
        while j < end && names.len() < 24 {
            if matches!(dom.items[j].tag, "script" | "style" | "svg") {
                j = dom.items[j].end as usize;
                continue;
            }
            if let Some(t) = dom.text(j) {
                let t = clean(t);
                if !t.is_empty() {
                    names.extend(split_names(&t));
                }
            }
            j += 1;
        }
        names.retain(|n| !is_role(n));
        if !names.is_empty() {
            // A contributors box is names only: long text means we climbed too far.
            if names.iter().any(|n| n.split_whitespace().count() > 5) {
                return None;
            }
            return Some((crate::meta::dedupe(names), parent));
        }
        label = parent;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_beside_names_are_not_names() {
        let html = "<html><body><article><p>نص الخبر هنا.</p>\
            <section><h3>المساهمون</h3><ul>\
            <li><a href='/a'>أحمد علي</a><span>مراسل</span></li>\
            <li><a href='/b'>Sara Hassan</a><span>Editor</span></li>\
            </ul></section></article></body></html>";
        let mut store = String::new();
        let dom = Dom::parse(html, &mut store);
        let (names, _) = contributors_box(&dom, &|_| false).unwrap();
        assert_eq!(
            names,
            vec!["أحمد علي".to_string(), "Sara Hassan".to_string()]
        );
    }

    #[test]
    fn bylines() {
        assert_eq!(
            byline_names("كتب: أحمد علي"),
            Some(vec!["أحمد علي".to_string()])
        );
        assert_eq!(
            byline_names("كتبت - سارة حسن"),
            Some(vec!["سارة حسن".to_string()])
        );
        assert_eq!(
            byline_names("بقلم سارة حسن ومحمود زكي"),
            Some(vec!["سارة حسن ومحمود زكي".to_string()])
        );
        assert_eq!(
            byline_names("بقلم: سارة حسن و محمود زكي"),
            Some(vec!["سارة حسن".to_string(), "محمود زكي".to_string()])
        );
        assert_eq!(
            byline_names("By Jane Doe and John Roe"),
            Some(vec!["Jane Doe".into(), "John Roe".into()])
        );
        assert_eq!(byline_names("كتبنا هذا التقرير بعد زيارة طويلة"), None);
        assert_eq!(
            byline_names("اجتمع وزير الدفاع مع زعيم كوريا الشمالية"),
            None
        );
    }
}
