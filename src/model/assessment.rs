//! The assessment: what a review means, per question, per practice, per framework control.
//! `assess::assess` builds it; every renderer (JSON, PDF, XLSX, Markdown, backlog) only reads
//! it. It is written out as `assessment.json`, so its field names are a public format
//! (`schema` below); `docs/assessment-format.md` documents them.
//!
//! Two things are kept apart everywhere: **architectural risk** (a practice is not implemented:
//! the HRIs and MRIs of the review) and **evidence gaps** (a practice is implemented but an
//! auditor has nothing to look at, or only stale evidence).

use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::{Diagnostic, Location};
use crate::model::audit::{AuditType, GdprRole, Sampling, TscCategory};
use crate::model::catalog::RiskLevel;
use crate::model::review::{Effort, PracticeStatus, SourceFile, Workload};

pub use crate::model::controls::*;
pub use crate::model::evidence::*;
pub use crate::model::risk::{Finding, QuestionRisk};

/// Version of the `assessment.json` format. Version 2 (issues 14 and 15): applicability by
/// decision, three kinds of outside review scope, partial coverage, carved-out controls with
/// their attestation, evidence per control with Type I / Type II rules, evidence requests.
pub(crate) const ASSESSMENT_SCHEMA: &str = "wafr/assessment/2";

/// One best practice's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PracticeResult {
    /// BP id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Question id.
    pub question: String,
    /// WA Tool choice id.
    pub choice_id: String,
    /// Risk if not established.
    pub risk_level: RiskLevel,
    /// Focus area.
    pub focus_area: String,
    /// Effective status used for every count.
    pub status: PracticeStatus,
    /// Status as imported, when it differs (an unanswered practice in an answered question is
    /// counted as not implemented, as the WA Tool counts an unticked choice).
    pub answered_status: PracticeStatus,
    /// HRI, MRI or LRI when not implemented.
    pub finding: Option<Finding>,
    /// Why not applicable.
    pub na_reason: Option<String>,
    /// Notes, verbatim.
    pub notes: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Evidence.
    pub evidence: Vec<EvidenceLink>,
    /// Effort to remediate.
    pub effort: Option<Effort>,
    /// What could happen to the business while it is missing, in one or two sentences (the
    /// answer's `impact`); reports show it before the controls it touches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<String>,
    /// Estimated effort to remediate, in person-days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort_days: Option<f64>,
    /// Estimated cost to remediate, in the organisation's currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<f64>,
    /// Target date.
    pub target_date: Option<Date>,
    /// Dependencies (BP ids).
    pub depends_on: Vec<String>,
    /// Waiver id in force for this practice.
    pub accepted_risk: Option<String>,
    /// Framework controls this practice drives (`framework:control`).
    pub controls: Vec<String>,
    /// Framework documentation.
    pub doc_url: String,
    /// WA Tool improvement plan page of the question.
    pub improvement_url: String,
    /// Where the answer was read.
    pub source: Option<Location>,
    /// Old-lens ids the answer came from.
    pub legacy_ids: Vec<String>,
}

/// Counts over practices.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeCounts {
    /// Practices.
    pub total: u32,
    /// Implemented.
    pub implemented: u32,
    /// Not implemented.
    pub not_implemented: u32,
    /// Not applicable.
    pub not_applicable: u32,
    /// Unanswered.
    pub unanswered: u32,
    /// High Risk Issues: missing High practices.
    pub hri: u32,
    /// Medium Risk Issues: missing Medium practices.
    pub mri: u32,
    /// Missing Low practices.
    pub lri: u32,
}

/// One question's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionResult {
    /// `SEC01`.
    pub id: String,
    /// 1 to 11.
    pub number: u32,
    /// WA Tool question id.
    pub wa_id: String,
    /// Title.
    pub title: String,
    /// Focus area.
    pub focus_area: String,
    /// Risk by the documented rule (`docs/statuses.md`).
    pub risk: QuestionRisk,
    /// Risk the WA Tool reported, when imported from it.
    pub reported_risk: Option<QuestionRisk>,
    /// Question notes, verbatim.
    pub notes: Option<String>,
    /// Why the question does not apply.
    pub na_reason: Option<String>,
    /// "None of these" was selected.
    pub none_selected: bool,
    /// Counts.
    pub counts: PracticeCounts,
    /// WA Tool improvement plan page.
    pub improvement_url: String,
    /// Practices.
    pub practices: Vec<PracticeResult>,
    /// Where the question-level answer (notes, not applicable, "None of these") was read.
    #[serde(default)]
    pub source: Option<Location>,
}

