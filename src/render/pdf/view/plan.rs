//! The improvement plan: the top risks with what they could mean for the business, the
//! risk-by-effort grid and the 30/60/90-day roadmap with its effort and cost per horizon,
//! `top_risks`, `effort_grid` and `plan` of the view model.

use serde::Serialize;
use time::Date;

use crate::model::assessment::{Assessment, Finding, Horizon, PlanItem};
use crate::model::review::Effort;
use crate::render::pdf::data::{DateText, date, trimmed};

/// How many HRIs the "top risks" section shows.
pub(crate) const TOP_RISKS: usize = 5;

/// One plan item.
#[derive(Debug, Serialize)]
pub(crate) struct PlanItemView {
    /// 1-based rank.
    pub rank: u32,
    /// BP id.
    pub bp: String,
    /// BP title.
    pub title: String,
    /// Question id.
    pub question: String,
    /// Question title.
    pub question_title: String,
    /// Focus area.
    pub focus_area: String,
    /// `HRI` or `MRI`.
    pub finding: &'static str,
    /// `P1`…`P3`.
    pub priority: String,
    /// Effort label.
    pub effort: &'static str,
    /// The effort was not given (Medium assumed).
    pub effort_defaulted: bool,
    /// Estimated person-days, when given (`12.5`).
    pub effort_days: Option<String>,
    /// Estimated cost, when given (`30,000`).
    pub cost: Option<String>,
    /// What could happen to the business, as the review states it.
    pub impact: Option<String>,
    /// Without one: the typical consequence of a gap in its focus area (Security Pillar).
    pub typical_impact: Option<&'static str>,
    /// The target is later than its priority allows: why, in words; else null.
    pub late: Option<String>,
    /// Owner, or null.
    pub owner: Option<String>,
    /// Target date.
    pub target: Option<DateText>,
    /// The target date was derived from the horizon.
    pub target_defaulted: bool,
    /// Horizon key (`30d`, `60d`, `90d`, `later`).
    pub horizon: &'static str,
    /// Horizon label.
    pub horizon_label: &'static str,
    /// Days from the report date to the target.
    pub days: Option<i64>,
    /// Dependencies (BP ids).
    pub depends_on: Vec<String>,
    /// Dependencies that are still open items.
    pub blocked_by: Vec<String>,
    /// Controls at architectural risk because of it.
    pub controls_affected: u32,
    /// Those controls, grouped by framework: `SOC 2: CC6.1, CC6.6`.
    pub controls_by_framework: Vec<String>,
    /// The reviewer's notes, verbatim.
    pub notes: Option<String>,
    /// Improvement plan page.
    pub improvement_url: String,
}

/// The roadmap.
#[derive(Debug, Serialize)]
pub(crate) struct PlanView {
    /// Items.
    pub total: u32,
    /// HRIs among them.
    pub hri: u32,
    /// MRIs among them.
    pub mri: u32,
    /// 0–30, 31–60, 61–90 days and later, each with its items in rank order. Every horizon
    /// is listed, empty ones too.
    pub horizons: Vec<HorizonView>,
    /// Items whose target is later than their priority allows.
    pub late: u32,
    /// Some item has an effort in days or a cost.
    pub estimated: bool,
}

/// One horizon of the roadmap.
#[derive(Debug, Serialize)]
pub(crate) struct HorizonView {
    /// `30d`, `60d`, `90d`, `later`.
    pub key: &'static str,
    /// `0-30 days`…
    pub label: &'static str,
    /// HRIs.
    pub hri: u32,
    /// MRIs.
    pub mri: u32,
    /// Σ person-days of the items that give them (`12.5`), else null.
    pub effort_days: Option<String>,
    /// Σ cost of the items that give one (`30,000`), else null.
    pub cost: Option<String>,
    /// Items with an effort in days.
    pub with_days: u32,
    /// Items with a cost.
    pub with_cost: u32,
    /// Items.
    pub items: Vec<PlanItemView>,
}

