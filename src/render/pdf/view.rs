//! The view model of the PDF report: what `/data.json` holds.
//!
//! Built from the [`Assessment`] and the [`Branding`], with every label, percentage and chart
//! number computed here, so the typst templates only lay out. Templates read it with
//! `json("/data.json")`; every text from the inputs arrives as a typst string and prints as
//! text, never as markup. The fields are documented in `report-templates/README.md`; the
//! format is versioned by [`VIEW_SCHEMA`].

use serde::Serialize;
use time::Date;

use super::data::{DateText, LegendEntry, STATUS_LEGEND, Segment, date, status_legend, trimmed};
use crate::model::assessment::{
    AcceptedRiskResult, Assessment, ControlStatus, Finding, FrameworkResult, Horizon, PlanItem,
    PracticeCounts, QuestionRisk,
};
use crate::model::catalog::plural;
use crate::model::review::PracticeStatus;
use crate::render::branding::Branding;

/// Version of the view model; bump it when a field changes meaning or disappears.
pub const VIEW_SCHEMA: &str = "wafr/pdf-view/1";

/// How many HRIs the "top risks" section shows.
pub const TOP_RISKS: usize = 5;

/// The whole view model.
#[derive(Debug, Serialize)]
pub struct View {
    /// `wafr/pdf-view/1`.
    pub schema: &'static str,
    /// Cover and running header data.
    pub report: ReportInfo,
    /// The workload under review.
    pub workload: WorkloadInfo,
    /// What the review covers and what it does not.
    pub coverage: Coverage,
    /// Headline counts.
    pub summary: SummaryInfo,
    /// Frameworks: readiness bars and every control.
    pub frameworks: Vec<FrameworkView>,
    /// The highest-priority HRIs.
    pub top_risks: Vec<PlanItemView>,
    /// Risk by focus area (chart).
    pub focus_areas: Vec<FocusAreaView>,
    /// Legend of the focus-area chart, in segment order.
    pub focus_legend: Vec<LegendEntry>,
    /// Legend of the readiness chart, in segment order.
    pub status_legend: Vec<LegendEntry>,
    /// Every question with every practice.
    pub questions: Vec<QuestionView>,
    /// The improvement plan as a roadmap.
    pub plan: PlanView,
    /// Accepted risks.
    pub accepted_risks: AcceptedRisks,
    /// Freshness warnings (stale review, old lens, expiring evidence or waivers, overdue
    /// targets).
    pub freshness: Vec<Note>,
    /// Other warnings about the input.
    pub input_notes: Vec<Note>,
    /// Method, legend, sources.
    pub method: Method,
    /// Changes since the last review (the baseline comparison), with `--baseline`; else null,
    /// and templates show the section only when it is set.
    pub changes: Option<super::changes::ChangesView>,
}

