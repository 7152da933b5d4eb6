//! The "Changes since baseline" sheet, written when `--baseline` is given: one filterable table
//! of every change between the baseline review and this one (practices by category, question
//! risks, control statuses, readiness per framework, accepted risks).

use rust_xlsxwriter::Worksheet;

use super::context::Ctx;
use super::table::{Column, Kind, Styles, TableOptions, col, opt, ratio, text, write_table};
use crate::error::Result;
use crate::model::assessment::ControlStatus;
use crate::model::catalog::SupplierModel;
use crate::model::comparison::{
    AcceptedRiskChange, Comparison, ControlChange, Direction, PracticeChange, QuestionChange,
    ReadinessChange,
};
use crate::model::review::PracticeStatus;

/// One row of the sheet.
pub(super) struct ChangeRow {
    change: &'static str,
    area: &'static str,
    item: String,
    title: String,
    before: String,
    after: String,
    direction: &'static str,
    detail: String,
}

fn status(s: Option<PracticeStatus>) -> String {
    s.map_or("Not in the review".to_owned(), |s| s.label().to_owned())
}

fn practice(change: &'static str, direction: &'static str, p: &PracticeChange) -> ChangeRow {
    let finding = |f: Option<crate::model::assessment::Finding>| match f {
        Some(crate::model::assessment::Finding::Hri) => " (HRI)",
        Some(crate::model::assessment::Finding::Mri) => " (MRI)",
        Some(crate::model::assessment::Finding::Lri) => " (low risk)",
        None => "",
    };
    let mut detail = format!("{} risk if not established", p.risk_level);
    if let Some(o) = &p.owner {
        detail.push_str(&format!("; owner {o}"));
    }
    if let Some(w) = &p.after_accepted_risk {
        detail.push_str(&format!("; accepted risk {w} in force"));
    }
    ChangeRow {
        change,
        area: "Practice",
        item: p.bp.clone(),
        title: p.title.clone(),
        before: format!("{}{}", status(p.before), finding(p.before_finding)),
        after: format!("{}{}", status(p.after), finding(p.after_finding)),
        direction,
        detail,
    }
}

/// A status as its framework says it ("Carved out to AWS" in SOC 2, "Operated by supplier
/// AWS" in ISO 27001).
fn control_label(s: ControlStatus, model: SupplierModel) -> &'static str {
    s.label_in(model)
}

/// Every change, in a stable order: practices by category, questions, controls, readiness,
/// accepted risks.
pub(super) fn rows(c: &Comparison, ctx: &Ctx<'_>) -> Vec<ChangeRow> {
    let mut out = Vec::new();
    for (name, dir, list) in [
        ("Resolved", "Better", &c.resolved),
        ("Regressed", "Worse", &c.regressed),
        ("New finding", "Worse", &c.new),
        ("Risk changed", "Other", &c.risk_changed),
        ("No longer applicable", "Other", &c.no_longer_applicable),
        ("No longer answered", "Other", &c.no_longer_answered),
        ("Still open", "Unchanged", &c.still_open),
    ] {
        out.extend(list.iter().map(|p| practice(name, dir, p)));
    }
    out.extend(c.questions.iter().filter(|q| q.changed).map(question));
    out.extend(c.controls.iter().map(|ch| {
        let model = ctx
            .frameworks
            .get(ch.framework.as_str())
            .map(|f| f.supplier_model)
            .unwrap_or_default();
        control(ch, model)
    }));
    out.extend(c.readiness.iter().map(readiness));
    out.extend(c.accepted_risks.iter().map(accepted_risk));
    out
}

fn question(q: &QuestionChange) -> ChangeRow {
    ChangeRow {
        change: "Question risk changed",
        area: "Question",
        item: q.id.clone(),
        title: q.title.clone(),
        before: q
            .before
            .map_or("Not in the review".into(), |r| r.as_str().to_owned()),
        after: q
            .after
            .map_or("Not in the review".into(), |r| r.as_str().to_owned()),
        direction: "Other",
        detail: "Risk as the WA Tool shows it (see the README sheet for the rule)".into(),
    }
}

fn control(ch: &ControlChange, model: SupplierModel) -> ChangeRow {
    let risk = |s: ControlStatus, r: Option<crate::model::catalog::RiskLevel>| match r {
        Some(r) if s == ControlStatus::ArchitecturalRisk => {
            format!("{} ({r})", control_label(s, model))
        }
        _ => control_label(s, model).to_owned(),
    };
    ChangeRow {
        change: "Control status changed",
        area: "Control",
        item: format!("{} {}", ch.framework_name, ch.control),
        title: ch.title.clone(),
        before: risk(ch.before, ch.before_risk),
        after: risk(ch.after, ch.after_risk),
        direction: match ch.direction {
            Direction::Better => "Better",
            Direction::Worse => "Worse",
            Direction::Other => "Other",
        },
        detail: ch.reason.clone(),
    }
}

fn readiness(r: &ReadinessChange) -> ChangeRow {
    ChangeRow {
        change: "Readiness",
        area: "Framework",
        item: r.short_name.clone(),
        title: r.framework.clone(),
        // Counts first; one decimal only on 30 or more assessed.
        before: ratio(
            r.before.evidenced,
            r.before.assessed,
            r.before.percent,
            "assessed",
        ),
        after: ratio(
            r.after.evidenced,
            r.after.assessed,
            r.after.percent,
            "assessed",
        ),
        direction: match r.delta_points {
            Some(d) if d > 0.0 => "Better",
            Some(d) if d < 0.0 => "Worse",
            Some(_) => "Unchanged",
            None => "Other",
        },
        detail: r
            .delta_points
            .map_or("Not comparable: nothing assessed on one side".into(), |d| {
                format!("{d:+.1} points")
            }),
    }
}

fn accepted_risk(w: &AcceptedRiskChange) -> ChangeRow {
    let state = |s: Option<bool>| match s {
        Some(true) => "In force",
        Some(false) => "Not in force",
        None => "Not in the review",
    };
    ChangeRow {
        change: "Accepted risk changed",
        area: "Accepted risk",
        item: w.id.clone(),
        title: w.title.clone(),
        before: state(w.before_in_force).into(),
        after: state(w.after_in_force).into(),
        direction: "Other",
        detail: format!(
            "Target {}{}",
            w.target,
            w.expires_on
                .map(|e| format!("; expires {e}"))
                .unwrap_or_default()
        ),
    }
}

fn columns() -> Vec<Column<ChangeRow>> {
    vec![
        col("", "Change", 22.0, Kind::Id, |r| text(r.change)),
        col("", "Area", 13.0, Kind::Id, |r| text(r.area)),
        col("", "Item", 18.0, Kind::Id, |r| text(&r.item)),
        col("", "Title", 40.0, Kind::Text, |r| text(&r.title)),
        col("", "Baseline", 26.0, Kind::Text, |r| text(&r.before)),
        col("", "Now", 26.0, Kind::Text, |r| text(&r.after)),
        col("", "Direction", 11.0, Kind::Id, |r| text(r.direction)),
        col("", "Detail", 60.0, Kind::Text, |r| {
            opt(Some(r.detail.as_str()))
        }),
    ]
}

/// Writes the sheet.
pub(super) fn write(ws: &mut Worksheet, styles: &Styles, ctx: &Ctx<'_>) -> Result<()> {
    let Some(c) = &ctx.a.comparison else {
        return Ok(());
    };
    let rows = rows(c, ctx);
    write_table(
        ws,
        styles,
        &columns(),
        &rows,
        &TableOptions {
            freeze_cols: 3,
            ..Default::default()
        },
    )?;
    Ok(())
}
