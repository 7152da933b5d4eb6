//! The fixed vocabularies of the workbook (control status, evidence status, applicability,
//! auditor test result), what each value means, and how sheets are named.

use crate::model::assessment::{Assessment, ControlResult, ControlStatus, EvidenceVerdict};
use crate::model::catalog::Responsibility;

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
const STATUS_COLOURS: [(&str, u32); 12] = [
    ("Evidenced", 0xC6EFCE),
    ("Technical part evidenced", 0xE2EFDA),
    ("Architectural risk", 0xF8CBAD),
    ("Evidence missing", 0xFFE699),
    ("Evidence unverified", 0xFFE699),
    ("Evidence stale", 0xFFF2CC),
    ("Evidence partial", 0xFFF2CC),
    ("AWS attestation missing", 0xFFF2CC),
    ("Not assessed", 0xE7E6E6),
    ("Accepted risk", 0xE4DFEC),
    ("Not applicable", 0xF2F2F2),
    ("Outside review scope", 0xF2F2F2),
];

const EVIDENCE_COLOURS: [(&str, u32); 5] = [
    ("Current", 0xC6EFCE),
    ("Partial", 0xFFF2CC),
    ("Stale", 0xFFF2CC),
    ("Unverified", 0xFFE699),
    ("Missing", 0xFFE699),
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
    s.meaning()
}

/// The evidence side of a control, apart from its architecture: the model's verdict, plus
/// what an AWS-operated control rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::render::xlsx) enum EvidenceStatus {
    /// The verdict on the evidence confirmed for the control.
    Verdict(EvidenceVerdict),
    /// AWS's attestation, current.
    AwsAttestation,
    /// AWS's attestation, missing or out of date.
    AwsAttestationMissing,
}

impl EvidenceStatus {
    /// Every value, in legend order.
    pub(in crate::render::xlsx) const ALL: [EvidenceStatus; 8] = [
        EvidenceStatus::Verdict(EvidenceVerdict::Current),
        EvidenceStatus::Verdict(EvidenceVerdict::Partial),
        EvidenceStatus::Verdict(EvidenceVerdict::Stale),
        EvidenceStatus::Verdict(EvidenceVerdict::Unverified),
        EvidenceStatus::Verdict(EvidenceVerdict::Missing),
        EvidenceStatus::AwsAttestation,
        EvidenceStatus::AwsAttestationMissing,
        EvidenceStatus::Verdict(EvidenceVerdict::NotRequired),
    ];

    /// Label.
    pub(in crate::render::xlsx) fn label(self) -> &'static str {
        match self {
            EvidenceStatus::Verdict(v) => v.label(),
            EvidenceStatus::AwsAttestation => "AWS attestation",
            EvidenceStatus::AwsAttestationMissing => "AWS attestation missing",
        }
    }

    /// Meaning, for the README legend.
    pub(in crate::render::xlsx) fn meaning(self) -> &'static str {
        match self {
            EvidenceStatus::Verdict(EvidenceVerdict::Current) => {
                "Evidence confirmed for the control covers what the audit type asks: current on the report date (Type I), operating evidence over the whole audit period or every sampling slice (Type II)."
            }
            EvidenceStatus::Verdict(EvidenceVerdict::Partial) => {
                "Type II: operating evidence covers part of the period (the share is given), or there is design evidence only."
            }
            EvidenceStatus::Verdict(EvidenceVerdict::Stale) => {
                "The evidence confirmed for the control has expired or lies outside the audit period."
            }
            EvidenceStatus::Verdict(EvidenceVerdict::Unverified) => {
                "Only references not in the register, or register entries not confirmed for this control: never counted as evidence."
            }
            EvidenceStatus::Verdict(EvidenceVerdict::Missing) => {
                "Nothing is on file for this control."
            }
            EvidenceStatus::Verdict(EvidenceVerdict::NotRequired) => {
                "Evidence does not decide the status (not implemented, not answered, not applicable, or outside the review's scope)."
            }
            EvidenceStatus::AwsAttestation => {
                "Operated by AWS: AWS's current report or certificate is on file and is the evidence."
            }
            EvidenceStatus::AwsAttestationMissing => {
                "Operated by AWS (or AWS's part of a shared control): AWS's report or certificate is not on file, has expired, or needs a bridge letter."
            }
        }
    }

    /// The evidence status of a control.
    pub(in crate::render::xlsx) fn of(_a: &Assessment, c: &ControlResult) -> Self {
        let aws = c.responsibility == Responsibility::Aws;
        match (&c.attestation, c.status) {
            (_, ControlStatus::NotApplicable) => {
                EvidenceStatus::Verdict(EvidenceVerdict::NotRequired)
            }
            (Some(a), _) if !a.current => EvidenceStatus::AwsAttestationMissing,
            (Some(_), _) if aws => EvidenceStatus::AwsAttestation,
            _ => EvidenceStatus::Verdict(c.evidence_check.verdict),
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
