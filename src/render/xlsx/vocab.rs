//! The fixed vocabularies of the workbook (control status, evidence status, applicability,
//! auditor test result), what each value means, and how sheets are named.

use crate::model::assessment::{Assessment, ControlResult, ControlStatus};
use crate::model::review::PracticeStatus;

/// A drop-down vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::render::xlsx) enum List {
    /// [`ControlStatus`] labels.
    ControlStatus,
    /// [`EvidenceStatus`] labels.
    EvidenceStatus,
    /// Yes / No.
    YesNo,
    /// The auditor's test result (a suggestion: other values are allowed after a warning).
    TestResult,
}

/// Light fills that repeat a status label (never the only carrier of meaning).
const STATUS_COLOURS: [(&str, u32); 9] = [
    ("Evidenced", 0xC6EFCE),
    ("Architectural risk", 0xF8CBAD),
    ("Evidence missing", 0xFFE699),
    ("Evidence stale", 0xFFF2CC),
    ("Not assessed", 0xE7E6E6),
    ("Accepted risk", 0xE4DFEC),
    ("Inherited (AWS)", 0xDDEBF7),
    ("Not applicable", 0xF2F2F2),
    ("Outside review scope", 0xF2F2F2),
];

const EVIDENCE_COLOURS: [(&str, u32); 3] = [
    ("Current", 0xC6EFCE),
    ("Missing", 0xFFE699),
    ("Stale", 0xFFF2CC),
];

impl List {
    /// The values offered.
    pub(in crate::render::xlsx) fn values(self) -> Vec<&'static str> {
        match self {
            List::ControlStatus => ControlStatus::ALL.iter().map(|s| s.label()).collect(),
            List::EvidenceStatus => EvidenceStatus::ALL.iter().map(|s| s.label()).collect(),
            List::YesNo => vec!["Yes", "No"],
            List::TestResult => vec!["No exceptions noted", "Exceptions noted", "Not tested"],
        }
    }

    /// True when only the listed values are accepted.
    pub(in crate::render::xlsx) fn strict(self) -> bool {
        !matches!(self, List::TestResult)
    }

    /// The message shown for a value outside the list.
    pub(in crate::render::xlsx) fn hint(self) -> &'static str {
        match self {
            List::ControlStatus => "Use one of the control statuses listed on the README sheet.",
            List::EvidenceStatus => "Use one of the evidence statuses listed on the README sheet.",
            List::YesNo => "Yes or No.",
            List::TestResult => {
                "Suggested values: No exceptions noted, Exceptions noted, Not tested."
            }
        }
    }

    /// Fill colours per value.
    pub(in crate::render::xlsx) fn colours(self) -> &'static [(&'static str, u32)] {
        match self {
            List::ControlStatus => &STATUS_COLOURS,
            List::EvidenceStatus => &EVIDENCE_COLOURS,
            List::YesNo | List::TestResult => &[],
        }
    }
}

/// What a control status means, for the README legend.
pub(in crate::render::xlsx) fn status_meaning(s: ControlStatus) -> &'static str {
    match s {
        ControlStatus::Evidenced => {
            "Every practice that establishes the control is implemented and has evidence that counts on the report date (or evidence is registered for the control itself)."
        }
        ControlStatus::ArchitecturalRisk => {
            "A practice that establishes the control is not implemented (an HRI, MRI or low-risk finding of the review) and no accepted risk in force covers it. Only changing the workload closes it; evidence cannot."
        }
        ControlStatus::EvidenceMissing => {
            "The practices are implemented, but at least one has no evidence at all. Collecting evidence closes it."
        }
        ControlStatus::EvidenceStale => {
            "The practices are implemented and evidenced, but for one of them all evidence has expired or lies outside the audit period. Renewing evidence closes it."
        }
        ControlStatus::NotAssessed => {
            "A practice that establishes the control was not answered in the review."
        }
        ControlStatus::AcceptedRisk => {
            "Every missing practice (or the control itself) is covered by an accepted risk that is in force on the report date."
        }
        ControlStatus::Inherited => {
            "Operated by AWS under the shared responsibility model; evidenced by AWS's own attestation (AWS Artifact), not by the customer."
        }
        ControlStatus::NotApplicable => {
            "Does not apply to this workload; the justification is given. Excluded from readiness."
        }
        ControlStatus::OutsideReviewScope => {
            "A legal or organisational duty, or no practice of the review establishes it: the review says nothing about it and it needs its own assessment. Excluded from readiness."
        }
    }
}

