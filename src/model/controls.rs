//! What the review means for each framework control: its status (one per control), the facts
//! behind it (driving practices, evidence, attestation, the organisation's applicability
//! decision), and each framework's counts and readiness. `docs/statuses.md` is the contract for
//! every status and formula here. Re-exported by [`crate::model::assessment`].

use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::Location;
use crate::model::catalog::{ControlScope, Relation, Responsibility, RiskLevel, SupplierModel};
use crate::model::evidence::EvidenceLink;
use crate::model::review::PracticeStatus;

/// Status of one framework control: exactly one per control, by the first rule of
/// `docs/statuses.md` that applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlStatus {
    /// A practice that drives this control is not implemented (carries High/Medium/Low).
    ArchitecturalRisk,
    /// Every missing driving practice (or the control itself) is covered by a waiver in force.
    AcceptedRisk,
    /// Driving practices are unanswered, or all not applicable (applicability to decide).
    NotAssessed,
    /// Implemented, but no evidence at all.
    EvidenceMissing,
    /// Implemented; the only evidence is a reference not in the register, or register entries
    /// that name a practice but were never confirmed for this control.
    EvidenceUnverified,
    /// Implemented; the evidence confirmed for the control has expired or lies outside the
    /// audit period.
    EvidenceStale,
    /// Type II: operating evidence covers only part of the audit period (or some sampling
    /// slices), or there is design evidence only.
    EvidencePartial,
    /// The control, or AWS's part of a shared control, rests on an AWS attestation that is not
    /// on file, has expired, or needs a bridge letter.
    AttestationMissing,
    /// Implemented and evidenced, but the driving practices cover only part of the control (no
    /// `equal` or `superset` relation), or the control also has an organisational part: the
    /// technical part is evidenced, the rest is to assess.
    #[serde(rename = "technical_part_evidenced")]
    EvidencedInPart,
    /// Implemented, evidenced, and the practices cover the whole control.
    Evidenced,
    /// Operated by AWS, with a current AWS attestation on file: carved out (SOC 2) or operated
    /// by supplier AWS (ISO 27001).
    #[serde(alias = "inherited")]
    CarvedOut,
    /// The organisation decided it does not apply, with a justification.
    NotApplicable,
    /// The review cannot speak to it: see [`OutsideScope`] for which of the kinds.
    OutsideReviewScope,
}

impl ControlStatus {
    /// Every status, in report order.
    pub const ALL: [ControlStatus; 13] = [
        ControlStatus::Evidenced,
        ControlStatus::EvidencedInPart,
        ControlStatus::ArchitecturalRisk,
        ControlStatus::EvidenceMissing,
        ControlStatus::EvidenceUnverified,
        ControlStatus::EvidenceStale,
        ControlStatus::EvidencePartial,
        ControlStatus::AttestationMissing,
        ControlStatus::NotAssessed,
        ControlStatus::AcceptedRisk,
        ControlStatus::CarvedOut,
        ControlStatus::NotApplicable,
        ControlStatus::OutsideReviewScope,
    ];

