//! The status of one control from the facts about it: a pure function, one branch per rule of
//! `docs/statuses.md` ("Control statuses"), in the order there, with a table of cases below.
//! The facts are gathered by `controls::facts`; nothing here reads the catalog or the review.

use crate::model::assessment::{
    AttestationCheck, ControlEvidence, ControlStatus, DrivingCounts, EvidenceVerdict, OutsideScope,
    OutsideScopeKind,
};
use crate::model::catalog::{ControlScope, Responsibility, RiskLevel};

/// Everything the status of one control depends on.
#[derive(Debug, Clone)]
pub(crate) struct Facts<'a> {
    /// The organisation's not-applicable justification, when it decided so.
    pub not_applicable: Option<&'a str>,
    /// True when the organisation decided the control applies.
    pub decided_applicable: bool,
    /// Responsibility in force.
    pub responsibility: Responsibility,
    /// Technical, organisational, legal or mixed.
    pub scope: ControlScope,
    /// Driving practices of the assessed pillars, counted.
    pub driving: DrivingCounts,
    /// Missing driving practices no waiver covers, with their risk level.
    pub missing: Vec<(&'a str, RiskLevel)>,
    /// Missing driving practices a waiver covers, with the waiver id.
    pub waived: Vec<(&'a str, &'a str)>,
    /// Unanswered driving practices.
    pub unanswered: Vec<&'a str>,
    /// Not-applicable driving practices, with their reason.
    pub not_applicable_practices: Vec<(&'a str, &'a str)>,
    /// Practices that only support the control.
    pub supporting: Vec<&'a str>,
    /// Driving practices of pillars not in this review: (pillar, practice).
    pub other_pillars: Vec<(&'a str, &'a str)>,
    /// A waiver in force on the control itself.
    pub control_waiver: Option<&'a str>,
    /// The driving relations cover the whole control (`equal` or `superset`).
    pub relations_cover: bool,
    /// What the evidence confirmed for the control shows.
    pub evidence: &'a ControlEvidence,
    /// The AWS attestation, for AWS and shared controls.
    pub attestation: Option<&'a AttestationCheck>,
}

/// The status and what goes with it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decided {
    /// The status.
    pub status: ControlStatus,
    /// Why, in one sentence.
    pub reason: String,
    /// Severity, for architectural risk.
    pub risk: Option<RiskLevel>,
    /// The waiver that makes it accepted risk.
    pub accepted_risk: Option<String>,
    /// Which kind of outside review scope.
    pub outside: Option<OutsideScope>,
    /// A suggestion for the organisation to confirm (never applied on its own).
    pub suggestion: Option<String>,
}

impl Decided {
    fn new(status: ControlStatus, reason: String) -> Self {
        Decided {
            status,
            reason,
            risk: None,
            accepted_risk: None,
            outside: None,
            suggestion: None,
        }
    }
}

/// The first rule that applies decides.
pub(crate) fn decide(f: &Facts) -> Decided {
    if let Some(why) = f.not_applicable {
        return Decided::new(
            ControlStatus::NotApplicable,
            format!("Not applicable by the organisation's decision: {why}"),
        );
    }
    if f.responsibility == Responsibility::Aws {
        return aws_operated(f);
    }
    if let Some(d) = outside_scope(f) {
        return d;
    }
    if let Some(d) = architecture(f) {
        return d;
    }
    if let Some(d) = not_assessed(f) {
        return d;
    }
    evidence(f)
}

/// Rule 2: AWS operates it; only a current attestation on file carves it out.
fn aws_operated(f: &Facts) -> Decided {
    match f.attestation {
        Some(a) if a.current => Decided::new(
            ControlStatus::CarvedOut,
            format!(
                "Operated by AWS under the shared responsibility model; {}",
                a.detail
            ),
        ),
        Some(a) => Decided::new(
            ControlStatus::AttestationMissing,
            format!("Operated by AWS, but not carved out: {}", a.detail),
        ),
        None => Decided::new(
            ControlStatus::AttestationMissing,
            "Operated by AWS, but no AWS attestation is on file".into(),
        ),
    }
}

