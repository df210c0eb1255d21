//! The front end: text as written → text a speech engine reads correctly.
//!
//! What it does, in order:
//! 1. **Clean**: drop emoji, pictographs, control and bidi/zero-width
//!    characters and tatweel; they are either silent or read as noise.
//! 2. **Route by script**: runs of Arabic go to the Arabic voice, runs of
//!    Latin text to the English voice. Digits and punctuation join the run
//!    they sit in. A short Latin abbreviation inside Arabic text (`NATO`,
//!    `BBC`, `km`) is read in Arabic rather than switching voice for a word.
//! 3. **Verbalise** (Arabic runs): numbers (ASCII or Arabic-Indic digits),
//!    percent (`%` `٪`, which espeak-ng silently drops), currency symbols,
//!    dates, clock times, ranges and ordinals (`الـ51`) become Arabic words.
//! 4. **Chunk**: split runs into sentences, and long sentences at spaces, so
//!    no chunk passed to the diacritiser or the engine exceeds
//!    [`MAX_CHUNK_CHARS`].

use crate::numbers;
use khulasa_core::Lang;

/// The longest chunk handed to the diacritiser or the engine, in characters.
/// Longer sentences are split at a space (or hard-split if there is none).
pub const MAX_CHUNK_CHARS: usize = 400;

/// Which voice reads a chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Voice {
    /// The Arabic voice (espeak-ng `ar`).
    Arabic,
    /// The English voice (espeak-ng `en`).
    English,
}

/// A piece of text ready for one voice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// Who reads it.
    pub voice: Voice,
    /// What to read: verbalised, one sentence or less.
    pub text: String,
}

/// Runs the whole front end on one key point (or any text). `lang` decides
/// the voice for text without letters of either script; Arabic-script text
/// always gets the Arabic voice and Latin-script text the English one.
///
/// ```
/// use khulasa_core::Lang;
/// use khulasa_speech::frontend::{prepare, Voice};
/// let chunks = prepare("ارتفعت الأسعار 5% في يناير.", Lang::Ar);
/// assert_eq!(chunks.len(), 1);
/// assert_eq!(chunks[0].voice, Voice::Arabic);
/// assert_eq!(chunks[0].text, "ارتفعت الأسعار خمسة في المئة في يناير.");
/// ```
pub fn prepare(text: &str, lang: Lang) -> Vec<Chunk> {
    let clean = clean(text);
    let mut out = Vec::new();
    for (voice, run) in runs(&clean, lang) {
        let spoken = match voice {
            Voice::Arabic => verbalize_ar(&run),
            Voice::English => verbalize_en(&run),
        };
        for piece in chunk(&spoken) {
            if piece.chars().any(|c| c.is_alphanumeric()) {
                out.push(Chunk { voice, text: piece });
            }
        }
    }
    out
}

/// True for Arabic letters (not marks, not digits, not punctuation).
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}'
        | '\u{06FA}'..='\u{06FC}' | '\u{FB50}'..='\u{FDFB}' | '\u{FE70}'..='\u{FEFC}')
}

/// True for Arabic combining marks (harakat, shadda, sukun, dagger alef...).
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\u{00C0}'..='\u{024F}' if c != '\u{00D7}' && c != '\u{00F7}')
}

/// Value of a decimal digit in ASCII, Arabic-Indic or Eastern Arabic-Indic.
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

const KEPT_PUNCT: &str = ".,;:!?()[]{}\"'«»“”‘’-–—/\\%٪$€£¥°&+=*#@،؛؟…٫٬_";

/// Drops what no engine should read: emoji and other pictographs, control,
/// bidi and zero-width characters, tatweel. Keeps letters, marks, digits,
/// whitespace and ordinary punctuation. Newlines are kept (they end
/// sentences).
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let keep = c.is_alphanumeric() || is_arabic_mark(c) || c == '\n' || KEPT_PUNCT.contains(c);
        if keep {
            out.push(c);
        } else if c.is_whitespace() {
            out.push(' ');
        } else if c == '\u{0640}'
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{FE00}'..='\u{FE0F}')
        {
            // Tatweel, zero-width and bidi controls, variation selectors:
            // invisible, dropped without a space so words stay whole.
        } else {
            out.push(' ');
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Arabic,
    Latin,
    Neutral,
}

fn classify(word: &str) -> Class {
    if word.chars().any(is_arabic_letter) {
        Class::Arabic
    } else if word.chars().any(is_latin_letter) {
        Class::Latin
    } else {
        Class::Neutral
    }
}

