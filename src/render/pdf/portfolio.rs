//! The view model of the consolidated PDF of `wafr portfolio` (`portfolio.pdf`): what its
//! `/data.json` holds.
//!
//! Built from the [`Portfolio`] and the [`Branding`], with every label, percentage and chart
//! number computed here, so `report-templates/pdf/portfolio.typ` only lays out. Every text
//! from the inputs arrives as a typst string and prints as text, never as markup.

use serde::Serialize;

use super::data::{
    DateText, GroupLegend, LegendEntry, Segment, StatusGroup, bar_alt, date, group_counts,
    group_legend, group_segments, groups_in_words, present, ratio_text, segments, status_legend,
};
use crate::model::assessment::Finding;
use crate::model::catalog::plural;
use crate::model::portfolio::{
    ControlRollup, FailedWorkload, FrameworkRollup, Portfolio, PracticeRollup, WorkloadRollup,
};
use crate::render::branding::Branding;
use crate::textfmt::count;

mod criticality;
mod pillars;
mod trend;

pub use criticality::CriticalityView;
pub use pillars::PillarView;
pub use trend::TrendView;

/// Version of the view model. Version 2 (issue 18): counts before percentages (none below
/// thirty), the board's words for the statuses (`group_legend`), every evidence gap of issue
/// 15 in the gap counts, a workload's slug only where it differs from its name, criticality,
/// and alternative text for every chart.
pub const VIEW_SCHEMA: &str = "wafr/portfolio-view/2";

/// The main template of the consolidated PDF.
pub const MAIN: &str = "pdf/portfolio.typ";

/// Title used when the branding keeps the single-report default.
const DEFAULT_TITLE: &str =
    "Security portfolio: Well-Architected reviews and certification readiness";

/// How many controls the "controls most often at risk" table shows per framework.
const TOP_CONTROLS: usize = 8;

/// The whole view model.
#[derive(Debug, Serialize)]
pub struct View {
    /// `wafr/portfolio-view/1`.
    pub schema: &'static str,
    /// Cover and running header data.
    pub report: ReportInfo,
    /// Headline figures.
    pub totals: TotalsView,
    /// Readiness per framework.
    pub frameworks: Vec<FrameworkView>,
    /// Workloads with the most architectural risk.
    pub top_risk: Vec<WorkloadView>,
    /// Workloads with the most evidence gaps.
    pub top_gaps: Vec<WorkloadView>,
    /// Practices most often missing.
    pub most_missing: Vec<PracticeView>,
    /// Stale reviews, oldest first.
    pub stale: Vec<WorkloadView>,
    /// Undated reviews.
    pub undated: Vec<WorkloadView>,
    /// Reviews on a lens version that is not current.
    pub lens_not_current: Vec<WorkloadView>,
    /// Every workload, in input order.
    pub workloads: Vec<WorkloadView>,
    /// Every practice some workload's review covers, in catalog order.
    pub practices: Vec<PracticeView>,
    /// Failed inputs.
    pub failed: Vec<FailedView>,
    /// Skipped files and folders.
    pub skipped: Vec<SkippedView>,
    /// The roll-up rules.
    pub rules: Vec<RuleView>,
    /// Control status legend.
    pub status_legend: Vec<LegendEntry>,
    /// The board's words for the statuses: the readiness bars' segments.
    pub group_legend: Vec<GroupLegend>,
    /// Workloads by criticality, when any workload states one (most critical first).
    pub criticality: Vec<CriticalityView>,
    /// Each pillar some workload's review covers, in catalog order.
    pub pillars: Vec<PillarView>,
    /// What changed since the baseline portfolio (`--baseline`); null without one.
    pub trend: Option<TrendView>,
    /// Without a baseline: that there is none, and how to give one; null with one.
    pub no_baseline: Option<&'static str>,
    /// The chart of the workloads with the most architectural risk, in one sentence.
    pub top_risk_alt: String,
    /// Legend of the practice charts.
    pub practice_legend: Vec<Legend>,
}

