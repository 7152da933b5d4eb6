//! The engagement fields a review may carry (issue 15): the `audit` section (audit type,
//! audit period, sampling frequency, fieldwork date, SOC 2 categories, GDPR role), an evidence
//! entry's kind and attestation, and a control decision (applicability, its justification, its
//! sampling).
//!
//! Their rules live here once, as functions of the value as written (blank values are the
//! caller's: they never get here) that return the value or a [`Problem`]. The native JSON
//! importer puts a problem at its JSON path (the glue at the end of this file), the spreadsheet
//! importer at its cell (`tables::registers`, `tables::audit_fields`); so both say the same
//! thing about the same value.

use serde::Deserialize;
use time::Date;

use crate::error::{Diagnostic, Location};
use crate::model::audit::{
    Attestation, AuditScope, AuditType, EvidenceKind, GdprRole, Sampling, TscCategory,
};
use crate::model::evidence::Period;

use super::text::Texts;
use super::text::truncate;

/// What is wrong with a value: a code, a message and perhaps a hint, to be placed by the
/// importer that read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) code: &'static str,
    pub(crate) message: String,
    pub(crate) hint: Option<&'static str>,
}

impl Problem {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        Problem {
            code,
            message: message.into(),
            hint: None,
        }
    }

    /// The problem as an error at `at`.
    pub(crate) fn at(self, at: Location) -> Diagnostic {
        let d = Diagnostic::error(self.code, Some(at), self.message);
        match self.hint {
            Some(h) => d.with_hint(h),
            None => d,
        }
    }
}

/// The words accepted for each closed list, as messages name them.
pub(crate) const AUDIT_TYPES: &str = "type1, type2";
/// See [`AUDIT_TYPES`].
pub(crate) const GDPR_ROLES: &str = "controller, processor, both";
/// See [`AUDIT_TYPES`].
pub(crate) const TSC_CATEGORIES: &str =
    "security, availability, confidentiality, processing-integrity, privacy";
/// See [`AUDIT_TYPES`].
pub(crate) const EVIDENCE_KINDS: &str = "design, operation, both, attestation";
/// See [`AUDIT_TYPES`].
pub(crate) const YES_NO: &str = "yes, no";

/// A value of a closed list, or the problem naming the words accepted.
fn one_of<T>(v: &str, parse: impl Fn(&str) -> Option<T>, accepted: &str) -> Result<T, Problem> {
    parse(v).ok_or_else(|| {
        Problem::new(
            "invalid-value",
            format!("\"{}\" is not one of: {accepted}", truncate(v, 40)),
        )
    })
}

/// `type1` or `type2` (also `Type I`, `II`…).
pub(crate) fn audit_type(v: &str) -> Result<AuditType, Problem> {
    one_of(v, AuditType::parse, AUDIT_TYPES)
}

/// `controller`, `processor` or `both`.
pub(crate) fn gdpr_role(v: &str) -> Result<GdprRole, Problem> {
    one_of(v, GdprRole::parse, GDPR_ROLES)
}

/// One SOC 2 Trust Services Category.
pub(crate) fn tsc(v: &str) -> Result<TscCategory, Problem> {
    one_of(v, TscCategory::parse, TSC_CATEGORIES)
}

/// What an evidence entry shows: `design`, `operation`, `both` or `attestation`.
pub(crate) fn evidence_kind(v: &str) -> Result<EvidenceKind, Problem> {
    one_of(v, EvidenceKind::parse, EVIDENCE_KINDS)
}

/// Yes or no (also `y`, `n`, `true`, `false`, `x`).
pub(crate) fn yes_no(v: &str) -> Result<bool, Problem> {
    let parse = |s: &str| match s.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "x" => Some(true),
        "no" | "n" | "false" => Some(false),
        _ => None,
    };
    one_of(v, parse, YES_NO)
}

/// A sampling frequency: it must be a duration.
pub(crate) fn sampling(v: &str) -> Result<Sampling, Problem> {
    Sampling::parse(v).ok_or_else(|| Problem {
        code: "invalid-sampling",
        message: format!("sampling frequency \"{}\" is not a duration", truncate(v, 40)),
        hint: Some(
            "use monthly, quarterly, half-yearly, yearly, weekly, daily, or an ISO 8601 duration such as P3M, P2W, P30D",
        ),
    })
}

/// Which end of the audit period a problem is at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PeriodEnd {
    /// The start.
    Start,
    /// The end.
    End,
}

