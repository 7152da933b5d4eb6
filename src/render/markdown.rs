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
use crate::model::controls::{ControlStatus, FrameworkResult, Readiness, StatusCounts};
use crate::render::branding::Branding;
use crate::render::freshness::{self, Freshness};
use crate::render::seam::RenderOptions;
use crate::render::text::TextTemplates;

/// The template `summary.md` is rendered from.
pub(crate) const SUMMARY_TEMPLATE: &str = "text/summary.md.tera";

/// HRIs listed under "Top risks".
pub(crate) const TOP_HRIS: usize = 5;

/// One readiness row: a framework, or one part of a framework counted apart (ISO 27001's
/// Annex A and clauses 4 to 10 each get a row; they are never summed).
#[derive(Serialize)]
struct FrameworkRow<'a> {
    id: &'a str,
    label: String,
    name: &'a str,
    edition: &'a str,
    noun: &'a str,
    readiness: &'a Readiness,
    counts: &'a StatusCounts,
    evidence_gaps: u32,
    /// The evidence gaps by kind, e.g. "5 missing, 2 stale"; empty when none.
    gap_kinds: String,
    /// The label of a carved-out control in this framework.
    carved_out_label: &'static str,
}

impl<'a> FrameworkRow<'a> {
    fn new(
        f: &'a FrameworkResult,
        label: String,
        noun: &'a str,
        counts: &'a StatusCounts,
        readiness: &'a Readiness,
    ) -> Self {
        FrameworkRow {
            id: &f.id,
            label,
            name: &f.name,
            edition: &f.edition,
            noun,
            readiness,
            counts,
            evidence_gaps: counts.evidence_gaps(),
            gap_kinds: gap_kinds(counts),
            carved_out_label: ControlStatus::CarvedOut.label_in(f.supplier_model),
        }
    }
}

/// The evidence gaps of some counts by kind, in report order: "5 missing, 2 stale".
fn gap_kinds(c: &StatusCounts) -> String {
    ControlStatus::ALL
        .iter()
        .filter(|s| s.is_evidence_gap() && c.get(**s) > 0)
        .map(|s| {
            format!(
                "{} {}",
                c.get(*s),
                s.label().to_lowercase().replace("evidence ", "")
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A row per framework, or per part of a framework counted in parts.
fn framework_rows(a: &Assessment) -> Vec<FrameworkRow<'_>> {
    let mut rows = Vec::new();
    for f in &a.frameworks {
        if f.parts.len() > 1 {
            for p in &f.parts {
                let label = format!("{} {}", f.short_name, p.label);
                rows.push(FrameworkRow::new(
                    f,
                    label,
                    &p.noun,
                    &p.counts,
                    &p.readiness,
                ));
            }
        } else {
            rows.push(FrameworkRow::new(
                f,
                f.short_name.clone(),
                &f.control_noun,
                &f.counts,
                &f.readiness,
            ));
        }
    }
    rows
}

#[derive(Serialize)]
struct Gaps {
    total: u32,
    kinds: String,
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
    status_labels: std::collections::BTreeMap<&'static str, &'static str>,
    tool: String,
}

/// Renders `summary.md`.
pub(crate) fn summary(a: &Assessment, opts: &RenderOptions) -> Result<Vec<u8>> {
    let mut templates = TextTemplates::new(&opts.templates)?;
    templates.limits = opts.template_limits;
    summary_with(&templates, a, &opts.branding)
}

/// Renders `summary.md` with templates already parsed.
pub(crate) fn summary_with(
    t: &TextTemplates,
    a: &Assessment,
    branding: &Branding,
) -> Result<Vec<u8>> {
    let frameworks = framework_rows(a);
    let hris: Vec<&PlanItem> = a
        .plan
        .iter()
        .filter(|p| p.finding == Finding::Hri)
        .collect();
    let mut all = StatusCounts::default();
    for f in &a.frameworks {
        for s in ControlStatus::ALL.iter().filter(|s| s.is_evidence_gap()) {
            for _ in 0..f.counts.get(*s) {
                all.add(*s);
            }
        }
    }
    let status_labels: std::collections::BTreeMap<&str, &str> = ControlStatus::ALL
        .iter()
        .map(|s| (s.key(), s.label()))
        .collect();
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
            total: all.evidence_gaps(),
            kinds: gap_kinds(&all),
        },
        status_labels,
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
