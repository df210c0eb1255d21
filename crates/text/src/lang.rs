//! Language detection for routing: Arabic, English, or other.
//!
//! Script first (cheap and certain): text whose letters are mostly Arabic
//! script is Arabic, unless letters only Persian or Urdu use (`پ چ ژ گ`) are
//! frequent. Latin-script text is English when English function words are
//! plainly frequent in it and the other languages' are not (or plainly not
//! English the other way round); only in between does `whatlang` decide.
//!
//! ```
//! use khulasa_core::Lang;
//! use khulasa_text::detect_lang;
//! assert_eq!(detect_lang("اجتمع الوزير مع نظيره أمس"), Lang::Ar);
//! assert_eq!(detect_lang("The minister met his counterpart yesterday in the capital."), Lang::En);
//! assert_eq!(detect_lang("Le ministre a rencontré son homologue hier dans la capitale."), Lang::Other);
//! assert_eq!(detect_lang("12345 !!!"), Lang::Other);
//! ```

use crate::floor_char_boundary;
use khulasa_core::Lang;

/// How much text is looked at: enough to be sure, bounded for huge inputs.
const SAMPLE_BYTES: usize = 4096;

/// Letters of a sample, by script.
struct Counts {
    letters: usize,
    arabic: usize,
    /// Letters only Persian and Urdu use (`پ چ ژ گ` ...), among `arabic`.
    persian: usize,
    latin: usize,
}

/// At most the first [`SAMPLE_BYTES`] of `text`, cut on a character boundary.
fn sample(text: &str) -> &str {
    &text[..floor_char_boundary(text, SAMPLE_BYTES)]
}

fn count(sample: &str) -> Counts {
    let mut n = Counts {
        letters: 0,
        arabic: 0,
        persian: 0,
        latin: 0,
    };
    for c in sample.chars() {
        // Arabic letters and ASCII first: no Unicode table lookup for them.
        let letter = ('\u{0621}'..='\u{064A}').contains(&c)
            || c.is_ascii_alphabetic()
            || (!c.is_ascii() && c.is_alphabetic());
        if !letter {
            continue;
        }
        n.letters += 1;
        if crate::tokenize::is_arabic_script(c) {
            n.arabic += 1;
            if matches!(c, 'پ' | 'چ' | 'ژ' | 'گ' | 'ڈ' | 'ٹ' | 'ں' | 'ے' | 'ھ') {
                n.persian += 1;
            }
        } else if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) {
            n.latin += 1;
        }
    }
    n
}

impl Counts {
    /// Mostly Arabic script, and not Persian or Urdu (their letters are
    /// rare in Arabic text: loan names at most).
    fn is_arabic(&self) -> bool {
        self.arabic * 2 > self.letters && self.persian * 100 <= self.arabic
    }
}

/// Detects the language of `text` from at most its first 4 KiB.
pub fn detect_lang(text: &str) -> Lang {
    let sample = sample(text);
    let n = count(sample);
    if n.letters == 0 {
        return Lang::Other;
    }
    if n.is_arabic() {
        return Lang::Ar;
    }
    if n.arabic * 2 <= n.letters && n.latin * 2 > n.letters {
        if let Some(english) = english_by_function_words(sample) {
            return if english { Lang::En } else { Lang::Other };
        }
        return match whatlang_of(sample) {
            Some(whatlang::Lang::Eng) => Lang::En,
            _ => Lang::Other,
        };
    }
    Lang::Other
}

/// Words that are English and common in it, and no common word of the
/// other Latin-script languages news comes in (so not `in`, `is`, `was`,
/// `an`, `on`, `of`, `to`, `a`, `die`, `will`: German, Dutch, French,
/// Polish or Romance words too).
const ENGLISH_WORDS: &[&str] = &[
    "the", "and", "that", "with", "this", "from", "have", "has", "were", "which", "their", "they",
    "would", "been", "said", "there", "what", "about", "when", "who", "its", "his", "her", "but",
    "not", "for", "are", "it", "be", "by", "at",
];

/// Common words of French, German, Spanish, Italian, Portuguese and Dutch
/// that English text does not use.
const OTHER_WORDS: &[&str] = &[
    "der", "das", "und", "ist", "nicht", "mit", "den", "von", "zu", "ein", "eine", "auf", "für",
    "sich", "dem", "des", "im", "le", "la", "les", "et", "est", "une", "du", "dans", "pour", "qui",
    "que", "pas", "el", "los", "las", "y", "es", "por", "con", "una", "del", "para", "il", "di",
    "che", "della", "per", "non", "sono", "um", "uma", "não", "het", "een", "van", "niet", "ook",
    "wie", "auch", "werden", "wurde", "sie", "er", "wir",
];