/// Rules 3 and 4: what the review cannot speak to, and why.
fn outside_scope(f: &Facts) -> Option<Decided> {
    let (kind, reason) = match f.scope {
        ControlScope::Organisational => (
            OutsideScopeKind::Organisational,
            "An organisational duty the ISMS must show (policy, people, process); a workload review cannot establish it".to_owned(),
        ),
        ControlScope::Legal => (
            OutsideScopeKind::Legal,
            "A legal duty; a workload review cannot establish it".to_owned(),
        ),
        _ if f.driving.total > 0 => return None,
        _ if !f.other_pillars.is_empty() => {
            let mut pillars: Vec<&str> = Vec::new();
            for (p, _) in &f.other_pillars {
                if !pillars.contains(p) {
                    pillars.push(p);
                }
            }
            let practices: Vec<&str> = f.other_pillars.iter().map(|(_, b)| *b).collect();
            let mut d = Decided::new(
                ControlStatus::OutsideReviewScope,
                format!(
                    "A technical control this review's pillars do not cover: {} covers it ({}); review that pillar to assess it",
                    pillars.join(", "),
                    practices.join(", ")
                ),
            );
            d.outside = Some(OutsideScope {
                kind: OutsideScopeKind::OtherPillar,
                pillars: pillars.iter().map(|s| (*s).to_owned()).collect(),
                practices: practices.iter().map(|s| (*s).to_owned()).collect(),
            });
            return Some(d);
        }
        _ if !f.supporting.is_empty() => (
            OutsideScopeKind::SupportedOnly,
            format!(
                "Practices only support it ({}); none establishes it",
                f.supporting.join(", ")
            ),
        ),
        _ => (
            OutsideScopeKind::NotCovered,
            "A technical control no Well-Architected practice establishes".to_owned(),
        ),
    };
    let practices = match kind {
        OutsideScopeKind::SupportedOnly
        | OutsideScopeKind::Organisational
        | OutsideScopeKind::Legal => f.supporting.iter().map(|s| (*s).to_owned()).collect(),
        _ => Vec::new(),
    };
    let mut d = Decided::new(ControlStatus::OutsideReviewScope, reason);
    d.outside = Some(OutsideScope {
        kind,
        pillars: Vec::new(),
        practices,
    });
    Some(d)
}

/// Rules 5 and 6: a missing driving practice is architectural risk unless waived.
fn architecture(f: &Facts) -> Option<Decided> {
    if !f.missing.is_empty() && f.control_waiver.is_none() {
        let mut d = Decided::new(
            ControlStatus::ArchitecturalRisk,
            format!(
                "Not implemented: {} ({} of {} driving practices missing)",
                f.missing
                    .iter()
                    .map(|(bp, r)| format!("{bp} ({r})"))
                    .collect::<Vec<_>>()
                    .join(", "),
                f.missing.len() + f.waived.len(),
                f.driving.total
            ),
        );
        d.risk = Some(severity(&f.missing, &f.driving));
        return Some(d);
    }
    if f.missing.is_empty() && f.waived.is_empty() {
        return None;
    }
    let mut ids: Vec<&str> = match f.control_waiver {
        Some(w) => vec![w],
        None => f.waived.iter().map(|(_, w)| *w).collect(),
    };
    ids.sort_unstable();
    ids.dedup();
    let mut d = Decided::new(
        ControlStatus::AcceptedRisk,
        format!(
            "Not implemented, covered by accepted risk {}",
            ids.join(", ")
        ),
    );
    d.accepted_risk = ids.first().map(|s| (*s).to_owned());
    Some(d)
}

