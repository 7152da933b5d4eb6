//! What an answers table is ([`Layout`], [`Shape`]) and what its rows said ([`Entry`],
//! [`QData`], [`Found`]). A leaf: the steps beside it (`row`, `place`, `decide`) and
//! `answers/mod.rs` all use it.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Location;
use crate::import::tables::columns::{Field, Header};
use crate::import::tables::status_words::Word;
use crate::model::review::{Answer, Effort};

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
    pub(super) plan: Plan,
    pub(super) source: Location,
    pub(super) legacy_ids: Vec<String>,
}

/// What a row says about a practice's improvement (owner, evidence, effort and its estimates,
/// impact, target date, dependencies): read from the row's cells, carried by its entry and
/// set on the answer as it is, field for field.
#[derive(Debug, Clone, Default)]
pub(super) struct Plan {
    pub(super) owner: Option<String>,
    pub(super) evidence: Vec<String>,
    pub(super) effort: Option<Effort>,
    pub(super) impact: Option<String>,
    pub(super) effort_days: Option<f64>,
    pub(super) cost: Option<f64>,
    pub(super) target: Option<time::Date>,
    pub(super) depends_on: Vec<String>,
}

impl Plan {
    /// True when the row holds any of it (which only a practice's row can hold).
    pub(super) fn is_given(&self) -> bool {
        self.owner.is_some()
            || !self.evidence.is_empty()
            || self.effort.is_some()
            || self.impact.is_some()
            || self.effort_days.is_some()
            || self.cost.is_some()
            || self.target.is_some()
            || !self.depends_on.is_empty()
    }

    /// Sets it on an answer.
    pub(super) fn fill(self, a: &mut Answer) {
        a.owner = self.owner;
        a.evidence = self.evidence;
        a.effort = self.effort;
        a.impact = self.impact;
        a.effort_days = self.effort_days;
        a.cost = self.cost;
        a.target_date = self.target;
        a.depends_on = self.depends_on;
    }
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
