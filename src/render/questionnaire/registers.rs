//! The register sheets of the questionnaire: the evidence register (with each entry's kind and
//! attestation), accepted risks and control decisions. Each writes the review's items, one per
//! row, and leaves room (formats, validation) for [`BLANK_ROWS`] more.

use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, Worksheet};

use super::write::{
    Formats, choices, date_validation, fit_row, header_row, positions, print_setup, width_at,
    write_date, write_list, write_opt, x,
};
use crate::error::Result;
use crate::import::tables::columns::Field;
use crate::import::tables::questionnaire_layout::{
    ACCEPTED_RISKS, CONTROLS, EVIDENCE, NO, Sheet, YES, YES_NO_CHOICES,
};
use crate::model::audit::{EvidenceKind, Sampling};
use crate::model::catalog::{Catalog, Responsibility};
use crate::model::review::{ControlOverride, EvidenceItem, Review};

/// Rows reserved (with formats and validation) on the register sheets of a blank
/// questionnaire; more rows can be added freely.
const BLANK_ROWS: u32 = 200;

/// The last row of a register sheet: its items, and at least [`BLANK_ROWS`].
fn last_row(items: usize) -> u32 {
    BLANK_ROWS.max(items as u32)
}

/// The columns of a register sheet that are not `dates`, for the wrapping text format.
fn text_columns(sheet: &Sheet, dates: &[u16]) -> Vec<u16> {
    (0..=sheet.last()).filter(|c| !dates.contains(c)).collect()
}

/// The Evidence register: the review's items, and room (formats, validation) for more.
pub(super) fn evidence_sheet(ws: &mut Worksheet, review: &Review, f: &Formats) -> Result<()> {
    let s = &EVIDENCE;
    ws.set_name(s.name).map_err(x)?;
    header_row(ws, s, f)?;
    let dates = positions(
        s,
        [
            Field::EvCollected,
            Field::EvPeriodStart,
            Field::EvPeriodEnd,
            Field::EvExpires,
            Field::EvBridge,
        ],
    )?;
    for c in text_columns(s, &dates) {
        ws.set_column_format(c, &f.wrap).map_err(x)?;
    }
    let last = last_row(review.evidence.len());
    for c in dates {
        date_validation(ws, 1, last, c)?;
    }
    let [kind] = positions(s, [Field::EvKind])?;
    choices(
        ws,
        (1, last, kind),
        &EvidenceKind::ALL.map(EvidenceKind::as_str),
        "Kind",
        "design (policy, configuration), operation (logs, tickets over time), both, or attestation (a supplier's report: fill Attestation report).",
    )?;
    for (r, e) in (1u32..).zip(&review.evidence) {
        evidence_row(ws, r, e, f)?;
    }
    print_setup(ws, true)?;
    ws.autofilter(0, 0, last, s.last()).map_err(x)?;
    Ok(())
}

/// One entry of the evidence register.
fn evidence_row(ws: &mut Worksheet, r: u32, e: &EvidenceItem, f: &Formats) -> Result<()> {
    let s = &EVIDENCE;
    let [id, title, owner, location, sha256, supports, kind, notes] = positions(
        s,
        [
            Field::EvId,
            Field::EvTitle,
            Field::EvOwner,
            Field::EvLocation,
            Field::EvSha256,
            Field::EvSupports,
            Field::EvKind,
            Field::EvNotes,
        ],
    )?;
    let [collected, start, end, expires] = positions(
        s,
        [
            Field::EvCollected,
            Field::EvPeriodStart,
            Field::EvPeriodEnd,
            Field::EvExpires,
        ],
    )?;
    ws.write_string_with_format(r, id, &e.id, &f.wrap)
        .map_err(x)?;
    ws.write_string_with_format(r, title, &e.title, &f.wrap)
        .map_err(x)?;
    write_opt(ws, r, owner, e.owner.as_deref(), &f.wrap)?;
    write_opt(ws, r, location, e.location.as_deref(), &f.wrap)?;
    write_opt(ws, r, sha256, e.sha256.as_deref(), &f.wrap)?;
    write_date(ws, r, collected, e.collected_on, &f.date)?;
    write_date(ws, r, start, e.period_start, &f.date)?;
    write_date(ws, r, end, e.period_end, &f.date)?;
    write_date(ws, r, expires, e.expires_on, &f.date)?;
    write_list(ws, r, supports, &e.supports, &f.wrap)?;
    write_opt(ws, r, kind, e.kind.map(EvidenceKind::as_str), &f.wrap)?;
    attestation_cells(ws, r, e, f)?;
    write_opt(ws, r, notes, e.notes.as_deref(), &f.wrap)?;
    let supports_text = e.supports.join("\n");
    let artifact = e
        .attestation
        .as_ref()
        .and_then(|a| a.artifact_reference.as_deref());
    let [artifact_col] = positions(s, [Field::EvArtifact])?;
    fit_row(
        ws,
        r,
        &[
            (e.title.as_str(), width_at(s, title)),
            (e.location.as_deref().unwrap_or(""), width_at(s, location)),
            (e.sha256.as_deref().unwrap_or(""), width_at(s, sha256)),
            (supports_text.as_str(), width_at(s, supports)),
            (artifact.unwrap_or(""), width_at(s, artifact_col)),
            (e.notes.as_deref().unwrap_or(""), width_at(s, notes)),
        ],
    )
}

