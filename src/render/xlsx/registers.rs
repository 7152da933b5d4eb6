//! The register sheets: risk register (architectural risk only), accepted risks, mapping,
//! answers. One typed column table each. The evidence sheets are in `evidence.rs`.

use rust_xlsxwriter::Worksheet;

use super::context::{AnswerItem, Ctx, waiver_state};
use super::table::{
    Cell, Column, Kind, Styles, TableOptions, col, date, decimal, lines, link, opt, text,
    write_table,
};
use crate::error::{Location, Result, display_path};
use crate::model::assessment::{
    AcceptedRiskResult, ControlStatus, Finding, FrameworkResult, PlanItem, PracticeResult,
    QuestionResult,
};
use crate::model::review::PracticeStatus;

fn yes_no(b: bool) -> Cell {
    text(if b { "Yes" } else { "No" })
}

/// Where in a file something was read, without the file: sheet, row, column, JSON path, line.
pub(super) fn place(at: &Location) -> String {
    let mut parts = Vec::new();
    if let Some(s) = &at.sheet {
        parts.push(format!("sheet '{s}'"));
    }
    if let Some(r) = at.row {
        parts.push(format!("row {r}"));
    }
    if let Some(c) = at.column {
        let mut s = format!("column {}", crate::error::column_letter(c));
        if let Some(h) = &at.header {
            s.push_str(&format!(" ({h})"));
        }
        parts.push(s);
    }
    if let Some(p) = &at.path {
        parts.push(p.clone());
    }
    if let Some((l, c)) = at.line {
        parts.push(format!("line {l}, column {c}"));
    }
    parts.join(", ")
}

pub(super) fn file_of(at: &Location) -> Cell {
    text(display_path(std::path::Path::new(&at.file)))
}

// ---------------------------------------------------------------------------------------------
// Risk register: architectural risk only.

pub(super) struct RiskRow<'a> {
    ctx: &'a Ctx<'a>,
    p: &'a PracticeResult,
    q: Option<&'a QuestionResult>,
    plan: Option<&'a PlanItem>,
}

impl RiskRow<'_> {
    /// Controls at architectural risk because of this practice: it drives them, it is not
    /// waived, and the control's status is architectural risk.
    fn controls_at_risk(&self) -> Vec<String> {
        if let Some(p) = self.plan {
            return p.controls.clone();
        }
        if self.p.accepted_risk.is_some() {
            return Vec::new();
        }
        self.p
            .controls
            .iter()
            .filter(|k| {
                self.ctx
                    .control(k)
                    .is_some_and(|c| c.status == ControlStatus::ArchitecturalRisk)
            })
            .cloned()
            .collect()
    }
}

