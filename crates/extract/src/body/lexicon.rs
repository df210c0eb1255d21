//! The words chrome and article bodies are named with, as data: tag classes,
//! class/id words, body container names and the widget lines Arabic (and
//! English) sites leave inside article text. Tuning the extractor to a new
//! site family is mostly a change here.

/// Tags that start a new block of text when met inside the body.
pub(super) fn is_block_tag(t: &str) -> bool {
    matches!(
        t,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "tbody"
            | "thead"
            | "tr"
            | "td"
            | "th"
            | "figure"
            | "figcaption"
            | "header"
            | "footer"
            | "address"
            | "hr"
            | "br"
            | "center"
            | "details"
            | "summary"
            | "fieldset"
            | "caption"
    )
}

pub(super) fn never_body_tag(t: &str) -> bool {
    matches!(
        t,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "nav"
            | "aside"
            | "button"
            | "select"
            | "option"
            | "input"
            | "textarea"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "dialog"
            | "menu"
            | "footer"
            | "video"
            | "audio"
            | "map"
    )
}

/// Class/id words that name chrome. Matched against the parts of each class
/// token split at `-` and `_` (so `share-bar` and `article__related` match),
/// plus a few glued forms matched as substrings.
pub(super) const JUNK_WORDS: &[&str] = &[
    "share",
    "sharing",
    "social",
    "related",
    "comment",
    "comments",
    "disqus",
    "sidebar",
    "widget",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "adv",
    "banner",
    "promo",
    "newsletter",
    "subscribe",
    "subscription",
    "breadcrumb",
    "breadcrumbs",
    "menu",
    "commentlist",
    "respond",
    "rail",
    "navbar",
    "nav",
    "navigation",
    "footer",
    "cookie",
    "cookies",
    "popup",
    "modal",
    "tags",
    "tag",
    "recommended",
    "recommendation",
    "popular",
    "trending",
    "outbrain",
    "taboola",
    "pagination",
    "pager",
    "print",
    "toolbar",
    "tools",
    "listen",
    "audio",
    "player",
    "tts",
    "font",
    "fontsize",
    "zoom",
    "masthead",
    "header",
    "topbar",
    "byline",
    "meta",
    "author",
    "dateline",
    "timestamp",
    "date",
    "caption",
    "credit",
    "rating",
    "vote",
    "poll",
    "signup",
    "login",
    "more",
    "readmore",
    "next",
    "prev",
    "teaser",
    "teasers",
    "latest",
    "mostread",
    "most",
    "skip",
    "sr",
    "visually",
    "screen",
    "offscreen",
    "tooltip",
    "lightbox",
    "gallery",
    "slider",
    "carousel",
    "slideshow",
    "slides",
    "slide",
    "video",
    "embed",
    "sponsor",
    "sponsored",
    "partner",
    "dfp",
    "gpt",
    "whatsapp",
    "facebook",
    "twitter",
    "telegram",
    "follow",
    "download",
    "notification",
    "alert",
    "ticker",
    "copyright",
    "disclaimer",
    "contact",
    "cta",
    "keywords",
    "topics",
    "rail",
    "aside",
    "summary",
    "highlights",
    "contributors",
];

pub(super) const JUNK_SUBSTRINGS: &[&str] = &[
    "gallery",
    "slideshow",
    "sharebar",
    "socialshare",
    "relatedpost",
    "relatedarticle",
    "relatedlink",
    "readalso",
    "read-also",
    "also-read",
    "alsoread",
    "mostread",
    "most-read",
    "newsletter",
    "subscribe",
    "advert",
    "rightsidebar",
    "leftsidebar",
    "commentlist",
    "comment-list",
    "commentform",
    "fontsize",
    "font-size",
    "textsize",
    "text-size",
    "breadcrumb",
    "social",
    "taboola",
    "outbrain",
    "iqraa",
    "aqra",
    "iqra-aydan",
    "aqraa",
];

pub(super) const GOOD_WORDS: &[&str] = &[
    "article", "content", "body", "entry", "post", "story", "text", "main", "news", "detail",
    "details", "blog", "page", "column", "hentry", "prose", "rich", "markdown", "maqal", "khabar",
    "nass", "matn",
];

/// Good words that name a container of text, not just a namespace: these
/// outweigh a chrome word (`content-with-sidebar`), while `article-date` or
/// `post-author` stay chrome.
pub(super) const STRONG_GOOD_WORDS: &[&str] = &[
    "content", "body", "text", "main", "prose", "markdown", "nass", "matn",
];

