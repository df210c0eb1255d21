//! The word lists of the trimming rules, as data: every list is folded
//! (no harakat, alef / ya / ta marbuta folded, lowercase), the form
//! [`Folded`](khulasa_text::folded::Folded) matches against.
//!
//! Adding a word here changes output: bump `ENGINE_VERSION` and re-run the
//! evaluation (docs/summarize.md).

/// The seven weekdays (folded), as time words and never as names.
pub const AR_WEEKDAYS: &[&str] = &[
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعه",
    "السبت",
];

/// Leading markers dropped whole (folded), each optionally followed by a comma.
pub const AR_LEAD: &[&str] = &[
    "وفي وقت سابق من اليوم",
    "وفي وقت سابق من يوم امس",
    "وفي وقت سابق",
    "في وقت سابق من اليوم",
    "في وقت سابق",
    "وفي غضون ذلك",
    "في غضون ذلك",
    "وفي الاثناء",
    "في الاثناء",
    "وفي سياق متصل",
    "في سياق متصل",
    "من جهته",
    "من جهتها",
    "ومن جهته",
    "ومن جهتها",
    "من جانبه",
    "من جانبها",
    "ومن جانبه",
    "ومن جانبها",
    "في المقابل",
    "وفي المقابل",
    "الي ذلك",
    "والي ذلك",
    "يذكر ان",
    "ويذكر ان",
    "يشار الي ان",
    "ويشار الي ان",
    "وتجدر الاشاره الي ان",
    "تجدر الاشاره الي ان",
    "كما",
    "وكان",
    "وكانت",
    // The particle of a verb in the past, with its conjunction (`وقد قتل`).
    "وقد",
];

/// What a verb of saying does to the content it introduces, when it opens
/// a sentence with only a pronoun for its subject and `أن`/`إن` right after
/// (the speaker is named in an earlier sentence).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saying {
    /// It reports what was said (`قال`, `أضاف`, `أوضح`, `ذكر`, `أعلن`): the
    /// verb and its `أن` are dropped and the point states the content, as
    /// an editor does with a quoted fact.
    Report,
    /// It holds a view, a judgement or an assessment (`اعتبر`, `رأى`,
    /// `أكد`, `شدد`, `توقع`, `حذر`, `زعم`, `نفى`): the verb stays and the
    /// speaker named earlier is put after it (`اعتبر بيلاوسوف أن ...`), so
    /// the point never states someone's view as fact.
    View,
}

/// The rule table of verbs of saying (folded, with their conjunction `و`):
/// what each does ([`Saying`]) and whether the form is feminine (its holder
/// must then be a feminine speaker, `وقالت الوزارة`).
pub const AR_SAYING: &[(&str, Saying, bool)] = &[
    ("واضاف", Saying::Report, false),
    ("واضافت", Saying::Report, true),
    ("وقال", Saying::Report, false),
    ("وقالت", Saying::Report, true),
    ("واوضح", Saying::Report, false),
    ("واوضحت", Saying::Report, true),
    ("وتابع", Saying::Report, false),
    ("وتابعت", Saying::Report, true),
    ("وذكر", Saying::Report, false),
    ("وذكرت", Saying::Report, true),
    ("واعلن", Saying::Report, false),
    ("واعلنت", Saying::Report, true),
    ("واعتبر", Saying::View, false),
    ("واعتبرت", Saying::View, true),
    ("وراي", Saying::View, false),
    ("ورات", Saying::View, true),
    ("ويري", Saying::View, false),
    ("وتري", Saying::View, true),
    ("واكد", Saying::View, false),
    ("واكدت", Saying::View, true),
    ("وشدد", Saying::View, false),
    ("وشددت", Saying::View, true),
    ("ورجح", Saying::View, false),
    ("ورجحت", Saying::View, true),
    ("وتوقع", Saying::View, false),
    ("وتوقعت", Saying::View, true),
    ("وحذر", Saying::View, false),
    ("وحذرت", Saying::View, true),
    ("وزعم", Saying::View, false),
    ("وزعمت", Saying::View, true),
    ("وادعي", Saying::View, false),
    ("وادعت", Saying::View, true),
    ("ونفي", Saying::View, false),
    ("ونفت", Saying::View, true),
];

/// The class and gender of a folded verb of the table.
pub fn saying(word: &str) -> Option<(Saying, bool)> {
    AR_SAYING
        .iter()
        .find(|(w, _, _)| *w == word)
        .map(|&(_, c, fem)| (c, fem))
}

