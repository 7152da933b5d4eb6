//! The last step, once every row of an answers table is read: "None of these" wins over ticked
//! choices (a warning), each entry gets its status ([`status_of`]), the rows of an older lens
//! that map to one current practice are combined conservatively ([`combine`]), and the answers
//! and question-level data join the file's review.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::shape::{Entry, Found, QData, Shape};
use crate::error::{Diagnostics, Location};
use crate::import::tables::ctx::Ctx;
use crate::import::tables::status_words::Word;
use crate::model::review::{Answer, PracticeStatus, QuestionAnswer};

/// Decides the statuses of the entries found in a table and adds everything to the review.
pub(super) fn finish(cx: &mut Ctx, shape: &Shape, found: Found) {
    let Found {
        entries,
        questions,
        none_rows,
        answered,
    } = found;
    none_wins(&mut cx.diags, &entries, &none_rows);
    let answers = entries
        .into_iter()
        .map(|e| answer(e, &none_rows, &answered, shape.checkbox()))
        .collect();
    let combined = combine(answers, &mut cx.diags);
    cx.review.answers.extend(combined);
    add_questions(cx, questions);
}

/// "None of these" wins over ticked choices, as in the WA Tool: a warning per question that has
/// both.
fn none_wins(diags: &mut Diagnostics, entries: &[Entry], none_rows: &BTreeMap<String, Location>) {
    for (qid, at) in none_rows {
        let ticked: Vec<String> = entries
            .iter()
            .filter(|e| &e.row_question == qid && e.word == Some(Word::Implemented))
            .map(|e| e.bp.clone())
            .collect();
        if !ticked.is_empty() {
            diags.warning(
                "none-with-choices",
                Some(at.clone()),
                format!(
                    "{qid}: \"None of these\" is selected together with {}; \"None of these\" wins, as in the WA Tool",
                    ticked.join(", ")
                ),
            );
        }
    }
}

/// The status of an entry, and whether the table gave it. "None of these" makes every practice
/// of its question not implemented, except a not-applicable one. A blank status is not
/// implemented in an answered question of a checkbox layout, else unanswered (given, in a
/// checkbox layout: an unticked box is an answer).
fn status_of(e: &Entry, none: bool, answered: bool, checkbox: bool) -> (PracticeStatus, bool) {
    match e.word {
        _ if none && !matches!(e.word, Some(Word::NotApplicable(_))) => {
            (PracticeStatus::NotImplemented, true)
        }
        Some(Word::Implemented) => (PracticeStatus::Implemented, true),
        Some(Word::NotImplemented) | Some(Word::Partial) => (PracticeStatus::NotImplemented, true),
        Some(Word::NotApplicable(_)) => (PracticeStatus::NotApplicable, true),
        Some(Word::Unanswered) | Some(Word::NoneOfThese) => (PracticeStatus::Unanswered, true),
        None if checkbox && answered => (PracticeStatus::NotImplemented, true),
        None => (PracticeStatus::Unanswered, checkbox),
    }
}

/// An entry as an answer, and whether it comes from a row of an older lens.
fn answer(
    e: Entry,
    none_rows: &BTreeMap<String, Location>,
    answered: &BTreeSet<String>,
    checkbox: bool,
) -> (Answer, bool) {
    let none = none_rows.contains_key(&e.row_question);
    let (status, given) = status_of(&e, none, answered.contains(&e.row_question), checkbox);
    let mut a = Answer::new(e.bp, status, e.source);
    a.status_given = given;
    a.na_reason = if status == PracticeStatus::NotApplicable {
        e.na_reason
    } else {
        None
    };
    a.notes = e.notes;
    e.plan.fill(&mut a);
    let legacy = !e.legacy_ids.is_empty();
    a.legacy_ids = e.legacy_ids;
    (a, legacy)
}

