//! CSV and other delimited text (`,`, `;`, tab or `|`, sniffed) into a [`Table`].
//!
//! Encodings: UTF-8 with or without a byte-order mark; UTF-16 with a byte-order mark (Excel's
//! "Unicode Text"); otherwise, text that is not valid UTF-8 is read as Windows-1252 (what Excel
//! on Windows writes for "CSV (Comma delimited)" in Western European locales) with a warning,
//! and refused when it is not valid Windows-1252 either. Rows are numbered as spreadsheet
//! programs show them: blank lines count, a quoted value spanning several lines is one row.

use std::borrow::Cow;

use super::table::{Limit, MAX_ROWS, Table, TableBuilder, Value};
use crate::error::{Diagnostic, Error, Location, Result};

/// Decoded text and a warning when it was not UTF-8.
#[derive(Debug)]
pub struct Decoded {
    /// The text, without a byte-order mark.
    pub text: String,
    /// Name of the encoding read.
    pub encoding: &'static str,
    /// A warning about the encoding, when it had to be guessed.
    pub warning: Option<Diagnostic>,
}

/// Decodes the bytes of a text file (see the module documentation).
pub fn decode(bytes: &[u8], at: &Location) -> Result<Decoded> {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, encoding_rs::UTF_16LE, "UTF-16LE", at);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, encoding_rs::UTF_16BE, "UTF-16BE", at);
    }
    let b = crate::import::text::strip_bom(bytes);
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

/// The separator: an Excel `sep=X` first line wins; otherwise the candidate that splits the
/// first rows into the same number (at least two) of cells most often. Returns the separator and
/// whether the first line was a `sep=` line.
pub fn sniff_separator(text: &str) -> (u8, bool) {
    let first = text.lines().next().unwrap_or_default().trim();
    if let Some(rest) = first.strip_prefix("sep=")
        && rest.len() == 1
        && let Some(&sep) = rest.as_bytes().first()
        && sep.is_ascii()
    {
        return (sep, true);
    }
    let sample: String = text.chars().take(64 * 1024).collect();
    let mut best = (b',', (false, 0usize, 0usize));
    for &d in b",;\t|" {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(d)
            .from_reader(sample.as_bytes());
        let mut counts: Vec<usize> = Vec::new();
        let mut rec = csv::StringRecord::new();
        while counts.len() < 30 {
            match r.read_record(&mut rec) {
                Ok(true) => {
                    if rec.iter().any(|f| !f.trim().is_empty()) {
                        counts.push(rec.len());
                    }
                }
                _ => break,
            }
        }
        let mut modal = (0usize, 0usize); // (frequency, count)
        for &c in &counts {
            let f = counts.iter().filter(|&&x| x == c).count();
            if (f, c) > modal {
                modal = (f, c);
            }
        }
        let score = (modal.1 >= 2, modal.0, modal.1);
        if score > best.1 {
            best = (d, score);
        }
    }
    (best.0, false)
}

/// Reads delimited text into a table. `cells` and `text_bytes` continue the file's counts.
pub fn read(text: &str, at: &Location) -> Result<Table> {
    let (sep, skip_first) = sniff_separator(text);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep)
        .from_reader(text.as_bytes());
    let bytes = text.as_bytes();
    let mut b = TableBuilder::new(at.clone(), None, 0, 0);
    let mut rec = csv::StringRecord::new();
    // Row numbering: newlines seen before the record's start, minus those inside earlier
    // records' quoted values.
    let mut scanned = 0usize;
    let mut newlines = 0u32;
    let mut embedded = 0u32;
    let mut first = true;
    let mut last = (0usize, 0u32); // start byte and 0-based row of the latest record
    loop {
        match r.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let loc = match e.position() {
                    Some(p) => at.clone().line(p.line() as u32, 1),
                    None => at.clone(),
                };
                return Err(Error::data(loc, "invalid-csv", e.to_string()));
            }
        }
        let mut start = rec.position().map(|p| p.byte() as usize).unwrap_or(scanned);
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let start = start.max(scanned);
        newlines += bytes
            .get(scanned..start)
            .unwrap_or_default()
            .iter()
            .filter(|&&c| c == b'\n')
            .count() as u32;
        scanned = start;
        let row0 = newlines.saturating_sub(embedded);
        last = (start, row0);
        let inside: u32 = rec
            .iter()
            .map(|f| f.bytes().filter(|&c| c == b'\n').count() as u32)
            .sum();
        embedded += inside;
        if first && skip_first {
            first = false;
            continue;
        }
        first = false;
        if row0 >= MAX_ROWS {
            return Err(Error::data(
                at.clone().row(row0.saturating_add(1)),
                "too-many-rows",
                Limit::Rows(row0.saturating_add(1)).message(),
            ));
        }
        for (col, field) in rec.iter().enumerate() {
            if let Err(l) = b.push(row0, col as u32, Value::Text(field.to_owned())) {
                return Err(Error::data(
                    at.clone().row(row0.saturating_add(1)),
                    "too-large",
                    l.message(),
                ));
            }
        }
    }
    // The csv reader takes a quote that is never closed to run to the end of the file, which
    // would swallow every later row into one cell without a word.
    if let Some(col) = unclosed_quote(bytes.get(last.0..).unwrap_or_default(), sep) {
        let lines = bytes
            .get(last.0..)
            .unwrap_or_default()
            .split(|&c| c == b'\n')
            .skip(1)
            .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
            .count();
        return Err(Error::data(
            at.clone().row(last.1.saturating_add(1)).column(col, None),
            "invalid-csv",
            format!(
                "a quoted value starts here and is never closed, so the {lines} line(s) after it \
                 would all be read into this one cell: close the quote (a quote inside a quoted \
                 value is written twice: \"\")"
            ),
        ));
    }
    Ok(b.finish())
}

