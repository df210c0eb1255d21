//! The word lists of the front end, apart from the code that reads them.
//!
//! Everything a native speaker might want to extend without reading the
//! verbaliser: Latin abbreviations said in Arabic, letter names, month names
//! beside the ones khulasa-core knows, currency symbols, meridiem words and
//! the prepositions that put a number in the genitive. Pre-vocalised entries
//! carry their marks so the diacritiser keeps them (a word already vocalised
//! is left alone).

/// Latin abbreviations read inside Arabic text as words: units, then
/// acronyms said as a word. Matched exactly, or case-insensitively for
/// all-capital keys (`Nato` is `NATO`, but `mm` is not `MM`).
pub const ABBREVIATIONS: &[(&str, &str)] = &[
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

/// Arabic names of the Latin letters `A`–`Z`, for spelling out acronyms
/// (`BBC` → `بِي بِي سِي`).
pub const LETTER_NAMES: [&str; 26] = [
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

/// Month names that are not in [`khulasa_core::MONTHS_AR`]: the Levantine /
/// Iraqi names and a common spelling of April. A day number before one of
/// them is read as an ordinal.
pub const MONTHS_OTHER: &[&str] = &[
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

/// Words after which a number is read in the genitive.
pub const PREPOSITIONS: &[&str] = &[
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

/// The word for a currency symbol, said after the amount.
pub fn currency_word(c: char) -> Option<&'static str> {
    match c {
        '$' => Some("دولار"),
        '€' => Some("يورو"),
        '£' => Some("جنيه إسترليني"),
        '¥' => Some("ين"),
        _ => None,
    }
}

/// The spoken time of day for a meridiem word after a clock time
/// (`ص`, `pm`…), or `None` if `w` is not one.
pub fn meridiem(w: &str) -> Option<&'static str> {
    match w {
        "ص" | "صباحا" | "صباحاً" | "am" | "AM" => Some("صباحاً"),
        "م" | "مساء" | "مساءً" | "pm" | "PM" => Some("مساءً"),
        _ => None,
    }
}
