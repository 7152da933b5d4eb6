//! The view model of the PDF report: what `/data.json` holds.
//!
//! Built from the [`Assessment`] and the [`Branding`], with every label, percentage and chart
//! number computed here, so the typst templates only lay out. Templates read it with
//! `json("/data.json")`; every text from the inputs arrives as a typst string and prints as
//! text, never as markup. The fields are documented in `report-templates/README.md`; the
//! format is versioned by [`VIEW_SCHEMA`]. One file per part of the report; the fixed wording
//! of the method section is template text (`report-templates/pdf/method.typ`).

mod cover;
mod frameworks;
mod method;
mod notes;
mod plan;
mod questions;
mod summary;

use serde::Serialize;

pub use super::changes::ChangesView;
use super::data::{LegendEntry, status_legend};
use crate::model::assessment::Assessment;
use crate::render::branding::Branding;
pub use cover::{Coverage, FrameworkScope, Period, QuestionRef, ReportInfo, WorkloadInfo};
pub use frameworks::{ControlRow, FrameworkView, compact_practices};
pub use method::{FileInfo, Method};
pub use notes::{AcceptedRiskView, AcceptedRisks, Note};
pub use plan::{HorizonView, PlanItemView, PlanView, TOP_RISKS};
pub use questions::{PracticeView, QuestionView};
pub use summary::{FocusAreaView, SummaryInfo};

/// Version of the view model; bump it when a field changes meaning or disappears. Version 2:
/// the method section's wording left `method` for `pdf/method.typ` (issue 13).
pub const VIEW_SCHEMA: &str = "wafr/pdf-view/2";

/// The whole view model.
#[derive(Debug, Serialize)]
pub struct View {
    /// [`VIEW_SCHEMA`].
    pub schema: &'static str,
    /// Cover and running header data.
    pub report: ReportInfo,
    /// The workload under review.
    pub workload: WorkloadInfo,
    /// What the review covers and what it does not.
    pub coverage: Coverage,
    /// Headline counts.
    pub summary: SummaryInfo,
    /// Frameworks: readiness bars and every control.
    pub frameworks: Vec<FrameworkView>,
    /// The highest-priority HRIs.
    pub top_risks: Vec<PlanItemView>,
    /// Risk by focus area (chart).
    pub focus_areas: Vec<FocusAreaView>,
    /// Legend of the focus-area chart, in segment order.
    pub focus_legend: Vec<LegendEntry>,
    /// Legend of the readiness chart, in segment order.
    pub status_legend: Vec<LegendEntry>,
    /// Every question with every practice.
    pub questions: Vec<QuestionView>,
    /// The improvement plan as a roadmap.
    pub plan: PlanView,
    /// Accepted risks.
    pub accepted_risks: AcceptedRisks,
    /// Freshness warnings (stale review, old lens, expiring evidence or waivers, overdue
    /// targets).
    pub freshness: Vec<Note>,
    /// Other warnings about the input.
    pub input_notes: Vec<Note>,
    /// Method, legend, sources.
    pub method: Method,
    /// Changes since the last review (the baseline comparison), with `--baseline`; else null,
    /// and templates show the section only when it is set.
    pub changes: Option<ChangesView>,
}

/// Builds the view model.
pub fn build(a: &Assessment, b: &Branding) -> View {
    let (freshness, input_notes) = notes::notes(a);
    View {
        schema: VIEW_SCHEMA,
        report: cover::report_info(a, b),
        workload: cover::workload_info(a),
        coverage: cover::coverage(a),
        summary: summary::summary(a),
        frameworks: a.frameworks.iter().map(frameworks::framework).collect(),
        top_risks: plan::top_risks(a),
        focus_areas: summary::focus_areas(a),
        focus_legend: summary::focus_legend(),
        status_legend: status_legend(),
        questions: questions::questions(a),
        plan: plan::plan(a),
        accepted_risks: notes::accepted_risks(a),
        freshness,
        input_notes,
        method: method::method(a),
        changes: a.comparison.as_ref().map(super::changes::build),
    }
}

/// The view model as JSON bytes (pretty, fields in declaration order: deterministic).
pub fn to_json(view: &View) -> crate::Result<Vec<u8>> {
    crate::render::seam::to_json(view, "the PDF data")
}
