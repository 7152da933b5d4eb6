//! The one-page summary for the board (page 2): the verdict, the trend since the baseline (or
//! how to give one), the three risks that matter most, the decisions the board must take, and
//! every framework's readiness in words. `bottom_line` of the view model.

use serde::Serialize;
use time::Date;

use super::frameworks::FrameworkView;
use super::plan::{PlanItemView, late, plan_item};
use crate::model::assessment::{AcceptedRiskResult, Assessment, Finding};
use crate::model::comparison::Comparison;
use crate::model::review::Effort;
use crate::render::pdf::data::{date, ratio_of};
use crate::textfmt::count;

/// How many risks the summary names.
pub(crate) const BOARD_RISKS: usize = 3;

/// How many decisions the summary lists (the rest are counted, with where they are).
pub(crate) const BOARD_DECISIONS: usize = 5;

/// The one-page summary.
#[derive(Debug, Serialize)]
pub(crate) struct BottomLine {
    /// The verdict, in one sentence.
    pub verdict: String,
    /// The key figures, each with its change since the baseline when there is one.
    pub tiles: Vec<Tile>,
    /// `review of 15 April 2026, milestone "Q2 2026 review"`, with a baseline.
    pub baseline: Option<String>,
    /// What changed since the baseline, in one sentence; null without one.
    pub trend: Option<String>,
    /// Without a baseline: that there is none, and how to give one.
    pub no_baseline: Option<String>,
    /// The three risks that matter most (the plan's first HRIs).
    pub risks: Vec<PlanItemView>,
    /// Open HRIs beyond those.
    pub more_risks: u32,
    /// What the board must decide.
    pub decisions: Vec<BoardDecision>,
    /// Decisions beyond those listed.
    pub more_decisions: u32,
    /// Every framework (part) in words.
    pub frameworks: Vec<FrameworkWords>,
}

/// A key figure.
#[derive(Debug, Serialize)]
pub(crate) struct Tile {
    /// The figure.
    pub value: String,
    /// What it counts.
    pub label: String,
    /// A detail line (`in 3 questions`).
    pub detail: Option<String>,
    /// Since the baseline: `down 1 since 15 Apr 2026`.
    pub change: Option<String>,
    /// `better`, `worse`, `unchanged` (lower is better for every tile).
    pub trend: Option<&'static str>,
}

/// A decision the board must take.
#[derive(Debug, Serialize)]
pub(crate) struct BoardDecision {
    /// `waiver`, `date`, `fund`, `owner`.
    pub kind: &'static str,
    /// `Approve a waiver`, `Accept a date`, `Fund a fix`, `Assign an owner`.
    pub label: &'static str,
    /// What it is about (`AR-002`, `SEC07-BP04`).
    pub subject: String,
    /// The decision in one sentence.
    pub text: String,
}

/// A framework, or one part of it, in words.
#[derive(Debug, Serialize)]
pub(crate) struct FrameworkWords {
    /// `SOC 2`, `ISO 27001 Annex A`.
    pub label: String,
    /// `9 criteria blocked by architecture, 2 need evidence only, …`.
    pub in_words: String,
    /// `Ready: 7 of 47 assessed controls; the review covers 47 of 92 applicable.`
    pub ready: String,
}

/// Lower is better: `down 1 since 15 Apr 2026`, `up 2 …`, `unchanged since …`.
fn change(before: u32, after: u32, since: &str) -> (String, &'static str) {
    match after.cmp(&before) {
        std::cmp::Ordering::Less => (format!("down {} since {since}", before - after), "better"),
        std::cmp::Ordering::Greater => (format!("up {} since {since}", after - before), "worse"),
        std::cmp::Ordering::Equal => (format!("unchanged since {since}"), "unchanged"),
    }
}

