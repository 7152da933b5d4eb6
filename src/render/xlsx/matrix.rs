//! One control matrix per framework: one row per control, every control of the catalog,
//! mapped or not. Columns are grouped: identification, applicability, mapping, review result
//! (architectural risk), evidence (certification gap), disposition, and empty columns for the
//! auditor's own testing. For ISO/IEC 27001 the Annex A sheet is the Statement of
//! Applicability (applicable, justification, implementation status, linked practices, owner,
//! evidence).

use rust_xlsxwriter::Worksheet;

use super::context::{Ctx, Part, is_clause};
use super::table::{
    Cell, Column, Kind, Styles, TableOptions, col, col_list, date, lines, opt, text, write_table,
};
use super::vocab::{EvidenceStatus, List};
use crate::error::Result;
use crate::model::assessment::{ControlResult, ControlStatus, FrameworkResult};
use crate::model::catalog::{ControlScope, Responsibility};
use crate::model::review::PracticeStatus;

/// One row: a control of a framework.
pub(super) struct ControlRow<'a> {
    ctx: &'a Ctx<'a>,
    fw: &'a FrameworkResult,
    c: &'a ControlResult,
}

const ID: &str = "Identification";
const APPL: &str = "Applicability";
const MAP: &str = "Mapping";
const REVIEW: &str = "Review result (architectural risk)";
const EVID: &str = "Evidence (certification gap)";
const DISP: &str = "Disposition";
const AUDIT: &str = "Auditor testing (to complete)";

/// The matrix columns, in sheet order: one table, written group by group (the grouped header
/// row). Adding a column is one line in its group.
fn columns<'a>() -> Vec<Column<ControlRow<'a>>> {
    let mut all = identification();
    all.extend(applicability());
    all.extend(mapping());
    all.extend(review_and_evidence());
    all.extend(disposition());
    all.extend(auditor_testing());
    all
}

/// Identification: which control, in which edition, within reach of the review or not.
fn identification<'a>() -> Vec<Column<ControlRow<'a>>> {
    vec![
        col(ID, "Framework", 11.0, Kind::Id, |r| text(&r.fw.short_name)),
        col(ID, "Edition", 16.0, Kind::Text, |r| text(&r.fw.edition)),
        col(ID, "Control ID", 12.0, Kind::Id, |r| text(&r.c.id)),
        col(ID, "Title", 36.0, Kind::Text, |r| text(&r.c.title)),
        col(ID, "Group", 24.0, Kind::Text, |r| text(&r.c.group)),
        col(ID, "Theme / category", 14.0, Kind::Text, |r| {
            opt(r.c.theme.as_deref())
        }),
        // Not the framework's own theme (ISO's "Organizational controls" can be in reach):
        // whether an architecture review can speak to the control at all.
        col(ID, "Reach of the review", 16.0, Kind::Text, |r| {
            text(match r.c.scope {
                ControlScope::Technical => "Technical: in reach",
                ControlScope::Mixed => "Mixed: technical part in reach",
                ControlScope::Organisational => "Organisational: outside the review",
                ControlScope::Legal => "Legal: outside the review",
            })
        }),
        col(ID, "Earlier-edition ids", 12.0, Kind::Text, |r| {
            lines(&r.c.predecessors)
        }),
    ]
}

/// Applicability: included or not, why, and who is responsible.
fn applicability<'a>() -> Vec<Column<ControlRow<'a>>> {
    vec![
        col_list(APPL, "Applicable", 11.0, List::YesNo, |r| {
            text(if r.c.status == ControlStatus::NotApplicable {
                "No"
            } else {
                "Yes"
            })
        }),
        col(
            APPL,
            "Justification (inclusion / exclusion)",
            34.0,
            Kind::Text,
            justification,
        ),
        col(APPL, "Responsibility", 14.0, Kind::Id, |r| {
            text(r.c.responsibility.label())
        }),
        col(APPL, "Responsibility note", 30.0, Kind::Text, |r| {
            match r.c.responsibility {
                Responsibility::Customer => opt(r.c.responsibility_note.as_deref()),
                Responsibility::Shared => {
                    text(r.c.responsibility_note.as_deref().unwrap_or(
                        "AWS operates its part; the customer answers for the workload's",
                    ))
                }
                Responsibility::Aws => text(format!(
                    "{}{}",
                    r.c.responsibility_note
                        .as_deref()
                        .map(|n| format!("{n}. "))
                        .unwrap_or_default(),
                    r.fw.inherited_evidence
                        .as_deref()
                        .map(|e| format!("Provider attestation: {e}"))
                        .unwrap_or_else(|| "Provider attestation: AWS Artifact".into())
                )),
            }
        }),
    ]
}

/// Mapping: the practices that map to the control, how and why.
fn mapping<'a>() -> Vec<Column<ControlRow<'a>>> {
    vec![
        col(MAP, "Practices", 36.0, Kind::Text, |r| {
            lines(
                r.c.practices
                    .iter()
                    .map(|p| format!("{} {}", p.bp, p.title)),
            )
        }),
        col(MAP, "Relation", 30.0, Kind::Text, |r| {
            lines(r.c.practices.iter().map(|p| {
                format!(
                    "{}: {}{}",
                    p.bp,
                    p.relation.as_str(),
                    if p.driving { " (drives status)" } else { "" }
                )
            }))
        }),
        col(MAP, "Rationale", 60.0, Kind::Text, |r| {
            lines(
                r.c.practices
                    .iter()
                    .map(|p| format!("{}: {}", p.bp, p.rationale)),
            )
        }),
        col(MAP, "Mapping source", 22.0, Kind::Text, |r| {
            lines(
                r.c.practices
                    .iter()
                    .map(|p| format!("{}: {}", p.bp, p.source)),
            )
        }),
    ]
}

