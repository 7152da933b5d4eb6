//! XLSX, XLS and ODS workbooks into [`Table`]s, through calamine.
//!
//! Before calamine sees a zip-based file (XLSX, ODS), [`check_zip`] reads the archive's central
//! directory and then inflates every entry into nothing, counting: a total above
//! [`MAX_UNZIPPED`], an absurd compression ratio, an entry that inflates to more than it
//! declares, or an encrypted entry is refused with bounded memory. ODS files are also scanned
//! for repeated rows and columns before calamine expands them ([`scan_ods`]), which also yields
//! their merged areas. XLSX sheets are streamed cell by cell, so a sheet with two cells a
//! million rows apart costs two cells, not a million rows.
//!
//! Formula cells give their cached value (what the spreadsheet program last computed). Merged
//! areas: the top-left value is spread down the area's first column (see
//! [`TableBuilder::spread_merged`]).

use std::io::{Cursor, Read};

use calamine::{Data, DataRef, Ods, Reader, SheetType, Xls, XlsError, Xlsx, XlsxError};

use super::table::{Limit, MAX_CELLS, MAX_ROWS, Table, TableBuilder, Value};
use crate::error::{Error, Location, Result};
use crate::import::Format;

/// Largest total uncompressed size of a zip-based workbook.
pub const MAX_UNZIPPED: u64 = 256 * 1024 * 1024;
/// Largest compression ratio of one entry (deflate cannot do better than about 1032:1; real
/// workbooks stay under 100:1).
pub const MAX_RATIO: u64 = 500;
/// Most entries in a zip-based workbook.
pub const MAX_ENTRIES: usize = 10_000;

fn corrupt(at: &Location, what: &str, detail: impl std::fmt::Display) -> Error {
    Error::Invalid {
        what: at.file.clone(),
        problems: vec![
            crate::error::Diagnostic::error(
                "unreadable-workbook",
                Some(at.clone()),
                format!("the file cannot be read as {what}: {detail}"),
            )
            .with_hint(
                "it may be damaged or cut short: open it in a spreadsheet program and save it again",
            ),
        ],
    }
}

/// What the zip holds, judged from its entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZipKind {
    /// Office Open XML spreadsheet (`xl/…`).
    Xlsx,
    /// OpenDocument (has `content.xml`).
    Ods,
}

/// Checks a zip archive before it is opened (see the module documentation) and says what it is.
pub fn check_zip(bytes: &[u8], at: &Location) -> Result<ZipKind> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| corrupt(at, "a workbook (a zip archive)", e))?;
    if zip.len() > MAX_ENTRIES {
        return Err(Error::data(
            at.clone(),
            "zip-too-large",
            format!(
                "the archive holds {} files; a workbook holds far fewer (limit {MAX_ENTRIES})",
                zip.len()
            ),
        ));
    }
    let mut names = Vec::with_capacity(zip.len());
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| corrupt(at, "a workbook (a zip archive)", e))?;
        let name = String::from_utf8_lossy(f.name_raw()).into_owned();
        if f.encrypted() {
            return Err(Error::data(
                at.clone(),
                "password-protected",
                "the workbook is password-protected (encrypted): open it, remove the password and save it again",
            ));
        }
        let (size, packed) = (f.size(), f.compressed_size());
        declared = declared.saturating_add(size);
        if size > 1024 * 1024 && size / packed.max(1) > MAX_RATIO {
            return Err(Error::data(
                at.clone(),
                "zip-bomb",
                format!(
                    "archive entry `{}` claims to expand {} times (from {packed} to {size} bytes): refused as a likely zip bomb",
                    crate::import::text::truncate(&name, 80),
                    size / packed.max(1)
                ),
            ));
        }
        names.push(name);
    }
    if declared > MAX_UNZIPPED {
        return Err(too_big(at, declared));
    }
    // The sizes above are what the archive claims; inflate each entry into nothing to check them.
    let mut total: u64 = 0;
    for (i, name) in names.iter().enumerate() {
        let mut f = zip
            .by_index(i)
            .map_err(|e| corrupt(at, "a workbook (a zip archive)", e))?;
        let claimed = f.size();
        let n = std::io::copy(
            &mut (&mut f).take(claimed.saturating_add(1)),
            &mut std::io::sink(),
        )
        .map_err(|e| corrupt(at, "a workbook (a zip archive)", format!("`{name}`: {e}")))?;
        if n > claimed {
            return Err(Error::data(
                at.clone(),
                "zip-bomb",
                format!(
                    "archive entry `{}` expands to more than the {claimed} bytes it declares: refused",
                    crate::import::text::truncate(name, 80)
                ),
            ));
        }
        total = total.saturating_add(n);
        if total > MAX_UNZIPPED {
            return Err(too_big(at, total));
        }
    }
    let has = |p: &str| names.iter().any(|n| n == p);
    let prefix = |p: &str| names.iter().any(|n| n.starts_with(p));
    if has("content.xml") && has("mimetype") {
        return Ok(ZipKind::Ods);
    }
    if has("xl/workbook.bin") {
        return Err(Error::data(
            at.clone(),
            "unsupported-format",
            "this is an Excel binary workbook (.xlsb): save it as .xlsx (Excel Workbook) and try again",
        ));
    }
    if prefix("xl/") {
        return Ok(ZipKind::Xlsx);
    }
    let what = if prefix("word/") {
        "a Word document"
    } else if prefix("ppt/") {
        "a PowerPoint presentation"
    } else {
        "a zip archive, not a workbook"
    };
    Err(Error::data(
        at.clone(),
        "unsupported-format",
        format!("this is {what}: wafr reads JSON, XLSX, XLS, ODS and CSV reviews"),
    ))
}

