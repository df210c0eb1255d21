//! Rough per-stage timing (development aid): segmentation, tokenising,
//! analysis, whole summary, on one generated 400-word article.
use khulasa_core::{Lang, Length};
use khulasa_text::{Analyzer, segment, tokenize};
use std::time::Instant;

fn main() {
    let s = "أعلنت وزارة الصحة، أمس الثلاثاء، افتتاح ثلاثة مستشفيات جديدة في المحافظات الجنوبية بتكلفة بلغت 120 مليون دولار، حسب ما نقلت وكالة الأنباء الرسمية. وقال الوزير في مؤتمر صحافي إن المستشفيات الجديدة ستخدم أكثر من مليون مواطن في المناطق الريفية. ";
    let text = s.repeat(12);
    let n = 2000;
    let time = |name: &str, f: &mut dyn FnMut()| {
        let t = Instant::now();
        for _ in 0..n {
            f();
        }
        println!("{name:<24} {:>8.1} µs", t.elapsed().as_secs_f64() * 1e6 / n as f64);
    };
    println!("{} words", text.split_whitespace().count());
    time("segment", &mut || drop(std::hint::black_box(segment(&text))));
    time("tokenize", &mut || drop(std::hint::black_box(tokenize(&text))));
    let an = Analyzer::for_lang(Lang::Ar);
    time("analyzer terms", &mut || drop(std::hint::black_box(an.terms(&text))));
    time("Analyzer::for_lang", &mut || drop(std::hint::black_box(Analyzer::for_lang(Lang::Ar))));
    time("detect_lang", &mut || { std::hint::black_box(khulasa_text::detect_lang(&text)); });
    time("language (fast path)", &mut || { std::hint::black_box(khulasa_summarize::language(&text)); });
    let sum = khulasa_summarize::Summarizer::default();
    time("analyse", &mut || drop(std::hint::black_box(sum.analyse(&text, None).unwrap())));
    time("summarize", &mut || drop(std::hint::black_box(sum.summarize(&text, None, Length::Bullets(3)).unwrap())));
}
