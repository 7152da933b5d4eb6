//! The improvement plan: the top risks and the 30/60/90-day roadmap, `top_risks` and `plan`
//! of the view model.

use serde::Serialize;

use crate::model::assessment::{Assessment, Finding, Horizon, PlanItem};
use crate::render::pdf::data::{DateText, date};

/// How many HRIs the "top risks" section shows.
pub const TOP_RISKS: usize = 5;

/// One plan item.
#[derive(Debug, Serialize)]
pub struct PlanItemView {
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
pub struct PlanView {
    /// Items.
    pub total: u32,
    /// HRIs among them.
    pub hri: u32,
    /// MRIs among them.
    pub mri: u32,
    /// 0–30, 31–60, 61–90 days and later, each with its items (HRIs first, then by rank).
    /// Every horizon is listed, empty ones too.
    pub horizons: Vec<HorizonView>,
}

/// One horizon of the roadmap.
#[derive(Debug, Serialize)]
pub struct HorizonView {
    /// `30d`, `60d`, `90d`, `later`.
    pub key: &'static str,
    /// `0-30 days`…
    pub label: &'static str,
    /// HRIs.
    pub hri: u32,
    /// MRIs.
    pub mri: u32,
    /// Items.
    pub items: Vec<PlanItemView>,
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

fn plan_item(a: &Assessment, p: &PlanItem) -> PlanItemView {
    let question_title = a
        .questions
        .iter()
        .find(|q| q.id == p.question)
        .map(|q| q.title.clone())
        .unwrap_or_default();
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
        owner: p.owner.clone(),
        target: p.target_date.map(date),
        target_defaulted: p.target_defaulted,
        horizon: horizon_key(p.horizon),
        horizon_label: p.horizon.label(),
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

/// The roadmap: every horizon, empty ones too, each with its items (HRIs first, then by rank).
pub(super) fn plan(a: &Assessment) -> PlanView {
    let horizons = [
        Horizon::Days30,
        Horizon::Days60,
        Horizon::Days90,
        Horizon::Later,
    ]
    .into_iter()
    .map(|h| {
        let mut items: Vec<&PlanItem> = a.plan.iter().filter(|p| p.horizon == h).collect();
        // HRIs first, then by rank (the plan's order).
        items.sort_by_key(|p| (p.finding, p.rank));
        HorizonView {
            key: horizon_key(h),
            label: h.label(),
            hri: count(&items, Finding::Hri),
            mri: count(&items, Finding::Mri),
            items: items.into_iter().map(|p| plan_item(a, p)).collect(),
        }
    })
    .collect();
    let all: Vec<&PlanItem> = a.plan.iter().collect();
    PlanView {
        total: a.plan.len() as u32,
        hri: count(&all, Finding::Hri),
        mri: count(&all, Finding::Mri),
        horizons,
    }
}
