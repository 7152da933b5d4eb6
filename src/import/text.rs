//! Small text helpers shared by the importers: byte-order marks, decoding (UTF-8 with a located
//! error; for CSV also UTF-16 and Windows-1252), the date forms found in review files, the
//! forms of account ids and hashes, and quoting values in messages.
//!
//! Encodings ([`decode`]): UTF-8 with or without a byte-order mark; UTF-16 with a byte-order
//! mark (Excel's "Unicode Text"); otherwise, text that is not valid UTF-8 is read as
//! Windows-1252 (what Excel on Windows writes for "CSV (Comma delimited)" in Western European
//! locales) with a warning, and refused when it is not valid Windows-1252 either.

use std::borrow::Cow;

use time::{Date, Month};

use crate::error::{Diagnostic, Diagnostics, Error, Location, Result};

/// The bytes without a UTF-8 byte-order mark.
pub(crate) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Decodes UTF-8 (a BOM is dropped), or fails naming the line and column of the first bad byte.
pub(crate) fn decode_utf8(bytes: &[u8], at: &Location) -> Result<String> {
    let b = strip_bom(bytes);
    match std::str::from_utf8(b) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let (line, col) = line_col(b, e.valid_up_to());
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

/// Decoded text and a warning when it was not UTF-8.
#[derive(Debug)]
pub(crate) struct Decoded {
    /// The text, without a byte-order mark.
    pub text: String,
    /// Name of the encoding read: read by the unit tests only (which decoder ran), and in
    /// `Debug` output.
    #[allow(dead_code)]
    pub encoding: &'static str,
    /// A warning about the encoding, when it had to be guessed.
    pub warning: Option<Diagnostic>,
}

/// Decodes the bytes of a text file: UTF-8, UTF-16 or Windows-1252 (see the module documentation).
pub(crate) fn decode(bytes: &[u8], at: &Location) -> Result<Decoded> {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, encoding_rs::UTF_16LE, "UTF-16LE", at);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, encoding_rs::UTF_16BE, "UTF-16BE", at);
    }
    let b = strip_bom(bytes);
    if let Some(pos) = b.iter().position(|&c| c == 0) {
        let (line, col) = line_col(b, pos);
        return Err(Error::data(
            at.clone().line(line, col),
            "not-text",
            "the file holds NUL bytes, so it is not text: if it is UTF-16 text without a byte-order mark, \
             save it as UTF-8 (\"CSV UTF-8\" in Excel); otherwise give a JSON, XLSX, XLS, ODS or CSV file",
        ));
    }
    match std::str::from_utf8(b) {
        Ok(s) => Ok(Decoded {
            text: s.to_owned(),
            encoding: "UTF-8",
            warning: None,
        }),
        Err(e) => {
            let bad = e.valid_up_to();
            let (line, col) = line_col(b, bad);
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(b);
            // Windows-1252 leaves five bytes undefined; encoding_rs maps them to C1 controls.
            if let Some(p) = text
                .chars()
                .position(|c| ('\u{80}'..='\u{9F}').contains(&c))
            {
                let _ = p;
                return Err(Error::data(
                    at.clone().line(line, col),
                    "not-utf8",
                    format!(
                        "the file is not UTF-8 (invalid byte 0x{:02X} at byte {bad}) nor Windows-1252: \
                         save it as UTF-8 (\"CSV UTF-8\" in Excel, \"Unicode (UTF-8)\" in LibreOffice)",
                        b.get(bad).copied().unwrap_or_default()
                    ),
                ));
            }
            let warning = Diagnostic::warning(
                "csv-not-utf8",
                Some(at.clone().line(line, col)),
                format!(
                    "the file is not UTF-8 (byte 0x{:02X} at byte {bad}); it was read as Windows-1252 \
                     (Western European): check accented letters in the output, or save the file as \
                     \"CSV UTF-8\" to be sure",
                    b.get(bad).copied().unwrap_or_default()
                ),
            );
            Ok(Decoded {
                text: text.into_owned(),
                encoding: "Windows-1252",
                warning: Some(warning),
            })
        }
    }
}