/// Fewest words for [`english_by_function_words`] to decide.
const MIN_FUNCTION_SAMPLE: usize = 40;

/// English or not from the share of function words in the first 1 KiB, when
/// that share leaves no doubt: at least 8 % English function words and at
/// most 1 % of the others' (English), or the reverse at 5 % and 1 % (not
/// English). `None` in between: `whatlang` decides. Looking words up in two
/// short lists costs a fraction of `whatlang`'s trigram scoring,
/// which was the largest single cost of a batch of Latin-script pages
/// (docs/ingest.md); the verdicts are the same on the 1,545 pages of
/// shared/data/extraction.
fn english_by_function_words(sample: &str) -> Option<bool> {
    let head = &sample[..floor_char_boundary(sample, LATIN_HEAD_BYTES)];
    let (mut words, mut en, mut other) = (0usize, 0usize, 0usize);
    let mut lower = String::new();
    for w in head
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if w.len() > 6 {
            continue;
        }
        lower.clear();
        lower.extend(w.chars().flat_map(char::to_lowercase));
        if ENGLISH_WORDS.contains(&lower.as_str()) {
            en += 1;
        } else if OTHER_WORDS.contains(&lower.as_str()) {
            other += 1;
        }
    }
    if words < MIN_FUNCTION_SAMPLE {
        return None;
    }
    if en * 100 >= words * 8 && other * 100 <= words {
        Some(true)
    } else if other * 100 >= words * 5 && en * 100 <= words {
        Some(false)
    } else {
        None
    }
}

/// How much of a Latin-script sample `whatlang` reads first; the whole
/// sample only when that part leaves it unsure.
const LATIN_HEAD_BYTES: usize = 1024;

/// `whatlang`'s language of a `sample` (Latin script for [`detect_lang`],
/// any script for [`detect_lang_code`]): from its first
/// [`LATIN_HEAD_BYTES`] when `whatlang` calls that verdict reliable, else
/// from all of it. Its trigram scoring costs in proportion to the text, and
/// was a tenth of a batch's CPU on 4 KiB; on the 1,545 pages of
/// shared/data/extraction the verdicts are the same (docs/ingest.md).
fn whatlang_of(sample: &str) -> Option<whatlang::Lang> {
    let head = &sample[..floor_char_boundary(sample, LATIN_HEAD_BYTES)];
    if head.len() < sample.len()
        && let Some(info) = whatlang::detect(head)
        && info.is_reliable()
    {
        return Some(info.lang());
    }
    whatlang::detect_lang(sample)
}

/// Fewest letters for [`detect_lang_code`] to name a language at all.
const MIN_CODE_LETTERS: usize = 20;