/// The 0-based field of `record` (raw bytes to the end of the file) whose opening quote is never
/// closed, if any.
fn unclosed_quote(record: &[u8], sep: u8) -> Option<u32> {
    let (mut field, mut open, mut at_start, mut quoted) = (0u32, 0u32, true, false);
    let mut it = record.iter().copied().peekable();
    while let Some(c) = it.next() {
        if quoted {
            if c == b'"' {
                if it.peek() == Some(&b'"') {
                    it.next();
                } else {
                    quoted = false;
                }
            }
            continue;
        }
        match c {
            b'"' if at_start => {
                quoted = true;
                open = field;
                at_start = false;
            }
            b'\r' | b'\n' => {
                field = 0;
                at_start = true;
            }
            c if c == sep => {
                field = field.saturating_add(1);
                at_start = true;
            }
            _ => at_start = false,
        }
    }
    quoted.then_some(open)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(t: &Table) -> Vec<(u32, Vec<String>)> {
        t.rows
            .iter()
            .map(|r| (r.number, r.cells.iter().map(|c| c.1.display()).collect()))
            .collect()
    }

    #[test]
    fn rows_are_numbered_like_a_spreadsheet() {
        let t = read(
            "a,b\n\n\"x\ny\",2\n,\n3,4\r\n\r\n5,6",
            &Location::file("t.csv"),
        )
        .unwrap();
        assert_eq!(
            rows(&t),
            [
                (1, vec!["a".into(), "b".into()]),
                (3, vec!["x\ny".into(), "2".into()]),
                (5, vec!["3".into(), "4".into()]),
                (7, vec!["5".into(), "6".into()]),
            ]
        );
    }

    #[test]
    fn separators() {
        assert_eq!(sniff_separator("a;b;c\n1;2,5;3\n").0, b';');
        assert_eq!(sniff_separator("a,b,c\n1,\"2;5\",3\n").0, b',');
        assert_eq!(sniff_separator("a\tb\n1\t2\n").0, b'\t');
        assert_eq!(sniff_separator("sep=|\na|b\n"), (b'|', true));
        let t = read("sep=;\na;b\n", &Location::file("t.csv")).unwrap();
        assert_eq!(rows(&t), [(2, vec!["a".into(), "b".into()])]);
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
    fn a_quote_never_closed_is_an_error_not_a_swallowed_file() {
        assert_eq!(unclosed_quote(b"a,\"b\nc,d\n", b','), Some(1));
        assert_eq!(unclosed_quote(b"a,\"b\"\"c\"\n", b','), None);
        assert_eq!(unclosed_quote(b"a,5\" screen\n", b','), None);
        let at = Location::file("x.csv");
        let e = read(
            "BP,Status,Notes\nSEC01-BP01,Yes,\"open\nSEC01-BP02,No,x\n",
            &at,
        )
        .unwrap_err();
        let Error::Invalid { problems, .. } = e else {
            panic!("expected a data error")
        };
        assert_eq!(
            problems[0].at.as_ref().map(|a| a.to_string()).as_deref(),
            Some("x.csv, row 2, column C")
        );
        // A closed multi-line value is fine.
        let t = read("BP,Notes\nSEC01-BP01,\"two\nlines\"\nSEC01-BP02,x\n", &at).unwrap();
        assert_eq!(t.rows.len(), 3);
    }
}
