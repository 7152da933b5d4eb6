//! The comparison with a baseline as terminal text (`wafr diff`, `wafr report --baseline`).

use crate::model::assessment::{ControlStatus, Finding, QuestionRisk};
use crate::model::catalog::RiskLevel;
use crate::model::comparison::{Comparison, Direction, PracticeChange};
use crate::model::review::PracticeStatus;

/// Control changes listed per direction before "… and N more".
const LIST_LIMIT: usize = 12;

fn finding(f: Option<Finding>) -> &'static str {
    f.map_or("-", |f| f.names().abbrev)
}

fn status(s: Option<PracticeStatus>) -> &'static str {
    match s {
        Some(s) => match s {
            PracticeStatus::Implemented => "implemented",
            PracticeStatus::NotImplemented => "not implemented",
            PracticeStatus::NotApplicable => "not applicable",
            PracticeStatus::Unanswered => "unanswered",
        },
        None => "absent",
    }
}

fn risk(r: Option<QuestionRisk>) -> &'static str {
    r.map(QuestionRisk::as_str).unwrap_or("-")
}

fn practices(
    out: &mut String,
    label: &str,
    list: &[PracticeChange],
    show: fn(&PracticeChange) -> String,
) {
    if list.is_empty() {
        return;
    }
    out.push_str(&format!("  {label} ({}):\n", list.len()));
    for p in list {
        out.push_str(&format!(
            "    {:<11} {}  {}{}\n",
            p.bp,
            show(p),
            p.title,
            match &p.after_accepted_risk {
                Some(w) => format!(" [accepted risk {w}]"),
                None => String::new(),
            }
        ));
    }
}

/// The comparison as text: the baseline, the headline figures, the practices by category,
/// question risk, readiness, control changes, accepted risks and notes.
pub(crate) fn text(c: &Comparison) -> String {
    let mut out = baseline_line(c);
    figures(&mut out, c);
    practice_lists(&mut out, c);
    question_risk(&mut out, c);
    readiness(&mut out, c);
    controls(&mut out, c);
    accepted_risks_and_notes(&mut out, c);
    out
}

/// What the baseline is.
fn baseline_line(c: &Comparison) -> String {
    let b = &c.baseline;
    format!(
        "Changes since the baseline ({}{}{}; assessed as of {}):\n",
        match b.review_date {
            Some(d) => format!("review of {d}"),
            None => "undated review".to_owned(),
        },
        match &b.milestone {
            Some(m) => format!(", milestone \"{m}\""),
            None => String::new(),
        },
        if b.kind == "assessment" {
            ", from a previous assessment.json"
        } else {
            ""
        },
        b.assessed_as_of
    )
}

/// Headline figures then and now, and the count per category.
fn figures(out: &mut String, c: &Comparison) {
    let (x, y) = (&c.before, &c.after);
    out.push_str(&format!(
        "  HRI {} → {}, MRI {} → {}; questions high {} → {}, medium {} → {}, answered {}/{} → {}/{}; accepted risks in force {} → {}; controls with evidence gaps {} → {}\n",
        x.hri, y.hri, x.mri, y.mri, x.questions_high, y.questions_high, x.questions_medium,
        y.questions_medium, x.questions_answered, x.questions_total, y.questions_answered,
        y.questions_total, x.accepted_risks_in_force, y.accepted_risks_in_force,
        x.evidence_gaps, y.evidence_gaps
    ));
    let k = &c.counts;
    out.push_str(&format!(
        "  resolved {}, regressed {}, new {}, still open {}, no longer applicable {}, no longer answered {}, risk changed {}\n",
        k.resolved, k.regressed, k.new, k.still_open, k.no_longer_applicable, k.no_longer_answered, k.risk_changed
    ));
}

