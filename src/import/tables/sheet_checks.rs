//! Checks on a whole table that keep answers from being lost without a word: columns wafr does
//! not read (an error when they hold answers), answers tables without a status column, and
//! sheets without a header row wafr recognises (an error when they name best practices).

use std::collections::{BTreeMap, BTreeSet};

use super::columns::{Field, Header, Kind, closest_header};
use super::ctx::Ctx;
use super::status_words::parse_word;
use super::table::{Table, Value};
use crate::error::Diagnostic;
use crate::import::text::truncate;
use crate::model::catalog::canonical_bp_id;

/// Code of the warning for a practice-keyed table without a status column. Such a table may
/// only add owners, notes or evidence to answers another input gives; [`crate::import::load`] makes it
/// an error when no other input answers anything, since its answers would then be lost.
pub(crate) const NO_STATUS_COLUMN: &str = "no-status-column";

pub(super) fn no_status_column(cx: &mut Ctx, t: &Table, h: &Header) {
    let keyed = [
        Field::Practice,
        Field::BpId,
        Field::ChoiceId,
        Field::PracticeTitle,
    ]
    .iter()
    .any(|&f| h.has(f));
    if !keyed || h.has(Field::Status) {
        return;
    }
    let Some(row) = t.rows.get(h.index).map(|r| r.number) else {
        return;
    };
    let suspect = h
        .unknown
        .iter()
        .find(|(_, s)| closest_header(Kind::Answers, s).is_some_and(|(_, f)| f == Field::Status));
    let hint = match suspect {
        Some((c, s)) => format!(
            "column {} (\"{s}\") may be it: did you mean \"Status\"? docs/spreadsheet-import.md lists the status headers",
            crate::error::column_letter(*c)
        ),
        None => "add a Status column (Status, Response or X or NA; docs/spreadsheet-import.md), or give the answers in another input".to_owned(),
    };
    cx.diags.push(
        Diagnostic::warning(
            NO_STATUS_COLUMN,
            Some(t.row_at(row)),
            "this answers table has no status column: its rows only add owners, notes and evidence to answers given elsewhere",
        )
        .with_hint(hint),
    );
}

/// `status` → `Status`, as headers are usually written.
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A sheet without a header row wafr recognises is skipped with a warning, unless it names best
/// practices of the catalog: then it holds answers that would be lost, and that is an error
/// naming the first such cell (issue 16).
pub(super) fn ignored_sheet(cx: &mut Ctx, t: &Table) {
    let names_practice = |v: &Value| match v {
        Value::Text(s) if s.chars().count() <= 80 => {
            canonical_bp_id(s).is_some_and(|id| cx.catalog.practice(&id).is_some())
                || cx.catalog.practice_by_choice(s).is_some()
        }
        _ => false,
    };
    let first = t.rows.iter().find_map(|r| {
        r.cells
            .iter()
            .find(|(_, v)| names_practice(v))
            .map(|(c, v)| (r.number, *c, v.display()))
    });
    match first {
        Some((row, col, text)) => cx.diags.push(
            Diagnostic::error(
                "sheet-with-answers-ignored",
                Some(t.cell_at(row, col, None)),
                format!(
                    "this sheet names best practices (\"{}\") but has no header row wafr recognises in its first 30 rows, so its answers would be lost",
                    truncate(&text, 40)
                ),
            )
            .with_hint(
                "an answers table needs a header row with a best-practice column (BP ID, Choice ID or Best practice) and a status column (Status, Response or X or NA); see docs/spreadsheet-import.md",
            ),
        ),
        None => cx.diags.warning(
            "sheet-ignored",
            Some(t.at.clone()),
            "no header row wafr recognises in the first 30 rows: sheet ignored",
        ),
    }
}

/// Columns whose header is unknown (or missing) but which hold values. Values that could change
/// a status are never dropped with a warning (issue 16): a column whose header looks like one
/// wafr reads for a status-bearing field, or (in an answers table) whose values are mostly
/// status words, is an error naming the column, with a did-you-mean. Any other such column is
/// free text wafr does not read: a warning (an error with `--strict`).
pub(super) fn unknown_columns(cx: &mut Ctx, t: &Table, h: &Header) {
    let known: BTreeSet<u32> = h.columns.iter().map(|c| c.col).collect();
    // Per column: values, and how many of them are status words.
    let mut counts: BTreeMap<u32, (u32, u32)> = BTreeMap::new();
    for row in t.rows.iter().skip(h.index + 1) {
        for (c, v) in &row.cells {
            if !known.contains(c) {
                let e = counts.entry(*c).or_default();
                e.0 += 1;
                if matches!(v, Value::Text(s) if parse_word(s).is_some()) {
                    e.1 += 1;
                }
            }
        }
    }
    let Some(header_row) = t.rows.get(h.index).map(|r| r.number) else {
        return;
    };
    for (c, (n, words)) in counts {
        let name = h
            .unknown
            .iter()
            .find(|(x, _)| *x == c)
            .map(|(_, s)| s.clone());
        let at = t.cell_at(header_row, c, name.as_deref());
        let meant = name.as_deref().and_then(|s| closest_header(h.kind, s));
        let answers = h.kind == Kind::Answers && words > 0 && words * 2 >= n;
        let rename = match meant {
            Some((alias, _)) => {
                format!("did you mean \"{}\"? Rename the header", capitalised(alias))
            }
            None if answers => "name the column \"Status\"".to_owned(),
            None => "rename the header".to_owned(),
        };
        let hint = format!(
            "{rename}; docs/spreadsheet-import.md lists every header wafr reads in {} tables",
            h.kind.label()
        );
        let what = match &name {
            Some(_) => "unknown column",
            None => "column without a header",
        };
        if answers || meant.is_some() {
            let why = if answers {
                format!("{words} of its {n} values are answers (status words)")
            } else {
                format!("it holds {}", crate::textfmt::count(n, "value", "values"))
            };
            cx.diags.push(
                Diagnostic::error(
                    "unknown-column-with-answers",
                    Some(at),
                    format!("{what}: {why}, and wafr would not import them"),
                )
                .with_hint(hint),
            );
        } else {
            cx.diags.push(
                Diagnostic::warning(
                    "unknown-column",
                    Some(at),
                    format!(
                        "{what}: {} not imported",
                        match n {
                            1 => "its 1 value was".to_owned(),
                            n => format!("its {n} values were"),
                        }
                    ),
                )
                .with_hint(format!("{hint}, or delete the column")),
            );
        }
    }
}
