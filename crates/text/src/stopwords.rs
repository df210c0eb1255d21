//! Stop words for Arabic and English, in normalised form.
//!
//! Function words carry no topic: removing them makes sentence similarity
//! measure what sentences are about. The Arabic list is written unvocalised
//! and normalised at first use, so it matches the output of
//! [`crate::normalize::Normalizer::ar_match`].
//!
//! ```
//! use khulasa_core::Lang;
//! use khulasa_text::stopwords::is_stopword;
//! assert!(is_stopword(Lang::Ar, "الي")); // إلى, normalised
//! assert!(is_stopword(Lang::En, "the"));
//! assert!(!is_stopword(Lang::Ar, "وزير"));
//! ```

use crate::hash::FnvSet;
use khulasa_core::Lang;
use std::sync::LazyLock;

const ARABIC: &str = "
من إلى إلي عن على علي في مع و أو أم ثم بل لكن لكنّ حتى إذ إذا إذن إن أن لأن كأن ليت لعل
كان كانت كانوا يكون تكون يكونوا ليس ليست ما ماذا لماذا متى أين كيف كم هل لا لم لن قد
هذا هذه هذان هاتان هؤلاء ذلك تلك ذاك أولئك هنا هناك هو هي هما هم هن أنا نحن أنت أنتم
الذي التي الذين اللذان اللتان اللواتي اللاتي اللائي
كل بعض غير سوى بين بعد قبل عند عندما منذ خلال حول دون ضد نحو لدى لدي مثل حيث أي أيضا
فقط كما كذلك وقد فقد لقد وكان وكانت ومن وفي وعلى وإلى وأن وإن وهو وهي وهذا وهذه ولا ولم
به بها بهم له لها لهم لهن فيه فيها فيهم منه منها منهم عليه عليها عليهم إليه إليها عنه عنها
ذات ذو ذي أيها يا إلا ألا أما إما لو لولا كلا كلما بينما إنه إنها أنه أنها لأنه
وذلك وقال قال قالت وقالت وأضاف أضاف وأضافت أضافت وأكد أكد وأشار أشار يوم اليوم أمس
";

const ENGLISH: &str = "
a an the and or but nor so yet if then else when while of to in on at by for from with
without into onto over under about above below between among through during before after
since until up down out off again further once here there where why how all any both each
few more most other some such no not only own same than too very can will just should would
could may might must shall i me my myself we our ours ourselves you your yours yourself he
him his himself she her hers herself it its itself they them their theirs themselves what
which who whom whose this that these those am is are was were be been being have has had
having do does did doing said says say also as
";

static AR: LazyLock<FnvSet<String>> = LazyLock::new(|| {
    let n = crate::normalize::Normalizer::ar_match();
    ARABIC.split_whitespace().map(|w| n.normalize(w)).collect()
});

static EN: LazyLock<FnvSet<&'static str>> = LazyLock::new(|| ENGLISH.split_whitespace().collect());

/// True when `word` (normalised) is a stop word of `lang`. Other languages
/// have no list: nothing is a stop word there.
pub fn is_stopword(lang: Lang, word: &str) -> bool {
    // The Arabic list holds no ASCII word and the English list nothing else,
    // so a word is looked up only in the list it could be in.
    let ascii = word.is_ascii();
    match lang {
        Lang::Ar if ascii => EN.contains(word),
        Lang::Ar => AR.contains(word),
        Lang::En => ascii && EN.contains(word),
        Lang::Other => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `is_stopword` looks an ASCII word up only in the English list and
    /// any other word only in the Arabic one: that is exact only while the
    /// lists are so.
    #[test]
    fn each_list_holds_its_script_only() {
        assert!(AR.iter().all(|w| !w.is_ascii()));
        assert!(EN.iter().all(|w| w.is_ascii()));
    }
}