/// An entry's attestation: report, issuer, frameworks, bridge letter, AWS Artifact reference.
fn attestation_cells(ws: &mut Worksheet, r: u32, e: &EvidenceItem, f: &Formats) -> Result<()> {
    let Some(a) = &e.attestation else {
        return Ok(());
    };
    let [report, issuer, frameworks, bridge, artifact] = positions(
        &EVIDENCE,
        [
            Field::EvReport,
            Field::EvIssuer,
            Field::EvFrameworks,
            Field::EvBridge,
            Field::EvArtifact,
        ],
    )?;
    ws.write_string_with_format(r, report, &a.report, &f.wrap)
        .map_err(x)?;
    ws.write_string_with_format(r, issuer, &a.issuer, &f.wrap)
        .map_err(x)?;
    write_list(ws, r, frameworks, &a.frameworks, &f.wrap)?;
    write_date(ws, r, bridge, a.bridge_letter_until, &f.date)?;
    write_opt(ws, r, artifact, a.artifact_reference.as_deref(), &f.wrap)
}

/// The Accepted risks sheet: the review's waivers, and room for more.
pub(super) fn accepted_risks_sheet(ws: &mut Worksheet, review: &Review, f: &Formats) -> Result<()> {
    let s = &ACCEPTED_RISKS;
    ws.set_name(s.name).map_err(x)?;
    header_row(ws, s, f)?;
    let [id, target, title, justification, approver, compensating] = positions(
        s,
        [
            Field::ArId,
            Field::ArTarget,
            Field::ArTitle,
            Field::ArJustification,
            Field::ArApprover,
            Field::ArCompensating,
        ],
    )?;
    let dates = positions(s, [Field::ArApprovedOn, Field::ArExpires])?;
    for c in text_columns(s, &dates) {
        ws.set_column_format(c, &f.wrap).map_err(x)?;
    }
    let last = last_row(review.accepted_risks.len());
    for c in dates {
        date_validation(ws, 1, last, c)?;
    }
    let [approved_on, expires_on] = dates;
    for (r, w) in (1u32..).zip(&review.accepted_risks) {
        ws.write_string_with_format(r, id, &w.id, &f.wrap)
            .map_err(x)?;
        ws.write_string_with_format(r, target, &w.target, &f.wrap)
            .map_err(x)?;
        ws.write_string_with_format(r, title, &w.title, &f.wrap)
            .map_err(x)?;
        ws.write_string_with_format(r, justification, &w.justification, &f.wrap)
            .map_err(x)?;
        write_opt(ws, r, approver, w.approver.as_deref(), &f.wrap)?;
        write_date(ws, r, approved_on, w.approved_on, &f.date)?;
        write_date(ws, r, expires_on, w.expires_on, &f.date)?;
        write_opt(
            ws,
            r,
            compensating,
            w.compensating_control.as_deref(),
            &f.wrap,
        )?;
        fit_row(
            ws,
            r,
            &[
                (w.title.as_str(), width_at(s, title)),
                (w.justification.as_str(), width_at(s, justification)),
                (
                    w.compensating_control.as_deref().unwrap_or(""),
                    width_at(s, compensating),
                ),
            ],
        )?;
    }
    print_setup(ws, true)?;
    ws.autofilter(0, 0, last, s.last()).map_err(x)?;
    Ok(())
}

