//! The portfolio roll-up: what `portfolio.json` holds and what the consolidated PDF and XLSX
//! read. Built by `assess::portfolio` from one assessment per workload; only counts, ids and
//! short texts are kept per workload, so a portfolio of thousands of workloads stays small.
//! Pure data, as the rest of the model: serde types, no I/O.
//!
//! The roll-up rules are stated in [`Portfolio::rules`] (and in `docs/portfolio.md`): counts
//! add up over workloads, readiness is given per workload and pooled (Σ evidenced ÷ Σ
//! assessed over every workload × control pair), never as an average of percentages.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::{Diagnostic, Error};
use crate::model::assessment::{Period, PracticeCounts, Readiness, StatusCounts, ToolInfo};
use crate::model::catalog::RiskLevel;

/// Version of the `portfolio.json` format.
pub const PORTFOLIO_SCHEMA: &str = "wafr/portfolio/1";

/// How many workloads the "most architectural risk" and "most evidence gaps" lists hold.
pub const TOP_WORKLOADS: usize = 10;

/// How many practices the "most often missing" list holds.
pub const TOP_PRACTICES: usize = 15;

/// The whole roll-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Portfolio {
    /// `wafr/portfolio/1`.
    pub schema: String,
    /// Tool.
    pub tool: ToolInfo,
    /// Report date (`--date`): every workload is assessed as of this date.
    pub generated_on: Date,
    /// Audit period, when given.
    pub period: Option<Period>,
    /// The lens every workload was assessed against.
    pub lens: PortfolioLens,
    /// The roll-up rules, in words: how counts add up and how readiness is aggregated.
    pub rules: Vec<Rule>,
    /// Totals over the workloads that were assessed.
    pub totals: Totals,
    /// Readiness and control statuses per framework, over every workload.
    pub frameworks: Vec<FrameworkRollup>,
    /// Every workload assessed, in input order.
    pub workloads: Vec<WorkloadRollup>,
    /// Every practice of the lens, in catalog order, with the workloads that miss it.
    pub practices: Vec<PracticeRollup>,
    /// Practices most often not implemented (ids, most workloads first; at most
    /// [`TOP_PRACTICES`], only practices missing somewhere).
    pub most_missing: Vec<String>,
    /// Workloads with the most architectural risk (slugs: most HRIs, then MRIs; at most
    /// [`TOP_WORKLOADS`], only workloads with an HRI or MRI).
    pub most_architectural_risk: Vec<String>,
    /// Workloads with the most evidence gaps (slugs: most controls with evidence missing or
    /// stale over all frameworks; at most [`TOP_WORKLOADS`], only workloads with a gap).
    pub most_evidence_gaps: Vec<String>,
    /// Workloads whose review is older than 12 months on the report date (slugs, oldest first).
    pub stale_reviews: Vec<String>,
    /// Workloads whose review states no date (slugs).
    pub undated_reviews: Vec<String>,
    /// Workloads reviewed on a lens version that is not the current one (slugs).
    pub lens_not_current: Vec<String>,
    /// Inputs that could not be assessed or reported, with their located errors. They are in
    /// no count.
    pub failed: Vec<FailedWorkload>,
    /// Files and folders found in the inputs but not read, with why.
    pub skipped: Vec<Skipped>,
    /// Every pillar of the catalog, in its order, with the workloads whose reviews cover it
    /// and their counts added up (absent in a `portfolio.json` of an earlier wafr).
    #[serde(default)]
    pub pillars: Vec<PillarRollup>,
    /// What changed since an earlier run's `portfolio.json` (`--baseline`); absent without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trend: Option<crate::model::portfolio_trend::PortfolioTrend>,
}

/// The lens of the portfolio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortfolioLens {
    /// Catalog id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Current version.
    pub version: String,
}

/// One roll-up rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// What it is about (`counts`, `readiness` …).
    pub topic: String,
    /// The rule in one or two sentences.
    pub rule: String,
}

/// Totals over the assessed workloads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// Workloads found in the inputs.
    pub workloads_found: u32,
    /// Workloads assessed (in every count).
    pub workloads_assessed: u32,
    /// Workloads whose inputs failed (in no count).
    pub workloads_failed: u32,
    /// Practice counts, summed over workloads (a practice missing in five workloads counts five).
    pub practices: PracticeCounts,
    /// Questions at HIGH risk, summed over workloads.
    pub questions_high: u32,
    /// Questions at MEDIUM risk, summed over workloads.
    pub questions_medium: u32,
    /// Questions unanswered, summed over workloads.
    pub questions_unanswered: u32,
    /// Workloads with at least one HRI.
    pub workloads_with_hri: u32,
    /// Workloads with at least one HRI or MRI.
    pub workloads_with_hri_or_mri: u32,
    /// Controls with an evidence gap (any kind), summed over frameworks and workloads.
    pub evidence_gaps: u32,
    /// Accepted risks in force, summed over workloads.
    pub accepted_risks_in_force: u32,
    /// Workloads whose review is older than 12 months.
    pub stale_reviews: u32,
    /// Workloads whose review has no date.
    pub undated_reviews: u32,
    /// Workloads reviewed on a lens version that is not the current one.
    pub lens_not_current: u32,
}

