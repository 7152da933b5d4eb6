//! The third step of an answers row: file what it says. A row without a practice speaks for its
//! question (not applicable, "None of these" in its status or its own column, notes); a "None
//! of these" row selects it for its question; an answer to a practice removed from the lens is
//! kept as a legacy answer; any other row becomes an [`Entry`], once the not-applicable policy
//! ([`na_policy`]) has been applied. "None of these" on a practice's row is an error.

use super::resolve::{Hit, question_of_bp};
use super::row::{Named, RowValues, Said};
use super::shape::{Entry, Found, Layout, Shape};
use crate::error::Location;
use crate::import::tables::cells::{Cells, clean_key};
use crate::import::tables::columns::Field;
use crate::import::tables::ctx::Ctx;
use crate::import::tables::status_words::Word;
use crate::import::tables::table::{Row, Table};
use crate::import::text::truncate;
use crate::model::catalog::{LegacyPractice, Question};
use crate::model::review::{LegacyAnswer, PracticeStatus};

/// The reason given when a row says "not applicable" without one and no column asks for it.
const NO_REASON: &str = "Marked not applicable in the spreadsheet (no reason given)";

/// Files one row that has passed [`super::row::classify`].
pub(super) fn place(
    cx: &mut Ctx,
    t: &Table,
    row: &Row,
    shape: &Shape,
    values: RowValues,
    named: Named,
    found: &mut Found,
) {
    let row_at = t.row_at(row.number);
    if values.none_of_these == Some(true)
        && let Some(Hit::Current(_) | Hit::Legacy(_)) = &named.hit
    {
        cells(cx, t).error_at(
            row,
            shape.col(Field::NoneOfThese),
            "none-of-these-on-practice",
            "\"None of these\" is a question's answer, not a best practice's: give it on the question's row (a row without a practice), or mark this practice Not implemented",
        );
        return;
    }
    match named.hit {
        None => match named.question {
            Some(q) => question_row(cx, t, row, shape, values, q, found),
            None => names_nothing(cx, row_at, shape, &values),
        },
        Some(Hit::NoneOf(qid)) => none_of_row(cx, t, row, shape, values, &qid, found),
        Some(hit) => {
            if let Some(practice) = practice_of(cx, &hit, &values, &row_at, found) {
                practice_entry(cx, t, row, shape, values, practice, found);
            }
        }
    }
}

/// A row that names no practice and no question: an error when it holds an answer (naming the
/// empty practice columns), else a warning.
fn names_nothing(cx: &mut Ctx, row_at: Location, shape: &Shape, values: &RowValues) {
    if values.said.word.is_some()
        || values.said.notes.is_some()
        || values.said.na_reason.is_some()
        || values.none_of_these == Some(true)
        || values.plan.is_given()
    {
        let mut sorted = shape.practice_cols.clone();
        sorted.sort();
        let cols: Vec<String> = sorted
            .iter()
            .map(|(c, hd)| format!("{} ({hd})", crate::error::column_letter(*c)))
            .collect();
        let which = match cols.as_slice() {
            [] => "no best-practice column".to_owned(),
            [one] => format!("column {one} is empty"),
            _ => format!("columns {} are empty", cols.join(", ")),
        };
        cx.diags.error(
            "row-names-no-practice",
            Some(row_at),
            format!(
                "the row names no best practice ({which}) and no question, so its answer cannot be placed"
            ),
        );
    } else {
        cx.diags.warning(
            "row-ignored",
            Some(row_at),
            "the row names no best practice and holds no answer; ignored",
        );
    }
}

