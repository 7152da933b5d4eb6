//! Evidence: each register entry's state on the report date, and what the evidence confirmed
//! for one control shows for the audit type (Type I: current on the report date; Type II:
//! operating evidence over the audit period, by share of the period or by sampling slice), and
//! whether an AWS attestation covers what AWS operates. Pure: the rules are in
//! `docs/statuses.md` ("Evidence"), with one table test per rule below.

use time::Date;

use crate::error::{Diagnostic, Diagnostics};
use crate::model::assessment::{
    AttestationCheck, ControlEvidence, EvidenceLink, EvidenceResult, EvidenceState,
    EvidenceVerdict, Period,
};
use crate::model::audit::{AuditType, EvidenceKind, Sampling};
use crate::model::review::EvidenceItem;

/// What the engagement asks of evidence.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rules {
    /// The report date.
    pub date: Date,
    /// Type I or Type II.
    pub audit_type: AuditType,
    /// The audit period (Type II always has one).
    pub period: Option<Period>,
    /// Fieldwork date.
    pub fieldwork: Option<Date>,
}

/// The state of a register entry on the report date.
pub(crate) fn state_of(e: &EvidenceItem, rules: &Rules) -> EvidenceState {
    let starts = e.period_start.or(e.collected_on);
    if starts.is_some_and(|d| d > rules.date) {
        return EvidenceState::NotYetValid;
    }
    if e.expires_on.is_some_and(|x| x < rules.date) && e.kind != Some(EvidenceKind::Attestation) {
        return EvidenceState::Expired;
    }
    if let Some(p) = rules.period {
        let (start, end) = span(e);
        let outside = end.is_some_and(|x| x < p.start) || start.is_some_and(|x| x > p.end);
        if outside {
            return EvidenceState::OutsidePeriod;
        }
    }
    EvidenceState::Current
}

/// The days an entry covers: its period, else the day it was collected (to its expiry, for
/// design evidence that stays valid).
fn span(e: &EvidenceItem) -> (Option<Date>, Option<Date>) {
    let start = e.period_start.or(e.collected_on);
    let valid_until = match e.kind {
        Some(EvidenceKind::Operation) => None,
        _ => e.expires_on,
    };
    let end = e.period_end.or(valid_until).or(e.collected_on);
    (start, end)
}

/// Checks an entry's dates and attestation; every problem is a located error.
pub(crate) fn validate(e: &EvidenceItem, diags: &mut Diagnostics) {
    let at = |field: &str| {
        let s = e.source.clone();
        match s.path.clone() {
            Some(p) => s.json_path(format!("{p}.{field}")),
            None => s,
        }
    };
    if let (Some(a), Some(b)) = (e.period_start, e.period_end)
        && b < a
    {
        diags.push(Diagnostic::error(
            "evidence-period-reversed",
            Some(at("period_end")),
            format!(
                "evidence `{}`: its period ends on {b}, before it starts on {a}",
                e.id
            ),
        ));
    }
    if let (Some(c), Some(x)) = (e.collected_on, e.expires_on)
        && x < c
    {
        diags.push(Diagnostic::error(
            "evidence-expires-before-collected",
            Some(at("expires_on")),
            format!(
                "evidence `{}`: it expires on {x}, before it was collected on {c}",
                e.id
            ),
        ));
    }
    let is_attestation = e.kind == Some(EvidenceKind::Attestation) || e.attestation.is_some();
    if is_attestation && e.period_end.is_none() && e.expires_on.is_none() {
        diags.push(
            Diagnostic::error(
                "attestation-without-period",
                Some(at("period_end")),
                format!(
                    "evidence `{}` is an attestation without a period: give the report's period (period_start, period_end) or the certificate's validity (expires_on)",
                    e.id
                ),
            )
            .with_hint("a SOC 2 Type II report covers a period; an ISO/IEC 27001 certificate is valid until a date"),
        );
    }
    if is_attestation && e.attestation.is_none() {
        diags.push(Diagnostic::error(
            "attestation-without-report",
            Some(at("attestation")),
            format!(
                "evidence `{}` is of kind attestation but says nothing of the report: give attestation.report, in a spreadsheet the Attestation report column (SOC 2 Type II, ISO/IEC 27001 certificate...)",
                e.id
            ),
        ));
    }
}