/// Cover and header data.
#[derive(Debug, Serialize)]
pub struct ReportInfo {
    /// Title.
    pub title: String,
    /// Organisation (branding, else the one all workloads share, else empty).
    pub organisation: String,
    /// Classification label.
    pub classification: String,
    /// Accent colour `#RRGGBB`.
    pub accent: String,
    /// Report version.
    pub version: String,
    /// Report date.
    pub date: DateText,
    /// Audit period.
    pub period: Option<(DateText, DateText)>,
    /// Prepared by.
    pub prepared_by: Option<String>,
    /// Reviewed by.
    pub reviewed_by: Option<String>,
    /// Approved by.
    pub approved_by: Option<String>,
    /// Logo format when a logo is given (`/assets/logo`).
    pub logo: Option<&'static str>,
    /// `wafr 0.1.0`.
    pub tool: String,
    /// Lens name and version.
    pub lens: String,
}

/// Headline figures.
#[derive(Debug, Serialize)]
pub struct TotalsView {
    /// Workloads found.
    pub found: u32,
    /// Workloads assessed.
    pub assessed: u32,
    /// Inputs failed.
    pub failed: u32,
    /// Workloads whose own reports could not be written (`--each`).
    pub report_failed: u32,
    /// HRIs, summed.
    pub hri: u32,
    /// MRIs, summed.
    pub mri: u32,
    /// Low-risk gaps, summed.
    pub lri: u32,
    /// Workloads with an HRI.
    pub workloads_with_hri: u32,
    /// Workloads with an HRI or MRI.
    pub workloads_with_hri_or_mri: u32,
    /// Evidence gaps, summed.
    pub evidence_gaps: u32,
    /// Accepted risks in force, summed.
    pub accepted_risks: u32,
    /// Stale reviews.
    pub stale: u32,
    /// Undated reviews.
    pub undated: u32,
    /// Reviews on an old lens.
    pub lens_not_current: u32,
    /// Practices implemented, summed.
    pub implemented: u32,
    /// Practices, summed.
    pub practices: u32,
    /// One-sentence bottom line.
    pub posture: String,
}

/// One framework.
#[derive(Debug, Serialize)]
pub struct FrameworkView {
    /// Short name.
    pub short_name: String,
    /// Name and edition.
    pub edition: String,
    /// Plural noun.
    pub noun_plural: String,
    /// Controls in the framework.
    pub controls: u32,
    /// Pooled readiness, counts first: `310 of 506 (61.3%)`, `none`.
    pub pooled_text: String,
    /// Σ evidenced.
    pub evidenced: u32,
    /// Σ assessed.
    pub assessed: u32,
    /// Σ at architectural risk.
    pub architectural_risk: u32,
    /// Σ evidence gaps.
    pub evidence_gaps: u32,
    /// The formula with raw counts.
    pub formula: String,
    /// `lowest 2 of 15 (beta) · middle 5 of 15 · highest 15 of 15 (40 workloads)`, or a dash:
    /// each workload's own counts, never its percentage.
    pub spread_text: String,
    /// Workloads at 100 %.
    pub fully_evidenced: u32,
    /// Segments of the workload × control pairs by group of statuses.
    pub segments: Vec<Segment>,
    /// The bar in one sentence, for screen readers.
    pub alt: String,
    /// Controls most often at architectural risk or with an evidence gap.
    pub top_controls: Vec<ControlView>,
}

/// One control across workloads.
#[derive(Debug, Serialize)]
pub struct ControlView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Workloads at architectural risk.
    pub architectural_risk: u32,
    /// Workloads with an evidence gap (missing, unverified, stale, partial, attestation).
    pub evidence_gaps: u32,
    /// Workloads evidenced.
    pub evidenced: u32,
    /// Workloads where it is assessed.
    pub assessed: u32,
}

/// One workload.
#[derive(Debug, Serialize)]
pub struct WorkloadView {
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
    /// The slug, only when it differs from the name (so a name is never printed twice).
    pub slug_shown: Option<String>,
    /// Environment.
    pub environment: Option<String>,
    /// How critical it is to the business, when stated.
    pub criticality: Option<String>,
    /// Review date.
    pub review_date: Option<DateText>,
    /// Age in days.
    pub age_days: Option<i64>,
    /// Stale review.
    pub stale: bool,
    /// Lens version the review used (`current` when current or not stated).
    pub lens: String,
    /// Lens not current.
    pub lens_old: bool,
    /// HRIs.
    pub hri: u32,
    /// MRIs.
    pub mri: u32,
    /// Questions at HIGH.
    pub questions_high: u32,
    /// Questions unanswered.
    pub questions_unanswered: u32,
    /// Evidence gaps.
    pub evidence_gaps: u32,
    /// Readiness per framework, in framework order, counts first: `31 of 43 (72.1%)`,
    /// `5 of 15`, or a dash.
    pub readiness: Vec<String>,
    /// Evidence gaps per framework, in framework order.
    pub gaps: Vec<u32>,
    /// Finding segments (HRI, MRI, low-risk, implemented, N/A, unanswered).
    pub segments: Vec<Segment>,
    /// Folder of its own reports (`--each`).
    pub report_dir: Option<String>,
}

