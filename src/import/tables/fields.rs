//! What a column of a table or a row of the Workload sheet holds ([`Field`], [`Kind`],
//! [`WorkloadField`]), and every header and label that names one, normalised as
//! [`super::columns::norm_header`] makes them. Data only: [`super::columns`] finds header rows
//! with these tables. Every alias is listed in `docs/spreadsheet-import.md` (a test checks it).

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    // Answers.
    /// WA pillar (rows of other pillars are skipped).
    Pillar,
    /// WA lens alias (rows of other lenses are skipped).
    Lens,
    /// Question: `SEC01`, `SEC 1`, WA question id, `SEC1 - How do you …`, or its title.
    Question,
    /// Question title.
    QuestionTitle,
    /// A best practice: BP id, choice id or title, whichever it holds.
    Practice,
    /// A BP id column.
    BpId,
    /// A WA Tool choice id column.
    ChoiceId,
    /// A practice title column.
    PracticeTitle,
    /// Status.
    Status,
    /// Notes.
    Notes,
    /// Owner.
    Owner,
    /// Evidence references.
    Evidence,
    /// Not-applicable reason.
    NaReason,
    /// Effort.
    Effort,
    /// What the business risks while the practice is missing.
    Impact,
    /// Estimated effort in person-days.
    EffortDays,
    /// Estimated cost.
    Cost,
    /// Target date.
    TargetDate,
    /// Depends on.
    DependsOn,
    /// "None of these" selected (yes or no), on a question's row.
    NoneOfThese,
    /// A known column that carries nothing to import (risk level, guidance, descriptions).
    Info,
    // Evidence register.
    /// Evidence id.
    EvId,
    /// Evidence title.
    EvTitle,
    /// Evidence owner.
    EvOwner,
    /// Evidence location.
    EvLocation,
    /// SHA-256.
    EvSha256,
    /// Collected on.
    EvCollected,
    /// Period start.
    EvPeriodStart,
    /// Period end.
    EvPeriodEnd,
    /// Expires on.
    EvExpires,
    /// Supports.
    EvSupports,
    /// Kind: design, operation, both, attestation.
    EvKind,
    /// The attestation's report (`SOC 2 Type II`): gives the entry an attestation.
    EvReport,
    /// The attestation's issuer.
    EvIssuer,
    /// The frameworks the attestation evidences.
    EvFrameworks,
    /// The attestation's bridge letter, until when.
    EvBridge,
    /// The attestation's AWS Artifact reference.
    EvArtifact,
    /// Notes.
    EvNotes,
    // Accepted risks.
    /// Waiver id.
    ArId,
    /// Target.
    ArTarget,
    /// Title.
    ArTitle,
    /// Justification.
    ArJustification,
    /// Approver.
    ArApprover,
    /// Approved on.
    ArApprovedOn,
    /// Expires on.
    ArExpires,
    /// Compensating control.
    ArCompensating,
    // Per-control decisions.
    /// Framework id.
    CtlFramework,
    /// Control id.
    CtlControl,
    /// Responsibility override.
    CtlResponsibility,
    /// Decided applicable (yes) or not (no).
    CtlApplicable,
    /// Why it is included.
    CtlJustification,
    /// A legal, regulatory or contractual basis.
    CtlBasis,
    /// Not-applicable justification.
    CtlNotApplicable,
    /// Evidence register ids confirmed for the control.
    CtlEvidence,
    /// Sampling frequency.
    CtlSampling,
    /// Control owner.
    CtlOwner,
    /// Notes.
    CtlNotes,
    // Workload (a Field / Value table).
    /// The field name column.
    KvField,
    /// The value column.
    KvValue,
}

/// What a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Answers (and question-level rows).
    Answers,
    /// The evidence register.
    Evidence,
    /// Accepted risks.
    AcceptedRisks,
    /// Per-control decisions.
    Controls,
    /// Workload fields as a Field / Value table.
    Workload,
}

