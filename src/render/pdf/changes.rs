//! The "changes since the last review" part of the PDF view model, built from the baseline
//! comparison (`Assessment::comparison`). Labels and signs are computed here, so the template
//! only lays them out; every change reads without colour ("better", "worse").

use serde::Serialize;

use super::data::{DateText, date};
use crate::model::assessment::{ControlStatus, Finding};
use crate::model::comparison::{Comparison, Direction, PracticeChange};
use crate::model::review::PracticeStatus;

/// Changes since the baseline review.
#[derive(Debug, Serialize)]
pub(crate) struct ChangesView {
    /// `review of 15 April 2026, milestone "Q2 2026 review"`.
    pub baseline: String,
    /// Date the baseline was assessed as of.
    pub assessed_as_of: DateText,
    /// Headline figures then and now.
    pub figures: Vec<FigureChange>,
    /// Count per category, in report order (zero counts included).
    pub categories: Vec<CategoryCount>,
    /// Practices resolved, regressed and new (the lists an executive reads).
    pub resolved: Vec<PracticeLine>,
    /// Practices that were implemented or not applicable and are now HRIs/MRIs.
    pub regressed: Vec<PracticeLine>,
    /// HRIs/MRIs in practices unanswered or absent in the baseline.
    pub new: Vec<PracticeLine>,
    /// Readiness per framework then and now.
    pub readiness: Vec<ReadinessLine>,
    /// Controls whose status changed: counts.
    pub controls_better: u32,
    /// Controls worse now.
    pub controls_worse: u32,
    /// Controls changed otherwise (scope, or kind of gap).
    pub controls_other: u32,
    /// The controls that got worse, every one.
    pub worse_controls: Vec<ControlLine>,
    /// Notes on how the comparison was made.
    pub notes: Vec<String>,
}

/// One headline figure then and now.
#[derive(Debug, Serialize)]
pub(crate) struct FigureChange {
    /// What is counted.
    pub label: String,
    /// Baseline.
    pub before: u32,
    /// Now.
    pub after: u32,
    /// `+2`, `−1`, `±0`.
    pub delta: String,
    /// `better`, `worse` or `unchanged` (lower is better for every figure here).
    pub trend: &'static str,
}

/// A category and its count.
#[derive(Debug, Serialize)]
pub(crate) struct CategoryCount {
    /// Label.
    pub label: &'static str,
    /// Count.
    pub count: u32,
}

/// One practice that changed.
#[derive(Debug, Serialize)]
pub(crate) struct PracticeLine {
    /// BP id.
    pub bp: String,
    /// Title.
    pub title: String,
    /// `HRI`, `Implemented`, `Not applicable`, `Unanswered`…
    pub before: String,
    /// The same, now.
    pub after: String,
    /// Owner.
    pub owner: Option<String>,
    /// Waiver in force now.
    pub accepted_risk: Option<String>,
}

/// Readiness of one framework then and now.
#[derive(Debug, Serialize)]
pub(crate) struct ReadinessLine {
    /// Short name.
    pub short_name: String,
    /// `5 of 43 (11.6%)`; no percentage below thirty (`data::ratio_text`).
    pub before: String,
    /// `10 of 45 (22.2%)`.
    pub after: String,
    /// `+5 ready, +2 assessed`: the change in counts.
    pub delta: String,
    /// `better`, `worse`, `unchanged` or `other`.
    pub trend: &'static str,
}

/// A control whose status changed.
#[derive(Debug, Serialize)]
pub(crate) struct ControlLine {
    /// `SOC 2 CC6.6`.
    pub control: String,
    /// Title.
    pub title: String,
    /// Status then.
    pub before: String,
    /// Status now.
    pub after: String,
}

pub(crate) fn signed(before: u32, after: u32) -> String {
    match i64::from(after) - i64::from(before) {
        0 => "±0".into(),
        d if d > 0 => format!("+{d}"),
        d => format!("−{}", -d),
    }
}

pub(crate) fn trend_lower_is_better(before: u32, after: u32) -> &'static str {
    match after.cmp(&before) {
        std::cmp::Ordering::Less => "better",
        std::cmp::Ordering::Greater => "worse",
        std::cmp::Ordering::Equal => "unchanged",
    }
}

fn state(s: Option<PracticeStatus>, f: Option<Finding>) -> String {
    match (s, f) {
        (_, Some(f)) => f.names().change.into(),
        (Some(s), None) => s.label().into(),
        (None, None) => "Not in the review".into(),
    }
}

fn line(p: &PracticeChange) -> PracticeLine {
    PracticeLine {
        bp: p.bp.clone(),
        title: p.title.clone(),
        before: state(p.before, p.before_finding),
        after: state(p.after, p.after_finding),
        owner: p.owner.clone(),
        accepted_risk: p.after_accepted_risk.clone(),
    }
}

