//! The evidence register as assessed: each entry checked (dates, attestation), its state on the
//! report date, the controls its `supports` names, and warnings for evidence that expires inside
//! the audit period or before fieldwork, naming its owner.

use crate::error::{Diagnostic, Diagnostics};
use crate::model::assessment::{EvidenceResult, EvidenceState};
use crate::model::audit::EvidenceKind;
use crate::model::catalog::{Catalog, canonical_bp_id};
use crate::model::review::{EvidenceItem, Review};

use super::evidence::{self, Rules};
use super::options::{EXPIRES_SOON_DAYS, expires_soon};
use super::waivers::{ControlRef, resolve_control, target_hint};

/// Every register entry with its state, sorted by id.
pub(crate) fn build(
    review: &Review,
    catalog: &Catalog,
    rules: &Rules,
    diags: &mut Diagnostics,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<EvidenceResult> {
    let mut out = Vec::new();
    for e in &review.evidence {
        evidence::validate(e, diags);
        let state = evidence::state_of(e, rules);
        let kind = if e.attestation.is_some() {
            Some(EvidenceKind::Attestation)
        } else {
            e.kind
        };
        let expires_in_period = freshness(e, state, rules, warnings);
        out.push(EvidenceResult {
            id: e.id.clone(),
            title: e.title.clone(),
            owner: e.owner.clone(),
            location: e.location.clone(),
            sha256: e.sha256.clone(),
            collected_on: e.collected_on,
            period_start: e.period_start,
            period_end: e.period_end,
            expires_on: e.expires_on,
            supports: e.supports.clone(),
            kind,
            attestation: e.attestation.clone(),
            notes: e.notes.clone(),
            state,
            expires_in_period,
            practices: Vec::new(),
            controls: supported_controls(e, catalog, diags, warnings),
            source: e.source.clone(),
        });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// The controls an entry's `supports` names (`framework:control`); practices are linked
/// elsewhere. An entry naming neither a practice nor a control is an error.
fn supported_controls(
    e: &EvidenceItem,
    catalog: &Catalog,
    diags: &mut Diagnostics,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut controls = Vec::new();
    for s in &e.supports {
        let bp = canonical_bp_id(s);
        if bp.as_deref().is_some_and(|b| catalog.practice(b).is_some()) {
            continue;
        }
        if let Some(pillar) = bp.as_deref().and_then(|b| catalog.set_aside_pillar(b)) {
            warnings.push(Diagnostic::warning(
                "other-pillar",
                Some(e.source.clone()),
                format!(
                    "evidence `{}` supports {s} of the {pillar} pillar, which this run does not assess (--pillars); it stays in the register and counts when that pillar is assessed",
                    e.id
                ),
            ));
            continue;
        }
        match resolve_control(catalog, s) {
            ControlRef::Found(fw, c) => controls.push(format!("{fw}:{c}")),
            ControlRef::Excluded => {}
            ControlRef::Unknown => diags.push(
                Diagnostic::error(
                    "unknown-target",
                    Some(e.source.clone()),
                    format!("evidence `{}` supports \"{s}\", which is neither a best practice nor a control", e.id),
                )
                .with_hint(target_hint(catalog, s)),
            ),
        }
    }
    controls
}

/// Warnings for an entry dated after the report date, or expiring inside the audit period,
/// before fieldwork, or (without a period) within 30 days. Returns whether it expires before
/// the period ends or fieldwork starts.
fn freshness(
    e: &EvidenceItem,
    state: EvidenceState,
    rules: &Rules,
    warnings: &mut Vec<Diagnostic>,
) -> bool {
    let owner = e
        .owner
        .as_deref()
        .map(|o| format!(" (owner: {o})"))
        .unwrap_or_else(|| " (no owner recorded)".into());
    if state == EvidenceState::NotYetValid {
        warnings.push(Diagnostic::warning(
            "evidence-in-future",
            Some(e.source.clone()),
            format!(
                "evidence `{}` is dated after the report date {}: it did not exist yet and does not count{owner}",
                e.id, rules.date
            ),
        ));
        return false;
    }
    let Some(x) = e.expires_on.filter(|_| state != EvidenceState::Expired) else {
        return false;
    };
    let in_period = rules.period.is_some_and(|p| x < p.end);
    let before_fieldwork = rules.fieldwork.is_some_and(|f| x < f);
    if in_period {
        warnings.push(Diagnostic::warning(
            "evidence-expires-in-period",
            Some(e.source.clone()),
            format!("evidence `{}` expires on {x} inside the audit period; renew it before the period ends{owner}", e.id),
        ));
    } else if before_fieldwork {
        warnings.push(Diagnostic::warning(
            "evidence-expires-before-fieldwork",
            Some(e.source.clone()),
            format!(
                "evidence `{}` expires on {x}, before fieldwork starts on {}; renew it{owner}",
                e.id,
                rules.fieldwork.map(|d| d.to_string()).unwrap_or_default()
            ),
        ));
    } else if rules.period.is_none() && expires_soon(Some(x), rules.date) {
        warnings.push(Diagnostic::warning(
            "evidence-expires-soon",
            Some(e.source.clone()),
            format!(
                "evidence `{}` expires on {x}, within {EXPIRES_SOON_DAYS} days of the report date; renew it{owner}",
                e.id
            ),
        ));
    }
    in_period || before_fieldwork
}
