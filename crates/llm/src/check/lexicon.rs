//! The word lists of the check, written in ordinary spelling and folded
//! once ([`fold`]) into the matching form the check compares: harakat
//! stripped, alef / ya / ta marbuta folded, digits to ASCII, lowercase.
//!
//! Changing a list changes which points are refused: bump
//! [`crate::CHECK_VERSION`] (it is part of the summary's store key).

use khulasa_summarize::compress::lexicon::{EN_SPEAKING, EN_VIEW};
use khulasa_text::normalize::Normalizer;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The matching form of a word or phrase.
pub fn fold(s: &str) -> String {
    Normalizer::ar_match().normalize(s)
}

/// A word with its Arabic proclitic conjunction / preposition and article
/// taken off (`وبالعاصمة` → `عاصمه`), for comparing names and cue words. A
/// Latin word is returned as it is. Expects a folded word.
pub fn bare(w: &str) -> &str {
    if w.is_ascii() {
        return w;
    }
    let mut s = w;
    for _ in 0..2 {
        if let Some(r) = s
            .strip_prefix(['و', 'ف'])
            .filter(|r| r.chars().count() >= 3)
        {
            s = r;
        }
    }
    if let Some(r) = s
        .strip_prefix(['ب', 'ل', 'ك'])
        .filter(|r| r.starts_with("ال") && r.chars().count() >= 4)
    {
        s = r;
    }
    if let Some(r) = s.strip_prefix("لل").filter(|r| r.chars().count() >= 2) {
        return r;
    }
    if let Some(r) = s.strip_prefix("ال").filter(|r| r.chars().count() >= 2) {
        return r;
    }
    s
}

fn set(words: &[&str]) -> HashSet<String> {
    words.iter().map(|w| fold(w)).collect()
}

macro_rules! folded_set {
    ($name:ident, $doc:literal, [$($w:literal),* $(,)?]) => {
        #[doc = $doc]
        pub fn $name() -> &'static HashSet<String> {
            static S: OnceLock<HashSet<String>> = OnceLock::new();
            S.get_or_init(|| set(&[$($w),*]))
        }
    };
}

folded_set!(
    negations,
    "Negation cues (bare forms: a leading `و`/`ف` is taken off first). The issue's list — لم، لن، لا، ليس، غير، نفى / not, no, never, denied — with their common forms.",
    [
        "لم",
        "لن",
        "لا",
        "ليس",
        "ليست",
        "ليسوا",
        "لست",
        "لسنا",
        "غير",
        "نفى",
        "نفت",
        "ينفي",
        "تنفي",
        "نفوا",
        "عدم",
        "not",
        "no",
        "never",
        "denied",
        "denies",
        "deny",
        "denying",
        "none",
        "nobody",
        "nothing",
        "neither",
        "nor",
        "cannot",
        "without",
    ]
);

folded_set!(
    view_verbs_ar,
    "Arabic verbs of saying or of a view that open a sentence whose content is someone's: the trimmer's table (`AR_SAYING`, `AR_SPEAKING_MORE`) without its `و`, and their present tense.",
    [
        "قال",
        "قالت",
        "يقول",
        "تقول",
        "أضاف",
        "أضافت",
        "أوضح",
        "أوضحت",
        "تابع",
        "تابعت",
        "ذكر",
        "ذكرت",
        "أعلن",
        "أعلنت",
        "اعتبر",
        "اعتبرت",
        "يعتبر",
        "تعتبر",
        "رأى",
        "رأت",
        "يرى",
        "ترى",
        "أكد",
        "أكدت",
        "يؤكد",
        "تؤكد",
        "شدد",
        "شددت",
        "رجح",
        "رجحت",
        "توقع",
        "توقعت",
        "يتوقع",
        "تتوقع",
        "حذر",
        "حذرت",
        "يحذر",
        "زعم",
        "زعمت",
        "ادعى",
        "ادعت",
        "نفى",
        "نفت",
        "أشار",
        "أشارت",
        "صرح",
        "صرحت",
        "وصف",
        "وصفت",
        "أفاد",
        "أفادت",
        "اتهم",
        "اتهمت",
        "يعتقد",
        "تعتقد",
        "اعتقد",
        "لفت",
        "لفتت",
        "أعرب",
        "أعربت",
        "يزعم",
        "تزعم",
        "يدعي",
        "تدعي",
        "تحذر",
        "يشدد",
        "تشدد",
        "يعلن",
        "تعلن",
        "يوضح",
        "توضح",
        "يذكر",
        "تذكر",
        "يضيف",
        "تضيف",
        "يشير",
        "تشير",
        "يصف",
        "تصف",
        "يرجح",
        "ترجح",
        "يتهم",
        "تتهم",
        "يقولون",
        "قالوا",
        "أكدوا",
        "يرون",
    ]
);