/// Practice ids in a compact form: `SEC01-BP01–BP08, SEC03-BP01, BP03–BP05`. Runs of
/// consecutive practices of one question collapse; anything that is not `SECnn-BPnn` is
/// listed as it is.
pub fn compact_practices<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let mut groups: Vec<(String, Vec<(u32, &'a str)>)> = Vec::new();
    let mut other: Vec<&'a str> = Vec::new();
    for id in ids {
        let parsed = id.split_once("-BP").and_then(|(q, n)| {
            let num: u32 = n.parse().ok()?;
            (n.len() == 2).then_some((q.to_owned(), num))
        });
        match parsed {
            Some((q, n)) => match groups.iter_mut().find(|(g, _)| *g == q) {
                Some((_, v)) => v.push((n, id)),
                None => groups.push((q, vec![(n, id)])),
            },
            None => other.push(id),
        }
    }
    let mut parts: Vec<String> = Vec::new();
    for (q, mut nums) in groups {
        nums.sort();
        nums.dedup();
        let mut runs: Vec<String> = Vec::new();
        let mut i = 0;
        while i < nums.len() {
            let mut j = i;
            while j + 1 < nums.len() && nums[j + 1].0 == nums[j].0 + 1 {
                j += 1;
            }
            let first = if runs.is_empty() {
                format!("{q}-BP{:02}", nums[i].0)
            } else {
                format!("BP{:02}", nums[i].0)
            };
            runs.push(match j - i {
                0 => first,
                1 => format!("{first}, BP{:02}", nums[j].0),
                _ => format!("{first}–BP{:02}", nums[j].0),
            });
            i = j + 1;
        }
        parts.push(runs.join(", "));
    }
    parts.extend(other.into_iter().map(str::to_owned));
    parts.join("; ")
}

/// Cover and running header.
#[derive(Debug, Serialize)]
pub struct ReportInfo {
    /// Report title.
    pub title: String,
    /// Organisation (branding, else the review's, else empty).
    pub organisation: String,
    /// Classification label.
    pub classification: String,
    /// Accent colour `#RRGGBB` (validated).
    pub accent: String,
    /// Report version.
    pub version: String,
    /// Report date (`--date`).
    pub date: DateText,
    /// Audit period, when given.
    pub period: Option<Period>,
    /// Prepared by (branding, else the review owner).
    pub prepared_by: Option<String>,
    /// Reviewed by.
    pub reviewed_by: Option<String>,
    /// Approved by.
    pub approved_by: Option<String>,
    /// Logo format (`png`, `jpg`, `svg`) when a logo is given; the image is `/assets/logo`.
    pub logo: Option<&'static str>,
    /// `wafr 0.1.0`.
    pub tool: String,
}

/// An audit period.
#[derive(Debug, Serialize)]
pub struct Period {
    /// First day.
    pub start: DateText,
    /// Last day.
    pub end: DateText,
}

/// The workload.
#[derive(Debug, Serialize)]
pub struct WorkloadInfo {
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Environment.
    pub environment: Option<String>,
    /// Industry.
    pub industry: Option<String>,
    /// AWS accounts.
    pub accounts: Vec<String>,
    /// Regions.
    pub regions: Vec<String>,
    /// Review owner.
    pub review_owner: Option<String>,
    /// Reviewers.
    pub reviewers: Vec<String>,
    /// Review date.
    pub review_date: Option<DateText>,
    /// WA Tool milestone.
    pub milestone: Option<String>,
    /// Workload notes.
    pub notes: Option<String>,
}

/// What the review covers.
#[derive(Debug, Serialize)]
pub struct Coverage {
    /// Lens name.
    pub lens: String,
    /// Lens version of the catalog.
    pub lens_version: String,
    /// Lens version the review used, when it said.
    pub review_lens_version: Option<String>,
    /// The review used the current lens version.
    pub lens_current: bool,
    /// Questions answered (or not applicable).
    pub questions_answered: u32,
    /// Questions in the lens.
    pub questions_total: u32,
    /// Unanswered questions.
    pub unanswered_questions: Vec<QuestionRef>,
    /// Questions marked not applicable.
    pub not_applicable_questions: Vec<QuestionRef>,
    /// Practices in the lens.
    pub practices_total: u32,
    /// Practices unanswered.
    pub practices_unanswered: u32,
    /// Practices not applicable.
    pub practices_not_applicable: u32,
    /// The review's scope statement, verbatim.
    pub scope: Option<String>,
    /// Per framework: what lies outside the review.
    pub frameworks: Vec<FrameworkScope>,
    /// Free-text notes redacted on request (`--redact-notes`).
    pub redacted_notes: u32,
}

/// A question named in the coverage statement.
#[derive(Debug, Serialize)]
pub struct QuestionRef {
    /// `SEC11`.
    pub id: String,
    /// Title.
    pub title: String,
    /// Why not applicable, when it is.
    pub reason: Option<String>,
}

/// One framework's scope line.
#[derive(Debug, Serialize)]
pub struct FrameworkScope {
    /// Short name.
    pub short_name: String,
    /// Controls, criteria, articles…
    pub noun_plural: String,
    /// All controls.
    pub total: u32,
    /// Outside review scope.
    pub outside_review_scope: u32,
    /// Not applicable.
    pub not_applicable: u32,
    /// Inherited from AWS.
    pub inherited: u32,
    /// In the readiness denominator.
    pub assessed: u32,
}

/// Headline counts.
#[derive(Debug, Serialize)]
pub struct SummaryInfo {
    /// One sentence.
    pub posture: String,
    /// High Risk Issues (practices).
    pub hri: u32,
    /// Medium Risk Issues (practices).
    pub mri: u32,
    /// Low-risk gaps.
    pub lri: u32,
    /// Practices.
    pub practices: PracticeCounts,
    /// Questions at HIGH.
    pub questions_high: u32,
    /// Questions at MEDIUM.
    pub questions_medium: u32,
    /// Questions at NONE.
    pub questions_none: u32,
    /// Questions not applicable.
    pub questions_not_applicable: u32,
    /// Questions unanswered.
    pub questions_unanswered: u32,
    /// Questions answered.
    pub questions_answered: u32,
    /// Questions in the lens.
    pub questions_total: u32,
    /// Accepted risks in force.
    pub accepted_risks_in_force: u32,
    /// Open improvement items (HRIs and MRIs not waived).
    pub plan_items: u32,
}

/// One framework.
#[derive(Debug, Serialize)]
pub struct FrameworkView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Short name.
    pub short_name: String,
    /// Edition.
    pub edition: String,
    /// Publisher.
    pub publisher: String,
    /// `criterion`, `control`, `article`.
    pub noun: String,
    /// `criteria`, `controls`, `articles`.
    pub noun_plural: String,
    /// All controls.
    pub total: u32,
    /// The readiness denominator.
    pub assessed: u32,
    /// Evidenced.
    pub evidenced: u32,
    /// Evidenced + evidence missing + evidence stale.
    pub implemented: u32,
    /// evidenced ÷ assessed, percent, one decimal; null when nothing is assessed.
    pub readiness: Option<f64>,
    /// `22.2%`, or `not stated` when nothing is assessed.
    pub readiness_text: String,
    /// implemented ÷ assessed as text.
    pub implemented_text: String,
    /// The formula with raw counts, in words.
    pub formula: String,
    /// Architectural risk (controls).
    pub architectural_risk: u32,
    /// Evidence missing + stale (controls).
    pub evidence_gaps: u32,
    /// One segment per status, in legend order (zero counts included).
    pub segments: Vec<Segment>,
    /// What evidences inherited controls.
    pub inherited_evidence: Option<String>,
    /// Every control, in catalog order.
    pub controls: Vec<ControlRow>,
}

