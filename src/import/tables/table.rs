//! The row abstraction every spreadsheet and CSV reader produces, so that value checks
//! (text, dates, lists: [`super::cells`]) exist once, and the limits every reader enforces.
//!
//! A [`Table`] is one worksheet or one CSV file: its non-blank rows, each with its 1-based row
//! number as spreadsheet programs show it, and its non-empty cells, each with its 0-based column.
//! Blank rows are left out (they carry nothing); hidden rows are kept (they are data).

use time::Date;

use crate::error::Location;

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
pub(crate) fn number_text(n: f64) -> String {
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
    pub(crate) fn cell_at(&self, row: u32, col: u32, header: Option<&str>) -> Location {
        self.at.clone().row(row).column(col, header)
    }

    /// The location of a row.
    pub(crate) fn row_at(&self, row: u32) -> Location {
        self.at.clone().row(row)
    }
}

/// Builds a table cell by cell, enforcing the limits and the blank-cell rules.
#[derive(Debug)]
pub(crate) struct TableBuilder {
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
pub(crate) enum Limit {
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
    pub(crate) fn message(&self) -> String {
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
    pub(crate) fn new(
        at: Location,
        sheet: Option<String>,
        cells: usize,
        text_bytes: usize,
    ) -> Self {
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
    pub(crate) fn push(&mut self, row0: u32, col: u32, v: Value) -> Result<(), Limit> {
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
    pub(crate) fn spread_merged(&mut self, areas: &[(u32, u32, u32, u32)]) -> Result<(), Limit> {
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
    pub(crate) fn finish(mut self) -> Table {
        self.normalise();
        self.table
    }
}

/// True for text that holds only white space (including non-breaking spaces).
pub(crate) fn is_blank(s: &str) -> bool {
    s.chars().all(is_space)
}

/// White space, including the non-breaking and narrow spaces spreadsheets and word processors
/// put in cells.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{FEFF}')
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_text() {
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
