//! A review as imported: the workload's scope and one answer per best practice, with the
//! evidence register, accepted risks and per-control overrides. Every importer produces this;
//! ids are already current catalog ids. Pure data, no I/O.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::{Diagnostic, Location};
use crate::model::audit::{Attestation, AuditScope, EvidenceKind, Sampling};
use crate::model::catalog::Responsibility;

/// The status of one best practice in a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PracticeStatus {
    /// In place.
    Implemented,
    /// Not in place (also: "None of these" selected, or left unticked in an answered question).
    NotImplemented,
    /// Does not apply to this workload; carries a reason.
    NotApplicable,
    /// Not answered.
    Unanswered,
}

impl PracticeStatus {
    /// Label for reports.
    pub fn label(self) -> &'static str {
        match self {
            PracticeStatus::Implemented => "Implemented",
            PracticeStatus::NotImplemented => "Not implemented",
            PracticeStatus::NotApplicable => "Not applicable",
            PracticeStatus::Unanswered => "Unanswered",
        }
    }
}

/// Effort to remediate a missing practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effort {
    /// Days.
    Low,
    /// Weeks.
    Medium,
    /// Months, or several teams.
    High,
}

impl Effort {
    /// Parses `low`, `Medium`, `H`, `S`/`M`/`L` (t-shirt sizes).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "low" | "l" | "s" | "small" => Some(Effort::Low),
            "medium" | "med" | "m" => Some(Effort::Medium),
            "high" | "h" | "large" | "xl" => Some(Effort::High),
            _ => None,
        }
    }

    /// Label for reports.
    pub fn label(self) -> &'static str {
        match self {
            Effort::Low => "Low",
            Effort::Medium => "Medium",
            Effort::High => "High",
        }
    }
}

/// How critical a workload is to the business: a closed list, so that a portfolio groups and
/// ranks its workloads by it (free text would split "High" from "high " and could not be
/// ranked).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criticality {
    /// The business stops without it.
    Critical,
    /// A serious loss while it is down.
    High,
    /// A nuisance while it is down.
    Medium,
    /// Little consequence.
    Low,
}

impl Criticality {
    /// Every criticality, most critical first.
    pub const ALL: [Criticality; 4] = [
        Criticality::Critical,
        Criticality::High,
        Criticality::Medium,
        Criticality::Low,
    ];

    /// The words accepted, for messages.
    pub(crate) const ACCEPTED: &str = "critical, high, medium or low";

    /// Parses `critical`, `High`, ` LOW ` (case and surrounding spaces do not matter).
    pub fn parse(s: &str) -> Option<Self> {
        let k = s.trim().to_ascii_lowercase();
        Criticality::ALL.into_iter().find(|c| c.as_str() == k)
    }

    /// The word as written in a review (`critical`).
    pub fn as_str(self) -> &'static str {
        match self {
            Criticality::Critical => "critical",
            Criticality::High => "high",
            Criticality::Medium => "medium",
            Criticality::Low => "low",
        }
    }
}

/// The workload under review and the review's scope.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Workload {
    /// Workload name.
    pub name: String,
    /// What it is.
    pub description: Option<String>,
    /// Organisation that owns it.
    pub organisation: Option<String>,
    /// `production`, `preproduction` …
    pub environment: Option<String>,
    /// Industry.
    pub industry: Option<String>,
    /// AWS account ids.
    pub aws_accounts: Vec<String>,
    /// AWS Regions.
    pub regions: Vec<String>,
    /// Review owner.
    pub review_owner: Option<String>,
    /// Reviewers.
    pub reviewers: Vec<String>,
    /// Date of the review.
    pub review_date: Option<Date>,
    /// Lens version the review was made on.
    pub lens_version: Option<String>,
    /// Scope statement: what is and is not covered.
    pub scope: Option<String>,
    /// Workload notes.
    pub notes: Option<String>,
    /// WA Tool workload id, when imported from the WA Tool.
    pub wa_workload_id: Option<String>,
    /// WA Tool milestone, when given.
    pub milestone: Option<String>,
    /// How critical the workload is to the business, when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criticality: Option<Criticality>,
    /// The currency of the answers' `cost` (ISO 4217 code, `EUR`), when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

