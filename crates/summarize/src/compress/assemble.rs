//! Assembly: the kept pieces of a sentence joined into the text a reader
//! sees, commas tidied, the final stop kept, a borrowed name put in place.

use super::{Compressed, Speaker, is_terminal};
use std::ops::Range;

/// Removes `del` (original byte ranges) from `s` and tidies the joins.
/// `insert`, when given, is a speaker's name to put at byte `at` of `s`:
/// (at, how many sentences back, its span there, the earlier sentences).
pub(super) fn assemble(
    s: &str,
    mut del: Vec<Range<usize>>,
    insert: Option<(usize, usize, Range<usize>, &[&str])>,
) -> Compressed {
    del.sort_by_key(|r| r.start);
    let mut pieces: Vec<Range<usize>> = Vec::new();
    let mut at = 0;
    for r in del {
        if r.start > at {
            pieces.push(at..r.start);
        }
        at = at.max(r.end);
    }
    if at < s.len() {
        pieces.push(at..s.len());
    }
    // The name goes between two pieces: split the one it falls inside.
    if let Some((p, ..)) = insert
        && let Some(k) = pieces.iter().position(|r| r.start < p && p < r.end)
    {
        let r = pieces[k].clone();
        pieces[k] = r.start..p;
        pieces.insert(k + 1, p..r.end);
    }
    // Trim whitespace from each piece; drop empty ones.
    let mut trimmed: Vec<Range<usize>> = Vec::new();
    for p in pieces {
        let t = &s[p.clone()];
        let a = p.start + (t.len() - t.trim_start().len());
        let b = p.start + t.trim_end().len();
        if b > a {
            trimmed.push(a..b);
        }
    }
    let is_content = |r: &Range<usize>| s[r.clone()].chars().any(char::is_alphanumeric);
    // A content piece followed by punctuation only (or nothing) loses a
    // dangling comma at its end.
    for k in 0..trimmed.len() {
        let next_is_content = trimmed.get(k + 1).is_some_and(is_content);
        if is_content(&trimmed[k]) && !next_is_content {
            let t = &s[trimmed[k].clone()];
            let cut = t.trim_end_matches(['،', ',', '؛', ';', ':', ' ']).len();
            trimmed[k].end = trimmed[k].start + cut;
        }
    }
    // The pieces the name goes before (all of them when it goes at the end).
    let name_before = insert.as_ref().map(|(p, ..)| {
        trimmed
            .iter()
            .position(|r| r.start >= *p)
            .unwrap_or(trimmed.len())
    });
    let mut text = String::new();
    let mut speaker = None;
    let put_name = |text: &mut String| {
        if let Some((_, back, span, before)) = &insert {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&before[back - 1][span.clone()]);
        }
    };
    for (k, r) in trimmed.iter().enumerate() {
        if name_before == Some(k) {
            put_name(&mut text);
        }
        let t = &s[r.clone()];
        let glue = !text.is_empty() && t.chars().next().is_some_and(char::is_alphanumeric)
            || !text.is_empty() && t.starts_with(['"', '«', '(', '“']);
        if glue {
            text.push(' ');
        }
        text.push_str(t);
    }
    if name_before == Some(trimmed.len()) {
        put_name(&mut text);
    }
    if let (Some(k), Some((_, back, span, _))) = (name_before, &insert) {
        speaker = Some(Speaker {
            back: *back,
            span: span.clone(),
            at: trimmed[..k].iter().filter(|r| is_content(r)).count(),
        });
    }
    // The sentence keeps a final stop if it had one (a deleted tail may have
    // taken a closing quote that stood before it).
    let had_stop = s
        .trim_end()
        .ends_with(|c: char| is_terminal(c) || matches!(c, '"' | '»' | '”' | ')'));
    if had_stop && !text.ends_with(is_terminal) && !text.ends_with(['"', '»', '”', ')']) {
        text.push('.');
    }
    let kept = trimmed.into_iter().filter(is_content).collect();
    Compressed {
        text,
        kept,
        speaker,
        next: Vec::new(),
    }
}
