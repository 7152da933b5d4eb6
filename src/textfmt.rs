//! Small text helpers shared by every stage, each written once: percentages with one decimal,
//! shares of a bar, counts with their noun, text cut to a length, and how a closed set of
//! values is spelled ([`Named`]), and characters that must not reach a terminal or a cell raw
//! made visible ([`visible`]). Pure; no I/O.

/// A closed set of values with a name each (output formats, PDF standards, gates …): the one
/// place their spellings are stated, for parsing, help texts and messages alike.
pub trait Named: Copy + 'static {
    /// Every value, in the order help texts list them.
    const VARIANTS: &'static [Self];

    /// The name.
    fn name(self) -> &'static str;

    /// Other spellings accepted.
    fn aliases(self) -> &'static [&'static str] {
        &[]
    }

    /// The value of a name or alias, in any case, spaces around ignored.
    fn from_name(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::VARIANTS.iter().copied().find(|v| {
            v.name().eq_ignore_ascii_case(s)
                || v.aliases().iter().any(|a| a.eq_ignore_ascii_case(s))
        })
    }

    /// Every name, comma-separated, for messages.
    fn names() -> String {
        Self::VARIANTS
            .iter()
            .map(|v| v.name())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `n ÷ d` in percent, rounded to one decimal; absent when `d` is 0 (nothing to divide by).
pub(crate) fn percent(n: u32, d: u32) -> Option<f64> {
    (d > 0).then(|| (f64::from(n) * 1000.0 / f64::from(d)).round() / 10.0)
}

/// A percentage as reports print it, `61.3%`, or `none` when there is none.
pub(crate) fn percent_text(p: Option<f64>, none: &str) -> String {
    p.map_or_else(|| none.to_owned(), |p| format!("{p:.1}%"))
}

/// `count ÷ total`, 0 to 1, for the segments of a bar (0 when the bar is empty).
pub(crate) fn share(count: u32, total: u32) -> f64 {
    if total == 0 {
        0.0
    } else {
        f64::from(count) / f64::from(total)
    }
}

/// A cost as reports print it: the amount ([`amount`]) after the review's currency code when
/// it states one (`EUR 1,500`), the amount alone when not.
pub(crate) fn money(x: f64, currency: Option<&str>) -> String {
    match currency {
        Some(c) => format!("{c} {}", amount(x)),
        None => amount(x),
    }
}

/// A number of days or money as reports print it, rounded to one decimal and without a
/// needless one, thousands grouped: `12`, `12.5`, `30,000`.
pub(crate) fn amount(x: f64) -> String {
    let rounded = (x * 10.0).round() / 10.0;
    let whole = rounded.trunc() as i64;
    let digits = whole.abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    let frac = ((rounded.abs() - rounded.abs().trunc()) * 10.0).round() as i64;
    if frac == 0 {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// A count with its noun: `1 workload`, `3 workloads` (`one` and `many` as given).
pub fn count(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// At most `n` characters of `s` (`n` ≥ 1), the last one an ellipsis when cut.
pub(crate) fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The candidate closest to `word` (case-insensitive), when it is within two edits and the
/// word is not too long to be a mistyped id: for "did you mean" hints on practice ids, control
/// ids, headers and status words.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let w = word.trim().to_lowercase();
    if w.is_empty() || w.chars().count() > 40 {
        return None;
    }
    let len = w.chars().count();
    // Optimal string alignment: a swap of two neighbours (`PB` for `BP`) is one edit. On a tie
    // the candidate of the same length wins (`A.5.51` → `A.5.15`, not `A.5.1`).
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(&w, &c.to_lowercase()), c))
        .filter(|(d, c)| *d > 0 && *d <= 2 && *d < c.chars().count())
        .min_by_key(|(d, c)| (*d, c.chars().count().abs_diff(len)))
        .map(|(_, c)| c)
}

/// True for the invisible Unicode format characters that can make text read otherwise than
/// it is: the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069,
/// U+200E, U+200F, U+061C), the zero-width space, non-joiner and joiner (U+200B–U+200D), the
/// word joiner and invisible operators (U+2060–U+2064) and the byte-order mark (U+FEFF).
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// The first invisible format character of `s` ([`is_invisible_format`]).
pub(crate) fn invisible_format(s: &str) -> Option<char> {
    s.chars().find(|&c| is_invisible_format(c))
}

/// `s` with every invisible format character ([`is_invisible_format`]) written as
/// `<U+XXXX>`: what the CSV exports hold, so a spreadsheet shows where one was.
pub(crate) fn format_chars_visible(s: &str) -> std::borrow::Cow<'_, str> {
    escape_where(s, is_invisible_format)
}

/// `s` with every control character (but line feed and tab) and every invisible format
/// character written as `<U+XXXX>`, so that text from a file (a workload name, a file name in
/// a manifest) can neither send escape sequences to a terminal nor reorder what a reader sees.
pub(crate) fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    escape_where(s, |c| {
        (c.is_control() && c != '\n' && c != '\t') || is_invisible_format(c)
    })
}

fn escape_where(s: &str, hidden: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(&hidden) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if hidden(c) {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_plainly() {
        assert_eq!(money(1500.0, Some("EUR")), "EUR 1,500");
        assert_eq!(money(1500.0, None), "1,500");
        assert_eq!(amount(12.0), "12");
        assert_eq!(amount(12.46), "12.5");
        assert_eq!(amount(30000.0), "30,000");
        assert_eq!(amount(1234567.25), "1,234,567.3");
        assert_eq!(amount(0.0), "0");
    }

    #[test]
    fn helpers() {
        assert_eq!(percent(1, 3), Some(33.3));
        assert_eq!(percent(2, 3), Some(66.7));
        assert_eq!(percent(1, 0), None);
        assert_eq!(percent_text(Some(22.22), "n/a"), "22.2%");
        assert_eq!(percent_text(None, "n/a"), "n/a");
        assert_eq!(share(1, 4), 0.25);
        assert_eq!(share(1, 0), 0.0);
        assert_eq!(count(1, "HRI", "HRIs"), "1 HRI");
        assert_eq!(count(0, "HRI", "HRIs"), "0 HRIs");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abcd", 3), "ab…");
    }

    #[test]
    fn suggestions() {
        let ids = ["SEC02-BP01", "SEC02-BP02", "A.5.15"];
        assert_eq!(did_you_mean("SEC02-PB01", ids), Some("SEC02-BP01"));
        assert_eq!(did_you_mean("a.5.51", ids), Some("A.5.15"));
        assert_eq!(did_you_mean("A.5.51", ["A.5.1", "A.5.15"]), Some("A.5.15"));
        assert_eq!(did_you_mean("SEC09-BP07", ["A.5.15"]), None);
        assert_eq!(did_you_mean("", ids), None);
    }

    #[test]
    fn hidden_characters_are_shown() {
        assert_eq!(visible("plain\n\ttext"), "plain\n\ttext");
        assert_eq!(
            visible("a\u{1b}[2Jb\r\u{202E}c"),
            "a<U+001B>[2Jb<U+000D><U+202E>c"
        );
        assert_eq!(format_chars_visible("x\u{200B}y\u{7}"), "x<U+200B>y\u{7}");
        assert_eq!(invisible_format("ab\u{FEFF}"), Some('\u{FEFF}'));
        assert_eq!(invisible_format("ab é"), None);
    }
}