    /// Label for reports (readable without colour). The carved-out label depends on the
    /// framework: see [`ControlStatus::label_in`].
    pub fn label(self) -> &'static str {
        match self {
            ControlStatus::ArchitecturalRisk => "Architectural risk",
            ControlStatus::AcceptedRisk => "Accepted risk",
            ControlStatus::NotAssessed => "Not assessed",
            ControlStatus::EvidenceMissing => "Evidence missing",
            ControlStatus::EvidenceUnverified => "Evidence unverified",
            ControlStatus::EvidenceStale => "Evidence stale",
            ControlStatus::EvidencePartial => "Evidence partial",
            ControlStatus::AttestationMissing => "AWS attestation missing",
            ControlStatus::EvidencedInPart => "Technical part evidenced",
            ControlStatus::Evidenced => "Evidenced",
            ControlStatus::CarvedOut => "Operated by AWS (attested)",
            ControlStatus::NotApplicable => "Not applicable",
            ControlStatus::OutsideReviewScope => "Outside review scope",
        }
    }

    /// The label in a framework: a SOC 2 criterion is "Carved out to AWS", an ISO control
    /// "Operated by supplier AWS".
    pub fn label_in(self, model: SupplierModel) -> &'static str {
        match (self, model) {
            (ControlStatus::CarvedOut, SupplierModel::CarveOut) => "Carved out to AWS",
            (ControlStatus::CarvedOut, SupplierModel::Supplier) => "Operated by supplier AWS",
            _ => self.label(),
        }
    }

    /// What the status means, for every report's legend (`docs/statuses.md` says the same).
    pub fn meaning(self) -> &'static str {
        match self {
            ControlStatus::Evidenced => {
                "Every practice that establishes the control is implemented, together they cover the whole control, and evidence confirmed for the control covers what the audit type asks (Type I: current on the report date; Type II: operating evidence over the audit period)."
            }
            ControlStatus::EvidencedInPart => {
                "Implemented and evidenced, but the practices cover only part of the control (no equal or superset relation) or the control also has an organisational part: the technical part is evidenced; the rest needs its own assessment. Never counted as ready."
            }
            ControlStatus::ArchitecturalRisk => {
                "A practice that establishes the control is not implemented (an HRI, MRI or low-risk finding of the review) and no accepted risk in force covers it. Only changing the workload closes it; evidence cannot."
            }
            ControlStatus::EvidenceMissing => {
                "Implemented, but no evidence is confirmed for the control. Collecting evidence closes it."
            }
            ControlStatus::EvidenceUnverified => {
                "Implemented; the only evidence is a reference not in the evidence register, or a register entry that names a practice but not this control. Registering it and naming the control closes it."
            }
            ControlStatus::EvidenceStale => {
                "Implemented; the evidence confirmed for the control has expired or lies outside the audit period. Renewing it closes it."
            }
            ControlStatus::EvidencePartial => {
                "Type II: the operating evidence covers only part of the audit period (or some sampling slices), or there is design evidence only. Evidence for the rest of the period closes it."
            }
            ControlStatus::AttestationMissing => {
                "The control, or AWS's part of a shared control, rests on AWS: AWS's attestation (SOC 2 report, ISO/IEC 27001 certificate from AWS Artifact) is not on file, has expired, or needs a bridge letter."
            }
            ControlStatus::NotAssessed => {
                "A practice that establishes the control was not answered, or every such practice is marked not applicable (the organisation decides whether the control applies)."
            }
            ControlStatus::AcceptedRisk => {
                "Every missing practice (or the control itself) is covered by an accepted risk in force on the report date."
            }
            ControlStatus::CarvedOut => {
                "Operated by AWS, with AWS's current attestation on file: carved out of a SOC 2 report (the customer keeps its complementary controls and monitors AWS), or operated by supplier AWS for ISO 27001 (still applicable, counted as ready)."
            }
            ControlStatus::NotApplicable => {
                "The organisation decided it does not apply, with a justification. Excluded from readiness."
            }
            ControlStatus::OutsideReviewScope => {
                "The review cannot speak to it: an organisational or legal duty, a technical control another Well-Architected pillar covers, or one practices only support. It needs its own assessment; it counts in the applicable denominator, not in the assessed one."
            }
        }
    }

    /// The snake_case key used in JSON.
    pub fn key(self) -> &'static str {
        match self {
            ControlStatus::ArchitecturalRisk => "architectural_risk",
            ControlStatus::AcceptedRisk => "accepted_risk",
            ControlStatus::NotAssessed => "not_assessed",
            ControlStatus::EvidenceMissing => "evidence_missing",
            ControlStatus::EvidenceUnverified => "evidence_unverified",
            ControlStatus::EvidenceStale => "evidence_stale",
            ControlStatus::EvidencePartial => "evidence_partial",
            ControlStatus::AttestationMissing => "attestation_missing",
            ControlStatus::EvidencedInPart => "technical_part_evidenced",
            ControlStatus::Evidenced => "evidenced",
            ControlStatus::CarvedOut => "carved_out",
            ControlStatus::NotApplicable => "not_applicable",
            ControlStatus::OutsideReviewScope => "outside_review_scope",
        }
    }

    /// True for statuses out of the readiness denominator: not applicable, outside review
    /// scope, and carved out (in the carve-out model; a supplier-operated ISO control with its
    /// attestation counts as ready instead: see [`crate::assess::readiness`]).
    pub(crate) fn excluded_from_readiness(self) -> bool {
        matches!(
            self,
            ControlStatus::NotApplicable
                | ControlStatus::OutsideReviewScope
                | ControlStatus::CarvedOut
        )
    }

    /// True for the statuses that collecting evidence (or an attestation) alone can close.
    pub fn is_evidence_gap(self) -> bool {
        matches!(
            self,
            ControlStatus::EvidenceMissing
                | ControlStatus::EvidenceUnverified
                | ControlStatus::EvidenceStale
                | ControlStatus::EvidencePartial
                | ControlStatus::AttestationMissing
        )
    }

    /// True when the workload implements what the review can see of the control (evidence
    /// may still be missing).
    pub fn is_implemented(self) -> bool {
        self.is_evidence_gap()
            || matches!(
                self,
                ControlStatus::Evidenced | ControlStatus::EvidencedInPart
            )
    }
}

