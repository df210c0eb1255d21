//! Author names: bylines split into names, and the values that are not a
//! person's byline (web agency credits, CMS accounts, the site's own name,
//! news agencies) told apart.

use crate::dom::clean;

/// Byline text → names: drops `By`, `بقلم`, `كتب`, splits `و` / `and` / `,`.
pub(crate) fn split_names(raw: &str) -> Vec<String> {
    let mut s = clean(raw);
    if s.starts_with("http://") || s.starts_with("https://") || s.chars().count() > 200 {
        return Vec::new();
    }
    for p in crate::contrib::BYLINE_PREFIXES {
        if let Some(rest) = s.strip_prefix(p) {
            s = rest.trim_start_matches([':', ' ', '-', '|']).to_string();
            break;
        }
    }
    // Labels in any case (`VON MORITZ …`, `Von: …`, `Erstellt von …`,
    // `AuthorJane Doe` where a template glued the label to the name).
    for l in LABELS {
        if let Some(rest) = s
            .get(..l.len())
            .filter(|h| h.eq_ignore_ascii_case(l))
            .map(|_| &s[l.len()..])
            && rest
                .starts_with(|c: char| c.is_uppercase() || matches!(c, ' ' | ':' | '-' | '\u{a0}'))
        {
            s = rest
                .trim_start_matches([':', ' ', '-', '|', '\u{a0}'])
                .to_string();
            break;
        }
    }
    // `Posted on September 21, 2020 by Adi Tzlil`: the name is after `by`.
    // `29. Juni 2017, 23:39 · von Tobi`: a date first, the name after it.
    if (DATE_LEADS.iter().any(|l| starts_with_ci(&s, l))
        || s.starts_with(|c: char| c.is_ascii_digit()))
        && let Some(pos) = [" by ", " von ", " par ", " By ", " Von "]
            .iter()
            .filter_map(|b| s.rfind(b).map(|p| p + b.len()))
            .max()
    {
        s = s[pos..].to_string();
    }
    s.split([',', '،', '|', '/', '\n'])
        .flat_map(|p| p.split(" and ").flat_map(|q| q.split(" و ")))
        .map(|n| {
            // `Redaktion 1. November 2023 10:29`, `eseppelt · 31. Oktober`:
            // names hold no digits, a date after one is not part of it.
            let n = match n.find(|c: char| c.is_ascii_digit() || ('٠'..='٩').contains(&c)) {
                Some(d) => &n[..d],
                None => n,
            };
            // `Alexander Karper Foto: © GEPA`, `Jane Roe Kategorien: Mode`: a
            // label after the name starts something else.
            let n = match n.find([':', '©']) {
                Some(c) if n[..c].split_whitespace().count() >= 2 => {
                    let head = &n[..c];
                    if n[c..].starts_with('©') {
                        head
                    } else {
                        head.trim_end().rsplit_once(' ').map_or(head, |(h, _)| h)
                    }
                }
                _ => n,
            };
            // What was left of the cut date: `Ana Roe on July`, `Jo Roe am
            // Samstag`, `Tom Roe Fr`, `John Roe - January`.
            let mut n = n.trim();
            while let Some((head, last)) = n.rsplit_once([' ', '\u{a0}']) {
                let last = last.trim_matches([',', '.', '-', '|']);
                if last.is_empty() || is_date_word(last) || DATE_JOINS.contains(&last) {
                    n = head.trim_end();
                } else {
                    break;
                }
            }
            let mut n = n
                .trim()
                .trim_end_matches(['·', '•', '»', '–', '—', '-', ' ']);
            // `Dominique — veröffentlicht 28.01.2022`: the word that led
            // the cut date goes with it.
            if let Some(l) = DATE_LEADS.iter().find(|l| ends_with_ci(n, l)) {
                n = n[..n.len() - l.len()]
                    .trim_end_matches(['·', '•', '»', '–', '—', '-', '|', ' ']);
            }
            let n = [
                "Auteur:",
                "Autor:",
                "Author:",
                "vom ",
                "Beitrag von ",
                "Beitragvon ",
            ]
            .iter()
            .find_map(|p| n.strip_prefix(p))
            .unwrap_or(n);
            let n = n.trim().trim_matches(['.', ':', '-', '*']).trim();
            // `Jane says` (a comment), `Name (required)` (a form label).
            n.strip_suffix(" says")
                .or_else(|| n.strip_suffix(" sagt"))
                .unwrap_or(n)
                .trim()
                .to_string()
        })
        .filter(|n| {
            let c = n.chars().count();
            (2..=60).contains(&c)
                && n.split_whitespace().count() <= 6
                && !n.contains('@')
                && !n.eq_ignore_ascii_case("by")
                && !DATE_LEADS.iter().any(|l| n.eq_ignore_ascii_case(l))
                && !is_date_word(n)
                && !is_phrase(n)
        })
        .collect()
}

/// Labels before a name, matched in any case; a name follows at once (in
/// capitals, or after a space or a colon).
const LABELS: &[&str] = &[
    "about the author",
    "erstellt von",
    "autorin",
    "author",
    "autor",
    "von",
    "by",
];

/// Words joining a name to the date after it (`on`, `am`, `le`, …).
const DATE_JOINS: &[&str] = &[
    "on", "am", "um", "at", "le", "el", "den", "vom", "-", "—", "–",
];

/// Words of a sentence, not a name: three or more words, none capitalised
/// (`it was already too late`). Scripts without case are never phrases.
fn is_phrase(n: &str) -> bool {
    let words: Vec<&str> = n.split_whitespace().collect();
    words.len() >= 3
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_lowercase))
}