/// The audit period from its two ends, each named as the input names it: both or neither, and
/// not ending before it starts. A problem is at the end when both are given, else at the one
/// given.
pub(crate) fn audit_period(
    start: Option<Date>,
    end: Option<Date>,
    names: (&str, &str),
) -> Result<Option<Period>, (PeriodEnd, Problem)> {
    match (start, end) {
        (Some(start), Some(end)) if end >= start => Ok(Some(Period { start, end })),
        (Some(_), Some(_)) => Err((
            PeriodEnd::End,
            Problem::new(
                "audit-period-reversed",
                "the audit period ends before it starts",
            ),
        )),
        (None, None) => Ok(None),
        (given_start, _) => Err((
            if given_start.is_some() {
                PeriodEnd::Start
            } else {
                PeriodEnd::End
            },
            Problem::new(
                "audit-period-incomplete",
                format!("give both {} and {}", names.0, names.1),
            ),
        )),
    }
}

/// An entry's kind once its attestation is known: an entry with an attestation is of kind
/// attestation (said or not); another kind with an attestation is a problem, at the kind.
pub(crate) fn kind_with_attestation(
    kind: Option<EvidenceKind>,
    attested: bool,
) -> Result<Option<EvidenceKind>, Problem> {
    match kind {
        Some(k) if attested && k != EvidenceKind::Attestation => Err(Problem::new(
            "invalid-value",
            "an entry with an attestation is of kind \"attestation\"",
        )),
        _ if attested => Ok(Some(EvidenceKind::Attestation)),
        k => Ok(k),
    }
}

/// An attestation's issuer: as given, else AWS (whose reports wafr reads for carve-outs).
pub(crate) fn issuer(given: Option<String>) -> String {
    given.unwrap_or_else(|| "AWS".into())
}

/// Where a control decision's problem belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DecisionAt {
    /// The applicability (`applicable`, the Applicable column).
    Applicable,
    /// The justification.
    Justification,
}

/// A control decision as given: `applicable` (said true, said false, or unsaid), whether a
/// not-applicable justification and an inclusion justification are given. `names` are how the
/// input names the applicability and the not-applicable justification. A decision is one
/// decision: applicable and excluded at once is a problem; so is "not applicable" without the
/// justification an auditor reads, and a justification that justifies no decision (it would
/// be shown nowhere).
pub(crate) fn decision(
    applicable: Option<bool>,
    not_applicable: bool,
    justification: bool,
    names: (&str, &str),
) -> Result<(), (DecisionAt, Problem)> {
    let (yes, reason) = names;
    match (applicable, not_applicable) {
        (Some(true), true) => Err((
            DecisionAt::Applicable,
            Problem::new(
                "contradictory-decision",
                format!(
                    "{yes} says the control applies, but {reason} excludes it: keep one decision"
                ),
            ),
        )),
        (Some(false), false) => Err((
            DecisionAt::Applicable,
            Problem::new(
                "missing-justification",
                format!(
                    "{yes} says the control does not apply, but there is no justification for excluding it: give it in {reason}"
                ),
            ),
        )),
        (None, false) if justification => Err((
            DecisionAt::Justification,
            Problem::new(
                "justification-without-decision",
                format!(
                    "a justification without a decision: set {yes} to say the control applies, or give {reason} to exclude it"
                ),
            ),
        )),
        _ => Ok(()),
    }
}

// ---------------------------------------------------------------------------------------------
// The native format: the sections as written, and the rules above placed at JSON paths.

/// The `audit` section of a native review.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAudit {
    #[serde(default)]
    audit_type: Option<String>,
    #[serde(default)]
    period_start: Option<String>,
    #[serde(default)]
    period_end: Option<String>,
    #[serde(default)]
    sampling: Option<String>,
    #[serde(default)]
    fieldwork: Option<String>,
    #[serde(default)]
    tsc: Vec<String>,
    #[serde(default)]
    gdpr_role: Option<String>,
}

/// An evidence entry's attestation, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAttestation {
    #[serde(default)]
    issuer: Option<String>,
    report: String,
    #[serde(default)]
    frameworks: Vec<String>,
    #[serde(default)]
    bridge_letter_until: Option<String>,
    #[serde(default)]
    artifact_reference: Option<String>,
}

/// A rule applied to a value at `path`: blank is none; a problem is reported there.
pub(crate) fn checked<T>(
    t: &mut Texts,
    v: Option<&str>,
    path: &str,
    rule: impl Fn(&str) -> Result<T, Problem>,
) -> Option<T> {
    let v = v.map(str::trim).filter(|s| !s.is_empty())?;
    match rule(v) {
        Ok(x) => Some(x),
        Err(p) => {
            t.diags.push(p.at(t.at.clone().json_path(path)));
            None
        }
    }
}