fn risk_columns<'a>() -> Vec<Column<RiskRow<'a>>> {
    vec![
        col("", "Rank", 7.0, Kind::Number, |r| {
            r.plan.map_or(Cell::Empty, |p| Cell::Int(i64::from(p.rank)))
        }),
        col("", "Priority", 8.0, Kind::Id, |r| {
            r.plan.map_or(Cell::Empty, |p| text(&p.priority))
        }),
        col("", "Finding", 12.0, Kind::Text, |r| {
            text(r.p.finding.map_or("", |f| f.names().register))
        }),
        col("", "Practice ID", 12.0, Kind::Id, |r| text(&r.p.id)),
        col("", "Practice", 36.0, Kind::Text, |r| text(&r.p.title)),
        col("", "Question", 30.0, Kind::Text, |r| {
            text(match r.q {
                Some(q) => format!("{} {}", q.id, q.title),
                None => r.p.question.clone(),
            })
        }),
        col("", "Focus area", 18.0, Kind::Text, |r| {
            text(&r.p.focus_area)
        }),
        col("", "Risk level", 9.0, Kind::Id, |r| {
            text(r.p.risk_level.to_string())
        }),
        col("", "Practice status", 18.0, Kind::Text, practice_status),
        col("", "Treatment", 30.0, Kind::Text, treatment),
        col("", "Business impact", 36.0, Kind::Text, |r| {
            opt(r.p.impact.as_deref())
        }),
        col("", "Review notes", 44.0, Kind::Text, |r| {
            opt(r.p.notes.as_deref())
        }),
        col("", "Improvement guidance", 24.0, Kind::Link, |r| {
            link(
                &r.p.improvement_url,
                format!("{} improvement plan", r.p.question),
            )
        }),
        col("", "Documentation", 24.0, Kind::Link, |r| {
            link(&r.p.doc_url, format!("{} documentation", r.p.id))
        }),
        col("", "Owner", 18.0, Kind::Text, |r| opt(r.p.owner.as_deref())),
        col("", "Effort", 10.0, Kind::Text, effort),
        col("", "Effort (person-days)", 10.0, Kind::Id, |r| {
            decimal(r.p.effort_days)
        }),
        col("", "Cost", 11.0, Kind::Id, |r| decimal(r.p.cost)),
        col("", "Currency", 9.0, Kind::Id, |r| {
            r.p.cost
                .map_or(Cell::Empty, |_| opt(r.ctx.a.workload.currency.as_deref()))
        }),
        col("", "Target date", 12.0, Kind::Date, |r| {
            date(r.plan.and_then(|p| p.target_date).or(r.p.target_date))
        }),
        col("", "Target date basis", 18.0, Kind::Text, target_basis),
        col("", "Horizon", 12.0, Kind::Id, |r| {
            r.plan.map_or(Cell::Empty, |p| text(p.horizon.label()))
        }),
        col("", "Depends on", 14.0, Kind::Text, |r| {
            lines(&r.p.depends_on)
        }),
        col("", "Blocked by (open)", 14.0, Kind::Text, |r| {
            r.plan.map_or(Cell::Empty, |p| lines(&p.blocked_by))
        }),
        col(
            "",
            "Controls at architectural risk",
            26.0,
            Kind::Text,
            |r| lines(r.controls_at_risk().iter().map(|k| r.ctx.control_label(k))),
        ),
        col("", "Mapped controls (driven)", 26.0, Kind::Text, |r| {
            lines(r.p.controls.iter().map(|k| r.ctx.control_label(k)))
        }),
        col("", "Score", 8.0, Kind::Number, |r| {
            r.plan
                .map_or(Cell::Empty, |p| Cell::Int(i64::from(p.score)))
        }),
    ]
}

fn practice_status(r: &RiskRow<'_>) -> Cell {
    text(
        if r.p.answered_status == PracticeStatus::Unanswered
            && r.p.status == PracticeStatus::NotImplemented
        {
            "Not implemented (left unticked in an answered question)".to_owned()
        } else {
            r.p.status.label().to_owned()
        },
    )
}

fn treatment(r: &RiskRow<'_>) -> Cell {
    if let Some(w) = r.p.accepted_risk.as_deref() {
        return text(format!("Accepted risk: {}", r.ctx.waiver_text(w)));
    }
    text(match (r.plan, r.p.finding) {
        (Some(_), _) => "Remediate: in the improvement plan",
        (None, Some(Finding::Lri)) => "Low risk: not ranked in the improvement plan",
        _ => "",
    })
}

fn effort(r: &RiskRow<'_>) -> Cell {
    match r.plan {
        Some(p) => text(format!(
            "{}{}",
            p.effort.label(),
            if p.effort_defaulted {
                " (default: not given)"
            } else {
                ""
            }
        )),
        None => r.p.effort.map_or(Cell::Empty, |e| text(e.label())),
    }
}

fn target_basis(r: &RiskRow<'_>) -> Cell {
    match r.plan {
        Some(p) if p.target_date.is_some() => text(if p.target_defaulted {
            format!("Derived: end of the {} horizon", p.horizon.label())
        } else {
            "Given in the review".to_owned()
        }),
        _ => text(if r.p.target_date.is_some() {
            "Given in the review"
        } else {
            ""
        }),
    }
}