fn tile(value: u32, label: &str, detail: Option<String>, before: Option<(u32, &str)>) -> Tile {
    let changed = before.map(|(b, since)| change(b, value, since));
    Tile {
        value: value.to_string(),
        label: label.to_owned(),
        detail,
        trend: changed.as_ref().map(|c| c.1),
        change: changed.map(|c| c.0),
    }
}

/// The key figures: HRIs, MRIs, evidence requests and unanswered questions.
fn tiles(a: &Assessment) -> Vec<Tile> {
    let s = &a.summary;
    let cmp = a.comparison.as_ref();
    let since = cmp.map(since).unwrap_or_default();
    let before = |f: &dyn Fn(&Comparison) -> u32| cmp.map(|c| (f(c), since.as_str()));
    let questions = |n: u32| Some(format!("in {}", count(n, "question", "questions")));
    vec![
        tile(
            s.practices.hri,
            "High Risk Issues (HRIs)",
            questions(s.questions_high),
            before(&|c| c.before.hri),
        ),
        tile(
            s.practices.mri,
            "Medium Risk Issues (MRIs)",
            questions(s.questions_medium),
            before(&|c| c.before.mri),
        ),
        tile(
            a.evidence_requests.len() as u32,
            "evidence requests",
            Some("controls that need evidence only".to_owned()),
            before(&|c| c.before.evidence_gaps),
        ),
        tile(
            s.questions_unanswered,
            if s.questions_unanswered == 1 {
                "question unanswered"
            } else {
                "questions unanswered"
            },
            Some(format!(
                "{} not assessed",
                count(s.practices.unanswered, "practice", "practices")
            )),
            before(&|c| c.before.questions_total - c.before.questions_answered),
        ),
    ]
}

/// `15 Apr 2026`, or `the baseline` when it is undated.
fn since(c: &Comparison) -> String {
    c.baseline
        .review_date
        .map_or_else(|| "the baseline".to_owned(), |d| date(d).short)
}

/// What changed since the baseline, in one sentence.
fn trend(c: &Comparison) -> String {
    let n = &c.counts;
    format!(
        "Since the {}: {} resolved, {} regressed and {} new; {} got better and {} worse.",
        super::super::changes::baseline(c),
        count(n.resolved, "HRI or MRI", "HRIs or MRIs"),
        n.regressed,
        n.new,
        count(n.controls_better, "framework control", "framework controls"),
        n.controls_worse,
    )
}

const NO_BASELINE: &str = "There is no baseline, so no trend: this report compares with nothing earlier. To show one, run it again with --baseline and the last review: a WA Tool milestone export, or that review's own file or assessment.json.";

/// Waivers the board must renew, close or approve: expired, unapproved, or expiring within
/// the audit period.
fn waiver_decisions(a: &Assessment, today: Date) -> Vec<BoardDecision> {
    let what = |w: &AcceptedRiskResult| {
        let finding = a
            .practice(&w.target)
            .and_then(|p| match p.finding {
                Some(Finding::Hri) => Some(" (an HRI)"),
                Some(Finding::Mri) => Some(" (an MRI)"),
                _ => None,
            })
            .unwrap_or("");
        format!("{} on {}{finding}", w.id, w.target)
    };
    let mut out = Vec::new();
    for w in &a.accepted_risks {
        let text = match (w.in_force, w.expires_on) {
            (false, Some(e)) if e < today => format!(
                "{} expired on {}: renew it or fund the fix; until then the risk counts again.",
                what(w),
                date(e).long
            ),
            (false, _) if w.approver.is_none() || w.approved_on.is_none() => format!(
                "{} has no approval: approve or reject it; until then the risk counts.",
                what(w)
            ),
            (true, Some(e)) if w.expires_in_period => format!(
                "{} expires on {}, within the audit period: renew it or plan the fix.",
                what(w),
                date(e).long
            ),
            _ => continue,
        };
        out.push(BoardDecision {
            kind: "waiver",
            label: "Approve a waiver",
            subject: w.id.clone(),
            text,
        });
    }
    out
}