/// The evidence side of a control, apart from its architecture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::render::xlsx) enum EvidenceStatus {
    /// Evidence counts.
    Current,
    /// An implemented practice has none.
    Missing,
    /// Only expired or out-of-period evidence.
    Stale,
    /// AWS's attestation.
    AwsAttestation,
    /// The control does not apply.
    NotRequired,
    /// The review has not reached the evidence stage for this control.
    NotEvaluated,
}

impl EvidenceStatus {
    /// Every value, in legend order.
    pub(in crate::render::xlsx) const ALL: [EvidenceStatus; 6] = [
        EvidenceStatus::Current,
        EvidenceStatus::Missing,
        EvidenceStatus::Stale,
        EvidenceStatus::AwsAttestation,
        EvidenceStatus::NotRequired,
        EvidenceStatus::NotEvaluated,
    ];

    /// Label.
    pub(in crate::render::xlsx) fn label(self) -> &'static str {
        match self {
            EvidenceStatus::Current => "Current",
            EvidenceStatus::Missing => "Missing",
            EvidenceStatus::Stale => "Stale",
            EvidenceStatus::AwsAttestation => "AWS attestation",
            EvidenceStatus::NotRequired => "Not required",
            EvidenceStatus::NotEvaluated => "Not evaluated",
        }
    }

    /// Meaning, for the README legend.
    pub(in crate::render::xlsx) fn meaning(self) -> &'static str {
        match self {
            EvidenceStatus::Current => {
                "Evidence counts on the report date and covers the audit period."
            }
            EvidenceStatus::Missing => {
                "An implemented practice has no evidence at all (an evidence gap, not an architectural risk)."
            }
            EvidenceStatus::Stale => {
                "The only evidence has expired or lies outside the audit period (an evidence gap)."
            }
            EvidenceStatus::AwsAttestation => {
                "Inherited from AWS: AWS's own report or certificate is the evidence."
            }
            EvidenceStatus::NotRequired => "The control does not apply to this workload.",
            EvidenceStatus::NotEvaluated => {
                "Evidence is looked at once every practice that establishes the control is implemented and answered; controls outside the review's scope need evidence from their own assessment."
            }
        }
    }

    /// The evidence status of a control, read from its status and practices.
    pub(in crate::render::xlsx) fn of(a: &Assessment, c: &ControlResult) -> Self {
        match c.status {
            ControlStatus::Evidenced => EvidenceStatus::Current,
            ControlStatus::EvidenceMissing => EvidenceStatus::Missing,
            ControlStatus::EvidenceStale => EvidenceStatus::Stale,
            ControlStatus::Inherited => EvidenceStatus::AwsAttestation,
            ControlStatus::NotApplicable => EvidenceStatus::NotRequired,
            ControlStatus::ArchitecturalRisk
            | ControlStatus::NotAssessed
            | ControlStatus::OutsideReviewScope => EvidenceStatus::NotEvaluated,
            ControlStatus::AcceptedRisk => {
                // A waiver on the control can cover an evidence gap: then every driving
                // practice is implemented or not applicable, and the gap is still a gap.
                let driving = c.practices.iter().filter(|p| p.driving);
                let mut missing = false;
                for p in driving {
                    match p.status {
                        PracticeStatus::NotImplemented | PracticeStatus::Unanswered => {
                            return EvidenceStatus::NotEvaluated;
                        }
                        PracticeStatus::Implemented => {
                            if a.practice(&p.bp).is_some_and(|r| r.evidence.is_empty()) {
                                missing = true;
                            }
                        }
                        PracticeStatus::NotApplicable => {}
                    }
                }
                if missing {
                    EvidenceStatus::Missing
                } else if c.evidence.iter().any(|l| l.state.counts()) {
                    EvidenceStatus::Current
                } else {
                    EvidenceStatus::Stale
                }
            }
        }
    }
}