/// One practice across workloads.
#[derive(Debug, Serialize)]
pub struct PracticeView {
    /// Rank among missing practices.
    pub rank: Option<u32>,
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// `High`, `Medium`, `Low`.
    pub risk: String,
    /// `HRI`, `MRI` or `Low-risk gap`.
    pub finding: &'static str,
    /// Focus area.
    pub focus_area: String,
    /// Workloads missing it.
    pub missing: u32,
    /// … of which with an accepted risk in force.
    pub accepted: u32,
    /// Workloads implementing it.
    pub implemented: u32,
    /// Not applicable.
    pub not_applicable: u32,
    /// Unanswered.
    pub unanswered: u32,
    /// `20 of 58 (34.5%)`, `3 of 4`, or a dash.
    pub share_text: String,
    /// Segments (missing as HRI/MRI/low, implemented, N/A, unanswered).
    pub segments: Vec<Segment>,
    /// The bar in one sentence, for screen readers.
    pub alt: String,
}

/// A failed input.
#[derive(Debug, Serialize)]
pub struct FailedView {
    /// Name.
    pub name: String,
    /// `input` or `report`.
    pub stage: String,
    /// The error.
    pub error: String,
    /// Up to five problems, each with its place.
    pub problems: Vec<String>,
    /// Problems not shown.
    pub more: usize,
}

/// A skipped path.
#[derive(Debug, Serialize)]
pub struct SkippedView {
    /// Path.
    pub path: String,
    /// Why.
    pub reason: String,
}

/// A roll-up rule.
#[derive(Debug, Serialize)]
pub struct RuleView {
    /// Topic.
    pub topic: String,
    /// Rule.
    pub rule: String,
}

/// A legend entry of the practice charts.
#[derive(Debug, Serialize)]
pub struct Legend {
    /// Style key.
    pub key: &'static str,
    /// Label.
    pub label: &'static str,
}

/// The practice segments of a workload or a practice, in legend order: HRI, MRI, low-risk gap,
/// implemented, not applicable, unanswered (the last two outside every share's meaning).
const PRACTICE_LEGEND: [(&str, &str); 6] = [
    (Finding::Hri.names().key, Finding::Hri.names().category),
    (Finding::Mri.names().key, Finding::Mri.names().category),
    (Finding::Lri.names().key, Finding::Lri.names().category),
    ("none", "Implemented"),
    ("not_applicable", "Not applicable"),
    ("unanswered", "Unanswered"),
];

fn practice_view(p: &PracticeRollup) -> PracticeView {
    let names = p.risk_level.finding_names();
    let [_, _, _, implemented, not_applicable, unanswered] = PRACTICE_LEGEND;
    let segs = segments(&[
        (names.key, names.category, p.missing, false),
        (implemented.0, implemented.1, p.implemented, false),
        (not_applicable.0, not_applicable.1, p.not_applicable, true),
        (unanswered.0, unanswered.1, p.unanswered, true),
    ]);
    PracticeView {
        rank: p.rank,
        id: p.id.clone(),
        title: p.title.clone(),
        risk: p.risk_level.to_string(),
        finding: names.category,
        focus_area: p.focus_area.clone(),
        missing: p.missing,
        accepted: p.missing_accepted,
        implemented: p.implemented,
        not_applicable: p.not_applicable,
        unanswered: p.unanswered,
        share_text: match p.missing + p.implemented {
            0 => "—".into(),
            d => ratio_text(p.missing, d),
        },
        alt: bar_alt(&format!("{} across the workloads", p.id), &segs),
        segments: segs,
    }
}

