//! `summary.md`: a short Markdown summary for pull requests, tickets and email, rendered from
//! `report-templates/text/summary.md.tera` (autoescaped, see [`super::text`]).
//!
//! The template receives `assessment` (the whole model, as in `assessment.json`), `branding`,
//! and ready-made views: `frameworks` (readiness rows), `top_hris`, `evidence_gaps`,
//! `freshness`, `comparison` (or nothing), `tool`.

use serde::Serialize;

use crate::error::Result;
use crate::model::assessment::{Assessment, Finding, PlanItem};
use crate::model::comparison::Comparison;
use crate::render::branding::Branding;
use crate::render::freshness::{self, Freshness};
use crate::render::seam::RenderOptions;
use crate::render::text::TextTemplates;

/// The template `summary.md` is rendered from.
pub const SUMMARY_TEMPLATE: &str = "text/summary.md.tera";

/// HRIs listed under "Top risks".
pub const TOP_HRIS: usize = 5;

#[derive(Serialize)]
struct FrameworkRow<'a> {
    id: &'a str,
    short_name: &'a str,
    name: &'a str,
    edition: &'a str,
    control_noun: &'a str,
    percent: Option<f64>,
    implemented_percent: Option<f64>,
    evidenced: u32,
    implemented: u32,
    assessed: u32,
    total: u32,
    architectural_risk: u32,
    evidence_missing: u32,
    evidence_stale: u32,
    accepted_risk: u32,
    not_assessed: u32,
    inherited: u32,
    not_applicable: u32,
    outside_review_scope: u32,
    formula: &'a str,
}

#[derive(Serialize)]
struct Gaps {
    missing: u32,
    stale: u32,
    total: u32,
}

#[derive(Serialize)]
struct Context<'a> {
    assessment: &'a Assessment,
    branding: &'a Branding,
    organisation: Option<&'a str>,
    frameworks: Vec<FrameworkRow<'a>>,
    top_hris: Vec<&'a PlanItem>,
    hri_open: usize,
    evidence_gaps: Gaps,
    freshness: Freshness,
    comparison: Option<&'a Comparison>,
    tool: String,
}

/// Renders `summary.md`.
pub fn summary(a: &Assessment, opts: &RenderOptions) -> Result<Vec<u8>> {
    let mut templates = TextTemplates::new(&opts.templates)?;
    templates.limits = opts.template_limits;
    summary_with(&templates, a, &opts.branding)
}

/// Renders `summary.md` with templates already parsed.
pub fn summary_with(t: &TextTemplates, a: &Assessment, branding: &Branding) -> Result<Vec<u8>> {
    let frameworks = a
        .frameworks
        .iter()
        .map(|f| FrameworkRow {
            id: &f.id,
            short_name: &f.short_name,
            name: &f.name,
            edition: &f.edition,
            control_noun: &f.control_noun,
            percent: f.readiness.percent,
            implemented_percent: f.readiness.implemented_percent,
            evidenced: f.readiness.evidenced,
            implemented: f.readiness.implemented,
            assessed: f.readiness.assessed,
            total: f.counts.total(),
            architectural_risk: f.counts.architectural_risk,
            evidence_missing: f.counts.evidence_missing,
            evidence_stale: f.counts.evidence_stale,
            accepted_risk: f.counts.accepted_risk,
            not_assessed: f.counts.not_assessed,
            inherited: f.counts.carved_out,
            not_applicable: f.counts.not_applicable,
            outside_review_scope: f.counts.outside_review_scope,
            formula: &f.readiness.formula,
        })
        .collect();
    let hris: Vec<&PlanItem> = a
        .plan
        .iter()
        .filter(|p| p.finding == Finding::Hri)
        .collect();
    let missing = a.frameworks.iter().map(|f| f.counts.evidence_missing).sum();
    let stale = a.frameworks.iter().map(|f| f.counts.evidence_stale).sum();
    let ctx = Context {
        assessment: a,
        branding,
        organisation: branding
            .organisation
            .as_deref()
            .or(a.workload.organisation.as_deref()),
        hri_open: hris.len(),
        top_hris: hris.into_iter().take(TOP_HRIS).collect(),
        frameworks,
        evidence_gaps: Gaps {
            missing,
            stale,
            total: missing + stale,
        },
        freshness: freshness::freshness(a),
        comparison: a.comparison.as_ref(),
        tool: format!("{} {}", a.tool.name, a.tool.version),
    };
    let mut text = t.render(SUMMARY_TEMPLATE, &ctx)?.trim_start().to_owned();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text.into_bytes())
}