/// One control row of the appendix.
#[derive(Debug, Serialize)]
pub struct ControlRow {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Group (clause, category…).
    pub group: String,
    /// Status key.
    pub status: &'static str,
    /// Status label, with the risk level for architectural risk (`Architectural risk (High)`).
    pub status_label: String,
    /// Driving practices, compacted (`SEC01-BP01–BP03; SEC02-BP05`).
    pub practices: String,
    /// Why it has this status.
    pub reason: String,
}

/// One plan item.
#[derive(Debug, Serialize)]
pub struct PlanItemView {
    /// 1-based rank.
    pub rank: u32,
    /// BP id.
    pub bp: String,
    /// BP title.
    pub title: String,
    /// Question id.
    pub question: String,
    /// Question title.
    pub question_title: String,
    /// Focus area.
    pub focus_area: String,
    /// `HRI` or `MRI`.
    pub finding: &'static str,
    /// `P1`…`P3`.
    pub priority: String,
    /// Effort label.
    pub effort: &'static str,
    /// The effort was not given (Medium assumed).
    pub effort_defaulted: bool,
    /// Owner, or null.
    pub owner: Option<String>,
    /// Target date.
    pub target: Option<DateText>,
    /// The target date was derived from the horizon.
    pub target_defaulted: bool,
    /// Horizon key (`30d`, `60d`, `90d`, `later`).
    pub horizon: &'static str,
    /// Horizon label.
    pub horizon_label: &'static str,
    /// Dependencies (BP ids).
    pub depends_on: Vec<String>,
    /// Dependencies that are still open items.
    pub blocked_by: Vec<String>,
    /// Controls at architectural risk because of it.
    pub controls_affected: u32,
    /// Those controls, grouped by framework: `SOC 2: CC6.1, CC6.6`.
    pub controls_by_framework: Vec<String>,
    /// The reviewer's notes, verbatim.
    pub notes: Option<String>,
    /// Improvement plan page.
    pub improvement_url: String,
}

/// One focus area of the risk chart.
#[derive(Debug, Serialize)]
pub struct FocusAreaView {
    /// Name.
    pub name: String,
    /// Question ids, comma-separated.
    pub questions: String,
    /// Practices.
    pub total: u32,
    /// Questions at HIGH.
    pub questions_high: u32,
    /// Questions at MEDIUM.
    pub questions_medium: u32,
    /// HRI, MRI, low-risk gap, no issue, not applicable, unanswered (practices).
    pub segments: Vec<Segment>,
}

/// One question of the appendix.
#[derive(Debug, Serialize)]
pub struct QuestionView {
    /// `SEC01`.
    pub id: String,
    /// Title.
    pub title: String,
    /// Focus area.
    pub focus_area: String,
    /// Risk key (`high`, `medium`, `none`, `not_applicable`, `unanswered`).
    pub risk: &'static str,
    /// Risk label.
    pub risk_label: &'static str,
    /// Risk the WA Tool reported, when it differs.
    pub reported_risk_label: Option<&'static str>,
    /// HRIs.
    pub hri: u32,
    /// MRIs.
    pub mri: u32,
    /// Notes, verbatim.
    pub notes: Option<String>,
    /// Why not applicable.
    pub na_reason: Option<String>,
    /// "None of these" was selected.
    pub none_selected: bool,
    /// Every practice.
    pub practices: Vec<PracticeView>,
}

