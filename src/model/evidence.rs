//! Evidence as the assessment sees it: each register entry's state on the report date, the
//! links from practices and controls to it, and the requests an auditor would send for what is
//! missing. Re-exported by [`crate::model::assessment`]; the rules are in `docs/statuses.md`.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::Location;
/// The audit period (defined beside the engagement that states it).
pub use crate::model::audit::Period;
use crate::model::audit::{Attestation, EvidenceKind};

/// The state of one evidence reference on the report date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceState {
    /// Valid on the report date and (if given) overlapping the audit period.
    Current,
    /// Expired before the report date.
    Expired,
    /// Does not overlap the audit period.
    OutsidePeriod,
    /// Collected (or its period starts) after the report date: it did not exist yet.
    NotYetValid,
    /// A free-text reference that is not in the evidence register: kept and shown, never
    /// counted as evidence.
    #[serde(alias = "unregistered")]
    Unverified,
}

impl EvidenceState {
    /// True when the evidence counts.
    pub(crate) fn counts(self) -> bool {
        self == EvidenceState::Current
    }

    /// Label for reports.
    pub fn label(self) -> &'static str {
        match self {
            EvidenceState::Current => "Current",
            EvidenceState::Expired => "Expired",
            EvidenceState::OutsidePeriod => "Outside audit period",
            EvidenceState::NotYetValid => "Dated after the report date",
            EvidenceState::Unverified => "Unverified (not in register)",
        }
    }
}

/// A reference from a practice or control to evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceLink {
    /// Register id, or the free-text reference.
    pub reference: String,
    /// Title (register) or the reference again.
    pub title: String,
    /// State.
    pub state: EvidenceState,
    /// What it shows, from the register.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<EvidenceKind>,
    /// In a control's practice list: true when the entry is confirmed for that control.
    #[serde(default)]
    pub confirmed: bool,
    /// Owner, from the register.
    pub owner: Option<String>,
    /// Location or URL, from the register.
    pub location: Option<String>,
    /// Collected on.
    pub collected_on: Option<Date>,
    /// Expires on.
    pub expires_on: Option<Date>,
}

/// An evidence register item with its state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceResult {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Owner.
    pub owner: Option<String>,
    /// Location or URL.
    pub location: Option<String>,
    /// SHA-256.
    pub sha256: Option<String>,
    /// Collected on.
    pub collected_on: Option<Date>,
    /// Period start.
    pub period_start: Option<Date>,
    /// Period end.
    pub period_end: Option<Date>,
    /// Expires on.
    pub expires_on: Option<Date>,
    /// Supports (as given).
    pub supports: Vec<String>,
    /// Design, operation, both or attestation; none when not given (counts as design).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<EvidenceKind>,
    /// For an attestation: the report and its bridge letter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attestation: Option<Attestation>,
    /// Notes.
    pub notes: Option<String>,
    /// State on the report date.
    pub state: EvidenceState,
    /// Expires before the end of the audit period (or before fieldwork).
    pub expires_in_period: bool,
    /// Practices that reference it.
    pub practices: Vec<String>,
    /// Controls it is confirmed for (`framework:control`): named in `supports`, or listed by
    /// the organisation's decision on the control.
    pub controls: Vec<String>,
    /// Where it was read.
    pub source: Location,
}

/// What an evidence request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// Nothing on file.
    Missing,
    /// A reference or entry to register and confirm for the control.
    Unverified,
    /// Expired or outside the period: renew.
    Stale,
    /// Covers part of the period: the rest of it, or operating evidence.
    Partial,
    /// The AWS attestation (or its bridge letter).
    Attestation,
}

impl RequestKind {
    /// Label for reports.
    pub fn label(self) -> &'static str {
        match self {
            RequestKind::Missing => "Missing",
            RequestKind::Unverified => "Unverified",
            RequestKind::Stale => "Stale",
            RequestKind::Partial => "Partial",
            RequestKind::Attestation => "AWS attestation",
        }
    }
}

/// One request an auditor would send: per control, what evidence to provide, by whom, by when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceRequest {
    /// Sequence number (`REQ-001`), stable for the same assessment.
    pub id: String,
    /// Framework id.
    pub framework: String,
    /// Framework short name.
    pub framework_name: String,
    /// Control id.
    pub control: String,
    /// Control title.
    pub title: String,
    /// What is asked.
    pub kind: RequestKind,
    /// What to provide, in one sentence.
    pub request: String,
    /// The practices behind the control.
    pub practices: Vec<String>,
    /// Evidence already on file that falls short.
    pub evidence: Vec<String>,
    /// Who should provide it.
    pub owner: Option<String>,
    /// By when: the fieldwork date, else the end of the audit period, else the report date
    /// plus 30 days.
    pub due: Option<Date>,
}
