//! The view model of the PDF report: what `/data.json` holds.
//!
//! Built from the [`Assessment`] and the [`Branding`], with every label, percentage and chart
//! number computed here, so the typst templates only lay out. Templates read it with
//! `json("/data.json")`; every text from the inputs arrives as a typst string and prints as
//! text, never as markup. The fields are documented in `report-templates/README.md`; the
//! format is versioned by [`VIEW_SCHEMA`]. One file per part of the report; the fixed wording
//! of the method section is template text (`report-templates/pdf/method.typ`).

mod board;
mod cover;
mod frameworks;
mod method;
mod notes;
mod plan;
mod questions;
mod requests;
mod summary;

use serde::Serialize;

use super::appendices::{APPENDICES_FILE, Appendices, Part};
pub(crate) use super::changes::ChangesView;
use super::data::{GroupLegend, LegendEntry, group_legend, status_legend};
use crate::model::assessment::Assessment;
use crate::render::branding::Branding;
use crate::textfmt::Named;
pub(crate) use board::BottomLine;
pub(crate) use cover::Coverage;
pub(crate) use cover::ReportInfo;
pub(crate) use cover::WorkloadInfo;
pub(crate) use frameworks::FrameworkView;
pub(crate) use method::Method;
pub(crate) use notes::{AcceptedRisks, Note};
pub(crate) use plan::{EffortGrid, PlanItemView, PlanView};
pub(crate) use questions::QuestionView;
pub(crate) use requests::RequestsView;
pub(crate) use summary::{FocusAreaView, SummaryInfo};

/// Version of the view model; bump it when a field changes meaning or disappears. Version 2:
/// the method section's wording left `method` for `pdf/method.typ` (issue 13). Version 3
/// (issue 18): `bottom_line` (the one-page summary), readiness `rows` in the board's words
/// with counts before percentages, `evidence_requests`, `effort_grid`, `options`; the
/// coverage statement's per-framework table left for the readiness rows.
pub(crate) const VIEW_SCHEMA: &str = "wafr/pdf-view/3";

/// Which document this is and where the appendices are.
#[derive(Debug, Serialize)]
pub(crate) struct ViewOptions {
    /// `include`, `separate` or `none`.
    pub appendices: &'static str,
    /// `report` (the report, with the appendices when included) or `appendices` (the
    /// appendices alone).
    pub part: &'static str,
    /// With `separate`: the appendices' file name.
    pub appendices_file: Option<&'static str>,
}

/// The whole view model.
#[derive(Debug, Serialize)]
pub(crate) struct View {
    /// [`VIEW_SCHEMA`].
    pub schema: &'static str,
    /// Which document this is and where the appendices are.
    pub options: ViewOptions,
    /// Cover and running header data.
    pub report: ReportInfo,
    /// The workload under review.
    pub workload: WorkloadInfo,
    /// What the review covers and what it does not.
    pub coverage: Coverage,
    /// Headline counts.
    pub summary: SummaryInfo,
    /// The one-page summary for the board.
    pub bottom_line: BottomLine,
    /// Frameworks: readiness bars and every control.
    pub frameworks: Vec<FrameworkView>,
    /// The highest-priority HRIs.
    pub top_risks: Vec<PlanItemView>,
    /// Risk by focus area (chart).
    pub focus_areas: Vec<FocusAreaView>,
    /// Legend of the focus-area chart, in segment order.
    pub focus_legend: Vec<LegendEntry>,
    /// The focus-area chart in one sentence, for screen readers.
    pub focus_alt: String,
    /// Every control status with its meaning, in report order.
    pub status_legend: Vec<LegendEntry>,
    /// The board's words for the statuses (the readiness chart's segments), each with the
    /// statuses it holds.
    pub group_legend: Vec<GroupLegend>,
    /// The plan's HRIs and MRIs by effort.
    pub effort_grid: EffortGrid,
    /// What an auditor would ask for.
    pub evidence_requests: RequestsView,
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

/// Builds the view model of one document of the report (`Part::Appendices`: the appendices
/// alone), with the appendices where `appendices` puts them.
pub(crate) fn build_part(a: &Assessment, b: &Branding, appendices: Appendices, part: Part) -> View {
    let (freshness, input_notes) = notes::notes(a);
    let focus_areas = summary::focus_areas(a);
    let frameworks: Vec<FrameworkView> = a
        .frameworks
        .iter()
        .map(|f| frameworks::framework(f, a.comparison.as_ref()))
        .collect();
    View {
        schema: VIEW_SCHEMA,
        options: ViewOptions {
            appendices: appendices.name(),
            part: part.name(),
            appendices_file: (appendices == Appendices::Separate).then_some(APPENDICES_FILE),
        },
        report: cover::report_info(a, b),
        workload: cover::workload_info(a),
        coverage: cover::coverage(a),
        summary: summary::summary(a),
        bottom_line: board::bottom_line(a, &frameworks),
        frameworks,
        top_risks: plan::top_risks(a),
        focus_alt: summary::focus_alt(&focus_areas),
        focus_areas,
        focus_legend: summary::focus_legend(),
        status_legend: status_legend(),
        group_legend: group_legend(),
        effort_grid: plan::effort_grid(a),
        evidence_requests: requests::requests(a),
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
pub(crate) fn to_json(view: &View) -> crate::Result<Vec<u8>> {
    super::data::view_json(view, "the PDF data")
}
