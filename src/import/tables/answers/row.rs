//! The first two steps of an answers row: read its cells ([`read`]: each value checked, a bad
//! one reported at its cell), then resolve what the row names ([`classify`]). Rows of other
//! pillars the catalog does not hold and of other lenses are counted and skipped before either
//! ([`other_pillar_or_lens`]).

use super::resolve::{
    Hit, QHit, pillar_of_cell, question_of_bp, resolve_practice, resolve_question,
};
use super::shape::{Plan, Shape};
use crate::error::Diagnostic;
use crate::import::tables::cells::{Cells, clean_key};
use crate::import::tables::columns::Field;
use crate::import::tables::ctx::Ctx;
use crate::import::tables::status_words::{Word, parse_word, status_hint};
use crate::import::tables::table::{Row, Table, Value};
use crate::import::text::truncate;
use crate::model::catalog::{Catalog, Question, canonical_bp_id};
use crate::model::review::Effort;

/// The cells of one row, read and checked.
pub(super) struct RowValues {
    /// The status cell as typed, for the note of a partial answer.
    pub(super) status_text: Option<String>,
    /// The status cell holds a word wafr does not know (reported).
    pub(super) bad_status: bool,
    /// What the row says about its status.
    pub(super) said: Said,
    /// Owner, evidence, effort, estimates, target date and dependencies.
    pub(super) plan: Plan,
    /// The "None of these" column: yes, no, or blank.
    pub(super) none_of_these: Option<bool>,
}

/// What a row says about its status: the word, the not-applicable reason and the notes (the
/// not-applicable policy may turn notes into the reason).
pub(super) struct Said {
    pub(super) word: Option<Word>,
    pub(super) na_reason: Option<String>,
    pub(super) notes: Option<String>,
}

/// What a row names: its question (when a question column says) and its practice (`None`
/// for a question row, or a row that names nothing).
pub(super) struct Named<'c> {
    pub(super) question: Option<&'c Question>,
    pub(super) hit: Option<Hit>,
}

/// True for a row of a pillar the catalog does not hold, or of another lens: skipped, and
/// counted for one warning per file. Rows of every pillar the catalog holds are read.
pub(super) fn other_pillar_or_lens(cx: &mut Ctx, t: &Table, row: &Row, shape: &Shape) -> bool {
    let mut cells = Cells {
        table: t,
        diags: &mut cx.diags,
    };
    if let Some(p) = cells.key(row, shape.col(Field::Pillar))
        && pillar_of_cell(cx.catalog, &p).is_none()
    {
        *cx.other_pillars.entry(p).or_default() += 1;
        return true;
    }
    if let Some(l) = cells.key(row, shape.col(Field::Lens))
        && l != "wellarchitected"
    {
        cx.other_lenses
            .insert(format!("lens `{}`", truncate(&l, 40)));
        return true;
    }
    false
}

/// Reads every value cell of the row, reporting each bad value at its cell.
pub(super) fn read(cx: &mut Ctx, t: &Table, row: &Row, shape: &Shape) -> RowValues {
    let catalog = cx.catalog;
    let col = |f| shape.col(f);
    let mut cells = Cells {
        table: t,
        diags: &mut cx.diags,
    };
    let (status_text, word, bad_status) = status(&mut cells, row, col(Field::Status));
    let notes = cells.text(row, col(Field::Notes));
    let na_reason = cells.text(row, col(Field::NaReason));
    let owner = cells.text(row, col(Field::Owner));
    let evidence = cells.list(row, col(Field::Evidence));
    let effort = cells.parsed(
        row,
        col(Field::Effort),
        Effort::parse,
        "invalid-effort",
        "effort",
        "Low, Medium or High",
    );
    let impact = cells
        .text(row, col(Field::Impact))
        .filter(|s| !s.trim().is_empty());
    let effort_days = cells.amount(row, col(Field::EffortDays), "effort in days");
    let cost = cells.amount(row, col(Field::Cost), "cost");
    let target = cells.date(row, col(Field::TargetDate));
    let depends_on = depends_on(&mut cells, row, col(Field::DependsOn), catalog);
    let none_of_these = cells.checked(
        row,
        col(Field::NoneOfThese),
        crate::import::engagement::yes_no,
    );
    RowValues {
        status_text,
        bad_status,
        said: Said {
            word,
            na_reason,
            notes,
        },
        plan: Plan {
            owner,
            evidence,
            effort,
            impact,
            effort_days,
            cost,
            target,
            depends_on,
        },
        none_of_these,
    }
}

