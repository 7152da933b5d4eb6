//! The portfolio roll-up, the assess stage of `wafr portfolio`: each assessment is boiled down
//! to a [`Digest`] as soon as it is made (so thousands of workloads never sit in memory
//! together), then the digests are added up in input order ([`build`]), so the result does not
//! depend on which thread finished first. Pure: no I/O, no clock. The rules are
//! [`rules`] (and `docs/portfolio.md`); readiness is computed by the same function as a
//! single workload's (`assess::controls::readiness`), over the summed counts.

mod pillars;
pub mod trend;

pub use pillars::{pillar_rollup, workload_pillars};

use std::collections::BTreeMap;

use crate::assess::STALE_REVIEW_DAYS;
use crate::model::assessment::{
    Assessment, ControlStatus, Period, PracticeCounts, StatusCounts, ToolInfo,
};
use crate::model::catalog::{Catalog, RiskLevel};
use crate::model::portfolio::*;
use crate::model::review::PracticeStatus;

/// What the roll-up keeps of one assessment.
#[derive(Debug, Clone)]
pub struct Digest {
    /// The workload's row (its slug is set later, once every name is known).
    pub row: WorkloadRollup,
    /// Effective status of every practice, by BP id, and whether a waiver in force covers it.
    pub practices: BTreeMap<String, (PracticeStatus, bool)>,
    /// Status of every control, by framework id and control id.
    pub controls: BTreeMap<String, BTreeMap<String, ControlStatus>>,
    /// The workload's input files with their SHA-256 (for the portfolio's manifest).
    pub sources: Vec<crate::model::review::SourceFile>,
    /// Notes redacted on request in the workload's review.
    pub redacted_notes: u32,
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_ref().filter(|s| !s.trim().is_empty()).cloned()
}

/// Boils an assessment down. `label` names the workload when the review does not; the
/// catalog (the run's, every pillar) says which pillar each question is of.
pub fn digest(a: &Assessment, catalog: &Catalog, label: &str, inputs: Vec<String>) -> Digest {
    let name = if a.workload.name.trim().is_empty() {
        label.to_owned()
    } else {
        a.workload.name.clone()
    };
    let age = a
        .workload
        .review_date
        .map(|d| (a.generated_on - d).whole_days());
    let frameworks: Vec<WorkloadFramework> = a
        .frameworks
        .iter()
        .map(|f| WorkloadFramework {
            id: f.id.clone(),
            counts: f.counts,
            evidenced: f.readiness.evidenced,
            assessed: f.readiness.assessed,
            percent: f.readiness.percent,
        })
        .collect();
    let row = WorkloadRollup {
        slug: String::new(),
        name,
        inputs,
        organisation: non_empty(&a.workload.organisation),
        environment: non_empty(&a.workload.environment),
        criticality: a.workload.criticality.map(|c| c.as_str().to_owned()),
        review_date: a.workload.review_date,
        review_age_days: age,
        stale: age.is_some_and(|d| d > STALE_REVIEW_DAYS),
        lens_version: a.lens.review_version.clone(),
        lens_current: a.lens.current,
        questions_high: a.summary.questions_high,
        questions_medium: a.summary.questions_medium,
        questions_unanswered: a.summary.questions_unanswered,
        practices: a.summary.practices,
        missing: a
            .practices()
            .filter(|p| p.status == PracticeStatus::NotImplemented)
            .map(|p| p.id.clone())
            .collect(),
        accepted_risks_in_force: a.summary.accepted_risks_in_force,
        evidence_gaps: frameworks.iter().map(|f| f.evidence_gaps()).sum(),
        evidence_items: a.evidence.len() as u32,
        frameworks,
        warnings: a.warnings.len() as u32,
        report_dir: None,
        pillars: workload_pillars(a, catalog),
    };
    Digest {
        row,
        sources: a.sources.clone(),
        redacted_notes: a.redacted_notes,
        practices: a
            .practices()
            .map(|p| (p.id.clone(), (p.status, p.accepted_risk.is_some())))
            .collect(),
        controls: a
            .frameworks
            .iter()
            .map(|f| {
                (
                    f.id.clone(),
                    f.controls
                        .iter()
                        .map(|c| (c.id.clone(), c.status))
                        .collect(),
                )
            })
            .collect(),
    }
}

