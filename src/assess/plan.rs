//! The improvement plan: every HRI and MRI, ranked, with a 30/60/90-day horizon.
//!
//! Score (higher first) = 100 × risk weight (High 3, Medium 2)
//!                      + 5 × controls at architectural risk because of it (at most 20)
//!                      − 10 × effort (Low 0, Medium 1, High 2; Medium when not given)
//!                      − 15 when it depends on another open item.
//! Priority: P1 = HRI of low or medium effort with no open dependency; P2 = other HRIs and
//! low-effort MRIs; P3 = other MRIs. Rank: by priority, then score, so a P3 item is never ranked
//! above a P2 one. Horizon: from the target date when given (≤ 30, ≤ 60, ≤ 90 days after the
//! report date, or later), else P1 → 30 days, P2 → 60, P3 → 90; an item is never scheduled
//! before the items it depends on. Waived items (accepted risk in force) and low-risk findings
//! are not in the plan.

use std::collections::HashMap;

use time::{Date, Duration};

use crate::error::Diagnostic;
use crate::model::assessment::*;
use crate::model::review::Effort;

fn effort_weight(e: Effort) -> i32 {
    match e {
        Effort::Low => 0,
        Effort::Medium => 1,
        Effort::High => 2,
    }
}

fn horizon_for_days(days: i64) -> Horizon {
    match days {
        ..=30 => Horizon::Days30,
        31..=60 => Horizon::Days60,
        61..=90 => Horizon::Days90,
        _ => Horizon::Later,
    }
}

fn next(h: Horizon) -> Horizon {
    match h {
        Horizon::Days30 => Horizon::Days60,
        Horizon::Days60 => Horizon::Days90,
        Horizon::Days90 | Horizon::Later => Horizon::Later,
    }
}

fn horizon_days(h: Horizon) -> i64 {
    match h {
        Horizon::Days30 => 30,
        Horizon::Days60 => 60,
        Horizon::Days90 => 90,
        Horizon::Later => 180,
    }
}

