//! The remediation backlog: one work item per open HRI/MRI of the improvement plan, for Jira,
//! GitHub and anything that reads JSON or Markdown. Columns, import steps and the reasons for
//! each choice are in `docs/backlog.md`.
//!
//! Item descriptions come from two templates of the template set: `text/backlog-item.txt.tera`
//! (plain text: the Jira CSV `Description` and JSON `description`) and
//! `text/backlog-item.md.tera` (Markdown, autoescaped: the GitHub CSV `body`, JSON
//! `description_markdown` and each section of `--format md`, laid out by
//! `text/backlog.md.tera`). Every CSV cell goes through [`csv_safe::cell`].

use std::collections::HashMap;

use serde::Serialize;
use time::Date;

use crate::error::{Error, Result};
use crate::model::assessment::{Assessment, Finding, Horizon, PlanItem};
use crate::model::catalog::RiskLevel;
use crate::model::review::Effort;
use crate::render::csv_safe;
use crate::render::text::TextTemplates;
use crate::textfmt::Named;

/// The schema tag of the JSON backlog.
pub(crate) const BACKLOG_SCHEMA: &str = "wafr/backlog/1";

/// Jira limits a summary to 255 characters.
pub(crate) const SUMMARY_CHARS: usize = 255;

/// Labels per item (the Jira CSV has this many `Labels` columns).
pub(crate) const LABELS: usize = 5;

/// Longest CSV cell: what a spreadsheet cell and Jira's text fields hold. A longer description
/// (a review note can be that long by itself) is cut with a marker; JSON and Markdown keep it
/// whole.
pub(crate) const CELL_CHARS: usize = 32_767;

const CUT: &str =
    "\n… (cut to fit a CSV cell; the full text is in the JSON backlog and assessment.json)";

fn cell_text(s: &str) -> String {
    if s.chars().count() <= CELL_CHARS {
        s.to_owned()
    } else {
        let keep = CELL_CHARS - CUT.chars().count();
        let mut t: String = s.chars().take(keep).collect();
        t.push_str(CUT);
        t
    }
}

/// Output formats of `wafr backlog`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BacklogFormat {
    /// CSV for Jira's CSV importer (`csv`, also `jira-csv`).
    JiraCsv,
    /// CSV for GitHub issue importers (`github-csv`): `title`, `body`, `labels`.
    GithubCsv,
    /// JSON (`json`).
    Json,
    /// Markdown (`md`).
    Markdown,
}

impl Named for BacklogFormat {
    const VARIANTS: &'static [BacklogFormat] = &[
        BacklogFormat::JiraCsv,
        BacklogFormat::GithubCsv,
        BacklogFormat::Json,
        BacklogFormat::Markdown,
    ];

    /// The `--format` name.
    fn name(self) -> &'static str {
        match self {
            BacklogFormat::JiraCsv => "csv",
            BacklogFormat::GithubCsv => "github-csv",
            BacklogFormat::Json => "json",
            BacklogFormat::Markdown => "md",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            BacklogFormat::JiraCsv => &["jira-csv", "jira"],
            BacklogFormat::GithubCsv => &["github", "gh-csv"],
            BacklogFormat::Json => &[],
            BacklogFormat::Markdown => &["markdown"],
        }
    }
}

