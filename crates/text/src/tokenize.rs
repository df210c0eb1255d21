//! Tokenisation with spans: Arabic words, Latin words, other words, numbers,
//! punctuation by kind, symbols.
//!
//! A word is a run of letters of one script, with its diacritics, tatweel and
//! joiners inside it; a change of script ends it (`بـCNN` is two tokens). A
//! number keeps its inner separators (`12.5`, `1,200`, `١٢٫٥`). Whitespace
//! is not a token.
//!
//! ```
//! use khulasa_text::{tokenize, TokenKind, PunctKind};
//! let text = "ارتفع السهم 12.5% في Nasdaq،";
//! let kinds: Vec<TokenKind> = tokenize(text).iter().map(|t| t.kind).collect();
//! assert_eq!(kinds, [
//!     TokenKind::Arabic, TokenKind::Arabic, TokenKind::Number, TokenKind::Symbol,
//!     TokenKind::Arabic, TokenKind::Latin, TokenKind::Punct(PunctKind::Comma),
//! ]);
//! ```

use khulasa_core::Span;

/// One token: where it is and what it is. Its text is `span.slice(original)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Where the token lies in the original text.
    pub span: Span,
    /// What kind of token it is.
    pub kind: TokenKind,
}

/// The kinds of token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A word in Arabic script.
    Arabic,
    /// A word in Latin script.
    Latin,
    /// A word in another script.
    Word,
    /// A number, with its inner separators.
    Number,
    /// Punctuation.
    Punct(PunctKind),
    /// Anything else that is not a space: `%`, `$`, `+`, emoji.
    Symbol,
}

impl TokenKind {
    /// True for words of any script.
    pub fn is_word(self) -> bool {
        matches!(self, TokenKind::Arabic | TokenKind::Latin | TokenKind::Word)
    }
}

/// Punctuation, by what it does in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PunctKind {
    /// Ends a sentence: `. ! ? ؟ …`
    Terminal,
    /// Separates clauses: `, ، ; ؛ :`
    Comma,
    /// Quotation marks.
    Quote,
    /// Brackets and parentheses.
    Bracket,
    /// Dashes and hyphens.
    Dash,
    /// Other punctuation: `/ \ * & # @`.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Arabic,
    Latin,
    Word,
    Digit,
    Mark,
    Space,
    Punct(PunctKind),
    Symbol,
}

fn class(c: char) -> Class {
    if c.is_ascii() {
        return match c {
            'a'..='z' | 'A'..='Z' => Class::Latin,
            '0'..='9' => Class::Digit,
            ' ' | '\t' | '\n' | '\r' | '\x0B' | '\x0C' => Class::Space,
            '.' | '!' | '?' => Class::Punct(PunctKind::Terminal),
            ',' | ';' | ':' => Class::Punct(PunctKind::Comma),
            '"' | '\'' | '`' => Class::Punct(PunctKind::Quote),
            '(' | ')' | '[' | ']' | '{' | '}' => Class::Punct(PunctKind::Bracket),
            '-' | '_' => Class::Punct(PunctKind::Dash),
            '/' | '\\' | '*' | '&' | '#' | '@' => Class::Punct(PunctKind::Other),
            _ if c.is_ascii_control() => Class::Space,
            _ => Class::Symbol,
        };
    }
    match c {
        // Fast path: the Arabic letters, before any table lookup.
        '\u{0621}'..='\u{063A}'
        | '\u{0641}'..='\u{064A}'
        | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}'
        | '\u{06D5}' => Class::Arabic,
        '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' => Class::Digit,
        '؟' | '…' | '۔' => Class::Punct(PunctKind::Terminal),
        '،' | '؛' => Class::Punct(PunctKind::Comma),
        '«' | '»' | '“' | '”' | '‘' | '’' | '„' | '‹' | '›' => {
            Class::Punct(PunctKind::Quote)
        }
        '–' | '—' | '‐' | '‑' | '−' => Class::Punct(PunctKind::Dash),
        '٪' | '؉' | '؊' => Class::Symbol,
        // Joiners and diacritics belong to the word they sit in.
        '\u{200C}' | '\u{200D}' | '\u{0640}' => Class::Mark,
        _ if crate::normalize::step::is_diacritic(c) => Class::Mark,
        _ if ('\u{0300}'..='\u{036F}').contains(&c) => Class::Mark,
        _ if c.is_whitespace() || crate::normalize::step::is_control(c) => Class::Space,
        _ if c.is_alphabetic() => {
            if is_arabic_script(c) {
                Class::Arabic
            } else if is_latin_script(c) {
                Class::Latin
            } else {
                Class::Word
            }
        }
        _ if c.is_numeric() => Class::Digit,
        '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{3000}'..='\u{303F}' => {
            Class::Punct(PunctKind::Other)
        }
        _ => Class::Symbol,
    }
}