/// The language of `text` as a code for labelling (an article's `lang` when
/// its page does not declare one), from at most its first 4 KiB: ISO 639-1
/// (`ar`, `en`, `fr`, `fa`, ...) for the languages news pages mostly come
/// in, ISO 639-3 from `whatlang` for the rest. `None` below 20 letters or
/// when nothing is recognised: a guess on a few words would be noise.
/// Arabic is decided by script as in [`detect_lang`]; Persian and Urdu go to
/// `whatlang`.
///
/// ```
/// use khulasa_text::lang::detect_lang_code;
/// assert_eq!(detect_lang_code("اجتمع وزير الخارجية مع نظيره في العاصمة أمس"), Some("ar"));
/// assert_eq!(detect_lang_code("Le ministre a rencontré son homologue hier dans la capitale."), Some("fr"));
/// assert_eq!(detect_lang_code("Hallo"), None);
/// ```
pub fn detect_lang_code(text: &str) -> Option<&'static str> {
    let sample = sample(text);
    let n = count(sample);
    if n.letters < MIN_CODE_LETTERS {
        return None;
    }
    if n.is_arabic() {
        return Some("ar");
    }
    let lang = whatlang_of(sample)?;
    Some(match lang {
        whatlang::Lang::Eng => "en",
        whatlang::Lang::Ara => "ar",
        whatlang::Lang::Fra => "fr",
        whatlang::Lang::Deu => "de",
        whatlang::Lang::Spa => "es",
        whatlang::Lang::Ita => "it",
        whatlang::Lang::Por => "pt",
        whatlang::Lang::Rus => "ru",
        whatlang::Lang::Tur => "tr",
        whatlang::Lang::Pes => "fa",
        whatlang::Lang::Urd => "ur",
        whatlang::Lang::Heb => "he",
        whatlang::Lang::Nld => "nl",
        whatlang::Lang::Cmn => "zh",
        whatlang::Lang::Jpn => "ja",
        other => other.code(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_decide_only_when_clear() {
        let en = "The council said on Monday that the new bridge would open in the spring, \
            and that the work on the road beside it has been delayed by the floods. \
            Residents who live near the river were told that they would be able to cross it \
            from the first week of April, which is later than the date the mayor gave last year.";
        assert_eq!(english_by_function_words(en), Some(true));
        assert_eq!(detect_lang(en), Lang::En);
        let de = "Der Stadtrat hat am Montag mitgeteilt, dass die neue Brücke im Frühjahr \
            eröffnet wird und die Arbeiten an der Straße daneben sich wegen des Hochwassers \
            verzögern. Die Anwohner am Fluss wurden informiert, dass sie ihn ab der ersten \
            Aprilwoche überqueren können, was später ist als das Datum, das der Bürgermeister \
            im letzten Jahr genannt hat, und auch die Kosten sind gestiegen.";
        assert_eq!(english_by_function_words(de), Some(false));
        assert_eq!(detect_lang(de), Lang::Other);
        // Too short to count: whatlang decides.
        assert_eq!(
            english_by_function_words("The bridge opens in April."),
            None
        );
        // A list of names and numbers holds no function words either way.
        let names =
            "Berlin Hamburg Munich Cologne Frankfurt Stuttgart Dusseldorf Leipzig ".repeat(6);
        assert_eq!(english_by_function_words(&names), None);
    }

    /// Long Latin-script texts (past the head `whatlang` reads first) get
    /// the verdict that reading all of the sample gives.
    #[test]
    fn the_head_of_a_long_latin_text_decides_as_all_of_it() {
        let en = "The council met on Tuesday to discuss the new budget for schools and roads, \
                  and members said the plan would be put to a vote next month. ";
        let fr = "Le conseil s'est réuni mardi pour discuter du nouveau budget des écoles et des routes, \
                  et les membres ont dit que le plan serait soumis au vote le mois prochain. ";
        let de = "Der Rat traf sich am Dienstag, um über den neuen Haushalt für Schulen und Straßen zu \
                  beraten, und die Mitglieder sagten, der Plan werde nächsten Monat abgestimmt. ";
        // A head of names and figures, then prose: unsure at first.
        let mixed = format!(
            "{}{}",
            "Smith 12, Jones 14, Brown 9; ".repeat(40),
            en.repeat(20)
        );
        for (text, want) in [
            (en.repeat(30), Lang::En),
            (fr.repeat(30), Lang::Other),
            (de.repeat(30), Lang::Other),
            (mixed, Lang::En),
        ] {
            assert!(text.len() > LATIN_HEAD_BYTES);
            let sample = sample(&text);
            assert_eq!(whatlang_of(sample), whatlang::detect_lang(sample));
            assert_eq!(detect_lang(&text), want, "{}", &text[..60]);
        }
    }

    #[test]
    fn codes_for_labelling() {
        let fa = "وزیر امور خارجه ایران روز یکشنبه گفت که گفتگوها با همتای پاکستانی خود ادامه خواهد یافت";
        assert_eq!(detect_lang_code(fa), Some("fa"));
        assert_eq!(
            detect_lang_code("The minister met his counterpart yesterday in the capital."),
            Some("en")
        );
        assert_eq!(
            detect_lang_code("Der Minister traf gestern seinen Amtskollegen in der Hauptstadt."),
            Some("de")
        );
        assert_eq!(detect_lang_code("12345 !!! ..."), None);
        assert_eq!(detect_lang_code(""), None);
        // Agrees with the routing detector on Arabic.
        let ar = "أعلنت الحكومة خطة جديدة للطاقة وتهدف الخطة إلى خفض الانبعاثات";
        assert_eq!(detect_lang(ar), Lang::Ar);
        assert_eq!(detect_lang_code(ar), Some("ar"));
    }
}