/// One practice of the appendix.
#[derive(Debug, Serialize)]
pub struct PracticeView {
    /// BP id.
    pub id: String,
    /// Title.
    pub title: String,
    /// `High`, `Medium`, `Low`.
    pub risk_level: String,
    /// Status key (`implemented`, `not_implemented`, `not_applicable`, `unanswered`).
    pub status: &'static str,
    /// Status label, with the finding (`Not implemented (HRI)`).
    pub status_label: String,
    /// The answer was left unanswered in an answered question.
    pub counted_as_missing: bool,
    /// Why not applicable.
    pub na_reason: Option<String>,
    /// Notes, verbatim.
    pub notes: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Evidence references with their state: `EV-001 (Current)`.
    pub evidence: Vec<String>,
    /// Waiver in force.
    pub accepted_risk: Option<String>,
}

/// The roadmap.
#[derive(Debug, Serialize)]
pub struct PlanView {
    /// Items.
    pub total: u32,
    /// HRIs among them.
    pub hri: u32,
    /// MRIs among them.
    pub mri: u32,
    /// 0–30, 31–60, 61–90 days and later, each with its items (HRIs first, then by rank).
    /// Every horizon is listed, empty ones too.
    pub horizons: Vec<HorizonView>,
}

/// One horizon of the roadmap.
#[derive(Debug, Serialize)]
pub struct HorizonView {
    /// `30d`, `60d`, `90d`, `later`.
    pub key: &'static str,
    /// `0-30 days`…
    pub label: &'static str,
    /// HRIs.
    pub hri: u32,
    /// MRIs.
    pub mri: u32,
    /// Items.
    pub items: Vec<PlanItemView>,
}

/// Accepted risks.
#[derive(Debug, Serialize)]
pub struct AcceptedRisks {
    /// In force on the report date.
    pub in_force: u32,
    /// Not in force (expired, unapproved or not yet approved).
    pub not_in_force: u32,
    /// Every waiver of the review.
    pub items: Vec<AcceptedRiskView>,
}

/// One accepted risk.
#[derive(Debug, Serialize)]
pub struct AcceptedRiskView {
    /// Id.
    pub id: String,
    /// Practice or control it covers.
    pub target: String,
    /// Title.
    pub title: String,
    /// Justification.
    pub justification: String,
    /// Approver.
    pub approver: Option<String>,
    /// Approved on.
    pub approved_on: Option<DateText>,
    /// Expires on.
    pub expires_on: Option<DateText>,
    /// Compensating control.
    pub compensating_control: Option<String>,
    /// In force on the report date.
    pub in_force: bool,
    /// `In force`, `Expired`, `Not approved`, `Not yet in force`.
    pub state: &'static str,
    /// Expires before the end of the audit period.
    pub expires_in_period: bool,
}

/// A warning, printed as text.
#[derive(Debug, Serialize)]
pub struct Note {
    /// Stable code.
    pub code: String,
    /// Message, capitalised, with its hint.
    pub message: String,
    /// Where in the input, when known.
    pub at: Option<String>,
}

/// Method and legend.
#[derive(Debug, Serialize)]
pub struct Method {
    /// Practice statuses.
    pub practice_statuses: Vec<Definition>,
    /// Question risk rule, in order.
    pub question_risk: Vec<String>,
    /// Readiness formula.
    pub readiness_formula: &'static str,
    /// The denominator.
    pub assessed_formula: &'static str,
    /// The "implemented" figure.
    pub implemented_formula: &'static str,
    /// Plan score, one line per term.
    pub plan_score: Vec<&'static str>,
    /// Priorities and horizons.
    pub plan_rules: Vec<&'static str>,
    /// Digest of the mapping data.
    pub mapping_version: String,
    /// Mapping files.
    pub mapping_files: Vec<FileInfo>,
    /// Input files.
    pub inputs: Vec<FileInfo>,
    /// Frameworks and editions.
    pub frameworks: Vec<String>,
    /// The disclaimer.
    pub disclaimer: &'static str,
}

/// A term and its meaning.
#[derive(Debug, Serialize)]
pub struct Definition {
    /// Term.
    pub term: &'static str,
    /// Meaning.
    pub meaning: &'static str,
}

/// An input or mapping file.
#[derive(Debug, Serialize)]
pub struct FileInfo {
    /// Path as given.
    pub path: String,
    /// Format, kind or origin.
    pub kind: String,
    /// SHA-256, hex.
    pub sha256: String,
}