/// A row that names a question but no practice: it can make the question not applicable,
/// select its "None of these", and add notes; any other status or plan data is an error.
fn question_row(
    cx: &mut Ctx,
    t: &Table,
    row: &Row,
    shape: &Shape,
    values: RowValues,
    q: &Question,
    found: &mut Found,
) {
    let row_at = t.row_at(row.number);
    if values.plan.is_given() {
        cx.diags.error(
            "row-names-no-practice",
            Some(row_at),
            format!(
                "a question row ({}, no best practice) cannot hold an owner, evidence, effort, impact, estimate, target date or dependency: put them on a practice's row",
                q.id
            ),
        );
        return;
    }
    let mut said = values.said;
    let word = said.word;
    if values.none_of_these == Some(true) {
        found.none_selected(&q.id, &row_at);
    }
    if word.is_none_or(|w| w == Word::Unanswered)
        && said.notes.is_none()
        && said.na_reason.is_none()
    {
        return; // a question row with nothing (more) to say
    }
    // The first row that says something of a question is the source of its question-level
    // data, even when what it says turns out to be an error.
    found.question(&q.id, &row_at);
    let na_word = matches!(word, Some(Word::NotApplicable(_)));
    if na_word || (word.is_none() && said.na_reason.is_some()) {
        let Some(reason) = question_na_reason(cx, t, row, shape, q, &mut said) else {
            return;
        };
        found.question(&q.id, &row_at).not_applicable = Some(reason);
    } else {
        match word {
            Some(Word::NoneOfThese) => found.none_selected(&q.id, &row_at),
            Some(Word::Unanswered) | None => {}
            Some(w) => {
                cells(cx, t).error_at(
                    row,
                    shape.col(Field::Status),
                    "status-on-question-row",
                    format!(
                        "the row names the question {} but no best practice, so it cannot be {}: give the status on its practices' rows (a question row takes Not applicable or None of these)",
                        q.id,
                        match w {
                            Word::Implemented => "implemented",
                            _ => "not implemented",
                        }
                    ),
                );
                return;
            }
        }
    }
    if let Some(n) = said.notes {
        found.question(&q.id, &row_at).notes.push(n);
    }
}

/// The reason a question row makes its question not applicable: the N/A reason cell; else,
/// without a N/A reason column, the notes (taken); else the word's own ("out of scope"); else
/// an error when the table has a N/A reason column, or a warning and a stock reason. `None`
/// when the row is refused (reported).
fn question_na_reason(
    cx: &mut Ctx,
    t: &Table,
    row: &Row,
    shape: &Shape,
    q: &Question,
    said: &mut Said,
) -> Option<String> {
    let default = match said.word {
        Some(Word::NotApplicable(d)) => d,
        _ => None,
    };
    let reason = said
        .na_reason
        .take()
        .or_else(|| {
            if shape.has_na_col {
                None
            } else {
                said.notes.take()
            }
        })
        .or(default.map(str::to_owned));
    match reason {
        Some(r) => Some(r),
        None if shape.has_na_col => {
            cells(cx, t).error_at(
                row,
                shape.col(Field::NaReason),
                "missing-na-reason",
                format!(
                    "{} is marked not applicable without a reason: say why it does not apply",
                    q.id
                ),
            );
            None
        }
        None => {
            cx.diags.warning(
                "na-without-reason",
                Some(t.row_at(row.number)),
                format!("{} is marked not applicable without a reason", q.id),
            );
            Some(NO_REASON.to_owned())
        }
    }
}

/// A row naming a question's "None of these" (by its choice id or title): ticked, it selects
/// it; its notes are the question's.
fn none_of_row(
    cx: &mut Ctx,
    t: &Table,
    row: &Row,
    shape: &Shape,
    values: RowValues,
    qid: &str,
    found: &mut Found,
) {
    let row_at = t.row_at(row.number);
    if values.none_of_these == Some(true) {
        found.none_selected(qid, &row_at);
    }
    match values.said.word {
        Some(Word::Implemented) | Some(Word::NoneOfThese) => found.none_selected(qid, &row_at),
        Some(Word::Unanswered) | Some(Word::NotImplemented) | None => {}
        Some(_) => {
            cells(cx, t).error_at(
                row,
                shape.col(Field::Status),
                "unknown-status",
                "\"None of these\" can only be selected (or left blank)",
            );
        }
    }
    if let Some(n) = values.said.notes {
        found.question(qid, &row_at).notes.push(n);
    }
}

