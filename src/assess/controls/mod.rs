//! One status per framework control: the facts about each control are gathered here (its
//! practices, the organisation's decision, the evidence confirmed for it, the AWS
//! attestation), [`decide::decide`] turns them into a status, and [`readiness::readiness`]
//! counts each framework and each of its parts.

mod decide;
pub(super) mod readiness;

use std::collections::{BTreeMap, HashMap};

use crate::error::{Diagnostic, Diagnostics};
use crate::model::assessment::*;
use crate::model::audit::{GdprRole, Sampling, TscCategory};
use crate::model::catalog::{Catalog, Control, Framework, Relation, Responsibility, pillar_name};
use crate::model::review::{ControlOverride, PracticeStatus, Review};

use super::evidence::{self, Rules};
use decide::{Decided, Facts};

/// What the framework assessment needs besides the catalog and the review.
pub(crate) struct Inputs<'a> {
    /// Practice results by BP id (the assessed pillars only).
    pub practices: &'a HashMap<String, PracticeResult>,
    /// Waivers.
    pub waivers: &'a [AcceptedRiskResult],
    /// Evidence rules of the engagement.
    pub rules: Rules,
    /// Sampling frequency of recurring controls (Type II), unless a decision sets its own.
    pub sampling: Option<Sampling>,
    /// SOC 2 categories in scope (empty = all).
    pub tsc: &'a [TscCategory],
    /// GDPR role.
    pub gdpr_role: GdprRole,
}

/// Assesses every control of every framework of the catalog.
pub(crate) fn assess_frameworks(
    catalog: &Catalog,
    review: &Review,
    inputs: &Inputs,
    register: &mut [EvidenceResult],
    diags: &mut Diagnostics,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<FrameworkResult> {
    check_decisions(catalog, review, register, diags);
    let mut out = Vec::new();
    for fw in &catalog.frameworks {
        let f = assess_framework(catalog, fw, review, inputs, register);
        if f.readiness.assessed == 0 {
            warnings.push(Diagnostic::warning(
                "nothing-assessed",
                None,
                format!(
                    "{}: no control could be assessed from this review; readiness is not stated",
                    fw.short_name
                ),
            ));
        }
        out.push(f);
    }
    out
}

/// The organisation's decisions must name real controls (or `*`) and registered evidence.
fn check_decisions(
    catalog: &Catalog,
    review: &Review,
    register: &[EvidenceResult],
    diags: &mut Diagnostics,
) {
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
            .is_some_and(|f| o.control == "*" || f.controls.iter().any(|c| c.id == o.control));
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
                .with_hint(match catalog.framework(&o.framework) {
                    Some(f) => crate::textfmt::did_you_mean(
                        &o.control,
                        f.controls.iter().map(|c| c.id.as_str()),
                    )
                    .map(|m| format!("did you mean `{m}`?"))
                    .unwrap_or_else(|| {
                        format!("`wafr mappings list` shows the controls of `{}`", f.id)
                    }),
                    None => format!(
                        "frameworks: {}",
                        catalog
                            .frameworks
                            .iter()
                            .map(|f| f.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                }),
            );
        }
        for id in &o.evidence {
            if !register.iter().any(|e| &e.id == id) {
                diags.push(Diagnostic::error(
                    "unknown-evidence",
                    Some(o.source.clone()),
                    format!(
                        "the decision on {}:{} confirms evidence `{id}`, which is not in the evidence register",
                        o.framework, o.control
                    ),
                ));
            }
        }
    }
}

/// Why a control is out of the framework's scope by the user's choice, if it is.
fn excluded_by_scope(fw: &Framework, c: &Control, inputs: &Inputs) -> Option<String> {
    if !inputs.gdpr_role.covers(&c.roles) {
        return Some(format!(
            "applies to a {} only; the GDPR role is {} (--gdpr-role)",
            c.roles.join(" or "),
            inputs.gdpr_role.as_str()
        ));
    }
    if fw.id.starts_with("soc2") && !inputs.tsc.is_empty() {
        let cat = c.category.as_deref().and_then(TscCategory::of_catalog)?;
        if cat != TscCategory::Security && !inputs.tsc.contains(&cat) {
            return Some(format!(
                "Trust Services Category {} is not in scope (--tsc)",
                cat.label()
            ));
        }
    }
    None
}

