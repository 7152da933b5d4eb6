//! One control matrix per framework: one row per control in scope, in catalog order. The
//! control's status, severity, evidence status and owner sit next to its id; then the grouped
//! columns: applicability (the Statement of Applicability: the organisation's decision, its
//! justification, what the review suggests, the legal or contractual basis), scope and
//! responsibility (outside review scope and why, complementary user-entity controls, the AWS
//! attestation), mapping (with whether the practices cover the control), the review's result
//! (architectural risk), the evidence (certification gap), the disposition, and empty columns
//! for the auditor's own testing. Evidence, practice and accepted-risk ids link to their rows.

use rust_xlsxwriter::Worksheet;

use super::context::{Ctx, Part};
use super::table::{
    Cell, Column, Kind, Styles, TableOptions, col, col_list, date, jump, jump_list, lines, opt,
    text, write_table,
};
use super::vocab::List;
use crate::error::Result;
use crate::model::assessment::{
    ControlResult, EvidenceLink, EvidenceState, EvidenceVerdict, FrameworkResult, OutsideScopeKind,
};
use crate::model::catalog::{ControlScope, Relation, Responsibility, SupplierModel};
use crate::model::review::PracticeStatus;
use crate::render::flat::evidence_status;

/// One row: a control of a framework.
pub(super) struct ControlRow<'a> {
    ctx: &'a Ctx<'a>,
    fw: &'a FrameworkResult,
    c: &'a ControlResult,
}

const CTRL: &str = "Control";
const APPL: &str = "Applicability (Statement of Applicability)";
const SCOPE: &str = "Scope and responsibility";
const MAP: &str = "Mapping";
const REVIEW: &str = "Review result (architectural risk)";
const EVID: &str = "Evidence (certification gap)";
const DISP: &str = "Disposition";
const REF: &str = "Reference";
const AUDIT: &str = "Auditor testing (to complete)";

/// The matrix columns, in sheet order: one table, written group by group (the grouped header
/// row). Adding a column is one line in its group.
fn columns<'a>(model: SupplierModel) -> Vec<Column<ControlRow<'a>>> {
    let mut all = printed(model);
    all.extend(scope_and_responsibility());
    all.extend(mapping());
    all.extend(review());
    all.extend(evidence());
    all.extend(disposition());
    all.extend(reference());
    all.extend(auditor_testing());
    all
}

/// The columns a matrix prints (its print area): the control and its applicability, the
/// Statement of Applicability on paper. The other columns are for work on screen; clearing
/// the print area prints them all, fitted to the page width.
fn printed<'a>(model: SupplierModel) -> Vec<Column<ControlRow<'a>>> {
    let mut cols = control(model);
    cols.extend(applicability());
    cols
}

/// The control: id, then what an auditor filters on first (status, severity, evidence
/// status, owner), its title and why it has its status.
fn control<'a>(model: SupplierModel) -> Vec<Column<ControlRow<'a>>> {
    vec![
        col(CTRL, "Control ID", 12.0, Kind::Id, |r| text(&r.c.id)),
        col_list(CTRL, "Status", 22.0, List::ControlStatus(model), |r| {
            text(r.c.status.label_in(r.fw.supplier_model))
        }),
        col(CTRL, "Severity", 9.0, Kind::Id, |r| {
            r.c.risk.map_or(Cell::Empty, |x| text(x.to_string()))
        }),
        col_list(CTRL, "Evidence status", 22.0, List::EvidenceStatus, |r| {
            text(evidence_status(r.c))
        }),
        col(CTRL, "Owner", 18.0, Kind::Text, |r| lines(&r.c.owners)),
        col(CTRL, "Title", 32.0, Kind::Text, |r| text(&r.c.title)),
        col(CTRL, "Status reason", 50.0, Kind::Text, |r| {
            text(&r.c.reason)
        }),
    ]
}