/// The `audit` section.
pub(crate) fn audit(t: &mut Texts, raw: RawAudit) -> AuditScope {
    let mut tsc = Vec::new();
    for (i, s) in raw.tsc.iter().enumerate() {
        if let Some(c) = checked(t, Some(s), &format!("audit.tsc[{i}]"), self::tsc) {
            tsc.push(c);
        }
    }
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
    let (start_blank, end_blank) = (blank(&raw.period_start), blank(&raw.period_end));
    let start = t.date(raw.period_start, "audit.period_start");
    let end = t.date(raw.period_end, "audit.period_end");
    let names = ("audit.period_start", "audit.period_end");
    // A date that is not one is reported already; the period is then not checked.
    let unreadable = (!start_blank && start.is_none()) || (!end_blank && end.is_none());
    let period = if unreadable {
        None
    } else {
        audit_period(start, end, names).unwrap_or_else(|(at, p)| {
            let path = match at {
                PeriodEnd::Start => names.0,
                PeriodEnd::End => names.1,
            };
            t.diags.push(p.at(t.at.clone().json_path(path)));
            None
        })
    };
    AuditScope {
        period,
        audit_type: checked(t, raw.audit_type.as_deref(), "audit.audit_type", audit_type),
        sampling: checked(t, raw.sampling.as_deref(), "audit.sampling", sampling),
        fieldwork: t.date(raw.fieldwork, "audit.fieldwork"),
        tsc,
        gdpr_role: checked(t, raw.gdpr_role.as_deref(), "audit.gdpr_role", gdpr_role),
    }
}

