//! The fixed vocabularies of the workbook (control status, evidence status, applicability,
//! auditor test result), what each value means, and how sheets are named.

use crate::model::assessment::{ControlStatus, Decision, EvidenceVerdict};
use crate::model::catalog::SupplierModel;

/// A drop-down vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::render::xlsx) enum List {
    /// [`ControlStatus`] labels as the framework says them ("Carved out to AWS" in SOC 2,
    /// "Operated by supplier AWS" in ISO 27001).
    ControlStatus(SupplierModel),
    /// [`EvidenceStatus`] labels.
    EvidenceStatus,
    /// The applicability decision: Yes / No / To decide.
    Applicability,
    /// The auditor's test result (a suggestion: other values are allowed after a warning).
    TestResult,
}

/// Light fills that repeat a status label (never the only carrier of meaning).
const STATUS_COLOURS: [(&str, u32); 14] = [
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
    ("Carved out to AWS", 0xDDEBF7),
    ("Operated by supplier AWS", 0xDDEBF7),
    ("Not applicable", 0xF2F2F2),
    ("Outside review scope", 0xF2F2F2),
];

const EVIDENCE_COLOURS: [(&str, u32); 7] = [
    ("Current", 0xC6EFCE),
    ("Partial", 0xFFF2CC),
    ("Stale", 0xFFF2CC),
    ("Unverified", 0xFFE699),
    ("Missing", 0xFFE699),
    ("AWS attestation", 0xDDEBF7),
    ("AWS attestation missing", 0xFFF2CC),
];

impl List {
    /// The values offered.
    pub(in crate::render::xlsx) fn values(self) -> Vec<&'static str> {
        match self {
            List::ControlStatus(m) => ControlStatus::ALL.iter().map(|s| s.label_in(m)).collect(),
            List::EvidenceStatus => EvidenceStatus::ALL.iter().map(|s| s.label()).collect(),
            List::Applicability => [
                Decision::Applicable,
                Decision::NotApplicable,
                Decision::ToDecide,
            ]
            .iter()
            .map(|d| d.label())
            .collect(),
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
            List::ControlStatus(_) => "Use one of the control statuses listed on the README sheet.",
            List::EvidenceStatus => "Use one of the evidence statuses listed on the README sheet.",
            List::Applicability => "Yes, No or To decide (the organisation's decision).",
            List::TestResult => {
                "Suggested values: No exceptions noted, Exceptions noted, Not tested."
            }
        }
    }

    /// Fill colours per value offered.
    pub(in crate::render::xlsx) fn colours(self) -> Vec<(&'static str, u32)> {
        let all: &[(&str, u32)] = match self {
            List::ControlStatus(_) => &STATUS_COLOURS,
            List::EvidenceStatus => &EVIDENCE_COLOURS,
            List::Applicability | List::TestResult => &[],
        };
        let values = self.values();
        all.iter()
            .filter(|(v, _)| values.contains(v))
            .copied()
            .collect()
    }
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
            List::ControlStatus(SupplierModel::CarveOut),
            List::ControlStatus(SupplierModel::Supplier),
            List::EvidenceStatus,
            List::Applicability,
            List::TestResult,
        ] {
            assert!(l.values().join(",").len() <= 255);
            for (v, _) in l.colours() {
                assert!(l.values().contains(&v), "{v} is not in the list");
            }
        }
        for m in [SupplierModel::CarveOut, SupplierModel::Supplier] {
            let l = List::ControlStatus(m);
            assert_eq!(l.values().len(), ControlStatus::ALL.len());
            // Every status has a fill.
            assert_eq!(l.colours().len(), ControlStatus::ALL.len(), "{m:?}");
        }
        assert_eq!(List::Applicability.values(), ["Yes", "No", "To decide"]);
    }

    #[test]
    fn the_flat_evidence_status_is_in_the_vocabulary() {
        use crate::model::assessment::{AttestationCheck, ControlResult};
        let c: ControlResult = serde_json::from_value(serde_json::json!({
            "id": "A.7.4", "title": "t", "group": "g", "kind": null, "theme": null,
            "predecessors": [], "responsibility": "aws", "responsibility_note": null,
            "scope": "technical", "status": "carved_out", "risk": null, "reason": "r",
            "applicability": {"decision": "to_decide", "justification": null, "basis": null,
                "suggestion": null, "source": null},
            "driving": {"total": 0, "implemented": 0, "not_implemented": 0, "waived": 0,
                "unanswered": 0, "not_applicable": 0, "worst_risk": null},
            "relations_cover": false, "practices": [], "evidence": [],
            "evidence_check": {"verdict": "not_required", "detail": "d"},
            "accepted_risk": null, "not_applicable_reason": null, "owners": [],
            "notes": null, "target_date": null
        }))
        .unwrap();
        let labels: Vec<&str> = EvidenceStatus::ALL.iter().map(|s| s.label()).collect();
        let mut seen = Vec::new();
        for status in ControlStatus::ALL {
            for current in [None, Some(true), Some(false)] {
                for verdict in [
                    EvidenceVerdict::Current,
                    EvidenceVerdict::Partial,
                    EvidenceVerdict::Stale,
                    EvidenceVerdict::Unverified,
                    EvidenceVerdict::Missing,
                    EvidenceVerdict::NotRequired,
                ] {
                    let mut c = c.clone();
                    c.status = status;
                    c.evidence_check.verdict = verdict;
                    c.attestation = current.map(|current| AttestationCheck {
                        evidence: None,
                        current,
                        detail: String::new(),
                    });
                    let e = crate::render::flat::evidence_status(&c);
                    assert!(labels.contains(&e), "{e}");
                    if !seen.contains(&e) {
                        seen.push(e);
                    }
                }
            }
        }
        assert_eq!(seen.len(), labels.len(), "every value can occur");
    }
}