/// Why a control is outside the review's scope: three different things an auditor handles
/// differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutsideScopeKind {
    /// An organisational duty the ISMS must show (policies, people, management review).
    Organisational,
    /// A legal duty (rights of data subjects, contracts, notifications).
    Legal,
    /// A technical control a Well-Architected pillar not in this review covers.
    OtherPillar,
    /// Practices only support it; none drives it.
    SupportedOnly,
    /// A technical control no Well-Architected practice covers.
    NotCovered,
}

impl OutsideScopeKind {
    /// Label for reports.
    pub fn label(self) -> &'static str {
        match self {
            OutsideScopeKind::Organisational => "organisational duty",
            OutsideScopeKind::Legal => "legal duty",
            OutsideScopeKind::OtherPillar => "covered by another pillar",
            OutsideScopeKind::SupportedOnly => "supported only",
            OutsideScopeKind::NotCovered => "not covered by any practice",
        }
    }
}

/// The kind of "outside review scope", with what covers it when another pillar does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutsideScope {
    /// Which kind.
    pub kind: OutsideScopeKind,
    /// For [`OutsideScopeKind::OtherPillar`]: the pillars whose practices drive it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pillars: Vec<String>,
    /// The practices that drive (other pillar) or support (supported only) it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub practices: Vec<String>,
}

/// The organisation's applicability decision.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Decided applicable.
    Applicable,
    /// Decided not applicable, with a justification.
    NotApplicable,
    /// No decision recorded: the organisation must decide.
    #[default]
    ToDecide,
}

impl Decision {
    /// `Yes`, `No`, `To decide`, as a Statement of Applicability says.
    pub fn label(self) -> &'static str {
        match self {
            Decision::Applicable => "Yes",
            Decision::NotApplicable => "No",
            Decision::ToDecide => "To decide",
        }
    }
}

/// Applicability as the Statement of Applicability shows it: the decision, its justification
/// (ISO 27001 clause 6.1.3 d asks for inclusion and exclusion alike), and a suggestion the
/// review makes for the organisation to confirm.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicability {
    /// The decision.
    pub decision: Decision,
    /// Justification: the decision's own words, else the risks it treats.
    pub justification: Option<String>,
    /// A legal, regulatory or contractual basis, when given.
    pub basis: Option<String>,
    /// What the review suggests for a control still to decide (never applied on its own).
    pub suggestion: Option<String>,
    /// Where the decision was read.
    pub source: Option<Location>,
}