fn utf16(
    rest: &[u8],
    enc: &'static encoding_rs::Encoding,
    name: &'static str,
    at: &Location,
) -> Result<Decoded> {
    match enc.decode_without_bom_handling_and_without_replacement(rest) {
        Some(Cow::Borrowed(s)) => Ok(Decoded {
            text: s.to_owned(),
            encoding: name,
            warning: None,
        }),
        Some(Cow::Owned(s)) => Ok(Decoded {
            text: s,
            encoding: name,
            warning: None,
        }),
        None => Err(Error::data(
            at.clone(),
            "not-utf16",
            format!(
                "the file starts with a {name} byte-order mark but is not valid {name} text: save it as UTF-8"
            ),
        )),
    }
}

/// 1-based line and column (in bytes) of a byte offset.
fn line_col(b: &[u8], pos: usize) -> (u32, u32) {
    let before = b.get(..pos.min(b.len())).unwrap_or(b);
    let line = before.iter().filter(|&&c| c == b'\n').count() as u32 + 1;
    let col = before.iter().rev().take_while(|&&c| c != b'\n').count() as u32 + 1;
    (line, col)
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
pub(crate) fn date_from_epoch(secs: f64) -> Option<Date> {
    if !secs.is_finite() {
        return None;
    }
    let dt = time::OffsetDateTime::from_unix_timestamp(secs as i64).ok()?;
    Some(dt.date())
}

/// `s` quoted in a message: its first `n` characters, then an ellipsis when cut
/// ([`crate::textfmt::truncate`] with room for the ellipsis).
pub(crate) fn truncate(s: &str, n: usize) -> String {
    crate::textfmt::truncate(s, n.saturating_add(1))
}

/// True for a 12-digit AWS account id.
pub(crate) fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.chars().all(|c| c.is_ascii_digit())
}

/// True for a SHA-256 as 64 hexadecimal digits.
pub(crate) fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.chars().all(|c| c.is_ascii_hexdigit())
}

/// The first control character (other than tab, line feed and carriage return) in `s`.
pub(crate) fn control_char(s: &str) -> Option<char> {
    s.chars().find(|&c| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
    })
}

/// Largest note, notes field or evidence reference kept, in characters: the most a spreadsheet
/// cell holds, so every note that goes in can come out verbatim in the XLSX.
pub const MAX_TEXT_CHARS: usize = 32_767;

/// Reports the first control character of a free-text field (tab and line breaks are text) as
/// an error at `at`; false when there is one.
pub(crate) fn check_control_chars(s: &str, at: &Location, diags: &mut Diagnostics) -> bool {
    match control_char(s) {
        Some(c) => {
            diags.error(
                "control-character",
                Some(at.clone()),
                format!("text contains the control character U+{:04X}", c as u32),
            );
            false
        }
        None => true,
    }
}

/// Code of the warning for an invisible format character in a text field.
pub(crate) const INVISIBLE_FORMAT_CHARACTER: &str = "invisible-format-character";

/// Warns at `at` when `s` holds an invisible Unicode format character (a bidirectional
/// override or isolate, a zero-width character, a byte-order mark inside the text): it can
/// make a name or note read otherwise than it is (a workload name that reads backwards, two
/// owners that look the same). The text is kept; the CSV exports show the character as
/// `<U+XXXX>` and the terminal never prints it raw.
pub(crate) fn check_format_chars(s: &str, at: &Location, field: &str, diags: &mut Diagnostics) {
    let Some(c) = crate::textfmt::invisible_format(s) else {
        return;
    };
    let name = match c {
        '\u{202A}' => " (left-to-right embedding)",
        '\u{202B}' => " (right-to-left embedding)",
        '\u{202C}' => " (pop directional formatting)",
        '\u{202D}' => " (left-to-right override)",
        '\u{202E}' => " (right-to-left override)",
        '\u{2066}'..='\u{2069}' => " (a directional isolate)",
        '\u{200B}' => " (zero-width space)",
        '\u{200C}' => " (zero-width non-joiner)",
        '\u{200D}' => " (zero-width joiner)",
        '\u{2060}' => " (word joiner)",
        '\u{FEFF}' => " (zero-width no-break space, a byte-order mark)",
        _ => "",
    };
    diags.warning(
        INVISIBLE_FORMAT_CHARACTER,
        Some(at.clone()),
        format!(
            "{field} contains the invisible format character U+{:04X}{name}, which can make it read otherwise than it is; it is kept, and shown as <U+{:04X}> in the CSV exports",
            c as u32, c as u32
        ),
    );
}

