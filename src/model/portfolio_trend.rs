//! The trend of a portfolio: what changed since an earlier run's `portfolio.json`
//! (`wafr portfolio --baseline OLD/portfolio.json`). Built by `assess::portfolio::trend`;
//! counts only, then and now, so a reader never has to trust a bare percentage. Workloads are
//! matched by their slug (their id in both files).

use serde::{Deserialize, Serialize};
use time::Date;

/// A count then (in the baseline) and now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThenNow {
    /// In the baseline.
    pub then: u32,
    /// Now.
    pub now: u32,
}

impl ThenNow {
    /// A count then and now.
    pub fn new(then: u32, now: u32) -> Self {
        ThenNow { then, now }
    }

    /// now − then.
    pub fn change(&self) -> i64 {
        i64::from(self.now) - i64::from(self.then)
    }
}

/// Readiness as counts: ready (evidenced) of assessed controls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadyOf {
    /// Controls ready (evidenced).
    pub ready: u32,
    /// Controls assessed (the denominator).
    pub assessed: u32,
}

/// One framework's readiness then and now; a side is absent when the framework was not in
/// that run (or the workload was not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadinessTrend {
    /// Framework id.
    pub id: String,
    /// Short name, as the current run (else the baseline) calls it.
    pub short_name: String,
    /// In the baseline.
    pub then: Option<ReadyOf>,
    /// Now.
    pub now: Option<ReadyOf>,
}

/// The portfolio's totals then and now.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendTotals {
    /// Workloads assessed.
    pub workloads: ThenNow,
    /// HRIs, summed over workloads.
    pub hri: ThenNow,
    /// MRIs, summed over workloads.
    pub mri: ThenNow,
    /// Questions at HIGH risk, summed over workloads.
    pub questions_high: ThenNow,
    /// Controls with an evidence gap, summed over frameworks and workloads.
    pub evidence_gaps: ThenNow,
    /// Pooled readiness per framework (Σ ready of Σ assessed), current order, then the
    /// frameworks of the baseline only.
    pub frameworks: Vec<ReadinessTrend>,
}

/// One workload in both runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkloadTrend {
    /// Slug: the matching key.
    pub slug: String,
    /// Name now.
    pub name: String,
    /// HRIs.
    pub hri: ThenNow,
    /// MRIs.
    pub mri: ThenNow,
    /// Controls with an evidence gap, over every framework.
    pub evidence_gaps: ThenNow,
    /// Readiness per framework (ready of assessed), in the order of [`TrendTotals::frameworks`].
    pub frameworks: Vec<ReadinessTrend>,
}

/// A workload in one run only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendWorkload {
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
    /// HRIs in the run it is in.
    pub hri: u32,
    /// MRIs in the run it is in.
    pub mri: u32,
    /// Evidence gaps in the run it is in.
    pub evidence_gaps: u32,
}

/// What changed since the baseline portfolio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioTrend {
    /// The baseline file, as given.
    pub baseline: String,
    /// The baseline's report date (its `generated_on`).
    pub baseline_date: Date,
    /// How workloads are matched: `slug`.
    pub matched_by: String,
    /// Totals then and now (every workload of each run, matched or not).
    pub totals: TrendTotals,
    /// Workloads in both runs, in the current input order.
    pub workloads: Vec<WorkloadTrend>,
    /// Workloads now that the baseline does not have (current input order).
    pub added: Vec<TrendWorkload>,
    /// Workloads of the baseline that are not here now (baseline order).
    pub removed: Vec<TrendWorkload>,
    /// How the comparison was made, where it needs saying (other lens, frameworks on one side).
    pub notes: Vec<String>,
}

impl PortfolioTrend {
    /// The change in one line, as the terminal and the workbook's README say it: `HRIs 8 → 11,
    /// MRIs 18 → 27, evidence gaps 42 → 66; 2 workloads in both runs, 1 added, 0 removed`.
    pub fn summary(&self) -> String {
        let x = &self.totals;
        format!(
            "HRIs {} → {}, MRIs {} → {}, evidence gaps {} → {}; {} in both runs, {} added, {} removed",
            x.hri.then,
            x.hri.now,
            x.mri.then,
            x.mri.now,
            x.evidence_gaps.then,
            x.evidence_gaps.now,
            crate::textfmt::count(self.workloads.len() as u32, "workload", "workloads"),
            self.added.len(),
            self.removed.len()
        )
    }
}
