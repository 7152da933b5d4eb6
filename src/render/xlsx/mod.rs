//! `control-matrix.xlsx`: the workbook auditors and GRC teams work in.
//!
//! Sheets: README (scope, engagement, inputs with hashes, editions, readiness and coverage,
//! exclusions, legends, disclaimer, sign-off), one control matrix per framework (ISO/IEC 27001
//! as a Statement of Applicability, its clauses on their own sheet), the risk register
//! (architectural risk only), the evidence gaps (evidence only), the evidence requests, the
//! evidence register, accepted risks, the mapping, every imported answer, and the flat matrix
//! (`control-matrix.csv` as a sheet).
//!
//! Each sheet is one typed table ([`table::Column`]); text is always written as a string (never
//! a formula), external links only for vetted http(s) URLs, internal links (an id to its row)
//! only to anchors the context computed from the sheet plan, dates as real dates. The creation
//! date is the report date, so the same inputs and `--date` give the same bytes.

mod changes;
mod context;
mod docinfo;
mod evidence;
mod flat_sheet;
mod matrix;
mod plan;
pub mod portfolio;
mod readme;
mod registers;
mod table;
mod vocab;

use crate::error::Result;
use crate::model::assessment::Assessment;
use crate::render::seam::RenderOptions;
use context::Ctx;
use docinfo::DocInfo;
use plan::{SheetKind, link_sheets, plan_sheets};
use table::{Styles, xl};

/// Renders the workbook.
pub fn render(a: &Assessment, opts: &RenderOptions) -> Result<Vec<u8>> {
    let sheets = plan_sheets(a);
    let ctx = Ctx::new(a, opts, &link_sheets(&sheets));
    let styles = Styles::new(&opts.branding.accent);
    let mut wb = docinfo::workbook(&DocInfo {
        title: format!("{}: {}", opts.branding.title, a.workload.name),
        subject: "Control matrix: AWS Well-Architected review cross-mapped to framework controls",
        company: opts
            .branding
            .organisation
            .as_deref()
            .or(a.workload.organisation.as_deref())
            .unwrap_or(""),
        branding: &opts.branding,
        tool: &a.tool,
        date: a.generated_on,
    })?;
    let footer = docinfo::footer(&opts.branding.classification);
    for sheet in &sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name).map_err(xl)?;
        ws.set_footer(&footer);
        match sheet.kind {
            SheetKind::Readme => readme::write(ws, &styles, &ctx, &sheets)?,
            SheetKind::Changes => changes::write(ws, &styles, &ctx)?,
            SheetKind::Matrix(i, part) => {
                matrix::write(ws, &styles, &ctx, &a.frameworks[i], part)?;
            }
            SheetKind::Risk => registers::risk(ws, &styles, &ctx)?,
            SheetKind::Gaps => evidence::gaps(ws, &styles, &ctx)?,
            SheetKind::Requests => evidence::requests(ws, &styles, &ctx)?,
            SheetKind::Evidence => evidence::evidence(ws, &styles, &ctx)?,
            SheetKind::Accepted => registers::accepted(ws, &styles, &ctx)?,
            SheetKind::Mapping => registers::mapping(ws, &styles, &ctx)?,
            SheetKind::Answers => registers::answers(ws, &styles, &ctx)?,
            SheetKind::Flat => flat_sheet::write(ws, &styles, &ctx)?,
        }
    }
    wb.save_to_buffer().map_err(xl)
}