/// The status cell: its text, the word it holds (a boolean cell is a tick or no tick), and
/// whether it holds a word wafr does not know (an error with a did-you-mean).
fn status(
    cells: &mut Cells,
    row: &Row,
    status_col: Option<(u32, &str)>,
) -> (Option<String>, Option<Word>, bool) {
    let status_text = cells.text(row, status_col);
    let word = match (&status_text, row.get(status_col.map_or(u32::MAX, |x| x.0))) {
        (_, Some(Value::Bool(b))) => Some(if *b {
            Word::Implemented
        } else {
            Word::NotImplemented
        }),
        (Some(s), _) => match parse_word(s) {
            Some(w) => Some(w),
            None => {
                let (c, hd) = status_col.unwrap_or((0, ""));
                cells.diags.push(
                    Diagnostic::error(
                        "unknown-status",
                        Some(cells.at(row, c, hd)),
                        format!("unknown status \"{}\"", truncate(&clean_key(s), 40)),
                    )
                    .with_hint(status_hint(s)),
                );
                return (status_text, None, true);
            }
        },
        (None, _) => None,
    };
    (status_text, word, false)
}

/// The practices a row depends on: BP ids of the catalog; any other is an error at the cell.
fn depends_on(
    cells: &mut Cells,
    row: &Row,
    col: Option<(u32, &str)>,
    catalog: &Catalog,
) -> Vec<String> {
    let mut depends_on = Vec::new();
    for d in cells.list(row, col) {
        match canonical_bp_id(&d).filter(|id| catalog.practice(id).is_some()) {
            Some(id) => depends_on.push(id),
            None => {
                cells.error_at(
                    row,
                    col,
                    "unknown-practice",
                    format!(
                        "unknown best practice \"{}\" (give BP ids such as SEC01-BP01)",
                        truncate(&d, 40)
                    ),
                );
            }
        }
    }
    depends_on
}

/// What the row names. `None` when the row goes no further: a question of another pillar
/// (counted), or an unknown question or practice, practice columns that disagree, or a practice
/// of another question than the row's (each reported).
pub(super) fn classify<'c>(
    cx: &mut Ctx<'c>,
    t: &Table,
    row: &Row,
    shape: &Shape,
) -> Option<Named<'c>> {
    let question = question(cx, t, row, shape)?;
    let cells = practice_cells(cx, t, row, shape, question)?;
    let hit = agreed(cx, t, row, cells)?;
    if let (Some(q), Some(h)) = (question, &hit)
        && !belongs(cx, t, row, shape, q, h)
    {
        return None;
    }
    Some(Named { question, hit })
}

/// The row's question, from the question column, else the question title column: `None` when
/// the row goes no further, `Some(None)` when it names no question.
fn question<'c>(
    cx: &mut Ctx<'c>,
    t: &Table,
    row: &Row,
    shape: &Shape,
) -> Option<Option<&'c Question>> {
    let catalog = cx.catalog;
    let mut cells = Cells {
        table: t,
        diags: &mut cx.diags,
    };
    let mut question: Option<&Question> = None;
    let mut question_bad = false;
    for f in [Field::Question, Field::QuestionTitle] {
        if question.is_some() {
            break;
        }
        let Some(qv) = cells.key(row, shape.col(f)) else {
            continue;
        };
        match resolve_question(catalog, &qv) {
            QHit::Found(q) => question = Some(q),
            QHit::OtherPillar(p) => {
                *cx.other_pillars.entry(p).or_default() += 1;
                question_bad = true;
                break;
            }
            QHit::Unknown if f == Field::Question => {
                let (c, hd) = shape.col(f).unwrap_or((0, ""));
                cells.diags.push(
                    Diagnostic::error(
                        "unknown-question",
                        Some(cells.at(row, c, hd)),
                        format!("unknown question \"{}\"", truncate(&qv, 60)),
                    )
                    .with_hint("use a question id such as SEC01 or REL09, the WA Tool question id (securely-operate) or the question title"),
                );
                question_bad = true;
            }
            QHit::Unknown => {}
        }
    }
    (!question_bad).then_some(question)
}

/// A practice column's cell and what it names.
struct PracticeCell {
    col: u32,
    header: String,
    value: String,
    hit: Hit,
}

