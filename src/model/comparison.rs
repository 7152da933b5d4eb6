//! What changed between a baseline review (an earlier review or milestone) and the current one.
//! `assess::compare::compare` builds it from two assessments; it travels as
//! `Assessment::comparison` into `assessment.json`, the terminal and `summary.md`.
//!
//! The categories (documented in `docs/backlog.md`, "Comparing with a baseline") use each
//! practice's **effective** status, the one every count uses, and only High and Medium findings
//! (HRIs and MRIs), as the WA Tool's risk does:
//!
//! | category | baseline | now |
//! |---|---|---|
//! | resolved | HRI/MRI (not implemented) | implemented |
//! | regressed | implemented or not applicable | HRI/MRI |
//! | new | unanswered, or absent from the baseline | HRI/MRI |
//! | still open | HRI/MRI | HRI/MRI |
//! | no longer applicable | HRI/MRI | not applicable |
//! | no longer answered | HRI/MRI | unanswered, or absent now |
//! | risk changed | not implemented | not implemented, at another finding (HRI ↔ MRI ↔ LRI) |

use serde::{Deserialize, Serialize};
use time::Date;

use crate::model::catalog::RiskLevel;
use crate::model::controls::{ControlStatus, Readiness};
use crate::model::review::PracticeStatus;
use crate::model::risk::{Finding, QuestionRisk};

/// How the baseline's figures were obtained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BaselineInfo {
    /// `assessment` (a previous `assessment.json`, used as written) or `review` (review files,
    /// assessed now with the same catalog).
    pub kind: String,
    /// Workload name of the baseline.
    pub workload: String,
    /// The baseline review's date.
    pub review_date: Option<Date>,
    /// The baseline's milestone, when given.
    pub milestone: Option<String>,
    /// The date the baseline was assessed as of: its own review date for review files (so its
    /// evidence is judged as it stood then), or the `generated_on` of a previous assessment.
    pub assessed_as_of: Date,
    /// Input files of the baseline (as they were named), with their SHA-256.
    pub sources: Vec<BaselineSource>,
    /// Lens version the baseline review used.
    pub lens_version: Option<String>,
    /// Mapping data version the baseline was assessed with.
    pub mapping_version: String,
}

/// One input file of the baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BaselineSource {
    /// Path as given.
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
}

/// One practice whose finding changed (or stayed open) between the baseline and now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PracticeChange {
    /// BP id.
    pub bp: String,
    /// Title (current, else the baseline's).
    pub title: String,
    /// Question id.
    pub question: String,
    /// Risk level if not established (current catalog, else the baseline's).
    pub risk_level: RiskLevel,
    /// Effective status in the baseline; absent when the baseline does not have the practice.
    pub before: Option<PracticeStatus>,
    /// Effective status now; absent when the current review does not have the practice.
    pub after: Option<PracticeStatus>,
    /// Finding in the baseline.
    pub before_finding: Option<Finding>,
    /// Finding now.
    pub after_finding: Option<Finding>,
    /// Accepted risk in force in the baseline.
    pub before_accepted_risk: Option<String>,
    /// Accepted risk in force now.
    pub after_accepted_risk: Option<String>,
    /// Owner now (else in the baseline).
    pub owner: Option<String>,
}

/// One question's risk then and now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionChange {
    /// `SEC01`.
    pub id: String,
    /// Title.
    pub title: String,
    /// Risk in the baseline; absent when the baseline does not have the question.
    pub before: Option<QuestionRisk>,
    /// Risk now.
    pub after: Option<QuestionRisk>,
    /// True when the two differ.
    pub changed: bool,
}

/// Which way a control's status moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Closer to evidenced: architectural risk → accepted risk → an evidence gap →
    /// evidenced; or a lower risk level within architectural risk.
    Better,
    /// Further from evidenced; also not applicable → architectural risk (as a practice that
    /// was not applicable and is now missing has regressed).
    Worse,
    /// Into or out of the assessed set (not applicable, outside review scope, inherited, not
    /// assessed), or between evidence missing and evidence stale: a change of scope or of kind,
    /// not of posture.
    Other,
}

/// One control whose status (or risk level) changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControlChange {
    /// Framework id.
    pub framework: String,
    /// Framework short name.
    pub framework_name: String,
    /// Control id.
    pub control: String,
    /// Control title.
    pub title: String,
    /// Status in the baseline.
    pub before: ControlStatus,
    /// Status now.
    pub after: ControlStatus,
    /// Risk level in the baseline (architectural risk only).
    pub before_risk: Option<RiskLevel>,
    /// Risk level now.
    pub after_risk: Option<RiskLevel>,
    /// Better, worse or other.
    pub direction: Direction,
    /// Why it has its status now.
    pub reason: String,
}