/// An evidence entry's kind and attestation (`p` is its JSON path, `evidence[3]`).
pub(crate) fn kind_and_attestation(
    t: &mut Texts,
    kind: Option<String>,
    attestation: Option<RawAttestation>,
    p: &str,
) -> (Option<EvidenceKind>, Option<Attestation>) {
    let kind_path = format!("{p}.kind");
    let given = checked(t, kind.as_deref(), &kind_path, evidence_kind);
    let k = kind_with_attestation(given, attestation.is_some()).unwrap_or_else(|e| {
        t.diags.push(e.at(t.at.clone().json_path(&kind_path)));
        Some(EvidenceKind::Attestation)
    });
    let a = attestation.map(|a| Attestation {
        issuer: issuer(t.opt(a.issuer, &format!("{p}.attestation.issuer"))),
        report: t.req(a.report, &format!("{p}.attestation.report")),
        frameworks: a
            .frameworks
            .into_iter()
            .map(|f| f.trim().to_owned())
            .collect(),
        bridge_letter_until: t.date(
            a.bridge_letter_until,
            &format!("{p}.attestation.bridge_letter_until"),
        ),
        artifact_reference: t.opt(
            a.artifact_reference,
            &format!("{p}.attestation.artifact_reference"),
        ),
    });
    (k, a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    /// Each closed list: what is read, and the message for what is not.
    #[test]
    fn closed_lists() {
        assert_eq!(audit_type("Type II"), Ok(AuditType::Type2));
        assert_eq!(audit_type("type1"), Ok(AuditType::Type1));
        assert_eq!(gdpr_role("Processor"), Ok(GdprRole::Processor));
        assert_eq!(
            tsc("Processing Integrity"),
            Ok(TscCategory::ProcessingIntegrity)
        );
        assert_eq!(evidence_kind("operating"), Ok(EvidenceKind::Operation));
        for (v, want) in [("Yes", true), ("n", false), ("TRUE", true), ("x", true)] {
            assert_eq!(yes_no(v), Ok(want), "{v}");
        }
        let cases: [(&str, Result<(), Problem>); 5] = [
            ("type3", audit_type("type3").map(drop)),
            ("owner", gdpr_role("owner").map(drop)),
            ("privcy", tsc("privcy").map(drop)),
            ("policy", evidence_kind("policy").map(drop)),
            ("maybe", yes_no("maybe").map(drop)),
        ];
        let accepted = [
            AUDIT_TYPES,
            GDPR_ROLES,
            TSC_CATEGORIES,
            EVIDENCE_KINDS,
            YES_NO,
        ];
        for ((v, got), accepted) in cases.into_iter().zip(accepted) {
            let p = got.unwrap_err();
            assert_eq!(p.code, "invalid-value");
            assert_eq!(p.message, format!("\"{v}\" is not one of: {accepted}"));
        }
    }

    /// Every spelling a message lists is one the rule reads.
    #[test]
    fn the_words_listed_are_read() {
        let words = |list: &str| list.split(", ").map(str::to_owned).collect::<Vec<_>>();
        assert!(words(AUDIT_TYPES).iter().all(|w| audit_type(w).is_ok()));
        assert!(words(GDPR_ROLES).iter().all(|w| gdpr_role(w).is_ok()));
        assert!(words(TSC_CATEGORIES).iter().all(|w| tsc(w).is_ok()));
        assert!(
            words(EVIDENCE_KINDS)
                .iter()
                .all(|w| evidence_kind(w).is_ok())
        );
        assert!(words(YES_NO).iter().all(|w| yes_no(w).is_ok()));
        for w in Sampling::WORDS {
            assert!(sampling(w).is_ok(), "{w}");
        }
    }

    #[test]
    fn sampling_must_be_a_duration() {
        assert_eq!(sampling("P3M"), sampling("quarterly"));
        let p = sampling("often").unwrap_err();
        assert_eq!(p.code, "invalid-sampling");
        assert_eq!(p.message, "sampling frequency \"often\" is not a duration");
        assert!(p.hint.is_some_and(|h| h.contains("P3M")));
    }

    #[test]
    fn the_audit_period_needs_both_ends_in_order() {
        let (a, b) = (date!(2026 - 01 - 01), date!(2026 - 12 - 31));
        let names = ("start", "end");
        assert_eq!(
            audit_period(Some(a), Some(b), names),
            Ok(Some(Period { start: a, end: b }))
        );
        assert_eq!(
            audit_period(Some(a), Some(a), names),
            Ok(Some(Period { start: a, end: a }))
        );
        assert_eq!(audit_period(None, None, names), Ok(None));
        let fault = |s, e| {
            let (at, p) = audit_period(s, e, names).unwrap_err();
            (at, p.code, p.message)
        };
        assert_eq!(
            fault(Some(b), Some(a)),
            (
                PeriodEnd::End,
                "audit-period-reversed",
                "the audit period ends before it starts".into()
            )
        );
        assert_eq!(
            fault(Some(a), None),
            (
                PeriodEnd::Start,
                "audit-period-incomplete",
                "give both start and end".into()
            )
        );
        assert_eq!(fault(None, Some(b)).0, PeriodEnd::End);
    }

    #[test]
    fn an_attestation_makes_the_kind() {
        use EvidenceKind::*;
        let cases = [
            (None, false, Ok(None)),
            (Some(Design), false, Ok(Some(Design))),
            (Some(Attestation), false, Ok(Some(Attestation))),
            (None, true, Ok(Some(Attestation))),
            (Some(Attestation), true, Ok(Some(Attestation))),
        ];
        for (kind, attested, want) in cases {
            assert_eq!(kind_with_attestation(kind, attested), want, "{kind:?}");
        }
        for k in [Design, Operation, Both] {
            let p = kind_with_attestation(Some(k), true).unwrap_err();
            assert_eq!(
                p.message,
                "an entry with an attestation is of kind \"attestation\""
            );
        }
        assert_eq!(issuer(None), "AWS");
        assert_eq!(issuer(Some("Azure".into())), "Azure");
    }

    /// (applicable, not-applicable justification given, justification given) → the fault.
    #[test]
    fn a_decision_is_one_decision() {
        let names = ("A", "N");
        type Case = (Option<bool>, bool, bool, Option<(DecisionAt, &'static str)>);
        let cases: &[Case] = &[
            (None, false, false, None),
            (None, true, false, None),
            (None, true, true, None),
            (Some(true), false, false, None),
            (Some(true), false, true, None),
            (Some(false), true, false, None),
            (Some(false), true, true, None),
            (
                Some(true),
                true,
                false,
                Some((DecisionAt::Applicable, "contradictory-decision")),
            ),
            (
                Some(false),
                false,
                false,
                Some((DecisionAt::Applicable, "missing-justification")),
            ),
            (
                Some(false),
                false,
                true,
                Some((DecisionAt::Applicable, "missing-justification")),
            ),
            (
                None,
                false,
                true,
                Some((DecisionAt::Justification, "justification-without-decision")),
            ),
        ];
        for &(applicable, na, just, want) in cases {
            let got = decision(applicable, na, just, names)
                .err()
                .map(|(at, p)| (at, p.code));
            assert_eq!(got, want, "{applicable:?} {na} {just}");
        }
        let (_, p) = decision(Some(true), true, false, names).unwrap_err();
        assert_eq!(
            p.message,
            "A says the control applies, but N excludes it: keep one decision"
        );
    }
}
