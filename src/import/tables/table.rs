//! The row abstraction every spreadsheet and CSV reader produces, so that value checks
//! (text, dates, lists) exist once.
//!
//! A [`Table`] is one worksheet or one CSV file: its non-blank rows, each with its 1-based row
//! number as spreadsheet programs show it, and its non-empty cells, each with its 0-based column.
//! Blank rows are left out (they carry nothing); hidden rows are kept (they are data).

use time::{Date, Duration};

use crate::error::{Diagnostics, Location};

/// Most rows read from one sheet or CSV file.
pub const MAX_ROWS: u32 = 250_000;
/// Most non-empty cells read from one file.
pub const MAX_CELLS: usize = 5_000_000;
/// Most bytes of cell text read from one file (text shared by many cells counts once per cell).
pub const MAX_TEXT_BYTES: usize = 256 * 1024 * 1024;

/// One cell value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text, as typed (never empty or blank: those cells are left out).
    Text(String),
    /// A number (spreadsheets only; CSV cells are always text).
    Number(f64),
    /// A boolean cell.
    Bool(bool),
    /// A date cell.
    Date(Date),
    /// An error cell such as `#N/A` (a formula that failed).
    Error(String),
}

impl Value {
    /// The value as text, as a user would read it in the cell.
    pub fn display(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Number(n) => number_text(*n),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            Value::Date(d) => d.to_string(),
            Value::Error(e) => e.clone(),
        }
    }
}

/// A number as text: integers without a decimal point (account ids, years), others as Rust
/// prints them (shortest form that reads back the same).
pub fn number_text(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One non-blank row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 1-based row number, as spreadsheet programs show it.
    pub number: u32,
    /// Non-empty cells, sorted by 0-based column.
    pub cells: Vec<(u32, Value)>,
}

impl Row {
    /// The cell of a 0-based column.
    pub fn get(&self, col: u32) -> Option<&Value> {
        self.cells
            .binary_search_by_key(&col, |(c, _)| *c)
            .ok()
            .and_then(|i| self.cells.get(i))
            .map(|c| &c.1)
    }
}

/// One worksheet or CSV file.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The file, and the sheet for workbooks.
    pub at: Location,
    /// Sheet name (workbooks only).
    pub sheet: Option<String>,
    /// Non-blank rows, in order.
    pub rows: Vec<Row>,
}

impl Table {
    /// The location of a cell.
    pub fn cell_at(&self, row: u32, col: u32, header: Option<&str>) -> Location {
        self.at.clone().row(row).column(col, header)
    }

    /// The location of a row.
    pub fn row_at(&self, row: u32) -> Location {
        self.at.clone().row(row)
    }
}

/// Builds a table cell by cell, enforcing the limits and the blank-cell rules.
#[derive(Debug)]
pub struct TableBuilder {
    table: Table,
    /// Cells added to this file so far (shared across the tables of a file).
    pub cells: usize,
    /// Text bytes added to this file so far.
    pub text_bytes: usize,
    /// False once a cell came out of row or column order.
    sorted: bool,
}

/// Why building stopped.
#[derive(Debug, Clone, PartialEq)]
pub enum Limit {
    /// A row beyond [`MAX_ROWS`].
    Rows(u32),
    /// More than [`MAX_CELLS`] cells.
    Cells,
    /// More than [`MAX_TEXT_BYTES`] of text.
    Text,
    /// Merged areas that span more than [`MAX_CELLS`] row steps in all.
    Merged,
}

impl Limit {
    /// The message for users.
    pub fn message(&self) -> String {
        match self {
            Limit::Rows(r) => format!(
                "data in row {r}: a sheet may hold at most {MAX_ROWS} rows (split the data into several files)"
            ),
            Limit::Cells => format!(
                "more than {MAX_CELLS} filled cells: the limit of one input file (split the data into several files)"
            ),
            Limit::Text => format!(
                "more than {} MiB of cell text: the limit of one input file",
                MAX_TEXT_BYTES / (1024 * 1024)
            ),
            Limit::Merged => format!(
                "merged areas span more than {MAX_CELLS} rows in all: the limit of one input file (unmerge the cells)"
            ),
        }
    }
}

impl TableBuilder {
    /// A builder for a table at `at`, continuing the file's counts.
    pub fn new(at: Location, sheet: Option<String>, cells: usize, text_bytes: usize) -> Self {
        TableBuilder {
            table: Table {
                at,
                sheet,
                rows: Vec::new(),
            },
            cells,
            text_bytes,
            sorted: true,
        }
    }