/// Splits `text` into (voice, run) pairs, keeping the original spacing and
/// newlines inside runs. Latin abbreviations inside Arabic are rewritten into
/// Arabic here.
fn runs(text: &str, lang: Lang) -> Vec<(Voice, String)> {
    // Words with the whitespace that follows each.
    let mut words: Vec<(String, String)> = Vec::new();
    let mut cur = String::new();
    let mut ws = String::new();
    for c in text.chars() {
        if c.is_whitespace() {
            ws.push(c);
        } else {
            if !ws.is_empty() {
                words.push((std::mem::take(&mut cur), std::mem::take(&mut ws)));
            }
            cur.push(c);
        }
    }
    if !cur.is_empty() || !ws.is_empty() {
        words.push((cur, ws));
    }
    let classes: Vec<Class> = words.iter().map(|(w, _)| classify(w)).collect();
    let default = if lang == Lang::En {
        Class::Latin
    } else {
        Class::Arabic
    };
    // The strong (non-abbreviation) context of each word: nearest strong word
    // to the left, else to the right, else the default.
    let strong: Vec<Option<Class>> = words
        .iter()
        .zip(&classes)
        .map(|((w, _), &k)| match k {
            Class::Arabic => Some(Class::Arabic),
            Class::Latin if abbreviation_ar(w).is_none() => Some(Class::Latin),
            _ => None,
        })
        .collect();
    let context = |i: usize| -> Class {
        strong[..i]
            .iter()
            .rev()
            .flatten()
            .next()
            .or_else(|| strong[i + 1..].iter().flatten().next())
            .copied()
            .unwrap_or(default)
    };
    let mut resolved: Vec<(Class, String)> = Vec::with_capacity(words.len());
    for (i, (w, space)) in words.iter().enumerate() {
        let mut k = classes[i];
        let mut word = w.clone();
        if k == Class::Latin
            && strong[i].is_none()
            && context(i) == Class::Arabic
            && let Some(ar) = abbreviation_ar(w)
        {
            word = ar;
            k = Class::Arabic;
        }
        if k == Class::Neutral {
            k = resolved
                .last()
                .map(|(k, _)| *k)
                .unwrap_or_else(|| context(i));
        }
        word.push_str(space);
        resolved.push((k, word));
    }
    let mut out: Vec<(Voice, String)> = Vec::new();
    for (k, w) in resolved {
        let voice = if k == Class::Latin {
            Voice::English
        } else {
            Voice::Arabic
        };
        match out.last_mut() {
            Some((v, s)) if *v == voice => s.push_str(&w),
            _ => out.push((voice, w)),
        }
    }
    out
}

/// Latin abbreviations read inside Arabic text. Units and acronyms said as
/// words first; other all-capital acronyms are spelled with Arabic letter names.
fn abbreviation_ar(word: &str) -> Option<String> {
    let core = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '/' && c != '²');
    let trail = &word[word
        .find(core)
        .map(|i| i + core.len())
        .unwrap_or(word.len())..];
    let lead = &word[..word.find(core).unwrap_or(0)];
    // A model or code name: letters then digits (F-16, G20, COVID-19). The
    // letters are read as an abbreviation, the digits left for the Arabic
    // verbaliser.
    if let Some(p) = core.find(|c: char| c.is_ascii_digit()) {
        let (letters, digits) = (core[..p].trim_end_matches('-'), &core[p..]);
        if !letters.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            let spoken = if letters.len() == 1 && letters.chars().all(|c| c.is_ascii_uppercase()) {
                letter_name(letters.chars().next()?).to_string()
            } else {
                abbreviation_ar(letters)?
            };
            return Some(format!("{lead}{spoken} {digits}{trail}"));
        }
        return None;
    }
    const WORDS: &[(&str, &str)] = &[
        ("km/h", "كِيلُومِتْر فِي السَّاعَةِ"),
        ("km²", "كِيلُومِتْر مُرَبَّع"),
        ("km", "كِيلُومِتْر"),
        ("kg", "كِيلُوغْرَام"),
        ("cm", "سَنْتِيمِتْر"),
        ("mm", "مِلِّيمِتْر"),
        ("mph", "مِيل فِي السَّاعَةِ"),
        ("MW", "مِيغَاوَاط"),
        ("GW", "غِيغَاوَاط"),
        ("GB", "غِيغَابَايْت"),
        ("NATO", "نَاتُو"),
        ("OPEC", "أُوبِك"),
        ("UNESCO", "يُونِسْكُو"),
        ("UNICEF", "يُونِيسِف"),
        ("FIFA", "فِيفَا"),
        ("NASA", "نَاسَا"),
        ("COVID", "كُوفِيد"),
        ("AIDS", "إِيدْز"),
    ];
    if core.is_empty() || !core.is_ascii() && !core.ends_with('²') {
        return None;
    }
    for (k, v) in WORDS {
        if core == *k || core.eq_ignore_ascii_case(k) && k.chars().all(|c| c.is_ascii_uppercase()) {
            return Some(format!("{lead}{v}{trail}"));
        }
    }
    // Dotted forms: U.S., U.N.
    let letters: String = core.chars().filter(|c| *c != '.').collect();
    let dotted_ok = core.chars().all(|c| c.is_ascii_uppercase() || c == '.');
    if (2..=6).contains(&letters.len())
        && dotted_ok
        && letters.chars().all(|c| c.is_ascii_uppercase())
    {
        let spelled: Vec<&str> = letters.chars().map(letter_name).collect();
        // The final dot of U.S. belongs to the abbreviation, not the sentence.
        let trail = if core.contains('.') {
            trail.strip_prefix('.').unwrap_or(trail)
        } else {
            trail
        };
        return Some(format!("{lead}{}{trail}", spelled.join(" ")));
    }
    None
}