fn assess_framework(
    catalog: &Catalog,
    fw: &Framework,
    review: &Review,
    inputs: &Inputs,
    register: &mut [EvidenceResult],
) -> FrameworkResult {
    let confirmed = confirmed_evidence(fw, review, register);
    let attestation = evidence::attestation(register, &fw.id, &inputs.rules);
    let mut controls = Vec::new();
    let mut excluded = Vec::new();
    let mut counts = StatusCounts::default();
    for c in &fw.controls {
        if let Some(reason) = excluded_by_scope(fw, c, inputs) {
            excluded.push(ExcludedControl {
                id: c.id.clone(),
                title: c.title.clone(),
                reason,
            });
            continue;
        }
        let key = format!("{}:{}", fw.id, c.id);
        let ev: Vec<&EvidenceResult> = confirmed
            .get(key.as_str())
            .map(|ix| ix.iter().map(|&i| &register[i]).collect())
            .unwrap_or_default();
        let r = assess_control(catalog, fw, c, review, inputs, &ev, &attestation);
        counts.add(r.status);
        controls.push(r);
    }
    // Register entries list the controls they are confirmed for.
    for (key, ix) in &confirmed {
        for &i in ix {
            if !register[i].controls.contains(key) {
                register[i].controls.push(key.clone());
            }
        }
    }
    for e in register.iter_mut() {
        e.controls.sort();
    }
    let parts = parts(fw, &controls);
    // A framework counted in parts (ISO 27001) takes its headline from its controls part (Annex
    // A); the clause requirements are reported beside it, never summed into one figure.
    let (counts, readiness) = match parts.iter().find(|p| p.kind != "clause") {
        Some(p) => (p.counts, p.readiness.clone()),
        None => {
            let r =
                readiness::readiness(&counts, fw.supplier_model, &fw.short_name, &fw.control_noun);
            (counts, r)
        }
    };
    FrameworkResult {
        id: fw.id.clone(),
        name: fw.name.clone(),
        short_name: fw.short_name.clone(),
        edition: fw.edition.clone(),
        publisher: fw.publisher.clone(),
        control_noun: fw.control_noun.clone(),
        url: fw.url.clone(),
        inherited_evidence: fw.inherited_evidence.clone(),
        supplier_model: fw.supplier_model,
        scope_statement: fw.scope_statement.clone(),
        counts,
        readiness,
        parts,
        controls,
        excluded,
        no_mapping: no_mapping(catalog, fw, inputs.practices),
    }
}

/// Register entries confirmed for each control of `fw` (`framework:control` → indices): the
/// entries whose `supports` names the control, and those the organisation's decision lists.
fn confirmed_evidence(
    fw: &Framework,
    review: &Review,
    register: &[EvidenceResult],
) -> BTreeMap<String, Vec<usize>> {
    let mut out: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let prefix = format!("{}:", fw.id);
    for (i, e) in register.iter().enumerate() {
        for key in e.controls.iter().filter(|k| k.starts_with(&prefix)) {
            out.entry(key.clone()).or_default().push(i);
        }
    }
    for o in review
        .control_overrides
        .iter()
        .filter(|o| o.framework == fw.id)
    {
        let keys: Vec<String> = if o.control == "*" {
            fw.controls
                .iter()
                .map(|c| format!("{prefix}{}", c.id))
                .collect()
        } else {
            vec![format!("{prefix}{}", o.control)]
        };
        for id in &o.evidence {
            if let Some(i) = register.iter().position(|e| &e.id == id) {
                for k in &keys {
                    let list = out.entry(k.clone()).or_default();
                    if !list.contains(&i) {
                        list.push(i);
                    }
                }
            }
        }
    }
    out
}

/// The organisation's decision on a control: its own, else the framework's `*` decision. A
/// control row that decides nothing on applicability (it only names an owner, evidence or a
/// sampling frequency) keeps the framework's `*` applicability, justification and basis.
fn decision_for(review: &Review, fw: &str, control: &str) -> Option<ControlOverride> {
    let on = |c: &str| {
        review
            .control_overrides
            .iter()
            .find(|o| o.framework == fw && o.control == c)
    };
    let (own, all) = (on(control), on("*"));
    let Some(own) = own else {
        return all.cloned();
    };
    let mut d = own.clone();
    if let Some(all) = all.filter(|_| !own.applicable && own.not_applicable.is_none()) {
        d.applicable = all.applicable;
        d.not_applicable = all.not_applicable.clone();
        d.justification = d.justification.take().or_else(|| all.justification.clone());
        d.basis = d.basis.take().or_else(|| all.basis.clone());
    }
    Some(d)
}

