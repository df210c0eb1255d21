//! The word lists of the junk rules, as data, folded (no harakat, alef /
//! ya / ta marbuta folded, lowercase) as [`Folded`](khulasa_text::Folded)
//! matches them. Phrases are space-separated words at the sentence start.

/// "Read also", "watch", "for more": a related-link line.
pub const AR_LINK_OPENERS: &[&str] = &[
    "اقرا ايضا",
    "اقرا المزيد",
    "اقرا",
    "طالع ايضا",
    "طالع",
    "شاهد ايضا",
    "شاهد",
    "شاهدوا",
    "شاهدي",
    "للمزيد",
    "لمزيد من",
    "مواضيع ذات صله",
    "مواضيع متعلقه",
    "اخبار ذات صله",
    "تابعونا",
    "تابعوا",
    "اضغط هنا",
    "انقر هنا",
    "اشترك",
];

/// English related-link openers.
pub const EN_LINK_OPENERS: &[&str] = &[
    "read more",
    "read also",
    "also read",
    "see also",
    "related",
    "watch",
    "more on this",
    "click here",
    "subscribe",
    "follow us",
    "sign up",
];

/// Byline and dateline openers (a short sentence opening so is no point).
pub const AR_BYLINE: &[&str] = &[
    "بقلم",
    "كتب",
    "كتبت",
    "اعداد",
    "تحرير",
    "تقرير",
    "مراسل",
    "مراسله",
    "تاريخ النشر",
    "اخر تحديث",
    "تم التحديث",
    "نشر في",
];

/// English byline and dateline openers.
pub const EN_BYLINE: &[&str] = &[
    "by",
    "written by",
    "reporting by",
    "editing by",
    "updated",
    "published",
    "posted",
    "last updated",
];

/// News agencies and broadcasters: a short sentence naming one is a
/// dateline or a credit (`لندن - رويترز`).
pub const NEWS_AGENCIES: &[&str] = &[
    "رويترز",
    "فرانس",
    "الاناضول",
    "واس",
    "وام",
    "بترا",
    "سانا",
    "قنا",
    "كونا",
    "reuters",
    "afp",
    "ap",
    "cnn",
    "bbc",
];

/// Pronouns and demonstratives that open a sentence leaning on an earlier
/// one (a leading `و`/`ف` is stripped before the lookup).
pub const AR_PRONOUN_OPENERS: &[&str] = &[
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "هؤلاء",
    "هولاء",
    "هو",
    "هي",
    "هم",
    "هما",
    "هن",
];

/// English pronouns and demonstratives that open a dangling sentence.
pub const EN_PRONOUN_OPENERS: &[&str] = &[
    "he", "she", "they", "it", "this", "these", "those", "his", "her", "their", "its",
];

/// English bare titles: `The minister said ...` names no one.
pub const EN_BARE_TITLES: &[&str] = &[
    "minister",
    "president",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "officials",
    "ambassador",
    "governor",
    "chairman",
    "leader",
    "envoy",
    "mayor",
    "general",
    "company",
    "ministry",
    "statement",
    "group",
];
