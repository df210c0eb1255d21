//! Synthetic Arabic news pages, for benchmarks, tests and trying `khulasa
//! batch` without an archive at hand. Written for khulasa (not copied from
//! any site): each page has the chrome a real news page has (navigation,
//! font-size buttons, a listen button, a share bar, related links, scripts)
//! around a headline, a date, a captioned lead photo and 6–11 paragraphs.
//! Page `i` differs from page `j` in its text, so each is its own article.

const SUBJECTS: &[&str] = &[
    "وزير الخارجية",
    "رئيس الوزراء",
    "وزيرة الاقتصاد",
    "محافظ البنك المركزي",
    "وزير الدفاع",
    "رئيس البرلمان",
    "وزيرة الصحة",
    "الأمين العام للجامعة العربية",
];

const PLACES: &[&str] = &[
    "القاهرة",
    "الرباط",
    "عمّان",
    "الدوحة",
    "تونس",
    "بيروت",
    "الرياض",
    "مسقط",
    "الجزائر",
];

const TOPICS: &[&str] = &[
    "تعزيز التعاون الاقتصادي بين البلدين",
    "خطة لتطوير شبكة النقل العام",
    "مشروعات الطاقة المتجددة في المنطقة",
    "إصلاح نظام التعليم الثانوي",
    "مكافحة التضخم وارتفاع الأسعار",
    "اتفاقية جديدة للتجارة الحرة",
    "دعم المزارعين بعد موسم الجفاف",
    "توسيع خدمات الرعاية الصحية في الأرياف",
];

const SENTENCES: &[&str] = &[
    "وقال المتحدث باسم الحكومة إن المحادثات تناولت ملفات عدة، أبرزها {topic}.",
    "وأضاف أن الجانبين اتفقا على تشكيل لجنة مشتركة تجتمع كل ثلاثة أشهر لمتابعة التنفيذ.",
    "وأشار تقرير رسمي صدر الأسبوع الماضي إلى أن حجم التبادل التجاري بلغ {n} مليون دولار خلال العام الماضي.",
    "ومن المتوقع أن تُعرض الخطة على مجلس الوزراء في جلسته المقبلة قبل إحالتها إلى البرلمان.",
    "وأكد {subject} أن الحكومة ماضية في تنفيذ التزاماتها رغم الظروف الاقتصادية الصعبة.",
    "ويرى خبراء أن نجاح هذه الخطوة يتوقف على توفير التمويل اللازم وإشراك القطاع الخاص.",
    "وكانت الحكومة قد أعلنت في وقت سابق عن حزمة إجراءات لدعم الأسر ذات الدخل المحدود.",
    "وشهدت {place} خلال الأيام الماضية سلسلة لقاءات بين مسؤولين من القطاعين العام والخاص.",
    "وقالت مصادر مطلعة إن الاتفاق يتضمن بنودا تتعلق بالاستثمار وتبادل الخبرات والتدريب.",
    "وبحسب الأرقام الرسمية، ارتفع عدد المستفيدين من البرنامج إلى {n} ألف شخص في نهاية العام.",
    "ودعا نواب في البرلمان إلى مزيد من الشفافية في الإعلان عن تفاصيل المشروعات وتكاليفها.",
    "وأوضح البيان أن المرحلة الأولى من المشروع ستنطلق مطلع العام المقبل وتستمر عامين.",
    "وفي سياق متصل، التقى {subject} ممثلين عن منظمات المجتمع المدني لبحث آليات المتابعة.",
    "ولفت مراقبون إلى أن التوقيت يحمل دلالات سياسية في ظل التطورات الإقليمية الأخيرة.",
    "وختم المسؤول تصريحه بالتأكيد على أن أبواب الحوار تبقى مفتوحة أمام جميع الأطراف.",
];

fn pick<'a>(list: &[&'a str], seed: usize) -> &'a str {
    list[seed % list.len()]
}

