//! CSV formula injection: a spreadsheet opening a CSV runs a cell that starts with `=`, `+`,
//! `-` or `@` (and some also after a tab or carriage return) as a formula. Every CSV wafr writes
//! passes each cell through [`cell`], which puts a `'` before such a cell so it stays text
//! (OWASP's advice). The CSV quoting itself is left to the `csv` crate. Invisible Unicode format
//! characters (bidirectional overrides, zero-width characters) are written as `<U+XXXX>`, so a
//! cell never reads otherwise than it is (`textfmt::format_chars_visible`; the importers warn
//! about them too).

use std::borrow::Cow;

/// Characters that make a spreadsheet read a cell as a formula when they come first. The
/// full-width forms are included because some spreadsheet programs normalise them.
const TRIGGERS: &[char] = &[
    '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

/// The cell as it is, with its invisible format characters shown as `<U+XXXX>`, and with a
/// leading `'` when it would start a formula (also after leading spaces, which some programs
/// trim before deciding).
pub fn cell(s: &str) -> Cow<'_, str> {
    let shown = crate::textfmt::format_chars_visible(s);
    match shown.trim_start_matches(' ').chars().next() {
        Some(c) if TRIGGERS.contains(&c) => Cow::Owned(format!("'{shown}")),
        _ => shown,
    }
}

/// Writes one record with every cell neutralised.
pub(crate) fn write_record<W: std::io::Write, S: AsRef<str>>(
    w: &mut csv::Writer<W>,
    cells: impl IntoIterator<Item = S>,
) -> csv::Result<()> {
    let cells: Vec<String> = cells
        .into_iter()
        .map(|c| cell(c.as_ref()).into_owned())
        .collect();
    w.write_record(&cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised() {
        for s in [
            "=1+1",
            "+1",
            "-2",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "=HYPERLINK(\"http://x\")",
            "＝1",
            "  =1",
        ] {
            assert!(cell(s).starts_with('\''), "{s:?}");
        }
        for s in ["SEC01-BP01", "2026-12-15", "High", "", "a=b", " a"] {
            assert_eq!(cell(s), s);
        }
    }

    #[test]
    fn invisible_format_characters_are_shown() {
        assert_eq!(cell("pay\u{202E}lanif"), "pay<U+202E>lanif");
        assert_eq!(cell("\u{200B}=1"), "<U+200B>=1");
        assert_eq!(cell("team\u{2066}a\u{2069}"), "team<U+2066>a<U+2069>");
    }
}
