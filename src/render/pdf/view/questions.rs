//! Every question with every practice: `questions` of the view model (the appendix).

use serde::Serialize;

use crate::model::assessment::{Assessment, PracticeResult, QuestionResult, QuestionRisk};
use crate::model::review::PracticeStatus;
use crate::render::pdf::data::trimmed;

/// One question of the appendix.
#[derive(Debug, Serialize)]
pub(crate) struct QuestionView {
    /// `SEC01`.
    pub id: String,
    /// Title.
    pub title: String,
    /// Focus area.
    pub focus_area: String,
    /// Risk key (`high`, `medium`, `none`, `not_applicable`, `unanswered`).
    pub risk: &'static str,
    /// Risk label.
    pub risk_label: &'static str,
    /// Risk the WA Tool reported, when it differs.
    pub reported_risk_label: Option<&'static str>,
    /// HRIs.
    pub hri: u32,
    /// MRIs.
    pub mri: u32,
    /// Notes, verbatim.
    pub notes: Option<String>,
    /// Why not applicable.
    pub na_reason: Option<String>,
    /// "None of these" was selected.
    pub none_selected: bool,
    /// Every practice.
    pub practices: Vec<PracticeView>,
}

/// One practice of the appendix.
#[derive(Debug, Serialize)]
pub(crate) struct PracticeView {
    /// BP id.
    pub id: String,
    /// Title.
    pub title: String,
    /// `High`, `Medium`, `Low`.
    pub risk_level: String,
    /// Status key (`implemented`, `not_implemented`, `not_applicable`, `unanswered`).
    pub status: &'static str,
    /// Status label, with the finding (`Not implemented (HRI)`).
    pub status_label: String,
    /// The answer was left unanswered in an answered question.
    pub counted_as_missing: bool,
    /// Why not applicable.
    pub na_reason: Option<String>,
    /// Notes, verbatim.
    pub notes: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Evidence references with their state: `EV-001 (Current)`.
    pub evidence: Vec<String>,
    /// Waiver in force.
    pub accepted_risk: Option<String>,
}

fn risk_key(r: QuestionRisk) -> (&'static str, &'static str) {
    match r {
        QuestionRisk::High => ("high", "High risk"),
        QuestionRisk::Medium => ("medium", "Medium risk"),
        QuestionRisk::None => ("none", "No HRI/MRI"),
        QuestionRisk::NotApplicable => ("not_applicable", "Not applicable"),
        QuestionRisk::Unanswered => ("unanswered", "Unanswered"),
    }
}

fn status_key(s: PracticeStatus) -> &'static str {
    match s {
        PracticeStatus::Implemented => "implemented",
        PracticeStatus::NotImplemented => "not_implemented",
        PracticeStatus::NotApplicable => "not_applicable",
        PracticeStatus::Unanswered => "unanswered",
    }
}

fn practice(p: &PracticeResult) -> PracticeView {
    PracticeView {
        id: p.id.clone(),
        title: p.title.clone(),
        risk_level: p.risk_level.to_string(),
        status: status_key(p.status),
        status_label: match p.finding {
            Some(f) => format!("{} ({})", p.status.label(), f.names().qualifier),
            None => p.status.label().to_owned(),
        },
        counted_as_missing: p.status != p.answered_status,
        na_reason: trimmed(&p.na_reason),
        notes: trimmed(&p.notes),
        owner: trimmed(&p.owner),
        evidence: p
            .evidence
            .iter()
            .map(|e| format!("{} ({})", e.reference, e.state.label()))
            .collect(),
        accepted_risk: p.accepted_risk.clone(),
    }
}

fn question(q: &QuestionResult) -> QuestionView {
    let (risk, risk_label) = risk_key(q.risk);
    QuestionView {
        id: q.id.clone(),
        title: q.title.clone(),
        focus_area: q.focus_area.clone(),
        risk,
        risk_label,
        reported_risk_label: q
            .reported_risk
            .filter(|r| *r != q.risk)
            .map(|r| risk_key(r).1),
        hri: q.counts.hri,
        mri: q.counts.mri,
        notes: trimmed(&q.notes),
        na_reason: trimmed(&q.na_reason),
        none_selected: q.none_selected,
        practices: q.practices.iter().map(practice).collect(),
    }
}

/// Every question, in catalog order.
pub(super) fn questions(a: &Assessment) -> Vec<QuestionView> {
    a.questions.iter().map(question).collect()
}
