//! How a finding is named in the reports: one table beside the type, read by every renderer
//! (terminal, Markdown, backlog, PDF, XLSX), so "HRI" and its siblings are spelled once.
//!
//! The names differ by where they stand, and each place keeps the wording its readers know;
//! the table states them side by side so a change is made once, for every report.

use crate::model::assessment::Finding;
use crate::model::catalog::RiskLevel;

/// The names of one finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FindingNames {
    /// Style key of charts and report data: `hri`, `mri`, `lri`.
    pub key: &'static str,
    /// The abbreviation: `HRI`, `MRI`, `LRI` (terminal, backlog).
    pub abbrev: &'static str,
    /// After a status, in parentheses: `HRI`, `MRI`, `low risk` ("Not implemented (low risk)").
    pub qualifier: &'static str,
    /// As a category of its own, in charts, legends and portfolio tables: `HRI`, `MRI`,
    /// `Low-risk gap`.
    pub category: &'static str,
    /// In the lists of changes since a baseline: `HRI`, `MRI`, `Low-risk finding`.
    pub change: &'static str,
    /// In the risk register, where a low-risk finding stands next to HRIs and MRIs: `HRI`,
    /// `MRI`, `LRI (low risk, not an HRI or MRI)`.
    pub register: &'static str,
}

/// The table: HRI, MRI, LRI.
const NAMES: [FindingNames; 3] = [
    FindingNames {
        key: "hri",
        abbrev: "HRI",
        qualifier: "HRI",
        category: "HRI",
        change: "HRI",
        register: "HRI",
    },
    FindingNames {
        key: "mri",
        abbrev: "MRI",
        qualifier: "MRI",
        category: "MRI",
        change: "MRI",
        register: "MRI",
    },
    FindingNames {
        key: "lri",
        abbrev: "LRI",
        qualifier: "low risk",
        category: "Low-risk gap",
        change: "Low-risk finding",
        register: "LRI (low risk, not an HRI or MRI)",
    },
];

impl Finding {
    /// Every finding, highest first.
    pub const ALL: [Finding; 3] = [Finding::Hri, Finding::Mri, Finding::Lri];

    /// How this finding is named in the reports.
    pub(crate) const fn names(self) -> &'static FindingNames {
        match self {
            Finding::Hri => &NAMES[0],
            Finding::Mri => &NAMES[1],
            Finding::Lri => &NAMES[2],
        }
    }
}

impl RiskLevel {
    /// The names of the finding a missing practice of this risk level makes.
    pub(crate) const fn finding_names(self) -> &'static FindingNames {
        // `Finding::for_risk`, in a const context.
        match self {
            RiskLevel::High => Finding::Hri.names(),
            RiskLevel::Medium => Finding::Mri.names(),
            RiskLevel::Low => Finding::Lri.names(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_finding_has_its_row() {
        for f in Finding::ALL {
            assert_eq!(f.names().key, f.names().abbrev.to_ascii_lowercase());
        }
        for r in [RiskLevel::High, RiskLevel::Medium, RiskLevel::Low] {
            assert_eq!(r.finding_names(), Finding::for_risk(r).names());
        }
        assert_eq!(RiskLevel::Low.finding_names().qualifier, "low risk");
    }
}
