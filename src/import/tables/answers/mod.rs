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

mod resolve;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use self::resolve::{Hit, QHit, question_of_bp, resolve_practice, resolve_question};
use super::Ctx;
use super::cells::{Cells, clean_key};
use super::columns::{Field, Header, norm_header};
use super::status_words::{Word, parse_word, status_hint};
use super::table::{Table, Value};
use crate::error::{Diagnostic, Location};
use crate::import::text::truncate;
use crate::model::catalog::{LegacyMatch, Question, canonical_bp_id};
use crate::model::review::{Answer, Effort, LegacyAnswer, PracticeStatus, QuestionAnswer};

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
    target: Option<time::Date>,
    depends_on: Vec<String>,
    source: Location,
    legacy_ids: Vec<String>,
    /// The status cell, for messages.
    status_text: Option<String>,
}

struct QData {
    notes: Vec<String>,
    not_applicable: Option<String>,
    none_selected: bool,
    source: Location,
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

pub(super) fn answers(cx: &mut Ctx, t: &Table, h: &Header, layout: Layout, prefer_legacy: bool) {
    let catalog = cx.catalog;
    let col = |f| h.col(f);
    let practice_cols: Vec<(u32, &str)> = [
        Field::ChoiceId,
        Field::BpId,
        Field::Practice,
        Field::PracticeTitle,
    ]
    .iter()
    .filter_map(|&f| col(f))
    .collect();
    let has_na_col = h.has(Field::NaReason);
    let checkbox = layout != Layout::Explicit;
    let mut entries: Vec<Entry> = Vec::new();
    let mut qdata: BTreeMap<String, QData> = BTreeMap::new();
    let mut none_rows: BTreeMap<String, Location> = BTreeMap::new();
    let mut answered_q: BTreeSet<String> = BTreeSet::new();

    for row in t.rows.iter().skip(h.index + 1) {
        let row_at = t.row_at(row.number);
        let mut cells = Cells {
            table: t,
            diags: &mut cx.diags,
        };
        // Other pillars and lenses are skipped, counted.
        if let Some(p) = cells.key(row, col(Field::Pillar)) {
            let n = norm_header(&p).replace(' ', "");
            if !matches!(n.as_str(), "security" | "sec") {
                *cx.other_pillars.entry(p).or_default() += 1;
                continue;
            }
        }
        if let Some(l) = cells.key(row, col(Field::Lens))
            && l != "wellarchitected"
        {
            cx.other_lenses
                .insert(format!("lens `{}`", truncate(&l, 40)));
            continue;
        }
        // Values.
        let status_col = col(Field::Status);
        let status_text = cells.text(row, status_col);
        let mut bad_status = false;
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
                    bad_status = true;
                    None
                }
            },
            (None, _) => None,
        };
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
        let target = cells.date(row, col(Field::TargetDate));
        let mut depends_on = Vec::new();
        for d in cells.list(row, col(Field::DependsOn)) {
            match canonical_bp_id(&d).filter(|id| catalog.practice(id).is_some()) {
                Some(id) => depends_on.push(id),
                None => {
                    cells.error_at(
                        row,
                        col(Field::DependsOn),
                        "unknown-practice",
                        format!(
                            "unknown best practice \"{}\" (give BP ids such as SEC01-BP01)",
                            truncate(&d, 40)
                        ),
                    );
                }
            }
        }
        let has_plan_data = owner.is_some()
            || !evidence.is_empty()
            || effort.is_some()
            || target.is_some()
            || !depends_on.is_empty();
        // The question.
        let mut question: Option<&Question> = None;
        let mut question_bad = false;
        for f in [Field::Question, Field::QuestionTitle] {
            if question.is_some() {
                break;
            }
            let Some(qv) = cells.key(row, col(f)) else {
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
                    let (c, hd) = col(f).unwrap_or((0, ""));
                    cells.diags.push(
                        Diagnostic::error(
                            "unknown-question",
                            Some(cells.at(row, c, hd)),
                            format!("unknown Security question \"{}\"", truncate(&qv, 60)),
                        )
                        .with_hint("use SEC01 … SEC11, the WA Tool question id (securely-operate) or the question title"),
                    );
                    question_bad = true;
                }
                QHit::Unknown => {}
            }
        }
        if question_bad {
            continue;
        }
        // The practice, from every practice column that has a value; they must agree.
        // A title that matches nothing is only a label when an id on the row names the practice
        // (titles get shortened, reworded or translated); a title naming another practice is not.
        let mut hits: Vec<(u32, String, String, Hit)> = Vec::new();
        let mut title_misses: Vec<usize> = Vec::new();
        for &(c, hd) in &practice_cols {
            if let Some(v) = cells.key(row, Some((c, hd))) {
                let (hit, by_title) = resolve_practice(catalog, &v, question, prefer_legacy);
                if by_title && matches!(hit, Hit::Unknown) {
                    title_misses.push(hits.len());
                }
                hits.push((c, hd.to_owned(), v, hit));
            }
        }
        let named_by_id = hits
            .iter()
            .enumerate()
            .any(|(i, h)| !title_misses.contains(&i) && !matches!(h.3, Hit::Unknown));
        if named_by_id {
            let mut i = 0;
            hits.retain(|_| {
                let keep = !title_misses.contains(&i);
                i += 1;
                keep
            });
        }
        let mut unknown = false;
        for (c, hd, v, hit) in &hits {
            if matches!(hit, Hit::Unknown) {
                unknown = true;
                cells.diags.push(
                    Diagnostic::error(
                        "unknown-practice",
                        Some(cells.at(row, *c, hd)),
                        match question {
                            Some(q) => format!("unknown best practice \"{}\" in {}", truncate(v, 60), q.id),
                            None => format!("unknown best practice \"{}\"", truncate(v, 60)),
                        },
                    )
                    .with_hint("use a BP id (SEC01-BP01), a WA Tool choice id (sec_securely_operate_multi_accounts) or the practice title"),
                );
            }
        }
        if unknown {
            continue;
        }
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
        let targets: Vec<Option<String>> = hits.iter().map(|h| target_of(&h.3)).collect();
        if targets.iter().skip(1).any(|t| Some(t) != targets.first()) {
            let list: Vec<String> = hits
                .iter()
                .zip(&targets)
                .map(|((c, hd, v, _), t)| {
                    format!(
                        "{} ({hd}) \"{}\" is {}",
                        crate::error::column_letter(*c),
                        truncate(v, 50),
                        t.as_deref().unwrap_or("?")
                    )
                })
                .collect();
            cells.diags.push(
                Diagnostic::error(
                    "practice-columns-disagree",
                    Some(row_at.clone()),
                    format!("the best-practice columns disagree: {}", list.join(", ")),
                )
                .with_hint("the columns of one row must name the same best practice"),
            );
            continue;
        }
        let hit = hits.into_iter().next().map(|x| x.3);
        // The row's question must be the practice's.
        if let (Some(q), Some(h)) = (question, &hit) {
            let owner_q = match h {
                Hit::Current(i) => catalog.lens.practices.get(*i).map(|p| p.question.clone()),
                Hit::Legacy(l) => question_of_bp(&l.old_bp_id),
                Hit::NoneOf(qid) => Some(qid.clone()),
                Hit::Unknown => None,
            };
            if let Some(oq) = owner_q
                && oq != q.id
            {
                let (c, hd) = col(Field::Question)
                    .or(col(Field::QuestionTitle))
                    .unwrap_or((0, ""));
                cells.diags.push(Diagnostic::error(
                    "wrong-question",
                    Some(cells.at(row, c, hd)),
                    format!(
                        "the row's best practice belongs to {oq}, but its question is {}",
                        q.id
                    ),
                ));
                continue;
            }
        }

        if bad_status {
            continue;
        }
        let Some(hit) = hit else {
            // No practice: a question row, or a row that names nothing.
            let Some(q) = question else {
                if word.is_some() || notes.is_some() || na_reason.is_some() || has_plan_data {
                    let mut sorted = practice_cols.clone();
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
                    cells.diags.error(
                        "row-names-no-practice",
                        Some(row_at),
                        format!(
                            "the row names no best practice ({which}) and no question, so its answer cannot be placed"
                        ),
                    );
                } else {
                    cells.diags.warning(
                        "row-ignored",
                        Some(row_at),
                        "the row names no best practice and holds no answer; ignored",
                    );
                }
                continue;
            };
            if has_plan_data {
                cells.diags.error(
                    "row-names-no-practice",
                    Some(row_at),
                    format!(
                        "a question row ({}, no best practice) cannot hold an owner, evidence, effort, target date or dependency: put them on a practice's row",
                        q.id
                    ),
                );
                continue;
            }
            if word.is_none_or(|w| w == Word::Unanswered) && notes.is_none() && na_reason.is_none()
            {
                continue; // a question row with nothing to say
            }
            let qd = qdata.entry(q.id.clone()).or_insert_with(|| QData {
                notes: Vec::new(),
                not_applicable: None,
                none_selected: false,
                source: row_at.clone(),
            });
            let mut notes = notes;
            let na_word = matches!(word, Some(Word::NotApplicable(_)));
            if na_word || (word.is_none() && na_reason.is_some()) {
                let default = match word {
                    Some(Word::NotApplicable(d)) => d,
                    _ => None,
                };
                let reason = na_reason
                    .or_else(|| if has_na_col { None } else { notes.take() })
                    .or(default.map(str::to_owned));
                let reason = match reason {
                    Some(r) => r,
                    None if has_na_col => {
                        cells.error_at(
                            row,
                            col(Field::NaReason),
                            "missing-na-reason",
                            format!(
                                "{} is marked not applicable without a reason: say why it does not apply",
                                q.id
                            ),
                        );
                        continue;
                    }
                    None => {
                        cells.diags.warning(
                            "na-without-reason",
                            Some(row_at.clone()),
                            format!("{} is marked not applicable without a reason", q.id),
                        );
                        "Marked not applicable in the spreadsheet (no reason given)".to_owned()
                    }
                };
                qd.not_applicable = Some(reason);
            } else {
                match word {
                    Some(Word::NoneOfThese) => {
                        qd.none_selected = true;
                        none_rows.insert(q.id.clone(), row_at.clone());
                        answered_q.insert(q.id.clone());
                    }
                    Some(Word::Unanswered) | None => {}
                    Some(w) => {
                        cells.error_at(
                            row,
                            status_col,
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
                        continue;
                    }
                }
            }
            if let Some(n) = notes {
                qd.notes.push(n);
            }
            continue;
        };

        // A practice row.
        let (bp, row_question, legacy_ids) = match &hit {
            Hit::Current(i) => {
                // `i` comes from the catalog's own index, so it is always there.
                let Some(p) = catalog.lens.practices.get(*i) else {
                    continue;
                };
                (p.id.clone(), p.question.clone(), Vec::new())
            }
            Hit::NoneOf(qid) => {
                match word {
                    Some(Word::Implemented) | Some(Word::NoneOfThese) => {
                        let qd = qdata.entry(qid.clone()).or_insert_with(|| QData {
                            notes: Vec::new(),
                            not_applicable: None,
                            none_selected: false,
                            source: row_at.clone(),
                        });
                        qd.none_selected = true;
                        none_rows.insert(qid.clone(), row_at.clone());
                        answered_q.insert(qid.clone());
                    }
                    Some(Word::Unanswered) | Some(Word::NotImplemented) | None => {}
                    Some(_) => {
                        cells.error_at(
                            row,
                            status_col,
                            "unknown-status",
                            "\"None of these\" can only be selected (or left blank)",
                        );
                    }
                }
                if let Some(n) = notes {
                    qdata
                        .entry(qid.clone())
                        .or_insert_with(|| QData {
                            notes: Vec::new(),
                            not_applicable: None,
                            none_selected: false,
                            source: row_at.clone(),
                        })
                        .notes
                        .push(n);
                }
                continue;
            }
            Hit::Legacy(l) => {
                let oq = question_of_bp(&l.old_bp_id).unwrap_or_default();
                match &l.current {
                    None => {
                        let st = match word {
                            Some(Word::Implemented) => PracticeStatus::Implemented,
                            Some(Word::NotImplemented) | Some(Word::Partial) => {
                                PracticeStatus::NotImplemented
                            }
                            Some(Word::NotApplicable(_)) => PracticeStatus::NotApplicable,
                            _ => PracticeStatus::Unanswered,
                        };
                        cx.review.legacy.push(LegacyAnswer {
                            old_choice_id: l.old_choice_id.clone(),
                            old_bp_id: l.old_bp_id.clone(),
                            old_title: l.old_title.clone(),
                            status: st,
                            notes: notes.clone(),
                            source: row_at.clone(),
                        });
                        if st != PracticeStatus::Unanswered {
                            answered_q.insert(oq);
                        }
                        continue;
                    }
                    Some(cur) => {
                        if matches!(l.matched, LegacyMatch::Inferred | LegacyMatch::Merged) {
                            cx.inferred.insert(format!(
                                "{} \"{}\" of an older lens version was mapped to {cur} ({}{})",
                                l.old_bp_id,
                                l.old_title,
                                if l.matched == LegacyMatch::Merged {
                                    "merged"
                                } else {
                                    "by judgement"
                                },
                                l.note
                                    .as_deref()
                                    .map(|n| format!("; {n}"))
                                    .unwrap_or_default()
                            ));
                        }
                        let ids = if catalog.practice_by_choice(&l.old_choice_id).is_none() {
                            vec![l.old_choice_id.clone()]
                        } else {
                            Vec::new()
                        };
                        (cur.clone(), oq, ids)
                    }
                }
            }
            Hit::Unknown => continue,
        };
        if let Some(w) = word
            && !matches!(w, Word::Unanswered)
        {
            answered_q.insert(row_question.clone());
        }
        if word == Some(Word::NoneOfThese) {
            cells.error_at(
                row,
                status_col,
                "unknown-status",
                format!("\"None of these\" is not an answer for a best practice ({bp}); use Not implemented"),
            );
            continue;
        }
        let mut notes = notes;
        let mut na_reason = na_reason;
        let mut word = word;
        if na_reason.is_some() && word.is_none() {
            word = Some(Word::NotApplicable(None));
        }
        match word {
            Some(Word::NotApplicable(default)) if na_reason.is_none() => {
                if let Some(d) = default {
                    na_reason = Some(d.to_owned());
                } else if has_na_col {
                    cells.error_at(
                        row,
                        col(Field::NaReason),
                        "missing-na-reason",
                        format!("{bp} is marked not applicable without a reason: say why it does not apply"),
                    );
                    continue;
                } else if let Some(n) = notes.take().filter(|_| layout != Layout::LabsExport) {
                    na_reason = Some(n);
                } else {
                    cells.diags.warning(
                        "na-without-reason",
                        Some(row_at.clone()),
                        format!("{bp} is marked not applicable without a reason"),
                    );
                    na_reason =
                        Some("Marked not applicable in the spreadsheet (no reason given)".into());
                }
            }
            Some(Word::NotApplicable(_)) => {}
            Some(w) if na_reason.is_some() => {
                cells.error_at(
                    row,
                    col(Field::NaReason),
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
                continue;
            }
            _ => {}
        }
        if word == Some(Word::Partial) {
            cx.partial.push(bp.clone());
            let marker = format!(
                "Partially implemented (status \"{}\" in the spreadsheet): counted as not implemented.",
                truncate(&clean_key(status_text.as_deref().unwrap_or_default()), 40)
            );
            notes = Some(match notes {
                Some(n) => format!("{marker}\n{n}"),
                None => marker,
            });
        }
        if layout == Layout::LabsExport {
            // The labs export's notes are the question's, merged over its rows.
            if let Some(n) = notes.take() {
                qdata
                    .entry(row_question.clone())
                    .or_insert_with(|| QData {
                        notes: Vec::new(),
                        not_applicable: None,
                        none_selected: false,
                        source: row_at.clone(),
                    })
                    .notes
                    .push(n);
            }
        }
        if !checkbox && word.is_none() && notes.is_none() && !has_plan_data {
            continue; // nothing said about this practice
        }
        entries.push(Entry {
            bp,
            row_question,
            word,
            na_reason,
            notes,
            owner,
            evidence,
            effort,
            target,
            depends_on,
            source: row_at,
            legacy_ids,
            status_text,
        });
    }

    // "None of these" wins over ticked choices, as in the WA Tool.
    for (qid, at) in &none_rows {
        let ticked: Vec<String> = entries
            .iter()
            .filter(|e| &e.row_question == qid && e.word == Some(Word::Implemented))
            .map(|e| e.bp.clone())
            .collect();
        if !ticked.is_empty() {
            cx.diags.warning(
                "none-with-choices",
                Some(at.clone()),
                format!(
                    "{qid}: \"None of these\" is selected together with {}; \"None of these\" wins, as in the WA Tool",
                    ticked.join(", ")
                ),
            );
        }
    }
    // Statuses.
    let mut answers: Vec<(Answer, bool)> = Vec::new();
    for e in entries {
        let none = none_rows.contains_key(&e.row_question);
        let (status, given) = match e.word {
            _ if none && !matches!(e.word, Some(Word::NotApplicable(_))) => {
                (PracticeStatus::NotImplemented, true)
            }
            Some(Word::Implemented) => (PracticeStatus::Implemented, true),
            Some(Word::NotImplemented) | Some(Word::Partial) => {
                (PracticeStatus::NotImplemented, true)
            }
            Some(Word::NotApplicable(_)) => (PracticeStatus::NotApplicable, true),
            Some(Word::Unanswered) | Some(Word::NoneOfThese) => (PracticeStatus::Unanswered, true),
            None if checkbox && answered_q.contains(&e.row_question) => {
                (PracticeStatus::NotImplemented, true)
            }
            None => (PracticeStatus::Unanswered, checkbox),
        };
        let _ = &e.status_text;
        let mut a = Answer::new(e.bp, status, e.source);
        a.status_given = given;
        a.na_reason = if status == PracticeStatus::NotApplicable {
            e.na_reason
        } else {
            None
        };
        a.notes = e.notes;
        a.owner = e.owner;
        a.evidence = e.evidence;
        a.effort = e.effort;
        a.target_date = e.target;
        a.depends_on = e.depends_on;
        let legacy = !e.legacy_ids.is_empty();
        a.legacy_ids = e.legacy_ids;
        answers.push((a, legacy));
    }
    // Rows of an older lens that map to the same current practice are combined conservatively:
    // not implemented unless every one is implemented (or not applicable). Only the first answer
    // of a practice ever takes in another (a legacy row is never pushed after one), so it is
    // found by practice in a map, and notes and lists are gathered in sets and joined once:
    // thousands of rows for one practice stay linear.
    let mut combined: Vec<(Answer, Gathered)> = Vec::new();
    let mut first_of: HashMap<String, usize> = HashMap::new();
    for (a, legacy) in answers {
        let mergeable = first_of
            .get(&a.practice)
            .and_then(|&i| combined.get_mut(i))
            .filter(|(b, _)| legacy || !b.legacy_ids.is_empty());
        match mergeable {
            Some((b, g)) => {
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
                b.target_date = b.target_date.or(a.target_date);
                g.add_all(0, &mut b.evidence, a.evidence);
                g.add_all(1, &mut b.depends_on, a.depends_on);
                g.add_all(2, &mut b.legacy_ids, a.legacy_ids);
            }
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
            crate::import::check_text(&joined, &a.source, &what, &mut cx.diags);
            a.notes = Some(joined);
        } else {
            a.notes = g.notes.into_iter().next();
        }
        out.push(a);
    }
    let combined = out;
    cx.review.answers.extend(combined);
    for (qid, qd) in qdata {
        let mut notes: Vec<String> = Vec::new();
        crate::import::merge::union(&mut notes, qd.notes);
        let mut qa = QuestionAnswer::new(qid, qd.source);
        qa.notes = (!notes.is_empty()).then(|| notes.join("\n"));
        qa.not_applicable = qd.not_applicable;
        qa.none_selected = qd.none_selected;
        cx.review.questions.push(qa);
    }
}