fn too_big(at: &Location, n: u64) -> Error {
    Error::data(
        at.clone(),
        "zip-too-large",
        format!(
            "the workbook expands to more than {} MiB ({} bytes or more): refused (limit {} MiB uncompressed)",
            n / (1024 * 1024),
            n,
            MAX_UNZIPPED / (1024 * 1024)
        ),
    )
}

/// One sheet of an ODS file as the scan sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OdsSheet {
    /// Sheet name.
    pub name: String,
    /// Merged areas, 0-based inclusive (first row, first col, last row, last col).
    pub merged: Vec<(u32, u32, u32, u32)>,
}

fn attr_u64(e: &quick_xml::events::BytesStart<'_>, key: &str) -> u64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| a.value.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

fn has_attr(e: &quick_xml::events::BytesStart<'_>, key: &str) -> bool {
    e.attributes().flatten().any(|a| a.key.as_ref() == key)
}

/// Scans an ODS file's `content.xml` for what calamine would expand (repeated rows and columns)
/// and for merged areas, streaming, before calamine opens it.
pub fn scan_ods(bytes: &[u8], at: &Location) -> Result<Vec<OdsSheet>> {
    use quick_xml::events::Event;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| corrupt(at, "an OpenDocument spreadsheet", e))?;
    let content = zip
        .by_name("content.xml")
        .map_err(|e| corrupt(at, "an OpenDocument spreadsheet", e))?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let mut buf = Vec::new();
    let mut sheets: Vec<OdsSheet> = Vec::new();
    // Per sheet: current row, current column, rows of the current row element, extent of its
    // non-empty cells; first and end of the non-empty rows, widest extent.
    let (mut row, mut col, mut rrep, mut extent) = (0u64, 0u64, 1u64, 0u64);
    let (mut first, mut end, mut width) = (None::<u64>, 0u64, 0u64);
    let check = |sheet: &str, first: Option<u64>, end: u64, width: u64| -> Result<()> {
        let sheet_at = at.clone().sheet(sheet);
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
    };
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| corrupt(at, "an OpenDocument spreadsheet", e))?;
        let (e, empty) = match &ev {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                match e.name().as_ref() {
                    "table:table-row" => {
                        if extent > 0 {
                            first.get_or_insert(row);
                            end = row.saturating_add(rrep);
                            width = width.max(extent);
                        }
                        row = row.saturating_add(rrep);
                        // A row repeated beyond the sheet's limit with nothing in it costs nothing.
                    }
                    "table:table" => {
                        if let Some(s) = sheets.last() {
                            check(&s.name, first, end, width)?;
                        }
                    }
                    _ => {}
                }
                buf.clear();
                continue;
            }
            Event::Eof => break,
            _ => {
                buf.clear();
                continue;
            }
        };
        match e.name().as_ref() {
            "table:table" => {
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
                sheets.push(OdsSheet {
                    name,
                    merged: Vec::new(),
                });
                (row, col, rrep, extent) = (0, 0, 1, 0);
                (first, end, width) = (None, 0, 0);
            }
            "table:table-row" => {
                rrep = attr_u64(e, "table:number-rows-repeated");
                col = 0;
                extent = 0;
                if empty {
                    row = row.saturating_add(rrep);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let crep = attr_u64(e, "table:number-columns-repeated");
                let filled = !empty || has_attr(e, "office:value-type");
                let rs = attr_u64(e, "table:number-rows-spanned");
                let cs = attr_u64(e, "table:number-columns-spanned");
                if (rs > 1 || cs > 1)
                    && rrep == 1
                    && let Some(s) = sheets.last_mut()
                    && s.merged.len() < 100_000
                {
                    let r = row.min(u64::from(u32::MAX)) as u32;
                    let c = col.min(u64::from(u32::MAX)) as u32;
                    s.merged.push((
                        r,
                        c,
                        r.saturating_add((rs - 1).min(u64::from(u32::MAX)) as u32),
                        c.saturating_add((cs - 1).min(u64::from(u32::MAX)) as u32),
                    ));
                }
                col = col.saturating_add(crep);
                if filled {
                    extent = col;
                }
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(sheets)
}

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
pub fn read(bytes: &[u8], format: Format, at: &Location) -> Result<Vec<Table>> {
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

/// Most cells an .xls sheet can hold by format (65,536 rows × 256 columns).
const XLS_SHEET_CELLS: u64 = 65_536 * 256;

fn u16_at(d: &[u8], i: usize) -> Option<u64> {
    let b = d.get(i..i.checked_add(2)?)?;
    Some(u64::from(u16::from_le_bytes([*b.first()?, *b.get(1)?])))
}

fn u32_at(d: &[u8], i: usize) -> Option<u64> {
    let b = d.get(i..i.checked_add(4)?)?;
    let mut a = [0u8; 4];
    a.copy_from_slice(b);
    Some(u64::from(u32::from_le_bytes(a)))
}

/// Checks an .xls file's BIFF records before calamine opens it. Calamine builds every sheet as
/// a dense grid spanning its cells at once, and reserves what the sheet's DIMENSIONS record
/// declares: a 77 KB file with two cells far apart asked for 137 GB (found by fuzzing). Here
/// the grid each sheet would need is summed from the cell positions, and refused past
/// [`MAX_CELLS`]; a declared size beyond what an .xls sheet can hold is refused too. A
/// container the strict `cfb` reader finds damaged is refused here (calamine reads some of
/// those leniently, into the same huge grids).
pub fn check_xls(bytes: &[u8], at: &Location) -> Result<()> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| corrupt(at, "an Excel 97-2003 workbook (.xls)", e))?;
    let name = if cf.is_stream("/Workbook") {
        "/Workbook"
    } else if cf.is_stream("/Book") {
        "/Book"
    } else {
        return Ok(());
    };
    let mut stream = Vec::new();
    let Ok(s) = cf.open_stream(name) else {
        return Ok(());
    };
    // The stream is part of the file, which is at most 64 MiB.
    if s.take(crate::fsutil::limits::INPUT_BYTES)
        .read_to_end(&mut stream)
        .is_err()
    {
        return Ok(());
    }
    let too_large = |what: String| {
        Error::data(
            at.clone(),
            "too-large",
            format!("{what}: refused (the limit is {MAX_CELLS} cells of sheet area per file)"),
        )
    };
    // The workbook globals, to their EOF: where each sheet's records start (BOUNDSHEET).
    // Calamine reads a sheet from each of those offsets, so two entries with one offset cost
    // two grids: they are counted twice here too.
    let mut sheets = Vec::new();
    for (typ, d) in biff_records(&stream, 0) {
        match typ {
            // FILEPASS: the records that follow are encrypted; calamine says so.
            0x002F => return Ok(()),
            0x0085 => sheets.extend(u32_at(d, 0)),
            0x000A => break,
            _ => {}
        }
    }
    let mut total: u64 = 0;
    for start in sheets {
        let Ok(start) = usize::try_from(start) else {
            continue;
        };
        // (first row, last row, first column, last column) of the sheet's cells.
        let mut span: Option<(u64, u64, u64, u64)> = None;
        let (mut seen_bof, mut nested) = (false, 0usize);
        for (typ, d) in biff_records(&stream, start) {
            if nested > 0 {
                match typ {
                    0x0809 => nested += 1,
                    0x000A => nested -= 1,
                    _ => {}
                }
                continue;
            }
            let (row, c0, c1) = match typ {
                // A BOF after the sheet's own opens an embedded chart: skipped, as calamine does.
                0x0809 if seen_bof => {
                    nested = 1;
                    continue;
                }
                0x0809 => {
                    seen_bof = true;
                    continue;
                }
                0x000A => break,
                // DIMENSIONS: what the sheet declares (calamine reserves that much).
                0x0200 => {
                    let area = declared_area(d);
                    if area > XLS_SHEET_CELLS.min(MAX_CELLS as u64) {
                        return Err(too_large(format!(
                            "a sheet declares {area} cells, more than an .xls sheet can hold"
                        )));
                    }
                    continue;
                }
                // Cell records: row, then column.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                    (u16_at(d, 0), u16_at(d, 2), u16_at(d, 2))
                }
                // MULRK: row, first column, …, last column.
                0x00BD => (
                    u16_at(d, 0),
                    u16_at(d, 2),
                    d.len().checked_sub(2).and_then(|i| u16_at(d, i)),
                ),
                _ => continue,
            };
            if let (Some(r), Some(a), Some(b)) = (row, c0, c1) {
                let (lo, hi) = (a.min(b), a.max(b));
                span = Some(match span {
                    None => (r, r, lo, hi),
                    Some((r0, r1, x0, x1)) => (r0.min(r), r1.max(r), x0.min(lo), x1.max(hi)),
                });
            }
        }
        if let Some((r0, r1, c0, c1)) = span {
            // Calamine builds two grids of this size (values and formulas).
            let area = (r1 - r0 + 1).saturating_mul(c1 - c0 + 1);
            total = total.saturating_add(area);
            if total > MAX_CELLS as u64 {
                return Err(too_large(format!(
                    "a sheet spans rows {} to {} and columns {} to {}, so reading the workbook would take a grid of more than {MAX_CELLS} cells",
                    r0 + 1,
                    r1 + 1,
                    crate::error::column_letter(u32::try_from(c0).unwrap_or(u32::MAX)),
                    crate::error::column_letter(u32::try_from(c1).unwrap_or(u32::MAX))
                )));
            }
        }
    }
    Ok(())
}

