//! Questions and practices: each practice's effective status (an unticked practice in an
//! answered question is not implemented, as the WA Tool counts it), its HRI/MRI/LRI finding,
//! its evidence links, and each question's risk by the rule of `docs/statuses.md`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::error::Diagnostic;
use crate::model::assessment::*;
use crate::model::catalog::{Catalog, Practice, Question, RuleRisk, canonical_bp_id};
use crate::model::review::{Answer, PracticeStatus, QuestionAnswer, Review};

use super::evidence::{link_of, unverified_link};

/// Everything a practice's result is built from, indexed once.
struct Index<'a> {
    answers: HashMap<&'a str, &'a Answer>,
    questions: HashMap<&'a str, &'a QuestionAnswer>,
    register: HashMap<String, usize>,
    /// Register entries by the practices their `supports` names, in register order.
    supporting: HashMap<String, Vec<usize>>,
    waivers: HashMap<String, String>,
}

/// Every question of the catalog with its practices, in catalog order. Register entries learn
/// which practices reference them.
pub(crate) fn questions(
    review: &Review,
    catalog: &Catalog,
    waivers: &[AcceptedRiskResult],
    register: &mut [EvidenceResult],
    warnings: &mut Vec<Diagnostic>,
) -> Vec<QuestionResult> {
    let mut supporting: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, e) in register.iter().enumerate() {
        for s in &e.supports {
            if let Some(bp) = canonical_bp_id(s) {
                let list = supporting.entry(bp).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
    }
    let ix = Index {
        answers: review
            .answers
            .iter()
            .map(|a| (a.practice.as_str(), a))
            .collect(),
        questions: review
            .questions
            .iter()
            .map(|q| (q.question.as_str(), q))
            .collect(),
        register: register
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect(),
        supporting,
        waivers: waivers
            .iter()
            .filter(|w| w.in_force && w.target_kind == "practice")
            .map(|w| (canonical_bp_id(&w.target).unwrap_or_default(), w.id.clone()))
            .collect(),
    };
    catalog
        .lens
        .questions
        .iter()
        .map(|q| question(q, catalog, &ix, register, warnings))
        .collect()
}

fn question(
    q: &Question,
    catalog: &Catalog,
    ix: &Index,
    register: &mut [EvidenceResult],
    warnings: &mut Vec<Diagnostic>,
) -> QuestionResult {
    let qa = ix.questions.get(q.id.as_str()).copied();
    let q_na = qa.and_then(|x| x.not_applicable.clone());
    let none = qa.is_some_and(|x| x.none_selected);
    let practices: Vec<&Practice> = catalog.practices_of(&q.id).collect();
    let answered = none
        || practices.iter().any(|p| {
            ix.answers
                .get(p.id.as_str())
                .is_some_and(|a| a.status != PracticeStatus::Unanswered)
        });
    let mut implicit = Vec::new();
    let mut results = Vec::new();
    for p in practices {
        let r = practice(p, q, ix, register, q_na.as_deref(), answered);
        if r.status != r.answered_status && r.status == PracticeStatus::NotImplemented {
            implicit.push(p.id.clone());
        }
        results.push(r);
    }
    if !implicit.is_empty() && !none {
        warnings.push(Diagnostic::warning(
            "unanswered-in-answered-question",
            qa.map(|x| x.source.clone())
                .or_else(|| results.iter().find_map(|r| r.source.clone())),
            format!(
                "{}: {} left unanswered in an answered question; counted as not implemented, as the WA Tool counts an unticked choice",
                q.id,
                implicit.join(", ")
            ),
        ));
    }
    let counts = super::summary::count(&results);
    let risk = if q.risk_rules.is_empty() {
        question_risk(&results, q_na.is_some(), answered)
    } else {
        rules_risk(q, &results, q_na.is_some(), answered, none)
    };
    let reported = qa
        .and_then(|x| x.reported_risk.as_deref())
        .and_then(QuestionRisk::parse);
    if let Some(rep) = reported.filter(|r| *r != risk) {
        warnings.push(Diagnostic::warning(
            "risk-mismatch",
            qa.map(|x| x.source.clone()),
            format!(
                "{}: the WA Tool reported {} but wafr's rule gives {}; AWS does not publish the Framework lens's risk rules, so both are shown",
                q.id,
                rep.as_str(),
                risk.as_str()
            ),
        ));
    }
    QuestionResult {
        id: q.id.clone(),
        number: q.number,
        wa_id: q.wa_id.clone(),
        title: q.title.clone(),
        focus_area: q.focus_area.clone(),
        risk,
        reported_risk: reported,
        notes: qa.and_then(|x| x.notes.clone()),
        na_reason: q_na,
        none_selected: none,
        counts,
        improvement_url: q.improvement_url.clone(),
        practices: results,
        source: qa.map(|x| x.source.clone()),
    }
}

/// A custom lens's question: its risk rules, evaluated as the WA Tool does over the selected
/// choices (the implemented practices, and "None of these" when selected).
fn rules_risk(
    q: &Question,
    results: &[PracticeResult],
    q_na: bool,
    answered: bool,
    none: bool,
) -> QuestionRisk {
    if q_na
        || results
            .iter()
            .all(|r| r.status == PracticeStatus::NotApplicable)
    {
        return QuestionRisk::NotApplicable;
    }
    if !answered {
        return QuestionRisk::Unanswered;
    }
    let selected = |c: &str| {
        (none && c == q.none_choice_id)
            || results
                .iter()
                .any(|r| r.choice_id == c && r.status == PracticeStatus::Implemented)
    };
    match crate::model::catalog::evaluate_rules(&q.risk_rules, &selected) {
        Some(RuleRisk::High) => QuestionRisk::High,
        Some(RuleRisk::Medium) => QuestionRisk::Medium,
        _ => QuestionRisk::None,
    }
}

/// The question's risk, as `docs/statuses.md` ("Question risk") states it.
fn question_risk(results: &[PracticeResult], q_na: bool, answered: bool) -> QuestionRisk {
    let all_na = results
        .iter()
        .all(|r| r.status == PracticeStatus::NotApplicable);
    if q_na || all_na {
        QuestionRisk::NotApplicable
    } else if !answered {
        QuestionRisk::Unanswered
    } else if results.iter().any(|r| r.finding == Some(Finding::Hri)) {
        QuestionRisk::High
    } else if results.iter().any(|r| r.finding == Some(Finding::Mri)) {
        QuestionRisk::Medium
    } else {
        QuestionRisk::None
    }
}

fn practice(
    p: &Practice,
    q: &Question,
    ix: &Index,
    register: &mut [EvidenceResult],
    q_na: Option<&str>,
    answered: bool,
) -> PracticeResult {
    let a = ix.answers.get(p.id.as_str()).copied();
    let answered_status = a.map(|a| a.status).unwrap_or(PracticeStatus::Unanswered);
    let mut status = answered_status;
    let mut na_reason = a.and_then(|a| a.na_reason.clone());
    if let Some(reason) = q_na {
        status = PracticeStatus::NotApplicable;
        na_reason = Some(format!("Question not applicable: {reason}"));
    } else if answered && status == PracticeStatus::Unanswered {
        status = PracticeStatus::NotImplemented;
    }
    let finding = (status == PracticeStatus::NotImplemented).then(|| Finding::for_risk(p.risk));
    PracticeResult {
        id: p.id.clone(),
        title: p.title.clone(),
        question: q.id.clone(),
        choice_id: p.choice_id.clone(),
        risk_level: p.risk,
        focus_area: p.focus_area.clone(),
        status,
        answered_status,
        finding,
        na_reason,
        notes: a.and_then(|a| a.notes.clone()),
        owner: a.and_then(|a| a.owner.clone()),
        evidence: links(p, a, ix, register),
        effort: a.and_then(|a| a.effort),
        impact: a.and_then(|a| a.impact.clone()),
        effort_days: a.and_then(|a| a.effort_days),
        cost: a.and_then(|a| a.cost),
        target_date: a.and_then(|a| a.target_date),
        depends_on: a.map(|a| a.depends_on.clone()).unwrap_or_default(),
        accepted_risk: ix.waivers.get(&p.id).cloned(),
        controls: Vec::new(),
        doc_url: p.doc_url.clone(),
        improvement_url: q.improvement_url.clone(),
        source: a.map(|a| a.source.clone()),
        legacy_ids: a.map(|a| a.legacy_ids.clone()).unwrap_or_default(),
    }
}

/// A practice's evidence: the references in its answer (register ids, or free text that stays
/// unverified), then the register entries whose `supports` names it.
fn links(
    p: &Practice,
    a: Option<&Answer>,
    ix: &Index,
    register: &mut [EvidenceResult],
) -> Vec<EvidenceLink> {
    let mut links = Vec::new();
    let mut seen = BTreeSet::new();
    for r in a.map(|a| a.evidence.as_slice()).unwrap_or(&[]) {
        if !seen.insert(r.clone()) {
            continue;
        }
        match ix.register.get(r.as_str()) {
            Some(&i) => {
                register[i].practices.push(p.id.clone());
                links.push(link_of(&register[i]));
            }
            None => links.push(unverified_link(r)),
        }
    }
    for &i in ix
        .supporting
        .get(p.id.as_str())
        .map(Vec::as_slice)
        .unwrap_or(&[])
    {
        let e = &mut register[i];
        if seen.insert(e.id.clone()) {
            e.practices.push(p.id.clone());
            links.push(link_of(e));
        }
    }
    links
}

/// Each practice lists the controls it drives (`framework:control`).
pub(crate) fn link_controls(questions: &mut [QuestionResult], frameworks: &[FrameworkResult]) {
    let mut drives: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for fw in frameworks {
        for c in &fw.controls {
            for cp in c.practices.iter().filter(|cp| cp.driving) {
                drives
                    .entry(cp.bp.clone())
                    .or_default()
                    .push(format!("{}:{}", fw.id, c.id));
            }
        }
    }
    for q in questions {
        for p in &mut q.practices {
            p.controls = drives.remove(&p.id).unwrap_or_default();
        }
    }
}