/// One framework's readiness then and now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadinessChange {
    /// Framework id.
    pub framework: String,
    /// Short name.
    pub short_name: String,
    /// Readiness in the baseline (percent, raw counts, formula).
    pub before: Readiness,
    /// Readiness now.
    pub after: Readiness,
    /// Change in percentage points (one decimal), when both percentages are stated.
    pub delta_points: Option<f64>,
}

/// An accepted risk that came, went, lapsed or came into force.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AcceptedRiskChange {
    /// Waiver id.
    pub id: String,
    /// Target (`SEC10-BP07`, `soc2-tsc-2017:CC7.4`).
    pub target: String,
    /// Title.
    pub title: String,
    /// In force in the baseline; absent when the baseline did not have it.
    pub before_in_force: Option<bool>,
    /// In force now; absent when the current review does not have it.
    pub after_in_force: Option<bool>,
    /// Expiry date (current, else the baseline's).
    pub expires_on: Option<Date>,
}

/// Headline figures of one side.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// High Risk Issues.
    pub hri: u32,
    /// Medium Risk Issues.
    pub mri: u32,
    /// Questions at HIGH.
    pub questions_high: u32,
    /// Questions at MEDIUM.
    pub questions_medium: u32,
    /// Questions answered (or not applicable).
    pub questions_answered: u32,
    /// Questions in the lens.
    pub questions_total: u32,
    /// Accepted risks in force.
    pub accepted_risks_in_force: u32,
    /// Controls with an evidence gap (any kind), over all frameworks compared.
    pub evidence_gaps: u32,
}

/// Counts of each category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparisonCounts {
    /// Resolved HRIs/MRIs.
    pub resolved: u32,
    /// Regressed.
    pub regressed: u32,
    /// New.
    pub new: u32,
    /// Still open.
    pub still_open: u32,
    /// No longer applicable.
    pub no_longer_applicable: u32,
    /// No longer answered.
    pub no_longer_answered: u32,
    /// Risk level changed.
    pub risk_changed: u32,
    /// Questions whose risk changed.
    pub questions_changed: u32,
    /// Controls that moved closer to evidenced.
    pub controls_better: u32,
    /// Controls that moved away from it.
    pub controls_worse: u32,
    /// Other control changes (scope, kind of gap).
    pub controls_other: u32,
}

/// Everything that changed since the baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The baseline.
    pub baseline: BaselineInfo,
    /// Headline figures of the baseline.
    pub before: Snapshot,
    /// Headline figures now.
    pub after: Snapshot,
    /// Counts per category.
    pub counts: ComparisonCounts,
    /// HRIs/MRIs of the baseline now implemented.
    pub resolved: Vec<PracticeChange>,
    /// Implemented or not applicable in the baseline, HRIs/MRIs now.
    pub regressed: Vec<PracticeChange>,
    /// Unanswered in (or absent from) the baseline, HRIs/MRIs now.
    pub new: Vec<PracticeChange>,
    /// HRIs/MRIs in both.
    pub still_open: Vec<PracticeChange>,
    /// HRIs/MRIs of the baseline now marked not applicable: out of the counts, but not fixed.
    pub no_longer_applicable: Vec<PracticeChange>,
    /// HRIs/MRIs of the baseline that the current review does not answer: their state is unknown.
    pub no_longer_answered: Vec<PracticeChange>,
    /// Not implemented in both, at another finding (a lens or catalog change of risk level).
    pub risk_changed: Vec<PracticeChange>,
    /// Every question's risk then and now, in catalog order.
    pub questions: Vec<QuestionChange>,
    /// Controls whose status or risk level changed, by framework then catalog order.
    pub controls: Vec<ControlChange>,
    /// Readiness per framework then and now (frameworks present on both sides).
    pub readiness: Vec<ReadinessChange>,
    /// Accepted risks added, removed, lapsed or come into force.
    pub accepted_risks: Vec<AcceptedRiskChange>,
    /// Caveats: different mapping data or lens versions, frameworks on one side only, a baseline
    /// dated after the current review or assessed as of another date, another workload name.
    pub notes: Vec<String>,
    /// Warnings about the baseline's own inputs (import and assessment), kept so that nothing
    /// about the baseline is dropped silently.
    pub baseline_warnings: Vec<crate::error::Diagnostic>,
}
