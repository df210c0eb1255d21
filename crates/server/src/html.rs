//! Escaping for server-rendered HTML. Everything that comes from an
//! article or a request goes through [`esc`] (text and attribute values
//! alike); URLs put in `src`/`href` also go through [`safe_url`].

use khulasa_core::MONTHS_AR;
use std::fmt::Write;

/// Escapes `& < > " '` so the text is inert in element content and in
/// quoted attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    esc_into(&mut out, s);
    out
}

/// [`esc`], appending to `out`.
pub(crate) fn esc_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Controls other than tab and newline have no place in a page.
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
}

/// A URL that may go into `src`: `http(s)://` or a path on this server.
/// Anything else (`javascript:`, `data:`, protocol-relative `//host`) is
/// refused.
pub(crate) fn safe_url(url: &str) -> Option<&str> {
    let u = url.trim();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    let ok = lower.starts_with("https://")
        || lower.starts_with("http://")
        || (u.starts_with('/') && !u.starts_with("//"));
    (ok && !u.chars().any(|c| c.is_whitespace() || c.is_control())).then_some(u)
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// An ISO 8601 date as a reader reads it: `29 نوفمبر 2024` for Arabic,
/// `29 November 2024` otherwise. `None` when the date does not start with
/// `YYYY-MM-DD`.
pub(crate) fn human_date(iso: &str, arabic: bool) -> Option<String> {
    let y: u32 = iso.get(0..4)?.parse().ok()?;
    let m: usize = iso.get(5..7)?.parse().ok()?;
    let d: u32 = iso.get(8..10)?.parse().ok()?;
    if iso.get(4..5)? != "-"
        || iso.get(7..8)? != "-"
        || !(1..=12).contains(&m)
        || !(1..=31).contains(&d)
    {
        return None;
    }
    let month = if arabic {
        MONTHS_AR[m - 1]
    } else {
        MONTHS_EN[m - 1]
    };
    let mut s = String::new();
    let _ = write!(s, "{d} {month} {y}");
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(esc("نص\u{0}عربي"), "نصعربي");
    }

    #[test]
    fn only_web_urls_are_safe() {
        assert_eq!(
            safe_url("https://x.example/a.jpg"),
            Some("https://x.example/a.jpg")
        );
        assert_eq!(
            safe_url("/assets/demo-photo.svg"),
            Some("/assets/demo-photo.svg")
        );
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:image/svg+xml,<svg>",
            "//evil.example/x",
            "https://a b",
        ] {
            assert_eq!(safe_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_read_naturally() {
        assert_eq!(
            human_date("2024-11-29", true).as_deref(),
            Some("29 نوفمبر 2024")
        );
        assert_eq!(
            human_date("2024-11-29T10:00:00+03:00", false).as_deref(),
            Some("29 November 2024")
        );
        assert_eq!(human_date("2024-13-01", true), None);
        assert_eq!(human_date("29/11/2024", true), None);
        assert_eq!(human_date("", true), None);
    }
}