/// Readiness pooled over workloads: the same figures as a workload's [`Readiness`] (Σ evidenced,
/// Σ implemented, Σ assessed, the percentages and the formula with its raw counts), computed
/// by the same function over the summed status counts; only the formula's words differ.
pub type PooledReadiness = Readiness;

/// How the per-workload readiness figures of one framework spread: lowest, middle, highest.
/// Not an average: the middle value is one workload's own figure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// Lowest per-workload readiness, in percent.
    pub min: f64,
    /// The middle per-workload readiness (the lower middle one when the count is even).
    pub median: f64,
    /// Highest per-workload readiness.
    pub max: f64,
    /// Workloads with a readiness figure (something assessed).
    pub workloads: u32,
}

/// One control across workloads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControlRollup {
    /// Control id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Group.
    pub group: String,
    /// Number of workloads per status of this control.
    pub workloads: StatusCounts,
}

/// One framework across workloads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrameworkRollup {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Short name.
    pub short_name: String,
    /// Edition.
    pub edition: String,
    /// What a control is called.
    pub control_noun: String,
    /// How AWS-operated controls count (carve-out or supplier-operated).
    #[serde(default)]
    pub supplier_model: crate::model::catalog::SupplierModel,
    /// Controls of the framework.
    pub controls_total: u32,
    /// Workload × control pairs per status (each workload's counts added up).
    pub counts: StatusCounts,
    /// Pooled readiness.
    pub pooled: PooledReadiness,
    /// Spread of the per-workload readiness figures; absent when no workload has one.
    pub spread: Option<Spread>,
    /// Workloads at 100 % readiness.
    pub workloads_fully_evidenced: u32,
    /// Every control with the number of workloads per status, in catalog order.
    pub controls: Vec<ControlRollup>,
}

/// One framework of one workload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkloadFramework {
    /// Framework id.
    pub id: String,
    /// Controls per status.
    pub counts: StatusCounts,
    /// Evidenced controls.
    pub evidenced: u32,
    /// Assessed controls (the denominator).
    pub assessed: u32,
    /// evidenced ÷ assessed in percent, one decimal.
    pub percent: Option<f64>,
}

impl WorkloadFramework {
    /// Controls with an evidence gap: missing, unverified, stale, partial, or AWS's
    /// attestation missing.
    pub fn evidence_gaps(&self) -> u32 {
        self.counts.evidence_gaps()
    }
}

/// One workload, as the roll-up keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkloadRollup {
    /// Unique, file-name-safe id (`--each` writes its reports into `DIR/<slug>/`).
    pub slug: String,
    /// Workload name (the review's, else the input's name).
    pub name: String,
    /// The input files, as given or found.
    pub inputs: Vec<String>,
    /// Organisation.
    pub organisation: Option<String>,
    /// Environment.
    pub environment: Option<String>,
    /// How critical the workload is to the business (`Workload::criticality`), when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criticality: Option<String>,
    /// Review date.
    pub review_date: Option<Date>,
    /// Days from the review date to the report date.
    pub review_age_days: Option<i64>,
    /// Review older than 12 months on the report date.
    pub stale: bool,
    /// Lens version the review used, when it said.
    pub lens_version: Option<String>,
    /// True when the review used the current lens version (or did not say).
    pub lens_current: bool,
    /// Questions at HIGH risk.
    pub questions_high: u32,
    /// Questions at MEDIUM risk.
    pub questions_medium: u32,
    /// Questions unanswered.
    pub questions_unanswered: u32,
    /// Practice counts (HRIs, MRIs …).
    pub practices: PracticeCounts,
    /// Practices not implemented (HRIs, MRIs and low-risk), catalog order.
    pub missing: Vec<String>,
    /// Accepted risks in force.
    pub accepted_risks_in_force: u32,
    /// Controls with an evidence gap (any kind), over every framework.
    pub evidence_gaps: u32,
    /// Evidence register items.
    pub evidence_items: u32,
    /// Readiness per framework, in catalog order.
    pub frameworks: Vec<WorkloadFramework>,
    /// Warnings of the assessment (all are in the workload's own `assessment.json`).
    pub warnings: u32,
    /// Folder of the workload's own reports, relative to the output folder (`--each`).
    pub report_dir: Option<String>,
    /// Each pillar the workload's assessment holds, in catalog order, with its counts.
    #[serde(default)]
    pub pillars: Vec<PillarCounts>,
}

