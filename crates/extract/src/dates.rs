//! Dates as pages write them → ISO 8601.
//!
//! Arabic news pages write dates many ways: `29 نوفمبر 2024` (Egyptian/Gulf
//! month names), `19 يونيو/حزيران 2024` (both names, as pan-Arab outlets do),
//! `23 تشرين الثاني 2024` (Levantine), `٢٩ نوفمبر ٢٠٢٤` (Arabic-Indic digits),
//! `29 جوان 2024` (Maghrebi), usually after a weekday and before a time.
//! Machine-readable ones come as ISO 8601, RFC 2822 or `29/11/2024`.
//!
//! [`parse_date`] finds the first Gregorian date in such a string. Hijri
//! dates (`27 جمادى الأولى 1446`) are not Gregorian and are skipped.

/// Parses a date written in any of the forms above into ISO 8601:
/// `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` with a time, plus the offset when
/// the input had one. `None` when no full Gregorian date (with a year) is found.
///
/// ```
/// use khulasa_extract::parse_date;
/// assert_eq!(parse_date("الجمعة 29 نوفمبر 2024").as_deref(), Some("2024-11-29"));
/// assert_eq!(parse_date("١٩ يونيو/حزيران ٢٠٢٤").as_deref(), Some("2024-06-19"));
/// assert_eq!(parse_date("23 تشرين الثاني 2024 - 10:30").as_deref(), Some("2024-11-23T10:30:00"));
/// assert_eq!(parse_date("2024-11-29T08:15:00+03:00").as_deref(), Some("2024-11-29T08:15:00+03:00"));
/// assert_eq!(parse_date("منذ ساعتين"), None);
/// ```
pub fn parse_date(input: &str) -> Option<String> {
    parse_date_with_year(input, None)
}

/// Like [`parse_date`], but a date without a year (`19 يونيو/حزيران`) takes
/// `default_year` when given.
pub fn parse_date_with_year(input: &str, default_year: Option<i32>) -> Option<String> {
    let input = input.trim();
    if input.is_empty() || input.len() > 512 {
        return None;
    }
    if let Some(iso) = parse_iso(input) {
        return Some(iso);
    }
    let norm = normalize(input);
    let toks = tokenize(&norm);
    let (y, m, d) = find_named_month(&toks, default_year)
        .or_else(|| find_numeric(&toks))
        .or_else(|| find_short_dotted(&norm))?;
    if !valid_ymd(y, m, d) {
        return None;
    }
    let mut out = format!("{y:04}-{m:02}-{d:02}");
    if let Some((h, mi, s)) = find_time(&norm) {
        out.push_str(&format!("T{h:02}:{mi:02}:{s:02}"));
    }
    Some(out)
}

fn valid_ymd(y: i32, m: u32, d: u32) -> bool {
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return false,
    };
    (1900..=2100).contains(&y) && d >= 1 && d <= days
}

/// `2024-11-29`, `2024-11-29T10:00:00Z`, `2024-11-29 10:00:00+0300`, ...
fn parse_iso(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() < 10 || !(b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[7] == b'-') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
    let (y, m, d) = (num(0..4)? as i32, num(5..7)?, num(8..10)?);
    if !valid_ymd(y, m, d) {
        return None;
    }
    let mut out = format!("{y:04}-{m:02}-{d:02}");
    let rest = &s[10..];
    if let Some(t) = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' ')) {
        let tb = t.as_bytes();
        if tb.len() >= 5 && tb[2] == b':' {
            // `get`, not indexing: a byte past the checked ASCII ones may
            // be inside a multi-byte character (found by fuzzing).
            let h: u32 = t.get(0..2)?.parse().ok()?;
            let mi: u32 = t.get(3..5)?.parse().ok()?;
            let mut used = 5;
            let mut sec = 0;
            if tb.len() >= 8 && tb[5] == b':' {
                sec = t.get(6..8)?.parse().ok()?;
                used = 8;
                // Fractions of a second are dropped.
                if tb.get(8) == Some(&b'.') {
                    used = 9 + tb[9..].iter().take_while(|c| c.is_ascii_digit()).count();
                }
            }
            if h > 23 || mi > 59 || sec > 60 {
                return Some(out);
            }
            out.push_str(&format!("T{h:02}:{mi:02}:{sec:02}"));
            let zone = t.get(used..).unwrap_or("").trim();
            if zone == "Z" || zone == "z" {
                out.push('Z');
            } else if let Some(z) = parse_offset(zone) {
                out.push_str(&z);
            }
        }
    }
    Some(out)
}

