//! CSV and other delimited text (`,`, `;`, tab or `|`, sniffed) into a [`Table`]. The bytes
//! are decoded first ([`crate::import::text::decode`]: UTF-8, UTF-16, Windows-1252).
//!
//! Rows are numbered as spreadsheet programs show them: blank lines count, a quoted value
//! spanning several lines is one row. A quote that is never closed is an error at its cell,
//! not the rest of the file read into one cell.

use super::table::{Limit, MAX_ROWS, Table, TableBuilder, Value};
use crate::error::{Error, Location, Result};

/// The separator: an Excel `sep=X` first line wins; otherwise the candidate that splits the
/// first rows into the same number (at least two) of cells most often. Returns the separator and
/// whether the first line was a `sep=` line.
pub(crate) fn sniff_separator(text: &str) -> (u8, bool) {
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

/// Reads delimited text into a table.
pub(crate) fn read(text: &str, at: &Location) -> Result<Table> {
    let (sep, skip_first) = sniff_separator(text);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep)
        .from_reader(text.as_bytes());
    let mut b = TableBuilder::new(at.clone(), None, 0, 0);
    let mut rec = csv::StringRecord::new();
    let mut rows = RowNumbers::new(text.as_bytes());
    let mut first = true;
    while next_record(&mut r, &mut rec, at)? {
        let row0 = rows.place(&rec);
        if std::mem::replace(&mut first, false) && skip_first {
            continue;
        }
        push_record(&mut b, &rec, row0, at)?;
    }
    check_quotes_closed(text.as_bytes(), rows.last, sep, at)?;
    Ok(b.finish())
}

/// Reads the next record into `rec`: false at the end of the text.
fn next_record(
    r: &mut csv::Reader<&[u8]>,
    rec: &mut csv::StringRecord,
    at: &Location,
) -> Result<bool> {
    r.read_record(rec).map_err(|e| {
        let loc = match e.position() {
            Some(p) => at.clone().line(p.line() as u32, 1),
            None => at.clone(),
        };
        Error::data(loc, "invalid-csv", e.to_string())
    })
}

/// Row numbers as a spreadsheet shows them: the newlines before a record's start, minus those
/// inside earlier records' quoted values.
struct RowNumbers<'t> {
    bytes: &'t [u8],
    /// Bytes looked at so far.
    scanned: usize,
    /// Newlines before `scanned`.
    newlines: u32,
    /// Newlines inside quoted values so far.
    embedded: u32,
    /// Start byte and 0-based row of the latest record.
    last: (usize, u32),
}

impl<'t> RowNumbers<'t> {
    fn new(bytes: &'t [u8]) -> Self {
        RowNumbers {
            bytes,
            scanned: 0,
            newlines: 0,
            embedded: 0,
            last: (0, 0),
        }
    }

    /// The 0-based row of a record just read.
    fn place(&mut self, rec: &csv::StringRecord) -> u32 {
        let bytes = self.bytes;
        let mut start = rec
            .position()
            .map(|p| p.byte() as usize)
            .unwrap_or(self.scanned);
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let start = start.max(self.scanned);
        self.newlines += bytes
            .get(self.scanned..start)
            .unwrap_or_default()
            .iter()
            .filter(|&&c| c == b'\n')
            .count() as u32;
        self.scanned = start;
        let row0 = self.newlines.saturating_sub(self.embedded);
        self.last = (start, row0);
        let inside: u32 = rec
            .iter()
            .map(|f| f.bytes().filter(|&c| c == b'\n').count() as u32)
            .sum();
        self.embedded += inside;
        row0
    }
}

/// Adds a record's fields as the cells of 0-based row `row0`.
fn push_record(
    b: &mut TableBuilder,
    rec: &csv::StringRecord,
    row0: u32,
    at: &Location,
) -> Result<()> {
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
    Ok(())
}

/// The csv reader takes a quote that is never closed to run to the end of the file, which
/// would swallow every later row into one cell without a word: an error at the quote's cell.
/// `last` is the start byte and 0-based row of the last record.
fn check_quotes_closed(bytes: &[u8], last: (usize, u32), sep: u8, at: &Location) -> Result<()> {
    let rest = bytes.get(last.0..).unwrap_or_default();
    let Some(col) = unclosed_quote(rest, sep) else {
        return Ok(());
    };
    let lines = rest
        .split(|&c| c == b'\n')
        .skip(1)
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .count();
    Err(Error::data(
        at.clone().row(last.1.saturating_add(1)).column(col, None),
        "invalid-csv",
        format!(
            "a quoted value starts here and is never closed, so the {} after it \
             would all be read into this one cell: close the quote (a quote inside a quoted \
             value is written twice: \"\")",
            crate::textfmt::count(lines as u32, "line", "lines")
        ),
    ))
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