/// HRIs and MRIs of the plan by effort: quick wins (low effort) first.
#[derive(Debug, Serialize)]
pub(crate) struct EffortGrid {
    /// `Low`, `Medium`, `High`.
    pub efforts: Vec<&'static str>,
    /// `HRI` then `MRI`, each with one cell per effort.
    pub rows: Vec<EffortRow>,
    /// The grid in one sentence, for screen readers.
    pub alt: String,
}

/// One finding of the effort grid.
#[derive(Debug, Serialize)]
pub(crate) struct EffortRow {
    /// `HRI`, `MRI`.
    pub finding: &'static str,
    /// Per effort: the plan items (BP ids, in rank order).
    pub cells: Vec<Vec<String>>,
}

fn horizon_key(h: Horizon) -> &'static str {
    match h {
        Horizon::Days30 => "30d",
        Horizon::Days60 => "60d",
        Horizon::Days90 => "90d",
        Horizon::Later => "later",
    }
}

/// `framework:control` ids grouped by framework short name, in framework order.
fn controls_by_framework(a: &Assessment, controls: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for f in &a.frameworks {
        let prefix = format!("{}:", f.id);
        let ids: Vec<&str> = controls
            .iter()
            .filter_map(|c| c.strip_prefix(&prefix))
            .collect();
        if !ids.is_empty() {
            out.push(format!("{}: {}", f.short_name, ids.join(", ")));
        }
    }
    out
}

/// The days a priority allows for its target: P1 30, P2 60, P3 90 (`docs/statuses.md`).
fn allowed_days(priority: &str) -> Option<i64> {
    match priority {
        "P1" => Some(30),
        "P2" => Some(60),
        "P3" => Some(90),
        _ => None,
    }
}

/// Why a target is later than the priority allows, or `None`.
pub(super) fn late(p: &PlanItem, today: Date) -> Option<String> {
    let days = (p.target_date? - today).whole_days();
    let allowed = allowed_days(&p.priority)?;
    (days > allowed).then(|| {
        if p.target_defaulted {
            format!(
                "pushed to {days} days by its dependencies; {} asks for {allowed}",
                p.priority
            )
        } else {
            format!("due in {days} days; {} asks for {allowed}", p.priority)
        }
    })
}

/// The typical consequence for the business of a gap in a Security Pillar focus area, for a
/// finding whose review states no `impact`.
fn typical_impact(focus_area: &str) -> Option<&'static str> {
    Some(match focus_area {
        "Security foundations" => {
            "Security is not governed as a whole: risks go unmanaged and accountability is unclear."
        }
        "Identity and access management" => {
            "An attacker or insider could reach systems and data they should not, with stolen or excessive credentials."
        }
        "Detection" => "An attack or misuse could go unnoticed, and run longer and cost more.",
        "Infrastructure protection" => {
            "An attacker could reach the network or the servers, or move through them."
        }
        "Data protection" => {
            "Customer or business data could be exposed, altered or lost, with notification duties and fines."
        }
        "Incident response" => {
            "An incident would take longer and cost more to contain and recover from."
        }
        "Application security" => {
            "Vulnerable code or components could reach production and customers."
        }
        _ => return None,
    })
}

pub(super) fn plan_item(a: &Assessment, p: &PlanItem) -> PlanItemView {
    let question_title = a
        .questions
        .iter()
        .find(|q| q.id == p.question)
        .map(|q| q.title.clone())
        .unwrap_or_default();
    let impact = trimmed(&p.impact);
    PlanItemView {
        rank: p.rank,
        bp: p.bp.clone(),
        title: p.title.clone(),
        question: p.question.clone(),
        question_title,
        focus_area: p.focus_area.clone(),
        finding: p.finding.names().abbrev,
        priority: p.priority.clone(),
        effort: p.effort.label(),
        effort_defaulted: p.effort_defaulted,
        effort_days: p.effort_days.map(crate::textfmt::amount),
        cost: p
            .cost
            .map(|c| crate::textfmt::money(c, a.workload.currency.as_deref())),
        typical_impact: if impact.is_none() {
            typical_impact(&p.focus_area)
        } else {
            None
        },
        impact,
        late: late(p, a.generated_on),
        owner: p.owner.clone(),
        target: p.target_date.map(date),
        target_defaulted: p.target_defaulted,
        horizon: horizon_key(p.horizon),
        horizon_label: p.horizon.label(),
        days: p.target_date.map(|t| (t - a.generated_on).whole_days()),
        depends_on: p.depends_on.clone(),
        blocked_by: p.blocked_by.clone(),
        controls_affected: p.controls_affected,
        controls_by_framework: controls_by_framework(a, &p.controls),
        notes: p.notes.clone(),
        improvement_url: p.improvement_url.clone(),
    }
}