/// Where the control sits in its framework and edition.
fn reference<'a>() -> Vec<Column<ControlRow<'a>>> {
    vec![
        col(REF, "Group", 30.0, Kind::Text, |r| text(&r.c.group)),
        col(REF, "Theme / category", 14.0, Kind::Text, |r| {
            opt(r.c.theme.as_deref())
        }),
        col(REF, "Framework", 11.0, Kind::Id, |r| text(&r.fw.short_name)),
        col(REF, "Edition", 24.0, Kind::Text, |r| text(&r.fw.edition)),
        col(REF, "Earlier-edition ids", 12.0, Kind::Text, |r| {
            lines(&r.c.predecessors)
        }),
    ]
}

/// Applicability: the organisation's decision only; the review's suggestion beside it.
fn applicability<'a>() -> Vec<Column<ControlRow<'a>>> {
    vec![
        col_list(APPL, "Applicable", 11.0, List::Applicability, |r| {
            text(r.c.applicability.decision.label())
        }),
        col(
            APPL,
            "Justification (inclusion / exclusion)",
            40.0,
            Kind::Text,
            |r| opt(r.c.applicability.justification.as_deref()),
        ),
        col(APPL, "Review suggests", 30.0, Kind::Text, |r| {
            opt(r.c.applicability.suggestion.as_deref())
        }),
        col(APPL, "Legal or contractual basis", 20.0, Kind::Text, |r| {
            opt(r.c.applicability.basis.as_deref())
        }),
    ]
}

/// What kind of duty the control is, why the review cannot speak to it when it cannot, and
/// who operates it.
fn scope_and_responsibility<'a>() -> Vec<Column<ControlRow<'a>>> {
    vec![
        col(SCOPE, "Scope", 14.0, Kind::Id, |r| {
            text(scope_label(r.c.scope))
        }),
        col(SCOPE, "Scope note", 44.0, Kind::Text, |r| {
            opt(r.c.scope_note.as_deref())
        }),
        col(
            SCOPE,
            "Outside review scope",
            30.0,
            Kind::Text,
            outside_scope,
        ),
        col(SCOPE, "Responsibility", 14.0, Kind::Id, |r| {
            text(r.c.responsibility.label())
        }),
        col(SCOPE, "Responsibility note", 40.0, Kind::Text, |r| {
            match (r.c.responsibility, r.c.responsibility_note.as_deref()) {
                (_, Some(n)) => text(n),
                (Responsibility::Shared, None) => {
                    text("AWS operates its part; the customer answers for the workload's")
                }
                (Responsibility::Aws, None) => {
                    text("Operated by AWS under the shared responsibility model")
                }
                (Responsibility::Customer, None) => Cell::Empty,
            }
        }),
        col(
            SCOPE,
            "Complementary user-entity controls",
            40.0,
            Kind::Text,
            |r| lines(&r.c.cuecs),
        ),
        col(SCOPE, "AWS attestation", 34.0, Kind::Text, |r| {
            let Some(at) = &r.c.attestation else {
                return Cell::Empty;
            };
            let shown = format!(
                "{}: {}",
                if at.current { "Current" } else { "Not current" },
                at.detail
            );
            jump(
                at.evidence.as_deref().and_then(|e| r.ctx.evidence_at(e)),
                shown,
            )
        }),
    ]
}