/// The answer for one best practice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// Current BP id.
    pub practice: String,
    /// Status as answered.
    pub status: PracticeStatus,
    /// False when this entry only adds owner, evidence or plan data to an answer whose status
    /// comes from another input (a native answer without `status`).
    pub status_given: bool,
    /// Why it does not apply (WA Tool reason such as `OUT_OF_SCOPE`, or free text).
    pub na_reason: Option<String>,
    /// Notes, verbatim.
    pub notes: Option<String>,
    /// Who owns it.
    pub owner: Option<String>,
    /// Evidence references: ids of the evidence register or free text (URL, document name).
    pub evidence: Vec<String>,
    /// Effort to remediate, when missing.
    pub effort: Option<Effort>,
    /// What the business risks while the practice is missing, in a sentence or two.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<String>,
    /// Estimated effort to remediate, in person-days (finite, not negative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort_days: Option<f64>,
    /// Estimated cost to remediate, in the organisation's currency (finite, not negative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<f64>,
    /// Target date for remediation.
    pub target_date: Option<Date>,
    /// BP ids this practice's remediation depends on.
    pub depends_on: Vec<String>,
    /// Where the answer was read.
    pub source: Location,
    /// Old-lens ids this answer was mapped from, when the review used an older lens version.
    pub legacy_ids: Vec<String>,
}

impl Answer {
    /// A bare answer.
    pub fn new(practice: impl Into<String>, status: PracticeStatus, source: Location) -> Self {
        Answer {
            practice: practice.into(),
            status,
            status_given: true,
            na_reason: None,
            notes: None,
            owner: None,
            evidence: Vec::new(),
            effort: None,
            impact: None,
            effort_days: None,
            cost: None,
            target_date: None,
            depends_on: Vec::new(),
            source,
            legacy_ids: Vec::new(),
        }
    }
}

/// Question-level answer data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionAnswer {
    /// Question id (`SEC01`).
    pub question: String,
    /// Question notes, verbatim.
    pub notes: Option<String>,
    /// Set when the whole question does not apply, with the reason.
    pub not_applicable: Option<String>,
    /// The risk the WA Tool reported for this question, when imported from it.
    pub reported_risk: Option<String>,
    /// "None of these" was selected.
    pub none_selected: bool,
    /// Where it was read.
    pub source: Location,
}

impl QuestionAnswer {
    /// Empty question data.
    pub fn new(question: impl Into<String>, source: Location) -> Self {
        QuestionAnswer {
            question: question.into(),
            notes: None,
            not_applicable: None,
            reported_risk: None,
            none_selected: false,
            source,
        }
    }
}

/// An item of the evidence register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceItem {
    /// Register id (`EV-001`).
    pub id: String,
    /// What it is.
    pub title: String,
    /// Who keeps it.
    pub owner: Option<String>,
    /// Where it is: URL, path or system.
    pub location: Option<String>,
    /// SHA-256 of the artefact, hex.
    pub sha256: Option<String>,
    /// When it was collected.
    pub collected_on: Option<Date>,
    /// Start of the period it covers.
    pub period_start: Option<Date>,
    /// End of the period it covers.
    pub period_end: Option<Date>,
    /// When it stops being valid.
    pub expires_on: Option<Date>,
    /// BP ids and controls (`soc2-tsc-2017:CC6.1` or `CC6.1`) it supports. An entry evidences
    /// the controls it names; naming only a practice does not make it evidence of every
    /// control the practice drives.
    pub supports: Vec<String>,
    /// What it shows: design, operation, both, or a supplier's attestation. Unknown when not
    /// given: it then counts as design evidence only.
    #[serde(default)]
    pub kind: Option<EvidenceKind>,
    /// For an attestation: the report, its issuer, bridge letter and AWS Artifact reference.
    #[serde(default)]
    pub attestation: Option<Attestation>,
    /// Notes, verbatim.
    pub notes: Option<String>,
    /// Where it was read.
    pub source: Location,
}