/// The highest-priority HRIs.
pub(super) fn top_risks(a: &Assessment) -> Vec<PlanItemView> {
    a.plan
        .iter()
        .filter(|p| p.finding == Finding::Hri)
        .take(TOP_RISKS)
        .map(|p| plan_item(a, p))
        .collect()
}

fn count(items: &[&PlanItem], f: Finding) -> u32 {
    items.iter().filter(|p| p.finding == f).count() as u32
}

/// A sum over the items that give a figure, and how many do.
fn total(items: &[&PlanItem], f: impl Fn(&PlanItem) -> Option<f64>) -> (Option<f64>, u32) {
    let given: Vec<f64> = items.iter().filter_map(|p| f(p)).collect();
    if given.is_empty() {
        (None, 0)
    } else {
        (Some(given.iter().sum()), given.len() as u32)
    }
}

/// The roadmap: every horizon, empty ones too, each with its items in rank order.
pub(super) fn plan(a: &Assessment) -> PlanView {
    let horizons: Vec<HorizonView> = [
        Horizon::Days30,
        Horizon::Days60,
        Horizon::Days90,
        Horizon::Later,
    ]
    .into_iter()
    .map(|h| {
        let mut items: Vec<&PlanItem> = a.plan.iter().filter(|p| p.horizon == h).collect();
        // The rank already orders by priority, then score: keep it, so the ranks read in
        // order within each horizon.
        items.sort_by_key(|p| p.rank);
        let (effort_days, with_days) = total(&items, |p| p.effort_days);
        let (cost, with_cost) = total(&items, |p| p.cost);
        let effort_days = effort_days.map(crate::textfmt::amount);
        let cost = cost.map(|c| crate::textfmt::money(c, a.workload.currency.as_deref()));
        HorizonView {
            key: horizon_key(h),
            label: h.label(),
            hri: count(&items, Finding::Hri),
            mri: count(&items, Finding::Mri),
            effort_days,
            cost,
            with_days,
            with_cost,
            items: items.into_iter().map(|p| plan_item(a, p)).collect(),
        }
    })
    .collect();
    let all: Vec<&PlanItem> = a.plan.iter().collect();
    PlanView {
        total: a.plan.len() as u32,
        hri: count(&all, Finding::Hri),
        mri: count(&all, Finding::Mri),
        late: a
            .plan
            .iter()
            .filter(|p| late(p, a.generated_on).is_some())
            .count() as u32,
        estimated: horizons.iter().any(|h| h.with_days + h.with_cost > 0),
        horizons,
    }
}

/// The plan's HRIs and MRIs by effort, quick wins (low effort) first.
pub(super) fn effort_grid(a: &Assessment) -> EffortGrid {
    let efforts = [Effort::Low, Effort::Medium, Effort::High];
    let rows: Vec<EffortRow> = [Finding::Hri, Finding::Mri]
        .into_iter()
        .map(|f| EffortRow {
            finding: f.names().abbrev,
            cells: efforts
                .iter()
                .map(|&e| {
                    a.plan
                        .iter()
                        .filter(|p| p.finding == f && p.effort == e)
                        .map(|p| p.bp.clone())
                        .collect()
                })
                .collect(),
        })
        .collect();
    let parts: Vec<String> = rows
        .iter()
        .map(|r| {
            let cells: Vec<String> = efforts
                .iter()
                .zip(&r.cells)
                .map(|(e, c)| format!("{} of {} effort", c.len(), e.label().to_lowercase()))
                .collect();
            format!("{}s {}", r.finding, cells.join(", "))
        })
        .collect();
    EffortGrid {
        efforts: efforts.iter().map(|e| e.label()).collect(),
        alt: format!("Open findings of the plan by effort: {}.", parts.join("; ")),
        rows,
    }
}