/// Roll-up of one focus area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FocusAreaResult {
    /// Name.
    pub name: String,
    /// Question ids.
    pub questions: Vec<String>,
    /// Questions at HIGH risk.
    pub questions_high: u32,
    /// Questions at MEDIUM risk.
    pub questions_medium: u32,
    /// Practice counts.
    pub counts: PracticeCounts,
}

/// Overall counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Questions in the lens.
    pub questions_total: u32,
    /// Questions answered (or marked not applicable).
    pub questions_answered: u32,
    /// Questions at HIGH.
    pub questions_high: u32,
    /// Questions at MEDIUM.
    pub questions_medium: u32,
    /// Questions at NONE.
    pub questions_none: u32,
    /// Questions NOT_APPLICABLE.
    pub questions_not_applicable: u32,
    /// Questions UNANSWERED.
    pub questions_unanswered: u32,
    /// Practice counts.
    pub practices: PracticeCounts,
    /// Waivers in force.
    pub accepted_risks_in_force: u32,
    /// One-sentence posture.
    pub posture: String,
}

/// A waiver with its state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AcceptedRiskResult {
    /// Id.
    pub id: String,
    /// Target as given.
    pub target: String,
    /// What the target is: `practice` or `control`.
    pub target_kind: String,
    /// Title.
    pub title: String,
    /// Justification.
    pub justification: String,
    /// Approver.
    pub approver: Option<String>,
    /// Approved on.
    pub approved_on: Option<Date>,
    /// Expires on.
    pub expires_on: Option<Date>,
    /// Compensating control.
    pub compensating_control: Option<String>,
    /// In force on the report date.
    pub in_force: bool,
    /// Expires before the end of the audit period.
    pub expires_in_period: bool,
    /// Where it was read.
    pub source: Location,
}

/// When an improvement should land.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Horizon {
    /// Within 30 days.
    #[serde(rename = "30d")]
    Days30,
    /// Within 60 days.
    #[serde(rename = "60d")]
    Days60,
    /// Within 90 days.
    #[serde(rename = "90d")]
    Days90,
    /// Later than 90 days.
    #[serde(rename = "later")]
    Later,
}

impl Horizon {
    /// Label for reports.
    pub fn label(self) -> &'static str {
        match self {
            Horizon::Days30 => "0-30 days",
            Horizon::Days60 => "31-60 days",
            Horizon::Days90 => "61-90 days",
            Horizon::Later => "After 90 days",
        }
    }
}

/// One item of the improvement plan (an HRI or MRI).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanItem {
    /// 1-based rank.
    pub rank: u32,
    /// BP id.
    pub bp: String,
    /// BP title.
    pub title: String,
    /// Question id.
    pub question: String,
    /// Focus area.
    pub focus_area: String,
    /// HRI or MRI.
    pub finding: Finding,
    /// Priority P1 (first) to P3.
    pub priority: String,
    /// The score the rank comes from (documented in `docs/statuses.md`).
    pub score: i32,
    /// Effort (given or the default, Medium).
    pub effort: Effort,
    /// True when the effort was not given and the default was used.
    pub effort_defaulted: bool,
    /// What could happen to the business, from the practice's answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<String>,
    /// Estimated effort in person-days, from the practice's answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort_days: Option<f64>,
    /// Estimated cost, from the practice's answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<f64>,
    /// Framework controls at architectural risk because of this practice.
    pub controls_affected: u32,
    /// The controls (`framework:control`).
    pub controls: Vec<String>,
    /// Dependencies (BP ids).
    pub depends_on: Vec<String>,
    /// Dependencies that are themselves open items.
    pub blocked_by: Vec<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Target date, given or derived from the horizon.
    pub target_date: Option<Date>,
    /// True when the target date was derived.
    pub target_defaulted: bool,
    /// Roadmap horizon.
    pub horizon: Horizon,
    /// Notes.
    pub notes: Option<String>,
    /// Improvement plan link.
    pub improvement_url: String,
    /// Documentation link.
    pub doc_url: String,
}

/// Where the mapping data came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MappingInfo {
    /// Digest of all mapping files.
    pub version: String,
    /// Files.
    pub files: Vec<MappingFileInfo>,
}