/// The driving practices of a control, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrivingCounts {
    /// Driving practices of the assessed pillars.
    pub total: u32,
    /// Implemented.
    pub implemented: u32,
    /// Not implemented (architectural risk unless waived).
    pub not_implemented: u32,
    /// Not implemented but covered by a waiver in force.
    pub waived: u32,
    /// Unanswered.
    pub unanswered: u32,
    /// Not applicable.
    pub not_applicable: u32,
    /// The highest risk level among the missing ones.
    pub worst_risk: Option<RiskLevel>,
}

/// One practice as it bears on one control.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControlPractice {
    /// BP id.
    pub bp: String,
    /// BP title.
    pub title: String,
    /// Relation.
    pub relation: Relation,
    /// True when the relation drives the control's status.
    pub driving: bool,
    /// Rationale.
    pub rationale: String,
    /// Source of the mapping row.
    pub source: String,
    /// The practice's effective status.
    pub status: PracticeStatus,
    /// Its risk level.
    pub risk_level: RiskLevel,
    /// Its evidence, each marked whether it is confirmed for this control.
    #[serde(default)]
    pub evidence: Vec<EvidenceLink>,
}

/// The evidence side of a control, apart from its status.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceVerdict {
    /// Evidence confirmed for the control covers what the audit type asks.
    Current,
    /// Type II: covers part of the period (or only shows design).
    Partial,
    /// Confirmed evidence, all expired or outside the period.
    Stale,
    /// Only unregistered references or entries not confirmed for this control.
    Unverified,
    /// Nothing.
    Missing,
    /// Evidence is not what decides (not implemented, not applicable, outside scope…).
    #[default]
    NotRequired,
}

impl EvidenceVerdict {
    /// Label for reports.
    pub fn label(self) -> &'static str {
        match self {
            EvidenceVerdict::Current => "Current",
            EvidenceVerdict::Partial => "Partial",
            EvidenceVerdict::Stale => "Stale",
            EvidenceVerdict::Unverified => "Unverified",
            EvidenceVerdict::Missing => "Missing",
            EvidenceVerdict::NotRequired => "Not required",
        }
    }
}

/// What the evidence confirmed for a control shows, for the audit type.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ControlEvidence {
    /// The verdict.
    pub verdict: EvidenceVerdict,
    /// Type II: share of the audit period the operating evidence covers (union of periods),
    /// in percent with one decimal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_covered: Option<f64>,
    /// Type II with a sampling frequency: slices with evidence, and slices in all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slices: Option<(u32, u32)>,
    /// Type II: the first slices without evidence, as `START..END`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub slices_missing: Vec<String>,
    /// Type II: there is design evidence but nothing that shows operation.
    #[serde(default)]
    pub design_only: bool,
    /// One sentence.
    pub detail: String,
}

/// The AWS attestation a control (or AWS's part of it) rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttestationCheck {
    /// The register entry, when one is on file.
    pub evidence: Option<String>,
    /// True when it is current for the report date (Type I) or covers the audit period,
    /// bridge letter included (Type II).
    pub current: bool,
    /// One sentence: which report, until when, or what is missing.
    pub detail: String,
}

