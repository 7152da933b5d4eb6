//! Spreadsheets and CSV files: read into [`table::Table`]s, then into a partial [`Review`].
//!
//! Reading (bytes → tables): [`delimited`] reads CSV; [`workbook_read`] reads XLSX, XLS and ODS
//! through calamine once the guards have passed the file ([`zip_guard`], [`ods_scan`],
//! [`xls_guard`]). [`table`] is what every reader builds; [`cells`] reads a cell as a field.
//!
//! Interpreting (tables → review), in [`import`]: each table is recognised by its header row
//! ([`columns`]) as answers (`answers`), a register (`registers`: evidence, accepted risks,
//! control decisions) or workload and audit fields (`workload_fields`, `audit_fields`);
//! `sheet_checks` reports what would otherwise be lost. [`questionnaire_layout`] defines, once, the sheets and columns of
//! wafr's own questionnaire, which `render::questionnaire` writes.
//!
//! Every problem names its file, sheet, row and column. Nothing in a table is dropped without
//! a warning, and nothing that could change a status without an error.

mod answers;
mod audit_fields;
pub(crate) mod cells;
pub mod columns;
mod corrupt;
mod ctx;
pub(crate) mod delimited;
mod fields;
pub(crate) mod ods_scan;
pub(crate) mod questionnaire_layout;
mod registers;
mod sheet_checks;
pub(crate) mod status_words;
pub mod table;
pub(crate) mod workbook_read;
mod workload_fields;
pub(crate) mod xls_guard;
pub mod zip_guard;

use self::answers::{Layout, layout_of};
use self::columns::{Header, Kind, WorkloadField, find_header, norm_header};
use self::ctx::Ctx;
pub(crate) use self::sheet_checks::NO_STATUS_COLUMN;
pub use self::status_words::{STATUS_WORDS, Word};
use self::table::Table;
use crate::error::{Diagnostic, Location, Result};
use crate::model::catalog::Catalog;
use crate::model::review::Review;

/// Sheet names that hold help text, skipped without a word.
fn is_help_sheet(name: &str) -> bool {
    matches!(
        norm_header(name).as_str(),
        "instructions" | "read me" | "readme" | "help" | "about" | "lists"
    )
}

/// `wellarchitected v2024-06-27` → (`wellarchitected`, `2024-06-27`).
fn lens_sheet(name: &str) -> Option<(String, String)> {
    let (alias, ver) = name.trim().rsplit_once(" v")?;
    crate::import::text::parse_date(ver).filter(|_| ver.len() == 10)?;
    Some((alias.trim().to_owned(), ver.to_owned()))
}

/// Imports the tables of one file.
pub fn import(tables: &[Table], at: &Location, catalog: &Catalog) -> Result<Review> {
    let mut cx = Ctx::new(catalog);
    let mut no_header = Vec::new();
    for t in tables {
        if !read_table(&mut cx, t) {
            no_header.push(t);
        }
    }
    unrecognised(&mut cx, tables, no_header, at);
    audit_fields::finish(&mut cx);
    file_warnings(&mut cx, at);
    let warnings = cx.diags.finish(&at.file)?;
    cx.review.warnings.extend(warnings);
    Ok(cx.review)
}

/// Reads one table (a sheet or a CSV file): empty tables, help sheets and sheets of other
/// lenses are skipped. False when the table has no header row wafr recognises: whether that
/// is worth a word depends on the other tables ([`unrecognised`]).
fn read_table(cx: &mut Ctx, t: &Table) -> bool {
    if t.rows.is_empty() {
        return true;
    }
    let name = t.sheet.clone().unwrap_or_default();
    if t.sheet.is_some() && is_help_sheet(&name) {
        return true;
    }
    let mut lens_version = None;
    if let Some((alias, ver)) = lens_sheet(&name) {
        if norm_header(&alias).starts_with("wellarchitected") {
            lens_version = Some(ver);
        } else {
            cx.other_lenses.insert(format!("sheet '{name}'"));
            return true;
        }
    }
    let Some(h) = find_header(t) else {
        return false;
    };
    cx.recognised += 1;
    workload_fields::header_block(cx, t, h.index);
    if let Some(v) = lens_version {
        workload_fields::set_workload(cx, WorkloadField::LensVersion, v, t.at.clone());
    }
    sheet_checks::unknown_columns(cx, t, &h);
    match h.kind {
        Kind::Answers => answers_table(cx, t, &h, &name),
        Kind::Evidence => registers::evidence(cx, t, &h),
        Kind::AcceptedRisks => registers::risks(cx, t, &h),
        Kind::Controls => registers::controls(cx, t, &h),
        Kind::Workload => workload_fields::workload_table(cx, t, &h),
    }
    true
}

