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

use crate::lexicon;
use khulasa_core::Lang;
use khulasa_text::script::is_latin_letter;
// Re-exported: callers that route by script (the CLI's `speak`) reach them
// through the front end, but khulasa-text is their one home.
pub use crate::numbers::verbalize_ar;
pub use khulasa_text::script::{digit_value, is_arabic_letter, is_arabic_mark};

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
    if core.is_empty() || !core.is_ascii() && !core.ends_with('²') {
        return None;
    }
    for (k, v) in lexicon::ABBREVIATIONS {
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
    lexicon::LETTER_NAMES[(c.to_ascii_uppercase() as u8 - b'A') as usize]
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

/// Splits text into sentences with [`khulasa_text::segment`] (so `د.`,
/// `U.S.` and decimals do not end one, and a line break does), then splits
/// sentences longer than [`MAX_CHUNK_CHARS`] at spaces or commas. Pieces are
/// trimmed; empty ones dropped.
pub fn chunk(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for sentence in khulasa_text::segment(text) {
        split_long(&text[sentence.span.start..sentence.span.end], &mut out);
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

    #[test]
    fn abbreviations_and_semicolons_do_not_end_a_chunk() {
        // khulasa-text's segmenter: `د.` is an abbreviation, `؛` joins
        // clauses; a line break still ends a sentence.
        assert_eq!(
            chunk("قال د. أحمد إن الاتفاق تم؛ وأضاف أنه مهم.\nخبر آخر"),
            ["قال د. أحمد إن الاتفاق تم؛ وأضاف أنه مهم.", "خبر آخر"]
        );
    }
}