/// The current practice a row answers.
struct Practice {
    bp: String,
    /// The row's question (old numbering for a row of an older lens).
    row_question: String,
    /// The old choice id, for a row of an older lens whose id is no current one.
    legacy_ids: Vec<String>,
}

/// The current practice a practice row answers; `None` for an answer to a practice removed
/// from the lens, which is kept as a legacy answer here.
fn practice_of(
    cx: &mut Ctx,
    hit: &Hit,
    values: &RowValues,
    row_at: &Location,
    found: &mut Found,
) -> Option<Practice> {
    let l = match hit {
        // `i` comes from the catalog's own index, so it is always there.
        Hit::Current(i) => {
            let p = cx.catalog.lens.practices.get(*i)?;
            return Some(Practice {
                bp: p.id.clone(),
                row_question: p.question.clone(),
                legacy_ids: Vec::new(),
            });
        }
        Hit::Legacy(l) => l,
        Hit::NoneOf(_) | Hit::Unknown => return None,
    };
    let oq = question_of_bp(&l.old_bp_id).unwrap_or_default();
    let Some(cur) = &l.current else {
        removed_practice(cx, l, values, row_at, oq, found);
        return None;
    };
    if let Some(how) = l.judgement() {
        cx.inferred.insert(format!(
            "{} \"{}\" of an older lens version was mapped to {cur} ({how})",
            l.old_bp_id, l.old_title,
        ));
    }
    let legacy_ids = if cx.catalog.practice_by_choice(&l.old_choice_id).is_none() {
        vec![l.old_choice_id.clone()]
    } else {
        Vec::new()
    };
    Some(Practice {
        bp: cur.clone(),
        row_question: oq,
        legacy_ids,
    })
}

/// An answer to a practice of an older lens that the current lens removed: kept as it is, so
/// the report can say what was answered. An answer makes its (old) question answered.
fn removed_practice(
    cx: &mut Ctx,
    l: &LegacyPractice,
    values: &RowValues,
    row_at: &Location,
    old_question: String,
    found: &mut Found,
) {
    let status = match values.said.word {
        Some(Word::Implemented) => PracticeStatus::Implemented,
        Some(Word::NotImplemented) | Some(Word::Partial) => PracticeStatus::NotImplemented,
        Some(Word::NotApplicable(_)) => PracticeStatus::NotApplicable,
        _ => PracticeStatus::Unanswered,
    };
    cx.review.legacy.push(LegacyAnswer {
        old_choice_id: l.old_choice_id.clone(),
        old_bp_id: l.old_bp_id.clone(),
        old_title: l.old_title.clone(),
        status,
        notes: values.said.notes.clone(),
        source: row_at.clone(),
    });
    if status != PracticeStatus::Unanswered {
        found.answered.insert(old_question);
    }
}

