//! A text as the check reads it: its tokens with their folded and bare
//! forms and analysed terms, and the amounts it states (numbers with their
//! scale and unit, written numbers included).

use super::lexicon::{self, bare, fold};
use khulasa_core::{Lang, Span};
use khulasa_text::{Analyzer, PunctKind, TokenKind, digit_value, tokenize};

/// One token of a checked text.
#[derive(Debug, Clone)]
pub struct Word {
    /// Where it is in the text.
    pub span: Span,
    /// What it is.
    pub kind: TokenKind,
    /// Its matching form (folded, lowercase, ASCII digits).
    pub fold: String,
    /// [`Word::fold`] without proclitics and article ([`bare`]).
    pub bare: String,
    /// Its analysed term (stemmed), `None` for stop words, punctuation and
    /// symbols.
    pub term: Option<String>,
    /// A Latin word written with a capital.
    pub capital: bool,
    /// An English word ending in `n't` (`didn't`: the tokenizer splits it).
    pub nt: bool,
}

impl Word {
    /// True for a word of any script.
    pub fn is_word(&self) -> bool {
        self.kind.is_word()
    }

    /// True for a clause or sentence boundary.
    pub fn is_boundary(&self) -> bool {
        matches!(
            self.kind,
            TokenKind::Punct(PunctKind::Terminal) | TokenKind::Punct(PunctKind::Comma)
        )
    }
}

/// The tokens of `text` (offsets relative to `base`).
pub fn words(text: &str, base: usize, analyzer: &Analyzer) -> Vec<Word> {
    let toks = tokenize(text);
    let mut buf = String::new();
    let mut out: Vec<Word> = Vec::with_capacity(toks.len());
    for (i, t) in toks.iter().enumerate() {
        let raw = &text[t.span.start..t.span.end];
        let f = fold(raw);
        let term = analyzer.term_of(raw, t.kind, &mut buf).map(str::to_owned);
        let capital =
            t.kind == TokenKind::Latin && raw.chars().next().is_some_and(char::is_uppercase);
        // `didn't`: `didn`, `'`, `t` with nothing between them.
        let nt = t.kind == TokenKind::Latin && f.ends_with("n't")
            || t.kind == TokenKind::Latin
                && f.ends_with('n')
                && toks.get(i + 2).is_some_and(|x| {
                    x.span.start
                        == t.span.end + text[t.span.end..].chars().next().map_or(1, char::len_utf8)
                        && text[x.span.start..x.span.end].eq_ignore_ascii_case("t")
                })
                && text[t.span.end..].starts_with(['\'', '’']);
        out.push(Word {
            span: Span::new(base + t.span.start, base + t.span.end),
            kind: t.kind,
            bare: bare(&f).to_string(),
            fold: f,
            term,
            capital,
            nt,
        });
    }
    out
}

/// An amount a text states.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    /// Its value, scale applied (`3.5 مليون` = 3,500,000).
    pub value: f64,
    /// Its unit, canonical (`percent`, `usd`, `km`), when one follows or
    /// precedes it.
    pub unit: Option<&'static str>,
    /// How the text wrote it (for the refusal's reason).
    pub shown: String,
    /// Byte offset of its first token (in the text the words index).
    pub at: usize,
}

impl Amount {
    /// Whether `other` states this amount: the same value (a part in a
    /// million) and no clash of units.
    pub fn agrees(&self, other: &Amount) -> bool {
        let same = (self.value - other.value).abs() <= 1e-6 * self.value.abs().max(1.0);
        same && match (self.unit, other.unit) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        }
    }
}

/// The value of a number token: any digits (ASCII, Arabic-Indic, Persian),
/// `.` or `٫` as the decimal point, `,` or `٬` between groups of three.
pub fn number_value(raw: &str) -> Option<f64> {
    let mut s = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '٫' => s.push('.'),
            '٬' => s.push(','),
            c => match digit_value(c) {
                Some(d) => s.push(char::from(b'0' + d as u8)),
                None if c == '.' || c == ',' => s.push(c),
                None => {}
            },
        }
    }
    if s.contains(',') {
        let groups: Vec<&str> = s.split('.').next().unwrap_or("").split(',').collect();
        if groups.iter().skip(1).all(|g| g.len() == 3) {
            s.retain(|c| c != ',');
        } else if !s.contains('.') {
            s = s.replace(',', ".");
        } else {
            s.retain(|c| c != ',');
        }
    }
    s.trim_matches('.').parse().ok()
}