/// Focus-area chart segments: (key, label, meaning).
const FOCUS_LEGEND: [(&str, &str, &str); 6] = [
    (
        Finding::Hri.names().key,
        Finding::Hri.names().category,
        "High Risk Issue: a practice of High risk is not implemented.",
    ),
    (
        Finding::Mri.names().key,
        Finding::Mri.names().category,
        "Medium Risk Issue: a practice of Medium risk is not implemented.",
    ),
    (
        Finding::Lri.names().key,
        Finding::Lri.names().category,
        "A practice of Low risk is not implemented (not an HRI or MRI).",
    ),
    ("none", "No issue", "The practice is implemented."),
    (
        "not_applicable",
        "Not applicable",
        "The practice does not apply (with a reason).",
    ),
    (
        "unanswered",
        "Unanswered",
        "The question has not been answered.",
    ),
];

fn percent_text(p: Option<f64>) -> String {
    crate::textfmt::percent_text(p, "not stated (nothing assessed)")
}

fn risk_key(r: QuestionRisk) -> (&'static str, &'static str) {
    match r {
        QuestionRisk::High => ("high", "High risk"),
        QuestionRisk::Medium => ("medium", "Medium risk"),
        QuestionRisk::None => ("none", "No HRI/MRI"),
        QuestionRisk::NotApplicable => ("not_applicable", "Not applicable"),
        QuestionRisk::Unanswered => ("unanswered", "Unanswered"),
    }
}

fn status_key(s: PracticeStatus) -> &'static str {
    match s {
        PracticeStatus::Implemented => "implemented",
        PracticeStatus::NotImplemented => "not_implemented",
        PracticeStatus::NotApplicable => "not_applicable",
        PracticeStatus::Unanswered => "unanswered",
    }
}

fn horizon_key(h: Horizon) -> &'static str {
    match h {
        Horizon::Days30 => "30d",
        Horizon::Days60 => "60d",
        Horizon::Days90 => "90d",
        Horizon::Later => "later",
    }
}

/// `framework:control` ids grouped by framework short name, in framework order.
fn controls_by_framework(a: &Assessment, controls: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for f in &a.frameworks {
        let prefix = format!("{}:", f.id);
        let ids: Vec<&str> = controls
            .iter()
            .filter_map(|c| c.strip_prefix(&prefix))
            .collect();
        if !ids.is_empty() {
            out.push(format!("{}: {}", f.short_name, ids.join(", ")));
        }
    }
    out
}

fn plan_item(a: &Assessment, p: &PlanItem) -> PlanItemView {
    let question_title = a
        .questions
        .iter()
        .find(|q| q.id == p.question)
        .map(|q| q.title.clone())
        .unwrap_or_default();
    PlanItemView {
        rank: p.rank,
        bp: p.bp.clone(),
        title: p.title.clone(),
        question: p.question.clone(),
        question_title,
        focus_area: p.focus_area.clone(),
        finding: p.finding.names().abbrev,
        priority: p.priority.clone(),
        effort: p.effort.label(),
        effort_defaulted: p.effort_defaulted,
        owner: p.owner.clone(),
        target: p.target_date.map(date),
        target_defaulted: p.target_defaulted,
        horizon: horizon_key(p.horizon),
        horizon_label: p.horizon.label(),
        depends_on: p.depends_on.clone(),
        blocked_by: p.blocked_by.clone(),
        controls_affected: p.controls_affected,
        controls_by_framework: controls_by_framework(a, &p.controls),
        notes: p.notes.clone(),
        improvement_url: p.improvement_url.clone(),
    }
}

fn framework(f: &FrameworkResult) -> FrameworkView {
    let total = f.counts.total();
    let segments = STATUS_LEGEND
        .iter()
        .map(|&(s, _)| Segment {
            key: s.key(),
            label: s.label(),
            count: f.counts.get(s),
            share: crate::textfmt::share(f.counts.get(s), total),
            excluded: s.excluded_from_readiness(),
        })
        .collect();
    let controls = f
        .controls
        .iter()
        .map(|c| ControlRow {
            id: c.id.clone(),
            title: c.title.clone(),
            group: c.group.clone(),
            status: c.status.key(),
            status_label: match (c.status, c.risk) {
                (ControlStatus::ArchitecturalRisk, Some(r)) => {
                    format!("{} ({r})", c.status.label())
                }
                _ => c.status.label().to_owned(),
            },
            practices: compact_practices(
                c.practices
                    .iter()
                    .filter(|p| p.driving)
                    .map(|p| p.bp.as_str()),
            ),
            reason: c.reason.clone(),
        })
        .collect();
    FrameworkView {
        id: f.id.clone(),
        name: f.name.clone(),
        short_name: f.short_name.clone(),
        edition: f.edition.clone(),
        publisher: f.publisher.clone(),
        noun: f.control_noun.clone(),
        noun_plural: plural(&f.control_noun),
        total,
        assessed: f.readiness.assessed,
        evidenced: f.readiness.evidenced,
        implemented: f.readiness.implemented,
        readiness: f.readiness.percent,
        readiness_text: percent_text(f.readiness.percent),
        implemented_text: percent_text(f.readiness.implemented_percent),
        formula: f.readiness.formula.clone(),
        architectural_risk: f.counts.architectural_risk,
        evidence_gaps: f.counts.evidence_missing + f.counts.evidence_stale,
        segments,
        inherited_evidence: f.inherited_evidence.clone(),
        controls,
    }
}