/// `31 of 43 (72.1%)` for each framework of the portfolio, a dash where the workload has
/// none or assesses nothing.
fn workload_readiness(w: &WorkloadRollup, p: &Portfolio) -> Vec<String> {
    p.frameworks
        .iter()
        .map(|f| match w.frameworks.iter().find(|x| x.id == f.id) {
            Some(x) if x.assessed > 0 => ratio_text(x.evidenced, x.assessed),
            _ => "—".into(),
        })
        .collect()
}

/// The slug, when it says something the name does not.
fn slug_shown(w: &WorkloadRollup) -> Option<String> {
    (w.slug != w.name).then(|| w.slug.clone())
}

fn workload_view(w: &WorkloadRollup, p: &Portfolio) -> WorkloadView {
    let c = &w.practices;
    let counts = [
        c.hri,
        c.mri,
        c.lri,
        c.implemented,
        c.not_applicable,
        c.unanswered,
    ];
    let parts: Vec<_> = PRACTICE_LEGEND
        .iter()
        .zip(counts)
        .enumerate()
        .map(|(i, (&(key, label), n))| (key, label, n, i >= 4))
        .collect();
    WorkloadView {
        slug: w.slug.clone(),
        name: w.name.clone(),
        slug_shown: slug_shown(w),
        environment: w.environment.clone(),
        criticality: present(&w.criticality),
        review_date: w.review_date.map(date),
        age_days: w.review_age_days,
        stale: w.stale,
        lens: if w.lens_current {
            "current".into()
        } else {
            w.lens_version.clone().unwrap_or_else(|| "?".into())
        },
        lens_old: !w.lens_current,
        hri: c.hri,
        mri: c.mri,
        questions_high: w.questions_high,
        questions_unanswered: w.questions_unanswered,
        evidence_gaps: w.evidence_gaps(),
        readiness: workload_readiness(w, p),
        gaps: p
            .frameworks
            .iter()
            .map(|f| {
                w.frameworks
                    .iter()
                    .find(|x| x.id == f.id)
                    .map_or(0, |x| x.counts.evidence_gaps())
            })
            .collect(),
        segments: segments(&parts),
        report_dir: w.report_dir.clone(),
    }
}

fn failed_view(f: &FailedWorkload) -> FailedView {
    let errors: Vec<String> = f
        .problems
        .iter()
        .filter(|d| d.severity == crate::error::Severity::Error)
        .map(|d| d.to_string().replace("\n    ", " — "))
        .collect();
    FailedView {
        name: f.name.clone(),
        stage: f.stage.clone(),
        error: f.error.clone(),
        problems: errors.iter().take(5).cloned().collect(),
        more: errors.len().saturating_sub(5),
    }
}

/// The bottom line in one sentence.
fn posture(p: &Portfolio) -> String {
    let t = &p.totals;
    if t.workloads_assessed == 0 {
        return "No workload could be assessed: see the failed inputs.".to_owned();
    }
    format!(
        "{} of {} carry architectural risk: {} and {} in total{}; {} of certification evidence across all frameworks.",
        t.workloads_with_hri_or_mri,
        count(t.workloads_assessed, "workload", "workloads"),
        count(t.practices.hri, "HRI", "HRIs"),
        count(t.practices.mri, "MRI", "MRIs"),
        if t.workloads_with_hri > 0 {
            format!(
                ", with an HRI in {}",
                count(t.workloads_with_hri, "workload", "workloads")
            )
        } else {
            String::new()
        },
        count(
            p.workloads.iter().map(WorkloadRollup::evidence_gaps).sum(),
            "control gap",
            "control gaps"
        ),
    )
}

/// Workload × control pairs at architectural risk or with an evidence gap.
fn gaps(x: &ControlRollup) -> u32 {
    x.workloads.architectural_risk + x.workloads.evidence_gaps()
}

/// The controls most often at architectural risk or with an evidence gap (most first).
fn top_controls(f: &FrameworkRollup) -> Vec<ControlView> {
    let mut top: Vec<&ControlRollup> = f.controls.iter().filter(|x| gaps(x) > 0).collect();
    top.sort_by(|a, b| {
        gaps(b).cmp(&gaps(a)).then(
            b.workloads
                .architectural_risk
                .cmp(&a.workloads.architectural_risk),
        )
    });
    top.into_iter()
        .take(TOP_CONTROLS)
        .map(|x| {
            let w = &x.workloads;
            let g = group_counts(w, f.supplier_model);
            ControlView {
                id: x.id.clone(),
                title: x.title.clone(),
                architectural_risk: w.architectural_risk,
                evidence_gaps: w.evidence_gaps(),
                evidenced: g[3],
                assessed: StatusGroup::ALL
                    .iter()
                    .zip(g)
                    .filter(|(s, _)| s.assessed())
                    .map(|(_, n)| n)
                    .sum(),
            }
        })
        .collect()
}