/// An accepted risk (waiver).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AcceptedRisk {
    /// Waiver id (`AR-001`).
    pub id: String,
    /// What it covers: a BP id, or a control as `framework:control` (or a bare control id).
    pub target: String,
    /// What is accepted, in words.
    pub title: String,
    /// Why.
    pub justification: String,
    /// Who approved it.
    pub approver: Option<String>,
    /// When.
    pub approved_on: Option<Date>,
    /// Until when it holds; it lapses on this day.
    pub expires_on: Option<Date>,
    /// Compensating control, if any.
    pub compensating_control: Option<String>,
    /// Where it was read.
    pub source: Location,
}

/// A per-control decision of the organisation: applicability (with its justification, as ISO
/// 27001 clause 6.1.3 d asks for inclusion and exclusion alike), responsibility, the evidence
/// confirmed for the control, owner. `control` may be `*`: the decision then holds for every
/// control of the framework that has no decision of its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControlOverride {
    /// Framework id.
    pub framework: String,
    /// Control id, or `*` for every control of the framework.
    pub control: String,
    /// Responsibility to use instead of the catalog's.
    pub responsibility: Option<Responsibility>,
    /// Set when the control does not apply, with the justification for excluding it.
    pub not_applicable: Option<String>,
    /// Set when the organisation decided the control applies.
    #[serde(default)]
    pub applicable: bool,
    /// Why it is included (or why the organisation decided as it did).
    #[serde(default)]
    pub justification: Option<String>,
    /// A legal, regulatory or contractual basis for the decision.
    #[serde(default)]
    pub basis: Option<String>,
    /// Evidence register ids confirmed as evidence of this control (besides entries whose
    /// `supports` names it).
    #[serde(default)]
    pub evidence: Vec<String>,
    /// Sampling frequency of this control when it recurs (Type II).
    #[serde(default)]
    pub sampling: Option<Sampling>,
    /// Owner of the control.
    pub owner: Option<String>,
    /// Notes, verbatim.
    pub notes: Option<String>,
    /// Where it was read.
    pub source: Location,
}

/// An answer to a practice that the current lens no longer has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegacyAnswer {
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

/// One input file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SourceFile {
    /// Path as given.
    pub path: String,
    /// Detected format.
    pub format: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// A whole imported review.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// Scope.
    pub workload: Workload,
    /// Answers, at most one per practice.
    pub answers: Vec<Answer>,
    /// Question-level data.
    pub questions: Vec<QuestionAnswer>,
    /// Evidence register.
    pub evidence: Vec<EvidenceItem>,
    /// Accepted risks.
    pub accepted_risks: Vec<AcceptedRisk>,
    /// Per-control decisions.
    pub control_overrides: Vec<ControlOverride>,
    /// The engagement as the review states it (audit type, sampling, scope, GDPR role).
    #[serde(default)]
    pub audit: AuditScope,
    /// Pillars the input covers (WA Tool pillar ids), answered or not.
    #[serde(default)]
    pub pillars: Vec<String>,
    /// Answers to practices removed from the lens.
    pub legacy: Vec<LegacyAnswer>,
    /// Input files.
    pub sources: Vec<SourceFile>,
    /// Warnings raised while importing.
    pub warnings: Vec<Diagnostic>,
    /// Free-text notes replaced by [`REDACTED`] at the user's request (`--redact-notes`).
    #[serde(default)]
    pub redacted_notes: u32,
}

/// What a redacted note reads.
pub(crate) const REDACTED: &str = "[redacted]";

impl Review {
    /// Replaces every non-empty free-text note (workload, practice, question, evidence, control
    /// override, removed-practice answer) with [`REDACTED`]; counts them in `redacted_notes`.
    /// Statuses, owners, evidence references and everything else stay.
    pub(crate) fn redact_notes(&mut self) {
        let mut n = 0u32;
        let mut redact = |note: &mut Option<String>| {
            if note.as_deref().is_some_and(|s| !s.trim().is_empty()) {
                *note = Some(REDACTED.to_owned());
                n += 1;
            }
        };
        redact(&mut self.workload.notes);
        self.answers.iter_mut().for_each(|a| redact(&mut a.notes));
        self.questions.iter_mut().for_each(|q| redact(&mut q.notes));
        self.evidence.iter_mut().for_each(|e| redact(&mut e.notes));
        self.control_overrides
            .iter_mut()
            .for_each(|c| redact(&mut c.notes));
        self.legacy.iter_mut().for_each(|l| redact(&mut l.notes));
        self.redacted_notes += n;
    }
}
