//! Legacy Excel (.xls) files checked before calamine opens them.
//!
//! Calamine builds every sheet as a dense grid spanning its cells at once, and reserves what
//! the sheet's DIMENSIONS record declares: a 77 KB file with two cells far apart asked for
//! 137 GB (found by fuzzing). [`check_xls`] reads the BIFF records first, with the strict `cfb`
//! reader, and refuses what would take more than [`MAX_CELLS`] cells of grid.

use std::io::{Cursor, Read};

use super::corrupt::corrupt;
use super::table::MAX_CELLS;
use crate::error::{Error, Location, Result};

/// Most cells an .xls sheet can hold by format (65,536 rows × 256 columns).
const XLS_SHEET_CELLS: u64 = 65_536 * 256;

/// Checks an .xls file's BIFF records before calamine opens it. Calamine builds every sheet as
/// a dense grid spanning its cells at once, and reserves what the sheet's DIMENSIONS record
/// declares: a 77 KB file with two cells far apart asked for 137 GB (found by fuzzing). Here
/// the grid each sheet would need is summed from the cell positions, and refused past
/// [`MAX_CELLS`]; a declared size beyond what an .xls sheet can hold is refused too. A
/// container the strict `cfb` reader finds damaged is refused here (calamine reads some of
/// those leniently, into the same huge grids).
pub(crate) fn check_xls(bytes: &[u8], at: &Location) -> Result<()> {
    let Some(stream) = workbook_stream(bytes, at)? else {
        return Ok(());
    };
    let Some(sheets) = sheet_offsets(&stream) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    for start in sheets {
        let Ok(start) = usize::try_from(start) else {
            continue;
        };
        let Some((r0, r1, c0, c1)) = sheet_span(&stream, start, at)? else {
            continue;
        };
        // Calamine builds two grids of this size (values and formulas).
        let area = (r1 - r0 + 1).saturating_mul(c1 - c0 + 1);
        total = total.saturating_add(area);
        if total > MAX_CELLS as u64 {
            return Err(too_large(
                at,
                format!(
                    "a sheet spans rows {} to {} and columns {} to {}, so reading the workbook would take a grid of more than {MAX_CELLS} cells",
                    r0 + 1,
                    r1 + 1,
                    crate::error::column_letter(u32::try_from(c0).unwrap_or(u32::MAX)),
                    crate::error::column_letter(u32::try_from(c1).unwrap_or(u32::MAX))
                ),
            ));
        }
    }
    Ok(())
}

fn too_large(at: &Location, what: String) -> Error {
    Error::data(
        at.clone(),
        "too-large",
        format!("{what}: refused (the limit is {MAX_CELLS} cells of sheet area per file)"),
    )
}

/// The workbook stream of the compound file, or `None` when there is none to check (calamine
/// then says what is wrong). A container the strict `cfb` reader finds damaged is an error.
fn workbook_stream(bytes: &[u8], at: &Location) -> Result<Option<Vec<u8>>> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| corrupt(at, "an Excel 97-2003 workbook (.xls)", e))?;
    let name = if cf.is_stream("/Workbook") {
        "/Workbook"
    } else if cf.is_stream("/Book") {
        "/Book"
    } else {
        return Ok(None);
    };
    let mut stream = Vec::new();
    let Ok(s) = cf.open_stream(name) else {
        return Ok(None);
    };
    // The stream is part of the file, which is at most 64 MiB.
    if s.take(crate::fsutil::limits::INPUT_BYTES)
        .read_to_end(&mut stream)
        .is_err()
    {
        return Ok(None);
    }
    Ok(Some(stream))
}

/// The workbook globals, to their EOF: where each sheet's records start (BOUNDSHEET).
/// Calamine reads a sheet from each of those offsets, so two entries with one offset cost two
/// grids: they are counted twice here too. `None` when the records that follow are encrypted
/// (FILEPASS): calamine says so.
fn sheet_offsets(stream: &[u8]) -> Option<Vec<u64>> {
    let mut sheets = Vec::new();
    for (typ, d) in biff_records(stream, 0) {
        match typ {
            0x002F => return None,
            0x0085 => sheets.extend(u32_at(d, 0)),
            0x000A => break,
            _ => {}
        }
    }
    Some(sheets)
}

/// (first row, last row, first column, last column) of the cells of the sheet whose records
/// start at `start`, or `None` without cells. A DIMENSIONS record declaring more than an .xls
/// sheet holds is an error (calamine reserves what it declares).
fn sheet_span(stream: &[u8], start: usize, at: &Location) -> Result<Option<(u64, u64, u64, u64)>> {
    let mut span: Option<(u64, u64, u64, u64)> = None;
    let (mut seen_bof, mut nested) = (false, 0usize);
    for (typ, d) in biff_records(stream, start) {
        if nested > 0 {
            match typ {
                0x0809 => nested += 1,
                0x000A => nested -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            // A BOF after the sheet's own opens an embedded chart: skipped, as calamine does.
            0x0809 if seen_bof => nested = 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            // DIMENSIONS: what the sheet declares (calamine reserves that much).
            0x0200 => {
                let area = declared_area(d);
                if area > XLS_SHEET_CELLS.min(MAX_CELLS as u64) {
                    return Err(too_large(
                        at,
                        format!("a sheet declares {area} cells, more than an .xls sheet can hold"),
                    ));
                }
            }
            _ => {
                if let Some((r, a, b)) = cell_position(typ, d) {
                    let (lo, hi) = (a.min(b), a.max(b));
                    span = Some(match span {
                        None => (r, r, lo, hi),
                        Some((r0, r1, x0, x1)) => (r0.min(r), r1.max(r), x0.min(lo), x1.max(hi)),
                    });
                }
            }
        }
    }
    Ok(span)
}

/// The row and first and last column of a cell record; `None` for other records (and for a
/// cell record too short to hold them).
fn cell_position(typ: u64, d: &[u8]) -> Option<(u64, u64, u64)> {
    match typ {
        // Cell records: row, then column.
        0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
            Some((u16_at(d, 0)?, u16_at(d, 2)?, u16_at(d, 2)?))
        }
        // MULRK: row, first column, …, last column.
        0x00BD => Some((
            u16_at(d, 0)?,
            u16_at(d, 2)?,
            d.len().checked_sub(2).and_then(|i| u16_at(d, i))?,
        )),
        _ => None,
    }
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