/// English verbs of saying or of a view: the trimmer's `EN_SPEAKING` and
/// `EN_VIEW` tables, and the other forms of [`VIEW_VERBS_EN_MORE`].
pub fn view_verbs_en() -> &'static HashSet<String> {
    static S: OnceLock<HashSet<String>> = OnceLock::new();
    S.get_or_init(|| {
        let words: Vec<&str> = EN_SPEAKING
            .iter()
            .chain(EN_VIEW)
            .chain(VIEW_VERBS_EN_MORE)
            .copied()
            .collect();
        set(&words)
    })
}

/// English forms of saying or of a view beyond the trimmer's tables (bare
/// and third-person forms, `according`, `fear`, `estimate`, `report`).
const VIEW_VERBS_EN_MORE: &[&str] = &[
    "alleged",
    "alleges",
    "described",
    "called",
    "expects",
    "expected",
    "according",
    "say",
    "believe",
    "argue",
    "claim",
    "insist",
    "warn",
    "think",
    "expect",
    "suggest",
    "predict",
    "contend",
    "maintain",
    "fear",
    "fears",
    "feared",
    "estimate",
    "estimates",
    "estimated",
    "accuse",
    "accuses",
    "deny",
    "reported",
    "reports",
];

folded_set!(
    attribution_ar,
    "Words that put a statement in someone's mouth when they stand in a point (`بحسب`, `وفق`, `قال`).",
    [
        "حسب",
        "بحسب",
        "وفق",
        "وفقا",
        "طبقا",
        "نقلا",
        "قوله",
        "تعبيره"
    ]
);

folded_set!(
    pronoun_holders,
    "Holders that are only pronouns or a particle: the holder is then named in an earlier sentence.",
    [
        "he", "she", "they", "it", "we", "i", "أن", "إن", "أنه", "أنها", "إنه", "إنها", "انهم",
        "أنهم", "إنهم"
    ]
);

folded_set!(
    titles,
    "Words after which a name follows (`الرئيس`, `وزير`, `مدينة`): an unknown word right after one is taken for a name.",
    [
        "الرئيس",
        "رئيس",
        "الوزير",
        "وزير",
        "وزيرة",
        "السيد",
        "السيدة",
        "الشيخ",
        "الملك",
        "الأمير",
        "الأميرة",
        "الجنرال",
        "العقيد",
        "اللواء",
        "العميد",
        "الدكتور",
        "النائب",
        "المدير",
        "مدير",
        "الأمين",
        "العاهل",
        "مدينة",
        "المدينة",
        "بلدة",
        "قرية",
        "محافظة",
        "ولاية",
        "إقليم",
        "شركة",
        "مجموعة",
        "حركة",
        "حزب",
        "جامعة",
        "مستشفى",
        "عاصمة",
        "العاصمة",
        "المتحدث",
        "الناطق",
        "سفير",
        "السفير",
        "قائد",
        "زعيم",
        "محافظ",
        "حاكم",
        "نهر",
        "جبل",
        "مطار",
        "ميناء",
        "مصرف",
        "بنك",
        "صحيفة",
        "وكالة",
        "قناة",
        "منظمة",
        "الكاتب",
        "الكاتبة",
        "الفنان",
        "الفنانة",
        "المدرب",
        "اللاعب",
        "القاضي",
        "المحامي",
        "البروفيسور",
        "الأستاذ",
        "مصنع",
        "محطة",
        "مخيم",
        "منطقة",
        "حي",
        "شارع",
        "جزيرة",
        "ملعب",
        "نادي",
        "سجن",
        "معبر",
    ]
);

