//! ODS `content.xml` scanned, streaming, before calamine opens the file: calamine expands
//! repeated rows and columns into real cells, so a few bytes can ask for billions. The scan
//! measures each sheet's extent (rows, and filled rows × widest filled row) against the row and
//! cell limits, and collects the merged areas calamine does not report for ODS.

use std::io::Cursor;

use quick_xml::events::{BytesStart, Event};

use super::corrupt::corrupt;
use super::table::{Limit, MAX_CELLS, MAX_ROWS};
use crate::error::{Error, Location, Result};

/// One sheet of an ODS file as the scan sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct OdsSheet {
    /// Sheet name.
    pub name: String,
    /// Merged areas, 0-based inclusive (first row, first col, last row, last col).
    pub merged: Vec<(u32, u32, u32, u32)>,
}

/// What damaged files are reported as.
const ODS: &str = "an OpenDocument spreadsheet";

/// Scans an ODS file's `content.xml` for what calamine would expand (repeated rows and columns)
/// and for merged areas, streaming, before calamine opens it.
pub(crate) fn scan_ods(bytes: &[u8], at: &Location) -> Result<Vec<OdsSheet>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(at, ODS, e))?;
    let content = zip
        .by_name("content.xml")
        .map_err(|e| corrupt(at, ODS, e))?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let mut buf = Vec::new();
    let mut scan = Scan::new();
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| corrupt(at, ODS, e))?;
        match &ev {
            Event::Start(e) => scan.start(e, false),
            Event::Empty(e) => scan.start(e, true),
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" => scan.end_row(),
                "table:table" => scan.end_sheet(at)?,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(scan.sheets)
}

/// The scan's state: the sheets so far, and where it is in the current one.
struct Scan {
    sheets: Vec<OdsSheet>,
    /// Current row and column (0-based).
    row: u64,
    col: u64,
    /// Rows the current row element stands for (`number-rows-repeated`).
    rrep: u64,
    /// Extent of the current row's non-empty cells.
    extent: u64,
    /// First and end of the sheet's non-empty rows, and its widest extent.
    first: Option<u64>,
    end: u64,
    width: u64,
}

impl Scan {
    fn new() -> Self {
        Scan {
            sheets: Vec::new(),
            row: 0,
            col: 0,
            rrep: 1,
            extent: 0,
            first: None,
            end: 0,
            width: 0,
        }
    }

    /// A start (or empty) element.
    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        match e.name().as_ref() {
            "table:table" => self.start_sheet(e),
            "table:table-row" => {
                self.rrep = attr_u64(e, "table:number-rows-repeated");
                self.col = 0;
                self.extent = 0;
                if empty {
                    self.row = self.row.saturating_add(self.rrep);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => self.cell(e, empty),
            _ => {}
        }
    }

    fn start_sheet(&mut self, e: &BytesStart<'_>) {
        let name = e
            .attributes()
            .flatten()
            .find(|a| a.key.as_ref() == "table:name")
            .map(|a| {
                quick_xml::escape::unescape(&a.value)
                    .map(|v| v.into_owned())
                    .unwrap_or_else(|_| a.value.clone().into_owned())
            })
            .unwrap_or_default();
        self.sheets.push(OdsSheet {
            name,
            merged: Vec::new(),
        });
        (self.row, self.col, self.rrep, self.extent) = (0, 0, 1, 0);
        (self.first, self.end, self.width) = (None, 0, 0);
    }

    fn cell(&mut self, e: &BytesStart<'_>, empty: bool) {
        let crep = attr_u64(e, "table:number-columns-repeated");
        let filled = !empty || has_attr(e, "office:value-type");
        let rs = attr_u64(e, "table:number-rows-spanned");
        let cs = attr_u64(e, "table:number-columns-spanned");
        if (rs > 1 || cs > 1)
            && self.rrep == 1
            && let Some(s) = self.sheets.last_mut()
            && s.merged.len() < 100_000
        {
            let r = self.row.min(u64::from(u32::MAX)) as u32;
            let c = self.col.min(u64::from(u32::MAX)) as u32;
            s.merged.push((
                r,
                c,
                r.saturating_add((rs - 1).min(u64::from(u32::MAX)) as u32),
                c.saturating_add((cs - 1).min(u64::from(u32::MAX)) as u32),
            ));
        }
        self.col = self.col.saturating_add(crep);
        if filled {
            self.extent = self.col;
        }
    }

    /// The end of a row element. A row repeated beyond the sheet's limit with nothing in it
    /// costs nothing.
    fn end_row(&mut self) {
        if self.extent > 0 {
            self.first.get_or_insert(self.row);
            self.end = self.row.saturating_add(self.rrep);
            self.width = self.width.max(self.extent);
        }
        self.row = self.row.saturating_add(self.rrep);
    }

    /// The end of a sheet: its extent against the row and cell limits.
    fn end_sheet(&self, at: &Location) -> Result<()> {
        let Some(sheet) = self.sheets.last() else {
            return Ok(());
        };
        let sheet_at = at.clone().sheet(&sheet.name);
        let (first, end, width) = (self.first, self.end, self.width);
        if end > u64::from(MAX_ROWS) {
            return Err(Error::data(
                sheet_at,
                "too-many-rows",
                Limit::Rows(end.min(u64::from(u32::MAX)) as u32).message(),
            ));
        }
        let span = end.saturating_sub(first.unwrap_or(end));
        let dense = span.saturating_mul(width);
        if dense > MAX_CELLS as u64 {
            return Err(Error::data(
                sheet_at,
                "too-large",
                format!(
                    "the sheet spans {span} rows × {width} columns: more than the {MAX_CELLS} cells one file may hold"
                ),
            ));
        }
        Ok(())
    }
}

fn attr_u64(e: &BytesStart<'_>, key: &str) -> u64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| a.value.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

fn has_attr(e: &BytesStart<'_>, key: &str) -> bool {
    e.attributes().flatten().any(|a| a.key.as_ref() == key)
}
