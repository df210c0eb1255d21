//! Numbers as Arabic words: cardinals, ordinals, clock hours.
//!
//! The forms are the citation (nominative) forms a newsreader uses when the
//! case is not obvious: `عشرون`, `ألفان`, `الحادي والخمسون`. Counted-noun
//! gender agreement is out of reach without parsing, so cardinals are the
//! masculine forms, except where the counted noun is ours (minutes, hours).
//!
//! This module holds the words; [`verbalize_ar`] finds the numbers in a run
//! of Arabic text (`parse` reads one) and picks the form its context asks for.

mod parse;
mod verbalize;

pub use verbalize::verbalize_ar;

const UNITS: [&str; 10] = [
    "صفر",
    "واحد",
    "اثنان",
    "ثلاثة",
    "أربعة",
    "خمسة",
    "ستة",
    "سبعة",
    "ثمانية",
    "تسعة",
];
const TEENS: [&str; 10] = [
    "عشرة",
    "أحد عشر",
    "اثنا عشر",
    "ثلاثة عشر",
    "أربعة عشر",
    "خمسة عشر",
    "ستة عشر",
    "سبعة عشر",
    "ثمانية عشر",
    "تسعة عشر",
];
const TENS: [&str; 10] = [
    "",
    "عشرة",
    "عشرون",
    "ثلاثون",
    "أربعون",
    "خمسون",
    "ستون",
    "سبعون",
    "ثمانون",
    "تسعون",
];
const HUNDREDS: [&str; 10] = [
    "",
    "مئة",
    "مئتان",
    "ثلاثمئة",
    "أربعمئة",
    "خمسمئة",
    "ستمئة",
    "سبعمئة",
    "ثمانمئة",
    "تسعمئة",
];

/// Scale words: (value, one, two, 3–10 plural, 11–99 accusative singular).
const SCALES: [(u64, &str, &str, &str, &str); 4] = [
    (
        1_000_000_000_000,
        "تريليون",
        "تريليونان",
        "تريليونات",
        "تريليونا",
    ),
    (1_000_000_000, "مليار", "ملياران", "مليارات", "مليارا"),
    (1_000_000, "مليون", "مليونان", "ملايين", "مليونا"),
    (1_000, "ألف", "ألفان", "آلاف", "ألفا"),
];

/// The largest number read as a whole; longer digit strings are read digit
/// by digit (they are identifiers, phone numbers, not quantities).
pub const MAX_CARDINAL: u64 = 999_999_999_999_999;

/// Words for 1..=999 (empty for 0).
fn below_thousand(n: u64) -> String {
    debug_assert!(n < 1000);
    let h = (n / 100) as usize;
    let r = n % 100;
    let mut parts: Vec<String> = Vec::new();
    if h > 0 {
        parts.push(HUNDREDS[h].to_string());
    }
    if r > 0 {
        parts.push(below_hundred(r));
    }
    parts.join(" و")
}

fn below_hundred(n: u64) -> String {
    debug_assert!(n > 0 && n < 100);
    match n {
        1..=9 => UNITS[n as usize].to_string(),
        10..=19 => TEENS[(n - 10) as usize].to_string(),
        _ => {
            let (t, u) = ((n / 10) as usize, (n % 10) as usize);
            if u == 0 {
                TENS[t].to_string()
            } else {
                format!("{} و{}", UNITS[u], TENS[t])
            }
        }
    }
}

