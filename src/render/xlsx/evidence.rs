//! The evidence sheets: evidence gaps (every control whose status is an evidence gap, and what
//! is needed: never architectural risk), evidence requests (one per such control, as
//! `assessment.json` numbers them) and the evidence register (every entry by id, its kind,
//! attestation, state and the controls it is confirmed for). Ids link to their rows.

use rust_xlsxwriter::Worksheet;

use super::context::{Ctx, REGISTER_HEADER_ROWS};
use super::matrix::{by_practice, entry};
use super::registers::{file_of, place};
use super::table::{
    Cell, Column, Kind, Styles, TableOptions, col, date, jump, jump_list, lines, link, opt, text,
    write_table,
};
use crate::error::Result;
use crate::model::assessment::{
    ControlResult, ControlStatus, EvidenceRequest, EvidenceResult, EvidenceState, FrameworkResult,
};
use crate::render::flat::evidence_status;

/// Writes a register table (one header row, ids in the first column, so links can find them).
fn register<R>(
    ws: &mut Worksheet,
    styles: &Styles,
    columns: &[Column<R>],
    rows: &[R],
    freeze_cols: u16,
    print_cols: Option<u16>,
) -> Result<()> {
    let header_row = write_table(
        ws,
        styles,
        columns,
        rows,
        &TableOptions {
            freeze_cols,
            print_cols,
        },
    )?;
    debug_assert_eq!(header_row + 1, REGISTER_HEADER_ROWS);
    Ok(())
}

/// The evidence gaps print up to the request (control, status, what is needed, owner, due).
const GAPS_PRINTED: u16 = 9;
/// The register prints up to its dates (id, title, kind, state, expiry, controls, owner,
/// dates); location, hash, attestation detail and sources are for work on screen.
const REGISTER_PRINTED: u16 = 11;

/// A list of ids on one line, the first linked.
fn first_linked(items: &[String], at: impl Fn(&str) -> Option<String>) -> Cell {
    jump_list(items, items.first().and_then(|i| at(i)))
}

// ---------------------------------------------------------------------------------------------
// Evidence gaps: evidence only.

pub(super) struct GapRow<'a> {
    ctx: &'a Ctx<'a>,
    fw: &'a FrameworkResult,
    c: &'a ControlResult,
    request: Option<&'a EvidenceRequest>,
}

fn gap_columns<'a>() -> Vec<Column<GapRow<'a>>> {
    vec![
        col("", "Framework", 11.0, Kind::Id, |r| text(&r.fw.short_name)),
        col("", "Control ID", 12.0, Kind::Id, |r| {
            jump(
                r.ctx.control_at(&format!("{}:{}", r.fw.id, r.c.id)),
                &r.c.id,
            )
        }),
        col("", "Control", 30.0, Kind::Text, |r| text(&r.c.title)),
        col("", "Status", 20.0, Kind::Text, |r| {
            text(r.c.status.label_in(r.fw.supplier_model))
        }),
        col("", "Evidence status", 22.0, Kind::Text, |r| {
            text(evidence_status(r.c))
        }),
        // The request's words (which carry the evidence's shortfall); without a request, the
        // shortfall itself.
        col("", "What is needed", 56.0, Kind::Text, |r| {
            match (r.request, &r.c.attestation, r.c.status) {
                (Some(q), _, _) => text(&q.request),
                (None, Some(a), ControlStatus::AttestationMissing) => text(&a.detail),
                (None, _, _) => text(&r.c.evidence_check.detail),
            }
        }),
        col("", "Owner", 18.0, Kind::Text, |r| {
            match r.request.and_then(|q| q.owner.as_deref()) {
                Some(o) => text(o),
                None => lines(&r.c.owners),
            }
        }),
        col("", "Due", 12.0, Kind::Date, |r| {
            date(r.request.and_then(|q| q.due))
        }),
        col("", "Request", 10.0, Kind::Id, |r| match r.request {
            Some(q) => jump(r.ctx.request_at(&q.id), &q.id),
            None => Cell::Empty,
        }),
        col("", "Evidence IDs", 14.0, Kind::Text, |r| {
            let ids: Vec<String> = r.c.evidence.iter().map(|l| l.reference.clone()).collect();
            first_linked(&ids, |id| r.ctx.evidence_at(id))
        }),
        col(
            "",
            "Evidence confirmed for the control",
            36.0,
            Kind::Text,
            |r| lines(r.c.evidence.iter().map(entry)),
        ),
        col("", "Evidence by practice", 40.0, Kind::Text, |r| {
            by_practice(r.c)
        }),
    ]
}