/// The risk register's rows: the improvement plan in rank order, then the other findings
/// (waived HRIs/MRIs, low-risk findings) in catalog order.
pub(super) fn risk_rows<'a>(ctx: &'a Ctx<'a>) -> Vec<RiskRow<'a>> {
    let mut rows: Vec<RiskRow<'a>> = Vec::new();
    for item in &ctx.a.plan {
        if let Some(p) = ctx.practices.get(item.bp.as_str()) {
            rows.push(RiskRow {
                ctx,
                p,
                q: ctx.questions.get(p.question.as_str()).copied(),
                plan: Some(item),
            });
        }
    }
    for p in ctx.a.practices() {
        if p.finding.is_some() && !ctx.plan.contains_key(p.id.as_str()) {
            rows.push(RiskRow {
                ctx,
                p,
                q: ctx.questions.get(p.question.as_str()).copied(),
                plan: None,
            });
        }
    }
    rows
}

pub(super) fn risk(ws: &mut Worksheet, styles: &Styles, ctx: &Ctx<'_>) -> Result<()> {
    write_table(
        ws,
        styles,
        &risk_columns(),
        &risk_rows(ctx),
        &TableOptions {
            freeze_cols: 4,
            ..Default::default()
        },
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Accepted risks.

pub(super) struct WaiverRow<'a> {
    ctx: &'a Ctx<'a>,
    w: &'a AcceptedRiskResult,
}

fn accepted_columns<'a>() -> Vec<Column<WaiverRow<'a>>> {
    vec![
        col("", "Accepted risk ID", 12.0, Kind::Id, |r| text(&r.w.id)),
        col("", "Target", 18.0, Kind::Text, |r| {
            text(if r.w.target_kind == "control" {
                r.ctx.control_label(&r.w.target)
            } else {
                r.w.target.clone()
            })
        }),
        col("", "Target kind", 10.0, Kind::Id, |r| {
            text(&r.w.target_kind)
        }),
        col("", "Title", 30.0, Kind::Text, |r| text(&r.w.title)),
        col("", "Justification", 44.0, Kind::Text, |r| {
            text(&r.w.justification)
        }),
        col("", "Compensating control", 30.0, Kind::Text, |r| {
            opt(r.w.compensating_control.as_deref())
        }),
        col("", "Approver", 20.0, Kind::Text, |r| {
            opt(r.w.approver.as_deref())
        }),
        col("", "Approved on", 12.0, Kind::Date, |r| {
            date(r.w.approved_on)
        }),
        col("", "Expires on", 12.0, Kind::Date, |r| date(r.w.expires_on)),
        col("", "State on report date", 18.0, Kind::Text, |r| {
            let s = waiver_state(r.ctx.a, r.w);
            let mut c = s.chars();
            text(match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            })
        }),
        col("", "Expires inside audit period", 12.0, Kind::Id, |r| {
            yes_no(r.w.expires_in_period)
        }),
        col("", "Read from", 24.0, Kind::Text, |r| file_of(&r.w.source)),
        col("", "Place in file", 18.0, Kind::Text, |r| {
            text(place(&r.w.source))
        }),
    ]
}