fn add_counts(t: &mut PracticeCounts, c: &PracticeCounts) {
    t.total += c.total;
    t.implemented += c.implemented;
    t.not_implemented += c.not_implemented;
    t.not_applicable += c.not_applicable;
    t.unanswered += c.unanswered;
    t.hri += c.hri;
    t.mri += c.mri;
    t.lri += c.lri;
}

fn add_status(t: &mut StatusCounts, c: &StatusCounts) {
    for s in crate::model::assessment::ControlStatus::ALL {
        for _ in 0..c.get(s) {
            t.add(s);
        }
    }
}

/// The roll-up rules, as the reports state them.
pub fn rules() -> Vec<Rule> {
    let r = |topic: &str, rule: &str| Rule {
        topic: topic.into(),
        rule: rule.into(),
    };
    vec![
        r(
            "workloads",
            "Each input file is one workload; in a folder, each review file is one workload and each sub-folder is one workload made of all its files. Every workload is assessed on its own, as `wafr report` would, as of the report date.",
        ),
        r(
            "counts",
            "HRIs, MRIs, question risks, evidence gaps and accepted risks add up over workloads: a practice missing in five workloads counts five times. Inputs that failed are in no count and are listed.",
        ),
        r(
            "practices",
            "A practice is missing in a workload when it is not implemented there (an HRI when its risk is High, an MRI when Medium). 'Most often missing' ranks practices by the number of workloads that miss them, then High before Medium before Low, then by id; its share is missing ÷ (missing + implemented): workloads where it does not apply or is unanswered are left out.",
        ),
        r(
            "readiness per workload",
            "Each workload's readiness per framework is its own evidenced ÷ assessed controls, exactly as in its own report.",
        ),
        r(
            "pooled readiness",
            "Pooled readiness = Σ evidenced ÷ Σ assessed over every workload × control pair; a workload with more assessed controls weighs more. It is not an average of the workloads' percentages, and the spread (lowest, middle, highest workload) is given next to it.",
        ),
        r(
            "controls",
            "For each control, the number of workloads per status; a control is a gap for the portfolio wherever one workload has it at architectural risk or with an evidence gap.",
        ),
        r(
            "ranking",
            "Most architectural risk: most HRIs, then most MRIs. Most evidence gaps: most controls with an evidence gap (missing, unverified, stale, partial, AWS attestation missing) over all frameworks (a control of two frameworks counts twice). Ties keep input order.",
        ),
        r(
            "pillars",
            "A workload covers a pillar when its review answers at least one of the pillar's questions. Per pillar, HRIs, MRIs and questions at high risk, at medium risk and unanswered add up over every workload assessed on it, so the pillars add up to the totals.",
        ),
        r(
            "trend",
            "With --baseline (an earlier run's portfolio.json), workloads are matched by their slug: a workload renamed is one removed and one added. Each figure is given then and now in counts (readiness as ready of assessed), both sides as their runs wrote them.",
        ),
        r(
            "freshness",
            "A review is stale when it is dated more than 12 months (365 days) before the report date; a review on a lens version other than the catalog's current one is listed as not current.",
        ),
    ]
}

/// What the roll-up needs besides the digests.
pub struct RollupContext<'a> {
    /// The catalog every workload was assessed against.
    pub catalog: &'a Catalog,
    /// Report date.
    pub date: time::Date,
    /// Audit period.
    pub period: Option<Period>,
    /// Workloads found in the inputs.
    pub found: u32,
    /// Failed inputs.
    pub failed: Vec<FailedWorkload>,
    /// Skipped files and folders.
    pub skipped: Vec<Skipped>,
    /// An earlier run's portfolio and its file as given (`--baseline`): the trend.
    pub baseline: Option<(&'a Portfolio, String)>,
}

