//! XLSX, XLS and ODS workbooks into [`Table`]s, through calamine.
//!
//! Calamine only sees a file the guards passed: a zip-based file (XLSX, ODS) after
//! [`super::zip_guard::check_zip`] (run by the caller, which needs the kind it returns), an
//! ODS file after [`super::ods_scan::scan_ods`] (which also yields its merged areas), an XLS
//! file after [`super::xls_guard::check_xls`]. XLSX sheets are streamed cell by cell, so a
//! sheet with two cells a million rows apart costs two cells, not a million rows.
//!
//! Formula cells give their cached value (what the spreadsheet program last computed). Merged
//! areas: the top-left value is spread down the area's first column (see
//! [`TableBuilder::spread_merged`]).

use std::io::Cursor;

use calamine::{Data, DataRef, Ods, Reader, SheetType, Xls, XlsError, Xlsx, XlsxError};

use super::corrupt::corrupt;
use super::ods_scan::scan_ods;
use super::table::{Limit, Table, TableBuilder, Value};
use super::xls_guard::check_xls;
use crate::error::{Error, Location, Result};
use crate::import::Format;

fn date_of(y: u16, m: u8, d: u8) -> Option<time::Date> {
    time::Date::from_calendar_date(i32::from(y), time::Month::try_from(m).ok()?, d).ok()
}

fn value_of(d: &Data) -> Option<Value> {
    Some(match d {
        Data::Empty => return None,
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => Value::Text(s.clone()),
        Data::Bool(b) => Value::Bool(*b),
        // A date cell: calamine converts it, as only it knows whether the workbook counts from
        // 1900 or 1904. A plain number in a date column goes through `excel_serial_date`; a
        // test in cells.rs checks that the two agree in the 1900 system.
        Data::DateTime(dt) => {
            if dt.is_datetime() {
                let (y, m, d, ..) = dt.to_ymd_hms_milli();
                match date_of(y, m, d) {
                    Some(x) => Value::Date(x),
                    None => Value::Number(dt.as_f64()),
                }
            } else {
                Value::Number(dt.as_f64())
            }
        }
        Data::DateTimeIso(s) => match crate::import::text::parse_date(s) {
            Some(x) => Value::Date(x),
            None => Value::Text(s.clone()),
        },
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
    })
}

fn value_of_ref(d: DataRef<'_>) -> Option<Value> {
    match d {
        DataRef::SharedString(s) => Some(Value::Text(s.to_owned())),
        DataRef::Empty => None,
        DataRef::Int(i) => value_of(&Data::Int(i)),
        DataRef::Float(f) => value_of(&Data::Float(f)),
        DataRef::String(s) => Some(Value::Text(s)),
        DataRef::Bool(b) => Some(Value::Bool(b)),
        DataRef::DateTime(dt) => value_of(&Data::DateTime(dt)),
        DataRef::DateTimeIso(s) => value_of(&Data::DateTimeIso(s)),
        DataRef::DurationIso(s) => Some(Value::Text(s)),
        DataRef::Error(e) => Some(Value::Error(e.to_string())),
    }
}

fn limit_error(at: &Location, l: Limit) -> Error {
    let code = match l {
        Limit::Rows(_) => "too-many-rows",
        _ => "too-large",
    };
    Error::data(at.clone(), code, l.message())
}

/// Reads every worksheet of a workbook. Chart sheets and macro sheets are skipped.
pub(crate) fn read(bytes: &[u8], format: Format, at: &Location) -> Result<Vec<Table>> {
    match format {
        Format::Xlsx => read_xlsx(bytes, at),
        Format::Ods => read_ods(bytes, at),
        Format::Xls => read_xls(bytes, at),
        _ => Err(Error::Internal(format!(
            "workbook::read called for {}",
            format.name()
        ))),
    }
}