/// An answers table, unless it is the round-trip layout of another lens: a sheet named by a
/// lens alias other than `wellarchitected`.
fn answers_table(cx: &mut Ctx, t: &Table, h: &Header, name: &str) {
    let layout = layout_of(h);
    if layout == Layout::RoundTrip
        && t.sheet.is_some()
        && name != "wellarchitected"
        && !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_:/".contains(c))
    {
        cx.other_lenses.insert(format!("sheet '{name}'"));
        return;
    }
    let prefer_legacy = cx
        .review
        .workload
        .lens_version
        .as_deref()
        .is_some_and(|v| v < cx.catalog.lens.version.as_str());
    sheet_checks::no_status_column(cx, t, h);
    answers::answers(cx, t, h, layout, prefer_legacy);
}

/// Tables without a header row wafr recognises: when no table has one, the file is an error;
/// else each is reported (an error when it names best practices).
fn unrecognised(cx: &mut Ctx, tables: &[Table], no_header: Vec<&Table>, at: &Location) {
    if cx.recognised == 0 {
        let what = if tables.iter().any(|t| t.sheet.is_some()) {
            "no sheet holds a table wafr recognises"
        } else {
            "no header row wafr recognises in the first 30 rows"
        };
        cx.diags.push(
            Diagnostic::error("no-table", Some(at.clone()), what).with_hint(
                "an answers table needs a best-practice column (BP ID, Choice ID or Best practice) and a status \
                 column (Status, Response or X or NA); see docs/spreadsheet-import.md, or start from \
                 `wafr template questionnaire.xlsx`",
            ),
        );
    } else {
        for t in no_header {
            sheet_checks::ignored_sheet(cx, t);
        }
    }
}

/// One warning per file for what was skipped or read with judgement: rows of pillars the
/// catalog does not hold, other lenses, partial answers, rows of an older lens mapped by
/// judgement.
fn file_warnings(cx: &mut Ctx, at: &Location) {
    if !cx.other_pillars.is_empty() {
        let list: Vec<String> = cx
            .other_pillars
            .iter()
            .map(|(p, n)| format!("{p} ({n})"))
            .collect();
        cx.diags.warning(
            "other-pillar-ignored",
            Some(at.clone()),
            format!(
                "ignored {} of pillars the mapping data does not hold: {}; load their lens files (mappings/lens/) to assess them",
                crate::textfmt::count(cx.other_pillars.values().sum::<u32>(), "row", "rows"),
                list.join(", ")
            ),
        );
    }
    if !cx.other_lenses.is_empty() {
        cx.diags.warning(
            "other-lens-ignored",
            Some(at.clone()),
            format!(
                "ignored other lenses: {}; wafr reads the Well-Architected Framework lens (`wellarchitected`)",
                cx.other_lenses.iter().cloned().collect::<Vec<_>>().join(", ")
            ),
        );
    }
    if !cx.partial.is_empty() {
        cx.diags.warning(
            "partial-counts-as-not-implemented",
            Some(at.clone()),
            format!(
                "{} answered as partly implemented count as not implemented (the WA Tool has no partial answer); their notes say so",
                cx.partial.join(", ")
            ),
        );
    }
    for note in std::mem::take(&mut cx.inferred) {
        cx.diags.push(Diagnostic::warning(
            "legacy-inferred",
            Some(at.clone()),
            note,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lens_sheet_names() {
        assert_eq!(
            lens_sheet("wellarchitected v2024-06-27"),
            Some(("wellarchitected".into(), "2024-06-27".into()))
        );
        assert_eq!(lens_sheet("Answers"), None);
    }

    /// The questionnaire's Instructions sheet is skipped by its name.
    #[test]
    fn the_questionnaire_instructions_are_a_help_sheet() {
        assert!(is_help_sheet(questionnaire_layout::INSTRUCTIONS));
    }
}