/// The Controls sheet: per-control decisions, with drop-downs for the framework (the catalog's
/// ids), the applicability, the responsibility and the sampling frequency.
pub(super) fn controls_sheet(
    ws: &mut Worksheet,
    catalog: &Catalog,
    review: &Review,
    f: &Formats,
) -> Result<()> {
    let s = &CONTROLS;
    ws.set_name(s.name).map_err(x)?;
    header_row(ws, s, f)?;
    for c in 0..=s.last() {
        ws.set_column_format(c, &f.wrap).map_err(x)?;
    }
    let [framework, applicable, responsibility, sampling] = positions(
        s,
        [
            Field::CtlFramework,
            Field::CtlApplicable,
            Field::CtlResponsibility,
            Field::CtlSampling,
        ],
    )?;
    let last = last_row(review.control_overrides.len());
    let ids: Vec<&str> = catalog.frameworks.iter().map(|f| f.id.as_str()).collect();
    if !ids.is_empty() {
        let fw = DataValidation::new()
            .allow_list_strings(&ids)
            .map_err(x)?
            .set_error_style(DataValidationErrorStyle::Warning);
        ws.add_data_validation(1, framework, last, framework, &fw)
            .map_err(x)?;
    }
    choices(
        ws,
        (1, last, applicable),
        YES_NO_CHOICES,
        "Applicable",
        "Yes: the control applies (say why in Justification). No: it does not (say why in Not applicable reason). Blank: not decided.",
    )?;
    let resp = DataValidation::new()
        .allow_list_strings(&["customer", "shared", "aws"])
        .map_err(x)?
        .set_error_style(DataValidationErrorStyle::Warning);
    ws.add_data_validation(1, responsibility, last, responsibility, &resp)
        .map_err(x)?;
    choices(
        ws,
        (1, last, sampling),
        &Sampling::WORDS,
        "Sampling",
        "How often the control must show evidence (Type II); an ISO 8601 duration such as P2M or P30D is accepted too.",
    )?;
    for (r, c) in (1u32..).zip(&review.control_overrides) {
        control_row(ws, r, c, f)?;
    }
    print_setup(ws, true)?;
    ws.autofilter(0, 0, last, s.last()).map_err(x)?;
    Ok(())
}

/// One decision of the Controls sheet. Applicable is Yes for a control decided applicable, No
/// for one excluded (with its Not applicable reason), blank otherwise.
fn control_row(ws: &mut Worksheet, r: u32, c: &ControlOverride, f: &Formats) -> Result<()> {
    let s = &CONTROLS;
    let [framework, control, applicable, justification, basis, na] = positions(
        s,
        [
            Field::CtlFramework,
            Field::CtlControl,
            Field::CtlApplicable,
            Field::CtlJustification,
            Field::CtlBasis,
            Field::CtlNotApplicable,
        ],
    )?;
    let [responsibility, evidence, sampling, owner, notes] = positions(
        s,
        [
            Field::CtlResponsibility,
            Field::CtlEvidence,
            Field::CtlSampling,
            Field::CtlOwner,
            Field::CtlNotes,
        ],
    )?;
    ws.write_string_with_format(r, framework, &c.framework, &f.wrap)
        .map_err(x)?;
    ws.write_string_with_format(r, control, &c.control, &f.wrap)
        .map_err(x)?;
    let decided = match (c.applicable, &c.not_applicable) {
        (true, _) => Some(YES),
        (false, Some(_)) => Some(NO),
        (false, None) => None,
    };
    write_opt(ws, r, applicable, decided, &f.wrap)?;
    write_opt(ws, r, justification, c.justification.as_deref(), &f.wrap)?;
    write_opt(ws, r, basis, c.basis.as_deref(), &f.wrap)?;
    write_opt(ws, r, na, c.not_applicable.as_deref(), &f.wrap)?;
    let resp = c.responsibility.map(|r| match r {
        Responsibility::Customer => "customer",
        Responsibility::Shared => "shared",
        Responsibility::Aws => "aws",
    });
    write_opt(ws, r, responsibility, resp, &f.wrap)?;
    write_list(ws, r, evidence, &c.evidence, &f.wrap)?;
    let every = c.sampling.map(Sampling::as_input);
    write_opt(ws, r, sampling, every.as_deref(), &f.wrap)?;
    write_opt(ws, r, owner, c.owner.as_deref(), &f.wrap)?;
    write_opt(ws, r, notes, c.notes.as_deref(), &f.wrap)?;
    fit_row(
        ws,
        r,
        &[
            (
                c.justification.as_deref().unwrap_or(""),
                width_at(s, justification),
            ),
            (c.basis.as_deref().unwrap_or(""), width_at(s, basis)),
            (c.not_applicable.as_deref().unwrap_or(""), width_at(s, na)),
            (c.notes.as_deref().unwrap_or(""), width_at(s, notes)),
        ],
    )
}