/// One control's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControlResult {
    /// Control id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Group.
    pub group: String,
    /// Title of the parent clause or article, when the id is a sub-part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_title: Option<String>,
    /// Kind (`annex-a`, `clause`) when the framework distinguishes.
    pub kind: Option<String>,
    /// Theme or category.
    pub theme: Option<String>,
    /// Earlier-edition ids.
    pub predecessors: Vec<String>,
    /// Responsibility in force (after the organisation's decision).
    pub responsibility: Responsibility,
    /// Why.
    pub responsibility_note: Option<String>,
    /// Complementary user-entity controls for an AWS or shared control.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cuecs: Vec<String>,
    /// Technical, organisational, legal or mixed.
    pub scope: ControlScope,
    /// Why, or which part is technical.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope_note: Option<String>,
    /// The status.
    pub status: ControlStatus,
    /// Severity of an architectural risk (`docs/statuses.md`: the worst missing practice, or
    /// Medium when half or more of the driving practices are missing).
    pub risk: Option<RiskLevel>,
    /// Why it has this status, in one sentence.
    pub reason: String,
    /// For outside review scope: which kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outside_scope: Option<OutsideScope>,
    /// The organisation's applicability decision and its justification.
    pub applicability: Applicability,
    /// Driving practices, counted.
    pub driving: DrivingCounts,
    /// True when the driving relations cover the whole control (an `equal` or `superset`
    /// relation) and the control has no organisational part.
    pub relations_cover: bool,
    /// Mapped practices (driving first), each with its evidence.
    pub practices: Vec<ControlPractice>,
    /// Evidence confirmed for this control (its `supports` names it, or the decision lists it).
    pub evidence: Vec<EvidenceLink>,
    /// What that evidence shows.
    pub evidence_check: ControlEvidence,
    /// The AWS attestation, for AWS and shared controls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attestation: Option<AttestationCheck>,
    /// Waiver in force.
    pub accepted_risk: Option<String>,
    /// Why not applicable (the organisation's decision).
    pub not_applicable_reason: Option<String>,
    /// Owners, from the decision or the driving practices.
    pub owners: Vec<String>,
    /// Notes from the decision.
    pub notes: Option<String>,
    /// The earliest target date among missing driving practices.
    pub target_date: Option<Date>,
}

/// Readiness of one framework (or one part of it), every figure with its counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Readiness {
    /// Controls in scope (after `--tsc` and the GDPR role).
    pub in_scope: u32,
    /// In scope − not applicable (decided) − carved out (SOC 2 carve-out).
    pub applicable: u32,
    /// Applicable − outside review scope: what the review can speak to.
    pub assessed: u32,
    /// Ready: evidenced, plus supplier-operated controls with a current attestation.
    pub evidenced: u32,
    /// Technical part evidenced, the rest to assess.
    pub technical_part: u32,
    /// Implemented: evidenced + technical part evidenced + evidence gaps.
    pub implemented: u32,
    /// evidenced ÷ assessed, in percent with one decimal; absent when nothing is assessed.
    pub percent: Option<f64>,
    /// evidenced ÷ applicable.
    pub percent_of_applicable: Option<f64>,
    /// Coverage: assessed ÷ applicable.
    pub coverage_percent: Option<f64>,
    /// implemented ÷ assessed.
    pub implemented_percent: Option<f64>,
    /// The formulas in words, with the counts.
    pub formula: String,
}

/// Count of controls per status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts {
    /// Evidenced.
    pub evidenced: u32,
    /// Technical part evidenced.
    #[serde(default)]
    pub technical_part_evidenced: u32,
    /// Architectural risk.
    pub architectural_risk: u32,
    /// Evidence missing.
    pub evidence_missing: u32,
    /// Evidence unverified.
    #[serde(default)]
    pub evidence_unverified: u32,
    /// Evidence stale.
    pub evidence_stale: u32,
    /// Evidence partial.
    #[serde(default)]
    pub evidence_partial: u32,
    /// AWS attestation missing.
    #[serde(default)]
    pub attestation_missing: u32,
    /// Not assessed.
    pub not_assessed: u32,
    /// Accepted risk.
    pub accepted_risk: u32,
    /// Carved out / operated by supplier AWS.
    #[serde(alias = "inherited")]
    pub carved_out: u32,
    /// Not applicable.
    pub not_applicable: u32,
    /// Outside review scope.
    pub outside_review_scope: u32,
}

impl StatusCounts {
    /// Adds one control of this status.
    pub(crate) fn add(&mut self, s: ControlStatus) {
        *self.get_mut(s) = self.get(s).saturating_add(1);
    }