/// Every input file of the digests (sorted, each once) and the notes redacted in them: what
/// the portfolio's manifest records.
pub fn sources(digests: &[Digest]) -> (Vec<crate::model::review::SourceFile>, u32) {
    let mut inputs: Vec<_> = digests.iter().flat_map(|d| d.sources.clone()).collect();
    inputs.sort();
    inputs.dedup();
    (inputs, digests.iter().map(|d| d.redacted_notes).sum())
}

/// Adds up the digests (in input order, slugs set) into the portfolio.
pub fn build(digests: Vec<Digest>, ctx: RollupContext<'_>) -> Portfolio {
    let mut sum = Sum::new(ctx.catalog, digests.len());
    for d in digests {
        sum.add(d);
    }
    sum.finish(ctx)
}

/// The roll-up while digests are added: one row per practice and per framework of the catalog.
struct Sum {
    totals: Totals,
    practices: Vec<PracticeRollup>,
    practice_index: BTreeMap<String, usize>,
    frameworks: Vec<FrameworkRollup>,
    /// Per framework: the readiness of each workload that has one (for the spread).
    percents: Vec<Vec<f64>>,
    rows: Vec<WorkloadRollup>,
}

impl Sum {
    fn new(catalog: &Catalog, workloads: usize) -> Self {
        let practices: Vec<PracticeRollup> =
            catalog.lens.practices.iter().map(empty_practice).collect();
        let practice_index = practices
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        let frameworks: Vec<FrameworkRollup> =
            catalog.frameworks.iter().map(empty_framework).collect();
        Sum {
            totals: Totals::default(),
            practice_index,
            percents: vec![Vec::new(); frameworks.len()],
            practices,
            frameworks,
            rows: Vec::with_capacity(workloads),
        }
    }

    fn add(&mut self, d: Digest) {
        add_totals(&mut self.totals, &d.row);
        self.add_practices(&d);
        self.add_frameworks(&d);
        self.rows.push(d.row);
    }

    fn add_practices(&mut self, d: &Digest) {
        for (id, (status, waived)) in &d.practices {
            let Some(&i) = self.practice_index.get(id) else {
                continue;
            };
            let p = &mut self.practices[i];
            match status {
                PracticeStatus::Implemented => p.implemented += 1,
                PracticeStatus::NotApplicable => p.not_applicable += 1,
                PracticeStatus::Unanswered => p.unanswered += 1,
                PracticeStatus::NotImplemented => {
                    p.missing += 1;
                    p.missing_accepted += u32::from(*waived);
                    p.workloads.push(d.row.slug.clone());
                }
            }
        }
    }

    fn add_frameworks(&mut self, d: &Digest) {
        for (f, percents) in self.frameworks.iter_mut().zip(&mut self.percents) {
            if let Some(wf) = d.row.frameworks.iter().find(|x| x.id == f.id) {
                add_status(&mut f.counts, &wf.counts);
                if let Some(p) = wf.percent {
                    percents.push(p);
                    f.workloads_fully_evidenced += u32::from(wf.evidenced == wf.assessed);
                }
            }
            if let Some(statuses) = d.controls.get(&f.id) {
                for c in &mut f.controls {
                    if let Some(&s) = statuses.get(&c.id) {
                        c.workloads.add(s);
                    }
                }
            }
        }
    }

