//! The engagement fields a review may carry (issue 15): the `audit` section (audit type,
//! sampling frequency, fieldwork date, SOC 2 categories, GDPR role), an evidence entry's kind
//! and attestation, and a control decision's sampling. Shared by the native JSON and the
//! questionnaire importers; every bad value is a located error.

use serde::Deserialize;

use crate::model::audit::{
    Attestation, AuditScope, AuditType, EvidenceKind, GdprRole, Sampling, TscCategory,
};
use crate::model::evidence::Period;

use super::native::Texts;
use super::text::truncate;

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

/// A value from a closed list, or a located error naming the words accepted.
fn word<T>(
    t: &mut Texts,
    v: Option<&str>,
    path: &str,
    parse: impl Fn(&str) -> Option<T>,
    accepted: &str,
) -> Option<T> {
    let v = v.map(str::trim).filter(|s| !s.is_empty())?;
    let x = parse(v);
    if x.is_none() {
        t.diags.error(
            "invalid-value",
            Some(t.at.clone().json_path(path)),
            format!("\"{}\" is not one of: {accepted}", truncate(v, 40)),
        );
    }
    x
}

/// A sampling frequency, or a located error: a frequency must be a duration.
pub(crate) fn sampling(t: &mut Texts, v: Option<&str>, path: &str) -> Option<Sampling> {
    let v = v.map(str::trim).filter(|s| !s.is_empty())?;
    let s = Sampling::parse(v);
    if s.is_none() {
        t.diags.push(
            crate::error::Diagnostic::error(
                "invalid-sampling",
                Some(t.at.clone().json_path(path)),
                format!("sampling frequency \"{}\" is not a duration", truncate(v, 40)),
            )
            .with_hint("use monthly, quarterly, half-yearly, yearly, weekly, daily, or an ISO 8601 duration such as P3M, P2W, P30D"),
        );
    }
    s
}

/// The `audit` section.
pub(crate) fn audit(t: &mut Texts, raw: RawAudit) -> AuditScope {
    let mut tsc = Vec::new();
    for (i, s) in raw.tsc.iter().enumerate() {
        if let Some(c) = word(
            t,
            Some(s),
            &format!("audit.tsc[{i}]"),
            TscCategory::parse,
            "security, availability, confidentiality, processing-integrity, privacy",
        ) {
            tsc.push(c);
        }
    }
    let start = t.date(raw.period_start, "audit.period_start");
    let end = t.date(raw.period_end, "audit.period_end");
    let period = match (start, end) {
        (Some(start), Some(end)) if end >= start => Some(Period { start, end }),
        (Some(_), Some(_)) => {
            t.diags.error(
                "audit-period-reversed",
                Some(t.at.clone().json_path("audit.period_end")),
                "the audit period ends before it starts",
            );
            None
        }
        (None, None) => None,
        _ => {
            t.diags.error(
                "audit-period-incomplete",
                Some(t.at.clone().json_path("audit")),
                "give both audit.period_start and audit.period_end",
            );
            None
        }
    };
    AuditScope {
        period,
        audit_type: word(
            t,
            raw.audit_type.as_deref(),
            "audit.audit_type",
            AuditType::parse,
            "type1, type2",
        ),
        sampling: sampling(t, raw.sampling.as_deref(), "audit.sampling"),
        fieldwork: t.date(raw.fieldwork, "audit.fieldwork"),
        tsc,
        gdpr_role: word(
            t,
            raw.gdpr_role.as_deref(),
            "audit.gdpr_role",
            GdprRole::parse,
            "controller, processor, both",
        ),
    }
}

/// An evidence entry's kind and attestation (`p` is its JSON path, `evidence[3]`).
pub(crate) fn evidence_kind(
    t: &mut Texts,
    kind: Option<String>,
    attestation: Option<RawAttestation>,
    p: &str,
) -> (Option<EvidenceKind>, Option<Attestation>) {
    let mut k = word(
        t,
        kind.as_deref(),
        &format!("{p}.kind"),
        EvidenceKind::parse,
        "design, operation, both, attestation",
    );
    let a = attestation.map(|a| {
        if k.is_some_and(|k| k != EvidenceKind::Attestation) {
            t.diags.error(
                "invalid-value",
                Some(t.at.clone().json_path(format!("{p}.kind"))),
                "an entry with an attestation is of kind \"attestation\"",
            );
        }
        k = Some(EvidenceKind::Attestation);
        Attestation {
            issuer: t
                .opt(a.issuer, &format!("{p}.attestation.issuer"))
                .unwrap_or_else(|| "AWS".into()),
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
        }
    });
    (k, a)
}
