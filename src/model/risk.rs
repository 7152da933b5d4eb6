//! The architectural risk a review carries: a question's risk as the WA Tool shows it
//! ([`QuestionRisk`]) and the finding a missing practice makes ([`Finding`]). Re-exported by
//! [`crate::model::assessment`]; a leaf, so that the assessment and the comparison of two of
//! them can both use it.

use serde::{Deserialize, Serialize};

use crate::model::catalog::RiskLevel;

/// The risk of a question, as the WA Tool shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum QuestionRisk {
    /// A High-risk practice is missing.
    High,
    /// A Medium-risk practice is missing, no High one.
    Medium,
    /// No High or Medium practice missing.
    None,
    /// The question does not apply.
    NotApplicable,
    /// Not answered.
    Unanswered,
}

impl QuestionRisk {
    /// Parses the WA Tool's `Risk` enum.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "HIGH" => Some(QuestionRisk::High),
            "MEDIUM" => Some(QuestionRisk::Medium),
            "NONE" => Some(QuestionRisk::None),
            "NOT_APPLICABLE" => Some(QuestionRisk::NotApplicable),
            "UNANSWERED" => Some(QuestionRisk::Unanswered),
            _ => None,
        }
    }

    /// The WA Tool spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionRisk::High => "HIGH",
            QuestionRisk::Medium => "MEDIUM",
            QuestionRisk::None => "NONE",
            QuestionRisk::NotApplicable => "NOT_APPLICABLE",
            QuestionRisk::Unanswered => "UNANSWERED",
        }
    }
}

/// The architectural finding a missing practice makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Finding {
    /// High Risk Issue.
    Hri,
    /// Medium Risk Issue.
    Mri,
    /// Low risk (not counted as an HRI or MRI).
    Lri,
}

impl Finding {
    /// `HRI`, `MRI`, `LRI`.
    pub fn label(self) -> &'static str {
        match self {
            Finding::Hri => "HRI",
            Finding::Mri => "MRI",
            Finding::Lri => "LRI",
        }
    }

    /// The finding for a missing practice of this risk level.
    pub(crate) fn for_risk(r: RiskLevel) -> Self {
        match r {
            RiskLevel::High => Finding::Hri,
            RiskLevel::Medium => Finding::Mri,
            RiskLevel::Low => Finding::Lri,
        }
    }
}