pub(super) fn build(
    questions: &[QuestionResult],
    frameworks: &[FrameworkResult],
    today: Date,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<PlanItem> {
    let at_risk = controls_at_risk(frameworks);
    let open: Vec<&PracticeResult> = questions
        .iter()
        .flat_map(|q| q.practices.iter())
        .filter(|p| {
            matches!(p.finding, Some(Finding::Hri) | Some(Finding::Mri))
                && p.accepted_risk.is_none()
        })
        .collect();
    let open_ids: Vec<&str> = open.iter().map(|p| p.id.as_str()).collect();
    let mut items: Vec<PlanItem> = open
        .iter()
        .map(|p| item(p, &at_risk, &open_ids, today))
        .collect();
    after_dependencies(&mut items);
    target_dates(&mut items, today, warnings);
    // Priority first: ranking by score alone put a P3 item (e.g. score 215) above a P2 one
    // (210), so the rank contradicted the priority shown next to it.
    items.sort_by(|a, b| {
        a.priority
            .cmp(&b.priority)
            .then(b.score.cmp(&a.score))
            .then(a.finding.cmp(&b.finding))
            .then(a.bp.cmp(&b.bp))
    });
    for (i, it) in items.iter_mut().enumerate() {
        it.rank = i as u32 + 1;
    }
    items
}

/// The controls at architectural risk because of each practice (`framework:control`).
fn controls_at_risk(frameworks: &[FrameworkResult]) -> HashMap<&str, Vec<String>> {
    let mut at_risk: HashMap<&str, Vec<String>> = HashMap::new();
    for fw in frameworks {
        for c in fw
            .controls
            .iter()
            .filter(|c| c.status == ControlStatus::ArchitecturalRisk)
        {
            for p in c.practices.iter().filter(|p| {
                p.driving && p.status == crate::model::review::PracticeStatus::NotImplemented
            }) {
                at_risk
                    .entry(p.bp.as_str())
                    .or_default()
                    .push(format!("{}:{}", fw.id, c.id));
            }
        }
    }
    at_risk
}

/// One open HRI or MRI as a plan item: score, priority and horizon (rank set later).
fn item(
    p: &PracticeResult,
    at_risk: &HashMap<&str, Vec<String>>,
    open_ids: &[&str],
    today: Date,
) -> PlanItem {
    let controls = at_risk.get(p.id.as_str()).cloned().unwrap_or_default();
    let effort = p.effort.unwrap_or(Effort::Medium);
    let blocked_by: Vec<String> = p
        .depends_on
        .iter()
        .filter(|d| open_ids.contains(&d.as_str()))
        .cloned()
        .collect();
    let hri = p.finding == Some(Finding::Hri);
    let score = 100 * p.risk_level.weight() as i32 + 5 * (controls.len().min(20) as i32)
        - 10 * effort_weight(effort)
        - if blocked_by.is_empty() { 0 } else { 15 };
    let priority = if hri && effort != Effort::High && blocked_by.is_empty() {
        "P1"
    } else if hri || effort == Effort::Low {
        "P2"
    } else {
        "P3"
    };
    let horizon = match p.target_date {
        Some(t) => horizon_for_days((t - today).whole_days()),
        None => match priority {
            "P1" => Horizon::Days30,
            "P2" => Horizon::Days60,
            _ => Horizon::Days90,
        },
    };
    PlanItem {
        rank: 0,
        bp: p.id.clone(),
        title: p.title.clone(),
        question: p.question.clone(),
        focus_area: p.focus_area.clone(),
        finding: p.finding.unwrap_or(Finding::Mri),
        priority: priority.into(),
        score,
        effort,
        effort_defaulted: p.effort.is_none(),
        impact: p.impact.clone(),
        effort_days: p.effort_days,
        cost: p.cost,
        controls_affected: controls.len() as u32,
        controls,
        depends_on: p.depends_on.clone(),
        blocked_by,
        owner: p.owner.clone(),
        target_date: p.target_date,
        target_defaulted: p.target_date.is_none(),
        horizon,
        notes: p.notes.clone(),
        improvement_url: p.improvement_url.clone(),
        doc_url: p.doc_url.clone(),
    }
}

/// Never before a dependency: an item without its own target moves to the horizon after its
/// latest open dependency (bounded passes, so a dependency cycle cannot loop forever).
fn after_dependencies(items: &mut [PlanItem]) {
    for _ in 0..items.len() {
        let hz: HashMap<String, Horizon> =
            items.iter().map(|i| (i.bp.clone(), i.horizon)).collect();
        let mut changed = false;
        for it in items.iter_mut().filter(|i| i.target_defaulted) {
            for d in &it.blocked_by {
                if let Some(&dh) = hz.get(d)
                    && it.horizon <= dh
                {
                    it.horizon = next(dh);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
}

/// Derived target dates for items without one; a warning for a target already passed.
fn target_dates(items: &mut [PlanItem], today: Date, warnings: &mut Vec<Diagnostic>) {
    for it in items.iter_mut() {
        if it.target_defaulted {
            it.target_date = today.checked_add(Duration::days(horizon_days(it.horizon)));
        } else if let Some(t) = it.target_date
            && t < today
        {
            warnings.push(Diagnostic::warning(
                "target-overdue",
                None,
                format!(
                    "{}: the target date {t} has passed and the practice is still not implemented",
                    it.bp
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalog::RiskLevel;
    use crate::model::review::PracticeStatus;

    fn missing(id: &str, risk: RiskLevel, effort: Option<Effort>, deps: &[&str]) -> PracticeResult {
        PracticeResult {
            id: id.into(),
            title: id.into(),
            question: id[..5].into(),
            choice_id: String::new(),
            risk_level: risk,
            focus_area: "Area".into(),
            status: PracticeStatus::NotImplemented,
            answered_status: PracticeStatus::NotImplemented,
            finding: Some(Finding::for_risk(risk)),
            na_reason: None,
            notes: None,
            owner: None,
            evidence: Vec::new(),
            effort,
            impact: None,
            effort_days: None,
            cost: None,
            target_date: None,
            depends_on: deps.iter().map(|d| d.to_string()).collect(),
            accepted_risk: None,
            controls: Vec::new(),
            doc_url: String::new(),
            improvement_url: String::new(),
            source: None,
            legacy_ids: Vec::new(),
        }
    }

    fn question(practices: Vec<PracticeResult>) -> QuestionResult {
        QuestionResult {
            id: "SEC01".into(),
            number: 1,
            wa_id: String::new(),
            title: String::new(),
            focus_area: "Area".into(),
            risk: QuestionRisk::High,
            reported_risk: None,
            notes: None,
            na_reason: None,
            none_selected: false,
            counts: PracticeCounts::default(),
            improvement_url: String::new(),
            source: None,
            practices,
        }
    }

    /// A framework whose controls are each at architectural risk because of `bp`.
    fn framework(bp: &str, controls: usize) -> FrameworkResult {
        let control = |i: usize| ControlResult {
            id: format!("C{i}"),
            title: String::new(),
            group: String::new(),
            parent_title: None,
            cuecs: Vec::new(),
            scope_note: None,
            outside_scope: None,
            applicability: Default::default(),
            driving: Default::default(),
            relations_cover: true,
            evidence_check: Default::default(),
            attestation: None,
            kind: None,
            theme: None,
            predecessors: Vec::new(),
            responsibility: crate::model::catalog::Responsibility::Customer,
            responsibility_note: None,
            scope: crate::model::catalog::ControlScope::Technical,
            status: ControlStatus::ArchitecturalRisk,
            risk: Some(RiskLevel::Medium),
            reason: String::new(),
            practices: vec![ControlPractice {
                bp: bp.into(),
                title: String::new(),
                relation: crate::model::catalog::Relation::Equal,
                driving: true,
                rationale: String::new(),
                source: String::new(),
                status: PracticeStatus::NotImplemented,
                risk_level: RiskLevel::Medium,
                evidence: Vec::new(),
            }],
            evidence: Vec::new(),
            accepted_risk: None,
            not_applicable_reason: None,
            owners: Vec::new(),
            notes: None,
            target_date: None,
        };
        FrameworkResult {
            id: "fw".into(),
            name: String::new(),
            short_name: String::new(),
            edition: String::new(),
            publisher: String::new(),
            control_noun: String::new(),
            url: None,
            inherited_evidence: None,
            counts: StatusCounts::default(),
            readiness: Readiness::default(),
            supplier_model: Default::default(),
            scope_statement: None,
            parts: Vec::new(),
            excluded: Vec::new(),
            controls: (0..controls).map(control).collect(),
            no_mapping: Vec::new(),
        }
    }

    fn today() -> Date {
        Date::from_calendar_date(2026, time::Month::November, 29).unwrap()
    }

    #[test]
    fn rank_follows_priority_then_score() {
        use RiskLevel::*;
        let q = question(vec![
            // MRI of medium effort with 4 controls at risk: P3, score 200 + 20 − 10 = 210.
            missing("SEC01-BP01", Medium, None, &[]),
            // MRI of low effort: P2, score 200.
            missing("SEC01-BP02", Medium, Some(Effort::Low), &[]),
            // HRI of high effort: P2, score 300 − 20 = 280.
            missing("SEC01-BP03", High, Some(Effort::High), &[]),
            // HRI of low effort: P1, score 300.
            missing("SEC01-BP04", High, Some(Effort::Low), &[]),
            // HRI blocked by BP04: P2, score 300 − 15 = 285.
            missing("SEC01-BP05", High, Some(Effort::Low), &["SEC01-BP04"]),
        ]);
        let mut w = Vec::new();
        let plan = build(&[q], &[framework("SEC01-BP01", 4)], today(), &mut w);
        let got: Vec<(&str, &str, i32, u32)> = plan
            .iter()
            .map(|i| (i.bp.as_str(), i.priority.as_str(), i.score, i.rank))
            .collect();
        assert_eq!(
            got,
            [
                ("SEC01-BP04", "P1", 300, 1),
                ("SEC01-BP05", "P2", 285, 2),
                ("SEC01-BP03", "P2", 280, 3),
                ("SEC01-BP02", "P2", 200, 4),
                ("SEC01-BP01", "P3", 210, 5),
            ]
        );
        assert_eq!(plan[4].controls_affected, 4);
        // Never before a dependency: BP05 (P2 → 60 days) is behind BP04 (P1 → 30 days) anyway;
        // derived target dates are the end of the horizon.
        assert_eq!(plan[0].horizon, Horizon::Days30);
        assert_eq!(plan[1].horizon, Horizon::Days60);
        assert_eq!(plan[1].target_date, today().checked_add(Duration::days(60)));
        assert!(w.is_empty());
    }

    #[test]
    fn a_dependency_pushes_the_horizon_and_waived_items_leave_the_plan() {
        use RiskLevel::*;
        let mut slow = missing("SEC01-BP01", Medium, Some(Effort::Low), &[]);
        slow.target_date = today().checked_add(Duration::days(75)); // given: 61-90 days
        let after = missing("SEC01-BP02", Medium, Some(Effort::Low), &["SEC01-BP01"]);
        let mut waived = missing("SEC01-BP03", High, None, &[]);
        waived.accepted_risk = Some("AR-1".into());
        let mut overdue = missing("SEC01-BP04", High, None, &[]);
        overdue.target_date = today().checked_sub(Duration::days(1));
        let mut w = Vec::new();
        let plan = build(
            &[question(vec![slow, after, waived, overdue])],
            &[],
            today(),
            &mut w,
        );
        let find = |id: &str| plan.iter().find(|i| i.bp == id).unwrap();
        assert_eq!(find("SEC01-BP01").horizon, Horizon::Days90);
        assert_eq!(find("SEC01-BP02").horizon, Horizon::Later);
        assert_eq!(
            find("SEC01-BP02").target_date,
            today().checked_add(Duration::days(180))
        );
        assert!(plan.iter().all(|i| i.bp != "SEC01-BP03"));
        assert_eq!(find("SEC01-BP04").horizon, Horizon::Days30);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].code, "target-overdue");
    }
}