/// The review's result (architectural risk) and the evidence (certification gap), apart.
fn review_and_evidence<'a>() -> Vec<Column<ControlRow<'a>>> {
    vec![
        col(
            REVIEW,
            "Practice statuses",
            34.0,
            Kind::Text,
            practice_statuses,
        ),
        col(REVIEW, "Risk level", 10.0, Kind::Id, |r| {
            r.c.risk.map_or(Cell::Empty, |x| text(x.to_string()))
        }),
        col_list(EVID, "Evidence status", 14.0, List::EvidenceStatus, |r| {
            text(EvidenceStatus::of(r.ctx.a, r.c).label())
        }),
        col(EVID, "Evidence references", 40.0, Kind::Text, |r| {
            if r.c.status == ControlStatus::CarvedOut {
                return text(format!(
                    "AWS attestation: {}",
                    r.fw.inherited_evidence.as_deref().unwrap_or("AWS Artifact")
                ));
            }
            lines(r.c.evidence.iter().map(|l| {
                if l.title == l.reference {
                    format!("{} ({})", l.reference, l.state.label())
                } else {
                    format!("{} {} ({})", l.reference, l.title, l.state.label())
                }
            }))
        }),
        col(EVID, "Evidence owner", 18.0, Kind::Text, |r| {
            let mut owners: Vec<&str> = Vec::new();
            for o in r.c.evidence.iter().filter_map(|l| l.owner.as_deref()) {
                if !owners.contains(&o) {
                    owners.push(o);
                }
            }
            lines(owners)
        }),
        col(EVID, "Evidence collected (oldest)", 12.0, Kind::Date, |r| {
            date(r.c.evidence.iter().filter_map(|l| l.collected_on).min())
        }),
        col(EVID, "Evidence expires (earliest)", 12.0, Kind::Date, |r| {
            date(r.c.evidence.iter().filter_map(|l| l.expires_on).min())
        }),
    ]
}

/// Disposition: the status, why, accepted risk, target, owner, comments.
fn disposition<'a>() -> Vec<Column<ControlRow<'a>>> {
    vec![
        col_list(DISP, "Status", 20.0, List::ControlStatus, |r| {
            text(r.c.status.label())
        }),
        col(DISP, "Status reason", 44.0, Kind::Text, |r| {
            text(&r.c.reason)
        }),
        col(DISP, "Accepted risk", 30.0, Kind::Text, |r| {
            r.c.accepted_risk
                .as_deref()
                .map_or(Cell::Empty, |id| text(r.ctx.waiver_text(id)))
        }),
        col(DISP, "Remediation target date", 12.0, Kind::Date, |r| {
            date(r.c.target_date)
        }),
        col(DISP, "Owner", 18.0, Kind::Text, |r| lines(&r.c.owners)),
        col(DISP, "Comments", 30.0, Kind::Text, |r| {
            opt(r.c.notes.as_deref())
        }),
    ]
}

/// Empty columns for the auditor's own testing.
fn auditor_testing<'a>() -> Vec<Column<ControlRow<'a>>> {
    vec![
        col(AUDIT, "Test procedure", 24.0, Kind::Text, |_| Cell::Empty),
        col(AUDIT, "Sample / population", 18.0, Kind::Text, |_| {
            Cell::Empty
        }),
        col_list(AUDIT, "Test result", 16.0, List::TestResult, |_| {
            Cell::Empty
        }),
        col(AUDIT, "Exceptions", 24.0, Kind::Text, |_| Cell::Empty),
    ]
}

fn justification(r: &ControlRow<'_>) -> Cell {
    let c = r.c;
    if c.status == ControlStatus::NotApplicable {
        return text(
            c.not_applicable_reason
                .clone()
                .unwrap_or_else(|| c.reason.clone()),
        );
    }
    if is_clause(c) {
        return text("Mandatory requirement of the standard; clauses cannot be excluded");
    }
    if c.status == ControlStatus::CarvedOut {
        return text("Included: operated by AWS under the shared responsibility model");
    }
    // The reason for including a control (risk treatment, legal, contractual or business
    // requirement) is the organisation's to state.
    Cell::Empty
}

fn practice_statuses(r: &ControlRow<'_>) -> Cell {
    lines(r.c.practices.iter().map(|p| {
        let mut s = format!("{}: {}", p.bp, p.status.label());
        let pr = r.ctx.practices.get(p.bp.as_str());
        match p.status {
            PracticeStatus::NotImplemented => {
                let finding = p.risk_level.finding_names().qualifier;
                s.push_str(&format!(" ({} risk, {finding})", p.risk_level));
                if let Some(w) = pr.and_then(|x| x.accepted_risk.as_deref()) {
                    s.push_str(&format!("; accepted risk {w}"));
                }
            }
            PracticeStatus::NotApplicable => {
                if let Some(why) = pr.and_then(|x| x.na_reason.as_deref()) {
                    s.push_str(&format!(" ({why})"));
                }
            }
            PracticeStatus::Implemented | PracticeStatus::Unanswered => {}
        }
        if !p.driving {
            s.push_str(" [supports]");
        }
        s
    }))
}

/// Writes one matrix sheet.
pub(super) fn write(
    ws: &mut Worksheet,
    styles: &Styles,
    ctx: &Ctx<'_>,
    fw: &FrameworkResult,
    part: Part,
) -> Result<()> {
    let rows: Vec<ControlRow<'_>> = fw
        .controls
        .iter()
        .filter(|c| part.holds(c))
        .map(|c| ControlRow { ctx, fw, c })
        .collect();
    write_table(
        ws,
        styles,
        &columns(),
        &rows,
        &TableOptions { freeze_cols: 3 },
    )?;
    Ok(())
}