fn focus_segments(c: &PracticeCounts) -> Vec<Segment> {
    let none = c.implemented;
    let counts = [c.hri, c.mri, c.lri, none, c.not_applicable, c.unanswered];
    let total: u32 = counts.iter().sum();
    FOCUS_LEGEND
        .iter()
        .zip(counts)
        .map(|(&(key, label, _), count)| Segment {
            key,
            label,
            count,
            share: crate::textfmt::share(count, total),
            excluded: false,
        })
        .collect()
}

fn accepted_risk(w: &AcceptedRiskResult, today: Date) -> AcceptedRiskView {
    let state = if w.in_force {
        "In force"
    } else if w.approver.is_none() || w.approved_on.is_none() {
        "Not approved"
    } else if w.expires_on.is_some_and(|e| e < today) {
        "Expired"
    } else {
        "Not yet in force"
    };
    AcceptedRiskView {
        id: w.id.clone(),
        target: w.target.clone(),
        title: w.title.clone(),
        justification: w.justification.clone(),
        approver: w.approver.clone(),
        approved_on: w.approved_on.map(date),
        expires_on: w.expires_on.map(date),
        compensating_control: w.compensating_control.clone(),
        in_force: w.in_force,
        state,
        expires_in_period: w.expires_in_period,
    }
}