fn letter_name(c: char) -> &'static str {
    const NAMES: [&str; 26] = [
        "إِيه",
        "بِي",
        "سِي",
        "دِي",
        "إِي",
        "إِف",
        "جِي",
        "إِتْش",
        "آي",
        "جِيه",
        "كِيه",
        "إِل",
        "إِم",
        "إِن",
        "أُو",
        "بِي",
        "كِيُو",
        "آر",
        "إِس",
        "تِي",
        "يُو",
        "فِي",
        "دَبْلِيُو",
        "إِكْس",
        "وَاي",
        "زِد",
    ];
    NAMES[(c.to_ascii_uppercase() as u8 - b'A') as usize]
}

/// English runs: only digits and symbols espeak's English voice would
/// misread are touched (Arabic-Indic digits, Arabic percent and comma).
fn verbalize_en(s: &str) -> String {
    s.chars()
        .map(|c| match digit_value(c) {
            Some(d) if !c.is_ascii_digit() => char::from_digit(d, 10).unwrap_or(c),
            _ => match c {
                '٪' => '%',
                '،' => ',',
                '؛' => ';',
                '؟' => '?',
                '٫' => '.',
                '٬' => ',',
                c => c,
            },
        })
        .collect()
}

fn currency_word(c: char) -> Option<&'static str> {
    match c {
        '$' => Some("دولار"),
        '€' => Some("يورو"),
        '£' => Some("جنيه إسترليني"),
        '¥' => Some("ين"),
        _ => None,
    }
}