fn assess_control(
    catalog: &Catalog,
    fw: &Framework,
    c: &Control,
    review: &Review,
    inputs: &Inputs,
    confirmed: &[&EvidenceResult],
    attestation: &AttestationCheck,
) -> ControlResult {
    let key = format!("{}:{}", fw.id, c.id);
    let decision_owned = decision_for(review, &fw.id, &c.id);
    let decision = decision_owned.as_ref();
    let responsibility = decision
        .and_then(|o| o.responsibility)
        .unwrap_or(c.responsibility);
    let practices = control_practices(catalog, fw, c, inputs.practices, confirmed);
    let other = other_pillars(catalog, fw, c, inputs);
    let waiver_of = |bp: &str| {
        inputs
            .practices
            .get(bp)
            .and_then(|p| p.accepted_risk.as_deref())
    };
    let control_waiver = inputs
        .waivers
        .iter()
        .find(|w| w.in_force && w.target_kind == "control" && w.target == key)
        .map(|w| w.id.as_str());
    let driving: Vec<&ControlPractice> = practices.iter().filter(|p| p.driving).collect();
    let implemented = driving
        .iter()
        .filter(|p| p.status == PracticeStatus::Implemented);
    let unverified = unverified_evidence(implemented.clone(), confirmed);
    let sampling = decision.and_then(|o| o.sampling).or(inputs.sampling);
    let needs_evidence = c.scope.reviewable()
        && responsibility != Responsibility::Aws
        && driving
            .iter()
            .any(|p| p.status == PracticeStatus::Implemented);
    let evidence_check = if needs_evidence {
        evidence::check(confirmed, &unverified, &inputs.rules, sampling)
    } else {
        not_required()
    };
    let counts = driving_counts(&driving, &waiver_of);
    let facts = Facts {
        not_applicable: decision.and_then(|o| o.not_applicable.as_deref()),
        decided_applicable: decision.is_some_and(|o| o.applicable),
        responsibility,
        scope: c.scope,
        driving: counts,
        missing: driving
            .iter()
            .filter(|p| p.status == PracticeStatus::NotImplemented && waiver_of(&p.bp).is_none())
            .map(|p| (p.bp.as_str(), p.risk_level))
            .collect(),
        waived: driving
            .iter()
            .filter(|p| p.status == PracticeStatus::NotImplemented)
            .filter_map(|p| waiver_of(&p.bp).map(|w| (p.bp.as_str(), w)))
            .collect(),
        unanswered: driving
            .iter()
            .filter(|p| p.status == PracticeStatus::Unanswered)
            .map(|p| p.bp.as_str())
            .collect(),
        not_applicable_practices: not_applicable_practices(&driving, inputs),
        supporting: practices
            .iter()
            .filter(|p| !p.driving)
            .map(|p| p.bp.as_str())
            .collect(),
        other_pillars: other,
        control_waiver,
        relations_cover: driving
            .iter()
            .any(|p| matches!(p.relation, Relation::Equal | Relation::Superset)),
        evidence: &evidence_check,
        attestation: (responsibility != Responsibility::Customer).then_some(attestation),
    };
    let d = decide::decide(&facts);
    let applicability = applicability(decision, &d, &facts);
    let relations_cover =
        facts.relations_cover && c.scope == crate::model::catalog::ControlScope::Technical;
    let show_attestation = responsibility != Responsibility::Customer;
    result(
        c,
        responsibility,
        d,
        applicability,
        counts,
        relations_cover,
        practices,
        confirmed,
        evidence_check,
        show_attestation.then(|| attestation.clone()),
        decision,
        inputs,
    )
}

/// Practices of pillars this review does not assess that would drive the control: (pillar,
/// practice).
fn other_pillars<'a>(
    catalog: &'a Catalog,
    fw: &Framework,
    c: &Control,
    inputs: &Inputs,
) -> Vec<(&'static str, &'a str)> {
    catalog
        .crosswalk
        .iter()
        .filter(|r| r.framework == fw.id && r.control.as_deref() == Some(c.id.as_str()))
        .filter(|r| r.relation.drives_status() && !inputs.practices.contains_key(&r.bp))
        .filter_map(|r| pillar_name(&r.bp).map(|p| (p, r.bp.as_str())))
        .collect()
}

