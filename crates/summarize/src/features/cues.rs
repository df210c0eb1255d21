//! The surface cues of a sentence: a verb of saying at its start, its
//! share of quoted letters, name-like words, character 3-grams for the
//! title match.

use super::terms::hash_str;
use khulasa_text::folded::is_wordy;

pub(super) const SAY_STARTS: &[&str] = &[
    "وقال",
    "وقالت",
    "واضاف",
    "واضافت",
    "واكد",
    "واكدت",
    "واوضح",
    "واوضحت",
    "واشار",
    "واشارت",
    "وتابع",
    "وتابعت",
    "قال",
    "قالت",
    "said",
    "says",
];

/// True when `w`, alef forms folded and lowercased, is one of
/// [`SAY_STARTS`]. Words of ASCII and the Arabic block (lowercasing
/// changes nothing there but ASCII capitals) are compared in place; others
/// are folded into a string first.
pub(super) fn says(w: &str) -> bool {
    use khulasa_text::normalize::step::fold_alef;
    let plain = w
        .chars()
        .all(|c| c.is_ascii() || ('\u{0600}'..='\u{06FF}').contains(&c));
    if !plain {
        let f: String = w.chars().map(fold_alef).collect::<String>().to_lowercase();
        return SAY_STARTS.contains(&f.as_str());
    }
    SAY_STARTS.iter().any(|s| {
        s.len() == w.len()
            && s.chars()
                .zip(w.chars())
                .all(|(a, b)| a == fold_alef(b).to_ascii_lowercase())
    })
}

/// Share of the letters of `s` that stand inside quotation marks (`"..."`,
/// `«...»`, `“...”`). An unclosed quote counts to the end of the sentence.
pub(super) fn quoted_share(s: &str) -> f64 {
    // Most sentences hold no quotation mark (all of them start with byte
    // 0x22, 0xC2 or 0xE2): then nothing is inside, and the share is 0.
    if !s.bytes().any(|b| matches!(b, b'"' | 0xC2 | 0xE2)) {
        return 0.0;
    }
    let (mut inside, mut q, mut all) = (false, 0usize, 0usize);
    for c in s.chars() {
        match c {
            '"' => inside = !inside,
            '«' | '“' => inside = true,
            '»' | '”' => inside = false,
            c if is_wordy(c) => {
                all += 1;
                q += inside as usize;
            }
            _ => {}
        }
    }
    if all == 0 { 0.0 } else { q as f64 / all as f64 }
}

/// Character 3-grams of normalised term text, as hashes (a term of fewer
/// than three letters is one gram).
pub(super) fn grams_into(term: &str, out: &mut Vec<u64>) {
    // Byte offsets of each char and of the end: a gram is `term[a..d]`.
    let mut at = term.char_indices().map(|(i, _)| i).chain([term.len()]);
    let (Some(mut a), Some(mut b), Some(mut c), Some(mut d)) =
        (at.next(), at.next(), at.next(), at.next())
    else {
        out.push(hash_str(term));
        return;
    };
    loop {
        out.push(hash_str(&term[a..d]));
        let Some(e) = at.next() else { break };
        (a, b, c, d) = (b, c, d, e);
    }
}

/// Name-like words: Latin words with a capital (not the sentence's first
/// word); Arabic words without the definite article (names rarely take it),
/// of at least four letters. A crude signal; the fitted weight says how much
/// it is worth.
pub(super) fn name_like(raw: &str, first: bool) -> bool {
    let mut cs = raw.chars();
    let Some(c0) = cs.next() else { return false };
    // The Arabic block has no capitals: skip the Unicode case table there.
    let upper = if c0.is_ascii() {
        c0.is_ascii_uppercase()
    } else {
        !('\u{0600}'..='\u{06FF}').contains(&c0) && c0.is_uppercase()
    };
    if upper {
        return !first;
    }
    if khulasa_text::tokenize::is_arabic_script(c0) {
        // Arabic letters are two bytes: eight bytes is four letters.
        let art = ["ال", "وال", "بال", "فال", "كال", "لل", "ولل"]
            .iter()
            .any(|p| raw.starts_with(p));
        return raw.len() >= 8 && !art;
    }
    false
}
