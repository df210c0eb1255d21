//! Summarisation speed on ~400-word Arabic articles, segmentation included,
//! with the lead baseline (segment, take the first sentences) timed beside it.
//!
//! Articles are built from sentences written for this bench (no corpus text),
//! varied so that no two articles are the same. With the shared data present
//! (`KHULASA_DATA` or `../shared/data`), EASC dev articles of 300–500 words
//! are timed as well.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khulasa_core::Length;
use khulasa_summarize::{Summarizer, data};
use std::hint::black_box;

const SENTENCES: &[&str] = &[
    "أعلنت وزارة الصحة، أمس الثلاثاء، افتتاح ثلاثة مستشفيات جديدة في المحافظات الجنوبية بتكلفة بلغت 120 مليون دولار، حسب ما نقلت وكالة الأنباء الرسمية.",
    "وقال الوزير في مؤتمر صحافي إن المستشفيات الجديدة ستخدم أكثر من مليون مواطن في المناطق الريفية.",
    "وأضاف أن الحكومة تخطط لبناء خمسة مستشفيات أخرى خلال العامين المقبلين.",
    "وكان البرلمان قد وافق على ميزانية القطاع الصحي في جلسة عقدها الشهر الماضي بعد نقاش طويل.",
    "ويعاني القطاع الصحي في البلاد من نقص في الأطباء والممرضين منذ سنوات، وفق تقرير لمنظمة الصحة العالمية.",
    "وأشار التقرير إلى أن نسبة الأطباء لا تتجاوز طبيبا واحدا لكل ألفي مواطن في بعض المناطق.",
    "من جهتها، رحبت نقابة الأطباء بالخطوة، لكنها طالبت بتحسين رواتب العاملين في المستشفيات الحكومية.",
    "وفي وقت سابق من اليوم، زار رئيس الوزراء أحد المستشفيات الجديدة والتقى بالطواقم الطبية.",
    "وأكد رئيس الوزراء أن الصحة تأتي في مقدمة أولويات الحكومة خلال المرحلة المقبلة.",
    "ويتوقع خبراء أن تخفف المستشفيات الجديدة الضغط على مستشفيات العاصمة التي تستقبل آلاف المرضى يوميا.",
    "وتشمل الخطة أيضا تدريب ألف ممرض وممرضة في معاهد متخصصة بالتعاون مع جامعات أجنبية.",
    "وقالت مديرة أحد المستشفيات إن الأجهزة الحديثة وصلت بالفعل وإن العمل سيبدأ الأسبوع المقبل.",
    "وتواجه الحكومة انتقادات من المعارضة التي تتهمها بتأخير المشاريع الصحية لسنوات.",
    "ويقول مواطنون في القرى المجاورة إنهم كانوا يقطعون مسافات طويلة للوصول إلى أقرب مستشفى.",
    "كما أعلنت الوزارة عن حملة تطعيم واسعة تستهدف الأطفال في المدارس الابتدائية.",
    "وتبلغ ميزانية الحملة نحو عشرة ملايين دولار تمولها منظمات دولية.",
    "وأوضح مسؤول في الوزارة أن الحملة ستستمر ثلاثة أشهر وتشمل جميع المحافظات.",
    "ويأتي ذلك في إطار خطة وطنية لتحسين الخدمات الصحية أطلقتها الحكومة العام الماضي.",
    "وقد شهدت السنوات الأخيرة تراجعا في مؤشرات الصحة العامة بسبب الأزمة الاقتصادية.",
    "ويأمل المسؤولون أن تساعد المشاريع الجديدة في استعادة ثقة المواطنين بالقطاع العام.",
    "وتعد هذه أكبر استثمارات في القطاع الصحي منذ عقدين، بحسب بيانات رسمية.",
    "ودعت منظمات المجتمع المدني إلى مراقبة تنفيذ المشاريع لضمان الشفافية.",
    "وفي سياق متصل، أعلنت الحكومة عن زيادة عدد المقاعد في كليات الطب بنسبة عشرين في المئة.",
    "وقال عميد إحدى كليات الطب إن الزيادة ستسهم في سد النقص خلال عشر سنوات.",
];

/// Article `k`: about 400 words, paragraphs of three sentences, starting at
/// a different sentence each time.
fn article(k: usize) -> String {
    let mut out = String::new();
    let mut words = 0;
    let mut i = 0;
    while words < 400 {
        let s = SENTENCES[(k * 7 + i) % SENTENCES.len()];
        if i > 0 {
            out.push_str(if i % 3 == 0 { "\n\n" } else { " " });
        }
        out.push_str(s);
        words += s.split_whitespace().count();
        i += 1;
    }
    out
}

fn bench(c: &mut Criterion) {
    let arts: Vec<String> = (0..16).map(article).collect();
    let s = Summarizer::default();
    // Check what is timed: three points each.
    for a in &arts {
        assert_eq!(s.summarize(a, None, Length::Bullets(3)).unwrap().key_points.len(), 3);
    }
    let mut g = c.benchmark_group("400-word article");
    g.throughput(Throughput::Elements(1));
    let mut k = 0;
    g.bench_function("khulasa summarize (bullets 3, compress)", |b| {
        b.iter(|| {
            k = (k + 1) % arts.len();
            black_box(s.summarize(black_box(&arts[k]), None, Length::Bullets(3)).unwrap())
        })
    });
    let lead = Summarizer::new(khulasa_summarize::Options {
        compress: false,
        weights: khulasa_summarize::Weights::lead_only(),
    });
    g.bench_function("lead-3 baseline (segment + first 3)", |b| {
        b.iter(|| {
            k = (k + 1) % arts.len();
            black_box(khulasa_summarize::lead(black_box(&arts[k]), Length::Bullets(3)))
        })
    });
    g.bench_function("khulasa engine with lead-only weights", |b| {
        b.iter(|| {
            k = (k + 1) % arts.len();
            black_box(lead.summarize(black_box(&arts[k]), None, Length::Bullets(3)).unwrap())
        })
    });
    g.finish();

    if let Some(dir) = data::data_dir() {
        let items = data::load(&dir.join("summarization/easc.dev.jsonl")).unwrap_or_default();
        let texts: Vec<&str> = items
            .iter()
            .map(|i| i.text.as_str())
            .filter(|t| (300..=500).contains(&t.split_whitespace().count()))
            .collect();
        if !texts.is_empty() {
            let mut g = c.benchmark_group(format!("EASC dev 300-500 words ({} articles)", texts.len()));
            g.throughput(Throughput::Elements(1));
            let mut k = 0;
            g.bench_function("khulasa summarize (ratio 0.33)", |b| {
                b.iter(|| {
                    k = (k + 1) % texts.len();
                    black_box(s.summarize(texts[k], None, Length::Ratio(0.33)).unwrap())
                })
            });
            g.bench_function("lead by ratio 0.33", |b| {
                b.iter(|| {
                    k = (k + 1) % texts.len();
                    black_box(khulasa_summarize::lead(texts[k], Length::Ratio(0.33)))
                })
            });
            g.finish();
        }
    } else {
        eprintln!("bench: shared data not found (set KHULASA_DATA); EASC timing skipped");
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
