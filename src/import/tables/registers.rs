//! The registers: evidence items, accepted risks and per-control decisions, one per row.
//! A row missing a required value is an error at that cell and is not imported. The values the
//! native format shares (evidence kind and attestation, applicability, sampling) are checked by
//! the rules of [`crate::import::engagement`], so a sheet and a JSON file say the same thing.

use super::cells::Cells;
use super::columns::{Field, Header};
use super::ctx::Ctx;
use super::table::{Row, Table};
use crate::error::Diagnostic;
use crate::import::engagement;
use crate::model::audit::{Attestation, EvidenceKind};
use crate::model::catalog::Responsibility;
use crate::model::review::{AcceptedRisk, ControlOverride, EvidenceItem};

pub(super) fn evidence(cx: &mut Ctx, t: &Table, h: &Header) {
    let col = |f| h.col(f);
    for row in t.rows.iter().skip(h.index + 1) {
        let row_at = t.row_at(row.number);
        let mut c = Cells {
            table: t,
            diags: &mut cx.diags,
        };
        // Every cell is read (and checked) before a missing id or title drops the row.
        let id = c.key(row, col(Field::EvId));
        let title = c.text(row, col(Field::EvTitle));
        let sha256 = c.key(row, col(Field::EvSha256));
        if let Some(s) = &sha256
            && !crate::import::text::is_sha256(s)
        {
            c.error_at(
                row,
                col(Field::EvSha256),
                "invalid-sha256",
                "sha256 must be 64 hexadecimal digits",
            );
        }
        let owner = c.text(row, col(Field::EvOwner));
        let location = c.text(row, col(Field::EvLocation));
        let collected_on = c.date(row, col(Field::EvCollected));
        let period_start = c.date(row, col(Field::EvPeriodStart));
        let period_end = c.date(row, col(Field::EvPeriodEnd));
        let expires_on = c.date(row, col(Field::EvExpires));
        let supports = c.list(row, col(Field::EvSupports));
        let (kind, attestation) = kind_and_attestation(&mut c, row, h);
        let notes = c.text(row, col(Field::EvNotes));
        let mut missing = false;
        for (f, v, what) in [
            (Field::EvId, id.is_some(), "an id"),
            (Field::EvTitle, title.is_some(), "a title"),
        ] {
            if !v {
                missing = true;
                let (cc, hd) = col(f).unwrap_or((0, ""));
                if row.get(cc).is_none() {
                    c.diags.error(
                        "missing-value",
                        Some(c.at(row, cc, hd)),
                        format!("an evidence item needs {what}"),
                    );
                }
            }
        }
        let (Some(id), Some(title), false) = (id, title, missing) else {
            continue;
        };
        cx.review.evidence.push(EvidenceItem {
            id,
            title,
            owner,
            location,
            sha256,
            collected_on,
            period_start,
            period_end,
            expires_on,
            supports,
            kind,
            attestation,
            notes,
            source: row_at,
        });
    }
}

/// An evidence row's kind and attestation, by the rules of the native format: a report makes
/// the entry an attestation (of kind attestation); the other attestation columns describe a
/// report, so they need one.
fn kind_and_attestation(
    c: &mut Cells,
    row: &Row,
    h: &Header,
) -> (Option<EvidenceKind>, Option<Attestation>) {
    let col = |f| h.col(f);
    let kind = c.checked(row, col(Field::EvKind), engagement::evidence_kind);
    let report = c
        .text(row, col(Field::EvReport))
        .filter(|s| !s.trim().is_empty());
    let issuer = c.text(row, col(Field::EvIssuer));
    let frameworks = c.list(row, col(Field::EvFrameworks));
    let bridge_letter_until = c.date(row, col(Field::EvBridge));
    let artifact_reference = c.text(row, col(Field::EvArtifact));
    let kind = engagement::kind_with_attestation(kind, report.is_some()).unwrap_or_else(|p| {
        let (cc, hd) = col(Field::EvKind).unwrap_or((0, ""));
        c.diags.push(p.at(c.at(row, cc, hd)));
        Some(EvidenceKind::Attestation)
    });
    let Some(report) = report else {
        let described = [
            (Field::EvIssuer, issuer.is_some()),
            (Field::EvFrameworks, !frameworks.is_empty()),
            (Field::EvBridge, bridge_letter_until.is_some()),
            (Field::EvArtifact, artifact_reference.is_some()),
        ];
        if let Some((f, _)) = described.iter().find(|(_, given)| *given) {
            let (_, described_by) = col(*f).unwrap_or((0, ""));
            let at = match col(Field::EvReport) {
                Some((cc, hd)) => c.at(row, cc, hd),
                None => c.table.row_at(row.number),
            };
            c.diags.push(
                Diagnostic::error(
                    "missing-value",
                    Some(at),
                    format!(
                        "the {described_by} describes an attestation, but no attestation report is given"
                    ),
                )
                .with_hint("name the report (SOC 2 Type II, ISO/IEC 27001 certificate, PCI DSS AOC…) in the Attestation report column"),
            );
        }
        return (kind, None);
    };
    let attestation = Attestation {
        issuer: engagement::issuer(issuer),
        report,
        frameworks,
        bridge_letter_until,
        artifact_reference,
    };
    (kind, Some(attestation))
}