/// A practice row becomes an entry, unless the not-applicable policy refuses it or it says
/// nothing (in a layout where a blank status is no answer).
fn practice_entry(
    cx: &mut Ctx,
    t: &Table,
    row: &Row,
    shape: &Shape,
    values: RowValues,
    practice: Practice,
    found: &mut Found,
) {
    let row_at = t.row_at(row.number);
    let has_plan_data = values.plan.is_given();
    let word = values.said.word;
    if let Some(w) = word
        && !matches!(w, Word::Unanswered)
    {
        found.answered.insert(practice.row_question.clone());
    }
    if word == Some(Word::NoneOfThese) {
        cells(cx, t).error_at(
            row,
            shape.col(Field::Status),
            "unknown-status",
            format!(
                "\"None of these\" is not an answer for a best practice ({}); use Not implemented",
                practice.bp
            ),
        );
        return;
    }
    let Some(Said {
        word,
        na_reason,
        mut notes,
    }) = na_policy(cx, t, row, shape, &practice.bp, values.said)
    else {
        return;
    };
    if word == Some(Word::Partial) {
        cx.partial.push(practice.bp.clone());
        notes = Some(partial_note(values.status_text.as_deref(), notes));
    }
    if shape.layout == Layout::LabsExport {
        // The labs export's notes are the question's, merged over its rows.
        if let Some(n) = notes.take() {
            found
                .question(&practice.row_question, &row_at)
                .notes
                .push(n);
        }
    }
    if !shape.checkbox() && word.is_none() && notes.is_none() && !has_plan_data {
        return; // nothing said about this practice
    }
    found.entries.push(Entry {
        bp: practice.bp,
        row_question: practice.row_question,
        word,
        na_reason,
        notes,
        plan: values.plan,
        source: row_at,
        legacy_ids: practice.legacy_ids,
    });
}

/// The notes of a partial answer: a first line saying it was partial (quoting the status as
/// typed) and that it counts as not implemented, then the row's notes.
fn partial_note(status_text: Option<&str>, notes: Option<String>) -> String {
    let marker = format!(
        "Partially implemented (status \"{}\" in the spreadsheet): counted as not implemented.",
        truncate(&clean_key(status_text.unwrap_or_default()), 40)
    );
    match notes {
        Some(n) => format!("{marker}\n{n}"),
        None => marker,
    }
}

/// The not-applicable policy of a practice row, giving its word, reason and notes as they
/// stand after it; `None` when the row is refused (reported). A reason alone makes the practice not applicable. Not
/// applicable needs a reason: the word's own ("out of scope"); else, when the table has a N/A
/// reason column, an error; else the notes (but not in the labs export, whose notes are the
/// question's); else a warning and a stock reason. A reason with another status is an error.
fn na_policy(
    cx: &mut Ctx,
    t: &Table,
    row: &Row,
    shape: &Shape,
    bp: &str,
    said: Said,
) -> Option<Said> {
    let Said {
        mut word,
        mut na_reason,
        mut notes,
    } = said;
    if na_reason.is_some() && word.is_none() {
        word = Some(Word::NotApplicable(None));
    }
    match word {
        Some(Word::NotApplicable(default)) if na_reason.is_none() => {
            if let Some(d) = default {
                na_reason = Some(d.to_owned());
            } else if shape.has_na_col {
                cells(cx, t).error_at(
                    row,
                    shape.col(Field::NaReason),
                    "missing-na-reason",
                    format!(
                        "{bp} is marked not applicable without a reason: say why it does not apply"
                    ),
                );
                return None;
            } else if let Some(n) = notes.take().filter(|_| shape.layout != Layout::LabsExport) {
                na_reason = Some(n);
            } else {
                cx.diags.warning(
                    "na-without-reason",
                    Some(t.row_at(row.number)),
                    format!("{bp} is marked not applicable without a reason"),
                );
                na_reason = Some(NO_REASON.into());
            }
        }
        Some(Word::NotApplicable(_)) => {}
        Some(w) if na_reason.is_some() => {
            cells(cx, t).error_at(
                row,
                shape.col(Field::NaReason),
                "na-reason-without-na",
                format!(
                    "{bp} has a not-applicable reason but its status is \"{}\": clear one of them",
                    match w {
                        Word::Implemented => "implemented",
                        Word::Unanswered => "unanswered",
                        _ => "not implemented",
                    }
                ),
            );
            return None;
        }
        _ => {}
    }
    Some(Said {
        word,
        na_reason,
        notes,
    })
}

/// The cells of `t`, reporting into the file's diagnostics.
fn cells<'a>(cx: &'a mut Ctx, t: &'a Table) -> Cells<'a> {
    Cells {
        table: t,
        diags: &mut cx.diags,
    }
}