/// A tiny deterministic mixer, so pages vary without a random-number crate.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// The headline and body paragraphs of article `i`.
pub fn article(i: usize) -> (String, Vec<String>) {
    let h = mix(i as u64 + 1) as usize;
    let subject = pick(SUBJECTS, h);
    let place = pick(PLACES, h >> 8);
    let topic = pick(TOPICS, h >> 16);
    let title = format!("{subject} يبحث في {place} {topic}");
    let paragraphs = 6 + (h >> 24) % 6;
    let mut body = Vec::with_capacity(paragraphs);
    body.push(format!(
        "بحث {subject} في {place} يوم الخميس {topic}، في لقاء هو الثالث من نوعه هذا العام، بحسب ما أفاد بيان رسمي رقم {i}."
    ));
    for p in 1..paragraphs {
        let mut para = String::new();
        for s in 0..2 + (h >> (p + 3)) % 3 {
            let k = mix((i * 31 + p * 7 + s) as u64) as usize;
            let n = 10 + k % 990;
            let sentence = pick(SENTENCES, k)
                .replace("{topic}", topic)
                .replace("{subject}", subject)
                .replace("{place}", place)
                .replace("{n}", &n.to_string());
            if !para.is_empty() {
                para.push(' ');
            }
            para.push_str(&sentence);
        }
        body.push(para);
    }
    (title, body)
}

/// A whole news page (HTML) around article `i`: about 13 KB.
pub fn news_page(i: usize) -> String {
    let (title, body) = article(i);
    let mut html = String::with_capacity(32 * 1024);
    html.push_str("<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\">");
    html.push_str(&format!("<title>{title} | الموقع الإخباري</title>"));
    html.push_str(&format!(
        "<meta property=\"og:title\" content=\"{title}\"><meta property=\"og:site_name\" content=\"الموقع الإخباري\">\
         <meta name=\"description\" content=\"{}\">",
        body[0]
    ));
    html.push_str("<style>");
    for k in 0..60 {
        html.push_str(&format!(
            ".c{k}{{margin:{k}px;padding:0 {k}px;color:#{:06x}}}",
            k * 2731
        ));
    }
    html.push_str("</style><script>");
    for k in 0..40 {
        html.push_str(&format!(
            "window.cfg{k}={{id:{k},slot:'ad-{k}',lazy:true}};"
        ));
    }
    html.push_str("</script></head><body><header><nav><ul>");
    for s in [
        "الرئيسية",
        "سياسة",
        "اقتصاد",
        "رياضة",
        "ثقافة",
        "تكنولوجيا",
        "صحة",
        "منوعات",
        "رأي",
        "فيديو",
    ] {
        html.push_str(&format!("<li><a href=\"/section/{s}\">{s}</a></li>"));
    }
    html.push_str("</ul></nav></header><main><article>");
    html.push_str(&format!("<h1>{title}</h1>"));
    html.push_str(&format!(
        "<time datetime=\"2024-{:02}-{:02}\">{} نوفمبر 2024</time>",
        1 + i % 12,
        1 + i % 28,
        1 + i % 28
    ));
    html.push_str("<div class=\"tools\"><button>+</button> الخط <button>-</button> <button>استمع إلى الملخص</button> <button>اظهر الملخص</button></div>");
    html.push_str(&format!(
        "<figure><img src=\"/img/{i}.jpg\" alt=\"\"><figcaption>جانب من اللقاء في العاصمة (رويترز)</figcaption></figure>"
    ));
    for p in &body {
        html.push_str("<p>");
        html.push_str(p);
        html.push_str("</p>");
    }
    html.push_str("<div class=\"share\"><a href=\"#\">فيسبوك</a> <a href=\"#\">تويتر</a> <a href=\"#\">واتساب</a></div>");
    html.push_str("<div class=\"contributors\">المساهمون: فريق التحرير</div>");
    html.push_str("</article><aside class=\"related\"><h3>اقرأ أيضا</h3><ul>");
    for k in 0..12 {
        let (t, _) = article(i.wrapping_add(k + 1) * 7919);
        html.push_str(&format!("<li><a href=\"/news/{k}\">{t}</a></li>"));
    }
    html.push_str("</ul></aside></main><footer>");
    for k in 0..30 {
        html.push_str(&format!("<a class=\"c{k}\" href=\"/p/{k}\">رابط {k}</a> "));
    }
    html.push_str("<p>جميع الحقوق محفوظة</p></footer></body></html>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_differ_and_look_like_news() {
        let a = news_page(1);
        let b = news_page(2);
        assert_ne!(article(1), article(2));
        assert!(a.contains("<h1>") && a.contains("استمع إلى الملخص"));
        assert!((10_000..60_000).contains(&a.len()), "{}", a.len());
        assert!(b.len() > 10_000);
    }
}