/// One work item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacklogItem {
    /// Stable key: the BP id (the same in every run, for finding an item again).
    pub key: String,
    /// One line: `SEC02-BP01 [HRI] Use strong sign-in mechanisms` (at most 255 characters).
    pub summary: String,
    /// Plain-text description.
    pub description: String,
    /// Markdown description.
    pub description_markdown: String,
    /// Labels: `wafr`, `HRI`/`MRI`, `P1`..`P3`, the question (`SEC02`), the focus area slug.
    pub labels: Vec<String>,
    /// Plan priority, `P1` to `P3`.
    pub priority: String,
    /// Tracker priority: P1 → High, P2 → Medium, P3 → Low.
    pub tracker_priority: String,
    /// Rank in the improvement plan.
    pub rank: u32,
    /// Plan score.
    pub score: i32,
    /// HRI or MRI.
    pub finding: Finding,
    /// Risk level if not established.
    pub risk_level: RiskLevel,
    /// Effort.
    pub effort: Effort,
    /// True when the effort was not given (Medium by default).
    pub effort_defaulted: bool,
    /// What the business risks while the practice is missing, as the review states it.
    pub impact: Option<String>,
    /// Estimated effort in person-days, when the review gives it.
    pub effort_days: Option<f64>,
    /// Estimated cost, in the organisation's currency, when the review gives it.
    pub cost: Option<f64>,
    /// The cost's currency (ISO 4217, the workload's `currency`), when both are given.
    pub currency: Option<String>,
    /// Owner (a person or team, as the review gives it).
    pub owner: Option<String>,
    /// Due date: the target date, given or derived from the horizon.
    pub due_date: Option<Date>,
    /// True when the due date was derived.
    pub due_date_derived: bool,
    /// Roadmap horizon.
    pub horizon: Horizon,
    /// Horizon label (`0-30 days`).
    pub horizon_label: String,
    /// Question id.
    pub question: String,
    /// Question title.
    pub question_title: String,
    /// Focus area.
    pub focus_area: String,
    /// BP id.
    pub bp: String,
    /// BP title.
    pub title: String,
    /// Controls at architectural risk because of it (`framework:control`).
    pub controls: Vec<String>,
    /// The same, as `SOC 2 CC6.1`.
    pub controls_display: Vec<String>,
    /// Dependencies (BP ids).
    pub depends_on: Vec<String>,
    /// Dependencies that are open items themselves.
    pub blocked_by: Vec<String>,
    /// Reviewer notes, verbatim.
    pub notes: Option<String>,
    /// The practice's documentation.
    pub guidance_url: String,
    /// The WA Tool's improvement plan page of the question.
    pub improvement_url: String,
}

/// The whole backlog.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backlog {
    /// `wafr/backlog/1`.
    pub schema: String,
    /// Workload.
    pub workload: String,
    /// Organisation.
    pub organisation: Option<String>,
    /// Review date.
    pub review_date: Option<Date>,
    /// Report date.
    pub generated_on: Date,
    /// Items, in plan rank order.
    pub items: Vec<BacklogItem>,
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

#[derive(Serialize)]
struct ItemContext<'a> {
    item: &'a BacklogItem,
    finding_label: &'static str,
    /// The item's person-days as reports print them (`4.5`), when given.
    effort_days: Option<String>,
    /// The item's cost as reports print it (`12,000`), when given.
    cost: Option<String>,
    total: usize,
    workload: &'a str,
    review_date: Option<Date>,
    generated_on: Date,
}

/// Builds the backlog from the improvement plan.
pub fn build(a: &Assessment, t: &TextTemplates) -> Result<Backlog> {
    let short: HashMap<&str, &str> = a
        .frameworks
        .iter()
        .map(|f| (f.id.as_str(), f.short_name.as_str()))
        .collect();
    let qtitle: HashMap<&str, &str> = a
        .questions
        .iter()
        .map(|q| (q.id.as_str(), q.title.as_str()))
        .collect();
    let mut items = Vec::new();
    for p in &a.plan {
        items.push(item(a, p, &short, &qtitle));
    }
    let total = items.len();
    for it in &mut items {
        let ctx = ItemContext {
            item: it,
            finding_label: it.finding.names().abbrev,
            effort_days: it.effort_days.map(crate::textfmt::amount),
            cost: it
                .cost
                .map(|c| crate::textfmt::money(c, a.workload.currency.as_deref())),
            total,
            workload: &a.workload.name,
            review_date: a.workload.review_date,
            generated_on: a.generated_on,
        };
        let text = t.render("text/backlog-item.txt.tera", &ctx)?;
        let md = t.render("text/backlog-item.md.tera", &ctx)?;
        it.description = text.trim().to_owned();
        it.description_markdown = md.trim().to_owned();
    }
    Ok(Backlog {
        schema: BACKLOG_SCHEMA.into(),
        workload: a.workload.name.clone(),
        organisation: a.workload.organisation.clone(),
        review_date: a.workload.review_date,
        generated_on: a.generated_on,
        items,
    })
}

