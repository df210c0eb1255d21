//! The default diacritiser on the WikiNewsMax dev set (skipped with a notice
//! when the data or the model is absent): issue 21's goal, held.

use khulasa_eval::diacritise::{NoMarks, data, evaluate};
use khulasa_speech::DiacritizerKind;

#[test]
fn default_diacritiser_meets_the_wikinewsmax_goal() {
    let Some(dir) = khulasa_eval::data::data_dir() else {
        eprintln!("SKIP: shared data not found (set KHULASA_DATA to the shared data folder)");
        return;
    };
    let path = dir.join("speech/wikinewsmax.dev.tsv");
    if !path.is_file() {
        eprintln!("SKIP: {} not found", path.display());
        return;
    }
    let model = match DiacritizerKind::default().load(None, None) {
        Ok(m) => m,
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("SKIP: default diacritiser not installed ({e}); run scripts/setup.sh");
            return;
        }
        Err(e) => panic!("CI ran setup.sh but the diacritiser is missing: {e}"),
    };
    let paragraphs = data::load(&path).unwrap();
    let ours = evaluate(&paragraphs, model.as_ref()).unwrap();
    let none = evaluate(&paragraphs, &NoMarks).unwrap();
    let s = &ours.strict;
    println!(
        "{}: WER {:.2}% (without case ending {:.2}%), DER {:.2}% on {} words; no marks: WER {:.2}%",
        ours.name,
        100.0 * s.wer(),
        100.0 * s.wer_no_case(),
        100.0 * s.der(),
        s.words,
        100.0 * none.strict.wer()
    );
    assert_eq!(s.words, none.strict.words, "both scored on the same words");
    assert!(s.words > 5000, "only {} words scored", s.words);
    assert_eq!(ours.misaligned, 0, "output did not split back into words");
    assert!(
        s.wer_no_case() <= 0.04,
        "WER without case ending {:.4}",
        s.wer_no_case()
    );
    assert!(s.wer() <= 0.08, "WER {:.4}", s.wer());
}