/// The severity of an architectural risk: the worst missing risk level, raised to Medium when
/// Low practices are missing for half or more of the driving practices (one Low gap among many
/// implemented practices is a deficiency, not a failed control).
pub(crate) fn severity(missing: &[(&str, RiskLevel)], driving: &DrivingCounts) -> RiskLevel {
    let worst = missing
        .iter()
        .map(|(_, r)| *r)
        .max_by_key(|r| r.weight())
        .unwrap_or(RiskLevel::Low);
    let answered = driving.total - driving.not_applicable;
    if worst == RiskLevel::Low && answered > 0 && missing.len() as u32 * 2 >= answered {
        RiskLevel::Medium
    } else {
        worst
    }
}

/// Rules 7 and 8: not assessed, with a suggestion when every driving practice is not applicable.
fn not_assessed(f: &Facts) -> Option<Decided> {
    let d = &f.driving;
    if d.total > 0 && d.not_applicable == d.total {
        let list = f
            .not_applicable_practices
            .iter()
            .map(|(bp, why)| format!("{bp} N/A ({why})"))
            .collect::<Vec<_>>()
            .join("; ");
        let mut out = Decided::new(
            ControlStatus::NotAssessed,
            if f.decided_applicable {
                format!(
                    "Decided applicable, but every practice that establishes it is marked not applicable: {list}"
                )
            } else {
                format!(
                    "Every practice that establishes it is marked not applicable: {list}; applicability is the organisation's decision"
                )
            },
        );
        if !f.decided_applicable {
            out.suggestion = Some(format!(
                "review suggests not applicable: {list}; confirm with a justification"
            ));
        }
        return Some(out);
    }
    (!f.unanswered.is_empty()).then(|| {
        Decided::new(
            ControlStatus::NotAssessed,
            format!("Not answered in the review: {}", f.unanswered.join(", ")),
        )
    })
}

