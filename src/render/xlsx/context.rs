//! What every sheet of the control matrix looks things up in ([`Ctx`], built once per render),
//! which controls a matrix sheet holds ([`Part`]), the order of the rows other sheets link to
//! and where each id's row is ([`Anchors`]), and how a waiver is put in words. A leaf module of
//! the workbook: the sheets import from here.

use std::collections::BTreeMap;

use crate::model::assessment::{
    AcceptedRiskResult, Assessment, ControlResult, EvidenceResult, FrameworkResult, LegacyResult,
    PlanItem, PracticeResult, QuestionResult,
};
use crate::render::seam::RenderOptions;

/// Which controls of a framework a matrix sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    /// Every control.
    All,
    /// Every control that is not a clause (ISO Annex A).
    Controls,
    /// The clauses (ISO 4 to 10).
    Clauses,
}

impl Part {
    pub(super) fn holds(self, c: &ControlResult) -> bool {
        let clause = is_clause(c);
        match self {
            Part::All => true,
            Part::Controls => !clause,
            Part::Clauses => clause,
        }
    }
}

pub(super) fn is_clause(c: &ControlResult) -> bool {
    c.kind.as_deref() == Some("clause")
}

/// One row of the Answers sheet.
#[derive(Clone, Copy)]
pub(super) enum AnswerItem<'a> {
    /// A question that carries notes, a reason, "None of these" or a reported risk.
    Question(&'a QuestionResult),
    /// An imported practice answer.
    Practice(&'a QuestionResult, &'a PracticeResult),
    /// An answer to a practice an older lens had.
    Legacy(&'a LegacyResult),
}

/// Questions (when they carry notes, a reason or a reported risk), each followed by its
/// imported practice answers, in catalog order; then answers to removed practices.
fn answer_order(a: &Assessment) -> Vec<AnswerItem<'_>> {
    let mut rows = Vec::new();
    for q in &a.questions {
        if q.notes.is_some()
            || q.na_reason.is_some()
            || q.none_selected
            || q.reported_risk.is_some()
        {
            rows.push(AnswerItem::Question(q));
        }
        for p in q.practices.iter().filter(|p| p.source.is_some()) {
            rows.push(AnswerItem::Practice(q, p));
        }
    }
    rows.extend(a.legacy.iter().map(AnswerItem::Legacy));
    rows
}

/// The sheets internal links point into, by name, from the sheet plan.
#[derive(Debug, Default)]
pub(super) struct LinkSheets {
    pub(super) evidence: Option<String>,
    pub(super) answers: Option<String>,
    pub(super) accepted: Option<String>,
    pub(super) requests: Option<String>,
    /// Matrix sheets: framework index, the part it holds, its name.
    pub(super) matrices: Vec<(usize, Part, String)>,
}

/// Header rows above the first data row: a register has one, a control matrix two (the
/// grouped band row and the header).
pub(super) const REGISTER_HEADER_ROWS: u32 = 1;
/// See [`REGISTER_HEADER_ROWS`].
pub(super) const MATRIX_HEADER_ROWS: u32 = 2;
/// The column of the Answers sheet that holds the practice id (Kind, Question, Practice ID).
const ANSWERS_ID_COLUMN: &str = "C";

/// Where each id's row is, for internal links: `'Sheet'!A7`. Computed once, from the same row
/// orders the sheets are written in, so a link never points at another row.
#[derive(Debug, Default)]
pub(super) struct Anchors {
    evidence: BTreeMap<String, String>,
    practices: BTreeMap<String, String>,
    waivers: BTreeMap<String, String>,
    requests: BTreeMap<String, String>,
    /// `framework:control` → its matrix row.
    controls: BTreeMap<String, String>,
}

/// `'Sheet name'!C7`: the sheet quoted (an apostrophe doubled), the 1-based row.
pub(super) fn cell_ref(sheet: &str, column: &str, row: u32) -> String {
    format!("'{}'!{column}{row}", sheet.replace('\'', "''"))
}

/// Anchors of the ids of `order`, one item per data row of `sheet` (a row without an id is
/// never a target; the first row of an id wins).
fn anchor_rows<'s>(
    sheet: Option<&String>,
    column: &str,
    header_rows: u32,
    order: impl IntoIterator<Item = Option<&'s str>>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Some(sheet) = sheet else { return out };
    for (i, id) in order.into_iter().enumerate() {
        let Some(id) = id else { continue };
        let row = header_rows + 1 + i as u32;
        out.entry(id.to_owned())
            .or_insert_with(|| cell_ref(sheet, column, row));
    }
    out
}