folded_set!(
    gazetteer,
    "Names that are names wherever they stand: common Arabic given names, countries, capitals and large cities of the region and the world (bare forms).",
    [
        "محمد",
        "أحمد",
        "محمود",
        "علي",
        "حسن",
        "حسين",
        "عمر",
        "عثمان",
        "خالد",
        "سعيد",
        "سعد",
        "إبراهيم",
        "يوسف",
        "عبدالله",
        "عبد",
        "مصطفى",
        "طارق",
        "كريم",
        "فهد",
        "فيصل",
        "سلمان",
        "ناصر",
        "جمال",
        "هشام",
        "وليد",
        "ياسر",
        "سامي",
        "رامي",
        "زياد",
        "نبيل",
        "عادل",
        "مراد",
        "فاطمة",
        "عائشة",
        "مريم",
        "زينب",
        "نور",
        "ليلى",
        "سارة",
        "هند",
        "منى",
        "رانيا",
        "دينا",
        "مصر",
        "السعودية",
        "سعودية",
        "الأردن",
        "أردن",
        "سوريا",
        "لبنان",
        "العراق",
        "عراق",
        "الكويت",
        "كويت",
        "قطر",
        "البحرين",
        "بحرين",
        "الإمارات",
        "إمارات",
        "عمان",
        "اليمن",
        "يمن",
        "ليبيا",
        "تونس",
        "الجزائر",
        "جزائر",
        "المغرب",
        "مغرب",
        "السودان",
        "سودان",
        "فلسطين",
        "إسرائيل",
        "تركيا",
        "إيران",
        "روسيا",
        "الصين",
        "صين",
        "اليابان",
        "يابان",
        "الهند",
        "هند",
        "باكستان",
        "أفغانستان",
        "فرنسا",
        "ألمانيا",
        "بريطانيا",
        "إيطاليا",
        "إسبانيا",
        "أمريكا",
        "أميركا",
        "كندا",
        "البرازيل",
        "برازيل",
        "أوكرانيا",
        "بولندا",
        "اليونان",
        "يونان",
        "إثيوبيا",
        "نيجيريا",
        "كينيا",
        "القاهرة",
        "قاهرة",
        "الرياض",
        "رياض",
        "عمان",
        "دمشق",
        "بيروت",
        "بغداد",
        "الدوحة",
        "دوحة",
        "أبوظبي",
        "دبي",
        "المنامة",
        "منامة",
        "مسقط",
        "صنعاء",
        "طرابلس",
        "الخرطوم",
        "خرطوم",
        "الرباط",
        "رباط",
        "الجزائر",
        "القدس",
        "قدس",
        "غزة",
        "أنقرة",
        "إسطنبول",
        "طهران",
        "موسكو",
        "بكين",
        "طوكيو",
        "باريس",
        "لندن",
        "برلين",
        "روما",
        "مدريد",
        "واشنطن",
        "نيويورك",
        "جنيف",
        "بروكسل",
        "كييف",
        "الإسكندرية",
        "إسكندرية",
        "جدة",
        "حلب",
        "الموصل",
        "موصل",
        "البصرة",
        "بصرة",
        "عدن",
        "بنغازي",
        "صفاقس",
        "مراكش",
        "الدار",
        "ترامب",
        "بايدن",
        "بوتين",
        "ماكرون",
        "أردوغان",
        "نتنياهو",
        "زيلينسكي",
    ]
);

/// Month and weekday names: a date word in a point must be in its sources.
pub fn date_words() -> &'static HashSet<String> {
    static S: OnceLock<HashSet<String>> = OnceLock::new();
    S.get_or_init(|| {
        let mut s: HashSet<String> = khulasa_core::MONTHS_AR.iter().map(|m| fold(m)).collect();
        s.extend(set(&[
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
            "الأحد",
            "الاثنين",
            "الثلاثاء",
            "الأربعاء",
            "الخميس",
            "الجمعة",
            "السبت",
            "january",
            "february",
            "march",
            "april",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ]));
        s
    })
}

/// A number word: its value and whether it multiplies what came before
/// (`ألف`, `million`) rather than adding to it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumberWord {
    /// The value (`ثلاثة` 3, `عشرين` 20, `مليون` 1e6).
    pub value: f64,
    /// `hundred`, `thousand`, `million`, `billion` and their Arabic forms.
    pub scale: bool,
}

/// Written numbers, Arabic and English (bare, folded forms).
pub fn number_words() -> &'static HashMap<String, NumberWord> {
    static M: OnceLock<HashMap<String, NumberWord>> = OnceLock::new();
    M.get_or_init(|| {
        let plain: &[(&[&str], f64)] = &[
            (&["واحد", "واحدة", "one"], 1.0),
            (&["اثنان", "اثنين", "اثنتان", "اثنتين", "two"], 2.0),
            (&["ثلاث", "ثلاثة", "three"], 3.0),
            (&["أربع", "أربعة", "four"], 4.0),
            (&["خمس", "خمسة", "five"], 5.0),
            (&["ست", "ستة", "six"], 6.0),
            (&["سبع", "سبعة", "seven"], 7.0),
            (&["ثمان", "ثماني", "ثمانية", "eight"], 8.0),
            (&["تسع", "تسعة", "nine"], 9.0),
            (&["عشر", "عشرة", "ten"], 10.0),
            (&["eleven"], 11.0),
            (&["twelve", "dozen"], 12.0),
            (&["thirteen"], 13.0),
            (&["fourteen"], 14.0),
            (&["fifteen"], 15.0),
            (&["sixteen"], 16.0),
            (&["seventeen"], 17.0),
            (&["eighteen"], 18.0),
            (&["nineteen"], 19.0),
            (&["عشرون", "عشرين", "twenty"], 20.0),
            (&["ثلاثون", "ثلاثين", "thirty"], 30.0),
            (&["أربعون", "أربعين", "forty"], 40.0),
            (&["خمسون", "خمسين", "fifty"], 50.0),
            (&["ستون", "ستين", "sixty"], 60.0),
            (&["سبعون", "سبعين", "seventy"], 70.0),
            (&["ثمانون", "ثمانين", "eighty"], 80.0),
            (&["تسعون", "تسعين", "ninety"], 90.0),
            (&["مئتان", "مئتين", "مائتان", "مائتين"], 200.0),
            (&["ألفان", "ألفين"], 2000.0),
            (&["مليونان", "مليونين"], 2e6),
            (&["ملياران", "مليارين"], 2e9),
        ];
        let scales: &[(&[&str], f64)] = &[
            (&["مئة", "مائة", "hundred"], 100.0),
            (&["ألف", "آلاف", "ألاف", "thousand", "thousands"], 1e3),
            (&["مليون", "ملايين", "million", "millions"], 1e6),
            (&["مليار", "مليارات", "بليون", "billion", "billions"], 1e9),
        ];
        let mut m = HashMap::new();
        for (ws, v) in plain {
            for w in *ws {
                m.insert(
                    fold(w),
                    NumberWord {
                        value: *v,
                        scale: false,
                    },
                );
            }
        }
        for (ws, v) in scales {
            for w in *ws {
                m.insert(
                    fold(w),
                    NumberWord {
                        value: *v,
                        scale: true,
                    },
                );
            }
        }
        m
    })
}