impl WorkloadRollup {
    /// The workload's controls with an evidence gap of any kind (missing, unverified, stale,
    /// partial, AWS attestation missing), over every framework.
    pub fn evidence_gaps(&self) -> u32 {
        self.frameworks
            .iter()
            .map(WorkloadFramework::evidence_gaps)
            .sum()
    }
}

/// One pillar of one workload: the counts of its questions and practices in the workload's
/// own assessment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PillarCounts {
    /// WA Tool pillar id (`security`, `reliability` …).
    pub id: String,
    /// Questions of the pillar in the assessment.
    pub questions: u32,
    /// Questions answered (or marked not applicable): the review covers the pillar when one is.
    pub questions_answered: u32,
    /// Questions at HIGH risk.
    pub questions_high: u32,
    /// Questions at MEDIUM risk.
    pub questions_medium: u32,
    /// Questions unanswered.
    pub questions_unanswered: u32,
    /// HRIs: missing High practices.
    pub hri: u32,
    /// MRIs: missing Medium practices.
    pub mri: u32,
}

/// One pillar across workloads. Its counts are sums over every workload whose assessment
/// holds the pillar, so the pillars' counts add up to the portfolio's totals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PillarRollup {
    /// WA Tool pillar id.
    pub id: String,
    /// Display name (`Reliability`).
    pub name: String,
    /// Workloads whose review covers the pillar: at least one of its questions answered.
    pub workloads_covering: u32,
    /// Workloads whose assessment holds the pillar (covering it, or naming it unanswered).
    pub workloads_assessed: u32,
    /// Σ HRIs of the pillar over workloads.
    pub hri: u32,
    /// Σ MRIs.
    pub mri: u32,
    /// Σ questions at HIGH risk.
    pub questions_high: u32,
    /// Σ questions at MEDIUM risk.
    pub questions_medium: u32,
    /// Σ questions unanswered.
    pub questions_unanswered: u32,
}

/// One practice across workloads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PracticeRollup {
    /// BP id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Question id.
    pub question: String,
    /// Focus area.
    pub focus_area: String,
    /// Risk if not established (missing High = HRI, Medium = MRI).
    pub risk_level: RiskLevel,
    /// Workloads where it is not implemented.
    pub missing: u32,
    /// … of which covered by an accepted risk in force.
    pub missing_accepted: u32,
    /// Workloads where it is implemented.
    pub implemented: u32,
    /// Workloads where it does not apply.
    pub not_applicable: u32,
    /// Workloads where it is unanswered.
    pub unanswered: u32,
    /// missing ÷ (missing + implemented) in percent, one decimal: not applicable and
    /// unanswered are out of the denominator.
    pub missing_percent: Option<f64>,
    /// Rank among practices missing somewhere (1 = most workloads); absent when missing nowhere.
    pub rank: Option<u32>,
    /// Slugs of the workloads where it is missing, in input order.
    pub workloads: Vec<String>,
}

/// An input that could not be assessed or reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FailedWorkload {
    /// The input's name (file or folder as given or found).
    pub name: String,
    /// Its files.
    pub inputs: Vec<String>,
    /// `input` (could not be read, imported or assessed) or `report` (assessed, but its own
    /// reports could not be written with `--each`; it is still in every count).
    pub stage: String,
    /// The error in one line.
    pub error: String,
    /// Every problem, each with its place (file, sheet, row, column or JSON path).
    pub problems: Vec<Diagnostic>,
}

/// A file or folder found in the inputs but not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// The path.
    pub path: String,
    /// Why.
    pub reason: String,
}

impl FailedWorkload {
    /// The failure of one input at a stage (`input` or `report`), with every located problem
    /// of the error.
    pub fn new(name: &str, inputs: Vec<String>, stage: &str, e: &Error) -> Self {
        let problems = match e {
            Error::Invalid { problems, .. } => problems.clone(),
            _ => Vec::new(),
        };
        let mut error = e.to_string();
        if let Some(src) = std::error::Error::source(e) {
            error.push_str(&format!(": {src}"));
        }
        FailedWorkload {
            name: name.to_owned(),
            inputs,
            stage: stage.to_owned(),
            error: error.replace('\n', " "),
            problems,
        }
    }
}

impl Portfolio {
    /// A workload by slug.
    pub fn workload(&self, slug: &str) -> Option<&WorkloadRollup> {
        self.workloads.iter().find(|w| w.slug == slug)
    }

    /// A practice by id.
    pub fn practice(&self, id: &str) -> Option<&PracticeRollup> {
        self.practices.iter().find(|p| p.id == id)
    }

    /// A framework by id.
    pub fn framework(&self, id: &str) -> Option<&FrameworkRollup> {
        self.frameworks.iter().find(|f| f.id == id)
    }
}