impl Kind {
    /// Name for messages.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Answers => "answers",
            Kind::Evidence => "evidence register",
            Kind::AcceptedRisks => "accepted risks",
            Kind::Controls => "controls",
            Kind::Workload => "workload",
        }
    }
}

use Field::*;

impl Field {
    /// True when the column's values can change a status (an answer, a not-applicable reason, an
    /// evidence reference, a date that makes evidence or a waiver current, a control decision).
    /// A column that looks like one of these is never dropped with a mere warning (issue 16).
    pub(crate) fn bears_on_status(self) -> bool {
        matches!(
            self,
            Practice
                | BpId
                | ChoiceId
                | Status
                | Evidence
                | NaReason
                | NoneOfThese
                | EvId
                | EvCollected
                | EvPeriodStart
                | EvPeriodEnd
                | EvExpires
                | EvSupports
                | EvKind
                | EvReport
                | EvFrameworks
                | EvBridge
                | ArId
                | ArTarget
                | ArApprover
                | ArApprovedOn
                | ArExpires
                | CtlFramework
                | CtlControl
                | CtlResponsibility
                | CtlApplicable
                | CtlNotApplicable
                | CtlEvidence
                | CtlSampling
        )
    }
}

/// Answer columns, normalised header → field.
pub const ANSWER_HEADERS: &[(&str, Field)] = &[
    ("pillar", Pillar),
    ("pillar id", Pillar),
    ("lens", Lens),
    ("lens alias", Lens),
    ("question", Question),
    ("question id", Question),
    ("questionid", Question),
    ("question number", Question),
    ("question no", Question),
    ("qid", Question),
    ("question title", QuestionTitle),
    ("question text", QuestionTitle),
    ("best practice", Practice),
    ("best practise", Practice),
    ("practice", Practice),
    ("bp", BpId),
    ("bp id", BpId),
    ("bpid", BpId),
    ("best practice id", BpId),
    ("best practise id", BpId),
    ("practice id", BpId),
    ("id", BpId),
    ("choice id", ChoiceId),
    ("choiceid", ChoiceId),
    ("choice", PracticeTitle),
    ("choice best practice", PracticeTitle),
    ("choice title", PracticeTitle),
    ("practice title", PracticeTitle),
    ("best practice title", PracticeTitle),
    ("best practise title", PracticeTitle),
    ("practice name", PracticeTitle),
    ("best practice name", PracticeTitle),
    ("title", PracticeTitle),
    ("status", Status),
    ("response", Status),
    ("x or na", Status),
    ("answer", Status),
    ("implemented", Status),
    ("implementation status", Status),
    ("state", Status),
    ("result", Status),
    ("compliance", Status),
    ("compliance status", Status),
    ("notes", Notes),
    ("note", Notes),
    ("notes optional", Notes),
    ("reason notes", Notes),
    ("reason", Notes),
    ("comment", Notes),
    ("comments", Notes),
    ("remarks", Notes),
    ("owner", Owner),
    ("practice owner", Owner),
    ("bp owner", Owner),
    ("responsible", Owner),
    ("assignee", Owner),
    ("evidence", Evidence),
    ("evidence references", Evidence),
    ("evidence reference", Evidence),
    ("evidence refs", Evidence),
    ("evidence ref", Evidence),
    ("evidence ids", Evidence),
    ("evidence id", Evidence),
    ("references", Evidence),
    ("n a reason", NaReason),
    ("na reason", NaReason),
    ("not applicable reason", NaReason),
    ("reason not applicable", NaReason),
    ("reason if n a", NaReason),
    ("reason if not applicable", NaReason),
    ("why not applicable", NaReason),
    ("effort", Effort),
    ("remediation effort", Effort),
    ("t shirt size", Effort),
    ("impact", Impact),
    ("business impact", Impact),
    ("impact if not implemented", Impact),
    ("effort days", EffortDays),
    ("effort in days", EffortDays),
    ("effort person days", EffortDays),
    ("person days", EffortDays),
    ("man days", EffortDays),
    ("days", EffortDays),
    ("estimated days", EffortDays),
    ("cost", Cost),
    ("estimated cost", Cost),
    ("cost estimate", Cost),
    ("remediation cost", Cost),
    ("target date", TargetDate),
    ("target", TargetDate),
    ("due date", TargetDate),
    ("due", TargetDate),
    ("deadline", TargetDate),
    ("remediation date", TargetDate),
    ("depends on", DependsOn),
    ("dependencies", DependsOn),
    ("dependency", DependsOn),
    ("depends", DependsOn),
    ("blocked by", DependsOn),
    ("none of these", NoneOfThese),
    ("none selected", NoneOfThese),
    ("none of the above", NoneOfThese),
    ("risk", Info),
    ("risk level", Info),
    ("level of risk", Info),
    ("risk if not established", Info),
    ("guidance", Info),
    ("guidance link", Info),
    ("link", Info),
    ("url", Info),
    ("explanation", Info),
    ("detail", Info),
    ("details", Info),
    ("description", Info),
    ("choice description", Info),
    ("question description", Info),
    ("choice status", Info),
    ("choice reason", Info),
    ("region", Info),
    ("resource", Info),
    ("best practise area", Info),
    ("best practice area", Info),
    ("focus area", Info),
];

