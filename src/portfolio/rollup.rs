//! Builds the [`Portfolio`] roll-up: each assessment is boiled down to a [`Digest`] as soon as
//! it is made (so thousands of workloads never sit in memory together), then the digests
//! are added up in input order, so the result does not depend on which thread finished first.

use std::collections::BTreeMap;

use super::model::*;
use crate::assess::STALE_REVIEW_DAYS;
use crate::model::assessment::{
    Assessment, ControlStatus, Period, PracticeCounts, StatusCounts, ToolInfo,
};
use crate::model::catalog::{Catalog, RiskLevel};
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

/// Boils an assessment down. `label` names the workload when the review does not.
pub fn digest(a: &Assessment, label: &str, inputs: Vec<String>) -> Digest {
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

fn pct(n: u32, d: u32) -> Option<f64> {
    (d > 0).then(|| (f64::from(n) * 1000.0 / f64::from(d)).round() / 10.0)
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
            "Most architectural risk: most HRIs, then most MRIs. Most evidence gaps: most controls with evidence missing or stale over all frameworks (a control of two frameworks counts twice). Ties keep input order.",
        ),
        r(
            "freshness",
            "A review is stale when it is dated more than 12 months (365 days) before the report date; a review on a lens version other than the catalog's current one is listed as not current.",
        ),
    ]
}

/// What the roll-up needs besides the digests.
pub struct Context<'a> {
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
}

/// Adds up the digests (in input order, slugs set) into the portfolio.
pub fn build(digests: Vec<Digest>, ctx: Context<'_>) -> Portfolio {
    let catalog = ctx.catalog;
    let mut totals = Totals {
        workloads_found: ctx.found,
        workloads_assessed: digests.len() as u32,
        workloads_failed: ctx.failed.iter().filter(|f| f.stage == "input").count() as u32,
        ..Default::default()
    };
    let mut practices: Vec<PracticeRollup> = catalog
        .lens
        .practices
        .iter()
        .map(|p| PracticeRollup {
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
        })
        .collect();
    let practice_index: BTreeMap<String, usize> = practices
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.clone(), i))
        .collect();
    let mut frameworks: Vec<FrameworkRollup> = catalog
        .frameworks
        .iter()
        .map(|f| FrameworkRollup {
            id: f.id.clone(),
            name: f.name.clone(),
            short_name: f.short_name.clone(),
            edition: f.edition.clone(),
            control_noun: f.control_noun.clone(),
            controls_total: f.controls.len() as u32,
            counts: StatusCounts::default(),
            pooled: pooled(&StatusCounts::default(), &f.short_name, &f.control_noun),
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
        })
        .collect();
    let mut percents: Vec<Vec<f64>> = vec![Vec::new(); frameworks.len()];

    let mut rows = Vec::with_capacity(digests.len());
    for d in digests {
        let w = &d.row;
        add_counts(&mut totals.practices, &w.practices);
        totals.questions_high += w.questions_high;
        totals.questions_medium += w.questions_medium;
        totals.questions_unanswered += w.questions_unanswered;
        totals.workloads_with_hri += u32::from(w.practices.hri > 0);
        totals.workloads_with_hri_or_mri += u32::from(w.practices.hri + w.practices.mri > 0);
        totals.evidence_gaps += w.evidence_gaps;
        totals.accepted_risks_in_force += w.accepted_risks_in_force;
        totals.stale_reviews += u32::from(w.stale);
        totals.undated_reviews += u32::from(w.review_date.is_none());
        totals.lens_not_current += u32::from(!w.lens_current);

        for (id, (status, waived)) in &d.practices {
            let Some(&i) = practice_index.get(id) else {
                continue;
            };
            let p = &mut practices[i];
            match status {
                PracticeStatus::Implemented => p.implemented += 1,
                PracticeStatus::NotApplicable => p.not_applicable += 1,
                PracticeStatus::Unanswered => p.unanswered += 1,
                PracticeStatus::NotImplemented => {
                    p.missing += 1;
                    p.missing_accepted += u32::from(*waived);
                    p.workloads.push(w.slug.clone());
                }
            }
        }
        for (fi, f) in frameworks.iter_mut().enumerate() {
            if let Some(wf) = w.frameworks.iter().find(|x| x.id == f.id) {
                add_status(&mut f.counts, &wf.counts);
                if let Some(p) = wf.percent {
                    percents[fi].push(p);
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
        rows.push(d.row);
    }

    for (fi, f) in frameworks.iter_mut().enumerate() {
        f.pooled = pooled(&f.counts, &f.short_name, &f.control_noun);
        let v = &mut percents[fi];
        v.sort_by(f64::total_cmp);
        if let (Some(&min), Some(&max)) = (v.first(), v.last()) {
            f.spread = Some(Spread {
                min,
                median: v[(v.len() - 1) / 2],
                max,
                workloads: v.len() as u32,
            });
        }
    }

    for p in &mut practices {
        p.missing_percent = pct(p.missing, p.missing + p.implemented);
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
    let most_missing = ranked
        .iter()
        .take(TOP_PRACTICES)
        .map(|&i| practices[i].id.clone())
        .collect();

    let top = |key: &dyn Fn(&WorkloadRollup) -> (u32, u32)| -> Vec<String> {
        let mut idx: Vec<usize> = (0..rows.len())
            .filter(|&i| key(&rows[i]) > (0, 0))
            .collect();
        // Stable sort: ties keep input order.
        idx.sort_by(|&a, &b| key(&rows[b]).cmp(&key(&rows[a])));
        idx.into_iter()
            .take(TOP_WORKLOADS)
            .map(|i| rows[i].slug.clone())
            .collect()
    };
    let most_architectural_risk = top(&|w| (w.practices.hri, w.practices.mri));
    let most_evidence_gaps = top(&|w| (w.evidence_gaps, 0));
    let mut stale: Vec<&WorkloadRollup> = rows.iter().filter(|w| w.stale).collect();
    stale.sort_by_key(|w| std::cmp::Reverse(w.review_age_days.unwrap_or(0)));
    let stale_reviews = stale.iter().map(|w| w.slug.clone()).collect();
    let undated_reviews = rows
        .iter()
        .filter(|w| w.review_date.is_none())
        .map(|w| w.slug.clone())
        .collect();
    let lens_not_current = rows
        .iter()
        .filter(|w| !w.lens_current)
        .map(|w| w.slug.clone())
        .collect();

    Portfolio {
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
        frameworks,
        workloads: rows,
        practices,
        most_missing,
        most_architectural_risk,
        most_evidence_gaps,
        stale_reviews,
        undated_reviews,
        lens_not_current,
        failed: ctx.failed,
        skipped: ctx.skipped,
    }
}

fn pooled(c: &StatusCounts, name: &str, noun: &str) -> PooledReadiness {
    let nouns = crate::model::catalog::plural(noun);
    let excluded = c.not_applicable + c.outside_review_scope + c.carved_out;
    let assessed = c.total() - excluded;
    let implemented = c.evidenced + c.evidence_missing + c.evidence_stale;
    let percent = pct(c.evidenced, assessed);
    PooledReadiness {
        evidenced: c.evidenced,
        implemented,
        assessed,
        percent,
        implemented_percent: pct(implemented, assessed),
        formula: format!(
            "{name} pooled readiness = Σ evidenced {nouns} ÷ Σ assessed {nouns} over all workloads = {} ÷ {assessed}{}",
            c.evidenced,
            percent
                .map(|p| format!(" = {p:.1}%"))
                .unwrap_or_else(|| " (not stated: nothing assessed)".into()),
        ),
    }
}
