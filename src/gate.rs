//! Gates for pipelines: `wafr validate --fail-on high,medium,evidence-gap,unanswered` turns
//! findings into a non-zero exit ([`crate::Error::Gate`], exit code 1). Pure: the verdict is a
//! function of the assessment. Rules in `docs/backlog.md`, "Gating a pipeline".

use serde::Serialize;
use time::Date;

use crate::model::assessment::{Assessment, Finding};
use crate::textfmt::{Named, count};

/// The schema tag of the JSON verdict.
pub const GATE_SCHEMA: &str = "wafr/gate/1";

/// A condition that fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Gate {
    /// Any open HRI (not covered by an accepted risk in force).
    High,
    /// Any open HRI or MRI.
    Medium,
    /// Any control with evidence missing or stale.
    EvidenceGap,
    /// Any question unanswered.
    Unanswered,
}

impl Named for Gate {
    /// Every gate, in the order they are checked and shown.
    const VARIANTS: &'static [Gate] = &[
        Gate::High,
        Gate::Medium,
        Gate::EvidenceGap,
        Gate::Unanswered,
    ];

    /// The `--fail-on` spelling.
    fn name(self) -> &'static str {
        match self {
            Gate::High => "high",
            Gate::Medium => "medium",
            Gate::EvidenceGap => "evidence-gap",
            Gate::Unanswered => "unanswered",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            Gate::High => &["hri"],
            Gate::Medium => &["mri"],
            Gate::EvidenceGap => &["evidence", "evidence_gap"],
            Gate::Unanswered => &[],
        }
    }
}

/// A gate that failed, with the figures that failed it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tripped {
    /// `high`, `medium`, `evidence-gap`, `unanswered`, or `nothing-assessed` (any gate on a
    /// review with no question answered: a gate never passes on nothing).
    pub gate: String,
    /// The figures, in words.
    pub reason: String,
}

/// The counts gates look at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct GateCounts {
    /// HRIs, open or waived.
    pub hri: u32,
    /// MRIs, open or waived.
    pub mri: u32,
    /// HRIs not covered by an accepted risk in force.
    pub hri_open: u32,
    /// MRIs not covered by an accepted risk in force.
    pub mri_open: u32,
    /// Controls with evidence missing (all frameworks assessed).
    pub evidence_missing: u32,
    /// Controls with evidence stale.
    pub evidence_stale: u32,
    /// Questions answered (or not applicable).
    pub questions_answered: u32,
    /// Questions unanswered.
    pub questions_unanswered: u32,
}

/// One framework's readiness, for the verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GateReadiness {
    /// Framework id.
    pub framework: String,
    /// Short name.
    pub short_name: String,
    /// Percent (one decimal), absent when nothing was assessed.
    pub percent: Option<f64>,
    /// Controls evidenced.
    pub evidenced: u32,
    /// Controls assessed (the denominator).
    pub assessed: u32,
    /// The formula with its numbers.
    pub formula: String,
}

/// The verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GateReport {
    /// `wafr/gate/1`.
    pub schema: String,
    /// Workload.
    pub workload: String,
    /// Report date.
    pub generated_on: Date,
    /// True when no gate tripped.
    pub passed: bool,
    /// Gates asked for.
    pub gates: Vec<Gate>,
    /// Gates that tripped.
    pub tripped: Vec<Tripped>,
    /// Figures.
    pub counts: GateCounts,
    /// Readiness per framework.
    pub readiness: Vec<GateReadiness>,
}