pub(super) fn risks(cx: &mut Ctx, t: &Table, h: &Header) {
    let col = |f| h.col(f);
    for row in t.rows.iter().skip(h.index + 1) {
        let row_at = t.row_at(row.number);
        let mut c = Cells {
            table: t,
            diags: &mut cx.diags,
        };
        let mut missing = false;
        let mut req = |c: &mut Cells, f: Field, what: &str, key: bool| -> String {
            let v = if key {
                c.key(row, col(f))
            } else {
                c.text(row, col(f))
            };
            match v {
                Some(v) => v,
                None => {
                    let (cc, hd) = col(f).unwrap_or((0, ""));
                    let at = if col(f).is_some() {
                        c.at(row, cc, hd)
                    } else {
                        row_at.clone()
                    };
                    c.diags.error(
                        "missing-value",
                        Some(at),
                        format!("an accepted risk needs {what}"),
                    );
                    missing = true;
                    String::new()
                }
            }
        };
        let id = req(&mut c, Field::ArId, "an id", true);
        let target = req(
            &mut c,
            Field::ArTarget,
            "a target (a BP id or a control)",
            true,
        );
        let title = req(&mut c, Field::ArTitle, "a title (what is accepted)", false);
        let justification = req(&mut c, Field::ArJustification, "a justification", false);
        let item = AcceptedRisk {
            id,
            target,
            title,
            justification,
            approver: c.text(row, col(Field::ArApprover)),
            approved_on: c.date(row, col(Field::ArApprovedOn)),
            expires_on: c.date(row, col(Field::ArExpires)),
            compensating_control: c.text(row, col(Field::ArCompensating)),
            source: row_at,
        };
        if !missing {
            cx.review.accepted_risks.push(item);
        }
    }
}

pub(super) fn controls(cx: &mut Ctx, t: &Table, h: &Header) {
    let col = |f| h.col(f);
    for row in t.rows.iter().skip(h.index + 1) {
        let mut c = Cells {
            table: t,
            diags: &mut cx.diags,
        };
        let framework = c.key(row, col(Field::CtlFramework));
        let control = c.key(row, col(Field::CtlControl));
        let (Some(framework), Some(control)) = (framework, control) else {
            for (f, what) in [
                (Field::CtlFramework, "a framework id"),
                (Field::CtlControl, "a control id"),
            ] {
                if row.get(col(f).map_or(u32::MAX, |x| x.0)).is_none() {
                    c.error_at(
                        row,
                        col(f),
                        "missing-value",
                        format!("a control decision needs {what}"),
                    );
                }
            }
            continue;
        };
        let responsibility = c.parsed(
            row,
            col(Field::CtlResponsibility),
            Responsibility::parse,
            "invalid-responsibility",
            "responsibility",
            "customer, shared or aws",
        );
        let applicable = c.checked(row, col(Field::CtlApplicable), engagement::yes_no);
        let justification = c.text(row, col(Field::CtlJustification));
        let not_applicable = c.text(row, col(Field::CtlNotApplicable));
        decision(&mut c, row, h, applicable, &not_applicable, &justification);
        cx.review.control_overrides.push(ControlOverride {
            framework,
            control,
            responsibility,
            not_applicable,
            applicable: applicable.unwrap_or(false),
            justification,
            basis: c.text(row, col(Field::CtlBasis)),
            evidence: c.list(row, col(Field::CtlEvidence)),
            sampling: c.checked(row, col(Field::CtlSampling), engagement::sampling),
            owner: c.text(row, col(Field::CtlOwner)),
            notes: c.text(row, col(Field::CtlNotes)),
            source: t.row_at(row.number),
        });
    }
}

/// The rules of a decision ([`engagement::decision`]), with the columns named by their
/// headers and a problem at the Applicable or the Justification cell.
fn decision(
    c: &mut Cells,
    row: &Row,
    h: &Header,
    applicable: Option<bool>,
    not_applicable: &Option<String>,
    justification: &Option<String>,
) {
    let name = |f, default| h.col(f).map_or(default, |(_, hd)| hd);
    let names = (
        name(Field::CtlApplicable, "Applicable"),
        name(Field::CtlNotApplicable, "Not applicable reason"),
    );
    let rule = engagement::decision(
        applicable,
        not_applicable.is_some(),
        justification.is_some(),
        names,
    );
    if let Err((at, p)) = rule {
        let f = match at {
            engagement::DecisionAt::Applicable => Field::CtlApplicable,
            engagement::DecisionAt::Justification => Field::CtlJustification,
        };
        let (cc, hd) = h.col(f).unwrap_or((0, ""));
        c.diags.push(p.at(c.at(row, cc, hd)));
    }
}