/// Builds the view model.
pub fn build(a: &Assessment, b: &Branding) -> View {
    let w = &a.workload;
    let s = &a.summary;

    let report = ReportInfo {
        title: b.title.clone(),
        organisation: trimmed(&b.organisation)
            .or_else(|| trimmed(&w.organisation))
            .unwrap_or_default(),
        classification: b.classification.clone(),
        accent: b.accent.clone(),
        version: b.report_version.clone(),
        date: date(a.generated_on),
        period: a.period.map(|p| Period {
            start: date(p.start),
            end: date(p.end),
        }),
        prepared_by: trimmed(&b.prepared_by).or_else(|| trimmed(&w.review_owner)),
        reviewed_by: trimmed(&b.reviewed_by),
        approved_by: trimmed(&b.approved_by),
        logo: b.logo.as_ref().map(|l| l.format),
        tool: format!("{} {}", a.tool.name, a.tool.version),
    };

    let workload = WorkloadInfo {
        name: w.name.clone(),
        description: trimmed(&w.description),
        environment: trimmed(&w.environment),
        industry: trimmed(&w.industry),
        accounts: w.aws_accounts.clone(),
        regions: w.regions.clone(),
        review_owner: trimmed(&w.review_owner),
        reviewers: w.reviewers.clone(),
        review_date: w.review_date.map(date),
        milestone: trimmed(&w.milestone),
        notes: trimmed(&w.notes),
    };

    let qref = |q: &crate::model::assessment::QuestionResult| QuestionRef {
        id: q.id.clone(),
        title: q.title.clone(),
        reason: q.na_reason.clone(),
    };
    let coverage = Coverage {
        lens: a.lens.name.clone(),
        lens_version: a.lens.version.clone(),
        review_lens_version: a.lens.review_version.clone(),
        lens_current: a.lens.current,
        questions_answered: s.questions_answered,
        questions_total: s.questions_total,
        unanswered_questions: a
            .questions
            .iter()
            .filter(|q| q.risk == QuestionRisk::Unanswered)
            .map(qref)
            .collect(),
        not_applicable_questions: a
            .questions
            .iter()
            .filter(|q| q.risk == QuestionRisk::NotApplicable)
            .map(qref)
            .collect(),
        practices_total: s.practices.total,
        practices_unanswered: s.practices.unanswered,
        practices_not_applicable: s.practices.not_applicable,
        scope: trimmed(&w.scope),
        redacted_notes: a.redacted_notes,
        frameworks: a
            .frameworks
            .iter()
            .map(|f| FrameworkScope {
                short_name: f.short_name.clone(),
                noun_plural: plural(&f.control_noun),
                total: f.counts.total(),
                outside_review_scope: f.counts.outside_review_scope,
                not_applicable: f.counts.not_applicable,
                inherited: f.counts.inherited,
                assessed: f.readiness.assessed,
            })
            .collect(),
    };

    let summary = SummaryInfo {
        posture: s.posture.clone(),
        hri: s.practices.hri,
        mri: s.practices.mri,
        lri: s.practices.lri,
        practices: s.practices,
        questions_high: s.questions_high,
        questions_medium: s.questions_medium,
        questions_none: s.questions_none,
        questions_not_applicable: s.questions_not_applicable,
        questions_unanswered: s.questions_unanswered,
        questions_answered: s.questions_answered,
        questions_total: s.questions_total,
        accepted_risks_in_force: s.accepted_risks_in_force,
        plan_items: a.plan.len() as u32,
    };

    let top_risks = a
        .plan
        .iter()
        .filter(|p| p.finding == Finding::Hri)
        .take(TOP_RISKS)
        .map(|p| plan_item(a, p))
        .collect();

    let focus_areas = a
        .focus_areas
        .iter()
        .map(|f| FocusAreaView {
            name: f.name.clone(),
            questions: f.questions.join(", "),
            total: f.counts.total,
            questions_high: f.questions_high,
            questions_medium: f.questions_medium,
            segments: focus_segments(&f.counts),
        })
        .collect();

    let questions = a
        .questions
        .iter()
        .map(|q| {
            let (risk, risk_label) = risk_key(q.risk);
            QuestionView {
                id: q.id.clone(),
                title: q.title.clone(),
                focus_area: q.focus_area.clone(),
                risk,
                risk_label,
                reported_risk_label: q
                    .reported_risk
                    .filter(|r| *r != q.risk)
                    .map(|r| risk_key(r).1),
                hri: q.counts.hri,
                mri: q.counts.mri,
                notes: trimmed(&q.notes),
                na_reason: trimmed(&q.na_reason),
                none_selected: q.none_selected,
                practices: q
                    .practices
                    .iter()
                    .map(|p| PracticeView {
                        id: p.id.clone(),
                        title: p.title.clone(),
                        risk_level: p.risk_level.to_string(),
                        status: status_key(p.status),
                        status_label: match p.finding {
                            Some(f) => format!("{} ({})", p.status.label(), f.names().qualifier),
                            None => p.status.label().to_owned(),
                        },
                        counted_as_missing: p.status != p.answered_status,
                        na_reason: trimmed(&p.na_reason),
                        notes: trimmed(&p.notes),
                        owner: trimmed(&p.owner),
                        evidence: p
                            .evidence
                            .iter()
                            .map(|e| format!("{} ({})", e.reference, e.state.label()))
                            .collect(),
                        accepted_risk: p.accepted_risk.clone(),
                    })
                    .collect(),
            }
        })
        .collect();

    let horizons = [
        Horizon::Days30,
        Horizon::Days60,
        Horizon::Days90,
        Horizon::Later,
    ]
    .into_iter()
    .map(|h| {
        let mut items: Vec<&PlanItem> = a.plan.iter().filter(|p| p.horizon == h).collect();
        // HRIs first, then by rank (the plan's order).
        items.sort_by_key(|p| (p.finding, p.rank));
        HorizonView {
            key: horizon_key(h),
            label: h.label(),
            hri: items.iter().filter(|p| p.finding == Finding::Hri).count() as u32,
            mri: items.iter().filter(|p| p.finding == Finding::Mri).count() as u32,
            items: items.into_iter().map(|p| plan_item(a, p)).collect(),
        }
    })
    .collect();
    let plan = PlanView {
        total: a.plan.len() as u32,
        hri: a.plan.iter().filter(|p| p.finding == Finding::Hri).count() as u32,
        mri: a.plan.iter().filter(|p| p.finding == Finding::Mri).count() as u32,
        horizons,
    };

    let accepted_risks = AcceptedRisks {
        in_force: a.accepted_risks.iter().filter(|w| w.in_force).count() as u32,
        not_in_force: a.accepted_risks.iter().filter(|w| !w.in_force).count() as u32,
        items: a
            .accepted_risks
            .iter()
            .map(|w| accepted_risk(w, a.generated_on))
            .collect(),
    };

    let mut freshness = Vec::new();
    let mut input_notes = Vec::new();
    for d in &a.warnings {
        let mut message = d.message.clone();
        if let Some(first) = message.get(..1) {
            message = format!("{}{}", first.to_uppercase(), &message[1..]);
        }
        if let Some(h) = &d.hint {
            message.push_str(&format!(". {h}"));
        }
        let note = Note {
            code: d.code.clone(),
            message,
            at: d.at.as_ref().map(|at| at.to_string()),
        };
        if crate::render::freshness::is_freshness(d) {
            freshness.push(note);
        } else {
            input_notes.push(note);
        }
    }

    let method = Method {
        practice_statuses: vec![
            Definition {
                term: "Implemented",
                meaning: "The practice is in place.",
            },
            Definition {
                term: "Not implemented",
                meaning: "Not in place, \"None of these\" selected, or left unticked in an answered question. A High-risk practice not implemented is an HRI, a Medium-risk one an MRI.",
            },
            Definition {
                term: "Not applicable",
                meaning: "Does not apply to the workload; a reason is required. Excluded from every percentage.",
            },
            Definition {
                term: "Unanswered",
                meaning: "The question has not been answered at all.",
            },
        ],
        question_risk: vec![
            "Not applicable: the question, or every practice of it, does not apply.".into(),
            "Unanswered: no practice is answered and \"None of these\" is not selected.".into(),
            "High: a High-risk practice is not implemented.".into(),
            "Medium: a Medium-risk practice is not implemented (and no High one).".into(),
            "None: otherwise (a missing Low-risk practice does not raise the risk).".into(),
        ],
        readiness_formula: "readiness = evidenced ÷ assessed",
        assessed_formula: "assessed = all controls − not applicable − outside review scope − inherited from AWS",
        implemented_formula: "implemented = (evidenced + evidence missing + evidence stale) ÷ assessed: what collecting evidence alone could reach",
        plan_score: vec![
            "100 × risk weight (High 3, Medium 2)",
            "+ 5 × controls at architectural risk because of the practice (at most 20)",
            "− 10 × effort (Low 0, Medium 1, High 2; Medium when not given)",
            "− 15 when it depends on another open item",
        ],
        plan_rules: vec![
            "P1: HRI of low or medium effort with no open dependency. P2: other HRIs and low-effort MRIs. P3: other MRIs.",
            "Horizon: from the target date when given (within 30, 60 or 90 days of the report date, or later); otherwise P1 → 30 days, P2 → 60, P3 → 90, and never before the items it depends on.",
            "Practices covered by an accepted risk in force stay HRIs or MRIs in the counts but leave the plan.",
        ],
        mapping_version: a.mapping.version.clone(),
        mapping_files: a
            .mapping
            .files
            .iter()
            .map(|f| FileInfo {
                path: f.path.clone(),
                kind: format!("{} ({})", f.kind, f.origin),
                sha256: f.sha256.clone(),
            })
            .collect(),
        inputs: a
            .sources
            .iter()
            .map(|f| FileInfo {
                path: f.path.clone(),
                kind: format!("{}, {} bytes", f.format, f.bytes),
                sha256: f.sha256.clone(),
            })
            .collect(),
        frameworks: a
            .frameworks
            .iter()
            .map(|f| {
                format!(
                    "{}: {} ({}, {})",
                    f.short_name, f.name, f.edition, f.publisher
                )
            })
            .collect(),
        disclaimer: "This report states readiness, not certification or compliance. It is derived from the answers of an AWS Well-Architected Security Pillar review and the evidence registered with it; only an accredited auditor or certification body can attest to SOC 2, certify to ISO/IEC 27001, or assess GDPR compliance. Controls outside the review's scope need their own assessment. The practice-to-control mappings are wafr's own judgement, not an official crosswalk: each has its rationale in the workbook's Mapping sheet, for your auditor to challenge.",
    };

    View {
        schema: VIEW_SCHEMA,
        report,
        workload,
        coverage,
        summary,
        frameworks: a.frameworks.iter().map(framework).collect(),
        top_risks,
        focus_areas,
        focus_legend: FOCUS_LEGEND
            .iter()
            .map(|&(key, label, meaning)| LegendEntry {
                key,
                label,
                meaning,
                in_readiness: true,
            })
            .collect(),
        status_legend: status_legend(),
        questions,
        plan,
        accepted_risks,
        freshness,
        input_notes,
        method,
        changes: a.comparison.as_ref().map(super::changes::build),
    }
}

/// The view model as JSON bytes (pretty, fields in declaration order: deterministic).
pub fn to_json(view: &View) -> crate::Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(view)
        .map_err(|e| crate::Error::Internal(format!("serialising the PDF data: {e}")))?;
    out.push(b'\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn practices_compact_into_runs() {
        assert_eq!(
            compact_practices([
                "SEC01-BP01",
                "SEC01-BP02",
                "SEC01-BP03",
                "SEC03-BP01",
                "SEC03-BP03",
                "SEC03-BP04",
                "SEC02-BP05",
            ]),
            "SEC01-BP01–BP03; SEC03-BP01, BP03, BP04; SEC02-BP05"
        );
        assert_eq!(compact_practices(["X-1", "SEC01-BP1x"]), "X-1; SEC01-BP1x");
        assert_eq!(compact_practices([]), "");
    }
}
