//! One status per framework control, from the practices mapped to it.
//!
//! Precedence (first that applies wins), documented in `docs/statuses.md`:
//! 1. **not applicable**: the review marks the control not applicable (with justification);
//! 2. **inherited**: responsibility is AWS's (catalog or review override);
//! 3. **outside review scope**: the control is organisational, or no practice drives it;
//! 4. **architectural risk**: a driving practice is not implemented and no waiver covers it;
//! 5. **accepted risk**: every missing driving practice, or the control itself, is waived;
//! 6. **not applicable**: every driving practice is not applicable;
//! 7. **not assessed**: a driving practice is unanswered;
//! 8. **evidence missing** / **evidence stale** / **evidenced**: all driving practices are
//!    implemented (or not applicable); the control is evidenced when evidence registered for
//!    the control itself counts, or when every implemented driving practice has evidence that
//!    counts; missing beats stale. A waiver on the control turns a gap into accepted risk.

use std::collections::{HashMap, HashSet};

use crate::error::{Diagnostic, Diagnostics};
use crate::model::assessment::*;
use crate::model::catalog::{Catalog, ControlScope, Responsibility};
use crate::model::review::{PracticeStatus, Review};

pub(super) fn assess_frameworks(
    catalog: &Catalog,
    review: &Review,
    practices: &HashMap<String, PracticeResult>,
    evidence: &mut [EvidenceResult],
    waivers: &[AcceptedRiskResult],
    diags: &mut Diagnostics,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<FrameworkResult> {
    // Review overrides must name real controls.
    for o in &review.control_overrides {
        if catalog
            .excluded_frameworks
            .iter()
            .any(|f| f.id == o.framework)
        {
            continue;
        }
        let ok = catalog
            .framework(&o.framework)
            .is_some_and(|f| f.controls.iter().any(|c| c.id == o.control));
        if !ok {
            diags.push(
                Diagnostic::error(
                    "unknown-control",
                    Some(o.source.clone()),
                    format!(
                        "unknown control `{}` in framework `{}`",
                        o.control, o.framework
                    ),
                )
                .with_hint(format!(
                    "frameworks: {}",
                    catalog
                        .frameworks
                        .iter()
                        .map(|f| f.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
    }
    let control_waiver: HashMap<&str, &AcceptedRiskResult> = waivers
        .iter()
        .filter(|w| w.in_force && w.target_kind == "control")
        .map(|w| (w.target.as_str(), w))
        .collect();
    let practice_waived = |bp: &str| practices.get(bp).and_then(|p| p.accepted_risk.clone());

    let mut out = Vec::new();
    for fw in &catalog.frameworks {
        let mut controls = Vec::new();
        let mut counts = StatusCounts::default();
        for c in &fw.controls {
            let key = format!("{}:{}", fw.id, c.id);
            let ov = review
                .control_overrides
                .iter()
                .find(|o| o.framework == fw.id && o.control == c.id);
            let responsibility = ov
                .and_then(|o| o.responsibility)
                .unwrap_or(c.responsibility);
            let mut rows: Vec<ControlPractice> = catalog
                .crosswalk
                .iter()
                .filter(|r| r.framework == fw.id && r.control.as_deref() == Some(c.id.as_str()))
                .filter_map(|r| {
                    let p = practices.get(&r.bp)?;
                    Some(ControlPractice {
                        bp: r.bp.clone(),
                        title: p.title.clone(),
                        relation: r.relation,
                        driving: r.relation.drives_status(),
                        rationale: r.rationale.clone(),
                        source: r.source.clone(),
                        status: p.status,
                        risk_level: p.risk_level,
                    })
                })
                .collect();
            rows.sort_by(|a, b| b.driving.cmp(&a.driving).then(a.bp.cmp(&b.bp)));
            let driving: Vec<&ControlPractice> = rows.iter().filter(|r| r.driving).collect();
            let cw = control_waiver.get(key.as_str()).copied();

            // Evidence registered for the control itself.
            let mut ev_links: Vec<EvidenceLink> = Vec::new();
            for e in evidence.iter() {
                if e.controls.contains(&key) {
                    ev_links.push(EvidenceLink {
                        reference: e.id.clone(),
                        title: e.title.clone(),
                        state: e.state,
                        owner: e.owner.clone(),
                        location: e.location.clone(),
                        collected_on: e.collected_on,
                        expires_on: e.expires_on,
                    });
                }
            }
            let direct_counts = ev_links.iter().any(|l| l.state.counts());

            let mut risk = None;
            let mut accepted = None;
            let mut target_date = None;
            let (status, reason) = if let Some(na) = ov.and_then(|o| o.not_applicable.clone()) {
                (
                    ControlStatus::NotApplicable,
                    format!("Not applicable to this workload: {na}"),
                )
            } else if responsibility == Responsibility::Aws {
                (
                    ControlStatus::Inherited,
                    format!(
                        "Operated by AWS under the shared responsibility model; evidence is AWS's own attestation ({})",
                        fw.inherited_evidence.as_deref().unwrap_or("AWS Artifact")
                    ),
                )
            } else if c.scope == ControlScope::Organisational {
                let n = rows.len();
                (
                    ControlStatus::OutsideReviewScope,
                    if n == 0 {
                        "A legal or organisational duty that an architecture review cannot establish".to_owned()
                    } else {
                        format!(
                            "A legal or organisational duty that an architecture review cannot establish; {n} practice(s) support it"
                        )
                    },
                )
            } else if driving.is_empty() {
                (
                    ControlStatus::OutsideReviewScope,
                    if rows.is_empty() {
                        "No best practice of the Security Pillar maps to it".to_owned()
                    } else {
                        format!(
                            "Only supporting practices map to it ({}); none establishes it",
                            rows.iter()
                                .map(|r| r.bp.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    },
                )
            } else {
                let missing: Vec<&&ControlPractice> = driving
                    .iter()
                    .filter(|r| r.status == PracticeStatus::NotImplemented)
                    .collect();
                let unwaived: Vec<&&ControlPractice> = missing
                    .iter()
                    .copied()
                    .filter(|r| practice_waived(&r.bp).is_none())
                    .collect();
                for r in &missing {
                    if let Some(d) = practices.get(&r.bp).and_then(|p| p.target_date) {
                        target_date = Some(target_date.map_or(d, |t: time::Date| t.min(d)));
                    }
                }
                if !missing.is_empty() && !unwaived.is_empty() && cw.is_none() {
                    for r in &unwaived {
                        risk = super::max_risk(risk, r.risk_level);
                    }
                    (
                        ControlStatus::ArchitecturalRisk,
                        format!(
                            "Not implemented: {}",
                            unwaived
                                .iter()
                                .map(|r| format!("{} ({})", r.bp, r.risk_level))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                } else if !missing.is_empty() {
                    let ids: Vec<String> = match cw {
                        Some(w) => vec![w.id.clone()],
                        None => {
                            let mut v: Vec<String> = missing
                                .iter()
                                .filter_map(|r| practice_waived(&r.bp))
                                .collect();
                            v.sort();
                            v.dedup();
                            v
                        }
                    };
                    accepted = ids.first().cloned();
                    (
                        ControlStatus::AcceptedRisk,
                        format!(
                            "Missing practice(s) covered by accepted risk {}",
                            ids.join(", ")
                        ),
                    )
                } else if driving
                    .iter()
                    .all(|r| r.status == PracticeStatus::NotApplicable)
                {
                    let reasons: Vec<String> = driving
                        .iter()
                        .map(|r| {
                            let why = practices
                                .get(&r.bp)
                                .and_then(|p| p.na_reason.clone())
                                .unwrap_or_default();
                            format!("{}: {why}", r.bp)
                        })
                        .collect();
                    (
                        ControlStatus::NotApplicable,
                        format!(
                            "Every practice that establishes it is not applicable ({})",
                            reasons.join("; ")
                        ),
                    )
                } else if driving
                    .iter()
                    .any(|r| r.status == PracticeStatus::Unanswered)
                {
                    let ids: Vec<&str> = driving
                        .iter()
                        .filter(|r| r.status == PracticeStatus::Unanswered)
                        .map(|r| r.bp.as_str())
                        .collect();
                    (
                        ControlStatus::NotAssessed,
                        format!("Not answered in the review: {}", ids.join(", ")),
                    )
                } else {
                    // Evidence.
                    let implemented: Vec<&&ControlPractice> = driving
                        .iter()
                        .filter(|r| r.status == PracticeStatus::Implemented)
                        .collect();
                    let mut without = Vec::new();
                    let mut stale = Vec::new();
                    let mut listed: HashSet<String> =
                        ev_links.iter().map(|l| l.reference.clone()).collect();
                    for r in &implemented {
                        let links = practices
                            .get(&r.bp)
                            .map(|p| p.evidence.clone())
                            .unwrap_or_default();
                        for l in &links {
                            if listed.insert(l.reference.clone()) {
                                ev_links.push(l.clone());
                            }
                        }
                        if links.iter().any(|l| l.state.counts()) {
                            continue;
                        } else if links.is_empty() {
                            without.push(r.bp.clone());
                        } else {
                            stale.push(r.bp.clone());
                        }
                    }
                    let (st, why) = if direct_counts {
                        (
                            ControlStatus::Evidenced,
                            "Implemented, with evidence registered for the control".to_owned(),
                        )
                    } else if !without.is_empty() {
                        (
                            ControlStatus::EvidenceMissing,
                            format!("Implemented, but no evidence for {}", without.join(", ")),
                        )
                    } else if !stale.is_empty() {
                        (
                            ControlStatus::EvidenceStale,
                            format!(
                                "Implemented, but the evidence for {} has expired or lies outside the audit period",
                                stale.join(", ")
                            ),
                        )
                    } else {
                        (
                            ControlStatus::Evidenced,
                            "Implemented and evidenced".to_owned(),
                        )
                    };
                    match (st.is_evidence_gap(), cw) {
                        (true, Some(w)) => {
                            accepted = Some(w.id.clone());
                            (
                                ControlStatus::AcceptedRisk,
                                format!("{why}; the gap is covered by accepted risk {}", w.id),
                            )
                        }
                        _ => (st, why),
                    }
                }
            };
            let reason = if responsibility == Responsibility::Shared
                && !matches!(status, ControlStatus::NotApplicable)
            {
                format!(
                    "{reason}. Shared: {}",
                    c.responsibility_note.as_deref().unwrap_or(
                        "AWS operates its part; the customer answers for the workload's"
                    )
                )
            } else {
                reason
            };
            if status == ControlStatus::Inherited && !rows.iter().any(|r| r.driving) {
                // nothing more to say
            }
            let mut owners: Vec<String> = Vec::new();
            if let Some(o) = ov.and_then(|o| o.owner.clone()) {
                owners.push(o);
            } else {
                for r in &driving {
                    if let Some(o) = practices.get(&r.bp).and_then(|p| p.owner.clone())
                        && !owners.contains(&o)
                    {
                        owners.push(o);
                    }
                }
            }
            counts.add(status);
            controls.push(ControlResult {
                id: c.id.clone(),
                title: c.title.clone(),
                group: c.group.clone(),
                kind: c.kind.clone(),
                theme: c.theme.clone().or_else(|| c.category.clone()),
                predecessors: c.predecessors.clone(),
                responsibility,
                responsibility_note: c.responsibility_note.clone(),
                scope: c.scope,
                status,
                risk,
                reason,
                practices: rows,
                evidence: ev_links,
                accepted_risk: accepted,
                not_applicable_reason: ov.and_then(|o| o.not_applicable.clone()),
                owners,
                notes: ov.and_then(|o| o.notes.clone()),
                target_date,
            });
        }
        // Evidence items count for the controls their practices drive.
        let mut counted_for: HashMap<&str, Vec<String>> = HashMap::new();
        for c in &controls {
            let key = format!("{}:{}", fw.id, c.id);
            for l in &c.evidence {
                counted_for
                    .entry(l.reference.as_str())
                    .or_default()
                    .push(key.clone());
            }
        }
        for e in evidence.iter_mut() {
            for key in counted_for.remove(e.id.as_str()).unwrap_or_default() {
                if !e.controls.contains(&key) {
                    e.controls.push(key);
                }
            }
            e.controls.sort();
        }
        let readiness = readiness(&counts, &fw.short_name, &fw.control_noun);
        if readiness.assessed == 0 {
            warnings.push(Diagnostic::warning(
                "nothing-assessed",
                None,
                format!(
                    "{}: no control could be assessed from this review; readiness is not stated",
                    fw.short_name
                ),
            ));
        }
        out.push(FrameworkResult {
            id: fw.id.clone(),
            name: fw.name.clone(),
            short_name: fw.short_name.clone(),
            edition: fw.edition.clone(),
            publisher: fw.publisher.clone(),
            control_noun: fw.control_noun.clone(),
            url: fw.url.clone(),
            inherited_evidence: fw.inherited_evidence.clone(),
            counts,
            readiness,
            controls,
            no_mapping: catalog
                .crosswalk
                .iter()
                .filter(|r| {
                    r.framework == fw.id && r.relation == crate::model::catalog::Relation::None
                })
                .map(|r| NoMapping {
                    bp: r.bp.clone(),
                    title: practices
                        .get(&r.bp)
                        .map(|p| p.title.clone())
                        .unwrap_or_default(),
                    rationale: r.rationale.clone(),
                    source: r.source.clone(),
                })
                .collect(),
        });
    }
    out
}

fn pct(n: u32, d: u32) -> Option<f64> {
    (d > 0).then(|| (f64::from(n) * 1000.0 / f64::from(d)).round() / 10.0)
}

/// Readiness with its formula; not applicable, outside-scope and inherited controls are out of
/// the denominator.
pub(crate) fn readiness(c: &StatusCounts, name: &str, noun: &str) -> Readiness {
    let nouns = crate::model::catalog::plural(noun);
    let excluded = c.not_applicable + c.outside_review_scope + c.inherited;
    let assessed = c.total() - excluded;
    let implemented = c.evidenced + c.evidence_missing + c.evidence_stale;
    let percent = pct(c.evidenced, assessed);
    Readiness {
        evidenced: c.evidenced,
        implemented,
        assessed,
        percent,
        implemented_percent: pct(implemented, assessed),
        formula: format!(
            "{name} readiness = evidenced {nouns} ÷ assessed {nouns} = {} ÷ {assessed}{}; assessed = all {} {nouns} − {} not applicable − {} outside review scope − {} inherited from AWS",
            c.evidenced,
            percent
                .map(|p| format!(" = {p:.1}%"))
                .unwrap_or_else(|| " (not stated: nothing assessed)".into()),
            c.total(),
            c.not_applicable,
            c.outside_review_scope,
            c.inherited
        ),
    }
}