    /// Adds a cell at a 0-based row and column. Cells must come in row order; within a row any
    /// order. Blank text is dropped (it is an empty cell).
    pub fn push(&mut self, row0: u32, col: u32, v: Value) -> Result<(), Limit> {
        let v = match v {
            Value::Text(s) if is_blank(&s) => return Ok(()),
            Value::Number(n) if !n.is_finite() => Value::Error("#NUM!".into()),
            v => v,
        };
        let number = row0.saturating_add(1);
        if number > MAX_ROWS {
            return Err(Limit::Rows(number));
        }
        self.cells = self.cells.saturating_add(1);
        if self.cells > MAX_CELLS {
            return Err(Limit::Cells);
        }
        if let Value::Text(s) = &v {
            self.text_bytes = self.text_bytes.saturating_add(s.len());
            if self.text_bytes > MAX_TEXT_BYTES {
                return Err(Limit::Text);
            }
        }
        // Cells are appended; out-of-order rows or columns (some writers do this) are sorted
        // once, in `normalise`, so a hostile order costs n log n, not n².
        match self.table.rows.last_mut() {
            Some(r) if r.number == number => {
                if r.cells.last().is_some_and(|c| c.0 >= col) {
                    self.sorted = false;
                }
                r.cells.push((col, v));
            }
            last => {
                if last.is_some_and(|r| r.number > number) {
                    self.sorted = false;
                }
                self.table.rows.push(Row {
                    number,
                    cells: vec![(col, v)],
                });
            }
        }
        Ok(())
    }

    /// Sorts rows by number and cells by column; of two values for one cell, the later wins.
    fn normalise(&mut self) {
        if self.sorted {
            return;
        }
        self.sorted = true;
        let mut rows = std::mem::take(&mut self.table.rows);
        rows.sort_by_key(|r| r.number);
        let mut out: Vec<Row> = Vec::with_capacity(rows.len());
        for r in rows {
            match out.last_mut() {
                Some(l) if l.number == r.number => l.cells.extend(r.cells),
                _ => out.push(r),
            }
        }
        for r in &mut out {
            // Latest first, then a stable sort: `dedup` keeps the first, i.e. the latest value.
            r.cells.reverse();
            r.cells.sort_by_key(|c| c.0);
            r.cells.dedup_by_key(|c| c.0);
        }
        self.table.rows = out;
    }

    /// Spreads the value of the top-left cell of each merged area down the area's first column,
    /// into the rows of the area that hold other data. Areas are 0-based, inclusive
    /// `(first_row, first_col, last_row, last_col)`. Other columns of an area stay empty: a value
    /// merged across columns belongs to its first column.
    pub fn spread_merged(&mut self, areas: &[(u32, u32, u32, u32)]) -> Result<(), Limit> {
        self.normalise();
        // Rows visited for all areas: many tall areas over many rows would otherwise cost
        // areas × rows steps without adding a cell.
        let mut visits: usize = 0;
        for &(r0, c0, r1, _) in areas {
            if r1 <= r0 {
                continue;
            }
            let top = r0.saturating_add(1);
            let Ok(ti) = self.table.rows.binary_search_by_key(&top, |r| r.number) else {
                continue;
            };
            let Some(v) = self.table.rows.get(ti).and_then(|r| r.get(c0)).cloned() else {
                continue;
            };
            let last = r1.saturating_add(1);
            for row in self.table.rows.iter_mut().skip(ti.saturating_add(1)) {
                if row.number > last {
                    break;
                }
                visits = visits.saturating_add(1);
                if visits > MAX_CELLS {
                    return Err(Limit::Merged);
                }
                if let Err(i) = row.cells.binary_search_by_key(&c0, |c| c.0) {
                    self.cells += 1;
                    if self.cells > MAX_CELLS {
                        return Err(Limit::Cells);
                    }
                    if let Value::Text(s) = &v {
                        self.text_bytes += s.len();
                        if self.text_bytes > MAX_TEXT_BYTES {
                            return Err(Limit::Text);
                        }
                    }
                    row.cells.insert(i, (c0, v.clone()));
                }
            }
        }
        Ok(())
    }

    /// The table.
    pub fn finish(mut self) -> Table {
        self.normalise();
        self.table
    }
}

/// True for text that holds only white space (including non-breaking spaces).
pub fn is_blank(s: &str) -> bool {
    s.chars().all(is_space)
}

/// White space, including the non-breaking and narrow spaces spreadsheets and word processors
/// put in cells.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{FEFF}')
}

