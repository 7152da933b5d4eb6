//! `control-matrix.csv`: the control matrix flat, for GRC tools that import one table (AuditBoard,
//! TeamMate, Drata, Vanta, CISO Assistant). One header row; one row per control and driving or
//! supporting practice (a control no practice maps to has one row with the practice empty);
//! qualified ids (`iso27001-2022:A.5.15`, `wa-security:SEC02-BP01`). The columns are listed in
//! docs/control-matrix.md and in [`COLUMNS`]. Every cell goes through `csv_safe`, so no cell
//! starts a formula.

use crate::error::{Error, Result};
use crate::model::assessment::*;
use crate::model::catalog::lens_id_of;

use super::csv_safe;

/// The header, in order.
pub const COLUMNS: [&str; 27] = [
    "control_ref",
    "framework",
    "control_id",
    "control_title",
    "status",
    "status_label",
    "severity",
    "evidence_status",
    "owner",
    "applicable",
    "applicability_justification",
    "scope",
    "responsibility",
    "outside_scope",
    "reason",
    "evidence_ids",
    "accepted_risk",
    "practice_ref",
    "practice_id",
    "practice_title",
    "relation",
    "driving",
    "practice_status",
    "practice_finding",
    "practice_evidence",
    "rationale",
    "mapping_source",
];

/// The practice id qualified by its lens (`wa-security:SEC02-BP01`).
pub(crate) fn practice_ref(bp: &str) -> String {
    match lens_id_of(bp) {
        Some(l) => format!("{l}:{bp}"),
        None => bp.to_owned(),
    }
}

/// The control's evidence status in words: the verdict, or the AWS attestation's state.
pub fn evidence_status(c: &ControlResult) -> &'static str {
    match (&c.attestation, c.status) {
        (_, ControlStatus::NotApplicable) => EvidenceVerdict::NotRequired.label(),
        (Some(a), _) if !a.current => "AWS attestation missing",
        (Some(_), ControlStatus::CarvedOut) => "AWS attestation",
        _ => c.evidence_check.verdict.label(),
    }
}

fn control_cells(f: &FrameworkResult, c: &ControlResult) -> Vec<String> {
    vec![
        format!("{}:{}", f.id, c.id),
        f.id.clone(),
        c.id.clone(),
        c.title.clone(),
        c.status.key().to_owned(),
        c.status.label_in(f.supplier_model).to_owned(),
        c.risk.map(|r| r.to_string()).unwrap_or_default(),
        evidence_status(c).to_owned(),
        c.owners.join("; "),
        c.applicability.decision.label().to_owned(),
        c.applicability
            .justification
            .clone()
            .or_else(|| c.applicability.suggestion.clone())
            .unwrap_or_default(),
        c.scope.label().to_owned(),
        c.responsibility.label().to_owned(),
        c.outside_scope
            .as_ref()
            .map(|o| o.kind.label().to_owned())
            .unwrap_or_default(),
        c.reason.clone(),
        c.evidence
            .iter()
            .map(|e| e.reference.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        c.accepted_risk.clone().unwrap_or_default(),
    ]
}

fn practice_cells(a: &Assessment, p: Option<&ControlPractice>) -> Vec<String> {
    let Some(p) = p else {
        return vec![String::new(); 10];
    };
    let finding = a
        .practice(&p.bp)
        .and_then(|x| x.finding)
        .map(|f| f.label())
        .unwrap_or_default();
    vec![
        practice_ref(&p.bp),
        p.bp.clone(),
        p.title.clone(),
        p.relation.as_str().to_owned(),
        if p.driving { "yes" } else { "no" }.to_owned(),
        p.status.label().to_owned(),
        finding.to_owned(),
        p.evidence
            .iter()
            .map(|e| {
                format!(
                    "{} ({}{})",
                    e.reference,
                    e.state.label(),
                    if e.confirmed { ", confirmed" } else { "" }
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        p.rationale.clone(),
        p.source.clone(),
    ]
}

/// Every data row of the flat matrix, in order, as plain text (before any CSV neutralising):
/// the one row logic the CSV and the workbook's Flat matrix sheet share.
pub fn rows(a: &Assessment) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for f in &a.frameworks {
        for c in &f.controls {
            let head = control_cells(f, c);
            let practices: Vec<Option<&ControlPractice>> = if c.practices.is_empty() {
                vec![None]
            } else {
                c.practices.iter().map(Some).collect()
            };
            for p in practices {
                let mut cells = head.clone();
                cells.extend(practice_cells(a, p));
                out.push(cells);
            }
        }
    }
    out
}

/// Renders the flat matrix.
pub fn render(a: &Assessment) -> Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let fail = |e: csv::Error| Error::Internal(format!("writing control-matrix.csv: {e}"));
    csv_safe::write_record(&mut w, COLUMNS).map_err(fail)?;
    for cells in rows(a) {
        csv_safe::write_record(&mut w, cells).map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| Error::Internal(format!("writing control-matrix.csv: {e}")))
}