fn read_xlsx(bytes: &[u8], at: &Location) -> Result<Vec<Table>> {
    let what = "an Excel workbook (.xlsx)";
    let mut wb: Xlsx<Cursor<&[u8]>> = match Xlsx::new(Cursor::new(bytes)) {
        Ok(w) => w,
        Err(XlsxError::Password) => return Err(password(at)),
        Err(e) => return Err(corrupt(at, what, e)),
    };
    let sheets: Vec<(String, SheetType)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.typ))
        .collect();
    let mut out = Vec::new();
    let (mut cells, mut text) = (0usize, 0usize);
    for (name, typ) in sheets {
        if typ != SheetType::WorkSheet {
            continue;
        }
        let sheet_at = at.clone().sheet(&name);
        let merged: Vec<(u32, u32, u32, u32)> = wb
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| corrupt(&sheet_at, what, e))?
            .iter()
            .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
            .collect();
        let mut b = TableBuilder::new(sheet_at.clone(), Some(name.clone()), cells, text);
        {
            let mut reader = wb
                .worksheet_cells_reader(&name)
                .map_err(|e| corrupt(&sheet_at, what, e))?;
            loop {
                let cell = match reader.next_cell() {
                    Ok(Some(c)) => c,
                    Ok(None) => break,
                    Err(e) => return Err(corrupt(&sheet_at, what, e)),
                };
                let (r, c) = cell.get_position();
                if let Some(v) = value_of_ref(cell.get_value().clone()) {
                    b.push(r, c, v).map_err(|l| limit_error(&sheet_at, l))?;
                }
            }
        }
        b.spread_merged(&merged)
            .map_err(|l| limit_error(&sheet_at, l))?;
        cells = b.cells;
        text = b.text_bytes;
        out.push(b.finish());
    }
    Ok(out)
}

fn read_ods(bytes: &[u8], at: &Location) -> Result<Vec<Table>> {
    let what = "an OpenDocument spreadsheet (.ods)";
    let scan = scan_ods(bytes, at)?;
    let mut wb: Ods<Cursor<&[u8]>> =
        Ods::new(Cursor::new(bytes)).map_err(|e| corrupt(at, what, e))?;
    let names = wb.sheet_names();
    let mut out = Vec::new();
    let (mut cells, mut text) = (0usize, 0usize);
    for name in names {
        let sheet_at = at.clone().sheet(&name);
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| corrupt(&sheet_at, what, e))?;
        let merged = scan
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.merged.clone())
            .unwrap_or_default();
        let t = table_of_range(&range, &sheet_at, &name, &merged, &mut cells, &mut text)?;
        out.push(t);
    }
    Ok(out)
}

fn password(at: &Location) -> Error {
    Error::data(
        at.clone(),
        "password-protected",
        "the workbook is password-protected (encrypted): open it, remove the password (in Excel: \
         File > Info > Protect Workbook > Encrypt with Password, clear it) and save it again",
    )
}

fn read_xls(bytes: &[u8], at: &Location) -> Result<Vec<Table>> {
    let what = "an Excel 97-2003 workbook (.xls)";
    check_xls(bytes, at)?;
    let mut wb: Xls<Cursor<&[u8]>> = match Xls::new(Cursor::new(bytes)) {
        Ok(w) => w,
        Err(XlsError::Password) => return Err(password(at)),
        Err(e) => {
            // An encrypted XLSX is an OLE container too: let calamine's XLSX reader say so.
            if let Err(XlsxError::Password) = Xlsx::new(Cursor::new(bytes)) {
                return Err(password(at));
            }
            return Err(corrupt(at, what, e));
        }
    };
    let sheets: Vec<(String, SheetType)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.typ))
        .collect();
    let mut out = Vec::new();
    let (mut cells, mut text) = (0usize, 0usize);
    for (name, typ) in sheets {
        if typ != SheetType::WorkSheet {
            continue;
        }
        let sheet_at = at.clone().sheet(&name);
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| corrupt(&sheet_at, what, e))?;
        let merged: Vec<(u32, u32, u32, u32)> = wb
            .merge_cells_by_sheet_name(&name)
            .unwrap_or_default()
            .iter()
            .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
            .collect();
        out.push(table_of_range(
            &range, &sheet_at, &name, &merged, &mut cells, &mut text,
        )?);
    }
    Ok(out)
}

fn table_of_range(
    range: &calamine::Range<Data>,
    at: &Location,
    name: &str,
    merged: &[(u32, u32, u32, u32)],
    cells: &mut usize,
    text: &mut usize,
) -> Result<Table> {
    let mut b = TableBuilder::new(at.clone(), Some(name.to_owned()), *cells, *text);
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (r, c, d) in range.used_cells() {
        if let Some(v) = value_of(d) {
            let r = u32::try_from(r).unwrap_or(u32::MAX);
            let c = u32::try_from(c).unwrap_or(u32::MAX);
            b.push(r0.saturating_add(r), c0.saturating_add(c), v)
                .map_err(|l| limit_error(at, l))?;
        }
    }
    b.spread_merged(merged).map_err(|l| limit_error(at, l))?;
    *cells = b.cells;
    *text = b.text_bytes;
    Ok(b.finish())
}