/// A weekday or a date label (`Donnerstag, 4. November 2021` leaves
/// `Donnerstag` once its date is cut): never a name.
fn is_date_word(n: &str) -> bool {
    const WORDS: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
        "الاثنين",
        "الإثنين",
        "الثلاثاء",
        "الأربعاء",
        "الاربعاء",
        "الخميس",
        "الجمعة",
        "السبت",
        "الأحد",
        "الاحد",
        "date",
        "datum",
        "fecha",
        "التاريخ",
        "today",
        "heute",
        // Weekday and month abbreviations and month names left by a cut date.
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "mo",
        "di",
        "mi",
        "do",
        "fr",
        "sa",
        "so",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "januar",
        "februar",
        "märz",
        "juni",
        "juli",
        "oktober",
        "dezember",
        // Date labels whose joining word (`am`, `on`) went with the date.
        "publiziert",
        "veröffentlicht",
        "erschienen",
        "posted",
        "published",
        "updated",
        "aktualisiert",
    ];
    let n = n.trim().to_lowercase();
    WORDS.contains(&n.as_str())
}

/// Words that open a date in a byline (`Posted on …`), never a name.
const DATE_LEADS: &[&str] = &[
    "Posted on",
    "Posted",
    "Published on",
    "Published",
    "Publiziert am",
    "Veröffentlicht am",
    "Veröffentlicht",
    "Erschienen am",
    "Publié le",
    "Publicado el",
    "نشر في",
    "نشر بتاريخ",
];

fn ends_with_ci(s: &str, suffix: &str) -> bool {
    s.len()
        .checked_sub(suffix.len())
        .and_then(|at| s.get(at..))
        .is_some_and(|t| t.to_lowercase() == suffix.to_lowercase())
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix))
}

pub(crate) fn dedupe(v: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in v {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(&n)) {
            out.push(n);
        }
    }
    out
}

/// An author value that is no person's byline: the web agency's credit
/// (`Developed By …`, `تصميم وتطوير …`), a CMS account (`admin`), a web
/// address.
pub(crate) fn is_credit(name: &str) -> bool {
    let l = name.to_lowercase();
    const CREDITS: &[&str] = &[
        "developed by",
        "powered by",
        "designed by",
        "design by",
        "development by",
        "webmaster",
        "wordpress",
        "تصميم",
        "تطوير",
        "برمجة",
        "جميع الحقوق",
        "all rights reserved",
    ];
    CREDITS.iter().any(|c| l.contains(c))
        || l == "admin"
        || l == "administrator"
        || l.ends_with("admin")
        || l.starts_with("www.")
        || l.starts_with("http")
        || [".com", ".net", ".org"].iter().any(|d| l.ends_with(d))
}

/// A news agency credited beside the writer (`David Hutzler, dpa`): a
/// source, not a byline, when a person is named too.
pub(crate) fn is_agency(name: &str) -> bool {
    const AGENCIES: &[&str] = &[
        "dpa",
        "afp",
        "ap",
        "apa",
        "reuters",
        "kna",
        "epd",
        "sid",
        "ansa",
        "efe",
        "agencies",
        "agenturen",
        "وكالات",
        "رويترز",
        "فرانس برس",
        "أ ف ب",
        "الأناضول",
    ];
    let n = name.trim();
    AGENCIES.iter().any(|a| n.eq_ignore_ascii_case(a))
}

/// Does `name` name the site itself (its `og:site_name` or JSON-LD publisher)?
pub(crate) fn names_site(name: &str, sites: &[Option<&str>]) -> bool {
    let n = khulasa_text::normalize::comparison_key(name);
    if n.is_empty() {
        return false;
    }
    sites.iter().flatten().any(|s| {
        let s = khulasa_text::normalize::comparison_key(s);
        !s.is_empty() && (s == n || (n.chars().count() >= 4 && s.contains(&n)) || n.contains(&s))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_lose_their_dates_and_labels() {
        assert_eq!(
            split_names("Posted on September 21, 2020 by Adi Tzlil"),
            ["Adi Tzlil"]
        );
        assert_eq!(
            split_names("Redaktion 1. November 2023 10:29"),
            ["Redaktion"]
        );
        assert_eq!(split_names("eseppelt · 31. Oktober 2023"), ["eseppelt"]);
        assert_eq!(split_names("Auteur: Anna Kubišta"), ["Anna Kubišta"]);
        assert_eq!(split_names("كتب: محمد علي"), ["محمد علي"]);
        assert!(is_agency("dpa") && is_agency("Reuters") && is_agency("وكالات"));
        assert!(!is_agency("David Hutzler"));
        assert_eq!(
            split_names("Jane Doe and John Roe"),
            ["Jane Doe", "John Roe"]
        );
        assert_eq!(split_names("VON MORITZ ROE am 3. Mai"), ["MORITZ ROE"]);
        assert_eq!(split_names("Von: Jana Roe"), ["Jana Roe"]);
        assert_eq!(split_names("AuthorAndreas Roe"), ["Andreas Roe"]);
        assert_eq!(split_names("Ana Roe on July 3, 2019"), ["Ana Roe"]);
        assert_eq!(split_names("Tom Roe Fr, 18. Oktober 2019"), ["Tom Roe"]);
        assert_eq!(split_names("Alex Roe Foto: © GEPA"), ["Alex Roe"]);
        assert_eq!(split_names("Kim Roe Kategorien: Mode"), ["Kim Roe"]);
        assert_eq!(
            split_names("Jane Roe, it was already too late"),
            ["Jane Roe"]
        );
        assert_eq!(split_names("Autorität"), ["Autorität"]);
        assert_eq!(split_names("29. Juni 2017, 23:39 · von Tobi"), ["Tobi"]);
    }
}