fn parse_offset(z: &str) -> Option<String> {
    let b = z.as_bytes();
    if b.is_empty() || !(b[0] == b'+' || b[0] == b'-') {
        return None;
    }
    let digits: String = z[1..].chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 4 && digits.len() != 2 {
        return None;
    }
    let (h, m) = (
        &digits[0..2],
        if digits.len() == 4 {
            &digits[2..4]
        } else {
            "00"
        },
    );
    Some(format!("{}{h}:{m}", b[0] as char))
}

/// Folds what varies in how a month name is written: alef forms, ya/alef
/// maqsura, ta marbuta, harakat, tatweel, digits, Latin case.
fn normalize(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{200C}'..='\u{200F}' => None,
            'أ' | 'إ' | 'آ' | 'ٱ' => Some('ا'),
            'ى' => Some('ي'),
            'ة' => Some('ه'),
            '٠'..='٩' => char::from_u32(c as u32 - '٠' as u32 + '0' as u32),
            '۰'..='۹' => char::from_u32(c as u32 - '۰' as u32 + '0' as u32),
            '،' => Some(','),
            c => Some(c.to_lowercase().next().unwrap_or(c)),
        })
        .collect()
}

/// A date in a URL path: `/2019/11/18/`, `/2017/7/12/`, `/2019-11-18-title`,
/// `/20191118/`. News sites put the publication day there. An archive's
/// address (`web.archive.org/web/20140226054445/http://site/2013/08/07/…`)
/// is read to its end: the archived page's own path carries the day.
pub(crate) fn date_from_url(url: &str) -> Option<String> {
    let path = url
        .split_once("://")
        .map_or(url, |(_, r)| r.find('/').map_or("", |p| &r[p..]));
    let b = path.as_bytes();
    let digits = |i: usize, n: usize| {
        b.get(i..i + n)
            .is_some_and(|w| w.iter().all(u8::is_ascii_digit))
    };
    let num = |i: usize, n: usize| path.get(i..i + n)?.parse::<u32>().ok();
    let sep = |i: usize| matches!(b.get(i), Some(b'/' | b'-' | b'_'));
    // A one- or two-digit number at `i` ending in a separator (or, for
    // the day, the end of the path): its value and the index after it.
    let part = |i: usize, last: bool| -> Option<(u32, usize)> {
        let n = if digits(i, 2) {
            2
        } else if digits(i, 1) {
            1
        } else {
            0
        };
        let ends = sep(i + n) || (last && (i + n == b.len() || b[i + n] == b'.'));
        (n > 0 && ends).then(|| Some((num(i, n)?, i + n))).flatten()
    };
    for i in 0..b.len() {
        // `/meldungen/29-10-2021`, `/detail/~02-01-2022-title`: day first.
        if matches!(b[i], b'/' | b'~')
            && digits(i + 1, 2)
            && b.get(i + 3) == Some(&b'-')
            && digits(i + 4, 2)
            && b.get(i + 6) == Some(&b'-')
            && digits(i + 7, 4)
            && (i + 11 == b.len() || matches!(b[i + 11], b'/' | b'-' | b'_' | b'.' | b'?' | b'#'))
            && let (Some(d), Some(m), Some(y)) = (num(i + 1, 2), num(i + 4, 2), num(i + 7, 4))
            && valid_ymd(y as i32, m, d)
        {
            return Some(format!("{y:04}-{m:02}-{d:02}"));
        }
        if b[i] != b'/' || !digits(i + 1, 4) {
            continue;
        }
        let Some(y) = num(i + 1, 4) else { continue };
        let (m, d) = if sep(i + 5) {
            let Some((m, after)) = part(i + 6, false) else {
                continue;
            };
            let Some((d, _)) = part(after + 1, true) else {
                continue;
            };
            (m, d)
        } else if digits(i + 1, 8) && !b.get(i + 9).is_some_and(u8::is_ascii_digit) {
            match (num(i + 5, 2), num(i + 7, 2)) {
                (Some(m), Some(d)) => (m, d),
                _ => continue,
            }
        } else {
            continue;
        };
        if valid_ymd(y as i32, m, d) {
            return Some(format!("{y:04}-{m:02}-{d:02}"));
        }
    }
    None
}

