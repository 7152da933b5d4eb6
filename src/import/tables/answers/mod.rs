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
//! as an answer to a practice removed from the lens, or as an [`Entry`] once the
//! not-applicable policy is applied. Once every row is read, [`decide::finish`] gives each entry
//! its status and combines the rows of an older lens that map to one practice. A row with a
//! problem is reported at its cell and goes no further.

mod decide;
mod place;
mod resolve;
mod row;

use std::collections::{BTreeMap, BTreeSet};

use super::columns::{Field, Header, norm_header};
use super::ctx::Ctx;
use super::status_words::Word;
use super::table::Table;
use crate::error::Location;
use crate::model::review::Effort;

/// How blank statuses are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    /// Layout A: notes are question notes; checkbox semantics.
    LabsExport,
    /// Layout B: checkbox semantics.
    RoundTrip,
    /// Explicit statuses; blank is unanswered.
    Explicit,
}

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

/// An answers table's columns, and how its blank statuses are read.
struct Shape<'h> {
    header: &'h Header,
    layout: Layout,
    /// The columns that name the practice, in the order they are read.
    practice_cols: Vec<(u32, &'h str)>,
    /// The table has a not-applicable reason column: a reason must be given there.
    has_na_col: bool,
    /// A title names the older lens's practice first.
    prefer_legacy: bool,
}

impl<'h> Shape<'h> {
    fn new(header: &'h Header, layout: Layout, prefer_legacy: bool) -> Self {
        let practice_cols = [
            Field::ChoiceId,
            Field::BpId,
            Field::Practice,
            Field::PracticeTitle,
        ]
        .iter()
        .filter_map(|&f| header.col(f))
        .collect();
        Shape {
            header,
            layout,
            practice_cols,
            has_na_col: header.has(Field::NaReason),
            prefer_legacy,
        }
    }

    /// The column of a field, with its header.
    fn col(&self, f: Field) -> Option<(u32, &'h str)> {
        self.header.col(f)
    }

    /// Layouts A and B: a blank status in an answered question is not implemented.
    fn checkbox(&self) -> bool {
        self.layout != Layout::Explicit
    }
}

/// One answer being built from a row.
#[derive(Debug, Clone)]
struct Entry {
    bp: String,
    /// The question of the row (old numbering for old-lens rows).
    row_question: String,
    word: Option<Word>,
    na_reason: Option<String>,
    notes: Option<String>,
    owner: Option<String>,
    evidence: Vec<String>,
    effort: Option<Effort>,
    impact: Option<String>,
    effort_days: Option<f64>,
    cost: Option<f64>,
    target: Option<time::Date>,
    depends_on: Vec<String>,
    source: Location,
    legacy_ids: Vec<String>,
}

/// What the rows of a table say about a question as a whole.
struct QData {
    notes: Vec<String>,
    not_applicable: Option<String>,
    none_selected: bool,
    source: Location,
}

/// What the rows of one answers table said, filed as they are read.
#[derive(Default)]
struct Found {
    /// Practice rows, in row order.
    entries: Vec<Entry>,
    /// Question-level data, by question id.
    questions: BTreeMap<String, QData>,
    /// Questions whose "None of these" is selected, with the row that selects it.
    none_rows: BTreeMap<String, Location>,
    /// Questions with an answered row (in a checkbox layout, their blank rows are not
    /// implemented).
    answered: BTreeSet<String>,
}

impl Found {
    /// The question-level data of `qid`; the first row that needs it is its source.
    fn question(&mut self, qid: &str, at: &Location) -> &mut QData {
        self.questions
            .entry(qid.to_owned())
            .or_insert_with(|| QData {
                notes: Vec::new(),
                not_applicable: None,
                none_selected: false,
                source: at.clone(),
            })
    }

    /// "None of these" selected for `qid` by the row at `at`.
    fn none_selected(&mut self, qid: &str, at: &Location) {
        self.question(qid, at).none_selected = true;
        self.none_rows.insert(qid.to_owned(), at.clone());
        self.answered.insert(qid.to_owned());
    }
}
