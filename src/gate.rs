//! Gates for pipelines: `wafr validate --fail-on high,medium,evidence-gap,unanswered` turns
//! findings into a non-zero exit ([`crate::Error::Gate`], exit code 1). Pure: the verdict is a
//! function of the assessment. Rules in `docs/backlog.md`, "Gating a pipeline".

use serde::Serialize;
use time::Date;

use crate::model::assessment::{Assessment, Finding};
use crate::textfmt::{Named, count};

/// The schema tag of the JSON verdict.
pub(crate) const GATE_SCHEMA: &str = "wafr/gate/1";

/// A condition that fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Gate {
    /// Any open HRI (not covered by an accepted risk in force).
    High,
    /// Any open HRI or MRI.
    Medium,
    /// Any control with an evidence gap: evidence missing, unverified, stale, partial, or AWS's
    /// attestation not on file.
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
pub(crate) struct Tripped {
    /// `high`, `medium`, `evidence-gap`, `unanswered`, or `nothing-assessed` (any gate on a
    /// review with no question answered: a gate never passes on nothing).
    pub gate: String,
    /// The figures, in words.
    pub reason: String,
}

/// The counts gates look at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub(crate) struct GateCounts {
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
    /// Controls whose evidence is not confirmed for them.
    pub evidence_unverified: u32,
    /// Controls whose evidence covers part of the audit period or too few samples.
    pub evidence_partial: u32,
    /// Controls operated by AWS without its attestation on file.
    pub attestation_missing: u32,
    /// Every evidence gap: the five above.
    pub evidence_gaps: u32,
    /// Questions answered (or not applicable).
    pub questions_answered: u32,
    /// Questions unanswered.
    pub questions_unanswered: u32,
}

/// One framework's readiness, for the verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct GateReadiness {
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
pub(crate) struct GateReport {
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
pub(crate) fn evaluate(a: &Assessment, gates: &[Gate]) -> GateReport {
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
        evidence_unverified: a
            .frameworks
            .iter()
            .map(|f| f.counts.evidence_unverified)
            .sum(),
        evidence_partial: a.frameworks.iter().map(|f| f.counts.evidence_partial).sum(),
        attestation_missing: a
            .frameworks
            .iter()
            .map(|f| f.counts.attestation_missing)
            .sum(),
        evidence_gaps: a.frameworks.iter().map(|f| f.counts.evidence_gaps()).sum(),
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
        Gate::EvidenceGap if counts.evidence_gaps > 0 => Some(format!(
            "{} with an evidence gap: {}",
            count(counts.evidence_gaps, "control", "controls"),
            gap_kinds(counts)
        )),
        Gate::Unanswered if counts.questions_unanswered > 0 => Some(format!(
            "{} of {} unanswered",
            count(counts.questions_unanswered, "question", "questions"),
            questions_total
        )),
        _ => None,
    }
}

/// The evidence gaps by kind: "5 missing, 8 unverified, 2 stale".
fn gap_kinds(c: &GateCounts) -> String {
    let kinds = [
        (c.evidence_missing, "missing"),
        (c.evidence_unverified, "unverified"),
        (c.evidence_stale, "stale"),
        (c.evidence_partial, "partial"),
        (c.attestation_missing, "AWS attestation missing"),
    ];
    kinds
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, k)| format!("{n} {k}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The one-line verdict for stderr.
pub(crate) fn summary_line(r: &GateReport) -> String {
    if r.passed {
        let names: Vec<&str> = r.gates.iter().map(|g| g.name()).collect();
        format!(
            "gates passed ({}): {}, {}; {} with an evidence gap",
            names.join(", "),
            count(r.counts.hri_open, "open HRI", "open HRIs"),
            count(r.counts.mri_open, "open MRI", "open MRIs"),
            count(r.counts.evidence_gaps, "control", "controls"),
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

    #[test]
    fn every_kind_of_evidence_gap_trips_the_evidence_gate() {
        let base = GateCounts::default();
        assert_eq!(trips(Gate::EvidenceGap, &base, 11), None);
        for (set, words) in [
            ((1, 0, 0, 0, 0), "1 control with an evidence gap: 1 missing"),
            (
                (0, 2, 0, 0, 0),
                "2 controls with an evidence gap: 2 unverified",
            ),
            ((0, 0, 1, 0, 0), "1 control with an evidence gap: 1 stale"),
            (
                (0, 0, 0, 3, 0),
                "3 controls with an evidence gap: 3 partial",
            ),
            (
                (0, 0, 0, 0, 6),
                "6 controls with an evidence gap: 6 AWS attestation missing",
            ),
            (
                (5, 8, 2, 0, 0),
                "15 controls with an evidence gap: 5 missing, 8 unverified, 2 stale",
            ),
        ] {
            let (m, u, st, p, at) = set;
            let c = GateCounts {
                evidence_missing: m,
                evidence_unverified: u,
                evidence_stale: st,
                evidence_partial: p,
                attestation_missing: at,
                evidence_gaps: m + u + st + p + at,
                ..base
            };
            assert_eq!(trips(Gate::EvidenceGap, &c, 11).as_deref(), Some(words));
        }
    }
}