/// The spread of the workloads' own readiness, in counts: the lowest, middle and highest
/// workload by ready ÷ assessed (the middle one is the lower middle when the count is even).
fn spread_text(f: &FrameworkRollup, p: &Portfolio) -> String {
    let mut each: Vec<(u32, u32)> = p
        .workloads
        .iter()
        .filter_map(|w| w.frameworks.iter().find(|x| x.id == f.id))
        .filter(|x| x.assessed > 0)
        .map(|x| (x.evidenced, x.assessed))
        .collect();
    if each.is_empty() {
        return "—".into();
    }
    // By ready ÷ assessed, compared without dividing.
    each.sort_by(|a, b| (u64::from(a.0) * u64::from(b.1)).cmp(&(u64::from(b.0) * u64::from(a.1))));
    let at = |i: usize| ratio_text(each[i].0, each[i].1);
    let n = each.len();
    if n == 1 {
        return format!("one workload: {}", at(0));
    }
    format!(
        "lowest {} · middle {} · highest {} ({})",
        at(0),
        at((n - 1) / 2),
        at(n - 1),
        count(n as u32, "workload", "workloads")
    )
}

fn framework_view(f: &FrameworkRollup, p: &Portfolio) -> FrameworkView {
    let c = &f.counts;
    let r = &f.pooled;
    let segments = group_segments(c, f.supplier_model);
    FrameworkView {
        short_name: f.short_name.clone(),
        edition: if f.edition.starts_with(&f.name) {
            f.edition.clone()
        } else {
            format!("{} · {}", f.name, f.edition)
        },
        noun_plural: plural(&f.control_noun),
        controls: f.controls_total,
        pooled_text: ratio_text(r.evidenced, r.assessed),
        evidenced: r.evidenced,
        assessed: r.assessed,
        architectural_risk: c.architectural_risk,
        evidence_gaps: c.evidence_gaps(),
        formula: format!(
            "pooled readiness = Σ ready ÷ Σ assessed = {}; Σ applicable {}; coverage = Σ assessed ÷ Σ applicable = {}",
            ratio_text(r.evidenced, r.assessed),
            r.applicable,
            ratio_text(r.assessed, r.applicable)
        ),
        spread_text: spread_text(f, p),
        fully_evidenced: f.workloads_fully_evidenced,
        alt: format!(
            "{}, every workload × {} pair by status: {}.",
            f.short_name,
            f.control_noun,
            groups_in_words(c, f.supplier_model, "pair")
        ),
        segments,
        top_controls: top_controls(f),
    }
}

/// The workloads with the most controls that need evidence only, over every framework, most
/// first (ties in input order): every kind of evidence gap counts, unverified, partial and
/// AWS attestation missing included.
fn top_gaps(p: &Portfolio) -> Vec<WorkloadView> {
    let mut by: Vec<(u32, &WorkloadRollup)> = p
        .workloads
        .iter()
        .map(|w| (w.evidence_gaps(), w))
        .filter(|(n, _)| *n > 0)
        .collect();
    by.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
    by.into_iter()
        .take(crate::model::portfolio::TOP_WORKLOADS)
        .map(|(_, w)| workload_view(w, p))
        .collect()
}

/// The chart of the workloads with the most architectural risk, in one sentence.
fn top_risk_alt(top: &[WorkloadView]) -> String {
    let parts: Vec<String> = top
        .iter()
        .map(|w| format!("{} {} HRIs and {} MRIs", w.name, w.hri, w.mri))
        .collect();
    format!(
        "Best practices of the {} with the most architectural risk, by finding: {}.",
        count(top.len() as u32, "workload", "workloads"),
        parts.join("; ")
    )
}

