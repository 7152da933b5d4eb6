//! What an answers table is ([`Layout`], [`Shape`]) and what its rows said ([`Entry`],
//! [`QData`], [`Found`]). A leaf: the steps beside it (`row`, `place`, `decide`) and
//! `answers/mod.rs` all use it.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Location;
use crate::import::tables::columns::{Field, Header};
use crate::import::tables::status_words::Word;
use crate::model::review::Effort;

/// How blank statuses are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::import::tables) enum Layout {
    /// Layout A: notes are question notes; checkbox semantics.
    LabsExport,
    /// Layout B: checkbox semantics.
    RoundTrip,
    /// Explicit statuses; blank is unanswered.
    Explicit,
}

/// An answers table's columns, and how its blank statuses are read.
pub(super) struct Shape<'h> {
    pub(super) header: &'h Header,
    pub(super) layout: Layout,
    /// The columns that name the practice, in the order they are read.
    pub(super) practice_cols: Vec<(u32, &'h str)>,
    /// The table has a not-applicable reason column: a reason must be given there.
    pub(super) has_na_col: bool,
    /// A title names the older lens's practice first.
    pub(super) prefer_legacy: bool,
}

impl<'h> Shape<'h> {
    pub(super) fn new(header: &'h Header, layout: Layout, prefer_legacy: bool) -> Self {
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
    pub(super) fn col(&self, f: Field) -> Option<(u32, &'h str)> {
        self.header.col(f)
    }

    /// Layouts A and B: a blank status in an answered question is not implemented.
    pub(super) fn checkbox(&self) -> bool {
        self.layout != Layout::Explicit
    }
}

/// One answer being built from a row.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub(super) bp: String,
    /// The question of the row (old numbering for old-lens rows).
    pub(super) row_question: String,
    pub(super) word: Option<Word>,
    pub(super) na_reason: Option<String>,
    pub(super) notes: Option<String>,
    pub(super) owner: Option<String>,
    pub(super) evidence: Vec<String>,
    pub(super) effort: Option<Effort>,
    pub(super) impact: Option<String>,
    pub(super) effort_days: Option<f64>,
    pub(super) cost: Option<f64>,
    pub(super) target: Option<time::Date>,
    pub(super) depends_on: Vec<String>,
    pub(super) source: Location,
    pub(super) legacy_ids: Vec<String>,
}

/// What the rows of a table say about a question as a whole.
pub(super) struct QData {
    pub(super) notes: Vec<String>,
    pub(super) not_applicable: Option<String>,
    pub(super) none_selected: bool,
    pub(super) source: Location,
}

/// What the rows of one answers table said, filed as they are read.
#[derive(Default)]
pub(super) struct Found {
    /// Practice rows, in row order.
    pub(super) entries: Vec<Entry>,
    /// Question-level data, by question id.
    pub(super) questions: BTreeMap<String, QData>,
    /// Questions whose "None of these" is selected, with the row that selects it.
    pub(super) none_rows: BTreeMap<String, Location>,
    /// Questions with an answered row (in a checkbox layout, their blank rows are not
    /// implemented).
    pub(super) answered: BTreeSet<String>,
}

impl Found {
    /// The question-level data of `qid`; the first row that needs it is its source.
    pub(super) fn question(&mut self, qid: &str, at: &Location) -> &mut QData {
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
    pub(super) fn none_selected(&mut self, qid: &str, at: &Location) {
        self.question(qid, at).none_selected = true;
        self.none_rows.insert(qid.to_owned(), at.clone());
        self.answered.insert(qid.to_owned());
    }
}