/// The practices of each category.
fn practice_lists(out: &mut String, c: &Comparison) {
    practices(out, "resolved", &c.resolved, |p| {
        format!("{} → implemented", finding(p.before_finding))
    });
    practices(out, "regressed", &c.regressed, |p| {
        format!("{} → {}", status(p.before), finding(p.after_finding))
    });
    practices(out, "new", &c.new, |p| {
        format!("{} → {}", status(p.before), finding(p.after_finding))
    });
    practices(out, "still open", &c.still_open, |p| {
        finding(p.after_finding).to_owned()
    });
    practices(out, "no longer applicable", &c.no_longer_applicable, |p| {
        format!("{} → not applicable", finding(p.before_finding))
    });
    practices(out, "no longer answered", &c.no_longer_answered, |p| {
        format!("{} → {}", finding(p.before_finding), status(p.after))
    });
    practices(out, "risk changed", &c.risk_changed, |p| {
        format!(
            "{} → {}",
            finding(p.before_finding),
            finding(p.after_finding)
        )
    });
}

/// Questions whose risk changed, on one line.
fn question_risk(out: &mut String, c: &Comparison) {
    let q: Vec<String> = c
        .questions
        .iter()
        .filter(|q| q.changed)
        .map(|q| format!("{} {} → {}", q.id, risk(q.before), risk(q.after)))
        .collect();
    if !q.is_empty() {
        out.push_str(&format!("  question risk: {}\n", q.join("; ")));
    }
}

/// Readiness per framework then and now.
fn readiness(out: &mut String, c: &Comparison) {
    for r in &c.readiness {
        let pct = |p: Option<f64>| crate::textfmt::percent_text(p, "n/a");
        out.push_str(&format!(
            "  {:<10} readiness {} ({}/{}) → {} ({}/{}){}\n",
            r.short_name,
            pct(r.before.percent),
            r.before.evidenced,
            r.before.assessed,
            pct(r.after.percent),
            r.after.evidenced,
            r.after.assessed,
            r.delta_points
                .map(|d| format!(", {d:+.1} points"))
                .unwrap_or_default()
        ));
    }
}

/// Controls whose status changed: counts, then the first of each direction.
fn controls(out: &mut String, c: &Comparison) {
    let k = &c.counts;
    out.push_str(&format!(
        "  controls changed: {} better, {} worse, {} other (scope or kind of gap)\n",
        k.controls_better, k.controls_worse, k.controls_other
    ));
    for (dir, label) in [
        (Direction::Worse, "worse"),
        (Direction::Better, "better"),
        (Direction::Other, "other"),
    ] {
        let list: Vec<_> = c.controls.iter().filter(|x| x.direction == dir).collect();
        for x in list.iter().take(LIST_LIMIT) {
            let st = |s: ControlStatus, r: Option<RiskLevel>| match r {
                Some(r) if s == ControlStatus::ArchitecturalRisk => {
                    format!("{} ({r:?})", s.label())
                }
                _ => s.label().to_owned(),
            };
            out.push_str(&format!(
                "    {label:<6} {} {}: {} → {}\n",
                x.framework_name,
                x.control,
                st(x.before, x.before_risk),
                st(x.after, x.after_risk)
            ));
        }
        if list.len() > LIST_LIMIT {
            out.push_str(&format!(
                "    {label:<6} … and {} more (all are in assessment.json and `wafr diff --json`)\n",
                list.len() - LIST_LIMIT
            ));
        }
    }
}

/// Accepted risks whose state changed, and the notes on how the comparison was made.
fn accepted_risks_and_notes(out: &mut String, c: &Comparison) {
    for w in &c.accepted_risks {
        let st = |s: Option<bool>| match s {
            Some(true) => "in force",
            Some(false) => "not in force",
            None => "absent",
        };
        out.push_str(&format!(
            "  accepted risk {} ({}): {} → {}\n",
            w.id,
            w.target,
            st(w.before_in_force),
            st(w.after_in_force)
        ));
    }
    for n in &c.notes {
        out.push_str(&format!("  note: {n}\n"));
    }
}