/// Verbs of saying outside [`AR_SAYING`] that still name a speaker right
/// after them (`وأشار الوزير`), with whether the form is feminine.
pub const AR_SPEAKING_MORE: &[(&str, bool)] = &[
    ("اشار", false),
    ("اشارت", true),
    ("صرح", false),
    ("صرحت", true),
    ("وصف", false),
    ("وصفت", true),
];

/// Words that cannot be (or extend) a speaker's name after a verb of
/// saying: particles, pronouns, time words, relatives.
pub const AR_NOT_A_NAME: &[&str] = &[
    "ان",
    "انه",
    "انها",
    "انهم",
    "الي",
    "في",
    "خلال",
    "امس",
    "اليوم",
    "غدا",
    "عن",
    "علي",
    "ضمن",
    "ايضا",
    "بعد",
    "قبل",
    "من",
    "اثناء",
    "عقب",
    "لدي",
    "بان",
    "بانه",
    "بانها",
    "ما",
    "له",
    "لها",
    "لهم",
    "مساء",
    "صباح",
    "يوم",
    "عبر",
    "امام",
    "هو",
    "هي",
    "هم",
    "انذاك",
    "الماضي",
    "الماضيه",
    "المقبل",
    "الحالي",
    "الاسبوع",
    "الشهر",
    "العام",
    "مؤخرا",
    "موخرا",
    "الذي",
    "التي",
    "الذين",
    "اللذان",
    "اللتان",
    "كذلك",
    "لاحقا",
    "سابقا",
    "حينها",
    "الليله",
];

/// Titles that name a speaker with the words after them (`وزير الدفاع`,
/// `رئيس الوزراء`, `المتحدث باسم الوزارة`).
pub const AR_TITLES: &[&str] = &[
    "وزير",
    "وزيره",
    "رئيس",
    "رئيسه",
    "مدير",
    "مديره",
    "المتحدث",
    "المتحدثه",
    "الناطق",
    "الناطقه",
    "متحدث",
    "ناطق",
    "سفير",
    "سفيره",
    "قائد",
    "زعيم",
    "امين",
    "نائب",
    "مستشار",
    "مستشاره",
    "مندوب",
    "ممثل",
    "محافظ",
    "حاكم",
];

/// Words whose leading `و` is a conjunction (folded forms), dropped when
/// they open a key point.
pub const AR_WAW_VERBS: &[&str] = &[
    "وقال",
    "وقالت",
    "واضاف",
    "واضافت",
    "واكد",
    "واكدت",
    "واشار",
    "واشارت",
    "واوضح",
    "واوضحت",
    "واعلن",
    "واعلنت",
    "واعتبر",
    "واعتبرت",
    "وذكر",
    "وذكرت",
    "وتاتي",
    "وياتي",
    "وتتهم",
    "ويتهم",
    "وتنص",
    "وينص",
    "وحظي",
    "وحظيت",
    "وشهد",
    "وشهدت",
    "وتعد",
    "ويعد",
    "وتعتبر",
    "ويعتبر",
    "وتشير",
    "ويشير",
    "وتقول",
    "ويقول",
    "وتابع",
    "وتابعت",
    "واتهم",
    "واتهمت",
    "وطالب",
    "وطالبت",
    "ودعا",
    "ودعت",
    "وتوفي",
    "واصدر",
    "واصدرت",
    "وترشح",
    "وجمع",
    "وتعامل",
    "واعربت",
    "واعرب",
    "وافاد",
    "وافادت",
    "وتضم",
    "ويضم",
    "وتمكن",
    "وتمكنت",
    "واستطاع",
    "وبلغ",
    "وبلغت",
    "ويبلغ",
    "وتبلغ",
    "وانتقد",
    "وانتقدت",
    "ونفي",
    "ونفت",
    "واكتفي",
    "ولفت",
    "ولفتت",
    "ونشر",
    "ونشرت",
    "وصرح",
    "وصرحت",
    "وخرج",
    "وخرجت",
    "ويمتلك",
    "وتمتلك",
    "ونجح",
    "ونجحت",
    "واصبح",
    "واصبحت",
    "وحصل",
    "وحصلت",
];

/// Words opening with `وت`/`وأ`/`وإ` whose `و` is a root letter (folded):
/// never stripped as a conjunction.
pub const AR_WAW_ROOT: &[&str] = &["وتيره", "وتيرتها", "وتيرته"];

