//! Small text helpers shared by the importers: byte-order marks, UTF-8 decoding with a located
//! error, the date forms found in review files, and quoting values in messages.

use time::{Date, Month};

use crate::error::{Error, Location, Result};

/// The bytes without a UTF-8 byte-order mark.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Decodes UTF-8 (a BOM is dropped), or fails naming the line and column of the first bad byte.
pub fn decode_utf8(bytes: &[u8], at: &Location) -> Result<String> {
    let b = strip_bom(bytes);
    match std::str::from_utf8(b) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let good = b.get(..e.valid_up_to()).unwrap_or_default();
            let line = good.iter().filter(|&&c| c == b'\n').count() as u32 + 1;
            let col = good.iter().rev().take_while(|&&c| c != b'\n').count() as u32 + 1;
            Err(Error::data(
                at.clone().line(line, col),
                "not-utf8",
                format!(
                    "invalid UTF-8 at byte {} (save the file as UTF-8)",
                    e.valid_up_to()
                ),
            ))
        }
    }
}

/// Parses the date forms of review files: `2025-03-04`, `2025-03-04T10:15:00+00:00`,
/// `2025-03-04 15:39:46.921000+00:00` (the WA labs exporter), `04/03/2025` is refused as
/// ambiguous. Returns `None` for anything else.
pub fn parse_date(s: &str) -> Option<Date> {
    let t = s.trim();
    if t.len() < 10 {
        return None;
    }
    let head = t.get(..10)?;
    let rest = t.get(10..)?;
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ') || rest.starts_with('t'))
    {
        return None;
    }
    if head.as_bytes().get(4) != Some(&b'-') || head.as_bytes().get(7) != Some(&b'-') {
        return None;
    }
    let y: i32 = head.get(..4)?.parse().ok()?;
    let m: u8 = head.get(5..7)?.parse().ok()?;
    let d: u8 = head.get(8..10)?.parse().ok()?;
    Date::from_calendar_date(y, Month::try_from(m).ok()?, d).ok()
}

/// A date from seconds since the Unix epoch (the WA Tool API's raw timestamps).
pub fn date_from_epoch(secs: f64) -> Option<Date> {
    if !secs.is_finite() {
        return None;
    }
    let dt = time::OffsetDateTime::from_unix_timestamp(secs as i64).ok()?;
    Some(dt.date())
}

/// At most `n` characters of `s`, with an ellipsis when cut (for quoting values in messages).
pub fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// The first control character (other than tab, line feed and carriage return) in `s`.
pub fn control_char(s: &str) -> Option<char> {
    s.chars().find(|&c| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2025-03-04"), Some(date!(2025 - 03 - 04)));
        assert_eq!(
            parse_date("2025-03-04T10:15:00+00:00"),
            Some(date!(2025 - 03 - 04))
        );
        assert_eq!(
            parse_date("2021-05-19 15:39:46.921000+00:00"),
            Some(date!(2021 - 05 - 19))
        );
        assert_eq!(parse_date("2025-02-30"), None);
        assert_eq!(parse_date("04/03/2025"), None);
        assert_eq!(parse_date("2025-03-04x"), None);
        assert_eq!(
            date_from_epoch(1_741_083_300.0),
            Some(date!(2025 - 03 - 04))
        );
    }

    #[test]
    fn bad_utf8_is_located() {
        let err = decode_utf8(b"{\n  \"a\": \"\xff\"", &Location::file("x.json")).unwrap_err();
        assert!(err.to_string().contains("1 problem"), "{err}");
        let crate::error::Error::Invalid { problems, .. } = err else {
            panic!()
        };
        assert_eq!(problems[0].at.as_ref().unwrap().line, Some((2, 9)));
    }
}