    /// The count of one status.
    pub fn get(&self, s: ControlStatus) -> u32 {
        let mut c = *self;
        *c.get_mut(s)
    }

    fn get_mut(&mut self, s: ControlStatus) -> &mut u32 {
        match s {
            ControlStatus::Evidenced => &mut self.evidenced,
            ControlStatus::EvidencedInPart => &mut self.technical_part_evidenced,
            ControlStatus::ArchitecturalRisk => &mut self.architectural_risk,
            ControlStatus::EvidenceMissing => &mut self.evidence_missing,
            ControlStatus::EvidenceUnverified => &mut self.evidence_unverified,
            ControlStatus::EvidenceStale => &mut self.evidence_stale,
            ControlStatus::EvidencePartial => &mut self.evidence_partial,
            ControlStatus::AttestationMissing => &mut self.attestation_missing,
            ControlStatus::NotAssessed => &mut self.not_assessed,
            ControlStatus::AcceptedRisk => &mut self.accepted_risk,
            ControlStatus::CarvedOut => &mut self.carved_out,
            ControlStatus::NotApplicable => &mut self.not_applicable,
            ControlStatus::OutsideReviewScope => &mut self.outside_review_scope,
        }
    }

    /// All controls.
    pub fn total(&self) -> u32 {
        ControlStatus::ALL
            .iter()
            .fold(0u32, |n, &s| n.saturating_add(self.get(s)))
    }

    /// Controls with an evidence gap (missing, unverified, stale, partial, attestation).
    pub(crate) fn evidence_gaps(&self) -> u32 {
        ControlStatus::ALL
            .iter()
            .filter(|s| s.is_evidence_gap())
            .fold(0u32, |n, &s| n.saturating_add(self.get(s)))
    }
}

/// One part of a framework counted apart (ISO 27001: Annex A controls and clause requirements).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrameworkPart {
    /// The catalog's `kind` (`annex-a`, `clause`).
    pub kind: String,
    /// `Annex A`, `Clauses 4 to 10`.
    pub label: String,
    /// What one item is called (`control`, `clause requirement`).
    pub noun: String,
    /// Counts per status.
    pub counts: StatusCounts,
    /// Readiness of this part.
    pub readiness: Readiness,
}

/// A control left out of the framework's scope by the user's choice (`--tsc`, GDPR role).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExcludedControl {
    /// Control id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Why (`Trust Services Category Privacy not in scope (--tsc)`).
    pub reason: String,
}

/// One framework's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrameworkResult {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Short name.
    pub short_name: String,
    /// Edition.
    pub edition: String,
    /// Publisher.
    pub publisher: String,
    /// What a control is called.
    pub control_noun: String,
    /// Where to read it.
    pub url: Option<String>,
    /// The attestation that evidences what AWS operates.
    pub inherited_evidence: Option<String>,
    /// How AWS-operated controls are treated.
    #[serde(default)]
    pub supplier_model: SupplierModel,
    /// The scope the framework applies to (PCI DSS: the cardholder data environment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope_statement: Option<String>,
    /// Counts per status.
    pub counts: StatusCounts,
    /// Readiness over the whole framework.
    pub readiness: Readiness,
    /// Parts counted apart (ISO: Annex A and clauses), when the catalog has kinds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<FrameworkPart>,
    /// Every control in scope, in catalog order.
    pub controls: Vec<ControlResult>,
    /// Controls left out of scope by the user's choice, with why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<ExcludedControl>,
    /// Practices the crosswalk explicitly maps to no control of this framework, with why.
    #[serde(default)]
    pub no_mapping: Vec<NoMapping>,
}

/// An explicit "no control of this framework applies" crosswalk row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoMapping {
    /// BP id.
    pub bp: String,
    /// BP title.
    pub title: String,
    /// Why no control applies.
    pub rationale: String,
    /// Source of the row.
    pub source: String,
}