/// True for letters of the Arabic script blocks.
pub fn is_arabic_script(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

fn is_latin_script(c: char) -> bool {
    matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' | '\u{FF21}'..='\u{FF5A}')
}

/// Splits `text` into tokens, in order, with spans into `text`.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    tokenize_into(text, &mut out);
    out
}

/// Appends the tokens of `text` to `out` (reuse the vector to avoid allocation).
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b' ' {
            i += 1;
            continue;
        }
        let start = i;
        let c = char_at(text, i);
        i += c.len_utf8();
        let cls = class(c);
        let mut end = i;
        let kind = match cls {
            Class::Space => continue,
            Class::Mark => {
                // A stray mark with no word before it: attach to what follows
                // if it is a word, else a symbol.
                TokenKind::Symbol
            }
            Class::Arabic | Class::Latin | Class::Word => {
                while i < b.len() {
                    // Fast paths, before decoding a char: Arabic letters,
                    // tatweel and harakat inside an Arabic word; ASCII
                    // letters inside a Latin one.
                    if cls == Class::Arabic && arabic_word_bytes(b[i], b.get(i + 1).copied()) {
                        i += 2;
                        end = i;
                        continue;
                    }
                    if cls == Class::Latin && b[i].is_ascii_alphabetic() {
                        i += 1;
                        end = i;
                        continue;
                    }
                    let n = char_at(text, i);
                    let nc = class(n);
                    let same = nc == cls || nc == Class::Mark
                        // an apostrophe inside a Latin word: don't, O'Neil
                        || (cls == Class::Latin && n == '\'' && next_is(text, i + 1, Class::Latin));
                    if !same {
                        break;
                    }
                    i += n.len_utf8();
                    end = i;
                }
                match cls {
                    Class::Arabic => TokenKind::Arabic,
                    Class::Latin => TokenKind::Latin,
                    _ => TokenKind::Word,
                }
            }
            Class::Digit => {
                while i < b.len() {
                    if b[i].is_ascii_digit() {
                        i += 1;
                        end = i;
                        continue;
                    }
                    let n = char_at(text, i);
                    let nc = class(n);
                    let sep = matches!(n, '.' | ',' | '٫' | '٬')
                        && next_is(text, i + n.len_utf8(), Class::Digit);
                    if nc != Class::Digit && !sep {
                        break;
                    }
                    i += n.len_utf8();
                    end = i;
                }
                TokenKind::Number
            }
            Class::Punct(k) => {
                // Runs of the same terminal mark are one token: "..." "؟!".
                if k == PunctKind::Terminal {
                    while i < b.len() {
                        let n = char_at(text, i);
                        if class(n) != Class::Punct(PunctKind::Terminal) {
                            break;
                        }
                        i += n.len_utf8();
                        end = i;
                    }
                }
                TokenKind::Punct(k)
            }
            Class::Symbol => TokenKind::Symbol,
        };
        out.push(Token {
            span: Span::new(start, end),
            kind,
        });
    }
}

/// The char starting at byte `i` of `text` (a char boundary): one- and
/// two-byte chars decoded in place, longer ones by `chars`.
#[inline]
pub(crate) fn char_at(text: &str, i: usize) -> char {
    let b = text.as_bytes();
    let x = b[i];
    if x < 0x80 {
        return char::from(x);
    }
    if (0xC2..=0xDF).contains(&x)
        && let Some(&y) = b.get(i + 1)
    {
        let cp = (u32::from(x & 0x1F) << 6) | u32::from(y & 0x3F);
        return char::from_u32(cp).unwrap_or_default();
    }
    text[i..].chars().next().unwrap_or_default()
}

/// True when the UTF-8 bytes `x`, `y` encode a char that continues an
/// Arabic word in `class`: the letters U+0621–U+063A (`D8 A1`–`D8 BA`), and
/// U+0640–U+065F (`D9 80`–`D9 9F`): tatweel (a mark), the letters
/// U+0641–U+064A, and the harakat U+064B–U+065F (marks).
#[inline]
fn arabic_word_bytes(x: u8, y: Option<u8>) -> bool {
    match (x, y) {
        (0xD8, Some(y)) => (0xA1..=0xBA).contains(&y),
        (0xD9, Some(y)) => (0x80..=0x9F).contains(&y),
        _ => false,
    }
}