/// Lines of page chrome that slip into bodies on Arabic (and English) sites.
pub(super) const CHROME_LINES: &[&str] = &[
    "+ الخط -",
    "+الخط-",
    "الخط",
    "+ -",
    "A A",
    "A+ A-",
    "استمع إلى الملخص",
    "استمع الى الملخص",
    "استمع للمقال",
    "استمع إلى المقال",
    "اظهر الملخص",
    "أظهر الملخص",
    "إظهار الملخص",
    "اخف الملخص",
    "أخفِ الملخص",
    "إخفاء الملخص",
    "شارك",
    "شارك الخبر",
    "مشاركة",
    "شارك المقال",
    "اقرأ أيضا",
    "اقرأ أيضاً",
    "إقرأ أيضاً",
    "اقرأ أيضًا",
    "اقرأ المزيد",
    "المزيد",
    "طباعة",
    "نسخ الرابط",
    "تم نسخ الرابط",
    "حجم الخط",
    "تكبير الخط",
    "تصغير الخط",
    "أخبار ذات صلة",
    "مواضيع ذات صلة",
    "مقالات ذات صلة",
    "الأكثر قراءة",
    "المساهمون",
    "Advertisement",
    "ADVERTISEMENT",
    "Share",
    "Share this article",
    "Share this",
    "Read more",
    "Related",
    "Listen",
    "Listen to this article",
    "Like this:",
    "Like Loading...",
    "Comments",
    "comments",
    "TRENDING:",
    "Trending:",
    "Breaking News",
    "Top Video",
    "Don't Miss",
    "Join the conversation...",
    "Author:",
    "Publish date:",
];

/// Opening words of a line that is chrome even with more after it.
pub(super) const CHROME_PREFIXES: &[&str] = &[
    "اقرأ أيضا",
    "اقرأ أيضاً",
    "إقرأ أيضا",
    "اقرأ أيضًا",
    "اقرأ المزيد:",
    "Read more:",
    "READ MORE:",
    "Read also:",
    "Advertisement",
];

/// Class/id fragments that name the article body itself, on the CMSs news
/// sites run. A chrome-named wrapper around one of these is not chrome.
pub(super) const BODY_NAMES: &[&str] = &[
    "articlebody",
    "article-body",
    "article_body",
    "article__body",
    "articlecontent",
    "article-content",
    "article__content",
    "article_content",
    "entry-content",
    "entry_content",
    "post-content",
    "postcontent",
    "post_content",
    "post-body",
    "postbody",
    "story-body",
    "storybody",
    "story-content",
    "story_body",
    "body-text",
    "bodytext",
    "article-text",
    "articletext",
    "news-content",
    "news-body",
    "newsbody",
    "content-body",
    "article-details",
    "news-details",
    "details-body",
    "article-main",
    "text-body",
];

pub(super) fn role_junk(r: &str) -> bool {
    matches!(
        r,
        "navigation"
            | "banner"
            | "contentinfo"
            | "complementary"
            | "dialog"
            | "alertdialog"
            | "menu"
            | "menubar"
            | "search"
            | "toolbar"
    )
}

/// Class/id fragments of a publisher's summary box (`الملخص`, transliterated
/// as `mulakhas`/`molakhas`).
pub(super) const SUMMARY_NAMES: &[&str] = &[
    "summary",
    "highlights",
    "key-points",
    "keypoints",
    "tldr",
    "takeaways",
    "mulakhas",
    "molakhas",
    "khulasa",
];

/// Class/id fragments of galleries and slideshows: their captions describe
/// other photos, and are neither the lead caption nor body text.
pub(crate) const GALLERY_NAMES: &[&str] =
    &["gallery", "slideshow", "slider", "carousel", "lightbox"];

/// Labels of caption toggles, which some galleries put where a caption goes.
pub(crate) const CAPTION_CONTROLS: &[&str] = &[
    "HIDE CAPTION",
    "SHOW CAPTION",
    "Toggle caption",
    "إخفاء التعليق",
    "اخفاء التعليق",
    "إظهار التعليق",
    "اظهار التعليق",
    "إخفاء الوصف",
    "إظهار الوصف",
];

/// Lines that open the end matter inside an article container: comments,
/// related stories, a newsletter box. From such a line on (after the
/// article has begun), nothing is body. A count may come with it
/// (`2 تعليقات`, `Comments (3)`).
pub(super) const END_LABELS: &[&str] = &[
    "التعليقات",
    "تعليقات",
    "تعليقات القراء",
    "تعليقات الزوار",
    "أضف تعليقك",
    "أضف تعليقا",
    "أضف تعليقاً",
    "اترك تعليقا",
    "اترك تعليقاً",
    "اترك تعليقك",
    "موضوعات متعلقة",
    "مواضيع متعلقة",
    "أخبار متعلقة",
    "اخبار متعلقة",
    "أخبار ذات صلة",
    "مواضيع ذات صلة",
    "مقالات ذات صلة",
    "النشرة البريدية",
    "Comments",
    "Leave a Reply",
    "Leave a comment",
    "Related Articles",
    "Related Stories",
    "Related Posts",
];

/// Opening words of prompts that sit inside article containers: no comments
/// yet, newsletter sign-ups.
pub(super) const PROMPT_PREFIXES: &[&str] = &[
    "لا توجد تعليقات",
    "لا يوجد تعليقات",
    "كن أول من يعلق",
    "كن أول من يضيف تعليق",
    "اشترك في النشرة",
    "اشترك في نشرتنا",
    "اشترك في القائمة البريدية",
    "اشترك الآن في النشرة",
    "سجل بريدك الإلكتروني",
    "No comments yet",
    "Be the first to comment",
    "Sign up for our newsletter",
    "Subscribe to our newsletter",
];

/// Labels that open a publisher's summary box with no telling class.
pub(super) const SUMMARY_LABELS: &[&str] = &[
    "STORY HIGHLIGHTS",
    "Highlights",
    "Key points",
    "In brief",
    "أبرز النقاط",
    "أبرز ما في الخبر",
    "باختصار",
    "الملخص",
    "ملخص الخبر",
];