/// Cardinal words for `n`: `2024` → `ألفان وأربعة وعشرون`.
///
/// Expects `n <= MAX_CARDINAL`; larger values are read digit by digit.
pub fn cardinal(n: u64) -> String {
    if n == 0 {
        return UNITS[0].to_string();
    }
    if n > MAX_CARDINAL {
        return digits(&n.to_string());
    }
    let mut parts: Vec<String> = Vec::new();
    let mut rest = n;
    for (value, one, two, plural, acc) in SCALES {
        let count = rest / value;
        rest %= value;
        if count == 0 {
            continue;
        }
        let words = match count {
            1 => one.to_string(),
            2 => two.to_string(),
            _ => {
                let last2 = count % 100;
                let noun = match last2 {
                    3..=10 => plural,
                    11..=99 => acc,
                    _ => one,
                };
                format!("{} {}", cardinal(count), noun)
            }
        };
        parts.push(words);
    }
    if rest > 0 {
        parts.push(below_thousand(rest));
    }
    parts.join(" و")
}

/// Reads a digit string one digit at a time: `007` → `صفر صفر سبعة`.
pub fn digits(s: &str) -> String {
    s.chars()
        .filter_map(|c| c.to_digit(10))
        .map(|d| UNITS[d as usize])
        .collect::<Vec<_>>()
        .join(" ")
}

const ORD_UNITS: [&str; 11] = [
    "",
    "الأول",
    "الثاني",
    "الثالث",
    "الرابع",
    "الخامس",
    "السادس",
    "السابع",
    "الثامن",
    "التاسع",
    "العاشر",
];
/// Units as they appear in compound ordinals (`الحادي عشر`, `الحادي والعشرون`).
const ORD_UNITS_COMPOUND: [&str; 10] = [
    "",
    "الحادي",
    "الثاني",
    "الثالث",
    "الرابع",
    "الخامس",
    "السادس",
    "السابع",
    "الثامن",
    "التاسع",
];

/// Masculine ordinal with its article: `1` → `الأول`, `51` → `الحادي والخمسون`.
/// From 100 on, `الـ` followed by the cardinal (`المئة وخمسة`), as read aloud.
pub fn ordinal(n: u64) -> String {
    match n {
        0 => "الصفر".to_string(),
        1..=10 => ORD_UNITS[n as usize].to_string(),
        11..=19 => format!("{} عشر", ORD_UNITS_COMPOUND[(n - 10) as usize]),
        20..=99 => {
            let (t, u) = ((n / 10) as usize, (n % 10) as usize);
            if u == 0 {
                format!("ال{}", TENS[t])
            } else {
                format!("{} وال{}", ORD_UNITS_COMPOUND[u], TENS[t])
            }
        }
        _ => format!("ال{}", cardinal(n)),
    }
}

const HOURS_FEM: [&str; 12] = [
    "الثانية عشرة",
    "الواحدة",
    "الثانية",
    "الثالثة",
    "الرابعة",
    "الخامسة",
    "السادسة",
    "السابعة",
    "الثامنة",
    "التاسعة",
    "العاشرة",
    "الحادية عشرة",
];
/// Feminine cardinals 3..=10 for a counted feminine noun (`خمس دقائق`).
const FEM_COUNT: [&str; 11] = [
    "",
    "",
    "",
    "ثلاث",
    "أربع",
    "خمس",
    "ست",
    "سبع",
    "ثماني",
    "تسع",
    "عشر",
];

/// A clock time: `(10, 30)` → `العاشرة والنصف`. Hours are 0..=23, minutes
/// 0..=59 (the caller validates). `meridiem` is appended when given
/// (`صباحاً` / `مساءً`); hours from 13 on get `مساءً` when it is not.
pub fn clock(h: u32, m: u32, meridiem: Option<&str>) -> String {
    let mut s = HOURS_FEM[(h % 12) as usize].to_string();
    match m {
        0 => {}
        15 => s.push_str(" والربع"),
        20 => s.push_str(" والثلث"),
        30 => s.push_str(" والنصف"),
        1 => s.push_str(" ودقيقة"),
        2 => s.push_str(" ودقيقتان"),
        3..=10 => {
            s.push_str(" و");
            s.push_str(FEM_COUNT[m as usize]);
            s.push_str(" دقائق");
        }
        _ => {
            s.push_str(" و");
            s.push_str(&cardinal(m as u64));
            s.push_str(" دقيقة");
        }
    }
    match meridiem {
        Some(w) => {
            s.push(' ');
            s.push_str(w);
        }
        None if h >= 13 => s.push_str(" مساءً"),
        None => {}
    }
    s
}