/// Evidence register columns.
pub const EVIDENCE_HEADERS: &[(&str, Field)] = &[
    ("id", EvId),
    ("evidence id", EvId),
    ("evidence", EvId),
    ("ref", EvId),
    ("reference", EvId),
    ("title", EvTitle),
    ("name", EvTitle),
    ("evidence title", EvTitle),
    ("evidence name", EvTitle),
    ("owner", EvOwner),
    ("evidence owner", EvOwner),
    ("location", EvLocation),
    ("url", EvLocation),
    ("link", EvLocation),
    ("path", EvLocation),
    ("system", EvLocation),
    ("sha256", EvSha256),
    ("sha 256", EvSha256),
    ("hash", EvSha256),
    ("checksum", EvSha256),
    ("collected on", EvCollected),
    ("collected", EvCollected),
    ("date collected", EvCollected),
    ("collection date", EvCollected),
    ("period start", EvPeriodStart),
    ("covers from", EvPeriodStart),
    ("valid from", EvPeriodStart),
    ("period end", EvPeriodEnd),
    ("covers to", EvPeriodEnd),
    ("expires on", EvExpires),
    ("expires", EvExpires),
    ("expiry", EvExpires),
    ("expiry date", EvExpires),
    ("expiration date", EvExpires),
    ("valid until", EvExpires),
    ("supports", EvSupports),
    ("supports practices controls", EvSupports),
    ("practices", EvSupports),
    ("controls", EvSupports),
    ("maps to", EvSupports),
    ("kind", EvKind),
    ("evidence kind", EvKind),
    ("type", EvKind),
    ("evidence type", EvKind),
    ("attestation report", EvReport),
    ("attestation", EvReport),
    ("supplier report", EvReport),
    ("issuer", EvIssuer),
    ("attestation issuer", EvIssuer),
    ("issued by", EvIssuer),
    ("attestation frameworks", EvFrameworks),
    ("report frameworks", EvFrameworks),
    ("attested frameworks", EvFrameworks),
    ("bridge letter until", EvBridge),
    ("bridge letter", EvBridge),
    ("bridge letter date", EvBridge),
    ("gap letter until", EvBridge),
    ("artifact reference", EvArtifact),
    ("aws artifact reference", EvArtifact),
    ("artifact", EvArtifact),
    ("artifact ref", EvArtifact),
    ("notes", EvNotes),
    ("comments", EvNotes),
];