/// Rules 9 to 12: implemented; the evidence, the attestation for AWS's part, and coverage.
fn evidence(f: &Facts) -> Decided {
    let gap = match f.evidence.verdict {
        EvidenceVerdict::Missing => Some(ControlStatus::EvidenceMissing),
        EvidenceVerdict::Unverified => Some(ControlStatus::EvidenceUnverified),
        EvidenceVerdict::Stale => Some(ControlStatus::EvidenceStale),
        EvidenceVerdict::Partial => Some(ControlStatus::EvidencePartial),
        EvidenceVerdict::Current | EvidenceVerdict::NotRequired => None,
    };
    let shared_gap =
        f.responsibility == Responsibility::Shared && !f.attestation.is_some_and(|a| a.current);
    let (status, reason) = match gap {
        Some(s) => (
            s,
            format!("Implemented; {}", lower_first(&f.evidence.detail)),
        ),
        None if shared_gap => (
            ControlStatus::AttestationMissing,
            format!(
                "Implemented and the customer's part evidenced; AWS's part needs its attestation: {}",
                f.attestation
                    .map(|a| a.detail.clone())
                    .unwrap_or_else(|| "no AWS attestation is on file".into())
            ),
        ),
        None if f.relations_cover && f.scope == ControlScope::Technical => (
            ControlStatus::Evidenced,
            format!(
                "Implemented and evidenced; {}",
                lower_first(&f.evidence.detail)
            ),
        ),
        None => (
            ControlStatus::EvidencedInPart,
            if f.scope == ControlScope::Mixed {
                "Technical part implemented and evidenced; the organisational part is to assess"
                    .to_owned()
            } else {
                "Technical part evidenced: the practices cover only part of the control (no equal or superset relation); the rest is to assess".to_owned()
            },
        ),
    };
    match (status.is_evidence_gap(), f.control_waiver) {
        (true, Some(w)) => {
            let mut d = Decided::new(
                ControlStatus::AcceptedRisk,
                format!("{reason}; the gap is covered by accepted risk {w}"),
            );
            d.accepted_risk = Some(w.to_owned());
            d
        }
        _ => Decided::new(status, reason),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(v: EvidenceVerdict) -> ControlEvidence {
        ControlEvidence {
            verdict: v,
            period_covered: None,
            slices: None,
            slices_missing: Vec::new(),
            design_only: false,
            detail: "Current on the report date: EV-1".into(),
        }
    }

    fn driving(total: u32, implemented: u32) -> DrivingCounts {
        DrivingCounts {
            total,
            implemented,
            ..Default::default()
        }
    }

    fn base<'a>(e: &'a ControlEvidence) -> Facts<'a> {
        Facts {
            not_applicable: None,
            decided_applicable: false,
            responsibility: Responsibility::Customer,
            scope: ControlScope::Technical,
            driving: driving(2, 2),
            missing: Vec::new(),
            waived: Vec::new(),
            unanswered: Vec::new(),
            not_applicable_practices: Vec::new(),
            supporting: Vec::new(),
            other_pillars: Vec::new(),
            control_waiver: None,
            relations_cover: false,
            evidence: e,
            attestation: None,
        }
    }

    /// One case per rule: (name, facts change, expected status).
    #[test]
    fn one_case_per_rule() {
        let current = ev(EvidenceVerdict::Current);
        let att_ok = AttestationCheck {
            evidence: Some("EV-AWS".into()),
            current: true,
            detail: "EV-AWS SOC 2 Type II covers through 2026-12-31".into(),
        };
        let att_old = AttestationCheck {
            current: false,
            ..att_ok.clone()
        };
        type Change = fn(&mut Facts);
        let cases: Vec<(&str, Change, ControlStatus)> = vec![
            (
                "decided not applicable",
                |f| f.not_applicable = Some("no card data"),
                ControlStatus::NotApplicable,
            ),
            (
                "aws without attestation",
                |f| f.responsibility = Responsibility::Aws,
                ControlStatus::AttestationMissing,
            ),
            (
                "organisational",
                |f| f.scope = ControlScope::Organisational,
                ControlStatus::OutsideReviewScope,
            ),
            (
                "legal",
                |f| f.scope = ControlScope::Legal,
                ControlStatus::OutsideReviewScope,
            ),
            (
                "no driving practice",
                |f| f.driving = DrivingCounts::default(),
                ControlStatus::OutsideReviewScope,
            ),
            (
                "missing practice",
                |f| f.missing = vec![("SEC02-BP01", RiskLevel::High)],
                ControlStatus::ArchitecturalRisk,
            ),
            (
                "missing but waived",
                |f| f.waived = vec![("SEC02-BP01", "AR-1")],
                ControlStatus::AcceptedRisk,
            ),
            (
                "missing, control waived",
                |f| {
                    f.missing = vec![("SEC02-BP01", RiskLevel::High)];
                    f.control_waiver = Some("AR-2");
                },
                ControlStatus::AcceptedRisk,
            ),
            (
                "all driving not applicable",
                |f| {
                    f.driving.not_applicable = 2;
                    f.not_applicable_practices = vec![("SEC03-BP09", "no sharing")];
                },
                ControlStatus::NotAssessed,
            ),
            (
                "unanswered",
                |f| f.unanswered = vec!["SEC04-BP01"],
                ControlStatus::NotAssessed,
            ),
            (
                "subset only, evidenced",
                |_| {},
                ControlStatus::EvidencedInPart,
            ),
            (
                "equal, evidenced",
                |f| f.relations_cover = true,
                ControlStatus::Evidenced,
            ),
            (
                "equal but mixed scope",
                |f| {
                    f.relations_cover = true;
                    f.scope = ControlScope::Mixed;
                },
                ControlStatus::EvidencedInPart,
            ),
            (
                "shared without attestation",
                |f| {
                    f.relations_cover = true;
                    f.responsibility = Responsibility::Shared;
                },
                ControlStatus::AttestationMissing,
            ),
        ];
        for (name, change, want) in cases {
            let mut f = base(&current);
            change(&mut f);
            assert_eq!(decide(&f).status, want, "{name}");
        }
        // AWS with a current attestation is carved out; an expired one is not.
        let mut f = base(&current);
        f.responsibility = Responsibility::Aws;
        f.attestation = Some(&att_ok);
        assert_eq!(decide(&f).status, ControlStatus::CarvedOut);
        f.attestation = Some(&att_old);
        assert_eq!(decide(&f).status, ControlStatus::AttestationMissing);
        // A shared control with a current attestation is evidenced.
        let mut f = base(&current);
        f.responsibility = Responsibility::Shared;
        f.relations_cover = true;
        f.attestation = Some(&att_ok);
        assert_eq!(decide(&f).status, ControlStatus::Evidenced);
    }

    #[test]
    fn evidence_verdicts_make_their_statuses_and_a_control_waiver_accepts_them() {
        for (v, want) in [
            (EvidenceVerdict::Missing, ControlStatus::EvidenceMissing),
            (
                EvidenceVerdict::Unverified,
                ControlStatus::EvidenceUnverified,
            ),
            (EvidenceVerdict::Stale, ControlStatus::EvidenceStale),
            (EvidenceVerdict::Partial, ControlStatus::EvidencePartial),
        ] {
            let e = ev(v);
            let mut f = base(&e);
            f.relations_cover = true;
            assert_eq!(decide(&f).status, want, "{v:?}");
            f.control_waiver = Some("AR-3");
            let d = decide(&f);
            assert_eq!(d.status, ControlStatus::AcceptedRisk, "{v:?} waived");
            assert_eq!(d.accepted_risk.as_deref(), Some("AR-3"));
        }
    }

    #[test]
    fn a_practice_not_applicable_never_makes_a_control_not_applicable() {
        let e = ev(EvidenceVerdict::Current);
        let mut f = base(&e);
        f.driving.not_applicable = 2;
        f.not_applicable_practices = vec![("SEC03-BP09", "no sharing"), ("SEC03-BP08", "x")];
        let d = decide(&f);
        assert_eq!(d.status, ControlStatus::NotAssessed);
        assert!(
            d.suggestion
                .as_deref()
                .is_some_and(|s| s
                    .starts_with("review suggests not applicable: SEC03-BP09 N/A (no sharing)")),
            "{d:?}"
        );
    }

    #[test]
    fn the_three_kinds_of_outside_review_scope() {
        let e = ev(EvidenceVerdict::NotRequired);
        let mut f = base(&e);
        f.driving = DrivingCounts::default();
        f.other_pillars = vec![("Reliability", "REL09-BP01"), ("Reliability", "REL13-BP02")];
        let d = decide(&f);
        let o = d.outside.expect("kind");
        assert_eq!(o.kind, OutsideScopeKind::OtherPillar);
        assert_eq!(o.pillars, vec!["Reliability".to_owned()]);
        f.other_pillars.clear();
        f.supporting = vec!["SEC01-BP03"];
        assert_eq!(
            decide(&f).outside.map(|o| o.kind),
            Some(OutsideScopeKind::SupportedOnly)
        );
        f.scope = ControlScope::Organisational;
        assert_eq!(
            decide(&f).outside.map(|o| o.kind),
            Some(OutsideScopeKind::Organisational)
        );
        // Organisational wins over driving practices: a clause is never at architectural risk.
        f.driving = driving(1, 0);
        f.missing = vec![("SEC01-BP07", RiskLevel::High)];
        assert_eq!(decide(&f).status, ControlStatus::OutsideReviewScope);
    }

    #[test]
    fn severity_weighs_the_share_of_missing_low_practices() {
        let d = driving(8, 7);
        assert_eq!(
            severity(&[("SEC04-BP03", RiskLevel::Low)], &d),
            RiskLevel::Low
        );
        let d = driving(2, 1);
        assert_eq!(
            severity(&[("SEC04-BP03", RiskLevel::Low)], &d),
            RiskLevel::Medium
        );
        assert_eq!(
            severity(
                &[("A", RiskLevel::Low), ("B", RiskLevel::High)],
                &driving(9, 7)
            ),
            RiskLevel::High
        );
    }
}