/// Plan items whose target is later than their priority allows: accept the date or bring it
/// forward.
fn date_decisions(a: &Assessment) -> Vec<BoardDecision> {
    a.plan
        .iter()
        .filter_map(|p| {
            let why = late(p, a.generated_on)?;
            let target = p.target_date.map(|d| date(d).long).unwrap_or_default();
            Some(BoardDecision {
                kind: "date",
                label: "Accept a date",
                subject: p.bp.clone(),
                text: format!(
                    "{} {} ({}, {}): target {target}, {why}; accept the date or bring it forward.",
                    p.bp,
                    p.title,
                    p.finding.names().abbrev,
                    p.priority
                ),
            })
        })
        .collect()
}

/// HRIs that need money or an owner: high effort or a cost given; no owner.
fn fund_and_owner_decisions(a: &Assessment) -> Vec<BoardDecision> {
    let mut out = Vec::new();
    for p in a.plan.iter().filter(|p| p.finding == Finding::Hri) {
        if p.effort == Effort::High || p.cost.is_some() {
            let mut size = vec![format!("{} effort", p.effort.label().to_lowercase())];
            if let Some(d) = p.effort_days {
                size.push(format!("{} person-days", crate::textfmt::amount(d)));
            }
            if let Some(c) = p.cost {
                size.push(format!(
                    "cost {}",
                    crate::textfmt::money(c, a.workload.currency.as_deref())
                ));
            }
            out.push(BoardDecision {
                kind: "fund",
                label: "Fund a fix",
                subject: p.bp.clone(),
                text: format!(
                    "{} {} (HRI, {}): approve the budget, or accept the risk with a waiver.",
                    p.bp,
                    p.title,
                    size.join(", ")
                ),
            });
        }
        if p.owner.as_deref().is_none_or(|o| o.trim().is_empty()) {
            out.push(BoardDecision {
                kind: "owner",
                label: "Assign an owner",
                subject: p.bp.clone(),
                text: format!("{} {} (HRI) has no owner: name one.", p.bp, p.title),
            });
        }
    }
    out
}

/// The summary.
pub(super) fn bottom_line(a: &Assessment, frameworks: &[FrameworkView]) -> BottomLine {
    let hris: Vec<_> = a
        .plan
        .iter()
        .filter(|p| p.finding == Finding::Hri)
        .collect();
    let mut decisions = waiver_decisions(a, a.generated_on);
    decisions.extend(date_decisions(a));
    decisions.extend(fund_and_owner_decisions(a));
    let more_decisions = decisions.len().saturating_sub(BOARD_DECISIONS) as u32;
    decisions.truncate(BOARD_DECISIONS);
    BottomLine {
        verdict: a.summary.posture.clone(),
        tiles: tiles(a),
        baseline: a.comparison.as_ref().map(super::super::changes::baseline),
        trend: a.comparison.as_ref().map(trend),
        no_baseline: a.comparison.is_none().then(|| NO_BASELINE.to_owned()),
        risks: hris
            .iter()
            .take(BOARD_RISKS)
            .map(|p| plan_item(a, p))
            .collect(),
        more_risks: hris.len().saturating_sub(BOARD_RISKS) as u32,
        decisions,
        more_decisions,
        frameworks: frameworks
            .iter()
            .flat_map(|f| &f.rows)
            .map(|r| FrameworkWords {
                label: r.label.clone(),
                in_words: r.in_words.clone(),
                ready: if r.assessed == 0 {
                    format!(
                        "Nothing assessed: the review covers none of the {} applicable {}.",
                        r.applicable, r.noun_plural
                    )
                } else {
                    format!(
                        "Ready: {}; the review covers {}.",
                        ratio_of(r.ready, r.assessed, &format!("assessed {}", r.noun_plural)),
                        ratio_of(r.assessed, r.applicable, "applicable")
                    )
                },
            })
            .collect(),
    }
}
