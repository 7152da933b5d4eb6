//! The Flat matrix sheet: `control-matrix.csv` as a sheet, for tools and pivots that want one
//! table: the same columns ([`crate::render::flat::COLUMNS`]) and rows
//! ([`crate::render::flat::rows`]), one header row, no band row. Every practice, control,
//! first evidence id and accepted risk links to its row; a cell holds one link, so a cell
//! listing several evidence ids links the first.

use rust_xlsxwriter::Worksheet;

use super::context::{Ctx, REGISTER_HEADER_ROWS};
use super::table::{Cell, Column, Kind, Styles, TableOptions, col_at, jump, text, write_table};
use crate::error::Result;
use crate::render::flat::{COLUMNS, rows};

/// One row of the flat matrix.
pub(super) struct FlatRow<'a> {
    ctx: &'a Ctx<'a>,
    cells: Vec<String>,
}

impl FlatRow<'_> {
    /// The cell of a named column.
    fn get(&self, name: &str) -> &str {
        COLUMNS
            .iter()
            .position(|c| *c == name)
            .and_then(|i| self.cells.get(i))
            .map_or("", String::as_str)
    }
}

/// Width and kind of a column, by name.
fn layout(name: &str) -> (f64, Kind) {
    match name {
        "control_ref" | "practice_ref" => (24.0, Kind::Id),
        "control_title" | "practice_title" => (32.0, Kind::Text),
        "reason" | "rationale" | "applicability_justification" => (44.0, Kind::Text),
        "practice_evidence" => (36.0, Kind::Text),
        "status_label" | "owner" | "mapping_source" | "evidence_ids" | "accepted_risk" => {
            (20.0, Kind::Text)
        }
        "framework" | "status" | "evidence_status" | "outside_scope" | "practice_status" => {
            (16.0, Kind::Text)
        }
        _ => (12.0, Kind::Id),
    }
}

/// The cell of column `i`: the text, linked where it names something with a row.
fn value(r: &FlatRow<'_>, i: usize) -> Cell {
    let shown = r.cells.get(i).cloned().unwrap_or_default();
    if shown.is_empty() {
        return Cell::Empty;
    }
    let at = match COLUMNS[i] {
        "control_ref" => r.ctx.control_at(&shown),
        "practice_ref" => r.ctx.practice_at(r.get("practice_id")),
        "evidence_ids" => shown
            .split("; ")
            .next()
            .and_then(|id| r.ctx.evidence_at(id)),
        "accepted_risk" => r.ctx.waiver_at(&shown),
        _ => return text(shown),
    };
    jump(at, shown)
}

fn columns<'a>() -> Vec<Column<FlatRow<'a>>> {
    COLUMNS
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let (width, kind) = layout(name);
            col_at(name, width, kind, i, value)
        })
        .collect()
}

/// Writes the sheet.
pub(super) fn write(ws: &mut Worksheet, styles: &Styles, ctx: &Ctx<'_>) -> Result<()> {
    let data: Vec<FlatRow<'_>> = rows(ctx.a)
        .into_iter()
        .map(|cells| FlatRow { ctx, cells })
        .collect();
    let header_row = write_table(
        ws,
        styles,
        &columns(),
        &data,
        &TableOptions {
            freeze_cols: 1,
            ..Default::default()
        },
    )?;
    debug_assert_eq!(header_row + 1, REGISTER_HEADER_ROWS);
    Ok(())
}