fn status_text(s: ControlStatus, r: Option<crate::model::catalog::RiskLevel>) -> String {
    match r {
        Some(r) if s == ControlStatus::ArchitecturalRisk => format!("{} ({r})", s.label()),
        _ => s.label().to_owned(),
    }
}

/// Builds the view of a comparison.
pub(crate) fn build(c: &Comparison) -> ChangesView {
    let n = &c.counts;
    ChangesView {
        baseline: baseline(c),
        assessed_as_of: date(c.baseline.assessed_as_of),
        figures: figures(c),
        categories: categories(c),
        resolved: c.resolved.iter().map(line).collect(),
        regressed: c.regressed.iter().map(line).collect(),
        new: c.new.iter().map(line).collect(),
        readiness: readiness(c),
        controls_better: n.controls_better,
        controls_worse: n.controls_worse,
        controls_other: n.controls_other,
        worse_controls: worse_controls(c),
        notes: c.notes.clone(),
    }
}

/// `review of 15 April 2026, milestone "Q2 2026 review"`.
pub(crate) fn baseline(c: &Comparison) -> String {
    let mut baseline = match c.baseline.review_date {
        Some(d) => format!("review of {}", date(d).long),
        None => "undated review".to_owned(),
    };
    if let Some(m) = &c.baseline.milestone {
        baseline.push_str(&format!(", milestone \"{m}\""));
    }
    baseline
}

/// Headline figures then and now (lower is better for each).
fn figures(c: &Comparison) -> Vec<FigureChange> {
    let (b, a) = (&c.before, &c.after);
    let fig = |label: &str, before: u32, after: u32| FigureChange {
        label: label.to_owned(),
        before,
        after,
        delta: signed(before, after),
        trend: trend_lower_is_better(before, after),
    };
    vec![
        fig("High Risk Issues (HRIs)", b.hri, a.hri),
        fig("Medium Risk Issues (MRIs)", b.mri, a.mri),
        fig("Questions at high risk", b.questions_high, a.questions_high),
        fig(
            "Controls with evidence gaps",
            b.evidence_gaps,
            a.evidence_gaps,
        ),
        fig(
            "Questions unanswered",
            b.questions_total - b.questions_answered,
            a.questions_total - a.questions_answered,
        ),
    ]
}

/// The count per category, in report order, zero counts included.
fn categories(c: &Comparison) -> Vec<CategoryCount> {
    let n = &c.counts;
    vec![
        CategoryCount {
            label: "Resolved",
            count: n.resolved,
        },
        CategoryCount {
            label: "Regressed",
            count: n.regressed,
        },
        CategoryCount {
            label: "New",
            count: n.new,
        },
        CategoryCount {
            label: "Still open",
            count: n.still_open,
        },
        CategoryCount {
            label: "Risk level changed",
            count: n.risk_changed,
        },
        CategoryCount {
            label: "No longer applicable",
            count: n.no_longer_applicable,
        },
        CategoryCount {
            label: "No longer answered",
            count: n.no_longer_answered,
        },
    ]
}

/// Readiness per framework then and now, in counts (a change in percentage points on small
/// denominators would mislead).
fn readiness(c: &Comparison) -> Vec<ReadinessLine> {
    c.readiness
        .iter()
        .map(|r| {
            let (b, a) = (&r.before, &r.after);
            // ready ÷ assessed then and now, compared without dividing.
            let (then, now) = (
                u64::from(b.evidenced) * u64::from(a.assessed),
                u64::from(a.evidenced) * u64::from(b.assessed),
            );
            ReadinessLine {
                short_name: r.short_name.clone(),
                before: super::data::ratio_text(b.evidenced, b.assessed),
                after: super::data::ratio_text(a.evidenced, a.assessed),
                delta: format!(
                    "{} ready, {} assessed",
                    signed(b.evidenced, a.evidenced),
                    signed(b.assessed, a.assessed)
                ),
                trend: match (b.assessed, a.assessed) {
                    (0, _) | (_, 0) => "other",
                    _ if now > then => "better",
                    _ if now < then => "worse",
                    _ => "unchanged",
                },
            }
        })
        .collect()
}

/// Every control that got worse.
fn worse_controls(c: &Comparison) -> Vec<ControlLine> {
    c.controls
        .iter()
        .filter(|ch| ch.direction == Direction::Worse)
        .map(|ch| ControlLine {
            control: format!("{} {}", ch.framework_name, ch.control),
            title: ch.title.clone(),
            before: status_text(ch.before, ch.before_risk),
            after: status_text(ch.after, ch.after_risk),
        })
        .collect()
}
