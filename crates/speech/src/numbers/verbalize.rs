//! Numbers in an Arabic run, read as words with the symbols around them.
//!
//! The verbaliser walks the run once: a currency or percent sign before a
//! number waits for it; a number is parsed (`parse`) and read in the
//! form its context asks for (an ordinal after `الـ` or before a month, the
//! genitive after a preposition or in a range, a time with its meridiem).

use super::parse::{NumTok, num_words, scan_number};
use crate::lexicon;
use khulasa_text::script::{digit_value, is_arabic_mark};

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
    super::MONTHS.contains(&w) || lexicon::MONTHS_OTHER.contains(&w)
}

/// Verbalises an Arabic run: every number and the symbols around it become
/// words. Letters and punctuation pass through unchanged.
///
/// ```
/// use khulasa_speech::numbers::verbalize_ar;
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
        if lexicon::currency_word(c).is_some() || c == '%' || c == '٪' {
            let j = skip_spaces(&chars, i + 1);
            if j < chars.len() && digit_value(chars[j]).is_some() {
                if let Some(w) = lexicon::currency_word(c) {
                    pending_currency = Some(w);
                } else {
                    pending_percent = true;
                }
                i = j;
                continue;
            }
            // A lone symbol: say its word.
            push_word(&mut out, lexicon::currency_word(c).unwrap_or("في المئة"));
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
            out.push_str(&super::ordinal(*value));
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
                words = super::cardinal(groups[0].parse().unwrap_or(0));
                range_end = Some(super::cardinal(groups[1].parse().unwrap_or(0)));
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
            let mer = lexicon::meridiem(&w);
            if let Some(mer) = mer {
                words = super::clock(h, m, Some(mer));
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
                words = format!("{} من", super::ordinal(value));
            }
        }
        let mut phrase = match range_end {
            Some(end) => {
                let (a, b) = (super::genitive(&words), super::genitive(&end));
                let prev = out.trim_end().rsplit(' ').next().unwrap_or("");
                match prev {
                    "من" => format!("{a} إلى {b}"),
                    "بين" => format!("{a} و{b}"),
                    _ => format!("من {a} إلى {b}"),
                }
            }
            // After a preposition a quantity is genitive: إلى ألفين, في عشرين.
            None if matches!(tok, NumTok::Int { .. } | NumTok::Decimal { .. })
                && lexicon::PREPOSITIONS
                    .contains(&out.trim_end().rsplit(' ').next().unwrap_or("")) =>
            {
                super::genitive(&words)
            }
            None => words,
        };
        // Symbols after the number.
        let k = skip_spaces(&chars, j);
        if k < chars.len() && (chars[k] == '%' || chars[k] == '٪') {
            pending_percent = true;
            j = k + 1;
        } else if k < chars.len()
            && let Some(w) = lexicon::currency_word(chars[k])
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

/// Appends `w`, separated by a space from a preceding letter or digit.
fn push_word(out: &mut String, w: &str) {
    if out.ends_with(|c: char| c.is_alphanumeric() || is_arabic_mark(c)) {
        out.push(' ');
    }
    out.push_str(w);
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
}