fn item(
    a: &Assessment,
    p: &PlanItem,
    short: &HashMap<&str, &str>,
    qtitle: &HashMap<&str, &str>,
) -> BacklogItem {
    let practice = a.practice(&p.bp);
    let label = p.finding.names().abbrev;
    BacklogItem {
        key: p.bp.clone(),
        summary: crate::textfmt::truncate(
            &format!("{} [{label}] {}", p.bp, p.title),
            SUMMARY_CHARS,
        ),
        description: String::new(),
        description_markdown: String::new(),
        labels: vec![
            "wafr".into(),
            label.into(),
            p.priority.clone(),
            p.question.clone(),
            slug(&p.focus_area),
        ],
        priority: p.priority.clone(),
        tracker_priority: match p.priority.as_str() {
            "P1" => "High",
            "P2" => "Medium",
            _ => "Low",
        }
        .into(),
        rank: p.rank,
        score: p.score,
        finding: p.finding,
        risk_level: practice.map(|x| x.risk_level).unwrap_or(match p.finding {
            Finding::Hri => RiskLevel::High,
            _ => RiskLevel::Medium,
        }),
        effort: p.effort,
        effort_defaulted: p.effort_defaulted,
        impact: p.impact.clone(),
        effort_days: p.effort_days,
        cost: p.cost,
        currency: p.cost.and(a.workload.currency.clone()),
        owner: p.owner.clone(),
        due_date: p.target_date,
        due_date_derived: p.target_defaulted,
        horizon: p.horizon,
        horizon_label: p.horizon.label().into(),
        question: p.question.clone(),
        question_title: qtitle
            .get(p.question.as_str())
            .map(|s| s.to_string())
            .unwrap_or_default(),
        focus_area: p.focus_area.clone(),
        bp: p.bp.clone(),
        title: p.title.clone(),
        controls: p.controls.clone(),
        controls_display: p
            .controls
            .iter()
            .map(|c| match c.split_once(':') {
                Some((fw, id)) => format!("{} {id}", short.get(fw).copied().unwrap_or(fw)),
                None => c.clone(),
            })
            .collect(),
        depends_on: p.depends_on.clone(),
        blocked_by: p.blocked_by.clone(),
        notes: p.notes.clone(),
        guidance_url: p.doc_url.clone(),
        improvement_url: p.improvement_url.clone(),
    }
}

fn date(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// An estimate as a CSV cell: plain digits with a decimal point (`4.5`, `12000`), so every
/// tracker and spreadsheet reads it as a number; empty when not given.
fn number(x: Option<f64>) -> String {
    x.map(|x| x.to_string()).unwrap_or_default()
}

fn csv_error(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("writing CSV: {e}"))
}

/// The Jira CSV: the header names Jira's importer maps on its own (Summary, Issue Type,
/// Priority, Due Date, Description, Labels repeated once per label), then wafr's own columns.
pub const JIRA_HEADER: [&str; 22] = [
    "Summary",
    "Issue Type",
    "Priority",
    "Due Date",
    "Description",
    "Labels",
    "Labels",
    "Labels",
    "Labels",
    "Labels",
    "Owner",
    "Effort",
    "Effort (days)",
    "Cost",
    "Currency",
    "Impact",
    "Horizon",
    "Rank",
    "Controls",
    "Guidance",
    "Improvement plan",
    "wafr ID",
];

