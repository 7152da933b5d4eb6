//! The trend part of the consolidated PDF: the figures then and now since the baseline
//! portfolio, readiness per framework as ready of assessed then and now, each workload in both
//! runs, and the workloads added and removed; without a baseline, that there is none and how
//! to give one (as the single-workload report says it).

use serde::Serialize;

use super::super::changes::{signed, trend_lower_is_better};
use super::super::data::{DateText, date, ratio_text};
use crate::model::portfolio::Portfolio;
use crate::model::portfolio_trend::{PortfolioTrend, ReadinessTrend, ThenNow, TrendWorkload};
use crate::textfmt::count;

/// Without a baseline: that there is none, and how to give one.
pub(super) const NO_BASELINE: &str = "There is no baseline, so no trend: this report compares with nothing earlier. To show one, run it again with --baseline and the portfolio.json of an earlier wafr portfolio run.";

/// What changed since the baseline portfolio.
#[derive(Debug, Serialize)]
pub struct TrendView {
    /// The baseline's report date.
    pub since: DateText,
    /// The baseline file, as given.
    pub baseline: String,
    /// What changed, in one sentence.
    pub sentence: String,
    /// Headline figures then and now.
    pub figures: Vec<FigureLine>,
    /// Pooled readiness per framework then and now.
    pub readiness: Vec<ReadinessLine>,
    /// Workloads in both runs.
    pub workloads: Vec<WorkloadLine>,
    /// Workloads added.
    pub added: Vec<OneSide>,
    /// Workloads removed.
    pub removed: Vec<OneSide>,
    /// How the comparison was made.
    pub notes: Vec<String>,
}

/// One figure then and now.
#[derive(Debug, Serialize)]
pub struct FigureLine {
    /// What is counted.
    pub label: &'static str,
    /// Then.
    pub then: u32,
    /// Now.
    pub now: u32,
    /// `+2`, `−1`, `±0`.
    pub delta: String,
    /// `better`, `worse`, `unchanged`; empty for a count that is neither (workloads).
    pub trend: &'static str,
}

/// One framework's readiness then and now, in counts.
#[derive(Debug, Serialize)]
pub struct ReadinessLine {
    /// Short name.
    pub short_name: String,
    /// `16 of 31 (51.6%)`, `5 of 15`, `none`, or `not in the run then`.
    pub then: String,
    /// The same, now.
    pub now: String,
    /// `+1 ready, +13 assessed`, or a dash.
    pub delta: String,
    /// `better`, `worse`, `unchanged` or `other`.
    pub trend: &'static str,
}

/// One workload in both runs.
#[derive(Debug, Serialize)]
pub struct WorkloadLine {
    /// Name now.
    pub name: String,
    /// `5 → 4`.
    pub hri: String,
    /// `4 → 4`.
    pub mri: String,
    /// `7 → 9`.
    pub evidence_gaps: String,
    /// `SOC 2: 10 of 15 → 12 of 15`, only for the frameworks whose counts changed.
    pub readiness: Vec<String>,
}

/// A workload in one run only.
#[derive(Debug, Serialize)]
pub struct OneSide {
    /// Name.
    pub name: String,
    /// HRIs.
    pub hri: u32,
    /// MRIs.
    pub mri: u32,
    /// Evidence gaps.
    pub evidence_gaps: u32,
}

fn arrow(x: &ThenNow) -> String {
    format!("{} → {}", x.then, x.now)
}

fn figure(label: &'static str, x: &ThenNow, lower_is_better: bool) -> FigureLine {
    FigureLine {
        label,
        then: x.then,
        now: x.now,
        delta: signed(x.then, x.now),
        trend: if lower_is_better {
            trend_lower_is_better(x.then, x.now)
        } else {
            ""
        },
    }
}

/// `16 of 31 (51.6%)`, or that the run (`then` or `now`) did not have it.
fn side(r: Option<crate::model::portfolio_trend::ReadyOf>, when: &str) -> String {
    r.map_or_else(
        || format!("not in the run {when}"),
        |r| ratio_text(r.ready, r.assessed),
    )
}

fn readiness_line(f: &ReadinessTrend) -> ReadinessLine {
    let (delta, trend) = match (f.then, f.now) {
        (Some(b), Some(a)) => {
            // ready ÷ assessed then and now, compared without dividing.
            let (then, now) = (
                u64::from(b.ready) * u64::from(a.assessed),
                u64::from(a.ready) * u64::from(b.assessed),
            );
            let trend = match (b.assessed, a.assessed) {
                (0, _) | (_, 0) => "other",
                _ if now > then => "better",
                _ if now < then => "worse",
                _ => "unchanged",
            };
            (
                format!(
                    "{} ready, {} assessed",
                    signed(b.ready, a.ready),
                    signed(b.assessed, a.assessed)
                ),
                trend,
            )
        }
        _ => ("—".to_owned(), "other"),
    };
    ReadinessLine {
        short_name: f.short_name.clone(),
        then: side(f.then, "then"),
        now: side(f.now, "now"),
        delta,
        trend,
    }
}

fn one_side(w: &TrendWorkload) -> OneSide {
    OneSide {
        name: w.name.clone(),
        hri: w.hri,
        mri: w.mri,
        evidence_gaps: w.evidence_gaps,
    }
}

/// `HRIs 8 → 9, MRIs 5 → 7 and evidence gaps 10 → 18 over 3 → 3 workloads; 1 workload
/// added, 1 removed.`
fn sentence(t: &PortfolioTrend) -> String {
    let x = &t.totals;
    format!(
        "Since {}: HRIs {}, MRIs {} and controls with an evidence gap {}, over {} → {} workloads; {} added, {} removed.",
        date(t.baseline_date).short,
        arrow(&x.hri),
        arrow(&x.mri),
        arrow(&x.evidence_gaps),
        x.workloads.then,
        x.workloads.now,
        count(t.added.len() as u32, "workload", "workloads"),
        t.removed.len(),
    )
}

/// Builds the view of the trend, when there is one.
pub(super) fn build(p: &Portfolio) -> Option<TrendView> {
    let t = p.trend.as_ref()?;
    let x = &t.totals;
    Some(TrendView {
        since: date(t.baseline_date),
        baseline: t.baseline.clone(),
        sentence: sentence(t),
        figures: vec![
            figure("Workloads assessed", &x.workloads, false),
            figure("High Risk Issues (HRIs)", &x.hri, true),
            figure("Medium Risk Issues (MRIs)", &x.mri, true),
            figure("Questions at high risk", &x.questions_high, true),
            figure("Controls with evidence gaps", &x.evidence_gaps, true),
        ],
        readiness: x.frameworks.iter().map(readiness_line).collect(),
        workloads: t
            .workloads
            .iter()
            .map(|w| WorkloadLine {
                name: w.name.clone(),
                hri: arrow(&w.hri),
                mri: arrow(&w.mri),
                evidence_gaps: arrow(&w.evidence_gaps),
                readiness: w
                    .frameworks
                    .iter()
                    .filter(|f| f.then != f.now)
                    .map(|f| {
                        let (then, now) = (side(f.then, "then"), side(f.now, "now"));
                        format!("{}: {then} → {now}", f.short_name)
                    })
                    .collect(),
            })
            .collect(),
        added: t.added.iter().map(one_side).collect(),
        removed: t.removed.iter().map(one_side).collect(),
        notes: t.notes.clone(),
    })
}