/// One row per control whose status is an evidence gap, in framework and catalog order.
pub(super) fn gap_rows<'a>(ctx: &'a Ctx<'a>) -> Vec<GapRow<'a>> {
    let mut rows = Vec::new();
    for fw in &ctx.a.frameworks {
        for c in fw.controls.iter().filter(|c| c.status.is_evidence_gap()) {
            let request = ctx
                .a
                .evidence_requests
                .iter()
                .find(|q| q.framework == fw.id && q.control == c.id);
            rows.push(GapRow {
                ctx,
                fw,
                c,
                request,
            });
        }
    }
    rows
}

pub(super) fn gaps(ws: &mut Worksheet, styles: &Styles, ctx: &Ctx<'_>) -> Result<()> {
    register(
        ws,
        styles,
        &gap_columns(),
        &gap_rows(ctx),
        2,
        Some(GAPS_PRINTED),
    )
}

// ---------------------------------------------------------------------------------------------
// Evidence requests.

pub(super) struct RequestRow<'a> {
    ctx: &'a Ctx<'a>,
    q: &'a EvidenceRequest,
}

fn request_columns<'a>() -> Vec<Column<RequestRow<'a>>> {
    vec![
        col("", "Request ID", 10.0, Kind::Id, |r| text(&r.q.id)),
        col("", "Framework", 11.0, Kind::Id, |r| {
            text(&r.q.framework_name)
        }),
        col("", "Control ID", 12.0, Kind::Id, |r| {
            jump(
                r.ctx
                    .control_at(&format!("{}:{}", r.q.framework, r.q.control)),
                &r.q.control,
            )
        }),
        col("", "Control", 30.0, Kind::Text, |r| text(&r.q.title)),
        col("", "Asked", 14.0, Kind::Id, |r| text(r.q.kind.label())),
        col("", "What to provide", 60.0, Kind::Text, |r| {
            text(&r.q.request)
        }),
        col("", "Practices", 24.0, Kind::Text, |r| {
            first_linked(&r.q.practices, |bp| r.ctx.practice_at(bp))
        }),
        col("", "Evidence on file", 30.0, Kind::Text, |r| {
            first_linked(&r.q.evidence, |id| r.ctx.evidence_at(id))
        }),
        col("", "Owner", 18.0, Kind::Text, |r| opt(r.q.owner.as_deref())),
        col("", "Due date", 12.0, Kind::Date, |r| date(r.q.due)),
    ]
}

pub(super) fn requests(ws: &mut Worksheet, styles: &Styles, ctx: &Ctx<'_>) -> Result<()> {
    let rows: Vec<RequestRow<'_>> = ctx
        .a
        .evidence_requests
        .iter()
        .map(|q| RequestRow { ctx, q })
        .collect();
    register(ws, styles, &request_columns(), &rows, 1, None)
}

// ---------------------------------------------------------------------------------------------
// Evidence register.

pub(super) struct EvidenceRow<'a> {
    ctx: &'a Ctx<'a>,
    e: &'a EvidenceResult,
}

