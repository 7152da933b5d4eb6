//! The answers table of a spreadsheet or CSV file into answers, question-level data (notes,
//! not applicable, "None of these") and answers to practices of older lens versions.
//!
//! The layouts are described in `docs/spreadsheet-import.md`:
//!
//! - **A**, the AWS labs XLSX export: one row per choice, matched by title within its question,
//!   `SELECTED` in `Response`, question notes merged over the question's rows, a header block
//!   above the table, one sheet per lens named `wellarchitected v2024-06-27`;
//! - **B**, the round-trip layout: `question_id` / `choice_id` columns, `X` or `NA`, question
//!   rows (empty choice id) carrying N/A and notes;
//! - **C** and wafr's questionnaire: one row per practice keyed by BP id, choice id or title,
//!   with an explicit status.
//!
//! A and B are checkbox layouts: in a question with a ticked choice, an unticked one is not
//! implemented (as in the WA Tool). In the others a blank status is unanswered.
//!
//! Each row goes through three steps: [`row::read`] reads and checks its cells,
//! [`row::classify`] resolves what it names (the practice columns must agree, and the practice
//! must belong to the row's question), and [`place::place`] files it: as question-level data,
//! as an answer to a practice removed from the lens, or as an [`shape::Entry`] once the
//! not-applicable policy is applied. Once every row is read, [`decide::finish`] gives each entry
//! its status and combines the rows of an older lens that map to one practice. A row with a
//! problem is reported at its cell and goes no further.

mod decide;
mod place;
mod resolve;
mod row;
mod shape;

use super::columns::{Field, Header, norm_header};
use super::ctx::Ctx;
use super::table::Table;
pub(super) use shape::Layout;
use shape::{Found, Shape};

pub(super) fn layout_of(h: &Header) -> Layout {
    let is = |f: Field, name: &str| h.col(f).is_some_and(|(_, x)| norm_header(x) == name);
    if is(Field::Status, "response") && is(Field::PracticeTitle, "choice best practice") {
        Layout::LabsExport
    } else if is(Field::Status, "x or na") {
        Layout::RoundTrip
    } else {
        Layout::Explicit
    }
}

/// Imports the rows below the header row `h` of table `t` as answers. `prefer_legacy`: a title
/// names the older lens's practice first (the review's lens version is older than the catalog's).
pub(super) fn answers(cx: &mut Ctx, t: &Table, h: &Header, layout: Layout, prefer_legacy: bool) {
    let shape = Shape::new(h, layout, prefer_legacy);
    let mut found = Found::default();
    for r in t.rows.iter().skip(h.index + 1) {
        if row::other_pillar_or_lens(cx, t, r, &shape) {
            continue;
        }
        let values = row::read(cx, t, r, &shape);
        let Some(named) = row::classify(cx, t, r, &shape) else {
            continue;
        };
        if values.bad_status {
            continue;
        }
        place::place(cx, t, r, &shape, values, named, &mut found);
    }
    decide::finish(cx, &shape, found);
}
