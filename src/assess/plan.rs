//! The improvement plan: every HRI and MRI, ranked, with a 30/60/90-day horizon.
//!
//! Score (higher first) = 100 × risk weight (High 3, Medium 2)
//!                      + 5 × controls at architectural risk because of it (at most 20)
//!                      − 10 × effort (Low 0, Medium 1, High 2; Medium when not given)
//!                      − 15 when it depends on another open item.
//! Priority: P1 = HRI of low or medium effort with no open dependency; P2 = other HRIs and
//! low-effort MRIs; P3 = other MRIs. Horizon: from the target date when given (≤ 30, ≤ 60,
//! ≤ 90 days after the report date, or later), else P1 → 30 days, P2 → 60, P3 → 90; an item is
//! never scheduled before the items it depends on. Waived items (accepted risk in force) and
//! low-risk findings are not in the plan.

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
    // Controls at architectural risk because of each practice.
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
        .map(|p| {
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
        })
        .collect();
    // Never before a dependency (bounded passes, so a dependency cycle cannot loop forever).
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
    for it in &mut items {
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
    items.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(a.finding.cmp(&b.finding))
            .then(a.bp.cmp(&b.bp))
    });
    for (i, it) in items.iter_mut().enumerate() {
        it.rank = i as u32 + 1;
    }
    items
}