/// Accepted-risk columns.
pub const RISK_HEADERS: &[(&str, Field)] = &[
    ("id", ArId),
    ("risk id", ArId),
    ("waiver id", ArId),
    ("accepted risk id", ArId),
    ("exception id", ArId),
    ("target", ArTarget),
    ("practice or control", ArTarget),
    ("applies to", ArTarget),
    ("title", ArTitle),
    ("risk", ArTitle),
    ("accepted risk", ArTitle),
    ("what is accepted", ArTitle),
    ("justification", ArJustification),
    ("rationale", ArJustification),
    ("reason", ArJustification),
    ("business justification", ArJustification),
    ("approver", ArApprover),
    ("approved by", ArApprover),
    ("approved on", ArApprovedOn),
    ("approval date", ArApprovedOn),
    ("expires on", ArExpires),
    ("expires", ArExpires),
    ("expiry", ArExpires),
    ("expiry date", ArExpires),
    ("compensating control", ArCompensating),
    ("compensating controls", ArCompensating),
    ("mitigation", ArCompensating),
];

/// Per-control decision columns.
pub const CONTROL_HEADERS: &[(&str, Field)] = &[
    ("framework", CtlFramework),
    ("framework id", CtlFramework),
    ("control", CtlControl),
    ("control id", CtlControl),
    ("criterion", CtlControl),
    ("responsibility", CtlResponsibility),
    ("applicable", CtlApplicable),
    ("applies", CtlApplicable),
    ("applicability", CtlApplicable),
    ("is applicable", CtlApplicable),
    ("justification", CtlJustification),
    ("applicability justification", CtlJustification),
    ("inclusion justification", CtlJustification),
    ("reason for inclusion", CtlJustification),
    ("basis", CtlBasis),
    ("legal basis", CtlBasis),
    ("regulatory basis", CtlBasis),
    ("contractual basis", CtlBasis),
    ("not applicable reason", CtlNotApplicable),
    ("not applicable", CtlNotApplicable),
    ("n a reason", CtlNotApplicable),
    ("na reason", CtlNotApplicable),
    ("exclusion justification", CtlNotApplicable),
    ("reason for exclusion", CtlNotApplicable),
    ("evidence", CtlEvidence),
    ("evidence ids", CtlEvidence),
    ("evidence refs", CtlEvidence),
    ("confirmed evidence", CtlEvidence),
    ("sampling", CtlSampling),
    ("sampling frequency", CtlSampling),
    ("owner", CtlOwner),
    ("control owner", CtlOwner),
    ("notes", CtlNotes),
    ("comments", CtlNotes),
    ("title", Info),
    ("control title", Info),
];

/// Workload Field / Value table columns.
pub const WORKLOAD_HEADERS: &[(&str, Field)] = &[
    ("field", KvField),
    ("item", KvField),
    ("property", KvField),
    ("key", KvField),
    ("value", KvValue),
    ("help", Info),
    ("hint", Info),
    ("explanation", Info),
    ("description", Info),
];

/// Fields of the Workload sheet by their labels (rows of a Field / Value table, or labels
/// above a table): the workload's, then the audit's (`audit` in the native format).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkloadField {
    /// Name.
    Name,
    /// Description.
    Description,
    /// Organisation.
    Organisation,
    /// Environment.
    Environment,
    /// Industry.
    Industry,
    /// AWS account ids.
    Accounts,
    /// Regions.
    Regions,
    /// Review owner.
    ReviewOwner,
    /// Reviewers.
    Reviewers,
    /// Review date.
    ReviewDate,
    /// Lens version.
    LensVersion,
    /// Scope.
    Scope,
    /// Notes.
    Notes,
    /// Milestone.
    Milestone,
    /// How critical the workload is to the business.
    Criticality,
    /// The currency of the costs.
    Currency,
    /// Audit type (type1, type2).
    AuditType,
    /// Start of the audit period.
    PeriodStart,
    /// End of the audit period.
    PeriodEnd,
    /// Sampling frequency of recurring controls.
    Sampling,
    /// Fieldwork date.
    Fieldwork,
    /// SOC 2 Trust Services Categories in scope.
    Tsc,
    /// GDPR role.
    GdprRole,
}