/// The evidence check of a control whose status evidence does not decide.
fn not_required() -> ControlEvidence {
    ControlEvidence {
        verdict: EvidenceVerdict::NotRequired,
        period_covered: None,
        slices: None,
        slices_missing: Vec::new(),
        design_only: false,
        detail: "Evidence does not decide this control's status".into(),
    }
}

/// Driving practices answered not applicable, with the reason given.
fn not_applicable_practices<'a>(
    driving: &[&'a ControlPractice],
    inputs: &Inputs<'a>,
) -> Vec<(&'a str, &'a str)> {
    driving
        .iter()
        .filter(|p| p.status == PracticeStatus::NotApplicable)
        .map(|p| {
            let why = inputs
                .practices
                .get(&p.bp)
                .and_then(|x| x.na_reason.as_deref());
            (p.bp.as_str(), why.unwrap_or("no reason given"))
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn result(
    c: &Control,
    responsibility: Responsibility,
    d: Decided,
    applicability: Applicability,
    driving: DrivingCounts,
    relations_cover: bool,
    practices: Vec<ControlPractice>,
    confirmed: &[&EvidenceResult],
    evidence_check: ControlEvidence,
    attestation: Option<AttestationCheck>,
    decision: Option<&ControlOverride>,
    inputs: &Inputs,
) -> ControlResult {
    let target_date = practices
        .iter()
        .filter(|p| p.driving && p.status == PracticeStatus::NotImplemented)
        .filter_map(|p| inputs.practices.get(&p.bp).and_then(|x| x.target_date))
        .min();
    let mut owners: Vec<String> = Vec::new();
    match decision.and_then(|o| o.owner.clone()) {
        Some(o) => owners.push(o),
        None => {
            for p in practices.iter().filter(|p| p.driving) {
                if let Some(o) = inputs.practices.get(&p.bp).and_then(|x| x.owner.clone())
                    && !owners.contains(&o)
                {
                    owners.push(o);
                }
            }
        }
    }
    let reason =
        if responsibility == Responsibility::Shared && d.status != ControlStatus::NotApplicable {
            format!(
                "{}. Shared: {}",
                d.reason,
                c.responsibility_note
                    .as_deref()
                    .unwrap_or("AWS operates its part; the customer answers for the workload's")
            )
        } else {
            d.reason
        };
    ControlResult {
        id: c.id.clone(),
        title: c.title.clone(),
        group: c.group.clone(),
        parent_title: c.parent_title.clone(),
        kind: c.kind.clone(),
        theme: c.theme.clone().or_else(|| c.category.clone()),
        predecessors: c.predecessors.clone(),
        responsibility,
        responsibility_note: c.responsibility_note.clone(),
        cuecs: c.cuecs.clone(),
        scope: c.scope,
        scope_note: c.scope_note.clone().or_else(|| c.technical_part.clone()),
        status: d.status,
        risk: d.risk,
        reason,
        outside_scope: d.outside,
        applicability,
        driving,
        relations_cover,
        practices,
        evidence: confirmed
            .iter()
            .map(|e| EvidenceLink {
                confirmed: true,
                ..evidence::link_of(e)
            })
            .collect(),
        evidence_check,
        attestation,
        accepted_risk: d.accepted_risk,
        not_applicable_reason: decision.and_then(|o| o.not_applicable.clone()),
        owners,
        notes: decision.and_then(|o| o.notes.clone()),
        target_date,
    }
}

/// The practices mapped to a control (driving first), each with its evidence marked confirmed
/// or not for this control.
fn control_practices(
    catalog: &Catalog,
    fw: &Framework,
    c: &Control,
    practices: &HashMap<String, PracticeResult>,
    confirmed: &[&EvidenceResult],
) -> Vec<ControlPractice> {
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
                evidence: p
                    .evidence
                    .iter()
                    .map(|l| EvidenceLink {
                        confirmed: confirmed.iter().any(|e| e.id == l.reference),
                        ..l.clone()
                    })
                    .collect(),
            })
        })
        .collect();
    rows.sort_by(|a, b| b.driving.cmp(&a.driving).then(a.bp.cmp(&b.bp)));
    rows
}