/// The amounts of `words`: numbers in digits and written numbers, each
/// with a following scale word and a unit on either side.
pub fn amounts(words: &[Word]) -> Vec<Amount> {
    let table = lexicon::number_words();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        let start = i;
        let mut value = None;
        if w.kind == TokenKind::Number {
            value = number_value(&w.fold);
            i += 1;
        } else if w.is_word() {
            // A run of number words: `خمسة وعشرون`, `three hundred and
            // twenty`, `ثلاثة ملايين`.
            let mut total: f64 = 0.0;
            let mut current: f64 = 0.0;
            let mut any = false;
            let mut j = i;
            while j < words.len() {
                let x = &words[j];
                if !x.is_word() {
                    break;
                }
                if any && x.fold == "and" {
                    j += 1;
                    continue;
                }
                let key = number_key(x, any);
                let Some(n) = key.and_then(|k| table.get(k)) else {
                    break;
                };
                if n.scale && n.value < 1000.0 {
                    current = current.max(1.0) * n.value;
                } else if n.scale {
                    total += current.max(1.0) * n.value;
                    current = 0.0;
                } else {
                    current += n.value;
                }
                any = true;
                j += 1;
            }
            if any {
                value = Some(total + current);
                i = j;
            } else {
                i += 1;
            }
        } else {
            i += 1;
        }
        let Some(mut v) = value else { continue };
        // A scale word after digits: `3.5 مليون`, `12 billion`.
        if w.kind == TokenKind::Number
            && let Some(s) = words.get(i).and_then(|x| table.get(x.bare.as_str()))
            && s.scale
        {
            v *= s.value;
            i += 1;
        }
        let unit = match unit_after(words, i) {
            Some((u, n)) => {
                i += n;
                Some(u)
            }
            None => unit_before(words, start),
        };
        let shown = words[start..i.min(words.len())]
            .iter()
            .map(|x| x.fold.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        out.push(Amount {
            value: v,
            unit,
            shown,
            at: words[start].span.start,
        });
    }
    out
}

/// The number-word key of `w`: its bare form, or after a joining `و`
/// (`وعشرون`) when a number came before. `one`/`واحد` are left out: they
/// are mostly "one of", not amounts.
fn number_key(w: &Word, after_number: bool) -> Option<&str> {
    if lexicon::number_words().contains_key(w.fold.as_str()) {
        return Some(&w.fold);
    }
    let b = w.bare.as_str();
    // `المئة` is the hundred of a percentage, not an amount.
    if w.fold.starts_with("ال") || w.fold.starts_with("بال") {
        return None;
    }
    if lexicon::number_words().contains_key(b) {
        return Some(b);
    }
    if after_number {
        return w.fold.strip_prefix('و');
    }
    None
}

/// The unit after word `i` and how many words it takes.
fn unit_after(words: &[Word], i: usize) -> Option<(&'static str, usize)> {
    let units = lexicon::units();
    let w = words.get(i)?;
    if let Some(u) = units
        .get(w.fold.as_str())
        .or_else(|| units.get(w.bare.as_str()))
    {
        return Some((u, 1));
    }
    // `في المئة`, `per cent`.
    let next = words.get(i + 1)?;
    if (w.fold == "في" || w.fold == "per") && units.get(next.fold.as_str()) == Some(&"percent")
        || (w.fold == "per" && next.fold == "cent")
    {
        return Some(("percent", 2));
    }
    None
}

fn unit_before(words: &[Word], i: usize) -> Option<&'static str> {
    let w = words.get(i.checked_sub(1)?)?;
    match w.fold.as_str() {
        "$" => Some("usd"),
        "€" => Some("eur"),
        "£" => Some("pound"),
        _ => None,
    }
}

/// The analyzer the check uses for `lang`: the summarizer's matching
/// preset.
pub fn analyzer(lang: Lang) -> Analyzer {
    Analyzer::for_lang(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amounts_of(s: &str, lang: Lang) -> Vec<(f64, Option<&'static str>)> {
        amounts(&words(s, 0, &analyzer(lang)))
            .into_iter()
            .map(|a| (a.value, a.unit))
            .collect()
    }

    #[test]
    fn digits_of_every_script_and_separators() {
        assert_eq!(number_value("1,200"), Some(1200.0));
        assert_eq!(number_value("١٢٫٥"), Some(12.5));
        assert_eq!(number_value("٢٠٢٤"), Some(2024.0));
        assert_eq!(number_value("۳۴"), Some(34.0));
        assert_eq!(number_value("3,5"), Some(3.5));
        assert_eq!(number_value("1,234.5"), Some(1234.5));
    }

    #[test]
    fn written_numbers_scales_and_units() {
        assert_eq!(
            amounts_of("ارتفعت بنسبة عشرة في المئة", Lang::Ar),
            [(10.0, Some("percent"))]
        );
        assert_eq!(
            amounts_of("ارتفعت بنسبة 10% أمس", Lang::Ar),
            [(10.0, Some("percent"))]
        );
        assert_eq!(amounts_of("قتل خمسة وعشرون شخصا", Lang::Ar), [(25.0, None)]);
        assert_eq!(
            amounts_of("بقيمة 3.5 مليار دولار", Lang::Ar),
            [(3.5e9, Some("usd"))]
        );
        assert_eq!(
            amounts_of("بقيمة ثلاثة ملايين دولار", Lang::Ar),
            [(3e6, Some("usd"))]
        );
        assert_eq!(amounts_of("ثلاثة آلاف", Lang::Ar), [(3000.0, None)]);
        assert_eq!(
            amounts_of("It cost $40 million", Lang::En),
            [(4e7, Some("usd"))]
        );
        assert_eq!(
            amounts_of("three hundred and twenty people", Lang::En),
            [(320.0, None)]
        );
        assert_eq!(
            amounts_of("two million barrels", Lang::En),
            [(2e6, Some("barrel"))]
        );
        assert_eq!(amounts_of("50 km away", Lang::En), [(50.0, Some("km"))]);
        assert_eq!(
            amounts_of("up 5 per cent", Lang::En),
            [(5.0, Some("percent"))]
        );
    }

    #[test]
    fn didnt_is_marked() {
        let w = words("They didn't agree", 0, &analyzer(Lang::En));
        assert!(w[1].nt);
        assert!(!w[0].nt);
    }
}