/// The register entry as a link, not yet confirmed for any control.
pub(crate) fn link_of(e: &EvidenceResult) -> EvidenceLink {
    EvidenceLink {
        reference: e.id.clone(),
        title: e.title.clone(),
        state: e.state,
        kind: e.kind,
        confirmed: false,
        owner: e.owner.clone(),
        location: e.location.clone(),
        collected_on: e.collected_on,
        expires_on: e.expires_on,
    }
}

/// A free-text reference that is not a register id: kept, shown, never counted.
pub(crate) fn unverified_link(reference: &str) -> EvidenceLink {
    EvidenceLink {
        reference: reference.to_owned(),
        title: reference.to_owned(),
        state: EvidenceState::Unverified,
        kind: None,
        confirmed: false,
        owner: None,
        location: None,
        collected_on: None,
        expires_on: None,
    }
}

/// The verdict on the evidence confirmed for one control (`confirmed`), given what else the
/// practices hold (`unverified`: references not in the register, and entries never confirmed
/// for this control).
pub(crate) fn check(
    confirmed: &[&EvidenceResult],
    unverified: &[String],
    rules: &Rules,
    sampling: Option<Sampling>,
) -> ControlEvidence {
    let usable: Vec<&EvidenceResult> = confirmed
        .iter()
        .copied()
        .filter(|e| e.kind != Some(EvidenceKind::Attestation))
        .collect();
    let ids = |v: &[&EvidenceResult]| {
        v.iter()
            .map(|e| e.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if usable.is_empty() {
        return if unverified.is_empty() {
            verdict(
                EvidenceVerdict::Missing,
                "No evidence is confirmed for this control".into(),
            )
        } else {
            verdict(
                EvidenceVerdict::Unverified,
                format!(
                    "Only unverified evidence: {} (register it and name this control in its `supports`)",
                    unverified.join(", ")
                ),
            )
        };
    }
    let live: Vec<&EvidenceResult> = usable
        .iter()
        .copied()
        .filter(|e| e.state != EvidenceState::NotYetValid)
        .collect();
    match (rules.audit_type, rules.period) {
        (AuditType::Type2, Some(p)) => type2(&live, so_far(p, rules.date), sampling, &ids(&usable)),
        _ => {
            let current: Vec<&EvidenceResult> =
                live.iter().copied().filter(|e| e.state.counts()).collect();
            if current.is_empty() {
                verdict(
                    EvidenceVerdict::Stale,
                    format!(
                        "The evidence confirmed for it ({}) has expired or lies outside the audit period",
                        ids(&usable)
                    ),
                )
            } else {
                verdict(
                    EvidenceVerdict::Current,
                    format!("Current on the report date: {}", ids(&current)),
                )
            }
        }
    }
}

fn verdict(v: EvidenceVerdict, detail: String) -> ControlEvidence {
    ControlEvidence {
        verdict: v,
        period_covered: None,
        slices: None,
        slices_missing: Vec::new(),
        design_only: false,
        detail,
    }
}

/// The part of the audit period evidence can cover on the report date: from its start to the
/// report date (or its end, if earlier). Evidence for days still to come cannot be on file; a
/// report dated before the period starts looks at the whole period.
pub(crate) fn so_far(p: Period, date: Date) -> Period {
    if date < p.start {
        p
    } else {
        Period {
            start: p.start,
            end: p.end.min(date),
        }
    }
}

/// Type II: operating evidence must cover the period (by union of periods), or every sampling
/// slice when the control recurs.
fn type2(
    live: &[&EvidenceResult],
    p: Period,
    sampling: Option<Sampling>,
    all: &str,
) -> ControlEvidence {
    let operating: Vec<(Date, Date)> = live
        .iter()
        .filter(|e| e.kind.is_some_and(EvidenceKind::shows_operation))
        .filter_map(|e| clip(operating_span(e), p))
        .collect();
    if operating.is_empty() {
        let design_current = live.iter().any(|e| e.state.counts());
        return if design_current {
            ControlEvidence {
                design_only: true,
                period_covered: Some(0.0),
                ..verdict(
                    EvidenceVerdict::Partial,
                    format!(
                        "Design evidence only ({all}): Type II needs evidence that the control operated over the audit period"
                    ),
                )
            }
        } else {
            verdict(
                EvidenceVerdict::Stale,
                format!("The evidence confirmed for it ({all}) does not cover the audit period"),
            )
        };
    }
    let covered = union_days(&operating);
    let share = (covered as f64 * 1000.0 / p.days() as f64).round() / 10.0;
    let mut out = ControlEvidence {
        period_covered: Some(share),
        ..verdict(EvidenceVerdict::Current, String::new())
    };
    if let Some(s) = sampling {
        let slices = s.slices(p.start, p.end);
        let missing: Vec<(Date, Date)> = slices
            .iter()
            .copied()
            .filter(|&(a, b)| !operating.iter().any(|&(x, y)| x <= b && y >= a))
            .collect();
        let total = slices.len() as u32;
        let with = total - missing.len() as u32;
        out.slices = Some((with, total));
        out.slices_missing = missing
            .iter()
            .take(6)
            .map(|(a, b)| format!("{a}..{b}"))
            .collect();
        if missing.is_empty() {
            out.detail = format!(
                "Operating evidence in each of the {total} {} slices of the audit period",
                s.label()
            );
        } else {
            out.verdict = EvidenceVerdict::Partial;
            out.detail = format!(
                "Evidence partial: {with} of {total} {} slices have operating evidence ({share:.1}% of the period covered); none for {}",
                s.label(),
                out.slices_missing.join(", ")
            );
        }
    } else if covered < p.days() {
        out.verdict = EvidenceVerdict::Partial;
        out.detail = format!(
            "Evidence partial: {share:.1}% of the audit period so far ({covered} of {} days, {}..{}) has operating evidence",
            p.days(),
            p.start,
            p.end
        );
    } else {
        out.detail = format!(
            "Operating evidence covers the audit period so far ({}..{})",
            p.start, p.end
        );
    }
    out
}

/// The days an operating entry covers: its period, else the day collected.
fn operating_span(e: &EvidenceResult) -> (Option<Date>, Option<Date>) {
    let start = e.period_start.or(e.collected_on);
    (start, e.period_end.or(e.collected_on))
}

fn clip((a, b): (Option<Date>, Option<Date>), p: Period) -> Option<(Date, Date)> {
    let (a, b) = (a?.max(p.start), b?.min(p.end));
    (a <= b).then_some((a, b))
}

/// Days in the union of closed day ranges.
fn union_days(ranges: &[(Date, Date)]) -> i64 {
    let mut r = ranges.to_vec();
    r.sort();
    let mut total = 0;
    let mut cur: Option<(Date, Date)> = None;
    for (a, b) in r {
        cur = match cur {
            Some((x, y)) if a <= y.next_day().unwrap_or(y) => Some((x, y.max(b))),
            Some((x, y)) => {
                total += (y - x).whole_days() + 1;
                Some((a, b))
            }
            None => Some((a, b)),
        };
    }
    if let Some((x, y)) = cur {
        total += (y - x).whole_days() + 1;
    }
    total
}

/// Whether an AWS attestation on file covers what AWS operates for `framework`: valid through
/// the report date (Type I) or the end of the audit period (Type II), a bridge letter
/// extending a report whose period ends earlier.
pub(crate) fn attestation(
    register: &[EvidenceResult],
    framework: &str,
    rules: &Rules,
) -> AttestationCheck {
    let until = match (rules.audit_type, rules.period) {
        (AuditType::Type2, Some(p)) => p.end,
        _ => rules.date,
    };
    let candidates: Vec<(&EvidenceResult, Date)> = register
        .iter()
        .filter(|e| e.state != EvidenceState::NotYetValid)
        .filter_map(|e| {
            let a = e.attestation.as_ref().filter(|a| a.covers(framework))?;
            let end = e.period_end.or(e.expires_on)?;
            Some((e, a.bridge_letter_until.map_or(end, |b| b.max(end))))
        })
        .collect();
    let Some(&(best, reach)) = candidates
        .iter()
        .max_by_key(|(e, reach)| (*reach, e.id.clone()))
    else {
        return AttestationCheck {
            evidence: None,
            current: false,
            detail: "No AWS attestation for this framework is in the evidence register: add the AWS report or certificate from AWS Artifact (kind attestation, with its period)".into(),
        };
    };
    let report = best
        .attestation
        .as_ref()
        .map(|a| a.report.as_str())
        .unwrap_or("attestation");
    if reach >= until {
        AttestationCheck {
            evidence: Some(best.id.clone()),
            current: true,
            detail: format!(
                "{} {report} ({}) covers through {reach}",
                best.id, best.title
            ),
        }
    } else {
        AttestationCheck {
            evidence: Some(best.id.clone()),
            current: false,
            detail: format!(
                "{} {report} covers only through {reach}, before {until}: obtain the newer report or a bridge letter",
                best.id
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;
    use crate::model::audit::Attestation;
    use time::macros::date;

    const YEAR: Period = Period {
        start: date!(2026 - 01 - 01),
        end: date!(2026 - 12 - 31),
    };

    fn rules(t: AuditType) -> Rules {
        Rules {
            date: date!(2026 - 11 - 29),
            audit_type: t,
            period: Some(YEAR),
            fieldwork: None,
        }
    }

    fn entry(
        id: &str,
        kind: Option<EvidenceKind>,
        from: Option<Date>,
        to: Option<Date>,
    ) -> EvidenceResult {
        EvidenceResult {
            id: id.into(),
            title: id.into(),
            owner: None,
            location: None,
            sha256: None,
            collected_on: to.or(from),
            period_start: from,
            period_end: to,
            expires_on: None,
            supports: Vec::new(),
            kind,
            attestation: None,
            notes: None,
            state: EvidenceState::Current,
            expires_in_period: false,
            practices: Vec::new(),
            controls: Vec::new(),
            source: Location::file("r.json"),
        }
    }

    const OP: Option<EvidenceKind> = Some(EvidenceKind::Operation);

    #[test]
    fn a_q3_entry_is_partial_for_a_full_year_type2_and_current_for_type1() {
        let q3 = entry(
            "EV-1",
            OP,
            Some(date!(2026 - 07 - 01)),
            Some(date!(2026 - 09 - 30)),
        );
        let t2 = check(&[&q3], &[], &rules(AuditType::Type2), None);
        assert_eq!(t2.verdict, EvidenceVerdict::Partial);
        // The period so far runs to the report date: 92 of 333 days.
        assert_eq!(t2.period_covered, Some(27.6));
        assert!(
            t2.detail
                .contains("27.6% of the audit period so far (92 of 333 days"),
            "{}",
            t2.detail
        );
        let mut end_of_year = rules(AuditType::Type2);
        end_of_year.date = date!(2027 - 01 - 15);
        assert_eq!(
            check(&[&q3], &[], &end_of_year, None).period_covered,
            Some(25.2)
        );
        let t1 = check(&[&q3], &[], &rules(AuditType::Type1), None);
        assert_eq!(t1.verdict, EvidenceVerdict::Current);
    }

    #[test]
    fn quarters_cover_a_recurring_control_only_when_each_has_evidence() {
        let q = Sampling::parse("quarterly");
        let days = [
            date!(2026 - 02 - 10),
            date!(2026 - 05 - 12),
            date!(2026 - 08 - 11),
        ];
        let es: Vec<EvidenceResult> = days
            .iter()
            .enumerate()
            .map(|(i, d)| entry(&format!("EV-{i}"), OP, None, Some(*d)))
            .collect();
        let refs: Vec<&EvidenceResult> = es.iter().collect();
        let c = check(&refs, &[], &rules(AuditType::Type2), q);
        assert_eq!(c.verdict, EvidenceVerdict::Partial);
        assert_eq!(c.slices, Some((3, 4)));
        assert_eq!(c.slices_missing, vec!["2026-10-01..2026-11-29".to_owned()]);
        // The fourth quarter runs only to the report date (2026-11-29).
        let mut four = es.clone();
        four.push(entry("EV-9", OP, None, Some(date!(2026 - 11 - 02))));
        let refs: Vec<&EvidenceResult> = four.iter().collect();
        assert_eq!(
            check(&refs, &[], &rules(AuditType::Type2), q).verdict,
            EvidenceVerdict::Current
        );
    }

    #[test]
    fn verdicts_by_rule() {
        let r2 = rules(AuditType::Type2);
        // Nothing, or only unverified references.
        assert_eq!(check(&[], &[], &r2, None).verdict, EvidenceVerdict::Missing);
        let u = vec!["wiki page, 2019".to_owned()];
        assert_eq!(
            check(&[], &u, &r2, None).verdict,
            EvidenceVerdict::Unverified
        );
        // Design evidence only, for Type II: partial, design only.
        let design = entry(
            "EV-2",
            Some(EvidenceKind::Design),
            None,
            Some(date!(2026 - 03 - 01)),
        );
        let c = check(&[&design], &[], &r2, None);
        assert_eq!((c.verdict, c.design_only), (EvidenceVerdict::Partial, true));
        // A kind not given counts as design.
        let unknown = entry("EV-3", None, None, Some(date!(2026 - 03 - 01)));
        assert!(check(&[&unknown], &[], &r2, None).design_only);
        // Operating evidence over the whole year.
        let full = entry(
            "EV-4",
            OP,
            Some(date!(2025 - 12 - 01)),
            Some(date!(2027 - 01 - 31)),
        );
        assert_eq!(
            check(&[&full], &[], &r2, None).verdict,
            EvidenceVerdict::Current
        );
        // Two halves that touch make a whole.
        let h1 = entry(
            "EV-5",
            OP,
            Some(date!(2026 - 01 - 01)),
            Some(date!(2026 - 06 - 30)),
        );
        let h2 = entry(
            "EV-6",
            OP,
            Some(date!(2026 - 07 - 01)),
            Some(date!(2026 - 12 - 31)),
        );
        assert_eq!(
            check(&[&h1, &h2], &[], &r2, None).verdict,
            EvidenceVerdict::Current
        );
        // Expired for Type I: stale.
        let mut old = entry(
            "EV-7",
            Some(EvidenceKind::Design),
            None,
            Some(date!(2025 - 01 - 01)),
        );
        old.state = EvidenceState::Expired;
        assert_eq!(
            check(&[&old], &[], &rules(AuditType::Type1), None).verdict,
            EvidenceVerdict::Stale
        );
    }

    #[test]
    fn attestations_need_a_period_reaching_the_end_of_the_audit() {
        let mut soc2 = entry(
            "EV-AWS",
            Some(EvidenceKind::Attestation),
            Some(date!(2025 - 10 - 01)),
            Some(date!(2026 - 09 - 30)),
        );
        soc2.attestation = Some(Attestation {
            issuer: "AWS".into(),
            report: "SOC 2 Type II".into(),
            frameworks: Vec::new(),
            bridge_letter_until: None,
            artifact_reference: None,
        });
        let r2 = rules(AuditType::Type2);
        let c = attestation(std::slice::from_ref(&soc2), "soc2-tsc-2017", &r2);
        assert!(
            !c.current && c.detail.contains("bridge letter"),
            "{}",
            c.detail
        );
        if let Some(a) = soc2.attestation.as_mut() {
            a.bridge_letter_until = Some(date!(2026 - 12 - 31));
        }
        assert!(attestation(std::slice::from_ref(&soc2), "soc2-tsc-2017", &r2).current);
        // A SOC 2 report says nothing of ISO 27001.
        let iso = attestation(std::slice::from_ref(&soc2), "iso27001-2022", &r2);
        assert!(!iso.current && iso.evidence.is_none());
        // Type I: valid on the report date is enough.
        if let Some(a) = soc2.attestation.as_mut() {
            a.bridge_letter_until = None;
        }
        soc2.period_end = Some(date!(2026 - 11 - 30));
        assert!(
            attestation(
                std::slice::from_ref(&soc2),
                "soc2-tsc-2017",
                &rules(AuditType::Type1)
            )
            .current
        );
    }

    #[test]
    fn entry_states() {
        let r = rules(AuditType::Type1);
        let mut e = EvidenceItem {
            id: "EV-1".into(),
            title: "t".into(),
            owner: None,
            location: None,
            sha256: None,
            collected_on: Some(date!(9999 - 12 - 31)),
            period_start: None,
            period_end: None,
            expires_on: None,
            supports: Vec::new(),
            kind: None,
            attestation: None,
            notes: None,
            source: Location::file("r.json"),
        };
        assert_eq!(state_of(&e, &r), EvidenceState::NotYetValid);
        e.collected_on = Some(date!(2026 - 01 - 10));
        e.expires_on = Some(date!(2026 - 06 - 30));
        assert_eq!(state_of(&e, &r), EvidenceState::Expired);
        e.expires_on = None;
        e.collected_on = Some(date!(2025 - 06 - 30));
        assert_eq!(state_of(&e, &r), EvidenceState::OutsidePeriod);
        e.collected_on = Some(date!(2026 - 06 - 30));
        assert_eq!(state_of(&e, &r), EvidenceState::Current);
        let mut diags = Diagnostics::new();
        e.period_start = Some(date!(2026 - 05 - 01));
        e.period_end = Some(date!(2026 - 04 - 01));
        validate(&e, &mut diags);
        assert!(diags.has_errors());
    }
}