/// The cells a DIMENSIONS record makes calamine 0.38 reserve, computed as it does: the first
/// column is taken as 0 when it is past 255 or after the last one, and the row and column
/// counts are `last - first + 1` in wrapping `u32` arithmetic, so a last row before the first
/// declares about four billion rows (found by fuzzing: a 77 KB file asked for 9 PB). A record
/// of another length is refused by calamine itself, and counts as nothing here.
fn declared_area(d: &[u8]) -> u64 {
    let field = |i: usize, wide: bool| {
        if wide {
            u32_at(d, i).and_then(|v| u32::try_from(v).ok())
        } else {
            u16_at(d, i).and_then(|v| u32::try_from(v).ok())
        }
    };
    let dims = match d.len() {
        10 => (
            field(0, false),
            field(2, false),
            field(4, false),
            field(6, false),
        ),
        14 | 16 => (
            field(0, true),
            field(4, true),
            field(8, false),
            field(10, false),
        ),
        _ => return 0,
    };
    let (Some(rf), Some(rl), Some(mut cf), Some(cl)) = dims else {
        return 0;
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    let (end_r, end_c) = if rl >= 1 && cl >= 1 {
        (rl - 1, cl - 1)
    } else {
        (rf, cf)
    };
    let rows = end_r.wrapping_sub(rf).wrapping_add(1);
    let cols = end_c.wrapping_sub(cf).wrapping_add(1);
    u64::from(rows).saturating_mul(u64::from(cols))
}

/// The BIFF records of a workbook stream from byte `from`: (type, data), until the stream ends
/// or a record runs past it.
fn biff_records(stream: &[u8], from: usize) -> impl Iterator<Item = (u64, &[u8])> {
    let mut pos = from;
    std::iter::from_fn(move || {
        let typ = u16_at(stream, pos)?;
        let len = usize::try_from(u16_at(stream, pos.checked_add(2)?)?).ok()?;
        let start = pos.checked_add(4)?;
        let end = start.checked_add(len)?;
        let data = stream.get(start..end)?;
        pos = end;
        Some((typ, data))
    })
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