pub(super) fn accepted(ws: &mut Worksheet, styles: &Styles, ctx: &Ctx<'_>) -> Result<()> {
    let rows: Vec<WaiverRow<'_>> = ctx.accepted.iter().map(|w| WaiverRow { ctx, w }).collect();
    write_table(
        ws,
        styles,
        &accepted_columns(),
        &rows,
        &TableOptions {
            freeze_cols: 1,
            ..Default::default()
        },
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Mapping.

pub(super) struct MapRow<'a> {
    ctx: &'a Ctx<'a>,
    fw: &'a FrameworkResult,
    /// Control id and title; `None` for an explicit "no control applies" row.
    control: Option<(&'a str, &'a str)>,
    bp: &'a str,
    bp_title: &'a str,
    relation: &'a str,
    driving: bool,
    rationale: &'a str,
    source: &'a str,
}

fn mapping_columns<'a>() -> Vec<Column<MapRow<'a>>> {
    vec![
        col("", "Framework", 11.0, Kind::Id, |r| text(&r.fw.short_name)),
        col("", "Edition", 16.0, Kind::Text, |r| text(&r.fw.edition)),
        col("", "Control ID", 12.0, Kind::Id, |r| {
            text(r.control.map_or("(none)", |c| c.0))
        }),
        col("", "Control", 32.0, Kind::Text, |r| {
            text(
                r.control
                    .map_or("No control of this framework applies", |c| c.1),
            )
        }),
        col("", "Practice ID", 12.0, Kind::Id, |r| text(r.bp)),
        col("", "Practice", 32.0, Kind::Text, |r| text(r.bp_title)),
        col("", "Question", 9.0, Kind::Id, |r| {
            r.ctx
                .practices
                .get(r.bp)
                .map_or(Cell::Empty, |p| text(&p.question))
        }),
        col("", "Relation", 11.0, Kind::Id, |r| text(r.relation)),
        col("", "Drives status", 9.0, Kind::Id, |r| yes_no(r.driving)),
        col("", "Rationale", 60.0, Kind::Text, |r| text(r.rationale)),
        col("", "Source", 22.0, Kind::Text, |r| text(r.source)),
        col("", "Mapping data version", 18.0, Kind::Id, |r| {
            text(&r.ctx.a.mapping.version)
        }),
    ]
}

pub(super) fn mapping(ws: &mut Worksheet, styles: &Styles, ctx: &Ctx<'_>) -> Result<()> {
    let mut rows = Vec::new();
    for fw in &ctx.a.frameworks {
        for c in &fw.controls {
            for m in &c.practices {
                rows.push(MapRow {
                    ctx,
                    fw,
                    control: Some((&c.id, &c.title)),
                    bp: &m.bp,
                    bp_title: &m.title,
                    relation: m.relation.as_str(),
                    driving: m.driving,
                    rationale: &m.rationale,
                    source: &m.source,
                });
            }
        }
        for n in &fw.no_mapping {
            rows.push(MapRow {
                ctx,
                fw,
                control: None,
                bp: &n.bp,
                bp_title: &n.title,
                relation: "none",
                driving: false,
                rationale: &n.rationale,
                source: &n.source,
            });
        }
    }
    write_table(
        ws,
        styles,
        &mapping_columns(),
        &rows,
        &TableOptions {
            freeze_cols: 3,
            ..Default::default()
        },
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Answers: every imported answer and note, verbatim.

impl AnswerItem<'_> {
    fn source(&self) -> Option<&Location> {
        match self {
            AnswerItem::Question(q) => q.source.as_ref(),
            AnswerItem::Practice(_, p) => p.source.as_ref(),
            AnswerItem::Legacy(l) => Some(&l.source),
        }
    }

    fn practice(&self) -> Option<&PracticeResult> {
        match self {
            AnswerItem::Practice(_, p) => Some(p),
            _ => None,
        }
    }
}

fn answer_columns<'a>() -> Vec<Column<AnswerItem<'a>>> {
    vec![
        col("", "Kind", 14.0, Kind::Text, |r| {
            text(match r {
                AnswerItem::Question(_) => "Question",
                AnswerItem::Practice(..) => "Practice",
                AnswerItem::Legacy(_) => "Removed practice (older lens)",
            })
        }),
        col("", "Question", 9.0, Kind::Id, |r| match r {
            AnswerItem::Question(q) | AnswerItem::Practice(q, _) => text(&q.id),
            AnswerItem::Legacy(_) => Cell::Empty,
        }),
        col("", "Practice ID", 12.0, Kind::Id, |r| match r {
            AnswerItem::Question(_) => Cell::Empty,
            AnswerItem::Practice(_, p) => text(&p.id),
            AnswerItem::Legacy(l) => text(&l.old_bp_id),
        }),
        col("", "Title", 34.0, Kind::Text, |r| match r {
            AnswerItem::Question(q) => text(&q.title),
            AnswerItem::Practice(_, p) => text(&p.title),
            AnswerItem::Legacy(l) => text(&l.old_title),
        }),
        col("", "Answer", 18.0, Kind::Text, answer),
        col("", "Counted as", 18.0, Kind::Text, counted_as),
        col("", "Not applicable reason", 24.0, Kind::Text, |r| match r {
            AnswerItem::Question(q) => opt(q.na_reason.as_deref()),
            AnswerItem::Practice(_, p) => opt(p.na_reason.as_deref()),
            AnswerItem::Legacy(_) => Cell::Empty,
        }),
        col("", "Notes", 50.0, Kind::Text, |r| match r {
            AnswerItem::Question(q) => opt(q.notes.as_deref()),
            AnswerItem::Practice(_, p) => opt(p.notes.as_deref()),
            AnswerItem::Legacy(l) => opt(l.notes.as_deref()),
        }),
        col("", "Owner", 18.0, Kind::Text, |r| {
            r.practice()
                .map_or(Cell::Empty, |p| opt(p.owner.as_deref()))
        }),
        col("", "Evidence", 20.0, Kind::Text, |r| {
            r.practice().map_or(Cell::Empty, |p| {
                lines(p.evidence.iter().map(|l| l.reference.as_str()))
            })
        }),
        col("", "Effort", 9.0, Kind::Id, |r| {
            r.practice()
                .and_then(|p| p.effort)
                .map_or(Cell::Empty, |e| text(e.label()))
        }),
        col("", "Impact", 30.0, Kind::Text, |r| {
            opt(r.practice().and_then(|p| p.impact.as_deref()))
        }),
        col("", "Effort (person-days)", 10.0, Kind::Id, |r| {
            decimal(r.practice().and_then(|p| p.effort_days))
        }),
        col("", "Cost", 11.0, Kind::Id, |r| {
            decimal(r.practice().and_then(|p| p.cost))
        }),
        col("", "Target date", 12.0, Kind::Date, |r| {
            date(r.practice().and_then(|p| p.target_date))
        }),
        col("", "Depends on", 14.0, Kind::Text, |r| {
            r.practice().map_or(Cell::Empty, |p| lines(&p.depends_on))
        }),
        col("", "Older-lens ids", 16.0, Kind::Text, |r| match r {
            AnswerItem::Practice(_, p) => lines(&p.legacy_ids),
            AnswerItem::Legacy(l) => text(&l.old_choice_id),
            AnswerItem::Question(_) => Cell::Empty,
        }),
        col("", "Read from", 28.0, Kind::Text, |r| {
            r.source().map_or(Cell::Empty, file_of)
        }),
        col("", "Place in file", 20.0, Kind::Text, |r| {
            r.source().map_or(Cell::Empty, |s| text(place(s)))
        }),
    ]
}

/// The answer as given.
fn answer(r: &AnswerItem<'_>) -> Cell {
    match r {
        AnswerItem::Question(q) => lines([
            if q.na_reason.is_some() {
                "Question not applicable"
            } else {
                ""
            },
            if q.none_selected {
                "None of these selected"
            } else {
                ""
            },
        ]),
        AnswerItem::Practice(_, p) => text(p.answered_status.label()),
        AnswerItem::Legacy(l) => text(l.status.label()),
    }
}

/// What the answer counts as in the assessment.
fn counted_as(r: &AnswerItem<'_>) -> Cell {
    match r {
        AnswerItem::Question(q) => text(match q.reported_risk {
            Some(rep) => format!(
                "Question risk {} (WA Tool reported {})",
                q.risk.as_str(),
                rep.as_str()
            ),
            None => format!("Question risk {}", q.risk.as_str()),
        }),
        AnswerItem::Practice(_, p) => text(p.status.label()),
        AnswerItem::Legacy(_) => text("Not counted: the current lens has no such practice"),
    }
}

pub(super) fn answers(ws: &mut Worksheet, styles: &Styles, ctx: &Ctx<'_>) -> Result<()> {
    write_table(
        ws,
        styles,
        &answer_columns(),
        &ctx.answers,
        &TableOptions {
            freeze_cols: 3,
            ..Default::default()
        },
    )?;
    Ok(())
}