/// Checks the gates against an assessment.
pub fn evaluate(a: &Assessment, gates: &[Gate]) -> GateReport {
    let counts = counts(a);
    let mut gates: Vec<Gate> = gates.to_vec();
    gates.sort();
    gates.dedup();
    let mut tripped = Vec::new();
    if !gates.is_empty() && counts.questions_answered == 0 {
        tripped.push(Tripped {
            gate: "nothing-assessed".into(),
            reason: "no question of the review is answered, so no gate can pass".into(),
        });
    }
    tripped.extend(gates.iter().filter_map(|&g| {
        trips(g, &counts, a.summary.questions_total).map(|reason| Tripped {
            gate: g.name().into(),
            reason,
        })
    }));
    GateReport {
        schema: GATE_SCHEMA.into(),
        workload: a.workload.name.clone(),
        generated_on: a.generated_on,
        passed: tripped.is_empty(),
        gates,
        tripped,
        counts,
        readiness: a
            .frameworks
            .iter()
            .map(|f| GateReadiness {
                framework: f.id.clone(),
                short_name: f.short_name.clone(),
                percent: f.readiness.percent,
                evidenced: f.readiness.evidenced,
                assessed: f.readiness.assessed,
                formula: f.readiness.formula.clone(),
            })
            .collect(),
    }
}

/// The figures the gates look at.
fn counts(a: &Assessment) -> GateCounts {
    let open = |f: Finding| {
        a.practices()
            .filter(|p| p.finding == Some(f) && p.accepted_risk.is_none())
            .count() as u32
    };
    GateCounts {
        hri: a.summary.practices.hri,
        mri: a.summary.practices.mri,
        hri_open: open(Finding::Hri),
        mri_open: open(Finding::Mri),
        evidence_missing: a.frameworks.iter().map(|f| f.counts.evidence_missing).sum(),
        evidence_stale: a.frameworks.iter().map(|f| f.counts.evidence_stale).sum(),
        questions_answered: a.summary.questions_answered,
        questions_unanswered: a.summary.questions_unanswered,
    }
}

/// Why a gate trips, in words; `None` when it passes.
fn trips(g: Gate, counts: &GateCounts, questions_total: u32) -> Option<String> {
    let waived = |n: u32| {
        if n > 0 {
            format!(" ({n} more covered by accepted risks)")
        } else {
            String::new()
        }
    };
    let open_hri = || count(counts.hri_open, "open HRI", "open HRIs");
    match g {
        Gate::High if counts.hri_open > 0 => Some(format!(
            "{}{}",
            open_hri(),
            waived(counts.hri - counts.hri_open)
        )),
        Gate::Medium if counts.hri_open + counts.mri_open > 0 => Some(format!(
            "{} and {}{}",
            open_hri(),
            count(counts.mri_open, "open MRI", "open MRIs"),
            waived(counts.hri + counts.mri - counts.hri_open - counts.mri_open)
        )),
        Gate::EvidenceGap if counts.evidence_missing + counts.evidence_stale > 0 => Some(format!(
            "{} with evidence missing, {} stale",
            count(counts.evidence_missing, "control", "controls"),
            counts.evidence_stale
        )),
        Gate::Unanswered if counts.questions_unanswered > 0 => Some(format!(
            "{} of {} unanswered",
            count(counts.questions_unanswered, "question", "questions"),
            questions_total
        )),
        _ => None,
    }
}

/// The one-line verdict for stderr.
pub fn summary_line(r: &GateReport) -> String {
    if r.passed {
        let names: Vec<&str> = r.gates.iter().map(|g| g.name()).collect();
        format!(
            "gates passed ({}): {}, {}; {} controls with evidence missing, {} stale",
            names.join(", "),
            count(r.counts.hri_open, "open HRI", "open HRIs"),
            count(r.counts.mri_open, "open MRI", "open MRIs"),
            r.counts.evidence_missing,
            r.counts.evidence_stale
        )
    } else {
        let parts: Vec<String> = r
            .tripped
            .iter()
            .map(|t| format!("{} ({})", t.gate, t.reason))
            .collect();
        format!("gate failed: {}", parts.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_names() {
        for &g in Gate::VARIANTS {
            assert_eq!(Gate::from_name(g.name()), Some(g));
        }
        assert_eq!(Gate::from_name(" Evidence_Gap "), Some(Gate::EvidenceGap));
        assert_eq!(Gate::from_name("critical"), None);
    }
}