impl WorkloadField {
    /// True for the fields whose value can change a status (the audit's, but the fieldwork
    /// date, which only warns): an unknown label close to theirs is an error, not a warning.
    pub(crate) fn bears_on_status(self) -> bool {
        use WorkloadField as W;
        matches!(
            self,
            W::AuditType | W::PeriodStart | W::PeriodEnd | W::Sampling | W::Tsc | W::GdprRole
        )
    }
}

/// Workload labels, normalised.
pub const WORKLOAD_LABELS: &[(&str, WorkloadField)] = &[
    ("workload name", WorkloadField::Name),
    ("name", WorkloadField::Name),
    ("workload", WorkloadField::Name),
    ("description", WorkloadField::Description),
    ("workload description", WorkloadField::Description),
    ("organisation", WorkloadField::Organisation),
    ("organization", WorkloadField::Organisation),
    ("company", WorkloadField::Organisation),
    ("environment", WorkloadField::Environment),
    ("industry", WorkloadField::Industry),
    ("industry type", WorkloadField::Industry),
    ("aws account ids", WorkloadField::Accounts),
    ("aws account id", WorkloadField::Accounts),
    ("aws accounts", WorkloadField::Accounts),
    ("account ids", WorkloadField::Accounts),
    ("account id", WorkloadField::Accounts),
    ("accounts", WorkloadField::Accounts),
    ("regions", WorkloadField::Regions),
    ("aws regions", WorkloadField::Regions),
    ("region", WorkloadField::Regions),
    ("review owner", WorkloadField::ReviewOwner),
    ("reviewers", WorkloadField::Reviewers),
    ("reviewer", WorkloadField::Reviewers),
    ("review date", WorkloadField::ReviewDate),
    ("lens version", WorkloadField::LensVersion),
    ("scope", WorkloadField::Scope),
    ("review scope", WorkloadField::Scope),
    ("notes", WorkloadField::Notes),
    ("workload notes", WorkloadField::Notes),
    ("milestone", WorkloadField::Milestone),
    ("criticality", WorkloadField::Criticality),
    ("workload criticality", WorkloadField::Criticality),
    ("business criticality", WorkloadField::Criticality),
    ("currency", WorkloadField::Currency),
    ("cost currency", WorkloadField::Currency),
    ("audit type", WorkloadField::AuditType),
    ("soc 2 type", WorkloadField::AuditType),
    ("soc2 type", WorkloadField::AuditType),
    ("soc 2 audit type", WorkloadField::AuditType),
    ("audit period start", WorkloadField::PeriodStart),
    ("period start", WorkloadField::PeriodStart),
    ("audit start", WorkloadField::PeriodStart),
    ("audit period from", WorkloadField::PeriodStart),
    ("audit period end", WorkloadField::PeriodEnd),
    ("period end", WorkloadField::PeriodEnd),
    ("audit end", WorkloadField::PeriodEnd),
    ("audit period to", WorkloadField::PeriodEnd),
    ("sampling frequency", WorkloadField::Sampling),
    ("sampling", WorkloadField::Sampling),
    ("audit sampling", WorkloadField::Sampling),
    ("fieldwork date", WorkloadField::Fieldwork),
    ("fieldwork", WorkloadField::Fieldwork),
    ("fieldwork start", WorkloadField::Fieldwork),
    ("trust services categories", WorkloadField::Tsc),
    ("trust services category", WorkloadField::Tsc),
    ("trust services criteria", WorkloadField::Tsc),
    ("tsc", WorkloadField::Tsc),
    ("soc 2 categories", WorkloadField::Tsc),
    ("gdpr role", WorkloadField::GdprRole),
];