/// Days from date `a` to date `b` (both starting `YYYY-MM-DD`).
pub(crate) fn days_between(a: &str, b: &str) -> Option<i64> {
    Some(day_number(b)? - day_number(a)?)
}

/// Days since 1970-01-01 of a date starting `YYYY-MM-DD`.
pub(crate) fn day_number(d: &str) -> Option<i64> {
    let y: i64 = d.get(0..4)?.parse().ok()?;
    let m: i64 = d.get(5..7)?.parse().ok()?;
    let day: i64 = d.get(8..10)?.parse().ok()?;
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

#[derive(Debug, PartialEq)]
enum Tok<'a> {
    Num(u32, usize),
    Word(&'a str),
}

fn tokenize(s: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    let mut is_num = false;
    fn push<'a>(out: &mut Vec<Tok<'a>>, w: &'a str, num: bool) {
        if num {
            if w.len() <= 4 {
                out.push(Tok::Num(w.parse().unwrap_or(0), w.len()));
            }
        } else {
            out.push(Tok::Word(w));
        }
    }
    for (i, c) in s.char_indices() {
        let kind = if c.is_ascii_digit() {
            Some(true)
        } else if c.is_alphabetic() {
            Some(false)
        } else {
            None
        };
        match (start, kind) {
            (Some(st), Some(k)) if k == is_num => {
                let _ = st;
            }
            (Some(st), _) => {
                push(&mut out, &s[st..i], is_num);
                start = kind.map(|_| i);
                is_num = kind.unwrap_or(false);
            }
            (None, Some(k)) => {
                start = Some(i);
                is_num = k;
            }
            (None, None) => {}
        }
        if out.len() > 64 {
            break;
        }
    }
    if let Some(st) = start {
        push(&mut out, &s[st..], is_num);
    }
    out
}

/// Month number of a (normalised) name; `next` is the following word, for the
/// two-word Levantine names. Returns the month and how many words it used.
fn month_of(w: &str, next: Option<&str>) -> Option<(u32, usize)> {
    let two = |first: u32, second: u32| -> Option<(u32, usize)> {
        match next {
            Some("الاول" | "اول" | "الأول") => Some((first, 2)),
            Some("الثاني" | "ثاني") => Some((second, 2)),
            _ => None,
        }
    };
    let m = match w {
        "كانون" => return two(12, 1),
        "تشرين" => return two(10, 11),
        // Arabic (Egyptian/Gulf, Levantine, Maghrebi), English, and the
        // German, French, Spanish, Italian and Portuguese names that
        // European and Latin American pages use.
        "يناير" | "جانفي" | "جانفييه" | "january" | "jan" | "januar" | "janvier" | "enero"
        | "gennaio" | "janeiro" => 1,
        "فبراير" | "شباط" | "فيفري" | "february" | "feb" | "februar" | "février" | "fevrier"
        | "febrero" | "febbraio" | "fevereiro" => 2,
        "مارس" | "اذار" | "march" | "mar" | "märz" | "maerz" | "mars" | "marzo" | "março" => {
            3
        }
        "ابريل" | "نيسان" | "افريل" | "april" | "apr" | "avril" | "abril" | "aprile" => {
            4
        }
        "مايو" | "ايار" | "ماي" | "may" | "mai" | "mayo" | "maggio" | "maio" => 5,
        "يونيو" | "يونيه" | "حزيران" | "جوان" | "june" | "jun" | "juni" | "juin" | "junio"
        | "giugno" | "junho" => 6,
        "يوليو" | "يوليه" | "تموز" | "جويليه" | "july" | "jul" | "juli" | "juillet" | "julio"
        | "luglio" | "julho" => 7,
        "اغسطس" | "اب" | "اوت" | "غشت" | "august" | "aug" | "août" | "aout" | "agosto" => {
            8
        }
        "سبتمبر" | "ايلول" | "شتنبر" | "september" | "sep" | "sept" | "septembre"
        | "septiembre" | "setiembre" | "settembre" | "setembro" => 9,
        "اكتوبر" | "october" | "oct" | "oktober" | "octobre" | "octubre" | "ottobre"
        | "outubro" => 10,
        "نوفمبر" | "نونبر" | "november" | "nov" | "novembre" | "noviembre" | "novembro" => {
            11
        }
        "ديسمبر" | "دجنبر" | "december" | "dec" | "dezember" | "décembre" | "decembre"
        | "diciembre" | "dicembre" | "dezembro" => 12,
        // Russian and Ukrainian, in the genitive that dates use.
        "января" | "січня" => 1,
        "февраля" | "лютого" => 2,
        "марта" | "березня" => 3,
        "апреля" | "квітня" => 4,
        "мая" | "травня" => 5,
        "июня" | "червня" => 6,
        "июля" | "липня" => 7,
        "августа" | "серпня" => 8,
        "сентября" | "вересня" => 9,
        "октября" | "жовтня" => 10,
        "ноября" | "листопада" => 11,
        "декабря" | "грудня" => 12,
        _ => return None,
    };
    Some((m, 1))
}