fn evidence_columns<'a>() -> Vec<Column<EvidenceRow<'a>>> {
    vec![
        col("", "Evidence ID", 12.0, Kind::Id, |r| text(&r.e.id)),
        col("", "Title", 36.0, Kind::Text, |r| text(&r.e.title)),
        col("", "Kind", 14.0, Kind::Text, |r| {
            text(match r.e.kind {
                Some(k) => k.label(),
                None => "Design (kind not given)",
            })
        }),
        col("", "State on report date", 16.0, Kind::Text, |r| {
            text(r.e.state.label())
        }),
        col("", "Expiry", 20.0, Kind::Text, expiry),
        col("", "Confirmed for controls", 22.0, Kind::Text, |r| {
            let shown: Vec<String> =
                r.e.controls
                    .iter()
                    .map(|k| r.ctx.control_label(k))
                    .collect();
            jump_list(
                &shown,
                r.e.controls.first().and_then(|k| r.ctx.control_at(k)),
            )
        }),
        col("", "Owner", 18.0, Kind::Text, |r| opt(r.e.owner.as_deref())),
        col("", "Collected on", 12.0, Kind::Date, |r| {
            date(r.e.collected_on)
        }),
        col("", "Period start", 12.0, Kind::Date, |r| {
            date(r.e.period_start)
        }),
        col("", "Period end", 12.0, Kind::Date, |r| date(r.e.period_end)),
        col("", "Expires on", 12.0, Kind::Date, |r| date(r.e.expires_on)),
        col("", "Attestation", 34.0, Kind::Text, attestation),
        col("", "Location", 36.0, Kind::Link, |r| match &r.e.location {
            Some(l) => link(l, l.clone()),
            None => Cell::Empty,
        }),
        col("", "SHA-256", 36.0, Kind::Text, |r| {
            opt(r.e.sha256.as_deref())
        }),
        col("", "Practices", 22.0, Kind::Text, |r| {
            first_linked(&r.e.practices, |bp| r.ctx.practice_at(bp))
        }),
        col("", "Supports (as given)", 22.0, Kind::Text, |r| {
            lines(&r.e.supports)
        }),
        col("", "Notes", 36.0, Kind::Text, |r| opt(r.e.notes.as_deref())),
        col("", "Read from", 24.0, Kind::Text, |r| file_of(&r.e.source)),
        col("", "Place in file", 18.0, Kind::Text, |r| {
            text(place(&r.e.source))
        }),
    ]
}

/// Whether the entry expires inside the audit period or before fieldwork starts.
fn expiry(r: &EvidenceRow<'_>) -> Cell {
    let a = r.ctx.a;
    let Some(x) = r.e.expires_on else {
        return Cell::Empty;
    };
    if r.e.state == EvidenceState::Expired {
        return text(format!("Expired on {x}"));
    }
    if !r.e.expires_in_period {
        return Cell::Empty;
    }
    if a.period.is_some_and(|p| x < p.end) {
        text(format!("Expires inside the audit period ({x})"))
    } else {
        match a.audit.fieldwork {
            Some(f) => text(format!("Expires before fieldwork starts on {f}")),
            None => text("Expires before fieldwork"),
        }
    }
}

/// The report, issuer, bridge letter and AWS Artifact reference of an attestation.
fn attestation(r: &EvidenceRow<'_>) -> Cell {
    let Some(at) = &r.e.attestation else {
        return Cell::Empty;
    };
    let mut out = vec![format!("{} by {}", at.report, at.issuer)];
    out.push(match at.bridge_letter_until {
        Some(d) => format!("Bridge letter until {d}"),
        None => "No bridge letter".into(),
    });
    if let Some(x) = &at.artifact_reference {
        out.push(x.clone());
    }
    if !at.frameworks.is_empty() {
        out.push(format!("For: {}", at.frameworks.join(", ")));
    }
    // The controls (or AWS's parts of them) that rest on this attestation.
    let resting: Vec<String> = r
        .ctx
        .a
        .frameworks
        .iter()
        .flat_map(|f| {
            f.controls
                .iter()
                .filter(|c| {
                    c.attestation
                        .as_ref()
                        .is_some_and(|x| x.evidence.as_deref() == Some(r.e.id.as_str()))
                })
                .map(move |c| format!("{} {}", f.short_name, c.id))
        })
        .collect();
    if !resting.is_empty() {
        out.push(format!(
            "AWS's part of {} rests on it: {}",
            crate::textfmt::count(resting.len() as u32, "control", "controls"),
            resting.join(", ")
        ));
    }
    lines(out)
}

pub(super) fn evidence(ws: &mut Worksheet, styles: &Styles, ctx: &Ctx<'_>) -> Result<()> {
    let rows: Vec<EvidenceRow<'_>> = ctx
        .evidence
        .iter()
        .map(|e| EvidenceRow { ctx, e })
        .collect();
    register(
        ws,
        styles,
        &evidence_columns(),
        &rows,
        1,
        Some(REGISTER_PRINTED),
    )
}