/// The GitHub CSV: `title`, `body`, `labels` (comma-separated) as GitHub issue importers read
/// them, then wafr's own columns (importers ignore columns they do not know).
pub(crate) const GITHUB_HEADER: [&str; 16] = [
    "title",
    "body",
    "labels",
    "priority",
    "due_date",
    "owner",
    "effort",
    "effort_days",
    "cost",
    "currency",
    "impact",
    "horizon",
    "rank",
    "controls",
    "guidance_url",
    "wafr_id",
];

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

/// Renders the Jira CSV.
pub(crate) fn jira_csv(b: &Backlog) -> Result<Vec<u8>> {
    let mut w = writer();
    csv_safe::write_record(&mut w, JIRA_HEADER).map_err(csv_error)?;
    for it in &b.items {
        let mut row: Vec<String> = vec![
            it.summary.clone(),
            "Task".into(),
            it.tracker_priority.clone(),
            date(it.due_date),
            cell_text(&it.description),
        ];
        for i in 0..LABELS {
            row.push(it.labels.get(i).cloned().unwrap_or_default());
        }
        row.extend([
            it.owner.clone().unwrap_or_default(),
            it.effort.label().to_owned(),
            number(it.effort_days),
            number(it.cost),
            it.currency.clone().unwrap_or_default(),
            cell_text(it.impact.as_deref().unwrap_or_default()),
            it.horizon_label.clone(),
            it.rank.to_string(),
            it.controls.join(", "),
            it.guidance_url.clone(),
            it.improvement_url.clone(),
            it.key.clone(),
        ]);
        csv_safe::write_record(&mut w, row).map_err(csv_error)?;
    }
    w.into_inner().map_err(csv_error)
}

/// Renders the GitHub CSV.
pub(crate) fn github_csv(b: &Backlog) -> Result<Vec<u8>> {
    let mut w = writer();
    csv_safe::write_record(&mut w, GITHUB_HEADER).map_err(csv_error)?;
    for it in &b.items {
        csv_safe::write_record(
            &mut w,
            [
                it.summary.clone(),
                cell_text(&it.description_markdown),
                it.labels.join(","),
                it.priority.clone(),
                date(it.due_date),
                it.owner.clone().unwrap_or_default(),
                it.effort.label().to_owned(),
                number(it.effort_days),
                number(it.cost),
                it.currency.clone().unwrap_or_default(),
                cell_text(it.impact.as_deref().unwrap_or_default()),
                it.horizon_label.clone(),
                it.rank.to_string(),
                it.controls.join(", "),
                it.guidance_url.clone(),
                it.key.clone(),
            ],
        )
        .map_err(csv_error)?;
    }
    w.into_inner().map_err(csv_error)
}

/// Renders the JSON backlog.
pub fn json(b: &Backlog) -> Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(b)
        .map_err(|e| Error::Internal(format!("serialising the backlog: {e}")))?;
    out.push(b'\n');
    Ok(out)
}

/// Renders the Markdown backlog (`text/backlog.md.tera`).
pub(crate) fn markdown(b: &Backlog, t: &TextTemplates) -> Result<Vec<u8>> {
    let mut text = t.render("text/backlog.md.tera", b)?.trim_start().to_owned();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text.into_bytes())
}

/// Renders the backlog of an assessment in a format.
pub fn render(a: &Assessment, format: BacklogFormat, t: &TextTemplates) -> Result<Vec<u8>> {
    let b = build(a, t)?;
    match format {
        BacklogFormat::JiraCsv => jira_csv(&b),
        BacklogFormat::GithubCsv => github_csv(&b),
        BacklogFormat::Json => json(&b),
        BacklogFormat::Markdown => markdown(&b, t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_summaries() {
        assert_eq!(
            slug("Identity and access management"),
            "identity-and-access-management"
        );
        assert_eq!(slug("  Data / protection "), "data-protection");
        let long = "x".repeat(CELL_CHARS + 10);
        let c = cell_text(&long);
        assert_eq!(c.chars().count(), CELL_CHARS);
        assert!(c.ends_with("assessment.json)"));
        assert_eq!(cell_text("short"), "short");
    }
}