fn next_is(text: &str, at: usize, want: Class) -> bool {
    text.get(at..)
        .and_then(|s| s.chars().next())
        .is_some_and(|c| class(c) == want)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<(&str, TokenKind)> {
        tokenize(text)
            .iter()
            .map(|t| (t.span.slice(text).unwrap(), t.kind))
            .collect()
    }

    #[test]
    fn arabic_words_keep_marks_and_tatweel() {
        assert_eq!(
            toks("الْمَدْرَسَةُ جمـيلة"),
            [
                ("الْمَدْرَسَةُ", TokenKind::Arabic),
                ("جمـيلة", TokenKind::Arabic)
            ]
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(
            toks("1.200.000 و١٢٫٥ و3."),
            [
                ("1.200.000", TokenKind::Number),
                ("و", TokenKind::Arabic),
                ("١٢٫٥", TokenKind::Number),
                ("و", TokenKind::Arabic),
                ("3", TokenKind::Number),
                (".", TokenKind::Punct(PunctKind::Terminal)),
            ]
        );
    }

    #[test]
    fn scripts_split() {
        assert_eq!(
            toks("بـCNN don't"),
            [
                ("بـ", TokenKind::Arabic),
                ("CNN", TokenKind::Latin),
                ("don't", TokenKind::Latin)
            ]
        );
        assert_eq!(
            toks("東京 ok"),
            [("東京", TokenKind::Word), ("ok", TokenKind::Latin)]
        );
    }

    #[test]
    fn punctuation_kinds() {
        let got: Vec<TokenKind> = tokenize("؟! ، ؛ « » ( ) – / 🙂")
            .iter()
            .map(|t| t.kind)
            .collect();
        use PunctKind::*;
        assert_eq!(
            got,
            [
                TokenKind::Punct(Terminal),
                TokenKind::Punct(Comma),
                TokenKind::Punct(Comma),
                TokenKind::Punct(Quote),
                TokenKind::Punct(Quote),
                TokenKind::Punct(Bracket),
                TokenKind::Punct(Bracket),
                TokenKind::Punct(Dash),
                TokenKind::Punct(Other),
                TokenKind::Symbol,
            ]
        );
    }

    #[test]
    fn date_with_slash() {
        let t = toks("19 يونيو/حزيران");
        assert_eq!(
            t.iter().map(|x| x.0).collect::<Vec<_>>(),
            ["19", "يونيو", "/", "حزيران"]
        );
    }

    /// `tokenize_into` as first written, char by char: the fast paths must
    /// give the same tokens.
    fn reference_tokenize(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut it = text.char_indices().peekable();
        while let Some((start, c)) = it.next() {
            let cls = class(c);
            let mut end = start + c.len_utf8();
            let kind = match cls {
                Class::Space => continue,
                Class::Mark => {
                    // A stray mark with no word before it: attach to what follows
                    // if it is a word, else a symbol.
                    TokenKind::Symbol
                }
                Class::Arabic | Class::Latin | Class::Word => {
                    while let Some(&(j, n)) = it.peek() {
                        let nc = class(n);
                        let same = nc == cls || nc == Class::Mark
                            // an apostrophe inside a Latin word: don't, O'Neil
                            || (cls == Class::Latin && n == '\'' && next_is(text, j + 1, Class::Latin));
                        if !same {
                            break;
                        }
                        end = j + n.len_utf8();
                        it.next();
                    }
                    match cls {
                        Class::Arabic => TokenKind::Arabic,
                        Class::Latin => TokenKind::Latin,
                        _ => TokenKind::Word,
                    }
                }
                Class::Digit => {
                    while let Some(&(j, n)) = it.peek() {
                        let nc = class(n);
                        let sep = matches!(n, '.' | ',' | '٫' | '٬')
                            && next_is(text, j + n.len_utf8(), Class::Digit);
                        if nc != Class::Digit && !sep {
                            break;
                        }
                        end = j + n.len_utf8();
                        it.next();
                    }
                    TokenKind::Number
                }
                Class::Punct(k) => {
                    // Runs of the same terminal mark are one token: "..." "؟!".
                    if k == PunctKind::Terminal {
                        while let Some(&(j, n)) = it.peek() {
                            if class(n) != Class::Punct(PunctKind::Terminal) {
                                break;
                            }
                            end = j + n.len_utf8();
                            it.next();
                        }
                    }
                    TokenKind::Punct(k)
                }
                Class::Symbol => TokenKind::Symbol,
            };
            out.push(Token {
                span: Span::new(start, end),
                kind,
            });
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        #[test]
        fn same_tokens_as_char_by_char(text in crate::normalize::tests::mixed_text()) {
            proptest::prop_assert_eq!(tokenize(&text), reference_tokenize(&text));
        }

        #[test]
        fn same_tokens_on_any_text(text in "\\PC{0,60}") {
            proptest::prop_assert_eq!(tokenize(&text), reference_tokenize(&text));
        }
    }

    #[test]
    fn fast_path_bytes_are_word_chars() {
        for cp in 0x0600u32..0x0700 {
            let c = char::from_u32(cp).unwrap();
            let mut buf = [0u8; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            if arabic_word_bytes(b[0], b.get(1).copied()) {
                assert!(
                    matches!(class(c), Class::Arabic | Class::Mark),
                    "U+{cp:04X}"
                );
            }
        }
    }
}