/// A number as it appears in the text, parsed.
#[derive(Debug, Clone, PartialEq)]
enum NumTok {
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
fn scan_number(chars: &[char], i: usize) -> (NumTok, usize) {
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

fn parse_number(raw: &str) -> NumTok {
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

fn int_words(value: u64, raw: &str) -> String {
    if raw.len() > 1 && raw.starts_with('0') {
        numbers::digits(raw)
    } else {
        numbers::cardinal(value)
    }
}

fn num_words(t: &NumTok) -> String {
    match t {
        NumTok::Int { value, raw } => int_words(*value, raw),
        NumTok::Decimal { int, frac } => {
            let frac_words = if frac.starts_with('0') || frac.len() > 6 {
                numbers::digits(frac)
            } else {
                numbers::cardinal(frac.parse().unwrap_or(0))
            };
            format!("{} فاصلة {}", numbers::cardinal(*int), frac_words)
        }
        NumTok::Time { h, m } => numbers::clock(*h, *m, None),
        NumTok::Date { y, m, d } => numbers::date(*y, *m, *d),
        NumTok::Other(groups) => groups
            .iter()
            .map(|g| match g.parse::<u64>() {
                Ok(v) if g.len() <= 15 => int_words(v, g),
                _ => numbers::digits(g),
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn skip_spaces(chars: &[char], mut j: usize) -> usize {
    while j < chars.len() && chars[j] == ' ' {
        j += 1;
    }
    j
}

/// The word starting at `j` (up to whitespace or punctuation).
fn word_at(chars: &[char], j: usize) -> String {
    chars[j..]
        .iter()
        .take_while(|c| c.is_alphanumeric() || is_arabic_mark(**c))
        .collect()
}

fn is_month_word(w: &str) -> bool {
    const OTHER: &[&str] = &[
        "كانون",
        "شباط",
        "آذار",
        "نيسان",
        "أيار",
        "حزيران",
        "تموز",
        "آب",
        "أيلول",
        "تشرين",
        "ابريل",
        "إبريل",
    ];
    numbers::MONTHS.contains(&w) || OTHER.contains(&w)
}

/// Verbalises an Arabic run: every number and the symbols around it become
/// words. Letters and punctuation pass through unchanged.
///
/// ```
/// use khulasa_speech::frontend::verbalize_ar;
/// assert_eq!(verbalize_ar("نما الاقتصاد ٣٫٥٪"), "نما الاقتصاد ثلاثة فاصلة خمسة في المئة");
/// assert_eq!(verbalize_ar("المادة الـ51"), "المادة الحادي والخمسون");
/// assert_eq!(verbalize_ar("بين 10-20 شخصا"), "بين عشرة وعشرين شخصا");
/// assert_eq!(verbalize_ar("خلال 2020-2022"), "خلال من ألفين وعشرين إلى ألفين واثنين وعشرين");
/// ```
pub fn verbalize_ar(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() * 2);
    let mut i = 0;
    let mut pending_currency: Option<&str> = None;
    let mut pending_percent = false;
    while i < chars.len() {
        let c = chars[i];
        // A currency symbol or percent sign written before its number.
        if currency_word(c).is_some() || c == '%' || c == '٪' {
            let j = skip_spaces(&chars, i + 1);
            if j < chars.len() && digit_value(chars[j]).is_some() {
                if let Some(w) = currency_word(c) {
                    pending_currency = Some(w);
                } else {
                    pending_percent = true;
                }
                i = j;
                continue;
            }
            // A lone symbol: say its word.
            push_word(&mut out, currency_word(c).unwrap_or("في المئة"));
            i += 1;
            continue;
        }
        if digit_value(c).is_none() {
            out.push(match c {
                '&' => '،',
                c => c,
            });
            if c == '&' {
                out.truncate(out.len() - '،'.len_utf8());
                push_word(&mut out, "و");
            }
            i += 1;
            continue;
        }
        let (tok, mut j) = scan_number(&chars, i);
        // Ordinal: الـ51, الـ 51, ال51
        let trimmed = out.trim_end_matches(' ');
        let ordinal_prefix = ["الـ", "ال"].iter().find(|p| {
            trimmed.ends_with(*p) && {
                let before = &trimmed[..trimmed.len() - p.len()];
                before.is_empty() || before.ends_with(|c: char| !c.is_alphanumeric())
            }
        });
        if let (Some(p), NumTok::Int { value, .. }) = (ordinal_prefix, &tok) {
            let keep = trimmed.len() - p.len();
            out.truncate(keep);
            out.push_str(&numbers::ordinal(*value));
            i = j;
            continue;
        }
        // Range: 10-20, 10 – 20 (a bare "a-b" of two integers that is not a date).
        let mut words = num_words(&tok);
        let mut range_end: Option<String> = None;
        if let NumTok::Other(groups) = &tok {
            let seps: Vec<char> = chars[i..j]
                .iter()
                .filter(|c| digit_value(**c).is_none())
                .copied()
                .collect();
            if groups.len() == 2 && seps == ['-'] {
                words = numbers::cardinal(groups[0].parse().unwrap_or(0));
                range_end = Some(numbers::cardinal(groups[1].parse().unwrap_or(0)));
            }
        }
        if range_end.is_none() && matches!(tok, NumTok::Int { .. } | NumTok::Decimal { .. }) {
            let k = skip_spaces(&chars, j);
            if k < chars.len() && matches!(chars[k], '-' | '–' | '—') {
                let k2 = skip_spaces(&chars, k + 1);
                if k2 < chars.len() && digit_value(chars[k2]).is_some() {
                    let (tok2, j2) = scan_number(&chars, k2);
                    if matches!(tok2, NumTok::Int { .. } | NumTok::Decimal { .. }) {
                        range_end = Some(num_words(&tok2));
                        j = j2;
                    }
                }
            }
        }
        // Time followed by a meridiem word.
        let mut meridiem_taken = false;
        if let NumTok::Time { h, m } = tok {
            let k = skip_spaces(&chars, j);
            let w = word_at(&chars, k);
            let mer = match w.as_str() {
                "ص" | "صباحا" | "صباحاً" | "am" | "AM" => Some("صباحاً"),
                "م" | "مساء" | "مساءً" | "pm" | "PM" => Some("مساءً"),
                _ => None,
            };
            if let Some(mer) = mer {
                words = numbers::clock(h, m, Some(mer));
                j = k + w.chars().count();
                meridiem_taken = true;
            }
        }
        let _ = meridiem_taken;
        // A day before a month name reads as an ordinal: 29 نوفمبر.
        if let NumTok::Int { value, .. } = tok {
            let k = skip_spaces(&chars, j);
            if (1..=31).contains(&value)
                && range_end.is_none()
                && is_month_word(&word_at(&chars, k))
            {
                words = format!("{} من", numbers::ordinal(value));
            }
        }
        let mut phrase = match range_end {
            Some(end) => {
                let (a, b) = (numbers::genitive(&words), numbers::genitive(&end));
                let prev = out.trim_end().rsplit(' ').next().unwrap_or("");
                match prev {
                    "من" => format!("{a} إلى {b}"),
                    "بين" => format!("{a} و{b}"),
                    _ => format!("من {a} إلى {b}"),
                }
            }
            // After a preposition a quantity is genitive: إلى ألفين, في عشرين.
            None if matches!(tok, NumTok::Int { .. } | NumTok::Decimal { .. })
                && PREPOSITIONS.contains(&out.trim_end().rsplit(' ').next().unwrap_or("")) =>
            {
                numbers::genitive(&words)
            }
            None => words,
        };
        // Symbols after the number.
        let k = skip_spaces(&chars, j);
        if k < chars.len() && (chars[k] == '%' || chars[k] == '٪') {
            pending_percent = true;
            j = k + 1;
        } else if k < chars.len()
            && let Some(w) = currency_word(chars[k])
        {
            pending_currency = Some(w);
            j = k + 1;
        }
        if pending_percent {
            phrase.push_str(" في المئة");
            pending_percent = false;
        }
        if let Some(w) = pending_currency.take() {
            phrase.push(' ');
            phrase.push_str(w);
        }
        push_word(&mut out, &phrase);
        i = j;
    }
    out
}

/// Words after which a number is read in the genitive.
const PREPOSITIONS: &[&str] = &[
    "في",
    "إلى",
    "الى",
    "من",
    "على",
    "عن",
    "حتى",
    "نحو",
    "بنحو",
    "حوالي",
    "بحوالي",
    "قرابة",
    "بقرابة",
    "لنحو",
    "منذ",
    "بعد",
    "قبل",
    "خلال",
];

/// Appends `w`, separated by a space from a preceding letter or digit.
fn push_word(out: &mut String, w: &str) {
    if out.ends_with(|c: char| c.is_alphanumeric() || is_arabic_mark(c)) {
        out.push(' ');
    }
    out.push_str(w);
}

/// Splits text into sentences (at `. ! ? ؟ ؛ ;` followed by space, and at
/// newlines), then splits sentences longer than [`MAX_CHUNK_CHARS`] at
/// spaces. Pieces are trimmed; empty ones dropped.
pub fn chunk(text: &str) -> Vec<String> {
    let mut sentences: Vec<String> = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' {
            sentences.push(std::mem::take(&mut cur));
            continue;
        }
        cur.push(c);
        let next_space = chars.get(i + 1).is_none_or(|n| n.is_whitespace());
        if matches!(c, '.' | '!' | '?' | '؟' | '؛' | ';' | '…') && next_space {
            sentences.push(std::mem::take(&mut cur));
        }
    }
    sentences.push(cur);
    let mut out = Vec::new();
    for s in sentences {
        let s = s.trim();
        if s.is_empty() {
            continue;
        }
        split_long(s, &mut out);
    }
    out
}

fn split_long(s: &str, out: &mut Vec<String>) {
    let mut rest = s;
    while rest.chars().count() > MAX_CHUNK_CHARS {
        // Byte index of the MAX_CHUNK_CHARS-th char.
        let limit = rest
            .char_indices()
            .nth(MAX_CHUNK_CHARS)
            .map(|(b, _)| b)
            .unwrap_or(rest.len());
        let cut = rest[..limit]
            .rfind([' ', '،', ','])
            .filter(|&b| b > 0)
            .map(|b| b + rest[b..].chars().next().map(char::len_utf8).unwrap_or(1))
            .unwrap_or(limit);
        let (head, tail) = rest.split_at(cut);
        let head = head.trim();
        if !head.is_empty() {
            out.push(head.to_string());
        }
        rest = tail.trim_start();
    }
    if !rest.trim().is_empty() {
        out.push(rest.trim().to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ar(s: &str) -> String {
        verbalize_ar(s)
    }

    #[test]
    fn percent_both_signs_and_orders() {
        assert_eq!(ar("5%"), "خمسة في المئة");
        assert_eq!(ar("٥٪"), "خمسة في المئة");
        assert_eq!(ar("ارتفع ٪12"), "ارتفع اثنا عشر في المئة");
        assert_eq!(ar("نسبة 7 %"), "نسبة سبعة في المئة");
    }

    #[test]
    fn currency() {
        assert_eq!(ar("$100"), "مئة دولار");
        assert_eq!(ar("بلغ 2,500€"), "بلغ ألفان وخمسمئة يورو");
        assert_eq!(ar("£ 3"), "ثلاثة جنيه إسترليني");
    }

    #[test]
    fn dates_times_ranges() {
        assert_eq!(
            ar("29/11/2024"),
            "التاسع والعشرون من نوفمبر ألفين وأربعة وعشرين"
        );
        assert_eq!(ar("2024-06-19"), "التاسع عشر من يونيو ألفين وأربعة وعشرين");
        assert_eq!(ar("في 19 يونيو"), "في التاسع عشر من يونيو");
        assert_eq!(ar("الساعة 10:30 ص"), "الساعة العاشرة والنصف صباحاً");
        assert_eq!(
            ar("من 2020 – 2024"),
            "من ألفين وعشرين إلى ألفين وأربعة وعشرين"
        );
    }

    #[test]
    fn numbers_after_prepositions_are_genitive() {
        assert_eq!(ar("إلى 2450 نقطة"), "إلى ألفين وأربعمئة وخمسين نقطة");
        assert_eq!(ar("نحو 20 شخصا"), "نحو عشرين شخصا");
        assert_eq!(ar("شارك 20 شخصا"), "شارك عشرون شخصا");
    }

    #[test]
    fn ordinals_and_decimals() {
        assert_eq!(ar("الـ 51"), "الحادي والخمسون");
        assert_eq!(ar("ال3"), "الثالث");
        assert_eq!(ar("3.25"), "ثلاثة فاصلة خمسة وعشرون");
        assert_eq!(ar("1,000,000"), "مليون");
        assert_eq!(ar("007"), "صفر صفر سبعة");
    }

    #[test]
    fn abbreviations_in_arabic_are_read_in_arabic() {
        let c = prepare("قال حلف NATO إن U.S. قوات على بعد 5 km", Lang::Ar);
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(c[0].text, "قال حلف نَاتُو إن يُو إِس قوات على بعد خمسة كِيلُومِتْر");
    }

    #[test]
    fn model_names_with_digits_stay_in_arabic() {
        let c = prepare("طائرة F-16 ومرض COVID-19 وقمة G20", Lang::Ar);
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(
            c[0].text,
            "طائرة إِف ستة عشر ومرض كُوفِيد تسعة عشر وقمة جِي عشرون"
        );
    }

    #[test]
    fn mixed_scripts_switch_voice() {
        let c = prepare(
            "قال المتحدث: the talks went well 100% وأضاف أن الجولة المقبلة قريبة",
            Lang::Ar,
        );
        let voices: Vec<Voice> = c.iter().map(|c| c.voice).collect();
        assert_eq!(
            voices,
            [Voice::Arabic, Voice::English, Voice::Arabic],
            "{c:?}"
        );
        assert_eq!(c[1].text, "the talks went well 100%");
    }

    #[test]
    fn emoji_and_controls_are_dropped() {
        let c = prepare("خبر 🔥 عاجل\u{200F}!", Lang::Ar);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].text, "خبر   عاجل!");
        assert!(prepare("🔥🔥 !!! ...", Lang::Ar).is_empty());
    }

    #[test]
    fn long_text_is_chunked_below_the_limit() {
        let long = "كلمة ".repeat(1000);
        let pieces = chunk(&long);
        assert!(pieces.len() >= 12);
        assert!(pieces.iter().all(|p| p.chars().count() <= MAX_CHUNK_CHARS));
        let joined: usize = pieces.iter().map(|p| p.split(' ').count()).sum();
        assert_eq!(joined, 1000);
    }

    #[test]
    fn sentences_split_on_arabic_question_mark() {
        assert_eq!(chunk("هل جاء؟ نعم. جاء"), ["هل جاء؟", "نعم.", "جاء"]);
    }
}
