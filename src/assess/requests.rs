//! Evidence requests: from every control with an evidence gap, the request an auditor would
//! send (what is missing, partial, stale or unverified, or the AWS attestation), its owner and
//! due date, so teams can work them as tickets.

use time::{Date, Duration};

use crate::model::assessment::*;

/// Requests in framework and catalog order, numbered `REQ-001`…
pub(crate) fn build(
    frameworks: &[FrameworkResult],
    audit: &AuditInfo,
    period: Option<Period>,
    today: Date,
) -> Vec<EvidenceRequest> {
    let due = audit
        .fieldwork
        .or(period.map(|p| p.end))
        .or_else(|| today.checked_add(Duration::days(30)));
    let mut out = Vec::new();
    for fw in frameworks {
        for c in fw.controls.iter().filter(|c| c.status.is_evidence_gap()) {
            let (kind, request) = ask(c);
            out.push(EvidenceRequest {
                id: format!("REQ-{:03}", out.len() + 1),
                framework: fw.id.clone(),
                framework_name: fw.short_name.clone(),
                control: c.id.clone(),
                title: c.title.clone(),
                kind,
                request,
                practices: c
                    .practices
                    .iter()
                    .filter(|p| p.driving)
                    .map(|p| p.bp.clone())
                    .collect(),
                evidence: on_file(c),
                owner: c.owners.first().cloned(),
                due,
            });
        }
    }
    out
}

fn ask(c: &ControlResult) -> (RequestKind, String) {
    let detail = &c.evidence_check.detail;
    match c.status {
        ControlStatus::EvidenceMissing => (
            RequestKind::Missing,
            "Provide evidence that the control is in place and register it with this control in its `supports`".into(),
        ),
        ControlStatus::EvidenceUnverified => (
            RequestKind::Unverified,
            format!("Register the referenced evidence and confirm it for this control: {detail}"),
        ),
        ControlStatus::EvidenceStale => (
            RequestKind::Stale,
            format!("Provide current evidence: {detail}"),
        ),
        ControlStatus::EvidencePartial => (
            RequestKind::Partial,
            format!("Provide operating evidence for the rest of the audit period: {detail}"),
        ),
        _ => (
            RequestKind::Attestation,
            format!(
                "Obtain the AWS attestation from AWS Artifact: {}",
                c.attestation
                    .as_ref()
                    .map(|a| a.detail.as_str())
                    .unwrap_or("none on file")
            ),
        ),
    }
}

/// Evidence already on file that falls short: confirmed entries, else the practices' own.
fn on_file(c: &ControlResult) -> Vec<String> {
    let mut ids: Vec<String> = c.evidence.iter().map(|l| l.reference.clone()).collect();
    if ids.is_empty() {
        for p in c.practices.iter().filter(|p| p.driving) {
            for l in &p.evidence {
                if !ids.contains(&l.reference) {
                    ids.push(l.reference.clone());
                }
            }
        }
    }
    if let Some(a) = c.attestation.as_ref().and_then(|a| a.evidence.clone())
        && !ids.contains(&a)
    {
        ids.push(a);
    }
    ids
}