/// What every practice column that has a value names; `None` when one names nothing known
/// (reported). A title that matches nothing is only a label when an id on the row names the
/// practice (titles get shortened, reworded or translated); a title naming another practice
/// is not.
fn practice_cells(
    cx: &mut Ctx,
    t: &Table,
    row: &Row,
    shape: &Shape,
    question: Option<&Question>,
) -> Option<Vec<PracticeCell>> {
    let catalog = cx.catalog;
    let mut cells = Cells {
        table: t,
        diags: &mut cx.diags,
    };
    let mut hits: Vec<PracticeCell> = Vec::new();
    let mut title_misses: Vec<usize> = Vec::new();
    for &(c, hd) in &shape.practice_cols {
        if let Some(v) = cells.key(row, Some((c, hd))) {
            let (hit, by_title) = resolve_practice(catalog, &v, question, shape.prefer_legacy);
            if by_title && matches!(hit, Hit::Unknown) {
                title_misses.push(hits.len());
            }
            hits.push(PracticeCell {
                col: c,
                header: hd.to_owned(),
                value: v,
                hit,
            });
        }
    }
    let named_by_id = hits
        .iter()
        .enumerate()
        .any(|(i, h)| !title_misses.contains(&i) && !matches!(h.hit, Hit::Unknown));
    if named_by_id {
        let mut i = 0;
        hits.retain(|_| {
            let keep = !title_misses.contains(&i);
            i += 1;
            keep
        });
    }
    let mut unknown = false;
    for h in hits.iter().filter(|h| matches!(h.hit, Hit::Unknown)) {
        unknown = true;
        let v = &h.value;
        cells.diags.push(
            Diagnostic::error(
                "unknown-practice",
                Some(cells.at(row, h.col, &h.header)),
                match question {
                    Some(q) => format!("unknown best practice \"{}\" in {}", truncate(v, 60), q.id),
                    None => format!("unknown best practice \"{}\"", truncate(v, 60)),
                },
            )
            .with_hint("use a BP id (SEC01-BP01), a WA Tool choice id (sec_securely_operate_multi_accounts) or the practice title"),
        );
    }
    (!unknown).then_some(hits)
}

/// The one practice the row's practice columns name (`Some(None)` when none has a value);
/// `None` when they disagree (reported at the row, naming each column).
fn agreed(cx: &mut Ctx, t: &Table, row: &Row, hits: Vec<PracticeCell>) -> Option<Option<Hit>> {
    let catalog = cx.catalog;
    let target_of = |h: &Hit| -> Option<String> {
        match h {
            Hit::Current(i) => catalog.lens.practices.get(*i).map(|p| p.id.clone()),
            Hit::Legacy(l) => Some(
                l.current
                    .clone()
                    .unwrap_or_else(|| format!("removed {}", l.old_bp_id)),
            ),
            Hit::NoneOf(q) => Some(format!("None of these ({q})")),
            Hit::Unknown => None,
        }
    };
    let targets: Vec<Option<String>> = hits.iter().map(|h| target_of(&h.hit)).collect();
    if targets.iter().skip(1).any(|t| Some(t) != targets.first()) {
        let list: Vec<String> = hits
            .iter()
            .zip(&targets)
            .map(|(h, t)| {
                format!(
                    "{} ({}) \"{}\" is {}",
                    crate::error::column_letter(h.col),
                    h.header,
                    truncate(&h.value, 50),
                    t.as_deref().unwrap_or("?")
                )
            })
            .collect();
        cx.diags.push(
            Diagnostic::error(
                "practice-columns-disagree",
                Some(t.row_at(row.number)),
                format!("the best-practice columns disagree: {}", list.join(", ")),
            )
            .with_hint("the columns of one row must name the same best practice"),
        );
        return None;
    }
    Some(hits.into_iter().next().map(|x| x.hit))
}

/// True when the practice belongs to the row's question; else an error at the question cell.
fn belongs(cx: &mut Ctx, t: &Table, row: &Row, shape: &Shape, q: &Question, h: &Hit) -> bool {
    let owner_q = match h {
        Hit::Current(i) => cx
            .catalog
            .lens
            .practices
            .get(*i)
            .map(|p| p.question.clone()),
        Hit::Legacy(l) => question_of_bp(&l.old_bp_id),
        Hit::NoneOf(qid) => Some(qid.clone()),
        Hit::Unknown => None,
    };
    let Some(oq) = owner_q.filter(|oq| *oq != q.id) else {
        return true;
    };
    let (c, hd) = shape
        .col(Field::Question)
        .or(shape.col(Field::QuestionTitle))
        .unwrap_or((0, ""));
    cx.diags.push(Diagnostic::error(
        "wrong-question",
        Some(t.cell_at(row.number, c, Some(hd))),
        format!(
            "the row's best practice belongs to {oq}, but its question is {}",
            q.id
        ),
    ));
    false
}