/// Checks a free-text field against [`MAX_TEXT_CHARS`], and warns about an invisible format
/// character in it ([`check_format_chars`]).
pub(crate) fn check_text(s: &str, at: &Location, field: &str, diags: &mut Diagnostics) -> bool {
    check_format_chars(s, at, field, diags);
    // Spreadsheets count UTF-16 code units, so an emoji counts twice.
    let n = s.encode_utf16().count();
    if n > MAX_TEXT_CHARS {
        diags.error(
            "text-too-long",
            Some(at.clone()),
            format!("{field} is {n} characters long; the limit is {MAX_TEXT_CHARS} (the most a spreadsheet cell holds)"),
        );
        false
    } else {
        true
    }
}

/// A text checker bound to a file: trims, drops empties, checks length and control characters.
pub(crate) struct Texts<'a> {
    pub(crate) at: &'a Location,
    pub(crate) diags: &'a mut Diagnostics,
}

impl Texts<'_> {
    pub(crate) fn opt(&mut self, v: Option<String>, path: &str) -> Option<String> {
        let v = v?;
        self.check(&v, path);
        let t = v.trim();
        if t.is_empty() { None } else { Some(v) }
    }

    pub(crate) fn req(&mut self, v: String, path: &str) -> String {
        self.check(&v, path);
        if v.trim().is_empty() {
            self.diags.error(
                "missing-value",
                Some(self.at.clone().json_path(path)),
                "must not be empty",
            );
        }
        v
    }

    pub(crate) fn check(&mut self, v: &str, path: &str) {
        let loc = self.at.clone().json_path(path);
        check_control_chars(v, &loc, self.diags);
        check_text(v, &loc, "text", self.diags);
    }

    /// A list of required texts, each checked at `path[i]`.
    pub(crate) fn list(&mut self, v: Vec<String>, path: &str) -> Vec<String> {
        v.into_iter()
            .enumerate()
            .map(|(i, x)| self.req(x, &format!("{path}[{i}]")))
            .collect()
    }

    /// A word of a fixed vocabulary (effort, responsibility): blank is none; a word `parse`
    /// does not know is an error that names the accepted words.
    pub(crate) fn parsed<T>(
        &mut self,
        v: Option<String>,
        path: &str,
        parse: impl Fn(&str) -> Option<T>,
        code: &str,
        what: &str,
        accepted: &str,
    ) -> Option<T> {
        let v = v?;
        let word = v.trim();
        if word.is_empty() {
            return None;
        }
        let parsed = parse(word);
        if parsed.is_none() {
            self.diags.error(
                code,
                Some(self.at.clone().json_path(path)),
                format!("unknown {what} \"{}\" ({accepted})", truncate(word, 40)),
            );
        }
        parsed
    }

    pub(crate) fn date(&mut self, v: Option<String>, path: &str) -> Option<time::Date> {
        let v = v?;
        if v.trim().is_empty() {
            return None;
        }
        match parse_date(&v) {
            Some(d) => Some(d),
            None => {
                self.diags.error(
                    "invalid-date",
                    Some(self.at.clone().json_path(path)),
                    format!("\"{}\" is not a date (use YYYY-MM-DD)", truncate(&v, 40)),
                );
                None
            }
        }
    }
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
    fn encodings() {
        let at = Location::file("t.csv");
        let d = decode(b"\xEF\xBB\xBFa,b", &at).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("a,b", "UTF-8"));
        let mut le = vec![0xFF, 0xFE];
        for u in "é,b".encode_utf16() {
            le.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&le, &at).unwrap().text, "é,b");
        let d = decode(b"caf\xE9,\x93x\x94", &at).unwrap();
        assert_eq!(d.text, "café,\u{201C}x\u{201D}");
        assert!(d.warning.is_some());
        assert!(decode(b"a\x81b", &at).is_err(), "0x81 is not Windows-1252");
        assert!(decode(b"a\0b", &at).is_err());
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