impl MappingInfo {
    /// The mapping data of a loaded catalog: its version and every file.
    pub fn of(catalog: &crate::model::catalog::Catalog) -> MappingInfo {
        MappingInfo {
            version: catalog.version.clone(),
            files: catalog
                .files
                .iter()
                .map(|f| MappingFileInfo {
                    path: f.path.clone(),
                    origin: f.origin.clone(),
                    kind: f.kind.clone(),
                    sha256: f.sha256.clone(),
                })
                .collect(),
        }
    }
}

/// One mapping file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MappingFileInfo {
    /// Relative path.
    pub path: String,
    /// Origin.
    pub origin: String,
    /// Kind.
    pub kind: String,
    /// SHA-256.
    pub sha256: String,
}

/// The lens a review was assessed against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LensInfo {
    /// Catalog id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Current lens version of the catalog.
    pub version: String,
    /// Lens version the review says it used.
    pub review_version: Option<String>,
    /// True when the review used the current version (or did not say).
    pub current: bool,
}

/// A practice answered on an older lens version that the current lens no longer has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegacyResult {
    /// Old choice id.
    pub old_choice_id: String,
    /// Old BP id.
    pub old_bp_id: String,
    /// Old title.
    pub old_title: String,
    /// Status as answered.
    pub status: PracticeStatus,
    /// Notes.
    pub notes: Option<String>,
    /// Where it was read.
    pub source: Location,
}

/// The engagement the assessment was made for, as resolved from the review and the command
/// line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditInfo {
    /// Type I or Type II.
    pub audit_type: AuditType,
    /// Sampling frequency of recurring controls, when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sampling: Option<Sampling>,
    /// Fieldwork date, when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fieldwork: Option<Date>,
    /// SOC 2 categories in scope.
    pub tsc: Vec<TscCategory>,
    /// GDPR role.
    pub gdpr_role: GdprRole,
}

/// Tool identification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolInfo {
    /// `wafr`.
    pub name: String,
    /// Crate version.
    pub version: String,
}

/// The whole assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// Format version (`wafr/assessment/1`).
    pub schema: String,
    /// Tool.
    pub tool: ToolInfo,
    /// Report date (`--date`); every "today" comparison uses it.
    pub generated_on: Date,
    /// Audit period, when given.
    pub period: Option<Period>,
    /// The engagement: audit type, sampling, fieldwork, SOC 2 categories, GDPR role.
    pub audit: AuditInfo,
    /// Workload and scope.
    pub workload: Workload,
    /// Input files.
    pub sources: Vec<SourceFile>,
    /// Lens.
    pub lens: LensInfo,
    /// Mapping data.
    pub mapping: MappingInfo,
    /// Overall counts.
    pub summary: Summary,
    /// Focus areas.
    pub focus_areas: Vec<FocusAreaResult>,
    /// Questions with their practices.
    pub questions: Vec<QuestionResult>,
    /// Frameworks with every control.
    pub frameworks: Vec<FrameworkResult>,
    /// Evidence register.
    pub evidence: Vec<EvidenceResult>,
    /// Accepted risks.
    pub accepted_risks: Vec<AcceptedRiskResult>,
    /// Improvement plan: HRIs then MRIs by priority.
    pub plan: Vec<PlanItem>,
    /// What an auditor would ask for: per control, the evidence missing, unverified, stale,
    /// partial, or the AWS attestation.
    #[serde(default)]
    pub evidence_requests: Vec<EvidenceRequest>,
    /// Answers to removed practices of an older lens version.
    pub legacy: Vec<LegacyResult>,
    /// Warnings from import and assessment (freshness, risk mismatches, ignored pillars…).
    pub warnings: Vec<Diagnostic>,
    /// What changed since a baseline review, when one is given (`--baseline`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparison: Option<crate::model::comparison::Comparison>,
    /// Free-text notes the user had redacted (`--redact-notes`): each reads `[redacted]` in
    /// every output, and the reports say so.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub redacted_notes: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Assessment {
    /// Every practice, in catalog order.
    pub fn practices(&self) -> impl Iterator<Item = &PracticeResult> {
        self.questions.iter().flat_map(|q| q.practices.iter())
    }

    /// A practice by id.
    pub fn practice(&self, id: &str) -> Option<&PracticeResult> {
        self.practices().find(|p| p.id == id)
    }

    /// A framework by id.
    pub fn framework(&self, id: &str) -> Option<&FrameworkResult> {
        self.frameworks.iter().find(|f| f.id == id)
    }
}