/// What the implemented driving practices hold that is not confirmed evidence of the control:
/// references not in the register, and register entries never confirmed for it.
fn unverified_evidence<'a>(
    implemented: impl Iterator<Item = &'a &'a ControlPractice>,
    confirmed: &[&EvidenceResult],
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in implemented {
        for l in &p.evidence {
            if confirmed.iter().any(|e| e.id == l.reference) {
                continue;
            }
            let s = if l.state == EvidenceState::Unverified {
                format!("{}: \"{}\" (not in the register)", p.bp, l.reference)
            } else {
                format!("{}: {} (not confirmed for this control)", p.bp, l.reference)
            };
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

fn driving_counts<'a>(
    driving: &[&ControlPractice],
    waiver_of: &impl Fn(&str) -> Option<&'a str>,
) -> DrivingCounts {
    let mut d = DrivingCounts {
        total: driving.len() as u32,
        ..Default::default()
    };
    for p in driving {
        match p.status {
            PracticeStatus::Implemented => d.implemented += 1,
            PracticeStatus::NotImplemented => {
                if waiver_of(&p.bp).is_some() {
                    d.waived += 1;
                } else {
                    d.not_implemented += 1;
                    d.worst_risk = super::options::max_risk(d.worst_risk, p.risk_level);
                }
            }
            PracticeStatus::Unanswered => d.unanswered += 1,
            PracticeStatus::NotApplicable => d.not_applicable += 1,
        }
    }
    d
}

/// The Statement of Applicability's view: the organisation's decision and its justification,
/// or "to decide" with what the review suggests.
fn applicability(decision: Option<&ControlOverride>, d: &Decided, f: &Facts) -> Applicability {
    let source = decision.map(|o| o.source.clone());
    let basis = decision.and_then(|o| o.basis.clone());
    if let Some(why) = decision.and_then(|o| o.not_applicable.clone()) {
        return Applicability {
            decision: Decision::NotApplicable,
            justification: Some(why),
            basis,
            suggestion: None,
            source,
        };
    }
    let risks: Vec<&str> = f
        .missing
        .iter()
        .map(|(bp, _)| *bp)
        .chain(f.waived.iter().map(|(bp, _)| *bp))
        .collect();
    let treats =
        (!risks.is_empty()).then(|| format!("treats the review's findings {}", risks.join(", ")));
    match decision.filter(|o| o.applicable) {
        Some(o) => Applicability {
            decision: Decision::Applicable,
            justification: o.justification.clone().or(treats).or_else(|| basis.clone()),
            basis,
            suggestion: None,
            source,
        },
        None => Applicability {
            decision: Decision::ToDecide,
            justification: None,
            basis,
            suggestion: d.suggestion.clone().or_else(|| {
                treats.map(|t| {
                    format!("review suggests applicable: it {t}; confirm with a justification")
                })
            }),
            source,
        },
    }
}

/// Counts and readiness of each part of a framework whose catalog has kinds (ISO 27001: Annex
/// A controls and clause requirements).
fn parts(fw: &Framework, controls: &[ControlResult]) -> Vec<FrameworkPart> {
    let mut kinds: Vec<&str> = Vec::new();
    for c in controls {
        if let Some(k) = c.kind.as_deref()
            && !kinds.contains(&k)
        {
            kinds.push(k);
        }
    }
    if kinds.len() < 2 {
        return Vec::new();
    }
    // The controls part first (it carries the headline), the clause requirements after.
    kinds.sort_by_key(|k| *k == "clause");
    kinds
        .into_iter()
        .map(|k| {
            let (label, noun) = match k {
                "annex-a" => ("Annex A".to_owned(), fw.control_noun.clone()),
                "clause" => (
                    "Clauses 4 to 10".to_owned(),
                    "clause requirement".to_owned(),
                ),
                other => (other.to_owned(), fw.control_noun.clone()),
            };
            let mut counts = StatusCounts::default();
            for c in controls.iter().filter(|c| c.kind.as_deref() == Some(k)) {
                counts.add(c.status);
            }
            let name = format!("{} {label}", fw.short_name);
            FrameworkPart {
                kind: k.to_owned(),
                readiness: readiness::readiness(&counts, fw.supplier_model, &name, &noun),
                label,
                noun,
                counts,
            }
        })
        .collect()
}

fn no_mapping(
    catalog: &Catalog,
    fw: &Framework,
    practices: &HashMap<String, PracticeResult>,
) -> Vec<NoMapping> {
    catalog
        .crosswalk
        .iter()
        .filter(|r| r.framework == fw.id && r.relation == Relation::None)
        .filter_map(|r| {
            let p = practices.get(&r.bp)?;
            Some(NoMapping {
                bp: r.bp.clone(),
                title: p.title.clone(),
                rationale: r.rationale.clone(),
                source: r.source.clone(),
            })
        })
        .collect()
}