fn report_info(p: &Portfolio, b: &Branding) -> ReportInfo {
    // The organisation all workloads share, when they share one.
    let mut orgs = p.workloads.iter().map(|w| w.organisation.as_deref());
    let shared_org = match orgs.next() {
        Some(Some(first)) if orgs.all(|o| o == Some(first)) => Some(first.to_owned()),
        _ => None,
    };
    let title = if b.title == Branding::default().title {
        DEFAULT_TITLE.to_owned()
    } else {
        b.title.clone()
    };
    ReportInfo {
        title,
        organisation: present(&b.organisation).or(shared_org).unwrap_or_default(),
        classification: b.classification.clone(),
        accent: b.accent.clone(),
        version: b.report_version.clone(),
        date: date(p.generated_on),
        period: p.period.map(|x| (date(x.start), date(x.end))),
        prepared_by: present(&b.prepared_by),
        reviewed_by: present(&b.reviewed_by),
        approved_by: present(&b.approved_by),
        logo: b.logo.as_ref().map(|l| l.format),
        tool: format!("{} {}", p.tool.name, p.tool.version),
        lens: format!("{}, lens {}", p.lens.name, p.lens.version),
    }
}

fn totals_view(p: &Portfolio) -> TotalsView {
    let t = &p.totals;
    TotalsView {
        found: t.workloads_found,
        assessed: t.workloads_assessed,
        failed: t.workloads_failed,
        report_failed: p.failed.iter().filter(|f| f.stage == "report").count() as u32,
        hri: t.practices.hri,
        mri: t.practices.mri,
        lri: t.practices.lri,
        workloads_with_hri: t.workloads_with_hri,
        workloads_with_hri_or_mri: t.workloads_with_hri_or_mri,
        evidence_gaps: p.workloads.iter().map(WorkloadRollup::evidence_gaps).sum(),
        accepted_risks: t.accepted_risks_in_force,
        stale: t.stale_reviews,
        undated: t.undated_reviews,
        lens_not_current: t.lens_not_current,
        implemented: t.practices.implemented,
        practices: t.practices.total,
        posture: posture(p),
    }
}

/// Builds the view model.
pub fn build(p: &Portfolio, b: &Branding) -> View {
    let by_slug = |slugs: &[String]| -> Vec<WorkloadView> {
        slugs
            .iter()
            .filter_map(|s| p.workload(s))
            .map(|w| workload_view(w, p))
            .collect()
    };
    let top_risk = by_slug(&p.most_architectural_risk);
    View {
        schema: VIEW_SCHEMA,
        report: report_info(p, b),
        totals: totals_view(p),
        frameworks: p.frameworks.iter().map(|f| framework_view(f, p)).collect(),
        top_risk_alt: top_risk_alt(&top_risk),
        top_risk,
        top_gaps: top_gaps(p),
        most_missing: p
            .most_missing
            .iter()
            .filter_map(|id| p.practice(id))
            .map(practice_view)
            .collect(),
        stale: by_slug(&p.stale_reviews),
        undated: by_slug(&p.undated_reviews),
        lens_not_current: by_slug(&p.lens_not_current),
        workloads: p.workloads.iter().map(|w| workload_view(w, p)).collect(),
        // The practices some review covers: a pillar no review answered would fill pages
        // with zeros.
        practices: p
            .practices
            .iter()
            .filter(|x| x.missing + x.implemented + x.not_applicable + x.unanswered > 0)
            .map(practice_view)
            .collect(),
        failed: p.failed.iter().map(failed_view).collect(),
        skipped: p
            .skipped
            .iter()
            .map(|s| SkippedView {
                path: s.path.clone(),
                reason: s.reason.clone(),
            })
            .collect(),
        rules: p
            .rules
            .iter()
            .map(|r| RuleView {
                topic: r.topic.clone(),
                rule: r.rule.clone(),
            })
            .collect(),
        status_legend: status_legend(),
        group_legend: group_legend(),
        criticality: criticality::criticality(p),
        pillars: pillars::pillars(p),
        trend: trend::build(p),
        no_baseline: p.trend.is_none().then_some(trend::NO_BASELINE),
        practice_legend: PRACTICE_LEGEND
            .into_iter()
            .map(|(key, label)| Legend { key, label })
            .collect(),
    }
}

/// The view as JSON bytes.
pub fn to_json(view: &View) -> crate::Result<Vec<u8>> {
    super::data::view_json(view, "the portfolio PDF data")
}