    fn finish(mut self, ctx: RollupContext<'_>) -> Portfolio {
        for (f, percents) in self.frameworks.iter_mut().zip(&mut self.percents) {
            f.pooled = pooled(&f.counts, f.supplier_model, &f.short_name, &f.control_noun);
            f.spread = spread(percents);
        }
        let most_missing = rank_practices(&mut self.practices);
        let rows = self.rows;
        let mut totals = self.totals;
        totals.workloads_found = ctx.found;
        totals.workloads_assessed = rows.len() as u32;
        totals.workloads_failed = ctx.failed.iter().filter(|f| f.stage == "input").count() as u32;
        let catalog = ctx.catalog;
        let pillars = pillar_rollup(&catalog.pillars, rows.iter().map(|w| w.pillars.as_slice()));
        let mut p = Portfolio {
            schema: PORTFOLIO_SCHEMA.into(),
            tool: ToolInfo {
                name: "wafr".into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            generated_on: ctx.date,
            period: ctx.period,
            lens: PortfolioLens {
                id: catalog.lens.id.clone(),
                name: catalog.lens.name.clone(),
                version: catalog.lens.version.clone(),
            },
            rules: rules(),
            totals,
            frameworks: self.frameworks,
            practices: self.practices,
            most_missing,
            most_architectural_risk: top_workloads(&rows, |w| (w.practices.hri, w.practices.mri)),
            most_evidence_gaps: top_workloads(&rows, |w| (w.evidence_gaps, 0)),
            stale_reviews: stale_reviews(&rows),
            undated_reviews: slugs_where(&rows, |w| w.review_date.is_none()),
            lens_not_current: slugs_where(&rows, |w| !w.lens_current),
            workloads: rows,
            failed: ctx.failed,
            skipped: ctx.skipped,
            pillars,
            trend: None,
        };
        p.trend = ctx
            .baseline
            .map(|(then, file)| trend::trend(then, &p, &file));
        p
    }
}

fn empty_practice(p: &crate::model::catalog::Practice) -> PracticeRollup {
    PracticeRollup {
        id: p.id.clone(),
        title: p.title.clone(),
        question: p.question.clone(),
        focus_area: p.focus_area.clone(),
        risk_level: p.risk,
        missing: 0,
        missing_accepted: 0,
        implemented: 0,
        not_applicable: 0,
        unanswered: 0,
        missing_percent: None,
        rank: None,
        workloads: Vec::new(),
    }
}

fn empty_framework(f: &crate::model::catalog::Framework) -> FrameworkRollup {
    FrameworkRollup {
        id: f.id.clone(),
        name: f.name.clone(),
        short_name: f.short_name.clone(),
        edition: f.edition.clone(),
        control_noun: f.control_noun.clone(),
        supplier_model: f.supplier_model,
        // A framework counted in parts has its headline from its controls part (ISO 27001:
        // Annex A), as each workload's counts do; the clause requirements are not added in.
        controls_total: f
            .controls
            .iter()
            .filter(|c| c.kind.as_deref() != Some("clause"))
            .count() as u32,
        counts: StatusCounts::default(),
        pooled: pooled(
            &StatusCounts::default(),
            f.supplier_model,
            &f.short_name,
            &f.control_noun,
        ),
        spread: None,
        workloads_fully_evidenced: 0,
        controls: f
            .controls
            .iter()
            .map(|c| ControlRollup {
                id: c.id.clone(),
                title: c.title.clone(),
                group: c.group.clone(),
                workloads: StatusCounts::default(),
            })
            .collect(),
    }
}

/// Adds one workload to the totals (its counts, and whether it has an HRI, a stale review …).
fn add_totals(t: &mut Totals, w: &WorkloadRollup) {
    add_counts(&mut t.practices, &w.practices);
    t.questions_high += w.questions_high;
    t.questions_medium += w.questions_medium;
    t.questions_unanswered += w.questions_unanswered;
    t.workloads_with_hri += u32::from(w.practices.hri > 0);
    t.workloads_with_hri_or_mri += u32::from(w.practices.hri + w.practices.mri > 0);
    t.evidence_gaps += w.evidence_gaps;
    t.accepted_risks_in_force += w.accepted_risks_in_force;
    t.stale_reviews += u32::from(w.stale);
    t.undated_reviews += u32::from(w.review_date.is_none());
    t.lens_not_current += u32::from(!w.lens_current);
}

/// Lowest, middle and highest of the per-workload figures; absent when there are none.
fn spread(percents: &mut [f64]) -> Option<Spread> {
    percents.sort_by(f64::total_cmp);
    let (&min, &max) = (percents.first()?, percents.last()?);
    Some(Spread {
        min,
        median: percents[(percents.len() - 1) / 2],
        max,
        workloads: percents.len() as u32,
    })
}

/// Sets each practice's share and rank; returns the ids of the most often missing ones.
fn rank_practices(practices: &mut [PracticeRollup]) -> Vec<String> {
    for p in practices.iter_mut() {
        p.missing_percent = crate::textfmt::percent(p.missing, p.missing + p.implemented);
    }
    let risk_order = |r: RiskLevel| match r {
        RiskLevel::High => 0,
        RiskLevel::Medium => 1,
        RiskLevel::Low => 2,
    };
    let mut ranked: Vec<usize> = (0..practices.len())
        .filter(|&i| practices[i].missing > 0)
        .collect();
    ranked.sort_by(|&a, &b| {
        let (pa, pb) = (&practices[a], &practices[b]);
        pb.missing
            .cmp(&pa.missing)
            .then(risk_order(pa.risk_level).cmp(&risk_order(pb.risk_level)))
            .then(pa.id.cmp(&pb.id))
    });
    for (rank, &i) in ranked.iter().enumerate() {
        practices[i].rank = Some(rank as u32 + 1);
    }
    ranked
        .iter()
        .take(TOP_PRACTICES)
        .map(|&i| practices[i].id.clone())
        .collect()
}

/// The slugs of the workloads with the highest `key` (only those above zero; ties keep input
/// order), at most [`TOP_WORKLOADS`].
fn top_workloads(
    rows: &[WorkloadRollup],
    key: impl Fn(&WorkloadRollup) -> (u32, u32),
) -> Vec<String> {
    let mut idx: Vec<usize> = (0..rows.len())
        .filter(|&i| key(&rows[i]) > (0, 0))
        .collect();
    // Stable sort: ties keep input order.
    idx.sort_by(|&a, &b| key(&rows[b]).cmp(&key(&rows[a])));
    idx.into_iter()
        .take(TOP_WORKLOADS)
        .map(|i| rows[i].slug.clone())
        .collect()
}

/// Slugs of the stale reviews, oldest first.
fn stale_reviews(rows: &[WorkloadRollup]) -> Vec<String> {
    let mut stale: Vec<&WorkloadRollup> = rows.iter().filter(|w| w.stale).collect();
    stale.sort_by_key(|w| std::cmp::Reverse(w.review_age_days.unwrap_or(0)));
    stale.iter().map(|w| w.slug.clone()).collect()
}

fn slugs_where(rows: &[WorkloadRollup], keep: impl Fn(&WorkloadRollup) -> bool) -> Vec<String> {
    rows.iter()
        .filter(|w| keep(w))
        .map(|w| w.slug.clone())
        .collect()
}

/// Pooled readiness: the one readiness function over the summed counts, with the formula
/// stated as a sum over workloads.
fn pooled(
    c: &StatusCounts,
    model: crate::model::catalog::SupplierModel,
    name: &str,
    noun: &str,
) -> PooledReadiness {
    let r = super::readiness(c, model, name, noun);
    let nouns = crate::model::catalog::plural(noun);
    let formula = format!(
        "{name} pooled readiness = Σ evidenced {nouns} ÷ Σ assessed {nouns} over all workloads = {} ÷ {}{}",
        r.evidenced,
        r.assessed,
        r.percent
            .map(|p| format!(" = {p:.1}%"))
            .unwrap_or_else(|| " (not stated: nothing assessed)".into()),
    );
    PooledReadiness { formula, ..r }
}