/// Rows of an older lens that map to the same current practice are combined conservatively:
/// not implemented unless every one is implemented (or not applicable). Only the first answer
/// of a practice ever takes in another (a legacy row is never pushed after one), so it is
/// found by practice in a map, and notes and lists are gathered in sets and joined once:
/// thousands of rows for one practice stay linear. Other answers given twice are left to the
/// merge, which reports them.
fn combine(answers: Vec<(Answer, bool)>, diags: &mut Diagnostics) -> Vec<Answer> {
    let mut combined: Vec<(Answer, Gathered)> = Vec::new();
    let mut first_of: HashMap<String, usize> = HashMap::new();
    for (a, legacy) in answers {
        let mergeable = first_of
            .get(&a.practice)
            .and_then(|&i| combined.get_mut(i))
            .filter(|(b, _)| legacy || !b.legacy_ids.is_empty());
        match mergeable {
            Some((b, g)) => take_in(b, g, a),
            None => {
                first_of.entry(a.practice.clone()).or_insert(combined.len());
                let g = Gathered::of(&a);
                combined.push((a, g));
            }
        }
    }
    let mut out = Vec::with_capacity(combined.len());
    for (mut a, g) in combined {
        if g.notes.len() > 1 {
            let joined = g.notes.join("\n");
            let what = format!(
                "the note combined from the {} rows for {}",
                g.notes.len(),
                a.practice
            );
            crate::import::text::check_text(&joined, &a.source, &what, diags);
            a.notes = Some(joined);
        } else {
            a.notes = g.notes.into_iter().next();
        }
        out.push(a);
    }
    out
}

/// Answer `b` (gathering into `g`) takes in answer `a` of the same practice.
fn take_in(b: &mut Answer, g: &mut Gathered, a: Answer) {
    use PracticeStatus::*;
    b.status = match (b.status, a.status) {
        (NotApplicable, NotApplicable) => NotApplicable,
        (Implemented | NotApplicable, Implemented | NotApplicable) => Implemented,
        (Unanswered, x) | (x, Unanswered) => x,
        _ => NotImplemented,
    };
    if b.status != NotApplicable {
        b.na_reason = None;
    }
    g.note(a.notes);
    b.owner = b.owner.take().or(a.owner);
    b.effort = b.effort.or(a.effort);
    b.impact = b.impact.take().or(a.impact);
    b.effort_days = b.effort_days.or(a.effort_days);
    b.cost = b.cost.or(a.cost);
    b.target_date = b.target_date.or(a.target_date);
    g.add_all(0, &mut b.evidence, a.evidence);
    g.add_all(1, &mut b.depends_on, a.depends_on);
    g.add_all(2, &mut b.legacy_ids, a.legacy_ids);
}

/// The notes and list items of the rows combined into one answer, each kept once.
#[derive(Default)]
struct Gathered {
    notes: Vec<String>,
    /// (0 evidence, 1 depends_on, 2 legacy id, 3 note; text).
    seen: HashSet<(u8, String)>,
}

impl Gathered {
    fn of(a: &Answer) -> Self {
        let mut g = Gathered::default();
        g.note(a.notes.clone());
        for (kind, list) in [(0, &a.evidence), (1, &a.depends_on), (2, &a.legacy_ids)] {
            g.seen.extend(list.iter().map(|x| (kind, x.clone())));
        }
        g
    }

    fn note(&mut self, n: Option<String>) {
        if let Some(n) = n
            && self.seen.insert((3, n.clone()))
        {
            self.notes.push(n);
        }
    }

    fn add_all(&mut self, kind: u8, to: &mut Vec<String>, from: Vec<String>) {
        for x in from {
            if self.seen.insert((kind, x.clone())) {
                to.push(x);
            }
        }
    }
}

/// Question-level data into the review, notes joined (each kept once).
fn add_questions(cx: &mut Ctx, questions: BTreeMap<String, QData>) {
    for (qid, qd) in questions {
        let mut notes: Vec<String> = Vec::new();
        crate::import::merge::union(&mut notes, qd.notes);
        let mut qa = QuestionAnswer::new(qid, qd.source);
        qa.notes = (!notes.is_empty()).then(|| notes.join("\n"));
        qa.not_applicable = qd.not_applicable;
        qa.none_selected = qd.none_selected;
        cx.review.questions.push(qa);
    }
}