/// Mapping: the practices that map to the control, how, whether they cover it, and why.
fn mapping<'a>() -> Vec<Column<ControlRow<'a>>> {
    vec![
        // The ids on one line, the first linked to its Answers row (a linked cell is one
        // line); the practices one per line beside it, as in the columns that follow.
        col(MAP, "Practice IDs", 16.0, Kind::Text, |r| {
            let ids: Vec<&str> = r.c.practices.iter().map(|p| p.bp.as_str()).collect();
            jump_list(
                &ids,
                r.c.practices.first().and_then(|p| r.ctx.practice_at(&p.bp)),
            )
        }),
        col(MAP, "Practices", 40.0, Kind::Text, |r| {
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
        col(MAP, "Coverage", 30.0, Kind::Text, coverage),
        col(MAP, "Rationale", 90.0, Kind::Text, |r| {
            lines(
                r.c.practices
                    .iter()
                    .map(|p| format!("{}: {}", p.bp, p.rationale)),
            )
        }),
        col(MAP, "Mapping source", 24.0, Kind::Text, |r| {
            lines(
                r.c.practices
                    .iter()
                    .map(|p| format!("{}: {}", p.bp, p.source)),
            )
        }),
    ]
}

/// The review's result: architectural risk, from the practices that drive the control.
fn review<'a>() -> Vec<Column<ControlRow<'a>>> {
    vec![
        col(REVIEW, "Driving practices", 26.0, Kind::Text, driving),
        col(
            REVIEW,
            "Practice statuses",
            40.0,
            Kind::Text,
            practice_statuses,
        ),
    ]
}

/// The evidence: what is confirmed for the control, each practice's evidence, what it shows
/// for the audit type.
fn evidence<'a>() -> Vec<Column<ControlRow<'a>>> {
    vec![
        col(EVID, "Evidence IDs", 14.0, Kind::Text, |r| {
            let ids: Vec<&str> = r.c.evidence.iter().map(|l| l.reference.as_str()).collect();
            jump_list(
                &ids,
                r.c.evidence
                    .first()
                    .and_then(|l| r.ctx.evidence_at(&l.reference)),
            )
        }),
        col(
            EVID,
            "Evidence confirmed for the control",
            40.0,
            Kind::Text,
            |r| lines(r.c.evidence.iter().map(entry)),
        ),
        col(EVID, "Evidence by practice", 44.0, Kind::Text, |r| {
            by_practice(r.c)
        }),
        col(
            EVID,
            "Period and sampling (Type II)",
            30.0,
            Kind::Text,
            |r| {
                let e = &r.c.evidence_check;
                let mut out = Vec::new();
                if let Some(p) = e.period_covered {
                    out.push(format!("{p:.1}% of the audit period so far covered"));
                }
                if let Some((with, all)) = e.slices {
                    out.push(format!("Sampling slices with evidence: {with} of {all}"));
                }
                if !e.slices_missing.is_empty() {
                    out.push(format!("None for {}", e.slices_missing.join(", ")));
                }
                if e.design_only {
                    out.push("Design evidence only: nothing shows operation".into());
                }
                lines(out)
            },
        ),
        col(EVID, "Evidence detail", 44.0, Kind::Text, |r| {
            if r.c.evidence_check.verdict == EvidenceVerdict::NotRequired {
                return Cell::Empty;
            }
            text(&r.c.evidence_check.detail)
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

/// Disposition: accepted risk, target, comments.
fn disposition<'a>() -> Vec<Column<ControlRow<'a>>> {
    vec![
        col(DISP, "Accepted risk", 30.0, Kind::Text, |r| {
            r.c.accepted_risk.as_deref().map_or(Cell::Empty, |id| {
                jump(r.ctx.waiver_at(id), r.ctx.waiver_text(id))
            })
        }),
        col(DISP, "Remediation target date", 12.0, Kind::Date, |r| {
            date(r.c.target_date)
        }),
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

/// Technical, Mixed, Organisational, Legal.
fn scope_label(s: ControlScope) -> &'static str {
    match s {
        ControlScope::Technical => "Technical",
        ControlScope::Mixed => "Mixed",
        ControlScope::Organisational => "Organisational",
        ControlScope::Legal => "Legal",
    }
}

/// Which kind of outside review scope, with the pillars and practices that cover it.
fn outside_scope(r: &ControlRow<'_>) -> Cell {
    let Some(o) = &r.c.outside_scope else {
        return Cell::Empty;
    };
    let kind = o.kind.label();
    let mut s = format!("{}{}", kind[..1].to_uppercase(), &kind[1..]);
    match o.kind {
        OutsideScopeKind::OtherPillar => {
            s.push_str(&format!(": {}", o.pillars.join(", ")));
            if !o.practices.is_empty() {
                s.push_str(&format!(" ({})", o.practices.join(", ")));
            }
        }
        OutsideScopeKind::SupportedOnly if !o.practices.is_empty() => {
            s.push_str(&format!(": {}", o.practices.join(", ")));
        }
        _ => {}
    }
    text(s)
}

/// Whether the driving relations cover the control (`docs/statuses.md`).
fn coverage(r: &ControlRow<'_>) -> Cell {
    let c = r.c;
    let driving: Vec<Relation> = c
        .practices
        .iter()
        .filter(|p| p.driving)
        .map(|p| p.relation)
        .collect();
    if driving.is_empty() {
        return if c.practices.is_empty() {
            Cell::Empty
        } else {
            text("None: practices only support it")
        };
    }
    if c.relations_cover {
        return text("Full (equal/superset): the practices cover the control");
    }
    let whole = driving
        .iter()
        .any(|x| matches!(x, Relation::Equal | Relation::Superset));
    text(if whole && c.scope == ControlScope::Mixed {
        "Partial: the practices cover the technical part; the organisational part is to assess"
    } else {
        "Partial: the practices cover part of the control; the rest is to assess"
    })
}

/// The driving practices counted.
fn driving(r: &ControlRow<'_>) -> Cell {
    let d = &r.c.driving;
    if d.total == 0 {
        return Cell::Empty;
    }
    let mut parts = vec![format!("{} implemented", d.implemented)];
    for (n, what) in [
        (d.not_implemented, "missing"),
        (d.waived, "waived"),
        (d.unanswered, "unanswered"),
        (d.not_applicable, "not applicable"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    let mut s = format!("{} driving: {}", d.total, parts.join(", "));
    if let Some(w) = d.worst_risk {
        s.push_str(&format!("; worst missing: {w}"));
    }
    text(s)
}

/// An entry confirmed for the control: id, title, state and kind.
pub(super) fn entry(l: &EvidenceLink) -> String {
    let mut s = l.reference.clone();
    if l.title != l.reference {
        s.push_str(&format!(" {}", l.title));
    }
    s.push_str(&format!(" ({}", l.state.label()));
    if let Some(k) = l.kind {
        s.push_str(&format!(", {}", k.label().to_lowercase()));
    }
    s.push(')');
    s
}

/// Each driving practice's evidence, marked whether it is confirmed for this control, so the
/// row never reads as evidenced by an entry that is not evidence of the control.
pub(super) fn by_practice(c: &ControlResult) -> Cell {
    lines(c.practices.iter().filter(|p| p.driving).map(|p| {
        if p.evidence.is_empty() {
            return format!("{}: none", p.bp);
        }
        let items: Vec<String> = p
            .evidence
            .iter()
            .map(|l| {
                if l.state == EvidenceState::Unverified {
                    return format!("\"{}\" (not in the register)", l.reference);
                }
                format!(
                    "{} {} ({})",
                    l.reference,
                    l.state.label().to_lowercase(),
                    if l.confirmed {
                        "confirmed"
                    } else {
                        "not confirmed for this control"
                    }
                )
            })
            .collect();
        format!("{}: {}", p.bp, items.join(", "))
    }))
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
    let header_row = write_table(
        ws,
        styles,
        &columns(fw.supplier_model),
        &rows,
        &TableOptions {
            freeze_cols: 1,
            print_cols: Some(printed(fw.supplier_model).len() as u16),
        },
    )?;
    debug_assert_eq!(header_row + 1, super::context::MATRIX_HEADER_ROWS);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_evidence_status_and_owner_sit_next_to_the_id() {
        let cols = columns(SupplierModel::Supplier);
        let headers: Vec<&str> = cols.iter().map(|c| c.header).collect();
        assert_eq!(
            &headers[..5],
            [
                "Control ID",
                "Status",
                "Severity",
                "Evidence status",
                "Owner"
            ]
        );
        // What prints: the control and its applicability.
        let printed: Vec<&str> = printed(SupplierModel::Supplier)
            .iter()
            .map(|c| c.header)
            .collect();
        assert_eq!(headers[..printed.len()], printed[..]);
        assert_eq!(printed.last(), Some(&"Legal or contractual basis"));
        // No "inherited" wording anywhere.
        assert!(!headers.iter().any(|h| h.to_lowercase().contains("inherit")));
    }
}
