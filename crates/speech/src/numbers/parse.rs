//! A run of digits and separators, parsed into what it means: an integer,
//! a decimal, a clock time, a date, or digit groups read one after another.

use khulasa_text::script::digit_value;

/// A number as it appears in the text, parsed.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum NumTok {
    /// An integer; `leading_zero` marks identifiers such as `007`.
    Int { value: u64, raw: String },
    /// An integer part and the fraction's digits (`3.25` → 3, "25").
    Decimal { int: u64, frac: String },
    /// `hh:mm`.
    Time { h: u32, m: u32 },
    /// A calendar date.
    Date { y: u64, m: u32, d: u32 },
    /// Anything else made of digits: read digit groups one after another.
    Other(Vec<String>),
}

/// Reads the number starting at `chars[i]` (a digit). Returns the token and
/// the index one past it.
pub(super) fn scan_number(chars: &[char], i: usize) -> (NumTok, usize) {
    // Gather digits and inner separators that are followed by a digit.
    let mut j = i;
    let mut raw = String::new();
    while j < chars.len() {
        let c = chars[j];
        if let Some(d) = digit_value(c) {
            raw.push(char::from_digit(d, 10).unwrap_or('0'));
            j += 1;
        } else if matches!(c, ',' | '.' | '٫' | '٬' | ':' | '/' | '-')
            && j + 1 < chars.len()
            && digit_value(chars[j + 1]).is_some()
            && !raw.is_empty()
        {
            raw.push(match c {
                '٫' => '.',
                '٬' => ',',
                c => c,
            });
            j += 1;
        } else {
            break;
        }
    }
    (parse_number(&raw), j)
}

pub(super) fn parse_number(raw: &str) -> NumTok {
    let int = |s: &str| -> Option<u64> {
        if s.is_empty() || s.len() > 15 {
            None
        } else {
            s.parse().ok()
        }
    };
    let groups: Vec<&str> = raw.split(|c: char| !c.is_ascii_digit()).collect();
    let seps: Vec<char> = raw.chars().filter(|c| !c.is_ascii_digit()).collect();
    // Time hh:mm
    if seps == [':'] && groups[0].len() <= 2 && groups[1].len() == 2 {
        let (h, m) = (
            groups[0].parse().unwrap_or(99),
            groups[1].parse().unwrap_or(99),
        );
        if h < 24 && m < 60 {
            return NumTok::Time { h, m };
        }
    }
    // Dates: d/m/yyyy, d-m-yyyy, d.m.yyyy, yyyy-mm-dd, yyyy/mm/dd
    if seps.len() == 2 && seps[0] == seps[1] && matches!(seps[0], '/' | '-' | '.') {
        let (a, b, c) = (groups[0], groups[1], groups[2]);
        let ymd = if a.len() == 4 && b.len() <= 2 && c.len() <= 2 {
            Some((a, b, c))
        } else if c.len() == 4 && a.len() <= 2 && b.len() <= 2 {
            Some((c, b, a))
        } else {
            None
        };
        if let Some((y, m, d)) = ymd {
            let (y, m, d): (u64, u32, u32) = (
                y.parse().unwrap_or(0),
                m.parse().unwrap_or(0),
                d.parse().unwrap_or(0),
            );
            if (1..=12).contains(&m) && (1..=31).contains(&d) {
                return NumTok::Date { y, m, d };
            }
        }
    }
    // Thousands separators: 1,000,000 (groups of exactly three after the first)
    if !seps.is_empty()
        && seps.iter().all(|&c| c == ',')
        && groups[0].len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3)
    {
        let joined: String = groups.concat();
        if let Some(v) = int(&joined) {
            return NumTok::Int {
                value: v,
                raw: joined,
            };
        }
    }
    // Thousands then decimal: 1,234.5
    if seps.len() >= 2
        && seps[..seps.len() - 1].iter().all(|&c| c == ',')
        && seps[seps.len() - 1] == '.'
    {
        let n = groups.len();
        if groups[1..n - 1].iter().all(|g| g.len() == 3)
            && let Some(v) = int(&groups[..n - 1].concat())
        {
            return NumTok::Decimal {
                int: v,
                frac: groups[n - 1].to_string(),
            };
        }
    }
    // Decimal: 3.5 (also a decimal comma, 3,5, common in Arabic typing)
    if seps.len() == 1
        && matches!(seps[0], '.' | ',')
        && let Some(v) = int(groups[0])
    {
        return NumTok::Decimal {
            int: v,
            frac: groups[1].to_string(),
        };
    }
    if seps.is_empty()
        && let Some(v) = int(raw)
    {
        return NumTok::Int {
            value: v,
            raw: raw.to_string(),
        };
    }
    NumTok::Other(groups.iter().map(|s| s.to_string()).collect())
}

pub(super) fn int_words(value: u64, raw: &str) -> String {
    if raw.len() > 1 && raw.starts_with('0') {
        super::digits(raw)
    } else {
        super::cardinal(value)
    }
}

pub(super) fn num_words(t: &NumTok) -> String {
    match t {
        NumTok::Int { value, raw } => int_words(*value, raw),
        NumTok::Decimal { int, frac } => {
            let frac_words = if frac.starts_with('0') || frac.len() > 6 {
                super::digits(frac)
            } else {
                super::cardinal(frac.parse().unwrap_or(0))
            };
            format!("{} فاصلة {}", super::cardinal(*int), frac_words)
        }
        NumTok::Time { h, m } => super::clock(*h, *m, None),
        NumTok::Date { y, m, d } => super::date(*y, *m, *d),
        NumTok::Other(groups) => groups
            .iter()
            .map(|g| match g.parse::<u64>() {
                Ok(v) if g.len() <= 15 => int_words(v, g),
                _ => super::digits(g),
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
}