/// A key typed by a person, made comparable: non-breaking spaces become spaces, surrounding
/// white space and straight or curly quotes are dropped, inner runs of white space become one
/// space. Used for ids, status words and headers, never for notes.
pub fn clean_key(s: &str) -> String {
    let trimmed = s.trim_matches(|c: char| {
        is_space(c)
            || matches!(
                c,
                '"' | '\'' | '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}'
            )
    });
    let mut out = String::with_capacity(trimmed.len());
    let mut space = false;
    for c in trimmed.chars() {
        if is_space(c) {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// A date from an Excel serial number (1900 date system, the default of Excel and LibreOffice):
/// 1 is 1900-01-01, 61 is 1900-03-01 (Excel counts a 29 February 1900 that never was).
/// The fraction (time of day) is ignored. `None` outside 1 ..= 2958465 (9999-12-31).
pub fn excel_serial_date(serial: f64) -> Option<Date> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let base = time::macros::date!(1899 - 12 - 31);
    let days = if days >= 60 { days - 1 } else { days };
    base.checked_add(Duration::days(days))
}

/// A cell read as a field of some kind, with the diagnostics a bad value gives.
pub struct Cells<'a> {
    /// The table.
    pub table: &'a Table,
    /// Where problems go.
    pub diags: &'a mut Diagnostics,
}

impl Cells<'_> {
    /// A cell's location.
    pub fn at(&self, row: &Row, col: u32, header: &str) -> Location {
        self.table.cell_at(row.number, col, Some(header))
    }

    /// An error at a column's cell of `row` (at column A when the table has no such column).
    pub fn error_at(
        &mut self,
        row: &Row,
        col: Option<(u32, &str)>,
        code: &str,
        message: impl Into<String>,
    ) {
        let (c, header) = col.unwrap_or((0, ""));
        let at = self.at(row, c, header);
        self.diags.error(code, Some(at), message);
    }

    /// A value of a fixed vocabulary (effort, responsibility…) read from a cell; a word
    /// `parse` does not know is an error that names the accepted words.
    pub fn parsed<T>(
        &mut self,
        row: &Row,
        col: Option<(u32, &str)>,
        parse: impl Fn(&str) -> Option<T>,
        code: &str,
        what: &str,
        accepted: &str,
    ) -> Option<T> {
        let v = self.key(row, col)?;
        let parsed = parse(&v);
        if parsed.is_none() {
            let shown = crate::import::text::truncate(&v, 40);
            self.error_at(
                row,
                col,
                code,
                format!("unknown {what} \"{shown}\" ({accepted})"),
            );
        }
        parsed
    }

    /// Free text, verbatim (notes, titles). Checks control characters and the length limit.
    pub fn text(&mut self, row: &Row, col: Option<(u32, &str)>) -> Option<String> {
        let (c, header) = col?;
        let v = row.get(c)?;
        let at = self.at(row, c, header);
        let s = match v {
            Value::Error(e) => {
                self.diags.error(
                    "error-cell",
                    Some(at),
                    format!("the cell holds the error value {e} (a formula that failed); type the value instead"),
                );
                return None;
            }
            v => v.display(),
        };
        if let Some(ch) = crate::import::text::control_char(&s) {
            self.diags.error(
                "control-character",
                Some(at.clone()),
                format!("text contains the control character U+{:04X}", ch as u32),
            );
        }
        crate::import::check_text(&s, &at, "the cell", self.diags);
        Some(s)
    }

    /// A key (id, status word): the text, cleaned with [`clean_key`].
    pub fn key(&mut self, row: &Row, col: Option<(u32, &str)>) -> Option<String> {
        let s = self.text(row, col)?;
        let k = clean_key(&s);
        (!k.is_empty()).then_some(k)
    }

    /// A list: see [`split_list`].
    pub fn list(&mut self, row: &Row, col: Option<(u32, &str)>) -> Vec<String> {
        self.text(row, col)
            .map(|s| split_list(&s))
            .unwrap_or_default()
    }

    /// A date: a date cell, an Excel serial number, or text `YYYY-MM-DD`.
    pub fn date(&mut self, row: &Row, col: Option<(u32, &str)>) -> Option<Date> {
        let (c, header) = col?;
        let v = row.get(c)?;
        let at = self.at(row, c, header);
        let bad = |v: &str| {
            format!(
                "\"{}\" is not a date (type YYYY-MM-DD, such as 2026-03-31, or use a date cell)",
                crate::import::text::truncate(v, 40)
            )
        };
        match v {
            Value::Date(d) => Some(*d),
            Value::Number(n) => match excel_serial_date(*n) {
                Some(d) => Some(d),
                None => {
                    self.diags
                        .error("invalid-date", Some(at), bad(&number_text(*n)));
                    None
                }
            },
            Value::Text(s) => match crate::import::text::parse_date(&clean_key(s)) {
                Some(d) => Some(d),
                None => {
                    self.diags.error("invalid-date", Some(at), bad(s));
                    None
                }
            },
            Value::Bool(_) | Value::Error(_) => {
                self.diags
                    .error("invalid-date", Some(at), bad(&v.display()));
                None
            }
        }
    }
}