fn find_named_month(toks: &[Tok<'_>], default_year: Option<i32>) -> Option<(i32, u32, u32)> {
    let year_at = |i: usize| match toks.get(i) {
        Some(Tok::Num(y, 4)) if (1900..=2100).contains(y) => Some(*y as i32),
        _ => None,
    };
    let day_at = |i: usize| match toks.get(i) {
        Some(Tok::Num(d, 1 | 2)) if (1..=31).contains(d) => Some(*d),
        _ => None,
    };
    for i in 0..toks.len() {
        let Tok::Word(w) = toks[i] else { continue };
        let next = match toks.get(i + 1) {
            Some(Tok::Word(n)) => Some(*n),
            _ => None,
        };
        let Some((m, used)) = month_of(w, next) else {
            continue;
        };
        // A second name for the same month: `يونيو/حزيران`, `نوفمبر/ تشرين الثاني`.
        let mut after = i + used;
        if let Some(Tok::Word(w2)) = toks.get(after) {
            let next2 = match toks.get(after + 1) {
                Some(Tok::Word(n)) => Some(*n),
                _ => None,
            };
            if let Some((m2, used2)) = month_of(w2, next2)
                && m2 == m
            {
                after += used2;
            }
        }
        // `5 de mayo de 2022`, `3 de março de 2021`: a `de` joins the parts.
        let joins = |k: usize| matches!(toks.get(k), Some(Tok::Word("de" | "del")));
        let before = if i >= 2 && joins(i - 1) { i - 1 } else { i };
        let year_after = if joins(after) { after + 1 } else { after };
        // `29 نوفمبر 2024` / `نوفمبر 29, 2024` / `2024 نوفمبر 29` (rare).
        let (day, year) = if let Some(d) = before.checked_sub(1).and_then(day_at) {
            (
                Some(d),
                year_at(year_after).or_else(|| before.checked_sub(2).and_then(year_at)),
            )
        } else if let Some(d) = day_at(after) {
            // `December 29th 2019`: the ordinal ending is a word of its own.
            let ord = matches!(
                toks.get(after + 1),
                Some(Tok::Word("st" | "nd" | "rd" | "th"))
            );
            (Some(d), year_at(after + 1 + usize::from(ord)))
        } else {
            (None, None)
        };
        let Some(day) = day else { continue };
        if let Some(y) = year.or(default_year) {
            return Some((y, m, day));
        }
    }
    None
}

/// `29/11/2024`, `2024/11/29`, `29-11-2024`, `29.11.2024`: day first unless
/// the numbers say otherwise (Arabic and European pages write day first).
fn find_numeric(toks: &[Tok<'_>]) -> Option<(i32, u32, u32)> {
    for w in toks.windows(3) {
        if let [Tok::Num(a, la), Tok::Num(b, _), Tok::Num(c, lc)] = w {
            let (a, b, c) = (*a, *b, *c);
            if *la == 4 && (1..=12).contains(&b) {
                return Some((a as i32, b, c));
            }
            if *lc == 4 {
                if b > 12 && a <= 12 {
                    return Some((c as i32, a, b));
                }
                return Some((c as i32, b, a));
            }
        }
    }
    None
}

/// `31.10.23`: day, month and a two-digit year, with dots (the German and
/// Swiss short form). Only exactly `dd.mm.yy` standing alone: `1.2.3` or
/// `10.12.2.1` (versions, addresses) are not dates. Years 00-69 are 2000s.
fn find_short_dotted(s: &str) -> Option<(i32, u32, u32)> {
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let joined = |i: usize| b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'.');
    for i in 0..b.len().saturating_sub(7) {
        let shape = digit(i)
            && digit(i + 1)
            && b[i + 2] == b'.'
            && digit(i + 3)
            && digit(i + 4)
            && b[i + 5] == b'.'
            && digit(i + 6)
            && digit(i + 7);
        let decimal_after = b.get(i + 8) == Some(&b'.') && digit(i + 9);
        let alone = !((i > 0 && joined(i - 1)) || digit(i + 8) || decimal_after);
        if shape && alone {
            let n = |at: usize| u32::from(b[at] - b'0') * 10 + u32::from(b[at + 1] - b'0');
            let (d, m, y) = (n(i), n(i + 3), n(i + 6));
            let y = if y < 70 { 2000 + y } else { 1900 + y };
            return Some((y as i32, m, d));
        }
    }
    None
}

/// `10:30`, `10:30:05`, with `م` / `مساء` / `pm` turning the afternoon on.
fn find_time(s: &str) -> Option<(u32, u32, u32)> {
    let b = s.as_bytes();
    for i in 1..b.len().saturating_sub(2) {
        if b[i] != b':' || !b[i - 1].is_ascii_digit() || !b[i + 1].is_ascii_digit() {
            continue;
        }
        let hs = if i >= 2 && b[i - 2].is_ascii_digit() {
            i - 2
        } else {
            i - 1
        };
        if hs > 0 && b[hs - 1].is_ascii_digit() {
            continue;
        }
        let h: u32 = s[hs..i].parse().ok()?;
        let m: u32 = s.get(i + 1..i + 3)?.parse().ok()?;
        let mut sec = 0;
        let mut end = i + 3;
        if b.get(i + 3) == Some(&b':')
            && let Some(v) = s.get(i + 4..i + 6).and_then(|x| x.parse().ok())
        {
            sec = v;
            end = i + 6;
        }
        if h > 23 || m > 59 || sec > 59 {
            return None;
        }
        let tail = s[end..].trim_start();
        let pm = ["pm", "p.m", "م ", "مساء"]
            .iter()
            .any(|p| tail.starts_with(p))
            || tail == "م";
        let am = ["am", "a.m", "ص ", "صباحا"]
            .iter()
            .any(|p| tail.starts_with(p))
            || tail == "ص";
        let h = if pm && h < 12 {
            h + 12
        } else if am && h == 12 {
            0
        } else {
            h
        };
        return Some((h, m, sec));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<String> {
        parse_date(s)
    }

    #[test]
    fn arabic_month_names() {
        assert_eq!(p("29 نوفمبر 2024").as_deref(), Some("2024-11-29"));
        assert_eq!(p("الجمعة، 29 نوفمبر 2024").as_deref(), Some("2024-11-29"));
        assert_eq!(p("نُشر في 3 أبريل 2023").as_deref(), Some("2023-04-03"));
        assert_eq!(p("3 إبريل 2023").as_deref(), Some("2023-04-03"));
        assert_eq!(p("19 يونيو/حزيران 2024").as_deref(), Some("2024-06-19"));
        assert_eq!(p("1 أغسطس/آب 2024").as_deref(), Some("2024-08-01"));
        assert_eq!(
            p("23 نوفمبر/ تشرين الثاني 2024").as_deref(),
            Some("2024-11-23")
        );
        assert_eq!(p("5 كانون الثاني 2025").as_deref(), Some("2025-01-05"));
        assert_eq!(p("5 كانون الأول 2025").as_deref(), Some("2025-12-05"));
        assert_eq!(p("12 تشرين الأول 2023").as_deref(), Some("2023-10-12"));
        assert_eq!(p("7 آذار 2022").as_deref(), Some("2022-03-07"));
        assert_eq!(p("7 جويلية 2022").as_deref(), Some("2022-07-07"));
    }

    #[test]
    fn arabic_indic_digits_and_time() {
        assert_eq!(p("٢٩ نوفمبر ٢٠٢٤").as_deref(), Some("2024-11-29"));
        assert_eq!(p("۲۹ نوفمبر ۲۰۲۴").as_deref(), Some("2024-11-29"));
        assert_eq!(
            p("السبت 30 نوفمبر 2024 - 08:05 م").as_deref(),
            Some("2024-11-30T20:05:00")
        );
        assert_eq!(
            p("٣٠/١١/٢٠٢٤ ١٠:٣٠").as_deref(),
            Some("2024-11-30T10:30:00")
        );
    }

    #[test]
    fn hijri_is_not_taken_for_gregorian() {
        assert_eq!(p("27 جمادى الأولى 1446 هـ").as_deref(), None);
        assert_eq!(
            p("الجمعة 27 جمادى الأولى 1446 هـ - 29 نوفمبر 2024 م").as_deref(),
            Some("2024-11-29")
        );
    }

    #[test]
    fn no_year_needs_a_default() {
        assert_eq!(p("19 يونيو/حزيران"), None);
        assert_eq!(
            parse_date_with_year("19 يونيو/حزيران", Some(2024)).as_deref(),
            Some("2024-06-19")
        );
    }

    #[test]
    fn english_and_numeric() {
        assert_eq!(p("November 29, 2024").as_deref(), Some("2024-11-29"));
        assert_eq!(
            p("Fri, 29 Nov 2024 10:00:00 GMT").as_deref(),
            Some("2024-11-29T10:00:00")
        );
        assert_eq!(p("29/11/2024").as_deref(), Some("2024-11-29"));
        assert_eq!(p("11/29/2024").as_deref(), Some("2024-11-29"));
        assert_eq!(p("2024/11/29").as_deref(), Some("2024-11-29"));
        assert_eq!(
            p("2024-11-29 10:00:00").as_deref(),
            Some("2024-11-29T10:00:00")
        );
        assert_eq!(
            p("2024-11-29T10:00:00.123Z").as_deref(),
            Some("2024-11-29T10:00:00Z")
        );
        assert_eq!(
            p("2024-11-29T10:00:00+0300").as_deref(),
            Some("2024-11-29T10:00:00+03:00")
        );
    }

    #[test]
    fn european_month_names() {
        assert_eq!(p("14. Januar 2020").as_deref(), Some("2020-01-14"));
        assert_eq!(p("3 mars 2021").as_deref(), Some("2021-03-03"));
        assert_eq!(p("23. März 2019").as_deref(), Some("2019-03-23"));
        assert_eq!(p("05 de mayo de 2022").as_deref(), Some("2022-05-05"));
        assert_eq!(p("3 de março de 2021").as_deref(), Some("2021-03-03"));
        assert_eq!(p("12 settembre 2020").as_deref(), Some("2020-09-12"));
        assert_eq!(p("December 29th 2019").as_deref(), Some("2019-12-29"));
        assert_eq!(
            p("15 августа 2016, 13:43").as_deref(),
            Some("2016-08-15T13:43:00")
        );
    }

    #[test]
    fn dates_in_urls() {
        assert_eq!(
            date_from_url("https://www.cnn.com/2019/11/18/politics/x/index.html").as_deref(),
            Some("2019-11-18")
        );
        assert_eq!(
            date_from_url("https://a.org/news/2024-06-19-ports").as_deref(),
            Some("2024-06-19")
        );
        assert_eq!(date_from_url("https://a.org/2024/13/45/x"), None);
        assert_eq!(date_from_url("https://a.org/id/12345678901/x"), None);
        assert_eq!(date_from_url("https://a.org/2014/09/make-water"), None);
        assert_eq!(
            date_from_url("https://b.de/home/2017/7/12/unter-uns").as_deref(),
            Some("2017-07-12")
        );
        assert_eq!(
            date_from_url("https://web.archive.org/web/20140226054445/http://c.com/2013/08/07/x/")
                .as_deref(),
            Some("2013-08-07")
        );
        assert_eq!(date_from_url("https://a.org/2021/1/2022-plan"), None);
        assert_eq!(
            date_from_url("https://v.de/meldungen/29-10-2021").as_deref(),
            Some("2021-10-29")
        );
        assert_eq!(date_from_url("https://v.de/p/12-34-2021"), None);
        assert_eq!(days_between("2024-02-28", "2024-03-01"), Some(2));
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert_eq!(p("31 فبراير 2024"), None);
        assert_eq!(p("2024-13-01"), None);
        assert_eq!(p("مارس الرياضة 3 سنوات"), None);
        assert_eq!(p(""), None);
    }

    #[test]
    fn short_dotted_dates_stand_alone() {
        assert_eq!(parse_date("31.10.23").as_deref(), Some("2023-10-31"));
        assert_eq!(
            parse_date("Von: Jan Muster | 28.01.22").as_deref(),
            Some("2022-01-28")
        );
        assert_eq!(parse_date("Version 10.12.21.4"), None);
        assert_eq!(parse_date("v1.10.12.21"), None);
        assert_eq!(parse_date("32.13.22"), None);
    }
}