/// Sheet names: Excel allows at most 31 characters, none of `[ ] : * ? / \`, no apostrophe at
/// either end, no "History", and names must differ ignoring case.
#[derive(Debug, Default)]
pub(in crate::render::xlsx) struct SheetNames {
    used: Vec<String>,
}

/// Longest sheet name.
const SHEET_NAME_MAX: usize = 31;

impl SheetNames {
    /// Reserves a fixed name.
    pub(in crate::render::xlsx) fn fixed(&mut self, name: &str) -> String {
        self.unique(name, "")
    }

    /// A name made of a free-text base (e.g. a framework's short name) and a suffix.
    pub(in crate::render::xlsx) fn derived(&mut self, base: &str, suffix: &str) -> String {
        let clean: String = base
            .chars()
            .map(|c| {
                if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() {
                    '-'
                } else {
                    c
                }
            })
            .collect();
        let clean = clean.trim().trim_matches('\'').trim();
        let clean = if clean.is_empty() { "Framework" } else { clean };
        self.unique(clean, suffix)
    }

    fn unique(&mut self, base: &str, suffix: &str) -> String {
        let mut n = 1u32;
        loop {
            let tag = if n == 1 {
                suffix.to_owned()
            } else {
                format!("{suffix} ({n})")
            };
            let room = SHEET_NAME_MAX.saturating_sub(tag.chars().count());
            let head: String = base.chars().take(room).collect();
            let head = head.trim_end().trim_end_matches('\'');
            let name = format!("{head}{tag}");
            let taken = name.eq_ignore_ascii_case("history")
                || self
                    .used
                    .iter()
                    .any(|u| u.to_lowercase() == name.to_lowercase());
            if !taken {
                self.used.push(name.clone());
                return name;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_follow_excel_rules() {
        let mut n = SheetNames::default();
        assert_eq!(n.fixed("README"), "README");
        assert_eq!(n.derived("SOC 2", ""), "SOC 2");
        assert_eq!(n.derived("ISO 27001", " SoA"), "ISO 27001 SoA");
        assert_eq!(n.derived("readme", ""), "readme (2)");
        assert_eq!(n.derived("a/b:c*d?e[f]g\\h", ""), "a-b-c-d-e-f-g-h");
        assert_eq!(n.derived("'quoted'", ""), "quoted");
        assert_eq!(n.derived("   ", ""), "Framework");
        assert_eq!(n.derived("History", ""), "History (2)");
        let long = "A framework with a remarkably long short name";
        let a = n.derived(long, " clauses");
        let b = n.derived(long, " clauses");
        assert!(
            a.chars().count() <= 31 && b.chars().count() <= 31,
            "{a} {b}"
        );
        assert!(a.ends_with(" clauses") && b.ends_with(" clauses (2)"));
        assert_ne!(a, b);
        let wide = "é".repeat(40);
        assert_eq!(n.derived(&wide, "").chars().count(), 31);
    }

    #[test]
    fn vocabularies_fit_excel_list_limit() {
        for l in [
            List::ControlStatus,
            List::EvidenceStatus,
            List::YesNo,
            List::TestResult,
        ] {
            assert!(l.values().join(",").len() <= 255);
            for (v, _) in l.colours() {
                assert!(l.values().contains(v), "{v} is not in the list");
            }
        }
        assert_eq!(List::ControlStatus.values().len(), ControlStatus::ALL.len());
    }
}