/// Splits a list cell: on new lines when it has any (what wafr writes, so items may hold `;`
/// and `,`), else on `;` when it has any, else on `,`. Items are cleaned, empty ones dropped.
pub fn split_list(s: &str) -> Vec<String> {
    let seps: &[char] = if s.contains(['\n', '\r']) {
        &['\n', '\r']
    } else if s.contains(';') {
        &[';']
    } else {
        &[',']
    };
    s.split(seps)
        .map(clean_key)
        .filter(|x| !x.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn serials() {
        assert_eq!(excel_serial_date(1.0), Some(date!(1900 - 01 - 01)));
        assert_eq!(excel_serial_date(59.0), Some(date!(1900 - 02 - 28)));
        assert_eq!(excel_serial_date(61.0), Some(date!(1900 - 03 - 01)));
        assert_eq!(excel_serial_date(46_112.0), Some(date!(2026 - 03 - 31)));
        assert_eq!(excel_serial_date(46_112.75), Some(date!(2026 - 03 - 31)));
        assert_eq!(excel_serial_date(0.0), None);
        assert_eq!(excel_serial_date(f64::NAN), None);
        assert_eq!(excel_serial_date(1e12), None);
    }

    #[test]
    fn keys_and_lists() {
        assert_eq!(
            clean_key("  \u{201C}SEC01-BP01\u{201D}\u{00A0}"),
            "SEC01-BP01"
        );
        assert_eq!(
            clean_key("Not\u{00A0}\u{00A0}implemented"),
            "Not implemented"
        );
        assert_eq!(split_list("EV-001, EV-002"), ["EV-001", "EV-002"]);
        assert_eq!(split_list("EV-001; Policy, v3;;"), ["EV-001", "Policy, v3"]);
        assert_eq!(
            split_list("EV-001\r\nPolicy; v3, s2\n\n"),
            ["EV-001", "Policy; v3, s2"]
        );
        assert_eq!(number_text(123456789012.0), "123456789012");
        assert_eq!(number_text(1.5), "1.5");
    }

    #[test]
    fn builder_orders_rows_and_spreads_merges() {
        let mut b = TableBuilder::new(Location::file("x.xlsx"), None, 0, 0);
        b.push(0, 0, Value::Text("a".into())).unwrap();
        b.push(2, 1, Value::Text("c".into())).unwrap();
        b.push(1, 1, Value::Text("b".into())).unwrap();
        b.push(1, 0, Value::Text("  ".into())).unwrap();
        b.push(3, 1, Value::Text("d".into())).unwrap();
        b.spread_merged(&[(0, 0, 2, 3)]).unwrap();
        let t = b.finish();
        let numbers: Vec<u32> = t.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4]);
        assert_eq!(t.rows[1].get(0), Some(&Value::Text("a".into())));
        assert_eq!(t.rows[2].get(0), Some(&Value::Text("a".into())));
        assert_eq!(t.rows[3].get(0), None, "row 4 is outside the merged area");
        assert_eq!(t.rows[0].get(1), None, "only the first column is spread");
        let err = TableBuilder::new(Location::file("x"), None, 0, 0)
            .push(MAX_ROWS, 0, Value::Bool(true))
            .unwrap_err();
        assert_eq!(err, Limit::Rows(MAX_ROWS + 1));
    }

    #[test]
    fn cells_in_any_order_are_sorted_once_and_the_later_value_wins() {
        // Rows and columns in reverse (a hostile or odd writer): sorted at the end, not
        // inserted one by one.
        let mut b = TableBuilder::new(Location::file("x.xlsx"), None, 0, 0);
        for r in (0..1000u32).rev() {
            for c in (0..5u32).rev() {
                b.push(r, c, Value::Number(f64::from(r * 10 + c))).unwrap();
            }
        }
        b.push(7, 2, Value::Text("later".into())).unwrap();
        let t = b.finish();
        assert_eq!(t.rows.len(), 1000);
        assert!(t.rows.windows(2).all(|w| w[0].number < w[1].number));
        assert!(
            t.rows
                .iter()
                .all(|r| r.cells.windows(2).all(|w| w[0].0 < w[1].0))
        );
        assert_eq!(t.rows[7].get(2), Some(&Value::Text("later".into())));
        assert_eq!(t.rows[7].get(3), Some(&Value::Number(73.0)));
    }

    #[test]
    fn many_tall_merged_areas_are_bounded() {
        let mut b = TableBuilder::new(Location::file("x.xlsx"), None, 0, 0);
        for r in 0..1000 {
            b.push(r, 0, Value::Text("x".into())).unwrap();
        }
        // 6,000 areas over all 1,000 rows: 6 million steps, over the limit.
        let areas = vec![(0, 0, 999, 0); 6000];
        assert_eq!(b.spread_merged(&areas), Err(Limit::Merged));
        assert!(Limit::Merged.message().contains("unmerge the cells"));
    }
}