/// Attribution tail openers (folded, first word or phrase after the comma).
pub const AR_ATTRIB: &[&str] = &[
    "حسب",
    "بحسب",
    "حسبما",
    "وفق",
    "وفقا",
    "طبقا",
    "نقلا عن",
    "على حد قوله",
    "علي حد قوله",
    "علي حد تعبيره",
    "على حد تعبيره",
    "كما افادت",
    "كما ذكرت",
    "كما افاد",
    "كما ذكر",
    "وذلك حسب",
    "وذلك بحسب",
    "وذلك وفقا",
    "وذلك نقلا عن",
];

/// Quote and elaboration tail openers (folded, first word after the comma,
/// with and without the hamza seat folded): `، قائلا ...`, `، مشيرا إلى ...`.
pub const AR_QUOTE_TAILS: &[&str] = &[
    "قايلا",
    "قايله",
    "قائلا",
    "قائله",
    "مشيرا",
    "مشيره",
    "مضيفا",
    "مضيفه",
    "موكدا",
    "مؤكدا",
    "موكده",
    "مؤكده",
    "موضحا",
    "موضحه",
    "لافتا",
    "لافته",
];

/// English leading discourse markers, dropped with their comma.
pub const EN_LEAD: &[&str] = &[
    "meanwhile",
    "earlier",
    "earlier today",
    "in addition",
    "however",
    "also",
    "separately",
    "on the other hand",
    "in the meantime",
];
/// English time words dropped inside a point.
pub const EN_TIME: &[&str] = &["yesterday", "today", "tonight"];
/// English weekdays (`on Friday` is dropped).
pub const EN_DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// English verbs of opinion: `He argued that ...` names its holder.
pub const EN_VIEW: &[&str] = &[
    "argued",
    "argues",
    "believes",
    "believed",
    "claimed",
    "claims",
    "insisted",
    "insists",
    "warned",
    "warns",
    "maintained",
    "maintains",
    "contended",
    "contends",
    "suggested",
    "suggests",
    "considers",
    "considered",
    "thinks",
    "thought",
    "stressed",
    "asserted",
    "asserts",
    "predicted",
    "predicts",
    "denied",
    "denies",
    "accused",
];

/// Plural subjects that open English sentences with a capital: never the
/// holder of a `He argued` view.
pub const EN_GROUPS: &[&str] = &[
    "officials",
    "police",
    "authorities",
    "analysts",
    "experts",
    "critics",
    "witnesses",
    "residents",
    "sources",
    "reports",
    "researchers",
    "scientists",
    "doctors",
    "lawyers",
    "prosecutors",
    "investigators",
    "protesters",
    "observers",
    "diplomats",
    "officers",
    "ministers",
    "leaders",
    "people",
    "many",
    "some",
    "others",
    "both",
];

/// Bare titles of `The ministry said ...` that are no person: a person's
/// name from an earlier sentence must not stand for them.
pub const EN_NOT_A_PERSON: &[&str] = &["officials", "company", "ministry", "statement", "group"];

/// English verbs after or before which a speaker is named.
pub const EN_SPEAKING: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "stated",
    "announced",
    "explained",
    "noted",
    "wrote",
];

/// Openers of an apposition or background relative clause standing
/// between two commas (`، وهو أقدم برنامج إذاعي،`): cut for editor length.
pub const AR_APPOSITION: &[&str] = &[
    "وهو",
    "وهي",
    "وهم",
    "الذي",
    "التي",
    "الذين",
    "والذي",
    "والتي",
    "والذين",
    "وهو ما",
    "وهي التي",
];

/// Openers of a trailing circumstance or background clause, from the comma
/// to the end (`، وذلك بعد ...`, `، في حين ...`): cut for editor length.
pub const AR_CLAUSE_TAILS: &[&str] = &[
    "وذلك",
    "حيث",
    "في حين",
    "فيما",
    "بينما",
    "وهو ما",
    "وهو",
    "وهي",
    "ما",
    "مما",
    "الامر الذي",
    "الذي",
    "التي",
    "والذي",
    "والتي",
    "بعد ان",
    "بعدما",
    "في اطار",
    "في ظل",
    "وسط",
    "على خلفيه",
    "علي خلفيه",
    "اثر",
    "عقب",
    "اذ",
    "لا سيما",
    "ولا سيما",
    "خاصه",
    "وخاصه",
    "في وقت",
    "وذلك في",
];

/// English apposition and relative-clause openers between two commas.
pub const EN_APPOSITION: &[&str] = &["who", "which", "whose", "a former", "the former"];

/// English trailing circumstance-clause openers.
pub const EN_CLAUSE_TAILS: &[&str] = &[
    "which",
    "who",
    "while",
    "whereas",
    "as",
    "after",
    "amid",
    "following",
    "where",
    "with",
    "saying",
    "adding",
    "in a",
    "despite",
];