/// Gregorian month names as used in most Arabic news (Egypt, Gulf).
pub use khulasa_core::MONTHS_AR as MONTHS;

/// A calendar date: `(2024, 11, 29)` → `التاسع والعشرون من نوفمبر ألفين وأربعة وعشرين`.
/// Expects month 1..=12 and day 1..=31.
pub fn date(y: u64, mo: u32, d: u32) -> String {
    format!(
        "{} من {} {}",
        ordinal(d as u64),
        MONTHS[(mo - 1) as usize],
        genitive(&cardinal(y))
    )
}

/// The genitive/accusative form of cardinal words, as read after a
/// preposition (`من عشرين إلى ثلاثين`) or for a year (`عامِ ألفين`):
/// duals and sound plurals take `ين`.
pub fn genitive(words: &str) -> String {
    words
        .split(' ')
        .map(|w| {
            let (pre, core) = match w.strip_prefix('و') {
                Some(rest) if !rest.is_empty() && rest != "احد" => ("و", rest),
                _ => ("", w),
            };
            let g = match core {
                "اثنان" => "اثنين".to_string(),
                "اثنا" => "اثني".to_string(),
                c if TENS[2..].contains(&c) => format!("{}ين", &c[..c.len() - "ون".len()]),
                c if c.ends_with("ان")
                    && ["مئتان", "ألفان", "مليونان", "ملياران", "تريليونان"].contains(&c) =>
                {
                    format!("{}ين", &c[..c.len() - "ان".len()])
                }
                c => c.to_string(),
            };
            format!("{pre}{g}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cardinals() {
        assert_eq!(cardinal(0), "صفر");
        assert_eq!(cardinal(7), "سبعة");
        assert_eq!(cardinal(11), "أحد عشر");
        assert_eq!(cardinal(21), "واحد وعشرون");
        assert_eq!(cardinal(100), "مئة");
        assert_eq!(cardinal(250), "مئتان وخمسون");
        assert_eq!(cardinal(1000), "ألف");
        assert_eq!(cardinal(2024), "ألفان وأربعة وعشرون");
        assert_eq!(cardinal(3000), "ثلاثة آلاف");
        assert_eq!(cardinal(15_000), "خمسة عشر ألفا");
        assert_eq!(cardinal(100_000), "مئة ألف");
        assert_eq!(cardinal(2_500_000), "مليونان وخمسمئة ألف");
        assert_eq!(cardinal(7_000_000_000), "سبعة مليارات");
    }

    #[test]
    fn ordinals() {
        assert_eq!(ordinal(1), "الأول");
        assert_eq!(ordinal(4), "الرابع");
        assert_eq!(ordinal(11), "الحادي عشر");
        assert_eq!(ordinal(20), "العشرون");
        assert_eq!(ordinal(51), "الحادي والخمسون");
    }

    #[test]
    fn clocks_and_dates() {
        assert_eq!(clock(10, 30, None), "العاشرة والنصف");
        assert_eq!(clock(9, 5, Some("صباحاً")), "التاسعة وخمس دقائق صباحاً");
        assert_eq!(clock(18, 0, None), "السادسة مساءً");
        assert_eq!(
            date(2024, 11, 29),
            "التاسع والعشرون من نوفمبر ألفين وأربعة وعشرين"
        );
        assert_eq!(genitive("اثنا عشر"), "اثني عشر");
        assert_eq!(genitive("مئتان وخمسون"), "مئتين وخمسين");
    }

    #[test]
    fn long_digit_strings_are_read_one_by_one() {
        assert_eq!(digits("007"), "صفر صفر سبعة");
        assert_eq!(cardinal(u64::MAX).split(' ').count(), 20);
    }
}