/// Lookups shared by every sheet, built once per render.
pub(super) struct Ctx<'a> {
    pub(super) a: &'a Assessment,
    pub(super) opts: &'a RenderOptions,
    pub(super) practices: BTreeMap<&'a str, &'a PracticeResult>,
    pub(super) questions: BTreeMap<&'a str, &'a QuestionResult>,
    pub(super) waivers: BTreeMap<&'a str, &'a AcceptedRiskResult>,
    pub(super) plan: BTreeMap<&'a str, &'a PlanItem>,
    pub(super) frameworks: BTreeMap<&'a str, &'a FrameworkResult>,
    /// The Evidence register's rows: sorted by id.
    pub(super) evidence: Vec<&'a EvidenceResult>,
    /// The Accepted risks sheet's rows: sorted by id.
    pub(super) accepted: Vec<&'a AcceptedRiskResult>,
    /// The Answers sheet's rows.
    pub(super) answers: Vec<AnswerItem<'a>>,
    anchors: Anchors,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(a: &'a Assessment, opts: &'a RenderOptions, sheets: &LinkSheets) -> Self {
        let mut evidence: Vec<&EvidenceResult> = a.evidence.iter().collect();
        evidence.sort_by(|x, y| x.id.cmp(&y.id));
        let mut accepted: Vec<&AcceptedRiskResult> = a.accepted_risks.iter().collect();
        accepted.sort_by(|x, y| x.id.cmp(&y.id));
        let answers = answer_order(a);
        let anchors = Anchors {
            evidence: anchor_rows(
                sheets.evidence.as_ref(),
                "A",
                REGISTER_HEADER_ROWS,
                evidence.iter().map(|e| Some(e.id.as_str())),
            ),
            practices: anchor_rows(
                sheets.answers.as_ref(),
                ANSWERS_ID_COLUMN,
                REGISTER_HEADER_ROWS,
                answers.iter().map(|r| match r {
                    AnswerItem::Practice(_, p) => Some(p.id.as_str()),
                    AnswerItem::Question(_) | AnswerItem::Legacy(_) => None,
                }),
            ),
            waivers: anchor_rows(
                sheets.accepted.as_ref(),
                "A",
                REGISTER_HEADER_ROWS,
                accepted.iter().map(|w| Some(w.id.as_str())),
            ),
            requests: anchor_rows(
                sheets.requests.as_ref(),
                "A",
                REGISTER_HEADER_ROWS,
                a.evidence_requests.iter().map(|r| Some(r.id.as_str())),
            ),
            controls: control_anchors(a, &sheets.matrices),
        };
        Ctx {
            a,
            opts,
            practices: a.practices().map(|p| (p.id.as_str(), p)).collect(),
            questions: a.questions.iter().map(|q| (q.id.as_str(), q)).collect(),
            waivers: a
                .accepted_risks
                .iter()
                .map(|w| (w.id.as_str(), w))
                .collect(),
            plan: a.plan.iter().map(|p| (p.bp.as_str(), p)).collect(),
            frameworks: a.frameworks.iter().map(|f| (f.id.as_str(), f)).collect(),
            evidence,
            accepted,
            answers,
            anchors,
        }
    }

    /// The Evidence register row of an evidence id.
    pub(super) fn evidence_at(&self, id: &str) -> Option<String> {
        self.anchors.evidence.get(id).cloned()
    }

    /// The Answers row of a practice (only answered practices have one).
    pub(super) fn practice_at(&self, bp: &str) -> Option<String> {
        self.anchors.practices.get(bp).cloned()
    }

    /// The Accepted risks row of a waiver.
    pub(super) fn waiver_at(&self, id: &str) -> Option<String> {
        self.anchors.waivers.get(id).cloned()
    }

    /// The Evidence requests row of a request.
    pub(super) fn request_at(&self, id: &str) -> Option<String> {
        self.anchors.requests.get(id).cloned()
    }

    /// The matrix row of a control, by `framework:control` key.
    pub(super) fn control_at(&self, key: &str) -> Option<String> {
        self.anchors.controls.get(key).cloned()
    }

    /// `soc2-tsc-2017:CC6.1` → `SOC 2 CC6.1`.
    pub(super) fn control_label(&self, key: &str) -> String {
        match key.split_once(':') {
            Some((fw, id)) => match self.frameworks.get(fw) {
                Some(f) => format!("{} {id}", f.short_name),
                None => key.to_owned(),
            },
            None => key.to_owned(),
        }
    }

    /// A control by `framework:control` key.
    pub(super) fn control(&self, key: &str) -> Option<&'a ControlResult> {
        let (fw, id) = key.split_once(':')?;
        self.frameworks
            .get(fw)?
            .controls
            .iter()
            .find(|c| c.id == id)
    }

    /// A waiver in words: id, title and state.
    pub(super) fn waiver_text(&self, id: &str) -> String {
        match self.waivers.get(id) {
            Some(w) => {
                let mut s = format!("{} {}", w.id, w.title);
                let state = waiver_state(self.a, w);
                s.push_str(&format!(" ({state}"));
                if let Some(e) = w.expires_on {
                    s.push_str(&format!(", expires {e}"));
                }
                if let Some(ap) = &w.approver {
                    s.push_str(&format!("; approved by {ap}"));
                }
                s.push(')');
                s
            }
            None => id.to_owned(),
        }
    }
}

/// Each control's row on its matrix sheet, keyed `framework:control`.
fn control_anchors(a: &Assessment, matrices: &[(usize, Part, String)]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (i, part, sheet) in matrices {
        let Some(f) = a.frameworks.get(*i) else {
            continue;
        };
        let held = f.controls.iter().filter(|c| part.holds(c));
        for (n, c) in held.enumerate() {
            let row = MATRIX_HEADER_ROWS + 1 + n as u32;
            out.entry(format!("{}:{}", f.id, c.id))
                .or_insert_with(|| cell_ref(sheet, "A", row));
        }
    }
    out
}

/// A waiver's state on the report date, in words.
pub(super) fn waiver_state(a: &Assessment, w: &AcceptedRiskResult) -> &'static str {
    if w.in_force {
        "in force"
    } else if w.expires_on.is_some_and(|e| e < a.generated_on) {
        "expired"
    } else if w.approver.is_none() {
        "not in force: no approver"
    } else if w.approved_on.is_some_and(|d| d > a.generated_on) {
        "not in force: approved after the report date"
    } else {
        "not in force"
    }
}