/// Units after a number, each to a canonical name: two amounts agree only
/// in the same unit (`50 كيلومترا` is not `50 ميلا`).
pub fn units() -> &'static HashMap<String, &'static str> {
    static M: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    M.get_or_init(|| {
        let table: &[(&[&str], &'static str)] = &[
            (
                &["%", "٪", "percent", "بالمئة", "بالمائة", "المئة", "المائة"],
                "percent",
            ),
            (
                &["دولار", "دولارا", "دولارات", "dollar", "dollars", "$", "usd"],
                "usd",
            ),
            (&["يورو", "euro", "euros", "€"], "eur"),
            (
                &["جنيه", "جنيها", "جنيهات", "pound", "pounds", "£"],
                "pound",
            ),
            (&["ريال", "ريالا", "ريالات", "riyal", "riyals"], "riyal"),
            (&["دينار", "دينارا", "دنانير", "dinar", "dinars"], "dinar"),
            (&["درهم", "درهما", "دراهم", "dirham", "dirhams"], "dirham"),
            (&["ليرة", "ليرات", "lira", "liras"], "lira"),
            (
                &[
                    "كيلومتر",
                    "كيلومترا",
                    "كيلومترات",
                    "كلم",
                    "كم",
                    "km",
                    "kilometres",
                    "kilometers",
                    "kilometre",
                    "kilometer",
                ],
                "km",
            ),
            (
                &[
                    "متر",
                    "مترا",
                    "أمتار",
                    "m",
                    "metres",
                    "meters",
                    "metre",
                    "meter",
                ],
                "m",
            ),
            (&["ميل", "ميلا", "أميال", "mile", "miles"], "mile"),
            (
                &["طن", "طنا", "أطنان", "ton", "tons", "tonne", "tonnes"],
                "ton",
            ),
            (
                &["كيلوغرام", "كيلوغراما", "كغ", "kg", "kilograms", "kilogram"],
                "kg",
            ),
            (
                &["سنة", "سنوات", "عام", "عاما", "أعوام", "year", "years"],
                "year",
            ),
            (&["شهر", "شهرا", "أشهر", "شهور", "month", "months"], "month"),
            (&["أسبوع", "أسبوعا", "أسابيع", "week", "weeks"], "week"),
            (&["يوم", "يوما", "أيام", "day", "days"], "day"),
            (&["ساعة", "ساعات", "hour", "hours"], "hour"),
            (&["دقيقة", "دقائق", "minute", "minutes"], "minute"),
            (&["ميغاواط", "megawatts", "mw"], "mw"),
            (&["برميل", "براميل", "barrel", "barrels"], "barrel"),
        ];
        let mut m = HashMap::new();
        for (ws, u) in table {
            for w in *ws {
                m.insert(fold(w), *u);
            }
        }
        m
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_takes_off_clitics_and_the_article() {
        assert_eq!(bare(&fold("وبالعاصمة")), "عاصمه");
        assert_eq!(bare(&fold("والقاهرة")), "قاهره");
        assert_eq!(bare(&fold("للحكومة")), "حكومه");
        assert_eq!(bare(&fold("لم")), "لم");
        assert_eq!(bare(&fold("ولم")), "ولم"); // too short to strip: a cue is matched in both forms
        assert_eq!(bare("denied"), "denied");
    }

    #[test]
    fn lists_are_folded() {
        assert!(negations().contains("نفي"));
        assert!(number_words().contains_key("ثلاثه"));
        assert_eq!(units().get("بالميه").copied(), None);
        assert_eq!(units().get(&fold("بالمئة")).copied(), Some("percent"));
    }
}
